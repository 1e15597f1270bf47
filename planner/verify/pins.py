"""The ``pin`` check: every pin of the venue holds its session, room and board.

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
