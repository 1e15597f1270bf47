"""Hand edits read back from the organizers' workbook.

An organizer moves a poster by editing its row on the Placements sheet of
``plan.xlsx`` (in Excel or LibreOffice): another session, room or board.  The
rerun reads the sheet, compares each row with the plan that wrote the
workbook, and keeps every changed row as a pin (``source="workbook"``).

Columns are found by their headers (Paper, Session, Room, Board), so moved or
added columns do no harm; other columns (times, status, ...) are ignored.
Sessions and rooms may be typed by name or id, in any case; boards by label
("A12") or number ("12").  An empty board cell lets the planner choose the
board in the row's session and room.  Deleted rows keep their posters where
the plan has them.

Anything that cannot be used (a file that is no workbook, a missing sheet or
column, an unknown paper, session or room, a board the room lacks, two
posters on one board) is an :class:`InputError` naming the sheet, row and
column.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import check_xlsx_size, sheet_rows, show
from planner.core.text import display_key
from planner.outputs.workbook.names import COL_BOARD, COL_PAPER, COL_ROOM, COL_SESSION, PLACEMENTS
from planner.plan.records import Placement, Plan
from planner.read.board_labels import board_label, board_number
from planner.read.conference import Pin, Room, Session

REQUIRED = (COL_PAPER, COL_SESSION, COL_ROOM, COL_BOARD)
HEADER_SEARCH_ROWS = 10  # the header may sit below a few rows an organizer inserted
SOURCE = "workbook"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _sheet(wb: Any, shown: str) -> Worksheet:
    for ws in wb.worksheets:
        if ws.title.strip().casefold() == PLACEMENTS.casefold():
            return ws
    raise InputError(
        Problem(
            shown,
            f"sheet '{PLACEMENTS}'",
            f"the workbook has no sheet '{PLACEMENTS}' (it has: {', '.join(wb.sheetnames)})",
            "Use the plan.xlsx the planner wrote, and keep its Placements sheet and name.",
        )
    )


def _header(rows: list[tuple[Any, ...]], shown: str) -> tuple[int, dict[str, int]]:
    """The header row (1-based) and the 0-based index of each required column."""
    best: tuple[int, dict[str, int]] = (1, {})
    for r, values in enumerate(rows[:HEADER_SEARCH_ROWS], 1):
        found: dict[str, int] = {}
        for i, value in enumerate(values):
            name = _text(value).casefold()
            for wanted in REQUIRED:
                if name == wanted.casefold() and wanted not in found:
                    found[wanted] = i
        if len(found) == len(REQUIRED):
            return r, found
        if len(found) > len(best[1]):
            best = (r, found)
    row, found = best
    missing = [c for c in REQUIRED if c not in found]
    raise InputError(
        Problem(
            shown,
            f"sheet '{PLACEMENTS}', row {row}",
            f"the header row has no column {', '.join(repr(c) for c in missing)}",
            f"Keep the header row with the columns {', '.join(REQUIRED)} as the planner "
            "wrote them.",
        )
    )


class _Lookup:
    """Sessions or rooms by id or name, ignoring case and spacing; ids win over names.

    Names are compared as they read back from a cell (planner.core.text.display_key:
    the workbook drops characters a cell cannot hold), so an untouched row
    always finds its own session and room.
    """

    def __init__(self, items: list[Any]) -> None:
        self.items = items
        self.by_id = {i.id.strip().casefold(): i for i in items}
        self.by_name: dict[str, list[Any]] = {}
        for i in items:
            self.by_name.setdefault(display_key(i.name), []).append(i)

    def find(self, text: str) -> tuple[Any | None, str]:
        key = display_key(text)
        if key in self.by_id:
            return self.by_id[key], ""
        named = self.by_name.get(key, [])
        if len(named) == 1:
            return named[0], ""
        if len(named) > 1:
            return None, "ambiguous"
        return None, "unknown"

    def choices(self) -> str:
        return ", ".join(f"{i.name} ({i.id})" for i in self.items)


class _BoardNumbers:
    """``checks.board_number`` for many rows: each room's labels are listed once.

    board_number tries the labels of boards 1..n in turn for every call, which
    for 2,600 rows of a 460-board hall is half a million labels; here the first
    board with each label is looked up instead, with the same result.
    """

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._labels: dict[tuple[str, int], dict[str, int]] = {}  # (prefix, boards) -> labels

    def number(self, text: str, prefix: str, boards: int) -> int | None:
        labels = self._labels.get((prefix, boards))
        if labels is None:
            labels = {}
            for n in range(1, boards + 1):
                labels.setdefault(board_label(prefix, n, self.pattern).casefold(), n)
            self._labels[(prefix, boards)] = labels
        found = labels.get(text.strip().casefold())
        # No board has that label: board_number's reading of "A12" or "12".
        return found if found is not None else board_number(text, prefix, self.pattern, 0)


def read_hand_edits(path: Path, plan: Plan) -> list[Pin]:
    """Pins for every Placements row whose session, room or board differs from ``plan``."""
    return [pin for pin, _ in read_hand_edit_rows(path, plan)]


def read_hand_edit_rows(path: Path, plan: Plan) -> list[tuple[Pin, int]]:
    """read_hand_edits with each pin's row, so a conflict with the report's edits names it."""
    shown = display_path(path)
    rows = _read_rows(path, shown)
    header_row, col = _header(rows, shown)
    reader = _RowReader(plan, col, Problems(shown))
    pins: list[tuple[Pin, int]] = []
    for row, values in enumerate(rows[header_row:], header_row + 1):
        pin = reader.read(row, values)
        if pin is not None:
            pins.append((pin, row))
    reader.problems.raise_if_any()
    return pins


def _read_rows(path: Path, shown: str) -> list[tuple[Any, ...]]:
    """Every row of the workbook's Placements sheet, as cell values."""
    wb = _open_workbook(path, shown)
    try:
        return _sheet_rows(_sheet(wb, shown), shown)
    finally:
        wb.close()


