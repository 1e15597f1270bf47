"""Issue 22, the output folder: cases 1, 9, 11 and 12 of the second safety round.

Each test is named after its case and uses the tiny conference in-process.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


def plan(cli: Cli, folder: Path, out: Path, *more: str) -> Result:
    return cli("plan", folder, "--out", out, "--time-limit", "1", *more)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def refused(result: Result, code: int, *fragments: str) -> str:
    """Asserts one clear message (no traceback, no internal error) holding every fragment."""
    text = result.output
    assert result.exit_code == code, (result.exit_code, text, result.exception)
    assert "Traceback" not in text and "internal error" not in text, text
    assert text.startswith("error: "), text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    return text


@pytest.fixture
def planned(tiny: Path, cli: Cli, workdir: Path) -> Path:
    """The tiny conference planned into workdir/out."""
    out = workdir / "out"
    ok(plan(cli, tiny, out))
    return out


def test_case_1_user_files_named_like_moving_copies_are_kept(
    planned: Path, tiny: Path, cli: Cli
) -> None:
    (planned / ".thesis.moving-2024").mkdir()
    (planned / ".thesis.moving-2024" / "chapter1.tex").write_text("my thesis", "utf-8")
    (planned / ".notes.moving-1").write_text("my notes", "utf-8")
    # The planner's own half-moved copy of one of its outputs is still cleared.
    (planned / ".plan.xlsx.moving-77").write_text("half a copy", "utf-8")
    ok(plan(cli, tiny, planned, "--fresh"))
    assert (planned / ".thesis.moving-2024" / "chapter1.tex").read_text("utf-8") == "my thesis"
    assert (planned / ".notes.moving-1").read_text("utf-8") == "my notes"
    assert not (planned / ".plan.xlsx.moving-77").exists()


def test_case_11_journal_recovery_installs_only_the_planners_own_names(
    planned: Path, workdir: Path, cli: Cli
) -> None:
    (planned / "notes.txt").write_text("the chair's notes", "utf-8")
    stage = workdir / ".out.staging-1"
    stage.mkdir()
    (stage / "notes.txt").write_text("planted", "utf-8")
    (stage / ".bashrc").write_text("planted", "utf-8")
    journal = {
        "version": 2,
        "stage": stage.name,
        "archive": "r001-20260101T000000",
        "phase": "installing",
        "old": ["plan.json"],
    }
    (planned / ".commit.json").write_text(json.dumps(journal), "utf-8")
    cli("export", planned)
    assert (planned / "notes.txt").read_text("utf-8") == "the chair's notes"
    assert not (planned / ".bashrc").exists()
    assert not list((planned / "archive").glob("*/notes.txt"))


def test_case_12_verify_on_an_unfinished_commit_says_so_and_what_to_run(
    planned: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, tiny: Path
) -> None:
    from planner.outputs import folder as output

    real = output._move
    calls: list[str] = []

    def die_on_third(src: Path, dst: Path) -> None:
        calls.append(dst.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the run is killed half way through installing
        real(src, dst)

    monkeypatch.setattr(output, "_move", die_on_third)
    assert plan(cli, tiny, planned, "--fresh", "--seed", "4").exit_code == 130
    monkeypatch.setattr(output, "_move", real)
    assert (planned / ".commit.json").exists()
    text = refused(cli("verify", planned), 2, ".commit.json", "half way", "planner plan")
    assert "papers-json" not in text


def test_case_9_a_very_long_out_name_is_refused_with_a_message(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    out = workdir / ("o" * 250)
    refused(plan(cli, tiny, out), 2, "too long", "--out")
    assert not os.path.lexists(out)


def test_case_5_one_folder_reached_by_two_paths_has_one_lock(tmp_path: Path) -> None:
    """The lock is keyed by the folder's device and inode too: a bind mount or a share
    mounted twice gives another resolved path but the same identity, so the run that
    holds the identity lock (another path's run) stops this one."""
    import filelock

    from planner.core.errors import LockedError
    from planner.outputs.lock import identity_lock_path, locked

    out = tmp_path / "out"
    out.mkdir()
    same = identity_lock_path(out)
    assert same is not None
    same.parent.mkdir(parents=True, exist_ok=True)
    other = filelock.FileLock(str(same), timeout=0)
    other.acquire()  # what a run through the other mount holds
    try:
        with pytest.raises(LockedError), locked(out):
            pass
    finally:
        other.release()
    with locked(out):  # free again
        pass
