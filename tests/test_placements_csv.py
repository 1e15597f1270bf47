"""placements.csv: one row per poster, opened safely by spreadsheets, read back intact."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.engine import Options, make_plan
from planner.outputs import placements_csv
from planner.people.inputs import load
from planner.plan.records import Plan

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"
TRICKY = '=HYPERLINK("http://x"), commas; semicolons — Привет, 世界, مرحبا 🚀🧪'
HEADER = [
    "paper_id", "title", "authors", "presenter", "presenter_email", "topic", "session_id",
    "session", "date", "start", "end", "room_id", "room", "board", "status",
]  # fmt: skip


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(EXAMPLE), Options(time_limit=5))


def _write(plan: Plan, folder: Path) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    placements_csv.write(plan, folder)
    return (folder / "placements.csv").read_bytes()


def _read(raw: bytes) -> list[dict[str, str]]:
    text = raw.decode("utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == HEADER
    rows = list(reader)
    assert all(len(row) == len(HEADER) for row in rows)
    return [dict(zip(header, row, strict=True)) for row in rows]


@pytest.fixture(scope="module")
def written(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _write(plan, tmp_path_factory.mktemp("csv"))


@pytest.fixture(scope="module")
def tricky(plan: Plan) -> tuple[Plan, dict[str, str]]:
    """The plan with hostile and multilingual text in several columns; returns the
    plan and the paper ids of the edited posters by role."""
    data = json.loads(plan.to_json())
    papers = data["papers"]
    people = {p["key"]: p for p in data["people"]}
    papers[0]["title"] = TRICKY
    papers[1]["title"] = 'São Paulo, 東京; Ωmega 🚀 "quoted"'
    papers[2]["title"] = "Line one\nLine two\r\nLine three\u2028four"
    papers[3]["title"] = "+1 trick"
    papers[3]["author_names"][0] = "@handle"
    papers[4]["title"] = "-2 trick"
    presenter = people[papers[4]["presenter"]]
    presenter["name"] = "\tTabbed Name"
    presenter["emails"] = ["-x@example.org", "second@example.org"]
    roles = {"tricky": 0, "safe": 1, "lines": 2, "plus": 3, "minus": 4}
    return Plan.model_validate(data), {k: papers[i]["id"] for k, i in roles.items()}


def test_one_row_per_placement_with_its_place_and_time(plan: Plan, written: bytes) -> None:
    rows = _read(written)
    assert len(rows) == len(plan.placements)
    assert sorted(r["paper_id"] for r in rows) == sorted(pl.paper for pl in plan.placements)
    venue, tz = plan.venue, ZoneInfo(plan.venue.timezone)
    papers = plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    for row in rows:
        pl = plan.placement_of[row["paper_id"]]
        paper = papers[pl.paper]
        session = venue.session_by_id[pl.session]
        room = venue.room_by_id[pl.room]
        start = session.start.replace(tzinfo=tz)
        assert row["title"] == paper.title
        assert row["authors"] == "; ".join(paper.author_names)
        assert row["presenter"] == plan.person(paper.presenter).name
        assert row["presenter_email"] == ""  # the example gives no e-mail addresses
        assert row["topic"] == topics[pl.topic]
        assert (row["session_id"], row["session"]) == (session.id, session.name)
        assert row["date"] == f"{session.start:%Y-%m-%d}"
        assert row["start"] == f"{session.start:%Y-%m-%dT%H:%M:%S}-07:00"  # PDT in May
        assert row["start"] == start.isoformat()
        assert row["end"] == session.end.replace(tzinfo=tz).isoformat()
        assert (row["room_id"], row["room"], row["board"]) == (room.id, room.name, pl.label)
        assert row["status"] == pl.status


def test_rows_run_by_time_room_and_board(plan: Plan, written: bytes) -> None:
    rows = _read(written)
    order = {r.id: i for i, r in enumerate(plan.venue.rooms)}
    keys = [
        (r["start"], r["session_id"], order[r["room_id"]], plan.placement_of[r["paper_id"]].board)
        for r in rows
    ]
    assert keys == sorted(keys)


def test_utf8_with_bom_and_crlf(written: bytes) -> None:
    assert written.startswith(b"\xef\xbb\xbf" + b"paper_id,title,")
    assert written.endswith(b"\r\n")
    assert written.count(b"\n") == written.count(b"\r\n")


def test_hostile_and_multilingual_text(tricky, tmp_path: Path) -> None:
    plan, ids = tricky
    rows = {r["paper_id"]: r for r in _read(_write(plan, tmp_path))}
    assert len(rows) == len(plan.placements)
    # A leading "=", "+", "-", "@" or tab would run as a formula: a quote goes in front.
    assert rows[ids["tricky"]]["title"] == "'" + TRICKY
    assert rows[ids["plus"]]["title"] == "'+1 trick"
    assert rows[ids["plus"]]["authors"].startswith("'@handle; ")
    assert rows[ids["minus"]]["title"] == "'-2 trick"
    assert rows[ids["minus"]]["presenter"] == "'\tTabbed Name"
    assert rows[ids["minus"]]["presenter_email"] == "'-x@example.org"
    # Anything else comes back exactly as it was.
    assert rows[ids["safe"]]["title"] == 'São Paulo, 東京; Ωmega 🚀 "quoted"'
    # One line per poster.
    assert rows[ids["lines"]]["title"] == "Line one Line two Line three four"


def test_the_quote_rule_is_documented() -> None:
    doc = placements_csv.__doc__ or ""
    assert "CSV injection" in doc
    assert all(f"``{ch}``" in doc for ch in ("=", "+", "-", "@", "'"))


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+31 20 123", "'+31 20 123"),
        ("-", "'-"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("a=b, c; d", "a=b, c; d"),
        ("a\nb\r\nc\rd", "a b c d"),
        ("\n=1", " =1"),
        (None, ""),
        (12, "12"),
    ],
)
def test_cell(value: object, cell: str) -> None:
    assert placements_csv.cell(value) == cell


def test_same_plan_same_bytes(plan: Plan, written: bytes, tmp_path: Path) -> None:
    assert _write(plan, tmp_path / "again") == written
    copy = Plan.model_validate(json.loads(plan.to_json()))
    assert _write(copy, tmp_path / "copy") == written
