"""Talks: a plan of cells (session and room) from local search, priced move by move.

Why.  The notes behind docs/modelling.md §11 measured that themed talk
programmes are won by cheap stages (similar talks into room-sized blocks,
blocks into time slots unlike one another), not by one big model.  This module
is those stages as one local search over *cells* (a room of a session): a
construction that deals a similarity path over the talks into cells so that a
session's rooms take parts of the path far apart, then moves and swaps of
single talks.  Its plan is the complete hint of the CP-SAT session stage
(planner.model.talks_model), and with sessions frozen it is the room stage.

What it minimises, each rank dominating what one move can gain below it:

1. hard rules (``HARD`` per unit): talk minutes over a room-session's
   minutes, talks missing below a pinned position, pairs of one speaker's
   talks in overlapping sessions.  A talk never takes a cell it may not
   (allowed sessions, busy speakers, pinned room): those cells are masked;
2. shared-author overlap pairs (``AUTHOR`` per person and pair of talks in
   overlapping sessions), as the bound in planner.model.talks_instance counts;
3. moves from the previous plan (``SESSION_MOVE``, or ``ROOM_MOVE`` within
   the session);
4. themes, ``-F`` with ``F = (1 + λ) W - λ T``: ``W`` sums the similarity of
   talk pairs sharing a cell, ``T`` of talk pairs sharing a session.  The
   pairs of a session in different rooms sum to ``T - W``, so raising ``F``
   raises the discrimination ratio's numerator and lowers its denominator;
   ``λ = DR · pairs within / pairs across`` is the Dinkelbach weight of the
   ratio (refreshed between rounds).  One move changes ``F`` by at most a few
   units, far below a move's weight.

Every sum is kept per cell and per session, so a move or swap is priced
from dot products, not a recount.  Budgets are sweeps, not seconds, and every
random choice comes from a generator seeded with the run's seed: a loaded
machine gives the same plan.
"""

from __future__ import annotations

import numpy as np

from planner.model.talks_instance import Instance

HARD = 1e7
AUTHOR = 1e5
SESSION_MOVE = 1e3
ROOM_MOVE = 6e2
_EPS = 1e-7


def _over(x: np.ndarray | float) -> np.ndarray:
    return np.maximum(0.0, x)


