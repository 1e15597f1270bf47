"""Forced clashes side by side: posters sharing an author in one session stand in one room,
on adjacent boards (constraints.together, planner.model.polish, planner.model.boards).

Each venue is built so that topic grouping would pay for keeping the pair apart;
``test_removing_the_rule_is_caught`` runs one of them without the rule and sees it
break.  The checks recount from the plan alone.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
from helpers import make_inputs, paper, room, run, session, venue, write_conference
from openpyxl import load_workbook
from rich.console import Console
from typer.testing import CliRunner

import constraints
from planner.cli import app
from planner.console import print_plan_summary
from planner.model.boards import assign_boards
from planner.outputs.workbook import book as workbook
from planner.plan.records import Plan
from planner.read.conference import Pin
from planner.verify.checker import verify


def _where(plan: Plan, paper_id: str) -> tuple[str, str, int]:
    pl = plan.placement_of[paper_id]
    return pl.session, pl.room, pl.board


def _clash_rows(path: Path) -> list[dict[str, Any]]:
    rows = list(load_workbook(path)["Clashes"].iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def tempted_case(pins: list[Pin] | None = None) -> Any:
    """One session, two rooms of four boards; organizer topics T and U of four posters each.

    X wrote t0 (topic T) and u0 (topic U): the one session forces the clash.
    Grouping alone puts T in one room and U in the other (2 topic-rooms); keeping
    X's posters together costs two more.
    """
    papers = [paper("t0", ["X", "a0"], "serving", given_topic="T")]
    papers += [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in range(1, 4)]
    papers += [paper("u0", ["X", "b0"], "compilers", given_topic="U")]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(1, 4)]
    rooms = [room("ra", 4, spare=0), room("rb", 4, spare=0)]
    return make_inputs(papers, venue([session("s1", 0)], rooms, pins=pins or []))


def test_a_forced_clash_pair_ends_on_adjacent_boards() -> None:
    """Two sessions, three rooms each: X's third poster must share a session with another."""
    topics = ["serving", "compilers", "privacy", "data"]
    papers = [
        paper("x1", ["X", "c1"], "serving"),
        paper("x2", ["X", "c2"], "privacy"),
        paper("x3", ["X", "c3"], "data"),
    ]
    papers += [paper(f"p{i}", [f"a{i}"], topics[i % 4]) for i in range(18)]
    rooms = [room(r, 4, spare=0) for r in ("ra", "rb", "rc")]
    plan = run(make_inputs(papers, venue([session("s1", 0), session("s2", 1)], rooms)))
    where = {p: _where(plan, p) for p in ("x1", "x2", "x3")}
    together = [(a, b) for a in where for b in where if a < b and where[a][0] == where[b][0]]
    assert len(together) == 1  # the clash bound: 3 posters in 2 sessions
    a, b = together[0]
    assert where[a][1] == where[b][1]
    assert abs(where[a][2] - where[b][2]) == 1
    f = plan.figures
    assert (f.together_pairs, f.together_within, f.together_apart) == (1, 1, 0)
    assert f.clashes == f.clash_lower_bound == 1


def test_the_pair_shares_a_room_against_topic_grouping() -> None:
    plan = run(tempted_case())
    (_, r1, b1), (_, r2, b2) = _where(plan, "t0"), _where(plan, "u0")
    assert r1 == r2 and abs(b1 - b2) == 1


def test_removing_the_rule_is_caught(monkeypatch: Any) -> None:
    """Without constraints.together (the room stage's price and the polish's rejoin pass)
    the rooms follow the topics and the pair stands apart."""
    from planner.model import polish

    monkeypatch.setattr(
        constraints, "RULES", [r for r in constraints.RULES if r is not constraints.together.RULE]
    )
    monkeypatch.setattr(polish._Polish, "rejoin", lambda self: None)
    plan = run(tempted_case())
    assert _where(plan, "t0")[1] != _where(plan, "u0")[1]
    assert plan.figures.together_apart == 1


def test_a_pin_keeps_its_board_and_the_partner_comes_next_to_it() -> None:
    plan = run(tempted_case([Pin(paper="t0", session="s1", room="rb", board="3")]))
    assert _where(plan, "t0") == ("s1", "rb", 3)
    _, room_id, board = _where(plan, "u0")
    assert room_id == "rb" and abs(board - 3) == 1


def test_a_newcomer_takes_the_free_board_nearest_its_partner() -> None:
    """A rerun keeps boards; the new poster sharing an author goes beside its partner."""
    papers = [f"k{i}" for i in range(8)] + ["new"]
    fixed = dict(zip(papers[:8], (1, 2, 3, 5, 6, 7, 9, 10), strict=True))
    rows = np.eye(9)
    people = {"new": ["P"], "k5": ["P"]}  # k5 stands on board 7
    boards = assign_boards(papers, dict.fromkeys(papers, 0), rows, 12, fixed, people)
    assert {p: boards[p] for p in fixed} == fixed
    assert boards["new"] == 8
    # Without partners it would take the board whose neighbours are most like it.
    assert assign_boards(papers, dict.fromkeys(papers, 0), rows, 12, fixed)["new"] != 8


