"""EasyChair's tables, wherever the chair has them: a folder, a .zip or the snapshot workbook.

EasyChair's "Conference data download" gives the same tables two ways: CSV
files (``submission.csv``, ``author.csv``, ``submission_topic.csv``,
``topic.csv``, ``track.csv`` and the review tables, saved in a folder or kept
in the downloaded .zip) or one "Excel snapshot" workbook with a sheet per
table ("Submissions", "Authors", "Submission topics", "Topics", "Tracks").
This module finds those tables and returns their rows; planner.read.papers.easychair
makes papers of them.

A table is known by its name compared loosely (:func:`table_key`: case,
spaces, underscores and a plural "s" ignored), so ``submission.csv``,
``Submissions`` and ``submissions.csv`` are one table.  Sniffing here only
lists names (a folder's files, an archive's directory, the workbook's sheet
list), never reads a table.
"""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from planner.core.errors import InputError, Problem, display_path
from planner.core.limits import (
    MAX_PAPER_FILE_BYTES,
    MAX_RECORDS,
    read_limited,
    sheet_rows,
    size_text,
)
from planner.read.papers.rows import cell_text, csv_rows, header_key, open_xlsx
from planner.read.papers.systems import Source

# The tables a paper list needs, by table_key.  The others (reviews, bids,
# committee) are never opened.
WANTED = ("submission", "author", "submissiontopic", "topic", "track")
# Rows read from one table: the author table of the largest list has a few per paper.
MAX_TABLE_ROWS = 10 * MAX_RECORDS
# The submission table's columns EasyChair always writes and a plain table seldom has:
# a lone submission.csv is claimed only by them.
_SUBMISSION_MARKS = {"#", "title", "authors"}
_EASYCHAIR_ONLY = {"submitted", "lastupdated", "formfields", "deleted", "reviewssent"}
_DRIVE = re.compile(r"^[A-Za-z]:")  # "C:/x.csv": a Windows path, outside the archive
_SHEET_NAME = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\bname=\"([^\"]*)\"")


def table_key(name: str) -> str:
    """A table's name as compared: "Submission topics" = "submission_topic.csv"."""
    stem = PurePosixPath(name).name
    if stem.lower().endswith(".csv"):
        stem = stem[:-4]
    key = re.sub(r"[^a-z0-9]", "", stem.casefold())
    return key[:-1] if key.endswith("s") else key


@dataclass
class Table:
    """One table's rows with text on them, the header first."""

    file: str  # the file messages name: the folder, archive or workbook, or the CSV itself
    label: str  # the table inside it: "author.csv", "conf/author.csv", "sheet 'Authors'", or ""
    rows: list[tuple[int, list[str]]]

    @property
    def name(self) -> str:
        """The table as a message names it ("author.csv")."""
        return self.label or PurePosixPath(self.file).name

    @property
    def header(self) -> list[str]:
        return [h.strip() for h in self.rows[0][1]] if self.rows else []

    def where(self, number: int) -> str:
        return f"{self.label}, row {number}" if self.label else f"row {number}"


@dataclass
class Tables:
    """The tables found, by table_key, and which form they came in."""

    by_key: dict[str, Table]
    form: str  # "csv" or "xlsx"

    def get(self, key: str) -> Table | None:
        """The table, or None; an empty table other than the submissions' counts as
        absent (EasyChair's download can include blank tables)."""
        table = self.by_key.get(key)
        return table if table is not None and (table.rows or key == "submission") else None


# --------------------------------------------------------------------------- sniffing


def sniff_tables(source: Source) -> bool:
    """Whether the source is EasyChair's tables: a folder or .zip with submission.csv,
    a snapshot workbook with both a submissions and an authors sheet, or a lone
    submission.csv with EasyChair's own columns.  Never raises."""
    try:
        if source.data is None:
            return "submission" in _folder_csvs(source.path)
        if source.suffix == ".zip":
            return any(table_key(n) == "submission" for n in _zip_csvs(_archive(source.data)))
        if source.suffix in (".xlsx", ".xlsm"):
            keys = {table_key(n) for n in sheet_names(source.data)}
            return {"submission", "author"} <= keys
        if source.suffix in (".csv", ".tsv", ".txt"):
            return is_submission_header(source.head)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError, RuntimeError):
        return False
    return False


