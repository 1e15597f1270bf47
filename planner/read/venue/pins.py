"""The venue's [[pins]] tables: papers fixed to a session, and maybe a room and board.

A pin names a defined session, and a room open in it if it names one; a
board without a room cannot be placed.  Whether the paper is in the list
and gets a poster is checked once the paper list is read
(planner.people.inputs).
"""

from __future__ import annotations

from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.read.conference import Pin, Room
from planner.read.venue.problems import add_fault, first_fault, unknown_keys
from planner.read.venue.schema import Checked, PinTable, VenueTable, check


def read_pins(
    top: Checked[VenueTable],
    raw: list[Any],
    session_ids: set[str],
    rooms: dict[str, Room],
    problems: Problems,
) -> list[Pin]:
    """The [[pins]] tables as pins, leaving out each one with a problem."""
    if add_fault(problems, "[[pins]]", top.fault("pins")):
        return []
    out: list[Pin] = []
    pinned: dict[str, int] = {}
    for i, item in enumerate(raw, 1):
        pin = _pin(item, i, pinned, session_ids, rooms, problems)
        if pin is not None:
            out.append(pin)
    return out


def _pin(
    item: Any,
    i: int,
    pinned: dict[str, int],
    session_ids: set[str],
    rooms: dict[str, Room],
    problems: Problems,
) -> Pin | None:
    """The i-th [[pins]] table as a pin; None once its problems are added.

    ``pinned`` (paper id -> the pin that names it first) gains this pin's paper.
    """
    where = f"[[pins]] #{i}"
    checked = check(PinTable, item)
    if checked.not_table:
        problems.add(where, "is not a table", "Write it as [[pins]] with keys below it.")
        return None
    unknown_keys(problems, where, checked, PinTable)
    table = checked.model
    if first_fault(problems, where, checked) or table is None:
        return None
    assert table.paper and table.session  # the session's check says so
    paper, session = canonical_id(table.paper), table.session
    where = f"[[pins]] #{i} (paper {paper})"
    if paper in pinned:
        problems.add(
            where,
            f"pins a paper already pinned by [[pins]] #{pinned[paper]}",
            "Keep one pin per paper.",
        )
        return None
    pinned[paper] = i
    if session not in session_ids:
        problems.add(
            where,
            f"names session '{session}', which is not defined",
            f"Use one of: {', '.join(sorted(session_ids))}.",
        )
        return None
    if not _pin_room_ok(table.room, table.board, session, rooms, where, problems):
        return None
    return Pin(paper=paper, session=session, room=table.room, board=table.board)


def _pin_room_ok(
    room_id: str | None,
    board: str | None,
    session: str,
    rooms: dict[str, Room],
    where: str,
    problems: Problems,
) -> bool:
    """Whether the pin's room is defined and open in its session, and a board has a room."""
    if room_id is not None:
        room = rooms.get(room_id)
        if room is None:
            problems.add(
                where,
                f"names room '{room_id}', which is not defined",
                f"Use one of: {', '.join(sorted(rooms))}.",
            )
            return False
        if not room.is_open(session):
            problems.add(
                where,
                f"puts the paper in room '{room_id}', which is closed in session '{session}'",
                "Pick a room open in that session.",
            )
            return False
    elif board is not None:
        problems.add(where, "gives a board but no room", 'Add room = "hall-a" to the pin.')
        return False
    return True
