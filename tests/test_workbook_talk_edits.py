"""Talks moved by hand in the workbook's Talks sheet (planner.edits.workbook_talks).

A chair changes a talk's session, room or position on the Talks sheet of
plan.xlsx; the rerun keeps it there as a talk pin, closes up the rooms around
it, keeps it pinned on later reruns, and refuses rows it cannot use with the
sheet, row and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import talk_programme as tp
from openpyxl import load_workbook
from talk_programme import record, venue, write_papers
from typer.testing import CliRunner

from planner.core.errors import InputError
from planner.edits.workbook_talks import read_talk_edit_rows
from planner.plan.records import Plan

VENUE = venue(
    "Talk Edits Conf",
    "tedits",
    [
        tp.session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
        tp.session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:40:00", talks=True),
        tp.session("posters-1", "Posters 1", "2026-06-02T11:00:00", "2026-06-02T12:30:00"),
        tp.session("posters-2", "Posters 2", "2026-06-03T11:00:00", "2026-06-03T12:30:00"),
    ],
)


def _run(folder: Path, out: Path) -> Plan:
    from planner.cli import app

    args = ["plan", str(folder), "--out", str(out), "--time-limit", "3"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return Plan.model_validate_json((out / "plan.json").read_text("utf-8"))


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, Path, Plan]:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(VENUE, encoding="utf-8")
    decide = lambda i: "Oral" if i < 4 else "Spotlight" if i < 8 else "Poster"  # noqa: E731
    write_papers(folder, [record(i, decide(i)) for i in range(14)])
    out = tmp_path / "out"
    return folder, out, _run(folder, out)


def _edit(book: Path, paper: str, **cells: object) -> int:
    """Sets the cells of ``paper``'s Talks row by header; returns the row."""
    wb = load_workbook(book)
    ws = wb["Talks"]
    heads = {str(c.value): c.column for c in ws[1]}
    row = next(
        r for r in range(2, ws.max_row + 1) if str(ws.cell(r, heads["Paper"]).value) == paper
    )
    for name, value in cells.items():
        ws.cell(row, heads[name]).value = value
    wb.save(book)
    return row


def test_a_talk_moved_in_the_talks_sheet_stays_where_the_chair_put_it(
    planned: tuple[Path, Path, Plan],
) -> None:
    folder, out, plan = planned
    talk = next(t for t in plan.talks if t.session == "talks-1")
    other = "talks-2"
    room = "Auditorium" if talk.room == "hall" else "Hall"
    _edit(out / "plan.xlsx", talk.paper, Session="Talks 2", Room=room, Position=1)
    again = _run(folder, out)
    moved = next(t for t in again.talks if t.paper == talk.paper)
    assert (moved.session, moved.room, moved.position) == (
        other,
        "aud" if room == "Auditorium" else "hall",
        1,
    )
    assert moved.status == "pinned" and moved.reason == "pinned by a hand edit in the workbook"
    # Every room's running order is 1, 2, ... without a gap, the rooms it left and joined too.
    cells: dict[tuple[str, str], list[int]] = {}
    for t in again.talks:
        cells.setdefault((t.session, t.room), []).append(t.position)
    assert all(sorted(p) == list(range(1, len(p) + 1)) for p in cells.values())
    # A later rerun keeps the hand edit as a pin.
    third = _run(folder, out)
    kept = next(t for t in third.talks if t.paper == talk.paper)
    assert (kept.session, kept.room, kept.position, kept.status) == (
        moved.session,
        moved.room,
        1,
        "pinned",
    )


def test_an_untouched_sheet_moves_nothing(planned: tuple[Path, Path, Plan]) -> None:
    _, out, plan = planned
    assert read_talk_edit_rows(out / "plan.xlsx", plan) == []


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ({"Session": "Talks 9"}, "A", "there is no talk session 'Talks 9'"),
        ({"Room": "Cellar"}, "B", "there is no room with seats 'Cellar' open in"),
        ({"Position": 0}, "C", "position '0' is not a place in a running order"),
        ({"Paper": "99999"}, "G", "paper '99999' gives no talk in the plan"),
    ],
    ids=["session", "room", "position", "paper"],
)
def test_rows_that_cannot_be_used_name_the_sheet_row_and_column(
    planned: tuple[Path, Path, Plan], cells: dict[str, object], column: str, message: str
) -> None:
    _, out, plan = planned
    row = _edit(out / "plan.xlsx", plan.talks[0].paper, **cells)
    with pytest.raises(InputError) as info:
        read_talk_edit_rows(out / "plan.xlsx", plan)
    assert f"sheet 'Talks', row {row}, column {column}: {message}" in str(info.value)


def test_two_moved_talks_put_at_one_position_are_refused(planned: tuple[Path, Path, Plan]) -> None:
    _, out, plan = planned
    # Two talks opening two rooms of one session, both moved to place 2 of one room elsewhere.
    sessions = {t.session for t in plan.talks if t.position == 1}
    here = next(
        s
        for s in sorted(sessions)
        if sum(1 for t in plan.talks if (t.session, t.position) == (s, 1)) == 2
    )
    a, b = (t for t in plan.talks if t.session == here and t.position == 1)
    other = "Talks 2" if here == "talks-1" else "Talks 1"
    _edit(out / "plan.xlsx", a.paper, Session=other, Position=2)
    row = _edit(out / "plan.xlsx", b.paper, Session=other, Room=_name(a.room), Position=2)
    with pytest.raises(InputError) as info:
        read_talk_edit_rows(out / "plan.xlsx", plan)
    assert f"sheet 'Talks', row {row}, column C: talk {b.paper} is put at position 2" in str(
        info.value
    )


def _name(room: str) -> str:
    return {"aud": "Auditorium", "hall": "Hall"}[room]
