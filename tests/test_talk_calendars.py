"""Calendar feeds of a programme with talks: the client checks of tests/test_calendars.py.

A small programme (two talk sessions in a seated auditorium and a hall with
boards and seats, two poster sessions; orals, spotlights and posters; one
speaker with two talks, a co-author who gives no talk) is planned once per
module, through plan.json and back, and its feeds written once.  Each feed is
read with icalendar, ical (IcsCalendarStream) and vobject (validating, its
times resolved by dateutil from the feed's own VTIMEZONE), and the VTIMEZONE
is evaluated with dateutil's rrule (``check_offsets``).  Expected times come
from the ``talks`` of plan.json, expected UIDs from uuid5 recomputed here.

A rerun withdraws a talk paper (as tests/test_talks_reruns.py does): the
talks after it in its room move earlier, so their SEQUENCE rises and nothing
else changes; the withdrawn talk leaves the feeds, or stays as cancelled with
``withdrawn_in_feeds = "cancel"``, exactly as a withdrawn poster does
(docs/calendars.md, rules 5 and 6).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections import Counter, defaultdict
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import vobject  # type: ignore[import-untyped]
from helpers import write_talk_conference
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar
from talk_programme import record, session, venue, write_papers
from test_calendars import (
    check_offsets,
    field,
    ics_files,
    prop,
    raw_blocks,
    tree,
    unfold,
    vevents,
    walk,
)

from planner.engine import Options, make_plan
from planner.outputs import calendars
from planner.people.inputs import load
from planner.plan.events import all_events
from planner.plan.records import Plan, TalkRecord

ZONE = ZoneInfo("Europe/Vienna")
TZID = "Europe/Vienna"
SLUG = "talkfeeds"
NAMESPACE = uuid.UUID("6f1d4b2e-8c1a-5b7e-9d3f-2a4c6e8b0d15")  # planner.plan.events, fixed
CHANGEOVER = timedelta(minutes=2)  # talk_programme's [talks] table
STABLE = {"SEQUENCE", "DTSTAMP", "LAST-MODIFIED"}  # what a rerun may change in a kept event

VENUE = venue(
    "Talk Feeds Conf",
    SLUG,
    [
        session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:45:00", talks=True),
        session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:45:00", talks=True),
        session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        session("posters-2", "Posters 2", "2026-06-03T14:00:00", "2026-06-03T15:30:00"),
    ],
    boards=14,
)


def _records() -> list[dict[str, Any]]:
    """Papers 500-503 orals, 504-508 spotlights, 509-513 posters, each with a poster too.

    Person 1 gives two talks (501 and 504); Person 20 co-authors oral 500 and
    poster 509 and gives no talk; 503, 505 and 507 have a co-author of their own.
    """
    coauthor = {0: 20, 9: 20, 3: 33, 5: 35, 7: 37}
    out = [
        record(i, "Oral" if i < 4 else "Spotlight" if i < 9 else "Poster", coauthor.get(i))
        for i in range(14)
    ]
    out[4]["authors"] = [{"id": "p1", "fullname": "Person 1"}]
    return out


def _plan(folder: Path, previous: Plan | None = None) -> Plan:
    plan = make_plan(load(folder), Options(time_limit=3), previous=previous)
    return Plan.model_validate_json(plan.to_json())  # as plan.json holds it


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_talk_conference(tmp_path_factory.mktemp("talkfeeds") / "conf", VENUE, _records())


@pytest.fixture(scope="module")
def plan(programme: Path) -> Plan:
    plan = _plan(programme)
    assert len(plan.talks) == 9 and len(plan.placements) == 14
    return plan


@pytest.fixture(scope="module")
def feeds(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("feeds")
    calendars.write(plan, out)
    return out / "calendars"


@pytest.fixture(scope="module")
def files(feeds: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in ics_files(feeds)}


def talk_uid(paper: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{SLUG}/talk/{paper}"))


def poster_uid(paper: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{SLUG}/poster/{paper}"))


def stem(key: str) -> str:
    """The author feed of person ``id:pN`` ("Person N"): ``person-N-pN``."""
    ident = key.removeprefix("id:")
    return f"person-{ident[1:]}-{ident}"


def expected_feeds(plan: Plan, root: Path) -> dict[Path, set[str]]:
    """Which UIDs each feed must hold, from the talks and placements alone."""
    venue = plan.venue
    out: dict[Path, set[str]] = {root / "conference.ics": set()}
    for s in [*venue.sessions, *venue.talk_sessions]:
        out[root / "sessions" / f"{s.id}.ics"] = set()
    for r in [*venue.rooms, *venue.talk_rooms]:
        out[root / "rooms" / f"{r.id}.ics"] = set()
    items = [(poster_uid(pl.paper), pl.paper, pl.session, pl.room) for pl in plan.placements]
    items += [(talk_uid(t.paper), t.paper, t.session, t.room) for t in plan.talks]
    for uid, paper, sid, rid in items:
        out[root / "conference.ics"].add(uid)
        out[root / "sessions" / f"{sid}.ics"].add(uid)
        out[root / "rooms" / f"{rid}.ics"].add(uid)
        for key in plan.paper_by_id[paper].authors:
            out.setdefault(root / "authors" / f"{stem(key)}.ics", set()).add(uid)
    return out


def local(value: str) -> str:
    """An ISO local time from plan.json as a DTSTART/DTEND value."""
    return datetime.fromisoformat(value).strftime("%Y%m%dT%H%M%S")


def blocks(folder: Path) -> dict[Path, dict[str, bytes]]:
    """Each feed's VEVENT bytes by UID, by path relative to ``folder``."""
    return {p.relative_to(folder): raw_blocks(p.read_bytes()) for p in ics_files(folder)}


