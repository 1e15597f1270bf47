"""``report.html``: the plan as program chairs look at it, in one self-contained file.

One HTML file with its CSS, JavaScript and data inline: it opens from disk
with no server and no network.  At the top the plan's figures (posters placed,
clashes against the lower bound, topic grouping, solver status and gap, the
changes since the previous run); then every session drawn room by room as
its boards in order, each board coloured by topic and labelled with the
topic's number (colour is never the only cue), empty and spare boards
included; then the topic legend, the clash list and the change list.

Each placed poster is one element (``.b[data-p]``) and nothing more; titles,
authors and reasons live in one embedded JSON document and the script renders
them on demand (hover, click, keyboard focus), so a 2,634-poster plan stays a
few megabytes and quick to search.  The script honours ``#search=...``,
``#author=...`` and ``#poster=...`` in the address, so a view can be linked
(and tested) without typing.

The page is laid out by Jinja2 templates (``planner/outputs/report/templates/report*.html.j2``,
autoescaped); this module makes what they show.  The output is deterministic:
the same plan gives the same bytes.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.outputs.folder import write_text
from planner.outputs.place_rules import rule_label, rule_loads, rules_of
from planner.plan import figure_text
from planner.plan.records import Placement, Plan
from planner.read.board_labels import board_label
from planner.read.conference import Room, Session

FILE = "report.html"

# Paul Tol's "muted" scheme: nine colours that stay distinct for the common
# kinds of colour blindness.  Past nine topics the colours repeat with a
# pattern on top (stripes, dots, bars, hatching: 63 distinct looks), and every
# board carries its topic's number, so neither colour nor pattern is ever the
# only cue.
PALETTE: list[tuple[str, str]] = [  # (background, text)
    ("#332288", "#fff"),
    ("#88ccee", "#000"),
    ("#44aa99", "#000"),
    ("#117733", "#fff"),
    ("#999933", "#000"),
    ("#ddcc77", "#000"),
    ("#cc6677", "#000"),
    ("#882255", "#fff"),
    ("#aa4499", "#fff"),
]
PATTERNS: list[tuple[str, str]] = [  # (background-image, background-size)
    ("", ""),
    ("repeating-linear-gradient(45deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("radial-gradient({c} 1.5px,transparent 1.7px)", "5px 5px"),
    ("repeating-linear-gradient(0deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("repeating-linear-gradient(-45deg,{c} 0 2px,transparent 2px 6px)", ""),
    ("repeating-linear-gradient(90deg,{c} 0 2px,transparent 2px 6px)", ""),
    (
        "repeating-linear-gradient(45deg,{c} 0 1px,transparent 1px 5px),"
        "repeating-linear-gradient(-45deg,{c} 0 1px,transparent 1px 5px)",
        "",
    ),
]
DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _json_for_script(data: object) -> str:
    """JSON that cannot end the script element it sits in, whatever the strings hold."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def session_time(session: Session) -> str:
    """``Tue 19 May 2026, 17:00–19:00`` (locale-independent, so output is reproducible)."""
    s, e = session.start, session.end
    text = f"{DAYS[s.weekday()]} {s.day} {MONTHS[s.month - 1]} {s.year}, {s:%H:%M}–"
    if e.date() != s.date():
        text += f"{DAYS[e.weekday()]} {e.day} {MONTHS[e.month - 1]} "
    return text + f"{e:%H:%M}"


def _topic_number(topic: int) -> int:
    return topic + 1


