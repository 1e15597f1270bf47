"""Session loads against their fair shares: the summary's finding on even sessions.

With boards to spare, chairs expect sessions of about the same size by boards:
each session's load within ±5 % of its proportional share (its usable boards'
part of the posters: planner.model.shares.band), so all are within 10 % of
each other.  A session outside that band is a finding, named with why: the
posters pinned there, ``[[place]]`` rules, absences or closed rooms that force
it, or, if nothing forces it, that the search kept it so (constraints.balance
prices the band below clashes and moves).

The finding is worked out where the engine still has the rules' domains and
kept beside the figures (not in plan.json: a plan file does not change with
its wording).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import constraints
from planner.model.shares import band, session_shares
from planner.model.stage_models import Domains, PlanningProblem
from planner.plan.records import OffBand, SessionLoads

# What each rule that narrows domains means for a session, in the summary's words.
_CAUSE = {
    "pin": "pinned",
    "place": "[[place]] rules",
    "availability": "authors away",
    "speakers": "presenters giving talks",
    "sites": "their presenters' site",
}


def _restricted(problem: PlanningProblem) -> dict[str, dict[str, list[str]]]:
    """Rule name -> paper -> the sessions that rule alone leaves the paper."""
    out: dict[str, dict[str, list[str]]] = {}
    for rule in constraints.RULES:
        if rule.domains is None:
            continue
        alone = Domains.open_to_all(problem)
        rule.domains(problem, alone)
        everywhere = set(problem.open_sessions)
        narrowed = {p: s for p, s in alone.allowed.items() if set(s) != everywhere}
        if narrowed:
            out[rule.name] = narrowed
    return out


def _why(
    problem: PlanningProblem,
    session: str,
    over: bool,
    placed: list[str],
    restricted: Mapping[str, Mapping[str, list[str]]],
) -> str:
    counts: Counter[str] = Counter()
    for name, narrowed in restricted.items():
        if over:
            counts[name] = sum(1 for p in placed if p in narrowed and session in narrowed[p])
        else:
            counts[name] = sum(1 for options in narrowed.values() if session not in options)
    parts = [f"{n} {_CAUSE.get(name, name)}" for name, n in sorted(counts.items()) if n]
    closed = [r for r in problem.venue.rooms if not r.is_open(session)]
    rooms = f" ({len(closed)} of its rooms closed)" if closed else ""
    if not parts:
        return "forced by the rules together" + rooms
    if over:
        return "posters held here: " + ", ".join(parts) + rooms
    return "posters that may not come here: " + ", ".join(parts) + rooms


def session_loads(
    problem: PlanningProblem, domains: Domains, session_of: Mapping[str, str]
) -> SessionLoads:
    """The loads of the sessions with boards and the finding for those outside their band."""
    venue = problem.venue
    sessions = problem.open_sessions
    caps = {s: venue.session_capacity(s) for s in sessions}
    load = Counter(session_of.values())
    # The shares chairs compare against: every poster free to go anywhere.
    shares = session_shares(sessions, caps, {p: sessions for p in problem.papers})
    # And what the papers can actually use: a share pins, rules or absences move is forced.
    forced = session_shares(sessions, caps, domains.allowed)
    outside: list[OffBand] = []
    restricted: dict[str, dict[str, list[str]]] | None = None
    for s in sessions:
        low, high = band(shares[s])
        if low <= load[s] <= high:
            continue
        restricted = _restricted(problem) if restricted is None else restricted
        placed = sorted(p for p, where in session_of.items() if where == s)
        if low <= round(forced[s]) <= high:
            why = "nothing forces it: the search kept it so (clashes, presenters or its time)"
        else:
            why = _why(problem, s, load[s] > high, placed, restricted)
        outside.append(
            OffBand(session=s, load=load[s], share=shares[s], low=low, high=high, why=why)
        )
    loads = [load[s] for s in sessions] or [0]
    return SessionLoads(
        smallest=min(loads),
        largest=max(loads),
        roomy=sum(caps.values()) > len(problem.papers),
        outside=outside,
    )


def describe(loads: SessionLoads, names: Mapping[str, str]) -> list[str]:
    """The summary's lines: the range of loads, then each session outside its band and why.

    Only with boards to spare: in a full venue every session is as full as its boards.
    """
    if not loads.roomy:
        return []
    span = f"{loads.smallest}-{loads.largest} posters"
    if not loads.outside:
        return [f"{span}, within 10% of each other by boards"]
    lines = [f"{span}; {len(loads.outside)} outside ±5% of their share by boards:"]
    for off in loads.outside:
        name = names.get(off.session, off.session)
        lines.append(
            f"{name}: {off.load} posters, share {off.share:.0f} ({off.low}-{off.high}); {off.why}"
        )
    return lines
