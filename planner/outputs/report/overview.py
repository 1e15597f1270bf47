"""The overview of ``report.html``: every session, room by room, as its boards in order.

Each placed poster is one board element marked with its topic and what sets it apart
(a clash, a move, a pin, a rule); empty and spare boards are drawn too, and rooms
closed in a session are listed.  The records here are what the overview's template
lays out.
"""

from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from planner.outputs.place_rules import rule_label, rules_of
from planner.outputs.report.layout import Layout, pin_kind, session_time, topic_number
from planner.plan.records import Placement, Plan
from planner.read.board_labels import board_label
from planner.read.conference import Room, Session
from planner.read.halves import half_times, half_words, poster_half

MARKS = {
    "x": "clash",
    "m": "moved",
    "n": "new",
    "p": "pinned",
    "h": "by a hand edit",
    "r": "placed by a rule",
}


def _marks(plan: Plan, ruled: dict[str, tuple[int, ...]]) -> dict[str, list[str]]:
    clash = {pid for c in plan.clashes for pid in c.papers}
    changes = plan.changes
    moved = {m.paper for m in changes.moved} if changes else set()
    added = set(changes.added) if changes else set()
    out: dict[str, list[str]] = {}
    for pl in plan.placements:
        marks = []
        if pl.paper in clash:
            marks.append("x")
        if pl.paper in moved or pl.status == "moved":
            marks.append("m")
        elif pl.paper in added or pl.status == "new":
            marks.append("n")
        if pl.status == "pinned":
            marks.append("p")
            if pin_kind(pl) in ("workbook", "report"):
                marks.append("h")
        if pl.paper in ruled:
            marks.append("r")
        out[pl.paper] = marks
    return out


class _Board(NamedTuple):
    """One board: a poster (paper set) or an empty or spare one (paper None)."""

    cls: str
    paper: str | None
    label: str  # the poster's aria-label, or the empty board's title
    number: int  # the topic's number on a poster, the board's number on an empty board
    half: str = ""  # with [rules] halves: the half the poster presents in, as its title


class _RoomView(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    name: str
    load: str
    over: bool
    posters: int
    usable: int
    meter_max: int
    boards: list[_Board]


class _ClosedRoom(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    name: str


class _SessionView(NamedTuple):
    pos: int  # its number in the data (data-s, data-r)
    id: str
    name: str
    when: str
    posters: int
    rooms: list[_RoomView]
    closed: list[_ClosedRoom]


class Overview:
    """The overview's sessions, rooms and boards, each board in board order."""

    def __init__(self, plan: Plan, layout: Layout) -> None:
        self.plan, self.layout = plan, layout
        self.ruled = rules_of(plan)
        self.marks = _marks(plan, self.ruled)

    def sessions(self) -> list[_SessionView]:
        return [self.session(s) for s in self.layout.sessions]

    def session(self, s: Session) -> _SessionView:
        layout = self.layout
        open_rooms = layout.rooms_of(s)
        return _SessionView(
            pos=layout.session_index[s.id],
            id=s.id,
            name=s.name,
            when=""
            if s.id in layout.unknown_sessions
            else f" · {session_time(s)}{self._site(s)}{self._halves(s)}",
            posters=sum(len(layout.cells.get((s.id, r.id), [])) for r in layout.rooms),
            rooms=[self.room(s, r) for r in open_rooms],
            closed=[
                _ClosedRoom(layout.room_index[r.id], r.name)
                for r in layout.rooms
                if r not in open_rooms
            ],
        )

    def _site(self, s: Session) -> str:
        """With [[sites]], where the session is and whose clock its times are on."""
        site = self.plan.venue.site_by_id.get(s.site or "")
        return f" · {site.name} ({site.timezone})" if site is not None else ""

    def _halves(self, s: Session) -> str:
        """With halves, which boards present when in session ``s`` (else nothing)."""
        rule = self.plan.venue.rules.halves
        if rule is None:
            return ""
        first, second = ("odd", "even") if rule == "odd-even" else ("even", "odd")
        mid = half_times(s.start, s.end, 1)[1]
        return f" · {first} boards present until {mid:%H:%M}, {second} boards from then"

    def room(self, s: Session, r: Room) -> _RoomView:
        layout = self.layout
        here = layout.cells.get((s.id, r.id), [])
        boards, usable = layout.boards(s, r), layout.usable(s, r)
        at: dict[int, list[Placement]] = defaultdict(list)
        for pl in here:
            at[pl.board].append(pl)
        last = max([boards, *at.keys()])
        empty = sum(1 for n in range(1, min(usable, last) + 1) if n not in at)
        spare = sum(1 for n in range(usable + 1, boards + 1) if n not in at)
        over = len(here) - usable
        load = (
            f"{len(here)} of {usable} boards used"
            + (f", {empty} empty" if empty else "")
            + (f", {spare} spare" if spare else "")
            + (f", {over} over" if over > 0 else "")
        )
        return _RoomView(
            pos=layout.room_index[r.id],
            name=r.name,
            load=load,
            over=over > 0,
            posters=len(here),
            usable=usable,
            meter_max=max(usable, 1),
            boards=self.boards(r, at, last, usable),
        )

    def boards(
        self, r: Room, at: dict[int, list[Placement]], last: int, usable: int
    ) -> list[_Board]:
        pattern = self.plan.venue.rules.board_label
        out: list[_Board] = []
        for n in range(1, last + 1):
            if n in at:
                out.extend(self.poster(pl) for pl in at[n])
                continue
            name = board_label(r.board_prefix, n, pattern)
            kind, what = ("s", "spare, kept free") if n > usable else ("e", "empty")
            out.append(_Board(f"b {kind}", None, f"{name} · {what}", n))
        for n in sorted(k for k in at if k < 1):  # out of range: still drawn, at the end
            out.extend(self.poster(pl) for pl in at[n])
        return out

    def poster(self, pl: Placement) -> _Board:
        """A poster's board: a single element, its details come from the embedded data."""
        marks = self.marks.get(pl.paper, [])
        rule = rule_label(self.plan, self.ruled.get(pl.paper, ()))
        said = [MARKS[m] if m != "r" else f"rule {rule}" for m in marks]
        number = topic_number(pl.topic)
        half = poster_half(self.plan.venue, pl.session, pl.board)
        shown = f"{half_words(half[0])}, {half[1]:%H:%M}–{half[2]:%H:%M}" if half else ""
        return _Board(
            " ".join(["b", f"t{pl.topic}", *marks]),
            pl.paper,
            ", ".join([pl.label, f"topic {number}", *said, *([shown] if shown else [])]),
            number,
            f"Presented in the {shown}" if shown else "",
        )
