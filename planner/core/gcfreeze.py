"""Cyclic garbage collection that leaves the plan's long-lived objects alone.

A planner process holds about a million long-lived objects at ICML size (the
inputs, the author index, the previous and the new plan).  Exports and checks
allocate millions of short-lived ones, and every full collection those
allocations trigger walks the whole heap again: 0.2-0.4 s each, seconds in
all.  Inside :func:`existing_objects_frozen` the objects that existed at its
start are moved to the permanent generation (``gc.freeze``), so collections
walk only what the block itself made.  At the end one full collection, still
walking only the block's objects, frees the cycles the block left behind (an
openpyxl workbook, say: without it they would wait for a full collection of
the whole heap), and the old objects are handed back to the collector
(``gc.unfreeze``).  Nothing a block computes depends on when garbage is
collected.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def existing_objects_frozen() -> Iterator[None]:
    """Collects only objects made inside the block while it runs.

    Does nothing when the collector is off or something else froze objects
    (an outer block, or a program that froze its heap on purpose): only a
    freeze made here is undone here.
    """
    if not gc.isenabled() or gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.collect()  # the block's cyclic garbage; the frozen objects are not walked
        gc.unfreeze()


def with_existing_objects_frozen(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run inside :func:`existing_objects_frozen`."""

    @wraps(func)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with existing_objects_frozen():
            return func(*args, **kwargs)

    return run
