"""Format, lint and types are checked with the tests, so CI runs all of them.

The README's test command is ``pytest``; these tests run ``ruff format --check``,
``ruff check`` and ``mypy`` (configured in pyproject.toml) on the whole tree,
as slotmachine's Makefile runs its linters beside its tests.  Each fails with
the tool's own output, which names the file and line to fix.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> list[str]:
    """The tool installed beside this Python (the test extra), run as a module if need be."""
    beside = Path(sys.executable).with_name(name)
    if beside.exists():
        return [str(beside)]
    found = shutil.which(name)
    if found:
        return [found]
    return [sys.executable, "-m", name]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize(
    "command",
    [("ruff", "format", "--check", "."), ("ruff", "check", "."), ("mypy",)],
    ids=["ruff-format", "ruff-check", "mypy"],
)
def test_the_tree_passes(command: tuple[str, ...]) -> None:
    result = _run(*_tool(command[0]), *command[1:])
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}{result.stderr}"
