"""Rendered 绩效目标表 of the 广东 inline family with ground truth: 项目支出绩效目标表（含转移支付项目）,
one row per project 项目名称 | 总计 | 财政拨款 | 财政专户拨款 | 其他资金 | 绩效目标 | 绩效指标, the
whole indicator list written in the 绩效指标 cell (`1、1-产出指标；11-数量指标；<三级>；实施周期指标值:
X；年度指标值:Y。2、…`), as 广州's exports draw it: the title and header repeated atop every page, a
合计 row and a row per 资金使用单位 (no indicator list) before its projects.

Traps: project names wrapped in their narrow cell; the list wrapped at any character (an operator
on one line, its number on the next; `3` and `、` apart); `≥ ≤ ＝ ≧` glued to values, `≥99.5%`,
`100%`, `≤1`, text targets (`完成`, `每年≥20场`, `实际支出≤2711880元`); `:` or `：`; 实施周期指标值
printed or not; `；` or `，` between the parts; other funds blank or not."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from samples.pages import LANDSCAPE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, Page, Style, emit
from samples.performance import TruthFund, TruthIndicator, TruthTable, _cols, _Drawer

TITLE = "项目支出绩效目标表（含转移支付项目）"
_LEVELS = [
    ("1-产出指标", ["11-数量指标", "12-质量指标", "13-时效指标"]),
    ("2-效益指标", ["21-经济效益", "22-社会效益"]),
    ("3-满意度指标", ["31-服务对象满意度"]),
    ("4-成本指标", ["41-经济成本指标"]),
]
_NAMES = [
    "会议活动保障次数",
    "汇聚数据量",
    "保障场地正常运行",
    "“穗智管”系统数据资源目录更新服务",
    "话务平台可用率",
    "咨询事项一次性解答率.",
    "立项\\终验审核数量值",
    "服务满意度（%）",
    "人工成本控制率",
    "业务场景构建支撑服务（大模型平台运营）",
    "办件综合成本",
]
# (printed, operator, value, unit)
_TARGETS: list[tuple[str, str | None, Decimal | None, str | None]] = [
    ("≥99.5%", "≥", Decimal("99.5"), "%"),
    ("100%", None, Decimal(100), "%"),
    ("≤1", "≤", Decimal(1), None),
    ("≥10亿条", "≥", Decimal(10), "亿条"),
    ("＝100", "=", Decimal(100), None),
    ("≧4次", "≥", Decimal(4), "次"),
    ("≤29.91元/件", "≤", Decimal("29.91"), "元/件"),
    ("2份", None, Decimal(2), "份"),
    ("≥1,500家", "≥", Decimal(1500), "家"),
    ("完成", None, None, None),
    ("每年≥20场", None, None, None),
    ("实际支出≤2711880元", None, None, None),
    ("广州市政府网站在全省评估中位于优秀档次", None, None, None),
]
_GOALS = [
    "通过项目的开展，实现多维度工作目标的协同推进，优化整合流程，提升服务效能，保障场地稳定、安全、高效运行。",
    "保障日常业务活动正常开展。",
    "完成2026年度约400个全市信息化项目的立项、备案、验收工作，推广系统效能评估体系应用，促进系统整合,实现数据共享。",
]
_PROJECTS = [
    "政务信息化项目管理经费",
    "广州市政务服务和数据管理局数字政府运营中心穗智管运营服务项目",
    "业务用房物业管理费",
    "广州12345政府服务热线受理中心2025年-2026年信息化运维项目",
    "电子政务工作项目",
]
_UNITS = ["某市政务服务和数据管理局", "某市数字政府运营中心"]


def _amount(rng: random.Random) -> tuple[str, Decimal]:
    value = Decimal(rng.randrange(100, 2_000_000)) / 100
    return f"{value:,.2f}", value


def _project(rng: random.Random, unit: str) -> tuple[TruthTable, str, list[str]]:
    """The truth of one project row, its inline indicator list and its printed money cells."""
    sep = rng.choice(["；", "；", "，"])
    colon = rng.choice([":", "："])
    with_period = rng.random() < 0.7
    items, indicators = [], []
    for no in range(1, rng.randint(2, 9) + 1):
        level1, seconds = rng.choice(_LEVELS)
        level2 = rng.choice(seconds)
        name = rng.choice(_NAMES)
        target, op, value, tunit = rng.choice(_TARGETS)
        period_target = rng.choice(_TARGETS)[0] if with_period else None
        period = f"{sep}实施周期指标值{colon}{period_target}" if with_period else ""
        items.append(f"{no}、{level1}{sep}{level2}{sep}{name}{period}{sep}年度指标值{colon}{target}。")
        indicators.append(
            TruthIndicator(
                level1.split("-", 1)[1],
                level2.split("-", 1)[1],
                name,
                target,
                op,
                value,
                tunit,
                None,
                None,
                None,
                None,
                None,
                period_target=period_target,
            )
        )
    fiscal_text, fiscal = _amount(rng)
    other_text, other = _amount(rng) if rng.random() < 0.3 else ("", None)
    total = fiscal + (other or 0)
    total_text = f"{total:,.2f}"
    funds = [
        TruthFund("total", "总计", None, total, None, None, None, None, None),
        TruthFund("fiscal", "财政拨款", None, fiscal, None, None, None, None, None),
        TruthFund("other", "其他资金", None, other, None, None, None, None, None),
    ]
    project = rng.choice(_PROJECTS)
    table = TruthTable("project_targets_inline", "项目", TITLE, project, unit, "万元", funds, indicators)
    return table, "".join(items), [total_text, fiscal_text, "", other_text]


def random_targets(seed: int) -> tuple[str, list[tuple[str, list[tuple[TruthTable, str, list[str]]]]]]:
    """A department and its 资金使用单位, each with its project rows."""
    rng = random.Random(seed)
    units = [(unit, [_project(rng, _UNITS[0]) for _ in range(rng.randint(4, 12))]) for unit in _UNITS]
    return _UNITS[0], units


def draw_targets(seed: int, style: Style) -> tuple[list[Page], list[TruthTable]]:
    """The pages of one generated 项目支出绩效目标表 and the truth of its project tables (pages
    1-based, counted from the first page drawn here)."""
    dept, units = random_targets(seed)
    d = _Drawer(style, LANDSCAPE)
    width = d.size[0] - 2 * MARGIN_X
    xs = _cols(MARGIN_X, [76, 46, 46, 34, 34, 212, 284], width)
    heads = ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"]

    def page_head() -> None:
        page = d.new_page()
        page.text(d.size[0] / 2, MARGIN_TOP - 14, TITLE, 11, "center")
        page.text(MARGIN_X, MARGIN_TOP - 2, f"部门名称：{dept}", 7.5, "left")
        page.text(d.size[0] - MARGIN_X, MARGIN_TOP - 2, "单位：万元", 7.5, "right")
        d.y = MARGIN_TOP + 4
        d.row(xs, heads)

    def fits(texts: Sequence[str]) -> bool:
        h = max(d.height(t, xs[i + 1] - xs[i]) for i, t in enumerate(texts))
        return d.y + h <= d.size[1] - MARGIN_BOTTOM

    page_head()
    total = sum((t.funds[0].budget_full_year or Decimal(0) for _, rows in units for t, _, _ in rows), Decimal(0))
    d.row(xs, ["合计", f"{total:,.2f}", f"{total:,.2f}", "", "", "", ""])
    truth = []
    for unit, rows in units:
        subtotal = sum((t.funds[0].budget_full_year or Decimal(0) for t, _, _ in rows), Decimal(0))
        d.row(xs, [unit, f"{subtotal:,.2f}", f"{subtotal:,.2f}", "", "", "", ""])
        for table, items, money in rows:
            texts = [table.project or "", *money, rng_goal(table), items]
            if not fits(texts):
                page_head()
            d.row(xs, texts)
            table.first_page = table.last_page = len(d.pages)
            table.indicators = [replace(i, page=len(d.pages)) for i in table.indicators]
            truth.append(table)
    return d.pages, truth


def rng_goal(table: TruthTable) -> str:
    """The 绩效目标 text of a row (not read: a narrative), chosen by the project's name."""
    return _GOALS[len(table.project or "") % len(_GOALS)]


