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
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, ValidationError

from planner.errors import InputError, Problem, display_path
from planner.gcfreeze import with_existing_objects_frozen
from planner.models import Venue

SCHEMA = "poster-planner/plan"
SCHEMA_VERSION = 1
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


class Figures(BaseModel):
    posters: int
    placed: int
    presenter_clashes: int
    clashes: int
    clash_lower_bound: int
    grouping: float  # within (session, room) similarity over random
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
    # kept its session, only new ones placed) or "full" (the full model moved some).
    strategy: str = "fresh"
    # Wall time per stage: shown in the summary, not stored, so that a rerun
    # with nothing changed writes the same plan file.
    seconds: dict[str, float] = Field(default_factory=dict, exclude=True)


class Move(BaseModel):
    paper: str
    title: str
    before: str  # "session / room / board"
    after: str
    kind: Literal["session", "room", "board"]
    why: str


class Changes(BaseModel):
    previous_revision: int
    moved: list[Move] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    edited: list[str] = Field(default_factory=list)  # title or authors changed in place
    authors_affected: list[str] = Field(default_factory=list)  # person keys
    clashes_removed: list[str] = Field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.moved or self.added or self.removed or self.edited)


class FeedEntry(BaseModel):
    """What a calendar event last looked like to subscribers."""

    digest: str
    sequence: int = 0
    modified: datetime  # UTC
    cancelled: bool = False
    # What subscribers last saw (PosterEvent fields, times as ISO text), so a
    # withdrawn poster can still be published as CANCELLED.
    event: dict | None = None
    cancelled_in: int | None = None  # the revision that withdrew it


class Inputs(BaseModel):
    papers: str
    papers_sha256: str
    papers_format: str
    venue: str
    venue_sha256: str


class Plan(BaseModel):
    schema_: str = Field(SCHEMA, alias="schema")
    version: int = SCHEMA_VERSION
    planner_version: str
    revision: int = 1
    revision_time: datetime  # UTC; stamps feeds so they are reproducible
    seed: int = 0
    time_limit: float = 10.0
    inputs: Inputs
    venue: Venue
    envelope: dict | None = None  # the input JSON without its records
    records: dict[str, dict] = Field(default_factory=dict)  # paper id -> input record
    people: list[PersonRecord]
    papers: list[PaperRecord]
    topics: list[TopicRecord]
    topic_source: str = "clusters"
    placements: list[Placement]
    clashes: list[ClashRecord] = Field(default_factory=list)
    figures: Figures
    changes: Changes | None = None
    feeds: dict[str, FeedEntry] = Field(default_factory=dict)  # event uid -> state
    unchanged: bool = Field(False, exclude=True)  # a rerun that changed nothing

    model_config = {"populate_by_name": True}

    def person(self, key: str) -> PersonRecord:
        return self._people[key]

    @property
    def _people(self) -> dict[str, PersonRecord]:
        cache = self.__dict__.get("_people_cache")
        if cache is None:
            cache = {p.key: p for p in self.people}
            self.__dict__["_people_cache"] = cache
        return cache

    @property
    def paper_by_id(self) -> dict[str, PaperRecord]:
        return {p.id: p for p in self.papers}

    @property
    def placement_of(self) -> dict[str, Placement]:
        return {p.paper: p for p in self.placements}

    def to_json(self) -> str:
        data = self.model_dump(mode="json", by_alias=True)
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


@with_existing_objects_frozen  # a plan's worth of objects: see planner.gcfreeze
def read_plan(path: Path) -> Plan:
    shown = display_path(path)
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(Problem(shown, "", f"the previous plan cannot be read ({exc})",
                                 "Restore it from the archive folder, or rerun with --fresh.")
                         ) from None
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(Problem(shown, "", "this is not a poster-planner plan file",
                                 "Point --out at a planner output folder, or rerun with --fresh."))
    if int(data.get("version", 0)) > SCHEMA_VERSION:
        raise InputError(Problem(shown, "", f"the plan was written by a newer planner (schema "
                                 f"{data.get('version')})", "Upgrade the planner."))
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(Problem(shown, f"field '{where}'", f"the plan file is damaged "
                                 f"({first['msg']})", "Restore it from the archive folder, or "
                                 "rerun with --fresh.")) from None
