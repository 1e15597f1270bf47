"""The organizers' workbook of a plan with talks: a Talks sheet with each talk session and
room's running order and the posters that come before their talk, the talk sessions and
talk figures on Overview; a plan without talks keeps its workbook exactly as it was.

A small programme (two talk sessions in two seated rooms, two poster sessions) is
planned once per module; LibreOffice opens the workbook where it is installed.
"""

from __future__ import annotations

import shutil
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
import talk_programme as tp
from openpyxl import load_workbook
from talk_programme import record, venue, write_papers
from test_workbook import soffice

from planner.engine import Options, make_plan
from planner.outputs.workbook import book as workbook
from planner.outputs.workbook.names import person_name
from planner.people.inputs import load
from planner.plan.records import Plan, posters_before_talk

VENUE = venue(
    "Workbook Talks Conf",
    "wbtalks",
    [
        tp.session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
        tp.session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:40:00", talks=True),
        tp.session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        tp.session("posters-2", "Posters 2", "2026-06-03T11:00:00", "2026-06-03T12:30:00"),
    ],
)

TALK_PAPERS = 8  # papers 500..507 give a talk (4 orals, 4 spotlights)


def _papers(folder: Path) -> None:
    decide = lambda i: "Oral" if i < 4 else "Spotlight" if i < TALK_PAPERS else "Poster"  # noqa: E731
    write_papers(folder, [record(i, decide(i), (i + 1) % 18) for i in range(18)])


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = tmp_path_factory.mktemp("conf")
    (folder / "venue.toml").write_text(VENUE, encoding="utf-8")
    _papers(folder)
    made = make_plan(load(folder), Options(time_limit=3))
    assert len(made.talks) == TALK_PAPERS
    return made


@pytest.fixture(scope="module")
def early_plan(plan: Plan) -> Plan:
    """The plan with one day-2 talk's poster moved to day 1, before its talk: an exception
    to the talk-first preference, whatever the solver found."""
    copy = plan.model_copy(deep=True)
    talk = next(t for t in copy.talks if t.session == "talks-2")
    poster = next(pl for pl in copy.placements if pl.paper == talk.paper)
    poster.session = "posters-1"
    assert poster in posters_before_talk(copy)
    return copy


@pytest.fixture(scope="module")
def written(early_plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workbook")
    workbook.write(early_plan, folder)
    return folder / workbook.FILE


@pytest.fixture(scope="module")
def book(written: Path) -> Any:
    return load_workbook(written)


def _talk_rows(ws: Any) -> list[dict[str, Any]]:
    """The Talks table's rows (the header row and the rows down to the first blank one)."""
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[0])
    out = []
    for r in rows[1:]:
        if all(v is None for v in r):
            break
        out.append(dict(zip(header, r, strict=False)))
    return out


def test_the_talks_sheet_follows_placements(early_plan: Plan, book: Any) -> None:
    maps = list(workbook.board_sheet_titles(early_plan).values())
    assert book.sheetnames == [
        "Overview",
        "Placements",
        "Talks",
        *maps,
        "Authors",
        "Clashes",
        "Presenters",
        "Changes",
        "About",
        "Lists",
    ]


def test_talks_sheet_gives_each_rooms_running_order_with_times(early_plan: Plan, book: Any) -> None:
    ws = book["Talks"]
    rows = _talk_rows(ws)
    assert [h for h, _ in workbook.TALK_COLUMNS] == list(rows[0].keys())
    assert len(rows) == len(early_plan.talks)
    sessions = {s.id: s for s in early_plan.venue.talk_sessions}
    rooms = {r.id: r for r in early_plan.venue.talk_rooms}
    talk_of = early_plan.talk_of
    papers = early_plan.paper_by_id
    order = [(s.name, r.name) for s in sessions.values() for r in rooms.values()]
    seen = [(r["Session"], r["Room"]) for r in rows]
    assert seen == sorted(seen, key=order.index)  # by session, then room, in venue order
    for row in rows:
        talk = talk_of[row["Paper"]]
        paper = papers[talk.paper]
        assert row["Session"] == sessions[talk.session].name
        assert row["Room"] == rooms[talk.room].name
        assert row["Position"] == talk.position
        assert row["Start"] == talk.start and row["End"] == talk.end  # naive local times
        assert row["Minutes"] == (15 if int(talk.paper) < 504 else 5)
        assert row["Title"] == paper.title
        assert row["Speaker"] == person_name(early_plan, paper.presenter or "")
        assert row["Authors"] == ", ".join(paper.author_names)
        assert row["Topic"] == early_plan.topics[talk.topic].label
        assert row["Status"] == talk.status
    for (session, room), group in _by_room(rows).items():
        assert [r["Position"] for r in group] == list(range(1, len(group) + 1)), (session, room)
        starts = [r["Start"] for r in group]
        assert starts == sorted(starts)
        assert all(a["End"] <= b["Start"] for a, b in pairwise(group))


def _by_room(rows: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["Session"], row["Room"]), []).append(row)
    return groups


def test_talks_sheet_says_where_each_poster_is(early_plan: Plan, book: Any) -> None:
    posters = {pl.paper: pl for pl in early_plan.placements}
    venue = early_plan.venue
    for row in _talk_rows(book["Talks"]):
        pl = posters[row["Paper"]]
        session = venue.session_by_id[pl.session]
        room = venue.room_by_id[pl.room]
        assert row["Poster"] == f"{session.name}, {room.name}, board {pl.label}"
        assert row["Poster start"] == session.start


