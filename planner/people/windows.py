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
from planner.read.halves import per_time


def separate_times(sessions: Iterable[Session]) -> list[Session]:
    """A largest set of pairwise non-overlapping sessions (interval scheduling).

    Sessions at two sites never overlap (Session.overlaps), so with several
    sites this is each site's greedy set together: the times an *author* can
    have posters without a clash.  A presenter is at one site: one_site_times.
    """
    chosen: list[Session] = []
    for group in _by_site(sessions):
        chosen += _greedy(group)
    return chosen


def one_site_times(sessions: Iterable[Session]) -> list[Session]:
    """separate_times at the one site that has the most: the posters a presenter,
    who is at one site for the whole conference (constraints.sites), can stand at."""
    best: list[Session] = []
    for group in _by_site(sessions):
        times = _greedy(group)
        if len(times) > len(best):
            best = times
    return best


def _by_site(sessions: Iterable[Session]) -> list[list[Session]]:
    """The sessions by site, sites in a fixed order (a venue without sites: one group)."""
    groups: dict[str, list[Session]] = {}
    for s in sessions:
        groups.setdefault(s.site or "", []).append(s)
    return [groups[k] for k in sorted(groups)]


def _greedy(sessions: list[Session]) -> list[Session]:
    """Earliest end first: a largest set of pairwise non-overlapping sessions at one site."""
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
        # Sessions at another site never run "at once" with s (Session.overlaps).
        running = sorted(
            t.id for t in venue.sessions if t.site == s.site and t.start <= s.start < t.end
        )
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
    """Separate times a person can present in: sessions they are not away for that have boards.

    With presenting halves (planner.read.halves) each separate time holds two:
    a presenter may show one poster in each half of one session, and the clash
    bound spreads an author's posters over the halves.
    """
    return per_time(venue) * len(
        separate_times(
            s for s in venue.sessions if s.id not in away and venue.session_capacity(s.id) > 0
        )
    )


def presenter_windows(venue: Venue, away: set[str]) -> int:
    """person_windows at one site: a presenter is at one site for the whole conference
    (constraints.sites); the same as person_windows in a venue without sites."""
    return per_time(venue) * len(
        one_site_times(
            s for s in venue.sessions if s.id not in away and venue.session_capacity(s.id) > 0
        )
    )
