"""The organizers' workbook (plan.xlsx): content, safety, a real spreadsheet, hand edits.

One plan of the MLSys example is built per module (a few seconds); every test
writes the workbook from it (or from a modified copy) and reads it back with
openpyxl, comparing against the plan itself.  The LibreOffice tests convert a
workbook to PDF, CSV and xlsx with ``soffice --headless`` and skip when it is
not installed (CI installs libreoffice-calc-nogui).
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.errors import InputError
from planner.edits.workbook_rows import _BoardNumbers, read_hand_edits
from planner.engine import Options, make_plan
from planner.outputs.workbook import book as workbook
from planner.outputs.workbook import sheet_xml
from planner.people.inputs import load
from planner.plan.records import Changes, ClashRecord, Move, Plan
from planner.read.board_labels import board_label, board_number
from planner.read.conference import Pin

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mlsys2026"

# Commas, semicolons, quotes, a leading "=" that would be a formula, non-Latin
# scripts, an emoji, and a control character (BEL) that a workbook cannot hold.
TRICKY = '=HYPERLINK("http://x.example","x"), a; b — 日本語 Ελληνικά 🧪\x07 end'
TRICKY_CLEAN = TRICKY.replace("\x07", "")
FORMULA_LIKE = ["+SUM(1,2)", "-1+2", "@cmd", "=1+1"]


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(EXAMPLE), Options(time_limit=5))


@pytest.fixture(scope="module")
def written(plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workbook")
    workbook.write(plan, folder)
    return folder / workbook.FILE


@pytest.fixture(scope="module")
def book(written: Path) -> Any:
    return load_workbook(written)


@pytest.fixture(scope="module")
def placements_only(written: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The written workbook less the sheets the read-back ignores: quicker to edit many times."""
    wb = load_workbook(written)
    for title in wb.sheetnames:
        if title not in ("Placements", "Lists"):
            del wb[title]
    path = tmp_path_factory.mktemp("placements") / workbook.FILE
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def tricky_plan(plan: Plan) -> Plan:
    """The example plan with a hostile title, hostile author names and a hostile topic."""
    copy = plan.model_copy(deep=True)
    paper = copy.paper_by_id[copy.placements[0].paper]
    paper.title = TRICKY
    paper.author_names = [*FORMULA_LIKE, *paper.author_names[len(FORMULA_LIKE) :]]
    copy.topics[copy.placements[0].topic].label = "=topic; 日本語"
    return copy


@pytest.fixture(scope="module")
def tricky_written(tricky_plan: Plan, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tricky")
    workbook.write(tricky_plan, folder)
    return folder / workbook.FILE


# --- helpers -----------------------------------------------------------------------------------


def table_rows(ws: Worksheet, header_row: int = 1) -> list[dict[str, Any]]:
    """The rows below a header row as dicts keyed by header."""
    rows = list(ws.iter_rows(min_row=header_row, values_only=True))
    header = list(rows[0])
    return [dict(zip(header, r, strict=False)) for r in rows[1:] if any(v is not None for v in r)]


def labelled(ws: Worksheet) -> dict[str, Any]:
    """Column A label -> column B value (Overview figures, About)."""
    return {r[0]: r[1] for r in ws.iter_rows(values_only=True) if isinstance(r[0], str)}


def all_values(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    wb = load_workbook(path)
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in wb.worksheets}


def row_of(ws: Worksheet, paper: str) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=1).value == paper:
            return row
    raise AssertionError(f"paper {paper} not on {ws.title}")


def col_of(ws: Worksheet, header: str) -> int:
    for col in range(1, ws.max_column + 1):
        if ws.cell(row=1, column=col).value == header:
            return col
    raise AssertionError(f"no column {header}")


def edit(source: Path, target: Path, changes: dict[tuple[str, str], Any]) -> Path:
    """A copy of the workbook with Placements cells (paper, header) set, as an organizer would."""
    wb = load_workbook(source)
    ws = wb[workbook.PLACEMENTS]
    for (paper, header), value in changes.items():
        ws.cell(row=row_of(ws, paper), column=col_of(ws, header)).value = value
    wb.save(target)
    return target


def free_boards(plan: Plan, session: str, room: str) -> list[int]:
    used = {pl.board for pl in plan.placements if pl.session == session and pl.room == room}
    count = plan.venue.room_by_id[room].board_count(session)
    return [b for b in range(count, 0, -1) if b not in used]


def free_board(plan: Plan, session: str, room: str) -> int:
    return free_boards(plan, session, room)[0]


# --- 1. content --------------------------------------------------------------------------------


def test_every_sheet_exists_in_order(plan: Plan, book: Any) -> None:
    maps = list(workbook.board_sheet_titles(plan).values())
    assert maps == [s.name for s in plan.venue.sessions]  # the example's names fit as they are
    assert book.sheetnames == [
        "Overview",
        "Placements",
        *maps,
        "Authors",
        "Clashes",
        "Presenters",
        "Changes",
        "About",
        "Lists",
    ]
    assert book["Lists"].sheet_state == "hidden"
    assert all(book[t].sheet_state == "visible" for t in book.sheetnames[:-1])


