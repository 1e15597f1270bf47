"""The app exports: ``whova-agenda.xlsx``, ``guidebook.csv`` and ``acl-order.txt``.

A small programme with posters and talks (two talk days, two poster
sessions, a seated room and a room with boards and seats) is planned once;
each file is read back with the parser its app would use (openpyxl, csv, a
small order-file parser here) and every poster and every talk must appear
exactly once, at the date, times and place the plan gives it.  The expected
dates and times are formatted here from the plan's records, not taken from
the writers.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from talk_programme import record, session, venue, write_papers

from planner.engine import Options, make_plan
from planner.outputs import acl_order, guidebook, wellformed, whova
from planner.outputs.folder import write_outputs, write_plan
from planner.outputs.writers import WRITERS
from planner.people.inputs import load
from planner.plan.records import Plan

HOSTILE = '=HYPERLINK("http://x","y")\nsecond line \u202e مرحبا עולם'
HOSTILE_ID = "500"
VENUE = venue(
    "App Export Conf",
    "appexp",
    [
        session("talks-0", "=SUM(1,2) opening", "2026-06-01T09:00:00", "2026-06-01T09:40:00", True),
        session(
            "talks-1", "Talks #1 & 100% news", "2026-06-02T09:00:00", "2026-06-02T09:40:00", True
        ),
        session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        session("posters-2", "Evening session", "2026-06-03T14:00:00", "2026-06-03T15:30:00"),
    ],
)
FILES = (whova.FILE, guidebook.FILE, acl_order.FILE)


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = tmp_path_factory.mktemp("apps") / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(VENUE, encoding="utf-8")
    decisions = ["Oral"] * 4 + ["Spotlight"] * 4 + ["Poster"] * 8
    records = [record(i, decisions[i], (i + 1) % 16) for i in range(16)]
    records[0]["name"] = HOSTILE
    write_papers(folder, records)
    planned = make_plan(load(folder), Options(time_limit=2))
    assert planned.talks and planned.placements
    return planned


def _write(plan: Plan, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    write_plan(plan, folder)
    for module in (whova, guidebook, acl_order):
        module.write(plan, folder)
    return folder


@pytest.fixture(scope="module")
def written(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write(plan, tmp_path_factory.mktemp("written"))


def _date(moment: datetime) -> str:
    return moment.strftime("%m/%d/%Y")


def _time(moment: datetime) -> str:
    return moment.strftime("%I:%M %p")


def _entries(plan: Plan) -> Counter[tuple[str, str, str, str, str]]:
    """(title, date, start, end, place) of every poster and every talk, from the plan."""
    venue, papers = plan.venue, plan.paper_by_id
    out: Counter[tuple[str, str, str, str, str]] = Counter()
    for pl in plan.placements:
        s, room = venue.session_by_id[pl.session], venue.room_by_id[pl.room]
        title = " ".join(papers[pl.paper].title.split())
        out[(title, _date(s.start), _time(s.start), _time(s.end), f"{room.name} #{pl.label}")] += 1
    for t in plan.talks:
        room = venue.talk_room_by_id[t.room]
        title = " ".join(papers[t.paper].title.split())
        out[(title, _date(t.start), _time(t.start), _time(t.end), room.name)] += 1
    return out


def _unguarded(text: str) -> str:
    """A CSV cell as written, without the apostrophe that guards a formula."""
    return text[1:] if text.startswith("'") and text[1:2] in "=+-@\t" else text


# --------------------------------------------------------------------------- Guidebook


def test_guidebook_has_the_exact_header_and_every_poster_and_talk_once(
    plan: Plan, written: Path
) -> None:
    raw = (written / guidebook.FILE).read_bytes()
    assert raw.startswith(
        b"Session Title,Date,Time Start,Time End,Room/Location,"
        b"Schedule Track (Optional),Description (Optional)\r\n"
    )
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert all(len(row) == 7 for row in rows)
    got = Counter((_unguarded(r[0]), r[1], r[2], r[3], r[4]) for r in rows[1:])
    assert got == _entries(plan)
    assert len(rows) - 1 == len(plan.placements) + len(plan.talks)


def test_guidebook_tracks_say_poster_or_talk_and_the_topic(plan: Plan, written: Path) -> None:
    with (written / guidebook.FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    labels = {t.label for t in plan.topics}
    for row in rows:
        kind, _, topic = row["Schedule Track (Optional)"].partition("; ")
        assert kind in ("Posters", "Talks") and topic in labels
    kinds = Counter(r["Schedule Track (Optional)"].split("; ")[0] for r in rows)
    assert kinds == {"Posters": len(plan.placements), "Talks": len(plan.talks)}


def test_a_hostile_title_survives_guidebook_as_guarded_text(plan: Plan, written: Path) -> None:
    with (written / guidebook.FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    title = " ".join(plan.paper_by_id[HOSTILE_ID].title.split())
    assert "\u202e" in title and "עולם" in title and "\n" not in title
    hostile = [r for r in rows if "HYPERLINK" in r["Session Title"]]
    # Its poster and its talk, each once: guarded, on one line, right-to-left text kept.
    assert len(hostile) == 2
    assert all(r["Session Title"] == "'" + title for r in hostile)
    # A description starting with a formula (the session "=SUM(1,2) opening") is guarded too.
    assert any(r["Description (Optional)"].startswith("'=SUM(1,2)") for r in rows)
    assert b"\n" not in (written / guidebook.FILE).read_bytes().replace(b"\r\n", b"")


# --------------------------------------------------------------------------- Whova


def _agenda(path: Path) -> list[tuple]:
    book = load_workbook(path)
    rows = [tuple(c.value for c in row[:10]) for row in book["Agenda"].iter_rows(min_row=26)]
    return [r for r in rows if any(v is not None for v in r)]


def test_whova_agenda_starts_at_row_26_with_sessions_and_their_subs(
    plan: Plan, written: Path
) -> None:
    book = load_workbook(written / whova.FILE)
    agenda = book["Agenda"]
    header = [agenda.cell(25, c).value for c in range(1, 11)]
    assert header[:8] == [
        "Date", "Start Time", "End Time", "Tracks", "Session Title", "Location",
        "Description", "Speakers",
    ]  # fmt: skip
    assert header[8] is None and header[9] == "Session or Sub"
    assert all(agenda.cell(r, 10).value is None for r in range(1, 25))
    assert agenda.cell(26, 10).value == "Session"
    rows = _agenda(written / whova.FILE)
    sessions = [r for r in rows if r[9] == "Session"]
    poster_sessions = {s.name for s in plan.venue.sessions}
    every = {s.name: s for s in [*plan.venue.sessions, *plan.venue.talk_sessions]}
    assert sorted(r[4] for r in sessions) == sorted(every)
    for r in sessions:
        s = every[r[4]]
        assert r[:3] == (_date(s.start), _time(s.start), _time(s.end))
    by_title = {" ".join(p.title.split()): p.id for p in plan.papers}
    placed, talks = plan.placement_of, plan.talk_of
    parent: tuple | None = None
    for row in rows:
        assert row[9] in ("Session", "Sub")
        if row[9] == "Session":
            parent = row
            continue
        assert parent is not None  # every Sub row directly under its own session's row
        paper = by_title[row[4]]
        if parent[4] in poster_sessions:
            assert plan.venue.session_by_id[placed[paper].session].name == parent[4]
        else:
            assert plan.venue.talk_session_by_id[talks[paper].session].name == parent[4]
        start, end = (datetime.strptime(f"{row[0]} {t}", "%m/%d/%Y %I:%M %p") for t in row[1:3])
        p_start, p_end = (
            datetime.strptime(f"{parent[0]} {t}", "%m/%d/%Y %I:%M %p") for t in parent[1:3]
        )
        assert p_start <= start < end <= p_end
        kind = "Posters" if parent[4] in poster_sessions else "Talks"
        assert row[3].split("; ")[0] == kind == parent[3]


def test_whova_holds_every_poster_and_talk_once_with_its_place(plan: Plan, written: Path) -> None:
    rows = [r for r in _agenda(written / whova.FILE) if r[9] == "Sub"]
    assert Counter((r[4], r[0], r[1], r[2], r[5]) for r in rows) == _entries(plan)
    by_title = {" ".join(p.title.split()): p for p in plan.papers}
    for row in rows:
        assert row[7] == plan.person(by_title[row[4]].presenter or "").name


def test_whova_speaker_sheet_lists_each_presenter_once(plan: Plan, written: Path) -> None:
    book = load_workbook(written / whova.FILE)
    sheet = book["Speaker"]
    assert [sheet.cell(5, c).value for c in (1, 2, 3)] == ["Name", "Email", "Affiliation"]
    names = [row[0] for row in sheet.iter_rows(min_row=6, max_col=3, values_only=True) if row[0]]
    keys = {p.presenter for p in plan.papers if p.presenter}
    assert sorted(names) == sorted(plan.person(k).name for k in keys)
    assert len(names) == len(set(names))
    agenda = {r[7] for r in _agenda(written / whova.FILE) if r[7]}
    assert agenda == set(names)


def test_whova_keeps_the_hostile_title_as_text(plan: Plan, written: Path) -> None:
    book = load_workbook(written / whova.FILE)
    title = " ".join(plan.paper_by_id[HOSTILE_ID].title.split())
    cells = [c for row in book["Agenda"].iter_rows() for c in row if c.value == title]
    assert len(cells) == 2 and all(c.data_type == "s" for c in cells)


def test_whova_dates_are_the_plan_revision_time(plan: Plan, tmp_path: Path) -> None:
    old = plan.model_copy(update={"revision_time": datetime.fromisoformat("2024-03-05T06:07:08Z")})
    _write(old, tmp_path)
    book = load_workbook(tmp_path / whova.FILE)
    stamp = datetime(2024, 3, 5, 6, 7, 8)
    assert book.properties.created == stamp and book.properties.modified == stamp
    with zipfile.ZipFile(tmp_path / whova.FILE) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2024, 3, 5, 6, 7, 8)}


# --------------------------------------------------------------------------- ACL order file


@dataclass
class OrderEntry:
    day: str
    block: str  # "HH:MM--HH:MM Name"
    session: str
    room: str
    topic: str | None
    paper: str
    span: str | None
    board: str | None


_PAPER = re.compile(r"(\S+)(?: (\d\d:\d\d--\d\d:\d\d))? #(?: %board (.*))?")


def parse_order(text: str) -> list[OrderEntry]:
    """A small order-file reader: the papers with the day, block, session and topic above."""
    day = block = sess = room = ""
    topic: str | None = None
    out = []
    for line in text.split("\n"):
        if not line:
            continue
        mark, _, rest = line.partition(" ")
        if mark == "*":
            day, block, sess, room = rest, "", "", ""
        elif mark == "+":
            block, sess, room = rest, "", ""
        elif mark == "=":
            sess, _, meta = rest.partition(" # %room ")
            room, topic = meta, None
        elif mark == "@":
            topic = rest
        else:
            match = _PAPER.fullmatch(line)
            assert match and day and block and sess, line
            out.append(OrderEntry(day, block, sess, room, topic, *match.groups()))
    return out


def test_the_order_file_holds_every_poster_in_board_order_under_its_topic(
    plan: Plan, written: Path
) -> None:
    entries = parse_order((written / acl_order.FILE).read_text("utf-8"))
    posters = [e for e in entries if e.span is None]
    assert Counter(e.paper for e in posters) == Counter(pl.paper for pl in plan.placements)
    topics = {t.id: t.label for t in plan.topics}
    placed = plan.placement_of
    for entry in posters:
        pl = placed[entry.paper]
        s, room = plan.venue.session_by_id[pl.session], plan.venue.room_by_id[pl.room]
        assert entry.day == s.start.strftime("%A, %B ") + f"{s.start.day}, {s.start.year}"
        assert entry.block == f"{s.start:%H:%M}--{s.end:%H:%M} {s.name}"
        assert "poster" in entry.session.casefold() and entry.room == room.name
        assert entry.board == pl.label and entry.topic == topics[pl.topic]
    for key in {(e.block, e.room) for e in posters}:
        boards = [placed[e.paper].board for e in posters if (e.block, e.room) == key]
        assert boards == sorted(boards)


def test_the_order_file_holds_every_talk_at_its_own_times_under_its_room(
    plan: Plan, written: Path
) -> None:
    entries = parse_order((written / acl_order.FILE).read_text("utf-8"))
    talks = [e for e in entries if e.span is not None]
    assert Counter(e.paper for e in talks) == Counter(t.paper for t in plan.talks)
    by_paper = plan.talk_of
    for entry in talks:
        t = by_paper[entry.paper]
        s, room = plan.venue.talk_session_by_id[t.session], plan.venue.talk_room_by_id[t.room]
        assert entry.span == f"{t.start:%H:%M}--{t.end:%H:%M}"
        assert entry.block.startswith(f"{s.start:%H:%M}--{s.end:%H:%M} ")
        assert entry.room == room.name and entry.board is None
    for key in {(e.block, e.room) for e in talks}:
        order = [by_paper[e.paper].position for e in talks if (e.block, e.room) == key]
        assert order == sorted(order)
    # '#', '%' and '&' in a session name cannot end it early or open metadata.
    assert "+ 09:00--09:40 Talks ＃1 \\& 100％ news" in (written / acl_order.FILE).read_text()


def test_odd_paper_ids_are_percent_encoded() -> None:
    assert acl_order.paper_id("P 017#2%") == "P%20017%232%25"
    assert acl_order.paper_id("~Jane_Doe1") == "~Jane_Doe1"


# --------------------------------------------------------------------------- together


def test_the_same_plan_gives_the_same_bytes(plan: Plan, written: Path, tmp_path: Path) -> None:
    again = _write(Plan.model_validate(json.loads(plan.to_json())), tmp_path)
    for name in FILES:
        assert (again / name).read_bytes() == (written / name).read_bytes(), name


def test_every_plan_writes_them_and_they_parse(plan: Plan, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_outputs(plan, out, WRITERS)
    for name in FILES:
        assert (out / name).is_file(), name
    assert wellformed.problems_in(out, written_together=True) == []


def _hostile(plan: Plan) -> Plan:
    """The plan with text no input reader would let through: line breaks, controls, bidi
    overrides, formulas, markup and the order file's own marks."""
    copy = Plan.model_validate(json.loads(plan.to_json()))
    paper = next(p for p in copy.papers if p.id == HOSTILE_ID)
    paper.title = "=cmd|' /C calc'!A0\r\nline two\x00\u202e #5 % & <script>x</script>"
    paper.abstract = "<b>bold</b> & more\nlines"
    copy.venue.room_by_id["hall"].name = "Hall\n#1 % & <i>"
    copy.topics[0].label = "@topic; with = signs\n#"
    presenter = copy.person(paper.presenter or "")
    presenter.name = "+Ann; Lee\u202e"
    return copy


