"""The gate's rules run straight in DuckDB on the hand-built warehouse of tests/gate_support.py
(two real reports, their publishers' rounding left in): instances, grain, values, types."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
import yaml
from gate_support import (
    HONGSHAN,
    QINGSHAN,
    Fixture,
    build_fixture,
    instances,
    set_amount,
)

from expectations.rules import FINAL_RULE_IDS, RULE_IDS, GateSettings, build_rules


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A fresh working database holding both seed reports (tests/gate_support.py)."""
    yield build_fixture().write(tmp_path / "work.duckdb")


# ---------------------------------------------------------------------------------------------
# Rules alone (DuckDB only: fast)


def test_every_rule_has_instances_and_all_hold_on_the_seeds(db: Path) -> None:
    rows = instances(db)
    settings = GateSettings()
    by_rule = {rid: [r for r in rows if r["rule_id"] == rid] for rid in FINAL_RULE_IDS}
    assert all(by_rule[rid] for rid in FINAL_RULE_IDS), {k: len(v) for k, v in by_rule.items()}
    for r in rows:
        half = r["half_unit_yuan"]
        assert isinstance(half, Decimal)
        tol = settings.per_addend_half_units * half * (int(r["n_addends"]) + 1)  # type: ignore[call-overload]
        gap = abs(r["expected_yuan"] - r["actual_yuan"])  # type: ignore[operator]
        assert gap <= tol, r


def test_an_all_blank_table_yields_no_instance(db: Path) -> None:
    rows = instances(db)
    # qingshan's 07, 08 and 09 are empty: no R10/R11 instance, no 07 row in R6/R7
    assert not [r for r in rows if r["document_id"] == QINGSHAN and r["table_code"] in ("07", "08", "09")]
    assert not [r for r in rows if r["rule_id"] in ("R10", "R11") and r["document_id"] == QINGSHAN]


def test_instance_grain_and_values(db: Path) -> None:
    rows = instances(db)

    def one(**kw: object) -> dict[str, object]:
        hits = [r for r in rows if all(r[k] == v for k, v in kw.items())]
        assert len(hits) == 1, (kw, hits)
        return hits[0]

    # R6 on qingshan's 02 row 210: total 716.87 against the single printed part 716.88
    r = one(rule_id="R6", document_id=QINGSHAN, table_code="02", subject_code="210")
    assert (r["expected"], r["actual"], r["n_addends"], r["page"]) == (
        Decimal("716.87"),
        Decimal("716.88"),
        1,
        6,
    )
    # R7 per parent × column: 02 合计 (total column) = Σ 3 类, over two pages
    r = one(rule_id="R7", document_id=QINGSHAN, table_code="02", row_label="合计", column_key="total")
    assert (r["expected"], r["actual"], r["n_addends"], r["pages"]) == (
        Decimal("728.03"),
        Decimal("728.02"),
        3,
        [6, 7],
    )
    # R9: 301 = Σ seven printed 301xx (51.84 vs 51.85), and 公用经费合计 = 302 (310 blank)
    r = one(rule_id="R9", document_id=QINGSHAN, subject_code="301")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("51.84"), Decimal("51.85"), 7)
    r = one(rule_id="R9", document_id=QINGSHAN, row_label="公用经费合计")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("4.45"), Decimal("4.45"), 1)
    # X2 by class: hongshan 01 says 33,163.28, 03 says 33,163.29
    r = one(rule_id="X2", document_id=HONGSHAN, subject_code="210")
    assert (r["expected"], r["actual"], r["table_code"], r["page"]) == (
        Decimal("33163.28"),
        Decimal("33163.29"),
        "01",
        4,
    )
    # R10 over hongshan's 07: 0 + 2,000 − 2,000 = blank 年末
    r = one(rule_id="R10", document_id=HONGSHAN, subject_code="212")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("0.00"), Decimal("0.00"), 2)
    # R11 has four instances (预算数/决算数 × 合计/公务用车小计)
    assert len([r for r in rows if r["rule_id"] == "R11"]) == 4
    # X5 compares the narrative with 01 总计
    r = one(rule_id="X5", document_id=QINGSHAN)
    assert (r["expected"], r["actual"]) == (Decimal("728.03"), Decimal("728.03"))
    # cross-table instances list the pages of both tables
    r = one(rule_id="X1", document_id=QINGSHAN)
    assert r["pages"] == [5, 6, 7]


