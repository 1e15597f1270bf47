"""The venue file (TOML): sessions, rooms, rules, pins and who is away when.

Every key is checked here, with a message that names the table and key and
says what to write instead; unknown keys are reported with the nearest known
spelling, because a typo that is silently ignored is worse than an error.
The full reference is in the README ("Venue file").
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.conference import (
    AuthorOverrides,
    Pin,
    PlaceRule,
    Room,
    Rules,
    Session,
    Unavailability,
    Venue,
)
from planner.errors import InputError, Problem, Problems, display_path
from planner.ids import canonical_id
from planner.limits import (
    MAX_BOARD_SLOTS,
    MAX_BOARDS,
    MAX_NAME_CHARS,
    MAX_ROOMS,
    MAX_SESSIONS,
    MAX_SPAN_DAYS,
    MAX_TIME_LIMIT,
    MAX_VENUE_FILE_BYTES,
    YEARS,
    check_record,
    id_problem,
    label_pattern_problem,
    read_limited,
    show,
    text_problem,
)
from planner.text import display_key

TOP_KEYS = {
    "name",
    "timezone",
    "acronym",
    "url",
    "sessions",
    "rooms",
    "rules",
    "pins",
    "unavailable",
    "authors",
    "topics",
    "presenters",
    "place",
}
PLACE_KEYS = {"name", "where", "papers", "rooms", "sessions", "exclusive"}
SESSION_KEYS = {"id", "name", "start", "end"}
ROOM_KEYS = {
    "id",
    "name",
    "boards",
    "sessions",
    "board_prefix",
    "spare_boards",
    "boards_by_session",
}
RULE_KEYS = set(Rules.model_fields)
PIN_KEYS = {"paper", "session", "room", "board"}
UNAVAILABLE_KEYS = {"author", "sessions"}
AUTHOR_KEYS = {"same", "different"}


def _unknown(problems: Problems, where: str, keys: dict[str, Any], known: set[str]) -> None:
    for key in keys:
        if key not in known:
            near = difflib.get_close_matches(key, sorted(known), n=1)
            hint = (
                f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(sorted(known))}."
            )
            problems.add(where, f"unknown key '{key}'", hint)


def _text(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (str, int)):
        return str(value).strip()
    return None


def _when(value: Any, tz: ZoneInfo | None) -> datetime | None:
    """A session time: a TOML local date-time, an offset date-time or an ISO string."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            if tz is None:
                return value.replace(tzinfo=None)
            return value.astimezone(tz).replace(tzinfo=None)
        return value
    return None


