"""Talks: the running order within each room-session and each talk's own minutes.

Rule: a room's talks follow one another from the session's start, each
taking its minutes, with ``changeover`` minutes between consecutive talks;
the room stage already made them fit (minutes plus changeovers never pass
the session's end), so the order only decides who comes when.

Order: consecutive talks are alike, so an attendee who came for one stays for
the next.  It is the poster boards' path (planner.model.boards): an open path
by nearest neighbour and 2-opt on cosine distance, started at the most
peripheral talk (docs/modelling.md §9 measured it within ~2 % of an exact
path).  No CP-SAT here: a room holds a handful of talks.

Reruns: a room whose talks include some it had before keeps their previous
order with the withdrawn and departed ones taken out, so the talks after a
gap move earlier (their times change, their room does not); newcomers follow
at the end, each after the talk most like it so far (a nearest-neighbour
tail), so no kept talk starts later for them.  With pinned positions in the
room, pins stay put, kept talks keep their positions where they still exist
and are free, and newcomers take the free positions whose neighbours are
most like them, as posters keep boards.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import numpy as np

from planner.model.boards import assign_boards
from planner.model.talks_instance import Instance


def _fixed(inst: Instance, members: list[int], cell: int) -> dict[str, int]:
    """Positions that must not change: pins, then talks back in their previous room."""
    n = len(members)
    fixed: dict[str, int] = {}
    taken: set[int] = set()
    for i in members:
        pos = inst.items[i].pinned_position
        if pos is not None and 1 <= pos <= n:
            fixed[inst.items[i].paper] = pos
            taken.add(pos)
    kept = [i for i in members if inst.previous_cell[i] == cell and i not in fixed]
    for i in sorted(kept, key=lambda i: (inst.previous_position[i], i)):
        pos = int(inst.previous_position[i])
        paper = inst.items[i].paper
        if 1 <= pos <= n and pos not in taken and paper not in fixed:
            fixed[paper] = pos
            taken.add(pos)
    return fixed


def _closed_up(inst: Instance, members: list[int], cell: int) -> list[int] | None:
    """A rerun's order: kept talks in their previous order, then newcomers; None if none kept."""
    kept = [i for i in members if inst.previous_cell[i] == cell]
    if not kept or any(inst.items[i].pinned_position is not None for i in members):
        return None
    order = sorted(kept, key=lambda i: (inst.previous_position[i], i))
    new = [i for i in members if inst.previous_cell[i] != cell]
    vectors = inst.vectors
    while new:
        last = vectors[order[-1]]
        sims = [_cosine(last, vectors[i]) for i in new]
        order.append(new.pop(int(np.argmax(sims))))
    return order


def _cosine(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b) / max(float(np.linalg.norm(a) * np.linalg.norm(b)), 1e-12)


def order_cell(inst: Instance, members: list[int], cell: int) -> list[int]:
    """The talks of one room-session (item indices) in running order."""
    if len(members) <= 1:
        return list(members)
    closed = _closed_up(inst, members, cell)
    if closed is not None:
        return closed
    papers = [inst.items[i].paper for i in members]
    vectors = inst.vectors[members]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.maximum(norms, 1e-12)
    # One topic block: the whole room is one path.
    positions = assign_boards(
        papers, dict.fromkeys(papers, 0), unit, len(members), _fixed(inst, members, cell)
    )
    by_paper = dict(zip(papers, members, strict=True))
    return [by_paper[p] for p in sorted(positions, key=lambda p: positions[p])]


def running_order(
    inst: Instance, cell_of: np.ndarray
) -> tuple[np.ndarray, list[datetime], list[datetime]]:
    """Each talk's position (1-based) in its room, and its own start and end."""
    n = inst.n
    position = np.zeros(n, dtype=np.int64)
    starts: list[datetime] = [datetime.min] * n
    ends: list[datetime] = [datetime.min] * n
    for cell in range(len(inst.cells)):
        members = [int(i) for i in np.flatnonzero(cell_of == cell)]
        clock = inst.slots[int(inst.cell_session[cell])].start
        for k, i in enumerate(order_cell(inst, members, cell)):
            position[i] = k + 1
            starts[i] = clock
            ends[i] = clock + timedelta(minutes=inst.items[i].minutes)
            clock = ends[i] + timedelta(minutes=inst.changeover)
    return position, starts, ends
