"""Table grids: one builder per table shape (01/04, function tables, 06, 09), as data.

A grid is its header cells (merged over rows and columns as the layout says), its body lines
(cells, some carrying an amount and the truth of that amount) and relative column widths.
``samples/document.py`` lays grids out on pages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import zip_longest
from typing import Literal

from samples.model import COLUMNS, SIDE_COLUMNS, Layout, SampleRow, SampleTable, TableCode
from samples.pages import CELL_INSET, Style


@dataclass(frozen=True)
class HeaderCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class RowId:
    """What a printed row is, for the truth of the amounts it carries."""

    row_label: str
    subject_code: str | None
    printed_code: str | None
    row_key: str | None
    line_no: int | None


@dataclass(frozen=True)
class Cell:
    col: int
    lines: tuple[str, ...] = ()
    span: int = 1
    align: Literal["left", "right", "center"] = "left"
    amount: tuple[RowId, str, Decimal] | None = None  # (row, column_key, value) for amount cells
    shrink: bool = False  # shrink the font to fit one line instead of wrapping (01/04 labels)
    clip: bool = False  # one line, never wrapped, drawn clipped to the cell (code_style clipped)
    keep: bool = False  # one line, never wrapped: its columns are widened to fit it (codes)


@dataclass
class Grid:
    code: TableCode
    weights: list[float]  # relative column widths
    header: list[HeaderCell]
    body: list[list[Cell]]
    fixed: dict[int, float] = field(default_factory=dict)  # absolute widths (pt) of some columns


def amount_text(value: Decimal, layout: Layout) -> str:
    if value.as_tuple().exponent == 0:  # whole 元 (上海 预算): 2,878,025
        return f"{value:,}" if layout.thousands_separator else f"{value}"
    text = f"{value:,.2f}" if layout.thousands_separator else f"{value:.2f}"
    if layout.trim_decimals:  # 西安 2020: 0, 33.2, 7 for 0.00, 33.20, 7.00
        text = text.rstrip("0").rstrip(".")
    return text


def _amount_cells(row: SampleRow, row_id: RowId, keys: Sequence[str], first_col: int, layout: Layout) -> list[Cell]:
    cells = []
    for i, key in enumerate(keys):
        if key in row.amounts:
            value = row.amounts[key]
            text = amount_text(value, layout)
            # The truth is the amount as printed (33.2, not 33.20: the same money, another text).
            printed = Decimal(text.replace(",", ""))
            cells.append(Cell(first_col + i, (text,), align="right", amount=(row_id, key, printed)))
    return cells


def _label_lines(label: str, code: TableCode, layout: Layout) -> tuple[str, ...]:
    limit = layout.wrap_labels_longer_than
    if limit and code in layout.wrap_tables and len(label) > limit:
        return tuple(label[i : i + limit] for i in range(0, len(label), limit))
    return (label,)


def _printed_code(row: SampleRow, code: TableCode, layout: Layout) -> str | None:
    if row.subject_code is None:
        return None
    if row.printed_code is not None:
        return row.printed_code
    if layout.code_style == "truncated" and code in layout.truncate_tables and len(row.subject_code) == 7:
        return row.subject_code[:6]
    return row.subject_code


_04_EXPENSE_HEADERS = ("小计", "一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款")


def _two_sided_header(code: TableCode, layout: Layout) -> tuple[list[HeaderCell], list[float]]:
    numbers = layout.column_numbers
    if code == "01":
        names = ["项目", "行", "金额", "项目", "行", "金额"]
        lanci = ["栏次", "", "1", "栏次", "", "2"]
        weights = [3.3, 0.55, 1.35, 3.3, 0.55, 1.35]
        if layout.header_style == "flat":
            header = [HeaderCell(0, c, t) for c, t in enumerate(names)]
            return header + ([HeaderCell(1, c, t) for c, t in enumerate(lanci)] if numbers else []), weights
        header = [
            HeaderCell(0, 0, "收入", colspan=3),
            HeaderCell(0, 3, "支出", colspan=3),
            *(HeaderCell(1, c, t) for c, t in enumerate(names)),
        ]
        return header + ([HeaderCell(2, c, t) for c, t in enumerate(lanci)] if numbers else []), weights
    weights = [2.7, 0.5, 1.15, 2.7, 0.5, 1.15, 1.15, 1.15, 1.15]
    lanci = ["栏次", "", "1", "栏次", "", "2", "3", "4", "5"]
    if layout.header_style == "flat":
        names = ["项目", "行次", "决算数", "项目", "行次", *_04_EXPENSE_HEADERS]
        header = [HeaderCell(0, c, t) for c, t in enumerate(names)]
        return header + ([HeaderCell(1, c, t) for c, t in enumerate(lanci)] if numbers else []), weights
    header = [
        HeaderCell(0, 0, "收 入", colspan=3),
        HeaderCell(0, 3, "支 出", colspan=6),
        *(HeaderCell(1, c, t, rowspan=2) for c, t in enumerate(["项目", "行次", "决算数", "项目", "行次"])),
        HeaderCell(1, 5, "决算数", colspan=4),
        *(HeaderCell(2, 5 + i, t) for i, t in enumerate(_04_EXPENSE_HEADERS)),
    ]
    return header + ([HeaderCell(3, c, t) for c, t in enumerate(lanci)] if numbers else []), weights


def _two_sided_grid(code: TableCode, table: SampleTable, layout: Layout) -> Grid:
    """01 and 04: income items on the left, spending 类 on the right, on the same printed lines."""
    header, weights = _two_sided_header(code, layout)
    income = [r for r in table.rows if r.side == "income"]
    expense = [r for r in table.rows if r.side == "expense"]
    body: list[list[Cell]] = []
    for inc, exp in zip_longest(income, expense):
        cells: list[Cell] = []
        for row, first in ((inc, 0), (exp, 3)):
            if row is None:
                continue
            row_id = RowId(row.shown_label, row.subject_code, None, row.row_key, row.line_no)
            keys = SIDE_COLUMNS[code][row.side or ""]
            cells += [
                Cell(first, (row.shown_label,), shrink=True),
                Cell(first + 1, (str(row.line_no),), align="center"),
                *_amount_cells(row, row_id, keys, first + 2, layout),
            ]
        body.append(cells)
    return Grid(code, weights, header, body)


# Amount column headers of the function-subject tables: a plain header spans both header rows;
# a (group, parts) header puts the group over its parts.
_FUNCTION_HEADERS: dict[TableCode, list[str | tuple[str, list[str]]]] = {
    "02": ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    "03": ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    "05": [("本年支出", ["小计", "基本支出", "项目支出"])],
    "07": ["年初结转和结余", "本年收入", ("本年支出", ["小计", "基本支出", "项目支出"]), "年末结转和结余"],
    "08": [("本年支出", ["合计", "基本支出", "项目支出"])],
}
# The same columns under a one-line (flat) header.
_FLAT_HEADERS: dict[TableCode, list[str]] = {
    "02": ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    "03": ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    "05": ["合计", "基本支出", "项目支出"],
    "07": ["年初结转和结余", "本年收入", "本年支出合计", "基本支出", "项目支出", "年末结转和结余"],
    "08": ["合计", "基本支出", "项目支出"],
}


@dataclass(frozen=True)
class SubjectShape:
    """How a subject table prints its code and name columns and its amount headers."""

    keys: tuple[str, ...]  # amount column keys, printed order
    merged: list[str | tuple[str, list[str]]]  # amount headers under header_style merged
    flat: list[str]  # under header_style flat
    levels: tuple[str, ...] = ("类", "款", "项")  # one code column per level
    code_header: str = "功能分类科目编码"
    name_header: str = "科目名称"
    flat_code_header: str = "科目编码"


def _shape(code: TableCode) -> SubjectShape:
    return SubjectShape(COLUMNS[code], _FUNCTION_HEADERS[code], _FLAT_HEADERS[code])


def _function_header(shape: SubjectShape, layout: Layout) -> list[HeaderCell]:
    keys = shape.keys
    n = len(shape.levels)
    numbers = layout.column_numbers
    if layout.header_style == "flat":
        header = [HeaderCell(0, 0, shape.flat_code_header, colspan=n), HeaderCell(0, n, shape.name_header)]
        header += [HeaderCell(0, n + 1 + i, t) for i, t in enumerate(shape.flat)]
        if numbers:
            header += [HeaderCell(1, c, t) for c, t in enumerate([*shape.levels, "栏次"])]
            header += [HeaderCell(1, n + 1 + i, str(i + 1)) for i in range(len(keys))]
        return header
    # Without the 栏次 line the 类 款 项 line stays; the name and amount headers reach down to it.
    extra = 0 if numbers else 1
    header = [
        HeaderCell(0, 0, "项目", colspan=n + 1),
        HeaderCell(1, 0, shape.code_header, colspan=n),
        HeaderCell(1, n, shape.name_header, rowspan=1 + extra),
        *(HeaderCell(2, c, t) for c, t in enumerate([*shape.levels, "栏次"][: n + 1 - extra])),
    ]
    col = n + 1
    for item in shape.merged:
        if isinstance(item, str):
            header.append(HeaderCell(0, col, item, rowspan=2 + extra))
            col += 1
        else:
            group, parts = item
            header.append(HeaderCell(0, col, group, colspan=len(parts)))
            header += [HeaderCell(1, col + i, part, rowspan=1 + extra) for i, part in enumerate(parts)]
            col += len(parts)
    if numbers:
        header += [HeaderCell(2, n + 1 + i, str(i + 1)) for i in range(len(keys))]
    return header


def _code_widths(layout: Layout, style: Style) -> dict[int, float]:
    """Absolute widths of the three code columns when the code cell is narrow (wrapped, clipped)."""
    digit = style.width("0", style.body)
    if layout.code_style == "wrapped":
        span = 6.5 * digit + 2 * CELL_INSET  # six digits fit, the seventh goes to a second line
    elif layout.code_style == "clipped":
        span = 6.5 * digit + CELL_INSET  # the seventh digit is cut in half by the cell's right rule
    else:
        return {}
    return {c: span / 3 for c in range(3)}


def function_grid(
    code: TableCode, table: SampleTable, layout: Layout, style: Style, shape: SubjectShape | None = None
) -> Grid:
    """02, 03, 05, 07, 08 (and the budget's subject tables): 类 | 款 | 项 | 科目名称 | amounts."""
    shape = shape or _shape(code)
    keys = shape.keys
    n = len(shape.levels)
    header = _function_header(shape, layout)
    body: list[list[Cell]] = []
    for row in table.rows:
        printed = _printed_code(row, code, layout)
        row_id = RowId(row.shown_label.replace(" ", ""), row.subject_code, printed, row.row_key, None)
        cells: list[Cell] = []
        if printed and layout.code_style == "split":
            # 类 cell: 3-digit class; 款 cell: the 2 款 digits; 项 cell: the 2 项 digits.
            parts = [printed[:3], printed[3:5], printed[5:7]][:n]
            cells += [Cell(i, (p,), align="center", keep=True) for i, p in enumerate(parts) if p]
        elif printed:
            cs = layout.code_style
            cells.append(Cell(0, (printed,), span=n, clip=cs == "clipped", keep=cs in ("full", "truncated")))
        if row.row_key == "total" and layout.total_row == "spanning":
            cells.append(Cell(0, (row.shown_label,), span=n + 1, align="center"))
        elif row.row_key == "total":
            cells.append(Cell(n, (row.shown_label,), align="center"))
        else:
            cells.append(Cell(n, _label_lines(row.shown_label, code, layout)))
        cells += _amount_cells(row, row_id, keys, n + 1, layout)
        body.append(cells)
    name = 3.4 if layout.name_width == 1.0 else 3.4 * layout.name_width
    weights = [*[0.6, 0.42, 0.42][:n], name, *([1.0] * len(keys))]
    fixed = _code_widths(layout, style) if n == 3 else {}
    return Grid(code, weights, header, body, fixed)


def _economic_grid(table: SampleTable, layout: Layout) -> Grid:
    """06: three column groups (code, name, amount) side by side, then the two 合计 cells."""
    code_header = layout.economic_code_header
    header = [HeaderCell(0, 0, "人员经费", colspan=3), HeaderCell(0, 3, "公用经费", colspan=6)]
    for g in range(3):
        header += [HeaderCell(1, 3 * g, code_header), HeaderCell(1, 3 * g + 1, "科目名称")]
        header.append(HeaderCell(1, 3 * g + 2, "决算数"))
    groups = [[r for r in table.rows if r.group == g and not r.row_key] for g in (1, 2, 3)]
    body: list[list[Cell]] = []
    for line in zip_longest(*groups):
        cells: list[Cell] = []
        for g, row in enumerate(line):
            if row is None:
                continue
            printed = _printed_code(row, "06", layout)
            row_id = RowId(row.shown_label, row.subject_code, printed, None, None)
            cells += [
                Cell(3 * g, (printed or "",), keep=True),
                Cell(3 * g + 1, _label_lines(row.shown_label, "06", layout)),
                *_amount_cells(row, row_id, ("amount",), 3 * g + 2, layout),
            ]
        body.append(cells)
    personnel = next(r for r in table.rows if r.row_key == "personnel_total")
    public = next(r for r in table.rows if r.row_key == "public_total")
    body.append(
        [
            # 人员经费合计 spans the left group's code and name; 公用经费合计 spans everything from
            # the middle group's code to the right group's name, its amount in the last column.
            Cell(0, (personnel.shown_label,), span=2, align="center"),
            *_amount_cells(
                personnel, RowId(personnel.shown_label, None, None, personnel.row_key, None), ("amount",), 2, layout
            ),
            Cell(3, (public.shown_label,), span=5, align="center"),
            *_amount_cells(public, RowId(public.shown_label, None, None, public.row_key, None), ("amount",), 8, layout),
        ]
    )
    name = 2.75 if layout.name_width == 1.0 else 2.75 * layout.name_width
    return Grid("06", [0.85, name, 0.95] * 3, header, body)


def _three_public_grid(table: SampleTable, layout: Layout) -> Grid:
    """09: 预算数 | 决算数, each 合计, 出国, 公务用车 {小计, 购置, 运行维护}, 接待; one data row."""
    header: list[HeaderCell] = [HeaderCell(0, 0, "预算数", colspan=6), HeaderCell(0, 6, "决算数", colspan=6)]
    for base in (0, 6):
        header += [
            HeaderCell(1, base, "合计", rowspan=2),
            HeaderCell(1, base + 1, "因公出国（境）费", rowspan=2),
            HeaderCell(1, base + 2, "公务用车购置及运行维护费", colspan=3),
            HeaderCell(1, base + 5, "公务接待费", rowspan=2),
            HeaderCell(2, base + 2, "小计"),
            HeaderCell(2, base + 3, "公务用车购置费"),
            HeaderCell(2, base + 4, "公务用车运行维护费"),
        ]
    if layout.column_numbers:
        header += [HeaderCell(3, c, str(c + 1)) for c in range(12)]
    body = [
        _amount_cells(row, RowId("", None, None, row.row_key, None), COLUMNS["09"], 0, layout) for row in table.rows
    ]
    return Grid("09", [1.0] * 12, header, body)


def build_grid(code: TableCode, table: SampleTable, layout: Layout, style: Style, family: str | None = None) -> Grid:
    if family is not None:  # a budget table (samples/budget.py), imported here: it builds on this module
        from samples.budget import budget_grid

        return budget_grid(code, table, layout, style, family)
    if code in ("01", "04"):
        return _two_sided_grid(code, table, layout)
    if code == "06":
        return _economic_grid(table, layout)
    if code == "09":
        return _three_public_grid(table, layout)
    return function_grid(code, table, layout, style)
