"""One ``[[pins]]`` entry of the report's ``edits.toml``: a poster's pin or a talk's.

The session an entry names says which: a poster session pins the paper's
poster (``room`` and ``board`` optional), a talk session pins its talk
(``room``, a room with seats open in that session, and ``position``, its
place in the room's running order, both optional, a position only with a
room)::

    [[pins]]
    paper = "3608"
    session = "oral-tue-am"       # a talk session: id or name
    room = "hall-a"               # a room with seats; id or name
    position = 2                  # 1 is the room's first talk

A board on a talk pin, or a position on a poster pin, is an error naming the
entry and the fix, as is every other key or value that cannot be used
(:mod:`planner.edits.report_edits` reads the file and checks the entries
together).
"""

from __future__ import annotations

import difflib
from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.core.limits import show
from planner.edits.workbook_rows import _Lookup
from planner.plan.records import Placement, Plan, TalkRecord
from planner.read.board_labels import board_label, board_number
from planner.read.conference import Pin, Room, Session, Venue

SOURCE = "report"
PIN_KEYS = ("paper", "session", "room", "board", "position")
FIX_SAVE = "Save the edits again from the report (Save edits), or fix the entry by hand."


def unknown_keys(
    table: dict[str, Any], known: tuple[str, ...], where: str, problems: Problems
) -> None:
    for key in table:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"Did you mean '{near[0]}'?" if near else f"Known keys: {', '.join(known)}."
            problems.add(where, f"unknown key '{show(str(key))}'", hint)


def text_of(value: Any) -> str | None:
    """A TOML value given as text or a whole number, as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return None


class Places:
    """Sessions and rooms by id or name, as the workbook read-back finds them; poster and
    talk sessions in one lookup (their ids are unique across both), rooms per kind."""

    def __init__(self, plan: Plan) -> None:
        venue = plan.venue
        self.sessions = _Lookup([*venue.sessions, *venue.talk_sessions])
        self.rooms = _Lookup(venue.rooms)
        self.talk_rooms = _Lookup(venue.talk_rooms)
        self.placed = {canonical_id(pl.paper): pl for pl in plan.placements}
        self.talks = {canonical_id(t.paper): t for t in plan.talks}


def read_entry(
    entry: Any, n: int, plan: Plan, places: Places, problems: Problems
) -> tuple[Pin, int | None] | None:
    """The n-th [[pins]] entry as a pin and its board number (None: the planner chooses, or a
    talk pin); None, with the problems added, when it cannot be used."""
    where = f"[[pins]] #{n}"
    if not isinstance(entry, dict):
        problems.add(where, "the entry is not a table", FIX_SAVE)
        return None
    unknown_keys(entry, PIN_KEYS, where, problems)
    paper = _pin_paper(entry, where, plan, places, problems)
    if paper is None:
        return None
    session = _pin_session(entry, where, plan.venue, places, problems)
    if session is None:
        return None
    if session.id in plan.venue.talk_session_by_id:
        pin = _talk_pin(entry, where, plan, session, places, problems)
        return None if pin is None else (pin, None)
    return _poster_pin(entry, where, plan, session, places, problems)


def _pin_paper(
    entry: dict, where: str, plan: Plan, places: Places, problems: Problems
) -> str | None:
    """The entry's paper text; None (a problem added) if it has neither poster nor talk."""
    paper = text_of(entry.get("paper"))
    if not paper:
        problems.add(f"{where}, key 'paper'", "the entry names no paper", FIX_SAVE)
        return None
    if canonical_id(paper) not in places.placed and canonical_id(paper) not in places.talks:
        problems.add(
            f"{where}, key 'paper'",
            f"paper '{show(paper)}' is not placed in this plan (revision {plan.revision})",
            "Remove the entry: only placed posters"
            + (" and talks" if plan.talks else "")
            + " can be pinned.",
        )
        return None
    return paper


def _pin_session(
    entry: dict, where: str, venue: Venue, places: Places, problems: Problems
) -> Session | None:
    """The entry's session, poster or talk; None (a problem added) if it names none or several."""
    session_text = text_of(entry.get("session"))
    session: Session | None = None
    why = "unknown"
    if session_text:
        session, why = places.sessions.find(session_text)
    if session is None:
        what = (
            f"'{show(session_text)}' names more than one session"
            if session_text and why == "ambiguous"
            else f"there is no session '{show(session_text or '')}'"
        )
        ids = [s.id for s in venue.sessions]
        talks = f" (talks: {', '.join(s.id for s in venue.talk_sessions)})"
        problems.add(
            f"{where}, key 'session'",
            what,
            "Use a session id: " + ", ".join(ids) + (talks if venue.talk_sessions else "") + ".",
        )
        return None
    return session


def _poster_pin(
    entry: dict, where: str, plan: Plan, session: Session, places: Places, problems: Problems
) -> tuple[Pin, int | None] | None:
    """An entry naming a poster session: the paper's poster pinned (a room and board if given)."""
    venue = plan.venue
    placement: Placement | None = places.placed.get(canonical_id(text_of(entry["paper"]) or ""))
    if placement is None:
        problems.add(
            f"{where}, key 'session'",
            f"paper {text_of(entry['paper'])} has no poster, only a talk, and "
            f"{session.name} is a poster session",
            "Name a talk session to pin its talk.",
        )
        return None
    if "position" in entry:
        problems.add(
            f"{where}, key 'position'",
            f"a poster has no position: {session.name} is a poster session",
            "Give a board for a poster, or name a talk session to pin the paper's talk.",
        )
        return None
    room_ok, room = _pin_room(entry, where, venue, session, places, problems)
    if not room_ok:
        return None
    board_ok, number = _pin_board(entry, where, venue, session, room, problems)
    if not board_ok:
        return None
    label = (
        board_label(room.board_prefix, number, venue.rules.board_label)
        if room is not None and number is not None
        else None
    )
    return Pin(
        paper=placement.paper,
        session=session.id,
        room=room.id if room else None,
        board=label,
        source=SOURCE,
    ), number


