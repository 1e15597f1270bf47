"""``plan.xlsx``: the organizers' workbook (described in the README, "Outputs").

Sheets: Overview (sessions x rooms, main topics, the plan's figures),
Placements (one row per poster, an Excel table organizers may edit and feed
back, see :mod:`planner.edits.workbook_rows`), Talks (when the plan has talks:
each talk session and room's running order), one printable board map per
session, Authors, Clashes, Changes and About, plus a hidden Lists sheet that
the session and room drop-downs of Placements read from.

Safety: every string is stored as text (a title starting with ``=`` is never
a formula), characters a workbook cannot hold are dropped, and date-times are
naive local conference time (the venue's zone is stated on Overview and
About); a time-zone-aware value is refused rather than written.

This module builds the workbook and saves it; each sheet is filled by a module
beside it (overview, placements, talks, board_maps, authors, presenters,
changes, about), through the cell and style helpers of cells, with the sheet and column
names of names.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from planner.outputs.workbook.about import about_sheet
from planner.outputs.workbook.authors import authors_sheet, clashes_sheet
from planner.outputs.workbook.board_maps import board_map
from planner.outputs.workbook.cells import naive_utc, put, safe_text, set_cell
from planner.outputs.workbook.changes import changes_sheet
from planner.outputs.workbook.names import (
    ABOUT,
    AUTHORS,
    CHANGES,
    CLASHES,
    FIXED_SHEETS,
    HANDOVERS,
    LISTS,
    OVERVIEW,
    PLACEMENTS,
    TALKS,
    board_sheet_titles,
    person_name,
    sheet_title,
)
from planner.outputs.workbook.overview import overview_sheet
from planner.outputs.workbook.placements import PLACEMENT_COLUMNS, lists_sheet, placements_sheet
from planner.outputs.workbook.presenters import presenters_sheet
from planner.outputs.workbook.sheet_xml import buffer_cells, save
from planner.outputs.workbook.talks import TALK_COLUMNS, talks_sheet
from planner.plan.records import Plan

# The workbook's entry points, and the names its tests read the workbook by.
__all__ = [
    "FILE",
    "FIXED_SHEETS",
    "OVERVIEW",
    "PLACEMENTS",
    "PLACEMENT_COLUMNS",
    "TALKS",
    "TALK_COLUMNS",
    "board_sheet_titles",
    "build",
    "person_name",
    "put",
    "safe_text",
    "sheet_title",
    "write",
]

FILE = "plan.xlsx"


def build(plan: Plan, buffered: bool = True) -> Workbook:
    """The workbook.  ``buffered``: its sheets keep their cells as plain values
    that the save writes as XML (planner.outputs.workbook.sheet_xml), the same content
    as openpyxl Cells give and several times faster; False keeps Cells."""
    wb = Workbook()
    overview = wb.active
    assert overview is not None
    overview.title = OVERVIEW
    placements = wb.create_sheet(PLACEMENTS)
    # Only a plan with talks has a Talks sheet: one without keeps its workbook as it was.
    talks = wb.create_sheet(TALKS) if plan.talks else None
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
            buffer_cells(ws, set_cell)

    lists_sheet(wb, lists, plan)
    overview_sheet(overview, plan)
    placements_sheet(placements, plan)
    if talks is not None:
        talks_sheet(talks, plan)
    for session in plan.venue.sessions:
        board_map(maps[session.id], plan, session)
    authors_sheet(authors, plan)
    clashes_sheet(clashes, plan)
    presenters_sheet(handovers, plan)
    changes_sheet(changes, plan)
    about_sheet(about, plan)
    stamp = naive_utc(plan.revision_time)
    wb.properties.title = safe_text(f"{plan.venue.name} poster plan")
    wb.properties.creator = f"poster-planner {plan.planner_version}"
    wb.properties.created = stamp
    return wb


def write(plan: Plan, folder: Path) -> None:
    """Writes plan.xlsx into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    save(build(plan), folder / FILE)