def _open_workbook(path: Path, shown: str) -> Any:
    """The workbook at ``path``, opened read-only; InputError if it is no readable .xlsx file."""
    if path.is_symlink() or not path.is_file():  # its own file, never through a link
        raise InputError(
            Problem(
                shown,
                "",
                "the workbook cannot be read (it is a symbolic link or not a file)",
                "Put the plan.xlsx the planner wrote back, or rerun with --fresh.",
            )
        )
    check_xlsx_size(path, shown)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        reason = str(exc).strip() or type(exc).__name__
        raise InputError(
            Problem(
                shown,
                "",
                f"the workbook cannot be read as .xlsx ({reason})",
                "Save it from Excel or LibreOffice as an Excel 2007-365 workbook (.xlsx), or "
                "restore plan.xlsx from the archive folder.",
            )
        ) from None


def _sheet_rows(ws: Worksheet, shown: str) -> list[tuple[Any, ...]]:
    """The sheet's rows as tuples of values; InputError if the sheet is damaged.

    Only the stored rows with a value are read (a note typed into XFD1048576
    must not make the sheet a billion cells); the rows between them are one
    shared empty tuple, so that a row's place is still its number.
    """
    try:
        rows: list[tuple[Any, ...]] = []
        for number, values in sheet_rows(ws):
            rows.extend([()] * (number - 1 - len(rows)))
            rows.append(values)
        return rows
    except Exception as exc:  # a sheet damaged past what openpyxl checks on opening
        reason = str(exc).strip() or type(exc).__name__
        raise InputError(
            Problem(
                shown,
                f"sheet '{PLACEMENTS}'",
                f"the sheet cannot be read ({reason[:200]})",
                "Save the workbook again from Excel or LibreOffice, restore plan.xlsx from the "
                "archive folder, or rerun with --fresh.",
            )
        ) from None


