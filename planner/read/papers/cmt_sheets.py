"""The sheets of a CMT export: SpreadsheetML 2003 XML, a real XLSX, or a CSV.

CMT's "Export to Excel" writes an ``.xls`` file that is really XML
(SpreadsheetML 2003, root ``<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``),
which openpyxl cannot open.  It is read here with the standard library's
expat parser, fed the bytes so the encoding the file declares (UTF-16 or
UTF-8, with or without a BOM) is honoured.  A DTD is refused before any
of it is read: a CMT export never has one, and its entities could expand
a small file to gigabytes ("billion laughs").

A chair who opened the export in Excel and saved it may give a real XLSX
(every sheet is read: CMT writes one per track) or, from "Export to Tab
Delimited", a text table (one sheet).  An Excel 97-2003 binary workbook is
refused with the way out.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any
from xml.parsers import expat

from planner.core.errors import InputError, Problem
from planner.core.limits import MAX_RECORDS, sheet_rows, show
from planner.read.papers.rows import cell_text, csv_rows, open_xlsx

SS = "urn:schemas-microsoft-com:office:spreadsheet"
# The root start tag of SpreadsheetML: <Workbook ...> or <ss:Workbook ...> with its namespace.
_ROOT = re.compile(r"<(?:[\w.-]+:)?Workbook\b[^>]*" + re.escape(SS))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # an Excel 97-2003 binary workbook (.xls)
MAX_COLUMNS = 16_384  # Excel's own limit; a cell's ss:Index past it is a damaged file
# Rows with text a workbook may hold: every paper, plus each sheet's banner and header.
MAX_FILLED_ROWS = MAX_RECORDS + 1_000
_CHUNK = 1 << 20


@dataclass
class Sheet:
    """One worksheet: its name (None for a text table) and its rows (number, cells)."""

    name: str | None
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def is_spreadsheetml(head: str) -> bool:
    """Whether a file's first characters open a SpreadsheetML 2003 workbook.

    A UTF-16 file reaches here with a NUL beside each ASCII character
    (``Source.head`` decodes as UTF-8); they are dropped before looking.
    """
    return bool(_ROOT.search(head.replace("\x00", "")[:65536]))


def read_sheets(data: bytes, shown: str, suffix: str) -> list[Sheet]:
    """The sheets of a CMT export, by content: SpreadsheetML, XLSX, else a text table."""
    if data.startswith(OLE_MAGIC):
        raise InputError(
            Problem(
                shown,
                "",
                "this is an Excel 97-2003 binary workbook, which the planner cannot read",
                "Give CMT's export as it was downloaded (its .xls is XML the planner reads), "
                "or open it in a spreadsheet program and save it as .xlsx.",
            )
        )
    if is_spreadsheetml(data[:65536].decode("utf-8", errors="ignore")):
        return spreadsheetml_sheets(data, shown)
    if data.startswith(b"PK\x03\x04"):
        return xlsx_sheets(data, shown)
    if suffix in (".csv", ".tsv", ".txt"):
        return [Sheet(None, csv_rows(data, shown))]
    raise InputError(
        Problem(
            shown,
            "",
            "this is not a CMT export (neither CMT's Excel XML nor an .xlsx workbook)",
            "In CMT's Chair Console use Actions > Export to Excel > Submissions, and give "
            "the file it downloads.",
        )
    )


class _TooMany(Exception):
    """More rows with text than any paper list has: reading stops."""


class _Refused(Exception):
    """A DTD in the file: reading stops before it is processed."""


class _Builder:
    """Expat handlers that collect each worksheet's rows of cell texts.

    ``ss:Index`` on a row or cell skips rows or columns; ``ss:MergeAcross``
    makes a cell span more columns (the next cell starts after them).  A
    cell's text is the text of its ``Data`` (formatted runs inside it
    joined); a comment's ``Data`` is not the cell's.
    """

    def __init__(self) -> None:
        self.sheets: list[Sheet] = []
        self.stack: list[str] = []
        self.row: list[str] | None = None
        self.row_number = 0
        self.column = 0
        self.merge = 0
        self.text: list[str] | None = None
        self.data_depth = 0
        self.filled = 0

    def start(self, name: str, attrs: dict[str, str]) -> None:
        uri, _, local = name.rpartition(" ")
        parent = self.stack[-1] if self.stack else ""
        self.stack.append(local if uri == SS else name)
        if self.data_depth:
            self.data_depth += 1  # a formatting run inside Data: its text is the cell's
        elif uri != SS:
            return
        elif local == "Worksheet":
            self.sheets.append(Sheet(_attr(attrs, "Name") or f"Sheet{len(self.sheets) + 1}"))
            self.row_number = 0
        elif local == "Row" and parent == "Table" and self.sheets:
            self.row_number = _index(attrs, self.row_number + 1, "row")
            self.row = []
        elif local == "Cell" and self.row is not None:
            self.column = _index(attrs, len(self.row) + 1, "cell") - 1
            self.merge = min(_number(_attr(attrs, "MergeAcross") or "0", "cell"), MAX_COLUMNS)
            self.text = []
        elif local == "Data" and parent == "Cell" and self.text is not None:
            self.data_depth = 1

    def chars(self, data: str) -> None:
        if self.data_depth and self.text is not None:
            self.text.append(data)

    def end(self, name: str) -> None:
        local = self.stack.pop() if self.stack else name
        if self.data_depth:
            self.data_depth -= 1
        elif local == "Cell" and self.row is not None and self.text is not None:
            self._put_cell("".join(self.text))
            self.text = None
        elif local == "Row" and self.row is not None:
            self.filled += any(c.strip() for c in self.row)
            if self.filled > MAX_FILLED_ROWS:
                raise _TooMany
            self.sheets[-1].rows.append((self.row_number, self.row))
            self.row = None

    def _put_cell(self, value: str) -> None:
        """The cell at its column, empty cells before it, and the columns it spans after it."""
        assert self.row is not None
        if self.column < len(self.row):  # an ss:Index backwards: the file is damaged
            raise ValueError("a cell's ss:Index points back to a column already filled")
        self.row.extend([""] * (self.column - len(self.row)))
        self.row.append(value)
        self.row.extend([""] * self.merge)
        if len(self.row) > MAX_COLUMNS:
            raise ValueError(f"a row has more than {MAX_COLUMNS:,} columns")


def _attr(attrs: dict[str, str], local: str) -> str | None:
    """An ss: attribute (written without its prefix by some writers)."""
    return attrs.get(f"{SS} {local}", attrs.get(local))


def _number(text: str, what: str) -> int:
    if not text.strip().isdigit():
        raise ValueError(f"a {what}'s ss:Index or ss:MergeAcross is '{show(text)}', not a number")
    return int(text)


def _index(attrs: dict[str, str], default: int, what: str) -> int:
    """A row's or cell's ss:Index (1-based), else ``default``; a cell's within MAX_COLUMNS."""
    text = _attr(attrs, "Index")
    if text is None:
        return default
    value = _number(text, what)
    if value < 1 or (what == "cell" and value > MAX_COLUMNS):
        raise ValueError(f"a {what}'s ss:Index is {show(text)}, out of range")
    return value


