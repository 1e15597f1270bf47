"""The figures and load tables at the top of ``report.html``, as plain records.

The figure cards take their wording from :mod:`planner.plan.figure_text` (the
editor rewrites some of them after each edit, found by their ``fig`` name); the
load tables give each session and room's posters against its boards, and each
[[place]] rule's posters against the boards it allows.
"""

from __future__ import annotations

from typing import NamedTuple

from planner.outputs.place_rules import rule_loads
from planner.outputs.report.layout import Layout
from planner.plan import figure_text
from planner.plan.records import Plan

FIGURE_IDS = {  # the cards the editor rewrites after each edit
    "Presenter clashes": "presenter",
    "Shared-author clashes": "clashes",
    "Topic grouping": "grouping",
    "Neighbours": "neighbours",
}


class _Card(NamedTuple):
    name: str
    value: str
    note: str
    warn: bool
    fig: str  # the editor's name for it, or ""


def _card(name: str, value: str, note: str, warn: bool = False) -> _Card:
    return _Card(name, value, note, warn, FIGURE_IDS.get(name, ""))


def figure_cards(plan: Plan, layout: Layout) -> list[_Card]:
    """The figures at the top, worded by planner.plan.figure_text."""
    f = plan.figures
    venue = plan.venue
    usable = sum(layout.usable(s, r) for s in layout.sessions for r in layout.rooms)
    total = sum(layout.boards(s, r) for s in layout.sessions for r in layout.rooms)
    return [
        _card(
            "Posters placed",
            f"{f.placed:,} of {f.posters:,}",
            f"{len(venue.sessions)} sessions, {len(venue.rooms)} rooms; "
            f"{usable:,} usable of {total:,} boards",
            f.placed < f.posters,
        ),
        _card(
            "Presenter clashes",
            f"{f.presenter_clashes}",
            "a presenter due at two boards at once",
            f.presenter_clashes > 0,
        ),
        _card(
            "Shared-author clashes",
            figure_text.shared_author_clashes(f),
            figure_text.against_bound(f) + (f"; {f.clash_mode} mode" if f.clash_mode else ""),
            f.clashes > f.clash_lower_bound,
        ),
        _card(
            "Topic grouping",
            figure_text.grouping(f),
            "similarity of posters sharing a session, and a session and room",
        ),
        _card(
            "Neighbours",
            figure_text.neighbours(f),
            "similarity of posters on adjacent boards",
        ),
        _card(
            "Topics",
            f"{len(plan.topics)}",
            f"{f.topic_sessions} topic-sessions, {f.topic_rooms} topic-rooms ({plan.topic_source})",
        ),
        _card(
            "Solver",
            f"{f.status}, gap {figure_text.gap(f)}",
            f"{figure_text.objective_and_bound(f)}; {figure_text.reproducibility(f)}; {f.strategy}",
            f.status not in ("OPTIMAL", "FEASIBLE"),
        ),
        _changes_card(plan),
    ]


def _changes_card(plan: Plan) -> _Card:
    ch = plan.changes
    if ch is None:
        return _card("Changes", figure_text.FIRST_PLAN, figure_text.NO_PREVIOUS_RUN)
    return _card(
        "Changes",
        figure_text.moved(ch),
        f"{figure_text.since(ch)}: {figure_text.other_changes(ch)}",
    )


class _LoadCell(NamedTuple):
    text: str
    over: bool


class _LoadRow(NamedTuple):
    session: str
    cells: list[_LoadCell]


def load_rows(layout: Layout) -> list[_LoadRow]:
    """Per session, per room: posters / usable boards (all boards), or closed."""
    rows = []
    for s in layout.sessions:
        cells = []
        for r in layout.rooms:
            n = len(layout.cells.get((s.id, r.id), []))
            boards, usable = layout.boards(s, r), layout.usable(s, r)
            if not boards and not n:
                cells.append(_LoadCell("closed", False))
            else:
                cells.append(_LoadCell(f"{n} / {usable} ({boards})", n > usable))
        rows.append(_LoadRow(s.name, cells))
    return rows


class _RuleRow(NamedTuple):
    name: str
    exclusive: bool
    papers: int
    rooms: str
    per_session: str
    over: bool


def rule_rows(plan: Plan) -> list[_RuleRow]:
    """Each [[place]] rule's posters against the boards it allows, per session."""
    names = {s.id: s.name for s in plan.venue.sessions}
    return [
        _RuleRow(
            name=rule.name,
            exclusive=rule.exclusive,
            papers=rule.papers,
            rooms=rule.rooms,
            per_session="; ".join(f"{names[s]} {n} / {b}" for s, n, b in rule.load),
            over=any(n > b for _, n, b in rule.load),
        )
        for rule in rule_loads(plan)
    ]
