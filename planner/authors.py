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

from planner.conference import AuthorRecord, Paper, Venue
from planner.errors import Problem, Problems
from planner.ids import canonical_id
from planner.presenters import hand_over_surplus
from planner.text import normalise_name

if TYPE_CHECKING:
    from planner.presenters import Handover

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
        if len(key) >= 3:
            keys.add(key)
    return keys


def _affiliations_agree(a: set[str], b: set[str]) -> bool:
    return any(x == y or (min(len(x), len(y)) >= 4 and (x in y or y in x)) for x in a for y in b)


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


@dataclass
class AuthorIndex:
    people: dict[str, Person]
    paper_people: dict[str, list[str]]  # paper id -> person keys, in author order
    presenter: dict[str, str]  # paper id -> person key
    merges: list[Merge]
    unavailable: dict[str, set[str]]  # person key -> session ids
    # Posters whose chosen presenter had more than they can present, handed to a
    # co-author (planner.presenters).
    handovers: list[Handover] = field(default_factory=list)
    availability: TableMatches | None = None  # None: the venue names no availability table

    def with_papers(self, minimum: int) -> list[Person]:
        return sorted(
            (p for p in self.people.values() if len(p.papers) >= minimum),
            key=lambda p: (-len(p.papers), p.name, p.key),
        )


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

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
    uf = _UnionFind()
    info: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    names: dict[str, str] = {}
    slots: dict[str, list[str]] = {}
    for paper in papers:
        keys = []
        for j, author in enumerate(paper.authors):
            key = slot_key(author, paper.id, j)
            uf.find(key)
            keys.append(key)
            names.setdefault(key, author.display_name)
            if author.name.strip() and names[key].startswith("(unnamed"):
                names[key] = author.display_name
            if author.institution:
                info[key]["inst"].add(author.institution)
            if author.email:
                info[key]["email"].add(author.email.casefold())
            if author.id:
                info[key]["ids"].add(author.id)
            info[key]["papers"].add(paper.id)
        slots[paper.id] = keys

    coauthors: dict[str, set[str]] = defaultdict(set)
    for keys in slots.values():
        for k in keys:
            coauthors[k].update(x for x in keys if x != k)

    forced_apart = _resolve_pairs(venue.authors.different, names, problems, "different")
    merges: list[Merge] = []

    def apart(a: str, b: str) -> bool:
        if not forced_apart:
            return False
        ra, rb = uf.find(a), uf.find(b)
        members_a = {k for k in uf.parent if uf.find(k) == ra}
        members_b = {k for k in uf.parent if uf.find(k) == rb}
        return any(
            (x, y) in forced_apart or (y, x) in forced_apart for x in members_a for y in members_b
        )

    for group in _resolve_groups(venue.authors.same, names, problems):
        for other in group[1:]:
            uf.union(group[0], other)
        merges.append(
            Merge(
                names[group[0]],
                tuple(sorted(group)),
                "venue [authors] same",
                tuple(sorted(set().union(*(info[k]["inst"] for k in group)))),
            )
        )

    by_name: dict[str, list[str]] = defaultdict(list)
    for key, name in names.items():
        norm = normalise_name(name) if not name.startswith("(unnamed") else ""
        if norm and not key.startswith("name:"):
            by_name[norm].append(key)

    for norm in sorted(by_name):
        keys = sorted(by_name[norm])
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                if uf.find(a) == uf.find(b):
                    continue
                reason = _same_person(a, b, info, coauthors, uf)
                if reason and not apart(a, b):
                    uf.union(a, b)
                    merges.append(
                        Merge(
                            names[a],
                            (a, b),
                            reason,
                            tuple(sorted(info[a]["inst"] | info[b]["inst"])),
                        )
                    )

    # Name-only slots join the one id'd person of that name, unless affiliations disagree.
    for key in sorted(k for k in names if k.startswith("name:")):
        norm = key[5:]
        roots = sorted({uf.find(k) for k in by_name.get(norm, [])})
        if len(roots) != 1:
            continue
        members = [k for k in by_name[norm] if uf.find(k) == roots[0]]
        theirs = set().union(*(affiliation_keys(i) for k in members for i in info[k]["inst"]))
        mine = set().union(*(affiliation_keys(i) for i in info[key]["inst"]))
        if mine and theirs and not _affiliations_agree(mine, theirs):
            continue
        if apart(key, roots[0]):
            continue
        uf.union(key, roots[0])
        merges.append(
            Merge(
                names[key],
                (roots[0], key),
                "name-only entry, one person of that name",
                tuple(sorted(info[key]["inst"] | info[roots[0]]["inst"])),
            )
        )

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
                person = people[root] = Person(key=root, name=names[root])
            if (
                names[key]
                and not names[key].startswith("(unnamed")
                and person.name.startswith("(unnamed")
            ):
                person.name = names[key]
            for attr, bucket in (("ids", "ids"), ("institutions", "inst"), ("emails", "email")):
                values = getattr(person, attr)
                for value in sorted(info[key][bucket]):
                    if value not in values:
                        values.append(value)
        for root in order:
            people[root].papers.append(paper.id)
        paper_people[paper.id] = order

    presenter = _presenters(papers, venue, slots, uf, names, problems, papers_source)
    unavailable = _unavailability(venue, names, uf, problems)
    table = _availability_table(venue, people, unavailable)
    if own:
        problems.raise_if_any()
    index = AuthorIndex(
        people=people,
        paper_people=paper_people,
        presenter=presenter,
        merges=merges,
        unavailable=unavailable,
        availability=table,
    )
    index.handovers = hand_over_surplus(papers, venue, index)
    return index