def test_placements_one_row_per_poster_with_the_plan_values(plan: Plan, book: Any) -> None:
    ws = book["Placements"]
    rows = table_rows(ws)
    assert [h for h, _ in workbook.PLACEMENT_COLUMNS] == [c.value for c in ws[1]]
    assert len(rows) == len(plan.placements)
    assert Counter(r["Paper"] for r in rows) == Counter(pl.paper for pl in plan.placements)
    venue, papers = plan.venue, plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    by_paper = plan.placement_of
    for r in rows:
        pl = by_paper[r["Paper"]]
        paper, session = papers[pl.paper], venue.session_by_id[pl.session]
        assert r["Title"] == paper.title
        assert r["Authors"] == ", ".join(paper.author_names)
        assert r["Presenter"] == workbook.person_name(plan, paper.presenter)
        assert r["Topic"] == topics[pl.topic]
        assert r["Session"] == session.name
        assert r["Room"] == venue.room_by_id[pl.room].name
        assert r["Board"] == pl.label
        assert r["Status"] == pl.status
        assert (r["Reason"] or "") == pl.reason
        for key, expected in (("Start", session.start), ("End", session.end)):
            assert isinstance(r[key], datetime)
            assert r[key].tzinfo is None
            assert r[key] == expected  # naive local conference time, not UTC
    # Sorted for reading: session, room and board in the venue's order.
    s_index = {s.name: i for i, s in enumerate(venue.sessions)}
    r_index = {r.name: i for i, r in enumerate(venue.rooms)}
    keys = [(s_index[r["Session"]], r_index[r["Room"]], by_paper[r["Paper"]].board) for r in rows]
    assert keys == sorted(keys)
    # Paper ids are text (no "3608" turned number), dates have a date-time format.
    assert ws["A2"].data_type == "s"
    start = ws.cell(row=2, column=col_of(ws, "Start"))
    assert start.is_date
    assert "yy" in start.number_format and "hh:mm" in start.number_format


def test_placements_table_frozen_panes_widths_and_dropdowns(plan: Plan, book: Any) -> None:
    ws = book["Placements"]
    assert list(ws.tables) == ["Placements"]
    assert ws.tables["Placements"].ref == f"A1:M{len(plan.placements) + 1}"
    assert ws.auto_filter.ref is None  # the table has its own filter; both would break Excel
    assert ws.freeze_panes == "B2"  # header row and paper id column
    widths = {
        h: ws.column_dimensions[chr(64 + i)].width
        for i, (h, _) in enumerate(workbook.PLACEMENT_COLUMNS, 1)
    }
    assert widths == dict(workbook.PLACEMENT_COLUMNS)
    assert widths["Title"] >= 50
    # Drop-downs list the session and room names from the hidden Lists sheet.
    rules = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert rules["SessionNames"].startswith("F2:")
    assert rules["RoomNames"].startswith("I2:")
    lists = book["Lists"]
    for name, expected in (
        ("SessionNames", [s.name for s in plan.venue.sessions]),
        ("RoomNames", [r.name for r in plan.venue.rooms]),
    ):
        ref = book.defined_names[name].attr_text
        sheet, cells = ref.split("!")
        assert sheet.strip("'") == "Lists"
        assert [c.value for (c,) in lists[cells.replace("$", "")]] == expected


def test_board_maps_list_every_board_in_order_and_print_landscape(plan: Plan, book: Any) -> None:
    venue, papers = plan.venue, plan.paper_by_id
    topics = {t.id: t.label for t in plan.topics}
    for session in venue.sessions:
        ws = book[workbook.board_sheet_titles(plan)[session.id]]
        assert session.name in ws["A1"].value
        rows = table_rows(ws, header_row=2)
        expected_rows = sum(r.board_count(session.id) for r in venue.rooms_in(session.id))
        assert len(rows) == expected_rows  # every board, free ones too
        here = [pl for pl in plan.placements if pl.session == session.id]
        order = {r.id: i for i, r in enumerate(venue.rooms)}
        here.sort(key=lambda pl: (order[pl.room], pl.board))
        filled = [r for r in rows if r["Paper"]]
        assert [r["Paper"] for r in filled] == [pl.paper for pl in here]
        for r, pl in zip(filled, here, strict=True):
            paper = papers[pl.paper]
            assert r["Board"] == pl.label
            assert r["Title"] == paper.title
            assert r["First author"] == paper.author_names[0]
            assert r["Topic"] == topics[pl.topic]
            assert r["Room"] == venue.room_by_id[pl.room].name
        free = [r for r in rows if not r["Paper"]]
        assert len(free) == expected_rows - len(here)
        assert all(r["Title"] == "(free board)" for r in free)
        # Printing: landscape, one page wide, header rows on every page.
        assert ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True
        assert ws.print_title_rows == "$1:$2"
        assert ws.freeze_panes == "A3"
        assert ws.column_dimensions["C"].width == 62


