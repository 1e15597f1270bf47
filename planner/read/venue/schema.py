"""The venue file's tables as pydantic models of the raw TOML: their shape only.

Each model forbids keys it does not know and checks each value on its own:
its type, its range, whether it is there.  What a value means next to the
rest of the file (a session a room names, a pin's room open in its session,
two rooms with one id) is planner.read.venue.reader's to check once the shape is known.

A value that is wrong raises a *fault*: a PydanticCustomError of type
``"venue"`` whose context holds the organizer's message and its fix, so the
venue reader shows it word for word.  :func:`check` turns a ValidationError
into unknown keys, faults by place and pydantic's own complaints, and still
returns the model of what was right (the wrong parts left at their defaults),
which later checks read.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidationInfo,
    field_validator,
)
from pydantic_core import ErrorDetails, PydanticCustomError

from planner.core.limits import (
    MAX_BOARDS,
    MAX_NAME_CHARS,
    MAX_ROOMS,
    MAX_SESSIONS,
    YEARS,
    id_problem,
    show,
    text_problem,
)
from planner.read.conference import Rules, SessionKind

FAULT = "venue"

Loc = tuple[int | str, ...]
M = TypeVar("M", bound=BaseModel)


def fault(what: str, fix: str) -> PydanticCustomError:
    """A problem with one value, phrased for the organizer (raise it in a validator)."""
    return PydanticCustomError(FAULT, "{what}", {"what": what, "fix": fix})


@dataclass
class Checked(Generic[M]):
    """One table checked against its model."""

    model: M | None  # what was right, the faulty values left out; None if that is not valid
    not_table: bool = False  # the value is no table at all
    unknown: list[str] = field(default_factory=list)  # keys no field takes, in the file's order
    faults: dict[Loc, tuple[str, str]] = field(default_factory=dict)  # place -> (what, fix)
    other: list[ErrorDetails] = field(default_factory=list)  # pydantic's own complaints

    def fault(self, *loc: int | str) -> tuple[str, str] | None:
        return self.faults.get(loc)


def check(cls: type[M], raw: Any, context: dict[str, Any] | None = None) -> Checked[M]:
    """``raw`` validated as ``cls``, every complaint kept (see the module docstring)."""
    try:
        return Checked(cls.model_validate(raw, context=context))
    except ValidationError as exc:
        errors = exc.errors()
    out: Checked[M] = Checked(None)
    for err in errors:
        if err["type"] == "extra_forbidden":
            out.unknown.append(str(err["loc"][0]))
        elif err["type"] == FAULT:
            ctx = err.get("ctx") or {}
            out.faults.setdefault(tuple(err["loc"]), (ctx["what"], ctx["fix"]))
        elif err["type"] == "model_type" and not err["loc"]:
            out.not_table = True
        else:
            out.other.append(err)
    if isinstance(raw, dict) and not out.other:
        rest = {k: v for k, v in raw.items() if k not in out.unknown}
        for loc in out.faults:
            rest = _drop(rest, loc)
        # A value the table cannot do without is wrong: then there is no model.  "partial":
        # a required table left out here is not asked for again (it was reported).
        with contextlib.suppress(ValidationError):
            out.model = cls.model_validate(rest, context={**(context or {}), "partial": True})
    return out


def _drop(data: dict[Any, Any], loc: Loc) -> dict[Any, Any]:
    """A copy of ``data`` without the value at ``loc`` (the containers on the way copied)."""
    head, *tail = loc
    out = dict(data)
    if not tail:
        out.pop(head, None)
    elif isinstance(out.get(head), dict):
        out[head] = _drop(out[head], tuple(tail))
    return out


# ---- values ---------------------------------------------------------------


def text(value: Any) -> str | None:
    """A string or number as text, stripped; None for anything else (a name of [1, 2])."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value).strip()
    return None


def whole(value: Any) -> int | None:
    """An integer, or a float that is one; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def texts(value: Any) -> list[str] | None:
    """A string or number, or a list of them, as texts; None for anything else."""
    items = value if isinstance(value, list) else [value]
    out = [text(v) for v in items]
    return [v for v in out if v] if all(v is not None for v in out) else None


def when(value: Any, tz: ZoneInfo | None) -> datetime | None:
    """A session time: a TOML local date-time, an offset date-time or an ISO string."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        if not YEARS[0] <= value.year <= YEARS[1]:
            # Converting it could overflow the calendar; the year check refuses it.
            return value.replace(tzinfo=None)
        if value.tzinfo is not None:
            if tz is None:
                return value.replace(tzinfo=None)
            return wall_clock(value.astimezone(tz), tz)
        return value if tz is None else wall_clock(value.replace(tzinfo=tz), tz)
    return None


