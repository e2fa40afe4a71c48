"""Render the project's sample 部门决算 PDFs, with exact ground truth.

Each ``samples/data/*.yaml`` holds the nine standard tables (公开01–09) of one report, transcribed
exactly as the publisher printed them, plus ``layout`` options that reproduce the traps real
reports set for a parser (landscape and rotated pages, tables split over pages, codes split into
类 | 款 | 项 cells or cut short, wrapped names, two tables on a page ...).

``render_report`` draws the PDF with reportlab and returns one :class:`TruthAmount` per printed
amount: which table, page, row and column it belongs to, and where it was drawn. The parser's
tests compare what it reads against this truth, so the PDFs carry nothing a parser could use
that a real report lacks: no tags, no hidden text, no metadata beyond a title.

Geometry is kept in pdfplumber's frame (points, origin top-left of the page as displayed), so a
truth bounding box can be compared directly with ``pdfplumber`` words.

How the tables are printed (what a parser meets):

- Pages: 1 cover, 2 目录 (lists the nine titles with page numbers), 3 概况, 4 第二部分 divider,
  then the tables (each starts a page unless ``tables_sharing_a_page``), last the narrative
  (``<year> 年度收、支总计均为 <total> 万元。``, never with separators). Footers print ``- n -``.
- A table's first page: title ``<year> 年度<title>`` centred, ``公开NN表`` at the right, then
  ``单位：<unit_name>`` left and ``单位：万元`` right, then the ruled header, the rows, and the
  ``注：…`` lines (and ``empty_note``). Continuation pages carry no title, no 公开 label and no
  单位 line; the header only when ``repeat_header``.
- Every cell is ruled on all four sides; header cells merge over rows/columns as in the seeds.
  Amounts are right-aligned in their cell and vertically centred in the row, so next to a name
  wrapped over two lines the amount sits between the name's two lines.
- 02/03/05/07/08: columns 类 | 款 | 项 | 科目名称 | amounts; header rows ``项目`` / ``功能分类科目编码``
  + ``科目名称`` / ``类 款 项 栏次 1 2 …``. Code styles: full = one code cell spanning the three
  code columns, left-aligned; split = ``210`` | ``01`` | ``01`` centred in their own cells (a 类
  row fills only 类); truncated = full with 7-digit codes cut to 6. The 合计 row prints ``合计``
  centred in the 科目名称 column and no code.
- 01/04: income label | 行(次) | amount, spending label | 行(次) | amount(s), one printed line
  holding both sides; 类 rows print their name only (``九、卫生健康支出``), no code.
- 06: three groups (code | name | 决算数); the last line holds ``人员经费合计`` (merged over the
  left group's code and name) and ``公用经费合计`` (merged from the middle group's code to the
  right group's name, its amount in the right group's 决算数 column).
- 09: header 预算数 | 决算数, each 合计, 因公出国（境）费, 公务用车购置及运行维护费 {小计,
  公务用车购置费, 公务用车运行维护费}, 公务接待费, then a ``1 … 12`` row, then one data row
  (or none). 01/04 labels that do not fit are shrunk, other names wrap within their cell.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from itertools import zip_longest
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen.canvas import Canvas

from ingest.profile import load_profile

DATA_DIR = Path(__file__).resolve().parent / "data"

TableCode = Literal["01", "02", "03", "04", "05", "06", "07", "08", "09"]
TABLE_CODES: tuple[TableCode, ...] = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
# Tables whose rows are 功能分类科目 (类/款/项 codes in the first three columns).
FUNCTION_TABLES: tuple[TableCode, ...] = ("02", "03", "05", "07", "08")

TITLES: dict[TableCode, str] = {
    "01": "收入支出决算总表",
    "02": "收入决算表",
    "03": "支出决算表",
    "04": "财政拨款收入支出决算总表",
    "05": "一般公共预算财政拨款支出决算表",
    "06": "一般公共预算财政拨款基本支出决算明细表",
    "07": "政府性基金预算财政拨款收入支出决算表",
    "08": "国有资本经营预算财政拨款支出决算表",
    "09": "财政拨款“三公”经费支出决算表",
}

# The notes printed under each table, as in both seed reports.
NOTES: dict[TableCode, tuple[str, ...]] = {
    "01": ("注：1. 本表反映部门本年度的总收支和年末结转结余情况。", "2. 本套报表金额单位转换时可能存在尾数误差。"),
    "02": ("注：本表反映部门本年度取得的各项收入情况。",),
    "03": ("注：本表反映部门本年度各项支出情况。",),
    "04": (
        "注：本表反映部门本年度一般公共预算财政拨款、政府性基金预算财政拨款和国有资本经营预算财政拨款"
        "的总收支和年末结转结余情况。",
    ),
    "05": ("注：本表反映部门本年度一般公共预算财政拨款支出情况。",),
    "06": ("注：本表反映部门本年度一般公共预算财政拨款基本支出明细情况。",),
    "07": ("注：本表反映部门本年度政府性基金预算财政拨款收入、支出及结转和结余情况。",),
    "08": ("注：本表反映部门本年度国有资本经营预算财政拨款支出情况。",),
    "09": (
        "注：本表反映部门本年度财政拨款“三公”经费支出预决算情况。其中，预算数为“三公”经费全年预算数，"
        "反映按规定程序调整后的预算数；决算数是包括当年财政拨款和以前年度结转资金安排的实际支出。",
    ),
}

# Column and row keys (docs/record-contract.md) come from the table profiles, the one place that
# names them; only the keys are shared with the parser, never how headers are printed or read.
_PROFILE = load_profile()
TWO_SIDED: tuple[TableCode, ...] = ("01", "04")
# Column keys in printed left-to-right order.
COLUMNS: dict[TableCode, tuple[str, ...]] = {
    code: t.column_keys for code, t in _PROFILE.tables.items() if code not in TWO_SIDED
}
SIDE_COLUMNS: dict[TableCode, dict[str, tuple[str, ...]]] = {
    code: {p.name: tuple(p.columns) for p in _PROFILE.tables[code].panels} for code in TWO_SIDED
}
ROW_KEYS: dict[TableCode, dict[str | None, frozenset[str]]] = {
    code: (
        {p.name: frozenset(a.key for a in p.rows) for p in t.panels}
        if code in TWO_SIDED
        else {None: frozenset(t.row_keys)}
    )
    for code, t in _PROFILE.tables.items()
}

_AMOUNT_RE = re.compile(r"-?\d+\.\d{2}")


# --------------------------------------------------------------------------------------------
# The data model of a sample report (the YAML files)
# --------------------------------------------------------------------------------------------


def _amount_from_yaml(value: Any) -> Decimal:
    # YAML would read an unquoted 716.87 as a float and lose exactness: only strings are money.
    if not isinstance(value, str) or not _AMOUNT_RE.fullmatch(value):
        raise ValueError(f"amount must be a quoted string with two decimals and no separators, got {value!r}")
    return Decimal(value)


def _code_from_yaml(value: Any) -> Any:
    # An unquoted 210 would arrive as an int; insist on strings so codes are never mangled.
    if value is not None and (not isinstance(value, str) or not value.isdigit()):
        raise ValueError(f"codes must be quoted digit strings, got {value!r}")
    return value


AmountValue = Annotated[Decimal, BeforeValidator(_amount_from_yaml)]
CodeValue = Annotated[str | None, BeforeValidator(_code_from_yaml)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SampleRow(_Strict):
    """One printed row (one side of a line in 01/04; one column group of a line in 06)."""

    side: Literal["income", "expense"] | None = None  # 01 and 04 only
    line_no: int | None = None  # 行次, 01 and 04 only
    group: Literal[1, 2, 3] | None = None  # 06 only: left, middle, right column group
    subject_code: CodeValue = None  # the true code
    printed_code: CodeValue = None  # only when the publisher printed the code cut short
    label: str = ""
    printed_label: str | None = None  # only when the publisher printed the name cut short
    row_key: str | None = None
    amounts: dict[str, AmountValue] = Field(default_factory=dict)

    @property
    def shown_label(self) -> str:
        return self.printed_label if self.printed_label is not None else self.label


class SampleTable(_Strict):
    rows: list[SampleRow]
    empty_note: str | None = None  # e.g. 说明：本单位当年无政府性基金预算财政拨款收入支出。


class ReportInfo(_Strict):
    unit_name: str  # as on the tables' 单位： line
    department: str
    fiscal_year: int = Field(ge=2000, le=2100)
    publish_date: date | None = None
    narrative_total: AmountValue  # 收、支总计均为 X 万元
    duties: str = "贯彻执行国家、省、市有关方针政策和法律法规，承担本单位职责范围内的各项工作。"
    organization: str | None = None  # default: 部门决算单位为<unit_name>。
    narrative: list[str] = Field(default_factory=list)  # more paragraphs after the 总计 sentence


class Layout(_Strict):
    """How the report is printed. The defaults are a plain portrait report."""

    # Pages holding tables; cover, 目录, 概况 and narrative pages are always portrait.
    orientation: Literal["portrait", "landscape"] = "portrait"
    # Store landscape table pages as portrait pages carrying /Rotate 90 (as scanners/printers do).
    rotate_table_pages: bool = False
    thousands_separator: bool = True
    # full: one code cell spanning 类/款/项; split: 类 | 款 | 项 cells; truncated: 7-digit codes
    # printed one digit short in `truncate_tables` (the text-layer cut seen in qingshan 03).
    code_style: Literal["full", "split", "truncated"] = "full"
    truncate_tables: list[TableCode] = Field(default_factory=list)
    # Forces continuation pages: at most this many data rows per page in `split_tables`.
    max_rows_per_page: int | None = Field(default=None, ge=1)
    split_tables: list[TableCode] | None = None  # None: every table
    repeat_header: bool = True  # repeat the column header on continuation pages
    # Each group is printed one after the other on the same page (if it fits).
    tables_sharing_a_page: list[list[TableCode]] = Field(default_factory=list)
    # Names longer than this are wrapped after this many characters within their cell.
    wrap_labels_longer_than: int | None = Field(default=None, ge=2)
    wrap_tables: list[TableCode] = Field(default_factory=lambda: ["02", "03", "05", "06", "07", "08"])
    economic_code_header: str = "经济分类科目编码"  # qingshan prints 经济分类科目
    # Tables the publisher left out of the printed report though its 目录 lists them.
    omit_tables: list[TableCode] = Field(default_factory=list)

    @model_validator(mode="after")
    def _coherent(self) -> Layout:
        if self.rotate_table_pages and self.orientation != "landscape":
            raise ValueError("rotate_table_pages needs orientation: landscape")
        if (self.code_style == "truncated") != bool(self.truncate_tables):
            raise ValueError("truncate_tables is set exactly when code_style is truncated")
        if any(t not in FUNCTION_TABLES for t in self.truncate_tables):
            raise ValueError(f"truncate_tables: only function-subject tables {FUNCTION_TABLES}")
        for group in self.tables_sharing_a_page:
            idx = [TABLE_CODES.index(t) for t in group]
            if len(group) < 2 or idx != list(range(idx[0], idx[0] + len(group))):
                raise ValueError(f"tables_sharing_a_page: {group} must be consecutive tables")
        return self


class SampleReport(_Strict):
    report: ReportInfo
    layout: Layout = Field(default_factory=Layout)
    tables: dict[TableCode, SampleTable]

    @model_validator(mode="after")
    def _check_tables(self) -> SampleReport:
        if sorted(self.tables) != list(TABLE_CODES):
            raise ValueError(f"all nine tables are required, got {sorted(self.tables)}")
        for code, table in self.tables.items():
            for row in table.rows:
                _check_row(code, row, self.layout)
            if code == "06":
                _check_06(table)
            if code in ("01", "04"):
                _check_two_sided(code, table)
        return self


def _check_row(code: TableCode, row: SampleRow, layout: Layout) -> None:
    where = f"table {code} row {row.label or row.row_key or row.subject_code!r}"
    two_sided = code in ("01", "04")
    if two_sided != (row.side is not None) or two_sided != (row.line_no is not None):
        raise ValueError(f"{where}: side and line_no are set exactly on 01/04 rows")
    if (code == "06") != (row.group is not None):
        raise ValueError(f"{where}: group is set exactly on 06 rows")
    if row.subject_code and row.row_key:
        raise ValueError(f"{where}: both subject_code and row_key")
    if row.amounts and not (row.subject_code or row.row_key):
        raise ValueError(f"{where}: a row with amounts needs a subject_code or a row_key")
    allowed_cols = SIDE_COLUMNS[code][row.side or ""] if two_sided else COLUMNS[code]
    if extra := set(row.amounts) - set(allowed_cols):
        raise ValueError(f"{where}: unknown column keys {sorted(extra)}")
    if row.row_key and row.row_key not in ROW_KEYS[code][row.side]:
        raise ValueError(f"{where}: unknown row_key {row.row_key}")
    if row.subject_code:
        lengths = {"01": (3,), "04": (3,), "06": (3, 5)}.get(code, (3, 5, 7))
        if len(row.subject_code) not in lengths:
            raise ValueError(f"{where}: subject_code must have {lengths} digits")
    if row.printed_code is not None:
        if not row.subject_code or not (
            row.subject_code.startswith(row.printed_code) and len(row.printed_code) < len(row.subject_code)
        ):
            raise ValueError(f"{where}: printed_code must be the subject_code cut short")
        if code in FUNCTION_TABLES and layout.code_style == "split":
            raise ValueError(f"{where}: printed_code cannot be used with code_style split")
    if row.printed_label is not None and not row.label.startswith(row.printed_label):
        raise ValueError(f"{where}: printed_label must be the label cut short")


def _check_06(table: SampleTable) -> None:
    for group, key in ((1, "personnel_total"), (3, "public_total")):
        rows = [r for r in table.rows if r.group == group]
        if not rows or rows[-1].row_key != key:
            raise ValueError(f"table 06: group {group} must end with its {key} row")
    if any(r.row_key for r in table.rows if r.group == 2):
        raise ValueError("table 06: the middle group has no total row")


def _check_two_sided(code: TableCode, table: SampleTable) -> None:
    for side in ("income", "expense"):
        nos = [r.line_no for r in table.rows if r.side == side]
        if not nos or nos != list(range(nos[0], nos[0] + len(nos))):
            raise ValueError(f"table {code}: {side} lines must be present and numbered consecutively")


def load_report(path: Path) -> SampleReport:
    """Read and validate one sample YAML (unknown keys, float amounts and bad keys are rejected)."""
    # libyaml's loader when present: the pure-Python one is most of the time render_all takes.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with Path(path).open(encoding="utf-8") as fh:
        return SampleReport.model_validate(yaml.load(fh, Loader=loader))


# --------------------------------------------------------------------------------------------
# Ground truth
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TruthAmount:
    """One printed amount and where it belongs (the fields mirror ingest.records.Amount)."""

    table_code: str
    page: int  # 1-based page where it is printed
    row_label: str  # as printed: wrapped parts joined, spaces removed ("" for the 09 row)
    subject_code: str | None  # the true 功能/经济 code
    printed_code: str | None  # the code as printed (split cells concatenated); None when no code printed
    row_key: str | None
    column_key: str
    amount: Decimal
    amount_text: str  # the characters printed, e.g. "32,979.59"
    line_no: int | None  # 行次 (01/04), else None
    # Bounding box of the printed text in pdfplumber's frame (points, top-left origin).
    x0: float
    x1: float
    top: float
    bottom: float

    def to_json(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["amount"] = str(self.amount)
        return data


# --------------------------------------------------------------------------------------------
# Page model: drawing operations kept as data, emitted to reportlab at the end
# --------------------------------------------------------------------------------------------

FONT = "STSong-Light"
BODY_SIZE = 7.5  # table text
LINE_H = 9.0  # distance between wrapped lines in a cell
CELL_PAD = 1.75  # vertical padding above and below the text of a cell
CELL_INSET = 3.0  # horizontal distance between a cell's text and its rules
MARGIN_X = 36.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 46.0
PORTRAIT = (A4[0], A4[1])
LANDSCAPE = (A4[1], A4[0])

_font_registered = False


def _register_font() -> None:
    # reportlab's built-in CID font needs no font file, and pdfplumber maps it back to Unicode.
    global _font_registered
    if not _font_registered:
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        _font_registered = True


def _width(text: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, FONT, size)


def _descent() -> float:
    # pdfminer gives a CID glyph the box [baseline - (1 + descent) * size, baseline - descent * size]
    # (descent is negative), so truth boxes computed with it match pdfplumber's words exactly.
    return pdfmetrics.getFont(FONT).face.descent / 1000.0


@dataclass(frozen=True)
class _Text:
    x: float  # left edge, right edge or centre, according to align
    baseline: float  # from the top of the page
    text: str
    size: float
    align: Literal["left", "right", "center"] = "left"


@dataclass(frozen=True)
class _Line:
    x0: float
    y0: float
    x1: float
    y1: float


@dataclass
class _Page:
    width: float
    height: float
    rotated: bool = False  # stored portrait with /Rotate 90, drawn as displayed landscape
    ops: list[_Text | _Line] = field(default_factory=list)
    truths: list[TruthAmount] = field(default_factory=list)
    _drawn: set[tuple[float, float, float, float]] = field(default_factory=set)

    def text(self, x: float, baseline: float, text: str, size: float, align: str = "left") -> None:
        self.ops.append(_Text(x, baseline, text, size, align))  # type: ignore[arg-type]

    def line(self, x0: float, y0: float, x1: float, y1: float) -> None:
        # Neighbouring cells share their rules: draw each segment once (keeps pages light to parse).
        key = (round(x0, 3), round(y0, 3), round(x1, 3), round(y1, 3))
        if key not in self._drawn:
            self._drawn.add(key)
            self.ops.append(_Line(x0, y0, x1, y1))


def _wrap(text: str, width: float, size: float) -> list[str]:
    """Break text into lines no wider than width (CJK text breaks between any two characters)."""
    lines: list[str] = []
    current = ""
    for ch in text:
        if current and _width(current + ch, size) > width:
            lines.append(current)
            current = ch
        else:
            current += ch
    return [*lines, current] if current or not lines else lines


# --------------------------------------------------------------------------------------------
# Table grids: one builder per table shape, one drawing routine for all
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _HeaderCell:
    row: int
    col: int
    text: str
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class _RowId:
    """What a printed row is, for the truth of the amounts it carries."""

    row_label: str
    subject_code: str | None
    printed_code: str | None
    row_key: str | None
    line_no: int | None


@dataclass(frozen=True)
class _Cell:
    col: int
    lines: tuple[str, ...] = ()
    span: int = 1
    align: Literal["left", "right", "center"] = "left"
    amount: tuple[_RowId, str, Decimal] | None = None  # (row, column_key, value) for amount cells
    shrink: bool = False  # shrink the font to fit one line instead of wrapping (01/04 labels)


@dataclass
class _Grid:
    code: TableCode
    weights: list[float]  # relative column widths
    header: list[_HeaderCell]
    body: list[list[_Cell]]


def _amount_text(value: Decimal, layout: Layout) -> str:
    return f"{value:,.2f}" if layout.thousands_separator else f"{value:.2f}"


def _amount_cells(row: SampleRow, row_id: _RowId, keys: Sequence[str], first_col: int, layout: Layout) -> list[_Cell]:
    cells = []
    for i, key in enumerate(keys):
        if key in row.amounts:
            value = row.amounts[key]
            cells.append(
                _Cell(first_col + i, (_amount_text(value, layout),), align="right", amount=(row_id, key, value))
            )
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


def _two_sided_grid(code: TableCode, table: SampleTable, layout: Layout) -> _Grid:
    """01 and 04: income items on the left, spending 类 on the right, on the same printed lines."""
    if code == "01":
        header = [
            _HeaderCell(0, 0, "收入", colspan=3),
            _HeaderCell(0, 3, "支出", colspan=3),
            *(_HeaderCell(1, c, t) for c, t in enumerate(["项目", "行", "金额", "项目", "行", "金额"])),
            *(_HeaderCell(2, c, t) for c, t in enumerate(["栏次", "", "1", "栏次", "", "2"])),
        ]
        weights = [3.3, 0.55, 1.35, 3.3, 0.55, 1.35]
    else:
        header = [
            _HeaderCell(0, 0, "收 入", colspan=3),
            _HeaderCell(0, 3, "支 出", colspan=6),
            *(_HeaderCell(1, c, t, rowspan=2) for c, t in enumerate(["项目", "行次", "决算数", "项目", "行次"])),
            _HeaderCell(1, 5, "决算数", colspan=4),
            *(_HeaderCell(2, 5 + i, t) for i, t in enumerate(_04_EXPENSE_HEADERS)),
            *(_HeaderCell(3, c, t) for c, t in enumerate(["栏次", "", "1", "栏次", "", "2", "3", "4", "5"])),
        ]
        weights = [2.7, 0.5, 1.15, 2.7, 0.5, 1.15, 1.15, 1.15, 1.15]
    income = [r for r in table.rows if r.side == "income"]
    expense = [r for r in table.rows if r.side == "expense"]
    body: list[list[_Cell]] = []
    for inc, exp in zip_longest(income, expense):
        cells: list[_Cell] = []
        for row, first in ((inc, 0), (exp, 3)):
            if row is None:
                continue
            row_id = _RowId(row.shown_label, row.subject_code, None, row.row_key, row.line_no)
            keys = SIDE_COLUMNS[code][row.side or ""]
            cells += [
                _Cell(first, (row.shown_label,), shrink=True),
                _Cell(first + 1, (str(row.line_no),), align="center"),
                *_amount_cells(row, row_id, keys, first + 2, layout),
            ]
        body.append(cells)
    return _Grid(code, weights, header, body)


# Amount column headers of the function-subject tables: a plain header spans both header rows;
# a (group, parts) header puts the group over its parts.
_FUNCTION_HEADERS: dict[TableCode, list[str | tuple[str, list[str]]]] = {
    "02": ["本年收入合计", "财政拨款收入", "上级补助收入", "事业收入", "经营收入", "附属单位上缴收入", "其他收入"],
    "03": ["本年支出合计", "基本支出", "项目支出", "上缴上级支出", "经营支出", "对附属单位补助支出"],
    "05": [("本年支出", ["小计", "基本支出", "项目支出"])],
    "07": ["年初结转和结余", "本年收入", ("本年支出", ["小计", "基本支出", "项目支出"]), "年末结转和结余"],
    "08": [("本年支出", ["合计", "基本支出", "项目支出"])],
}


def _function_grid(code: TableCode, table: SampleTable, layout: Layout) -> _Grid:
    """02, 03, 05, 07, 08: 类 | 款 | 项 | 科目名称 | amounts."""
    header = [
        _HeaderCell(0, 0, "项目", colspan=4),
        _HeaderCell(1, 0, "功能分类科目编码", colspan=3),
        _HeaderCell(1, 3, "科目名称"),
        *(_HeaderCell(2, c, t) for c, t in enumerate(["类", "款", "项", "栏次"])),
    ]
    col = 4
    for item in _FUNCTION_HEADERS[code]:
        if isinstance(item, str):
            header.append(_HeaderCell(0, col, item, rowspan=2))
            col += 1
        else:
            group, parts = item
            header.append(_HeaderCell(0, col, group, colspan=len(parts)))
            header += [_HeaderCell(1, col + i, part) for i, part in enumerate(parts)]
            col += len(parts)
    keys = COLUMNS[code]
    header += [_HeaderCell(2, 4 + i, str(i + 1)) for i in range(len(keys))]
    body: list[list[_Cell]] = []
    for row in table.rows:
        printed = _printed_code(row, code, layout)
        row_id = _RowId(row.shown_label.replace(" ", ""), row.subject_code, printed, row.row_key, None)
        cells: list[_Cell] = []
        if printed and layout.code_style == "split":
            # 类 cell: 3-digit class; 款 cell: the 2 款 digits; 项 cell: the 2 项 digits.
            parts = [printed[:3], printed[3:5], printed[5:7]]
            cells += [_Cell(i, (p,), align="center") for i, p in enumerate(parts) if p]
        elif printed:
            cells.append(_Cell(0, (printed,), span=3))
        if row.row_key == "total":
            cells.append(_Cell(3, (row.shown_label,), align="center"))
        else:
            cells.append(_Cell(3, _label_lines(row.shown_label, code, layout)))
        cells += _amount_cells(row, row_id, keys, 4, layout)
        body.append(cells)
    weights = [0.6, 0.42, 0.42, 3.4, *([1.0] * len(keys))]
    return _Grid(code, weights, header, body)


def _economic_grid(table: SampleTable, layout: Layout) -> _Grid:
    """06: three column groups (code, name, amount) side by side, then the two 合计 cells."""
    code_header = layout.economic_code_header
    header = [_HeaderCell(0, 0, "人员经费", colspan=3), _HeaderCell(0, 3, "公用经费", colspan=6)]
    for g in range(3):
        header += [_HeaderCell(1, 3 * g, code_header), _HeaderCell(1, 3 * g + 1, "科目名称")]
        header.append(_HeaderCell(1, 3 * g + 2, "决算数"))
    groups = [[r for r in table.rows if r.group == g and not r.row_key] for g in (1, 2, 3)]
    body: list[list[_Cell]] = []
    for line in zip_longest(*groups):
        cells: list[_Cell] = []
        for g, row in enumerate(line):
            if row is None:
                continue
            printed = _printed_code(row, "06", layout)
            row_id = _RowId(row.shown_label, row.subject_code, printed, None, None)
            cells += [
                _Cell(3 * g, (printed or "",)),
                _Cell(3 * g + 1, _label_lines(row.shown_label, "06", layout)),
                *_amount_cells(row, row_id, ("amount",), 3 * g + 2, layout),
            ]
        body.append(cells)
    personnel = next(r for r in table.rows if r.row_key == "personnel_total")
    public = next(r for r in table.rows if r.row_key == "public_total")
    body.append(
        [
            # 人员经费合计 spans the left group's code and name; 公用经费合计 spans everything from
            # the middle group's code to the right group's name, its amount in the last column.
            _Cell(0, (personnel.shown_label,), span=2, align="center"),
            *_amount_cells(
                personnel, _RowId(personnel.shown_label, None, None, personnel.row_key, None), ("amount",), 2, layout
            ),
            _Cell(3, (public.shown_label,), span=5, align="center"),
            *_amount_cells(
                public, _RowId(public.shown_label, None, None, public.row_key, None), ("amount",), 8, layout
            ),
        ]
    )
    return _Grid("06", [0.85, 2.75, 0.95] * 3, header, body)


def _three_public_grid(table: SampleTable, layout: Layout) -> _Grid:
    """09: 预算数 | 决算数, each 合计, 出国, 公务用车 {小计, 购置, 运行维护}, 接待; one data row."""
    header: list[_HeaderCell] = [_HeaderCell(0, 0, "预算数", colspan=6), _HeaderCell(0, 6, "决算数", colspan=6)]
    for base in (0, 6):
        header += [
            _HeaderCell(1, base, "合计", rowspan=2),
            _HeaderCell(1, base + 1, "因公出国（境）费", rowspan=2),
            _HeaderCell(1, base + 2, "公务用车购置及运行维护费", colspan=3),
            _HeaderCell(1, base + 5, "公务接待费", rowspan=2),
            _HeaderCell(2, base + 2, "小计"),
            _HeaderCell(2, base + 3, "公务用车购置费"),
            _HeaderCell(2, base + 4, "公务用车运行维护费"),
        ]
    header += [_HeaderCell(3, c, str(c + 1)) for c in range(12)]
    body = [
        _amount_cells(row, _RowId("", None, None, row.row_key, None), COLUMNS["09"], 0, layout) for row in table.rows
    ]
    return _Grid("09", [1.0] * 12, header, body)


def _build_grid(code: TableCode, table: SampleTable, layout: Layout) -> _Grid:
    if code in ("01", "04"):
        return _two_sided_grid(code, table, layout)
    if code == "06":
        return _economic_grid(table, layout)
    if code == "09":
        return _three_public_grid(table, layout)
    return _function_grid(code, table, layout)


def _cell_lines(cell: _Cell, width: float) -> tuple[tuple[str, ...], float]:
    """The lines a cell prints and their font size (wrapped, or shrunk for 01/04 labels)."""
    inner = width - 2 * CELL_INSET
    if cell.amount is not None:
        if _width(cell.lines[0], BODY_SIZE) > inner:
            raise ValueError(f"amount {cell.lines[0]} does not fit its column ({inner:.1f} pt)")
        return cell.lines, BODY_SIZE
    if cell.shrink:
        text = cell.lines[0]
        size = BODY_SIZE
        while size > 5.0 and _width(text, size) > inner:
            size -= 0.25
        return cell.lines, size
    out: list[str] = []
    for line in cell.lines:
        out += _wrap(line, inner, BODY_SIZE)
    return tuple(out), BODY_SIZE


def _draw_lines_in_box(
    page: _Page, lines: Sequence[str], size: float, x0: float, x1: float, top: float, height: float, align: str
) -> list[float]:
    """Draw lines vertically centred in a box; return their baselines."""
    block = len(lines) * LINE_H
    baselines = []
    for i, text in enumerate(lines):
        # Centre each glyph box (baseline - (1 + descent) * size .. baseline - descent * size).
        centre = top + (height - block) / 2 + (i + 0.5) * LINE_H
        baseline = centre + (0.5 + _descent()) * size
        x = {"left": x0 + CELL_INSET, "right": x1 - CELL_INSET, "center": (x0 + x1) / 2}[align]
        page.text(x, baseline, text, size, align)
        baselines.append(baseline)
    return baselines


def _box(page: _Page, x0: float, x1: float, top: float, bottom: float) -> None:
    # Every cell is ruled on all four sides, as in the publishers' Excel exports.
    page.line(x0, top, x1, top)
    page.line(x0, bottom, x1, bottom)
    page.line(x0, top, x0, bottom)
    page.line(x1, top, x1, bottom)


class _TableDrawer:
    """Lays one grid out over as many pages as it needs, drawing header, rows and notes."""

    def __init__(self, grid: _Grid, page_w: float) -> None:
        self.grid = grid
        total = sum(grid.weights)
        usable = page_w - 2 * MARGIN_X
        self.xs = [MARGIN_X]
        for w in grid.weights:
            self.xs.append(self.xs[-1] + usable * w / total)
        self.n_cols = len(grid.weights)
        self.header_rows = 1 + max(c.row + c.rowspan - 1 for c in grid.header)
        self.header_heights = self._header_heights()
        self.header_height = sum(self.header_heights)

    def _span_width(self, col: int, span: int) -> float:
        return self.xs[col + span] - self.xs[col]

    def _header_heights(self) -> list[float]:
        heights = [LINE_H + 2 * CELL_PAD] * self.header_rows
        for cell in sorted(self.grid.header, key=lambda c: c.rowspan):
            lines = _wrap(cell.text, self._span_width(cell.col, cell.colspan) - 2 * CELL_INSET, BODY_SIZE)
            need = len(lines) * LINE_H + 2 * CELL_PAD
            rows = range(cell.row, cell.row + cell.rowspan)
            have = sum(heights[r] for r in rows)
            if need > have:
                heights[rows[-1]] += need - have
        return heights

    def row_height(self, cells: Sequence[_Cell]) -> float:
        n = max((len(_cell_lines(c, self._span_width(c.col, c.span))[0]) for c in cells), default=1)
        return max(n, 1) * LINE_H + 2 * CELL_PAD

    def draw_header(self, page: _Page, top: float) -> float:
        tops = [top]
        for h in self.header_heights:
            tops.append(tops[-1] + h)
        for cell in self.grid.header:
            x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.colspan]
            y0, y1 = tops[cell.row], tops[cell.row + cell.rowspan]
            _box(page, x0, x1, y0, y1)
            lines = _wrap(cell.text, x1 - x0 - 2 * CELL_INSET, BODY_SIZE) if cell.text else []
            _draw_lines_in_box(page, lines, BODY_SIZE, x0, x1, y0, y1 - y0, "center")
        return tops[-1]

    def draw_row(self, page: _Page, cells: Sequence[_Cell], top: float) -> float:
        height = self.row_height(cells)
        covered: set[int] = set()
        for cell in cells:
            covered.update(range(cell.col, cell.col + cell.span))
        # Columns no cell covers are still ruled: a blank cell is part of the grid.
        blanks = [_Cell(c) for c in range(self.n_cols) if c not in covered]
        for cell in [*cells, *blanks]:
            x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.span]
            _box(page, x0, x1, top, top + height)
            lines, size = _cell_lines(cell, x1 - x0)
            baselines = _draw_lines_in_box(page, lines, size, x0, x1, top, height, cell.align)
            if cell.amount is not None:
                row_id, key, value = cell.amount
                text = lines[0]
                page.truths.append(
                    TruthAmount(
                        table_code=self.grid.code,
                        page=0,  # set when the pages are numbered
                        row_label=row_id.row_label.replace(" ", ""),
                        subject_code=row_id.subject_code,
                        printed_code=row_id.printed_code,
                        row_key=row_id.row_key,
                        column_key=key,
                        amount=value,
                        amount_text=text,
                        line_no=row_id.line_no,
                        x0=round(x1 - CELL_INSET - _width(text, size), 3),
                        x1=round(x1 - CELL_INSET, 3),
                        top=round(baselines[0] - (1 + _descent()) * size, 3),
                        bottom=round(baselines[0] - _descent() * size, 3),
                    )
                )
        return top + height


TITLE_BLOCK_H = 58.0
NOTE_SIZE = 8.0
NOTE_LINE_H = 11.0


class _DocumentBuilder:
    def __init__(self, report: SampleReport) -> None:
        self.report = report
        self.layout = report.layout
        self.pages: list[_Page] = []
        self.table_first_page: dict[TableCode, int] = {}

    # -- pages ----------------------------------------------------------------------------
    def new_text_page(self) -> _Page:
        page = _Page(*PORTRAIT)
        self.pages.append(page)
        return page

    def new_table_page(self) -> _Page:
        if self.layout.orientation == "portrait":
            page = _Page(*PORTRAIT)
        else:
            page = _Page(*LANDSCAPE, rotated=self.layout.rotate_table_pages)
        self.pages.append(page)
        return page

    @property
    def year(self) -> int:
        return self.report.report.fiscal_year

    # -- tables ---------------------------------------------------------------------------
    def notes_height(self, code: TableCode, width: float) -> float:
        lines = self._note_lines(code, width)
        return 6 + len(lines) * NOTE_LINE_H

    def _note_lines(self, code: TableCode, width: float) -> list[str]:
        texts = list(NOTES[code])
        if note := self.report.tables[code].empty_note:
            texts.append(note)
        lines: list[str] = []
        for t in texts:
            lines += _wrap(t, width, NOTE_SIZE)
        return lines

    def place_tables(self) -> None:
        shares_with_previous = {g[i] for g in self.layout.tables_sharing_a_page for i in range(1, len(g))}
        page: _Page | None = None
        y = 0.0
        for code in TABLE_CODES:
            if code in self.layout.omit_tables:
                continue
            if code not in shares_with_previous:
                page = None
            page, y = self.place_table(code, page, y)

    def place_table(self, code: TableCode, page: _Page | None, y: float) -> tuple[_Page, float]:
        table = self.report.tables[code]
        grid = _build_grid(code, table, self.layout)
        width = LANDSCAPE[0] if self.layout.orientation == "landscape" else PORTRAIT[0]
        drawer = _TableDrawer(grid, width)
        usable_w = width - 2 * MARGIN_X
        first_row_h = drawer.row_height(grid.body[0]) if grid.body else 0.0
        if page is not None:
            y += 18  # gap below the previous table
            need = TITLE_BLOCK_H + drawer.header_height + first_row_h
            if y + need > page.height - MARGIN_BOTTOM:
                page = None
        if page is None:
            page = self.new_table_page()
            y = MARGIN_TOP
        self.table_first_page[code] = len(self.pages)
        y = self._title_block(page, code, y)
        y = drawer.draw_header(page, y)
        limit = self.layout.max_rows_per_page
        if self.layout.split_tables is not None and code not in self.layout.split_tables:
            limit = None
        on_page = 0
        for cells in grid.body:
            bottom = page.height - MARGIN_BOTTOM
            if (limit is not None and on_page >= limit) or y + drawer.row_height(cells) > bottom:
                # Continuation pages carry no title; the header only if the layout repeats it.
                page = self.new_table_page()
                y = MARGIN_TOP
                if self.layout.repeat_header:
                    y = drawer.draw_header(page, y)
                on_page = 0
            y = drawer.draw_row(page, cells, y)
            on_page += 1
        if y + self.notes_height(code, usable_w) > page.height - MARGIN_BOTTOM:
            page = self.new_table_page()
            y = MARGIN_TOP
        y += 6
        for line in self._note_lines(code, usable_w):
            y += NOTE_LINE_H
            page.text(MARGIN_X, y, line, NOTE_SIZE)
        return page, y

    def _title_block(self, page: _Page, code: TableCode, y: float) -> float:
        right = page.width - MARGIN_X
        page.text(page.width / 2, y + 16, f"{self.year} 年度{TITLES[code]}", 14, "center")
        page.text(right, y + 34, f"公开{code}表", 9, "right")
        page.text(MARGIN_X, y + 50, f"单位：{self.report.report.unit_name}", 9)
        page.text(right, y + 50, "单位：万元", 9, "right")
        return y + TITLE_BLOCK_H

    # -- text pages -----------------------------------------------------------------------
    def paragraph(self, page: _Page, y: float, text: str, size: float = 10.5, indent: bool = True) -> float:
        width = page.width - 2 * MARGIN_X
        lead = 2 * size if indent else 0.0
        first = _wrap(text, width - lead, size)[0] if text else ""
        lines = [first, *(_wrap(text[len(first) :], width, size) if text[len(first) :] else [])]
        for i, line in enumerate(lines):
            y += size * 1.8
            page.text(MARGIN_X + (lead if i == 0 else 0), y, line, size)
        return y

    def cover(self, page: _Page) -> None:
        info = self.report.report
        y = 260.0
        for line in _wrap(f"{self.year} 年度{info.unit_name}", page.width - 2 * MARGIN_X, 22):
            page.text(page.width / 2, y, line, 22, "center")
            y += 34
        page.text(page.width / 2, y, "部门决算公开", 22, "center")
        if info.publish_date:
            d = info.publish_date
            page.text(page.width / 2, 620, f"{d.year} 年 {d.month} 月 {d.day} 日", 14, "center")

    def toc(self, page: _Page, narrative_page: int) -> None:
        unit = self.report.report.unit_name
        page.text(page.width / 2, MARGIN_TOP + 30, "目 录", 16, "center")
        entries: list[tuple[str, int | None, bool]] = [
            (f"第一部分 {unit}概况", 3, False),
            ("一、部门主要职责", None, True),
            ("二、机构设置情况", None, True),
            (f"第二部分 {unit} {self.year} 年度部门决算表", 4, False),
        ]
        numerals = "一二三四五六七八九"
        # An omitted table stays in the 目录 (without page): the report names what it lacks.
        entries += [
            (f"{numerals[i]}、{TITLES[c]}", self.table_first_page.get(c), True) for i, c in enumerate(TABLE_CODES)
        ]
        entries.append((f"第三部分 {unit} {self.year} 年度部门决算情况说明", narrative_page, False))
        entries.append(("一、收入支出决算总体情况说明", narrative_page, True))
        y = MARGIN_TOP + 60
        for text, number, sub in entries:
            x = MARGIN_X + (21 if sub else 0)
            page.text(x, y, text, 10.5)
            if number is not None:
                page.text(page.width - MARGIN_X, y, str(number), 10.5, "right")
                dots_x0 = x + _width(text, 10.5) + 4
                dots_x1 = page.width - MARGIN_X - 14
                n_dots = max(0, int((dots_x1 - dots_x0) / _width(".", 10.5)))
                page.text(dots_x0, y, "." * n_dots, 10.5)
            y += 20

    def overview(self, page: _Page) -> None:
        info = self.report.report
        page.text(page.width / 2, MARGIN_TOP + 30, f"第一部分 {info.unit_name}概况", 16, "center")
        y = self.paragraph(page, MARGIN_TOP + 50, "一、部门主要职责", 12, indent=False)
        y = self.paragraph(page, y, info.duties)
        y = self.paragraph(page, y + 6, "二、机构设置情况", 12, indent=False)
        self.paragraph(page, y, info.organization or f"部门决算单位为{info.unit_name}。")

    def part_two(self, page: _Page) -> None:
        unit = self.report.report.unit_name
        page.text(page.width / 2, 300, f"第二部分 {unit}", 18, "center")
        page.text(page.width / 2, 340, f"{self.year} 年度部门决算表", 18, "center")

    def narrative(self, page: _Page) -> None:
        info = self.report.report
        page.text(page.width / 2, MARGIN_TOP + 30, f"第三部分 {info.unit_name}", 16, "center")
        page.text(page.width / 2, MARGIN_TOP + 54, f"{self.year} 年度部门决算情况说明", 16, "center")
        y = self.paragraph(page, MARGIN_TOP + 70, "一、收入支出决算总体情况说明", 12, indent=False)
        # The narrative prints the total without thousands separators, whatever the tables do.
        y = self.paragraph(page, y, f"{self.year} 年度收、支总计均为 {info.narrative_total:.2f} 万元。")
        for text in info.narrative:
            y = self.paragraph(page, y, text)

    def build(self) -> list[_Page]:
        cover, toc, overview, part_two = (self.new_text_page() for _ in range(4))
        self.place_tables()
        narrative = self.new_text_page()
        self.cover(cover)
        self.toc(toc, len(self.pages))
        self.overview(overview)
        self.part_two(part_two)
        self.narrative(narrative)
        for number, page in enumerate(self.pages, start=1):
            if number > 1:  # page numbers, as printed in the reports' footers
                page.text(page.width / 2, page.height - 24, f"- {number} -", 9, "center")
            page.truths = [dataclasses.replace(t, page=number) for t in page.truths]
        return self.pages


# --------------------------------------------------------------------------------------------
# Emission
# --------------------------------------------------------------------------------------------


def _emit(pages: Sequence[_Page], out_pdf: Path, title: str) -> None:
    _register_font()
    canvas = Canvas(str(out_pdf), pagesize=PORTRAIT, invariant=1, pageCompression=1)
    canvas.setTitle(title)
    for page in pages:
        # reportlab writes a /Rotate 90 page's MediaBox swapped: giving it the displayed
        # (landscape) size stores a portrait MediaBox, which is what a rotated scan looks like.
        canvas.setPageSize((page.width, page.height))
        canvas.setPageRotation(90 if page.rotated else 0)
        canvas.saveState()
        if page.rotated:
            # Map displayed coordinates (u, v) onto the portrait MediaBox: x = H_media_w - v, y = u.
            canvas.transform(0, 1, -1, 0, page.height, 0)
        canvas.setLineWidth(0.5)
        for op in page.ops:
            if isinstance(op, _Line):
                canvas.line(op.x0, page.height - op.y0, op.x1, page.height - op.y1)
                continue
            canvas.setFont(FONT, op.size)
            y = page.height - op.baseline
            if op.align == "right":
                canvas.drawRightString(op.x, y, op.text)
            elif op.align == "center":
                canvas.drawCentredString(op.x, y, op.text)
            else:
                canvas.drawString(op.x, y, op.text)
        canvas.restoreState()
        canvas.showPage()
    canvas.save()


def render_report(report: SampleReport, out_pdf: Path) -> list[TruthAmount]:
    """Write the report's PDF and return one TruthAmount per printed amount, in drawing order."""
    _register_font()
    pages = _DocumentBuilder(report).build()
    info = report.report
    _emit(pages, Path(out_pdf), f"{info.fiscal_year} 年度{info.unit_name}部门决算公开")
    return [t for page in pages for t in page.truths]


def sample_paths() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def render_all(out_dir: Path) -> dict[Path, list[TruthAmount]]:
    """Render every samples/data/*.yaml to OUT_DIR/<stem>.pdf plus <stem>.truth.json."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    result: dict[Path, list[TruthAmount]] = {}
    for path in sample_paths():
        pdf = out_dir / f"{path.stem}.pdf"
        truths = render_report(load_report(path), pdf)
        (out_dir / f"{path.stem}.truth.json").write_text(
            json.dumps([t.to_json() for t in truths], ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        result[pdf] = truths
    return result


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m samples.render", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    args = parser.parse_args(list(argv) if argv is not None else None)
    start = time.perf_counter()
    rendered = render_all(args.out_dir)
    for pdf, truths in rendered.items():
        print(f"{pdf}  {len(truths)} amounts")
    print(f"{len(rendered)} reports in {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
