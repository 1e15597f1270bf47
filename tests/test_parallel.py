"""Outputs written in lanes side by side (planner.outputs.parallel): same files, same errors.

On Linux the calendar feeds and the workbook are written by a forked child
while this process writes the rest; a failure in the child must reach the
user exactly as if it had happened here, and leave the output folder as it was.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

from planner.core.errors import InfeasibleError, InputError, PlannerError, Problem
from planner.outputs import parallel
from planner.outputs.folder import write_outputs
from planner.outputs.writers import WRITERS
from planner.plan.records import Plan

needs_fork = pytest.mark.skipif(not parallel.forks(), reason="lanes run one after another here")


def _writes(path: Path, text: str):
    return lambda: path.write_text(text, "utf-8")


def _fails(exc: BaseException):
    def step() -> None:
        raise exc

    return step


@needs_fork
def test_a_child_lane_sees_the_parents_memory_and_writes_its_files(tmp_path: Path) -> None:
    big = {"x": list(range(100_000))}  # made before the fork, never sent to the child
    parent_pid = os.getpid()
    pids: list[int] = []

    def child_step() -> None:
        (tmp_path / "child").write_text(f"{sum(big['x'])} {os.getpid() != parent_pid}", "utf-8")

    parallel.run_lanes([[lambda: pids.append(os.getpid())], [child_step]])
    assert pids == [parent_pid]
    assert (tmp_path / "child").read_text("utf-8") == f"{sum(range(100_000))} True"


@needs_fork
def test_a_planner_error_in_a_child_is_raised_here_with_its_problems(tmp_path: Path) -> None:
    problem = Problem("venue.toml", "[[rooms]] 'hall'", "boards must be positive", "Fix it.")
    with pytest.raises(InputError) as caught:
        parallel.run_lanes([[_writes(tmp_path / "a", "a")], [_fails(InputError(problem))]])
    assert caught.value.problems == [problem]
    assert (tmp_path / "a").exists()  # this process's lane ran to its end


@needs_fork
def test_an_os_error_in_a_child_keeps_its_file_name(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "file"
    with pytest.raises(FileNotFoundError) as caught:
        parallel.run_lanes([[], [lambda: missing.write_text("x")], [lambda: None]])
    assert caught.value.filename == str(missing)


@needs_fork
def test_an_exception_that_does_not_pickle_arrives_as_its_text() -> None:
    class Local(Exception):  # a local class cannot be pickled
        pass

    with pytest.raises(RuntimeError, match="Local: the reason"):
        parallel.run_lanes([[lambda: None], [_fails(Local("the reason"))]])


@needs_fork
def test_a_child_that_dies_is_a_failure_not_a_silent_success() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        parallel.run_lanes([[lambda: None], [lambda: os._exit(3)]])


@needs_fork
def test_a_failure_here_stops_the_children_before_it_is_raised(tmp_path: Path) -> None:
    import time

    def slow() -> None:
        time.sleep(30)
        (tmp_path / "late").write_text("x")

    start = time.monotonic()
    with pytest.raises(ValueError):
        parallel.run_lanes([[_fails(ValueError("here"))], [slow]])
    assert time.monotonic() - start < 10
    assert not (tmp_path / "late").exists()


def test_without_fork_the_lanes_run_in_order(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(parallel, "forks", lambda: False)
    order: list[int] = []
    parallel.run_lanes([[lambda: order.append(1)], [lambda: order.append(2)], []])
    assert order == [1, 2]


@pytest.mark.parametrize("cls", [InputError, InfeasibleError, PlannerError])
def test_planner_errors_pickle_with_their_problems(cls: type[PlannerError]) -> None:
    error = cls([Problem("f", "row 2", "bad", "fix"), "a line"])
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is cls and str(again) == str(error)
    assert [str(p) for p in again.problems] == [str(p) for p in error.problems]


def _plan(tmp_path: Path) -> Plan:
    from helpers import make_inputs, paper, room, run, session, venue

    papers = [paper(f"p{i}", [f"a{i}", "shared"]) for i in range(4)]
    return run(make_inputs(papers, venue([session("s1", 0), session("s2", 1)], [room("r", 4)])))


def test_the_same_files_with_and_without_lanes(monkeypatch, tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    write_outputs(plan, tmp_path / "lanes", WRITERS)
    monkeypatch.setattr(parallel, "forks", lambda: False)
    write_outputs(plan, tmp_path / "serial", WRITERS)

    def tree(root: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(root)): p.read_bytes()
            for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != "plan.xlsx"
        }

    assert tree(tmp_path / "lanes") == tree(tmp_path / "serial")
    assert any(name.endswith(".ics") for name in tree(tmp_path / "lanes"))


def test_a_feed_writer_failing_leaves_the_previous_plan_in_place(tmp_path: Path) -> None:
    plan = _plan(tmp_path)
    out = tmp_path / "out"
    write_outputs(plan, out, WRITERS)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    def broken_feeds(plan: Plan, folder: Path) -> None:
        (folder / "calendars").mkdir(exist_ok=True)
        raise OSError(28, "No space left on device", str(folder / "calendars" / "x.ics"))

    broken_feeds.__module__ = "planner.outputs.calendars"  # the side lane's writer
    writers = [w for w in WRITERS if "calendars" not in getattr(w, "__module__", "")]
    with pytest.raises(InputError, match=r"No space left on device"):
        write_outputs(plan, out, [*writers, broken_feeds])
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert not any(p.name.startswith(".") and p.is_dir() for p in tmp_path.iterdir())
