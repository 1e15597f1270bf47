"""The JSON document ``report.html`` embeds: posters, people, sessions, moves and clashes.

A plan with talks adds its talks (:mod:`planner.outputs.report.talk_data`).

The script renders a poster's details, the search and the author view from these
records (their fields are named in :mod:`planner.outputs.report.fields`); the editor's
part of the document comes from :mod:`planner.outputs.report.editor_data`.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planner.outputs.place_rules import rules_of
from planner.outputs.report.editor_data import edit_data
from planner.outputs.report.fields import (
    CLASH_FIELDS,
    FIELDS,
    MOVE_FIELDS,
    PERSON_FIELDS,
    POSTER_FIELDS,
    SESSION_FIELDS,
    TALK_KINDS,
    record_of,
)
from planner.outputs.report.layout import Layout, pin_kind, session_time
from planner.outputs.report.talk_data import talk_data
from planner.plan.records import Plan


class _People:
    """Everyone the script names: the placed posters' and talks' authors and the clashing people,
    sorted by name and numbered in that order."""

    def __init__(self, plan: Plan, layout: Layout) -> None:
        papers = plan.paper_by_id
        keys: list[str] = []
        seen: set[str] = set()
        names: dict[str, str] = {}
        # The talks' papers after the posters': a talk-only paper's authors are named too.
        talk_papers = [t.paper for t in plan.talks]
        for pid in [*(pl.paper for pl in layout.order), *talk_papers]:
            paper = papers.get(pid)
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
            record = record_of(PERSON_FIELDS, name=name, institutions=institutions, key=k)
            ordered.append((name.casefold(), k, record))
        ordered.sort(key=lambda item: (item[0], item[1]))
        self.records = [record for _, _, record in ordered]
        self.index = {k: i for i, (_, k, _) in enumerate(ordered)}


def _poster_index(layout: Layout) -> dict[str, int]:
    """Paper id -> its poster's number (board order); a paper placed twice, its first."""
    index: dict[str, int] = {}
    for i, pl in enumerate(layout.order):
        index.setdefault(pl.paper, i)
    return index


def _posters(plan: Plan, layout: Layout, people: _People) -> list[list[Any]]:
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
            record_of(
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
        str(index_of[pid]): record_of(
            MOVE_FIELDS, kind=m.kind, before=m.before, after=m.after, why=m.why
        )
        for pid, m in sorted(moves.items())
        if pid in index_of
    }


def _clashes(plan: Plan, people: _People, index_of: dict[str, int]) -> list[list[Any]]:
    return [
        record_of(
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


def _sessions(layout: Layout) -> list[list[Any]]:
    return [
        record_of(
            SESSION_FIELDS,
            name=s.name,
            time="" if s.id in layout.unknown_sessions else session_time(s),
        )
        for s in layout.sessions
    ]


def page_data(plan: Plan, layout: Layout) -> dict[str, Any]:
    """The embedded document the script renders details, search and the author view from."""
    people = _People(plan, layout)
    index_of = _poster_index(layout)
    data: dict[str, Any] = {
        "fields": FIELDS,
        "sessions": _sessions(layout),
        "rooms": [r.name for r in layout.rooms],
        "topics": {str(t.id): t.label for t in plan.topics},
        "people": people.records,
        "posters": _posters(plan, layout, people),
        "moves": _moves(plan, index_of),
        "clashes": _clashes(plan, people, index_of),
        "edit": edit_data(plan, layout, people.index),
    }
    if plan.talks:  # a plan without talks embeds what it did before talks existed
        data["fields"] = {**FIELDS, **TALK_KINDS}
        data["talks"] = talk_data(plan, layout, people.index, index_of)
    return data
