"""Pins: a paper the organizer pinned stays in that session (and room, and board).

Pins come from the venue's ``[[pins]]`` and from placements edited by hand in
the workbook.  Board pins are honoured by the board stage (planner.model.boards).

Encoding: stage 1, a domain restriction to the pinned session (in the
explanation model, a guarded ``x[p, s] = 1`` so a core can name the pin);
stage 2, ``z[p, r] = 1`` for a room pin.

Priority: hard.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import Domains, PlanningProblem, RoomModel, SessionModel

NAME = "pin"


def domains(problem: PlanningProblem, domains: Domains) -> None:
    for p, pin in problem.pins.items():
        if p in domains.allowed:
            domains.allowed[p] = [s for s in domains.allowed[p] if s == pin.session]


def sessions(m: SessionModel) -> None:
    if not m.explain:
        return
    for p, pin in m.problem.pins.items():
        var = m.x.get((p, pin.session))
        if var is not None:
            m.require(
                m.model.add(var == 1),
                f"pin {p}",
                NAME,
                f"paper {p} is pinned to session '{pin.session}'",
            )


def rooms(m: RoomModel) -> None:
    for p in m.papers:
        pin = m.problem.pins.get(p)
        if pin is not None and pin.room and (p, pin.room) in m.z:
            m.model.add(m.z[p, pin.room] == 1)


RULE: Rule = Rule(NAME, domains=domains, sessions=sessions, rooms=rooms)
