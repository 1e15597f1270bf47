"""[[place]] rules: presentation modes, reserved spaces, tracks kept to their sessions.

Each test builds a small conference whose papers carry an ``event_type`` field
("In person", "Virtual", spelled as real exports spell them) and a venue with
three spaces per slot: an in-person hall, hybrid boards and a virtual space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import TOPICS, hard_violations, make_inputs, paper, room, run, session, venue
from helpers import write_conference as write
from typer.testing import CliRunner

import constraints
from planner.cli import app
from planner.core.errors import InfeasibleError
from planner.read.conference import PlaceRule, Venue
from planner.verify.checker import verify

SLOTS = [session("s1", 0), session("s2", 1), session("s3", 2)]
SPELLINGS = {
    "in person": ["In person", "In Person", " in  person "],
    "virtual": ["Virtual", "virtual ", "VIRTUAL"],
}
REMOTE = PlaceRule(name="remote", where={"event_type": ["Virtual"]}, rooms=["virt"], exclusive=True)


def modes_conference(n: int = 24, virtual_every: int = 4) -> list:
    papers = []
    for i in range(n):
        p = paper(f"p{i}", [f"a{i}", f"c{i % 5}"], TOPICS[i % 4])
        mode = "virtual" if i % virtual_every == 0 else "in person"
        p.raw["event_type"] = SPELLINGS[mode][i % 3]
        papers.append(p)
    return papers


def three_spaces(*rules: PlaceRule, hall: int = 6, hybrid: int = 2, virt: int = 3) -> Venue:
    v = venue(SLOTS, [room("hall", hall), room("hyb", hybrid), room("virt", virt)])
    return v.model_copy(update={"place": list(rules)})


def virtual_ids(papers: list) -> set[str]:
    return {p.id for p in papers if p.raw["event_type"].strip().casefold() == "virtual"}


def test_mode_values_in_any_case_and_spacing_go_to_their_space():
    papers = modes_conference()
    inputs = make_inputs(papers, three_spaces(REMOTE))
    plan = run(inputs)
    virtual = virtual_ids(papers)
    assert len(virtual) == 6
    for pl in plan.placements:
        assert (pl.room == "virt") == (pl.paper in virtual), pl
    assert hard_violations(plan, inputs) == []


def test_without_the_rule_module_modes_are_ignored(monkeypatch):
    monkeypatch.setattr(
        constraints, "RULES", [r for r in constraints.RULES if r is not constraints.place.RULE]
    )
    papers = modes_conference()
    plan = run(make_inputs(papers, three_spaces(REMOTE)))
    virtual = virtual_ids(papers)
    assert any((pl.room == "virt") != (pl.paper in virtual) for pl in plan.placements)


def test_a_paper_matched_by_two_rules_satisfies_both():
    papers = modes_conference()
    late = PlaceRule(name="late slot", papers=["p0", "p4", "p1"], sessions=["s3"])
    plan = run(make_inputs(papers, three_spaces(REMOTE, late)))
    where = {pl.paper: (pl.session, pl.room) for pl in plan.placements}
    assert where["p0"] == ("s3", "virt") and where["p4"] == ("s3", "virt")  # both rules
    assert where["p1"][0] == "s3" and where["p1"][1] != "virt"  # only the session rule


def test_an_exclusive_session_takes_only_its_rules_papers():
    papers = modes_conference()
    track = PlaceRule(
        name="findings", papers=[f"p{i}" for i in range(1, 9)], sessions=["s1"], exclusive=True
    )
    plan = run(make_inputs(papers, three_spaces(track, hall=12, hybrid=4, virt=4)))
    in_s1 = {pl.paper for pl in plan.placements if pl.session == "s1"}
    assert in_s1 == {f"p{i}" for i in range(1, 9)}


def test_a_non_exclusive_room_also_takes_other_papers():
    papers = modes_conference()
    open_rule = REMOTE.model_copy(update={"exclusive": False})
    # Hall and hybrid hold 15 of the 18 in-person posters: the virtual room takes the rest.
    plan = run(make_inputs(papers, three_spaces(open_rule, hall=4, hybrid=1, virt=3)))
    in_virt = {pl.paper for pl in plan.placements if pl.room == "virt"}
    assert virtual_ids(papers) < in_virt


def test_an_over_full_rule_is_explained_before_solving():
    papers = modes_conference(virtual_every=2)  # 12 virtual papers, 3 boards x 3 slots
    with pytest.raises(InfeasibleError) as info:
        run(make_inputs(papers, three_spaces(REMOTE)))
    message = str(info.value)
    assert "rule 'remote' matches 12 posters but they may use only 9 boards" in message
    assert "add 3 boards" in message


def test_a_presenter_whose_rule_leaves_too_few_times_is_explained():
    papers = modes_conference()
    for p in papers[:3]:  # P presents p0, p1, p2; the rule keeps them to one slot
        p.authors.insert(0, p.authors[0].model_copy(update={"id": "P", "name": "Author P"}))
        p.raw["authors"].insert(0, {"id": "P", "fullname": "Author P", "institution": None})
    one_slot = PlaceRule(name="orals", papers=["p0", "p1", "p2"], sessions=["s2"])
    with pytest.raises(InfeasibleError) as info:
        run(make_inputs(papers, three_spaces(one_slot)))
    assert "Author P (P) presents 3 posters" in str(info.value)
    assert "leave them 1 separate poster time" in str(info.value)


def test_a_pin_against_a_rule_is_explained():
    from planner.read.conference import Pin

    papers = modes_conference()
    v = three_spaces(REMOTE).model_copy(
        update={"pins": [Pin(paper="p0", session="s1", room="hall")]}
    )
    with pytest.raises(InfeasibleError) as info:
        run(make_inputs(papers, v))
    assert "Paper p0 is pinned to room 'hall' in session 's1'" in str(info.value)
    assert "'remote'" in str(info.value)


def test_a_rerun_after_a_mode_change_moves_the_poster_and_says_why(tmp_path: Path):
    papers = modes_conference()
    folder = write(tmp_path / "conf", papers, three_spaces(REMOTE))
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    doc = json.loads((folder / "papers.json").read_text("utf-8"))
    for record in doc["results"]:
        if record["id"] == "p1":
            record["event_type"] = "Virtual "  # the presenter cannot travel after all
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    result = runner.invoke(app, ["plan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    changes = json.loads((out / "changes.json").read_text("utf-8"))
    moved = {m["paper"]: m for m in changes["moved"]}
    assert "p1" in moved
    assert moved["p1"]["why"] == "placement rule 'remote' applies to it now"
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert {p["room"] for p in plan["placements"] if p["paper"] == "p1"} == {"virt"}


def test_verify_names_a_poster_placed_against_its_rule(tmp_path: Path):
    papers = modes_conference()
    folder = write(tmp_path / "conf", papers, three_spaces(REMOTE))
    out = tmp_path / "out"
    assert CliRunner().invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    assert verify(out, folder).ok
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    virt = next(p for p in plan["placements"] if p["room"] == "virt")
    hall = next(
        p for p in plan["placements"] if p["room"] == "hall" and p["session"] == virt["session"]
    )
    virt["room"], hall["room"] = "hall", "virt"
    virt["board"], hall["board"] = hall["board"], virt["board"]
    virt["label"], hall["label"] = hall["label"], virt["label"]
    (out / "plan.json").write_text(json.dumps(plan), "utf-8")
    report = verify(out, folder, files=False)
    messages = [v.message for v in report.violations if v.rule == "place"]
    assert any("rule 'remote' does not allow" in m and virt["paper"] in m for m in messages)
    assert any("reserved by rule 'remote'" in m and hall["paper"] in m for m in messages)


@pytest.mark.parametrize(
    ("rule", "fragments"),
    [
        (
            'where = { evnt_type = ["Virtual"] }\nrooms = ["virt"]',
            [
                "[[place]] #1, key 'where'",
                "no field or column 'evnt_type'",
                "did you mean 'event_type'",
            ],
        ),
        (
            'where = { event_type = ["Virtual"] }\nrooms = ["virtual-room"]',
            ["[[place]] #1, key 'rooms'", "no room 'virtual-room'"],
        ),
        (
            'where = { event_type = ["Virtual"] }\nsessions = ["s9"]',
            ["[[place]] #1, key 'sessions'", "no session 's9'"],
        ),
        (
            'where = { event_type = ["Virtual"] }',
            ["[[place]] #1", "names no room and no session to place in"],
        ),
        ('rooms = ["virt"]', ["[[place]] #1", "selects no papers"]),
        (
            'where = { event_type = ["Virtual"] }\nrooms = ["virt"]\nexclusive = "yes"',
            ["key 'exclusive'", "must be true or false"],
        ),
        (
            'where = { event_type = ["Virtual"] }\nroom = ["virt"]',
            ["unknown key 'room'", "did you mean 'rooms'"],
        ),
    ],
)
def test_bad_rules_are_named_with_the_fix(tmp_path: Path, rule: str, fragments: list[str]):
    folder = write(tmp_path / "conf", modes_conference(), three_spaces())
    venue_file = folder / "venue.toml"
    venue_file.write_text(venue_file.read_text("utf-8") + f"\n[[place]]\n{rule}\n", "utf-8")
    result = CliRunner().invoke(app, ["check", str(folder)])
    assert result.exit_code == 2, result.output
    text = " ".join(result.output.split())
    for fragment in fragments:
        assert fragment in text, text
    assert "Traceback" not in text


def test_check_lists_each_rule_with_its_papers_and_boards(tmp_path: Path):
    nobody = PlaceRule(name="demos", where={"event_type": ["Demo"]}, rooms=["hyb"])
    folder = write(tmp_path / "conf", modes_conference(), three_spaces(REMOTE, nobody))
    result = CliRunner(env={"COLUMNS": "200"}).invoke(app, ["check", str(folder)])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "Placement rules ([[place]])" in out
    line = next(row for row in out.splitlines() if "remote (exclusive)" in row)
    assert " 6 " in line and "s1 3, s2 3, s3 3" in line
    assert "warning: rule 'demos' matches no paper" in " ".join(out.split())


def test_a_column_of_a_csv_list_selects_papers(tmp_path: Path):
    rows = ["id,title,authors,Event Type"]
    for i in range(12):
        mode = "Virtual-Gathertown" if i % 3 == 0 else "In person"
        rows.append(f"{i + 1},Paper about {TOPICS[i % 4]} number {i},Author {i};Co {i % 4},{mode}")
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "papers.csv").write_text("\n".join(rows) + "\n", "utf-8")
    rule = PlaceRule(name="gather", where={"event type": ["virtual-gathertown"]}, rooms=["virt"])
    v = three_spaces(rule)
    from helpers import venue_toml

    (folder / "venue.toml").write_text(venue_toml(v), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    rooms = {p["paper"]: p["room"] for p in plan["placements"]}
    assert {pid for pid, r in rooms.items() if r == "virt"} >= {"1", "4", "7", "10"}
    assert all(rooms[str(i + 1)] == "virt" for i in range(0, 12, 3))


def test_a_list_shaped_like_a_real_nlp_conference_keeps_every_mode_in_its_space(tmp_path):
    """Three spaces per slot, modes from a field in four spellings, titles only."""
    from planner.engine import Options, make_plan
    from planner.people.inputs import load
    from planner.synth import generate_modes

    doc, venue_text = generate_modes(280, seed=2)
    folder = tmp_path / "nlp"
    folder.mkdir()
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    (folder / "venue.toml").write_text(venue_text, "utf-8")
    inputs = load(folder)
    plan = make_plan(inputs, Options(time_limit=3))
    space = {"in person": "hall", "virtual": "hybrid", "virtual-gathertown": "virtual"}
    modes = {str(r["id"]): r["event_type"] for r in doc["results"]}
    assert all(pl.room == space[modes[pl.paper].casefold()] for pl in plan.placements)
    assert hard_violations(plan, inputs) == []
    assert plan.figures.presenter_clashes == 0
    assert plan.figures.clashes <= 1.01 * plan.figures.clash_lower_bound


def test_the_example_venue_with_modes_plans_every_rule(tmp_path: Path):
    root = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app, ["plan", str(root), "--venue", str(root / "venue-modes.toml"), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    where = {p["paper"]: (p["session"], p["room"]) for p in plan["placements"]}
    remote = {"3548", "3553", "3617", "3515", "3621", "3585"}
    assert {p for p, (_, r) in where.items() if r == "remote"} == remote
    assert all(where[p][0] in ("wed-aft", "wed-eve") for p in ("3608", "3509", "3600"))
    assert verify(out, root, root / "venue-modes.toml").ok


def test_the_rule_that_placed_a_poster_is_shown_where_people_look(tmp_path: Path) -> None:
    """Issue 13: the workbook's Placements sheet and the report show each poster's rule
    (a "remote" badge), and the Overview shows each rule's load against its boards."""
    from lxml import html as lxml_html
    from openpyxl import load_workbook

    from planner.outputs.report import page as report
    from planner.outputs.workbook import book as workbook

    papers = modes_conference()
    plan = run(make_inputs(papers, three_spaces(REMOTE)))
    virtual = virtual_ids(papers)
    workbook.write(plan, tmp_path)
    wb = load_workbook(tmp_path / workbook.FILE)
    rows = list(wb["Placements"].iter_rows(values_only=True))
    rule = rows[0].index("Rule")
    shown = {str(r[0]): r[rule] for r in rows[1:]}
    assert {p for p, r in shown.items() if r == "remote"} == virtual
    assert all(r is None for p, r in shown.items() if p not in virtual)
    overview = [[c for c in r if c is not None] for r in wb["Overview"].iter_rows(values_only=True)]
    at = next(i for i, r in enumerate(overview) if r and str(r[0]).startswith("Placement rules"))
    name, rooms, count, per = overview[at + 2]
    assert (name, count) == ("remote (exclusive)", len(virtual)) and rooms
    # Per session: the rule's posters there against the 3 boards of its room.
    assert per.count("/ 3") == len(SLOTS)

    doc = lxml_html.fromstring(report.render(plan))
    marked = {
        el.get("data-p")
        for el in doc.xpath('//*[@id="overview"]//*[@data-p]')
        if "rule remote" in el.get("aria-label")
    }
    assert marked == virtual
    loads = doc.xpath('//details[@class="load"]//table')[-1].text_content()
    assert "remote" in loads and "/ 3" in loads


