"""The About sheet: the conference, the input files and their hashes, and the run
that made the plan (seed, version, revision, time limit)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from openpyxl.styles import Alignment
from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.workbook.cells import BOLD, TITLE, naive_utc, print_setup, put
from planner.plan.records import Plan


def about_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the About sheet: one label and value per row."""
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
        ("Revision time (UTC)", naive_utc(plan.revision_time)),
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
