"""Moving talks in report.html's editor, and the talk pins edits.toml brings back.

One small programme (tests/talk_programme.py: three talk sessions, two of them at
overlapping times, a studio open in the last only; two poster sessions, the second at the
time of the last talk session; talks only, each speaker presenting one poster of their
own; Person 0 gives two talks) is planned once.  Headless Chromium (tests/cdp.py, real
mouse and keyboard events) drags talks along a lane, to other rooms and sessions, and
reads the verdict while the talk is held: a room whose talks would overrun, a speaker at
two talks at once or due at a talk while presenting a poster is refused; a new
shared-author overlap warns and the figure follows.  Undo, pinning and Save edits cover
talks, and the saved file reads back through planner.edits.report_edits as talk pins.
The reader's own checks of talk pins are tested on the same plan, one message each.
"""

from __future__ import annotations

import json
import tomllib
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser, downloaded, find_chromium
from helpers import write_talk_conference
from talk_programme import record, session, venue

from planner.core.errors import InputError
from planner.edits.report_edits import combine, read_edits
from planner.engine import Options, make_plan
from planner.outputs.report import page as report
from planner.people.inputs import load
from planner.plan.records import Placement, Plan, TalkRecord
from planner.read.conference import Pin, PlaceRule

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed")
CHANGEOVER = 2  # tests/talk_programme.py's [talks] table
VENUE = (
    venue(
        "Talk Edit Conf",
        "talkedit",
        [
            session("talks-1", "Talks 1", "2026-06-01T09:00:00", "2026-06-01T09:40:00", True),
            session("talks-2", "Talks 2", "2026-06-01T09:30:00", "2026-06-01T10:10:00", True),
            session("posters-1", "Posters 1", "2026-06-01T14:00:00", "2026-06-01T15:30:00"),
            session("talks-3", "Talks 3", "2026-06-02T09:00:00", "2026-06-02T09:40:00", True),
            session("posters-2", "Posters 2", "2026-06-02T09:10:00", "2026-06-02T11:00:00"),
        ],
    )
    + "poster_too = false\n"
    # The annex is open on day one only: with sessions filled evenly by boards, day one
    # then holds more posters than the eight its talks-3 speakers must present there.
    + '\n[[rooms]]\nid = "annex"\nname = "Annex"\nboards = 6\nsessions = ["posters-1"]\n'
    + '\n[[rooms]]\nid = "studio"\nname = "Studio"\nseats = 50\nsessions = ["talks-3"]\n'
)


def _papers() -> list[dict[str, Any]]:
    """Orals 500-507 and spotlights 508-515, each by its speaker and the next talk's (503 by
    Person 0 first: two talks); posters 516-531, Person i presenting 516 + i."""
    out = []
    for i in range(16):
        rec = record(i, "Oral" if i < 8 else "Spotlight", (i + 1) % 16)
        if i == 3:
            rec["authors"].insert(0, {"id": "p0", "fullname": "Person 0"})
        out.append(rec)
    for i in range(16, 32):
        rec = record(i, "Poster")
        rec["authors"] = [{"id": f"p{i - 16}", "fullname": f"Person {i - 16}"}]
        out.append(rec)
    return out


