"""Writing the workbook's cells: values, styles, rows, tables and the print setup.

Every sheet module writes through these helpers, so the safety rules of the
workbook (see :mod:`planner.outputs.workbook.book`) hold on every sheet: a
string is stored as text, characters a workbook cannot hold are dropped, and
a time-zone-aware date-time is refused.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Iterable, Sequence
from copy import copy
from datetime import UTC, datetime
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from planner.core.text import xml_safe
from planner.outputs.workbook.sheet_xml import cells_of

DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MAX_CELL = 32767  # characters a cell holds
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
TABLE_STYLE = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)


def safe_text(text: str) -> str:
    """Text a cell can hold: nothing XML refuses (planner.core.text), at most 32767 characters."""
    return xml_safe(text)[:MAX_CELL]


def put(
    ws: Worksheet,
    row: int,
    col: int,
    value: Any,
    number_format: str | None = None,
    font: Font | None = None,
    fill: PatternFill | None = None,
    align: Alignment | None = None,
) -> None:
    """Writes one cell; strings always as text, never as a formula."""
    value = cleaned(value)
    cells = cells_of(ws)
    if cells is not None:  # the workbook's own sheets: written as XML at the save
        cells.put(row, col, value, number_format, font, fill, align)
        return
    set_cell(ws.cell(row=row, column=col), value, number_format, font, fill, align)


def cleaned(value: Any) -> Any:
    """A value as a cell holds it: text without control characters; aware date-times refused."""
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        raise ValueError(f"refusing to write a time-zone-aware date-time ({value})")
    return value


def set_cell(
    cell: Cell,
    value: Any,
    number_format: str | None,
    font: Font | None,
    fill: PatternFill | None,
    align: Alignment | None,
) -> None:
    """Sets a cleaned value and its style on an openpyxl cell."""
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # "=1+1" stays the text "=1+1"
    elif isinstance(value, datetime):
        cell.value = value
        cell.number_format = number_format or DATETIME_FORMAT
    else:
        cell.value = value
        if number_format:
            cell.number_format = number_format
    if font is None and fill is None and align is None:
        return
    # Setting a style hashes it each time; 200,000 cells at ICML scale add up,
    # so a combination is applied once per workbook and its style ids copied.
    cache = cell.parent.parent.__dict__.setdefault("_planner_styles", {})
    key = (cell.number_format, id(font), id(fill), id(align))
    cached = cache.get(key)
    if cached is not None:
        cell._style = copy(cached[0])
        return
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align
    cache[key] = (copy(cell._style), (font, fill, align))  # the objects keep their ids


def restyle(
    ws: Worksheet,
    row: int,
    col: int,
    fill: PatternFill | None = None,
    align: Alignment | None = None,
) -> None:
    """Gives the cell at (row, col) a fill or an alignment on top of its style."""
    cells = cells_of(ws)
    if cells is not None:
        cells.restyle(row, col, fill, align)
        return
    cell = ws.cell(row=row, column=col)
    if fill is not None:
        cell.fill = fill
    if align is not None:
        cell.alignment = align


def naive_utc(moment: datetime) -> datetime:
    """``moment`` as a naive UTC date-time, which a cell can hold."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(UTC).replace(tzinfo=None)


# Printing: a wrapped cell's row must be as tall as its lines, or LibreOffice and
# Excel print the lines over the rows below.  Lines are counted as a word wrap at
# the column's width in characters (a proportional font fits a little more, so
# the estimate errs on the tall side); LINE_HEIGHT is an 11-point line in points.
LINE_HEIGHT = 14.5


def wrapped_lines(text: str, width: float) -> int:
    """Lines ``text`` takes in a wrapped cell ``width`` characters wide."""
    if not text:
        return 1
    chars = max(4, math.floor(width) - 2)
    return max(1, len(textwrap.wrap(text, chars, break_long_words=True, break_on_hyphens=False)))


def fit_row(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]]) -> None:
    """Makes ``row`` tall enough for its wrapped (text, column width) cells."""
    lines = max((wrapped_lines(text, width) for text, width in texts), default=1)
    if lines > 1:
        ws.row_dimensions[row].height = round(lines * LINE_HEIGHT + 3, 1)


def print_setup(
    ws: Worksheet, title_rows: str | None = None, orientation: str = "landscape"
) -> None:
    """Every column on one page width (as many pages down as needed); the paper
    size is left to the printer (A4 or US Letter, both fit)."""
    if title_rows:
        ws.print_title_rows = title_rows
    ws.page_setup.orientation = orientation
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def header(ws: Worksheet, row: int, columns: Sequence[tuple[str, float]]) -> None:
    """A bold, filled header row; each column gets its width."""
    for col, (name, width) in enumerate(columns, 1):
        put(ws, row, col, name, font=BOLD, fill=HEADER_FILL)
        ws.column_dimensions[get_column_letter(col)].width = width


def values_row(
    ws: Worksheet, row: int, values: Iterable[Any], align: Alignment | None = TOP
) -> None:
    """One row of values from column A on; empty values leave their cell blank."""
    cells = cells_of(ws)
    for col, value in enumerate(values, 1):
        if value is None or value == "":
            continue
        if cells is None:
            put(ws, row, col, value, align=align)
        else:  # put() without its per-cell dispatch: most of the 190,000 cells at ICML size
            cells.put(row, col, cleaned(value), None, None, None, align)


def table(ws: Worksheet, name: str, first_row: int, columns: int, last_row: int) -> None:
    """An Excel table (filters, banding) over a header row and its data rows."""
    last_row = max(last_row, first_row + 1)  # a table needs a data row, even an empty one
    ref = f"A{first_row}:{get_column_letter(columns)}{last_row}"
    ws.add_table(Table(displayName=name, ref=ref, tableStyleInfo=TABLE_STYLE))