def test_overview_has_the_grid_topics_and_figures(plan: Plan, book: Any) -> None:
    ws = book["Overview"]
    rows = list(ws.iter_rows(values_only=True))
    venue, figures = plan.venue, plan.figures
    count = Counter((pl.session, pl.room) for pl in plan.placements)
    header = next(i for i, r in enumerate(rows) if r[0] == "Session" and r[1] == "Start")
    assert list(rows[header][3 : 3 + len(venue.rooms)]) == [r.name for r in venue.rooms]
    for i, session in enumerate(venue.sessions, header + 1):
        assert rows[i][0] == session.name
        assert rows[i][1] == session.start
        for j, room in enumerate(venue.rooms, 3):
            n, b = count[(session.id, room.id)], room.board_count(session.id)
            assert rows[i][j] == f"{n} / {b}"
    topics_row = next(
        r for r in rows if r[0] == venue.sessions[0].name and r[1] == "Grand Ballroom A"
    )
    assert topics_row[2] == count[(venue.sessions[0].id, "grand-a")]
    assert "(" in topics_row[3]
    fig = labelled(ws)
    assert fig["Shared-author clashes"] == figures.clashes == len(plan.clashes)
    assert fig["Clash lower bound (unavoidable)"] == figures.clash_lower_bound
    assert fig["Presenter clashes"] == figures.presenter_clashes
    assert fig["Topic grouping"] == (
        f"{figures.session_grouping:.2f}x random by session, {figures.grouping:.2f}x by room"
    )
    assert fig["Neighbours"] == f"{figures.neighbours:.2f}x random"
    assert fig["Solver status"] == figures.status
    assert fig["Solver objective"] == figures.objective
    assert fig["Solver bound"] == figures.bound
    assert fig["Solver gap"] == figures.gap
    assert fig["Reproducibility"] == "reproducible"
    assert fig["Moves since last run"] == "first plan"
    assert fig["Revision"] == plan.revision == 1


def test_authors_lists_each_person_with_their_posters_and_marks_clashes(
    plan: Plan, book: Any
) -> None:
    rows = table_rows(book["Authors"])
    expected = {(k, p.id) for p in plan.papers for k in p.authors}
    ids_of = {p.key: ", ".join(p.ids) or p.key for p in plan.people}
    key_of = {ids: key for key, ids in ids_of.items()}
    got = [(key_of[r["Person id"]], r["Paper"]) for r in rows]
    assert len(got) == len(set(got)) == len(expected)
    assert set(got) == expected
    placement = plan.placement_of
    for r in rows:
        pl = placement[r["Paper"]]
        session = plan.venue.session_by_id[pl.session]
        assert (r["Session"], r["Start"], r["Board"]) == (session.name, session.start, pl.label)
        presenter = plan.paper_by_id[r["Paper"]].presenter == key_of[r["Person id"]]
        assert r["Role"] == ("presenter" if presenter else "author")
    assert plan.clashes, "the example has an unavoidable clash"
    clash = plan.clashes[0]
    marked = {(key_of[r["Person id"]], r["Paper"]): r["Clash"] for r in rows if r["Clash"]}
    assert set(marked) == {(c.person, p) for c in plan.clashes for p in c.papers}
    a, b = clash.papers
    assert f"paper {b}" in marked[(clash.person, a)]
    assert f"paper {a}" in marked[(clash.person, b)]
    assert book["Authors"].freeze_panes == "B2"
    assert list(book["Authors"].tables) == ["Authors"]


def test_clashes_sheet_gives_every_clash_with_its_reason(
    plan: Plan, book: Any, tmp_path: Path
) -> None:
    rows = table_rows(book["Clashes"])
    assert len(rows) == len(plan.clashes) >= 1
    for r, c in zip(rows, plan.clashes, strict=True):
        assert (r["Person"], r["Paper A"], r["Paper B"]) == (c.name, *c.papers)
        assert r["Reason"] == c.reason and c.reason
    # A second clash appears too, and none at all says "none".
    two = plan.model_copy(deep=True)
    extra = ClashRecord(
        person="id:x",
        name="Ada Example",
        papers=("3608", "3548"),
        sessions=("tue-eve", "tue-eve"),
        presenter=True,
        reason="pinned by hand",
    )
    two.clashes.append(extra)
    workbook.write(two, tmp_path / "two")
    rows = table_rows(load_workbook(tmp_path / "two" / workbook.FILE)["Clashes"])
    assert [r["Person"] for r in rows] == [c.name for c in plan.clashes] + ["Ada Example"]
    assert rows[-1]["Presenter"] == "yes" and rows[-1]["Reason"] == "pinned by hand"
    none = plan.model_copy(deep=True)
    none.clashes = []
    workbook.write(none, tmp_path / "none")
    ws = load_workbook(tmp_path / "none" / workbook.FILE)["Clashes"]
    assert ws["A2"].value == "none"
    assert ws.max_row == 2