def _same_person(
    a: str,
    b: str,
    info: dict[str, dict[str, set[str]]],
    coauthors: dict[str, set[str]],
    uf: _UnionFind,
) -> str | None:
    if info[a]["papers"] & info[b]["papers"]:
        return "listed twice on one paper"
    if info[a]["email"] & info[b]["email"]:
        return "same e-mail"
    aff_a = set().union(*(affiliation_keys(i) for i in info[a]["inst"]))
    aff_b = set().union(*(affiliation_keys(i) for i in info[b]["inst"]))
    if _affiliations_agree(aff_a, aff_b):
        return "same name and matching affiliation"
    roots_a = {uf.find(k) for k in coauthors[a]}
    roots_b = {uf.find(k) for k in coauthors[b]}
    if roots_a & roots_b:
        return "same name and a shared co-author"
    return None


def _lookup(ref: str, names: dict[str, str]) -> list[str]:
    """Author keys an organizer's reference (id, e-mail or name) points at."""
    ref = ref.strip()
    key = f"id:{canonical_id(ref)}"
    if key in names:
        return [key]
    if f"email:{ref.casefold()}" in names:
        return [f"email:{ref.casefold()}"]
    norm = normalise_name(ref)
    return sorted(k for k, n in names.items() if norm and normalise_name(n) == norm)


def _resolve_groups(
    groups: list[list[str]], names: dict[str, str], problems: Problems
) -> list[list[str]]:
    out = []
    for i, group in enumerate(groups, 1):
        keys: list[str] = []
        for ref in group:
            found = _lookup(ref, names)
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
    groups: list[list[str]], names: dict[str, str], problems: Problems, label: str
) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for i, group in enumerate(groups, 1):
        keys: list[list[str]] = []
        for ref in group:
            found = _lookup(ref, names)
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
    names: dict[str, str],
    problems: Problems,
    papers_source: str | None = None,
) -> dict[str, str]:
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
            fix = "Give an author id, e-mail or the exact name of one of its authors."
            what = f"presenter '{ref}' is not among the paper's authors"
            if chosen is None and paper.id in venue.presenter_of:
                problems.add(f"[presenters] '{paper.id}'", what, fix)
            elif chosen is None:
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
        if chosen is None:
            chosen = keys[-1] if policy == "last" else keys[0]
        out[paper.id] = uf.find(chosen)
    return out


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
    venue: Venue, names: dict[str, str], uf: _UnionFind, problems: Problems
) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    entries = [item for item in venue.unavailable if not item.row]  # the table's: below
    for i, item in enumerate(entries, 1):
        found = _lookup(item.author, names)
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
    reported.  The lookups are indexed once: a form has hundreds of rows and
    a large conference tens of thousands of people.
    """
    rows = [item for item in venue.unavailable if item.row]
    if not venue.rules.availability and not rows:
        return None
    by_id: dict[str, set[str]] = defaultdict(set)
    by_mail: dict[str, set[str]] = defaultdict(set)
    by_name: dict[str, set[str]] = defaultdict(set)
    for person in people.values():
        for ident in person.ids:
            by_id[ident].add(person.key)
        for mail in person.emails:
            by_mail[mail.casefold()].add(person.key)
        if not person.name.startswith("(unnamed"):
            by_name[normalise_name(person.name)].add(person.key)

    def named(ref: str) -> set[str]:
        return (
            by_id.get(canonical_id(ref))
            or by_mail.get(ref.strip().casefold())
            or by_name.get(normalise_name(ref))
            or set()
        )

    report = TableMatches(
        table=venue.rules.availability or "",
        rows=venue.availability_rows,
        entries=len(rows),
        people=0,
    )
    matched: set[str] = set()
    for item in rows:
        refs = [item.author, *item.also]
        found: set[str] = set()
        ref = refs[0]
        for candidate in refs:
            found = named(candidate)
            if found:
                ref = candidate
                break
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
