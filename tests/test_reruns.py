"""Reruns after decision changes (issue 5): move as little as possible, say what moved."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from typer.testing import CliRunner

import planner.console
from planner.cli import app
from planner.engine import Options, make_plan
from planner.people.inputs import load
from planner.plan.records import Plan, read_plan

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"
OPTIONS = Options(time_limit=5)


def copy_example(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(EXAMPLE / "papers.json", folder / "papers.json")
    shutil.copy(EXAMPLE / "venue.toml", folder / "venue.toml")
    return folder


def edit_papers(folder: Path, change) -> None:  # type: ignore[no-untyped-def]
    doc = json.loads((folder / "papers.json").read_text("utf-8"))
    change(doc["results"])
    (folder / "papers.json").write_text(json.dumps(doc), "utf-8")


@pytest.fixture(scope="module")
def first(tmp_path_factory: pytest.TempPathFactory) -> Plan:
    folder = copy_example(tmp_path_factory.mktemp("first"))
    return make_plan(load(folder), OPTIONS)


def where(plan: Plan) -> dict[str, tuple[str, str, int]]:
    return {p.paper: (p.session, p.room, p.board) for p in plan.placements}


def test_withdrawing_five_and_accepting_three_moves_nobody(first, tmp_path: Path) -> None:
    plan = first
    copy_example(tmp_path)
    # Papers outside the plan's clashes: withdrawing one of a clash would make
    # the clash avoidable, and removing it is then worth a move.
    clashing = {p for c in plan.clashes for p in c.papers}
    authors = plan.paper_by_id
    in_clash = {k for p in clashing for k in authors[p].authors}
    withdrawn = [p.paper for p in plan.placements if not in_clash & set(authors[p.paper].authors)][
        :5
    ]
    template = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))["results"][:3]

    def change(records: list[dict]) -> None:
        for r in records:
            if str(r["id"]) in withdrawn:
                r["decision"] = "Withdrawn"
        for i, r in enumerate(template):
            new = json.loads(json.dumps(r))
            new["id"] = 90000 + i
            new["name"] = f"Late accept {i}: " + r["name"]
            new["authors"] = [
                {"id": 80000 + i, "fullname": f"Late Author {i}", "institution": "Late University"}
            ]
            records.append(new)

    edit_papers(tmp_path, change)
    second = make_plan(load(tmp_path), OPTIONS, previous=plan)
    before, after = where(plan), where(second)
    stayed = [p for p in before if p in after]
    assert len(stayed) == 130
    assert all(before[p] == after[p] for p in stayed)
    ch = second.changes
    assert ch is not None and ch.moved == []
    assert sorted(ch.removed) == sorted(withdrawn)
    assert sorted(ch.added) == ["90000", "90001", "90002"]
    assert second.figures.strategy == "kept"
    statuses = Counter(p.status for p in second.placements)
    assert statuses == {"kept": 130, "new": 3}
    # The new posters take free or freed boards.
    cells = Counter((s, r, b) for s, r, b in after.values())
    assert max(cells.values()) == 1


def test_a_new_co_author_that_creates_a_clash_moves_one_poster(first, tmp_path: Path) -> None:
    plan = first
    copy_example(tmp_path)
    records = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))["results"]
    by_id = {str(r["id"]): r for r in records}
    counts = Counter(a["id"] for r in records for a in r["authors"])
    # Two posters in one session; a co-author of the second with no other paper
    # joins the first: now they would be needed at both at once.
    session_of = {p.paper: p.session for p in plan.placements}
    same = [p.paper for p in plan.placements if p.session == plan.placements[0].session]
    a, b = None, None
    joiner = None
    for x in same:
        for y in same:
            if x == y:
                continue
            candidates = [
                au for au in by_id[y]["authors"][1:] if au["fullname"] and counts[au["id"]] == 1
            ]
            if candidates:
                a, b, joiner = x, y, candidates[0]
                break
        if joiner:
            break
    assert joiner is not None and session_of[a] == session_of[b]

    def change(recs: list[dict]) -> None:
        for r in recs:
            if str(r["id"]) == a:
                r["authors"].append(dict(joiner))

    edit_papers(tmp_path, change)
    second = make_plan(load(tmp_path), OPTIONS, previous=plan)
    ch = second.changes
    assert ch is not None
    assert second.figures.clashes == second.figures.clash_lower_bound
    # Solved near the change: only the posters of the people keeping everyone
    # leaves above their minimum were free to move, not the full model.
    assert second.figures.strategy == "nearby"
    session_moves = [m for m in ch.moved if m.kind == "session"]
    assert len(session_moves) == 1
    assert session_moves[0].paper in (a, b)
    assert session_moves[0].why == "to remove a shared-author clash"
    assert any(joiner["fullname"] in text for text in ch.clashes_removed)
    assert ch.edited == [a]
    assert "1 changed session to keep the people a change touched at their clash minimum" in (
        planner.console._rerun_how(second.figures.strategy, ch)
    )


def test_removing_a_room_moves_only_its_posters(first, tmp_path: Path) -> None:
    plan = first
    copy_example(tmp_path)
    venue = (tmp_path / "venue.toml").read_text("utf-8")
    # Grand Ballroom B is lost for the Thursday session: 16 boards fewer there.
    venue = venue.replace(
        'boards = 16\nboard_prefix = "B"',
        'boards = 16\nboard_prefix = "B"\nsessions = ["tue-eve", "wed-aft", "wed-eve"]',
    )
    # The other rooms get enough boards that every displaced poster fits.
    venue = venue.replace(
        'boards = 20\nboard_prefix = "A"',
        'boards = 20\nboard_prefix = "A"\nboards_by_session = { "thu-aft" = 28 }',
    )
    (tmp_path / "venue.toml").write_text(venue, "utf-8")
    second = make_plan(load(tmp_path), OPTIONS, previous=plan)
    lost = {p.paper for p in plan.placements if p.session == "thu-aft" and p.room == "grand-b"}
    before, after = where(plan), where(second)
    moved = {p for p in before if before[p] != after[p]}
    assert lost and moved <= lost
    free_in_a = 28 - sum(
        1 for p in plan.placements if p.session == "thu-aft" and p.room == "grand-a"
    )
    across = {p for p in moved if after[p][0] != "thu-aft"}
    assert len(across) == max(0, len(lost) - free_in_a)
    assert all("no longer open" in m.why for m in second.changes.moved)


def test_a_rerun_with_nothing_changed_writes_the_same_plan(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    runner = CliRunner()
    result = runner.invoke(app, ["plan", str(folder), "--out", str(out), "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    first_bytes = (out / "plan.json").read_bytes()
    papers_bytes = (out / "papers.json").read_bytes()
    result = runner.invoke(app, ["plan", str(folder), "--out", str(out), "--time-limit", "5"])
    assert result.exit_code == 0, result.output
    assert (out / "plan.json").read_bytes() == first_bytes
    assert (out / "papers.json").read_bytes() == papers_bytes
    archived = list((out / "archive").iterdir())
    assert len(archived) == 1 and (archived[0] / "plan.json").read_bytes() == first_bytes
    assert read_plan(out / "plan.json").revision == 1


def test_fresh_ignores_the_previous_plan_but_archives_it(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    result = runner.invoke(app, ["plan", str(folder), "--out", str(out), "--fresh", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert read_plan(out / "plan.json").changes is None
    assert len(list((out / "archive").iterdir())) == 1
    changes = json.loads((out / "changes.json").read_text("utf-8"))
    assert changes["previous_revision"] is None and changes["moved"] == []


def test_a_poster_moved_by_hand_in_the_workbook_stays_there(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    folder = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    plan = read_plan(out / "plan.json")
    # Move one poster to a free board of another session, as an organizer would.
    mover = plan.placements[0]
    room = plan.venue.room_by_id["grand-a"]
    target_session, board = next(
        (s, b)
        for s in plan.venue.sessions
        if s.id != mover.session
        for b in range(1, room.boards + 1)
        if b not in {p.board for p in plan.placements if (p.session, p.room) == (s.id, room.id)}
    )
    book = load_workbook(out / "plan.xlsx")
    sheet = book["Placements"]
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if str(row[0].value) == mover.paper:
            row[header.index("Session")].value = target_session.name
            row[header.index("Room")].value = "Grand Ballroom A"
            row[header.index("Board")].value = f"A{board}"
    book.save(out / "plan.xlsx")

    result = runner.invoke(app, ["plan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    for _ in range(2):  # and it stays on the rerun after, when the workbook shows it there
        after = read_plan(out / "plan.json").placement_of[mover.paper]
        assert (after.session, after.room, after.label) == (
            target_session.id,
            "grand-a",
            f"A{board}",
        )
        assert after.status == "pinned" and "workbook" in after.reason
        result = runner.invoke(app, ["plan", str(folder), "--out", str(out)])
        assert result.exit_code == 0, result.output


def test_a_workbook_that_does_not_parse_stops_the_rerun(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "in")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    before = (out / "plan.json").read_bytes()
    (out / "plan.xlsx").write_bytes(b"not a workbook")
    result = runner.invoke(app, ["plan", str(folder), "--out", str(out)])
    assert result.exit_code == 2
    assert "plan.xlsx" in result.output and "Traceback" not in result.output
    assert (out / "plan.json").read_bytes() == before


def test_unchanged_feeds_are_linked_and_changed_ones_written_anew(tmp_path: Path) -> None:
    """A rerun links each unchanged author feed to the published file (cheap on a
    real disk); a changed feed is a new file, and the archive keeps the old one."""
    import os

    folder = copy_example(tmp_path / "conf")
    out = tmp_path / "out"
    runner = CliRunner()
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    authors = out / "calendars" / "authors"
    before = {p.name: (p.stat().st_ino, p.read_bytes()) for p in authors.glob("*.ics")}

    def retitle(records: list[dict]) -> None:
        records[0]["name"] = "A new title for the first poster"

    edit_papers(folder, retitle)
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out)]).exit_code == 0
    after = {p.name: (p.stat().st_ino, p.read_bytes()) for p in authors.glob("*.ics")}
    changed = [n for n in before if n in after and before[n][1] != after[n][1]]
    same = [n for n in before if n in after and before[n][1] == after[n][1]]
    assert changed and same
    assert all(after[n][0] == before[n][0] for n in same)  # linked, not rewritten
    assert all(after[n][0] != before[n][0] for n in changed)
    archived = next((out / "archive").iterdir()) / "calendars" / "authors"
    assert all((archived / n).read_bytes() == before[n][1] for n in changed)
    # A link planted in the published folder is never followed or reused.
    planted = authors / same[0]
    secret = tmp_path / "secret.ics"
    secret.write_bytes(before[same[0]][1])
    planted.unlink()
    os.symlink(secret, planted)
    assert runner.invoke(app, ["plan", str(folder), "--out", str(out), "--fresh"]).exit_code == 0
    assert not (authors / same[0]).is_symlink()
    assert (authors / same[0]).stat().st_ino != secret.stat().st_ino
