"""Paper-list readers: conference-site JSON, CSV and XLSX, and what they refuse."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from planner.core.errors import InputError
from planner.core.ids import canonical_id
from planner.people.authors import build_index
from planner.read.conference import PaperList, Venue
from planner.read.papers.reader import read_papers
from planner.read.venue.reader import read_venue

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "mlsys2026"


def write_xlsx(path: Path, rows: list[list[object]], sheets: tuple[str, ...] = ("Sheet",)) -> Path:
    """A workbook whose last sheet holds ``rows`` (earlier sheets get a decoy row)."""
    wb = Workbook()
    wb.active.title = sheets[0]
    for name in sheets[1:]:
        wb.create_sheet(name)
    for ws in wb.worksheets[:-1]:
        ws.append(["not", "the", "papers"])
    for row in rows:
        wb.worksheets[-1].append(row)
    wb.save(path)
    return path


def read_error(path: Path) -> str:
    with pytest.raises(InputError) as info:
        read_papers(path)
    return str(info.value)


# --------------------------------------------------------------------------- JSON


@pytest.fixture(scope="module")
def mlsys() -> PaperList:
    return read_papers(EXAMPLE / "papers.json")


def test_mlsys_list_loads_135_conditional_accepts(mlsys: PaperList) -> None:
    assert mlsys.format == "json"
    assert len(mlsys.papers) == 135
    assert {p.decision for p in mlsys.papers} == {"Conditional Accept"}
    assert len({p.id for p in mlsys.papers}) == 135
    assert mlsys.envelope == {"count": 135, "next": None, "previous": None}
    assert len(mlsys.sha256) == 64


def test_mlsys_records_keep_every_input_field(mlsys: PaperList) -> None:
    first = mlsys.papers[0]
    assert first.id == "3608"
    assert first.title.startswith("NodeSweep: Practical Straggler Detection")
    assert first.raw["uid"] == "ed3d2c21991e3bef5e069713af9fa6ca"
    assert first.raw["id"] == 3608  # the input record as it came, not a copy with str ids
    assert first.source_row == 1


def test_mlsys_unnamed_authors_display_with_their_id(mlsys: PaperList) -> None:
    first = mlsys.papers[0]
    assert [a.id for a in first.authors[:3]] == ["27162", "21189", "27778"]
    unnamed = first.authors[2]
    assert unnamed.name == ""
    assert unnamed.institution is None
    assert unnamed.display_name == "(unnamed author 27778)"
    assert first.authors[0].display_name == "Guanliang Liu"
    blanks = sum(1 for p in mlsys.papers for a in p.authors if not a.name)
    assert blanks == 282


def test_mlsys_titles_and_abstracts_keep_the_original_markup(mlsys: PaperList) -> None:
    paper = next(p for p in mlsys.papers if p.id == "3509")
    assert r"\textbf{39\%}" in paper.abstract  # the record is never changed
    assert "39%" in paper.clean_abstract
    assert "\\" not in paper.clean_abstract


def test_bare_json_list_with_null_ids_and_empty_names(workdir: Path) -> None:
    records = [
        {
            "id": "P-1",
            "name": "Caf\\'e &amp; \\textbf{Bar}",
            "authors": [
                {"id": None, "fullname": "Ann Lee", "institution": "MIT"},
                {"id": None, "fullname": "", "institution": None},
                {"id": 7, "fullname": "", "institution": None},
                "Plain Name",
            ],
            "decision": None,
            "keywords": "graphs, systems",
        },
        {"id": 3608.0, "title": "Title under 'title'", "authors": []},
    ]
    path = workdir / "list.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    papers = read_papers(path)
    assert papers.envelope is None
    assert [p.id for p in papers.papers] == ["P-1", "3608"]
    one, two = papers.papers
    assert [(a.id, a.name) for a in one.authors] == [
        (None, "Ann Lee"),
        (None, ""),
        ("7", ""),
        (None, "Plain Name"),
    ]
    assert [a.display_name for a in one.authors[1:3]] == ["(unnamed author)", "(unnamed author 7)"]
    assert one.decision is None
    assert one.keywords == ["graphs", "systems"]
    assert one.clean_title == "Café & Bar"
    assert one.abstract == ""
    assert two.title == "Title under 'title'"


def test_json_with_a_byte_order_mark(workdir: Path) -> None:
    path = workdir / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([{"id": 1, "name": "T"}]).encode())
    assert [p.title for p in read_papers(path).papers] == ["T"]


# --------------------------------------------------------------------------- CSV

OPENREVIEW = (
    "number,forum,title,authors,authorids,abstract,keywords,decision\n"
    '12,Hk3xYz,Graph Things,"Ann Lee|Bob Roe","~Ann_Lee1|~Bob_Roe2",An abstract.,'
    '"graphs, systems",Accept (poster)\n'
)
CMT = (
    "Paper ID,Paper Title,Abstract,Authors,Author Names,Author Emails,Track Name,"
    "Primary Subject Area,Status\n"
    '7,Fast Things,Abs,"Ann Lee (MIT)*; Bob Roe (CMU)","Ann Lee*; Bob Roe",'
    '"Ann@MIT.edu; bob@cmu.edu",Main Track,Systems,Accept\n'
)
HOTCRP = (
    "ID,Title,Authors,Affiliations,Abstract,Decision,Topic\n"
    '3,Third,"Ann Lee; Bob Roe","MIT; CMU",x,Accepted,Compilers\n'
)


def test_openreview_export(workdir: Path) -> None:
    path = workdir / "openreview.csv"
    path.write_text(OPENREVIEW, encoding="utf-8")
    (paper,) = read_papers(path).papers
    assert paper.id == "12"  # "number" wins over "forum"
    assert paper.title == "Graph Things"
    assert [(a.name, a.id) for a in paper.authors] == [
        ("Ann Lee", "~Ann_Lee1"),
        ("Bob Roe", "~Bob_Roe2"),
    ]
    assert paper.decision == "Accept (poster)"
    assert paper.keywords == ["graphs", "systems"]
    assert paper.raw["forum"] == "Hk3xYz"


def test_cmt_export(workdir: Path) -> None:
    path = workdir / "cmt.csv"
    path.write_text(CMT, encoding="utf-8")
    (paper,) = read_papers(path).papers
    assert (paper.id, paper.title, paper.decision) == ("7", "Fast Things", "Accept")
    # "Author Names" is read (no contact star), "Authors" kept in the record.
    assert [(a.name, a.email) for a in paper.authors] == [
        ("Ann Lee", "ann@mit.edu"),
        ("Bob Roe", "bob@cmu.edu"),
    ]
    assert paper.topic == "Main Track"
    assert paper.raw["Authors"] == "Ann Lee (MIT)*; Bob Roe (CMU)"


def test_cmt_authors_column_alone_gives_affiliations(workdir: Path) -> None:
    path = workdir / "cmt.csv"
    path.write_text(
        "Paper ID,Paper Title,Authors,Status\n"
        '7,T,"Ann Lee (MIT)*; Bob Roe (C (M) U); Yun-Nung (Vivian) Chen",Accept\n',
        encoding="utf-8",
    )
    (paper,) = read_papers(path).papers
    assert [(a.name, a.institution) for a in paper.authors] == [
        ("Ann Lee", "MIT"),
        ("Bob Roe (C (M) U)", None),
        ("Yun-Nung (Vivian) Chen", None),
    ]


def test_hotcrp_style_export(workdir: Path) -> None:
    path = workdir / "hotcrp.csv"
    path.write_text(HOTCRP, encoding="utf-8")
    (paper,) = read_papers(path).papers
    assert [(a.name, a.institution) for a in paper.authors] == [
        ("Ann Lee", "MIT"),
        ("Bob Roe", "CMU"),
    ]
    assert (paper.decision, paper.topic) == ("Accepted", "Compilers")


def test_all_optional_columns(workdir: Path) -> None:
    path = workdir / "full.csv"
    path.write_text(
        "Paper ID,Title,Authors,Author IDs,Author Emails,Affiliations,Abstract,Status,"
        "Presenter,Keywords,Track,URL\n"
        '5,Five,"Ann Lee; Bob Roe;","101; 102","a@x.org; ","MIT; ",The abstract.,Accept,'
        'Bob Roe,"a; b",Systems,https://x.org/5\n',
        encoding="utf-8",
    )
    (paper,) = read_papers(path).papers
    assert [(a.name, a.id, a.email, a.institution) for a in paper.authors] == [
        ("Ann Lee", "101", "a@x.org", "MIT"),
        ("Bob Roe", "102", None, None),
    ]
    assert paper.abstract == "The abstract."
    assert (paper.decision, paper.presenter, paper.topic) == ("Accept", "Bob Roe", "Systems")
    assert paper.keywords == ["a", "b"]
    assert paper.url == "https://x.org/5"


def test_utf8_bom_csv(workdir: Path) -> None:
    path = workdir / "bom.csv"
    path.write_bytes("Title,Paper ID,Authors\nCafé Société,1,Jürgen Müller\n".encode("utf-8-sig"))
    (paper,) = read_papers(path).papers
    assert paper.title == "Café Société"
    assert paper.authors[0].name == "Jürgen Müller"
    assert next(iter(paper.raw)) == "Title"  # no BOM glued to the first header


def test_cp1252_csv(workdir: Path) -> None:
    path = workdir / "excel.csv"
    path.write_bytes("id,title,authors\n1,“Quoted” – Café,José Núñez\n".encode("cp1252"))
    (paper,) = read_papers(path).papers
    assert paper.title == "“Quoted” – Café"
    assert paper.authors[0].name == "José Núñez"


def test_utf16_tab_separated_export(workdir: Path) -> None:
    path = workdir / "unicode.csv"
    path.write_bytes("Paper ID\tTitle\tAuthors\n1\tŁódź\tAnn Lee; Bob Roe\n".encode("utf-16"))
    (paper,) = read_papers(path).papers
    assert (paper.title, len(paper.authors)) == ("Łódź", 2)


def test_semicolon_delimited_csv(workdir: Path) -> None:
    path = workdir / "europe.csv"
    path.write_text(
        'Paper ID;Title;Authors;Decision\n1;A, title with commas;"Ann Lee; Bob Roe";Accept\n',
        encoding="utf-8",
    )
    (paper,) = read_papers(path).papers
    assert paper.title == "A, title with commas"
    assert [a.name for a in paper.authors] == ["Ann Lee", "Bob Roe"]


def test_empty_rows_are_skipped_and_rows_keep_their_numbers(workdir: Path) -> None:
    path = workdir / "gaps.csv"
    path.write_text(
        "\n\nid;title;authors\n1;One;A\n;;\n\n2;Two;B\n  ;  \n1;Again;C\n", encoding="utf-8"
    )
    message = read_error(path)
    # The header is on row 3; the duplicate is on row 9 of the file.
    assert message == (
        "gaps.csv: row 9: paper id 1 is used again (first at row 4). "
        "Give every paper a unique id, or remove the duplicate."
    )
    path.write_text("\n\nid;title;authors\n1;One;A\n;;\n\n2;Two;B\n", encoding="utf-8")
    papers = read_papers(path).papers
    assert [(p.id, p.source_row) for p in papers] == [("1", 4), ("2", 7)]


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("3.608E+03", "3608"),
        ("3.608e3", "3608"),
        ("3608.0", "3608"),
        ("3608.00", "3608"),
        ("003608", "3608"),
        (" 3608 ", "3608"),
        ("P-017", "P-017"),
        ("~Jane_Doe1", "~Jane_Doe1"),
        ("3.5", "3.5"),
        ("²", "²"),  # a digit to isdigit(), not to int()
        ("1e400", "1e400"),
        ("9" * 5000, "9" * 5000),  # int() refuses this many digits
    ],
)
def test_canonical_id_undoes_spreadsheet_damage(cell: str, expected: str) -> None:
    assert canonical_id(cell) == expected


def test_canonical_id_of_numbers() -> None:
    assert canonical_id(3608) == "3608"
    assert canonical_id(3608.0) == "3608"
    assert canonical_id(True) == "True"


def test_excel_mangled_ids_in_a_csv(workdir: Path) -> None:
    path = workdir / "mangled.csv"
    path.write_text(
        "Paper ID,Title,Authors,Author IDs\n"
        '3.608E+03,One,"A; B","2.7162E+04; 21189.0"\n'
        "3609.0,Two,C,0042\n",
        encoding="utf-8",
    )
    papers = read_papers(path).papers
    assert [p.id for p in papers] == ["3608", "3609"]
    assert [a.id for a in papers[0].authors] == ["27162", "21189"]
    assert papers[1].authors[0].id == "42"
    path.write_text("id,title,authors\n3608,One,A\n3.608E+03,Two,B\n", encoding="utf-8")
    assert "row 3: paper id 3608 is used again (first at row 2)" in read_error(path)


# --------------------------------------------------------------------------- XLSX


def test_xlsx_with_numbers_and_a_papers_sheet(workdir: Path) -> None:
    path = write_xlsx(
        workdir / "papers.xlsx",
        [
            ["Paper ID", "Title", "Authors", "Author IDs", "Decision"],
            [3608.0, "One", "Ann Lee; Bob Roe", "27162;21189", "Accept"],
            [None, None, None, None, None],
            ["3.609E+03", "Two", "Carl Zed", 27000, "Reject"],
            [3610, "Three", "Dee", None, None],
        ],
        sheets=("Summary", "Papers"),
    )
    papers = read_papers(path)
    assert papers.format == "xlsx"
    assert [(p.id, p.source_row) for p in papers.papers] == [("3608", 2), ("3609", 4), ("3610", 5)]
    assert [a.id for a in papers.papers[0].authors] == ["27162", "21189"]
    assert papers.papers[1].authors[0].id == "27000"
    assert papers.papers[2].decision is None


def test_xlsx_first_sheet_by_default(workdir: Path) -> None:
    wb = Workbook()
    wb.active.append(["ID", "Title", "Authors"])
    wb.active.append([1, "Only", "Ann"])
    wb.create_sheet("Notes").append(["id", "title", "authors"])
    wb.save(workdir / "list.xlsx")
    assert [p.title for p in read_papers(workdir / "list.xlsx").papers] == ["Only"]


# --------------------------------------------------------------------------- bad input


def test_malformed_json_names_line_and_column(workdir: Path) -> None:
    path = workdir / "papers.json"
    path.write_text('{"results": [\n  {"id": 1,, "name": "T"}\n]}', encoding="utf-8")
    assert read_error(path) == (
        "papers.json: line 2, column 12: not valid JSON (Expecting property name enclosed in "
        "double quotes). Fix the JSON there, or export the list again."
    )


def test_json_of_the_wrong_shape(workdir: Path) -> None:
    path = workdir / "papers.json"
    path.write_text('{"papers": []}', encoding="utf-8")
    assert "expected a list of paper records or an object with a 'results' list" in read_error(path)


def test_json_that_is_not_utf8(workdir: Path) -> None:
    path = workdir / "papers.json"
    path.write_bytes('[{"id": 1, "name": "Café"}]'.encode("utf-16-le"))
    assert read_error(path) == "papers.json: the file is not UTF-8 text. Save the JSON as UTF-8."


def test_json_nested_too_deep(workdir: Path) -> None:
    path = workdir / "papers.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert read_error(path).startswith("papers.json: cannot read the JSON")


def test_json_record_problems_are_all_listed(workdir: Path) -> None:
    path = workdir / "papers.json"
    records = [
        {"id": 1, "name": "Fine", "authors": []},
        {"name": "No id", "authors": []},
        {"id": 3, "authors": []},
        {"id": 4, "name": "T", "authors": "Ann Lee"},
        {"id": 5, "name": "T", "authors": [42]},
        "not a record",
    ]
    path.write_text(json.dumps({"count": 6, "results": records}), encoding="utf-8")
    lines = read_error(path).splitlines()
    assert lines == [
        "papers.json: record 2: has no 'id'. Give every paper a unique id.",
        "papers.json: record 3 (id 3): has no title in 'name'. Give every paper a title.",
        "papers.json: record 4 (id 4): 'authors' is not a list. Write \"authors\": "
        '[{"id": 1, "fullname": "Ann Lee", "institution": "MIT"}].',
        "papers.json: record 5 (id 5), author 1: is neither an object nor a name. "
        'Use {"id": 1, "fullname": "Ann Lee", "institution": "MIT"}.',
        "papers.json: record 6: is not an object. Each paper must be a JSON object.",
    ]


def test_duplicate_ids_in_json_name_both_records(workdir: Path) -> None:
    path = workdir / "papers.json"
    records = [{"id": i, "name": f"P{i}"} for i in (1, 2, 1, 2)]
    path.write_text(json.dumps(records), encoding="utf-8")
    assert read_error(path).splitlines() == [
        "papers.json: record 3: paper id 1 is used again (first at record 1). "
        "Give every paper a unique id, or remove the duplicate.",
        "papers.json: record 4: paper id 2 is used again (first at record 2). "
        "Give every paper a unique id, or remove the duplicate.",
    ]


def test_csv_without_authors_column(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_text("Paper ID,Title,Abstract\n1,T,x\n", encoding="utf-8")
    assert read_error(path) == (
        "papers.csv: row 1 (header): missing column(s): authors. Add them; accepted spellings "
        "are listed in the README (e.g. 'Paper ID', 'Title', 'Authors'). "
        "The header has: 'Paper ID', 'Title', 'Abstract'."
    )


def test_csv_with_the_same_column_twice(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_text("id,Title,authors,TITLE\n1,T,A,U\n", encoding="utf-8")
    assert read_error(path) == (
        "papers.csv: row 1: columns 'Title' and 'TITLE' both give the title. "
        "Delete or rename one of them."
    )


def test_csv_rows_without_id_or_title(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_text("id,title,authors\n,T,A\n2,,B\n3,Fine,C\n", encoding="utf-8")
    assert read_error(path).splitlines() == [
        "papers.csv: row 2: has no paper id. Fill in the id column.",
        "papers.csv: row 3 (id 2): has no title. Fill in the title column.",
    ]


def test_author_id_count_must_match_authors(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_text(
        'Paper ID,Title,Authors,Author IDs\n1,T,"Ann Lee; Bob Roe",101\n', encoding="utf-8"
    )
    assert read_error(path) == (
        "papers.csv: row 2 (id 1), column 'Author IDs': has 1 entries for 2 authors. "
        "Give one entry per author, in the same order, separated by ';'."
    )


def test_csv_with_a_quote_never_closed(workdir: Path) -> None:
    path = workdir / "papers.csv"
    # Read leniently, row 3 would swallow rows 4 and 5 into its title.
    path.write_bytes(b'id,title,authors\n1,One,A\n2,"Two,B\n3,Three,C\n4,Four,D\n')
    assert read_error(path) == (
        'papers.csv: row 3: a quote (") opened on this row is never closed. '
        'Close the quote, or double a quote that is part of the text ("").'
    )


def test_csv_stray_quotes_are_forgiven(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_text(
        'id,title,authors\n1,"Fast" Things,A\n2,Say "hi",B\n3,"Multi\nline ""q""",C\n',
        encoding="utf-8",
    )
    assert [p.title for p in read_papers(path).papers] == [
        "Fast Things",
        'Say "hi"',
        'Multi\nline "q"',
    ]


