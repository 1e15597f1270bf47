"""schedule.json and schedule.xml: valid frab/pretalx schedules with every poster once.

The schemas are the voc/schedule validators copied into tests/data/frab.  The
expected room, date, offset and duration of each poster are recomputed here
from the plan with zoneinfo, not taken from the writer.
"""

from __future__ import annotations

import copy
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from lxml import etree

from planner.engine import Options, make_plan
from planner.outputs import schedule
from planner.outputs.folder import write_plan
from planner.people.inputs import load
from planner.plan.events import event_uid
from planner.plan.records import Plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"
FRAB = Path(__file__).resolve().parent / "data" / "frab"
TRICKY = '=HYPERLINK("http://x"), commas; semicolons — Привет, 世界, مرحبا 🚀🧪'
TRICKY_ID = "3608"


def _validator() -> jsonschema.Draft6Validator:
    schema = json.loads((FRAB / "schedule.schema.json").read_text("utf-8"))
    jsonschema.Draft6Validator.check_schema(schema)
    return jsonschema.Draft6Validator(schema, format_checker=jsonschema.FormatChecker())


def _xsd() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(FRAB / "schedule.xml.xsd")))


def _written(plan: Plan, folder: Path) -> tuple[dict[str, Any], bytes, bytes]:
    folder.mkdir(parents=True, exist_ok=True)
    schedule.write(plan, folder)
    raw_json = (folder / "schedule.json").read_bytes()
    raw_xml = (folder / "schedule.xml").read_bytes()
    return json.loads(raw_json), raw_json, raw_xml


def _copy(plan: Plan) -> Plan:
    """A fresh plan from the plan file's text (as ``planner export`` reads it)."""
    return Plan.model_validate(json.loads(plan.to_json()))


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(EXAMPLE), Options(time_limit=5))


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    """The example with parallel and overlapping sessions, one title made hard."""
    folder = tmp_path_factory.mktemp("parallel")
    data = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))
    (record,) = [r for r in data["results"] if str(r["id"]) == TRICKY_ID]
    record["name"] = TRICKY
    (folder / "papers.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    return make_plan(
        load(folder / "papers.json", EXAMPLE / "venue-parallel.toml"), Options(time_limit=5)
    )


@pytest.fixture(scope="module")
def messy(plan: Plan) -> Plan:
    """The example made awkward: a short acronym, no venue URL, a non-numeric paper
    id, bad and non-ASCII paper URLs, two rooms of one name, a session across the
    start of daylight-saving time, control characters in an abstract and XML
    markup in a title."""
    data = json.loads(plan.to_json())
    venue = data["venue"]
    venue["acronym"], venue["url"] = "ML", None
    venue["rooms"][1]["name"] = venue["rooms"][0]["name"]
    last = venue["sessions"][-1]
    last["start"], last["end"] = "2026-03-08T01:00:00", "2026-03-08T04:00:00"
    papers = data["papers"]
    old = papers[0]["id"]
    papers[0]["id"] = "abc/1"
    for pl in data["placements"]:
        if pl["paper"] == old:
            pl["paper"] = "abc/1"
    data["records"]["abc/1"] = data["records"].pop(old)
    papers[1]["url"] = "ftp://example.org/x y"
    papers[2]["url"] = "https://example.org/papers/é ß"
    papers[3]["url"] = None
    papers[4]["abstract"] = "bell\x07 and\r\nnew line"
    papers[5]["title"] = "a < b && c > d ]]> <!-- x -->"
    return Plan.model_validate(data)


@pytest.fixture(scope="module")
def outputs(
    plan: Plan, parallel: Plan, messy: Plan, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, tuple[Plan, dict[str, Any], bytes, bytes]]:
    base = tmp_path_factory.mktemp("schedule")
    return {
        name: (p, *_written(p, base / name))
        for name, p in (("plan", plan), ("parallel", parallel), ("messy", messy))
    }


NAMES = ["plan", "parallel", "messy"]


def _events(doc: dict[str, Any]) -> list[tuple[dict[str, Any], str, dict[str, Any]]]:
    """(day, room key, event) for every event in schedule.json."""
    return [
        (day, room, ev)
        for day in doc["schedule"]["conference"]["days"]
        for room, events in day["rooms"].items()
        for ev in events
    ]


def _first_event(doc: dict[str, Any]) -> dict[str, Any]:
    return _events(doc)[0][2]


