"""Hand edits made in ``report.html``, read back from ``edits.toml`` in the plan folder.

A chair who turns editing on in the report drags posters to other boards,
rooms or sessions, swaps them, pins or unpins them, and saves the result as
``edits.toml`` (a download to put beside ``plan.json``).  The file is small,
human-readable TOML in the venue file's own words::

    format = "poster-planner edits"
    revision = 3                  # the plan revision the edits were made on
    unpin = ["3612"]              # hand-edit pins to release

    [[pins]]                      # one per poster kept where the chair put it
    paper = "3608"
    session = "wed-aft"           # id or name
    room = "grand-b"              # id or name; optional
    board = "B3"                  # label or number; optional: the planner chooses

    [[pins]]                      # a talk: an entry naming a talk session
    paper = "3620"
    session = "oral-tue-am"
    room = "hall-a"               # a room with seats
    position = 2                  # its place in the room's running order

The next ``planner plan`` keeps each poster where its entry says (a pin with
``source="report"``, exactly like a hand edit in the workbook), re-plans the
rest around them, and then archives the file with the outputs it replaced, so
an edit is read once; the plan itself keeps the pins on later reruns.

A paper may have one poster pin and one talk pin (each entry is read by
:mod:`planner.edits.report_pins`); ``unpin`` names papers, and releases a
paper's hand-edit pins, poster and talk, together.  Edits from the workbook
and from this file combine; the same poster (or the same board) given two
different places is an error naming both, as are two talks given one place
in a running order.  Anything that cannot be used is an :class:`InputError`
naming the file, the entry and the fix.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import show
from planner.edits.report_pins import FIX_SAVE, PIN_KEYS, SOURCE, Places, read_entry
from planner.edits.report_pins import text_of as _text
from planner.edits.report_pins import unknown_keys as _unknown_keys
from planner.plan.records import Placement, Plan, TalkRecord
from planner.read.board_labels import board_number
from planner.read.conference import Pin, Venue

FILE = "edits.toml"
FORMAT = "poster-planner edits"
MAX_BYTES = 5 * 1024 * 1024  # far above any real file: one short entry per poster
TOP_KEYS = ("format", "revision", "conference", "unpin", "pins")
# Each [[pins]] entry is read by planner.edits.report_pins (PIN_KEYS, SOURCE, FIX_SAVE).
__all__ = ["FILE", "FIX_SAVE", "PIN_KEYS", "SOURCE", "ReportEdits", "combine", "read_edits"]


@dataclass
class ReportEdits:
    """What an ``edits.toml`` asks for, checked against the plan it edits."""

    path: Path
    pins: list[Pin] = field(default_factory=list)  # source "report"
    unpin: list[str] = field(default_factory=list)  # papers whose hand-edit pin is released
    where: dict[str, str] = field(default_factory=dict)  # paper -> "[[pins]] #2" / "unpin"
    talk_where: dict[str, str] = field(default_factory=dict)  # paper -> its talk pin's entry
    notes: list[str] = field(default_factory=list)
    digest: str = ""  # of the bytes read: the file is archived only if it did not change

    @property
    def shown(self) -> str:
        return display_path(self.path)


def file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def _read_toml(path: Path, shown: str) -> tuple[dict[str, Any], str]:
    if path.is_symlink() or not path.is_file():
        raise InputError(
            Problem(
                shown,
                "",
                "the edits file is a symbolic link or not a file",
                "Put the edits.toml the report saved into the plan folder itself.",
            )
        )
    if path.stat().st_size > MAX_BYTES:
        raise InputError(
            Problem(
                shown,
                "",
                f"the edits file is larger than {MAX_BYTES:,} bytes",
                "Save the edits again from the report.",
            )
        )
    data = path.read_bytes()
    try:
        return tomllib.loads(data.decode("utf-8-sig")), hashlib.sha256(data).hexdigest()
    except UnicodeDecodeError:
        raise InputError(
            Problem(
                shown,
                "",
                "the edits file is not UTF-8 text",
                "Save it as UTF-8, or save the edits again from the report.",
            )
        ) from None
    except (tomllib.TOMLDecodeError, ValueError, RecursionError) as exc:
        raise InputError(
            Problem(shown, "", f"the edits file is not valid TOML ({exc})", FIX_SAVE)
        ) from None


def read_edits(path: Path, plan: Plan) -> ReportEdits:
    """The edits in ``path`` (an ``edits.toml``), checked against ``plan``."""
    shown = display_path(path)
    data, digest = _read_toml(path, shown)
    problems = Problems(shown)
    _unknown_keys(data, TOP_KEYS, "", problems)
    edits = ReportEdits(path=path, digest=digest)
    fmt = data.get("format", FORMAT)
    if fmt != FORMAT:
        problems.add(
            "key 'format'",
            f"'{show(str(fmt))}' is not an edits file of this planner",
            f'Use format = "{FORMAT}", as the report writes it.',
        )
    revision = data.get("revision")
    if revision is not None and (not isinstance(revision, int) or isinstance(revision, bool)):
        problems.add("key 'revision'", "the revision is not a whole number", FIX_SAVE)
    elif revision is not None and revision != plan.revision:
        edits.notes.append(
            f"{shown} was made on revision {revision} of the plan; the plan "
            f"is at revision {plan.revision}, and its edits are applied to it."
        )
    entries = data.get("pins", [])
    if not isinstance(entries, list):
        problems.add("key 'pins'", "pins is not a list of [[pins]] tables", FIX_SAVE)
        entries = []
    _read_pins(entries, plan, edits, problems)
    _read_unpins(data.get("unpin", []), plan, edits, problems)
    problems.raise_if_any()
    return edits


def _read_pins(entries: list[Any], plan: Plan, edits: ReportEdits, problems: Problems) -> None:
    """Each [[pins]] entry as a pin: one poster pin and one talk pin per paper at most, one
    poster per board and one talk per place in a room's running order."""
    places = Places(plan)
    boards: dict[tuple[str, str, int], tuple[str, str]] = {}
    spots: dict[tuple[str, str, int], tuple[str, str]] = {}
    for n, entry in enumerate(entries, 1):
        found = read_entry(entry, n, plan, places, problems)
        if found is None:
            continue
        pin, number = found
        here = f"[[pins]] #{n}"
        talk = pin.session in plan.venue.talk_session_by_id
        where = edits.talk_where if talk else edits.where
        if pin.paper in where:
            problems.add(
                here,
                f"paper {pin.paper} is pinned again (first in {where[pin.paper]})",
                "Keep one entry per paper"
                + (" for its talk." if talk else " (one for its poster, one for its talk)."),
            )
            continue
        if not _free_spot(plan, pin, number, here, boards if not talk else spots, problems):
            continue
        where[pin.paper] = here
        edits.pins.append(pin)


