"""Presenting halves after boards: posters that must present apart get opposite parity.

With ``[rules] halves`` a poster presents in the half of its session its board
number's parity gives (planner.read.halves).  The session model let a
presenter have two posters in one session, and counted two posters sharing an
author in one session as no clash, on the understanding that they go to
opposite halves.  The board path (planner.model.boards) puts them side by side
when they share a room, which already gives them opposite parity, but boards
kept on a rerun, pins, or two rooms can leave them on the same parity.

The repair, per session: pairs of posters of one presenter (weighted far
above the rest), then of one author, that share a parity.  For each such pair
in turn, one of the two moves to the nearest board of the other parity in its
room: a free usable board, or a trade with the poster standing there (whose
parity flips too).  A move is taken only when it lowers the weighted count of
same-parity pairs among the posters it touches, so a repair never undoes a
presenter's pair for an author's, and the count falls with each move (no
cycle).  Pinned boards never move.  Boards are tried nearest first, so a
poster mostly trades places with a neighbour and the room's path (and with it
the neighbours in opposite halves) stays as it was.  Deterministic: sessions,
people, pairs and boards in sorted order.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from planner.model.stage_models import PlanningProblem
from planner.read.board_labels import board_number

# A presenter at two posters at once is a broken hard rule; an author's pair
# in one half is a clash: no number of clashes mended is worth one of those.
PRESENTER_WEIGHT = 10**6
PASSES = 2  # a second pass picks up pairs a later move made repairable


def repair_halves(
    problem: PlanningProblem,
    session_of: dict[str, str],
    room_of: dict[str, str],
    board_of: dict[str, int],
) -> dict[str, int]:
    """Board numbers with same-half pairs moved apart where boards allow (a new dict)."""
    out = dict(board_of)
    if problem.venue.rules.halves is None:
        return out
    pinned = {p for p in out if _pinned_board(problem, p, room_of, session_of) is not None}
    by_session: dict[str, list[str]] = defaultdict(list)
    for p in sorted(out):
        if p in session_of:
            by_session[session_of[p]].append(p)
    for session, here in sorted(by_session.items()):
        pairs = _pairs(problem, here)
        if not pairs:
            continue
        touching: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
        for a, b, w in pairs:
            touching[a].append((a, b, w))
            touching[b].append((a, b, w))
        repair = _Repair(problem, session, here, room_of, out, pinned, touching)
        for _ in range(PASSES):
            moved = False
            for a, b, _w in pairs:
                if out[a] % 2 == out[b] % 2:
                    moved |= repair.apart(b) or repair.apart(a)
            if not moved:
                break
    return out


def _pairs(problem: PlanningProblem, papers: list[str]) -> list[tuple[str, str, int]]:
    """Pairs in one session that should present apart, with weights: presenters' first."""
    index = problem.index
    by_presenter: dict[str, list[str]] = defaultdict(list)
    by_author: dict[str, list[str]] = defaultdict(list)
    for p in papers:
        key = index.presenter.get(p)
        if key is not None:
            by_presenter[key].append(p)
        for person in index.paper_people.get(p, []):
            by_author[person].append(p)
    weight: dict[tuple[str, str], int] = {}
    for _, ps in sorted(by_presenter.items()):
        for pair in combinations(ps, 2):
            weight[pair] = weight.get(pair, 0) + PRESENTER_WEIGHT
    for _, ps in sorted(by_author.items()):
        for pair in combinations(ps, 2):
            weight[pair] = weight.get(pair, 0) + 1
    ordered = sorted(weight.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(a, b, w) for (a, b), w in ordered]


class _Repair:
    """Moves within one session, each lowering the weighted same-parity pairs it touches."""

    def __init__(
        self,
        problem: PlanningProblem,
        session: str,
        here: list[str],
        room_of: dict[str, str],
        board_of: dict[str, int],
        pinned: set[str],
        touching: dict[str, list[tuple[str, str, int]]],
    ) -> None:
        self.problem, self.session, self.here = problem, session, here
        self.room_of, self.board_of, self.pinned = room_of, board_of, pinned
        self.touching = touching

    def _cost(self, posters: set[str], flip: set[str]) -> int:
        """Weighted same-parity pairs touching ``posters``, with ``flip`` on the other parity."""
        seen: set[tuple[str, str]] = set()
        total = 0
        for p in posters:
            for a, b, w in self.touching.get(p, []):
                if (a, b) in seen:
                    continue
                seen.add((a, b))
                pa = (self.board_of[a] + (a in flip)) % 2
                pb = (self.board_of[b] + (b in flip)) % 2
                total += w if pa == pb else 0
        return total

    def apart(self, p: str) -> bool:
        """Moves ``p`` to the nearest board of the other parity that helps; False if none."""
        if p in self.pinned:
            return False
        room = self.problem.venue.room_by_id[self.room_of[p]]
        at = {self.board_of[q]: q for q in self.here if self.room_of[q] == room.id}
        mine = self.board_of[p]
        # Spare boards stay free: only the usable ones are offered.
        limit = max(self.problem.venue.usable_boards(self.session, room), max(at, default=0))
        options = sorted(
            (b for b in range(1, limit + 1) if b % 2 != mine % 2),
            key=lambda b: (abs(b - mine), b),
        )
        for b in options:
            other = at.get(b)
            if other in self.pinned:
                continue
            moving = {p} if other is None else {p, other}
            if self._cost(moving, moving) >= self._cost(moving, set()):
                continue
            self.board_of[p] = b
            if other is not None:
                self.board_of[other] = mine
            return True
        return False


def _pinned_board(
    problem: PlanningProblem, p: str, room_of: dict[str, str], session_of: dict[str, str]
) -> int | None:
    """The board a pin holds ``p`` to, if any."""
    pin = problem.pins.get(p)
    if pin is None or not pin.board or pin.room != room_of.get(p):
        return None
    venue = problem.venue
    room = venue.room_by_id[room_of[p]]
    count = room.board_count(session_of[p])
    return board_number(pin.board, room.board_prefix, venue.rules.board_label, count)
