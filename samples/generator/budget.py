"""A random but internally consistent 部门预算 (B01–B09) of one family, from seeded random streams.

Money is drawn in 元 per 功能科目 leaf: its fund (一般公共预算 / 政府性基金 / 国有资本经营), its
appropriation spending (基本 — split 人员经费 | 公用经费 — and 项目), the part of it financed by last
year's carry-over (上年结转, national family only), and money of other sources (财政专户, 事业收入,
经营收入, 其他收入) spent on its own uses. Every row and total is summed in 元 and each printed figure
is converted on its own (national: 0.01 万元, half up; 上海: whole 元, exact), so every identity of
the budget rules (B1–B6, BX1–BX3) holds in 元 and as printed up to the rounding of each figure.
The “三公” table is in 万元 in both families.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from samples.budget import B02_KEYS, B03_KEYS, USE_KEYS, empty_notes
from samples.generator.data import (
    CLASSES_01,
    ECON_301,
    ECON_302,
    ECON_303,
    ECON_310,
    GOV_FUND_KUAN,
    NUMERALS,
    STATE_CAPITAL_CLASS,
    _amount,
    _children,
    _pick_leaves,
    money,
    partition,
    subjects,
)

Row = dict[str, Any]
FUNDS = ("general", "gov_fund", "state_capital")
FUND_COLUMN = {"general": "general_budget", "gov_fund": "gov_fund", "state_capital": "state_capital"}
# Non-appropriation sources each family prints (B01 lines, B02 columns).
SOURCES = {
    "national": ("fiscal_special", "business", "operating", "other"),
    "shanghai": ("business", "operating", "other"),
}


@dataclass
class BudgetLeaf:
    code: str
    fund: str
    personnel: int = 0  # appropriation 基本支出, 人员经费 part, 元
    public: int = 0  # appropriation 基本支出, 公用经费 part
    project: int = 0
    begin: int = 0  # of the appropriation spending, financed by last year's carry-over
    other_income: dict[str, int] = field(default_factory=dict)  # non-appropriation income by source
    other_spend: dict[str, int] = field(default_factory=dict)  # its uses: basic, project, operating …

    @property
    def basic(self) -> int:
        return self.personnel + self.public

    @property
    def spend(self) -> int:  # appropriation spending
        return self.basic + self.project

    @property
    def income(self) -> int:  # this year's appropriation
        return self.spend - self.begin

    def uses(self) -> dict[str, int]:
        """All spending of the leaf by B03 column (appropriation and other sources)."""
        o = self.other_spend
        out = {"basic": self.basic + o.get("basic", 0), "project": self.project + o.get("project", 0)}
        out.update({k: o.get(k, 0) for k in ("operating", "remit_superior", "subsidy_affiliates")})
        return {"total": sum(out.values()), **out}


@dataclass
class BudgetPlan:
    family: str
    leaves: list[BudgetLeaf]
    economic: dict[str, int]  # B06: economic 款 -> 元 (一般公共预算 基本支出)
    three_public: dict[str, int] | None
    variables: dict[str, str]


def plan_budget(rng: random.Random, family: str) -> BudgetPlan:
    depth = 3 if rng.random() < 0.85 else 2
    has_fund = rng.random() < 0.3
    has_capital = rng.random() < 0.08
    has_other = rng.random() < 0.45
    carry = family == "national" and rng.random() < 0.5
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
        picked += [(kuan, "state_capital")] if depth == 2 else [(c, "state_capital") for c in kids[kuan][:2]]
    codes = sorted(dict(picked).items())
    scale = 10 ** rng.uniform(5.5, 8.6) / max(1, len(codes))
    names = subjects("function")
    leaves: list[BudgetLeaf] = []
    for code, fund in codes:
        leaf = BudgetLeaf(code, fund)
        total = _amount(rng, scale)
        basic = 0
        if fund == "general" and (names[code][0] == "行政运行" or code[:3] in ("208", "210", "221")):
            basic = total
        elif fund == "general":
            roll = rng.random()
            basic = (
                total if roll > 0.75 else 0 if roll < 0.45 else (partition(rng, total, 2)[0] if total >= 200 else total)
            )
        leaf.project = total - basic
        leaf.personnel = int(basic * rng.uniform(0.5, 1.0)) if rng.random() < 0.8 else basic
        leaf.public = basic - leaf.personnel
        if carry and rng.random() < 0.35:
            leaf.begin = rng.randint(100, max(100, leaf.spend))
        leaves.append(leaf)
    if has_other:
        _other_money(rng, leaves, scale, family)
    general = [leaf for leaf in leaves if leaf.fund == "general"]
    economic = _economic(rng, sum(x.personnel for x in general), sum(x.public for x in general))
    variables = {
        "depth": str(depth),
        "gov_fund": "yes" if has_fund else "no",
        "state_capital": "yes" if has_capital else "no",
        "non_appropriation": "yes" if has_other else "no",
        "carryover": "yes" if carry else "no",
    }
    return BudgetPlan(family, leaves, economic, None, variables)


def _other_money(rng: random.Random, leaves: list[BudgetLeaf], scale: float, family: str) -> None:
    general = [leaf for leaf in leaves if leaf.fund == "general"]
    sources = [s for s in SOURCES[family] if rng.random() < 0.5] or ["business"]
    for source in sources:
        for leaf in rng.sample(general, rng.randint(1, min(3, len(general)))):
            leaf.other_income[source] = leaf.other_income.get(source, 0) + _amount(rng, scale * 0.4)
    for leaf in general:
        income = sum(leaf.other_income.values())
        if not income:
            continue
        uses = ["basic", "project"]
        if family == "national":
            if "operating" in leaf.other_income:
                uses.append("operating")
            uses += [u for u in ("remit_superior", "subsidy_affiliates") if rng.random() < 0.1]
        for use, part in zip(uses, partition(rng, income, len(uses)), strict=False):
            leaf.other_spend[use] = leaf.other_spend.get(use, 0) + part


def _economic(rng: random.Random, personnel: int, public: int) -> dict[str, int]:
    """B06: 人员经费 over 301/303 款, 公用经费 over 302/310 款, summed exactly in 元."""
    out: dict[str, int] = {}
    s303 = int(personnel * rng.uniform(0.02, 0.2)) if rng.random() < 0.7 else 0
    s310 = int(public * rng.uniform(0.02, 0.2)) if rng.random() < 0.15 else 0
    for total, pool, k in (
        (personnel - s303, ECON_301, rng.randint(3, 10)),
        (s303, ECON_303, rng.randint(1, 3)),
        (public - s310, ECON_302, rng.randint(4, 12)),
        (s310, ECON_310, rng.randint(1, 2)),
    ):
        if total > 0:
            parts = partition(rng, total, k)
            out.update(zip(sorted(rng.sample(pool, len(parts))), parts, strict=True))
    return out


def three_public_budget(rng: random.Random, family: str) -> dict[str, int]:
    items = {"outbound": 0.15, "vehicle_purchase": 0.1, "vehicle_operation": 0.6, "reception": 0.6}
    v = {k: (rng.randint(1000, 400000) if rng.random() < p else 0) for k, p in items.items()}
    if not any(v.values()):
        v["reception"] = rng.randint(1000, 50000)
    vehicle = v["vehicle_purchase"] + v["vehicle_operation"]
    out = {"total": v["outbound"] + vehicle + v["reception"], "outbound": v["outbound"], "vehicle_total": vehicle}
    out |= {"vehicle_purchase": v["vehicle_purchase"], "vehicle_operation": v["vehicle_operation"]}
    out["reception"] = v["reception"]
    if family == "shanghai":
        out["operation_funds"] = rng.randint(100000, 30000000)
    return out


# --------------------------------------------------------------------------------------------
# The tables
# --------------------------------------------------------------------------------------------


class Printer:
    """Each figure converted on its own to the unit its table prints."""

    def __init__(self, family: str, total_last: bool = False) -> None:
        self.yuan = family == "shanghai"
        self.total_last = total_last

    def with_total(self, rows: list[Row], total: Row) -> list[Row]:
        """A subject table's rows with its 合计 row first or last."""
        return [*rows, total] if self.total_last else [total, *rows]

    def __call__(self, values: dict[str, int]) -> dict[str, str]:
        return {k: (str(v) if self.yuan else money(v)) for k, v in values.items() if v}


