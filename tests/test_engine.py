"""The whole engine: the MLSys example end to end, and impossible venues.

The MLSys runs (examples/mlsys2026 with its three venues) are shared per
module: one through the command line (it writes plan.json and papers.json),
one through make_plan with the same seed (it must give the same placements),
and one per extra venue.  Impossible venues must stop with an
InfeasibleError that names the cause, exit 3 on the command line, and leave
--out untouched.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from helpers import (
    availability_violations,
    capacity_violations,
    clash_pairs,
    hard_violations,
    lower_bound,
    make_inputs,
    paper,
    pin_violations,
    placement_violations,
    presenter_clashes,
    room,
    run,
    session,
    venue,
    write_conference,
)
from typer.testing import CliRunner

from planner.cli import app
from planner.core.errors import InfeasibleError
from planner.engine import Options, make_plan
from planner.people.inputs import Inputs, load
from planner.plan.records import Plan, read_plan
from planner.read.conference import Pin, Unavailability

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"
CONTRACT_FIELDS = ("session", "room_name", "poster_position", "starttime", "endtime", "topic")
OFFSET_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")


def plan_cli(*args: str | Path):
    return CliRunner().invoke(app, ["plan", *(str(a) for a in args)])


# --------------------------------------------------------------------------- MLSys


@pytest.fixture(scope="module")
def mlsys_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("mlsys") / "out"
    result = plan_cli(EXAMPLE, "--out", out, "--seed", "0")
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def mlsys_inputs() -> Inputs:
    return load(EXAMPLE)


@pytest.fixture(scope="module")
def mlsys_plan(mlsys_out: Path) -> Plan:
    return read_plan(mlsys_out / "plan.json")


@pytest.mark.slow
def test_mlsys_places_every_poster_once_within_every_hard_rule(mlsys_plan, mlsys_inputs):
    assert len(mlsys_inputs.accepted) == 135
    assert len(mlsys_plan.placements) == 135 == mlsys_plan.figures.placed
    assert hard_violations(mlsys_plan, mlsys_inputs) == []


@pytest.mark.slow
def test_mlsys_clashes_are_at_the_lower_bound(mlsys_plan, mlsys_inputs):
    assert presenter_clashes(mlsys_plan, mlsys_inputs) == []
    assert mlsys_plan.figures.presenter_clashes == 0
    found = len(clash_pairs(mlsys_plan, mlsys_inputs))
    assert found == lower_bound(mlsys_inputs) == mlsys_plan.figures.clash_lower_bound
    assert found == mlsys_plan.figures.clashes == len(mlsys_plan.clashes)
    assert all(c.reason for c in mlsys_plan.clashes)


@pytest.mark.slow
def test_mlsys_groups_topics_and_orders_boards(mlsys_plan):
    assert mlsys_plan.figures.grouping >= 1.4
    assert mlsys_plan.figures.neighbours >= 1.5
    assert mlsys_plan.figures.status in ("OPTIMAL", "FEASIBLE")


@pytest.mark.slow
def test_mlsys_papers_json_has_the_contract_fields_and_every_input_field(mlsys_out, mlsys_plan):
    source = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))
    written = json.loads((mlsys_out / "papers.json").read_text("utf-8"))
    assert isinstance(written, dict) and written["count"] == 135
    assert {k: v for k, v in written.items() if k != "results" and k != "count"} == {
        k: v for k, v in source.items() if k not in ("results", "count")
    }
    by_id = {r["id"]: r for r in source["results"]}
    records = written["results"]
    assert len(records) == 135 and len({r["id"] for r in records}) == 135
    venue_ = mlsys_plan.venue
    names = {s.name: s for s in venue_.sessions}
    rooms = {r.name for r in venue_.rooms}
    labels = Counter()
    for record in records:
        original = by_id[record["id"]]
        for key, value in original.items():
            if key not in CONTRACT_FIELDS:  # "topic": null in, the planner's label out
                assert record[key] == value, (record["id"], key)
        for key in CONTRACT_FIELDS:
            assert isinstance(record[key], str) and record[key], (record["id"], key)
        assert record["session"] in names and record["room_name"] in rooms
        s = names[record["session"]]
        assert OFFSET_TIME.match(record["starttime"]) and OFFSET_TIME.match(record["endtime"])
        assert record["starttime"] == s.start.strftime("%Y-%m-%dT%H:%M:%S") + "-07:00"
        assert record["endtime"] == s.end.strftime("%Y-%m-%dT%H:%M:%S") + "-07:00"
        labels[record["session"], record["room_name"], record["poster_position"]] += 1
    assert max(labels.values()) == 1
    placement = {str(pl.paper): pl for pl in mlsys_plan.placements}
    topics = {t.id: t.label for t in mlsys_plan.topics}
    for record in records:
        pl = placement[str(record["id"])]
        assert record["poster_position"] == pl.label
        assert record["topic"] == topics[pl.topic]


@pytest.mark.slow
def test_mlsys_same_seed_same_placements(mlsys_plan, mlsys_inputs):
    again = make_plan(mlsys_inputs, Options(seed=0, time_limit=mlsys_inputs.venue.rules.time_limit))
    assert [pl.model_dump() for pl in again.placements] == [
        pl.model_dump() for pl in mlsys_plan.placements
    ]
    assert again.figures.clashes == mlsys_plan.figures.clashes


@pytest.mark.slow
@pytest.mark.parametrize("name", ["venue-parallel.toml", "venue-spread.toml"])
def test_mlsys_other_venues_keep_every_rule(name):
    inputs = load(EXAMPLE, EXAMPLE / name)
    plan = make_plan(inputs, Options(seed=0, time_limit=5))
    assert len(plan.placements) == 135
    assert hard_violations(plan, inputs) == []
    assert len(clash_pairs(plan, inputs)) == lower_bound(inputs) == plan.figures.clashes
    if name == "venue-spread.toml":
        assert inputs.venue.pins and inputs.venue.unavailable and inputs.index.unavailable
        assert pin_violations(plan, inputs) == []
        assert availability_violations(plan, inputs) == []
        assert plan.placement_of["3608"].label == "H1"
    else:
        sessions = inputs.venue.session_by_id
        assert sessions["tue-a"].overlaps(sessions["tue-b"])


# --------------------------------------------------------------------------- impossible venues


def too_few_boards() -> Inputs:
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"p{i}", [f"a{i}"]) for i in range(10)]
    return make_inputs(papers, venue(ss, [room("hall", 5, spare=1)]))


def presenter_overbooked() -> Inputs:
    # Single-author papers: nobody can take a poster over from P.
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"p{i}", ["P"]) for i in range(3)]
    return make_inputs(papers, venue(ss, [room("hall", 6)]))


def presenter_overbooked_in_parallel_sessions() -> Inputs:
    # Two sessions, but at the same time: one separate time for P's two posters.
    ss = [session("am-a", 0, 10.0), session("am-b", 0, 10.0)]
    rooms = [room("ra", 4, ["am-a"]), room("rb", 4, ["am-b"])]
    return make_inputs([paper("p0", ["P"]), paper("p1", ["P"])], venue(ss, rooms))


def pins_over_session() -> Inputs:
    ss = [session("s1", 0), session("s2", 1)]
    pins = [Pin(paper=f"p{i}", session="s1") for i in range(3)]
    papers = [paper(f"p{i}", [f"a{i}"]) for i in range(4)]
    return make_inputs(papers, venue(ss, [room("hall", 2)], pins=pins))


def pins_over_room() -> Inputs:
    ss = [session("s1", 0)]
    pins = [Pin(paper=f"p{i}", session="s1", room="ra") for i in range(3)]
    papers = [paper(f"p{i}", [f"a{i}"]) for i in range(4)]
    return make_inputs(papers, venue(ss, [room("ra", 2), room("rb", 4)], pins=pins))


def author_always_away() -> Inputs:
    ss = [session("s1", 0), session("s2", 1)]
    away = [Unavailability(author="A", sessions=["s1", "s2"])]
    papers = [paper("p0", ["x", "A"]), paper("p1", ["y"])]
    return make_inputs(papers, venue(ss, [room("hall", 4)], unavailable=away))


def presenter_kept_together_by_coauthors() -> Inputs:
    # No cheap check sees this one: P's two posters each have a co-author away
    # for s2, so both need s1; the solver's core names the rules.
    ss = [session("s1", 0), session("s2", 1)]
    away = [
        Unavailability(author="A", sessions=["s2"]),
        Unavailability(author="B", sessions=["s2"]),
    ]
    papers = [paper("p1", ["P", "A"]), paper("p2", ["P", "B"]), paper("q", ["C"])]
    return make_inputs(papers, venue(ss, [room("hall", 4)], unavailable=away))


IMPOSSIBLE = {
    "too-few-boards": (
        too_few_boards,
        ["10 posters need boards but the venue has 8 usable boards", "add 2 boards"],
    ),
    "presenter": (
        presenter_overbooked,
        ["Author P (P) presents 3 posters", "only 2 separate poster times"],
    ),
    "presenter-parallel": (
        presenter_overbooked_in_parallel_sessions,
        ["Author P (P) presents 2 posters", "only 1 separate poster times"],
    ),
    "pins-session": (
        pins_over_session,
        ["3 papers are pinned to session 's1', which has 2 usable boards"],
    ),
    "pins-room": (
        pins_over_room,
        ["3 papers are pinned to Room ra in session 's1', which has 2 usable boards"],
    ),
    "away-always": (
        author_always_away,
        ["Paper p0 has no session all its authors can attend", "Author A (A)"],
    ),
    "solver-core": (
        presenter_kept_together_by_coauthors,
        ["Author P (P) presents papers p1, p2", "Author A (A) is unavailable for s2"],
    ),
}


@pytest.mark.parametrize("case", list(IMPOSSIBLE))
def test_impossible_venue_raises_with_the_cause(case):
    build, fragments = IMPOSSIBLE[case]
    with pytest.raises(InfeasibleError) as info:
        run(build(), time_limit=1)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    assert "Traceback" not in message
    assert info.value.exit_code == 3


@pytest.mark.parametrize("case", list(IMPOSSIBLE))
def test_impossible_venue_exits_3_and_writes_nothing(tmp_path, case):
    build, fragments = IMPOSSIBLE[case]
    inputs = build()
    folder = write_conference(tmp_path / "conf", inputs.paper_list.papers, inputs.venue)
    out = tmp_path / "out"
    result = plan_cli(folder, "--out", out, "--time-limit", "1")
    assert result.exit_code == 3, result.output
    assert not out.exists()
    assert "Traceback" not in result.output
    text = " ".join(result.stderr.split())
    assert "error:" in text
    for fragment in fragments:
        assert fragment in text, text


def test_an_impossible_venue_found_by_the_solver_prints_only_the_error(tmp_path):
    inputs = presenter_kept_together_by_coauthors()
    folder = write_conference(tmp_path / "conf", inputs.paper_list.papers, inputs.venue)
    result = plan_cli(folder, "--out", tmp_path / "out", "--time-limit", "1")
    assert result.exit_code == 3
    assert result.stderr.startswith("error:"), result.stderr
    assert "minimising clashes" not in result.output


def test_an_impossible_rerun_leaves_the_previous_outputs_alone(tmp_path):
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"p{i}", [f"a{i}"]) for i in range(6)]
    folder = write_conference(tmp_path / "conf", papers, venue(ss, [room("hall", 4)]))
    out = tmp_path / "out"
    assert plan_cli(folder, "--out", out, "--time-limit", "1").exit_code == 0
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    names = sorted(p.name for p in out.iterdir())
    assert {"plan.json", "papers.json"} <= set(before)
    write_conference(folder, papers, venue(ss, [room("hall", 2)]))  # 4 boards for 6
    result = plan_cli(folder, "--out", out, "--time-limit", "1")
    assert result.exit_code == 3, result.output
    assert "6 posters need boards" in " ".join(result.stderr.split())
    after = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert after == before
    assert sorted(p.name for p in out.iterdir()) == names


# --------------------------------------------------------------------------- small plans


def test_a_small_plan_through_the_command_line(tmp_path):
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"p{i}", [f"a{i}", f"c{i % 3}"], "serving") for i in range(7)]
    papers.append(paper("r1", ["z"], decision="Reject"))
    v = venue(ss, [room("hall", 3, prefix="H"), room("foyer", 2, ["s2"], prefix="F")])
    folder = write_conference(tmp_path / "conf", papers, v)
    out = tmp_path / "out"
    result = plan_cli(folder, "--out", out, "--time-limit", "1")
    assert result.exit_code == 0, result.output
    plan = read_plan(out / "plan.json")
    inputs = make_inputs(papers, v)
    assert placement_violations(plan, inputs) == []
    assert capacity_violations(plan) == []
    written = json.loads((out / "papers.json").read_text("utf-8"))
    assert [r["id"] for r in written["results"]] == [f"p{i}" for i in range(7)]
    assert all(r["extra_field"] == f"kept-{r['id']}" for r in written["results"])
    assert {r["room_name"] for r in written["results"]} <= {"Room hall", "Room foyer"}
