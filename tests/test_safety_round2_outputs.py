"""Issue 22, cases 6, 7 and 15: what the published outputs may carry.

Every CSV the planner writes guards its cells against formulas the same way;
a board-label pattern fills in only ``{prefix}`` and ``{number}``; an author
whose only poster was withdrawn keeps it, cancelled, in their feed for good
(an emptied feed is one vdirsyncer refuses to sync) and stays in the index.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

from planner.outputs import calendars
from planner.plan.records import read_plan

Cli = Callable[..., Result]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _rewrite_papers(folder: Path, edit: Callable[[dict], None]) -> None:
    path = folder / "papers.json"
    data = json.loads(path.read_text("utf-8"))
    for record in data["results"]:
        edit(record)
    path.write_text(json.dumps(data), "utf-8")


def _planned(cli: Cli, folder: Path, out: Path) -> None:
    result = cli("plan", folder, "--out", out, "--time-limit", "2")
    assert result.exit_code == 0, (result.output, result.exception)


def test_case_6_every_published_csv_quotes_formulas(cli: Cli, tiny: Path, workdir: Path) -> None:
    ids = {101: "=1+1", 102: "@SUM(1+1)"}

    def hostile(record: dict) -> None:
        record["id"] = ids.get(record["id"], record["id"])
        record["name"] = "-" + str(record["name"])

    _rewrite_papers(tiny, hostile)
    out = workdir / "out"
    _planned(cli, tiny, out)
    written = sorted(out.rglob("*.csv"))
    names = {p.relative_to(out).as_posix() for p in written}
    assert {"placements.csv", "calendars/authors/index.csv"} <= names, names
    seen = set()
    for path in written:
        text = path.read_bytes().decode("utf-8-sig")
        for row in csv.reader(io.StringIO(text, newline="")):
            for value in row:
                assert not value.startswith(FORMULA_START), (path.name, value)
                seen.update(v for v in ids.values() if v in value)
    assert seen == set(ids.values())  # the ids are there, quoted


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix.__class__.__init__.__globals__}",
        "{prefix.__len__}{number}",
        "{number[0]}",
        "{prefix[0]}{number}",
        "{prefix!r}{number}",
        "{}{number}",
    ],
)
def test_case_7_board_label_fills_in_only_prefix_and_number(
    pattern: str, tiny: Path, expect_input_error: Callable[..., str]
) -> None:
    venue = tiny / "venue.toml"
    venue.write_text(venue.read_text("utf-8") + f"board_label = {json.dumps(pattern)}\n", "utf-8")
    expect_input_error([tiny], "board_label", "{prefix}")


def test_case_7_a_width_on_number_is_still_accepted(tiny: Path, cli: Cli) -> None:
    venue = tiny / "venue.toml"
    venue.write_text(venue.read_text("utf-8") + 'board_label = "{prefix}-{number:03d}"\n', "utf-8")
    result = cli("check", tiny)
    assert result.exit_code == 0, (result.output, result.exception)


def test_case_15_an_authors_only_withdrawn_poster_stays_cancelled_in_their_feed(
    cli: Cli, tiny: Path, workdir: Path
) -> None:
    out = workdir / "out"
    _planned(cli, tiny, out)  # Bob Roe's only poster is paper 101

    def withdraw(record: dict) -> None:
        if record["id"] == 101:
            record["decision"] = "Withdrawn"

    _rewrite_papers(tiny, withdraw)
    _planned(cli, tiny, out)
    plan = read_plan(out / "plan.json")
    bob = next(p for p in plan.past_people if p.name == "Bob Roe")
    stem = calendars.author_stem(bob.name, bob.key)
    # Many revisions on (the old rule dropped it after three): still there.
    later = plan.model_copy(update={"revision": plan.revision + 10})
    calendars.write(later, workdir / "later")
    authors = workdir / "later" / calendars.FOLDER / "authors"
    feed = (authors / f"{stem}.ics").read_text("utf-8")
    assert feed.count("BEGIN:VEVENT") == 1 and "STATUS:CANCELLED" in feed
    rows = list(csv.DictReader(io.StringIO((authors / "index.csv").read_text("utf-8"))))
    mine = [r for r in rows if r["feed"] == f"{stem}.ics"]
    assert len(mine) == 1 and mine[0]["posters"] == "101", rows
    assert mine[0]["titles"].startswith("WITHDRAWN: ")
    assert f'href="{stem}.ics"' in (authors / "index.html").read_text("utf-8")
