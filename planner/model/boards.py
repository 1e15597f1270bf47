"""Boards: within each session and room, neighbours on the boards are similar.

Boards are numbered along the walking order of the room, so the order of
posters is a path.  The path keeps each topic in one contiguous block, chains
the blocks so that related topics meet, and inside a block runs
nearest-neighbour plus open-path 2-opt on cosine distance (docs/modelling.md §9 measured
this within ~2 % of an exact path at a fraction of the time).

Pinned boards stay put.  On a rerun, posters that stay in their room keep their
boards; newcomers take the free board whose neighbours are most like them.
"""

from __future__ import annotations

import numpy as np


def _nearest_neighbour(sim: np.ndarray, start: int) -> list[int]:
    n = len(sim)
    path = [start]
    free = np.ones(n, dtype=bool)
    free[start] = False
    for _ in range(n - 1):
        row = np.where(free, sim[path[-1]], -np.inf)
        nxt = int(np.argmax(row))
        path.append(nxt)
        free[nxt] = False
    return path


def _two_opt(path: list[int], dist: np.ndarray, rounds: int = 50) -> list[int]:
    """Open-path 2-opt: reverse a segment while that shortens the path."""
    p = np.array(path)
    n = len(p)
    if n < 4:
        return path
    for _ in range(rounds):
        improved = False
        for i in range(n - 1):
            # Reversing p[i..j] replaces edges (p[i-1], p[i]) and (p[j], p[j+1]).
            j = np.arange(i + 1, n)
            before = np.zeros(len(j))
            after = np.zeros(len(j))
            if i > 0:
                before += dist[p[i - 1], p[i]]
                after += dist[p[i - 1], p[j]]
            inner = j < n - 1
            jj = j[inner]
            before[inner] += dist[p[jj], p[jj + 1]]
            after[inner] += dist[p[i], p[jj + 1]]
            gain = before - after
            best = int(np.argmax(gain))
            if gain[best] > 1e-9:
                k = int(j[best])
                p[i : k + 1] = p[i : k + 1][::-1].copy()
                improved = True
        if not improved:
            break
    return p.tolist()


def path_order(vectors: np.ndarray) -> list[int]:
    """A short open path through unit vectors (rows), as row indices."""
    n = len(vectors)
    if n <= 2:
        return list(range(n))
    sim = vectors @ vectors.T
    # Start at the most peripheral item: a path should begin at an end.
    start = int(np.argmin(sim.sum(axis=1)))
    return _two_opt(_nearest_neighbour(sim, start), 1.0 - sim)


def order_room(papers: list[str], topic_of: dict[str, int], vectors: np.ndarray) -> list[str]:
    """Posters of one room in board order: topic blocks, chained, each a short path."""
    if len(papers) <= 1:
        return list(papers)
    blocks: dict[int, list[int]] = {}
    for i, p in enumerate(papers):
        blocks.setdefault(topic_of[p], []).append(i)
    ordered_blocks = []
    for rows in blocks.values():
        inner = path_order(vectors[rows])
        ordered_blocks.append([rows[k] for k in inner])
    if len(ordered_blocks) > 1:
        centroids = np.vstack([vectors[b].mean(axis=0) for b in ordered_blocks])
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        chain = path_order(centroids / np.maximum(norms, 1e-12))
        ordered_blocks = [ordered_blocks[k] for k in chain]
        # Turn each block so that its first poster is close to the previous block's last.
        for k in range(1, len(ordered_blocks)):
            prev_end = vectors[ordered_blocks[k - 1][-1]]
            block = ordered_blocks[k]
            if prev_end @ vectors[block[-1]] > prev_end @ vectors[block[0]]:
                ordered_blocks[k] = block[::-1]
        if len(ordered_blocks[0]) > 1:
            nxt = vectors[ordered_blocks[1][0]]
            first = ordered_blocks[0]
            if nxt @ vectors[first[0]] > nxt @ vectors[first[-1]]:
                ordered_blocks[0] = first[::-1]
    return [papers[i] for block in ordered_blocks for i in block]


def assign_boards(
    papers: list[str],
    topic_of: dict[str, int],
    vectors: np.ndarray,
    boards: int,
    fixed: dict[str, int] | None = None,
) -> dict[str, int]:
    """Board numbers (1-based) for one room's posters.

    ``fixed`` holds boards that must not change (pins, and on a rerun posters
    that stay in the room); ``vectors`` are the papers' rows, aligned with
    ``papers``.
    """
    members = set(papers)
    fixed = {p: b for p, b in (fixed or {}).items() if p in members and 1 <= b <= boards}
    free_papers = [p for p in papers if p not in fixed]
    row = {p: i for i, p in enumerate(papers)}
    if not fixed:
        order = order_room(papers, topic_of, vectors)
        return {p: i + 1 for i, p in enumerate(order)}
    taken = dict(fixed)
    used = set(fixed.values())
    limit = max(boards, len(papers))
    if len(free_papers) > len(fixed):
        # Mostly new: lay them out as a path on the free boards in order.
        order = order_room(free_papers, topic_of, vectors[[row[p] for p in free_papers]])
        numbers = (b for b in range(1, limit + 1) if b not in used)
        for p in order:
            taken[p] = next(numbers)
        return taken
    # A few newcomers: each takes the free board whose neighbours are most like it.
    at = {b: p for p, b in taken.items()}
    for p in order_room(free_papers, topic_of, vectors[[row[q] for q in free_papers]]):
        best, best_score = None, -np.inf
        for b in range(1, limit + 1):
            if b in at:
                continue
            near = [at[n] for n in (b - 1, b + 1) if n in at]
            score = (
                float(np.mean([vectors[row[p]] @ vectors[row[q]] for q in near])) if near else -1.0
            ) - 1e-6 * b
            if score > best_score:
                best, best_score = b, score
        assert best is not None
        at[best] = p
        taken[p] = best
    return taken
