"""The ``place`` check: every poster and talk where its ``[[place]]`` rules let it go.

Posters are checked against the rules as they bind posters (the venue's
``place``), talks against the rules as they bind talks (``talk_place``).

A rule names its posters by id or by record fields, and the sessions and rooms
they may go to; an exclusive rule reserves its rooms (or sessions) for the
posters of the rules that name them.  The rules are read again from the
records here, not through planner.read.places.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from planner.read.conference import PlaceRule
from planner.verify.context import Check


def _squash(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _field_values(raw: dict[str, Any], name: str) -> set[str]:
    """The field of exactly that name, else the one that reads as it ignoring spelling."""
    wanted = re.sub(r"[^0-9a-z]+", "", name.casefold())
    exact = name in raw
    found: set[str] = set()
    for k, v in raw.items():
        if k == name if exact else re.sub(r"[^0-9a-z]+", "", str(k).casefold()) == wanted:
            for item in v if isinstance(v, list) else [v]:
                if item is not None and not isinstance(item, dict):
                    found.add(_squash(item))
    return found


def _hit(rule: PlaceRule, pid: str, records: dict[str, dict[str, Any]]) -> bool:
    if pid in rule.papers:
        return True
    raw = records.get(pid) or {}
    return bool(rule.where) and all(
        {_squash(v) for v in vals} & _field_values(raw, name) for name, vals in rule.where.items()
    )


def check_place(check: Check) -> None:
    """[[place]] rules, read again from the records (not planner.read.places)."""
    spots = [(pid, pl.session, pl.room, check.at(pl)) for pid, pl in sorted(check.where.items())]
    _check_rules(check, check.venue.place, spots, "posters")


def check_talk_place(check: Check) -> None:
    """Talks against the [[place]] rules as they bind talks (rooms with seats, talk sessions)."""
    spots = [
        (t.paper, t.session, t.room, f"talk session '{t.session}', room '{t.room}'")
        for t in check.plan.talks
    ]
    _check_rules(check, check.venue.talk_place, spots, "talks")


def _check_rules(
    check: Check, rules: list[PlaceRule], spots: list[tuple[str, str, str, str]], noun: str
) -> None:
    """Each (paper, session, room, where) against the rules that match the paper, and the
    rooms and sessions exclusive rules reserve."""
    if not rules:
        return
    records = (
        {p.id: p.raw for p in check.inputs} if check.inputs is not None else check.plan.records
    )
    wrong: dict[str, list[str]] = defaultdict(list)
    for pid, session, room, at in spots:
        mine = {i for i, r in enumerate(rules) if _hit(r, pid, records)}
        for i in sorted(mine):
            rule = rules[i]
            if (rule.sessions is not None and session not in rule.sessions) or (
                rule.rooms is not None and room not in rule.rooms
            ):
                wrong[f"rule '{rule.name}' does not allow {at}"].append(pid)
        for rule in rules:
            if rule.exclusive and _reserves(rule, rules, session, room, mine):
                wrong[f"{at} is reserved by rule '{rule.name}'"].append(pid)
    for what, pids in wrong.items():
        check.add("place", f"{what}: {noun} {check.posters(pids)}")


def _reserves(
    rule: PlaceRule, rules: list[PlaceRule], session: str, room: str, mine: set[int]
) -> bool:
    """Whether an exclusive rule keeps (session, room) from a paper matched by ``mine`` only."""
    if rule.rooms:
        reserved = room in rule.rooms and (rule.sessions is None or session in rule.sessions)
        namers = {j for j, r in enumerate(rules) if r.rooms and room in r.rooms}
    else:
        reserved = session in (rule.sessions or [])
        namers = {j for j, r in enumerate(rules) if r.sessions and session in r.sessions}
    return reserved and not namers & mine