def test_changes_sheet_first_plan_and_after_a_rerun(plan: Plan, book: Any, tmp_path: Path) -> None:
    values = [r[0] for r in book["Changes"].iter_rows(values_only=True)]
    assert values[0] == "first plan"
    rerun = plan.model_copy(deep=True)
    rerun.revision = 2
    moved_paper = rerun.placements[0].paper
    rerun.changes = Changes(
        previous_revision=1,
        moved=[
            Move(
                paper=moved_paper,
                title="T",
                before="Poster Session 1 / Grand Ballroom A / A1",
                after="Poster Session 2 / Grand Ballroom B / B3",
                kind="session",
                why="to remove a shared-author clash",
            )
        ],
        added=[rerun.placements[1].paper],
        removed=["9999"],
        edited=[rerun.placements[2].paper],
        authors_affected=[rerun.people[0].key],
    )
    rerun.figures.moves = 1
    workbook.write(rerun, tmp_path)
    wb = load_workbook(tmp_path / workbook.FILE)
    rows = [r for r in wb["Changes"].iter_rows(values_only=True)]
    text = "\n".join(" | ".join(str(v) for v in r if v is not None) for r in rows)
    assert rows[0][0] == "Changes since revision 1"
    assert "Moved (1)" in text and "Added (1)" in text and "Removed (1)" in text
    assert "Edited (title or authors) (1)" in text and "Authors affected (1)" in text
    assert (
        f"{moved_paper} | T | Poster Session 1 / Grand Ballroom A / A1 | Poster Session 2 / "
        "Grand Ballroom B / B3 | session | to remove a shared-author clash"
    ) in text
    assert "9999" in text
    assert "Clashes removed (0)\nClash\nnone" in text
    assert labelled(wb["Overview"])["Moves since last run"] == 1


def test_about_names_inputs_hashes_and_run(plan: Plan, book: Any) -> None:
    about = labelled(book["About"])
    assert about["Venue file"] == plan.inputs.venue
    assert about["Venue file sha256"] == plan.inputs.venue_sha256
    assert about["Paper list"] == plan.inputs.papers
    assert about["Paper list sha256"] == plan.inputs.papers_sha256
    assert about["Conference"] == plan.venue.name
    assert plan.venue.timezone in about["Time zone"]
    assert about["Seed"] == plan.seed
    assert about["Planner version"] == plan.planner_version
    assert about["Revision"] == plan.revision
    assert about["Time limit (s)"] == plan.time_limit
    # The revision stamp is aware UTC in the plan; the workbook holds it naive, in UTC.
    assert about["Revision time (UTC)"] == plan.revision_time.astimezone(UTC).replace(tzinfo=None)
    generated = about["Generated at (UTC, wall clock)"]
    assert isinstance(generated, datetime)
    assert abs((datetime.now(UTC).replace(tzinfo=None) - generated).total_seconds()) < 600


def test_same_plan_same_values(plan: Plan, written: Path, tmp_path: Path) -> None:
    workbook.write(plan, tmp_path)
    first, second = all_values(written), all_values(tmp_path / workbook.FILE)
    for values in (first, second):  # the wall-clock stamp is the one thing allowed to differ
        values["About"] = [r for r in values["About"] if not str(r[0]).startswith("Generated")]
    assert first == second


# --- 2. safety ---------------------------------------------------------------------------------


def test_hostile_text_stays_text(tricky_plan: Plan, tricky_written: Path) -> None:
    wb = load_workbook(tricky_written)
    pl = tricky_plan.placements[0]
    ws = wb["Placements"]
    row = row_of(ws, pl.paper)
    title = ws.cell(row=row, column=col_of(ws, "Title"))
    assert title.value == TRICKY_CLEAN  # intact, less the control character
    assert title.data_type == "s"
    authors = ws.cell(row=row, column=col_of(ws, "Authors"))
    assert authors.value.startswith(", ".join(FORMULA_LIKE))
    topic = ws.cell(row=row, column=col_of(ws, "Topic"))
    assert (topic.value, topic.data_type) == ("=topic; 日本語", "s")
    board_map = wb[workbook.board_sheet_titles(tricky_plan)[pl.session]]
    cells = {c.value: c for r in board_map.iter_rows() for c in r if c.value is not None}
    assert cells[TRICKY_CLEAN].data_type == "s"
    assert cells[FORMULA_LIKE[0]].data_type == "s"  # first author "+SUM(1,2)"
    # No formula anywhere in the file: no <f> element in any sheet.
    with zipfile.ZipFile(tricky_written) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            assert not re.search(rb"<f[ >]", z.read(name)), name


def test_put_refuses_aware_datetimes_and_strips_control_characters() -> None:
    wb = Workbook()
    ws = wb.active
    with pytest.raises(ValueError, match="time-zone-aware"):
        workbook.put(ws, 1, 1, datetime(2026, 5, 19, 17, tzinfo=UTC))
    workbook.put(ws, 1, 1, "a\x00b\x1fc\td")
    assert ws["A1"].value == "abc\td"
    workbook.put(ws, 1, 2, "=1+1")
    assert (ws["B1"].value, ws["B1"].data_type) == ("=1+1", "s")


