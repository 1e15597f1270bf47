"""A first session plan from local search, handed to CP-SAT as a complete hint.

Why.  At NeurIPS size (3,600 posters, a hall 95 % full, names-only authors
whose common names look like one prolific person) CP-SAT can spend minutes
before its first plan that meets the clash lower bound, and a plan that is
late is no plan.  Which session a poster takes is, for the author rules, a
colouring problem, and a min-conflicts local search finds a colouring at or
near the lower bound in seconds.  CP-SAT then starts from it (a complete,
feasible hint) and spends its budget on what local search does poorly: topic
grouping, proofs and bounds.  Whatever CP-SAT finds is at least this good.

What the search keeps.  Hard rules are penalties so large that no gain
elsewhere pays for one: a paper only takes sessions it is allowed
(availability, pins, placement rules), no session holds more posters than its
boards, no presenter has two posters at overlapping times.  Below them, in
order: shared-author clash pairs (counted as planner.prechecks.clash_bound counts them),
then on a rerun posters moved out of their previous session, then the
similarity of posters that share a session: ``Σ_sessions ‖Σ v‖²`` over the
papers' centred feature rows (and, for topics the organizer gave,
``Σ_topics Σ_sessions count²``, which grows as a topic gathers in fewer
sessions).  The plan being searched, its counts and these penalties are kept
in ``planner.model.search_state``.

Determinism.  Budgets are counted in moves tried, never in seconds, and every
random choice comes from a generator seeded with the run's seed, so a loaded
machine gives the same start.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from planner.model.search_state import CLASH, HARD, MOVE, SearchState
from planner.model.stage_models import Domains, PlanningProblem

# Weight of a paper's likeness to a session's topic band when it is first placed:
# below moves, far above what one poster's topic counts weigh.
_AFFINITY = 10**4
# Sweeps over the conflicted papers without any gain before the search stops.
_PATIENCE = 40
# Swap partners sampled in a full session when a move alone cannot help.
_SWAP_SAMPLE = 48
# When gathering: the sessions a poster tries to swap into, and the partners
# tried in each (those most drawn to the poster's own session).
_GATHER_SESSIONS = 2
_GATHER_PARTNERS = 6


@dataclass
class WarmStart:
    session_of: dict[str, str]
    hard_violations: int  # capacity overflow + presenter overlaps + papers outside their domain
    clashes: int  # shared-author clash pairs
    bound: int  # the sum of each person's own minimum
    over_bound: set[str]  # person keys with more clashes than their own minimum
    moves_tried: int

    @property
    def feasible(self) -> bool:
        return self.hard_violations == 0


def _session_profiles(st: SearchState) -> np.ndarray:
    """Where each topic would live if authors allowed it: one band of topics per session.

    Topics are chained by similarity (each next to the most similar one left)
    and the chain is cut into consecutive bands, one per session, sized to the
    session's share of the boards.  A paper prefers the session whose band is
    most like it; clashes then push some papers elsewhere, preferably to the
    next most similar band.  Returns the sessions' mean feature rows (m × d).
    """
    m = len(st.cap)
    topics = np.unique(st.topic)
    sizes = np.array([(st.topic == t).sum() for t in topics])
    centroids = np.vstack([st.vec[st.topic == t].sum(axis=0) for t in topics])
    norms = np.linalg.norm(centroids, axis=1, keepdims=True)
    unit = centroids / np.maximum(norms, 1e-12)
    order = [int(np.argmax(sizes))]
    left = set(range(len(topics))) - set(order)
    while left:
        rest = sorted(left)
        nxt = rest[int(np.argmax(unit[rest] @ unit[order[-1]]))]
        order.append(nxt)
        left.remove(nxt)
    open_cap = st.cap * st.allowed.any(axis=0)
    target = len(st.papers) * open_cap / max(1, open_cap.sum())
    profiles = np.zeros((m, st.vec.shape[1]))
    sessions = [s for s in range(m) if target[s] > 0]
    k, room = 0, target[sessions[0]] if sessions else 0.0
    for t in order:
        need = float(sizes[t])
        while need > 1e-9 and k < len(sessions):
            take = min(need, room)
            profiles[sessions[k]] += centroids[t] * (take / sizes[t])
            need -= take
            room -= take
            if room <= 1e-9:
                k += 1
                room = target[sessions[k]] if k < len(sessions) else 0.0
    norms = np.linalg.norm(profiles, axis=1, keepdims=True)
    return profiles / np.maximum(norms, 1e-12)


def _construct(st: SearchState) -> None:
    """Greedy: the most constrained papers first, each where it costs least.

    Among sessions that cost the same, a paper takes the one whose topic band
    is most like it (see ``_session_profiles``).
    """
    n = len(st.papers)
    freedom = st.allowed.sum(axis=1)
    degree = np.array([len(ks) for ks in st.paper_people])
    tie = st.rng.random(n)
    order = np.lexsort((tie, -degree, freedom))
    # Retained papers go back where they were first; they are the plan people know.
    order = np.concatenate([order[st.previous[order] >= 0], order[st.previous[order] < 0]])
    affinity = st.vec @ _session_profiles(st).T
    for i in order:
        i = int(i)
        prev = st.previous[i]
        if prev >= 0 and st.allowed[i, prev]:
            st.place(i, int(prev))
            continue
        st.place(i, int(np.argmin(st.costs(i) - _AFFINITY * affinity[i])))


def _objective(st: SearchState) -> int:
    moved = int(((st.previous >= 0) & (st.where != st.previous)).sum())
    return HARD * st.hard_violations() + CLASH * int(st.pairs().sum()) + MOVE * moved


def _candidates(st: SearchState, papers_of: list[np.ndarray]) -> list[int]:
    """Papers in a broken rule or in clashes above one of their people's minimum."""
    n = len(st.papers)
    found: set[int] = set()
    for k in np.flatnonzero(st.pairs() > st.minimum):
        found.update(papers_of[int(k)].tolist())
    for s in np.flatnonzero(st.load > st.cap):
        found.update(np.flatnonzero(st.where == s).tolist())
    for k in np.flatnonzero(st.row_load > st.row_cap):
        found.update(np.flatnonzero(st.row_member[:, k] & (st.where == st.row_session[k])).tolist())
    if st.pcount.size:
        for r in np.flatnonzero(st.presenter_pairs() > 0):
            found.update(np.flatnonzero(st.presenter == r).tolist())
    found.update(np.flatnonzero(~st.allowed[np.arange(n), st.where]).tolist())
    return sorted(found)


