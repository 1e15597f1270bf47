"""Talk programmes that cannot fit, found before solving, with the numbers.

A talk paper (its decision has minutes in ``[talks]``) needs its minutes in
one room of one talk session; talks in a room follow one another with the
changeover between them, so a room-session of ``L`` minutes holds talks whose
minutes plus changeovers add up to at most ``L + changeover``.  Two checks
no plan can get around:

* **room-minutes**: for every set of talk sessions that some talks are
  confined to (their authors are away for the others), the minutes those
  talks need against the room-minutes those sessions hold (Hall's condition
  on each such set: necessary, cheap, and it names the sessions);
* **speakers**: a speaker (the paper's presenter) gives one talk at a time, so
  nobody can give more talks than the separate talk times they can attend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.people.inputs import Inputs
from planner.people.windows import separate_times
from planner.read.conference import Paper, Venue


@dataclass(frozen=True)
class Talk:
    paper: Paper
    minutes: int


def talks_of(inputs: Inputs) -> list[Talk]:
    """The accepted papers that give a talk, with its length, in paper order."""
    venue = inputs.venue
    out = []
    for paper in inputs.accepted:
        minutes = venue.talk_minutes(paper)
        if minutes is not None:
            out.append(Talk(paper, minutes))
    return out


def room_minutes(venue: Venue, session_id: str) -> int:
    """What a talk session's rooms hold, changeovers counted with the talks."""
    session = venue.talk_session_by_id[session_id]
    change = venue.talks.changeover if venue.talks else 0
    return len(venue.talk_rooms_in(session_id)) * (session.minutes + change)


def talk_sessions_for(inputs: Inputs, paper: Paper) -> list[str]:
    """Talk sessions none of the paper's authors is away for."""
    index = inputs.index
    away: set[str] = set()
    for key in index.paper_people.get(paper.id, []):
        away |= index.unavailable.get(key, set())
    return [s.id for s in inputs.venue.talk_sessions if s.id not in away]


def talk_findings(inputs: Inputs) -> list[tuple[str, str]]:
    """(rule, message) for each talk programme no plan can get around."""
    talks = talks_of(inputs)
    if not talks:
        return []
    return [*_room_minutes(inputs, talks), *_speakers(inputs, talks)]


def _room_minutes(inputs: Inputs, talks: list[Talk]) -> list[tuple[str, str]]:
    venue = inputs.venue
    change = venue.talks.changeover if venue.talks else 0
    confined: dict[frozenset[str], list[Talk]] = defaultdict(list)
    everywhere = frozenset(s.id for s in venue.talk_sessions)
    for talk in talks:
        confined[frozenset(talk_sessions_for(inputs, talk.paper))].append(talk)
    out = []
    for allowed in sorted(confined, key=lambda a: (-len(a), sorted(a))):
        inside = [t for t in talks if frozenset(talk_sessions_for(inputs, t.paper)) <= allowed]
        need = sum(t.minutes + change for t in inside)
        have = sum(room_minutes(venue, s) for s in allowed)
        if need <= have:
            continue
        where = (
            "the talk sessions"
            if allowed == everywhere
            else f"talk sessions {', '.join(sorted(allowed)) or '(none)'} (their authors are "
            "away for the others)"
        )
        out.append(
            (
                "talk-capacity",
                f"{len(inside)} talks need {need:,} room-minutes (changeovers included) but "
                f"{where} hold {have:,}: add talk rooms or sessions, lengthen sessions, or "
                "shorten talks in [talks] minutes.",
            )
        )
    return out


def _speakers(inputs: Inputs, talks: list[Talk]) -> list[tuple[str, str]]:
    index, venue = inputs.index, inputs.venue
    gives: dict[str, list[str]] = defaultdict(list)
    for talk in talks:
        key = index.presenter.get(talk.paper.id)
        if key is not None:
            gives[key].append(talk.paper.id)
    out = []
    for key in sorted(gives):
        away = index.unavailable.get(key, set())
        times = len(separate_times(s for s in venue.talk_sessions if s.id not in away))
        if len(gives[key]) > times:
            name = index.people[key].name
            out.append(
                (
                    "speaker",
                    f"{name} gives {len(gives[key])} talks ({', '.join(gives[key])}) but can "
                    f"attend only {times} separate talk time{'' if times == 1 else 's'}: "
                    "name another speaker in "
                    "[presenters] or add talk sessions.",
                )
            )
    return out