@pytest.fixture(scope="module")
def conference(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_talk_conference(tmp_path_factory.mktemp("talk-editing") / "conf", VENUE, _papers())


@pytest.fixture(scope="module")
def plan(conference: Path) -> Plan:
    planned = make_plan(load(conference), Options(time_limit=2))
    assert len(planned.talks) == 16 and planned.placements
    return planned


@pytest.fixture(scope="module")
def page(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("talk-editing-page") / "report.html"
    path.write_text(report.render(plan), "utf-8")
    return path


# ---------------------------------------------------------------- the plan, recounted here


def lanes(plan: Plan) -> dict[tuple[str, str], list[TalkRecord]]:
    """Every open (talk session, seated room), its talks in running order."""
    out: dict[tuple[str, str], list[TalkRecord]] = {}
    for s in plan.venue.talk_sessions:
        for r in plan.venue.talk_rooms_in(s.id):
            here = [t for t in plan.talks if (t.session, t.room) == (s.id, r.id)]
            out[s.id, r.id] = sorted(here, key=lambda t: t.position)
    return out


def minutes(talk: TalkRecord) -> int:
    return int((talk.end - talk.start).total_seconds() // 60)


def laid_out(plan: Plan, sid: str, talks: list[TalkRecord]) -> list[tuple[datetime, datetime]]:
    """Each talk's start and end when the lane runs in this order from the session's start."""
    at = plan.venue.talk_session_by_id[sid].start
    out = []
    for t in talks:
        out.append((at, at + timedelta(minutes=minutes(t))))
        at = out[-1][1] + timedelta(minutes=CHANGEOVER)
    return out


def speaker(plan: Plan, talk: TalkRecord) -> str:
    presenter = plan.paper_by_id[talk.paper].presenter
    assert presenter
    return presenter


def presented_sessions(plan: Plan, key: str) -> list[str]:
    return [pl.session for pl in plan.placements if plan.paper_by_id[pl.paper].presenter == key]


def overlapping(plan: Plan, a: str, b: str) -> bool:
    s, t = plan.venue.talk_session_by_id[a], plan.venue.talk_session_by_id[b]
    return s.overlaps(t)


def legal_at_end(plan: Plan, talk: TalkRecord, sid: str, rid: str) -> bool:
    """Whether putting ``talk`` last in a lane breaks none of the hard rules."""
    lane = [t for t in lanes(plan)[sid, rid] if t.paper != talk.paper] + [talk]
    start, end = laid_out(plan, sid, lane)[-1]
    if end > plan.venue.talk_session_by_id[sid].end:
        return False
    key = speaker(plan, talk)
    for other in plan.talks:
        mine = other.paper != talk.paper and speaker(plan, other) == key
        if mine and overlapping(plan, sid, other.session):
            return False
    for pid in presented_sessions(plan, key):
        s = plan.venue.session_by_id[pid]
        if s.start < end and start < s.end:
            return False
    return True


def talk_overlaps(plan: Plan, where: dict[str, str]) -> int:
    """Shared-author talk overlaps as the planner counts them, with talks in ``where``."""
    by_person: dict[str, list[str]] = defaultdict(list)
    for t in plan.talks:
        for key in dict.fromkeys(plan.paper_by_id[t.paper].authors):
            by_person[key].append(where.get(t.paper, t.session))
    return sum(
        overlapping(plan, a, b)
        for sessions in by_person.values()
        for i, a in enumerate(sessions)
        for b in sessions[i + 1 :]
    )


# ---------------------------------------------------------------- the page, driven


def open_editing(b: Browser, page: Path) -> None:
    b.open(page)
    b.js("document.getElementById('e-toggle').click()")
    assert b.js("document.documentElement.dataset.editing") == "1"


def lane_selector(plan: Plan, sid: str, rid: str) -> str:
    venue = plan.venue
    s = [x.id for x in venue.talk_sessions].index(sid)
    r = [x.id for x in venue.talk_rooms].index(rid)
    return f'#overview .track[data-ts="{s}"][data-tr="{r}"]'


def lane_now(b: Browser, plan: Plan, sid: str, rid: str) -> list[tuple[str, str]]:
    """The lane's talks in the page: (paper, start time shown)."""
    selector = json.dumps(f"{lane_selector(plan, sid, rid)} > .tk")
    return [
        (p, at)
        for p, at in b.js(
            f"Array.from(document.querySelectorAll({selector}), "
            "(el) => [el.dataset.t, el.querySelector('.tk-time').textContent])"
        )
    ]


def drag(b: Browser, source: str, target: str, release: bool = True) -> dict[str, str]:
    """Drags the element ``source`` onto ``target`` (CSS selectors) with the mouse; returns
    what the page showed while it was held there."""
    x0, y0 = b.center(source)
    b.mouse("mouseMoved", x0, y0)
    b.mouse("mousePressed", x0, y0, 1)
    # Picked up first: scrolled into view, the target may come to lie where the source was.
    x0, y0 = x0 + 20, y0 + 20
    b.mouse("mouseMoved", x0, y0, 1)
    # A lane's track is aimed at through its heading: a point in the lane off its talks is
    # the lane's free end, while the track's corner may lie on its first talk.
    x1, y1 = b.js(f"""(() => {{ let el = document.querySelector({json.dumps(target)});
        if (el.classList.contains("track")) el = el.closest(".lane").querySelector("h4");
        el.scrollIntoView({{block: "center"}}); const r = el.getBoundingClientRect();
        return [r.left + Math.min(12, r.width / 2), r.top + Math.min(12, r.height / 2)]; }})()""")
    for k in range(1, 9):
        b.mouse("mouseMoved", x0 + (x1 - x0) * k / 8, y0 + (y1 - y0) * k / 8, 1)
    seen = {
        "verdict": b.js("document.documentElement.dataset.verdict"),
        "box": b.js("document.getElementById('drop').innerText"),
    }
    if release:
        b.mouse("mouseReleased", x1, y1)
    return seen


def room_name(plan: Plan, rid: str) -> str:
    return plan.venue.talk_room_by_id[rid].name


def talk(paper: str) -> str:
    return f'#overview .tk[data-t="{paper}"]'


def state(b: Browser, key: str) -> str:
    return b.js(f"document.documentElement.dataset.{key}")


def toml_now(b: Browser) -> dict[str, Any]:
    return tomllib.loads(b.js("document.getElementById('e-toml').textContent"))


# ---------------------------------------------------------------- the editor


@needs_chromium
def test_a_talk_dragged_up_its_lane_takes_that_place_and_the_times_follow(
    plan: Plan, page: Path
) -> None:
    assert CHROMIUM is not None
    (sid, rid), lane = next((k, v) for k, v in lanes(plan).items() if len(v) >= 2)
    first, second = lane[0], lane[1]
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, page)
        before = lane_now(b, plan, sid, rid)
        assert before == [(t.paper, f"{t.start:%H:%M}") for t in lane]
        seen = drag(b, talk(second.paper), talk(first.paper))
        assert seen["verdict"] in ("good", "warn"), seen
        assert seen["box"].startswith(f"Move to talk 1 of {room_name(plan, rid)}")
        order = [second, first, *lane[2:]]
        times = laid_out(plan, sid, order)
        want = [(t.paper, f"{a:%H:%M}") for t, (a, _) in zip(order, times, strict=True)]
        assert lane_now(b, plan, sid, rid) == want
        assert want[0][1] == f"{plan.venue.talk_session_by_id[sid].start:%H:%M}"
        label = b.js(f"document.querySelector({json.dumps(talk(second.paper))}).ariaLabel")
        assert label.startswith("talk 1, ") and "pinned here" in label
        pins = toml_now(b)["pins"]
        assert [(p["paper"], p["position"]) for p in pins] == [(second.paper, 1)]
        # Undo puts the running order and its times back, and the file is empty again.
        b.press("z", modifiers=2)
        assert lane_now(b, plan, sid, rid) == before
        assert "pins" not in toml_now(b) and state(b, "editCount") == "0"

        # The keyboard: M picks the first talk up, → aims at the next one, Enter takes its
        # place; P pins another talk where it stands, Ctrl+Z takes both back.
        b.js(f"document.querySelector({json.dumps(talk(first.paper))}).focus()")
        b.press("m")
        assert state(b, "editMessage").startswith("Picked up")
        b.press("ArrowRight")
        assert state(b, "verdict") in ("good", "warn")
        b.press("Enter")
        assert state(b, "editMessage").startswith("Moved")
        assert [p for p, _ in lane_now(b, plan, sid, rid)][:2] == [second.paper, first.paper]
        other = next(t for t in plan.talks if (t.session, t.room) != (sid, rid))
        b.js(f"document.querySelector({json.dumps(talk(other.paper))}).focus()")
        b.press("p")
        pinned = {p["paper"]: p for p in toml_now(b)["pins"]}
        assert pinned[other.paper]["position"] == other.position
        assert pinned[other.paper]["room"] == other.room
        b.press("z", modifiers=2)
        b.press("z", modifiers=2)
        assert "pins" not in toml_now(b) and lane_now(b, plan, sid, rid) == before


@needs_chromium
def test_talks_moved_to_other_rooms_and_sessions_save_pins_that_read_back(
    plan: Plan, page: Path, tmp_path: Path, conference: Path
) -> None:
    assert CHROMIUM is not None
    all_lanes = lanes(plan)
    spotlights = [t for t in plan.talks if minutes(t) == 5]
    # A spotlight to the free end of a lane in another talk session ...
    mover, (sid, rid) = next(
        (t, key)
        for t in spotlights
        for key in all_lanes
        if key[0] != t.session and legal_at_end(plan, t, *key)
    )
    # ... and another onto a talk of another room in its own session (it takes that place).
    second, target = next(
        (t, o)
        for t in spotlights
        for o in plan.talks
        if t.paper != mover.paper
        and o.session == t.session != sid
        and o.room != t.room
        and legal_at_end(plan, t, o.session, o.room)
    )
    with Browser(CHROMIUM, 1400, 1000) as b:
        downloads = b.allow_downloads(tmp_path / "downloads")
        open_editing(b, page)
        seen = drag(b, talk(mover.paper), f"{lane_selector(plan, sid, rid)}")
        assert seen["verdict"] in ("good", "warn"), seen
        end = len(all_lanes[sid, rid]) + 1
        assert [p for p, _ in lane_now(b, plan, sid, rid)][-1] == mover.paper
        seen = drag(b, talk(second.paper), talk(target.paper))
        assert seen["verdict"] in ("good", "warn"), seen
        moved_to = [p for p, _ in lane_now(b, plan, target.session, target.room)]
        assert moved_to.index(second.paper) + 1 == target.position
        assert state(b, "editCount") == "2"
        listed = b.js("document.getElementById('e-list').innerText")
        assert "talk moved from" in listed
        b.js("document.getElementById('e-save').click()")
        saved = downloaded(downloads / "edits.toml")

    pins = {p["paper"]: p for p in tomllib.loads(saved.read_text("utf-8"))["pins"]}
    assert pins[mover.paper] == {
        "paper": mover.paper,
        "session": sid,
        "room": rid,
        "position": end,
    }
    assert (pins[second.paper]["session"], pins[second.paper]["room"]) == (
        target.session,
        target.room,
    )
    assert pins[second.paper]["position"] == target.position
    # planner plan reads them back as talk pins from the report.
    edits = read_edits(saved, plan)
    back = {p.paper: p for p in edits.pins}
    assert back[mover.paper] == Pin(
        paper=mover.paper, session=sid, room=rid, position=end, source="report"
    )
    assert back[second.paper].position == target.position and not edits.unpin
    # ... and the next plan keeps both talks where they were put.
    again = make_plan(
        load(conference), Options(time_limit=2), plan, combine(edits, [], "plan.xlsx", plan)
    )
    now = {t.paper: t for t in again.talks}
    for pid, pin in pins.items():
        t = now[pid]
        assert (t.session, t.room, t.position) == (pin["session"], pin["room"], pin["position"])
        assert t.reason == "pinned by a hand edit in the report"


@needs_chromium
def test_a_room_that_would_run_past_the_sessions_end_refuses_the_talk(
    plan: Plan, page: Path
) -> None:
    assert CHROMIUM is not None
    all_lanes = lanes(plan)

    def end_with(key: tuple[str, str], extra: TalkRecord) -> datetime:
        return laid_out(plan, key[0], [extra, *all_lanes[key]])[-1][1]

    oral, (sid, rid) = next(
        (t, key)
        for t in plan.talks
        if minutes(t) == 15
        for key, lane in all_lanes.items()
        if lane
        and key != (t.session, t.room)
        and end_with(key, t) > plan.venue.talk_session_by_id[key[0]].end
    )
    first = all_lanes[sid, rid][0]
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, page)
        before = lane_now(b, plan, sid, rid)
        seen = drag(b, talk(oral.paper), talk(first.paper))
        assert seen["verdict"] == "no", seen
        runs_to = f"{end_with((sid, rid), oral):%H:%M}"
        session = plan.venue.talk_session_by_id[sid]
        assert f"the talks in {room_name(plan, rid)} would run to {runs_to}" in seen["box"]
        assert f"past the end of {session.name} ({session.end:%H:%M})" in seen["box"]
        assert state(b, "editMessage").startswith("Not moved")
        assert lane_now(b, plan, sid, rid) == before and state(b, "editCount") in (None, "0")


@needs_chromium
def test_a_speaker_is_never_at_two_talks_at_once(plan: Plan, page: Path) -> None:
    assert CHROMIUM is not None
    by_speaker: dict[str, list[TalkRecord]] = defaultdict(list)
    for t in plan.talks:
        by_speaker[speaker(plan, t)].append(t)
    key, (one, other) = next((k, v) for k, v in by_speaker.items() if len(v) == 2)
    assert not overlapping(plan, one.session, other.session)  # the planner kept them apart
    name = next(p.name for p in plan.people if p.key == key)
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, page)
        seen = drag(b, talk(one.paper), talk(other.paper))
        assert seen["verdict"] == "no", seen
        assert f"{name} would give" in seen["box"] and "at once" in seen["box"]
        title = plan.paper_by_id[other.paper].title
        assert title[:30] in seen["box"]


