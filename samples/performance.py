"""Rendered 绩效 tables with ground truth: the 项目支出绩效自评表 (central / 西安 family) and the
部门整体绩效自评表 (宁德 / 福建 family), drawn as the publishers' Excel exports draw them (every
cell ruled, merged cells for the 一级/二级 labels and the 项目资金 label).

`random_performance(seed)` builds the tables of one document with the traps real files set: a
merged label whose text falls on a middle row, wrapped project and indicator names, operators glued
to the value or printed apart, `≥95%`, `＝100`, `≧/≦`, 定性 targets, ranges, 6-decimal amounts,
`--`/`—` in sub-rows, `1000%` printed for 100%, and tables that run over a page without repeating
their header. `draw_performance` lays the tables out on pages and returns them with the truth: every
field the reader must read, as printed (spaces removed, wrapped lines joined) and as values. Each
table starts a page, or (`flow`, as Word exports 湖南/湖北/西安's collections) starts right below the
table before when its title, head and first indicator row fit there.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from samples.pages import (
    CELL_INSET,
    CELL_PAD,
    LANDSCAPE,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    PORTRAIT,
    Page,
    Style,
    emit,
)

_OPERATORS = {"≥": "≥", "≤": "≤", "=": "=", "＝": "=", "≧": "≥", "≦": "≤", ">": ">", "<": "<"}
_UNITS = ["%", "个", "次", "万元", "小时", "天", "万条/年", "人", "期", "辆", ""]
_QUALITATIVE = ["完成", "有所提高", "不超标准", "国家标准范围之内", "长期", "全年", "基本满意", "符合国家要求"]
_RANGES = ["30-60平方米", "3-10月", "每年≥20场"]
# 宁德's 整体 money block: the header leaves under 预算安排 | 拨付情况 | 结余情况 (PDF and office samples)
NINGDE_MONEY_HEADER = [
    "年初部门预算安排金额（含历年结余结转）①",
    "年中调整金额②",
    "小计③=①+②",
    "年度拨付金额④",
    "支出实现率(%)⑤=④/③",
    "本年度结余金额⑥=③-④",
    "资金结余率(%)⑦=⑥/③",
]
_NAMES = [
    "消杀覆盖区县（开发区）数量",
    "控制病媒生物密度",
    "项目实施时效",
    "全年项目经费支出",
    "群众满意率",
    "报销及时率",
    "离休人员和保健对象医药费保障程度",
    "参加考试人数",
    "工单转派准确率",
    "话务平台可用率",
    "设备采购数量",
    "项目资金使用合规率",
    "服务对象满意度调查覆盖面",
    "培训人次",
    "系统可用率",
]
_DEVIATIONS = [
    "年中追加预算经费，实际支出超过年初预算安排。",
    "完成",
    "疫情影响，部分活动延期至下年度开展，已调整计划。",
]
_LEVELS = [
    ("产出指标", ["数量指标", "质量指标", "时效指标", "成本指标"]),
    ("效益指标", ["社会效益指标", "可持续影响指标"]),
    ("满意度指标", ["服务对象满意度指标"]),
]


@dataclass(frozen=True)
class TruthIndicator:
    level1: str | None
    level2: str | None
    level3: str
    target: str | None
    target_operator: str | None
    target_value: Decimal | None
    target_unit: str | None
    actual: str | None
    actual_value: Decimal | None
    weight: Decimal | None
    score: Decimal | None
    deviation: str | None
    page: int = 0
    printed_target: str | None = None  # as drawn, when it differs (a space after the operator)
    period_target: str | None = None  # 实施周期指标值 as printed (广东 inline lists; 湖北 长期 blocks)
    target_year: int | None = None  # the year a target's header names (湖北 预期2021年实现值)
    prior: tuple[tuple[int | None, str | None], ...] = ()  # earlier years' values (湖北 近两年指标值)
    target_basis: str | None = None  # 绩效标准 (湖北)


@dataclass(frozen=True)
class TruthFund:
    line: str
    label: str
    budget_initial: Decimal | None
    budget_full_year: Decimal | None
    executed: Decimal | None
    execution_rate_text: str | None
    execution_rate: Decimal | None
    weight: Decimal | None
    score: Decimal | None
    printed: tuple[str, ...] = ()  # the texts of the row's amount cells, left to right


@dataclass
class TruthTable:
    family: str  # project_self_evaluation | dept_self_evaluation
    scope: str
    title: str
    project: str | None
    unit_name: str
    printed_unit: str | None
    funds: list[TruthFund]
    indicators: list[TruthIndicator]
    first_page: int = 0
    last_page: int = 0
    total_weight: Decimal | None = None  # the 总分 row as printed
    total_score: Decimal | None = None


def _num(text: str | None) -> Decimal | None:
    if text is None or text in {"--", "—", "-", ""}:
        return None
    return Decimal(text.rstrip("%").replace(",", ""))


def _target(rng: random.Random) -> tuple[str, str | None, Decimal | None, str | None]:
    """(printed text, operator, value, unit); the printed text may hold a space between the
    operator and the number (read without it)."""
    kind = rng.random()
    if kind < 0.2:
        return rng.choice(_QUALITATIVE), None, None, None
    if kind < 0.3:
        return rng.choice(_RANGES), None, None, None
    value = rng.choice(["95", "100", "16", "0", "3843.67", "24", "1,200", "99.5", "4.5"])
    unit = rng.choice(_UNITS) or None
    op = rng.choice([*_OPERATORS, None, None])
    gap = " " if op and rng.random() < 0.3 else ""
    text = f"{op or ''}{gap}{value}{unit or ''}"
    return text, (_OPERATORS[op] if op else None), Decimal(value.replace(",", "")), unit


def _amount(rng: random.Random) -> str:
    whole = rng.choice([9, 240, 4043, 1292, 16108, 2495142])
    style = rng.random()
    if style < 0.2:
        return f"{whole}.{rng.randrange(10**6):06d}"  # 6 decimals (9.700000)
    if style < 0.4:
        return str(whole)
    if style < 0.7:
        return f"{whole:,}.{rng.randrange(100):02d}"
    return f"{whole}.{rng.randrange(100):02d}"


def _indicators(rng: random.Random, n_min: int, n_max: int) -> list[TruthIndicator]:
    out: list[TruthIndicator] = []
    n = rng.randint(n_min, n_max)
    while len(out) < n:
        level1, seconds = rng.choice(_LEVELS)
        label1 = f"{level1}（{rng.choice([50, 30, 10, 20])}分）" if rng.random() < 0.5 else level1
        for level2 in rng.sample(seconds, rng.randint(1, len(seconds))):
            for _ in range(rng.randint(1, 3)):
                name = rng.choice(_NAMES)
                if rng.random() < 0.5:
                    name = f"指标{rng.randint(1, 9)}：{name}"
                target, op, value, unit = _target(rng)
                actual_kind = rng.random()
                if actual_kind < 0.4:
                    actual, actual_value = target.replace(" ", ""), value
                elif actual_kind < 0.8:
                    a = rng.choice(["93.47", "24", "0", "98.84", "1621"])
                    actual, actual_value = a, Decimal(a)
                else:
                    actual, actual_value = rng.choice(_QUALITATIVE), None
                weight = rng.choice(["12.5", "10", "5", "2", "15", "4"])
                score = rng.choice([weight, weight, "0", "1.33", str(Decimal(weight) - 1)])
                deviation = rng.choice([None, None, *_DEVIATIONS])
                out.append(
                    TruthIndicator(
                        label1,
                        level2,
                        name,
                        target.replace(" ", ""),
                        op,
                        value,
                        unit,
                        actual,
                        actual_value,
                        Decimal(weight),
                        Decimal(score),
                        deviation,
                        printed_target=target,
                    )
                )
    return out[:n]


def random_performance(seed: int) -> list[TruthTable]:
    """The 绩效 tables of one generated document: 项目 tables, or one 整体 table (odd seeds)."""
    rng = random.Random(seed)
    unit = rng.choice(["西安市卫生健康委员会", "宁德市人民政府办公室", "某市疾病预防控制中心"])
    year = rng.choice([2022, 2023, 2024])
    if seed % 2:
        funds: list[TruthFund] = []
        for line, label in [
            ("total", "合计"),
            ("fiscal", "财政资金小计"),
            (None, "①中央财政资金"),
            (None, "③地方财政资金"),
            ("other", "其他资金小计"),
        ]:
            initial, adjust = _amount(rng), rng.choice(["0.00", "790.22", "--"])
            full, paid = _amount(rng), _amount(rng)
            rate = rng.choice(["88.75", "100.00", "0.00", "--"])
            weight, score = ("10", rng.choice(["7", "10", "9.5"])) if line == "total" else (None, None)
            printed = (initial, adjust, full, paid, rate, "1125.03", "11.2500", weight or "", score or "")
            if line is not None:
                funds.append(
                    TruthFund(
                        line,
                        label,
                        _num(initial),
                        _num(full),
                        _num(paid),
                        rate,
                        _num(rate),
                        _num(weight),
                        _num(score),
                        printed,
                    )
                )
            else:
                funds.append(TruthFund("", label, None, None, None, None, None, None, None, printed))
        return [
            TruthTable(
                "dept_self_evaluation",
                "整体",
                "部门整体绩效自评表",
                None,
                unit,
                "万元" if rng.random() < 0.5 else None,
                funds,
                _indicators(rng, 8, 30),
            )
        ]
    tables = []
    for _ in range(rng.randint(1, 3)):
        project = f"{year}年{rng.choice(['病媒生物防制', '事业单位离休人员和保健对象医疗费', '卫生健康考试考务费'])}"
        if rng.random() < 0.4:
            project += "及基层医疗卫生机构能力提升配套专项资金项目"  # wraps in its cell
        total, fiscal = _amount(rng), _amount(rng)
        rate = rng.choice(["100.00%", "97.74%", "1000%", "0.0%"])
        blank = rng.choice(["—", "--"])
        score = rng.choice(["10", "9.77", "10.00"])
        funds = [
            TruthFund(
                "total",
                "年度资金总额",
                _num(total),
                _num(fiscal),
                _num(fiscal),
                rate,
                _num(rate),
                Decimal(10),
                Decimal(score),
                (total, fiscal, fiscal, "10", rate, score),
            ),
            TruthFund(
                "fiscal",
                "其中：当年财政拨款",
                _num(total),
                _num(fiscal),
                _num(fiscal),
                None,
                None,
                None,
                None,
                (total, fiscal, fiscal, blank, "", blank),
            ),
            TruthFund(
                "carryover", "上年结转资金", None, None, None, None, None, None, None, ("", "", "", blank, "", blank)
            ),
            TruthFund("other", "其他资金", None, None, None, None, None, None, None, ("", "", "", blank, "", blank)),
        ]
        tables.append(
            TruthTable(
                "project_self_evaluation",
                "项目",
                f"{project}项目绩效自评表",
                project,
                unit,
                "万元",
                funds,
                _indicators(rng, 5, 24),
            )
        )
    return tables


class _Drawer:
    """Draws cells row by row; a row that does not fit starts a new page (without the header)."""

    def __init__(self, style: Style, size: tuple[float, float]) -> None:
        self.style, self.size = style, size
        self.pages: list[Page] = []
        self.y = 0.0
        self.first_row: tuple[int, float] | None = None  # (page index, bottom) of the first indicator row

    def new_page(self) -> Page:
        self.pages.append(Page(*self.size))
        self.y = MARGIN_TOP
        return self.pages[-1]

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def lines(self, text: str, width: float) -> list[str]:
        return self.style.wrap(text, width - 2 * CELL_INSET, self.style.body) if text else []

    def height(self, text: str, width: float) -> float:
        return max(1, len(self.lines(text, width))) * self.style.line_h + 2 * CELL_PAD

    def cell(
        self,
        x0: float,
        x1: float,
        top: float,
        bottom: float,
        text: str,
        align: str = "center",
        page: Page | None = None,
    ) -> None:
        page = page or self.page
        for a, b, c, d in ((x0, top, x1, top), (x0, bottom, x1, bottom), (x0, top, x0, bottom), (x1, top, x1, bottom)):
            page.line(a, b, c, d)
        lines = self.lines(text, x1 - x0)
        size = self.style.body
        first = (top + bottom) / 2 - len(lines) * self.style.line_h / 2
        for i, line in enumerate(lines):
            baseline = first + (i + 0.8) * self.style.line_h
            x = {"left": x0 + CELL_INSET, "right": x1 - CELL_INSET, "center": (x0 + x1) / 2}[align]
            page.text(x, baseline, line, size, align)

    def row(self, xs: Sequence[float], texts: Sequence[str]) -> tuple[float, float]:
        """One row of single cells; returns its (top, bottom)."""
        h = max(self.height(t, xs[i + 1] - xs[i]) for i, t in enumerate(texts))
        if self.y + h > self.size[1] - MARGIN_BOTTOM:
            self.new_page()
        top = self.y
        for i, t in enumerate(texts):
            self.cell(xs[i], xs[i + 1], top, top + h, t)
        self.y += h
        return top, top + h


def _cols(x0: float, widths: Sequence[float], total: float) -> list[float]:
    scale = total / sum(widths)
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w * scale)
    return xs


def _indicator_block(d: _Drawer, table: TruthTable, xs: list[float], heads: Sequence[str]) -> list[TruthIndicator]:
    """The indicator header and rows; the 一级/二级 labels merged over their rows (split at a
    page break, printed once on the part where their row block starts). Returns the truth with
    pages."""
    d.row(xs, ["", *heads])  # the first cell is the 绩效指标 column, merged below
    rows: list[tuple[int, float, float]] = []  # (page index, top, bottom) of each indicator row
    for ind in table.indicators:
        texts = [ind.level3, ind.target or "", ind.actual or "", str(ind.weight), str(ind.score), ind.deviation or ""]
        h = max(d.height(t, xs[i + 4] - xs[i + 3]) for i, t in enumerate(texts))
        h = max(h, d.height(ind.level2 or "", xs[3] - xs[2]))
        if d.y + h > d.size[1] - MARGIN_BOTTOM:
            d.new_page()
        top = d.y
        for i, t in enumerate(texts):
            printed = ind.printed_target or t if i == 1 else t
            d.cell(xs[i + 3], xs[i + 4], top, top + h, printed, "left" if i in (0, 5) else "center")
        d.y += h
        rows.append((len(d.pages) - 1, top, top + h))
        if d.first_row is None:
            d.first_row = (rows[0][0], rows[0][2])
    # merged cells: 绩效指标 (col 0), 一级 (col 1), 二级 (col 2), each split at page breaks
    for col, key in ((0, None), (1, "level1"), (2, "level2")):
        i = 0
        while i < len(rows):
            j = i
            while (
                j + 1 < len(rows)
                and (key is None or getattr(table.indicators[j + 1], key) == getattr(table.indicators[i], key))
                and (key != "level2" or table.indicators[j + 1].level1 == table.indicators[i].level1)
            ):
                j += 1
            label = "绩效指标" if key is None else getattr(table.indicators[i], key) or ""
            k, printed = i, False
            while k <= j:
                m = k
                while m + 1 <= j and rows[m + 1][0] == rows[k][0]:
                    m += 1
                d.cell(xs[col], xs[col + 1], rows[k][1], rows[m][2], "" if printed else label, page=d.pages[rows[k][0]])
                printed = True
                k = m + 1
            i = j + 1
    return [TruthIndicator(**{**ind.__dict__, "page": rows[n][0] + 1}) for n, ind in enumerate(table.indicators)]


def _project_table(d: _Drawer, table: TruthTable, origin: float = MARGIN_TOP) -> TruthTable:
    """One 项目 table drawn on the drawer's last page, its grid starting at `origin` + 6."""
    width = d.size[0] - 2 * MARGIN_X
    page = d.page
    first = len(d.pages)
    page.text(d.size[0] / 2, origin - 12, table.title, 11, "center")
    page.text(d.size[0] / 2, origin - 1, "（2022年度）", 8, "center")
    d.y = origin + 6
    xs_head = _cols(MARGIN_X, [74, 426], width)
    d.row(xs_head, ["项目名称", table.project or ""])
    d.row(_cols(MARGIN_X, [74, 249, 107, 70], width), ["主管部门", table.unit_name, "实施单位", table.unit_name])
    xs_money = _cols(MARGIN_X, [74, 80, 84, 85, 83, 24, 34, 36], width)
    top0 = d.y
    d.row(xs_money[1:], ["", "年初预算数", "全年预算数（A）", "全年执行数（B）", "分值", "执行率（B/A）", "得分"])
    for fund in table.funds:
        d.row(xs_money[1:], [fund.label, *fund.printed])
    d.cell(xs_money[0], xs_money[1], top0, d.y, "项目资金（万元）")
    xs_goal = _cols(MARGIN_X, [38, 285, 177], width)
    d.row(xs_goal, ["年度总体目标", "预期目标（年初设定）", "实际完成情况"])
    xs = _cols(MARGIN_X, [38, 40, 42, 130, 80, 80, 28, 28, 52], width)
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]
    indicators = _indicator_block(d, table, xs, heads)
    table.total_weight = sum((i.weight or Decimal(0) for i in table.indicators), Decimal(0))
    table.total_score = sum((i.score or Decimal(0) for i in table.indicators), Decimal(0))
    d.row([xs[0], xs[6], xs[7], xs[8], xs[9]], ["总分", str(table.total_weight), str(table.total_score), ""])
    table.indicators, table.first_page, table.last_page = indicators, first, len(d.pages)
    return table


