"""Writing the output folder: all or nothing, the previous plan archived, one run at a time.

A run writes every file into a staging folder beside the output folder, checks
it (every file must parse: planner.outputs.wellformed), and only then commits: the
current outputs are linked into ``archive/r<revision>-<time>/`` and the staged
files move in.  The commit keeps a journal (``.commit.json``), so a run killed
half way is finished by the next run before it does anything else; a run
killed before the commit leaves the outputs as they were.  A lock file beside
the output folder refuses a second run into the same folder (planner.outputs.lock,
which runs ``recover`` once it holds the lock).

What the planner may touch, and nothing else (README, "The output folder"):

- its staging folder ``.<out>.staging-<pid>`` beside the output folder, and its
  lock file ``.<out>.lock`` there;
- inside the output folder, the names it writes (OUTPUT_NAMES), its journal,
  its ``archive/`` folder and half-moved copies of
  its outputs (``.<output>.moving-<pid>``).

Paths are resolved once (symbolic links in ``--out`` itself followed), so the
lock belongs to the real folder whatever alias names it; links *inside* the
folder are never followed: one is archived as a link (or moved into the
archive whole) and replaced, never written through.  The journal is not
trusted: recovery acts only on a staging folder and an archive entry whose
names it can prove are its own, and on plain names of its own outputs.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import shutil
import stat
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

from planner.core.errors import InputError, PlannerError, Problem, display_path
from planner.outputs.parallel import Step, run_lanes
from planner.outputs.wellformed import CALENDARS, DATA, PARTS, WORKBOOK, check_outputs
from planner.plan.records import Plan

PLAN_FILE = "plan.json"
ARCHIVE = "archive"
JOURNAL = ".commit.json"
# Every name the writers put into the output folder: the only entries a commit
# archives, replaces or removes.  Anything else in the folder is left alone.
OUTPUT_NAMES = frozenset(
    {
        PLAN_FILE,
        "papers.json",
        "changes.json",
        "plan.xlsx",
        "report.html",
        "schedule.json",
        "schedule.xml",
        "placements.csv",
        "calendars",
    }
)
_ARCHIVE_ENTRY = re.compile(r"(?:r\d+|unknown)-\d{8}T\d{6}(?:-\d+)?")
# Only half-moved copies of the planner's own outputs: a user's ``.thesis.moving-2024``
# in the folder is theirs and is left alone.
MOVING = re.compile(rf"\.(?:{'|'.join(re.escape(n) for n in sorted(OUTPUT_NAMES))})\.moving-\d+")
_JOURNAL_BYTES = 1 << 20
Writer = Callable[[Plan, Path], None]


def resolve_out(out: Path) -> Path:
    """The real folder ``out`` names: the one identity for the lock, the staging and the checks."""
    return Path(os.path.realpath(out))


def staging_path(out: Path, pid: int | None = None) -> Path:
    return out.parent / f".{out.name}.staging-{os.getpid() if pid is None else pid}"


def _is_own_staging(out: Path, name: str) -> bool:
    return re.fullmatch(rf"\.{re.escape(out.name)}\.staging-\d+", name) is not None


def cannot(action: str, path: Path, exc: OSError, fix: str) -> InputError:
    """An OSError as one message: what could not be done, to which path, and the fix."""
    reason = exc.strerror or type(exc).__name__
    return InputError(Problem(display_path(path), "", f"cannot {action} ({reason})", fix))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):  # not possible on Windows, and not needed there
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --------------------------------------------------------------------------- the journal


@dataclass(frozen=True)
class Commit:
    """A commit as the journal states it, every path proved to be the planner's own."""

    stage: Path  # .<out>.staging-<pid> beside the output folder
    archive: Path  # <out>/archive/<entry>
    phase: str  # "archiving" or "installing"
    old: tuple[str, ...]  # names of OUTPUT_NAMES that were in the folder

    def journal(self) -> dict[str, object]:
        return {
            "version": 2,
            "stage": self.stage.name,
            "archive": self.archive.name,
            "phase": self.phase,
            "old": list(self.old),
        }


