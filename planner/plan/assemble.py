"""The plan stage: what the solver decided, turned into the plan file's records.

Placements with their status and reason, the clashes with why each is there,
the figures that judge the plan, snapshots of the papers and people, the
presenter hand-overs, the changes since the previous plan and the published
state of every calendar event.  A rerun that changes nothing returns the
previous plan itself, so every file derived from it stays byte-identical.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from planner import __version__
from planner.core.gcfreeze import with_existing_objects_frozen
from planner.model.solve import Outcome
from planner.model.stage_models import PlanningProblem, SessionSettings
from planner.model.talks import TalkPlan
from planner.people.inputs import Inputs
from planner.plan.feedstate import update_feed_state
from planner.plan.metrics import (
    TOGETHER_BOARDS,
    cells_of,
    grouping_ratio,
    neighbour_ratio,
    session_cells,
    shared_author_distances,
    topic_share,
)
from planner.plan.records import (
    ClashRecord,
    Figures,
    HandoverRecord,
    InputFiles,
    PaperRecord,
    PersonRecord,
    Placement,
    Plan,
    TalkRecord,
    TopicRecord,
    forced_before_talk,
    posters_before_talk,
    talk_poster_clashes,
)
from planner.prechecks.clash_bound import Clash, clash_lower_bound, find_clashes
from planner.read.board_labels import board_label
from planner.read.conference import Pin
from planner.read.halves import half_of
from planner.topics.build import Topics

WORKBOOK_PIN = "pinned by a hand edit in the workbook"
REPORT_PIN = "pinned by a hand edit in the report"
# A placement's reason -> the source of the hand-edit pin it carries to later reruns.
HAND_EDIT_PINS = {WORKBOOK_PIN: "workbook", REPORT_PIN: "report"}
PIN_REASONS = {"venue": "pinned by the venue file", "workbook": WORKBOOK_PIN, "report": REPORT_PIN}


@dataclass
class Decided:
    """Where every poster goes, and how the session stage got there."""

    session_of: dict[str, str]
    room_of: dict[str, str]
    board_of: dict[str, int]
    outcome: Outcome  # the session stage's solve
    settings: SessionSettings
    strategy: str  # "fresh", "kept", "nearby" or "full"
    talks: TalkPlan | None = None  # the talk programme, planned before the posters
    talk_pins: dict[str, Pin] = field(default_factory=dict)  # paper -> its talk pin


def revision_time(previous: Plan | None) -> datetime:
    """When this revision was made (UTC, whole seconds), kept in plan.json.

    The feeds (DTSTAMP, LAST-MODIFIED), the report and the workbook show it, so
    it is the real time of the run; a re-export or a rerun that changes
    nothing keeps the plan's stored time and stays byte-identical.
    ``SOURCE_DATE_EPOCH`` (the reproducible-builds convention) replaces the
    clock, for reproducible runs and tests.  Each revision is at least one
    second after the one before, so LAST-MODIFIED always rises.
    """
    from planner.core.errors import InputError, Problem

    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            now = datetime.fromtimestamp(int(epoch), UTC)
            if not 1970 <= now.year <= 9000:  # what a plan file may hold
                raise ValueError(epoch)
        except (ValueError, OverflowError, OSError):
            raise InputError(
                Problem(
                    "SOURCE_DATE_EPOCH",
                    "",
                    f"'{epoch[:40]}' is not a time in seconds since 1970",
                    "Unset it, or give a whole number such as 1767225600.",
                )
            ) from None
    else:
        now = datetime.now(UTC).replace(microsecond=0)
    if previous is None:
        return now
    return max(now, previous.revision_time.astimezone(UTC) + timedelta(seconds=1))


def _status(
    p: str, problem: PlanningProblem, where: tuple[str, str, int], previous: Plan | None
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
    return "moved", ""  # the reason is filled in by planner.plan.changes


def _placements(
    inputs: Inputs,
    problem: PlanningProblem,
    topics: Topics,
    decided: Decided,
    previous: Plan | None,
) -> list[Placement]:
    venue = inputs.venue
    out = []
    for paper in inputs.posters:
        p = paper.id
        where = (decided.session_of[p], decided.room_of[p], decided.board_of[p])
        status, reason = _status(p, problem, where, previous)
        room = venue.room_by_id[where[1]]
        out.append(
            Placement(
                paper=p,
                session=where[0],
                room=where[1],
                board=where[2],
                label=board_label(room.board_prefix, where[2], venue.rules.board_label),
                topic=topics.of[p],
                status=status,
                reason=reason,
            )
        )
    return out


def _clash_records(inputs: Inputs, clashes: list[Clash], outcome: Outcome) -> list[ClashRecord]:
    """Every clash with why it is there: the lower bound, a proof, or the time limit."""
    index = inputs.index
    bounds = {b.person: b for b in clash_lower_bound(index, inputs.venue)}
    out = []
    for c in clashes:
        person = index.people[c.person]
        b = bounds.get(c.person)
        if b is not None:
            why = f"{person.name} has {b.papers} posters and only {b.windows} separate poster times"
        elif outcome.status == "OPTIMAL":
            why = (
                "no clash-free plan exists with the pins, absences and room sizes given "
                "(proved by the solver)"
            )
        else:
            why = "the solver found no way around it in the time given"
        out.append(
            ClashRecord(
                person=c.person,
                name=person.label,
                papers=(c.paper_a, c.paper_b),
                sessions=(c.session_a, c.session_b),
                presenter=c.presenter,
                reason=why,
            )
        )
    return out


def _figures(
    inputs: Inputs,
    topics: Topics,
    placements: list[Placement],
    clashes: list[Clash],
    decided: Decided,
    seconds: dict[str, float],
) -> Figures:
    row = topics.row
    where_of = {pl.paper: (pl.session, pl.room, pl.board) for pl in placements}
    cells = cells_of(where_of, row)
    outcome, settings = decided.outcome, decided.settings
    return Figures(
        posters=len(inputs.posters),
        placed=len(placements),
        presenter_clashes=sum(1 for c in clashes if c.presenter),
        clashes=len(clashes),
        clash_lower_bound=sum(b.clashes for b in clash_lower_bound(inputs.index, inputs.venue)),
        grouping=round(grouping_ratio(cells.values(), topics.tfidf), 3),
        session_grouping=round(
            grouping_ratio(session_cells(where_of, row).values(), topics.tfidf), 3
        ),
        neighbours=round(neighbour_ratio(cells.values(), topics.tfidf), 3),
        topic_sessions=len({(pl.topic, pl.session) for pl in placements}),
        topic_rooms=len({(pl.topic, pl.session, pl.room) for pl in placements}),
        with_topic=_with_topic(placements, topics),
        status=outcome.status,
        objective=outcome.objective,
        bound=outcome.bound,
        gap=None if outcome.gap is None else round(outcome.gap, 4),
        clash_mode="soft" if settings.soft_clash_people else settings.clash_mode,
        reproducible=outcome.reproducible,
        strategy=decided.strategy,
        seconds={k: round(v, 3) for k, v in seconds.items()},
    )


def _with_topic(placements: list[Placement], topics: Topics) -> float | None:
    """The grouping by the organizer's topics (planner.plan.metrics.topic_share), rounded."""
    share = topic_share(((pl.topic, pl.session, pl.room) for pl in placements), topics.organizer)
    return None if share is None else round(share, 3)


