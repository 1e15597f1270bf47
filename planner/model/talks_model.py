"""Talks: the CP-SAT session stage, and room packing when local search cannot pack.

The session model decides only which talk session each talk takes
(``x[i, s]``), as the poster session model does (docs/modelling.md §1); rooms
and running order follow per session.  Its rules, by priority:

- *placement* (hard): ``add_exactly_one`` over each talk's sessions; a talk has
  literals only in the sessions it may take (allowed sessions, pins, long
  enough, none overlapping a speaker's ``busy`` interval);
- *room minutes* (hard): a session's talks must pack into its rooms, each room
  holding its length plus one changeover in talk-plus-changeover units.  With
  few distinct talk lengths this is exact: integer ``y[s, p]`` counts the
  rooms filled by each maximal *pattern* ``p`` (a multiset of lengths that
  fits a room and takes no further talk), ``Σ_p y ≤ rooms`` and, for each
  length, the talks of that length ``≤ Σ_p count(p, length) · y[s, p]``
  (the pattern form of bin packing with identical bins).  With too many
  patterns, one aggregated minutes row; the room stage then packs and falls
  back to :func:`pack_rooms`.  Pinned positions add ``Σ x ≥`` the talks the
  session's rooms must hold;
- *speakers* (hard): for each speaker of two or more talks and each maximal
  group of mutually overlapping sessions, ``add_at_most_one``: never two of
  their talks at once, even in one room (docs/modelling.md §11 says why);
- *shared-author overlaps* (``AUTHOR_WEIGHT`` per person and pair): with clean time
  slots, the pairs of a group's count ``c`` are ``Σ_j max(0, c - j)`` from
  integer variables, with a redundant row ``Σ pairs ≥`` the bound; where
  sessions overlap in a chain, pairs within a session the same way and pairs
  across two overlapping sessions as the product of their counts.  People the
  warm start brought to their own minimum are held there by hard rows instead
  (at most one per group, or an even spread), as constraints/clashes.py does;
- *moves* (``MOVE_WEIGHT`` per talk out of its previous session);
- *themes* (1 per step below ``AFFINITY_SCALE``): how little a talk loses by
  leaving its warm-start session for another, the search's own price of
  moving it alone to that session's best room for it, scaled to ``0..100``
  (planner.model.talks._affinity; docs/modelling.md §11 measured why a loss,
  not a gain).  Themes are the search's to win: CP-SAT keeps the warm start's
  sessions unless a rule above pays for a change.

The warm start is a complete hint (every variable, the auxiliaries found by a
solve with the given ones fixed), so CP-SAT's first solution is the warm start
and a plan is never worse than it in the ranks above themes (docs/modelling.md §5).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from planner.model.solve import STATUS, WALL_EXTRA, WALL_FACTOR, SolverSettings
from planner.model.talks_instance import Instance, Person
from planner.people.windows import min_pairs

AUTHOR_WEIGHT = 100_000  # above any number of moves and affinities one overlap could buy
MOVE_WEIGHT = 1_000  # above the largest affinity step (100)
AFFINITY_SCALE = 100
MAX_PATTERNS = 400


@dataclass
class StageResult:
    status: str
    session_of: np.ndarray | None  # a session index per talk
    wall: float
    deterministic_time: float


def maximal_patterns(
    units: list[int], cap: int, limit: int = MAX_PATTERNS
) -> list[tuple[int, ...]]:
    """Counts per length (``units`` distinct) of every fill of ``cap`` that takes no more.

    Returns an empty list when there are more than ``limit`` of them.
    """
    out: list[tuple[int, ...]] = []
    smallest = min(units)

    def fill(k: int, left: int, counts: tuple[int, ...]) -> bool:
        if k == len(units):
            if left < smallest:
                out.append(counts)
            return len(out) <= limit
        return all(
            fill(k + 1, left - c * units[k], (*counts, c)) for c in range(left // units[k], -1, -1)
        )

    return out if fill(0, cap, ()) else []


class SessionStage:
    """The session model of a talk programme."""

    def __init__(self, inst: Instance, at_bound: set[str]) -> None:
        self.inst = inst
        self.model = cp_model.CpModel()
        self.x: dict[tuple[int, int], cp_model.IntVar] = {}
        for i in range(inst.n):
            lits = []
            for s in np.flatnonzero(inst.allowed[i]):
                self.x[i, int(s)] = var = self.model.new_bool_var(f"x[{i},{s}]")
                lits.append(var)
            self.model.add_exactly_one(lits)
        self.terms: list[cp_model.LinearExprT] = []
        self._capacity()
        self._speakers()
        self._authors(at_bound)
        self._moves()

    def lits(self, talks: np.ndarray, sessions: list[int]) -> list[cp_model.IntVar]:
        return [self.x[int(i), s] for i in talks for s in sessions if (int(i), s) in self.x]

    def _capacity(self) -> None:
        inst = self.inst
        for s, slot in enumerate(inst.slots):
            talks = np.flatnonzero(inst.allowed[:, s])
            cells = np.flatnonzero(inst.cell_session == s)
            need = int(inst.cell_min[cells].sum())
            if need:
                self.model.add(sum(self.x[int(i), s] for i in talks) >= need)
            if not len(talks):
                continue
            lengths = sorted({int(u) for u in inst.units[talks]}, reverse=True)
            cap, rooms = slot.minutes + inst.changeover, len(slot.rooms)
            patterns = maximal_patterns(lengths, cap)
            if not patterns:
                self.model.add(
                    sum(int(inst.units[i]) * self.x[int(i), s] for i in talks) <= rooms * cap
                )
                continue
            y = [self.model.new_int_var(0, rooms, f"y[{s},{p}]") for p in range(len(patterns))]
            self.model.add(sum(y) <= rooms)
            for k, length in enumerate(lengths):
                same = [self.x[int(i), s] for i in talks if inst.units[i] == length]
                self.model.add(sum(same) <= sum(p[k] * v for p, v in zip(patterns, y, strict=True)))

    def _speakers(self) -> None:
        for person in self.inst.speakers:
            for group in self.inst.groups:
                lits = self.lits(person.talks, group)
                if len(lits) >= 2:
                    self.model.add_at_most_one(lits)

    def _usable_groups(self, person: Person) -> list[list[int]]:
        usable = self.inst.allowed[person.talks].any(axis=0)
        return [g for g in self.inst.groups if usable[g].any()]

    def _pairs(self, count: cp_model.LinearExprT, most: int, name: str) -> list[cp_model.IntVar]:
        """Integer variables whose sum is the pairs among ``count`` talks (at most ``most``)."""
        out = []
        for j in range(1, most):
            e = self.model.new_int_var(0, most - j, f"{name},{j}]")
            self.model.add(e >= count - j)
            out.append(e)
        return out

    def _authors(self, at_bound: set[str]) -> None:
        inst = self.inst
        soft: list[Person] = []
        for person in inst.authors:
            if not inst.slotted or person.key not in at_bound:
                soft.append(person)
                continue
            groups = self._usable_groups(person)
            n, w = len(person.talks), len(groups)
            for group in groups:
                lits = self.lits(person.talks, group)
                if n <= w:
                    self.model.add_at_most_one(lits)
                else:
                    self.model.add_linear_constraint(sum(lits), n // w, -(-n // w))
        pairs = []
        for person in soft:
            pairs += self._person_pairs(person)
        if pairs:
            bound = sum(min_pairs(len(p.talks), p.separate) for p in soft)
            self.model.add(sum(pairs) >= bound)
            self.terms.append(AUTHOR_WEIGHT * sum(pairs))

    def _person_pairs(self, person: Person) -> list[cp_model.IntVar]:
        inst = self.inst
        if inst.slotted:
            out = []
            for group in self._usable_groups(person):
                lits = self.lits(person.talks, group)
                most = int(inst.allowed[np.ix_(person.talks, np.array(group))].any(axis=1).sum())
                if most >= 2:
                    out += self._pairs(sum(lits), most, f"pairs[{person.key},{group[0]}")
            return out
        return self._chained_pairs(person)

    def _chained_pairs(self, person: Person) -> list[cp_model.IntVar]:
        """Exact pairs where sessions overlap in a chain: within each session, then across."""
        inst, out = self.inst, []
        counts: dict[int, tuple[cp_model.IntVar, int]] = {}
        for s in range(len(inst.slots)):
            lits = self.lits(person.talks, [s])
            if lits:
                counts[s] = (
                    self.model.new_int_var(0, len(lits), f"n[{person.key},{s}]"),
                    len(lits),
                )
                self.model.add(counts[s][0] == sum(lits))
                out += self._pairs(sum(lits), len(lits), f"pairs[{person.key},{s}")
        for s, (cs, ns) in counts.items():
            for t, (ct, nt) in counts.items():
                if s < t and inst.overlap[s, t]:
                    prod = self.model.new_int_var(0, ns * nt, f"cross[{person.key},{s},{t}]")
                    self.model.add_multiplication_equality(prod, [cs, ct])
                    out.append(prod)
        return out

    def _moves(self) -> None:
        inst = self.inst
        for i in np.flatnonzero(inst.previous_session >= 0):
            key = (int(i), int(inst.previous_session[i]))
            if key in self.x:
                self.terms.append(MOVE_WEIGHT * (1 - self.x[key]))

    def set_objective(self, affinity: np.ndarray) -> None:
        """Everything above plus ``AFFINITY_SCALE - affinity`` per talk and session."""
        theme = [
            int(AFFINITY_SCALE - affinity[i, s]) * var
            for (i, s), var in self.x.items()
            if affinity[i, s] < AFFINITY_SCALE
        ]
        self.model.minimize(cp_model.LinearExpr.sum([*self.terms, *theme]))

    def complete_hint(self, session_of: np.ndarray, seed: int) -> bool:
        """Hints every variable from the sessions of a plan (False when that plan breaks a rule)."""
        model = self.model
        model.clear_hints()
        for (i, s), var in self.x.items():
            model.add_hint(var, int(session_of[i] == s))
        solver = cp_model.CpSolver()
        p = solver.parameters
        p.fix_variables_to_their_hinted_value = True
        p.num_workers = 1  # deterministic; presolve alone solves the fixed model
        p.random_seed = seed
        p.max_deterministic_time = 10.0
        status = solver.solve(model)
        model.clear_hints()
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            for (i, s), var in self.x.items():
                model.add_hint(var, int(session_of[i] == s))
            return False
        for k in range(len(model.proto.variables)):
            var = model.get_int_var_from_proto_index(k)
            model.add_hint(var, solver.value(var))
        return True

    def solve(self, time_limit: float, seed: int) -> StageResult:
        # Every worker, not LNS only as the big poster models run: measured on a
        # 1,000-talk rerun, LNS alone spent its 8 deterministic seconds (100 s of
        # wall time, each neighbourhood the whole model) where the LP workers
        # proved the hint optimal in 2 s (docs/modelling.md §11).
        solver = _solver(time_limit, seed)
        start = time.perf_counter()
        status = STATUS.get(solver.solve(self.model), "UNKNOWN")
        wall = time.perf_counter() - start
        session_of = None
        if status in ("OPTIMAL", "FEASIBLE"):
            session_of = np.full(self.inst.n, -1, dtype=np.int64)
            for (i, s), var in self.x.items():
                if solver.boolean_value(var):
                    session_of[i] = s
        return StageResult(status, session_of, wall, solver.deterministic_time)


def _solver(time_limit: float, seed: int) -> cp_model.CpSolver:
    """CP-SAT as planner.model.solve runs it: interleaved, deterministic budget, fixed seed."""
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = seed
    p.num_workers = SolverSettings(time_limit, seed).worker_count()
    p.interleave_search = True
    p.max_deterministic_time = max(0.05, time_limit)
    p.max_time_in_seconds = time_limit * WALL_FACTOR + WALL_EXTRA
    return solver


def pack_rooms(
    inst: Instance,
    session: int,
    talks: list[int],
    prefer: dict[int, int],
    time_limit: float,
    seed: int,
) -> dict[int, int] | None:
    """Rooms for one session's talks, exactly: minutes per room, pinned rooms, pinned positions.

    Keeps talks in their ``prefer`` cell where it can (previous cells first).
    None when the talks cannot be packed.
    """
    model = cp_model.CpModel()
    cells = [int(c) for c in np.flatnonzero(inst.cell_session == session)]
    z = {
        (i, c): model.new_bool_var(f"z[{i},{c}]")
        for i in talks
        for c in cells
        if inst.cell_ok[i, c]
    }
    for i in talks:
        model.add_exactly_one([z[i, c] for c in cells if (i, c) in z])
    for c in cells:
        here = [(i, var) for (i, cc), var in z.items() if cc == c]
        model.add(sum(int(inst.units[i]) * var for i, var in here) <= int(inst.cell_cap[c]))
        if inst.cell_min[c]:
            model.add(sum(var for _, var in here) >= int(inst.cell_min[c]))
    keep = [
        10 * var if inst.previous_cell[i] == c else var
        for (i, c), var in z.items()
        if inst.previous_cell[i] == c or prefer.get(i) == c
    ]
    model.maximize(sum(keep))
    for (i, c), var in z.items():
        model.add_hint(var, int(prefer.get(i) == c))
    solver = _solver(time_limit, seed)
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i: c for (i, c), var in z.items() if solver.boolean_value(var)}
