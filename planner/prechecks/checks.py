"""Cheap checks that find impossible venues before any solving.

Each finding says, in an organizer's words, which rule cannot be met and what
would fix it: too few boards, a presenter nobody can relieve, a paper whose
authors are away for every session, pins that contradict the venue or each
other, and what the ``[[place]]`` rules make impossible (planner.prechecks.place_fit).
They run in milliseconds; what they cannot see is left to the solver's
explanation (an unsat core, planner.engine ``_explain``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from planner.people.authors import AuthorIndex
from planner.people.inputs import Inputs
from planner.people.windows import presenter_windows
from planner.prechecks.sites import site_findings
from planner.prechecks.talks import talk_findings
from planner.read.board_labels import board_number
from planner.read.conference import Pin, PlaceRule, Venue


@dataclass
class Finding:
    rule: str  # a short name of the rule group: capacity, presenter, pin, availability, place
    message: str


def _boards(count: int) -> str:
    return f"{count} board" if count == 1 else f"{count} boards"


def allowed_sessions(paper_id: str, index: AuthorIndex, venue: Venue) -> list[str]:
    """Sessions none of the paper's authors is away for."""
    away: set[str] = set()
    for key in index.paper_people.get(paper_id, []):
        away |= index.unavailable.get(key, set())
    return [s.id for s in venue.sessions if s.id not in away and venue.session_capacity(s.id) > 0]


def prechecks(inputs: Inputs, pins: list[Pin] | None = None) -> list[Finding]:
    """Everything no plan can get around, in the order an organizer would fix it."""
    venue = inputs.venue
    pins = venue.pins if pins is None else pins
    accepted = {p.id for p in inputs.accepted}
    pinned = [p for p in pins if p.paper in accepted]
    return [
        *_rules_apart(inputs),
        *_capacity(inputs),
        *_presenters(inputs),
        *_availability(inputs),
        *_pins(inputs, pinned),
        *_pinned_presenters(inputs, pinned),
        *_place_findings(inputs, pinned),
        *(Finding(rule, message) for rule, message in talk_findings(inputs)),
        *(Finding(rule, message) for rule, message in site_findings(inputs, pinned)),
    ]


def _capacity(inputs: Inputs) -> list[Finding]:
    venue, n = inputs.venue, len(inputs.posters)
    if n <= venue.capacity:
        return []
    return [
        Finding(
            "capacity",
            (
                f"{n} posters need boards but the venue has {venue.capacity} usable boards "
                f"(boards less spares over all sessions): add {_boards(n - venue.capacity)}, "
                "a room or a session, or lower rules.spare_boards."
            ),
        )
    ]


def _presenters(inputs: Inputs) -> list[Finding]:
    """A presenter with more posters than times nobody could relieve.

    Surplus posters were handed to co-authors already (planner.people.presenters);
    what is left nobody else could take, or the chair assigned in [presenters].
    """
    venue, index = inputs.venue, inputs.index
    by_presenter: dict[str, list[str]] = defaultdict(list)
    for pid, key in index.presenter.items():
        if pid not in index.talk_only:
            by_presenter[key].append(pid)
    out = []
    for key, pids in sorted(by_presenter.items()):
        w = presenter_windows(venue, index.unavailable.get(key, set()))
        if len(pids) < 2 or len(pids) <= w:
            continue
        chosen = [p for p in pids if p in venue.presenter_of]
        why = (
            f"[presenters] names them for {', '.join(chosen)}"
            if chosen
            else "no co-author of the others can take one over (they have no other "
            "authors, or every co-author is booked at every time)"
        )
        out.append(
            Finding(
                "presenter",
                (
                    f"{index.people[key].label} presents {len(pids)} posters ({', '.join(pids)}) "
                    f"but there are only {_times(venue, w)} they can attend, and {why}: "
                    "name "
                    "another presenter for some of them in [presenters], or add a session at "
                    "another "
                    "time."
                ),
            )
        )
    return out


