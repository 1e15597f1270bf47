"""The venue's [[place]] tables read into rules (planner.read.places says what they mean).

A rule names rooms and sessions by id or name, case and spacing ignored,
and an unknown one gets the nearest known spelling.
"""

from __future__ import annotations

import difflib
from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.read.conference import PlaceRule, Room, Session, Site
from planner.read.venue.problems import add_fault, unknown_keys
from planner.read.venue.schema import Checked, PlaceTable, VenueTable, check


def read_place(
    top: Checked[VenueTable],
    raw: list[Any],
    sessions: list[Session],
    rooms: list[Room],
    problems: Problems,
    sites: list[Site] | None = None,
) -> list[PlaceRule]:
    """The [[place]] rules (planner.read.places says what they mean)."""
    if add_fault(problems, "[[place]]", top.fault("place")):
        return []
    targets = {
        "rooms": _by_id_or_name(rooms),
        "sessions": _by_id_or_name(sessions),
        "sites": _by_id_or_name(sites or []),
    }
    out: list[PlaceRule] = []
    for i, item in enumerate(raw, 1):
        rule = _place_rule(item, i, targets, problems)
        if rule is not None:
            out.append(_at_sites(rule, item, targets["sites"], rooms, problems))
    return out


def _at_sites(
    rule: PlaceRule, item: Any, known: dict[str, str], rooms: list[Room], problems: Problems
) -> PlaceRule:
    """A rule naming sites = [...] as one naming the rooms at those sites (and its own rooms).

    ``sites`` is read into rooms here, so everything after (the model, the
    prechecks, verify) sees rooms only, as for any other rule.
    """
    values = item.get("sites") if isinstance(item, dict) else None
    if values is None:
        return rule
    where = f"[[place]] #{rule.number}, key 'sites'"
    values = values if isinstance(values, list) else [values]
    ids, unknown = _named([str(v) for v in values], known)
    for v in unknown:
        listed = ", ".join(sorted(set(known.values()))) or "(the venue has no [[sites]])"
        problems.add(where, f"no site '{v}' in the venue", f"Use one of: {listed}.")
    at = [r.id for r in rooms if r.site in ids]
    chosen = at if rule.rooms is None else [r for r in rule.rooms if r in at]
    if not chosen and not unknown:
        problems.add(where, "no room of the rule is at these sites", "Name rooms at those sites.")
    return rule.model_copy(update={"rooms": chosen or rule.rooms})


def _by_id_or_name(items: list[Session] | list[Room] | list[Site]) -> dict[str, str]:
    """Each item's id and name, spacing collapsed and casefolded -> its id."""
    return {" ".join(t.split()).casefold(): x.id for x in items for t in (x.id, x.name)}


def _place_rule(
    item: Any, i: int, targets: dict[str, dict[str, str]], problems: Problems
) -> PlaceRule | None:
    """The i-th [[place]] table as a rule; None when it names nowhere to place or is no table."""
    where = f"[[place]] #{i}"
    checked = check(PlaceTable, item)
    if checked.not_table:
        problems.add(where, "is not a table", "Write it as [[place]] with keys below it.")
        return None
    unknown_keys(problems, where, checked, PlaceTable)
    for loc, (what, fix) in checked.faults.items():
        if loc[0] == "where":  # the table, or one field of it
            problems.add(
                f"{where}, key 'where'", f"field '{loc[1]}' {what}" if loc[1:] else what, fix
            )
    add_fault(problems, f"{where}, key 'papers'", checked.fault("papers"))
    table = checked.model or PlaceTable()  # every field has a default
    if not table.where and not table.papers:
        problems.add(where, "selects no papers", "Add where = { field = value } or papers = [ids].")
    chosen = {
        key: _place_targets(checked, table, key, kind, targets[key], where, problems)
        for key, kind in (("rooms", "room"), ("sessions", "session"))
    }
    if chosen["rooms"] is None and chosen["sessions"] is None and table.sites is None:
        problems.add(
            where,
            "names no room and no session to place in",
            'Add rooms = ["hybrid"], sessions = ["slot1"] or sites = ["sd"].',
        )
        return None
    add_fault(problems, f"{where}, key 'exclusive'", checked.fault("exclusive"))
    name = table.name or "; ".join(v for vs in table.where.values() for v in vs) or f"place #{i}"
    return PlaceRule(
        name=name,
        where=table.where,
        papers=[canonical_id(p) for p in table.papers],
        rooms=chosen["rooms"],
        sessions=chosen["sessions"],
        exclusive=table.exclusive,
        number=i,
    )


def _place_targets(
    checked: Checked[PlaceTable],
    table: PlaceTable,
    key: str,
    kind: str,
    known: dict[str, str],
    where: str,
    problems: Problems,
) -> list[str] | None:
    """The ids of the rooms (or sessions) the rule names; None if the key is absent or unusable."""
    if add_fault(problems, f"{where}, key '{key}'", checked.fault(key)):
        return None
    values = table.rooms if key == "rooms" else table.sessions
    if values is None:
        return None
    ids, unknown = _named(values, known)
    for v in unknown:
        near = difflib.get_close_matches(v, sorted(set(known.values())), n=1)
        problems.add(
            f"{where}, key '{key}'",
            f"no {kind} '{v}' in the venue",
            f"did you mean '{near[0]}'?"
            if near
            else f"Use one of: {', '.join(sorted(set(known.values())))}.",
        )
    return ids


def _named(values: list[str], known: dict[str, str]) -> tuple[list[str], list[str]]:
    """Ids for the values (ids or names, case and spacing ignored), and the unknown ones."""
    ids, unknown = [], []
    for v in values:
        found = known.get(" ".join(v.split()).casefold())
        if found is None:
            unknown.append(v)
        elif found not in ids:
            ids.append(found)
    return ids, unknown


def for_kind(rules: list[PlaceRule], sessions: list[Session], rooms: list[Room]) -> list[PlaceRule]:
    """The rules as they bind one kind of placement, given that kind's sessions and rooms.

    A rule restricts posters through the poster sessions and rooms with
    boards it names, and talks through the talk sessions and rooms with seats
    it names: each key keeps the names of the kind's own, and a key naming none
    of them does not restrict the kind.  A rule that then restricts nothing
    does not apply to the kind at all, so "orals in oral sessions" leaves the
    orals' posters free.  A venue without talks keeps its rules as read.
    """
    session_ids = {s.id for s in sessions}
    room_ids = {r.id for r in rooms}
    out = []
    for rule in rules:
        mine_sessions = [s for s in rule.sessions or [] if s in session_ids] or None
        mine_rooms = [r for r in rule.rooms or [] if r in room_ids] or None
        if mine_sessions is None and mine_rooms is None:
            continue
        out.append(rule.model_copy(update={"sessions": mine_sessions, "rooms": mine_rooms}))
    return out