class UntrustedJournal(Exception):
    """The journal names something that is not provably the planner's own."""


def _named(out: Path, value: object, base: Path, what: str) -> str:
    """The last path component of a journal entry, which must lie directly in ``base``."""
    if not isinstance(value, str) or not value:
        raise UntrustedJournal(f"the {what} is not a name")
    path = Path(value)
    name = path.name
    # A journal of an older planner holds absolute paths: they must be the very
    # place this run would use, never anywhere else on the disk.
    if path.is_absolute() and resolve_out(path.parent) != resolve_out(base):
        raise UntrustedJournal(f"the {what} '{value}' lies outside {display_path(base)}")
    if not path.is_absolute() and str(path) != name:
        raise UntrustedJournal(f"the {what} '{value}' is not a plain name")
    return name


def _read_journal(out: Path) -> Commit:
    journal = out / JOURNAL
    if journal.is_symlink() or not journal.is_file():
        raise UntrustedJournal("it is not a plain file")
    if journal.stat().st_size > _JOURNAL_BYTES:
        raise UntrustedJournal("it is far too large for a journal")
    try:
        data = json.loads(journal.read_text("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise UntrustedJournal(f"it is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise UntrustedJournal("it is not a JSON object")
    stage = _named(out, data.get("stage"), out.parent, "staging folder")
    if not _is_own_staging(out, stage):
        raise UntrustedJournal(
            f"the staging folder '{stage}' is not named as this folder's "
            f"staging (.{out.name}.staging-<number>)"
        )
    archive = _named(out, data.get("archive"), out / ARCHIVE, "archive")
    if not _ARCHIVE_ENTRY.fullmatch(archive):
        raise UntrustedJournal(f"the archive '{archive}' is not named as an archive entry")
    phase = data.get("phase")
    if phase not in ("archiving", "installing"):
        raise UntrustedJournal(f"the phase {phase!r} is unknown")
    old = data.get("old")
    if not isinstance(old, list) or not all(isinstance(n, str) for n in old):
        raise UntrustedJournal("the list of earlier outputs is not a list of names")
    foreign = [n for n in old if n not in OUTPUT_NAMES]
    if foreign:
        raise UntrustedJournal(f"'{foreign[0][:60]}' is not one of the planner's outputs")
    for path in (out.parent / stage, out / ARCHIVE, out / ARCHIVE / archive):
        if path.is_symlink():
            raise UntrustedJournal(f"{display_path(path)} is a symbolic link")
    return Commit(out.parent / stage, out / ARCHIVE / archive, phase, tuple(old))


def _write_journal(out: Path, commit: Commit) -> None:
    tmp = out / (JOURNAL + ".tmp")
    tmp.write_text(json.dumps(commit.journal()), "utf-8")
    os.replace(tmp, out / JOURNAL)
    _fsync_dir(out)


def recover(
    out: Path, discard_damaged: bool = False, notify: Callable[[str], None] | None = None
) -> None:
    """Finishes a commit a killed run left half done, and clears stale staging.

    A journal that names anything but this folder's own staging, archive and
    outputs is refused with a message and nothing is touched; with
    ``discard_damaged`` it is deleted instead (it is the planner's own file)
    and the run goes on, archiving whatever the folder holds.
    """
    out = resolve_out(out)
    journal = out / JOURNAL
    if os.path.lexists(journal):
        try:
            commit = _read_journal(out)
            _run_commit(out, commit)
        except (UntrustedJournal, OSError) as exc:
            what = (
                "cannot be trusted"
                if isinstance(exc, UntrustedJournal)
                else "could not be finished"
            )
            reason = str(exc) if isinstance(exc, UntrustedJournal) else (exc.strerror or str(exc))
            if discard_damaged:
                if notify is not None:
                    notify(
                        f"{display_path(journal)}: the journal of an unfinished commit "
                        f"{what} ({reason}); it was set aside and the folder is archived "
                        "as it is."
                    )
            else:
                raise InputError(
                    Problem(
                        display_path(journal),
                        "",
                        f"the journal of an unfinished commit {what} "
                        f"({reason}); nothing was changed",
                        "If no planner run is writing this folder, rerun planner plan with --fresh "
                        "(it sets the journal aside and archives the folder as it is), or delete "
                        f"{JOURNAL}.",
                    )
                ) from None
        journal.unlink(missing_ok=True)
    _clear_stale(out)


def _clear_stale(out: Path) -> None:
    """Removes staging folders of killed runs (the lock says none is running) and
    half-moved copies: only real folders and files named as the planner's own."""
    with contextlib.suppress(OSError):
        for entry in out.parent.iterdir():
            if _is_own_staging(out, entry.name) and not entry.is_symlink() and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
    if not out.is_dir():
        return
    with contextlib.suppress(OSError):
        for entry in out.iterdir():
            if MOVING.fullmatch(entry.name) or entry.name == JOURNAL + ".tmp":
                _remove(entry)


# --------------------------------------------------------------------------- file operations


def _remove(path: Path) -> None:
    """Removes an entry without following it: a link goes, never what it points to."""
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path)


def _link_or_copy(src: Path | str, dst: Path | str) -> None:
    """Archives a file by hard link (instant; the installed files replace, never
    modify, the old ones), or by copy where links are not possible.  Anything
    but a regular file (a pipe, a device) is not read: it is moved into the
    archive when it is replaced."""
    if not stat.S_ISREG(os.lstat(src).st_mode):
        return
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst, follow_symlinks=False)


