"""Rendered 财政项目支出绩效评价报告 with a 项目支出情况表 (长沙's layout, family
project_execution_list), with ground truth.

A cover naming the 评价项目单位, a page of text, then the table inside the text under the paragraph
introducing it (title `项目支出情况表`, `单位：万元`): 序号 | 项目名称 | 预算批复 | 预算到位 | 实际执行 |
执行率 | 指标结余 | 超支或结余资金原因及处理. Rows: the 合计, then groups (一, 二 …) each printed as
the sum of its items (1, 2 …), or a flat list of items without groups.

Variants (by seed): 0–4 groups (0: a flat list), names wrapped over up to five lines in the narrow
项目名称 column, reasons wrapped in theirs, the table starting low on a page so it runs over a page
break (the header repeated on the next page, or not), `-` printed for no 指标结余, a project
whose 预算到位 is short of its 预算批复 (the 执行率 is of 预算批复: 70.00 of 280.00 is 25.00%), and the
real file's slip: the 合计's 预算到位 printed as its 预算批复 (the groups' 预算到位 do not add up to it:
P8 flags the report)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from samples.pages import MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PORTRAIT, Style, emit
from samples.performance import _cols, _Drawer

FAMILY = "project_execution_list"
TITLE = "项目支出情况表"
_GROUPS = [
    "破产改制企业资金缺口弥补", "困难企业社保欠费补助", "困难企业、职工帮扶资金", "困难企业安全生产隐患整改引导资金",
    "国有企业改革专项资金",
]  # fmt: skip
_ITEMS = [
    "弥补破产改制企业资金缺口", "处置僵尸企业启动资金",
    "消化困难企业历年欠缴社保费挂账及政府兜底企业的社保欠费分年支付",
    "解决困难国有企业欠缴社保费职工到龄不能退休的资金补助", "关停企业困难补助", "三户困难企业特困救助",
    "留守机构补助资金", "国有企业领导班子成员特困补助", "国有企业职教幼教退休教师生活补助", "两节两会慰问", "应急资金",
    "困难企业安全生产隐患整改引导资金", "厂办大集体改革补助", "退休人员社会化管理经费",
]  # fmt: skip
_REASONS = ["由财政直接拨付", "根据企业改办联审结果安排资金", "根据到龄退休实际欠费情况安排资金",
            "因年底财政关账，结余资金在下一年度支付，以后都顺延使用下一年度资金", "项目未落地，不予拨付"]  # fmt: skip
_UNITS = ["长沙市人民政府国有资产监督管理委员会", "长沙市民政局", "株洲市财政局"]
_TEXT = ("为加强财政支出绩效管理，提高财政资金使用效益，市财政局绩效评价工作组对该专项资金进行了绩效评价，"
         "评价采用定量分析和定性分析相结合的方法。具体资金情况如下表：")  # fmt: skip
_AFTER = "（2）资金实际执行分配情况：各项目资金均按规定用途使用，结余资金由财政收回。"
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class TruthListRow:
    """One printed row as the reader should give it back (a table of its own)."""

    row_kind: str  # total | group | item
    project: str | None  # None for the 合计
    parent_project: str | None
    page: int
    budget_full_year: Decimal
    budget_in_place: Decimal
    executed: Decimal
    execution_rate_text: str
    execution_rate: Decimal
    unspent: Decimal | None  # None where `-` is printed
    unspent_reason: str | None
    printed_no: str


@dataclass
class TruthList:
    unit_name: str
    year: int
    rows: list[TruthListRow]


def _money(amount: Decimal) -> str:
    return f"{amount:,.2f}"


def _rate(executed: Decimal, base: Decimal) -> Decimal:
    return (executed * 100 / base).quantize(_CENT, ROUND_HALF_UP)


def _row(kind: str, name: str | None, parent: str | None, no: str, approved: Decimal, in_place: Decimal,
         executed: Decimal, reason: str | None) -> TruthListRow:  # fmt: skip
    rate = _rate(executed, approved)
    unspent = approved - executed
    return TruthListRow(kind, name, parent, 0, approved, in_place, executed, f"{rate}%", rate,
                        unspent if unspent else None, reason, no)  # fmt: skip


def random_list(seed: int) -> TruthList:
    """The rows of one generated table (pages still 0)."""
    rng = random.Random(seed)
    n_groups = seed % 5  # (0: a flat list)
    names = rng.sample(_ITEMS, len(_ITEMS))
    groups = rng.sample(_GROUPS, n_groups)
    body: list[TruthListRow] = []

    def items(parent: str | None, count: int) -> list[TruthListRow]:
        out = []
        for k in range(1, count + 1):
            approved = Decimal(rng.randrange(20, 600)) * 10
            short = rng.random() < 0.15  # (预算到位 short of 预算批复)
            in_place = (approved / 4).quantize(_CENT) if short else approved
            spent = in_place if rng.random() < 0.5 else (in_place * Decimal(rng.randrange(600, 1000)) / 1000).quantize(
                _CENT)  # fmt: skip
            reason = rng.choice(_REASONS) if rng.random() < 0.4 else None
            out.append(_row("item", names.pop(), parent, str(k), approved, in_place, spent, reason))
        return out

    numerals = "一二三四五六七八九十"
    for n, group in enumerate(groups):
        kids = items(group, rng.randint(1, 4))
        body.append(_row("group", group, None, numerals[n], sum((r.budget_full_year for r in kids), Decimal(0)),
                         sum((r.budget_in_place for r in kids), Decimal(0)),
                         sum((r.executed for r in kids), Decimal(0)), None))  # fmt: skip
        body.extend(kids)
    if not groups:
        body = items(None, rng.randint(3, 7))
    top = [r for r in body if r.parent_project is None]
    approved = sum((r.budget_full_year for r in top), Decimal(0))
    in_place = sum((r.budget_in_place for r in top), Decimal(0))
    if seed % 3 == 0:
        in_place = approved  # (the real file's slip: the 合计's 预算到位 printed as its 预算批复)
    executed = sum((r.executed for r in top), Decimal(0))
    total = _row("total", None, None, "", approved, in_place, executed, None)
    return TruthList(rng.choice(_UNITS), rng.choice([2019, 2020, 2021]), [total, *body])


def draw_list(seed: int, style: Style, sub_level: bool = False) -> tuple[list, TruthList]:
    """The pages of one generated report and its truth (pages 1-based). `sub_level`: the last item
    numbered `（1）`, a level the list does not say it adds up into (the reader quarantines it)."""
    rng = random.Random(f"layout:{seed}")
    truth = random_list(seed)
    if sub_level:
        truth.rows[-1] = TruthListRow(**{**truth.rows[-1].__dict__, "printed_no": "（1）"})
    d = _Drawer(style, PORTRAIT)
    width = d.size[0] - 2 * MARGIN_X
    cover = d.new_page()
    cover.text(d.size[0] / 2, 140, "长沙市财政项目支出绩效评价报告", 16, "center")
    for n, line in enumerate([f"评价项目名称：{truth.year}年度{truth.unit_name}专项资金绩效评价",
                              f"评价项目单位：{truth.unit_name}", f"项目主管部门：{truth.unit_name}",
                              f"报告日期：{truth.year + 1}年8月22日"]):  # fmt: skip
        cover.text(MARGIN_X + 40, 240 + 28 * n, line, 11, "left")
    page = d.new_page()
    # the table starts low on the page: it runs over one or two page breaks
    d.y = MARGIN_TOP + [60, 520, 600, 650][seed % 4]
    for line in style.wrap(_TEXT, width, 10):
        page.text(MARGIN_X, d.y, line, 10, "left")
        d.y += 16
    page.text(d.size[0] / 2, d.y + 8, TITLE, 11, "center")
    page.text(d.size[0] - MARGIN_X, d.y + 24, "单位：万元", 8, "right")
    d.y += 32
    xs = _cols(MARGIN_X, [18, rng.choice([58, 70]), 50, 50, 50, 44, 50, 110], width)
    header = ["序号", "项目名称", "预算批复", "预算到位", "实际执行", "执行率", "指标结余", "超支或结余资金原因及处理"]
    repeat = seed % 2 == 0  # (the header printed again on each page, as 长沙 does, or not)
    d.row(xs, header)
    rows: list[TruthListRow] = []
    for r in truth.rows:
        texts = [r.printed_no, r.project or "合计", _money(r.budget_full_year), _money(r.budget_in_place),
                 _money(r.executed), r.execution_rate_text, _money(r.unspent) if r.unspent else "-",
                 r.unspent_reason or ""]  # fmt: skip
        h = max(d.height(t, xs[i + 1] - xs[i]) for i, t in enumerate(texts))
        if d.y + h > d.size[1] - MARGIN_BOTTOM:
            d.new_page()
            if repeat:
                d.row(xs, header)
        for i, t in enumerate(texts):
            d.cell(xs[i], xs[i + 1], d.y, d.y + h, t, "left" if i == 7 else "center")
        rows.append(TruthListRow(**{**r.__dict__, "page": len(d.pages)}))
        d.y += h
    if d.y + 40 < d.size[1] - MARGIN_BOTTOM:
        d.page.text(MARGIN_X, d.y + 24, _AFTER, 10, "left")
    truth.rows = rows
    return d.pages, truth


def render_list(seed: int, out_pdf: Path, font: str = "ttf", body: float = 7.5, sub_level: bool = False) -> TruthList:
    """Write one generated 绩效评价报告 with its 项目支出情况表 and return the table's truth."""
    style = Style.of(font, body)  # type: ignore[arg-type]
    pages, truth = draw_list(seed, style, sub_level)
    emit(pages, Path(out_pdf), "财政项目支出绩效评价报告", style.font)
    return truth
