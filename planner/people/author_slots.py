"""The author slots of the accepted papers, by key, and the person they become.

A slot is keyed by its author id, else its e-mail, else its normalised name
(planner.people.authors says why); what all slots of one key say is
gathered before keys are merged into people, and an organiser's reference
(an id, e-mail or name in the venue file) is looked up among the keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.read.conference import AuthorRecord, Paper


@dataclass
class Person:
    """One human behind author slots, with every id, affiliation and e-mail found for them."""

    key: str
    name: str
    ids: list[str] = field(default_factory=list)
    institutions: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)  # accepted paper ids, input order

    @property
    def label(self) -> str:
        """Name plus id, as shown in reports ("Tri Dao (18765)")."""
        return f"{self.name} ({', '.join(self.ids)})" if self.ids else self.name


# The stand-in display_name gives a slot without a name ("(unnamed author 123)"):
# any real name found for the same person replaces it.
UNNAMED = "(unnamed"


@dataclass(slots=True)
class AuthorEntry:
    """What every author slot with one key says about that author, before keys are merged."""

    name: str
    ids: set[str] = field(default_factory=set)
    institutions: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)  # casefolded
    papers: set[str] = field(default_factory=set)
    coauthors: set[str] = field(default_factory=set)  # other keys on its papers


def slot_key(author: AuthorRecord, paper_id: str, position: int) -> str:
    """An author slot's key: its id, else its e-mail, else its name, else its place."""
    if author.id:
        return f"id:{author.id}"
    if author.email:
        return f"email:{author.email.casefold()}"
    name = normalise_name(author.name)
    if name:
        return f"name:{name}"
    return f"anon:{paper_id}:{position}"


def collect_entries(papers: list[Paper]) -> tuple[dict[str, list[str]], dict[str, AuthorEntry]]:
    """Each paper's author keys in author order, and what the slots say about each key."""
    slots: dict[str, list[str]] = {}
    entries: dict[str, AuthorEntry] = {}
    for paper in papers:
        keys = []
        for j, author in enumerate(paper.authors):
            key = slot_key(author, paper.id, j)
            keys.append(key)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = AuthorEntry(author.display_name)
            elif author.name.strip() and entry.name.startswith(UNNAMED):
                entry.name = author.display_name
            if author.institution:
                entry.institutions.add(author.institution)
            if author.email:
                entry.emails.add(author.email.casefold())
            if author.id:
                entry.ids.add(author.id)
            entry.papers.add(paper.id)
        slots[paper.id] = keys
    for keys in slots.values():
        for k in keys:
            entries[k].coauthors.update(x for x in keys if x != k)
    return slots, entries


def lookup(ref: str, entries: dict[str, AuthorEntry]) -> list[str]:
    """Author keys an organizer's reference (id, e-mail or name) points at."""
    ref = ref.strip()
    key = f"id:{canonical_id(ref)}"
    if key in entries:
        return [key]
    if f"email:{ref.casefold()}" in entries:
        return [f"email:{ref.casefold()}"]
    norm = normalise_name(ref)
    return sorted(k for k, e in entries.items() if norm and normalise_name(e.name) == norm)
