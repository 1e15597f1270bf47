"""``acl-order.txt``: the programme as an ACL "order file".

ACL conferences (ACL, NAACL, EMNLP and their workshops) describe their
programme in an order file (ACLPUB's ``order``, edited in START's ACLPUB
"Order" page or made by Schedule Maker), which the proceedings, the handbook
scripts and the conference-app generators read.  This writer uses the subset
that ACLPUB documents (acl-org/ACLPUB, ``docs/order.md``) and that the NAACL
2019 schedule parser reads (naacl-org/naacl-schedule-2019,
``code/orderfile.py``, whose order files write rooms as ``# %room``), one
line each::

    * Tuesday, May 19, 2026                         a day
    + 17:00--19:00 Poster Session 1                 a session's time block
    = Poster Session 1 # %room Grand Ballroom A     a room of that session
    @ Serving systems                               a topic, for the posters under it
    3608 # %board A1                                a poster: its paper id
    501 09:00--09:15 #                              a talk: its paper id and its own times

- A day line for each date (English day and month names, whatever the
  locale), then the sessions starting that day by start time, each a ``+``
  block with its times (``HH:MM--HH:MM``, 24-hour, the venue's local time)
  and name, and under it a ``=`` line per room it uses, naming the room with
  ``%room`` after the ``#``.
- Under a poster room, the posters in board order, a ``@`` line starting
  each run of boards with one topic; each poster line is the paper id, then
  ``# %board A12`` (ACLPUB ignores what follows ``#``; the board is there for
  people and for scripts that read ``%`` metadata).  A poster session's ``=``
  lines say "Posters", adding `` (Posters)`` to a name without the word,
  since the NAACL parser tells poster sessions from talk sessions by it (a
  talk session named with "poster" would be read as posters there).
- Under a talk room, the talks in running order, each its paper id and its
  own ``HH:MM--HH:MM``, then ``#``: the NAACL parser wants that ``#``.
- A blank line separates the blocks.  No ``!`` (plenary) lines, no chairs,
  no titles: ACLPUB takes a paper's title from the submission by its id.

The ids are the planner's stable paper ids, as the input gave them (START
order files hold START's numeric submission ids: a list from START keeps
them; the NAACL parser reads numeric ids only); white space, ``#`` and
``%`` inside an id would break a line's grammar and are percent-encoded
(``%20``, ``%23``, ``%25``).  A paper with a
talk and a poster is listed twice, once in each session, as the programme
has it; an order file that also orders the proceedings lists each paper
once, so keep one of its two lines there.

Names are written on one line, ``&`` as ``\\&`` in the names of sessions and
topics (the order files' LaTeX convention: LaTeX prints it as ``&`` and the
NAACL parser reads it back as ``&``; room names are read raw), and ``#``
and ``%`` as the full-width ``＃`` and ``％``, since they end a name and start
metadata.  The same plan always gives the same bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path

from planner.outputs.folder import write_text
from planner.outputs.guidebook import Block, Item, one_line, programme
from planner.plan.records import Plan

FILE = "acl-order.txt"
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
_ID_BREAKS = re.compile(r"[\s#%]")


def day_line(day: date) -> str:
    """``* Tuesday, May 19, 2026``."""
    return f"* {DAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def span(start: datetime, end: datetime) -> str:
    """``HH:MM--HH:MM``."""
    return f"{start:%H:%M}--{end:%H:%M}"


def name(text: str, latex: bool = True) -> str:
    """A name on one line that cannot end early or open metadata (see the module)."""
    out = one_line(text).replace("#", "＃").replace("%", "％")
    return out.replace("&", "\\&") if latex else out


def paper_id(pid: str) -> str:
    """The paper id, with white space, ``#`` and ``%`` percent-encoded."""
    return _ID_BREAKS.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode()), pid)


def _rooms(block: Block) -> list[list[Item]]:
    """The block's items per room, rooms in the order their first item comes."""
    rooms: dict[str, list[Item]] = {}
    for item in block.items:
        rooms.setdefault(item.room.id, []).append(item)
    return list(rooms.values())


def _poster_room(title: str, items: list[Item]) -> list[str]:
    lines = [f"= {title} # %room {name(items[0].room.name, latex=False)}"]
    topic: str | None = None
    for item in items:
        if item.topic != topic:
            topic = item.topic
            lines.append(f"@ {name(topic or 'Other')}")
        lines.append(f"{paper_id(item.paper.id)} # %board {name(item.label, latex=False)}")
    return lines


def _talk_room(title: str, items: list[Item]) -> list[str]:
    lines = [f"= {title} # %room {name(items[0].room.name, latex=False)}"]
    lines += [f"{paper_id(i.paper.id)} {span(i.start, i.end)} #" for i in items]
    return lines


def _block(block: Block) -> list[str]:
    session = block.session
    title = name(session.name)
    lines = [f"+ {span(session.start, session.end)} {title}"]
    if block.kind == "poster":
        if "poster" not in title.casefold():
            title += " (Posters)"
        for items in _rooms(block):
            lines += _poster_room(title, items)
    else:
        for items in _rooms(block):
            lines += _talk_room(title, items)
    return lines


def lines(plan: Plan) -> list[str]:
    """The order file's lines (blank lines between blocks)."""
    out: list[str] = []
    day: date | None = None
    for block in programme(plan):
        if block.session.start.date() != day:
            day = block.session.start.date()
            out += [""] if out else []
            out.append(day_line(day))
        out += ["", *_block(block)]
    return out


def write(plan: Plan, folder: Path) -> None:
    write_text(folder / FILE, "\n".join(lines(plan)) + "\n")
