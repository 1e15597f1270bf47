"""``planner verify``: an independent check of a written plan.

It re-reads ``DIR/plan.json`` and ``DIR/papers.json`` (and, when given, the
paper list and the venue file) and checks every hard rule from the data alone:

- ``placement``: every accepted paper is placed exactly once, in a session and
  room the venue has, and nothing else is placed;
- ``capacity``: no room holds more posters in a session than its boards there
  less its spare boards;
- ``room-closed``: no poster is in a room closed in its session;
- ``board``: board numbers lie within 1..boards of the room in that session,
  are unique per session and room, and carry the venue's label;
- ``papers-json``: ``papers.json`` lists exactly the placed papers, with the
  plan's session names, room names, board labels and topics, and keeps every
  input field as it came;
- ``time``: its ``starttime``/``endtime`` are the session's times, ISO 8601
  with the venue zone's UTC offset at that date;
- ``presenter``: no presenter has two posters at overlapping times (with
  ``[rules] halves``, two in one session only in the same half);
- ``halves``: with ``[rules] halves``, papers.json's ``half`` is each poster's
  board-parity half with that half's times, and a presenter's two posters in
  one session are in opposite halves; without it, no record has a half;
- ``pin``: every pin of the venue holds (session, room, board);
- ``unavailable``: no poster is in a session one of its authors is away for;
- ``place``: every poster is where its ``[[place]]`` rules let it go, and a
  room or session an exclusive rule reserves holds only its rules' posters;
- ``clashes``: the plan's clash list is exactly the shared-author clashes
  recounted from the author lists;
- ``figures``: the plan's own figures (posters, placed, clashes, presenter
  clashes, clash lower bound, moves) equal the recount;
- ``files``: every output parses (planner.outputs.wellformed): the JSON files, the
  schedule (with one event per placement), the workbook, the feeds.

It shares no code with the solver side on purpose, so that a bug in one is
caught by the other: time overlap, room capacities, board labels, clash
counting and the clash lower bound are re-implemented in this package.  Only the readers
are shared (the plan schema, the venue and paper-list readers, id
normalisation): they decide what the files say, not where posters go.

This module runs the checks, one module of the package per rule family, in
the order their notes should read, and sorts the violations into the order of
``RULES``; it also words the report for the command line.
"""

from __future__ import annotations

from pathlib import Path

from planner.core.errors import display_path
from planner.core.gcfreeze import with_existing_objects_frozen
from planner.read.conference import PaperList
from planner.read.papers.systems import ReadOptions
from planner.verify.availability import away, check_unavailable
from planner.verify.capacity import check_rooms_and_boards
from planner.verify.clashes import check_clashes
from planner.verify.context import Check
from planner.verify.drift import note_input_drift, note_snapshot
from planner.verify.figures import check_figures
from planner.verify.halves import check_halves
from planner.verify.papers_json import check_papers_json
from planner.verify.pins import check_pins, check_talk_pins
from planner.verify.place import check_place, check_talk_place
from planner.verify.placement import check_placement
from planner.verify.presenters import check_presenters
from planner.verify.reading import read_inputs, read_plan
from planner.verify.report import RULES, Report, Violation
from planner.verify.sites import check_sites
from planner.verify.talks import check_talks


@with_existing_objects_frozen  # reading the plan back allocates a lot: see planner.core.gcfreeze
def verify(
    folder: Path,
    input_path: Path | None = None,
    venue_path: Path | None = None,
    files: bool = True,
    paper_list: PaperList | None = None,
    options: ReadOptions | None = None,
) -> Report:
    """Checks the plan in ``folder`` against every hard rule.

    Without ``input_path`` the venue and the papers are the plan's own copies
    (``venue_path`` replaces the venue); with it, the paper list and venue it
    names (as ``planner plan`` resolves them) say which papers must be placed
    and under which rules.  Raises InputError when the plan or an input cannot
    be read.  ``paper_list``: the list at ``input_path`` as the caller has just
    read it (``planner plan`` checking its own output: the same reader on the same
    file would only take a second to say the same); ``options``: ``--from`` and
    ``--venue-id`` for reading it.
    """
    folder = Path(folder)
    plan = read_plan(folder)
    venue, inputs, papers_sha = read_inputs(input_path, venue_path, paper_list, options)
    report = Report(folder)
    if venue is None:
        venue = plan.venue
    else:
        note_input_drift(report, plan, venue, papers_sha)
    _run_checks(Check(plan, venue, inputs, report), folder)
    if files:  # planner plan and export check their files as they write them
        from planner.outputs.wellformed import problems_in

        report.violations += [Violation("files", p) for p in problems_in(folder)]
    order = {rule: i for i, rule in enumerate(RULES)}
    report.violations.sort(key=lambda v: order.get(v.rule, len(order)))
    return report


def _run_checks(check: Check, folder: Path) -> None:
    """Every rule family in turn: placement first, as the later checks read what it finds."""
    check_placement(check)
    check_rooms_and_boards(check)
    check_papers_json(check, folder)
    check_pins(check)
    check_talk_pins(check)
    check_place(check)
    check_talk_place(check)
    person_away, entries = away(check)
    check_unavailable(check, entries)
    presenter_pairs = check_presenters(check)
    check_sites(check)
    check_halves(check, folder)
    check_talks(check, folder)
    check_clashes(check, presenter_pairs, person_away)
    check_figures(check)
    note_snapshot(check)


def format_report(report: Report) -> str:
    """One line per violation (``rule: message``), the figures, notes, and a verdict."""
    lines = [str(v) for v in report.violations]
    f = report.figures
    if f:
        parts = [
            f"{f.get('placed', 0)} of {f.get('posters', 0)} posters placed",
            f"shared-author clashes {f.get('clashes', 0)} (lower bound "
            f"{f.get('clash_lower_bound', 0)})",
            f"presenter clashes {f.get('presenter_clashes', 0)}",
        ]
        if f.get("topic_grouping") is not None:
            parts.append(f"same-topic neighbours {f['topic_grouping']:.2f}x random")
        moves = f"moves {f.get('moves', 0)}"
        if f.get("moves_by_kind"):
            moves += (
                " (" + ", ".join(f"{n} {k}" for k, n in sorted(f["moves_by_kind"].items())) + ")"
            )
        parts.append(moves)
        lines.append("figures: " + "; ".join(parts))
    lines += [f"note: {n}" for n in report.notes]
    if report.violations:
        broken = [r for r in RULES if r in report.rules]
        lines.append(
            f"FAILED: {len(report.violations)} violation(s) of "
            f"{', '.join(broken)} in {display_path(report.folder)}"
        )
    else:
        lines.append(f"OK: every hard rule holds in {display_path(report.folder)}")
    return "\n".join(lines)
