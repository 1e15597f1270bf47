"""Typed inputs: the papers and the venue, as every reader produces them.

Readers for JSON, CSV, XLSX and TOML all end here, so the rest of the pipeline
sees one shape whatever the organizer's export looked like.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cached_property
from typing import Any, ClassVar, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from planner.core.text import clean


class AuthorRecord(BaseModel):
    """One author slot on one paper, as the input gives it."""

    model_config = ConfigDict(frozen=True)

    id: str | None = None
    name: str = ""
    institution: str | None = None
    email: str | None = None

    @property
    def display_name(self) -> str:
        if self.name.strip():
            return clean(self.name)
        return f"(unnamed author {self.id})" if self.id else "(unnamed author)"


class Paper(BaseModel):
    """An accepted-paper record.  ``raw`` keeps the input record for round-trips."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    id: str
    title: str
    abstract: str = ""
    authors: list[AuthorRecord] = Field(default_factory=list)
    decision: str | None = None
    keywords: list[str] = Field(default_factory=list)
    topic: str | None = None  # topic given by the organizer's export
    presenter: str | None = None  # author id, e-mail or name from a presenter column
    url: str | None = None
    source_row: int = 0  # 1-based record or row number in the input file, for messages
    raw: dict[str, Any] = Field(default_factory=dict)

    @cached_property
    def clean_title(self) -> str:
        return clean(self.title) or f"(untitled paper {self.id})"

    @cached_property
    def clean_abstract(self) -> str:
        return clean(self.abstract)


class PaperList(BaseModel):
    """Everything read from one paper-list file."""

    source: str
    format: Literal["json", "csv", "xlsx"]
    papers: list[Paper]
    # The JSON envelope ({"count": ..., "results": [...]}) without the records,
    # so papers.json can be written back in the shape it came in.
    envelope: dict[str, Any] | None = None
    sha256: str = ""
    # What read it, for planner check: the reader's label ("OpenReview (API v2
    # notes)"), each planner field and the source field that filled it, and the
    # decisions the system accepts when the venue file sets no accept_decisions.
    reader: str = ""
    field_sources: dict[str, str] = Field(default_factory=dict)
    accept: list[str] | None = None


