"""Worksheet cells kept as plain values and written as sheet XML in one pass.

openpyxl makes a Cell object for every cell and serialises each one through
lxml; at ICML size (about 190,000 cells) that alone takes seconds.  The
workbook's sheets therefore keep their cells here, as (value, data type,
style) per row and column, and the save writes the rows' XML directly.  The
bytes are the ones openpyxl writes for the same cells, with either of its cell
writers: the lxml one when lxml is installed (ASCII output, other characters
as character references) and the ElementTree one otherwise (UTF-8 output,
``<c ... />`` for empty cells, its own rule for ``xml:space``); numbers and
dates are formatted by openpyxl's own helpers, and style ids handed out by the
workbook in the same order.  Everything else in a sheet (settings, columns,
tables, validations, page setup) and the package itself is still written by
openpyxl.

Styles are computed by openpyxl too: the first time a combination of value
type and style arguments occurs, it is applied to a detached Cell and the
resulting style array is reused, so fonts, fills and number formats are
registered in the workbook in the same order as when every cell was a Cell.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any
from warnings import warn
from xml.etree.ElementTree import _escape_cdata  # type: ignore[attr-defined]
from zipfile import ZIP_DEFLATED, ZipFile

from openpyxl import Workbook
from openpyxl.cell import _writer as cell_writer
from openpyxl.cell.cell import Cell
from openpyxl.compat import safe_string
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.dimensions import SheetDimension
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

# (value, openpyxl data type, style array or None for the default style)
StoredCell = tuple[Any, str, StyleArray | None]
# Sets a value and style arguments on a Cell the way the workbook's put() does.
CellSetter = Callable[..., None]

_ATTRIBUTE = "_planner_sheet_cells"  # where a worksheet keeps its SheetCells
_MARKER = "@@planner-sheet-rows@@"  # stands for the rows while openpyxl writes the sheet
# Characters lxml refuses in text (it raises); checked so the same error is raised.
_NOT_XML_TEXT = re.compile("[\ud800-\udfff\ufffe\uffff]")
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_SPECIAL = re.compile("[&<>\r]")
_DEFAULT_STYLE = StyleArray()  # a cell's style before any is set (never modified here)


def cells_of(ws: Worksheet) -> SheetCells | None:
    """The buffered cells of a worksheet, or None when it keeps openpyxl Cells."""
    return ws.__dict__.get(_ATTRIBUTE)


def buffer_cells(ws: Worksheet, setter: CellSetter) -> SheetCells:
    """Makes ``ws`` keep its cells as plain values until the workbook is saved."""
    cells = SheetCells(ws, setter)
    ws.__dict__[_ATTRIBUTE] = cells
    return cells


def xml_text(value: str) -> str:
    """``value`` as lxml writes text content into an ASCII-encoded sheet."""
    if value.isascii():
        if _SPECIAL.search(value) is None:  # most cells: nothing to escape
            return value
        return value.translate(_ESCAPES)
    if _NOT_XML_TEXT.search(value):
        from lxml import etree  # installed: this is the lxml writer's text

        etree.Element("t").text = value  # raises lxml's own error
    return value.translate(_ESCAPES).encode("ascii", "xmlcharrefreplace").decode("ascii")


def openpyxl_uses_lxml() -> bool:
    """Whether openpyxl writes cells with lxml (when it is installed and not turned off)."""
    return cell_writer.write_cell is cell_writer.lxml_write_cell


class SheetCells:
    """The cells of one worksheet: row -> column -> (value, data type, style)."""

    def __init__(self, ws: Worksheet, setter: CellSetter) -> None:
        self.ws = ws
        self.setter = setter
        self.rows: dict[int, dict[int, StoredCell]] = {}
        # (value type, style arguments' ids) -> (data type, style, the arguments kept alive)
        self._styles: dict[tuple[Any, ...], tuple[str, StyleArray | None, tuple[Any, ...]]] = {}
        self._restyled: dict[tuple[int, int, int], tuple[StyleArray, tuple[Any, ...]]] = {}

    def put(
        self,
        row: int,
        col: int,
        value: Any,
        number_format: str | None,
        font: Any,
        fill: Any,
        align: Any,
    ) -> None:
        """Stores what put() would have written into a Cell at (row, col).

        ``value`` is as put() hands it to a Cell: text already cleaned, no
        time-zone-aware date-time.
        """
        key = (type(value), number_format, id(font), id(fill), id(align))
        known = self._styles.get(key)
        if known is None:
            known = self._first(value, number_format, font, fill, align)
            self._styles[key] = known
        data_type, style, _ = known
        self.rows.setdefault(row, {})[col] = (value, data_type, style)

    def _first(
        self, value: Any, number_format: str | None, font: Any, fill: Any, align: Any
    ) -> tuple[str, StyleArray | None, tuple[Any, ...]]:
        """The data type and style openpyxl gives this kind of value with these arguments."""
        cell = Cell(self.ws)  # detached: only its style and data type are read
        self.setter(cell, value, number_format, font, fill, align)
        style = cell._style if cell.has_style else None
        return cell.data_type, style, (font, fill, align)

    def restyle(
        self, row: int, col: int, fill: PatternFill | None = None, align: Alignment | None = None
    ) -> None:
        """Sets the fill or alignment of (row, col), as ``ws.cell(row, col).fill = ...`` does."""
        cells = self.rows.setdefault(row, {})
        value, data_type, style = cells.get(col, (None, "n", None))
        base = style if style is not None else _DEFAULT_STYLE
        key = (id(base), id(fill), id(align))
        known = self._restyled.get(key)
        if known is None:
            cell = Cell(self.ws, style_array=StyleArray(base))
            if fill is not None:
                cell.fill = fill
            if align is not None:
                cell.alignment = align
            known = (cell._style, (base, fill, align))
            self._restyled[key] = known
        new = known[0]
        cells[col] = (value, data_type, new if any(new) else None)

    def header(self, row: int, first: int, last: int) -> list[tuple[Any, str]]:
        """(value, data type) of the cells of ``row`` from column ``first`` to ``last``."""
        cells = self.rows.get(row, {})
        return [cells.get(c, (None, "n", None))[:2] for c in range(first, last + 1)]

    def dimension(self) -> str:
        """The used range, as openpyxl's ``calculate_dimension`` gives it."""
        rows = [r for r, cells in self.rows.items() if cells]
        if not rows:
            return "A1:A1"
        cols = {c for r in rows for c in self.rows[r]}
        return (
            f"{get_column_letter(min(cols))}{min(rows)}:{get_column_letter(max(cols))}{max(rows)}"
        )

    def xml(self, workbook: Workbook, lxml: bool) -> str:
        """The rows as openpyxl writes them inside ``<sheetData>``.

        ``lxml``: as openpyxl's lxml cell writer writes them, else as its
        ElementTree one.  Style ids are taken from the workbook cell by cell in
        row order, as openpyxl does while writing, so the styles part comes out
        the same.
        """
        if workbook.iso_dates:
            raise NotImplementedError("the workbook writes date-times as serial numbers")
        cell_xml = _lxml_cell if lxml else _etree_cell
        style_ids: dict[int, str] = {}
        serials: dict[datetime, float] = {}  # a plan has a few distinct times, used often
        out: list[str] = []
        # Rows with a set height are written even when empty, as openpyxl writes them.
        dims = self.ws.row_dimensions
        for r in sorted(set(self.rows) | set(dims.keys())):
            cells = self.rows.get(r, {})
            extra = "".join(f' {k}="{v}"' for k, v in dict(dims[r]).items()) if r in dims else ""
            out.append(f'<row r="{r}"{extra}>')
            for c in sorted(cells):
                value, data_type, style = cells[c]
                if value is None and style is None:
                    continue  # an empty, unstyled cell is not written
                styled = ""
                if style is not None:
                    styled = style_ids.get(id(style), "")
                    if not styled:
                        styled = f' s="{workbook._cell_styles.add(style)}"'
                        style_ids[id(style)] = styled
                if data_type == "d":  # written as its serial number
                    if value not in serials:
                        serials[value] = to_excel(value, workbook.epoch)
                    value, data_type = serials[value], "n"
                out.append(cell_xml(f"{get_column_letter(c)}{r}", styled, value, data_type))
            out.append("</row>")
        return "".join(out)


