"""The Authors sheet (one row per person and poster, with their clashes) and the Clashes
sheet (each author needed at two posters at once)."""

from __future__ import annotations

from openpyxl.styles import PatternFill
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
from planner.outputs.workbook.names import (
    AUTHORS,
    CLASHES,
    COL_BOARD,
    COL_PAPER,
    COL_ROOM,
    COL_SESSION,
    person_name,
)
from planner.plan.records import Placement, Plan

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
CLASH_COLUMNS: list[tuple[str, float]] = [
    ("Person", 26),
    ("Paper A", 10),
    ("Session A", 26),
    ("Paper B", 10),
    ("Session B", 26),
    ("Presenter", 10),
    ("Reason", 60),
]
CLASH_FILL = PatternFill("solid", fgColor="F8CBAD")
# Boards between the two posters of a clash in one session and room
# (constraints.together); blank for different rooms or sessions.  Shown only
# when some clash is within one session, so other plans' sheets stay as they were.
BOARDS_APART = ("Boards apart", 12)


def _boards_apart(plan: Plan) -> list[int | None] | None:
    """Per clash, how many boards apart its posters stand (None: not one room), or
    None when no clash is within one session."""
    if not any(c.sessions[0] == c.sessions[1] for c in plan.clashes):
        return None
    where = plan.placement_of
    out: list[int | None] = []
    for c in plan.clashes:
        a, b = (where.get(p) for p in c.papers)
        same = a is not None and b is not None and (a.session, a.room) == (b.session, b.room)
        out.append(abs(a.board - b.board) if same and a and b else None)
    return out


def _clash_notes(plan: Plan) -> dict[tuple[str, str], list[str]]:
    """(person, paper) -> "clash with paper ..." for each clash of that person's poster."""
    venue = plan.venue
    clash_note: dict[tuple[str, str], list[str]] = {}
    for c in plan.clashes:
        a, b = c.papers
        for mine, other, other_session in ((a, b, c.sessions[1]), (b, a, c.sessions[0])):
            s = venue.session_by_id.get(other_session)
            where = s.name if s else other_session
            clash_note.setdefault((c.person, mine), []).append(
                f"clash with paper {other} ({where})"
            )
    return clash_note


def _contact(plan: Plan, key: str) -> tuple[str, str, str]:
    """The person's affiliation, e-mails and ids, each joined into one cell's text."""
    try:
        record = plan.person(key)
        affiliation, emails = "; ".join(record.institutions), "; ".join(record.emails)
        ids = ", ".join(record.ids) or key
    except KeyError:
        affiliation = emails = ""
        ids = key
    return affiliation, emails, ids


def authors_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Authors sheet: each author's posters in time order, clashes coloured."""
    venue = plan.venue
    papers = plan.paper_by_id
    placement = plan.placement_of
    s_index = {s.id: i for i, s in enumerate(venue.sessions)}
    clash_note = _clash_notes(plan)
    posters: dict[str, list[Placement]] = {}
    for pl in plan.placements:
        paper = papers.get(pl.paper)
        for key in dict.fromkeys(paper.authors if paper else []):
            posters.setdefault(key, []).append(pl)
    header(ws, 1, AUTHOR_COLUMNS)
    # Named people by name, then the unnamed ones ("(unnamed author 123)").
    people = sorted(
        posters,
        key=lambda k: (person_name(plan, k).startswith("("), person_name(plan, k).casefold(), k),
    )
    row = 1
    for key in people:
        affiliation, emails, ids = _contact(plan, key)
        held = sorted(
            posters[key],
            key=lambda pl: (venue.session_by_id[pl.session].start, s_index[pl.session], pl.paper),
        )
        for pl in held:
            row += 1
            paper = papers[pl.paper]
            session = venue.session_by_id[pl.session]
            clash = "; ".join(clash_note.get((key, pl.paper), []))
            values_row(
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
    table(ws, AUTHORS, 1, len(AUTHOR_COLUMNS), row)
    ws.freeze_panes = "B2"
    print_setup(ws, "1:1")


def clashes_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Clashes sheet, or says "none"."""
    venue = plan.venue
    apart = _boards_apart(plan)
    columns = (
        CLASH_COLUMNS if apart is None else [*CLASH_COLUMNS[:-1], BOARDS_APART, CLASH_COLUMNS[-1]]
    )
    header(ws, 1, columns)
    ws.freeze_panes = "A2"
    print_setup(ws, "1:1")
    if not plan.clashes:
        put(ws, 2, 1, "none")
        put(ws, 2, len(columns), "No author is needed at two posters at once.")
        return

    def name(session_id: str) -> str:
        s = venue.session_by_id.get(session_id)
        return s.name if s else session_id

    for row, c in enumerate(plan.clashes, 2):
        values: list[object] = [
            c.name,
            c.papers[0],
            name(c.sessions[0]),
            c.papers[1],
            name(c.sessions[1]),
            "yes" if c.presenter else "no",
        ]
        if apart is not None:
            values.append(apart[row - 2])
        values_row(ws, row, [*values, c.reason])
        restyle(ws, row, len(columns), align=WRAP)
        fit_row(ws, row, [(c.reason, columns[-1][1])])
    table(ws, CLASHES, 1, len(columns), len(plan.clashes) + 1)
