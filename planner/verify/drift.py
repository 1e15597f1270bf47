"""Notes, not violations: where the inputs given differ from the ones the plan was made with.

The venue file, its availability table and the paper list given to
``planner verify`` may have changed since ``planner plan`` ran; the checks
then judge the plan by the new inputs, and these notes say why a rule the
plan kept may now seem broken.
"""

from __future__ import annotations

from planner.plan.records import Plan
from planner.read.conference import Venue
from planner.verify.context import Check
from planner.verify.report import Report


def note_input_drift(report: Report, plan: Plan, venue: Venue, papers_sha: str) -> None:
    """Notes a venue file, availability table or paper list other than the plan's."""
    if venue.sha256 and venue.sha256 != plan.inputs.venue_sha256:
        report.notes.append(
            f"the venue file {venue.source} differs from the one the plan "
            f"was made with ({plan.inputs.venue})"
        )
    if [u for u in venue.unavailable if u.row] != [u for u in plan.venue.unavailable if u.row]:
        report.notes.append(
            f"the availability table ({venue.rules.availability or 'none'}) differs from the "
            "one the plan was made with"
        )
    if papers_sha and papers_sha != plan.inputs.papers_sha256:
        report.notes.append(
            f"the paper list differs from the one the plan was made with ({plan.inputs.papers})"
        )


def note_snapshot(check: Check) -> None:
    """Notes where the plan's copy of the papers differs from the paper list given."""
    if check.inputs is None:
        return
    differ = [
        p.id
        for p in check.inputs
        if p.id in check.papers
        and (
            p.title != check.papers[p.id].title_raw
            or len(p.authors) != len(check.papers[p.id].author_names)
        )
    ]
    if differ:
        check.note(
            f"{len(differ)} paper(s) changed title or authors since the plan was "
            f"made ({check.posters(differ)}); clashes are counted from the plan's "
            "copy: rerun planner plan"
        )
