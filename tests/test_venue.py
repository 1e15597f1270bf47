"""The venue file: what it accepts, and one clear message for each thing it refuses."""

from __future__ import annotations

import json
import shutil
import tomllib
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from planner.core.errors import InputError
from planner.people.inputs import load
from planner.read.venue.reader import parse_venue, read_venue

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"
TINY = Path(__file__).resolve().parent / "data" / "tiny"

PIN = '\n[[pins]]\npaper = {paper}\nsession = "{session}"\n'


def venue_error(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_venue(path)
    return str(info.value)


# --------------------------------------------------------------------------- accepted


@pytest.mark.parametrize("name", ["venue.toml", "venue-parallel.toml", "venue-spread.toml"])
def test_example_venues_read_as_written(name: str) -> None:
    """The reader agrees with a plain TOML reading of each bundled venue."""
    path = EXAMPLE / name
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    venue = read_venue(path)
    assert (venue.name, venue.timezone) == (raw["name"], raw["timezone"])
    assert [(s.id, s.start, s.end) for s in venue.sessions] == [
        (s["id"], s["start"], s["end"]) for s in raw["sessions"]
    ]
    assert [(r.id, r.boards, r.sessions) for r in venue.rooms] == [
        (r["id"], r["boards"], r.get("sessions")) for r in raw["rooms"]
    ]
    spare = raw.get("rules", {}).get("spare_boards", 0)
    assert venue.capacity == sum(
        r["boards"] - r.get("spare_boards", spare)
        for r in raw["rooms"]
        for s in raw["sessions"]
        if "sessions" not in r or s["id"] in r["sessions"]
    )
    assert venue.capacity >= 135  # room for every MLSys poster
    assert len(venue.sha256) == 64


def test_example_venue() -> None:
    venue = read_venue(EXAMPLE / "venue.toml")
    assert venue.name == "MLSys 2026"
    assert venue.timezone == "America/Los_Angeles"
    assert [s.id for s in venue.sessions] == ["tue-eve", "wed-aft", "wed-eve", "thu-aft"]
    assert venue.session_by_id["tue-eve"].start == datetime(2026, 5, 19, 17, 0)
    assert venue.capacity == 144
    assert venue.rules.accept_decisions == ["Accept", "Conditional Accept"]
    assert venue.rules.presenter == "first"


def test_times_with_an_offset_are_turned_into_venue_local_time(
    workdir: Path, base_venue: str
) -> None:
    text = base_venue.replace("start = 2026-05-19T16:30:00", "start = 2026-05-19T23:30:00Z")
    text = text.replace("end = 2026-05-19T18:30:00", 'end = "2026-05-19T18:30:00-07:00"')
    path = workdir / "venue.toml"
    path.write_text(text, encoding="utf-8")
    s1 = read_venue(path).session_by_id["s1"]
    assert (s1.start, s1.end) == (datetime(2026, 5, 19, 16, 30), datetime(2026, 5, 19, 18, 30))


def test_a_room_with_no_boards_in_one_session(workdir: Path, base_venue: str) -> None:
    """boards_by_session may close a room for a session (0 boards); that is no error."""
    path = workdir / "venue.toml"
    path.write_text(base_venue + "boards_by_session = { s2 = 0 }\n", encoding="utf-8")
    venue = read_venue(path)
    assert venue.session_capacity("s1") == 4
    assert venue.session_capacity("s2") == 0


def test_pins_overrides_and_unavailability_are_read(workdir: Path, base_venue: str) -> None:
    path = workdir / "venue.toml"
    path.write_text(
        base_venue
        + '\n[[pins]]\npaper = "0101"\nsession = "s2"\nroom = "hall"\nboard = "3"\n'
        + '\n[[unavailable]]\nauthor = "Ann Lee"\nsessions = ["s1"]\n'
        + '\n[authors]\nsame = [["1", "2"]]\ndifferent = [[7, 8]]\n'
        + '\n[presenters]\n"102.0" = "Ann Lee"\n\n[topics]\n101 = "Sparsity"\n',
        encoding="utf-8",
    )
    venue = read_venue(path)
    assert [(p.paper, p.session, p.room, p.board) for p in venue.pins] == [
        ("101", "s2", "hall", "3")
    ]
    assert [(u.author, u.sessions) for u in venue.unavailable] == [("Ann Lee", ["s1"])]
    assert venue.authors.same == [["1", "2"]]
    assert venue.authors.different == [["7", "8"]]
    assert venue.presenter_of == {"102": "Ann Lee"}
    assert venue.topic_of == {"101": "Sparsity"}


# --------------------------------------------------------------------------- refused

A_WHOLE_NUMBER = (
    "is not a positive whole number. Set boards to the number of poster boards (1 or more)."
)
CASES: list[tuple[str, Callable[[str], str], list[str]]] = [
    (
        "malformed toml",
        lambda v: v.replace("boards = 4", "boards = "),
        [
            "venue.toml: line 19, column 10: not valid TOML (Invalid value). "
            "Fix the syntax there; see the README's venue reference."
        ],
    ),
    (
        "unclosed table header",
        lambda v: v + "[rules\n",
        [
            "venue.toml: line 20, column 7: not valid TOML (Expected ']' at the end of a table "
            "declaration). Fix the syntax there; see the README's venue reference."
        ],
    ),
    (
        "unknown time zone",
        lambda v: v.replace("America/Los_Angeles", "America/Bellevue"),
        [
            "venue.toml: key 'timezone': 'America/Bellevue' is not an IANA time zone. "
            'Use a zone name such as "America/Los_Angeles" or "Europe/Vienna".'
        ],
    ),
    (
        "no time zone",
        lambda v: v.replace('timezone = "America/Los_Angeles"\n', ""),
        [
            "venue.toml: key 'timezone': no time zone is given. "
            'Add an IANA zone, e.g. timezone = "America/Los_Angeles".'
        ],
    ),
    (
        "duplicate session id",
        lambda v: v.replace('id = "s2"', 'id = "s1"'),
        ["venue.toml: [[sessions]] 's1': the id is used twice. Give every session its own id."],
    ),
    (
        "duplicate room id",
        lambda v: v + '\n[[rooms]]\nid = "hall"\nboards = 2\n',
        ["venue.toml: [[rooms]] 'hall': the id is used twice. Give every room its own id."],
    ),
    (
        "end before start",
        lambda v: v.replace("end = 2026-05-19T18:30:00", "end = 2026-05-19T15:00:00"),
        [
            "venue.toml: [[sessions]] 's1': ends (2026-05-19 15:00) at or before it starts "
            "(2026-05-19 16:30). Set end after start."
        ],
    ),
    (
        "end equals start",
        lambda v: v.replace("end = 2026-05-20T18:30:00", "end = 2026-05-20T16:30:00"),
        [
            "venue.toml: [[sessions]] 's2': ends (2026-05-20 16:30) at or before it starts "
            "(2026-05-20 16:30). Set end after start."
        ],
    ),
    (
        "start is not a date-time",
        lambda v: v.replace("start = 2026-05-19T16:30:00", "start = 2026-05-19"),
        [
            "venue.toml: [[sessions]] 's1': start or end is missing or not a date-time. "
            "Write start = 2026-05-19T16:30:00 (local time, no quotes)."
        ],
    ),
    (
        "zero boards",
        lambda v: v.replace("boards = 4", "boards = 0"),
        [f"venue.toml: [[rooms]] 'hall': boards = 0 {A_WHOLE_NUMBER}"],
    ),
    (
        "negative boards",
        lambda v: v.replace("boards = 4", "boards = -3"),
        [f"venue.toml: [[rooms]] 'hall': boards = -3 {A_WHOLE_NUMBER}"],
    ),
    (
        "boards as text",
        lambda v: v.replace("boards = 4", 'boards = "four"'),
        [f"venue.toml: [[rooms]] 'hall': boards = 'four' {A_WHOLE_NUMBER}"],
    ),
    (
        "room names an unknown session",
        lambda v: v + 'sessions = ["s1", "s9"]\n',
        [
            "venue.toml: [[rooms]] 'hall': names session 's9', which is not defined. "
            "Use one of: s1, s2."
        ],
    ),
    (
        "pin to an unknown session",
        lambda v: v + PIN.format(paper=101, session="s9"),
        [
            "venue.toml: [[pins]] #1 (paper 101): names session 's9', which is not defined. "
            "Use one of: s1, s2."
        ],
    ),
    (
        "paper pinned twice",
        lambda v: (
            v + PIN.format(paper=101, session="s1") + PIN.format(paper='"101.0"', session="s2")
        ),
        [
            "venue.toml: [[pins]] #2 (paper 101): pins a paper already pinned by [[pins]] #1. "
            "Keep one pin per paper."
        ],
    ),
    (
        "pin to an unknown room",
        lambda v: v + PIN.format(paper=101, session="s1") + 'room = "attic"\n',
        [
            "venue.toml: [[pins]] #1 (paper 101): names room 'attic', which is not defined. "
            "Use one of: hall."
        ],
    ),
    (
        "pin to a board without a room",
        lambda v: v + PIN.format(paper=101, session="s1") + 'board = "3"\n',
        [
            "venue.toml: [[pins]] #1 (paper 101): gives a board but no room. "
            'Add room = "hall-a" to the pin.'
        ],
    ),
    (
        "pin to a room closed in that session",
        lambda v: (
            v + 'sessions = ["s1"]\n' + PIN.format(paper=101, session="s2") + 'room = "hall"\n'
        ),
        [
            "venue.toml: [[pins]] #1 (paper 101): puts the paper in room 'hall', which is closed "
            "in session 's2'. Pick a room open in that session."
        ],
    ),
    (
        "unknown top-level key",
        lambda v: v.replace("name = ", "nmae = ", 1),
        [
            "venue.toml: top level: unknown key 'nmae'. did you mean 'name'?",
            "venue.toml: key 'name': the conference has no name. Add name = \"MLSys 2026\".",
        ],
    ),
    (
        "unknown rules key",
        lambda v: v + '\n[rules]\npresentr = "last"\n',
        ["venue.toml: [rules]: unknown key 'presentr'. did you mean 'presenter'?"],
    ),
    (
        "unknown room key",
        lambda v: v + "bord_prefix = 'H'\n",
        ["venue.toml: [[rooms]] #1: unknown key 'bord_prefix'. did you mean 'board_prefix'?"],
    ),
    (
        "unknown key with nothing close",
        lambda v: v + '\n[[pins]]\npaper = 101\nsession = "s1"\nzzz = 1\n',
        [
            "venue.toml: [[pins]] #1: unknown key 'zzz'. "
            "known keys: board, paper, position, room, session."
        ],
    ),
    (
        "a rule of the wrong kind",
        lambda v: v + '\n[rules]\npresenter = "middle"\n',
        [
            "venue.toml: [rules] 'presenter': input should be 'first', 'last' or 'column' "
            "(got 'middle'). See the README's venue reference for allowed values."
        ],
    ),
    (
        "negative spare boards",
        lambda v: v + "\n[rules]\nspare_boards = -2\n",
        [
            "venue.toml: [rules] 'spare_boards': spare_boards = -2 is negative. "
            "Set it to 0 or more: the boards per room kept free for late accepts."
        ],
    ),
    (
        "no decision gets a poster",
        lambda v: v + "\n[rules]\naccept_decisions = []\n",
        [
            "venue.toml: [rules] 'accept_decisions': no decision gets a poster. "
            'List the decisions that do, e.g. accept_decisions = ["Accept"].'
        ],
    ),
    (
        "zero topics and no time",
        lambda v: v + "\n[rules]\ntopics = 0\ntime_limit = 0\n",
        [
            "venue.toml: [rules] 'topics': topics = 0 is not a positive number. "
            'Set it to 1 or more, or to "auto".',
            "venue.toml: [rules] 'time_limit': time_limit = 0.0 is not a positive number of "
            "seconds. Set it to, e.g., 10.",
        ],
    ),
    (
        "every board kept spare",
        lambda v: v + "spare_boards = 4\n",
        [
            "venue.toml: [[rooms]] 'hall': keeps 4 spare boards but has only 4. "
            "Lower spare_boards or add boards."
        ],
    ),
    (
        "no sessions and no rooms",
        lambda v: v[: v.index("[[sessions]]")],
        [
            "venue.toml: [[sessions]]: no poster sessions are defined. "
            "Add at least one [[sessions]] table with id, name, start and end.",
            "venue.toml: [[rooms]]: no rooms are defined. "
            "Add at least one [[rooms]] table with id, name and boards.",
        ],
    ),
    (
        "unavailability in an unknown session",
        lambda v: v + '\n[[unavailable]]\nauthor = "Ann Lee"\nsessions = ["s7"]\n',
        ["venue.toml: [[unavailable]] #1: names unknown session(s) s7. Use one of: s1, s2."],
    ),
    (
        "unavailability with a list inside its sessions",
        lambda v: v + '\n[[unavailable]]\nauthor = "Ann Lee"\nsessions = [["s1"]]\n',
        ["venue.toml: [[unavailable]] #1: names unknown session(s) ['s1']. Use one of: s1, s2."],
    ),
    (
        "author overrides of the wrong shape",
        lambda v: v + '\n[authors]\nsame = ["1", "2"]\n',
        [
            "venue.toml: [authors] 'same': must be a list of lists of two or more author ids. "
            'same = [["18765", "27414"]]'
        ],
    ),
]


@pytest.mark.parametrize(("text_of", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_venue_message(
    workdir: Path, base_venue: str, text_of: Callable[[str], str], expected: list[str]
) -> None:
    assert venue_error(workdir / "venue.toml", text_of(base_venue)).splitlines() == expected


def test_every_problem_is_reported_in_one_pass(workdir: Path, base_venue: str) -> None:
    text = base_venue.replace("America/Los_Angeles", "Pacific").replace("boards = 4", "boards = 0")
    text += PIN.format(paper=101, session="s9")
    lines = venue_error(workdir / "venue.toml", text).splitlines()
    assert len(lines) == 3
    assert "'Pacific' is not an IANA time zone" in lines[0]
    assert "boards = 0 is not a positive whole number" in lines[1]
    assert "names session 's9', which is not defined" in lines[2]


def test_venue_that_is_not_utf8(workdir: Path, base_venue: str) -> None:
    path = workdir / "venue.toml"
    path.write_bytes(base_venue.replace("Tiny Conf", "Conférence").encode("latin-1"))
    with pytest.raises(InputError, match=r"^venue.toml: the venue file is not UTF-8 text"):
        read_venue(path)


# --------------------------------------------------------------------------- with the papers


def test_pin_to_an_unknown_paper(workdir: Path, base_venue: str) -> None:
    shutil.copy(TINY / "papers.json", workdir / "papers.json")
    (workdir / "venue.toml").write_text(base_venue + PIN.format(paper=999, session="s1"))
    with pytest.raises(InputError) as info:
        load(workdir)
    assert str(info.value) == (
        "venue.toml: [[pins]] #1: pins paper 999, which is not in papers.json. "
        "Check the paper id, or remove the pin."
    )


def test_pin_to_a_paper_without_a_poster(workdir: Path, base_venue: str) -> None:
    shutil.copy(TINY / "papers.json", workdir / "papers.json")
    (workdir / "venue.toml").write_text(base_venue + PIN.format(paper=104, session="s1"))
    with pytest.raises(InputError) as info:
        load(workdir)
    assert str(info.value) == (
        "venue.toml: [[pins]] #1: pins paper 104, whose decision 'Reject' gets no poster. "
        "Remove the pin, or add the decision to rules.accept_decisions."
    )


def test_topic_and_presenter_overrides_must_name_papers(workdir: Path, base_venue: str) -> None:
    shutil.copy(TINY / "papers.json", workdir / "papers.json")
    (workdir / "venue.toml").write_text(
        base_venue + '\n[topics]\n"555" = "X"\n\n[presenters]\n"556" = "Ann Lee"\n'
    )
    with pytest.raises(InputError) as info:
        load(workdir)
    assert str(info.value).splitlines() == [
        "venue.toml: [topics] '555': names a paper that is not in the list. Check the paper id.",
        "venue.toml: [presenters] '556': names a paper that is not in the list. "
        "Check the paper id.",
    ]


def test_pin_to_an_excel_mangled_paper_id(workdir: Path, base_venue: str) -> None:
    (workdir / "papers.csv").write_text("Paper ID,Title,Authors\n3.608E+03,One,Ann\n")
    (workdir / "venue.toml").write_text(base_venue + PIN.format(paper='"3608.0"', session="s1"))
    inputs = load(workdir / "papers.csv")
    assert [(p.paper, p.session) for p in inputs.venue.pins] == [("3608", "s1")]
    assert [p.id for p in inputs.accepted] == ["3608"]


# --------------------------------------------------------------------------- the command line


def _replace(old: str, new: str) -> Callable[[str], str]:
    return lambda text: text.replace(old, new)


def _append(extra: str) -> Callable[[str], str]:
    return lambda text: text + extra


S1_END = "end = 2026-05-19T18:30:00"
CLI_CASES: list[tuple[str, Callable[[str], str], str]] = [
    (
        "malformed toml",
        _replace("boards = 4", "boards = "),
        "line 19, column 10: not valid TOML (Invalid value)",
    ),
    (
        "unknown time zone",
        _replace("America/Los_Angeles", "Mars/Olympus"),
        "'Mars/Olympus' is not an IANA time zone",
    ),
    (
        "duplicate session id",
        _replace('id = "s2"', 'id = "s1"'),
        "'s1': the id is used twice. Give every session its own id.",
    ),
    (
        "duplicate room id",
        _append('\n[[rooms]]\nid = "hall"\nboards = 2\n'),
        "'hall': the id is used twice. Give every room its own id.",
    ),
    (
        "end before start",
        _replace(S1_END, "end = 2026-05-19T15:00:00"),
        "'s1': ends (2026-05-19 15:00) at or before it starts (2026-05-19 16:30).",
    ),
    (
        "zero boards",
        _replace("boards = 4", "boards = 0"),
        "'hall': boards = 0 is not a positive whole number",
    ),
    (
        "negative boards",
        _replace("boards = 4", "boards = -1"),
        "'hall': boards = -1 is not a positive whole number",
    ),
    (
        "room names an unknown session",
        _append('sessions = ["s9"]\n'),
        "'hall': names session 's9', which is not defined. Use one of: s1, s2.",
    ),
    (
        "pin to an unknown session",
        _append(PIN.format(paper=101, session="s9")),
        "#1 (paper 101): names session 's9', which is not defined. Use one of: s1, s2.",
    ),
    (
        "pin to an unknown paper",
        _append(PIN.format(paper=999, session="s1")),
        "#1: pins paper 999, which is not in tiny/papers.json. Check the paper id",
    ),
    (
        "paper pinned twice",
        _append(PIN.format(paper=101, session="s1") + PIN.format(paper=101, session="s2")),
        "#2 (paper 101): pins a paper already pinned by",
    ),
    (
        "unknown key",
        _append("\n[rules]\nspare_board = 1\n"),
        "unknown key 'spare_board'. did you mean 'spare_boards'?",
    ),
]


@pytest.mark.parametrize(
    ("text_of", "fragment"), [c[1:] for c in CLI_CASES], ids=[c[0] for c in CLI_CASES]
)
def test_check_exits_2_on_a_bad_venue(
    tiny: Path,
    base_venue: str,
    expect_input_error: Callable[..., str],
    text_of: Callable[[str], str],
    fragment: str,
) -> None:
    (tiny / "venue.toml").write_text(text_of(base_venue), encoding="utf-8")
    message = expect_input_error(["tiny"], "error: tiny/venue.toml: ", fragment)
    assert len(message.strip().splitlines()) == 1


def test_check_with_venue_option(
    tiny: Path, base_venue: str, cli: Callable[..., Result], expect_input_error: Callable[..., str]
) -> None:
    (tiny / "other.toml").write_text(base_venue.replace("Tiny Conf", "Other Conf"))
    result = cli("check", "tiny/papers.json", "--venue", "tiny/other.toml")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Other Conf — tiny/papers.json + tiny/other.toml")
    expect_input_error(
        ["tiny/papers.json", "--venue", "tiny/missing.toml"],
        "error: tiny/missing.toml: no venue file. Write a venue.toml",
    )


def test_check_shows_the_table_name_of_a_bad_venue_key(
    tiny: Path, base_venue: str, expect_input_error: Callable[..., str]
) -> None:
    (tiny / "venue.toml").write_text(
        base_venue + "\n[rules]\nspare_board = 1\n" + PIN.format(paper=101, session="s9")
    )
    expect_input_error(
        ["tiny"],
        "tiny/venue.toml: [rules]: unknown key 'spare_board'",
        "tiny/venue.toml: [[pins]] #1 (paper 101): names session 's9'",
    )


def test_check_survives_markup_like_text_in_a_message(
    tiny: Path, base_venue: str, expect_input_error: Callable[..., str]
) -> None:
    (tiny / "venue.toml").write_text('"[/x]" = 1\n' + base_venue)
    expect_input_error(["tiny"], "unknown key '[/x]'")


def test_json_fixture_is_what_the_tests_assume() -> None:
    records = json.loads((TINY / "papers.json").read_text(encoding="utf-8"))["results"]
    assert [r["id"] for r in records] == [101, 102, 103, 104]


# --------------------------------------------------------------------------- properties

_TINY_VENUE = tomllib.loads((TINY / "venue.toml").read_text(encoding="utf-8"))
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 50),
    st.floats(allow_nan=False),
    st.text(max_size=5),
    st.sampled_from(["s1", "s2", "hall", "first", "auto", "Accept", "UTC", "Mars/X", "../etc"]),
    st.datetimes(min_value=datetime(2026, 5, 18), max_value=datetime(2026, 5, 22)),
    # Any year, with or without an offset, and the nights the clocks change
    # (issue 22, case 8): read, shifted or refused, never an overflow.
    st.datetimes(
        timezones=st.sampled_from([None, *(timezone(timedelta(hours=h)) for h in (-12, 0, 14))])
    ),
    st.datetimes(min_value=datetime(2026, 3, 8), max_value=datetime(2026, 3, 8, 4)),
    st.datetimes(min_value=datetime(2026, 11, 1), max_value=datetime(2026, 11, 1, 3)),
    st.dates(),
    st.times(),
)
_KEYS = st.sampled_from(
    [
        *("id", "name", "start", "end", "boards", "sessions", "paper", "session", "room"),
        *("board", "author", "same", "different", "spare_boards", "boards_by_session", "x"),
    ]
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=4),
    max_leaves=10,
)
_TOP = st.sampled_from(
    [
        *("name", "timezone", "sessions", "rooms", "rules", "pins", "unavailable"),
        *("authors", "topics", "presenters", "acronym", "bogus"),
    ]
)


