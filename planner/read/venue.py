"""The venue file (TOML): sessions, rooms, rules, pins and who is away when.

Every key is checked, with a message that names the table and key and says
what to write instead; unknown keys are reported with the nearest known
spelling, because a typo that is silently ignored is worse than an error.
Validation is split in two:

- the *shape* of each table (its keys, each value's type and range, what it
  cannot do without) is declared once, in the pydantic models of the raw TOML
  in planner.read.venue_schema: they forbid unknown keys and phrase each bad value,
  and ``check`` there with ``_unknown``/``_add`` here turn a ValidationError
  back into this file's problems, nearest spelling included;
- what values mean together (a session a room, pin or rule names, ids used
  twice, boards over all sessions, labels that tell boards apart, the
  [rules] ranges pydantic's types do not state) is the plain functions' below,
  run once a table's shape is known.

Why: the keys and types live in one declaration instead of key sets and
isinstance checks kept in step by hand, while every problem of the file is
still listed in one reading, in the order the tables are read.  The full reference is in the README
("Venue file").
"""

from __future__ import annotations

import difflib
import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_BOARD_SLOTS,
    MAX_NAME_CHARS,
    MAX_SPAN_DAYS,
    MAX_TIME_LIMIT,
    MAX_VENUE_FILE_BYTES,
    check_record,
    id_problem,
    label_pattern_problem,
    read_limited,
    show,
    text_problem,
)
from planner.core.text import display_key
from planner.read.conference import (
    AuthorOverrides,
    Pin,
    PlaceRule,
    Room,
    Rules,
    Session,
    Unavailability,
    Venue,
)
from planner.read.venue_schema import (
    AuthorsTable,
    Checked,
    MappingTable,
    PinTable,
    PlaceTable,
    RoomTable,
    RulesTable,
    SessionTable,
    UnavailableTable,
    VenueTable,
    check,
)


def _unknown(problems: Problems, where: str, checked: Checked[Any], model: type[BaseModel]) -> None:
    """Adds a problem for each key the table's model does not know, with its nearest spelling."""
    known = sorted(model.model_fields)
    for key in checked.unknown:
        near = difflib.get_close_matches(key, known, n=1)
        hint = f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(known)}."
        problems.add(where, f"unknown key '{key}'", hint)


def _first_fault(problems: Problems, where: str, checked: Checked[Any]) -> bool:
    """Adds the table's first bad value (the rest follow from it, or wait); True if any."""
    for what, fix in checked.faults.values():
        problems.add(where, what, fix)
        return True
    return False


def _add(problems: Problems, where: str, found: tuple[str, str] | None) -> bool:
    """Adds one fault if there is one; True if so."""
    if found is not None:
        problems.add(where, *found)
    return found is not None


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
        # venue copy inside a plan holds the rows already (see planner.read.availability).
        from planner.read.availability import read_availability

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
    top = check(VenueTable, data)
    _unknown(problems, "top level", top, VenueTable)
    if top.model is None:  # not a table at all (a TOML document always is)
        problems.add("top level", "is not a table", "See the README's venue reference.")
        raise InputError(problems.items)
    doc = top.model
    # Problems are listed in the order they are added: reordering these steps reorders them.
    name = _conference_name(doc.name, problems)
    acronym = _acronym(doc.acronym, problems)
    tz_name, tz = _timezone(doc.timezone, problems)
    sessions = _sessions(top, doc.sessions, tz, problems)
    session_ids = {s.id for s in sessions}
    _check_span(sessions, problems)
    rooms = _rooms(top, doc.rooms, session_ids, problems)
    if distinct_names:
        _readable(sessions, "sessions", "session", problems)
        _readable(rooms, "rooms", "room", problems)
    _check_board_slots(rooms, session_ids, problems)
    rules = _rules(top, doc.rules, problems)
    pins = _pins(top, doc.pins, session_ids, {r.id: r for r in rooms}, problems)
    unavailable = _unavailable(top, doc.unavailable, session_ids, problems)
    authors = _author_overrides(top, doc.authors, problems)
    topic_of = _mapping(top, doc.topics, "topics", problems)
    presenter_of = _mapping(top, doc.presenters, "presenters", problems)
    place = _place(top, doc.place, sessions, rooms, problems)
    _check_spare_boards(rooms, session_ids, rules, problems)

    problems.raise_if_any()
    return Venue(
        name=name or "",
        timezone=tz_name or "UTC",
        acronym=acronym,
        url=doc.url,
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


def _conference_name(name: str | None, problems: Problems) -> str | None:
    """The conference's name, None when it has none."""
    if not name:
        problems.add("key 'name'", "the conference has no name", 'Add name = "MLSys 2026".')
    else:
        _name_problem(problems, "key 'name'", "the conference name", name)
    return name


def _acronym(acronym: str | None, problems: Problems) -> str | None:
    """The conference's acronym, if it gives one."""
    if acronym and id_problem(acronym):
        problems.add(
            "key 'acronym'",
            f"the acronym {id_problem(acronym)}",
            'Use a short plain name, e.g. acronym = "mlsys2026".',
        )
    return acronym


def _timezone(tz_name: str | None, problems: Problems) -> tuple[str | None, ZoneInfo | None]:
    """The time zone's name as written, and the zone (None when missing or unknown)."""
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
        for sid in sorted(session_ids):  # the same session named on every run
            # A room with 0 boards in a session (boards_by_session) is simply closed then.
            if room.is_open(sid) and 0 < room.board_count(sid) <= spare:
                problems.add(
                    f"[[rooms]] '{room.id}'",
                    f"keeps {spare} spare boards but has only {room.board_count(sid)}",
                    "Lower spare_boards or add boards.",
                )
                break


def _sessions(
    top: Checked[VenueTable], raw: list[Any], tz: ZoneInfo | None, problems: Problems
) -> list[Session]:
    if _add(problems, "[[sessions]]", top.fault("sessions")):
        return []
    out: list[Session] = []
    seen: set[str] = set()
    for i, item in enumerate(raw, 1):
        where = f"[[sessions]] #{i}"
        checked = check(SessionTable, item, {"tz": tz})
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[sessions]] with keys below it.")
            continue
        _unknown(problems, where, checked, SessionTable)
        if _add(problems, where, checked.fault("id")):
            continue
        sid = str(item["id"]).strip()  # the id is good: a string or number
        where = f"[[sessions]] '{sid}'"
        if sid in seen:
            problems.add(where, "the id is used twice", "Give every session its own id.")
            continue
        seen.add(sid)
        table = checked.model
        if _first_fault(problems, where, checked) or table is None or table.end is None:
            continue
        assert table.start is not None  # the end's check says so
        out.append(Session(id=sid, name=table.name or sid, start=table.start, end=table.end))
    return out


