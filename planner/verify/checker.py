"""``planner verify``: an independent check of a written plan.

It re-reads ``DIR/plan.json`` and ``DIR/papers.json`` (and, when given, the
paper list and the venue file) and checks every hard rule from the data alone:

- ``placement``: every accepted paper is placed exactly once, in a session and
  room the venue has, and nothing else is placed;
- ``capacity``: no room holds more posters in a session than its boards there
  less its spare boards;
- ``room-closed``: no poster is in a room closed in its session;
- ``board``: board numbers lie within 1..boards of the room in that session,
  are unique per session and room, and carry the venue's label;
- ``papers-json``: ``papers.json`` lists exactly the placed papers, with the
  plan's session names, room names, board labels and topics, and keeps every
  input field as it came;
- ``time``: its ``starttime``/``endtime`` are the session's times, ISO 8601
  with the venue zone's UTC offset at that date;
- ``presenter``: no presenter has two posters at overlapping times;
- ``pin``: every pin of the venue holds (session, room, board);
- ``unavailable``: no poster is in a session one of its authors is away for;
- ``place``: every poster is where its ``[[place]]`` rules let it go, and a
  room or session an exclusive rule reserves holds only its rules' posters;
- ``clashes``: the plan's clash list is exactly the shared-author clashes
  recounted from the author lists;
- ``figures``: the plan's own figures (posters, placed, clashes, presenter
  clashes, clash lower bound, moves) equal the recount;
- ``files``: every output parses (planner.outputs.wellformed): the JSON files, the
  schedule (with one event per placement), the workbook, the feeds.

It shares no code with the solver side on purpose, so that a bug in one is
caught by the other: time overlap, room capacities, board labels, clash
counting and the clash lower bound are re-implemented here.  Only the readers
are shared (the plan schema, the venue and paper-list readers, id
normalisation): they decide what the files say, not where posters go.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import ValidationError

from planner.core.errors import InputError, Problem, display_path
from planner.core.gcfreeze import with_existing_objects_frozen
from planner.core.ids import canonical_id
from planner.plan.records import SCHEMA, SCHEMA_VERSION, Placement, Plan
from planner.read.conference import Paper, PaperList, Room, Session, Venue

PLAN_FILE = "plan.json"
PAPERS_FILE = "papers.json"
SCHEDULE_FIELDS = ("session", "room_name", "poster_position", "starttime", "endtime", "topic")

# Rule name -> what it demands; the order is the order of the report.
RULES: dict[str, str] = {
    "placement": "every accepted paper is placed exactly once, and nothing else",
    "capacity": "posters per session and room at most the boards less the spare boards",
    "room-closed": "no poster in a room closed in its session",
    "board": "board numbers within 1..boards, labels unique per session and room",
    "papers-json": "papers.json holds the placed papers with the plan's names and labels",
    "time": "papers.json times are the sessions' times with the venue's UTC offset",
    "presenter": "no presenter at two posters at overlapping times",
    "pin": "every venue pin holds (session, room, board)",
    "unavailable": "no poster in a session one of its authors is away for",
    "place": "every poster where its [[place]] rules let it go; reserved rooms hold only theirs",
    "clashes": "the plan's clash list equals the recount from the author lists",
    "figures": "the plan's figures equal the recount",
    "files": "every output parses: JSON, schedule XML, the workbook, the calendar feeds",
}
# Placements pinned by a hand edit (in the workbook or the report) say so in their reason.
HAND_EDIT = "by a hand edit"
_LISTED = 12  # posters named in one message before "and N more"
_TITLE_SHOWN = 48  # characters of a title in a message: enough to recognise it, one line each
_Clash = tuple[str, frozenset[str]]  # (person key, the two clashing paper ids)


@dataclass(frozen=True)
class Violation:
    rule: str  # a key of RULES
    message: str

    def __str__(self) -> str:
        return f"{self.rule}: {self.message}"


@dataclass
class Report:
    folder: Path
    violations: list[Violation] = field(default_factory=list)
    figures: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.violations

    @property
    def rules(self) -> set[str]:
        """The rules broken."""
        return {v.rule for v in self.violations}


# --------------------------------------------------------------------------- rules, re-implemented


def overlaps(a: Session, b: Session) -> bool:
    """Two sessions overlap when their times intersect; a session overlaps itself.

    This repeats planner.read.conference's Session.overlaps on purpose: the check
    recounts clashes with its own code, so that a bug in one is caught by the other.
    """
    return a.id == b.id or (a.start < b.end and b.start < a.end)


def room_open(room: Room, session_id: str) -> bool:
    """Open in the session, with at least one board there."""
    listed = room.sessions is None or session_id in room.sessions
    return listed and room_boards(room, session_id) > 0


def room_boards(room: Room, session_id: str) -> int:
    return room.boards_by_session.get(session_id, room.boards)


def spare_boards(room: Room, venue: Venue) -> int:
    return venue.rules.spare_boards if room.spare_boards is None else room.spare_boards


def usable_boards(room: Room, session_id: str, venue: Venue) -> int:
    if not room_open(room, session_id):
        return 0
    return max(0, room_boards(room, session_id) - spare_boards(room, venue))


def accepted(decision: str | None, venue: Venue) -> bool:
    """A record gets a poster when it has no decision or one of ``accept_decisions``."""
    if decision is None or not decision.strip():
        return True
    return decision.strip().casefold() in {
        d.strip().casefold() for d in venue.rules.accept_decisions
    }


def name_key(name: str | None) -> str:
    """A name folded for comparison: entities, accents, case and punctuation."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", html.unescape(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def separate_times(sessions: Iterable[Session]) -> int:
    """The most pairwise non-overlapping sessions (earliest end first is optimal)."""
    count, last_end = 0, None
    for s in sorted(sessions, key=lambda s: (s.end, s.start)):
        if last_end is None or s.start >= last_end:
            count, last_end = count + 1, s.end
    return count


def spread_pairs(n: int, w: int) -> int:
    """Clashing pairs when n papers are spread as evenly as possible over w times."""
    if n < 2:
        return 0
    if w < 1:
        return n * (n - 1) // 2
    pairs = 0
    for k in range(w):
        size = n // w + (1 if k < n % w else 0)
        pairs += size * (size - 1) // 2
    return pairs


def board_label(pattern: str, prefix: str, number: int) -> str | None:
    try:
        return pattern.format(prefix=prefix, number=number)
    except (KeyError, IndexError, ValueError):
        return None


def pin_board_matches(text: str, pl: Placement, room: Room, pattern: str) -> bool:
    """Whether a pin's board ("A12", "12", or the venue's label format) names pl's board."""
    wanted = text.strip().casefold()
    if wanted in (
        pl.label.casefold(),
        (board_label(pattern, room.board_prefix, pl.board) or "").casefold(),
    ):
        return True
    rest = wanted
    prefix = room.board_prefix.casefold()
    if prefix and rest.startswith(prefix):
        rest = rest[len(prefix) :]
    return bool(re.fullmatch(r"\d+", rest)) and int(rest) == pl.board


# --------------------------------------------------------------------------- reading


def _read_plan(folder: Path) -> Plan:
    """The plan in ``folder``; InputError when it is missing, unreadable or damaged."""
    path = folder / PLAN_FILE
    shown = display_path(path)
    data = _plan_json(_plan_bytes(folder, path, shown), shown)
    _check_plan_schema(data, shown)
    return _validated_plan(data, shown)


def _plan_bytes(folder: Path, path: Path, shown: str) -> bytes:
    """The bytes of the folder's plan.json, read up to the plan file size limit."""
    if not folder.is_dir():
        raise InputError(
            Problem(
                display_path(folder),
                "",
                "no such folder",
                "Give an output folder that planner plan wrote.",
            )
        )
    if not path.exists():
        raise InputError(
            Problem(
                shown,
                "",
                "no plan.json in this folder",
                "Give an output folder that planner plan wrote.",
            )
        )
    from planner.core.limits import read_limited
    from planner.plan.records import MAX_PLAN_FILE_BYTES

    return read_limited(
        path,
        shown,
        MAX_PLAN_FILE_BYTES,
        "plan file",
        "Give an output folder that planner plan wrote.",
    )


def _plan_json(raw: bytes, shown: str) -> Any:
    """The plan file's JSON document."""
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError(
            Problem(
                shown,
                "",
                f"the plan cannot be read ({exc})",
                "Restore it from the archive folder, or rerun planner plan.",
            )
        ) from None


def _check_plan_schema(data: Any, shown: str) -> None:
    """InputError unless the document is a plan file of a schema version this planner knows."""
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        raise InputError(
            Problem(
                shown,
                "",
                "this is not a poster-planner plan file",
                "Give an output folder that planner plan wrote.",
            )
        )
    version = data.get("version", 0)
    if not isinstance(version, int) or version > SCHEMA_VERSION:
        raise InputError(
            Problem(
                shown,
                "",
                f"the plan has schema version {version!r}, which this planner does not know",
                "Upgrade the planner.",
            )
        )


def _validated_plan(data: dict[str, Any], shown: str) -> Plan:
    """The plan the document holds; InputError naming the first field that does not fit."""
    try:
        return Plan.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(
            Problem(
                shown,
                f"field '{where}'",
                f"the plan file is damaged ({first['msg']})",
                "Restore it from the archive folder, or rerun planner plan.",
            )
        ) from None


def _read_inputs(
    input_path: Path | None, venue_path: Path | None, paper_list: PaperList | None = None
) -> tuple[Venue | None, list[Paper] | None, str]:
    from planner.people.inputs import resolve
    from planner.read.papers import read_papers
    from planner.read.venue import read_venue

    if input_path is None:
        return (read_venue(venue_path) if venue_path else None), None, ""
    papers_file, venue_file = resolve(input_path, venue_path)
    venue = read_venue(venue_file)
    if paper_list is None:
        paper_list = read_papers(papers_file)
    return venue, paper_list.papers, paper_list.sha256


# --------------------------------------------------------------------------- the checks


class _Checker:
    def __init__(
        self, plan: Plan, venue: Venue, inputs: list[Paper] | None, report: Report
    ) -> None:
        self.plan, self.venue, self.inputs, self.report = plan, venue, inputs, report
        self.sessions = {s.id: s for s in venue.sessions}
        self.rooms = {r.id: r for r in venue.rooms}
        self.papers = {p.id: p for p in plan.papers}
        self.people = {p.key: p for p in plan.people}
        self.input_by_id = {p.id: p for p in inputs} if inputs is not None else {}
        self.placed: dict[str, Placement] = {}  # paper -> its (first) placement
        self.where: dict[str, Placement] = {}  # placements in a known session and room
        self._by_reference: tuple[dict[str, set[str]], ...] | None = None
        self._papers_of: dict[str, set[str]] | None = None  # person key -> paper ids

    def add(self, rule: str, message: str) -> None:
        self.report.violations.append(Violation(rule, message))

    def note(self, message: str) -> None:
        self.report.notes.append(message)

    def poster(self, pid: str) -> str:
        paper = self.papers.get(pid)
        title = (
            paper.title
            if paper
            else (self.input_by_id[pid].clean_title if pid in self.input_by_id else "")
        )
        if len(title) > _TITLE_SHOWN:
            title = title[: _TITLE_SHOWN - 1].rstrip() + "…"
        return f"{pid} ({title})" if title else pid

    def posters(self, pids: Iterable[str]) -> str:
        pids = list(pids)
        shown = ", ".join(pids[:_LISTED])
        return shown + (f" and {len(pids) - _LISTED} more" if len(pids) > _LISTED else "")

    def at(self, pl: Placement) -> str:
        return f"session '{pl.session}', room '{pl.room}', board {pl.label}"

    # ------------------------------------------------------------------ placement

    def expected(self) -> dict[str, str]:
        """Paper id -> title of every paper that must be placed."""
        if self.inputs is not None:
            return {p.id: p.clean_title for p in self.inputs if accepted(p.decision, self.venue)}
        return {p.id: p.title for p in self.plan.papers if accepted(p.decision, self.venue)}

    def placement(self) -> None:
        unknown: dict[tuple[str, str], list[str]] = defaultdict(list)
        for pl in self.plan.placements:
            first = self.placed.get(pl.paper)
            if first is not None:
                self.add(
                    "placement",
                    f"poster {self.poster(pl.paper)} is placed twice: "
                    f"{self.at(first)} and {self.at(pl)}",
                )
                continue
            self.placed[pl.paper] = pl
            if pl.session not in self.sessions:
                unknown["session", pl.session].append(pl.paper)
            if pl.room not in self.rooms:
                unknown["room", pl.room].append(pl.paper)
            if pl.session in self.sessions and pl.room in self.rooms:
                self.where[pl.paper] = pl
        for (what, name), pids in sorted(unknown.items()):
            self.add(
                "placement",
                f"{len(pids)} poster(s) are in {what} '{name}', which the "
                f"venue does not have: {self.posters(pids)}",
            )
        expected = self.expected()
        for pid in expected:
            if pid not in self.placed:
                self.add("placement", f"poster {self.poster(pid)} is accepted but not placed")
        for pid in self.placed:
            if pid in expected:
                if pid not in self.papers:
                    self.add(
                        "placement",
                        f"poster {self.poster(pid)} is placed but the plan "
                        "holds no record of its authors",
                    )
                continue
            source = self.input_by_id.get(pid) if self.inputs is not None else self.papers.get(pid)
            if source is None:
                what = (
                    "is not in the paper list"
                    if self.inputs is not None
                    else "is not among the plan's papers"
                )
            else:
                what = f"has decision '{source.decision}', which gets no poster"
            self.add("placement", f"poster {self.poster(pid)} is placed but {what}")

    # ------------------------------------------------------------------ rooms and boards

    def rooms_and_boards(self) -> None:
        cells: dict[tuple[str, str], list[Placement]] = defaultdict(list)
        for pl in self.where.values():
            cells[pl.session, pl.room].append(pl)
        pattern = self.venue.rules.board_label
        for (sid, rid), pls in sorted(cells.items()):
            room = self.rooms[rid]
            ids = [pl.paper for pl in sorted(pls, key=lambda p: (p.board, p.paper))]
            if not room_open(room, sid):
                why = "has no boards" if room_boards(room, sid) == 0 else "is closed"
                self.add(
                    "room-closed",
                    f"room '{rid}' {why} in session '{sid}' but holds "
                    f"{len(ids)} poster(s): {self.posters(ids)}",
                )
            else:
                usable = usable_boards(room, sid, self.venue)
                if len(pls) > usable:
                    spare = spare_boards(room, self.venue)
                    boards = room_boards(room, sid)
                    self.add(
                        "capacity",
                        f"room '{rid}' in session '{sid}' holds {len(pls)} "
                        f"posters on {usable} usable boards ({boards} boards, {spare} "
                        f"spare): {self.posters(ids)}",
                    )
                for pl in pls:
                    if not 1 <= pl.board <= room_boards(room, sid):
                        self.add(
                            "board",
                            f"poster {self.poster(pl.paper)} is on board "
                            f"{pl.board} of room '{rid}' in session '{sid}', which has "
                            f"boards 1..{room_boards(room, sid)}",
                        )
            for pl in pls:
                label = board_label(pattern, room.board_prefix, pl.board)
                if label is not None and pl.label != label:
                    self.add(
                        "board",
                        f"poster {self.poster(pl.paper)} on board {pl.board} of "
                        f"room '{rid}' in session '{sid}' is labelled '{pl.label}', "
                        f"not '{label}'",
                    )
            seen: set[frozenset[str]] = set()
            for key, what in ((lambda p: p.label, "label"), (lambda p: p.board, "number")):
                groups: dict[Any, list[str]] = defaultdict(list)
                for pl in pls:
                    groups[key(pl)].append(pl.paper)
                for value, members in sorted(groups.items(), key=lambda kv: str(kv[0])):
                    if len(members) > 1 and frozenset(members) not in seen:
                        seen.add(frozenset(members))
                        self.add(
                            "board",
                            f"board {what} {value} is used {len(members)} "
                            f"times in room '{rid}', session '{sid}': "
                            f"{self.posters(sorted(members))}",
                        )

    # ------------------------------------------------------------------ papers.json

    def papers_json(self, folder: Path) -> None:
        """papers.json: the placed papers once each, with the plan's names, labels and times."""
        records = self.papers_json_records(folder)
        if records is None:
            return
        by_id = self.papers_json_by_id(records)
        self.papers_json_coverage(by_id)
        topics = {t.id: t.label for t in self.plan.topics}
        tz = self.zone()
        for pid, pl in self.where.items():
            rec = by_id.get(pid)
            if rec is None:
                continue
            self.papers_json_fields(pid, pl, rec, topics)
            if tz is not None:
                self.papers_json_times(pid, pl, rec, tz)

    def papers_json_records(self, folder: Path) -> list[dict[str, Any]] | None:
        """The records papers.json holds; None when it is missing or not a list of records."""
        path = folder / PAPERS_FILE
        try:
            doc = json.loads(path.read_text("utf-8"))
        except FileNotFoundError:
            self.add("papers-json", "papers.json is missing from the output folder")
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            self.add("papers-json", f"papers.json cannot be read ({exc})")
            return None
        records = doc.get("results") if isinstance(doc, dict) else doc
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            self.add(
                "papers-json", 'papers.json is neither a list of records nor {"results": [records]}'
            )
            return None
        if isinstance(doc, dict) and "count" in doc and doc["count"] != len(records):
            self.add(
                "papers-json",
                f"papers.json says count {doc['count']!r} but holds {len(records)} records",
            )
        return records

    def papers_json_by_id(self, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
        """The records by paper id; a record without an id, or listed again, is reported."""
        by_id: dict[str, dict[str, Any]] = {}
        for i, rec in enumerate(records, 1):
            rid = rec.get("id")
            if rid is None or isinstance(rid, (dict, list)):
                self.add("papers-json", f"papers.json record #{i} has no id")
                continue
            pid = canonical_id(rid)
            if pid in by_id:
                self.add("papers-json", f"papers.json lists poster {self.poster(pid)} twice")
                continue
            by_id[pid] = rec
        return by_id

    def papers_json_coverage(self, by_id: dict[str, dict[str, Any]]) -> None:
        """papers.json lists every placed poster and no other."""
        missing = [p for p in self.placed if p not in by_id]
        extra = [p for p in by_id if p not in self.placed]
        if missing:
            self.add(
                "papers-json",
                f"papers.json lacks {len(missing)} placed poster(s): {self.posters(missing)}",
            )
        if extra:
            self.add(
                "papers-json",
                f"papers.json lists {len(extra)} poster(s) the plan does "
                f"not place: {self.posters(extra)}",
            )

    def papers_json_fields(
        self, pid: str, pl: Placement, rec: dict[str, Any], topics: dict[int, str]
    ) -> None:
        """A record has its placement's session, room, board and topic, and its input fields."""
        session, room = self.sessions[pl.session], self.rooms[pl.room]
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
            self.input_by_id[pid].raw if pid in self.input_by_id else self.plan.records.get(pid)
        ) or {}
        changed = sorted(
            k for k, v in raw.items() if k not in SCHEDULE_FIELDS and rec.get(k, object()) != v
        )
        if changed:
            wrong.append("input field(s) changed or lost: " + ", ".join(changed[:8]))
        if pl.topic not in topics:
            wrong.append(f"topic id {pl.topic} is not among the plan's topics")
        if wrong:
            self.add("papers-json", f"poster {self.poster(pid)}: " + "; ".join(wrong))

    def papers_json_times(self, pid: str, pl: Placement, rec: dict[str, Any], tz: ZoneInfo) -> None:
        """A record's start and end are its session's, with the zone's UTC offset that day."""
        session = self.sessions[pl.session]
        for key, local in (("starttime", session.start), ("endtime", session.end)):
            expected = local.replace(tzinfo=tz)
            got = rec.get(key)
            when: datetime | None
            try:
                when = datetime.fromisoformat(got) if isinstance(got, str) else None
            except ValueError:
                when = None
            if (
                when is None
                or when.tzinfo is None
                or when != expected
                or when.utcoffset() != expected.utcoffset()
            ):
                self.add(
                    "time",
                    f"poster {self.poster(pid)}: {key} {got!r} is not the "
                    f"time of session '{session.id}', {expected.isoformat()}",
                )

    def zone(self) -> ZoneInfo | None:
        try:
            return ZoneInfo(self.venue.timezone)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            self.add(
                "time",
                f"the venue's time zone '{self.venue.timezone}' is not an IANA "
                "zone, so no time can be checked",
            )
            return None

    # ------------------------------------------------------------------ people

    def matching_people(self, ref: str) -> set[str]:
        """Person keys an organizer's reference (an id, e-mail or name) names."""
        by_id, by_mail, by_name = self.people_by_reference()
        ref_name = name_key(ref)
        return (
            by_id.get(canonical_id(ref), set())
            | by_mail.get(ref.strip().casefold(), set())
            | (by_name.get(ref_name, set()) if ref_name else set())
        )

    def people_by_reference(self) -> tuple[dict[str, set[str]], ...]:
        """Person keys by id, by e-mail and by folded name, built once: an availability
        table has hundreds of rows and a large conference tens of thousands of people."""
        if self._by_reference is None:
            by_id: dict[str, set[str]] = defaultdict(set)
            by_mail: dict[str, set[str]] = defaultdict(set)
            by_name: dict[str, set[str]] = defaultdict(set)
            for p in self.people.values():
                for ident in p.ids:
                    by_id[ident].add(p.key)
                for mail in p.emails:
                    by_mail[mail.casefold()].add(p.key)
                by_name[name_key(p.name)].add(p.key)
            self._by_reference = (by_id, by_mail, by_name)
        return self._by_reference

    def away(self) -> tuple[dict[str, set[str]], list[tuple[str, set[str], set[str]]]]:
        """Sessions each person is away for, and per venue entry (ref, sessions, papers)."""
        person_away: dict[str, set[str]] = defaultdict(set)
        entries = []
        # Rows of the availability table the planner ignores: by how many people they name.
        left_out: dict[str, list[int]] = {"nobody": [], "several people": []}
        for item in self.venue.unavailable:
            if item.row:
                entry = self.table_row(item.author, item.also, item.sessions)
                if len(entry[3]) != 1:
                    left_out["nobody" if not entry[3] else "several people"].append(item.row)
                    continue
                for key in entry[3]:
                    person_away[key].update(item.sessions)
                entries.append(entry[:3])
                continue
            people = self.matching_people(item.author)
            ref_name = name_key(item.author)
            papers = {
                p.id
                for p in self.plan.papers
                if people & set(p.authors)
                or (ref_name and ref_name in {name_key(n) for n in p.author_names})
            }
            if not papers:
                self.note(f"unavailable author '{item.author}' is on no paper of the plan")
            for key in people:
                person_away[key].update(item.sessions)
            entries.append((item.author, set(item.sessions), papers))
        for whom, rows in left_out.items():
            if rows:
                listed = ", ".join(map(str, rows[:_LISTED])) + (" …" if len(rows) > _LISTED else "")
                self.note(
                    f"{len(rows)} row(s) of the availability table "
                    f"({self.venue.rules.availability}) name {whom} on the plan's "
                    f"papers and are not checked: row(s) {listed}"
                )
        return person_away, entries

    def table_row(
        self, author: str, also: list[str], sessions: list[str]
    ) -> tuple[str, set[str], set[str], set[str]]:
        """(ref, sessions, papers, people) of an availability-table row.

        Read as the planner reads the table: the row's first reference that
        names somebody wins; a row naming nobody, or a name several people
        share, is left out of the plan (the caller skips it).
        """
        ref, people = author, set()
        for candidate in (author, *also):
            people = self.matching_people(candidate)
            if people:
                ref = candidate
                break
        if self._papers_of is None:  # built once, as people_by_reference is
            self._papers_of = defaultdict(set)
            for paper in self.plan.papers:
                for key in paper.authors:
                    self._papers_of[key].add(paper.id)
        papers = set().union(*(self._papers_of.get(k, set()) for k in people))
        return ref, set(sessions), papers, people

    def unavailable(self, entries: list[tuple[str, set[str], set[str]]]) -> None:
        for ref, sessions, papers in entries:
            for pid in sorted(papers):
                pl = self.where.get(pid)
                if pl is not None and pl.session in sessions:
                    self.add(
                        "unavailable",
                        f"poster {self.poster(pid)} is in session "
                        f"'{pl.session}', which its author '{ref}' is away for",
                    )

    def place(self) -> None:
        """[[place]] rules, read again from the records (not planner.read.places)."""
        rules = self.venue.place
        if not rules:
            return
        records = (
            {p.id: p.raw for p in self.inputs} if self.inputs is not None else self.plan.records
        )

        def squash(text: object) -> str:
            return " ".join(str(text).split()).casefold()

        def field_values(raw: dict[str, Any], name: str) -> set[str]:
            wanted = re.sub(r"[^0-9a-z]+", "", name.casefold())
            found: set[str] = set()
            for k, v in raw.items():
                if re.sub(r"[^0-9a-z]+", "", str(k).casefold()) == wanted:
                    for item in v if isinstance(v, list) else [v]:
                        if item is not None and not isinstance(item, dict):
                            found.add(squash(item))
            return found

        def hit(rule: Any, pid: str) -> bool:
            if pid in rule.papers:
                return True
            raw = records.get(pid) or {}
            return bool(rule.where) and all(
                {squash(v) for v in vals} & field_values(raw, name)
                for name, vals in rule.where.items()
            )

        wrong: dict[str, list[str]] = defaultdict(list)
        for pid, pl in sorted(self.where.items()):
            mine = {i for i, r in enumerate(rules) if hit(r, pid)}
            for i in sorted(mine):
                rule = rules[i]
                if (rule.sessions is not None and pl.session not in rule.sessions) or (
                    rule.rooms is not None and pl.room not in rule.rooms
                ):
                    wrong[f"rule '{rule.name}' does not allow {self.at(pl)}"].append(pid)
            for rule in rules:
                if not rule.exclusive:
                    continue
                if rule.rooms:
                    reserved = pl.room in rule.rooms and (
                        rule.sessions is None or pl.session in rule.sessions
                    )
                    namers = {j for j, r in enumerate(rules) if r.rooms and pl.room in r.rooms}
                else:
                    reserved = pl.session in (rule.sessions or [])
                    namers = {
                        j for j, r in enumerate(rules) if r.sessions and pl.session in r.sessions
                    }
                if reserved and not namers & mine:
                    wrong[f"{self.at(pl)} is reserved by rule '{rule.name}'"].append(pid)
        for what, pids in wrong.items():
            self.add("place", f"{what}: posters {self.posters(pids)}")

    def pins(self) -> None:
        pattern = self.venue.rules.board_label
        for pin in self.venue.pins:
            pl = self.where.get(pin.paper)
            if pl is None:
                continue  # unplaced or misplaced: the placement rule says so
            wrong = []
            if pl.session != pin.session:
                wrong.append(f"session '{pin.session}'")
            if pin.room is not None and pl.room != pin.room:
                wrong.append(f"room '{pin.room}'")
            if (
                pin.board is not None
                and (pin.room is None or pl.room == pin.room)
                and not pin_board_matches(pin.board, pl, self.rooms[pl.room], pattern)
            ):
                wrong.append(f"board '{pin.board}'")
            if not wrong:
                continue
            if pl.status == "pinned" and HAND_EDIT in pl.reason:
                where = pl.reason.split(HAND_EDIT, 1)[1].strip()
                self.note(
                    f"poster {pin.paper} is not where the venue pins it "
                    f"({', '.join(wrong)}): a hand edit {where} moved it "
                    f"to {self.at(pl)}"
                )
                continue
            self.add(
                "pin",
                f"poster {self.poster(pin.paper)} is pinned to "
                f"{', '.join(wrong)} but is at {self.at(pl)}",
            )

    # ------------------------------------------------------------------ clashes

    def clashes(self, person_away: dict[str, set[str]]) -> None:
        """Recounts the clashes, holds the plan's clash list against them, and adds the figures."""
        recount = self.recount_clashes()
        presenter_pairs = self.presenter_clashes()
        reported = self.reported_clashes(recount)
        self.unreported_clashes(recount, reported)
        self.clash_figures(recount, presenter_pairs, person_away)

    def overlapping_pairs(self, pids: list[str]) -> Iterator[tuple[str, str]]:
        """Every two of the placed posters ``pids`` (in list order) at overlapping times."""
        for i, a in enumerate(pids):
            for b in pids[i + 1 :]:
                sa, sb = self.where[a].session, self.where[b].session
                if overlaps(self.sessions[sa], self.sessions[sb]):
                    yield a, b

    def recount_clashes(self) -> dict[_Clash, bool]:
        """Each shared-author clash recounted: (author, two posters) -> presents both?"""
        by_person: dict[str, list[str]] = defaultdict(list)
        for paper in self.plan.papers:
            if paper.id in self.where:
                for key in dict.fromkeys(paper.authors):
                    by_person[key].append(paper.id)
        recount: dict[_Clash, bool] = {}
        for key, pids in by_person.items():
            for a, b in self.overlapping_pairs(pids):
                presents = self.papers[a].presenter == key == self.papers[b].presenter
                recount[key, frozenset((a, b))] = presents
        return recount

    def presenter_clashes(self) -> int:
        """The hard rule, a presenter at two posters at once: each pair reported and counted.

        Grouped by the presenter field itself, not through the author lists.
        """
        by_presenter: dict[str, list[str]] = defaultdict(list)
        for paper in self.plan.papers:
            if paper.presenter and paper.id in self.where:
                by_presenter[paper.presenter].append(paper.id)
        presenter_pairs = 0
        for key, pids in sorted(by_presenter.items()):
            for a, b in self.overlapping_pairs(pids):
                pa, pb = self.where[a], self.where[b]
                presenter_pairs += 1
                self.add(
                    "presenter",
                    f"{self.person(key)} presents poster "
                    f"{self.poster(a)} in session '{pa.session}' and poster "
                    f"{self.poster(b)} in session '{pb.session}', at "
                    "overlapping times",
                )
        return presenter_pairs

    def reported_clashes(self, recount: dict[_Clash, bool]) -> set[_Clash]:
        """The plan's clash list; an entry repeated, unfounded or wrong is reported."""
        reported: set[_Clash] = set()
        for c in self.plan.clashes:
            pair = (c.person, frozenset(c.papers))
            if pair in reported:
                self.add(
                    "clashes",
                    f"the plan reports the clash of {self.person(c.person)} "
                    f"between posters {c.papers[0]} and {c.papers[1]} twice",
                )
                continue
            reported.add(pair)
            if not all(p in self.where for p in c.papers):
                continue  # unplaced or misplaced: the placement rule says so
            if pair not in recount:
                self.add(
                    "clashes",
                    f"the plan reports a clash of {self.person(c.person)} "
                    f"between posters {c.papers[0]} and {c.papers[1]}, but the "
                    "author lists and sessions give none",
                )
                continue
            actual = {p: self.where[p].session for p in c.papers}
            if (
                dict(zip(c.papers, c.sessions, strict=False)) != actual
                or c.presenter != recount[pair]
            ):
                self.add(
                    "clashes",
                    f"the plan's clash of {self.person(c.person)} between "
                    f"posters {c.papers[0]} and {c.papers[1]} gives sessions "
                    f"{list(c.sessions)} and presenter={c.presenter}; the plan places "
                    f"them in {[actual[p] for p in c.papers]}, presenter="
                    f"{recount[pair]}",
                )
        return reported

    def unreported_clashes(
        self,
        recount: dict[_Clash, bool],
        reported: set[_Clash],
    ) -> None:
        """Every recounted clash is on the plan's clash list."""
        for (person, posters), _ in sorted(
            recount.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))
        ):
            if (person, posters) not in reported:
                a, b = sorted(posters)
                self.add(
                    "clashes",
                    f"{self.person(person)} has posters {self.poster(a)} in "
                    f"session '{self.where[a].session}' and {self.poster(b)} in session "
                    f"'{self.where[b].session}' at overlapping times, and the plan does "
                    "not report it",
                )

    def clash_figures(
        self,
        recount: dict[_Clash, bool],
        presenter_pairs: int,
        person_away: dict[str, set[str]],
    ) -> None:
        """The clash figures, and a note when the recount falls below the lower bound."""
        bound = self.lower_bound(person_away)
        figures = self.report.figures
        figures.update(
            clashes=len(recount),
            presenter_clashes=presenter_pairs,
            clash_lower_bound=bound,
            clashes_above_bound=len(recount) - bound,
        )
        if len(recount) < bound and "placement" not in self.report.rules:
            self.note(
                f"{len(recount)} clashes is below the lower bound {bound}: the bound or "
                "the author lists are wrong"
            )

    def person(self, key: str) -> str:
        record = self.people.get(key)
        return f"{record.name} ({key})" if record else key

    def lower_bound(self, person_away: dict[str, set[str]]) -> int:
        """The fewest shared-author clashes any plan can have.

        A person with n papers who can attend w pairwise non-overlapping
        sessions (not away, with usable boards) meets the n papers in at least
        w groups of mutually overlapping sessions, so at least the pairs of n
        spread evenly over w.
        """
        with_boards = [
            s
            for s in self.venue.sessions
            if sum(usable_boards(r, s.id, self.venue) for r in self.venue.rooms) > 0
        ]
        count: Counter[str] = Counter()
        for paper in self.plan.papers:
            for key in dict.fromkeys(paper.authors):
                count[key] += 1
        total = 0
        cache: dict[frozenset[str], int] = {}
        for key, n in count.items():
            if n < 2:
                continue
            away = frozenset(person_away.get(key, ()))
            if away not in cache:
                cache[away] = separate_times(s for s in with_boards if s.id not in away)
            total += spread_pairs(n, cache[away])
        return total

    # ------------------------------------------------------------------ figures

    def figures(self) -> None:
        plan, figures = self.plan, self.report.figures
        changes = plan.changes
        moved = changes.moved if changes else []
        figures.update(
            posters=len(self.expected()),
            placed=len(self.placed),
            moves=len(moved),
            moves_by_kind=dict(Counter(m.kind for m in moved)),
            added=len(changes.added) if changes else 0,
            removed=len(changes.removed) if changes else 0,
            topic_grouping=self.topic_grouping(),
            plan_grouping=plan.figures.grouping,
        )
        stated = plan.figures
        for name, said, recount in (
            ("posters", stated.posters, len(plan.papers)),
            ("placed", stated.placed, len(plan.placements)),
            ("clashes", stated.clashes, figures["clashes"]),
            ("presenter_clashes", stated.presenter_clashes, figures["presenter_clashes"]),
            ("clash_lower_bound", stated.clash_lower_bound, figures["clash_lower_bound"]),
            ("moves", stated.moves, len(moved)),
        ):
            if said != recount:
                self.add("figures", f"the plan says {name} = {said}, the recount gives {recount}")

    def topic_grouping(self) -> float | None:
        """Same-topic pairs within a session and room, over same-topic pairs at random.

        1.0 is what a random placement gives; higher means topics are grouped.
        None when there is nothing to compare (one topic, or no room with two posters).
        """
        cells: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
        for pl in self.where.values():
            cells[pl.session, pl.room][pl.topic] += 1

        def pairs(n: int) -> int:
            return n * (n - 1) // 2

        within = sum(pairs(sum(c.values())) for c in cells.values())
        same_within = sum(pairs(k) for c in cells.values() for k in c.values())
        overall: Counter[int] = Counter()
        for c in cells.values():
            overall.update(c)
        everyone = pairs(sum(overall.values()))
        same_overall = sum(pairs(k) for k in overall.values())
        if not within or not everyone or not same_overall or same_overall == everyone:
            return None
        return round((same_within / within) / (same_overall / everyone), 3)

    # ------------------------------------------------------------------ inputs

    def snapshot(self) -> None:
        """Notes where the plan's copy of the papers differs from the paper list given."""
        if self.inputs is None:
            return
        differ = [
            p.id
            for p in self.inputs
            if p.id in self.papers
            and (
                p.title != self.papers[p.id].title_raw
                or len(p.authors) != len(self.papers[p.id].author_names)
            )
        ]
        if differ:
            self.note(
                f"{len(differ)} paper(s) changed title or authors since the plan was "
                f"made ({self.posters(differ)}); clashes are counted from the plan's "
                "copy: rerun planner plan"
            )


