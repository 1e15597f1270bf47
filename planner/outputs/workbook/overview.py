"""The Overview sheet: posters per session and room, the talk sessions (when the plan has
talks, see planner.outputs.workbook.talks), the main topics of each room, the load of
each [[place]] rule and the plan's figures."""

from __future__ import annotations

from collections import Counter
from typing import Any

from openpyxl.worksheet.worksheet import Worksheet

from planner.outputs.place_rules import rule_loads
from planner.outputs.workbook.cells import (
    BOLD,
    HEADER_FILL,
    TITLE,
    TOP,
    WRAP,
    fit_row,
    header,
    naive_utc,
    print_setup,
    put,
)
from planner.outputs.workbook.names import COL_ROOM, COL_SESSION
from planner.outputs.workbook.talks import talk_figures, talk_sessions
from planner.plan import figure_text
from planner.plan.records import Plan

TOPICS_WIDTH = 40  # Overview's column D, where each room's main topics wrap


def overview_sheet(ws: Worksheet, plan: Plan) -> None:
    """Fills the Overview sheet."""
    venue = plan.venue
    put(ws, 1, 1, f"{venue.name}: poster plan, revision {plan.revision}", font=TITLE)
    put(ws, 2, 1, f"All times are local conference time ({venue.timezone}).")
    if venue.sites:  # [[sites]]: each session's times are local at its own site
        zones = "; ".join(f"{s.name}: {s.timezone}" for s in venue.sites)
        put(ws, 2, 1, f"Times are local at each session's site ({zones}).")

    row = _posters_per_room(ws, plan, 4)
    if plan.talks:
        row = talk_sessions(ws, plan, row)
    row = _main_topics(ws, plan, row)
    row = _rule_loads(ws, plan, row)
    _figures(ws, plan, row)
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["D"].width = max(ws.column_dimensions["D"].width or 0, TOPICS_WIDTH)
    # The topics of a room wrap within the room columns' width rather than run off
    # the page: the Overview prints one page wide.
    print_setup(ws)


def _posters_per_room(ws: Worksheet, plan: Plan, row: int) -> int:
    """The sessions x rooms table of posters / boards from ``row`` on; returns its last row."""
    venue = plan.venue
    put(ws, row, 1, "Posters per session and room (posters / boards)", font=BOLD)
    row += 1
    header(
        ws,
        row,
        [(COL_SESSION, 30), ("Start", 17), ("End", 17)]
        + [(r.name, 18) for r in venue.rooms]
        + [("Total", 12)],
    )
    count = Counter((pl.session, pl.room) for pl in plan.placements)
    for session in venue.sessions:
        row += 1
        site = venue.site_by_id.get(session.site or "")
        put(ws, row, 1, session.name + (f" · {site.name}" if site is not None else ""))
        put(ws, row, 2, session.start)
        put(ws, row, 3, session.end)
        total = boards = 0
        for col, room in enumerate(venue.rooms, 4):
            if not room.is_open(session.id):
                put(ws, row, col, "closed")
                continue
            n, b = count[(session.id, room.id)], room.board_count(session.id)
            total, boards = total + n, boards + b
            put(ws, row, col, f"{n} / {b}")
        put(ws, row, 4 + len(venue.rooms), f"{total} / {boards}")
    row += 1
    put(ws, row, 1, "All sessions", font=BOLD)
    all_boards = sum(r.board_count(s.id) for s in venue.sessions for r in venue.rooms_in(s.id))
    put(ws, row, 4 + len(venue.rooms), f"{len(plan.placements)} / {all_boards}", font=BOLD)
    return row


