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

Deterministic: the best trade first, in a fixed order.  The session plan is
changed in place (``session_of`` and ``room_of``).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np

from planner.model.stage_models import Domains, PlanningProblem
from planner.topics.build import Topics, refined_by_text

# Above this many blocks the trades are left out (their count grows as the
# square); lists that large come with areas, split by text already.
MAX_BLOCKS = 300
MAX_ROUNDS = 40
Cell = tuple[str, str]  # (session, room)
Block = tuple[int, str, str]  # (topic, session, room)


def regroup_sessions(
    problem: PlanningProblem,
    domains: Domains,
    topics: Topics,
    session_of: dict[str, str],
    room_of: dict[str, str],
) -> None:
    """Alike organizer topics brought into one session by block trades (see above)."""
    if not refined_by_text(topics) or problem.venue.rules.topic_policy != "group":
        return
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    _Across(problem, domains, vectors, session_of, room_of).search()


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

    def _may_go(self, block: Block, to: Cell, other: Block) -> bool:
        """The posters of ``block`` may take cell ``to``; no clash appears there."""
        session, room = to
        moving = set(self.blocks[block]) | set(self.blocks[other])
        near = self.overlap[session]
        for p in self.blocks[block]:
            if session not in self.domains.allowed.get(p, ()):
                return False
            if room not in self.problem.rooms_for(p, session):
                return False
            for k in self.people[p]:
                if any(q not in moving and self.session_of[q] in near for q in self.papers_of[k]):
                    return False
        return True

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
        gain = 0.0
        for a, b in (
            (self.session_sum[f[1]], self.session_sum[g[1]]),
            (self.cell_sum[f[1], f[2]], self.cell_sum[g[1], g[2]]),
        ):
            gain += 2.0 * float(d @ (a - b)) + 2.0 * float(d @ d)
        return gain

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

    def search(self) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            return
        for _ in range(MAX_ROUNDS):
            if not self._best_trade():
                return

    def _best_trade(self) -> bool:
        for _, f, g in self._candidates():
            if self._fragments(f, g) > 0:
                continue
            if not (self._may_go(f, (g[1], g[2]), g) and self._may_go(g, (f[1], f[2]), f)):
                continue
            moving_f, moving_g = self.blocks[f], self.blocks[g]
            for p in moving_f:
                self.session_of[p], self.room_of[p] = g[1], g[2]
            for p in moving_g:
                self.session_of[p], self.room_of[p] = f[1], f[2]
            self._rebuild()
            return True
        return False
