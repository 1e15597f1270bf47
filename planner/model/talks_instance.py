"""Talk scheduling inputs: the records a caller gives, checked and laid out as arrays.

A talk programme is placed in *cells*: one cell per room of a talk session.
Everything the talk stages (planner.model.talks) ask of the inputs is computed
here once: which cells each talk may take, how many minutes each cell holds,
which sessions overlap in time, each person's talks, and the checks that
explain an impossible programme before any solving (``TalksInfeasible``).

Time is judged per talk session, conservatively (docs/modelling.md §11):

- two talks *overlap* when their sessions overlap in time; a session overlaps
  itself, so two talks in one session overlap even in one room;
- a talk may not take a session that overlaps any ``busy`` interval of one of
  its speakers, even where its own minutes would have missed it.

Capacity is exact in minutes: a talk takes its minutes plus one changeover,
and a room-session offers its length plus one changeover, since ``n`` talks
need ``n - 1`` changeovers between them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from planner.people.windows import min_pairs


@dataclass(frozen=True)
class TalkItem:
    """One talk to place (see planner.model.talks for what each field means to the rules)."""

    paper: str
    minutes: int
    speakers: tuple[str, ...]
    authors: tuple[str, ...]
    allowed: frozenset[str] | None = None
    previous: tuple[str, str, int] | None = None
    pinned_room: str | None = None
    pinned_position: int | None = None
    # (session, room) pairs the talk may take ([[place]] rules naming rooms); None: any room
    allowed_cells: frozenset[tuple[str, str]] | None = None


@dataclass(frozen=True)
class TalkSlot:
    """One talk session: its times and the rooms with seats open in it, in venue order."""

    id: str
    start: datetime
    end: datetime
    rooms: tuple[str, ...]

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class TalksInfeasible(Exception):
    """No talk programme can keep the hard rules; the message names the numbers."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


Busy = Mapping[str, Sequence[tuple[datetime, datetime]]]


@dataclass
class Person:
    key: str
    talks: np.ndarray  # item indices, ascending
    separate: int  # separate talk times over the sessions their talks may take


@dataclass
class Instance:
    """The checked inputs as arrays; sessions sorted by (start, id), cells by session then room."""

    items: list[TalkItem]
    slots: list[TalkSlot]
    changeover: int
    vectors: np.ndarray  # n x d, float64, as given (the figures use these)
    search_vectors: np.ndarray  # n x k, k <= SEARCH_DIMENSIONS: what the search prices
    units: np.ndarray  # minutes + changeover per item
    cells: list[tuple[int, str]]  # (session index, room)
    cell_session: np.ndarray
    cell_cap: np.ndarray  # session length + changeover
    cell_min: np.ndarray  # talks a cell must hold for its pinned positions
    allowed: np.ndarray  # n x S: sessions each item may take
    cell_ok: np.ndarray  # n x C: cells each item may take
    overlap: np.ndarray  # S x S, True where sessions overlap (the diagonal too)
    groups: list[list[int]]  # maximal sets of mutually overlapping sessions
    slotted: bool  # every session in exactly one group
    authors: list[Person]  # people with two or more talks
    speakers: list[Person]  # speakers with two or more talks
    previous_cell: np.ndarray  # -1 where there is none or it no longer exists
    previous_session: np.ndarray  # -1 where there is none or it no longer exists
    previous_position: np.ndarray  # 0 where none

    @property
    def n(self) -> int:
        return len(self.items)

    @property
    def bound(self) -> int:
        """Fewest shared-author overlap pairs any plan can have (per person and pair)."""
        return sum(min_pairs(len(p.talks), p.separate) for p in self.authors)


# The search prices similarity on the rows' leading principal directions: the
# same dot products when the rows span no more (TF-IDF + SVD rows of 64-100
# columns), and a search step that reads a few hundred kilobytes instead of
# megabytes when they are wide (a 600-word TF-IDF row: 20 times faster).
SEARCH_DIMENSIONS = 96