class _Layout:
    """Sessions and rooms in venue order (unknown ids from the placements last), the
    placements in board order, and the boards of each (session, room)."""

    def __init__(self, plan: Plan) -> None:
        venue = plan.venue
        self.plan = plan
        self.sessions: list[Session] = list(venue.sessions)
        self.rooms: list[Room] = list(venue.rooms)
        known_s = {s.id for s in self.sessions}
        known_r = {r.id for r in self.rooms}
        for sid in sorted({pl.session for pl in plan.placements} - known_s):
            self.sessions.append(
                Session(id=sid, name=sid, start=datetime(2000, 1, 1), end=datetime(2000, 1, 1))
            )
        for rid in sorted({pl.room for pl in plan.placements} - known_r):
            self.rooms.append(Room(id=rid, name=rid, boards=0))
        self.unknown_sessions = {s.id for s in self.sessions} - known_s
        self.session_index = {s.id: i for i, s in enumerate(self.sessions)}
        self.room_index = {r.id: i for i, r in enumerate(self.rooms)}
        self.cells: dict[tuple[str, str], list[Placement]] = defaultdict(list)
        for pl in plan.placements:
            self.cells[pl.session, pl.room].append(pl)
        for cell in self.cells.values():
            # Boards numbered below 1 (a damaged plan) are drawn after the room's others.
            cell.sort(key=lambda pl: (pl.board < 1, pl.board, pl.label, pl.paper))
        # The posters in the order their boards are drawn: the script maps the
        # n-th board element to the n-th poster.
        self.order: list[Placement] = []
        for s in self.sessions:
            for r in self.rooms:
                self.order.extend(self.cells.get((s.id, r.id), []))

    def rooms_of(self, session: Session) -> list[Room]:
        return [
            r
            for r in self.rooms
            if (
                r.is_open(session.id)
                and r.board_count(session.id) > 0
                and session.id not in self.unknown_sessions
            )
            or self.cells.get((session.id, r.id))
        ]

    def boards(self, session: Session, room: Room) -> int:
        return room.board_count(session.id) if room.is_open(session.id) else 0

    def usable(self, session: Session, room: Room) -> int:
        venue = self.plan.venue
        return venue.usable_boards(session.id, room) if room.id in venue.room_by_id else 0


# --- the embedded data ------------------------------------------------------------------
#
# The page carries one JSON document the script renders details, search, the author view
# and the editor from.  Its records are lists rather than objects, so that a plan of
# thousands of posters stays small: each kind's field names are sent once (under
# "fields"), every record is built from those names, and report.js reads each field by
# name through them (p[P.title]), never by a bare position.

POSTER_FIELDS = (
    "id",
    "title",
    "authors",  # people, as numbered in "people"
    "topic",
    "session",  # index into "sessions"
    "room",  # index into "rooms"
    "label",  # the board's label
    "status",
    "reason",
    "presenter",  # a person, or -1
    "url",  # the paper's page (http or https only), or ""
    "change",  # since the previous run: "", "new", "moved" or "edited"
    "clashes",  # indexes into "clashes"
    "rules",  # the [[place]] rules that match it, indexes into edit.rules
    "pinned",  # pinned by: "", "venue", "workbook" or "report"
    "board",  # the board's number
)
PERSON_FIELDS = ("name", "institutions", "key")
SESSION_FIELDS = ("name", "time")
MOVE_FIELDS = ("kind", "before", "after", "why")
CLASH_FIELDS = ("person", "name", "poster", "other", "presenter", "why")
CELL_FIELDS = ("boards", "usable")  # of a room in a session
RULE_FIELDS = ("name", "rooms", "sessions", "exclusive")
TERM_FIELDS = ("term", "weight")  # weight in thousandths; a poster's terms are flat
FIELDS = {
    "poster": POSTER_FIELDS,
    "person": PERSON_FIELDS,
    "session": SESSION_FIELDS,
    "move": MOVE_FIELDS,
    "clash": CLASH_FIELDS,
    "cell": CELL_FIELDS,
    "rule": RULE_FIELDS,
    "term": TERM_FIELDS,
}


def _record(fields: tuple[str, ...], **values: Any) -> list[Any]:
    """One record of the data: ``values`` in the order of ``fields``, all of them."""
    if len(values) != len(fields):
        raise ValueError(f"record fields {sorted(values)} are not {fields}")
    return [values[name] for name in fields]