class _RowReader:
    """Reads the Placements rows one by one against the plan, collecting their problems.

    It remembers the rows read so far, so that a paper listed twice or two
    posters put on one board are caught.
    """

    def __init__(self, plan: Plan, col: dict[str, int], problems: Problems) -> None:
        self.venue = plan.venue
        self.col = col
        self.problems = problems
        self.sessions, self.rooms = _Lookup(self.venue.sessions), _Lookup(self.venue.rooms)
        self.placed = {canonical_id(pl.paper): pl for pl in plan.placements}
        self.seen: dict[str, int] = {}  # paper -> row
        self.taken: dict[tuple[str, str, int], tuple[str, int]] = {}  # board -> (paper, row)
        self.board_numbers = _BoardNumbers(self.venue.rules.board_label)

    def where(self, row: int, column: str) -> str:
        """The sheet, row and column letter a problem names."""
        return f"sheet '{PLACEMENTS}', row {row}, column {get_column_letter(self.col[column] + 1)}"

    def cell(self, values: tuple[Any, ...], column: str) -> Any:
        """The row's value in ``column``; None where the row is shorter."""
        i = self.col[column]
        return values[i] if i < len(values) else None

    def label(self, room: Room, number: int) -> str:
        """The venue's label of board ``number`` in ``room``."""
        return board_label(room.board_prefix, number, self.venue.rules.board_label)

    def read(self, row: int, values: tuple[Any, ...]) -> Pin | None:
        """The pin a row asks for: None when it moves nothing or has a problem (recorded)."""
        if all(_text(v) == "" for v in values):
            return None
        placement = self.placement(row, values)
        if placement is None:
            return None
        found = self.session_and_room(row, values, placement)
        if found is None:
            return None
        session, room = found
        number: int | None = None
        board_text = _text(self.cell(values, COL_BOARD))
        if board_text:
            number = self.board(row, board_text, placement, session, room)
            if number is None:
                return None
        return self.pin(placement, session, room, number)

    def placement(self, row: int, values: tuple[Any, ...]) -> Placement | None:
        """The plan's placement of the row's paper; None for a missing, unknown or repeated one."""
        raw_paper = self.cell(values, COL_PAPER)
        if _text(raw_paper) == "":
            self.problems.add(
                self.where(row, COL_PAPER),
                "the row has no paper id",
                "Fill in the paper id, or delete the row.",
            )
            return None
        pid = canonical_id(raw_paper)
        placement = self.placed.get(pid)
        if placement is None:
            self.problems.add(
                self.where(row, COL_PAPER),
                f"paper '{show(_text(raw_paper))}' is not in the plan",
                "Only posters the planner placed can be moved here; add new papers to the "
                "paper list instead.",
            )
            return None
        if pid in self.seen:
            self.problems.add(
                self.where(row, COL_PAPER),
                f"paper {placement.paper} appears again (first on row {self.seen[pid]})",
                "Keep one row per paper.",
            )
            return None
        self.seen[pid] = row
        return placement

    def session_and_room(
        self, row: int, values: tuple[Any, ...], placement: Placement
    ) -> tuple[Session, Room] | None:
        """The session and room the row names; None when either is unknown or the room closed."""
        session = _session(
            self.cell(values, COL_SESSION),
            self.sessions,
            row,
            self.where,
            self.problems,
            self.venue.session_by_id.get(placement.session),
        )
        room = _room(
            self.cell(values, COL_ROOM),
            self.rooms,
            row,
            self.where,
            self.problems,
            self.venue.room_by_id.get(placement.room),
        )
        if session is None or room is None:
            return None
        if not room.is_open(session.id):
            self.problems.add(
                self.where(row, COL_ROOM),
                f"{room.name} is not open in {session.name}",
                f"Pick a room open in that session: "
                f"{', '.join(r.name for r in self.venue.rooms_in(session.id))}.",
            )
            return None
        return session, room

    def board(
        self, row: int, board_text: str, placement: Placement, session: Session, room: Room
    ) -> int | None:
        """The number a filled board cell names; None when the room lacks it or it is taken."""
        count = room.board_count(session.id)
        number = self.board_numbers.number(board_text, room.board_prefix, count)
        if number is None or not 1 <= number <= count:
            self.problems.add(
                self.where(row, COL_BOARD),
                f"board '{show(board_text)}' is not a board of {room.name} in {session.name}",
                f"Use a board from {self.label(room, 1)} to {self.label(room, count)}, or leave "
                "the cell empty to let the planner choose.",
            )
            return None
        spot = (session.id, room.id, number)
        if spot in self.taken:
            other, other_row = self.taken[spot]
            self.problems.add(
                self.where(row, COL_BOARD),
                f"papers {other} (row {other_row}) and {placement.paper} are both on board "
                f"{self.label(room, number)} of {room.name} in {session.name}",
                "Move one of them to a free board, or empty its board cell to let the "
                "planner choose.",
            )
            return None
        self.taken[spot] = (placement.paper, row)
        return number

    def pin(
        self, placement: Placement, session: Session, room: Room, number: int | None
    ) -> Pin | None:
        """A pin to the row's session, room and board; None when the row moves nothing."""
        moved = (
            session.id != placement.session
            or room.id != placement.room
            or (number is not None and number != placement.board)
        )
        if not moved:
            return None
        label = self.label(room, number) if number is not None else None
        return Pin(
            paper=placement.paper, session=session.id, room=room.id, board=label, source=SOURCE
        )


def _session(
    value: Any,
    lookup: _Lookup,
    row: int,
    where: Any,
    problems: Problems,
    current: Session | None = None,
) -> Session | None:
    return _find(value, lookup, row, where, problems, COL_SESSION, "session", current)


def _room(
    value: Any,
    lookup: _Lookup,
    row: int,
    where: Any,
    problems: Problems,
    current: Room | None = None,
) -> Room | None:
    return _find(value, lookup, row, where, problems, COL_ROOM, "room", current)


def _find(
    value: Any,
    lookup: _Lookup,
    row: int,
    where: Any,
    problems: Problems,
    column: str,
    kind: str,
    current: Any = None,
) -> Any:
    text = _text(value)
    # An untouched cell reads as the row's own session or room, even where a plan
    # of an older planner let two of them share a name.
    if (
        current is not None
        and text
        and display_key(text) in (display_key(current.name), current.id.strip().casefold())
    ):
        return current
    if not text:
        problems.add(
            where(row, column),
            f"the {kind} is empty",
            f"Give a {kind} name or id: {lookup.choices()}.",
        )
        return None
    found, why = lookup.find(text)
    if found is None:
        what = (
            f"'{show(text)}' names more than one {kind}"
            if why == "ambiguous"
            else f"there is no {kind} '{show(text)}'"
        )
        problems.add(where(row, column), what, f"Use a {kind} name or id: {lookup.choices()}.")
    return found
