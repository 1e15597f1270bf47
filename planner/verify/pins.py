"""The ``pin`` check: every pin of the venue holds its session, room and board (or position).

A poster pin names a poster session and maybe a room and board; a talk pin
names a talk session and maybe a room with seats and a position in its
running order.

A pin a hand edit (in the workbook or the report) moved away from is noted,
not failed: the organizer moved it on purpose.
"""

from __future__ import annotations

import re

from planner.plan.records import Placement
from planner.read.conference import Room
from planner.verify.context import Check
from planner.verify.recount import board_label

# Placements pinned by a hand edit (in the workbook or the report) say so in their reason.
HAND_EDIT = "by a hand edit"


def pin_board_matches(text: str, pl: Placement, room: Room, pattern: str) -> bool:
    """Whether a pin's board ("A12", "12", or the venue's label format) names pl's board."""
    wanted = text.strip().casefold()
    if wanted in (
        pl.label.casefold(),
        (board_label(pattern, room.board_prefix, pl.board) or "").casefold(),
    ):
        return True
    rest = wanted
    prefix = room.board_prefix.casefold()
    if prefix and rest.startswith(prefix):
        rest = rest[len(prefix) :]
    return bool(re.fullmatch(r"\d+", rest)) and int(rest) == pl.board


def check_pins(check: Check) -> None:
    pattern = check.venue.rules.board_label
    for pin in check.venue.pins:
        pl = check.where.get(pin.paper)
        if pl is None:
            continue  # unplaced or misplaced: the placement rule says so
        wrong = []
        if pl.session != pin.session:
            wrong.append(f"session '{pin.session}'")
        if pin.room is not None and pl.room != pin.room:
            wrong.append(f"room '{pin.room}'")
        if (
            pin.board is not None
            and (pin.room is None or pl.room == pin.room)
            and not pin_board_matches(pin.board, pl, check.rooms[pl.room], pattern)
        ):
            wrong.append(f"board '{pin.board}'")
        if not wrong:
            continue
        if pl.status == "pinned" and HAND_EDIT in pl.reason:
            where = pl.reason.split(HAND_EDIT, 1)[1].strip()
            check.note(
                f"poster {pin.paper} is not where the venue pins it "
                f"({', '.join(wrong)}): a hand edit {where} moved it "
                f"to {check.at(pl)}"
            )
            continue
        check.add(
            "pin",
            f"poster {check.poster(pin.paper)} is pinned to "
            f"{', '.join(wrong)} but is at {check.at(pl)}",
        )


def check_talk_pins(check: Check) -> None:
    """Every talk pin of the venue holds its talk session, room and running-order position."""
    talk_of = {t.paper: t for t in check.plan.talks}
    for pin in check.venue.talk_pins:
        t = talk_of.get(pin.paper)
        if t is None:
            continue  # no talk at all: the talk check says so
        wrong = []
        if t.session != pin.session:
            wrong.append(f"talk session '{pin.session}'")
        if pin.room is not None and t.room != pin.room:
            wrong.append(f"room '{pin.room}'")
        if pin.position is not None and t.position != pin.position:
            wrong.append(f"position {pin.position}")
        if not wrong:
            continue
        at = f"talk session '{t.session}', room '{t.room}', position {t.position}"
        if t.status == "pinned" and HAND_EDIT in t.reason:
            check.note(
                f"talk {pin.paper} is not where the venue pins it ({', '.join(wrong)}): a hand "
                f"edit {t.reason.split(HAND_EDIT, 1)[1].strip()} moved it to {at}"
            )
            continue
        check.add(
            "pin", f"talk {check.poster(pin.paper)} is pinned to {', '.join(wrong)} but is at {at}"
        )
