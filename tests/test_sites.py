"""Several sites: [[sites]] with their own time zones, a presenter at one site.

Two sites, San Diego (America/Los_Angeles, UTC-7 in May) and Mexico City
(America/Mexico_City, UTC-6 all year), each holding poster sessions at the
same local clock time: every output must give each session its own zone's
offset and the right UTC instant.  The rule that a presenter stays at one site
(constraints.sites), the hand-over across sites and every bad-input message
are checked here too.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from helpers import make_inputs, paper, run, write_conference
from icalendar import Calendar

import constraints
from planner.people.inputs import load
from planner.people.presenters import hand_over_sites
from planner.read.conference import Pin, Room, Session, Site, Venue
from planner.read.venue.reader import parse_venue

SITES = """\
name = "Two Sites Conf"
timezone = "America/Los_Angeles"

[[sites]]
id = "sd"
name = "San Diego"
timezone = "America/Los_Angeles"

[[sites]]
id = "mx"
name = "Mexico City"
timezone = "America/Mexico_City"

[[sessions]]
id = "sd1"
name = "SD 1"
start = 2026-05-19T17:00:00
end = 2026-05-19T19:00:00

[[sessions]]
id = "mx1"
name = "MX 1"
start = 2026-05-19T17:00:00
end = 2026-05-19T19:00:00

[[sessions]]
id = "sd2"
name = "SD 2"
start = 2026-05-20T17:00:00
end = 2026-05-20T19:00:00

[[sessions]]
id = "mx2"
name = "MX 2"
start = 2026-05-20T17:00:00
end = 2026-05-20T19:00:00

[[rooms]]
id = "sd-hall"
name = "San Diego Hall"
boards = 4
site = "sd"
sessions = ["sd1", "sd2"]

