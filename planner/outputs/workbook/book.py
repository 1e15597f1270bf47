"""``plan.xlsx``: the organizers' workbook (described in the README, "Outputs").

Sheets: Overview (sessions x rooms, main topics, the plan's figures),
Placements (one row per poster, an Excel table organizers may edit and feed
back, see :mod:`planner.edits.workbook_rows`), one printable board map per
session, Authors, Clashes, Changes and About, plus a hidden Lists sheet that
the session and room drop-downs of Placements read from.

Safety: every string is stored as text (a title starting with ``=`` is never
a formula), characters a workbook cannot hold are dropped, and date-times are
naive local conference time (the venue's zone is stated on Overview and
About); a time-zone-aware value is refused rather than written.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections import Counter
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.text import xml_safe
from planner.outputs.place_rules import rule_label, rule_loads, rules_of
from planner.outputs.workbook.sheet_xml import buffer_cells, cells_of, save
from planner.plan import figure_text
from planner.plan.records import PaperRecord, Placement, Plan
from planner.read.board_labels import board_label
from planner.read.conference import Session

FILE = "plan.xlsx"

OVERVIEW = "Overview"
PLACEMENTS = "Placements"
AUTHORS = "Authors"
CLASHES = "Clashes"
HANDOVERS = "Presenters"
CHANGES = "Changes"
ABOUT = "About"
LISTS = "Lists"
FIXED_SHEETS = (OVERVIEW, PLACEMENTS, AUTHORS, CLASHES, HANDOVERS, CHANGES, ABOUT, LISTS)

# Placements columns: (header, width).  The reader finds columns by these
# headers, so organizers may reorder columns without breaking the read-back.
COL_PAPER = "Paper"
COL_SESSION = "Session"
COL_ROOM = "Room"
COL_BOARD = "Board"
PLACEMENT_COLUMNS: list[tuple[str, float]] = [
    (COL_PAPER, 10),
    ("Title", 60),
    ("Authors", 40),
    ("Presenter", 24),
    ("Topic", 26),
    (COL_SESSION, 28),
    ("Start", 17),
    ("End", 17),
    (COL_ROOM, 24),
    (COL_BOARD, 8),
    ("Status", 10),
    ("Reason", 40),
    ("Rule", 14),  # the [[place]] rules that matched the poster ("remote")
]
BOARD_COLUMNS: list[tuple[str, float]] = [
    (COL_BOARD, 8),
    (COL_PAPER, 10),
    ("Title", 62),
    ("Presenter", 24),
    ("First author", 24),
    ("Topic", 24),
    (COL_ROOM, 22),
]
AUTHOR_COLUMNS: list[tuple[str, float]] = [
    ("Person", 26),
    ("Person id", 12),
    ("Affiliation", 30),
    ("Emails", 28),
    (COL_PAPER, 10),
    ("Title", 50),
    ("Role", 11),
    (COL_SESSION, 26),
    ("Start", 17),
    ("End", 17),
    (COL_ROOM, 22),
    (COL_BOARD, 8),
    ("Clash", 40),
]
MAP_WRAPPED = (3, 4, 5, 6, 7)  # board map columns that wrap: title, people, topic, room
CLASH_COLUMNS: list[tuple[str, float]] = [
    ("Person", 26),
    ("Paper A", 10),
    ("Session A", 26),
    ("Paper B", 10),
    ("Session B", 26),
    ("Presenter", 10),
    ("Reason", 60),
]
HANDOVER_COLUMNS: list[tuple[str, float]] = [
    (COL_PAPER, 10),
    ("Title", 50),
    ("Chosen presenter", 26),
    ("Presents instead", 26),
    ("Why", 50),
    ("To choose someone else", 34),
]

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_CELL = 32767  # characters a cell holds
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
CLASH_FILL = PatternFill("solid", fgColor="F8CBAD")
STATUS_FILL = {
    "moved": PatternFill("solid", fgColor="FFE699"),
    "new": PatternFill("solid", fgColor="C6E0B4"),
    "pinned": PatternFill("solid", fgColor="D9D9D9"),
}
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


# --- cells -------------------------------------------------------------------------------------


def safe_text(text: str) -> str:
    """Text a cell can hold: nothing XML refuses (planner.core.text), at most 32767 characters."""
    return xml_safe(text)[:MAX_CELL]


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    number_format: str | None = None,
    font: Font | None = None,
    fill: PatternFill | None = None,
    align: Alignment | None = None,
) -> None:
    """Writes one cell; strings always as text, never as a formula."""
    value = _cleaned(value)
    cells = cells_of(ws)
    if cells is not None:  # the workbook's own sheets: written as XML at the save
        cells.put(row, col, value, number_format, font, fill, align)
        return
    _set_cell(ws.cell(row=row, column=col), value, number_format, font, fill, align)


def _cleaned(value: Any) -> Any:
    """A value as a cell holds it: text without control characters; aware date-times refused."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise ValueError(f"refusing to write a time-zone-aware date-time ({value})")
    return value


