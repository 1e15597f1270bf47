"""edits.toml, the report's hand edits, read back by planner plan (planner.edits.report_edits).

Good files become pins (and unpins) the next run keeps; bad ones stop the run
with one message naming the file, the entry and the fix (exit 2, no
traceback); an edit that contradicts a workbook edit names both.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

HEAD = 'format = "poster-planner edits"\nrevision = 1\n'


@pytest.fixture
def planned(tiny: Path, cli: Callable[..., object]) -> Path:
    out = tiny.parent / "out"
    result = cli("plan", tiny, "--out", out, "--time-limit", "2")
    assert result.exit_code == 0, result.output
    return out


def placements(out: Path) -> dict[str, dict]:
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    return {pl["paper"]: pl for pl in plan["placements"]}


def free_spot(out: Path) -> tuple[str, str, int]:
    """A board no poster uses (the tiny venue has 8 boards for 3 posters)."""
    taken = {(pl["session"], pl["board"]) for pl in placements(out).values()}
    return next((s, f"{n}", n) for s in ("s1", "s2") for n in range(1, 5) if (s, n) not in taken)


def plan_again(cli: Callable[..., object], tiny: Path, out: Path, text: str) -> object:
    (out / "edits.toml").write_text(text, "utf-8")
    return cli("plan", tiny, "--out", out, "--time-limit", "2")


def refused(result: object, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, (fragment, result.stderr)
    return result.stderr


def test_a_pin_moves_the_poster_and_the_file_is_archived(
    tiny: Path, planned: Path, cli: Callable[..., object]
) -> None:
    session, board, number = free_spot(planned)
    text = (
        HEAD + f'\n[[pins]]\npaper = "101"\nsession = "{session}"\nroom = "Hall"\n'
        f'board = "{board}"\n'
    )
    result = plan_again(cli, tiny, planned, text)
    assert result.exit_code == 0, result.output
    pl = placements(planned)["101"]
    assert (pl["session"], pl["room"], pl["board"]) == (session, "hall", number)
    assert pl["reason"] == "pinned by a hand edit in the report"
    assert "hand edits" in result.stderr and "moved to" in result.stderr
    assert not (planned / "edits.toml").exists()
    [archived] = planned.glob("archive/*/edits.toml")
    assert archived.read_text("utf-8") == text
    # The pin stays on the next run, without the file.
    again = cli("plan", tiny, "--out", planned, "--time-limit", "2")
    assert again.exit_code == 0
    assert placements(planned)["101"]["reason"] == "pinned by a hand edit in the report"

    # Unpinned from the report: the poster is the planner's again (here it stays put).
    result = plan_again(cli, tiny, planned, HEAD.replace("1", "3") + 'unpin = ["101"]\n')
    assert result.exit_code == 0, result.output
    assert placements(planned)["101"]["status"] != "pinned"


def test_a_pin_in_place_is_a_change(tiny: Path, planned: Path, cli: Callable[..., object]) -> None:
    pl = placements(planned)["102"]
    text = (
        HEAD + f'\n[[pins]]\npaper = "102"\nsession = "{pl["session"]}"\nroom = "hall"\n'
        f'board = "{pl["label"]}"\n'
    )
    result = plan_again(cli, tiny, planned, text)
    assert result.exit_code == 0, result.output
    now = placements(planned)["102"]
    assert now["status"] == "pinned" and (now["session"], now["board"]) == (
        pl["session"],
        pl["board"],
    )


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (
            '[[pins]]\npaper = "101"\nsesion = "s1"\n',
            ["[[pins]] #1", "unknown key 'sesion'", "Did you mean 'session'?"],
        ),
        ('[[pins]]\npaper = "999"\nsession = "s1"\n', ["paper '999' is not placed", "Remove"]),
        ('[[pins]]\npaper = "101"\nsession = "s9"\n', ["there is no session 's9'", "s1, s2"]),
        (
            '[[pins]]\npaper = "101"\nsession = "s1"\nroom = "hall"\nboard = "H9"\n',
            ["board 'H9' is not a board of Hall", "from 1 to 4"],
        ),
        (
            '[[pins]]\npaper = "101"\nsession = "s1"\nroom = "hall"\nboard = "1"\n'
            '[[pins]]\npaper = "102"\nsession = "s1"\nroom = "hall"\nboard = "1"\n',
            ["[[pins]] #2", "both on board 1"],
        ),
        (
            '[[pins]]\npaper = "101"\nsession = "s1"\n[[pins]]\npaper = "101"\nsession = "s2"\n',
            ["paper 101 is pinned again"],
        ),
        (
            'unpin = ["101"]\n[[pins]]\npaper = "101"\nsession = "s1"\n',
            ["both pinned ([[pins]] #1) and unpinned"],
        ),
        ("[[pins]\npaper = 1", ["is not valid TOML", "Save the edits again"]),
        ('format = "something else"\n', ["is not an edits file of this planner"]),
    ],
)
def test_bad_edits_files_name_the_entry_and_the_fix(
    tiny: Path, planned: Path, cli: Callable[..., object], text: str, fragments: list[str]
) -> None:
    before = (planned / "plan.json").read_bytes()
    result = plan_again(cli, tiny, planned, text if "format" in text else HEAD + text)
    message = refused(result, "edits.toml", *fragments)
    assert message.startswith("error: ")
    assert (planned / "plan.json").read_bytes() == before  # nothing replaced
    assert (planned / "edits.toml").exists()  # and the file left to fix


def test_a_workbook_edit_and_a_report_edit_that_disagree_name_both(
    tiny: Path, planned: Path, cli: Callable[..., object]
) -> None:
    pl = placements(planned)["101"]
    other = "s2" if pl["session"] == "s1" else "s1"
    wb = load_workbook(planned / "plan.xlsx")
    ws = wb["Placements"]
    header = [c.value for c in ws[1]]
    row = next(
        r
        for r in range(2, ws.max_row + 1)
        if str(ws.cell(r, header.index("Paper") + 1).value) == "101"
    )
    ws.cell(row, header.index("Session") + 1).value = other
    ws.cell(row, header.index("Board") + 1).value = None
    wb.save(planned / "plan.xlsx")
    text = HEAD + f'\n[[pins]]\npaper = "101"\nsession = "{pl["session"]}"\nroom = "hall"\n'
    result = plan_again(cli, tiny, planned, text)
    refused(
        result,
        "[[pins]] #1",
        "paper 101",
        f"plan.xlsx (sheet 'Placements', row {row})",
        "Keep one of the two",
    )
    # The same move in both is no conflict.
    text = HEAD + f'\n[[pins]]\npaper = "101"\nsession = "{other}"\nroom = "hall"\n'
    result = plan_again(cli, tiny, planned, text)
    assert result.exit_code == 0, result.output
    assert placements(planned)["101"]["session"] == other