@needs_chromium
def test_a_speaker_is_never_due_at_a_talk_while_presenting_a_poster(plan: Plan, page: Path) -> None:
    """Both ways: a poster moved to the time of its presenter's talk, and a talk moved to
    the time of a poster its speaker presents (after that poster was moved there)."""
    assert CHROMIUM is not None
    venue = plan.venue
    late = venue.session_by_id["posters-2"]  # at the time of talks-3
    s_late = [s.id for s in venue.sessions].index("posters-2")
    empty = f'#overview .boards[data-s="{s_late}"] > .b.e'

    def poster_of(t: TalkRecord) -> Placement:
        key = speaker(plan, t)
        return next(pl for pl in plan.placements if plan.paper_by_id[pl.paper].presenter == key)

    busy = next(t for t in plan.talks if t.start < late.end and late.start < t.end)
    free = next(
        t
        for t in plan.talks
        if t.session != "talks-3"
        and not any(speaker(plan, o) == speaker(plan, t) for o in plan.talks if o is not t)
        and poster_of(t).session != "posters-2"
    )
    into = next(t for t in plan.talks if t.session == "talks-3")
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, page)
        seen = drag(b, f'#overview .b[data-p="{poster_of(busy).paper}"]', empty)
        name = next(p.name for p in plan.people if p.key == speaker(plan, busy))
        assert seen["verdict"] == "no", seen
        assert f"{name} would present" in seen["box"] and "while giving" in seen["box"]
        # The other speaker's poster goes there (allowed: their talk is on another day) ...
        seen = drag(b, f'#overview .b[data-p="{poster_of(free).paper}"]', empty)
        assert seen["verdict"] != "no", seen
        # ... and then their talk cannot follow it to that time.
        seen = drag(b, talk(free.paper), talk(into.paper))
        name = next(p.name for p in plan.people if p.key == speaker(plan, free))
        assert seen["verdict"] == "no", seen
        assert f"{name} would give" in seen["box"] and "while presenting" in seen["box"]
        assert plan.paper_by_id[poster_of(free).paper].title[:30] in seen["box"]


