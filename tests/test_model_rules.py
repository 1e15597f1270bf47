"""The placement model, rule by rule, on small synthetic venues.

Every rule of ``constraints`` has a test here on a venue built so that the
rule matters: breaking it would pay off for some other, lower rule (topic
grouping, balance) or for the clash count.  ``test_removing_a_rule_is_caught``
runs each of those venues with the rule's module taken out of
``constraints.RULES`` and asserts that the same check then reports a
violation, so the tests are known to fail when a rule is broken.  The checks
(tests/helpers.py) recompute everything from the plan and the inputs alone.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Callable

import pytest
from helpers import (
    TOPICS,
    availability_violations,
    board_violations,
    capacity_violations,
    clash_pairs,
    fewest_clashes,
    load_violations,
    lower_bound,
    make_inputs,
    overlaps,
    paper,
    pin_violations,
    placement_violations,
    presenter_clashes,
    room,
    run,
    session,
    spread_violations,
    topic_counts,
    venue,
)

import constraints
import planner.model.search_state
from planner.engine import narrow_domains, room_model, session_model
from planner.model.solve import SolverSettings, solve
from planner.model.stage_models import PlanningProblem
from planner.people.inputs import Inputs
from planner.people.windows import min_pairs
from planner.plan.records import Plan
from planner.prechecks.clash_bound import clash_lower_bound
from planner.read.conference import Pin, Unavailability
from planner.topics.build import build_topics

Check = Callable[[Plan, Inputs], list[str]]


# --------------------------------------------------------------------------- venues


def decisions_case() -> Inputs:
    """Accepted, rejected, withdrawn and undecided records in one list."""
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"a{i}", [f"x{i}"], TOPICS[i % 3]) for i in range(6)]
    papers += [
        paper("rej", ["y1"], decision="Reject"),
        paper("wd", ["y2"], decision="Withdrawn"),
        paper("none", ["y3"], decision=None),  # no decision: gets a poster
        paper("cond", ["y4"], decision="Conditional Accept"),
    ]
    return make_inputs(papers, venue(ss, [room("hall", 6)]))


def capacity_case() -> Inputs:
    """Two topics of four; the small room (3 boards, 1 spare) is open only in s1.

    Grouping would put each topic in one session, which needs four boards in
    s1; only two are usable there.
    """
    ss = [session("s1", 0), session("s2", 1)]
    rooms = [room("small", 3, ["s1"], spare=1), room("big", 6, ["s2"])]
    papers = [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in range(4)]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    return make_inputs(papers, venue(ss, rooms))


def room_capacity_case() -> Inputs:
    """One session; three posters pinned to room ra (3 boards), their topic-mates free.

    Putting the free posters beside their pinned topic-mates would save two
    topic fragments, and overfill ra.
    """
    pins = [Pin(paper=p, session="s1", room="ra") for p in ("t0", "t1", "u0")]
    papers = [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in range(3)]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(2)]
    v = venue(
        [session("s1", 0)], [room("ra", 3, prefix="A"), room("rb", 10, prefix="B")], pins=pins
    )
    return make_inputs(papers, v)


def presenter_case(overlapping: bool) -> Inputs:
    """P presents p1 and p2; keeping them apart costs two other authors a clash.

    Authors: p1 [P, U, W], p2 [P, V, Z], q1 [Q1, U, Z], q2 [Q2, V, W].  With
    two posters per time, every split of the four clashes someone: {p1 p2 |
    q1 q2} clashes only P (one clash), any other split clashes two co-authors.
    The presenter rule must win anyway.  ``overlapping``: the first time is
    two sessions at once, in two rooms of one board.
    """
    papers = [
        paper("p1", ["P", "U", "W"], "serving"),
        paper("p2", ["P", "V", "Z"], "serving"),
        paper("q1", ["Q1", "U", "Z"], "compilers"),
        paper("q2", ["Q2", "V", "W"], "compilers"),
    ]
    if overlapping:
        ss = [session("am-a", 0, 10.0), session("am-b", 0, 10.0), session("pm", 0, 15.0)]
        rooms = [room("ra", 1, ["am-a"]), room("rb", 1, ["am-b"]), room("rc", 2, ["pm"])]
    else:
        ss = [session("s1", 0), session("s2", 1)]
        rooms = [room("r", 2)]
    return make_inputs(papers, venue(ss, rooms))


def grouping_tempts_clash_case() -> Inputs:
    """X co-authors t0 and t3 of topic T; grouping T in one session would clash X.

    The U posters are pinned to sessions, so that the polish step cannot undo
    a clash by swapping them (it only moves posters that are free).
    """
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper("t0", ["a0", "X"], "serving", given_topic="T")]
    papers += [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in (1, 2)]
    papers += [paper("t3", ["a3", "X"], "serving", given_topic="T")]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    pins = [Pin(paper=f"u{i}", session="s1" if i < 2 else "s2") for i in range(4)]
    return make_inputs(papers, venue(ss, [room("r", 6)], pins=pins))


def five_in_three_case(overlapping: bool) -> Inputs:
    """X co-authors five posters of one topic; three separate times.

    ``overlapping``: the first time is two sessions at once (A1, A2), so there
    are four sessions but still three separate times.
    """
    papers = [paper(f"x{i}", [f"a{i}", "X"], "serving", given_topic="T") for i in range(5)]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    if overlapping:
        ss = [session("A1", 0), session("A2", 0), session("B", 1), session("C", 2)]
        rooms = [room("ra", 4, ["A1", "B", "C"]), room("rb", 4, ["A2", "B"])]
    else:
        ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
        rooms = [room("r", 6)]
    return make_inputs(papers, venue(ss, rooms))


def pins_case() -> Inputs:
    """Pins that force a clash (t0, t3 share X), a room pin and a board pin."""
    ss = [session("s1", 0), session("s2", 1)]
    rooms = [room("hall", 6, prefix="H"), room("foyer", 4, prefix="F")]
    papers = [paper("t0", ["a0", "X"], "serving", given_topic="T")]
    papers += [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in (1, 2)]
    papers += [paper("t3", ["a3", "X"], "serving", given_topic="T")]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    pins = [
        Pin(paper="t0", session="s1"),
        Pin(paper="t3", session="s1"),
        Pin(paper="u1", session="s2", room="foyer"),
        Pin(paper="u2", session="s1", room="hall", board="H5"),
    ]
    return make_inputs(papers, venue(ss, rooms, pins=pins))


def availability_case() -> Inputs:
    """a1 (author of t1) is away for s1, where t2 is pinned: grouping T pulls t1 into s1."""
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"t{i}", [f"a{i}"], "serving", given_topic="T") for i in range(4)]
    papers += [paper(f"u{i}", [f"b{i}"], "compilers", given_topic="U") for i in range(4)]
    away = [
        Unavailability(author="a1", sessions=["s1"]),
        Unavailability(author="Author b1", sessions=["s2"]),  # by name
    ]
    v = venue(ss, [room("r", 4)], pins=[Pin(paper="t2", session="s1")], unavailable=away)
    return make_inputs(papers, v)


def topics_case(policy: str) -> Inputs:
    """Four topics of eight posters; two sessions of two rooms of eight boards."""
    ss = [session("s1", 0), session("s2", 1)]
    papers = [paper(f"{t}{i}", [f"{t}{i}-a"], t) for t in TOPICS[:4] for i in range(8)]
    random.Random(7).shuffle(papers)
    return make_inputs(papers, venue(ss, [room("ra", 8), room("rb", 8)], topic_policy=policy))


def tracks_case() -> Inputs:
    """Four organizer tracks of eight posters whose texts say nothing about the track.

    Two sessions of two rooms of eight boards: each track fits one room.
    """
    rng = random.Random(3)
    ss = [session("s1", 0), session("s2", 1)]
    papers = [
        paper(f"{g}{i}", [f"{g}{i}-a"], rng.choice(TOPICS), given_topic=f"track {g}")
        for g in "ABCD"
        for i in range(8)
    ]
    rng.shuffle(papers)
    return make_inputs(papers, venue(ss, [room("ra", 8), room("rb", 8)]))


def stages(inputs: Inputs) -> dict[str, tuple[str, str]]:
    """(session, room) per paper from the two CP-SAT stages alone, before polish."""
    v = inputs.venue
    topics = build_topics(inputs.accepted, v)
    problem = PlanningProblem(
        venue=v,
        papers=[p.id for p in inputs.accepted],
        index=inputs.index,
        topic_of=topics.of,
        n_topics=len(topics.labels),
        pins={p.paper: p for p in v.pins},
    )
    domains = narrow_domains(problem)
    settings = SolverSettings(time_limit=2.0, seed=0, workers=2)
    sm = session_model(problem, domains)
    solver, outcome = solve(sm, settings)
    assert outcome.solved
    where = {p: (s, "") for (p, s), var in sm.x.items() if solver.value(var)}
    for s in problem.session_ids:
        rm = room_model(problem, domains, s, [p for p in problem.papers if where[p][0] == s])
        solver, outcome = solve(rm, settings)
        assert outcome.solved
        where.update({p: (s, r) for (p, r), var in rm.z.items() if solver.value(var)})
    return where


def spread_case() -> Inputs:
    """Three topics of six; sessions of 7, 7 and 4 boards: shares 2.33, 2.33, 1.33."""
    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    rooms = [room("r", 4), room("q", 3, ["s1", "s2"])]
    papers = [
        paper(f"{t}{i}", [f"{t}{i}-a"], t, given_topic=t) for t in TOPICS[:3] for i in range(6)
    ]
    return make_inputs(papers, venue(ss, rooms, topic_policy="spread"))


def balance_case() -> Inputs:
    """Twenty posters of two organizer topics; sessions of 10, 10 and 5 boards:
    shares 8, 8 and 4, where grouping alone would put each topic in a session of
    10 and leave the third empty (constraints.balance ranks the band above topics)."""
    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    rooms = [room("big", 10, ["s1", "s2"]), room("small", 5, ["s3"])]
    papers = [
        paper(f"p{i}", [f"a{i}"], TOPICS[i % 2], given_topic=TOPICS[i % 2]) for i in range(20)
    ]
    return make_inputs(papers, venue(ss, rooms))


# --------------------------------------------------------------------------- checks


def session_load_violations(plan: Plan, inputs: Inputs) -> list[str]:
    """Each session's load is its share of the posters (by usable boards), rounded."""
    v = plan.venue
    caps = {s.id: v.session_capacity(s.id) for s in v.sessions}
    loads = Counter(pl.session for pl in plan.placements)
    n = len(plan.placements)
    out = []
    for s, cap in caps.items():
        share = n * cap / sum(caps.values())
        if loads[s] not in (math.floor(share), math.ceil(share)):
            out.append(f"{s}: {loads[s]} posters, share {share:.2f}")
    return out