def test_hostile_text_keeps_every_file_parseable(plan: Plan, tmp_path: Path) -> None:
    hostile = _hostile(plan)
    out = _write(hostile, tmp_path)
    assert wellformed.problems_in(out, written_together=True) == []
    with (out / guidebook.FILE).open(encoding="utf-8", newline="") as handle:
        titles = [r["Session Title"] for r in csv.DictReader(handle)]
    shown = "=cmd|' /C calc'!A0 line two\u202e #5 % & <script>x</script>"
    assert titles.count("'" + shown) == 2
    rows = [r for r in _agenda(out / whova.FILE) if r[4] == shown]
    assert len(rows) == 2
    assert all("&lt;b&gt;bold&lt;/b&gt;" in r[6] and "<b>" not in r[6] for r in rows)
    assert all(r[7] == "+Ann, Lee\u202e" for r in rows)
    entries = parse_order((out / acl_order.FILE).read_text("utf-8"))
    assert Counter(e.paper for e in entries)[HOSTILE_ID] == 2
    assert {e.room for e in entries if e.span is None} >= {"Hall ＃1 ％ & <i>"}


def test_people_sharing_a_name_stay_apart_in_whova(plan: Plan) -> None:
    copy = Plan.model_validate(json.loads(plan.to_json()))
    keys = list(dict.fromkeys(p.presenter for p in copy.papers if p.presenter))
    for key in keys[:3]:
        copy.person(key).name = "Bo Li"
    names = whova.speaker_names(copy, guidebook.programme(copy))
    shown = [names[k] for k in keys[:3]]
    assert sorted(shown) == ["Bo Li", "Bo Li (2)", "Bo Li (3)"]
    assert len(set(names.values())) == len(names)


