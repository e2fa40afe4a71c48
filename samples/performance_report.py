"""A rendered narrative 绩效 report with ground truth: an 整体支出绩效自评报告 printed as text only,
in the outline of seed 002 (株洲 芦淞区 卫生健康局 2024): the unit's 年初预算, 一般公共预算财政拨款
收入 and 支出 (项目 / 基本, 人员 / 公用经费), 政府性基金项目支出, then one paragraph per 专项 stating
its 年中调增/调减, 支出决算数 and 结余结转.

`random_performance_report(seed)` picks the unit, the figures and, per statement, one of the
wordings such reports use (seeded), with the traps of seed 002: the project's heading line
(`1.计划生育专项`) right above the sentence starting with the same name, figures stated twice (the
first one counts), and numbers that are no statement (years, percentages, counts, 元 rates).
`render_performance_report` lays the paragraphs out on A4 pages (an amount is never cut across two
lines; a project's name may be) and returns the truth: every statement the reader must read, with
its key, project, amount as printed and page.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from samples.pages import MARGIN_BOTTOM, MARGIN_TOP, PORTRAIT, Page, Style, emit

_UNITS = ["株洲市芦淞区卫生健康局", "岳阳市岳阳楼区卫生健康局", "武汉市硚口区疾病预防控制中心", "西安市新城区民政局"]
_PROJECTS = [
    "计划生育专项",
    "医疗卫生专项",
    "疫情防控专项",
    "老龄事务专项",
    "卫生应急专项资金",
    "基本公共卫生服务项目",
    "家庭医生签约服务经费",
    "爱国卫生运动专项经费",
    "妇幼健康服务项目",
]
_FILLER = [
    "项目主要根据上级精神，对符合政策的对象进行摸底、登记、核实、确认、录入系统，申拨扶助金。",
    "全区城乡居民健康档案建档率达到90%以上，适龄儿童国家免疫规划疫苗接种率保持在90%以上。",
    "为60岁以上的特困供养人员提供每人每月100元的政府购买服务，保证协会正常运作。",
    "完成省、市对计生协工作的目标考核指标任务要求，开展业务培训2次，覆盖工作人员150人。",
]
# The 主要职责 paragraph (it puts the figures on the second page or later, as in seed 002).
_DUTIES = [
    "贯彻执行国民健康政策、卫生健康法律法规，拟订全区卫生健康工作有关规划、规章的实施细则和办法，并组织实施和监督检查。",
    "统筹规划全区卫生健康服务资源配置，指导区域卫生健康规划的编制和实施。",
    "协调推进全区深化医药卫生体制改革，研究提出全区深化医药卫生体制改革措施和办法。",
    "拟定并组织落实全区疾病预防控制规划、免疫规划以及严重危害人民健康公共卫生问题的干预措施。",
    "组织拟订并协调落实应对人口老龄化政策措施，推进老年健康服务体系建设和医养结合工作。",
    "负责职责范围内的职业卫生、放射卫生、环境卫生、学校卫生、公共场所卫生、饮用水卫生等公共卫生的监督管理。",
    "监督实施医疗机构、医疗服务行业管理办法，建立健全医疗服务评价和监督管理体系。",
    "负责全区健康教育、健康促进和卫生健康信息化建设等工作，完成区委、区政府交办的其他任务。",
]
BODY = 10.5
LINE_H = 18.0
MARGIN_X = 60.0


@dataclass(frozen=True)
class TruthStatement:
    key: str  # the row key of table PN
    project: str | None  # the project as printed (repeated statements), else None
    amount_text: str
    page: int = 0  # set when laid out

    @property
    def amount(self) -> Decimal:
        return Decimal(self.amount_text.replace(",", ""))


# A paragraph: its pieces, plain text or a statement's amount (printed, then 万元 follows in the text).
Piece = str | TruthStatement


@dataclass(frozen=True)
class PerformanceReport:
    unit: str
    year: int
    paragraphs: list[list[Piece]]
    headings: frozenset[int]  # the indexes of the paragraphs printed as headings

    @property
    def statements(self) -> list[TruthStatement]:
        return [p for para in self.paragraphs for p in para if isinstance(p, TruthStatement)]


def _money(rng: random.Random, lo: int, hi: int) -> Decimal:
    return Decimal(rng.randint(lo * 100, hi * 100)) / 100


def _printed(value: Decimal, rng: random.Random) -> str:
    """As reports print amounts: two decimals, trailing zeros dropped (seed 002: 2313.6, 0), or
    thousands separators."""
    style = rng.random()
    if style < 0.2 and value >= 1000:
        return f"{value:,.2f}"
    if style < 0.6:
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text or "0"
    return f"{value:.2f}"


def random_performance_report(seed: int, unit: str | None = None, year: int | None = None) -> PerformanceReport:
    """Seed's report (`unit`, `year`: of that unit and year, e.g. a 决算 sample's, instead of drawn)."""
    rng = random.Random(seed)
    drawn_unit, drawn_year = rng.choice(_UNITS), rng.randint(2021, 2025)
    unit, year = unit or drawn_unit, year or drawn_year
    personnel, public = _money(rng, 200, 900), _money(rng, 30, 120)
    basic, project = personnel + public, _money(rng, 500, 9000)
    general = basic + project
    paragraphs: list[list[Piece]] = []
    headings: set[int] = set()

    def heading(text: str) -> None:
        headings.add(len(paragraphs))
        paragraphs.append([text])

    def say(*pieces: Piece) -> None:
        paragraphs.append(list(pieces))

    def stated(key: str, value: Decimal, project_name: str | None = None) -> TruthStatement:
        return TruthStatement(key, project_name, _printed(value, rng))

    heading(f"{year}年度{unit}整体支出")
    heading("绩效自评报告")
    heading("一、单位基本情况")
    say(*rng.sample(_DUTIES, rng.randint(3, len(_DUTIES))))
    say(f"{unit}是区政府工作部门，在职在编人员{rng.randint(12, 80)}名，设内设机构{rng.randint(3, 9)}个。")
    heading("二、一般公共预算支出情况")
    opening = rng.choice(["{y}年年初预算资金", "{y}年度年初预算数为", "本单位{y}年年初预算总额"])
    say("1." + opening.format(y=year), stated("budget_initial", _money(rng, 1000, 12000)), "万元。")
    if rng.random() < 0.5:
        full_year = _money(rng, 1000, 12000)
        executed = full_year - _money(rng, 0, 50)
        rate = f"{executed / full_year * 100:.2f}%"
        wording = rng.choice([("全年预算数", "，全年执行数"), ("调整后预算数为", "，全年实际支出")])
        say(wording[0], stated("budget_full_year", full_year), "万元" + wording[1],
            stated("executed", executed), f"万元，执行率{rate}。")  # fmt: skip
    if rng.random() < 0.5:
        say(f"{year}年度收入合计", stated("inc_total_current", general + _money(rng, 0, 300)), "万元，支出合计",
            stated("exp_total_current", general + _money(rng, 0, 300)), "万元。")  # fmt: skip
    income = rng.choice(["2.{y}年度单位一般公共预算财政拨款收入", "2.本年一般公共预算拨款收入为"])
    say(income.format(y=year), stated("inc_general_budget", general), "万元。")
    spending = rng.choice(["3.{y}年度单位一般公共预算财政拨款支出", "3.{y}年一般公共预算财政拨款支出为"])
    exp_total = stated("exp_general_budget", general)
    exp_basic, exp_project = stated("exp_basic", basic), stated("exp_project", project)
    exp_personnel, exp_public = stated("personnel_total", personnel), stated("public_total", public)
    if rng.random() < 0.5:
        say(spending.format(y=year), exp_total, "万元，其中：项目支出", exp_project, "万元，基本支出", exp_basic,
            "万元，其中：人员经费", exp_personnel, "万元，公用经费", exp_public, "万元。")  # fmt: skip
    else:
        say(spending.format(y=year), exp_total, "万元，其中：基本支出", exp_basic, "万元（人员经费支出",
            exp_personnel, "万元、公用经费支出", exp_public, "万元），项目支出", exp_project, "万元。")  # fmt: skip
    heading("（二）项目支出情况")
    # stated again: the first statement counts, this one is no row
    say(f"{year}年度本单位一般公共预算财政拨款项目支出{exp_project.amount_text}万元，资金使用率达100%。")
    heading("三、政府性基金预算支出情况")
    if rng.random() < 0.7:
        fund = rng.choice(
            [("政府性基金项目支出", "万元，为新院区择址新建项目经费。"), ("政府性基金预算财政拨款项目支出为", "万元。")]
        )
        say(fund[0], stated("exp_gov_fund_project", _money(rng, 50, 900)), fund[1])
    else:
        say("无。")
    heading("四、项目支出绩效情况")
    for number, name in enumerate(rng.sample(_PROJECTS, rng.randint(2, 5)), start=1):
        heading(f"{number}.{name}")
        pieces: list[Piece] = [name]
        change = rng.choice(["年中执行调增", "年中调整增加", "年中执行调减", "年中调整减少", None])
        if change is not None:
            key = "prj_adjust_up" if change.endswith(("增", "增加")) else "prj_adjust_down"
            pieces += [change, stated(key, _money(rng, 0, 3000), name), "万元，"]
        executed_wording = rng.choice(["支出决算数为", "实际支出", "决算数"])
        pieces += [executed_wording, stated("prj_executed", _money(rng, 5, 4000), name)]
        pieces += ["万元，" + rng.choice(["结余结转", "结转结余"]), stated("prj_carryover", _money(rng, 0, 20), name)]
        say(*pieces, "万元。", *rng.sample(_FILLER, rng.randint(1, len(_FILLER))))
    heading("五、存在的问题及原因分析")
    say(f"{year}年本单位较好地完成了各项收入支出预算，部分项目效果无法量化，预算完成率需进一步提高。")
    return PerformanceReport(unit, year, paragraphs, frozenset(headings))


_TOKEN = re.compile(r"\d[\d,.]*|.", re.S)


def _tokens(paragraph: list[Piece]) -> list[tuple[str, TruthStatement | None]]:
    """A paragraph cut where a line may break: between any two characters, never inside a number."""
    out: list[tuple[str, TruthStatement | None]] = []
    for piece in paragraph:
        if isinstance(piece, TruthStatement):
            out.append((piece.amount_text, piece))
        else:
            out += [(t, None) for t in _TOKEN.findall(piece)]
    return out


def layout_report(report: PerformanceReport, style: Style) -> tuple[list[Page], list[TruthStatement]]:
    """The report's pages (paragraphs indented, wrapped at the margin) and its statements, each
    with the page its amount is printed on."""
    width, height = PORTRAIT
    pages: list[Page] = []
    truth: list[TruthStatement] = []
    y = height  # (a new page on the first line)

    def next_line() -> Page:
        nonlocal y
        if y + LINE_H > height - MARGIN_BOTTOM:
            pages.append(Page(width, height))
            y = MARGIN_TOP
        y += LINE_H
        return pages[-1]

    for i, paragraph in enumerate(report.paragraphs):
        page = next_line()
        x = MARGIN_X + (0 if i in report.headings else 2 * BODY)
        line = ""
        for token, statement in _tokens(paragraph):
            if line and x + style.width(line + token, BODY) > width - MARGIN_X:
                page.text(x, y, line, BODY)
                page, x, line = next_line(), MARGIN_X, ""
            line += token
            if statement is not None:
                truth.append(TruthStatement(statement.key, statement.project, statement.amount_text, len(pages)))
        page.text(x, y, line, BODY)
    return pages, truth


def render_performance_report(
    seed: int, out_pdf: Path, unit: str | None = None, year: int | None = None
) -> tuple[PerformanceReport, list[TruthStatement]]:
    """Render seed's report to `out_pdf` (embedded TrueType CJK font: no system font needed)."""
    report = random_performance_report(seed, unit, year)
    style = Style.of("ttf", BODY)
    pages, truth = layout_report(report, style)
    emit(pages, Path(out_pdf), f"{report.year}年度{report.unit}整体支出绩效自评报告", style.font)
    return report, truth
