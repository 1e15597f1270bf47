"""EasyChair's export: CSV tables (a folder, a .zip, a lone submission.csv) or the Excel snapshot.

The tables are written here from EasyChair's published column layout
(submission.csv, author.csv, submission_topic.csv, topic.csv, track.csv);
every person in them is fictional.  The golden tests compare whole papers,
so a change in any field shows; the others cover each gotcha of the format,
the sniffing (claims its own files, not the others'), ``--from`` and the
messages for a bad export; the last runs planner check and plan end to end.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_VENUE
from openpyxl import Workbook
from typer.testing import Result

from planner.core.errors import InputError
from planner.read.papers import easychair_tables
from planner.read.papers.easychair import READER, split_display
from planner.read.papers.reader import read_papers
from planner.read.papers.systems import ReadOptions, Source, sniffed
from planner.read.places import record_values

SUBMISSION_HEADER = (
    "#,title,authors,submitted,last updated,form fields,keywords,decision,notified,"
    "reviews sent,abstract,deleted?\n"
)
STAMPS = "2026-01-05 10:00,2026-01-06 11:00,"
SUBMISSION = SUBMISSION_HEADER + (
    f'1,Graph Sparsifiers for Tiny Clusters,"Ann Lee, Bo Chen and Cara Diaz",{STAMPS},'
    '"graphs\nsparsification",accept,yes,yes,Sparse graphs.,no\n'
    f"2,Compilers That Dream,Dan Evans and Ann Lee,{STAMPS},compilers,accept as poster,"
    "yes,yes,Dreaming compilers.,no\n"
    f"3,Rejected Idea,Eve Fox,{STAMPS},,reject,yes,yes,,no\n"
    f"4,Withdrawn Work,Gus Hill,{STAMPS},,accept,no,no,,yes\n"
    f'5,No Author Rows,"Hana Ito, Ivan Jones and Kim Lo",{STAMPS},,ACCEPT,yes,yes,,no\n'
    f"6,Still Waiting,Lia Moss,{STAMPS},,,no,no,,no\n"
)
AUTHOR_HEADER = (
    "submission #,first name,last name,email,country,affiliation,Web page,person #,corresponding?\n"
)
# Cara's row comes after a row of submission 2: author order is row order per submission.
AUTHOR = AUTHOR_HEADER + (
    "1,Ann,Lee,Ann.Lee@example.org,Norway,Fjord University,,7,yes\n"
    "1,Bo,Chen,bo@example.org,Chile,Andes Institute,,8,no\n"
    "2,Dan,Evans,dan@example.org,Kenya,Rift Lab,https://example.org/dan,9,yes\n"
    "1,Cara,Díaz,cara@example.org,Peru,Andes Institute,,10,no\n"
    "2,Ann,Lee,ann.lee@example.org,Norway,Fjord University,,7,no\n"
    "3,Eve,Fox,eve@example.org,Fiji,Reef College,,11,yes\n"
    "4,Gus,Hill,gus@example.org,Oman,Dune School,,12,yes\n"
    "6,Lia,Moss,lia@example.org,Chad,Sahel Lab,,13,yes\n"
)
# "Standalone" stands before any header row: a topic without an area.
TOPIC = (
    "topic,header?\nStandalone,no\nTheory,yes\nGraph algorithms,no\nComplexity,no\n"
    "Systems,yes\nCompilers,no\n"
)
SUBMISSION_TOPIC = (
    "submission #,topic\n1,Graph algorithms\n1,Complexity\n2,Compilers\n4,Compilers\n5,Standalone\n"
)
TABLES = {
    "submission.csv": SUBMISSION,
    "author.csv": AUTHOR,
    "topic.csv": TOPIC,
    "submission_topic.csv": SUBMISSION_TOPIC,
}
SHEETS = {
    "submission.csv": "Submissions",
    "author.csv": "Authors",
    "topic.csv": "Topics",
    "submission_topic.csv": "Submission topics",
}
ANN = ("7", "Ann Lee", "Fjord University", "ann.lee@example.org")
GOLDEN = [
    (
        "1",
        "Graph Sparsifiers for Tiny Clusters",
        [
            ANN,
            ("8", "Bo Chen", "Andes Institute", "bo@example.org"),
            ("10", "Cara Díaz", "Andes Institute", "cara@example.org"),
        ],
        "accept",
        ["graphs", "sparsification"],
        "Theory › Graph algorithms",
        "Sparse graphs.",
    ),
    (
        "2",
        "Compilers That Dream",
        [("9", "Dan Evans", "Rift Lab", "dan@example.org"), ANN],
        "accept as poster",
        ["compilers"],
        "Systems › Compilers",
        "Dreaming compilers.",
    ),
    ("3", "Rejected Idea", [("11", "Eve Fox", "Reef College", "eve@example.org")], "reject",
     [], None, ""),
    (
        "5",
        "No Author Rows",
        [(None, "Hana Ito", None, None), (None, "Ivan Jones", None, None),
         (None, "Kim Lo", None, None)],
        "ACCEPT",
        [],
        "Standalone",
        "",
    ),
    ("6", "Still Waiting", [("13", "Lia Moss", "Sahel Lab", "lia@example.org")], "no decision",
     [], None, ""),
]  # fmt: skip


def summary(papers: Any) -> list[tuple[Any, ...]]:
    return [
        (
            p.id,
            p.title,
            [(a.id, a.name, a.institution, a.email) for a in p.authors],
            p.decision,
            p.keywords,
            p.topic,
            p.abstract,
        )
        for p in papers.papers
    ]


def write_folder(folder: Path, tables: dict[str, str] = TABLES) -> Path:
    """The tables as EasyChair's CSV download: submission.csv with a BOM, author.csv
    as Windows-1252 (a spreadsheet saved it), the others UTF-8."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in tables.items():
        encoding = {"submission.csv": "utf-8-sig", "author.csv": "cp1252"}.get(name, "utf-8")
        (folder / name).write_bytes(text.encode(encoding))
    return folder


