"""Presenting halves (``[rules] halves``): odd boards present in the first half.

A poster's half is its board's parity within its room; a presenter may show
two posters in one session, one in each half, and two posters sharing an
author in one session clash only in the same half, so the clash bound drops.
Every output shows the half; ``planner verify`` checks it; a plan without
halves writes no half anywhere.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import datetime
from pathlib import Path

import icalendar
import numpy as np
import pytest
from helpers import lower_bound, make_inputs, paper, room, run, session, venue, write_conference
from openpyxl import load_workbook
from typer.testing import CliRunner

from planner.cli import app
from planner.core.errors import InputError
from planner.edits.workbook_rows import read_hand_edits
from planner.engine import Options, _problem, _topics, narrow_domains
from planner.model.halves import repair_halves
from planner.model.search_state import CLASH, HARD, SearchState
from planner.prechecks.checks import prechecks
from planner.read.conference import Pin
from planner.read.halves import half_of, half_times, midpoint
from planner.read.venue.reader import read_venue
from planner.verify.checker import verify
from planner.verify.reading import read_plan

TWO_TIMES = [session("s1", 0), session("s2", 1)]


def busy_presenter(halves: str | None = "odd-even") -> tuple[list, object]:
    """P presents four posters over two sessions: two per session, one in each half."""
    papers = [
        paper("p1", ["P", "a"]),
        paper("p2", ["P", "b"], "training"),
        paper("p3", ["P", "c"], "hardware"),
        paper("p4", ["P"], "compilers"),
        *[paper(f"q{k}", [f"x{k}"], topic) for k, topic in enumerate(["serving", "training"] * 3)],
    ]
    rules = {"halves": halves} if halves else {}
    return papers, venue(TWO_TIMES, [room("hall", 6)], **rules)


def test_half_of_a_board_and_the_half_times() -> None:
    assert [half_of(b, "odd-even") for b in (1, 2, 3, 4)] == [1, 2, 1, 2]
    assert [half_of(b, "even-odd") for b in (1, 2, 3, 4)] == [2, 1, 2, 1]
    assert half_of(1, None) is None
    start, end = datetime(2026, 5, 19, 16, 0), datetime(2026, 5, 19, 17, 15)
    # 75 minutes: the midpoint 37.5 minutes in rounds to the minute (up).
    assert midpoint(start, end) == datetime(2026, 5, 19, 16, 38)
    assert half_times(start, end, 1) == (start, datetime(2026, 5, 19, 16, 38))
    assert half_times(start, end, 2) == (datetime(2026, 5, 19, 16, 38), end)


def test_a_presenter_presents_two_posters_in_one_session_one_in_each_half() -> None:
    papers, v = busy_presenter()
    inputs = make_inputs(papers, v)
    # With halves P keeps all four posters (four presenting times: two halves x two sessions).
    assert not inputs.index.handovers
    plan = run(inputs)
    mine = [pl for pl in plan.placements if pl.paper.startswith("p")]
    by_session = Counter(pl.session for pl in mine)
    assert sorted(by_session.values()) == [2, 2]
    for s in by_session:
        halves = sorted(half_of(pl.board, "odd-even") for pl in mine if pl.session == s)
        assert halves == [1, 2], (s, [(pl.paper, pl.board) for pl in mine])
    assert plan.figures.presenter_clashes == 0
    assert plan.figures.clashes == plan.figures.clash_lower_bound == 0


def test_without_halves_the_presenter_hands_posters_over() -> None:
    papers, v = busy_presenter(None)
    inputs = make_inputs(papers, v)
    assert len(inputs.index.handovers) == 2


def test_the_clash_bound_counts_per_half() -> None:
    # A (never presenting) is on six posters over two sessions: without halves
    # three per session give 2 x C(3,2) = 6 pairs; with halves 2+1 per session
    # and half gives 2 x C(2,2) = 2.
    papers = [paper(f"p{k}", [f"lead{k}", "A"]) for k in range(6)]
    plain = make_inputs(papers, venue(TWO_TIMES, [room("hall", 6)]))
    halves = make_inputs(papers, venue(TWO_TIMES, [room("hall", 6)], halves="odd-even"))
    assert lower_bound(plain) == 6
    assert lower_bound(halves) == 2
    plan = run(halves)
    assert plan.figures.clash_lower_bound == 2
    assert plan.figures.clashes == 2


def test_the_repair_moves_a_presenter_pair_off_one_parity() -> None:
    papers, v = busy_presenter()
    inputs = make_inputs(papers, v)
    plan = run(inputs)
    session_of = {pl.paper: pl.session for pl in plan.placements}
    room_of = {pl.paper: pl.room for pl in plan.placements}
    board_of = {pl.paper: pl.board for pl in plan.placements}
    s = session_of["p1"]
    partner = next(p for p in ("p2", "p3", "p4") if session_of[p] == s)
    broken = dict(board_of)
    # Put the pair on boards 1 and 3 (both odd: both in the first half).
    others = sorted(p for p in board_of if session_of[p] == s and p not in ("p1", partner))
    for k, p in enumerate(["p1", others[0], partner, *others[1:]], start=1):
        broken[p] = k
    options = Options()
    problem = _problem(inputs, options, None, _topics(inputs, options, None), {})
    fixed = repair_halves(problem, session_of, room_of, broken)
    assert fixed["p1"] % 2 != fixed[partner] % 2
    # One poster traded places with a neighbour: two boards changed, no more.
    assert sum(fixed[p] != broken[p] for p in broken) == 2
    assert sorted(fixed[p] for p in fixed if session_of[p] == s) == sorted(
        broken[p] for p in broken if session_of[p] == s
    )


def test_a_bad_halves_value_names_the_key_and_the_values(tmp_path: Path) -> None:
    papers, v = busy_presenter(None)
    folder = write_conference(tmp_path / "conf", papers, v)
    text = (folder / "venue.toml").read_text("utf-8").replace("[rules]", '[rules]\nhalves = "odd"')
    (folder / "venue.toml").write_text(text, "utf-8")
    with pytest.raises(InputError) as err:
        read_venue(folder / "venue.toml")
    message = str(err.value)
    assert "halves" in message and "odd-even" in message and "even-odd" in message


# --------------------------------------------------------------------------- the outputs


def _plan_folder(tmp: Path, halves: str | None) -> Path:
    papers, v = busy_presenter(halves)
    folder = write_conference(tmp / "conf", papers, v)
    out = tmp / "out"
    result = CliRunner().invoke(
        app, ["plan", str(folder), "--out", str(out), "--time-limit", "1", "--seed", "0"]
    )
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture(scope="module")
def with_halves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plan_folder(tmp_path_factory.mktemp("halves"), "odd-even")


@pytest.fixture(scope="module")
def without_halves(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _plan_folder(tmp_path_factory.mktemp("plain"), None)


def _records(out: Path) -> dict[str, dict]:
    doc = json.loads((out / "papers.json").read_text("utf-8"))
    return {r["id"]: r for r in doc["results"]}


def test_papers_json_gives_each_poster_its_half(with_halves: Path) -> None:
    plan = json.loads((with_halves / "plan.json").read_text("utf-8"))
    records = _records(with_halves)
    assert len(plan["placements"]) == len(records) == 10
    for pl in plan["placements"]:
        rec = records[pl["paper"]]
        start = datetime.fromisoformat(rec["starttime"])
        end = datetime.fromisoformat(rec["endtime"])
        number = 1 if pl["board"] % 2 else 2
        # Sessions run 16:00-18:00: the first half to 17:00, the second from it.
        mid = start.replace(hour=17)
        want = (start, mid) if number == 1 else (mid, end)
        assert rec["half"] == {
            "number": number,
            "starttime": want[0].isoformat(),
            "endtime": want[1].isoformat(),
        }
    assert "-07:00" in records["p1"]["half"]["starttime"]


def test_feeds_and_schedule_are_at_the_half_times(with_halves: Path) -> None:
    records = _records(with_halves)
    feed = icalendar.Calendar.from_ical((with_halves / "calendars" / "conference.ics").read_bytes())
    events = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert len(events) == len(records)
    for rec in records.values():
        event = events[rec["name"]]
        assert event.decoded("DTSTART") == datetime.fromisoformat(rec["half"]["starttime"])
        assert event.decoded("DTEND") == datetime.fromisoformat(rec["half"]["endtime"])
        assert "the board is up for the whole session" in str(event["DESCRIPTION"])
    schedule = json.loads((with_halves / "schedule.json").read_text("utf-8"))
    frab = [
        ev
        for day in schedule["schedule"]["conference"]["days"]
        for room_events in day["rooms"].values()
        for ev in room_events
    ]
    assert len(frab) == len(records)
    for ev in frab:
        pid = next(p for p, r in records.items() if ev["title"] == r["name"])
        half = records[pid]["half"]
        assert ev["date"] == half["starttime"]
        assert ev["duration"] == "01:00"
        assert ("first half" if half["number"] == 1 else "second half") in ev["subtitle"]


def test_the_workbook_csv_and_report_show_the_half(with_halves: Path) -> None:
    records = _records(with_halves)
    ws = load_workbook(with_halves / "plan.xlsx")["Placements"]
    header = [c.value for c in ws[1]]
    assert header[header.index("Board") + 1] == "Half"
    for row in ws.iter_rows(min_row=2, values_only=True):
        assert row[header.index("Half")] == records[str(row[0])]["half"]["number"]
    lines = (with_halves / "placements.csv").read_text("utf-8-sig").splitlines()
    assert lines[0].split(",")[-1] == "half"
    report = (with_halves / "report.html").read_text("utf-8")
    assert "Presented in the first half" in report and "Presented in the second half" in report


def test_hand_edits_in_a_workbook_with_a_half_column_read_back(
    with_halves: Path, tmp_path: Path
) -> None:
    plan = read_plan(with_halves)
    assert read_hand_edits(with_halves / "plan.xlsx", plan) == []  # nothing edited: no pins
    p1 = plan.placement_of["p1"]
    used = {pl.board for pl in plan.placements if (pl.session, pl.room) == (p1.session, p1.room)}
    free = min(set(range(1, 7)) - used)
    wb = load_workbook(with_halves / "plan.xlsx")
    ws = wb["Placements"]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "p1")
    row[header.index("Board")].value = str(free)
    row[header.index("Half")].value = 2  # the Half column is the planner's to fill: ignored
    wb.save(tmp_path / "edited.xlsx")
    pins = read_hand_edits(tmp_path / "edited.xlsx", plan)
    assert [(p.paper, p.session, p.room, p.board) for p in pins] == [
        ("p1", p1.session, p1.room, str(free))
    ]


def test_verify_passes_and_catches_a_hand_broken_half(with_halves: Path, tmp_path: Path) -> None:
    assert verify(with_halves, files=False).ok
    broken = tmp_path / "broken"
    shutil.copytree(with_halves, broken)
    doc = json.loads((broken / "papers.json").read_text("utf-8"))
    rec = next(r for r in doc["results"] if r["id"] == "p1")
    rec["half"]["number"] = 3 - rec["half"]["number"]
    (broken / "papers.json").write_text(json.dumps(doc), "utf-8")
    report = verify(broken, files=False)
    assert report.rules == {"halves"}
    assert any("p1" in v.message for v in report.violations)


def test_verify_catches_a_presenter_pair_in_one_half(with_halves: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(with_halves, broken)
    plan = json.loads((broken / "plan.json").read_text("utf-8"))
    where = {pl["paper"]: pl for pl in plan["placements"]}
    s = where["p1"]["session"]
    partner = next(p for p in ("p2", "p3", "p4") if where[p]["session"] == s)
    other = next(
        pl
        for pl in plan["placements"]
        if pl["session"] == s
        and pl["room"] == where[partner]["room"]
        and pl["board"] % 2 == where["p1"]["board"] % 2
        and pl["paper"] != "p1"
    )
    # The partner trades boards with a poster on p1's parity: both in one half.
    where[partner]["board"], other["board"] = other["board"], where[partner]["board"]
    where[partner]["label"], other["label"] = other["label"], where[partner]["label"]
    (broken / "plan.json").write_text(json.dumps(plan), "utf-8")
    report = verify(broken, files=False)
    assert {"presenter", "halves"} <= report.rules


def test_a_plan_without_halves_writes_no_half(without_halves: Path) -> None:
    assert all("half" not in r for r in _records(without_halves).values())
    assert "half" not in (without_halves / "placements.csv").read_text("utf-8-sig").splitlines()[0]
    ws = load_workbook(without_halves / "plan.xlsx")["Placements"]
    assert "Half" not in [c.value for c in ws[1]]
    for path in [without_halves / "report.html", *without_halves.glob("calendars/**/*.ics")]:
        assert "half" not in path.read_text("utf-8").casefold().replace("halves", "")
    assert '"halves"' not in (without_halves / "plan.json").read_text("utf-8")  # quiet default
    assert verify(without_halves, files=False).ok


def test_check_shows_the_bound_with_halves(tmp_path: Path) -> None:
    papers = [paper(f"p{k}", [f"lead{k}", "A"]) for k in range(6)]
    shown = {}
    for name, rules in (("plain", {}), ("halves", {"halves": "odd-even"})):
        folder = write_conference(
            tmp_path / name, papers, venue(TWO_TIMES, [room("hall", 6)], **rules)
        )
        result = CliRunner().invoke(app, ["check", str(folder)])
        assert result.exit_code == 0, result.output
        shown[name] = " ".join(result.output.split())
    assert "Clash lower bound: 6 shared-author" in shown["plain"]
    assert "Clash lower bound: 2 shared-author" in shown["halves"]
    assert "With presenting halves (odd-even)" in shown["halves"]
    assert "With presenting halves" not in shown["plain"]


def test_the_warm_start_prices_moves_and_swaps_as_its_recount_per_half() -> None:
    """The search's incremental costs equal its whole-plan recount with halves on.

    Two overlapping sessions (s1, s1b) and two apart; A presents nothing but is
    on every paper, B and C alternate: pairs in one session count per half,
    across the overlapping sessions all of them.
    """
    sessions = [session("s1", 0), session("s1b", 0, 17.0), session("s2", 1), session("s3", 2)]
    papers = [paper(f"p{k}", [f"x{k % 3}", "A", "B" if k % 2 else "C"]) for k in range(12)]
    inputs = make_inputs(papers, venue(sessions, [room("hall", 8)], halves="odd-even"))
    options = Options()
    problem = _problem(inputs, options, None, _topics(inputs, options, None), {})
    st = SearchState(problem, narrow_domains(problem), 0, None)
    rng = np.random.default_rng(1)
    for i in range(len(st.papers)):
        st.place(i, int(rng.integers(len(st.sessions))))

    def total() -> int:
        return CLASH * int(st.pairs().sum()) + HARD * int(st.presenter_pairs().sum())

    for _ in range(200):
        i, s = int(rng.integers(len(st.papers))), int(rng.integers(len(st.sessions)))
        cost, a, before = st.costs(i, capacity=False), int(st.where[i]), total()
        st.place(i, s)
        assert total() - before == cost[s] - cost[a]
        j = int(rng.integers(len(st.papers)))
        a, b = int(st.where[i]), int(st.where[j])
        if a != b:
            delta, before = st.swap_delta(i, j, st.costs(i, capacity=False), False), total()
            st.place(i, b)
            st.place(j, a)
            assert total() - before == delta
    # The per-half count itself: three of A's posters alone in one session make one pair.
    st.where[:] = -1
    st.count[:] = 0
    st.pcount[:] = 0
    for i in range(3):
        st.place(i, 2)
    assert st.pairs()[st.person_keys.index("id:A")] == 1


def test_parallel_sessions_keep_an_authors_pair_in_one_session() -> None:
    # s1 and s1b run at once: A's two posters at that time must share one of
    # them (one per half); in two parallel sessions they would meet.
    sessions = [session("s1", 0), session("s1b", 0), session("s2", 1)]
    papers = [paper(f"p{k}", [f"lead{k}", "A"]) for k in range(4)]
    papers += [paper(f"q{k}", [f"y{k}"], "training") for k in range(8)]
    inputs = make_inputs(papers, venue(sessions, [room("hall", 4)], halves="odd-even"))
    assert lower_bound(inputs) == 0
    plan = run(inputs)
    assert plan.figures.clashes == 0
    mine = Counter(pl.session for pl in plan.placements if pl.paper.startswith("p"))
    assert mine["s2"] == 2 and sorted(mine.values()) == [2, 2]


def test_pins_hold_their_boards_and_two_pins_in_one_half_are_found() -> None:
    papers, _ = busy_presenter()
    # p1 pinned to board 1 and p2 to board 3 of one session: both odd, both in
    # the first half, so P would stand at two posters at once.
    pins = [Pin(paper="p1", session="s1", room="hall", board="1")]
    clash = [*pins, Pin(paper="p2", session="s1", room="hall", board="3")]
    v = venue(TWO_TIMES, [room("hall", 6)], pins=clash, halves="odd-even")
    found = prechecks(make_inputs(papers, v))
    assert [f.rule for f in found] == ["pin"]
    # On boards 1 and 2 they are in opposite halves: no finding.
    apart = [*pins, Pin(paper="p2", session="s1", room="hall", board="2")]
    v = venue(TWO_TIMES, [room("hall", 6)], pins=apart, halves="odd-even")
    assert prechecks(make_inputs(papers, v)) == []
    # The repair moves the unpinned partner, never the pinned board.
    v = venue(TWO_TIMES, [room("hall", 6)], pins=pins, halves="odd-even")
    inputs = make_inputs(papers, v)
    options = Options()
    problem = _problem(inputs, options, None, _topics(inputs, options, None), {"p1": pins[0]})
    session_of = {
        p.id: ("s1" if p.id in ("p1", "p2", "q0", "q1", "q2", "q3") else "s2") for p in papers
    }
    room_of = dict.fromkeys(session_of, "hall")
    boards = {
        "p1": 1,
        "q0": 2,
        "p2": 3,
        "q1": 4,
        "q2": 5,
        "q3": 6,
        "p3": 1,
        "p4": 2,
        "q4": 3,
        "q5": 4,
    }
    fixed = repair_halves(problem, session_of, room_of, boards)
    assert fixed["p1"] == 1 and fixed["p2"] % 2 == 0
    assert sum(fixed[p] != boards[p] for p in boards) == 2


def test_a_presenter_above_twice_the_times_is_the_exit_3_finding() -> None:
    # Single-author papers: nobody can take one over.  Two sessions give P four
    # presenting times with halves: four posters fit, five do not.
    def findings(n: int) -> list[str]:
        papers = [paper(f"p{k}", ["P"]) for k in range(n)]
        v = venue(TWO_TIMES, [room("hall", 6)], halves="odd-even")
        return [f.message for f in prechecks(make_inputs(papers, v)) if f.rule == "presenter"]

    assert findings(4) == []
    (message,) = findings(5)
    assert "4 presenting times (two halves in each of 2 separate poster times)" in message
