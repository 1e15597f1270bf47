"""Author keys merged into people: as the venue says, else as the evidence says.

The venue's ``[authors] same`` joins keys and ``[authors] different`` keeps
them apart; otherwise keys sharing a name are one person when they sit on
one paper, share an e-mail, an affiliation (planner.people.affiliations)
or a co-author, and a name-only slot joins the one person of its name.
Every merge is kept, with its reason, for review.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planner.core.errors import Problems
from planner.core.text import normalise_name
from planner.people.affiliations import affiliation_keys_of, affiliations_agree
from planner.people.author_slots import UNNAMED, AuthorEntry, lookup
from planner.read.conference import Venue

if TYPE_CHECKING:
    from collections.abc import Iterable


@dataclass(frozen=True)
class Merge:
    """Author keys joined into one person, and why (listed for review)."""

    name: str
    keys: tuple[str, ...]
    reason: str
    institutions: tuple[str, ...]


class UnionFind:
    """Author keys joined into people: each key's root is its person's key."""

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


def merge_people(
    venue: Venue, entries: dict[str, AuthorEntry], problems: Problems
) -> tuple[UnionFind, list[Merge]]:
    """The author keys joined into people (each person's root key), and every merge made."""
    uf = UnionFind(entries)
    forced_apart = _resolve_pairs(venue.authors.different, entries, problems, "different")
    merges = _merge_as_told(venue, entries, uf, problems)
    by_name = _id_keys_by_name(entries)
    merges += _merge_namesakes(by_name, entries, uf, forced_apart)
    merges += _merge_name_only(by_name, entries, uf, forced_apart)
    return uf, merges


def _merge_as_told(
    venue: Venue, entries: dict[str, AuthorEntry], uf: UnionFind, problems: Problems
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


def _id_keys_by_name(entries: dict[str, AuthorEntry]) -> dict[str, list[str]]:
    """Normalised name -> the keys with that name that are not name-only (ids, e-mails)."""
    by_name: dict[str, list[str]] = defaultdict(list)
    for key, entry in entries.items():
        norm = normalise_name(entry.name) if not entry.name.startswith(UNNAMED) else ""
        if norm and not key.startswith("name:"):
            by_name[norm].append(key)
    return by_name


def _merge_namesakes(
    by_name: dict[str, list[str]],
    entries: dict[str, AuthorEntry],
    uf: UnionFind,
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
    entries: dict[str, AuthorEntry],
    uf: UnionFind,
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
        theirs = affiliation_keys_of(i for k in members for i in entries[k].institutions)
        mine = affiliation_keys_of(entries[key].institutions)
        if mine and theirs and not affiliations_agree(mine, theirs):
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


def _kept_apart(a: str, b: str, uf: UnionFind, forced_apart: set[tuple[str, str]]) -> bool:
    """Whether ``[authors] different`` parts anyone of a's person from anyone of b's."""
    # Through the pairs, not the two people's members: a member scan walks every
    # author for every candidate merge, and the venue names only a few pairs.
    ra, rb = uf.find(a), uf.find(b)
    return any(
        (rx, ry) in ((ra, rb), (rb, ra))
        for rx, ry in ((uf.find(x), uf.find(y)) for x, y in forced_apart)
    )


def _same_person(a: AuthorEntry, b: AuthorEntry, uf: UnionFind) -> str | None:
    """Why two namesakes are one person, or None when nothing says so."""
    if a.papers & b.papers:
        return "listed twice on one paper"
    if a.emails & b.emails:
        return "same e-mail"
    if affiliations_agree(affiliation_keys_of(a.institutions), affiliation_keys_of(b.institutions)):
        return "same name and matching affiliation"
    roots_a = {uf.find(k) for k in a.coauthors}
    roots_b = {uf.find(k) for k in b.coauthors}
    if roots_a & roots_b:
        return "same name and a shared co-author"
    return None


def _resolve_groups(
    groups: list[list[str]], entries: dict[str, AuthorEntry], problems: Problems
) -> list[list[str]]:
    out = []
    for i, group in enumerate(groups, 1):
        keys: list[str] = []
        for ref in group:
            found = lookup(ref, entries)
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
    groups: list[list[str]], entries: dict[str, AuthorEntry], problems: Problems, label: str
) -> set[tuple[str, str]]:
    pairs: set[tuple[str, str]] = set()
    for i, group in enumerate(groups, 1):
        keys: list[list[str]] = []
        for ref in group:
            found = lookup(ref, entries)
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
