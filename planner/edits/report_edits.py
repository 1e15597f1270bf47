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

The next ``planner plan`` keeps each poster where its entry says (a pin with
``source="report"``, exactly like a hand edit in the workbook), re-plans the
rest around them, and then archives the file with the outputs it replaced, so
an edit is read once; the plan itself keeps the pins on later reruns.

Edits from the workbook and from this file combine; the same poster (or the
same board) given two different places is an error naming both.  Anything
that cannot be used is an :class:`InputError` naming the file, the entry and
the fix.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import canonical_id
from planner.core.limits import show
from planner.edits.workbook_rows import _Lookup
from planner.plan.records import Placement, Plan
from planner.read.board_labels import board_label, board_number
from planner.read.conference import Pin, Room, Session, Venue

FILE = "edits.toml"
SOURCE = "report"
FORMAT = "poster-planner edits"
MAX_BYTES = 5 * 1024 * 1024  # far above any real file: one short entry per poster
TOP_KEYS = ("format", "revision", "conference", "unpin", "pins")
PIN_KEYS = ("paper", "session", "room", "board")
FIX_SAVE = "Save the edits again from the report (Save edits), or fix the entry by hand."


@dataclass
class ReportEdits:
    """What an ``edits.toml`` asks for, checked against the plan it edits."""

    path: Path
    pins: list[Pin] = field(default_factory=list)  # source "report"
    unpin: list[str] = field(default_factory=list)  # papers whose hand-edit pin is released
    where: dict[str, str] = field(default_factory=dict)  # paper -> "[[pins]] #2" / "unpin"
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


def _unknown_keys(
    table: dict[str, Any], known: tuple[str, ...], where: str, problems: Problems
) -> None:
    for key in table:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f"Did you mean '{near[0]}'?" if near else f"Known keys: {', '.join(known)}."
            problems.add(where, f"unknown key '{show(str(key))}'", hint)


def _text(value: Any) -> str | None:
    """A TOML value given as text or a whole number, as text; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return value.strip()
    return None


class _Places:
    """Sessions and rooms by id or name, as the workbook read-back finds them."""

    def __init__(self, plan: Plan) -> None:
        self.sessions = _Lookup(plan.venue.sessions)
        self.rooms = _Lookup(plan.venue.rooms)


def _pin(
    entry: Any, n: int, plan: Plan, places: _Places, problems: Problems
) -> tuple[Pin, int | None] | None:
    """One [[pins]] entry as a pin and its board number (None: the planner chooses)."""
    where = f"[[pins]] #{n}"
    if not isinstance(entry, dict):
        problems.add(where, "the entry is not a table", FIX_SAVE)
        return None
    _unknown_keys(entry, PIN_KEYS, where, problems)
    venue = plan.venue
    placement = _pin_paper(entry, where, plan, problems)
    if placement is None:
        return None
    session = _pin_session(entry, where, venue, places, problems)
    if session is None:
        return None
    room_ok, room = _pin_room(entry, where, venue, session, places, problems)
    if not room_ok:
        return None
    board_ok, number = _pin_board(entry, where, venue, session, room, problems)
    if not board_ok:
        return None
    label = (
        board_label(room.board_prefix, number, venue.rules.board_label)
        if room is not None and number is not None
        else None
    )
    return Pin(
        paper=placement.paper,
        session=session.id,
        room=room.id if room else None,
        board=label,
        source=SOURCE,
    ), number


def _pin_paper(entry: dict, where: str, plan: Plan, problems: Problems) -> Placement | None:
    """The placement of the entry's paper; None (a problem added) if it has none."""
    paper = _text(entry.get("paper"))
    if not paper:
        problems.add(f"{where}, key 'paper'", "the entry names no paper", FIX_SAVE)
        return None
    placed = {canonical_id(pl.paper): pl for pl in plan.placements}
    placement = placed.get(canonical_id(paper))
    if placement is None:
        problems.add(
            f"{where}, key 'paper'",
            f"paper '{show(paper)}' is not placed in this plan (revision {plan.revision})",
            "Remove the entry: only placed posters can be pinned.",
        )
        return None
    return placement


