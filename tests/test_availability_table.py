"""Availability from a table (``rules.availability``): a form's export names who is away when.

A small conference is written per test: six papers whose authors are known by
id, by e-mail only, and by a name two people share; four sessions over three
days.  The table is written beside the venue as a form export would give it.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import Result

from planner.people.inputs import load
from planner.read.venue.reader import read_venue

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "mlsys2026"

VENUE = """\
name = "Avail Conf"
timezone = "America/Los_Angeles"

[[sessions]]
id = "s1"
name = "Poster Session 1"
start = 2026-05-19T17:00:00
end = 2026-05-19T19:00:00

[[sessions]]
id = "s2"
name = "Poster Session 2"
start = 2026-05-20T13:30:00
end = 2026-05-20T15:00:00

[[sessions]]
id = "s3"
name = "Poster Session 3"
start = 2026-05-20T17:00:00
end = 2026-05-20T19:00:00

[[sessions]]
id = "s4"
name = "Poster Session 4"
start = 2026-05-21T13:30:00
end = 2026-05-21T15:00:00

[[rooms]]
id = "hall"
name = "Hall"
boards = 4

[rules]
availability = "availability.csv"
"""

ANN = {"id": 1, "fullname": "Ann Lee", "institution": "MIT", "email": "ann@mit.edu"}
BOB = {"id": 2, "fullname": "Bob Roe", "institution": "CMU", "email": "bob@cmu.edu"}
CLEO = {"id": 3, "fullname": "Cleo Park", "institution": "ETH"}
DEV = {"id": None, "fullname": "Dev Rao", "institution": "IISc", "email": "dev@iisc.in"}
YU_A = {"id": 7, "fullname": "Yu Wang", "institution": "Harvard"}
YU_B = {"id": 8, "fullname": "Yu Wang", "institution": "Tsinghua"}
JOSE = {"id": 10, "fullname": "José Núñez", "institution": "UPM"}
PAPERS = [
    ("p1", "Sparse attention kernels", [ANN, BOB]),
    ("p2", "Compiler autotuning", [CLEO]),
    ("p3", "Federated privacy", [DEV, YU_A]),
    ("p4", "Graph sampling", [YU_B]),
    ("p5", "Quantized training", [BOB]),
    ("p6", "Dataset streaming", [ANN, JOSE]),
]

# Expected person keys: an id where the list has one, else the e-mail.
KEY = {"ann": "id:1", "bob": "id:2", "cleo": "id:3", "dev": "email:dev@iisc.in", "jose": "id:10"}


@pytest.fixture
def conf(workdir: Path) -> Path:
    """A conference folder (papers.json, venue.toml naming availability.csv)."""
    folder = workdir / "conf"
    folder.mkdir()
    records = [
        {"id": pid, "name": title, "authors": authors, "abstract": title, "decision": "Accept"}
        for pid, title, authors in PAPERS
    ]
    (folder / "papers.json").write_text(
        json.dumps({"count": len(records), "results": records}), "utf-8"
    )
    (folder / "venue.toml").write_text(VENUE, "utf-8")
    return folder


def table(folder: Path, text: str, name: str = "availability.csv", encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def away(folder: Path) -> dict[str, set[str]]:
    """Person key -> sessions, as the planner reads the inputs."""
    return load(folder).index.unavailable


# --------------------------------------------------------------------------- who


def test_rows_name_authors_by_id_e_mail_and_name(conf: Path) -> None:
    table(
        conf,
        "Author ID,Email,Name,Unavailable\n"
        "1,,,s1\n"  # by id
        ",dev@iisc.in,,s2\n"  # by e-mail (an author keyed by e-mail)
        ",BOB@cmu.edu,,s3\n"  # by e-mail of an author listed with an id too
        ",,cleo  PARK,s4\n",
    )  # by name, case and spacing ignored
    assert away(conf) == {
        KEY["ann"]: {"s1"},
        KEY["dev"]: {"s2"},
        KEY["bob"]: {"s3"},
        KEY["cleo"]: {"s4"},
    }


def test_the_first_reference_that_matches_wins_id_then_e_mail_then_name(conf: Path) -> None:
    table(
        conf,
        "Author ID,Email,Name,Unavailable\n"
        "1,bob@cmu.edu,Cleo Park,s1\n"  # the id wins
        "999,bob@cmu.edu,Cleo Park,s2\n"  # an unknown id: the e-mail
        "999,nobody@x.org,Cleo Park,s3\n",
    )  # neither: the name
    assert away(conf) == {KEY["ann"]: {"s1"}, KEY["bob"]: {"s2"}, KEY["cleo"]: {"s3"}}


def test_first_and_last_name_columns_make_the_name(conf: Path) -> None:
    table(conf, "First name,Last name,Cannot attend\nCleo,Park,s4\n")
    assert away(conf) == {KEY["cleo"]: {"s4"}}


def test_the_table_and_unavailable_entries_combine(conf: Path) -> None:
    venue = conf / "venue.toml"
    venue.write_text(
        venue.read_text("utf-8") + '\n[[unavailable]]\nauthor = "Ann Lee"\nsessions = ["s2"]\n',
        "utf-8",
    )
    table(conf, "Name,Unavailable\nAnn Lee,s1\nBob Roe,s4\n")
    assert away(conf) == {KEY["ann"]: {"s1", "s2"}, KEY["bob"]: {"s4"}}
    entries = read_venue(venue).unavailable
    assert [(u.author, u.row) for u in entries] == [("Ann Lee", 0), ("Ann Lee", 2), ("Bob Roe", 3)]


# --------------------------------------------------------------------------- when


@pytest.mark.parametrize(
    ("cell", "sessions"),
    [
        ("s2", {"s2"}),
        ("Poster Session 4", {"s4"}),
        ("poster  session 4", {"s4"}),
        ("Poster Session 1 (Tue 17:00-19:00)", {"s1"}),
        ("2026-05-20", {"s2", "s3"}),
        ("Wednesday 20 May", {"s2", "s3"}),
        ('"Wednesday, May 20"', {"s2", "s3"}),
        ('"Wednesday, May 20, 2026"', {"s2", "s3"}),
        ("May 21st", {"s4"}),
        ("21 May 2026", {"s4"}),
        ("Thursday", {"s4"}),
        ("thu", {"s4"}),
        ("Thu 21", {"s4"}),
        ("20.05.", {"s2", "s3"}),
        ("2026-05-20T17:00", {"s3"}),
        ("20/05/2026", {"s2", "s3"}),
        ("5/21/2026", {"s4"}),
        ("2026-05-21 00:00:00", {"s4"}),  # a spreadsheet's date cell
        ("2026-05-20 13:30:00", {"s2"}),  # a session's start
        ('"s1, Thursday"', {"s1", "s4"}),
        ("s1; Poster Session 2", {"s1", "s2"}),
    ],
)
def test_sessions_by_id_name_and_date(conf: Path, cell: str, sessions: set[str]) -> None:
    table(conf, f"Name,Sessions you cannot attend\nAnn Lee,{cell}\n")
    assert away(conf) == {KEY["ann"]: sessions}


def test_every_sessions_column_is_read_and_empty_answers_avoid_nothing(conf: Path) -> None:
    table(
        conf,
        "Name,Unavailable 1,Unavailable 2,Dates unavailable\n"
        "Ann Lee,s1,,2026-05-21\n"
        "Bob Roe,none,,\n"  # "none": can attend everything
        "Cleo Park,,,\n",
    )
    venue = read_venue(conf / "venue.toml")
    assert venue.availability_rows == 3
    assert [(u.author, u.sessions) for u in venue.unavailable] == [("Ann Lee", ["s1", "s4"])]
    assert away(conf) == {KEY["ann"]: {"s1", "s4"}}


@pytest.mark.parametrize(
    ("author_header", "value", "sessions_header"),
    [
        ("Author ID", "1", "Unavailable"),
        ("OpenReview ID", "1", "Not available"),
        ("Email", "ann@mit.edu", "Cannot attend"),
        ("Email Address", "ann@mit.edu", "Dates unavailable"),
        ("Your e-mail", "ann@mit.edu", "Unavailable sessions"),
        ("Name", "Ann Lee", "Sessions you cannot attend"),
        ("Full name", "Ann Lee", "Sessions you can't attend"),
        ("Your name", "Ann Lee", "UNAVAILABLE"),
        ("author_name", "Ann Lee", "unavailable-sessions"),
    ],
)
def test_header_spellings_of_form_exports(
    conf: Path, author_header: str, value: str, sessions_header: str
) -> None:
    table(conf, f"Timestamp,{author_header},{sessions_header}\n2026-04-01 10:00,{value},s3\n")
    assert away(conf) == {KEY["ann"]: {"s3"}}


def test_a_windows_1252_semicolon_csv_and_a_tsv(conf: Path) -> None:
    table(conf, "Full name;Unavailable\r\nJosé Núñez;s2, s3\r\n", encoding="cp1252")
    assert away(conf) == {KEY["jose"]: {"s2", "s3"}}
    table(conf, "Name\tUnavailable\nJosé Núñez\ts1\n", encoding="utf-16")
    assert away(conf) == {KEY["jose"]: {"s1"}}


def test_an_xlsx_table_with_date_cells(conf: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "Notes"
    sheet = wb.create_sheet("Form Responses 1")
    sheet.append(["Timestamp", "Email Address", "Your name", "Dates unavailable"])
    sheet.append([datetime(2026, 4, 1, 9, 30), "ann@mit.edu", "Ann Lee", datetime(2026, 5, 21)])
    sheet.append([datetime(2026, 4, 2, 9, 30), None, "Cleo Park", "Poster Session 1"])
    wb.save(conf / "availability.xlsx")
    venue = conf / "venue.toml"
    venue.write_text(
        venue.read_text("utf-8").replace("availability.csv", "availability.xlsx"), "utf-8"
    )
    assert away(conf) == {KEY["ann"]: {"s4"}, KEY["cleo"]: {"s1"}}


# --------------------------------------------------------------------------- bad input


def test_a_session_or_date_that_matches_no_session_names_row_and_column(
    conf: Path, expect_input_error: Callable[..., str]
) -> None:
    table(conf, "Name,Unavailable\nAnn Lee,s1\nBob Roe,Friday\nCleo Park,2026-05-25\nDev Rao,s9\n")
    message = expect_input_error(
        [conf],
        "conf/availability.csv: row 3, column 'Unavailable': 'Friday' names a Friday, and no "
        "poster session is on a Friday.",
        "conf/availability.csv: row 4, column 'Unavailable': '2026-05-25' is Mon 2026-05-25, "
        "when there is no poster session.",
        "conf/availability.csv: row 5, column 'Unavailable': 's9' is no session id or name, "
        "and no date.",
        # The fix says which sessions and dates exist.
        "Use a session id or name, or a date with sessions: sessions s1 'Poster Session 1', "
        "s2 'Poster Session 2', s3 'Poster Session 3', s4 'Poster Session 4'; dates "
        "Tue 2026-05-19, Wed 2026-05-20, Thu 2026-05-21.",
    )
    assert "row 2" not in message


def test_a_weekday_that_contradicts_the_date_is_refused(
    conf: Path, expect_input_error: Callable[..., str]
) -> None:
    table(conf, "Name,Unavailable\nAnn Lee,Tuesday 20 May\n")
    expect_input_error(
        [conf],
        "row 2, column 'Unavailable': 'Tuesday 20 May' says Tuesday, "
        "but Wed 2026-05-20 is a Wednesday",
    )


def test_a_missing_table_is_named_as_resolved_beside_the_venue(
    conf: Path, expect_input_error: Callable[..., str]
) -> None:
    venue = conf / "venue.toml"
    venue.write_text(
        venue.read_text("utf-8").replace('"availability.csv"', '"forms/answers.csv"'), "utf-8"
    )
    expect_input_error(
        [conf],
        "error: conf/forms/answers.csv: no such file (the availability "
        "table that rules.availability in conf/venue.toml names; the path is "
        "relative to the venue file).",
    )


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        (
            "Timestamp,Unavailable\n2026-04-01,s1\n",
            "row 1 (header): no author column (the headers are 'Timestamp', 'Unavailable'). "
            "Add a column 'Author ID', 'Email' or 'Name'",
        ),
        (
            "Name,Comments\nAnn Lee,s1\n",
            "row 1 (header): no column of sessions to avoid (the headers are 'Name', "
            "'Comments'). Name it 'Unavailable'",
        ),
        (
            "Name,Email,Unavailable\n,,s1\n",
            "row 2: names sessions but no author (its id, e-mail and name cells are empty). "
            "Fill one of them in, or delete the row.",
        ),
        (
            'Name,Unavailable\nAnn Lee,"s1\n',
            'row 2: a quote (") opened on this row is never closed',
        ),
        ("", "the table is empty. Put a header row (author id, e-mail or name"),
        (
            "Name,Email,E-mail,Unavailable\nAnn Lee,a@b.c,a@b.c,s1\n",
            "row 1: columns 'Email' and 'E-mail' both give the email",
        ),
    ],
)
def test_bad_tables_are_refused_with_file_row_and_fix(
    conf: Path, expect_input_error: Callable[..., str], text: str, fragment: str
) -> None:
    table(conf, text)
    expect_input_error([conf], "conf/availability.csv: ", fragment)


def test_an_unreadable_workbook_is_refused(
    conf: Path, expect_input_error: Callable[..., str]
) -> None:
    (conf / "availability.xlsx").write_bytes(b"PK\x03\x04 this is no workbook")
    venue = conf / "venue.toml"
    venue.write_text(
        venue.read_text("utf-8").replace("availability.csv", "availability.xlsx"), "utf-8"
    )
    expect_input_error([conf], "conf/availability.xlsx: not a readable .xlsx workbook.")


# --------------------------------------------------------------------------- planner check


def test_check_counts_rows_and_warns_of_unknown_and_shared_names(
    conf: Path, cli: Callable[..., Result]
) -> None:
    table(conf, "Name,Unavailable\nAnn Lee,s1\nZed Nobody,s2\nYu Wang,s3\nBob Roe,\n")
    result = cli("check", conf)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert (
        "Availability: 4 row(s) read from availability.csv, 3 naming sessions to avoid; "
        "1 author(s) matched."
    ) in out
    assert "warning: 1 row(s) name nobody on an accepted paper and are ignored" in out
    assert "  row 3: 'Zed Nobody'\n" in out
    assert (
        "warning: 1 row(s) give a name several people share and are ignored: add the "
        "author's id or e-mail to the row" in out
    )
    assert "  row 4: 'Yu Wang' (2 people)\n" in out
    # Ignored, not guessed: neither Yu Wang is away.
    assert away(conf) == {KEY["ann"]: {"s1"}}


def test_check_keeps_hundreds_of_unknown_authors_short(
    conf: Path, cli: Callable[..., Result]
) -> None:
    rows = "".join(f"Withdrawn Author {i},s1\n" for i in range(300))
    table(conf, "Name,Unavailable\n" + rows)
    result = cli("check", conf)
    assert result.exit_code == 0, result.output
    assert "warning: 300 row(s) name nobody on an accepted paper" in result.stdout
    assert "  row 11: 'Withdrawn Author 9'\n" in result.stdout
    assert "Withdrawn Author 10'" not in result.stdout
    assert "  … and 290 more\n" in result.stdout


def test_an_author_away_for_every_session_is_explained_with_the_table(
    conf: Path, cli: Callable[..., Result]
) -> None:
    table(conf, 'Name,Unavailable\nCleo Park,"Tuesday, Wednesday"\nCleo Park,Thursday\n')
    result = cli("check", conf)
    assert result.exit_code == 3, result.output
    assert (
        "Paper p2 has no session all its authors can attend (unavailable: Cleo Park (3)): "
        "relax an [[unavailable]] entry or a row of availability.csv." in result.stdout
    )


def test_the_example_venue_reads_its_table(cli: Callable[..., Result]) -> None:
    result = cli("check", EXAMPLE, "--venue", EXAMPLE / "venue-modes.toml")
    assert result.exit_code == 0, result.output
    assert (
        "Availability: 7 row(s) read from availability.csv, 6 naming sessions to avoid; "
        "5 author(s) matched."
    ) in result.stdout
    assert "  row 8: 'Dana Whitfield'\n" in result.stdout
    inputs = load(EXAMPLE, EXAMPLE / "venue-modes.toml")
    people = {p.name: key for key, p in inputs.index.people.items()}
    assert inputs.index.unavailable == {
        people["Song Han"]: {"thu-aft"},  # by id, and by session name
        people["Tianqi Chen"]: {"tue-eve"},  # by name, and by date
        people["Divya Mahajan"]: {"thu-aft"},
        people["Zhihao Jia"]: {"wed-aft", "wed-eve"},  # by session ids
        people["Kan Zhu"]: {"thu-aft"},  # by weekday
    }


def test_the_output_folder_may_not_hold_the_table(conf: Path, cli: Callable[..., Result]) -> None:
    (conf / "out").mkdir()
    table(conf, "Name,Unavailable\nAnn Lee,s1\n", name="out/answers.csv")
    venue = conf / "venue.toml"
    venue.write_text(
        venue.read_text("utf-8").replace('"availability.csv"', '"out/answers.csv"'), "utf-8"
    )
    result = cli("plan", conf, "--out", conf / "out")
    assert result.exit_code == 2
    assert "the output folder holds the input conf/out/answers.csv" in result.stderr


# --------------------------------------------------------------------------- plans


@pytest.mark.slow
def test_a_plan_honours_the_table_and_reruns_verify_and_export_without_it(
    conf: Path, cli: Callable[..., Result]
) -> None:
    # Ann (p1, p6) only in s4; Bob (p1, p5) not on Wednesday; Dev (p3) not in s1.
    table(
        conf,
        "OpenReview ID,Email Address,Full name,Sessions you cannot attend\n"
        '1,,,"Tuesday, May 19; Wednesday"\n'
        ",bob@cmu.edu,,2026-05-20\n"
        ",,Dev Rao,Poster Session 1\n"
        ",,Zed Nobody,s4\n",
    )
    out = conf.parent / "out"
    result = cli("plan", conf, "--out", out, "--time-limit", "2")
    assert result.exit_code == 0, result.output
    assert "availability.csv: 1 row(s) name nobody on an accepted paper" in result.stderr
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    session = {pl["paper"]: pl["session"] for pl in plan["placements"]}
    assert session["p1"] == session["p6"] == "s4"
    assert session["p5"] not in {"s2", "s3"}
    assert session["p3"] != "s1"
    # The plan's venue copy holds the rows, so the table is not needed to check it.
    rows = [(u["author"], u["sessions"], u["row"]) for u in plan["venue"]["unavailable"]]
    assert rows[0] == ("1", ["s1", "s2", "s3"], 2)

    checked = cli("verify", out, conf)
    assert checked.exit_code == 0, checked.output
    # A rerun after the form got another answer: Cleo (p2) cannot come on Thursday.
    with (conf / "availability.csv").open("a", encoding="utf-8") as handle:
        handle.write(",,Cleo Park,Thursday\n")
    rerun = cli("plan", conf, "--out", out, "--time-limit", "2")
    assert rerun.exit_code == 0, rerun.output
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    assert plan["revision"] == 2
    session = {pl["paper"]: pl["session"] for pl in plan["placements"]}
    assert session["p1"] == session["p6"] == "s4" != session["p2"]
    (conf / "availability.csv").unlink()
    for args in (("verify", out), ("export", out)):
        done = cli(*args)
        assert done.exit_code == 0, (args, done.output)
    assert (
        "row(s) of the availability table (availability.csv) name nobody"
        in cli("verify", out).stdout
    )
    # Planning again needs the table again, and says where it should be.
    again = cli("plan", conf, "--out", out, "--time-limit", "2")
    assert again.exit_code == 2
    assert "conf/availability.csv: no such file" in again.stderr


@pytest.mark.slow
def test_verify_reads_the_table_rows_of_the_plan_as_the_planner_does(
    conf: Path, cli: Callable[..., Result]
) -> None:
    table(conf, "Name,Unavailable\nCleo Park,s1\nYu Wang,s2\n")
    out = conf.parent / "out"
    assert cli("plan", conf, "--out", out, "--time-limit", "2").exit_code == 0
    path = out / "plan.json"
    plan = json.loads(path.read_text("utf-8"))
    assert cli("verify", out).exit_code == 0
    # Cleo's poster moved by hand into the session her row says she is away for.
    placement = next(pl for pl in plan["placements"] if pl["paper"] == "p2")
    assert placement["session"] != "s1"
    placement["session"] = "s1"
    path.write_text(json.dumps(plan), "utf-8")
    result = cli("verify", out)
    assert result.exit_code == 5
    assert "unavailable: poster p2" in result.stdout
    assert "which its author 'Cleo Park' is away for" in result.stdout
    # The shared name is ignored by plan and verify alike.
    assert "several people on the plan's papers and are not checked: row(s) 3" in result.stdout


# --------------------------------------------------------------------------- any input

_DATEISH = st.from_regex(
    r"(mon|tuesday|Wed|THU|fri|sun)?[ ,]{0,2}(\d{1,5})?(st|th)?[ /.-]{0,2}(\d{1,5})?[ /.-]{0,2}"
    r"(may|june|Jan|sept)?[ ,]{0,2}(\d{1,5})?([ T]\d{1,2}:\d{1,2}(:\d{1,2})?)?",
    fullmatch=True,
)
_CELL = st.one_of(
    st.text(max_size=30),
    _DATEISH,
    st.lists(_DATEISH, max_size=4).map(", ".join),
    st.sampled_from(["s1", "Poster Session 2 (x)", "none", ";;", ",,", "2026-02-29"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cell=_CELL)
def test_any_cell_names_sessions_or_says_why_not(cell: str) -> None:
    """Whatever a form answer says, it gives venue sessions or a reason, never a crash."""
    from planner.read.availability import _Days, _sessions_in
    from planner.read.venue.reader import parse_venue

    venue = parse_venue(tomllib.loads(VENUE))
    found, bad = _sessions_in(cell, _Days(venue.sessions))
    assert set(found) <= {"s1", "s2", "s3", "s4"}
    assert all(token and why for token, why in bad)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(st.lists(_CELL, min_size=1, max_size=4), max_size=5),
    header=st.lists(
        st.sampled_from(["Name", "Email", "Author ID", "Unavailable", "Dates", "x", ""]),
        min_size=1,
        max_size=4,
    ),
)
def test_any_table_is_read_or_refused_with_a_message(
    rows: list[list[str]], header: list[str]
) -> None:
    """Whatever the table holds, the venue is read or an InputError names the table."""
    import csv
    import io
    import tempfile

    from planner.core.errors import InputError

    with tempfile.TemporaryDirectory() as folder:
        text = io.StringIO()
        csv.writer(text).writerows([header, *rows])
        (Path(folder) / "availability.csv").write_text(text.getvalue(), "utf-8")
        (Path(folder) / "venue.toml").write_text(VENUE, "utf-8")
        try:
            venue = read_venue(Path(folder) / "venue.toml")
        except InputError as exc:
            assert all("availability.csv: " in str(p) for p in exc.problems)
        else:
            ids = {"s1", "s2", "s3", "s4"}
            assert all(
                u.row >= 2 and u.sessions and set(u.sessions) <= ids for u in venue.unavailable
            )