def _session(start: datetime, hours: int | None) -> dict[str, object]:
    """A two-hour session from ``start``, at that UTC offset (None: local time)."""
    zone = None if hours is None else timezone(timedelta(hours=hours))
    return {
        "id": "s1",
        "start": start.replace(tzinfo=zone),
        "end": start.replace(tzinfo=zone, hour=start.hour + 2),
    }


@settings(max_examples=200, deadline=None)
@given(changes=st.dictionaries(_TOP, _VALUE, max_size=5))
@example(changes={"sessions": [_session(datetime(9999, 12, 31, 20), -5)]})
@example(changes={"sessions": [_session(datetime(1, 1, 1, 1), 5)]})
@example(changes={"sessions": [_session(datetime(2026, 3, 8, 2, 30), None)]})
def test_any_venue_table_is_read_or_refused_with_a_message(changes: dict[str, object]) -> None:
    """Whatever a venue file holds, the reader returns a venue or raises InputError."""
    try:
        venue = parse_venue({**_TINY_VENUE, **changes}, "v.toml")
    except InputError as exc:
        assert exc.problems
        assert all(str(p).startswith("v.toml: ") for p in exc.problems)
    else:
        assert venue.sessions
        assert venue.rooms
        assert all(s.end > s.start for s in venue.sessions)
        assert all(r.boards >= 1 for r in venue.rooms)


@pytest.mark.parametrize("pattern", ["{prefix}", "{prefix}{nmber}", "{number"])
def test_a_board_label_without_the_number_is_refused(pattern: str) -> None:
    from planner.core.errors import InputError
    from planner.read.venue.reader import parse_venue

    data = {
        "name": "X",
        "timezone": "UTC",
        "sessions": [{"id": "s", "start": "2026-01-01T10:00", "end": "2026-01-01T11:00"}],
        "rooms": [{"id": "r", "boards": 3}],
        "rules": {"board_label": pattern},
    }
    # A misspelt field is named as such (issue 22, case 7).
    wanted = r"does not give each board its own label|only \{prefix\} and \{number\}"
    with pytest.raises(InputError, match=wanted):
        parse_venue(data)
