"""A small synthetic-conference builder and independent plan checkers.

Tests of the placement engine build papers, sessions and rooms in code
(:func:`paper`, :func:`session`, :func:`room`, :func:`venue`), turn them into
the pipeline's :class:`planner.people.inputs.Inputs` (:func:`make_inputs`) and run
:func:`planner.engine.make_plan` on them (:func:`run`).

The checkers below recompute every hard rule from the plan and the inputs
alone (session times, room boards, author lists), without calling the
planner's own clash or capacity code, so that a plan breaking a rule is caught
even when the planner's bookkeeping agrees with itself.  Each returns a list
of plain-language violations; an empty list means the rule holds.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any

from talk_programme import write_papers

from planner.engine import Options, make_plan
from planner.people.authors import build_index
from planner.people.inputs import Inputs, is_accepted
from planner.people.presenters import hand_over_surplus
from planner.plan.records import Plan
from planner.prechecks.clash_bound import clash_lower_bound
from planner.read.conference import (
    AuthorRecord,
    Paper,
    PaperList,
    Pin,
    Room,
    Rules,
    Session,
    Unavailability,
    Venue,
)

# Vocabularies that make papers of one topic alike and of two topics unlike.
_WORDS = {
    "serving": "inference serving latency batching kvcache speculative decoding "
    "throughput request scheduler tokens prefill",
    "compilers": "compiler kernel fusion tensor operator autotuning codegen "
    "polyhedral tiling loop vectorization intermediate",
    "training": "distributed training pipeline parallelism gradient allreduce "
    "checkpoint sharding optimizer microbatch collective bandwidth",
    "quant": "quantization sparsity pruning lowbit integer precision "
    "compression weights activations outliers calibration rounding",
    "graphs": "graph neural message passing node embedding sampling "
    "subgraph vertex edges partitioning minibatch aggregation",
    "hardware": "accelerator systolic array fpga asic dataflow memory "
    "chiplet energy silicon photonic analog",
    "data": "dataset loading preprocessing storage caching shuffle "
    "augmentation ingestion pipeline columnar format streaming",
    "privacy": "federated privacy differential secure aggregation clients "
    "encryption homomorphic leakage attack membership",
}
VOCAB: dict[str, list[str]] = {topic: words.split() for topic, words in _WORDS.items()}
TOPICS = list(VOCAB)
BASE_DAY = datetime(2026, 5, 19)


# --------------------------------------------------------------------------- building


def author(aid: str | int) -> AuthorRecord:
    """An author with an id and a distinct name ("Author 7")."""
    return AuthorRecord(id=str(aid), name=f"Author {aid}")


def paper(
    pid: str | int,
    authors: Sequence[str | int],
    topic: str = "serving",
    *,
    decision: str | None = "Accept",
    given_topic: str | None = None,
    seed: int | None = None,
) -> Paper:
    """A paper whose title and abstract come from ``topic``'s vocabulary.

    ``given_topic`` sets an organizer topic (it wins over clustering).
    """
    rng = random.Random(f"{pid}-{topic}-{seed}")
    words = VOCAB[topic]
    title = " ".join(rng.sample(words, 5)).capitalize()
    abstract = " ".join(rng.choice(words) for _ in range(30)) + "."
    pid = str(pid)
    records = [author(a) for a in authors]
    raw = {
        "id": pid,
        "name": title,
        "abstract": abstract,
        "decision": decision,
        "authors": [{"id": a.id, "fullname": a.name, "institution": None} for a in records],
        "extra_field": f"kept-{pid}",
    }
    if given_topic is not None:
        raw["topic"] = given_topic
    return Paper(
        id=pid,
        title=title,
        abstract=abstract,
        authors=records,
        decision=decision,
        topic=given_topic,
        raw=raw,
    )


def session(sid: str, day: int = 0, start: float = 16.0, hours: float = 2.0) -> Session:
    """A session on BASE_DAY + ``day``, from ``start`` (hours, may be fractional)."""
    begin = BASE_DAY + timedelta(days=day, hours=start)
    return Session(id=sid, name=f"Session {sid}", start=begin, end=begin + timedelta(hours=hours))


def room(
    rid: str,
    boards: int,
    sessions: Sequence[str] | None = None,
    prefix: str = "",
    spare: int | None = None,
    boards_by_session: dict[str, int] | None = None,
) -> Room:
    return Room(
        id=rid,
        name=f"Room {rid}",
        boards=boards,
        sessions=list(sessions) if sessions is not None else None,
        board_prefix=prefix,
        spare_boards=spare,
        boards_by_session=dict(boards_by_session or {}),
    )


def venue(
    sessions: Sequence[Session],
    rooms: Sequence[Room],
    *,
    pins: Iterable[Pin] = (),
    unavailable: Iterable[Unavailability] = (),
    **rules: object,
) -> Venue:
    return Venue(
        name="Synthetic Conf",
        acronym="synth",
        timezone="America/Los_Angeles",
        sessions=list(sessions),
        rooms=list(rooms),
        rules=Rules(**rules),  # type: ignore[arg-type]
        pins=list(pins),
        unavailable=list(unavailable),
        source="venue.toml",
    )


def make_inputs(papers: Sequence[Paper], v: Venue) -> Inputs:
    """The pipeline's Inputs, as planner.people.inputs.load() would build them."""
    paper_list = PaperList(
        source="papers.json",
        format="json",
        papers=list(papers),
        envelope={"count": len(papers), "next": None, "previous": None},
        sha256="0" * 64,
    )
    accepted = [p for p in papers if is_accepted(p, v)]
    index = build_index(accepted, v, papers_source="papers.json")
    index.handovers = hand_over_surplus(accepted, v, index)
    return Inputs(Path("papers.json"), Path("venue.toml"), paper_list, v, accepted, index)