@needs_chromium
def test_a_new_shared_author_overlap_warns_and_the_figure_counts_it(plan: Plan, page: Path) -> None:
    assert CHROMIUM is not None
    all_lanes = lanes(plan)

    def shared(a: TalkRecord, b: TalkRecord) -> list[str]:
        mine = plan.paper_by_id[a.paper].authors
        return [
            k
            for k in plan.paper_by_id[b.paper].authors
            if k in mine and not (k == speaker(plan, a) == speaker(plan, b))
        ]

    mover, other, key, lane = next(
        (a, b, shared(a, b)[0], lane)
        for a in plan.talks
        for b in plan.talks
        if a is not b and shared(a, b) and not overlapping(plan, a.session, b.session)
        for lane in all_lanes
        if lane[0] == b.session and legal_at_end(plan, a, *lane)
    )
    name = next(p.name for p in plan.people if p.key == key)
    planned = talk_overlaps(plan, {})
    after = talk_overlaps(plan, {mover.paper: other.session})
    assert planned == plan.figures.talk_clashes and after > planned
    card = "document.querySelector('[data-fig=\"talk-clashes\"] dd').innerText"
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, page)
        assert b.js(card).startswith(f"{planned} (lower bound")
        seen = drag(b, talk(mover.paper), lane_selector(plan, *lane))
        assert seen["verdict"] == "warn", seen
        assert f"new talk overlap: {name} is also at" in seen["box"]
        assert plan.paper_by_id[other.paper].title[:30] in seen["box"]
        assert b.js(card).startswith(f"{after} (lower bound {plan.figures.talk_clash_bound})")
        assert "not saved yet" in b.js(card) and state(b, "talkClashes") == str(after)
        b.press("z", modifiers=2)
        assert b.js(card).startswith(f"{planned} (lower bound")


