"""``planner verify``: the independent checker passes written plans and fails corrupted ones.

Three plans are written once per module: the MLSys example through the command
line, and its parallel-halls and spread venues through make_plan and the
exporters.  Each must verify.  Copies of them are then corrupted by hand,
editing plan.json and papers.json as an organizer's script might (and
consistently, so that only the rule under test breaks where that is
possible); verify must fail each copy and name the rule and the poster(s).
"""

from __future__ import annotations

import ast
import json
import shutil
from datetime import datetime, timedelta
from itertools import combinations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from typer.testing import CliRunner

from planner.cli import app
from planner.core.errors import InputError
from planner.verify.checker import RULES, Report, Violation, format_report, verify

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "mlsys2026"


# --------------------------------------------------------------------------- plans


@pytest.fixture(scope="module")
def mlsys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("verify") / "mlsys"
    result = CliRunner().invoke(
        app, ["plan", str(EXAMPLE), "--out", str(out), "--time-limit", "1", "--seed", "0"]
    )
    assert result.exit_code == 0, result.output
    return out


def _write(venue_file: str, out: Path) -> Path:
    from planner.engine import Options, make_plan
    from planner.outputs.folder import write_outputs
    from planner.outputs.writers import WRITERS
    from planner.people.inputs import load

    plan = make_plan(load(EXAMPLE, EXAMPLE / venue_file), Options(seed=0, time_limit=1))
    write_outputs(plan, out, WRITERS)
    return out


@pytest.fixture(scope="module")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write("venue-parallel.toml", tmp_path_factory.mktemp("verify") / "parallel")