def is_submission_header(head: str) -> bool:
    """Whether the first line of a CSV is EasyChair's submission table header."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    names = next(csv.reader([first], delimiter=delimiter), [])
    keys = {header_key(n) for n in names}
    return keys >= _SUBMISSION_MARKS and len(keys & _EASYCHAIR_ONLY) >= 2


def sheet_names(data: bytes) -> list[str]:
    """A workbook's sheet names from its xl/workbook.xml, without opening any sheet."""
    archive = _archive(data)
    info = archive.getinfo("xl/workbook.xml")
    if info.file_size > 4 * 2**20:  # a workbook part lists sheets: a few kilobytes
        return []
    with archive.open(info) as part:
        text = part.read(4 * 2**20)
    return [html.unescape(m.decode("utf-8", "replace")) for m in _SHEET_NAME.findall(text)]


def _archive(data: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(data))


def _folder_csvs(folder: Path) -> dict[str, list[Path]]:
    """The folder's CSV files by table_key."""
    found: dict[str, list[Path]] = {}
    if not folder.is_dir():
        return found
    for child in sorted(folder.iterdir()):
        if child.suffix.lower() == ".csv" and child.is_file():
            found.setdefault(table_key(child.name), []).append(child)
    return found


def _zip_csvs(archive: zipfile.ZipFile) -> list[str]:
    """The archive's CSV members, without macOS's resource-fork copies (__MACOSX/, ._x.csv)."""
    out = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or path.suffix.lower() != ".csv":
            continue
        if "__MACOSX" in path.parts or path.name.startswith("._"):
            continue
        out.append(info.filename)
    return out


# --------------------------------------------------------------------------- reading


def load_tables(source: Source, forced: bool = False) -> Tables:
    """The wanted tables of the source; raises InputError when there is no submission table.

    ``forced`` (--from easychair): a CSV is read as the submission table even
    without EasyChair's own columns (a list cut down to #, title, authors)."""
    if source.data is None:
        return Tables(_from_folder(source.path, source.shown, None), "csv")
    if source.suffix == ".zip":
        return Tables(_from_zip(source), "csv")
    if source.suffix in (".xlsx", ".xlsm"):
        return Tables(_from_workbook(source), "xlsx")
    if source.suffix in (".csv", ".tsv", ".txt") and (forced or is_submission_header(source.head)):
        # A lone submission.csv: the other tables are read from beside it, when it
        # still has EasyChair's name (a renamed file may sit beside another export).
        alone = Table(source.shown, "", _csv_table(source.data, source.shown))
        if source.path.name.lower() != "submission.csv":
            return Tables({"submission": alone}, "csv")
        return Tables(_from_folder(source.path.parent, source.shown, alone), "csv")
    raise _not_easychair(source.shown)


def _not_easychair(shown: str) -> InputError:
    return InputError(
        Problem(
            shown,
            "",
            "this is no EasyChair export: it has no submission table (submission.csv, "
            "or a 'Submissions' sheet beside an 'Authors' sheet)",
            "Give the folder or .zip of EasyChair's CSV tables (Premium > Conference data "
            "download > CSV), or its Excel snapshot; or leave out --from easychair.",
        )
    )