[[rooms]]
id = "mx-hall"
name = "Mexico City Hall"
boards = 4
site = "mx"
sessions = ["mx1", "mx2"]
"""

# Local 17:00 at each site: 00:00Z the next day in San Diego (PDT), 23:00Z in Mexico City.
UTC_START = {
    "sd1": datetime(2026, 5, 20, 0, 0, tzinfo=UTC),
    "sd2": datetime(2026, 5, 21, 0, 0, tzinfo=UTC),
    "mx1": datetime(2026, 5, 19, 23, 0, tzinfo=UTC),
    "mx2": datetime(2026, 5, 20, 23, 0, tzinfo=UTC),
}
OFFSET = {"sd": "-07:00", "mx": "-06:00"}
TOPICS = ["serving", "compilers", "privacy", "data"]


def _papers(n: int = 12) -> list[Any]:
    return [paper(f"p{i}", [f"a{i}", f"b{i % 5}"], TOPICS[i % 4]) for i in range(n)]


def _conference(folder: Path, venue_text: str = SITES, papers: list[Any] | None = None) -> Path:
    """papers.json from the helpers, venue.toml as given."""
    write_conference(folder, papers or _papers(), _python_venue())
    (folder / "venue.toml").write_text(venue_text, "utf-8")
    return folder


def _python_venue() -> Venue:
    """A placeholder for write_conference; the venue file is replaced right after."""
    return parse_venue(_toml(SITES))


def _toml(text: str) -> dict[str, Any]:
    import tomllib

    return tomllib.loads(text)


def _session_of_uid(plan_json: dict[str, Any]) -> dict[str, str]:
    return {pl["paper"]: pl["session"] for pl in plan_json["placements"]}


# --------------------------------------------------------------------------- reading


def test_the_venue_reads_sites_and_each_session_at_its_rooms_site() -> None:
    v = parse_venue(_toml(SITES))
    assert [(s.id, s.timezone) for s in v.sites] == [
        ("sd", "America/Los_Angeles"),
        ("mx", "America/Mexico_City"),
    ]
    assert {s.id: s.site for s in v.sessions} == {
        "sd1": "sd",
        "sd2": "sd",
        "mx1": "mx",
        "mx2": "mx",
    }
    for s in v.sessions:
        assert v.instant(s.id, s.start) == UTC_START[s.id]
    # Same local clock time at two sites: not at once (a person is at one site).
    sd1, mx1 = v.session_by_id["sd1"], v.session_by_id["mx1"]
    assert not sd1.overlaps(mx1) and sd1.overlaps(sd1)


def test_an_offset_time_is_read_on_the_sites_clock() -> None:
    text = SITES.replace(
        'id = "mx1"\nname = "MX 1"\nstart = 2026-05-19T17:00:00',
        'id = "mx1"\nname = "MX 1"\nstart = 2026-05-19T23:00:00Z',
    )
    v = parse_venue(_toml(text))
    assert v.session_by_id["mx1"].start == datetime(2026, 5, 19, 17, 0)


def test_a_venue_without_sites_dumps_as_before() -> None:
    data = _toml(SITES)
    del data["sites"]
    for r in data["rooms"]:
        del r["site"]
    v = parse_venue(data)
    dumped = v.model_dump_json()
    assert '"site' not in dumped and v.sites == []
    assert v.session_by_id["sd1"].overlaps(v.session_by_id["mx1"])  # one clock: same time


BAD = [
    (
        lambda t: t.replace('timezone = "America/Mexico_City"', 'timezone = "Mexico/Nowhere"'),
        ["[[sites]] 'mx', key 'timezone'", "'Mexico/Nowhere' is not an IANA time zone"],
    ),
    (
        lambda t: t.replace('site = "mx"\n', ""),
        ["[[rooms]] 'mx-hall'", "has no site", "Add site = one of: sd, mx"],
    ),
    (
        lambda t: t.replace('site = "mx"\n', 'site = "cdmx"\n'),
        ["[[rooms]] 'mx-hall', key 'site'", "names site 'cdmx', which is not defined"],
    ),
    (
        lambda t: t.replace('sessions = ["mx1", "mx2"]', 'sessions = ["mx1", "mx2", "sd1"]'),
        ["[[sessions]] 'sd1'", "its rooms are at 2 sites", "a session is at one site"],
    ),
    (
        lambda t: t.replace('id = "mx"\nname = "Mexico City"', 'id = "sd"\nname = "Mexico City"'),
        ["[[sites]] 'sd'", "the id is used twice"],
    ),
    (
        lambda t: t.replace('[[sites]]\nid = "sd"', '[[sites]]\nid = "sd"\ncity = "x"'),
        ["[[sites]] #1", "unknown key 'city'"],
    ),
    (
        lambda t: t + '\n[[place]]\nname = "remote"\npapers = ["p1"]\nsites = ["tokyo"]\n',
        ["[[place]] #1, key 'sites'", "no site 'tokyo' in the venue"],
    ),
]


@pytest.mark.parametrize(("edit", "fragments"), BAD)
def test_bad_sites_give_one_clear_message(
    workdir: Path,
    expect_input_error: Callable[..., str],
    edit: Callable[[str], str],
    fragments: list[str],
) -> None:
    folder = _conference(workdir / "conf", edit(SITES))
    expect_input_error([folder], *fragments)


def test_a_room_site_without_sites_is_refused(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    start = SITES.index("[[sessions]]")
    text = 'name = "No Sites"\ntimezone = "America/Los_Angeles"\n\n' + SITES[start:]
    folder = _conference(workdir / "conf", text)
    expect_input_error([folder], "[[rooms]] 'sd-hall', key 'site'", "the venue has no [[sites]]")


# --------------------------------------------------------------------------- outputs


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-site conference planned once through the command line; its output folder."""
    from typer.testing import CliRunner

    from planner.cli import app

    folder = _conference(tmp_path_factory.mktemp("sites") / "conf")
    out = folder.parent / "out"
    result = CliRunner().invoke(
        app, ["plan", str(folder), "--out", str(out), "--time-limit", "2", "--workers", "1"]
    )
    assert result.exit_code == 0, result.output
    return out


def _plan(out: Path) -> dict[str, Any]:
    return json.loads((out / "plan.json").read_text("utf-8"))


def _by_uid(out: Path) -> dict[str, str]:
    """Event UID (feeds and schedule guid) -> paper id."""
    from planner.plan.events import event_uid

    plan = _plan(out)
    slug = "twositesconf"
    return {event_uid(slug, pl["paper"]): pl["paper"] for pl in plan["placements"]}


