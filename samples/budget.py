"""The 部门预算 tables B01–B09 as two template families print them: titles, notes and grids.

- ``national``: the 财政部 总表-style template (苏州/无锡/福建/中央 print it so), amounts in 万元
  with two decimals: B01 收支预算总表 (income lines | spending by 功能 类, one 预算数 column),
  B02 收入预算总表 by 功能 subject and source, B03 支出预算总表 by 功能 subject and use, B04
  财政拨款收支预算总表 (spending by 类 × fund), B05 一般公共预算支出预算表, B06 一般公共预算基本支出
  预算表 (经济 类/款 × 人员经费 | 公用经费), B07/B08 政府性基金 / 国有资本经营预算支出预算表, B09
  一般公共预算“三公”经费支出预算表.
- ``shanghai``: the 上海 部门预算 / 单位预算 (``2025年部门财务收支预算总表`` …), amounts in whole 元
  with thousands separators (``2,878,025``), except the “三公” table (万元, two decimals): B01's
  spending side splits 合计 into 基本支出 (人员经费 | 公用经费) and 项目支出, B02 lists 财政拨款收入 |
  事业收入 | 事业单位经营收入 | 其他收入, the subject tables put a group header (收入预算, 支出预算,
  一般公共预算支出 …) over their amounts, B09 prints 公务接待费 before the 公务用车 group and adds
  机关运行经费预算数.

The keys are those of ``ingest/profiles/budget.yaml`` (docs/record-contract.md); only how the
headers are printed is written here. Grids are built with samples/grids.py's pieces.
"""

from __future__ import annotations

from itertools import zip_longest

from samples.grids import Cell, Grid, HeaderCell, RowId, SubjectShape, _amount_cells, function_grid
from samples.model import SIDE_COLUMNS, Layout, SampleTable, TableCode
from samples.pages import Style

FAMILIES = ("national", "shanghai")

_TITLES: dict[str, dict[str, str]] = {
    "national": {
        "B01": "收支预算总表",
        "B02": "收入预算总表",
        "B03": "支出预算总表",
        "B04": "财政拨款收支预算总表",
        "B05": "一般公共预算支出预算表",
        "B06": "一般公共预算基本支出预算表",
        "B07": "政府性基金预算支出预算表",
        "B08": "国有资本经营预算支出预算表",
        "B09": "一般公共预算“三公”经费支出预算表",
    },
    "shanghai": {
        "B01": "财务收支预算总表",
        "B02": "收入预算总表",
        "B03": "支出预算总表",
        "B04": "财政拨款收支预算总表",
        "B05": "一般公共预算支出功能分类预算表",
        "B06": "一般公共预算基本支出部门预算经济分类预算表",
        "B07": "政府性基金预算支出功能分类预算表",
        "B08": "国有资本经营预算支出功能分类预算表",
        "B09": "“三公”经费和机关运行经费预算表",
    },
}


def title(family: str, code: TableCode, year: int) -> str:
    """The title as printed above the table (上海: 2025年部门财务收支预算总表)."""
    if family == "shanghai":
        return f"{year}年部门{_TITLES[family][code]}"
    return f"{year} 年度{_TITLES[family][code]}"


def toc_title(family: str, code: TableCode) -> str:
    return _TITLES[family][code]


# Tables a 目录 lists beside B01–B09 that the samples do not print (上海 预算单位: 5. 财政拨款支出预算表,
# 10. 财政拨款项目支出预算表), by the table they follow: a numbered 目录 (Layout.toc_style) lists them.
EXTRA_TOC_TITLES: dict[str, dict[TableCode, str]] = {
    "national": {"B04": "财政拨款支出预算表", "B08": "部门项目支出预算表"},
    "shanghai": {"B04": "财政拨款支出预算表", "B08": "财政拨款项目支出预算表"},
}

# What a numbered 目录 entry says before the title (上海: `4. 2026年预算单位财政拨款收支预算总表`).
TOC_ENTRY_PREFIX = {"national": "", "shanghai": "预算单位"}


def label(code: TableCode) -> str:
    return f"表{int(code[1:])}"


def empty_notes(family: str, code: TableCode, year: int) -> tuple[str, str]:
    """The two sentences an empty B07/B08 prints (one is drawn)."""
    fund = "政府性基金" if code == "B07" else "国有资本经营"
    if family == "shanghai":
        return (
            f"注:本部门{year}年无{fund}预算财政拨款安排的预算，故本表为空表。",
            f"注：本单位{year}年没有使用{fund}预算拨款安排的支出，故本表无数据。",
        )
    return (
        f"注：本部门无{fund}预算，也没有使用{fund}预算拨款安排的支出，故本表无数据。",
        f"（注：{year}年没有使用{fund}预算拨款安排的支出。）",
    )


