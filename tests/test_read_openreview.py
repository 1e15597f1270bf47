"""The OpenReview reader (API v2 notes): golden reads of small dumps written here.

The notes follow OpenReview's public API v2 note shape (every content field
wrapped as ``{"value": ...}``); the people are fictional.  Gotchas covered:
the list / ``{"notes": [...]}`` / JSON Lines shapes, ``number`` over ``id``,
profile ids and e-mails in ``authorids``, the presentation type from the
venue text, which venueid is accepted (given or the most common), a dump of
another venue, notes without a venueid, two-level and slug areas, the raw
record for ``[[place]]`` rules and papers.json, and bad exports.
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

ICLR = "ICLR.cc/2024/Conference"


def note(
    number: int | None,
    title: str,
    authors: list[str],
    ids: list[str],
    venue: str | None = "ICLR 2024 poster",
    venueid: str | None = ICLR,
    **more: Any,
) -> dict[str, Any]:
    """One API v2 note as openreview-py's ``Note.to_json()`` writes it."""
    content: dict[str, Any] = {
        "title": {"value": title},
        "authors": {"value": authors},
        "authorids": {"value": ids},
    }
    if venue is not None:
        content["venue"] = {"value": venue}
    if venueid is not None:
        content["venueid"] = {"value": venueid}
    for key, value in more.items():
        content[key] = {"value": value}
    forum = f"f{number or 0}XyZ"
    out: dict[str, Any] = {"id": forum, "forum": forum, "content": content}
    if number is not None:
        out["number"] = number
    out.update({"invitations": [f"{ICLR}/-/Submission"], "domain": ICLR})
    return out


def dump() -> list[dict[str, Any]]:
    """A small ICLR-like dump: three accepted types, a rejection, a withdrawal, a desk reject."""
    return [
        note(
            11,
            "Quiet Gradients",
            ["Ada Quill", "Boris Fenn"],
            ["~Ada_Quill1", "boris@fenn.example"],
            "ICLR 2024 poster",
            abstract="We study gradients.",
            keywords=["optimisation", "noise"],
            primary_area="Theory->Deep Learning",
        ),
        note(
            12,
            "Loud Policies",
            ["Cleo Marsh"],
            ["~Cleo_Marsh2"],
            "ICLR 2024 oral",
            primary_area="reinforcement_learning",
        ),
        note(13, "Bright Spots", ["Dario Venn"], ["~Dario_Venn1"], "ICLR 2024 Spotlight"),
        note(
            14,
            "Rejected Idea",
            ["Ada Quill"],
            ["~Ada_Quill1"],
            "Submitted to ICLR 2024",
            f"{ICLR}/Rejected_Submission",
        ),
        note(
            15,
            "Gone Away",
            ["Eli Stone"],
            ["~Eli_Stone1"],
            "ICLR 2024 Conference Withdrawn Submission",
            f"{ICLR}/Withdrawn_Submission",
        ),
        note(
            16,
            "Off Topic",
            ["Fay Lark"],
            ["~Fay_Lark1"],
            "ICLR 2024 Conference Desk Rejected Submission",
            f"{ICLR}/Desk_Rejected_Submission",
        ),
    ]


def summary(papers: PaperList) -> list[tuple[Any, ...]]:
    return [
        (
            p.id,
            p.title,
            [(a.id, a.name, a.email) for a in p.authors],
            p.decision,
            p.topic,
            p.keywords,
            p.source_row,
        )
        for p in papers.papers
    ]


GOLDEN = [
    (
        "11",
        "Quiet Gradients",
        [
            ("~Ada_Quill1", "Ada Quill", None),
            ("boris@fenn.example", "Boris Fenn", "boris@fenn.example"),
        ],
        "Poster",
        "Theory › Deep Learning",
        ["optimisation", "noise"],
        1,
    ),
    ("12", "Loud Policies", [("~Cleo_Marsh2", "Cleo Marsh", None)], "Oral",
     "reinforcement learning", [], 2),
    ("13", "Bright Spots", [("~Dario_Venn1", "Dario Venn", None)], "Spotlight", None, [], 3),
    ("14", "Rejected Idea", [("~Ada_Quill1", "Ada Quill", None)], "Rejected", None, [], 4),
    ("15", "Gone Away", [("~Eli_Stone1", "Eli Stone", None)], "Withdrawn", None, [], 5),
    ("16", "Off Topic", [("~Fay_Lark1", "Fay Lark", None)], "Rejected", None, [], 6),
]  # fmt: skip


def write(folder: Path, name: str, doc: Any) -> Path:
    path = folder / name
    path.write_text(json.dumps(doc), "utf-8")
    return path