def clash_excess(plan: Plan, inputs: Inputs) -> list[str]:
    """Clashes beyond the lower bound."""
    found, bound = len(clash_pairs(plan, inputs)), lower_bound(inputs)
    return [f"{found} clashes, lower bound {bound}"] if found != bound else []


def presenter_or_excess(plan: Plan, inputs: Inputs) -> list[str]:
    best = fewest_clashes(inputs).proved
    assert best is not None
    found = len(clash_pairs(plan, inputs))
    return presenter_clashes(plan, inputs) + (
        [f"{found} clashes, fewest possible {best}"] if found != best else []
    )


def spread_check(plan: Plan, inputs: Inputs) -> list[str]:
    return spread_violations(plan)


def pins_and_availability(plan: Plan, inputs: Inputs) -> list[str]:
    return pin_violations(plan, inputs) + availability_violations(plan, inputs)


# --------------------------------------------------------------------------- 1. placement


def test_every_accepted_paper_is_placed_once_and_no_other():
    inputs = decisions_case()
    plan = run(inputs)
    assert placement_violations(plan, inputs) == []
    placed = {pl.paper for pl in plan.placements}
    assert placed == {"a0", "a1", "a2", "a3", "a4", "a5", "none", "cond"}
    assert not {"rej", "wd"} & placed
    assert not {"rej", "wd"} & {p.id for p in plan.papers}
    assert plan.figures.placed == plan.figures.posters == 8


