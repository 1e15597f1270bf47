"""The ``papers-json`` and ``time`` checks: papers.json against the plan it was written from.

papers.json lists the placed papers once each, with the plan's session names,
room names, board labels and topics, keeps every input field as it came, and
gives each poster its session's start and end, ISO 8601 with the venue zone's
UTC offset at that date.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from planner.core.ids import canonical_id
from planner.outputs.site_json import STALE
from planner.plan.records import Placement
from planner.verify.context import Check
from planner.verify.reading import read_papers_json
from planner.verify.recount import same_moment
from planner.verify.sites import zone

SCHEDULE_FIELDS = (
    "session",
    "room_name",
    "poster_position",
    "starttime",
    "endtime",
    "topic",
    "talk",
    "half",
)


def check_papers_json(check: Check, folder: Path) -> None:
    """papers.json: the placed papers once each, with the plan's names, labels and times."""
    records = _records(check, folder)
    if records is None:
        return
    by_id = _by_id(check, records)
    _coverage(check, by_id)
    topics = {t.id: t.label for t in check.plan.topics}
    tz = _zone(check)
    for pid, pl in check.where.items():
        rec = by_id.get(pid)
        if rec is None:
            continue
        _fields(check, pid, pl, rec, topics)
        if tz is not None:
            _times(check, pid, pl, rec, tz)


def _records(check: Check, folder: Path) -> list[dict[str, Any]] | None:
    """The records papers.json holds; None when it is missing or not a list of records."""
    try:
        doc = read_papers_json(folder)
    except FileNotFoundError:
        check.add("papers-json", "papers.json is missing from the output folder")
        return None
    except (OSError, ValueError) as exc:
        check.add("papers-json", f"papers.json cannot be read ({exc})")
        return None
    records = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        check.add(
            "papers-json", 'papers.json is neither a list of records nor {"results": [records]}'
        )
        return None
    if isinstance(doc, dict) and "count" in doc and doc["count"] != len(records):
        check.add(
            "papers-json",
            f"papers.json says count {doc['count']!r} but holds {len(records)} records",
        )
    return records


def _by_id(check: Check, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The records by paper id; a record without an id, or listed again, is reported."""
    by_id: dict[str, dict[str, Any]] = {}
    for i, rec in enumerate(records, 1):
        rid = rec.get("id")
        if rid is None or isinstance(rid, (dict, list)):
            check.add("papers-json", f"papers.json record #{i} has no id")
            continue
        pid = canonical_id(rid)
        if pid in by_id:
            check.add("papers-json", f"papers.json lists poster {check.poster(pid)} twice")
            continue
        by_id[pid] = rec
    return by_id


def _coverage(check: Check, by_id: dict[str, dict[str, Any]]) -> None:
    """papers.json lists every placed poster and no other."""
    missing = [p for p in check.placed if p not in by_id]
    talks = {t.paper for t in check.plan.talks}  # a talk without a poster is listed too
    extra = [p for p in by_id if p not in check.placed and p not in talks]
    if missing:
        check.add(
            "papers-json",
            f"papers.json lacks {len(missing)} placed poster(s): {check.posters(missing)}",
        )
    if extra:
        check.add(
            "papers-json",
            f"papers.json lists {len(extra)} poster(s) the plan does "
            f"not place: {check.posters(extra)}",
        )


def _fields(
    check: Check, pid: str, pl: Placement, rec: dict[str, Any], topics: dict[int, str]
) -> None:
    """A record has its placement's session, room, board and topic, and its input fields."""
    session, room = check.sessions[pl.session], check.rooms[pl.room]
    wrong = []
    for key, want in (
        ("session", session.name),
        ("room_name", room.name),
        ("poster_position", pl.label),
        ("topic", topics.get(pl.topic)),
    ):
        if rec.get(key) != want:
            wrong.append(f"{key} {rec.get(key)!r} (plan: {want!r})")
    raw = (
        check.input_by_id[pid].raw if pid in check.input_by_id else check.plan.records.get(pid)
    ) or {}
    # An input field saying where or when the paper was shown before (a Mini-Conf
    # "sessions" column, pretalx's "slot") is the plan's value or null now, by design;
    # its name compared as the writer compares it ("Start Time" = "starttime").
    changed = sorted(
        k
        for k, v in raw.items()
        if k not in SCHEDULE_FIELDS
        and re.sub(r"[^0-9a-z]+", "", k.casefold()) not in STALE
        and rec.get(k, object()) != v
    )
    if changed:
        wrong.append("input field(s) changed or lost: " + ", ".join(changed[:8]))
    if pl.topic not in topics:
        wrong.append(f"topic id {pl.topic} is not among the plan's topics")
    if wrong:
        check.add("papers-json", f"poster {check.poster(pid)}: " + "; ".join(wrong))


def _times(check: Check, pid: str, pl: Placement, rec: dict[str, Any], tz: ZoneInfo) -> None:
    """A record's start and end are its session's, with the zone's UTC offset that day."""
    session = check.sessions[pl.session]
    tz = zone(check.venue, session, tz)  # the session's site's clock, with [[sites]]
    for key, local in (("starttime", session.start), ("endtime", session.end)):
        expected = local.replace(tzinfo=tz)
        got = rec.get(key)
        if not same_moment(got, expected):
            check.add(
                "time",
                f"poster {check.poster(pid)}: {key} {got!r} is not the "
                f"time of session '{session.id}', {expected.isoformat()}",
            )


def _zone(check: Check) -> ZoneInfo | None:
    try:
        return ZoneInfo(check.venue.timezone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        check.add(
            "time",
            f"the venue's time zone '{check.venue.timezone}' is not an IANA "
            "zone, so no time can be checked",
        )
        return None
