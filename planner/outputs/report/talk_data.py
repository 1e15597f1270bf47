"""The talks in ``report.html``'s embedded data: each talk, its clashes, its sessions and rooms.

Only a plan with talks has them (a plan without talks embeds the same document as
before talks existed).  Talks are numbered in the order their blocks are drawn (talk
session, then room, in the venue's order, then the running order), so the script maps
the n-th talk block (``.tk[data-t]``) to the n-th talk.  A talk clashes where one of
its authors is due elsewhere at overlapping times: at a poster of theirs in a poster
session, or at another talk of theirs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from typing import Any

from planner.outputs.report.editor_data import away
from planner.outputs.report.fields import (
    RULE_FIELDS,
    SESSION_FIELDS,
    TALK_CLASH_FIELDS,
    TALK_FIELDS,
    record_of,
)
from planner.outputs.report.layout import Layout, pin_kind, session_time
from planner.plan.records import Plan, TalkRecord
from planner.read.places import record_matches


def ordered_talks(plan: Plan) -> list[TalkRecord]:
    """Talks by talk session and room (the venue's order, unknown ids last), then position."""
    s_index = {s.id: i for i, s in enumerate(plan.venue.talk_sessions)}
    r_index = {r.id: i for i, r in enumerate(plan.venue.talk_rooms)}
    far = len(s_index) + len(r_index)
    return sorted(
        plan.talks,
        key=lambda t: (
            s_index.get(t.session, far),
            t.session,
            r_index.get(t.room, far),
            t.room,
            t.position,
            t.paper,
        ),
    )


def hhmm(talk: TalkRecord) -> tuple[str, str]:
    """A talk's start and end as ``09:05``: the session's heading gives the day."""
    return f"{talk.start:%H:%M}", f"{talk.end:%H:%M}"


class TalkClashes:
    """Per talk (drawn order): (person, poster or -1, talk or -1) for each author due elsewhere.

    ``posters`` are the poster numbers (board order) of each paper's authors' posters;
    a talk clashes with a poster when the poster's session overlaps the talk's minutes,
    and with another talk sharing an author when their minutes overlap.
    """

    def __init__(self, plan: Plan, layout: Layout, talks: list[TalkRecord]) -> None:
        papers = plan.paper_by_id
        sessions = {s.id: s for s in layout.sessions if s.id not in layout.unknown_sessions}
        posters_of: dict[str, list[tuple[int, str]]] = defaultdict(list)  # person -> posters
        for i, pl in enumerate(layout.order):
            paper = papers.get(pl.paper)
            for key in paper.authors if paper else ():
                posters_of[key].append((i, pl.session))
        talks_of: dict[str, list[int]] = defaultdict(list)
        for n, talk in enumerate(talks):
            paper = papers.get(talk.paper)
            for key in paper.authors if paper else ():
                talks_of[key].append(n)
        self.by_talk: list[list[tuple[str, int, int]]] = []
        for n, talk in enumerate(talks):
            paper = papers.get(talk.paper)
            found: list[tuple[str, int, int]] = []
            for key in dict.fromkeys(paper.authors if paper else ()):
                for i, sid in posters_of.get(key, []):
                    s = sessions.get(sid)
                    if s is not None and s.start < talk.end and talk.start < s.end:
                        found.append((key, i, -1))
                for m in talks_of.get(key, []):
                    other = talks[m]
                    if m != n and other.start < talk.end and talk.start < other.end:
                        found.append((key, -1, m))
            self.by_talk.append(found)

    def marked(self, n: int) -> bool:
        return bool(self.by_talk[n])


def talk_data(
    plan: Plan,
    layout: Layout,
    person_index: dict[str, int],
    poster_index: dict[str, int],
) -> dict[str, Any]:
    """The talks part of the embedded data: talk sessions, talk rooms and talks."""
    venue = plan.venue
    talks = ordered_talks(plan)
    clashes = TalkClashes(plan, layout, talks)
    sessions = list(venue.talk_sessions)
    rooms = list(venue.talk_rooms)
    s_index = {s.id: i for i, s in enumerate(sessions)}
    r_index = {r.id: i for i, r in enumerate(rooms)}
    papers = plan.paper_by_id
    records = []
    for n, talk in enumerate(talks):
        paper = papers.get(talk.paper)
        start, end = hhmm(talk)
        records.append(
            record_of(
                TALK_FIELDS,
                id=talk.paper,
                title=paper.title if paper else f"(paper {talk.paper})",
                authors=[person_index[k] for k in paper.authors] if paper else [],
                speaker=(
                    person_index.get(paper.presenter, -1) if paper and paper.presenter else -1
                ),
                topic=talk.topic,
                session=s_index.get(talk.session, -1),
                room=r_index.get(talk.room, -1),
                position=talk.position,
                start=start,
                end=end,
                poster=poster_index.get(talk.paper, -1),
                clashes=[
                    record_of(TALK_CLASH_FIELDS, person=person_index.get(k, -1), poster=i, talk=m)
                    for k, i, m in clashes.by_talk[n]
                ],
                minutes=int((talk.end - talk.start).total_seconds() // 60),
                pinned=pin_kind(talk),
                rules=[
                    i
                    for i, rule in enumerate(venue.talk_place)
                    if record_matches(rule, talk.paper, plan.records.get(talk.paper, {}))
                ],
            )
        )
    return {
        "sessions": [
            record_of(SESSION_FIELDS, name=s.name, time=session_time(s)) for s in sessions
        ],
        "rooms": [r.name for r in rooms],
        "talks": records,
        "edit": talk_edit_data(plan, layout, person_index),
    }


def talk_edit_data(plan: Plan, layout: Layout, person_index: dict[str, int]) -> dict[str, Any]:
    """What the editor needs to move talks: per talk session its times and open rooms, the
    poster sessions' times, the changeover, who is away for which talk session.

    Times are whole minutes from midnight of the programme's first day, so the script
    compares a talk's minutes with any session's without reading dates.
    """
    venue = plan.venue
    sessions = venue.talk_sessions
    first = min(s.start for s in [*venue.sessions, *sessions])
    epoch = datetime.combine(first.date(), time())

    def minute(at: datetime) -> int:
        return int((at - epoch).total_seconds() // 60)

    return {
        "sessionIds": [s.id for s in sessions],
        "roomIds": [r.id for r in venue.talk_rooms],
        "open": [[k for k, r in enumerate(venue.talk_rooms) if r.is_open(s.id)] for s in sessions],
        "times": [[minute(s.start), minute(s.end)] for s in sessions],
        "posterTimes": [
            None if s.id in layout.unknown_sessions else [minute(s.start), minute(s.end)]
            for s in layout.sessions
        ],
        "changeover": venue.talks.changeover if venue.talks else 0,
        "away": away(plan, person_index, sessions),
        "bound": plan.figures.talk_clash_bound,
        "rules": _rules(plan),
    }


def _rules(plan: Plan) -> list[list[Any]]:
    """The [[place]] rules as they bind talks, their rooms and sessions as the data numbers
    the talk rooms and sessions (None: any)."""
    venue = plan.venue
    s_index = {s.id: i for i, s in enumerate(venue.talk_sessions)}
    r_index = {r.id: i for i, r in enumerate(venue.talk_rooms)}
    return [
        record_of(
            RULE_FIELDS,
            name=rule.name,
            rooms=None if rule.rooms is None else [r_index[r] for r in rule.rooms if r in r_index],
            sessions=None
            if rule.sessions is None
            else [s_index[s] for s in rule.sessions if s in s_index],
            exclusive=int(rule.exclusive),
        )
        for rule in venue.talk_place
    ]