def read(path: Path, **options: Any) -> PaperList:
    return read_papers(path, ReadOptions(**options))


def source(path: Path) -> Source:
    return Source(path, path.name, path.read_bytes() if path.is_file() else None)


def message(exc: pytest.ExceptionInfo[InputError]) -> str:
    return str(exc.value)


# --------------------------------------------------------------------------- golden reads


def test_a_dump_reads_golden(tmp_path: Path) -> None:
    papers = read(write(tmp_path, "notes.json", dump()))
    assert summary(papers) == GOLDEN
    assert papers.reader == "OpenReview (API v2 notes)"
    assert papers.format == "json"
    assert papers.accept == ["Poster", "Spotlight", "Oral", "Accept"]
    assert papers.papers[0].abstract == "We study gradients."
    assert papers.papers[0].url == "https://openreview.net/forum?id=f11XyZ"
    assert papers.field_sources["id"] == "number"
    assert papers.field_sources["decision"].startswith(
        f"content.venueid (accepted: {ICLR}, the most common"
    )
    assert papers.field_sources["topic"] == "content.primary_area"


def test_the_notes_object_and_json_lines_read_alike(tmp_path: Path) -> None:
    notes = dump()
    lines = "\n".join(json.dumps(n) for n in notes) + "\n\n"
    wrapped = read(write(tmp_path, "wrapped.json", {"notes": notes, "count": len(notes)}))
    (tmp_path / "notes.jsonl").write_text(lines, "utf-8")
    (tmp_path / "lines.json").write_text(lines, "utf-8")  # JSON Lines saved as .json
    assert summary(wrapped) == GOLDEN
    assert summary(read(tmp_path / "notes.jsonl")) == GOLDEN
    assert summary(read(tmp_path / "lines.json")) == GOLDEN
    assert wrapped.envelope is None  # papers.json is a list of the records


def test_the_raw_record_is_the_note_plus_its_unwrapped_values(tmp_path: Path) -> None:
    notes = dump()
    notes[0]["content"]["domain"] = {"value": "not the note's domain"}
    papers = read(write(tmp_path, "notes.json", notes))
    raw = papers.papers[0].raw
    assert raw["content"] == notes[0]["content"]  # the note as it came ...
    assert raw["venue"] == "ICLR 2024 poster"  # ... with its values beside it, for [[place]]
    assert raw["authors"] == ["Ada Quill", "Boris Fenn"]
    assert raw["domain"] == ICLR  # a top-level key of the note is never replaced
    # papers.json is matched to the plan by "id": the number; the forum id stays in "forum".
    assert (raw["id"], raw["number"], raw["forum"]) == (11, 11, "f11XyZ")


def test_a_note_without_a_number_is_known_by_its_id(tmp_path: Path) -> None:
    notes = [note(None, "No Number", ["Gil Moss"], ["~Gil_Moss1"])]
    del notes[0]["forum"]
    papers = read(write(tmp_path, "notes.json", notes))
    assert papers.papers[0].id == "f0XyZ"
    assert papers.papers[0].raw["id"] == "f0XyZ"
    assert "forum" not in papers.papers[0].raw
    assert papers.field_sources["id"] == "id"


def test_a_forum_that_differs_keeps_the_note_id(tmp_path: Path) -> None:
    notes = [note(3, "A Reply", ["Gil Moss"], ["~Gil_Moss1"])]
    notes[0]["forum"] = "otherForum"
    raw = read(write(tmp_path, "notes.json", notes)).papers[0].raw
    assert (raw["id"], raw["forum"], raw["note_id"]) == (3, "otherForum", "f3XyZ")


# --------------------------------------------------------------------------- which venue accepted


def mixed() -> list[dict[str, Any]]:
    """Three conference papers, one workshop paper, and five still under review."""
    notes = [note(n, f"Paper {n}", ["Ada Quill"], ["~Ada_Quill1"]) for n in (1, 2, 3)]
    notes.append(
        note(
            4,
            "Paper 4",
            ["Boris Fenn"],
            ["~Boris_Fenn1"],
            "TSRML 2024",
            "ICLR.cc/2024/Workshop/TSRML",
        )
    )
    notes += [
        note(n, f"Paper {n}", ["Cleo Marsh"], ["~Cleo_Marsh2"], "Submitted", f"{ICLR}/Submission")
        for n in range(5, 10)
    ]
    return notes


def test_the_most_common_accepted_looking_venueid_is_accepted(tmp_path: Path) -> None:
    papers = read(write(tmp_path, "notes.json", mixed()))
    decisions = [p.decision for p in papers.papers]
    # The five under review outnumber the conference's three but are a submission state.
    assert decisions == ["Poster"] * 3 + ["Not accepted"] * 6