def spreadsheetml_sheets(data: bytes, shown: str) -> list[Sheet]:
    """Every worksheet of a SpreadsheetML 2003 workbook, in order."""
    try:
        return _parse(data)
    except _TooMany:
        raise _too_many(shown) from None
    except ValueError as exc:
        if "multi-byte" not in str(exc):
            return _damaged(shown, str(exc))
    except LookupError as exc:  # an encoding Python does not know
        raise InputError(
            Problem(shown, "", f"the file declares an unknown encoding ({exc})", "Export it again.")
        ) from None
    # Expat reads no multi-byte encoding but UTF-8 and UTF-16 from bytes; the
    # declared one (Shift-JIS, GBK) is then decoded here and the text parsed.
    declared = re.search(rb"encoding\s*=\s*[\"']([\w.:-]+)", data[:200])
    try:
        text = data.decode(declared.group(1).decode("ascii") if declared else "utf-8")
        return _parse(text)
    except _TooMany:
        raise _too_many(shown) from None
    except (UnicodeDecodeError, LookupError, ValueError) as exc:
        return _damaged(shown, str(exc))


def _parse(data: bytes | str) -> list[Sheet]:
    """The sheets, parsed in pieces; raises ValueError (an expat error is one) when damaged."""
    parser = expat.ParserCreate(namespace_separator=" ")
    builder = _Builder()
    parser.buffer_text = True
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.chars

    def refuse(*_: Any) -> None:
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    try:
        for start in range(0, len(data), _CHUNK):
            parser.Parse(data[start : start + _CHUNK], False)
        parser.Parse(b"" if isinstance(data, bytes) else "", True)
    except expat.ExpatError as exc:
        raise ValueError(f"not well-formed XML at line {exc.lineno}, column {exc.offset}") from None
    except ValueError as exc:  # a handler's: a damaged ss:Index or ss:MergeAcross
        if "multi-byte" in str(exc):
            raise
        raise ValueError(f"{exc}, at line {parser.CurrentLineNumber}") from None
    except _Refused:
        raise ValueError(
            "it declares a DTD (<!DOCTYPE ...>), which a CMT export never has and the "
            "planner does not read"
        ) from None
    return builder.sheets


