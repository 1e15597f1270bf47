"""The ``placement`` check: every accepted paper placed exactly once, and nothing else placed.

It also fills ``Check.placed`` (each paper's first placement) and
``Check.where`` (the placements in a session and room the venue has), which
every later check reads.
"""

from __future__ import annotations

from collections import defaultdict

from planner.verify.context import Check


def check_placement(check: Check) -> None:
    unknown: dict[tuple[str, str], list[str]] = defaultdict(list)
    for pl in check.plan.placements:
        first = check.placed.get(pl.paper)
        if first is not None:
            check.add(
                "placement",
                f"poster {check.poster(pl.paper)} is placed twice: "
                f"{check.at(first)} and {check.at(pl)}",
            )
            continue
        check.placed[pl.paper] = pl
        if pl.session not in check.sessions:
            unknown["session", pl.session].append(pl.paper)
        if pl.room not in check.rooms:
            unknown["room", pl.room].append(pl.paper)
        if pl.session in check.sessions and pl.room in check.rooms:
            check.where[pl.paper] = pl
    for (what, name), pids in sorted(unknown.items()):
        check.add(
            "placement",
            f"{len(pids)} poster(s) are in {what} '{name}', which the "
            f"venue does not have: {check.posters(pids)}",
        )
    _expected_placed(check)


def _expected_placed(check: Check) -> None:
    """Every accepted paper is placed, and every placed paper accepted and known."""
    expected = check.expected()
    for pid in expected:
        if pid not in check.placed:
            check.add("placement", f"poster {check.poster(pid)} is accepted but not placed")
    for pid in check.placed:
        if pid in expected:
            if pid not in check.papers:
                check.add(
                    "placement",
                    f"poster {check.poster(pid)} is placed but the plan "
                    "holds no record of its authors",
                )
            continue
        source = check.input_by_id.get(pid) if check.inputs is not None else check.papers.get(pid)
        if source is None:
            what = (
                "is not in the paper list"
                if check.inputs is not None
                else "is not among the plan's papers"
            )
        else:
            what = f"has decision '{source.decision}', which gets no poster"
        check.add("placement", f"poster {check.poster(pid)} is placed but {what}")
