"""The generated 绩效 tables of samples/performance.py written as Word (.docx, python-docx) and
Excel (.xlsx, openpyxl) files, with the same ground truth: one Word table (one sheet) per 绩效
table, merged cells where the publishers merge them (the 一级/二级 labels over their rows, the
项目资金 label over the money block, 绩效指标 over the indicator block), a long 项目名称 written
on two lines of its cell, amounts in Excel as numbers in their number format.

`layout="yueyang"` draws seed 003's Word layout (岳阳楼区 2023: 附件 paragraphs, 预算单位名称 /
项目支出名称, 年度预算申请（万元） over a 整体 money block with 按收入性质分 rows, 自评得分, header
words broken over lines: `年度\\n指标值`, `绩 效 指 标`); `yueyang_performance(seed)` its tables.
"""

from __future__ import annotations

import dataclasses
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from samples.performance import NINGDE_MONEY_HEADER, TruthFund, TruthTable, random_performance

Layout = Literal["central", "yueyang"]


@dataclass(frozen=True)
class Placed:
    """One cell of the table's grid: 0-based row and column, spans, text (\\n: a line break)."""

    row: int
    col: int
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class OfficeTableSpec:
    titles: list[str]  # the paragraphs before the table (the rows above it in Excel)
    columns: int
    cells: list[Placed]


class _Grid:
    def __init__(self, columns: int) -> None:
        self.columns, self.cells, self.row = columns, list[Placed](), 0

    def put(self, *cells: tuple[int, str] | tuple[int, str, int] | tuple[int, str, int, int]) -> None:
        """One row: (column, text[, colspan[, rowspan]]) each."""
        for c in cells:
            col, text, *spans = c
            self.cells.append(Placed(self.row, col, text, *spans))
        self.row += 1


def _wrapped(text: str, width: int = 16) -> str:
    """A long name written on two lines of its cell (read back joined)."""
    return f"{text[:width]}\n{text[width:]}" if len(text) > width else text


def _indicator_rows(g: _Grid, t: TruthTable, cols: Sequence[int], deviation_span: int) -> None:
    """The indicator rows: 一级 (cols[0]) and 二级 (cols[1]) merged over the rows they label,
    then 三级, target, actual, weight, score, deviation (cols[2:])."""
    start = g.row
    for ind in t.indicators:
        texts = [ind.level3, ind.printed_target or ind.target or "", ind.actual or "", str(ind.weight), str(ind.score)]
        g.put(
            *((col, text) for col, text in zip(cols[2:], texts, strict=False)),
            (cols[-1], ind.deviation or "", deviation_span),
        )
    for k, key in ((0, "level1"), (1, "level2")):
        i = 0
        while i < len(t.indicators):
            j = i
            same = [key] if key == "level1" else ["level1", "level2"]
            while j + 1 < len(t.indicators) and all(
                getattr(t.indicators[j + 1], f) == getattr(t.indicators[i], f) for f in same
            ):
                j += 1
            label = getattr(t.indicators[i], key) or ""
            g.cells.append(Placed(start + i, cols[k], label, 1, j - i + 1))
            i = j + 1


def _project_spec(t: TruthTable, layout: Layout) -> OfficeTableSpec:
    yy = layout == "yueyang"
    g = _Grid(10)
    g.put((0, "项目支出名称" if yy else "项目名称"), (1, _wrapped(t.project or ""), 9))
    g.put((0, "主管部门"), (1, t.unit_name, 4), (5, "实施单位", 2), (7, t.unit_name, 3))
    top = g.row
    score = "自评得分" if yy else "得分"
    heads = ["年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", score]
    if yy:
        heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", score]
    g.put((1, "", 3), *((4 + i, h) for i, h in enumerate(heads)))
    for fund in t.funds:
        g.put((1, fund.label, 3), *((4 + i, p) for i, p in enumerate(fund.printed)))
    g.cells.append(Placed(top, 0, "项目资金（万元）", 1, g.row - top))
    _goal_and_indicators(g, t, yy)
    return OfficeTableSpec(_titles(t, layout, "附件 3"), 10, g.cells)