@needs_chromium
def test_placement_rules_keep_talks_where_they_say(plan: Plan, tmp_path: Path) -> None:
    """A [[place]] rule matching a talk keeps it to its talk sessions; an exclusive rule
    keeps its room for the talks it matches (both as they bind talks)."""
    assert CHROMIUM is not None
    kept, reserved_for = plan.talks[0], next(t for t in plan.talks if t.room == "studio")
    ruled = plan.model_copy(deep=True)
    ruled.venue.talk_place = [
        PlaceRule(name="keynote", papers=[kept.paper], sessions=[kept.session]),
        PlaceRule(name="industry", papers=[reserved_for.paper], rooms=["studio"], exclusive=True),
    ]
    path = tmp_path / "report.html"
    path.write_text(report.render(ruled), "utf-8")
    elsewhere = next(t for t in plan.talks if t.session != kept.session)
    outsider = next(t for t in plan.talks if t.room != "studio" and t is not kept)
    with Browser(CHROMIUM, 1400, 1000) as b:
        open_editing(b, path)
        seen = drag(b, talk(kept.paper), talk(elsewhere.paper))
        session = plan.venue.talk_session_by_id[kept.session].name
        assert seen["verdict"] == "no", seen
        assert f"placement rule 'keynote' keeps it to {session}" in seen["box"]
        seen = drag(b, talk(outsider.paper), lane_selector(plan, "talks-3", "studio"))
        assert seen["verdict"] == "no", seen
        assert "Studio is kept for placement rule 'industry'" in seen["box"]


