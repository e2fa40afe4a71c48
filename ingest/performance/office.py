"""Word (.docx) tables and Excel (.xlsx) sheets as the pages the 绩效 table logic reads.

A Word file or workbook has no page geometry, but it has its cell structure: each table of a Word
body, each sheet of a workbook, becomes one `GridPage` whose cells are the table's own cells, placed
on a synthetic grid (grid column c → x from c × COL_W, row r → y from r × ROW_H). A merged cell
(Word gridSpan / vMerge, an Excel merged range) is one cell spanning its columns and rows, as a
merged cell of a ruled PDF table is, so the merged 一级/二级 labels are carried down to the rows
they cover by the same logic. A cell's paragraphs (or the lines of an Excel value) are its lines,
joined without spaces like the wrapped lines of a PDF cell.

The lineage: `page` is the table's ordinal in the Word body (1-based), or the sheet's number in the
workbook (1-based); an indicator's or money line's `top` / `bottom` are the 1-based row numbers of
its first row and of the row after its last (the Word table's rows; the sheet's rows in Excel).
The title lines are the rows above the table's first row of two or more cells (a title written
in the grid), after the paragraphs between the previous table and this one (Word), or followed by
the sheet's name (Excel).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ingest.layout import Line, Word
from ingest.performance.base_data import rescaled
from ingest.performance.families import TITLE_LINES
from ingest.performance.grid import Cell
from ingest.performance.reader import GridPage, read_grid_pages
from ingest.performance.records import PerformanceTable

# The synthetic grid: wide enough that the reader's tolerances (a few pt) never join two columns.
COL_W, ROW_H = 100.0, 20.0


@dataclass(slots=True)
class GridCell:
    """One cell of a Word table or Excel sheet: 1-based row, 0-based column, spans, text lines."""

    row: int
    col: int
    rowspan: int
    colspan: int
    lines: list[str] = field(default_factory=list)


@dataclass(slots=True)
class OfficeTable:
    number: int  # the lineage page: Word table ordinal, Excel sheet number
    titles: list[str]
    cells: list[GridCell]
    unreadable: str | None = None  # why the table's values cannot be trusted (quarantines what it holds)

    def text_lines(self) -> list[Line]:
        """The table's titles and cell texts as lines (for the document's identity)."""
        out = [Line(self.number, [Word(t, 0, COL_W, 0, ROW_H)]) for t in self.titles]
        for c in self.cells:
            if text := "".join(c.lines):
                out.append(Line(self.number, [Word(text, c.col * COL_W, (c.col + c.colspan) * COL_W, 0, 1)]))
        return out

    def grid_page(self) -> GridPage:
        cells = [_cell(c) for c in self.cells]
        borders = sorted({x for c in cells for x in (c.x0, c.x1)})
        titles = [Line(self.number, [Word(t, 0, COL_W, 0, ROW_H)]) for t in self.titles if t.strip()]
        return GridPage(
            self.number,
            titles[-TITLE_LINES:],  # (the lines nearest the table)
            borders if cells else [],
            lambda: [c for c in cells if c.words],
            lambda: titles,
        )


def _cell(c: GridCell) -> Cell:
    """A grid cell on the synthetic grid, its lines stacked in its first row (where a value
    belongs: the reader takes a value from the row band its words are in)."""
    x0, x1 = c.col * COL_W, (c.col + c.colspan) * COL_W
    top, bottom = c.row * ROW_H, (c.row + c.rowspan) * ROW_H
    lines = [t for t in (line.strip() for line in c.lines) if t]
    step = (ROW_H - 2) / max(1, len(lines))
    words = [Word(t, x0 + 2, x1 - 2, top + 1 + i * step, top + 1 + (i + 0.9) * step) for i, t in enumerate(lines)]
    return Cell(x0, x1, top, bottom, words)


def read_office_tables(tables: Sequence[OfficeTable]) -> list[PerformanceTable]:
    """The 绩效 tables of a Word file's tables or a workbook's sheets, their rows' `top` / `bottom`
    given back as row numbers."""
    read = read_grid_pages(t.grid_page() for t in tables)
    unreadable = {t.number: t.unreadable for t in tables if t.unreadable}
    for table in read:
        why = next((unreadable[n] for n in range(table.first_page, table.last_page + 1) if n in unreadable), None)
        if why is not None:
            table.status, table.reason = "quarantined", why
        table.indicators = [
            dataclasses.replace(i, top=i.top / ROW_H, bottom=i.bottom / ROW_H) for i in table.indicators
        ]
        table.funds = [dataclasses.replace(f, top=f.top / ROW_H, bottom=f.bottom / ROW_H) for f in table.funds]
        if table.base is not None:
            table.base = rescaled(table.base, ROW_H)
    return read


# --- Word ----------------------------------------------------------------------------------------


def docx_tables(path: Path) -> list[OfficeTable]:
    """The tables of a Word body in order, each with the paragraphs before it (since the table
    before) and its own first rows of one text each as its title lines. Tables nested in a cell
    are part of that cell's text."""
    import docx
    from docx.oxml.ns import qn

    body = docx.Document(str(path)).element.body
    out: list[OfficeTable] = []
    paragraphs: list[str] = []
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            if text := _paragraph_text(child).strip():
                paragraphs.append(text)
        elif child.tag == qn("w:tbl"):
            titles, cells = _leading_titles(_word_cells(child))
            out.append(OfficeTable(len(out) + 1, [*paragraphs, *titles], cells))
            paragraphs = []
    return out