def _subject_rows(per_leaf: dict[str, dict[str, int]], keys: tuple[str, ...], fmt: Printer, level: int) -> list[Row]:
    """类 / 款 / 项 rows in code order, each the sum in 元 of the leaves under it, then 合计 last
    or first (``level`` 3 for function codes, 2 for economic)."""
    catalog = subjects("function" if level == 3 else "economic")
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(keys, 0))
    total = dict.fromkeys(keys, 0)
    for leaf, values in per_leaf.items():
        if not any(values.values()):
            continue
        for code in {leaf[:3], leaf[:5], leaf}:
            for k in keys:
                sums[code][k] += values.get(k, 0)
        for k in keys:
            total[k] += values.get(k, 0)
    rows = [{"subject_code": c, "label": catalog[c][0], "amounts": fmt(sums[c])} for c in sorted(sums)]
    return fmt.with_total(rows, {"label": "合计", "row_key": "total", "amounts": fmt(total)})


def _numbered_classes(by_class: dict[str, dict[str, int]], keys: tuple[str, ...], fmt: Printer) -> list[Row]:
    names = subjects("function")
    used = [c for c in CLASSES_01 if any(by_class.get(c, {}).values())]
    return [
        {
            "side": "expense", "subject_code": c, "label": f"{NUMERALS[i]}、{names[c][0]}",
            "amounts": fmt({k: by_class[c].get(k, 0) for k in keys}),
        }
        for i, c in enumerate(used)
    ]  # fmt: skip


