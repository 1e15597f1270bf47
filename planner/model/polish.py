"""Polish: swap posters between rooms so that each room holds similar posters.

The CP-SAT stages group posters by topic *label*; which topics end up sharing
a room is free for them, and so is how close two topics are.  This local
search closes that gap on the real goal, the similarity of posters that share
a session and room: it maximises ``Σ_cells ‖Σ_{p∈cell} v_p‖²`` (the sum of
pairwise cosine similarities within cells, on the planner's own features) by
swapping two posters at a time.

A swap never breaks what ranks higher: loads and capacities are unchanged by
construction; pinned posters and (on a rerun) posters of the previous plan do
not move; a poster only goes to a session its authors can attend; shared-author
clashes never rise and presenters never clash.  Under the ``spread`` policy a
swap across sessions never takes a topic out of its fair share of a session,
so the spread stays even; where the organizer gave the topics, posters only swap with
posters of their own topic, so the organizer's tracks stay together; no swap
brings more talk papers' posters before their talk (constraints.talk_first);
a last pass (``rejoin``) brings each pair of posters that share an author and
a session but stand in two rooms into one room (constraints.together).  The
search itself trades without looking at those pairs: pricing them in every
swap steered it elsewhere and cost the MLSys example its session grouping
(1.22x to 1.18x over four seeds; 1.23x with the pass).
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from planner.model.partners import partners_of
from planner.model.stage_models import Domains, PlanningProblem
from planner.topics.build import Topics


class _Counts:
    """Per person, how many of their papers (and presented papers) sit in each session."""

    def __init__(self, problem: PlanningProblem, session_of: dict[str, str]) -> None:
        venue = problem.venue
        self.overlap = {
            s.id: [t.id for t in venue.sessions if s.overlaps(t)] for s in venue.sessions
        }
        # Sessions that overlap no other (clean time slots, the usual case): their
        # clash change needs no sums, and _delta runs for every author of every
        # swap the polish tries (most of its time on the synthetic 1,000 list).
        self.own_slot = {s: o == [s] for s, o in self.overlap.items()}
        self.people = problem.index.paper_people
        self.presenter = problem.index.presenter
        self.starts = {s.id: s.start for s in venue.sessions}
        self.site = {s.id: s.site for s in venue.sessions}  # constraints.sites
        self.halves = venue.rules.halves is not None  # clashes per half (planner.read.halves)
        self.talk_end = {p: end for p, (_, end) in problem.talk_times.items()}
        self.count: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.presents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for p, s in session_of.items():
            for key in self.people.get(p, []):
                self.count[key][s] += 1
            if p in self.presenter:
                self.presents[self.presenter[p]][s] += 1

    def _delta(self, key: str, src: str, dst: str, halves: bool = False) -> int:
        """The change in ``key``'s clashes if one of their posters moves from src to dst.

        ``halves``: counted per half, companions in its own session meeting it
        ⌊c/2⌋ times (planner.read.halves).
        """
        c = self.count[key]
        if self.own_slot[src] and self.own_slot[dst]:  # src != dst: swap_ok returns before
            left, there = c[src] - 1, c[dst]
            if halves:
                return there // 2 - left // 2
            return there - left
        before = sum(c[t] for t in self.overlap[src]) - 1
        c[src] -= 1
        after = sum(c[t] for t in self.overlap[dst])
        if halves:
            before -= c[src] - c[src] // 2
            after -= c[dst] - c[dst] // 2
        c[src] += 1
        return after - before

    def _presenter_ok(self, paper: str, src: str, dst: str, other: str) -> bool:
        key = self.presenter.get(paper)
        if key is None:
            return True
        c = self.presents[key]
        busy = sum(c[t] for t in self.overlap[dst]) - (c[src] if src in self.overlap[dst] else 0)
        if self.presenter.get(other) == key:
            busy -= 1  # the other poster leaves dst for src
        return busy <= 0

    def _alone(self, paper: str) -> bool:
        """Whether the paper's presenter (if any) presents no other poster: free to change site."""
        key = self.presenter.get(paper)
        return key is None or sum(self.presents[key].values()) <= 1

    def _early(self, paper: str, session: str) -> int:
        """1 when the paper's poster would start before its talk ends (constraints.talk_first)."""
        end = self.talk_end.get(paper)
        return int(end is not None and self.starts[session] < end)

    def swap_ok(self, p: str, s1: str, q: str, s2: str) -> bool:
        if s1 == s2:
            return True
        if self.site[s1] != self.site[s2] and not (self._alone(p) and self._alone(q)):
            return False  # a presenter is at one site (constraints.sites): theirs stay there
        if not (self._presenter_ok(p, s1, s2, q) and self._presenter_ok(q, s2, s1, p)):
            return False
        if self.talk_end and self._early(p, s2) + self._early(q, s1) > self._early(
            p, s1
        ) + self._early(q, s2):
            return False  # a poster brought before its talk: ranked above the topics
        pp, pq = set(self.people.get(p, [])), set(self.people.get(q, []))
        delta = sum(self._delta(k, s1, s2) for k in pp - pq)
        delta += sum(self._delta(k, s2, s1) for k in pq - pp)
        if delta <= 0 and self.halves:
            # With halves the clashes are counted per half: those must not rise
            # either (a swap even on the whole-session count can raise them).
            delta = sum(self._delta(k, s1, s2, True) for k in pp - pq)
            delta += sum(self._delta(k, s2, s1, True) for k in pq - pp)
        return delta <= 0

    def apply(self, p: str, s1: str, q: str, s2: str) -> None:
        if s1 == s2:
            return
        for paper, src, dst in ((p, s1, s2), (q, s2, s1)):
            for key in self.people.get(paper, []):
                self.count[key][src] -= 1
                self.count[key][dst] += 1
            if paper in self.presenter:
                self.presents[self.presenter[paper]][src] -= 1
                self.presents[self.presenter[paper]][dst] += 1


