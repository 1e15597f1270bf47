"""Topic labels: names a chair would keep, made of each cluster's most distinctive phrases.

A label is one or two phrases of the TF-IDF vocabulary that are frequent in
the cluster and rare elsewhere, two-word phrases preferred, words every
abstract uses never alone, and each word in the spelling the titles and
abstracts use most ("LLM", "LoRA").  No two labels start alike, and equal
labels are numbered apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import numpy as np
from scipy import sparse

# A word in more than this share of the papers says nothing about a topic
# ("model", "learning", "neural"): a label is never made of such words alone.
GENERIC_SHARE = 0.2
# A second phrase joins the label only when it is at least this distinctive
# next to the first; a weak one reads as noise ("Kernel fusion, accuracy").
SECOND_PHRASE = 0.35
# Phrases of two words read as names ("kv cache", "graph neural"); single words
# as fragments.  A phrase's score is multiplied by this.
PHRASE_BOOST = 1.4
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9\-]+")


# Inner capitals ("LoRA") or an acronym of at most six capitals ("LLM", "GNNs",
# "SPARQL"); a longer all-capital word is a title in capitals ("PERSONALIZED").
_CAMEL = re.compile(r"[a-z][A-Z]|^[A-Z][A-Z0-9]{1,5}s?$")


def spellings(texts: list[str]) -> dict[str, str]:
    """How each word is usually written: "LLM", "LoRA", "GNNs", but "video", "semi-supervised".

    The most common form in the titles and abstracts wins; it is kept only when
    it is an acronym or has inner capitals, since a capital that only starts a
    word is title case, not part of the name.
    """
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for token in _TOKEN.findall(text):
            seen[token.casefold()][token] += 1
    out = {}
    for word, forms in seen.items():
        form = min(forms.items(), key=lambda kv: (-kv[1], kv[0]))[0]
        out[word] = form if all(_CAMEL.search(part) for part in form.split("-") if part) else word
    return out


def _stem(word: str) -> str:
    """A crude stem for telling near-repeats apart ("graph"/"graphs", "private"/"privacy")."""
    return word[:5]


def _phrase(term: str, spelled: dict[str, str]) -> str:
    return " ".join(spelled.get(w, w) for w in term.split())


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _phrases(
    score: np.ndarray,
    terms: list[str],
    generic: set[str],
    spelled: dict[str, str],
    phrases_of: dict[str, list[int]],
    taken: set[str],
) -> list[str]:
    """Up to two distinctive phrases, the first not in ``taken``."""
    chosen: list[tuple[str, float]] = []
    for idx in np.argsort(-score, kind="stable"):
        if score[idx] <= 0 or len(chosen) == 2:
            break
        idx = int(idx)
        if " " not in terms[idx] and phrases_of.get(terms[idx]):
            best = max(phrases_of[terms[idx]], key=lambda j: (score[j], -j))
            if score[best] >= 0.5 * score[idx]:
                idx = best
        term = terms[idx]
        words = term.split()
        if all(w in generic for w in words) or (chosen and len(term) <= 2):
            continue
        if len(words) == 2 and spelled.get(words[1], words[1]) != words[1]:
            continue  # "models LLMs" is "large language models (LLMs)" cut in two
        stems = {_stem(w) for w in words}
        if any(stems & {_stem(w) for w in c.split()} for c, _ in chosen):
            continue  # "kv cache" then "cache eviction": one idea, said twice
        if not chosen and term in taken:
            continue
        if chosen and score[idx] < SECOND_PHRASE * chosen[0][1]:
            break
        chosen.append((term, float(score[idx])))
    return [c for c, _ in chosen]


def label_topics(
    matrix: sparse.csr_matrix,
    terms: list[str],
    assign: np.ndarray,
    k: int,
    texts: list[str] | None = None,
) -> list[str]:
    """Names a chair would keep: the cluster's most distinctive phrases.

    A term's distinctiveness is its mean TF-IDF in the cluster above half its
    mean overall; two-word phrases are preferred to single words, terms whose
    every word is in more than a fifth of the papers are never used, a second
    phrase is added only when it is nearly as distinctive and shares no word
    with the first, and no two labels start with the same two words (bigger
    clusters choose first).  Words keep the spelling the texts use most.
    """
    n = matrix.shape[0]
    share = np.asarray((matrix > 0).sum(axis=0)).ravel() / max(1, n)
    generic = {
        terms[i] for i in range(len(terms)) if share[i] > GENERIC_SHARE and " " not in terms[i]
    }
    spelled = spellings(texts or [])
    overall = np.asarray(matrix.mean(axis=0)).ravel()
    boost = np.array([PHRASE_BOOST if " " in t else 1.0 for t in terms])
    # The phrases each word appears in: a word that heads a strong phrase is
    # named by the phrase ("linear programming", not "linear").
    phrases_of: dict[str, list[int]] = defaultdict(list)
    for i, term in enumerate(terms):
        if " " in term:
            for w in term.split():
                phrases_of[w].append(i)
    sizes = np.bincount(assign, minlength=k) if len(assign) else np.zeros(k, int)
    labels = [f"Topic {t + 1}" for t in range(k)]
    starts: set[tuple[str, ...]] = set()
    for t in sorted(range(k), key=lambda t: (-sizes[t], t)):
        rows = np.flatnonzero(assign == t)
        if len(rows) == 0:
            continue
        score = (np.asarray(matrix[rows].mean(axis=0)).ravel() - 0.5 * overall) * boost
        taken: set[str] = set()  # first phrases that would start like another label
        for _ in range(6):
            chosen = _phrases(score, terms, generic, spelled, phrases_of, taken)
            if not chosen:
                break
            label = _capitalised(", ".join(_phrase(c, spelled) for c in chosen))
            start = tuple(re.findall(r"[0-9a-z]+", label.casefold())[:2])
            if start not in starts:
                starts.add(start)
                labels[t] = label
                break
            taken.add(chosen[0])
    # Equal labels would read as one topic; make them distinct.
    seen: dict[str, int] = {}
    for t, label in enumerate(labels):
        if label in seen:
            seen[label] += 1
            labels[t] = f"{label} ({seen[label]})"
        else:
            seen[label] = 1
    return labels
