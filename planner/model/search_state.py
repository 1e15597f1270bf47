"""What the warm start's local search keeps, and what a paper costs in each session.

``SearchState`` holds the session plan being searched (a session per paper)
with the counts every rule needs, kept up to date move by move: posters per
session and per capacity row, each person's and each busy presenter's papers
per session, each topic's papers per session and the sum of the papers'
centred feature rows per session.  From them it prices a paper in every
session and a swap of two papers without recounting the plan.  The penalty
ranks (hard rules, clash pairs, moves, similarity) are set here; the moves
that use them are in ``planner.model.warmstart``.
"""

from __future__ import annotations

import numpy as np

from planner.model.shares import band, half, session_shares
from planner.model.stage_models import TALK_NEXT_DAY, Domains, PlanningProblem
from planner.people.windows import min_pairs, person_windows

# Penalty per unit of a broken hard rule, and per clash pair: each dominates
# anything the ranks below it can gain in one move.
HARD = 10**12
CLASH = 10**8
MOVE = 10**6  # well above what topic concentration can gain in one move (2 x a session)
# A talk paper's poster before its talk, or more than a day after it
# (constraints.talk_first): below a move, above what topics gain in one move,
# in the ratio of Weights.talk_first and Weights.talk_late.
TALK_FIRST = 10**5
TALK_LATE = 10**4
# A poster outside its session's ±5 % band (constraints.balance), and one more
# per poster under half the share: below a talk paper's poster before its
# talk, above what gathering gains in one move at the sizes where a band binds
# (at NeurIPS scale the halls are 95 % full and every load is in its band).
BAND = 2 * 10**4
SHORT = 7 * 10**4
# Weight of the similarity sum against the topic counts: both count posters.
SIMILARITY = 2.0


def band_price(load: int, band_: tuple[int, int], short: int) -> int:
    """The warm start's price of a session holding ``load`` posters (constraints.balance)."""
    lo, hi = band_
    return BAND * (max(0, load - hi) + max(0, lo - load)) + SHORT * max(0, short - load)


