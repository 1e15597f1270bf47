"""`planner check`: the summary a chair reads, and one clean message per bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from typer.testing import Result

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def rows(text: str, pattern: str) -> list[str]:
    """Lines of a printed table matching ``pattern`` (cells separated by │)."""
    return [line for line in text.splitlines() if re.search(pattern, line)]


# --------------------------------------------------------------------------- the example


def test_check_example_prints_the_summary(at_root: Path, cli: Callable[..., Result]) -> None:
    result = cli("check", "examples/mlsys2026")
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert out.startswith(
        "MLSys 2026 — examples/mlsys2026/papers.json + examples/mlsys2026/venue.toml\n"
    )
    assert rows(out, r"^ Conditional Accept\s+│\s+135\s+│\s+yes\s*$")
    assert "135 of 135 records get a poster." in out
    assert (
        "Authors: 1091 people in 1185 author slots (282 slots without a name); "
        "70 people have 2 or more posters, the most is 5." in out
    )
    # Exactly two merges are listed for review: Lu Fang and Tri Dao.
    merges = out.split("Merged author entries (review these)")[1].split("Sessions")[0]
    merge_rows = rows(merges, r"│.*│")
    assert len(merge_rows) == 2  # (the header row is drawn with ┃)
    assert re.search(
        r"Lu Fang\s+│ id:21303, id:27515\s+│ listed twice on one paper\s+│ Facebook; Meta", merges
    )
    assert re.search(
        r"Tri Dao\s+│ id:18765, id:27414\s+│ same name and matching affiliation\s+│ "
        r"Princeton University, Together AI; Princeton, TogetherAI",
        merges,
    )
    for namesake in ("Yu Wang", "Jun Wang", "Zirui Wang"):
        assert namesake not in out
    sessions = rows(out, r"^ (tue-eve|wed-aft|wed-eve|thu-aft)\s+│")
    assert [line.split("│")[2].strip() for line in sessions] == [
        "Tue 19 May 17:00-19:00",
        "Wed 20 May 13:30-15:00",
        "Wed 20 May 17:00-19:00",
        "Thu 21 May 13:30-15:00",
    ]
    assert sum(int(line.split("│")[4]) for line in sessions) == 144
    assert "Boards: 144 usable for 135 posters (+9)." in out
    assert "Separate poster times: 4 (tue-eve, wed-aft, wed-eve, thu-aft);" in out
    assert "Clash lower bound: 1 shared-author clash(es) no plan can avoid." in out
    bound = rows(out, r"│.*│.*│")[-1]
    assert re.fullmatch(r"\s*Ion Stoica \(11118\)\s+│\s+5\s+│\s+4\s+│\s+1\s*", bound)
    assert out.rstrip().endswith("No problems found.")


def test_check_example_in_a_real_process(at_root: Path) -> None:
    env = {**os.environ, "COLUMNS": "200"}
    done = subprocess.run(
        [sys.executable, "-m", "planner", "check", "examples/mlsys2026"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "135 of 135 records get a poster." in done.stdout
    assert "Clash lower bound: 1 shared-author clash(es)" in done.stdout
    assert done.stderr == ""


# --------------------------------------------------------------------------- prechecks (exit 3)


def test_fewer_boards_than_posters(tiny: Path, cli: Callable[..., Result]) -> None:
    venue = tiny / "venue.toml"
    venue.write_text(venue.read_text().replace("boards = 4", "boards = 1"))
    result = cli("check", "tiny")
    assert result.exit_code == 3, result.output
    assert "Traceback" not in result.output
    out = result.stdout
    assert "Boards: 2 usable for 3 posters (-1)." in out
    assert "1 problem(s) no plan can get around:" in out
    assert (
        "- (capacity) 3 posters need boards but the venue has 2 usable boards (boards less "
        "spares over all sessions): add 1 board, a room or a session, or lower "
        "rules.spare_boards." in out
    )
    assert "No problems found." not in out


def test_spare_boards_count_against_capacity(tiny: Path, cli: Callable[..., Result]) -> None:
    venue = tiny / "venue.toml"
    venue.write_text(
        venue.read_text()
        .replace("boards = 4", "boards = 2")
        .replace("[rules]", "[rules]\nspare_boards = 1")
    )
    result = cli("check", "tiny")
    assert result.exit_code == 3, result.output
    assert "Boards: 2 usable for 3 posters (-1)." in result.stdout
    assert "the venue has 2 usable boards" in result.stdout


def test_overlapping_sessions_give_one_time_window(tiny: Path, cli: Callable[..., Result]) -> None:
    """Two halls at once: Ann Lee has two posters but there is one poster time.

    She keeps 101; 102 goes to a co-author who can present it: Carl Zed already
    presents 103 at the one time there is, so the unnamed author 9 takes it, and
    check lists the hand-over.
    """
    venue = tiny / "venue.toml"
    venue.write_text(venue.read_text().replace("2026-05-20T", "2026-05-19T"))
    result = cli("check", "tiny")
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert "Separate poster times: 1 (s1);" in out
    assert "Clash lower bound: 2 shared-author clash(es) no plan can avoid." in out
    assert rows(out, r"^\s*Ann Lee \(1\)\s+│\s+2\s+│\s+1\s+│\s+1\s*$")
    assert rows(out, r"^\s*Carl Zed\s+│\s+2\s+│\s+1\s+│\s+1\s*$")
    assert "Presenters handed over" in out
    assert rows(
        out,
        r"^\s*102\s+│\s+Ann Lee \(1\)\s+│\s+\(unnamed author 9\) \(9\)\s+│"
        r"\s+2 posters, 1 separate times\s*$",
    )


def test_tiny_example_summary(tiny: Path, cli: Callable[..., Result]) -> None:
    result = cli("check", "tiny")
    out = result.stdout
    assert result.exit_code == 0, result.output
    assert out.startswith("Tiny Conf — tiny/papers.json + tiny/venue.toml\n")
    assert rows(out, r"^ Reject\s+│\s+1\s+│\s+no\s*$")
    assert "3 of 4 records get a poster." in out
    assert "Authors: 5 people in 7 author slots (2 slots without a name);" in out
    assert "Clash lower bound: 0 shared-author clash(es)" in out


# ------------------------------------------------------------------ bad paper lists (exit 2)


def test_missing_input(workdir: Path, expect_input_error: Callable[..., str]) -> None:
    expect_input_error(
        ["nowhere.json"],
        "error: nowhere.json: no such file or folder. Give a paper list (.json, .csv, .xlsx) "
        "or a folder holding papers.json and venue.toml.",
    )


def test_folder_without_papers(workdir: Path, expect_input_error: Callable[..., str]) -> None:
    (workdir / "conf").mkdir()
    (workdir / "conf" / "papers.txt").write_text("id,title,authors\n")
    expect_input_error(
        ["conf"],
        "error: conf: the folder holds no paper list (papers.json, .jsonl, .csv, .xlsx, .xls or "
        ".zip) and no EasyChair submission.csv. Put the paper list there under one of those "
        "names.",
    )


def test_folder_with_two_paper_lists(tiny: Path, expect_input_error: Callable[..., str]) -> None:
    (tiny / "papers.csv").write_text("id,title,authors\n1,T,A\n")
    expect_input_error(
        ["tiny"], "error: tiny: the folder holds 2 paper lists (papers.json, papers.csv)."
    )


def test_paper_list_without_a_venue(workdir: Path, expect_input_error: Callable[..., str]) -> None:
    (workdir / "list.csv").write_text("id,title,authors\n1,T,A\n")
    expect_input_error(["list.csv"], "error: venue.toml: no venue file. Write a venue.toml")


CASES: list[tuple[str, str, bytes | None, list[str]]] = [
    (
        "malformed json",
        "papers.json",
        b'{"results": [\n  {"id": 1, "name": "T" "authors": []}\n]}',
        ["papers.json: line 2, column 25: not valid JSON (Expecting ',' delimiter)."],
    ),
    (
        "csv without authors column",
        "papers.csv",
        b"Paper ID,Title,Abstract\n1,T,x\n",
        ["papers.csv: row 1 (header): missing column(s): authors. Add them"],
    ),
    (
        "duplicate ids",
        "papers.csv",
        b"id,title,authors\n7,One,A\n8,Two,B\n7.0,Three,C\n",
        ["papers.csv: row 4: paper id 7 is used again (first at row 2). Give every paper a unique"],
    ),
    (
        "record without id",
        "papers.json",
        json.dumps([{"id": 1, "name": "T"}, {"name": "U", "authors": []}]).encode(),
        ["papers.json: record 2: has no 'id'. Give every paper a unique id."],
    ),
    (
        "xlsx that is not a workbook",
        "papers.xlsx",
        os.urandom(512),
        ["papers.xlsx: not a readable .xlsx workbook. Open it in a spreadsheet program"],
    ),
    (
        "unknown extension",
        "papers.docx",
        b"whatever",
        [
            "papers.docx: unknown paper-list format '.docx'. Give a .json, .csv or .xlsx file, "
            "or an export of OpenReview, CMT, EasyChair, HotCRP, pretalx or Mini-Conf (--from "
            "names the system)."
        ],
    ),
    (
        "author id count",
        "papers.csv",
        b'Paper ID,Title,Authors,Author IDs\n1,T,"A; B; C","10; 11"\n',
        ["papers.csv: row 2 (id 1), column 'Author IDs': has 2 entries for 3 authors."],
    ),
    (
        "quote never closed",
        "papers.csv",
        b'id,title,authors\n1,"One,A\n2,Two,B\n',
        ['papers.csv: row 2: a quote (") opened on this row is never closed.'],
    ),
    (
        "binary posing as csv",
        "papers.csv",
        b"\x00\x01\x02\x03" * 40,
        ["papers.csv: this is not a text CSV file (it holds NUL bytes)."],
    ),
    (
        "empty json file",
        "papers.json",
        b"",
        ["papers.json: line 1, column 1: not valid JSON (Expecting value)."],
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "fragments"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_paper_list(
    workdir: Path,
    base_venue: str,
    expect_input_error: Callable[..., str],
    name: str,
    content: bytes,
    fragments: list[str],
) -> None:
    (workdir / "venue.toml").write_text(base_venue)
    (workdir / name).write_bytes(content)
    message = expect_input_error([name], *(f"error: {f}" for f in fragments))
    assert len(message.strip().splitlines()) == 1


def test_bad_paper_list_in_a_folder(tiny: Path, expect_input_error: Callable[..., str]) -> None:
    (tiny / "papers.json").write_text('[{"id": 1, "name": "One"}, {"id": 1, "name": "Two"}]')
    expect_input_error(
        ["tiny"],
        "error: tiny/papers.json: record 2: paper id 1 is used again (first at record 1).",
    )


def test_xlsx_with_bad_rows(
    workdir: Path, base_venue: str, expect_input_error: Callable[..., str]
) -> None:
    (workdir / "venue.toml").write_text(base_venue)
    wb = Workbook()
    for row in (
        ["Paper ID", "Title", "Authors"],
        [1, "One", "A"],
        [None, "Two", "B"],
        [1.0, "Three", "C"],
    ):
        wb.active.append(row)
    wb.save(workdir / "papers.xlsx")
    message = expect_input_error(
        ["papers.xlsx"],
        "error: papers.xlsx: row 3: has no paper id. Fill in the id column.",
    )
    # One pass reports what it can: the missing id; the duplicate is checked once rows load.
    assert len(message.strip().splitlines()) == 1


# --------------------------------------------------------------------------- no traceback, ever


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("papers.json", b"{not json"),
        ("papers.xlsx", b"PK\x03\x04 not really a zip"),
    ],
)
def test_no_traceback_in_a_real_process(
    workdir: Path, base_venue: str, name: str, content: bytes
) -> None:
    (workdir / "venue.toml").write_text(base_venue)
    (workdir / name).write_bytes(content)
    done = subprocess.run(
        [sys.executable, "-m", "planner", "check", name],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=workdir,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.startswith(f"error: {name}: ")
    assert "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_message_names_a_file_above_the_current_folder(
    workdir: Path,
    base_venue: str,
    monkeypatch: pytest.MonkeyPatch,
    expect_input_error: Callable[..., str],
) -> None:
    (workdir / "venue.toml").write_text(base_venue)
    (workdir / "papers.json").write_text("{")
    (workdir / "sub").mkdir()
    monkeypatch.chdir(workdir / "sub")
    expect_input_error(["../papers.json"], "error: ../papers.json: line 1, column 2: not valid")