def _line(label: str, key: str | None, value: int, fmt: Printer) -> Row:
    row: Row = {"side": "income", "label": label, "amounts": fmt({"amount": value})}
    return row | ({"row_key": key} if key else {})


def _b01(plan: BudgetPlan, fmt: Printer) -> dict[str, Any]:
    fund_income = {f: sum(x.income for x in plan.leaves if x.fund == f) for f in FUNDS}
    other: dict[str, int] = defaultdict(int)
    for leaf in plan.leaves:
        for s, v in leaf.other_income.items():
            other[s] += v
    begin = sum(x.begin for x in plan.leaves)
    current = sum(fund_income.values()) + sum(other.values())
    if plan.family == "shanghai":
        rows = [
            _line("一、财政拨款收入", "inc_fiscal_total", sum(fund_income.values()), fmt),
            _line("1、一般公共预算资金", "inc_general_budget", fund_income["general"], fmt),
            _line("2、政府性基金", "inc_gov_fund", fund_income["gov_fund"], fmt),
            _line("3、国有资本经营预算", "inc_state_capital", fund_income["state_capital"], fmt),
            _line("二、事业收入", "inc_business", other["business"], fmt),
            _line("三、事业单位经营收入", "inc_operating", other["operating"], fmt),
            _line("四、其他收入", "inc_other", other["other"], fmt),
            _line("收入总计", "inc_grand_total", current, fmt),
        ]
        keys: tuple[str, ...] = ("amount", "personnel", "public", "project")
    else:
        items = [
            ("一、一般公共预算拨款收入", "inc_general_budget", fund_income["general"]),
            ("二、政府性基金预算拨款收入", "inc_gov_fund", fund_income["gov_fund"]),
            ("三、国有资本经营预算拨款收入", "inc_state_capital", fund_income["state_capital"]),
            ("四、财政专户管理资金收入", "inc_fiscal_special", other["fiscal_special"]),
            ("五、事业收入", "inc_business", other["business"]),
            ("六、事业单位经营收入", "inc_operating", other["operating"]),
            ("七、上级补助收入", "inc_superior_subsidy", 0),
            ("八、附属单位上缴收入", "inc_affiliated", 0),
            ("九、其他收入", "inc_other", other["other"]),
            ("本年收入合计", "inc_total_current", current),
            ("使用非财政拨款结余", "inc_use_non_fiscal_surplus", 0),
            ("上年结转", "inc_carryover_begin", begin),
            ("收入总计", "inc_grand_total", current + begin),
        ]
        rows = [_line(label, key, v, fmt) for label, key, v in items]
        keys = ("amount",)
    by_class: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for leaf in plan.leaves:
        uses = leaf.uses()
        cls = by_class[leaf.code[:3]]
        cls["amount"] += uses["total"]
        cls["personnel"] += leaf.personnel + leaf.other_spend.get("basic", 0)
        cls["public"] += leaf.public
        cls["project"] += uses["project"]
    rows += _numbered_classes(by_class, keys, fmt)
    spend = {k: sum(c[k] for c in by_class.values()) for k in keys}
    assert spend["amount"] == current + begin
    tail = [("本年支出合计", "exp_total_current"), ("结转下年", "exp_carryover_end"), ("支出总计", "exp_grand_total")]
    if plan.family == "shanghai":
        tail = tail[2:]
    for label, key in tail:
        values = {} if key == "exp_carryover_end" else spend
        rows.append({"side": "expense", "label": label, "row_key": key, "amounts": fmt(values)})
    return {"rows": rows}


def _b04(plan: BudgetPlan, fmt: Printer) -> dict[str, Any]:
    fund_income = {f: sum(x.income for x in plan.leaves if x.fund == f) for f in FUNDS}
    begin = sum(x.begin for x in plan.leaves)
    if plan.family == "shanghai":
        labels = ("一、一般公共预算资金", "二、政府性基金", "三、国有资本经营预算")
    else:
        labels = ("一、一般公共预算拨款收入", "二、政府性基金预算拨款收入", "三、国有资本经营预算拨款收入")
    keys = ("inc_general_budget", "inc_gov_fund", "inc_state_capital")
    rows = [_line(label, k, fund_income[f], fmt) for label, k, f in zip(labels, keys, FUNDS, strict=True)]
    current = sum(fund_income.values())
    if plan.family == "national":
        rows += [
            _line("本年收入合计", "inc_total_current", current, fmt),
            _line("上年结转", "inc_carryover_begin", begin, fmt),
        ]
    rows.append(_line("收入总计", "inc_grand_total", current + begin, fmt))
    cols = ("total", "general_budget", "gov_fund", "state_capital")
    by_class: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for leaf in plan.leaves:
        by_class[leaf.code[:3]]["total"] += leaf.spend
        by_class[leaf.code[:3]][FUND_COLUMN[leaf.fund]] += leaf.spend
    rows += _numbered_classes(by_class, cols, fmt)
    spend = {k: sum(c[k] for c in by_class.values()) for k in cols}
    tail = [("本年支出合计", "exp_total_current"), ("结转下年", "exp_carryover_end"), ("支出总计", "exp_grand_total")]
    for label, key in tail if plan.family == "national" else tail[2:]:
        values = {} if key == "exp_carryover_end" else spend
        rows.append({"side": "expense", "label": label, "row_key": key, "amounts": fmt(values)})
    return {"rows": rows}


