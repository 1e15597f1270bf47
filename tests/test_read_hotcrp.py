"""The HotCRP reader (JSON download and import format): golden reads of small files written here.

The records follow HotCRP's documented paper JSON (``pid``, ``title``,
``authors`` as ``{"email", "first", "last", "affiliation", "contact"}``,
``topics``, ``decision``, ``status``); the people are fictional.  Gotchas
covered: the list / ``{"papers": [...]}`` / one-paper shapes, ``_id_`` in
import files, authors as ``first``/``last``, ``name`` or a text, a venue's
own accept decision that HotCRP marks accepted, a withdrawn paper that had
been accepted, ``submitted`` without a decision, old-style topics, the
``primary_area`` field when there are no topics, authors without names, and
the raw record papers.json and ``[[place]]`` rules read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import BASE_VENUE
from typer.testing import Result

from planner.core.errors import InputError
from planner.read.conference import PaperList
from planner.read.papers import hotcrp, openreview
from planner.read.papers.reader import read_papers
from planner.read.papers.systems import ReadOptions, Source


def person(first: str, last: str, email: str, affiliation: str = "") -> dict[str, Any]:
    return {"email": email, "first": first, "last": last, "affiliation": affiliation}


ADA = person("Ada", "Quill", "ada@quill.example", "University of Nowhere")
BORIS = person("Boris", "Fenn", "boris@fenn.example", "Fenn Labs")


def paper(pid: int, title: str, authors: list[Any], **more: Any) -> dict[str, Any]:
    """One paper as HotCRP's JSON download writes it."""
    return {"object": "paper", "pid": pid, "title": title, "abstract": f"About {title}.",
            "authors": authors, **more}  # fmt: skip


def download() -> list[dict[str, Any]]:
    return [
        paper(1, "Fast Locks", [{**ADA, "contact": True}, BORIS], decision="Accepted",
              status="accepted", topics=["Systems", "Networks"],
              pc_conflicts={"pc@example.org": "collaborator"}),
        paper(2, "Slow Locks", [BORIS], decision="Rejected", status="rejected"),
        paper(3, "Short Talk", [ADA], decision="Accept (talk)", status="accepted", topics=[],
              primary_area="Theory->Concurrency"),
        paper(4, "Late Change", [ADA], decision="Accepted", status="withdrawn", withdrawn=True),
        paper(5, "Still Waiting", [BORIS], status="submitted"),
        paper(6, "Old Topics", [{"name": "Cleo Marsh", "email": "cleo@marsh.example",
                                 "affiliation": "Marsh Institute"}],
              status="accepted", topics={"Databases": True, "Storage": False},
              keywords="tables, indexes"),
        {"_id_": 7, "title": "Imported", "authors": ["Dario Venn <dario@venn.example> (Venn Lab)"]},
    ]  # fmt: skip


def summary(papers: PaperList) -> list[tuple[Any, ...]]:
    return [
        (
            p.id,
            p.title,
            [(a.id, a.name, a.email, a.institution) for a in p.authors],
            p.decision,
            p.topic,
            p.keywords,
        )
        for p in papers.papers
    ]


A = (None, "Ada Quill", "ada@quill.example", "University of Nowhere")
B = (None, "Boris Fenn", "boris@fenn.example", "Fenn Labs")
GOLDEN = [
    ("1", "Fast Locks", [A, B], "Accepted", "Systems", []),
    ("2", "Slow Locks", [B], "Rejected", None, []),
    ("3", "Short Talk", [A], "Accept (talk)", "Theory › Concurrency", []),
    ("4", "Late Change", [A], "Withdrawn", None, []),
    ("5", "Still Waiting", [B], "submitted", None, []),
    ("6", "Old Topics", [(None, "Cleo Marsh", "cleo@marsh.example", "Marsh Institute")],
     "accepted", "Databases", ["tables", "indexes"]),
    ("7", "Imported", [(None, "Dario Venn", "dario@venn.example", "Venn Lab")], None, None, []),
]  # fmt: skip


