"""Placement rules (``[[place]]`` in the venue): where each paper may go.

The rule in words.  A rule matches a paper when one of its ``where`` fields
holds one of the rule's values (a field of the input record, or a column of a
CSV or XLSX row; names and values compared ignoring case, surrounding and
repeated spaces), or when the paper's id is in its ``papers``.  A matched
paper may use only the rule's rooms (if it names rooms) and sessions (if it
names sessions); a paper matched by several rules must satisfy all of them.
An ``exclusive`` rule reserves what it names: its rooms (only in its
sessions, when it names sessions too) or, when it names no rooms, its
sessions.  A reserved room or session takes only papers matched by a rule
that names it.

This module resolves the rules against the papers once; constraints.place
turns the result into the model, planner.prechecks.checks explains what cannot work,
and planner.verify.place checks a written plan with its own reading of the rules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from planner.core.errors import Problems
from planner.read.conference import Paper, PlaceRule, Venue

# The most unions of room sets turned into capacity rows per session; beyond
# it, each room set alone (a weaker but still valid bound).
MAX_UNIONS = 64

PlaceKind = Literal["posters", "talks"]


def value_key(value: Any) -> str:
    """A field value as rules compare it: case and spacing ignored."""
    return " ".join(str(value).split()).casefold()


def field_key(name: str) -> str:
    """A field or column name as rules compare it: "Event Type" = "event_type"."""
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def record_values(raw: dict[str, Any], name: str) -> list[str]:
    """The compared values of field ``name`` in a record (a list gives each element).

    A field of exactly that name is the one meant; only when the record has
    none is the name compared ignoring case, spaces and punctuation ("Event
    Type" for ``event_type``), so ``event_type`` never reads a record's
    ``eventtype`` beside it.
    """
    wanted = field_key(name)
    exact = name in raw
    out: list[str] = []
    for key, value in raw.items():
        if (key != name if exact else field_key(str(key)) != wanted) or value is None:
            continue
        if isinstance(value, dict):
            continue
        items = value if isinstance(value, list) else [value]
        out.extend(value_key(v) for v in items if v is not None and not isinstance(v, dict))
    return out


def matches(rule: PlaceRule, paper: Paper) -> bool:
    return record_matches(rule, paper.id, paper.raw)


def record_matches(rule: PlaceRule, paper_id: str, raw: dict[str, Any]) -> bool:
    if paper_id in rule.papers:
        return True
    if not rule.where:
        return False
    for name, values in rule.where.items():
        accepted = {value_key(v) for v in values}
        if not accepted & set(record_values(raw, name)):
            return False
    return True


def rule_against(
    venue: Venue, paper_id: str, raw: dict[str, Any], session: str, room: str
) -> str | None:
    """Why the rules no longer let a paper stand in (session, room), or None if they do."""
    mine = [r for r in venue.place if record_matches(r, paper_id, raw)]
    for rule in mine:
        if (rule.sessions is not None and session not in rule.sessions) or (
            rule.rooms is not None and room not in rule.rooms
        ):
            return f"placement rule '{rule.name}' applies to it now"
    for rule in venue.place:
        if not rule.exclusive or rule in mine:
            continue
        in_sessions = rule.sessions is None or session in rule.sessions
        if (
            rule.rooms
            and room in rule.rooms
            and in_sessions
            and not any(r.rooms and room in r.rooms for r in mine)
        ):
            return f"that room is kept for placement rule '{rule.name}'"
        if (
            not rule.rooms
            and session in (rule.sessions or [])
            and not any(r.sessions and session in r.sessions for r in mine)
        ):
            return f"that session is kept for placement rule '{rule.name}'"
    return None


@dataclass
class Places:
    """The venue's placement rules resolved against the papers."""

    venue: Venue
    rules: list[PlaceRule]
    matched: list[frozenset[str]]  # per rule, the paper ids it matches
    rules_of: dict[str, tuple[int, ...]]  # paper id -> the rules that match it
    _rooms: dict[tuple[tuple[int, ...], str], tuple[str, ...]] = field(default_factory=dict)
    kind: PlaceKind = "posters"  # the rules as they bind posters, or talks (venue.talk_place)

    def _open_rooms(self, session: str) -> list[str]:
        """The kind's rooms in a session: rooms with usable boards, or with seats."""
        venue = self.venue
        if self.kind == "talks":
            return [r.id for r in venue.talk_rooms_in(session)]
        return [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]

    @property
    def active(self) -> bool:
        return bool(self.rules)

    @cached_property
    def reserved_sessions(self) -> dict[str, set[int]]:
        """Session -> the rules that name it, for sessions an exclusive rule reserves."""
        out: dict[str, set[int]] = {}
        for rule in self.rules:
            if rule.exclusive and rule.rooms is None:
                for s in rule.sessions or []:
                    out.setdefault(s, set())
        for s, namers in out.items():
            namers.update(i for i, r in enumerate(self.rules) if r.sessions and s in r.sessions)
        return out

    @cached_property
    def _reserved_rooms(self) -> list[tuple[str, set[str] | None]]:
        """(room, sessions or None for all) that an exclusive rule reserves."""
        return [
            (room, set(rule.sessions) if rule.sessions else None)
            for rule in self.rules
            if rule.exclusive and rule.rooms
            for room in rule.rooms
        ]

    def _namers(self, room: str) -> set[int]:
        return {i for i, r in enumerate(self.rules) if r.rooms and room in r.rooms}

    def rooms_for(self, paper: str, session: str) -> tuple[str, ...]:
        """Rooms open in ``session`` that ``paper`` may use."""
        mine = self.rules_of.get(paper, ())
        key = (mine, session)
        cached = self._rooms.get(key)
        if cached is not None:
            return cached
        rooms = self._open_rooms(session)
        for i in mine:
            rule = self.rules[i]
            if rule.sessions is not None and session not in rule.sessions:
                rooms = []
            if rule.rooms is not None:
                rooms = [r for r in rooms if r in rule.rooms]
        for room, sessions in self._reserved_rooms:
            if (
                room in rooms
                and (sessions is None or session in sessions)
                and not self._namers(room) & set(mine)
            ):
                rooms.remove(room)
        namers = self.reserved_sessions.get(session)
        if namers is not None and not namers & set(mine):
            rooms = []
        result = tuple(rooms)
        self._rooms[key] = result
        return result

    def sessions_for(self, paper: str) -> list[str]:
        """Sessions ``paper`` may use: those with a room it may use."""
        sessions = self.venue.talk_sessions if self.kind == "talks" else self.venue.sessions
        return [s.id for s in sessions if self.rooms_for(paper, s.id)]

    def capacity_rows(
        self, papers: Iterable[str], session: str
    ) -> list[tuple[int, frozenset[str]]]:
        """(boards, papers) rows that every plan keeps in ``session``.

        Papers that may use only some rooms compete for those rooms' boards:
        for every union U of the room sets papers are allowed, the papers whose
        rooms all lie in U cannot outnumber U's usable boards.  By Hall's
        theorem these rows are exactly what makes a session's posters fit its
        rooms; the union of all rooms is the session's own capacity, left to
        constraints.capacity.
        """
        venue = self.venue
        by_set: dict[frozenset[str], set[str]] = {}
        for p in papers:
            rooms = frozenset(self.rooms_for(p, session))
            if rooms:
                by_set.setdefault(rooms, set()).add(p)
        everything = frozenset(
            r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0
        )
        unions = set(by_set)
        frontier = set(by_set)
        while frontier and len(unions) < MAX_UNIONS:
            grown = {a | b for a in frontier for b in by_set} - unions
            unions |= grown
            frontier = grown
        rows = []
        for union in sorted(unions, key=lambda u: (len(u), sorted(u))):
            if union == everything:
                continue
            members = frozenset(p for rooms, ps in by_set.items() if rooms <= union for p in ps)
            cap = sum(venue.usable_boards(session, venue.room_by_id[r]) for r in union)
            if len(members) > cap:  # otherwise the row can never bind
                rows.append((cap, members))
        return rows


def resolve_places(
    venue: Venue, papers: list[Paper], source: str, kind: PlaceKind = "posters"
) -> Places:
    """Matches every rule binding ``kind`` against the papers; an unknown field is an error."""
    rules = venue.talk_place if kind == "talks" else venue.place
    problems = Problems(venue.source or "venue.toml")
    fields: dict[str, str] = {}
    spellings: dict[str, set[str]] = {}  # field_key -> the field names that read as it
    for paper in papers:
        for key in paper.raw:
            fields.setdefault(field_key(str(key)), str(key))
            spellings.setdefault(field_key(str(key)), set()).add(str(key))
    for i, rule in enumerate(rules, 1):
        for name in rule.where:
            alike = sorted(spellings.get(field_key(name), set()))
            if name not in alike and len(alike) > 1:
                problems.add(
                    f"[[place]] #{rule.number or i}, key 'where'",
                    f"field '{name}' could mean {' or '.join(repr(a) for a in alike)} in {source}",
                    f"Name the field exactly as the records spell it: {alike[0]!r}.",
                )
            elif field_key(name) not in fields:
                near = difflib.get_close_matches(name, sorted(fields.values()), n=1)
                hint = (
                    f"did you mean '{near[0]}'?"
                    if near
                    else "Name a field of the paper records or a column of the list."
                )
                problems.add(
                    f"[[place]] #{rule.number or i}, key 'where'",
                    f"no field or column '{name}' in {source}",
                    hint,
                )
    problems.raise_if_any()
    matched = [frozenset(p.id for p in papers if matches(rule, p)) for rule in rules]
    rules_of: dict[str, tuple[int, ...]] = {}
    for paper in papers:
        mine = tuple(i for i, m in enumerate(matched) if paper.id in m)
        if mine:
            rules_of[paper.id] = mine
    return Places(venue, list(rules), matched, rules_of, kind=kind)
