"""The venue tables' models (planner.read.venue.schema): shape faults as the reader shows them."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import pytest

from planner.core.errors import InputError
from planner.read.venue.reader import parse_venue
from planner.read.venue.schema import (
    AuthorsTable,
    PinTable,
    PlaceTable,
    RoomTable,
    RulesTable,
    SessionTable,
    UnavailableTable,
    VenueTable,
    check,
)

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026" / "venue.toml"


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(InputError) as info:
        parse_venue(data)
    return str(info.value).splitlines()


def base() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "model",
    [
        VenueTable,
        SessionTable,
        RoomTable,
        RulesTable,
        PinTable,
        UnavailableTable,
        PlaceTable,
        AuthorsTable,
    ],
)
def test_every_table_model_forbids_unknown_keys(model: type) -> None:
    checked = check(model, {"zzz_not_a_key": 1})
    assert "zzz_not_a_key" in checked.unknown


def test_a_fault_keeps_the_message_and_the_good_values() -> None:
    checked = check(RoomTable, {"id": "hall-a", "boards": 10, "spare_boards": -1, "name": " Hall "})
    assert checked.fault("spare_boards") == (
        "spare_boards = -1 is not a whole number ≥ 0",
        "Set it to the boards to keep free for late accepts.",
    )
    assert checked.model is not None and checked.model.name == "Hall"
    assert checked.model.spare_boards is None  # left at its default


def test_unknown_keys_come_first_with_the_nearest_spelling() -> None:
    data = base()
    data["rooms"][0]["bords"] = 3
    data["rooms"][0]["spare_boards"] = "x"
    data["nmae"] = "x"
    lines = problems(data)
    assert lines[0] == "venue.toml: top level: unknown key 'nmae'. did you mean 'name'?"
    room = data["rooms"][0]["id"]
    assert lines[1:] == [
        "venue.toml: [[rooms]] #1: unknown key 'bords'. did you mean 'boards'?",
        f"venue.toml: [[rooms]] '{room}': spare_boards = 'x' is not a whole number ≥ 0. "
        "Set it to the boards to keep free for late accepts.",
    ]


def test_every_table_is_reported_in_one_pass() -> None:
    data = base()
    data["sessions"][0]["start"] = "soon"
    data["rules"] = {"time_limt": 5}
    data["pins"] = [{"paper": 1}]
    data["unavailable"] = [{"sessions": ["x"]}]
    data["authors"] = {"same": [["1"]]}
    data["topics"] = {"3608": ""}
    data["place"] = [{"papers": [1], "exclusive": "yes", "rooms": ["nowhere"]}]
    text = "\n".join(problems(data))
    for part in [
        "start or end is missing or not a date-time",
        "[rules]: unknown key 'time_limt'. did you mean 'time_limit'?",
        "[[pins]] #1: needs both paper and session",
        "[[unavailable]] #1: has no author",
        "[authors] 'same': must be a list of lists of two or more author ids",
        '[topics] \'3608\': needs a text value. "3608" = "a text"',
        "[[place]] #1, key 'rooms': no room 'nowhere' in the venue",
        "[[place]] #1, key 'exclusive': must be true or false",
    ]:
        assert part in text
