"""The planning pipeline: load → authors → topics → model → solve → boards → plan.

``make_plan`` takes validated inputs (and the previous plan on a rerun) and
returns a complete :class:`~planner.plan.Plan`; writing it is planner.output's
job.  Each stage is timed for the summary.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ortools.sat.python import cp_model

import constraints
from planner import __version__
from planner.boards import assign_boards, board_label
from planner.checks import board_number, prechecks
from planner.errors import InfeasibleError
from planner.feedstate import update_feed_state
from planner.gcfreeze import with_existing_objects_frozen
from planner.inputs import Inputs
from planner.metrics import cells_of, grouping_ratio, neighbour_ratio, session_cells
from planner.model import Previous, Problem, RoomModel, SessionModel, Weights
from planner.models import Pin
from planner.plan import (
    ClashRecord,
    Figures,
    HandoverRecord,
    PaperRecord,
    PersonRecord,
    Placement,
    Plan,
    TopicRecord,
)
from planner.plan import (
    Inputs as PlanInputs,
)
from planner.polish import polish
from planner.solve import Budget, Outcome, SolverSettings, complete_hint, solve
from planner.timeslots import clash_lower_bound, find_clashes
from planner.topics import Backend, Topics, build_topics
from planner.warmstart import WarmStart, session_affinity, warm_start


class Reporter(Protocol):
    def stage(self, name: str) -> Iterator[None]: ...  # a context manager
    def solution(self, objective: float, bound: float, seconds: float) -> None: ...
    def note(self, message: str) -> None: ...


class QuietReporter:
    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        yield

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


def revision_time(previous: Plan | None) -> datetime:
    """When this revision was made (UTC, whole seconds), kept in plan.json.

    The feeds (DTSTAMP, LAST-MODIFIED), the report and the workbook show it, so
    it is the real time of the run; a re-export or a rerun that changes
    nothing keeps the plan's stored time and stays byte-identical.
    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) replaces the
    clock, for reproducible runs and tests.  Each revision is at least one
    second after the one before, so LAST-MODIFIED always rises.
    """
    from planner.errors import InputError, Problem

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            now = datetime.fromtimestamp(int(epoch), UTC)
            if not 1970 <= now.year <= 9000:  # what a plan file may hold
                raise ValueError(epoch)
        except (ValueError, OverflowError, OSError):
            raise InputError(Problem("SOURCE_DATE_EPOCH", "", f"'{epoch[:40]}' is not a time "
                                     "in seconds since 1970", "Unset it, or give a whole "
                                     "number such as 1767225600.")) from None
    else:
        now = datetime.now(UTC).replace(microsecond=0)
    if previous is None:
        return now
    return max(now, previous.revision_time.astimezone(UTC) + timedelta(seconds=1))


WORKBOOK_PIN = "pinned by a hand edit in the workbook"
REPORT_PIN = "pinned by a hand edit in the report"
# A placement's reason -> the source of the hand-edit pin it carries to later reruns.
HAND_EDIT_PINS = {WORKBOOK_PIN: "workbook", REPORT_PIN: "report"}
PIN_REASONS = {"venue": "pinned by the venue file", "workbook": WORKBOOK_PIN,
               "report": REPORT_PIN}


def _pins(inputs: Inputs, extra: list[Pin], previous: Plan | None,
          released: frozenset[str] = frozenset()) -> dict[str, Pin]:
    """Pins in force: the venue's, hand edits from earlier runs, and new hand edits.

    A hand edit (a moved row of the workbook, an entry of the report's
    edits.toml) stays pinned on later reruns: the next outputs show the poster
    where the organizer put it, so it no longer reads as an edit.  A venue pin
    that is new or changed since the previous plan wins over an older hand
    edit; a new hand edit wins over everything; ``released`` (the report's
    unpin) lets go of earlier hand edits.
    """
    pins = {p.paper: p for p in inputs.venue.pins}
    if previous is not None:
        old_venue = {p.paper: p for p in previous.venue.pins}
        for pl in previous.placements:
            source = HAND_EDIT_PINS.get(pl.reason)
            if source is None or pl.paper in released:
                continue
            venue_pin = pins.get(pl.paper)
            if venue_pin is not None and old_venue.get(pl.paper) != venue_pin:
                continue
            pins[pl.paper] = Pin(paper=pl.paper, session=pl.session, room=pl.room,
                                 board=pl.label, source=source)
    for pin in extra:
        pins[pin.paper] = pin
    accepted = {p.id for p in inputs.accepted}
    return {k: v for k, v in pins.items() if k in accepted}


def session_model(problem: Problem, explain: bool = False) -> SessionModel:
    """The stage-1 model with every rule of ``constraints.RULES`` added."""
    sm = SessionModel(problem, explain=explain)
    for rule in constraints.RULES:
        if hasattr(rule, "sessions"):
            rule.sessions(sm)
    sm.finish()
    return sm


def _explain(problem: Problem, settings: SolverSettings) -> list[str]:
    """Names the rule groups that cannot hold together, from an unsat core."""
    open_sessions = [s.id for s in problem.venue.sessions
                     if problem.venue.session_capacity(s.id) > 0]
    problem.allowed = {p: list(open_sessions) for p in problem.papers}
    sm = session_model(problem, explain=True)
    literals = [lit for lit, _, _ in sm.guards.values()]
    sm.model.add_assumptions(literals)
    solver, outcome = solve(sm, settings, time_limit=max(5.0, settings.time_limit))
    if outcome.status != "INFEASIBLE":
        return ["the solver could not find a plan in the time given; try a longer "
                "--time-limit."]
    names = {lit.index: key for key, (lit, _, _) in sm.guards.items()}
    core = [names[i] for i in solver.sufficient_assumptions_for_infeasibility() if i in names]
    return [f"({sm.guards[k][1]}) {sm.guards[k][2]}" for k in sorted(core)]


def _hinted(sm: SessionModel, session_of: dict[str, str], budget: Budget) -> bool:
    values = {var: session_of.get(p) == s for (p, s), var in sm.x.items()}
    done, spent = complete_hint(sm, values, budget.settings(floor=1.0))
    budget.spend(spent)
    return done


def _solve(sm: SessionModel, budget: Budget, share: float = 1.0,
           reporter: Reporter | None = None) -> tuple[cp_model.CpSolver, Outcome]:
    solver, outcome = solve(sm, budget.settings(share),
                            report=reporter.solution if reporter else None)
    budget.spend(outcome.deterministic_time)
    return solver, outcome


def _keep_everyone(problem: Problem, budget: Budget, start: WarmStart
                   ) -> tuple[dict[str, str], Outcome] | None:
    """A rerun's first try: every poster that stays accepted keeps its session.

    Only the new posters (and those whose session is gone) are placed.  The
    result is taken when it meets the clash lower bound, since then no move
    could buy anything ranked above moves; otherwise the full model decides.
    """
    if not problem.previous:
        return None
    allowed = {}
    for p, options_ in problem.allowed.items():
        prev = problem.previous.get(p)
        allowed[p] = [prev.session] if prev and prev.session in options_ else list(options_)
    frozen = replace(problem, allowed=allowed)
    frozen.clash_mode = "hard" if frozen.slotted else "soft"  # type: ignore[assignment]
    sm = session_model(frozen)
    if start.feasible and all(start.session_of[p] in allowed[p] for p in problem.papers):
        _hinted(sm, start.session_of, budget)
    solver, outcome = _solve(sm, budget, share=0.5)
    if not outcome.solved:
        return None
    session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
    bound = sum(b.clashes for b in clash_lower_bound(problem.index, problem.venue))
    if len(find_clashes(session_of, problem.index, problem.venue)) > bound:
        return None
    problem.clash_mode = frozen.clash_mode
    return session_of, outcome


# Up to this many posters, a warm start left above the clash lower bound is
# followed by the exact soft model, whose optimum proves the fewest clashes;
# above it, the people the warm start could not settle are counted softly and
# everyone else is held to their minimum (quick, but not a proof).
EXACT_SOFT_LIMIT = 1500
# Above this many posters the session model groups by each poster's likeness to
# the warm start's sessions rather than by topic fragments (constraints.topic_policy
# says why).
AFFINITY_LIMIT = 1500


def _from_warm_start(problem: Problem, start: WarmStart, budget: Budget, share: float,
                     reporter: Reporter) -> tuple[dict[str, str], Outcome] | None:
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
    problem.clash_mode = "hard"
    problem.soft_clash_people = frozenset(start.over_bound)
    sm = session_model(problem)
    if not _hinted(sm, start.session_of, budget):
        return None
    sm.lns_only = bool(problem.affinity)  # see StageModel.lns_only
    solver, outcome = _solve(sm, budget, share, reporter)
    if outcome.solved:
        if problem.soft_clash_people and outcome.status == "OPTIMAL":
            # Optimal only among plans that keep everyone else at their minimum.
            outcome = replace(outcome, status="FEASIBLE")
        return {p: s for (p, s), v in sm.x.items() if solver.value(v)}, outcome
    # The solver gave no answer in time; the warm start itself is a plan.
    return dict(start.session_of), replace(outcome, status="FEASIBLE")


def _solve_sessions(problem: Problem, topics: Topics, budget: Budget, reporter: Reporter
                    ) -> tuple[dict[str, str], Outcome]:
    vectors = topics.vectors[[topics.row[p] for p in problem.papers]]
    start = warm_start(problem, budget.seed, vectors, kept_topics=topics.organizer)
    problem.organizer_topics = topics.organizer
    if len(problem.papers) > AFFINITY_LIMIT and start.feasible:
        problem.affinity = session_affinity(problem, start.session_of, vectors,
                                            constraints.topic_policy.AFFINITY_SCALE)
    kept = _keep_everyone(problem, budget, start)
    if kept is not None:
        problem.strategy = "kept"
        return kept
    problem.strategy = "full" if problem.previous else "fresh"
    # Rooms are solved after sessions from what is left; keep them a share.
    share = 1.0 if _single_rooms(problem) else 0.8
    found = _from_warm_start(problem, start, budget, share, reporter)
    if found is not None:
        return found
    problem.soft_clash_people = frozenset()
    modes = ["hard", "soft"] if problem.slotted and not start.over_bound else ["soft"]
    outcome: Outcome | None = None
    hard_status = "INFEASIBLE" if start.over_bound else ""
    for k, mode in enumerate(modes):
        problem.clash_mode = mode  # type: ignore[assignment]
        sm = session_model(problem)
        if start.feasible:
            _hinted(sm, start.session_of, budget)
        solver, outcome = _solve(sm, budget, share / (len(modes) - k), reporter)
        if outcome.solved:
            session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
            if mode == "soft" and problem.slotted:
                reporter.note(
                    "the clash lower bound cannot be met with these pins, absences and rooms; "
                    "clashes were minimised instead." if hard_status == "INFEASIBLE" else
                    "no plan meeting the clash lower bound was found in the time given; "
                    "clashes were minimised instead (a longer --time-limit may meet it).")
            return session_of, outcome
        hard_status = outcome.status
    assert outcome is not None
    if start.feasible:
        # The solver gave no answer in time; the warm start itself is a plan.
        problem.clash_mode = "soft"
        return dict(start.session_of), replace(outcome, status="FEASIBLE")
    if outcome.status == "UNKNOWN":
        raise InfeasibleError(
            f"the solver found no plan within the time limit ({budget.total:g} s); "
            "the venue may well be possible: rerun with a larger --time-limit.")
    reasons = _explain(problem, SolverSettings(max(5.0, budget.total), budget.seed,
                                               budget.workers))
    raise InfeasibleError(["no plan satisfies every hard rule. These rules cannot hold "
                           "together:"] + [f"  {r}" for r in reasons])


def _open_rooms(problem: Problem, session: str) -> list[str]:
    venue = problem.venue
    return [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]


def _single_rooms(problem: Problem) -> bool:
    return all(len(_open_rooms(problem, s)) <= 1 for s in problem.session_ids)


def _solve_rooms(problem: Problem, session_of: dict[str, str], budget: Budget
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
        rm = RoomModel(problem, session, papers)
        for rule in constraints.RULES:
            if hasattr(rule, "rooms"):
                rule.rooms(rm)
        rm.finish()
        # Each room model gets its share of what is left, and at least a second:
        # the plan needs every session's rooms.
        settings = budget.settings(1.0 / max(1, len(sessions)), floor=1.0)
        sessions = sessions[1:]
        solver, outcome = solve(rm, settings)
        budget.spend(outcome.deterministic_time)
        if not outcome.solved:
            raise InfeasibleError(f"the posters of session '{session}' do not fit its rooms "
                                  "with the room pins given.")
        for (p, r), v in rm.z.items():
            if solver.value(v):
                room_of[p] = r
    return room_of


def _boards(problem: Problem, topics: Topics, session_of: dict[str, str],
            room_of: dict[str, str]) -> dict[str, int]:
    venue = problem.venue
    row = topics.row
    cells: dict[tuple[str, str], list[str]] = {}
    for p in problem.papers:
        cells.setdefault((session_of[p], room_of[p]), []).append(p)
    board_of: dict[str, int] = {}
    for (session, room_id), papers in sorted(cells.items()):
        room = venue.room_by_id[room_id]
        fixed: dict[str, int] = {}
        for p in papers:
            prev = problem.previous.get(p)
            # A room that shrank keeps only the boards it still has.
            if prev and prev.session == session and prev.room == room_id \
                    and prev.board <= room.board_count(session):
                fixed[p] = prev.board
        for p in papers:  # pins win over where a poster stood before
            pin = problem.pins.get(p)
            if pin and pin.board and pin.room == room_id:
                number = board_number(pin.board, room.board_prefix, venue.rules.board_label,
                                      room.board_count(session))
                if number is not None:
                    for other, b in list(fixed.items()):
                        if b == number and other != p:
                            del fixed[other]
                    fixed[p] = number
        vectors = topics.vectors[[row[p] for p in papers]]
        board_of.update(assign_boards(papers, topics.of, vectors,
                                      room.board_count(session), fixed))
    return board_of


@contextmanager
def _timed(reporter: Reporter, seconds: dict[str, float], name: str) -> Iterator[None]:
    """A stage shown by the reporter and timed for the summary."""
    with reporter.stage(name):
        start = time.perf_counter()
        yield
        seconds[name] = time.perf_counter() - start


def make_plan(inputs: Inputs, options: Options, previous: Plan | None = None,
              extra_pins: list[Pin] | None = None, reporter: Reporter | None = None,
              released: frozenset[str] = frozenset()) -> Plan:
    reporter = reporter or QuietReporter()
    seconds: dict[str, float] = {}
    venue, index = inputs.venue, inputs.index
    pins = _pins(inputs, extra_pins or [], previous, released)

    with _timed(reporter, seconds, "checks"):
        findings = prechecks(inputs, list(pins.values()))
        if findings:
            raise InfeasibleError([f"({f.rule}) {f.message}" for f in findings])

    with _timed(reporter, seconds, "topics"):
        earlier, order = None, None
        if previous is not None:
            order = [t.label for t in previous.topics]
            labels = {t.id: t.label for t in previous.topics}
            earlier = {pl.paper: labels[pl.topic] for pl in previous.placements}
        topics = build_topics(inputs.accepted, venue, options.seed, options.backend, earlier,
                              order)

    prev_map: dict[str, Previous] = {}
    if previous is not None:
        for pl in previous.placements:
            prev_map[pl.paper] = Previous(pl.session, pl.room, pl.board)
    accepted_ids = [p.id for p in inputs.accepted]
    problem = Problem(venue=venue, papers=accepted_ids, index=index, topic_of=topics.of,
                      n_topics=len(topics.labels), pins=pins,
                      previous={k: v for k, v in prev_map.items() if k in set(accepted_ids)},
                      weights=options.weights, places=inputs.resolved_places())
    for rule in constraints.RULES:
        if hasattr(rule, "domains"):
            rule.domains(problem)

    # A rerun starts from the previous plan and mostly decides a few moves, so
    # half the budget does: reruns are meant to be quick.
    budget = Budget(options.time_limit / 2 if previous is not None else options.time_limit,
                    options.seed, options.workers)
    with _timed(reporter, seconds, "sessions"):
        session_of, outcome = _solve_sessions(problem, topics, budget, reporter)
    with _timed(reporter, seconds, "rooms"):
        room_of = _solve_rooms(problem, session_of, budget)
    with _timed(reporter, seconds, "polish"):
        session_of, room_of = polish(problem, topics, session_of, room_of, seed=options.seed)
    with _timed(reporter, seconds, "boards"):
        board_of = _boards(problem, topics, session_of, room_of)
    with _timed(reporter, seconds, "plan"):
        plan = _assemble(inputs, options, previous, problem, topics, session_of, room_of,
                         board_of, outcome, seconds)
    plan.figures.seconds = {k: round(v, 3) for k, v in seconds.items()}
    return plan


def _status(p: str, problem: Problem, where: tuple[str, str, int], previous: Plan | None
            ) -> tuple[str, str]:
    pin = problem.pins.get(p)
    if pin is not None:
        return "pinned", PIN_REASONS.get(pin.source, WORKBOOK_PIN)
    if previous is None:
        return "placed", ""
    prev = problem.previous.get(p)
    if prev is None:
        return "new", "newly accepted"
    if (prev.session, prev.room, prev.board) == where:
        return "kept", ""
    return "moved", ""  # the reason is filled in by planner.changes


@with_existing_objects_frozen  # it allocates a plan's worth of objects: see planner.gcfreeze
def _assemble(inputs: Inputs, options: Options, previous: Plan | None, problem: Problem,
              topics: Topics, session_of: dict[str, str], room_of: dict[str, str],
              board_of: dict[str, int], outcome: Outcome, seconds: dict[str, float]) -> Plan:
    from planner.changes import describe_changes

    venue, index = inputs.venue, inputs.index
    placements = []
    for paper in inputs.accepted:
        p = paper.id
        where = (session_of[p], room_of[p], board_of[p])
        status, reason = _status(p, problem, where, previous)
        room = venue.room_by_id[room_of[p]]
        placements.append(Placement(
            paper=p, session=where[0], room=where[1], board=where[2],
            label=board_label(room.board_prefix, where[2], venue.rules.board_label),
            topic=topics.of[p], status=status, reason=reason,  # type: ignore[arg-type]
        ))

    clashes = find_clashes(session_of, index, venue)
    bounds = {b.person: b for b in clash_lower_bound(index, venue)}
    clash_records = []
    for c in clashes:
        person = index.people[c.person]
        b = bounds.get(c.person)
        if b is not None:
            why = (f"{person.name} has {b.papers} posters and only {b.windows} separate "
                   "poster times")
        elif outcome.status == "OPTIMAL":
            why = ("no clash-free plan exists with the pins, absences and room sizes given "
                   "(proved by the solver)")
        else:
            why = "the solver found no way around it in the time given"
        clash_records.append(ClashRecord(person=c.person, name=person.label,
                                         papers=(c.paper_a, c.paper_b),
                                         sessions=(c.session_a, c.session_b),
                                         presenter=c.presenter, reason=why))

    row = topics.row
    where_of = {pl.paper: (pl.session, pl.room, pl.board) for pl in placements}
    cells = cells_of(where_of, row)
    figures = Figures(
        posters=len(inputs.accepted), placed=len(placements),
        presenter_clashes=sum(1 for c in clashes if c.presenter), clashes=len(clashes),
        clash_lower_bound=sum(b.clashes for b in bounds.values()),
        grouping=round(grouping_ratio(cells.values(), topics.tfidf), 3),
        session_grouping=round(grouping_ratio(session_cells(where_of, row).values(),
                                              topics.tfidf), 3),
        neighbours=round(neighbour_ratio(cells.values(), topics.tfidf), 3),
        topic_sessions=len({(pl.topic, pl.session) for pl in placements}),
        topic_rooms=len({(pl.topic, pl.session, pl.room) for pl in placements}),
        status=outcome.status, objective=outcome.objective, bound=outcome.bound,
        gap=None if outcome.gap is None else round(outcome.gap, 4),
        clash_mode="soft" if problem.soft_clash_people else problem.clash_mode,
        reproducible=outcome.reproducible,
        strategy=problem.strategy,
        seconds={k: round(v, 3) for k, v in seconds.items()},
    )
    people = sorted({k for p in inputs.accepted for k in index.paper_people[p.id]})
    plan = Plan(
        planner_version=__version__,
        revision=(previous.revision + 1) if previous else 1,
        revision_time=revision_time(previous),
        seed=options.seed, time_limit=options.time_limit,
        inputs=PlanInputs(papers=inputs.paper_list.source,
                          papers_sha256=inputs.paper_list.sha256,
                          papers_format=inputs.paper_list.format,
                          venue=venue.source, venue_sha256=venue.sha256),
        venue=venue, envelope=inputs.paper_list.envelope,
        people=[PersonRecord(key=k, name=index.people[k].name, ids=index.people[k].ids,
                             institutions=index.people[k].institutions,
                             emails=index.people[k].emails) for k in people],
        papers=[PaperRecord(id=p.id, title=p.clean_title, title_raw=p.title,
                            abstract=p.clean_abstract, authors=index.paper_people[p.id],
                            author_names=[a.display_name for a in p.authors],
                            presenter=index.presenter.get(p.id), url=p.url,
                            decision=p.decision, keywords=p.keywords)
                for p in inputs.accepted],
        records={p.id: p.raw for p in inputs.accepted},
        topics=[TopicRecord(id=i, label=label, size=sum(1 for v in topics.of.values() if v == i))
                for i, label in enumerate(topics.labels)],
        topic_source=topics.source, placements=placements, clashes=clash_records,
        handovers=[HandoverRecord(paper=h.paper, original=h.original,
                                  original_name=index.people[h.original].label,
                                  presenter=h.presenter,
                                  presenter_name=index.people[h.presenter].label,
                                  posters=h.posters, windows=h.windows)
                   for h in index.handovers],
        figures=figures,
    )
    if previous is not None:
        stayed = {p: prev.session for p, prev in problem.previous.items()
                  if prev.session in venue.session_by_id}
        would = [(c.person, index.people[c.person].label, c.paper_a, c.paper_b)
                 for c in find_clashes(stayed, index, venue)]
        plan.changes = describe_changes(previous, plan, would)
        plan.figures.moves = len(plan.changes.moved)
        why = {m.paper: m.why for m in plan.changes.moved}
        for pl in plan.placements:
            if pl.status == "moved":
                pl.reason = why.get(pl.paper, "")
    update_feed_state(plan, previous)
    if previous is not None and _same_plan(previous, plan):
        # Nothing changed: the previous plan stands, byte for byte, so feeds
        # and every file derived from it stay as subscribers have them.
        same = previous.model_copy(deep=True)
        same.figures.seconds = plan.figures.seconds
        same.unchanged = True
        return same
    return plan


def _same_plan(a: Plan, b: Plan) -> bool:
    """Whether two plans agree on everything but stamps, figures, changes and feeds.

    Compared part by part, the cheap parts first, so that a rerun that did
    change something (almost every one) is told apart without serialising
    the papers and records of both plans.
    """
    def placements(plan: Plan) -> list[tuple[object, ...]]:
        # Pins count too: a poster pinned (or unpinned) where it stands is a change.
        return [(p.paper, p.session, p.room, p.board, p.label, p.topic,
                 p.reason if p.status == "pinned" else "") for p in plan.placements]

    def topics(plan: Plan) -> list[tuple[object, ...]]:
        return [(t.id, t.label, t.size) for t in plan.topics]

    if placements(a) != placements(b) or topics(a) != topics(b):
        return False
    fields = ("inputs", "envelope", "clashes", "venue", "people", "papers", "records")
    return all(a.model_dump(mode="json", include={f}) == b.model_dump(mode="json", include={f})
               for f in fields)
