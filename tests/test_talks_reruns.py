"""Reruns of a talk programme: close up after a withdrawal, fill gaps, say what moved.

A small programme (two talk sessions in two seated rooms, orals and
spotlights) is planned with ``make_plan``, then planned again with the first
plan as ``previous`` after a change to the paper list (what ``planner plan``
does with the plan in its output folder).  The rules checked: a
withdrawn talk closes up its room's running order (the talks after it start
earlier, nothing else moves); a new oral, or a poster become an oral, takes
a gap without moving a kept talk; ``changes.json`` lists the talk changes
with reasons; a talk's calendar SEQUENCE rises only when its event changed.
The fewest-moves repair, when no gap is big enough, is checked on the talk
core directly.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from talk_programme import record, session, venue, write_papers

from planner.engine import Options, make_plan
from planner.model.talks import TalkItem, TalkSlot, plan_talks
from planner.outputs import changes_json
from planner.people.inputs import load
from planner.plan.events import event_uid
from planner.plan.records import Changes, Plan, TalkRecord

VENUE = venue(
    "Rerun Conf",
    "rerunconf",
    [
        session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:45:00", talks=True),
        session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:45:00", talks=True),
        session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
    ],
    boards=14,
)


def _records() -> list[dict[str, Any]]:
    return [record(i, "Oral" if i < 4 else "Spotlight" if i < 9 else "Poster") for i in range(13)]


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(VENUE, encoding="utf-8")
    write_papers(folder, _records())
    return folder


def _plan(folder: Path, previous: Plan | None = None) -> Plan:
    plan = make_plan(load(folder), Options(time_limit=3), previous=previous)
    # Through plan.json and back, as a rerun reads its previous plan.
    return Plan.model_validate_json(plan.to_json())


def _changes(plan: Plan) -> dict[str, Any]:
    """changes.json as written (through JSON, so its values are plain)."""
    doc: dict[str, Any] = json.loads(json.dumps(changes_json.document(plan)))
    return doc


def _cell(t: TalkRecord) -> tuple[str, str]:
    return (t.session, t.room)


def _withdrawn_first(plan: Plan) -> tuple[str, list[str]]:
    """The first talk of the fullest room (9 talks in 4 rooms: three or more), and those after."""
    rooms: dict[tuple[str, str], list[TalkRecord]] = {}
    for t in plan.talks:
        rooms.setdefault(_cell(t), []).append(t)
    members = max(rooms.values(), key=len)
    assert len(members) >= 3
    members.sort(key=lambda t: t.position)
    return members[0].paper, [t.paper for t in members[1:]]


def test_a_withdrawn_talk_closes_up_its_room_and_nothing_else_moves(
    programme: Path,
):
    first = _plan(programme)
    gone, later = _withdrawn_first(first)
    write_papers(programme, [r for r in _records() if str(r["id"]) != gone])
    second = _plan(programme, first)

    before, after = first.talk_of, second.talk_of
    assert gone not in after and set(after) == set(before) - {gone}
    for paper, t in after.items():
        old = before[paper]
        assert _cell(t) == _cell(old), paper  # nobody changes session or room
        if paper in later:  # moved up by the withdrawn talk's minutes and changeover
            gone_minutes = (before[gone].end - before[gone].start).seconds // 60
            assert t.position == old.position - 1
            assert t.start == old.start - timedelta(minutes=gone_minutes + 2)
        else:
            assert (t.position, t.start, t.end) == (old.position, old.start, old.end)
    assert second.figures.talk_moves == 0

    changes = _changes(second)
    assert changes["talks_moved"] == [] and changes["talks_added"] == []
    assert [r["paper"] for r in changes["talks_removed"]] == [gone]
    assert changes["talks_removed"][0]["title"].startswith("Paper ")
    retimed = {m["paper"]: m for m in changes["talks_retimed"]}
    assert set(retimed) == set(later)
    for m in retimed.values():
        assert m["kind"] == "time"
        assert m["why"] == f"the running order closed up: talk {gone} before it was withdrawn"
        assert m["before"] != m["after"]

    # Feeds: a retimed talk's event changed, so its SEQUENCE rises; the others keep theirs.
    def sequence(plan: Plan, paper: str) -> int:
        return plan.feeds[event_uid(plan.venue.slug, paper, "talk")].sequence

    for paper in after:
        expected = sequence(first, paper) + (1 if paper in later else 0)
        assert sequence(second, paper) == expected, paper


def test_a_new_oral_fills_a_gap_and_no_kept_talk_moves(programme: Path):
    first = _plan(programme)
    write_papers(programme, [*_records(), record(13, "Oral")])
    second = _plan(programme, first)
    before, after = first.talk_of, second.talk_of
    assert set(after) == set(before) | {"513"}
    for paper, old in before.items():
        t = after[paper]
        assert (t.session, t.room, t.position, t.start) == (
            old.session,
            old.room,
            old.position,
            old.start,
        )
    new = after["513"]
    others = [t for t in second.talks if _cell(t) == _cell(new) and t.paper != "513"]
    assert new.position == len(others) + 1  # at the end of its room's running order
    changes = _changes(second)
    assert [a["paper"] for a in changes["talks_added"]] == ["513"]
    assert changes["talks_added"][0]["where"].endswith(f"{new.start:%H:%M}-{new.end:%H:%M}")
    assert changes["talks_moved"] == changes["talks_retimed"] == changes["talks_removed"] == []
    people = {a["person"]: a["papers"] for a in changes["authors_affected"]}
    assert "513" in {p for papers in people.values() for p in papers}


def test_a_poster_become_an_oral_gains_a_talk(programme: Path):
    first = _plan(programme)
    assert "510" not in first.talk_of
    records = _records()
    records[10]["decision"] = "Oral"
    write_papers(programme, records)
    second = _plan(programme, first)
    assert "510" in second.talk_of
    assert second.figures.talk_moves == 0
    for paper, old in first.talk_of.items():
        assert _cell(second.talk_of[paper]) == _cell(old)
    changes = _changes(second)
    assert [a["paper"] for a in changes["talks_added"]] == ["510"]
    assert changes["talks_moved"] == []


def test_a_plan_without_talk_changes_dumps_its_changes_as_before():
    """The talk lists are left out of plan.json while empty (byte-identical poster plans)."""
    dumped = Changes(previous_revision=1, added=["1"]).model_dump(mode="json")
    assert "talks_moved" not in dumped and "talks_retimed" not in dumped
    assert set(dumped) == {
        "previous_revision",
        "moved",
        "added",
        "removed",
        "removed_papers",
        "edited",
        "authors_affected",
        "clashes_removed",
    }
    assert Changes(previous_revision=1).empty
    assert not Changes(previous_revision=1, talks_removed=["1"]).empty


# ---------------------------------------------------------------------- the core


def _slot(sid: str, day: int, rooms: tuple[str, ...]) -> TalkSlot:
    start = datetime(2026, 6, 1 + day, 9)
    return TalkSlot(sid, start, start + timedelta(minutes=40), rooms)


def test_without_a_gap_a_new_talk_costs_the_fewest_moves():
    """S1/R1 is full, S1/R2 and S2/R1 have 10 free minutes each: a 20-minute talk needs one move."""
    slots = [_slot("S1", 0, ("R1", "R2")), _slot("S2", 1, ("R1",))]
    where = {
        "a": ("S1", "R1", 1, 20),
        "b": ("S1", "R1", 2, 20),
        "c": ("S1", "R2", 1, 10),
        "e": ("S1", "R2", 2, 10),
        "f": ("S1", "R2", 3, 10),
        "g": ("S2", "R1", 1, 30),
    }
    items = [
        TalkItem(p, m, (f"sp-{p}",), (f"sp-{p}",), previous=(s, r, k))
        for p, (s, r, k, m) in where.items()
    ]
    items.append(TalkItem("d", 20, ("sp-d",), ("sp-d",)))
    vectors = np.eye(len(items))
    plan = plan_talks(items, slots, vectors, changeover=0, seed=1, time_limit=2)
    placed = {p.paper: p for p in plan.placements}
    moved = [p for p, w in where.items() if (placed[p].session, placed[p].room) != w[:2]]
    assert plan.moves == len(moved) == 1
    assert moved[0] in {"c", "e", "f"}  # a 10-minute talk goes to the other gap
    for room in {(p.session, p.room) for p in plan.placements}:
        talks = sorted(
            (p for p in plan.placements if (p.session, p.room) == room), key=lambda p: p.start
        )
        assert talks[-1].end <= talks[0].start.replace(hour=9) + timedelta(minutes=40)
        # The kept talks of each room run in their previous order.
        kept = [p.paper for p in talks if p.paper in where and where[p.paper][:2] == room]
        assert kept == sorted(kept, key=lambda p: where[p][2])


def test_a_rerun_moves_kept_talks_for_hard_rules_only():
    """A new co-author makes two kept talks overlap: they stay, as a soft rule never moves one.

    From scratch (or by the full pipeline) the shared author would split them
    over the two sessions.
    """
    slots = [_slot("S1", 0, ("R1", "R2")), _slot("S2", 1, ("R1", "R2"))]
    items = [
        TalkItem("a", 15, ("sp-a",), ("sp-a", "x"), previous=("S1", "R1", 1)),
        TalkItem("b", 15, ("sp-b",), ("sp-b", "x"), previous=("S1", "R2", 1)),
        TalkItem("c", 15, ("sp-c",), ("sp-c",), previous=("S2", "R1", 1)),
        TalkItem("new", 15, ("sp-n",), ("sp-n",)),
    ]
    plan = plan_talks(items, slots, np.eye(len(items)), changeover=0, seed=1, time_limit=2)
    placed = {p.paper: (p.session, p.room) for p in plan.placements}
    assert (placed["a"], placed["b"], placed["c"]) == (("S1", "R1"), ("S1", "R2"), ("S2", "R1"))
    assert "new" in placed
    assert plan.moves == 0 and plan.author_overlaps == 1
    fresh = plan_talks(
        [TalkItem(i.paper, i.minutes, i.speakers, i.authors) for i in items],
        slots,
        np.eye(len(items)),
        changeover=0,
        seed=1,
        time_limit=2,
    )
    assert fresh.author_overlaps == 0


def test_the_changes_sheet_lists_the_talk_changes(programme: Path) -> None:
    """The workbook's Changes sheet gains the talk sections in a plan with talks."""
    from planner.outputs.workbook import book

    first = _plan(programme)
    gone, later = _withdrawn_first(first)
    write_papers(programme, [r for r in _records() if str(r["id"]) != gone])
    second = _plan(programme, first)
    sheet = book.build(second, buffered=False)["Changes"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    titles = [row[0] for row in cells if isinstance(row[0], str)]
    assert f"Talks at another time (same room) ({len(later)})" in titles
    assert "Talks removed (1)" in titles and "Talks moved (0)" in titles
    retimed = {row[0] for row in cells if row[4:5] == ["time"]}
    assert retimed == set(later)


def test_the_summary_counts_the_talk_changes(programme: Path) -> None:
    from planner.plan import figure_text

    first = _plan(programme)
    gone, later = _withdrawn_first(first)
    write_papers(programme, [r for r in _records() if str(r["id"]) != gone])
    second = _plan(programme, first)
    assert second.changes is not None
    text = figure_text.changes(second.changes)
    assert text.endswith(f"; talks: 0 moved, {len(later)} at another time, 0 added, 1 removed")
