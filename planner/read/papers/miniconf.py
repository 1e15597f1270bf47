"""Mini-Conf's ``papers.csv``: the paper list of the virtual-conference site generator.

Mini-Conf (the ICLR, ACL and ICML virtual sites) reads ``sitedata/papers.csv``
with the header ``UID,title,authors,abstract,keywords,sessions`` (some sites
say ``session``, and many add columns: ``track``, ``paper_type``,
``pdf_url``, slide and video ids).  Its list fields hold several values
joined by ``|``: "Ann Lee|Bo Roe", "privacy, fairness|robustness" (a keyword
may hold a comma, so only ``|`` splits).

The list is of accepted papers, so there is no decision: every row gets a
poster.  The ``sessions`` column says where and when the site showed the paper
before this plan; it is kept in the record with every other column, never
read as a placement.
"""

from __future__ import annotations

import csv
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.ids import canonical_id
from planner.core.limits import MAX_AUTHORS, MAX_NAME_CHARS, id_problem, show, text_problem
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.fields import author_problem
from planner.read.papers.rows import (
    csv_rows,
    header_key,
    long_cell,
    match_columns,
    table_rows,
    xlsx_rows,
)
from planner.read.papers.systems import Reader, ReadOptions, Source
from planner.read.papers.table import found_header

LABEL = "Mini-Conf papers.csv"

# Mini-Conf's column names (compared after header_key), best first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": ("UID",),
    "title": ("title",),
    "authors": ("authors",),
    "abstract": ("abstract",),
    "keywords": ("keywords",),
    "topic": ("track", "topic", "primary area", "primary subject", "area"),
    "url": ("pdf url", "paper url", "url", "pdf", "pdf path"),
}
_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}
_PRIORITY = {header_key(a): rank for names in COLUMNS.values() for rank, a in enumerate(names)}
FIX = "Give the papers.csv Mini-Conf reads: the header UID,title,authors,... and a row per paper."


def sniff(source: Source) -> bool:
    """A table whose header has UID, title and authors and no id column (a table with
    an id is a generic one, or the conference-site JSON's shape made a table)."""
    head = source.head
    if source.data is None or not head or head.startswith(("[", "{", "<")):
        return False
    line = next((ln for ln in head.splitlines() if ln.strip()), "")
    delimiter = max((",", ";", "\t"), key=line.count)
    keys = {header_key(c) for c in next(csv.reader([line], delimiter=delimiter), [])}
    return {"uid", "title", "authors"} <= keys and "id" not in keys


def read(source: Source, options: ReadOptions) -> PaperList:
    """The papers of a Mini-Conf papers.csv; raises InputError listing every problem."""
    data, shown = source.data, source.shown
    if data is None:
        raise InputError(Problem(shown, "", "a Mini-Conf list is one file, not a folder", FIX))
    workbook = source.suffix in (".xlsx", ".xlsm")
    rows = table_rows(xlsx_rows(data, shown) if workbook else csv_rows(data, shown), shown, FIX)
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    problems = Problems(shown)
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    missing = [COLUMNS[c][0] for c in ("id", "title", "authors") if c not in columns]
    if missing:
        problems.add(
            f"row {header_row} (header)",
            f"missing column(s): {', '.join(missing)}",
            f"{FIX} The header has: {found_header(header)}.",
        )
    problems.raise_if_any()
    papers = []
    for number, row in rows[1:]:
        if long_cell(row, number, header, problems):
            continue
        paper = _row_paper(row, number, header, columns, problems)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    sources = {key: header[idx] for key, idx in columns.items()}
    sources["authors"] += " (split on '|')"
    if "keywords" in sources:
        sources["keywords"] += " (split on '|')"
    sources["decision"] = "none: every paper in the list is accepted"
    return PaperList(
        source=shown,
        format="xlsx" if workbook else "csv",
        papers=papers,
        reader=LABEL,
        field_sources=sources,
    )


def _split(cell: str) -> list[str]:
    """A Mini-Conf list field: values joined by '|' (by ';' in a list made without
    one), empty values and spaces around them dropped."""
    sep = "|" if "|" in cell or ";" not in cell else ";"
    return [part.strip() for part in cell.split(sep) if part.strip()]


def _row_paper(
    row: list[str], number: int, header: list[str], columns: dict[str, int], problems: Problems
) -> Paper | None:
    """The row as a paper; None once its problem is added."""

    def get(key: str) -> str:
        idx = columns.get(key)
        return row[idx].strip() if idx is not None and idx < len(row) else ""

    where = f"row {number}"
    if not get("id"):
        problems.add(where, "has no UID", "Fill in the UID column.")
        return None
    pid = canonical_id(get("id"))
    bad = id_problem(pid)
    if bad:
        problems.add(where, f"the UID '{show(pid)}' {bad}", "Give the paper a plain, short UID.")
        return None
    where = f"row {number} (UID {pid})"
    title = get("title")
    bad = "is empty" if not title else text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(where, f"the title {bad}", "Fill in a title of a sensible length.")
        return None
    authors = _authors(get("authors"), where, problems)
    if authors is None:
        return None
    url = get("url")
    raw: dict[str, Any] = {
        header[i] if i < len(header) else f"column {i + 1}": v for i, v in enumerate(row)
    }
    return Paper(
        id=pid,
        title=title,
        abstract=get("abstract"),
        authors=authors,
        keywords=_split(get("keywords")),
        topic=get("topic") or None,
        url=url if url.startswith("http") else None,
        source_row=number,
        raw=raw,
    )


def _authors(cell: str, where: str, problems: Problems) -> list[AuthorRecord] | None:
    names = _split(cell)
    if len(names) > MAX_AUTHORS:
        problems.add(
            where,
            f"lists {len(names):,} authors, more than the "
            f"{MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    authors = [AuthorRecord(name=name) for name in names]
    for k, author in enumerate(authors, 1):
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {k}", bad, "Fix the author there.")
            return None
    return authors


READER = Reader(name="miniconf", label=LABEL, sniff=sniff, read=read)
