"""Paper-list readers: the submission systems' exports, conference-site JSON, CSV and XLSX.

All produce a :class:`~planner.read.conference.PaperList`.  A system's export
(planner.read.papers.systems: OpenReview, CMT, EasyChair, HotCRP, pretalx,
Mini-Conf) is recognised by its content; anything else is read by extension.  Table headers are
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
from planner.read.papers.systems import Reader, ReadOptions, Source, reader_named, readers, sniffed
from planner.read.papers.table import read_table


def read_papers(path: Path, options: ReadOptions | None = None) -> PaperList:
    """Reads a paper list: a system's export when one claims it (or ``--from`` names
    one), else the generic reader for the file's extension."""
    options = options or ReadOptions()
    shown = display_path(path)
    if path.is_dir():
        source = Source(path, shown, None)
    else:
        source = Source(path, shown, read_limited(path, shown, MAX_PAPER_FILE_BYTES, "paper list"))
    system = _chosen(source, options)
    result = system.read(source, options) if system is not None else _generic(source)
    if source.data is not None:
        result.sha256 = hashlib.sha256(source.data).hexdigest()
    _check_unique(result, shown)
    return result


def _chosen(source: Source, options: ReadOptions) -> Reader | None:
    """The system reader ``--from`` names, or the one that claims the file."""
    if options.system is None:
        return sniffed(source)
    reader = reader_named(options.system)
    if reader is None:
        raise InputError(
            Problem(
                source.shown,
                "",
                f"--from {options.system}: there is no such reader",
                f"Use one of: {', '.join(r.name for r in readers())}.",
            )
        )
    return reader


def _generic(source: Source) -> PaperList:
    """Conference-site JSON or a CSV/XLSX table with recognisable headers, by extension."""
    data, shown, suffix = source.data, source.shown, source.suffix
    if data is None:
        raise InputError(
            Problem(
                shown,
                "",
                "the folder is no export the planner knows (EasyChair's has submission.csv)",
                "Give the paper list file, or the folder of EasyChair's CSV tables.",
            )
        )
    if suffix == ".json":
        result = read_json(data, shown)
        result.reader = "conference-site JSON"
    elif suffix in (".csv", ".tsv", ".txt"):
        result = read_table(csv_rows(data, shown), shown, "csv")
        result.reader = "CSV table"
    elif suffix in (".xlsx", ".xlsm"):
        result = read_table(xlsx_rows(data, shown), shown, "xlsx")
        result.reader = "XLSX table"
    else:
        raise InputError(
            Problem(
                shown,
                "",
                f"unknown paper-list format '{suffix or source.path.name}'",
                "Give a .json, .csv or .xlsx file, or an export of OpenReview, CMT, EasyChair, "
                "HotCRP, pretalx or Mini-Conf (--from names the system).",
            )
        )
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
