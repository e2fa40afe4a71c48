"""The nine tables of a planned report, as the data the SampleReport model validates.

Every row and total is summed in 元 and then printed rounded (``money``); a zero prints blank
(the key is left out), except in 09 when the layout prints zeros as ``0.00``.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from samples.generator.data import (
    CLASSES_01,
    ECON_301,
    ECON_302,
    ECON_303,
    ECON_310,
    NUMERALS,
    Leaf,
    Plan,
    money,
    subjects,
)

Row = dict[str, Any]


def _amounts(values: dict[str, int]) -> dict[str, str]:
    return {k: money(v) for k, v in values.items() if v}


def _function_rows(per_leaf: dict[str, dict[str, int]], columns: tuple[str, ...]) -> list[Row]:
    """合计, then 类 / 款 / 项 rows in code order, each the sum in 元 of the leaves under it."""
    names = subjects("function")
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(columns, 0))
    total = dict.fromkeys(columns, 0)
    for leaf, values in per_leaf.items():
        if not any(values.values()):
            continue
        for code in {leaf[:3], leaf[:5], leaf}:
            for col in columns:
                sums[code][col] += values.get(col, 0)
        for col in columns:
            total[col] += values.get(col, 0)
    rows: list[Row] = [{"label": "合计", "row_key": "total", "amounts": _amounts(total)}]
    for code in sorted(sums):
        rows.append({"subject_code": code, "label": names[code][0], "amounts": _amounts(sums[code])})
    return rows


def _per_leaf(leaves: list[Leaf], fund: str | None, values: Any) -> dict[str, dict[str, int]]:
    return {leaf.code: values(leaf) for leaf in leaves if fund is None or leaf.fund == fund}


def _income(leaf: Leaf) -> dict[str, int]:
    values = {"fiscal_appropriation": leaf.income, **leaf.other_income}
    return {"total": sum(values.values()), **values}


def _spending(leaf: Leaf) -> dict[str, int]:
    other = leaf.other_spend
    values = {
        "basic": leaf.basic + other.get("basic", 0),
        "project": leaf.project + other.get("project", 0),
        "remit_superior": other.get("remit_superior", 0),
        "operating": other.get("operating", 0),
        "subsidy_affiliates": other.get("subsidy_affiliates", 0),
    }
    return {"total": sum(values.values()), **values}


def _fund_table(plan: Plan, fund: str, empty_note: str) -> dict[str, Any]:
    if fund == "gov_fund":
        columns = ("carryover_begin", "income", "expense_total", "expense_basic", "expense_project", "carryover_end")

        def values(leaf: Leaf) -> dict[str, int]:
            flows = (leaf.begin, leaf.income, leaf.spend, leaf.basic, leaf.project, leaf.end)
            return dict(zip(columns, flows, strict=True))
    else:
        columns = ("total", "basic", "project")

        def values(leaf: Leaf) -> dict[str, int]:
            return {"total": leaf.spend, "basic": leaf.basic, "project": leaf.project}

    per_leaf = _per_leaf(plan.leaves, fund, values)
    if not any(any(v.values()) for v in per_leaf.values()):
        return {"empty_note": empty_note, "rows": [{"label": "合计", "row_key": "total", "amounts": {}}]}
    return {"rows": _function_rows(per_leaf, columns)}


def _fund_sums(plan: Plan) -> dict[str, dict[str, int]]:
    out = {f: {"income": 0, "spend": 0, "begin": 0, "end": 0} for f in ("general", "gov_fund", "state_capital")}
    for leaf in plan.leaves:
        s = out[leaf.fund]
        s["income"] += leaf.income
        s["spend"] += leaf.spend
        s["begin"] += leaf.begin
        s["end"] += leaf.end
    return out


def _class_label(cls: str) -> str:
    return f"{NUMERALS[CLASSES_01.index(cls)]}、{subjects('function')[cls][0]}"


def _line(side: str, no: int, label: str, key: str, value: int) -> Row:
    return {"side": side, "line_no": no, "label": label, "row_key": key, "amounts": _amounts({"amount": value})}


def _table_01(plan: Plan) -> dict[str, Any]:
    funds = _fund_sums(plan)
    other = defaultdict(int)
    for leaf in plan.leaves:
        for source, v in leaf.other_income.items():
            other[source] += v
    items = [
        ("一、一般公共预算财政拨款收入", "inc_general_budget", funds["general"]["income"]),
        ("二、政府性基金预算财政拨款收入", "inc_gov_fund", funds["gov_fund"]["income"]),
        ("三、国有资本经营预算财政拨款收入", "inc_state_capital", funds["state_capital"]["income"]),
        ("四、上级补助收入", "inc_superior_subsidy", other["superior_subsidy"]),
        ("五、事业收入", "inc_business", other["business"]),
        ("六、经营收入", "inc_operating", other["operating"]),
        ("七、附属单位上缴收入", "inc_affiliated", other["affiliated"]),
        ("八、其他收入", "inc_other", other["other"]),
    ]
    income_total = sum(v for _, _, v in items)
    begin = sum(f["begin"] for f in funds.values()) + plan.other_begin
    rows: list[Row] = []
    for no, (label, key, v) in enumerate(items, start=1):
        rows.append(_line("income", no, label, key, v))
    rows += [{"side": "income", "line_no": no, "label": "", "amounts": {}} for no in range(9, 27)]
    for no, label, key, v in (
        (27, "本年收入合计", "inc_total_current", income_total),
        (28, "使用非财政拨款结余（含专用结余）", "inc_use_non_fiscal_surplus", plan.surplus_use),
        (29, "年初结转和结余", "inc_carryover_begin", begin),
        (30, "总计", "inc_grand_total", income_total + plan.surplus_use + begin),
    ):
        rows.append(_line("income", no, label, key, v))
    by_class: dict[str, int] = defaultdict(int)
    for leaf in plan.leaves:
        by_class[leaf.code[:3]] += _spending(leaf)["total"]
    for i, cls in enumerate(CLASSES_01):
        rows.append(
            {
                "side": "expense", "line_no": 31 + i, "subject_code": cls, "label": _class_label(cls),
                "amounts": _amounts({"amount": by_class.get(cls, 0)}),
            }
        )  # fmt: skip
    spend_total = sum(by_class.values())
    end = sum(f["end"] for f in funds.values()) + plan.other_end
    for no, label, key, v in (
        (57, "本年支出合计", "exp_total_current", spend_total),
        (58, "结余分配", "exp_surplus_distribution", plan.surplus_distribution),
        (59, "年末结转和结余", "exp_carryover_end", end),
        (60, "总计", "exp_grand_total", spend_total + plan.surplus_distribution + end),
    ):
        rows.append(_line("expense", no, label, key, v))
    assert income_total + plan.surplus_use + begin == spend_total + plan.surplus_distribution + end
    return {"rows": rows}


def _table_04(plan: Plan) -> dict[str, Any]:
    funds = _fund_sums(plan)
    g, f, s = funds["general"], funds["gov_fund"], funds["state_capital"]
    rows: list[Row] = []

    def inc(no: int, label: str, key: str | None, v: int = 0) -> None:
        row: Row = {"side": "income", "line_no": no, "label": label, "amounts": _amounts({"amount": v})}
        if key:
            row["row_key"] = key
        rows.append(row)

    inc(1, "一、一般公共预算财政拨款", "inc_general_budget", g["income"])
    inc(2, "二、政府性基金预算财政拨款", "inc_gov_fund", f["income"])
    inc(3, "三、国有资本经营预算财政拨款", "inc_state_capital", s["income"])
    for no in range(4, 27):
        inc(no, "", None)
    income = g["income"] + f["income"] + s["income"]
    begin = g["begin"] + f["begin"] + s["begin"]
    inc(27, "本年收入合计", "inc_total_current", income)
    inc(28, "年初财政拨款结转和结余", "inc_carryover_begin", begin)
    inc(29, "一般公共预算财政拨款", "inc_carryover_begin_general_budget", g["begin"])
    inc(30, "政府性基金预算财政拨款", "inc_carryover_begin_gov_fund", f["begin"])
    inc(31, "国有资本经营预算财政拨款", "inc_carryover_begin_state_capital", s["begin"])
    inc(32, "总计", "inc_grand_total", income + begin)
    col = {"general": "general_budget", "gov_fund": "gov_fund", "state_capital": "state_capital"}
    by_class: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(("total", *col.values()), 0))
    for leaf in plan.leaves:
        by_class[leaf.code[:3]]["total"] += leaf.spend
        by_class[leaf.code[:3]][col[leaf.fund]] += leaf.spend
    for i, cls in enumerate(CLASSES_01):
        rows.append(
            {
                "side": "expense", "line_no": 33 + i, "subject_code": cls, "label": _class_label(cls),
                "amounts": _amounts(by_class.get(cls, {})),
            }
        )  # fmt: skip
    spend = {"total": g["spend"] + f["spend"] + s["spend"], "general_budget": g["spend"], "gov_fund": f["spend"]}
    spend["state_capital"] = s["spend"]
    end = {"total": g["end"] + f["end"] + s["end"], "general_budget": g["end"], "gov_fund": f["end"]}
    end["state_capital"] = s["end"]
    exp = [(59, "本年支出合计", "exp_total_current", spend), (60, "年末财政拨款结转和结余", "exp_carryover_end", end)]
    exp += [(no, "", None, {}) for no in (61, 62, 63)]
    exp.append((64, "总计", "exp_grand_total", {k: spend[k] + end[k] for k in spend}))
    for no, label, key, values in exp:
        row = {"side": "expense", "line_no": no, "label": label, "amounts": _amounts(values)}
        if key:
            row["row_key"] = key
        rows.append(row)
    return {"rows": rows}


def _econ_row(group: int, code: str, label: str, value: int) -> Row:
    return {"group": group, "subject_code": code, "label": label, "amounts": _amounts({"amount": value})}


def _table_06(plan: Plan, all_rows: bool) -> dict[str, Any]:
    names = subjects("economic")
    econ = {**plan.personnel, **plan.public}
    rows: list[Row] = []
    layout = ((1, (("301", ECON_301), ("303", ECON_303))), (2, (("302", ECON_302),)), (3, (("310", ECON_310),)))
    for group, blocks in layout:
        for cls, items in blocks:
            cls_total = sum(econ.get(c, 0) for c in items)
            if not (all_rows or cls_total):
                continue
            rows.append(_econ_row(group, cls, names[cls][0], cls_total))
            rows += [_econ_row(group, c, names[c][0], econ.get(c, 0)) for c in items if all_rows or econ.get(c)]
        if group == 1:
            amount = _amounts({"amount": sum(plan.personnel.values())})
            rows.append({"group": 1, "label": "人员经费合计", "row_key": "personnel_total", "amounts": amount})
        if group == 3:
            amount = _amounts({"amount": sum(plan.public.values())})
            rows.append({"group": 3, "label": "公用经费合计", "row_key": "public_total", "amounts": amount})
    return {"rows": rows}


def _table_09(plan: Plan, zeros: str, year: int) -> dict[str, Any]:
    if plan.three_public is None:
        return {"empty_note": f"说明：本单位 {year} 年度无三公经费预算财政拨款。", "rows": []}
    values = plan.three_public
    amounts = {k: money(v) for k, v in values.items() if v or zeros == "zeros"}
    return {"rows": [{"label": "", "row_key": "three_public", "amounts": amounts}]}


def build_tables(plan: Plan, year: int, t06_all_rows: bool, t09_zeros: str, empty_style: int) -> dict[str, Any]:
    notes_07 = (
        "说明：本单位当年无政府性基金预算财政拨款收入支出。",
        f"本部门 {year} 年度无政府性基金预算财政拨款收入、支出。",
    )
    notes_08 = (
        "说明：本单位当年无国有资本经营预算财政拨款支出。",
        f"本部门 {year} 年度无国有资本经营预算财政拨款支出。",
    )
    columns_02 = ("total", "fiscal_appropriation", "superior_subsidy", "business", "operating", "affiliated", "other")
    columns_03 = ("total", "basic", "project", "remit_superior", "operating", "subsidy_affiliates")
    return {
        "01": _table_01(plan),
        "02": {"rows": _function_rows(_per_leaf(plan.leaves, None, _income), columns_02)},
        "03": {"rows": _function_rows(_per_leaf(plan.leaves, None, _spending), columns_03)},
        "04": _table_04(plan),
        "05": _fund_table(plan, "general", "说明：本单位当年无一般公共预算财政拨款支出。"),
        "06": _table_06(plan, t06_all_rows),
        "07": _fund_table(plan, "gov_fund", notes_07[empty_style]),
        "08": _fund_table(plan, "state_capital", notes_08[empty_style]),
        "09": _table_09(plan, t09_zeros, year),
    }
