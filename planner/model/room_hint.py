"""A first room plan for one session: whole topics packed into rooms by likeness.

The room model (stage 2) counts the rooms each topic spreads over; its bound,
every topic in as few rooms as its size needs, is what the LP gives at the
root.  Left to itself CP-SAT reached that bound on the synthetic 10,000-poster
list within a deterministic 0.1 s of its "core" worker, then waited for the
other workers' one-second chunks: about 3.5 s a session.  Started from a
complete plan at the bound, the solve ends at the root.  Sessions of fewer
than ``HINT_MIN_POSTERS`` posters are left to CP-SAT (see there why).

The packing also settles what the model is indifferent to: which topics share
a room.  Each empty room is first seeded with the topic least like the rooms
filled so far (the largest first), so rooms start apart; the other topics go,
largest first, to the room whose posters are most like them, so a room holds
neighbouring subjects (the boards stage then orders them).  Topics joined by
a shared author travel together while the pair fits in half the largest room
(constraints.together wants such posters in one room).  Posters that pins or
``[[place]]`` rules confine to some rooms are placed first.  Where no room
takes a whole topic it is split over the rooms with the most boards free; the
solver then improves on the hint.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

from planner.model.partners import partners_of
from planner.model.solve import SolverSettings, complete_hint
from planner.topics.build import refined_by_text

if TYPE_CHECKING:
    from planner.model.stage_models import RoomModel
    from planner.topics.build import Topics


def pack_rooms(
    papers: Sequence[str],
    caps: Mapping[str, int],
    allowed: Mapping[str, Sequence[str]],
    topic_of: Mapping[str, int],
    vectors: Mapping[str, np.ndarray],
    partners: Mapping[str, Sequence[str]],
) -> dict[str, str] | None:
    """Paper -> room for ``papers`` within the rooms' ``caps``; None when they do not fit.

    ``allowed``: the rooms each paper may use (all of ``caps`` for most);
    ``vectors``: unit topic vectors; ``partners``: papers sharing an author.
    """
    if not caps or not papers:
        return None
    packing = _Packing(caps, vectors)
    everywhere = set(caps)
    for p in papers:
        if set(allowed[p]) != everywhere:
            options = [r for r in allowed[p] if packing.free.get(r, 0) > 0]
            if not options:
                return None
            packing.put([p], max(options, key=packing.free.__getitem__))
    rest = [p for p in papers if p not in packing.where]
    units = _units(rest, topic_of, partners, max(caps.values()) // 2)
    for unit in packing.seed(units):
        if not packing.place(unit):
            return None
    return packing.where


class _Packing:
    """Rooms filling up: who is where, the boards left and each room's vector sum."""

    def __init__(self, caps: Mapping[str, int], vectors: Mapping[str, np.ndarray]) -> None:
        self.caps, self.vectors = caps, vectors
        self.dim = len(next(iter(vectors.values())))
        self.free = dict(caps)
        self.sums = {r: np.zeros(self.dim) for r in caps}
        self.where: dict[str, str] = {}

    def total(self, unit: Sequence[str]) -> np.ndarray:
        return sum((self.vectors[p] for p in unit), np.zeros(self.dim))

    def put(self, unit: Sequence[str], room: str) -> None:
        for p in unit:
            self.where[p] = room
            self.free[room] -= 1
            self.sums[room] += self.vectors[p]

    def seed(self, units: list[list[str]]) -> list[list[str]]:
        """Each empty room gets the unit least like the rooms filled so far; returns the rest.

        The largest rooms first, so that rooms start apart and like units follow.
        """
        rest = [(unit, self.total(unit)) for unit in units]
        for r in sorted(self.caps, key=lambda r: -self.free[r]):
            if self.free[r] < self.caps[r]:
                continue
            taken = [self.sums[q] for q in self.caps if self.free[q] < self.caps[q]]
            fitting = [k for k, (unit, _) in enumerate(rest) if len(unit) <= self.free[r]]
            if not fitting:
                continue
            k = min(
                fitting, key=lambda k: max((_likeness(rest[k][1], t) for t in taken), default=0)
            )
            self.put(rest.pop(k)[0], r)
        return [unit for unit, _ in rest]

    def place(self, unit: Sequence[str]) -> bool:
        """The unit whole in the most like room that takes it, else split; False if full."""
        fits = [r for r in self.caps if self.free[r] >= len(unit)]
        if fits:
            total = self.total(unit)
            self.put(unit, max(fits, key=lambda r: (_likeness(total, self.sums[r]), self.free[r])))
            return True
        for p in unit:  # no room takes it whole: the emptiest rooms first
            r = max(self.caps, key=self.free.__getitem__)
            if self.free[r] <= 0:
                return False
            self.put([p], r)
        return True