def holders(folder: Path, uid: str) -> set[str]:
    return {str(path) for path, events in blocks(folder).items() if uid in events}


# --- layout and content ------------------------------------------------------------------------


def test_feeds_of_every_session_room_and_person_hold_their_talks(
    plan: Plan, feeds: Path, files: dict[Path, bytes]
) -> None:
    expected = expected_feeds(plan, feeds)
    assert set(files) == set(expected)
    names = {str(p.relative_to(feeds)) for p in files if p.parent.name != "authors"}
    assert names == {
        "conference.ics",
        "sessions/talks-1.ics",
        "sessions/talks-2.ics",
        "sessions/posters-1.ics",
        "sessions/posters-2.ics",
        "rooms/aud.ics",
        "rooms/hall.ics",
    }
    for path, data in files.items():
        uids = [field(e, "UID") for e in vevents(data)]
        assert len(uids) == len(set(uids)), path
        assert set(uids) == expected[path], path
    conference = vevents(files[feeds / "conference.ics"])
    assert len(conference) == 9 + 14
    # Persons 0-13 but 4 (paper 504 is Person 1's), and co-authors 20, 33, 35 and 37.
    assert len([p for p in files if p.parent.name == "authors"]) == 17


def test_a_talk_session_and_a_seated_room_hold_exactly_their_talks(
    plan: Plan, feeds: Path, files: dict[Path, bytes]
) -> None:
    for sid in ("talks-1", "talks-2"):
        data = files[feeds / "sessions" / f"{sid}.ics"]
        held = [field(e, "UID") for e in vevents(data)]
        # In running order: by start, then UID (parallel rooms start together).
        mine = sorted((t for t in plan.talks if t.session == sid), key=lambda t: t.start)
        assert mine, sid
        assert set(held) == {talk_uid(t.paper) for t in mine}
        assert [field(e, "DTSTART") for e in vevents(data)] == [
            f"{t.start:%Y%m%dT%H%M%S}" for t in mine
        ]
    # The auditorium has seats only: its talks and nothing else.
    aud = {field(e, "UID") for e in vevents(files[feeds / "rooms" / "aud.ics"])}
    assert aud == {talk_uid(t.paper) for t in plan.talks if t.room == "aud"} != set()
    # The hall has boards and seats: one feed with its talks and its posters.
    hall = {field(e, "UID") for e in vevents(files[feeds / "rooms" / "hall.ics"])}
    hall_talks = {talk_uid(t.paper) for t in plan.talks if t.room == "hall"}
    assert hall_talks and hall == hall_talks | {poster_uid(pl.paper) for pl in plan.placements}
    # A poster session's feed holds no talk.
    for sid in ("posters-1", "posters-2"):
        data = files[feeds / "sessions" / f"{sid}.ics"]
        assert {field(e, "UID") for e in vevents(data)} == {
            poster_uid(pl.paper) for pl in plan.placements if pl.session == sid
        }
        assert not any(field(e, "SUMMARY").startswith("Talk: ") for e in vevents(data))


