"""Pins in force on a run: the venue's, hand edits from earlier runs, and new ones.

A hand edit (a moved row of the workbook, an entry of the report's
edits.toml) becomes a pin and stays one on later reruns; a venue pin that is
new or changed since it was made takes over again, and the report's unpin
lets go of it.  Talks follow the same rules, with their own pins.
"""

from __future__ import annotations

from planner.people.inputs import Inputs
from planner.plan.assemble import HAND_EDIT_PINS
from planner.plan.records import Plan
from planner.prechecks.talks import talks_of
from planner.read.conference import Pin


def _pins(
    inputs: Inputs, extra: list[Pin], previous: Plan | None, released: frozenset[str] = frozenset()
) -> dict[str, Pin]:
    """Pins in force: the venue's, hand edits from earlier runs, and new hand edits.

    A hand edit (a moved row of the workbook, an entry of the report's
    edits.toml) stays pinned on later reruns: the next outputs show the poster
    where the organizer put it, so it no longer reads as an edit.  A venue pin
    that is new or changed since the previous plan wins over an older hand
    edit; a new hand edit wins over everything; ``released`` (the report's
    unpin) lets go of earlier hand edits.
    """
    pins = {p.paper: p for p in inputs.venue.pins}
    if previous is not None:
        earlier = [
            Pin(paper=pl.paper, session=pl.session, room=pl.room, board=pl.label, source=s)
            for pl in previous.placements
            if (s := HAND_EDIT_PINS.get(pl.reason)) is not None
        ]
        _keep_hand_edits(pins, previous.venue.pins, earlier, released)
    talk_sessions = {s.id for s in inputs.venue.talk_sessions}
    for pin in extra:
        if pin.session not in talk_sessions:
            pins[pin.paper] = pin
    accepted = {p.id for p in inputs.accepted}
    return {k: v for k, v in pins.items() if k in accepted}


def _keep_hand_edits(
    pins: dict[str, Pin], old_venue: list[Pin], earlier: list[Pin], released: frozenset[str]
) -> None:
    """Adds to the venue's ``pins`` the earlier hand edits still in force.

    An edit gives way to a venue pin that is new or changed since it was made,
    and to the report's unpin (``released``).
    """
    before = {p.paper: p for p in old_venue}
    for pin in earlier:
        venue_pin = pins.get(pin.paper)
        if pin.paper in released or (venue_pin is not None and before.get(pin.paper) != venue_pin):
            continue
        pins[pin.paper] = pin


def _talk_pins(
    inputs: Inputs, extra: list[Pin], previous: Plan | None, released: frozenset[str]
) -> dict[str, Pin]:
    """Talk pins in force, by the rules of :func:`_pins`."""
    pins = {p.paper: p for p in inputs.venue.talk_pins}
    if previous is not None:
        # An earlier hand edit keeps its talk in its session and room; its place in
        # the order is the rerun's to keep (the order closes up around withdrawn talks,
        # which a pinned position would not let it do).
        earlier = [
            Pin(paper=t.paper, session=t.session, room=t.room, source=s)
            for t in previous.talks
            if (s := HAND_EDIT_PINS.get(t.reason)) is not None
        ]
        _keep_hand_edits(pins, previous.venue.talk_pins, earlier, released)
    talk_sessions = {s.id for s in inputs.venue.talk_sessions}
    for pin in extra:
        if pin.session in talk_sessions:
            pins[pin.paper] = pin
    talkers = {t.paper.id for t in talks_of(inputs)}
    return {k: v for k, v in pins.items() if k in talkers}


def pins_in_force(
    inputs: Inputs, extra: list[Pin], previous: Plan | None, released: frozenset[str]
) -> tuple[dict[str, Pin], dict[str, Pin]]:
    """(poster pins, talk pins) in force: :func:`_pins` and :func:`_talk_pins`."""
    return _pins(inputs, extra, previous, released), _talk_pins(inputs, extra, previous, released)