def _archive_entry(src: Path, dst: Path) -> None:
    """Links or copies one output into the archive; a symbolic link is never followed."""
    if src.is_symlink():
        return  # kept by _keep below, which moves the link itself into the archive
    if src.is_dir():
        shutil.copytree(src, dst, symlinks=True, copy_function=_link_or_copy)
    elif src.exists():
        _link_or_copy(src, dst)


def _move(src: Path, dst: Path) -> None:
    """Moves an entry onto a free name; across file systems by copy, then rename."""
    try:
        os.replace(src, dst)
        return
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
    tmp = dst.with_name(f".{dst.name}.moving-{os.getpid()}")
    if os.path.lexists(tmp):
        _remove(tmp)
    if src.is_symlink():
        os.symlink(os.readlink(src), tmp)
    elif src.is_dir():
        shutil.copytree(src, tmp, symlinks=True)
    else:
        shutil.copy2(src, tmp, follow_symlinks=False)
    os.replace(tmp, dst)
    _remove(src)


def _keep(target: Path, archive: Path) -> None:
    """Makes sure an entry about to be replaced is in the archive, moving it there if not.

    After a normal archiving phase this does nothing.  It covers what the
    archiving phase does not link (symbolic links, pipes) and a journal whose
    archiving phase never ran: no output is replaced before it is archived.
    """
    if not os.path.lexists(target) or os.path.lexists(archive / target.name):
        return
    archive.mkdir(parents=True, exist_ok=True)
    _move(target, archive / target.name)


