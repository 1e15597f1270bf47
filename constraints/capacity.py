"""Capacity: no session or room holds more posters than it has usable boards.

A room is used only in the sessions it is open for (it has no literals
elsewhere), and its usable boards are its boards less the spare boards the
venue keeps free for late accepts (``spare_boards``).

Encoding: stage 1, ``Σ_p x[p, s] ≤ Σ_r usable(s, r)`` per session; stage 2,
``Σ_p z[p, r] ≤ usable(s, r)`` per open room.

Priority: hard.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import RoomModel, SessionModel

NAME = "capacity"


def sessions(m: SessionModel) -> None:
    venue = m.problem.venue
    for s, members in m.by_session.items():
        cap = venue.session_capacity(s)
        if len(members) > cap:
            m.require(
                m.model.add(sum(v for _, v in members) <= cap),
                f"capacity of {s}",
                NAME,
                f"session '{s}' has {cap} usable boards",
            )


def rooms(m: RoomModel) -> None:
    for r, cap in m.caps.items():
        if len(m.papers) > cap:
            m.model.add(sum(m.z[p, r] for p in m.papers) <= cap)


RULE: Rule = Rule(NAME, sessions=sessions, rooms=rooms)