def _people(inputs: Inputs) -> list[PersonRecord]:
    index = inputs.index
    keys = sorted({k for p in inputs.accepted for k in index.paper_people[p.id]})
    return [
        PersonRecord(
            key=k,
            name=index.people[k].name,
            ids=index.people[k].ids,
            institutions=index.people[k].institutions,
            emails=index.people[k].emails,
        )
        for k in keys
    ]


def _papers(inputs: Inputs) -> list[PaperRecord]:
    index = inputs.index
    return [
        PaperRecord(
            id=p.id,
            title=p.clean_title,
            title_raw=p.title,
            abstract=p.clean_abstract,
            authors=index.paper_people[p.id],
            author_names=[a.display_name for a in p.authors],
            presenter=index.presenter.get(p.id),
            url=p.url,
            decision=p.decision,
            keywords=p.keywords,
        )
        for p in inputs.accepted
    ]


def _handovers(inputs: Inputs) -> list[HandoverRecord]:
    people = inputs.index.people
    return [
        HandoverRecord(
            paper=h.paper,
            original=h.original,
            original_name=people[h.original].label,
            presenter=h.presenter,
            presenter_name=people[h.presenter].label,
            posters=h.posters,
            windows=h.windows,
            reason=h.reason,
        )
        for h in inputs.index.handovers
    ]


