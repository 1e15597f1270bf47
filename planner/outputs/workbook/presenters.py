"""The Presenters sheet: posters whose chosen presenter had more posters than poster
times, the co-author who presents each instead, and how to choose someone else."""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.workbook.cells import (
    WRAP,
    fit_row,
    header,
    print_setup,
    put,
    restyle,
    table,
    values_row,
)
from planner.outputs.workbook.names import COL_PAPER, HANDOVERS
from planner.plan.records import Plan

HANDOVER_COLUMNS: list[tuple[str, float]] = [
    (COL_PAPER, 10),
    ("Title", 50),
    ("Chosen presenter", 26),
    ("Presents instead", 26),
    ("Why", 50),
    ("To choose someone else", 34),
]


def presenters_sheet(ws: Worksheet, plan: Plan) -> None:
    """Posters whose chosen presenter had more posters than poster times, and the
    co-author who presents each instead: the chair confirms or overrides them."""
    header(ws, 1, HANDOVER_COLUMNS)
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
        values_row(ws, row, [h.paper, title, h.original_name, h.presenter_name, h.why, override])
        restyle(ws, row, len(HANDOVER_COLUMNS), align=WRAP)
        fit_row(ws, row, [(title, 50), (h.why, 50), (override, 34)])
    table(ws, HANDOVERS, 1, len(HANDOVER_COLUMNS), len(plan.handovers) + 1)