def wall_clock(local: datetime, tz: ZoneInfo) -> datetime:
    """``local`` as a naive wall-clock time that names one instant in ``tz``.

    A time in a spring-forward gap never shows on a clock: it is moved forward
    by the gap (02:30 becomes 03:30), as the calendars do.  A time in the
    fall-back hour shows twice: the first is meant (fold 0), so the naive time,
    compared or written again anywhere, means the same instant.
    """
    instant = local.astimezone(UTC).astimezone(tz)
    return instant.replace(tzinfo=None, fold=0)


def _when_in_zone(value: Any, info: ValidationInfo) -> datetime | None:
    return when(value, (info.context or {}).get("tz"))


# Lenient on purpose: a name or url of the wrong type reads as missing, as it always has.
Text = Annotated[str | None, BeforeValidator(text)]
When = Annotated[datetime | None, BeforeValidator(_when_in_zone)]


def _table_list(kind: str, limit: int, fix: str) -> BeforeValidator:
    def validate(value: Any, info: ValidationInfo) -> list[Any]:
        if value is None and (info.context or {}).get("partial"):
            return []  # it was wrong, and that has been said
        if not isinstance(value, list) or not value:
            raise fault(f"no {kind} are defined", fix)
        if len(value) > limit:
            raise fault(
                f"{len(value):,} {kind.split()[-1]} are defined, more than the {limit:,} "
                "the planner takes",
                "See the README's limits.",
            )
        return value

    return BeforeValidator(validate)


def _array_of_tables(fix: str) -> BeforeValidator:
    def validate(value: Any) -> list[Any]:
        if not isinstance(value, list):
            raise fault("must be an array of tables", fix)
        return value

    return BeforeValidator(validate)


def _table(fix: str) -> BeforeValidator:
    def validate(value: Any) -> Any:
        if not isinstance(value, dict):
            raise fault("is not a table", fix)
        return value

    return BeforeValidator(validate)


class Table(BaseModel):
    """A TOML table of the venue file: an unknown key is a problem, never ignored."""

    model_config = ConfigDict(extra="forbid")


class VenueTable(Table):
    """The top level.  The tables below it are checked one by one, each by its model."""

    name: Text = None
    timezone: Text = None
    acronym: Text = None
    url: Text = None
    sessions: Annotated[
        list[Any],
        _table_list(
            "poster sessions",
            MAX_SESSIONS,
            "Add at least one [[sessions]] table with id, name, start and end.",
        ),
    ] = Field(None, validate_default=True)
    rooms: Annotated[
        list[Any],
        _table_list(
            "rooms", MAX_ROOMS, "Add at least one [[rooms]] table with id, name and boards."
        ),
    ] = Field(None, validate_default=True)
    rules: Annotated[dict[str, Any], _table("Write [rules] on its own line, keys below it.")] = (
        Field(default_factory=dict)
    )
    pins: Annotated[
        list[Any],
        _array_of_tables('Write [[pins]] with paper = 3608 and session = "tue-pm".'),
    ] = Field(default_factory=list)
    unavailable: Annotated[
        list[Any],
        _array_of_tables('Write [[unavailable]] with author = "27162" and sessions = ["tue-pm"].'),
    ] = Field(default_factory=list)
    authors: Annotated[
        dict[str, Any], _table('Write [authors] with same = [["18765", "27414"]].')
    ] = Field(default_factory=dict)
    topics: Annotated[dict[str, Any], _table('Write [topics] with "3608" = "a text".')] = Field(
        default_factory=dict
    )
    presenters: Annotated[dict[str, Any], _table('Write [presenters] with "3608" = "a text".')] = (
        Field(default_factory=dict)
    )
    place: Annotated[
        list[Any],
        _array_of_tables(
            'Write [[place]] with where = { event_type = "Virtual" } and rooms = [...].'
        ),
    ] = Field(default_factory=list)
    talks: Annotated[
        dict[str, Any], _table("Write [talks] on its own line, minutes = { Oral = 15 } below it.")
    ] = Field(default_factory=dict)
    sites: Annotated[
        list[Any], _array_of_tables('Write [[sites]] with id, name and timezone = "...".')
    ] = Field(default_factory=list)


def _id(value: str | None, example: str, missing_fix: str) -> str:
    if not value:
        raise fault("has no id", missing_fix)
    problem = id_problem(value)
    if problem:
        raise fault(
            f"the id '{show(value)}' {problem}", f'Use a short plain id, e.g. id = "{example}".'
        )
    return value


def _kind(value: Any) -> str:
    if value not in ("posters", "talks"):
        raise fault(
            f'kind = {show(repr(value))} is neither "posters" nor "talks"',
            'Write kind = "talks" for a talk session; leave it out for posters.',
        )
    return str(value)