def _set_cell(
    cell: Cell,
    value: Any,
    number_format: str | None,
    font: Font | None,
    fill: PatternFill | None,
    align: Alignment | None,
) -> None:
    """Sets a cleaned value and its style on an openpyxl cell."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # "=1+1" stays the text "=1+1"
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = number_format or DATETIME_FORMAT
    else:
        cell.value = value
        if number_format:
            cell.number_format = number_format
    if font is None and fill is None and align is None:
        return
    # Setting a style hashes it each time; 200,000 cells at ICML scale add up,
    # so a combination is applied once per workbook and its style ids copied.
    cache = cell.parent.parent.__dict__.setdefault("_planner_styles", {})
    key = (cell.number_format, id(font), id(fill), id(align))
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy(cached[0])
        return
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    cache[key] = (copy(cell._style), (font, fill, align))  # the objects keep their ids


def restyle(
    ws: Worksheet,
    row: int,
    col: int,
    fill: PatternFill | None = None,
    align: Alignment | None = None,
) -> None:
    """Gives the cell at (row, col) a fill or an alignment on top of its style."""
    cells = cells_of(ws)
    if cells is not None:
        cells.restyle(row, col, fill, align)
        return
    cell = ws.cell(row=row, column=col)
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align


# Printing: a wrapped cell's row must be as tall as its lines, or LibreOffice and
# Excel print the lines over the rows below.  Lines are counted as a word wrap at
# the column's width in characters (a proportional font fits a little more, so
# the estimate errs on the tall side); LINE_HEIGHT is an 11-point line in points.
LINE_HEIGHT = 14.5
TOPICS_WIDTH = 40  # Overview's column D, where each room's main topics wrap


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    if not text:
        return 1
    chars = max(4, math.floor(width) - 2)
    return max(1, len(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False)))


def fit_row(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Makes ``row`` tall enough for its wrapped (text, column width) cells."""
    lines = max((wrapped_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = round(lines * LINE_HEIGHT + 3, 1)


def print_setup(
    ws: Worksheet, title_rows: str | None = None, orientation: str = "landscape"
) -> None:
    """Every column on one page width (as many pages down as needed); the paper
    size is left to the printer (A4 or US Letter, both fit)."""
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def _header(ws: Worksheet, row: int, columns: Sequence[tuple[str, float]]) -> None:
    for col, (name, width) in enumerate(columns, 1):
        put(ws, row, col, name, font=BOLD, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width


def _row(ws: Worksheet, row: int, values: Iterable[Any], align: Alignment | None = TOP) -> None:
    cells = cells_of(ws)
    for col, value in enumerate(values, 1):
        if value is None or value == "":
            continue
        if cells is None:
            put(ws, row, col, value, align=align)
        else:  # put() without its per-cell dispatch: most of the 190,000 cells at ICML size
            cells.put(row, col, _cleaned(value), None, None, None, align)


def _table(ws: Worksheet, name: str, first_row: int, columns: int, last_row: int) -> None:
    """An Excel table (filters, banding) over a header row and its data rows."""
    last_row = max(last_row, first_row + 1)  # a table needs a data row, even an empty one
    ref = f"A{first_row}:{get_column_letter(columns)}{last_row}"
    ws.add_table(Table(displayName=name, ref=ref, tableStyleInfo=TABLE_STYLE))


# --- names -------------------------------------------------------------------------------------


def sheet_title(name: str, taken: set[str]) -> str:
    """A valid, unused sheet title for ``name``; adds the result to ``taken`` (case-folded).

    Excel's rules: at most 31 characters, none of ``[]:*?/\\``, not blank, no
    apostrophe at either end, unique ignoring case, and not "History".
    """
    base = safe_text(_BAD_TITLE.sub(" ", name))
    base = re.sub(r"\s+", " ", base).strip().strip("'").strip()[:31].strip()
    if not base or base.casefold() == "history":
        base = f"Session {base}".strip()[:31]
    title, n = base, 1
    while title.casefold() in taken:
        n += 1
        suffix = f" ({n})"
        title = base[: 31 - len(suffix)].rstrip() + suffix
    taken.add(title.casefold())
    return title


def board_sheet_titles(plan: Plan) -> dict[str, str]:
    """Session id -> the title of its board-map sheet, in venue order."""
    taken = {t.casefold() for t in FIXED_SHEETS}
    return {s.id: sheet_title(s.name, taken) for s in plan.venue.sessions}


def person_name(plan: Plan, key: str) -> str:
    try:
        person = plan.person(key)
    except KeyError:
        return key
    if person.name.strip():
        return person.name
    return f"(unnamed author {person.ids[0]})" if person.ids else f"(unnamed author {key})"


def _presenter(plan: Plan, paper: PaperRecord) -> str:
    return person_name(plan, paper.presenter) if paper.presenter else ""


def _when(session: Session) -> str:
    start, end = session.start, session.end
    if start.date() == end.date():
        return f"{start:%a %d %b %Y, %H:%M}–{end:%H:%M}"
    return f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %Y %H:%M}"


def _naive_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


def _ordered(plan: Plan) -> list[Placement]:
    """Placements in session, room and board order (the venue's order of sessions and rooms)."""
    s_index = {s.id: i for i, s in enumerate(plan.venue.sessions)}
    r_index = {r.id: i for i, r in enumerate(plan.venue.rooms)}
    return sorted(
        plan.placements,
        key=lambda pl: (
            s_index.get(pl.session, len(s_index)),
            r_index.get(pl.room, len(r_index)),
            pl.board,
            pl.paper,
        ),
    )


# --- sheets ------------------------------------------------------------------------------------


def _overview(ws: Worksheet, plan: Plan) -> None:
    venue, figures = plan.venue, plan.figures
    topics = {t.id: t.label for t in plan.topics}
    put(ws, 1, 1, f"{venue.name}: poster plan, revision {plan.revision}", font=TITLE)
    put(ws, 2, 1, f"All times are local conference time ({venue.timezone}).")

    row = 4
    put(ws, row, 1, "Posters per session and room (posters / boards)", font=BOLD)
    row += 1
    _header(
        ws,
        row,
        [(COL_SESSION, 30), ("Start", 17), ("End", 17)]
        + [(r.name, 18) for r in venue.rooms]
        + [("Total", 12)],
    )
    count = Counter((pl.session, pl.room) for pl in plan.placements)
    for session in venue.sessions:
        row += 1
        put(ws, row, 1, session.name)
        put(ws, row, 2, session.start)
        put(ws, row, 3, session.end)
        total = boards = 0
        for col, room in enumerate(venue.rooms, 4):
            if not room.is_open(session.id):
                put(ws, row, col, "closed")
                continue
            n, b = count[(session.id, room.id)], room.board_count(session.id)
            total, boards = total + n, boards + b
            put(ws, row, col, f"{n} / {b}")
        put(ws, row, 4 + len(venue.rooms), f"{total} / {boards}")
    row += 1
    put(ws, row, 1, "All sessions", font=BOLD)
    all_boards = sum(r.board_count(s.id) for s in venue.sessions for r in venue.rooms_in(s.id))
    put(ws, row, 4 + len(venue.rooms), f"{len(plan.placements)} / {all_boards}", font=BOLD)

    row += 2
    put(ws, row, 1, "Main topics per room", font=BOLD)
    row += 1
    put(ws, row, 1, COL_SESSION, font=BOLD, fill=HEADER_FILL)
    put(ws, row, 2, COL_ROOM, font=BOLD, fill=HEADER_FILL)
    put(ws, row, 3, "Posters", font=BOLD, fill=HEADER_FILL)
    put(ws, row, 4, "Main topics (posters)", font=BOLD, fill=HEADER_FILL)
    for session in venue.sessions:
        for room in venue.rooms_in(session.id):
            here = Counter(
                pl.topic
                for pl in plan.placements
                if pl.session == session.id and pl.room == room.id
            )
            if not here:
                continue
            main = sorted(here.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            row += 1
            text = "; ".join(f"{topics.get(t, t)} ({n})" for t, n in main)
            put(ws, row, 1, session.name, align=TOP)
            put(ws, row, 2, room.name, align=TOP)
            put(ws, row, 3, sum(here.values()), align=TOP)
            put(ws, row, 4, text, align=WRAP)
            fit_row(ws, row, [(text, TOPICS_WIDTH), (session.name, 34), (room.name, 24)])
    row = _rule_loads(ws, plan, row)

    row += 2
    put(ws, row, 1, "Figures", font=BOLD)
    changes = plan.changes
    rows: list[tuple[str, Any, str | None]] = [
        ("Posters", figures.posters, None),
        ("Placed", figures.placed, None),
        ("Shared-author clashes", figures.clashes, None),
        ("Clash lower bound (unavoidable)", figures.clash_lower_bound, None),
        ("Presenter clashes", figures.presenter_clashes, None),
        ("Presenters handed over (see Presenters)", len(plan.handovers), None),
        ("Topic grouping", figure_text.grouping(figures), None),
        ("Neighbours", figure_text.neighbours(figures), None),
        ("Topic-session pairs", figures.topic_sessions, None),
        ("Topic-room triples", figures.topic_rooms, None),
        ("Solver status", figures.status, None),
        ("Solver objective", figures.objective, None),
        ("Solver bound", figures.bound, None),
        ("Solver gap", figures.gap, "0.00%"),
        ("Reproducibility", figure_text.reproducibility(figures), None),
        ("Clash mode", figures.clash_mode, None),
        (
            "Moves since last run",
            figures.moves if changes is not None else figure_text.FIRST_PLAN,
            None,
        ),
        ("Revision", plan.revision, None),
        ("Revision time (UTC)", _naive_utc(plan.revision_time), None),
    ]
    for label, value, fmt in rows:
        row += 1
        put(ws, row, 1, label)
        put(ws, row, 2, "" if value is None else value, number_format=fmt)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["D"].width = max(ws.column_dimensions["D"].width or 0, TOPICS_WIDTH)
    # The topics of a room wrap within the room columns' width rather than run off
    # the page: the Overview prints one page wide.
    print_setup(ws)


def _rule_loads(ws: Worksheet, plan: Plan, row: int) -> int:
    """Each [[place]] rule: its papers and, per session, posters placed / boards allowed."""
    loads = rule_loads(plan)
    if not loads:
        return row
    row += 2
    put(
        ws,
        row,
        1,
        "Placement rules ([[place]]): posters placed / boards the rule allows",
        font=BOLD,
    )
    row += 1
    for col, text in enumerate(("Rule", "Rooms", "Posters", "Per session"), 1):
        put(ws, row, col, text, font=BOLD, fill=HEADER_FILL)
    names = {s.id: s.name for s in plan.venue.sessions}
    for rule in loads:
        row += 1
        per = "; ".join(f"{names[s]} {n} / {b}" for s, n, b in rule.load)
        put(ws, row, 1, rule.name + (" (exclusive)" if rule.exclusive else ""), align=TOP)
        put(ws, row, 2, rule.rooms, align=WRAP)
        put(ws, row, 3, rule.papers, align=TOP)
        put(ws, row, 4, per, align=WRAP)
        fit_row(ws, row, [(per, TOPICS_WIDTH), (rule.rooms, 24)])
    return row


def _placements(ws: Worksheet, plan: Plan) -> None:
    venue = plan.venue
    papers = plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    ruled = rules_of(plan)
    _header(ws, 1, PLACEMENT_COLUMNS)
    ordered = _ordered(plan)
    for row, pl in enumerate(ordered, 2):
        paper = papers.get(pl.paper)
        session = venue.session_by_id[pl.session]
        room = venue.room_by_id[pl.room]
        _row(
            ws,
            row,
            [
                pl.paper,
                paper.title if paper else "",
                ", ".join(paper.author_names) if paper else "",
                _presenter(plan, paper) if paper else "",
                topics.get(pl.topic, str(pl.topic)),
                session.name,
                session.start,
                session.end,
                room.name,
                pl.label,
                pl.status,
                pl.reason,
                rule_label(plan, ruled.get(pl.paper, ())),
            ],
        )
        fill = STATUS_FILL.get(pl.status)
        if fill is not None:
            restyle(ws, row, 11, fill=fill)
    last = len(ordered) + 1
    _table(ws, PLACEMENTS, 1, len(PLACEMENT_COLUMNS), last)
    ws.freeze_panes = "B2"
    # Drop-downs of the session and room names (ids are accepted too, hence a warning only).
    for header, name in ((COL_SESSION, "SessionNames"), (COL_ROOM, "RoomNames")):
        col = get_column_letter([h for h, _ in PLACEMENT_COLUMNS].index(header) + 1)
        dv = DataValidation(
            type="list",
            formula1=name,
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=f"Unknown {header.lower()}",
            error=f"Pick a {header.lower()} from the list (its name or id).",
        )
        dv.add(f"{col}2:{col}{max(last, 2) + 200}")
        ws.add_data_validation(dv)
    print_setup(ws, "1:1")


def _lists(wb: Workbook, ws: Worksheet, plan: Plan) -> None:
    """The hidden sheet the drop-downs read from, with a defined name per list."""
    venue = plan.venue
    columns = [
        ("SessionNames", "Session names", [s.name for s in venue.sessions]),
        ("SessionIds", "Session ids", [s.id for s in venue.sessions]),
        ("RoomNames", "Room names", [r.name for r in venue.rooms]),
        ("RoomIds", "Room ids", [r.id for r in venue.rooms]),
    ]
    for col, (name, header, values) in enumerate(columns, 1):
        put(ws, 1, col, header, font=BOLD)
        for row, value in enumerate(values, 2):
            put(ws, row, col, value)
        letter = get_column_letter(col)
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        ws.column_dimensions[letter].width = 28
    ws.sheet_state = "hidden"


def _board_map(ws: Worksheet, plan: Plan, session: Session) -> None:
    venue = plan.venue
    papers = plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    at = {(pl.room, pl.board): pl for pl in plan.placements if pl.session == session.id}
    rooms = venue.rooms_in(session.id)
    put(ws, 1, 1, f"{session.name} · {_when(session)} · board map", font=TITLE)
    _header(ws, 2, BOARD_COLUMNS)
    row = 2
    for i, room in enumerate(rooms):
        if i > 0:
            ws.row_breaks.append(Break(id=row))  # each room starts a printed page
        labels = {
            b: board_label(room.board_prefix, b, venue.rules.board_label)
            for b in range(1, room.board_count(session.id) + 1)
        }
        numbers = sorted(set(labels) | {b for (r, b) in at if r == room.id})
        for board in numbers:
            row += 1
            pl = at.get((room.id, board))
            if pl is None:
                _row(
                    ws,
                    row,
                    [labels.get(board, str(board)), "", "(free board)", "", "", "", room.name],
                )
                continue
            paper = papers.get(pl.paper)
            first = paper.author_names[0] if paper and paper.author_names else ""
            values = [
                pl.label,
                pl.paper,
                paper.title if paper else "",
                _presenter(plan, paper) if paper else "",
                first,
                topics.get(pl.topic, str(pl.topic)),
                room.name,
            ]
            _row(ws, row, values)
            # Every text column wraps, and the row is as tall as its longest cell: a
            # printed map never runs a title over the next board's row.
            for col in MAP_WRAPPED:
                restyle(ws, row, col, align=WRAP)
            fit_row(
                ws, row, [(str(values[col - 1]), BOARD_COLUMNS[col - 1][1]) for col in MAP_WRAPPED]
            )
    ws.freeze_panes = "A3"
    print_setup(ws, "1:2")
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "Page &P of &N"
    ws.oddHeader.center.text = safe_text(session.name).replace("&", "&&")


def _authors(ws: Worksheet, plan: Plan) -> None:
    venue = plan.venue
    papers = plan.paper_by_id
    placement = plan.placement_of
    s_index = {s.id: i for i, s in enumerate(venue.sessions)}
    clash_note: dict[tuple[str, str], list[str]] = {}
    for c in plan.clashes:
        a, b = c.papers
        for mine, other, other_session in ((a, b, c.sessions[1]), (b, a, c.sessions[0])):
            s = venue.session_by_id.get(other_session)
            where = s.name if s else other_session
            clash_note.setdefault((c.person, mine), []).append(
                f"clash with paper {other} ({where})"
            )
    posters: dict[str, list[Placement]] = {}
    for pl in plan.placements:
        paper = papers.get(pl.paper)
        for key in dict.fromkeys(paper.authors if paper else []):
            posters.setdefault(key, []).append(pl)
    _header(ws, 1, AUTHOR_COLUMNS)
    # Named people by name, then the unnamed ones ("(unnamed author 123)").
    people = sorted(
        posters,
        key=lambda k: (person_name(plan, k).startswith("("), person_name(plan, k).casefold(), k),
    )
    row = 1
    for key in people:
        try:
            record = plan.person(key)
            affiliation, emails = "; ".join(record.institutions), "; ".join(record.emails)
            ids = ", ".join(record.ids) or key
        except KeyError:
            affiliation = emails = ""
            ids = key
        held = sorted(
            posters[key],
            key=lambda pl: (venue.session_by_id[pl.session].start, s_index[pl.session], pl.paper),
        )
        for pl in held:
            row += 1
            paper = papers[pl.paper]
            session = venue.session_by_id[pl.session]
            clash = "; ".join(clash_note.get((key, pl.paper), []))
            _row(
                ws,
                row,
                [
                    person_name(plan, key),
                    ids,
                    affiliation,
                    emails,
                    pl.paper,
                    paper.title,
                    "presenter" if paper.presenter == key else "author",
                    session.name,
                    session.start,
                    session.end,
                    venue.room_by_id[pl.room].name,
                    placement[pl.paper].label,
                    clash,
                ],
            )
            if clash:
                restyle(ws, row, len(AUTHOR_COLUMNS), fill=CLASH_FILL)
    _table(ws, AUTHORS, 1, len(AUTHOR_COLUMNS), row)
    ws.freeze_panes = "B2"
    print_setup(ws, "1:1")


def _clashes(ws: Worksheet, plan: Plan) -> None:
    venue = plan.venue
    _header(ws, 1, CLASH_COLUMNS)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")
    if not plan.clashes:
        put(ws, 2, 1, "none")
        put(ws, 2, len(CLASH_COLUMNS), "No author is needed at two posters at once.")
        return

    def name(session_id: str) -> str:
        s = venue.session_by_id.get(session_id)
        return s.name if s else session_id

    for row, c in enumerate(plan.clashes, 2):
        _row(
            ws,
            row,
            [
                c.name,
                c.papers[0],
                name(c.sessions[0]),
                c.papers[1],
                name(c.sessions[1]),
                "yes" if c.presenter else "no",
                c.reason,
            ],
        )
        restyle(ws, row, len(CLASH_COLUMNS), align=WRAP)
        fit_row(ws, row, [(c.reason, CLASH_COLUMNS[-1][1])])
    _table(ws, CLASHES, 1, len(CLASH_COLUMNS), len(plan.clashes) + 1)


def _handovers(ws: Worksheet, plan: Plan) -> None:
    """Posters whose chosen presenter had more posters than poster times, and the
    co-author who presents each instead: the chair confirms or overrides them."""
    _header(ws, 1, HANDOVER_COLUMNS)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")
    if not plan.handovers:
        put(ws, 2, 1, "none")
        put(ws, 2, 2, "Every chosen presenter can attend all of their posters.")
        return
    papers = plan.paper_by_id
    for row, h in enumerate(plan.handovers, 2):
        title = papers[h.paper].title if h.paper in papers else ""
        override = f'[presenters] "{h.paper}" = "<author id, e-mail or name>"'
        _row(ws, row, [h.paper, title, h.original_name, h.presenter_name, h.why, override])
        restyle(ws, row, len(HANDOVER_COLUMNS), align=WRAP)
        fit_row(ws, row, [(title, 50), (h.why, 50), (override, 34)])
    _table(ws, HANDOVERS, 1, len(HANDOVER_COLUMNS), len(plan.handovers) + 1)


def _changes(ws: Worksheet, plan: Plan) -> None:
    changes = plan.changes
    ws.column_dimensions["A"].width = 12
    for col, width in zip("BCDEF", (50, 40, 40, 10, 40), strict=True):
        ws.column_dimensions[col].width = width
    print_setup(ws)
    if changes is None:
        put(ws, 1, 1, "first plan", font=TITLE)
        put(
            ws,
            2,
            1,
            f"Revision {plan.revision} is the first plan: there is nothing to compare it with.",
        )
        return
    papers = plan.paper_by_id
    put(ws, 1, 1, f"Changes since revision {changes.previous_revision}", font=TITLE)
    row = 2

    def section(title: str, header: list[str], rows: list[list[Any]]) -> None:
        nonlocal row
        row += 1
        put(ws, row, 1, f"{title} ({len(rows)})", font=BOLD)
        row += 1
        for col, text in enumerate(header, 1):
            put(ws, row, col, text, font=BOLD, fill=HEADER_FILL)
        if not rows:
            row += 1
            put(ws, row, 1, "none")
        for values in rows:
            row += 1
            _row(ws, row, values)
        row += 1

    section(
        "Moved",
        [COL_PAPER, "Title", "From", "To", "Kind", "Why"],
        [[m.paper, m.title, m.before, m.after, m.kind, m.why] for m in changes.moved],
    )
    where = plan.placement_of

    def place(pid: str) -> str:
        pl = where.get(pid)
        if pl is None:
            return ""
        return (
            f"{plan.venue.session_by_id[pl.session].name} / "
            f"{plan.venue.room_by_id[pl.room].name} / {pl.label}"
        )

    section(
        "Added",
        [COL_PAPER, "Title", "Where"],
        [[p, papers[p].title if p in papers else "", place(p)] for p in changes.added],
    )
    section("Removed", [COL_PAPER], [[p] for p in changes.removed])
    section(
        "Edited (title or authors)",
        [COL_PAPER, "Title"],
        [[p, papers[p].title if p in papers else ""] for p in changes.edited],
    )
    people = plan._people  # past people too: an author whose last poster was withdrawn
    section(
        "Authors affected",
        ["Person", "Name", "Emails"],
        [
            [k, person_name(plan, k), "; ".join(people[k].emails) if k in people else ""]
            for k in changes.authors_affected
        ],
    )
    section("Clashes removed", ["Clash"], [[c] for c in changes.clashes_removed])


def _about(ws: Worksheet, plan: Plan) -> None:
    venue, inputs = plan.venue, plan.inputs
    rows: list[tuple[str, Any]] = [
        ("Conference", venue.name),
        ("Time zone", f"{venue.timezone} (all times in this workbook are local conference time)"),
        ("Venue file", inputs.venue),
        ("Venue file sha256", inputs.venue_sha256),
        ("Paper list", inputs.papers),
        ("Paper list format", inputs.papers_format),
        ("Paper list sha256", inputs.papers_sha256),
        ("Sessions", len(venue.sessions)),
        ("Rooms", ", ".join(r.name for r in venue.rooms)),
        ("Topics", f"{len(plan.topics)} ({plan.topic_source})"),
        ("Seed", plan.seed),
        ("Planner version", plan.planner_version),
        ("Revision", plan.revision),
        ("Revision time (UTC)", _naive_utc(plan.revision_time)),
        ("Time limit (s)", plan.time_limit),
        ("Generated at (UTC, wall clock)", datetime.now(UTC).replace(tzinfo=None, microsecond=0)),
    ]
    put(ws, 1, 1, "About this workbook", font=TITLE)
    for row, (label, value) in enumerate(rows, 3):
        put(ws, row, 1, label, font=BOLD)
        put(
            ws,
            row,
            2,
            value,
            number_format="yyyy-mm-dd hh:mm:ss" if isinstance(value, datetime) else None,
            align=Alignment(horizontal="left"),
        )
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 70
    print_setup(ws, orientation="portrait")  # two columns: a portrait page is wide enough


def build(plan: Plan, buffered: bool = True) -> Workbook:
    """The workbook.  ``buffered``: its sheets keep their cells as plain values
    that the save writes as XML (planner.outputs.workbook.sheet_xml), the same content
    as openpyxl Cells give and several times faster; False keeps Cells."""
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = OVERVIEW
    placements = wb.create_sheet(PLACEMENTS)
    titles = board_sheet_titles(plan)
    maps = {s.id: wb.create_sheet(titles[s.id]) for s in plan.venue.sessions}
    authors = wb.create_sheet(AUTHORS)
    clashes = wb.create_sheet(CLASHES)
    handovers = wb.create_sheet(HANDOVERS)
    changes = wb.create_sheet(CHANGES)
    about = wb.create_sheet(ABOUT)
    lists = wb.create_sheet(LISTS)
    if buffered:
        for ws in wb.worksheets:
            buffer_cells(ws, _set_cell)

    _lists(wb, lists, plan)
    _overview(overview, plan)
    _placements(placements, plan)
    for session in plan.venue.sessions:
        _board_map(maps[session.id], plan, session)
    _authors(authors, plan)
    _clashes(clashes, plan)
    _handovers(handovers, plan)
    _changes(changes, plan)
    _about(about, plan)
    stamp = _naive_utc(plan.revision_time)
    wb.properties.title = safe_text(f"{plan.venue.name} poster plan")
    wb.properties.creator = f"poster-planner {plan.planner_version}"
    wb.properties.created = stamp
    return wb


def write(plan: Plan, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    save(build(plan), folder / FILE)
