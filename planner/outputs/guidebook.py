"""``guidebook.csv``: the programme for Guidebook's schedule import (Builder, "Schedule").

One row per poster and one per talk, under exactly the header of Guidebook's
schedule template (:data:`HEADER`, joined by commas): ``Session Title``,
``Date``, ``Time Start``, ``Time End``, ``Room/Location``, ``Schedule Track
(Optional)``, ``Description (Optional)``.

- **Session Title** is the paper's title.
- **Date** is ``MM/DD/YYYY`` and **Time Start** / **Time End** ``hh:mm AM``,
  in the venue's local time (what the venue file says; Guidebook shows
  sessions in the guide's time zone).  Guidebook's own sample file writes
  ``4/21/2011`` and ``4:00 PM``; the zero-padded forms chosen here are the
  same dates and times to any reader of that template and keep the columns
  of equal width.  AM and PM are written by the planner, never by the
  locale.
- **Room/Location** is the room's name; a poster's board goes there too
  (``Hall C #A12``), since the template has no board column.
- **Schedule Track** is ``Posters`` or ``Talks`` and the paper's topic
  label, separated by ``; `` (how the template separates tracks; a ``;``
  inside a label becomes ``,``).
- **Description** is one line: the session, where the poster or talk is, the
  presenter or speaker, the authors, the paper's link and the abstract, in
  plain text.

A poster is at its session's times; a talk at its own start and end.  Rows
run session by session (by start), posters by room and board, talks by room
and running order.  The template has no id column, so the planner's paper
ids are not in this file and Guidebook cannot match a re-imported row to the
session an earlier import made (see the README, "Where the plan goes").

The file is UTF-8 without a byte-order mark (the header must be exactly the
template's, and a BOM would sit in front of its first name) with CRLF line
ends.  Cells are guarded like ``placements.csv``'s
(:func:`planner.outputs.placements_csv.cell`): a cell starting with ``=``,
``+``, ``-``, ``@`` or a tab gets a leading ``'`` so a spreadsheet never runs
it as a formula, and line breaks become spaces.  The same plan always gives
the same bytes.

:func:`programme` (every session of the plan with its posters or talks, in
the order the apps list them) and the date, time and place helpers are shared
with the other app exports (:mod:`planner.outputs.whova`,
:mod:`planner.outputs.acl_order`).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from planner.core.text import xml_safe
from planner.outputs.folder import write_text
from planner.outputs.placements_csv import cell
from planner.plan.records import PaperRecord, Plan
from planner.read.conference import Room, Session

FILE = "guidebook.csv"
HEADER = [
    "Session Title",
    "Date",
    "Time Start",
    "Time End",
    "Room/Location",
    "Schedule Track (Optional)",
    "Description (Optional)",
]
POSTERS, TALKS = "Posters", "Talks"  # the track of every poster and every talk
Kind = Literal["poster", "talk"]


def one_line(text: str | None) -> str:
    """Text on one line: what no output can carry dropped, every run of white space one space."""
    text = text or ""
    if not text.isprintable():  # printable text holds nothing xml_safe drops: skip its scan
        text = xml_safe(text)
    return " ".join(text.split())


def us_date(moment: datetime) -> str:
    """``MM/DD/YYYY``."""
    return f"{moment.month:02d}/{moment.day:02d}/{moment.year:04d}"


def clock(moment: datetime) -> str:
    """``hh:mm AM`` (12-hour clock; midnight is 12:00 AM, noon 12:00 PM), whatever the locale."""
    hour = moment.hour % 12 or 12
    return f"{hour:02d}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def board_place(room: str, label: str) -> str:
    """Where a poster stands: the room's name and the board, ``Hall C #A12``."""
    return f"{one_line(room)} #{one_line(label)}"


def track(text: str) -> str:
    """A track name that a ``; ``-separated list keeps whole."""
    return one_line(text).replace(";", ",")


@dataclass(frozen=True)
class Item:
    """A poster or a talk as a conference app lists it."""

    kind: Kind
    paper: PaperRecord
    session: Session
    room: Room
    start: datetime  # naive, venue local time: the session's for a poster, its own for a talk
    end: datetime
    place: str  # "Hall C #A12" for a poster, the room's name for a talk
    label: str  # the poster's board label ("" for a talk)
    where: str  # "Board A12, Hall C" or "Talk 2, Auditorium", for descriptions
    topic: str  # the topic label ("" when the plan has none for it)
    person: str | None  # person key of the presenter or speaker


