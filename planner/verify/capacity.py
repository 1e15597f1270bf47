"""The ``capacity``, ``room-closed`` and ``board`` checks, one session and room at a time.

A room holds no more posters in a session than its boards there less its
spare boards, and none in a session it is closed for; board numbers lie within
1..boards, carry the venue's label, and no label or number is used twice in a
session and room.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from planner.plan.records import Placement
from planner.read.conference import Room
from planner.verify.context import Check
from planner.verify.recount import (
    board_label,
    room_boards,
    room_open,
    spare_boards,
    usable_boards,
)


def check_rooms_and_boards(check: Check) -> None:
    cells: dict[tuple[str, str], list[Placement]] = defaultdict(list)
    for pl in check.where.values():
        cells[pl.session, pl.room].append(pl)
    pattern = check.venue.rules.board_label
    for (sid, rid), pls in sorted(cells.items()):
        room = check.rooms[rid]
        if not room_open(room, sid):
            ids = [pl.paper for pl in sorted(pls, key=lambda p: (p.board, p.paper))]
            why = "has no boards" if room_boards(room, sid) == 0 else "is closed"
            check.add(
                "room-closed",
                f"room '{rid}' {why} in session '{sid}' but holds "
                f"{len(ids)} poster(s): {check.posters(ids)}",
            )
        else:
            _boards_in_open_room(check, sid, room, pls)
        for pl in pls:
            label = board_label(pattern, room.board_prefix, pl.board)
            if label is not None and pl.label != label:
                check.add(
                    "board",
                    f"poster {check.poster(pl.paper)} on board {pl.board} of "
                    f"room '{rid}' in session '{sid}' is labelled '{pl.label}', "
                    f"not '{label}'",
                )
        _boards_used_twice(check, sid, rid, pls)


def _boards_in_open_room(check: Check, sid: str, room: Room, pls: list[Placement]) -> None:
    """An open room holds at most its usable boards, each poster on a board it has."""
    rid = room.id
    ids = [pl.paper for pl in sorted(pls, key=lambda p: (p.board, p.paper))]
    usable = usable_boards(room, sid, check.venue)
    if len(pls) > usable:
        spare = spare_boards(room, check.venue)
        boards = room_boards(room, sid)
        check.add(
            "capacity",
            f"room '{rid}' in session '{sid}' holds {len(pls)} "
            f"posters on {usable} usable boards ({boards} boards, {spare} "
            f"spare): {check.posters(ids)}",
        )
    for pl in pls:
        if not 1 <= pl.board <= room_boards(room, sid):
            check.add(
                "board",
                f"poster {check.poster(pl.paper)} is on board "
                f"{pl.board} of room '{rid}' in session '{sid}', which has "
                f"boards 1..{room_boards(room, sid)}",
            )


def _boards_used_twice(check: Check, sid: str, rid: str, pls: list[Placement]) -> None:
    """No board label or number is used twice in a session and room (each group told once)."""
    seen: set[frozenset[str]] = set()
    keys: tuple[tuple[Callable[[Placement], Any], str], ...] = (
        (lambda p: p.label, "label"),
        (lambda p: p.board, "number"),
    )
    for key, what in keys:
        groups: dict[Any, list[str]] = defaultdict(list)
        for pl in pls:
            groups[key(pl)].append(pl.paper)
        for value, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
            if len(members) > 1 and frozenset(members) not in seen:
                seen.add(frozenset(members))
                check.add(
                    "board",
                    f"board {what} {value} is used {len(members)} "
                    f"times in room '{rid}', session '{sid}': "
                    f"{check.posters(sorted(members))}",
                )