def _b02(plan: BudgetPlan, fmt: Printer) -> dict[str, Any]:
    keys = B02_KEYS[plan.family]
    per_leaf: dict[str, dict[str, int]] = {}
    for leaf in plan.leaves:
        values = {"carryover_begin": leaf.begin, FUND_COLUMN[leaf.fund]: leaf.income, **leaf.other_income}
        if plan.family == "shanghai":
            values = {"fiscal_appropriation": leaf.income, **leaf.other_income}
        per_leaf[leaf.code] = {"total": sum(values.values()), **values}
    return {"rows": _subject_rows(per_leaf, keys, fmt, 3)}


def _uses_table(plan: BudgetPlan, fund: str | None, fmt: Printer, note: str = "") -> dict[str, Any]:
    """B03 (fund None: all money, all uses) or B05/B07/B08 (one fund's appropriation)."""
    if fund is None:
        per_leaf = {x.code: x.uses() for x in plan.leaves}
        return {"rows": _subject_rows(per_leaf, B03_KEYS[plan.family], fmt, 3)}
    per_leaf = {
        x.code: {"total": x.spend, "basic": x.basic, "project": x.project} for x in plan.leaves if x.fund == fund
    }
    if not per_leaf:
        return {"empty_note": note, "rows": [{"label": "合计", "row_key": "total", "amounts": {}}]}
    return {"rows": _subject_rows(per_leaf, USE_KEYS, fmt, 3)}


def _b06(plan: BudgetPlan, fmt: Printer, all_rows: bool) -> dict[str, Any]:
    names = subjects("economic")
    rows: list[Row] = []
    total = {"total": 0, "personnel": 0, "public": 0}
    for cls, pool in (("301", ECON_301), ("302", ECON_302), ("303", ECON_303), ("310", ECON_310)):
        column = "personnel" if cls in ("301", "303") else "public"
        cls_total = sum(plan.economic.get(c, 0) for c in pool)
        if not (cls_total or all_rows):
            continue
        rows.append(
            {"subject_code": cls, "label": names[cls][0], "amounts": fmt({"total": cls_total, column: cls_total})}
        )
        for c in pool:
            v = plan.economic.get(c, 0)
            if v or all_rows:
                rows.append({"subject_code": c, "label": names[c][0], "amounts": fmt({"total": v, column: v})})
        total["total"] += cls_total
        total[column] += cls_total
    return {"rows": fmt.with_total(rows, {"label": "合计", "row_key": "total", "amounts": fmt(total)})}


def _b09(plan: BudgetPlan, zeros: str, year: int) -> dict[str, Any]:
    if plan.three_public is None:
        return {"empty_note": f"注：本单位{year}年无“三公”经费预算。", "rows": []}
    values = plan.three_public
    amounts = {k: money(v) for k, v in values.items() if v or zeros == "zeros"}
    return {"rows": [{"label": "", "row_key": "three_public", "amounts": amounts}]}


def build_budget_tables(
    plan: BudgetPlan, year: int, all_06_rows: bool, zeros: str, note: int, total_last: bool = False
) -> dict[str, Any]:
    fmt = Printer(plan.family, total_last)
    unit = {"unit": "元"} if plan.family == "shanghai" else {}
    tables: dict[str, Any] = {
        "B01": _b01(plan, fmt),
        "B02": _b02(plan, fmt),
        "B03": _uses_table(plan, None, fmt),
        "B04": _b04(plan, fmt),
        "B05": _uses_table(plan, "general", fmt),
        "B06": _b06(plan, fmt, all_06_rows),
        "B07": _uses_table(plan, "gov_fund", fmt, empty_notes(plan.family, "B07", year)[note]),
        "B08": _uses_table(plan, "state_capital", fmt, empty_notes(plan.family, "B08", year)[note]),
        "B09": _b09(plan, zeros, year),
    }
    return {code: {**table, **(unit if code != "B09" else {})} for code, table in tables.items()}
