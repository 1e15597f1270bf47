"""Clashes and their lower bound.

Two placements clash when they share an author and their sessions overlap in
time (a session overlaps itself).  The most sessions an author can attend
without clashing is their number of separate times (planner.people.windows).
An author with ``n``
papers and ``w`` separate times therefore has at least the clashes of ``n``
papers spread as evenly as possible over ``w`` groups: that is the lower bound
every plan is measured against.
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


def find_clashes(session_of: Mapping[str, str], index: AuthorIndex, venue: Venue) -> list[Clash]:
    """Every (person, pair of posters) at overlapping times in a placement."""
    sessions = venue.session_by_id
    out = []
    for person in index.people.values():
        placed = [p for p in person.papers if p in session_of]
        for i, a in enumerate(placed):
            for b in placed[i + 1 :]:
                sa, sb = session_of[a], session_of[b]
                if sessions[sa].overlaps(sessions[sb]):
                    pres = index.presenter.get(a) == person.key == index.presenter.get(b)
                    out.append(Clash(person.key, a, b, sa, sb, pres))
    return out
