"""The ``figures`` check: the plan's own figures equal the recount.

The report's figures (posters, placed, moves, the topic grouping, the pairs
of posters sharing an author in one session and how close they stand) are
recounted here; the clash figures come from the clashes check, which runs
first.  Every figure the plan states is held against its recount.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from planner.verify.context import Check


def check_figures(check: Check) -> None:
    plan, figures = check.plan, check.report.figures
    changes = plan.changes
    moved = changes.moved if changes else []
    figures.update(
        posters=len(check.expected()),
        placed=len(check.placed),
        moves=len(moved),
        moves_by_kind=dict(Counter(m.kind for m in moved)),
        added=len(changes.added) if changes else 0,
        removed=len(changes.removed) if changes else 0,
        topic_grouping=topic_grouping(check),
        plan_grouping=plan.figures.grouping,
    )
    stated = plan.figures
    pairs, within, apart = side_by_side(check)
    for name, said, recount in (
        ("posters", stated.posters, sum(1 for p in plan.papers if check.has_poster(p.decision))),
        ("placed", stated.placed, len(plan.placements)),
        ("clashes", stated.clashes, figures["clashes"]),
        ("presenter_clashes", stated.presenter_clashes, figures["presenter_clashes"]),
        ("clash_lower_bound", stated.clash_lower_bound, figures["clash_lower_bound"]),
        ("moves", stated.moves, len(moved)),
        ("together_pairs", stated.together_pairs, pairs),
        ("together_within", stated.together_within, within),
        ("together_apart", stated.together_apart, apart),
    ):
        if said != recount:
            check.add("figures", f"the plan says {name} = {said}, the recount gives {recount}")


def topic_grouping(check: Check) -> float | None:
    """Same-topic pairs within a session and room, over same-topic pairs at random.

    1.0 is what a random placement gives; higher means topics are grouped.
    None when there is nothing to compare (one topic, or no room with two posters).
    """
    cells: dict[tuple[str, str], Counter[int]] = defaultdict(Counter)
    for pl in check.where.values():
        cells[pl.session, pl.room][pl.topic] += 1

    def pairs(n: int) -> int:
        return n * (n - 1) // 2

    within = sum(pairs(sum(c.values())) for c in cells.values())
    same_within = sum(pairs(k) for c in cells.values() for k in c.values())
    overall: Counter[int] = Counter()
    for c in cells.values():
        overall.update(c)
    everyone = pairs(sum(overall.values()))
    same_overall = sum(pairs(k) for k in overall.values())
    if not within or not everyone or not same_overall or same_overall == everyone:
        return None
    return round((same_within / within) / (same_overall / everyone), 3)


def side_by_side(check: Check) -> tuple[int, int, int]:
    """Pairs of posters sharing an author in one session; within 2 boards; in different rooms."""
    by_person: dict[tuple[str, str], set[str]] = defaultdict(set)
    for paper in check.plan.papers:
        pl = check.where.get(paper.id)
        if pl is None:
            continue
        for key in paper.authors:
            by_person[pl.session, key].add(paper.id)
    pairs: set[tuple[str, str]] = set()
    for papers in by_person.values():
        ordered = sorted(papers)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1 :])
    within = apart = 0
    for a, b in pairs:
        pa, pb = check.where[a], check.where[b]
        if pa.room != pb.room:
            apart += 1
        elif abs(pa.board - pb.board) <= 2:
            within += 1
    return len(pairs), within, apart
