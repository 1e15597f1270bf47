"""Calendar feeds people subscribe to: the conference, each session, room and author.

Written into ``calendars/``::

    conference.ics              every poster
    sessions/<session>.ics      one per session of the venue
    rooms/<room>.ics            one per room of the venue
    authors/<name>-<id>.ics     one per person with a poster
    authors/index.html, .csv    who has which feed, so authors can find theirs

One VEVENT per poster (planner.plan.events): SUMMARY the title, LOCATION room and
board, DESCRIPTION the authors and the link.  UID, SEQUENCE, LAST-MODIFIED
and DTSTAMP come from the plan's stored feed state, never from the clock, so a
feed is byte-identical for the same plan, and a rerun changes only the events
that changed (the calendar requirements in the README).  Times carry the venue's zone with
an Outlook-friendly VTIMEZONE (planner.outputs.vtimezone).

A withdrawn poster is left out, so subscribed calendars delete it.  With
``withdrawn_in_feeds = "cancel"`` it stays as STATUS:CANCELLED with a
"WITHDRAWN: " prefix, but only where the feed state remembers what the event
last looked like (a ``event`` record on the feed entry); without that record
it is left out as well.  The feed of an author whose last poster was
withdrawn keeps it as cancelled for good, whatever the rule says.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import os
import re
import unicodedata
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vDuration
from icalendar.caselessdict import canonsort_keys

from planner import __version__
from planner.outputs.folder import write_bytes, write_text
from planner.outputs.placements_csv import cell
from planner.outputs.vtimezone import vtimezone
from planner.plan.events import ProgrammeEvent, all_events
from planner.plan.records import FeedEntry, Plan

FOLDER = "calendars"
PRODID = f"-//Poster Planner//planner {__version__}//EN"
REFRESH = timedelta(hours=6)
WITHDRAWN = "WITHDRAWN: "
_END = b"END:VCALENDAR\r\n"

# Characters no calendar line may carry: C0 controls but the newline (tabs
# become spaces), DEL, C1 controls, line and paragraph separators (parsers
# split lines on them), lone surrogates (not encodable) and non-characters.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")
# Calendar names are written unescaped by icalendar (NAME, X-WR-CALNAME), so
# they keep none of the TEXT specials.
_NAME_UNSAFE = re.compile(r"[;,\\\s]+")
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+")
_SAFE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}
# Letters NFKD does not take apart into a base letter and a mark.
_LATIN = str.maketrans(
    {
        "ł": "l",
        "Ł": "L",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "Th",
        "ı": "i",
        "ħ": "h",
        "Ħ": "H",
    }
)


def text(value: str) -> str:
    """A TEXT value without control characters (icalendar escapes the rest)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", value)


def calendar_name(value: str) -> str:
    """A calendar display name: one line, no ``;``, ``,`` or ``\\``."""
    return _NAME_UNSAFE.sub(" ", text(value)).strip() or "Posters"


def slug(value: str, limit: int = 60) -> str:
    """Lower-case ASCII words joined by '-', e.g. 'Łukasz Kaiser' -> 'lukasz-kaiser'."""
    if value.isascii():  # most names: nothing to take apart
        plain = value.lower()
    else:
        plain = unicodedata.normalize("NFKD", value.translate(_LATIN))
        plain = "".join(c for c in plain if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", plain)
    out = ""
    for word in words:
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out}-{word}" if out else word
    if not out and words:  # one word longer than the limit
        out = words[0][:limit]
    return out


