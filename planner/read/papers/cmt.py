"""Microsoft CMT's submissions export ("Export to Excel > Submissions").

The file is SpreadsheetML 2003 XML named ``.xls`` (or, once saved from
Excel, an ``.xlsx``; or the tab-delimited export): planner.read.papers.cmt_sheets
reads its sheets.  A multi-track conference has one sheet per track, each
with a banner row ("Conference - Track") above its header; the header is the
row holding CMT's own "Paper ID" and "Primary Contact Author Email".

Authors come as parallel ';'-separated cells: "Author Names" ("Jane Doe*;
Li Wei", '*' marking the contact author), "Author Emails" (starred alike) and
"Authors" ("Jane Doe (MIT)*; Li Wei (Tsinghua)", the affiliation in the
last parentheses).  CMT has no person ids, so an author is known by e-mail.
"Primary Subject Area" gives the topic ("Area -> Sub" becomes "Area › Sub"),
"Secondary Subject Areas" the keywords, "Status" the decision as spelled;
the accepted decisions are the statuses in the file that begin with
"Accept" ("Accept (Poster)", "Accept (Oral)").  Every column is kept in
the record, with the contact author's e-mail as ``contact_author``.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.core.errors import InputError, Problem, Problems
from planner.core.ids import canonical_id
from planner.core.limits import (
    MAX_AUTHORS,
    MAX_NAME_CHARS,
    MAX_RECORDS,
    check_record,
    id_problem,
    show,
    text_problem,
)
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.cmt_sheets import (
    OLE_MAGIC,
    Sheet,
    is_spreadsheetml,
    read_sheets,
    xlsx_has_signature,
)
from planner.read.papers.fields import author_problem
from planner.read.papers.rows import header_key, match_columns
from planner.read.papers.systems import Reader, ReadOptions, Source

LABEL = "Microsoft CMT (Papers export)"
SIGNATURE = ("Paper ID", "Primary Contact Author Email")
_SIGNATURE_KEYS = {header_key(s) for s in SIGNATURE}
HEADER_SEARCH = 20  # rows with text looked through for the header (a banner comes first)
ARROW = " › "

# Canonical column -> CMT's header spellings (compared after header_key), best first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("Paper ID",),
    "title": ("Paper Title", "Title"),
    "abstract": ("Abstract",),
    "names": ("Author Names",),
    "authors": ("Authors",),
    "emails": ("Author Emails",),
    "affiliations": ("Author Affiliations", "Affiliations", "Author Organizations"),
    "track": ("Track Name",),
    "topic": ("Primary Subject Area",),
    "keywords": ("Secondary Subject Areas",),
    "decision": ("Status",),
    "contact_name": ("Primary Contact Author Name",),
    "contact_email": ("Primary Contact Author Email",),
}
_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}
_PRIORITY = {header_key(a): rank for names in COLUMNS.values() for rank, a in enumerate(names)}
CONTACT_FIELD = "contact_author"  # the record's field for the contact author's e-mail


def sniff(source: Source) -> bool:
    """CMT's Excel XML by its root; an .xlsx, .csv or tab-delimited export by its header."""
    if source.data is None:
        return False
    if is_spreadsheetml(source.head):
        return True
    if source.suffix == ".xls" and source.data.startswith(OLE_MAGIC):
        return True  # Excel 97-2003: no reader takes it; read() says how to convert it
    if source.suffix in (".xlsx", ".xlsm") and source.data.startswith(b"PK"):
        return xlsx_has_signature(source.data, tuple(s.lower().encode() for s in SIGNATURE))
    if source.suffix in (".csv", ".tsv", ".txt"):
        lines = [line for line in source.head.splitlines()[:HEADER_SEARCH] if line.strip()]
        return any(all(k in header_key(line) for k in _SIGNATURE_KEYS) for line in lines)
    return False


