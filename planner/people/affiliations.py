"""Whether two affiliations name one place: the evidence that two namesakes are one person.

Affiliations are written freely ("Princeton University, Together AI" and
"Princeton, TogetherAI"), so they are compared by keys: accents and words
many places share dropped, the rest joined, each part of a joint
affiliation apart.  planner.people.author_merge weighs them with the other
evidence.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

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


def affiliation_keys_of(institutions: Iterable[str]) -> set[str]:
    """Comparison keys for several affiliation strings together."""
    return set().union(*(affiliation_keys(i) for i in institutions))


def affiliations_agree(a: set[str], b: set[str]) -> bool:
    """Whether two sets of affiliation keys share a place: one key equal to, or inside, another."""
    return any(
        x == y or (min(len(x), len(y)) >= _MIN_CONTAINED_KEY and (x in y or y in x))
        for x in a
        for y in b
    )
