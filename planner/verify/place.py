"""The ``place`` check: every poster where its ``[[place]]`` rules let it go.

A rule names its posters by id or by record fields, and the sessions and rooms
they may go to; an exclusive rule reserves its rooms (or sessions) for the
posters of the rules that name them.  The rules are read again from the
records here, not through planner.read.places.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from planner.plan.records import Placement
from planner.read.conference import PlaceRule
from planner.verify.context import Check


def _squash(text: object) -> str:
    return " ".join(str(text).split()).casefold()


def _field_values(raw: dict[str, Any], name: str) -> set[str]:
    wanted = re.sub(r"[^0-9a-z]+", "", name.casefold())
    found: set[str] = set()
    for k, v in raw.items():
        if re.sub(r"[^0-9a-z]+", "", str(k).casefold()) == wanted:
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
    rules = check.venue.place
    if not rules:
        return
    records = (
        {p.id: p.raw for p in check.inputs} if check.inputs is not None else check.plan.records
    )
    wrong: dict[str, list[str]] = defaultdict(list)
    for pid, pl in sorted(check.where.items()):
        mine = {i for i, r in enumerate(rules) if _hit(r, pid, records)}
        for i in sorted(mine):
            rule = rules[i]
            if (rule.sessions is not None and pl.session not in rule.sessions) or (
                rule.rooms is not None and pl.room not in rule.rooms
            ):
                wrong[f"rule '{rule.name}' does not allow {check.at(pl)}"].append(pid)
        _reserved(check, rules, pid, pl, mine, wrong)
    for what, pids in wrong.items():
        check.add("place", f"{what}: posters {check.posters(pids)}")


def _reserved(
    check: Check,
    rules: list[PlaceRule],
    pid: str,
    pl: Placement,
    mine: set[int],
    wrong: dict[str, list[str]],
) -> None:
    """A poster in a room or session an exclusive rule reserves must be one of its rules'."""
    for rule in rules:
        if not rule.exclusive:
            continue
        if rule.rooms:
            reserved = pl.room in rule.rooms and (
                rule.sessions is None or pl.session in rule.sessions
            )
            namers = {j for j, r in enumerate(rules) if r.rooms and pl.room in r.rooms}
        else:
            reserved = pl.session in (rule.sessions or [])
            namers = {j for j, r in enumerate(rules) if r.sessions and pl.session in r.sessions}
        if reserved and not namers & mine:
            wrong[f"{check.at(pl)} is reserved by rule '{rule.name}'"].append(pid)
