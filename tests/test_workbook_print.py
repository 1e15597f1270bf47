"""The workbook printed: LibreOffice turns the MLSys example's plan.xlsx into a PDF, on
A4 and on US Letter, and the PDF's text positions (poppler's ``pdftotext
-bbox-layout``) show that no two text lines of a board map overlap (a wrapped
title never runs over the next board's row), that each board-map page holds one
session-room, and that every Overview row prints whole on one page (the sheet is
one page wide).  Skipped, saying why, without LibreOffice or poppler-utils
(.ci/run installs both).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import EXAMPLE
from lxml import etree

from planner.engine import Options, make_plan
from planner.outputs.workbook import book as workbook
from planner.outputs.workbook.sheet_xml import save
from planner.people.inputs import load
from planner.plan.records import Plan

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils is not installed; apt-get install "
    "libreoffice-calc-nogui poppler-utils (.ci/run installs them) to print the workbook",
)
PAPER = {"A4": 9, "Letter": 1}  # the page setup's paperSize codes
NS = {"x": "http://www.w3.org/1999/xhtml"}
Box = tuple[float, float, float, float]  # xMin, yMin, xMax, yMax


@pytest.fixture(scope="module")
def plan() -> Plan:
    return make_plan(load(EXAMPLE), Options(time_limit=2))


def printed(plan: Plan, paper: str, folder: Path) -> list[list[tuple[str, Box]]]:
    """The workbook as LibreOffice prints it: per page, its text lines and their boxes."""
    wb = workbook.build(plan)
    for ws in wb.worksheets:
        ws.page_setup.paperSize = PAPER[paper]
    source = folder / f"plan-{paper}.xlsx"
    save(wb, source)
    profile = folder / "profile"
    subprocess.run(
        ["soffice", "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
         "--convert-to", "pdf", "--outdir", str(folder), str(source)],
        check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(folder)},
    )  # fmt: skip
    pdf = source.with_suffix(".pdf")
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True, timeout=60
    ).stdout
    doc = etree.fromstring(xhtml, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in doc.iterfind(".//x:page", NS):
        lines = []
        for line in page.iterfind(".//x:line", NS):
            text = " ".join(w.text or "" for w in line.iterfind("x:word", NS))
            box = tuple(float(line.get(k)) for k in ("xMin", "yMin", "xMax", "yMax"))
            lines.append((text, box))
        pages.append(lines)
    return pages


def overlap(a: Box, b: Box) -> float:
    """The area two text lines share, when one is printed over the other.

    The lines of one wrapped cell touch (their glyph boxes may share a point or
    so of height); text printed over text shares most of a line's height.
    """
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    line = min(a[3] - a[1], b[3] - b[1])
    return w * h if w > 0.5 and h > 0.4 * line else 0.0


@pytest.fixture(scope="module", params=list(PAPER))
def pages(
    request: pytest.FixtureRequest, plan: Plan, tmp_path_factory: pytest.TempPathFactory
) -> list[list[tuple[str, Box]]]:
    return printed(plan, request.param, tmp_path_factory.mktemp(f"print-{request.param}"))


def test_board_maps_print_one_room_a_page_with_no_text_over_another(
    plan: Plan, pages: list[list[tuple[str, Box]]]
) -> None:
    rooms = {r.name for r in plan.venue.rooms}
    maps = [p for p in pages if any("· board map" in text for text, _ in p)]
    expected = sum(len(plan.venue.rooms_in(s.id)) for s in plan.venue.sessions)
    assert len(maps) == expected  # one page per session-room: 20 boards fit a page
    labels = Counter()
    for page in maps:
        for (ta, a), (tb, b) in itertools.combinations(page, 2):
            assert not overlap(a, b), f"{ta!r} overlaps {tb!r}"
        here = {text for text, _ in page if text in rooms}
        assert len(here) == 1, here
        labels.update(
            text.split()[0]
            for text, _ in page
            if text[:1] in "AB" and text.split()[0][1:].isdigit()
        )
    # Every poster's board shows up on some map.
    assert sum(labels.values()) >= len(plan.placements)


def test_overview_rows_print_whole(plan: Plan, pages: list[list[tuple[str, Box]]]) -> None:
    # Placements is the first sheet with a Status column.
    first_placements = next(
        i for i, p in enumerate(pages) if any(text == "Status" for text, _ in p)
    )
    overview = pages[:first_placements]
    assert overview
    count = Counter(pl.session for pl in plan.placements)
    venue = plan.venue
    for s in venue.sessions:
        boards = sum(r.board_count(s.id) for r in venue.rooms_in(s.id))
        rows = [(page, box) for page in overview for text, box in page if text.startswith(s.name)]
        assert rows, s.name
        # The session's row of the load table: its total is on the same page, same line.
        page, box = rows[0]
        total = f"{count[s.id]} / {boards}"
        assert any(text.endswith(total) and abs(b[1] - box[1]) < 3 for text, b in page), total
    for page in overview:
        for (ta, a), (tb, b) in itertools.combinations(page, 2):
            assert not overlap(a, b), f"{ta!r} overlaps {tb!r}"


def test_the_whole_workbook_prints_in_few_pages(pages: list[list[tuple[str, Box]]]) -> None:
    """Every sheet one page wide: the MLSys example's 135 posters in a few dozen pages
    (151 before, when the Authors sheet split across five pages' widths)."""
    assert len(pages) <= 40, len(pages)