def _free_spot(
    plan: Plan,
    pin: Pin,
    number: int | None,
    here: str,
    taken: dict[tuple[str, str, int], tuple[str, str]],
    problems: Problems,
) -> bool:
    """Whether the pin's board (a poster) or place in a running order (a talk) is its alone;
    ``taken`` gains it."""
    at = pin.position if pin.position is not None else number
    if at is None or pin.room is None:
        return True
    spot = (pin.session, pin.room, at)
    if spot not in taken:
        taken[spot] = (pin.paper, here)
        return True
    other, other_where = taken[spot]
    if pin.position is None:
        problems.add(
            f"{here}, key 'board'",
            f"papers {other} ({other_where}) and {pin.paper} are both on board {pin.board}",
            "Move one of them to a free board.",
        )
        return False
    venue = plan.venue
    room, session = venue.talk_room_by_id[pin.room], venue.talk_session_by_id[pin.session]
    problems.add(
        f"{here}, key 'position'",
        f"papers {other} ({other_where}) and {pin.paper} are both talk {at} of {room.name} "
        f"in {session.name}",
        "Give one of them another position.",
    )
    return False


def _read_unpins(raw: Any, plan: Plan, edits: ReportEdits, problems: Problems) -> None:
    """The papers whose hand-edit pins are released: a paper's poster pin and talk pin go
    together (the report writes one list of papers)."""
    if not isinstance(raw, list):
        problems.add(
            "key 'unpin'", "unpin is not a list of paper ids", 'Write unpin = ["3608", "3612"].'
        )
        return
    places = Places(plan)
    for value in raw:
        text = _text(value)
        pl = places.placed.get(canonical_id(text)) if text else None
        talk = places.talks.get(canonical_id(text)) if text else None
        if pl is None and talk is None:
            problems.add(
                "key 'unpin'",
                f"paper '{show(str(value))}' is not placed in this plan",
                "Remove it from the list.",
            )
            continue
        paper = pl.paper if pl is not None else talk.paper if talk is not None else ""
        pinned = edits.where.get(paper) or edits.talk_where.get(paper)
        if pinned:
            problems.add(
                "key 'unpin'",
                f"paper {paper} is both pinned ({pinned}) and unpinned",
                "Keep one of the two.",
            )
            continue
        if not _releasable(plan, paper, pl, talk, edits, problems):
            continue
        edits.where[paper] = "unpin"
        edits.unpin.append(paper)


