"""Generated 绩效评价基础数据表 (湖南 岳阳楼区, seed 003 附件1) with ground truth, rendered as a PDF
page and written as a Word table (seed 003 is Word-derived) or an Excel sheet: 预算单位名称; 财政供养人员情况(人)
编制数 | <year>年实际在职人数 | 控制率 over their values; 经费控制情况(万元) by <year-1>年决算数 |
<year>年预算数 | <year>年决算数 with one row per line (三公经费 and its lines, 项目支出 and its numbered
groups, the 专项 one per line under 区级专项资金 / 上级转移支付, 公用经费 and its 其中 lines, 政府采购金额,
部门基本支出预算调整); 楼堂馆所控制情况 (six columns over a row, blank or printed); 厉行节约保障措施.

`random_base_data(seed)` draws what varies: the year, lines present or absent, blank cells, the
number of 专项 (none to six), staffing, a 楼堂馆所 row or a blank one. Every parent the template
sums is printed as the sum of its lines (cents exact); `inconsistent=True` prints 项目支出's prior
决算 3.00 over the sum of its groups, as seed 003 does (2385.39 for 2382.39). The grid is one spec
(cells with spans on a 7-column grid) drawn each way, so the PDF, .docx and .xlsx hold the same table.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from samples.pages import MARGIN_TOP, MARGIN_X, PORTRAIT, Style, emit
from samples.performance import _cols, _Drawer
from samples.performance_office import OfficeTableSpec, Placed, write_docx, write_xlsx

ROLES = ("prior_final", "budget", "final")
_SPECIAL = ["宣传教育经费", "核酸检测经费", "临聘医务人员工资", "医改工作经费", "生育关怀经费", "春节慰问",
            "重症精神病监护补贴", "中医药事业发展", "老年人意外保险", "疫情防控临时性工资补助（民营机构）",
            "税费缴纳"]  # fmt: skip
_TRANSFER = ["基本公卫经费", "重大传染病防控经费", "计划生育转移支付资金"]


_BUILDING_HEADS = ["批复规模\n(m²)", "实际规\n模(m²)", "规模控制率", "预算投资\n(万元)", "实际\n投资\n(万元)",
                   "投资概\n算控制\n率"]  # fmt: skip
_BUILDING_KEYS = ["approved_scale", "actual_scale", "scale_control_rate", "budget_investment", "actual_investment",
                  "investment_control_rate"]  # fmt: skip


@dataclass
class TruthBaseLine:
    label: str
    line_key: str | None
    level: int
    parent_no: int | None
    cents: list[int | None]  # per column (ROLES order), in 0.01 万元; None: blank

    @property
    def texts(self) -> list[str | None]:
        return [None if c is None else f"{Decimal(c) / 100:.2f}" for c in self.cents]


@dataclass
class TruthBaseData:
    title: str
    unit_name: str
    year: int
    headers: list[str]
    staffing: tuple[str | None, str | None, str | None]  # 编制数, 实际在职人数, 控制率 as printed
    lines: list[TruthBaseLine] = field(default_factory=list)
    buildings: dict[str, str] = field(default_factory=dict)  # the 楼堂馆所 row (empty: printed blank)
    savings_measures: str | None = None
    page: int = 1


def _sum(values: Sequence[int | None]) -> int | None:
    printed = [v for v in values if v is not None]
    return sum(printed) if printed else None


class _Lines:
    def __init__(self) -> None:
        self.lines: list[TruthBaseLine] = []

    def add(self, label: str, key: str | None, parent: TruthBaseLine | None, cents: list[int | None]) -> TruthBaseLine:
        parent_no = self.lines.index(parent) + 1 if parent is not None else None
        line = TruthBaseLine(label, key, parent.level + 1 if parent else 1, parent_no, cents)
        self.lines.append(line)
        return line

    def parent_of(self, label: str, key: str, parent: TruthBaseLine | None, kids: list[list[int | None]]) -> None:
        """A line printed as the sum of `kids` (added first: the line is printed above them)."""
        self.add(label, key, parent, [_sum(col) for col in zip(*kids, strict=True)] if kids else [None] * 3)


def _leaf(rng: random.Random, blank: float = 0.25) -> list[int | None]:
    return [None if rng.random() < blank else rng.randint(0, 60000) for _ in ROLES]


def random_base_data(seed: int, inconsistent: bool = False) -> TruthBaseData:
    rng = random.Random(seed)
    year = rng.choice([2021, 2022, 2023, 2024])
    unit = rng.choice(["岳阳市岳阳楼区卫生健康局", "岳阳市岳阳楼区疾病预防控制中心", "某县卫生健康局"])
    authorized = rng.randint(12, 90)
    actual = rng.randint(authorized // 2, authorized)
    rate = f"{Decimal(actual * 100) / Decimal(authorized):.2f}%"
    staffing = (str(authorized), str(actual), rate) if seed % 5 != 4 else (str(authorized), str(actual), None)
    lines = _Lines()
    # 三公经费 > 1、公务用车 > 其中：公车购置, 公车运行维护; 2、出国经费; 3、公务接待
    purchase, running = _leaf(rng, 0.5), _leaf(rng)
    abroad = _leaf(rng, 0.7) if rng.random() < 0.7 else None
    reception = _leaf(rng)
    car = [_sum(pair) for pair in zip(purchase, running, strict=True)]
    groups = [car, *([abroad] if abroad else []), reception]
    lines.parent_of("三公经费", "三公经费", None, groups)
    three = lines.lines[-1]
    lines.parent_of("1、公务用车购置和维护经费", "公务用车", three, [purchase, running])
    car_line = lines.lines[-1]
    lines.add("其中：公车购置", "公车购置", car_line, purchase)
    lines.add("公车运行维护", "公车运行维护", car_line, running)
    if abroad:
        lines.add("2、出国经费", "出国经费", three, abroad)
    lines.add(f"{3 if abroad else 2}、公务接待", "公务接待", three, reception)
    # 项目支出 > numbered groups, the 专项 under 区级专项资金 / 上级转移支付
    work, upkeep = _leaf(rng, 0.1), _leaf(rng, 0.2)
    specials = [_leaf(rng, 0.4) for _ in range(rng.randint(0, 6))]
    special_total = [_sum(col) for col in zip(*specials, strict=True)] if specials else _leaf(rng, 0.3)
    transfers = [_leaf(rng, 0.5) for _ in range(rng.randint(0, 2))] if rng.random() < 0.6 else None
    transfer_total = None
    if transfers is not None:
        transfer_total = [_sum(col) for col in zip(*transfers, strict=True)] if transfers else _leaf(rng, 0.5)
    project = [_sum(col) for col in zip(work, upkeep, special_total, transfer_total or [None] * 3, strict=True)]
    if inconsistent and project[0] is not None:
        project[0] += 300  # (seed 003: 2385.39 printed for 2382.39)
    total = lines.add("项目支出：", "项目支出", None, project)
    lines.add("1、业务工作经费", "业务工作经费", total, work)
    lines.add("2、运行维护经费", "运行维护经费", total, upkeep)
    group = lines.add("3、区级专项资金(一个专项一行)", "区级专项资金", total, special_total)
    for name, cents in zip(rng.sample(_SPECIAL, len(specials)), specials, strict=True):
        lines.add(name, None, group, cents)
    if transfer_total is not None and transfers is not None:
        group = lines.add("4、上级转移支付(一个专项一行）", "上级转移支付", total, transfer_total)
        for name, cents in zip(rng.sample(_TRANSFER, len(transfers)), transfers, strict=True):
            lines.add(name, None, group, cents)
    # 公用经费 (its 其中 lines a part of it), 政府采购金额, 部门基本支出预算调整
    parts = [_leaf(rng, 0.2) for _ in range(3)]
    public = [None if s is None else s + rng.randint(0, 50000) for s in (_sum(col) for col in zip(*parts, strict=True))]
    public_line = lines.add("公用经费", "公用经费", None, public)
    named = [("其中：办公经费", "办公经费"), ("水费、电费、差旅费", "水电差旅"), ("会议费、培训费", "会议培训")]
    for (label, key), cents in zip(named, parts, strict=True):
        if rng.random() < 0.85:
            lines.add(label, key, public_line, cents)
    lines.add("政府采购金额", "政府采购金额", None, _leaf(rng))
    if rng.random() < 0.7:
        lines.add("部门基本支出预算调整", "基本支出预算调整", None, _leaf(rng, 0.8))
    buildings: dict[str, str] = {}
    if rng.random() < 0.4:
        printed = ["1200", "1150", "95.83%", "300.00", "298.50", "99.50%"]
        buildings = dict(zip(_BUILDING_KEYS, printed, strict=True))
    savings = rng.choice([None, "严格执行中央八项规定精神，压减一般性支出"])
    headers = [f"{year - 1}年决算数", f"{year}年预算数", f"{year}年决算数"]
    title = f"{year}年度预算单位整体支出绩效评价基础数据表"
    return TruthBaseData(title, unit, year, headers, staffing, lines.lines, buildings, savings)


def base_spec(t: TruthBaseData) -> OfficeTableSpec:
    """The table on a 7-column grid: the label column, then each 经费 column two grid columns wide
    (楼堂馆所's six columns one each)."""
    cells: list[Placed] = []
    row = 0

    def put(*items: tuple[int, str] | tuple[int, str, int] | tuple[int, str, int, int]) -> None:
        nonlocal row
        for col, text, *spans in items:
            cells.append(Placed(row, col, text, *spans))
        row += 1

    a, b, rate = t.staffing
    put((0, "预算单位名称"), (1, t.unit_name, 6))
    put((0, "财政供养人员情况(人)", 1, 2), (1, "编制数", 2), (3, f"{t.year}年实际在职人数", 2), (5, "控制率", 2))
    put((1, a or "", 2), (3, b or "", 2), (5, rate or "", 2))
    put((0, "经费控制情况(万元)"), *((1 + 2 * i, h, 2) for i, h in enumerate(t.headers)))
    for line in t.lines:
        put((0, line.label), *((1 + 2 * i, text or "", 2) for i, text in enumerate(line.texts)))
    put((0, f"楼堂馆所控制情况\n({t.year}年完工项目)", 1, 2), *((1 + i, h) for i, h in enumerate(_BUILDING_HEADS)))
    put(*((1 + i, t.buildings.get(k, "")) for i, k in enumerate(_BUILDING_KEYS)))
    put((0, "厉行节约保障措施"), (1, t.savings_measures or "", 6))
    return OfficeTableSpec(["附件1", t.title], 7, cells)


def draw_spec(spec: OfficeTableSpec, style: Style, widths: Sequence[float]) -> list:
    """One page: the titles above the grid, each row as high as its tallest one-row cell."""
    d = _Drawer(style, PORTRAIT)
    page = d.new_page()
    for n, title in enumerate(spec.titles):
        x, align = (MARGIN_X, "left") if n == 0 else (d.size[0] / 2, "center")
        page.text(x, MARGIN_TOP - 14 + 13 * n, title, 10, align)
    xs = _cols(MARGIN_X, widths, d.size[0] - 2 * MARGIN_X)
    rows = max(c.row + c.rowspan for c in spec.cells)
    heights = [d.style.line_h + 4.0] * rows
    for c in spec.cells:
        if c.rowspan == 1:
            heights[c.row] = max(heights[c.row], d.height(c.text.replace("\n", ""), xs[c.col + c.colspan] - xs[c.col]))
    tops = [MARGIN_TOP + 14]
    for h in heights:
        tops.append(tops[-1] + h)
    for c in spec.cells:
        align = "left" if c.col == 0 else "center"
        d.cell(xs[c.col], xs[c.col + c.colspan], tops[c.row], tops[c.row + c.rowspan], c.text.replace("\n", ""), align)
    return d.pages


def render_base_data(seed: int, out: Path, inconsistent: bool = False, font: str = "ttf") -> TruthBaseData:
    """Write one generated 基础数据表 as `out` (.pdf, .docx or .xlsx, by its suffix) and return its
    truth (page: the PDF page, the Word table's ordinal, the sheet's number; all 1)."""
    truth = random_base_data(seed, inconsistent)
    spec = base_spec(truth)
    if out.suffix == ".docx":
        write_docx([spec], out)
    elif out.suffix == ".xlsx":
        write_xlsx([spec], out)
    else:
        style = Style.of(font, 7.5)  # type: ignore[arg-type]
        emit(draw_spec(spec, style, [150, 45, 45, 45, 45, 45, 45]), out, "绩效评价基础数据表", style.font)
    return truth
