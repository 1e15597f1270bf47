"""The talk checks: the talk programme recounted from the written plan.

``talk``: every paper whose decision has minutes in ``[talks]`` gives exactly
one talk and no other paper gives one; a talk is in a talk session, in a
room with seats open then; papers.json's ``talk`` object says the same as the
plan, with the venue's UTC offset.

``talk-overlap``: no two talks of a room overlap and none runs past its
session: a room's talks are numbered 1, 2, ... and follow one another from
the session's start, each its decision's minutes with the changeover between
them, ending by the session's end.

``talk-after-poster``: the talk papers whose poster session starts before
the talk ends, recounted against the exceptions the plan reports.

``speaker``: a paper's presenter is never at two talks at overlapping
minutes, and never giving a talk while a poster they present is on its board
(the talk overlaps the poster's session).

The plan's talk figures (shared-author pairs of talks in overlapping talk
sessions; authors at a talk while another poster of theirs is up) are
recounted too.  Nothing here is shared with the talk stage.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from planner.core.ids import canonical_id
from planner.plan.records import TalkRecord
from planner.read.conference import Venue
from planner.verify.context import Check
from planner.verify.reading import read_papers_json
from planner.verify.sites import zone


def talk_minutes(venue: Venue, decision: str | None) -> int | None:
    """The minutes ``[talks]`` gives a decision (compared ignoring case and spaces)."""
    if venue.talks is None or decision is None:
        return None
    wanted = decision.strip().casefold()
    found = [m for d, m in venue.talks.minutes.items() if d.strip().casefold() == wanted]
    return found[0] if found else None


def check_talks(check: Check, folder: Path) -> None:
    talks = check.plan.talks
    venue = check.venue
    if not talks and venue.talks is None:
        return
    by_paper = _one_each(check, talks)
    _running_order(check, talks)
    _speakers(check, list(by_paper.values()))
    _papers_json(check, folder, by_paper)
    _figure(check, list(by_paper.values()))


def _one_each(check: Check, talks: list[TalkRecord]) -> dict[str, TalkRecord]:
    venue = check.venue
    decisions = {p.id: p.decision for p in (check.inputs or check.plan.papers)}
    by_paper: dict[str, TalkRecord] = {}
    for talk in talks:
        if talk.paper in by_paper:
            check.add("talk", f"paper {check.poster(talk.paper)} gives two talks")
            continue
        by_paper[talk.paper] = talk
        if talk_minutes(venue, decisions.get(talk.paper)) is None:
            check.add(
                "talk",
                f"paper {check.poster(talk.paper)} gives a talk, but its decision "
                f"{decisions.get(talk.paper)!r} has no minutes in [talks]",
            )
    for pid, decision in decisions.items():
        if talk_minutes(venue, decision) is not None and pid not in by_paper:
            check.add("talk", f"paper {check.poster(pid)} should give a talk but has none")
    return by_paper


def _running_order(check: Check, talks: list[TalkRecord]) -> None:
    venue = check.venue
    sessions = {s.id: s for s in venue.talk_sessions}
    rooms = {r.id: r for r in venue.talk_rooms}
    change = timedelta(minutes=venue.talks.changeover if venue.talks else 0)
    decisions = {p.id: p.decision for p in check.plan.papers}
    cells: dict[tuple[str, str], list[TalkRecord]] = defaultdict(list)
    for talk in talks:
        session, room = sessions.get(talk.session), rooms.get(talk.room)
        if session is None or room is None or not room.is_open(talk.session):
            check.add(
                "talk",
                f"talk {check.poster(talk.paper)} is in session '{talk.session}', room "
                f"'{talk.room}': not a talk session with that room open and seated",
            )
            continue
        cells[talk.session, talk.room].append(talk)
    for (sid, rid), members in sorted(cells.items()):
        at = sessions[sid].start
        for i, talk in enumerate(sorted(members, key=lambda t: t.position), 1):
            minutes = talk_minutes(venue, decisions.get(talk.paper)) or 0
            want = (at, at + timedelta(minutes=minutes))
            if talk.position != i or (talk.start, talk.end) != want:
                check.add(
                    "talk-overlap",
                    f"talk {check.poster(talk.paper)} in '{sid}', '{rid}' is number "
                    f"{talk.position} at {talk.start:%H:%M}-{talk.end:%H:%M}; the running "
                    f"order makes it number {i} at {want[0]:%H:%M}-{want[1]:%H:%M}",
                )
            at = want[1] + change
        if at - change > sessions[sid].end:
            check.add(
                "talk-overlap",
                f"the talks in '{sid}', '{rid}' run to {at - change:%H:%M}, past the "
                f"session's end ({sessions[sid].end:%H:%M})",
            )


def _overlap(a0: datetime, a1: datetime, b0: datetime, b1: datetime) -> bool:
    return a0 < b1 and b0 < a1


def _speakers(check: Check, talks: list[TalkRecord]) -> None:
    presenter = {p.id: p.presenter for p in check.plan.papers}
    gives: dict[str, list[TalkRecord]] = defaultdict(list)
    for talk in talks:
        key = presenter.get(talk.paper)
        if key:
            gives[key].append(talk)
    posters: dict[str, list[str]] = defaultdict(list)
    for pid, pl in check.where.items():
        key = presenter.get(pid)
        if key:
            posters[key].append(pl.session)
    for key in sorted(gives):
        mine = sorted(gives[key], key=lambda t: (t.start, t.paper))
        for i, a in enumerate(mine):
            for b in mine[i + 1 :]:
                if _overlap(a.start, a.end, b.start, b.end):
                    check.add(
                        "speaker",
                        f"{check.person(key)} gives talks {a.paper} and {b.paper} at once",
                    )
            for sid in posters[key]:
                s = check.sessions[sid]
                if _overlap(a.start, a.end, s.start, s.end):
                    check.add(
                        "speaker",
                        f"{check.person(key)} gives talk {a.paper} during poster session "
                        f"'{sid}', where they present a poster",
                    )


def _papers_json(check: Check, folder: Path, talks: dict[str, TalkRecord]) -> None:
    try:
        doc = read_papers_json(folder)
    except (OSError, ValueError):
        return  # the papers-json check says so
    records = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(records, list):
        return
    by_id = {canonical_id(r["id"]): r for r in records if isinstance(r, dict) and "id" in r}
    venue, tz = check.venue, check.venue.tz
    sessions = {s.id: s for s in venue.talk_sessions}
    rooms = {r.id: r for r in venue.talk_rooms}
    for pid, talk in talks.items():
        got: Any = by_id.get(pid, {}).get("talk")
        if talk.session not in sessions or talk.room not in rooms:
            continue
        want = {
            "session": sessions[talk.session].name,
            "room_name": rooms[talk.room].name,
            "order": talk.position,
            "starttime": talk.start.replace(
                tzinfo=zone(venue, sessions[talk.session], tz)
            ).isoformat(),
            "endtime": talk.end.replace(tzinfo=zone(venue, sessions[talk.session], tz)).isoformat(),
        }
        if got != want:
            check.add(
                "papers-json",
                f"paper {check.poster(pid)}: papers.json's talk is {got!r} (plan: {want!r})",
            )


def _before(check: Check, talks: list[TalkRecord]) -> None:
    """The posters that start before their paper's talk ends, against the plan's figure."""
    ends = {t.paper: t.end for t in talks}
    early = sorted(
        pid
        for pid, pl in check.where.items()
        if pid in ends and check.sessions[pl.session].start < ends[pid]
    )
    check.report.figures["posters_before_talk"] = len(early)
    if early:
        check.note(f"posters before their talk (the plan's exceptions): {check.posters(early)}")
    if len(early) != check.plan.figures.posters_before_talk:
        check.add(
            "talk-after-poster",
            f"the plan says {check.plan.figures.posters_before_talk} posters come before "
            f"their talk; the recount finds {len(early)}: {check.posters(early)}",
        )


def _figure(check: Check, talks: list[TalkRecord]) -> None:
    sessions = {s.id: s for s in check.venue.talk_sessions}
    people = {p.id: p.authors for p in check.plan.papers}
    mine: dict[str, list[TalkRecord]] = defaultdict(list)
    for talk in talks:
        for key in dict.fromkeys(people.get(talk.paper, [])):
            mine[key].append(talk)
    count = 0
    for held in mine.values():
        for i, a in enumerate(held):
            for b in held[i + 1 :]:
                sa, sb = sessions.get(a.session), sessions.get(b.session)
                if sa and sb and _overlap(sa.start, sa.end, sb.start, sb.end):
                    count += 1
    check.report.figures["talk_clashes"] = count
    _before(check, talks)
    _across(check, talks)
    if count != check.plan.figures.talk_clashes:
        check.add(
            "figures",
            f"the plan says {check.plan.figures.talk_clashes} shared-author talk overlaps; "
            f"the recount finds {count}",
        )


def _across(check: Check, talks: list[TalkRecord]) -> None:
    """Authors at a talk while another poster of theirs is on its board, against the figure."""
    people = {p.id: set(p.authors) for p in check.plan.papers}
    count = 0
    for talk in talks:
        for pid, pl in check.where.items():
            session = check.sessions[pl.session]
            if pid != talk.paper and _overlap(session.start, session.end, talk.start, talk.end):
                count += len(people.get(pid, set()) & people.get(talk.paper, set()))
    check.report.figures["talk_poster_clashes"] = count
    if count != check.plan.figures.talk_poster_clashes:
        check.add(
            "figures",
            f"the plan says {check.plan.figures.talk_poster_clashes} authors are at a talk while "
            f"another poster of theirs is up; the recount finds {count}",
        )