def _releasable(
    plan: Plan,
    paper: str,
    pl: Placement | None,
    talk: TalkRecord | None,
    edits: ReportEdits,
    problems: Problems,
) -> bool:
    """Whether unpinning a paper can be done: not while only the venue file pins it (a
    problem added); a note when no hand edit pins it (nothing to release)."""
    from planner.plan.assemble import HAND_EDIT_PINS

    hand = (pl is not None and pl.reason in HAND_EDIT_PINS) or (
        talk is not None and talk.status == "pinned" and talk.reason in HAND_EDIT_PINS
    )
    venue_pins = {canonical_id(p.paper) for p in plan.venue.pins}
    by_venue = (
        pl is not None and canonical_id(pl.paper) in venue_pins and pl.reason not in HAND_EDIT_PINS
    ) or (talk is not None and talk.status == "pinned" and talk.reason not in HAND_EDIT_PINS)
    if by_venue and not hand:
        problems.add(
            "key 'unpin'",
            f"paper {paper} is pinned by the venue file",
            "Remove its [[pins]] entry from the venue file instead.",
        )
        return False
    if not hand:
        edits.notes.append(
            f"{edits.shown}: paper {paper} is not pinned by a hand edit; "
            "unpinning it changes nothing."
        )
    return True


def _spot(venue: Venue, pin: Pin) -> tuple[str, str | None, int | None]:
    """Where a pin puts its paper: session, room and board number (or talk position)."""
    if pin.session in venue.talk_session_by_id:
        return pin.session, pin.room, pin.position
    if pin.room is None or pin.board is None:
        return pin.session, pin.room, None
    room = venue.room_by_id[pin.room]
    return (
        pin.session,
        pin.room,
        board_number(
            pin.board, room.board_prefix, venue.rules.board_label, room.board_count(pin.session)
        ),
    )


def _said(venue: Venue, pin: Pin) -> str:
    """Where a pin puts its paper, in the venue's names ("Wed PM / Hall B / B3")."""
    talk = venue.talk_session_by_id.get(pin.session)
    if talk is not None:
        room = venue.talk_room_by_id[pin.room].name if pin.room else "any room"
        place = f" / position {pin.position}" if pin.position else ""
        return f"talk {talk.name} / {room}{place}"
    room = venue.room_by_id[pin.room].name if pin.room else "any room"
    board = f" / {pin.board}" if pin.board else ""
    return f"{venue.session_by_id[pin.session].name} / {room}{board}"


def combine(
    edits: ReportEdits, workbook: list[tuple[Pin, int]], workbook_shown: str, plan: Plan
) -> list[Pin]:
    """The hand-edit pins of the workbook and the edits file together.

    The same poster (or talk) given two different places, or one board (or
    place in a running order) given to two papers, is an error naming both
    files and where in them.  A paper's poster and talk are pinned apart.
    """
    venue = plan.venue
    problems = Problems(edits.shown)
    mine = {(p.paper, p.session in venue.talk_session_by_id): p for p in edits.pins}
    board_of: dict[tuple[str, str, int], str] = {}
    for pin in edits.pins:
        s, r, b = _spot(venue, pin)
        if r is not None and b is not None:
            board_of[s, r, b] = pin.paper
    out: list[Pin] = []
    for pin, row in workbook:
        talk = pin.session in venue.talk_session_by_id
        in_sheet = f"{workbook_shown} (sheet '{'Talks' if talk else 'Placements'}', row {row})"
        other = mine.get((pin.paper, talk))
        entry = edits.talk_where if talk else edits.where
        if pin.paper in edits.unpin:
            problems.add(
                "key 'unpin'",
                f"paper {pin.paper} is unpinned here but moved to {_said(venue, pin)} in "
                f"{in_sheet}",
                "Keep one of the two: undo the row in the workbook or take the paper out of unpin.",
            )
            continue
        if other is not None:
            if _spot(venue, other) != _spot(venue, pin):
                problems.add(
                    entry[pin.paper],
                    f"paper {pin.paper} is put at {_said(venue, other)} "
                    f"here and at {_said(venue, pin)} in {in_sheet}",
                    "Keep one of the two: undo the row in the workbook or remove the entry here.",
                )
            continue
        s, r, b = _spot(venue, pin)
        taken = board_of.get((s, r, b)) if r is not None and b is not None else None
        if taken is not None:
            what = "position" if talk else "board"
            problems.add(
                entry[taken],
                f"paper {taken} is put on {what} {_said(venue, mine[taken, talk])} "
                f"here, and paper {pin.paper} on the same {what} in {in_sheet}",
                f"Move one of them to another {what}.",
            )
            continue
        out.append(pin)
    problems.raise_if_any()
    return out + edits.pins


def archive_edits(edits: ReportEdits, archive: Path) -> str:
    """Moves a used edits file into the archive entry of the outputs it replaced.

    Only the bytes that were read are archived: a file saved again while the
    run was planning is left for the next run (and the message says so).
    """
    path = edits.path
    if file_digest(path) != edits.digest:
        return (
            f"{edits.shown} changed while the plan was being made; it was left in place "
            "for the next run."
        )
    try:
        archive.mkdir(parents=True, exist_ok=True)
        os.replace(path, archive / FILE)
    except OSError as exc:
        return (
            f"{edits.shown} could not be moved into {display_path(archive)} "
            f"({exc.strerror or exc}); move it away by hand, or the next run reads it again."
        )
    return f"{edits.shown} was applied and moved to {display_path(archive / FILE)}."