def _paragraph_text(p: Any) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(p, None).text


def _word_cells(tbl: Any) -> list[GridCell]:
    """The cells of one Word table on its grid: gridBefore skips columns, gridSpan spans them,
    vMerge="continue" extends the cell above (whose text is printed once, in its first row)."""
    from docx.oxml.ns import qn

    cells: list[GridCell] = []
    open_above: dict[int, GridCell] = {}  # start column → the vertically merged cell open there
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr")), start=1):
        col = int(getattr(tr, "grid_before", 0) or 0)
        for tc in tr.iterchildren(qn("w:tc")):
            span = int(tc.grid_span or 1)
            lines = [_paragraph_text(p) for p in tc.iter(qn("w:p"))]
            lines = [part for line in lines for part in line.split("\n")]
            merge = tc.vMerge
            above = open_above.get(col)
            if merge == "continue" and above is not None and above.colspan == span:
                above.rowspan = r - above.row + 1
                above.lines.extend(lines)
            else:
                cell = GridCell(r, col, 1, span, lines)
                cells.append(cell)
                if merge == "restart":
                    open_above[col] = cell
                else:
                    open_above.pop(col, None)
            col += span
    return cells


# --- Excel ---------------------------------------------------------------------------------------


def xlsx_tables(path: Path) -> list[OfficeTable]:
    """One table per sheet: its used range, merged ranges as one cell; the rows above its first
    row of two or more cells are its title lines, then the sheet's name."""
    import openpyxl

    workbook = openpyxl.load_workbook(str(path), data_only=True)
    try:
        tables = [_sheet_table(n, sheet) for n, sheet in enumerate(workbook.worksheets, start=1)]
        for n, cells in _uncalculated_formulas(path, workbook).items():
            tables[n - 1].unreadable = (
                f"sheet {n}: formula cells without a computed value ({', '.join(cells[:5])}): the workbook was "
                "saved without calculating them"
            )
        return tables
    finally:
        workbook.close()


_FORMULA = re.compile(rb"<f[ >/]")


