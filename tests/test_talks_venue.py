"""Talks in the venue file: the contract's syntax read, bad input refused, impossible fits found.

The venue's ``kind = "talks"`` sessions, rooms with ``seats`` and the
``[talks]`` table (docs: README "Talks"); what cannot work whatever the
papers are is an InputError naming the key (exit 2), what the papers make
impossible a precheck finding with the numbers (exit 3).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.core.errors import InputError
from planner.people.inputs import load
from planner.plan.records import venue_data
from planner.prechecks.checks import prechecks
from planner.prechecks.summary import summarize
from planner.read.venue.reader import parse_venue, read_venue

BASE = """
name = "Talk Conf"
timezone = "Europe/Vienna"

[[sessions]]
id = "posters-1"
name = "Posters 1"
start = 2026-06-02T14:00:00
end = 2026-06-02T16:00:00

[[sessions]]
id = "posters-2"
name = "Posters 2"
start = 2026-06-03T14:00:00
end = 2026-06-03T16:00:00

[[sessions]]
id = "orals-1"
name = "Orals 1"
start = 2026-06-02T09:00:00
end = 2026-06-02T10:00:00
kind = "talks"

[[rooms]]
id = "hall"
name = "Hall"
boards = 10

[[rooms]]
id = "aud"
name = "Auditorium"
seats = 500