def _csv_table(data: bytes, shown: str) -> list[tuple[int, list[str]]]:
    """The rows with text on them, refusing more than MAX_TABLE_ROWS."""
    rows = [(n, r) for n, r in csv_rows(data, shown) if any(c.strip() for c in r)]
    if len(rows) > MAX_TABLE_ROWS + 1:
        raise InputError(
            Problem(
                shown,
                "",
                f"the table has more than {MAX_TABLE_ROWS:,} rows, the most the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    return rows


def _from_folder(folder: Path, shown: str, submission: Table | None) -> dict[str, Table]:
    """The wanted CSV tables of a folder (``submission`` already read, when given)."""
    found = _folder_csvs(folder)
    tables: dict[str, Table] = {} if submission is None else {"submission": submission}
    for key in WANTED:
        if key in tables or key not in found:
            continue
        paths = found[key]
        if len(paths) > 1:
            raise _two_tables(shown, [p.name for p in paths])
        path = paths[0]
        # Inside a folder given as the list the folder is the file named; beside a
        # lone submission.csv, each table is its own file.
        file, label = (shown, path.name) if submission is None else (display_path(path), "")
        where = display_path(path)
        data = read_limited(path, where, MAX_PAPER_FILE_BYTES, "table")
        tables[key] = Table(file, label, _csv_table(data, where))
    if "submission" not in tables:
        raise _not_easychair(shown)
    return tables


def _two_tables(shown: str, names: list[str]) -> InputError:
    return InputError(
        Problem(
            shown,
            "",
            f"{' and '.join(names)} are the same table twice",
            "Keep the one from the latest download and delete the other.",
        )
    )


def _from_zip(source: Source) -> dict[str, Table]:
    """The wanted CSV tables of a downloaded archive, from the folder holding submission.csv."""
    assert source.data is not None
    try:
        archive = _archive(source.data)
        members = _zip_csvs(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise InputError(
            Problem(source.shown, "", f"not a readable .zip archive ({exc})", "Download it again.")
        ) from None
    _refuse_unsafe(source.shown, archive)
    subs = [m for m in members if table_key(m) == "submission"]
    if not subs:
        raise _not_easychair(source.shown)
    if len(subs) > 1:
        raise InputError(
            Problem(
                source.shown,
                "",
                f"the archive holds {len(subs)} submission tables ({', '.join(subs)})",
                "Give one conference's tables: unpack the archive and give the folder you mean.",
            )
        )
    home = PurePosixPath(subs[0]).parent
    chosen: dict[str, list[str]] = {}
    for member in members:
        if PurePosixPath(member).parent == home and table_key(member) in WANTED:
            chosen.setdefault(table_key(member), []).append(member)
    return _read_members(source, archive, chosen)


def _refuse_unsafe(shown: str, archive: zipfile.ZipFile) -> None:
    """Refuses member names that climb out of the archive ('..', an absolute path)."""
    for info in archive.infolist():
        parts = PurePosixPath(info.filename.replace("\\", "/")).parts
        if ".." in parts or info.filename.startswith(("/", "\\")) or _DRIVE.match(info.filename):
            raise InputError(
                Problem(
                    shown,
                    "",
                    f"the archive holds an unsafe name '{info.filename[:80]}' "
                    "(outside the archive's folder)",
                    "Download the tables from EasyChair again.",
                )
            )


def _read_members(
    source: Source, archive: zipfile.ZipFile, chosen: dict[str, list[str]]
) -> dict[str, Table]:
    """The chosen members' tables, their unpacked size bounded (a zip bomb stops here)."""
    total = 0
    for names in chosen.values():
        if len(names) > 1:
            raise _two_tables(source.shown, names)
        total += archive.getinfo(names[0]).file_size
    if total > MAX_PAPER_FILE_BYTES:
        raise InputError(
            Problem(
                source.shown,
                "",
                f"the tables unpack to {size_text(total)}, more than the "
                f"{size_text(MAX_PAPER_FILE_BYTES)} the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    tables = {}
    for key, (name,) in chosen.items():
        try:
            with archive.open(name) as part:
                # The stated size bounds what the reader returns; the cap bounds a lie.
                data = part.read(MAX_PAPER_FILE_BYTES + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError) as exc:
            raise InputError(
                Problem(source.shown, name, f"cannot be unpacked ({exc})", "Download it again.")
            ) from None
        tables[key] = Table(source.shown, name, _csv_table(data, f"{source.shown}: {name}"))
    return tables


def _from_workbook(source: Source) -> dict[str, Table]:
    """The wanted sheets of the Excel snapshot, read in one opening of the workbook."""
    assert source.data is not None
    wb = open_xlsx(source.data, source.shown, "Download the Excel snapshot from EasyChair again.")
    try:
        names: dict[str, list[str]] = {}
        for name in wb.sheetnames:
            if table_key(name) in WANTED:
                names.setdefault(table_key(name), []).append(name)
        tables = {}
        for key, found in names.items():
            if len(found) > 1:
                raise _two_tables(source.shown, [f"sheet '{n}'" for n in found])
            rows = _sheet_rows(wb[found[0]], source.shown)
            tables[key] = Table(source.shown, f"sheet '{found[0]}'", rows)
    finally:
        wb.close()
    if "submission" not in tables:
        raise _not_easychair(source.shown)
    return tables


def _sheet_rows(sheet: Any, shown: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of a sheet's rows with text on them."""
    rows = []
    try:
        for n, row in sheet_rows(sheet):
            cells = [cell_text(v) for v in row]
            if any(c.strip() for c in cells):
                rows.append((n, cells))
            if len(rows) > MAX_TABLE_ROWS + 1:  # stop reading here, not after a million rows
                raise InputError(
                    Problem(
                        shown,
                        f"sheet '{sheet.title}'",
                        f"has more than {MAX_TABLE_ROWS:,} rows, the most the planner reads",
                        "Check that this is the right file (see the README's limits).",
                    )
                )
    except InputError:
        raise
    except Exception:  # a sheet damaged past the point openpyxl checks on opening
        raise InputError(
            Problem(
                shown,
                f"sheet '{sheet.title}'",
                "cannot be read",
                "Download the Excel snapshot from EasyChair again.",
            )
        ) from None
    return rows
