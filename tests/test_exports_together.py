"""One `planner plan` run writes every output, and a hostile title survives in each."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from icalendar import Calendar
from openpyxl import load_workbook
from typer.testing import CliRunner

from planner.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"
TITLE = "=SUM(A1), risky; title 日本語 Ελληνικά 🚀"


def test_every_output_holds_the_hostile_title(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE / "venue.toml", folder / "venue.toml")
    doc = json.loads((EXAMPLE / "papers.json").read_text("utf-8"))
    doc["results"][0]["name"] = TITLE
    paper = str(doc["results"][0]["id"])
    (folder / "papers.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["plan", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output

    expected = {
        "plan.json",
        "papers.json",
        "plan.xlsx",
        "schedule.json",
        "schedule.xml",
        "placements.csv",
        "changes.json",
        "calendars",
    }
    assert expected <= {p.name for p in out.iterdir()}

    records = json.loads((out / "papers.json").read_text("utf-8"))["results"]
    assert [r["name"] for r in records if str(r["id"]) == paper] == [TITLE]

    sheet = load_workbook(out / "plan.xlsx")["Placements"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == TITLE]
    assert len(cells) == 1 and cells[0].data_type == "s"

    schedule = json.loads((out / "schedule.json").read_text("utf-8"))
    titles = [
        e["title"]
        for day in schedule["schedule"]["conference"]["days"]
        for events in day["rooms"].values()
        for e in events
    ]
    assert titles.count(TITLE) == 1
    assert TITLE.replace("&", "&amp;") in (out / "schedule.xml").read_text("utf-8")

    with (out / "placements.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["title"] for r in rows if r["paper_id"] == paper] == ["'" + TITLE]

    conference = Calendar.from_ical((out / "calendars" / "conference.ics").read_bytes())
    summaries = [str(e["SUMMARY"]) for e in conference.walk("VEVENT")]
    assert summaries.count(TITLE) == 1
