"""The run summary as people read it: whole lines when piped or logged, and on a
narrow terminal broken only between clauses, never inside a figure."""

from __future__ import annotations

import io
import itertools

import pytest
from conftest import TINY
from rich.console import Console

from planner.console import print_plan_summary
from planner.engine import Options, make_plan
from planner.people.inputs import load
from planner.plan.records import Plan


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(TINY), Options(time_limit=2))


def summary(plan: Plan, console: Console) -> list[str]:
    print_plan_summary(plan, "exports/tiny-with-a-rather-long-folder-name", 3.2, console)
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue().splitlines()


def expected_lines(plan: Plan) -> list[str]:
    """The summary's lines as written, from a console far wider than any of them."""
    wide = Console(file=io.StringIO(), width=10_000, color_system=None)
    return summary(plan, wide)


def test_piped_summary_is_whole_lines(plan: Plan) -> None:
    """Not a terminal (a pipe, a log, CI) and only 40 columns: no line is broken."""
    piped = Console(file=io.StringIO(), width=40, color_system=None)
    lines = summary(plan, piped)
    assert lines == expected_lines(plan)
    topics = next(line for line in lines if line.lstrip().startswith("topics"))
    assert "grouping" in topics and "x random" in topics and len(topics) > 40


@pytest.mark.parametrize("width", [50, 72])
def test_narrow_terminal_breaks_between_clauses(plan: Plan, width: int) -> None:
    terminal = Console(file=io.StringIO(), width=width, force_terminal=True, color_system=None)
    lines = summary(plan, terminal)
    whole = expected_lines(plan)
    assert len(lines) > len(whole)  # something was long enough to break
    # Joining each broken line to its continuations gives the line as written.
    joined: list[str] = []
    for line in lines:
        if line.startswith(" " * 16) and joined:
            joined[-1] += " " + line.strip()
        else:
            joined.append(line)
    assert joined == whole
    # Every break falls between clauses: after ",", ";" or "→", or before "(".
    for before, after in itertools.pairwise(lines):
        if after.startswith(" " * 16):
            assert before.rstrip()[-1] in ",;→" or after.strip().startswith("("), (before, after)