# Above this many posters the polish keeps every poster in its session and only
# regroups rooms: the warm start (planner.model.warmstart) has already gathered similar
# posters into sessions with clash-aware moves, and swaps across sessions cost
# seconds there for a few thousandths of grouping.
ACROSS_SESSIONS_LIMIT = 1500
# Simulated annealing runs up to this many posters, for this many swaps tried
# per poster and at most this many in all: enough to walk around the places
# where shared authors keep similar posters apart, at a second or two.
ANNEAL_LIMIT = 1500
ANNEAL_STEPS_PER_POSTER = 300
ANNEAL_MAX_STEPS = 60_000
# The starting temperature, as a share of a cell's mean feature-sum length:
# high enough that early swaps a few poster-similarities worse are taken.
ANNEAL_TEMPERATURE = 0.5
# Greedy passes: each poster tries the cells it is most drawn to, and in each
# the partners it would gain most with; larger venues get fewer passes.
GREEDY_PASSES = 12
GREEDY_PASSES_AT_SCALE = 4
GREEDY_TARGET_CELLS = 3
GREEDY_PARTNERS = 24


def polish(
    problem: PlanningProblem,
    domains: Domains,
    topics: Topics,
    session_of: dict[str, str],
    room_of: dict[str, str],
    passes: int = GREEDY_PASSES,
    seed: int = 0,
    anneal_steps: int | None = None,
) -> tuple[dict[str, str], dict[str, str]]:
    """Swaps posters between cells so that each holds similar posters (see above)."""
    if len(problem.papers) < 3:
        return dict(session_of), dict(room_of)
    state = _Polish(problem, domains, topics, session_of, room_of)
    steps = (
        anneal_steps
        if anneal_steps is not None
        else (
            min(ANNEAL_STEPS_PER_POSTER * len(problem.papers), ANNEAL_MAX_STEPS)
            if len(problem.papers) <= ANNEAL_LIMIT
            else 0
        )
    )
    if steps:
        state.anneal(steps, seed)
    state.greedy(
        passes if len(problem.papers) <= ANNEAL_LIMIT else min(passes, GREEDY_PASSES_AT_SCALE)
    )
    state.rejoin()
    return state.result()