def _run_commit(out: Path, commit: Commit) -> None:
    """The commit, in two phases that a later run can finish from the journal.

    archiving: the current outputs are *linked* into the archive, so they stay
    in place and readable until they are replaced; the archive entry appears
    whole (``.partial`` renamed).  installing: each staged entry replaces its
    old one (``os.replace`` is atomic per file), plan.json last, so the plan
    file is always a complete plan; then leftovers of the old plan go to the
    archive.  Both phases can be run again after a kill.
    """
    archive = commit.archive
    if commit.phase == "archiving":
        if commit.old and not os.path.lexists(archive):  # an archive that exists is complete
            partial = archive.with_name(archive.name + ".partial")
            if os.path.lexists(partial):
                _remove(partial)  # a half copy from a killed run
            partial.mkdir(parents=True)
            for name in commit.old:
                _archive_entry(out / name, partial / name)
            os.replace(partial, archive)
        commit = Commit(commit.stage, archive, "installing", commit.old)
        _write_journal(out, commit)
    stage = commit.stage
    if stage.is_dir() and not stage.is_symlink():
        # Only the planner's own outputs are installed: a planted staging folder
        # holding notes.txt or .bashrc must not replace or add a user's file.
        entries = sorted(
            (e for e in stage.iterdir() if e.name in OUTPUT_NAMES),
            key=lambda e: (e.name == PLAN_FILE, e.name),
        )
        for entry in entries:
            target = out / entry.name
            _keep(target, archive)
            if os.path.lexists(target) and (
                target.is_symlink() or target.is_dir() or entry.is_dir()
            ):
                _remove(target)  # a file replaces a file atomically; anything else goes first
            _move(entry, target)
        new = {e.name for e in entries}
        for name in commit.old:
            if name not in new and os.path.lexists(out / name):
                _keep(out / name, archive)
                if os.path.lexists(out / name):
                    _remove(out / name)
        shutil.rmtree(stage, ignore_errors=True)
    _fsync_dir(out)


# --------------------------------------------------------------------------- writing


def previous_plan_path(out: Path) -> Path | None:
    path = out / PLAN_FILE
    return path if path.exists() else None


def _archive_name(out: Path, revision: int | None) -> Path:
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S")
    base = out / ARCHIVE / (f"r{revision:03d}-{stamp}" if revision else f"unknown-{stamp}")
    path, n = base, 1
    while os.path.lexists(path) or os.path.lexists(path.with_name(path.name + ".partial")):
        n += 1
        path = base.with_name(f"{base.name}-{n}")
    return path


def _written_name(exc: OSError, stage: Path) -> str:
    """The output an OSError is about, as it is named in the output folder."""
    if exc.filename:
        with contextlib.suppress(ValueError):
            return str(Path(str(exc.filename)).relative_to(stage))
    return "the outputs"


def write_outputs(
    plan: Plan,
    out: Path,
    writers: list[Writer],
    check: Callable[[Path], None] | None = None,
    previous_revision: int | None = None,
) -> Path:
    """Writes every output into staging, checks it, then commits. Returns the archive used.

    Every failure before the commit removes the staging folder and leaves the
    output folder as it was; an OSError becomes one message naming the file.
    """
    out = resolve_out(out)
    stage = staging_path(out)
    try:
        if os.path.lexists(stage):
            _remove(stage)
        stage.mkdir(parents=True)
    except OSError as exc:
        raise cannot(
            "create the staging folder beside the output folder",
            stage,
            exc,
            "The planner writes the new outputs beside the output folder first: give "
            "an --out in a folder you can write to.",
        ) from None
    token = _REUSE.set(
        (os.fspath(stage), os.fspath(out)) if out.is_dir() and not out.is_symlink() else None
    )
    try:
        run_lanes(_lanes(plan, stage, writers, out if out.is_dir() else None, check))
    except OSError as exc:
        shutil.rmtree(stage, ignore_errors=True)
        raise cannot(
            f"write {_written_name(exc, stage)}",
            out,
            exc,
            "Check that the folder is writable and the disk has space; nothing in "
            "the output folder was changed.",
        ) from None
    except BaseException:
        shutil.rmtree(stage, ignore_errors=True)
        raise
    finally:
        _REUSE.reset(token)
    try:
        return _commit(out, stage, previous_revision)
    except BaseException:
        if not (out / JOURNAL).exists():  # before the journal: the folder is untouched
            shutil.rmtree(stage, ignore_errors=True)
        raise


# Writers whose files are checked apart from the rest, in a lane of their own
# (planner.outputs.parallel): the feeds and the workbook are about half of the work at
# ICML size, the other writers, their checks and the independent check of the
# plan the other half.
_SIDE_LANE = {"planner.outputs.calendars": CALENDARS, "planner.outputs.workbook.book": WORKBOOK}


