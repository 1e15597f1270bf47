"""The venue's ``[[place]]`` rules as the outputs show them (issue 13: "shown where
people look"): which rule placed each poster, and each rule's load against the
boards it allows.

Rules are matched from the plan's own records with planner.read.places, the same
reading the planner used, so a written plan shows its rules without the inputs.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.plan.records import Plan
from planner.read.places import record_matches


@dataclass(frozen=True)
class RuleLoad:
    """One rule: the papers it matches and, per session it allows, placed / boards."""

    name: str
    exclusive: bool
    rooms: str  # room names, or "any room"
    sessions: str  # session names, or "any session"
    papers: int
    load: list[tuple[str, int, int]]  # (session id, its papers placed there, boards allowed)


def rules_of(plan: Plan) -> dict[str, tuple[int, ...]]:
    """Paper id -> the indices of the rules that match it (papers no rule matches left out)."""
    rules = plan.venue.place
    out: dict[str, tuple[int, ...]] = {}
    if not rules:
        return out
    for pl in plan.placements:
        raw = plan.records.get(pl.paper, {})
        mine = tuple(i for i, rule in enumerate(rules) if record_matches(rule, pl.paper, raw))
        if mine:
            out[pl.paper] = mine
    return out


def rule_label(plan: Plan, indices: tuple[int, ...]) -> str:
    """The names of rules, as a badge reads: "remote", "demo, industry"."""
    return ", ".join(plan.venue.place[i].name for i in indices)


def rule_loads(plan: Plan, matched: dict[str, tuple[int, ...]] | None = None) -> list[RuleLoad]:
    venue = plan.venue
    matched = rules_of(plan) if matched is None else matched
    out = []
    for i, rule in enumerate(venue.place):
        members = {p for p, mine in matched.items() if i in mine}
        rooms = [
            venue.room_by_id[r] for r in rule.rooms or [] if r in venue.room_by_id
        ] or venue.rooms
        load = []
        for s in venue.sessions:
            if rule.sessions is not None and s.id not in rule.sessions:
                continue
            boards = sum(venue.usable_boards(s.id, r) for r in rooms)
            placed = sum(1 for pl in plan.placements if pl.paper in members and pl.session == s.id)
            load.append((s.id, placed, boards))
        out.append(
            RuleLoad(
                name=rule.name,
                exclusive=rule.exclusive,
                rooms=", ".join(r.name for r in rooms) if rule.rooms else "any room",
                sessions=", ".join(
                    venue.session_by_id[s].name for s in rule.sessions if s in venue.session_by_id
                )
                if rule.sessions
                else "any session",
                papers=len(members),
                load=load,
            )
        )
    return out
