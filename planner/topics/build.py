"""Topics: text features, clusters sized to what rooms hold, and readable labels.

Features are TF-IDF over the cleaned title (counted twice: titles are dense),
abstract and keywords, projected to a low rank with truncated SVD so that
cosine similarity reflects shared vocabulary rather than shared words.  An
optional sentence-embedding backend (``pip install .[embeddings]``) replaces
the projection.  Clusters come from k-means with k chosen so that a topic is
about half a room; a cluster larger than the biggest room is split.  Topics the
organizer gives (a topic column or field, or ``[topics]`` in the venue) take
precedence; papers without one join the nearest given topic.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from planner.read.conference import Paper, Venue

# Words every abstract uses; they say nothing about the topic.
_PAPER_WORDS = {
    "paper",
    "propose",
    "proposed",
    "proposes",
    "present",
    "presents",
    "show",
    "shows",
    "shown",
    "result",
    "results",
    "novel",
    "approach",
    "approaches",
    "achieve",
    "achieves",
    "achieving",
    "existing",
    "significantly",
    "significant",
    "new",
    "based",
    "using",
    "use",
    "used",
    "method",
    "methods",
    "work",
    "works",
    "demonstrate",
    "demonstrates",
    "study",
    "introduce",
    "introduces",
    "problem",
    "problems",
    "performance",
    "improve",
    "improves",
    "improved",
    "state",
    "art",
    "compared",
    "prior",
    "key",
    "task",
    "tasks",
    "via",
    "wide",
    "range",
    "furthermore",
    "moreover",
    "however",
    "addition",
    "additionally",
    "effective",
    "efficient",
    "efficiently",
    "framework",
    "frameworks",
    "experiments",
    "experimental",
    "outperforms",
    "leading",
    "enables",
    "enable",
    "up",
    "times",
    "code",
    "available",
    "github",
    "com",
    "https",
    "www",
    "http",
    "org",
    "provide",
    "provides",
}
STOP_WORDS = sorted(ENGLISH_STOP_WORDS | _PAPER_WORDS)
Backend = Literal["tfidf", "embeddings"]


@dataclass
class Topics:
    ids: list[str]  # paper ids, row order of the matrices below
    labels: list[str]  # topic number -> label
    of: dict[str, int]  # paper id -> topic number
    vectors: np.ndarray  # unit rows: the features boards and rooms are ordered by
    tfidf: sparse.csr_matrix  # unit rows: plain TF-IDF, for measuring grouping apart
    source: str  # "clusters", "given" or "given+nearest"

    @property
    def organizer(self) -> frozenset[int]:
        """Topics the organizer gave as they are (not clusters, not subtopics of an area)."""
        if not self.source.startswith("given"):
            return frozenset()
        return frozenset(t for t, label in enumerate(self.labels) if AREA_MARK not in label)

    @property
    def row(self) -> dict[str, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    def members(self) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in self.labels]
        for pid in self.ids:
            out[self.of[pid]].append(pid)
        return out


def paper_text(paper: Paper) -> str:
    words = " ".join(paper.keywords)
    return f"{paper.clean_title}. {paper.clean_title}. {words}. {paper.clean_abstract}"


def tfidf_matrix(texts: list[str]) -> tuple[sparse.csr_matrix, list[str]]:
    n = len(texts)
    vec = TfidfVectorizer(
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        ngram_range=(1, 2),
        min_df=2 if n >= 40 else 1,
        max_df=0.5 if n >= 40 else 1.0,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
        dtype=np.float32,
    )
    try:
        matrix = vec.fit_transform(texts)
    except ValueError:  # every word filtered out (tiny or empty texts)
        vec = TfidfVectorizer(token_pattern=r"(?u)\b\w+\b", dtype=np.float32)
        try:
            matrix = vec.fit_transform([t or "untitled" for t in texts])
        except ValueError:
            return sparse.csr_matrix(np.ones((n, 1), dtype=np.float32)), ["paper"]
    return normalize(matrix).tocsr(), list(vec.get_feature_names_out())


def _project(matrix: sparse.csr_matrix, seed: int) -> np.ndarray:
    n, d = matrix.shape
    rank = min(100, n - 1, d - 1)
    if rank < 2:
        dense = matrix.toarray()
    else:
        dense = TruncatedSVD(n_components=rank, random_state=seed).fit_transform(matrix)
    dense = np.asarray(dense, dtype=np.float64)
    # A paper with no usable words still needs a unit vector: give it a tiny
    # component of its own so it is dissimilar to everyone.
    return normalize(dense + 1e-9)


def topic_size(venue: Venue) -> int:
    """About half a room: the unit in which topics are grouped on the floor."""
    cells = [venue.usable_boards(s.id, r) for s in venue.sessions for r in venue.rooms_in(s.id)]
    cells = [c for c in cells if c > 0] or [1]
    return int(min(40, max(6, statistics.median(cells) // 2)))


def choose_k(n: int, venue: Venue) -> int:
    if isinstance(venue.rules.topics, int):
        return max(1, min(venue.rules.topics, n))
    return max(1, min(60, n // 2 or 1, round(n / topic_size(venue))))


def _kmeans(vectors: np.ndarray, k: int, seed: int) -> np.ndarray:
    if k <= 1 or len(vectors) <= k:
        return np.arange(len(vectors)) if len(vectors) <= k else np.zeros(len(vectors), int)
    return KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(vectors)


def _split_large(assign: np.ndarray, vectors: np.ndarray, limit: int, seed: int) -> np.ndarray:
    """Splits clusters larger than ``limit`` (the biggest room) in two until none is."""
    assign = assign.copy()
    while True:
        sizes = np.bincount(assign)
        big = int(np.argmax(sizes))
        if sizes[big] <= limit:
            return assign
        rows = np.flatnonzero(assign == big)
        halves = KMeans(n_clusters=2, n_init=4, random_state=seed).fit_predict(vectors[rows])
        if halves.min() == halves.max():  # identical vectors: split by position
            halves = (np.arange(len(rows)) >= len(rows) // 2).astype(int)
        assign[rows[halves == 1]] = assign.max() + 1


def _relabel(assign: np.ndarray) -> np.ndarray:
    """Numbers topics by first appearance so the numbering is stable for a seed."""
    order: dict[int, int] = {}
    for a in assign:
        order.setdefault(int(a), len(order))
    return np.array([order[int(a)] for a in assign])


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


AREA_MARK = " › "
# A value given to at least this share of the papers says almost nothing about
# topics ("main" at NeurIPS); it is an area whatever the room sizes.
AREA_SHARE = 0.6


def given_topics(papers: list[Paper], venue: Venue) -> dict[str, str | None]:
    """The organizer's topic per paper, spellings made one ("ML Systems ", "ml  systems").

    Values are compared ignoring case and repeated or surrounding spaces; each
    is shown in its most common spelling (ties: the first in sorted order).
    """
    raw = {p.id: venue.topic_of.get(p.id) or p.topic for p in papers}
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    key_of: dict[str, str | None] = {}
    for pid, value in raw.items():
        text = " ".join((value or "").split())
        key = text.casefold() or None
        key_of[pid] = key
        if key:
            spellings[key][text] += 1
    shown = {key: min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0] for key, c in spellings.items()}
    return {pid: shown[key] if key else None for pid, key in key_of.items()}


def _areas(given: dict[str, str | None], venue: Venue) -> tuple[set[str], bool]:
    """Which given values are areas to split into subtopics, and whether to ignore them all.

    A value is an area when it cannot fit one room (more papers than the
    biggest room holds in a session) or covers most of the list; one value
    for every paper that has one says nothing and is ignored.
    """
    counts = Counter(v for v in given.values() if v)
    if len(counts) <= 1:
        return set(), True
    biggest = max(
        (venue.usable_boards(s.id, r) for s in venue.sessions for r in venue.rooms), default=0
    )
    unit = topic_size(venue)
    total = len(given)
    areas = {
        v
        for v, n in counts.items()
        if (n > max(biggest, 2 * unit)) or (n >= AREA_SHARE * total and n > 2 * unit)
    }
    return areas, False


def _split_area(
    name: str,
    rows: np.ndarray,
    vectors: np.ndarray,
    matrix: sparse.csr_matrix,
    terms: list[str],
    titles: list[str],
    venue: Venue,
    seed: int,
) -> tuple[np.ndarray, list[str]]:
    """Subtopics of one area: k-means inside it, labelled "Area › terms"."""
    k = max(2, min(60, round(len(rows) / topic_size(venue))))
    assign = _relabel(np.asarray(_kmeans(vectors[rows], k, seed)))
    k = int(assign.max()) + 1
    labels = label_topics(matrix[rows], terms, assign, k, [titles[i] for i in rows])
    return assign, [f"{name}{AREA_MARK}{label}" for label in labels]


def _with_areas(
    ids: list[str],
    given: dict[str, str | None],
    areas: set[str],
    vectors: np.ndarray,
    matrix: sparse.csr_matrix,
    terms: list[str],
    titles: list[str],
    venue: Venue,
    seed: int,
) -> dict[str, str | None]:
    """Each paper's label: its given topic, or its subtopic where the value is an area."""
    out = dict(given)
    position = {pid: i for i, pid in enumerate(ids)}
    for area in sorted(areas):
        members = [pid for pid in ids if given[pid] == area]
        rows = np.array([position[pid] for pid in members])
        assign, labels = _split_area(area, rows, vectors, matrix, terms, titles, venue, seed)
        for pid, a in zip(members, assign, strict=True):
            out[pid] = labels[int(a)]
    return out


