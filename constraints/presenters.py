"""Presenters are never needed at two posters at once.

Each paper has one presenter (the first author unless the venue's
``rules.presenter``, a presenter column or ``[presenters]`` says otherwise).
A presenter's papers go to pairwise non-overlapping sessions.

Encoding: for each presenter with two or more papers and each maximal group
of mutually overlapping sessions (planner.people.windows.overlap_groups),
``add_at_most_one`` over the presenter's literals in that group.  In an
interval graph that is exactly "no two at overlapping times".

With presenting halves (``[rules] halves``, planner.read.halves) a presenter
may show two posters in one session, one in each half (the board stage gives
them boards of opposite parity: planner.model.halves).  Then, per presenter:
at most two posters in a session (a linear row), and within each overlap group
at most one session used: a literal ``used[s]`` implied by each of the
presenter's literals in ``s``, and ``add_at_most_one`` over the group's
``used`` literals.

Priority: hard (checked before solving: a presenter with more papers than
separate times makes the venue impossible, and the check says so).
"""

from __future__ import annotations

from collections import defaultdict

from ortools.sat.python.cp_model import IntVar

from constraints.rule import Rule
from planner.model.stage_models import SessionModel

NAME = "presenter"


def sessions(m: SessionModel) -> None:
    problem = m.problem
    by_presenter: dict[str, list[str]] = defaultdict(list)
    for p in problem.papers:
        key = problem.index.presenter.get(p)
        if key is not None:
            by_presenter[key].append(p)
    for key, papers in sorted(by_presenter.items()):
        if len(papers) < 2:
            continue
        person = problem.index.people[key]
        why = f"{person.label} presents papers {', '.join(papers)}"
        if problem.venue.rules.halves:
            _in_halves(m, key, papers, why)
            continue
        for group in problem.groups:
            m.at_most_one(m.in_sessions(papers, group), f"presenter {key}", NAME, why)


def _in_halves(m: SessionModel, key: str, papers: list[str], why: str) -> None:
    """Two posters at most per session (one per half), one session per overlap group."""
    used: dict[str, IntVar] = {}
    for s in m.problem.session_ids:
        literals = m.in_sessions(papers, [s])
        if not literals:
            continue
        if len(literals) > 2:
            m.require(m.model.add(sum(literals) <= 2), f"presenter {key}", NAME, why)
        used[s] = m.model.new_bool_var(f"presents[{key},{s}]")
        for lit in literals:
            m.model.add_implication(lit, used[s])
    for group in m.problem.groups:
        m.at_most_one([used[s] for s in group if s in used], f"presenter {key}", NAME, why)


RULE: Rule = Rule(NAME, sessions=sessions)