def _uncalculated_formulas(path: Path, values: Any) -> dict[int, list[str]]:
    """Per sheet number, the formula cells whose value the file does not hold (written by a
    script, never opened in Excel): read as blanks they would publish a missing number. The
    formulas are looked up only in a workbook that has any."""
    import openpyxl

    with zipfile.ZipFile(path) as container:
        sheets = [n for n in container.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        if not any(_FORMULA.search(container.read(n)) for n in sheets):
            return {}
    formulas = openpyxl.load_workbook(str(path), read_only=True)
    out: dict[int, list[str]] = {}
    try:
        for n, (sheet, shown) in enumerate(zip(formulas.worksheets, values.worksheets, strict=True), start=1):
            for row in sheet.iter_rows():
                for cell in row:
                    if getattr(cell, "data_type", None) == "f" and shown.cell(cell.row, cell.column).value is None:
                        out.setdefault(n, []).append(cell.coordinate)
    finally:
        formulas.close()
    return out


def _sheet_table(number: int, sheet: Any) -> OfficeTable:
    merged = [(m.min_row, m.max_row, m.min_col, m.max_col) for m in sheet.merged_cells.ranges]
    values = (
        (xl.row, xl.column, excel_text(xl.value, xl.number_format)) for row in sheet.iter_rows() for xl in row
    )
    return sheet_grid(number, sheet.title, values, merged)


def xls_tables(path: Path) -> list[OfficeTable]:
    """A legacy workbook (.xls, BIFF) read as an .xlsx is (xlrd, with its formats and merged
    ranges): one table per sheet."""
    import xlrd

    book = xlrd.open_workbook(str(path), formatting_info=True, on_demand=True)
    try:
        out = []
        for n in range(book.nsheets):
            sheet = book.sheet_by_index(n)
            merged = [(r0 + 1, r1, c0 + 1, c1) for r0, r1, c0, c1 in sheet.merged_cells]
            out.append(sheet_grid(n + 1, sheet.name, _xls_values(book, sheet), merged))
        return out
    finally:
        book.release_resources()


def _xls_values(book: Any, sheet: Any) -> Iterator[tuple[int, int, str]]:
    import xlrd

    for r in range(sheet.nrows):
        for c in range(sheet.ncols):
            cell = sheet.cell(r, c)
            if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                continue
            value = cell.value
            if cell.ctype == xlrd.XL_CELL_BOOLEAN:
                value = bool(value)
            fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
            yield r + 1, c + 1, excel_text(value, fmt.format_str if fmt else "General")


def sheet_grid(
    number: int, name: str, values: Iterable[tuple[int, int, str]], merged: Sequence[tuple[int, int, int, int]]
) -> OfficeTable:
    """A sheet's table from its shown values ((row, column, text), 1-based) and merged ranges
    (first row, last row, first column, last column; 1-based, inclusive): a merged range is one
    cell; the rows above the first row of two or more cells are titles, then the sheet's name."""
    starts = {(r0, c0): (r1 - r0 + 1, c1 - c0 + 1) for r0, r1, c0, c1 in merged}
    covered = {
        (r, c)
        for r0, r1, c0, c1 in merged
        for r in range(r0, r1 + 1)
        for c in range(c0, c1 + 1)
        if (r, c) != (r0, c0)
    }
    rows: dict[int, list[GridCell]] = {}
    for r, c, text in values:
        if (r, c) in covered or not text.strip():
            continue
        rowspan, colspan = starts.get((r, c), (1, 1))
        rows.setdefault(r, []).append(GridCell(r, c - 1, rowspan, colspan, text.split("\n")))
    titles, cells = _leading_titles([c for r in sorted(rows) for c in rows[r]])
    return OfficeTable(number, [*titles, name], cells)


def _leading_titles(cells: Sequence[GridCell]) -> tuple[list[str], list[GridCell]]:
    """(titles, the table's cells): the rows above the first row of two or more non-empty cells
    hold one text each — the title, the year, 单位：万元 — written in the grid (an Excel sheet, the
    first rows of a Word table), not cells of the table."""
    rows: dict[int, list[GridCell]] = {}
    for c in cells:
        if "".join(c.lines).strip():
            rows.setdefault(c.row, []).append(c)
    first = next((r for r in sorted(rows) if len(rows[r]) > 1), None)
    if first is None:
        return [], list(cells)
    titles = ["".join(rows[r][0].lines) for r in sorted(rows) if r < first]
    return titles, [c for c in cells if c.row >= first]


_DECIMALS = re.compile(r"\.(0+)")


def excel_text(value: object, number_format: str = "General") -> str:
    """A cell's value as the sheet shows it: a number in its number format (decimals, thousands
    separators, percent), exactly (from the float's shortest repr, never its binary expansion)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if not isinstance(value, int | float | Decimal):
        return str(value)
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    section = number_format.split(";")[0]
    if section in ("General", "@", ""):
        text = format(exact.normalize(), "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    section = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.|_.', "", section)
    percent = "%" in section
    if percent:
        exact *= 100
    m = _DECIMALS.search(section)
    places = len(m.group(1)) if m else 0
    grouped = "," in section
    text = format(exact, f"{',' if grouped else ''}.{places}f")
    return f"{text}%" if percent else text


def office_lines(tables: Sequence[OfficeTable]) -> Iterator[Line]:
    for table in tables:
        yield from table.text_lines()