def _keep_previous(
    ids: list[str], labels: dict[str, str | None], previous: dict[str, str]
) -> dict[str, str | None]:
    """On a rerun, papers keep the subtopic they had while their area is unchanged."""
    out = dict(labels)
    for pid in ids:
        old = previous.get(pid)
        new = labels.get(pid)
        if old and new and AREA_MARK in new and old.split(AREA_MARK)[0] == new.split(AREA_MARK)[0]:
            out[pid] = old
    return out


def build_topics(
    papers: list[Paper],
    venue: Venue,
    seed: int = 0,
    backend: Backend = "tfidf",
    previous: dict[str, str] | None = None,
    previous_order: list[str] | None = None,
) -> Topics:
    """Topics for the papers.

    Topics the organizer gives (``[topics]`` or a topic field) win; a given
    value too big for one room, or given to most papers, is an *area* and is
    split into subtopics labelled "Area › terms"; a field with one value for
    everyone is ignored.  ``previous`` maps paper ids to the topic labels of
    the previous plan: on a rerun the topics people have seen stay as they
    were, and new papers join the nearest of them (unless the organizer gives
    topics, which always win); ``previous_order`` keeps their numbering.
    """
    ids = [p.id for p in papers]
    texts = [paper_text(p) for p in papers]
    matrix, terms = tfidf_matrix(texts)
    if backend == "embeddings":
        from planner.topics.embeddings import embed

        vectors = normalize(embed(texts))
    else:
        vectors = _project(matrix, seed)

    given = given_topics(papers, venue)
    areas, ignore = _areas(given, venue)
    if ignore:
        given = dict.fromkeys(ids)
    kind = "given"
    if areas:
        given = _with_areas(
            ids,
            given,
            areas,
            vectors,
            matrix,
            terms,
            [f"{p.clean_title} {p.clean_abstract}" for p in papers],
            venue,
            seed,
        )
        if previous:
            given = _keep_previous(ids, given, previous)
    if not any(given.values()) and previous:
        given = {pid: previous.get(pid) for pid in ids}
        kind = "previous"
    if any(given.values()):
        names = sorted({g for g in given.values() if g})
        if previous_order:
            rank = {label: i for i, label in enumerate(previous_order)}
            names.sort(key=lambda n: (rank.get(n, len(rank)), n))
        number = {name: i for i, name in enumerate(names)}
        assign = np.array([number.get(given[pid] or "", -1) for pid in ids])
        missing = np.flatnonzero(assign < 0)
        source = kind
        if len(missing):
            centroids = normalize(
                np.vstack([vectors[assign == t].mean(axis=0) for t in range(len(names))])
            )
            assign[missing] = np.argmax(vectors[missing] @ centroids.T, axis=1)
            source = f"{kind}+nearest"
        return Topics(
            ids,
            names,
            {pid: int(a) for pid, a in zip(ids, assign, strict=True)},
            vectors,
            matrix,
            source,
        )

    k = choose_k(len(papers), venue)
    assign = _kmeans(vectors, k, seed)
    biggest = max(
        (venue.usable_boards(s.id, r) for s in venue.sessions for r in venue.rooms),
        default=len(papers),
    )
    assign = _relabel(_split_large(np.asarray(assign), vectors, max(1, biggest), seed))
    k = int(assign.max()) + 1 if len(assign) else 0
    labels = label_topics(
        matrix, terms, assign, k, [f"{p.clean_title} {p.clean_abstract}" for p in papers]
    )
    return Topics(
        ids,
        labels,
        {pid: int(a) for pid, a in zip(ids, assign, strict=True)},
        vectors,
        matrix,
        "clusters",
    )
