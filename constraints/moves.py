"""Moves: on a rerun, posters stay where the previous plan put them.

Rule: every poster of the previous plan that is still accepted keeps its
session and room unless a higher rule (hard rules, clashes) makes a move worth
it; a change of room within the session costs less than a change of session.
Boards are kept by the board stage (planner.model.boards).

Encoding: cost ``Weights.move · (1 − x[p, prev_session])`` in stage 1 (less
the room-move cost for a poster whose room is gone, which moves room anyway) and
``Weights.room_move · (1 − z[p, prev_room])`` in stage 2; the previous
placement is also given as a solution hint.

Priority: below clashes, above topic grouping.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import RoomModel, SessionModel

NAME = "moves"


def sessions(m: SessionModel) -> None:
    venue = m.problem.venue
    weights = m.problem.weights
    terms, displaced = [], []
    for p, prev in m.problem.previous.items():
        var = m.x.get((p, prev.session))
        if var is None:
            continue  # the old session is gone or closed to this paper: a forced move
        room = venue.room_by_id.get(prev.room)
        if room is None or venue.usable_boards(prev.session, room) == 0:
            # Its room is gone: it changes room even if it stays, so leaving the
            # session costs it less than it costs a poster whose room is still there.
            displaced.append(1 - var)
        else:
            terms.append(1 - var)
        for s, other in m.by_paper[p]:
            m.model.add_hint(other, s == prev.session)
    m.add_cost(NAME, weights.move, terms)
    m.add_cost(NAME, weights.move - weights.room_move, displaced)


def rooms(m: RoomModel) -> None:
    terms = []
    for p in m.papers:
        prev = m.problem.previous.get(p)
        if prev is None or prev.session != m.session or (p, prev.room) not in m.z:
            continue
        terms.append(1 - m.z[p, prev.room])
        for r in m.rooms:
            m.model.add_hint(m.z[p, r], r == prev.room)
    m.add_cost(NAME, m.problem.weights.room_move, terms)


RULE: Rule = Rule(NAME, sessions=sessions, rooms=rooms)
