"""The planning pipeline: load → authors → topics → model → solve → boards → plan.

``make_plan`` takes validated inputs (and the previous plan on a rerun) and
returns a complete :class:`~planner.plan.records.Plan`: the prechecks, topics, the
session stage (warm start and CP-SAT), the room stage, polish and boards are
here; the plan's records are made by planner.plan.assemble, and writing them is
planner.outputs.folder's job.  Each stage is timed for the summary.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from ortools.sat.python import cp_model

import constraints
from planner.core.errors import InfeasibleError
from planner.edits.in_force import pins_in_force
from planner.model.boards import assign_boards
from planner.model.halves import repair_halves
from planner.model.polish import polish
from planner.model.room_hint import hint_rooms
from planner.model.solve import Budget, Outcome, SolverSettings, complete_hint, solve
from planner.model.stage_models import (
    Domains,
    PlanningProblem,
    Previous,
    RoomModel,
    SessionModel,
    SessionSettings,
    StageModel,
    Weights,
)
from planner.model.talk_stage import plan_programme_talks, speakers_busy, talk_sites
from planner.model.talks import TalkPlan
from planner.model.topic_blocks import regroup_rooms
from planner.model.topic_sessions import regroup_sessions
from planner.model.warmstart import WarmStart, session_affinity, warm_start
from planner.people.inputs import Inputs
from planner.plan.assemble import Decided, assemble
from planner.plan.loads import session_loads
from planner.plan.records import Plan
from planner.prechecks.checks import prechecks
from planner.prechecks.clash_bound import clash_lower_bound, find_clashes
from planner.read.board_labels import board_number
from planner.read.conference import Pin
from planner.topics.build import Backend, Topics, build_topics


class Reporter(Protocol):
    def stage(self, name: str) -> AbstractContextManager[None]: ...
    def solution(self, objective: float, bound: float, seconds: float) -> None: ...
    def note(self, message: str) -> None: ...


class QuietReporter:
    def stage(self, name: str) -> AbstractContextManager[None]:
        return nullcontext()

    def solution(self, objective: float, bound: float, seconds: float) -> None:
        pass

    def note(self, message: str) -> None:
        pass


@dataclass
class Options:
    seed: int = 0
    time_limit: float = 10.0
    workers: int = 0
    backend: Backend = "tfidf"
    weights: Weights = field(default_factory=Weights)


def narrow_domains(problem: PlanningProblem) -> Domains:
    """Every paper's sessions as the rules' ``domains`` hooks leave them."""
    domains = Domains.open_to_all(problem)
    for rule in constraints.RULES:
        if rule.domains is not None:
            rule.domains(problem, domains)
    return domains


def session_model(
    problem: PlanningProblem,
    domains: Domains,
    settings: SessionSettings | None = None,
    explain: bool = False,
) -> SessionModel:
    """The stage-1 model with every rule of ``constraints.RULES`` added."""
    sm = SessionModel(problem, domains, settings, explain=explain)
    for rule in constraints.RULES:
        if rule.sessions is not None:
            rule.sessions(sm)
    sm.finish()
    return sm


def room_model(
    problem: PlanningProblem, domains: Domains, session: str, papers: list[str]
) -> RoomModel:
    """A stage-2 model for one session's papers, with every rule's ``rooms`` hook."""
    rm = RoomModel(problem, domains, session, papers)
    for rule in constraints.RULES:
        if rule.rooms is not None:
            rule.rooms(rm)
    rm.finish()
    return rm


def _explain(problem: PlanningProblem, settings: SolverSettings) -> list[str]:
    """Names the rule groups that cannot hold together, from an unsat core.

    Every session is open to every paper here: the rules that narrow domains
    add guarded constraints instead, so the core can name them.
    """
    sm = session_model(problem, Domains.open_to_all(problem), explain=True)
    literals = [lit for lit, _, _ in sm.guards.values()]
    sm.model.add_assumptions(literals)
    solver, outcome = solve(sm, settings, time_limit=max(5.0, settings.time_limit))
    if outcome.status != "INFEASIBLE":
        return ["the solver could not find a plan in the time given; try a longer --time-limit."]
    names = {lit.index: key for key, (lit, _, _) in sm.guards.items()}
    core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
    return [f"({sm.guards[k][1]}) {sm.guards[k][2]}" for k in sorted(core)]


def _hinted(sm: SessionModel, session_of: dict[str, str], budget: Budget) -> bool:
    values = {var: session_of.get(p) == s for (p, s), var in sm.x.items()}
    done, spent = complete_hint(sm, values, budget.settings(floor=1.0))
    budget.spend(spent)
    return done


def _solve(
    sm: StageModel, budget: Budget, share: float = 1.0, reporter: Reporter | None = None
) -> tuple[cp_model.CpSolver, Outcome]:
    solver, outcome = solve(
        sm, budget.settings(share), report=reporter.solution if reporter else None
    )
    budget.spend(outcome.deterministic_time)
    return solver, outcome


@dataclass
class Sessions:
    """What the session stage decided, and how (for the figures)."""

    session_of: dict[str, str]
    outcome: Outcome
    settings: SessionSettings
    strategy: str  # "fresh", "kept" (every poster kept its session), "nearby" or "full"


def _keep_everyone(
    problem: PlanningProblem, domains: Domains, budget: Budget, start: WarmStart
) -> Sessions | None:
    """A rerun's first tries: every poster that stays accepted keeps its session.

    Only the new posters (and those whose session is gone) are placed.  The
    result is taken when it meets the clash lower bound, since then no move
    could buy anything ranked above moves.  When it cannot (a late accept
    gives a co-author one poster too many in a session), only the posters of
    the people it leaves above their own minimum may move, then those of
    everyone on their papers too; the full model decides only when neither
    meets the bound.
    """
    if not problem.previous:
        return None
    least = {b.person: b.clashes for b in clash_lower_bound(problem.index, problem.venue)}
    bound = sum(least.values())
    frozen = _kept_domains(problem, domains, set())
    kept = _solve_kept(problem, frozen, budget, start, "hard", bound)
    if kept is not None:
        return replace(kept, strategy="kept")
    # Who keeping everyone leaves above their minimum: from the kept plan with
    # clashes counted, which always exists when the boards do.
    counted = _solve_kept(problem, frozen, budget, start, "soft", None)
    if counted is None:
        return None
    over = _over_minimum(problem, counted.session_of, least)
    for people in (over, _with_coauthors(problem, over)):
        opened = _kept_domains(problem, domains, people)
        found = _solve_kept(problem, opened, budget, start, "hard", bound)
        if found is not None:
            return replace(found, strategy="nearby")
    return None


def _kept_domains(problem: PlanningProblem, domains: Domains, people: set[str]) -> Domains:
    """Each poster held to its previous session, but for the posters of ``people``."""
    index = problem.index
    allowed = {}
    for p, options in domains.allowed.items():
        prev = problem.previous.get(p)
        free = any(k in people for k in index.paper_people.get(p, ()))
        keep = prev is not None and prev.session in options and not free
        allowed[p] = [prev.session] if keep and prev else list(options)
    return domains.narrowed(allowed)


def _solve_kept(
    problem: PlanningProblem,
    domains: Domains,
    budget: Budget,
    start: WarmStart,
    mode: Literal["hard", "soft"],
    bound: int | None,
) -> Sessions | None:
    """The session model over mostly fixed domains: taken if solved (and at ``bound``)."""
    settings = SessionSettings(clash_mode=mode if problem.slotted else "soft", balance=False)
    sm = session_model(problem, domains, settings)
    if start.feasible and all(start.session_of[p] in domains.allowed[p] for p in problem.papers):
        _hinted(sm, start.session_of, budget)
    solver, outcome = _solve(sm, budget, share=0.5)
    if not outcome.solved:
        return None
    session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
    if bound is not None and len(find_clashes(session_of, problem.index, problem.venue)) > bound:
        return None
    return Sessions(session_of, outcome, settings, "kept")


def _over_minimum(
    problem: PlanningProblem, session_of: dict[str, str], least: dict[str, int]
) -> set[str]:
    """The people with more clashes in ``session_of`` than their own lower bound (``least``)."""
    have: dict[str, int] = {}
    for c in find_clashes(session_of, problem.index, problem.venue):
        have[c.person] = have.get(c.person, 0) + 1
    return {k for k, n in have.items() if n > least.get(k, 0)}


def _with_coauthors(problem: PlanningProblem, people: set[str]) -> set[str]:
    """``people`` and everyone who shares a paper with one of them."""
    index = problem.index
    out = set(people)
    for p in problem.papers:
        mine = index.paper_people.get(p, ())
        if any(k in people for k in mine):
            out.update(mine)
    return out


# Up to this many posters, a warm start left above the clash lower bound is
# followed by the exact soft model, whose optimum proves the fewest clashes;
# above it, the people the warm start could not settle are counted softly and
# everyone else is held to their minimum (quick, but not a proof).
EXACT_SOFT_LIMIT = 1500
# Above this many posters the session model groups by each poster's likeness to
# the warm start's sessions rather than by topic fragments (constraints.topic_policy
# says why; on the 600-poster names-only test list, fragments searched by LNS
# took session grouping from the warm start's 1.27x down to 1.15x).
AFFINITY_LIMIT = 500
# Above this many posters a session model that starts from a complete hint is
# searched by LNS only (StageModel.lns_only): on the synthetic 1,000-poster list
# the full-search workers took 20.5 deterministic seconds of a 10 s budget and
# reached objective 10,232; LNS alone kept to 10.2 s and reached 8,050.
LNS_ONLY_LIMIT = 500


def _from_warm_start(
    problem: PlanningProblem,
    domains: Domains,
    start: WarmStart,
    affinity: dict[str, dict[str, int]],
    budget: Budget,
    share: float,
    reporter: Reporter,
    strategy: str,
) -> Sessions | None:
    """CP-SAT started from the warm start: its clashes are kept, the rest improved.

    Everyone the warm start brought to their own clash minimum is held there
    (hard rows); the few it could not are counted softly.  With the warm start
    as a complete hint the solver has a plan from its first second, so the
    whole budget goes to topic grouping, moves and the bound.
    """
    if not start.feasible or not problem.slotted:
        return None
    if start.over_bound and len(problem.papers) <= EXACT_SOFT_LIMIT:
        return None
    settings = SessionSettings("hard", frozenset(start.over_bound), affinity)
    sm = session_model(problem, domains, settings)
    if not _hinted(sm, start.session_of, budget):
        return None
    sm.lns_only = bool(affinity) or len(problem.papers) > LNS_ONLY_LIMIT
    solver, outcome = _solve(sm, budget, share, reporter)
    if outcome.solved:
        if settings.soft_clash_people and outcome.status == "OPTIMAL":
            # Optimal only among plans that keep everyone else at their minimum.
            outcome = replace(outcome, status="FEASIBLE")
        return Sessions(
            {p: s for (p, s), v in sm.x.items() if solver.value(v)}, outcome, settings, strategy
        )
    # The solver gave no answer in time; the warm start itself is a plan.
    return Sessions(dict(start.session_of), replace(outcome, status="FEASIBLE"), settings, strategy)


def _solve_sessions(
    problem: PlanningProblem, domains: Domains, topics: Topics, budget: Budget, reporter: Reporter
) -> Sessions:
    if not problem.papers:  # a programme of talks only: nothing to solve
        nothing = Outcome("OPTIMAL", 0.0, 0.0, 0.0, 0.0, True)
        return Sessions({}, nothing, SessionSettings(), "kept" if problem.previous else "fresh")
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    warm = constraints.sites.warm_domains(problem, domains)  # a presenter at one site
    start = warm_start(problem, warm, budget.seed, vectors, kept_topics=topics.organizer)
    kept = _keep_everyone(problem, domains, budget, start)
    if kept is not None:
        return kept
    strategy = "full" if problem.previous else "fresh"
    affinity: dict[str, dict[str, int]] = {}
    if len(problem.papers) > AFFINITY_LIMIT and start.feasible:
        affinity = session_affinity(
            problem, domains, start.session_of, vectors, constraints.topic_policy.AFFINITY_SCALE
        )
    # Rooms are solved after sessions from what is left; keep them a share.
    share = 1.0 if _single_rooms(problem) else 0.8
    found = _from_warm_start(problem, domains, start, affinity, budget, share, reporter, strategy)
    if found is not None:
        return found
    modes: list[Literal["hard", "soft"]] = (
        ["hard", "soft"] if problem.slotted and not start.over_bound else ["soft"]
    )
    outcome: Outcome | None = None
    hard_status = "INFEASIBLE" if start.over_bound else ""
    for k, mode in enumerate(modes):
        settings = SessionSettings(clash_mode=mode, affinity=affinity)
        sm = session_model(problem, domains, settings)
        if start.feasible:
            _hinted(sm, start.session_of, budget)
        solver, outcome = _solve(sm, budget, share / (len(modes) - k), reporter)
        if outcome.solved:
            session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
            if mode == "soft" and problem.slotted:
                reporter.note(
                    "the clash lower bound cannot be met with these pins, absences and rooms; "
                    "clashes were minimised instead."
                    if hard_status == "INFEASIBLE"
                    else "no plan meeting the clash lower bound was found in the time given; "
                    "clashes were minimised instead (a longer --time-limit may meet it)."
                )
            return Sessions(session_of, outcome, settings, strategy)
        hard_status = outcome.status
    assert outcome is not None
    return _unsolved(problem, start, outcome, budget, strategy)


def _unsolved(
    problem: PlanningProblem, start: WarmStart, outcome: Outcome, budget: Budget, strategy: str
) -> Sessions:
    """When no session model was solved: the warm start if it is a plan, else why none is."""
    if start.feasible:
        # The solver gave no answer in time; the warm start itself is a plan.
        return Sessions(
            dict(start.session_of),
            replace(outcome, status="FEASIBLE"),
            SessionSettings(clash_mode="soft"),
            strategy,
        )
    if outcome.status == "UNKNOWN":
        raise InfeasibleError(
            f"the solver found no plan within the time limit ({budget.total:g} s); "
            "the venue may well be possible: rerun with a larger --time-limit."
        )
    reasons = _explain(problem, SolverSettings(max(5.0, budget.total), budget.seed, budget.workers))
    raise InfeasibleError(
        ["no plan satisfies every hard rule. These rules cannot hold together:"]
        + [f"  {r}" for r in reasons]
    )


def _open_rooms(problem: PlanningProblem, session: str) -> list[str]:
    venue = problem.venue
    return [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]


def _single_rooms(problem: PlanningProblem) -> bool:
    return all(len(_open_rooms(problem, s)) <= 1 for s in problem.session_ids)


def _solve_rooms(
    problem: PlanningProblem,
    domains: Domains,
    topics: Topics,
    session_of: dict[str, str],
    budget: Budget,
) -> dict[str, str]:
    room_of: dict[str, str] = {}
    sessions = [s for s in problem.session_ids if len(_open_rooms(problem, s)) > 1]
    for session in problem.session_ids:
        papers = [p for p in problem.papers if session_of.get(p) == session]
        if not papers:
            continue
        rooms = _open_rooms(problem, session)
        if len(rooms) == 1:
            room_of.update(dict.fromkeys(papers, rooms[0]))
            continue
        rm = room_model(problem, domains, session, papers)
        if not problem.previous:  # a rerun's starts from the last plan's rooms (constraints.moves)
            budget.spend(hint_rooms(rm, topics, budget.settings(floor=1.0)))
        # Each room model gets its share of what is left, and at least a second:
        # the plan needs every session's rooms.
        settings = budget.settings(1.0 / max(1, len(sessions)), floor=1.0)
        sessions = sessions[1:]
        solver, outcome = solve(rm, settings)
        budget.spend(outcome.deterministic_time)
        if not outcome.solved:
            raise InfeasibleError(
                f"the posters of session '{session}' do not fit its rooms with the room pins given."
            )
        for (p, r), v in rm.z.items():
            if solver.value(v):
                room_of[p] = r
    # Which organizer topics share a session and a room: decided by their abstracts
    # (session_of is changed in place).
    regroup_sessions(problem, domains, topics, session_of, room_of, budget.seed)
    return regroup_rooms(problem, topics, session_of, room_of)


def _boards(
    problem: PlanningProblem, topics: Topics, session_of: dict[str, str], room_of: dict[str, str]
) -> dict[str, int]:
    venue = problem.venue
    row = topics.row
    cells: dict[tuple[str, str], list[str]] = {}
    for p in problem.papers:
        cells.setdefault((session_of[p], room_of[p]), []).append(p)
    board_of: dict[str, int] = {}
    people = problem.index.paper_people  # posters sharing an author go side by side
    for (session, room_id), papers in sorted(cells.items()):
        room = venue.room_by_id[room_id]
        fixed: dict[str, int] = {}
        for p in papers:
            prev = problem.previous.get(p)
            # A room that shrank keeps only the boards it still has.
            if (
                prev
                and prev.session == session
                and prev.room == room_id
                and prev.board <= room.board_count(session)
            ):
                fixed[p] = prev.board
        for p in papers:  # pins win over where a poster stood before
            pin = problem.pins.get(p)
            if pin and pin.board and pin.room == room_id:
                number = board_number(
                    pin.board, room.board_prefix, venue.rules.board_label, room.board_count(session)
                )
                if number is not None:
                    for other, b in list(fixed.items()):
                        if b == number and other != p:
                            del fixed[other]
                    fixed[p] = number
        vectors = topics.vectors[[row[p] for p in papers]]
        count = room.board_count(session)
        board_of.update(assign_boards(papers, topics.of, vectors, count, fixed, people))
    # Presenting halves: pairs that must present apart get opposite parity.
    return repair_halves(problem, session_of, room_of, board_of)


@contextmanager
def _timed(reporter: Reporter, seconds: dict[str, float], name: str) -> Iterator[None]:
    """A stage shown by the reporter and timed for the summary."""
    with reporter.stage(name):
        start = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - start


def _topics(inputs: Inputs, options: Options, previous: Plan | None) -> Topics:
    """The topics, on a rerun with the previous plan's labels and each paper's old topic."""
    earlier, order = None, None
    if previous is not None:
        order = [t.label for t in previous.topics]
        labels = {t.id: t.label for t in previous.topics}
        earlier = {pl.paper: labels[pl.topic] for pl in previous.placements}
    return build_topics(
        inputs.accepted, inputs.venue, options.seed, options.backend, earlier, order
    )


def _problem(
    inputs: Inputs, options: Options, previous: Plan | None, topics: Topics, pins: dict[str, Pin]
) -> PlanningProblem:
    """What the models are built from: the accepted papers, their topics, pins and places."""
    prev_map: dict[str, Previous] = {}
    if previous is not None:
        for pl in previous.placements:
            prev_map[pl.paper] = Previous(pl.session, pl.room, pl.board)
    # A talk paper without a poster (poster_too = false) is planned by the talk stage only.
    accepted_ids = [p.id for p in inputs.posters]
    return PlanningProblem(
        venue=inputs.venue,
        papers=accepted_ids,
        index=inputs.index,
        topic_of=topics.of,
        n_topics=len(topics.labels),
        pins=pins,
        previous={k: v for k, v in prev_map.items() if k in set(accepted_ids)},
        weights=options.weights,
        places=inputs.resolved_places(),
        organizer_topics=topics.organizer,
    )


def _talks(
    inputs: Inputs,
    options: Options,
    previous: Plan | None,
    pins: dict[str, Pin],
    shown: Reporter,
    seconds: dict[str, float],
) -> TalkPlan | None:
    """The talk programme, before the posters (timed only when the venue has talks)."""
    if inputs.venue.talks is None:
        return None
    earlier = {t.paper: (t.session, t.room, t.position) for t in previous.talks} if previous else {}
    with _timed(shown, seconds, "talks"):
        return plan_programme_talks(inputs, earlier, options.seed, options.time_limit, pins)


def make_plan(
    inputs: Inputs,
    options: Options,
    previous: Plan | None = None,
    extra_pins: list[Pin] | None = None,
    reporter: Reporter | None = None,
    released: frozenset[str] = frozenset(),
) -> Plan:
    shown: Reporter = reporter or QuietReporter()
    seconds: dict[str, float] = {}
    pins, talk_pins = pins_in_force(inputs, extra_pins or [], previous, released)

    with _timed(shown, seconds, "checks"):
        findings = prechecks(inputs, list(pins.values()))
        if findings:
            raise InfeasibleError([f"({f.rule}) {f.message}" for f in findings])

    with _timed(shown, seconds, "topics"):
        topics = _topics(inputs, options, previous)

    talks = _talks(inputs, options, previous, talk_pins, shown, seconds)
    problem = _problem(inputs, options, previous, topics, pins)
    problem.talks_of, problem.talk_sites = speakers_busy(inputs, talks), talk_sites(inputs, talks)
    if talks is not None:
        problem.talk_times = {t.paper: (t.start, t.end) for t in talks.placements}
    domains = narrow_domains(problem)
    # A rerun starts from the previous plan and mostly decides a few moves, so
    # half the budget does: reruns are meant to be quick.
    budget = Budget(
        options.time_limit / 2 if previous is not None else options.time_limit,
        options.seed,
        options.workers,
    )
    with _timed(shown, seconds, "sessions"):
        stage1 = _solve_sessions(problem, domains, topics, budget, shown)
    with _timed(shown, seconds, "rooms"):
        room_of = _solve_rooms(problem, domains, topics, stage1.session_of, budget)
    with _timed(shown, seconds, "polish"):
        session_of, room_of = polish(
            problem, domains, topics, stage1.session_of, room_of, seed=options.seed
        )
    with _timed(shown, seconds, "boards"):
        board_of = _boards(problem, topics, session_of, room_of)
    with _timed(shown, seconds, "plan"):
        decided = Decided(
            session_of,
            room_of,
            board_of,
            stage1.outcome,
            stage1.settings,
            stage1.strategy,
            talks,
            talk_pins,
        )
        plan = assemble(
            inputs, options.seed, options.time_limit, previous, problem, topics, decided, seconds
        )
    plan.figures.seconds = {k: round(v, 3) for k, v in seconds.items()}
    plan.figures.loads = session_loads(problem, domains, session_of)
    return plan