class _Polish:
    """The cells, their feature sums and every rule a swap must keep."""

    def __init__(
        self,
        problem: PlanningProblem,
        domains: Domains,
        topics: Topics,
        session_of: dict[str, str],
        room_of: dict[str, str],
    ) -> None:
        self.problem = problem
        papers = self.papers = problem.papers
        row = topics.row
        self.vectors = topics.vectors[[row[p] for p in papers]]
        # Under "spread", and whenever the organizer gave the topics, a poster only
        # changes room or session in exchange for one of its own topic: the topics
        # are the organizer's grouping, not ours to redraw.
        self.given = topics.source != "clusters"
        self.spread = problem.venue.rules.topic_policy == "spread"
        venue = problem.venue
        self.caps = {s.id: venue.session_capacity(s.id) for s in venue.sessions}
        self.total_cap = sum(self.caps.values()) or 1
        self.topic_size: dict[int, int] = defaultdict(int)
        self.per_session: dict[tuple[int, str], int] = defaultdict(int)
        for p in papers:
            self.topic_size[problem.topic_of[p]] += 1
            self.per_session[problem.topic_of[p], session_of[p]] += 1
        self.allowed = {p: set(domains.allowed[p]) for p in papers}
        across = len(papers) <= ACROSS_SESSIONS_LIMIT
        self.mobility = [self._movable(p, across) for p in papers]
        self.keys = sorted({(session_of[p], room_of[p]) for p in papers})
        cell_index = {k: i for i, k in enumerate(self.keys)}
        self.cell = np.array([cell_index[session_of[p], room_of[p]] for p in papers])
        self.sums = np.vstack(
            [self.vectors[self.cell == c].sum(axis=0) for c in range(len(self.keys))]
        )
        self.counts = _Counts(problem, session_of)
        self.topic = np.array([problem.topic_of[p] for p in papers])
        self.ruled = problem.places is not None and problem.places.active
        # Rows of the posters sharing an author with each poster (constraints.together).
        position = {p: i for i, p in enumerate(papers)}
        partners = partners_of(papers, problem.index.paper_people)
        self.partners = [[position[q] for q in partners.get(p, ())] for p in papers]
        self.cell_session = [k[0] for k in self.keys]

    def _movable(self, p: str, across: bool) -> str:
        """'any', 'room' (session pinned, or sessions left as they are) or 'none'."""
        pin = self.problem.pins.get(p)
        if p in self.problem.previous or (pin is not None and pin.room):
            return "none"
        return "room" if pin is not None or not across else "any"

    def _within_share(self, t: int, s: str, count: int) -> bool:
        share = self.topic_size[t] * self.caps[s] / self.total_cap
        return math.floor(share) <= count <= math.ceil(share)

    def _spread_ok(self, ti: int, tj: int, s1: str, s2: str) -> bool:
        """A cross-session swap keeps both topics no further from their shares."""
        if ti == tj:
            return True
        per = self.per_session
        for t, out_of, into in ((ti, s1, s2), (tj, s2, s1)):
            if self._within_share(t, out_of, per[t, out_of]) and not self._within_share(
                t, out_of, per[t, out_of] - 1
            ):
                return False
            if self._within_share(t, into, per[t, into]) and not self._within_share(
                t, into, per[t, into] + 1
            ):
                return False
        return True

    def _rooms_ok(self, i: int, j: int) -> bool:
        """Each poster may use the other's room (placement rules)."""
        (s1, r1), (s2, r2) = self.keys[int(self.cell[i])], self.keys[int(self.cell[j])]
        rooms_for = self.problem.rooms_for
        return r2 in rooms_for(self.papers[i], s2) and r1 in rooms_for(self.papers[j], s1)

    def _apart(self, c: int, d: int) -> bool:
        """Two cells of one session in different rooms."""
        return c != d and self.cell_session[c] == self.cell_session[d]

    def _apart_change(self, i: int, j: int) -> int:
        """How many more shared-author pairs of one session stand in different rooms after
        swapping ``i`` and ``j``."""
        cell, apart = self.cell, self._apart
        delta = 0
        for k, own, new in ((i, int(cell[i]), int(cell[j])), (j, int(cell[j]), int(cell[i]))):
            for m in self.partners[k]:
                if m not in (i, j):  # the pair (i, j) itself just trades cells
                    c = int(cell[m])
                    delta += apart(new, c) - apart(own, c)
        return delta

    def rejoin(self) -> None:
        """Each pair of posters sharing an author that the search left in two rooms of one
        session is brought into one room (constraints.together): one of them trades places
        with a poster of the other's room, the trade that keeps the rooms most alike among
        those that join more pairs than they part.  Topics may mix for it, as the room
        stage prices a pair above two topic fragments."""
        cell, sums, vectors = self.cell, self.sums, self.vectors
        for i in range(len(self.papers)):
            for m in self.partners[i]:
                a, b = int(cell[i]), int(cell[m])
                if not self._apart(a, b):
                    continue
                best: tuple[float, int, int] | None = None
                for mover, into in ((i, b), (m, a)):
                    src = int(cell[mover])
                    for j in np.flatnonzero(cell == into).tolist():
                        if not self._can_trade(mover, j) or self._apart_change(mover, j) >= 0:
                            continue
                        delta = vectors[mover] - vectors[j]
                        gain = 2.0 * float(delta @ (sums[into] - sums[src])) + 2.0 * float(
                            delta @ delta
                        )
                        if best is None or gain > best[0]:
                            best = (gain, mover, j)
                if best is not None:
                    _, mover, j = best
                    self.swap(mover, j, vectors[mover] - vectors[j])

    def _can_trade(self, i: int, j: int) -> bool:
        """A room trade within one session that pins and ``[[place]]`` rules allow."""
        if self.mobility[i] == "none" or self.mobility[j] == "none":
            return False
        return not self.ruled or self._rooms_ok(i, j)

    def feasible(self, i: int, j: int, s1: str, s2: str) -> bool:
        mobility, topic = self.mobility, self.topic
        if mobility[i] == "none" or mobility[j] == "none":
            return False
        if self.ruled and not self._rooms_ok(i, j):
            return False
        if s1 != s2:
            if mobility[i] != "any" or mobility[j] != "any":
                return False
            if s2 not in self.allowed[self.papers[i]] or s1 not in self.allowed[self.papers[j]]:
                return False
            if self.given and topic[i] != topic[j]:
                return False
            if self.spread and not self._spread_ok(int(topic[i]), int(topic[j]), s1, s2):
                return False
        elif self.given and topic[i] != topic[j]:
            return False
        return self.counts.swap_ok(self.papers[i], s1, self.papers[j], s2)

    def swap(self, i: int, j: int, delta: np.ndarray) -> None:
        keys, cell = self.keys, self.cell
        a, b = int(cell[i]), int(cell[j])
        self.counts.apply(self.papers[i], keys[a][0], self.papers[j], keys[b][0])
        if keys[a][0] != keys[b][0]:
            for k, src, dst in ((i, keys[a][0], keys[b][0]), (j, keys[b][0], keys[a][0])):
                self.per_session[int(self.topic[k]), src] -= 1
                self.per_session[int(self.topic[k]), dst] += 1
        self.sums[a] -= delta
        self.sums[b] += delta
        cell[i], cell[j] = b, a

    def anneal(self, steps: int, seed: int) -> None:
        """Simulated annealing: greedy swaps stall where shared authors keep similar
        posters apart; accepting a few worse swaps early walks around them.
        Seeded, so runs are reproducible."""
        rng = np.random.default_rng(seed)
        candidates = [i for i in range(len(self.papers)) if self.mobility[i] != "none"]
        if len(candidates) < 2:
            return
        picks = rng.choice(candidates, size=(steps, 2))
        coins = rng.random(steps)
        sums, cell, vectors, keys = self.sums, self.cell, self.vectors, self.keys
        scale = float(np.mean([np.linalg.norm(s) for s in sums])) or 1.0
        for step in range(steps):
            i, j = int(picks[step, 0]), int(picks[step, 1])
            a, b = int(cell[i]), int(cell[j])
            if a == b:
                continue
            delta = vectors[i] - vectors[j]
            gain = 2.0 * float(delta @ (sums[b] - sums[a])) + 2.0 * float(delta @ delta)
            temperature = ANNEAL_TEMPERATURE * scale * (1.0 - step / steps)
            if gain <= 0 and (temperature <= 0 or coins[step] >= np.exp(gain / temperature)):
                continue
            if self.feasible(i, j, keys[a][0], keys[b][0]):
                self.swap(i, j, delta)

    def greedy(self, rounds: int) -> None:
        """Each poster tries the few cells it is most drawn to, until no swap gains."""
        keys = self.keys
        targets = GREEDY_TARGET_CELLS if len(keys) > GREEDY_TARGET_CELLS + 1 else len(keys)
        for _ in range(rounds):
            improved = 0
            for i in range(len(self.papers)):
                if self.mobility[i] != "none" and self._improve(i, targets):
                    improved += 1
            if not improved:
                break

    def _improve(self, i: int, targets: int) -> bool:
        sums, cell, vectors, keys = self.sums, self.cell, self.vectors, self.keys
        a = int(cell[i])
        s1 = keys[a][0]
        pull = (sums - sums[a]) @ vectors[i]
        pull[a] = -np.inf
        for b in np.argsort(-pull, kind="stable")[:targets]:
            b = int(b)
            s2 = keys[b][0]
            if s1 != s2 and (self.mobility[i] != "any" or s2 not in self.allowed[self.papers[i]]):
                continue
            members = np.flatnonzero(cell == b)
            if len(members) == 0:
                continue
            diff = vectors[i][None, :] - vectors[members]
            norm = (diff * diff).sum(axis=1)
            gain = 2.0 * (diff @ (sums[b] - sums[a])) + 2.0 * norm
            for k in np.argsort(-gain, kind="stable")[:GREEDY_PARTNERS]:
                if gain[k] <= 1e-9:
                    break
                j = int(members[k])
                if self.feasible(i, j, s1, s2):
                    self.swap(i, j, diff[k])
                    return True
        return False

    def result(self) -> tuple[dict[str, str], dict[str, str]]:
        session_of, room_of = {}, {}
        for i, p in enumerate(self.papers):
            session_of[p], room_of[p] = self.keys[int(self.cell[i])]
        return session_of, room_of