def test_each_talk_is_an_event_at_its_running_order_times_in_the_venue_zone(
    plan: Plan, feeds: Path, files: dict[Path, bytes]
) -> None:
    talks = json.loads(plan.to_json())["talks"]  # plan.json's TalkRecords
    assert len(talks) == 9
    data = files[feeds / "conference.ics"]
    events = {field(e, "UID"): e for e in vevents(data)}
    rooms = {"aud": "Auditorium", "hall": "Hall"}
    for talk in talks:
        event = events[talk_uid(talk["paper"])]
        paper = plan.paper_by_id[talk["paper"]]
        (start,) = [x for x in event if prop(x) == "DTSTART"]
        (end,) = [x for x in event if prop(x) == "DTEND"]
        assert start == f"DTSTART;TZID={TZID}:{local(talk['start'])}"
        assert end == f"DTEND;TZID={TZID}:{local(talk['end'])}"
        minutes = (
            datetime.fromisoformat(talk["end"]) - datetime.fromisoformat(talk["start"])
        ) // timedelta(minutes=1)
        assert minutes == (15 if paper.decision == "Oral" else 5), talk
        assert field(event, "SUMMARY") == f"Talk: {paper.title}"
        assert field(event, "LOCATION") == f"{rooms[talk['room']]}\\, talk {talk['position']}"
        assert field(event, "STATUS") == "CONFIRMED"
        assert field(event, "SEQUENCE") == "0"
        assert "Talk · Authors: " + "\\, ".join(paper.author_names) in field(event, "DESCRIPTION")
    # One VTIMEZONE, first, in every feed; every time carries its TZID.
    for path, body in files.items():
        begins = [x for x in unfold(body) if x.startswith("BEGIN:")]
        assert begins.count("BEGIN:VTIMEZONE") == 1 and begins.index("BEGIN:VTIMEZONE") == 1
        assert [x for w, x in walk(body) if w == ("VCALENDAR", "VTIMEZONE")] == [f"TZID:{TZID}"]
        for event in vevents(body):
            for name in ("DTSTART", "DTEND"):
                assert field(event, name)  # exactly one
                assert any(x.startswith(f"{name};TZID={TZID}:") for x in event), path
        keys = [(field(e, "DTSTART"), field(e, "UID")) for e in vevents(body)]
        assert keys == sorted(keys), path
    # The VTIMEZONE body (evaluated with dateutil's rrule) gives zoneinfo's offset.
    assert check_offsets(data, TZID) == 2 * (9 + 14)