def _rooms(
    top: Checked[VenueTable], raw: list[Any], session_ids: set[str], problems: Problems
) -> list[Room]:
    """The [[rooms]] tables as rooms, leaving out each one with a problem."""
    if _add(problems, "[[rooms]]", top.fault("rooms")):
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
    checked = check(RoomTable, item)
    if checked.not_table:
        problems.add(where, "is not a table", "Write it as [[rooms]] with keys below it.")
        return None
    _unknown(problems, where, checked, RoomTable)
    if _add(problems, where, checked.fault("id")):
        return None
    rid = str(item["id"]).strip()
    if rid in seen:
        problems.add(f"[[rooms]] '{rid}'", "the id is used twice", "Give every room its own id.")
        return None
    seen.add(rid)
    where = f"[[rooms]] '{rid}'"
    if _add(problems, where, checked.fault("boards")):
        return None
    # Every check below runs, so one reading lists all of the room's problems.
    ok = not _add(problems, where, checked.fault("board_prefix"))
    ok &= not _add(problems, where, checked.fault("sessions"))
    ok &= _room_sessions_ok(checked.model, session_ids, where, problems)
    ok &= _boards_by_session_ok(checked, item, session_ids, where, problems)
    ok &= not _add(problems, where, checked.fault("spare_boards"))
    table = checked.model
    if not ok or table is None:
        return None
    return Room(
        id=rid,
        name=table.name or rid,
        boards=table.boards,
        sessions=table.sessions,
        board_prefix=table.board_prefix,
        spare_boards=table.spare_boards,
        boards_by_session=table.boards_by_session,
    )