# ---------------------------------------------------------------- talk pins read back


HEAD = 'format = "poster-planner edits"\nrevision = 1\n'


def read(plan: Plan, folder: Path, text: str) -> Any:
    path = folder / "edits.toml"
    path.write_text(HEAD + text, "utf-8")
    return read_edits(path, plan)


def test_a_talk_pin_reads_back_by_id_or_name(plan: Plan, tmp_path: Path) -> None:
    text = (
        '[[pins]]\npaper = "504"\nsession = "Talks 3"\nroom = "Studio"\nposition = 2\n'
        '[[pins]]\npaper = "505"\nsession = "talks-1"\n'
        '[[pins]]\npaper = "516"\nsession = "posters-2"\nroom = "hall"\nboard = "3"\n'
    )
    edits = read(plan, tmp_path, text)
    assert edits.pins == [
        Pin(paper="504", session="talks-3", room="studio", position=2, source="report"),
        Pin(paper="505", session="talks-1", source="report"),
        Pin(paper="516", session="posters-2", room="hall", board="3", source="report"),
    ]
    assert edits.talk_where == {"504": "[[pins]] #1", "505": "[[pins]] #2"}
    assert edits.where == {"516": "[[pins]] #3"}


def test_a_paper_may_have_a_poster_pin_and_a_talk_pin(plan: Plan, tmp_path: Path) -> None:
    both = plan.model_copy(deep=True)  # a talk paper with a poster too (poster_too = true)
    both.placements.append(
        Placement(paper="504", session="posters-1", room="hall", board=12, label="12", topic=0)
    )
    text = (
        '[[pins]]\npaper = "504"\nsession = "posters-2"\nroom = "hall"\nboard = "1"\n'
        '[[pins]]\npaper = "504"\nsession = "talks-2"\nroom = "aud"\nposition = 1\n'
    )
    edits = read(both, tmp_path, text)
    assert [(p.session, p.board, p.position) for p in edits.pins] == [
        ("posters-2", "1", None),
        ("talks-2", None, 1),
    ]
    # The workbook moves the poster elsewhere: a conflict with the poster pin only.
    workbook = Pin(paper="504", session="posters-2", room="hall", board="1", source="workbook")
    assert len(combine(edits, [(workbook, 5)], "plan.xlsx", both)) == 2
    moved = workbook.model_copy(update={"session": "posters-1"})
    with pytest.raises(InputError, match=r"\[\[pins\]\] #1.*paper 504 is put at Posters 2"):
        combine(edits, [(moved, 5)], "plan.xlsx", both)
    with pytest.raises(InputError, match=r"paper 504 is pinned again \(first in \[\[pins\]\] #2"):
        read(both, tmp_path, text + '[[pins]]\npaper = "504"\nsession = "talks-1"\n')


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "aud"\nboard = "1"\n',
            ["[[pins]] #1, key 'board'", "a talk has no board: Talks 1 is a talk session"],
        ),
        (
            '[[pins]]\npaper = "516"\nsession = "posters-1"\nposition = 2\n',
            ["key 'position'", "a poster has no position: Posters 1 is a poster session"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "aud"\nposition = 0\n',
            ["position = 0 is not a place in a running order", "position = 1 for the room's"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "aud"\nposition = "2"\n',
            ["position = '2' is not a place in a running order"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nposition = 2\n',
            ["a position needs a room", "Give the room too"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "annex"\nposition = 1\n',
            ["key 'room'", "Annex has no seats for talks", "Use a room with seats: aud, hall"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "stage"\n',
            ["there is no room 'stage'", "Use a room with seats: aud, hall, studio"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "studio"\nposition = 1\n',
            ["Studio is not open in Talks 1", "open in that session: aud, hall."],
        ),
        (
            '[[pins]]\npaper = "516"\nsession = "talks-1"\n',
            ["paper 516 gives no talk, and Talks 1 is a talk session", "poster session"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "posters-1"\n',
            ["paper 504 has no poster, only a talk", "Name a talk session"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "lunch"\n',
            ["there is no session 'lunch'", "posters-1, posters-2 (talks: talks-1, talks-2"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "aud"\nposition = 1\n'
            '[[pins]]\npaper = "510"\nsession = "talks-1"\nroom = "Auditorium"\nposition = 1\n',
            [
                "[[pins]] #2, key 'position'",
                "papers 504 ([[pins]] #1) and 510 are both talk 1 of Auditorium in Talks 1",
                "Give one of them another position",
            ],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\n[[pins]]\npaper = "504"\n'
            'session = "talks-3"\n',
            ["[[pins]] #2", "paper 504 is pinned again (first in [[pins]] #1)", "for its talk"],
        ),
        (
            'unpin = ["504"]\n[[pins]]\npaper = "504"\nsession = "talks-1"\n',
            ["paper 504 is both pinned ([[pins]] #1) and unpinned"],
        ),
        (
            '[[pins]]\npaper = "504"\nsession = "talks-1"\nroom = "aud"\npositon = 1\n',
            ["unknown key 'positon'", "Did you mean 'position'?"],
        ),
    ],
)
def test_bad_talk_pins_name_the_entry_and_the_fix(
    plan: Plan, tmp_path: Path, text: str, fragments: list[str]
) -> None:
    with pytest.raises(InputError) as caught:
        read(plan, tmp_path, text)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'edits.toml'}") or "edits.toml" in message
    for fragment in fragments:
        assert fragment in message, (fragment, message)


def test_unpinning_a_talk_releases_its_hand_edit_pin(plan: Plan, tmp_path: Path) -> None:
    from planner.plan.assemble import REPORT_PIN

    pinned = plan.model_copy(deep=True)
    by_paper = {t.paper: t for t in pinned.talks}
    by_paper["504"].status, by_paper["504"].reason = "pinned", REPORT_PIN
    by_paper["505"].status, by_paper["505"].reason = "pinned", "pinned by the venue file"
    edits = read(pinned, tmp_path, 'unpin = ["504", "506"]\n')
    assert edits.unpin == ["504", "506"]
    assert [n for n in edits.notes if "paper 506 is not pinned by a hand edit" in n]
    assert not [n for n in edits.notes if "paper 504" in n]
    with pytest.raises(InputError, match="paper 505 is pinned by the venue file"):
        read(pinned, tmp_path, 'unpin = ["505"]\n')
