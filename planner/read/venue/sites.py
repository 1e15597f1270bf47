"""The venue's [[sites]] table: the cities a conference runs in, each on its own clock.

Without [[sites]] the venue is one site in its top-level ``timezone`` and
nothing here changes a session or a room.  With them, every room names its
site (``site = "sd"``), a session is at the site of the rooms open in it (all
of them at one site: a session is one place), and its ``start`` and ``end``
are read again as local times at that site, so an offset date-time
(``2026-12-08T10:00:00-06:00``) lands on the right local clock.
"""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator

from planner.core.errors import Problems
from planner.read.conference import Room, Session, Site
from planner.read.venue.problems import add_fault, name_problem, unknown_keys
from planner.read.venue.schema import Checked, Table, Text, VenueTable, _id, check, when


class SiteTable(Table):
    """A [[sites]] table."""

    id: Text = Field(None, validate_default=True)
    name: Text = None
    timezone: Text = None

    @field_validator("id")
    @classmethod
    def _id(cls, value: str | None) -> str:
        return _id(value, "sd", 'Add id = "sd".')


def read_sites(top: Checked[VenueTable], raw: list[Any], problems: Problems) -> list[Site]:
    """The [[sites]] tables as sites, leaving out each one with a problem."""
    if add_fault(problems, "[[sites]]", top.fault("sites")):
        return []
    out: list[Site] = []
    for i, item in enumerate(raw, 1):
        where = f"[[sites]] #{i}"
        checked = check(SiteTable, item)
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[sites]] with keys below it.")
            continue
        unknown_keys(problems, where, checked, SiteTable)
        if add_fault(problems, where, checked.fault("id")) or checked.model is None:
            continue
        table = checked.model
        sid = str(table.id).strip()
        where = f"[[sites]] '{sid}'"
        if any(s.id == sid for s in out):
            problems.add(where, "the id is used twice", "Give every site its own id.")
            continue
        name = table.name or sid
        if name_problem(problems, where, "the name", name) or not _zone_ok(table, where, problems):
            continue
        out.append(Site(id=sid, name=name, timezone=str(table.timezone)))
    return out


def _zone_ok(table: SiteTable, where: str, problems: Problems) -> bool:
    """Whether the site's time zone is an IANA zone; adds a problem if not."""
    fix = 'Use an IANA zone name such as "America/Los_Angeles" or "America/Mexico_City".'
    if not table.timezone:
        problems.add(f"{where}, key 'timezone'", "no time zone is given", "Add timezone: " + fix)
        return False
    try:
        ZoneInfo(table.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        problems.add(
            f"{where}, key 'timezone'", f"'{table.timezone}' is not an IANA time zone", fix
        )
        return False
    return True


def site_rooms(
    sites: list[Site],
    rooms: list[Room],
    raw: list[Any],
    problems: Problems,
    raw_sites: list[Any] | None = None,
) -> list[Room]:
    """The rooms with their site (an id or a name of a [[sites]] table), each one checked.

    A room naming a [[sites]] table that has a problem of its own (an unknown
    time zone) is not reported again: that table's message says what to fix.
    """
    known = {" ".join(t.split()).casefold(): s.id for s in sites for t in (s.id, s.name)}
    for item in raw_sites or []:
        if isinstance(item, dict) and item.get("id") is not None:
            sid = str(item["id"]).strip()
            known.setdefault(" ".join(sid.split()).casefold(), sid)
    written = {
        str(item.get("id")).strip(): item.get("site") for item in raw if isinstance(item, dict)
    }
    out = []
    for room in rooms:
        where = f"[[rooms]] '{room.id}', key 'site'"
        value = written.get(room.id)
        if not sites and not raw_sites:
            if value is not None:
                problems.add(
                    where,
                    "names a site, but the venue has no [[sites]]",
                    "Add [[sites]] tables (id, name, timezone), or leave site out.",
                )
            out.append(room)
            continue
        ids = ", ".join(s.id for s in sites)
        if value is None:
            problems.add(
                where.removesuffix(", key 'site'"),
                "has no site; every room needs one once the venue has [[sites]]",
                f"Add site = one of: {ids}.",
            )
            continue
        found = known.get(" ".join(str(value).split()).casefold())
        if found is None:
            problems.add(
                where, f"names site '{value}', which is not defined", f"Use one of: {ids}."
            )
            continue
        out.append(room.model_copy(update={"site": found}))
    return out


def site_sessions(
    sites: list[Site],
    sessions: list[Session],
    rooms: list[Room],
    raw: list[Any],
    problems: Problems,
) -> list[Session]:
    """Each session at the one site of its rooms, its times read on that site's clock."""
    if not sites:
        return sessions
    zones = {s.id: ZoneInfo(s.timezone) for s in sites}
    items = {str(item.get("id")).strip(): item for item in raw if isinstance(item, dict)}
    out = []
    for session in sessions:
        where = f"[[sessions]] '{session.id}'"
        # A poster session is held in rooms with boards, a talk session in rooms with seats.
        mine = [
            r
            for r in rooms
            if r.is_open(session.id) and (r.boards if session.kind == "posters" else r.seats)
        ]
        at = sorted({r.site for r in mine if r.site is not None})
        if len(at) > 1:
            listed = "; ".join(
                f"{site}: {', '.join(r.id for r in mine if r.site == site)}" for site in at
            )
            problems.add(
                where,
                f"its rooms are at {len(at)} sites ({listed}); a session is at one site",
                "List the session's rooms at one site only (rooms' sessions = [...]), "
                "or make one session per site.",
            )
            out.append(session)  # kept, so pins and rules naming it read on
            continue
        if not at:
            if not mine and len(sites) > 1:
                problems.add(
                    where,
                    "no room is open in it, so its site (and its clock) is unknown",
                    "Open a room in it (the room's sessions = [...]).",
                )
                out.append(session)
                continue
            at = [r.site for r in rooms if r.site is not None][:1] or [sites[0].id]
        zone = zones.get(str(at[0]))
        if zone is None:  # a [[sites]] table with a problem, reported there
            out.append(session)
            continue
        out.append(_on_clock(session, str(at[0]), zone, items.get(session.id)))
    return out


def _on_clock(session: Session, site: str, zone: ZoneInfo, item: Any) -> Session:
    """The session at ``site``, its start and end read again as local times there."""
    update: dict[str, Any] = {"site": site}
    if isinstance(item, dict):
        start, end = when(item.get("start"), zone), when(item.get("end"), zone)
        if start is not None and end is not None and start < end:
            update.update(start=start, end=end)
    return session.model_copy(update=update)
