"""The Placements sheet, one row per poster in an Excel table organizers may edit and
feed back (planner.edits.workbook_rows), and the hidden Lists sheet its session and
room drop-downs read from."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.place_rules import rule_label, rules_of
from planner.outputs.workbook.cells import (
    BOLD,
    header,
    print_setup,
    put,
    restyle,
    table,
    values_row,
)
from planner.outputs.workbook.names import (
    COL_BOARD,
    COL_PAPER,
    COL_ROOM,
    COL_SESSION,
    PLACEMENTS,
    presenter,
)
from planner.plan.records import Placement, Plan
from planner.read.halves import half_of

# Placements columns: (header, width).
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
COL_HALF = "Half"  # only with [rules] halves: 1 or 2, after the board


COL_SITE = "Site"  # only with [[sites]]: the session's site, after End (times are local there)


def placement_columns(plan: Plan) -> list[tuple[str, float]]:
    """The Placements columns of this plan: a Half column after Board only with halves,
    a Site column after End only with [[sites]]."""
    columns = PLACEMENT_COLUMNS
    if plan.venue.sites:
        at = [h for h, _ in columns].index("End") + 1
        columns = [*columns[:at], (COL_SITE, 16), *columns[at:]]
    if plan.venue.rules.halves is None:
        return columns
    at = [h for h, _ in columns].index(COL_BOARD) + 1
    return [*columns[:at], (COL_HALF, 6), *columns[at:]]


STATUS_FILL = {
    "moved": PatternFill("solid", fgColor="FFE699"),
    "new": PatternFill("solid", fgColor="C6E0B4"),
    "pinned": PatternFill("solid", fgColor="D9D9D9"),
}


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


def _site_name(plan: Plan, site: str | None) -> str:
    found = plan.venue.site_by_id.get(site) if site is not None else None
    return f"{found.name} ({found.timezone})" if found is not None else ""


def placements_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Placements sheet: the table, its status colours and drop-downs."""
    venue = plan.venue
    papers = plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    ruled = rules_of(plan)
    columns = placement_columns(plan)
    header(ws, 1, columns)
    status_col = [h for h, _ in columns].index("Status") + 1
    ordered = _ordered(plan)
    for row, pl in enumerate(ordered, 2):
        paper = papers.get(pl.paper)
        session = venue.session_by_id[pl.session]
        room = venue.room_by_id[pl.room]
        half = half_of(pl.board, venue.rules.halves)
        values_row(
            ws,
            row,
            [
                pl.paper,
                paper.title if paper else "",
                ", ".join(paper.author_names) if paper else "",
                presenter(plan, paper) if paper else "",
                topics.get(pl.topic, str(pl.topic)),
                session.name,
                session.start,
                session.end,
                *([_site_name(plan, session.site)] if venue.sites else []),
                room.name,
                pl.label,
                *([half] if half is not None else []),
                pl.status,
                pl.reason,
                rule_label(plan, ruled.get(pl.paper, ())),
            ],
        )
        fill = STATUS_FILL.get(pl.status)
        if fill is not None:
            restyle(ws, row, status_col, fill=fill)
    last = len(ordered) + 1
    table(ws, PLACEMENTS, 1, len(columns), last)
    ws.freeze_panes = "B2"
    _drop_downs(ws, last)
    print_setup(ws, "1:1")


def _drop_downs(ws: Worksheet, last: int) -> None:
    """Drop-downs of the session and room names (ids are accepted too, hence a warning only)."""
    for head, name in ((COL_SESSION, "SessionNames"), (COL_ROOM, "RoomNames")):
        col = get_column_letter([h for h, _ in PLACEMENT_COLUMNS].index(head) + 1)
        dv = DataValidation(
            type="list",
            formula1=name,
            allow_blank=True,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=f"Unknown {head.lower()}",
            error=f"Pick a {head.lower()} from the list (its name or id).",
        )
        dv.add(f"{col}2:{col}{max(last, 2) + 200}")
        ws.add_data_validation(dv)


def lists_sheet(wb: Workbook, ws: Worksheet, plan: Plan) -> None:
    """The hidden sheet the drop-downs read from, with a defined name per list."""
    venue = plan.venue
    columns = [
        ("SessionNames", "Session names", [s.name for s in venue.sessions]),
        ("SessionIds", "Session ids", [s.id for s in venue.sessions]),
        ("RoomNames", "Room names", [r.name for r in venue.rooms]),
        ("RoomIds", "Room ids", [r.id for r in venue.rooms]),
    ]
    for col, (name, title, values) in enumerate(columns, 1):
        put(ws, 1, col, title, font=BOLD)
        for row, value in enumerate(values, 2):
            put(ws, row, col, value)
        letter = get_column_letter(col)
        ref = f"{quote_sheetname(ws.title)}!${letter}$2:${letter}${max(2, len(values) + 1)}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
        ws.column_dimensions[letter].width = 28
    ws.sheet_state = "hidden"