def _dept_table(d: _Drawer, table: TruthTable, origin: float = MARGIN_TOP) -> TruthTable:
    """One 整体 table drawn on the drawer's last page, its grid starting at `origin` + 8."""
    width = d.size[0] - 2 * MARGIN_X
    page = d.page
    first = len(d.pages)
    page.text(d.size[0] / 2, origin - 12, table.title, 11, "center")
    page.text(d.size[0] / 2, origin - 1, "（2024年度）", 8, "center")
    if table.printed_unit:
        page.text(d.size[0] - MARGIN_X, origin + 4, f"单位：{table.printed_unit}", 7.5, "right")
    d.y = origin + 8
    d.row(_cols(MARGIN_X, [111, 640], width), ["专项名称", "127部门整体"])
    d.row(_cols(MARGIN_X, [111, 206, 163, 207], width), ["部门（单位）名称", table.unit_name, "部门预算编码", "127"])
    xs = _cols(MARGIN_X, [27, 84, 88, 62, 56, 70, 93, 103, 104, 32, 32], width)
    top0 = d.y
    # two header rows: 预算安排 / 拨付情况 / 结余情况 over the leaves; 分值 and 得分 merged over both
    h = d.style.line_h + 2 * CELL_PAD
    d.cell(xs[2], xs[5], d.y, d.y + h, "预算安排")
    d.cell(xs[5], xs[7], d.y, d.y + h, "拨付情况")
    d.cell(xs[7], xs[9], d.y, d.y + h, "结余情况")
    leaves = NINGDE_MONEY_HEADER
    h2 = max(d.height(t, xs[i + 3] - xs[i + 2]) for i, t in enumerate(leaves))
    for i, t in enumerate(leaves):
        d.cell(xs[i + 2], xs[i + 3], d.y + h, d.y + h + h2, t)
    d.cell(xs[9], xs[10], d.y, d.y + h + h2, "分值")
    d.cell(xs[10], xs[11], d.y, d.y + h + h2, "得分")
    d.cell(xs[1], xs[2], d.y, d.y + h + h2, "")
    d.y += h + h2
    for fund in table.funds:
        d.row(xs[1:], [fund.label, *fund.printed])
    d.cell(xs[0], xs[1], top0, d.y, "财政资金安排和使用情况")
    d.row(_cols(MARGIN_X, [111, 320, 320], width), ["年度总体目标", "预期目标", "目标实际完成情况"])
    xi = _cols(MARGIN_X, [27, 70, 70, 150, 90, 90, 40, 40, 174], width)
    heads = [
        "一级指标",
        "二级指标",
        "三级指标",
        "年度指标值",
        "实际完成值",
        "指标分值",
        "自评得分",
        "偏差原因分析及改进措施",
    ]
    indicators = _indicator_block(d, table, xi, heads)
    table.total_score = sum((i.score or Decimal(0) for i in table.indicators), Decimal(0))
    d.row([xi[0], xi[6], xi[7], xi[9]], ["总分值、评价总分(S)", "", str(table.total_score)])
    table.funds = [f for f in table.funds if f.line]
    table.indicators, table.first_page, table.last_page = indicators, first, len(d.pages)
    return table


