"""Everything written into the output folder, one module per format.

Each writer takes the plan and a folder and writes its files there; the
folder is a staging folder that planner.outputs.folder commits as a whole.  Writers
run with the plan's objects out of the garbage collector's way
(planner.core.gcfreeze): at ICML size that saves seconds of heap walks.
"""

from __future__ import annotations

from planner.core.gcfreeze import with_existing_objects_frozen
from planner.outputs import (
    acl_order,
    calendars,
    changes_json,
    guidebook,
    placements_csv,
    schedule,
    site_json,
    whova,
)
from planner.outputs.folder import Writer, write_plan
from planner.outputs.report import page as report
from planner.outputs.workbook import book as workbook

WRITERS: list[Writer] = [
    with_existing_objects_frozen(writer)
    for writer in (
        write_plan,
        site_json.write,
        changes_json.write,
        workbook.write,
        report.write,
        schedule.write,
        placements_csv.write,
        whova.write,
        guidebook.write,
        acl_order.write,
        calendars.write,
    )
]