def search_rows(vec: np.ndarray, k: int = SEARCH_DIMENSIONS) -> np.ndarray:
    """Rows whose dot products best approximate ``vec``'s in ``k`` columns (exact if rank <= k).

    The leading eigenvectors of the smaller Gram matrix (an SVD of the rows,
    three times faster than ``svd`` itself on 1,000 x 600).
    """
    if vec.shape[1] <= k or len(vec) == 0:
        return np.ascontiguousarray(vec)
    if len(vec) <= vec.shape[1]:
        values, q = np.linalg.eigh(vec @ vec.T)
        top = np.argsort(values)[::-1][:k]
        return np.ascontiguousarray(q[:, top] * np.sqrt(np.maximum(values[top], 0.0)))
    values, w = np.linalg.eigh(vec.T @ vec)
    top = np.argsort(values)[::-1][:k]
    return np.ascontiguousarray(vec @ w[:, top])


def _overlaps(a: TalkSlot, b: TalkSlot) -> bool:
    return a.start < b.end and b.start < a.end


def separate_times(slots: Sequence[TalkSlot], sessions: Sequence[int]) -> int:
    """The most pairwise non-overlapping sessions among ``sessions`` (earliest end first)."""
    count, end = 0, None
    for k in sorted(sessions, key=lambda k: (slots[k].end, slots[k].start, slots[k].id)):
        if end is None or end <= slots[k].start:
            count, end = count + 1, slots[k].end
    return count


def overlap_groups(slots: Sequence[TalkSlot]) -> list[list[int]]:
    """Maximal groups of sessions that all overlap one another, in time order.

    Sessions form an interval graph: each maximal clique is the set of
    sessions running at some session's start (as planner.people.windows does
    for poster sessions), so "at most one per group" is "none at once".
    """
    groups: list[list[int]] = []
    for s in slots:
        running = [t for t, other in enumerate(slots) if other.start <= s.start < other.end]
        if not any(set(running) <= set(g) for g in groups):
            groups = [g for g in groups if not set(g) <= set(running)]
            groups.append(running)
    return groups


def _validate(items: Sequence[TalkItem], slots: Sequence[TalkSlot], vectors: np.ndarray) -> None:
    papers = [it.paper for it in items]
    if len(set(papers)) != len(papers):
        raise ValueError("talk items must have distinct paper ids")
    if len({s.id for s in slots}) != len(slots):
        raise ValueError("talk slots must have distinct ids")
    if vectors.ndim != 2 or len(vectors) != len(items):
        raise ValueError(f"vectors must have one row per item ({len(items)}), got {vectors.shape}")
    for s in slots:
        if s.end <= s.start or len(set(s.rooms)) != len(s.rooms):
            raise ValueError(f"talk slot {s.id}: end must follow start and rooms be distinct")
    for it in items:
        if it.minutes <= 0:
            raise ValueError(f"talk {it.paper}: minutes must be positive")
        if it.pinned_position is not None and it.pinned_position < 1:
            raise ValueError(f"talk {it.paper}: positions start at 1")


def _busy_sessions(slots: Sequence[TalkSlot], item: TalkItem, busy: Busy) -> set[int]:
    """Sessions overlapping a busy interval of one of the item's speakers."""
    out: set[int] = set()
    for person in item.speakers:
        for a, b in busy.get(person, ()):
            out.update(k for k, s in enumerate(slots) if a < s.end and s.start < b)
    return out


def _sessions_of(slots: Sequence[TalkSlot], item: TalkItem, busy: Busy) -> tuple[list[int], str]:
    """Sessions the item may take and, when there are none, why."""
    wanted = [
        k for k, s in enumerate(slots) if s.rooms and (item.allowed is None or s.id in item.allowed)
    ]
    if not wanted:
        allowed = "" if item.allowed is None else f" {sorted(item.allowed)}"
        return [], f"none of its allowed sessions{allowed} is a talk session with a room"
    long_enough = [k for k in wanted if slots[k].minutes >= item.minutes]
    if not long_enough:
        longest = max(slots[k].minutes for k in wanted)
        return [], f"it lasts {item.minutes} min, its longest allowed session {longest} min"
    away = _busy_sessions(slots, item, busy)
    free = [k for k in long_enough if k not in away]
    if not free:
        return [], f"its speakers {', '.join(item.speakers)} are busy in every allowed session"
    if item.pinned_room is not None:
        free = [k for k in free if item.pinned_room in slots[k].rooms]
        if not free:
            return [], f"no allowed session has its pinned room {item.pinned_room}"
    return free, ""