def _both_spellings() -> list:
    """Records with the site's own two fields: event_type (the mode) and eventtype (the kind)."""
    papers = modes_conference()
    for p in papers:
        p.raw["eventtype"] = "Poster"
    return papers


def test_a_field_named_exactly_is_the_one_matched():
    """event_type = ["Poster"] means the field event_type, never eventtype beside it."""
    from planner.read.places import resolve_places

    papers = _both_spellings()
    poster = PlaceRule(name="posters", where={"event_type": ["Poster"]}, rooms=["hall"])
    places = resolve_places(three_spaces(poster), papers, "papers.json")
    assert places.matched == [frozenset()]
    kind = PlaceRule(name="kind", where={"eventtype": ["Poster"]}, rooms=["hall"])
    assert len(resolve_places(three_spaces(kind), papers, "papers.json").matched[0]) == 24


def test_a_where_that_could_mean_two_fields_names_both():
    from planner.core.errors import InputError
    from planner.read.places import resolve_places

    rule = PlaceRule(name="kinds", where={"Event Type": ["Poster"]}, rooms=["hall"])
    with pytest.raises(InputError) as info:
        resolve_places(three_spaces(rule), _both_spellings(), "papers.json")
    assert "field 'Event Type' could mean 'event_type' or 'eventtype' in papers.json" in str(
        info.value
    )


