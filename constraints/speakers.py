"""Speakers: nobody is due at their talk while a poster they present is on its board.

Talks are planned first (planner.model.talk_stage), so each speaker's talks
have their exact minutes when the posters are placed.  A poster whose
presenter gives a talk that overlaps a poster session in time may not take
that session.  Only the posters a person *presents* are restricted: a
co-authored poster someone else presents may run during the talk (that is a
shared-author clash, counted and reported like any other).

Encoding: a domain restriction (no literal ``x[p, s]`` exists for such a
session).  In the explanation model it is a guarded constraint ``x[p, s] = 0``
per speaker, so an unsat core can name the person.

Priority: hard.
"""

from __future__ import annotations

from datetime import datetime

from constraints.rule import Rule
from planner.model.stage_models import Domains, PlanningProblem, SessionModel

NAME = "speakers"


def _busy(problem: PlanningProblem, paper: str) -> set[str]:
    """Poster sessions that overlap a talk of the paper's presenter."""
    key = problem.index.presenter.get(paper)
    talks = problem.talks_of.get(key, []) if key is not None else []
    return {
        s.id
        for s in problem.venue.sessions
        for start, end in talks
        if _overlap(s.start, s.end, start, end)
    }


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def domains(problem: PlanningProblem, domains: Domains) -> None:
    if not problem.talks_of:
        return
    for p in problem.papers:
        busy = _busy(problem, p)
        if busy:
            domains.allowed[p] = [s for s in domains.allowed[p] if s not in busy]


def sessions(m: SessionModel) -> None:
    if not m.explain or not m.problem.talks_of:
        return
    index = m.problem.index
    for p in m.problem.papers:
        busy = _busy(m.problem, p)
        key = index.presenter.get(p)
        for s, var in m.by_paper.get(p, []):
            if s in busy and key is not None:
                m.require(
                    m.model.add(var == 0),
                    f"speaker {key}",
                    NAME,
                    f"{index.people[key].label} gives a talk during {s}",
                )


RULE: Rule = Rule(NAME, domains=domains, sessions=sessions)