def _changes(plan: Plan, previous: Plan, problem: PlanningProblem, inputs: Inputs) -> None:
    """What moved since the previous plan and why, and the clashes a move removed."""
    from planner.plan.changes import describe_changes

    venue, index = inputs.venue, inputs.index
    stayed = {
        p: prev.session
        for p, prev in problem.previous.items()
        if prev.session in venue.session_by_id
    }
    would = [
        (c.person, index.people[c.person].label, c.paper_a, c.paper_b)
        for c in find_clashes(stayed, index, venue)
    ]
    plan.changes = describe_changes(previous, plan, would)
    plan.figures.moves = len(plan.changes.moved)
    why = {m.paper: m.why for m in plan.changes.moved}
    for pl in plan.placements:
        if pl.status == "moved":
            pl.reason = why.get(pl.paper, "")


@with_existing_objects_frozen  # it allocates a plan's worth of objects: see planner.core.gcfreeze
def assemble(
    inputs: Inputs,
    seed: int,
    time_limit: float,
    previous: Plan | None,
    problem: PlanningProblem,
    topics: Topics,
    decided: Decided,
    seconds: dict[str, float],
) -> Plan:
    """The plan file's content for what was decided (the previous plan if nothing changed)."""
    venue = inputs.venue
    placements = _placements(inputs, problem, topics, decided, previous)
    # With presenting halves clashes count from the halves the boards gave.
    halves = {p: half_of(b, venue.rules.halves) or 0 for p, b in decided.board_of.items()}
    clashes = find_clashes(decided.session_of, inputs.index, venue, halves)
    plan = Plan(
        planner_version=__version__,
        revision=(previous.revision + 1) if previous else 1,
        revision_time=revision_time(previous),
        seed=seed,
        time_limit=time_limit,
        inputs=InputFiles(
            papers=inputs.paper_list.source,
            papers_sha256=inputs.paper_list.sha256,
            papers_format=inputs.paper_list.format,
            venue=venue.source,
            venue_sha256=venue.sha256,
        ),
        venue=venue,
        envelope=inputs.paper_list.envelope,
        people=_people(inputs),
        papers=_papers(inputs),
        records={p.id: p.raw for p in inputs.accepted},
        topics=[
            TopicRecord(id=i, label=label, size=sum(1 for v in topics.of.values() if v == i))
            for i, label in enumerate(topics.labels)
        ],
        topic_source=topics.source,
        placements=placements,
        talks=_talks(decided.talks, topics, decided.talk_pins),
        clashes=_clash_records(inputs, clashes, decided.outcome),
        handovers=_handovers(inputs),
        figures=_figures(inputs, topics, placements, clashes, decided, seconds),
    )
    _talk_figures(plan, decided.talks)
    _together_figures(plan)
    plan.figures.two_sites = len(people_at_two_sites(plan))
    if previous is not None:
        _changes(plan, previous, problem, inputs)
    update_feed_state(plan, previous)
    if previous is not None and _same_plan(previous, plan):
        # Nothing changed: the previous plan stands, byte for byte, so feeds
        # and every file derived from it stay as subscribers have them.
        same = previous.model_copy(deep=True)
        same.figures.seconds = plan.figures.seconds
        same.unchanged = True
        return same
    return plan


