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

The output is deterministic: the same plan gives the same bytes.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from planner import figure_text
from planner.boards import board_label
from planner.conference import Room, Session
from planner.exports.place_rules import rule_label, rule_loads, rules_of
from planner.ids import canonical_id
from planner.output import write_text
from planner.plan import Placement, Plan
from planner.text import normalise_name

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


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _asset(name: str) -> str:
    return resources.files("planner").joinpath("templates", name).read_text("utf-8")


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
    from planner.assemble import HAND_EDIT_PINS

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
    from planner.topics import tfidf_matrix

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


FIGURE_IDS = {
    "Presenter clashes": "presenter",
    "Shared-author clashes": "clashes",
    "Topic grouping": "grouping",
    "Neighbours": "neighbours",
}


def _figures(plan: Plan, layout: _Layout) -> str:
    f = plan.figures
    venue = plan.venue
    usable = sum(layout.usable(s, r) for s in layout.sessions for r in layout.rooms)
    total = sum(layout.boards(s, r) for s in layout.sessions for r in layout.rooms)
    ch = plan.changes
    if ch is None:
        change_value, change_note = figure_text.FIRST_PLAN, figure_text.NO_PREVIOUS_RUN
    else:
        change_value, change_note = (
            figure_text.moved(ch),
            f"{figure_text.since(ch)}: {figure_text.other_changes(ch)}",
        )
    cards: list[tuple[str, str, str, bool]] = [
        (
            "Posters placed",
            f"{f.placed:,} of {f.posters:,}",
            f"{len(venue.sessions)} sessions, {len(venue.rooms)} rooms; "
            f"{usable:,} usable of {total:,} boards",
            f.placed < f.posters,
        ),
        (
            "Presenter clashes",
            f"{f.presenter_clashes}",
            "a presenter due at two boards at once",
            f.presenter_clashes > 0,
        ),
        (
            "Shared-author clashes",
            figure_text.shared_author_clashes(f),
            figure_text.against_bound(f) + (f"; {f.clash_mode} mode" if f.clash_mode else ""),
            f.clashes > f.clash_lower_bound,
        ),
        (
            "Topic grouping",
            figure_text.grouping(f),
            "similarity of posters sharing a session, and a session and room",
            False,
        ),
        (
            "Neighbours",
            figure_text.neighbours(f),
            "similarity of posters on adjacent boards",
            False,
        ),
        (
            "Topics",
            f"{len(plan.topics)}",
            f"{f.topic_sessions} topic-sessions, {f.topic_rooms} topic-rooms ({plan.topic_source})",
            False,
        ),
        (
            "Solver",
            f"{f.status}, gap {figure_text.gap(f)}",
            f"{figure_text.objective_and_bound(f)}; {figure_text.reproducibility(f)}; {f.strategy}",
            f.status not in ("OPTIMAL", "FEASIBLE"),
        ),
        ("Changes", change_value, change_note, False),
    ]
    out = [
        '<section id="figures" aria-labelledby="figures-h"><h2 id="figures-h">Figures</h2>',
        '<dl class="cards">',
    ]
    for name, value, note, warn in cards:
        cls = ' class="warn"' if warn else ""
        # The editor rewrites these figures after each edit.
        fig = FIGURE_IDS.get(name)
        data = f' data-fig="{fig}"' if fig else ""
        out.append(
            f"<div{cls}{data}><dt>{_e(name)}</dt><dd><strong>{_e(value)}</strong>"
            f"<span>{_e(note)}</span></dd></div>"
        )
    out.append("</dl></section>")
    return "\n".join(out)


def _load_table(layout: _Layout) -> str:
    out = [
        '<details class="load"><summary>Load against boards, per session and room</summary>',
        "<table><caption>Posters placed / usable boards (all boards)</caption><thead><tr>"
        '<th scope="col">Session</th>',
    ]
    out += [f'<th scope="col">{_e(r.name)}</th>' for r in layout.rooms]
    out.append("</tr></thead><tbody>")
    for s in layout.sessions:
        out.append(f'<tr><th scope="row">{_e(s.name)}</th>')
        for r in layout.rooms:
            n = len(layout.cells.get((s.id, r.id), []))
            boards, usable = layout.boards(s, r), layout.usable(s, r)
            if not boards and not n:
                out.append("<td>closed</td>")
                continue
            cls = ' class="over"' if n > usable else ""
            out.append(f"<td{cls}>{n} / {usable} ({boards})</td>")
        out.append("</tr>")
    out.append("</tbody></table>")
    out.append(_rule_table(layout.plan))
    out.append("</details>")
    return "".join(out)


