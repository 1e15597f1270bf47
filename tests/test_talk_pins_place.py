"""Pins, ``[[place]]`` rules and absences on talk sessions (README "Talks").

A ``[[pins]]`` table naming a talk session pins the paper's talk (room with
seats, place in the running order); a ``[[place]]`` rule binds talks through
the talk sessions and rooms with seats it names and posters through the
poster sessions and rooms with boards.  Each is read, planned, prechecked and
re-checked by ``planner verify``; removing the talk core's honouring of them
is caught by the plan tests here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from talk_programme import record, session, venue, write_papers
from typer.testing import CliRunner

from planner.core.errors import InputError
from planner.people.inputs import load
from planner.plan.records import Plan
from planner.prechecks.checks import prechecks
from planner.verify.checker import verify

# Two 40-minute talk sessions on two days, each in the auditorium and the hall
# (42 room-minutes a room: two orals of 15 + 2, or an oral and spotlights).
SESSIONS = [
    session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
    session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:40:00", talks=True),
    session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
    session("posters-2", "Posters 2", "2026-06-03T11:00:00", "2026-06-03T12:30:00"),
]
VENUE = venue("Pin Conf", "pinconf", SESSIONS)


def _decision(i: int) -> str:
    """Papers 500-503 are orals, 504-507 spotlights, the rest posters."""
    return "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster"


def _folder(tmp_path: Path, extra: str = "") -> Path:
    folder = tmp_path / "conf"
    folder.mkdir(exist_ok=True)
    (folder / "venue.toml").write_text(VENUE + extra, encoding="utf-8")
    write_papers(folder, [record(i, _decision(i)) for i in range(14)])
    return folder


def _plan(folder: Path, out: Path) -> Plan:
    from planner.cli import app

    args = ["plan", str(folder), "--out", str(out), "--time-limit", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return Plan.model_validate_json((out / "plan.json").read_text("utf-8"))


def _pin(paper: int, sess: str, **keys: object) -> str:
    rest = "".join(
        f"{k} = {v}\n" if isinstance(v, int) else f'{k} = "{v}"\n' for k, v in keys.items()
    )
    return f'\n[[pins]]\npaper = {paper}\nsession = "{sess}"\n{rest}'


# ---------------------------------------------------------------------- reading


def test_a_talk_pin_and_a_poster_pin_for_one_paper_are_read_apart(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path, _pin(500, "talks-2", room="aud", position=2) + _pin(500, "posters-1")
    )
    venue_read = load(folder).venue
    assert [(p.paper, p.session, p.room, p.position) for p in venue_read.talk_pins] == [
        ("500", "talks-2", "aud", 2)
    ]
    assert [(p.paper, p.session) for p in venue_read.pins] == [("500", "posters-1")]


@pytest.mark.parametrize(
    ("pins", "expected"),
    [
        (
            _pin(500, "talks-1", room="aud", board="3"),
            "(paper 500): gives a board, but 'talks-1' is a talk session. Give position = 1",
        ),
        (
            _pin(500, "posters-1", room="hall", position=1),
            "(paper 500): gives a position, but 'posters-1' is a poster session.",
        ),
        (
            _pin(500, "talks-1", position=1),
            "(paper 500): gives a position but no room. Add room",
        ),
        (
            _pin(500, "talks-1", room="lobby", position=1),
            "(paper 500): names room 'lobby', which has no seats for talks. Use one of: aud, hall.",
        ),
        (
            _pin(500, "talks-1", room="aud", position=0),
            "position = 0 is not a place in a running order",
        ),
        (
            _pin(500, "talks-1") + _pin(500, "talks-2"),
            "[[pins]] #2 (paper 500): pins a paper already pinned by [[pins]] #1. Keep one pin "
            "per paper and kind (its poster, its talk).",
        ),
    ],
    ids=[
        "board on a talk",
        "position on a poster",
        "position without room",
        "room",
        "zero",
        "twice",
    ],
)
def test_bad_talk_pins_name_the_pin_and_the_fix(tmp_path: Path, pins: str, expected: str) -> None:
    with pytest.raises(InputError) as info:
        load(_folder(tmp_path, pins))
    assert expected in str(info.value)


def test_a_talk_pin_for_a_paper_without_a_talk_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        load(_folder(tmp_path, _pin(510, "talks-1")))
    assert (
        "pins the talk of paper 510, whose decision 'Poster' gives no talk. Pin it to a poster "
        "session, or give its decision minutes in [talks]" in str(info.value)
    )


def test_a_rule_binds_each_kind_through_what_it_names_of_that_kind(tmp_path: Path) -> None:
    rule = (
        '\n[[place]]\nname = "orals first"\nwhere = { decision = "Oral" }\n'
        'sessions = ["talks-1", "posters-2"]\nrooms = ["aud"]\n'
    )
    venue_read = load(_folder(tmp_path, rule)).venue
    # Posters: the poster session it names; the auditorium has no boards, so no room.
    assert [(r.sessions, r.rooms) for r in venue_read.place] == [(["posters-2"], None)]
    assert [(r.sessions, r.rooms) for r in venue_read.talk_place] == [(["talks-1"], ["aud"])]


def test_a_rule_naming_talks_only_leaves_the_posters_free(tmp_path: Path) -> None:
    rule = '\n[[place]]\nwhere = { decision = "Oral" }\nsessions = ["talks-2"]\n'
    venue_read = load(_folder(tmp_path, rule)).venue
    assert venue_read.place == []
    assert [r.sessions for r in venue_read.talk_place] == [["talks-2"]]


# ---------------------------------------------------------------------- planning


def test_a_talk_pinned_to_a_position_is_planned_there(tmp_path: Path) -> None:
    pins = _pin(503, "talks-2", room="hall", position=2) + _pin(505, "talks-1")
    plan = _plan(_folder(tmp_path, pins), tmp_path / "out")
    talk = {t.paper: t for t in plan.talks}
    assert (talk["503"].session, talk["503"].room, talk["503"].position) == ("talks-2", "hall", 2)
    assert talk["503"].status == "pinned" and talk["503"].reason == "pinned by the venue file"
    assert talk["505"].session == "talks-1"
    first = next(t for t in plan.talks if (t.session, t.room, t.position) == ("talks-2", "hall", 1))
    assert talk["503"].start >= first.end  # it follows the first talk of its room


def test_place_rules_send_talks_to_their_sessions_and_rooms(tmp_path: Path) -> None:
    rules = (
        '\n[[place]]\nname = "spotlights"\nwhere = { decision = "Spotlight" }\n'
        'sessions = ["talks-2"]\n'
        '\n[[place]]\nname = "orals in the auditorium"\nwhere = { decision = "Oral" }\n'
        'rooms = ["aud"]\nexclusive = true\n'
    )
    plan = _plan(_folder(tmp_path, rules), tmp_path / "out")
    decision = {p.id: p.decision for p in plan.papers}
    where = {t.paper: (t.session, t.room) for t in plan.talks}
    assert all(where[p][0] == "talks-2" for p in where if decision[p] == "Spotlight")
    assert all(where[p][1] == "aud" for p in where if decision[p] == "Oral")
    assert all(where[p][1] != "aud" for p in where if decision[p] != "Oral")
    # The rules bind talks only: the orals' posters go where the planner likes.
    assert {pl.session for pl in plan.placements} <= {"posters-1", "posters-2"}


def test_an_absent_author_never_gives_a_talk_then(tmp_path: Path) -> None:
    away = '\n[[unavailable]]\nauthor = "p0"\nsessions = ["talks-1"]\n'
    plan = _plan(_folder(tmp_path, away), tmp_path / "out")
    assert next(t for t in plan.talks if t.paper == "500").session == "talks-2"


def test_pins_and_rules_that_overfill_room_sessions_stop_before_solving(tmp_path: Path) -> None:
    # Four orals (4 x 17 = 68) confined to the auditorium on day one (42).
    rule = '\n[[place]]\nwhere = { decision = "Oral" }\nsessions = ["talks-1"]\nrooms = ["aud"]\n'
    findings = prechecks(load(_folder(tmp_path, rule)))
    assert [f.rule for f in findings] == ["talk-capacity"]
    assert "4 talks need 68 room-minutes" in findings[0].message
    assert "talk session talks-1 (aud) (pins, [[place]] rules or absences" in findings[0].message
    assert "hold 42" in findings[0].message


def test_a_talk_with_nowhere_to_go_is_named(tmp_path: Path) -> None:
    extra = _pin(500, "talks-1") + '\n[[unavailable]]\nauthor = "p0"\nsessions = ["talks-1"]\n'
    findings = prechecks(load(_folder(tmp_path, extra)))
    assert findings[0].rule == "talk-place"
    assert findings[0].message.startswith("the talk of paper 500 may use no talk session and room:")


# ---------------------------------------------------------------------- verify


def test_verify_catches_a_talk_off_its_pin_and_outside_its_rule(tmp_path: Path) -> None:
    rule = (
        '\n[[place]]\nname = "late orals"\nwhere = { decision = "Oral" }\nsessions = ["talks-2"]\n'
    )
    out = tmp_path / "out"
    plan = _plan(_folder(tmp_path, _pin(505, "talks-1", room="aud", position=1) + rule), out)
    assert not verify(out, files=False).violations
    broken = plan.model_copy(deep=True)
    pinned = next(t for t in broken.talks if t.paper == "505")
    oral = next(t for t in broken.talks if t.paper == "500")
    # Swap the two talks' places: each is then off its pin or outside its rule.
    for key in ("session", "room", "position", "start", "end"):
        first, second = getattr(pinned, key), getattr(oral, key)
        setattr(pinned, key, second)
        setattr(oral, key, first)
    (out / "plan.json").write_text(broken.to_json(), encoding="utf-8")
    violations = verify(out, files=False).violations
    messages = [v.message for v in violations]
    assert any(
        m.startswith("talk 505 (") and "is pinned to talk session 'talks-1'" in m for m in messages
    )
    assert any("rule 'late orals' does not allow talk session 'talks-1'" in m for m in messages)
    assert Counter(v.rule for v in violations)["pin"] == 1