@pytest.fixture(scope="module")
def spread(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _write("venue-spread.toml", tmp_path_factory.mktemp("verify") / "spread")


class Copy:
    """A copy of an output folder whose plan.json and papers.json a test edits by hand."""

    def __init__(self, src: Path, dst: Path) -> None:
        shutil.copytree(src, dst)
        self.dir = dst
        self.plan: dict[str, Any] = json.loads((dst / "plan.json").read_text("utf-8"))
        self.doc: Any = json.loads((dst / "papers.json").read_text("utf-8"))

    @property
    def records(self) -> list[dict[str, Any]]:
        return self.doc["results"] if isinstance(self.doc, dict) else self.doc

    @property
    def placements(self) -> list[dict[str, Any]]:
        return self.plan["placements"]

    def placement(self, pid: str) -> dict[str, Any]:
        return next(p for p in self.placements if p["paper"] == pid)

    def record(self, pid: str) -> dict[str, Any]:
        return next(r for r in self.records if str(r["id"]) == pid)

    def session(self, sid: str) -> dict[str, Any]:
        return next(s for s in self.plan["venue"]["sessions"] if s["id"] == sid)

    def room(self, rid: str) -> dict[str, Any]:
        return next(r for r in self.plan["venue"]["rooms"] if r["id"] == rid)

    def in_cell(self, sid: str, rid: str) -> list[dict[str, Any]]:
        return [p for p in self.placements if p["session"] == sid and p["room"] == rid]

    def usable(self, sid: str, rid: str) -> int:
        room = self.room(rid)
        if room["sessions"] is not None and sid not in room["sessions"]:
            return 0
        spare = room["spare_boards"]
        if spare is None:
            spare = self.plan["venue"]["rules"]["spare_boards"]
        return room["boards_by_session"].get(sid, room["boards"]) - spare

    def free_board(self, sid: str, rid: str) -> int:
        used = {p["board"] for p in self.in_cell(sid, rid)}
        return next(b for b in range(1, self.room(rid)["boards"] + 1) if b not in used)

    def label(self, rid: str, board: int) -> str:
        pattern = self.plan["venue"]["rules"]["board_label"]
        return pattern.format(prefix=self.room(rid)["board_prefix"], number=board)

    def set_board(self, pid: str, board: int) -> None:
        pl = self.placement(pid)
        pl["board"], pl["label"] = board, self.label(pl["room"], board)
        self.record(pid)["poster_position"] = pl["label"]

    def move(self, pid: str, sid: str, rid: str, board: int | None = None) -> None:
        """Moves a poster in plan.json and papers.json alike."""
        board = board or self.free_board(sid, rid)
        pl = self.placement(pid)
        pl["session"], pl["room"] = sid, rid
        self.set_board(pid, board)
        session, zone = self.session(sid), ZoneInfo(self.plan["venue"]["timezone"])
        self.record(pid).update(
            session=session["name"],
            room_name=self.room(rid)["name"],
            starttime=datetime.fromisoformat(session["start"]).replace(tzinfo=zone).isoformat(),
            endtime=datetime.fromisoformat(session["end"]).replace(tzinfo=zone).isoformat(),
        )

    def overlapping(self, a: str, b: str) -> bool:
        sa, sb = self.session(a), self.session(b)
        return a == b or (sa["start"] < sb["end"] and sb["start"] < sa["end"])

    def verify(self, *args: Path) -> Report:
        (self.dir / "plan.json").write_text(json.dumps(self.plan), "utf-8")
        (self.dir / "papers.json").write_text(json.dumps(self.doc), "utf-8")
        return verify(self.dir, *args)


@pytest.fixture
def copy(tmp_path: Path):
    def make(src: Path) -> Copy:
        return Copy(src, tmp_path / src.name)

    return make


def fails(report: Report, rule: str, *posters: str, only: set[str] | None = None) -> str:
    """Asserts that the report breaks ``rule`` in a message naming every poster given
    (and, with ``only``, no rule outside it); returns that message."""
    assert rule in report.rules, format_report(report)
    if only is not None:
        assert report.rules <= only, format_report(report)
    messages = [v.message for v in report.violations if v.rule == rule]
    named = [m for m in messages if all(p in m for p in posters)]
    assert named, (posters, messages)
    text = format_report(report)
    assert f"{rule}: {named[0]}" in text.splitlines()
    assert text.splitlines()[-1].startswith("FAILED:")
    return named[0]


# --------------------------------------------------------------------------- written plans verify


@pytest.mark.parametrize(
    "name,venue",
    [("mlsys", "venue.toml"), ("parallel", "venue-parallel.toml"), ("spread", "venue-spread.toml")],
)
def test_written_plans_verify(name: str, venue: str, request: pytest.FixtureRequest) -> None:
    out: Path = request.getfixturevalue(name)
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    for report in (verify(out), verify(out, EXAMPLE, EXAMPLE / venue)):
        assert report.ok, format_report(report)
        assert format_report(report).splitlines()[-1].startswith("OK:")
        f = report.figures
        assert f["placed"] == f["posters"] == 135
        assert f["clashes"] == plan["figures"]["clashes"] >= f["clash_lower_bound"]
        assert f["clash_lower_bound"] == plan["figures"]["clash_lower_bound"]
        assert f["presenter_clashes"] == 0
        assert f["moves"] == 0
        assert f["topic_grouping"] is not None and f["topic_grouping"] > 1.0
    # The parallel and spread venues force clashes, so the bound is not trivial there.
    if name != "mlsys":
        assert report.figures["clash_lower_bound"] > 0


def test_a_plan_checked_against_another_venue_fails(mlsys: Path) -> None:
    report = verify(mlsys, EXAMPLE, EXAMPLE / "venue-spread.toml")
    fails(report, "placement", "room 'grand-a'", "which the venue does not have")
    fails(report, "placement", "session 'tue-eve'")
    assert any("differs from the one the plan was made with" in n for n in report.notes)


# --------------------------------------------------------------------------- corrupted by hand


def test_an_unreported_clash_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    authors = {p["id"]: p["authors"] for p in c.plan["papers"]}
    presenter = {p["id"]: p["presenter"] for p in c.plan["papers"]}
    where = {p["paper"]: p["session"] for p in c.placements}
    for a, b in combinations(sorted(authors), 2):
        shared = set(authors[a]) & set(authors[b])
        if not shared or c.overlapping(where[a], where[b]):
            continue
        if any(presenter[a] == k == presenter[b] for k in shared):
            continue
        rooms = [
            r["id"]
            for r in c.plan["venue"]["rooms"]
            if len(c.in_cell(where[a], r["id"])) < c.usable(where[a], r["id"])
        ]
        if rooms:
            break
    else:
        pytest.fail("no pair of posters sharing an author to move")
    c.move(b, where[a], rooms[0])
    report = c.verify()
    message = fails(report, "clashes", a, b, only={"clashes", "figures"})
    assert "does not report" in message


def test_a_presenter_clash_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    by_presenter: dict[str, list[str]] = {}
    for p in c.plan["papers"]:
        by_presenter.setdefault(p["presenter"], []).append(p["id"])
    a, b = next(v for v in by_presenter.values() if len(v) > 1)[:2]
    sid = c.placement(a)["session"]
    room = next(
        r["id"]
        for r in c.plan["venue"]["rooms"]
        if len(c.in_cell(sid, r["id"])) < c.usable(sid, r["id"])
    )
    c.move(b, sid, room)
    fails(c.verify(), "presenter", a, b, only={"presenter", "clashes", "figures"})


def test_an_overfull_room_fails(spread: Path, copy) -> None:
    # The hall has 22 boards and keeps 2 spare: 21 posters there overfill it
    # although every one of them has a board of its own.
    c = copy(spread)
    pinned = {p["paper"] for p in c.plan["venue"]["pins"]}
    sid = "s1"
    room = c.room("hall")
    assert c.usable(sid, "hall") == room["boards"] - 2
    others = [
        p["paper"]
        for p in c.placements
        if p["session"] == sid and p["room"] != "hall" and p["paper"] not in pinned
    ]
    need = c.usable(sid, "hall") + 1 - len(c.in_cell(sid, "hall"))
    for pid in others[:need]:
        c.move(pid, sid, "hall")
    assert len(c.in_cell(sid, "hall")) == room["boards"] - 1
    message = fails(c.verify(), "capacity", "'hall'", "'s1'", only={"capacity", "figures"})
    assert "21 posters on 20 usable boards" in message


# A poster moved by hand may also change how close posters sharing an author
# stand (the figures together_within and together_apart): "figures" may fail too.


def test_a_duplicate_board_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    first, second = c.in_cell("tue-eve", "grand-a")[:2]
    c.set_board(second["paper"], first["board"])
    message = fails(c.verify(), "board", first["paper"], second["paper"], only={"board", "figures"})
    assert first["label"] in message


def test_a_board_beyond_the_room_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    pl = c.in_cell("wed-eve", "grand-b")[0]
    c.set_board(pl["paper"], c.room("grand-b")["boards"] + 5)
    fails(c.verify(), "board", pl["paper"], only={"board", "figures"})


def test_a_missing_paper_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    in_clashes = {p for clash in c.plan["clashes"] for p in clash["papers"]}
    pid = next(p["paper"] for p in c.placements if p["paper"] not in in_clashes)
    c.plan["placements"] = [p for p in c.placements if p["paper"] != pid]
    c.doc["results"] = [r for r in c.records if str(r["id"]) != pid]
    c.doc["count"] -= 1
    c.plan["figures"]["placed"] -= 1
    message = fails(c.verify(), "placement", pid, only={"placement"})
    assert "not placed" in message


def test_a_paper_placed_twice_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    c.plan["placements"].append(dict(c.placements[0]))
    fails(c.verify(), "placement", c.placements[0]["paper"])


def test_a_time_an_hour_off_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    record = c.records[3]
    start = datetime.fromisoformat(record["starttime"])
    record["starttime"] = (start + timedelta(hours=1)).isoformat()
    message = fails(c.verify(), "time", str(record["id"]), only={"time"})
    assert "starttime" in message


def test_a_time_in_another_offset_fails(mlsys: Path, copy) -> None:
    # The same instant in UTC is not the venue zone's offset.
    c = copy(mlsys)
    record = c.records[0]
    end = datetime.fromisoformat(record["endtime"])
    record["endtime"] = end.astimezone(ZoneInfo("UTC")).isoformat()
    fails(c.verify(), "time", str(record["id"]), only={"time"})


def test_a_broken_pin_fails(spread: Path, copy) -> None:
    # venue-spread.toml pins 3608 to session s2, room hall, board H1.
    c = copy(spread)
    pl = c.placement("3608")
    assert (pl["session"], pl["room"], pl["label"]) == ("s2", "hall", "H1")
    other = next(p for p in c.in_cell("s2", "hall") if p["paper"] != "3608")
    board = other["board"]
    c.set_board(other["paper"], 1)
    c.set_board("3608", board)
    message = fails(c.verify(), "pin", "3608", only={"pin"})
    assert "board 'H1'" in message


def test_a_pin_moved_by_a_workbook_edit_is_noted_not_failed(spread: Path, copy) -> None:
    c = copy(spread)
    other = next(p for p in c.in_cell("s2", "hall") if p["paper"] != "3608")
    board = other["board"]
    c.set_board(other["paper"], 1)
    c.set_board("3608", board)
    c.placement("3608").update(status="pinned", reason="pinned by a hand edit in the workbook")
    report = c.verify()
    assert report.ok, format_report(report)
    assert any("3608" in n and "workbook" in n for n in report.notes)


def test_a_room_closed_in_the_session_fails(parallel: Path, copy) -> None:
    # Grand Ballroom A is not open for tue-b (hall B's Tuesday session).
    c = copy(parallel)
    pid = c.in_cell("tue-b", "hall-b")[0]["paper"]
    c.move(pid, "tue-b", "hall-a", 1)
    message = fails(c.verify(), "room-closed", pid, only={"room-closed", "figures"})
    assert "hall-a" in message


def test_an_absent_author_placed_fails(spread: Path, copy) -> None:
    # venue-spread.toml: Tri Dao is away for s3.
    c = copy(spread)
    tri = {p["key"] for p in c.plan["people"] if p["name"] == "Tri Dao"}
    pid = next(p["id"] for p in c.plan["papers"] if tri & set(p["authors"]))
    assert c.placement(pid)["session"] != "s3"
    room = next(
        r["id"]
        for r in c.plan["venue"]["rooms"]
        if len(c.in_cell("s3", r["id"])) < c.usable("s3", r["id"])
    )
    c.move(pid, "s3", room)
    message = fails(c.verify(), "unavailable", pid, only={"unavailable", "clashes", "figures"})
    assert "Tri Dao" in message


def test_a_dropped_clash_record_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    dropped = c.plan["clashes"].pop()
    fails(c.verify(), "clashes", *dropped["papers"], only={"clashes"})


def test_an_invented_clash_record_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    apart = [p for p in c.placements if p["session"] != "tue-eve"][:1] + [
        p for p in c.placements if p["session"] == "tue-eve"
    ][:1]
    person = c.plan["papers"][0]["authors"][0]
    c.plan["clashes"].append(
        {
            "person": person,
            "name": "x",
            "papers": [apart[0]["paper"], apart[1]["paper"]],
            "sessions": [apart[0]["session"], apart[1]["session"]],
            "presenter": False,
            "reason": "",
        }
    )
    fails(c.verify(), "clashes", apart[0]["paper"], apart[1]["paper"], only={"clashes"})


def test_a_wrong_figure_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    c.plan["figures"]["clash_lower_bound"] += 1
    message = fails(c.verify(), "figures", only={"figures"})
    assert "clash_lower_bound" in message


def test_papers_json_disagreeing_with_the_plan_fails(mlsys: Path, copy) -> None:
    c = copy(mlsys)
    c.records[5]["session"] = "Poster Session 9"
    c.records[6]["name"] = "A title nobody submitted"
    report = c.verify()
    fails(report, "papers-json", str(c.records[5]["id"]), only={"papers-json"})
    fails(report, "papers-json", str(c.records[6]["id"]), "name")


def test_a_missing_papers_json_fails(mlsys: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(mlsys, out)
    (out / "papers.json").unlink()
    report = verify(out)
    assert report.rules == {"papers-json"}


def test_the_input_list_decides_what_must_be_placed(mlsys: Path, tmp_path: Path) -> None:
    # A decision turned to Reject and a newly accepted paper: the plan places
    # one paper too many and misses one.
    data = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))
    rejected = data["results"][0]
    rejected["decision"] = "Reject"
    new = dict(data["results"][1], id=99999, name="A late accept")
    data["results"].append(new)
    folder = tmp_path / "input"
    folder.mkdir()
    (folder / "papers.json").write_text(json.dumps(data), "utf-8")
    shutil.copy(EXAMPLE / "venue.toml", folder / "venue.toml")
    report = verify(mlsys, folder)
    fails(report, "placement", str(rejected["id"]), "Reject")
    fails(report, "placement", "99999", "not placed")
    assert any("paper list differs" in n for n in report.notes)


