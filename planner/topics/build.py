"""Topics: text features, clusters sized to what rooms hold, and readable labels.

Features are TF-IDF over the cleaned title (counted twice: titles are dense),
abstract and keywords, projected to a low rank with truncated SVD so that
cosine similarity reflects shared vocabulary rather than shared words.  An
optional sentence-embedding backend (``pip install .[embeddings]``) replaces
the projection.  Clusters come from k-means with k chosen so that a topic is
about half a room; a cluster larger than the biggest room is split.  Topics the
organizer gives (a topic column or field, or ``[topics]`` in the venue) take
precedence; papers without one join the nearest given topic.  Clusters and
subtopics of an area are named by planner.topics.labels.
"""

from __future__ import annotations

import contextlib
import statistics
import warnings
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cached_property
from types import TracebackType
from typing import Literal

import numpy as np
from scipy import sparse
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

from planner.read.conference import Paper, Venue
from planner.topics.labels import label_topics

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

    @cached_property
    def row(self) -> dict[str, int]:
        """Paper id -> row of the matrices (built once: callers look up every paper)."""
        return {pid: i for i, pid in enumerate(self.ids)}

    def members(self) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in self.labels]
        for pid in self.ids:
            out[self.of[pid]].append(pid)
        return out


# Off: which organizer topics share a room follows the room stage alone, as
# before issue 23 (benchmarks/organizer_topics.py measures both).
TEXT_REFINES_TOPICS = True


def refined_by_text(topics: Topics) -> bool:
    """Whether the abstracts decide which organizer topics share a room.

    The organizer's topic names say which papers belong together, not which
    topics are near each other; with two organizer topics or more the
    abstracts decide that (planner.model.topic_blocks).
    """
    return TEXT_REFINES_TOPICS and len(topics.organizer) >= 2


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


def talk_rows(papers: list[Paper]) -> sparse.csr_matrix:
    """Unit TF-IDF rows over the talks' own words: what an attendee compares talks by.

    The talk themes are judged on plain similarity of titles and abstracts.
    The topic vectors (an SVD of a bigram TF-IDF over every paper) lose the
    rare words two talks share: on 1,000 ICML abstracts planned as a society
    meeting the discrimination ratio under an independent TF-IDF is 3.66 on
    them and 4.08 on these rows (docs/modelling.md §11).  Unigrams, the title
    once, words in two talks or more.
    """
    texts = [f"{p.clean_title}. {' '.join(p.keywords)}. {p.clean_abstract}" for p in papers]
    vec = TfidfVectorizer(
        stop_words=STOP_WORDS,
        sublinear_tf=True,
        min_df=2 if len(texts) >= 40 else 1,
        token_pattern=r"(?u)\b[a-zA-Z][a-zA-Z0-9\-]+\b",
    )
    try:
        matrix = vec.fit_transform(texts)
    except ValueError:  # every word filtered out: all talks alike, none preferred
        return sparse.csr_matrix(np.ones((len(texts), 1)))
    return normalize(matrix).tocsr()


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


class _QuietFits(contextlib.ContextDecorator):
    """scikit-learn's warnings on near-identical texts, kept from the chair's terminal.

    Titles only, one word each, or a list of copies make KMeans find fewer
    distinct clusters than asked and TruncatedSVD divide by a zero variance;
    the topics are still valid (fewer, or one), and the summary says how many.
    """

    def __enter__(self) -> _QuietFits:
        self._caught = warnings.catch_warnings()
        self._caught.__enter__()
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", RuntimeWarning)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self._caught.__exit__(kind, error, trace)


@_QuietFits()
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
    vectors = _features(matrix, texts, backend, seed)
    given, kind = _labels_given(papers, venue, seed, previous, vectors, matrix, terms)
    if any(given.values()):
        return _from_labels(ids, given, kind, previous_order, vectors, matrix)
    return _clustered(papers, venue, seed, vectors, matrix, terms)


def _features(
    matrix: sparse.csr_matrix, texts: list[str], backend: Backend, seed: int
) -> np.ndarray:
    """The papers' feature rows: the projected TF-IDF, or sentence embeddings."""
    if backend == "embeddings":
        from planner.topics.embeddings import embed

        return normalize(embed(texts))
    return _project(matrix, seed)


def _labels_given(
    papers: list[Paper],
    venue: Venue,
    seed: int,
    previous: dict[str, str] | None,
    vectors: np.ndarray,
    matrix: sparse.csr_matrix,
    terms: list[str],
) -> tuple[dict[str, str | None], str]:
    """Each paper's label from the organizer (areas split) or the previous plan, and which.

    No label anywhere means the topics are clustered afresh.
    """
    ids = [p.id for p in papers]
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
    return given, kind


def _from_labels(
    ids: list[str],
    given: dict[str, str | None],
    kind: str,
    previous_order: list[str] | None,
    vectors: np.ndarray,
    matrix: sparse.csr_matrix,
) -> Topics:
    """Topics from the labels papers have; a paper without one joins the nearest."""
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


def _clustered(
    papers: list[Paper],
    venue: Venue,
    seed: int,
    vectors: np.ndarray,
    matrix: sparse.csr_matrix,
    terms: list[str],
) -> Topics:
    """Topics from k-means, a cluster too big for the biggest room split, then labelled."""
    ids = [p.id for p in papers]
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