def test_talks_sheet_is_a_filtered_frozen_printable_table(early_plan: Plan, book: Any) -> None:
    ws = book["Talks"]
    assert "Talks" in ws.tables
    assert ws.tables["Talks"].ref == f"A1:N{len(early_plan.talks) + 1}"
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["H"].width == 60  # Title
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1


def test_posters_before_their_talk_are_listed(early_plan: Plan, book: Any) -> None:
    ws = book["Talks"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(
        i
        for i, r in enumerate(rows)
        if isinstance(r[0], str) and r[0].startswith("Posters before their talk")
    )
    early = posters_before_talk(early_plan)
    assert rows[at][0].startswith(f"Posters before their talk: {len(early)}")
    assert rows[at + 1][:3] == ("Session", "Room", "Position")
    listed = [r[6] for r in rows[at + 2 :] if r[6] is not None]
    assert sorted(listed) == sorted(pl.paper for pl in early)


def test_no_exceptions_says_none(plan: Plan, tmp_path: Path) -> None:
    clean = plan.model_copy(deep=True)
    talks = clean.talk_of
    clean.placements = [pl for pl in clean.placements if pl.paper not in talks]
    assert posters_before_talk(clean) == []
    workbook.write(clean, tmp_path)
    ws = load_workbook(tmp_path / workbook.FILE)["Talks"]
    rows = list(ws.iter_rows(values_only=True))
    assert tuple(v for v in rows[-1] if v is not None) == ("Posters before their talk: 0",)
    assert all(r["Poster"] == "none" and r["Poster start"] is None for r in _talk_rows(ws))


def test_overview_lists_the_talk_sessions_and_talk_figures(early_plan: Plan, book: Any) -> None:
    ws = book["Overview"]
    rows = list(ws.iter_rows(values_only=True))
    at = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).startswith("Talk sessions"))
    assert rows[at + 1][:5] == ("Session", "Start", "End", "Auditorium", "Hall")
    change = 2
    for offset, session in enumerate(early_plan.venue.talk_sessions, 2):
        row = rows[at + offset]
        assert row[:3] == (session.name, session.start, session.end)
        for col, room in enumerate(early_plan.venue.talk_rooms, 3):
            here = [t for t in early_plan.talks if (t.session, t.room) == (session.id, room.id)]
            used = sum(int((t.end - t.start).total_seconds() // 60) for t in here)
            used += change * max(0, len(here) - 1)
            assert row[col] == f"{len(here)} talks, {used} / {session.minutes} min"
    labels = {r[0]: r[1] for r in rows if isinstance(r[0], str)}
    f = early_plan.figures
    assert labels["Talks"] == f.talks == len(early_plan.talks)
    assert labels["Shared-author talk overlaps"] == f.talk_clashes
    assert labels["Talk overlap lower bound (unavoidable)"] == f.talk_clash_bound
    assert labels["Posters before their talk (see Talks)"] == f.posters_before_talk
    assert labels["Talk programme"].startswith(f"{f.talks} talks in 2 sessions")
    if f.discrimination is not None:
        assert labels["Discrimination ratio (themes)"] == pytest.approx(f.discrimination)


def test_without_talks_the_workbook_is_unchanged(plan: Plan, tmp_path: Path) -> None:
    """No Talks sheet and no talk rows: the same parts as a workbook that never knew talks."""
    posters_only = plan.model_copy(deep=True)
    posters_only.talks = []
    workbook.write(posters_only, tmp_path / "a")
    wb = load_workbook(tmp_path / "a" / workbook.FILE)
    assert "Talks" not in wb.sheetnames
    labels = [r[0] for r in wb["Overview"].iter_rows(min_row=2, values_only=True) if r[0]]
    assert labels and not any("talk" in str(v).lower() for v in labels)  # row 1: the name
    maps = list(workbook.board_sheet_titles(posters_only).values())
    assert wb.sheetnames == ["Overview", "Placements", *maps, *workbook.FIXED_SHEETS[2:]]


def test_a_poster_session_named_talks_does_not_take_the_sheet(plan: Plan, tmp_path: Path) -> None:
    odd = plan.model_copy(deep=True)
    odd.venue.sessions[0].name = "Talks"
    titles = workbook.board_sheet_titles(odd)
    assert titles[odd.venue.sessions[0].id] == "Talks (2)"
    workbook.write(odd, tmp_path)
    assert {"Talks", "Talks (2)"} <= set(load_workbook(tmp_path / workbook.FILE).sheetnames)
    odd.talks = []  # without talks, the session keeps its own name as the title
    assert workbook.board_sheet_titles(odd)[odd.venue.sessions[0].id] == "Talks"


def test_libreoffice_opens_the_talk_workbook(
    early_plan: Plan, written: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    if shutil.which("soffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install "
            "libreoffice-calc-nogui to run the spreadsheet-application checks"
        )
    base = tmp_path_factory.mktemp("libreoffice_talks")
    profile = base / "profile"
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    out = base / "csv"
    for _ in range(3):  # a cold profile may drop the first results
        soffice(profile, out, target, written)
        if (out / "plan-Talks.csv").exists():
            break
    lines = (out / "plan-Talks.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("Session,Room,Position,Start,End,Minutes,Paper,Title")
    first = min(early_plan.talks, key=lambda t: (t.session, t.room != "aud", t.position))
    assert any(
        f",{first.paper}," in line and first.start.strftime("%Y-%m-%d %H:%M") in line
        for line in lines
    )
