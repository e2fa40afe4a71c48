"""Rendered 湖北 区直部门整体支出绩效目标自评表 (seed 004's layout: 武汉 硚口 2020) with ground truth.

One table over several pages: 部门名称 and 填报人; 部门总体资金情况 (万元), the 近两年年初预算收支情况
by year in sections 收入构成 (财政拨款, 其他资金, 合计) and 支出构成 (基本支出, 项目支出, 合计);
部门职能概述, 年度工作任务 and 整体绩效目标 (text); then indicator blocks, each under a label row
(`长期目标1：…`, `年度指标2：…`) and its own header, the block's kind also merged down its left
(`长期绩效目标`, `年度绩效指标`): 长期 blocks 一级 | 二级 | 指标名称 | 指标值 | 绩效标准; 年度 blocks
with 指标值 over 近两年指标值 (Y-1年 | Y年) and 预期Y+1年实现值, or a 指标值 column alone.

Traps: 一级/二级 merged over their rows or repeated on each (as the seed does), a merged label cut
by a page break printed on its first part only, blocks continuing on a page without their header,
operators glued to the value (`≥85%`), earlier values printed as fractions (`0.6` for 60%),
`约1800户`, `500元/户/年`, `完成`, `逐步提高`, long 指标名称 wrapped, and the seed's own slip: the
income 合计 of the document's year printed 0.00 (read as printed; the gate's P6 flags it).
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from samples.pages import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PORTRAIT, Style, emit
from samples.performance import TruthFund, TruthIndicator, TruthTable, _cols, _Drawer

FAMILY = "dept_targets_hubei"
# (二级, 指标名称, (Y-1, Y) values as printed, 预期 as printed, operator, value, unit)
_ROWS: list[tuple[str, str, tuple[str, str], str, str | None, Decimal | None, str | None]] = [
    ("成本指标", "春节计生特殊家庭慰问金发放标准", ("500元/户/年", "500元/户/年"), "500元/户/年", None, Decimal(500),
     "元/户/年"),
    ("数量指标", "春节慰问计生特殊家庭", ("1550户", "1651户"), "约1800户", None, None, None),
    ("数量指标", "计生特扶对象疾病综合保险", ("完成", "完成"), "完成", None, None, None),
    ("数量指标", "特困计生特殊家庭1000元帮扶慰问人数", ("25人", "25人"), "25人", None, Decimal(25), "人"),
    ("时效指标", "计划生育政策落实和资金发放到位率", ("100%", "100%"), "100%", None, Decimal(100), "%"),
    ("数量指标", "产后访视率=辖区内产后28天内接受过1次及以上产后访视的产妇人数/该地该时间段活产数×100%",
     ("85%", "85%"), "≥85%", "≥", Decimal(85), "%"),
    ("数量指标", "高血压患者规范管理率=按照规范要求进行高血压患者管理的人数/年内已管理的高血压患者人数",
     ("0.6", "0.6"), "≥60%", "≥", Decimal(60), "%"),
    ("数量指标", "老年人中医药健康管理率", ("0.45", "0.45"), "≥45%", "≥", Decimal(45), "%"),
    ("质量指标", "社区外环境消杀", ("130个", "130个"), "130个社区“四害”密度达到C级", None, None, None),
    ("数量指标", "城镇独生子女伤残家庭特别扶助人数", ("1403人", "1428人"), "约1520人", None, None, None),
]
_BENEFITS = [("社会效益指标", "家庭发展能力"), ("社会效益指标", "社会稳定水平"), ("可持续影响指标", "健康服务体系")]
_LONG = [
    ("数量指标", "全区从业人员健康检查体检", "35000人", "行业标准"),
    ("数量指标", "家庭医生签约数", "80000", "行业标准"),
    ("数量指标", "按国家随机监督抽查任务数量，完成率大于等于全省水平", "100%", "行业标准"),
    ("时效指标", "全年365天监测全覆盖", "365", "历史标准"),
    ("数量指标", "落实计生奖励扶助政策和资金发放到位率", "100%", "历史标准"),
]
_GOALS = [
    "提升公共卫生服务能力",
    "落实计划生育服务政策",
    "为辖区内居民免费提供基本公共卫生服务",
    "落实现行各项奖励扶助政策",
]
_UNITS = ["武汉市硚口区卫生健康局", "武汉市江岸区卫生健康局", "某区民政局"]
_BASES = ["行业标准", "历史标准", "计划标准"]
_DUTIES = "1. 贯彻执行国民健康政策，统筹规划和协调全区卫生健康资源配置。2. 协调推进深化医药卫生体制改革。"
_TASKS = "统筹推进健康武汉建设，提升公共卫生、医疗、综合监管和健康信息化服务能力。"
_NOTE = "备注：“绩效标准”：设定绩效指标值时的依据或参考标准。"


def _truth_row(level1: str, level2: str, name: str, target: str | None, op: str | None, value: Decimal | None,
               unit: str | None, **more: object) -> TruthIndicator:  # fmt: skip
    return TruthIndicator(level1, level2, name, target, op, value, unit, None, None, None, None, None, **more)  # type: ignore[arg-type]


def _block(rng: random.Random, kind: str, year: int) -> tuple[str, list[TruthIndicator]]:
    """One block's label kind and rows: `long`, `annual` (近两年 and 预期 columns) or `plain`
    (a 年度 block with its 指标值 column alone)."""
    rows: list[TruthIndicator] = []
    if kind == "long":
        for level2, name, printed, basis in rng.sample(_LONG, rng.randint(1, 4)):
            rows.append(_truth_row("产出指标", level2, name, None, None, None, None, period_target=printed,
                                   target_basis=basis))  # fmt: skip
        return kind, rows
    picks = rng.sample(_ROWS, rng.randint(5, 10))
    picks.sort(key=lambda r: r[0])  # (二级 runs, merged over their rows)
    benefits = rng.sample(_BENEFITS, rng.randint(0, 2))
    for level2, name, prior, target, op, value, unit in picks:
        basis = rng.choice(_BASES)
        if kind == "annual":
            printed_prior = ((year - 1, prior[0]), (year, prior[1]))
            rows.append(_truth_row("产出指标", level2, name, target, op, value, unit, target_year=year + 1,
                                   prior=printed_prior, target_basis=basis))  # fmt: skip
        else:
            rows.append(_truth_row("产出指标", level2, name, target, op, value, unit, target_basis=basis))
    for level2, name in benefits:
        prior = ((year - 1, "逐步提高"), (year, "逐步提高"))
        extra = {"target_year": year + 1, "prior": prior} if kind == "annual" else {}
        rows.append(_truth_row("效益指标", level2, name, "逐步提高", None, None, None, target_basis="行业标准",
                               **extra))  # fmt: skip
    return kind, rows


def random_hubei(seed: int) -> tuple[int, TruthTable, list[tuple[str, str, list[TruthIndicator]]]]:
    """The document's year, its table's truth, and its blocks: (kind, goal, rows)."""
    rng = random.Random(seed)
    year = rng.choice([2020, 2021, 2022])
    unit = rng.choice(_UNITS)
    fiscal = Decimal(rng.randrange(100_000, 900_000)) / 100
    other = rng.choice([Decimal("0.00"), Decimal(rng.randrange(100, 90_000)) / 100])
    # the seed's slip: the year's income 合计 printed 0.00 (the parts do not add up, as printed)
    total = Decimal("0.00") if seed % 3 == 0 else fiscal + other
    funds = [
        TruthFund("fiscal", "财政拨款", fiscal, None, None, None, None, None, None, (f"{fiscal:,.2f}",)),
        TruthFund("other", "其他资金", other, None, None, None, None, None, None, (f"{other:,.2f}",)),
        TruthFund("total", "合计", total, None, None, None, None, None, None, (f"{total:,.2f}",)),
    ]
    kinds = ["long"] * rng.randint(1, 2) + [rng.choice(["annual", "plain"]), *["annual"] * rng.randint(2, 3)]
    blocks = [(k, rng.choice(_GOALS), rows) for k, rows in (_block(rng, k, year) for k in kinds)]
    title = f"{year}年区直部门整体支出绩效目标自评表"
    table = TruthTable(FAMILY, "整体", title, None, unit, "万元", funds, [i for _, _, rows in blocks for i in rows])
    return year, table, blocks


def draw_hubei(seed: int, style: Style) -> tuple[list, TruthTable]:
    """The pages of one generated 自评表 and its truth (pages 1-based)."""
    rng = random.Random(f"layout:{seed}")
    year, table, blocks = random_hubei(seed)
    d = _Drawer(style, PORTRAIT)
    width = d.size[0] - 2 * MARGIN_X
    page = d.new_page()
    page.text(d.size[0] / 2, MARGIN_TOP - 12, table.title, 11, "center")
    d.y = MARGIN_TOP + 4
    # columns: block label | 一级 | 二级 | 指标名称 | Y-1 | Y | 预期 | 绩效标准
    xs = _cols(MARGIN_X, [44, 44, 48, 150, 52, 52, 56, 44], width)
    d.row([xs[0], xs[2], xs[8]], ["部门名称", table.unit_name])
    d.row([xs[0], xs[2], xs[4], xs[6], xs[8]], ["填报人", "", "联系电话", "83762931"])
    _money(d, xs, year, table.funds, rng)
    for head, text in (("部门职能概述", _DUTIES), ("年度工作任务", _TASKS)):
        d.row([xs[0], xs[2], xs[8]], [head, text])
    top = d.y
    d.row([xs[1], xs[4], xs[8]], ["长期目标", "年度目标"])
    d.row([xs[1], xs[4], xs[8]], [f"目标1：{_GOALS[0]}", f"目标1：{_GOALS[2]}"])
    d.cell(xs[0], xs[1], top, d.y, "整体绩效目标")
    truth: list[TruthIndicator] = []
    counts = {"long": 0, "annual": 0, "plain": 0}
    for kind, goal, rows in blocks:
        counts[kind] += 1
        number = counts[kind] if kind == "long" else counts["annual"] + counts["plain"]
        label = f"长期目标{number}：" if kind == "long" else f"年度指标{number}{rng.choice(['：', ':'])}"
        d.row([xs[0], xs[2], xs[8]], [label, goal])
        truth.extend(_indicator_block(d, xs, kind, rows, year, rng))
    table.indicators, table.first_page, table.last_page = truth, 1, len(d.pages)
    d.page.text(MARGIN_X, d.size[1] - MARGIN_BOTTOM + 14, _NOTE, 7, "left")
    return d.pages, table


def _money(d: _Drawer, xs: list[float], year: int, funds: list[TruthFund], rng: random.Random) -> None:
    """部门总体资金情况: the two years of 年初预算, income and spending sections."""
    top = d.y
    h = d.style.line_h + 4
    d.cell(xs[1], xs[4], d.y, d.y + 2 * h, "总体资金情况")
    d.cell(xs[4], xs[8], d.y, d.y + h, "近两年年初预算收支情况")
    d.cell(xs[4], xs[6], d.y + h, d.y + 2 * h, f"{year - 1}年")
    d.cell(xs[6], xs[8], d.y + h, d.y + 2 * h, f"{year}年")
    d.y += 2 * h
    earlier = [f"{Decimal(rng.randrange(100_000, 900_000)) / 100:,.2f}" for _ in range(3)]
    income_top = d.y
    for fund, before in zip(funds, earlier, strict=True):
        d.row([xs[2], xs[4], xs[6], xs[8]], [fund.label, before, fund.printed[0]])
    d.cell(xs[1], xs[2], income_top, d.y, "收入构成")
    spend_top = d.y
    for label in ("基本支出", "项目支出", "合计"):
        amounts = [f"{Decimal(rng.randrange(10_000, 900_000)) / 100:,.2f}" for _ in range(2)]
        d.row([xs[2], xs[4], xs[6], xs[8]], [label, *amounts])
    d.cell(xs[1], xs[2], spend_top, d.y, "支出构成")
    d.cell(xs[0], xs[1], top, d.y, "部门总体资金情况（万元）")


def _indicator_block(
    d: _Drawer, xs: list[float], kind: str, rows: list[TruthIndicator], year: int, rng: random.Random
) -> list[TruthIndicator]:
    """A block's header and rows, its 一级/二级 labels merged over their rows (split at a page
    break, printed on the first part) or repeated on each row; the block's kind merged down the
    left. Returns the rows' truth with pages."""
    h = d.style.line_h + 4
    header_h = 3 * h if kind == "annual" else h
    if d.y + header_h + 2 * h > d.size[1] - MARGIN_BOTTOM:
        d.new_page()
    top, header_page = d.y, len(d.pages) - 1
    for x0, x1, text in ((xs[1], xs[2], "一级指标"), (xs[2], xs[3], "二级指标"), (xs[3], xs[4], "指标名称"),
                         (xs[7], xs[8], "绩效标准")):  # fmt: skip
        d.cell(x0, x1, top, top + header_h, text)
    if kind == "annual":
        d.cell(xs[4], xs[7], top, top + h, "指标值")
        d.cell(xs[4], xs[6], top + h, top + 2 * h, "近两年指标值")
        d.cell(xs[6], xs[7], top + h, top + 3 * h, f"预期{year + 1}年实现值")
        d.cell(xs[4], xs[5], top + 2 * h, top + 3 * h, f"{year - 1}年")
        d.cell(xs[5], xs[6], top + 2 * h, top + 3 * h, f"{year}年")
    else:
        d.cell(xs[4], xs[7], top, top + h, "指标值")
    d.y += header_h
    placed: list[tuple[int, float, float]] = []
    for ind in rows:
        value_xs = [xs[4], xs[5], xs[6], xs[7]] if kind == "annual" else [xs[4], xs[7]]
        values = [ind.prior[0][1] or "", ind.prior[1][1] or "", ind.target or ""] if kind == "annual" else [
            ind.period_target or ind.target or ""]  # fmt: skip
        texts = [ind.level3, *values, ind.target_basis or ""]
        cols = [xs[3], *value_xs, xs[8]]
        row_h = max(d.height(t, cols[i + 1] - cols[i]) for i, t in enumerate(texts))
        if d.y + row_h > d.size[1] - MARGIN_BOTTOM:
            d.new_page()
        for i, t in enumerate(texts):
            d.cell(cols[i], cols[i + 1], d.y, d.y + row_h, t, "left" if i == 0 else "center")
        placed.append((len(d.pages) - 1, d.y, d.y + row_h))
        d.y += row_h
    merged = rng.random() < 0.6  # (else 一级/二级 repeated on every row, as the seed's 年度指标1)
    label = "长期绩效目标" if kind == "long" else "年度绩效指标"
    _merged_column(d, xs[0], xs[1], [(header_page, top, top + header_h), *placed], [label] * (len(rows) + 1))
    for col, key in ((1, "level1"), (2, "level2")):
        labels = [getattr(ind, key) for ind in rows]
        if merged:
            _merged_column(d, xs[col], xs[col + 1], placed, labels, key == "level2" and [i.level1 for i in rows])
        else:
            for (p, a, b), text in zip(placed, labels, strict=True):
                d.cell(xs[col], xs[col + 1], a, b, text, page=d.pages[p])
    return [TruthIndicator(**{**ind.__dict__, "page": placed[n][0] + 1}) for n, ind in enumerate(rows)]