def write_zip(path: Path, members: Mapping[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def _value(cell: str) -> Any:
    """Numbers as a spreadsheet holds them: person # as 7.0, others as ints."""
    return int(cell) if cell.isdigit() else cell


def write_snapshot(path: Path, sheets: dict[str, str] = SHEETS, upper: bool = True) -> Path:
    """The Excel snapshot: one sheet per table (headers capitalised, as a chair may retype)."""
    wb = Workbook()
    first = wb.active
    first.title = "Conference"
    first.append(["LPAR-like Conference 2026"])
    for name, title in sheets.items():
        sheet = wb.create_sheet(title)
        rows = list(csv.reader(io.StringIO(TABLES[name], newline="")))
        sheet.append([h.capitalize() if upper else h for h in rows[0]])
        for row in rows[1:]:
            sheet.append([_value(c) for c in row])
    wb.save(path)
    return path


def source(path: Path) -> Source:
    return Source(path, path.name, None if path.is_dir() else path.read_bytes())


# --------------------------------------------------------------------------- golden


def test_folder_of_csv_tables_golden(tmp_path: Path) -> None:
    papers = read_papers(write_folder(tmp_path / "export"))
    assert summary(papers) == GOLDEN
    assert papers.format == "csv"
    assert papers.reader == "EasyChair (CSV tables)"
    assert papers.accept == ["accept", "accept as poster"]  # ACCEPT is the same decision
    # Rows as a spreadsheet numbers them: a cell of two lines is one row; 4 was deleted.
    assert [p.source_row for p in papers.papers] == [2, 3, 4, 6, 7]
    assert papers.field_sources == {
        "id": "submission.csv '#'",
        "title": "submission.csv 'title'",
        "authors": "author.csv 'first name' + 'last name' (else submission.csv 'authors')",
        "author ids": "author.csv 'person #'",
        "institutions": "author.csv 'affiliation'",
        "emails": "author.csv 'email'",
        "abstract": "submission.csv 'abstract'",
        "decision": "submission.csv 'decision'",
        "keywords": "submission.csv 'keywords'",
        "topic": "submission_topic.csv 'topic' (the first), under its area in topic.csv",
    }


def test_the_record_keeps_every_field_for_rules_and_the_site(tmp_path: Path) -> None:
    """Keywords and topics are lists (a [[place]] rule matches one); the authors are in
    the site's shape with author.csv's other columns, but without the e-mail."""
    raw = read_papers(write_folder(tmp_path / "export")).papers[1].raw
    assert raw["#"] == "2" and raw["submitted"] == "2026-01-05 10:00"
    assert raw["keywords"] == ["compilers"]
    assert raw["topics"] == ["Compilers"] and raw["areas"] == ["Systems"]
    assert raw["authors"][0] == {
        "id": "9",
        "fullname": "Dan Evans",
        "institution": "Rift Lab",
        "first name": "Dan",
        "last name": "Evans",
        "country": "Kenya",
        "affiliation": "Rift Lab",
        "Web page": "https://example.org/dan",
        "person #": "9",
        "corresponding?": "yes",
    }
    assert "example.org" not in json.dumps(raw).replace("https://example.org/dan", "")
    assert record_values(raw, "areas") == ["systems"]
    first = read_papers(write_folder(tmp_path / "again")).papers[0].raw
    assert record_values(first, "topics") == ["graph algorithms", "complexity"]


def test_zip_with_tables_in_a_subfolder_reads_alike(tmp_path: Path) -> None:
    members: dict[str, str | bytes] = {f"lpar26/{n}": t for n, t in TABLES.items()}
    members["__MACOSX/lpar26/._submission.csv"] = b"\x00\x05\x16\x07 resource fork"
    members["lpar26/review.csv"] = "#,submission #,text\n1,99,never read\n"
    papers = read_papers(write_zip(tmp_path / "lpar26.zip", members))
    assert summary(papers) == GOLDEN
    assert papers.reader == "EasyChair (CSV tables)" and papers.format == "csv"
    assert papers.sha256  # a file: the plan records which one


def test_excel_snapshot_reads_alike(tmp_path: Path) -> None:
    papers = read_papers(write_snapshot(tmp_path / "snapshot.xlsx"))
    assert summary(papers) == GOLDEN
    assert papers.reader == "EasyChair (snapshot XLSX)" and papers.format == "xlsx"
    assert papers.field_sources["id"] == "sheet 'Submissions' '#'"
    assert papers.field_sources["authors"].startswith("sheet 'Authors' 'first name'")


def test_lone_submission_csv_reads_the_tables_beside_it(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "export")
    assert summary(read_papers(folder / "submission.csv")) == GOLDEN
    # Renamed, it may sit beside another export's tables: read alone, from the display string.
    (folder / "accepted.csv").write_text(SUBMISSION, "utf-8")
    alone = read_papers(folder / "accepted.csv")
    assert [[a.name for a in p.authors] for p in alone.papers][:2] == [
        ["Ann Lee", "Bo Chen", "Cara Diaz"],
        ["Dan Evans", "Ann Lee"],
    ]
    assert all(a.id is None for p in alone.papers for a in p.authors)
    assert alone.papers[0].topic is None


# --------------------------------------------------------------------------- gotchas


def test_display_string_split() -> None:
    assert split_display("Ann Lee, Bo Chen and Cara Diaz") == ["Ann Lee", "Bo Chen", "Cara Diaz"]
    assert split_display("Dan Evans and Ann Lee") == ["Dan Evans", "Ann Lee"]
    assert split_display(" Eve Fox ") == ["Eve Fox"]
    assert split_display("") == []


def test_no_decision_anywhere_is_a_list_of_accepted_papers(tmp_path: Path) -> None:
    text = SUBMISSION_HEADER + f"1,Only Paper,Ann Lee,{STAMPS},,,no,no,,no\n"
    papers = read_papers(write_folder(tmp_path / "e", {"submission.csv": text}))
    assert papers.papers[0].decision is None and papers.accept is None


def test_track_is_the_topic_when_there_are_no_topics(tmp_path: Path) -> None:
    text = (
        "#,track #,title,authors,submitted,last updated,decision,deleted?\n"
        f"1,2,Demo Paper,Ann Lee,{STAMPS}accept,no\n"
        f"2,1,Main Paper,Bo Chen,{STAMPS}accept,no\n"
    )
    track = "#,name,long name\n1,main,Main Track\n2,demo,\n"
    tables = {"submission.csv": text, "track.csv": track}
    papers = read_papers(write_folder(tmp_path / "e", tables))
    assert [p.topic for p in papers.papers] == ["demo", "Main Track"]
    assert papers.papers[0].raw["track"] == "demo"
    assert papers.field_sources["topic"] == "track.csv 'long name'"


# --------------------------------------------------------------------------- sniffing


def test_sniff_claims_its_own_forms(tmp_path: Path) -> None:
    folder = write_folder(tmp_path / "export")
    zipped = write_zip(tmp_path / "x.zip", {f"t/{n}": t for n, t in TABLES.items()})
    forms = [folder, folder / "submission.csv", zipped, write_snapshot(tmp_path / "s.xlsx")]
    for path in forms:
        assert READER.sniff(source(path)), path
        assert sniffed(source(path)) is READER, path  # no other reader claims it first


def test_sniff_leaves_other_files_alone(tmp_path: Path) -> None:
    others: dict[str, str | bytes] = {
        "papers.json": json.dumps([{"id": 1, "name": "T", "authors": []}]),
        "notes.json": json.dumps([{"id": "abc", "content": {"title": {"value": "T"}}}]),
        "plain.csv": "id,title,authors,decision\n1,T,Ann Lee,Accept\n",
        "short.csv": "#,title,authors,decision\n1,T,Ann Lee,accept\n",
        "cmt.xls": '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:'
        'office:spreadsheet"/>',
        "bad.zip": b"PK\x03\x04 not really",
    }
    paths = []
    for name, content in others.items():
        path = tmp_path / name
        path.write_bytes(content.encode() if isinstance(content, str) else content)
        paths.append(path)
    paths.append(write_zip(tmp_path / "other.zip", {"papers.csv": "id,title\n1,T\n"}))
    only = tmp_path / "only_authors"
    only.mkdir()
    (only / "author.csv").write_text(AUTHOR, "utf-8")
    paths.append(only)
    # A workbook with a submissions sheet but no authors sheet is some other table.
    paths.append(write_snapshot(tmp_path / "one.xlsx", {"submission.csv": "Submissions"}))
    papers_xlsx = Workbook()
    papers_xlsx.active.title = "Papers"
    papers_xlsx.save(tmp_path / "papers.xlsx")
    paths.append(tmp_path / "papers.xlsx")
    for path in paths:
        assert not READER.sniff(source(path)), path


# --------------------------------------------------------------------------- --from


def test_from_forces_a_cut_down_table(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text('#,title,authors,decision\n1,T,"Ann Lee, Bo Chen and Cara Diaz",accept\n')
    generic = read_papers(path)
    assert generic.reader == "CSV table"
    assert len(generic.papers[0].authors) == 1  # the generic reader does not split ", and"
    forced = read_papers(path, ReadOptions(system="easychair"))
    assert forced.reader == "EasyChair (CSV tables)"
    assert [a.name for a in forced.papers[0].authors] == ["Ann Lee", "Bo Chen", "Cara Diaz"]


def test_from_on_another_export_says_so(tmp_path: Path) -> None:
    path = tmp_path / "papers.json"
    path.write_text("[]")
    with pytest.raises(InputError) as err:
        read_papers(path, ReadOptions(system="easychair"))
    assert "this is no EasyChair export" in str(err.value)
    assert "Conference data download" in str(err.value)


# --------------------------------------------------------------------------- bad exports


def _error(path: Path) -> str:
    with pytest.raises(InputError) as err:
        read_papers(path)
    return str(err.value)


def test_author_row_of_an_unknown_submission(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    folder = write_folder(
        workdir / "export", {**TABLES, "author.csv": AUTHOR + "99,Ola,Ruiz,,,,,14,no\n"}
    )
    (folder / "venue.toml").write_text(VENUE, "utf-8")
    expect_input_error(
        [folder],
        "export: author.csv, row 10: submission # 99 matches no submission in submission.csv.",
        "Download author.csv and submission.csv together",
    )


def test_topic_row_of_an_unknown_submission(tmp_path: Path) -> None:
    tables = {**TABLES, "submission_topic.csv": SUBMISSION_TOPIC + "42,Compilers\n"}
    message = _error(write_folder(tmp_path / "e", tables))
    assert "submission_topic.csv, row 7: submission # 42 matches no submission" in message


def test_missing_columns_and_repeated_numbers(tmp_path: Path) -> None:
    no_title = "#,name,authors\n1,T,Ann Lee\n"
    message = _error(write_folder(tmp_path / "a", {"submission.csv": no_title}))
    assert "submission.csv, row 1: missing column(s): 'title'" in message
    assert "Download submission.csv from EasyChair again" in message
    twice = SUBMISSION_HEADER + f"1,A,Ann Lee,{STAMPS},,accept,,,,no\n1,B,Bo,{STAMPS},,,,,,no\n"
    message = _error(write_folder(tmp_path / "b", {"submission.csv": twice}))
    assert "submission.csv, row 3: submission # 1 is listed again (first at row 2)" in message


def test_bad_author_in_the_snapshot_names_the_sheet(tmp_path: Path) -> None:
    path = write_snapshot(tmp_path / "s.xlsx")
    from openpyxl import load_workbook

    wb = load_workbook(path)
    wb["Authors"]["B3"] = "B" * 1200  # a first name over the limit
    wb.save(path)
    message = _error(path)
    assert "s.xlsx: sheet 'Authors', row 3: the name is 1,205 characters long" in message


def test_blank_tables_are_absent_and_nameless_authors_are_not(tmp_path: Path) -> None:
    """EasyChair can include blank tables in the download: an empty author.csv is
    no author table (the display strings give the authors); one without names is wrong."""
    blank = {**TABLES, "author.csv": "", "submission_topic.csv": "", "topic.csv": ""}
    papers = read_papers(write_folder(tmp_path / "blank", blank))
    assert [a.name for a in papers.papers[0].authors] == ["Ann Lee", "Bo Chen", "Cara Diaz"]
    assert papers.papers[0].topic is None
    nameless = {**TABLES, "author.csv": "submission #,email,person #\n1,a@example.org,7\n"}
    message = _error(write_folder(tmp_path / "nameless", nameless))
    assert "author.csv, row 1: has no name columns ('first name', 'last name')" in message


def test_the_same_table_twice(tmp_path: Path) -> None:
    message = _error(write_folder(tmp_path / "e", {**TABLES, "topics.csv": TOPIC}))
    assert "topic.csv and topics.csv are the same table twice" in message


def test_zip_unsafe_names_two_exports_and_bombs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    evil = write_zip(tmp_path / "evil.zip", {**TABLES, "../../etc/x.csv": "a\n"})
    assert "unsafe name '../../etc/x.csv'" in _error(evil)
    two = {**{f"a/{n}": t for n, t in TABLES.items()}, "b/submission.csv": SUBMISSION}
    message = _error(write_zip(tmp_path / "two.zip", two))
    assert "the archive holds 2 submission tables (a/submission.csv, b/submission.csv)" in message
    monkeypatch.setattr(easychair_tables, "MAX_PAPER_FILE_BYTES", 1000)
    message = _error(write_zip(tmp_path / "big.zip", dict(TABLES)))
    assert "the tables unpack to" in message and "more than the 1,000 bytes" in message


def test_damaged_zip_is_a_message(tmp_path: Path) -> None:
    path = tmp_path / "bad.zip"
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(InputError) as err:
        read_papers(path, ReadOptions(system="easychair"))
    assert "not a readable .zip archive" in str(err.value)


# --------------------------------------------------------------------------- end to end

VENUE = BASE_VENUE


def test_check_and_plan_end_to_end(workdir: Path, cli: Callable[..., Result]) -> None:
    """The folder as INPUT, the venue beside it with no accept_decisions: the reader's
    own ("accept", "accept as poster") decide, and every accepted paper is placed."""
    folder = write_folder(workdir / "export")
    (folder / "venue.toml").write_text(VENUE, "utf-8")
    check = cli("check", folder)
    assert check.exit_code == 0, check.output
    assert "Read as: EasyChair (CSV tables)" in check.stdout
    assert "3 of 5 records get a poster." in check.stdout
    result = cli("plan", folder, "--out", workdir / "out", "--time-limit", "3")
    assert result.exit_code == 0, result.output
    plan = json.loads((workdir / "out" / "plan.json").read_text("utf-8"))
    assert sorted(p["paper"] for p in plan["placements"]) == ["1", "2", "5"]
    site = json.loads((workdir / "out" / "papers.json").read_text("utf-8"))
    by_id = {r["id"]: r for r in site["results"]}
    assert by_id["1"]["authors"][2]["fullname"] == "Cara Díaz"
    assert by_id["2"]["topic"] and by_id["2"]["session"] in ("Session 1", "Session 2")
    verify = cli("verify", workdir / "out", folder)
    assert verify.exit_code == 0, verify.output
