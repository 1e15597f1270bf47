"""The venue's tables about authors: [[unavailable]], [authors], and the paper-id tables.

[[unavailable]] names sessions an author is away, [authors] which author
ids are one person or different people, and [presenters] (like [topics])
maps paper ids to a value.  Whom the names and ids mean is decided against
the accepted papers later (planner.people.authors).
"""

from __future__ import annotations

from typing import Any

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.core.limits import show
from planner.read.conference import AuthorOverrides, Unavailability
from planner.read.venue.problems import add_fault, first_fault, unknown_keys
from planner.read.venue.schema import (
    AuthorsTable,
    Checked,
    MappingTable,
    UnavailableTable,
    VenueTable,
    check,
)


def read_unavailable(
    top: Checked[VenueTable], raw: list[Any], session_ids: set[str], problems: Problems
) -> list[Unavailability]:
    """The [[unavailable]] tables, leaving out each one with a problem."""
    if add_fault(problems, "[[unavailable]]", top.fault("unavailable")):
        return []
    out: list[Unavailability] = []
    for i, item in enumerate(raw, 1):
        where = f"[[unavailable]] #{i}"
        checked = check(UnavailableTable, item)
        if checked.not_table:
            problems.add(where, "is not a table", "Write it as [[unavailable]] with keys below it.")
            continue
        unknown_keys(problems, where, checked, UnavailableTable)
        table = checked.model
        if first_fault(problems, where, checked) or table is None:
            continue
        bad = [s for s in table.sessions if not isinstance(s, str) or s not in session_ids]
        if bad:
            problems.add(
                where,
                f"names unknown session(s) {', '.join(map(str, bad))}",
                f"Use one of: {', '.join(sorted(session_ids))}.",
            )
            continue
        out.append(Unavailability(author=table.author, sessions=list(table.sessions)))
    return out


def read_author_overrides(
    top: Checked[VenueTable], raw: dict[str, Any], problems: Problems
) -> AuthorOverrides:
    """The [authors] table: who is one person, who different people; empty if unreadable."""
    if add_fault(problems, "[authors]", top.fault("authors")):
        return AuthorOverrides()
    checked = check(AuthorsTable, raw)
    unknown_keys(problems, "[authors]", checked, AuthorsTable)
    for (key, *_), found in checked.faults.items():
        add_fault(problems, f"[authors] '{key}'", found)
    table = checked.model or AuthorsTable()
    return AuthorOverrides(same=table.same, different=table.different)


def read_mapping(
    top: Checked[VenueTable], raw: dict[str, Any], table: str, problems: Problems
) -> dict[str, str]:
    """A table of paper id -> value ([topics], [presenters]), the ids made canonical."""
    if add_fault(problems, f"[{table}]", top.fault(table)):
        return {}
    checked = check(MappingTable, raw)
    for (key, *_), (what, fix) in checked.faults.items():
        problems.add(f"[{table}] '{show(str(key))}'", what, fix.replace("{key}", str(key)))
    mapping = checked.model.root if checked.model is not None else {}
    return {canonical_id(key): value for key, value in mapping.items()}