def render_targets(seed: int, out_pdf: Path, font: str = "ttf", body: float = 7.5) -> list[TruthTable]:
    """Write one generated 项目支出绩效目标表 and return its project tables' truth."""
    style = Style.of(font, body)  # type: ignore[arg-type]
    pages, truth = draw_targets(seed, style)
    emit(pages, Path(out_pdf), "绩效目标表", style.font)
    return truth


# ---- 重庆 / 北京-style 绩效目标表: 指标名称 | 指标性质 | 指标值 | 计量单位 | 指标权重(%) ----

_COLUMN_TARGETS: list[tuple[str, str, str | None, Decimal | None]] = [
    # (指标性质 as printed, 指标值 as printed, operator, value)
    ("≥", "90", "≥", Decimal(90)),
    ("≤", "1", "≤", Decimal(1)),
    ("=", "100", "=", Decimal(100)),
    ("＝", "100", "=", Decimal(100)),
    ("≥", "99.5", "≥", Decimal("99.5")),
    ("≥", "3060", "≥", Decimal(3060)),
    ("定性", "完成", None, None),
    ("定性", "有所提高", None, None),
]
_COLUMN_UNITS = ["%", "个数", "座", "万人次", "次数", ""]
_COLUMN_NAMES = [
    "续建大中型水库",
    "农村饮水项目受益人口",
    "已建工程项目良性运行比例",
    "移民对后期扶持政策实施满意度",
    "年度预算执行率",
    "水文资料整编准确率",
    "机关食堂满意度",
]