def test_the_placement_check_sees_a_missing_a_doubled_and_a_stray_poster():
    inputs = decisions_case()
    plan = run(inputs)
    first, second = plan.placements[0], plan.placements[1]
    broken = plan.model_copy(deep=True)
    broken.placements = [
        *plan.placements[1:],
        second.model_copy(),
        first.model_copy(update={"paper": "rej"}),
    ]
    problems = placement_violations(broken, inputs)
    assert f"paper {first.paper} is placed 0 times" in problems
    assert f"paper {second.paper} is placed 2 times" in problems
    assert "paper rej is placed but not accepted" in problems


# --------------------------------------------------------------------------- 2. capacity


def test_capacity_spare_boards_and_closed_rooms():
    inputs = capacity_case()
    plan = run(inputs)
    assert capacity_violations(plan) == []
    load = Counter((pl.session, pl.room) for pl in plan.placements)
    assert load == {("s1", "small"): 2, ("s2", "big"): 6}  # 3 boards less 1 spare
    for pl in plan.placements:
        assert pl.label == str(pl.board)


def test_capacity_per_room_within_a_session():
    inputs = room_capacity_case()
    plan = run(inputs)
    assert capacity_violations(plan) == []
    assert Counter(pl.room for pl in plan.placements) == {"ra": 3, "rb": 2}
    labels = {pl.paper: pl.label for pl in plan.placements}
    assert all(labels[p].startswith("A") for p in ("t0", "t1", "u0"))


