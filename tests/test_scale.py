"""Large real-shaped lists: the warm start, session grouping at every size, reproducibility.

The benchmark (benchmarks/run.py) measures the NeurIPS-sized cases; these tests
check the same mechanisms on lists small enough for the suite: names only,
labs whose prolific seniors share papers, a track in the topic field, a hall
95 % full.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import pytest
from helpers import (
    clash_pairs,
    hard_violations,
    lower_bound,
    make_inputs,
    presenter_clashes,
)
from hypothesis import HealthCheck, given, settings
from test_properties import conferences

from planner.engine import Options, make_plan, narrow_domains
from planner.model.stage_models import PlanningProblem
from planner.model.warmstart import warm_start
from planner.people.inputs import load
from planner.plan.metrics import grouping_ratio
from planner.prechecks.clash_bound import find_clashes
from planner.synth import generate_names_only
from planner.topics.build import build_topics


def names_only(folder: Path, posters: int, seed: int = 0) -> Path:
    doc, venue = generate_names_only(posters, seed=seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")
    (folder / "venue.toml").write_text(venue, "utf-8")
    return folder


@pytest.fixture(scope="module")
def small_neurips(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return names_only(tmp_path_factory.mktemp("names"), 600)


def problem_for(folder: Path):
    inputs = load(folder)
    topics = build_topics(inputs.accepted, inputs.venue, 0)
    problem = PlanningProblem(
        venue=inputs.venue,
        papers=[p.id for p in inputs.accepted],
        index=inputs.index,
        topic_of=topics.of,
        n_topics=len(topics.labels),
    )
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    return inputs, topics, problem, vectors


def session_grouping(session_of: dict[str, str], topics) -> float:
    cells: dict[str, list[int]] = {}
    for p, s in session_of.items():
        cells.setdefault(s, []).append(topics.row[p])
    return grouping_ratio(cells.values(), topics.tfidf)


def test_the_generator_is_shaped_like_a_real_names_only_list(small_neurips: Path):
    doc = json.loads((small_neurips / "papers.json").read_text("utf-8"))
    authors = [a for r in doc["results"] for a in r["authors"]]
    assert all(a["id"] is None for a in authors)
    assert {r["topic"] for r in doc["results"]} <= {"main", "Datasets & Benchmarks", ""}
    inputs = load(small_neurips)
    assert inputs.index.handovers  # some first author has more posters than sessions
    assert len(inputs.accepted) / inputs.venue.capacity > 0.94


def test_warm_start_keeps_hard_rules_and_reaches_the_clash_bound(small_neurips: Path):
    inputs, topics, problem, vectors = problem_for(small_neurips)
    start = warm_start(problem, narrow_domains(problem), 0, vectors, topics.organizer)
    assert start.feasible
    venue = inputs.venue
    loads: dict[str, int] = {}
    for s in start.session_of.values():
        loads[s] = loads.get(s, 0) + 1
    assert all(loads[s] <= venue.session_capacity(s) for s in loads)
    presenters: dict[tuple[str, str], int] = {}
    for p, s in start.session_of.items():
        key = (inputs.index.presenter[p], s)
        presenters[key] = presenters.get(key, 0) + 1
    assert max(presenters.values()) == 1
    clashes = len(find_clashes(start.session_of, inputs.index, venue))
    assert clashes == start.clashes
    assert start.bound == lower_bound(inputs)
    assert clashes <= 1.01 * start.bound


def test_gathering_groups_similar_posters_into_sessions(small_neurips: Path):
    _, topics, problem, vectors = problem_for(small_neurips)
    gathered = warm_start(problem, narrow_domains(problem), 0, vectors, topics.organizer)
    scattered = warm_start(
        problem, narrow_domains(problem), 0, vectors, topics.organizer, gather_passes=0
    )
    assert gathered.clashes <= scattered.clashes
    assert (
        session_grouping(gathered.session_of, topics)
        > session_grouping(scattered.session_of, topics) + 0.05
    )
    assert session_grouping(gathered.session_of, topics) >= 1.25


def test_a_names_only_list_plans_at_the_bound_grouped_by_session(small_neurips: Path):
    inputs = load(small_neurips)
    plan = make_plan(inputs, Options(time_limit=3))
    f = plan.figures
    assert hard_violations(plan, inputs) == []
    assert presenter_clashes(plan, inputs) == []
    assert f.presenter_clashes == 0 and f.placed == f.posters
    assert len(clash_pairs(plan, inputs)) == f.clashes <= 1.01 * f.clash_lower_bound
    assert f.session_grouping is not None and f.session_grouping >= 1.25
    assert any("›" in t.label for t in plan.topics)  # the track field became an area


def _burn(seconds: float) -> None:
    end = time.monotonic() + seconds
    x = 0
    while time.monotonic() < end:
        x += 1


def test_the_same_plan_comes_out_on_a_busy_machine(tmp_path: Path):
    folder = names_only(tmp_path / "conf", 240, seed=3)
    quiet = make_plan(load(folder), Options(time_limit=2, seed=5))
    burners = [multiprocessing.Process(target=_burn, args=(120,)) for _ in range(2)]
    for b in burners:
        b.start()
    try:
        busy = make_plan(load(folder), Options(time_limit=2, seed=5))
    finally:
        for b in burners:
            b.terminate()
            b.join()
    assert busy.figures.reproducible and quiet.figures.reproducible
    where = [(pl.paper, pl.session, pl.room, pl.board) for pl in quiet.placements]
    assert where == [(pl.paper, pl.session, pl.room, pl.board) for pl in busy.placements]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conferences())
def test_a_warm_start_that_says_feasible_breaks_no_hard_rule(conference):
    papers, v = conference
    inputs = make_inputs(papers, v)
    topics = build_topics(inputs.accepted, v, 0)
    problem = PlanningProblem(
        venue=v,
        papers=[p.id for p in inputs.accepted],
        index=inputs.index,
        topic_of=topics.of,
        n_topics=len(topics.labels),
    )
    domains = narrow_domains(problem)
    start = warm_start(problem, domains, 0, topics.vectors[[topics.row[p] for p in problem.papers]])
    if not start.feasible:
        return
    assert set(start.session_of) == set(problem.papers)
    assert all(start.session_of[p] in domains.allowed[p] for p in problem.papers)
    loads: dict[str, int] = {}
    for s in start.session_of.values():
        loads[s] = loads.get(s, 0) + 1
    assert all(n <= v.session_capacity(s) for s, n in loads.items())
    assert start.clashes == len(find_clashes(start.session_of, inputs.index, v))
    assert start.clashes >= start.bound == lower_bound(inputs)
    by_presenter: dict[str, list[str]] = {}
    for p in problem.papers:
        by_presenter.setdefault(inputs.index.presenter[p], []).append(start.session_of[p])
    sessions = v.session_by_id
    for held in by_presenter.values():
        for i, a in enumerate(held):
            assert not any(sessions[a].overlaps(sessions[b]) for b in held[i + 1 :])


def test_affinity_is_highest_where_similar_papers_are(small_neurips: Path):
    from planner.model.warmstart import session_affinity

    _, topics, problem, vectors = problem_for(small_neurips)
    start = warm_start(problem, narrow_domains(problem), 0, vectors, topics.organizer)
    likes = session_affinity(problem, narrow_domains(problem), start.session_of, vectors, 100)
    assert all(0 <= v <= 100 for row in likes.values() for v in row.values())
    # After gathering, papers like their own session best far more often than
    # chance (authors keep many from it).
    best = sum(1 for p, row in likes.items() if max(row, key=row.get) == start.session_of[p])
    assert best > 2 * len(likes) / len(problem.session_ids)


def test_at_scale_the_solver_keeps_what_the_warm_start_gathered(monkeypatch, tmp_path: Path):
    import planner.engine

    folder = names_only(tmp_path / "conf", 300, seed=1)
    _, topics, problem, vectors = problem_for(folder)
    start = warm_start(problem, narrow_domains(problem), 0, vectors, topics.organizer)
    before = session_grouping(start.session_of, topics)
    monkeypatch.setattr(planner.engine, "AFFINITY_LIMIT", 0)
    plan = make_plan(load(folder), Options(time_limit=2))
    assert plan.figures.session_grouping >= before - 0.01
    # Without the affinity term the same solve is free to tear the gathering apart.
    monkeypatch.setattr(planner.engine, "AFFINITY_LIMIT", 10**9)
    monkeypatch.setattr(planner.engine, "EXACT_SOFT_LIMIT", 0)
    fragments = make_plan(load(folder), Options(time_limit=2))
    assert fragments.figures.session_grouping < plan.figures.session_grouping