class _People:
    """Everyone the script names: the placed posters' authors and the clashing people,
    sorted by name and numbered in that order."""

    def __init__(self, plan: Plan, layout: _Layout) -> None:
        papers = plan.paper_by_id
        keys: list[str] = []
        seen: set[str] = set()
        names: dict[str, str] = {}
        for pl in layout.order:
            paper = papers.get(pl.paper)
            if paper is None:
                continue
            for i, key in enumerate(paper.authors):
                if key not in seen:
                    seen.add(key)
                    keys.append(key)
                if key not in plan._people and i < len(paper.author_names):
                    names.setdefault(key, paper.author_names[i])
        for c in plan.clashes:
            if c.person not in seen:
                seen.add(c.person)
                keys.append(c.person)
                names.setdefault(c.person, c.name)

        ordered: list[tuple[str, str, list[Any]]] = []
        for k in keys:
            p = plan._people.get(k)
            name = names.get(k, k) if p is None else p.name
            institutions = "" if p is None else "; ".join(p.institutions)
            record = _record(PERSON_FIELDS, name=name, institutions=institutions, key=k)
            ordered.append((name.casefold(), k, record))
        ordered.sort(key=lambda item: (item[0], item[1]))
        self.records = [record for _, _, record in ordered]
        self.index = {k: i for i, (_, k, _) in enumerate(ordered)}


def _poster_index(layout: _Layout) -> dict[str, int]:
    """Paper id -> its poster's number (board order); a paper placed twice, its first."""
    index: dict[str, int] = {}
    for i, pl in enumerate(layout.order):
        index.setdefault(pl.paper, i)
    return index


def _posters(plan: Plan, layout: _Layout, people: _People) -> list[list[Any]]:
    papers = plan.paper_by_id
    person_index = people.index
    changes = plan.changes
    moves = {m.paper for m in changes.moved} if changes else set()
    added = set(changes.added) if changes else set()
    edited = set(changes.edited) if changes else set()
    clash_of: dict[str, list[int]] = defaultdict(list)
    for n, c in enumerate(plan.clashes):
        for pid in c.papers:
            clash_of[pid].append(n)
    matched = rules_of(plan)
    out = []
    for pl in layout.order:
        paper = papers.get(pl.paper)
        url = paper.url if paper and paper.url else ""
        change = (
            "moved"
            if pl.paper in moves or pl.status == "moved"
            else "new"
            if pl.paper in added or pl.status == "new"
            else "edited"
            if pl.paper in edited
            else ""
        )
        out.append(
            _record(
                POSTER_FIELDS,
                id=pl.paper,
                title=paper.title if paper else f"(paper {pl.paper})",
                authors=[person_index[k] for k in paper.authors] if paper else [],
                topic=pl.topic,
                session=layout.session_index[pl.session],
                room=layout.room_index[pl.room],
                label=pl.label,
                status=pl.status,
                reason=pl.reason,
                presenter=(
                    person_index.get(paper.presenter, -1) if paper and paper.presenter else -1
                ),
                url=url if url.startswith(("https://", "http://")) else "",
                change=change,
                clashes=clash_of.get(pl.paper, []),
                rules=list(matched.get(pl.paper, ())),
                pinned=pin_kind(pl),
                board=pl.board,
            )
        )
    return out


def _moves(plan: Plan, index_of: dict[str, int]) -> dict[str, list[Any]]:
    """Poster number -> how it moved since the previous run."""
    moves = {m.paper: m for m in plan.changes.moved} if plan.changes else {}
    return {
        str(index_of[pid]): _record(
            MOVE_FIELDS, kind=m.kind, before=m.before, after=m.after, why=m.why
        )
        for pid, m in sorted(moves.items())
        if pid in index_of
    }


def _clashes(plan: Plan, people: _People, index_of: dict[str, int]) -> list[list[Any]]:
    return [
        _record(
            CLASH_FIELDS,
            person=people.index.get(c.person, -1),
            name=c.name,
            poster=index_of.get(c.papers[0], -1),
            other=index_of.get(c.papers[1], -1),
            presenter=int(c.presenter),
            why=c.reason,
        )
        for c in plan.clashes
    ]


def _sessions(layout: _Layout) -> list[list[Any]]:
    return [
        _record(
            SESSION_FIELDS,
            name=s.name,
            time="" if s.id in layout.unknown_sessions else session_time(s),
        )
        for s in layout.sessions
    ]