def _lxml_cell(ref: str, styled: str, value: Any, data_type: str) -> str:
    """One ``<c>`` element, as openpyxl's lxml cell writer produces it."""
    if data_type == "s":
        if value == "":
            return f'<c r="{ref}"{styled} t="inlineStr"></c>'
        space = ' xml:space="preserve"' if value != value.strip() else ""
        return f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{xml_text(value)}</t></is></c>'
    if value is None:
        return f'<c r="{ref}"{styled} t="{data_type}"></c>'
    return f'<c r="{ref}"{styled} t="{data_type}"><v>{xml_text(safe_string(value))}</v></c>'


def _etree_cell(ref: str, styled: str, value: Any, data_type: str) -> str:
    """One ``<c>`` element, as openpyxl's ElementTree cell writer produces it."""
    if value is None or value == "":
        return f'<c r="{ref}"{styled} t="{"inlineStr" if data_type == "s" else data_type}" />'
    if data_type == "s":
        stripped = value.strip()  # ElementTree's writer: no xml:space for blank text
        space = ' xml:space="preserve"' if stripped and value != stripped else ""
        return (
            f'<c r="{ref}"{styled} t="inlineStr"><is><t{space}>{_escape_cdata(value)}</t></is></c>'
        )
    text = safe_string(value)
    number = f"<v>{_escape_cdata(text)}</v>" if text else "<v />"
    return f'<c r="{ref}"{styled} t="{data_type}">{number}</c>'