def test_every_feed_parses_in_three_parsers_at_the_talks_own_times(
    plan: Plan, files: dict[Path, bytes]
) -> None:
    """icalendar, ical and vobject (validating) read every feed, talk times as instants."""
    want = {
        talk_uid(t.paper): (t.start.replace(tzinfo=ZONE), t.end.replace(tzinfo=ZONE))
        for t in plan.talks
    }
    assert want[talk_uid(plan.talks[0].paper)][0].utcoffset() == timedelta(hours=2)
    seen: Counter[str] = Counter()
    for path, data in files.items():
        text = data.decode("utf-8")
        cal = Calendar.from_ical(data)
        assert not [c.errors for c in cal.walk() if c.errors], path
        cal.validate()
        assert not cal.get_missing_tzids()
        count = len(cal.events)
        assert count == len(vevents(data)) >= 1, path
        stream = IcsCalendarStream.calendar_from_ics(text)
        (parsed,) = list(vobject.readComponents(text, validate=True))
        assert len(stream.events) == len(parsed.vevent_list) == count, path
        for ev in cal.events:
            uid = str(ev["UID"])
            if uid in want:
                assert (ev.decoded("DTSTART"), ev.decoded("DTEND")) == want[uid], (path, uid)
                seen[uid] += 1
        for iev in stream.events:
            if iev.uid in want:
                assert (iev.dtstart, iev.dtend) == want[iev.uid], (path, iev.uid)
                assert (iev.summary or "").startswith("Talk: ")
        for vev in parsed.vevent_list:
            uid = vev.uid.value
            if uid in want:
                # vobject's zone is dateutil's reading of the feed's VTIMEZONE.
                start, end = vev.dtstart.value, vev.dtend.value
                assert start.tzinfo is not None and not isinstance(start.tzinfo, ZoneInfo)
                assert (start, end) == want[uid], (path, uid)
                assert start.utcoffset() == want[uid][0].utcoffset()
    # Each talk in the conference, its session, its room and each author's feed.
    for t in plan.talks:
        assert seen[talk_uid(t.paper)] == 3 + len(plan.paper_by_id[t.paper].authors), t.paper


def test_talk_uids_are_stable_and_apart_from_the_posters(
    plan: Plan, feeds: Path, files: dict[Path, bytes]
) -> None:
    events = vevents(files[feeds / "conference.ics"])
    uids = {field(e, "UID"): field(e, "SUMMARY") for e in events}
    for t in plan.talks:
        title = plan.paper_by_id[t.paper].title
        talk, poster = talk_uid(t.paper), poster_uid(t.paper)
        assert talk != poster
        assert uids[talk] == f"Talk: {title}" and uids[poster] == title
        assert uuid.UUID(talk).version == 5
    # Pinned values: a UID depends on the conference, the kind and the paper id only.
    assert talk_uid("500") == str(uuid.uuid5(NAMESPACE, "talkfeeds/talk/500"))
    assert all_events(plan)[0].uid in uids
    assert len(uids) == len(events) == 23


def test_a_speakers_and_an_authors_feeds_hold_their_talks_and_posters(
    feeds: Path, files: dict[Path, bytes]
) -> None:
    def feed(key: str) -> dict[str, str]:
        data = files[feeds / "authors" / f"{stem(key)}.ics"]
        return {field(e, "UID"): field(e, "SUMMARY") for e in vevents(data)}

    # Person 1 gives talks 501 and 504 and presents both posters.
    assert feed("id:p1") == {
        talk_uid("501"): "Talk: Paper 1 about reinforcement learning agents",
        talk_uid("504"): "Talk: Paper 4 about reinforcement learning agents",
        poster_uid("501"): "Paper 1 about reinforcement learning agents",
        poster_uid("504"): "Paper 4 about reinforcement learning agents",
    }
    # Person 20 gives no talk but co-authors oral 500 (talk and poster) and poster 509.
    assert feed("id:p20") == {
        talk_uid("500"): "Talk: Paper 0 about graph neural networks",
        poster_uid("500"): "Paper 0 about graph neural networks",
        poster_uid("509"): "Paper 9 about graph neural networks",
    }
    # An oral's speaker and its co-author see the same talk event, byte for byte.
    speaker = raw_blocks(files[feeds / "authors" / f"{stem('id:p3')}.ics"])
    coauthor = raw_blocks(files[feeds / "authors" / f"{stem('id:p33')}.ics"])
    assert speaker == coauthor and set(speaker) == {talk_uid("503"), poster_uid("503")}
    conference = raw_blocks(files[feeds / "conference.ics"])
    assert speaker[talk_uid("503")] == conference[talk_uid("503")]
    # A poster-only author's feed has no talk.
    assert feed("id:p11") == {poster_uid("511"): "Paper 11 about compiler optimization"}