def _pin_session(
    entry: dict, where: str, venue: Venue, places: _Places, problems: Problems
) -> Session | None:
    """The entry's session; None (a problem added) if it names none or several."""
    session_text = _text(entry.get("session"))
    session: Session | None = None
    why = "unknown"
    if session_text:
        session, why = places.sessions.find(session_text)
    if session is None:
        what = (
            f"'{show(session_text)}' names more than one session"
            if session_text and why == "ambiguous"
            else f"there is no session '{show(session_text or '')}'"
        )
        problems.add(
            f"{where}, key 'session'",
            what,
            "Use a session id: " + ", ".join(s.id for s in venue.sessions) + ".",
        )
        return None
    return session


def _pin_room(
    entry: dict, where: str, venue: Venue, session: Session, places: _Places, problems: Problems
) -> tuple[bool, Room | None]:
    """Whether the entry's room can be used (a problem added if not), and the room if given."""
    room: Room | None = None
    room_text = _text(entry.get("room"))
    if "room" in entry:
        if room_text:
            room, _ = places.rooms.find(room_text)
        if room is None:
            problems.add(
                f"{where}, key 'room'",
                f"there is no room '{show(room_text or '')}'",
                "Use a room id: " + ", ".join(r.id for r in venue.rooms) + ".",
            )
            return False, None
        if not room.is_open(session.id):
            problems.add(
                f"{where}, key 'room'",
                f"{room.name} is not open in {session.name}",
                "Pick a room open in that session: "
                + ", ".join(r.id for r in venue.rooms_in(session.id))
                + ".",
            )
            return False, None
    return True, room


def _pin_board(
    entry: dict, where: str, venue: Venue, session: Session, room: Room | None, problems: Problems
) -> tuple[bool, int | None]:
    """Whether the entry's board can be used (a problem added if not), and its number if given."""
    board_text = _text(entry.get("board")) if "board" in entry else None
    number = None
    if board_text:
        if room is None:
            problems.add(
                f"{where}, key 'board'",
                "a board needs a room",
                "Give the room too, or leave the board out.",
            )
            return False, None
        count = room.board_count(session.id)
        number = board_number(board_text, room.board_prefix, venue.rules.board_label, count)
        if number is None or not 1 <= number <= count:
            first = board_label(room.board_prefix, 1, venue.rules.board_label)
            last = board_label(room.board_prefix, count, venue.rules.board_label)
            problems.add(
                f"{where}, key 'board'",
                f"board '{show(board_text)}' is not a board of {room.name} in {session.name}",
                f"Use a board from {first} to {last}, or leave the board out to let "
                "the planner choose.",
            )
            return False, None
    elif "board" in entry:
        problems.add(
            f"{where}, key 'board'",
            "the board is empty",
            "Give a board label or number, or leave the key out.",
        )
        return False, None
    return True, number


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
    places = _Places(plan)
    entries = data.get("pins", [])
    if not isinstance(entries, list):
        problems.add("key 'pins'", "pins is not a list of [[pins]] tables", FIX_SAVE)
        entries = []
    boards: dict[tuple[str, str, int], tuple[str, str]] = {}
    for n, entry in enumerate(entries, 1):
        found = _pin(entry, n, plan, places, problems)
        if found is None:
            continue
        pin, number = found
        here = f"[[pins]] #{n}"
        if pin.paper in edits.where:
            problems.add(
                here,
                f"paper {pin.paper} is pinned again (first in {edits.where[pin.paper]})",
                "Keep one entry per paper.",
            )
            continue
        if number is not None and pin.room is not None:
            spot = (pin.session, pin.room, number)
            if spot in boards:
                problems.add(
                    f"{here}, key 'board'",
                    f"papers {boards[spot][0]} "
                    f"({boards[spot][1]}) and {pin.paper} are both on board "
                    f"{pin.board}",
                    "Move one of them to a free board.",
                )
                continue
            boards[spot] = (pin.paper, here)
        edits.where[pin.paper] = here
        edits.pins.append(pin)
    _read_unpins(data.get("unpin", []), plan, edits, problems)
    problems.raise_if_any()
    return edits