def _main_topics(ws: Worksheet, plan: Plan, row: int) -> int:
    """The three main topics of each room in each session; returns the last row written."""
    venue = plan.venue
    topics = {t.id: t.label for t in plan.topics}
    row += 2
    put(ws, row, 1, "Main topics per room", font=BOLD)
    row += 1
    put(ws, row, 1, COL_SESSION, font=BOLD, fill=HEADER_FILL)
    put(ws, row, 2, COL_ROOM, font=BOLD, fill=HEADER_FILL)
    put(ws, row, 3, "Posters", font=BOLD, fill=HEADER_FILL)
    put(ws, row, 4, "Main topics (posters)", font=BOLD, fill=HEADER_FILL)
    for session in venue.sessions:
        for room in venue.rooms_in(session.id):
            here = Counter(
                pl.topic
                for pl in plan.placements
                if pl.session == session.id and pl.room == room.id
            )
            if not here:
                continue
            main = sorted(here.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
            row += 1
            text = "; ".join(f"{topics.get(t, t)} ({n})" for t, n in main)
            put(ws, row, 1, session.name, align=TOP)
            put(ws, row, 2, room.name, align=TOP)
            put(ws, row, 3, sum(here.values()), align=TOP)
            put(ws, row, 4, text, align=WRAP)
            fit_row(ws, row, [(text, TOPICS_WIDTH), (session.name, 34), (room.name, 24)])
    return row


def _rule_loads(ws: Worksheet, plan: Plan, row: int) -> int:
    """Each [[place]] rule: its papers and, per session, posters placed / boards allowed."""
    loads = rule_loads(plan)
    if not loads:
        return row
    row += 2
    put(
        ws,
        row,
        1,
        "Placement rules ([[place]]): posters placed / boards the rule allows",
        font=BOLD,
    )
    row += 1
    for col, text in enumerate(("Rule", "Rooms", "Posters", "Per session"), 1):
        put(ws, row, col, text, font=BOLD, fill=HEADER_FILL)
    names = {s.id: s.name for s in plan.venue.sessions}
    for rule in loads:
        row += 1
        per = "; ".join(f"{names[s]} {n} / {b}" for s, n, b in rule.load)
        put(ws, row, 1, rule.name + (" (exclusive)" if rule.exclusive else ""), align=TOP)
        put(ws, row, 2, rule.rooms, align=WRAP)
        put(ws, row, 3, rule.papers, align=TOP)
        put(ws, row, 4, per, align=WRAP)
        fit_row(ws, row, [(per, TOPICS_WIDTH), (rule.rooms, 24)])
    return row


def _figures(ws: Worksheet, plan: Plan, row: int) -> None:
    """The plan's figures (planner.plan.figure_text), two rows below ``row``."""
    figures = plan.figures
    row += 2
    put(ws, row, 1, "Figures", font=BOLD)
    changes = plan.changes
    rows: list[tuple[str, Any, str | None]] = [
        ("Posters", figures.posters, None),
        ("Placed", figures.placed, None),
        ("Shared-author clashes", figures.clashes, None),
        ("Clash lower bound (unavoidable)", figures.clash_lower_bound, None),
        ("Presenter clashes", figures.presenter_clashes, None),
        ("Presenters handed over (see Presenters)", len(plan.handovers), None),
        *talk_figures(plan),
        ("Topic grouping", figure_text.grouping(figures), None),
        ("Neighbours", figure_text.neighbours(figures), None),
        ("Topic-session pairs", figures.topic_sessions, None),
        ("Topic-room triples", figures.topic_rooms, None),
        ("Solver status", figures.status, None),
        ("Solver objective", figures.objective, None),
        ("Solver bound", figures.bound, None),
        ("Solver gap", figures.gap, "0.00%"),
        ("Reproducibility", figure_text.reproducibility(figures), None),
        ("Clash mode", figures.clash_mode, None),
        (
            "Moves since last run",
            figures.moves if changes is not None else figure_text.FIRST_PLAN,
            None,
        ),
        ("Revision", plan.revision, None),
        ("Revision time (UTC)", naive_utc(plan.revision_time), None),
    ]
    for label, value, fmt in rows:
        row += 1
        put(ws, row, 1, label)
        put(ws, row, 2, "" if value is None else value, number_format=fmt)