def test_a_group_of_three_stands_within_two_boards() -> None:
    """A chain a-b (author P) and b-c (author Q) in a room of unlike posters: b in the middle."""
    papers = [f"o{i}" for i in range(6)] + ["a", "b", "c"]
    people = {"a": ["P"], "b": ["P", "Q"], "c": ["Q"]}
    rng = np.random.default_rng(3)
    rows = rng.random((9, 5))
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    boards = assign_boards(papers, dict.fromkeys(papers, 0), rows, 9, None, people)
    assert sorted(boards.values()) == list(range(1, 10))
    assert abs(boards["a"] - boards["b"]) == 1 and abs(boards["b"] - boards["c"]) == 1


def test_the_clashes_sheet_gives_the_boards_apart(tmp_path: Path) -> None:
    plan = run(tempted_case())
    workbook.write(plan, tmp_path / "one")
    rows = _clash_rows(tmp_path / "one" / workbook.FILE)
    assert [(r["Paper A"], r["Paper B"], r["Boards apart"]) for r in rows] == [("t0", "u0", 1)]
    # A pair in different rooms leaves the cell blank.
    apart = plan.model_copy(deep=True)
    for pl in apart.placements:
        if pl.paper == "u0":
            pl.room = "ra" if pl.room == "rb" else "rb"
    workbook.write(apart, tmp_path / "two")
    rows = _clash_rows(tmp_path / "two" / workbook.FILE)
    assert rows[0]["Boards apart"] is None and rows[0]["Reason"]
    # Without a clash inside one session the sheet keeps its old columns.
    none = plan.model_copy(deep=True)
    none.clashes = []
    workbook.write(none, tmp_path / "none")
    header = next(load_workbook(tmp_path / "none" / workbook.FILE)["Clashes"].iter_rows())
    assert "Boards apart" not in [c.value for c in header]


def clustered_case() -> Any:
    """As tempted_case, with topics found by clustering: the polish regroups them by text."""
    papers = [paper("t0", ["X", "a0"], "serving")]
    papers += [paper(f"t{i}", [f"a{i}"], "serving") for i in range(1, 4)]
    papers += [paper("u0", ["X", "b0"], "compilers")]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers") for i in range(1, 4)]
    rooms = [room("ra", 4, spare=0), room("rb", 4, spare=0)]
    return make_inputs(papers, venue([session("s1", 0)], rooms))


def test_the_polish_leaves_no_pair_apart(monkeypatch: Any) -> None:
    plan = run(clustered_case())
    assert _where(plan, "t0")[1] == _where(plan, "u0")[1]
    # The same polish without its rejoin pass leaves them apart for grouping.
    from planner.model import polish

    monkeypatch.setattr(polish._Polish, "rejoin", lambda self: None)
    plan = run(clustered_case())
    assert _where(plan, "t0")[1] != _where(plan, "u0")[1]


def test_the_summary_says_how_many_pairs_stand_side_by_side() -> None:
    console = Console(file=io.StringIO(), width=10_000, color_system=None)
    print_plan_summary(run(tempted_case()), "out", 1.0, console)
    assert isinstance(console.file, io.StringIO)
    lines = [line for line in console.file.getvalue().splitlines() if "side by side" in line]
    assert lines == [
        "  side by side  posters sharing an author in one session: 1 pair, 1 within 2 boards"
    ]


def test_verify_recounts_the_pairs(tmp_path: Path) -> None:
    """A poster moved by hand to the other room: the plan's figures no longer hold."""
    inputs = tempted_case()
    folder = write_conference(tmp_path / "in", inputs.paper_list.papers, inputs.venue)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(folder), "--out", str(out), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    assert verify(out).ok
    doc = json.loads((out / "plan.json").read_text("utf-8"))
    assert doc["figures"]["together_pairs"] == doc["figures"]["together_within"] == 1
    placed = {pl["paper"]: pl for pl in doc["placements"]}
    u0 = placed["u0"]
    other = next(
        pl for pl in doc["placements"] if pl["room"] != u0["room"] and pl["board"] == u0["board"]
    )
    u0["room"], other["room"] = other["room"], u0["room"]
    u0["label"], other["label"] = other["label"], u0["label"]
    (out / "plan.json").write_text(json.dumps(doc), "utf-8")
    report = verify(out)
    messages = [v.message for v in report.violations if v.rule == "figures"]
    assert any("together_apart = 0, the recount gives 1" in m for m in messages), messages