def read(source: Source, options: ReadOptions) -> PaperList:
    """The papers of every track's sheet; raises InputError listing every problem."""
    del options  # CMT's export says everything itself
    shown = source.shown
    if source.data is None:
        raise InputError(
            Problem(shown, "", "CMT's export is one file, not a folder", "Give the .xls file.")
        )
    sheets = read_sheets(source.data, shown, source.suffix)
    problems = Problems(shown)
    tables = [t for t in (_table(s, problems) for s in sheets) if t is not None]
    problems.raise_if_any()
    if not tables:
        raise InputError(
            Problem(shown, "", "the export is empty", "Export the submissions from CMT again.")
        )
    if sum(len(t.rows) for t in tables) > MAX_RECORDS:
        raise InputError(
            Problem(
                shown,
                "",
                f"the export has more than {MAX_RECORDS:,} papers, the most the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    located = [found for t in tables for found in _papers(t, len(tables), problems)]
    _check_unique(located, problems)
    problems.raise_if_any()
    papers = [p for p, _ in located]
    return PaperList(
        source=shown,
        format="csv" if tables[0].sheet.name is None else "xlsx",
        papers=papers,
        reader=LABEL,
        field_sources=_field_sources(tables),
        accept=_accepted_statuses(papers),
    )


@dataclass
class _Table:
    """One track's sheet: its header, the columns matched in it, and its paper rows."""

    sheet: Sheet
    header_row: int
    header: list[str]
    columns: dict[str, int]
    rows: list[tuple[int, list[str]]]

    def where(self, number: int) -> str:
        return (
            f"sheet '{show(self.sheet.name)}', row {number}" if self.sheet.name else f"row {number}"
        )


def _table(sheet: Sheet, problems: Problems) -> _Table | None:
    """The sheet's header and paper rows; None for an empty sheet or once a problem is added."""
    rows = [(n, r) for n, r in sheet.rows if any(c.strip() for c in r)]
    if not rows:
        return None
    found = next(
        (
            (n, [c.strip() for c in r])
            for n, r in rows[:HEADER_SEARCH]
            if {header_key(c) for c in r} >= _SIGNATURE_KEYS
        ),
        None,
    )
    where = f"sheet '{show(sheet.name)}'" if sheet.name else ""
    if found is None:
        problems.add(
            where,
            f"{'' if sheet.name else 'the table '}has no CMT header row (one with "
            f"'{SIGNATURE[0]}' and '{SIGNATURE[1]}')",
            "Give CMT's Submissions export as it was downloaded and delete any sheet you "
            "added; a list that is not CMT's, saved as Excel XML, save as .xlsx instead.",
        )
        return None
    header_row, header = found
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    missing = [
        label
        for label, keys in (("'Paper Title'", ("title",)), ("'Author Names'", ("names", "authors")))
        if not any(k in columns for k in keys)
    ]
    if missing:
        problems.add(
            f"{where}, row {header_row} (header)" if where else f"row {header_row} (header)",
            f"CMT's column(s) {', '.join(missing)} are missing",
            "Export the submissions from CMT again, with every column.",
        )
        return None
    return _Table(sheet, header_row, header, columns, [(n, r) for n, r in rows if n > header_row])


@dataclass(frozen=True)
class _Row:
    """One paper's row in its table."""

    table: _Table
    number: int
    cells: list[str]

    def get(self, key: str) -> str:
        """The cell of a canonical column, stripped; empty when the sheet has no such column."""
        idx = self.table.columns.get(key)
        return self.cells[idx].strip() if idx is not None and idx < len(self.cells) else ""

    def column(self, key: str) -> str:
        return self.table.header[self.table.columns[key]]


def _papers(table: _Table, tracks: int, problems: Problems) -> list[tuple[Paper, str]]:
    """The sheet's papers, each with the place messages name it by."""
    out = []
    for number, cells in table.rows:
        paper = _paper(_Row(table, number, cells), tracks, problems)
        if paper is not None:
            out.append((paper, table.where(number)))
    return out


def _paper(row: _Row, tracks: int, problems: Problems) -> Paper | None:
    """The row as a paper; None once its problem is added."""
    where = row.table.where(row.number)
    raw = _record(row, tracks)
    if not check_record(raw, where, problems):
        return None
    found = _id_and_title(row, where, problems)
    if found is None:
        return None
    pid, title = found
    where = f"{where} (Paper ID {pid})"
    people = _authors(row, where, problems)
    if people is None:
        return None
    authors, contact = people
    if contact and CONTACT_FIELD not in raw:
        raw[CONTACT_FIELD] = contact
    topic = _topic(row, tracks)
    return Paper(
        id=pid,
        title=title,
        abstract=row.get("abstract"),
        authors=authors,
        decision=row.get("decision") or None,
        # Subject areas hold commas ("Fairness, Accountability"): only ';' separates them.
        keywords=[_area(k) for k in _entries(row.get("keywords")) if k],
        topic=topic or None,
        source_row=row.number,
        raw=raw,
    )


def _topic(row: _Row, tracks: int) -> str:
    """The primary subject area, else the track (its column, else its sheet's name)."""
    columns = row.table.columns
    if "topic" in columns:
        return _area(row.get("topic"))
    if "track" in columns:
        return row.get("track")
    return (row.table.sheet.name or "") if tracks > 1 else ""


def _record(row: _Row, tracks: int) -> dict[str, object]:
    """Every cell under its header; the sheet's name as "Track Name" where the column is missing."""
    header = row.table.header
    raw: dict[str, object] = {
        (header[i] if i < len(header) and header[i] else f"column {i + 1}"): v
        for i, v in enumerate(row.cells)
    }
    for i, name in enumerate(header):  # a row shorter than its header: its last cells are empty
        if name and i >= len(row.cells):
            raw.setdefault(name, "")
    if "track" not in row.table.columns and tracks > 1 and row.table.sheet.name:
        raw.setdefault("Track Name", row.table.sheet.name)  # one sheet per track
    return raw


def _id_and_title(row: _Row, where: str, problems: Problems) -> tuple[str, str] | None:
    """The row's Paper ID, made canonical, and its title; None once a problem is added."""
    pid = canonical_id(row.get("id"))
    if not pid:
        problems.add(where, "has no Paper ID", "Fill in the Paper ID, or delete the row.")
        return None
    bad = id_problem(pid)
    if bad:
        problems.add(where, f"the Paper ID '{show(pid)}' {bad}", "Give the paper CMT's id.")
        return None
    title = row.get("title")
    if not title:
        problems.add(f"{where} (Paper ID {pid})", "has no Paper Title", "Fill in the title.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(f"{where} (Paper ID {pid})", f"the title {bad}", "Shorten the title.")
        return None
    return pid, title


def _entries(cell: str) -> list[str]:
    """A ';'-separated cell's entries, trimmed; a ';' inside parentheses does not separate
    ("Ann Lee (Dept. A; MIT)"), and a trailing ';' adds no entry."""
    out: list[str] = []
    for piece in cell.split(";") if cell.strip() else []:
        if out and out[-1].count("(") > out[-1].count(")"):
            out[-1] = f"{out[-1]};{piece}"
        else:
            out.append(piece)
    out = [e.strip() for e in out]
    while out and not out[-1]:
        out.pop()
    return out


def _starred(entry: str) -> tuple[str, bool]:
    """An entry without CMT's contact-author star, and whether it had one."""
    text = entry.rstrip()
    return (text[:-1].rstrip(), True) if text.endswith("*") else (text, False)


def _name_and_place(entry: str) -> tuple[str, str]:
    """ "Jane Doe (MIT)" -> ("Jane Doe", "MIT"): the affiliation is the last parentheses,
    which may nest ("Bo Qin (Univ. (Main Campus))"); a name's own stay ("Mei (Maggie) Tan")."""
    if not entry.endswith(")"):
        return entry, ""
    depth = 0
    for i in range(len(entry) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(entry[i], 0)
        if depth == 0:
            name = entry[:i].rstrip()
            return (name, entry[i + 1 : -1].strip()) if name else (entry, "")
    return entry, ""  # unbalanced: the name as it is


def _authors(row: _Row, where: str, problems: Problems) -> tuple[list[AuthorRecord], str] | None:
    """The row's authors and its contact author's e-mail (or name); None once a problem is added."""
    lists = _author_lists(row, where, problems)
    if lists is None:
        return None
    names, places, emails, starred = lists
    authors = []
    for k, name in enumerate(names):
        author = AuthorRecord(
            id=None,  # CMT has no person ids: the e-mail identifies an author
            name=name,
            institution=places[k] if places and places[k] else None,
            email=emails[k] if emails and emails[k] else None,
        )
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {k + 1}", bad, "Fix the author there.")
            return None
        authors.append(author)
    contact = row.get("contact_email").lower()
    if not contact and starred:
        first = authors[starred[0]]
        contact = first.email or first.name
    return authors, contact


def _author_lists(
    row: _Row, where: str, problems: Problems
) -> tuple[list[str], list[str], list[str], list[int]] | None:
    """Names, affiliations and e-mails (one per author, or none) and the starred authors.

    The names are "Author Names"', else those in "Authors"; the affiliations
    an affiliations column's, else those in "Authors"' parentheses.
    """
    columns = row.table.columns
    listed = [_starred(e) for e in _entries(row.get("authors"))]
    named = [_starred(e) for e in _entries(row.get("names"))] if "names" in columns else None
    if named is None:
        named = [(_name_and_place(n)[0], star) for n, star in listed]
    if len(named) > MAX_AUTHORS:
        problems.add(
            where,
            f"lists {len(named):,} authors, more than the "
            f"{MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    names = [n for n, _ in named]
    starred = [k for k, (_, star) in enumerate(named) if star]
    if "affiliations" in columns:
        places = _entries(row.get("affiliations"))
        key = "affiliations"
    else:
        places = [_name_and_place(n)[1] for n, _ in listed]
        key = "authors"
    emails = [_starred(e)[0].lower() for e in _entries(row.get("emails"))]
    for values, column in ((places, key), (emails, "emails")):
        if values and len(values) != len(names) and column in columns:
            problems.add(
                f"{where}, column '{show(row.column(column))}'",
                f"has {len(values)} {'entry' if len(values) == 1 else 'entries'} "
                f"for {len(names)} authors",
                "Give one entry per author, in the same order, separated by ';'.",
            )
            return None
    return names, places, emails, starred


def _area(value: str) -> str:
    """CMT's two-level subject area "Theory -> Deep Learning" as "Theory › Deep Learning"."""
    return ARROW.join(part.strip() for part in value.split("->")) if "->" in value else value


def _check_unique(located: list[tuple[Paper, str]], problems: Problems) -> None:
    """A problem for a Paper ID used twice, naming both places (their sheets too)."""
    seen: dict[str, str] = {}
    for paper, where in located:
        if paper.id in seen:
            problems.add(
                where,
                f"Paper ID {paper.id} is used again (first at {seen[paper.id]})",
                "Give every paper its own id, or remove the duplicate row.",
            )
        else:
            seen[paper.id] = where


def _accepted_statuses(papers: list[Paper]) -> list[str] | None:
    """The file's statuses that begin with "Accept", in their first spelling; None when none
    does (the venue's accept_decisions then apply)."""
    found: dict[str, str] = {}
    for paper in papers:
        if paper.decision and paper.decision.casefold().startswith("accept"):
            found.setdefault(paper.decision.casefold(), paper.decision)
    return list(found.values()) or None


def _field_sources(tables: list[_Table]) -> dict[str, str]:
    """Each planner field and the CMT column (as the file spells it) that filled it."""
    fields = {
        "id": ("id",),
        "title": ("title",),
        "abstract": ("abstract",),
        "authors": ("names", "authors"),
        "emails": ("emails",),
        "institutions": ("affiliations", "authors"),
        "decision": ("decision",),
        "topic": ("topic", "track"),
        "keywords": ("keywords",),
    }
    out: dict[str, str] = {}
    for planner_field, keys in fields.items():
        spellings: list[str] = []
        for table in tables:
            key = next((k for k in keys if k in table.columns), None)
            text = table.header[table.columns[key]] if key else None
            if planner_field == "institutions" and key == "authors":
                text = f"{text} (in parentheses)"
            if planner_field == "topic" and key is None and len(tables) > 1:
                text = "the sheet name"
            if text and text not in spellings:
                spellings.append(text)
        if spellings:
            out[planner_field] = " / ".join(spellings)
    return out


READER = Reader(name="cmt", label=LABEL, sniff=sniff, read=read)
