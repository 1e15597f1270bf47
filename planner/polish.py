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
posters of their own topic, so the organizer's tracks stay together.
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from planner.stage_models import Domains, PlanningProblem
from planner.topics import Topics


class _Counts:
    """Per person, how many of their papers (and presented papers) sit in each session."""

    def __init__(self, problem: PlanningProblem, session_of: dict[str, str]) -> None:
        venue = problem.venue
        self.overlap = {s.id: [t.id for t in venue.sessions if s.overlaps(t)]
                        for s in venue.sessions}
        self.people = problem.index.paper_people
        self.presenter = problem.index.presenter
        self.count: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.presents: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for p, s in session_of.items():
            for key in self.people.get(p, []):
                self.count[key][s] += 1
            if p in self.presenter:
                self.presents[self.presenter[p]][s] += 1

    def _delta(self, key: str, src: str, dst: str) -> int:
        c = self.count[key]
        before = sum(c[t] for t in self.overlap[src]) - 1
        c[src] -= 1
        after = sum(c[t] for t in self.overlap[dst])
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

    def swap_ok(self, p: str, s1: str, q: str, s2: str) -> bool:
        if s1 == s2:
            return True
        if not (self._presenter_ok(p, s1, s2, q) and self._presenter_ok(q, s2, s1, p)):
            return False
        pp, pq = set(self.people.get(p, [])), set(self.people.get(q, []))
        delta = sum(self._delta(k, s1, s2) for k in pp - pq)
        delta += sum(self._delta(k, s2, s1) for k in pq - pp)
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
# regroups rooms: the warm start (planner.warmstart) has already gathered similar
# posters into sessions with clash-aware moves, and swaps across sessions cost
# seconds there for a few thousandths of grouping.
ACROSS_SESSIONS_LIMIT = 1500


