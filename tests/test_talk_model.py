"""Talk scheduling (planner.model.talks), rule by rule, on small synthetic programmes.

Each rule has a programme built so that breaking it would pay off for a lower
rule (themes pull similar talks into one room or one session), and a check
that recounts the plan from the inputs alone (``violations``), so each test
fails when its rule is broken.  A hypothesis property plants a feasible
programme and asserts that every talk is then placed exactly once with
consistent times.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy import sparse

from planner.model.talks import (
    TalkItem,
    TalkPlan,
    TalksInfeasible,
    TalkSlot,
    exact_rows,
    plan_talks,
)
from planner.model.talks_search import discrimination
from planner.people.windows import min_pairs

ROOT = Path(__file__).resolve().parents[1]
DAY = datetime(2026, 6, 1, 9, 0)
Busy = Mapping[str, Sequence[tuple[datetime, datetime]]]


def slot(sid: str, hour: float, minutes: int, rooms: int = 2) -> TalkSlot:
    start = DAY + timedelta(minutes=round(hour * 60))
    names = tuple(f"R{r + 1}" for r in range(rooms))
    return TalkSlot(sid, start, start + timedelta(minutes=minutes), names)


def talk(
    paper: str,
    minutes: int = 15,
    speaker: str | None = None,
    authors: tuple[str, ...] | None = None,
    allowed: frozenset[str] | None = None,
    pinned_room: str | None = None,
    pinned_position: int | None = None,
) -> TalkItem:
    speaker = speaker or f"sp-{paper}"
    return TalkItem(
        paper,
        minutes,
        (speaker,),
        authors or (speaker,),
        allowed,
        pinned_room=pinned_room,
        pinned_position=pinned_position,
    )


def themed(themes: Sequence[int], dims: int = 16, noise: float = 0.15, seed: int = 0) -> np.ndarray:
    """Unit rows: one axis per theme plus a little noise, all non-negative (TF-IDF-like)."""
    rng = np.random.default_rng(seed)
    rows = np.abs(rng.normal(0, noise, (len(themes), dims)))
    rows[np.arange(len(themes)), np.asarray(themes, dtype=np.int64) % dims] += 1.0
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def violations(
    items: Sequence[TalkItem],
    slots: Sequence[TalkSlot],
    plan: TalkPlan,
    changeover: int = 0,
    busy: Busy | None = None,
) -> list[str]:
    """Every hard rule recounted from the inputs and the placements alone."""
    out: list[str] = []
    by_id = {s.id: s for s in slots}
    at = defaultdict(list)
    for p in plan.placements:
        at[p.paper].append(p)
    for it in items:
        if len(at[it.paper]) != 1:
            out.append(f"{it.paper} placed {len(at[it.paper])} times")
            continue
        p = at[it.paper][0]
        if it.allowed is not None and p.session not in it.allowed:
            out.append(f"{it.paper} in {p.session}, not allowed")
        if p.room not in by_id[p.session].rooms:
            out.append(f"{it.paper} in room {p.room} not open in {p.session}")
        if it.pinned_room and p.room != it.pinned_room:
            out.append(f"{it.paper} not in its pinned room")
        if it.pinned_position and p.position != it.pinned_position:
            out.append(f"{it.paper} not at its pinned position")
        if p.end - p.start != timedelta(minutes=it.minutes):
            out.append(f"{it.paper} runs {p.end - p.start}, not {it.minutes} min")
    rooms = defaultdict(list)
    for p in plan.placements:
        rooms[p.session, p.room].append(p)
    for (sid, room), talks in rooms.items():
        talks.sort(key=lambda p: p.position)
        if [p.position for p in talks] != list(range(1, len(talks) + 1)):
            out.append(f"{sid}/{room}: positions {[p.position for p in talks]}")
        clock = by_id[sid].start
        for p in talks:
            if p.start != clock:
                out.append(f"{sid}/{room}: {p.paper} starts {p.start:%H:%M}, not {clock:%H:%M}")
            clock = p.end + timedelta(minutes=changeover)
        if talks and talks[-1].end > by_id[sid].end:
            out.append(f"{sid}/{room}: runs past the session's end")
    out += _speaker_violations(items, slots, plan, busy or {})
    return out


def _speaker_violations(
    items: Sequence[TalkItem], slots: Sequence[TalkSlot], plan: TalkPlan, busy: Busy
) -> list[str]:
    by_id = {s.id: s for s in slots}
    where = {p.paper: p for p in plan.placements}
    talks = defaultdict(list)
    out = []
    for it in items:
        for key in it.speakers:
            talks[key].append(where[it.paper])
    for key, mine in talks.items():
        for i, a in enumerate(mine):
            sa = by_id[a.session]
            for b in mine[i + 1 :]:
                sb = by_id[b.session]
                if sa.start < sb.end and sb.start < sa.end:
                    out.append(f"speaker {key}: {a.paper} and {b.paper} at once")
            for start, end in busy.get(key, ()):
                if a.start < end and start < a.end:
                    out.append(f"speaker {key}: {a.paper} in a busy interval")
    return out


def run(items: Sequence[TalkItem], slots: Sequence[TalkSlot], vec: np.ndarray, **kw) -> TalkPlan:
    kw.setdefault("time_limit", 2.0)
    return plan_talks(items, slots, vec, **kw)


# --------------------------------------------------------------------------- rules


def test_no_talks_is_an_empty_plan() -> None:
    plan = plan_talks([], [slot("A", 0, 60)], np.zeros((0, 4)))
    assert (plan.placements, plan.status, plan.discrimination) == ([], "EMPTY", None)


def test_a_session_without_rooms_takes_no_talk() -> None:
    items = [talk(f"T{k}") for k in range(4)]
    slots = [slot("A", 0, 30), TalkSlot("B", DAY, DAY + timedelta(hours=1), ())]
    plan = run(items, slots, themed([0, 0, 1, 1]))
    assert violations(items, slots, plan) == []
    assert {p.session for p in plan.placements} == {"A"}


def test_a_room_never_runs_past_its_session() -> None:
    """Six alike talks would share one room; 15 min + 5 min changeovers fit three in 60."""
    items = [talk(f"T{k}") for k in range(6)]
    slots = [slot("A", 0, 60)]
    plan = run(items, slots, themed([0] * 6), changeover=5)
    assert violations(items, slots, plan, changeover=5) == []
    per_room = defaultdict(int)
    for p in plan.placements:
        per_room[p.room] += 1
    assert sorted(per_room.values()) == [3, 3]


def test_rooms_pack_talks_of_different_lengths_exactly() -> None:
    """Three 40-minute talks cannot share a 60-minute room: the minutes row alone would allow it."""
    items = [talk(f"T{k}", 40) for k in range(3)]
    slots = [slot("A", 0, 60), slot("B", 2, 60)]
    plan = run(items, slots, themed([0] * 3))
    assert violations(items, slots, plan) == []
    with pytest.raises(TalksInfeasible):
        run(items, slots[:1], themed([0] * 3))


def test_a_speaker_is_never_at_two_talks_at_once() -> None:
    """Ada's two alike talks, each sharing a co-author with each of two other talks.

    Two sessions of one room and two talks: Ada's talks together cost one
    shared-author pair (hers), apart two (q and u, or r and t), so breaking the
    rule would pay off for the author overlaps and the themes.  Together they
    would not overlap by the minute, one after the other in one room, but the
    rule is judged per session (docs/modelling.md §11).
    """
    items = [
        talk("S1", speaker="ada", authors=("ada", "q", "t")),
        talk("S2", speaker="ada", authors=("ada", "r", "u")),
        talk("X1", authors=("sp-X1", "q", "r")),
        talk("X2", authors=("sp-X2", "t", "u")),
    ]
    slots = [slot("A", 0, 30, 1), slot("B", 1, 30, 1)]
    plan = run(items, slots, themed([0, 0, 1, 2]))
    assert violations(items, slots, plan) == []
    assert plan.speaker_overlaps == 0
    assert (plan.author_overlaps, plan.author_overlap_bound) == (2, 0)


def test_overlapping_sessions_count_as_one_time_for_speakers() -> None:
    """Sessions A and B overlap by half an hour: one speaker's two talks take A and C or B and C."""
    items = [talk("T0", speaker="ada"), talk("T1", speaker="ada")]
    slots = [slot("A", 0, 60, 1), slot("B", 0.5, 60, 1), slot("C", 3, 30, 1)]
    plan = run(items, slots, themed([0, 0]), time_limit=1.0)
    assert violations(items, slots, plan) == []
    assert "C" in {p.session for p in plan.placements}


