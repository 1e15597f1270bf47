"""Mini-Conf's papers.csv (planner.read.papers.miniconf): '|'-joined lists, the
stale sessions column, what is recognised as Mini-Conf and what not, and what a
bad list is told; and the generic table reader naming the header it could not use.

Every file here is written by the test from Mini-Conf's public sitedata format;
the people are fictional.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_VENUE, EXAMPLE, TINY
from typer.testing import Result

from planner.core.errors import InputError
from planner.read.conference import AuthorRecord, PaperList
from planner.read.papers.miniconf import sniff
from planner.read.papers.reader import read_papers
from planner.read.papers.rows import csv_rows
from planner.read.papers.systems import ReadOptions, Source
from planner.read.papers.table import read_table

LABEL = "Mini-Conf papers.csv"

# ICLR's shape: UID,title,authors,abstract,keywords,sessions.  A keyword with a
# comma, spaces around names, a trailing '|', a numeric UID, a multi-line abstract.
ICLR = (
    "UID,title,authors,abstract,keywords,sessions\n"
    'B1xSpe,Spiking Nets,Ann Lee|Bo Roe |Cy Poe|,"Fast.\nAnd frugal.",'
    '"privacy, fairness|robustness",Session 1A|Session 1E\n'
    "0042,Sparse Training,Di Fox,,,Session 2B\n"
)

# ACL's shape: "session" or none, and extra columns (a track, a paper type, a PDF).
ACL = (
    "UID,title,authors,abstract,keywords,track,paper_type,pdf_url,session\n"
    "main.1,Child Speech,Eve Ng|Fay Oh,Speech.,,Cognitive Modeling,Short,"
    "https://example.org/main.1.pdf,Session 3\n"
    "main.2,Depression Cues,Gus Hu,Cues.,nlp|health,Dialogue,Long,,\n"
)


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def as_source(path: Path) -> Source:
    return Source(path, path.name, path.read_bytes())


def summary(papers: PaperList) -> list[tuple[Any, ...]]:
    return [
        (p.id, p.title, p.decision, p.topic, p.keywords, p.url, p.abstract, p.source_row, p.authors)
        for p in papers.papers
    ]


def read_error(path: Path, system: str | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_papers(path, ReadOptions(system=system))
    return str(info.value)


def names(*people: str) -> list[AuthorRecord]:
    return [AuthorRecord(name=n) for n in people]


# ---------------------------------------------------------------------- reading


def test_an_iclr_papers_csv_reads_with_its_lists_split_on_the_bar(workdir: Path) -> None:
    papers = read_papers(write(workdir / "papers.csv", ICLR))
    assert papers.reader == LABEL
    assert papers.format == "csv"
    assert papers.accept is None  # no decision at all: the venue's rules stand
    assert summary(papers) == [
        (
            "B1xSpe",
            "Spiking Nets",
            None,
            None,
            ["privacy, fairness", "robustness"],  # a comma does not split a keyword
            None,
            "Fast.\nAnd frugal.",
            2,
            names("Ann Lee", "Bo Roe", "Cy Poe"),  # spaces and the trailing '|' dropped
        ),
        ("42", "Sparse Training", None, None, [], None, "", 3, names("Di Fox")),
    ]
    # The stale sessions column is kept in the record, never read as a placement.
    assert papers.papers[0].raw == {
        "UID": "B1xSpe",
        "title": "Spiking Nets",
        "authors": "Ann Lee|Bo Roe |Cy Poe|",
        "abstract": "Fast.\nAnd frugal.",
        "keywords": "privacy, fairness|robustness",
        "sessions": "Session 1A|Session 1E",
    }
    assert papers.field_sources == {
        "id": "UID",
        "title": "title",
        "authors": "authors (split on '|')",
        "abstract": "abstract",
        "keywords": "keywords (split on '|')",
        "decision": "none: every paper in the list is accepted",
    }


def test_an_acl_papers_csv_gives_its_track_and_pdf(workdir: Path) -> None:
    papers = read_papers(write(workdir / "papers.csv", ACL))
    assert papers.reader == LABEL
    assert summary(papers) == [
        (
            "main.1",
            "Child Speech",
            None,
            "Cognitive Modeling",
            [],
            "https://example.org/main.1.pdf",
            "Speech.",
            2,
            names("Eve Ng", "Fay Oh"),
        ),
        (
            "main.2",
            "Depression Cues",
            None,
            "Dialogue",
            ["nlp", "health"],
            None,
            "Cues.",
            3,
            names("Gus Hu"),
        ),
    ]
    assert papers.papers[0].raw["paper_type"] == "Short"
    assert papers.papers[0].raw["session"] == "Session 3"
    assert papers.field_sources["topic"] == "track"
    assert papers.field_sources["url"] == "pdf_url"


def test_a_list_made_with_semicolons_instead_of_bars(workdir: Path) -> None:
    text = "UID,title,authors,keywords\n7,T,Ann Lee; Bo Roe,graphs; trees\n"
    papers = read_papers(write(workdir / "papers.csv", text))
    assert summary(papers)[0][4] == ["graphs", "trees"]
    assert summary(papers)[0][8] == names("Ann Lee", "Bo Roe")


# ---------------------------------------------------------------------- sniffing


def test_sniffing_claims_mini_conf_lists(workdir: Path) -> None:
    assert sniff(as_source(write(workdir / "a.csv", ICLR)))
    assert sniff(as_source(write(workdir / "b.csv", ACL)))
    assert sniff(as_source(write(workdir / "c.tsv", ICLR.replace(",", "\t"))))
    assert sniff(as_source(write(workdir / "d.csv", "\ufeff" + ICLR)))


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("site.json", (EXAMPLE / "papers.json").read_bytes()),  # its records have a "uid" too
        ("tiny.json", (TINY / "papers.json").read_bytes()),
        ("plain.csv", "id,title,authors\n1,T,Ann Lee\n"),
        # The site JSON made a table: an id beside the uid is a generic table.
        ("site.csv", "id,uid,name,title,authors\n1,u1,T,T,Ann Lee\n"),
        (
            "pretalx.csv",
            "ID,Proposal title,Speaker IDs,Speaker names,Proposal state\nQX,T,AB,Ann,confirmed\n",
        ),
        ("records.json", json.dumps([{"UID": "1", "title": "T", "authors": "A|B"}])),
        ("cmt.xls", '<?xml version="1.0"?><Workbook/>\nUID,title,authors\n'),
    ],
)
def test_sniffing_leaves_other_files_alone(workdir: Path, name: str, content: str | bytes) -> None:
    assert not sniff(as_source(write(workdir / name, content)))


def test_from_miniconf_reads_a_table_sniffing_leaves(workdir: Path) -> None:
    """A list with an id column beside UID is not claimed; --from reads its UIDs."""
    text = "id,UID,title,authors\n1,main.7,T,Ann Lee|Bo Roe\n"
    path = write(workdir / "papers.csv", text)
    assert not sniff(as_source(path))
    assert read_papers(path).papers[0].id == "1"  # the generic table, by its id
    papers = read_papers(path, ReadOptions(system="miniconf"))
    assert papers.reader == LABEL
    assert summary(papers) == [
        ("main.7", "T", None, None, [], None, "", 2, names("Ann Lee", "Bo Roe"))
    ]


# ---------------------------------------------------------------------- the old bug


def test_the_generic_table_reader_names_the_header_it_could_not_use(workdir: Path) -> None:
    """Before this reader a Mini-Conf list was refused with 'missing column(s): id'
    and no word of the header it found; the generic reader now names it."""
    data = ICLR.encode("utf-8")
    with pytest.raises(InputError) as info:
        read_table(csv_rows(data, "papers.csv"), "papers.csv", "csv")
    assert str(info.value) == (
        "papers.csv: row 1 (header): missing column(s): id. Add them; accepted spellings are "
        "listed in the README (e.g. 'Paper ID', 'Title', 'Authors'). The header has: 'UID', "
        "'title', 'authors', 'abstract', 'keywords', 'sessions'."
    )
    # A table no reader claims gets the same message by read_papers.
    path = write(workdir / "list.csv", "Paper,Heading,People\n1,T,Ann Lee\n")
    assert read_error(path) == (
        "list.csv: row 1 (header): missing column(s): title, authors. Add them; accepted "
        "spellings are listed in the README (e.g. 'Paper ID', 'Title', 'Authors'). The "
        "header has: 'Paper', 'Heading', 'People'."
    )


def test_a_wide_header_is_named_in_part(workdir: Path) -> None:
    header = ",".join(f"col{i}" for i in range(25))
    message = read_error(write(workdir / "list.csv", header + "\n" + ",".join("x" * 25) + "\n"))
    assert message.endswith("'col18', 'col19' and 5 more.")


# ---------------------------------------------------------------------- bad lists


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "UID,title,abstract\n1,T,x\n",
            "papers.csv: row 1 (header): missing column(s): authors. Give the papers.csv "
            "Mini-Conf reads: the header UID,title,authors,... and a row per paper. The header "
            "has: 'UID', 'title', 'abstract'.",
        ),
        (
            "UID,title,authors\n,T,Ann Lee\n",
            "papers.csv: row 2: has no UID. Fill in the UID column.",
        ),
        (
            "UID,title,authors\n1,,Ann Lee\n",
            "papers.csv: row 2 (UID 1): the title is empty. Fill in a title of a sensible length.",
        ),
        (
            "UID,title,authors\n1,T,Ann Lee|" + "N" * 1001 + "\n",
            "papers.csv: row 2 (UID 1), author 2: the name is 1,001 characters long",
        ),
        (
            "UID,title,authors\n1,T," + "|".join(f"P{i}" for i in range(1001)) + "\n",
            "papers.csv: row 2 (UID 1): lists 1,001 authors, more than the 1,000",
        ),
        (
            "UID,title,authors\nab\x07c,T,Ann Lee\n",
            "papers.csv: row 2: the UID 'ab\\x07c' holds a control or invisible formatting",
        ),
        (
            "UID,title,authors\n1,T,Ann Lee\n1.0,U,Bo Roe\n",
            "papers.csv: row 3: paper id 1 is used again (first at row 2).",
        ),
        ('UID,title,authors\n1,"T,Ann Lee\n', 'papers.csv: row 2: a quote (") opened on this row'),
    ],
)
def test_a_bad_list_is_named_by_row(workdir: Path, text: str, message: str) -> None:
    assert message in read_error(write(workdir / "papers.csv", text), "miniconf")


def test_a_bad_list_exits_2_without_a_traceback(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    folder = workdir / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(BASE_VENUE, encoding="utf-8")
    write(folder / "papers.csv", "UID,title,authors\n1,,Ann Lee\n")
    expect_input_error([folder], "conf/papers.csv: row 2 (UID 1): the title is empty.")


# ---------------------------------------------------------------------- end to end


def test_check_and_plan_place_every_paper(workdir: Path, cli: Callable[..., Result]) -> None:
    folder = workdir / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(BASE_VENUE, encoding="utf-8")
    rows = "".join(f"p{i},Paper {i},Au{i}|Co{i},About {i}.,k{i},Session 9Z\n" for i in range(5))
    write(folder / "papers.csv", ICLR + rows)
    checked = cli("check", folder)
    assert checked.exit_code == 0, checked.output
    assert "Read as: Mini-Conf papers.csv" in checked.stdout
    assert "id ← UID" in checked.stdout
    assert "7 of 7 records get a poster." in checked.stdout

    out = workdir / "out"
    planned = cli("plan", folder, "--out", out, "--time-limit", "3")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    placed = {pl["paper"] for pl in plan["placements"]}
    assert placed == {"B1xSpe", "42", *(f"p{i}" for i in range(5))}
    site = json.loads((out / "papers.json").read_text("utf-8"))
    by_uid = {r["UID"]: r for r in site["results"]}
    assert set(by_uid) == {"B1xSpe", "0042", *(f"p{i}" for i in range(5))}
    assert by_uid["B1xSpe"]["keywords"] == "privacy, fairness|robustness"  # as it came