def _times(venue: Venue, w: int) -> str:
    """``w`` presenting times in words: halves of sessions when the venue has halves."""
    if venue.rules.halves:
        return f"{w} presenting times (two halves in each of {w // 2} separate poster times)"
    return f"{w} separate poster times"


def _availability(inputs: Inputs) -> list[Finding]:
    """Every poster needs a session all its authors can attend."""
    venue, index = inputs.venue, inputs.index
    out = []
    for paper in inputs.posters:
        if allowed_sessions(paper.id, index, venue):
            continue
        away = [
            index.people[k].label
            for k in index.paper_people.get(paper.id, [])
            if index.unavailable.get(k)
        ]
        table = f" or a row of {venue.rules.availability}." if venue.rules.availability else "."
        out.append(
            Finding(
                "availability",
                (
                    f"Paper {paper.id} has no session all its authors can attend "
                    f"(unavailable: {', '.join(away)}): relax an [[unavailable]] entry{table}"
                ),
            )
        )
    return out


def _pins(inputs: Inputs, pins: list[Pin]) -> list[Finding]:
    """Pins to a session an author is away for, to boards that do not exist or are
    taken twice, and more pins than a session or room has boards."""
    venue, index = inputs.venue, inputs.index
    out = []
    by_cell: Counter[tuple[str, str | None]] = Counter()
    boards_taken: dict[tuple[str, str, int], str] = {}
    for pin in pins:
        origin = {"venue": "pinned", "report": "placed by hand in the report (edits.toml)"}.get(
            pin.source, "placed by hand in the workbook"
        )
        by_cell[(pin.session, None)] += 1
        if pin.room:
            by_cell[(pin.session, pin.room)] += 1
        if pin.session not in allowed_sessions(pin.paper, index, venue):
            out.append(
                Finding(
                    "pin",
                    (
                        f"Paper {pin.paper} is {origin} to session '{pin.session}', but one of its "
                        "authors is unavailable then: move the pin or the unavailability."
                    ),
                )
            )
        if not (pin.room and pin.board):
            continue
        found = _pinned_board(venue, pin, pin.room, pin.board, origin, boards_taken)
        if found is not None:
            out.append(found)
    out += _pins_over_boards(venue, by_cell)
    return out


def _pinned_board(
    venue: Venue,
    pin: Pin,
    room_id: str,
    board: str,
    origin: str,
    boards_taken: dict[tuple[str, str, int], str],
) -> Finding | None:
    """A pin (to ``board`` of ``room_id``) to a board that does not exist or that another
    pin took; records the board as taken."""
    room = venue.room_by_id[room_id]
    count = room.board_count(pin.session)
    number = board_number(board, room.board_prefix, venue.rules.board_label, count)
    if number is None or not 1 <= number <= count:
        return Finding(
            "pin",
            (
                f"Paper {pin.paper} is {origin} to board '{board}' of {room.name}, "
                "which "
                f"has boards 1-{count} in that session."
            ),
        )
    cell = (pin.session, room_id, number)
    found = None
    if cell in boards_taken:
        found = Finding(
            "pin",
            (
                f"Papers {boards_taken[cell]} and {pin.paper} are both {origin} to board "
                f"'{board}' of {room.name} in session '{pin.session}'."
            ),
        )
    boards_taken[cell] = pin.paper
    return found


