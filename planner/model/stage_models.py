"""The CP-SAT models: sessions first, then rooms within each session.

The placement is decomposed as docs/modelling.md §1 measures it scales:

1. **Sessions** — ``x[p, s]``: every author rule lives here, because a clash
   is a property of times, not of rooms.
2. **Rooms** — per session, ``z[p, r]``: capacities per room and grouping.
3. **Boards** — a heuristic path through similar posters (planner.model.boards).

This module holds the containers the rules write into; the rules themselves
are the modules of the ``constraints`` package, each adding its own
variables, constraints and objective terms.  Hard rules go through
:meth:`StageModel.require` so that the same code builds the explanation model,
where every hard rule group is guarded by a named literal and an unsat core
names the groups that cannot hold together.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cached_property
from typing import Literal

from ortools.sat.python import cp_model

from planner.people.authors import AuthorIndex
from planner.people.windows import overlap_groups
from planner.read.conference import Pin, Venue
from planner.read.places import Places

LinearTerm = cp_model.LinearExprT


# A talk paper's poster more than this after its talk is "late" (constraints.talk_first).
TALK_NEXT_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Weights:
    """Objective weights, in the order of the rules' priorities.

    Presenter clashes are hard.  Each weight dominates what a single unit of
    the next rule can gain, so the weighted sum behaves lexicographically on
    the instances the planner meets (docs/modelling.md §3).
    """

    clash: int = 10_000
    move: int = 400  # a poster changing session
    room_move: int = 150  # a poster changing room within its session
    # A talk paper's poster in a session before its talk has ended: above what a
    # move that keeps the band and saves a fragment gains (band + topic = 160).
    talk_first: int = 250
    talk_late: int = 10  # ... or in one more than a day after it
    # Two posters sharing an author in one session, in different rooms
    # (constraints.together): above the two topic fragments a room swap can
    # cost, below a kept poster changing room.
    together: int = 145
    topic: int = 70  # one more session (or room) a topic is spread over
    affinity: int = 1  # one step of AFFINITY_SCALE in a poster's likeness to its session
    # A poster outside the ±5 % band around its session's share (constraints.balance):
    # above the one fragment (70) a move can save, below a talk paper's poster
    # before its talk; a session under half its share pays ``short`` more per
    # poster, so a near-empty session is never the price of grouping.
    band: int = 90
    short: int = 300
    balance: int = 1  # one poster away from an even fill


@dataclass
class Previous:
    """Where a paper stood in the previous plan."""

    session: str
    room: str
    board: int


@dataclass
class PlanningProblem:
    """What is to be placed and what holds it: the description every rule reads.

    It does not change while the engine works; what the engine decides along
    the way is in :class:`Domains` (filled by the rules' ``domains`` hooks) and
    :class:`SessionSettings` (how it asks the session model to count clashes
    and group topics).
    """

    venue: Venue
    papers: list[str]
    index: AuthorIndex
    topic_of: dict[str, int]
    n_topics: int
    pins: dict[str, Pin] = field(default_factory=dict)
    previous: dict[str, Previous] = field(default_factory=dict)
    weights: Weights = field(default_factory=Weights)
    # Placement rules resolved against the papers (planner.read.places).
    places: Places | None = None
    # Topics the organizer gave (kept together by fragments at every size).
    organizer_topics: frozenset[int] = frozenset()
    # Person key -> the talks they give, as (start, end) local times, once the
    # talks are planned: a poster they present cannot run then (constraints.speakers).
    talks_of: dict[str, list[tuple[datetime, datetime]]] = field(default_factory=dict)
    # Paper id -> its talk's (start, end), for the posters of talk papers (constraints.talk_first).
    talk_times: dict[str, tuple[datetime, datetime]] = field(default_factory=dict)
    # Person key -> the [[sites]] of their talks: their posters go there (constraints.sites).
    talk_sites: dict[str, set[str | None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.groups = overlap_groups(self.venue)
        sessions_in = [s for g in self.groups for s in g]
        # Clean time slots: each session in exactly one overlap group.  Then the
        # clash lower bound can be demanded outright (see constraints.clashes).
        self.slotted = len(sessions_in) == len(set(sessions_in))

    @property
    def session_ids(self) -> list[str]:
        return [s.id for s in self.venue.sessions]

    @cached_property
    def open_sessions(self) -> list[str]:
        """Sessions with at least one usable board (once: the venue does not change here)."""
        return [s.id for s in self.venue.sessions if self.venue.session_capacity(s.id) > 0]

    def rooms_for(self, paper: str, session: str) -> list[str]:
        """Rooms of ``session`` with boards that ``paper`` may use."""
        if self.places is not None and self.places.active:
            return list(self.places.rooms_for(paper, session))
        venue = self.venue
        return [r.id for r in venue.rooms_in(session) if venue.usable_boards(session, r) > 0]


@dataclass
class Domains:
    """Where each paper may go, as the rules' ``domains`` hooks narrowed it.

    ``allowed``: paper -> the sessions it may take (no literal exists for the
    others, which is cheaper than a constraint).  ``capacity_rows``: (session,
    boards, papers) rows beyond each session's own capacity (placement rules:
    papers that may use only some rooms compete for those rooms' boards).
    """

    allowed: dict[str, list[str]]
    capacity_rows: list[tuple[str, int, frozenset[str]]] = field(default_factory=list)

    @classmethod
    def open_to_all(cls, problem: PlanningProblem) -> Domains:
        sessions = problem.open_sessions
        return cls({p: list(sessions) for p in problem.papers})

    def narrowed(self, allowed: dict[str, list[str]]) -> Domains:
        return Domains(allowed, list(self.capacity_rows))


@dataclass(frozen=True)
class SessionSettings:
    """How the engine asks the session model to count clashes and group topics."""

    # "hard": every person held to their clash lower bound (constraints.clashes);
    # "soft": clashes counted and minimised.
    clash_mode: Literal["hard", "soft"] = "soft"
    # People counted softly in hard mode (the warm start left them above their
    # own minimum).
    soft_clash_people: frozenset[str] = frozenset()
    # At scale, how much each paper is like each session of the warm start
    # (paper -> session -> 0..AFFINITY_SCALE); see constraints.topic_policy.
    affinity: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # Even sessions (constraints.balance): off where every kept poster stays put
    # and only a rerun's few newcomers are placed (engine._keep_everyone).
    balance: bool = True


@dataclass
class Cost:
    family: str  # the rule that added it, for the summary
    weight: int
    terms: list[LinearTerm]


class StageModel:
    """A CP-SAT model plus the bookkeeping every rule shares."""

    presolve = True
    # Large-neighbourhood search only: for a big model that starts from a
    # complete hint, the full-search workers spend each of their turns (about
    # half the budget apiece) without a single improvement, while LNS improves
    # it from the first second (measured at 3,600 posters: session grouping
    # 1.28x -> 1.31x in 10 deterministic seconds, against 1.30x with them).
    lns_only = False

    def __init__(self, problem: PlanningProblem, domains: Domains, explain: bool = False) -> None:
        self.problem = problem
        self.domains = domains
        self.model = cp_model.CpModel()
        self.explain = explain
        self.costs: list[Cost] = []
        self.guards: dict[str, tuple[cp_model.IntVar, str, str]] = {}  # name -> lit, rule, why

    def add_cost(self, family: str, weight: int, terms: Iterable[LinearTerm]) -> None:
        terms = list(terms)
        if terms and weight:
            self.costs.append(Cost(family, weight, terms))

    def guard(self, key: str, rule: str, why: str) -> cp_model.IntVar | None:
        """The literal that switches a hard rule group on, in explanation mode."""
        if not self.explain:
            return None
        if key not in self.guards:
            self.guards[key] = (self.model.new_bool_var(key), rule, why)
        return self.guards[key][0]

    def require(self, constraint: cp_model.Constraint, key: str, rule: str, why: str) -> None:
        lit = self.guard(key, rule, why)
        if lit is not None:
            constraint.only_enforce_if(lit)

    def at_most_one(
        self, literals: Sequence[cp_model.IntVar], key: str, rule: str, why: str
    ) -> None:
        if len(literals) < 2:
            return
        if self.explain:  # enforced at_most_one is not supported: use the linear form
            self.require(self.model.add(sum(literals) <= 1), key, rule, why)
        else:
            self.model.add_at_most_one(literals)

    def finish(self) -> None:
        terms: list[LinearTerm] = []
        for cost in self.costs:
            terms.extend(cost.weight * t for t in cost.terms)
        if terms and not self.explain:
            self.model.minimize(sum(terms))


class SessionModel(StageModel):
    """Stage 1: which session each paper goes to."""

    def __init__(
        self,
        problem: PlanningProblem,
        domains: Domains,
        settings: SessionSettings | None = None,
        explain: bool = False,
    ) -> None:
        super().__init__(problem, domains, explain)
        self.settings = settings or SessionSettings()
        self.x: dict[tuple[str, str], cp_model.IntVar] = {}
        for p in problem.papers:
            for s in domains.allowed[p]:
                self.x[p, s] = self.model.new_bool_var(f"x[{p},{s}]")
        self.by_paper: dict[str, list[tuple[str, cp_model.IntVar]]] = {
            p: [(s, self.x[p, s]) for s in domains.allowed[p]] for p in problem.papers
        }
        self.by_session: dict[str, list[tuple[str, cp_model.IntVar]]] = {
            s: [] for s in problem.session_ids
        }
        for (p, s), var in self.x.items():
            self.by_session[s].append((p, var))

    def in_sessions(self, papers: Iterable[str], sessions: Iterable[str]) -> list[cp_model.IntVar]:
        wanted = set(sessions)
        return [v for p in papers for s, v in self.by_paper.get(p, []) if s in wanted]


class RoomModel(StageModel):
    """Stage 2: which room each paper of one session goes to."""

    presolve = False

    def __init__(
        self,
        problem: PlanningProblem,
        domains: Domains,
        session: str,
        papers: list[str],
        explain: bool = False,
    ) -> None:
        super().__init__(problem, domains, explain)
        # On a rerun the kept posters' room-move costs let presolve settle the
        # model by dual reasoning (ICML 2024 after a 2 % change: each room model
        # solved in presolve, where the search without it spent a deterministic
        # second per session proving the optimum); docs/modelling.md §4.
        self.presolve = bool(problem.previous)
        self.session = session
        self.papers = papers
        venue = problem.venue
        # Usable boards of each open room with any, read by every rule's rooms hook.
        self.caps = {
            r.id: n for r in venue.rooms_in(session) if (n := venue.usable_boards(session, r)) > 0
        }
        self.rooms = list(self.caps)
        self.z: dict[tuple[str, str], cp_model.IntVar] = {
            (p, r): self.model.new_bool_var(f"z[{p},{r}]") for p in papers for r in self.rooms
        }