def write(folder: Path, name: str, doc: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def read(path: Path, **options: Any) -> PaperList:
    return read_papers(path, ReadOptions(**options))


def source(path: Path) -> Source:
    return Source(path, path.name, path.read_bytes() if path.is_file() else None)


# --------------------------------------------------------------------------- golden reads


def test_a_download_reads_golden(tmp_path: Path) -> None:
    papers = read(write(tmp_path, "hotcrp.json", download()))
    assert summary(papers) == GOLDEN
    assert papers.reader == "HotCRP (JSON)"
    assert papers.format == "json"
    # HotCRP marks "Accept (talk)" accepted: the venue's own decision is accepted too.
    assert papers.accept == ["accepted", "accept", "Accepted", "Accept (talk)"]
    assert papers.papers[0].abstract == "About Fast Locks."
    assert papers.field_sources == {
        "id": "pid, else _id_",
        "title": "title",
        "abstract": "abstract",
        "authors": "authors (first + last or name, email, affiliation)",
        "decision": "decision, else status (withdrawn: Withdrawn)",
        "keywords": "keywords",
        "topic": "topics (the first), else primary_area",
    }


def test_the_papers_object_and_one_paper_alone_read_alike(tmp_path: Path) -> None:
    records = download()
    assert summary(read(write(tmp_path, "a.json", {"ok": True, "papers": records}))) == GOLDEN
    one = read(write(tmp_path, "b.json", records[0]))
    assert summary(one) == GOLDEN[:1]


def test_the_raw_record_is_the_paper_as_it_came_with_its_id(tmp_path: Path) -> None:
    records = download()
    papers = read(write(tmp_path, "hotcrp.json", records))
    first, imported = papers.papers[0].raw, papers.papers[6].raw
    # planner verify finds each paper in papers.json by "id": the pid, added.
    assert first == {"id": 1, **records[0]}
    assert imported == {"id": 7, **records[6]}
    assert first["pc_conflicts"] == {"pc@example.org": "collaborator"}


# --------------------------------------------------------------------------- bad exports


def test_an_author_without_a_name_is_an_error(tmp_path: Path) -> None:
    records = [
        paper(1, "A", [ADA]),
        paper(2, "B", [ADA, {"email": "nameless@example.org", "first": "", "last": ""}]),
        paper(3, "C", [{"affiliation": "Nowhere"}]),
    ]
    with pytest.raises(InputError) as exc:
        read(write(tmp_path, "hotcrp.json", records))
    text = str(exc.value)
    assert "record 2 (paper 2), author 2: has an e-mail (nameless@example.org) but no name" in text
    assert "HotCRP authors need names" in text
    assert "record 3 (paper 3), author 1: has no name" in text
    assert "record 1" not in text


@pytest.mark.parametrize(
    ("doc", "fragments"),
    [
        ([{"title": "A", "authors": [ADA]}], ["record 1", "no paper number in 'pid'"]),
        ([paper(1, "", [ADA])], ["record 1 (paper 1)", "has no title"]),
        ([paper(1, "A", "Ada Quill")], ["record 1 (paper 1), field 'authors'", "not a list"]),  # type: ignore[arg-type]
        ([paper(1, "A", [7])], ["author 1", "neither an author object nor a name"]),
        ([paper(1, "A", [ADA] * 1001)], ["lists 1,001 authors"]),
        ([paper("1\x07", "A", [ADA])], ["field 'pid'", "control"]),  # type: ignore[arg-type]
        ([paper(1, "A", [ADA], abstract="x" * 100_001)], ["record 1", "field 'abstract'"]),
        ({"count": 1, "results": []}, ["expected a list of records or an object with a 'papers'"]),
        ([paper(1, "A", [ADA]), "B"], ["record 2", "is not an object"]),
    ],
)
def test_bad_exports_name_the_record(tmp_path: Path, doc: Any, fragments: list[str]) -> None:
    with pytest.raises(InputError) as exc:
        read(write(tmp_path, "hotcrp.json", doc), system="hotcrp")
    text = str(exc.value)
    assert "hotcrp.json: " in text
    for fragment in fragments:
        assert fragment in text, text


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "hotcrp.json").write_text('[\n{"pid": 1 "title": "A"}]', "utf-8")
    with pytest.raises(InputError, match=r"line 2, column 11: not valid JSON"):
        read(tmp_path / "hotcrp.json", system="hotcrp")