# --------------------------------------------------------------------------- unreadable input


def test_unreadable_plans_and_inputs_raise_input_errors(mlsys: Path, tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"no plan\.json"):
        verify(tmp_path)
    out = tmp_path / "out"
    shutil.copytree(mlsys, out)
    with pytest.raises(InputError, match="no such file"):
        verify(out, tmp_path / "nothing.json")
    (out / "plan.json").write_text('{"schema": "poster-planner/plan", "version"', "utf-8")
    with pytest.raises(InputError, match="cannot be read"):
        verify(out)
    (out / "plan.json").write_text('{"schema": "poster-planner/plan", "version": 1}', "utf-8")
    with pytest.raises(InputError, match="damaged"):
        verify(out)


# --------------------------------------------------------------------------- independence, CLI


FORBIDDEN = (
    "planner.model",
    "planner.prechecks",
    "planner.topics",
    "planner.engine",
    "constraints",
    "planner.read.places",
    "planner.read.availability",
    "planner.people.authors",
    "planner.people.away",
    "planner.people.author_merge",
    "planner.people.author_slots",
    "planner.people.presenters",
    "planner.people.windows",
)


def test_verify_shares_no_code_with_the_solver() -> None:
    imported = set()
    modules = sorted((ROOT / "planner" / "verify").glob("*.py"))
    assert len(modules) > 5  # one checker per rule family
    nodes = [n for m in modules for n in ast.walk(ast.parse(m.read_text("utf-8")))]
    for node in nodes:
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module)
            imported |= {f"{node.module}.{a.name}" for a in node.names}
    bad = {m for m in imported for f in FORBIDDEN if m == f or m.startswith(f + ".")}
    assert not bad
    assert set(RULES) >= {
        "placement",
        "capacity",
        "room-closed",
        "board",
        "papers-json",
        "time",
        "presenter",
        "pin",
        "unavailable",
        "clashes",
    }


