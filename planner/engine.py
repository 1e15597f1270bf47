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

import constraints
from planner import __version__
from planner.boards import assign_boards, board_label
from planner.checks import board_number, prechecks
from planner.errors import InfeasibleError
from planner.feedstate import update_feed_state
from planner.gcfreeze import with_existing_objects_frozen
from planner.inputs import Inputs
from planner.metrics import cells_of, grouping_ratio, neighbour_ratio
from planner.model import Previous, Problem, RoomModel, SessionModel, Weights
from planner.models import Pin
from planner.plan import (
    ClashRecord,
    Figures,
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
from planner.solve import Outcome, SolverSettings, solve
from planner.timeslots import clash_lower_bound, find_clashes
from planner.topics import Backend, Topics, build_topics


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
    """The stamp of this revision: reproducible, never read from the clock.

    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) sets it; without
    it a first plan is stamped 2000-01-01T00:00:00Z and each later revision one
    second after the one before, so feeds are byte-identical for the same
    inputs and state, and LAST-MODIFIED still rises with every revision.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    base = (datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit()
            else datetime(2000, 1, 1, tzinfo=UTC))
    if previous is None:
        return base
    return max(base, previous.revision_time.astimezone(UTC) + timedelta(seconds=1))


WORKBOOK_PIN = "pinned by a hand edit in the workbook"


def _pins(inputs: Inputs, extra: list[Pin], previous: Plan | None) -> dict[str, Pin]:
    """Pins in force: the venue's, hand edits from earlier workbooks, and new hand edits.

    A hand edit stays pinned on later reruns (the next workbook shows the poster
    where the organizer put it, so it no longer reads as an edit).  A venue pin
    that is new or changed since the previous plan wins over an older hand edit;
    a new hand edit wins over everything.
    """
    pins = {p.paper: p for p in inputs.venue.pins}
    if previous is not None:
        old_venue = {p.paper: p for p in previous.venue.pins}
        for pl in previous.placements:
            if pl.reason != WORKBOOK_PIN:
                continue
            venue_pin = pins.get(pl.paper)
            if venue_pin is not None and old_venue.get(pl.paper) != venue_pin:
                continue
            pins[pl.paper] = Pin(paper=pl.paper, session=pl.session, room=pl.room,
                                 board=pl.label, source="workbook")
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


def _keep_everyone(problem: Problem, options: Options
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
    settings = SolverSettings(min(options.time_limit, 5.0), options.seed, options.workers)
    frozen.clash_mode = "hard" if frozen.slotted else "soft"  # type: ignore[assignment]
    sm = session_model(frozen)
    solver, outcome = solve(sm, settings)
    if not outcome.solved:
        return None
    session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
    bound = sum(b.clashes for b in clash_lower_bound(problem.index, problem.venue))
    if len(find_clashes(session_of, problem.index, problem.venue)) > bound:
        return None
    problem.clash_mode = frozen.clash_mode
    return session_of, outcome


def _solve_sessions(problem: Problem, options: Options, reporter: Reporter
                    ) -> tuple[dict[str, str], Outcome]:
    kept = _keep_everyone(problem, options)
    if kept is not None:
        problem.strategy = "kept"
        return kept
    problem.strategy = "full" if problem.previous else "fresh"
    # A rerun starts from the previous plan as a hint and mostly has to decide a
    # few moves, so half the budget does: reruns are meant to be quick.
    limit = options.time_limit / 2 if problem.previous else options.time_limit
    settings = SolverSettings(limit, options.seed, options.workers)
    modes = ["hard", "soft"] if problem.slotted else ["soft"]
    outcome: Outcome | None = None
    hard_status = ""
    for mode in modes:
        problem.clash_mode = mode  # type: ignore[assignment]
        sm = session_model(problem)
        solver, outcome = solve(sm, settings, report=reporter.solution)
        if outcome.solved:
            session_of = {p: s for (p, s), v in sm.x.items() if solver.value(v)}
            if mode == "soft" and len(modes) == 2:
                reporter.note(
                    "the clash lower bound cannot be met with these pins, absences and rooms; "
                    "clashes were minimised instead." if hard_status == "INFEASIBLE" else
                    "no plan meeting the clash lower bound was found in the time given; "
                    "clashes were minimised instead (a longer --time-limit may meet it).")
            return session_of, outcome
        hard_status = outcome.status
    assert outcome is not None
    if outcome.status == "UNKNOWN":
        raise InfeasibleError(
            f"the solver found no plan within the time limit ({options.time_limit:g} s); "
            "the venue may well be possible: rerun with a larger --time-limit.")
    reasons = _explain(problem, settings)
    raise InfeasibleError(["no plan satisfies every hard rule. These rules cannot hold "
                           "together:"] + [f"  {r}" for r in reasons])


def _solve_rooms(problem: Problem, session_of: dict[str, str], options: Options
                 ) -> dict[str, str]:
    venue = problem.venue
    room_of: dict[str, str] = {}
    settings = SolverSettings(max(1.0, options.time_limit / 4), options.seed, options.workers)
    for session in problem.session_ids:
        papers = [p for p in problem.papers if session_of.get(p) == session]
        if not papers:
            continue
        rooms = [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]
        if len(rooms) == 1:
            room_of.update(dict.fromkeys(papers, rooms[0]))
            continue
        rm = RoomModel(problem, session, papers)
        for rule in constraints.RULES:
            if hasattr(rule, "rooms"):
                rule.rooms(rm)
        rm.finish()
        solver, outcome = solve(rm, settings)
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


def make_plan(inputs: Inputs, options: Options, previous: Plan | None = None,
              extra_pins: list[Pin] | None = None, reporter: Reporter | None = None) -> Plan:
    reporter = reporter or QuietReporter()
    seconds: dict[str, float] = {}
    venue, index = inputs.venue, inputs.index
    pins = _pins(inputs, extra_pins or [], previous)

    with reporter.stage("checks"):
        t = time.perf_counter()
        findings = prechecks(inputs, list(pins.values()))
        if findings:
            raise InfeasibleError([f"({f.rule}) {f.message}" for f in findings])
        seconds["checks"] = time.perf_counter() - t

    with reporter.stage("topics"):
        t = time.perf_counter()
        earlier, order = None, None
        if previous is not None:
            order = [t.label for t in previous.topics]
            labels = {t.id: t.label for t in previous.topics}
            earlier = {pl.paper: labels[pl.topic] for pl in previous.placements}
        topics = build_topics(inputs.accepted, venue, options.seed, options.backend, earlier,
                              order)
        seconds["topics"] = time.perf_counter() - t

    prev_map: dict[str, Previous] = {}
    if previous is not None:
        for pl in previous.placements:
            prev_map[pl.paper] = Previous(pl.session, pl.room, pl.board)
    accepted_ids = [p.id for p in inputs.accepted]
    problem = Problem(venue=venue, papers=accepted_ids, index=index, topic_of=topics.of,
                      n_topics=len(topics.labels), pins=pins,
                      previous={k: v for k, v in prev_map.items() if k in set(accepted_ids)},
                      weights=options.weights)
    for rule in constraints.RULES:
        if hasattr(rule, "domains"):
            rule.domains(problem)

    with reporter.stage("sessions"):
        t = time.perf_counter()
        session_of, outcome = _solve_sessions(problem, options, reporter)
        seconds["sessions"] = time.perf_counter() - t
    with reporter.stage("rooms"):
        t = time.perf_counter()
        room_of = _solve_rooms(problem, session_of, options)
        seconds["rooms"] = time.perf_counter() - t
    with reporter.stage("polish"):
        t = time.perf_counter()
        session_of, room_of = polish(problem, topics, session_of, room_of, seed=options.seed)
        seconds["polish"] = time.perf_counter() - t
    with reporter.stage("boards"):
        t = time.perf_counter()
        board_of = _boards(problem, topics, session_of, room_of)
        seconds["boards"] = time.perf_counter() - t

    t = time.perf_counter()
    plan = _assemble(inputs, options, previous, problem, topics, session_of, room_of, board_of,
                     outcome, seconds)
    seconds["plan"] = time.perf_counter() - t
    return plan


def _status(p: str, problem: Problem, where: tuple[str, str, int], previous: Plan | None
            ) -> tuple[str, str]:
    pin = problem.pins.get(p)
    if pin is not None:
        return "pinned", "pinned by the venue file" if pin.source == "venue" else WORKBOOK_PIN
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
        neighbours=round(neighbour_ratio(cells.values(), topics.tfidf), 3),
        topic_sessions=len({(pl.topic, pl.session) for pl in placements}),
        topic_rooms=len({(pl.topic, pl.session, pl.room) for pl in placements}),
        status=outcome.status, objective=outcome.objective, bound=outcome.bound,
        gap=None if outcome.gap is None else round(outcome.gap, 4),
        clash_mode=problem.clash_mode, reproducible=outcome.reproducible,
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
        return [(p.paper, p.session, p.room, p.board, p.label, p.topic) for p in plan.placements]

    def topics(plan: Plan) -> list[tuple[object, ...]]:
        return [(t.id, t.label, t.size) for t in plan.topics]

    if placements(a) != placements(b) or topics(a) != topics(b):
        return False
    fields = ("inputs", "envelope", "clashes", "venue", "people", "papers", "records")
    return all(a.model_dump(mode="json", include={f}) == b.model_dump(mode="json", include={f})
               for f in fields)