def test_the_capacity_check_sees_overfull_closed_and_doubled_boards():
    plan = run(capacity_case())
    broken = plan.model_copy(deep=True)
    big = [pl for pl in broken.placements if pl.room == "big"]
    big[0].session = "s1"  # the big room is closed in s1
    big[1].board, big[1].label = big[2].board, big[2].label
    big[3].board = 99
    small = [pl for pl in broken.placements if pl.room == "small"]
    small[0].session, small[0].room = "s2", "big"  # s2/big: 6 - 1 + 1 posters
    small[1].session, small[1].room = "s2", "big"  # and one more: 7 on 6 boards
    problems = capacity_violations(broken)
    assert "room big is used in session s1, where it is closed" in problems
    assert f"label {big[2].label} used 2 times in s2/big" in problems
    assert "board 99 in s2/big is outside 1..6" in problems
    assert "7 posters in s2/big, which has 6 usable boards" in problems
    spare = plan.model_copy(deep=True)
    spare.venue.rules.spare_boards = 1  # big keeps one spare now: 6 on 5 usable boards
    assert load_violations(spare) == ["6 posters in s2/big, which has 5 usable boards"]


def test_board_labels_are_unique_and_numbers_within_the_room():
    inputs = topics_case("group")
    plan = run(inputs)
    assert board_violations(plan) == []
    assert len({(pl.session, pl.room, pl.label) for pl in plan.placements}) == 32


# --------------------------------------------------------------------------- 3. presenters


@pytest.mark.parametrize("overlapping", [False, True], ids=["separate", "overlapping"])
def test_no_presenter_clash_even_when_a_clash_elsewhere_is_the_price(overlapping):
    inputs = presenter_case(overlapping)
    plan = run(inputs)
    assert presenter_clashes(plan, inputs) == []
    assert plan.figures.presenter_clashes == 0
    where = {pl.paper: inputs.venue.session_by_id[pl.session] for pl in plan.placements}
    assert not overlaps(where["p1"], where["p2"])
    # Two co-authors pay for it; that is the fewest clashes without a presenter clash.
    assert len(clash_pairs(plan, inputs)) == 2 == plan.figures.clashes
    assert all(not c.presenter and c.reason for c in plan.clashes)


def test_the_presenter_check_counts_overlapping_sessions_as_a_clash():
    inputs = presenter_case(overlapping=True)
    plan = run(inputs)
    broken = plan.model_copy(deep=True)
    place = broken.placement_of
    place["p1"].session, place["p1"].room = "am-a", "ra"
    place["p2"].session, place["p2"].room = "am-b", "rb"
    assert presenter_clashes(broken, inputs) == ["id:P presents p1 and p2 at overlapping times"]


