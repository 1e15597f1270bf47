"""A poster or a talk as a calendar event: the one definition every feed and the feed state use.

The UID is a pure function of the conference, the kind (poster or talk) and
the paper id (uuid5), so it survives reruns, board and time moves and title
edits, and an oral's talk and poster are two events.  The digest covers
everything a subscriber sees; when it changes the event's SEQUENCE rises.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from planner.plan.records import PaperRecord, Placement, Plan, TalkRecord
from planner.read.halves import half_words, poster_half

# Fixed for the project: changing it would change every published UID.
NAMESPACE = uuid.UUID("6f1d4b2e-8c1a-5b7e-9d3f-2a4c6e8b0d15")


def event_uid(conference: str, paper_id: str, kind: str = "poster") -> str:
    return str(uuid.uuid5(NAMESPACE, f"{conference}/{kind}/{paper_id}"))


@dataclass(frozen=True)
class ProgrammeEvent:
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


_FIELD_NAMES = tuple(f.name for f in fields(ProgrammeEvent))


def location_text(plan: Plan, placement: Placement) -> str:
    room = plan.venue.room_by_id[placement.room]
    return f"{room.name}, board {placement.label}"


def poster_event(plan: Plan, placement: Placement, paper: PaperRecord) -> ProgrammeEvent:
    venue = plan.venue
    session = venue.session_by_id[placement.session]
    tz = venue.zone_of(session.id)  # the clock of the session's site
    names = ", ".join(paper.author_names)
    lines = [f"Authors: {names}", f"{session.name} · {location_text(plan, placement)}"]
    start, end = session.start, session.end
    half = poster_half(venue, session.id, placement.board)
    if half is not None:  # the presenter's event is at their half's times
        number, start, end = half
        lines.append(
            f"Presented in the {half_words(number)} ({start:%H:%M}–{end:%H:%M}); the board "
            f"is up for the whole session ({session.start:%H:%M}–{session.end:%H:%M})."
        )
    if paper.url:
        lines.append(paper.url)
    return ProgrammeEvent(
        uid=event_uid(venue.slug, paper.id),
        paper=paper.id,
        summary=paper.title,
        location=location_text(plan, placement),
        description="\n".join(lines),
        url=paper.url,
        start=start.replace(tzinfo=tz),
        end=end.replace(tzinfo=tz),
        session=session.id,
        room=placement.room,
        people=tuple(paper.authors),
    )


def talk_location(plan: Plan, talk: TalkRecord) -> str:
    room = plan.venue.talk_room_by_id[talk.room]
    return f"{room.name}, talk {talk.position}"


def talk_event(plan: Plan, talk: TalkRecord, paper: PaperRecord) -> ProgrammeEvent:
    """A talk at its own minutes in its room (the session's name says which block)."""
    venue = plan.venue
    session = venue.talk_session_by_id[talk.session]
    tz = venue.zone_of(session.id)
    lines = [
        f"Talk · Authors: {', '.join(paper.author_names)}",
        f"{session.name} · {talk_location(plan, talk)}",
    ]
    if paper.url:
        lines.append(paper.url)
    return ProgrammeEvent(
        uid=event_uid(venue.slug, paper.id, "talk"),
        paper=paper.id,
        summary=f"Talk: {paper.title}",
        location=talk_location(plan, talk),
        description="\n".join(lines),
        url=paper.url,
        start=talk.start.replace(tzinfo=tz),
        end=talk.end.replace(tzinfo=tz),
        session=session.id,
        room=talk.room,
        people=tuple(paper.authors),
    )


def all_events(plan: Plan) -> list[ProgrammeEvent]:
    papers = plan.paper_by_id
    events = [poster_event(plan, pl, papers[pl.paper]) for pl in plan.placements]
    events += [talk_event(plan, talk, papers[talk.paper]) for talk in plan.talks]
    return sorted(events, key=lambda e: (e.start, e.uid))
