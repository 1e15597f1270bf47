"""The names the workbook goes by: its sheets, the column headers shared across sheets,
the titles of the board-map sheets (valid and unique by Excel's rules) and how a
person or a poster's presenter reads in a cell.

The Placements read-back (planner.edits.workbook_rows) finds its sheet and columns
by these names.
"""

from __future__ import annotations

import re

from planner.outputs.workbook.cells import safe_text
from planner.plan.records import PaperRecord, Plan

OVERVIEW = "Overview"
PLACEMENTS = "Placements"
AUTHORS = "Authors"
CLASHES = "Clashes"
HANDOVERS = "Presenters"
CHANGES = "Changes"
ABOUT = "About"
LISTS = "Lists"
TALKS = "Talks"  # only in a plan with talks
FIXED_SHEETS = (OVERVIEW, PLACEMENTS, AUTHORS, CLASHES, HANDOVERS, CHANGES, ABOUT, LISTS)

# Column headers.  The reader finds Placements columns by these headers, so
# organizers may reorder columns without breaking the read-back.
COL_PAPER = "Paper"
COL_SESSION = "Session"
COL_ROOM = "Room"
COL_BOARD = "Board"

_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


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
    if plan.talks:  # a poster session named "Talks" must not take the Talks sheet's title
        taken.add(TALKS.casefold())
    return {s.id: sheet_title(s.name, taken) for s in plan.venue.sessions}


def person_name(plan: Plan, key: str) -> str:
    """The person's name, or "(unnamed author <id>)" for a person without one."""
    try:
        person = plan.person(key)
    except KeyError:
        return key
    if person.name.strip():
        return person.name
    return f"(unnamed author {person.ids[0]})" if person.ids else f"(unnamed author {key})"


def presenter(plan: Plan, paper: PaperRecord) -> str:
    """The name of the paper's presenter, empty when it has none."""
    return person_name(plan, paper.presenter) if paper.presenter else ""