def _improve(st: SearchState, budget: int) -> int:
    """Min-conflicts moves and swaps with random kicks; returns the moves tried.

    The best plan seen is kept: a kick may make things worse for a while.
    """
    people_papers: list[list[int]] = [[] for _ in range(len(st.person_keys))]
    for i, ks in enumerate(st.paper_people):
        for k in ks:
            people_papers[int(k)].append(i)
    papers_of = [np.array(v, dtype=np.int64) for v in people_papers]
    best, best_where = _objective(st), st.where.copy()
    tried = stale = 0
    while tried < budget:
        order = _candidates(st, papers_of)
        if not order:
            break
        st.rng.shuffle(order)
        gained = False
        for i in order:
            tried += 1
            a = int(st.where[i])
            cost = st.costs(i)
            here = cost[a]
            cost[a] = np.inf
            b = int(np.argmin(cost))
            if cost[b] < here:
                st.place(i, b)
                gained = True
            elif cost[b] == here and st.rng.random() < 0.3:
                st.place(i, b)  # a sideways step: plateaus are where colourings hide
            elif _try_swap(st, i, a, papers_of):
                gained = True
        value = _objective(st)
        if value < best:
            best, best_where, stale = value, st.where.copy(), 0
        else:
            stale += 1
        if stale >= _PATIENCE:
            break
        if not gained:
            _kick(st, order)
    if _objective(st) > best:
        _restore(st, best_where)
    return tried


def _kick(st: SearchState, conflicted: list[int]) -> None:
    """Moves a few conflicted papers to random sessions that break no hard rule."""
    for i in st.rng.choice(conflicted, size=min(3, len(conflicted)), replace=False):
        i = int(i)
        cost = st.costs(i)
        a = int(st.where[i])
        options = [s for s in np.flatnonzero(cost < HARD) if s != a]
        if options:
            st.place(i, int(st.rng.choice(options)))


def _restore(st: SearchState, where: np.ndarray) -> None:
    for i, s in enumerate(where):
        if st.where[i] != s:
            st.place(i, int(s))


def _try_swap(st: SearchState, i: int, a: int, papers_of: list[np.ndarray]) -> bool:
    """Swaps ``i`` with a paper of another session when that lowers the total penalty.

    Partners are the papers that block ``i`` there (they share one of its
    people) and, in a full session, a sample of the rest.
    """
    cost_i = st.costs(i, capacity=False)
    for b in range(len(st.cap)):
        if b == a or not st.allowed[i, b]:
            continue
        blocking = [
            int(j) for k in st.paper_people[i] for j in papers_of[int(k)] if st.where[j] == b
        ]
        partners = list(dict.fromkeys(blocking))
        if st.load[b] + 1 > st.cap[b]:
            members = st.members(b)
            if len(members) > _SWAP_SAMPLE:
                members = st.rng.choice(members, size=_SWAP_SAMPLE, replace=False)
            partners += [int(j) for j in members]
        for j in partners:
            if j != i and st.allowed[j, a] and st.swap_delta(i, j, cost_i, topics=False) < 0:
                st.place(i, b)
                st.place(j, a)
                return True
    return False