@pytest.mark.parametrize(
    ("name", "damage", "message"),
    [
        (guidebook.FILE, lambda t: t.replace("Time Start", "Start"), "header"),
        (guidebook.FILE, lambda t: t.replace(" PM,", " pm,", 1), "row"),
        (acl_order.FILE, lambda t: t.replace("= ", "", 1), "line"),
        (acl_order.FILE, lambda t: t.replace(" #\n", "\n", 1), "line"),
        (acl_order.FILE, lambda t: t.rstrip("\n"), "last line"),
    ],
)
def test_a_damaged_app_file_is_caught(
    plan: Plan, tmp_path: Path, name: str, damage, message: str
) -> None:
    out = _write(plan, tmp_path)
    path = out / name
    path.write_text(damage(path.read_text("utf-8")), "utf-8", newline="")
    problems = wellformed.problems_in(out, written_together=True)
    assert len(problems) == 1 and problems[0].startswith(name) and message in problems[0]


def test_a_whova_agenda_missing_a_sub_row_is_caught(plan: Plan, tmp_path: Path) -> None:
    out = _write(plan, tmp_path)
    book = load_workbook(out / whova.FILE)
    agenda = book["Agenda"]
    last = agenda.max_row
    assert agenda.cell(last, 10).value == "Sub"
    agenda.delete_rows(last)
    book.save(out / whova.FILE)
    problems = wellformed.problems_in(out, written_together=True)
    assert problems == [
        f"{whova.FILE}: {len(plan.placements) + len(plan.talks) - 1} Sub rows for "
        f"{len(plan.placements) + len(plan.talks)} posters and talks"
    ]
