"""The paper list as a CSV or XLSX table: one header row, one row per paper.

Headers are matched loosely (case, spaces and punctuation ignored) against
the spellings that OpenReview, CMT and HotCRP exports use; the README lists
them.  A cell of several values (authors, their ids, e-mails and
affiliations) is split on ';' (planner.read.papers.fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planner.core.errors import Problems
from planner.core.ids import canonical_id
from planner.core.limits import MAX_AUTHORS, MAX_NAME_CHARS, id_problem, show, text_problem
from planner.read.conference import AuthorRecord, Paper, PaperList
from planner.read.papers.fields import author_problem, split_cell
from planner.read.papers.rows import header_key, long_cell, match_columns, table_rows

# Canonical column -> accepted header spellings (compared after header_key), best
# first: when a table has two of them (OpenReview's "number" and "forum", CMT's
# "Author Names" and "Authors"), the earlier spelling is read and the other kept
# only in the record.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id": (
        "id",
        "paper id",
        "paperid",
        "submission id",
        "paper number",
        "number",
        "submission number",
        "submission",
        "paper",
        "#",
        "pid",
        "forum",
    ),
    "title": ("title", "paper title", "submission title", "name"),
    # CMT's "Authors" is "Jane Doe (MIT)*; ...", its "Author Names" the bare names.
    "authors": ("author names", "authors names", "authors", "author", "author list"),
    "abstract": ("abstract", "paper abstract", "tldr abstract"),
    "decision": (
        "decision",
        "status",
        "outcome",
        "acceptance",
        "acceptance status",
        "final decision",
    ),
    "author_ids": ("author ids", "authorids", "author id", "openreview ids", "author profiles"),
    "emails": ("author emails", "emails", "email", "author email", "author e-mails", "e-mails"),
    "affiliations": (
        "affiliations",
        "author affiliations",
        "institutions",
        "affiliation",
        "author institutions",
        "organizations",
    ),
    "presenter": (
        "presenter",
        "presenting author",
        "presenter name",
        "presenter id",
        "poster presenter",
    ),
    "keywords": ("keywords", "keyword", "author keywords", "subject areas"),
    "topic": (
        "topic",
        "track",
        "track name",
        "primary subject area",
        "subject area",
        "area",
        "primary area",
        "category",
    ),
    "url": ("url", "link", "paper url", "forum url", "pdf", "paper link"),
}
REQUIRED = ("id", "title", "authors")

_ALIASES = {header_key(a): col for col, names in COLUMNS.items() for a in names}
_PRIORITY = {header_key(a): rank for names in COLUMNS.values() for rank, a in enumerate(names)}
# "Jane Doe (MIT)*": a name with its affiliation, as CMT's "Authors" column gives it.
_NAME_AND_PLACE = re.compile(r"^(?P<name>.*?\S)\s*\((?P<place>[^()]*)\)\s*\*?$")


def read_table(rows: list[tuple[int, list[str]]], shown: str, fmt: str) -> PaperList:
    """The papers in a table's rows (``fmt``: "csv" or "xlsx"); raises InputError listing all."""
    rows = table_rows(
        rows, shown, "Put a header row (id, title, authors and any others) and one row per paper."
    )
    header_row, header = rows[0]
    header = [h.strip() for h in header]
    problems = Problems(shown)
    columns = match_columns(header, _ALIASES, _PRIORITY, header_row, problems)
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        problems.add(
            f"row {header_row} (header)",
            f"missing column(s): {', '.join(missing)}",
            "Add them; accepted spellings are listed in the README (e.g. 'Paper ID', "
            f"'Title', 'Authors'). The header has: {found_header(header)}.",
        )
    problems.raise_if_any()

    papers: list[Paper] = []
    for number, row in rows[1:]:
        if long_cell(row, number, header, problems):
            continue
        paper = _table_record(row, number, header, columns, problems)
        if paper is not None:
            papers.append(paper)
    problems.raise_if_any()
    sources = {key: header[i] for key, i in sorted(columns.items(), key=lambda kv: kv[1])}
    return PaperList(source=shown, format=fmt, papers=papers, field_sources=sources)


def found_header(header: list[str], most: int = 20) -> str:
    """The header as read, for a message saying a column is missing: the chair sees
    which row was taken for the header and how its names were spelt."""
    shown = ", ".join(f"'{show(h, 40)}'" for h in header[:most])
    return shown + (f" and {len(header) - most} more" if len(header) > most else "")