def _people(
    items: Sequence[TalkItem], allowed: np.ndarray, slots: Sequence[TalkSlot]
) -> tuple[list[Person], list[Person]]:
    by_author: dict[str, list[int]] = defaultdict(list)
    by_speaker: dict[str, list[int]] = defaultdict(list)
    for i, it in enumerate(items):
        for key in sorted(set(it.authors) | set(it.speakers)):
            by_author[key].append(i)
        for key in sorted(set(it.speakers)):
            by_speaker[key].append(i)

    def people(table: dict[str, list[int]]) -> list[Person]:
        out = []
        for key in sorted(table):
            talks = np.array(table[key], dtype=np.int64)
            if len(talks) >= 2:
                usable = np.flatnonzero(allowed[talks].any(axis=0)).tolist()
                out.append(Person(key, talks, separate_times(slots, usable)))
        return out

    return people(by_author), people(by_speaker)


def _check_minutes(inst: Instance) -> None:
    """Talk minutes against room-minutes, for all talks and for each set of cells they may use."""
    c = inst.changeover
    seen: set[bytes] = set()
    for row in [np.ones(len(inst.cells), dtype=bool), *inst.cell_ok]:
        key = row.tobytes()
        if key in seen:
            continue
        seen.add(key)
        inside = ~(inst.cell_ok & ~row).any(axis=1)
        need, have = int(inst.units[inside].sum()), int(inst.cell_cap[row].sum())
        if need > have:
            where = "the talk sessions" if row.all() else _cells_text(inst, row)
            who = "" if row.all() else f" that can only use {where}"
            raise TalksInfeasible(
                f"{int(inside.sum())} talks{who} need {need} room-minutes "
                f"(their minutes plus a {c}-minute changeover each) but {where} offer {have} "
                f"({int(row.sum())} room-sessions, each its length plus {c})"
            )


def _cells_text(inst: Instance, row: np.ndarray) -> str:
    """ "sessions s1 (hall-a), s2" for the cells in ``row``: rooms named where not all are."""
    parts = []
    for k, slot in enumerate(inst.slots):
        rooms = [r for c, (kk, r) in enumerate(inst.cells) if kk == k and row[c]]
        if rooms:
            parts.append(
                slot.id if len(rooms) == len(slot.rooms) else f"{slot.id} ({', '.join(rooms)})"
            )
    return "sessions " + ", ".join(parts)


def _check_speakers(inst: Instance) -> None:
    for p in inst.speakers:
        if len(p.talks) > p.separate:
            papers = ", ".join(inst.items[i].paper for i in p.talks)
            raise TalksInfeasible(
                f"speaker {p.key} gives {len(p.talks)} talks ({papers}) but has only "
                f"{p.separate} separate talk times (sessions that do not overlap one another, "
                "outside their busy times)"
            )


def _pins(inst: Instance) -> None:
    """Pinned positions: one talk per cell and position; a cell then holds at least that many."""
    taken: dict[tuple[int, int], str] = {}
    for i, it in enumerate(inst.items):
        if it.pinned_position is None:
            continue
        cells = np.flatnonzero(inst.cell_ok[i])
        if len(cells) != 1:
            raise ValueError(
                f"talk {it.paper}: a pinned position needs one session and a pinned room"
            )
        c = int(cells[0])
        if (c, it.pinned_position) in taken:
            raise TalksInfeasible(
                f"talks {taken[c, it.pinned_position]} and {it.paper} are both pinned to "
                f"position {it.pinned_position} of room {inst.cells[c][1]} in "
                f"session {inst.slots[inst.cells[c][0]].id}"
            )
        taken[c, it.pinned_position] = it.paper
        inst.cell_min[c] = max(inst.cell_min[c], it.pinned_position)