def _too_many(shown: str) -> InputError:
    return InputError(
        Problem(
            shown,
            "",
            f"the workbook has more than {MAX_RECORDS:,} rows, the most the planner reads",
            "Check that this is the right file (see the README's limits).",
        )
    )


def _damaged(shown: str, why: str) -> list[Sheet]:
    raise InputError(
        Problem(
            shown,
            "",
            f"CMT's Excel XML cannot be read ({why})",
            "Download the export from CMT again; if it was edited, open it in a spreadsheet "
            "program and save it as .xlsx.",
        )
    )


def xlsx_sheets(data: bytes, shown: str) -> list[Sheet]:
    """Every worksheet of an .xlsx workbook, in order (CMT writes one per track)."""
    wb = open_xlsx(data, shown)
    sheets: list[Sheet] = []
    filled = 0
    try:
        for ws in wb.worksheets:
            sheet = Sheet(str(ws.title))
            sheets.append(sheet)
            for n, values in sheet_rows(ws):
                cells = [cell_text(v) for v in values]
                filled += any(c.strip() for c in cells)
                if filled > MAX_FILLED_ROWS:  # stop here, not after a million rows
                    raise _too_many(shown)
                sheet.rows.append((n, cells))
    except InputError:
        raise
    except Exception:  # a sheet damaged past the point openpyxl checks on opening
        raise InputError(
            Problem(
                shown,
                "",
                f"the workbook's sheet '{show(sheets[-1].name or '')}' cannot be read"
                if sheets
                else "the workbook's sheets cannot be read",
                "Open it in a spreadsheet program and save it as .xlsx again.",
            )
        ) from None
    finally:
        wb.close()
    return sheets


def xlsx_has_signature(data: bytes, signature: tuple[bytes, ...]) -> bool:
    """Whether an .xlsx's first texts hold every header of ``signature`` (lower-case bytes).

    For sniffing, cheaply: only the first 256 KiB of the shared strings and of
    each sheet are unpacked, where a header row's texts are; no workbook is opened.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = [
                n
                for n in archive.namelist()
                if n == "xl/sharedStrings.xml" or re.fullmatch(r"xl/worksheets/[^/]+\.xml", n)
            ][:64]
            heads = b"".join(archive.open(n).read(1 << 18).lower() for n in parts)
    except Exception:  # a damaged or encrypted archive: no claim; its reader will say why
        return False
    return all(s in heads for s in signature)
