"""Load: resolve INPUT, read the paper list and the venue, and cross-check them.

This is the first stage of the pipeline (load → authors → topics → model →
solve → boards → plan → exports).  It ends with every paper that gets a
poster, the venue, and the people behind the author slots.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.ids import paper_order
from planner.core.limits import MAX_COAUTHOR_PAIRS, MAX_POSTERS
from planner.people.authors import AuthorIndex, build_index
from planner.people.presenters import hand_over_sites, hand_over_surplus
from planner.read.conference import Paper, PaperList, Venue
from planner.read.papers.reader import read_papers
from planner.read.papers.systems import ReadOptions
from planner.read.places import Places, resolve_places
from planner.read.venue.reader import read_venue

PAPER_NAMES = (
    "papers.json",
    "papers.jsonl",
    "papers.csv",
    "papers.xlsx",
    "papers.xls",
    "papers.zip",
)
EASYCHAIR_TABLE = "submission.csv"  # a folder holding it is an EasyChair export


@dataclass
class Inputs:
    papers_path: Path
    venue_path: Path
    paper_list: PaperList
    venue: Venue
    accepted: list[Paper]
    index: AuthorIndex
    notes: list[str] = field(default_factory=list)  # things worth saying, not errors
    places: Places | None = None  # the venue's [[place]] rules resolved (planner.read.places)
    talk_places: Places | None = None  # the same for talks, resolved when first asked

    def resolved_places(self) -> Places:
        if self.places is None:
            self.places = resolve_places(self.venue, self.accepted, self.paper_list.source)
        return self.places

    def resolved_talk_places(self) -> Places:
        """The [[place]] rules as they bind talks (planner.read.venue.place.for_kind)."""
        if self.talk_places is None:
            self.talk_places = resolve_places(
                self.venue, self.accepted, self.paper_list.source, kind="talks"
            )
        return self.talk_places

    @property
    def posters(self) -> list[Paper]:
        """The accepted papers that have a poster (all but talks with poster_too off)."""
        return [p for p in self.accepted if p.id not in self.index.talk_only]

    @property
    def paper_by_id(self) -> dict[str, Paper]:
        return {p.id: p for p in self.paper_list.papers}


def resolve(input_path: Path, venue_path: Path | None) -> tuple[Path, Path]:
    """The paper list and venue file an INPUT argument names (README, "Commands")."""
    if not input_path.exists():
        raise InputError(
            Problem(
                display_path(input_path),
                "",
                "no such file or folder",
                "Give a paper list (.json, .csv, .xlsx) or a folder holding "
                "papers.json and venue.toml.",
            )
        )
    if input_path.is_dir():
        # Names compared ignoring case: CMT downloads "Papers.xls".
        entries = {p.name.casefold(): p for p in sorted(input_path.iterdir())}
        found = [entries[name] for name in PAPER_NAMES if name in entries]
        if not found and (input_path / EASYCHAIR_TABLE).exists():
            found = [input_path]  # EasyChair's CSV tables, read as one export
        if not found:
            raise InputError(
                Problem(
                    display_path(input_path),
                    "",
                    "the folder holds no paper list (papers.json, .jsonl, .csv, .xlsx, .xls or "
                    ".zip) and no EasyChair submission.csv",
                    "Put the paper list there under one of those names.",
                )
            )
        if len(found) > 1:
            raise InputError(
                Problem(
                    display_path(input_path),
                    "",
                    f"the folder holds {len(found)} paper lists "
                    f"({', '.join(p.name for p in found)})",
                    "Keep one, or name the file you mean.",
                )
            )
        papers = found[0]
        venue = venue_path or input_path / "venue.toml"
    else:
        papers = input_path
        venue = venue_path or input_path.with_name("venue.toml")
    if not venue.exists():
        raise InputError(
            Problem(
                display_path(venue),
                "",
                "no venue file",
                "Write a venue.toml (see examples/mlsys2026/venue.toml) and pass it with --venue.",
            )
        )
    return papers, venue


def default_accept(paper_list: PaperList, venue: Venue) -> None:
    """The system's own accept decisions, where the venue file sets none.

    Written into the venue's rules, so the plan file (and planner verify) hold
    the decisions the plan was made with.
    """
    if paper_list.accept is not None and "accept_decisions" not in venue.rules.model_fields_set:
        venue.rules.accept_decisions = list(paper_list.accept)


def is_accepted(paper: Paper, venue: Venue) -> bool:
    """Whether a record gets a poster: its decision is one of ``accept_decisions``.

    A record with no decision at all gets one too: lists of accepted papers
    often leave the column empty.
    """
    if paper.decision is None:
        return True
    wanted = {d.casefold() for d in venue.rules.accept_decisions}
    # A decision that gives a talk is an accepted one (the contract's [talks] minutes).
    return paper.decision.strip().casefold() in wanted or venue.talk_minutes(paper) is not None


def _check_size(paper_list: PaperList, accepted: list[Paper]) -> None:
    """The limits on the whole list (README, "Limits"), before the authors are indexed.

    Indexing the people behind the author slots pairs every co-author of a
    paper, so its cost grows with the square of the authors per paper.
    """
    if len(accepted) > MAX_POSTERS:
        raise InputError(
            Problem(
                paper_list.source,
                "",
                f"{len(accepted):,} papers get a poster, "
                f"more than the {MAX_POSTERS:,} the planner places",
                "Check the decisions (see the README's limits).",
            )
        )
    pairs = sum(len(p.authors) * (len(p.authors) - 1) for p in accepted)
    if pairs > MAX_COAUTHOR_PAIRS:
        most = max(accepted, key=lambda p: len(p.authors))
        raise InputError(
            Problem(
                paper_list.source,
                "",
                f"the papers have {pairs:,} co-author "
                f"pairs, more than the {MAX_COAUTHOR_PAIRS:,} the planner "
                f"handles (paper {most.id} alone has {len(most.authors):,} "
                "authors)",
                "Check the author lists (see the README's limits).",
            )
        )


def load(
    input_path: Path, venue_path: Path | None = None, options: ReadOptions | None = None
) -> Inputs:
    """INPUT resolved, its paper list and venue read and cross-checked, and the authors indexed.

    ``options``: ``--from`` and ``--venue-id`` (planner.read.papers.systems); the
    venue's ``[rules] venue_id`` stands in for ``--venue-id``.
    """
    papers_path, venue_file = resolve(input_path, venue_path)
    venue = read_venue(venue_file)
    options = options or ReadOptions()
    if options.venue_id is None and venue.rules.venue_id:
        options = ReadOptions(options.system, venue.rules.venue_id)
    paper_list = read_papers(papers_path, options)
    default_accept(paper_list, venue)
    accepted = _accepted(paper_list, venue)
    _check_size(paper_list, accepted)
    problems = Problems(venue.source)
    _check_references(paper_list, accepted, venue, problems)
    _check_posters_have_sessions(accepted, venue, problems)
    problems.raise_if_any()

    notes = []
    undecided = sum(1 for p in accepted if p.decision is None)
    if undecided:
        notes.append(f"{undecided} record(s) have no decision and are given a poster.")
    notes += _unused_talk_decisions(paper_list, venue)
    index = build_index(accepted, venue, problems, papers_source=paper_list.source)
    problems.raise_if_any()
    index.talk_only = frozenset(p.id for p in accepted if not venue.gets_poster(p))
    posters = [p for p in accepted if p.id not in index.talk_only]
    index.handovers = hand_over_surplus(posters, venue, index)
    places = resolve_places(venue, accepted, paper_list.source)
    # A presenter is at one site (constraints.sites): posters confined elsewhere go to a co-author.
    index.handovers += hand_over_sites(posters, venue, index, places)
    talk_places = resolve_places(venue, accepted, paper_list.source, kind="talks")
    return Inputs(
        papers_path, venue_file, paper_list, venue, accepted, index, notes, places, talk_places
    )


def _unused_talk_decisions(paper_list: PaperList, venue: Venue) -> list[str]:
    """A note for each [talks] decision no record has: nobody gives that talk (a typo?)."""
    if venue.talks is None:
        return []
    decisions = sorted({p.decision.strip() for p in paper_list.papers if p.decision})
    found = {d.casefold() for d in decisions}
    return [
        f"[talks] minutes.{decision}: no record has the decision '{decision}', so nobody "
        f"gives that talk (decisions found: {', '.join(decisions) or 'none'})."
        for decision in venue.talks.minutes
        if decision.strip().casefold() not in found
    ]


def _accepted(paper_list: PaperList, venue: Venue) -> list[Paper]:
    """The papers that get a poster, by id; raises InputError when there are none."""
    # Ordered by id, not by record order: the same papers in another order must
    # give the same plan and byte-identical outputs.
    accepted = sorted(
        (p for p in paper_list.papers if is_accepted(p, venue)), key=lambda p: paper_order(p.id)
    )
    if not accepted:
        decisions = sorted({p.decision or "(none)" for p in paper_list.papers})
        raise InputError(
            Problem(
                paper_list.source,
                "",
                "no paper gets a poster"
                + (
                    f" (decisions found: {', '.join(decisions)})"
                    if decisions
                    else " (the list is empty)"
                ),
                "Add accepted papers, or list their decision in rules.accept_decisions.",
            )
        )
    return accepted


def _check_posters_have_sessions(accepted: list[Paper], venue: Venue, problems: Problems) -> None:
    """A problem when papers need a poster and the venue has talk sessions only."""
    if venue.sessions:
        return
    posters = [p for p in accepted if venue.gets_poster(p)]
    if posters:
        decisions = sorted({p.decision or "(none)" for p in posters})
        problems.add(
            "[talks]",
            f"{len(posters)} accepted papers give no talk (decisions: {', '.join(decisions)}) "
            "and the venue has no poster session",
            "Give their decisions minutes in [talks], or add a poster session.",
        )


def _check_talk_pins(
    by_id: dict[str, Paper], venue: Venue, source: str, problems: Problems
) -> None:
    """A problem for each talk pin naming a paper that is not in the list or gives no talk."""
    for pin in venue.talk_pins:
        where = f"[[pins]] (paper {pin.paper}, talk session '{pin.session}')"
        paper = by_id.get(pin.paper)
        if paper is None:
            problems.add(
                where,
                f"pins paper {pin.paper}, which is not in {source}",
                "Check the paper id, or remove the pin.",
            )
        elif venue.talk_minutes(paper) is None:
            given = ", ".join(venue.talks.minutes) if venue.talks else "none: there is no [talks]"
            problems.add(
                where,
                f"pins the talk of paper {pin.paper}, whose decision '{paper.decision}' gives "
                f"no talk",
                f"Pin it to a poster session, or give its decision minutes in [talks] "
                f"(decisions with talks: {given}).",
            )


def _check_references(
    paper_list: PaperList, accepted: list[Paper], venue: Venue, problems: Problems
) -> None:
    """Adds a problem for each pin, [topics] or [presenters] key naming a paper it cannot."""
    by_id = {p.id: p for p in paper_list.papers}
    accepted_ids = {p.id for p in accepted}
    for i, pin in enumerate(venue.pins, 1):
        if pin.paper not in by_id:
            problems.add(
                f"[[pins]] #{i}",
                f"pins paper {pin.paper}, which is not in {paper_list.source}",
                "Check the paper id, or remove the pin.",
            )
        elif pin.paper not in accepted_ids:
            problems.add(
                f"[[pins]] #{i}",
                f"pins paper {pin.paper}, whose decision "
                f"'{by_id[pin.paper].decision}' gets no poster",
                "Remove the pin, or add the decision to rules.accept_decisions.",
            )
    _check_talk_pins(by_id, venue, paper_list.source, problems)
    for key in venue.topic_of:
        if key not in by_id:
            problems.add(
                f"[topics] '{key}'", "names a paper that is not in the list", "Check the paper id."
            )
    for key in venue.presenter_of:
        if key not in by_id:
            problems.add(
                f"[presenters] '{key}'",
                "names a paper that is not in the list",
                "Check the paper id.",
            )