def test_busy_speakers_are_not_placed_in_overlapping_sessions() -> None:
    """Ada presents a poster 9:30-10:00, inside session A where her theme-mates must be."""
    a, b = slot("A", 0, 60), slot("B", 2, 60)
    mates = [talk(f"M{k}", allowed=frozenset({"A"})) for k in range(3)]
    items = [*mates, talk("ADA", speaker="ada"), talk("X0"), talk("X1")]
    busy = {"ada": [(DAY + timedelta(minutes=30), DAY + timedelta(minutes=60))]}
    plan = run(items, [a, b], themed([0, 0, 0, 0, 1, 1]), busy=busy)
    assert violations(items, [a, b], plan, busy=busy) == []
    assert {p.session for p in plan.placements if p.paper == "ADA"} == {"B"}
    assert plan.speaker_overlaps == 0


def test_running_order_follows_minutes_and_changeovers() -> None:
    lengths = [10, 25, 15, 20]
    items = [talk(f"T{k}", m) for k, m in enumerate(lengths)]
    slots = [slot("A", 0, 90, 1)]
    plan = run(items, slots, themed([0, 1, 2, 3]), changeover=5)
    assert violations(items, slots, plan, changeover=5) == []
    ends = sorted(p.end for p in plan.placements)
    assert ends[-1] == DAY + timedelta(minutes=sum(lengths) + 5 * 3)