def people_at_two_sites(plan: Plan) -> list[str]:
    """Person keys with posters at sessions of two or more sites (none without sites)."""
    if len(plan.venue.sites) < 2:
        return []
    site = {s.id: s.site for s in plan.venue.sessions}
    at: dict[str, set[str | None]] = {}
    authors = {p.id: p.authors for p in plan.papers}
    for pl in plan.placements:
        for key in authors.get(pl.paper, []):
            at.setdefault(key, set()).add(site[pl.session])
    return sorted(k for k, sites in at.items() if len(sites) > 1)


def _together_figures(plan: Plan) -> None:
    """Posters sharing an author in one session: how many pairs, how many side by side."""
    where = {pl.paper: (pl.session, pl.room, pl.board) for pl in plan.placements}
    distances = shared_author_distances(where, {p.id: p.authors for p in plan.papers})
    f = plan.figures
    f.together_pairs = len(distances)
    f.together_within = sum(1 for d in distances.values() if d is not None and d <= TOGETHER_BOARDS)
    f.together_apart = sum(1 for d in distances.values() if d is None)


def _talks(talks: TalkPlan | None, topics: Topics, pins: dict[str, Pin]) -> list[TalkRecord]:
    """The talk placements as plan records, in the programme's order.

    A pinned talk says so, with where the pin came from: a hand edit's reason
    carries it to later reruns, as a poster's does.
    """
    if talks is None:
        return []
    out = []
    for t in talks.placements:
        pin = pins.get(t.paper)
        out.append(
            TalkRecord(
                paper=t.paper,
                session=t.session,
                room=t.room,
                position=t.position,
                start=t.start,
                end=t.end,
                topic=topics.of[t.paper],
                status="pinned" if pin is not None else "placed",
                reason=PIN_REASONS.get(pin.source, WORKBOOK_PIN) if pin is not None else "",
            )
        )
    return out


def _talk_figures(plan: Plan, talks: TalkPlan | None) -> None:
    if talks is None:
        return
    figures = plan.figures
    figures.posters_before_talk = len(posters_before_talk(plan))
    figures.talk_poster_clashes = len(talk_poster_clashes(plan))
    figures.posters_before_talk_bound = forced_before_talk(plan)
    figures.talks = len(talks.placements)
    figures.talk_clashes = talks.author_overlaps
    figures.talk_clash_bound = talks.author_overlap_bound
    figures.discrimination = (
        round(talks.discrimination, 3) if talks.discrimination is not None else None
    )
    figures.talk_moves = talks.moves


def _same_plan(a: Plan, b: Plan) -> bool:
    """Whether two plans agree on everything but stamps, figures, changes and feeds.

    Compared part by part, the cheap parts first, so that a rerun that did
    change something (almost every one) is told apart without serialising
    the papers and records of both plans.
    """

    def placements(plan: Plan) -> list[tuple[object, ...]]:
        # Pins count too: a poster pinned (or unpinned) where it stands is a change.
        return [
            (
                p.paper,
                p.session,
                p.room,
                p.board,
                p.label,
                p.topic,
                p.reason if p.status == "pinned" else "",
            )
            for p in plan.placements
        ]

    def topics(plan: Plan) -> list[tuple[object, ...]]:
        return [(t.id, t.label, t.size) for t in plan.topics]

    def talks(plan: Plan) -> list[tuple[object, ...]]:
        return [
            (
                t.paper,
                t.session,
                t.room,
                t.position,
                t.start,
                t.end,
                t.reason if t.status == "pinned" else "",
            )
            for t in plan.talks
        ]

    if placements(a) != placements(b) or topics(a) != topics(b) or talks(a) != talks(b):
        return False
    fields = ("inputs", "envelope", "clashes", "venue", "people", "papers", "records")
    return all(
        a.model_dump(mode="json", include={f}) == b.model_dump(mode="json", include={f})
        for f in fields
    )