def _data(plan: Plan, layout: _Layout) -> dict[str, Any]:
    """The embedded document the script renders details, search and the author view from."""
    people = _People(plan, layout)
    index_of = _poster_index(layout)
    return {
        "fields": FIELDS,
        "sessions": _sessions(layout),
        "rooms": [r.name for r in layout.rooms],
        "topics": {str(t.id): t.label for t in plan.topics},
        "people": people.records,
        "posters": _posters(plan, layout, people),
        "moves": _moves(plan, index_of),
        "clashes": _clashes(plan, people, index_of),
        "edit": _edit_data(plan, layout, people.index),
    }


def pin_kind(pl: Placement) -> str:
    """Who pinned a poster: "venue", "workbook" or "report" (a hand edit), or ""."""
    from planner.plan.assemble import HAND_EDIT_PINS

    if pl.status != "pinned":
        return ""
    return HAND_EDIT_PINS.get(pl.reason, "venue")


def _away(plan: Plan, person_index: dict[str, int]) -> dict[str, list[int]]:
    """Person (as the script numbers them) -> the sessions they are away for.

    The venue's [[unavailable]] entries name an author by id, e-mail or name; they
    are matched to the plan's people the way planner verify reads them.
    """
    sessions = {s.id: i for i, s in enumerate(plan.venue.sessions)}
    out: dict[int, set[int]] = defaultdict(set)
    for item in plan.venue.unavailable:
        ref = item.author
        ref_id, ref_mail, ref_name = canonical_id(ref), ref.strip().casefold(), normalise_name(ref)
        for person in plan.people:
            k = person_index.get(person.key)
            if k is None:
                continue
            if (
                ref_id in person.ids
                or ref_mail in (e.casefold() for e in person.emails)
                or (ref_name and normalise_name(person.name) == ref_name)
            ):
                out[k].update(sessions[s] for s in item.sessions if s in sessions)
    return {str(k): sorted(v) for k, v in sorted(out.items())}


def _labels(plan: Plan, layout: _Layout) -> list[list[str]] | None:
    """Each room's board labels, when the venue's label pattern is not the plain
    "{prefix}{number}" the script can make by itself."""
    pattern = plan.venue.rules.board_label
    if pattern == "{prefix}{number}":
        return None
    return [
        [
            board_label(r.board_prefix, n, pattern)
            for n in range(1, max([r.boards, *r.boards_by_session.values()]) + 1)
        ]
        for r in layout.rooms
    ]


def _rules(plan: Plan, layout: _Layout) -> list[list[Any]]:
    """The venue's [[place]] rules, their rooms and sessions as the script numbers them."""
    return [
        _record(
            RULE_FIELDS,
            name=rule.name,
            rooms=None
            if rule.rooms is None
            else [layout.room_index[r] for r in rule.rooms if r in layout.room_index],
            sessions=None
            if rule.sessions is None
            else [layout.session_index[s] for s in rule.sessions if s in layout.session_index],
            exclusive=int(rule.exclusive),
        )
        for rule in plan.venue.place
    ]


def _cells(layout: _Layout) -> list[list[Any]]:
    """Per session, per room: its boards and usable boards, or 0 where the room is closed."""
    return [
        [
            _record(CELL_FIELDS, boards=layout.boards(s, r), usable=layout.usable(s, r))
            if layout.boards(s, r)
            else 0
            for r in layout.rooms
        ]
        for s in layout.sessions
    ]


def _overlap(layout: _Layout) -> list[list[int]]:
    """Per session, the sessions at overlapping times (itself at least)."""
    sessions = layout.sessions
    return [
        [
            j
            for j, t in enumerate(sessions)
            if s.id not in layout.unknown_sessions
            and t.id not in layout.unknown_sessions
            and s.overlaps(t)
        ]
        or [i]
        for i, s in enumerate(sessions)
    ]


def _edit_data(plan: Plan, layout: _Layout, person_index: dict[str, int]) -> dict[str, Any]:
    """What the report's editor needs to judge a move before it is made."""
    f = plan.figures
    return {
        "revision": plan.revision,
        "conference": plan.venue.name,
        "sessionIds": [s.id for s in layout.sessions],
        "roomIds": [r.id for r in layout.rooms],
        "prefix": [r.board_prefix for r in layout.rooms],
        "labels": _labels(plan, layout),
        "cells": _cells(layout),
        "overlap": _overlap(layout),
        "away": _away(plan, person_index),
        "rules": _rules(plan, layout),
        "bound": f.clash_lower_bound,
        "grouping": f.grouping,
        "sessionGrouping": f.session_grouping,
        "neighbours": f.neighbours,
        "terms": _terms(plan, layout),
    }


