"""Placement rules: a paper a ``[[place]]`` rule matches goes only where the rule allows.

Rule (planner.read.places states it in full): a matched paper uses only the rule's
rooms and sessions, all of its rules at once; an exclusive rule's rooms (or,
naming no rooms, its sessions) take only papers of the rules that name them.

Encoding.  Sessions: a domain restriction (no literal ``x[p, s]`` for a session
with no room the paper may use; in the explanation model a guarded
``x[p, s] = 0`` per rule, so an unsat core can name it), and per session the
Hall rows of planner.read.places.Places.capacity_rows, ``Σ_{p ∈ P_U} x[p, s] ≤
boards(U)`` for every union ``U`` of the room sets papers may use, which are
exactly what lets the session's posters fit the rooms they may use.  Rooms:
``z[p, r] = 0`` for a room the paper may not use.

Priority: hard.
"""

from __future__ import annotations

from constraints.rule import Rule
from planner.model.stage_models import Domains, PlanningProblem, RoomModel, SessionModel

NAME = "place"


def _rules_named(problem: PlanningProblem, paper: str) -> str:
    places = problem.places
    assert places is not None
    names = [places.rules[i].name for i in places.rules_of.get(paper, ())]
    return ", ".join(f"'{n}'" for n in names) or "no rule (reserved rooms or sessions)"


def domains(problem: PlanningProblem, domains: Domains) -> None:
    places = problem.places
    if places is None or not places.active:
        return
    for p in problem.papers:
        ok = set(places.sessions_for(p))
        domains.allowed[p] = [s for s in domains.allowed[p] if s in ok]
    domains.capacity_rows = [
        (s, cap, members)
        for s in problem.session_ids
        for cap, members in places.capacity_rows(
            [p for p in problem.papers if s in domains.allowed[p]], s
        )
    ]


def sessions(m: SessionModel) -> None:
    problem = m.problem
    places = problem.places
    if places is None or not places.active:
        return
    if m.explain:
        # The explanation model has every session open to every paper: say why not.
        for p, options in m.by_paper.items():
            for s, var in options:
                if not places.rooms_for(p, s):
                    m.require(
                        m.model.add(var == 0),
                        f"place {p}",
                        NAME,
                        f"paper {p} is placed by {_rules_named(problem, p)}",
                    )
    for s, cap, members in m.domains.capacity_rows:
        literals = m.in_sessions(sorted(members), [s])
        if len(literals) > cap:
            m.require(
                m.model.add(sum(literals) <= cap),
                f"place boards {s} {cap}",
                NAME,
                f"{len(members)} posters may use only {cap} boards in session '{s}'",
            )


def rooms(m: RoomModel) -> None:
    problem = m.problem
    if problem.places is None or not problem.places.active:
        return
    for p in m.papers:
        allowed = set(problem.rooms_for(p, m.session))
        for r in m.rooms:
            if r not in allowed:
                m.model.add(m.z[p, r] == 0)


RULE: Rule = Rule(NAME, domains=domains, sessions=sessions, rooms=rooms)