# --------------------------------------------------------------------------- 4. clashes


def test_clashes_beat_topic_grouping():
    inputs = grouping_tempts_clash_case()
    plan = run(inputs)
    assert clash_pairs(plan, inputs) == []
    assert lower_bound(inputs) == 0 == plan.figures.clash_lower_bound
    assert plan.figures.clash_mode == "hard"


@pytest.mark.parametrize("overlapping", [False, True], ids=["separate", "overlapping"])
def test_five_posters_in_three_times_clash_twice(overlapping):
    inputs = five_in_three_case(overlapping)
    bounds = clash_lower_bound(inputs.index, inputs.venue)
    assert [(b.person, b.papers, b.windows, b.clashes) for b in bounds] == [("id:X", 5, 3, 2)]
    assert min_pairs(5, 3) == 2
    plan = run(inputs)
    assert len(clash_pairs(plan, inputs)) == 2 == plan.figures.clashes
    assert plan.figures.clash_lower_bound == 2
    assert {c.person for c in plan.clashes} == {"id:X"}
    assert all("5 posters and only 3 separate" in c.reason for c in plan.clashes)


def test_pins_forcing_a_clash_fall_back_to_the_fewest_clashes():
    inputs = pins_case()
    plan = run(inputs)
    assert plan.figures.clash_mode == "soft"  # the hard lower-bound rows are infeasible
    assert fewest_clashes(inputs).proved == 1
    pairs = clash_pairs(plan, inputs)
    assert len(pairs) == 1 == plan.figures.clashes
    assert plan.figures.clash_lower_bound == 0
    assert [(c.person, set(c.papers)) for c in plan.clashes] == [("id:X", {"t0", "t3"})]
    assert "no clash-free plan" in plan.clashes[0].reason


def test_soft_mode_reports_each_clash_with_a_reason():
    inputs = presenter_case(overlapping=False)
    plan = run(inputs)
    assert plan.figures.clash_mode == "soft"
    mine = {(k, frozenset((a, b))) for k, a, b, _ in clash_pairs(plan, inputs)}
    reported = {(c.person, frozenset(c.papers)) for c in plan.clashes}
    assert mine == reported and len(reported) == 2
    assert all(c.reason for c in plan.clashes)


def test_clashes_are_fewest_when_one_long_session_overlaps_three_short_ones():
    # "long" overlaps a, b and c, which do not overlap one another: three
    # overlap groups {long, a}, {long, b}, {long, c}.  Boards: long 2, a 1,
    # b 1, c 1 (taken by a pin).  X co-authors x1, x2; Y co-authors y1, y2.
    # Fewest clashes: one pair in "long" (1 clash).  The model counts a pair
    # inside "long" three times and a pair across long/a once, so it prefers
    # x and y each split across long and a short session: 2 clashes.  Topics
    # are one per paper under the spread policy, so polish cannot swap the
    # clash away.
    ss = [
        session("long", 0, 9.0, 10.0),
        session("a", 0, 9.0, 1.0),
        session("b", 0, 12.0, 1.0),
        session("c", 0, 15.0, 1.0),
    ]
    rooms = [room("r", 2, boards_by_session={"a": 1, "b": 1, "c": 1})]
    v = venue(ss, rooms, pins=[Pin(paper="f", session="c")], topic_policy="spread")
    papers = [
        paper("x1", ["u1", "X"], given_topic="x1"),
        paper("x2", ["u2", "X"], given_topic="x2"),
        paper("y1", ["u3", "Y"], given_topic="y1"),
        paper("y2", ["u4", "Y"], given_topic="y2"),
        paper("f", ["u5"], "data", given_topic="f"),
    ]
    inputs = make_inputs(papers, v)
    assert fewest_clashes(inputs).proved == 1
    plan = run(inputs)
    assert plan.figures.status == "OPTIMAL"
    assert len(clash_pairs(plan, inputs)) == 1


