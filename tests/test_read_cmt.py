"""Microsoft CMT's submissions export (planner.read.papers.cmt), on files written here.

The files follow CMT's public description of "Export to Excel > Submissions"
(its columns, one sheet per track, a banner row above the header) and the
SpreadsheetML 2003 format CMT writes it in; every person in them is fictional.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from openpyxl import Workbook
from typer.testing import Result

from planner.core.errors import InputError
from planner.read.papers.cmt import LABEL, READER
from planner.read.papers.reader import read_papers
from planner.read.papers.systems import ReadOptions, Source, sniffed

HEADER = [
    "Paper ID",
    "Created",
    "Paper Title",
    "Abstract",
    "Primary Contact Author Name",
    "Primary Contact Author Email",
    "Authors",
    "Author Names",
    "Author Emails",
    "Track Name",
    "Primary Subject Area",
    "Secondary Subject Areas",
    "Status",
    "Q1 (Remote presentation?)",
]


def row(
    pid: int | str,
    title: str,
    authors: str,
    names: str,
    emails: str,
    status: str,
    *,
    area: str = "Systems -> Compilers",
    secondary: str = "",
    contact: tuple[str, str] = ("", ""),
    track: str = "Main Track",
    remote: str = "No",
) -> list[str | int]:
    """A paper's row under HEADER."""
    return [
        pid,
        "5/1/2026 10:00:00 AM",
        title,
        f"Abstract of {title}.",
        contact[0],
        contact[1],
        authors,
        names,
        emails,
        track,
        area,
        secondary,
        status,
        remote,
    ]


def _cell(value: object, index: int | None = None, merge: int = 0) -> str:
    attrs = f' ss:Index="{index}"' if index else ""
    attrs += f' ss:MergeAcross="{merge}"' if merge else ""
    kind = "Number" if isinstance(value, int) else "String"
    return f'<Cell{attrs}><Data ss:Type="{kind}">{escape(str(value))}</Data></Cell>'


def _row(cells: list[object], index: int | None = None) -> str:
    """A <Row>; empty cells are left out and the next one says its ss:Index, as Excel writes."""
    parts, skipped = [], False
    for k, value in enumerate(cells, 1):
        if value in ("", None):
            skipped = True
            continue
        parts.append(_cell(value, k if skipped else None))
        skipped = False
    attrs = f' ss:Index="{index}"' if index else ""
    return f"<Row{attrs}>{''.join(parts)}</Row>"


def spreadsheetml(
    sheets: dict[str, list[list[object]]], banner: str = "Tiny Conf 2026", declared: str = "utf-8"
) -> str:
    """CMT's Excel XML: per sheet a merged banner row, a blank row, then the rows given."""
    out = [
        f'<?xml version="1.0" encoding="{declared}"?>',
        '<?mso-application progid="Excel.Sheet"?>',
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:o="urn:schemas-microsoft-com:office:office" '
        'xmlns:x="urn:schemas-microsoft-com:office:excel" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:html="http://www.w3.org/TR/REC-html40">',
        '<Styles><Style ss:ID="Default" ss:Name="Normal"><Font ss:Bold="0"/></Style></Styles>',
    ]
    for name, rows in sheets.items():
        out.append(f'<Worksheet ss:Name="{escape(name)}"><Table>')
        if rows:
            width = max(len(r) for r in rows)
            banner_cell = _cell(f"{banner} - {name}", merge=width - 1)
            out.append(f"<Row>{banner_cell}</Row>")
            out.append(_row(rows[0], index=3))  # row 2 left blank, as CMT does
            out.extend(_row(r) for r in rows[1:])
        out.append("</Table></Worksheet>")
    out.append("</Workbook>")
    return "\n".join(out)


