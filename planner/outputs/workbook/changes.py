"""The Changes sheet: what moved, was added, removed or edited since the previous
revision, the authors affected and the clashes removed, and in a plan with talks
the talks moved, retimed, added and removed; or, on a first plan, that there is
nothing to compare it with."""

from __future__ import annotations

from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.workbook.cells import (
    BOLD,
    HEADER_FILL,
    TITLE,
    print_setup,
    put,
    values_row,
)
from planner.outputs.workbook.names import COL_PAPER, person_name
from planner.plan.records import Changes, Placement, Plan, TalkMove

# A section of the sheet: its title, its header and its rows.
Section = tuple[str, list[str], list[list[Any]]]


def changes_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Changes sheet, one section after another."""
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
    put(ws, 1, 1, f"Changes since revision {changes.previous_revision}", font=TITLE)
    row = 2
    for title, head, rows in _sections(plan, changes):
        row = _section(ws, row, title, head, rows)


def _section(ws: Worksheet, row: int, title: str, head: list[str], rows: list[list[Any]]) -> int:
    """Writes one section below ``row``: its title and count, header and rows (or "none");
    returns the row after it."""
    row += 1
    put(ws, row, 1, f"{title} ({len(rows)})", font=BOLD)
    row += 1
    for col, text in enumerate(head, 1):
        put(ws, row, col, text, font=BOLD, fill=HEADER_FILL)
    if not rows:
        row += 1
        put(ws, row, 1, "none")
    for values in rows:
        row += 1
        values_row(ws, row, values)
    row += 1
    return row


def _place(plan: Plan, where: dict[str, Placement], pid: str) -> str:
    """Where the paper is placed: session / room / board, empty if it is not."""
    pl = where.get(pid)
    if pl is None:
        return ""
    return (
        f"{plan.venue.session_by_id[pl.session].name} / "
        f"{plan.venue.room_by_id[pl.room].name} / {pl.label}"
    )


def _sections(plan: Plan, changes: Changes) -> list[Section]:
    """The sheet's sections in order."""
    papers = plan.paper_by_id
    where = plan.placement_of
    people = plan._people  # past people too: an author whose last poster was withdrawn
    return [
        (
            "Moved",
            [COL_PAPER, "Title", "From", "To", "Kind", "Why"],
            [[m.paper, m.title, m.before, m.after, m.kind, m.why] for m in changes.moved],
        ),
        (
            "Added",
            [COL_PAPER, "Title", "Where"],
            [
                [p, papers[p].title if p in papers else "", _place(plan, where, p)]
                for p in changes.added
            ],
        ),
        ("Removed", [COL_PAPER], [[p] for p in changes.removed]),
        (
            "Edited (title or authors)",
            [COL_PAPER, "Title"],
            [[p, papers[p].title if p in papers else ""] for p in changes.edited],
        ),
        (
            "Authors affected",
            ["Person", "Name", "Emails"],
            [
                [k, person_name(plan, k), "; ".join(people[k].emails) if k in people else ""]
                for k in changes.authors_affected
            ],
        ),
        ("Clashes removed", ["Clash"], [[c] for c in changes.clashes_removed]),
        *_talk_sections(plan, changes),
    ]


def _talk_sections(plan: Plan, changes: Changes) -> list[Section]:
    """The talks' changes, in a plan with talks (a poster-only sheet stays as it was)."""
    if not (plan.talks or changes.talks_moved or changes.talks_removed):
        return []
    papers = plan.paper_by_id
    talks = plan.talk_of
    head = [COL_PAPER, "Title", "From", "To", "Kind", "Why"]

    def moved(moves: list[TalkMove]) -> list[list[Any]]:
        return [[m.paper, m.title, m.before, m.after, m.kind, m.why] for m in moves]

    def added(pid: str) -> list[Any]:
        talk = talks.get(pid)
        where = (
            f"{plan.venue.talk_session_by_id[talk.session].name} / "
            f"{plan.venue.talk_room_by_id[talk.room].name} / talk {talk.position}"
            if talk is not None
            else ""
        )
        return [pid, papers[pid].title if pid in papers else "", where]

    return [
        ("Talks moved", head, moved(changes.talks_moved)),
        ("Talks at another time (same room)", head, moved(changes.talks_retimed)),
        ("Talks added", [COL_PAPER, "Title", "Where"], [added(p) for p in changes.talks_added]),
        ("Talks removed", [COL_PAPER], [[p] for p in changes.talks_removed]),
    ]
