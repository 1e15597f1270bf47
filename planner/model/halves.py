"""Presenting halves after boards: posters that must present apart get opposite parity.

With ``[rules] halves`` a poster presents in the half of its session its board
number's parity gives (planner.read.halves).  The session model let a
presenter have two posters in one session, and counted two posters sharing an
author in one session as no clash, on the understanding that they go to
opposite halves.  The board path (planner.model.boards) puts them side by side
when they share a room, which already gives them opposite parity, but boards
kept on a rerun, pins, or two rooms can leave them on the same parity.

The repair, per session: the pairs of posters of one presenter (first), then of
one author, that share a parity get one of them moved to the nearest board of
the other parity in its room: a free board, or a swap with the poster standing
there.  Never a pinned board, and never a poster already settled (one of a
pair that is apart, or moved here), so a repair does not undo another.  Boards
are tried nearest first, so a poster mostly trades places with its neighbour
and the room's path (and with it the neighbours in opposite halves) stays as
it was.  Deterministic: sessions, people and boards in sorted order.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from planner.model.stage_models import PlanningProblem
from planner.read.board_labels import board_number


def repair_halves(
    problem: PlanningProblem,
    session_of: dict[str, str],
    room_of: dict[str, str],
    board_of: dict[str, int],
) -> dict[str, int]:
    """Board numbers with every repairable same-half pair moved apart (a new dict)."""
    venue = problem.venue
    out = dict(board_of)
    if venue.rules.halves is None:
        return out
    pinned = {p for p in out if _pinned_board(problem, p, room_of, session_of) is not None}
    for session in sorted(set(session_of.values())):
        here = sorted(p for p in out if session_of.get(p) == session)
        pairs = _pairs(problem, here)
        settled = set(pinned)
        for a, b in pairs:  # pairs already apart stay apart
            if out[a] % 2 != out[b] % 2:
                settled.update((a, b))
        for a, b in pairs:
            if out[a] % 2 != out[b] % 2:
                continue
            for p in (b, a):
                if p not in settled and _move(problem, p, session, here, room_of, out, settled):
                    break
            settled.update((a, b))
    return out


def _pairs(problem: PlanningProblem, papers: list[str]) -> list[tuple[str, str]]:
    """Pairs in one session that should present apart: a presenter's, then an author's."""
    index = problem.index
    by_presenter: dict[str, list[str]] = defaultdict(list)
    by_author: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        key = index.presenter.get(p)
        if key is not None:
            by_presenter[key].append(p)
        for person in index.paper_people.get(p, []):
            by_author[person].append(p)
    first = [pair for _, ps in sorted(by_presenter.items()) for pair in combinations(ps, 2)]
    then = [pair for _, ps in sorted(by_author.items()) for pair in combinations(ps, 2)]
    seen: set[tuple[str, str]] = set()
    out = []
    for pair in first + then:
        if pair not in seen:
            seen.add(pair)
            out.append(pair)
    return out


def _move(
    problem: PlanningProblem,
    p: str,
    session: str,
    here: list[str],
    room_of: dict[str, str],
    board_of: dict[str, int],
    settled: set[str],
) -> bool:
    """Moves ``p`` to the nearest board of the other parity in its room; False if none.

    ``here`` holds the posters of ``p``'s session.
    """
    room = problem.venue.room_by_id[room_of[p]]
    at = {board_of[q]: q for q in here if room_of[q] == room.id}
    mine = board_of[p]
    # Spare boards stay free: only the usable ones are offered.
    limit = max(problem.venue.usable_boards(session, room), max(at, default=0))
    options = sorted(
        (b for b in range(1, limit + 1) if b % 2 != mine % 2),
        key=lambda b: (abs(b - mine), b),
    )
    for b in options:
        other = at.get(b)
        if other is None:
            board_of[p] = b
            settled.add(p)
            return True
        if other not in settled:
            board_of[p], board_of[other] = b, mine
            settled.add(p)
            return True
    return False


def _pinned_board(
    problem: PlanningProblem, p: str, room_of: dict[str, str], session_of: dict[str, str]
) -> int | None:
    """The board a pin holds ``p`` to, if any."""
    pin = problem.pins.get(p)
    if pin is None or not pin.board or pin.room != room_of.get(p):
        return None
    room = problem.venue.room_by_id[room_of[p]]
    venue = problem.venue
    session = session_of[p]
    return board_number(
        pin.board, room.board_prefix, venue.rules.board_label, room.board_count(session)
    )