def test_csv_that_is_binary(workdir: Path) -> None:
    path = workdir / "papers.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    assert "this is not a text CSV file (it holds NUL bytes)" in read_error(path)


@pytest.mark.parametrize("content", [b"", b"\n\n , ,\n"])
def test_empty_table(workdir: Path, content: bytes) -> None:
    path = workdir / "papers.csv"
    path.write_bytes(content)
    assert read_error(path).startswith("papers.csv: the table is empty.")


def test_xlsx_that_is_not_a_workbook(workdir: Path) -> None:
    path = workdir / "papers.xlsx"
    path.write_bytes(os.urandom(2048))
    assert read_error(path) == (
        "papers.xlsx: not a readable .xlsx workbook. "
        "Open it in a spreadsheet program and save it as .xlsx again."
    )


def test_unknown_extension(workdir: Path) -> None:
    path = workdir / "papers.pdf"
    path.write_bytes(b"%PDF-1.7")
    assert read_error(path) == (
        "papers.pdf: unknown paper-list format '.pdf'. Give a .json, .csv or .xlsx file, or an "
        "export of OpenReview, CMT, EasyChair, HotCRP, pretalx or Mini-Conf (--from names the "
        "system)."
    )


def test_unreadable_path(workdir: Path) -> None:
    (workdir / "folder.csv").mkdir()
    assert read_error(workdir / "folder.csv").startswith(
        "folder.csv: the folder is no export the planner knows"
    )


