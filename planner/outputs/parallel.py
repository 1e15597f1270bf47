"""Independent pieces of work side by side, in forked processes where that is safe.

Writing the outputs is a dozen independent jobs (the calendar feeds, the
workbook, the report, ...) that each read the finished plan and write their
own files; at ICML size they take seconds each, on a laptop with two or more
cores.  :func:`run_lanes` runs *lanes* (lists of steps, each lane in order)
side by side: the first lane in this process, each other lane in a child made
with ``fork``, which sees the plan as it is in memory, so nothing is copied or
pickled on the way in.  Only a failure travels back, pickled, and is raised
here as if the step had run in this process.

Forking is used only on Linux, where it is the platform's default and safe
after the solver's threads have finished; on macOS and Windows (and with one
usable core) the lanes run one after the other, with the same result: what
the steps write never depends on how they were run.
"""

from __future__ import annotations

import os
import pickle
import sys
import traceback
from collections.abc import Callable, Sequence
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

Step = Callable[[], Any]


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity where the platform tells)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def forks() -> bool:
    """Whether lanes run in forked children here."""
    return sys.platform == "linux" and usable_cores() > 1


def _run_lane(steps: Sequence[Step], conn: Connection) -> None:
    """A child's whole life: its steps, then None or the failure down the pipe."""
    failure: BaseException | None = None
    try:
        for step in steps:
            step()
    except BaseException as exc:  # everything goes back: the parent decides
        failure = exc
    try:
        conn.send_bytes(pickle.dumps(failure))
    except Exception:  # an exception that does not pickle: its text does
        text = "".join(traceback.format_exception(failure)) if failure else "unknown failure"
        conn.send_bytes(pickle.dumps(RuntimeError(text)))
    finally:
        conn.close()


def run_lanes(lanes: Sequence[Sequence[Step]]) -> None:
    """Runs every step of every lane; the first failure, in lane order, is raised.

    A failure in this process's lane stops the children before it is raised,
    so nothing keeps writing into a folder the caller is about to remove.
    """
    lanes = [lane for lane in lanes if lane]
    if len(lanes) < 2 or not forks():
        for lane in lanes:
            for step in lane:
                step()
        return
    context = get_context("fork")
    for stream in (sys.stdout, sys.stderr):  # else a child would print their buffers again
        stream.flush()
    children = []
    for lane in lanes[1:]:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_run_lane, args=(lane, send), daemon=True)
        child.start()
        send.close()
        children.append((child, receive))
    try:
        for step in lanes[0]:
            step()
        failures = [_result(child, receive) for child, receive in children]
    except BaseException:
        for child, _ in children:
            child.terminate()
        raise
    finally:
        for child, receive in children:
            child.join()
            receive.close()
    for failure in failures:
        if failure is not None:
            raise failure


def _result(child: Any, receive: Connection) -> BaseException | None:
    """What a child sent back; a child that died without a word is a failure too."""
    try:
        failure: BaseException | None = pickle.loads(receive.recv_bytes())
    except EOFError:
        child.join()
        return RuntimeError(f"an output writer stopped unexpectedly (exit code {child.exitcode})")
    return failure