def _short_hash(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def file_stem(ident: str) -> str:
    """A file name for a venue id: the id itself when it is already safe.

    Safe means lower-case ASCII words joined by '-'; any other id gets its
    slug plus '_' and a hash of the id, which no safe id contains, so two ids
    never share a file (case-insensitive file systems included).
    """
    if _SAFE_ID.fullmatch(ident) and ident not in _RESERVED:
        return ident
    return f"{slug(ident) or 'x'}_{_short_hash(ident)}"


def author_stem(name: str, key: str) -> str:
    """``tri-dao-18765`` for person key ``id:18765``: the name's slug and the id.

    Keys that are not a plain lower-case ASCII id (e-mail or name keys, ids
    like ``~Tri_Dao1``) give a hash of the key instead of the key, so no
    e-mail address ends up in a published file name; the '_' keeps those
    apart from the '-<id>' form.  The stem depends only on the person.
    """
    base = "author" if name.startswith("(unnamed author") else slug(name, 50) or "author"
    kind, _, ident = key.partition(":")
    if kind == "id" and re.fullmatch(r"[a-z0-9]+", ident):
        return f"{base}-{ident}"
    return f"{base}_{_short_hash(key)}"


def _event_from_record(record: dict[str, Any]) -> ProgrammeEvent | None:
    """The last published content of a withdrawn poster, if the feed state kept it."""
    try:
        return ProgrammeEvent(
            uid=str(record["uid"]),
            paper=str(record["paper"]),
            summary=str(record["summary"]),
            location=str(record["location"]),
            description=str(record["description"]),
            url=record.get("url"),
            start=datetime.fromisoformat(record["start"]),
            end=datetime.fromisoformat(record["end"]),
            session=str(record["session"]),
            room=str(record["room"]),
            people=tuple(record.get("people") or ()),
        )
    except (KeyError, TypeError, ValueError):
        return None


CANCELLED_REVISIONS = 3


def _withdrawn(
    plan: Plan, placed: set[str], always: bool = False
) -> list[tuple[ProgrammeEvent, FeedEntry]]:
    """Withdrawn posters to show as cancelled: only where their content is known.

    ``always``: whatever ``withdrawn_in_feeds`` says, and for good (the feed
    of an author whose last poster was withdrawn keeps it cancelled: emptied,
    the feed would be refused by vdirsyncer, which will not sync a calendar
    that was "completely emptied").
    """
    if plan.venue.rules.withdrawn_in_feeds != "cancel" and not always:
        return []
    out = []
    for uid, entry in plan.feeds.items():
        if not entry.cancelled or uid in placed:
            continue
        # Shown as cancelled for a while (three revisions), then dropped.
        since = getattr(entry, "cancelled_in", None)
        if not always and since is not None and plan.revision - since >= CANCELLED_REVISIONS:
            continue
        record = getattr(entry, "event", None)
        event = _event_from_record(record) if isinstance(record, dict) else None
        if event is not None and event.uid == uid and event.start.tzinfo is not None:
            out.append((event, entry))
    return out


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def vevent(
    plan: Plan, event: ProgrammeEvent, entry: FeedEntry | None, cancelled: bool = False
) -> Event:
    """The event as an icalendar component: what ``_Feeds`` writes, byte for byte
    (the feeds serialise it directly, and the tests hold the two together)."""
    tz = plan.venue.zone_of(event.session)  # the clock of the event's site
    stamp = _utc(entry.modified if entry is not None else plan.revision_time)
    ev = Event()
    ev.add("UID", event.uid)
    ev.add("DTSTAMP", stamp)
    ev.add("DTSTART", event.start.astimezone(tz))
    ev.add("DTEND", event.end.astimezone(tz))
    ev.add("SEQUENCE", entry.sequence if entry is not None else 0)
    ev.add("LAST-MODIFIED", stamp)
    ev.add("STATUS", "CANCELLED" if cancelled else "CONFIRMED")
    summary = text(event.summary)
    ev.add("SUMMARY", WITHDRAWN + summary if cancelled else summary)
    ev.add("LOCATION", text(event.location))
    ev.add("DESCRIPTION", text(event.description))
    if event.url and _URL.fullmatch(event.url):
        ev.add("URL", event.url)
    return ev


class _Feeds:
    """Builds the feeds of one plan: the shared VTIMEZONE and calendar frame."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        venue = plan.venue
        days = [s.start.date() for s in venue.sessions] + [s.end.date() for s in venue.sessions]
        first = min(days, default=plan.revision_time.date())
        last = max(days, default=first)
        self.span: tuple[date, date] = (first, last)
        # One VTIMEZONE per zone in use: the venue's, or each site's (planner.read.venue.sites).
        # The venue's own too: an event of a session since removed is on its clock.
        zones = {venue.tz} | {venue.site_zone(s.site) for s in venue.sessions + venue.talk_sessions}
        self.tzids_of: dict[ZoneInfo, list[str]] = {}
        for zone in sorted(zones, key=str):
            probe = Calendar()
            probe_event = Event()
            probe_event.add("DTSTART", datetime.combine(first, datetime.min.time(), zone))
            probe.add_component(probe_event)
            self.tzids_of[zone] = sorted(probe.get_used_tzids())  # empty for UTC: times end in Z
        self.tzids = sorted({t for ids in self.tzids_of.values() for t in ids})
        self._zones: dict[str, bytes] = {}
        self._events: dict[tuple[str, bool], bytes] = {}
        self._lines: dict[tuple[str, str], bytes] = {}
        self._frame: tuple[bytes, bytes] | None = None

    def calendar(
        self, name: str, events: list[tuple[ProgrammeEvent, FeedEntry | None, bool]]
    ) -> bytes:
        """One feed: calendar properties, the VTIMEZONE, then the events in the given order.

        Each event and time zone is serialised once per plan and shared by
        every feed that holds it, so an event reads the same in all of them.
        """
        head, tail = self.frame()
        shown = calendar_name(name)
        # icalendar writes these two verbatim (no TEXT escaping), folded.
        lines = _content_line("NAME", shown) + _content_line("X-WR-CALNAME", shown)
        body = [self.event(e, entry, cancelled) for e, entry, cancelled in events]
        tzids = self.tzids
        if self.plan.venue.sites:  # each feed holds the zones its own events use
            used = {self.plan.venue.zone_of(e.session) for e, _, _ in events}
            tzids = sorted({t for z in used for t in self.tzids_of.get(z, [])}) or tzids
        zones = [self.zone(tzid) for tzid in tzids]
        return b"".join([head, lines, tail, *zones, *body, _END])

    def frame(self) -> tuple[bytes, bytes]:
        """The calendar properties before and after the name lines, built once."""
        if self._frame is None:
            venue = self.plan.venue
            cal = Calendar()
            cal.add("VERSION", "2.0")
            cal.add("PRODID", PRODID)
            cal.add("NAME", "@@NAME@@")
            cal.add("X-WR-TIMEZONE", venue.timezone)
            cal.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
            cal.add("X-PUBLISHED-TTL", vDuration(REFRESH))
            data = cal.to_ical()
            assert data.endswith(_END)
            head, tail = data[: -len(_END)].split(b"NAME:@@NAME@@\r\n")
            self._frame = (head, tail)
        return self._frame

    def zone(self, tzid: str) -> bytes:
        if tzid not in self._zones:
            self._zones[tzid] = vtimezone(tzid, *self.span).to_ical()
        return self._zones[tzid]

    def event(self, event: ProgrammeEvent, entry: FeedEntry | None, cancelled: bool) -> bytes:
        key = (event.uid, cancelled)
        data = self._events.get(key)
        if data is None:
            data = self._events[key] = self._vevent(event, entry, cancelled)
        return data

    def _vevent(self, event: ProgrammeEvent, entry: FeedEntry | None, cancelled: bool) -> bytes:
        """``vevent(...).to_ical()``, byte for byte, without building the component.

        Building and serialising an icalendar component takes about half a
        millisecond, over a second for ICML's 2,600 posters.  The text and URI
        values (a new one per poster) are escaped and folded here as icalendar
        does it; dates, numbers and the status (a handful of distinct values
        per plan) are serialised by icalendar once each.  The properties come
        in icalendar's order: its canonical VEVENT order, then by name.
        """
        tz = self.plan.venue.zone_of(event.session)  # the clock of the event's site
        stamp = _utc(entry.modified if entry is not None else self.plan.revision_time)
        summary = text(event.summary)
        lines = {
            "UID": _text_line("UID", event.uid),
            "DTSTAMP": self._library_line("DTSTAMP", stamp),
            "DTSTART": self._library_line("DTSTART", event.start.astimezone(tz)),
            "DTEND": self._library_line("DTEND", event.end.astimezone(tz)),
            "SEQUENCE": self._library_line("SEQUENCE", entry.sequence if entry is not None else 0),
            "LAST-MODIFIED": self._library_line("LAST-MODIFIED", stamp),
            "STATUS": self._library_line("STATUS", "CANCELLED" if cancelled else "CONFIRMED"),
            "SUMMARY": _text_line("SUMMARY", WITHDRAWN + summary if cancelled else summary),
            "LOCATION": _text_line("LOCATION", text(event.location)),
            "DESCRIPTION": _text_line("DESCRIPTION", text(event.description)),
        }
        if event.url and _URL.fullmatch(event.url):
            lines["URL"] = _content_line("URL", event.url)  # a URI: no TEXT escaping
        order = canonsort_keys(lines, Event.canonical_order)
        return b"".join([b"BEGIN:VEVENT\r\n", *(lines[k] for k in order), b"END:VEVENT\r\n"])

    def _library_line(self, name: str, value: Any) -> bytes:
        """The content line icalendar writes for one property, made once per distinct value."""
        key = (name, repr(value))  # repr tells apart equal instants in different zones
        line = self._lines.get(key)
        if line is None:
            ev = Event()
            ev.add(name, value)
            probe = Calendar()
            probe.add_component(ev)
            assert probe.get_used_tzids() <= set(self.tzids)  # every TZID has its VTIMEZONE
            line = ev.to_ical()[len(b"BEGIN:VEVENT\r\n") : -len(b"END:VEVENT\r\n")]
            self._lines[key] = line
        return line


def _escape(value: str) -> str:
    """A TEXT value escaped as icalendar 7 escapes it (RFC 5545 section 3.3.11)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def _text_line(name: str, value: str) -> bytes:
    return _content_line(name, _escape(value))


def _content_line(name: str, value: str) -> bytes:
    """``NAME:value`` folded as icalendar 7 folds it, with its CRLF."""
    return _fold(f"{name}:{value}") + b"\r\n"


_FOLD_OCTETS = 74  # a line or continuation holds at most 74 octets after its fold space


def _fold(line: str) -> bytes:
    """A content line folded as icalendar 7 folds it (RFC 5545 section 3.1).

    Greedy: each piece takes as many characters as fit in 74 octets, never
    splitting a character; a piece that would end on a backslash or caret
    (the start of an escape) leaves it to the next piece.  Pieces are joined
    by CRLF and a space.
    """
    data = line.encode("utf-8")
    if len(data) <= _FOLD_OCTETS:
        return data
    pieces = []
    start, size = 0, len(line)
    while start < size:
        end = _piece_end(line, start)
        if end < size and end - start > 1 and line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    return "\r\n ".join(pieces).encode("utf-8")


def _piece_end(line: str, start: int) -> int:
    """Where the greedy piece from ``start`` ends: at most 74 octets, at least a character."""
    end = min(len(line), start + _FOLD_OCTETS)
    piece = line[start:end]
    if piece.isascii():
        return end
    octets = 0
    for i, char in enumerate(piece):
        width = 1 if char < "\x80" else len(char.encode("utf-8"))
        if i and octets + width > _FOLD_OCTETS:
            return start + i
        octets += width
    return end


def _write_ics(path: Path | str, data: bytes) -> None:
    """Writes a feed into a folder that exists (10,000 author feeds: no mkdir each);
    a feed that did not change is linked to the published one (planner.outputs.folder)."""
    write_bytes(path, data)


# An index row: the person's name, their feed's stem and their posters (id, title).
_IndexRow = tuple[str, str, list[tuple[str, str]]]


def _index(plan: Plan, folder: Path, rows: list[_IndexRow]) -> None:
    """authors/index.csv and index.html: each person, their feed and posters."""
    rows = sorted(rows, key=lambda r: (r[0].casefold(), r[0], r[1]))
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\r\n")
    out.writerow(["name", "feed", "posters", "titles"])
    for name, stem, posters in rows:
        # Every cell through the guard placements.csv uses: a paper id "=1+1"
        # is a formula too.
        out.writerow(
            [
                cell(text(name)),
                cell(f"{stem}.ics"),
                cell(" ".join(paper for paper, _ in posters)),
                cell(" | ".join(title for _, title in posters)),
            ]
        )
    write_text(folder / "index.csv", buffer.getvalue())

    title = html.escape(f"{plan.venue.name}: calendar feeds of the poster authors")
    lines = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        "<style>body{font-family:sans-serif;margin:2em}td,th{padding:.2em .6em;"
        "text-align:left;vertical-align:top}tr:nth-child(even){background:#f4f4f4}</style>",
        "</head>",
        "<body>",
        f"<h1>{title}</h1>",
        "<p>Find your name (Ctrl+F) and subscribe to your feed by its address, rather than "
        "importing the file, so that changes to the plan reach your calendar.</p>",
        "<table>",
        "<thead><tr><th>Author</th><th>Feed</th><th>Posters</th></tr></thead>",
        "<tbody>",
    ]
    for name, stem, posters in rows:
        titles = "<br>".join(html.escape(title) for _, title in posters)
        href = html.escape(f"{stem}.ics")
        lines.append(
            f"<tr><td>{html.escape(text(name))}</td>"
            f'<td><a href="{href}">{href}</a></td><td>{titles}</td></tr>'
        )
    lines += ["</tbody>", "</table>", "</body>", "</html>", ""]
    write_text(folder / "index.html", "\n".join(lines))


