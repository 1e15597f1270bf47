"""Boards (planner.model.boards) and the grouping figures (planner.plan.metrics).

Board numbers are a permutation of the room's boards with fixed ones (pins,
posters that stay on a rerun) kept; the figures are ~1 for random placements
and above 1 for placements that put alike posters together.
"""

from __future__ import annotations

import numpy as np
import pytest
from helpers import (
    board_violations,
    capacity_violations,
    load_violations,
    make_inputs,
    paper,
    room,
    run,
    session,
    venue,
)
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.preprocessing import normalize

from planner.model.boards import assign_boards, order_room, path_order
from planner.plan.metrics import cells_of, grouping_ratio, neighbour_ratio
from planner.read.board_labels import board_label
from planner.read.conference import Pin


def unit_rows(n: int, dim: int = 12, seed: int = 0) -> np.ndarray:
    """Random non-negative unit rows, like TF-IDF rows."""
    return normalize(np.random.default_rng(seed).random((n, dim)))


def clustered(groups: int, size: int, dim: int = 16, seed: int = 0) -> np.ndarray:
    """``groups`` clusters of ``size`` identical unit rows, each on three words of its own."""
    rng = np.random.default_rng(seed)
    centres = np.zeros((groups, dim))
    for g in range(groups):
        centres[g, [(3 * g + k) % dim for k in range(3)]] = rng.random(3) + 0.1
    centres = normalize(centres)
    return np.repeat(centres, size, axis=0)


# --------------------------------------------------------------------------- assign_boards


def test_boards_without_fixed_ones_are_one_to_n():
    papers = [f"p{i}" for i in range(9)]
    topic_of = {p: i % 3 for i, p in enumerate(papers)}
    boards = assign_boards(papers, topic_of, unit_rows(9), boards=12)
    assert sorted(boards.values()) == list(range(1, 10))
    assert set(boards) == set(papers)


@pytest.mark.parametrize("fixed_count", [1, 3, 6, 8], ids=lambda n: f"{n}-fixed")
def test_fixed_boards_are_kept_and_every_number_is_unique(fixed_count):
    # 1 and 3 fixed of 10: "mostly new" layout; 6 and 8: newcomers fill gaps.
    papers = [f"p{i}" for i in range(10)]
    topic_of = {p: i % 2 for i, p in enumerate(papers)}
    fixed = dict(zip(papers, [12, 1, 7, 3, 10, 5, 9, 2][:fixed_count], strict=False))
    boards = assign_boards(papers, topic_of, unit_rows(10, seed=fixed_count), 12, fixed)
    assert {p: boards[p] for p in fixed} == fixed
    assert len(set(boards.values())) == len(papers)
    assert all(1 <= b <= 12 for b in boards.values())


def test_fixed_boards_of_papers_not_in_the_room_are_ignored():
    papers = ["a", "b", "c"]
    boards = assign_boards(papers, dict.fromkeys(papers, 0), unit_rows(3), 3, {"gone": 1, "b": 2})
    assert boards["b"] == 2
    assert sorted(boards.values()) == [1, 2, 3]


@settings(max_examples=40, deadline=None)
@given(st.data())
def test_assign_boards_is_a_valid_numbering(data):
    n = data.draw(st.integers(1, 20), label="posters")
    boards = data.draw(st.integers(n, n + 6), label="boards")
    papers = [f"p{i}" for i in range(n)]
    topic_of = {p: data.draw(st.integers(0, 3)) for p in papers}
    numbers = data.draw(st.permutations(range(1, boards + 1)))
    fixed_n = data.draw(st.integers(0, n), label="fixed")
    fixed = {papers[i]: numbers[i] for i in range(fixed_n)}
    result = assign_boards(papers, topic_of, unit_rows(n, seed=n), boards, fixed)
    assert set(result) == set(papers)
    assert {p: result[p] for p in fixed} == fixed
    assert len(set(result.values())) == n
    assert all(1 <= b <= boards for b in result.values())


def test_topic_blocks_are_contiguous_along_the_boards():
    papers = [f"p{i}" for i in range(12)]
    topic_of = {p: i % 3 for i, p in enumerate(papers)}
    order = order_room(papers, topic_of, unit_rows(12, seed=4))
    runs = [topic_of[order[0]]]
    for p in order[1:]:
        if topic_of[p] != runs[-1]:
            runs.append(topic_of[p])
    assert sorted(runs) == [0, 1, 2]  # each topic one block


