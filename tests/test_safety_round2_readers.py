"""Issue 22, cases 2, 3, 4, 13 and 14: readers bounded by what a file really holds.

A workbook's stated dimension and a cell far out, a CSV of empty lines, a pipe
named papers.json and a number of 5,000 digits in plan.json each end quickly
with an answer: the table is read, or one message and exit 2.  The workbook
cases run the command in a child process under a memory cap, so that the old
readers fail the test with MemoryError instead of exhausting the machine.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]
MEMORY_CAP = 4 * 2**30  # bytes of address space for the child process
FAR_CELL = "XFD1048576"  # the last cell of a sheet: column 16,384 of row 1,048,576


def _capped() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def _planner(*args: str | Path, cwd: Path, timeout: float = 90) -> subprocess.CompletedProcess[str]:
    """``planner ARGS`` in a child process with MEMORY_CAP; a hang fails the test."""
    return subprocess.run(
        [sys.executable, "-c", "from planner.cli import main; main()", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_capped,
        check=False,
    )


def _papers_xlsx(path: Path) -> None:
    """The tiny list as a workbook, plus a note in the sheet's last cell."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["ID", "Title", "Authors", "Decision"])
    ws.append([101, "Sparse attention", "Ann Lee", "Accept"])
    ws.append([102, "Second paper", "Bob Roe", "Accept"])
    ws[FAR_CELL] = "note"  # openpyxl states the dimension A1:XFD1048576
    wb.save(path)


def test_case_2_tiny_workbooks_claiming_every_cell_are_read_quickly(tiny: Path) -> None:
    from openpyxl import Workbook

    _papers_xlsx(tiny / "papers.xlsx")
    (tiny / "papers.json").unlink()
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Unavailable"])
    ws.append(["Ann Lee", "s1"])
    ws[FAR_CELL] = "note"
    wb.save(tiny / "availability.xlsx")
    venue = tiny / "venue.toml"
    text = venue.read_text("utf-8").replace(
        "[rules]\n", '[rules]\navailability = "availability.xlsx"\n'
    )
    venue.write_text(text, "utf-8")
    done = _planner("check", "tiny", cwd=tiny.parent)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-2000:])
    assert "Availability: 1 row(s) read from availability.xlsx" in done.stdout, done.stdout
    assert "Traceback" not in done.stderr


def test_case_3_a_note_in_the_last_cell_of_placements_does_not_hang_a_rerun(
    tiny: Path, cli: Cli
) -> None:
    from openpyxl import load_workbook

    out = tiny.parent / "out"
    first = cli("plan", tiny, "--out", out, "--time-limit", "2")
    assert first.exit_code == 0, first.output
    wb = load_workbook(out / "plan.xlsx")
    wb["Placements"][FAR_CELL] = "moved 101 on purpose"
    wb.save(out / "plan.xlsx")
    done = _planner("plan", "tiny", "--out", "out", "--time-limit", "2", cwd=tiny.parent)
    assert done.returncode == 0, (done.returncode, done.stdout, done.stderr[-2000:])


def test_case_4_a_csv_of_empty_lines_keeps_no_empty_rows() -> None:
    from planner.read.papers.rows import csv_rows

    data = b"id,title,authors\n1,Only paper,Ann Lee\n" + b"\n" * 300_000 + b"\r\n" * 1000
    rows = csv_rows(data, "papers.csv")
    assert rows == [(1, ["id", "title", "authors"]), (2, ["1", "Only paper", "Ann Lee"])]


def test_case_13_verify_refuses_a_pipe_named_papers_json_at_once(tiny: Path, cli: Cli) -> None:
    out = tiny.parent / "out"
    assert cli("plan", tiny, "--out", out, "--time-limit", "2").exit_code == 0
    (out / "papers.json").unlink()
    os.mkfifo(out / "papers.json")
    done = _planner("verify", "out", cwd=tiny.parent, timeout=30)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "out/papers.json" in done.stderr and "not a regular file" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["export", "verify"])
def test_case_14_a_5000_digit_revision_in_plan_json_is_refused(
    tiny: Path, cli: Cli, command: str
) -> None:
    out = tiny.parent / "out"
    assert cli("plan", tiny, "--out", out, "--time-limit", "2").exit_code == 0
    plan = out / "plan.json"
    text, count = re.subn(r'"revision": \d+', '"revision": ' + "9" * 5000, plan.read_text("utf-8"))
    assert count == 1
    plan.write_text(text, "utf-8")
    done = cli(command, out)
    assert done.exit_code == 2, (done.exit_code, done.output, done.exception)
    assert "out/plan.json" in done.stderr and "more than 4,300 digits" in done.stderr
    assert "Traceback" not in done.output and "set_int_max_str_digits" not in done.output