def test_sheet_titles_follow_excel_rules() -> None:
    taken = {t.casefold() for t in workbook.FIXED_SHEETS}
    titles = [
        workbook.sheet_title(name, taken)
        for name in [
            "Tue [A]: posters/demos? *\\",
            "A very long session name that goes on and on, hall A",
            "A very long session name that goes on and on, hall B",
            "authors",
            "History",
            "'quoted'",
            "   ",
        ]
    ]
    assert titles[0] == "Tue A posters demos"
    for title in titles:
        assert 0 < len(title) <= 31
        assert not re.search(r"[\[\]:*?/\\]", title)
        assert not title.startswith("'") and not title.endswith("'")
        assert title.casefold() != "history"
    folded = [t.casefold() for t in titles] + [t.casefold() for t in workbook.FIXED_SHEETS]
    assert len(set(folded)) == len(folded)
    assert titles[3] == "authors (2)"


def test_long_and_clashing_session_names_give_valid_sheets(plan: Plan, tmp_path: Path) -> None:
    odd = plan.model_copy(deep=True)
    odd.venue.sessions[0].name = "Poster session: Tuesday [evening] / hall A and B, part one"
    odd.venue.sessions[1].name = "Poster session: Tuesday [evening] / hall A and B, part two"
    odd.venue.sessions[2].name = "Placements"
    odd.venue.__dict__.pop("session_by_id", None)
    workbook.write(odd, tmp_path)
    names = load_workbook(tmp_path / workbook.FILE).sheetnames
    assert (
        len(names)
        == len({n.casefold() for n in names})
        == len(workbook.FIXED_SHEETS) + len(odd.venue.sessions)
    )
    assert all(len(n) <= 31 for n in names)
    assert "Placements (2)" in names


# --- 3. a real spreadsheet application ---------------------------------------------------------


def soffice(profile: Path, out: Path, target: str, source: Path) -> None:
    subprocess.run(
        [
            "soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
            "--convert-to", target, "--outdir", str(out), str(source),
        ],
        check=True, capture_output=True, timeout=120,
        env={**os.environ, "HOME": str(profile.parent)},
    )  # fmt: skip