def _lanes(
    plan: Plan,
    stage: Path,
    writers: list[Writer],
    published: Path | None,
    check: Callable[[Path], None] | None,
) -> list[list[Step]]:
    """The writers and checks in two lanes that share no file: each lane checks
    what it wrote; the plan check reads only plan.json and papers.json, written
    in its own lane."""
    side = [w for w in writers if getattr(w, "__module__", "") in _SIDE_LANE]
    main = [w for w in writers if w not in side]
    side_parts = tuple(p for p in PARTS if p in _SIDE_LANE.values())
    first: list[Step] = [partial(w, plan, stage) for w in main]
    first.append(partial(check_outputs, stage, published, (DATA,)))
    if check is not None:
        first.append(partial(check, stage))
    second: list[Step] = [partial(w, plan, stage) for w in side]
    second.append(partial(check_outputs, stage, published, side_parts))
    return [first, second]


def _commit(out: Path, stage: Path, previous_revision: int | None) -> Path:
    if not os.path.lexists(out):
        try:
            os.replace(stage, out)
        except OSError as exc:
            raise cannot(
                "create the output folder", out, exc, "Give an --out in a folder you can write to."
            ) from None
        _fsync_dir(out.parent)
        return out
    if not out.is_dir():
        raise InputError(
            Problem(display_path(out), "", "the output path is a file", "Give a folder with --out.")
        )
    archive_dir = out / ARCHIVE
    if archive_dir.is_symlink() or (os.path.lexists(archive_dir) and not archive_dir.is_dir()):
        raise InputError(
            Problem(
                display_path(archive_dir),
                "",
                "the archive is a symbolic link "
                "or a file, and the planner never writes through links",
                "Replace it with a folder (move what it holds into it).",
            )
        )
    old = tuple(sorted(e.name for e in out.iterdir() if e.name in OUTPUT_NAMES))
    commit = Commit(stage, _archive_name(out, previous_revision), "archiving", old)
    try:
        _write_journal(out, commit)
    except OSError as exc:
        raise cannot(
            "write in the output folder",
            out,
            exc,
            "Make the folder writable, or give another --out; nothing in it was changed.",
        ) from None
    try:
        _run_commit(out, commit)
    except OSError as exc:
        raise PlannerError(
            str(
                Problem(
                    display_path(out),
                    "",
                    f"the new outputs could not all be moved in "
                    f"({exc.strerror or exc}: {display_path(exc.filename or out)})",
                    f"The previous outputs are safe (in {display_path(commit.archive)} or in "
                    "place). "
                    "Fix the cause (a file open in another program, permissions) and rerun: the "
                    "next "
                    "run finishes the change first.",
                )
            )
        ) from None
    (out / JOURNAL).unlink(missing_ok=True)
    return commit.archive


# While writers fill a staging folder: the output folder it will replace and
# the staging folder itself, so that a file identical to the one published can
# be linked instead of written (see write_bytes).
_REUSE: ContextVar[tuple[str, str] | None] = ContextVar("reuse", default=None)


def write_bytes(path: Path | str, data: bytes) -> None:
    """Writes a file of the staging folder, or links the published one if it is the same.

    A rerun rewrites ten thousand author feeds of which a few changed; on an
    ordinary disk creating a file costs several times what linking one does.
    Only a regular file (never a link) inside the output folder, with exactly
    these bytes, is linked; everything else is written.  The planner replaces
    files and never edits one in place, so sharing them is safe, as it is for
    the archive (planner.outputs.folder archives by hard link too).
    """
    reuse = _REUSE.get()
    if reuse is not None:
        stage, out = reuse
        name = os.fspath(path)
        if name.startswith(stage + os.sep):
            old = out + name[len(stage) :]
            with contextlib.suppress(OSError):
                info = os.lstat(old)
                if stat.S_ISREG(info.st_mode) and info.st_size == len(data):
                    with open(old, "rb") as handle:
                        same = handle.read() == data
                    if same:
                        os.link(old, name)
                        return
    with open(path, "wb") as handle:
        handle.write(data)


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")


def write_plan(plan: Plan, folder: Path) -> None:
    write_text(folder / PLAN_FILE, plan.to_json())
