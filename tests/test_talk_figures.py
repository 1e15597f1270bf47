"""The talk figures a chair reads: the talk clash bound ``planner check`` shows, and
authors due at a talk while another poster of theirs is up (counted, reported,
recounted by ``planner verify``).
"""

from __future__ import annotations

from pathlib import Path

from talk_programme import record, session, venue, write_papers
from typer.testing import CliRunner

from planner.people.inputs import load
from planner.plan.records import Plan
from planner.prechecks.summary import summarize
from planner.verify.checker import verify

SESSIONS = [
    session("talks-1", "Talks 1", "2026-06-02T09:00:00", "2026-06-02T09:40:00", talks=True),
    session("talks-2", "Talks 2", "2026-06-03T09:00:00", "2026-06-03T09:40:00", talks=True),
    session("posters-0", "Posters 0", "2026-06-02T09:00:00", "2026-06-02T10:30:00"),
    session("posters-1", "Posters 1", "2026-06-03T11:00:00", "2026-06-03T12:30:00"),
]


def _plan(folder: Path, out: Path) -> Plan:
    from planner.cli import app

    result = CliRunner().invoke(app, ["plan", str(folder), "--out", str(out), "--time-limit", "3"])
    assert result.exit_code == 0, result.output
    return Plan.model_validate_json((out / "plan.json").read_text("utf-8"))


def _folder(tmp_path: Path, records: list[dict[str, object]], extra: str = "") -> Path:
    folder = tmp_path / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(venue("Fig Conf", "figconf", SESSIONS) + extra, "utf-8")
    write_papers(folder, records)
    return folder


def test_check_shows_the_talk_clash_bound_the_plan_reaches(tmp_path: Path) -> None:
    # Person 0 writes three orals; two separate talk times: at least one overlapping pair.
    records = [record(i, "Oral" if i < 3 else "Poster", 0 if 0 < i < 3 else None) for i in range(9)]
    folder = _folder(tmp_path, records)
    talks = summarize(load(folder)).talks
    assert talks is not None and talks.clash_bound == 1
    figures = _plan(folder, tmp_path / "out").figures
    assert (figures.talk_clash_bound, figures.talk_clashes) == (1, 1)

    from planner.cli import app

    shown = CliRunner().invoke(app, ["check", str(folder)]).output
    assert "Shared-author talk overlaps: lower bound 1 (people with more talks than" in shown


def test_an_author_at_a_talk_while_another_poster_of_theirs_is_up_is_counted(
    tmp_path: Path,
) -> None:
    # Person 9 co-writes oral 500 (person 0 speaks) and presents poster 509; the pins put
    # the talk in talks-1 and the poster in posters-0, which runs at the same time.
    records = [record(0, "Oral", 9)] + [record(i, "Poster") for i in range(1, 10)]
    pins = (
        '\n[[pins]]\npaper = 500\nsession = "talks-1"\n'
        '\n[[pins]]\npaper = 509\nsession = "posters-0"\n'
    )
    out = tmp_path / "out"
    plan = _plan(_folder(tmp_path, records, pins), out)
    assert plan.figures.talk_poster_clashes == 1
    assert not verify(out, files=False).violations

    broken = plan.model_copy(deep=True)
    broken.figures.talk_poster_clashes = 0
    (out / "plan.json").write_text(broken.to_json(), encoding="utf-8")
    messages = [v.message for v in verify(out, files=False).violations if v.rule == "figures"]
    assert any("the recount finds 1" in m and "another poster" in m for m in messages)


def test_verify_recounts_the_posters_before_their_talk(tmp_path: Path) -> None:
    """talk-after-poster: the plan's count of posters before their talk, recounted."""
    records = [record(0, "Oral")] + [record(i, "Poster") for i in range(1, 10)]
    pins = '\n[[pins]]\npaper = 500\nsession = "posters-0"\n'  # before talks-1 ends
    out = tmp_path / "out"
    plan = _plan(_folder(tmp_path, records, pins), out)
    assert plan.figures.posters_before_talk == 1
    assert not verify(out, files=False).violations
    broken = plan.model_copy(deep=True)
    broken.figures.posters_before_talk = 0
    (out / "plan.json").write_text(broken.to_json(), encoding="utf-8")
    found = [v for v in verify(out, files=False).violations if v.rule == "talk-after-poster"]
    assert found and "the recount finds 1" in found[0].message
