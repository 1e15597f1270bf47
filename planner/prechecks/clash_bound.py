"""Clashes and their lower bound.

Two placements clash when they share an author and their sessions overlap in
time (a session overlaps itself); with presenting halves (planner.read.halves)
two posters in one session clash only when they are presented in the same
half.  The most sessions an author can attend without clashing is their number
of separate times (planner.people.windows).  An author with ``n``
papers and ``w`` separate times therefore has at least the clashes of ``n``
papers spread as evenly as possible over ``w`` groups: that is the lower bound
every plan is measured against.  With halves ``w`` counts each separate time
twice (planner.people.windows.person_windows), so the bound is the pairs of
``n`` posters spread over ``2w`` halves: per session with ``k`` posters of one
person, C(⌈k/2⌉, 2) + C(⌊k/2⌋, 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.people.windows import min_pairs, person_windows
from planner.read.conference import Venue

if TYPE_CHECKING:
    from planner.people.authors import AuthorIndex


@dataclass(frozen=True)
class Bound:
    person: str
    papers: int
    windows: int
    clashes: int


def clash_lower_bound(index: AuthorIndex, venue: Venue) -> list[Bound]:
    """Per person with unavoidable clashes: the fewest any plan can have."""
    out = []
    cache: dict[frozenset[str], int] = {}
    for person in index.people.values():
        n = sum(1 for p in person.papers if p not in index.talk_only)
        if n < 2:
            continue
        away = frozenset(index.unavailable.get(person.key, ()))
        if away not in cache:
            cache[away] = person_windows(venue, set(away))
        w = cache[away]
        need = min_pairs(n, w)
        if need:
            out.append(Bound(person.key, n, w, need))
    return sorted(out, key=lambda b: (-b.clashes, -b.papers, b.person))


@dataclass(frozen=True)
class Clash:
    person: str
    paper_a: str
    paper_b: str
    session_a: str
    session_b: str
    presenter: bool  # the person presents both posters


def find_clashes(
    session_of: Mapping[str, str],
    index: AuthorIndex,
    venue: Venue,
    half_of: Mapping[str, int] | None = None,
) -> list[Clash]:
    """Every (person, pair of posters) at overlapping times in a placement.

    With presenting halves two posters in one session clash only when they are
    in the same half: ``half_of`` gives each poster's half once boards are
    assigned; before that (``None``) a person's posters in a session are taken
    as split between the halves in turn, the fewest the boards can give.
    """
    sessions = venue.session_by_id
    halves = venue.rules.halves is not None
    out = []
    for person in index.people.values():
        placed = [p for p in person.papers if p in session_of]
        turn: dict[str, int] = {}
        if halves and half_of is None:
            seen: dict[str, int] = {}
            for p in placed:
                seen[session_of[p]] = seen.get(session_of[p], 0) + 1
                turn[p] = seen[session_of[p]] % 2
        for i, a in enumerate(placed):
            for b in placed[i + 1 :]:
                sa, sb = session_of[a], session_of[b]
                if not sessions[sa].overlaps(sessions[sb]):
                    continue
                if halves and sa == sb:
                    apart = (half_of or turn).get(a) != (half_of or turn).get(b)
                    if apart:
                        continue
                pres = index.presenter.get(a) == person.key == index.presenter.get(b)
                out.append(Clash(person.key, a, b, sa, sb, pres))
    return out
