"""Step 5a: the talk programme, planned before the posters from the same inputs.

Talks are the second kind of placement (docs/architecture.md, "Two kinds of
placement").  This module turns the read inputs into the talk core's terms
(planner.model.talks): a talk item per paper whose decision has minutes in
``[talks]``, its speaker (the paper's presenter, hand-overs and
``[presenters]`` applied) and authors as person keys, the (session, room)
cells its pin, ``[[place]]`` rules and authors' absences leave it
(planner.prechecks.talks.talk_cells_for), and where the previous plan had it; a talk slot
per ``kind = "talks"`` session with its rooms with seats.  Talks go first
because they are fewer and pinned to exact minutes: each speaker's talk times
then bar the poster sessions that overlap them for the posters they present
(constraints.speakers).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from planner.core.errors import InfeasibleError
from planner.model.talks import TalkPlan, plan_talks
from planner.model.talks_instance import TalkItem, TalksInfeasible, TalkSlot
from planner.people.inputs import Inputs
from planner.prechecks.talks import talk_cells_for, talks_of
from planner.read.conference import Pin
from planner.topics.build import talk_rows

Previous = dict[str, tuple[str, str, int]]  # paper -> (session, room, position)


def talk_items(inputs: Inputs, previous: Previous, pins: dict[str, Pin]) -> list[TalkItem]:
    """The talks to place, in paper order, each with the cells it may take."""
    index = inputs.index
    items = []
    for talk in talks_of(inputs):
        pid = talk.paper.id
        speaker = index.presenter.get(pid)
        pin = pins.get(pid)
        cells = frozenset(talk_cells_for(inputs, talk.paper, pin))
        items.append(
            TalkItem(
                paper=pid,
                minutes=talk.minutes,
                speakers=(speaker,) if speaker is not None else (),
                authors=tuple(dict.fromkeys(index.paper_people.get(pid, []))),
                allowed=frozenset(s for s, _ in cells),
                previous=previous.get(pid),
                pinned_room=pin.room if pin is not None else None,
                pinned_position=pin.position if pin is not None else None,
                allowed_cells=cells,
            )
        )
    return items


def talk_slots(inputs: Inputs) -> list[TalkSlot]:
    venue = inputs.venue
    return [
        TalkSlot(s.id, s.start, s.end, tuple(r.id for r in venue.talk_rooms_in(s.id)))
        for s in venue.talk_sessions
    ]


def plan_programme_talks(
    inputs: Inputs,
    previous: Previous,
    seed: int,
    time_limit: float,
    pins: dict[str, Pin] | None = None,
) -> TalkPlan | None:
    """The talks placed; None when the venue has no talks or no paper gives one.

    ``pins``: paper -> its talk pin (the venue's, and hand edits); the venue's by default.
    """
    venue = inputs.venue
    if pins is None:
        pins = {p.paper: p for p in venue.talk_pins}
    items = talk_items(inputs, previous, pins)
    if venue.talks is None or not items:
        return None
    by_id = inputs.paper_by_id
    vectors = talk_rows([by_id[item.paper] for item in items])
    try:
        return plan_talks(
            items, talk_slots(inputs), vectors, venue.talks.changeover, seed, time_limit
        )
    except TalksInfeasible as exc:
        raise InfeasibleError([f"(talks) {exc.message}"]) from None


def speakers_busy(
    inputs: Inputs, talks: TalkPlan | None
) -> dict[str, list[tuple[datetime, datetime]]]:
    """Person key -> the (start, end) of each talk they give, for the poster stage."""
    busy: dict[str, list[tuple[datetime, datetime]]] = defaultdict(list)
    if talks is None:
        return {}
    presenter = inputs.index.presenter
    for placed in talks.placements:
        key = presenter.get(placed.paper)
        if key is not None:
            busy[key].append((placed.start, placed.end))
    return dict(busy)


def talk_sites(inputs: Inputs, talks: TalkPlan | None) -> dict[str, set[str | None]]:
    """Person key -> the sites of the talks they give (constraints.sites keeps their
    posters there); empty without [[sites]]."""
    if talks is None or not inputs.venue.sites:
        return {}
    sessions = inputs.venue.talk_session_by_id
    out: dict[str, set[str | None]] = defaultdict(set)
    for placed in talks.placements:
        key = inputs.index.presenter.get(placed.paper)
        if key is not None and placed.session in sessions:
            out[key].add(sessions[placed.session].site)
    return dict(out)
