"""planner.core.gcfreeze: old objects left out of collections for a block, and handed back."""

from __future__ import annotations

import gc
import weakref

import pytest

from planner.core.gcfreeze import existing_objects_frozen, with_existing_objects_frozen


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the cyclic collector frees it


def test_frozen_during_the_block_and_handed_back_after() -> None:
    assert gc.get_freeze_count() == 0
    with existing_objects_frozen():
        assert gc.get_freeze_count() > 0
        made_inside = weakref.ref(Node())  # garbage at once: a cycle nobody refers to
    assert gc.get_freeze_count() == 0
    assert made_inside() is None  # the block's own cycles are freed at its end


def test_an_outer_freeze_is_left_alone() -> None:
    gc.freeze()
    try:
        with existing_objects_frozen():
            pass
        assert gc.get_freeze_count() > 0  # still frozen: not this block's freeze to undo
    finally:
        gc.unfreeze()


def test_the_decorator_returns_the_value_and_unfreezes_on_errors() -> None:
    @with_existing_objects_frozen
    def double(x: int) -> int:
        return 2 * x

    @with_existing_objects_frozen
    def fail() -> None:
        raise ValueError("boom")

    assert double(21) == 42
    with pytest.raises(ValueError, match="boom"):
        fail()
    assert gc.get_freeze_count() == 0