@dataclass(frozen=True)
class Block:
    """One session of the programme with its items, in app order."""

    kind: Kind
    session: Session
    items: list[Item]


def _posters(plan: Plan, topics: dict[int, str]) -> dict[str, list[Item]]:
    """Session id -> its posters, by room (the venue's order), board and paper id."""
    venue, papers = plan.venue, plan.paper_by_id
    order = {r.id: i for i, r in enumerate(venue.rooms)}
    out: dict[str, list[Item]] = {}
    for pl in sorted(plan.placements, key=lambda p: (order[p.room], p.board, p.paper)):
        session, room = venue.session_by_id[pl.session], venue.room_by_id[pl.room]
        paper = papers[pl.paper]
        item = Item(
            "poster",
            paper,
            session,
            room,
            session.start,
            session.end,
            board_place(room.name, pl.label),
            one_line(pl.label),
            f"Board {one_line(pl.label)}, {one_line(room.name)}",
            topics.get(pl.topic, ""),
            paper.presenter,
        )
        out.setdefault(pl.session, []).append(item)
    return out


def _talks(plan: Plan, topics: dict[int, str]) -> dict[str, list[Item]]:
    """Talk session id -> its talks, by room (the venue's order) and running order."""
    venue, papers = plan.venue, plan.paper_by_id
    order = {r.id: i for i, r in enumerate(venue.talk_rooms)}
    out: dict[str, list[Item]] = {}
    for talk in sorted(plan.talks, key=lambda t: (order[t.room], t.position, t.start, t.paper)):
        session, room = venue.talk_session_by_id[talk.session], venue.talk_room_by_id[talk.room]
        paper = papers[talk.paper]
        item = Item(
            "talk",
            paper,
            session,
            room,
            talk.start,
            talk.end,
            one_line(room.name),
            "",
            f"Talk {talk.position}, {one_line(room.name)}",
            topics.get(talk.topic, ""),
            paper.presenter,
        )
        out.setdefault(talk.session, []).append(item)
    return out


def programme(plan: Plan) -> list[Block]:
    """Every session holding a poster or a talk, by start (then end, posters first, the
    venue's order), each with its items; sessions left empty are not listed."""
    topics = {t.id: t.label for t in plan.topics}
    posters, talks = _posters(plan, topics), _talks(plan, topics)
    blocks = [Block("poster", s, posters[s.id]) for s in plan.venue.sessions if s.id in posters]
    blocks += [Block("talk", s, talks[s.id]) for s in plan.venue.talk_sessions if s.id in talks]
    # A stable sort: ties keep poster sessions first, each in the venue's order.
    if plan.venue.sites:  # two clocks: by instant (each row still shows its local time)
        venue = plan.venue
        return sorted(
            blocks,
            key=lambda b: (
                venue.instant(b.session.id, b.session.start),
                venue.instant(b.session.id, b.session.end),
            ),
        )
    return sorted(blocks, key=lambda b: (b.session.start, b.session.end))


def description(plan: Plan, item: Item) -> list[str]:
    """What an app shows beside a poster or talk, one short paragraph each (plain text)."""
    paper = item.paper
    role = "Presenter" if item.kind == "poster" else "Speaker"
    parts = [f"{one_line(item.session.name)}: {item.where}"]
    if item.person is not None:
        parts.append(f"{role}: {one_line(plan.person(item.person).name)}")
    if paper.author_names:
        parts.append("Authors: " + ", ".join(one_line(n) for n in paper.author_names))
    if paper.url:
        parts.append(one_line(paper.url))
    if paper.abstract.strip():
        parts.append(one_line(paper.abstract))
    return parts


def rows(plan: Plan) -> list[list[str]]:
    """The data rows, one per poster and one per talk, in programme order."""
    out = []
    for block in programme(plan):
        kind = POSTERS if block.kind == "poster" else TALKS
        for item in block.items:
            tracks = f"{kind}; {track(item.topic)}" if track(item.topic) else kind
            values = [
                one_line(item.paper.title),
                us_date(item.start),
                clock(item.start),
                clock(item.end),
                item.place,
                tracks,
                " · ".join(description(plan, item)),
            ]
            out.append([cell(v) for v in values])
    return out


def write(plan: Plan, folder: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(plan))
    write_text(folder / FILE, buffer.getvalue())
