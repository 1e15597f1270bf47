"""Talks planned with the posters: the whole programme through ``planner plan``.

A small programme (talk sessions in two seated rooms, one overlapping a
poster session) is planned end to end; the checks here read the written
files as a chair's tools would, and ``planner verify`` is shown to catch a
hand-broken talk programme.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from talk_programme import record, session, venue, write_papers
from typer.testing import CliRunner

import constraints
from planner.engine import narrow_domains
from planner.plan.records import Plan
from planner.verify.checker import verify

VENUE = venue(
    "Programme Conf",
    "progconf",
    [
        session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
        session("talks-2", "Talks 2", "2026-06-03T14:00:00", "2026-06-03T14:40:00", talks=True),
        session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        session("posters-2", "Posters 2", "2026-06-03T14:00:00", "2026-06-03T15:30:00"),
    ],
)


def _decision(i: int) -> str:
    """Papers 500-503 are orals, 504-507 spotlights, the rest posters."""
    return "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster"


def _papers(folder: Path) -> None:
    write_papers(
        folder,
        [
            record(i, "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster", (i + 1) % 18)
            for i in range(18)
        ],
    )


@pytest.fixture
def programme(tmp_path: Path) -> Path:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(VENUE, encoding="utf-8")
    _papers(folder)
    return folder


def _plan(folder: Path, out: Path, *extra: str) -> Plan:
    from planner.cli import app

    args = ["plan", str(folder), "--out", str(out), "--time-limit", "3", *extra]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return Plan.model_validate_json((out / "plan.json").read_text("utf-8"))


def test_every_talk_paper_gives_one_talk_in_a_running_order(programme: Path, tmp_path: Path):
    plan = _plan(programme, tmp_path / "out")
    talks = plan.talks
    assert sorted(t.paper for t in talks) == [str(500 + i) for i in range(8)]
    minutes = {str(500 + i): 15 if i < 4 else 5 for i in range(8)}
    sessions = {s.id: s for s in plan.venue.talk_sessions}
    for (sid, rid), members in _cells(talks).items():
        at = sessions[sid].start
        for n, talk in enumerate(sorted(members, key=lambda t: t.position), 1):
            assert (talk.position, talk.start) == (n, at)
            assert talk.end == at + timedelta(minutes=minutes[talk.paper])
            at = talk.end + timedelta(minutes=2)
        assert at - timedelta(minutes=2) <= sessions[sid].end
        assert rid in {"aud", "hall"}
    # Every paper has its poster too (poster_too defaults to true).
    assert len(plan.placements) == 18
    assert plan.figures.talks == 8
    assert verify(tmp_path / "out").violations == []


def _cells(talks):  # type: ignore[no-untyped-def]
    cells: dict[tuple[str, str], list] = {}
    for t in talks:
        cells.setdefault((t.session, t.room), []).append(t)
    return cells


def test_a_speaker_is_never_at_a_talk_while_presenting_a_poster(programme: Path, tmp_path: Path):
    plan = _plan(programme, tmp_path / "out")
    presenter = {p.id: p.presenter for p in plan.papers}
    busy = {presenter[t.paper]: (t.start, t.end) for t in plan.talks}
    sessions = plan.venue.session_by_id
    for pl in plan.placements:
        window = busy.get(presenter[pl.paper])
        if window is not None:
            s = sessions[pl.session]
            assert not (s.start < window[1] and window[0] < s.end), pl


def test_the_speakers_rule_narrows_the_presented_posters_only(programme: Path, tmp_path: Path):
    """With constraints.speakers out of the rules, a speaker's poster may take the busy session."""
    from planner.engine import Options, _problem, _topics
    from planner.people.inputs import load

    inputs = load(programme)
    options = Options(time_limit=1)
    problem = _problem(inputs, options, None, _topics(inputs, options, None), {})
    start = inputs.venue.talk_session_by_id["talks-2"].start
    end = start + timedelta(minutes=15)
    speaker = inputs.index.presenter["500"]
    problem.talks_of = {speaker: [(start, end)]}
    assert "posters-2" not in narrow_domains(problem).allowed["500"]
    # A co-authored poster its speaker does not present may run then.
    others = [p for p, people in inputs.index.paper_people.items() if speaker in people]
    shared = [p for p in others if inputs.index.presenter[p] != speaker]
    assert shared and all("posters-2" in narrow_domains(problem).allowed[p] for p in shared)
    without = [r for r in constraints.RULES if r is not constraints.speakers.RULE]
    original = constraints.RULES
    try:
        constraints.RULES = without
        assert "posters-2" in narrow_domains(problem).allowed["500"]
    finally:
        constraints.RULES = original


