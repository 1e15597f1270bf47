"""Talks in ``schedule.json``, ``schedule.xml`` and ``placements.csv``.

A small programme (a talk-only day, a talk session beside the poster days, a
seated room and a room with boards and seats) is planned twice: talk papers
with a poster too, and without one (``poster_too = false``).  Expected times,
offsets and durations are recomputed here from the plan with zoneinfo; the
schemas are the voc/schedule validators in tests/data/frab.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from lxml import etree
from talk_programme import record, session, venue, write_papers

from planner.engine import Options, make_plan
from planner.outputs import placements_csv, schedule
from planner.people.inputs import load
from planner.plan.events import event_uid
from planner.plan.records import Plan

FRAB = Path(__file__).resolve().parent / "data" / "frab"
ZONE = ZoneInfo("Europe/Vienna")
FORMULA_SESSION = "=SUM(1,2) opening talks"

VENUE = venue(
    "Talk Export Conf",
    "talkexp",
    [
        session(
            "talks-0",
            "=SUM(1,2) opening talks",
            "2026-06-01T09:00:00",
            "2026-06-01T09:40:00",
            talks=True,
        ),
        session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
        session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        session("posters-2", "Posters 2", "2026-06-03T14:00:00", "2026-06-03T15:30:00"),
    ],
)


def _decision(i: int) -> str:
    """Papers 500-503 are orals, 504-507 spotlights, the rest posters."""
    return "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster"


def _conference(folder: Path, poster_too: bool) -> Path:
    folder.mkdir(parents=True)
    venue = VENUE if poster_too else VENUE + "poster_too = false\n"
    (folder / "venue.toml").write_text(venue, encoding="utf-8")
    write_papers(
        folder,
        [
            record(i, "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster", (i + 1) % 16)
            for i in range(16)
        ],
    )
    return folder


def _planned(folder: Path) -> Plan:
    plan = make_plan(load(folder), Options(time_limit=2))
    assert plan.talks, "the programme should have talks"
    return plan


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """Talk papers with a talk and a poster."""
    return _planned(_conference(tmp_path_factory.mktemp("both") / "conf", True))


@pytest.fixture(scope="module")
def talk_only(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """Talk papers with a talk and no poster (``poster_too = false``)."""
    return _planned(_conference(tmp_path_factory.mktemp("only") / "conf", False))


def _schedule(plan: Plan, folder: Path) -> tuple[dict[str, Any], Path]:
    folder.mkdir(parents=True, exist_ok=True)
    schedule.write(plan, folder)
    return json.loads((folder / "schedule.json").read_text("utf-8")), folder / "schedule.xml"


def _events(doc: dict[str, Any]) -> list[dict[str, Any]]:
    days = doc["schedule"]["conference"]["days"]
    return [e for day in days for room in day["rooms"].values() for e in room]


def _validator() -> jsonschema.Draft6Validator:
    schema = json.loads((FRAB / "schedule.schema.json").read_text("utf-8"))
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())


@pytest.mark.parametrize("which", ["both", "talk_only"])
def test_schedules_with_talks_validate(which: str, request, tmp_path: Path) -> None:
    plan = request.getfixturevalue(which)
    doc, xml_path = _schedule(plan, tmp_path)
    errors = [e.message for e in _validator().iter_errors(doc)]
    assert errors == []
    xsd = etree.XMLSchema(etree.parse(str(FRAB / "schedule.xml.xsd")))
    assert xsd.validate(etree.parse(str(xml_path))), xsd.error_log


@pytest.mark.parametrize("which", ["both", "talk_only"])
def test_each_talk_is_one_event_at_its_own_minutes(which: str, request, tmp_path: Path) -> None:
    plan = request.getfixturevalue(which)
    doc, _ = _schedule(plan, tmp_path)
    events = _events(doc)
    talks = [e for e in events if e["type"] == schedule.TALK_TYPE]
    assert len(talks) == len(plan.talks)
    assert len(events) == len(plan.talks) + len(plan.placements)
    by_guid = {e["guid"]: e for e in talks}
    rooms = {r.id: r.name for r in plan.venue.talk_rooms}
    for talk in plan.talks:
        event = by_guid[event_uid(plan.venue.slug, talk.paper, "talk")]
        start, end = talk.start.replace(tzinfo=ZONE), talk.end.replace(tzinfo=ZONE)
        assert datetime.fromisoformat(event["date"]) == start
        assert event["date"][-6:] == start.strftime("%z")[:3] + ":" + start.strftime("%z")[3:]
        assert event["start"] == start.strftime("%H:%M")
        minutes = int((end - start).total_seconds() // 60)
        assert event["duration"] == f"{minutes // 60:02d}:{minutes % 60:02d}"
        assert event["room"] == rooms[talk.room]
        assert event["title"] == plan.paper_by_id[talk.paper].title
        assert f"Talk {talk.position}" in event["subtitle"]
        # Each event is listed under its own room on its own day.
        (day,) = [
            d
            for d in doc["schedule"]["conference"]["days"]
            if any(event in listed for listed in d["rooms"].values())
        ]
        assert day["date"] == start.date().isoformat()
        assert event in day["rooms"][rooms[talk.room]]


def test_talk_ids_are_distinct_and_leave_poster_ids_alone(both: Plan, tmp_path: Path) -> None:
    doc, xml_path = _schedule(both, tmp_path)
    events = _events(doc)
    ids = [e["id"] for e in events]
    assert len(set(ids)) == len(ids)
    assert len({e["guid"] for e in events}) == len(events)
    posters = {e["guid"]: e["id"] for e in events if e["type"] == schedule.EVENT_TYPE}
    expected = schedule.event_ids([pl.paper for pl in both.placements])
    assert posters == {event_uid(both.venue.slug, p): n for p, n in expected.items()}
    # An oral's paper number is its poster's; its talk gets another.
    oral = both.talks[0].paper
    assert any(pl.paper == oral for pl in both.placements)
    talk_id = next(e["id"] for e in events if e["guid"] == event_uid(both.venue.slug, oral, "talk"))
    assert talk_id != int(oral) and talk_id not in posters.values()
    xml_ids = [int(e.get("id", "0")) for e in ET.parse(xml_path).getroot().iter("event")]
    assert sorted(xml_ids) == sorted(ids)


def test_talk_ids_are_stable() -> None:
    first = schedule.talk_ids(["7", "x"], {"7": 7})
    assert first == schedule.talk_ids(["x", "7"], {"7": 7})
    assert 7 not in first.values() and len(set(first.values())) == 2
    # A talk never takes a number a poster holds.
    taken = {"p": first["7"]}
    assert schedule.talk_ids(["7"], taken)["7"] != first["7"]


def test_posters_stay_as_they_are_without_talks(both: Plan, tmp_path: Path) -> None:
    """The poster events of a plan with talks are those of the same plan with its talks dropped."""
    doc, _ = _schedule(both, tmp_path / "talks")
    bare = both.model_copy(update={"talks": []})
    plain, _ = _schedule(bare, tmp_path / "bare")
    posters = [e for e in _events(doc) if e["type"] == schedule.EVENT_TYPE]
    assert sorted(posters, key=lambda e: e["id"]) == sorted(_events(plain), key=lambda e: e["id"])


def test_rooms_and_days_include_the_talks(both: Plan, tmp_path: Path) -> None:
    doc, _ = _schedule(both, tmp_path)
    conf = doc["schedule"]["conference"]
    # The seated room joins; the room with boards and seats is there once.
    assert [r["name"] for r in conf["rooms"]] == ["Hall", "Auditorium"]
    assert [d["date"] for d in conf["days"]] == ["2026-06-01", "2026-06-02", "2026-06-03"]
    assert conf["start"] == "2026-06-01" and conf["daysCount"] == 3
    first, second = conf["days"][0], conf["days"][1]
    assert first["day_start"] == "2026-06-01T09:00:00+02:00"
    assert first["day_end"] == "2026-06-01T09:40:00+02:00"
    assert second["day_start"] == "2026-06-02T09:00:00+02:00"
    assert second["day_end"] == "2026-06-02T12:30:00+02:00"
    # Every talk starts on the grid step.
    hours, minutes = conf["timeslot_duration"].split(":")
    step = int(hours) * 60 + int(minutes)
    assert all((t.start.hour * 60 + t.start.minute) % step == 0 for t in both.talks)


def _csv(plan: Plan, folder: Path) -> tuple[list[str], list[dict[str, str]]]:
    folder.mkdir(parents=True, exist_ok=True)
    placements_csv.write(plan, folder)
    text = (folder / placements_csv.FILE).read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return list(reader.fieldnames or []), list(reader)


def _talk_cells(plan: Plan, paper: str) -> dict[str, str]:
    talk = plan.talk_of[paper]
    session = plan.venue.talk_session_by_id[talk.session]
    name = "'" + session.name if session.name.startswith("=") else session.name
    return {
        "talk_session_id": talk.session,
        "talk_session": name,
        "talk_room_id": talk.room,
        "talk_room": plan.venue.talk_room_by_id[talk.room].name,
        "talk_order": str(talk.position),
        "talk_start": talk.start.replace(tzinfo=ZONE).isoformat(),
        "talk_end": talk.end.replace(tzinfo=ZONE).isoformat(),
    }


def test_csv_rows_carry_their_talks(both: Plan, tmp_path: Path) -> None:
    header, rows = _csv(both, tmp_path)
    assert header == placements_csv.COLUMNS + placements_csv.TALK_COLUMNS
    assert len(rows) == len(both.placements)  # every talk paper has its poster row
    talks = both.talk_of
    for row in rows:
        if row["paper_id"] in talks:
            assert {k: row[k] for k in placements_csv.TALK_COLUMNS} == _talk_cells(
                both, row["paper_id"]
            )
            assert row["board"] and row["session_id"]
        else:
            assert all(row[k] == "" for k in placements_csv.TALK_COLUMNS)
    assert {r["paper_id"] for r in rows} >= set(talks)


def test_csv_talk_only_rows(talk_only: Plan, tmp_path: Path) -> None:
    header, rows = _csv(talk_only, tmp_path)
    assert header == placements_csv.COLUMNS + placements_csv.TALK_COLUMNS
    posters = {pl.paper for pl in talk_only.placements}
    alone = [r for r in rows if r["paper_id"] not in posters]
    assert sorted(r["paper_id"] for r in alone) == sorted(t.paper for t in talk_only.talks)
    assert [r["paper_id"] for r in rows[: len(posters)]] == [
        r["paper_id"] for r in rows if r["paper_id"] in posters
    ]  # posters first, then the talk-only rows
    starts = [r["talk_start"] for r in alone]
    assert starts == sorted(starts)
    poster_cells = placements_csv.COLUMNS[6:14]  # session id to board
    for row in alone:
        assert all(row[k] == "" for k in poster_cells)
        assert row["status"] == talk_only.talk_of[row["paper_id"]].status
        assert {k: row[k] for k in placements_csv.TALK_COLUMNS} == _talk_cells(
            talk_only, row["paper_id"]
        )
    # The formula-looking session name is quoted, as every other cell is.
    assert any(r["talk_session"] == "'" + FORMULA_SESSION for r in alone)


def test_csv_without_talks_has_no_talk_columns(both: Plan, tmp_path: Path) -> None:
    header, _ = _csv(both.model_copy(update={"talks": []}), tmp_path)
    assert header == placements_csv.COLUMNS
