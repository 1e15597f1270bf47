"""Talk scheduling: talks into talk sessions, rooms and a running order.

The pure core of talks as the second kind of placement (docs/architecture.md,
"Two kinds of placement"): it takes talk items, talk sessions and topic rows
and returns placements with their own minutes and the talk figures.  Each rule
below names its priority and where it is encoded; the measurements behind the
decomposition are in docs/modelling.md §11.

Hard rules (never broken; ``TalksInfeasible`` names the numbers when they
cannot hold):

- *every talk placed once*, only in a session it may take (``allowed``: pins,
  ``[[place]]`` rules, absences), long enough for it, in its pinned room and at
  its pinned position if it has them.  Encoding: no literal or cell exists for
  anything else (planner.model.talks_instance), ``add_exactly_one`` per talk
  (planner.model.talks_model);
- *room minutes*: a room's talks run one after another from the session's
  start, each its minutes plus ``changeover`` between consecutive talks, and
  end by the session's end: ``Σ minutes + changeover · (n - 1) ≤ length``.
  Encoding: exact bin-packing patterns per session in the session model,
  minutes per cell in the room stage, running order from the start
  (planner.model.talks_order);
- *speakers at one talk at a time*: two talks sharing a speaker never take
  sessions that overlap in time, not even one room of one session.  Encoding:
  ``add_at_most_one`` per speaker and maximal group of overlapping sessions;
- *speakers not on stage while due elsewhere*: a talk never takes a session
  that overlaps a ``busy`` interval of one of its speakers (judged per
  session, not per minute: docs/modelling.md §11).  Encoding: no literal.

Objectives, lexicographic by weights, each above what one move can gain in
the ranks below it (search: planner.model.talks_search; CP-SAT:
planner.model.talks_model):

1. *fewest shared-author overlaps*: pairs of talks sharing a person (speakers
   count as authors) in overlapping sessions, per person and pair, against
   their lower bound (a person with ``n`` talks and ``w`` separate talk times
   has at least the pairs of ``n`` spread evenly over ``w``: the argument of
   planner.prechecks.clash_bound on talk sessions).  Search 100,000 per pair,
   CP-SAT 100,000, and people the warm start brought to their bound are held
   there by hard rows;
2. *keep the previous plan*: a talk not in its previous session and room is
   a move.  Search 1,000 per session change and 600 per room change, CP-SAT
   1,000 per session change.  A rerun keeps every talk in its room unless a
   hard rule requires otherwise (below, "Reruns");
3. *themes*: similar talks share a room-session and rooms running at once hold
   unlike themes, maximising the discrimination ratio (DR): the mean
   similarity of talk pairs within a room-session over that of pairs in
   concurrent room-sessions (same session, different room), on the dot
   products of the rows given (a sparse TF-IDF priced exactly).  Search: the
   ratio's Dinkelbach form with its pair counts, a few units per move;
   CP-SAT: 0..100 per talk, how little it loses by leaving its warm-start
   session;
4. *running order*: consecutive talks in a room alike (a path, as boards are).

Reruns (items with ``previous``): first the rerun stage (``keep_and_fill``
below): every talk whose previous room still exists and that may still take
it stays there, new talks (a new oral, a poster become an oral, a talk whose
room is gone) go where they cost least by the ranks above, so into
room-sessions with free minutes and like themes; where that breaks a hard
rule, the fewest single moves or swaps that mend it.  Within a room the
running order is the previous one with withdrawn and departed talks taken
out, so the talks after them move earlier, and new talks follow at the end
(planner.model.talks_order).  Only when the rerun stage cannot keep the hard
rules does the full pipeline below run, still pricing every move.

Stages: checks; a warm start of cells from clusters of the talks as rooms,
concurrent rooms on unlike clusters, then local search of moves, swaps and
trades of whole rooms between sessions (talks_search); the CP-SAT session
stage from its complete hint (talks_model); rooms within each session by
local search with sessions frozen, CP-SAT packing where that fails; the order
within rooms (talks_order).  The plan kept is the better of the CP-SAT plan
and the warm start under the search's exact objective: CP-SAT prices themes
only to first order.  CP-SAT runs in deterministic mode with a deterministic
budget and fixed seed, the search counts sweeps, so the same inputs and seed
give the same plan.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from scipy import sparse
from scipy.sparse.linalg import svds
from threadpoolctl import threadpool_limits

from planner.model.talks_instance import (
    Busy,
    Instance,
    TalkItem,
    TalksInfeasible,
    TalkSlot,
    build_instance,
)
from planner.model.talks_model import (
    AFFINITY_SCALE,
    SessionStage,
    StageResult,
    pack_rooms,
)
from planner.model.talks_order import running_order
from planner.model.talks_search import GRAM_LIMIT, CellSearch, Theme, discrimination, warm_start

__all__ = ["TalkItem", "TalkPlacement", "TalkPlan", "TalkSlot", "TalksInfeasible", "plan_talks"]

# Shares of the deterministic budget: the session stage, then room packing.
SESSION_SHARE = 0.8
ROOM_SHARE = 0.2


@dataclass(frozen=True)
class TalkPlacement:
    paper: str
    session: str
    room: str
    position: int  # 1-based running order in the room
    start: datetime  # the talk's own minutes
    end: datetime


@dataclass
class TalkPlan:
    placements: list[TalkPlacement]  # by (session start, session, room order, position)
    # CP-SAT status of the session stage, "EMPTY" when there are no talks; a plan
    # with "UNKNOWN" is the warm start's (CP-SAT found nothing better in its budget);
    # "KEPT" a rerun's from the rerun stage alone (no CP-SAT).
    status: str
    # Pairs of one speaker's talks whose minutes overlap, plus talks inside one of
    # their busy intervals, recounted from the placements: always 0.
    speaker_overlaps: int
    author_overlaps: int  # per person and pair of talks in overlapping sessions
    author_overlap_bound: int
    discrimination: float | None
    moves: int  # talks not in their previous (session, room)
    timings: dict[str, float] = field(default_factory=dict)  # wall seconds per stage


def plan_talks(
    items: Sequence[TalkItem],
    slots: Sequence[TalkSlot],
    vectors: np.ndarray | sparse.spmatrix,
    changeover: int = 0,
    seed: int = 0,
    time_limit: float = 10.0,
    busy: Busy | None = None,
) -> TalkPlan:
    """Talks placed by the rules above; ``time_limit`` is CP-SAT's deterministic budget.

    ``vectors`` are the talks' rows, dense or sparse (a TF-IDF's rows are
    priced exactly: :func:`exact_rows`); similarity is their dot product.
    """
    if not items:
        return TalkPlan([], "EMPTY", 0, 0, 0, None, 0)
    # One BLAS thread: the matrices are small, and on a busy 2-core machine BLAS
    # threads spinning against CP-SAT and other programs made the checks' Gram
    # eigendecomposition take 4.3 s instead of 0.2 s; one thread also sums in one
    # order, so the rows do not depend on the machine's core count.
    with threadpool_limits(limits=1, user_api="blas"):
        rows = exact_rows(vectors)
        return _plan_talks(items, slots, rows, changeover, seed, time_limit, busy)


def exact_rows(vectors: np.ndarray | sparse.spmatrix) -> np.ndarray:
    """Dense rows with the dot products of ``vectors``, no wider than there are rows.

    A sparse TF-IDF of 10,000 words becomes the rows of its Gram matrix's
    eigendecomposition (every dot product kept, at most one column per talk),
    so the search prices the words themselves, not a projection.  Above
    ``GRAM_LIMIT`` rows, its 256 leading singular directions.
    """
    if not sparse.issparse(vectors):
        return np.asarray(vectors, dtype=np.float64)
    x = sparse.csr_matrix(vectors, dtype=np.float64)
    n, d = x.shape
    if d <= n or n < 3:
        return np.asarray(x.toarray())
    if n > GRAM_LIMIT:
        k = min(256, n - 1)
        u, values, _ = svds(x, k=k, v0=np.ones(min(n, d)) / np.sqrt(min(n, d)))
        return np.ascontiguousarray(u * values)
    values, q = np.linalg.eigh((x @ x.T).toarray())
    keep = values > 1e-10 * max(float(values.max()), 1e-12)
    return np.ascontiguousarray(q[:, keep] * np.sqrt(values[keep]))


def _plan_talks(
    items: Sequence[TalkItem],
    slots: Sequence[TalkSlot],
    vectors: np.ndarray,
    changeover: int,
    seed: int,
    time_limit: float,
    busy: Busy | None,
) -> TalkPlan:
    timings: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[name] = now - clock
        clock = now

    inst = build_instance(items, slots, vectors, changeover, busy)
    lap("checks")
    if (inst.previous_cell >= 0).any():
        kept = keep_and_fill(inst, seed)
        lap("rerun")
        if kept is not None:
            plan = _plan(inst, kept, "KEPT", busy or {})
            lap("order")
            plan.timings = timings
            return plan
    warm = warm_start(inst, seed)
    warm_ok = warm.costs()[0] == 0
    lap("warm start")
    stage = _session_stage(inst, warm, warm_ok, seed, time_limit * SESSION_SHARE)
    lap("sessions")
    cells = warm.cell_of.copy() if warm_ok else None
    if stage.session_of is not None:
        rooms = _rooms(inst, stage.session_of, warm, seed, time_limit * ROOM_SHARE)
        if rooms is not None:
            cells = rooms if cells is None else _better(warm, rooms, cells)
    lap("rooms")
    if cells is None:
        raise TalksInfeasible(_no_plan(stage, warm, time_limit))
    plan = _plan(inst, cells, stage.status, busy or {})
    lap("order")
    plan.timings = timings
    return plan


# ---------------------------------------------------------------------- stages


def _affinity(search: CellSearch) -> np.ndarray:
    """How little each talk loses by leaving the search's session for each other one, 0..100.

    The theme change when the talk alone moves to the best room of a session
    for it (the search's own price of that move), clipped at no gain: the
    search's plan is a local optimum, so a gain there is one that room's
    minutes block, and CP-SAT would chase it with many talks at once.  Its own
    session scores 100, the worst move of any talk 0.  Measured: scores of
    the gain itself (each talk's likeness to each session's best room) let
    CP-SAT move 780 of 1,000 talks and the DR fell from 6.5 to 5.0.
    """
    inst, w, every = search.inst, search.theme_w, np.arange(search.inst.n)
    own_cell = search.to_cell[every, search.cell_of] - search.sq
    d_w = search.to_cell - own_cell[:, None]
    d_t = search.to_sess - (search.to_sess[every, search.sess_of] - search.sq)[:, None]
    d_s = (search.sess_count - search.sess_count[search.sess_of, None] + 1).astype(np.float64)
    d_t[every, search.sess_of] = 0.0  # within the session no pair changes sessions
    d_s[every, search.sess_of] = 0.0
    d_n = search.count - search.count[search.cell_of, None] + 1  # pairs the room gains, net
    gain = (1 + w.lam) * d_w - w.lam * d_t[:, inst.cell_session] - w.within * d_n
    gain += w.session * d_s[:, inst.cell_session]
    gain[np.arange(inst.n), search.cell_of] = 0.0
    gain = np.where(inst.cell_ok, np.minimum(gain, 0.0), -np.inf)
    best = np.full((inst.n, len(inst.slots)), -np.inf)
    for s in range(len(inst.slots)):
        if (inst.cell_session == s).any():  # a session without rooms takes no talk
            best[:, s] = gain[:, inst.cell_session == s].max(axis=1)
    valid = np.isfinite(best)
    worst = max(float(-best[valid].min()), 1e-12)
    scaled = np.rint(AFFINITY_SCALE * (1.0 + best / worst))
    return np.where(valid, scaled, 0).astype(np.int64)


def _at_bound(search: CellSearch) -> set[str]:
    """People whose overlap pairs in the search's plan are their own minimum."""
    out = set()
    for k, person in enumerate(search.inst.authors):
        c = search.p_count[k].astype(np.float64)
        pairs = round(float(c @ search.o @ c - c.sum()) / 2)
        n, w = len(person.talks), person.separate
        q, r = divmod(n, max(w, 1))
        if pairs <= r * (q + 1) * q // 2 + (w - r) * q * (q - 1) // 2:
            out.add(person.key)
    return out


def _session_stage(
    inst: Instance, warm: CellSearch, warm_ok: bool, seed: int, time_limit: float
) -> StageResult:
    stage = SessionStage(inst, _at_bound(warm) if warm_ok else set())
    stage.set_objective(_affinity(warm))
    if warm_ok:
        stage.complete_hint(warm.sess_of, seed)
    return stage.solve(time_limit, seed)


def _rooms(
    inst: Instance, session_of: np.ndarray, warm: CellSearch, seed: int, time_limit: float
) -> np.ndarray | None:
    """Rooms within each session: the warm start's where the session is the same, then search.

    A session the search leaves over its rooms' minutes is packed exactly by
    CP-SAT (pinned positions too); None when one cannot be packed.
    """
    search = CellSearch(inst, warm.theme_w, seed, session_of, warm.gram)
    stay = np.flatnonzero(warm.sess_of == session_of)
    for k in stay:
        search.place(int(k), int(warm.cell_of[k]))
    freedom = search.mask.sum(axis=1)
    for i in sorted(np.flatnonzero(search.cell_of < 0).tolist(), key=lambda i: (freedom[i], i)):
        search.place(i, int(np.argmin(search.insert_costs(i))))
    search.improve(8)
    search.repair(10)
    bad = sorted({int(session_of[i]) for i in search.violating()})
    if not bad:
        return search.cell_of.copy()
    cells = search.cell_of.copy()
    for s in bad:
        talks = [int(i) for i in np.flatnonzero(session_of == s)]
        packed = pack_rooms(inst, s, talks, {i: int(cells[i]) for i in talks}, time_limit, seed)
        if packed is None:
            return None
        for talk, c in packed.items():
            cells[talk] = c
    search = CellSearch(inst, warm.theme_w, seed, session_of, warm.gram)
    search.load(cells)
    search.improve(4)
    return search.cell_of.copy()


def _better(warm: CellSearch, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The plan of cells with the lower exact cost at the warm start's weights (``a`` on a tie)."""
    totals = []
    for cells in (a, b):
        search = CellSearch(warm.inst, warm.theme_w, 0, gram=warm.gram)
        search.load(cells)
        totals.append(search.total())
    return a if totals[0] <= totals[1] + 1e-6 else b


def _no_plan(stage: StageResult, warm: CellSearch, time_limit: float) -> str:
    """Why there is no plan, with what the closest plan the search found still breaks."""
    inst = warm.inst
    over = int(np.maximum(0, warm.used - inst.cell_cap).sum())
    short = int(np.maximum(0, inst.cell_min - warm.count).sum())
    first = len(inst.authors)
    pairs = {
        person.key: int((c @ warm.o @ c - c.sum()) // 2)
        for person, c in zip(inst.speakers, warm.p_count[first:].astype(np.float64), strict=True)
    }
    clashing = [key for key, n in pairs.items() if n]
    closest = (
        f"the closest plan found runs {over} room-minutes over, leaves {short} pinned "
        f"position(s) unfilled and puts {sum(pairs.values())} pair(s) of one speaker's talks "
        "at once" + (f" (speakers {', '.join(clashing[:5])})" if clashing else "")
    )
    if stage.status == "INFEASIBLE":
        return f"no talk programme keeps the hard rules (CP-SAT proved it); {closest}"
    return f"no talk programme found within {time_limit:g} deterministic seconds; {closest}"


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
    search = CellSearch(inst, Theme(), seed)
    prev = inst.previous_cell
    for i in np.flatnonzero(prev >= 0).tolist():
        if search.mask[i, prev[i]]:
            search.place(i, int(prev[i]))
    search.theme_w = search.ratio()
    freedom = search.mask.sum(axis=1)
    rest = np.flatnonzero(search.cell_of < 0).tolist()
    for i in sorted(rest, key=lambda i: (freedom[i], -inst.units[i], i)):
        search.place(i, int(np.argmin(search.insert_costs(i))))
    if not _mend(search, 2 * inst.n + 10):
        return None
    return search.cell_of.copy()


# ---------------------------------------------------------------------- the plan


def _plan(inst: Instance, cells: np.ndarray, status: str, busy: Busy) -> TalkPlan:
    position, starts, ends = running_order(inst, cells)
    placements = []
    for i, item in enumerate(inst.items):
        k, room = inst.cells[int(cells[i])]
        slot = inst.slots[k]
        placements.append(
            TalkPlacement(item.paper, slot.id, room, int(position[i]), starts[i], ends[i])
        )
    room_order = {(s.id, r): j for s in inst.slots for j, r in enumerate(s.rooms)}
    start_of = {s.id: s.start for s in inst.slots}
    placements.sort(
        key=lambda p: (start_of[p.session], p.session, room_order[p.session, p.room], p.position)
    )
    sessions = inst.cell_session[cells]
    return TalkPlan(
        placements=placements,
        status=status,
        speaker_overlaps=speaker_overlaps(inst.items, placements, busy),
        author_overlaps=_author_overlaps(inst, sessions),
        author_overlap_bound=inst.bound,
        discrimination=discrimination(inst.vectors, cells, inst.cell_session),
        moves=moves(inst.items, placements),
    )


def _author_overlaps(inst: Instance, sessions: np.ndarray) -> int:
    total = 0
    overlap = inst.overlap.astype(np.int64)
    for person in inst.authors:
        c = np.bincount(sessions[person.talks], minlength=len(inst.slots))
        total += int((c @ overlap @ c - c.sum()) // 2)
    return total


def speaker_overlaps(
    items: Sequence[TalkItem], placements: Sequence[TalkPlacement], busy: Busy
) -> int:
    """Pairs of one speaker's talks whose minutes overlap, plus talks inside their busy times."""
    at = {p.paper: p for p in placements}
    by_speaker: dict[str, list[TalkPlacement]] = {}
    for item in items:
        for key in sorted(set(item.speakers)):
            by_speaker.setdefault(key, []).append(at[item.paper])
    count = 0
    for key, talks in by_speaker.items():
        for j, a in enumerate(talks):
            count += sum(a.start < b.end and b.start < a.end for b in talks[j + 1 :])
            count += sum(a.start < end and start < a.end for start, end in busy.get(key, ()))
    return count


def moves(items: Sequence[TalkItem], placements: Sequence[TalkPlacement]) -> int:
    """Talks not kept in their previous (session, room).

    A talk that keeps its room but moves up the running order (a talk before
    it was withdrawn) changes its time, not its place: not a move.
    """
    at = {p.paper: (p.session, p.room) for p in placements}
    return sum(1 for it in items if it.previous is not None and at[it.paper] != it.previous[:2])
