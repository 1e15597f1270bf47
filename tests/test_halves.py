"""Presenting halves (``[rules] halves``): odd boards present in the first half.

A poster's half is its board's parity within its room; a presenter may show
two posters in one session, one in each half, and two posters sharing an
author in one session clash only in the same half, so the clash bound drops.
Every output shows the half; ``planner verify`` checks it; a plan without
halves writes no half anywhere.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest
from helpers import lower_bound, make_inputs, paper, room, run, session, venue, write_conference

from planner.core.errors import InputError
from planner.engine import Options, _problem, _topics
from planner.model.halves import repair_halves
from planner.read.halves import half_of, half_times, midpoint
from planner.read.venue.reader import read_venue

TWO_TIMES = [session("s1", 0), session("s2", 1)]


def busy_presenter(halves: str | None = "odd-even") -> tuple[list, object]:
    """P presents four posters over two sessions: two per session, one in each half."""
    papers = [
        paper("p1", ["P", "a"]),
        paper("p2", ["P", "b"], "training"),
        paper("p3", ["P", "c"], "hardware"),
        paper("p4", ["P"], "compilers"),
        *[paper(f"q{k}", [f"x{k}"], topic) for k, topic in enumerate(["serving", "training"] * 3)],
    ]
    rules = {"halves": halves} if halves else {}
    return papers, venue(TWO_TIMES, [room("hall", 6)], **rules)


def test_half_of_a_board_and_the_half_times() -> None:
    assert [half_of(b, "odd-even") for b in (1, 2, 3, 4)] == [1, 2, 1, 2]
    assert [half_of(b, "even-odd") for b in (1, 2, 3, 4)] == [2, 1, 2, 1]
    assert half_of(1, None) is None
    start, end = datetime(2026, 5, 19, 16, 0), datetime(2026, 5, 19, 17, 15)
    # 75 minutes: the midpoint 37.5 minutes in rounds to the minute (up).
    assert midpoint(start, end) == datetime(2026, 5, 19, 16, 38)
    assert half_times(start, end, 1) == (start, datetime(2026, 5, 19, 16, 38))
    assert half_times(start, end, 2) == (datetime(2026, 5, 19, 16, 38), end)


def test_a_presenter_presents_two_posters_in_one_session_one_in_each_half() -> None:
    papers, v = busy_presenter()
    inputs = make_inputs(papers, v)
    # With halves P keeps all four posters (four presenting times: two halves x two sessions).
    assert not inputs.index.handovers
    plan = run(inputs)
    mine = [pl for pl in plan.placements if pl.paper.startswith("p")]
    by_session = Counter(pl.session for pl in mine)
    assert sorted(by_session.values()) == [2, 2]
    for s in by_session:
        halves = sorted(half_of(pl.board, "odd-even") for pl in mine if pl.session == s)
        assert halves == [1, 2], (s, [(pl.paper, pl.board) for pl in mine])
    assert plan.figures.presenter_clashes == 0
    assert plan.figures.clashes == plan.figures.clash_lower_bound == 0


def test_without_halves_the_presenter_hands_posters_over() -> None:
    papers, v = busy_presenter(None)
    inputs = make_inputs(papers, v)
    assert len(inputs.index.handovers) == 2


def test_the_clash_bound_counts_per_half() -> None:
    # A (never presenting) is on six posters over two sessions: without halves
    # three per session give 2 x C(3,2) = 6 pairs; with halves 2+1 per session
    # and half gives 2 x C(2,2) = 2.
    papers = [paper(f"p{k}", [f"lead{k}", "A"]) for k in range(6)]
    plain = make_inputs(papers, venue(TWO_TIMES, [room("hall", 6)]))
    halves = make_inputs(papers, venue(TWO_TIMES, [room("hall", 6)], halves="odd-even"))
    assert lower_bound(plain) == 6
    assert lower_bound(halves) == 2
    plan = run(halves)
    assert plan.figures.clash_lower_bound == 2
    assert plan.figures.clashes == 2


def test_the_repair_moves_a_presenter_pair_off_one_parity() -> None:
    papers, v = busy_presenter()
    inputs = make_inputs(papers, v)
    plan = run(inputs)
    session_of = {pl.paper: pl.session for pl in plan.placements}
    room_of = {pl.paper: pl.room for pl in plan.placements}
    board_of = {pl.paper: pl.board for pl in plan.placements}
    s = session_of["p1"]
    partner = next(p for p in ("p2", "p3", "p4") if session_of[p] == s)
    broken = dict(board_of)
    # Put the pair on boards 1 and 3 (both odd: both in the first half).
    others = sorted(p for p in board_of if session_of[p] == s and p not in ("p1", partner))
    for k, p in enumerate(["p1", others[0], partner, *others[1:]], start=1):
        broken[p] = k
    options = Options()
    problem = _problem(inputs, options, None, _topics(inputs, options, None), {})
    fixed = repair_halves(problem, session_of, room_of, broken)
    assert fixed["p1"] % 2 != fixed[partner] % 2
    # One poster traded places with a neighbour: two boards changed, no more.
    assert sum(fixed[p] != broken[p] for p in broken) == 2
    assert sorted(fixed[p] for p in fixed if session_of[p] == s) == sorted(
        broken[p] for p in broken if session_of[p] == s
    )


def test_a_bad_halves_value_names_the_key_and_the_values(tmp_path: Path) -> None:
    papers, v = busy_presenter(None)
    folder = write_conference(tmp_path / "conf", papers, v)
    text = (folder / "venue.toml").read_text("utf-8").replace("[rules]", '[rules]\nhalves = "odd"')
    (folder / "venue.toml").write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        read_venue(folder / "venue.toml")
    message = str(err.value)
    assert "halves" in message and "odd-even" in message and "even-odd" in message
