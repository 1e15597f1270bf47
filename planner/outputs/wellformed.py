"""Every output parses: checked on the staging folder before anything is replaced.

The writers sanitise what they write (planner.core.text.xml_safe and the calendar
writer's own escaping); this module checks the result, file by file, with a
parser of each format, so that a character or a name that slipped through
stops the run with a message instead of publishing a file that calendar
clients, conference apps or a spreadsheet program cannot read:

- JSON files (plan, papers, changes, schedule) load, and ``schedule.json``
  holds one event per placement with distinct ids (rooms whose names collide
  would merge and lose posters);
- ``schedule.xml`` is well-formed XML with the same events;
- ``plan.xlsx`` is a zip whose every XML part is well-formed, and opens;
- every ``.ics`` feed is a well-formed iCalendar stream: UTF-8, content
  lines ending in CRLF, balanced BEGIN/END, no control characters (the
  property values themselves come from the icalendar library's serialiser);
- CSV and HTML files are UTF-8 text;
- the app exports parse as their apps read them, one entry per poster and
  per talk: ``guidebook.csv`` (Guidebook's exact header, dates and times in
  its formats), ``whova-agenda.xlsx`` (opens; Agenda rows from 26 are Session
  and Sub rows, a Session first; a Speaker sheet) and ``acl-order.txt``
  (every line in the order file's grammar, papers only under a session).

``planner verify`` runs the same checks on a written folder (rule ``files``).
It is deliberately cheap (about a second at ICML size, 10,000 feeds):
parsing every feed with a full iCalendar library would cost more than
writing them, so the feeds get the line-level check; the tests parse them
with icalendar.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from planner.core.errors import VerificationError


def _json(path: Path, problems: list[str]) -> Any:
    try:
        return json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        problems.append(f"{path.name}: not valid JSON ({exc})")
        return None


def _xml(name: str, data: bytes, problems: list[str]) -> bool:
    parser = expat.ParserCreate()
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        problems.append(f"{name}: not well-formed XML ({exc})")
        return False
    return True


def _schedule(folder: Path, placements: int | None, problems: list[str]) -> None:
    doc = _json(folder / "schedule.json", problems) if (folder / "schedule.json").exists() else None
    if isinstance(doc, dict):
        try:
            days = doc["schedule"]["conference"]["days"]
            events = [e for day in days for room in day["rooms"].values() for e in room]
            ids = Counter(e["id"] for e in events)
            guids = Counter(e["guid"] for e in events)
            rooms = Counter(r["name"] for r in doc["schedule"]["conference"]["rooms"])
        except (KeyError, TypeError, AttributeError) as exc:
            problems.append(f"schedule.json: not a schedule ({exc!r} missing)")
        else:
            # Days list events under the room's name: two rooms of one name merge.
            shared = sorted(str(n) for n, k in rooms.items() if k > 1)
            if shared:
                problems.append(
                    f"schedule.json: rooms share the name {shared[0]!r}, so their posters merge"
                )
            if placements is not None and len(events) != placements:
                problems.append(
                    f"schedule.json: {len(events)} events for {placements} placed posters and talks"
                )
            twice = [str(k) for k, n in (ids + guids).items() if n > 1]
            if len(ids) != len(events) or len(guids) != len(events):
                problems.append(f"schedule.json: event ids used twice ({', '.join(twice[:5])})")
    path = folder / "schedule.xml"
    if path.exists():
        try:
            root = ElementTree.fromstring(path.read_bytes())
        except ElementTree.ParseError as exc:
            problems.append(f"{path.name}: not well-formed XML ({exc})")
        else:
            events = root.findall("./day/room/event")
            if placements is not None and len(events) != placements:
                problems.append(
                    f"schedule.xml: {len(events)} events for {placements} placed posters and talks"
                )


def _workbook(path: Path, problems: list[str]) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [i for i in archive.infolist() if i.filename.endswith((".xml", ".rels"))]
            for info in parts:
                if not _xml(f"{path.name} ({info.filename})", archive.read(info), problems):
                    return
    except (zipfile.BadZipFile, OSError) as exc:
        problems.append(f"{path.name}: not a readable workbook ({exc})")
        return
    from openpyxl import load_workbook

    try:
        load_workbook(path, read_only=True).close()
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        problems.append(f"{path.name}: does not open ({type(exc).__name__}: {exc})")


# Controls other than tab and the CR LF of line ends.
_ICS_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Unfolded content lines: NAME[;params]:value, each ending in CRLF.
_ICS_STREAM = re.compile(rb"(?:[A-Za-z0-9-]+(?:;[^\r\n]*)?:[^\r\n]*\r\n)+")
_ICS_FOLD = re.compile(rb"\r\n[ \t]")
_ICS_BLOCK = re.compile(rb"^(BEGIN|END):([^\r\n]*)\r$", re.M)


def _ics_lines(name: str, data: bytes, problems: list[str]) -> bool:
    """RFC 5545 at the line level: UTF-8, content lines ``NAME[;params]:value`` ending
    in CRLF (folded lines start with a space or tab), no control characters, and
    BEGIN/END balanced around one VCALENDAR.  Regular expressions over the whole
    file, not a loop over lines: 10,000 feeds at ICML size."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: not UTF-8 ({exc})")
        return False
    bad = _ICS_CONTROL.search(data)
    if bad:
        line = data.count(b"\n", 0, bad.start()) + 1
        problems.append(f"{name}: line {line} holds a control character")
        return False
    if not data.count(b"\r") == data.count(b"\n") == data.count(b"\r\n"):
        problems.append(f"{name}: a line ends in a bare CR or LF, not CRLF")
        return False
    unfolded = _ICS_FOLD.sub(b"", data)
    if not _ICS_STREAM.fullmatch(unfolded):
        problems.append(f"{name}: not a sequence of iCalendar content lines")
        return False
    stack: list[bytes] = []
    blocks = _ICS_BLOCK.findall(unfolded)
    for kind, value in blocks:
        if kind == b"BEGIN":
            stack.append(value)
        elif not stack or stack.pop() != value:
            problems.append(f"{name}: END:{value.decode()} without its BEGIN")
            return False
    if (
        stack
        or not unfolded.startswith(b"BEGIN:VCALENDAR\r\n")
        or blocks[-1] != (b"END", b"VCALENDAR")
        or len([b for b in blocks if b == (b"BEGIN", b"VCALENDAR")]) != 1
    ):
        problems.append(f"{name}: not one whole VCALENDAR")
        return False
    return True


