"""Boards: within each session and room, neighbours on the boards are similar.

Boards are numbered along the walking order of the room, so the order of
posters is a path.  The path keeps each topic in one contiguous block, chains
the blocks so that related topics meet, and inside a block runs
nearest-neighbour plus open-path 2-opt on cosine distance (docs/modelling.md §9 measured
this within ~2 % of an exact path at a fraction of the time).

Posters of one room that share an author (a clash the session stage could not
avoid) stand side by side: each connected group of them is taken out of the
path and put back as one run, laid out along their shared authors, in the gap
where it fits best (``_with_partners``), so the author stands between them.

Pinned boards stay put.  On a rerun, posters that stay in their room keep their
boards; a newcomer that shares an author with a poster of the room takes the
free board nearest to it, the others the free board whose neighbours are most
like them.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np

from planner.model.partners import components, partners_of


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
        ordered_blocks = _turn_blocks([ordered_blocks[k] for k in chain], vectors)
    return [papers[i] for block in ordered_blocks for i in block]


def _turn_blocks(blocks: list[list[int]], vectors: np.ndarray) -> list[list[int]]:
    """Each block of the chain turned so that the posters meeting at the borders are most alike.

    Where two topics meet, the last poster of one stands beside the first of
    the next; which ends meet is chosen for the whole chain at once (a dynamic
    programme over each block's two directions), so a border poster is the
    one of its topic most like the neighbouring topic, not whichever end the
    block's own path happened to start from.  Ties keep a block as it is.
    """
    ends = [(vectors[b[0]], vectors[b[-1]]) for b in blocks]  # (first, last) as laid out
    # score[d]: best border likeness so far with the current block in direction d
    # (0 as laid out, 1 reversed); back[k][d]: the previous block's direction then.
    score = np.zeros(2)
    back: list[tuple[int, int]] = []
    for k in range(1, len(blocks)):
        lasts = (ends[k - 1][1], ends[k - 1][0])  # the previous block's last, per direction
        firsts = (ends[k][0], ends[k][1])
        new, choice = np.zeros(2), [0, 0]
        for d in (0, 1):
            options = [score[e] + float(lasts[e] @ firsts[d]) for e in (0, 1)]
            choice[d] = 1 if options[1] > options[0] + 1e-12 else 0
            new[d] = options[choice[d]]
        back.append((choice[0], choice[1]))
        score = new
    d = 1 if score[1] > score[0] + 1e-12 else 0
    turned = [d]
    for k in range(len(blocks) - 1, 0, -1):
        d = back[k - 1][d]
        turned.append(d)
    turned.reverse()
    return [b[::-1] if t else b for b, t in zip(blocks, turned, strict=True)]


def assign_boards(
    papers: list[str],
    topic_of: dict[str, int],
    vectors: np.ndarray,
    boards: int,
    fixed: dict[str, int] | None = None,
    people: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, int]:
    """Board numbers (1-based) for one room's posters.

    ``fixed`` holds boards that must not change (pins, and on a rerun posters
    that stay in the room); ``vectors`` are the papers' rows, aligned with
    ``papers``; ``people``: paper -> its authors' person keys, so that posters
    sharing an author stand on adjacent boards.
    """
    members = set(papers)
    fixed = {p: b for p, b in (fixed or {}).items() if p in members and 1 <= b <= boards}
    row = {p: i for i, p in enumerate(papers)}
    partnered = partners_of(papers, people or {})
    if not fixed:
        order = _with_partners(papers, topic_of, vectors, partnered)
        return {p: i + 1 for i, p in enumerate(order)}
    taken = dict(fixed)
    limit = max(boards, len(papers))
    # Newcomers sharing an author with a poster already on a board go beside it.
    _beside_partners(taken, [p for p in papers if p not in fixed], partnered, limit)
    used = set(taken.values())
    free_papers = [p for p in papers if p not in taken]
    if len(free_papers) > len(fixed):
        # Mostly new: lay them out as a path on the free boards in order.
        order = _with_partners(
            free_papers, topic_of, vectors[[row[p] for p in free_papers]], partnered
        )
        numbers = (b for b in range(1, limit + 1) if b not in used)
        for p in order:
            taken[p] = next(numbers)
        return taken
    # A few newcomers: each takes the free board whose neighbours are most like it
    # (or, once a partner of it is placed, the free board nearest that partner).
    at = {b: p for p, b in taken.items()}
    order = _with_partners(free_papers, topic_of, vectors[[row[q] for q in free_papers]], partnered)
    for p in order:
        if any(q in taken for q in partnered.get(p, ())):
            _beside_partners(taken, [p], partnered, limit)
            at[taken[p]] = p
            continue
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


# --------------------------------------------------------------------------- shared authors

# A group of posters joined by shared authors is laid out by trying every order
# up to this size; above it, greedily along the shared authors.
EXACT_GROUP = 6


def _with_partners(
    papers: list[str],
    topic_of: dict[str, int],
    vectors: np.ndarray,
    near: Mapping[str, Sequence[str]],
) -> list[str]:
    """``order_room``, then each group of posters sharing authors put back side by side.

    Every group is taken out of the path and put back as one run, its members
    in the order that keeps most shared-author pairs 1 (or 2) boards apart
    (``_group_path``), into the gap of the path (and the way round) that loses
    least likeness between neighbours.  Measured on ICML 2024 with names only
    (116 such pairs): this kept neighbours 3.88x random where laying each group
    out as one unit of the path at its mean gave 3.83x (4.04x with the pairs
    scattered).
    """
    order = order_room(papers, topic_of, vectors)
    groups = [g for g in components(papers, near) if len(g) > 1]
    if not groups:
        return order
    row = {p: i for i, p in enumerate(papers)}
    grouped = {p for g in groups for p in g}
    path = [row[p] for p in order if p not in grouped]
    # Gap i is before path[i]; the gaps inside a group put back stay closed.
    open_gap = [True] * (len(path) + 1)
    for group in groups:
        run = [row[p] for p in _group_path(group, near, vectors[[row[p] for p in group]])]
        at, run = _best_gap(path, open_gap, run, vectors)
        path[at:at] = run
        open_gap[at + 1 : at + 1] = [False] * (len(run) - 1) + [True]
    return [papers[k] for k in path]


def _best_gap(
    path: list[int], open_gap: list[bool], run: list[int], vectors: np.ndarray
) -> tuple[int, list[int]]:
    """The open gap of ``path`` and the direction of ``run`` that keep neighbours most alike."""
    best: tuple[float, int, list[int]] = (-np.inf, 0, run)
    rows = vectors[path]
    closed = ~np.array(open_gap)
    for seq in (run, run[::-1]):
        gain = np.zeros(len(path) + 1)
        if path:
            gain[1:] += rows @ vectors[seq[0]]
            gain[:-1] += rows @ vectors[seq[-1]]
            gain[1:-1] -= np.einsum("ij,ij->i", rows[:-1], rows[1:])
        gain[closed] = -np.inf
        at = int(np.argmax(gain))
        if gain[at] > best[0] + 1e-12:
            best = (float(gain[at]), at, seq)
    return best[1], best[2]


def _path_cost(order: Sequence[int], edges: list[tuple[int, int]]) -> tuple[int, int, int]:
    """Pairs more than 2 boards apart, more than 1 apart, and the total distance."""
    at = {k: i for i, k in enumerate(order)}
    gaps = [abs(at[a] - at[b]) for a, b in edges]
    return sum(g > 2 for g in gaps), sum(g > 1 for g in gaps), sum(gaps)


def _group_path(group: list[str], near: Mapping[str, Sequence[str]], rows: np.ndarray) -> list[str]:
    """The members of a group in an order that keeps its shared-author pairs close.

    Every order is tried up to ``EXACT_GROUP`` members (ties go to the path
    of most similar neighbours); a larger group is walked greedily, each
    step to the member with most shared authors among the last ones placed.
    """
    n = len(group)
    if n <= 2:
        return list(group)
    index = {p: i for i, p in enumerate(group)}
    edges = [
        (index[p], index[q]) for p in group for q in near.get(p, ()) if index.get(q, -1) > index[p]
    ]
    sim = rows @ rows.T
    if n <= EXACT_GROUP:
        best = min(
            (perm for perm in itertools.permutations(range(n)) if perm[0] < perm[-1]),
            key=lambda perm: (
                _path_cost(perm, edges),
                -sum(float(sim[a, b]) for a, b in itertools.pairwise(perm)),
            ),
        )
        return [group[k] for k in best]
    linked = [set() for _ in range(n)]  # type: list[set[int]]
    for a, b in edges:
        linked[a].add(b)
        linked[b].add(a)
    path = [min(range(n), key=lambda k: (len(linked[k]), k))]
    left = set(range(n)) - set(path)
    while left:
        last = path[-1]
        nxt = max(
            sorted(left),
            key=lambda k: (k in linked[last], len(linked[k] & set(path[-2:])), float(sim[last, k])),
        )
        path.append(nxt)
        left.discard(nxt)
    return [group[k] for k in path]


def _beside_partners(
    taken: dict[str, int], newcomers: list[str], near: Mapping[str, Sequence[str]], limit: int
) -> None:
    """Puts each newcomer with a partner on a board on the free board nearest that partner.

    Repeats while one is placed, so a newcomer whose partner is another
    newcomer follows it.  Ties go to the lower board.
    """
    waiting = [p for p in newcomers if p not in taken and p in near]
    while waiting:
        used = set(taken.values())
        placed = False
        for p in waiting:
            anchors = [taken[q] for q in near[p] if q in taken]
            if not anchors:
                continue
            free = [b for b in range(1, limit + 1) if b not in used]
            if not free:
                return
            taken[p] = min(free, key=lambda b: (min(abs(b - a) for a in anchors), b))
            placed = True
            break
        if not placed:
            return
        waiting = [p for p in waiting if p not in taken]