PAPERS = [
    HEADER,
    row(
        1,
        "Fast Things",
        "Ann Lee (MIT)*; Bob Roe (Dept. A; Univ. (Main Campus))",
        "Ann Lee*; Bob Roe",
        "Ann@MIT.edu*; bob@example.org",
        "Accept (Poster)",
        area="Theory -> Deep Learning",
        secondary="Systems -> Compilers; Fairness, Accountability",
        contact=("Ann Lee", "Ann@MIT.edu"),
    ),
    row(
        2,
        "Slow Things",
        "Mei (Maggie) Tan (Harbour Univ.); Zoë Ångström (Uppsala)*",
        "Mei (Maggie) Tan; Zoë Ångström*",
        "mei@example.org; zoe@example.se*",
        "Accept (Oral)",
        area="Vision",
    ),
    row(3, "Rejected Things", "Cy Doe (X)*", "Cy Doe*", "cy@example.org*", "Reject"),
    row(4, "Accepted Things", "Di Eve ()*", "Di Eve*", "di@example.org*", "accept"),
]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def source(path: Path) -> Source:
    return Source(path, path.name, path.read_bytes())


def test_golden_spreadsheetml_export(workdir: Path) -> None:
    path = write(workdir / "Papers.xls", spreadsheetml({"Main Track": PAPERS}))
    papers = read_papers(path)
    assert papers.reader == LABEL
    assert papers.format == "xlsx"
    first, second, third, fourth = papers.papers
    assert (first.id, first.title, first.abstract) == (
        "1",
        "Fast Things",
        "Abstract of Fast Things.",
    )
    assert [(a.id, a.name, a.institution, a.email) for a in first.authors] == [
        (None, "Ann Lee", "MIT", "ann@mit.edu"),
        (None, "Bob Roe", "Dept. A; Univ. (Main Campus)", "bob@example.org"),
    ]
    assert first.decision == "Accept (Poster)"
    assert first.topic == "Theory › Deep Learning"
    assert first.keywords == ["Systems › Compilers", "Fairness, Accountability"]
    assert first.presenter is None  # the contact author is kept, not made the presenter
    assert first.source_row == 4  # banner, blank row, header, then the paper
    assert first.raw["contact_author"] == "ann@mit.edu"
    assert first.raw["Q1 (Remote presentation?)"] == "No"
    assert first.raw["Authors"] == "Ann Lee (MIT)*; Bob Roe (Dept. A; Univ. (Main Campus))"
    assert [(a.name, a.institution, a.email) for a in second.authors] == [
        ("Mei (Maggie) Tan", "Harbour Univ.", "mei@example.org"),
        ("Zoë Ångström", "Uppsala", "zoe@example.se"),
    ]
    assert second.raw["contact_author"] == "zoe@example.se"  # from the star: no contact column
    assert (second.topic, second.keywords) == ("Vision", [])
    assert third.decision == "Reject"
    assert fourth.authors[0].institution is None  # "Di Eve ()": no affiliation
    assert papers.accept == ["Accept (Poster)", "Accept (Oral)", "accept"]
    assert papers.field_sources == {
        "id": "Paper ID",
        "title": "Paper Title",
        "abstract": "Abstract",
        "authors": "Author Names",
        "emails": "Author Emails",
        "institutions": "Authors (in parentheses)",
        "decision": "Status",
        "topic": "Primary Subject Area",
        "keywords": "Secondary Subject Areas",
    }


def test_one_sheet_per_track_and_an_empty_sheet(workdir: Path) -> None:
    short = [h for h in HEADER if h not in ("Track Name", "Primary Subject Area")]
    keep = [HEADER.index(h) for h in short]
    main = [short] + [[r[i] for i in keep] for r in PAPERS[1:3]]
    workshop = [short, [7, *main[1][1:]]]
    path = write(
        workdir / "Papers.xls",
        spreadsheetml({"Main Track": main, "Notes": [], "Workshop": workshop}),
    )
    papers = read_papers(path)
    assert [(p.id, p.topic, p.raw["Track Name"]) for p in papers.papers] == [
        ("1", "Main Track", "Main Track"),
        ("2", "Main Track", "Main Track"),
        ("7", "Workshop", "Workshop"),
    ]
    assert papers.field_sources["topic"] == "the sheet name"
    assert papers.papers[2].source_row == 4


