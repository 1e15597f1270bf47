"""The venue's ``[talks]`` table, and what talk sessions and rooms need together.

``[talks]`` says which decisions give a talk and how long it is (``minutes``),
the minutes between two talks in a room (``changeover``) and whether a talk
paper has a poster as well (``poster_too``).  Talk sessions are the
``kind = "talks"`` sessions; they run in the rooms that have ``seats``.  What
cannot work whatever the papers are is refused here, with the key to change:
a talk session no room with seats is open in, a talk longer than every talk
session, minutes given with no talk session to hold them.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from planner.core.errors import Problems
from planner.core.limits import show
from planner.read.conference import Room, Session, TalkRules
from planner.read.venue.problems import add_fault, unknown_keys
from planner.read.venue.schema import Checked, Table, VenueTable, check, fault, whole

# A talk longer than a day is a typo (hours written as minutes, say).
MAX_TALK_MINUTES = 24 * 60


def _minutes(value: Any) -> dict[str, int]:
    if not isinstance(value, dict) or not value:
        raise fault(
            "minutes must be a table of decision = minutes",
            "Write minutes = { Oral = 15, Spotlight = 5 } (the decisions that give a talk).",
        )
    out: dict[str, int] = {}
    for decision, length in value.items():
        n = whole(length)
        if n is None or not 1 <= n <= MAX_TALK_MINUTES:
            raise fault(
                f"minutes.{show(str(decision))} = {show(repr(length))} is not a whole number "
                f"of minutes from 1 to {MAX_TALK_MINUTES}",
                f"Give the talk length in minutes, e.g. {{ {show(str(decision))} = 15 }}.",
            )
        out[str(decision)] = n
    return out


def _changeover(value: Any) -> int:
    n = whole(value)
    if n is None or not 0 <= n <= MAX_TALK_MINUTES:
        raise fault(
            f"changeover = {show(repr(value))} is not a whole number of minutes ≥ 0",
            "Set changeover to the minutes between two talks in a room (0 for none).",
        )
    return n


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise fault(
            f"poster_too = {show(repr(value))} is not true or false",
            "Write poster_too = true (talk papers get a poster too) or false.",
        )
    return value


class TalksTable(Table):
    """The [talks] table."""

    minutes: Annotated[dict[str, int], BeforeValidator(_minutes)] = Field(
        None, validate_default=True
    )
    changeover: Annotated[int, BeforeValidator(_changeover)] = 0
    poster_too: Annotated[bool, BeforeValidator(_flag)] = True


def read_talks(
    top: Checked[VenueTable], raw: dict[str, Any], problems: Problems
) -> TalkRules | None:
    """The [talks] table as talk rules; None when the venue has none (nobody gives a talk)."""
    if add_fault(problems, "[talks]", top.fault("talks")) or not raw:
        return None
    checked = check(TalksTable, raw)
    unknown_keys(problems, "[talks]", checked, TalksTable)
    bad = False
    for key in ("minutes", "changeover", "poster_too"):
        bad |= add_fault(problems, "[talks]", checked.fault(key))
    table = checked.model
    if bad or table is None:
        return None
    poster_too = table.poster_too
    if not any(s.get("kind", "posters") != "talks" for s in _session_tables(top)):
        # A programme of talks only (a society meeting): nobody gets a poster,
        # unless the file asks for posters it has no session for.
        if "poster_too" in raw and poster_too:
            problems.add(
                "[talks]",
                "poster_too = true, but the venue has no poster session",
                "Add a poster session, or remove poster_too: a programme of talk "
                "sessions only gives talks only.",
            )
        poster_too = False
    return TalkRules(minutes=table.minutes, changeover=table.changeover, poster_too=poster_too)


def _session_tables(top: Checked[VenueTable]) -> list[dict[str, Any]]:
    """The raw [[sessions]] tables (those that are tables)."""
    doc = top.model
    return [s for s in (doc.sessions if doc else []) if isinstance(s, dict)]


def check_talk_venue(
    talks: TalkRules | None, sessions: list[Session], rooms: list[Room], problems: Problems
) -> None:
    """Adds a problem for each part of the talk programme that cannot work at all."""
    talk_sessions = [s for s in sessions if s.kind == "talks"]
    for session in talk_sessions:
        if not any(r.seats and r.is_open(session.id) for r in rooms):
            problems.add(
                f"[[sessions]] '{session.id}'",
                "is a talk session, but no room with seats is open in it",
                "Give a room seats = ... (and list this session in its sessions, if it "
                "lists any), or leave kind out to make it a poster session.",
            )
    if talks is None:
        return
    if not talk_sessions:
        problems.add(
            "[talks]",
            'gives talk minutes, but no session has kind = "talks"',
            'Add talk sessions ([[sessions]] with kind = "talks"), or remove [talks].',
        )
        return
    longest = max(s.minutes for s in talk_sessions)
    for decision, minutes in talks.minutes.items():
        if minutes > longest:
            problems.add(
                "[talks]",
                f"minutes.{show(decision)} = {minutes} is longer than every talk session "
                f"(the longest has {longest} minutes)",
                "Shorten the talk or lengthen a talk session.",
            )
