"""Presenter overflow: a presenter with more posters than times hands the surplus over.

The policy's presenter (first author here) keeps as many posters as there are
separate times they can attend; each surplus poster goes to the co-author with
the fewest posters to present, ties in author order after the presenter.  The
chair's ``[presenters]`` always wins; only a poster nobody can present makes
the venue impossible.
"""

from __future__ import annotations

import json
from pathlib import Path

from helpers import (
    hard_violations,
    make_inputs,
    paper,
    presenter_clashes,
    room,
    run,
    session,
    venue,
    write_conference,
)
from openpyxl import load_workbook
from typer.testing import CliRunner

from planner.cli import app
from planner.people.inputs import load

TWO_TIMES = [session("s1", 0), session("s2", 1)]


def busy_first_author():
    """P is first author of four papers over two times: two must go to co-authors."""
    papers = [
        paper("p1", ["P", "a"]),
        paper("p2", ["P", "b", "c"]),
        paper("p3", ["P", "b"]),
        paper("p4", ["P"]),  # single-author: only P can present it
        paper("q1", ["b", "z"]),  # b already presents one poster of their own
    ]
    return papers, venue(TWO_TIMES, [room("hall", 6)])


def test_surplus_posters_go_to_the_co_author_with_fewest_to_present():
    papers, v = busy_first_author()
    inputs = make_inputs(papers, v)
    index = inputs.index
    # P keeps p4 (nobody else can present it) and the lowest other id, p1;
    # p2 goes to c (no poster to present) rather than b (who presents q1), and
    # p3 to b, its only co-author.
    assert index.presenter["p4"] == index.presenter["p1"] == "id:P"
    assert index.presenter["p2"] == "id:c"
    assert index.presenter["p3"] == "id:b"
    assert [(h.paper, h.original, h.presenter, h.posters, h.windows) for h in index.handovers] == [
        ("p2", "id:P", "id:c", 4, 2),
        ("p3", "id:P", "id:b", 4, 2),
    ]


def test_a_handed_over_plan_has_no_presenter_clash_and_lists_each_hand_over():
    papers, v = busy_first_author()
    inputs = make_inputs(papers, v)
    plan = run(inputs)
    assert hard_violations(plan, inputs) == []
    assert presenter_clashes(plan, inputs) == []
    assert [(h.paper, h.presenter) for h in plan.handovers] == [("p2", "id:c"), ("p3", "id:b")]
    assert "Author P (P) would present 4 posters but can attend only 2" in plan.handovers[0].why
    records = plan.paper_by_id
    assert records["p2"].presenter == "id:c" and records["p1"].presenter == "id:P"


def test_no_hand_over_when_the_presenter_has_time_for_every_poster():
    papers = [paper("p1", ["P", "a"]), paper("p2", ["P", "b"])]
    inputs = make_inputs(papers, venue(TWO_TIMES, [room("hall", 6)]))
    assert inputs.index.handovers == []
    assert inputs.index.presenter == {"p1": "id:P", "p2": "id:P"}


def test_an_away_presenter_has_fewer_times_and_hands_over_more():
    from planner.read.conference import Unavailability

    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    papers = [paper(f"p{i}", ["P", f"a{i}"]) for i in range(3)]
    v = venue(ss, [room("hall", 6)], unavailable=[Unavailability(author="P", sessions=["s3"])])
    index = make_inputs(papers, v).index
    assert [h.paper for h in index.handovers] == ["p2"]
    assert index.handovers[0].windows == 2


def test_the_chairs_presenters_table_wins_over_the_hand_over():
    papers, v = busy_first_author()
    # The chair wants P at p2 and p3; P keeps them, and the others go instead.
    v = v.model_copy(update={"presenter_of": {"p2": "P", "p3": "P"}})
    index = make_inputs(papers, v).index
    assert index.presenter["p2"] == index.presenter["p3"] == "id:P"
    assert {h.paper for h in index.handovers} == {"p1"}
    assert index.presenter["p1"] == "id:a"


def test_exit_3_only_when_no_author_can_present(tmp_path: Path):
    # Three single-author posters by P over two times: nobody can take one.
    papers = [paper(f"p{i}", ["P"]) for i in range(3)]
    folder = write_conference(tmp_path / "conf", papers, venue(TWO_TIMES, [room("hall", 6)]))
    result = CliRunner().invoke(app, ["plan", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 3, result.output
    text = " ".join(result.stderr.split())
    assert "Author P (P) presents 3 posters" in text
    assert "no co-author of the others can take one over" in text
    assert not (tmp_path / "out").exists()


def test_check_summary_and_plan_list_the_hand_overs(tmp_path: Path):
    papers, v = busy_first_author()
    folder = write_conference(tmp_path / "conf", papers, v)
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(folder)])
    assert checked.exit_code == 0, checked.output
    flat = " ".join(checked.output.split())
    assert "Presenters handed over (confirm, or choose another in [presenters])" in flat
    assert "p2 Author P (P) Author c (c)" in flat.replace("│", "").replace("  ", " ")
    out = tmp_path / "out"
    planned = runner.invoke(app, ["plan", str(folder), "--out", str(out)])
    assert planned.exit_code == 0, planned.output
    assert "2 poster(s) handed to a co-author: Author P (P)" in " ".join(planned.stderr.split())
    saved = json.loads((out / "plan.json").read_text("utf-8"))
    assert [h["paper"] for h in saved["handovers"]] == ["p2", "p3"]
    changes = json.loads((out / "changes.json").read_text("utf-8"))
    assert [
        (h["paper"], h["presenter"], h["instead_of"]) for h in changes["presenter_handovers"]
    ] == [("p2", "Author c (c)", "Author P (P)"), ("p3", "Author b (b)", "Author P (P)")]
    assert load(folder).index.handovers  # the same choice every time it is read
    sheet = load_workbook(out / "plan.xlsx")["Presenters"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[2], r[3]) for r in rows] == [
        ("p2", "Author P (P)", "Author c (c)"),
        ("p3", "Author P (P)", "Author b (b)"),
    ]
    assert "can attend only 2 separate poster times" in rows[0][4]
    assert rows[0][5].startswith('[presenters] "p2" = ')