# --------------------------------------------------------------------------- properties

ID_HEADERS = ["Paper ID", "id", "number", "#", "Submission ID"]
TITLE_HEADERS = ["Title", "Paper Title", "title"]
AUTHOR_HEADERS = ["Authors", "Author Names", "authors"]
OTHER_HEADERS = [
    "Author IDs", "Author Emails", "Affiliations", "Abstract", "Decision", "Status", "Presenter",
    "Keywords", "Topic", "Track", "forum", "Authors", "", " ", "x;y", '"', "Ünïcödé",
]  # fmt: skip
CELL = st.one_of(
    st.text(max_size=12),
    st.text(alphabet="0123456789.eE+-;|,*() \"'\n\r\t²", max_size=12),
    st.sampled_from(["3.608E+03", "3608.0", "1e400", "9" * 5000, "A (B)*", ";", "|", "", "1"]),
)


@st.composite
def mangled_csv(draw: Callable[..., object]) -> bytes:
    """CSV-ish bytes: usually a recognisable header and rows of odd cells, in one of the
    encodings spreadsheets write, sometimes with random bytes spliced in."""
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    header: list[str] = []
    for choices in (ID_HEADERS, TITLE_HEADERS, AUTHOR_HEADERS):
        if draw(st.integers(0, 9)):  # a required column is missing one time in ten
            header.append(draw(st.sampled_from(choices)))
    header += draw(
        st.lists(st.one_of(st.sampled_from(OTHER_HEADERS), st.text(max_size=8)), max_size=4)
    )
    header = draw(st.permutations(header))
    width = len(header)
    rows = draw(
        st.lists(st.lists(CELL, min_size=max(0, width - 1), max_size=width + 1), max_size=6)
    )
    text = "\n".join(delimiter.join(r) for r in [header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    data = text.encode(encoding, errors="replace")
    if not draw(st.integers(0, 4)):  # damage some bytes one time in five
        junk = draw(st.binary(max_size=16))
        at = draw(st.integers(min_value=0, max_value=len(data)))
        data = data[:at] + junk + data[at:]
    return data


@pytest.fixture(scope="module")
def tiny_venue() -> Venue:
    return read_venue(Path(__file__).resolve().parent / "data" / "tiny" / "venue.toml")


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("property")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(mangled_csv(), st.binary(max_size=300)))
def test_any_csv_loads_or_says_what_is_wrong(scratch: Path, tiny_venue: Venue, data: bytes) -> None:
    path = scratch / "papers.csv"
    path.write_bytes(data)
    try:
        papers = read_papers(path)
    except InputError as exc:
        assert exc.problems
        assert all(str(p).startswith(f"{path}: ") for p in exc.problems)
        return
    assert all(p.id and p.title for p in papers.papers)
    assert len({p.id for p in papers.papers}) == len(papers.papers)
    try:
        build_index(papers.papers, tiny_venue, papers_source=papers.source)
    except InputError as exc:
        assert all("field 'presenter'" in str(p) for p in exc.problems)


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)
# Records are mostly well-formed in id and title, so that the odd values in the
# other fields are reached rather than the record being refused early.
RECORD = st.fixed_dictionaries(
    {
        "id": st.one_of(st.integers(), st.text(min_size=1, max_size=6), JSON_VALUE),
        "name": st.one_of(st.text(min_size=1, max_size=6), JSON_VALUE),
    },
    optional={
        "title": JSON_VALUE,
        "abstract": JSON_VALUE,
        "decision": JSON_VALUE,
        "keywords": JSON_VALUE,
        "topic": JSON_VALUE,
        "presenter": JSON_VALUE,
        "url": JSON_VALUE,
        "authors": st.one_of(
            JSON_VALUE,
            st.lists(
                st.fixed_dictionaries(
                    {},
                    optional={"id": JSON_VALUE, "fullname": JSON_VALUE, "institution": JSON_VALUE},
                ),
                max_size=3,
            ),
        ),
    },
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.one_of(st.lists(RECORD, max_size=4), JSON_VALUE))
def test_any_json_loads_or_says_what_is_wrong(
    scratch: Path, tiny_venue: Venue, doc: object
) -> None:
    path = scratch / "papers.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    try:
        papers = read_papers(path)
    except InputError as exc:
        assert exc.problems
        return
    assert all(isinstance(p.id, str) and p.title for p in papers.papers)
    # Whatever the authors look like, the people behind them can be worked out (or
    # the presenter field named someone who is not an author).
    try:
        index = build_index(papers.papers, tiny_venue, papers_source=papers.source)
    except InputError as exc:
        assert all("field 'presenter'" in str(p) for p in exc.problems)
        assert all(str(p).startswith(f"{path}: record ") for p in exc.problems)
        return
    assert set(index.paper_people) == {p.id for p in papers.papers}
    assert all(index.people[k].papers for keys in index.paper_people.values() for k in keys)


