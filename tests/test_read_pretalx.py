"""pretalx's submissions (planner.read.papers.pretalx): the API's records, the
organiser export as JSON and as CSV, what is recognised as pretalx and what not,
and what a bad export is told.

Every file here is written by the test from pretalx's public description of its
API and export; the people are fictional.
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
from planner.read.papers.pretalx import READER, sniff
from planner.read.papers.reader import read_papers
from planner.read.papers.systems import ReadOptions, Source

LABEL = "pretalx (CSV or JSON)"


def speaker(code: str, name: str, email: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code, "name": name, "biography": "Writes compilers."}
    if email is not None:
        out["email"] = email
    return out


def submission(code: str, title: str, state: str, **more: Any) -> dict[str, Any]:
    """A submission as the API gives it to an organiser (the legacy field set)."""
    record: dict[str, Any] = {
        "code": code,
        "title": title,
        "speakers": [speaker("SPK" + code[:3], f"Speaker {code}")],
        "submission_type": {"en": "Talk"},
        "track": None,
        "state": state,
        "pending_state": None,
        "abstract": f"About {title.lower()}.",
        "description": "",
        "duration": 30,
        "slot": None,
        "tags": [],
    }
    record.update(more)
    return record


# The API's page: localized texts, a pending decision, bare speaker codes,
# tags as objects, a stale slot.
API_RECORDS = [
    submission(
        "QXZ7LM",
        "Fast Parsers",
        "confirmed",
        speakers=[
            speaker("AB12CD", "Ann Lee", "Ann.Lee@Example.org"),
            speaker("EF34GH", "Bo Roe"),
        ],
        submission_type={"de": "Vortrag", "en": "Talk"},
        track={"de": "Übersetzerbau", "en": "Compilers"},
        abstract="",
        description="Parsing at the speed of light.",
        slot={"room": {"en": "Room A"}, "start": "2025-06-01T10:00:00+02:00"},
        tags=["parsing", "performance"],
    ),
    submission(
        "RT9PQW",
        "Slow Queries",
        "submitted",
        pending_state="accepted",
        speakers=["IJ56KL"],
        track={"name": {"en": "Databases"}, "id": 4},
        tags=[{"id": 7, "tag": "sql"}],
    ),
    submission("ZZ1ABC", "Rejected Ideas", "rejected", track={"fr": "Idées"}),
    submission("WD2XYZ", "Withdrawn Work", "withdrawn"),
]


def api_page(records: list[dict[str, Any]], count: int | None = None, **more: Any) -> dict:
    return {
        "count": len(records) if count is None else count,
        "next": None,
        "previous": None,
        "results": records,
        **more,
    }


def write(path: Path, content: Any) -> Path:
    if isinstance(content, (bytes, str)):
        data = content.encode("utf-8") if isinstance(content, str) else content
    else:
        data = json.dumps(content, ensure_ascii=False).encode("utf-8")
    path.write_bytes(data)
    return path


def as_source(path: Path) -> Source:
    return Source(path, path.name, path.read_bytes() if path.is_file() else None)


def summary(papers: PaperList) -> list[tuple[Any, ...]]:
    """Each paper as the planner sees it, for golden comparisons."""
    return [
        (p.id, p.title, p.decision, p.topic, p.keywords, p.abstract, p.source_row, p.authors)
        for p in papers.papers
    ]


def read_error(path: Path, system: str | None = None) -> str:
    with pytest.raises(InputError) as info:
        read_papers(path, ReadOptions(system=system))
    return str(info.value)


# ------------------------------------------------------------------ the API's records


def test_an_api_page_reads_as_the_submissions_with_their_speakers(workdir: Path) -> None:
    papers = read_papers(write(workdir / "papers.json", api_page(API_RECORDS)))
    assert papers.reader == LABEL
    assert papers.format == "json"
    assert papers.accept == ["accepted", "confirmed"]
    # The page links point into the API; the count is written back with the list.
    assert papers.envelope == {"count": 4}
    assert summary(papers) == [
        (
            "QXZ7LM",
            "Fast Parsers",
            "confirmed",
            "Compilers",  # English of a localized track
            ["parsing", "performance"],
            "Parsing at the speed of light.",  # the description where the abstract is empty
            1,
            [
                AuthorRecord(id="AB12CD", name="Ann Lee", email="ann.lee@example.org"),
                AuthorRecord(id="EF34GH", name="Bo Roe"),
            ],
        ),
        (
            "RT9PQW",
            "Slow Queries",
            "accepted",  # the pending decision, not yet released, is the one planned for
            "Databases",  # an expanded track object's name
            ["sql"],
            "About slow queries.",
            2,
            [AuthorRecord(id="IJ56KL")],  # a bare speaker code (the API not expanded)
        ),
        (
            "ZZ1ABC",
            "Rejected Ideas",
            "rejected",
            "Idées",  # no English: the first language
            [],
            "About rejected ideas.",
            3,
            [AuthorRecord(id="SPKZZ1", name="Speaker ZZ1ABC")],
        ),
        (
            "WD2XYZ",
            "Withdrawn Work",
            "withdrawn",
            None,
            [],
            "About withdrawn work.",
            4,
            [AuthorRecord(id="SPKWD2", name="Speaker WD2XYZ")],
        ),
    ]
    # The record stays whole (the session type, duration and old slot for [[place]]
    # rules), the id put first under the key papers.json names papers by.
    assert papers.papers[0].raw == {"id": "QXZ7LM", **API_RECORDS[0]}
    assert list(papers.papers[0].raw)[:2] == ["id", "code"]
    assert papers.field_sources == {
        "id": "code",
        "title": "title",
        "authors": "speakers (code, name, email)",
        "abstract": "abstract, else description",
        "decision": "pending_state, else state",
        "topic": "track",
        "keywords": "tags",
    }


def test_a_bare_list_of_api_records_has_no_envelope(workdir: Path) -> None:
    papers = read_papers(write(workdir / "talks.json", API_RECORDS[:2]))
    assert papers.envelope is None
    assert [p.id for p in papers.papers] == ["QXZ7LM", "RT9PQW"]


def test_one_page_of_many_is_refused_with_the_counts(workdir: Path) -> None:
    page = api_page(API_RECORDS, count=120)
    page["next"] = "https://pretalx.example.org/api/events/conf/submissions/?offset=4"
    message = read_error(write(workdir / "papers.json", page))
    assert message == (
        "papers.json: holds 4 of the 120 submissions: it is one page of pretalx's API "
        "('next' names the page after it). Fetch every page (follow 'next', or ask for "
        "?limit= the count) and put all the submissions in one 'results' list, or use the "
        "organiser export (Submissions → Export → JSON)."
    )


# ------------------------------------------------------------- the organiser export

EXPORT_RECORDS: list[dict[str, Any]] = [
    {
        "ID": "QXZ7LM",
        "Proposal title": "Fast Parsers",
        "Proposal state": "confirmed",
        "Pending proposal state": None,
        "Session type": {"en": "Talk", "de": "Vortrag"},
        "Track": "Compilers",
        "Tags": ["parsing"],
        "Abstract": "Parsing at the speed of light.",
        "Duration": 30,
        "Speaker IDs": ["AB12CD", "EF34GH"],
        "Speaker names": ["Ann Lee", "Lee, Bo"],
        "Room": "Room A",
    },
    {
        "ID": "RT9PQW",
        "Proposal title": "Slow Queries",
        "Proposal state": "submitted",
        "Pending proposal state": "accepted",
        "Session type": "Workshop",
        "Track": None,
        "Tags": None,
        "Abstract": None,
        "Duration": 90,
        "Speaker IDs": ["IJ56KL"],
        "Speaker names": ["Cy Poe"],
        "Room": None,
    },
]


def test_the_organiser_export_as_json_reads_through_its_labels(workdir: Path) -> None:
    papers = read_papers(write(workdir / "sessions.json", EXPORT_RECORDS))
    assert papers.reader == LABEL
    assert papers.format == "json"
    assert summary(papers) == [
        (
            "QXZ7LM",
            "Fast Parsers",
            "confirmed",
            "Compilers",
            ["parsing"],
            "Parsing at the speed of light.",
            1,
            [AuthorRecord(id="AB12CD", name="Ann Lee"), AuthorRecord(id="EF34GH", name="Lee, Bo")],
        ),
        (
            "RT9PQW",
            "Slow Queries",
            "accepted",
            None,
            [],
            "",
            2,
            [AuthorRecord(id="IJ56KL", name="Cy Poe")],
        ),
    ]
    assert papers.papers[1].raw == {"id": "RT9PQW", **EXPORT_RECORDS[1]}
    assert papers.field_sources == {
        "id": "ID",
        "title": "Proposal title",
        "authors": "Speaker IDs + Speaker names",
        "abstract": "Abstract",
        "decision": "Pending proposal state, else Proposal state",
        "topic": "Track",
        "keywords": "Tags",
    }


CSV_NEWLINES = (
    "ID,Proposal title,Speaker IDs,Speaker names,Session type,Track,Proposal state,"
    "Abstract,Duration,Tags\r\n"
    'QXZ7LM,Fast Parsers,"AB12CD\nEF34GH","Ann Lee\nLee, Bo",Talk,Compilers,confirmed,'
    'Parsing.,30,"parsing\nperformance"\r\n'
    'RT9PQW,Slow Queries,IJ56KL,"Poe, Cy",Workshop,,accepted,,90,\r\n'
    "ZZ1ABC,Rejected Ideas,MN78OP,Di Fox,Talk,Compilers,rejected,No.,30,\r\n"
)


def test_the_csv_export_with_newlines_between_speakers(workdir: Path) -> None:
    papers = read_papers(write(workdir / "sessions.csv", CSV_NEWLINES))
    assert papers.reader == LABEL
    assert papers.format == "csv"
    assert papers.accept == ["accepted", "confirmed"]
    assert summary(papers) == [
        (
            "QXZ7LM",
            "Fast Parsers",
            "confirmed",
            "Compilers",
            ["parsing", "performance"],
            "Parsing.",
            2,
            [AuthorRecord(id="AB12CD", name="Ann Lee"), AuthorRecord(id="EF34GH", name="Lee, Bo")],
        ),
        # One speaker: "Poe, Cy" is one name, whatever the delimiter.
        (
            "RT9PQW",
            "Slow Queries",
            "accepted",
            None,
            [],
            "",
            3,
            [AuthorRecord(id="IJ56KL", name="Poe, Cy")],
        ),
        (
            "ZZ1ABC",
            "Rejected Ideas",
            "rejected",
            "Compilers",
            [],
            "No.",
            4,
            [AuthorRecord(id="MN78OP", name="Di Fox")],
        ),
    ]
    assert papers.papers[1].raw["Session type"] == "Workshop"
    assert papers.papers[1].raw["Duration"] == "90"
    assert papers.field_sources["authors"] == "Speaker IDs + Speaker names"
    assert papers.field_sources["decision"] == "Proposal state"


def test_the_csv_export_with_commas_between_speakers(workdir: Path) -> None:
    text = (
        "ID,Title,Speaker IDs,Speaker names,Proposal state,Tags\n"
        'QXZ7LM,Fast Parsers,"AB12CD, EF34GH","Ann Lee, Bo Roe",confirmed,"parsing, performance"\n'
    )
    papers = read_papers(write(workdir / "sessions.csv", text))
    assert summary(papers) == [
        (
            "QXZ7LM",
            "Fast Parsers",
            "confirmed",
            None,
            ["parsing", "performance"],
            "",
            2,
            [AuthorRecord(id="AB12CD", name="Ann Lee"), AuthorRecord(id="EF34GH", name="Bo Roe")],
        )
    ]
    assert papers.field_sources["title"] == "Title"  # the older spelling


def test_a_comma_inside_a_name_with_the_comma_delimiter_is_told(workdir: Path) -> None:
    text = (
        "ID,Proposal title,Speaker IDs,Speaker names,Proposal state\n"
        'QXZ7LM,Fast Parsers,"AB12CD, EF34GH","Lee, Ann, Roe, Bo",confirmed\n'
    )
    assert read_error(write(workdir / "sessions.csv", text)) == (
        "sessions.csv: row 2 (id QXZ7LM), field 'Speaker names': has 4 entries for 2 "
        "speakers. Give one entry per speaker, in order: export again with the data "
        "delimiter 'Newline' (with 'Comma', a name that holds a comma cannot be told apart)."
    )


# -------------------------------------------------------------------------- sniffing


def test_sniffing_claims_the_three_shapes(workdir: Path) -> None:
    assert sniff(as_source(write(workdir / "a.json", api_page(API_RECORDS))))
    assert sniff(as_source(write(workdir / "b.json", API_RECORDS)))
    assert sniff(as_source(write(workdir / "c.json", EXPORT_RECORDS)))
    assert sniff(as_source(write(workdir / "d.csv", CSV_NEWLINES)))
    assert sniff(as_source(write(workdir / "e.csv", "\ufeff" + CSV_NEWLINES)))  # with a BOM


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("site.json", (EXAMPLE / "papers.json").read_bytes()),  # same envelope, site records
        ("tiny.json", (TINY / "papers.json").read_bytes()),
        ("plain.csv", "id,title,authors,decision\n1,T,Ann Lee,Accept\n"),
        # A hand-made table with speakers but none of pretalx's own labels.
        ("hand.csv", "ID,Title,Speaker names\n1,T,Ann Lee\n"),
        ("miniconf.csv", "UID,title,authors,abstract,keywords,sessions\n1,T,A|B,x,k,S1\n"),
        (
            "openreview.json",
            json.dumps(
                [{"id": "abc", "content": {"title": {"value": "T"}, "venueid": {"value": "v"}}}]
            ),
        ),
        (
            "hotcrp.json",
            json.dumps(
                [
                    {
                        "pid": 1,
                        "title": "T",
                        "authors": [{"email": "a@x.org", "first": "A"}],
                        "status": "accepted",
                    }
                ]
            ),
        ),
        # Site records whose abstract quotes pretalx's keys: text, not keys.
        (
            "quoted.json",
            json.dumps(
                [
                    {
                        "id": 1,
                        "name": "T",
                        "abstract": 'We parse "code": 1, "speakers": [], "state": "x"',
                    }
                ]
            ),
        ),
        (
            "cmt.xls",
            '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>',
        ),
    ],
)
def test_sniffing_leaves_other_files_alone(workdir: Path, name: str, content: str | bytes) -> None:
    assert not sniff(as_source(write(workdir / name, content)))


def test_from_pretalx_reads_what_sniffing_leaves(workdir: Path) -> None:
    """The public talks endpoint gives no state; --from reads it (everything accepted)."""
    records = [
        {"code": "QXZ7LM", "title": "Fast Parsers", "speakers": [speaker("AB12CD", "Ann Lee")]}
    ]
    path = write(workdir / "talks.json", records)
    assert not sniff(as_source(path))
    assert "has no 'id'" in read_error(path)  # the generic site JSON cannot
    papers = read_papers(path, ReadOptions(system="pretalx"))
    assert papers.reader == LABEL
    assert summary(papers) == [
        (
            "QXZ7LM",
            "Fast Parsers",
            None,
            None,
            [],
            "",
            1,
            [AuthorRecord(id="AB12CD", name="Ann Lee")],
        )
    ]


def test_from_pretalx_reads_the_csv_saved_as_a_workbook(workdir: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["ID", "Proposal title", "Speaker IDs", "Speaker names", "Proposal state"])
    wb.active.append(["QXZ7LM", "Fast Parsers", "AB12CD\nEF34GH", "Ann Lee\nBo Roe", "confirmed"])
    wb.save(workdir / "sessions.xlsx")
    papers = READER.read(as_source(workdir / "sessions.xlsx"), ReadOptions())
    assert papers.format == "xlsx"
    assert [a.id for a in papers.papers[0].authors] == ["AB12CD", "EF34GH"]


# ------------------------------------------------------------------ bad exports


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            {"count": 1, "data": []},
            "papers.json: expected a list of pretalx submissions or an API page with a "
            "'results' list.",
        ),
        (
            [submission("QXZ7LM", "T", "confirmed"), "QXZ7LM"],
            "papers.json: record 2: is not an object.",
        ),
        (
            [submission("", "T", "confirmed", speakers=[])],
            "papers.json: record 1: has no submission code (ID). Give every submission its code.",
        ),
        (
            [submission("QXZ7LM", " ", "confirmed")],
            "papers.json: record 1 (id QXZ7LM): has no title. Give every submission a title.",
        ),
        (
            [submission("QXZ7LM", "T", "confirmed", speakers="Ann Lee")],
            "papers.json: record 1 (id QXZ7LM), field 'speakers': is not a list.",
        ),
        (
            [submission("QXZ7LM", "T", "confirmed", speakers=[["AB12CD"]])],
            "papers.json: record 1 (id QXZ7LM), speaker 1: is neither a speaker object nor a "
            "speaker code.",
        ),
        (
            [submission("QXZ7LM", "T", "confirmed", speakers=[speaker("AB\x1b12", "Ann")])],
            "papers.json: record 1 (id QXZ7LM), speaker 1: the author id 'AB\\x1b12' holds a "
            "control or invisible formatting character.",
        ),
        (
            [submission("QXZ7LM", "T" * 1001, "confirmed")],
            "papers.json: record 1 (id QXZ7LM): the title is 1,001 characters long",
        ),
        (
            [submission("QXZ7LM", "T", "confirmed", description="x" * 100_001)],
            "papers.json: record 1: field 'description' is 100,001 characters long",
        ),
        (
            [submission("QXZ7LM", "A", "confirmed"), submission("QXZ7LM", "B", "accepted")],
            "papers.json: record 2: paper id QXZ7LM is used again (first at record 1).",
        ),
    ],
)
def test_a_bad_json_export_is_named_by_record(workdir: Path, content: Any, message: str) -> None:
    assert message in read_error(write(workdir / "papers.json", content), "pretalx")


def test_a_csv_without_the_needed_labels_names_the_header_it_found(workdir: Path) -> None:
    text = "ID,Proposal title,Proposal state,Track\nQXZ7LM,T,confirmed,X\n"
    assert read_error(write(workdir / "sessions.csv", text), "pretalx") == (
        "sessions.csv: row 1 (header): missing column(s): Speaker IDs or Speaker names. "
        "Export the submissions again from pretalx (Submissions → Export) with the fields ID, "
        "Proposal title, Speaker IDs, Speaker names and Proposal state ticked. The header "
        "has: 'ID', 'Proposal title', 'Proposal state', 'Track'."
    )


def test_a_bad_export_exits_2_without_a_traceback(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    folder = workdir / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(BASE_VENUE, encoding="utf-8")
    write(folder / "papers.json", api_page(API_RECORDS, count=99))
    expect_input_error([folder], "conf/papers.json: holds 4 of the 99 submissions")


# ------------------------------------------------------------------ end to end


def test_check_and_plan_place_every_accepted_talk(
    workdir: Path, cli: Callable[..., Result]
) -> None:
    """The venue sets no accept_decisions: pretalx's own (accepted, confirmed) apply."""
    folder = workdir / "conf"
    folder.mkdir()
    (folder / "venue.toml").write_text(BASE_VENUE, encoding="utf-8")
    more = [
        submission(f"K{i}AAAA", f"Talk {i}", "accepted" if i % 2 else "confirmed") for i in range(4)
    ]
    write(folder / "papers.json", api_page(API_RECORDS + more))
    checked = cli("check", folder)
    assert checked.exit_code == 0, checked.output
    assert "Read as: pretalx (CSV or JSON)" in checked.stdout
    assert "decision ← pending_state, else state" in checked.stdout
    assert "accepted, confirmed" in checked.stdout
    assert "6 of 8 records get a poster." in checked.stdout

    out = workdir / "out"
    planned = cli("plan", folder, "--out", out, "--time-limit", "3")
    assert planned.exit_code == 0, planned.output
    plan = json.loads((out / "plan.json").read_text("utf-8"))
    placed = {pl["paper"] for pl in plan["placements"]}
    assert placed == {"QXZ7LM", "RT9PQW", *(r["code"] for r in more)}
    assert plan["venue"]["rules"]["accept_decisions"] == ["accepted", "confirmed"]
    site = json.loads((out / "papers.json").read_text("utf-8"))
    assert site["count"] == 6
    first = next(r for r in site["results"] if r["code"] == "QXZ7LM")
    assert first["speakers"] == API_RECORDS[0]["speakers"]  # written back as it came
    assert first["track"] == API_RECORDS[0]["track"]
