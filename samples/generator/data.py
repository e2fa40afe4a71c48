"""A random but internally consistent 部门决算 (nine tables) from a seeded random stream.

Money is drawn in 元 (integers) per 功能科目 leaf and per source/use, every row and total is summed
in 元, and each printed figure is rounded to 0.01 万元 on its own, as a publisher's system does:
so a printed sum differs from its printed total by rounding only (≤ 0.005 × (n + 1)), and every
identity of the balance rules (R1–R11, X1–X4) holds in 元 by construction.

Per leaf: the appropriation fund it belongs to (一般公共预算 / 政府性基金 / 国有资本经营), its
appropriation spending (基本 / 项目) and carry-overs (年初 / 年末), and the money of other sources
(上级补助, 事业收入, 经营收入, 附属单位上缴, 其他收入) with its spending.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

REFERENCE = Path(__file__).resolve().parents[2] / "ingest" / "reference"



def _codes(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# The 26 spending 类 printed on 01/04, in printed order.
CLASSES_01 = _codes(
    "201 202 203 204 205 206 207 208 210 211 212 213 214 "
    "215 216 217 219 220 221 222 223 224 229 231 232 234"
)
NUMERALS = [
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五", "十六",
    "十七", "十八", "十九", "二十", "二十一", "二十二", "二十三", "二十四", "二十五", "二十六",
]  # fmt: skip
# 类 a department's general-budget money is commonly spent in (besides 208/210/221).
MAIN_CLASSES = _codes("201 204 205 206 207 210 211 212 213 214 215 216 220 224")
# 款 of 政府性基金 spending (…安排的支出, 彩票公益金).
GOV_FUND_KUAN = _codes("20707 20823 21160 21208 21210 21211 21213 21214 21366 21369 21462 22904 22908 22960")
STATE_CAPITAL_CLASS = "223"
# Leaves every unit has: pensions, medical insurance, housing fund.
COMMON = {
    "208": ("20805", ("2080501", "2080502", "2080505", "2080506")),
    "210": ("21011", ("2101101", "2101102", "2101103", "2101199")),
    "221": ("22102", ("2210201", "2210202", "2210203")),
}
# 06's standard rows (as the national template prints them), per column group.
ECON_301 = _codes("30101 30102 30103 30106 30107 30108 30109 30110 30111 30112 30113 30114 30199")
ECON_303 = _codes("30301 30302 30303 30304 30305 30306 30307 30308 30309 30310 30311 30399")
ECON_302 = _codes(
    "30201 30202 30203 30204 30205 30206 30207 30208 30209 30211 30212 30213 30214 "
    "30215 30216 30217 30218 30224 30225 30226 30227 30228 30229 30231 30239 30240 30299"
)
ECON_310 = _codes("31002 31003 31007 31013 31022 31099")

NON_APPROPRIATION = ("superior_subsidy", "business", "operating", "affiliated", "other")

CITIES = ("武汉市", "长沙市", "株洲市", "岳阳市", "南昌市", "合肥市", "郑州市", "成都市", "贵阳市", "福州市")
DISTRICTS = ("洪山区", "青山区", "江汉区", "芦淞区", "岳阳楼区", "天心区", "雨花区", "新城区", "东湖区", "金水区")
DEPARTMENTS = (
    "卫生健康局", "教育局", "民政局", "财政局", "人力资源和社会保障局", "住房和城乡建设局", "城市管理执法局",
    "农业农村局", "文化和旅游局", "疾病预防控制中心", "妇幼保健院", "社区卫生服务中心", "档案馆",
    "机关事务服务中心", "司法局", "统计局", "退役军人事务局", "应急管理局",
)  # fmt: skip


@cache
def subjects(kind: str) -> dict[str, tuple[str, str]]:
    """code -> (name, parent code) from ingest/reference/<kind>_subjects.csv."""
    with (REFERENCE / f"{kind}_subjects.csv").open(encoding="utf-8") as fh:
        return {r["code"]: (r["name"], r["parent_code"]) for r in csv.DictReader(fh)}


@cache
def _children() -> dict[str, list[str]]:
    kids: dict[str, list[str]] = defaultdict(list)
    for code, (_, parent) in subjects("function").items():
        if parent:
            kids[parent].append(code)
    return dict(kids)


def wan(yuan: int) -> Decimal:
    """元 → 万元, rounded half up to the cent of 万元 the tables print."""
    return (Decimal(yuan) / 10000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money(yuan: int) -> str:
    return f"{wan(yuan):.2f}"


@dataclass
class Leaf:
    code: str
    fund: str  # general | gov_fund | state_capital
    basic: int = 0  # appropriation spending, 元
    project: int = 0
    begin: int = 0  # appropriation carried in / out
    end: int = 0
    other_income: dict[str, int] = field(default_factory=dict)  # non-appropriation income by source
    other_spend: dict[str, int] = field(default_factory=dict)  # non-appropriation spending by 03 column

    @property
    def spend(self) -> int:
        return self.basic + self.project

    @property
    def income(self) -> int:  # this year's appropriation
        return self.spend + self.end - self.begin


def partition(rng: random.Random, total: int, k: int, minimum: int = 100) -> list[int]:
    """k positive parts (each ≥ minimum when possible) summing exactly to total."""
    k = max(1, min(k, total // minimum if minimum else k))
    if k == 1:
        return [total]
    weights = [rng.lognormvariate(0, 0.9) for _ in range(k)]
    spare = total - k * minimum
    parts = [minimum + int(spare * w / sum(weights)) for w in weights]
    parts[rng.randrange(k)] += total - sum(parts)
    return parts


def _amount(rng: random.Random, mean: float) -> int:
    """One leaf's money in 元: lognormal around mean; now and then a round figure or a tiny one."""
    value = max(100, int(mean * rng.lognormvariate(0, 0.8)))
    roll = rng.random()
    if roll < 0.12:
        value = max(10000, round(value, -4))  # a round number of 万元
    elif roll < 0.17:
        value = rng.randint(100, 9999)  # under one 万元: 0.01 … 0.99
    return value


