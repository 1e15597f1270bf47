"""Shared fixtures: the bundled example, a tiny paper list, and the command line.

The command line's consoles read the terminal width and colour settings when
``planner.console`` is first imported, so they are fixed here, before any test
imports it: wide enough that summary tables never wrap, and no colour codes.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

os.environ["COLUMNS"] = "200"
# Revisions are stamped with the time they are made; a fixed SOURCE_DATE_EPOCH
# makes the tests' runs reproducible (tests of the real clock unset it).
os.environ["SOURCE_DATE_EPOCH"] = "1767225600"
os.environ["NO_COLOR"] = "1"
os.environ.pop("FORCE_COLOR", None)

from typer.testing import CliRunner, Result

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"
DATA = Path(__file__).resolve().parent / "data"
TINY = DATA / "tiny"

# A venue with two sessions at different times and one room of four boards;
# tests append tables to it or replace lines in it.
BASE_VENUE = """\
name = "Tiny Conf"
timezone = "America/Los_Angeles"

[[sessions]]
id = "s1"
name = "Session 1"
start = 2026-05-19T16:30:00
end = 2026-05-19T18:30:00

[[sessions]]
id = "s2"
name = "Session 2"
start = 2026-05-20T16:30:00
end = 2026-05-20T18:30:00

[[rooms]]
id = "hall"
name = "Hall"
boards = 4
"""


@pytest.fixture
def base_venue() -> str:
    """The text of a small valid venue file (see BASE_VENUE)."""
    return BASE_VENUE


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder that is also the current directory, so messages name
    files exactly as a user typing relative paths would see them."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def tiny(workdir: Path) -> Path:
    """A copy of tests/data/tiny (papers.json and venue.toml) in the work folder."""
    folder = workdir / "tiny"
    shutil.copytree(TINY, folder)
    return folder


@pytest.fixture
def cli() -> Callable[..., Result]:
    """Runs ``planner ARGS...`` in-process; returns the result (exit_code, stdout, stderr)."""
    from planner.cli import app

    runner = CliRunner()

    def run(*args: str | Path) -> Result:
        return runner.invoke(app, [str(a) for a in args])

    return run


@pytest.fixture
def expect_input_error(cli: Callable[..., Result]) -> Callable[..., str]:
    """Runs ``planner check ARGS`` and asserts a clean input error: exit 2, no
    traceback, no internal error, nothing on stdout, and every fragment in the
    message.  Returns the message (stderr)."""

    def check(args: list[str | Path], *fragments: str) -> str:
        result = cli("check", *args)
        text = result.stderr
        assert result.exit_code == 2, (result.exit_code, result.output, result.exception)
        assert "Traceback" not in result.output
        assert "internal error" not in result.output
        assert result.stdout == ""
        assert text.startswith("error: ")
        for fragment in fragments:
            assert fragment in text, f"{fragment!r} not in {text!r}"
        return text

    return check
