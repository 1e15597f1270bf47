"""The output folder's lock: one planner run at a time writes a folder.

The lock file ``.<out>.lock`` sits beside the output folder (its real path:
every alias of the folder takes the same lock) and is held for the whole run;
a second lock keyed by the folder's device and inode, in the temporary
folder, catches a folder reached through two mounts on one machine.
Once a run holds it, no other run can be writing the folder, so it is then
safe to finish a commit a killed run left half done (``recover`` in
planner.outputs.folder) and to clear stale staging folders.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from planner.core.errors import InputError, LockedError, Problem, display_path
from planner.outputs.folder import cannot, recover, resolve_out


def lock_path(out: Path) -> Path:
    out = resolve_out(out)
    return out.parent / f".{out.name}.lock"


def _filelock() -> Any:
    """The filelock package: a lock that works wherever Python does (fcntl, msvcrt, or
    a soft lock file that notices a dead holder)."""
    with warnings.catch_warnings():
        # Without fcntl (and off Windows) filelock falls back to a soft lock and says so.
        warnings.simplefilter("ignore")
        import filelock

    return filelock


@contextlib.contextmanager
def locked(
    out: Path, discard_damaged: bool = False, notify: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Holds the output folder's lock for the whole run, and recovers a half commit.

    ``discard_damaged`` (``plan --fresh``) sets aside a journal that cannot be
    trusted or finished instead of stopping: the way out of a damaged folder;
    ``notify`` is told when that happens.
    """
    filelock = _filelock()
    out = resolve_out(out)
    lock = _acquire(filelock, out, _lock_file(out))
    same = None
    try:
        same = _acquire_identity(filelock, out)
        recover(out, discard_damaged, notify)
        yield
    finally:
        for held in (same, lock):
            if held is not None:
                with contextlib.suppress(OSError):
                    held.release()


def identity_lock_path(out: Path) -> Path | None:
    """The lock keyed by the folder's identity (device and inode), shared by every path to it.

    A folder reached through a bind mount, or a share mounted twice on one
    machine, has two resolved paths but one device and inode.  Before the
    folder exists, its parent's identity and its name stand in.  None where the
    identity cannot be read.
    """
    try:
        if out.is_dir():
            st = out.stat()
            key = f"{st.st_dev}-{st.st_ino}"
        else:
            st = out.parent.stat()
            key = f"{st.st_dev}-{st.st_ino}-{os.fsencode(out.name).hex()[:64]}"
    except OSError:
        return None
    return Path(tempfile.gettempdir()) / IDENTITY_FOLDER / f"{key}.lock"


# Beside the other users' temporary files: one lock file per output folder ever planned.
IDENTITY_FOLDER = "poster-planner-locks"


def _acquire_identity(filelock: Any, out: Path) -> Any:
    """The identity lock too, where the temporary folder allows one (best effort: a
    folder it cannot write, or a network share seen from two machines, goes unnoticed)."""
    path = identity_lock_path(out)
    if path is None:
        return None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink() or (os.path.lexists(path) and not path.is_file()):
            return None
    except OSError:
        return None
    try:
        return _acquire(filelock, out, path)
    except InputError:
        return None  # the temporary folder refused the file: the path lock still holds


def _lock_file(out: Path) -> Path:
    """Where the lock file of ``out`` (resolved) goes, its folder made; never a link."""
    if not out.name:
        raise InputError(
            Problem(
                str(out),
                "",
                "the output folder is the root of a file system",
                "Give a folder of its own with --out.",
            )
        )
    _check_name_length(out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise cannot(
            "create the folder", out.parent, exc, "Give an --out in a folder you can write to."
        ) from None
    path = lock_path(out)
    if path.is_symlink() or (os.path.lexists(path) and not path.is_file()):
        # Some lock implementations open the file for writing: never through a link.
        raise InputError(
            Problem(
                display_path(path),
                "",
                "the lock file is a symbolic link or "
                "not a file, and the planner never writes through links",
                "Remove it: a lock file holds nothing.",
            )
        )
    return path


# Most file systems allow names of 255 bytes; the staging folder's name adds
# ".<out>.staging-<pid>" (a pid of up to 7 digits) to the folder's name.
_NAME_MAX = 255
_STAGING_EXTRA = len("..staging-") + 7


def _check_name_length(out: Path) -> None:
    """Refuses an --out whose name leaves no room for the staging folder's and lock's names."""
    length = len(os.fsencode(out.name))
    if length + _STAGING_EXTRA > _NAME_MAX:
        raise InputError(
            Problem(
                display_path(out),
                "",
                f"the output folder's name is too long ({length} bytes; the planner "
                "writes beside it under names up to "
                f"{_STAGING_EXTRA} bytes longer, and file names hold {_NAME_MAX})",
                f"Give an --out whose last name is at most {_NAME_MAX - _STAGING_EXTRA} bytes.",
            )
        )


def _acquire(filelock: Any, out: Path, path: Path) -> Any:
    """Takes the lock at ``path`` at once, or says that another run holds it."""
    lock = filelock.FileLock(str(path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LockedError(
            Problem(
                display_path(out),
                "",
                "another planner run is writing this output folder",
                "Wait for it to finish, or use another --out.",
            )
        ) from None
    except OSError as exc:
        raise cannot(
            "create the lock file beside the output folder",
            lock_path(out),
            exc,
            "Give an --out in a folder you can write to.",
        ) from None
    return lock
