"""Posters that share an author: the pairs the rooms, the polish and the boards keep together.

Two posters that share an author and sit in one session are a clash the
session stage could not avoid (it holds every person to their lower bound
where it can); the author should then find them side by side, in one room on
adjacent boards (constraints.together, planner.model.polish, planner.model.boards).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence


def partners_of(
    papers: Iterable[str], paper_people: Mapping[str, Sequence[str]]
) -> dict[str, list[str]]:
    """Paper -> the other papers among ``papers`` that share an author with it, in list order.

    Papers without such a partner are left out, so the result is empty for a
    list where nobody has two posters.
    """
    order = list(dict.fromkeys(papers))
    position = {p: i for i, p in enumerate(order)}
    by_person: dict[str, list[str]] = {}
    for p in order:
        for key in dict.fromkeys(paper_people.get(p, ())):
            by_person.setdefault(key, []).append(p)
    found: dict[str, set[str]] = {}
    for mine in by_person.values():
        if len(mine) < 2:
            continue
        for p in mine:
            found.setdefault(p, set()).update(q for q in mine if q != p)
    return {
        p: sorted(found[p], key=position.__getitem__)
        for p in sorted(found, key=position.__getitem__)
    }


def pairs_of(partners: Mapping[str, Sequence[str]], order: Sequence[str]) -> list[tuple[str, str]]:
    """Each unordered pair of partners once, as (earlier, later) in ``order``."""
    position = {p: i for i, p in enumerate(order)}
    return [
        (p, q)
        for p in sorted(partners, key=position.__getitem__)
        for q in partners[p]
        if position[p] < position[q]
    ]


def components(papers: Sequence[str], partners: Mapping[str, Sequence[str]]) -> list[list[str]]:
    """The groups of ``papers`` joined by shared authors (singletons too), in list order."""
    members = set(papers)
    position = {p: i for i, p in enumerate(papers)}
    seen: set[str] = set()
    out: list[list[str]] = []
    for start in papers:
        if start in seen:
            continue
        group, stack = [], [start]
        seen.add(start)
        while stack:
            p = stack.pop()
            group.append(p)
            for q in partners.get(p, ()):
                if q in members and q not in seen:
                    seen.add(q)
                    stack.append(q)
        out.append(sorted(group, key=position.__getitem__))
    return out
