"""Talks: a plan of cells (session and room) from local search, priced move by move.

Why.  The notes behind docs/modelling.md §11 measured that themed talk
programmes are won by cheap stages (similar talks into room-sized blocks,
blocks into time slots unlike one another), not by one big model.  This module
is those stages as one local search over *cells* (a room of a session): a
construction that clusters the talks into room-sized blocks and gives the
rooms of one session unlike blocks, then moves and swaps of single talks and
trades of whole cells between sessions.  Its plan is the complete hint of the
CP-SAT session stage (planner.model.talks_model), and with sessions frozen it
is the room stage.

What it minimises, each rank dominating what one move can gain below it:

1. hard rules (``HARD`` per unit): talk minutes over a room-session's
   minutes, talks missing below a pinned position, pairs of one speaker's
   talks in overlapping sessions.  A talk never takes a cell it may not
   (allowed sessions, busy speakers, pinned room): those cells are masked;
2. shared-author overlap pairs (``AUTHOR`` per person and pair of talks in
   overlapping sessions), as the bound in planner.model.talks_instance counts;
3. moves from the previous plan (``SESSION_MOVE``, or ``ROOM_MOVE`` within
   the session);
4. themes, ``-F`` (:class:`Theme`): ``W`` sums the similarity of talk pairs
   sharing a cell, ``T`` of talk pairs sharing a session, and the pairs of a
   session in different rooms sum to ``T - W``; ``F`` is the first-order change
   of the discrimination ratio (Dinkelbach's form with the pair counts),
   refreshed between rounds.  One move changes ``F`` by at most a few units,
   far below a move's weight.

Similarity is the dot product of the rows given, exactly: up to
``GRAM_LIMIT`` talks the search keeps their Gram matrix, and for each talk its
similarity summed over every cell and every session, so a move, a swap or a
trade is priced from a few rows, whatever the rows' width (a 10,000-word
TF-IDF costs what a 100-column projection does).  Above the limit the rows
come from the instance's leading principal directions, on demand.  Budgets
are sweeps, not seconds, and every random choice comes from a generator
seeded with the run's seed: a loaded machine gives the same plan.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.model.talks_instance import Instance

HARD = 1e7
AUTHOR = 1e5
SESSION_MOVE = 1e3
ROOM_MOVE = 6e2
_EPS = 1e-7
# Talks up to which the search keeps the n x n similarity matrix (72 MB at the limit).
GRAM_LIMIT = 3000


def _over(x: np.ndarray | float) -> np.ndarray:
    return np.maximum(0.0, x)


def _pairs(k: np.ndarray | float) -> np.ndarray:
    return np.asarray(k) * (np.asarray(k) - 1) / 2


@dataclass(frozen=True)
class Theme:
    """The theme rank's weights, fixed between refreshes (all 0: themes not yet priced).

    The search raises ``F = (1 + lam) W - lam T - within · pairs_w + session · pairs_s``
    (``pairs_w``: talk pairs sharing a cell, ``pairs_s``: sharing a session): the
    ratio's Dinkelbach form ``W / pairs_w - DR · A / pairs_a`` (A = T - W, positive
    exactly when a plan beats ratio DR) times ``pairs_w``, to first order in the
    pair counts.  A swap changes no count; a move does, and without the count
    terms the search filled rooms for the sums' sake and lowered the ratio
    (docs/modelling.md §11).
    """

    lam: float = 0.0
    within: float = 0.0
    session: float = 0.0


class CellSearch:
    """A plan of cells with the sums and counts every rank needs, kept move by move."""

    def __init__(
        self,
        inst: Instance,
        theme: Theme,
        seed: int,
        frozen: np.ndarray | None = None,
        gram: np.ndarray | None = None,
    ) -> None:
        n, c, s = inst.n, len(inst.cells), len(inst.slots)
        self.inst, self.theme_w = inst, theme
        self.rng = np.random.default_rng(seed)
        self.vec = inst.search_vectors  # k-means' rows, and similarity above GRAM_LIMIT
        if gram is None and n <= GRAM_LIMIT:
            gram = inst.vectors @ inst.vectors.T
        self.gram = gram  # given: another search's over the same instance
        self.sq = np.diag(self.gram).copy() if self.gram is not None else (self.vec**2).sum(1)
        self.cs = inst.cell_session
        self.mask = inst.cell_ok.copy()
        self.frozen = frozen is not None
        if frozen is not None:  # the room stage: each talk stays in its session
            self.mask &= self.cs[None, :] == np.asarray(frozen)[:, None]
        self.cell_of = np.full(n, -1, dtype=np.int64)
        self.sess_of = np.full(n, -1, dtype=np.int64)
        # Each talk's similarity summed over the talks of each cell and each session.
        self.to_cell, self.to_sess = np.zeros((n, c)), np.zeros((n, s))
        self.used, self.count = np.zeros(c), np.zeros(c, dtype=np.int64)
        self.sess_count = np.zeros(s, dtype=np.int64)
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
        self.moving = bool(self.mc.any())  # a rerun: some cells cost a move
        self.same_length = len(np.unique(inst.units)) <= 1
        self.pinned = bool(inst.cell_min.any())

    def _move_costs(self) -> np.ndarray:
        inst = self.inst
        mc = np.where(
            self.cs[None, :] == inst.previous_session[:, None], ROOM_MOVE, SESSION_MOVE
        ).astype(np.float64)
        mc[inst.previous_session < 0] = 0.0
        has = inst.previous_cell >= 0
        mc[np.flatnonzero(has), inst.previous_cell[has]] = 0.0
        return mc

    def sim(self, i: int) -> np.ndarray:
        """Talk ``i``'s similarity to every talk."""
        return self.gram[i] if self.gram is not None else self.vec @ self.vec[i]

    # ------------------------------------------------------------------ state

    def place(self, i: int, c: int) -> None:
        s, row = int(self.cs[c]), self.sim(i)
        self.to_cell[:, c] += row
        self.to_sess[:, s] += row
        self.cell_of[i], self.sess_of[i] = c, s
        self.used[c] += self.inst.units[i]
        self.count[c] += 1
        self.sess_count[s] += 1
        for k in self.item_people[i]:
            self.p_count[k, s] += 1
            self.pc[self.p_talks[k]] += self.p_w[k] * self.o[:, s]

    def remove(self, i: int) -> None:
        c, s, row = int(self.cell_of[i]), int(self.sess_of[i]), self.sim(i)
        self.cell_of[i] = self.sess_of[i] = -1
        self.to_cell[:, c] -= row
        self.to_sess[:, s] -= row
        self.used[c] -= self.inst.units[i]
        self.count[c] -= 1
        self.sess_count[s] -= 1
        for k in self.item_people[i]:
            self.p_count[k, s] -= 1
            self.pc[self.p_talks[k]] -= self.p_w[k] * self.o[:, s]

    def load(self, cells: np.ndarray) -> None:
        for i, c in enumerate(cells):
            if c >= 0:
                self.place(i, int(c))

    def resum(self) -> None:
        """The similarity sums recounted (many moves add rounding), then the theme weights."""
        placed = np.flatnonzero(self.cell_of >= 0)
        self.to_cell[:] = 0.0
        self.to_sess[:] = 0.0
        for i in placed.tolist():
            row = self.sim(i)
            self.to_cell[:, self.cell_of[i]] += row
            self.to_sess[:, self.sess_of[i]] += row
        self.theme_w = self.ratio()

    # ------------------------------------------------------------------ prices

    def insert_costs(self, i: int) -> np.ndarray:
        """What placing the unplaced item ``i`` costs in each cell (inf where masked)."""
        inst, w = self.inst, self.theme_w
        cap, mins = inst.cell_cap, inst.cell_min
        hard = _over(self.used + inst.units[i] - cap) - _over(self.used - cap)
        hard += _over(mins - self.count - 1) - _over(mins - self.count)
        theme = (1 + w.lam) * self.to_cell[i] - w.lam * self.to_sess[i, self.cs]
        theme += w.session * self.sess_count[self.cs] - w.within * self.count
        total = HARD * hard + self.pc[i, self.cs] + self.mc[i] - theme
        return np.where(self.mask[i], total, np.inf)

    def move_costs(self, i: int) -> np.ndarray:
        """The change of cost when item ``i`` moves to each cell (inf where masked or its own)."""
        inst, w = self.inst, self.theme_w
        a, s = int(self.cell_of[i]), int(self.sess_of[i])
        cap, mins, u = inst.cell_cap, inst.cell_min, inst.units[i]
        hard = _over(self.used + u - cap) - _over(self.used - cap)
        hard += _over(self.used[a] - u - cap[a]) - _over(self.used[a] - cap[a])
        if self.pinned:  # pinned positions: a room must keep its first talks
            hard += _over(mins - self.count - 1) - _over(mins - self.count)
            hard += _over(mins[a] - self.count[a] + 1) - _over(mins[a] - self.count[a])
        person = self.pc[i, self.cs] - self.pc[i, s] + self.weight[i] * (1 - self.o[self.cs, s])
        away = self.cs != s
        d_w = self.to_cell[i] - self.to_cell[i, a] + self.sq[i]
        d_t = np.where(away, self.to_sess[i, self.cs] - self.to_sess[i, s] + self.sq[i], 0.0)
        theme = (1 + w.lam) * d_w - w.lam * d_t - w.within * (self.count - self.count[a] + 1)
        theme += w.session * np.where(away, self.sess_count[self.cs] - self.sess_count[s] + 1, 0)
        total = HARD * hard + person - theme
        if self.moving:
            total += self.mc[i] - self.mc[i, a]
        total[a] = np.inf
        return np.where(self.mask[i], total, np.inf)

    def swap_costs(self, i: int) -> np.ndarray:
        """The change of cost when item ``i`` trades cells with each other item."""
        inst, n = self.inst, self.inst.n
        a, s = int(self.cell_of[i]), int(self.sess_of[i])
        b, t, every = self.cell_of, self.sess_of, np.arange(n)
        ok = (b >= 0) & (b != a) & self.mask[:, a]
        ok[ok] &= self.mask[i, b[ok]]
        bb, tt = np.where(ok, b, a), np.where(ok, t, s)  # masked rows priced harmlessly
        hard = 0.0
        if not self.same_length:  # talks of one length: a swap keeps every room's minutes
            cap, u, us = inst.cell_cap, inst.units[i], inst.units
            hard = _over(self.used[a] - u + us - cap[a]) - _over(self.used[a] - cap[a])
            hard += _over(self.used[bb] - us + u - cap[bb]) - _over(self.used[bb] - cap[bb])
        cross = 1 - self.o[:, s][tt]
        pc_i = self.pc[i]
        person = pc_i[tt] - pc_i[s] + self.weight[i] * cross
        person += self.pc[:, s] - self.pc[every, tt] + self.weight * cross
        for k in self.item_people[i]:  # a person of both: their counts do not change
            js = self.p_talks[k]
            person[js] -= self.p_w[k] * 2 * cross[js]
        both = self.sq[i] + self.sq - 2 * self.sim(i)
        to_i = self.to_cell[i]
        d_w = to_i[bb] - to_i[a] + self.to_cell[:, a] + both - self.to_cell[every, bb]
        d_t = self.to_sess[i, tt] - self.to_sess[i, s] + self.to_sess[:, s]
        d_t += both - self.to_sess[every, tt]
        lam = self.theme_w.lam  # a swap changes no pair count
        total = HARD * hard + person - (1 + lam) * d_w + lam * np.where(tt != s, d_t, 0.0)
        if self.moving:
            total += self.mc[i, bb] - self.mc[i, a] + self.mc[:, a] - self.mc[every, bb]
        return np.where(ok, total, np.inf)

    def trade_costs(self, a: int) -> np.ndarray:
        """The change of cost, to first order in people, of cell ``a`` trading talks with each cell.

        A trade moves a whole room-session's talks to a room of another
        session and that room's talks back: the blocks-to-slots step single
        talks cannot take (one talk leaving its block loses more than its
        session gains).  People are priced as if each talk moved alone;
        :meth:`trade` checks the exact change before it keeps one.
        """
        inst, n_cells = self.inst, len(self.inst.cells)
        s, t = int(self.cs[a]), self.cs
        mine = np.flatnonzero(self.cell_of == a)
        placed = np.flatnonzero(self.cell_of >= 0)
        others = self.cell_of[placed]
        ok = (t != s) & self.mask[mine].all(axis=0)
        ok &= np.bincount(others[~self.mask[placed, a]], minlength=n_cells) == 0
        cap, mins, used, count = inst.cell_cap, inst.cell_min, self.used, self.count
        hard = (
            _over(used[a] - cap) - _over(used - cap) + _over(mins - count[a]) - _over(mins - count)
        )
        hard += _over(used - cap[a]) - _over(used[a] - cap[a])
        hard += _over(mins[a] - count) - _over(mins[a] - count[a])
        cross = 1 - self.o[t, s]
        there = self.pc[mine][:, t] - self.pc[mine, s][:, None] + np.outer(self.weight[mine], cross)
        back = self.pc[placed, s] - self.pc[placed, self.sess_of[placed]]
        back += self.weight[placed] * (1 - self.o[self.sess_of[placed], s])
        back += self.mc[placed, a] - self.mc[placed, others]
        person = there.sum(axis=0) + np.bincount(others, back, minlength=n_cells)
        person += self.mc[mine].sum(axis=0) - self.mc[mine, a].sum()
        # T gains (S_s - S_t)·D + |D|² with D = (cell b's sum) - (cell a's sum).
        to_a, of_sess = self.to_cell[mine].sum(axis=0), self.to_sess[mine].sum(axis=0)
        on_s = np.bincount(others, self.to_sess[placed, s], minlength=n_cells) - of_sess[s]
        on_t = np.bincount(others, self.to_sess[placed, self.sess_of[placed]], minlength=n_cells)
        own = np.bincount(others, self.to_cell[placed, others], minlength=n_cells)
        d_t = on_s - (on_t - of_sess[t]) + own - 2 * to_a + to_a[a]
        ns, nt, na = self.sess_count[s], self.sess_count[t], count[a]
        d_ps = _pairs(ns - na + count) + _pairs(nt - count + na) - _pairs(ns) - _pairs(nt)
        theme = self.theme_w.session * d_ps - self.theme_w.lam * d_t
        return np.where(ok, HARD * hard + person - theme, np.inf)

    def _local(self, a: int, b: int, people: list[int]) -> float:
        """The cost of what a trade of cells ``a`` and ``b`` can change, recounted."""
        inst, cells = self.inst, [a, b]
        hard = _over(self.used[cells] - inst.cell_cap[cells]).sum()
        hard += _over(inst.cell_min[cells] - self.count[cells]).sum()
        pairs = sum(
            self.p_w[k] * (c @ self.o @ c - c.sum()) / 2
            for k, c in zip(people, self.p_count[people].astype(np.float64), strict=True)
        )
        members = np.flatnonzero(np.isin(self.cell_of, cells))
        moves = self.mc[members, self.cell_of[members]].sum()
        return float(HARD * hard + pairs + moves - self.theme())

    def _exchange(self, mine: np.ndarray, theirs: np.ndarray, a: int, b: int) -> None:
        for i in (*mine, *theirs):
            self.remove(int(i))
        for i in mine:
            self.place(int(i), b)
        for i in theirs:
            self.place(int(i), a)

    def trade(self, a: int, b: int) -> float:
        """Trades the talks of cells ``a`` and ``b`` if that lowers the exact cost; the change."""
        mine, theirs = np.flatnonzero(self.cell_of == a), np.flatnonzero(self.cell_of == b)
        people = sorted({k for i in (*mine, *theirs) for k in self.item_people[int(i)]})
        before = self._local(a, b, people)
        self._exchange(mine, theirs, a, b)
        change = self._local(a, b, people) - before
        if change < -_EPS:
            return change
        self._exchange(mine, theirs, b, a)
        return 0.0

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
        """Sweeps over every item, then every cell, in a seeded order while any change gains."""
        for k in range(sweeps):
            gained = False
            for i in self.rng.permutation(self.inst.n):
                if self.cell_of[i] >= 0 and self.step(int(i)) < -_EPS:
                    gained = True
            cells = [] if self.frozen else self.rng.permutation(len(self.inst.cells)).tolist()
            for a in cells:  # frozen sessions: a trade would only rename rooms
                costs = self.trade_costs(a)
                b = int(np.argmin(costs))
                if costs[b] < -_EPS and self.trade(a, b) < -_EPS:
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

    def sums(self) -> tuple[float, float, float, float]:
        """(similarity sum, pairs) within cells and within sessions, from the kept sums."""
        placed = np.flatnonzero(self.cell_of >= 0)
        sq = float(self.sq[placed].sum())
        w = (float(self.to_cell[placed, self.cell_of[placed]].sum()) - sq) / 2
        t = (float(self.to_sess[placed, self.sess_of[placed]].sum()) - sq) / 2
        return w, float(_pairs(self.count).sum()), t, float(_pairs(self.sess_count).sum())

    def theme(self) -> float:
        k = self.theme_w
        w, pairs_w, t, pairs_s = self.sums()
        return (1 + k.lam) * w - k.lam * t + k.session * pairs_s - k.within * pairs_w

    def ratio(self) -> Theme:
        """The theme weights at this plan: ``lam = DR · pairs_w / pairs_a`` and the counts'."""
        w, pairs_w, t, pairs_s = self.sums()
        if pairs_w == 0 or pairs_s <= pairs_w or t - w <= 1e-12:
            return Theme()
        mean_w, mean_a = max(0.0, w / pairs_w), (t - w) / (pairs_s - pairs_w)
        lam = float(np.clip(mean_w / mean_a, 1.0, 10.0)) * pairs_w / (pairs_s - pairs_w)
        return Theme(lam, mean_w + lam * mean_a, lam * mean_a)

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
    return float(within), float(_pairs(n_cell).sum()), float(session), float(_pairs(n_sess).sum())


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


