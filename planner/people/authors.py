"""Who the authors are: one person per human, whatever ids the export gave them.

An author slot is keyed by its id where it has one, else by e-mail, else by
normalised name (many exports have names only).  Conference sites give one
person several ids over the years, so ids that share a normalised name are
merged when the evidence says they are one person:

* both ids sit on the same paper (a site duplicating an author), or
* they share an e-mail, or
* their affiliations agree ("Princeton University, Together AI" and
  "Princeton, TogetherAI"), or
* they share a co-author.

People who share a name but nothing else ("Yu Wang" of Harvard and of
Tsinghua) stay apart.  A name-only slot joins the single id'd person of that
name when affiliations do not disagree.  The venue's ``[authors]`` table
overrides both ways, and every merge is listed with its reason for review.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planner.core.errors import Problems
from planner.people.author_merge import Merge, UnionFind, merge_people
from planner.people.author_slots import UNNAMED, AuthorEntry, Person, collect_entries
from planner.people.away import TableMatches, availability_table, unavailability
from planner.people.presenter_choice import choose_presenters
from planner.read.conference import Paper, Venue


@dataclass(frozen=True)
class Handover:
    """A poster handed from its chosen presenter to a co-author (planner.people.presenters)."""

    paper: str
    original: str  # person key of the policy's presenter
    presenter: str  # person key of the co-author who presents instead
    posters: int  # posters the original presenter had
    windows: int  # separate times the original presenter can attend
    # Why, when not "more posters than times": a presenter confined to two sites.
    reason: str = ""


@dataclass
class AuthorIndex:
    people: dict[str, Person]
    paper_people: dict[str, list[str]]  # paper id -> person keys, in author order
    presenter: dict[str, str]  # paper id -> person key
    merges: list[Merge]
    unavailable: dict[str, set[str]]  # person key -> session ids
    # Posters whose chosen presenter had more than they can present, handed to a
    # co-author (planner.people.presenters).
    handovers: list[Handover] = field(default_factory=list)
    availability: TableMatches | None = None  # None: the venue names no availability table
    # Papers that give a talk and have no poster ([talks] poster_too = false): the
    # poster steps leave them out (the clash bound, presenters, capacity).
    talk_only: frozenset[str] = frozenset()

    def with_papers(self, minimum: int) -> list[Person]:
        return sorted(
            (p for p in self.people.values() if len(p.papers) >= minimum),
            key=lambda p: (-len(p.papers), p.name, p.key),
        )


def build_index(
    papers: list[Paper],
    venue: Venue,
    problems: Problems | None = None,
    papers_source: str | None = None,
) -> AuthorIndex:
    """Builds people from the accepted papers' author slots.

    Problems (an override naming nobody, a presenter who is not an author) are
    added to ``problems`` for the caller to raise; without it they are raised
    here.  ``papers_source`` is the paper list's name, for problems that sit
    in it (a presenter column) rather than in the venue file.
    """
    own = problems is None
    problems = Problems(venue.source or "venue.toml") if problems is None else problems
    slots, entries = collect_entries(papers)
    uf, merges = merge_people(venue, entries, problems)
    people, paper_people = _people(papers, slots, entries, uf)
    presenter = choose_presenters(papers, venue, slots, uf, problems, papers_source)
    unavailable = unavailability(venue, entries, uf, problems)
    table = availability_table(venue, people, unavailable)
    if own:
        problems.raise_if_any()
    return AuthorIndex(
        people=people,
        paper_people=paper_people,
        presenter=presenter,
        merges=merges,
        unavailable=unavailable,
        availability=table,
    )


def _people(
    papers: list[Paper],
    slots: dict[str, list[str]],
    entries: dict[str, AuthorEntry],
    uf: UnionFind,
) -> tuple[dict[str, Person], dict[str, list[str]]]:
    """Each person by root key, and each paper's people in author order."""
    people: dict[str, Person] = {}
    paper_people: dict[str, list[str]] = {}
    for paper in papers:
        order: list[str] = []
        for key in slots[paper.id]:
            root = uf.find(key)
            if root not in order:
                order.append(root)
            person = people.get(root)
            if person is None:
                person = people[root] = Person(key=root, name=entries[root].name)
            _absorb(person, entries[key])
        for root in order:
            people[root].papers.append(paper.id)
        paper_people[paper.id] = order
    return people, paper_people


def _absorb(person: Person, entry: AuthorEntry) -> None:
    """Adds one of the person's author keys to them: a real name, ids, affiliations, e-mails."""
    if entry.name and not entry.name.startswith(UNNAMED) and person.name.startswith(UNNAMED):
        person.name = entry.name
    for have, found in (
        (person.ids, entry.ids),
        (person.institutions, entry.institutions),
        (person.emails, entry.emails),
    ):
        for value in sorted(found):
            if value not in have:
                have.append(value)
