"""Talk programmes that cannot fit, found before solving, with the numbers.

A talk paper (its decision has minutes in ``[talks]``) needs its minutes in
one room of one talk session; talks in a room follow one another with the
changeover between them, so a room-session of ``L`` minutes holds talks whose
minutes plus changeovers add up to at most ``L + changeover``.  Two checks
no plan can get around:

* **somewhere to go**: a talk whose pin, ``[[place]]`` rules and authors'
  absences leave it no talk session and room;
* **room-minutes**: for every set of room-sessions that some talks are
  confined to (by pins, ``[[place]]`` rules or their authors' absences), the
  minutes those talks need against the room-minutes there (Hall's condition
  on each such set: necessary, cheap, and it names the sessions);
* **speakers**: a speaker (the paper's presenter) gives one talk at a time, so
  nobody can give more talks than the separate talk times they can attend.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from planner.people.inputs import Inputs
from planner.people.windows import min_pairs, separate_times
from planner.read.conference import Paper, Pin, Venue


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


Cell = tuple[str, str]  # (talk session, room with seats)


def talk_cells_for(inputs: Inputs, paper: Paper, pin: Pin | None = None) -> list[Cell]:
    """The (talk session, room) the paper's talk may take, in venue order.

    Its authors' absences take out sessions, its ``[[place]]`` rules as they
    bind talks take out rooms and sessions, and a talk pin keeps its session
    (and room).
    """
    index = inputs.index
    away: set[str] = set()
    for key in index.paper_people.get(paper.id, []):
        away |= index.unavailable.get(key, set())
    places = inputs.resolved_talk_places()
    out = []
    for s in inputs.venue.talk_sessions:
        if s.id in away or (pin is not None and pin.session != s.id):
            continue
        for room in places.rooms_for(paper.id, s.id):
            if pin is None or pin.room is None or pin.room == room:
                out.append((s.id, room))
    return out


def talk_findings(inputs: Inputs) -> list[tuple[str, str]]:
    """(rule, message) for each talk programme no plan can get around."""
    talks = talks_of(inputs)
    if not talks:
        return []
    pins = {p.paper: p for p in inputs.venue.talk_pins}
    cells = {
        t.paper.id: frozenset(talk_cells_for(inputs, t.paper, pins.get(t.paper.id))) for t in talks
    }
    return [
        *_nowhere(talks, cells),
        *_room_minutes(inputs, talks, cells),
        *_speakers(inputs, talks),
    ]


def _nowhere(talks: list[Talk], cells: dict[str, frozenset[Cell]]) -> list[tuple[str, str]]:
    return [
        (
            "talk-place",
            f"the talk of paper {t.paper.id} may use no talk session and room: its pin, "
            "its [[place]] rules and its authors' absences leave none. Loosen one of them.",
        )
        for t in talks
        if not cells[t.paper.id]
    ]


def _room_minutes(
    inputs: Inputs, talks: list[Talk], cells: dict[str, frozenset[Cell]]
) -> list[tuple[str, str]]:
    """Hall's condition on each set of room-sessions some talks are confined to."""
    venue = inputs.venue
    change = venue.talks.changeover if venue.talks else 0
    length = {s.id: s.minutes + change for s in venue.talk_sessions}
    everywhere = frozenset(
        (s.id, r.id) for s in venue.talk_sessions for r in venue.talk_rooms_in(s.id)
    )
    out = []
    for allowed in sorted(set(cells.values()), key=lambda a: (-len(a), sorted(a))):
        if not allowed:
            continue
        inside = [t for t in talks if cells[t.paper.id] <= allowed]
        need = sum(t.minutes + change for t in inside)
        have = sum(length[s] for s, _ in allowed)
        if need <= have:
            continue
        where = (
            "the talk sessions"
            if allowed == everywhere
            else f"{_cells_text(venue, allowed)} (pins, [[place]] rules or absences keep "
            "them there)"
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


def _cells_text(venue: Venue, cells: frozenset[Cell], most: int = 6) -> str:
    """ "talk sessions oral-1 (hall-a, hall-b), oral-2 (hall-a)", the first ``most`` sessions."""
    rooms: dict[str, list[str]] = defaultdict(list)
    for s, r in cells:
        rooms[s].append(r)
    order = [s.id for s in venue.talk_sessions if s.id in rooms]
    every = {s: [r.id for r in venue.talk_rooms_in(s)] for s in order}
    parts = [
        s if sorted(rooms[s]) == sorted(every[s]) else f"{s} ({', '.join(sorted(rooms[s]))})"
        for s in order[:most]
    ]
    more = f" and {len(order) - most} more" if len(order) > most else ""
    return f"talk session{'s' if len(order) > 1 else ''} {', '.join(parts)}{more}"


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


def talk_clash_bound(inputs: Inputs) -> int:
    """Fewest shared-author talk overlaps any plan can have, as the talk core counts them.

    A person (any author, the speaker too) with ``n`` talks who can be at
    ``w`` separate talk times (sessions that do not overlap, among those any
    of their talks may use) has at least the overlapping pairs of ``n`` talks
    spread evenly over ``w`` times: the argument of
    planner.prechecks.clash_bound, on talk sessions.
    """
    index, venue = inputs.index, inputs.venue
    pins = {p.paper: p for p in venue.talk_pins}
    talks_by: dict[str, list[Talk]] = defaultdict(list)
    for talk in talks_of(inputs):
        people = dict.fromkeys(index.paper_people.get(talk.paper.id, []))
        speaker = index.presenter.get(talk.paper.id)
        if speaker is not None:
            people.setdefault(speaker)
        for key in people:
            talks_by[key].append(talk)
    session = venue.talk_session_by_id
    bound = 0
    for mine in talks_by.values():
        if len(mine) < 2:
            continue
        usable = {s for t in mine for s, _ in talk_cells_for(inputs, t.paper, pins.get(t.paper.id))}
        bound += min_pairs(len(mine), len(separate_times(session[s] for s in usable)))
    return bound