def run(inputs: Inputs, time_limit: float = 2.0, seed: int = 0, **kwargs: object) -> Plan:
    return make_plan(inputs, Options(seed=seed, time_limit=time_limit), **kwargs)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- files


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S")
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + " }"
    return json.dumps(str(value))


def venue_toml(v: Venue) -> str:
    """The venue file a :class:`Venue` built here was read from."""
    lines = [f"name = {_toml_value(v.name)}", f"timezone = {_toml_value(v.timezone)}", ""]
    for s in v.sessions:
        lines += ["[[sessions]]", f"id = {_toml_value(s.id)}", f"name = {_toml_value(s.name)}"]
        lines += [f"start = {_toml_value(s.start)}", f"end = {_toml_value(s.end)}", ""]
    for r in v.rooms:
        lines += ["[[rooms]]", f"id = {_toml_value(r.id)}", f"name = {_toml_value(r.name)}"]
        lines += [f"boards = {r.boards}"]
        if r.sessions is not None:
            lines.append(f"sessions = {_toml_value(r.sessions)}")
        if r.board_prefix:
            lines.append(f"board_prefix = {_toml_value(r.board_prefix)}")
        if r.spare_boards is not None:
            lines.append(f"spare_boards = {r.spare_boards}")
        if r.boards_by_session:
            lines.append(f"boards_by_session = {_toml_value(r.boards_by_session)}")
        lines.append("")
    defaults = Rules()
    lines.append("[rules]")
    for key, value in v.rules.model_dump().items():
        if value != getattr(defaults, key):
            lines.append(f"{key} = {_toml_value(value)}")
    lines.append("")
    for pin in v.pins:
        lines += ["[[pins]]", f"paper = {_toml_value(pin.paper)}"]
        lines.append(f"session = {_toml_value(pin.session)}")
        if pin.room:
            lines.append(f"room = {_toml_value(pin.room)}")
        if pin.board:
            lines.append(f"board = {_toml_value(pin.board)}")
        lines.append("")
    for item in v.unavailable:
        lines += ["[[unavailable]]", f"author = {_toml_value(item.author)}"]
        lines += [f"sessions = {_toml_value(item.sessions)}", ""]
    for rule in v.place:
        lines += ["[[place]]", f"name = {_toml_value(rule.name)}"]
        if rule.where:
            lines.append(f"where = {_toml_value(rule.where)}")
        if rule.papers:
            lines.append(f"papers = {_toml_value(rule.papers)}")
        for key in ("rooms", "sessions"):
            if getattr(rule, key) is not None:
                lines.append(f"{key} = {_toml_value(getattr(rule, key))}")
        if rule.exclusive:
            lines.append("exclusive = true")
        lines.append("")
    return "\n".join(lines)