def test_stale_places_and_times_of_the_input_are_replaced_in_papers_json() -> None:
    """A Mini-Conf "sessions" column, a "Room", a second time slot: the plan's value, or null."""
    from helpers import make_inputs, paper, room, run, session, venue

    from planner.outputs.site_json import records

    papers = [paper(f"p{i}", [f"a{i}"]) for i in range(6)]
    for p in papers:
        p.raw.update(
            {"sessions": "Tues Session 1|Mon Session 1", "Room": "Old hall", "starttime2": "x"}
        )
        p.raw["slots"] = ["keep me"]  # not a place or a time the planner knows: kept
    plan = run(make_inputs(papers, venue([session("s1"), session("s2", 1)], [room("hall", 6)])))
    for record in records(plan):
        where = next(pl for pl in plan.placements if pl.paper == record["id"])
        assert record["sessions"] == plan.venue.session_by_id[where.session].name
        assert record["Room"] == plan.venue.room_by_id[where.room].name
        assert record["starttime2"] is None
        assert record["slots"] == ["keep me"]


def test_check_is_told_which_column_or_field_filled_each_planner_field(workdir: Path) -> None:
    table = workdir / "papers.csv"
    table.write_text("Paper ID,Paper Title,Author Names,Status\n1,A,Ann Lee,Accept\n", "utf-8")
    papers = read_papers(table)
    assert papers.reader == "CSV table"
    assert papers.field_sources == {
        "id": "Paper ID",
        "title": "Paper Title",
        "authors": "Author Names",
        "decision": "Status",
    }
    site = workdir / "papers.json"
    site.write_text(json.dumps([{"id": 1, "title": "A", "authors": ["Ann Lee"]}]), "utf-8")
    assert read_papers(site).field_sources == {"id": "id", "title": "title", "authors": "authors"}