# --------------------------------------------------------------------------- sniffing and --from


def test_sniff_claims_hotcrp_files(tmp_path: Path) -> None:
    records = download()
    big = paper(9, "Long", [ADA], abstract="word " * 15_000)  # the head ends inside it
    paths = [
        write(tmp_path, "list.json", records),
        write(tmp_path, "object.json", {"papers": records}),
        write(tmp_path, "one.json", records[0]),
        write(tmp_path, "big.json", [big]),
        write(tmp_path, "import.json", [{"_id_": 1, "title": "A", "authors": [BORIS]}]),
        write(tmp_path, "no_authors.json", [paper(1, "A", [])]),  # HotCRP's "object": "paper"
    ]
    for path in paths:
        assert hotcrp.sniff(source(path)), path.name
        assert read(path).reader == "HotCRP (JSON)", path.name


def test_sniff_leaves_other_files(tmp_path: Path) -> None:
    site = [{"id": 1, "name": "A", "authors": [{"id": 5, "fullname": "Ada Quill"}]}]
    notes = [{"id": "f1", "number": 1, "content": {"title": {"value": "A"}}}]
    pretalx = {"count": 1, "results": [{"code": "ABC", "title": "A", "speakers": []}]}
    others = [
        write(tmp_path, "site.json", {"count": 1, "results": site}),
        write(tmp_path, "notes.json", notes),
        write(tmp_path, "pretalx.json", pretalx),
        write(tmp_path, "pid_only.json", [{"pid": 1, "title": "A", "authors": ["Ada Quill"]}]),
        write(tmp_path, "empty.json", []),
    ]
    (tmp_path / "list.csv").write_text("pid,title,first,last,email\n1,A,Ada,Quill,a@x\n", "utf-8")
    others.append(tmp_path / "list.csv")
    for path in others:
        assert not hotcrp.sniff(source(path)), path.name
    assert not hotcrp.sniff(source(tmp_path))  # a folder
    assert not openreview.sniff(source(write(tmp_path, "hotcrp.json", download())))


def test_from_hotcrp_reads_what_the_sniff_leaves(tmp_path: Path) -> None:
    # Authors as texts only (an import file): no object says "HotCRP".
    path = write(tmp_path, "import.json", [{"pid": 3, "title": "T", "authors": ["Ada Quill"]}])
    with pytest.raises(InputError):
        read(path)  # the conference-site reader wants an 'id'
    papers = read(path, system="hotcrp")
    assert summary(papers) == [("3", "T", [(None, "Ada Quill", None, None)], None, None, [])]


# --------------------------------------------------------------------------- end to end

VENUE = (
    BASE_VENUE
    + """
[[place]]
name = "networks on day two"
where = { topics = ["Networks"] }
sessions = ["s2"]
"""
)


def test_check_and_plan_place_every_accepted_paper(
    workdir: Path, cli: Callable[..., Result]
) -> None:
    write(workdir, "papers.json", download())
    (workdir / "venue.toml").write_text(VENUE, "utf-8")
    checked = cli("check", "papers.json")
    assert checked.exit_code == 0, checked.output
    assert "Read as: HotCRP (JSON)" in checked.stdout
    assert "accepted, accept, Accepted, Accept (talk)" in checked.stdout
    assert "4 of 7 records get a poster." in checked.stdout
    planned = cli("plan", "papers.json", "--out", "out", "--time-limit", "3")
    assert planned.exit_code == 0, planned.output
    records = json.loads((workdir / "out" / "papers.json").read_text("utf-8"))
    sessions = {r["id"]: r["session"] for r in records}
    assert set(sessions) == {1, 3, 6, 7}  # accepted, accepted as a talk, status only, import
    assert sessions[1] == "Session 2"  # the [[place]] rule read the record's topics
    assert all("poster_position" in r and ("pid" in r or "_id_" in r) for r in records)
