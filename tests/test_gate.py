"""The quality gate end to end (real DuckDB and Great Expectations) on the hand-built warehouse
of tests/gate_support.py: verdicts, tolerances, the re-reader's say, global failures, the dialect."""

from __future__ import annotations

import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from gate_support import (
    HONGSHAN,
    QINGSHAN,
    Recorder,
    build_fixture,
    check_results,
    instances,
    set_amount,
)

from expectations.rules import FINAL_RULE_IDS, GateSettings

if TYPE_CHECKING:
    from expectations.gate import GateOutcome


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A fresh working database holding both seed reports (tests/gate_support.py)."""
    yield build_fixture().write(tmp_path / "work.duckdb")


# ---------------------------------------------------------------------------------------------
# The gate end to end (DuckDB + Great Expectations: slow)


def gate(db_path: Path, answer: bool = True, **settings: object) -> tuple[GateOutcome, Recorder]:
    # imported here: Great Expectations takes seconds to import, the DuckDB-only tests skip it
    from expectations.gate import run_gate

    rec = Recorder(answer)
    outcome = run_gate(db_path, GateSettings(**settings), rec)  # type: ignore[arg-type]
    return outcome, rec


@pytest.mark.slow
def test_gate_passes_on_the_seeds(db: Path) -> None:
    started = time.perf_counter()
    outcome, rec = gate(db)
    elapsed = time.perf_counter() - started
    assert outcome.global_passed, outcome.global_failures
    assert rec.calls == []
    assert all(c.failed == 0 for c in outcome.rule_counts.values())
    # the seeds are 决算 reports: every 决算 rule has instances (the budget rules have none)
    assert all(outcome.rule_counts[rid].evaluated > 0 for rid in FINAL_RULE_IDS)
    assert outcome.expectations and all(e.success for e in outcome.expectations), outcome.expectations
    assert outcome.document_status == {QINGSHAN: "published", HONGSHAN: "published"}
    results = check_results(db)
    assert len(results) == sum(c.evaluated for c in outcome.rule_counts.values())
    assert {r["verdict"] for r in results} == {"held"}
    print(f"run_gate on the fixture: {elapsed:.2f} s for {len(results)} instances")


@pytest.mark.slow
def test_check_results_columns_are_exact(db: Path) -> None:
    gate(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute("DESCRIBE gate.check_results").fetchall()
    finally:
        con.close()
    assert [(c[0], c[1]) for c in cols] == [
        ("document_id", "VARCHAR"),
        ("rule_id", "VARCHAR"),
        ("table_code", "VARCHAR"),
        ("page", "INTEGER"),
        ("row_label", "VARCHAR"),
        ("subject_code", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("description", "VARCHAR"),
        ("expected", "DECIMAL(20,2)"),
        ("actual", "DECIMAL(20,2)"),
        ("difference", "DECIMAL(20,2)"),
        ("n_addends", "INTEGER"),
        ("tolerance", "DECIMAL(20,4)"),
        ("held", "BOOLEAN"),
        ("verdict", "VARCHAR"),
    ]


@pytest.mark.slow
def test_an_altered_amount_fails_the_right_rule_on_the_right_page_and_row(db: Path) -> None:
    # 05 row 2101101 行政单位医疗, project column: 646.72 -> 646.27 (two digits swapped)
    set_amount(db, QINGSHAN, "05", "2101101", "project", "646.27")
    outcome, rec = gate(db, answer=False)
    failed = check_results(db, "NOT held")
    assert {(r["rule_id"], r["table_code"], r["page"], r["subject_code"], r["column_key"]) for r in failed} == {
        ("R6", "05", 10, "2101101", "total"),  # 646.72 = 646.27 on its own row
        ("R7", "05", 10, "21011", "project"),  # 款 21011 = Σ its 项 in the project column
    }
    row = next(r for r in failed if r["rule_id"] == "R6")
    assert (row["row_label"], row["expected"], row["actual"], row["difference"]) == (
        "行政单位医疗",
        Decimal("646.72"),
        Decimal("646.27"),
        Decimal("0.45"),
    )
    assert {r["verdict"] for r in failed} == {"parse_error"}
    assert outcome.rule_counts["R6"].failed == 1 and outcome.rule_counts["R7"].failed == 1
    assert outcome.document_status[QINGSHAN] == "quarantined"
    assert outcome.document_status[HONGSHAN] == "published"
    # GE saw the same failures as the SQL
    ge = {e.name: e for e in outcome.expectations}
    assert not ge["rule R6"].success and ge["rule R6"].unexpected_count == 1
    assert ge["rule R1"].success
    # 1 of 2 parsed documents quarantined: not above the default share of 0.5
    assert outcome.global_passed, outcome.global_failures
    # both failures are on the same page of the same document: one re-read answers both
    assert rec.calls == [(QINGSHAN, [10])]


@pytest.mark.parametrize(
    ("printed", "holds"),
    [("0.64", True), ("0.65", True), ("0.63", True), ("0.69", False), ("0.59", False)],
)
def test_tolerance_is_half_a_unit_per_rounded_amount(db: Path, printed: str, holds: bool) -> None:
    # 20805 = 2080501 + 2080505 = 0.64 + 4.24 = 4.88 in qingshan's 05 basic column: two addends,
    # tolerance 0.005 × 3 = 0.015 万元. A 0.01 gap is the publisher's rounding; 0.05 is not.
    set_amount(db, QINGSHAN, "05", "2080501", "basic", printed)
    rows = [
        r
        for r in instances(db)
        if r["rule_id"] == "R7"
        and r["document_id"] == QINGSHAN
        and r["table_code"] == "05"
        and r["subject_code"] == "20805"
        and r["column_key"] == "basic"
    ]
    assert len(rows) == 1 and rows[0]["n_addends"] == 2
    gap = abs(rows[0]["expected_yuan"] - rows[0]["actual_yuan"])  # type: ignore[operator]
    assert (gap <= Decimal("150")) is holds  # 0.015 万元 in 元


@pytest.mark.slow
def test_rounding_gap_of_one_cent_holds_and_five_cents_fails_in_the_gate(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.65")
    gate(db)
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert row["held"] and row["tolerance"] == Decimal("0.0150") and row["difference"] == Decimal("-0.01")
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.69")
    gate(db)
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert not row["held"] and row["difference"] == Decimal("-0.05")


def add_performance_table(db_path: Path) -> None:
    """qingshan's 决算 carries a 自评表 (page 20) that prints 1000% for 100% (as 西安 does): the
    printed 绩效 numbers dbt's int_performance_values would hold."""
    with duckdb.connect(str(db_path)) as con:
        con.executemany(
            "INSERT INTO intermediate.int_performance_values (document_id, kind, unit_key, fiscal_year, table_no, "
            "family, scope, part, line, row_no, page, row_label, column_key, value, value_text, printed_unit) "
            "VALUES (?, 'final_accounts', ?, 2024, 1, 'project_self_evaluation', '项目', ?, ?, ?, 20, ?, ?, ?, ?, ?)",
            [
                [QINGSHAN, QINGSHAN, "money", "total", None, "年度资金总额", column, Decimal(text.rstrip("%")), text,
                 "万元" if column != "execution_rate" else None]
                for column, text in (("budget_full_year", "400"), ("executed", "400"), ("execution_rate", "1000%"))
            ]
            + [
                [QINGSHAN, QINGSHAN, "indicator", None, n, f"指标{n}", column, Decimal(10), "10", None]
                for n in (1, 2)
                for column in ("weight", "score")
            ],
        )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("answer", "verdict", "status"),
    [
        (True, "publisher_inconsistency", "flagged"),
        (False, "parse_error", "quarantined"),
    ],
)
def test_confirm_decides_the_verdict(db: Path, answer: bool, verdict: str, status: str) -> None:
    # hongshan's 09 决算数 合计 2.29 -> 2.92
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")
    # qingshan's 自评表 fails a 绩效 rule: a warning flags its report whatever the verdict, with
    # the 绩效 table, page and row, and never quarantines it
    add_performance_table(db)
    outcome, rec = gate(db, answer=answer)
    failed = check_results(db, "NOT held")
    assert sorted((r["rule_id"], r["table_code"], r["column_key"], r["page"], r["verdict"]) for r in failed) == [
        ("P4", "绩效1", "execution_rate", 20, verdict),
        ("R11", "09", "actual_total", 12, verdict),
    ]
    assert [r["row_label"] for r in failed if r["rule_id"] == "P4"] == ["年度资金总额"]
    assert sorted(rec.calls) == [(HONGSHAN, [12]), (QINGSHAN, [20])]
    assert outcome.document_status == {HONGSHAN: status, QINGSHAN: "flagged"}
    assert outcome.rule_counts["R11"].failed == 1 and outcome.rule_counts["P3"].held == 2
    assert getattr(outcome.rule_counts["R11"], verdict) == 1