def _merged_column(
    d: _Drawer,
    x0: float,
    x1: float,
    placed: list[tuple[int, float, float]],
    labels: list[str | None],
    within: list[str | None] | bool = False,
) -> None:
    """Cells merged over runs of equal labels (a run also ends where `within` changes), each run
    split at page breaks with its label on its first part only."""
    i = 0
    while i < len(placed):
        j = i
        while j + 1 < len(placed) and labels[j + 1] == labels[i] and (not within or within[j + 1] == within[i]):
            j += 1
        k, printed = i, False
        while k <= j:
            m = k
            while m + 1 <= j and placed[m + 1][0] == placed[k][0]:
                m += 1
            text = "" if printed else labels[i] or ""
            d.cell(x0, x1, placed[k][1], placed[m][2], text, page=d.pages[placed[k][0]])
            printed, k = True, m + 1
        i = j + 1


def render_hubei(seed: int, out_pdf: Path, font: str = "ttf", body: float = 7.5) -> TruthTable:
    """Write one generated 湖北 整体支出绩效目标自评表 and return its truth."""
    style = Style.of(font, body)  # type: ignore[arg-type]
    pages, table = draw_hubei(seed, style)
    emit(pages, Path(out_pdf), "整体支出绩效目标自评表", style.font)
    return table
