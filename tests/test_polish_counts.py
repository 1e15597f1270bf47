"""The polish's clash arithmetic (planner.model.polish ``_Counts``).

``_delta`` has a short path for sessions that overlap no other session (the
usual clean time slots): it must give what the general sum over overlapping
sessions gives, with and without presenting halves, or the polish would let a
swap raise someone's clashes.
"""

from __future__ import annotations

from helpers import make_inputs, paper, room, session, venue
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.engine import Options, _problem
from planner.model.polish import _Counts
from planner.topics.build import build_topics

# Two sessions at the same time on day 0 (they overlap each other), two alone.
SESSIONS = [session("a", 0), session("b", 0), session("c", 1), session("d", 2)]


def _counts(where: list[int]) -> _Counts:
    papers = [paper(f"p{i}", ["X", f"w{i % 3}"], "serving") for i in range(len(where))]
    inputs = make_inputs(papers, venue(SESSIONS, [room("r", 40)]))
    topics = build_topics(inputs.accepted, inputs.venue, 0, "tfidf", None, None)
    problem = _problem(inputs, Options(), None, topics, {})
    ids = [s.id for s in SESSIONS]
    return _Counts(problem, {f"p{i}": ids[k] for i, k in enumerate(where)})


@settings(max_examples=60, deadline=None)
@given(where=st.lists(st.integers(0, 3), min_size=1, max_size=9))
def test_the_short_path_gives_the_general_sum(where: list[int]) -> None:
    counts = _counts(where)
    short_paths = {"a": False, "b": False, "c": True, "d": True}
    assert counts.own_slot == short_paths
    ids = [s.id for s in SESSIONS]
    for key in list(counts.count):
        for src in ids:
            for dst in (d for d in ids if d != src):
                for halves in (False, True):
                    short = counts._delta(key, src, dst, halves)
                    counts.own_slot = dict.fromkeys(ids, False)
                    general = counts._delta(key, src, dst, halves)
                    counts.own_slot = dict(short_paths)
                    assert short == general, (key, src, dst, halves)