def _column_table(rng: random.Random, scope: str) -> TruthTable:
    indicators = []
    for _ in range(rng.randint(3, 9)):
        nature, printed, op, value = rng.choice(_COLUMN_TARGETS)
        unit = rng.choice(_COLUMN_UNITS) if value is not None else ""
        name = rng.choice(_COLUMN_NAMES)
        weight = Decimal(rng.choice([10, 15, 20, 30]))
        # (printed_target carries the 指标性质 text: drawn in its own column)
        indicators.append(
            TruthIndicator(
                None, None, name, printed, op, value, unit or None, None, None, weight, None, None, 0, nature
            )
        )
    if scope == "整体":
        return TruthTable("dept_targets_columns", "整体", "2026年部门整体绩效目标表", None, "", None, [], indicators)
    project = rng.choice(["水库移民后期扶持", "重庆市水利专项资金", "农村饮水安全巩固提升工程建设补助资金项目"])
    title = "2026年市级重点专项资金绩效目标表（一级项目）"
    return TruthTable("project_targets_columns", "项目", title, project, "重庆市水利局", None, [], indicators)


def random_column_targets(seed: int) -> list[TruthTable]:
    """The 绩效目标表 of one generated 重庆-style budget attachment: a 部门整体 table, then 1-3
    专项资金 tables (each on its page)."""
    rng = random.Random(seed)
    return [_column_table(rng, "整体"), *(_column_table(rng, "项目") for _ in range(rng.randint(1, 3)))]


GRID_TITLE = "2026年市级一般性项目绩效目标表（一级项目）"
_GRID_PROJECTS = ["水利行业业务经费", "水文监测站网运行维护及水文测报专项经费", "河长制工作经费", "水土保持监督管理"]


def _grid_tables(rng: random.Random) -> list[TruthTable]:
    """表十二: 2-3 projects in one grid, each with 2-4 indicator rows and its 当年财政拨款 amount."""
    tables = []
    for project in rng.sample(_GRID_PROJECTS, rng.randint(2, 3)):
        rows = _column_table(rng, "项目").indicators[: rng.randint(2, 4)]
        amount = Decimal(rng.randint(100, 2_000_000)) / 100
        printed = (f"{amount:,.2f}",)
        fund = TruthFund("fiscal", "当年财政拨款预算金额", None, amount, None, None, None, None, None, printed)
        tables.append(TruthTable("project_targets_grid", "项目", GRID_TITLE, project, "", "万元", [fund], rows))
    return tables