def test_the_venue_id_option_chooses_the_accepted_venue(tmp_path: Path) -> None:
    papers = read(write(tmp_path, "notes.json", mixed()), venue_id="ICLR.cc/2024/Workshop/TSRML")
    decisions = [p.decision for p in papers.papers]
    assert decisions == ["Not accepted"] * 3 + ["Accept"] + ["Not accepted"] * 5
    assert "accepted: ICLR.cc/2024/Workshop/TSRML, as given" in papers.field_sources["decision"]


def test_a_dump_of_another_venue_names_the_venue_ids_found(tmp_path: Path) -> None:
    path = write(tmp_path, "notes.json", mixed())
    with pytest.raises(InputError) as exc:
        read(path, venue_id="NeurIPS.cc/2024/Conference")
    text = message(exc)
    assert "no note has the venue id 'NeurIPS.cc/2024/Conference'" in text
    assert f"{ICLR}/Submission (5), {ICLR} (3), ICLR.cc/2024/Workshop/TSRML (1)" in text
    assert f"--venue-id {ICLR}" in text


def test_without_venueids_the_venue_text_decides(tmp_path: Path) -> None:
    venues = [
        "ICLR 2024 oral",
        "Submitted to ICLR 2024",
        "ICLR 2024 Conference Withdrawn Submission",
        "Accepted by TMLR",
        None,
        "ICLR 2024 Desk Rejected Submission",
    ]
    notes = [
        note(n, f"Paper {n}", ["Ada Quill"], ["~Ada_Quill1"], venue, None)
        for n, venue in enumerate(venues, 1)
    ]
    path = write(tmp_path, "notes.json", notes)
    papers = read(path)
    assert [p.decision for p in papers.papers] == [
        "Oral",
        "Not accepted",
        "Withdrawn",
        "Accept",
        None,  # a list of accepted papers may say nothing: it gets a poster
        "Rejected",
    ]
    assert papers.field_sources["decision"].startswith("content.venue (no note")
    with pytest.raises(InputError, match=r"no note has a content\.venueid"):
        read(path, venue_id=ICLR)


# --------------------------------------------------------------------------- bad exports


@pytest.mark.parametrize(
    ("doc", "fragments"),
    [
        (
            [note(1, "A", ["Ada Quill"], ["~Ada_Quill1"]), {"id": "zz", "number": 8}],
            ["record 2 (number 8)", "has no 'content'", "to_json()"],
        ),
        (
            [note(1, "A", ["Ada Quill", "Boris Fenn"], ["~Ada_Quill1"])],
            ["record 1 (paper 1)", "2 names but content.authorids 1 ids"],
        ),
        (
            [note(1, "", ["Ada Quill"], ["~Ada_Quill1"])],
            ["record 1 (paper 1)", "has no title in content.title"],
        ),
        (
            [note(1, "A" * 1001, ["Ada Quill"], ["~Ada_Quill1"])],
            ["record 1 (paper 1), content.title", "1,001 characters long"],
        ),
        ([{"content": {"title": {"value": "A"}}}], ["record 1", "neither a 'number' nor an 'id'"]),
        ({"results": [note(1, "A", [], [])]}, ["expected a list of records or an object"]),
        ([note(1, "A", ["Ada Quill"], ["~Ada\x07Quill"])], ["author 1", "control"]),
        ([note(1, "A", "Ada Quill", "~Ada_Quill1")], ["content.authors", "not a list of texts"]),  # type: ignore[arg-type]
        ([7], ["record 1", "is not an object"]),
    ],
)
def test_bad_exports_name_the_record(tmp_path: Path, doc: Any, fragments: list[str]) -> None:
    path = write(tmp_path, "notes.json", doc)
    with pytest.raises(InputError) as exc:
        read(path, system="openreview")
    text = message(exc)
    assert "notes.json: " in text
    for fragment in fragments:
        assert fragment in text, text


def test_broken_json_names_line_and_column(tmp_path: Path) -> None:
    bad = json.dumps(dump()[0])
    (tmp_path / "a.json").write_text('[\n  {"id": 1,,}]', "utf-8")
    (tmp_path / "b.jsonl").write_text(f"{bad}\n{{oops\n", "utf-8")
    with pytest.raises(InputError, match=r"line 2, column 12: not valid JSON"):
        read(tmp_path / "a.json", system="openreview")
    with pytest.raises(InputError, match=r"b.jsonl: line 2, column 2: not valid JSON"):
        read(tmp_path / "b.jsonl")


# --------------------------------------------------------------------------- sniffing and --from