class SessionTable(Table):
    """A [[sessions]] table."""

    id: Text = Field(None, validate_default=True)
    name: Text = None
    start: When = None
    end: When = Field(None, validate_default=True)
    kind: Annotated[SessionKind, BeforeValidator(_kind)] = "posters"

    @field_validator("id")
    @classmethod
    def _id(cls, value: str | None) -> str:
        return _id(value, "tue-pm", 'Add id = "tue-pm" (any short unique name).')

    @field_validator("end")
    @classmethod
    def _times(cls, end: datetime | None, info: ValidationInfo) -> datetime:
        start = info.data.get("start")
        if start is None or end is None:
            raise fault(
                "start or end is missing or not a date-time",
                "Write start = 2026-05-19T16:30:00 (local time, no quotes).",
            )
        if end <= start:
            raise fault(
                f"ends ({end:%Y-%m-%d %H:%M}) at or before it starts ({start:%Y-%m-%d %H:%M})",
                "Set end after start.",
            )
        if not (YEARS[0] <= start.year and end.year <= YEARS[1]):
            raise fault(
                f"start ({start:%Y-%m-%d}) or end ({end:%Y-%m-%d}) is not between the years "
                f"{YEARS[0]} and {YEARS[1]}",
                "Check the dates.",
            )
        return end


def _boards(value: Any, info: ValidationInfo) -> int:
    if value in (None, 0) and info.data.get("seats"):
        return 0  # a room with seats only holds talks
    boards = whole(value)
    if boards is None or boards < 1:
        raise fault(
            f"boards = {show(repr(value))} is not a positive whole number",
            "Set boards to the number of poster boards (1 or more).",
        )
    if boards > MAX_BOARDS:
        raise fault(
            f"boards = {boards:,} is more than the {MAX_BOARDS:,} boards the "
            "planner lays out in one room",
            "Check the number (see the README's limits).",
        )
    return boards


def _prefix(value: Any) -> str:
    prefix = str(value)
    problem = id_problem(prefix)
    if problem:
        raise fault(
            f"board_prefix '{show(prefix)}' {problem}",
            'Use a short plain prefix, e.g. board_prefix = "A".',
        )
    return prefix


def _session_ids(value: Any) -> list[str] | None:
    if value is not None and (
        not isinstance(value, list) or not all(isinstance(s, str) for s in value)
    ):
        raise fault(
            "sessions must be a list of session ids", 'Write sessions = ["tue-pm", "wed-pm"].'
        )
    return value


def _spare(value: Any) -> int | None:
    if value is None:
        return None
    spare = whole(value)
    if spare is None or spare < 0:
        raise fault(
            f"spare_boards = {value!r} is not a whole number ≥ 0",
            "Set it to the boards to keep free for late accepts.",
        )
    return spare


def _board_count(value: Any) -> int:
    """A room's boards in one session; the fault's text follows ``boards_by_session.<id>``."""
    count = whole(value)
    if count is None or count < 0 or count > MAX_BOARDS:
        raise fault(
            f"= {show(repr(value))} is not a whole number from 0 to {MAX_BOARDS:,}",
            "Give the number of boards in that session.",
        )
    return count


def _boards_table(value: Any) -> Any:
    if not isinstance(value, dict):
        raise fault("boards_by_session must be a table", '{ "tue-pm" = 20 }')
    return value


def _seats(value: Any) -> int:
    seats = whole(value)
    if seats is None or seats < 1:
        raise fault(
            f"seats = {show(repr(value))} is not a positive whole number",
            "Set seats to the room's seats (1 or more), or leave it out for a poster room.",
        )
    return seats


class RoomTable(Table):
    """A [[rooms]] table: boards hold posters, seats hold talks; a room may have both."""

    id: Text = Field(None, validate_default=True)
    name: Text = None
    # Before boards: a room with seats may leave boards out.
    seats: Annotated[int, BeforeValidator(_seats)] = 0
    boards: Annotated[int, BeforeValidator(_boards)] = Field(None, validate_default=True)
    sessions: Annotated[list[str] | None, BeforeValidator(_session_ids)] = None
    board_prefix: Annotated[str, BeforeValidator(_prefix)] = ""
    spare_boards: Annotated[int | None, BeforeValidator(_spare)] = None
    boards_by_session: Annotated[
        dict[str, Annotated[int, BeforeValidator(_board_count)]],
        BeforeValidator(_boards_table),
    ] = Field(default_factory=dict)
    site: Text = None  # a [[sites]] id, checked in planner.read.venue.sites

    @field_validator("id")
    @classmethod
    def _id(cls, value: str | None) -> str:
        return _id(value, "hall-a", 'Add id = "hall-a".')


