"""The workbook's talks: the Talks sheet (each talk session and room's running order, and
the talk papers whose poster comes before their talk), the talk sessions on Overview and
the talk rows of its Figures.

Written only when the plan has talks: a plan without talks has no Talks sheet and an
Overview exactly as before.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.workbook.cells import (
    BOLD,
    HEADER_FILL,
    header,
    print_setup,
    put,
    table,
    values_row,
)
from planner.outputs.workbook.names import COL_PAPER, COL_ROOM, COL_SESSION, TALKS, presenter
from planner.plan import figure_text
from planner.plan.records import Placement, Plan, TalkRecord, posters_before_talk

# Talks columns: (header, width).
TALK_COLUMNS: list[tuple[str, float]] = [
    (COL_SESSION, 28),
    (COL_ROOM, 20),
    ("Position", 9),
    ("Start", 17),
    ("End", 17),
    ("Minutes", 9),
    (COL_PAPER, 10),
    ("Title", 60),
    ("Speaker", 24),
    ("Authors", 40),
    ("Topic", 26),
    ("Poster", 40),  # where the paper's poster is, or "none"
    ("Poster start", 17),
    ("Status", 10),
]
NO_POSTER = "none"


def ordered_talks(plan: Plan) -> list[TalkRecord]:
    """Talks by talk session and room (the venue's order), then their running order."""
    s_index = {s.id: i for i, s in enumerate(plan.venue.talk_sessions)}
    r_index = {r.id: i for i, r in enumerate(plan.venue.talk_rooms)}
    return sorted(
        plan.talks,
        key=lambda t: (
            s_index.get(t.session, len(s_index)),
            r_index.get(t.room, len(r_index)),
            t.position,
            t.paper,
        ),
    )


def _minutes(talk: TalkRecord) -> int:
    return int((talk.end - talk.start).total_seconds() // 60)


def _poster(plan: Plan, poster: Placement | None) -> tuple[str, datetime | None]:
    """Where a talk paper's poster is ("session, room, board ...") and when it starts."""
    if poster is None:
        return NO_POSTER, None
    session = plan.venue.session_by_id[poster.session]
    room = plan.venue.room_by_id[poster.room]
    return f"{session.name}, {room.name}, board {poster.label}", session.start


def _talk_values(plan: Plan, talk: TalkRecord, posters: dict[str, Placement]) -> list[Any]:
    """One row of the Talks table, in TALK_COLUMNS order."""
    venue = plan.venue
    paper = plan.paper_by_id.get(talk.paper)
    session = venue.talk_session_by_id.get(talk.session)
    room = venue.talk_room_by_id.get(talk.room)
    where, poster_start = _poster(plan, posters.get(talk.paper))
    topics = {t.id: t.label for t in plan.topics}
    return [
        session.name if session else talk.session,
        room.name if room else talk.room,
        talk.position,
        talk.start,
        talk.end,
        _minutes(talk),
        talk.paper,
        paper.title if paper else "",
        presenter(plan, paper) if paper else "",
        ", ".join(paper.author_names) if paper else "",
        topics.get(talk.topic, str(talk.topic)),
        where,
        poster_start,
        talk.status,
    ]


def talks_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Talks sheet: the running-order table, then the posters before their talk."""
    posters = {pl.paper: pl for pl in plan.placements}
    header(ws, 1, TALK_COLUMNS)
    ordered = ordered_talks(plan)
    for row, talk in enumerate(ordered, 2):
        values_row(ws, row, _talk_values(plan, talk, posters))
    last = len(ordered) + 1
    table(ws, TALKS, 1, len(TALK_COLUMNS), last)
    ws.freeze_panes = "A2"
    _posters_before(ws, plan, posters, max(last, 2) + 2)
    print_setup(ws, "1:1")


def _posters_before(ws: Worksheet, plan: Plan, posters: dict[str, Placement], row: int) -> None:
    """The exceptions to the talk-first preference: papers whose poster session starts
    before their talk ends, as rows in the table's columns (below it, outside its filter)."""
    early = {pl.paper for pl in posters_before_talk(plan)}
    talks = [t for t in ordered_talks(plan) if t.paper in early]
    title = f"Posters before their talk: {len(talks)}"
    if talks:
        title += " (the poster session starts before the talk ends; talk-first not met)"
    put(ws, row, 1, title, font=BOLD)
    if not talks:
        return
    row += 1
    for col, (name, _) in enumerate(TALK_COLUMNS, 1):
        put(ws, row, col, name, font=BOLD, fill=HEADER_FILL)
    for talk in talks:
        row += 1
        values_row(ws, row, _talk_values(plan, talk, posters))


def talk_sessions(ws: Worksheet, plan: Plan, row: int) -> int:
    """Overview's talk sessions x talk rooms (talks, minutes used / available) two rows
    below ``row``; returns its last row.  Used minutes count the changeovers between talks."""
    venue = plan.venue
    change = venue.talks.changeover if venue.talks else 0
    cells: dict[tuple[str, str], list[TalkRecord]] = defaultdict(list)
    for talk in plan.talks:
        cells[(talk.session, talk.room)].append(talk)
    row += 2
    put(ws, row, 1, "Talk sessions per room (talks, minutes used / available)", font=BOLD)
    row += 1
    columns = [COL_SESSION, "Start", "End", *(r.name for r in venue.talk_rooms), "Total"]
    for col, name in enumerate(columns, 1):
        put(ws, row, col, name, font=BOLD, fill=HEADER_FILL)
    for col in range(4, len(columns) + 1):  # "11 talks, 95 / 100 min" fits on the page
        letter = get_column_letter(col)
        ws.column_dimensions[letter].width = max(ws.column_dimensions[letter].width or 0, 22)
    for session in venue.talk_sessions:
        row += 1
        put(ws, row, 1, session.name)
        put(ws, row, 2, session.start)
        put(ws, row, 3, session.end)
        total = 0
        for col, room in enumerate(venue.talk_rooms, 4):
            if not room.is_open(session.id):
                put(ws, row, col, "closed")
                continue
            here = cells[(session.id, room.id)]
            used = sum(_minutes(t) for t in here) + change * max(0, len(here) - 1)
            total += len(here)
            put(ws, row, col, f"{len(here)} talks, {used} / {session.minutes} min")
        put(ws, row, 4 + len(venue.talk_rooms), f"{total} talks")
    row += 1
    put(ws, row, 1, "All talk sessions", font=BOLD)
    put(ws, row, 4 + len(venue.talk_rooms), f"{len(plan.talks)} talks", font=BOLD)
    return row


def talk_figures(plan: Plan) -> list[tuple[str, Any, str | None]]:
    """The talk rows of Overview's Figures; none for a plan without talks."""
    if not plan.talks:
        return []
    f = plan.figures
    sessions = len({t.session for t in plan.talks})
    rooms = len({t.room for t in plan.talks})
    return [
        ("Talk programme", figure_text.talks(f, sessions, rooms), None),
        ("Talks", f.talks, None),
        ("Shared-author talk overlaps", f.talk_clashes, None),
        ("Talk overlap lower bound (unavoidable)", f.talk_clash_bound, None),
        ("Discrimination ratio (themes)", f.discrimination, "0.00"),
        ("Posters before their talk (see Talks)", f.posters_before_talk, None),
        (
            "... of which at least forced (boards after the talks)",
            f.posters_before_talk_bound,
            None,
        ),
        ("Authors at a talk while another poster of theirs is up", f.talk_poster_clashes, None),
        (
            "Talk moves since last run",
            f.talk_moves if plan.changes is not None else figure_text.FIRST_PLAN,
            None,
        ),
    ]
