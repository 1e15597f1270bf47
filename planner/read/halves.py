"""Presenting halves: which half of its session a poster is presented in, and when.

With ``[rules] halves = "odd-even"`` a poster session is split in two at its
midpoint (rounded to the minute): posters on odd boards (numbered within their
room) are presented in the first half, posters on even boards in the second;
``"even-odd"`` is the other way round.  The board stays up for the whole
session either way.  Off (``None``) by default: then nothing has a half.

Every step that needs a half asks here, so the board parity rule lives in one
place (``planner verify`` re-implements it on its own, as it does every rule).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from planner.read.conference import Venue

HALVES = ("odd-even", "even-odd")


def half_of(board: int, rule: str | None) -> int | None:
    """1 or 2: the half a poster on ``board`` presents in; None without halves."""
    if rule is None:
        return None
    odd = board % 2 == 1
    first = odd if rule == "odd-even" else not odd
    return 1 if first else 2


def midpoint(start: datetime, end: datetime) -> datetime:
    """The middle of ``start``..``end``, rounded to the minute (half a minute rounds up)."""
    seconds = (end - start).total_seconds() / 2
    minutes = int(seconds // 60) + (1 if seconds % 60 >= 30 else 0)
    return start + timedelta(minutes=minutes)


def half_times(start: datetime, end: datetime, half: int) -> tuple[datetime, datetime]:
    """The start and end of ``half`` (1 or 2) of a session running ``start``..``end``."""
    mid = midpoint(start, end)
    return (start, mid) if half == 1 else (mid, end)


def per_time(venue: Venue) -> int:
    """Posters one person can present in one separate time: 2 with halves, else 1."""
    return 2 if venue.rules.halves else 1


def poster_half(venue: Venue, session_id: str, board: int) -> tuple[int, datetime, datetime] | None:
    """A poster's half and that half's (naive, local) times; None without halves."""
    half = half_of(board, venue.rules.halves)
    if half is None:
        return None
    session = venue.session_by_id[session_id]
    start, end = half_times(session.start, session.end, half)
    return half, start, end


def half_words(half: int) -> str:
    """ "first half" or "second half", as outputs say it."""
    return "first half" if half == 1 else "second half"