def _pins_over_boards(venue: Venue, by_cell: Counter[tuple[str, str | None]]) -> list[Finding]:
    """Sessions and rooms with more pins than usable boards."""
    out = []
    for (sid, rid), count in sorted(by_cell.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        if rid is None:
            cap = venue.session_capacity(sid)
            where = f"session '{sid}'"
        else:
            cap = venue.usable_boards(sid, venue.room_by_id[rid])
            where = f"{venue.room_by_id[rid].name} in session '{sid}'"
        if count > cap:
            out.append(
                Finding(
                    "pin",
                    (
                        f"{count} papers are pinned to {where}, which has {cap} usable boards: "
                        f"unpin {count - cap} of them."
                    ),
                )
            )
    return out


def _pinned_presenters(inputs: Inputs, pins: list[Pin]) -> list[Finding]:
    """Two pins the same presenter would have to stand at together."""
    index, session = inputs.index, inputs.venue.session_by_id
    out = []
    for i, a in enumerate(pins):
        for b in pins[i + 1 :]:
            pa, pb = index.presenter.get(a.paper), index.presenter.get(b.paper)
            if pa and pa == pb and session[a.session].overlaps(session[b.session]):
                if _halves_apart(inputs.venue, a, b):
                    continue
                out.append(
                    Finding(
                        "pin",
                        (
                            f"Papers {a.paper} and {b.paper} are pinned to overlapping sessions "
                            f"('{a.session}', '{b.session}') but {index.people[pa].label} presents "
                            "both: move one pin or name another presenter."
                        ),
                    )
                )
    return out


def _halves_apart(venue: Venue, a: Pin, b: Pin) -> bool:
    """With halves, two pins in one session may be presented one in each half.

    Only two pinned boards of the same parity keep them in one half; the
    board stage gives unpinned boards opposite parity (planner.model.halves).
    """
    if not venue.rules.halves or a.session != b.session:
        return False
    numbers = []
    for pin in (a, b):
        room = venue.room_by_id.get(pin.room or "")
        if pin.board is None or room is None:
            return True
        label = venue.rules.board_label
        numbers.append(
            board_number(pin.board, room.board_prefix, label, room.board_count(pin.session))
        )
    first, second = numbers
    return first is None or second is None or first % 2 != second % 2


def _stranded(inputs: Inputs) -> dict[tuple[int, ...], list[str]]:
    """Papers whose [[place]] rules leave them no room in any session, by their rules."""
    places = inputs.resolved_places()
    out: dict[tuple[int, ...], list[str]] = {}
    if not places.active:
        return out
    for paper in inputs.posters:
        mine = places.rules_of.get(paper.id)
        if mine and not places.sessions_for(paper.id):
            out.setdefault(mine, []).append(paper.id)
    return out


def _rule_said(rule: PlaceRule) -> str:
    """A rule as a finding names it: "'remote' (where event_type)", so a chair sees which
    field it really read."""
    fields = ", ".join(rule.where)
    return f"'{rule.name}'" + (f" (where {fields})" if fields else "")


def _rules_apart(inputs: Inputs) -> list[Finding]:
    """Rules that together leave papers nowhere: one finding per set of rules, first,
    since everything else these papers cannot do follows from it."""
    places = inputs.resolved_places()
    out = []
    for mine, papers in _stranded(inputs).items():
        names = " and ".join(_rule_said(places.rules[i]) for i in mine)
        shown = ", ".join(papers[:8]) + (f" and {len(papers) - 8} more" if len(papers) > 8 else "")
        out.append(
            Finding(
                "place",
                f"{len(papers)} paper(s) match [[place]] rules {names}, which together leave "
                f"them no room in any session (their rooms and sessions have none in common, "
                f"or an exclusive rule reserves the rest): {shown}. Make a rule's where match "
                "fewer papers, or give the rules a room and session in common.",
            )
        )
    return out


def _place_findings(inputs: Inputs, pins: list[Pin]) -> list[Finding]:
    """What the venue's [[place]] rules make impossible (planner.prechecks.place_fit)."""
    places = inputs.resolved_places()
    if not places.active:
        return []
    from planner.prechecks.place_fit import fit_findings, pin_findings, presenter_findings

    venue, index = inputs.venue, inputs.index
    # Papers the rules leave nowhere are one finding already (_rules_apart).
    stranded = {p for papers in _stranded(inputs).values() for p in papers}
    papers = [p.id for p in inputs.accepted if p.id not in stranded]
    sessions_of = {p: allowed_sessions(p, index, venue) for p in papers}
    found = pin_findings(places, pins, set(papers))
    found += presenter_findings(places, index, venue, sessions_of)
    if not found:  # the fit assumes the pins and presenters can hold
        found += fit_findings(places, papers, sessions_of, {p.paper: p for p in pins})
    return [Finding(f.rule, f.message) for f in found]
