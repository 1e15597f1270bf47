"""The venue's [[pins]] tables: papers fixed to a session, and maybe a room and board or position.

A pin names a defined session, and a room open in it if it names one; a
board (poster sessions) or position (talk sessions) without a room cannot be
placed.  A pin naming a talk session pins the paper's talk, in a room with
seats; one naming a poster session pins its poster, in a room with boards.
Whether the paper is in the list and gets a poster (or a talk) is checked
once the paper list is read (planner.people.inputs).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.read.conference import Pin, Room, Session
from planner.read.venue.problems import add_fault, first_fault, unknown_keys
from planner.read.venue.schema import Checked, PinTable, VenueTable, check


@dataclass
class PinTargets:
    """What pins may name: each kind's sessions and the rooms that hold it."""

    poster_sessions: set[str]
    poster_rooms: dict[str, Room]
    talk_sessions: set[str] = field(default_factory=set)
    talk_rooms: dict[str, Room] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        poster_sessions: list[Session],
        poster_rooms: list[Room],
        talk_sessions: list[Session],
        talk_rooms: list[Room],
    ) -> PinTargets:
        return cls(
            {s.id for s in poster_sessions},
            {r.id: r for r in poster_rooms},
            {s.id for s in talk_sessions},
            {r.id: r for r in talk_rooms},
        )

    @property
    def sessions(self) -> set[str]:
        return self.poster_sessions | self.talk_sessions


def read_pins(
    top: Checked[VenueTable], raw: list[Any], targets: PinTargets, problems: Problems
) -> tuple[list[Pin], list[Pin]]:
    """The [[pins]] tables as (poster pins, talk pins), leaving out each one with a problem."""
    if add_fault(problems, "[[pins]]", top.fault("pins")):
        return [], []
    posters: list[Pin] = []
    talks: list[Pin] = []
    pinned: dict[tuple[str, bool], int] = {}
    for i, item in enumerate(raw, 1):
        pin = _pin(item, i, pinned, targets, problems)
        if pin is not None:
            (talks if pin.session in targets.talk_sessions else posters).append(pin)
    return posters, talks


def _pin(
    item: Any,
    i: int,
    pinned: dict[tuple[str, bool], int],
    targets: PinTargets,
    problems: Problems,
) -> Pin | None:
    """The i-th [[pins]] table as a pin; None once its problems are added.

    ``pinned`` ((paper id, talk?) -> the pin that names it first) gains this
    pin's paper: a paper may have one poster pin and one talk pin.
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
    if session not in targets.sessions:
        problems.add(
            where,
            f"names session '{session}', which is not defined",
            f"Use one of: {', '.join(sorted(targets.sessions))}.",
        )
        return None
    talk = session in targets.talk_sessions
    if (paper, talk) in pinned:
        problems.add(
            where,
            f"pins a paper already pinned by [[pins]] #{pinned[paper, talk]}",
            "Keep one pin per paper"
            + (" and kind (its poster, its talk)." if targets.talk_sessions else "."),
        )
        return None
    pinned[paper, talk] = i
    if talk:
        if not _talk_pin_ok(table, session, targets.talk_rooms, where, problems):
            return None
        return Pin(paper=paper, session=session, room=table.room, position=table.position)
    if table.position is not None:
        problems.add(
            where,
            f"gives a position, but '{session}' is a poster session",
            "Give a board for a poster, or name a talk session for a talk's position.",
        )
        return None
    if not _pin_room_ok(table.room, table.board, session, targets.poster_rooms, where, problems):
        return None
    return Pin(paper=paper, session=session, room=table.room, board=table.board)


def _talk_pin_ok(
    table: PinTable, session: str, rooms: dict[str, Room], where: str, problems: Problems
) -> bool:
    """Whether a talk pin's room has seats and is open, with a position only beside a room."""
    if table.board is not None:
        problems.add(
            where,
            f"gives a board, but '{session}' is a talk session",
            "Give position = 1 (its place in the room's running order), or pin it to a poster "
            "session.",
        )
        return False
    if table.room is None:
        if table.position is not None:
            problems.add(where, "gives a position but no room", 'Add room = "hall-a" to the pin.')
            return False
        return True
    if table.room not in rooms:
        problems.add(
            where,
            f"names room '{table.room}', which has no seats for talks",
            f"Use one of: {', '.join(sorted(rooms))}.",
        )
        return False
    if not rooms[table.room].is_open(session):
        problems.add(
            where,
            f"puts the talk in room '{table.room}', which is closed in session '{session}'",
            "Pick a room open in that session.",
        )
        return False
    return True


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