# --------------------------------------------------------------------------------------------
# Subject tables: B02, B03, B05, B07, B08 (功能 类/款/项) and B06 (经济 类/款)
# --------------------------------------------------------------------------------------------

_USES = ["合计", "基本支出", "项目支出"]
_NATIONAL_B02 = ["合计", "上年结转", "一般公共预算拨款", "政府性基金预算拨款", "国有资本经营预算拨款"]
_NATIONAL_B02 += ["财政专户管理资金", "事业收入", "事业单位经营收入", "其他收入"]
_NATIONAL_B03 = [*_USES, "事业单位经营支出", "上缴上级支出", "对附属单位补助支出"]
_SHANGHAI_B02 = ["合计", "财政拨款收入", "事业收入", "事业单位经营收入", "其他收入"]

B02_KEYS = {
    "national": (
        "total", "carryover_begin", "general_budget", "gov_fund", "state_capital", "fiscal_special", "business",
        "operating", "other",
    ),
    "shanghai": ("total", "fiscal_appropriation", "business", "operating", "other"),
}  # fmt: skip
B03_KEYS = {
    "national": ("total", "basic", "project", "operating", "remit_superior", "subsidy_affiliates"),
    "shanghai": ("total", "basic", "project"),
}
USE_KEYS = ("total", "basic", "project")
B06_KEYS = ("total", "personnel", "public")


def subject_shape(family: str, code: TableCode) -> SubjectShape:
    if family == "national":
        plain = {"B02": _NATIONAL_B02, "B03": _NATIONAL_B03, "B06": ["合计", "人员经费", "公用经费"]}.get(code, _USES)
        keys = {"B02": B02_KEYS["national"], "B03": B03_KEYS["national"], "B06": B06_KEYS}.get(code, USE_KEYS)
        if code == "B06":
            return SubjectShape(keys, list(plain), plain, ("类", "款"), "经济分类科目编码")
        return SubjectShape(keys, list(plain), plain)
    group, plain = {
        "B02": ("收入预算", _SHANGHAI_B02),
        "B03": ("支出预算", _USES),
        "B05": ("一般公共预算支出", _USES),
        "B06": ("一般公共预算基本支出", ["合计", "人员经费", "公用经费"]),
        "B07": ("政府性基金预算支出", _USES),
        "B08": ("国有资本经营预算支出", _USES),
    }[code]
    keys = {"B02": B02_KEYS["shanghai"], "B06": B06_KEYS}.get(code, USE_KEYS)
    if code == "B06":
        return SubjectShape(
            keys, [(group, plain)], plain, ("类", "款"), "经济分类科目编码", "部门经济分类科目名称", "经济分类科目编码"
        )
    return SubjectShape(keys, [(group, plain)], plain, name_header="功能分类科目名称", flat_code_header="科目编码")


# --------------------------------------------------------------------------------------------
# B01 / B04: income lines on the left, spending by 类 on the right, on the same printed lines
# --------------------------------------------------------------------------------------------

B01_EXPENSE_KEYS = {"national": ("amount",), "shanghai": ("amount", "personnel", "public", "project")}
B04_EXPENSE_KEYS = ("total", "general_budget", "gov_fund", "state_capital")
_FUNDS = ["一般公共预算", "政府性基金预算", "国有资本经营预算"]