def test_papers_json_times_carry_each_sites_offset(planned: Path) -> None:
    site = {"sd1": "sd", "sd2": "sd", "mx1": "mx", "mx2": "mx"}
    session_of = _session_of_uid(_plan(planned))
    records = json.loads((planned / "papers.json").read_text("utf-8"))["results"]
    assert {site[session_of[r["id"]]] for r in records} == {"sd", "mx"}
    for r in records:
        s = session_of[r["id"]]
        start = datetime.fromisoformat(r["starttime"])
        assert (
            r["starttime"] == f"2026-05-{19 if s.endswith('1') else 20}T17:00:00{OFFSET[site[s]]}"
        )
        assert start.astimezone(UTC) == UTC_START[s]


def test_feeds_give_each_event_its_zone_and_utc_instant(planned: Path) -> None:
    session_of = _session_of_uid(_plan(planned))
    cal = Calendar.from_ical((planned / "calendars" / "conference.ics").read_bytes())
    zones = sorted(str(tz["TZID"]) for tz in cal.walk("VTIMEZONE"))
    assert zones == ["America/Los_Angeles", "America/Mexico_City"]
    events = cal.walk("VEVENT")
    assert len(events) == len(session_of)
    for ev in events:
        s = session_of[_by_uid(planned)[str(ev["UID"])]]
        start = ev["DTSTART"].dt
        assert start.astimezone(UTC) == UTC_START[s]
        want = "America/Los_Angeles" if s.startswith("sd") else "America/Mexico_City"
        assert ev["DTSTART"].params["TZID"] == want
    # A session's own feed holds only its site's zone.
    mx = Calendar.from_ical((planned / "calendars" / "sessions" / "mx1.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in mx.walk("VTIMEZONE")] == ["America/Mexico_City"]


def test_the_schedule_gives_each_event_its_offset(planned: Path) -> None:
    session_of = _session_of_uid(_plan(planned))
    doc = json.loads((planned / "schedule.json").read_text("utf-8"))
    seen = 0
    for day in doc["schedule"]["conference"]["days"]:
        for events in day["rooms"].values():
            for e in events:
                s = session_of[_by_uid(planned)[e["guid"]]]
                assert datetime.fromisoformat(e["date"]).astimezone(UTC) == UTC_START[s]
                seen += 1
    assert seen == len(session_of)
    root = ElementTree.parse(planned / "schedule.xml").getroot()
    for event in root.iter("event"):
        assert event.findtext("date", "").endswith(("-07:00", "-06:00"))


def test_verify_passes_and_catches_a_presenter_at_two_sites(planned: Path, tmp_path: Path) -> None:
    import shutil

    from typer.testing import CliRunner

    from planner.cli import app

    assert CliRunner().invoke(app, ["verify", str(planned)]).exit_code == 0
    broken = tmp_path / "broken"
    shutil.copytree(planned, broken)
    plan = _plan(broken)
    # One person presents a poster at each site: made so by hand in the plan's papers.
    where = {pl["paper"]: pl["session"] for pl in plan["placements"]}
    sd = next(p for p in plan["papers"] if where[p["id"]].startswith("sd"))
    mx = next(p for p in plan["papers"] if where[p["id"]].startswith("mx"))
    mx["presenter"] = sd["presenter"]
    (broken / "plan.json").write_text(json.dumps(plan), "utf-8")
    result = CliRunner().invoke(app, ["verify", str(broken)])
    assert result.exit_code == 5
    assert "site:" in result.output and "presents posters at 2 sites" in result.output


# --------------------------------------------------------------------------- the rule


def _site_venue(pins: list[Pin]) -> Venue:
    sd = [
        Session(
            id=f"sd{i}",
            name=f"SD {i}",
            start=datetime(2026, 5, 18 + i, 17),
            end=datetime(2026, 5, 18 + i, 19),
            site="sd",
        )
        for i in (1, 2)
    ]
    mx = [
        Session(
            id=f"mx{i}",
            name=f"MX {i}",
            start=datetime(2026, 5, 18 + i, 17),
            end=datetime(2026, 5, 18 + i, 19),
            site="mx",
        )
        for i in (1, 2)
    ]
    return Venue(
        name="Sites",
        acronym="sites",
        timezone="America/Los_Angeles",
        sites=[
            Site(id="sd", name="San Diego", timezone="America/Los_Angeles"),
            Site(id="mx", name="Mexico City", timezone="America/Mexico_City"),
        ],
        sessions=sd + mx,
        rooms=[
            Room(id="sd-hall", name="SD Hall", boards=6, sessions=["sd1", "sd2"], site="sd"),
            Room(id="mx-hall", name="MX Hall", boards=6, sessions=["mx1", "mx2"], site="mx"),
        ],
        pins=pins,
        source="venue.toml",
    )


def _tempted() -> Any:
    """X presents x1 (pinned in San Diego) and x2.  Y wrote x2, y1 and y2, pinned to both
    San Diego sessions: x2 in Mexico City would spare Y a clash, but X is in San Diego."""
    papers = [
        paper("x1", ["X", "c1"], "serving"),
        paper("x2", ["X", "Y"], "serving"),
        paper("y1", ["Y", "c2"], "serving"),
        paper("y2", ["Y", "c3"], "serving"),
    ]
    papers += [paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(8)]
    pins = [
        Pin(paper="x1", session="sd1"),
        Pin(paper="y1", session="sd1"),
        Pin(paper="y2", session="sd2"),
    ]
    return make_inputs(papers, _site_venue(pins))


def test_a_presenter_is_kept_to_one_site() -> None:
    plan = run(_tempted())
    site = {pl.paper: pl.session[:2] for pl in plan.placements}
    assert site["x1"] == site["x2"] == "sd"
    assert plan.figures.presenter_clashes == 0


def test_removing_the_rule_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without constraints.sites (and its warm start) x2 goes to Mexico City for Y."""
    monkeypatch.setattr(constraints, "RULES", [r for r in constraints.RULES if r.name != "sites"])
    monkeypatch.setattr(constraints.sites, "warm_domains", lambda problem, domains: domains)
    plan = run(_tempted())
    site = {pl.paper: pl.session[:2] for pl in plan.placements}
    assert site["x2"] == "mx"


def test_same_instant_at_two_sites_is_no_clash_but_a_finding() -> None:
    """Z wrote z1 (San Diego, 17:00 PDT) and z2 (Mexico City, 18:00 CST): one instant."""
    v = _site_venue([Pin(paper="z1", session="sd1"), Pin(paper="z2", session="mx1")])
    mx1 = v.sessions[2].model_copy(
        update={"start": datetime(2026, 5, 19, 18), "end": datetime(2026, 5, 19, 20)}
    )
    v = v.model_copy(update={"sessions": [*v.sessions[:2], mx1, v.sessions[3]]})
    assert v.instant("sd1", v.sessions[0].start) == v.instant("mx1", mx1.start)
    papers = [paper("z1", ["A", "Z"], "serving"), paper("z2", ["B", "Z"], "privacy")]
    papers += [paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(6)]
    plan = run(make_inputs(papers, v))
    assert plan.figures.clashes == 0
    assert plan.figures.two_sites == 1


def test_posters_confined_to_two_sites_are_handed_over(workdir: Path) -> None:
    papers = [
        paper("x1", ["X", "c1"], "serving"),
        paper("x2", ["X", "C"], "privacy"),
        *(paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(4)),
    ]
    text = SITES + (
        '\n[[pins]]\npaper = "x1"\nsession = "sd1"\n\n[[pins]]\npaper = "x2"\nsession = "mx1"\n'
    )
    folder = _conference(workdir / "conf", text, papers)
    inputs = load(folder)
    [h] = [h for h in inputs.index.handovers if h.paper == "x2"]
    assert inputs.index.people[h.presenter].name == "Author C"
    assert h.reason.endswith("they present at San Diego")  # a tie: the first of [[sites]]
    assert inputs.index.presenter["x1"] == h.original
    assert hand_over_sites(inputs.accepted, inputs.venue, inputs.index, inputs.places) == []


def test_no_author_can_take_over_exits_3(workdir: Path, cli: Callable[..., Any]) -> None:
    papers = [
        paper("x1", ["X"], "serving"),
        paper("x2", ["X"], "privacy"),
        *(paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(4)),
    ]
    text = SITES + (
        '\n[[pins]]\npaper = "x1"\nsession = "sd1"\n\n[[pins]]\npaper = "x2"\nsession = "mx1"\n'
    )
    folder = _conference(workdir / "conf", text, papers)
    result = cli("check", folder)
    assert result.exit_code == 3, result.output
    assert "must go to different sites" in result.output


def test_place_by_site_from_the_record(workdir: Path) -> None:
    """[[place]] where = { site = [...] } with sites = [...]: the record's own site field."""
    papers = _papers(8)
    for p in papers[:3]:
        p.raw["site"] = "Mexico City"
    text = SITES + (
        '\n[[place]]\nname = "Mexico City"\nwhere = { site = ["Mexico City"] }\nsites = ["mx"]\n'
    )
    folder = _conference(workdir / "conf", text, papers)
    inputs = load(folder)
    rule = inputs.venue.place[0]
    assert rule.rooms == ["mx-hall"]
    plan = run(inputs)
    for p in papers[:3]:
        assert plan.placement_of[p.id].room == "mx-hall"


def test_the_workbook_and_report_show_each_sessions_site(planned: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(planned / "plan.xlsx")
    overview = book["Overview"]
    assert "America/Mexico_City" in str(overview["A2"].value)
    rows = list(book["Placements"].iter_rows(values_only=True))
    head = list(rows[0])
    site_col, session_col = head.index("Site"), head.index("Session")
    sites = {r[session_col]: r[site_col] for r in rows[1:] if r[0] is not None}
    assert sites["MX 1"] == "Mexico City (America/Mexico_City)"
    assert sites["SD 1"] == "San Diego (America/Los_Angeles)"
    page = (planned / "report.html").read_text("utf-8")
    # Grouped by site, in the order of [[sites]], though the venue lists MX 1 before SD 2.
    assert page.index('id="s-sd2"') < page.index('id="s-mx1"')


def test_a_speakers_posters_go_to_their_talks_site(workdir: Path) -> None:
    """X gives o1's talk in Mexico City: o1's poster and X's other poster go there too,
    though x2 in San Diego would spare its co-author Y a clash (Y's posters are pinned
    to both Mexico City sessions)."""
    papers = [
        paper("o1", ["X", "c1"], "serving", decision="Oral"),
        paper("x2", ["X", "Y"], "privacy"),
        paper("y1", ["Y", "c3"], "privacy"),
        paper("y2", ["Y", "c4"], "privacy"),
        *(paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(6)),
    ]
    text = SITES + (
        '\n[[pins]]\npaper = "y1"\nsession = "mx1"\n\n[[pins]]\npaper = "y2"\nsession = "mx2"\n'
    )
    text += (
        '\n[[sessions]]\nid = "mx-talks"\nname = "MX Talks"\nkind = "talks"\n'
        "start = 2026-05-19T09:00:00\nend = 2026-05-19T10:00:00\n"
        '\n[[rooms]]\nid = "mx-aud"\nname = "MX Auditorium"\nseats = 100\nsite = "mx"\n'
        'sessions = ["mx-talks"]\n\n[talks]\nminutes = { Oral = 15 }\n'
    )
    folder = _conference(workdir / "conf", text, papers)
    inputs = load(folder)
    assert inputs.venue.talk_sessions[0].site == "mx"
    plan = run(inputs)
    assert plan.placement_of["o1"].room == plan.placement_of["x2"].room == "mx-hall"


def _pulled_apart() -> Any:
    """X presents x1 and x2, both free.  x1's co-author Y has posters pinned to both San
    Diego sessions, x2's co-author W to both Mexico City ones: each pulls its poster to
    the other site, which X, at one site, cannot follow for both."""
    papers = [
        paper("x1", ["X", "Y"], "serving"),
        paper("x2", ["X", "W"], "serving"),
        paper("y1", ["Y", "c1"], "serving"),
        paper("y2", ["Y", "c2"], "serving"),
        paper("w1", ["W", "c3"], "serving"),
        paper("w2", ["W", "c4"], "serving"),
    ]
    papers += [paper(f"f{i}", [f"f{i}"], TOPICS[i % 4]) for i in range(6)]
    pins = [
        Pin(paper="y1", session="sd1"),
        Pin(paper="y2", session="sd2"),
        Pin(paper="w1", session="mx1"),
        Pin(paper="w2", session="mx2"),
    ]
    return make_inputs(papers, _site_venue(pins))


def test_the_site_choice_holds_two_free_posters_together(monkeypatch: pytest.MonkeyPatch) -> None:
    """The model's y[k, site] rows keep x1 and x2 at one site; without them they split."""
    plan = run(_pulled_apart())
    site = {pl.paper: pl.session[:2] for pl in plan.placements}
    assert site["x1"] == site["x2"]
    assert plan.figures.clashes == 1  # one of Y's or W's, forced by X's one site

    from constraints.rule import Rule

    domains_only = Rule("sites", domains=constraints.sites.domains)
    rules = [domains_only if r.name == "sites" else r for r in constraints.RULES]
    monkeypatch.setattr(constraints, "RULES", rules)
    monkeypatch.setattr(constraints.sites, "warm_domains", lambda problem, domains: domains)
    split = run(_pulled_apart())
    site = {pl.paper: pl.session[:2] for pl in split.placements}
    assert (site["x1"], site["x2"]) == ("mx", "sd")


def test_verify_catches_a_room_at_another_site_and_a_wrong_offset(
    planned: Path, tmp_path: Path
) -> None:
    import shutil

    from typer.testing import CliRunner

    from planner.cli import app

    rooms = tmp_path / "rooms"
    shutil.copytree(planned, rooms)
    plan = _plan(rooms)
    for room in plan["venue"]["rooms"]:
        if room["id"] == "mx-hall":
            room["site"] = "sd"  # Mexico City's sessions now have a room in San Diego
    (rooms / "plan.json").write_text(json.dumps(plan), "utf-8")
    result = CliRunner().invoke(app, ["verify", str(rooms)])
    assert result.exit_code == 5 and "session 'mx1' (site 'mx') has rooms at sd" in result.output

    times = tmp_path / "times"
    shutil.copytree(planned, times)
    doc = json.loads((times / "papers.json").read_text("utf-8"))
    record = next(r for r in doc["results"] if r["starttime"].endswith("-06:00"))
    record["starttime"] = record["starttime"].replace("-06:00", "-07:00")  # the venue's offset
    (times / "papers.json").write_text(json.dumps(doc), "utf-8")
    result = CliRunner().invoke(app, ["verify", str(times)])
    assert result.exit_code == 5 and "time:" in result.output


def test_a_bad_time_zone_is_one_message(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    """The rooms at that site and their sessions are not reported again."""
    text = SITES.replace('timezone = "America/Mexico_City"', 'timezone = "Mexico/Nowhere"')
    text += '\n[[pins]]\npaper = "p1"\nsession = "mx1"\n'
    folder = _conference(workdir / "conf", text)
    message = expect_input_error([folder], "'Mexico/Nowhere' is not an IANA time zone")
    assert message.count("venue.toml") == 1, message


def test_a_rerun_keeps_every_poster_at_its_site(workdir: Path, cli: Callable[..., Any]) -> None:
    """One paper more on the second run: the posters placed before keep their sessions."""
    folder = _conference(workdir / "conf", papers=_papers(10))
    out = workdir / "out"
    first = cli("plan", folder, "--out", out, "--time-limit", "2", "--workers", "1")
    assert first.exit_code == 0, first.output
    before = _session_of_uid(_plan(out))
    _conference(workdir / "conf", papers=_papers(11))
    second = cli("plan", folder, "--out", out, "--time-limit", "2", "--workers", "1")
    assert second.exit_code == 0, second.output
    after = _session_of_uid(_plan(out))
    assert {p: after[p] for p in before} == before
