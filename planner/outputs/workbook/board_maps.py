"""The board-map sheets, one per session: every board of every open room in board order,
with its poster or "(free board)", printed one room per page."""

from __future__ import annotations

from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.workbook.cells import (
    TITLE,
    WRAP,
    fit_row,
    header,
    print_setup,
    put,
    restyle,
    safe_text,
    values_row,
)
from planner.outputs.workbook.names import COL_BOARD, COL_PAPER, COL_ROOM, presenter
from planner.plan.records import Plan
from planner.read.board_labels import board_label
from planner.read.conference import Session

BOARD_COLUMNS: list[tuple[str, float]] = [
    (COL_BOARD, 8),
    (COL_PAPER, 10),
    ("Title", 62),
    ("Presenter", 24),
    ("First author", 24),
    ("Topic", 24),
    (COL_ROOM, 22),
]
MAP_WRAPPED = (3, 4, 5, 6, 7)  # board map columns that wrap: title, people, topic, room


def _when(session: Session) -> str:
    start, end = session.start, session.end
    if start.date() == end.date():
        return f"{start:%a %d %b %Y, %H:%M}–{end:%H:%M}"
    return f"{start:%a %d %b %Y %H:%M} – {end:%a %d %b %Y %H:%M}"


def board_map(ws: Worksheet, plan: Plan, session: Session) -> None:
    """Fills the board-map sheet of ``session``."""
    venue = plan.venue
    papers = plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    at = {(pl.room, pl.board): pl for pl in plan.placements if pl.session == session.id}
    rooms = venue.rooms_in(session.id)
    put(ws, 1, 1, f"{session.name} · {_when(session)} · board map", font=TITLE)
    header(ws, 2, BOARD_COLUMNS)
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
                values_row(
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
                presenter(plan, paper) if paper else "",
                first,
                topics.get(pl.topic, str(pl.topic)),
                room.name,
            ]
            values_row(ws, row, values)
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