def draw_column_targets(seed: int, style: Style) -> tuple[list[Page], list[TruthTable]]:
    """The pages of the tables, each on its own page; a page of a table no family reads with the
    same columns (it must not continue the one before); a last page of 表十二 (一般性项目): the
    same indicator columns after 序号 | 项目名称 | 当年财政拨款预算金额, several projects in one grid,
    their cells merged over their rows."""
    d = _Drawer(style, LANDSCAPE)
    width = d.size[0] - 2 * MARGIN_X
    xs = _cols(MARGIN_X, [80, 230, 70, 70, 70, 80, 60], width)
    heads = ["指标名称", "指标性质", "指标值", "计量单位", "指标权重(%)", "是否核心"]
    truth = []

    def indicator_row(xs: Sequence[float], ind: TruthIndicator) -> None:
        texts = [ind.level3, ind.printed_target or "", ind.target or "", ind.target_unit or "", str(ind.weight)]
        d.row(xs, [*texts, "是" if ind.weight and ind.weight >= 20 else "否"][: len(xs) - 1])

    for table in random_column_targets(seed):
        page = d.new_page()
        page.text(d.size[0] / 2, MARGIN_TOP - 14, table.title, 11, "center")
        d.y = MARGIN_TOP + 4
        if table.scope == "项目":
            d.row(
                _cols(MARGIN_X, [80, 300, 80, 200], width),
                ["项目名称", table.project or "", "主管部门", table.unit_name],
            )
            d.row(_cols(MARGIN_X, [80, 580], width), ["当年绩效目标", "年度资金实施项目覆盖区县30个以上。"])
        top = d.y
        d.row(xs[1:], heads)
        for ind in table.indicators:
            indicator_row(xs[1:], ind)
        d.cell(xs[0], xs[1], top, d.y, "绩效指标")
        table.first_page = table.last_page = len(d.pages)
        table.indicators = [replace(i, page=len(d.pages), printed_target=None) for i in table.indicators]
        truth.append(table)

    # a table no family reads, with the same columns: it must not continue the one before
    page = d.new_page()
    page.text(d.size[0] / 2, MARGIN_TOP - 14, "2026年市级项目绩效目标调整表", 11, "center")
    d.y = MARGIN_TOP + 4
    top = d.y
    d.row(xs[1:], heads)
    for ind in random_column_targets(seed + 1)[0].indicators:
        indicator_row(xs[1:], ind)
    d.cell(xs[0], xs[1], top, d.y, "绩效指标")

    page = d.new_page()
    page.text(d.size[0] / 2, MARGIN_TOP - 14, GRID_TITLE, 11, "center")
    page.text(MARGIN_X, MARGIN_TOP - 2, "资金主管部门：重庆市水利局", style.body, "left")
    page.text(d.size[0] - MARGIN_X, MARGIN_TOP - 2, "单位：万元", style.body, "right")
    d.y = MARGIN_TOP + 4
    grid = _cols(MARGIN_X, [30, 90, 70, 160, 60, 60, 60, 60], width)
    d.row(grid, ["序号", "项目名称", "当年财政拨款预算金额", *heads[:5]])
    for number, table in enumerate(_grid_tables(random.Random(seed + 1)), start=1):
        top = d.y
        for ind in table.indicators:
            indicator_row(grid[3:], ind)
        merged = [str(number), table.project or "", table.funds[0].printed[0]]
        for x0, x1, text in zip(grid[:3], grid[1:4], merged, strict=True):
            d.cell(x0, x1, top, d.y, text)
        table.first_page = table.last_page = len(d.pages)
        table.indicators = [replace(i, page=len(d.pages), printed_target=None) for i in table.indicators]
        truth.append(table)
    return d.pages, truth


def render_column_targets(seed: int, out_pdf: Path, font: str = "ttf", body: float = 7.5) -> list[TruthTable]:
    style = Style.of(font, body)  # type: ignore[arg-type]
    pages, truth = draw_column_targets(seed, style)
    emit(pages, Path(out_pdf), "绩效目标表", style.font)
    return truth