# ---------------------------------------------------------------------- the first plan


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


def _kmeans(vec: np.ndarray, k: int, rng: np.random.Generator, rounds: int = 25) -> np.ndarray:
    """Unit centres of ``k`` clusters of the rows by cosine (k-means++ seeds, Lloyd rounds)."""
    unit = vec / np.maximum(np.linalg.norm(vec, axis=1, keepdims=True), 1e-12)
    picks = [int(rng.integers(len(unit)))]
    near = unit @ unit[picks[0]]
    for _ in range(k - 1):
        far = np.maximum(0.0, 1.0 - near) ** 2
        picks.append(int(rng.choice(len(unit), p=far / far.sum())) if far.sum() > 0 else 0)
        near = np.maximum(near, unit @ unit[picks[-1]])
    centres = unit[picks]
    for _ in range(rounds):
        label = np.argmax(unit @ centres.T, axis=1)
        sums = np.zeros_like(centres)
        np.add.at(sums, label, unit)
        size = np.linalg.norm(sums, axis=1, keepdims=True)
        new = np.where(size > 1e-12, sums / np.maximum(size, 1e-12), centres)
        if np.allclose(new, centres):
            break
        centres = new
    return centres


def _centre_cells(
    search: CellSearch, rest: np.ndarray, sims: np.ndarray, cells: list[int]
) -> np.ndarray:
    """A cell per cluster: the biggest first, to the open cell whose session is least like it.

    Concurrent rooms then take unlike clusters (blocks to slots, as the
    sketch of docs/modelling.md §11 does); a cell most of the cluster may not
    take, or too small for it, costs more than any likeness.
    """
    inst, k = search.inst, sims.shape[1]
    label = np.argmax(sims, axis=1)
    units = np.bincount(label, inst.units[rest], minlength=k)
    free = (inst.cell_cap - search.used).astype(np.float64)
    profile = np.zeros((k, search.vec.shape[1]))  # each cluster's summed rows
    np.add.at(profile, label, search.vec[rest])
    by_session = np.zeros((len(inst.slots), search.vec.shape[1]))
    open_cells, out = np.array(cells), np.zeros(k, dtype=np.int64)
    for g in sorted(range(k), key=lambda g: (-units[g], g)):
        members = rest[label == g]
        refused = 1.0 - search.mask[np.ix_(members, open_cells)].mean(axis=0) if len(members) else 0
        short = _over(units[g] - free[open_cells]) / max(1.0, float(inst.units.mean()))
        like = by_session[inst.cell_session[open_cells]] @ profile[g]
        pick = int(np.argmin(10.0 * refused + short + like))
        out[g] = c = int(open_cells[pick])
        open_cells = np.delete(open_cells, pick)
        by_session[inst.cell_session[c]] += profile[g]
    return out


