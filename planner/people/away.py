"""Who is away when: the venue's [[unavailable]] entries and the availability table's rows.

[[unavailable]] entries name authors as the venue file does (an id, e-mail
or name, looked up among the author keys) and a name that fits nobody, or
several people, is a problem.  The availability table's rows are matched
against people instead and only reported when they fit nobody
(TableMatches), since forms collect answers from people whose papers were
withdrawn.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.people.author_merge import UnionFind
from planner.people.author_slots import UNNAMED, AuthorEntry, Person, lookup
from planner.read.conference import Venue

if TYPE_CHECKING:
    from collections.abc import Callable


@dataclass
class TableMatches:
    """How the rows of the availability table matched the authors, for planner check.

    A row naming nobody on an accepted paper, or a name shared by several
    people, is left out of the plan and listed here: forms collect answers
    from people whose papers were withdrawn, so neither is an error.
    """

    table: str  # rules.availability, as the venue names it
    rows: int  # rows read, those with nothing to avoid included
    entries: int  # rows naming sessions to avoid
    people: int  # authors the rows matched
    unknown: list[str] = field(default_factory=list)  # "row 4: 'Jane Doe'"
    ambiguous: list[str] = field(default_factory=list)  # "row 9: 'Bo Li' (2 people)"


def unavailability(
    venue: Venue, entries: dict[str, AuthorEntry], uf: UnionFind, problems: Problems
) -> dict[str, set[str]]:
    """Person key -> the sessions the venue's [[unavailable]] entries say they are away."""
    out: dict[str, set[str]] = defaultdict(set)
    listed = [item for item in venue.unavailable if not item.row]  # the table's: below
    for i, item in enumerate(listed, 1):
        found = lookup(item.author, entries)
        if not found:
            problems.add(
                f"[[unavailable]] #{i}",
                f"no author '{item.author}' on an accepted paper",
                "Use an author id or full name from the paper list.",
            )
            continue
        roots = {uf.find(k) for k in found}
        if len(roots) > 1:
            problems.add(
                f"[[unavailable]] #{i}",
                f"'{item.author}' matches {len(roots)} different people",
                "Use the author's id instead of the name.",
            )
            continue
        out[roots.pop()].update(item.sessions)
    return dict(out)


def availability_table(
    venue: Venue, people: dict[str, Person], away: dict[str, set[str]]
) -> TableMatches | None:
    """Adds the availability table's rows to ``away`` (person key -> sessions).

    A row names its author up to three ways (id, e-mail, name); the first that
    matches anybody wins.  Rows are matched against people, not author slots:
    an e-mail then finds an author listed with an id too, and ``planner
    verify`` (which sees only the plan's people) reads every row the same
    way.  Rows naming nobody, or a name several people share, are only
    reported.
    """
    rows = [item for item in venue.unavailable if item.row]
    if not venue.rules.availability and not rows:
        return None
    named = _people_named(people)
    report = TableMatches(
        table=venue.rules.availability or "",
        rows=venue.availability_rows,
        entries=len(rows),
        people=0,
    )
    matched: set[str] = set()
    for item in rows:
        refs = [item.author, *item.also]
        ref, found = _first_match(refs, named)
        if not found:
            report.unknown.append(f"row {item.row}: " + " / ".join(f"'{r}'" for r in refs))
        elif len(found) > 1:
            report.ambiguous.append(f"row {item.row}: '{ref}' ({len(found)} people)")
        else:
            key = next(iter(found))
            matched.add(key)
            away.setdefault(key, set()).update(item.sessions)
    report.people = len(matched)
    return report


def _people_named(people: dict[str, Person]) -> Callable[[str], set[str]]:
    """A lookup: the keys of the people an id, e-mail or name refers to (in that order).

    The lookups are indexed once: a form has hundreds of rows and a large
    conference tens of thousands of people.
    """
    by_id: dict[str, set[str]] = defaultdict(set)
    by_mail: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for person in people.values():
        for ident in person.ids:
            by_id[ident].add(person.key)
        for mail in person.emails:
            by_mail[mail.casefold()].add(person.key)
        if not person.name.startswith(UNNAMED):
            by_name[normalise_name(person.name)].add(person.key)

    def named(ref: str) -> set[str]:
        return (
            by_id.get(canonical_id(ref))
            or by_mail.get(ref.strip().casefold())
            or by_name.get(normalise_name(ref))
            or set()
        )

    return named


def _first_match(refs: list[str], named: Callable[[str], set[str]]) -> tuple[str, set[str]]:
    """The first reference that names anybody and whom it names; else the first, nobody."""
    for candidate in refs:
        found = named(candidate)
        if found:
            return candidate, found
    return refs[0], set()