def _previous(
    items: Sequence[TalkItem], slots: Sequence[TalkSlot], cells: list[tuple[int, str]]
) -> tuple[np.ndarray, np.ndarray]:
    """Each item's previous cell and session (-1 where there is none or it is gone)."""
    cell_index = {(slots[k].id, r): c for c, (k, r) in enumerate(cells)}
    session_index = {s.id: k for k, s in enumerate(slots)}
    cell = [cell_index.get(it.previous[:2], -1) if it.previous else -1 for it in items]
    session = [session_index.get(it.previous[0], -1) if it.previous else -1 for it in items]
    return np.array(cell, dtype=np.int64), np.array(session, dtype=np.int64)


def _cells_ok(
    items: Sequence[TalkItem],
    slots: Sequence[TalkSlot],
    cells: list[tuple[int, str]],
    allowed: np.ndarray,
) -> np.ndarray:
    """Cells each item may take: its sessions, its pinned room, its allowed cells.

    ``allowed`` loses the sessions where no room is left to the item.
    """
    cell_session = np.array([k for k, _ in cells], dtype=np.int64)
    cell_ok = allowed[:, cell_session].copy()
    for i, it in enumerate(items):
        if it.pinned_room is not None:
            cell_ok[i] &= np.array([r == it.pinned_room for _, r in cells])
        if it.allowed_cells is not None:
            cell_ok[i] &= np.array([(slots[k].id, r) in it.allowed_cells for k, r in cells])
        if not cell_ok[i].any():
            raise TalksInfeasible(f"talk {it.paper} fits no room: its rules leave it none")
        allowed[i] &= np.bincount(cell_session, weights=cell_ok[i], minlength=len(slots)) > 0
    return cell_ok


def build_instance(
    items: Sequence[TalkItem],
    slots: Sequence[TalkSlot],
    vectors: np.ndarray,
    changeover: int,
    busy: Busy | None,
) -> Instance:
    """The inputs checked and laid out; raises ``TalksInfeasible`` when they cannot fit."""
    vec = np.asarray(vectors, dtype=np.float64)
    _validate(items, slots, vec)
    if changeover < 0:
        raise ValueError("changeover must not be negative")
    ordered = sorted(slots, key=lambda s: (s.start, s.end, s.id))
    cells = [(k, r) for k, s in enumerate(ordered) for r in s.rooms]
    if items and not cells:
        raise TalksInfeasible(f"{len(items)} talks but no talk session has a room")
    cell_session = np.array([k for k, _ in cells], dtype=np.int64)
    n, m = len(items), len(ordered)
    allowed = np.zeros((n, m), dtype=bool)
    for i, it in enumerate(items):
        ks, why = _sessions_of(ordered, it, busy or {})
        if not ks:
            raise TalksInfeasible(f"talk {it.paper} fits no talk session: {why}")
        allowed[i, ks] = True
    cell_ok = _cells_ok(items, ordered, cells, allowed)
    overlap = np.array([[_overlaps(a, b) for b in ordered] for a in ordered], dtype=bool)
    groups = overlap_groups(ordered)
    flat = [k for g in groups for k in g]
    authors, speakers = _people(items, allowed, ordered)
    previous_cell, previous_session = _previous(items, ordered, cells)
    inst = Instance(
        items=list(items),
        slots=ordered,
        changeover=changeover,
        vectors=vec,
        search_vectors=search_rows(vec),
        units=np.array([it.minutes + changeover for it in items], dtype=np.int64),
        cells=cells,
        cell_session=cell_session,
        cell_cap=np.array([ordered[k].minutes + changeover for k, _ in cells], dtype=np.int64),
        cell_min=np.zeros(len(cells), dtype=np.int64),
        allowed=allowed,
        cell_ok=cell_ok,
        overlap=overlap,
        groups=groups,
        slotted=len(flat) == len(set(flat)),
        authors=authors,
        speakers=speakers,
        previous_cell=previous_cell,
        previous_session=previous_session,
        previous_position=np.array([it.previous[2] if it.previous else 0 for it in items]),
    )
    _pins(inst)
    _check_minutes(inst)
    _check_speakers(inst)
    return inst