def test_a_missing_counterpart_is_zero_only_against_zero(db: Path) -> None:
    # hongshan's 02 not found by the parser: X1 (01 本年收入合计 = 02 合计) cannot hold, and the
    # re-reader gets every page of the report's tables, since the table could be on any of them
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM intermediate.int_amounts WHERE document_id = 'hongshan' AND table_code = '02'")
        con.execute(
            "UPDATE raw.report_tables SET status = 'missing', first_page = NULL, last_page = NULL "
            "WHERE document_id = 'hongshan' AND table_code = '02'"
        )
    finally:
        con.close()
    r = [r for r in instances(db) if r["rule_id"] == "X1" and r["document_id"] == HONGSHAN]
    assert len(r) == 1
    assert (r[0]["expected"], r[0]["actual"], r[0]["n_addends"]) == (Decimal("35979.59"), Decimal("0.00"), 0)
    assert r[0]["pages"] == list(range(4, 13))


def test_an_empty_counterpart_is_zero_only_against_zero(db: Path) -> None:
    # qingshan's 07 is empty ('本单位当年无政府性基金…'): against its blank 04 政府性基金 column
    # there is nothing to check at all ...
    assert not [
        r
        for r in instances(db)
        if r["document_id"] == QINGSHAN and r["rule_id"] == "X3" and r["column_key"] == "gov_fund"
    ]
    # ... but a printed 04 政府性基金 amount against it fails, with the empty table's page to re-read
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "INSERT INTO intermediate.int_amounts SELECT * REPLACE ('gov_fund' AS column_key) "
            "FROM intermediate.int_amounts WHERE document_id = 'qingshan' AND table_code = '04' "
            "AND subject_code = '221' AND column_key = 'general_budget'"
        )
    finally:
        con.close()
    r = [
        r
        for r in instances(db)
        if r["document_id"] == QINGSHAN
        and r["rule_id"] == "X3"
        and r["column_key"] == "gov_fund"
        and r["subject_code"] == "221"
    ]
    assert len(r) == 1
    assert (r[0]["expected"], r[0]["actual"], r[0]["pages"]) == (Decimal("6.27"), Decimal("0.00"), [9, 12])


# A budget's text half (江苏省人大常委会办公厅 2019: what its 情况说明 states) and its tables file.
TEXT_HALF_ROWS = {
    "BN": """
9 inc_grand_total 收入预算总计 amount=18330.37
9 exp_grand_total 支出预算总计 amount=18330.37
9 inc_fiscal_total 财政拨款收入 amount=18330.37
9 inc_general_budget 一般公共预算收入 amount=18330.37
9 inc_gov_fund 政府性基金预算收入 amount=0
10 exp_basic 基本支出 amount=9312.9
10 exp_project 项目支出 amount=6459.58
11 exp_unit_reserve 单位预留机动经费 amount=2557.89
15 tp_outbound 因公出国（境）费 amount=199.25
15 tp_vehicle_total 公务用车购置及运行费 amount=183.6
16 tp_vehicle_operation 公务用车运行维护费 amount=183.6
15 tp_reception 公务接待费 amount=384.75
""",
}
TABLES_FILE_ROWS = {
    "B01": """
1 inc_general_budget 一般公共预算 amount=18330.37
1 inc_grand_total 收入合计 amount=18330.37
1 exp_basic 基本支出 amount=9312.90
1 exp_grand_total 支出合计 amount=18330.37
""",
    "B09": """
9 three_public “三公”经费 total=767.60 outbound=199.25 vehicle_total=183.60 reception=384.75
""",
}