def read_venue(path: Path) -> Venue:
    """Reads and validates a venue file; raises InputError listing every problem."""
    shown = display_path(path)
    data_bytes = read_limited(path, shown, MAX_VENUE_FILE_BYTES, "venue file")
    try:
        data = tomllib.loads(data_bytes.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InputError(
            Problem(shown, "", "the venue file is not UTF-8 text", "Save it as UTF-8.")
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # "Expected '=' after a key ... (at line 3, column 5)": the place goes up front.
        message = str(exc)
        place = re.search(r"\s*\(at (line \d+, column \d+|end of document)\)$", message)
        where = place.group(1) if place else ""
        what = message[: place.start()] if place else message
        raise InputError(
            Problem(
                shown,
                where,
                f"not valid TOML ({what})",
                "Fix the syntax there; see the README's venue reference.",
            )
        ) from None
    except ValueError as exc:  # tomllib lets int() errors through (a number of 5000 digits)
        raise InputError(
            Problem(shown, "", f"not valid TOML ({exc})", "Fix the value; see the README.")
        ) from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise InputError(
            Problem(shown, "", "not valid TOML (nested too deep)", "Fix the value; see the README.")
        ) from None
    venue = parse_venue(data, shown)
    venue.sha256 = hashlib.sha256(data_bytes).hexdigest()
    if venue.rules.availability:
        # Read here, where the venue file's folder is known, and only here: the
        # venue copy inside a plan holds the rows already (see planner.availability).
        from planner.availability import read_availability

        rows, venue.availability_rows = read_availability(venue, path)
        venue.unavailable.extend(rows)
    return venue


def parse_venue(
    data: dict[str, Any], shown: str = "venue.toml", distinct_names: bool = True
) -> Venue:
    """The venue in ``data`` (a TOML document's tables), every key checked.

    ``distinct_names=False`` skips the rule that sessions and rooms read back
    apart (``_readable``), for the copy of a venue inside a plan written before
    that rule: it stays readable, and its workbook is read row by row.
    """
    problems = Problems(shown)
    if not check_record(data, "", problems):  # a string of megabytes, tables nested for ever
        problems.raise_if_any()
    _unknown(problems, "top level", data, TOP_KEYS)
    # Problems are listed in the order they are added: reordering these steps reorders them.
    name = _conference_name(data, problems)
    acronym = _acronym(data, problems)
    tz_name, tz = _timezone(data, problems)
    sessions = _sessions(data.get("sessions"), tz, problems)
    session_ids = {s.id for s in sessions}
    _check_span(sessions, problems)
    rooms = _rooms(data.get("rooms"), session_ids, problems)
    if distinct_names:
        _readable(sessions, "sessions", "session", problems)
        _readable(rooms, "rooms", "room", problems)
    _check_board_slots(rooms, session_ids, problems)
    rules = _rules(data.get("rules", {}), problems)
    pins = _pins(data.get("pins", []), session_ids, {r.id: r for r in rooms}, problems)
    unavailable = _unavailable(data.get("unavailable", []), session_ids, problems)
    authors = _author_overrides(data.get("authors", {}), problems)
    topic_of = _mapping(data.get("topics", {}), "topics", problems)
    presenter_of = _mapping(data.get("presenters", {}), "presenters", problems)
    place = _place(data.get("place", []), sessions, rooms, problems)
    _check_spare_boards(rooms, session_ids, rules, problems)

    problems.raise_if_any()
    return Venue(
        name=name or "",
        timezone=tz_name or "UTC",
        acronym=acronym,
        url=_text(data.get("url")),
        sessions=sessions,
        rooms=rooms,
        rules=rules,
        pins=pins,
        unavailable=unavailable,
        authors=authors,
        topic_of=topic_of,
        presenter_of=presenter_of,
        place=place,
        source=shown,
    )


def _conference_name(data: dict[str, Any], problems: Problems) -> str | None:
    """The conference's name, None when it has none."""
    name = _text(data.get("name"))
    if not name:
        problems.add("key 'name'", "the conference has no name", 'Add name = "MLSys 2026".')
    else:
        _name_problem(problems, "key 'name'", "the conference name", name)
    return name


def _acronym(data: dict[str, Any], problems: Problems) -> str | None:
    """The conference's acronym, if it gives one."""
    acronym = _text(data.get("acronym"))
    if acronym and id_problem(acronym):
        problems.add(
            "key 'acronym'",
            f"the acronym {id_problem(acronym)}",
            'Use a short plain name, e.g. acronym = "mlsys2026".',
        )
    return acronym


def _timezone(data: dict[str, Any], problems: Problems) -> tuple[str | None, ZoneInfo | None]:
    """The time zone's name as written, and the zone (None when missing or unknown)."""
    tz_name = _text(data.get("timezone"))
    if not tz_name:
        problems.add(
            "key 'timezone'",
            "no time zone is given",
            'Add an IANA zone, e.g. timezone = "America/Los_Angeles".',
        )
        return tz_name, None
    try:
        return tz_name, ZoneInfo(tz_name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        problems.add(
            "key 'timezone'",
            f"'{tz_name}' is not an IANA time zone",
            'Use a zone name such as "America/Los_Angeles" or "Europe/Vienna".',
        )
        return tz_name, None


def _check_span(sessions: list[Session], problems: Problems) -> None:
    """Adds a problem when the sessions span more days than the planner lays out."""
    if not sessions:
        return
    first, last = min(s.start for s in sessions), max(s.end for s in sessions)
    if (last - first).days >= MAX_SPAN_DAYS:
        problems.add(
            "[[sessions]]",
            f"the sessions span {(last - first).days:,} days "
            f"({first:%Y-%m-%d} to {last:%Y-%m-%d}), more than the {MAX_SPAN_DAYS} "
            "the planner lays out",
            "Check the dates (see the README's limits).",
        )


def _check_board_slots(rooms: list[Room], session_ids: set[str], problems: Problems) -> None:
    """Adds a problem when the rooms have more boards over all sessions than the planner takes."""
    slots = sum(r.board_count(s) for r in rooms for s in session_ids if r.is_open(s))
    if slots > MAX_BOARD_SLOTS:
        problems.add(
            "[[rooms]]",
            f"the rooms have {slots:,} boards over all sessions, more than "
            f"the {MAX_BOARD_SLOTS:,} the planner lays out",
            "Check the board counts (see the README's limits).",
        )


def _check_spare_boards(
    rooms: list[Room], session_ids: set[str], rules: Rules, problems: Problems
) -> None:
    """Adds a problem for each room that keeps as many spare boards as it has in a session."""
    for room in rooms:
        spare = rules.spare_boards if room.spare_boards is None else room.spare_boards
        for sid in session_ids:
            # A room with 0 boards in a session (boards_by_session) is simply closed then.
            if room.is_open(sid) and 0 < room.board_count(sid) <= spare:
                problems.add(
                    f"[[rooms]] '{room.id}'",
                    f"keeps {spare} spare boards but has only {room.board_count(sid)}",
                    "Lower spare_boards or add boards.",
                )
                break


def _sessions(raw: Any, tz: ZoneInfo | None, problems: Problems) -> list[Session]:
    if not isinstance(raw, list) or not raw:
        problems.add(
            "[[sessions]]",
            "no poster sessions are defined",
            "Add at least one [[sessions]] table with id, name, start and end.",
        )
        return []
    if len(raw) > MAX_SESSIONS:
        problems.add(
            "[[sessions]]",
            f"{len(raw):,} sessions are defined, more than the {MAX_SESSIONS:,} the planner takes",
            "See the README's limits.",
        )
        return []
    out: list[Session] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        where = f"[[sessions]] #{i}"
        if not isinstance(item, dict):
            problems.add(where, "is not a table", "Write it as [[sessions]] with keys below it.")
            continue
        _unknown(problems, where, item, SESSION_KEYS)
        sid = _text(item.get("id"))
        if not sid:
            problems.add(where, "has no id", 'Add id = "tue-pm" (any short unique name).')
            continue
        if id_problem(sid):
            problems.add(
                where,
                f"the id '{show(sid)}' {id_problem(sid)}",
                'Use a short plain id, e.g. id = "tue-pm".',
            )
            continue
        where = f"[[sessions]] '{sid}'"
        if sid in seen:
            problems.add(where, "the id is used twice", "Give every session its own id.")
            continue
        seen.add(sid)
        start, end = _when(item.get("start"), tz), _when(item.get("end"), tz)
        if start is None or end is None:
            problems.add(
                where,
                "start or end is missing or not a date-time",
                "Write start = 2026-05-19T16:30:00 (local time, no quotes).",
            )
            continue
        if end <= start:
            problems.add(
                where,
                f"ends ({end:%Y-%m-%d %H:%M}) at or before it starts ({start:%Y-%m-%d %H:%M})",
                "Set end after start.",
            )
            continue
        if not (YEARS[0] <= start.year and end.year <= YEARS[1]):
            problems.add(
                where, f"is not between the years {YEARS[0]} and {YEARS[1]}", "Check the dates."
            )
            continue
        out.append(Session(id=sid, name=_text(item.get("name")) or sid, start=start, end=end))
    return out


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


def _rooms(raw: Any, session_ids: set[str], problems: Problems) -> list[Room]:
    """The [[rooms]] tables as rooms, leaving out each one with a problem."""
    if not isinstance(raw, list) or not raw:
        problems.add(
            "[[rooms]]",
            "no rooms are defined",
            "Add at least one [[rooms]] table with id, name and boards.",
        )
        return []
    if len(raw) > MAX_ROOMS:
        problems.add(
            "[[rooms]]",
            f"{len(raw):,} rooms are defined, more than the {MAX_ROOMS:,} the planner takes",
            "See the README's limits.",
        )
        return []
    out: list[Room] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        room = _room(item, i, seen, session_ids, problems)
        if room is not None:
            out.append(room)
    return out


def _room(
    item: Any, i: int, seen: set[str], session_ids: set[str], problems: Problems
) -> Room | None:
    """The i-th [[rooms]] table as a room; None once its problems are added."""
    where = f"[[rooms]] #{i}"
    if not isinstance(item, dict):
        problems.add(where, "is not a table", "Write it as [[rooms]] with keys below it.")
        return None
    _unknown(problems, where, item, ROOM_KEYS)
    rid = _room_id(item, where, seen, problems)
    if rid is None:
        return None
    where = f"[[rooms]] '{rid}'"
    boards = _room_boards(item.get("boards"), where, problems)
    if boards is None:
        return None
    # Every check below runs, so one reading lists all of the room's problems.
    prefix = str(item.get("board_prefix", ""))
    ok = _board_prefix_ok(prefix, where, problems)
    sessions = item.get("sessions")
    ok &= _room_sessions_ok(sessions, session_ids, where, problems)
    by_session = _boards_by_session(item.get("boards_by_session", {}), session_ids, where, problems)
    ok &= by_session is not None
    spare = item.get("spare_boards")
    ok &= _spare_boards_ok(spare, where, problems)
    if not ok or by_session is None:
        return None
    return Room(
        id=rid,
        name=_text(item.get("name")) or rid,
        boards=boards,
        sessions=sessions,
        board_prefix=prefix,
        spare_boards=_int(spare) if spare is not None else None,
        boards_by_session=by_session,
    )


def _room_id(item: dict[str, Any], where: str, seen: set[str], problems: Problems) -> str | None:
    """The room's id, added to ``seen``; None when it is missing, malformed or taken."""
    rid = _text(item.get("id"))
    if not rid:
        problems.add(where, "has no id", 'Add id = "hall-a".')
        return None
    if id_problem(rid):
        problems.add(
            where,
            f"the id '{show(rid)}' {id_problem(rid)}",
            'Use a short plain id, e.g. id = "hall-a".',
        )
        return None
    if rid in seen:
        problems.add(f"[[rooms]] '{rid}'", "the id is used twice", "Give every room its own id.")
        return None
    seen.add(rid)
    return rid


def _room_boards(value: Any, where: str, problems: Problems) -> int | None:
    """The room's board count; None when it is not a whole number from 1 to MAX_BOARDS."""
    boards = _int(value)
    if boards is None or boards < 1:
        problems.add(
            where,
            f"boards = {show(repr(value))} is not a positive whole number",
            "Set boards to the number of poster boards (1 or more).",
        )
        return None
    if boards > MAX_BOARDS:
        problems.add(
            where,
            f"boards = {boards:,} is more than the {MAX_BOARDS:,} boards the "
            "planner lays out in one room",
            "Check the number (see the README's limits).",
        )
        return None
    return boards


def _board_prefix_ok(prefix: str, where: str, problems: Problems) -> bool:
    """Whether the board prefix is usable in labels; adds a problem if not."""
    if id_problem(prefix):
        problems.add(
            where,
            f"board_prefix '{show(prefix)}' {id_problem(prefix)}",
            'Use a short plain prefix, e.g. board_prefix = "A".',
        )
        return False
    return True


def _room_sessions_ok(sessions: Any, session_ids: set[str], where: str, problems: Problems) -> bool:
    """Whether the room's sessions (None: all) are a list of defined session ids."""
    if sessions is None:
        return True
    if not isinstance(sessions, list) or not all(isinstance(s, str) for s in sessions):
        problems.add(
            where,
            "sessions must be a list of session ids",
            'Write sessions = ["tue-pm", "wed-pm"].',
        )
        return False
    ok = True
    for s in sessions:
        if not isinstance(s, str) or s not in session_ids:  # a nested list is not hashable
            problems.add(
                where,
                f"names session '{s}', which is not defined",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
    return ok


def _boards_by_session(
    raw: Any, session_ids: set[str], where: str, problems: Problems
) -> dict[str, int] | None:
    """Session id -> the room's boards then; None after adding a problem with the table."""
    if not isinstance(raw, dict):
        problems.add(where, "boards_by_session must be a table", '{ "tue-pm" = 20 }')
        return None
    by_session: dict[str, int] = {}
    ok = True
    for s, n in raw.items():
        count = _int(n)
        if s not in session_ids:
            problems.add(
                where,
                f"boards_by_session names unknown session '{s}'",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
        elif count is None or count < 0 or count > MAX_BOARDS:
            problems.add(
                where,
                f"boards_by_session.{s} = {show(repr(n))} is not a whole number from 0 "
                f"to {MAX_BOARDS:,}",
                "Give the number of boards in that session.",
            )
            ok = False
        else:
            by_session[s] = count
    return by_session if ok else None


def _spare_boards_ok(spare: Any, where: str, problems: Problems) -> bool:
    """Whether the room's spare_boards, if given, is a whole number of 0 or more."""
    if spare is not None and (_int(spare) is None or _int(spare) < 0):  # type: ignore[operator]
        problems.add(
            where,
            f"spare_boards = {spare!r} is not a whole number ≥ 0",
            "Set it to the boards to keep free for late accepts.",
        )
        return False
    return True


def _rules(raw: Any, problems: Problems) -> Rules:
    """The [rules] table, defaults for what it leaves out; all defaults if it cannot be read."""
    if not isinstance(raw, dict):
        problems.add("[rules]", "is not a table", "Write [rules] on its own line, keys below it.")
        return Rules()
    _unknown(problems, "[rules]", raw, RULE_KEYS)
    rules = _rules_model(raw, problems)
    if rules is None:
        return Rules()
    _check_rule_ranges(rules, problems)
    pattern_problem = label_pattern_problem(rules.board_label)
    if pattern_problem:
        problems.add(
            "[rules] 'board_label'",
            f"board_label {pattern_problem}",
            'Use {prefix} and {number}, e.g. board_label = "{prefix}-{number:02d}".',
        )
        return rules
    _check_board_labels_differ(rules, problems)
    _check_rule_names(rules, problems)
    return rules


def _rules_model(raw: dict[str, Any], problems: Problems) -> Rules | None:
    """The known keys as Rules; None once pydantic's complaints are added, one per field."""
    known = {k: v for k, v in raw.items() if k in RULE_KEYS}
    try:
        return Rules(**known)
    except Exception as exc:  # pydantic's ValidationError, phrased per field below
        from pydantic import ValidationError

        if not isinstance(exc, ValidationError):
            raise
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            problems.add(
                f"[rules] '{key}'",
                f"{err['msg'].lower()} (got {err.get('input')!r})",
                "See the README's venue reference for allowed values.",
            )
        return None


def _check_rule_ranges(rules: Rules, problems: Problems) -> None:
    """Adds a problem for each number out of the range the model's types do not say."""
    if rules.spare_boards < 0:
        problems.add(
            "[rules] 'spare_boards'",
            f"spare_boards = {rules.spare_boards} is negative",
            "Set it to 0 or more: the boards per room kept free for late accepts.",
        )
    if isinstance(rules.topics, int) and rules.topics < 1:
        problems.add(
            "[rules] 'topics'",
            f"topics = {rules.topics} is not a positive number",
            'Set it to 1 or more, or to "auto".',
        )
    if not rules.time_limit > 0:
        problems.add(
            "[rules] 'time_limit'",
            f"time_limit = {rules.time_limit} is not a positive number of seconds",
            "Set it to, e.g., 10.",
        )
    elif not rules.time_limit <= MAX_TIME_LIMIT:  # inf too
        problems.add(
            "[rules] 'time_limit'",
            f"time_limit = {rules.time_limit} is more than {MAX_TIME_LIMIT:,.0f} seconds",
            "Set it to, e.g., 10.",
        )


def _check_board_labels_differ(rules: Rules, problems: Problems) -> None:
    """Adds a problem when board_label gives two boards the same label (or cannot be filled)."""
    # Two boards are enough: a pattern without {number} labels every board alike.
    try:
        labels = {rules.board_label.format(prefix="A", number=n) for n in (1, 2)}
    except (KeyError, IndexError, ValueError):
        labels = set()
    if len(labels) != 2:
        problems.add(
            "[rules] 'board_label'",
            f"board_label = {rules.board_label!r} does not give each board its own label",
            'Use {prefix} and {number}, e.g. board_label = "{prefix}{number}".',
        )


def _check_rule_names(rules: Rules, problems: Problems) -> None:
    """Adds problems with the availability table's file name and the accepting decisions."""
    if rules.availability is not None:
        bad = text_problem(rules.availability, MAX_NAME_CHARS)
        if bad or not rules.availability.strip():
            problems.add(
                "[rules] 'availability'",
                f"the file name {bad or 'is empty'}",
                'Name the availability table, e.g. availability = "availability.csv".',
            )
    if not [d for d in rules.accept_decisions if d.strip()]:
        problems.add(
            "[rules] 'accept_decisions'",
            "no decision gets a poster",
            'List the decisions that do, e.g. accept_decisions = ["Accept"].',
        )


def _pins(raw: Any, session_ids: set[str], rooms: dict[str, Room], problems: Problems) -> list[Pin]:
    if not isinstance(raw, list):
        problems.add(
            "[[pins]]",
            "must be an array of tables",
            'Write [[pins]] with paper = 3608 and session = "tue-pm".',
        )
        return []
    out: list[Pin] = []
    pinned: dict[str, int] = {}
    for i, item in enumerate(raw, 1):
        where = f"[[pins]] #{i}"
        if not isinstance(item, dict):
            problems.add(where, "is not a table", "Write it as [[pins]] with keys below it.")
            continue
        _unknown(problems, where, item, PIN_KEYS)
        paper = _text(item.get("paper"))
        session = _text(item.get("session"))
        if not paper or not session:
            problems.add(where, "needs both paper and session", 'paper = 3608, session = "tue-pm"')
            continue
        paper = canonical_id(paper)
        where = f"[[pins]] #{i} (paper {paper})"
        if paper in pinned:
            problems.add(
                where,
                f"pins a paper already pinned by [[pins]] #{pinned[paper]}",
                "Keep one pin per paper.",
            )
            continue
        pinned[paper] = i
        if session not in session_ids:
            problems.add(
                where,
                f"names session '{session}', which is not defined",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            continue
        room_id = _text(item.get("room"))
        board = _text(item.get("board"))
        if room_id is not None:
            room = rooms.get(room_id)
            if room is None:
                problems.add(
                    where,
                    f"names room '{room_id}', which is not defined",
                    f"Use one of: {', '.join(sorted(rooms))}.",
                )
                continue
            if not room.is_open(session):
                problems.add(
                    where,
                    f"puts the paper in room '{room_id}', which is closed in session '{session}'",
                    "Pick a room open in that session.",
                )
                continue
        elif board is not None:
            problems.add(where, "gives a board but no room", 'Add room = "hall-a" to the pin.')
            continue
        out.append(Pin(paper=paper, session=session, room=room_id, board=board))
    return out


def _strings(value: Any) -> list[str] | None:
    """A string or number, or a list of them, as texts; None for anything else."""
    items = value if isinstance(value, list) else [value]
    out = [_text(v) for v in items]
    return [v for v in out if v] if all(v is not None for v in out) else None


def _named(values: list[str], known: dict[str, str]) -> tuple[list[str], list[str]]:
    """Ids for the values (ids or names, case and spacing ignored), and the unknown ones."""
    ids, unknown = [], []
    for v in values:
        found = known.get(" ".join(v.split()).casefold())
        if found is None:
            unknown.append(v)
        elif found not in ids:
            ids.append(found)
    return ids, unknown


def _place(
    raw: Any, sessions: list[Session], rooms: list[Room], problems: Problems
) -> list[PlaceRule]:
    """The [[place]] rules (planner.places says what they mean)."""
    if not isinstance(raw, list):
        problems.add(
            "[[place]]",
            "must be an array of tables",
            'Write [[place]] with where = { event_type = "Virtual" } and rooms = [...].',
        )
        return []
    targets = {"rooms": _by_id_or_name(rooms), "sessions": _by_id_or_name(sessions)}
    out: list[PlaceRule] = []
    for i, item in enumerate(raw, 1):
        rule = _place_rule(item, i, targets, problems)
        if rule is not None:
            out.append(rule)
    return out


def _by_id_or_name(items: list[Session] | list[Room]) -> dict[str, str]:
    """Each item's id and name, spacing collapsed and casefolded -> its id."""
    return {" ".join(t.split()).casefold(): x.id for x in items for t in (x.id, x.name)}


def _place_rule(
    item: Any, i: int, targets: dict[str, dict[str, str]], problems: Problems
) -> PlaceRule | None:
    """The i-th [[place]] table as a rule; None when it names nowhere to place or is no table."""
    where = f"[[place]] #{i}"
    if not isinstance(item, dict):
        problems.add(where, "is not a table", "Write it as [[place]] with keys below it.")
        return None
    _unknown(problems, where, item, PLACE_KEYS)
    fields = _place_fields(item.get("where", {}), where, problems)
    papers = _place_papers(item.get("papers", []), where, problems)
    if not fields and not papers:
        problems.add(where, "selects no papers", "Add where = { field = value } or papers = [ids].")
    chosen = {
        key: _place_targets(item, key, kind, targets[key], where, problems)
        for key, kind in (("rooms", "room"), ("sessions", "session"))
    }
    if chosen["rooms"] is None and chosen["sessions"] is None:
        problems.add(
            where,
            "names no room and no session to place in",
            'Add rooms = ["hybrid"] or sessions = ["slot1"].',
        )
        return None
    exclusive = _place_exclusive(item.get("exclusive", False), where, problems)
    name = (
        _text(item.get("name"))
        or "; ".join(v for vs in fields.values() for v in vs)
        or f"place #{i}"
    )
    return PlaceRule(
        name=name,
        where=fields,
        papers=[canonical_id(p) for p in papers],
        rooms=chosen["rooms"],
        sessions=chosen["sessions"],
        exclusive=exclusive,
    )


def _place_fields(match: Any, where: str, problems: Problems) -> dict[str, list[str]]:
    """The rule's where table: paper field -> the values that select a paper."""
    if not isinstance(match, dict):
        problems.add(
            f"{where}, key 'where'",
            "must be a table of field = value(s)",
            'Write where = { event_type = ["Virtual"] }.',
        )
        return {}
    fields: dict[str, list[str]] = {}
    for key, value in match.items():
        values = _strings(value)
        if not values:
            problems.add(
                f"{where}, key 'where'",
                f"field '{key}' needs a value or a list of values",
                'Write e.g. event_type = ["Virtual", "Remote"].',
            )
            continue
        fields[str(key)] = values
    return fields


def _place_papers(value: Any, where: str, problems: Problems) -> list[str]:
    """The paper ids the rule lists (not yet canonical); none after a problem."""
    papers = _strings(value)
    if papers is None:
        problems.add(
            f"{where}, key 'papers'",
            "must be a list of paper ids",
            "Write papers = [3608, 3612].",
        )
        return []
    return papers


def _place_exclusive(value: Any, where: str, problems: Problems) -> bool:
    """Whether the rule reserves what it names for its papers; False after a problem."""
    if not isinstance(value, bool):
        problems.add(
            f"{where}, key 'exclusive'", "must be true or false", "Write exclusive = true."
        )
        return False
    return value


def _place_targets(
    item: dict[str, Any], key: str, kind: str, known: dict[str, str], where: str, problems: Problems
) -> list[str] | None:
    """The ids of the rooms (or sessions) the rule names; None if the key is absent or unusable."""
    if item.get(key) is None:
        return None
    values = _strings(item[key])
    if not values:
        problems.add(
            f"{where}, key '{key}'",
            f"must list {kind} ids or names",
            f'Write {key} = ["..."].',
        )
        return None
    ids, unknown = _named(values, known)
    for v in unknown:
        near = difflib.get_close_matches(v, sorted(set(known.values())), n=1)
        problems.add(
            f"{where}, key '{key}'",
            f"no {kind} '{v}' in the venue",
            f"did you mean '{near[0]}'?"
            if near
            else f"Use one of: {', '.join(sorted(set(known.values())))}.",
        )
    return ids


def _unavailable(raw: Any, session_ids: set[str], problems: Problems) -> list[Unavailability]:
    if not isinstance(raw, list):
        problems.add(
            "[[unavailable]]",
            "must be an array of tables",
            'Write [[unavailable]] with author = "27162" and sessions = ["tue-pm"].',
        )
        return []
    out: list[Unavailability] = []
    for i, item in enumerate(raw, 1):
        where = f"[[unavailable]] #{i}"
        if not isinstance(item, dict):
            problems.add(where, "is not a table", "Write it as [[unavailable]] with keys below it.")
            continue
        _unknown(problems, where, item, UNAVAILABLE_KEYS)
        author = _text(item.get("author"))
        sessions = item.get("sessions")
        if not author:
            problems.add(where, "has no author", 'Add author = "27162" (an id) or a full name.')
            continue
        if not isinstance(sessions, list) or not sessions:
            problems.add(where, "needs a non-empty list of sessions", 'sessions = ["tue-pm"]')
            continue
        bad = [s for s in sessions if not isinstance(s, str) or s not in session_ids]
        if bad:
            problems.add(
                where,
                f"names unknown session(s) {', '.join(map(str, bad))}",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            continue
        out.append(Unavailability(author=author, sessions=list(sessions)))
    return out


def _author_overrides(raw: Any, problems: Problems) -> AuthorOverrides:
    if not isinstance(raw, dict):
        problems.add(
            "[authors]", "is not a table", 'Write [authors] with same = [["18765", "27414"]].'
        )
        return AuthorOverrides()
    _unknown(problems, "[authors]", raw, AUTHOR_KEYS)
    groups: dict[str, list[list[str]]] = {}
    for key in ("same", "different"):
        value = raw.get(key, [])
        ok = isinstance(value, list) and all(
            isinstance(g, list) and len(g) >= 2 and all(_text(a) for a in g) for g in value
        )
        if not ok:
            problems.add(
                f"[authors] '{key}'",
                "must be a list of lists of two or more author ids",
                f'{key} = [["18765", "27414"]]',
            )
            groups[key] = []
        else:
            groups[key] = [[_text(a) or "" for a in g] for g in value]
    return AuthorOverrides(**groups)


def _mapping(raw: Any, table: str, problems: Problems) -> dict[str, str]:
    if not isinstance(raw, dict):
        problems.add(f"[{table}]", "is not a table", f'Write [{table}] with "3608" = "a text".')
        return {}
    out: dict[str, str] = {}
    for key, value in raw.items():
        text = _text(value)
        if not text:
            problems.add(f"[{table}] '{show(key)}'", "needs a text value", f'"{key}" = "a text"')
            continue
        bad = text_problem(text, MAX_NAME_CHARS)
        if bad:
            problems.add(f"[{table}] '{show(key)}'", f"the value {bad}", "Shorten it.")
            continue
        out[canonical_id(key)] = text
    return out


def _name_problem(problems: Problems, where: str, what: str, name: str) -> bool:
    """Adds a problem when a name is too long or shows nothing once written; True if so."""
    bad = text_problem(name, MAX_NAME_CHARS)
    if bad is None and not display_key(name):
        bad = "has no visible characters"
    if bad:
        problems.add(where, f"{what} {bad}", "Give it a plain, readable name.")
    return bad is not None


def _readable(items: list[Any], table: str, kind: str, problems: Problems) -> None:
    """Names and ids a later run can read back from the workbook, one item each.

    The workbook shows sessions and rooms by name and the next run reads them
    back by name or id, ignoring case, spacing and characters a cell cannot
    hold (planner.text.display_key).  Two sessions (or rooms) that read the
    same, or a name that reads as another one's id, would make the planner's
    own workbook block every rerun, so they are refused here.
    """
    ids: dict[str, str] = {}
    for item in items:
        key = item.id.casefold()
        if key in ids:
            problems.add(
                f"[[{table}]] '{item.id}'",
                f"the id differs from {kind} '{ids[key]}' only in case",
                f"Give every {kind} its own id.",
            )
        ids.setdefault(key, item.id)
    names: dict[str, str] = {}
    for item in items:
        where = f"[[{table}]] '{item.id}'"
        if _name_problem(problems, where, "the name", item.name):
            continue
        key = display_key(item.name)
        if key in names:
            problems.add(
                where,
                f"the name '{show(item.name)}' reads the same as the name of {kind} '{names[key]}'",
                f"Give every {kind} its own name: the "
                "workbook shows names, and a rerun reads them back.",
            )
        elif key in ids and ids[key] != item.id:
            problems.add(
                where,
                f"the name '{show(item.name)}' is the id of {kind} '{ids[key]}'",
                f"Give the {kind} another name.",
            )
        names.setdefault(key, item.id)