def _gather(st: SearchState, passes: int) -> int:
    """Gathers topics into fewer sessions without a new clash or a broken rule.

    A poster moves to the session holding more of its topic, or, where that
    session is full, swaps with a poster whose own topic is thin there.
    Returns the moves tried.
    """
    n = len(st.papers)
    tried = 0
    for _ in range(passes):
        changed = 0
        for i in st.rng.permutation(n):
            i = int(i)
            tried += 1
            a = int(st.where[i])
            cost = st.costs(i, topics=True)
            here = cost[a]
            cost[a] = np.inf
            b = int(np.argmin(cost))
            if cost[b] < here:
                st.place(i, b)
                changed += 1
            elif _gather_swap(st, i, a, cost, here):
                changed += 1
        if changed < max(1, n // 200):
            break
    return tried


def _gather_swap(st: SearchState, i: int, a: int, cost: np.ndarray, here: float) -> bool:
    """Swaps ``i`` into a full session that draws it more, if the pair gains.

    Partners are the posters there that share one of ``i``'s people (a swap
    with one of them leaves that person's sessions as they were, so it is
    often the only way past a clash), then those most drawn to ``i``'s
    session in turn (their similarity to it minus to their own).
    """
    # Where i would rather be: what it would cost there with room, clashes included.
    pull = cost - HARD * (st.load + 1 > st.cap)
    pull[a] = np.inf
    cost_i = st.costs(i, topics=True, capacity=False)
    for b in np.argsort(pull, kind="stable")[:_GATHER_SESSIONS]:
        b = int(b)
        if pull[b] >= here + CLASH:
            continue  # one more clash there than here: a partner would have to undo it
        # With a clash more there, only a partner sharing the person can help.
        sharing = [
            int(j) for k in st.paper_people[i] for j in st.papers_of[int(k)] if st.where[j] == b
        ]
        partners = dict.fromkeys(sharing)
        if pull[b] < here:
            members = st.members(b)
            members = members[st.allowed[members, a]]
            drawn = st.vec[members] @ (st.vsum[a] - st.vsum[b])
            drawn += st.topic_weight[st.topic[members]] * (
                st.tcount[st.topic[members], a] - st.tcount[st.topic[members], b]
            )
            best = np.argsort(-drawn, kind="stable")[:_GATHER_PARTNERS]
            partners.update(dict.fromkeys(int(j) for j in members[best]))
        for j in partners:
            if st.allowed[j, a] and st.swap_delta(i, j, cost_i, topics=True) < -1e-9:
                st.place(i, b)
                st.place(j, a)
                return True
    return False


def warm_start(
    problem: PlanningProblem,
    domains: Domains,
    seed: int = 0,
    vectors: np.ndarray | None = None,
    kept_topics: frozenset[int] = frozenset(),
    budget: int | None = None,
    gather_passes: int = 8,
) -> WarmStart:
    """A session for every paper, from greedy construction and min-conflicts search.

    ``vectors`` are the papers' feature rows in ``problem.papers`` order.
    ``kept_topics`` (topics the organizer gave) add their counts to what
    gathering maximises; clusters are already measured by the vectors.
    """
    st = SearchState(problem, domains, seed, vectors, kept_topics)
    _construct(st)
    tried = _improve(st, budget if budget is not None else 40 * len(st.papers) + 20_000)
    if st.hard_violations() == 0:
        tried += _gather(st, gather_passes)
    pairs = st.pairs()
    over = {st.person_keys[int(k)] for k in np.flatnonzero(pairs > st.minimum)}
    return WarmStart(
        session_of={p: st.sessions[int(s)] for p, s in zip(st.papers, st.where, strict=True)},
        hard_violations=st.hard_violations(),
        clashes=int(pairs.sum()),
        bound=int(st.minimum.sum()),
        over_bound=over,
        moves_tried=tried,
    )


def session_affinity(
    problem: PlanningProblem,
    domains: Domains,
    session_of: dict[str, str],
    vectors: np.ndarray,
    scale: int,
) -> dict[str, dict[str, int]]:
    """How much each paper is like each session of a plan, in ``0..scale``.

    The first-order expansion of ``Σ_s ‖Σ_{p∈s} v_p‖²`` (centred rows) around
    the plan: a paper's dot product with each session's sum, itself left
    out, scaled over all papers and sessions together so that a strong
    preference weighs more than a weak one.
    """
    vec = np.asarray(vectors, dtype=np.float64)
    vec = vec - vec.mean(axis=0)
    sessions = problem.session_ids
    index = {s: k for k, s in enumerate(sessions)}
    where = np.array([index[session_of[p]] for p in problem.papers])
    sums = np.zeros((len(sessions), vec.shape[1]))
    np.add.at(sums, where, vec)
    dots = vec @ sums.T
    dots[np.arange(len(where)), where] -= (vec * vec).sum(axis=1)
    low, high = float(dots.min()), float(dots.max())
    scaled = np.rint(scale * (dots - low) / max(high - low, 1e-12)).astype(int)
    return {
        p: {s: int(scaled[i, k]) for s, k in index.items() if s in domains.allowed[p]}
        for i, p in enumerate(problem.papers)
    }
