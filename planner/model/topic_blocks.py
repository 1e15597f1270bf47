"""Topic blocks: which organizer topics share a room, decided by their abstracts.

The room stage (CP-SAT, constraints.topic_policy) keeps each organizer topic
in as few rooms as it can; which topics then share a room matters little to
it.  Here, in each session, the topics' parts in each room (*blocks*: the
posters of one topic in one room) trade rooms whole, so that the rooms hold
alike topics: a block moves to another room, or two blocks of different topics
swap rooms, when that raises ``Σ_rooms ‖Σ_{p∈room} v_p‖²`` (the sum of the
pairwise likeness of posters sharing a room, on the planner's features)
and breaks nothing ranked above it:

- a topic is never split further: a whole block moves, so each topic is in as
  many rooms as before, or fewer when a block joins its topic's other block
  (such a merge is taken first, whatever the likeness);
- every room keeps within its boards;
- a poster pinned to a room, one whose ``[[place]]`` rules bar the other room,
  or (on a rerun) one that stood in this session before, does not move;
- posters that share an author and a room stay in one room
  (constraints.together): the blocks holding them move as one unit.

Sessions are not touched: a session change would move clashes, which rank far
above.  Deterministic: blocks are tried in a fixed order, the best trade first.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict

import numpy as np

from planner.model.stage_models import PlanningProblem
from planner.topics.build import Topics, refined_by_text

# A session with more blocks than this is left as the room stage gave it: the
# search is quadratic in blocks, and lists that large have no organizer
# topics of room size (they come as areas split by text already).
MAX_BLOCKS = 120
MAX_ROUNDS = 50
# Up to this many ways to lay a session's units into its rooms, all are tried
# (the exact best); above it, trades one at a time.
EXHAUSTIVE_LIMIT = 4096
Block = tuple[int, str]  # (topic, room)
Unit = tuple[Block, ...]  # blocks of one room that move together


def regroup_rooms(
    problem: PlanningProblem,
    topics: Topics,
    session_of: dict[str, str],
    room_of: dict[str, str],
) -> dict[str, str]:
    """Rooms after topic blocks traded them (see above), where the organizer gave topics."""
    if not refined_by_text(topics) or problem.venue.rules.topic_policy != "group":
        return room_of
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    out = dict(room_of)
    row = {p: i for i, p in enumerate(problem.papers)}
    by_session: dict[str, list[str]] = defaultdict(list)
    for p in problem.papers:
        by_session[session_of[p]].append(p)
    for session, papers in sorted(by_session.items()):
        rooms = sorted({room_of[p] for p in papers} | set(_open_rooms(problem, session)))
        if len(rooms) > 1:
            _Session(problem, session, papers, rooms, vectors, row, out).search()
    return out


def _open_rooms(problem: PlanningProblem, session: str) -> list[str]:
    venue = problem.venue
    return [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]


class _Session:
    """The blocks of one session, the rooms' feature sums and loads."""

    def __init__(
        self,
        problem: PlanningProblem,
        session: str,
        papers: list[str],
        rooms: list[str],
        vectors: np.ndarray,
        row: dict[str, int],
        room_of: dict[str, str],
    ) -> None:
        self.problem, self.session, self.room_of = problem, session, room_of
        self.rooms = rooms
        venue = problem.venue
        self.cap = {r: venue.usable_boards(session, venue.room_by_id[r]) for r in rooms}
        self.papers, self.vectors, self.row = papers, vectors, row
        self._build()
        self.pairs = _shared_author_pairs(papers, problem)

    def _build(self) -> None:
        """Blocks, loads and feature sums from ``room_of``."""
        vectors, row = self.vectors, self.row
        self.load = {r: 0 for r in self.rooms}
        self.sums = {r: np.zeros(vectors.shape[1]) for r in self.rooms}
        blocks: dict[Block, list[str]] = defaultdict(list)
        for p in self.papers:
            r = self.room_of[p]
            blocks[self.problem.topic_of[p], r].append(p)
            self.load[r] += 1
            self.sums[r] += vectors[row[p]]
        self.blocks: dict[Block, list[str]] = dict(sorted(blocks.items()))
        self.block_sum = {k: vectors[[row[p] for p in ps]].sum(axis=0) for k, ps in blocks.items()}

    def _movable(self, papers: list[str], to: str) -> bool:
        problem = self.problem
        for p in papers:
            pin = problem.pins.get(p)
            if (pin is not None and pin.room) or p in problem.previous:
                return False
            if to not in problem.rooms_for(p, self.session):
                return False
        return True

    def _gain(self, a: str, b: str, out_a: np.ndarray, out_b: np.ndarray) -> float:
        """Change in ``‖S_a‖² + ‖S_b‖²`` when ``out_a`` leaves a for b and ``out_b`` b for a."""
        new_a = self.sums[a] - out_a + out_b
        new_b = self.sums[b] - out_b + out_a
        old = float(self.sums[a] @ self.sums[a] + self.sums[b] @ self.sums[b])
        return float(new_a @ new_a + new_b @ new_b) - old

    def _units(self) -> list[Unit]:
        """The blocks of each room joined by shared authors: what moves as one.

        Posters that share an author and a room stay in one room
        (constraints.together), so the blocks holding them move together.
        """
        parent = {k: k for k in self.blocks}

        def root(k: Block) -> Block:
            while parent[k] != k:
                parent[k] = parent[parent[k]]
                k = parent[k]
            return k

        block_of = {p: k for k, ps in self.blocks.items() for p in ps}
        for p, q in self.pairs:
            a, b = block_of[p], block_of[q]
            if a[1] == b[1] and root(a) != root(b):
                parent[max(root(a), root(b))] = min(root(a), root(b))
        groups: dict[Block, list[Block]] = defaultdict(list)
        for k in self.blocks:
            groups[root(k)].append(k)
        return sorted(tuple(sorted(g)) for g in groups.values())

    def _size(self, unit: Unit) -> int:
        return sum(len(self.blocks[k]) for k in unit)

    def _sum(self, unit: Unit) -> np.ndarray:
        return np.sum([self.block_sum[k] for k in unit], axis=0)

    def _merges(self, unit: Unit, b: str, leaving: Unit = ()) -> int:
        """Blocks of ``unit`` whose topic already has a block in room ``b`` that stays."""
        stays = {t for t, r in self.blocks if r == b} - {t for t, _ in leaving}
        return sum(t in stays for t, _ in unit)

    def _trades(self) -> list[tuple[int, float, Unit, str, Unit]]:
        """Every trade within boards: (fragments saved, likeness gained, unit, room, partner).

        A unit moves to another room alone (an empty partner) or swaps with a
        unit of that room.
        """
        units = self._units()
        size = {u: self._size(u) for u in units}
        total = {u: self._sum(u) for u in units}
        zero = np.zeros_like(next(iter(self.sums.values())))
        found: list[tuple[int, float, Unit, str, Unit]] = []
        for f in units:
            a = f[0][1]
            for b in self.rooms:
                if b == a:
                    continue
                if self.load[b] + size[f] <= self.cap[b]:
                    gain = self._gain(a, b, total[f], zero)
                    found.append((self._merges(f, b), gain, f, b, ()))
                for g in units:
                    if g[0][1] != b or g < f:
                        continue  # each swap once: from the earlier unit
                    if self.load[b] - size[g] + size[f] > self.cap[b]:
                        continue
                    if self.load[a] - size[f] + size[g] > self.cap[a]:
                        continue
                    merged = self._merges(f, b, g) + self._merges(g, a, f)
                    gain = self._gain(a, b, total[f], total[g])
                    found.append((merged, gain, f, b, g))
        found.sort(key=lambda x: (-x[0], -x[1], x[2], x[3], x[4]))
        return found

    def search(self) -> None:
        if len(self.blocks) > MAX_BLOCKS:
            return
        self._exhaustive()
        for _ in range(MAX_ROUNDS):
            if not self._best_trade():
                return

    def _exhaustive(self) -> None:
        """Every way to lay the units into the rooms, when there are few: the best one.

        Best: fewest (topic, room) pairs first, then the most likeness.  A
        unit takes only rooms all its posters may take; within boards.
        """
        units = self._units()
        options = [
            [r for r in self.rooms if self._movable([p for k in u for p in self.blocks[k]], r)]
            or [u[0][1]]
            for u in units
        ]
        if math.prod(len(o) for o in options) > EXHAUSTIVE_LIMIT:
            return
        size = [self._size(u) for u in units]
        total = [self._sum(u) for u in units]
        best_key, best = None, None
        for choice in itertools.product(*options):
            load: dict[str, int] = defaultdict(int)
            for r, n in zip(choice, size, strict=True):
                load[r] += n
            if any(load[r] > self.cap[r] for r in load):
                continue
            sums: dict[str, np.ndarray] = {}
            for r, v in zip(choice, total, strict=True):
                sums[r] = sums[r] + v if r in sums else v
            pairs = {(t, r) for u, r in zip(units, choice, strict=True) for t, _ in u}
            key = (len(pairs), -sum(float(v @ v) for v in sums.values()))
            if best_key is None or key < best_key:
                best_key, best = key, choice
        if best is None:
            return
        for u, r in zip(units, best, strict=True):
            for block in u:
                for p in self.blocks[block]:
                    self.room_of[p] = r
        self._build()

    def _best_trade(self) -> bool:
        """Makes the best allowed trade; False when none gains."""
        for merged, gain, f, b, g in self._trades():
            if merged == 0 and gain <= 1e-9:
                return False
            a = f[0][1]
            if not self._movable([p for k in f for p in self.blocks[k]], b):
                continue
            if g and not self._movable([p for k in g for p in self.blocks[k]], a):
                continue
            for block in f:
                self._move(block, b)
            for block in g:
                self._move(block, a)
            self.blocks = dict(sorted(self.blocks.items()))
            return True
        return False

    def _move(self, block: Block, dst: str) -> None:
        """One block to room ``dst``, joining its topic's block there if there is one."""
        src = block[1]
        papers = self.blocks.pop(block)
        total = self.block_sum.pop(block)
        for p in papers:
            self.room_of[p] = dst
        self.load[src] -= len(papers)
        self.load[dst] += len(papers)
        self.sums[src] -= total
        self.sums[dst] += total
        key = (block[0], dst)
        self.blocks[key] = self.blocks.get(key, []) + papers
        self.block_sum[key] = self.block_sum[key] + total if key in self.block_sum else total


def _shared_author_pairs(papers: list[str], problem: PlanningProblem) -> list[tuple[str, str]]:
    """Pairs of these posters that share an author."""
    by_person: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        for key in dict.fromkeys(problem.index.paper_people.get(p, ())):
            by_person[key].append(p)
    pairs = {
        (p, q) for group in by_person.values() for i, p in enumerate(group) for q in group[i + 1 :]
    }
    return sorted(pairs)
