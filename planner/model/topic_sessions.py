"""Topic blocks across sessions: which organizer topics share a session, decided by text.

The warm start (planner.model.warmstart) lays topics into sessions in bands of
alike topics, but the clash rules then move many of them, and the session
stage keeps each organizer topic in few sessions without asking which
topics meet.  Here two blocks (the posters of one topic in one room of one
session) of the same size and different topics trade places across two
sessions when that raises what grouping measures, ``Σ_sessions ‖Σ v‖² +
Σ_rooms ‖Σ v‖²`` on the planner's features, and breaks nothing ranked above:

- no clash can appear: no author or presenter of a moving poster has another
  poster (outside the two blocks) in a session overlapping the one it goes to;
- each poster may take the new session (availability, pins, talks: the
  session domains) and room (``[[place]]``); posters pinned to a room, with a
  talk, or kept from the previous plan do not move;
- loads stay as they were (blocks of one size trade rooms), at one site;
- no topic is in more sessions or rooms than before.

The best trade first stops where no single trade helps, and the plans
without a new clash are poorly connected by single trades.  So a seeded
simulated annealing follows: blocks of one size trade across sessions or
rooms, a trade may give someone a clash they did not have (priced like a
worse likeness, at the start temperature), and the best plan in which
everyone is back to their count wins (docs/modelling.md, organizer topics).
Every other check above holds on every trade.

Deterministic for a seed.  The session plan is changed in place
(``session_of`` and ``room_of``).
"""

from __future__ import annotations

import math
from collections import defaultdict

import numpy as np

from planner.model.stage_models import Domains, PlanningProblem
from planner.topics.build import Topics, refined_by_text

# Above this many blocks the trades are left out (their count grows as the
# square); lists that large come with areas, split by text already.
MAX_BLOCKS = 300
MAX_ROUNDS = 40
# The annealing's trades: this many per movable block, at most ANNEAL_STEPS.
ANNEAL_PER_BLOCK = 200
ANNEAL_STEPS = 20_000
Cell = tuple[str, str]  # (session, room)
Block = tuple[int, str, str]  # (topic, session, room)


def regroup_sessions(
    problem: PlanningProblem,
    domains: Domains,
    topics: Topics,
    session_of: dict[str, str],
    room_of: dict[str, str],
    seed: int = 0,
) -> None:
    """Alike organizer topics brought into one session by block trades (see above)."""
    if not refined_by_text(topics) or problem.venue.rules.topic_policy != "group":
        return
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    _Across(problem, domains, vectors, session_of, room_of).search(seed)