def construct(search: CellSearch) -> None:
    """A first plan: clusters of the talks as rooms, concurrent rooms on unlike clusters.

    As many clusters as open cells (k-means on the search rows), each given a
    cell (:func:`_centre_cells`); then the talks, the most clearly of one
    cluster first, take the nearest cluster's cell that has room and that
    they may take.  A talk no cluster's cell takes goes where it costs least,
    the most constrained first.  *(benchmark, 1,000 ICML abstracts)* A
    similarity path dealt round-robin instead started at DR 3.0 and the
    search ended lower (docs/modelling.md §11).
    """
    inst = search.inst
    _fixed_first(search)
    rest = np.flatnonzero(search.cell_of < 0)
    deferred = rest.tolist()
    if len(rest):
        smallest = inst.units[rest].min()
        cells = [int(c) for c in np.flatnonzero(inst.cell_cap - search.used >= smallest)]
        if 2 <= len(cells) < len(rest):
            deferred = _deal(search, rest, cells)
    freedom = search.mask.sum(axis=1)
    for i in sorted(deferred, key=lambda i: (freedom[i], -inst.units[i], i)):
        search.place(i, int(np.argmin(search.insert_costs(i))))


def _deal(search: CellSearch, rest: np.ndarray, cells: list[int]) -> list[int]:
    """The talks into their clusters' cells, the most decided first; those left over."""
    inst = search.inst
    vec = search.vec[rest]
    sims = vec @ _kmeans(vec, len(cells), search.rng).T
    cell_of = _centre_cells(search, rest, sims, cells)
    ranked = np.argsort(-sims, axis=1, kind="stable")
    top = np.take_along_axis(sims, ranked[:, :2], axis=1)
    left = []
    for r in np.argsort(top[:, 1] - top[:, 0], kind="stable").tolist():
        i, u = int(rest[r]), inst.units[rest[r]]
        fits = (search.used[cell_of] + u <= inst.cell_cap[cell_of]) & search.mask[i, cell_of]
        choice = ranked[r][fits[ranked[r]]]
        if len(choice):
            search.place(i, int(cell_of[choice[0]]))
        else:
            left.append(i)
    return left


def warm_start(inst: Instance, seed: int, sweeps: int = 12) -> CellSearch:
    """The first plan, repaired and improved; the theme weights refreshed at each plan reached."""
    search = CellSearch(inst, Theme(), seed)
    construct(search)
    search.theme_w = search.ratio()
    search.repair(30)
    for _ in range(2):
        search.improve(sweeps)
        search.resum()
    search.repair(30)
    return search
