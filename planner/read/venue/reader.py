"""The venue file (TOML): sessions, rooms, rules, pins and who is away when.

Every key is checked, with a message that names the table and key and says
what to write instead; unknown keys are reported with the nearest known
spelling, because a typo that is silently ignored is worse than an error.
Validation is split in two:

- the *shape* of each table (its keys, each value's type and range, what it
  cannot do without) is declared once, in the pydantic models of the raw TOML
  in planner.read.venue.schema: they forbid unknown keys and phrase each bad value,
  and ``check`` there with ``unknown_keys``/``add_fault`` (planner.read.venue.problems)
  turn a ValidationError back into this file's problems, nearest spelling included;
- what values mean together (a session a room, pin or rule names, ids used
  twice, boards over all sessions, labels that tell boards apart, the
  [rules] ranges pydantic's types do not state) is the plain functions' here
  and in the ``venue_*`` modules beside this one (one per table or two),
  run once a table's shape is known.

Why: the keys and types live in one declaration instead of key sets and
isinstance checks kept in step by hand, while every problem of the file is
still listed in one reading, in the order the tables are read.  The full reference is in the README
("Venue file").
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.limits import MAX_VENUE_FILE_BYTES, check_record, id_problem, read_limited, show
from planner.core.text import display_key
from planner.read.conference import Room, Session, Site, Venue
from planner.read.venue.people import read_author_overrides, read_mapping, read_unavailable
from planner.read.venue.pins import PinTargets, read_pins
from planner.read.venue.place import for_kind, read_place
from planner.read.venue.problems import name_problem, unknown_keys
from planner.read.venue.rooms import (
    check_board_slots,
    check_span,
    check_spare_boards,
    read_rooms,
    read_sessions,
)
from planner.read.venue.rules import read_rules
from planner.read.venue.schema import Checked, VenueTable, check
from planner.read.venue.sites import read_sites, site_rooms, site_sessions
from planner.read.venue.talks import check_talk_venue, read_talks


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

    ``distinct_names=False`` skips ``_readable`` (sessions and rooms read back apart) for
    a venue copied into a plan written before that rule: its workbook is read row by row.
    """
    problems = Problems(shown)
    top = _top(data, problems)
    doc = top.model
    assert doc is not None  # _top raises otherwise
    # Problems are listed in the order they are added: reordering these steps reorders them.
    name = _conference_name(doc.name, problems)
    acronym = _acronym(doc.acronym, problems)
    tz_name, tz = _timezone(doc.timezone, problems)
    sites, sessions, rooms = _sites_sessions_rooms(top, tz, problems)
    session_ids = {s.id for s in sessions}
    if distinct_names:
        _readable(sessions, "sessions", "session", problems)
        _readable(rooms, "rooms", "room", problems)
    kinds = _kinds(sessions, rooms)
    poster_sessions, poster_rooms, talk_sessions, talk_rooms = kinds
    poster_ids = {s.id for s in poster_sessions}
    check_board_slots(poster_rooms, poster_ids, problems)
    rules = read_rules(top, doc.rules, problems)
    pins, talk_pins = read_pins(top, doc.pins, PinTargets.of(*kinds), problems)
    unavailable = read_unavailable(top, doc.unavailable, session_ids, problems)
    authors = read_author_overrides(top, doc.authors, problems)
    topic_of = read_mapping(top, doc.topics, "topics", problems)
    presenter_of = read_mapping(top, doc.presenters, "presenters", problems)
    place = read_place(top, doc.place, sessions, rooms, problems, sites)
    check_spare_boards(poster_rooms, poster_ids, rules, problems)
    talks = read_talks(top, doc.talks, problems)
    check_talk_venue(talks, sessions, rooms, problems)

    problems.raise_if_any()
    return Venue(
        name=name or "",
        timezone=tz_name or "UTC",
        acronym=acronym,
        url=doc.url,
        sessions=poster_sessions,
        rooms=poster_rooms,
        talk_sessions=talk_sessions,
        talk_rooms=talk_rooms,
        talks=talks,
        talk_pins=talk_pins,
        rules=rules,
        pins=pins,
        unavailable=unavailable,
        authors=authors,
        topic_of=topic_of,
        presenter_of=presenter_of,
        place=for_kind(place, poster_sessions, poster_rooms),
        talk_place=for_kind(place, talk_sessions, talk_rooms),
        sites=sites,
        source=shown,
    )


def _sites_sessions_rooms(
    top: Checked[VenueTable], tz: ZoneInfo | None, problems: Problems
) -> tuple[list[Site], list[Session], list[Room]]:
    """[[sites]], [[sessions]] and [[rooms]]: each room at its site, each session at its
    rooms' site with its times on that site's clock (planner.read.venue.sites)."""
    doc = top.model
    assert doc is not None
    sites = read_sites(top, doc.sites, problems)
    sessions = read_sessions(top, doc.sessions, tz, problems)
    check_span(sessions, problems)
    rooms = read_rooms(top, doc.rooms, {s.id for s in sessions}, problems)
    rooms = site_rooms(sites, rooms, doc.rooms, problems, doc.sites)
    return sites, site_sessions(sites, sessions, rooms, doc.sessions, problems), rooms


def _top(data: dict[str, Any], problems: Problems) -> Checked[VenueTable]:
    """The top level checked; raises when it cannot be read as a venue at all."""
    if not check_record(data, "", problems):  # a string of megabytes, tables nested for ever
        problems.raise_if_any()
    top = check(VenueTable, data)
    unknown_keys(problems, "top level", top, VenueTable)
    if top.model is None:  # not a table at all (a TOML document always is)
        problems.add("top level", "is not a table", "See the README's venue reference.")
        raise InputError(problems.items)
    return top


def _kinds(
    sessions: list[Session], rooms: list[Room]
) -> tuple[list[Session], list[Room], list[Session], list[Room]]:
    """The poster sessions and rooms with boards (all the poster steps see), and the
    talk sessions and rooms with seats (the venue's own talk lists)."""
    return (
        [s for s in sessions if s.kind == "posters"],
        [r for r in rooms if r.boards],
        [s for s in sessions if s.kind == "talks"],
        [r for r in rooms if r.seats],
    )


def _conference_name(name: str | None, problems: Problems) -> str | None:
    """The conference's name, None when it has none."""
    if not name:
        problems.add("key 'name'", "the conference has no name", 'Add name = "MLSys 2026".')
    else:
        name_problem(problems, "key 'name'", "the conference name", name)
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
        if name_problem(problems, where, "the name", item.name):
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
