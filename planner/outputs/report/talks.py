"""The talk programme in ``report.html``: each talk session as room timelines, and its figures.

A talk session is drawn as one lane per seated room, its talks as blocks in running
order, each as wide as its minutes (the changeover and any free time as gaps), coloured
by its theme like a poster's topic and marked where an author is due elsewhere at the
same time.  Talk sessions sit among the poster sessions in time order (the poster
sessions keep their order: the script maps boards to posters by it).  A plan without
talks has none of this, and its page is what it was before talks existed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from planner.outputs.report.layout import Layout, session_time, topic_number
from planner.outputs.report.talk_data import TalkClashes, hhmm, ordered_talks
from planner.plan import figure_text
from planner.plan.records import Plan, TalkRecord
from planner.read.conference import Room, Session


class _Block(NamedTuple):
    """A talk (paper set) or a gap (paper None), as wide as its minutes."""

    cls: str
    paper: str | None
    minutes: int
    start: str
    title: str
    speaker: str
    label: str  # the block's aria-label
    first: bool  # the lane's tab stop


class _Lane(NamedTuple):
    pos: int  # index into the data's talk rooms
    name: str
    load: str
    blocks: list[_Block]


class _TalkSession(NamedTuple):
    pos: int  # index into the data's talk sessions
    id: str
    name: str
    when: str
    talks: int
    lanes: list[_Lane]


class ProgrammeItem(NamedTuple):
    """One session of the overview: a poster session's view, or a talk session's."""

    kind: str  # "posters" or "talks"
    view: object


def _minutes(talk: TalkRecord) -> int:
    return int((talk.end - talk.start).total_seconds() // 60)


class TalkTimelines:
    """Every talk session, room by room, as its talks in running order."""

    def __init__(self, plan: Plan, layout: Layout) -> None:
        self.plan = plan
        self.talks = ordered_talks(plan)
        self.clashes = TalkClashes(plan, layout, self.talks)
        papers = plan.paper_by_id
        self.speaker: dict[str, str] = {}
        for talk in self.talks:
            paper = papers.get(talk.paper)
            key = paper.presenter if paper else None
            names = dict(zip(paper.authors, paper.author_names, strict=False)) if paper else {}
            person = plan._people.get(key) if key else None
            self.speaker[talk.paper] = person.name if person else names.get(key, "") if key else ""

    def sessions(self) -> list[_TalkSession]:
        venue = self.plan.venue
        out = []
        for pos, s in enumerate(venue.talk_sessions):
            here = [(n, t) for n, t in enumerate(self.talks) if t.session == s.id]
            rooms = [
                r
                for r in venue.talk_rooms
                if r.is_open(s.id) or any(t.room == r.id for _, t in here)
            ]
            lanes = [self.lane(s, r, venue.talk_rooms.index(r), here) for r in rooms]
            when = f" · {session_time(s)}"
            out.append(_TalkSession(pos, s.id, s.name, when, len(here), lanes))
        return out

    def lane(self, s: Session, r: Room, pos: int, here: list[tuple[int, TalkRecord]]) -> _Lane:
        talks = [(n, t) for n, t in here if t.room == r.id]
        blocks: list[_Block] = []
        at = s.start
        for n, talk in talks:
            if talk.start > at:  # the changeover, or time left free
                blocks.append(self.gap(int((talk.start - at).total_seconds() // 60)))
            blocks.append(self.block(n, talk, not blocks or all(b.paper is None for b in blocks)))
            at = max(at, talk.end)
        if s.end > at:
            blocks.append(self.gap(int((s.end - at).total_seconds() // 60)))
        used = sum(_minutes(t) for _, t in talks)
        load = f"{len(talks)} talk{'' if len(talks) == 1 else 's'}, {used} of {s.minutes} min"
        return _Lane(pos, r.name, load, blocks)

    @staticmethod
    def gap(minutes: int) -> _Block:
        return _Block("gap", None, minutes, "", "", "", f"{minutes} min free", False)

    def block(self, n: int, talk: TalkRecord, first: bool) -> _Block:
        paper = self.plan.paper_by_id.get(talk.paper)
        title = paper.title if paper else f"(paper {talk.paper})"
        start, end = hhmm(talk)
        clash = self.clashes.marked(n)
        speaker = self.speaker[talk.paper]
        said = [f"talk {talk.position}", f"{start}–{end}", title]
        if speaker:
            said.append(f"speaker {speaker}")
        said.append(f"theme {topic_number(talk.topic)}")
        if clash:
            said.append("clash")
        return _Block(
            " ".join(["tk", f"t{talk.topic}", *(["x"] if clash else [])]),
            talk.paper,
            _minutes(talk),
            start,
            title,
            speaker,
            ", ".join(said),
            first,
        )


def programme(
    poster_sessions: Sequence[object], layout: Layout, talk_sessions: list[_TalkSession], plan: Plan
) -> list[ProgrammeItem]:
    """Poster and talk sessions in time order: each talk session goes before the first poster
    session that starts after it; the poster sessions keep their (board) order."""
    items = [ProgrammeItem("posters", v) for v in poster_sessions]
    if not talk_sessions:
        return items
    starts = [None if s.id in layout.unknown_sessions else s.start for s in layout.sessions]
    venue_talks = {s.id: s for s in plan.venue.talk_sessions}
    out: list[ProgrammeItem] = []
    pending = sorted(talk_sessions, key=lambda t: (venue_talks[t.id].start, t.pos))
    for item, start in zip(items, starts, strict=True):
        while pending and start is not None and venue_talks[pending[0].id].start < start:
            out.append(ProgrammeItem("talks", pending.pop(0)))
        out.append(item)
    out.extend(ProgrammeItem("talks", t) for t in pending)
    return out


class _Card(NamedTuple):
    name: str
    value: str
    note: str
    warn: bool
    fig: str


def talk_cards(plan: Plan) -> list[_Card]:
    """The talk figures, worded by planner.plan.figure_text; none for a plan without talks."""
    if not plan.talks:
        return []
    f = plan.figures
    sessions = len({t.session for t in plan.talks})
    rooms = len({t.room for t in plan.talks})
    return [
        _Card("Talks", f"{f.talks}", figure_text.talks(f, sessions, rooms), False, ""),
        _Card(
            "Shared-author talk overlaps",
            f"{f.talk_clashes} (lower bound {f.talk_clash_bound})",
            "talks sharing an author at overlapping times",
            f.talk_clashes > f.talk_clash_bound,
            "talk-clashes",  # the editor rewrites it after a talk is moved
        ),
        _Card(
            "Discrimination ratio",
            figure_text.ratio(f.discrimination) if f.discrimination else "–",
            "themes: similarity within a room and session over concurrent rooms",
            False,
            "",
        ),
        _Card(
            "Posters before their talk",
            f"{f.posters_before_talk}",
            "talk papers whose poster session starts before the talk ends",
            False,
            "",
        ),
    ]
