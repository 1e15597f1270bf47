"""The ``unavailable`` check: no poster in a session one of its authors is away for.

The venue's ``unavailable`` entries and the rows of its availability table
are read as the planner reads them: a reference (an id, e-mail or name) names
the people it matches, a table row its first reference that names somebody,
and a row naming nobody or several people is left out (and noted).  The
sessions each person is away for also feed the clash lower bound.
"""

from __future__ import annotations

from collections import defaultdict

from planner.core.ids import canonical_id
from planner.verify.context import LISTED, Check
from planner.verify.recount import name_key

Entry = tuple[str, set[str], set[str]]  # (reference, sessions away, papers it covers)


class _People:
    """The plan's people by reference, and their papers, each index built once when needed."""

    def __init__(self, check: Check) -> None:
        self.check = check
        self._by_reference: tuple[dict[str, set[str]], ...] | None = None
        self._papers_of: dict[str, set[str]] | None = None  # person key -> paper ids

    def matching_people(self, ref: str) -> set[str]:
        """Person keys an organizer's reference (an id, e-mail or name) names."""
        by_id, by_mail, by_name = self.people_by_reference()
        ref_name = name_key(ref)
        return (
            by_id.get(canonical_id(ref), set())
            | by_mail.get(ref.strip().casefold(), set())
            | (by_name.get(ref_name, set()) if ref_name else set())
        )

    def people_by_reference(self) -> tuple[dict[str, set[str]], ...]:
        """Person keys by id, by e-mail and by folded name, built once: an availability
        table has hundreds of rows and a large conference tens of thousands of people."""
        if self._by_reference is None:
            by_id: dict[str, set[str]] = defaultdict(set)
            by_mail: dict[str, set[str]] = defaultdict(set)
            by_name: dict[str, set[str]] = defaultdict(set)
            for p in self.check.people.values():
                for ident in p.ids:
                    by_id[ident].add(p.key)
                for mail in p.emails:
                    by_mail[mail.casefold()].add(p.key)
                by_name[name_key(p.name)].add(p.key)
            self._by_reference = (by_id, by_mail, by_name)
        return self._by_reference

    def table_row(
        self, author: str, also: list[str], sessions: list[str]
    ) -> tuple[str, set[str], set[str], set[str]]:
        """(ref, sessions, papers, people) of an availability-table row.

        Read as the planner reads the table: the row's first reference that
        names somebody wins; a row naming nobody, or a name several people
        share, is left out of the plan (the caller skips it).
        """
        ref, people = author, set()
        for candidate in (author, *also):
            people = self.matching_people(candidate)
            if people:
                ref = candidate
                break
        if self._papers_of is None:  # built once, as people_by_reference is
            self._papers_of = defaultdict(set)
            for paper in self.check.plan.papers:
                for key in paper.authors:
                    self._papers_of[key].add(paper.id)
        papers = set().union(*(self._papers_of.get(k, set()) for k in people))
        return ref, set(sessions), papers, people


def away(check: Check) -> tuple[dict[str, set[str]], list[Entry]]:
    """Sessions each person is away for, and per venue entry (ref, sessions, papers)."""
    lookup = _People(check)
    person_away: dict[str, set[str]] = defaultdict(set)
    entries = []
    # Rows of the availability table the planner ignores: by how many people they name.
    left_out: dict[str, list[int]] = {"nobody": [], "several people": []}
    for item in check.venue.unavailable:
        if item.row:
            entry = lookup.table_row(item.author, item.also, item.sessions)
            if len(entry[3]) != 1:
                left_out["nobody" if not entry[3] else "several people"].append(item.row)
                continue
            for key in entry[3]:
                person_away[key].update(item.sessions)
            entries.append(entry[:3])
            continue
        people = lookup.matching_people(item.author)
        ref_name = name_key(item.author)
        papers = {
            p.id
            for p in check.plan.papers
            if people & set(p.authors)
            or (ref_name and ref_name in {name_key(n) for n in p.author_names})
        }
        if not papers:
            check.note(f"unavailable author '{item.author}' is on no paper of the plan")
        for key in people:
            person_away[key].update(item.sessions)
        entries.append((item.author, set(item.sessions), papers))
    for whom, rows in left_out.items():
        if rows:
            listed = ", ".join(map(str, rows[:LISTED])) + (" …" if len(rows) > LISTED else "")
            check.note(
                f"{len(rows)} row(s) of the availability table "
                f"({check.venue.rules.availability}) name {whom} on the plan's "
                f"papers and are not checked: row(s) {listed}"
            )
    return person_away, entries


def check_unavailable(check: Check, entries: list[Entry]) -> None:
    for ref, sessions, papers in entries:
        for pid in sorted(papers):
            pl = check.where.get(pid)
            if pl is not None and pl.session in sessions:
                check.add(
                    "unavailable",
                    f"poster {check.poster(pid)} is in session "
                    f"'{pl.session}', which its author '{ref}' is away for",
                )
