"""The room packing that starts each session's room model (planner.model.room_hint).

The packing is a hint, so a bad one costs time, not correctness; these tests
hold it to what makes it worth having: whole topics where they fit, like
topics together, shared-author posters in one room, the rules' confinement
kept, and a room model that starts from it at its bound.
"""

from __future__ import annotations

import numpy as np
from helpers import make_inputs, paper, room, session, venue
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine import Options, _problem, narrow_domains, room_model
from planner.model.room_hint import hint_rooms, pack_rooms
from planner.model.solve import SolverSettings, solve
from planner.topics.build import build_topics


def _unit(*xs: float) -> np.ndarray:
    v = np.array(xs, dtype=float)
    return v / np.linalg.norm(v)


def test_whole_topics_and_like_topics_share_a_room() -> None:
    """Topics A and A2 are alike, B and B2 are alike; two rooms hold two topics each."""
    like = {"A": _unit(1, 0.2), "A2": _unit(1, 0.3), "B": _unit(0.2, 1), "B2": _unit(0.3, 1)}
    topic_no = {"A": 0, "A2": 1, "B": 2, "B2": 3}
    papers = [f"{t}-{i}" for t in ("A", "B", "A2", "B2") for i in range(3)]
    topic_of = {p: topic_no[p.split("-")[0]] for p in papers}
    vectors = {p: like[p.split("-")[0]] for p in papers}
    caps = {"r1": 6, "r2": 6}
    where = pack_rooms(papers, caps, {p: ["r1", "r2"] for p in papers}, topic_of, vectors, {})
    assert where is not None
    rooms_of = {t: {where[p] for p in papers if p.startswith(f"{t}-")} for t in topic_no}
    assert all(len(r) == 1 for r in rooms_of.values())  # no topic split
    assert rooms_of["A"] == rooms_of["A2"] and rooms_of["B"] == rooms_of["B2"]
    assert rooms_of["A"] != rooms_of["B"]


def test_shared_author_posters_go_to_one_room() -> None:
    """x0 (topic 0) and y0 (topic 1) share an author; their topics go to one room."""
    papers = ["x0", "x1", "y0", "y1", "z0", "z1"]
    topic_of = {"x0": 0, "x1": 0, "y0": 1, "y1": 1, "z0": 2, "z1": 2}
    # z is most like x, so likeness alone would pair x with z.
    vectors = {"x0": _unit(1, 0), "x1": _unit(1, 0), "y0": _unit(0, 1), "y1": _unit(0, 1)}
    vectors |= {"z0": _unit(1, 0.1), "z1": _unit(1, 0.1)}
    caps = {"r1": 8, "r2": 8}  # x and y together are half a room: they travel as one
    partners = {"x0": ["y0"], "y0": ["x0"]}
    allowed = {p: ["r1", "r2"] for p in papers}
    where = pack_rooms(papers, caps, allowed, topic_of, vectors, partners)
    assert where is not None and where["x0"] == where["y0"]


def test_confined_posters_keep_to_their_rooms_and_overflow_is_none() -> None:
    papers = ["a", "b", "c"]
    topic_of = dict.fromkeys(papers, 0)
    vectors = dict.fromkeys(papers, _unit(1, 0))
    allowed = {"a": ["r2"], "b": ["r1", "r2"], "c": ["r1", "r2"]}
    where = pack_rooms(papers, {"r1": 2, "r2": 2}, allowed, topic_of, vectors, {})
    assert where is not None and where["a"] == "r2"
    crowded = {"a": ["r2"], "b": ["r2"], "c": ["r1", "r2"]}
    assert pack_rooms(papers, {"r1": 2, "r2": 1}, crowded, topic_of, vectors, {}) is None


@settings(max_examples=60, deadline=None)
@given(
    sizes=st.lists(st.integers(1, 6), min_size=1, max_size=8),
    caps=st.lists(st.integers(1, 12), min_size=2, max_size=4),
    confined=st.lists(st.integers(0, 3), max_size=5),
    data=st.data(),
)
def test_every_poster_placed_once_within_boards_and_rules(
    sizes: list[int], caps: list[int], confined: list[int], data: st.DataObject
) -> None:
    rooms = {f"r{i}": c for i, c in enumerate(caps)}
    papers = [f"t{t}-{i}" for t, n in enumerate(sizes) for i in range(n)]
    topic_of = {p: int(p[1 : p.index("-")]) for p in papers}
    rng = np.random.default_rng(len(papers))
    vectors = {p: _unit(*(rng.random(3) + 0.01)) for p in papers}
    allowed = {p: list(rooms) for p in papers}
    for k, p in zip(confined, papers, strict=False):
        allowed[p] = [f"r{k % len(rooms)}"]
    pairs = data.draw(st.lists(st.tuples(st.sampled_from(papers), st.sampled_from(papers))))
    partners: dict[str, list[str]] = {}
    for p, q in pairs:
        if p != q:
            partners.setdefault(p, []).append(q)
            partners.setdefault(q, []).append(p)
    where = pack_rooms(papers, rooms, allowed, topic_of, vectors, partners)
    if where is None:
        # Only when it cannot fit: too many posters, or confined ones overflow a room.
        confined_load = {r: sum(allowed[p] == [r] for p in papers) for r in rooms}
        assert len(papers) > sum(caps) or any(confined_load[r] > rooms[r] for r in rooms)
        return
    assert sorted(where) == sorted(papers)
    for r, cap in rooms.items():
        assert sum(1 for p in papers if where[p] == r) <= cap
    assert all(where[p] in allowed[p] for p in papers)


def test_the_room_model_starts_at_its_bound() -> None:
    """Six topics of three posters fit two rooms of nine whole: the hint is the optimum."""
    subjects = ["serving", "compilers", "privacy", "data", "graphs", "hardware"]
    papers = [paper(f"{s}{i}", [f"{s}-{i}"], s, given_topic=s) for s in subjects for i in range(3)]
    inputs = make_inputs(
        papers, venue([session("s1", 0)], [room("ra", 9, spare=0), room("rb", 9, spare=0)])
    )
    topics = build_topics(inputs.accepted, inputs.venue, 0, "tfidf", None, None)
    problem = _problem(inputs, Options(), None, topics, {})
    domains = narrow_domains(problem)
    rm = room_model(problem, domains, "s1", [p.id for p in inputs.posters])
    assert hint_rooms(rm, topics, SolverSettings(1.0, 0, 1)) == 0.0  # small: left to CP-SAT
    assert not rm.model.proto.solution_hint.vars
    hint_rooms(rm, topics, SolverSettings(1.0, 0, 1), least=0)
    hinted = dict(
        zip(rm.model.proto.solution_hint.vars, rm.model.proto.solution_hint.values, strict=True)
    )
    assert len(hinted) == len(rm.model.proto.variables)  # complete
    _, outcome = solve(rm, SolverSettings(0.05, 0, 1))
    assert outcome.status == "OPTIMAL"
    assert outcome.costs.get("topics", 0) == len(subjects)  # each topic in one room