def _pin_room(
    entry: dict, where: str, venue: Venue, session: Session, places: Places, problems: Problems
) -> tuple[bool, Room | None]:
    """Whether the entry's room can be used (a problem added if not), and the room if given."""
    room: Room | None = None
    room_text = text_of(entry.get("room"))
    if "room" in entry:
        if room_text:
            room, _ = places.rooms.find(room_text)
        if room is None:
            problems.add(
                f"{where}, key 'room'",
                f"there is no room '{show(room_text or '')}'",
                "Use a room id: " + ", ".join(r.id for r in venue.rooms) + ".",
            )
            return False, None
        if not _open(room, session, venue.rooms_in(session.id), "", where, problems):
            return False, None
    return True, room


def _open(
    room: Room, session: Session, open_rooms: list[Room], kind: str, where: str, problems: Problems
) -> bool:
    """Whether the room is open in the session; a problem naming the open ones if not."""
    if room.is_open(session.id):
        return True
    problems.add(
        f"{where}, key 'room'",
        f"{room.name} is not open in {session.name}",
        f"Pick a room {kind}open in that session: " + ", ".join(r.id for r in open_rooms) + ".",
    )
    return False


def _pin_board(
    entry: dict, where: str, venue: Venue, session: Session, room: Room | None, problems: Problems
) -> tuple[bool, int | None]:
    """Whether the entry's board can be used (a problem added if not), and its number if given."""
    board_text = text_of(entry.get("board")) if "board" in entry else None
    number = None
    if board_text:
        if room is None:
            problems.add(
                f"{where}, key 'board'",
                "a board needs a room",
                "Give the room too, or leave the board out.",
            )
            return False, None
        count = room.board_count(session.id)
        number = board_number(board_text, room.board_prefix, venue.rules.board_label, count)
        if number is None or not 1 <= number <= count:
            first = board_label(room.board_prefix, 1, venue.rules.board_label)
            last = board_label(room.board_prefix, count, venue.rules.board_label)
            problems.add(
                f"{where}, key 'board'",
                f"board '{show(board_text)}' is not a board of {room.name} in {session.name}",
                f"Use a board from {first} to {last}, or leave the board out to let "
                "the planner choose.",
            )
            return False, None
    elif "board" in entry:
        problems.add(
            f"{where}, key 'board'",
            "the board is empty",
            "Give a board label or number, or leave the key out.",
        )
        return False, None
    return True, number


def _talk_pin(
    entry: dict, where: str, plan: Plan, session: Session, places: Places, problems: Problems
) -> Pin | None:
    """An entry naming a talk session: the paper's talk pinned (a room with seats and a
    position in its running order, if given)."""
    talk: TalkRecord | None = places.talks.get(canonical_id(text_of(entry["paper"]) or ""))
    if talk is None:
        problems.add(
            f"{where}, key 'session'",
            f"paper {text_of(entry['paper'])} gives no talk, and {session.name} is a talk session",
            "Name a poster session to pin its poster, or remove the entry.",
        )
        return None
    if "board" in entry:
        problems.add(
            f"{where}, key 'board'",
            f"a talk has no board: {session.name} is a talk session",
            "Give position = 1, 2, ... (the talk's place in the room's running order) instead, "
            "or name a poster session to pin the paper's poster.",
        )
        return None
    room_ok, room = _talk_room(entry, where, plan.venue, session, places, problems)
    if not room_ok:
        return None
    position_ok, position = _talk_position(entry, where, room, problems)
    if not position_ok:
        return None
    return Pin(
        paper=talk.paper,
        session=session.id,
        room=room.id if room else None,
        position=position,
        source=SOURCE,
    )


def _talk_room(
    entry: dict, where: str, venue: Venue, session: Session, places: Places, problems: Problems
) -> tuple[bool, Room | None]:
    """Whether a talk pin's room can be used (a room with seats, open in the session)."""
    if "room" not in entry:
        return True, None
    room_text = text_of(entry.get("room")) or ""
    room, _ = places.talk_rooms.find(room_text) if room_text else (None, "")
    if room is None:
        boards_only, _ = places.rooms.find(room_text) if room_text else (None, "")
        problems.add(
            f"{where}, key 'room'",
            f"{boards_only.name} has no seats for talks"
            if boards_only is not None
            else f"there is no room '{show(room_text)}'",
            "Use a room with seats: " + ", ".join(r.id for r in venue.talk_rooms) + ".",
        )
        return False, None
    if not _open(room, session, venue.talk_rooms_in(session.id), "with seats ", where, problems):
        return False, None
    return True, room


def _talk_position(
    entry: dict, where: str, room: Room | None, problems: Problems
) -> tuple[bool, int | None]:
    """Whether a talk pin's position can be used (a whole number from 1, beside a room)."""
    if "position" not in entry:
        return True, None
    value = entry["position"]
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        problems.add(
            f"{where}, key 'position'",
            f"position = {show(repr(value))} is not a place in a running order",
            "Give a whole number: position = 1 for the room's first talk.",
        )
        return False, None
    if room is None:
        problems.add(
            f"{where}, key 'position'",
            "a position needs a room",
            "Give the room too, or leave the position out.",
        )
        return False, None
    return True, value