@pytest.fixture(scope="module")
def libreoffice(tricky_written: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The tricky workbook converted by LibreOffice to PDF, per-sheet CSV and xlsx."""
    if shutil.which("soffice") is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed; apt-get install "
            "libreoffice-calc-nogui to run the spreadsheet-application checks"
        )
    base = tmp_path_factory.mktemp("libreoffice")
    profile = base / "profile"
    # Warm-up: the first run only initialises the profile and may write nothing.
    warm = base / "warm.xlsx"
    Workbook().save(warm)
    soffice(profile, base / "warm", "csv", warm)
    out = base / "out"
    jobs = {
        "pdf": "pdf",
        "csv": "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        "xlsx": "xlsx:Calc MS Excel 2007 XML",
    }
    for kind, target in jobs.items():
        folder = out / kind
        for _ in range(2):  # a cold profile may still drop the first result
            soffice(profile, folder, target, tricky_written)
            if folder.exists() and any(folder.iterdir()):
                break
    return {kind: out / kind for kind in jobs}


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def test_libreoffice_opens_it_and_prints_board_maps_landscape(
    plan: Plan, libreoffice: dict[str, Path]
) -> None:
    pdf = (libreoffice["pdf"] / "plan.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]", pdf)
    landscape = [b for b in boxes if float(b[2]) > float(b[3])]
    portrait = [b for b in boxes if float(b[2]) < float(b[3])]
    # Every wide sheet prints landscape, one page wide; About (two columns) portrait.
    assert len(landscape) >= len(plan.venue.sessions) + 1
    assert portrait


def test_libreoffice_reads_every_sheet_with_the_values(
    tricky_plan: Plan, libreoffice: dict[str, Path]
) -> None:
    files = {p.name: p for p in libreoffice["csv"].glob("*.csv")}
    maps = workbook.board_sheet_titles(tricky_plan)
    for sheet in [
        "Overview",
        "Placements",
        *maps.values(),
        "Authors",
        "Clashes",
        "Presenters",
        "Changes",
        "About",
    ]:
        assert f"plan-{sheet}.csv" in files, sorted(files)
    rows = read_csv(files["plan-Placements.csv"])
    header = rows[0]
    assert header == [h for h, _ in workbook.PLACEMENT_COLUMNS]
    assert len(rows) == len(tricky_plan.placements) + 1
    by_paper = {r[0]: dict(zip(header, r, strict=True)) for r in rows[1:]}
    pl = tricky_plan.placements[0]
    mine = by_paper[pl.paper]
    assert mine["Title"] == TRICKY_CLEAN  # not evaluated as HYPERLINK, every character intact
    assert mine["Authors"].startswith(", ".join(FORMULA_LIKE))
    assert mine["Topic"] == "=topic; 日本語"
    assert mine["Board"] == pl.label
    session = tricky_plan.venue.session_by_id[pl.session]
    assert mine["Start"].startswith(session.start.strftime("%Y-%m-%d %H:%M"))
    other = tricky_plan.placements[5]
    assert by_paper[other.paper]["Title"] == tricky_plan.paper_by_id[other.paper].title
    board_rows = read_csv(files[f"plan-{maps[pl.session]}.csv"])
    assert [pl.label, pl.paper, TRICKY_CLEAN] in [r[:3] for r in board_rows]
    assert read_csv(files["plan-Changes.csv"])[0][0] == "first plan"


def test_a_workbook_saved_by_libreoffice_reads_back_unchanged(
    tricky_plan: Plan, libreoffice: dict[str, Path]
) -> None:
    saved = libreoffice["xlsx"] / "plan.xlsx"
    assert read_hand_edits(saved, tricky_plan) == []
    wb = load_workbook(saved)
    assert "Placements" in wb["Placements"].tables  # the table survived


# --- 4. hand edits -----------------------------------------------------------------------------


def test_unchanged_workbook_gives_no_pins(plan: Plan, written: Path) -> None:
    assert read_hand_edits(written, plan) == []


def test_moves_by_name_id_and_any_case_become_pins(
    plan: Plan, written: Path, tmp_path: Path
) -> None:
    venue = plan.venue
    a = plan.placements[0]
    # a: to another session and room, typed as session NAME in upper case and room id.
    to_session, to_room = next(
        (s, r)
        for s in venue.sessions
        for r in venue.rooms_in(s.id)
        if s.id != a.session and r.id != a.room and free_boards(plan, s.id, r.id)
    )
    board = free_board(plan, to_session.id, to_room.id)
    label = f"{to_room.board_prefix}{board}"
    # b: only to another board of its room (one with a board to spare), typed as a plain number.
    b, b_board = next(
        (pl, n)
        for pl in plan.placements[1:]
        for n in free_boards(plan, pl.session, pl.room)
        if (pl.session, pl.room, n) != (to_session.id, to_room.id, board)
    )
    c = next(pl for pl in plan.placements[1:] if pl.paper != b.paper)
    edited = edit(written, tmp_path / "moved.xlsx", {
        (a.paper, "Session"): to_session.name.upper(),
        (a.paper, "Room"): to_room.id.upper(),
        (a.paper, "Board"): label.lower(),
        (b.paper, "Board"): b_board,
        (c.paper, "Session"): venue.session_by_id[c.session].id,  # same place, as an id
        (c.paper, "Status"): "pinned",  # other columns do not matter
    })  # fmt: skip
    pins = read_hand_edits(edited, plan)
    b_label = f"{venue.room_by_id[b.room].board_prefix}{b_board}"
    expected = {
        a.paper: Pin(paper=a.paper, session=to_session.id, room=to_room.id, board=label,
                     source="workbook"),
        b.paper: Pin(paper=b.paper, session=b.session, room=b.room, board=b_label,
                     source="workbook"),
    }  # fmt: skip
    assert {p.paper: p for p in pins} == expected
    assert len(pins) == 2


def test_a_swap_of_two_boards_is_two_pins(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    a = plan.placements[0]
    b = next(
        p
        for p in plan.placements
        if (p.session, p.room) == (a.session, a.room) and p.paper != a.paper
    )
    edited = edit(
        placements_only,
        tmp_path / "swap.xlsx",
        {(a.paper, "Board"): b.label, (b.paper, "Board"): a.label},
    )
    pins = read_hand_edits(edited, plan)
    assert sorted((p.paper, p.board) for p in pins) == sorted(
        [(a.paper, b.label), (b.paper, a.label)]
    )


def test_an_empty_board_cell_lets_the_planner_choose(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    a = plan.placements[0]
    to = next(
        s
        for s in plan.venue.sessions
        if s.id != a.session and plan.venue.room_by_id[a.room].is_open(s.id)
    )
    edited = edit(
        placements_only,
        tmp_path / "e.xlsx",
        {(a.paper, "Session"): to.id, (a.paper, "Board"): None},
    )
    assert read_hand_edits(edited, plan) == [
        Pin(paper=a.paper, session=to.id, room=a.room, board=None, source="workbook")
    ]
    edited = edit(placements_only, tmp_path / "same.xlsx", {(a.paper, "Board"): None})
    assert read_hand_edits(edited, plan) == []  # same session and room: nothing to pin


def test_reordered_columns_still_read(plan: Plan, placements_only: Path, tmp_path: Path) -> None:
    wb = load_workbook(placements_only)
    ws = wb["Placements"]
    ws.insert_cols(1)
    ws["A1"] = "Notes"
    a = next(pl for pl in plan.placements if free_boards(plan, pl.session, pl.room))
    free = free_board(plan, a.session, a.room)
    ws.cell(row=row_of_col(ws, a.paper, 2), column=11).value = str(free)  # Board is now K
    wb.save(tmp_path / "cols.xlsx")
    pins = read_hand_edits(tmp_path / "cols.xlsx", plan)
    assert [(p.paper, p.board) for p in pins] == [
        (a.paper, f"{plan.venue.room_by_id[a.room].board_prefix}{free}")
    ]


def row_of_col(ws: Worksheet, paper: str, column: int) -> int:
    for row in range(2, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == paper:
            return row
    raise AssertionError(paper)


def expect_error(path: Path, plan: Plan, *fragments: str) -> str:
    with pytest.raises(InputError) as info:
        read_hand_edits(path, plan)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_unknown_session_room_paper_and_bad_board_name_row_and_column(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    ws = load_workbook(placements_only)["Placements"]
    a, b, c, d = (pl.paper for pl in plan.placements[:4])
    rows = {p: row_of(ws, p) for p in (a, b, c, d)}
    edited = edit(placements_only, tmp_path / "bad.xlsx", {
        (a, "Session"): "Friday posters",
        (b, "Room"): "Cellar",
        (c, "Paper"): "99999",
        (d, "Board"): "Z99",
    })  # fmt: skip
    message = expect_error(
        edited,
        plan,
        f"sheet 'Placements', row {rows[a]}, column F: there is no session 'Friday posters'",
        f"sheet 'Placements', row {rows[b]}, column I: there is no room 'Cellar'",
        f"sheet 'Placements', row {rows[c]}, column A: paper '99999' is not in the plan",
        f"sheet 'Placements', row {rows[d]}, column J: board 'Z99' is not a board",
        "bad.xlsx",
    )
    assert "Poster Session 1 (tue-eve)" in message  # says what would do


def test_two_posters_on_one_board_is_an_error(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    a = plan.placements[0]
    b = next(
        p
        for p in plan.placements
        if (p.session, p.room) == (a.session, a.room) and p.paper != a.paper
    )
    edited = edit(placements_only, tmp_path / "clash.xlsx", {(a.paper, "Board"): b.label})
    ws = load_workbook(edited)["Placements"]
    later = max(row_of(ws, a.paper), row_of(ws, b.paper))
    expect_error(
        edited,
        plan,
        f"sheet 'Placements', row {later}, column J",
        a.paper,
        b.paper,
        f"both on board {b.label}",
    )


def test_a_room_closed_in_the_session_is_an_error(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    closed = plan.model_copy(deep=True)
    a = closed.placements[0]
    other = next(r for r in closed.venue.rooms if r.id != a.room)
    other.sessions = [s.id for s in closed.venue.sessions if s.id != a.session]
    edited = edit(placements_only, tmp_path / "closed.xlsx", {(a.paper, "Room"): other.name})
    ws = load_workbook(edited)["Placements"]
    expect_error(
        edited, closed, f"row {row_of(ws, a.paper)}, column I", f"{other.name} is not open"
    )


def test_duplicate_rows_and_missing_ids_are_errors(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    a, b = plan.placements[0].paper, plan.placements[1].paper
    edited = edit(placements_only, tmp_path / "dup.xlsx", {(b, "Paper"): a})
    expect_error(edited, plan, f"paper {a} appears again")
    edited = edit(placements_only, tmp_path / "noid.xlsx", {(b, "Paper"): None})
    expect_error(edited, plan, "column A: the row has no paper id")


def test_not_a_workbook_missing_sheet_and_missing_column(
    plan: Plan, placements_only: Path, tmp_path: Path
) -> None:
    junk = tmp_path / "plan.xlsx"
    junk.write_bytes(os.urandom(2048))
    expect_error(junk, plan, "plan.xlsx", "cannot be read as .xlsx")
    expect_error(tmp_path / "missing.xlsx", plan, "missing.xlsx", "cannot be read")

    wb = load_workbook(placements_only)
    wb["Placements"].title = "Posters"
    wb.save(tmp_path / "nosheet.xlsx")
    expect_error(tmp_path / "nosheet.xlsx", plan, "sheet 'Placements'", "no sheet 'Placements'")

    wb = load_workbook(placements_only)
    wb["Placements"]["J1"] = "Spot"
    wb.save(tmp_path / "nocol.xlsx")
    expect_error(tmp_path / "nocol.xlsx", plan, "sheet 'Placements', row 1", "no column 'Board'")


# --- sheets written as XML equal openpyxl's Cells ----------------------------------------------


def _package(book: Workbook, path: Path) -> dict[str, bytes]:
    """The parts of a saved workbook, less the two that read the clock."""
    if sheet_xml.cells_of(book.worksheets[0]) is None:
        book.save(path)
    else:
        sheet_xml.save(book, path)
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist() if name != "docProps/core.xml"}
    for name, data in parts.items():  # the About sheet's "Generated at" value
        parts[name] = re.sub(
            rb'(<c r="A(\d+)"[^>]*><is><t>Generated at[^<]*</t></is></c><c r="B\2"[^>]*>)'
            rb"<v>[^<]*</v>",
            rb"\1",
            data,
        )
    return parts


def _with_changes(plan: Plan) -> Plan:
    """The plan as a rerun with every kind of change, a hand-edit pin and a clash note."""
    rerun = plan.model_copy(deep=True)
    rerun.revision = 2
    rerun.placements[0].status = "moved"
    rerun.placements[1].status = "new"
    rerun.placements[2].status = "pinned"
    rerun.placements[2].reason = "pinned by a hand edit in the workbook"
    a, b = rerun.placements[3], rerun.placements[4]
    person = rerun.paper_by_id[a.paper].authors[0]
    rerun.clashes.append(
        ClashRecord(
            person=person,
            name="N",
            papers=(a.paper, b.paper),
            sessions=(a.session, b.session),
            reason="r",
        )
    )
    rerun.changes = Changes(
        previous_revision=1,
        moved=[
            Move(paper=a.paper, title="T & <T>", before="x", after="y", kind="session", why="w")
        ],
        added=[rerun.placements[1].paper],
        removed=["9999"],
        edited=[b.paper],
        authors_affected=[rerun.people[0].key],
        clashes_removed=["c; d"],
    )
    return rerun


@pytest.mark.parametrize("which", ["plan", "tricky_plan", "with changes"])
def test_sheets_written_as_xml_are_what_openpyxl_cells_give(
    which: str, plan: Plan, tricky_plan: Plan, tmp_path: Path
) -> None:
    """The workbook's own sheet writer gives the bytes openpyxl gives for Cells (and styles)."""
    chosen = {"plan": plan, "tricky_plan": tricky_plan, "with changes": _with_changes(plan)}[which]
    direct = _package(workbook.build(chosen), tmp_path / "direct.xlsx")
    cells = _package(workbook.build(chosen, buffered=False), tmp_path / "cells.xlsx")
    assert direct.keys() == cells.keys()
    for name in cells:
        assert direct[name] == cells[name], name


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
        max_size=40,
    )
)
def test_cell_text_is_escaped_as_lxml_escapes_it(value: str) -> None:
    """Text as openpyxl's lxml writer puts it into an ASCII sheet; refused where lxml refuses."""
    value = workbook.safe_text(value)
    out = io.BytesIO()
    try:
        with etree.xmlfile(out) as xf:
            element = etree.Element("t")
            element.text = value
            xf.write(element)
    except ValueError:
        with pytest.raises(ValueError):
            sheet_xml.xml_text(value)
        return
    assert f"<t>{sheet_xml.xml_text(value)}</t>".encode() in (out.getvalue(), b"<t/>")


