"""The lists below ``report.html``'s overview: the clashes, the changes and the unplaced.

Each poster they name is a reference (its id, its board when placed, its title)
the template links to the poster's board.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from planner.plan.records import Plan


class _PosterRef(NamedTuple):
    id: str
    label: str | None  # its board, when it is placed
    title: str


class _ClashRow(NamedTuple):
    person: str
    name: str
    presenter: bool
    posters: list[_PosterRef]
    sessions: str
    why: str


def _refs(plan: Plan) -> Callable[[str, str], _PosterRef]:
    """A poster id (and the title to show if it has none) -> its reference.  The
    plan's lookups are built once: they are properties that rebuild on each use."""
    placement_of, paper_by_id = plan.placement_of, plan.paper_by_id

    def ref(pid: str, untitled: str) -> _PosterRef:
        pl = placement_of.get(pid)
        paper = paper_by_id.get(pid)
        return _PosterRef(pid, pl.label if pl else None, paper.title if paper else untitled)

    return ref


def clash_rows(plan: Plan) -> list[_ClashRow]:
    sessions = plan.venue.session_by_id
    ref = _refs(plan)
    return [
        _ClashRow(
            person=c.person,
            name=c.name,
            presenter=c.presenter,
            posters=[ref(pid, pid) for pid in c.papers],
            sessions=" / ".join(
                sorted({sessions[s].name if s in sessions else s for s in c.sessions})
            ),
            why=c.reason,
        )
        for c in plan.clashes
    ]


class _ChangeGroup(NamedTuple):
    name: str
    posters: list[_PosterRef]


def change_groups(plan: Plan) -> list[_ChangeGroup]:
    """The posters added and edited since the previous run, the groups that have any."""
    ch = plan.changes
    if ch is None:
        return []
    ref = _refs(plan)
    return [
        _ChangeGroup(name, [ref(pid, "") for pid in ids])
        for name, ids in (("Added", ch.added), ("Edited in place", ch.edited))
        if ids
    ]


def unplaced(plan: Plan) -> list[_PosterRef]:
    placed = {pl.paper for pl in plan.placements}
    return [_PosterRef(p.id, None, p.title) for p in plan.papers if p.id not in placed]
