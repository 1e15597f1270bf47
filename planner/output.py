"""Writing the output folder: all or nothing, the previous plan archived, one run at a time.

A run writes every file into a staging folder beside the output folder, checks
it, and only then commits: the current outputs move into
``archive/r<revision>-<time>/`` and the staged files move in.  The commit keeps
a journal, so a run killed half way is finished by the next run before it does
anything else; a killed run before the commit leaves the outputs as they were.
A lock file beside the output folder refuses a second run into the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

from planner.errors import InputError, LockedError, Problem, display_path
from planner.plan import Plan

PLAN_FILE = "plan.json"
ARCHIVE = "archive"
JOURNAL = ".commit.json"
Writer = Callable[[Plan, Path], None]


def lock_path(out: Path) -> Path:
    return out.parent / f".{out.name}.lock"


@contextlib.contextmanager
def locked(out: Path) -> Iterator[None]:
    """Holds the output folder's lock for the whole run."""
    out.parent.mkdir(parents=True, exist_ok=True)
    path = lock_path(out)
    handle = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES):
                handle.seek(0)
                holder = handle.read().strip() or "another process"
                raise LockedError(Problem(display_path(out), "", f"another planner run ({holder})"
                                          " is writing this output folder",
                                          "Wait for it to finish, or use another --out.")
                                  ) from None
            raise
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        recover(out)
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_journal(out: Path, data: dict[str, object]) -> None:
    tmp = out / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(data), "utf-8")
    os.replace(tmp, out / JOURNAL)
    _fsync_dir(out)


def recover(out: Path) -> None:
    """Finishes a commit a killed run left half done, and clears stale staging."""
    journal = out / JOURNAL
    if journal.exists():
        try:
            data = json.loads(journal.read_text("utf-8"))
        except (OSError, json.JSONDecodeError):
            data = None
        if data:
            _run_commit(out, Path(data["stage"]), Path(data["archive"]), data["phase"],
                        data["old"])
        journal.unlink(missing_ok=True)
    for stale in out.parent.glob(f".{out.name}.staging-*"):
        if not (out / JOURNAL).exists():
            shutil.rmtree(stale, ignore_errors=True)


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """Archives a file by hard link (instant; the installed files replace, never
    modify, the old ones), or by copy where links are not possible."""
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


def _run_commit(out: Path, stage: Path, archive: Path, phase: str, old: list[str]) -> None:
    """The commit, in two phases that a later run can finish from the journal.

    archiving: the current outputs are *copied* into the archive, so they stay
    in place and readable until they are replaced.  installing: each staged
    entry replaces its old one (``os.replace`` is atomic per file), plan.json
    last, so the plan file is always a complete plan; then leftovers of the old
    plan go.  Both phases can be run again after a kill.
    """
    if phase == "archiving":
        if old:
            shutil.rmtree(archive, ignore_errors=True)  # a half copy from a killed run
            partial = archive.with_name(archive.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            partial.mkdir(parents=True)
            for name in old:
                src = out / name
                if src.is_dir():
                    shutil.copytree(src, partial / name, copy_function=_link_or_copy)
                elif src.exists():
                    _link_or_copy(src, partial / name)
            os.replace(partial, archive)
        _write_journal(out, {"stage": str(stage), "archive": str(archive),
                             "phase": "installing", "old": old})
    if stage.exists():
        entries = sorted(stage.iterdir(), key=lambda e: (e.name == PLAN_FILE, e.name))
        for entry in entries:
            target = out / entry.name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            os.replace(entry, target)
        new = {e.name for e in entries}
        for name in old:
            if name not in new:
                leftover = out / name
                if leftover.is_dir():
                    shutil.rmtree(leftover, ignore_errors=True)
                else:
                    leftover.unlink(missing_ok=True)
        shutil.rmtree(stage, ignore_errors=True)
    _fsync_dir(out)


def previous_plan_path(out: Path) -> Path | None:
    path = out / PLAN_FILE
    return path if path.exists() else None


def _archive_name(out: Path, revision: int | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = out / ARCHIVE / (f"r{revision:03d}-{stamp}" if revision else f"unknown-{stamp}")
    path, n = base, 1
    while path.exists():
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def write_outputs(plan: Plan, out: Path, writers: list[Writer],
                  check: Callable[[Path], None] | None = None,
                  previous_revision: int | None = None) -> Path:
    """Writes every output into staging, checks it, then commits. Returns the archive used."""
    stage = out.parent / f".{out.name}.staging-{os.getpid()}"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    try:
        for writer in writers:
            writer(plan, stage)
        if check is not None:
            check(stage)
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    if not out.exists():
        os.replace(stage, out)
        _fsync_dir(out.parent)
        return out
    if not out.is_dir():
        shutil.rmtree(stage, ignore_errors=True)
        raise InputError(Problem(display_path(out), "", "the output path is a file",
                                 "Give a folder with --out."))
    old = sorted(e.name for e in out.iterdir()
                 if e.name not in (ARCHIVE, JOURNAL) and not e.name.startswith(".commit"))
    archive = _archive_name(out, previous_revision)
    _write_journal(out, {"stage": str(stage), "archive": str(archive), "phase": "archiving",
                         "old": old})
    _run_commit(out, stage, archive, "archiving", old)
    (out / JOURNAL).unlink(missing_ok=True)
    return archive


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")


def write_plan(plan: Plan, folder: Path) -> None:
    write_text(folder / PLAN_FILE, plan.to_json())