@pytest.mark.parametrize("pattern", ["{prefix}{number}", "{prefix}-{number:02d}", "{number}"])
def test_board_numbers_read_as_board_number_reads_them(pattern: str) -> None:
    numbers = _BoardNumbers(pattern)
    for prefix in ("A", "", "b"):
        for count in (0, 1, 12):
            labels = [board_label(prefix, k, pattern) for k in range(count + 3)]
            texts = [
                *labels,
                *(t.lower() for t in labels),
                *(f" {t} " for t in labels),
                "12",
                "012",
                "A12",
                "a-05",
                "x",
                "",
                "1e3",
            ]
            for text in texts:
                assert numbers.number(text, prefix, count) == board_number(
                    text, prefix, pattern, count
                ), (prefix, count, text)


ETREE_CHECK = """
import re, sys, zipfile
from pathlib import Path
from planner.outputs.workbook import sheet_xml
from planner.outputs.workbook import book as workbook
from planner.plan.records import read_plan

assert not sheet_xml.openpyxl_uses_lxml()
plan = read_plan(Path(sys.argv[1]))
parts = []
for buffered in (True, False):
    book = workbook.build(plan, buffered=buffered)
    path = Path(sys.argv[2]) / f"{buffered}.xlsx"
    sheet_xml.save(book, path) if buffered else book.save(path)
    with zipfile.ZipFile(path) as z:
        found = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    parts.append({n: re.sub(rb'(<t>Generated at[^<]*</t></is></c><c [^>]*>)<v>[^<]*</v>',
                            rb"\\1", data) for n, data in found.items()})
different = sorted(n for n in parts[1] if parts[0].get(n) != parts[1][n])
print(different or ("identical" if parts[0].keys() == parts[1].keys() else "parts differ"))
"""


def test_sheets_written_as_xml_without_lxml(tricky_plan: Plan, tmp_path: Path) -> None:
    """Without lxml (a plain install) openpyxl writes cells with ElementTree: same bytes too."""
    plan = _with_changes(tricky_plan)
    plan.papers[1].title = "   "  # whitespace only: no xml:space with ElementTree
    plan.papers[2].title = " lead\r\n<&>"
    (tmp_path / "plan.json").write_text(plan.to_json(), "utf-8")
    done = subprocess.run(
        [sys.executable, "-c", ETREE_CHECK, str(tmp_path / "plan.json"), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "OPENPYXL_LXML": "False"},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "identical"