def test_running_order_is_a_path_through_similar_talks() -> None:
    """Five talks on an arc: each next to the most alike ones, so the order runs along it."""
    angles = np.array([0.0, 0.9, 0.3, 1.2, 0.6])
    vec = np.stack([np.cos(angles), np.sin(angles)], axis=1)
    items = [talk(f"T{k}") for k in range(5)]
    slots = [slot("A", 0, 75, 1)]
    plan = run(items, slots, vec)
    order = [int(p.paper[1]) for p in sorted(plan.placements, key=lambda p: p.position)]
    assert list(angles[order]) in (sorted(angles), sorted(angles, reverse=True))


def test_pins_keep_their_session_room_and_position() -> None:
    items = [talk(f"T{k}") for k in range(5)]
    items[4] = talk("T4", allowed=frozenset({"B"}), pinned_room="R2", pinned_position=2)
    slots = [slot("A", 0, 45), slot("B", 1, 45)]
    plan = run(items, slots, themed([0, 0, 0, 0, 1]))
    assert violations(items, slots, plan) == []
    where = {p.paper: (p.session, p.room, p.position) for p in plan.placements}
    assert where["T4"] == ("B", "R2", 2)


def test_shared_author_overlaps_reach_their_bound() -> None:
    """Bo co-authors five alike talks over four times: the bound is one pair, themes want more."""
    items = [talk(f"B{k}", authors=(f"sp-B{k}", "bo")) for k in range(5)]
    items += [talk(f"O{k}") for k in range(7)]
    slots = [slot(s, h, 45) for s, h in zip("ABCD", (0, 1, 2, 3), strict=True)]
    plan = run(items, slots, themed([0] * 5 + [1] * 7))
    assert violations(items, slots, plan) == []
    assert plan.author_overlap_bound == min_pairs(5, 4) == 1
    assert plan.author_overlaps == 1


def test_reruns_keep_previous_placements() -> None:
    themes = [k % 4 for k in range(24)]
    items = [talk(f"T{k:02d}", authors=(f"sp-T{k:02d}", f"lab{k % 3}")) for k in range(24)]
    slots = [slot(s, h, 60, 2) for s, h in zip("ABC", (0, 2, 4), strict=True)]
    vec = themed(themes)
    first = run(items, slots, vec)
    where = {p.paper: (p.session, p.room, p.position) for p in first.placements}
    again = [
        TalkItem(i.paper, i.minutes, i.speakers, i.authors, previous=where[i.paper]) for i in items
    ]
    # Another seed and new theme rows would place them differently from scratch.
    second = run(again, slots, vec[::-1].copy(), seed=3)
    assert second.moves == 0
    assert [(p.paper, p.session, p.room, p.position) for p in second.placements] == [
        (p.paper, p.session, p.room, p.position) for p in first.placements
    ]
    # One talk withdrawn, one new: everyone else keeps session and room.
    gone = first.placements[0].paper
    third_items = [i for i in again if i.paper != gone] + [talk("NEW")]
    rows = np.vstack([vec[[k for k, i in enumerate(items) if i.paper != gone]], themed([1])])
    third = run(third_items, slots, rows)
    assert violations(third_items, slots, third) == []
    kept = {p.paper: (p.session, p.room) for p in third.placements}
    assert all(kept[p] == w[:2] for p, w in where.items() if p != gone)
    assert third.moves <= 1


