"""``placements.csv``: one row per placed poster, for mail merges and other tools.

Columns: paper id, title, authors (as printed, joined by "; "), presenter and
the presenter's e-mail when the input gave one, topic, session id and name,
date, start and end (local time, ISO 8601 with the venue's UTC offset), room id
and name, board label and placement status.  Rows run by start time, room
order and board.

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
from planner.plan.records import Plan

FILE = "placements.csv"
COLUMNS = [
    "paper_id", "title", "authors", "presenter", "presenter_email", "topic",
    "session_id", "session", "date", "start", "end", "room_id", "room", "board", "status",
]  # fmt: skip
FORMULA_START = ("=", "+", "-", "@", "\t")
_LINE_BREAK = re.compile("\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def cell(value: object) -> str:
    """A value as a safe CSV cell: one line, never read as a formula."""
    text = "" if value is None else str(value)
    text = _LINE_BREAK.sub(" ", text)
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def rows(plan: Plan) -> list[list[str]]:
    venue, tz = plan.venue, plan.venue.tz
    topics = {t.id: t.label for t in plan.topics}
    papers = plan.paper_by_id
    order = {r.id: i for i, r in enumerate(venue.rooms)}
    placements = sorted(
        plan.placements,
        key=lambda p: (
            venue.session_by_id[p.session].start,
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
        values = [
            paper.id,
            paper.title,
            "; ".join(paper.author_names),
            presenter.name if presenter else "",
            presenter.emails[0] if presenter and presenter.emails else "",
            topics.get(pl.topic, ""),
            session.id,
            session.name,
            session.start.date().isoformat(),
            session.start.replace(tzinfo=tz).isoformat(),
            session.end.replace(tzinfo=tz).isoformat(),
            room.id,
            room.name,
            pl.label,
            pl.status,
        ]
        out.append([cell(v) for v in values])
    return out


def write(plan: Plan, folder: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows(plan))
    write_text(folder / FILE, "\ufeff" + buffer.getvalue())