@with_existing_objects_frozen  # reading the plan back allocates a lot: see planner.core.gcfreeze
def verify(
    folder: Path,
    input_path: Path | None = None,
    venue_path: Path | None = None,
    files: bool = True,
    paper_list: PaperList | None = None,
) -> Report:
    """Checks the plan in ``folder`` against every hard rule.

    Without ``input_path`` the venue and the papers are the plan's own copies
    (``venue_path`` replaces the venue); with it, the paper list and venue it
    names (as ``planner plan`` resolves them) say which papers must be placed
    and under which rules.  Raises InputError when the plan or an input cannot
    be read.  ``paper_list``: the list at ``input_path`` as the caller has just
    read it (``planner plan`` checking its own output: the same reader on the same
    file would only take a second to say the same).
    """
    folder = Path(folder)
    plan = _read_plan(folder)
    venue, inputs, papers_sha = _read_inputs(input_path, venue_path, paper_list)
    report = Report(folder)
    if venue is None:
        venue = plan.venue
    else:
        if venue.sha256 and venue.sha256 != plan.inputs.venue_sha256:
            report.notes.append(
                f"the venue file {venue.source} differs from the one the plan "
                f"was made with ({plan.inputs.venue})"
            )
        if [u for u in venue.unavailable if u.row] != [u for u in plan.venue.unavailable if u.row]:
            report.notes.append(
                f"the availability table ({venue.rules.availability or 'none'}) differs from the "
                "one the plan was made with"
            )
        if papers_sha and papers_sha != plan.inputs.papers_sha256:
            report.notes.append(
                f"the paper list differs from the one the plan was made with ({plan.inputs.papers})"
            )
    check = _Checker(plan, venue, inputs, report)
    check.placement()
    check.rooms_and_boards()
    check.papers_json(folder)
    check.pins()
    check.place()
    person_away, entries = check.away()
    check.unavailable(entries)
    check.clashes(person_away)
    check.figures()
    check.snapshot()
    if files:  # planner plan and export check their files as they write them
        from planner.outputs.wellformed import problems_in

        report.violations += [Violation("files", p) for p in problems_in(folder)]
    order = {rule: i for i, rule in enumerate(RULES)}
    report.violations.sort(key=lambda v: order.get(v.rule, len(order)))
    return report