def test_command_line_exit_codes(mlsys: Path, copy) -> None:
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    if "verify" not in names:
        pytest.skip("planner verify is not registered in planner.cli yet")
    runner = CliRunner()
    ok = runner.invoke(app, ["verify", str(mlsys), str(EXAMPLE)])
    assert ok.exit_code == 0, ok.output
    assert ok.stdout.splitlines()[-1].startswith("OK:")
    c = copy(mlsys)
    first, second = c.in_cell("tue-eve", "grand-a")[:2]
    c.set_board(second["paper"], first["board"])
    c.verify()
    bad = runner.invoke(app, ["verify", str(c.dir)])
    assert bad.exit_code == 5, bad.output
    lines = [line for line in bad.stdout.splitlines() if line.startswith("board: ")]
    assert len(lines) == 1 and second["paper"] in lines[0]
    gone = runner.invoke(app, ["verify", str(c.dir / "nowhere")])
    assert gone.exit_code == 2
    assert "Traceback" not in gone.output


def test_format_report_gives_one_line_per_violation() -> None:
    report = Report(Path("x"))
    assert format_report(report).endswith("OK: every hard rule holds in x")
    report.violations += [Violation("pin", "poster 1 ..."), Violation("board", "poster 2 ...")]
    lines = format_report(report).splitlines()
    assert lines[:2] == ["pin: poster 1 ...", "board: poster 2 ..."]
    assert lines[-1] == "FAILED: 2 violation(s) of board, pin in x"