@pytest.mark.slow
def test_the_tolerance_multiplier_is_a_setting(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.69")  # 0.05 gap, two addends
    outcome, _ = gate(db, per_addend_half_units=Decimal("4"))  # 4 × 0.005 × 3 = 0.06
    assert outcome.rule_counts["R7"].failed == 0
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert row["held"] and row["tolerance"] == Decimal("0.0600")
    with pytest.raises(ValueError):
        GateSettings(per_addend_half_units=Decimal("0"))


@pytest.mark.slow
def test_a_failing_re_reader_means_parse_error(db: Path) -> None:
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")

    def broken(document_id: str, pages: list[int]) -> bool:
        raise OSError("PDF not found")

    from expectations.gate import run_gate

    outcome = run_gate(db, GateSettings(), broken)
    assert [r["verdict"] for r in check_results(db, "NOT held")] == ["parse_error"]
    assert outcome.document_status[HONGSHAN] == "quarantined"
    assert outcome.confirm_errors and "PDF not found" in outcome.confirm_errors[0]


@pytest.mark.slow
def test_too_many_parse_errors_fail_the_global_gate(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2101101", "project", "646.27")
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")
    outcome, _ = gate(db, answer=False, max_quarantined_share=Decimal("0.5"))
    assert not outcome.global_passed
    assert any("quarantined" in f for f in outcome.global_failures), outcome.global_failures
    # publisher inconsistencies alone never fail the global gate
    outcome, _ = gate(db, answer=True)
    assert outcome.global_passed, outcome.global_failures


@pytest.mark.slow
def test_structural_expectations_fail_the_global_gate(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        # a duplicated amount (same document, table, row, column) and an unknown column key
        con.execute(
            "INSERT INTO intermediate.int_amounts SELECT * FROM intermediate.int_amounts "
            "WHERE document_id = 'qingshan' AND table_code = '09' OR (table_code = '05' AND row_no = 2 "
            "AND column_key = 'basic' AND document_id = 'qingshan')"
        )
        con.execute(
            "UPDATE intermediate.int_amounts SET column_key = 'bogus' "
            "WHERE document_id = 'hongshan' AND table_code = '03' AND row_no = 1 AND column_key = 'project'"
        )
        con.execute(
            "UPDATE intermediate.int_amounts SET page = NULL "
            "WHERE document_id = 'hongshan' AND table_code = '06' AND row_no = 1"
        )
    finally:
        con.close()
    outcome, _ = gate(db)
    assert not outcome.global_passed
    failed = {e.name for e in outcome.expectations if not e.success}
    assert {
        "int_amounts unique (document_id, table_code, row_no, column_key)",
        "int_amounts column_key in vocabulary",
        "int_amounts (table_code, column_key) in the table's vocabulary",
        "int_amounts page not null",
    } <= failed, failed


@pytest.mark.slow
def test_gate_fails_when_the_rules_cannot_run(tmp_path: Path) -> None:
    db_path = tmp_path / "nothing.duckdb"
    duckdb.connect(str(db_path)).close()
    outcome, _ = gate(db_path)
    assert not outcome.global_passed
    assert outcome.global_failures[0].startswith("the rules could not be evaluated")
    assert check_results(db_path) == []  # no stale verdicts survive a run that could not check


@pytest.mark.slow
def test_gate_fails_when_great_expectations_cannot_run(db: Path) -> None:
    # A connection the caller forgot open: DuckDB lets the gate's own connections share it, but
    # refuses GE's, whose configuration differs. The gate must fail, not pass on an empty result.
    held = duckdb.connect(str(db))
    try:
        outcome, _ = gate(db)
    finally:
        held.close()
    assert not outcome.global_passed
    assert any(f.startswith("Great Expectations could not run") for f in outcome.global_failures)
    # the SQL verdicts were still written, for the quality mart
    assert len(check_results(db)) == sum(c.evaluated for c in outcome.rule_counts.values()) > 0


@pytest.mark.slow
def test_int_amounts_is_found_in_main_too_but_never_guessed_between_two(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE main.int_amounts AS SELECT * FROM intermediate.int_amounts")
    finally:
        con.close()
    outcome, _ = gate(db)
    assert not outcome.global_passed
    assert "set GateSettings.amounts_table" in outcome.global_failures[0]
    outcome, _ = gate(db, amounts_table="main.int_amounts")
    assert outcome.global_passed, outcome.global_failures
    con = duckdb.connect(str(db))
    try:
        con.execute("DROP TABLE intermediate.int_amounts")
    finally:
        con.close()
    outcome, _ = gate(db)
    assert outcome.global_passed, outcome.global_failures


# ---------------------------------------------------------------------------------------------
# The dialect fix


@pytest.mark.slow
def test_ge_reads_rows_through_the_gate_dialect_and_not_through_the_stock_one(db: Path) -> None:
    import os

    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx

    from expectations.dialect import connection_string

    query = "SELECT * FROM {batch} WHERE table_code = '09'"

    def run(url: str) -> tuple[bool, object]:
        ctx = gx.get_context(mode="ephemeral")
        ds = ctx.data_sources.add_sql(name="w", connection_string=url)
        asset = ds.add_query_asset(name="a", query="SELECT * FROM intermediate.int_amounts")
        batch = asset.add_batch_definition_whole_table("all").get_batch()
        res = batch.validate(gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query))
        ds.get_engine().dispose()
        return bool(res.exception_info.get("raised_exception")), res.result.get("observed_value")

    # the stock duckdb-engine dialect loses the result on the pool's ROLLBACK
    raised, observed = run(f"duckdb:///{db}")
    assert observed is None
    # through ours, GE counts hongshan's six 09 amounts
    raised, observed = run(connection_string(db))
    assert (raised, observed) == (False, 6)


def test_sqlalchemy_keeps_a_result_after_the_connection_is_returned(db: Path) -> None:
    import sqlalchemy as sa

    from expectations.dialect import connection_string

    for url, expected in ((f"duckdb:///{db}", []), (connection_string(db), [(6,)])):
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            result = conn.execute(sa.text("SELECT count(*) FROM intermediate.int_amounts WHERE table_code = '09'"))
        assert result.fetchall() == expected, url
        engine.dispose()


@pytest.mark.slow
def test_a_failure_with_nothing_printed_on_the_expected_side_is_never_the_publishers(db: Path) -> None:
    # hongshan's 09 决算数 合计 gone (as a table that does not print the line): R11's parts still
    # add up to something, but no printed number disagrees with them. However sure the re-reader
    # is of the parts' digits, that failure is ours to explain: parse_error, never a flag.
    with duckdb.connect(str(db)) as con:
        con.execute(
            "DELETE FROM intermediate.int_amounts WHERE document_id = $doc AND table_code = '09' "
            "AND row_key = 'three_public' AND column_key = 'actual_total'",
            {"doc": HONGSHAN},
        )
    outcome, _ = gate(db, answer=True)
    failed = check_results(db, "NOT held AND rule_id = 'R11'")
    assert [(r["column_key"], r["expected"], r["verdict"]) for r in failed] == [
        ("actual_total", Decimal("0.00"), "parse_error")
    ]
    assert outcome.document_status[HONGSHAN] == "quarantined"