TERMS_KEPT = 12  # a poster's heaviest TF-IDF terms: enough to estimate grouping after edits


def _terms(plan: Plan, layout: _Layout) -> list[list[int]]:
    """Per poster (board order), its heaviest TF-IDF terms: term records laid end to end.

    The editor estimates how an edit changes topic grouping from these: the
    exact figure needs every term of every poster (megabytes at ICML size),
    and the estimate is scaled so that the unedited plan shows the exact one.
    """
    from planner.topics.build import tfidf_matrix

    papers = plan.paper_by_id
    ids = [pl.paper for pl in layout.order]
    if not ids:
        return []
    texts = []
    for pid in ids:
        paper = papers.get(pid)
        if paper is None:
            texts.append("")
            continue
        words = " ".join(paper.keywords)
        texts.append(f"{paper.title}. {paper.title}. {words}. {paper.abstract}")
    matrix, _ = tfidf_matrix(texts)
    indptr, indices = matrix.indptr, matrix.indices
    # Weights in thousandths: ties are broken by term index, so the bytes never vary.
    weights = np.rint(matrix.data.astype(np.float64) * 1000).astype(np.int64)
    term_id: dict[int, int] = {}
    out = []
    for i in range(matrix.shape[0]):
        lo, hi = indptr[i], indptr[i + 1]
        terms, w = indices[lo:hi], weights[lo:hi]
        keep = np.lexsort((terms, -w))[:TERMS_KEPT]
        flat: list[int] = []
        for k in sorted(keep.tolist(), key=lambda k: int(terms[k])):
            term = term_id.setdefault(int(terms[k]), len(term_id))
            flat += _record(TERM_FIELDS, term=term, weight=int(w[k]))
        out.append(flat)
    return out