class RulesTable(Rules):
    """The [rules] table: the Rules model, its messages pydantic's own, no other key."""

    model_config = ConfigDict(extra="forbid")


def _position(value: Any) -> int:
    position = whole(value)
    if position is None or position < 1:
        raise fault(
            f"position = {show(repr(value))} is not a place in a running order",
            "Give the talk's place in its room's running order: position = 1 for the first talk.",
        )
    return position


class PinTable(Table):
    """A [[pins]] table: ``board`` for a poster session's pin, ``position`` for a talk session's."""

    paper: Text = None
    session: Text = Field(None, validate_default=True)
    room: Text = None
    board: Text = None
    position: Annotated[int | None, BeforeValidator(_position)] = None

    @field_validator("session")
    @classmethod
    def _both(cls, session: str | None, info: ValidationInfo) -> str:
        if not info.data.get("paper") or not session:
            raise fault("needs both paper and session", 'paper = 3608, session = "tue-pm"')
        return session


def _author(raw: Any) -> str:
    value = text(raw)
    if not value:
        raise fault("has no author", 'Add author = "27162" (an id) or a full name.')
    return value


def _away(value: Any) -> list[Any]:
    if not isinstance(value, list) or not value:
        raise fault("needs a non-empty list of sessions", 'sessions = ["tue-pm"]')
    return value


class UnavailableTable(Table):
    """An [[unavailable]] table: the sessions it names are checked against the venue's after."""

    author: Annotated[str, BeforeValidator(_author)] = Field(None, validate_default=True)
    sessions: Annotated[list[Any], BeforeValidator(_away)] = Field(None, validate_default=True)


def _groups(value: Any, info: ValidationInfo) -> list[list[str]]:
    ok = isinstance(value, list) and all(
        isinstance(g, list) and len(g) >= 2 and all(text(a) for a in g) for g in value
    )
    if not ok:
        raise fault(
            "must be a list of lists of two or more author ids",
            f'{info.field_name} = [["18765", "27414"]]',
        )
    return [[text(a) or "" for a in g] for g in value]


Groups = Annotated[list[list[str]], BeforeValidator(_groups)]


class AuthorsTable(Table):
    """The [authors] table."""

    same: Groups = Field(default_factory=list)
    different: Groups = Field(default_factory=list)


def _mapped(value: Any) -> str:
    """A [topics] or [presenters] value; a fix naming the key reads ``{key}`` (the caller's)."""
    value = text(value)
    if not value:
        raise fault("needs a text value", '"{key}" = "a text"')
    problem = text_problem(value, MAX_NAME_CHARS)
    if problem:
        raise fault(f"the value {problem}", "Shorten it.")
    return value


class MappingTable(RootModel[dict[str, Annotated[str, BeforeValidator(_mapped)]]]):
    """[topics] or [presenters]: paper id -> a text.  Its keys are the organizer's."""


def _where(value: Any) -> Any:
    if not isinstance(value, dict):
        raise fault(
            "must be a table of field = value(s)", 'Write where = { event_type = ["Virtual"] }.'
        )
    return value


def _field_values(value: Any) -> list[str]:
    """One where field's values; the fault's text follows ``field '<name>'``."""
    values = texts(value)
    if not values:
        raise fault(
            "needs a value or a list of values", 'Write e.g. event_type = ["Virtual", "Remote"].'
        )
    return values


def _papers(value: Any) -> list[str]:
    papers = texts(value)
    if papers is None:
        raise fault("must be a list of paper ids", "Write papers = [3608, 3612].")
    return papers


def _targets(value: Any, info: ValidationInfo) -> list[str] | None:
    if value is None:
        return None
    values = texts(value)
    if not values:
        key = info.field_name
        raise fault(f"must list {str(key)[:-1]} ids or names", f'Write {key} = ["..."].')
    return values


def _exclusive(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fault("must be true or false", "Write exclusive = true.")
    return value


Targets = Annotated[list[str] | None, BeforeValidator(_targets)]


class PlaceTable(Table):
    """A [[place]] table: the rooms and sessions it names are looked up after."""

    name: Text = None
    where: Annotated[
        dict[str, Annotated[list[str], BeforeValidator(_field_values)]], BeforeValidator(_where)
    ] = Field(default_factory=dict)
    papers: Annotated[list[str], BeforeValidator(_papers)] = Field(default_factory=list)
    rooms: Targets = None
    sessions: Targets = None
    sites: Targets = None  # [[sites]] ids or names: the rooms at those sites
    exclusive: Annotated[bool, BeforeValidator(_exclusive)] = False