# -- validity ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_json_validates_against_the_frab_schema(outputs, name: str) -> None:
    _, doc, _, _ = outputs[name]
    errors = [f"{list(e.path)}: {e.message}" for e in _validator().iter_errors(doc)]
    assert errors == []
    assert _events(doc), "no events at all"


@pytest.mark.parametrize(
    ("where", "bad"),
    [
        ("guid", "5cdb43b4-346a-55ff-842d-4997933363bX"),
        ("date", "2026-05-19 17:00"),
        ("end", "2026-05-19T19:00:00"),  # no offset
        ("url", "not a uri"),
        ("day.date", "2026-5-19"),
        ("room.guid", "room-1"),
    ],
)
def test_format_checking_is_effective(outputs, where: str, bad: str) -> None:
    """A copy broken only in a format fails; without the format checker it passes,
    so the validation above really checks uuids, dates and URIs."""
    _, doc, _, _ = outputs["plan"]
    broken = copy.deepcopy(doc)
    conf = broken["schedule"]["conference"]
    if where == "day.date":
        conf["days"][0]["date"] = bad
    elif where == "room.guid":
        conf["rooms"][0]["guid"] = bad
    else:
        _first_event(broken)[where] = bad
    errors = list(_validator().iter_errors(broken))
    assert [e.validator for e in errors] == ["format"]
    schema = json.loads((FRAB / "schedule.schema.json").read_text("utf-8"))
    assert list(jsonschema.Draft6Validator(schema).iter_errors(broken)) == []


def test_schema_refuses_a_person_in_both_styles(outputs) -> None:
    _, doc, _, _ = outputs["plan"]
    broken = copy.deepcopy(doc)
    _first_event(broken)["persons"][0].update({"id": 1, "public_name": "X"})
    assert [e.validator for e in _validator().iter_errors(broken)] == ["oneOf"]


@pytest.mark.parametrize("name", NAMES)
def test_xml_validates_against_the_frab_xsd(outputs, name: str) -> None:
    _, _, _, raw = outputs[name]
    xsd = _xsd()
    tree = etree.fromstring(raw)
    assert xsd.validate(tree), str(xsd.error_log)
    assert tree.findall("day/room/event")


def test_xsd_check_is_effective(outputs) -> None:
    """The XSD catches a duplicate event id and a broken guid in a copy."""
    _, _, _, raw = outputs["plan"]
    xsd = _xsd()
    tree = etree.fromstring(raw)
    first, second = tree.findall("day/room/event")[:2]
    second.set("id", first.get("id"))
    assert not xsd.validate(tree)
    tree = etree.fromstring(raw)
    tree.find("day/room/event").set("guid", "not-a-uuid")
    assert not xsd.validate(tree)


@pytest.mark.parametrize("name", NAMES)
def test_conference_within_the_first_kib(outputs, name: str) -> None:
    _, _, _, raw = outputs[name]
    head = raw[:1024]
    assert head.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    assert b"<schedule" in head
    assert b"<conference" in head


def test_conference_fields(outputs) -> None:
    plan, doc, _, raw = outputs["plan"]
    conf = doc["schedule"]["conference"]
    assert conf["acronym"] == "mlsys2026"
    assert conf["title"] == "MLSys 2026"
    assert conf["time_zone_name"] == "America/Los_Angeles"
    assert (conf["start"], conf["end"], conf["daysCount"]) == ("2026-05-19", "2026-05-21", 3)
    assert [d["date"] for d in conf["days"]] == ["2026-05-19", "2026-05-20", "2026-05-21"]
    assert [d["index"] for d in conf["days"]] == [1, 2, 3]
    assert conf["days"][1]["day_start"] == "2026-05-20T13:30:00-07:00"
    assert conf["days"][1]["day_end"] == "2026-05-20T19:00:00-07:00"
    assert conf["timeslot_duration"] == "00:30"
    assert [r["name"] for r in conf["rooms"]] == ["Grand Ballroom A", "Grand Ballroom B"]
    assert len({r["guid"] for r in conf["rooms"]}) == 2
    assert {t["name"] for t in conf["tracks"]} == {t.label for t in plan.topics}
    xml = etree.fromstring(raw)
    assert xml.findtext("conference/acronym") == "mlsys2026"
    assert xml.findtext("conference/time_zone_name") == "America/Los_Angeles"
    assert xml.findtext("conference/days") == "3"
    assert [r.get("guid") for r in xml.findall("day/room")][:2] == [
        r["guid"] for r in conf["rooms"]
    ]