# A row of a feed: the event, its feed state and whether it shows as cancelled.
_Row = tuple[ProgrammeEvent, FeedEntry | None, bool]


def write(plan: Plan, folder: Path) -> None:
    """Writes the feeds into ``folder/calendars``: conference, sessions, rooms, authors."""
    venue = plan.venue
    root = folder / FOLDER
    feeds = _Feeds(plan)
    events = all_events(plan)
    rows: list[_Row] = [(e, plan.feeds.get(e.uid), False) for e in events]
    rows += [(e, entry, True) for e, entry in _withdrawn(plan, {e.uid for e in events})]
    rows.sort(key=lambda r: (r[0].start, r[0].uid))
    # Talk sessions and rooms with seats have feeds too (a room with boards and
    # seats has one feed for both).
    sessions = [*venue.sessions, *venue.talk_sessions]
    rooms = [*venue.rooms, *(r for r in venue.talk_rooms if r.id not in venue.room_by_id)]
    for sub, needed in (("sessions", sessions), ("rooms", rooms), ("authors", True)):
        if needed:
            (root / sub).mkdir(parents=True, exist_ok=True)

    title = "Programme" if plan.talks else "Posters"
    _write_ics(root / "conference.ics", feeds.calendar(f"{venue.name} - {title}", rows))

    by_session: dict[str, list[Any]] = defaultdict(list)
    by_room: dict[str, list[Any]] = defaultdict(list)
    by_person: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        by_session[row[0].session].append(row)
        by_room[row[0].room].append(row)
        for key in dict.fromkeys(row[0].people):
            by_person[key].append(row)
    for session in sessions:
        _write_ics(
            root / "sessions" / f"{file_stem(session.id)}.ics",
            feeds.calendar(f"{venue.name} - {session.name}", by_session[session.id]),
        )
    for room in rooms:
        _write_ics(
            root / "rooms" / f"{file_stem(room.id)}.ics",
            feeds.calendar(f"{venue.name} - {room.name}", by_room[room.id]),
        )
    _write_author_feeds(plan, feeds, root / "authors", events, by_person)


