"""Paper-list readers: conference-site JSON, CSV and XLSX tables.

All three produce a :class:`~planner.read.conference.PaperList`.  Table headers are
matched loosely (case, spaces and punctuation ignored) against the spellings
that OpenReview, CMT and HotCRP exports use; the README lists them.

This module chooses the reader by the file's extension and checks what no
single record shows (one id used twice).  Each format has its own module
beside it, ``papers_json`` and ``papers_table`` (over the CSV and XLSX rows
of ``papers_rows``), sharing the checks of one author and the splitting of
a multi-valued field (``papers_fields``); a reader for another system's
export goes beside them and returns the same records.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from planner.core.errors import InputError, Problem, Problems, display_path
from planner.core.limits import MAX_PAPER_FILE_BYTES, read_limited
from planner.read.conference import PaperList
from planner.read.papers.rows import csv_rows, xlsx_rows
from planner.read.papers.site_json import read_json
from planner.read.papers.table import read_table


def read_papers(path: Path) -> PaperList:
    """Reads a paper list, choosing the reader by file extension."""
    shown = display_path(path)
    suffix = path.suffix.lower()
    data = read_limited(path, shown, MAX_PAPER_FILE_BYTES, "paper list")
    digest = hashlib.sha256(data).hexdigest()
    if suffix == ".json":
        result = read_json(data, shown)
    elif suffix in (".csv", ".tsv", ".txt"):
        result = read_table(csv_rows(data, shown), shown, "csv")
    elif suffix in (".xlsx", ".xlsm"):
        result = read_table(xlsx_rows(data, shown), shown, "xlsx")
    else:
        raise InputError(
            Problem(
                shown,
                "",
                f"unknown paper-list format '{suffix or path.name}'",
                "Give a .json, .csv or .xlsx file.",
            )
        )
    result.sha256 = digest
    _check_unique(result, shown)
    return result


def _check_unique(papers: PaperList, shown: str) -> None:
    """Raises InputError when a paper id is used twice, naming the second use and the first."""
    seen: dict[str, int] = {}
    problems = Problems(shown)
    unit = "record" if papers.format == "json" else "row"
    for paper in papers.papers:
        if paper.id in seen:
            problems.add(
                f"{unit} {paper.source_row}",
                f"paper id {paper.id} is used again (first at {unit} {seen[paper.id]})",
                "Give every paper a unique id, or remove the duplicate.",
            )
        else:
            seen[paper.id] = paper.source_row
    problems.raise_if_any()