def test_papers_json_and_the_feeds_carry_the_talks(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = _plan(programme, out)
    records = {str(r["id"]): r for r in json.loads((out / "papers.json").read_text())["results"]}
    talk = plan.talks[0]
    shown = records[talk.paper]["talk"]
    assert shown["order"] == talk.position
    assert shown["starttime"] == talk.start.isoformat() + "+02:00"
    assert shown["session"] in {"Talks 1", "Talks 2"}
    assert "poster_position" in records[talk.paper]  # a poster too
    assert "talk" not in records["517"]
    feed = (out / "calendars" / "conference.ics").read_text()
    assert feed.count("BEGIN:VEVENT") == 18 + 8
    assert "SUMMARY:Talk: Paper 0 about graph neural networks" in feed
    assert (out / "calendars" / "sessions" / "talks-1.ics").exists()
    assert (out / "calendars" / "rooms" / "aud.ics").exists()


def test_talk_papers_without_a_poster(programme: Path, tmp_path: Path) -> None:
    venue = programme / "venue.toml"
    venue.write_text(VENUE.replace("changeover = 2", "changeover = 2\nposter_too = false"))
    out = tmp_path / "out"
    plan = _plan(programme, out)
    assert len(plan.talks) == 8
    assert sorted(p.paper for p in plan.placements) == [str(500 + i) for i in range(8, 18)]
    records = {str(r["id"]): r for r in json.loads((out / "papers.json").read_text())["results"]}
    assert len(records) == 18
    assert "talk" in records["500"] and "poster_position" not in records["500"]
    assert verify(out).violations == []


def test_a_rerun_keeps_the_talks(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = _plan(programme, out)
    again = _plan(programme, out)
    assert [(t.paper, t.session, t.room, t.position) for t in again.talks] == [
        (t.paper, t.session, t.room, t.position) for t in first.talks
    ]
    assert again.revision == first.revision  # nothing changed: the same plan stands


def test_verify_catches_a_broken_talk_programme(programme: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    plan = _plan(programme, out)
    path = out / "plan.json"
    broken = plan.model_copy(deep=True)
    talk = broken.talks[0]
    talk.start += timedelta(minutes=1)
    talk.end += timedelta(minutes=1)
    path.write_text(broken.to_json(), encoding="utf-8")
    rules = Counter(v.rule for v in verify(out, files=False).violations)
    assert rules["talk-overlap"] >= 1

    broken = plan.model_copy(deep=True)
    presenter = {p.id: p.presenter for p in broken.papers}
    late = next(t for t in broken.talks if t.session == "talks-2")
    mine = next(pl for pl in broken.placements if pl.paper == late.paper)
    mine.session = "posters-2"  # the speaker's poster during their talk
    path.write_text(broken.to_json(), encoding="utf-8")
    messages = [v.message for v in verify(out, files=False).violations if v.rule == "speaker"]
    assert any(f"talk {late.paper} during poster session 'posters-2'" in m for m in messages)
    assert presenter[late.paper]


TALK_FIRST_VENUE = """\
name = "Talk First Conf"
timezone = "Europe/Vienna"

[[sessions]]
id = "mon"
name = "Posters Monday"
start = 2026-06-01T14:00:00
end = 2026-06-01T15:30:00

[[sessions]]
id = "wed"
name = "Posters Wednesday"
start = 2026-06-03T14:00:00
end = 2026-06-03T15:30:00

[[sessions]]
id = "tue-talks"
name = "Talks"
start = 2026-06-02T09:00:00
end = 2026-06-02T10:00:00
kind = "talks"

[[rooms]]
id = "hall"
name = "Hall"
boards = 6
seats = 100

[talks]
minutes = { Oral = 15 }

[topics]
"900" = "Graphs"
"901" = "Graphs"
"902" = "Graphs"
"903" = "Graphs"
"904" = "Agents"
"905" = "Agents"
"906" = "Agents"
"907" = "Agents"
""" + "".join(f'\n[[pins]]\npaper = {p}\nsession = "mon"\n' for p in (901, 902, 903))


def _talk_first_case(folder: Path):  # type: ignore[no-untyped-def]
    from planner.people.inputs import load

    (folder / "venue.toml").write_text(TALK_FIRST_VENUE, encoding="utf-8")
    records = [
        {
            "id": 900 + i,
            "name": f"Paper {i}",
            "abstract": "",
            "decision": "Oral" if i == 0 else "Poster",
            "authors": [{"id": f"a{i}", "fullname": f"Author {i}"}],
        }
        for i in range(8)
    ]
    (folder / "papers.json").write_text(json.dumps(records), encoding="utf-8")
    return load(folder)


@pytest.mark.parametrize("with_rule", [True, False])
def test_an_orals_poster_comes_after_its_talk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_rule: bool
) -> None:
    """Its topic-mates are pinned to Monday, before the talk: grouping alone would
    put the oral's poster there too; the talk-first rule takes it to Wednesday."""
    from planner.engine import Options, make_plan

    if not with_rule:
        kept = [r for r in constraints.RULES if r is not constraints.talk_first.RULE]
        monkeypatch.setattr(constraints, "RULES", kept)
    plan = make_plan(_talk_first_case(tmp_path), Options(time_limit=2))
    where = {pl.paper: pl.session for pl in plan.placements}
    assert [t.paper for t in plan.talks] == ["900"]
    assert where["900"] == ("wed" if with_rule else "mon")
    assert plan.figures.posters_before_talk == (0 if with_rule else 1)


def test_a_programme_of_talks_only_is_planned(tmp_path: Path) -> None:
    folder = tmp_path / "society"
    folder.mkdir()
    sessions = [
        session("t1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T10:00:00", talks=True),
        session("t2", "Talks 2", "2026-06-02T11:00:00", "2026-06-02T12:00:00", talks=True),
    ]
    text = venue("Society", "soc", sessions).replace("boards = 12\n", "")
    (folder / "venue.toml").write_text(text, encoding="utf-8")
    write_papers(folder, [record(i, "Oral") for i in range(12)])
    out = tmp_path / "out"
    plan = _plan(folder, out)
    assert plan.placements == [] and len(plan.talks) == 12
    assert not verify(out, files=False).violations


def test_posters_no_plan_can_put_after_their_talk_are_counted_as_forced(tmp_path: Path) -> None:
    """With Wednesday's session moved to Monday evening, no board is free after the talk."""
    from planner.engine import Options, make_plan

    inputs = _talk_first_case(tmp_path)
    plan = make_plan(inputs, Options(time_limit=2))
    assert (plan.figures.posters_before_talk, plan.figures.posters_before_talk_bound) == (0, 0)
    moved = TALK_FIRST_VENUE.replace(
        "start = 2026-06-03T14:00:00\nend = 2026-06-03T15:30:00",
        "start = 2026-06-01T16:00:00\nend = 2026-06-01T17:30:00",
    )
    (tmp_path / "venue.toml").write_text(moved, encoding="utf-8")
    from planner.people.inputs import load

    plan = make_plan(load(tmp_path), Options(time_limit=2))
    assert (plan.figures.posters_before_talk, plan.figures.posters_before_talk_bound) == (1, 1)


def test_the_warm_start_prices_a_poster_before_its_talk(tmp_path: Path) -> None:
    from planner.engine import Options, _problem
    from planner.model.search_state import TALK_FIRST, TALK_LATE, SearchState
    from planner.topics.build import build_topics

    inputs = _talk_first_case(tmp_path)
    topics = build_topics(inputs.accepted, inputs.venue)
    problem = _problem(inputs, Options(), None, topics, {})
    end = datetime(2026, 6, 2, 10, 0)  # venue-local, as the talk stage gives it
    problem.talk_times = {"900": (end - timedelta(minutes=15), end)}
    state = SearchState(problem, narrow_domains(problem), 0, None)
    i, mon, wed = (
        state.papers.index("900"),
        state.sessions.index("mon"),
        state.sessions.index("wed"),
    )
    cost = state.costs(i)
    assert cost[mon] - cost[wed] == TALK_FIRST - TALK_LATE  # Wednesday is over a day after