def _room_sessions_ok(
    table: RoomTable | None, session_ids: set[str], where: str, problems: Problems
) -> bool:
    """Whether the sessions a room names (None: all) are defined; adds a problem for each not."""
    if table is None or table.sessions is None:
        return True
    ok = True
    for s in table.sessions:
        if s not in session_ids:
            problems.add(
                where,
                f"names session '{s}', which is not defined",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
    return ok


def _boards_by_session_ok(
    checked: Checked[RoomTable],
    item: dict[str, Any],
    session_ids: set[str],
    where: str,
    problems: Problems,
) -> bool:
    """Whether the room's boards_by_session names defined sessions with good counts."""
    if _add(problems, where, checked.fault("boards_by_session")):
        return False
    ok = True
    for s in item.get("boards_by_session", {}):
        if s not in session_ids:
            problems.add(
                where,
                f"boards_by_session names unknown session '{s}'",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            ok = False
        elif (found := checked.fault("boards_by_session", s)) is not None:
            problems.add(where, f"boards_by_session.{s} {found[0]}", found[1])
            ok = False
    return ok


def _rules(top: Checked[VenueTable], raw: dict[str, Any], problems: Problems) -> Rules:
    """The [rules] table, defaults for what it leaves out; all defaults if it cannot be read."""
    if _add(problems, "[rules]", top.fault("rules")):
        return Rules()
    checked = check(RulesTable, raw)
    _unknown(problems, "[rules]", checked, RulesTable)
    for err in checked.other:  # pydantic's complaints, one per field
        key = ".".join(str(p) for p in err["loc"])
        problems.add(
            f"[rules] '{key}'",
            f"{err['msg'].lower()} (got {err.get('input')!r})",
            "See the README's venue reference for allowed values.",
        )
    if checked.model is None:
        return Rules()
    rules = Rules(**dict(checked.model))
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


def _pins(
    top: Checked[VenueTable],
    raw: list[Any],
    session_ids: set[str],
    rooms: dict[str, Room],
    problems: Problems,
) -> list[Pin]:
    if _add(problems, "[[pins]]", top.fault("pins")):
        return []
    out: list[Pin] = []
    pinned: dict[str, int] = {}
    for i, item in enumerate(raw, 1):
        where = f"[[pins]] #{i}"
        checked = check(PinTable, item)
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[pins]] with keys below it.")
            continue
        _unknown(problems, where, checked, PinTable)
        table = checked.model
        if _first_fault(problems, where, checked) or table is None:
            continue
        assert table.paper and table.session  # the session's check says so
        paper, session = canonical_id(table.paper), table.session
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
        room_id, board = table.room, table.board
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
    top: Checked[VenueTable],
    raw: list[Any],
    sessions: list[Session],
    rooms: list[Room],
    problems: Problems,
) -> list[PlaceRule]:
    """The [[place]] rules (planner.read.places says what they mean)."""
    if _add(problems, "[[place]]", top.fault("place")):
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
    checked = check(PlaceTable, item)
    if checked.not_table:
        problems.add(where, "is not a table", "Write it as [[place]] with keys below it.")
        return None
    _unknown(problems, where, checked, PlaceTable)
    for loc, (what, fix) in checked.faults.items():
        if loc[0] == "where":  # the table, or one field of it
            problems.add(
                f"{where}, key 'where'", f"field '{loc[1]}' {what}" if loc[1:] else what, fix
            )
    _add(problems, f"{where}, key 'papers'", checked.fault("papers"))
    table = checked.model or PlaceTable()  # every field has a default
    if not table.where and not table.papers:
        problems.add(where, "selects no papers", "Add where = { field = value } or papers = [ids].")
    chosen = {
        key: _place_targets(checked, table, key, kind, targets[key], where, problems)
        for key, kind in (("rooms", "room"), ("sessions", "session"))
    }
    if chosen["rooms"] is None and chosen["sessions"] is None:
        problems.add(
            where,
            "names no room and no session to place in",
            'Add rooms = ["hybrid"] or sessions = ["slot1"].',
        )
        return None
    _add(problems, f"{where}, key 'exclusive'", checked.fault("exclusive"))
    name = table.name or "; ".join(v for vs in table.where.values() for v in vs) or f"place #{i}"
    return PlaceRule(
        name=name,
        where=table.where,
        papers=[canonical_id(p) for p in table.papers],
        rooms=chosen["rooms"],
        sessions=chosen["sessions"],
        exclusive=table.exclusive,
    )


def _place_targets(
    checked: Checked[PlaceTable],
    table: PlaceTable,
    key: str,
    kind: str,
    known: dict[str, str],
    where: str,
    problems: Problems,
) -> list[str] | None:
    """The ids of the rooms (or sessions) the rule names; None if the key is absent or unusable."""
    if _add(problems, f"{where}, key '{key}'", checked.fault(key)):
        return None
    values = table.rooms if key == "rooms" else table.sessions
    if values is None:
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


def _unavailable(
    top: Checked[VenueTable], raw: list[Any], session_ids: set[str], problems: Problems
) -> list[Unavailability]:
    if _add(problems, "[[unavailable]]", top.fault("unavailable")):
        return []
    out: list[Unavailability] = []
    for i, item in enumerate(raw, 1):
        where = f"[[unavailable]] #{i}"
        checked = check(UnavailableTable, item)
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[unavailable]] with keys below it.")
            continue
        _unknown(problems, where, checked, UnavailableTable)
        table = checked.model
        if _first_fault(problems, where, checked) or table is None:
            continue
        bad = [s for s in table.sessions if not isinstance(s, str) or s not in session_ids]
        if bad:
            problems.add(
                where,
                f"names unknown session(s) {', '.join(map(str, bad))}",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            continue
        out.append(Unavailability(author=table.author, sessions=list(table.sessions)))
    return out


def _author_overrides(
    top: Checked[VenueTable], raw: dict[str, Any], problems: Problems
) -> AuthorOverrides:
    if _add(problems, "[authors]", top.fault("authors")):
        return AuthorOverrides()
    checked = check(AuthorsTable, raw)
    _unknown(problems, "[authors]", checked, AuthorsTable)
    for (key, *_), found in checked.faults.items():
        _add(problems, f"[authors] '{key}'", found)
    table = checked.model or AuthorsTable()
    return AuthorOverrides(same=table.same, different=table.different)


def _mapping(
    top: Checked[VenueTable], raw: dict[str, Any], table: str, problems: Problems
) -> dict[str, str]:
    if _add(problems, f"[{table}]", top.fault(table)):
        return {}
    checked = check(MappingTable, raw)
    for (key, *_), (what, fix) in checked.faults.items():
        problems.add(f"[{table}] '{show(str(key))}'", what, fix.replace("{key}", str(key)))
    mapping = checked.model.root if checked.model is not None else {}
    return {canonical_id(key): value for key, value in mapping.items()}


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
    hold (planner.core.text.display_key).  Two sessions (or rooms) that read the
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
