"""Everything written into the output folder, one module per format.

Each writer takes the plan and a folder and writes its files there; the
folder is a staging folder that planner.output commits as a whole.  Writers
run with the plan's objects out of the garbage collector's way
(planner.gcfreeze): at ICML size that saves seconds of heap walks.
"""

from __future__ import annotations

from planner.exports import (
    calendars,
    changes_json,
    placements_csv,
    report,
    schedule,
    site_json,
    workbook,
)
from planner.gcfreeze import with_existing_objects_frozen
from planner.output import Writer, write_plan

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
        calendars.write,
    )
]
