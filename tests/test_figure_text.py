"""The plan's figures are worded once (planner.plan.figure_text): the run's summary, the
figures of report.html and the Figures rows of plan.xlsx say the same words."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import TINY
from lxml import html as lxml_html
from openpyxl import load_workbook
from rich.console import Console

from planner.console import print_plan_summary
from planner.engine import Options, make_plan
from planner.outputs.report import page as report
from planner.outputs.workbook import book as workbook
from planner.people.inputs import load
from planner.plan import figure_text
from planner.plan.records import Changes, Figures, Move, Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(TINY), Options(time_limit=2))


def console_line(plan: Plan, label: str) -> str:
    wide = Console(file=io.StringIO(), width=10_000, color_system=None)
    print_plan_summary(plan, "out", 1.0, wide)
    assert isinstance(wide.file, io.StringIO)
    line = next(x for x in wide.file.getvalue().splitlines() if x.strip().startswith(label))
    return line.strip()[len(label) :].strip()


def report_cards(plan: Plan) -> dict[str, str]:
    doc = lxml_html.fromstring(report.render(plan))
    return {
        dt.text_content(): dt.getnext().text_content() for dt in doc.xpath('//*[@id="figures"]//dt')
    }


def overview_rows(plan: Plan, folder: Path) -> dict[str, object]:
    workbook.write(plan, folder)
    ws = load_workbook(folder / workbook.FILE)[workbook.OVERVIEW]
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)}


def variant(plan: Plan, **figures: object) -> Plan:
    copy = plan.model_copy(deep=True)
    copy.figures = Figures.model_validate({**copy.figures.model_dump(), **figures})
    return copy


@pytest.mark.parametrize(
    "figures",
    [
        {},
        {"reproducible": False, "session_grouping": 1.234, "grouping": 1.5},
        {"session_grouping": None, "grouping": 2.0},
    ],
    ids=["as-planned", "not-reproducible", "no-session-figure"],
)
def test_three_outputs_word_reproducibility_and_grouping_alike(
    plan: Plan, figures: dict[str, object], tmp_path: Path
) -> None:
    shown = variant(plan, **figures)
    f = shown.figures
    repro, grouping = figure_text.reproducibility(f), figure_text.grouping(f)
    if not f.reproducible:
        assert repro == "not reproducible (wall-clock limit hit)"
    if f.session_grouping is not None:
        assert grouping == (
            f"{f.session_grouping:.2f}x random by session, {f.grouping:.2f}x by room"
        )
    else:
        assert grouping == f"{f.grouping:.2f}x random by room"

    solver = console_line(shown, "solver")
    topics = console_line(shown, "topics")
    assert solver.endswith(f"; {repro}")
    assert f"grouping {grouping}, neighbours {figure_text.neighbours(f)}" in topics

    cards = report_cards(shown)
    assert f"; {repro}; " in cards["Solver"]
    assert cards["Topic grouping"].startswith(grouping)
    assert cards["Neighbours"].startswith(figure_text.neighbours(f))

    rows = overview_rows(shown, tmp_path)
    assert rows["Reproducibility"] == repro
    assert rows["Topic grouping"] == grouping
    assert rows["Neighbours"] == figure_text.neighbours(f)

    # And the solver's own figures read the same in the summary and the report.
    assert solver.startswith(f"{f.status}, {figure_text.objective_and_bound(f)}, gap ")
    assert figure_text.objective_and_bound(f) in cards["Solver"]


def test_changes_since_the_last_revision_read_alike(plan: Plan) -> None:
    shown = plan.model_copy(deep=True)
    shown.changes = Changes(
        previous_revision=1,
        moved=[
            Move(paper="p1", title="t", before="a", after="b", kind="room", why="to fit"),
        ],
        added=["p2"],
        removed=["p3", "p4"],
        authors_affected=["k1", "k2", "k3"],
    )
    ch = shown.changes
    assert figure_text.changes(ch) == "1 moved, 1 added, 2 removed, 0 edited; 3 authors to notify"
    assert console_line(shown, "changes").startswith(figure_text.changes(ch))
    card = report_cards(shown)["Changes"]
    assert card == f"{figure_text.moved(ch)}since revision 1: {figure_text.other_changes(ch)}"


def test_numbers() -> None:
    assert figure_text.number(None) == "n/a"
    assert figure_text.number(1470.0) == "1,470"
    assert figure_text.number(1470.5) == "1,470.50"
