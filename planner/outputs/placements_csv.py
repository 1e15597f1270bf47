"""``placements.csv``: one row per placed poster, for mail merges and other tools.

Columns: paper id, title, authors (as printed, joined by "; "), presenter and
the presenter's e-mail when the input gave one, topic, session id and name,
date, start and end (local time, ISO 8601 with the venue's UTC offset; with
[[sites]], the session's site's), room id and name, board label and placement
status.  Rows run by start time (by instant across sites), room order and board.

A plan with talks adds the talk columns at the end: talk session id and
name, talk room id and name, the talk's place in its room's running order,
and its own start and end (ISO 8601 with the offset, as above).  A paper
with a talk and a poster has both in its one row; a talk paper without a
poster (``poster_too = false``) gets a row of its own after the posters, by
talk start, with the poster columns empty and the talk's status.  A plan
without talks writes the file exactly as before talks existed.

The file is UTF-8 with a byte-order mark, so Excel opens non-Latin names and
emoji correctly, and uses CRLF line ends (RFC 4180).

Cells are safe to open in a spreadsheet:

- A cell that starts with ``=``, ``+``, ``-``, ``@`` or a tab gets a single
  quote ``'`` in front, against CSV injection: spreadsheets run such a cell
  as a formula, so a title like ``=HYPERLINK(...)`` or ``=cmd|...`` would run
  on the organizer's machine; with the quote it shows as text.  Excel hides
  the quote, other tools show it, so a reader that wants the original value
  drops one leading ``'`` before those characters.
- Line breaks inside a cell become spaces, so every poster is one line and
  tools that read line by line do not split a row.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from planner.outputs.folder import write_text
from planner.plan.records import Plan, TalkRecord
from planner.read.halves import half_of

FILE = "placements.csv"
COLUMNS = [
    "paper_id", "title", "authors", "presenter", "presenter_email", "topic",
    "session_id", "session", "date", "start", "end", "room_id", "room", "board", "status",
]  # fmt: skip
TALK_COLUMNS = [
    "talk_session_id", "talk_session", "talk_room_id", "talk_room", "talk_order",
    "talk_start", "talk_end",
]  # fmt: skip
HALF_COLUMN = "half"  # last, only with [rules] halves: the half the poster presents in (1, 2)
FORMULA_START = ("=", "+", "-", "@", "\t")
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def cell(value: object) -> str:
    """A value as a safe CSV cell: one line, never read as a formula."""
    text = "" if value is None else str(value)
    text = _LINE_BREAK.sub(" ", text)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def columns(plan: Plan) -> list[str]:
    """The header: the talk columns only when the plan has talks, ``half`` only with halves."""
    out = COLUMNS + TALK_COLUMNS if plan.talks else COLUMNS
    return [*out, HALF_COLUMN] if plan.venue.rules.halves else out


def _talk_values(plan: Plan, talk: TalkRecord | None) -> list[object]:
    """The talk columns of a row ("" each for a paper without a talk)."""
    if talk is None:
        return [""] * len(TALK_COLUMNS)
    venue = plan.venue
    tz = venue.zone_of(talk.session)  # the clock of the talk's site
    session = venue.talk_session_by_id[talk.session]
    room = venue.talk_room_by_id[talk.room]
    return [
        session.id,
        session.name,
        room.id,
        room.name,
        talk.position,
        talk.start.replace(tzinfo=tz).isoformat(),
        talk.end.replace(tzinfo=tz).isoformat(),
    ]


def _talk_only_rows(plan: Plan) -> list[list[str]]:
    """Rows for talk papers without a poster, by talk start, session, room and order."""
    topics = {t.id: t.label for t in plan.topics}
    posters = {pl.paper for pl in plan.placements}
    order = {r.id: i for i, r in enumerate(plan.venue.talk_rooms)}
    talks = sorted(
        (t for t in plan.talks if t.paper not in posters),
        key=lambda t: (t.start, t.session, order[t.room], t.position, t.paper),
    )
    out = []
    for talk in talks:
        paper = plan.paper_by_id[talk.paper]
        presenter = plan.person(paper.presenter) if paper.presenter else None
        values: list[object] = [
            paper.id,
            paper.title,
            "; ".join(paper.author_names),
            presenter.name if presenter else "",
            presenter.emails[0] if presenter and presenter.emails else "",
            topics.get(talk.topic, ""),
            *[""] * 8,  # session id and name, date, start, end, room id and name, board
            talk.status,
            *_talk_values(plan, talk),
        ]
        if plan.venue.rules.halves:
            values.append("")  # a talk without a poster has no half
        out.append([cell(v) for v in values])
    return out


def rows(plan: Plan) -> list[list[str]]:
    venue = plan.venue
    talks = plan.talk_of
    topics = {t.id: t.label for t in plan.topics}
    papers = plan.paper_by_id
    order = {r.id: i for i, r in enumerate(venue.rooms)}
    placements = sorted(
        plan.placements,
        key=lambda p: (
            # By instant with [[sites]] (two clocks); the local start otherwise, as always.
            venue.instant(p.session, venue.session_by_id[p.session].start)
            if venue.sites
            else venue.session_by_id[p.session].start,
            p.session,
            order[p.room],
            p.board,
            p.paper,
        ),
    )
    out = []
    for pl in placements:
        paper = papers[pl.paper]
        session = venue.session_by_id[pl.session]
        room = venue.room_by_id[pl.room]
        presenter = plan.person(paper.presenter) if paper.presenter else None
        values: list[object] = [
            paper.id,
            paper.title,
            "; ".join(paper.author_names),
            presenter.name if presenter else "",
            presenter.emails[0] if presenter and presenter.emails else "",
            topics.get(pl.topic, ""),
            session.id,
            session.name,
            session.start.date().isoformat(),
            venue.aware(session.id, session.start).isoformat(),
            venue.aware(session.id, session.end).isoformat(),
            room.id,
            room.name,
            pl.label,
            pl.status,
        ]
        if plan.talks:
            values += _talk_values(plan, talks.get(pl.paper))
        if venue.rules.halves:
            values.append(half_of(pl.board, venue.rules.halves))
        out.append([cell(v) for v in values])
    return out + _talk_only_rows(plan)


def write(plan: Plan, folder: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns(plan))
    writer.writerows(rows(plan))
    write_text(folder / FILE, "\ufeff" + buffer.getvalue())
