"""The data model of a sample 部门决算 report, its validation, and the ground truth it yields.

A report is the nine standard tables (公开01–09) as the publisher printed them (``SampleReport``)
plus how it is printed (``Layout``). ``samples/data/*.yaml`` hold hand-transcribed reports;
``samples/generator`` builds random ones from a seed. ``TruthAmount`` is one printed amount and
where it belongs: what the parser's output is compared with.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

from ingest.profile import load_profile

DATA_DIR = Path(__file__).resolve().parent / "data"

TableCode = Literal[
    "01", "02", "03", "04", "05", "06", "07", "08", "09",
    "B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09",
]  # fmt: skip
TABLE_CODES: tuple[TableCode, ...] = ("01", "02", "03", "04", "05", "06", "07", "08", "09")
# The 部门预算 tables by meaning (ingest/profiles/budget.yaml); samples/budget.py holds their shapes.
BUDGET_CODES: tuple[TableCode, ...] = ("B01", "B02", "B03", "B04", "B05", "B06", "B07", "B08", "B09")
# Tables whose rows are 功能分类科目 (类/款/项 codes in the first three columns).
FUNCTION_TABLES: tuple[TableCode, ...] = ("02", "03", "05", "07", "08")
BUDGET_FUNCTION_TABLES: tuple[TableCode, ...] = ("B02", "B03", "B05", "B07", "B08")

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
# The same for the budget tables (ingest/profiles/budget.yaml): B01/B04 have two sides.
_BUDGET_PROFILE = load_profile("budget")
BUDGET_TWO_SIDED: tuple[TableCode, ...] = ("B01", "B04")
for _code, _t in _BUDGET_PROFILE.tables.items():
    if _code in BUDGET_TWO_SIDED:
        SIDE_COLUMNS[_code] = {p.name: tuple(p.columns) for p in _t.panels}  # type: ignore[index]
        ROW_KEYS[_code] = {p.name: frozenset(a.key for a in p.rows) for p in _t.panels}  # type: ignore[index]
    else:
        COLUMNS[_code] = _t.column_keys  # type: ignore[index]
        ROW_KEYS[_code] = {None: frozenset(_t.row_keys)}  # type: ignore[index]

# Two decimals (万元, or 元 printed with 分); a whole number only for whole-元 tables (上海 预算).
_AMOUNT_RE = re.compile(r"-?\d+(\.\d{2})?")


# --------------------------------------------------------------------------------------------
# The data model of a sample report (the YAML files)
# --------------------------------------------------------------------------------------------


def _amount_from_yaml(value: Any) -> Decimal:
    # YAML would read an unquoted 716.87 as a float and lose exactness: only strings are money.
    if not isinstance(value, str) or not _AMOUNT_RE.fullmatch(value):
        raise ValueError(f"amount must be a quoted string (two decimals or whole 元), no separators, got {value!r}")
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
    unit: Literal["万元", "元"] = "万元"  # the money unit its 单位： line prints (上海 预算: 元)


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
    """How the report is printed. The defaults are a plain portrait report (the bundled samples'
    look); the generator (samples/generator) draws every field from a seed."""

    # Pages holding tables; cover, 目录, 概况 and narrative pages are always portrait.
    orientation: Literal["portrait", "landscape"] = "portrait"
    # Per-table exceptions to `orientation`: a report mixing portrait and landscape table pages.
    table_orientation: dict[TableCode, Literal["portrait", "landscape"]] = Field(default_factory=dict)
    # Store landscape table pages as portrait pages carrying /Rotate 90 (as scanners/printers do).
    rotate_table_pages: bool = False
    thousands_separator: bool = True
    # Amounts printed without trailing zeros (0, 33.2, 7 for 0.00, 33.20, 7.00: 西安 2020).
    trim_decimals: bool = False
    # Table titles and labels drawn this many times a fraction of a point apart (fake bold, 西安
    # 2022): the text layer then repeats each character (`表表表表表表111111`).
    title_strokes: int = Field(default=1, ge=1, le=8)
    # Body rows drawn 1.5 lines taller, names and codes at the top of their cells, amounts centred
    # (福州 2026 B06's 合计 row: the label 7 pt above its amount, more than a baseline offset).
    tall_rows: bool = False
    # full: one code cell spanning 类/款/项; split: 类 | 款 | 项 cells; truncated: 7-digit codes
    # printed one digit short in `truncate_tables` (the text-layer cut seen in qingshan 03);
    # wrapped: one narrow code cell where a 7-digit code breaks after 6 digits (208050 / 6);
    # clipped: one narrow code cell drawing the whole code under a clipping path, so the text layer
    # holds all 7 digits, the last one reaching over the cell's right rule.
    code_style: Literal["full", "split", "truncated", "wrapped", "clipped"] = "full"
    truncate_tables: list[TableCode] = Field(default_factory=list)
    # Forces continuation pages: at most this many data rows per page in `split_tables`.
    max_rows_per_page: int | None = Field(default=None, ge=1)
    split_tables: list[TableCode] | None = None  # None: every table
    repeat_header: bool = True  # repeat the column header on continuation pages
    # Continuation pages of a table drawn this many points right (negative: left) of where the
    # table's first page draws it, rules and text alike (a print driver placing sheets apart).
    continuation_shift: float = Field(default=0.0, ge=-8.0, le=8.0)
    # The last `orphan_rows` data rows of these tables are printed alone on a continuation page.
    orphan_tables: list[TableCode] = Field(default_factory=list)
    orphan_rows: int = Field(default=2, ge=1)
    # Each group is printed one after the other on the same page (if it fits).
    tables_sharing_a_page: list[list[TableCode]] = Field(default_factory=list)
    # Names longer than this are wrapped after this many characters within their cell.
    wrap_labels_longer_than: int | None = Field(default=None, ge=2)
    wrap_tables: list[TableCode] = Field(default_factory=lambda: ["02", "03", "05", "06", "07", "08"])
    economic_code_header: str = "经济分类科目编码"  # qingshan prints 经济分类科目
    # Tables the publisher left out of the printed report though its 目录 lists them.
    omit_tables: list[TableCode] = Field(default_factory=list)
    # cid: reportlab's non-embedded STSong-Light; ttf: an embedded TrueType subset (WenQuanYi Micro
    # Hei from the PyPI package paperang-p2-fonts-cjk).
    font: Literal["cid", "ttf"] = "cid"
    body_size: float = Field(default=7.5, ge=6.5, le=9.0)  # table text, pt
    # merged: header cells merged over rows and columns (项目 / 功能分类科目编码 / 类 款 项);
    # flat: one header line of column names (plus the 栏次 line when `column_numbers`).
    header_style: Literal["merged", "flat"] = "merged"
    column_numbers: bool = True  # the 栏次 line numbering the columns 1 2 3 …
    # 合计 of 02/03/05/07/08 centred in the 科目名称 cell, or in one cell spanning codes and name.
    total_row: Literal["name", "spanning"] = "name"
    # Where 公开NN表 goes: right, between title and unit line; on its own line above the title
    # (left); or nowhere.
    table_label: Literal["above_right", "above_title", "none"] = "above_right"
    unit_label: Literal["单位：", "编制单位：", "编制部门："] = "单位："
    # 单位：万元 right on the unit line, or on its own line under it; label_line: the unit line moves
    # up to the 公开NN表 line (right) and 单位：万元 goes on the line under it (洪山 08).
    money_unit: Literal["unit_line", "own_line", "label_line"] = "unit_line"
    page_numbers: Literal["dash", "plain", "page_of", "none"] = "dash"  # - 5 - · 5 · 第5页共20页
    # The 目录's table entries: `一、收入支出决算总表 …… 5` (dotted leaders to a page number), or
    # numbered full titles one under the other without page numbers (上海 单位预算:
    # `4. 2026年预算单位财政拨款收支预算总表`), which read like a run of table titles.
    toc_style: Literal["dotted", "numbered"] = "dotted"
    name_width: float = Field(default=1.0, ge=0.4, le=3.0)  # scales the 科目名称 column

    @model_validator(mode="after")
    def _coherent(self) -> Layout:
        if self.rotate_table_pages and self.orientation != "landscape":
            raise ValueError("rotate_table_pages needs orientation: landscape")
        if (self.code_style == "truncated") != bool(self.truncate_tables):
            raise ValueError("truncate_tables is set exactly when code_style is truncated")
        if any(t not in FUNCTION_TABLES + BUDGET_FUNCTION_TABLES for t in self.truncate_tables):
            raise ValueError(f"truncate_tables: only function-subject tables {FUNCTION_TABLES}")
        for group in self.tables_sharing_a_page:
            idx = [int(t.lstrip("B")) for t in group]
            if len(group) < 2 or idx != list(range(idx[0], idx[0] + len(group))):
                raise ValueError(f"tables_sharing_a_page: {group} must be consecutive tables")
        return self

    def orientation_of(self, code: TableCode) -> Literal["portrait", "landscape"]:
        return self.table_orientation.get(code, self.orientation)


class SampleReport(_Strict):
    report: ReportInfo
    layout: Layout = Field(default_factory=Layout)
    tables: dict[TableCode, SampleTable]
    # final: a 部门决算 (公开01–09); budget: a 部门预算 (B01–B09) printed as `family` prints it
    # (samples/budget.py: national 总表-style template in 万元, 上海 in whole 元).
    kind: Literal["final", "budget"] = "final"
    family: Literal["national", "shanghai"] | None = None

    @property
    def table_codes(self) -> tuple[TableCode, ...]:
        return BUDGET_CODES if self.kind == "budget" else TABLE_CODES

    @model_validator(mode="after")
    def _check_tables(self) -> SampleReport:
        if sorted(self.tables) != list(self.table_codes):
            raise ValueError(f"all nine tables are required, got {sorted(self.tables)}")
        if (self.kind == "budget") != (self.family is not None):
            raise ValueError("family is set exactly on budget reports")
        for code, table in self.tables.items():
            for row in table.rows:
                if table.unit == "万元" and any(v.as_tuple().exponent != -2 for v in row.amounts.values()):
                    raise ValueError(f"table {code}: amounts in 万元 print two decimals")
                if self.kind == "budget":
                    _check_budget_row(code, row)
                    continue
                _check_row(code, row, self.layout)
            if code == "06":
                _check_06(table)
            if code in ("01", "04"):
                _check_two_sided(code, table)
        return self


def _check_keys(code: TableCode, row: SampleRow, two_sided: bool, where: str) -> None:
    """What every row of every table must satisfy: one identity, known keys, a code's length."""
    if row.subject_code and row.row_key:
        raise ValueError(f"{where}: both subject_code and row_key")
    if row.amounts and not (row.subject_code or row.row_key):
        raise ValueError(f"{where}: a row with amounts needs a subject_code or a row_key")
    allowed_cols = SIDE_COLUMNS[code][row.side or ""] if two_sided else COLUMNS[code]
    if extra := set(row.amounts) - set(allowed_cols):
        raise ValueError(f"{where}: unknown column keys {sorted(extra)}")
    if row.row_key and row.row_key not in ROW_KEYS[code][row.side]:
        raise ValueError(f"{where}: unknown row_key {row.row_key}")
    lengths = {"01": (3,), "04": (3,), "06": (3, 5), "B01": (3,), "B04": (3,), "B06": (3, 5)}.get(code, (3, 5, 7))
    if row.subject_code and len(row.subject_code) not in lengths:
        raise ValueError(f"{where}: subject_code must have {lengths} digits")