def _rule_table(plan: Plan) -> str:
    """Each [[place]] rule's posters against the boards it allows, per session."""
    loads = rule_loads(plan)
    if not loads:
        return ""
    names = {s.id: s.name for s in plan.venue.sessions}
    out = [
        "<table><caption>Placement rules ([[place]]): posters placed / boards the rule "
        'allows</caption><thead><tr><th scope="col">Rule</th><th scope="col">Posters</th>'
        '<th scope="col">Rooms</th><th scope="col">Per session</th></tr></thead><tbody>'
    ]
    for rule in loads:
        per = "; ".join(f"{names[s]} {n} / {b}" for s, n, b in rule.load)
        over = any(n > b for _, n, b in rule.load)
        cls = ' class="over"' if over else ""
        out.append(
            f'<tr><th scope="row"><span class="tag">{_e(rule.name)}</span>'
            f"{' (exclusive)' if rule.exclusive else ''}</th><td>{rule.papers}</td>"
            f"<td>{_e(rule.rooms)}</td><td{cls}>{_e(per)}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _legend(plan: Plan, layout: _Layout) -> str:
    count: dict[int, int] = defaultdict(int)
    for pl in plan.placements:
        count[pl.topic] += 1
    labels = {t.id: t.label for t in plan.topics}
    ids = sorted(set(labels) | set(count))
    out = [
        '<section id="legend" aria-labelledby="legend-h"><details open><summary>'
        '<h2 id="legend-h">Topics and marks</h2></summary><ul class="marks">'
        '<li><span class="sw b x" aria-hidden="true"></span>shared-author or presenter '
        "clash (!)</li>"
        '<li><span class="sw b m" aria-hidden="true"></span>moved since the previous run '
        "(diamond)</li>"
        '<li><span class="sw b n" aria-hidden="true"></span>new since the previous run (+)'
        "</li>"
        '<li><span class="sw b p" aria-hidden="true"></span>pinned by the organizers '
        "(bar)</li>"
        '<li><span class="sw b p h" aria-hidden="true"></span>pinned by a hand edit in the '
        "workbook or the report (double bar)</li>"
        '<li><span class="sw b r" aria-hidden="true">1</span>placed by a [[place]] rule '
        "(underlined; the rule in the details)</li>"
        '<li class="edit-only"><span class="sw b u" aria-hidden="true"></span>edited here, '
        "not saved yet (blue frame)</li>"
        '<li><span class="sw b e" aria-hidden="true"></span>empty board</li>'
        '<li><span class="sw b s" aria-hidden="true"></span>spare board, kept free</li>'
        '<li><span class="sw b hit" aria-hidden="true"></span>matches the search</li>'
        '<li><span class="sw b au" aria-hidden="true"></span>the chosen author\'s</li>'
        '</ul><p class="hint">Choose a topic to highlight its boards.</p>'
        '<ul class="topics">'
    ]
    for t in ids:
        n = _topic_number(t)
        label = labels.get(t, f"topic {n}")
        out.append(
            f'<li><button type="button" data-topic="{n}" aria-label="Highlight topic '
            f'{n}: {_e(label)}"><span class="sw t{t}" aria-hidden="true">{n}</span>'
            f'<span>{_e(label)} <span class="n">({count.get(t, 0)})</span></span></button></li>'
        )
    out.append("</ul></details></section>")
    return "".join(out)


MARKS = {
    "x": "clash",
    "m": "moved",
    "n": "new",
    "p": "pinned",
    "h": "by a hand edit",
    "r": "placed by a rule",
}


def _board(pl: Placement, marks: list[str], rule: str = "") -> str:
    """One poster's board: a single element, its details come from the embedded data."""
    cls = " ".join(["b", f"t{pl.topic}", *marks])
    words = [MARKS[m] if m != "r" else f"rule {rule}" for m in marks]
    label = ", ".join([pl.label, f"topic {_topic_number(pl.topic)}", *words])
    return (
        f'<button class="{cls}" data-p="{_e(pl.paper)}" aria-label="{_e(label)}">'
        f"{_topic_number(pl.topic)}</button>"
    )


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


def _overview(plan: Plan, layout: _Layout) -> str:
    venue = plan.venue
    ruled = rules_of(plan)
    marks = _marks(plan, ruled)
    out = [
        '<section id="overview" aria-labelledby="overview-h"><h2 id="overview-h">'
        "Sessions and rooms</h2>"
        '<p class="hint">Each square is a board, in board order; the number is the topic. '
        "Hover a board for a summary; click or focus it for the poster's details beside "
        "the plan. Tab moves from room to room, the arrow keys along a room's boards.</p>"
    ]
    for s in layout.sessions:
        cells = [pl for r in layout.rooms for pl in layout.cells.get((s.id, r.id), [])]
        when = "" if s.id in layout.unknown_sessions else f" · {session_time(s)}"
        out.append(
            f'<section class="session" id="s-{_e(s.id)}"><h3>{_e(s.name)}'
            f'<span class="when">{_e(when)} · {len(cells)} posters</span></h3>'
        )
        closed = [r for r in layout.rooms if r not in layout.rooms_of(s)]
        for r in layout.rooms_of(s):
            here = layout.cells.get((s.id, r.id), [])
            boards, usable = layout.boards(s, r), layout.usable(s, r)
            at: dict[int, list[Placement]] = defaultdict(list)
            for pl in here:
                at[pl.board].append(pl)
            last = max([boards, *at.keys()])
            prefix = r.board_prefix
            pattern = venue.rules.board_label
            empty = sum(1 for n in range(1, min(usable, last) + 1) if n not in at)
            spare = sum(1 for n in range(usable + 1, boards + 1) if n not in at)
            over = len(here) - usable
            load = (
                f"{len(here)} of {usable} boards used"
                + (f", {empty} empty" if empty else "")
                + (f", {spare} spare" if spare else "")
                + (f", {over} over" if over > 0 else "")
            )
            cls = "room over" if over > 0 else "room"
            cell = f'data-s="{layout.session_index[s.id]}" data-r="{layout.room_index[r.id]}"'
            out.append(
                f'<div class="{cls}" {cell}><h4>{_e(r.name)} <span class="load">{_e(load)}'
                f'</span><meter min="0" max="{max(usable, 1)}" value="{len(here)}" '
                f'aria-label="{_e(r.name)} load">{len(here)}/{usable}</meter></h4>'
                f'<div class="boards" role="group" {cell} aria-label="{_e(s.name)}, '
                f'{_e(r.name)}: {_e(load)}">'
            )

            def board(pl: Placement) -> str:
                return _board(
                    pl, marks.get(pl.paper, []), rule_label(plan, ruled.get(pl.paper, ()))
                )

            boards_html: list[str] = []
            for n in range(1, last + 1):
                if n in at:
                    boards_html.extend(board(pl) for pl in at[n])
                    continue
                name = board_label(prefix, n, pattern)
                kind, what = ("s", "spare, kept free") if n > usable else ("e", "empty")
                boards_html.append(
                    f'<span class="b {kind}" data-n="{n}" title="{_e(name)} · {what}"></span>'
                )
            for n in sorted(k for k in at if k < 1):  # out of range: still drawn, at the end
                boards_html.extend(board(pl) for pl in at[n])
            out.append("".join(boards_html))
            out.append("</div></div>")
        if closed:
            # Each closed room is named on its own, so the editor can say why a poster
            # dropped on it cannot go there.
            names = ", ".join(
                f'<span data-s="{layout.session_index[s.id]}" '
                f'data-closed="{layout.room_index[r.id]}">{_e(r.name)}</span>'
                for r in closed
            )
            out.append(f'<p class="closed">Closed in this session: {names}</p>')
        out.append("</section>")
    out.append("</section>")
    return "\n".join(out)


def _clash_list(plan: Plan) -> str:
    out = [
        '<section id="clashes" aria-labelledby="clashes-h"><h2 id="clashes-h">Clashes '
        f'<span class="n">({len(plan.clashes)})</span></h2>'
    ]
    if not plan.clashes:
        out.append("<p>No author is due at two posters at the same time.</p></section>")
        return "".join(out)
    papers = plan.paper_by_id
    where = plan.placement_of
    sessions = plan.venue.session_by_id
    out.append(
        '<table><thead><tr><th scope="col">Author</th><th scope="col">Posters</th>'
        '<th scope="col">Session</th><th scope="col">Why</th></tr></thead><tbody>'
    )
    for c in plan.clashes:
        links = []
        for pid in c.papers:
            pl = where.get(pid)
            title = papers[pid].title if pid in papers else pid
            board = f"{pl.label} " if pl else ""
            links.append(f'<a href="#poster={_e(pid)}">{_e(board)}</a>{_e(title)}')
        session_names = sorted({sessions[s].name if s in sessions else s for s in c.sessions})
        role = " (presenter)" if c.presenter else ""
        out.append(
            f'<tr><td><a href="#author={_e(c.person)}">{_e(c.name)}</a>{_e(role)}</td>'
            f"<td><ul><li>{'</li><li>'.join(links)}</li></ul></td>"
            f"<td>{_e(' / '.join(session_names))}</td><td>{_e(c.reason)}</td></tr>"
        )
    out.append("</tbody></table></section>")
    return "".join(out)


def _change_list(plan: Plan) -> str:
    ch = plan.changes
    out = [
        '<section id="changes" aria-labelledby="changes-h"><h2 id="changes-h">'
        "Changes since the previous run</h2>"
    ]
    if ch is None:
        out.append(
            "<p>This is the first plan: there is no previous run to compare with.</p></section>"
        )
        return "".join(out)
    if ch.empty:
        out.append(f"<p>Nothing moved since revision {ch.previous_revision}.</p>")
    papers = plan.paper_by_id
    where = plan.placement_of
    if ch.moved:
        out.append(
            f"<h3>Moved ({len(ch.moved)})</h3><table><thead><tr>"
            '<th scope="col">Poster</th><th scope="col">Before</th>'
            '<th scope="col">After</th><th scope="col">Why</th></tr></thead><tbody>'
        )
        for m in ch.moved:
            out.append(
                f'<tr><td><a href="#poster={_e(m.paper)}">{_e(m.paper)}</a> '
                f"{_e(m.title)}</td><td>{_e(m.before)}</td><td>{_e(m.after)}</td>"
                f"<td>{_e(m.why)}</td></tr>"
            )
        out.append("</tbody></table>")
    for name, ids in (("Added", ch.added), ("Edited in place", ch.edited)):
        if not ids:
            continue
        out.append(f"<h3>{name} ({len(ids)})</h3><ul>")
        for pid in ids:
            pl = where.get(pid)
            title = papers[pid].title if pid in papers else ""
            board = f" ({pl.label})" if pl else ""
            out.append(f'<li><a href="#poster={_e(pid)}">{_e(pid)}{_e(board)}</a> {_e(title)}</li>')
        out.append("</ul>")
    if ch.removed:
        out.append(f"<h3>Removed ({len(ch.removed)})</h3><p>{_e(', '.join(ch.removed))}</p>")
    if ch.clashes_removed:
        out.append(f"<h3>Clashes removed ({len(ch.clashes_removed)})</h3><ul>")
        out.extend(f"<li>{_e(c)}</li>" for c in ch.clashes_removed)
        out.append("</ul>")
    out.append("</section>")
    return "".join(out)


def _unplaced(plan: Plan) -> str:
    placed = {pl.paper for pl in plan.placements}
    missing = [p for p in plan.papers if p.id not in placed]
    if not missing:
        return ""
    items = "".join(f"<li>{_e(p.id)} {_e(p.title)}</li>" for p in missing)
    return f'<section id="unplaced"><h2>Not placed ({len(missing)})</h2><ul>{items}</ul></section>'


def _editor() -> str:
    """The editing panel: off until the chair turns it on (see report.js, "Editing")."""
    return (
        '<section id="editor" aria-labelledby="editor-h" hidden><h2 id="editor-h">Edit the plan'
        "</h2>"
        '<p class="hint edit-off">Off: the report only shows the plan. Turn editing on to drag '
        "posters to other boards, rooms or sessions; nothing changes anywhere until the edits "
        "are saved and <code>planner plan</code> runs again.</p>"
        '<button type="button" id="e-toggle" aria-pressed="false">Turn editing on</button>'
        '<div id="e-panel" hidden>'
        '<p class="hint">Drag a poster onto a board (a poster there swaps with it) or onto a '
        "room's heading (any free board). Keyboard: focus a poster, press <kbd>M</kbd> to "
        "pick it up, arrow keys to choose a board (<kbd>↑</kbd> <kbd>↓</kbd> other rooms, "
        "<kbd>PgUp</kbd> <kbd>PgDn</kbd> other sessions), <kbd>Enter</kbd> to put it down, "
        "<kbd>Esc</kbd> to cancel; <kbd>P</kbd> pins or unpins, <kbd>Ctrl</kbd>+<kbd>Z</kbd> "
        "undoes.</p>"
        '<div id="e-msg" role="status" aria-live="polite"></div>'
        '<div class="e-buttons"><button type="button" id="e-undo" disabled>Undo</button>'
        '<button type="button" id="e-save" disabled>Save edits</button>'
        '<button type="button" id="e-hand" aria-pressed="false">Show hand edits only</button>'
        "</div>"
        '<h3>Edits <span class="n" id="e-count">(0)</span></h3>'
        '<ol id="e-list" class="posters"></ol>'
        '<details id="e-file"><summary>The edits file (edits.toml)</summary>'
        '<pre id="e-toml"></pre></details>'
        '<p class="hint">Save edits downloads <code>edits.toml</code>: put it in the plan '
        "folder beside <code>plan.json</code> and run <code>planner plan</code> again. Each "
        "edited poster is pinned where you put it, the rest is re-planned around it, and "
        "the run reports what else moved.</p>"
        "</div></section>"
    )


def _side() -> str:
    return (
        '<aside id="side" aria-label="Editing, search, poster details and author view">'
        + _editor()
        + '<div class="field"><label for="q">Search titles and authors</label>'
        '<input id="q" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="e.g. a surname or a title word" aria-describedby="q-count">'
        '<output id="q-count" aria-live="polite"></output></div>'
        '<ul id="q-list" class="list" aria-label="Matching posters"></ul>'
        '<section id="details" aria-live="polite" aria-labelledby="details-h">'
        '<h2 id="details-h">Poster</h2><p class="hint">Hover, focus or click a board.</p>'
        "</section>"
        '<section id="author" aria-labelledby="author-h"><h2 id="author-h">Author</h2>'
        '<div class="field"><label for="aq">Find an author</label>'
        '<input id="aq" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="name" aria-controls="a-list"></div>'
        '<ul id="a-list" class="list" aria-label="Matching authors"></ul>'
        '<div id="a-view" aria-live="polite"></div></section>'
        "</aside>"
    )


def render(plan: Plan) -> str:
    layout = _Layout(plan)
    venue = plan.venue
    title = f"{venue.name}: poster plan, revision {plan.revision}"
    stamp = plan.revision_time.strftime("%Y-%m-%d %H:%M UTC")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # No network at all: nothing may load from anywhere but this file.
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(title)}</title>",
        f"<style>\n{_asset('report.css')}\n{_topic_css(plan)}\n</style>",
        "</head><body>",
        '<a class="skip" href="#overview">Skip to the sessions</a>',
        f"<header><h1>{_e(venue.name)} <span>poster plan</span></h1>"
        f"<p>Revision {plan.revision} · {_e(stamp)} · planner {_e(plan.planner_version)} · "
        f"{len(plan.placements):,} posters · {len(layout.sessions)} sessions · "
        f"{len(layout.rooms)} rooms</p>"
        '<nav aria-label="Sections"><a href="#figures">Figures</a> '
        '<a href="#legend">Topics</a> <a href="#overview">Sessions</a> '
        '<a href="#clashes">Clashes</a> <a href="#changes">Changes</a> '
        '<a href="#author">Authors</a></nav></header>',
        '<noscript><p class="warn">Search, poster details and the author view need '
        "JavaScript; the overview and the lists below work without it.</p></noscript>",
        _figures(plan, layout),
        _load_table(layout),
        '<div class="layout"><main>',
        _legend(plan, layout),
        _overview(plan, layout),
        _clash_list(plan),
        _change_list(plan),
        _unplaced(plan),
        "</main>",
        _side(),
        "</div>",
        '<div id="tip" role="tooltip" hidden></div>',
        '<div id="drop" hidden></div>',
        f'<script type="application/json" id="plan-data">{_json_for_script(_data(plan, layout))}'
        "</script>",
        f"<script>\n{_asset('report.js')}\n</script>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, render(plan))
