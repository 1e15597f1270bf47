"""The venue's [[sessions]] and [[rooms]] tables, and the limits on both together.

Sessions are read first, since a room names the sessions it is open in
(and how many boards it has in each); what the rooms hold over all
sessions, and the spare boards each keeps, is checked once [rules] is read.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from planner.core.errors import Problems
from planner.core.limits import MAX_BOARD_SLOTS, MAX_SPAN_DAYS
from planner.read.conference import Room, Rules, Session
from planner.read.venue.problems import add_fault, first_fault, unknown_keys
from planner.read.venue.schema import Checked, RoomTable, SessionTable, VenueTable, check


def read_sessions(
    top: Checked[VenueTable], raw: list[Any], tz: ZoneInfo | None, problems: Problems
) -> list[Session]:
    """The [[sessions]] tables as sessions, leaving out each one with a problem."""
    if add_fault(problems, "[[sessions]]", top.fault("sessions")):
        return []
    out: list[Session] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        where = f"[[sessions]] #{i}"
        checked = check(SessionTable, item, {"tz": tz})
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[sessions]] with keys below it.")
            continue
        unknown_keys(problems, where, checked, SessionTable)
        if add_fault(problems, where, checked.fault("id")):
            continue
        sid = str(item["id"]).strip()  # the id is good: a string or number
        where = f"[[sessions]] '{sid}'"
        if sid in seen:
            problems.add(where, "the id is used twice", "Give every session its own id.")
            continue
        seen.add(sid)
        table = checked.model
        if first_fault(problems, where, checked) or table is None or table.end is None:
            continue
        assert table.start is not None  # the end's check says so
        out.append(
            Session(
                id=sid, name=table.name or sid, start=table.start, end=table.end, kind=table.kind
            )
        )
    return out


def check_span(sessions: list[Session], problems: Problems) -> None:
    """Adds a problem when the sessions span more days than the planner lays out."""
    if not sessions:
        return
    first, last = min(s.start for s in sessions), max(s.end for s in sessions)
    if (last - first).days >= MAX_SPAN_DAYS:
        problems.add(
            "[[sessions]]",
            f"the sessions span {(last - first).days:,} days "
            f"({first:%Y-%m-%d} to {last:%Y-%m-%d}), more than the {MAX_SPAN_DAYS} "
            "the planner lays out",
            "Check the dates (see the README's limits).",
        )


def read_rooms(
    top: Checked[VenueTable], raw: list[Any], session_ids: set[str], problems: Problems
) -> list[Room]:
    """The [[rooms]] tables as rooms, leaving out each one with a problem."""
    if add_fault(problems, "[[rooms]]", top.fault("rooms")):
        return []
    out: list[Room] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        room = _room(item, i, seen, session_ids, problems)
        if room is not None:
            out.append(room)
    return out


def _room(
    item: Any, i: int, seen: set[str], session_ids: set[str], problems: Problems
) -> Room | None:
    """The i-th [[rooms]] table as a room; None once its problems are added."""
    where = f"[[rooms]] #{i}"
    checked = check(RoomTable, item)
    if checked.not_table:
        problems.add(where, "is not a table", "Write it as [[rooms]] with keys below it.")
        return None
    unknown_keys(problems, where, checked, RoomTable)
    if add_fault(problems, where, checked.fault("id")):
        return None
    rid = str(item["id"]).strip()
    if rid in seen:
        problems.add(f"[[rooms]] '{rid}'", "the id is used twice", "Give every room its own id.")
        return None
    seen.add(rid)
    where = f"[[rooms]] '{rid}'"
    if add_fault(problems, where, checked.fault("seats")):
        return None
    if add_fault(problems, where, checked.fault("boards")):
        return None
    # Every check below runs, so one reading lists all of the room's problems.
    ok = not add_fault(problems, where, checked.fault("board_prefix"))
    ok &= not add_fault(problems, where, checked.fault("sessions"))
    ok &= _room_sessions_ok(checked.model, session_ids, where, problems)
    ok &= _boards_by_session_ok(checked, item, session_ids, where, problems)
    ok &= not add_fault(problems, where, checked.fault("spare_boards"))
    table = checked.model
    if not ok or table is None:
        return None
    return Room(
        id=rid,
        name=table.name or rid,
        boards=table.boards,
        sessions=table.sessions,
        board_prefix=table.board_prefix,
        spare_boards=table.spare_boards,
        boards_by_session=table.boards_by_session,
        seats=table.seats,
    )


def _room_sessions_ok(
    table: RoomTable | None, session_ids: set[str], where: str, problems: Problems
) -> bool:
    """Whether the sessions a room names (None: all) are defined; adds a problem for each not."""
    if table is None or table.sessions is None:
        return True
    ok = True
    for s in table.sessions:
        if s not in session_ids:
            problems.add(
                where,
                f"names session '{s}', which is not defined",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
    return ok


def _boards_by_session_ok(
    checked: Checked[RoomTable],
    item: dict[str, Any],
    session_ids: set[str],
    where: str,
    problems: Problems,
) -> bool:
    """Whether the room's boards_by_session names defined sessions with good counts."""
    if add_fault(problems, where, checked.fault("boards_by_session")):
        return False
    ok = True
    for s in item.get("boards_by_session", {}):
        if s not in session_ids:
            problems.add(
                where,
                f"boards_by_session names unknown session '{s}'",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
        elif (found := checked.fault("boards_by_session", s)) is not None:
            problems.add(where, f"boards_by_session.{s} {found[0]}", found[1])
            ok = False
    return ok


def check_board_slots(rooms: list[Room], session_ids: set[str], problems: Problems) -> None:
    """Adds a problem when the rooms have more boards over all sessions than the planner takes."""
    slots = sum(r.board_count(s) for r in rooms for s in session_ids if r.is_open(s))
    if slots > MAX_BOARD_SLOTS:
        problems.add(
            "[[rooms]]",
            f"the rooms have {slots:,} boards over all sessions, more than "
            f"the {MAX_BOARD_SLOTS:,} the planner lays out",
            "Check the board counts (see the README's limits).",
        )


def check_spare_boards(
    rooms: list[Room], session_ids: set[str], rules: Rules, problems: Problems
) -> None:
    """Adds a problem for each room that keeps as many spare boards as it has in a session."""
    for room in rooms:
        spare = rules.spare_boards if room.spare_boards is None else room.spare_boards
        for sid in sorted(session_ids):  # the same session named on every run
            # A room with 0 boards in a session (boards_by_session) is simply closed then.
            if room.is_open(sid) and 0 < room.board_count(sid) <= spare:
                problems.add(
                    f"[[rooms]] '{room.id}'",
                    f"keeps {spare} spare boards but has only {room.board_count(sid)}",
                    "Lower spare_boards or add boards.",
                )
                break