def test_the_clash_lower_bound_counts_only_sessions_with_boards():
    # Three sessions, but the only room is closed in s3: two usable times.
    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    v = venue(ss, [room("r", 4, ["s1", "s2"])])
    papers = [paper(f"p{i}", [f"a{i}", "X"]) for i in range(3)] + [paper("q", ["b"])]
    inputs = make_inputs(papers, v)
    assert fewest_clashes(inputs).proved == 1
    plan = run(inputs)
    assert plan.figures.clashes == 1
    assert plan.figures.clash_lower_bound == 1 == lower_bound(inputs)


# --------------------------------------------------------------------------- 5. pins, availability


def test_pins_are_kept_to_session_room_and_board():
    inputs = pins_case()
    plan = run(inputs)
    assert pin_violations(plan, inputs) == []
    place = plan.placement_of
    assert (place["u2"].session, place["u2"].room, place["u2"].label) == ("s1", "hall", "H5")
    assert (place["u1"].session, place["u1"].room) == ("s2", "foyer")
    assert place["t0"].status == "pinned" and "venue" in place["t0"].reason


def test_a_board_pin_may_be_written_as_the_label_the_plan_prints():
    v = venue(
        [session("s1", 0)],
        [room("r", 6, prefix="A")],
        pins=[Pin(paper="p1", session="s1", room="r", board="A-03")],
        board_label="{prefix}-{number:02d}",
    )
    inputs = make_inputs([paper(f"p{i}", [f"a{i}"]) for i in range(4)], v)
    plan = run(inputs)
    assert plan.placement_of["p1"].label == "A-03"


def test_authors_are_not_placed_when_away():
    inputs = availability_case()
    plan = run(inputs)
    assert availability_violations(plan, inputs) == []
    place = plan.placement_of
    assert place["t1"].session == "s2" and place["u1"].session == "s1"
    assert pin_violations(plan, inputs) == []


# --------------------------------------------------------------------------- 6. topic policy


def test_group_policy_groups_more_than_spread():
    group = run(topics_case("group"))
    spread = run(topics_case("spread"))
    assert group.figures.grouping > spread.figures.grouping
    # Spread: every topic in both sessions; group: most topics in one.
    assert spread.figures.topic_sessions == 2 * len(spread.topics)
    assert group.figures.topic_sessions < 1.5 * len(group.topics)


def test_group_policy_gives_each_track_one_room_in_the_model():
    inputs = tracks_case()
    where = stages(inputs)
    cells = {(p.topic, where[p.id]) for p in inputs.accepted}
    assert len(cells) == 4, sorted(cells)


def test_removing_the_topic_policy_scatters_tracks_in_the_model(monkeypatch):
    monkeypatch.setattr(
        constraints,
        "RULES",
        [r for r in constraints.RULES if r is not constraints.topic_policy.RULE],
    )
    inputs = tracks_case()
    where = stages(inputs)
    assert len({(p.topic, where[p.id]) for p in inputs.accepted}) > 4


def test_group_policy_keeps_organizer_tracks_together_in_the_plan():
    plan = run(tracks_case())
    assert plan.topic_source == "given"
    assert plan.figures.topic_rooms == 4, plan.figures.topic_rooms


def test_spread_policy_puts_each_topic_in_every_session_in_proportion():
    inputs = spread_case()
    plan = run(inputs)
    assert spread_violations(plan) == []
    for counts in topic_counts(plan).values():
        assert counts["s1"] in (2, 3) and counts["s2"] in (2, 3) and counts["s3"] in (1, 2)


def test_the_spread_check_sees_a_lopsided_topic():
    plan = run(spread_case())
    broken = plan.model_copy(deep=True)
    t = broken.placements[0].topic
    for pl in broken.placements:
        if pl.topic == t:
            pl.session = "s1"
    assert spread_violations(broken)


# --------------------------------------------------------------------------- balance, moves


def test_sessions_fill_in_proportion_to_their_boards():
    inputs = balance_case()
    plan = run(inputs)
    assert session_load_violations(plan, inputs) == []
    assert Counter(pl.session for pl in plan.placements) == {"s1": 8, "s2": 8, "s3": 4}


