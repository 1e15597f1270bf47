"""When each person can be somewhere: separate times, overlapping sessions, spreads.

Sessions form an interval graph, so the most sessions an author can attend
without clashing is the largest set of pairwise non-overlapping sessions
(earliest-end greedy), and the sessions can be covered by that many groups of
mutually overlapping sessions.  The presenter hand-over (planner.people.presenters)
and the clash lower bound (planner.prechecks.clash_bound) both count on it.
"""

from __future__ import annotations

from collections.abc import Iterable

from planner.read.conference import Session, Venue


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