# Between a table's last row and the next table's title baseline (`origin` - 12): the title's
# ascent clears the rows above by about 10 pt, as a Word paragraph spacing does.
_FLOW_GAP = 32.0


_Draw = Callable[[_Drawer, TruthTable, float], TruthTable]


def _start(d: _Drawer, table: TruthTable, draw: _Draw, flow: bool) -> float:
    """Where the table's `origin` is: below the table before on its page when flowing and its
    title, head and first indicator row fit there (measured by drawing it on a scratch page),
    else at the top of a new page."""
    if flow and d.pages:
        scratch = _Drawer(d.style, d.size)
        scratch.new_page()
        draw(scratch, copy.deepcopy(table), MARGIN_TOP)
        assert scratch.first_row is not None
        page, bottom = scratch.first_row
        origin = d.y + _FLOW_GAP
        if page == 0 and origin + bottom - MARGIN_TOP <= d.size[1] - MARGIN_BOTTOM:
            return origin
    d.new_page()
    return MARGIN_TOP


def draw_performance(
    tables: Sequence[TruthTable], style: Style, flow: bool = False
) -> tuple[list[Page], list[TruthTable]]:
    """The pages of the tables and their truth with pages (1-based, counted from the first page
    drawn here). Each table starts a page, or with `flow` below the table before where it fits."""
    landscape = any(t.family == "dept_self_evaluation" for t in tables)
    d = _Drawer(style, LANDSCAPE if landscape else PORTRAIT)
    out = []
    for t in tables:
        draw = _dept_table if t.family == "dept_self_evaluation" else _project_table
        origin = _start(d, t, draw, flow)
        d.first_row = None
        out.append(draw(d, t, origin))
    return d.pages, out


def flows(seed: int) -> bool:
    """Whether seed's tables flow one after the other (drawn apart from the tables' own draws,
    so a seed's tables are the same either way)."""
    return random.Random(f"layout:{seed}").random() < 0.5


def render_performance(
    seed: int, out_pdf: Path, font: str = "ttf", body: float = 7.5, flow: bool | None = None
) -> list[TruthTable]:
    """Write one generated 绩效 document and return its tables' truth (`flow`: as `flows(seed)`
    unless given)."""
    style = Style.of(font, body)  # type: ignore[arg-type]
    pages, truth = draw_performance(random_performance(seed), style, flows(seed) if flow is None else flow)
    emit(pages, Path(out_pdf), "绩效自评表", style.font)
    return truth
