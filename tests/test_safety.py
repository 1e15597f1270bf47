"""Issue 12: the planner touches nothing outside its output folder, never loses a
user's file, and ends every bad input with one clear message.

One section per point of the issue.  Most runs use the tiny conference
(tests/data/tiny: three posters, two sessions, one room) in-process, so each
takes a fraction of a second.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import Result

from planner.plan.records import read_plan

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "mlsys2026"
Cli = Callable[..., Result]


def plan(cli: Cli, folder: Path, out: Path, *more: str) -> Result:
    return cli("plan", folder, "--out", out, "--time-limit", "1", *more)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.output, result.exception)
    return result


def refused(result: Result, code: int, *fragments: str) -> str:
    """Asserts one clear message (no traceback, no internal error) holding every fragment."""
    text = result.output
    assert result.exit_code == code, (result.exit_code, text, result.exception)
    assert "Traceback" not in text and "internal error" not in text, text
    assert text.startswith("error: "), text
    for fragment in fragments:
        assert fragment in text, f"{fragment!r} not in {text!r}"
    return text


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) -> a digest of its bytes or link."""
    out = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "link:" + os.readlink(path)
        elif path.is_file():
            out[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def records(folder: Path) -> list[dict]:
    return json.loads((folder / "papers.json").read_text("utf-8"))["results"]


def write_records(folder: Path, recs: list[dict]) -> None:
    (folder / "papers.json").write_text(json.dumps({"count": len(recs), "results": recs}), "utf-8")


@pytest.fixture
def planned(tiny: Path, cli: Cli, workdir: Path) -> Path:
    """The tiny conference planned into workdir/out."""
    out = workdir / "out"
    ok(plan(cli, tiny, out))
    return out


@pytest.fixture
def victim(workdir: Path) -> Path:
    """A folder outside the output folder that no run may touch."""
    folder = workdir / "victim"
    (folder / "sub").mkdir(parents=True)
    (folder / "sub" / "precious.txt").write_text("keep me", "utf-8")
    return folder


# --------------------------------------------------------------------------- 1. the journal


PLANTED = {
    "stage elsewhere": lambda w: {
        "stage": str(w / "victim"),
        "archive": str(w / "out" / "archive" / "r001-20260101T000000"),
        "phase": "installing",
        "old": ["plan.json"],
    },
    "archive elsewhere": lambda w: {
        "stage": str(w / ".out.staging-1"),
        "archive": str(w / "victim" / "sub"),
        "phase": "archiving",
        "old": ["plan.json"],
    },
    "old names outside": lambda w: {
        "stage": str(w / ".out.staging-1"),
        "archive": str(w / "out" / "archive" / "r001-20260101T000000"),
        "phase": "installing",
        "old": ["../victim", "plan.json"],
    },
    "old names not outputs": lambda w: {
        "stage": ".out.staging-1",
        "archive": "r001-20260101T000000",
        "phase": "installing",
        "old": ["notes.txt"],
    },
    "relative climb": lambda w: {
        "stage": "../victim",
        "archive": "../../victim",
        "phase": "installing",
        "old": [],
    },
    "not json": lambda w: "{ this is not",
}


@pytest.mark.parametrize("journal", list(PLANTED), ids=list(PLANTED))
def test_a_planted_journal_touches_nothing(
    planned: Path, victim: Path, workdir: Path, tiny: Path, cli: Cli, journal: str
) -> None:
    content = PLANTED[journal](workdir)
    (planned / ".commit.json").write_text(
        content if isinstance(content, str) else json.dumps(content), "utf-8"
    )
    (planned / "notes.txt").write_text("the organizer's notes", "utf-8")
    # A staging folder of this name must hold what a run wrote, so plant one too.
    (workdir / ".out.staging-1").mkdir()
    (workdir / ".out.staging-1" / "plan.json").write_text("{}", "utf-8")
    before_victim, before_out = tree(victim), tree(planned)

    refused(plan(cli, tiny, planned), 2, ".commit.json", "nothing was changed", "--fresh")
    refused(cli("export", planned), 2, ".commit.json")
    assert tree(victim) == before_victim and tree(planned) == before_out

    # --fresh is the way out: the journal goes, nothing outside the folder is touched.
    assert "it was set aside" in ok(plan(cli, tiny, planned, "--fresh")).output
    assert tree(victim) == before_victim
    assert not (planned / ".commit.json").exists()
    assert (planned / "notes.txt").read_text("utf-8") == "the organizer's notes"
    read_plan(planned / "plan.json")


def test_recovery_still_finishes_a_real_half_commit(
    planned: Path, tiny: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A journal the planner wrote itself (killed while installing) is finished."""
    from planner.outputs import folder as output

    old_plan = (planned / "plan.json").read_bytes()
    real = output._move
    calls = []

    def die_on_third(src: Path, dst: Path) -> None:
        calls.append(dst.name)
        if len(calls) == 3:
            raise KeyboardInterrupt  # the run is killed half way through installing
        real(src, dst)

    monkeypatch.setattr(output, "_move", die_on_third)
    result = plan(cli, tiny, planned, "--fresh", "--seed", "4")
    assert result.exit_code == 130
    assert (planned / ".commit.json").exists()
    # As an older planner wrote it: absolute paths, which must name this very folder.
    journal = json.loads((planned / ".commit.json").read_text("utf-8"))
    journal["stage"] = str(planned.parent / journal["stage"])
    journal["archive"] = str(planned / "archive" / journal["archive"])
    (planned / ".commit.json").write_text(json.dumps(journal), "utf-8")
    monkeypatch.setattr(output, "_move", real)
    ok(plan(cli, tiny, planned))
    assert not (planned / ".commit.json").exists()
    archived = [p.read_bytes() for p in (planned / "archive").glob("*/plan.json")]
    assert old_plan in archived


def test_stale_staging_is_cleared_only_when_it_is_provably_the_planners(
    planned: Path, tiny: Path, victim: Path, workdir: Path, cli: Cli
) -> None:
    (workdir / ".out.staging-77").mkdir()
    (workdir / ".out.staging-77" / "papers.json").write_text("[]", "utf-8")
    (workdir / ".out.staging-78").symlink_to(victim)  # a link: never followed, never removed
    (workdir / ".out.staging-79.staging-3").mkdir()  # the staging of "out.staging-79"
    (workdir / ".out.staging-backup").mkdir()  # not the planner's name pattern
    before = tree(victim)
    ok(plan(cli, tiny, planned))
    assert not (workdir / ".out.staging-77").exists()
    assert (workdir / ".out.staging-78").is_symlink() and tree(victim) == before
    assert (workdir / ".out.staging-79.staging-3").is_dir()
    assert (workdir / ".out.staging-backup").is_dir()


# --------------------------------------------------------------------------- 2. what --out takes


def test_a_folder_that_is_not_a_plan_is_refused(tiny: Path, workdir: Path, cli: Cli) -> None:
    home = workdir / "home"
    (home / ".git").mkdir(parents=True)
    (home / "thesis.tex").write_text("years of work", "utf-8")
    before = tree(home)
    refused(plan(cli, tiny, home), 2, "not empty and holds no plan", "'.git'", "--out")
    assert tree(home) == before and not (home / "archive").exists()


@pytest.mark.parametrize("where", ["the input folder", "its parent", "the file's folder"])
def test_a_folder_holding_the_input_is_refused(
    tiny: Path, workdir: Path, cli: Cli, where: str
) -> None:
    before = tree(workdir)
    if where == "the input folder":
        result = plan(cli, tiny, tiny)
    elif where == "its parent":
        result = plan(cli, tiny, workdir)
    else:
        result = cli("plan", tiny / "papers.json", "--out", tiny, "--time-limit", "1")
    refused(result, 2, "holds the input", "Give another --out")
    assert tree(workdir) == before


def test_an_empty_folder_and_a_plan_folder_with_other_files_are_accepted(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    empty = workdir / "empty"
    empty.mkdir()
    ok(plan(cli, tiny, empty))
    # The organizer's own file (and Excel's lock file) stay where they are, untouched
    # and never archived: only the planner's outputs are archived and replaced.
    (empty / "notes.txt").write_text("mine", "utf-8")
    (empty / "~$plan.xlsx").write_text("excel", "utf-8")
    ok(plan(cli, tiny, empty, "--fresh"))
    assert (empty / "notes.txt").read_text("utf-8") == "mine"
    assert not list((empty / "archive").glob("*/notes.txt"))


# --------------------------------------------------------------------------- 3. conferences


def two_conferences(workdir: Path, tiny: Path) -> tuple[Path, Path]:
    import shutil

    one, two = workdir / "conf1", workdir / "conf2"
    shutil.copytree(tiny, one)
    shutil.copytree(tiny, two)
    venue = (two / "venue.toml").read_text("utf-8").replace("Tiny Conf", "Other Conf")
    (two / "venue.toml").write_text(venue, "utf-8")
    recs = records(two)
    for r in recs:
        r["name"] = "Other " + r["name"]
    write_records(two, recs)
    return one, two


def test_lists_of_the_same_file_name_never_share_a_default_folder(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    one, two = two_conferences(workdir, tiny)
    ok(cli("plan", one / "papers.json", "--time-limit", "1"))
    ok(cli("plan", two / "papers.json", "--time-limit", "1"))
    folders = sorted(p for p in (workdir / "exports").iterdir() if p.is_dir())
    assert len(folders) == 2
    names = {read_plan(f / "plan.json").venue.name for f in folders}
    assert names == {"Tiny Conf", "Other Conf"}
    assert all(read_plan(f / "plan.json").revision == 1 for f in folders)


def test_a_plan_folder_refuses_another_conference_unless_asked(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    one, two = two_conferences(workdir, tiny)
    out = workdir / "out"
    ok(plan(cli, one, out))
    before = tree(out)
    refused(plan(cli, two, out), 2, "another conference", "Tiny Conf", "--replace")
    # --fresh alone only ignores this conference's placements: still refused.
    refused(plan(cli, two, out, "--fresh"), 2, "another conference")
    assert tree(out) == before
    ok(plan(cli, two, out, "--replace"))
    assert read_plan(out / "plan.json").venue.name == "Other Conf"
    assert read_plan(out / "plan.json").revision == 1
    archived = [read_plan(p) for p in (out / "archive").glob("*/plan.json")]
    assert [p.venue.name for p in archived] == ["Tiny Conf"]


def test_a_list_sharing_no_paper_with_the_plan_is_another_conference(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    out = workdir / "out"
    ok(plan(cli, tiny, out))
    recs = records(tiny)
    for r in recs:
        r["id"] = f"x{r['id']}"
        r["name"] = "Unrelated " + r["name"]
    write_records(tiny, recs)
    refused(plan(cli, tiny, out), 2, "shares no paper", "--replace")


# ------------------------------------------------------------------ 4. links, devices, lock


def test_a_symlinked_calendars_folder_is_replaced_never_followed(
    planned: Path, tiny: Path, victim: Path, cli: Cli
) -> None:
    import shutil

    shutil.rmtree(planned / "calendars")
    (planned / "calendars").symlink_to(victim)
    before = tree(victim)
    ok(plan(cli, tiny, planned, "--fresh"))
    assert tree(victim) == before  # not copied into the archive, not written through
    assert not (planned / "calendars").is_symlink() and (planned / "calendars").is_dir()
    assert not (planned / ".commit.json").exists()
    links = [p for p in (planned / "archive").glob("*/calendars") if p.is_symlink()]
    assert len(links) == 1 and os.readlink(links[0]) == str(victim)
    ok(plan(cli, tiny, planned))


def test_an_output_folder_on_another_file_system(
    planned: Path, tiny: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The staging folder sits beside --out; when --out is a mount point (/dev/shm)
    a rename into it fails with EXDEV, and the commit copies instead."""
    from planner.outputs import folder as output

    real = os.replace

    def across(src: str | Path, dst: str | Path) -> None:
        if ".staging-" in str(src) and ".staging-" not in str(dst):
            raise OSError(errno.EXDEV, "Invalid cross-device link", str(src))
        real(src, dst)

    monkeypatch.setattr(output.os, "replace", across)
    result = ok(plan(cli, tiny, planned, "--fresh", "--seed", "2"))
    assert "revision 1" in result.output
    assert not (planned / ".commit.json").exists()
    assert not list(planned.parent.glob(".out.staging-*"))
    read_plan(planned / "plan.json")
    assert (planned / "calendars" / "conference.ics").exists()


def test_the_lock_belongs_to_the_real_folder(
    planned: Path, tiny: Path, workdir: Path, cli: Cli
) -> None:
    from planner.outputs.lock import locked

    alias = workdir / "alias"
    alias.symlink_to(planned)
    before = tree(planned)
    with locked(planned):
        refused(plan(cli, tiny, alias), 4, "another planner run")
    assert tree(planned) == before


def test_no_file_the_planner_writes_is_written_through_a_link(
    planned: Path, tiny: Path, victim: Path, workdir: Path, cli: Cli
) -> None:
    precious = victim / "sub" / "precious.txt"
    (planned / ".commit.json.tmp").symlink_to(precious)
    (planned / "plan.xlsx.partial").symlink_to(precious)  # not a name the planner uses
    ok(plan(cli, tiny, planned, "--fresh"))
    assert precious.read_text("utf-8") == "keep me"
    assert (planned / "plan.xlsx.partial").is_symlink()
    (workdir / ".out.lock").unlink()
    (workdir / ".out.lock").symlink_to(precious)
    refused(plan(cli, tiny, planned), 2, ".out.lock", "symbolic link")
    assert precious.read_text("utf-8") == "keep me"


def test_a_symlinked_archive_is_refused_with_what_to_do(
    planned: Path, tiny: Path, victim: Path, cli: Cli
) -> None:
    import shutil

    shutil.rmtree(planned / "archive", ignore_errors=True)
    (planned / "archive").symlink_to(victim)
    before = tree(victim)
    refused(plan(cli, tiny, planned, "--fresh"), 2, "archive", "symbolic link", "folder")
    assert tree(victim) == before
    assert not list(planned.parent.glob(".out.staging-*"))


# --------------------------------------------------------------------------- 5. well-formed outputs


def hostile_conference(tiny: Path) -> None:
    recs = records(tiny)
    recs[0]["name"] = "Noncharacters \ufffe\uffff and controls \x01\x0b\x1b[31m"
    recs[0]["authors"][1]["fullname"] = "Bob \uffff Roe"
    recs[1]["abstract"] = "U+FFFE: \ufffe, U+FDD0: \ufdd0, C1: \x85\x9b"
    write_records(tiny, recs)
    venue = (tiny / "venue.toml").read_text("utf-8")
    venue = venue.replace('name = "Hall"', 'name = "Hall\\u0001 \\uFFFE A"')
    venue = venue.replace('name = "Session 1"', 'name = "Session\\u0007 1"')
    (tiny / "venue.toml").write_text(venue, "utf-8")


def test_control_characters_and_noncharacters_give_outputs_that_parse(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    from icalendar import Calendar
    from lxml import etree
    from openpyxl import load_workbook

    hostile_conference(tiny)
    out = workdir / "out"
    ok(plan(cli, tiny, out))
    book = load_workbook(out / "plan.xlsx")
    assert sum(1 for ws in book.worksheets for row in ws.iter_rows(values_only=True)) > 10
    etree.fromstring((out / "schedule.xml").read_bytes())
    for feed in (out / "calendars").rglob("*.ics"):
        Calendar.from_ical(feed.read_bytes())
    assert ok(plan(cli, tiny, out)).output.count("the inputs give the same plan") == 1
    ok(cli("verify", out, tiny))


def test_names_a_rerun_reads_back_must_differ(tiny: Path, base_venue: str, cli: Cli) -> None:
    twice = base_venue.replace('name = "Session 2"', 'name = "session  1"')
    (tiny / "venue.toml").write_text(twice, "utf-8")
    refused(cli("check", tiny), 2, "'s2'", "reads the same as the name of session 's1'")
    rooms = base_venue + '\n[[rooms]]\nid = "b"\nname = "HALL\\u0001"\nboards = 2\n'
    (tiny / "venue.toml").write_text(rooms, "utf-8")
    refused(cli("check", tiny), 2, "[[rooms]] 'b'", "reads the same as the name of room 'hall'")
    swapped = base_venue.replace('name = "Session 2"', 'name = "s1"')
    (tiny / "venue.toml").write_text(swapped, "utf-8")
    refused(cli("check", tiny), 2, "is the id of session 's1'")


def test_rooms_of_one_name_in_an_old_plan_keep_every_poster_in_the_schedule(
    planned: Path, tmp_path: Path
) -> None:
    """A plan file from before the names rule, with rooms named "Hall", "Hall" and
    "Hall (b)": the schedule disambiguates until every room's name is its own."""
    from planner.outputs import schedule
    from planner.read.conference import Venue

    old = read_plan(planned / "plan.json")
    rooms = [
        {**old.venue.rooms[0].model_dump(), "id": rid, "name": name}
        for rid, name in (("hall", "Hall"), ("b", "Hall"), ("c", "Hall (b)"))
    ]
    venue = Venue.model_validate({**old.venue.model_dump(), "rooms": rooms})
    spread = [
        pl.model_copy(update={"room": rid})
        for pl, rid in zip(old.placements, ("hall", "b", "c"), strict=True)
    ]
    copy = old.model_copy(update={"venue": venue, "placements": spread})
    doc = schedule.document(copy)
    conf = doc["schedule"]["conference"]
    assert len({r["name"] for r in conf["rooms"]}) == 3
    events = [e for d in conf["days"] for room in d["rooms"].values() for e in room]
    assert len(events) == len(spread)


def test_verify_notices_a_schedule_whose_rooms_merged(planned: Path, cli: Cli) -> None:
    doc = json.loads((planned / "schedule.json").read_text("utf-8"))
    rooms = doc["schedule"]["conference"]["rooms"]
    rooms.append({**rooms[0], "guid": "00000000-0000-5000-8000-000000000000"})
    (planned / "schedule.json").write_text(json.dumps(doc), "utf-8")
    result = cli("verify", planned)
    assert result.exit_code == 5
    assert "files: schedule.json: rooms share the name" in result.output


def test_an_output_that_does_not_parse_is_never_committed(planned: Path) -> None:
    """The mechanism: whatever a writer gets wrong, the staged files are parsed first."""
    from planner.core.errors import VerificationError
    from planner.outputs.folder import write_outputs
    from planner.outputs.writers import WRITERS

    before = tree(planned)
    good = read_plan(planned / "plan.json")

    def broken_xml(p: object, folder: Path) -> None:
        (folder / "schedule.xml").write_text("<schedule>\x01</schedule>", "utf-8")

    with pytest.raises(VerificationError, match=r"schedule\.xml: not well-formed"):
        write_outputs(good, planned, [*WRITERS, broken_xml])
    assert tree(planned) == before
    assert not list(planned.parent.glob(".out.staging-*"))


# --------------------------------------------------------------------------- 6. withdrawn authors


def test_an_author_whose_last_poster_is_withdrawn_keeps_the_feed(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    from icalendar import Calendar

    out = workdir / "out"
    recs = records(tiny)
    recs[0]["authors"][1]["email"] = "bob@example.org"  # Bob Roe: paper 101 only
    write_records(tiny, recs)
    ok(plan(cli, tiny, out))
    title = read_plan(out / "plan.json").paper_by_id["101"].title
    feed = out / "calendars" / "authors" / "bob-roe-2.ics"
    assert feed.exists()
    recs[0]["decision"] = "Withdrawn"
    write_records(tiny, recs)
    ok(plan(cli, tiny, out))
    assert feed.exists()  # subscribers get the cancellation, not a 404
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED"]
    changes = json.loads((out / "changes.json").read_text("utf-8"))
    bob = next(a for a in changes["authors_affected"] if a["person"] == "id:2")
    assert bob == {
        "person": "id:2",
        "name": "Bob Roe",
        "emails": ["bob@example.org"],
        "papers": ["101"],
    }
    assert changes["removed"] == [{"paper": "101", "title": title}]
    # Later revisions keep the file and the cancelled poster for good: an emptied feed is
    # one that vdirsyncer refuses to sync (docs/calendars.md, rule 6).
    for n in range(3):
        recs[1]["abstract"] = f"revised {n}"
        write_records(tiny, recs)
        ok(plan(cli, tiny, out))
        assert feed.exists()
    assert read_plan(out / "plan.json").revision == 5
    events = Calendar.from_ical(feed.read_bytes()).walk("VEVENT")
    assert [str(e["STATUS"]) for e in events] == ["CANCELLED"]


def three_sessions(tiny: Path) -> None:
    venue = (
        (tiny / "venue.toml")
        .read_text("utf-8")
        .replace(
            """[[rooms]]""",
            """[[sessions]]
id = "s3"
name = "Session 3"
start = 2026-05-21T16:30:00
end = 2026-05-21T18:30:00

[[rooms]]""",
        )
    )
    (tiny / "venue.toml").write_text(venue, "utf-8")


def test_the_summary_says_when_a_pin_moved_a_poster(tiny: Path, workdir: Path, cli: Cli) -> None:
    three_sessions(tiny)
    out = workdir / "out"
    ok(plan(cli, tiny, out))
    first = read_plan(out / "plan.json")
    where = {pl.paper: pl.session for pl in first.placements}
    # Paper 101 shares Ann Lee with 102: a session free of 102 and not its own.
    target = next(s for s in ("s1", "s2", "s3") if s not in (where["101"], where["102"]))
    with (tiny / "venue.toml").open("a", encoding="utf-8") as handle:
        handle.write(f'\n[[pins]]\npaper = 101\nsession = "{target}"\n')
    result = ok(plan(cli, tiny, out))
    after = read_plan(out / "plan.json")
    assert after.figures.strategy == "kept"
    assert after.placement_of["101"].session == target
    assert "every remaining poster kept its session" not in result.output
    assert "1 changed session as a pin, an absence or the venue required" in result.output


# --------------------------------------------------------------------------- 7. revision times


def test_each_revision_shows_when_it_was_made(
    tiny: Path, workdir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    out = workdir / "clock"
    start = datetime.now(UTC).replace(microsecond=0)
    ok(plan(cli, tiny, out))
    first = read_plan(out / "plan.json")
    assert start <= first.revision_time <= datetime.now(UTC)
    stamp = first.revision_time.strftime("%Y-%m-%d %H:%M UTC")
    assert stamp in (out / "report.html").read_text("utf-8")
    assert (
        first.revision_time.strftime("%Y%m%dT%H%M%SZ").encode()
        in (out / "calendars" / "conference.ics").read_bytes()
    )
    # A re-export and an unchanged rerun keep the stored time: byte-identical.
    before = tree(out)
    ok(cli("export", out))
    ok(plan(cli, tiny, out))
    after = tree(out)
    assert {
        k: v for k, v in after.items() if not k.startswith("archive") and not k.endswith(".xlsx")
    } == {
        k: v for k, v in before.items() if not k.startswith("archive") and not k.endswith(".xlsx")
    }


def test_source_date_epoch_sets_the_time(
    tiny: Path, workdir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    ok(plan(cli, tiny, workdir / "a"))
    assert read_plan(workdir / "a" / "plan.json").revision_time == datetime(2026, 1, 1, tzinfo=UTC)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    refused(plan(cli, tiny, workdir / "b"), 2, "SOURCE_DATE_EPOCH")


# --------------------------------------------------------------------------- 8. clear messages


def test_ids_too_long_for_a_file_name_are_refused_while_reading(tiny: Path, cli: Cli) -> None:
    recs = records(tiny)
    recs[0]["authors"][0]["id"] = "9" * 300  # would name an author's feed file
    write_records(tiny, recs)
    refused(cli("check", tiny), 2, "record 1 (id 101), author 1", "more than the 100")
    recs[0]["authors"][0]["id"] = 1
    recs[1]["id"] = "p" * 250
    write_records(tiny, recs)
    refused(cli("check", tiny), 2, "record 2, field 'id'", "more than the 100")


def test_lone_surrogates_are_refused_where_they_are(tiny: Path, cli: Cli) -> None:
    text = (tiny / "papers.json").read_text("utf-8")
    text = text.replace('"Ann Lee", "institution"', '"Ann \\ud800Lee", "institution"', 1)
    (tiny / "papers.json").write_text(text, "utf-8")
    refused(cli("check", tiny), 2, "record 1", "authors[0].fullname", "lone UTF-16 surrogate")


def test_deeply_nested_extra_fields_are_refused(tiny: Path, cli: Cli) -> None:
    recs = records(tiny)
    deep: object = "bottom"
    for _ in range(200):
        deep = {"x": [deep]}
    recs[2]["extra"] = deep
    write_records(tiny, recs)
    refused(cli("check", tiny), 2, "record 3", "nests lists or objects more than 32 levels")


def test_markup_and_escape_sequences_from_the_input_are_shown_as_text(
    tiny: Path, workdir: Path, cli: Cli
) -> None:
    recs = records(tiny)
    recs[0]["decision"] = "[/red]"
    recs[1]["authors"][0]["fullname"] = "Ann [bold]Lee\x1b[2J"
    write_records(tiny, recs)
    venue = (tiny / "venue.toml").read_text("utf-8")
    venue = venue.replace('"Tiny Conf"', '"Tiny [/] Conf \\u001b]0;pwned\\u0007"')
    venue = venue.replace(
        '"Accept", "Conditional Accept"', '"Accept", "Conditional Accept", "[/red]"'
    )
    (tiny / "venue.toml").write_text(venue, "utf-8")
    result = cli("check", tiny)
    assert result.exit_code == 0, result.output
    assert "[/red]" in result.output and "Tiny [/] Conf \\x1b]0;pwned\\x07" in result.output
    assert "\x1b" not in result.output and "\x07" not in result.output
    result = ok(plan(cli, tiny, workdir / "out"))
    assert "Tiny [/] Conf \\x1b]0;pwned\\x07" in result.output and "\x1b" not in result.output


def test_a_read_only_output_folder_leaves_no_staging(
    planned: Path, tiny: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planner.outputs import folder as output

    def read_only(out: Path, *args: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied", str(out / ".commit.json"))

    before = tree(planned)
    monkeypatch.setattr(output, "_write_journal", read_only)
    refused(
        plan(cli, tiny, planned, "--fresh"), 2, "Permission denied", "nothing in it was changed"
    )
    assert tree(planned) == before
    assert not list(planned.parent.glob(".out.staging-*"))


def test_a_read_only_parent_folder_says_so(
    tiny: Path, workdir: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Path.mkdir

    def mkdir(self: Path, *args: object, **kwargs: object) -> None:
        if ".staging-" in self.name:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "mkdir", mkdir)
    refused(
        plan(cli, tiny, workdir / "out"),
        2,
        "staging folder",
        "Permission denied",
        "folder you can write to",
    )
    assert not (workdir / "out").exists()


def test_export_refuses_a_hand_damaged_plan(planned: Path, cli: Cli) -> None:
    before = tree(planned)
    data = json.loads((planned / "plan.json").read_text("utf-8"))
    data["placements"][0]["session"] = "no-such-session"
    (planned / "plan.json").write_text(json.dumps(data), "utf-8")
    refused(cli("export", planned), 2, "plan.json", "field 'placements.0'", "no-such-session")
    # One that reads but breaks a hard rule: export runs verify on what it writes.
    data["placements"][0]["session"] = "s1"
    data["placements"][0]["board"], data["placements"][0]["label"] = 99, "99"
    (planned / "plan.json").write_text(json.dumps(data), "utf-8")
    damaged = tree(planned)
    refused(cli("export", planned), 5, "board: poster", "boards 1..4")
    assert tree(planned) == damaged != before


def test_a_damaged_workbook_sheet_stops_the_rerun_with_a_message(
    planned: Path, tiny: Path, cli: Cli
) -> None:
    book = planned / "plan.xlsx"
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    sheet = "xl/worksheets/sheet2.xml"  # Placements, the sheet read back
    parts[sheet] = parts[sheet][: len(parts[sheet]) // 2]
    with zipfile.ZipFile(book, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    refused(plan(cli, tiny, planned), 2, "plan.xlsx", "sheet 'Placements'", "cannot be read")
    ok(plan(cli, tiny, planned, "--fresh"))


@pytest.mark.parametrize("command", ["check", "verify"])
def test_a_closed_pipe_ends_quietly(planned: Path, command: str) -> None:
    """``planner verify DIR | head -1``: the reader goes away; no traceback, no exit 70."""
    read, write = os.pipe()
    os.close(read)
    target = EXAMPLE if command == "check" else planned
    done = subprocess.run(
        [sys.executable, "-m", "planner", command, str(target)],
        stdout=write,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )
    os.close(write)
    assert done.returncode != 70
    assert done.stderr == ""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_given_as_the_paper_list_is_refused(tiny: Path) -> None:
    fifo = tiny / "papers.csv"
    (tiny / "papers.json").unlink()
    os.mkfifo(fifo)
    done = subprocess.run(
        [sys.executable, "-m", "planner", "check", str(tiny)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=30,
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert "not a regular file" in done.stderr


# --------------------------------------------------------------------------- 9. limits


def test_absurd_venues_end_in_seconds(tiny: Path, base_venue: str, cli: Cli) -> None:
    cases = {
        "boards = 1000000000000": ("boards = 4", "boards = 1000000000000"),
        "1.5 billion characters of label": (
            "[[rooms]]",
            '[rules]\nboard_label = "{prefix}{number:>1500000000}"\n\n[[rooms]]',
        ),
        "a label padded by the prefix": (
            "[[rooms]]",
            '[rules]\nboard_label = "{number:{prefix}}"\n\n[[rooms]]',
        ),
        "year 1": ("2026-05-19T16:30:00", "0001-05-19T16:30:00"),
    }
    for what, (old, new) in cases.items():
        (tiny / "venue.toml").write_text(base_venue.replace(old, new, 1), "utf-8")
        started = datetime.now(UTC)
        text = refused(cli("check", tiny), 2)
        assert (datetime.now(UTC) - started).total_seconds() < 5, what
        assert "venue.toml" in text, what


def test_a_five_thousand_author_paper_is_refused(tiny: Path, cli: Cli) -> None:
    recs = records(tiny)
    recs[0]["authors"] = [{"id": i, "fullname": f"Person {i}"} for i in range(5000)]
    write_records(tiny, recs)
    refused(cli("check", tiny), 2, "record 1 (id 101), field 'authors'", "5,000 authors", "1,000")


def test_too_many_co_author_pairs_are_refused(tiny: Path, cli: Cli) -> None:
    recs = records(tiny)
    for n, r in enumerate(recs):
        r["authors"] = [{"id": n * 1000 + i, "fullname": f"P {n} {i}"} for i in range(1000)]
    recs += [{**recs[0], "id": 200 + k, "decision": "Accept"} for k in range(3)]
    write_records(tiny, recs)
    refused(cli("check", tiny), 2, "co-author pairs", "5,000,000")


def test_a_huge_paper_list_is_refused_before_it_is_read(tiny: Path, cli: Cli) -> None:
    with (tiny / "papers.json").open("wb") as handle:
        handle.truncate(101 * 2**20)  # sparse: 101 MB stated, nothing written
    refused(cli("check", tiny), 2, "papers.json", "101 MB, more than the 100 MB")


def test_too_many_posters_are_refused(tiny: Path, cli: Cli) -> None:
    write_records(tiny, [{"id": i, "name": f"T{i}", "authors": [f"A{i}"]} for i in range(20_001)])
    refused(cli("check", tiny), 2, "20,001 papers get a poster", "20,000")


def bomb(tiny: Path, placeholder_becomes: bytes, times: int) -> Path:
    """A small papers.xlsx whose text PLACEHOLDER is replaced by ``times`` copies of
    ``placeholder_becomes``, written in pieces into the zip."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "title", "authors"])
    sheet.append([1, "PLACEHOLDER", "Ann Lee"])
    small = tiny / "small.xlsx"
    book.save(small)
    target = tiny / "papers.xlsx"
    (tiny / "papers.json").unlink()
    with (
        zipfile.ZipFile(small) as src,
        zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if b"PLACEHOLDER" not in data:
                dst.writestr(info, data)
                continue
            head, tail = data.split(b"PLACEHOLDER")
            with dst.open(info.filename, "w", force_zip64=True) as part:
                part.write(head)
                for _ in range(times // 1000):
                    part.write(placeholder_becomes * 1000)
                part.write(tail)
    small.unlink()
    return target


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unopened(tiny: Path, cli: Cli) -> None:
    """A small .xlsx whose one string unpacks to 210 MB: refused from the zip's directory."""
    assert bomb(tiny, b"a" * 2**10, 210 * 2**10).stat().st_size < 5 * 2**20
    refused(cli("check", tiny), 2, "papers.xlsx", "unpacks to 210 MB", "200 MB")


def test_a_workbook_of_millions_of_texts_is_refused_unopened(tiny: Path, cli: Cli) -> None:
    """Millions of empty shared strings: a few kilobytes of zip, a list of millions."""
    target = bomb(tiny, b"", 0)
    with zipfile.ZipFile(target) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>",
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as part:
            part.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for _ in range(3_000):
                part.write(b"<si/>" * 1_000)
            part.write(b"</sst>")
    assert target.stat().st_size < 2**20
    refused(cli("check", tiny), 2, "papers.xlsx", "more than 2,000,000 texts")


def test_the_readme_states_every_limit() -> None:
    """The README's table of limits and planner.core.limits say the same numbers."""
    from planner.core import limits

    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### Limits", 1)[1].split("\n## ", 1)[0]
    for name in (
        "MAX_RECORDS",
        "MAX_POSTERS",
        "MAX_AUTHORS",
        "MAX_COAUTHOR_PAIRS",
        "MAX_ID_CHARS",
        "MAX_NAME_CHARS",
        "MAX_TEXT_CHARS",
        "MAX_DEPTH",
        "MAX_SESSIONS",
        "MAX_ROOMS",
        "MAX_BOARDS",
        "MAX_BOARD_SLOTS",
        "MAX_LABEL_WIDTH",
        "MAX_SPAN_DAYS",
        "MAX_XLSX_STRINGS",
    ):
        assert f"{getattr(limits, name):,}" in section, name
    for name in ("MAX_PAPER_FILE_BYTES", "MAX_VENUE_FILE_BYTES", "MAX_XLSX_UNPACKED_BYTES"):
        assert f"{getattr(limits, name) // 2**20} MB" in section, name


# --------------------------------------------------------------------------- 10. portability


WITHOUT_FCNTL = """\
import sys
sys.modules["fcntl"] = None  # as on Windows: importing it fails
from planner.cli import main
sys.argv = ["planner", *sys.argv[1:]]
main()
"""
HOLD_LOCK = """\
import subprocess, sys
sys.modules["fcntl"] = None
from pathlib import Path
from planner.outputs.lock import locked
launcher, folder, out = sys.argv[1:]
with locked(Path(out)):
    done = subprocess.run([sys.executable, launcher, "plan", folder, "--out", out],
                          capture_output=True, text=True)
print(done.returncode)
print(done.stderr)
"""


def test_the_planner_runs_and_locks_without_fcntl(tiny: Path, workdir: Path) -> None:
    """No fcntl (as on Windows): the planner still runs, and its lock still refuses a
    second run into the same folder."""
    launcher, holder = workdir / "without_fcntl.py", workdir / "hold_lock.py"
    launcher.write_text(WITHOUT_FCNTL, "utf-8")
    holder.write_text(HOLD_LOCK, "utf-8")
    out = workdir / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.run(
        [sys.executable, str(launcher), "plan", str(tiny), "--out", str(out), "--time-limit", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [sys.executable, str(holder), str(launcher), str(tiny), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert second.returncode == 0, second.stderr
    code, _, message = second.stdout.partition("\n")
    assert code == "4", second.stdout
    assert "another planner run" in message