def _goal_and_indicators(g: _Grid, t: TruthTable, yy: bool) -> None:
    """The 年度总体目标 row, the indicator header and rows, the 总分 row (10 grid columns)."""
    g.put((0, "年度\n总体\n目标" if yy else "年度总体目标"), (1, "预期目标", 5), (6, "实际完成情况", 4))
    top = g.row
    target, actual = ("年度\n指标值", "实际\n完成值") if yy else ("年度指标值", "实际完成值")
    heads = ["一级指标", "二级指标", "三级指标", target, actual, "分值", "自评得分" if yy else "得分"]
    g.put(*((1 + i, h) for i, h in enumerate(heads)), (8, "偏差原因分析及改进措施", 2))
    _indicator_rows(g, t, [1, 2, 3, 4, 5, 6, 7, 8], 2)
    g.cells.append(Placed(top, 0, "绩 效 指 标" if yy else "绩效指标", 1, g.row - top))
    weight = t.total_weight if t.total_weight is not None else ""
    g.put((0, "总分", 6), (6, str(weight)), (7, str(t.total_score)), (8, "", 2))


def _yueyang_dept_spec(t: TruthTable) -> OfficeTableSpec:
    """Seed 003's 整体支出绩效自评表: one money line, then rows of text across the columns."""
    g = _Grid(10)
    g.put((0, "预算单位名称"), (1, t.unit_name, 9))
    top = g.row
    heads = ["年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "自评得分"]
    g.put((1, "", 3), *((4 + i, h) for i, h in enumerate(heads)))
    for fund in t.funds:
        g.put((1, fund.label, 3), *((4 + i, p) for i, p in enumerate(fund.printed)))
    g.put((1, "按收入性质分：", 5), (6, "按支出性质分：", 4))
    g.put((1, "其中：  一般公共预算：1988.88", 5), (6, "其中：基本支出：863.17", 4))
    g.put((1, "其他资金：", 5), (6, "", 4))
    g.cells.append(Placed(top, 0, "年度预  算申请  （万元）", 1, g.row - top))
    _goal_and_indicators(g, t, True)
    return OfficeTableSpec(_titles(t, "yueyang", "附件 2"), 10, g.cells)


def _dept_spec(t: TruthTable) -> OfficeTableSpec:
    """The 宁德 部门整体绩效自评表 (11 grid columns): two header rows over the money block."""
    g = _Grid(11)
    g.put((0, "专项名称", 2), (2, "127部门整体", 9))
    g.put((0, "部门（单位）名称", 2), (2, t.unit_name, 4), (6, "部门预算编码", 2), (8, "127", 3))
    top = g.row
    g.put(
        (1, "", 1, 2), (2, "预算安排", 3), (5, "拨付情况", 2), (7, "结余情况", 2), (9, "分值", 1, 2), (10, "得分", 1, 2)
    )
    leaves = NINGDE_MONEY_HEADER
    g.put(*((2 + i, h) for i, h in enumerate(leaves)))
    for fund in t.funds:
        g.put((1, fund.label), *((2 + i, p) for i, p in enumerate(fund.printed)))
    g.cells.append(Placed(top, 0, "财政资金安排和使用情况", 1, g.row - top))
    g.put((0, "年度总体目标", 2), (2, "预期目标", 4), (6, "目标实际完成情况", 5))
    top = g.row
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标分值", "自评得分"]
    g.put(
        (1, heads[0]),
        (2, heads[1]),
        (3, heads[2], 2),
        *((5 + i, h) for i, h in enumerate(heads[3:])),
        (9, "偏差原因分析及改进措施", 2),
    )
    start = g.row
    _indicator_rows(g, t, [1, 2, 3, 5, 6, 7, 8, 9], 2)
    for c in [c for c in g.cells if c.row >= start and c.col == 3]:  # (三级 spans two grid columns)
        g.cells[g.cells.index(c)] = dataclasses.replace(c, colspan=2)
    g.cells.append(Placed(top, 0, "绩效指标", 1, g.row - top))
    g.put((0, "总分值、评价总分(S)", 7), (7, ""), (8, str(t.total_score), 3))
    return OfficeTableSpec(_titles(t, "central", None), 11, g.cells)


def _titles(t: TruthTable, layout: Layout, attachment: str | None) -> list[str]:
    year = re.search(r"20\d{2}", t.title)
    if layout == "yueyang":
        return [attachment or "", t.title]
    titles = [t.title, f"（{year.group(0) if year else 2024}年度）"]
    if t.family == "dept_self_evaluation" and t.printed_unit:
        titles.append(f"单位：{t.printed_unit}")
    return titles


def office_specs(tables: Sequence[TruthTable], layout: Layout = "central") -> list[tuple[OfficeTableSpec, TruthTable]]:
    """Each table's grid, and its truth with its lineage page (the table's ordinal) and totals."""
    out = []
    for n, t in enumerate(tables, start=1):
        t = dataclasses.replace(t, indicators=[dataclasses.replace(i, page=n) for i in t.indicators])
        t.first_page = t.last_page = n
        if t.family == "project_self_evaluation" or layout == "yueyang":
            t.total_weight = sum((i.weight or Decimal(0) for i in t.indicators), Decimal(0))
        t.total_score = sum((i.score or Decimal(0) for i in t.indicators), Decimal(0))
        if t.family == "project_self_evaluation":
            spec = _project_spec(t, layout)
        elif layout == "yueyang":
            spec = _yueyang_dept_spec(t)
        else:
            spec = _dept_spec(t)
        t.funds = [f for f in t.funds if f.line]
        out.append((spec, t))
    return out


def split_table(spec: OfficeTableSpec, cut: int) -> tuple[OfficeTableSpec, OfficeTableSpec]:
    """The table split in two Word tables before grid row `cut` (a publisher's page break): a
    merged cell crossing the cut is cut in two, its label written once, above; the second part
    has no title."""
    first: list[Placed] = []
    second: list[Placed] = []
    for c in spec.cells:
        if c.row + c.rowspan <= cut:
            first.append(c)
        elif c.row >= cut:
            second.append(dataclasses.replace(c, row=c.row - cut))
        else:
            first.append(dataclasses.replace(c, rowspan=cut - c.row))
            second.append(dataclasses.replace(c, row=0, rowspan=c.row + c.rowspan - cut, text=""))
    return OfficeTableSpec(spec.titles, spec.columns, first), OfficeTableSpec([], spec.columns, second)


def yueyang_performance(seed: int) -> list[TruthTable]:
    """Seed 003's document: a 整体支出绩效自评表 (one money line) and 项目支出绩效自评表s, 2023."""
    rng = random.Random(seed)
    unit = "岳阳市岳阳楼区卫生健康局"
    dept = random_performance(2 * seed + 1)[0]
    full = rng.choice(["1988.88", "1123.64", "2,385.39"])
    rate = rng.choice(["100%", "99.20%", "100.00%"])
    total = TruthFund(
        "total",
        "年度资金总额",
        Decimal("1123.64"),
        Decimal(full.replace(",", "")),
        Decimal(full.replace(",", "")),
        rate,
        Decimal(rate.rstrip("%")),
        Decimal(10),
        Decimal(10),
        ("1123.64", full, full, "10", rate, "10"),
    )
    tables = [
        dataclasses.replace(
            dept, title="2023 年度预算单位整体支出绩效自评表", unit_name=unit, printed_unit="万元", funds=[total]
        )
    ]
    for t in random_performance(2 * seed):
        tables.append(dataclasses.replace(t, title="2023 年度项目支出绩效自评表", unit_name=unit))
    return tables


# --- writers -------------------------------------------------------------------------------------


def write_docx(specs: Sequence[OfficeTableSpec], path: Path, titles_in_table: bool = False) -> None:
    """Each table after its title paragraphs (`titles_in_table`: in its first rows, one cell
    across the table each); merged cells as Word writes them: a `w:tc` with `gridSpan` over its
    columns, `vMerge restart` in its first row and `vMerge continue` (no text) in the rows below.
    (Written as XML: python-docx's cell.merge is quadratic in cells.)"""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def element(tag: str, **attrs: str) -> Any:
        e = OxmlElement(tag)
        for k, v in attrs.items():
            e.set(qn(k), v)
        return e

    document = docx.Document()
    for spec in specs:
        if titles_in_table:
            above = [Placed(r, 0, t, spec.columns) for r, t in enumerate(spec.titles)]
            moved = [dataclasses.replace(c, row=c.row + len(above)) for c in spec.cells]
            spec = OfficeTableSpec([], spec.columns, [*above, *moved])
        for title in spec.titles:
            document.add_paragraph(title)
        table = document.add_table(rows=0, cols=spec.columns)
        table.style = "Table Grid"
        owner = {(c.row + r, c.col + k): c for c in spec.cells for r in range(c.rowspan) for k in range(c.colspan)}
        for r in range(max(c.row + c.rowspan for c in spec.cells)):
            tr = element("w:tr")
            table._tbl.append(tr)
            col = 0
            while col < spec.columns:
                cell = owner.get((r, col))
                tc, props = element("w:tc"), element("w:tcPr")
                tc.append(props)
                span = cell.colspan if cell is not None and cell.col == col else 1
                if span > 1:
                    props.append(element("w:gridSpan", **{"w:val": str(span)}))
                if cell is not None and cell.rowspan > 1:
                    props.append(element("w:vMerge", **({"w:val": "restart"} if r == cell.row else {})))
                lines = cell.text.split("\n") if cell is not None and r == cell.row else [""]
                for line in lines:
                    p, run, text = element("w:p"), element("w:r"), element("w:t")
                    text.text = line
                    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                    run.append(text)
                    p.append(run)
                    tc.append(p)
                tr.append(tc)
                col += span
        document.add_paragraph("单位负责人签字：          填表人：          联系电话：")
    document.save(str(path))


_PLAIN = re.compile(r"^-?(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?%?$")


def _excel_value(text: str) -> tuple[object, str]:
    """A printed number as Excel keeps it: the number, and the format that prints it as printed
    (`1,292.35` → 1292.35 in `#,##0.00`; `9.700000` → 9.7 in `0.000000`; `97.74%` → 0.9774 in
    `0.00%`); any other text as text."""
    m = _PLAIN.match(text)
    if not m:
        return text, "General"
    places = len(m.group(2) or ".") - 1
    fmt = ("#,##0" if "," in text else "0") + ("." + "0" * places if places else "")
    value = Decimal(text.rstrip("%").replace(",", ""))
    if text.endswith("%"):
        return float(value / 100), fmt + "%"
    return (int(value) if places == 0 else float(value)), fmt


def write_xlsx(specs: Sequence[OfficeTableSpec], path: Path) -> None:
    """One sheet per table: its titles in merged rows above it, then its grid."""
    import openpyxl
    from openpyxl.styles import Alignment

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for n, spec in enumerate(specs, start=1):
        sheet = workbook.create_sheet(f"表{n}")
        for r, title in enumerate(spec.titles, start=1):
            sheet.cell(r, 1, title)
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=spec.columns)
        first = len(spec.titles) + 1
        for c in spec.cells:
            value, fmt = _excel_value(c.text)
            cell = sheet.cell(first + c.row, 1 + c.col, value)
            cell.number_format = fmt
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # (a target printed `=100` is text, not a formula)
            if "\n" in c.text:
                cell.alignment = Alignment(wrap_text=True)
            if c.colspan > 1 or c.rowspan > 1:
                sheet.merge_cells(
                    start_row=first + c.row,
                    start_column=1 + c.col,
                    end_row=first + c.row + c.rowspan - 1,
                    end_column=c.col + c.colspan,
                )
    workbook.save(str(path))


def render_performance_office(seed: int, out: Path, layout: Layout = "central") -> list[TruthTable]:
    """Write one generated 绩效 document as `out` (.docx or .xlsx, by its suffix) and return its
    tables' truth (pages: table ordinals / sheet numbers)."""
    tables = yueyang_performance(seed) if layout == "yueyang" else random_performance(seed)
    pairs = office_specs(tables, layout)
    (write_docx if out.suffix == ".docx" else write_xlsx)([s for s, _ in pairs], out)
    return [t for _, t in pairs]
