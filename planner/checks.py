"""Cheap checks that find impossible venues before any solving.

Each finding says, in an organizer's words, which rule cannot be met and what
would fix it.  These run in milliseconds; what they cannot see is left to the
solver's explanation (planner.explain).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from planner.authors import AuthorIndex
from planner.inputs import Inputs
from planner.models import Pin, Venue
from planner.text import display_key
from planner.timeslots import Bound, clash_lower_bound, person_windows, separate_times


def board_number(
    pin_board: str, prefix: str, pattern: str = "{prefix}{number}", boards: int = 0
) -> int | None:
    """The board number a label names: "A12" with prefix "A" -> 12, "12" -> 12.

    A label written in the venue's own ``rules.board_label`` format ("A-03") is
    matched against the labels of boards 1..``boards`` first.
    """
    from planner.boards import board_label

    text = pin_board.strip()
    # Compared as labels read back from a workbook cell (spaces collapsed, case and
    # characters a cell cannot hold ignored): a prefix " 1" gives the label " 11".
    wanted = display_key(text)
    for n in range(1, boards + 1):
        if display_key(board_label(prefix, n, pattern)) == wanted:
            return n
    if prefix and text.upper().startswith(prefix.upper()):
        text = text[len(prefix) :]
    match = re.fullmatch(r"0*(\d+)", text.strip())
    return int(match.group(1)) if match else None


def _boards(count: int) -> str:
    return f"{count} board" if count == 1 else f"{count} boards"


@dataclass
class Finding:
    rule: str  # a short name of the rule group: capacity, presenter, pin, availability
    message: str


def allowed_sessions(paper_id: str, index: AuthorIndex, venue: Venue) -> list[str]:
    """Sessions none of the paper's authors is away for."""
    away: set[str] = set()
    for key in index.paper_people.get(paper_id, []):
        away |= index.unavailable.get(key, set())
    return [s.id for s in venue.sessions if s.id not in away and venue.session_capacity(s.id) > 0]


