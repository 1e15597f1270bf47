"""Time: which sessions overlap, how many separate times there are, and clashes.

Two placements clash when they share an author and their sessions overlap in
time (a session overlaps itself).  Sessions form an interval graph, so the most
sessions an author can attend without clashing is the largest set of pairwise
non-overlapping sessions (earliest-end greedy), and the sessions can be covered
by that many groups of mutually overlapping sessions.  An author with ``n``
papers and ``w`` separate times therefore has at least the clashes of ``n``
papers spread as evenly as possible over ``w`` groups: that is the lower bound
every plan is measured against.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.conference import Session, Venue

if TYPE_CHECKING:
    from planner.authors import AuthorIndex


def separate_times(sessions: Iterable[Session]) -> list[Session]:
    """A largest set of pairwise non-overlapping sessions (interval scheduling)."""
    chosen: list[Session] = []
    for s in sorted(sessions, key=lambda s: (s.end, s.start, s.id)):
        if not chosen or chosen[-1].end <= s.start:
            chosen.append(s)
    return chosen


def overlap_groups(venue: Venue) -> list[list[str]]:
    """Maximal groups of sessions that all overlap one another, in time order.

    In an interval graph each maximal clique is the set of sessions running at
    some session's start, so "no two papers of a group in one clique" is exactly
    "no two of them at overlapping times".
    """
    groups: list[list[str]] = []
    for s in sorted(venue.sessions, key=lambda s: (s.start, s.id)):
        running = sorted(t.id for t in venue.sessions if t.start <= s.start < t.end)
        if not any(set(running) <= set(g) for g in groups):
            groups = [g for g in groups if not set(g) <= set(running)]
            groups.append(running)
    return groups


def min_pairs(n: int, w: int) -> int:
    """Fewest clashing pairs among n papers spread over w separate times."""
    if n <= 1:
        return 0
    if w <= 0:
        return n * (n - 1) // 2
    q, r = divmod(n, w)
    return r * (q + 1) * q // 2 + (w - r) * q * (q - 1) // 2


def person_windows(venue: Venue, away: set[str]) -> int:
    """Separate times a person can attend: sessions they are not away for that have boards."""
    return len(
        separate_times(
            s for s in venue.sessions if s.id not in away and venue.session_capacity(s.id) > 0
        )
    )


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
        n = len(person.papers)
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
