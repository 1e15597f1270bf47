"""The ``clashes`` check: the plan's clash list is exactly the shared-author clashes recounted.

Two posters sharing an author clash when their sessions overlap; the recount
comes from the author lists and the placements alone.  The plan's list may
not repeat, invent or misstate a clash, nor leave one out.  The recount also
gives the clash figures and the lower bound on clashes any plan can have.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from planner.verify.context import Check
from planner.verify.recount import separate_times, spread_pairs, usable_boards

_Clash = tuple[str, frozenset[str]]  # (person key, the two clashing paper ids)


def check_clashes(check: Check, presenter_pairs: int, person_away: dict[str, set[str]]) -> None:
    """Recounts the clashes, holds the plan's clash list against them, and adds the figures."""
    recount = _recount(check)
    reported = _reported(check, recount)
    _unreported(check, recount, reported)
    _figures(check, recount, presenter_pairs, person_away)


def _recount(check: Check) -> dict[_Clash, bool]:
    """Each shared-author clash recounted: (author, two posters) -> presents both?"""
    by_person: dict[str, list[str]] = defaultdict(list)
    for paper in check.plan.papers:
        if paper.id in check.where:
            for key in dict.fromkeys(paper.authors):
                by_person[key].append(paper.id)
    recount: dict[_Clash, bool] = {}
    for key, pids in by_person.items():
        for a, b in check.overlapping_pairs(pids):
            presents = check.papers[a].presenter == key == check.papers[b].presenter
            recount[key, frozenset((a, b))] = presents
    return recount


def _reported(check: Check, recount: dict[_Clash, bool]) -> set[_Clash]:
    """The plan's clash list; an entry repeated, unfounded or wrong is reported."""
    reported: set[_Clash] = set()
    for c in check.plan.clashes:
        pair = (c.person, frozenset(c.papers))
        if pair in reported:
            check.add(
                "clashes",
                f"the plan reports the clash of {check.person(c.person)} "
                f"between posters {c.papers[0]} and {c.papers[1]} twice",
            )
            continue
        reported.add(pair)
        if not all(p in check.where for p in c.papers):
            continue  # unplaced or misplaced: the placement rule says so
        if pair not in recount:
            check.add(
                "clashes",
                f"the plan reports a clash of {check.person(c.person)} "
                f"between posters {c.papers[0]} and {c.papers[1]}, but the "
                "author lists and sessions give none",
            )
            continue
        actual = {p: check.where[p].session for p in c.papers}
        if dict(zip(c.papers, c.sessions, strict=False)) != actual or c.presenter != recount[pair]:
            check.add(
                "clashes",
                f"the plan's clash of {check.person(c.person)} between "
                f"posters {c.papers[0]} and {c.papers[1]} gives sessions "
                f"{list(c.sessions)} and presenter={c.presenter}; the plan places "
                f"them in {[actual[p] for p in c.papers]}, presenter="
                f"{recount[pair]}",
            )
    return reported


def _unreported(
    check: Check,
    recount: dict[_Clash, bool],
    reported: set[_Clash],
) -> None:
    """Every recounted clash is on the plan's clash list."""
    for (person, posters), _ in sorted(
        recount.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))
    ):
        if (person, posters) not in reported:
            a, b = sorted(posters)
            check.add(
                "clashes",
                f"{check.person(person)} has posters {check.poster(a)} in "
                f"session '{check.where[a].session}' and {check.poster(b)} in session "
                f"'{check.where[b].session}' at overlapping times, and the plan does "
                "not report it",
            )


def _figures(
    check: Check,
    recount: dict[_Clash, bool],
    presenter_pairs: int,
    person_away: dict[str, set[str]],
) -> None:
    """The clash figures, and a note when the recount falls below the lower bound."""
    bound = lower_bound(check, person_away)
    figures = check.report.figures
    figures.update(
        clashes=len(recount),
        presenter_clashes=presenter_pairs,
        clash_lower_bound=bound,
        clashes_above_bound=len(recount) - bound,
    )
    if len(recount) < bound and "placement" not in check.report.rules:
        check.note(
            f"{len(recount)} clashes is below the lower bound {bound}: the bound or "
            "the author lists are wrong"
        )


def lower_bound(check: Check, person_away: dict[str, set[str]]) -> int:
    """The fewest shared-author clashes any plan can have.

    A person with n papers who can attend w pairwise non-overlapping
    sessions (not away, with usable boards) meets the n papers in at least
    w groups of mutually overlapping sessions, so at least the pairs of n
    spread evenly over w.
    """
    with_boards = [
        s
        for s in check.venue.sessions
        if sum(usable_boards(r, s.id, check.venue) for r in check.venue.rooms) > 0
    ]
    count: Counter[str] = Counter()
    for paper in check.plan.papers:
        if not check.has_poster(paper.decision):
            continue  # a talk without a poster ([talks] poster_too = false)
        for key in dict.fromkeys(paper.authors):
            count[key] += 1
    total = 0
    cache: dict[frozenset[str], int] = {}
    for key, n in count.items():
        if n < 2:
            continue
        away = frozenset(person_away.get(key, ()))
        if away not in cache:
            # With halves each separate time holds two presenting times.
            times = separate_times(s for s in with_boards if s.id not in away)
            cache[away] = times * (2 if check.venue.rules.halves else 1)
        total += spread_pairs(n, cache[away])
    return total
