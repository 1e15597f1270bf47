"""Figures that judge a plan apart from the model's own objective.

Topic grouping is the mean pairwise TF-IDF cosine similarity of posters that
share a session and room, divided by what a random placement with the same
room loads gives in expectation (the mean over all pairs); session grouping
is the same for posters that share a session, whatever the room.  Neighbour
similarity is the mean similarity of posters on consecutive boards, divided by
what a random order of the same posters gives (the mean over pairs within each
room).  Both expectations are exact, so the ratios need no sampling.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping

import numpy as np
from scipy import sparse


def _pair_sum(rows: sparse.csr_matrix | np.ndarray) -> tuple[float, int]:
    """Sum of cosine similarities over unordered pairs of unit rows, and the pair count."""
    n = rows.shape[0]
    if n < 2:
        return 0.0, 0
    total = np.asarray(rows.sum(axis=0)).ravel()
    if sparse.issparse(rows):
        squares = float(rows.multiply(rows).sum())  # type: ignore[union-attr]
    else:
        squares = float((rows * rows).sum())
    return (float(total @ total) - float(squares)) / 2.0, n * (n - 1) // 2


def grouping_ratio(cells: Iterable[list[int]], matrix: sparse.csr_matrix) -> float:
    """Within-(session, room) mean similarity over the all-pairs mean."""
    within, pairs = 0.0, 0
    for rows in cells:
        s, c = _pair_sum(matrix[rows])
        within, pairs = within + s, pairs + c
    everyone, all_pairs = _pair_sum(matrix)
    if not pairs or not all_pairs or everyone <= 0:
        return 1.0
    return (within / pairs) / (everyone / all_pairs)


def neighbour_ratio(rooms: Iterable[list[int]], matrix: sparse.csr_matrix) -> float:
    """Consecutive-board mean similarity over the random-order expectation."""
    adjacent, edges, expected = 0.0, 0, 0.0
    for order in rooms:
        if len(order) < 2:
            continue
        sub = matrix[order]
        sims = np.asarray(sub[:-1].multiply(sub[1:]).sum(axis=1)).ravel()
        adjacent += float(sims.sum())
        edges += len(order) - 1
        s, c = _pair_sum(sub)
        expected += (len(order) - 1) * (s / c)
    if not edges or expected <= 0:
        return 1.0
    return adjacent / expected


def cells_of(
    placements: Mapping[str, tuple[str, str, int]], row: Mapping[str, int]
) -> dict[tuple[str, str], list[int]]:
    """Rows per (session, room), in board order."""
    cells: dict[tuple[str, str], list[tuple[int, int]]] = defaultdict(list)
    for paper, (session, room, board) in placements.items():
        cells[session, room].append((board, row[paper]))
    return {key: [r for _, r in sorted(v)] for key, v in sorted(cells.items())}


def session_cells(
    placements: Mapping[str, tuple[str, str, int]], row: Mapping[str, int]
) -> dict[str, list[int]]:
    """Rows per session, whatever the room."""
    cells: dict[str, list[int]] = defaultdict(list)
    for paper, (session, _room, _board) in sorted(placements.items()):
        cells[session].append(row[paper])
    return dict(sorted(cells.items()))


def shared_author_distances(
    placements: Mapping[str, tuple[str, str, int]], people_of: Mapping[str, Iterable[str]]
) -> dict[tuple[str, str], int | None]:
    """Each pair of posters sharing an author in one session -> how many boards apart.

    None when they stand in different rooms.  A pair sharing several authors
    counts once; keys are (paper, paper) in sorted order.
    """
    by_person: dict[tuple[str, str], list[str]] = defaultdict(list)
    for paper in sorted(placements):
        for key in dict.fromkeys(people_of.get(paper, ())):
            by_person[placements[paper][0], key].append(paper)
    out: dict[tuple[str, str], int | None] = {}
    for papers in by_person.values():
        for i, a in enumerate(papers):
            for b in papers[i + 1 :]:
                (_, room_a, board_a), (_, room_b, board_b) = placements[a], placements[b]
                out[a, b] = abs(board_a - board_b) if room_a == room_b else None
    return dict(sorted(out.items()))


# Pairs of posters sharing an author in one session at most this many boards apart
# count as side by side (the figure ``together_within``).
TOGETHER_BOARDS = 2


def topic_share(placed: Iterable[tuple[int, str, str]], topics: Collection[int]) -> float | None:
    """Share of the posters of ``topics`` in the (session, room) holding most of their topic.

    The grouping by the organizer's topics, beside the grouping by text
    (``grouping_ratio``): 1.0 when each topic sits whole in one room.
    ``placed`` holds (topic, session, room) per poster; None without such topics.
    """
    counts: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
    for topic, session, room in placed:
        if topic in topics:
            counts[topic][session, room] += 1
    total = sum(sum(c.values()) for c in counts.values())
    if not total:
        return None
    return sum(c.most_common(1)[0][1] for c in counts.values()) / total