def _likeness(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two sums of unit vectors; 0 for an empty room."""
    na, nb = float(np.linalg.norm(a)), float(np.linalg.norm(b))
    return 0.0 if na == 0.0 or nb == 0.0 else float(a @ b) / (na * nb)


def _units(
    papers: Sequence[str],
    topic_of: Mapping[str, int],
    partners: Mapping[str, Sequence[str]],
    most: int,
) -> list[list[str]]:
    """Topics, joined through shared authors while a unit stays within ``most`` posters.

    Largest first; ties in list order, so the packing is the same every run.
    """
    parent: dict[str, str] = {}
    size: dict[str, int] = {}
    first: dict[int, str] = {}
    for p in papers:
        t = topic_of[p]
        if t in first:
            parent[p] = first[t]
            size[first[t]] += 1
        else:
            first[t] = parent[p] = p
            size[p] = 1

    def root(p: str) -> str:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for p in papers:
        for q in partners.get(p, ()):
            if q not in parent:
                continue
            a, b = root(p), root(q)
            if a != b and size[a] + size[b] <= most:
                parent[b] = a
                size[a] += size[b]
    groups: dict[str, list[str]] = {}
    for p in papers:
        groups.setdefault(root(p), []).append(p)
    return sorted(groups.values(), key=lambda g: -len(g))


# Sessions of fewer posters get no packing.  Their room model proves its
# optimum within about a second on its own, and which optimum it returns is
# where the polish starts: from the packing, ICML 2024 (about 440 posters a
# session) ended with room grouping 1.318x instead of 1.354x and the MLSys
# example 1.553x instead of 1.591x (neighbours rose on both).  At 833 and
# 1,667 posters a session (synthetic 5,000 and 10,000) the packing raised room
# grouping, 1.99x -> 2.07x and 3.52x -> 3.71x, and cut the room stage from
# 4.6-6.0 s to 1.7 s and from 16.7-18.7 s to 5.7 s (benchmarks/run.py).
HINT_MIN_POSTERS = 800


def hint_rooms(
    rm: RoomModel, topics: Topics, settings: SolverSettings, least: int = HINT_MIN_POSTERS
) -> float:
    """Gives ``rm`` the packing as a complete hint; returns the deterministic seconds spent.

    Only for sessions of ``least`` posters or more.  Without a packing (the
    rules confine too many posters to too few rooms) the model keeps no hint
    and the solver starts from nothing, as below that size.
    """
    if len(rm.papers) < least:
        return 0.0
    problem, caps = rm.problem, rm.caps
    allowed: dict[str, list[str]] = {}
    for p in rm.papers:
        pin = problem.pins.get(p)
        if pin is not None and pin.room in caps:
            allowed[p] = [pin.room]
        else:
            allowed[p] = [r for r in problem.rooms_for(p, rm.session) if r in caps]
    row = topics.row
    if topics.organizer and not refined_by_text(topics):
        # Organizer topics by their names alone (benchmarks/organizer_topics.py
        # measures it): the text does not say which share a room.
        vectors = {p: np.zeros(topics.vectors.shape[1]) for p in rm.papers}
    else:
        vectors = {p: topics.vectors[row[p]] for p in rm.papers}
    partners = partners_of(rm.papers, problem.index.paper_people)
    where = pack_rooms(rm.papers, caps, allowed, topics.of, vectors, partners)
    if where is None:
        return 0.0
    values = {v: where[p] == r for (p, r), v in rm.z.items()}
    _, spent = complete_hint(rm, values, settings)
    return spent