# -- every poster, once, at the right place and time ---------------------------------------


def _when(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    assert value.tzinfo is not None, text
    return value


def _expected(plan: Plan, paper_id: str) -> dict[str, Any]:
    """What the schedule should say about a poster, recomputed from the plan."""
    venue = plan.venue
    pl = plan.placement_of[paper_id]
    session = venue.session_by_id[pl.session]
    room = venue.room_by_id[pl.room]
    shared = sum(1 for r in venue.rooms if r.name == room.name) > 1
    tz = ZoneInfo(venue.timezone)
    start = session.start.replace(tzinfo=tz)
    end = session.end.replace(tzinfo=tz)
    offset = int(start.utcoffset().total_seconds()) // 60
    sign = "-" if offset < 0 else "+"
    elapsed = int(end.timestamp() - start.timestamp()) // 60
    return {
        "room": f"{room.name} ({room.id})" if shared else room.name,
        "date": f"{session.start:%Y-%m-%dT%H:%M:%S}{sign}{abs(offset) // 60:02d}:"
        f"{abs(offset) % 60:02d}",
        "day": session.start.date().isoformat(),
        "start": f"{session.start:%H:%M}",
        "duration": f"{elapsed // 60:02d}:{elapsed % 60:02d}",
        "subtitle": f"Board {pl.label}",
        "label": pl.label,
        "topic": next(t.label for t in plan.topics if t.id == pl.topic),
    }


@pytest.mark.parametrize("name", NAMES)
def test_every_placement_once_in_json(outputs, name: str) -> None:
    plan, doc, _, _ = outputs[name]
    events = _events(doc)
    uids = {event_uid(plan.venue.slug, pl.paper): pl.paper for pl in plan.placements}
    counts = Counter(ev["guid"] for _, _, ev in events)
    assert counts == Counter(uids.keys())
    assert len({ev["id"] for _, _, ev in events}) == len(events)
    assert len({ev["slug"] for _, _, ev in events}) == len(events)
    papers = plan.paper_by_id
    rooms = {r["name"] for r in doc["schedule"]["conference"]["rooms"]}
    for day, room_key, ev in events:
        paper_id = uids[ev["guid"]]
        want = _expected(plan, paper_id)
        assert ev["room"] == room_key
        assert room_key in rooms
        assert ev["room"] == want["room"]
        assert (ev["date"], ev["start"], ev["duration"]) == (
            want["date"],
            want["start"],
            want["duration"],
        )
        assert day["date"] == want["day"]
        assert _when(day["day_start"]) <= _when(ev["date"]) < _when(ev["end"])
        assert _when(ev["end"]) <= _when(day["day_end"])
        assert ev["subtitle"] == want["subtitle"]
        assert f"Board {want['label']}" in ev["description"]
        assert ev["title"] == papers[paper_id].title
        assert ev["track"] == want["topic"]
        assert ev["type"] == "Poster"
        assert ev["language"] == "en"
        if paper_id.isdigit():
            assert ev["id"] == int(paper_id)


@pytest.mark.parametrize("name", NAMES)
def test_every_placement_once_in_xml(outputs, name: str) -> None:
    plan, _, _, raw = outputs[name]
    xml = etree.fromstring(raw)
    uids = {event_uid(plan.venue.slug, pl.paper): pl.paper for pl in plan.placements}
    events = xml.findall("day/room/event")
    assert Counter(e.get("guid") for e in events) == Counter(uids.keys())
    papers = plan.paper_by_id
    for ev in events:
        room, day = ev.getparent(), ev.getparent().getparent()
        want = _expected(plan, uids[ev.get("guid")])
        assert ev.findtext("room") == room.get("name")
        assert room.get("name") == want["room"]
        assert ev.findtext("date") == want["date"]
        assert ev.findtext("start") == want["start"]
        assert ev.findtext("duration") == want["duration"]
        assert day.get("date") == want["day"]
        assert ev.findtext("subtitle") == want["subtitle"]
        assert ev.findtext("title") == papers[uids[ev.get("guid")]].title
        assert ev.findtext("track") == want["topic"]


def test_offsets_and_durations_of_the_example(outputs) -> None:
    """May in Los Angeles is PDT (UTC-7); sessions last two hours or ninety minutes."""
    _, doc, _, _ = outputs["plan"]
    events = [ev for _, _, ev in _events(doc)]
    assert {ev["date"][-6:] for ev in events} == {"-07:00"}
    assert {ev["duration"] for ev in events} == {"02:00", "01:30"}
    assert {ev["start"] for ev in events} == {"17:00", "13:30"}


def test_a_session_across_a_daylight_saving_change(outputs) -> None:
    """01:00-04:00 on the night clocks go forward lasts two hours, not three."""
    plan, doc, _, _ = outputs["messy"]
    moved = plan.venue.sessions[-1].id
    ids = {event_uid(plan.venue.slug, pl.paper) for pl in plan.placements if pl.session == moved}
    events = [ev for _, _, ev in _events(doc) if ev["guid"] in ids]
    assert events
    for ev in events:
        assert ev["date"] == "2026-03-08T01:00:00-08:00"
        assert ev["end"] == "2026-03-08T04:00:00-07:00"
        assert ev["duration"] == "02:00"
    days = doc["schedule"]["conference"]["days"]
    assert days[0]["date"] == "2026-03-08"
    assert days[-1]["date"] == "2026-05-20"
    assert [d["index"] for d in days] == list(range(1, len(days) + 1))
    empty = days[1]
    assert empty["rooms"] == {}
    assert (empty["day_start"], empty["day_end"]) == (
        "2026-03-09T00:00:00-07:00",
        "2026-03-10T00:00:00-07:00",
    )


def test_parallel_sessions_in_different_rooms(outputs) -> None:
    """Two sessions at the same time in two halls, and overlapping sessions sharing a
    hall: every poster stays in its own room at its own session's time."""
    plan, doc, _, raw = outputs["parallel"]
    venue = plan.venue
    tue = doc["schedule"]["conference"]["days"][0]
    assert tue["date"] == "2026-05-19"
    assert list(tue["rooms"]) == ["Grand Ballroom A", "Grand Ballroom B"]
    per_room = Counter(
        venue.room_by_id[pl.room].name for pl in plan.placements if pl.session in ("tue-a", "tue-b")
    )
    assert {room: len(evs) for room, evs in tue["rooms"].items()} == per_room
    assert all(per_room[r] > 0 for r in per_room)
    for evs in tue["rooms"].values():
        assert {e["date"] for e in evs} == {"2026-05-19T16:30:00-07:00"}
    wed = doc["schedule"]["conference"]["days"][1]
    evergreen = wed["rooms"]["Evergreen Ballroom"]
    starts = [e["date"] for e in evergreen]
    assert starts == sorted(starts)
    start_of = {"wed-aft": "2026-05-20T13:00:00-07:00", "wed-late": "2026-05-20T15:00:00-07:00"}
    assert Counter(starts) == Counter(
        start_of[pl.session] for pl in plan.placements if pl.room == "evergreen"
    )
    assert len(set(starts)) == 2
    xml = etree.fromstring(raw)
    day = xml.find("day[@date='2026-05-19']")
    assert [r.get("name") for r in day.findall("room")] == list(tue["rooms"])


# -- content -------------------------------------------------------------------------------


def test_a_hard_title_survives_intact(outputs) -> None:
    plan, doc, _, raw = outputs["parallel"]
    assert plan.paper_by_id[TRICKY_ID].title == TRICKY
    guid = event_uid(plan.venue.slug, TRICKY_ID)
    (ev,) = [ev for _, _, ev in _events(doc) if ev["guid"] == guid]
    assert ev["title"] == TRICKY
    (xml_ev,) = etree.fromstring(raw).findall(f"day/room/event[@guid='{guid}']")
    assert xml_ev.findtext("title") == TRICKY
    assert "🚀🧪" in raw.decode("utf-8")  # written as UTF-8, not as character references
    assert re.fullmatch(r"mlsys2026-3608-hyperlink-http-x-commas-semicolons", ev["slug"])


def test_persons_are_pretalx_style_authors_in_order(outputs) -> None:
    plan, doc, _, raw = outputs["plan"]
    papers = {event_uid(plan.venue.slug, p.id): p for p in plan.papers}
    for _, _, ev in _events(doc):
        paper = papers[ev["guid"]]
        assert [set(p) for p in ev["persons"]] == [{"name", "guid"}] * len(paper.authors)
        assert [p["name"] for p in ev["persons"]] == [plan.person(k).name for k in paper.authors]
    # One person, one guid, on every poster of theirs.
    guid_of: dict[str, set[str]] = {}
    for _, _, ev in _events(doc):
        for p in ev["persons"]:
            guid_of.setdefault(p["guid"], set()).add(p["name"])
    assert all(len(names) == 1 for names in guid_of.values())
    xml_ev = etree.fromstring(raw).find("day/room/event")
    (json_ev,) = [ev for _, _, ev in _events(doc) if ev["guid"] == xml_ev.get("guid")]
    assert [(p.text, p.get("guid")) for p in xml_ev.findall("persons/person")] == [
        (p["name"], p["guid"]) for p in json_ev["persons"]
    ]


def test_paper_links_and_urls(outputs) -> None:
    plan, doc, _, _ = outputs["plan"]
    papers = {event_uid(plan.venue.slug, p.id): p for p in plan.papers}
    for _, _, ev in _events(doc):
        url = papers[ev["guid"]].url
        assert url
        assert ev["links"] == [{"type": "paper", "url": url, "title": "Paper"}]
        assert ev["url"] == url


def test_awkward_inputs(outputs) -> None:
    plan, doc, _, raw = outputs["messy"]
    conf = doc["schedule"]["conference"]
    assert conf["acronym"] == "ml2026"
    assert "url" not in conf
    assert [r["name"] for r in conf["rooms"]] == [
        "Grand Ballroom A (grand-a)",
        "Grand Ballroom A (grand-b)",
    ]
    by_paper = {p.id: p for p in plan.papers}
    events = {ev["guid"]: ev for _, _, ev in _events(doc)}

    def event(paper_id: str) -> dict[str, Any]:
        return events[event_uid(plan.venue.slug, paper_id)]

    assert event("abc/1")["id"] > 10**9
    bad, iri, none, ctrl = (plan.papers[i].id for i in (1, 2, 3, 4))
    assert event(bad)["links"] == []
    assert event(bad)["url"].startswith("urn:uuid:")
    assert event(iri)["links"][0]["url"] == "https://example.org/papers/%C3%A9%20%C3%9F"
    assert event(none)["links"] == []
    assert event(ctrl)["abstract"] == "bell and\nnew line"
    assert by_paper[ctrl].abstract.startswith("bell\x07")
    markup = plan.papers[5].id
    assert event(markup)["title"] == "a < b && c > d ]]> <!-- x -->"
    xml = etree.fromstring(raw)
    (ev,) = xml.findall(f"day/room/event[@guid='{event_uid(plan.venue.slug, bad)}']")
    assert ev.find("url") is None  # the XSD allows only http(s) there
    (ev,) = xml.findall(f"day/room/event[@guid='{event_uid(plan.venue.slug, markup)}']")
    assert ev.findtext("title") == "a < b && c > d ]]> <!-- x -->"


# -- helpers -------------------------------------------------------------------------------


def test_event_ids() -> None:
    ids = schedule.event_ids(["12", "abc", "012", "0", "x/1", "99999999999"])
    assert ids["012"] == 12  # the first of two ids with one number keeps it
    assert ids["12"] > 10**9
    assert len(set(ids.values())) == 6
    assert all(1 <= v <= 2**31 - 1 for v in ids.values())
    assert ids["abc"] == schedule.event_ids(["abc"])["abc"] > 10**9


def test_http_url() -> None:
    assert schedule.http_url("https://openreview.net/forum?id=X") == (
        "https://openreview.net/forum?id=X"
    )
    assert schedule.http_url(" http://a.org/é ") == "http://a.org/%C3%A9"
    for bad in (
        None,
        "",
        "www.a.org/x",
        "javascript:alert(1)",
        "ftp://a.org/",
        "http://",
        "http://a b.org/",
        "https://a.org/100%",
    ):
        assert schedule.http_url(bad) is None, bad


def test_acronym_matches_the_schema_pattern(plan: Plan) -> None:
    pattern = re.compile(r"^[a-z0-9_-][a-z0-9_]{3,}(-2[0-9]{3}-[a-z]+)?$")
    for given, want in (
        ("mlsys2026", "mlsys2026"),
        ("ML-Sys 2026", "mlsys2026"),
        ("ML", "ml2026"),
        ("Ω", "conference"),
    ):
        data = json.loads(plan.to_json())
        data["venue"]["acronym"] = given
        got = schedule.acronym(Plan.model_validate(data))
        assert got == want
        assert pattern.match(got)


# -- determinism ---------------------------------------------------------------------------


_SUBPROCESS = """
import sys
from pathlib import Path
from planner.outputs import schedule
from planner.plan.records import read_plan
schedule.write(read_plan(Path(sys.argv[1])), Path(sys.argv[2]))
"""


def test_same_plan_same_bytes(outputs, tmp_path: Path) -> None:
    """Twice in-process, from the plan file, and under two hash seeds: identical bytes."""
    plan, _, raw_json, raw_xml = outputs["parallel"]
    _, again_json, again_xml = _written(plan, tmp_path / "again")
    assert (again_json, again_xml) == (raw_json, raw_xml)
    _, copy_json, copy_xml = _written(_copy(plan), tmp_path / "copy")
    assert (copy_json, copy_xml) == (raw_json, raw_xml)
    write_plan(plan, tmp_path)
    for seed in ("1", "4242"):
        out = tmp_path / f"seed{seed}"
        out.mkdir()
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", _SUBPROCESS, str(tmp_path / "plan.json"), str(out)],
            check=True,
            env=env,
            cwd=ROOT,
        )
        assert (out / "schedule.json").read_bytes() == raw_json
        assert (out / "schedule.xml").read_bytes() == raw_xml


