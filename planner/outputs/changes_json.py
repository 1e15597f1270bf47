"""``changes.json``: what changed since the previous plan, for scripts and notices.

Moved posters (from, to, why), added and removed posters, papers whose title
or authors changed in place, the clashes the rerun removed, and every author
affected with their e-mail where the input had one, so organizers can notify
exactly the people concerned.  A first plan writes the same shape, empty.

``presenter_handovers`` lists, in every revision, each poster whose chosen
presenter had more posters than poster times and which a co-author presents
instead (planner.people.presenters), so the chair can confirm it or name someone
else in ``[presenters]``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from planner.outputs.folder import write_text
from planner.plan.records import Placement, Plan

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
    for key in ch.authors_affected:
        # People whose last poster was withdrawn are kept as past people, so
        # they can still be named and written to.
        person = plan._people.get(key)
        mine = {p for p in touched if key in papers[p].authors}
        mine |= {r.paper for r in ch.removed_papers if key in r.authors}
        doc["authors_affected"].append(
            {
                "person": key,
                "name": person.name if person else key,
                "emails": person.emails if person else [],
                "papers": sorted(mine),
            }
        )
    return doc


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, json.dumps(document(plan), ensure_ascii=False, indent=1) + "\n")
