"""``whova-agenda.xlsx``: the programme in Whova's agenda import template.

Whova's organizer dashboard imports an agenda from its Excel template, which
the planner fills the way the NAACL 2019 organizers' generator did before
importing into Whova (naacl-org/naacl-app-2019, ``appagenda/generate.py``):

- Sheet **Agenda**: rows 1 to 24 hold a short instruction text, row 25 the
  column headers, and the data starts at row 26.  Columns: A Date
  (``MM/DD/YYYY``), B Start Time and C End Time (``hh:mm AM``), D Tracks
  (``; ``-separated), E Session Title, F Location, G Description (HTML, as
  Whova shows it), H Speakers (``; ``-separated names), I left empty (that
  generator left its column I empty too) and J the row's kind: ``Session``
  or ``Sub``.
- One ``Session`` row per poster session and per talk session (its times,
  ``Posters`` or ``Talks`` as its track, every room it uses in Location),
  directly followed by a ``Sub`` row per poster (the session's times,
  Location ``Hall C #A12``: the room's name and the board, since the template
  has no board column) and per talk (its own start and end, Location its
  room).  Sessions without posters or talks are left out.  Sub rows carry
  the paper's title, ``Posters`` or ``Talks`` and its topic label as tracks,
  its presenter or speaker in Speakers, and in Description where it is, the
  presenter or speaker, the authors, its link and the abstract.
- Sheet **Speaker**: rows 1 to 4 instructions, row 5 the headers, from row 6
  one row per presenter or speaker (a person, however many posters and
  talks they have): Name, Email, Affiliation (the first the input gave).
  Whova links the people of the Speakers cells by name (NAACL 2019 had to
  mark one of two "Bing Liu"s apart), so two people who share a name are
  told apart by a number, ``Bo Li (2)``, in both sheets; a ``;`` in a name
  or track becomes ``,`` so it cannot split the list.

Times are the venue's local time.  The template has **no id column**, so the
planner's paper ids are not in the file and Whova cannot match a re-imported
row to the session an earlier import made (see the README, "Where the plan
goes").

Safety: cells are written through the main workbook's helpers
(:func:`planner.outputs.workbook.cells.put`), so every string is stored as
text (a title starting with ``=`` is never a formula) and characters a
workbook cannot hold are dropped; description text is HTML-escaped.  The
same plan always gives the same bytes: the workbook's creation and
modification dates and the zip entries' times are the plan's revision time
(UTC), as ``plan.xlsx`` pins its creation date.
"""

from __future__ import annotations

import html
import io
from collections import Counter
from datetime import datetime
from pathlib import Path
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.constants import ARC_CORE
from openpyxl.xml.functions import tostring

from planner.outputs.folder import write_bytes
from planner.outputs.guidebook import (
    POSTERS,
    TALKS,
    Block,
    Item,
    clock,
    description,
    one_line,
    programme,
    track,
    us_date,
)
from planner.outputs.workbook.cells import (
    BOLD,
    HEADER_FILL,
    MAX_CELL,
    TITLE,
    WRAP,
    naive_utc,
    put,
    safe_text,
    set_cell,
)
from planner.outputs.workbook.names import person_name
from planner.outputs.workbook.sheet_xml import buffer_cells, save
from planner.plan.records import Plan

FILE = "whova-agenda.xlsx"
AGENDA, SPEAKER = "Agenda", "Speaker"
AGENDA_HEADER_ROW, AGENDA_FIRST_ROW = 25, 26
SPEAKER_HEADER_ROW, SPEAKER_FIRST_ROW = 5, 6
SESSION, SUB = "Session", "Sub"
# (header, width); column I stays empty, the row's kind is in J.
AGENDA_COLUMNS: list[tuple[str, float]] = [
    ("Date", 12),
    ("Start Time", 11),
    ("End Time", 11),
    ("Tracks", 30),
    ("Session Title", 60),
    ("Location", 26),
    ("Description", 60),
    ("Speakers", 28),
    ("", 4),
    ("Session or Sub", 15),
]
SPEAKER_COLUMNS: list[tuple[str, float]] = [("Name", 30), ("Email", 32), ("Affiliation", 40)]
KIND_COLUMN = 10  # J