def test_authors_column_alone_gives_names_and_affiliations(workdir: Path) -> None:
    header = ["Paper ID", "Paper Title", "Authors", "Primary Contact Author Email", "Status"]
    rows = [
        header,
        [5, "T", "Mei (Maggie) Tan (Harbour Univ.)*; Bo Qin (Univ. (Main))", "", "Accept"],
    ]
    papers = read_papers(write(workdir / "Papers.xls", spreadsheetml({"Papers": rows})))
    (paper,) = papers.papers
    assert [(a.name, a.institution, a.email) for a in paper.authors] == [
        ("Mei (Maggie) Tan", "Harbour Univ.", None),
        ("Bo Qin", "Univ. (Main)", None),
    ]
    assert paper.raw["contact_author"] == "Mei (Maggie) Tan"  # no e-mail: the starred name
    assert papers.field_sources["authors"] == "Authors"
    assert paper.topic is None  # one sheet, no subject area or track: no topic


def test_formatted_text_and_comments(workdir: Path) -> None:
    text = spreadsheetml({"Papers": PAPERS[:2]}).replace(
        '<Data ss:Type="String">Fast Things</Data>',
        '<ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40">'
        "<B>Fast</B> <Font>Things</Font></ss:Data>"
        '<Comment ss:Author="Chair"><ss:Data>check the title</ss:Data></Comment>',
    )
    (paper,) = read_papers(write(workdir / "Papers.xls", text)).papers
    assert paper.title == "Fast Things"


def test_a_merged_header_cell_spans_its_columns(workdir: Path) -> None:
    created = '<Data ss:Type="String">5/1/2026 10:00:00 AM</Data></Cell>'
    text = (
        spreadsheetml({"Papers": PAPERS[:2]})
        .replace(
            '<Cell><Data ss:Type="String">Created</Data>',
            '<Cell ss:MergeAcross="1"><Data ss:Type="String">Created</Data>',
        )
        .replace(created, created + '<Cell><Data ss:Type="String">10:00</Data></Cell>')
    )
    (paper,) = read_papers(write(workdir / "Papers.xls", text)).papers
    assert (paper.title, paper.authors[0].name) == ("Fast Things", "Ann Lee")
    assert paper.raw["column 3"] == "10:00"


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [
        ("utf-16", "utf-16"),
        ("utf-8", "utf-8-sig"),
        ("windows-1252", "cp1252"),
        ("utf-16", "utf-16-be"),
    ],
)
def test_the_declared_encoding_is_read(workdir: Path, declared: str, encoding: str) -> None:
    rows = [
        PAPERS[0],
        row(9, "Café Things", "Zoë Ångström (Lund)*", "Zoë Ångström*", "z@x.se", "Accept"),
    ]
    path = write(
        workdir / "Papers.xls", spreadsheetml({"Papers": rows}, declared=declared), encoding
    )
    assert READER.sniff(source(path))
    (paper,) = read_papers(path).papers
    assert (paper.title, paper.authors[0].name) == ("Café Things", "Zoë Ångström")


def test_a_dtd_is_refused_before_it_expands(workdir: Path) -> None:
    lol = "".join(f'<!ENTITY l{k} "{f"&l{k - 1};" * 10 if k else "lol"}">' for k in range(10))
    text = (
        spreadsheetml({"Papers": PAPERS[:2]})
        .replace("<?mso-application", f"<!DOCTYPE Workbook [{lol}]>\n<?mso-application", 1)
        .replace("Fast Things", "&l9;")
    )
    start = time.perf_counter()
    with pytest.raises(InputError, match=r"declares a DTD"):
        read_papers(write(workdir / "Papers.xls", text))
    assert time.perf_counter() - start < 2


def test_damaged_xml_names_the_line(workdir: Path) -> None:
    text = spreadsheetml({"Papers": PAPERS[:2]}).replace("</Row>", "</Rowx>", 2)
    with pytest.raises(InputError, match=r"Papers.xls: CMT's Excel XML cannot be read .*line 6"):
        read_papers(write(workdir / "Papers.xls", text))


def test_a_cell_index_past_excel_columns_is_refused(workdir: Path) -> None:
    text = spreadsheetml({"Papers": PAPERS[:2]}).replace(
        "<Cell><Data", '<Cell ss:Index="99999"><Data', 1
    )
    with pytest.raises(InputError, match=r"ss:Index is 99999, out of range, at line"):
        read_papers(write(workdir / "Papers.xls", text))