def _two_sided_header(code: TableCode, family: str, layout: Layout) -> list[HeaderCell]:
    flat = layout.header_style == "flat"
    if code == "B01" and family == "shanghai":
        if flat:
            names = ["项目", "预算数", "项目", "合计", "人员经费", "公用经费", "项目支出"]
            return [HeaderCell(0, c, t) for c, t in enumerate(names)]
        return [
            HeaderCell(0, 0, "本年收入", colspan=2),
            HeaderCell(0, 2, "本年支出", colspan=5),
            *(HeaderCell(1, c, t, rowspan=3) for c, t in enumerate(["项目", "预算数", "项目"])),
            HeaderCell(1, 3, "预算数", colspan=4),
            HeaderCell(2, 3, "合计", rowspan=2),
            HeaderCell(2, 4, "基本支出", colspan=2),
            HeaderCell(2, 6, "项目支出", rowspan=2),
            HeaderCell(3, 4, "人员经费"),
            HeaderCell(3, 5, "公用经费"),
        ]
    if code == "B01":
        names = ["项目", "预算数", "项目", "预算数"]
        if flat:
            return [HeaderCell(0, c, t) for c, t in enumerate(names)]
        return [HeaderCell(0, 0, "收 入", colspan=2), HeaderCell(0, 2, "支 出", colspan=2)] + [
            HeaderCell(1, c, t) for c, t in enumerate(names)
        ]
    total = "合计" if family == "shanghai" else "小计"
    if flat:
        return [HeaderCell(0, c, t) for c, t in enumerate(["项目", "预算数", "项目", "合计", *_FUNDS])]
    sides = ("财政拨款收入", "财政拨款支出") if family == "shanghai" else ("收 入", "支 出")
    header = [HeaderCell(0, 0, sides[0], colspan=2), HeaderCell(0, 2, sides[1], colspan=4)]
    if family == "shanghai":
        return header + [HeaderCell(1, c, t) for c, t in enumerate(["项目", "预算数", "项目", total, *_FUNDS])]
    return [
        *header,
        *(HeaderCell(1, c, t, rowspan=2) for c, t in enumerate(["项目", "预算数", "项目"])),
        HeaderCell(1, 3, "预算数", colspan=4),
        *(HeaderCell(2, 3 + i, t) for i, t in enumerate([total, *_FUNDS])),
    ]


def _two_sided_grid(code: TableCode, table: SampleTable, layout: Layout, family: str) -> Grid:
    income = [r for r in table.rows if r.side == "income"]
    expense = [r for r in table.rows if r.side == "expense"]
    exp_keys = B01_EXPENSE_KEYS[family] if code == "B01" else B04_EXPENSE_KEYS
    body: list[list[Cell]] = []
    for inc, exp in zip_longest(income, expense):
        cells: list[Cell] = []
        for row, first in ((inc, 0), (exp, 2)):
            if row is None:
                continue
            row_id = RowId(row.shown_label, row.subject_code, None, row.row_key, None)
            keys = SIDE_COLUMNS[code][row.side or ""] if row.side == "income" else exp_keys
            cells.append(Cell(first, (row.shown_label,), shrink=True))
            cells += _amount_cells(row, row_id, keys, first + 1, layout)
        body.append(cells)
    weights = [3.0, 1.3, 3.0, *([1.3] * len(exp_keys))]
    return Grid(code, weights, _two_sided_header(code, family, layout), body)


# --------------------------------------------------------------------------------------------
# B09: one row of “三公”经费
# --------------------------------------------------------------------------------------------

B09_KEYS = {
    "national": ("total", "outbound", "vehicle_total", "vehicle_purchase", "vehicle_operation", "reception"),
    "shanghai": (
        "total", "outbound", "reception", "vehicle_total", "vehicle_purchase", "vehicle_operation", "operation_funds"
    ),
}  # fmt: skip


def _three_public_grid(table: SampleTable, layout: Layout, family: str) -> Grid:
    keys = B09_KEYS[family]
    if family == "shanghai":
        header = [
            HeaderCell(0, 0, "“三公”经费预算数", colspan=6),
            HeaderCell(0, 6, "机关运行经费预算数", rowspan=3),
            *(HeaderCell(1, c, t, rowspan=2) for c, t in enumerate(["合计", "因公出国(境)费", "公务接待费"])),
            HeaderCell(1, 3, "公务用车购置及运行费", colspan=3),
            *(HeaderCell(2, 3 + i, t) for i, t in enumerate(["小计", "购置费", "运行费"])),
        ]
        rows = 3
    else:
        header = [
            HeaderCell(0, 0, "合计", rowspan=2),
            HeaderCell(0, 1, "因公出国（境）费", rowspan=2),
            HeaderCell(0, 2, "公务用车购置及运行维护费", colspan=3),
            HeaderCell(0, 5, "公务接待费", rowspan=2),
            *(HeaderCell(1, 2 + i, t) for i, t in enumerate(["小计", "公务用车购置费", "公务用车运行维护费"])),
        ]
        rows = 2
    if layout.column_numbers:
        header += [HeaderCell(rows, c, str(c + 1)) for c in range(len(keys))]
    body = [_amount_cells(row, RowId("", None, None, row.row_key, None), keys, 0, layout) for row in table.rows]
    return Grid("B09", [1.0] * len(keys), header, body)


def budget_grid(code: TableCode, table: SampleTable, layout: Layout, style: Style, family: str) -> Grid:
    if code in ("B01", "B04"):
        return _two_sided_grid(code, table, layout, family)
    if code == "B09":
        return _three_public_grid(table, layout, family)
    return function_grid(code, table, layout, style, subject_shape(family, code))
