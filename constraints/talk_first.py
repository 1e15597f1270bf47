"""Talk first: a paper that gives a talk has its poster after the talk.

Rule: an oral's poster goes to a poster session that starts once its talk has
ended, so people who heard the talk can come to the poster; the same or the
next day is preferred to later ones.  Wherever the programme allows it
(enough boards after the talk, no harder rule against it); the posters that
still come first are listed in the summary and the workbook.

Encoding: a cost ``Weights.talk_first · x[p, s]`` for each poster session
``s`` that starts before the talk of ``p`` ends, and ``Weights.talk_late ·
x[p, s]`` for one that starts more than a day after it.

Priority: below clashes and moves (a rerun does not move posters to get it),
above topic grouping.  The warm start's search prices it alike
(planner.model.search_state, ``TALK_FIRST`` and ``TALK_LATE``) and the polish
never swaps a poster before its talk (planner.model.polish).
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import TALK_NEXT_DAY, SessionModel

NAME = "talk_first"


def sessions(m: SessionModel) -> None:
    problem = m.problem
    if not problem.talk_times:
        return
    sessions = problem.venue.session_by_id
    before, late = [], []
    for p, (_, end) in problem.talk_times.items():
        for s, var in m.by_paper.get(p, []):
            start = sessions[s].start
            if start < end:
                before.append(var)
            elif start > end + TALK_NEXT_DAY:
                late.append(var)
    m.add_cost(NAME, problem.weights.talk_first, before)
    m.add_cost(NAME, problem.weights.talk_late, late)


RULE: Rule = Rule(NAME, sessions=sessions)