[[rooms]]
id = "both"
name = "Ballroom"
boards = 4
seats = 200
"""

TALKS = """
[talks]
minutes = { Oral = 15, Spotlight = 5 }
changeover = 2
"""


def _venue(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "venue.toml"
    path.write_text(text, encoding="utf-8")
    return path


def _error(tmp_path: Path, text: str) -> str:
    with pytest.raises(InputError) as info:
        read_venue(_venue(tmp_path, text))
    return str(info.value)


def _papers(tmp_path: Path, decisions: list[str], authors: list[list[str]] | None = None) -> None:
    records = [
        {
            "id": 100 + i,
            "name": f"Paper {i} on topic {i % 3}",
            "abstract": f"We study topic {i % 3} with method {i}.",
            "decision": d,
            "authors": [
                {"id": a, "fullname": f"Person {a}"} for a in (authors[i] if authors else [f"a{i}"])
            ],
        }
        for i, d in enumerate(decisions)
    ]
    (tmp_path / "papers.json").write_text(
        json.dumps({"count": len(records), "next": None, "previous": None, "results": records}),
        encoding="utf-8",
    )


def test_the_contract_syntax_is_read(tmp_path: Path) -> None:
    venue = read_venue(_venue(tmp_path, BASE + TALKS))
    # Poster steps see poster sessions and rooms with boards; talks have their own lists.
    assert [s.id for s in venue.sessions] == ["posters-1", "posters-2"]
    assert [s.id for s in venue.talk_sessions] == ["orals-1"]
    assert [s.kind for s in venue.talk_sessions] == ["talks"]
    assert [r.id for r in venue.rooms] == ["hall", "both"]
    assert [(r.id, r.seats) for r in venue.talk_rooms] == [("aud", 500), ("both", 200)]
    assert venue.room_by_id["both"].boards == 4
    assert venue.talks is not None
    assert venue.talks.minutes == {"Oral": 15, "Spotlight": 5}
    assert (venue.talks.changeover, venue.talks.poster_too) == (2, True)
    assert venue.session_capacity("posters-1") == 14


def test_a_venue_without_talks_dumps_as_before(tmp_path: Path) -> None:
    """plan.json of a poster-only venue keeps its bytes: no talk keys appear."""
    venue = read_venue(_venue(tmp_path, BASE.replace('kind = "talks"', "")))
    dumped = venue.model_dump(mode="json")
    assert "talk_sessions" not in dumped and "talks" not in dumped
    assert all("kind" not in s for s in dumped["sessions"])
    assert all("seats" not in r for r in dumped["rooms"] if r["id"] == "hall")


def test_the_plan_copy_of_a_talk_venue_reads_back(tmp_path: Path) -> None:
    venue = read_venue(_venue(tmp_path, BASE + TALKS))
    again = parse_venue(venue_data(venue), "plan.json")
    assert again.talk_sessions == venue.talk_sessions
    # Checked again as a venue file (the plan keeps its own copy in order).
    assert sorted(r.id for r in again.talk_rooms) == ["aud", "both"]
    assert again.talks == venue.talks


def test_talk_decisions_are_accepted_and_minutes_compare_as_decisions(tmp_path: Path) -> None:
    venue_text = BASE + TALKS.replace("Oral = 15", '"Accept (oral)" = 15')
    _venue(tmp_path, venue_text.replace('name = "Talk Conf"', 'name = "T"'))
    _papers(tmp_path, ["accept (ORAL)", "Poster", "Reject"])
    inputs = load(tmp_path)
    assert [p.id for p in inputs.accepted] == ["100", "101"]
    assert inputs.venue.talk_minutes(inputs.accepted[0]) == 15
    assert inputs.venue.talk_minutes(inputs.accepted[1]) is None


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (('kind = "talks"', 'kind = "talk"'), 'kind = \'talk\' is neither "posters" nor "talks"'),
        (("seats = 500", "seats = 0"), "seats = 0 is not a positive whole number"),
        (("seats = 500", 'seats = "many"'), "seats = 'many' is not a positive whole number"),
        (("Oral = 15", "Oral = 0"), "minutes.Oral = 0 is not a whole number of minutes"),
        (("Oral = 15", "Oral = 90"), "minutes.Oral = 90 is longer than every talk session"),
        (("changeover = 2", "changeover = -1"), "changeover = -1 is not a whole number"),
        (("changeover = 2", "poster_too = 1"), "poster_too = 1 is not true or false"),
        (("changeover = 2", "change_over = 2"), "unknown key 'change_over'"),
    ],
)
def test_bad_talk_input_names_the_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    message = _error(tmp_path, (BASE + TALKS).replace(*change))
    assert expected in message
    assert "venue.toml" in message


def test_a_talk_session_needs_a_room_with_seats(tmp_path: Path) -> None:
    text = (BASE + TALKS).replace("seats = 500", "").replace("seats = 200", "")
    message = _error(tmp_path, text)
    assert "[[sessions]] 'orals-1': is a talk session, but no room with seats is open in it" in (
        message
    )


def test_talk_minutes_need_a_talk_session(tmp_path: Path) -> None:
    message = _error(tmp_path, BASE.replace('kind = "talks"', "") + TALKS)
    assert 'gives talk minutes, but no session has kind = "talks"' in message


def test_a_room_with_neither_boards_nor_seats_is_refused(tmp_path: Path) -> None:
    message = _error(tmp_path, (BASE + TALKS).replace("seats = 500", ""))
    assert "[[rooms]] 'aud'" in message and "boards" in message


def test_a_talk_decision_no_record_has_is_a_note(tmp_path: Path) -> None:
    _venue(tmp_path, BASE + TALKS)
    _papers(tmp_path, ["Oral", "Poster"])
    notes = load(tmp_path).notes
    assert any("[talks] minutes.Spotlight: no record has the decision" in n for n in notes)
    assert not any("minutes.Oral" in n for n in notes)


def test_talks_that_cannot_fit_are_found_with_the_numbers(tmp_path: Path) -> None:
    # One 60-minute session, two rooms with seats: 2 x (60 + 2) = 124 room-minutes.
    _venue(tmp_path, BASE + TALKS)
    _papers(tmp_path, ["Oral"] * 7)  # 7 x (15 + 2) = 119: fits
    assert [f.rule for f in prechecks(load(tmp_path))] == []
    _papers(tmp_path, ["Oral"] * 8)  # 136 > 124
    findings = prechecks(load(tmp_path))
    assert [f.rule for f in findings] == ["talk-capacity"]
    assert "8 talks need 136 room-minutes" in findings[0].message
    assert "hold 124" in findings[0].message


def test_talks_confined_by_absences_are_counted_against_their_sessions(tmp_path: Path) -> None:
    text = (
        BASE
        + TALKS
        + (
            '\n[[sessions]]\nid = "orals-2"\nname = "Orals 2"\nstart = 2026-06-03T09:00:00\n'
            'end = 2026-06-03T09:20:00\nkind = "talks"\n'
            '\n[[unavailable]]\nauthor = "a0"\nsessions = ["orals-1"]\n'
            '\n[[unavailable]]\nauthor = "a1"\nsessions = ["orals-1"]\n'
        )
    )
    _venue(tmp_path, text)
    _papers(tmp_path, ["Oral", "Oral", "Oral"])
    findings = prechecks(load(tmp_path))
    # Two talks can use only orals-2: 2 x 17 = 34 > 2 rooms x (20 + 2) = 44? no: fits.
    assert findings == []
    _venue(tmp_path, text.replace("T09:20:00", "T09:10:00"))  # 2 x 12 = 24 < 34
    findings = prechecks(load(tmp_path))
    assert [f.rule for f in findings] == ["talk-capacity"]
    assert "2 talks need 34 room-minutes" in findings[0].message
    assert "orals-2" in findings[0].message


def test_a_speaker_with_more_talks_than_talk_times_is_found(tmp_path: Path) -> None:
    _venue(tmp_path, BASE + TALKS)
    _papers(tmp_path, ["Oral", "Spotlight"], authors=[["s1"], ["s1", "s2"]])
    findings = prechecks(load(tmp_path))
    assert [f.rule for f in findings] == ["speaker"]
    assert "gives 2 talks (100, 101) but can attend only 1 separate talk time:" in (
        findings[0].message
    )


def test_check_shows_the_talk_programme(tmp_path: Path) -> None:
    _venue(tmp_path, BASE + TALKS)
    _papers(tmp_path, ["Oral", "Oral", "Spotlight", "Poster"])
    talks = summarize(load(tmp_path)).talks
    assert talks is not None
    assert talks.by_decision == [("Oral", 2, 15), ("Spotlight", 1, 5)]
    assert talks.need == 2 * 17 + 7 and talks.have == 124
    assert [row[0] for row in talks.sessions] == ["orals-1"]


TALKS_ONLY = """
name = "Society Meeting"
timezone = "Europe/Vienna"