def _calendars(folder: Path, problems: list[str], published: Path | None = None) -> None:
    root = folder / "calendars"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.ics")):
        relative = path.relative_to(folder)
        if published is not None and _same_file(path, published / relative):
            continue  # linked to the published feed, checked when it was written
        if not _ics_lines(str(relative), path.read_bytes(), problems):
            return


def _same_file(staged: Path, published: Path) -> bool:
    """Whether a staged file is a hard link to the published one (an unchanged feed)."""
    try:
        a, b = os.lstat(staged), os.lstat(published)
    except OSError:
        return False
    return a.st_ino == b.st_ino and a.st_dev == b.st_dev and a.st_nlink > 1


GUIDEBOOK = "guidebook.csv"
GUIDEBOOK_HEADER = [
    "Session Title", "Date", "Time Start", "Time End", "Room/Location",
    "Schedule Track (Optional)", "Description (Optional)",
]  # fmt: skip
_US_DATE = re.compile(r"(0[1-9]|1[0-2])/(0[1-9]|[12][0-9]|3[01])/[0-9]{4}")
_CLOCK = re.compile(r"(0[1-9]|1[0-2]):[0-5][0-9] [AP]M")


def _guidebook(path: Path, entries: int | None, problems: list[str]) -> None:
    """Guidebook's schedule template: its header, then rows of a date and two times."""
    try:
        rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error) as exc:
        problems.append(f"{path.name}: not UTF-8 CSV ({exc})")
        return
    if not rows or rows[0] != GUIDEBOOK_HEADER:
        problems.append(f"{path.name}: the header is not Guidebook's schedule template")
        return
    for number, row in enumerate(rows[1:], start=2):
        if len(row) != len(GUIDEBOOK_HEADER) or not (
            _US_DATE.fullmatch(row[1]) and _CLOCK.fullmatch(row[2]) and _CLOCK.fullmatch(row[3])
        ):
            problems.append(f"{path.name}: row {number} is not a session in the template")
            return
    if entries is not None and len(rows) - 1 != entries:
        problems.append(f"{path.name}: {len(rows) - 1} rows for {entries} posters and talks")


WHOVA = "whova-agenda.xlsx"


def _whova(path: Path, entries: int | None, problems: list[str]) -> None:
    """Whova's agenda template: headers on row 25, Session and Sub rows (column J) from 26."""
    before = len(problems)
    _workbook(path, problems)
    if len(problems) > before:
        return
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    try:
        if "Agenda" not in book.sheetnames or "Speaker" not in book.sheetnames:
            problems.append(f"{path.name}: no Agenda and Speaker sheets")
            return
        agenda = book["Agenda"]
        header = next(agenda.iter_rows(min_row=25, max_row=25, max_col=1, values_only=True), ())
        # Column J alone: reading every cell costs a second at NeurIPS size.
        column = agenda.iter_rows(min_row=26, min_col=10, max_col=10, values_only=True)
        kinds = [kind for (kind,) in column if kind is not None]
    finally:
        book.close()
    if header != ("Date",) or kinds[:1] not in ([], ["Session"]):
        problems.append(f"{path.name}: the agenda does not start at row 26 with a Session row")
    elif not set(kinds) <= {"Session", "Sub"}:
        problems.append(f"{path.name}: an agenda row is neither a Session nor a Sub row")
    elif entries is not None and kinds.count("Sub") != entries:
        problems.append(
            f"{path.name}: {kinds.count('Sub')} Sub rows for {entries} posters and talks"
        )


