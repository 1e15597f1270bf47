"""The ``presenter`` check: no presenter at two posters at overlapping times.

Grouped by each paper's presenter field itself, not through the author lists,
so that it holds even where the shared-author recount would miss a pair.
"""

from __future__ import annotations

from collections import defaultdict

from planner.verify.context import Check


def check_presenters(check: Check) -> int:
    """The hard rule, a presenter at two posters at once: each pair reported and counted.

    Grouped by the presenter field itself, not through the author lists.
    """
    by_presenter: dict[str, list[str]] = defaultdict(list)
    for paper in check.plan.papers:
        if paper.presenter and paper.id in check.where:
            by_presenter[paper.presenter].append(paper.id)
    presenter_pairs = 0
    for key, pids in sorted(by_presenter.items()):
        for a, b in check.overlapping_pairs(pids):
            pa, pb = check.where[a], check.where[b]
            presenter_pairs += 1
            check.add(
                "presenter",
                f"{check.person(key)} presents poster "
                f"{check.poster(a)} in session '{pa.session}' and poster "
                f"{check.poster(b)} in session '{pb.session}', at "
                "overlapping times",
            )
    return presenter_pairs