def test_revision_is_the_schedule_version(plan: Plan, tmp_path: Path) -> None:
    later = _copy(plan)
    later.revision = 7
    doc, _, raw = _written(later, tmp_path)
    assert doc["schedule"]["version"] == "r7"
    assert etree.fromstring(raw).findtext("version") == "r7"
    assert datetime.fromisoformat(_first_event(doc)["date"]).tzinfo is not None


def _element_tree_xml(doc: dict[str, Any]) -> str:
    """schedule.xml as the element tree gave it before it was written as text (the oracle)."""

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
        element = ET.SubElement(parent, tag, attrs)
        if text is not None:
            element.text = text
        return element

    conf = doc["schedule"]["conference"]
    root = ET.Element("schedule")
    sub(root, "generator", name=doc["generator"]["name"], version=doc["generator"]["version"])
    sub(root, "version", doc["schedule"]["version"])
    conference = sub(root, "conference")
    for key in ("acronym", "title", "start", "end"):
        sub(conference, key, conf[key])
    sub(conference, "days", str(conf["daysCount"]))
    sub(conference, "timeslot_duration", conf["timeslot_duration"])
    for key in ("time_zone_name", "url"):
        if key in conf:
            sub(conference, key, conf[key])
    for track in conf["tracks"]:
        sub(conference, "track", name=track["name"], slug=track["slug"])
    guids = {r["name"]: r["guid"] for r in conf["rooms"]}
    for day in conf["days"]:
        day_el = sub(
            root,
            "day",
            index=str(day["index"]),
            date=day["date"],
            start=day["day_start"],
            end=day["day_end"],
        )
        for room_name, events in day["rooms"].items():
            room_el = sub(day_el, "room", name=room_name, guid=guids[room_name])
            for ev in events:
                el = sub(room_el, "event", id=str(ev["id"]), guid=ev["guid"])
                for key in (
                    "date",
                    "start",
                    "duration",
                    "room",
                    "slug",
                    "title",
                    "subtitle",
                    "track",
                    "type",
                    "language",
                    "abstract",
                    "description",
                ):
                    sub(el, key, ev[key])
                persons = sub(el, "persons")
                for person in ev["persons"]:
                    sub(persons, "person", person["name"], guid=person["guid"])
                links = sub(el, "links")
                for link in ev["links"]:
                    sub(links, "link", link["title"], href=link["url"], type=link["type"])
                if ev["url"].startswith(("http://", "https://")):
                    sub(el, "url", ev["url"])
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, "unicode") + "\n"


def test_xml_text_is_what_the_element_tree_writes(plan: Plan, parallel: Plan) -> None:
    """Written as text, schedule.xml keeps the element tree's bytes, awkward values included."""
    for each in (plan, parallel):
        doc = schedule.document(each)
        assert schedule.xml_text(doc) == _element_tree_xml(doc)
    doc = schedule.document(plan)
    conf = doc["schedule"]["conference"]
    conf["tracks"].append({"name": 'q"&\n\t\r<>', "slug": ""})
    conf["days"].append({"index": 9, "date": "d", "day_start": "a", "day_end": "b", "rooms": {}})
    event = next(iter(conf["days"][0]["rooms"].values()))[0]
    event.update(
        title="a&b<c>\"d'\n\r\t x",
        abstract="",
        track="   ",
        persons=[],
        links=[{"type": "paper", "url": 'h"&<>\n\r\t', "title": ""}],
    )
    assert schedule.xml_text(doc) == _element_tree_xml(doc)