[[sessions]]
id = "t1"
name = "Talks 1"
start = 2026-06-02T09:00:00
end = 2026-06-02T10:20:00
kind = "talks"

[[rooms]]
id = "a"
name = "Room A"
seats = 100
"""


def test_a_programme_of_talk_sessions_only_gives_talks_only(tmp_path: Path) -> None:
    _venue(tmp_path, TALKS_ONLY + "\n[talks]\nminutes = { Accept = 15 }\n")
    _papers(tmp_path, ["Accept"] * 4)
    inputs = load(tmp_path)
    assert inputs.venue.talks is not None and inputs.venue.talks.poster_too is False
    assert inputs.posters == [] and len(inputs.index.talk_only) == 4
    assert prechecks(inputs) == []


def test_talks_only_refuses_posters_it_has_no_session_for(tmp_path: Path) -> None:
    message = _error(
        tmp_path, TALKS_ONLY + "\n[talks]\nminutes = { Accept = 15 }\nposter_too = true\n"
    )
    assert "[talks]: poster_too = true, but the venue has no poster session" in message
    _venue(tmp_path, TALKS_ONLY + "\n[talks]\nminutes = { Oral = 15 }\n")
    _papers(tmp_path, ["Oral", "Poster", "Poster"])
    with pytest.raises(InputError) as info:
        load(tmp_path)
    assert (
        "2 accepted papers give no talk (decisions: Poster) and the venue has no poster session"
        in str(info.value)
    )