def band_table(
    bands: list[tuple[int, int]], shorts: list[int], caps: list[int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """What one poster more adds to each session's band price, at every load.

    Per session the steps run up to the load past which each poster adds
    BAND (beyond the band's top); they are stored in one flat array with a
    start and a last index per session.  SearchState.costs reads it once per
    call, where computing the prices took a fifth of ICML 2024's warm start.
    """
    steps, starts, lasts, total = [], [], [], 0
    for (lo, hi), short, cap in zip(bands, shorts, caps, strict=True):
        loads = np.arange(max(hi, short, cap) + 3)
        price = BAND * (np.maximum(0, loads - hi) + np.maximum(0, lo - loads)) + SHORT * np.maximum(
            0, short - loads
        )
        steps.append(np.diff(price).astype(np.float64))
        starts.append(total)
        lasts.append(len(steps[-1]) - 1)
        total += len(steps[-1])
    flat = np.concatenate(steps) if steps else np.zeros(0)
    return flat, np.array(starts, dtype=np.int64), np.array(lasts, dtype=np.int64)


class SearchState:
    """Counts the search updates move by move."""

    def __init__(
        self,
        problem: PlanningProblem,
        domains: Domains,
        seed: int,
        vectors: np.ndarray | None,
        kept_topics: frozenset[int] = frozenset(),
    ) -> None:
        venue = problem.venue
        self.sessions = problem.session_ids
        sid = {s: i for i, s in enumerate(self.sessions)}
        m = len(self.sessions)
        by_id = venue.session_by_id
        self.ov = np.array(
            [[by_id[a].overlaps(by_id[b]) for b in self.sessions] for a in self.sessions],
            dtype=np.int64,
        )
        self.cap = np.array([venue.session_capacity(s) for s in self.sessions], dtype=np.int64)
        self.papers = list(problem.papers)
        # Presenting halves: a person's posters in one session split between
        # its halves, so c of them there make C(⌈c/2⌉,2) + C(⌊c/2⌋,2) pairs.
        self.halves = venue.rules.halves is not None
        n = len(self.papers)
        pindex = {p: i for i, p in enumerate(self.papers)}
        self.rng = np.random.default_rng(seed)

        self._index_people(problem, pindex)
        busy = self._index_presenters(problem)
        self._index_domains(problem, domains, sid, pindex)
        self._index_band(domains)
        topics = self._index_topics(problem, kept_topics)
        self._index_rows(domains, sid, pindex)
        self._index_talk_first(problem, pindex)

        self.where = np.full(n, -1, dtype=np.int64)
        self.count = np.zeros((len(self.person_keys), m), dtype=np.int64)
        self.pcount = np.zeros((busy, m), dtype=np.int64)
        self.load = np.zeros(m, dtype=np.int64)
        self.tcount = np.zeros((topics, m), dtype=np.int64)
        # Feature rows and their sums per session: the similarity of posters
        # that share a session is what attendees see.  Centred, because every
        # row shares a mean direction, and with it ‖Σ v‖² would grow with a
        # session's size alone and pull posters into the fullest session.
        self.vec = (
            np.asarray(vectors, dtype=np.float64) if vectors is not None else np.zeros((n, 1))
        )
        self.vec = self.vec - self.vec.mean(axis=0)
        self.vsum = np.zeros((m, self.vec.shape[1]))

    def _index_people(self, problem: PlanningProblem, pindex: dict[str, int]) -> None:
        """People with two or more of the papers, their papers and their own minimum."""
        venue = problem.venue
        index = problem.index
        n = len(self.papers)
        wanted = set(self.papers)
        people = [
            person
            for person in index.people.values()
            if sum(1 for p in person.papers if p in wanted) >= 2
        ]
        self.person_keys = [person.key for person in people]
        members: list[list[int]] = [[] for _ in range(n)]
        minimum = []
        windows_cache: dict[frozenset[str], int] = {}
        for k, person in enumerate(people):
            mine = [pindex[p] for p in person.papers if p in wanted]
            for i in mine:
                members[i].append(k)
            away = frozenset(index.unavailable.get(person.key, ()))
            if away not in windows_cache:
                windows_cache[away] = person_windows(venue, set(away))
            minimum.append(min_pairs(len(mine), windows_cache[away]))
        self.paper_people = [np.array(ks, dtype=np.int64) for ks in members]
        by_person: list[list[int]] = [[] for _ in people]
        for i, ks in enumerate(members):
            for k in ks:
                by_person[k].append(i)
        self.papers_of = [np.array(v, dtype=np.int64) for v in by_person]
        self.minimum = np.array(minimum, dtype=np.int64)

    def _index_presenters(self, problem: PlanningProblem) -> int:
        """Each paper's presenter among those with two or more posters; returns how many."""
        index = problem.index
        presenters = sorted({index.presenter[p] for p in self.papers if p in index.presenter})
        presents = {key: 0 for key in presenters}
        for p in self.papers:
            if p in index.presenter:
                presents[index.presenter[p]] += 1
        busy = [key for key in presenters if presents[key] >= 2]
        rindex = {key: r for r, key in enumerate(busy)}
        self.presenter = np.array(
            [rindex.get(index.presenter.get(p, ""), -1) for p in self.papers], dtype=np.int64
        )
        return len(busy)

    def _index_domains(
        self,
        problem: PlanningProblem,
        domains: Domains,
        sid: dict[str, int],
        pindex: dict[str, int],
    ) -> None:
        """The sessions each paper may take, and the one it had before (-1 if none)."""
        n, m = len(self.papers), len(self.sessions)
        self.allowed = np.zeros((n, m), dtype=bool)
        for p, options in domains.allowed.items():
            if p in pindex:
                self.allowed[pindex[p], [sid[s] for s in options]] = True
        self.previous = np.full(n, -1, dtype=np.int64)
        for p, prev in problem.previous.items():
            if p in pindex and prev.session in sid:
                self.previous[pindex[p]] = sid[prev.session]

    def _index_band(self, domains: Domains) -> None:
        """Each session's band and half share (planner.model.shares), as constraints.balance."""
        caps = {s: int(c) for s, c in zip(self.sessions, self.cap, strict=True)}
        shares = session_shares(self.sessions, caps, domains.allowed)
        bands = [band(shares[s]) for s in self.sessions]
        short = [half(shares[s]) for s in self.sessions]
        self._band_step, self._band_start, self._band_last = band_table(
            bands, short, [int(c) for c in self.cap]
        )

    def _band_delta(self, a: int) -> np.ndarray:
        """The band's price, per session, of a poster that stands in session ``a``.

        Elsewhere: what one poster more adds there; in ``a``: what the poster
        adds by staying, against leaving.
        """
        at = np.minimum(self.load, self._band_last)
        at[a] = min(self.load[a] - 1, self._band_last[a])
        return np.asarray(self._band_step[self._band_start + at])

    def _index_topics(self, problem: PlanningProblem, kept_topics: frozenset[int]) -> int:
        """Each paper's topic as a row number; returns how many topics."""
        topic_ids = sorted(set(problem.topic_of.values()))
        tindex = {t: i for i, t in enumerate(topic_ids)}
        self.topic = np.array([tindex[problem.topic_of[p]] for p in self.papers], dtype=np.int64)
        # Topics the organizer gave are kept together by their counts as well.
        self.topic_weight = np.array([1.0 if t in kept_topics else 0.0 for t in topic_ids])
        return len(topic_ids)

    def _index_rows(self, domains: Domains, sid: dict[str, int], pindex: dict[str, int]) -> None:
        """Capacity rows beyond each session's own.

        Placement rules: papers that may use only some rooms compete for those
        rooms' boards.
        """
        n = len(self.papers)
        rows = domains.capacity_rows
        self.row_session = np.array([sid[s] for s, _, _ in rows], dtype=np.int64)
        self.row_cap = np.array([cap for _, cap, _ in rows], dtype=np.int64)
        self.row_member = np.zeros((n, len(rows)), dtype=bool)
        for k, (_, _, row_papers) in enumerate(rows):
            self.row_member[[pindex[p] for p in row_papers if p in pindex], k] = True
        self.row_load = np.zeros(len(rows), dtype=np.int64)

    def _index_talk_first(self, problem: PlanningProblem, pindex: dict[str, int]) -> None:
        """Per paper and session, what constraints.talk_first charges (None without talks)."""
        self.talk_first: np.ndarray | None = None
        if not problem.talk_times:
            return
        by_id = problem.venue.session_by_id
        starts = [by_id[s].start for s in self.sessions]
        self.talk_first = np.zeros((len(self.papers), len(self.sessions)))
        for p, (_, end) in problem.talk_times.items():
            i = pindex.get(p)
            if i is None:
                continue
            for k, start in enumerate(starts):
                if start < end:
                    self.talk_first[i, k] = TALK_FIRST
                elif start > end + TALK_NEXT_DAY:
                    self.talk_first[i, k] = TALK_LATE

    # -- what a paper would cost in each session -------------------------------------
    def costs(self, i: int, topics: bool = False, capacity: bool = True) -> np.ndarray:
        """Penalty of paper ``i`` in every session, the rest of the plan as it is.

        With ``topics``, less what the paper adds to its topic's concentration;
        without ``capacity``, as for a swap, which leaves every load as it is.
        """
        a = self.where[i]
        ks = self.paper_people[i]
        clash = self.count[ks].sum(axis=0) @ self.ov if len(ks) else np.zeros(len(self.cap))
        over = (
            (self.load + 1 > self.cap).astype(np.int64)
            if capacity
            else np.zeros(len(self.cap), dtype=np.int64)
        )
        r = self.presenter[i]
        busy = self.pcount[r] @ self.ov if r >= 0 else np.zeros(len(self.cap), dtype=np.int64)
        if a >= 0:
            clash = clash - len(ks) * self.ov[a]
            over[a] = int(self.load[a] > self.cap[a]) if capacity else 0
            if r >= 0:
                busy = busy - self.ov[a]
        if self.halves:
            clash = clash - self._spared(self.count[ks], a)
            if r >= 0:
                busy = busy - self._spared(self.pcount[[r]], a)
        if capacity and len(self.row_cap):
            over = over + self._row_overflow(i)
        cost = (CLASH * clash + HARD * (over + busy + ~self.allowed[i])).astype(np.float64)
        if capacity and a >= 0:
            # What moving the paper does to the sessions' band prices.  Not when
            # it is first placed: the topic bands already size each session to
            # its share, and a half-built plan is below every band.
            cost = cost + self._band_delta(a)
        if self.talk_first is not None:
            cost = cost + self.talk_first[i]
        prev = self.previous[i]
        if prev >= 0:
            cost = cost + MOVE
            cost[prev] -= MOVE
        if topics:
            # count² rises by 2·c + 1 when a paper joins c others of its topic,
            # and ‖Σ v‖² by 2·v·(Σ v of the others).
            together = self.tcount[self.topic[i]].copy()
            pull = self.vsum @ self.vec[i]
            if a >= 0:
                together[a] -= 1
                pull[a] -= self.vec[i] @ self.vec[i]
            weight = self.topic_weight[self.topic[i]]
            cost = cost - weight * 2 * together - SIMILARITY * 2 * pull
        return cost

    @staticmethod
    def _spared(counts: np.ndarray, a: int) -> np.ndarray:
        """Per session, what halves take off the overlap count of one more poster there.

        ``counts`` (people x sessions) without the poster itself (it stands in
        ``a``): its c companions in a session meet it ⌊c/2⌋ times, not c.
        """
        c = counts.copy()
        if a >= 0:
            c[:, a] -= 1
        return np.asarray(((c + 1) // 2).sum(axis=0), dtype=np.int64)

    def _row_overflow(self, i: int) -> np.ndarray:
        """Per session, the capacity rows paper ``i`` would overfill (or overfills) there."""
        mine = self.row_member[i]
        a = self.where[i]
        here = self.row_session == a
        full = np.where(here, self.row_load > self.row_cap, self.row_load + 1 > self.row_cap)
        return np.bincount(self.row_session[mine & full], minlength=len(self.cap))

    def _swap_rows(self, i: int, j: int, a: int, b: int) -> int:
        """The change in capacity-row overflow if ``i`` (in a) and ``j`` (in b) trade."""
        if not len(self.row_cap):
            return 0
        change = np.where(
            self.row_session == a,
            self.row_member[j].astype(int) - self.row_member[i],
            np.where(self.row_session == b, self.row_member[i].astype(int) - self.row_member[j], 0),
        )
        before = np.maximum(0, self.row_load - self.row_cap)
        after = np.maximum(0, self.row_load + change - self.row_cap)
        return int((after - before).sum())

    def swap_delta(self, i: int, j: int, cost_i: np.ndarray, topics: bool) -> float:
        """The change in total penalty if ``i`` and ``j`` trade sessions.

        ``cost_i`` is ``costs(i, topics, capacity=False)``.  Each paper's own
        costs count the other where it stands now; the corrections put it where
        it will stand.
        """
        a, b = int(self.where[i]), int(self.where[j])
        cost_j = self.costs(j, topics, capacity=False)
        delta = cost_i[b] - cost_i[a] + cost_j[a] - cost_j[b]
        delta += HARD * self._swap_rows(i, j, a, b)
        apart = 1 - self.ov[a, b]
        shared = np.intersect1d(self.paper_people[i], self.paper_people[j], assume_unique=True)
        delta -= 2 * CLASH * len(shared) * apart
        same = self.presenter[i] >= 0 and self.presenter[i] == self.presenter[j]
        if same:
            delta -= 2 * HARD * apart
        if self.halves:
            # The halves' part of the two costs: each odd count at a or b was
            # taken off once too often (a swap leaves the counts as they are).
            delta += CLASH * int((self.count[shared][:, [a, b]] % 2).sum())
            if same:
                delta += HARD * int((self.pcount[self.presenter[i], [a, b]] % 2).sum())
        if topics:
            if self.topic[i] == self.topic[j]:
                delta += 4 * self.topic_weight[self.topic[i]]  # the counts do not change
            delta += 4 * SIMILARITY * float(self.vec[i] @ self.vec[j])
        return float(delta)

    def place(self, i: int, s: int) -> None:
        a = self.where[i]
        ks = self.paper_people[i]
        r = self.presenter[i]
        t = self.topic[i]
        if len(self.row_cap):
            mine = self.row_member[i]
            if a >= 0:
                self.row_load[mine & (self.row_session == a)] -= 1
            self.row_load[mine & (self.row_session == s)] += 1
        if a >= 0:
            self.count[ks, a] -= 1
            self.load[a] -= 1
            self.tcount[t, a] -= 1
            self.vsum[a] -= self.vec[i]
            if r >= 0:
                self.pcount[r, a] -= 1
        self.count[ks, s] += 1
        self.load[s] += 1
        self.tcount[t, s] += 1
        self.vsum[s] += self.vec[i]
        if r >= 0:
            self.pcount[r, s] += 1
        self.where[i] = s

    def members(self, s: int) -> np.ndarray:
        return np.flatnonzero(self.where == s)

    # -- whole-plan figures ----------------------------------------------------------
    def pairs(self) -> np.ndarray:
        """Clash pairs per person."""
        return self._pairs(self.count)

    def presenter_pairs(self) -> np.ndarray:
        """Posters each busy presenter would have to stand at at once, as pairs."""
        return self._pairs(self.pcount)

    def _pairs(self, c: np.ndarray) -> np.ndarray:
        """Pairs at overlapping times per row; with halves, within a session per half."""
        out = (((c @ self.ov) * c).sum(axis=1) - c.sum(axis=1)) // 2
        if self.halves:
            out = out - ((c // 2) * ((c + 1) // 2)).sum(axis=1)
        return np.asarray(out, dtype=np.int64)

    def hard_violations(self) -> int:
        over = int(np.maximum(0, self.load - self.cap).sum())
        over += int(np.maximum(0, self.row_load - self.row_cap).sum())
        presenter = int(self.presenter_pairs().sum())
        outside = int((~self.allowed[np.arange(len(self.where)), self.where]).sum())
        return over + presenter + outside