def test_feeds_with_talks_are_byte_identical_whatever_the_hash_seed(
    plan: Plan, feeds: Path, tmp_path: Path
) -> None:
    (tmp_path / "plan.json").write_text(plan.to_json(), "utf-8")
    code = (
        "import sys; from pathlib import Path; from planner.plan.records import read_plan; "
        "from planner.outputs import calendars; "
        "calendars.write(read_plan(Path(sys.argv[1])), Path(sys.argv[2]))"
    )
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / f"out{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-c", code, str(tmp_path / "plan.json"), str(out)],
            check=True,
            env=env,
            cwd=tmp_path,
            timeout=120,
        )
        outputs.append(tree(out / "calendars"))
    assert outputs[0] == outputs[1] == tree(feeds)
    assert "sessions/talks-1.ics" in outputs[0] and "rooms/aud.ics" in outputs[0]


# --- a rerun after a talk is withdrawn ---------------------------------------------------------


def _withdrawal(plan: Plan) -> tuple[TalkRecord, list[TalkRecord]]:
    """A talk with two or more after it in its room, by someone with no other paper."""
    papers_of = Counter(k for p in plan.papers for k in p.authors)
    rooms: dict[tuple[str, str], list[TalkRecord]] = defaultdict(list)
    for t in plan.talks:
        rooms[(t.session, t.room)].append(t)
    for cell in sorted(rooms):
        order = sorted(rooms[cell], key=lambda t: t.position)
        for i, t in enumerate(order[:-2]):
            if papers_of[plan.paper_by_id[t.paper].authors[0]] == 1:
                return t, order[i + 1 :]
    raise AssertionError("no room has a withdrawable talk with two after it")


@pytest.fixture(scope="module")
def rerun(
    plan: Plan, programme: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Plan, TalkRecord, list[TalkRecord], Path]:
    """The plan again without one talk paper; its feeds written (withdrawn ones dropped)."""
    gone, later = _withdrawal(plan)
    folder = tmp_path_factory.mktemp("rerun") / "conf"
    shutil.copytree(programme, folder)
    write_papers(folder, [r for r in _records() if str(r["id"]) != gone.paper])
    second = _plan(folder, plan)
    out = tmp_path_factory.mktemp("rerun-feeds")
    calendars.write(second, out)
    return second, gone, later, out / "calendars"


def test_a_rerun_raises_sequence_only_for_the_talks_that_moved_up(
    plan: Plan,
    feeds: Path,
    rerun: tuple[Plan, TalkRecord, list[TalkRecord], Path],
) -> None:
    second, gone, later, root = rerun
    moved = {talk_uid(t.paper): t for t in later}
    withdrawn = {talk_uid(gone.paper), poster_uid(gone.paper)}
    now = {t.paper: t for t in second.talks}
    stamp = second.revision_time.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    assert second.revision_time > plan.revision_time
    before, after = blocks(feeds), blocks(root)
    assert set(after) >= set(before)  # no feed disappears (a 404 to subscribers)
    changed: set[str] = set()
    for path, old_events in before.items():
        for uid, block in after[path].items():
            if uid not in old_events or uid in withdrawn:
                continue  # a withdrawn event: the next test
            old, new = unfold(old_events[uid]), unfold(block)
            if [x for x in old if prop(x) not in STABLE] == [
                x for x in new if prop(x) not in STABLE
            ]:
                assert block == old_events[uid], (path, uid)  # unchanged: byte-identical
                continue
            assert uid in moved, (path, uid)  # only the talks after the withdrawn one change
            changed.add(uid)
            assert int(field(new, "SEQUENCE")) == int(field(old, "SEQUENCE")) + 1 == 1
            assert field(new, "DTSTAMP") == field(new, "LAST-MODIFIED") == stamp
            talk = now[moved[uid].paper]
            shift = (gone.end - gone.start) + CHANGEOVER
            assert talk.start == moved[uid].start - shift
            assert field(new, "DTSTART") == f"{talk.start:%Y%m%dT%H%M%S}"
            assert field(new, "DTEND") == f"{talk.end:%Y%m%dT%H%M%S}"
            assert field(new, "LOCATION").endswith(f"talk {talk.position}")
    assert changed == set(moved) and len(changed) >= 2
    # Every other event kept its SEQUENCE and stamp.
    conference = raw_blocks((root / "conference.ics").read_bytes())
    assert len(conference) == 23 - 2  # the withdrawn paper's talk and poster are gone
    for uid, block in conference.items():
        event = unfold(block)
        if uid not in moved:
            assert field(event, "SEQUENCE") == "0", uid
            assert field(event, "DTSTAMP") != stamp, uid