def _check_row(code: TableCode, row: SampleRow, layout: Layout) -> None:
    where = f"table {code} row {row.label or row.row_key or row.subject_code!r}"
    two_sided = code in ("01", "04")
    if two_sided != (row.side is not None) or two_sided != (row.line_no is not None):
        raise ValueError(f"{where}: side and line_no are set exactly on 01/04 rows")
    if (code == "06") != (row.group is not None):
        raise ValueError(f"{where}: group is set exactly on 06 rows")
    _check_keys(code, row, two_sided, where)
    if row.printed_code is not None:
        if not row.subject_code or not (
            row.subject_code.startswith(row.printed_code) and len(row.printed_code) < len(row.subject_code)
        ):
            raise ValueError(f"{where}: printed_code must be the subject_code cut short")
        if code in FUNCTION_TABLES and layout.code_style == "split":
            raise ValueError(f"{where}: printed_code cannot be used with code_style split")
    if row.printed_label is not None and not row.label.startswith(row.printed_label):
        raise ValueError(f"{where}: printed_label must be the label cut short")


def _check_budget_row(code: TableCode, row: SampleRow) -> None:
    where = f"table {code} row {row.label or row.row_key or row.subject_code!r}"
    two_sided = code in BUDGET_TWO_SIDED
    if two_sided != (row.side is not None) or row.group is not None:
        raise ValueError(f"{where}: side is set exactly on B01/B04 rows, group never")
    _check_keys(code, row, two_sided, where)


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

