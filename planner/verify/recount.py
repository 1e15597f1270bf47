"""The small rules ``planner verify`` re-implements rather than borrows from the solver side.

Session overlap, a room's boards in a session, which decisions get a poster,
name folding, board labels and the arithmetic of the clash lower bound: each
repeats on purpose what the planner computes elsewhere, so that a bug in one
is caught by the other.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from planner.read.conference import Room, Session, Venue


def overlaps(a: Session, b: Session) -> bool:
    """Two sessions overlap when their times intersect; a session overlaps itself.

    This repeats planner.read.conference's Session.overlaps on purpose: the check
    recounts clashes with its own code, so that a bug in one is caught by the other.
    """
    if a.site != b.site:  # a person is at one site: two sites are never "at once"
        return a.id == b.id
    return a.id == b.id or (a.start < b.end and b.start < a.end)


def room_open(room: Room, session_id: str) -> bool:
    """Open in the session, with at least one board there."""
    listed = room.sessions is None or session_id in room.sessions
    return listed and room_boards(room, session_id) > 0


def room_boards(room: Room, session_id: str) -> int:
    return room.boards_by_session.get(session_id, room.boards)


def spare_boards(room: Room, venue: Venue) -> int:
    return venue.rules.spare_boards if room.spare_boards is None else room.spare_boards


def usable_boards(room: Room, session_id: str, venue: Venue) -> int:
    if not room_open(room, session_id):
        return 0
    return max(0, room_boards(room, session_id) - spare_boards(room, venue))


def accepted(decision: str | None, venue: Venue) -> bool:
    """Accepted: no decision, one of ``accept_decisions``, or one with talk minutes."""
    if decision is None or not decision.strip():
        return True
    given = [*venue.rules.accept_decisions, *(venue.talks.minutes if venue.talks else [])]
    return decision.strip().casefold() in {d.strip().casefold() for d in given}


def gets_poster(decision: str | None, venue: Venue) -> bool:
    """An accepted record has a poster unless it gives a talk and [talks] poster_too is off."""
    if venue.talks is None or venue.talks.poster_too or decision is None:
        return True
    wanted = decision.strip().casefold()
    return all(d.strip().casefold() != wanted for d in venue.talks.minutes)


def name_key(name: str | None) -> str:
    """A name folded for comparison: entities, accents, case and punctuation."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", html.unescape(name))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def separate_times(sessions: Iterable[Session]) -> int:
    """The most pairwise non-overlapping sessions (earliest end first is optimal),
    counted at each site and added: sessions at two sites never overlap."""
    at: dict[str, list[Session]] = {}
    for s in sessions:
        at.setdefault(s.site or "", []).append(s)
    total = 0
    for group in at.values():
        count, last_end = 0, None
        for s in sorted(group, key=lambda s: (s.end, s.start)):
            if last_end is None or s.start >= last_end:
                count, last_end = count + 1, s.end
        total += count
    return total


def spread_pairs(n: int, w: int) -> int:
    """Clashing pairs when n papers are spread as evenly as possible over w times."""
    if n < 2:
        return 0
    if w < 1:
        return n * (n - 1) // 2
    pairs = 0
    for k in range(w):
        size = n // w + (1 if k < n % w else 0)
        pairs += size * (size - 1) // 2
    return pairs


def board_label(pattern: str, prefix: str, number: int) -> str | None:
    try:
        return pattern.format(prefix=prefix, number=number)
    except (KeyError, IndexError, ValueError):
        return None


def board_half(board: int, rule: str | None) -> int | None:
    """The half a poster on ``board`` presents in under ``[rules] halves``; None without.

    Repeats planner.read.halves on purpose: "odd-even" puts odd boards in half 1.
    """
    if rule is None:
        return None
    return 1 if (board % 2 == 1) == (rule == "odd-even") else 2


def half_span(start: datetime, end: datetime, half: int) -> tuple[datetime, datetime]:
    """A half's start and end: the session split at its midpoint rounded to the minute."""
    seconds = int((end - start).total_seconds())
    mid = start + timedelta(minutes=(seconds + 60) // 120)  # half a minute rounds up
    return (start, mid) if half == 1 else (mid, end)


def same_moment(value: object, expected: datetime) -> bool:
    """Whether ``value`` is an ISO 8601 time naming ``expected``'s instant with its offset.

    Instants are compared, not aware datetimes: those in a fall-back hour never
    compare equal across zones, even when they name the same moment.
    """
    try:
        when = datetime.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return False
    return (
        when is not None
        and when.tzinfo is not None
        and when.astimezone(UTC) == expected.astimezone(UTC)
        and when.utcoffset() == expected.utcoffset()
    )
