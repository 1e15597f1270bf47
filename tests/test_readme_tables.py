"""The README's tables of where a list comes from and where the plan goes, against the code.

Each system row's ``--from`` names a reader that exists and calls itself that;
each app row's file is one every plan writes.  A table that drifts from the
code fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from planner.read.papers.systems import SYSTEMS, readers

README = Path(__file__).resolve().parents[1] / "README.md"


def _table(heading: str) -> list[list[str]]:
    """The rows of the first table under ``heading``, as cells (header and rule left out)."""
    text = README.read_text("utf-8")
    start = text.index(f"\n{heading}\n")
    rows = []
    for line in text[start:].splitlines()[2:]:
        if line.startswith("#"):
            break
        if line.startswith("|") and not line.startswith("|---"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
    return rows[1:]


def test_every_system_reader_is_in_the_readme_with_its_from_name() -> None:
    rows = _table("### Where your list comes from")
    named = {m for row in rows for m in re.findall(r"--from (\w+)", row[2])}
    assert named == set(SYSTEMS)
    assert {r.name for r in readers()} == set(SYSTEMS)


def test_every_app_file_in_the_readme_is_written_by_every_plan(tiny: Path, tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from planner.cli import app

    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(tiny), "--out", str(out), "--time-limit", "2"])
    assert result.exit_code == 0, result.output
    rows = _table("### Where the plan goes")
    files = {f for row in rows for f in re.findall(r"`([\w./*-]+)`", row[1])}
    assert {"whova-agenda.xlsx", "guidebook.csv", "acl-order.txt"} <= files
    for name in files:
        assert list(out.glob(name)), name
