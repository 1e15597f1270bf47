"""Issue 22, case 8: venue times at the edges of the calendar and of the clock.

Session times are read as local wall-clock times in the venue's time zone: a
time in a spring-forward gap is shifted forward by the gap (as the calendars
do), a time in the fall-back hour is its first occurrence, and every check
compares instants, so such a venue plans and verifies.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Cli = Callable[..., Result]


def _set_session(folder: Path, sid: str, start: str, end: str) -> None:
    """Rewrites session ``sid``'s start and end in the tiny venue."""
    path = folder / "venue.toml"
    lines = path.read_text("utf-8").splitlines()
    at = lines.index(f'id = "{sid}"')
    lines[at + 2] = f"start = {start}"
    lines[at + 3] = f"end = {end}"
    path.write_text("\n".join(lines) + "\n", "utf-8")


def _refused(result: Result, *fragments: str) -> None:
    text = result.output
    assert result.exit_code == 2, (result.exit_code, text, result.exception)
    assert "Traceback" not in text and "internal error" not in text, text
    for fragment in fragments:
        assert fragment in text, (fragment, text)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("9999-12-31T20:00:00-05:00", "9999-12-31T22:00:00-05:00"),
        ("0001-01-01T01:00:00+05:00", "0001-01-01T03:00:00+05:00"),
    ],
)
def test_case_8_extreme_session_dates_are_refused(
    tiny: Path, cli: Cli, start: str, end: str
) -> None:
    _set_session(tiny, "s2", start, end)
    _refused(cli("check", tiny), "[[sessions]] 's2'", "start", "years")


def _plan_and_verify(cli: Cli, folder: Path, out: Path) -> list[dict]:
    result = cli("plan", folder, "--out", out, "--time-limit", "1")
    assert result.exit_code == 0, (result.output, result.exception)
    result = cli("verify", out)
    assert result.exit_code == 0, (result.output, result.exception)
    return json.loads((out / "papers.json").read_text("utf-8"))["results"]


def _feeds_text(out: Path) -> str:
    return "".join(p.read_text("utf-8") for p in sorted(out.rglob("*.ics")))


def test_case_8_session_in_spring_forward_gap_is_shifted_forward(
    tiny: Path, cli: Cli, workdir: Path
) -> None:
    # 02:30 does not exist in Los Angeles on 8 March 2026: it is read as 03:30.
    _set_session(tiny, "s1", "2026-03-08T02:30:00", "2026-03-08T04:30:00")
    _set_session(tiny, "s2", "2026-03-09T16:30:00", "2026-03-09T18:30:00")
    recs = _plan_and_verify(cli, tiny, workdir / "out")
    text = json.dumps(recs)
    assert "2026-03-08T03:30:00-07:00" in text, text[:2000]
    assert "02:30" not in text
    feeds = _feeds_text(workdir / "out")
    assert "20260308T033000" in feeds or "20260308T103000Z" in feeds
    assert "20260308T023000" not in feeds


def test_case_8_session_spanning_fall_back_hour_plans(tiny: Path, cli: Cli, workdir: Path) -> None:
    # 01:30 happens twice in Los Angeles on 1 November 2026: the first is meant.
    _set_session(tiny, "s1", "2026-11-01T01:30:00", "2026-11-01T03:00:00")
    _set_session(tiny, "s2", "2026-11-02T16:30:00", "2026-11-02T18:30:00")
    text = json.dumps(_plan_and_verify(cli, tiny, workdir / "out"))
    assert "2026-11-01T01:30:00-07:00" in text, text[:2000]
