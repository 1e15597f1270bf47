"""The plan file: the source of truth for reruns, exports and verification.

``plan.json`` holds everything needed to rewrite every output and to check the
plan without the solver: the venue as it was, a snapshot of each placed paper
and its people, the placements, the figures, the changes since the previous
plan, and the published state of every calendar event (so SEQUENCE and
LAST-MODIFIED survive reruns).  Its schema is versioned; a newer planner reads
older versions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.gcfreeze import with_existing_objects_frozen
from planner.core.limits import (
    MAX_PAPER_FILE_BYTES,
    check_record,
    json_reason,
    read_limited,
    show,
)
from planner.read.conference import QuietDefaults, Venue

SCHEMA = "poster-planner/plan"
SCHEMA_VERSION = 1
# A plan holds the input records and more: a few times the paper list at most.
MAX_PLAN_FILE_BYTES = 4 * MAX_PAPER_FILE_BYTES
Status = Literal["placed", "new", "moved", "kept", "pinned"]


class PersonRecord(BaseModel):
    key: str
    name: str
    ids: list[str] = Field(default_factory=list)
    institutions: list[str] = Field(default_factory=list)
    emails: list[str] = Field(default_factory=list)


class PaperRecord(BaseModel):
    id: str
    title: str  # cleaned, for display
    title_raw: str
    abstract: str = ""  # cleaned
    authors: list[str]  # person keys, in author order
    author_names: list[str]  # as printed on the paper
    presenter: str | None = None  # person key
    url: str | None = None
    decision: str | None = None
    keywords: list[str] = Field(default_factory=list)


class Placement(BaseModel):
    paper: str
    session: str
    room: str
    board: int
    label: str
    topic: int
    status: Status = "placed"
    reason: str = ""  # why it is where it is when pinned or moved


class TalkRecord(BaseModel):
    """A paper's talk: its talk session and room, its place in the running order, its minutes.

    Beside the poster placements (a paper with a talk and a poster has one of
    each); ``start`` and ``end`` are the talk's own times, local to the venue.
    """

    paper: str
    session: str
    room: str
    position: int  # 1, 2, ... in the room's running order
    start: datetime
    end: datetime
    topic: int
    status: Status = "placed"
    reason: str = ""


class TopicRecord(BaseModel):
    id: int
    label: str
    size: int


class ClashRecord(BaseModel):
    person: str
    name: str
    papers: tuple[str, str]
    sessions: tuple[str, str]
    presenter: bool = False
    reason: str = ""


class HandoverRecord(QuietDefaults):
    """A poster its chosen presenter could not present, handed to a co-author."""

    _quiet = ("reason",)

    paper: str
    original: str  # person key of the policy's presenter
    original_name: str
    presenter: str  # person key of the co-author who presents it
    presenter_name: str
    posters: int  # posters the original presenter had
    windows: int  # separate times they can attend
    # [[sites]]: their posters were confined to two sites (planner.people.presenters).
    reason: str = ""

    @property
    def why(self) -> str:
        if self.reason:
            return f"{self.original_name}'s {self.reason}"
        return (
            f"{self.original_name} would present {self.posters} posters but can attend "
            f"only {self.windows} separate poster times"
        )


class OffBand(BaseModel):
    """A session whose load is outside the band around its proportional share."""

    session: str
    load: int
    share: float  # its usable boards' part of the posters
    low: int
    high: int
    why: str


class SessionLoads(BaseModel):
    """Loads of the sessions with boards, and those outside their band (planner.plan.loads)."""

    smallest: int
    largest: int
    roomy: bool  # more usable boards than posters
    outside: list[OffBand]


class Figures(QuietDefaults):
    _quiet = (
        "talks",
        "talk_clashes",
        "talk_clash_bound",
        "discrimination",
        "talk_moves",
        "posters_before_talk",
        "talk_poster_clashes",
        "posters_before_talk_bound",
        "together_pairs",
        "together_within",
        "together_apart",
        "two_sites",
        "with_topic",
    )

    posters: int
    placed: int
    presenter_clashes: int
    clashes: int
    clash_lower_bound: int
    grouping: float  # within (session, room) similarity over random
    session_grouping: float | None = None  # within-session similarity over random
    # Share of the posters of organizer topics in the room holding most of their topic
    # (planner.plan.metrics.topic_share); left out of plan.json without organizer topics.
    with_topic: float | None = None
    neighbours: float  # consecutive boards over random order
    topic_sessions: int  # (topic, session) pairs used
    topic_rooms: int  # (topic, session, room) triples used
    status: str
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    clash_mode: str = ""
    reproducible: bool = True
    moves: int = 0
    # How a rerun was solved: "fresh" (no previous plan), "kept" (every poster
    # kept its session, only new ones placed), "nearby" (only the posters of the
    # people a change left above their clash minimum moved) or "full" (the full
    # model moved some).
    strategy: str = "fresh"
    # Wall time per stage: shown in the summary, not stored, so that a rerun
    # with nothing changed writes the same plan file.
    seconds: dict[str, float] = Field(default_factory=dict, exclude=True)
    # Session loads against their shares: the summary's finding on even
    # sessions, worked out by the engine (planner.plan.loads), not stored.
    loads: SessionLoads | None = Field(default=None, exclude=True)
    # The talk programme (left out of plan.json when there are no talks).
    talks: int = 0
    talk_clashes: int = 0  # shared-author talk pairs at overlapping times
    talk_clash_bound: int = 0
    discrimination: float | None = None  # within room-session over concurrent similarity
    talk_moves: int = 0
    posters_before_talk: int = 0  # talk papers whose poster session starts before the talk ends
    posters_before_talk_bound: int = 0  # how many of those no plan avoids: forced_before_talk
    # (person, talk, poster) with the person an author of both and the poster's
    # session overlapping the talk: planner.plan.records.talk_poster_clashes
    talk_poster_clashes: int = 0
    # Pairs of posters sharing an author in one session (planner.plan.metrics
    # .shared_author_distances), how many stand within TOGETHER_BOARDS boards of
    # each other and how many in different rooms; left out when there are none.
    together_pairs: int = 0
    together_within: int = 0
    together_apart: int = 0
    # People (authors, never presenters: constraints.sites) with posters at two
    # [[sites]]: not a clash, but they cannot see both; left out without sites.
    two_sites: int = 0


class Move(BaseModel):
    paper: str
    title: str
    before: str  # "session / room / board"
    after: str
    kind: Literal["session", "room", "board"]
    why: str


class Removed(BaseModel):
    """A poster withdrawn since the previous plan, as that plan had it: whom to tell."""

    paper: str
    title: str
    authors: list[str] = Field(default_factory=list)  # person keys


class TalkMove(BaseModel):
    """A talk that changed place or time since the previous plan."""

    paper: str
    title: str
    before: str  # "session / room / HH:MM-HH:MM"
    after: str
    # "session" or "room": it went elsewhere; "time": same room, another time
    # (the running order closed up, or a talk before it came or changed length).
    kind: Literal["session", "room", "time"]
    why: str


class Changes(QuietDefaults):
    # The talk changes are left out of the dump while empty, so a plan without
    # talks writes its changes as it did before talks.
    _quiet = ("talks_moved", "talks_retimed", "talks_added", "talks_removed")

    previous_revision: int
    moved: list[Move] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    removed_papers: list[Removed] = Field(default_factory=list)  # the removed ones, described
    edited: list[str] = Field(default_factory=list)  # title or authors changed in place
    authors_affected: list[str] = Field(default_factory=list)  # person keys
    clashes_removed: list[str] = Field(default_factory=list)
    talks_moved: list[TalkMove] = Field(default_factory=list)  # another session or room
    talks_retimed: list[TalkMove] = Field(default_factory=list)  # same room, another time
    talks_added: list[str] = Field(default_factory=list)  # papers with a talk now, not before
    talks_removed: list[str] = Field(default_factory=list)  # papers with a talk before, not now

    @property
    def talk_changes(self) -> bool:
        return bool(
            self.talks_moved or self.talks_retimed or self.talks_added or self.talks_removed
        )

    @property
    def empty(self) -> bool:
        return not (self.moved or self.added or self.removed or self.edited or self.talk_changes)


class FeedEntry(BaseModel):
    """What a calendar event last looked like to subscribers."""

    digest: str
    sequence: int = 0
    modified: datetime  # UTC
    cancelled: bool = False
    # What subscribers last saw (ProgrammeEvent fields, times as ISO text), so a
    # withdrawn poster can still be published as CANCELLED.
    event: dict | None = None
    cancelled_in: int | None = None  # the revision that withdrew it


class InputFiles(BaseModel):
    papers: str
    papers_sha256: str
    papers_format: str
    venue: str
    venue_sha256: str


class Plan(QuietDefaults):
    _quiet = ("talks",)

    schema_: str = Field(SCHEMA, alias="schema")
    version: int = SCHEMA_VERSION
    planner_version: str
    revision: int = 1
    revision_time: datetime  # UTC; stamps feeds so they are reproducible
    seed: int = 0
    time_limit: float = 10.0
    inputs: InputFiles
    venue: Venue
    envelope: dict | None = None  # the input JSON without its records
    records: dict[str, dict] = Field(default_factory=dict)  # paper id -> input record
    people: list[PersonRecord]
    # People with a poster in an earlier revision and none now: their calendar
    # feed stays (subscribers get no 404), and changes.json can still name them.
    past_people: list[PersonRecord] = Field(default_factory=list)
    papers: list[PaperRecord]
    topics: list[TopicRecord]
    topic_source: str = "clusters"
    placements: list[Placement]
    talks: list[TalkRecord] = Field(default_factory=list)
    clashes: list[ClashRecord] = Field(default_factory=list)
    handovers: list[HandoverRecord] = Field(default_factory=list)
    figures: Figures
    changes: Changes | None = None
    feeds: dict[str, FeedEntry] = Field(default_factory=dict)  # event uid -> state
    unchanged: bool = Field(False, exclude=True)  # a rerun that changed nothing

    model_config = ConfigDict(populate_by_name=True)

    def person(self, key: str) -> PersonRecord:
        return self._people[key]

    @property
    def _people(self) -> dict[str, PersonRecord]:
        """Person key -> record, for current and past people (current ones win)."""
        cache = self.__dict__.get("_people_cache")
        if cache is None:
            cache = {p.key: p for p in [*self.past_people, *self.people]}
            self.__dict__["_people_cache"] = cache
        return cache

    # Built on each use, not cached (tests and edits replace a plan's lists):
    # take them into a local before a loop.
    @property
    def paper_by_id(self) -> dict[str, PaperRecord]:
        return {p.id: p for p in self.papers}

    @property
    def placement_of(self) -> dict[str, Placement]:
        return {p.paper: p for p in self.placements}

    @property
    def talk_of(self) -> dict[str, TalkRecord]:
        return {t.paper: t for t in self.talks}

    def to_json(self) -> str:
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def venue_data(venue: Venue) -> dict[str, Any]:
    """A venue as the tables of a venue file, so the venue reader can check it again."""
    data = venue.model_dump(mode="python", exclude={"source", "sha256"})
    # A venue file lists every session and room once; the venue keeps talks apart.
    data["sessions"] += data.pop("talk_sessions", [])
    for session in data["sessions"]:
        session.pop("site", None)  # read from its rooms' [[sites]] (planner.read.venue.sites)
    data["rooms"] += [r for r in data.pop("talk_rooms", []) if r["id"] not in venue.room_by_id]
    if data.get("talks") is None:
        data.pop("talks", None)
    data["topics"] = data.pop("topic_of")
    data["presenters"] = data.pop("presenter_of")
    for pin in data["pins"]:
        pin.pop("source", None)
    # Rows of the availability table are checked as [[unavailable]] entries: the
    # table itself is not read again (its file may be gone; the rows are here).
    for entry in data["unavailable"]:
        entry.pop("also", None)
        entry.pop("row", None)
    return data


def damage(plan: Plan, shown: str) -> list[Problem]:
    """What in a plan file the outputs cannot be made from (a hand edit, a bad copy).

    The writers follow every reference (a placement's session, room, paper and
    topic; a paper's people) and trust the venue; so the venue goes through
    the venue reader again and each reference is looked up, here, once.
    """
    from planner.read.venue.reader import parse_venue

    problems: list[Problem] = []

    def bad(where: str, what: str) -> None:
        if len(problems) < 10:
            problems.append(
                Problem(
                    shown,
                    where,
                    f"the plan file is damaged ({what})",
                    "Restore it from the archive folder, or rerun planner plan with --fresh.",
                )
            )

    try:
        parse_venue(venue_data(plan.venue), shown, distinct_names=False)
    except InputError as exc:
        for p in exc.problems:
            bad("field 'venue'", str(p.what if isinstance(p, Problem) else p))
        return problems
    if plan.revision < 1:
        bad("field 'revision'", f"revision {plan.revision} is not 1 or more")
    moment = plan.revision_time
    if not 1970 <= moment.year <= 9000:
        bad("field 'revision_time'", f"{moment.isoformat()} is not a time the planner wrote")
    placed = _placements_damage(plan, bad)
    _references_damage(plan, placed, bad)
    return problems


def _placements_damage(plan: Plan, bad: Callable[[str, str], None]) -> set[str]:
    """Placements naming a session, room, paper or topic the plan lacks; returns the placed."""
    venue = plan.venue
    papers = {p.id for p in plan.papers}
    topics = {t.id for t in plan.topics}
    placed: set[str] = set()
    for i, pl in enumerate(plan.placements):
        where = f"field 'placements.{i}'"
        for kind, value, known in (
            ("session", pl.session, venue.session_by_id),
            ("room", pl.room, venue.room_by_id),
            ("paper", pl.paper, papers),
            ("topic", pl.topic, topics),
        ):
            if value not in known:
                bad(where, f"it names {kind} '{str(value)[:60]}', which the plan does not have")
        placed.add(pl.paper)
    return placed


def _references_damage(plan: Plan, placed: set[str], bad: Callable[[str, str], None]) -> None:
    """Papers naming people the plan lacks; clashes and changes naming unplaced papers."""
    venue = plan.venue
    people = {p.key for p in plan.people}
    for paper in plan.papers:
        keys = [*paper.authors, paper.presenter]
        missing = [k for k in keys if k is not None and k not in people]
        if missing:
            bad(f"paper {paper.id}", f"person '{missing[0][:60]}' is not among its people")
    for c in plan.clashes:
        if not set(c.papers) <= placed or not set(c.sessions) <= set(venue.session_by_id):
            bad(
                "field 'clashes'",
                f"a clash names papers {c.papers[0]} and {c.papers[1]}, which are not both placed",
            )
    if plan.changes is not None:
        ch = plan.changes
        named = [m.paper for m in ch.moved] + ch.added + ch.edited
        unknown = [p for p in named if p not in placed]
        if unknown:
            bad("field 'changes'", f"paper {unknown[0][:60]} is not placed")


@with_existing_objects_frozen  # a plan's worth of objects: see planner.core.gcfreeze
def read_plan(path: Path) -> Plan:
    """Reads a plan file; a file that cannot be read, or is damaged, is an InputError."""
    shown = display_path(path)
    data = _plan_data(path, shown)
    walk = Problems(shown)
    # Records nest two levels below the top; long texts are bounded by the file size.
    if not check_record(data, "", walk, depth=-4, text_limit=MAX_PLAN_FILE_BYTES):
        raise InputError(
            Problem(
                shown,
                walk.items[0].where,
                f"the plan file is damaged ({walk.items[0].what})",
                "Restore it from the archive folder, or rerun with --fresh.",
            )
        )
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(
            Problem(
                shown,
                f"field '{where}'",
                f"the plan file is damaged ({first['msg']})",
                "Restore it from the archive folder, or rerun with --fresh.",
            )
        ) from None
    problems = damage(plan, shown)
    if problems:
        raise InputError(problems)
    return plan


def _plan_data(path: Path, shown: str) -> dict[str, Any]:
    """The plan file's JSON, if it is a plan file this planner can read."""
    fix = "Restore it from the archive folder, or rerun with --fresh."
    if path.is_symlink():  # the planner reads its own files, never through a link
        raise InputError(Problem(shown, "", "the plan file is a symbolic link", fix))
    raw = read_limited(path, shown, MAX_PLAN_FILE_BYTES, "plan file", fix)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError) as exc:  # ValueError: also a 5,000-digit number
        raise InputError(
            Problem(
                shown,
                "",
                f"the previous plan cannot be read ({json_reason(exc)})",
                "Restore it from the archive folder, or rerun with --fresh.",
            )
        ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(
            Problem(
                shown,
                "",
                "this is not a poster-planner plan file",
                "Point --out at a planner output folder, or rerun with --fresh.",
            )
        )
    version = data.get("version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            Problem(
                shown,
                "",
                f"the plan was written by a newer planner (schema {show(str(version))})",
                "Upgrade the planner.",
            )
        )
    return data