class CellSearch:
    """A plan of cells with the sums and counts every rank needs, kept move by move."""

    def __init__(
        self, inst: Instance, lam: float, seed: int, frozen: np.ndarray | None = None
    ) -> None:
        n, c, s = inst.n, len(inst.cells), len(inst.slots)
        self.inst, self.lam = inst, lam
        self.rng = np.random.default_rng(seed)
        self.vec = inst.search_vectors
        self.sq = (self.vec * self.vec).sum(axis=1)
        self.cs = inst.cell_session
        self.mask = inst.cell_ok.copy()
        if frozen is not None:  # the room stage: each talk stays in its session
            self.mask &= self.cs[None, :] == np.asarray(frozen)[:, None]
        self.cell_of = np.full(n, -1, dtype=np.int64)
        self.sess_of = np.full(n, -1, dtype=np.int64)
        d = self.vec.shape[1]
        self.cell_sum, self.sess_sum = np.zeros((c, d)), np.zeros((s, d))
        self.used, self.count = np.zeros(c), np.zeros(c, dtype=np.int64)
        self.self_cell, self.self_sess = np.zeros(n), np.zeros(n)
        people = [(p.talks, AUTHOR) for p in inst.authors]
        people += [(p.talks, HARD) for p in inst.speakers]
        self.p_talks = [t for t, _ in people]
        self.p_w = np.array([w for _, w in people])
        self.p_count = np.zeros((len(people), s), dtype=np.int64)
        self.item_people: list[list[int]] = [[] for _ in range(n)]
        for k, (talks, _) in enumerate(people):
            for i in talks:
                self.item_people[int(i)].append(k)
        self.weight = np.array([self.p_w[ks].sum() if ks else 0.0 for ks in self.item_people])
        self.pc = np.zeros((n, s))  # Σ over an item's people of w · (talks in overlapping sessions)
        self.o = inst.overlap.astype(np.float64)
        self.mc = self._move_costs()

    def _move_costs(self) -> np.ndarray:
        inst = self.inst
        mc = np.where(
            self.cs[None, :] == inst.previous_session[:, None], ROOM_MOVE, SESSION_MOVE
        ).astype(np.float64)
        mc[inst.previous_session < 0] = 0.0
        has = inst.previous_cell >= 0
        mc[np.flatnonzero(has), inst.previous_cell[has]] = 0.0
        return mc

    # ------------------------------------------------------------------ state

    def place(self, i: int, c: int) -> None:
        s, v = int(self.cs[c]), self.vec[i]
        cell_members = np.flatnonzero(self.cell_of == c)
        sess_members = np.flatnonzero(self.sess_of == s)
        self.self_cell[cell_members] += self.vec[cell_members] @ v
        self.self_sess[sess_members] += self.vec[sess_members] @ v
        self.cell_sum[c] += v
        self.sess_sum[s] += v
        self.self_cell[i] = v @ self.cell_sum[c]
        self.self_sess[i] = v @ self.sess_sum[s]
        self.cell_of[i], self.sess_of[i] = c, s
        self.used[c] += self.inst.units[i]
        self.count[c] += 1
        for k in self.item_people[i]:
            self.p_count[k, s] += 1
            self.pc[self.p_talks[k]] += self.p_w[k] * self.o[:, s]

    def remove(self, i: int) -> None:
        c, s, v = int(self.cell_of[i]), int(self.sess_of[i]), self.vec[i]
        self.cell_of[i] = self.sess_of[i] = -1
        self.cell_sum[c] -= v
        self.sess_sum[s] -= v
        cell_members = np.flatnonzero(self.cell_of == c)
        sess_members = np.flatnonzero(self.sess_of == s)
        self.self_cell[cell_members] -= self.vec[cell_members] @ v
        self.self_sess[sess_members] -= self.vec[sess_members] @ v
        self.used[c] -= self.inst.units[i]
        self.count[c] -= 1
        for k in self.item_people[i]:
            self.p_count[k, s] -= 1
            self.pc[self.p_talks[k]] -= self.p_w[k] * self.o[:, s]

    def load(self, cells: np.ndarray) -> None:
        for i, c in enumerate(cells):
            if c >= 0:
                self.place(i, int(c))

    # ------------------------------------------------------------------ prices

    def insert_costs(self, i: int) -> np.ndarray:
        """What placing the unplaced item ``i`` costs in each cell (inf where masked)."""
        inst, v = self.inst, self.vec[i]
        cap, mins = inst.cell_cap, inst.cell_min
        hard = _over(self.used + inst.units[i] - cap) - _over(self.used - cap)
        hard += _over(mins - self.count - 1) - _over(mins - self.count)
        theme = (1 + self.lam) * (self.cell_sum @ v) - self.lam * (self.sess_sum @ v)[self.cs]
        total = HARD * hard + self.pc[i, self.cs] + self.mc[i] - theme
        return np.where(self.mask[i], total, np.inf)

    def move_costs(self, i: int) -> np.ndarray:
        """The change of cost when item ``i`` moves to each cell (inf where masked or its own)."""
        inst, v = self.inst, self.vec[i]
        a, s = int(self.cell_of[i]), int(self.sess_of[i])
        cap, mins, u = inst.cell_cap, inst.cell_min, inst.units[i]
        hard = _over(self.used + u - cap) - _over(self.used - cap)
        hard += _over(self.used[a] - u - cap[a]) - _over(self.used[a] - cap[a])
        hard += _over(mins - self.count - 1) - _over(mins - self.count)
        hard += _over(mins[a] - self.count[a] + 1) - _over(mins[a] - self.count[a])
        person = self.pc[i, self.cs] - self.pc[i, s] + self.weight[i] * (1 - self.o[self.cs, s])
        d_w = self.cell_sum @ v - self.self_cell[i] + self.sq[i]
        ps = self.sess_sum @ v
        d_t = np.where(self.cs != s, ps[self.cs] - self.self_sess[i] + self.sq[i], 0.0)
        theme = (1 + self.lam) * d_w - self.lam * d_t
        total = HARD * hard + person + self.mc[i] - self.mc[i, a] - theme
        total[a] = np.inf
        return np.where(self.mask[i], total, np.inf)

    def swap_costs(self, i: int) -> np.ndarray:
        """The change of cost when item ``i`` trades cells with each other item."""
        inst, v, n = self.inst, self.vec[i], self.inst.n
        a, s = int(self.cell_of[i]), int(self.sess_of[i])
        b, t, every = self.cell_of, self.sess_of, np.arange(n)
        ok = (b >= 0) & (b != a) & self.mask[every, a]
        ok[ok] &= self.mask[i, b[ok]]
        bb, tt = np.where(ok, b, a), np.where(ok, t, s)  # masked rows priced harmlessly
        cap, u, us = inst.cell_cap, inst.units[i], inst.units
        hard = _over(self.used[a] - u + us - cap[a]) - _over(self.used[a] - cap[a])
        hard += _over(self.used[bb] - us + u - cap[bb]) - _over(self.used[bb] - cap[bb])
        cross = 1 - self.o[tt, s]
        person = self.pc[i, tt] - self.pc[i, s] + self.weight[i] * cross
        person += self.pc[:, s] - self.pc[every, tt] + self.weight * cross
        for k in self.item_people[i]:  # a person of both: their counts do not change
            js = self.p_talks[k]
            person[js] -= self.p_w[k] * 2 * cross[js]
        vv = self.vec @ v
        d_w = (self.cell_sum @ v)[bb] - self.self_cell[i] + self.vec @ self.cell_sum[a]
        d_w += self.sq[i] + self.sq - self.self_cell - 2 * vv
        d_t = (self.sess_sum @ v)[tt] - self.self_sess[i] + self.vec @ self.sess_sum[s]
        d_t += self.sq[i] + self.sq - self.self_sess - 2 * vv
        theme = (1 + self.lam) * d_w - self.lam * np.where(tt != s, d_t, 0.0)
        moves = self.mc[i, bb] - self.mc[i, a] + self.mc[:, a] - self.mc[every, bb]
        total = HARD * hard + person + moves - theme
        return np.where(ok, total, np.inf)

    # ------------------------------------------------------------------ moves

    def step(self, i: int, kick: bool = False) -> float:
        """The best move or swap of item ``i``; taken if it gains (or, as a kick, if it exists)."""
        moves, swaps = self.move_costs(i), self.swap_costs(i)
        cm, cw = int(np.argmin(moves)), int(np.argmin(swaps))
        best = min(moves[cm], swaps[cw])
        if not np.isfinite(best) or (best > -_EPS and not kick):
            return 0.0
        if moves[cm] <= swaps[cw]:
            self.remove(i)
            self.place(i, cm)
        else:
            a, b = int(self.cell_of[i]), int(self.cell_of[cw])
            self.remove(i)
            self.remove(cw)
            self.place(i, b)
            self.place(cw, a)
        return float(best)

    def improve(self, sweeps: int) -> int:
        """Sweeps over every item in a seeded order while any move gains; the sweeps run."""
        for k in range(sweeps):
            gained = False
            for i in self.rng.permutation(self.inst.n):
                if self.cell_of[i] >= 0 and self.step(int(i)) < -_EPS:
                    gained = True
            if not gained:
                return k + 1
        return sweeps

    def violating(self) -> np.ndarray:
        """Items in an overfull or short cell, or sharing a speaker with an overlapping talk."""
        inst = self.inst
        bad_cells = (self.used > inst.cell_cap) | (self.count < inst.cell_min)
        bad = bad_cells[self.cell_of] & (self.cell_of >= 0)
        short = np.flatnonzero(self.count < inst.cell_min)
        if len(short):
            bad |= self.mask[:, short].any(axis=1)
        first = len(inst.authors)
        for k in range(first, len(self.p_talks)):
            talks = self.p_talks[k]
            load = self.o @ self.p_count[k]
            bad[talks] |= load[self.sess_of[talks]] > 1
        return np.flatnonzero(bad)

    def repair(self, rounds: int) -> None:
        """Min-conflicts: items breaking a hard rule take their best change, gain or not."""
        for _ in range(rounds):
            bad = self.violating()
            if not len(bad):
                return
            for i in self.rng.permutation(bad):
                self.step(int(i), kick=True)
            self.improve(2)

    # ------------------------------------------------------------------ totals

    def costs(self) -> tuple[float, int, float, float]:
        """(hard units, author pairs, move cost, theme F) recounted from the counts."""
        inst = self.inst
        hard = float(
            _over(self.used - inst.cell_cap).sum() + _over(inst.cell_min - self.count).sum()
        )
        pairs = [(c @ self.o @ c - c.sum()) // 2 for c in self.p_count.astype(np.float64)]
        first = len(inst.authors)
        hard += float(sum(pairs[first:]))
        placed = self.cell_of >= 0
        moves = float(self.mc[np.flatnonzero(placed), self.cell_of[placed]].sum())
        return hard, int(sum(pairs[:first])), moves, self.theme()

    def theme(self) -> float:
        sq = np.bincount(self.cell_of[self.cell_of >= 0], self.sq[self.cell_of >= 0])
        w = ((self.cell_sum**2).sum() - sq.sum()) / 2
        t = ((self.sess_sum**2).sum() - sq.sum()) / 2
        return float((1 + self.lam) * w - self.lam * t)

    def total(self) -> float:
        hard, pairs, moves, theme = self.costs()
        return HARD * hard + AUTHOR * pairs + moves - theme


# ---------------------------------------------------------------------- figures


def pair_sums(vec: np.ndarray, cell_of: np.ndarray, cell_session: np.ndarray) -> tuple[float, ...]:
    """(similarity sum, pairs) within cells and within sessions: the parts of the ratio."""
    placed = cell_of >= 0
    cells, v = cell_of[placed], vec[placed]
    sq = float((v * v).sum())
    by_cell = np.zeros((len(cell_session), vec.shape[1]))
    np.add.at(by_cell, cells, v)
    by_sess = np.zeros((int(cell_session.max()) + 1, vec.shape[1]))
    np.add.at(by_sess, cell_session, by_cell)
    n_cell = np.bincount(cells, minlength=len(cell_session))
    n_sess = np.bincount(cell_session, weights=n_cell)
    within = ((by_cell**2).sum() - sq) / 2
    session = ((by_sess**2).sum() - sq) / 2
    pairs_w = float((n_cell * (n_cell - 1)).sum() / 2)
    pairs_s = float((n_sess * (n_sess - 1)).sum() / 2)
    return float(within), pairs_w, float(session), pairs_s


def discrimination(vec: np.ndarray, cell_of: np.ndarray, cell_session: np.ndarray) -> float | None:
    """Mean similarity within a room-session over that across concurrent rooms, or None."""
    within, pairs_w, session, pairs_s = pair_sums(vec, cell_of, cell_session)
    pairs_c = pairs_s - pairs_w
    if pairs_w == 0 or pairs_c == 0:
        return None
    across = (session - within) / pairs_c
    if across <= 1e-12:
        return None
    return (within / pairs_w) / across


def ratio_weight(vec: np.ndarray, cell_of: np.ndarray, cell_session: np.ndarray) -> float:
    """Dinkelbach's λ for the ratio at this plan: DR · pairs within / pairs across."""
    _, pairs_w, _, pairs_s = pair_sums(vec, cell_of, cell_session)
    dr = discrimination(vec, cell_of, cell_session)
    if dr is None or pairs_s <= pairs_w:
        return 0.0
    return float(np.clip(dr, 1.0, 10.0)) * pairs_w / (pairs_s - pairs_w)


# ---------------------------------------------------------------------- the first plan


def _path(vec: np.ndarray) -> list[int]:
    """Nearest-neighbour path through the rows from the most peripheral one (a seriation)."""
    n = len(vec)
    if n <= 2:
        return list(range(n))
    sim = vec @ vec.T
    path = [int(np.argmin(sim.sum(axis=1)))]
    free = np.ones(n, dtype=bool)
    free[path[0]] = False
    for _ in range(n - 1):
        nxt = int(np.argmax(np.where(free, sim[path[-1]], -np.inf)))
        path.append(nxt)
        free[nxt] = False
    return path


def _round_robin(inst: Instance) -> list[int]:
    """Cells in the order (session 1, room 1), (session 2, room 1), ..., (session 1, room 2)."""
    by_session: list[list[int]] = [[] for _ in inst.slots]
    for c, (k, _) in enumerate(inst.cells):
        by_session[k].append(c)
    rounds = max(len(cs) for cs in by_session)
    return [cs[r] for r in range(rounds) for cs in by_session if r < len(cs)]


def _fixed_first(search: CellSearch) -> None:
    """Talks with one possible cell, then talks back where they were while their cell has room."""
    inst = search.inst
    for one in np.flatnonzero(search.mask.sum(axis=1) == 1):
        search.place(int(one), int(np.flatnonzero(search.mask[one])[0]))
    kept = [
        int(i)
        for i in np.flatnonzero((inst.previous_cell >= 0) & (search.cell_of < 0))
        if search.mask[i, inst.previous_cell[i]]
    ]
    for i in sorted(kept, key=lambda i: (inst.previous_cell[i], inst.previous_position[i], i)):
        c = int(inst.previous_cell[i])
        if search.used[c] + inst.units[i] <= inst.cell_cap[c]:
            search.place(i, c)


def construct(search: CellSearch) -> None:
    """A first plan: a similarity path over the talks dealt into cells, session by session.

    The path keeps themes contiguous, and consecutive cells of the dealing
    belong to different sessions, so a cell takes a stretch of one theme while
    the rooms of one session take stretches ``#sessions`` cells apart on the
    path: unlike themes at once.  Each cell takes its share of the free minutes;
    a talk that may not use the cell its turn falls on, and every talk left
    over, goes where it costs least, the most constrained first.
    """
    inst = search.inst
    _fixed_first(search)
    rest = np.flatnonzero(search.cell_of < 0)
    order = rest[_path(inst.search_vectors[rest])] if len(rest) else rest
    seq = np.array(_round_robin(inst))
    free = np.maximum(0, inst.cell_cap - search.used)[seq].astype(np.float64)
    fill = min(1.0, float(inst.units[rest].sum()) / max(1.0, float(free.sum())))
    bounds = np.cumsum(free * fill)
    deferred, along = [], 0.0
    for i in order:
        u = float(inst.units[i])
        k = int(np.searchsorted(bounds, along + u / 2, side="right"))
        if k >= len(seq) or not search.mask[i, seq[k]]:
            deferred.append(int(i))
            continue
        search.place(int(i), int(seq[k]))
        along += u
    freedom = search.mask.sum(axis=1)
    for i in sorted(deferred, key=lambda i: (freedom[i], -inst.units[i], i)):
        search.place(i, int(np.argmin(search.insert_costs(i))))


def warm_start(inst: Instance, seed: int, sweeps: int = 12) -> CellSearch:
    """The first plan, repaired and improved; λ refreshed at the plan it reaches."""
    search = CellSearch(inst, 0.0, seed)
    construct(search)
    search.lam = ratio_weight(search.vec, search.cell_of, inst.cell_session)
    search.repair(30)
    for _ in range(2):
        search.improve(sweeps)
        search.lam = ratio_weight(search.vec, search.cell_of, inst.cell_session)
    search.repair(30)
    return search


# ---------------------------------------------------------------------- reruns


def _best_step(search: CellSearch, bad: np.ndarray) -> tuple[float, int, int, bool]:
    """The cheapest move or swap of any item in ``bad``: (cost, item, cell or item, swap)."""
    best: tuple[float, int, int, bool] = (np.inf, -1, -1, False)
    for i in bad.tolist():
        moves, swaps = search.move_costs(i), search.swap_costs(i)
        cm, cw = int(np.argmin(moves)), int(np.argmin(swaps))
        if moves[cm] < best[0]:
            best = (float(moves[cm]), i, cm, False)
        if swaps[cw] < best[0]:
            best = (float(swaps[cw]), i, cw, True)
    return best


def _mend(search: CellSearch, steps: int) -> bool:
    """The fewest single moves or swaps, cheapest first, until no hard rule is broken."""
    for _ in range(steps):
        bad = search.violating()
        if not len(bad):
            return True
        cost, i, target, swap = _best_step(search, bad)
        if not np.isfinite(cost):
            return False
        if swap:
            a, b = int(search.cell_of[i]), int(search.cell_of[target])
            search.remove(i)
            search.remove(target)
            search.place(i, b)
            search.place(target, a)
        else:
            search.remove(i)
            search.place(i, target)
    return not len(search.violating())


def keep_and_fill(inst: Instance, seed: int) -> np.ndarray | None:
    """A rerun's cells: kept talks where they were, new ones in the gaps; None if it cannot.

    A talk whose previous room-session still exists and that may still take
    it (allowed session, speakers not busy, pinned room) stays there; the
    others, most constrained first, take the cell where they cost least (a
    cell with free minutes before one over, then fewer shared-author pairs,
    then like themes: ``insert_costs``).  Kept talks move only when a hard
    rule requires it (a room's minutes, a speaker at two talks at once, a
    pinned position), by the cheapest single moves and swaps, each priced
    with the move weights, so the fewest and nearest.  No theme
    improvement follows: themes never move a kept talk on a rerun.
    """
    search = CellSearch(inst, 0.0, seed)
    prev = inst.previous_cell
    for i in np.flatnonzero(prev >= 0).tolist():
        if search.mask[i, prev[i]]:
            search.place(i, int(prev[i]))
    search.lam = ratio_weight(search.vec, search.cell_of, inst.cell_session)
    freedom = search.mask.sum(axis=1)
    rest = np.flatnonzero(search.cell_of < 0).tolist()
    for i in sorted(rest, key=lambda i: (freedom[i], -inst.units[i], i)):
        search.place(i, int(np.argmin(search.insert_costs(i))))
    if not _mend(search, 2 * inst.n + 10):
        return None
    return search.cell_of.copy()
