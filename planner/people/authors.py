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

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from planner.core.errors import Problem, Problems
from planner.core.ids import canonical_id
from planner.core.text import normalise_name
from planner.read.conference import AuthorRecord, Paper, Venue

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

# Words that many affiliations share, so they say nothing about which one a person is at.
_GENERIC = {
    "university",
    "univ",
    "of",
    "the",
    "inc",
    "llc",
    "ltd",
    "corp",
    "corporation",
    "co",
    "lab",
    "labs",
    "laboratory",
    "laboratories",
    "research",
    "college",
    "school",
    "dept",
    "department",
    "center",
    "centre",
    "and",
    "at",
    "for",
    "institute",
    "de",
    "du",
    "la",
}

# An affiliation key shorter than this ("ai", "x") is too common to tell two
# people apart; three letters keep acronyms such as "mit", "ucl" and "kth".
_MIN_AFFILIATION_KEY = 3
# One key inside another agrees ("princeton" in "princetontogetherai") only
# from this length: shorter ones turn up inside unrelated names ("mit" in
# "smithsonian", "ucl" in "nuclear").
_MIN_CONTAINED_KEY = 4


def affiliation_keys(institution: str | None) -> set[str]:
    """Comparison keys for an affiliation string: generic words dropped, words joined."""
    if not institution:
        return set()
    text = unicodedata.normalize("NFKD", institution.replace("&amp;", "&"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    keys = set()
    for part in re.split(r"[;&/|]| and ", text):
        words = [w for w in re.findall(r"[a-z0-9]+", part) if w not in _GENERIC]
        key = "".join(words)
        if len(key) >= _MIN_AFFILIATION_KEY:
            keys.add(key)
    return keys


def _affiliation_keys_of(institutions: Iterable[str]) -> set[str]:
    """Comparison keys for several affiliation strings together."""
    return set().union(*(affiliation_keys(i) for i in institutions))


def _affiliations_agree(a: set[str], b: set[str]) -> bool:
    """Whether two sets of affiliation keys share a place: one key equal to, or inside, another."""
    return any(
        x == y or (min(len(x), len(y)) >= _MIN_CONTAINED_KEY and (x in y or y in x))
        for x in a
        for y in b
    )


@dataclass
class Person:
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


@dataclass(frozen=True)
class Merge:
    name: str
    keys: tuple[str, ...]
    reason: str
    institutions: tuple[str, ...]


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


@dataclass(frozen=True)
class Handover:
    """A poster handed from its chosen presenter to a co-author (planner.people.presenters)."""

    paper: str
    original: str  # person key of the policy's presenter
    presenter: str  # person key of the co-author who presents instead
    posters: int  # posters the original presenter had
    windows: int  # separate times the original presenter can attend


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

    def with_papers(self, minimum: int) -> list[Person]:
        return sorted(
            (p for p in self.people.values() if len(p.papers) >= minimum),
            key=lambda p: (-len(p.papers), p.name, p.key),
        )


# The stand-in display_name gives a slot without a name ("(unnamed author 123)"):
# any real name found for the same person replaces it.
_UNNAMED = "(unnamed"


@dataclass(slots=True)
class _AuthorEntry:
    """What every author slot with one key says about that author, before keys are merged."""

    name: str
    ids: set[str] = field(default_factory=set)
    institutions: set[str] = field(default_factory=set)
    emails: set[str] = field(default_factory=set)  # casefolded
    papers: set[str] = field(default_factory=set)
    coauthors: set[str] = field(default_factory=set)  # other keys on its papers


class _UnionFind:
    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.parent: dict[str, str] = {k: k for k in keys}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        root = x
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[x] != root:
            self.parent[x], x = root, self.parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The smaller key wins so the result does not depend on input order.
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo


def slot_key(author: AuthorRecord, paper_id: str, position: int) -> str:
    if author.id:
        return f"id:{author.id}"
    if author.email:
        return f"email:{author.email.casefold()}"
    name = normalise_name(author.name)
    if name:
        return f"name:{name}"
    return f"anon:{paper_id}:{position}"


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
    slots, entries = _collect_entries(papers)
    uf, merges = _merge_people(venue, entries, problems)
    people, paper_people = _people(papers, slots, entries, uf)
    presenter = _presenters(papers, venue, slots, uf, problems, papers_source)
    unavailable = _unavailability(venue, entries, uf, problems)
    table = _availability_table(venue, people, unavailable)
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


def _collect_entries(papers: list[Paper]) -> tuple[dict[str, list[str]], dict[str, _AuthorEntry]]:
    """Each paper's author keys in author order, and what the slots say about each key."""
    slots: dict[str, list[str]] = {}
    entries: dict[str, _AuthorEntry] = {}
    for paper in papers:
        keys = []
        for j, author in enumerate(paper.authors):
            key = slot_key(author, paper.id, j)
            keys.append(key)
            entry = entries.get(key)
            if entry is None:
                entry = entries[key] = _AuthorEntry(author.display_name)
            elif author.name.strip() and entry.name.startswith(_UNNAMED):
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


def _merge_people(
    venue: Venue, entries: dict[str, _AuthorEntry], problems: Problems
) -> tuple[_UnionFind, list[Merge]]:
    """The author keys joined into people (each person's root key), and every merge made."""
    uf = _UnionFind(entries)
    forced_apart = _resolve_pairs(venue.authors.different, entries, problems, "different")
    merges = _merge_as_told(venue, entries, uf, problems)
    by_name = _id_keys_by_name(entries)
    merges += _merge_namesakes(by_name, entries, uf, forced_apart)
    merges += _merge_name_only(by_name, entries, uf, forced_apart)
    return uf, merges


def _merge_as_told(
    venue: Venue, entries: dict[str, _AuthorEntry], uf: _UnionFind, problems: Problems
) -> list[Merge]:
    """The merges the venue's ``[authors] same`` asks for, made in ``uf``."""
    merges = []
    for group in _resolve_groups(venue.authors.same, entries, problems):
        for other in group[1:]:
            uf.union(group[0], other)
        merges.append(
            Merge(
                entries[group[0]].name,
                tuple(sorted(group)),
                "venue [authors] same",
                tuple(sorted(set().union(*(entries[k].institutions for k in group)))),
            )
        )
    return merges


def _id_keys_by_name(entries: dict[str, _AuthorEntry]) -> dict[str, list[str]]:
    """Normalised name -> the keys with that name that are not name-only (ids, e-mails)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, entry in entries.items():
        norm = normalise_name(entry.name) if not entry.name.startswith(_UNNAMED) else ""
        if norm and not key.startswith("name:"):
            by_name[norm].append(key)
    return by_name


def _merge_namesakes(
    by_name: dict[str, list[str]],
    entries: dict[str, _AuthorEntry],
    uf: _UnionFind,
    forced_apart: set[tuple[str, str]],
) -> list[Merge]:
    """The merges, made in ``uf``, of keys sharing a name whose evidence says one person."""
    merges = []
    for norm in sorted(by_name):
        keys = sorted(by_name[norm])
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if uf.find(a) == uf.find(b):
                    continue
                reason = _same_person(entries[a], entries[b], uf)
                if reason and not _kept_apart(a, b, uf, forced_apart):
                    uf.union(a, b)
                    merges.append(
                        Merge(
                            entries[a].name,
                            (a, b),
                            reason,
                            tuple(sorted(entries[a].institutions | entries[b].institutions)),
                        )
                    )
    return merges


def _merge_name_only(
    by_name: dict[str, list[str]],
    entries: dict[str, _AuthorEntry],
    uf: _UnionFind,
    forced_apart: set[tuple[str, str]],
) -> list[Merge]:
    """The merges, made in ``uf``, of name-only keys into the one id'd person of that name.

    A name-only slot has nothing else to go on, so it joins unless the
    affiliations disagree or the venue keeps the two apart.
    """
    merges = []
    for key in sorted(k for k in entries if k.startswith("name:")):
        norm = key[5:]
        roots = sorted({uf.find(k) for k in by_name.get(norm, [])})
        if len(roots) != 1:
            continue
        root = roots[0]
        members = [k for k in by_name[norm] if uf.find(k) == root]
        theirs = _affiliation_keys_of(i for k in members for i in entries[k].institutions)
        mine = _affiliation_keys_of(entries[key].institutions)
        if mine and theirs and not _affiliations_agree(mine, theirs):
            continue
        if _kept_apart(key, root, uf, forced_apart):
            continue
        uf.union(key, root)
        merges.append(
            Merge(
                entries[key].name,
                (root, key),
                "name-only entry, one person of that name",
                tuple(sorted(entries[key].institutions | entries[root].institutions)),
            )
        )
    return merges


def _kept_apart(a: str, b: str, uf: _UnionFind, forced_apart: set[tuple[str, str]]) -> bool:
    """Whether ``[authors] different`` parts anyone of a's person from anyone of b's."""
    # Through the pairs, not the two people's members: a member scan walks every
    # author for every candidate merge, and the venue names only a few pairs.
    ra, rb = uf.find(a), uf.find(b)
    return any(
        (rx, ry) in ((ra, rb), (rb, ra))
        for rx, ry in ((uf.find(x), uf.find(y)) for x, y in forced_apart)
    )


def _same_person(a: _AuthorEntry, b: _AuthorEntry, uf: _UnionFind) -> str | None:
    """Why two namesakes are one person, or None when nothing says so."""
    if a.papers & b.papers:
        return "listed twice on one paper"
    if a.emails & b.emails:
        return "same e-mail"
    if _affiliations_agree(
        _affiliation_keys_of(a.institutions), _affiliation_keys_of(b.institutions)
    ):
        return "same name and matching affiliation"
    roots_a = {uf.find(k) for k in a.coauthors}
    roots_b = {uf.find(k) for k in b.coauthors}
    if roots_a & roots_b:
        return "same name and a shared co-author"
    return None


def _people(
    papers: list[Paper],
    slots: dict[str, list[str]],
    entries: dict[str, _AuthorEntry],
    uf: _UnionFind,
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


def _absorb(person: Person, entry: _AuthorEntry) -> None:
    """Adds one of the person's author keys to them: a real name, ids, affiliations, e-mails."""
    if entry.name and not entry.name.startswith(_UNNAMED) and person.name.startswith(_UNNAMED):
        person.name = entry.name
    for have, found in (
        (person.ids, entry.ids),
        (person.institutions, entry.institutions),
        (person.emails, entry.emails),
    ):
        for value in sorted(found):
            if value not in have:
                have.append(value)


def _lookup(ref: str, entries: dict[str, _AuthorEntry]) -> list[str]:
    """Author keys an organizer's reference (id, e-mail or name) points at."""
    ref = ref.strip()
    key = f"id:{canonical_id(ref)}"
    if key in entries:
        return [key]
    if f"email:{ref.casefold()}" in entries:
        return [f"email:{ref.casefold()}"]
    norm = normalise_name(ref)
    return sorted(k for k, e in entries.items() if norm and normalise_name(e.name) == norm)


def _resolve_groups(
    groups: list[list[str]], entries: dict[str, _AuthorEntry], problems: Problems
) -> list[list[str]]:
    out = []
    for i, group in enumerate(groups, 1):
        keys: list[str] = []
        for ref in group:
            found = _lookup(ref, entries)
            if not found:
                problems.add(
                    f"[authors] same #{i}",
                    f"no author '{ref}' on an accepted paper",
                    "Use an author id from the paper list.",
                )
            keys.extend(k for k in found if k not in keys)
        if len(keys) >= 2:
            out.append(keys)
    return out


def _resolve_pairs(
    groups: list[list[str]], entries: dict[str, _AuthorEntry], problems: Problems, label: str
) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for i, group in enumerate(groups, 1):
        keys: list[list[str]] = []
        for ref in group:
            found = _lookup(ref, entries)
            if not found:
                problems.add(
                    f"[authors] {label} #{i}",
                    f"no author '{ref}' on an accepted paper",
                    "Use an author id from the paper list.",
                )
            keys.append(found)
        for x in range(len(keys)):
            for y in range(x + 1, len(keys)):
                pairs.update((a, b) for a in keys[x] for b in keys[y])
    return pairs


def _presenters(
    papers: list[Paper],
    venue: Venue,
    slots: dict[str, list[str]],
    uf: _UnionFind,
    problems: Problems,
    papers_source: str | None = None,
) -> dict[str, str]:
    """Paper id -> its presenter's person key: the one named for it, else the policy's pick."""
    policy = venue.rules.presenter
    out: dict[str, str] = {}
    for paper in papers:
        keys = slots[paper.id]
        if not keys:
            continue
        chosen: str | None = None
        ref = venue.presenter_of.get(paper.id) or (
            paper.presenter if policy == "column" or paper.presenter else None
        )
        if ref:
            chosen = _match_on_paper(ref, paper, keys)
            if chosen is None:
                _stray_presenter(ref, paper, venue, problems, papers_source)
        if chosen is None:
            chosen = keys[-1] if policy == "last" else keys[0]
        out[paper.id] = uf.find(chosen)
    return out


def _stray_presenter(
    ref: str, paper: Paper, venue: Venue, problems: Problems, papers_source: str | None
) -> None:
    """Adds the problem of a presenter who is not among the paper's authors."""
    fix = "Give an author id, e-mail or the exact name of one of its authors."
    what = f"presenter '{ref}' is not among the paper's authors"
    if paper.id in venue.presenter_of:
        problems.add(f"[presenters] '{paper.id}'", what, fix)
        return
    # The presenter came from the paper list, so the message names that file.
    unit = "record" if (papers_source or "").lower().endswith(".json") else "row"
    problems.items.append(
        Problem(
            papers_source or problems.file,
            f"{unit} {paper.source_row} (id {paper.id}), field 'presenter'",
            what,
            fix,
        )
    )


def _match_on_paper(ref: str, paper: Paper, keys: list[str]) -> str | None:
    ref_id = canonical_id(ref)
    norm = normalise_name(ref)
    for author, key in zip(paper.authors, keys, strict=True):
        if author.id and author.id == ref_id:
            return key
        if author.email and author.email.casefold() == ref.casefold():
            return key
    for author, key in zip(paper.authors, keys, strict=True):
        if norm and normalise_name(author.name) == norm:
            return key
    return None


def _unavailability(
    venue: Venue, entries: dict[str, _AuthorEntry], uf: _UnionFind, problems: Problems
) -> dict[str, set[str]]:
    """Person key -> the sessions the venue's [[unavailable]] entries say they are away."""
    out: dict[str, set[str]] = defaultdict(set)
    listed = [item for item in venue.unavailable if not item.row]  # the table's: below
    for i, item in enumerate(listed, 1):
        found = _lookup(item.author, entries)
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


def _availability_table(
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
        if not person.name.startswith(_UNNAMED):
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