def test_an_excel_97_workbook_is_refused_with_the_way_out(workdir: Path) -> None:
    path = workdir / "Papers.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)
    assert READER.sniff(source(path))
    with pytest.raises(InputError, match=r"Excel 97-2003 binary workbook.*save it as \.xlsx"):
        read_papers(path)


def _xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if rows:
            ws.append([f"Tiny Conf 2026 - {name}"])
            ws.append([])
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_an_xlsx_saved_from_excel_reads_every_sheet(workdir: Path) -> None:
    workshop = [
        HEADER,
        row(
            8,
            "Workshop Things",
            "Eve Fox (ETH)*",
            "Eve Fox*",
            "e@x.ch*",
            "Accept",
            track="Workshop",
        ),
    ]
    path = _xlsx(workdir / "papers.xlsx", {"Main Track": PAPERS[:3], "Workshop": workshop})
    assert READER.sniff(source(path))
    papers = read_papers(path)
    assert papers.reader == LABEL
    assert [(p.id, p.raw["Track Name"], p.source_row) for p in papers.papers] == [
        ("1", "Main Track", 4),
        ("2", "Main Track", 5),
        ("8", "Workshop", 4),
    ]
    assert papers.papers[0].authors[1].institution == "Dept. A; Univ. (Main Campus)"


def test_the_tab_delimited_export(workdir: Path) -> None:
    lines = ["\t".join(str(c) for c in r) for r in PAPERS[:3]]
    path = write(workdir / "Papers.txt", "\r\n".join(lines) + "\r\n", "utf-16")
    assert READER.sniff(source(path))
    papers = read_papers(path)
    assert (papers.format, [p.id for p in papers.papers]) == ("csv", ["1", "2"])
    assert papers.papers[1].authors[1].email == "zoe@example.se"


def test_sniffing_claims_cmt_and_nothing_else(workdir: Path) -> None:
    xml = spreadsheetml({"Papers": PAPERS[:2]})
    for name in ("Papers.xls", "Papers.xml", "Papers"):
        assert READER.sniff(source(write(workdir / name, xml))), name
    site = [{"id": 1, "name": "T", "authors": [{"id": 2, "fullname": "Ann Lee"}]}]
    openreview = [{"id": "abc", "content": {"title": {"value": "T"}}}]
    plain_csv = "Paper ID,Paper Title,Authors,Author Emails,Status\n7,T,Ann Lee*,a@x.org*,Accept\n"
    others = {
        "papers.json": json.dumps(site),
        "notes.json": json.dumps(openreview),
        "cmt.csv": plain_csv,
        "Papers.xls": "<html><body><table><tr><td>Paper ID</td></tr></table></body></html>",
        "other.xml": '<Workbook xmlns="urn:example:other"><Worksheet/></Workbook>',
    }
    for name, text in others.items():
        assert not READER.sniff(source(write(workdir / name, text))), name
    plain = _xlsx(workdir / "plain.xlsx", {"Papers": [["id", "title", "authors"], [1, "T", "A"]]})
    assert not READER.sniff(source(plain))
    assert sniffed(source(write(workdir / "Papers.xls", xml))) is READER


def test_from_cmt_forces_the_reader(workdir: Path) -> None:
    # A downloaded workbook without its extension: no reader claims it, --from reads it.
    path = _xlsx(workdir / "download", {"Main Track": PAPERS[:2]})
    path.rename(workdir / "Papers")
    forced = read_papers(workdir / "Papers", ReadOptions(system="cmt"))
    assert [p.id for p in forced.papers] == ["1"]
    with pytest.raises(InputError, match=r"unknown paper-list format"):
        read_papers(workdir / "Papers")
    # A plain table is no CMT export: forcing says so instead of guessing.
    plain = write(workdir / "cmt.csv", "Paper ID,Paper Title,Authors\n7,T,Ann Lee\n")
    with pytest.raises(InputError, match=r"the table has no CMT header row"):
        read_papers(plain, ReadOptions(system="cmt"))
    site = write(workdir / "papers.json", "[]")
    with pytest.raises(InputError, match=r"papers.json: this is not a CMT export"):
        read_papers(site, ReadOptions(system="cmt"))


