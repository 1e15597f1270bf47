"""``changes.json``: what changed since the previous plan, for scripts and notices.

Moved posters (from, to, why), added and removed posters, papers whose title
or authors changed in place, the clashes the rerun removed, and every author
affected with their e-mail where the input had one, so organizers can notify
exactly the people concerned.  A first plan writes the same shape, empty.

``presenter_handovers`` lists, in every revision, each poster whose chosen
presenter had more posters than poster times and which a co-author presents
instead (planner.people.presenters), so the chair can confirm it or name someone
else in ``[presenters]``.

A programme with talks (now or in the previous plan) adds the talks:
``talks_moved`` (another session or room, from, to, why), ``talks_retimed``
(same room, another time, e.g. the running order closed up), ``talks_added``
and ``talks_removed``; a plan without talks writes none of these keys.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.outputs.folder import write_text
from planner.plan.records import Changes, Placement, Plan, TalkRecord

FILE = "changes.json"


def _where(plan: Plan, pl: Placement) -> str:
    venue = plan.venue
    return f"{venue.session_by_id[pl.session].name} / {venue.room_by_id[pl.room].name} / {pl.label}"


def document(plan: Plan) -> dict[str, Any]:
    ch = plan.changes
    papers = plan.paper_by_id
    doc: dict[str, Any] = {
        "revision": plan.revision,
        "previous_revision": ch.previous_revision if ch else None,
        "moved": [],
        "added": [],
        "removed": [],
        "edited": [],
        "clashes_removed": [],
        "authors_affected": [],
        "presenter_handovers": [
            {
                "paper": h.paper,
                "title": papers[h.paper].title,
                "presenter": h.presenter_name,
                "instead_of": h.original_name,
                "why": h.why,
            }
            for h in plan.handovers
            if h.paper in papers
        ],
    }
    talks = bool(plan.talks) or (ch is not None and ch.talk_changes)
    if talks:
        doc.update(_talks(plan, ch))
    if ch is None:
        return doc
    doc["moved"] = [m.model_dump(mode="json") for m in ch.moved]
    placement_of = plan.placement_of  # a property that rebuilds its dict on each use
    doc["added"] = [
        {"paper": p, "title": papers[p].title, "where": _where(plan, placement_of[p])}
        for p in ch.added
    ]
    gone = {r.paper: r for r in ch.removed_papers}
    doc["removed"] = [
        {"paper": p, "title": gone[p].title} if p in gone else {"paper": p} for p in ch.removed
    ]
    doc["edited"] = [{"paper": p, "title": papers[p].title} for p in ch.edited]
    doc["clashes_removed"] = list(ch.clashes_removed)
    touched = {m.paper for m in ch.moved} | set(ch.added) | set(ch.edited)
    touched |= {m.paper for m in ch.talks_moved + ch.talks_retimed} | set(ch.talks_added)
    for key in ch.authors_affected:
        # People whose last poster was withdrawn are kept as past people, so
        # they can still be named and written to.
        person = plan._people.get(key)
        mine = {p for p in touched if key in papers[p].authors}
        mine |= {r.paper for r in ch.removed_papers if key in r.authors}
        mine |= {p for p in ch.talks_removed if p in papers and key in papers[p].authors}
        doc["authors_affected"].append(
            {
                "person": key,
                "name": person.name if person else key,
                "emails": person.emails if person else [],
                "papers": sorted(mine),
            }
        )
    return doc


def _talk_where(plan: Plan, t: TalkRecord) -> str:
    venue = plan.venue
    session, room = venue.talk_session_by_id[t.session].name, venue.talk_room_by_id[t.room].name
    return f"{session} / {room} / {t.start:%H:%M}-{t.end:%H:%M}"


def _talks(plan: Plan, ch: Changes | None) -> dict[str, Any]:
    """The talk changes (empty lists on a first plan)."""
    if ch is None:
        return {"talks_moved": [], "talks_retimed": [], "talks_added": [], "talks_removed": []}
    papers, talk_of = plan.paper_by_id, plan.talk_of
    titles = {r.paper: r.title for r in ch.removed_papers} | {p: r.title for p, r in papers.items()}
    return {
        "talks_moved": [m.model_dump(mode="json") for m in ch.talks_moved],
        "talks_retimed": [m.model_dump(mode="json") for m in ch.talks_retimed],
        "talks_added": [
            {"paper": p, "title": papers[p].title, "where": _talk_where(plan, talk_of[p])}
            for p in ch.talks_added
        ],
        "talks_removed": [
            {"paper": p, "title": titles[p]} if p in titles else {"paper": p}
            for p in ch.talks_removed
        ],
    }


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, json.dumps(document(plan), ensure_ascii=False, indent=1) + "\n")