def _write_author_feeds(
    plan: Plan,
    feeds: _Feeds,
    folder: Path,
    events: list[ProgrammeEvent],
    by_person: dict[str, list[Any]],
) -> None:
    """Each person's feed, past people's too, and the index of them all."""
    venue = plan.venue
    people = {p.key: p for p in plan.people}
    authors = str(folder)  # plain strings: 10,000 paths
    # An author whose last poster was withdrawn keeps their feed file, so that a
    # subscribed calendar gets no 404, and keeps the withdrawn posters in it as
    # cancelled for good (see _withdrawn); the index lists them so they find it.
    gone = _withdrawn(plan, {e.uid for e in events}, always=True)
    index: list[_IndexRow] = []
    for person in plan.past_people:
        if person.key not in people:
            cancelled: list[_Row] = [
                (e, entry, True) for e, entry in gone if person.key in e.people
            ]
            stem = author_stem(person.name, person.key)
            _write_ics(
                os.path.join(authors, f"{stem}.ics"),
                feeds.calendar(f"{venue.name} - {person.name}", cancelled),
            )
            index.append((person.name, stem, [_poster(r[0], WITHDRAWN) for r in cancelled]))
    for key in sorted(by_person):
        record = people.get(key)
        if record is None:  # a withdrawn poster's author no longer in the plan
            continue
        person = record
        stem = author_stem(person.name, key)
        mine = by_person[key]
        _write_ics(
            os.path.join(authors, f"{stem}.ics"),
            feeds.calendar(f"{venue.name} - {person.name}", mine),
        )
        index.append((person.name, stem, [_poster(r[0]) for r in mine if not r[2]]))
    _index(plan, folder, index)


def _poster(event: ProgrammeEvent, mark: str = "") -> tuple[str, str]:
    """A poster as the author index lists it: its paper id and its title on one line."""
    return event.paper, mark + text(event.summary).replace("\n", " ")