def format_report(report: Report) -> str:
    """One line per violation (``rule: message``), the figures, notes, and a verdict."""
    lines = [str(v) for v in report.violations]
    f = report.figures
    if f:
        parts = [
            f"{f.get('placed', 0)} of {f.get('posters', 0)} posters placed",
            f"shared-author clashes {f.get('clashes', 0)} (lower bound "
            f"{f.get('clash_lower_bound', 0)})",
            f"presenter clashes {f.get('presenter_clashes', 0)}",
        ]
        if f.get("topic_grouping") is not None:
            parts.append(f"same-topic neighbours {f['topic_grouping']:.2f}x random")
        moves = f"moves {f.get('moves', 0)}"
        if f.get("moves_by_kind"):
            moves += (
                " (" + ", ".join(f"{n} {k}" for k, n in sorted(f["moves_by_kind"].items())) + ")"
            )
        parts.append(moves)
        lines.append("figures: " + "; ".join(parts))
    lines += [f"note: {n}" for n in report.notes]
    if report.violations:
        broken = [r for r in RULES if r in report.rules]
        lines.append(
            f"FAILED: {len(report.violations)} violation(s) of "
            f"{', '.join(broken)} in {display_path(report.folder)}"
        )
    else:
        lines.append(f"OK: every hard rule holds in {display_path(report.folder)}")
    return "\n".join(lines)
