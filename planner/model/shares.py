"""Each session's fair share of the posters, over the boards papers can actually use.

A session's share is its part of the posters in proportion to its usable
boards (so a smaller session gets fewer posters), computed over what the
papers may take (``Domains.allowed``: pins, ``[[place]]`` rules, absences,
closed rooms): a session that pins fill beyond its proportional part keeps
its forced load, one that few papers may use keeps only what they can give,
and the rest is shared among the others in proportion to their boards.  A
forced imbalance is then part of the share, so the balance rule
(constraints.balance) and the warm start's band price
(planner.model.search_state) do not fight it.

How.  Each paper spreads one unit over its allowed sessions in proportion to
a weight per session; the weights are scaled (Sinkhorn-style) until every
session that can reach its proportional part holds it.  A session with more
forced posters than that part sees its weight fall towards zero (it keeps
only what is forced), one with too few takers sees it rise (it gets all they
can give).  The iteration count is fixed, so the shares never depend on the
machine.

The band: a load within ±5 % of the share (rounded outwards to the integers
around the share, so a band always exists) keeps every session within 10 %
of the others by boards.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np

# Half the width of the band around a share: ±5 % keeps sessions within 10 % of each other.
BAND = 0.05
_ROUNDS = 400


def session_shares(
    sessions: Sequence[str],
    capacity: Mapping[str, int],
    allowed: Mapping[str, Sequence[str]],
) -> dict[str, float]:
    """Session -> its share of the papers in ``allowed`` (paper -> sessions it may take)."""
    index = {s: k for k, s in enumerate(sessions)}
    # Papers with the same sessions open behave alike: one row per set, with its count.
    kinds: dict[tuple[int, ...], int] = {}
    for options in allowed.values():
        key = tuple(sorted({index[s] for s in options if s in index}))
        if key:
            kinds[key] = kinds.get(key, 0) + 1
    fit = np.zeros((len(kinds), len(sessions)))
    for i, key in enumerate(kinds):
        fit[i, list(key)] = 1.0
    many = np.array(list(kinds.values()), dtype=float)
    cap = np.array([float(capacity.get(s, 0)) for s in sessions])
    usable = cap * fit.any(axis=0) if len(kinds) else cap * 0
    if not len(kinds) or usable.sum() <= 0:
        return {s: 0.0 for s in sessions}
    target = many.sum() * usable / usable.sum()
    weight = (usable > 0).astype(float)
    fit = fit * (usable > 0)
    for _ in range(_ROUNDS):
        held = _held(fit, weight, many)
        ratio = np.where(held > 0, target / np.maximum(held, 1e-300), 1.0)
        if np.abs(ratio - 1).max() < 1e-12:
            break  # every session holds its part: nothing forces one off it
        weight = np.clip(weight * ratio, 1e-200, None)
        weight /= weight.max()
    held = np.minimum(_held(fit, weight, many), cap)
    return {s: round(float(held[k]), 6) for s, k in index.items()}


def _held(fit: np.ndarray, weight: np.ndarray, many: np.ndarray) -> np.ndarray:
    """Per session, what the papers put there when each spreads itself by ``weight``."""
    part = fit * weight
    part /= np.maximum(part.sum(axis=1, keepdims=True), 1e-300)
    return np.asarray(many @ part)


def band(share: float) -> tuple[int, int]:
    """The loads within ±5 % of ``share``, widened to include its floor and ceiling."""
    low = min(math.floor(share), math.ceil(share * (1 - BAND) - 1e-9))
    high = max(math.ceil(share), math.floor(share * (1 + BAND) + 1e-9))
    return max(0, low), high


def half(share: float) -> int:
    """Below this load a session holds less than half its share."""
    return math.floor(share / 2)