@dataclass
class Plan:
    """What the report holds, before any table is built."""

    leaves: list[Leaf]
    depth: int  # 3: 类/款/项 rows; 2: 类/款 rows
    surplus_use: int = 0  # 使用非财政拨款结余
    surplus_distribution: int = 0  # 结余分配
    other_begin: int = 0  # non-appropriation carry-overs
    other_end: int = 0
    personnel: dict[str, int] = field(default_factory=dict)  # 06: economic code -> 元
    public: dict[str, int] = field(default_factory=dict)
    three_public: dict[str, int] | None = None  # 09 budget_/actual_ items, None: no 三公 at all
    variables: dict[str, str] = field(default_factory=dict)


def _pick_leaves(rng: random.Random, depth: int) -> list[tuple[str, str]]:
    """(leaf code, fund) pairs: real codes from the catalog, 1–3 levels deep."""
    kids = _children()
    picked: list[tuple[str, str]] = []

    def leaves_of(kuan: str, n: int, fund: str) -> None:
        if depth == 2:
            picked.append((kuan, fund))
            return
        items = kids.get(kuan, [])
        if items:
            picked.extend((c, fund) for c in rng.sample(items, min(n, len(items))))

    for cls, p in (("208", 0.85), ("210", 0.6), ("221", 0.85)):
        if rng.random() < p:
            kuan, items = COMMON[cls]
            if depth == 2:
                picked.append((kuan, "general"))
            else:
                picked.extend((c, "general") for c in rng.sample(items, rng.randint(1, len(items))))
    mains = rng.sample(MAIN_CLASSES, 1 + (rng.random() < 0.35))
    for cls in mains:
        options = [k for k in kids.get(cls, []) if k not in GOV_FUND_KUAN and (depth == 2 or kids.get(k))]
        for kuan in rng.sample(options, min(len(options), rng.randint(1, 3))):
            leaves_of(kuan, rng.randint(1, 4), "general")
    return picked


def plan_report(rng: random.Random) -> Plan:
    depth = 3 if rng.random() < 0.85 else 2
    has_fund = rng.random() < 0.3
    has_capital = rng.random() < 0.08
    has_other = rng.random() < 0.45
    carry = rng.random() < 0.5
    picked = _pick_leaves(rng, depth)
    kids = _children()
    if has_fund:
        for kuan in rng.sample(GOV_FUND_KUAN, rng.randint(1, 2)):
            items = kids.get(kuan, [])
            if depth == 2:
                picked.append((kuan, "gov_fund"))
            elif items:
                picked.extend((c, "gov_fund") for c in rng.sample(items, min(len(items), rng.randint(1, 2))))
    if has_capital:
        kuan = rng.choice([k for k in kids[STATE_CAPITAL_CLASS] if kids.get(k)])
        if depth == 2:
            picked.append((kuan, "state_capital"))
        else:
            picked.extend((c, "state_capital") for c in rng.sample(kids[kuan], min(len(kids[kuan]), 2)))
    codes = sorted(dict(picked).items())  # a code drawn twice is one leaf
    scale = 10 ** rng.uniform(5.5, 8.6) / max(1, len(codes))  # a unit spends 30 万 … 4 亿 元
    leaves: list[Leaf] = []
    names = subjects("function")
    for code, fund in codes:
        leaf = Leaf(code, fund)
        total = _amount(rng, scale)
        name = names[code][0]
        if fund == "general" and (name == "行政运行" or code[:3] in COMMON):
            leaf.basic = total
        elif fund == "general":
            roll = rng.random()
            leaf.project = total if roll < 0.45 else 0
            leaf.basic = total if roll > 0.75 else 0
            if 0.45 <= roll <= 0.75:
                leaf.basic, leaf.project = partition(rng, total, 2) if total >= 200 else (total, 0)
        else:
            leaf.project = total
        if carry and rng.random() < 0.35:
            leaf.begin = rng.randint(100, max(100, leaf.spend))
        if carry and rng.random() < 0.35:
            leaf.end = _amount(rng, scale * 0.2)
        leaves.append(leaf)
    plan = Plan(leaves, depth)
    if has_other:
        _other_money(rng, plan, scale)
    elif carry and rng.random() < 0.3:
        plan.other_begin = plan.other_end = _amount(rng, scale * 0.3)  # an idle balance, untouched
    _economic(rng, plan)
    plan.variables = {
        "depth": str(depth),
        "gov_fund": "yes" if has_fund else "no",
        "state_capital": "yes" if has_capital else "no",
        "non_appropriation": "yes" if has_other else "no",
        "carryover": "yes" if carry else "no",
    }
    return plan


