"""Running CP-SAT: parameters, reproducibility, progress and the solver's figures.

Reproducible runs.  A multi-worker CP-SAT search with a wall-clock limit
depends on machine load, so the planner searches in CP-SAT's deterministic
interleaved mode (``interleave_search``) with a *deterministic* time budget;
the wall-clock limit is only a safety net, set so far above it (ten times the
budget and a minute) that a busy machine makes a run slower, not different.
A run is reproducible when every solve ends on its deterministic budget or
proves its answer; the summary says so when the safety net cut one short.

One budget per run (``--time-limit``, :class:`Budget`): every CP-SAT call
takes its slice from what is left and pays for the deterministic time it
used, so the limit bounds all solving together, not each call.  CP-SAT's
deterministic second is close to a wall second on an idle 2-core laptop.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planner.model.stage_models import StageModel

STATUS = {
    cp_model.OPTIMAL: "OPTIMAL",
    cp_model.FEASIBLE: "FEASIBLE",
    cp_model.INFEASIBLE: "INFEASIBLE",
    cp_model.MODEL_INVALID: "MODEL_INVALID",
    cp_model.UNKNOWN: "UNKNOWN",
}


# The wall-clock safety net: this many times the deterministic budget, plus this
# many seconds.  Two other CPU-bound programs on a 2-core machine make a solve
# about three times slower; the net must not change the plan then.
WALL_FACTOR = 10.0
WALL_EXTRA = 60.0


@dataclass
class SolverSettings:
    time_limit: float = 10.0  # deterministic seconds for this solve
    seed: int = 0
    workers: int = 0  # 0: the machine's cores, at least 2

    def worker_count(self) -> int:
        if self.workers:
            return max(1, self.workers)
        return max(2, min(8, os.cpu_count() or 2))

    @property
    def wall_limit(self) -> float:
        return self.time_limit * WALL_FACTOR + WALL_EXTRA


@dataclass
class Budget:
    """The run's solver budget in deterministic seconds, shared by every solve."""

    total: float
    seed: int = 0
    workers: int = 0
    used: float = 0.0

    @property
    def left(self) -> float:
        return max(0.0, self.total - self.used)

    def settings(self, share: float = 1.0, floor: float = 0.2) -> SolverSettings:
        """A slice of what is left; ``floor`` keeps a must-run solve possible."""
        return SolverSettings(max(floor, self.left * share), self.seed, self.workers)

    def spend(self, deterministic_seconds: float) -> None:
        self.used += deterministic_seconds


@dataclass
class Outcome:
    status: str
    objective: float | None
    bound: float | None
    wall: float
    deterministic_time: float
    reproducible: bool
    costs: dict[str, int] = field(default_factory=dict)  # family -> unweighted total

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.bound is None:
            return None
        return abs(self.objective - self.bound) / max(1.0, abs(self.objective))

    @property
    def solved(self) -> bool:
        return self.status in ("OPTIMAL", "FEASIBLE")


class _Progress(cp_model.CpSolverSolutionCallback):
    def __init__(self, report: Callable[[float, float, float], None]) -> None:
        super().__init__()
        self._report = report

    def on_solution_callback(self) -> None:
        # Kept tiny: it runs under the GIL while the search waits.
        self._report(self.objective_value, self.best_objective_bound, self.wall_time)


def complete_hint(
    sm: StageModel, values: Mapping[cp_model.IntVar, bool | int], settings: SolverSettings
) -> tuple[bool, float]:
    """Hints every variable of the model from values of some of them.

    CP-SAT takes a complete, feasible hint as its first solution in every
    worker; a partial one is only a preference (docs/modelling.md §5 measured
    the difference: a first plan in seconds instead of none).  The auxiliary
    variables (fragments, deviations, clash counts) follow from the given
    ones, so one solve with those fixed finds them.  Returns False, leaving
    only the given hints, when the values break a hard rule of the model;
    and the deterministic time it took.
    """
    model = sm.model
    model.clear_hints()
    for var, value in values.items():
        model.add_hint(var, value)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.fix_variables_to_their_hinted_value = True
    p.num_workers = 1  # deterministic; the fixed model is solved by presolve alone
    p.random_seed = settings.seed
    p.max_deterministic_time = max(1.0, settings.time_limit)
    p.max_time_in_seconds = settings.wall_limit
    if not sm.presolve:
        p.cp_model_presolve = False
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return False, solver.deterministic_time
    model.clear_hints()
    for i in range(len(model.proto.variables)):
        var = model.get_int_var_from_proto_index(i)
        model.add_hint(var, solver.value(var))
    return True, solver.deterministic_time


def solve(
    sm: StageModel,
    settings: SolverSettings,
    time_limit: float | None = None,
    report: Callable[[float, float, float], None] | None = None,
) -> tuple[cp_model.CpSolver, Outcome]:
    limit = settings.time_limit if time_limit is None else time_limit
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.random_seed = settings.seed
    p.num_workers = settings.worker_count()
    if sm.explain:
        # Assumption cores need sequential search without an objective.
        p.num_workers = 1
    else:
        p.interleave_search = True
    if not sm.presolve:
        # Presolve rewrites the aggregated fragment rows into implications the
        # LP cannot see, and the bound then never closes (docs/modelling.md §4).
        p.cp_model_presolve = False
    if sm.lns_only and not sm.explain:
        p.use_lns_only = True
    p.max_deterministic_time = max(0.05, limit)
    p.max_time_in_seconds = limit * WALL_FACTOR + WALL_EXTRA
    start = time.perf_counter()
    callback = _Progress(report) if report and not sm.explain else None
    status = solver.solve(sm.model, callback) if callback else solver.solve(sm.model)
    wall = time.perf_counter() - start
    name = STATUS.get(status, str(status))
    objective = bound = None
    costs: dict[str, int] = {}
    if name in ("OPTIMAL", "FEASIBLE") and not sm.explain and sm.costs:
        objective = solver.objective_value
        bound = solver.best_objective_bound
        for cost in sm.costs:
            costs[cost.family] = costs.get(cost.family, 0) + int(
                sum(solver.value(t) for t in cost.terms)
            )
    dtime = solver.deterministic_time
    # Cut by the wall-clock net rather than by the deterministic budget: the
    # answer then depends on how busy the machine was.
    reproducible = (
        name in ("OPTIMAL", "INFEASIBLE")
        or wall < limit * WALL_FACTOR + WALL_EXTRA
        or dtime >= 0.95 * limit
    )
    return solver, Outcome(name, objective, bound, wall, dtime, reproducible, costs)
