"""The plan as ``report.html`` orders it, and the wording both its data and its views share.

:class:`Layout` puts the venue's sessions and rooms in order (ids only the placements
know come last), the placements in the order their boards are drawn, and the boards of
each session and room; :func:`session_time` writes a session's time the same way on
every machine; :func:`pin_kind` says who pinned a poster.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from planner.plan.records import Placement, Plan, TalkRecord
from planner.read.conference import Room, Session

DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def session_time(session: Session) -> str:
    """``Tue 19 May 2026, 17:00–19:00`` (locale-independent, so output is reproducible)."""
    s, e = session.start, session.end
    text = f"{DAYS[s.weekday()]} {s.day} {MONTHS[s.month - 1]} {s.year}, {s:%H:%M}–"
    if e.date() != s.date():
        text += f"{DAYS[e.weekday()]} {e.day} {MONTHS[e.month - 1]} "
    return text + f"{e:%H:%M}"


def topic_number(topic: int) -> int:
    return topic + 1


class Layout:
    """Sessions and rooms in venue order (unknown ids from the placements last), the
    placements in board order, and the boards of each (session, room)."""

    def __init__(self, plan: Plan) -> None:
        venue = plan.venue
        self.plan = plan
        self.sessions: list[Session] = list(venue.sessions)
        if venue.sites:  # grouped by site, in the order of [[sites]]; venue order within
            site_order = {site.id: i for i, site in enumerate(venue.sites)}
            self.sessions.sort(key=lambda s: site_order.get(s.site or "", len(site_order)))
        self.rooms: list[Room] = list(venue.rooms)
        known_s = {s.id for s in self.sessions}
        known_r = {r.id for r in self.rooms}
        for sid in sorted({pl.session for pl in plan.placements} - known_s):
            self.sessions.append(
                Session(id=sid, name=sid, start=datetime(2000, 1, 1), end=datetime(2000, 1, 1))
            )
        for rid in sorted({pl.room for pl in plan.placements} - known_r):
            self.rooms.append(Room(id=rid, name=rid, boards=0))
        self.unknown_sessions = {s.id for s in self.sessions} - known_s
        self.session_index = {s.id: i for i, s in enumerate(self.sessions)}
        self.room_index = {r.id: i for i, r in enumerate(self.rooms)}
        self.cells: dict[tuple[str, str], list[Placement]] = defaultdict(list)
        for pl in plan.placements:
            self.cells[pl.session, pl.room].append(pl)
        for cell in self.cells.values():
            # Boards numbered below 1 (a damaged plan) are drawn after the room's others.
            cell.sort(key=lambda pl: (pl.board < 1, pl.board, pl.label, pl.paper))
        # The posters in the order their boards are drawn: the script maps the
        # n-th board element to the n-th poster.
        self.order: list[Placement] = []
        for s in self.sessions:
            for r in self.rooms:
                self.order.extend(self.cells.get((s.id, r.id), []))

    def rooms_of(self, session: Session) -> list[Room]:
        return [
            r
            for r in self.rooms
            if (
                r.is_open(session.id)
                and r.board_count(session.id) > 0
                and session.id not in self.unknown_sessions
            )
            or self.cells.get((session.id, r.id))
        ]

    def boards(self, session: Session, room: Room) -> int:
        return room.board_count(session.id) if room.is_open(session.id) else 0

    def usable(self, session: Session, room: Room) -> int:
        venue = self.plan.venue
        return venue.usable_boards(session.id, room) if room.id in venue.room_by_id else 0


def pin_kind(pl: Placement | TalkRecord) -> str:
    """Who pinned a poster or a talk: "venue", "workbook" or "report" (a hand edit), or ""."""
    from planner.plan.assemble import HAND_EDIT_PINS

    if pl.status != "pinned":
        return ""
    return HAND_EDIT_PINS.get(pl.reason, "venue")
