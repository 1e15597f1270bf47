"""Presenters are never needed at two posters at once.

Each paper has one presenter (the first author unless the venue's
``rules.presenter``, a presenter column or ``[presenters]`` says otherwise).
A presenter's papers go to pairwise non-overlapping sessions.

Encoding: for each presenter with two or more papers and each maximal group
of mutually overlapping sessions (planner.people.windows.overlap_groups),
``add_at_most_one`` over the presenter's literals in that group.  In an
interval graph that is exactly "no two at overlapping times".

Priority: hard (checked before solving: a presenter with more papers than
separate times makes the venue impossible, and the check says so).
"""

from __future__ import annotations

from collections import defaultdict

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
        for group in problem.groups:
            m.at_most_one(
                m.in_sessions(papers, group),
                f"presenter {key}",
                NAME,
                f"{person.label} presents papers {', '.join(papers)}",
            )


RULE: Rule = Rule(NAME, sessions=sessions)