def test_a_rerun_keeps_every_poster_where_it_was():
    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    v = venue(ss, [room("ra", 6), room("rb", 5)])
    papers = [paper(f"p{i}", [f"a{i}", f"c{i % 5}"], TOPICS[i % 4]) for i in range(24)]
    first = run(make_inputs(papers, v))
    inputs = make_inputs([*papers, paper("new", ["z", "c1"], "serving")], v)
    second = run(inputs, previous=first)
    before = {pl.paper: (pl.session, pl.room, pl.board) for pl in first.placements}
    after = {pl.paper: (pl.session, pl.room, pl.board) for pl in second.placements}
    assert {p: after[p] for p in before} == before
    assert Counter(pl.status for pl in second.placements) == {"kept": 24, "new": 1}
    assert capacity_violations(second) == []


# --------------------------------------------------------------------------- rules removed


MUTANTS: list[tuple[str, Callable[[], Inputs], Check]] = [
    ("placement", decisions_case, placement_violations),
    ("capacity", capacity_case, lambda plan, _: capacity_violations(plan)),
    ("capacity", room_capacity_case, lambda plan, _: capacity_violations(plan)),
    ("presenters", lambda: presenter_case(False), presenter_or_excess),
    ("presenters", lambda: presenter_case(True), presenter_or_excess),
    ("clashes", grouping_tempts_clash_case, clash_excess),
    ("clashes", lambda: five_in_three_case(False), clash_excess),
    ("clashes", lambda: five_in_three_case(True), clash_excess),
    ("pins", pins_case, pins_and_availability),
    ("availability", availability_case, pins_and_availability),
    ("topic_policy", spread_case, spread_check),
    ("balance", balance_case, session_load_violations),
]


@pytest.mark.parametrize(
    ("rule", "case", "check"),
    MUTANTS,
    ids=[f"{rule}-{case.__name__}-{i}" for i, (rule, case, _) in enumerate(MUTANTS)],
)
def test_each_venue_meets_its_rule(rule, case, check):
    inputs = case()
    plan = run(inputs)
    assert check(plan, inputs) == []


@pytest.mark.parametrize(
    ("rule", "case", "check"),
    MUTANTS,
    ids=[f"{rule}-{case.__name__}-{i}" for i, (rule, case, _) in enumerate(MUTANTS)],
)
def test_removing_a_rule_is_caught(monkeypatch, rule, case, check):
    """With the rule's module out of constraints.RULES, the same check fails.

    Without ``placement`` the model leaves papers unplaced and the pipeline
    stops on the first missing one; that counts as caught too.
    """
    module = getattr(constraints, rule)
    # Even sessions (balance) push every session towards its share, which on these
    # small venues also fills each paper in once and keeps sessions from packing: the
    # rule under test is taken out with it, so it is the only thing holding its venue.
    removed = {module.RULE, constraints.balance.RULE}
    monkeypatch.setattr(constraints, "RULES", [r for r in constraints.RULES if r not in removed])
    # The warm start prices the band too (planner.model.search_state).
    monkeypatch.setattr(planner.model.search_state, "BAND", 0)
    monkeypatch.setattr(planner.model.search_state, "SHORT", 0)
    inputs = case()
    try:
        plan = run(inputs)
    except KeyError:
        assert rule == "placement"
        return
    problems = check(plan, inputs)
    assert problems, f"removing {rule} went unnoticed"


def test_removing_moves_is_caught(monkeypatch):
    """Without the moves rule, the full model reshuffles what the previous plan had."""
    import planner.engine

    monkeypatch.setattr(planner.engine, "_keep_everyone", lambda *args: None)
    monkeypatch.setattr(
        constraints, "RULES", [r for r in constraints.RULES if r is not constraints.moves.RULE]
    )
    ss = [session("s1", 0), session("s2", 1), session("s3", 2)]
    v = venue(ss, [room("ra", 6), room("rb", 5)])
    papers = [paper(f"p{i}", [f"a{i}", f"c{i % 5}"], TOPICS[i % 4]) for i in range(24)]
    first = run(make_inputs(papers, v))
    second = run(make_inputs([*papers, paper("new", ["z", "c1"], "serving")], v), previous=first)
    assert Counter(pl.status for pl in second.placements)["moved"] > 0