def test_the_same_inputs_and_seed_give_the_same_plan() -> None:
    themes = [k % 5 for k in range(40)]
    items = [talk(f"T{k:02d}", authors=(f"sp-T{k:02d}", f"lab{k % 6}")) for k in range(40)]
    slots = [slot(s, h, 75, 3) for s, h in zip("ABC", (0, 2, 4), strict=True)]
    vec = themed(themes, seed=4)
    a = run(items, slots, vec, seed=7)
    b = run(items, slots, vec, seed=7)
    assert a.placements == b.placements
    assert (a.discrimination, a.author_overlaps) == (b.discrimination, b.author_overlaps)


SCRIPT = """
import numpy as np, sys
sys.path.insert(0, {tests!r})
from test_talk_model import programme
from planner.model.talks import plan_talks
items, slots, vec = programme(60, 1)
plan = plan_talks(items, slots, vec, seed=2, time_limit=1.0)
print([(p.paper, p.session, p.room, p.position) for p in plan.placements])
"""


def test_the_plan_does_not_depend_on_string_hashing() -> None:
    """Two processes with different PYTHONHASHSEED (set iteration order) give one plan."""
    outs = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        code = SCRIPT.format(tests=str(ROOT / "tests"))
        done = subprocess.run(
            [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        outs.append(done.stdout)
    assert outs[0] == outs[1]


def programme(n: int, seed: int) -> tuple[list[TalkItem], list[TalkSlot], np.ndarray]:
    """A clustered programme: 4 slots x 3 rooms x 5 talks, 8 themes, labs sharing authors."""
    rng = np.random.default_rng(seed)
    themes = rng.integers(0, 8, n)
    items = [
        talk(f"T{k:03d}", authors=(f"sp-T{k:03d}", f"lab{themes[k]}-{rng.integers(0, 4)}"))
        for k in range(n)
    ]
    slots = [slot(s, h, 75, 3) for s, h in zip("ABCD", (0, 2, 4, 6), strict=True)]
    return items, slots, themed(themes.tolist(), noise=0.1, seed=seed)


def test_discrimination_is_well_above_random_on_a_clustered_programme() -> None:
    items, slots, vec = programme(56, 0)
    plan = run(items, slots, vec)
    assert violations(items, slots, plan) == []
    assert plan.discrimination is not None and plan.discrimination > 2.0
    assert plan.author_overlaps == plan.author_overlap_bound
    # The same talks dealt into the same rooms at random score about 1.
    cells = [(p.session, p.room) for p in plan.placements]
    shuffled = np.random.default_rng(0).permutation(len(cells))
    index = {c: k for k, c in enumerate(sorted(set(cells)))}
    rows = {p.paper: k for k, p in enumerate(items)}
    cell_of = np.array([index[cells[shuffled[rows[i.paper]]]] for i in items])
    session_of_cell = np.array([ord(s) for s, _ in sorted(index, key=index.__getitem__)])
    random_dr = discrimination(vec, cell_of, session_of_cell - ord("A"))
    assert random_dr is not None and random_dr < 1.5


# --------------------------------------------------------------------------- impossible


def test_too_many_minutes_is_explained() -> None:
    items = [talk(f"T{k}", 20) for k in range(7)]
    with pytest.raises(TalksInfeasible, match=r"need 140 room-minutes .* offer 120"):
        plan_talks(items, [slot("A", 0, 60)], themed([0] * 7))


def test_a_speaker_with_more_talks_than_times_is_explained() -> None:
    items = [talk(f"T{k}", speaker="ada") for k in range(3)]
    slots = [slot("A", 0, 60), slot("B", 2, 60)]
    with pytest.raises(TalksInfeasible, match=r"speaker ada gives 3 talks .* only 2 separate"):
        plan_talks(items, slots, themed([0] * 3))


def test_speakers_in_a_triangle_over_two_times_are_explained() -> None:
    """Each speaker alone fits two times; three talks pairwise sharing a speaker do not."""
    items = [
        TalkItem("A", 15, ("x", "z"), ("x", "z")),
        TalkItem("B", 15, ("x", "y"), ("x", "y")),
        TalkItem("C", 15, ("y", "z"), ("y", "z")),
    ]
    slots = [slot("S1", 0, 60), slot("S2", 2, 60)]
    with pytest.raises(TalksInfeasible, match=r"no talk programme keeps the hard rules"):
        plan_talks(items, slots, themed([0, 1, 2]), time_limit=1.0)


def test_a_talk_with_no_session_is_explained() -> None:
    items = [talk("T0", 90)]
    with pytest.raises(TalksInfeasible, match=r"T0 fits no talk session: it lasts 90 min"):
        plan_talks(items, [slot("A", 0, 60)], themed([0]))


# --------------------------------------------------------------------------- property


@st.composite
def planted(draw: st.DrawFn) -> tuple[list[TalkItem], list[TalkSlot], np.ndarray, int, dict]:
    """A small programme built around a plan that keeps every hard rule, so one exists.

    Sessions may overlap in a chain; some talks are pinned to their planted
    room (and position), some speakers are busy in a session away from theirs.
    """
    changeover = draw(st.sampled_from([0, 5]))
    n_slots = draw(st.integers(1, 4))
    hours = st.sampled_from([0, 0.5, 1, 2, 3])
    starts = sorted(draw(st.lists(hours, min_size=n_slots, max_size=n_slots)))
    slots = [
        slot(f"S{k}", h, draw(st.sampled_from([45, 60, 90])), draw(st.integers(1, 3)))
        for k, h in enumerate(starts)
    ]
    items: list[TalkItem] = []
    speakers_at: dict[str, list[int]] = defaultdict(list)
    for k, s in enumerate(slots):
        for room in s.rooms:
            left, position = s.minutes + changeover, 0
            while draw(st.booleans()):
                minutes = draw(st.sampled_from([10, 15, 20, 30]))
                if minutes + changeover > left:
                    break
                left, position = left - minutes - changeover, position + 1
                speaker = _free_speaker(draw, slots, speakers_at, k)
                authors = (speaker, *draw(st.lists(st.sampled_from(["p", "q", "r"]), max_size=2)))
                allowed = frozenset(draw(st.sets(st.sampled_from([x.id for x in slots]))) | {s.id})
                pin = draw(st.integers(0, 9))
                items.append(
                    TalkItem(
                        f"T{len(items)}",
                        minutes,
                        (speaker,),
                        authors,
                        frozenset({s.id}) if pin < 2 else allowed,
                        pinned_room=room if pin < 2 else None,
                        pinned_position=position if pin == 0 else None,
                    )
                )
    busy = {
        name: [(slots[j].start, slots[j].end)]
        for name, ks in sorted(speakers_at.items())
        for j in range(len(slots))
        if all(not _overlap(slots[j], slots[k]) for k in ks) and draw(st.booleans())
    }
    themes = draw(st.lists(st.integers(0, 3), min_size=len(items), max_size=len(items)))
    return items, slots, themed(themes, seed=len(items)), changeover, busy


def _overlap(a: TalkSlot, b: TalkSlot) -> bool:
    return a.start < b.end and b.start < a.end


def _free_speaker(
    draw: st.DrawFn, slots: list[TalkSlot], speakers_at: dict[str, list[int]], k: int
) -> str:
    """A speaker of the pool with no talk at a time overlapping session ``k``, or a new one."""
    name = draw(st.sampled_from(["ada", "bo", "cy", "new"]))
    s = slots[k]
    clash = any(_overlap(slots[j], s) for j in speakers_at.get(name, []))
    if name == "new" or clash:
        name = f"solo{sum(len(v) for v in speakers_at.values())}"
    speakers_at[name].append(k)
    return name


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted())
def test_every_talk_is_placed_once_with_consistent_times(case: tuple) -> None:
    items, slots, vec, changeover, busy = case
    plan = plan_talks(items, slots, vec, changeover=changeover, time_limit=0.5, busy=busy)
    assert violations(items, slots, plan, changeover, busy) == []
    assert sorted(p.paper for p in plan.placements) == sorted(i.paper for i in items)
    assert plan.speaker_overlaps == 0
    assert plan.author_overlaps >= plan.author_overlap_bound


def _sorted_plan(themes: Sequence[int], slots: Sequence[TalkSlot]) -> tuple[np.ndarray, np.ndarray]:
    """The naive plan: talks sorted by theme fill rooms five at a time, session by session.

    Each room holds one theme, but a session's rooms hold neighbouring themes
    (a theme spans two or three rooms), so concurrent rooms are alike.
    """
    cell_session = np.array([k for k, s in enumerate(slots) for _ in s.rooms])
    cell_of = np.zeros(len(themes), dtype=np.int64)
    for rank, i in enumerate(np.argsort(themes, kind="stable")):
        cell_of[i] = rank // 5
    return cell_of, cell_session


def test_themes_beat_a_theme_sorted_plan_under_other_vectors() -> None:
    """Rooms of one theme, and concurrent rooms of different themes, measured independently.

    110 talks of 10 themes in 4 slots x 6 rooms x 5, two talks per lab: the
    plan is made on one set of themed rows and its ratio measured on another
    (same themes, other noise), as an outside check measures with its own
    TF-IDF.  A plan that grouped rooms by theme but put alike rooms at once
    (the sorted plan) fails the second bound; one that ignored themes, the first.
    """
    rng = np.random.default_rng(5)
    themes = rng.permutation(np.arange(110) % 10)
    items = [
        talk(f"T{k:03d}", authors=(f"sp-T{k:03d}", f"lab{themes[k]}-{k % 6}")) for k in range(110)
    ]
    slots = [slot(s, h, 75, 6) for s, h in zip("ABCD", (0, 2, 4, 6), strict=True)]
    plan = run(items, slots, themed(themes.tolist(), noise=0.1, seed=1))
    assert violations(items, slots, plan) == []
    assert plan.author_overlaps == plan.author_overlap_bound
    other = themed(themes.tolist(), noise=0.1, seed=2)
    cells = sorted({(p.session, p.room) for p in plan.placements})
    index = {c: k for k, c in enumerate(cells)}
    at = {p.paper: index[p.session, p.room] for p in plan.placements}
    cell_of = np.array([at[it.paper] for it in items])
    session_of_cell = np.array([ord(s) - ord("A") for s, _ in cells])
    ours = discrimination(other, cell_of, session_of_cell)
    naive = discrimination(other, *_sorted_plan(themes.tolist(), slots))
    assert naive is not None and ours is not None
    # Measured: 4.10 (the sorted rooms dealt round-robin over the slots score
    # 4.10 too), the sorted plan 2.20; the similarity-path search before the
    # clustered start and cell trades scored 3.63.
    assert ours > 3.8
    assert ours > 1.5 * naive


def test_sparse_rows_are_priced_by_their_exact_dot_products() -> None:
    """A TF-IDF-like sparse matrix, wider than there are talks, loses no dot product."""
    rng = np.random.default_rng(3)
    themes = np.arange(30) % 3
    words = np.zeros((30, 350))
    for k, t in enumerate(themes):  # theme words, and a few of a vocabulary all share
        words[k, rng.choice(100, 8, replace=False) + 100 * t] = rng.random(8) + 0.5
        words[k, rng.choice(50, 4, replace=False) + 300] = rng.random(4) + 0.5
    rows = sparse.csr_matrix(words / np.linalg.norm(words, axis=1, keepdims=True))
    dense = exact_rows(rows)
    assert dense.shape[1] <= 30
    assert np.allclose(dense @ dense.T, (rows @ rows.T).toarray())
    items = [talk(f"T{k:02d}") for k in range(30)]
    slots = [slot(s, h, 75, 2) for s, h in zip("ABC", (0, 2, 4), strict=True)]
    plan = run(items, slots, rows)
    assert violations(items, slots, plan) == []
    assert plan.discrimination is not None and plan.discrimination > 3.0