ACL_ORDER = "acl-order.txt"
_DAY = "(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_MONTH = "(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_SPAN = "[0-9]{2}:[0-9]{2}--[0-9]{2}:[0-9]{2}"
_ORDER_LINE = re.compile(
    rf"(?P<day>\* {_DAY}, {_MONTH} [1-9][0-9]?, [0-9]{{4}})"
    rf"|(?P<block>\+ {_SPAN} [^\n]*)"
    r"|(?P<session>= [^#%\n]+ # %room [^#%\n]+)"
    r"|(?P<topic>@ [^#\n]*)"
    rf"|(?P<paper>[^\s#]+(?: {_SPAN})? #(?: %board [^#%\n]*)?)"
)
# What each kind of line must come under: a day, a time block, a session (room) line.
_UNDER = {"day": "", "block": "day", "session": "block", "topic": "session", "paper": "session"}
_LEVEL = {"day": 1, "block": 2, "session": 3}


def _acl_order(path: Path, entries: int | None, problems: list[str]) -> None:
    """ACL order file lines: a day first; papers and topics only under a session line."""
    try:
        lines = path.read_bytes().decode("utf-8").split("\n")
    except UnicodeDecodeError as exc:
        problems.append(f"{path.name}: not UTF-8 ({exc})")
        return
    depth, papers = 0, 0  # 0 before the first day, then the level of the last heading
    for number, line in enumerate(lines[:-1], start=1):
        if not line:
            continue
        match = _ORDER_LINE.fullmatch(line)
        kind = match.lastgroup if match else None
        if kind is None or depth < _LEVEL.get(_UNDER[kind], 0):
            problems.append(f"{path.name}: line {number} is not an order file line there")
            return
        depth = _LEVEL.get(kind, depth)
        papers += kind == "paper"
    if lines[-1] != "":
        problems.append(f"{path.name}: the last line does not end")
    elif entries is not None and papers != entries:
        problems.append(f"{path.name}: {papers} papers for {entries} posters and talks")


def _app_exports(folder: Path, entries: int | None, problems: list[str]) -> None:
    for name, check in ((GUIDEBOOK, _guidebook), (WHOVA, _whova), (ACL_ORDER, _acl_order)):
        if (folder / name).exists():
            check(folder / name, entries, problems)


DATA_TEXT = ("placements.csv", "report.html")
CALENDAR_TEXT = ("calendars/authors/index.csv", "calendars/authors/index.html")
# The outputs in groups that can be checked apart, as soon as their writers are
# done (planner.outputs.folder checks each group in the lane that wrote it).
DATA, WORKBOOK, CALENDARS = "data", "workbook", "calendars"
PARTS = (DATA, WORKBOOK, CALENDARS)


def _text_files(folder: Path, problems: list[str], names: tuple[str, ...]) -> None:
    for name in names:
        path = folder / name
        if not path.exists():
            continue
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(f"{name}: not UTF-8 ({exc})")
            continue
        if name.endswith(".csv"):
            try:
                list(csv.reader(io.StringIO(text, newline="")))
            except csv.Error as exc:
                problems.append(f"{name}: not valid CSV ({exc})")


def problems_in(
    folder: Path,
    written_together: bool = False,
    published: Path | None = None,
    parts: tuple[str, ...] = PARTS,
) -> list[str]:
    """What does not parse in an output folder, one line per file (empty: all is well).

    ``written_together``: the files were just written from plan.json, so the
    schedule must hold exactly its placements (``planner verify`` on a folder
    whose plan.json was edited by hand does not ask that).  ``published``: the
    output folder a staging folder will replace; feeds linked to it unchanged
    were checked when they were first written.  ``parts``: which groups of
    files to check (:data:`PARTS`: the data files, the workbook, the feeds).
    """
    problems: list[str] = []
    if DATA in parts:
        placements: int | None = None
        if (folder / "plan.json").exists():
            plan = _json(folder / "plan.json", problems)
            if (
                written_together
                and isinstance(plan, dict)
                and isinstance(plan.get("placements"), list)
            ):
                # One schedule event per poster and one per talk.
                talks = plan.get("talks")
                placements = len(plan["placements"]) + (
                    len(talks) if isinstance(talks, list) else 0
                )
        for name in ("papers.json", "changes.json"):
            if (folder / name).exists():
                _json(folder / name, problems)
        _schedule(folder, placements, problems)
        _app_exports(folder, placements, problems)
    if WORKBOOK in parts and (folder / "plan.xlsx").exists():
        _workbook(folder / "plan.xlsx", problems)
    if CALENDARS in parts:
        _calendars(folder, problems, published)
    if DATA in parts:
        _text_files(folder, problems, DATA_TEXT)
    if CALENDARS in parts:
        _text_files(folder, problems, CALENDAR_TEXT)
    return problems


def check_outputs(
    folder: Path, published: Path | None = None, parts: tuple[str, ...] = PARTS
) -> None:
    """Raises VerificationError when a freshly written output (of ``parts``) does not parse."""
    problems = problems_in(folder, written_together=True, published=published, parts=parts)
    if problems:
        raise VerificationError(
            [
                "an output the planner wrote does not parse, so nothing was replaced (this is a "
                "bug in the planner: please report it with the inputs):",
                *problems,
            ]
        )