def _topic_css(plan: Plan) -> str:
    ids = sorted({t.id for t in plan.topics} | {pl.topic for pl in plan.placements})
    out = []
    for t in ids:
        background, text = PALETTE[t % len(PALETTE)]
        image, size = PATTERNS[(t // len(PALETTE)) % len(PATTERNS)]
        rule = f"background-color:{background};color:{text}"
        if image:
            overlay = "rgba(255,255,255,.4)" if text == "#fff" else "rgba(0,0,0,.22)"
            rule += f";background-image:{image.format(c=overlay)}"
            if size:
                rule += f";background-size:{size}"
        out.append(f".t{t}{{{rule}}}")
    return "\n".join(out)


# --- the page ---------------------------------------------------------------------------
#
# The HTML comes from Jinja2 templates (planner/outputs/report/templates/report*.html.j2) with
# autoescaping on: every value is escaped unless it is Markup, and the only Markup is the
# page's own stylesheet and script, the topic colours (made from the constants above)
# and the JSON data (escaped for a script element by _json_for_script).  What the
# templates show is made here, as plain records; they only lay it out.


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("planner.outputs.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )


def _inline(name: str) -> Markup:
    """The page's own stylesheet or script (planner/outputs/report/templates/), inlined as it is: it
    must not end the element it sits in."""
    text = resources.files("planner.outputs.report").joinpath("templates", name).read_text("utf-8")
    if re.search(r"</(script|style)|<!--", text, re.IGNORECASE):
        raise ValueError(f"planner/outputs/report/templates/{name} would end its element early")
    return Markup(text)


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


def _figures(plan: Plan, layout: _Layout) -> list[_Card]:
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


def _load_rows(layout: _Layout) -> list[_LoadRow]:
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


def _rule_rows(plan: Plan) -> list[_RuleRow]:
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


class _TopicItem(NamedTuple):
    id: int
    number: int
    label: str
    posters: int


def _legend(plan: Plan) -> list[_TopicItem]:
    count: dict[int, int] = defaultdict(int)
    for pl in plan.placements:
        count[pl.topic] += 1
    labels = {t.id: t.label for t in plan.topics}
    return [
        _TopicItem(t, _topic_number(t), labels.get(t, f"topic {_topic_number(t)}"), count[t])
        for t in sorted(set(labels) | set(count))
    ]


MARKS = {
    "x": "clash",
    "m": "moved",
    "n": "new",
    "p": "pinned",
    "h": "by a hand edit",
    "r": "placed by a rule",
}


def _marks(plan: Plan, ruled: dict[str, tuple[int, ...]]) -> dict[str, list[str]]:
    clash = {pid for c in plan.clashes for pid in c.papers}
    changes = plan.changes
    moved = {m.paper for m in changes.moved} if changes else set()
    added = set(changes.added) if changes else set()
    out: dict[str, list[str]] = {}
    for pl in plan.placements:
        marks = []
        if pl.paper in clash:
            marks.append("x")
        if pl.paper in moved or pl.status == "moved":
            marks.append("m")
        elif pl.paper in added or pl.status == "new":
            marks.append("n")
        if pl.status == "pinned":
            marks.append("p")
            if pin_kind(pl) in ("workbook", "report"):
                marks.append("h")
        if pl.paper in ruled:
            marks.append("r")
        out[pl.paper] = marks
    return out


class _Board(NamedTuple):
    """One board: a poster (paper set) or an empty or spare one (paper None)."""

    cls: str
    paper: str | None
    label: str  # the poster's aria-label, or the empty board's title
    number: int  # the topic's number on a poster, the board's number on an empty board


class _RoomView(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    name: str
    load: str
    over: bool
    posters: int
    usable: int
    meter_max: int
    boards: list[_Board]


class _ClosedRoom(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    name: str


class _SessionView(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    id: str
    name: str
    when: str
    posters: int
    rooms: list[_RoomView]
    closed: list[_ClosedRoom]


class _Overview:
    """The overview's sessions, rooms and boards, each board in board order."""

    def __init__(self, plan: Plan, layout: _Layout) -> None:
        self.plan, self.layout = plan, layout
        self.ruled = rules_of(plan)
        self.marks = _marks(plan, self.ruled)

    def sessions(self) -> list[_SessionView]:
        return [self.session(s) for s in self.layout.sessions]

    def session(self, s: Session) -> _SessionView:
        layout = self.layout
        open_rooms = layout.rooms_of(s)
        return _SessionView(
            pos=layout.session_index[s.id],
            id=s.id,
            name=s.name,
            when="" if s.id in layout.unknown_sessions else f" · {session_time(s)}",
            posters=sum(len(layout.cells.get((s.id, r.id), [])) for r in layout.rooms),
            rooms=[self.room(s, r) for r in open_rooms],
            closed=[
                _ClosedRoom(layout.room_index[r.id], r.name)
                for r in layout.rooms
                if r not in open_rooms
            ],
        )

    def room(self, s: Session, r: Room) -> _RoomView:
        layout = self.layout
        here = layout.cells.get((s.id, r.id), [])
        boards, usable = layout.boards(s, r), layout.usable(s, r)
        at: dict[int, list[Placement]] = defaultdict(list)
        for pl in here:
            at[pl.board].append(pl)
        last = max([boards, *at.keys()])
        empty = sum(1 for n in range(1, min(usable, last) + 1) if n not in at)
        spare = sum(1 for n in range(usable + 1, boards + 1) if n not in at)
        over = len(here) - usable
        load = (
            f"{len(here)} of {usable} boards used"
            + (f", {empty} empty" if empty else "")
            + (f", {spare} spare" if spare else "")
            + (f", {over} over" if over > 0 else "")
        )
        return _RoomView(
            pos=layout.room_index[r.id],
            name=r.name,
            load=load,
            over=over > 0,
            posters=len(here),
            usable=usable,
            meter_max=max(usable, 1),
            boards=self.boards(r, at, last, usable),
        )

    def boards(
        self, r: Room, at: dict[int, list[Placement]], last: int, usable: int
    ) -> list[_Board]:
        pattern = self.plan.venue.rules.board_label
        out: list[_Board] = []
        for n in range(1, last + 1):
            if n in at:
                out.extend(self.poster(pl) for pl in at[n])
                continue
            name = board_label(r.board_prefix, n, pattern)
            kind, what = ("s", "spare, kept free") if n > usable else ("e", "empty")
            out.append(_Board(f"b {kind}", None, f"{name} · {what}", n))
        for n in sorted(k for k in at if k < 1):  # out of range: still drawn, at the end
            out.extend(self.poster(pl) for pl in at[n])
        return out

    def poster(self, pl: Placement) -> _Board:
        """A poster's board: a single element, its details come from the embedded data."""
        marks = self.marks.get(pl.paper, [])
        rule = rule_label(self.plan, self.ruled.get(pl.paper, ()))
        said = [MARKS[m] if m != "r" else f"rule {rule}" for m in marks]
        number = _topic_number(pl.topic)
        return _Board(
            " ".join(["b", f"t{pl.topic}", *marks]),
            pl.paper,
            ", ".join([pl.label, f"topic {number}", *said]),
            number,
        )


class _PosterRef(NamedTuple):
    id: str
    label: str | None  # its board, when it is placed
    title: str


class _ClashRow(NamedTuple):
    person: str
    name: str
    presenter: bool
    posters: list[_PosterRef]
    sessions: str
    why: str


def _refs(plan: Plan) -> Callable[[str, str], _PosterRef]:
    """A poster id (and the title to show if it has none) -> its reference.  The
    plan's lookups are built once: they are properties that rebuild on each use."""
    placement_of, paper_by_id = plan.placement_of, plan.paper_by_id

    def ref(pid: str, untitled: str) -> _PosterRef:
        pl = placement_of.get(pid)
        paper = paper_by_id.get(pid)
        return _PosterRef(pid, pl.label if pl else None, paper.title if paper else untitled)

    return ref


def _clash_rows(plan: Plan) -> list[_ClashRow]:
    sessions = plan.venue.session_by_id
    ref = _refs(plan)
    return [
        _ClashRow(
            person=c.person,
            name=c.name,
            presenter=c.presenter,
            posters=[ref(pid, pid) for pid in c.papers],
            sessions=" / ".join(
                sorted({sessions[s].name if s in sessions else s for s in c.sessions})
            ),
            why=c.reason,
        )
        for c in plan.clashes
    ]


class _ChangeGroup(NamedTuple):
    name: str
    posters: list[_PosterRef]


def _change_groups(plan: Plan) -> list[_ChangeGroup]:
    """The posters added and edited since the previous run, the groups that have any."""
    ch = plan.changes
    if ch is None:
        return []
    ref = _refs(plan)
    return [
        _ChangeGroup(name, [ref(pid, "") for pid in ids])
        for name, ids in (("Added", ch.added), ("Edited in place", ch.edited))
        if ids
    ]


def _unplaced(plan: Plan) -> list[_PosterRef]:
    placed = {pl.paper for pl in plan.placements}
    return [_PosterRef(p.id, None, p.title) for p in plan.papers if p.id not in placed]


def render(plan: Plan) -> str:
    layout = _Layout(plan)
    venue = plan.venue
    page = _environment().get_template("report.html.j2")
    return page.render(
        title=f"{venue.name}: poster plan, revision {plan.revision}",
        conference=venue.name,
        revision=plan.revision,
        stamp=plan.revision_time.strftime("%Y-%m-%d %H:%M UTC"),
        version=plan.planner_version,
        placed=f"{len(plan.placements):,}",
        session_count=len(layout.sessions),
        room_count=len(layout.rooms),
        css=_inline("report.css"),
        topic_css=Markup(_topic_css(plan)),
        cards=_figures(plan, layout),
        room_names=[r.name for r in layout.rooms],
        load_rows=_load_rows(layout),
        rule_loads=_rule_rows(plan),
        topics=_legend(plan),
        sessions=_Overview(plan, layout).sessions(),
        clashes=_clash_rows(plan),
        changes=plan.changes,
        change_groups=_change_groups(plan),
        unplaced=_unplaced(plan),
        data=Markup(_json_for_script(_data(plan, layout))),
        script=_inline("report.js"),
    )


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, render(plan))