def _agenda_notes(plan: Plan) -> list[str]:
    venue = plan.venue
    return [
        f"Whova agenda: {one_line(venue.name)}",
        f"Written by poster-planner {plan.planner_version} from plan revision {plan.revision}.",
        "Import this file with Whova's agenda import; the Speaker sheet lists every presenter "
        "and speaker named here.",
        f"Rows from {AGENDA_FIRST_ROW} on: a 'Session' row per poster or talk session, then a "
        "'Sub' row per poster and per talk in it (column J).",
        f"Dates are MM/DD/YYYY and times hh:mm AM, local to the venue ({venue.timezone})."
        if not venue.sites
        else "Dates are MM/DD/YYYY and times hh:mm AM, local at each session's site ("
        + "; ".join(f"{s.name}: {s.timezone}" for s in venue.sites)
        + ").",
        "A poster's board is in Location, after the room: 'Hall C #A12'.",
        "Column I is left empty.  There is no id column: after a rerun, re-importing cannot "
        "update these sessions in place.",
    ]


def _header(ws: Worksheet, row: int, columns: list[tuple[str, float]]) -> None:
    for col, (name, width) in enumerate(columns, start=1):
        put(ws, row, col, name, font=BOLD, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width


def _notes(ws: Worksheet, lines: list[str]) -> None:
    for row, text in enumerate(lines, start=1):
        put(ws, row, 1, text, font=TITLE if row == 1 else None)


def speaker_names(plan: Plan, blocks: list[Block]) -> dict[str, str]:
    """Person key -> the name both sheets show, in order of first appearance.

    A ``;`` would split the Speakers list, so it becomes ``,``; people who
    share a name get `` (2)``, `` (3)``, ... after the first, so Whova's
    match by name cannot merge them.
    """
    keys = [i.person for b in blocks for i in b.items if i.person is not None]
    shown = {k: track(person_name(plan, k)) for k in dict.fromkeys(keys)}
    taken = set(shown.values())
    seen: Counter[str] = Counter()
    names: dict[str, str] = {}
    for key, name in shown.items():
        seen[name] += 1
        if seen[name] > 1:
            number = seen[name]
            while f"{name} ({number})" in taken:
                number += 1
            name = f"{name} ({number})"
            taken.add(name)
        names[key] = name
    return names


def _html(parts: list[str]) -> str:
    """Paragraphs of escaped text, the last (the abstract) shortened to fit a cell."""
    done = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in parts)
    if len(done) <= MAX_CELL or not parts:
        return done
    head = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in parts[:-1])
    room = max(0, (MAX_CELL - len(head) - 8) // 6)  # an escaped character takes at most 6
    return head + f"<p>{html.escape(parts[-1][:room], quote=False)}</p>"


def _session_row(block: Block) -> list[str]:
    start, end, count = block.session.start, block.session.end, len(block.items)
    rooms = list(dict.fromkeys(one_line(i.room.name) for i in block.items))
    noun = ("poster" if block.kind == "poster" else "talk") + ("" if count == 1 else "s")
    text = f"{count} {noun} in {', '.join(rooms)}"
    kind = POSTERS if block.kind == "poster" else TALKS
    name = one_line(block.session.name)
    return [us_date(start), clock(start), clock(end), kind, name, ", ".join(rooms), _html([text])]


def _sub_row(plan: Plan, item: Item, names: dict[str, str]) -> list[str]:
    kind = POSTERS if item.kind == "poster" else TALKS
    tracks = f"{kind}; {track(item.topic)}" if track(item.topic) else kind
    speaker = names.get(item.person, "") if item.person is not None else ""
    return [
        us_date(item.start),
        clock(item.start),
        clock(item.end),
        tracks,
        one_line(item.paper.title),
        item.place,
        _html(description(plan, item)),
        speaker,
    ]


def agenda_rows(plan: Plan, blocks: list[Block], names: dict[str, str]) -> list[list[str]]:
    """The Agenda sheet's rows from row 26: A to H, then "" for I and the kind for J."""
    out = []
    for block in blocks:
        out.append([*_session_row(block), "", "", SESSION])
        out += [[*_sub_row(plan, item, names), "", SUB] for item in block.items]
    return out


def speaker_rows(plan: Plan, names: dict[str, str]) -> list[list[str]]:
    """The Speaker sheet's rows from row 6: name, e-mail, affiliation, one per person."""
    out = []
    for key, name in names.items():
        person = plan.person(key)
        email = one_line(person.emails[0]) if person.emails else ""
        affiliation = one_line(person.institutions[0]) if person.institutions else ""
        out.append([name, email, affiliation])
    return out


def build(plan: Plan) -> Workbook:
    wb = Workbook()
    agenda = wb.active
    assert agenda is not None
    agenda.title = AGENDA
    speakers = wb.create_sheet(SPEAKER)
    for ws in wb.worksheets:
        buffer_cells(ws, set_cell)
    blocks = programme(plan)
    names = speaker_names(plan, blocks)
    _notes(agenda, _agenda_notes(plan))
    _header(agenda, AGENDA_HEADER_ROW, AGENDA_COLUMNS)
    for row, values in enumerate(agenda_rows(plan, blocks, names), start=AGENDA_FIRST_ROW):
        for col, value in enumerate(values, start=1):
            if value:
                put(agenda, row, col, value, align=WRAP if col == 7 else None)
    _notes(
        speakers,
        [
            f"Speakers: {one_line(plan.venue.name)}",
            "Every presenter and speaker named in the Agenda sheet, once.",
            "E-mail and affiliation are the first the paper list gave for the person.",
        ],
    )
    _header(speakers, SPEAKER_HEADER_ROW, SPEAKER_COLUMNS)
    for row, values in enumerate(speaker_rows(plan, names), start=SPEAKER_FIRST_ROW):
        for col, value in enumerate(values, start=1):
            if value:
                put(speakers, row, col, value)
    stamp = naive_utc(plan.revision_time)
    wb.properties.title = safe_text(f"{plan.venue.name} Whova agenda")
    wb.properties.creator = f"poster-planner {plan.planner_version}"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    return wb


def _zip_time(moment: datetime) -> tuple[int, int, int, int, int, int]:
    """A zip entry's date and time (zip cannot go before 1980)."""
    if moment.year < 1980:
        return (1980, 1, 1, 0, 0, 0)
    return (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)


def pinned_bytes(wb: Workbook, draft: Path) -> bytes:
    """The saved workbook with its dates pinned to its creation date: the same plan, the
    same bytes.

    openpyxl stamps the modification date and every zip entry with the clock;
    the workbook is saved to ``draft`` (by planner.outputs.workbook.sheet_xml),
    then its entries are copied with the creation date as their time and the
    document properties rewritten with it as the modification date.
    """
    stamp = wb.properties.created
    save(wb, draft)
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    try:
        with ZipFile(draft) as src, ZipFile(out, "w", ZIP_DEFLATED) as dst:
            for info in src.infolist():
                entry = ZipInfo(info.filename, date_time=_zip_time(stamp))
                entry.compress_type = ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                dst.writestr(entry, core if info.filename == ARC_CORE else src.read(info))
    finally:
        draft.unlink()
    return out.getvalue()


def write(plan: Plan, folder: Path) -> None:
    """Writes whova-agenda.xlsx into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    data = pinned_bytes(build(plan), folder / f".{FILE}.part")
    write_bytes(folder / FILE, data)