def test_a_text_half_balances_and_ties_to_its_tables_file(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("text", None, TEXT_HALF_ROWS, {"BN": (9, 16)}, {})
    fx.add_document("tables", None, TABLES_FILE_ROWS, {"B01": (1, 1), "B09": (9, 9)}, {})
    fx.add_document("other", None, {"B01": "1 inc_grand_total 收入合计 amount=1.00"}, {"B01": (1, 1)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    with duckdb.connect(str(db)) as con:  # text and tables of one unit-year; `other` is another unit
        con.execute("UPDATE intermediate.int_amounts SET unit_key = 'u' WHERE document_id IN ('text', 'tables')")
    rows = [r for r in instances(db) if r["document_id"] == "text"]
    by_rule = {r["rule_id"] for r in rows}
    assert {"BN1", "BN2", "BN3", "BN4", "BNX"} <= by_rule and "BN5" not in by_rule  # no 政府采购 stated
    assert all(r["expected"] == r["actual"] for r in rows)  # the statements' own sums are exact here
    ties = {r["row_label"]: r for r in rows if r["rule_id"] == "BNX"}
    # one tie per statement the tables file prints once; none with `other`
    assert set(ties) == {"收入预算总计", "支出预算总计", "一般公共预算收入", "基本支出", "因公出国（境）费",
                         "公务用车购置及运行费", "公务接待费"}
    assert all(r["expected"] == r["actual"] and r["n_addends"] == 1 for r in ties.values())
    assert ties["基本支出"]["pages"] == list(range(9, 17))  # the text half's pages only: its statement is re-read
    set_amount(db, "tables", "B01", "exp_basic", "amount", "9312.00")
    failed = next(r for r in instances(db) if r["rule_id"] == "BNX" and r["row_label"] == "基本支出")
    assert (failed["expected"], failed["actual"], failed["page"]) == (Decimal("9312.90"), Decimal("9312.00"), 10)


# 西安 2022 表1 (r210 of the crawl): 上年实户资金余额 beside 上年结转 on the income side, and its
# mirror 未安排支出的实户资金 beside 结转下年 on the spending side, both in the 总计.
XIAN_ACCOUNT_FUNDS_ROWS = {
    "B01": """
21 inc_general_budget 1、一般公共预算拨款 amount=1056072667.43
21 inc_total_current 本年收入合计 amount=1056072667.43
21 inc_account_balance_begin 上年实户资金余额 amount=3392047.63
21 inc_carryover_begin 上年结转 amount=0.00
22 inc_grand_total 收入总计 amount=1059464715.06
21 208 1、社会保障和就业支出 amount=1055907667.43
21 exp_total_current 本年支出合计 amount=1055907667.43
21 exp_carryover_end 结转下年 amount=165000.00
21 exp_unallocated_account_funds 未安排支出的实户资金 amount=3392047.63
22 exp_grand_total 支出总计 amount=1059464715.06
""",
}


def test_unallocated_account_funds_are_part_of_the_spending_total(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("xian", None, XIAN_ACCOUNT_FUNDS_ROWS, {"B01": (21, 22)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    totals = {r["row_label"]: r for r in instances(db) if r["rule_id"] in ("B1", "B2")}
    for label in ("收入总计", "支出总计"):
        assert totals[label]["expected"] == totals[label]["actual"] == Decimal("1059464715.06"), totals[label]


# What seed 002 (株洲 芦淞区 卫生健康局 2024 整体支出绩效自评报告) states, as read (table PN), and
# the 决算 lines of the same unit-year (invented: the seed's 决算 is not in the corpus).
PERFORMANCE_TEXT_ROWS = {
    "PN": """
2 budget_initial 年初预算 amount=9778.39
2 inc_general_budget 一般公共预算财政拨款收入 amount=8100.43
2 exp_general_budget 一般公共预算财政拨款支出 amount=8100.43
2 exp_basic 基本支出 amount=554.56
2 exp_project 项目支出 amount=7545.86
2 personnel_total 人员经费 amount=482.07
2 public_total 公用经费 amount=72.49
2 exp_gov_fund_project 政府性基金项目支出 amount=345.45
3 prj_executed 计划生育专项 amount=2313.6
3 prj_executed 医疗卫生专项 amount=3709.14
""",
}
FINAL_ACCOUNTS_ROWS = {
    "05": "5 total 合计 total=8100.43 basic=554.56 project=7545.87",
    "06": "6 personnel_total 人员经费合计 amount=482.07\n6 public_total 公用经费合计 amount=72.49",
    "B01": "1 exp_basic 基本支出 amount=1.00",  # (a 预算 line of the same unit-year: no tie of PN's)
}


def test_a_performance_report_text_balances_and_ties_to_the_final_accounts(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("report", None, PERFORMANCE_TEXT_ROWS, {"PN": (2, 3)}, {})
    fx.add_document("accounts", None, FINAL_ACCOUNTS_ROWS, {"05": (5, 5), "06": (6, 6), "B01": (1, 1)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE intermediate.int_amounts SET unit_key = 'u'")
    rows = []
    with duckdb.connect(str(db), read_only=True) as con:  # (the rules a PN text could take part in)
        for rule in (r for r in build_rules() if r.rule_id in {"PN1", "PN2", "PNX", "BNX", "BN3"}):
            cur = con.execute(rule.sql)
            names = [d[0] for d in cur.description]
            rows += [r for r in (dict(zip(names, row, strict=True)) for row in cur.fetchall())
                     if r["document_id"] == "report"]  # fmt: skip
    # 项目 7545.86 + 基本 554.56 = 8100.42 against 8100.43 printed: the publisher's rounding, tolerated
    [pn1] = [r for r in rows if r["rule_id"] == "PN1"]
    assert (pn1["expected"], pn1["actual"]) == (Decimal("8100.43"), Decimal("8100.42"))
    assert abs(pn1["expected_yuan"] - pn1["actual_yuan"]) <= pn1["slack_yuan"]
    [pn2] = [r for r in rows if r["rule_id"] == "PN2"]
    assert pn2["expected"] == pn2["actual"] == Decimal("554.56")
    ties = {r["row_label"]: (r["expected"], r["actual"]) for r in rows if r["rule_id"] == "PNX"}
    assert ties == {
        "一般公共预算财政拨款支出": (Decimal("8100.43"), Decimal("8100.43")),
        "基本支出": (Decimal("554.56"), Decimal("554.56")),
        "项目支出": (Decimal("7545.86"), Decimal("7545.87")),
        "人员经费": (Decimal("482.07"), Decimal("482.07")),
        "公用经费": (Decimal("72.49"), Decimal("72.49")),
    }
    assert not {r["rule_id"] for r in rows} & {"BNX", "BN1", "BN3"}


def test_dbt_accepts_exactly_the_rules_the_gate_evaluates() -> None:
    """stg_check_results' rule ids must be those of the seed `rules`, which is generated from the
    gate's registry: a rule added on one side only would fail every run at dbt's test, or let an
    unknown rule id through."""
    dbt = Path(__file__).resolve().parents[1] / "dbt_project"
    model = next(m for m in yaml.safe_load((dbt / "models" / "staging" / "_staging.yml").read_text(encoding="utf-8"))
                 ["models"] if m["name"] == "stg_check_results")
    column = next(c for c in model["columns"] if c["name"] == "rule_id")
    related = next(t["relationships"]["arguments"] for t in column["data_tests"]
                   if isinstance(t, dict) and "relationships" in t)
    assert related == {"to": "ref('rules')", "field": "rule_id"}
    from expectations.catalogue import SEED_PATH, ensure_seed

    assert SEED_PATH.parent == dbt / "seeds"
    ensure_seed()
    with SEED_PATH.open(encoding="utf-8") as f:
        assert [row["rule_id"] for row in csv.DictReader(f)] == list(RULE_IDS)


def test_money_is_never_float(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        for rule in build_rules():
            types = {row[0]: row[1] for row in con.execute(f"DESCRIBE {rule.sql}").fetchall()}
            for col in ("expected", "actual", "expected_yuan", "actual_yuan", "half_unit_yuan"):
                assert types[col].startswith("DECIMAL"), (rule.rule_id, col, types[col])
    finally:
        con.close()

