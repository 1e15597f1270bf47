"""The ``halves`` check: with ``[rules] halves`` every poster presents in its board's half.

- papers.json gives each placed poster the contract's ``half`` object, whose
  ``number`` is its board's parity half (``"odd-even"``: odd boards in half 1)
  and whose ``starttime``/``endtime`` are that half's times with the UTC offset
  of the session's zone (the session split at its midpoint rounded to the
  minute); without halves no record has a ``half``;
- a presenter with two posters in one session has them in opposite halves
  (the ``presenter`` check counts a pair in one half as at overlapping times,
  and the ``clashes`` recount counts shared-author pairs per half likewise:
  planner.verify.context.Check.overlapping_pairs).

Re-implemented here (planner.verify.recount.board_half, half_span), not taken
from the planner's own halves module.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from planner.verify.context import Check
from planner.verify.reading import read_papers_json
from planner.verify.recount import board_half, half_span, same_moment


def check_halves(check: Check, folder: Path) -> None:
    """papers.json's halves against the boards, and each presenter's posters per session."""
    rule = check.venue.rules.halves
    records = _records(folder)
    for pid, pl in sorted(check.where.items()):
        rec = records.get(pid)
        if rec is None:
            continue  # the papers-json check reports a missing record
        half = board_half(pl.board, rule)
        got = rec.get("half")
        if half is None:
            if got is not None:
                check.add("halves", f"poster {check.poster(pid)} has a half but the venue has none")
            continue
        _one(check, pid, half, got)
    if rule is not None:
        _presenters(check, rule)


def _records(folder: Path) -> dict[str, dict[str, Any]]:
    """papers.json's records by id (none if it cannot be read: papers-json says why)."""
    try:
        doc = read_papers_json(folder)
    except (OSError, ValueError):
        return {}
    records = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        return {}
    return {str(r.get("id")): r for r in records if isinstance(r, dict)}


def _one(check: Check, pid: str, half: int, got: Any) -> None:
    """A record's half object is the board's half with that half's times."""
    pl = check.where[pid]
    session = check.sessions[pl.session]
    if not isinstance(got, dict) or got.get("number") != half:
        number = got.get("number") if isinstance(got, dict) else got
        check.add(
            "halves",
            f"poster {check.poster(pid)} on board {pl.label} presents in half {half}, "
            f"but papers.json gives half {number!r}",
        )
        return
    zone = check.venue.zone_of(session.id)
    span = half_span(session.start, session.end, half)
    for key, local in zip(("starttime", "endtime"), span, strict=True):
        expected = local.replace(tzinfo=zone)
        value = got.get(key)
        if not same_moment(value, expected):
            check.add(
                "halves",
                f"poster {check.poster(pid)}: half {half} {key} {value!r} is not "
                f"{expected.isoformat()} (session '{session.id}' split at its midpoint)",
            )


def _presenters(check: Check, rule: str) -> None:
    """Two posters of one presenter in one session are in opposite halves, and no more."""
    mine: dict[tuple[str, str], list[str]] = defaultdict(list)
    for paper in check.plan.papers:
        if paper.presenter and paper.id in check.where:
            mine[paper.presenter, check.where[paper.id].session].append(paper.id)
    for (key, session), pids in sorted(mine.items()):
        if len(pids) < 2:
            continue
        halves = sorted(board_half(check.where[p].board, rule) or 0 for p in pids)
        if halves != [1, 2]:
            check.add(
                "halves",
                f"{check.person(key)} presents posters {check.posters(sorted(pids))} in "
                f"session '{session}' in halves {halves}: at most one poster in each half",
            )