def test_board_order_puts_alike_posters_side_by_side():
    # Three clusters, shuffled: a path through them should keep each together.
    vectors = clustered(3, 5, seed=2) + 0.01 * unit_rows(15, 16, seed=3)
    vectors = normalize(vectors)
    perm = np.random.default_rng(5).permutation(15)
    order = path_order(vectors[perm])
    matrix = sparse.csr_matrix(vectors[perm])
    assert neighbour_ratio([order], matrix) > 1.5
    assert neighbour_ratio([list(range(15))], matrix) < 1.5


def test_board_labels_follow_the_pattern():
    assert board_label("A", 7) == "A7"
    assert board_label("", 12) == "12"
    assert board_label("H", 3, "{prefix}-{number:02d}") == "H-03"


# --------------------------------------------------------------------------- metrics


def test_grouping_ratio_is_about_one_for_random_cells():
    matrix = sparse.csr_matrix(unit_rows(60, 20, seed=1))
    rng = np.random.default_rng(0)
    ratios = []
    for _ in range(200):
        perm = rng.permutation(60).tolist()
        ratios.append(grouping_ratio([perm[i : i + 10] for i in range(0, 60, 10)], matrix))
    assert abs(np.mean(ratios) - 1.0) < 0.02
    assert min(ratios) > 0.9 and max(ratios) < 1.1


def test_grouping_ratio_is_high_for_cells_of_identical_vectors():
    vectors = clustered(4, 8, seed=6)
    matrix = sparse.csr_matrix(vectors)
    grouped = [list(range(i, i + 8)) for i in range(0, 32, 8)]
    mixed = [list(range(i, 32, 4)) for i in range(4)]  # one of each cluster per cell
    high = grouping_ratio(grouped, matrix)
    assert high > 1.5
    # Identical rows in a cell: within-cell mean similarity is exactly 1.
    all_pairs = (vectors @ vectors.T)[np.triu_indices(32, 1)].mean()
    assert high == pytest.approx(1.0 / all_pairs, rel=1e-6)
    assert grouping_ratio(mixed, matrix) < 1.0 < high


def test_neighbour_ratio_is_about_one_for_random_orders():
    matrix = sparse.csr_matrix(unit_rows(40, 20, seed=8))
    rng = np.random.default_rng(1)
    ratios = [neighbour_ratio([rng.permutation(40).tolist()], matrix) for _ in range(300)]
    assert abs(np.mean(ratios) - 1.0) < 0.03


def test_cells_are_listed_in_board_order():
    placements = {
        "a": ("s1", "r", 3),
        "b": ("s1", "r", 1),
        "c": ("s2", "r", 1),
        "d": ("s1", "r", 2),
    }
    row = {"a": 0, "b": 1, "c": 2, "d": 3}
    assert cells_of(placements, row) == {("s1", "r"): [1, 3, 0], ("s2", "r"): [2]}


# --------------------------------------------------------------------------- in a plan


def test_pinned_boards_are_kept_in_a_plan():
    pins = [
        Pin(paper="p3", session="s1", room="hall", board="H1"),
        Pin(paper="p5", session="s1", room="hall", board="H6"),
    ]
    v = venue([session("s1", 0)], [room("hall", 6, prefix="H")], pins=pins)
    inputs = make_inputs([paper(f"p{i}", [f"a{i}"], "serving") for i in range(6)], v)
    plan = run(inputs)
    labels = {pl.paper: pl.label for pl in plan.placements}
    assert labels["p3"] == "H1" and labels["p5"] == "H6"
    assert board_violations(plan) == []


def test_a_rerun_after_a_room_shrinks_keeps_boards_within_the_room():
    ss = [session("s1", 0)]
    papers = [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in range(4)]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    # First plan: five posters in ra (5 boards), two of them on boards 5 and 4.
    pins = [
        Pin(paper="t0", session="s1", room="ra", board="5"),
        Pin(paper="t1", session="s1", room="ra", board="4"),
        *(Pin(paper=p, session="s1", room="ra") for p in ("t2", "u0", "u1")),
    ]
    first = run(make_inputs(papers, venue(ss, [room("ra", 5), room("rb", 5)], pins=pins)))
    assert {pl.paper: pl.board for pl in first.placements if pl.board >= 4} == {"t0": 5, "t1": 4}
    # Now ra has 3 boards; t0 stays there (a room pin without a board).
    shrunk = venue(
        ss, [room("ra", 3), room("rb", 8)], pins=[Pin(paper="t0", session="s1", room="ra")]
    )
    second = run(make_inputs(papers, shrunk), previous=first)
    assert load_violations(second) == []  # the room stage respects the 3 boards
    assert capacity_violations(second) == []  # ... but boards 4 and 5 are kept