def posters_before_talk(plan: Plan) -> list[Placement]:
    """The posters of talk papers whose session starts before the talk has ended."""
    talks = plan.talk_of
    sessions = plan.venue.session_by_id
    return [
        pl
        for pl in plan.placements
        if pl.paper in talks and sessions[pl.session].start < talks[pl.paper].end
    ]


def forced_before_talk(plan: Plan) -> int:
    """Fewest talk papers' posters that must start before their talk ends: a lower bound.

    Only the boards of the poster sessions that start once a talk has ended
    can take its poster after it; with the talks taken latest end first, each
    poster given any free board after its talk, as many posters as any plan
    could place after their talks get one (the sessions open to each talk are
    nested, so this greedy is optimal); the rest must come first.  Other
    rules (presenters, absences, clashes) may force more.
    """
    venue = plan.venue
    posters = {pl.paper for pl in plan.placements}
    ends = sorted((t.end for t in plan.talks if t.paper in posters), reverse=True)
    sessions = sorted(venue.sessions, key=lambda s: s.start, reverse=True)
    free, k, forced = 0, 0, 0
    for end in ends:
        while k < len(sessions) and sessions[k].start >= end:
            free += venue.session_capacity(sessions[k].id)
            k += 1
        if free > 0:
            free -= 1
        else:
            forced += 1
    return forced


def talk_poster_clashes(plan: Plan) -> list[tuple[str, str, str]]:
    """(person, talk paper, poster paper): an author due at their talk while another poster
    of theirs is on its board (its session overlaps the talk).

    Counted and reported, not forbidden: a speaker's own posters never overlap
    their talks (constraints.speakers), but a co-author may be wanted at both.
    """
    authors = {p.id: p.authors for p in plan.papers}
    posters_of: dict[str, list[Placement]] = {}
    for pl in plan.placements:
        for key in dict.fromkeys(authors.get(pl.paper, [])):
            posters_of.setdefault(key, []).append(pl)
    sessions, talk_sessions = plan.venue.session_by_id, plan.venue.talk_session_by_id
    out = []
    for t in plan.talks:
        site = talk_sessions[t.session].site if t.session in talk_sessions else None
        for key in dict.fromkeys(authors.get(t.paper, [])):
            for pl in posters_of.get(key, []):
                s = sessions[pl.session]
                if s.site != site:
                    continue  # two [[sites]]: never at once (Session.overlaps)
                if pl.paper != t.paper and s.start < t.end and t.start < s.end:
                    out.append((key, t.paper, pl.paper))
    return out