def prechecks(inputs: Inputs, pins: list[Pin] | None = None) -> list[Finding]:
    venue, index = inputs.venue, inputs.index
    pins = venue.pins if pins is None else pins
    people = index.people
    out: list[Finding] = []
    n = len(inputs.accepted)
    if n > venue.capacity:
        out.append(
            Finding(
                "capacity",
                (
                    f"{n} posters need boards but the venue has {venue.capacity} usable boards "
                    f"(boards less spares over all sessions): add {_boards(n - venue.capacity)}, "
                    "a room or a session, or lower rules.spare_boards."
                ),
            )
        )

    # A presenter cannot stand at two posters at once.  Surplus posters were
    # handed to co-authors already (planner.presenters); what is left here
    # nobody else could take, or the chair assigned in [presenters].
    by_presenter: dict[str, list[str]] = defaultdict(list)
    for pid, key in index.presenter.items():
        by_presenter[key].append(pid)
    for key, pids in sorted(by_presenter.items()):
        if len(pids) < 2:
            continue
        w = person_windows(venue, index.unavailable.get(key, set()))
        if len(pids) > w:
            chosen = [p for p in pids if p in venue.presenter_of]
            why = (f"[presenters] names them for {', '.join(chosen)}" if chosen else
                   "no co-author of the others can take one over (they have no other "
                   "authors, or every co-author is booked at every time)")
            out.append(
                Finding(
                    "presenter",
                    (
                        f"{people[key].label} presents {len(pids)} posters ({', '.join(pids)}) "
                        f"but there are only {w} separate poster times they can attend, and "
                        f"{why}: name another presenter "
                        "for some of them in [presenters], or add a session at another time."
                    ),
                )
            )

    # Availability: every paper needs a session all its authors can attend.
    for paper in inputs.accepted:
        if not allowed_sessions(paper.id, index, venue):
            away = [
                people[k].label
                for k in index.paper_people.get(paper.id, [])
                if index.unavailable.get(k)
            ]
            out.append(
                Finding(
                    "availability",
                    (
                        f"Paper {paper.id} has no session all its authors can attend "
                        f"(unavailable: {', '.join(away)}): relax an [[unavailable]] entry."
                    ),
                )
            )

    # Pins.
    accepted = {p.id for p in inputs.accepted}
    by_cell: Counter[tuple[str, str | None]] = Counter()
    boards_taken: dict[tuple[str, str, int], str] = {}
    for pin in pins:
        if pin.paper not in accepted:
            continue
        origin = {"venue": "pinned", "report": "placed by hand in the report (edits.toml)"
                  }.get(pin.source, "placed by hand in the workbook")
        by_cell[(pin.session, None)] += 1
        if pin.room:
            by_cell[(pin.session, pin.room)] += 1
        allowed = allowed_sessions(pin.paper, index, venue)
        if pin.session not in allowed:
            out.append(
                Finding(
                    "pin",
                    (
                        f"Paper {pin.paper} is {origin} to session '{pin.session}', but one of its "
                        "authors is unavailable then: move the pin or the unavailability."
                    ),
                )
            )
        if pin.room and pin.board:
            room = venue.room_by_id[pin.room]
            number = board_number(
                pin.board, room.board_prefix, venue.rules.board_label, room.board_count(pin.session)
            )
            if number is None or not 1 <= number <= room.board_count(pin.session):
                out.append(
                    Finding(
                        "pin",
                        (
                            f"Paper {pin.paper} is {origin} to board '{pin.board}' of {room.name}, "
                            "which "
                            f"has boards 1-{room.board_count(pin.session)} in that session."
                        ),
                    )
                )
            else:
                cell = (pin.session, pin.room, number)
                if cell in boards_taken:
                    out.append(
                        Finding(
                            "pin",
                            (
                                f"Papers {boards_taken[cell]} and {pin.paper} are both {origin} "
                                "to board "
                                f"'{pin.board}' of {room.name} in session '{pin.session}'."
                            ),
                        )
                    )
                boards_taken[cell] = pin.paper
    for (sid, rid), count in sorted(by_cell.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if rid is None:
            cap = venue.session_capacity(sid)
            if count > cap:
                out.append(
                    Finding(
                        "pin",
                        (
                            f"{count} papers are pinned to session '{sid}', "
                            f"which has {cap} usable boards: "
                            f"unpin {count - cap} of them."
                        ),
                    )
                )
        else:
            room = venue.room_by_id[rid]
            cap = venue.usable_boards(sid, room)
            if count > cap:
                out.append(
                    Finding(
                        "pin",
                        (
                            f"{count} papers are pinned to {room.name} in session '{sid}', "
                            "which has "
                            f"{cap} usable boards: unpin {count - cap} of them."
                        ),
                    )
                )

    # Two pins the same presenter would have to stand at together.
    session = venue.session_by_id
    pinned = [p for p in pins if p.paper in accepted]
    for i, a in enumerate(pinned):
        for b in pinned[i + 1 :]:
            pa, pb = index.presenter.get(a.paper), index.presenter.get(b.paper)
            if pa and pa == pb and session[a.session].overlaps(session[b.session]):
                out.append(
                    Finding(
                        "pin",
                        (
                            f"Papers {a.paper} and {b.paper} are pinned to overlapping sessions "
                            f"('{a.session}', '{b.session}') but {people[pa].label} presents both: "
                            "move one pin or name another presenter."
                        ),
                    )
                )
    out.extend(_place_findings(inputs, pinned))
    return out


def _place_findings(inputs: Inputs, pins: list[Pin]) -> list[Finding]:
    """What the venue's [[place]] rules make impossible (planner.place_checks)."""
    places = inputs.resolved_places()
    if not places.active:
        return []
    from planner.place_checks import fit_findings, pin_findings, presenter_findings

    venue, index = inputs.venue, inputs.index
    papers = [p.id for p in inputs.accepted]
    sessions_of = {p: allowed_sessions(p, index, venue) for p in papers}
    found = pin_findings(places, pins, set(papers))
    found += presenter_findings(places, index, venue, sessions_of)
    if not found:  # the fit assumes the pins and presenters can hold
        found += fit_findings(places, papers, sessions_of, {p.paper: p for p in pins})
    return [Finding(f.rule, f.message) for f in found]


@dataclass
class Summary:
    records: int
    by_decision: list[tuple[str, int, bool]]
    posters: int
    people: int
    slots: int
    unnamed: int
    multi: int
    most: int
    sessions: list[tuple[str, str, str, int, int]]  # id, name, time, rooms, usable boards
    capacity: int
    windows: list[str]
    bounds: list[Bound]
    findings: list[Finding]

    @property
    def clash_bound(self) -> int:
        return sum(b.clashes for b in self.bounds)


def summarize(inputs: Inputs) -> Summary:
    from planner.inputs import is_accepted

    venue, index = inputs.venue, inputs.index
    decisions: Counter[str] = Counter(p.decision or "(none)" for p in inputs.paper_list.papers)
    by_decision = []
    for decision, count in decisions.most_common():
        sample = next(p for p in inputs.paper_list.papers if (p.decision or "(none)") == decision)
        by_decision.append((decision, count, is_accepted(sample, venue)))
    slots = sum(len(p.authors) for p in inputs.accepted)
    unnamed = sum(1 for p in inputs.accepted for a in p.authors if not a.name.strip())
    counts = [len(p.papers) for p in index.people.values()]
    sessions = [
        (
            s.id,
            s.name,
            f"{s.start:%a %d %b %H:%M}-{s.end:%H:%M}",
            len(venue.rooms_in(s.id)),
            venue.session_capacity(s.id),
        )
        for s in sorted(venue.sessions, key=lambda s: (s.start, s.id))
    ]
    return Summary(
        records=len(inputs.paper_list.papers),
        by_decision=by_decision,
        posters=len(inputs.accepted),
        people=len(index.people),
        slots=slots,
        unnamed=unnamed,
        multi=sum(1 for c in counts if c >= 2),
        most=max(counts, default=0),
        sessions=sessions,
        capacity=venue.capacity,
        windows=[s.id for s in separate_times(venue.sessions)],
        bounds=clash_lower_bound(index, venue),
        findings=prechecks(inputs),
    )