class _SheetWriter(WorksheetWriter):
    """openpyxl's sheet writer with the rows and the used range taken from SheetCells."""

    def __init__(self, ws: Worksheet, cells: SheetCells) -> None:
        super().__init__(ws, out=BytesIO())
        self.cells = cells
        self.lxml = openpyxl_uses_lxml()
        self.rows_xml = ""

    def write_dimensions(self) -> None:
        self.xf.send(SheetDimension(self.cells.dimension()).to_tree())

    def write_rows(self) -> None:
        self.rows_xml = self.cells.xml(self.ws.parent, self.lxml)
        xf = self.xf.send(True)
        with xf.element("sheetData"):
            xf.write(_MARKER)
        self.xf.send(None)

    def name_table_columns(self) -> None:
        """Table column names from the header cells (openpyxl would read its Cells)."""
        for table in self.ws.tables.values():
            if table.tableColumns:
                continue
            table._initialise_columns()
            if table.headerRowCount:
                first, top, last, _ = range_boundaries(table.ref)
                for (value, data_type), column in zip(
                    self.cells.header(top, first, last), table.tableColumns, strict=True
                ):
                    if data_type != "s":
                        warn(
                            "File may not be readable: column headings must be strings.",
                            stacklevel=2,
                        )
                    column.name = str(value)

    def sheet_xml(self) -> bytes:
        data = self.out.getvalue()
        head, tail = data.split(_MARKER.encode("ascii"), 1)
        # lxml writes ASCII (character references, made in xml_text); ElementTree
        # writes UTF-8 and references only what UTF-8 cannot hold.
        rows = (
            self.rows_xml.encode("ascii")
            if self.lxml
            else self.rows_xml.encode("utf-8", "xmlcharrefreplace")
        )
        return b"".join([head, rows, tail])


class _Writer(ExcelWriter):
    """openpyxl's package writer; sheets with SheetCells get their rows written directly."""

    def write_worksheet(self, ws: Worksheet) -> None:
        cells = cells_of(ws)
        if cells is None:
            super().write_worksheet(ws)
            return
        # What ExcelWriter.write_worksheet does, with the sheet kept in memory.
        ws._drawing = SpreadsheetDrawing()
        ws._drawing.charts = ws._charts
        ws._drawing.images = ws._images
        writer = _SheetWriter(ws, cells)
        writer.name_table_columns()
        writer.write()
        ws._rels = writer._rels
        self._archive.writestr(ws.path[1:], writer.sheet_xml())
        self.manifest.append(ws)


def save(workbook: Workbook, path: Path) -> None:
    """``workbook.save(path)``, writing buffered sheets' rows directly."""
    archive = ZipFile(path, "w", ZIP_DEFLATED, allowZip64=True)
    workbook.properties.modified = datetime.now(tz=UTC).replace(tzinfo=None)
    _Writer(workbook, archive).save()