def test_sniff_claims_notes_in_every_shape(tmp_path: Path) -> None:
    notes = dump()
    big = note(1, "Long", ["Ada Quill"], ["~Ada_Quill1"], abstract="word " * 15_000)
    paths = [
        write(tmp_path, "list.json", notes),
        write(tmp_path, "object.json", {"count": 6, "notes": notes}),
        write(tmp_path, "count_last.json", {"notes": [big], "count": 1}),  # head ends mid-note
        write(tmp_path, "big.json", [big]),
    ]
    (tmp_path / "notes.jsonl").write_text("\n".join(json.dumps(n) for n in notes), "utf-8")
    paths.append(tmp_path / "notes.jsonl")
    for path in paths:
        assert openreview.sniff(source(path)), path.name
        assert read(path).reader == "OpenReview (API v2 notes)", path.name


def test_sniff_leaves_other_files(tmp_path: Path) -> None:
    site = [{"id": 1, "name": "A", "authors": [{"id": 5, "fullname": "Ada Quill"}]}]
    crp = [{"pid": 1, "title": "A", "authors": [{"first": "Ada", "last": "Quill"}]}]
    v1 = [{"id": "f1", "forum": "f1", "content": {"title": "A", "authors": ["Ada Quill"]}}]
    pretalx = {"count": 1, "results": [{"code": "ABC", "title": "A", "speakers": []}]}
    others = [
        write(tmp_path, "site.json", {"count": 1, "results": site}),
        write(tmp_path, "hotcrp.json", crp),
        write(tmp_path, "v1.json", v1),  # API v1 notes: values not wrapped (--from reads them)
        write(tmp_path, "pretalx.json", pretalx),
        write(tmp_path, "empty.json", []),
    ]
    (tmp_path / "list.csv").write_text("id,title,authors,content\n1,A,Ada Quill,value\n", "utf-8")
    others.append(tmp_path / "list.csv")
    for path in others:
        assert not openreview.sniff(source(path)), path.name
    assert not openreview.sniff(source(tmp_path))  # a folder
    assert not hotcrp.sniff(source(write(tmp_path, "notes.json", dump())))


def test_from_openreview_reads_what_the_sniff_leaves(tmp_path: Path) -> None:
    v1 = [{"id": "f1", "number": 1, "content": {"title": "A", "authors": ["Ada Quill"]}}]
    path = write(tmp_path, "v1.json", v1)
    with pytest.raises(InputError):
        read(path)  # the conference-site reader finds no title in 'name'
    papers = read(path, system="openreview")
    assert summary(papers) == [("1", "A", [(None, "Ada Quill", None)], None, None, [], 1)]
    site = write(tmp_path, "site.json", [{"id": 1, "name": "A", "authors": []}])
    with pytest.raises(InputError, match=r"record 1 \(number 1\)|record 1 \(id 1\)"):
        read(site, system="openreview")


# --------------------------------------------------------------------------- end to end

VENUE = (
    BASE_VENUE
    + """
[[place]]
name = "orals on day two"
where = { venue = ["ICLR 2024 oral"] }
sessions = ["s2"]
"""
)


def test_check_and_plan_place_every_accepted_note(
    workdir: Path, cli: Callable[..., Result]
) -> None:
    write(workdir, "papers.json", dump())
    (workdir / "venue.toml").write_text(VENUE, "utf-8")
    checked = cli("check", "papers.json")
    assert checked.exit_code == 0, checked.output
    assert "Read as: OpenReview (API v2 notes)" in checked.stdout
    assert "decision ← content.venueid (accepted: ICLR.cc/2024/Conference" in checked.stdout
    assert "3 of 6 records get a poster." in checked.stdout
    planned = cli("plan", "papers.json", "--out", "out", "--time-limit", "3")
    assert planned.exit_code == 0, planned.output
    records = json.loads((workdir / "out" / "papers.json").read_text("utf-8"))
    sessions = {r["id"]: r["session"] for r in records}
    assert set(sessions) == {11, 12, 13}  # the poster, the oral and the spotlight
    assert sessions[12] == "Session 2"  # the [[place]] rule read the unwrapped venue
    assert all("content" in r and "poster_position" in r for r in records)


def test_a_venue_id_in_the_rules_that_no_note_has_stops_check(
    workdir: Path, expect_input_error: Callable[..., str]
) -> None:
    write(workdir, "papers.json", dump())
    rules = '\n[rules]\nvenue_id = "NeurIPS.cc/2024/Conference"\n'
    (workdir / "venue.toml").write_text(VENUE + rules, "utf-8")
    expect_input_error(["papers.json"], "papers.json: ", f"{ICLR} (3)", f"--venue-id {ICLR}")
