"""Property tests: random small conferences either fail cleanly or get a sound plan.

Each example is a conference of 5-30 papers, 1-4 sessions (some at
overlapping times), 1-3 rooms (some open only in some sessions, some keeping
a spare board), random authors who share papers, random absences and either
topic policy, with capacity drawn around the number of papers.

What is guaranteed, and asserted:

- ``InfeasibleError`` exactly when no plan exists.  An independent CP-SAT
  model (helpers.fewest_clashes) decides that, and gives the fewest clashes
  any plan can have.
- Otherwise: every accepted paper placed once, capacities and open rooms
  hold, board labels unique, nobody away is placed, no presenter clash.
- Clashes are never below the lower bound (planner.prechecks.clash_bound) nor below the
  proved fewest.  In hard clash mode they equal the lower bound (the model
  demands it).  When the session stage is OPTIMAL they equal the proved
  fewest, which is the lower bound whenever that is reachable: clash weight
  outweighs every lower rule on venues this small, and polish never adds a
  clash.  This holds for sessions overlapping in a chain too, where the model
  counts each pair once.
"""

from __future__ import annotations

import math

from helpers import (
    TOPICS,
    clash_pairs,
    fewest_clashes,
    hard_violations,
    lower_bound,
    make_inputs,
    overlaps,
    paper,
    room,
    run,
    session,
    venue,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from planner.core.errors import InfeasibleError
from planner.read.conference import Unavailability, Venue


@st.composite
def conferences(draw: st.DrawFn) -> tuple[list, Venue]:
    n = draw(st.integers(5, 30), label="papers")
    n_sessions = draw(st.integers(1, 4), label="sessions")
    one_day = draw(st.booleans(), label="all sessions on one day")  # more overlaps
    sessions = [
        session(
            f"s{i}",
            0 if one_day else draw(st.integers(0, 2)),
            draw(st.sampled_from([13.0, 14.0, 14.5, 15.5, 16.0])),
            draw(st.sampled_from([1.0, 1.5, 2.0])),
        )
        for i in range(n_sessions)
    ]
    ids = [s.id for s in sessions]
    n_rooms = draw(st.integers(1, 3), label="rooms")
    slack = draw(st.sampled_from([1.0, 1.2, 1.5, 2.0, 0.9]), label="slack")
    opening = [
        draw(st.none() | st.lists(st.sampled_from(ids), min_size=1, unique=True))
        for _ in range(n_rooms)
    ]
    cells = sum(n_sessions if o is None else len(o) for o in opening)
    rooms = []
    for j, open_in in enumerate(opening):
        boards = max(1, math.ceil(n * slack / cells) + draw(st.integers(-2, 2)))
        spare = draw(st.sampled_from([None, 0, 1])) if boards > 1 else None
        prefix = draw(st.sampled_from(["", "A", "B"]))
        rooms.append(room(f"r{j}", boards, open_in, prefix=prefix, spare=spare))
    for s in ids:  # every session has a room
        if not any(r.is_open(s) for r in rooms):
            rooms[0].sessions.append(s)  # type: ignore[union-attr]

    topics = draw(st.lists(st.sampled_from(TOPICS), min_size=1, max_size=5, unique=True))
    presenters = max(2, n // 3)
    pool = draw(st.integers(max(3, n // 2), n + 5), label="co-author pool")
    papers = []
    for i in range(n):
        shared_first = draw(st.integers(0, 7)) == 7  # one in eight shares a presenter
        first = f"f{draw(st.integers(0, presenters - 1))}" if shared_first else f"u{i}"
        others = draw(st.lists(st.integers(0, pool - 1), max_size=3, unique=True))
        authors = [first, *(f"o{k}" for k in others)]
        papers.append(paper(f"p{i}", authors, draw(st.sampled_from(topics)), seed=i))

    away = []
    people = sorted({a.id for p in papers for a in p.authors})
    for who in draw(st.lists(st.sampled_from(people), max_size=2, unique=True)):
        most = max(1, len(ids) - 1)
        gone = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=most, unique=True))
        away.append(Unavailability(author=who, sessions=gone))
    policy = draw(st.sampled_from(["group", "spread"]))
    return papers, venue(sessions, rooms, unavailable=away, topic_policy=policy)


def clean_slots(v: Venue) -> bool:
    """Overlap is transitive: the sessions fall into separate time slots."""
    ss = v.sessions
    return all(
        overlaps(a, c) for a in ss for b in ss for c in ss if overlaps(a, b) and overlaps(b, c)
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conferences())
def test_a_random_conference_gets_a_sound_plan_or_a_clean_refusal(conference):
    papers, v = conference
    inputs = make_inputs(papers, v)
    best = fewest_clashes(inputs, time_limit=4)
    if best.exists is None:
        event("oracle undecided")
    try:
        plan = run(inputs, time_limit=2)
    except InfeasibleError as exc:
        event(f"refused: {str(exc).split(')')[0].lstrip('(')[:40]}")
        assert best.exists is not True, f"refused a venue that has a plan: {exc}"
        assert str(exc).strip() and exc.exit_code == 3
        return
    assert best.exists is not False, "placed a venue the oracle proves impossible"

    assert hard_violations(plan, inputs) == []
    assert len(plan.placements) == len(inputs.accepted)

    clashes = len(clash_pairs(plan, inputs))
    bound = lower_bound(inputs)
    event(f"{plan.figures.clash_mode} clash mode, {plan.figures.status}")
    event("clean time slots" if clean_slots(v) else "sessions overlap in a chain")
    assert clashes == plan.figures.clashes == len(plan.clashes)
    assert plan.figures.clash_lower_bound == bound
    assert clashes >= max(bound, best.low)
    if best.high is not None:
        assert best.high >= bound  # the bound is a bound: no plan is below it
    if plan.figures.clash_mode == "hard":
        assert clashes == bound
    fewest = best.proved
    if plan.figures.status == "OPTIMAL" and fewest is not None:
        assert clashes == fewest
        if fewest == bound:  # the lower bound is reachable, so it is reached
            assert clashes == bound
    assert all(c.reason for c in plan.clashes)
    assert plan.figures.presenter_clashes == 0