def test_a_withdrawn_talk_leaves_the_feeds_as_a_withdrawn_poster_does(
    plan: Plan,
    feeds: Path,
    rerun: tuple[Plan, TalkRecord, list[TalkRecord], Path],
    tmp_path: Path,
) -> None:
    second, gone, _later, root = rerun
    talk, poster = talk_uid(gone.paper), poster_uid(gone.paper)
    authors = plan.paper_by_id[gone.paper].authors
    speaker = f"authors/{stem(authors[0])}.ics"
    # By default both are dropped; the speaker (no other paper), and a co-author
    # with no other paper, keep a feed with the talk and the poster cancelled,
    # so the subscription gets no 404.
    papers_of = Counter(k for p in plan.papers for k in p.authors)
    past = {f"authors/{stem(k)}.ics" for k in authors if papers_of[k] == 1}
    assert speaker in past and {p.key for p in second.past_people} == {
        k for k in authors if papers_of[k] == 1
    }
    assert holders(root, talk) == holders(root, poster) == past
    events = {field(e, "UID"): e for e in vevents((root / speaker).read_bytes())}
    assert set(events) == {talk, poster}
    old = {field(e, "UID"): e for e in vevents((feeds / "conference.ics").read_bytes())}
    for uid in (talk, poster):
        assert field(events[uid], "STATUS") == "CANCELLED"
        assert field(events[uid], "SUMMARY") == "WITHDRAWN: " + field(old[uid], "SUMMARY")
        assert field(events[uid], "SEQUENCE") == "1" == str(second.feeds[uid].sequence)
        assert field(events[uid], "DTSTART") == field(old[uid], "DTSTART")
    assert field(events[talk], "DTSTART") == f"{gone.start:%Y%m%dT%H%M%S}"

    # withdrawn_in_feeds = "cancel": the talk stays cancelled in the feeds that held it.
    rules = second.venue.rules.model_copy(update={"withdrawn_in_feeds": "cancel"})
    cancel = second.model_copy(update={"venue": second.venue.model_copy(update={"rules": rules})})
    calendars.write(cancel, tmp_path / "kept")
    kept = tmp_path / "kept" / "calendars"
    assert holders(kept, talk) == {
        "conference.ics",
        f"sessions/{gone.session}.ics",
        f"rooms/{gone.room}.ics",
        *(f"authors/{stem(k)}.ics" for k in authors),
    }
    assert holders(kept, poster) == {
        "conference.ics",
        f"sessions/{plan.placement_of[gone.paper].session}.ics",
        "rooms/hall.ics",
        *(f"authors/{stem(k)}.ics" for k in authors),
    }
    block = raw_blocks((kept / f"sessions/{gone.session}.ics").read_bytes())[talk]
    assert block == raw_blocks((root / speaker).read_bytes())[talk]  # one event everywhere
    # The other events are those of the default feeds.
    for path, held in blocks(kept).items():
        held.pop(talk, None)
        held.pop(poster, None)
        others = raw_blocks((root / path).read_bytes())
        others.pop(talk, None)
        others.pop(poster, None)
        assert held == others, path

    # Three revisions on, the cancelled talk leaves the shared feeds, but the
    # speaker's feed keeps it cancelled for good: an emptied feed is one
    # vdirsyncer refuses to sync.
    later = cancel.model_copy(update={"revision": second.revision + 3})
    calendars.write(later, tmp_path / "later")
    done = tmp_path / "later" / "calendars"
    assert holders(done, talk) == holders(done, poster) == past
    kept_events = {field(e, "UID"): e for e in vevents((done / speaker).read_bytes())}
    assert set(kept_events) == {talk, poster}
    assert {field(e, "STATUS") for e in kept_events.values()} == {"CANCELLED"}
