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

from planner.boards import board_label, board_number
from planner.conference import Pin, Room, Session
from planner.errors import InputError, Problem, Problems, display_path
from planner.exports.workbook import COL_BOARD, COL_PAPER, COL_ROOM, COL_SESSION, PLACEMENTS
from planner.ids import canonical_id
from planner.limits import check_xlsx_size, show
from planner.plan import Plan
from planner.text import display_key

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

    Names are compared as they read back from a cell (planner.text.display_key:
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
        wb = load_workbook(path, read_only=True, data_only=True)
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
    try:
        ws = _sheet(wb, shown)
        try:
            rows = [tuple(r) for r in ws.iter_rows(values_only=True)]
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
    finally:
        wb.close()
    header_row, col = _header(rows, shown)

    venue = plan.venue
    sessions, rooms = _Lookup(venue.sessions), _Lookup(venue.rooms)
    placed = {canonical_id(pl.paper): pl for pl in plan.placements}
    problems = Problems(shown)
    seen: dict[str, int] = {}  # paper -> row
    taken: dict[tuple[str, str, int], tuple[str, int]] = {}  # board -> (paper, row)
    pins: list[tuple[Pin, int]] = []
    board_numbers = _BoardNumbers(venue.rules.board_label)

    def where(row: int, column: str) -> str:
        return f"sheet '{PLACEMENTS}', row {row}, column {get_column_letter(col[column] + 1)}"

    def cell(values: tuple[Any, ...], column: str) -> Any:
        i = col[column]
        return values[i] if i < len(values) else None

    for row, values in enumerate(rows[header_row:], header_row + 1):
        if all(_text(v) == "" for v in values):
            continue
        raw_paper = cell(values, COL_PAPER)
        if _text(raw_paper) == "":
            problems.add(
                where(row, COL_PAPER),
                "the row has no paper id",
                "Fill in the paper id, or delete the row.",
            )
            continue
        pid = canonical_id(raw_paper)
        placement = placed.get(pid)
        if placement is None:
            problems.add(
                where(row, COL_PAPER),
                f"paper '{show(_text(raw_paper))}' is not in the plan",
                "Only posters the planner placed can be moved here; add new papers to the "
                "paper list instead.",
            )
            continue
        if pid in seen:
            problems.add(
                where(row, COL_PAPER),
                f"paper {placement.paper} appears again (first on row {seen[pid]})",
                "Keep one row per paper.",
            )
            continue
        seen[pid] = row

        session = _session(
            cell(values, COL_SESSION),
            sessions,
            row,
            where,
            problems,
            venue.session_by_id.get(placement.session),
        )
        room = _room(
            cell(values, COL_ROOM),
            rooms,
            row,
            where,
            problems,
            venue.room_by_id.get(placement.room),
        )
        if session is None or room is None:
            continue
        if not room.is_open(session.id):
            problems.add(
                where(row, COL_ROOM),
                f"{room.name} is not open in {session.name}",
                f"Pick a room open in that session: "
                f"{', '.join(r.name for r in venue.rooms_in(session.id))}.",
            )
            continue
        count = room.board_count(session.id)
        board_text = _text(cell(values, COL_BOARD))
        number: int | None = None
        if board_text:
            number = board_numbers.number(board_text, room.board_prefix, count)
            if number is None or not 1 <= number <= count:
                first = board_label(room.board_prefix, 1, venue.rules.board_label)
                last = board_label(room.board_prefix, count, venue.rules.board_label)
                problems.add(
                    where(row, COL_BOARD),
                    f"board '{show(board_text)}' is not a board of {room.name} in {session.name}",
                    f"Use a board from {first} to {last}, or leave the cell empty to let the "
                    "planner choose.",
                )
                continue
            spot = (session.id, room.id, number)
            if spot in taken:
                other, other_row = taken[spot]
                taken_label = board_label(room.board_prefix, number, venue.rules.board_label)
                problems.add(
                    where(row, COL_BOARD),
                    f"papers {other} (row {other_row}) and {placement.paper} are both on board "
                    f"{taken_label} of {room.name} in {session.name}",
                    "Move one of them to a free board, or empty its board cell to let the "
                    "planner choose.",
                )
                continue
            taken[spot] = (placement.paper, row)

        moved = session.id != placement.session or room.id != placement.room
        if number is not None and number != placement.board:
            moved = True
        if not moved:
            continue
        label = (
            board_label(room.board_prefix, number, venue.rules.board_label)
            if number is not None
            else None
        )
        pin = Pin(
            paper=placement.paper, session=session.id, room=room.id, board=label, source=SOURCE
        )
        pins.append((pin, row))
    problems.raise_if_any()
    return pins


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