def polish(problem: PlanningProblem, domains: Domains, topics: Topics,
           session_of: dict[str, str],
           room_of: dict[str, str], passes: int = 12, seed: int = 0,
           anneal_steps: int | None = None) -> tuple[dict[str, str], dict[str, str]]:
    session_of, room_of = dict(session_of), dict(room_of)
    papers = problem.papers
    if len(papers) < 3:
        return session_of, room_of
    row = topics.row
    vectors = topics.vectors[[row[p] for p in papers]]
    # Under "spread", and whenever the organizer gave the topics, a poster only
    # changes room or session in exchange for one of its own topic: the topics
    # are the organizer's grouping, not ours to redraw.
    given = topics.source != "clusters"
    spread = problem.venue.rules.topic_policy == "spread"
    venue = problem.venue
    caps = {s.id: venue.session_capacity(s.id) for s in venue.sessions}
    total_cap = sum(caps.values()) or 1
    topic_size: dict[int, int] = defaultdict(int)
    per_session: dict[tuple[int, str], int] = defaultdict(int)
    for p in papers:
        topic_size[problem.topic_of[p]] += 1
        per_session[problem.topic_of[p], session_of[p]] += 1

    def within_share(t: int, s: str, count: int) -> bool:
        share = topic_size[t] * caps[s] / total_cap
        return math.floor(share) <= count <= math.ceil(share)

    def spread_ok(ti: int, tj: int, s1: str, s2: str) -> bool:
        """A cross-session swap keeps both topics no further from their shares."""
        if ti == tj:
            return True
        for t, out_of, into in ((ti, s1, s2), (tj, s2, s1)):
            if within_share(t, out_of, per_session[t, out_of]) and not within_share(
                    t, out_of, per_session[t, out_of] - 1):
                return False
            if within_share(t, into, per_session[t, into]) and not within_share(
                    t, into, per_session[t, into] + 1):
                return False
        return True
    allowed = {p: set(domains.allowed[p]) for p in papers}

    across = len(papers) <= ACROSS_SESSIONS_LIMIT

    def movable(p: str) -> str:
        """'any', 'room' (session pinned) or 'none'."""
        pin = problem.pins.get(p)
        if p in problem.previous or (pin is not None and pin.room):
            return "none"
        return "room" if pin is not None or not across else "any"

    mobility = [movable(p) for p in papers]
    keys = sorted({(session_of[p], room_of[p]) for p in papers})
    cell_index = {k: i for i, k in enumerate(keys)}
    cell = np.array([cell_index[session_of[p], room_of[p]] for p in papers])
    sums = np.vstack([vectors[cell == c].sum(axis=0) for c in range(len(keys))])
    counts = _Counts(problem, session_of)
    topic = np.array([problem.topic_of[p] for p in papers])

    ruled = problem.places is not None and problem.places.active

    def rooms_ok(i: int, j: int, a: int, b: int) -> bool:
        """Each poster may use the other's room (placement rules)."""
        (s1, r1), (s2, r2) = keys[a], keys[b]
        return r2 in problem.rooms_for(papers[i], s2) and r1 in problem.rooms_for(papers[j], s1)

    def feasible(i: int, j: int, s1: str, s2: str) -> bool:
        if mobility[i] == "none" or mobility[j] == "none":
            return False
        if ruled and not rooms_ok(i, j, int(cell[i]), int(cell[j])):
            return False
        if s1 != s2:
            if mobility[i] != "any" or mobility[j] != "any":
                return False
            if s2 not in allowed[papers[i]] or s1 not in allowed[papers[j]]:
                return False
            if given and topic[i] != topic[j]:
                return False
            if spread and not spread_ok(int(topic[i]), int(topic[j]), s1, s2):
                return False
        elif given and topic[i] != topic[j]:
            return False
        return counts.swap_ok(papers[i], s1, papers[j], s2)

    def swap(i: int, j: int, delta: np.ndarray) -> None:
        a, b = int(cell[i]), int(cell[j])
        counts.apply(papers[i], keys[a][0], papers[j], keys[b][0])
        if keys[a][0] != keys[b][0]:
            for k, src, dst in ((i, keys[a][0], keys[b][0]), (j, keys[b][0], keys[a][0])):
                per_session[int(topic[k]), src] -= 1
                per_session[int(topic[k]), dst] += 1
        sums[a] -= delta
        sums[b] += delta
        cell[i], cell[j] = b, a

    # Simulated annealing first (small and mid-size venues): greedy swaps stall
    # where shared authors pin similar papers apart; accepting a few worse swaps
    # early lets the search walk around them.  Seeded, so runs are reproducible.
    steps = anneal_steps if anneal_steps is not None else (
        min(300 * len(papers), 60_000) if len(papers) <= 1500 else 0)
    if steps:
        rng = np.random.default_rng(seed)
        candidates = [i for i in range(len(papers)) if mobility[i] != "none"]
        if len(candidates) >= 2:
            picks = rng.choice(candidates, size=(steps, 2))
            coins = rng.random(steps)
            scale = float(np.mean([np.linalg.norm(s) for s in sums])) or 1.0
            for step in range(steps):
                i, j = int(picks[step, 0]), int(picks[step, 1])
                a, b = int(cell[i]), int(cell[j])
                if a == b:
                    continue
                delta = vectors[i] - vectors[j]
                gain = 2.0 * float(delta @ (sums[b] - sums[a])) + 2.0 * float(delta @ delta)
                temperature = 0.5 * scale * (1.0 - step / steps)
                if gain <= 0 and (temperature <= 0 or coins[step] >= np.exp(gain / temperature)):
                    continue
                if feasible(i, j, keys[a][0], keys[b][0]):
                    swap(i, j, delta)

    # Greedy passes: each poster tries the few cells it is most drawn to.
    targets = 3 if len(keys) > 4 else len(keys)
    rounds = passes if len(papers) <= 1500 else min(passes, 4)
    for _ in range(rounds):
        improved = 0
        for i in range(len(papers)):
            if mobility[i] == "none":
                continue
            a = int(cell[i])
            s1 = keys[a][0]
            pull = (sums - sums[a]) @ vectors[i]
            pull[a] = -np.inf
            for b in np.argsort(-pull, kind="stable")[:targets]:
                b = int(b)
                s2 = keys[b][0]
                if s1 != s2 and (mobility[i] != "any" or s2 not in allowed[papers[i]]):
                    continue
                members = np.flatnonzero(cell == b)
                if len(members) == 0:
                    continue
                diff = vectors[i][None, :] - vectors[members]
                norm = (diff * diff).sum(axis=1)
                gain = 2.0 * (diff @ (sums[b] - sums[a])) + 2.0 * norm
                for k in np.argsort(-gain, kind="stable")[:24]:
                    if gain[k] <= 1e-9:
                        break
                    j = int(members[k])
                    if feasible(i, j, s1, s2):
                        swap(i, j, diff[k])
                        improved += 1
                        break
                if cell[i] != a:
                    break
        if not improved:
            break
    for i, p in enumerate(papers):
        session_of[p], room_of[p] = keys[int(cell[i])]
    return session_of, room_of
