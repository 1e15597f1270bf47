"""A poster as a calendar event: the one definition every feed and the feed state use.

The UID is a pure function of the conference and the paper id (uuid5), so it
survives reruns, board and time moves and title edits.  The digest covers
everything a subscriber sees; when it changes the event's SEQUENCE rises.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from planner.plan.records import PaperRecord, Placement, Plan

# Fixed for the project: changing it would change every published UID.
NAMESPACE = uuid.UUID("6f1d4b2e-8c1a-5b7e-9d3f-2a4c6e8b0d15")


def event_uid(conference: str, paper_id: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{conference}/poster/{paper_id}"))


@dataclass(frozen=True)
class PosterEvent:
    uid: str
    paper: str
    summary: str
    location: str
    description: str
    url: str | None
    start: datetime  # aware, venue zone
    end: datetime
    session: str
    room: str
    people: tuple[str, ...]  # person keys, for per-author feeds

    def record(self) -> dict[str, Any]:
        """The fields as plain data, in field order: times as ISO text, people as a list.

        What ``dataclasses.asdict`` gives with those two changes (the fields
        are immutable, so nothing needs its deep copy, which is slow).
        """
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        data["start"] = self.start.isoformat()
        data["end"] = self.end.isoformat()
        data["people"] = list(self.people)
        return data

    def digest(self) -> str:
        return visible_digest(self.record())


def visible_digest(record: dict[str, Any]) -> str:
    """The digest of what a subscriber sees: an event's record without ``people``."""
    visible = {k: v for k, v in record.items() if k != "people"}
    return hashlib.sha256(json.dumps(visible, sort_keys=True).encode()).hexdigest()[:16]


_FIELD_NAMES = tuple(f.name for f in fields(PosterEvent))


def location_text(plan: Plan, placement: Placement) -> str:
    room = plan.venue.room_by_id[placement.room]
    return f"{room.name}, board {placement.label}"


def poster_event(plan: Plan, placement: Placement, paper: PaperRecord) -> PosterEvent:
    venue = plan.venue
    session = venue.session_by_id[placement.session]
    tz = venue.tz
    names = ", ".join(paper.author_names)
    lines = [f"Authors: {names}", f"{session.name} · {location_text(plan, placement)}"]
    if paper.url:
        lines.append(paper.url)
    return PosterEvent(
        uid=event_uid(venue.slug, paper.id),
        paper=paper.id,
        summary=paper.title,
        location=location_text(plan, placement),
        description="\n".join(lines),
        url=paper.url,
        start=session.start.replace(tzinfo=tz),
        end=session.end.replace(tzinfo=tz),
        session=session.id,
        room=placement.room,
        people=tuple(paper.authors),
    )


def all_events(plan: Plan) -> list[PosterEvent]:
    papers = plan.paper_by_id
    events = [poster_event(plan, pl, papers[pl.paper]) for pl in plan.placements]
    return sorted(events, key=lambda e: (e.start, e.uid))