class QuietDefaults(BaseModel):
    """Leaves out of a dump the fields named in ``_quiet`` while they hold their default.

    Talks added fields to the venue's records; a venue without talks dumps
    as it did before them, so its plan.json stays the same byte for byte.
    """

    _quiet: ClassVar[tuple[str, ...]] = ()

    @model_serializer(mode="wrap")
    def _dump(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        fields = type(self).model_fields
        for name in self._quiet:
            if name in data and getattr(self, name) == fields[name].get_default(
                call_default_factory=True
            ):
                del data[name]
        return data


SessionKind = Literal["posters", "talks"]


class Session(QuietDefaults):
    _quiet = ("kind", "site")

    id: str
    name: str
    start: datetime  # naive, local to the time zone of the session's site (else the venue's)
    end: datetime
    kind: SessionKind = "posters"
    # The [[sites]] id of the session's rooms (planner.read.venue.sites); None
    # in a venue without sites.  Read from the rooms, never written by hand.
    site: str | None = None

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    def overlaps(self, other: Session) -> bool:
        """Two sessions clash when their times overlap; a session overlaps itself.

        Sessions at two sites never do: a person is at one site, so posters
        at two sites are never "at once" (a person at two sites is its own
        finding, planner.plan.metrics).  At one site both times are on one
        clock, so the naive times compare as instants.
        """
        if self.id == other.id:
            return True
        return self.site == other.site and self.start < other.end and other.start < self.end


class Room(QuietDefaults):
    _quiet = ("seats", "site")

    id: str
    name: str
    boards: int  # 0: a room with seats only, for talks
    sessions: list[str] | None = None  # None: open in every session
    board_prefix: str = ""
    spare_boards: int | None = None  # None: the venue-wide rule applies
    boards_by_session: dict[str, int] = Field(default_factory=dict)
    seats: int = 0  # 0: a room with boards only, for posters
    site: str | None = None  # a [[sites]] id; required once the venue has sites

    def is_open(self, session_id: str) -> bool:
        return self.sessions is None or session_id in self.sessions

    def board_count(self, session_id: str) -> int:
        return self.boards_by_session.get(session_id, self.boards)


class Pin(QuietDefaults):
    """A paper kept in a session (and room, and board or place in a running order).

    A pin naming a poster session pins the paper's poster (``board``); one
    naming a talk session pins its talk (``position``: 1, 2, ... in the room's
    running order).  A paper with a talk and a poster may have one of each.
    """

    _quiet = ("position",)

    paper: str
    session: str
    room: str | None = None
    board: str | None = None  # a board label ("A12") or number ("12")
    position: int | None = None  # talk pins: the place in the room's running order
    source: str = "venue"  # "venue", "workbook" or "report": where the organizer set it


class Site(BaseModel):
    """A ``[[sites]]`` table: a place the conference runs in, with its own clock."""

    id: str
    name: str
    timezone: str  # an IANA zone: the local time of the sessions at this site


class PlaceRule(BaseModel):
    """A ``[[place]]`` rule: the papers it matches may use only these rooms and sessions."""

    name: str  # shown beside the posters it placed ("remote")
    where: dict[str, list[str]] = Field(default_factory=dict)  # field -> accepted values
    papers: list[str] = Field(default_factory=list)  # paper ids, matched directly
    rooms: list[str] | None = None  # None: any room
    sessions: list[str] | None = None  # None: any session
    exclusive: bool = False  # the named rooms (else sessions) take only matched papers
    number: int = Field(0, exclude=True)  # its place among the venue's [[place]] tables


class Unavailability(BaseModel):
    """An author away for some sessions: an ``[[unavailable]]`` entry or a table row.

    A row of the ``rules.availability`` table becomes one of these too, so the
    venue copy inside plan.json is complete without the table file.
    """

    author: str  # an author id, e-mail or name
    sessions: list[str]
    # Table rows only: the row's other ways of naming the author (its e-mail,
    # its name), tried in order after ``author`` until one matches somebody.
    also: list[str] = Field(default_factory=list)
    row: int = 0  # the row of the availability table; 0 for an [[unavailable]] entry


TopicPolicy = Literal["group", "spread"]
PresenterPolicy = Literal["first", "last", "column"]


class Rules(QuietDefaults):
    _quiet = ("venue_id", "halves")

    accept_decisions: list[str] = Field(
        default_factory=lambda: [
            "Accept",
            "Accepted",
            "Conditional Accept",
            "Poster",
            "Spotlight",
            "Oral",
            "Accept (poster)",
            "Accept (spotlight)",
            "Accept (oral)",
        ]
    )
    presenter: PresenterPolicy = "first"
    topic_policy: TopicPolicy = "group"
    topics: int | Literal["auto"] = "auto"
    spare_boards: int = 0
    board_label: str = "{prefix}{number}"
    withdrawn_in_feeds: Literal["drop", "cancel"] = "drop"
    time_limit: float = 10.0
    availability: str | None = None  # a CSV or XLSX file, relative to the venue file
    # OpenReview: the venue id whose notes are accepted ("ICLR.cc/2024/Conference")
    venue_id: str | None = None
    # Presenting halves (planner.read.halves): "odd-even" presents odd boards in
    # the first half of each poster session, "even-odd" the other way round.
    halves: Literal["odd-even", "even-odd"] | None = None


class TalkRules(BaseModel):
    """The venue's ``[talks]`` table: which decisions give a talk, and how long."""

    minutes: dict[str, int] = Field(default_factory=dict)  # decision -> talk length
    changeover: int = 0  # minutes between two talks in a room
    poster_too: bool = True  # talk papers also get a poster

    def minutes_for(self, decision: str | None) -> int | None:
        """The talk length a decision gives (compared as accept_decisions are), None: no talk."""
        if decision is None:
            return None
        wanted = decision.strip().casefold()
        for name, minutes in self.minutes.items():
            if name.strip().casefold() == wanted:
                return minutes
        return None


class AuthorOverrides(BaseModel):
    same: list[list[str]] = Field(default_factory=list)
    different: list[list[str]] = Field(default_factory=list)


class Venue(QuietDefaults):
    """The venue.  ``sessions`` and ``rooms`` hold posters; talks have their own lists.

    The poster steps read ``sessions`` and ``rooms`` only; a ``kind = "talks"``
    session is in ``talk_sessions``, a room with seats in ``talk_rooms`` (a room
    with boards and seats is in both).
    """

    _quiet = ("talk_sessions", "talk_rooms", "talks", "talk_pins", "talk_place", "sites")

    name: str
    timezone: str
    acronym: str | None = None
    url: str | None = None
    sessions: list[Session]
    rooms: list[Room]
    rules: Rules = Field(default_factory=Rules)
    pins: list[Pin] = Field(default_factory=list)
    unavailable: list[Unavailability] = Field(default_factory=list)
    authors: AuthorOverrides = Field(default_factory=AuthorOverrides)
    topic_of: dict[str, str] = Field(default_factory=dict)  # paper id -> organizer topic
    presenter_of: dict[str, str] = Field(default_factory=dict)  # paper id -> author
    place: list[PlaceRule] = Field(default_factory=list)
    talk_sessions: list[Session] = Field(default_factory=list)
    talk_rooms: list[Room] = Field(default_factory=list)
    talks: TalkRules | None = None  # None: nobody gives a talk
    talk_pins: list[Pin] = Field(default_factory=list)  # pins naming talk sessions
    # The [[place]] rules as they bind talks (``place`` holds them as they bind
    # posters): planner.read.venue.place.for_kind.
    talk_place: list[PlaceRule] = Field(default_factory=list)
    # [[sites]]: empty for one site in ``timezone`` (then no output changes).
    sites: list[Site] = Field(default_factory=list)
    source: str = ""
    sha256: str = ""
    # Rows read from rules.availability (those without sessions included), for
    # planner check; not stored: the entries themselves are in ``unavailable``.
    availability_rows: int = Field(0, exclude=True)

    @cached_property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @cached_property
    def site_by_id(self) -> dict[str, Site]:
        return {s.id: s for s in self.sites}

    @cached_property
    def site_zones(self) -> dict[str | None, ZoneInfo]:
        zones: dict[str | None, ZoneInfo] = {None: self.tz}
        zones.update((s.id, ZoneInfo(s.timezone)) for s in self.sites)
        return zones

    def site_zone(self, site: str | None) -> ZoneInfo:
        """The clock of a site (None or an unknown id: the venue's own zone)."""
        return self.site_zones.get(site, self.tz)

    def zone_name(self, site: str | None) -> str:
        found = self.site_by_id.get(site) if site is not None else None
        return found.timezone if found is not None else self.timezone

    def zone_of(self, session_id: str) -> ZoneInfo:
        """The time zone a session's (poster or talk) naive times are local to."""
        session = self.session_by_id.get(session_id) or self.talk_session_by_id.get(session_id)
        return self.site_zone(session.site if session is not None else None)

    def aware(self, session_id: str, local: datetime) -> datetime:
        """A naive local time of a session as an aware time in the session's zone."""
        return local.replace(tzinfo=self.zone_of(session_id))

    def instant(self, session_id: str, local: datetime) -> datetime:
        """A naive local time of a session as a UTC instant, for ordering across sites."""
        return self.aware(session_id, local).astimezone(UTC)

    @cached_property
    def session_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.sessions}

    @cached_property
    def room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.rooms}

    @cached_property
    def talk_session_by_id(self) -> dict[str, Session]:
        return {s.id: s for s in self.talk_sessions}

    @cached_property
    def talk_room_by_id(self) -> dict[str, Room]:
        return {r.id: r for r in self.talk_rooms}

    def talk_rooms_in(self, session_id: str) -> list[Room]:
        """Rooms with seats open in a talk session, in the venue's order."""
        return [r for r in self.talk_rooms if r.is_open(session_id)]

    def talk_minutes(self, paper: Paper) -> int | None:
        """The length of the talk a paper gives; None when it gives none."""
        return None if self.talks is None else self.talks.minutes_for(paper.decision)

    def gets_poster(self, paper: Paper) -> bool:
        """Whether a paper has a poster: every paper, but a talk paper with poster_too off."""
        return self.talks is None or self.talks.poster_too or self.talk_minutes(paper) is None

    def rooms_in(self, session_id: str) -> list[Room]:
        return [r for r in self.rooms if r.is_open(session_id)]

    def spare(self, room: Room) -> int:
        return self.rules.spare_boards if room.spare_boards is None else room.spare_boards

    def usable_boards(self, session_id: str, room: Room) -> int:
        """Boards the planner may fill: the room's boards less the spares kept free."""
        if not room.is_open(session_id):
            return 0
        return max(0, room.board_count(session_id) - self.spare(room))

    def session_capacity(self, session_id: str) -> int:
        return sum(self.usable_boards(session_id, r) for r in self.rooms)

    @property
    def capacity(self) -> int:
        return sum(self.session_capacity(s.id) for s in self.sessions)

    @property
    def slug(self) -> str:
        """A lower-case identifier for file names and schedule acronyms."""
        import re

        base = self.acronym or self.name
        return re.sub(r"[^a-z0-9]+", "", base.lower()) or "conference"
