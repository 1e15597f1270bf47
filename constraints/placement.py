"""Every accepted paper is placed exactly once.

Encoding: ``add_exactly_one`` over a paper's session literals ``x[p, ·]`` in
stage 1, and over its room literals ``z[p, ·]`` in stage 2.

Priority: hard.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import RoomModel, SessionModel

NAME = "placement"


def sessions(m: SessionModel) -> None:
    # Never guarded when explaining: a core should name the rules that crowd a
    # paper out, not the paper's need for a place.
    for options in m.by_paper.values():
        m.model.add_exactly_one([v for _, v in options])


def rooms(m: RoomModel) -> None:
    for p in m.papers:
        m.model.add_exactly_one([m.z[p, r] for r in m.rooms])


RULE: Rule = Rule(NAME, sessions=sessions, rooms=rooms)