def test_no_accepting_status_leaves_the_venue_decisions(workdir: Path) -> None:
    rows = [HEADER, row(1, "T", "Ann Lee (MIT)*", "Ann Lee*", "a@x.org*", "Poster")]
    papers = read_papers(write(workdir / "Papers.xls", spreadsheetml({"Papers": rows})))
    assert papers.accept is None


WORKSHOP = [
    HEADER,
    row(8, "Workshop Things", "Eve Fox (ETH)*", "Eve Fox*", "e@x.ch*", "Accept", track="Workshop"),
]


def _bad_exports() -> dict[str, tuple[dict[str, list[list[object]]], tuple[str, ...]]]:
    no_title = [h if h != "Paper Title" else "Submission Notes" for h in HEADER]
    no_id = row("", "Lost Things", "Fay Gu (X)*", "Fay Gu*", "f@x.org*", "Accept")
    mismatch = row(5, "Odd Things", "Al Bo (X)*; Cy Do (Y)", "Al Bo*; Cy Do", "a@x.org*", "Accept")
    return {
        "a sheet without the header": (
            {"Main Track": PAPERS[:2], "Notes": [["Chair notes"], ["keep 3 boards free"]]},
            ("sheet 'Notes': has no CMT header row", "'Primary Contact Author Email'"),
        ),
        "a row without Paper ID": (
            {"Main Track": [*PAPERS[:2], no_id]},
            ("sheet 'Main Track', row 5: has no Paper ID", "Fill in the Paper ID"),
        ),
        "e-mails not one per author": (
            {"Main Track": [HEADER, mismatch]},
            ("sheet 'Main Track', row 4 (Paper ID 5), column 'Author Emails'", "1 entry for 2"),
        ),
        "a Paper ID in two tracks": (
            {"Main Track": PAPERS[:2], "Workshop": [HEADER, PAPERS[1]]},
            ("sheet 'Workshop', row 4: Paper ID 1 is used again", "sheet 'Main Track', row 4"),
        ),
        "no title column": (
            {"Main Track": [no_title, PAPERS[1]]},
            ("sheet 'Main Track', row 3 (header)", "'Paper Title' are missing"),
        ),
    }


@pytest.mark.parametrize("case", list(_bad_exports()))
def test_bad_exports_name_the_sheet_and_row(
    workdir: Path, base_venue: str, expect_input_error: Callable[..., str], case: str
) -> None:
    sheets, fragments = _bad_exports()[case]
    conf = workdir / "conf"
    conf.mkdir()
    (conf / "venue.toml").write_text(base_venue, encoding="utf-8")
    write(conf / "papers.xls", spreadsheetml(sheets))
    expect_input_error([conf], "conf/papers.xls: ", *fragments)


@pytest.mark.slow
def test_check_and_plan_from_the_export(
    workdir: Path, base_venue: str, cli: Callable[..., Result]
) -> None:
    conf = workdir / "conf"
    conf.mkdir()
    # The workshop's papers go to the second session: a rule on a column of the export.
    venue = base_venue + '\n[[place]]\nwhere = { "Track Name" = "Workshop" }\nsessions = ["s2"]\n'
    (conf / "venue.toml").write_text(venue, encoding="utf-8")
    write(conf / "papers.xls", spreadsheetml({"Main Track": PAPERS, "Workshop": WORKSHOP}))

    check = cli("check", conf)
    assert check.exit_code == 0, check.output
    assert f"Read as: {LABEL}" in check.stdout
    assert "authors ← Author Names" in check.stdout
    assert "Accept (Poster), Accept (Oral), accept" in check.stdout  # the reader's decisions

    out = workdir / "out"
    plan = cli("plan", conf, "--out", out, "--time-limit", "3")
    assert plan.exit_code == 0, plan.output
    records = json.loads((out / "papers.json").read_text("utf-8"))["results"]
    placed = {r["id"]: r for r in records if r.get("poster_position")}
    assert sorted(placed) == ["1", "2", "4", "8"]  # every accepted paper; 3 was rejected
    assert placed["8"]["session"] == "Session 2"
    assert placed["1"]["contact_author"] == "ann@mit.edu"  # the export's fields, kept
    assert placed["1"]["Paper Title"] == "Fast Things"