def _other_money(rng: random.Random, plan: Plan, scale: float) -> None:
    general = [leaf for leaf in plan.leaves if leaf.fund == "general"]
    sources = [s for s, p in zip(NON_APPROPRIATION, (0.2, 0.7, 0.15, 0.1, 0.6), strict=True) if rng.random() < p]
    for source in sources or ["other"]:
        for leaf in rng.sample(general, rng.randint(1, min(3, len(general)))):
            leaf.other_income[source] = leaf.other_income.get(source, 0) + _amount(rng, scale * 0.4)
    for leaf in general:
        income = sum(leaf.other_income.values())
        if not income:
            continue
        spent = max(100, int(income * rng.uniform(0.6, 1.1)))
        uses = ["basic", "project"]
        if "operating" in leaf.other_income:
            uses.append("operating")
        if rng.random() < 0.1:
            uses.append("remit_superior")
        if rng.random() < 0.1:
            uses.append("subsidy_affiliates")
        for use, part in zip(uses, partition(rng, spent, len(uses)), strict=False):
            leaf.other_spend[use] = leaf.other_spend.get(use, 0) + part
    income = sum(sum(leaf.other_income.values()) for leaf in plan.leaves)
    spent = sum(sum(leaf.other_spend.values()) for leaf in plan.leaves)
    if rng.random() < 0.25:
        plan.surplus_use = _amount(rng, scale * 0.1)
    if rng.random() < 0.1:
        plan.surplus_distribution = _amount(rng, scale * 0.05)
    short = spent + plan.surplus_distribution - income - plan.surplus_use
    plan.other_begin = max(0, short) + (_amount(rng, scale * 0.3) if rng.random() < 0.5 else 0)
    plan.other_end = income + plan.surplus_use + plan.other_begin - spent - plan.surplus_distribution


def _economic(rng: random.Random, plan: Plan) -> None:
    """06: the general budget's basic spending by 经济分类, 人员经费 + 公用经费 = 05 基本支出."""
    basic = sum(leaf.basic for leaf in plan.leaves if leaf.fund == "general")
    if basic < 400:
        return
    personnel = int(basic * rng.uniform(0.6, 0.95))
    public = basic - personnel
    s303 = int(personnel * rng.uniform(0.02, 0.2)) if rng.random() < 0.7 else 0
    s310 = int(public * rng.uniform(0.02, 0.2)) if rng.random() < 0.15 else 0
    for target, total, pool, k in (
        (plan.personnel, personnel - s303, ECON_301, rng.randint(3, 10)),
        (plan.personnel, s303, ECON_303, rng.randint(1, 3)),
        (plan.public, public - s310, ECON_302, rng.randint(4, 12)),
        (plan.public, s310, ECON_310, rng.randint(1, 2)),
    ):
        if total <= 0:
            continue
        parts = partition(rng, total, k)
        for code, part in zip(sorted(rng.sample(pool, len(parts))), parts, strict=True):
            target[code] = part


def three_public(rng: random.Random) -> dict[str, int]:
    """09 in 元: each item's budget, and an actual at or under it; totals summed in 元."""
    out: dict[str, int] = {}
    items = {"outbound": 0.15, "vehicle_purchase": 0.1, "vehicle_operation": 0.6, "reception": 0.6}
    budget = {k: (rng.randint(1000, 400000) if rng.random() < p else 0) for k, p in items.items()}
    if not any(budget.values()):
        budget["reception"] = rng.randint(1000, 50000)
    for side in ("budget", "actual"):
        vals = budget if side == "budget" else {k: int(v * rng.uniform(0.3, 1.0)) for k, v in budget.items()}
        vehicle = vals["vehicle_purchase"] + vals["vehicle_operation"]
        out.update(
            {
                f"{side}_total": vals["outbound"] + vehicle + vals["reception"],
                f"{side}_outbound": vals["outbound"],
                f"{side}_vehicle_total": vehicle,
                f"{side}_vehicle_purchase": vals["vehicle_purchase"],
                f"{side}_vehicle_operation": vals["vehicle_operation"],
                f"{side}_reception": vals["reception"],
            }
        )
    return out


def unit_identity(rng: random.Random) -> dict[str, Any]:
    dept = rng.choice(DEPARTMENTS)
    name = f"{rng.choice(CITIES)}{rng.choice(DISTRICTS)}{dept}"
    return {"department": name, "unit_name": name + ("本级" if rng.random() < 0.2 else "")}
