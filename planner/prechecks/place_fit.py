"""What ``[[place]]`` rules make impossible, found before any solving.

Three findings, each in an organizer's words:

- the posters cannot all get a board they may use: a transportation problem
  (papers grouped by the rules, absences and pins that bind them; each group
  to the session-room cells it may use; each cell its boards), solved as a
  maximum flow; when it falls short, the rules whose papers outnumber every
  board they can reach are named;
- a presenter whose posters may only use sessions that give fewer separate
  times than they have posters;
- a pin that puts a paper where its rules do not let it go.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import maximum_flow

from planner.people.authors import AuthorIndex
from planner.people.windows import one_site_times
from planner.read.conference import Pin, Venue
from planner.read.places import Places


@dataclass(frozen=True)
class PlaceFinding:
    rule: str
    message: str


def _boards(count: int) -> str:
    return f"{count} board" if count == 1 else f"{count} boards"


def _cells(venue: Venue) -> list[tuple[str, str]]:
    return [
        (s.id, r.id)
        for s in venue.sessions
        for r in venue.rooms_in(s.id)
        if venue.usable_boards(s.id, r) > 0
    ]


def _reach(
    places: Places, paper: str, sessions: list[str], pin: Pin | None
) -> frozenset[tuple[str, str]]:
    """The (session, room) cells a paper may use."""
    cells = set()
    for s in sessions:
        if pin is not None and s != pin.session:
            continue
        for r in places.rooms_for(paper, s):
            if pin is None or pin.room is None or r == pin.room:
                cells.add((s, r))
    return frozenset(cells)


def fit_findings(
    places: Places, papers: list[str], sessions_of: dict[str, list[str]], pins: dict[str, Pin]
) -> list[PlaceFinding]:
    """The posters do not fit the boards their rules allow (maximum flow)."""
    groups: dict[frozenset[tuple[str, str]], int] = defaultdict(int)
    reach_of: dict[str, frozenset[tuple[str, str]]] = {}
    for p in papers:
        reach = _reach(places, p, sessions_of[p], pins.get(p))
        reach_of[p] = reach
        groups[reach] += 1
    flow = _max_flow(places.venue, groups)
    if flow >= len(papers):
        return []
    return _shortfall(places, papers, reach_of, flow)


def _max_flow(venue: Venue, groups: dict[frozenset[tuple[str, str]], int]) -> int:
    """How many posters get a board: source → group (its size) → cell → sink (its boards)."""
    cells = _cells(venue)
    cell_index = {c: i for i, c in enumerate(cells)}
    keys = sorted(groups, key=lambda g: sorted(g))
    n_groups, n_cells = len(keys), len(cells)
    size = 2 + n_groups + n_cells
    source, sink = 0, size - 1
    rows, cols, caps = [], [], []
    for g, key in enumerate(keys, 1):
        rows.append(source)
        cols.append(g)
        caps.append(groups[key])
        for c in key:
            rows.append(g)
            cols.append(1 + n_groups + cell_index[c])
            caps.append(groups[key])
    for (s, r), i in cell_index.items():
        rows.append(1 + n_groups + i)
        cols.append(sink)
        caps.append(venue.usable_boards(s, venue.room_by_id[r]))
    graph = csr_matrix((np.array(caps, dtype=np.int32), (rows, cols)), shape=(size, size))
    flow: int = maximum_flow(graph, source, sink).flow_value
    return flow


def _shortfall(
    places: Places,
    papers: list[str],
    reach_of: dict[str, frozenset[tuple[str, str]]],
    flow: int,
) -> list[PlaceFinding]:
    """The rules whose posters outnumber every board they reach, or the shortfall as a whole."""
    venue = places.venue
    out = []
    for i, rule in enumerate(places.rules):
        members = [p for p in papers if p in places.matched[i]]
        reachable: set[tuple[str, str]] = set().union(*(reach_of[p] for p in members))
        boards = sum(venue.usable_boards(s, venue.room_by_id[r]) for s, r in reachable)
        if len(members) > boards:
            out.append(
                PlaceFinding(
                    "place",
                    (
                        f"[[place]] rule '{rule.name}' matches {len(members)} posters but they "
                        "may use "
                        f"only {_boards(boards)} (its rooms and sessions, less what other rules "
                        "reserve): "
                        f"add {_boards(len(members) - boards)} to its rooms or sessions, or match "
                        "fewer papers."
                    ),
                )
            )
    if not out:
        out.append(
            PlaceFinding(
                "place",
                (
                    f"the posters cannot all get a board they may use: {len(papers) - int(flow)} "
                    "more "
                    "than the [[place]] rules, pins and absences leave room for (the rules' rooms "
                    "and "
                    "sessions fill up before the others): add boards to the rooms the rules name, "
                    "or "
                    "loosen a rule."
                ),
            )
        )
    return out


def presenter_findings(
    places: Places, index: AuthorIndex, venue: Venue, sessions_of: dict[str, list[str]]
) -> list[PlaceFinding]:
    """A presenter whose posters' allowed sessions give fewer separate times than posters."""
    by_presenter: dict[str, list[str]] = defaultdict(list)
    for pid, key in index.presenter.items():
        if pid in sessions_of:
            by_presenter[key].append(pid)
    out = []
    for key, pids in sorted(by_presenter.items()):
        if len(pids) < 2 or not any(p in places.rules_of for p in pids):
            continue
        usable = {s for p in pids for s in sessions_of[p] if places.rooms_for(p, s)}
        times = one_site_times(s for s in venue.sessions if s.id in usable)
        if len(pids) > len(times):
            rules = sorted({places.rules[i].name for p in pids for i in places.rules_of.get(p, ())})
            out.append(
                PlaceFinding(
                    "place",
                    (
                        f"{index.people[key].label} presents {len(pids)} posters "
                        f"({', '.join(pids)}) but "
                        f"the [[place]] rules {', '.join(repr(r) for r in rules)} leave them "
                        f"{len(times)} separate poster time(s): widen the rules' sessions, or name "
                        "another presenter in [presenters]."
                    ),
                )
            )
    return out


def pin_findings(places: Places, pins: list[Pin], accepted: set[str]) -> list[PlaceFinding]:
    out = []
    for pin in pins:
        if pin.paper not in accepted or pin.paper not in places.rules_of:
            continue
        rooms = places.rooms_for(pin.paper, pin.session)
        names = ", ".join(repr(places.rules[i].name) for i in places.rules_of[pin.paper])
        if not rooms or (pin.room is not None and pin.room not in rooms):
            where = (
                f"room '{pin.room}' in session '{pin.session}'"
                if pin.room
                else f"session '{pin.session}'"
            )
            out.append(
                PlaceFinding(
                    "pin",
                    (
                        f"Paper {pin.paper} is pinned to {where}, but the [[place]] rule(s) "
                        f"{names} do "
                        "not let it go there: move the pin or change the rule."
                    ),
                )
            )
    return out