def _read_unpins(raw: Any, plan: Plan, edits: ReportEdits, problems: Problems) -> None:
    from planner.plan.assemble import HAND_EDIT_PINS

    if not isinstance(raw, list):
        problems.add(
            "key 'unpin'", "unpin is not a list of paper ids", 'Write unpin = ["3608", "3612"].'
        )
        return
    placed = {canonical_id(pl.paper): pl for pl in plan.placements}
    venue_pins = {canonical_id(p.paper) for p in plan.venue.pins}
    for value in raw:
        text = _text(value)
        pl = placed.get(canonical_id(text)) if text else None
        if pl is None:
            problems.add(
                "key 'unpin'",
                f"paper '{show(str(value))}' is not placed in this plan",
                "Remove it from the list.",
            )
            continue
        if pl.paper in edits.where:
            problems.add(
                "key 'unpin'",
                f"paper {pl.paper} is both pinned ({edits.where[pl.paper]}) and unpinned",
                "Keep one of the two.",
            )
            continue
        if canonical_id(pl.paper) in venue_pins and pl.reason not in HAND_EDIT_PINS:
            problems.add(
                "key 'unpin'",
                f"paper {pl.paper} is pinned by the venue file",
                "Remove its [[pins]] entry from the venue file instead.",
            )
            continue
        if pl.reason not in HAND_EDIT_PINS:
            edits.notes.append(
                f"{edits.shown}: paper {pl.paper} is not pinned by a hand edit; "
                "unpinning it changes nothing."
            )
        edits.where[pl.paper] = "unpin"
        edits.unpin.append(pl.paper)


def _spot(venue: Venue, pin: Pin) -> tuple[str, str | None, int | None]:
    """Where a pin puts its poster: session, room and board number, as far as it says."""
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
    """Where a pin puts its poster, in the venue's names ("Wed PM / Hall B / B3")."""
    room = venue.room_by_id[pin.room].name if pin.room else "any room"
    board = f" / {pin.board}" if pin.board else ""
    return f"{venue.session_by_id[pin.session].name} / {room}{board}"


def combine(
    edits: ReportEdits, workbook: list[tuple[Pin, int]], workbook_shown: str, plan: Plan
) -> list[Pin]:
    """The hand-edit pins of the workbook and the edits file together.

    The same poster given two different places, or one board given to two
    posters, is an error naming both files and where in them.
    """
    venue = plan.venue
    problems = Problems(edits.shown)
    mine = {p.paper: p for p in edits.pins}
    board_of: dict[tuple[str, str, int], str] = {}
    for pin in edits.pins:
        s, r, b = _spot(venue, pin)
        if r is not None and b is not None:
            board_of[s, r, b] = pin.paper
    out: list[Pin] = []
    for pin, row in workbook:
        in_sheet = f"{workbook_shown} (sheet 'Placements', row {row})"
        other = mine.get(pin.paper)
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
                    edits.where[pin.paper],
                    f"paper {pin.paper} is put at {_said(venue, other)} "
                    f"here and at {_said(venue, pin)} in {in_sheet}",
                    "Keep one of the two: undo the row in the workbook or remove the entry here.",
                )
            continue
        s, r, b = _spot(venue, pin)
        taken = board_of.get((s, r, b)) if r is not None and b is not None else None
        if taken is not None:
            problems.add(
                edits.where[taken],
                f"paper {taken} is put on board {_said(venue, mine[taken])} "
                f"here, and paper {pin.paper} on the same board in {in_sheet}",
                "Move one of them to another board.",
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