def write_conference(folder: Path, papers: Sequence[Paper], v: Venue) -> Path:
    """Writes papers.json (miniconf shape) and venue.toml into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    doc = {"count": len(papers), "next": None, "previous": None, "results": [p.raw for p in papers]}
    (folder / "papers.json").write_text(json.dumps(doc, indent=1), "utf-8")
    (folder / "venue.toml").write_text(venue_toml(v), "utf-8")
    return folder


def write_talk_conference(folder: Path, venue_text: str, records: list[dict[str, Any]]) -> Path:
    """Makes ``folder`` (its parent must exist) a talk programme's: ``venue_text`` as
    venue.toml, the paper records (tests/talk_programme.py's) as papers.json."""
    folder.mkdir()
    (folder / "venue.toml").write_text(venue_text, encoding="utf-8")
    write_papers(folder, records)
    return folder


# --------------------------------------------------------------------------- checking


def overlaps(a: Session, b: Session) -> bool:
    """Sessions clash when their times overlap; a session overlaps itself."""
    return a.id == b.id or (a.start < b.end and b.start < a.end)


def session_of(plan: Plan) -> dict[str, str]:
    return {pl.paper: pl.session for pl in plan.placements}


def placement_violations(plan: Plan, inputs: Inputs) -> list[str]:
    """Every accepted paper placed exactly once, and nothing else placed."""
    out = []
    counts = Counter(pl.paper for pl in plan.placements)
    accepted = {p.id for p in inputs.accepted}
    for p in sorted(accepted):
        if counts[p] != 1:
            out.append(f"paper {p} is placed {counts[p]} times")
    for p in sorted(set(counts) - accepted):
        out.append(f"paper {p} is placed but not accepted")
    return out


def _cells(plan: Plan) -> dict[tuple[str, str], list]:
    cells: dict[tuple[str, str], list] = defaultdict(list)
    for pl in plan.placements:
        cells[pl.session, pl.room].append(pl)
    return dict(sorted(cells.items()))


def load_violations(plan: Plan) -> list[str]:
    """Posters per (session, room) within its usable boards; rooms used only when open."""
    v = plan.venue
    out = []
    for (s, r), members in _cells(plan).items():
        rm = v.room_by_id[r]
        if rm.sessions is not None and s not in rm.sessions:
            out.append(f"room {r} is used in session {s}, where it is closed")
        boards = rm.boards_by_session.get(s, rm.boards)
        spare = v.rules.spare_boards if rm.spare_boards is None else rm.spare_boards
        usable = max(0, boards - spare)
        if len(members) > usable:
            out.append(f"{len(members)} posters in {s}/{r}, which has {usable} usable boards")
    return out


def board_violations(plan: Plan) -> list[str]:
    """Board labels and numbers unique per (session, room); numbers within 1..boards."""
    v = plan.venue
    out = []
    for (s, r), members in _cells(plan).items():
        rm = v.room_by_id[r]
        boards = rm.boards_by_session.get(s, rm.boards)
        for label, n in Counter(pl.label for pl in members).items():
            if n > 1:
                out.append(f"label {label} used {n} times in {s}/{r}")
        for number, n in Counter(pl.board for pl in members).items():
            if n > 1:
                out.append(f"board {number} used {n} times in {s}/{r}")
            if not 1 <= number <= boards:
                out.append(f"board {number} in {s}/{r} is outside 1..{boards}")
    return out


def capacity_violations(plan: Plan) -> list[str]:
    return load_violations(plan) + board_violations(plan)


def clash_pairs(plan: Plan, inputs: Inputs) -> list[tuple[str, str, str, bool]]:
    """(person, paper, paper, presented by that person) for every clash in the plan."""
    where = session_of(plan)
    sessions = inputs.venue.session_by_id
    index = inputs.index
    out = []
    for key, person in index.people.items():
        placed = [p for p in person.papers if p in where]
        for a, b in combinations(placed, 2):
            if overlaps(sessions[where[a]], sessions[where[b]]):
                presenter = index.presenter.get(a) == key == index.presenter.get(b)
                out.append((key, a, b, presenter))
    return out


def presenter_clashes(plan: Plan, inputs: Inputs) -> list[str]:
    return [
        f"{k} presents {a} and {b} at overlapping times"
        for k, a, b, pres in clash_pairs(plan, inputs)
        if pres
    ]


def lower_bound(inputs: Inputs) -> int:
    return sum(b.clashes for b in clash_lower_bound(inputs.index, inputs.venue))


def availability_violations(plan: Plan, inputs: Inputs) -> list[str]:
    where = session_of(plan)
    out = []
    for key, away in inputs.index.unavailable.items():
        for p in inputs.index.people[key].papers:
            if where.get(p) in away:
                out.append(f"paper {p} is in {where[p]}, where its author {key} is away")
    return out


def pin_violations(plan: Plan, inputs: Inputs) -> list[str]:
    """Pinned papers in their session, room and board (label "A12", or number "12")."""
    placed = plan.placement_of
    out = []
    for pin in inputs.venue.pins:
        pl = placed.get(pin.paper)
        if pl is None:
            out.append(f"pinned paper {pin.paper} is not placed")
            continue
        if pl.session != pin.session:
            out.append(f"paper {pin.paper} pinned to {pin.session} is in {pl.session}")
        if pin.room and pl.room != pin.room:
            out.append(f"paper {pin.paper} pinned to room {pin.room} is in {pl.room}")
        if pin.board and pin.board not in (pl.label, str(pl.board)):
            out.append(f"paper {pin.paper} pinned to board {pin.board} is on {pl.label}")
    return out


def hard_violations(plan: Plan, inputs: Inputs) -> list[str]:
    """Every hard rule at once."""
    return (
        placement_violations(plan, inputs)
        + capacity_violations(plan)
        + presenter_clashes(plan, inputs)
        + availability_violations(plan, inputs)
        + pin_violations(plan, inputs)
    )


def topic_counts(plan: Plan) -> dict[int, Counter[str]]:
    """Per topic, its posters per session."""
    out: dict[int, Counter[str]] = defaultdict(Counter)
    for pl in plan.placements:
        out[pl.topic][pl.session] += 1
    return dict(out)


def spread_violations(plan: Plan) -> list[str]:
    """Each topic's posters in each session within ±1 of the share of the session's boards."""
    v = plan.venue
    caps = {s.id: v.session_capacity(s.id) for s in v.sessions}
    total = sum(caps.values())
    out = []
    for t, counts in sorted(topic_counts(plan).items()):
        n = sum(counts.values())
        for s, cap in caps.items():
            share = n * cap / total
            if abs(counts[s] - share) > 1 + 1e-9:
                out.append(f"topic {t}: {counts[s]} posters in {s}, share {share:.2f}")
    return out


# --------------------------------------------------------------------------- oracle


@dataclass(frozen=True)
class Fewest:
    """What the oracle knows: whether a plan exists, and bounds on its fewest clashes."""

    exists: bool | None  # None: undecided in the time given
    low: int = 0
    high: int | None = None  # clashes of the best plan found

    @property
    def proved(self) -> int | None:
        """The fewest clashes, when proved."""
        return self.low if self.exists and self.high == self.low else None


def fewest_clashes(inputs: Inputs, time_limit: float = 10.0) -> Fewest:
    """Whether any plan exists, and the fewest shared-author clashes one can have.

    An independent CP-SAT model of the hard rules that decide sessions
    (placement, session capacity, availability, session pins, presenters) that
    counts real clashes from per-session counts (pairs within a session plus
    products of counts in overlapping sessions); rooms always fit when nothing
    is pinned to a room, since a session's capacity is the sum of its open rooms.
    Existence is decided first, without the clash count.
    """
    from ortools.sat.python import cp_model

    v, index = inputs.venue, inputs.index
    sessions = [s for s in v.sessions if v.session_capacity(s.id) > 0]
    if len(inputs.accepted) > sum(v.session_capacity(s.id) for s in sessions):
        return Fewest(False)
    pins = {p.paper: p.session for p in v.pins}
    model = cp_model.CpModel()
    x: dict[tuple[str, str], cp_model.IntVar] = {}
    for p in inputs.accepted:
        away = set().union(*(index.unavailable.get(k, set()) for k in index.paper_people[p.id]))
        options = [s.id for s in sessions if s.id not in away and pins.get(p.id, s.id) == s.id]
        if not options:
            return Fewest(False)
        for s in options:
            x[p.id, s] = model.new_bool_var(f"x[{p.id},{s}]")
        model.add_exactly_one(x[p.id, s] for s in options)
    for s in sessions:
        members = [var for (p, t), var in x.items() if t == s.id]
        model.add(sum(members) <= v.session_capacity(s.id))
    presented: dict[str, list[str]] = defaultdict(list)
    for p, key in index.presenter.items():
        presented[key].append(p)
    for papers in presented.values():
        # A presenter at a poster in s is at none of their others at a time overlapping s.
        for s in sessions:
            near = [t.id for t in sessions if overlaps(s, t)]
            for p in papers:
                others = [x[q, t] for q in papers if q != p for t in near if (q, t) in x]
                if (p, s.id) in x and others:
                    model.add(sum(others) == 0).only_enforce_if(x[p, s.id])
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit / 2
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return Fewest(False)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Fewest(None)
    for var in x.values():
        model.add_hint(var, solver.value(var))
    # People with the same papers count alike: one count per paper set, times how many.
    sets: Counter[tuple[str, ...]] = Counter()
    for person in index.people.values():
        if len(person.papers) >= 2:
            sets[tuple(sorted(person.papers))] += 1
    # Sessions split into groups that all overlap one another (a redundant
    # bound for the solver: every pair inside one such group clashes).
    parts: list[list[str]] = []
    left = sorted(sessions, key=lambda s: (s.end, s.start, s.id))
    while left:
        first = left[0]
        part = [s for s in left if overlaps(first, s)]
        parts.append([s.id for s in part])
        left = [s for s in left if s not in part]
    costs = []
    for papers, times in sorted(sets.items()):
        count = {}
        for s in sessions:
            members = [x[p, s.id] for p in papers if (p, s.id) in x]
            if members:
                count[s.id] = model.new_int_var(0, len(members), "")
                model.add(count[s.id] == sum(members))
        twice = []  # each clashing pair of this paper set, counted twice
        for s in sessions:
            if s.id not in count:
                continue
            c = count[s.id]
            same = model.new_int_var(0, len(papers) ** 2, "")
            model.add_multiplication_equality(same, [c, c])
            twice.append(same - c)
            for t in sessions:
                if t.id != s.id and t.id in count and overlaps(s, t):
                    cross = model.new_int_var(0, len(papers) ** 2, "")
                    model.add_multiplication_equality(cross, [c, count[t.id]])
                    twice.append(cross)
        floor = []
        for part in parts:
            inside = [count[s] for s in part if s in count]
            for j in range(1, len(papers)):
                e = model.new_int_var(0, len(papers), "")
                model.add(e >= sum(inside) - j)
                floor.append(e)
        model.add(sum(twice) >= 2 * sum(floor))
        costs.extend(times * t for t in twice)
    model.minimize(sum(costs))
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Fewest(True)
    # The objective counts every pair twice.
    low = -(-round(solver.best_objective_bound) // 2)
    return Fewest(True, low, round(solver.objective_value) // 2)