def test_rules_that_leave_papers_nowhere_are_one_finding_first():
    from planner.prechecks.checks import prechecks

    papers = modes_conference()
    hall = PlaceRule(name="in hall", papers=["p1", "p2"], rooms=["hall"], exclusive=True)
    hybrid = PlaceRule(name="hybrid only", papers=["p1", "p2"], rooms=["hyb"], exclusive=True)
    findings = prechecks(make_inputs(papers, three_spaces(hall, hybrid)))
    assert findings[0].rule == "place"
    assert findings[0].message.startswith(
        "2 paper(s) match [[place]] rules 'in hall' and 'hybrid only', which together leave "
        "them no room in any session"
    )
    assert not any("p1" in f.message for f in findings[1:])


def test_case_10_the_finding_names_the_field_each_rule_really_read():
    """Issue 22, case 10: rules on event_type and eventtype that leave papers nowhere are
    one finding naming each rule's field, so a chair sees which field matched."""
    from planner.prechecks.checks import prechecks

    papers = _both_spellings()
    kind = PlaceRule(
        name="posters", where={"eventtype": ["Poster"]}, rooms=["hall"], exclusive=True
    )
    mode = PlaceRule(
        name="remote", where={"event_type": ["Virtual"]}, rooms=["virt"], exclusive=True
    )
    findings = prechecks(make_inputs(papers, three_spaces(kind, mode)))
    assert findings[0].message.startswith(
        "6 paper(s) match [[place]] rules 'posters' (where eventtype) and 'remote' (where "
        "event_type), which together leave them no room in any session"
    )