@dataclass(frozen=True)
class _Row:
    """One paper's row, with the table's header and the columns matched in it."""

    cells: list[str]
    number: int
    header: list[str]
    columns: dict[str, int]

    def get(self, key: str) -> str:
        """The cell of a canonical column, stripped; empty when the table has no such column."""
        idx = self.columns.get(key)
        return self.cells[idx].strip() if idx is not None and idx < len(self.cells) else ""


def _table_record(
    row: list[str], number: int, header: list[str], columns: dict[str, int], problems: Problems
) -> Paper | None:
    """The row as a paper; None once its problem is added."""
    line = _Row(row, number, header, columns)
    found = _id_and_title(line, problems)
    if found is None:
        return None
    pid, title = found
    where = f"row {number} (id {pid})"
    names = _author_names(line, where, problems)
    if names is None:
        return None
    extra = _per_author(line, names, where, problems)
    if extra is None:
        return None
    authors = _authors(names, extra, "affiliations" in columns, where, problems)
    if authors is None:
        return None
    raw = {header[i] if i < len(header) else f"column {i + 1}": v for i, v in enumerate(row)}
    return Paper(
        id=pid,
        title=title,
        abstract=line.get("abstract"),
        authors=authors,
        decision=line.get("decision") or None,
        keywords=[k for k in split_cell(line.get("keywords").replace(",", ";")) if k],
        topic=line.get("topic") or None,
        presenter=line.get("presenter") or None,
        url=line.get("url") or None,
        source_row=number,
        raw=raw,
    )


def _id_and_title(line: _Row, problems: Problems) -> tuple[str, str] | None:
    """The row's paper id, made canonical, and its title; None once a problem is added."""
    where = f"row {line.number}"
    pid = line.get("id")
    if not pid:
        problems.add(where, "has no paper id", "Fill in the id column.")
        return None
    pid = canonical_id(pid)
    bad = id_problem(pid)
    if bad:
        problems.add(
            where, f"the paper id '{show(pid)}' {bad}", "Give the paper a plain, short id."
        )
        return None
    title = line.get("title")
    if not title:
        problems.add(f"{where} (id {pid})", "has no title", "Fill in the title column.")
        return None
    bad = text_problem(title, MAX_NAME_CHARS)
    if bad:
        problems.add(f"{where} (id {pid})", f"the title {bad}", "Shorten the title.")
        return None
    return pid, title


def _author_names(line: _Row, where: str, problems: Problems) -> list[str] | None:
    """The names in the authors cell, CMT's '*' dropped; None when there are too many."""
    names = [re.sub(r"\s*\*$", "", n) for n in split_cell(line.get("authors"))]
    while names and not names[-1]:
        names.pop()  # a trailing separator, "Ann Lee; Bob Roe;", adds no author
    if len(names) > MAX_AUTHORS:
        problems.add(
            where,
            f"lists {len(names):,} authors, more than the "
            f"{MAX_AUTHORS:,} the planner takes on one paper",
            "Check the author list (see the README's limits).",
        )
        return None
    return names


def _per_author(
    line: _Row, names: list[str], where: str, problems: Problems
) -> dict[str, list[str]] | None:
    """The author ids, e-mails and affiliations, one entry per author or none at all."""
    extra: dict[str, list[str]] = {}
    for key in ("author_ids", "emails", "affiliations"):
        values = split_cell(line.get(key))
        while len(values) > len(names) and not values[-1]:
            values.pop()  # "1;2;;" for two authors
        if values and len(values) != len(names):
            problems.add(
                f"{where}, column '{line.header[line.columns[key]]}'",
                f"has {len(values)} entries for {len(names)} authors",
                "Give one entry per author, in the same order, separated by ';'.",
            )
            return None
        extra[key] = values
    return extra


def _authors(
    names: list[str],
    extra: dict[str, list[str]],
    has_affiliations: bool,
    where: str,
    problems: Problems,
) -> list[AuthorRecord] | None:
    """The row's authors, each checked; None once a problem is added."""
    authors = []
    for k, name in enumerate(names):
        place = extra["affiliations"][k] if extra["affiliations"] else ""
        both = _NAME_AND_PLACE.match(name)
        if both and not has_affiliations:  # "Jane Doe (MIT)*"
            name, place = both.group("name"), place or both.group("place").strip()
        author = AuthorRecord(
            id=canonical_id(extra["author_ids"][k])
            if extra["author_ids"] and extra["author_ids"][k]
            else None,
            name=name,
            institution=place or None,
            email=extra["emails"][k].lower() if extra["emails"] and extra["emails"][k] else None,
        )
        bad = author_problem(author)
        if bad:
            problems.add(f"{where}, author {k + 1}", bad, "Fix the author there.")
            return None
        authors.append(author)
    return authors
