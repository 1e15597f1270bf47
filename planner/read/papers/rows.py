"""Rows of CSV and XLSX tables, and their headers matched to columns.

Every table reader shares these: the paper list's (planner.read.papers.table)
and the availability table's (planner.read.availability), so encodings,
delimiters, limits and messages are the same whichever table is read.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from planner.core.errors import InputError, Problem, Problems
from planner.core.limits import (
    MAX_RECORDS,
    MAX_TEXT_CHARS,
    check_xlsx_size,
    sheet_rows,
    show,
    text_problem,
)


def header_key(text: str) -> str:
    """A header as compared: case, spaces and punctuation ignored ("Paper ID" -> "paperid")."""
    return re.sub(r"[^a-z0-9#]", "", str(text).casefold())


def _decode(data: bytes) -> str:
    """Text of a CSV as spreadsheets save it: UTF-8 (with or without BOM), UTF-16
    ("Unicode text"), else Windows-1252 (Excel on Windows), else Latin-1."""
    encodings = ["utf-8-sig", "cp1252", "latin-1"]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings.insert(0, "utf-16")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")  # pragma: no cover - latin-1 decodes any bytes


def csv_rows(data: bytes, shown: str) -> list[tuple[int, list[str]]]:
    """(row number, cells) of a CSV in any encoding and delimiter a spreadsheet saves."""
    text = _decode(data)
    if "\x00" in text:
        raise InputError(
            Problem(
                shown,
                "",
                "this is not a text CSV file (it holds NUL bytes)",
                "Export the list as CSV (UTF-8), or give the .xlsx itself.",
            )
        )
    # The header is the first line with text on it; blank lines above it are skipped.
    # Lines are read one at a time: a file of 99 million empty lines is no list.
    first = next((line for line in io.StringIO(text, newline=None) if line.strip()), "")
    delimiter = max((",", ";", "\t"), key=first.count) if first else ","
    # A quote opened and never closed would swallow every later row into one
    # cell; only a strict reading notices, so it goes first.  Other strictness
    # ('"Fast" Things') is forgiven by the lenient reading below.
    strict = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    count = 0
    try:
        for count, _ in enumerate(strict, 1):  # noqa: B007 - count is what we want
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise InputError(
                Problem(
                    shown,
                    f"row {count + 1}",
                    'a quote (") opened on this row is never closed',
                    'Close the quote, or double a quote that is part of the text ("").',
                )
            ) from None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        # Rows without text are skipped here, not kept: every reader drops them anyway.
        return [(n, row) for n, row in enumerate(reader, 1) if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise InputError(
            Problem(
                shown,
                f"row {reader.line_num}",
                f"not valid CSV ({exc})",
                "Check the quotes on that row.",
            )
        ) from None


XLSX_FIX = "Open it in a spreadsheet program and save it as .xlsx again."


def open_xlsx(data: bytes, shown: str, fix: str = XLSX_FIX) -> Any:
    """The workbook in ``data``, opened read-only after the size check; InputError if it
    is no readable .xlsx file (``fix``: what the message tells the chair to do)."""
    from openpyxl import load_workbook

    check_xlsx_size(io.BytesIO(data), shown)
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged file
        raise InputError(Problem(shown, "", "not a readable .xlsx workbook", fix)) from None


def cell_text(value: Any) -> str:
    """A workbook cell as text: 12.0 -> "12" (an id or number), None -> ""."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(
    data: bytes, shown: str, sheets: tuple[str, ...] = ("papers", "placements")
) -> list[tuple[int, list[str]]]:
    """(row number, cells) of the first sheet named in ``sheets`` (any case), else the first."""
    wb = open_xlsx(data, shown)
    try:
        names = wb.sheetnames
        sheet = next((wb[n] for n in names if n.casefold() in sheets), wb[names[0]])
        rows: list[tuple[int, list[str]]] = []
        # Only the rows with text are kept; the sheet's stated size is not trusted.
        for n, row in sheet_rows(sheet):
            if len(rows) > MAX_RECORDS + 1:  # stop reading here, not after a million rows
                break
            rows.append((n, [cell_text(v) for v in row]))
        return rows
    except Exception:  # a sheet damaged past the point openpyxl checks on opening
        raise InputError(
            Problem(
                shown,
                "",
                "the workbook's first sheet cannot be read",
                "Open it in a spreadsheet program and save it as .xlsx again.",
            )
        ) from None
    finally:
        wb.close()


def table_rows(
    rows: list[tuple[int, list[str]]], shown: str, empty_fix: str
) -> list[tuple[int, list[str]]]:
    """The rows with text on them, header first; refuses an empty or oversized table.

    Shared with the availability table (planner.read.availability), so both tables
    are read under the same limits.
    """
    rows = [(n, r) for n, r in rows if any(c.strip() for c in r)]
    if len(rows) > MAX_RECORDS + 1:
        raise InputError(
            Problem(
                shown,
                "",
                f"the table has more than {MAX_RECORDS:,} rows, the most the planner reads",
                "Check that this is the right file (see the README's limits).",
            )
        )
    if not rows:
        raise InputError(Problem(shown, "", "the table is empty", empty_fix))
    return rows


def match_columns(
    header: list[str],
    aliases: dict[str, str],
    priority: dict[str, int],
    header_row: int,
    problems: Problems,
) -> dict[str, int]:
    """Canonical column -> index in ``header``, headers compared by :func:`header_key`.

    ``aliases`` maps a spelling's key to its column and ``priority`` ranks the
    spellings of one column (lower wins) when a table has two of them; the same
    spelling twice is a problem, since nobody can tell which one is meant.
    """
    columns: dict[str, int] = {}
    for idx, name in enumerate(header):
        spelling = header_key(name)
        key = aliases.get(spelling)
        if key is None:
            continue
        if key in columns:
            other = header_key(header[columns[key]])
            if other == spelling:
                problems.add(
                    f"row {header_row}",
                    f"columns '{header[columns[key]]}' and '{name}' both give the {key}",
                    "Delete or rename one of them.",
                )
            elif priority[spelling] < priority[other]:
                columns[key] = idx
            continue
        columns[key] = idx
    return columns


def long_cell(row: list[str], number: int, header: list[str], problems: Problems) -> bool:
    """Adds a problem for a cell over MAX_TEXT_CHARS; True when the row has one."""
    long = next((i for i, c in enumerate(row) if len(c) > MAX_TEXT_CHARS), None)
    if long is None:
        return False
    name = header[long] if long < len(header) else f"column {long + 1}"
    problems.add(
        f"row {number}, column '{show(name)}'",
        f"the cell {text_problem(row[long], MAX_TEXT_CHARS)}",
        "Shorten it (see the README's limits).",
    )
    return True