class _Across:
    def __init__(
        self,
        problem: PlanningProblem,
        domains: Domains,
        vectors: np.ndarray,
        session_of: dict[str, str],
        room_of: dict[str, str],
    ) -> None:
        self.problem, self.domains = problem, domains
        self.session_of, self.room_of = session_of, room_of
        self.row = {p: i for i, p in enumerate(problem.papers)}
        self.vectors = vectors
        venue = problem.venue
        self.overlap = {
            s.id: {t.id for t in venue.sessions if s.overlaps(t)} for s in venue.sessions
        }
        self.site = {s.id: getattr(s, "site", None) for s in venue.sessions}
        self.people: dict[str, set[str]] = {}
        self.papers_of: dict[str, list[str]] = defaultdict(list)
        for p in problem.papers:
            keys = set(problem.index.paper_people.get(p, ()))
            if p in problem.index.presenter:
                keys.add(problem.index.presenter[p])
            self.people[p] = keys
            for k in keys:
                self.papers_of[k].append(p)
        self.presents: dict[str, list[str]] = defaultdict(list)
        for p in problem.papers:
            if p in problem.index.presenter:
                self.presents[problem.index.presenter[p]].append(p)
        self._rebuild()

    def _rebuild(self) -> None:
        blocks: dict[Block, list[str]] = defaultdict(list)
        for p in self.problem.papers:
            blocks[self.problem.topic_of[p], self.session_of[p], self.room_of[p]].append(p)
        self.blocks = dict(sorted(blocks.items()))
        self.sums = {
            k: self.vectors[[self.row[p] for p in ps]].sum(axis=0) for k, ps in self.blocks.items()
        }
        self.session_sum: dict[str, np.ndarray] = defaultdict(
            lambda: np.zeros(self.vectors.shape[1])
        )
        self.cell_sum: dict[Cell, np.ndarray] = defaultdict(lambda: np.zeros(self.vectors.shape[1]))
        for (_, s, r), total in self.sums.items():
            self.session_sum[s] = self.session_sum[s] + total
            self.cell_sum[s, r] = self.cell_sum[s, r] + total

    def _movable(self, block: Block) -> bool:
        problem = self.problem
        for p in self.blocks[block]:
            pin = problem.pins.get(p)
            if (pin is not None and pin.room) or p in problem.previous or p in problem.talk_times:
                return False
        return True

    def _may_take(self, block: Block, to: Cell) -> bool:
        """The posters of ``block`` may use cell ``to`` (availability, pins, talks, rooms)."""
        session, room = to
        return all(
            session in self.domains.allowed.get(p, ())
            and room in self.problem.rooms_for(p, session)
            for p in self.blocks[block]
        )

    def _may_go(self, block: Block, to: Cell, other: Block) -> bool:
        """The posters of ``block`` may take cell ``to``; no clash appears there."""
        if not self._may_take(block, to):
            return False
        moving = set(self.blocks[block]) | set(self.blocks[other])
        near = self.overlap[to[0]]
        return not any(
            q not in moving and self.session_of[q] in near
            for p in self.blocks[block]
            for k in self.people[p]
            for q in self.papers_of[k]
        )

    def _fragments(self, f: Block, g: Block) -> int:
        """The change in (topic, session) pairs if f and g trade places."""
        change = 0
        for (t, src, _), (_, dst, _) in ((f, g), (g, f)):
            here = sum(1 for k in self.blocks if k[0] == t and k[1] == src and k != f and k != g)
            there = sum(1 for k in self.blocks if k[0] == t and k[1] == dst and k != f and k != g)
            change += int(there == 0) - int(here == 0)
        return change

    def _gain(self, f: Block, g: Block) -> float:
        d = self.sums[g] - self.sums[f]  # what session/cell of f gains; g's loses it
        pairs = [(self.cell_sum[f[1], f[2]], self.cell_sum[g[1], g[2]])]
        if f[1] != g[1]:  # a trade between two rooms of one session leaves the session as it is
            pairs.append((self.session_sum[f[1]], self.session_sum[g[1]]))
        return sum(2.0 * float(d @ (a - b)) + 2.0 * float(d @ d) for a, b in pairs)

    def _candidates(self) -> list[tuple[float, Block, Block]]:
        by_size: dict[int, list[Block]] = defaultdict(list)
        for k, ps in self.blocks.items():
            if self._movable(k):
                by_size[len(ps)].append(k)
        found = []
        for group in by_size.values():
            for i, f in enumerate(group):
                for g in group[i + 1 :]:
                    if f[0] == g[0] or f[1] == g[1] or self.site[f[1]] != self.site[g[1]]:
                        continue
                    gain = self._gain(f, g)
                    if gain > 1e-9:
                        found.append((gain, f, g))
        found.sort(key=lambda x: (-x[0], x[1], x[2]))
        return found

    def search(self, seed: int) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            return
        self._climb()
        if self._anneal(np.random.default_rng(seed)):
            self._climb()

    def _climb(self) -> None:
        for _ in range(MAX_ROUNDS):
            if not self._best_trade():
                return

    def _anneal(self, rng: np.random.Generator) -> bool:
        """Random trades of same-size blocks, across sessions or rooms, by simulated annealing.

        The best trade first stops where no single trade helps, and between
        plans without a new clash the trades connect poorly: on a 136-poster
        list with 17 organizer topics (benchmarks/organizer_topics.py) no
        single trade helped.  Here a trade may pass through clashes a person
        did not have, priced like a worse likeness, and only plans where
        everyone is back to their count (and no presenter is due at two
        posters) are kept; the best of those wins.  Availability, pins,
        talks, ``[[place]]`` rooms and sites hold throughout.  Returns whether
        it changed the plan.
        """
        keys = sorted(k for k in self.blocks if self._movable(k))
        if len(keys) < 2:
            return False
        start = (dict(self.session_of), dict(self.room_of))
        heat = self._temperature(rng, keys)
        steps = min(ANNEAL_STEPS, ANNEAL_PER_BLOCK * len(keys))
        # Clash pairs per person (as an author, and as a presenter) against the
        # start's: a plan is kept only with none above it.
        base = {key: self._pairs(key, {}) for key in self._people_keys()}
        count = dict(base)
        excess = 0
        score = best = 0.0
        kept = None
        for step in range(steps if heat > 0 else 0):
            f, g = (keys[int(i)] for i in rng.integers(len(keys), size=2))
            if not self._tradable(f, g) or self._fragments(f, g) > 0:
                continue
            if not (self._may_take(f, (g[1], g[2])) and self._may_take(g, (f[1], f[2]))):
                continue
            if f[1] == g[1] and not self._allowed(f, g):
                continue  # posters sharing an author in one room stay together
            gain = self._gain(f, g)
            after = self._recount(f, g)
            more = sum(max(0, n - base[k]) - max(0, count[k] - base[k]) for k, n in after.items())
            change = gain - heat * more
            cool = heat * (1.0 - step / steps) + 1e-12
            if change < 0 and rng.random() >= math.exp(change / cool):
                continue
            made = self._trade(f, g)
            keys = sorted(
                {k for k in keys if k not in (f, g)} | {k for k in made if self._movable(k)}
            )
            count.update(after)
            excess += more
            score += gain
            if excess == 0 and score > best + 1e-9:
                best, kept = score, (dict(self.session_of), dict(self.room_of))
        self._restore(kept or start)
        return kept is not None

    def _people_keys(self) -> list[tuple[str, str]]:
        """Each person as an author and each presenter as one: whose clashes are counted."""
        return [("author", k) for k in self.papers_of] + [("presenter", k) for k in self.presents]

    def _pairs(self, key: tuple[str, str], moved: dict[str, str]) -> int:
        """A person's posters at overlapping times, as pairs, with ``moved`` posters moved."""
        kind, person = key
        papers = self.presents[person] if kind == "presenter" else self.papers_of[person]
        sessions = [moved.get(p, self.session_of[p]) for p in papers]
        return sum(
            1 for i, a in enumerate(sessions) for b in sessions[i + 1 :] if b in self.overlap[a]
        )

    def _recount(self, f: Block, g: Block) -> dict[tuple[str, str], int]:
        """The clash pairs of everyone on f's and g's posters were they to trade."""
        if f[1] == g[1]:
            return {}  # one session: nobody's times change
        moved = dict.fromkeys(self.blocks[f], g[1]) | dict.fromkeys(self.blocks[g], f[1])
        people = sorted({k for p in moved for k in self.people[p]})
        keys = [("author", k) for k in people] + [
            ("presenter", k) for k in people if k in self.presents
        ]
        return {key: self._pairs(key, moved) for key in keys}

    def _temperature(self, rng: np.random.Generator, keys: list[Block]) -> float:
        """The mean size of a trade's change, from a sample: where the cooling starts."""
        sizes = []
        for _ in range(200):
            f, g = (keys[int(i)] for i in rng.integers(len(keys), size=2))
            if self._tradable(f, g):
                sizes.append(abs(self._gain(f, g)))
        return float(np.mean(sizes)) if sizes else 0.0

    def _restore(self, where: tuple[dict[str, str], dict[str, str]]) -> None:
        self.session_of.update(where[0])
        self.room_of.update(where[1])
        self._rebuild()

    def _tradable(self, f: Block, g: Block) -> bool:
        """Blocks of one size (loads stay), different topics and cells, at one site."""
        return (
            f[0] != g[0]
            and (f[1], f[2]) != (g[1], g[2])
            and len(self.blocks[f]) == len(self.blocks[g])
            and self.site[f[1]] == self.site[g[1]]
        )

    def _allowed(self, f: Block, g: Block) -> bool:
        return (
            self._fragments(f, g) <= 0
            and self._may_go(f, (g[1], g[2]), g)
            and self._may_go(g, (f[1], f[2]), f)
        )

    def _trade(self, f: Block, g: Block) -> list[Block]:
        """f and g change places; the sums follow (a block joining its topic's merges).

        Returns the two blocks they now are."""
        d = self.sums[g] - self.sums[f]
        if f[1] != g[1]:
            self.session_sum[f[1]] = self.session_sum[f[1]] + d
            self.session_sum[g[1]] = self.session_sum[g[1]] - d
        self.cell_sum[f[1], f[2]] = self.cell_sum[f[1], f[2]] + d
        self.cell_sum[g[1], g[2]] = self.cell_sum[g[1], g[2]] - d
        moved = {(f[0], g[1], g[2]): self.blocks.pop(f), (g[0], f[1], f[2]): self.blocks.pop(g)}
        total = {(f[0], g[1], g[2]): self.sums.pop(f), (g[0], f[1], f[2]): self.sums.pop(g)}
        for key, papers in moved.items():
            for p in papers:
                self.session_of[p], self.room_of[p] = key[1], key[2]
            self.blocks[key] = self.blocks.get(key, []) + papers
            self.sums[key] = self.sums.get(key, 0.0) + total[key]
        return list(moved)

    def _best_trade(self) -> bool:
        for _, f, g in self._candidates():
            if self._allowed(f, g):
                self._trade(f, g)
                return True
        return False
