"""Every output parses: checked on the staging folder before anything is replaced.

The writers sanitise what they write (planner.text.xml_safe and the calendar
writer's own escaping); this module checks the result, file by file, with a
parser of each format, so that a character or a name that slipped through
stops the run with a message instead of publishing a file that calendar
clients, conference apps or a spreadsheet program cannot read:

- JSON files (plan, papers, changes, schedule) load, and ``schedule.json``
  holds one event per placement with distinct ids (rooms whose names collide
  would merge and lose posters);
- ``schedule.xml`` is well-formed XML with the same events;
- ``plan.xlsx`` is a zip whose every XML part is well-formed, and opens;
- every ``.ics`` feed is a well-formed iCalendar stream (content lines,
  balanced BEGIN/END, no control characters), and the conference feed, which
  holds every event, parses with the icalendar library;
- CSV and HTML files are UTF-8 text.

``planner verify`` runs the same checks on a written folder (rule ``files``).
It is deliberately cheap (a few hundred milliseconds at ICML size): parsing
10,000 author feeds with a full iCalendar library would cost more than
writing them, so those get the line-level check.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree
from xml.parsers import expat

from planner.errors import VerificationError

_ICS_NAME = re.compile(rb"[A-Za-z0-9-]+")
_ICS_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


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
    doc = _json(folder / "schedule.json", problems) if (folder / "schedule.json").exists() \
        else None
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
                problems.append(f"schedule.json: rooms share the name {shared[0]!r}, so their "
                                "posters merge")
            if placements is not None and len(events) != placements:
                problems.append(f"schedule.json: {len(events)} events for {placements} placed "
                                "posters")
            twice = [str(k) for k, n in (ids + guids).items() if n > 1]
            if len(ids) != len(events) or len(guids) != len(events):
                problems.append(f"schedule.json: event ids used twice ({', '.join(twice[:5])})")
    path = folder / "schedule.xml"
    if path.exists():
        data = path.read_bytes()
        if _xml(path.name, data, problems):
            root = ElementTree.fromstring(data)
            events = root.findall("./day/room/event")
            if placements is not None and len(events) != placements:
                problems.append(f"schedule.xml: {len(events)} events for {placements} placed "
                                "posters")


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


def _ics_lines(name: str, data: bytes, problems: list[str]) -> bool:
    """RFC 5545 at the line level: content lines ``NAME[;params]:value`` ending in CRLF,
    folded lines starting with a space or tab, BEGIN/END balanced, no control characters."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problems.append(f"{name}: not UTF-8 ({exc})")
        return False
    if not data.endswith(b"\r\n"):
        problems.append(f"{name}: does not end with a line break")
        return False
    stack: list[bytes] = []
    logical: list[bytes] = []
    for number, line in enumerate(data[:-2].split(b"\r\n"), 1):
        if _ICS_CONTROL.search(line):
            problems.append(f"{name}: line {number} holds a control character")
            return False
        if line[:1] in (b" ", b"\t"):
            if not logical:
                problems.append(f"{name}: line {number} continues nothing")
                return False
            logical[-1] += line[1:]
            continue
        logical.append(line)
    for line in logical:
        head = re.split(rb"[;:]", line, maxsplit=1)[0]
        if not _ICS_NAME.fullmatch(head) or b":" not in line:
            problems.append(f"{name}: '{line[:40]!r}' is not a content line")
            return False
        value = line.split(b":", 1)[1] if head in (b"BEGIN", b"END") else b""
        if head == b"BEGIN":
            stack.append(value)
        elif head == b"END" and (not stack or stack.pop() != value):
            problems.append(f"{name}: END:{value.decode()} without its BEGIN")
            return False
    if stack or not logical or logical[0] != b"BEGIN:VCALENDAR":
        problems.append(f"{name}: not one whole VCALENDAR")
        return False
    return True


def _calendars(folder: Path, problems: list[str]) -> None:
    root = folder / "calendars"
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*.ics")):
        if not _ics_lines(str(path.relative_to(folder)), path.read_bytes(), problems):
            return
    main = root / "conference.ics"
    if main.exists():
        from icalendar import Calendar

        try:
            Calendar.from_ical(main.read_bytes())
        except Exception as exc:  # icalendar raises ValueError and others
            problems.append(f"calendars/conference.ics: does not parse ({exc})")


def _text_files(folder: Path, problems: list[str]) -> None:
    names = ["placements.csv", "report.html", "calendars/authors/index.csv",
             "calendars/authors/index.html"]
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


def problems_in(folder: Path, written_together: bool = False) -> list[str]:
    """What does not parse in an output folder, one line per file (empty: all is well).

    ``written_together``: the files were just written from plan.json, so the
    schedule must hold exactly its placements (``planner verify`` on a folder
    whose plan.json was edited by hand does not ask that).
    """
    problems: list[str] = []
    placements: int | None = None
    if (folder / "plan.json").exists():
        plan = _json(folder / "plan.json", problems)
        if written_together and isinstance(plan, dict) \
                and isinstance(plan.get("placements"), list):
            placements = len(plan["placements"])
    for name in ("papers.json", "changes.json"):
        if (folder / name).exists():
            _json(folder / name, problems)
    _schedule(folder, placements, problems)
    if (folder / "plan.xlsx").exists():
        _workbook(folder / "plan.xlsx", problems)
    _calendars(folder, problems)
    _text_files(folder, problems)
    return problems


def check_outputs(folder: Path) -> None:
    """Raises VerificationError when a freshly written output does not parse."""
    problems = problems_in(folder, written_together=True)
    if problems:
        raise VerificationError(
            ["an output the planner wrote does not parse, so nothing was replaced (this is a "
             "bug in the planner: please report it with the inputs):", *problems])
