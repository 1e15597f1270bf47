"""Talks moved by hand in the workbook's Talks sheet, read back as talk pins.

An organizer moves a talk by editing its row of the running-order table on
the Talks sheet of ``plan.xlsx``: another talk session, room, or position in
the room's running order.  The rerun compares each row with the plan that
wrote the workbook and keeps every changed row as a talk pin
(``source="workbook"``), as a changed Placements row pins a poster
(planner.edits.workbook_rows).  Only the moved rows count: a talk moved to
position 1 need not renumber the others, which make room for it, and the
talks after a moved talk close up; the rest of the programme is planned
around the pins.

Columns are found by their headers (Session, Room, Position, Paper); the
times, minutes and the other columns are the planner's to recompute and are
ignored.  Sessions and rooms may be typed by name or id, in any case.  The
table ends at its first empty row (below it the sheet lists the posters
before their talk, which are not read).  A plan without talks, or a workbook
without a Talks sheet, has no talk edits.

Anything that cannot be used (an unknown paper, talk session or room, a room
without seats or closed then, a position that is no whole number of 1 or
more, two moved talks at one position, a talk listed twice) is an
:class:`InputError` naming the sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from planner.core.errors import Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import show
from planner.edits.workbook_rows import _Lookup, _open_workbook, _sheet_rows, _text
from planner.outputs.workbook.names import COL_PAPER, COL_ROOM, COL_SESSION, TALKS
from planner.plan.records import Plan, TalkRecord
from planner.read.conference import Pin, Room, Session

COL_POSITION = "Position"  # planner.outputs.workbook.talks.TALK_COLUMNS
REQUIRED = (COL_SESSION, COL_ROOM, COL_POSITION, COL_PAPER)
SOURCE = "workbook"


def read_talk_edit_rows(path: Path, plan: Plan) -> list[tuple[Pin, int]]:
    """A talk pin for every running-order row that differs from ``plan``, with its row."""
    if not plan.talks:
        return []
    shown = display_path(path)
    wb = _open_workbook(path, shown)
    try:
        sheet = next((ws for ws in wb.worksheets if ws.title.casefold() == TALKS.casefold()), None)
        rows = _sheet_rows(sheet, shown) if sheet is not None else []
    finally:
        wb.close()
    header = _header(rows)
    if header is None:
        return []
    reader = _TalkRows(plan, header[1], Problems(shown))
    pins = []
    for row, values in enumerate(rows[header[0] :], header[0] + 1):
        if all(_text(v) == "" for v in values):
            break  # the end of the running-order table
        pin = reader.read(row, values)
        if pin is not None:
            pins.append((pin, row))
    reader.problems.raise_if_any()
    return pins


def _header(rows: list[tuple[Any, ...]]) -> tuple[int, dict[str, int]] | None:
    """The header row (1-based) and the column of each required header; None if absent."""
    for r, values in enumerate(rows[:10], 1):
        names = [_text(v).casefold() for v in values]
        if all(c.casefold() in names for c in REQUIRED):
            return r, {c: names.index(c.casefold()) for c in REQUIRED}
    return None


class _TalkRows:
    """Reads the running-order rows one by one, remembering papers and positions seen."""

    def __init__(self, plan: Plan, col: dict[str, int], problems: Problems) -> None:
        self.venue = plan.venue
        self.col, self.problems = col, problems
        self.sessions = _Lookup(self.venue.talk_sessions)
        self.rooms = _Lookup(self.venue.talk_rooms)
        self.talk_of = {canonical_id(t.paper): t for t in plan.talks}
        self.seen: dict[str, int] = {}  # paper -> row
        self.taken: dict[tuple[str, str, int], tuple[str, int]] = {}  # place -> (paper, row)

    def where(self, row: int, column: str) -> str:
        return f"sheet '{TALKS}', row {row}, column {get_column_letter(self.col[column] + 1)}"

    def cell(self, values: tuple[Any, ...], column: str) -> str:
        i = self.col[column]
        return _text(values[i]) if i < len(values) else ""

    def read(self, row: int, values: tuple[Any, ...]) -> Pin | None:
        """The pin a row asks for: None when it moves nothing or has a problem (recorded)."""
        talk = self._talk(row, values)
        if talk is None:
            return None
        session, room = self._place(row, values)
        position = self._position(row, values)
        if session is None or room is None or position is None:
            return None
        spot = (session.id, room.id, position)
        if spot == (talk.session, talk.room, talk.position):
            return None  # untouched: the talks around moved ones shift as they must
        if spot in self.taken:
            other, first = self.taken[spot]
            self.problems.add(
                self.where(row, COL_POSITION),
                f"talk {talk.paper} is put at position {position} of {room.name} in "
                f"{session.name}, where row {first} puts talk {other}",
                "Give one of them another position.",
            )
            return None
        self.taken[spot] = (talk.paper, row)
        return Pin(
            paper=talk.paper, session=session.id, room=room.id, position=position, source=SOURCE
        )

    def _talk(self, row: int, values: tuple[Any, ...]) -> TalkRecord | None:
        pid = canonical_id(self.cell(values, COL_PAPER))
        talk = self.talk_of.get(pid)
        if talk is None:
            self.problems.add(
                self.where(row, COL_PAPER),
                f"paper '{show(pid)}' gives no talk in the plan",
                "Keep the Paper column as the planner wrote it; move talks by their session, "
                "room and position.",
            )
        elif pid in self.seen:
            self.problems.add(
                self.where(row, COL_PAPER),
                f"talk {pid} is listed again (first in row {self.seen[pid]})",
                "Keep one row per talk.",
            )
            return None
        else:
            self.seen[pid] = row
        return talk

    def _place(self, row: int, values: tuple[Any, ...]) -> tuple[Session | None, Room | None]:
        """The row's talk session and room with seats open then; None for what is wrong."""
        session, why = self.sessions.find(self.cell(values, COL_SESSION))
        if session is None:
            self.problems.add(
                self.where(row, COL_SESSION),
                f"there is no talk session '{show(self.cell(values, COL_SESSION))}'"
                + (" (two have that name)" if why == "ambiguous" else ""),
                f"Use a talk session's name or id: {self.sessions.choices()}.",
            )
            return None, None
        room, why = self.rooms.find(self.cell(values, COL_ROOM))
        if room is None or not room.is_open(session.id):
            self.problems.add(
                self.where(row, COL_ROOM),
                f"there is no room with seats '{show(self.cell(values, COL_ROOM))}' open in "
                f"{session.name}",
                "Use one of: "
                + ", ".join(r.name for r in self.venue.talk_rooms_in(session.id))
                + ".",
            )
            return session, None
        return session, room

    def _position(self, row: int, values: tuple[Any, ...]) -> int | None:
        text = self.cell(values, COL_POSITION)
        if text.isdigit() and int(text) >= 1:
            return int(text)
        self.problems.add(
            self.where(row, COL_POSITION),
            f"position '{show(text)}' is not a place in a running order",
            "Give the talk's place in its room's running order: 1 for the first talk.",
        )
        return None
