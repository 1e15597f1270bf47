"""Author unavailability: no paper goes to a session one of its authors is away for.

The venue's ``[[unavailable]]`` entries name an author and sessions.  Every
author of a paper is taken to be needed at it, so one away author excludes the
session for the whole paper.

Encoding: a domain restriction (no literal ``x[p, s]`` exists for such a
session).  In the explanation model it is a guarded constraint ``x[p, s] = 0``
per away author, so an unsat core can name the person.

Priority: hard.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import Domains, PlanningProblem, SessionModel

NAME = "availability"


def _away(problem: PlanningProblem, paper: str) -> set[str]:
    index = problem.index
    away: set[str] = set()
    for key in index.paper_people.get(paper, []):
        away |= index.unavailable.get(key, set())
    return away


def domains(problem: PlanningProblem, domains: Domains) -> None:
    for p in problem.papers:
        away = _away(problem, p)
        if away:
            domains.allowed[p] = [s for s in domains.allowed[p] if s not in away]


def sessions(m: SessionModel) -> None:
    if not m.explain:
        return
    index = m.problem.index
    for key, away in index.unavailable.items():
        person = index.people.get(key)
        if person is None:
            continue
        lit_key = f"unavailable {key}"
        for p in person.papers:
            for s, var in m.by_paper.get(p, []):
                if s in away:
                    m.require(
                        m.model.add(var == 0),
                        lit_key,
                        NAME,
                        f"{person.label} is unavailable for {', '.join(sorted(away))}",
                    )


RULE: Rule = Rule(NAME, domains=domains, sessions=sessions)
