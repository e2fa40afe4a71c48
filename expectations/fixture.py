"""Rule fixtures: ``expectations/fixtures/<rule_id>.yaml``, a passing and a failing case per rule.

A case is the minimal printed amounts of one or more documents and the expected outcome::

    rule: R3
    cases:
      pass:
        documents:
          doc:
            tables:
              '01':
                - inc_grand_total amount=100.00        # row key (or subject code), column=printed amount
                - inc_total_current amount=90.00
                - inc_carryover_begin amount=10.00
        expect: {evaluated: 1, failed: 0}
      fail: ...

A row's first word is its row key, or its subject code (3, 5 or 7 digits: level and parent code
follow from the length, as dbt derives them). Amounts are printed in the document's ``unit``
(万元 unless said otherwise), every table is found on page 1. ``run_case`` builds ``raw.documents``,
``raw.report_tables`` and ``intermediate.int_amounts`` in an in-memory DuckDB and runs the one
rule through the real engine (``expectations.engine``) with the default tolerance.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Final, Literal

import duckdb
import yaml
from pydantic import BaseModel, ConfigDict, Field

from expectations.engine import instances_sql
from expectations.performance import EMPTY_PERFORMANCE_VALUES
from expectations.rules import GateSettings, build_rules
from expectations.sql import base_relations

FIXTURES_DIR: Final = Path(__file__).with_name("fixtures")


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FixturePerformanceTable(_Strict):
    """One 绩效 table: rows `indicator <column>=<printed> …`, `total …` (the 总分 row),
    `money:<line> …` (a money block line; amounts in `printed_unit`, 执行率 as printed: 88.75%),
    `base:<line key> row=<n> [parent=<n>] …` (a 基础数据表's 经费 line, `base:-` one 专项; amounts in
    `printed_unit`) and `staffing …` (its 编制数, 实际在职人数, 控制率)."""

    family: str = "project_self_evaluation"
    scope: Literal["整体", "项目"] = "项目"
    printed_unit: Literal["万元", "元"] = "万元"
    rows: list[str]
    parent: int | None = None  # a list row: the 1-based position of the table it adds up into


class FixtureDocument(_Strict):
    kind: Literal["final_accounts", "budget", "performance"] = "final_accounts"
    unit: Literal["万元", "元"] = "万元"
    unit_key: str = "unit"
    fiscal_year: int = 2026
    narrative_total: Decimal | None = None
    tables: dict[str, list[str]] = {}
    performance: list[FixturePerformanceTable] = []


class Expect(_Strict):
    evaluated: int = Field(ge=1)
    failed: int = Field(ge=0)


class Case(_Strict):
    documents: dict[str, FixtureDocument] = Field(min_length=1)
    expect: Expect


class RuleFixture(_Strict):
    rule: str
    cases: dict[Literal["pass", "fail"], Case]


def fixture_path(rule_id: str) -> Path:
    return FIXTURES_DIR / f"{rule_id}.yaml"


def load_fixture(rule_id: str) -> RuleFixture:
    fixture = RuleFixture.model_validate(yaml.safe_load(fixture_path(rule_id).read_text(encoding="utf-8")))
    if fixture.rule != rule_id:
        raise ValueError(f"{fixture_path(rule_id)} is about rule {fixture.rule}")
    return fixture


def _amount_rows(document_id: str, doc: FixtureDocument) -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = []
    scale = Decimal(10000) if doc.unit == "万元" else Decimal(1)
    for table_code, lines in doc.tables.items():
        for row_no, line in enumerate(lines, start=1):
            key, *cells = line.split()
            is_code = key.isdigit()
            level = {3: 1, 5: 2, 7: 3}[len(key)] if is_code else None
            for cell in cells:
                column, text = cell.split("=", 1)
                amount = Decimal(text.replace(",", ""))
                rows.append(
                    (
                        document_id, table_code, 1, row_no, key, key if is_code else None,
                        None if is_code else key, column, level,
                        key[:-2] if is_code and len(key) > 3 else None,
                        amount * scale, text, doc.unit, doc.unit_key, doc.fiscal_year,
                    )
                )  # fmt: skip
    return rows


_MONEY_COLUMNS: Final = ("budget_initial", "budget_full_year", "executed", "budget_in_place", "unspent")
_BASE_KEYS: Final = ("row", "parent")  # (a 经费 line's number and its parent's: no printed values)


def _performance_rows(document_id: str, doc: FixtureDocument) -> list[tuple[object, ...]]:
    """The document's 绩效 tables as dbt's int_performance_values rows (every table on page 1)."""
    rows: list[tuple[object, ...]] = []
    for table_no, table in enumerate(doc.performance, start=1):
        indicator_no = 0
        for line in table.rows:
            head, *cells = line.split()
            part, _, money_line = head.partition(":")
            indicator_no += part == "indicator"
            keys = dict(c.split("=", 1) for c in cells if c.split("=", 1)[0] in _BASE_KEYS)
            row_no = indicator_no if part == "indicator" else int(keys["row"]) if "row" in keys else None
            if part == "staffing":
                money_line = "staffing"
            for cell in cells:
                column, text = cell.split("=", 1)
                if column in _BASE_KEYS:
                    continue
                rows.append(
                    (
                        document_id, doc.kind, doc.unit_key, doc.fiscal_year, table_no, table.family, table.scope,
                        part, None if money_line in ("", "-") else money_line, row_no, 1, head, column,
                        Decimal(text.rstrip("%").replace(",", "")), text,
                        table.printed_unit if column in _MONEY_COLUMNS or part == "base" else None, table.parent,
                        int(keys["parent"]) if "parent" in keys else None,
                    )
                )  # fmt: skip
    return rows


def _database(case: Case) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(":memory:")
    con.execute("CREATE SCHEMA raw; CREATE SCHEMA intermediate")
    con.execute(
        "CREATE TABLE raw.documents (document_id VARCHAR, kind VARCHAR, parse_status VARCHAR, "
        "narrative_total DECIMAL(20, 2))"
    )
    con.execute(
        "CREATE TABLE raw.report_tables (document_id VARCHAR, table_code VARCHAR, status VARCHAR, "
        "first_page INTEGER, last_page INTEGER)"
    )
    con.execute(
        "CREATE TABLE intermediate.int_amounts (document_id VARCHAR, table_code VARCHAR, page INTEGER, "
        "row_no INTEGER, row_label VARCHAR, subject_code VARCHAR, row_key VARCHAR, column_key VARCHAR, "
        "subject_level INTEGER, parent_code VARCHAR, amount_yuan DECIMAL(24, 2), amount_text VARCHAR, "
        "printed_unit VARCHAR, unit_key VARCHAR, fiscal_year INTEGER)"
    )
    con.execute(f"CREATE TABLE intermediate.int_performance_values AS SELECT * FROM {EMPTY_PERFORMANCE_VALUES}")
    for document_id, doc in case.documents.items():
        con.execute(
            "INSERT INTO raw.documents VALUES (?, ?, 'parsed', ?)", [document_id, doc.kind, doc.narrative_total]
        )
        for table_code in doc.tables:
            con.execute("INSERT INTO raw.report_tables VALUES (?, ?, 'found', 1, 1)", [document_id, table_code])
        rows = _amount_rows(document_id, doc)
        if rows:
            con.executemany(f"INSERT INTO intermediate.int_amounts VALUES ({', '.join('?' * 15)})", rows)
        if values := _performance_rows(document_id, doc):
            con.executemany(f"INSERT INTO intermediate.int_performance_values VALUES ({', '.join('?' * 18)})", values)
    return con


@cache
def _rules() -> dict[str, object]:
    return {r.rule_id: r for r in build_rules()}


def run_case(rule_id: str, case: Case, settings: GateSettings | None = None) -> Expect:
    """Evaluate one rule on a case's documents: how many instances, how many out of tolerance."""
    settings = settings or GateSettings()
    rule = _rules()[rule_id]
    con = _database(case)
    try:
        for name, sql in base_relations("intermediate.int_amounts").items():
            con.execute(f"CREATE TEMP TABLE {name} AS {sql}")
        evaluated, failed = con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE NOT held) "
            f"FROM ({instances_sql([rule], settings.per_addend_half_units)})"  # type: ignore[list-item]
        ).fetchone() or (0, 0)
    finally:
        con.close()
    return Expect.model_construct(evaluated=int(evaluated), failed=int(failed))
