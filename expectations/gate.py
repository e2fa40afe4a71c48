"""The quality gate: balance rules + Great Expectations over the working DuckDB database.

``run_gate`` does, in this order (each step opens and closes its own connection, because DuckDB
refuses a second in-process connection to the same file with a different configuration, and
duckdb-engine connects with one of its own):

1. materializes every rule instance (``expectations.rules``) with its tolerance into
   ``gate.rule_instances``;
2. runs one Great Expectations suite per asset through the ``duckdb+gate`` dialect: structural
   expectations on dbt's ``int_amounts`` and one ``UnexpectedRowsExpectation`` per rule on
   ``gate.rule_instances`` (the out-of-tolerance comparison is done in SQL, in DECIMAL);
3. asks ``confirm(document_id, pages)`` about every failed instance (the orchestrator's
   independent re-reader) and writes ``gate.check_results`` with a verdict per instance;
4. returns a ``GateOutcome``.

Money never leaves SQL: Python only sees counts, ids and page numbers, so neither pandas nor GE
ever gets the chance to turn an amount into a float.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Final, Literal

import duckdb
import jinja2

from expectations.dialect import connection_string
from expectations.engine import instances_sql
from expectations.performance import existing_performance_table
from expectations.registry import load_registry
from expectations.rules import (
    AMOUNTS_TABLE_CANDIDATES,
    COLUMN_KEYS,
    ROW_KEYS,
    RULE_IDS,
    TABLE_CODES,
    GateSettings,
    Rule,
    base_relations,
    build_rules,
)
from expectations.sql import sql_in

# GE reads this when it is imported and when a context is made; it must never phone home from a
# pipeline run (and the network is not there anyway).
os.environ["GX_ANALYTICS_ENABLED"] = "False"

import great_expectations as gx
from great_expectations.data_context.types.base import (
    DataContextConfig,
    InMemoryStoreBackendDefaults,
    ProgressBarsConfig,
)

log = logging.getLogger(__name__)

Confirm = Callable[[str, list[int]], bool]
Verdict = Literal["held", "publisher_inconsistency", "parse_error"]
DocumentStatus = Literal["published", "flagged", "quarantined", "rejected"]

INSTANCES_TABLE: Final = "gate.rule_instances"
# dbt's macro file defining a report's status from its parse status and its blocking failures.
STATUS_MACRO: Final = Path(__file__).resolve().parent.parent / "dbt_project" / "macros" / "report_status.sql"
# A failed instance of a `warning` rule flags its report (whatever the re-reader says), never
# quarantines it; a `report` rule's instances are listed and change no status.
BLOCKING_RULE_IDS: Final = tuple(r.id for r in load_registry().rules if r.severity == "blocking")
WARNING_RULE_IDS: Final = tuple(r.id for r in load_registry().rules if r.severity == "warning")
RESULTS_TABLE: Final = "gate.check_results"

# Lineage: without these an amount cannot be traced back to its cell, nor re-read.
LINEAGE_COLUMNS: Final = (
    "document_id",
    "table_code",
    "page",
    "row_no",
    "column_key",
    "amount",
    "amount_text",
    "printed_unit",
    "amount_yuan",
    "x0",
    "x1",
    "top",
    "bottom",
)


@dataclass(frozen=True, slots=True)
class RuleCount:
    rule_id: str
    evaluated: int = 0
    held: int = 0
    failed: int = 0
    publisher_inconsistency: int = 0
    parse_error: int = 0


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    name: str
    kind: Literal["structural", "rule"]
    expectation_type: str
    success: bool
    unexpected_count: int | None = None
    error: str | None = None  # GE raised while evaluating it


@dataclass(slots=True)
class GateOutcome:
    rule_counts: dict[str, RuleCount]
    expectations: list[ExpectationOutcome]
    global_passed: bool
    global_failures: list[str]
    document_status: dict[str, DocumentStatus] = field(default_factory=dict)
    # parsed documents checked by the gate / those with a parse_error verdict
    checked_documents: int = 0
    quarantined_documents: int = 0
    confirm_errors: list[str] = field(default_factory=list)
    elapsed_seconds: float = 0.0

    @property
    def failed_expectations(self) -> list[ExpectationOutcome]:
        return [e for e in self.expectations if not e.success]


# ---------------------------------------------------------------------------------------------
# 1. rule instances


def _resolve_amounts_table(db_path: Path, configured: str | None) -> str:
    if configured:
        return configured
    con = duckdb.connect(str(db_path))
    try:
        found = [
            f"{schema}.{name}"
            for schema, name in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables "
                "WHERE table_catalog = current_database() AND table_name = 'int_amounts'"
            ).fetchall()
        ]
    finally:
        con.close()
    candidates = [c for c in AMOUNTS_TABLE_CANDIDATES if c in found]
    if len(candidates) != 1:
        # two of them means a stale copy: reading the wrong one would check yesterday's parse
        raise LookupError(
            f"expected exactly one of {', '.join(AMOUNTS_TABLE_CANDIDATES)}, found {found or 'none'}; "
            "set GateSettings.amounts_table"
        )
    return candidates[0]


def _materialize(db_path: Path, settings: GateSettings, rules: tuple[Rule, ...]) -> None:
    con = duckdb.connect(str(db_path))
    try:
        performance = existing_performance_table(con, rules[0].amounts_table)
        # The rules share their inputs: compute them once per run (temp tables die with `con`).
        for name, sql in base_relations(rules[0].amounts_table, performance).items():
            con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
        con.execute("BEGIN")
        con.execute("CREATE SCHEMA IF NOT EXISTS gate")
        con.execute(
            f"CREATE OR REPLACE TABLE {INSTANCES_TABLE} AS {instances_sql(rules, settings.per_addend_half_units)}"
        )
        con.execute("COMMIT")
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# 2. Great Expectations


def _values(pairs: dict[str, tuple[str, ...]]) -> str:
    return ", ".join(f"('{t}', '{k}')" for t, keys in pairs.items() for k in keys)


def _structural_expectations() -> list[tuple[str, Any]]:
    # GE substitutes {batch} with an already aliased subquery ("(SELECT ...) AS subselect"), so
    # the queries below must not alias it again; the VALUES lists only have columns t and k, so
    # the bare column names in the correlated subqueries resolve to the batch.
    ex = gx.expectations
    all_columns = sorted({c for cols in COLUMN_KEYS.values() for c in cols})
    all_row_keys = sorted({k for keys in ROW_KEYS.values() for k in keys})
    items: list[tuple[str, Any]] = [
        (f"int_amounts {c} not null", ex.ExpectColumnValuesToNotBeNull(column=c)) for c in LINEAGE_COLUMNS
    ]
    items += [
        (
            "int_amounts unique (document_id, table_code, row_no, column_key)",
            ex.ExpectCompoundColumnsToBeUnique(column_list=["document_id", "table_code", "row_no", "column_key"]),
        ),
        (
            "int_amounts table_code in 01…09",
            ex.ExpectColumnValuesToBeInSet(column="table_code", value_set=list(TABLE_CODES)),
        ),
        (
            "int_amounts column_key in vocabulary",
            ex.ExpectColumnValuesToBeInSet(column="column_key", value_set=all_columns),
        ),
        ("int_amounts row_key in vocabulary", ex.ExpectColumnValuesToBeInSet(column="row_key", value_set=all_row_keys)),
        (
            "int_amounts printed_unit is 万元 or 元",
            ex.ExpectColumnValuesToBeInSet(column="printed_unit", value_set=["万元", "元"]),
        ),
        (
            "int_amounts (table_code, column_key) in the table's vocabulary",
            ex.UnexpectedRowsExpectation(
                unexpected_rows_query=(
                    "SELECT * FROM {batch} WHERE NOT EXISTS (SELECT 1 FROM (VALUES "
                    f"{_values(COLUMN_KEYS)}) AS v(t, k) WHERE v.t = table_code AND v.k = column_key)"
                )
            ),
        ),
        (
            "int_amounts (table_code, row_key) in the table's vocabulary",
            ex.UnexpectedRowsExpectation(
                unexpected_rows_query=(
                    "SELECT * FROM {batch} WHERE row_key IS NOT NULL AND NOT EXISTS (SELECT 1 FROM "
                    f"(VALUES {_values(ROW_KEYS)}) AS v(t, k) WHERE v.t = table_code AND v.k = row_key)"
                )
            ),
        ),
        (
            "int_amounts exactly one of subject_code / row_key",
            ex.UnexpectedRowsExpectation(
                unexpected_rows_query="SELECT * FROM {batch} WHERE (subject_code IS NULL) = (row_key IS NULL)"
            ),
        ),
        (
            "int_amounts subject rows carry kind, level and parent",
            # the rules group by parent_code and subject_level: a hole here would silently
            # drop an addend from R7/R9
            ex.UnexpectedRowsExpectation(
                unexpected_rows_query=(
                    "SELECT * FROM {batch} WHERE subject_code IS NOT NULL AND (subject_kind IS NULL "
                    "OR subject_level IS NULL OR (subject_level > 1) <> (parent_code IS NOT NULL))"
                )
            ),
        ),
        (
            "int_amounts amount_yuan = amount × unit",
            ex.UnexpectedRowsExpectation(
                unexpected_rows_query=(
                    "SELECT * FROM {batch} WHERE amount_yuan <> amount * "
                    "(CASE WHEN printed_unit = '万元' THEN 10000 ELSE 1 END)"
                )
            ),
        ),
    ]
    return items


def _rule_expectations(rules: tuple[Rule, ...]) -> list[tuple[str, Any]]:
    return [
        (
            f"rule {r.rule_id}",
            gx.expectations.UnexpectedRowsExpectation(
                description=f"{r.rule_id}: {r.description}",
                unexpected_rows_query=(
                    f"SELECT * FROM {{batch}} WHERE rule_id = '{r.rule_id}' "
                    "AND abs(expected_yuan - actual_yuan) > tolerance_yuan"
                ),
            ),
        )
        for r in rules
    ]


def _run_ge(db_path: Path, rules: tuple[Rule, ...]) -> list[ExpectationOutcome]:
    """Validate both suites; raises only when GE cannot be set up at all."""
    # In-memory stores and no Data Docs site: the gate writes nothing but its two tables (GE's
    # default ephemeral config would at least reserve a temporary docs directory), sends nothing
    # home and draws no progress bars into the orchestrator's logs.
    context = gx.get_context(
        mode="ephemeral",
        project_config=DataContextConfig(
            store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
            analytics_enabled=False,
            progress_bars=ProgressBarsConfig(globally=False, metric_calculations=False),
        ),
    )
    datasource = context.data_sources.add_sql(name="working_db", connection_string=connection_string(db_path))
    try:
        # Both tables live outside DuckDB's default schema, which a GE 1.24 table asset only
        # reaches through its deprecated `schema_name=`; a query asset says the same without it.
        assets = [
            (
                "int_amounts",
                datasource.add_query_asset(name="int_amounts", query=f"SELECT * FROM {rules[0].amounts_table}"),
                "structural",
                _structural_expectations(),
            ),
            (
                "rule_instances",
                datasource.add_query_asset(name="rule_instances", query=f"SELECT * FROM {INSTANCES_TABLE}"),
                "rule",
                _rule_expectations(rules),
            ),
        ]
        outcomes: list[ExpectationOutcome] = []
        for asset_name, asset, kind, expectations in assets:
            batch_definition = asset.add_batch_definition_whole_table(f"{asset_name}_all")
            suite = context.suites.add(gx.ExpectationSuite(name=f"gate_{asset_name}"))
            for name, expectation in expectations:
                expectation.meta = {"gate_name": name}
                suite.add_expectation(expectation)
            definition = context.validation_definitions.add(
                gx.ValidationDefinition(name=f"gate_{asset_name}", data=batch_definition, suite=suite)
            )
            result = definition.run(result_format="SUMMARY")
            if len(result.results) != len(expectations):
                raise RuntimeError(
                    f"suite gate_{asset_name}: {len(result.results)} results for {len(expectations)} expectations"
                )
            for r in result.results:
                config = r.expectation_config
                name = str((config.meta or {}).get("gate_name")) if config is not None else "?"
                info = r.exception_info or {}
                raised = bool(info.get("raised_exception"))
                if not raised and isinstance(info, dict):
                    # several metrics failing are reported keyed by metric id
                    raised = any(isinstance(v, dict) and v.get("raised_exception") for v in info.values())
                res = r.result or {}
                count = res.get("unexpected_count", res.get("observed_value"))
                outcomes.append(
                    ExpectationOutcome(
                        name=name,
                        kind=kind,
                        expectation_type=config.type if config is not None else "?",
                        success=bool(r.success) and not raised,
                        unexpected_count=int(count) if isinstance(count, int) else None,
                        error=_exception_message(info) if raised else None,
                    )
                )
        return outcomes
    finally:
        # Release the file: a pooled duckdb connection keeps the database open (locked against
        # other processes, and against our own next connection, whose configuration differs).
        # GE holds two engines on it: the datasource's and the one its execution engine built.
        execution_engine = datasource.execution_engine
        if execution_engine is not None:
            execution_engine.close()
        datasource.get_engine().dispose()


def _exception_message(info: dict[str, Any]) -> str:
    if info.get("exception_message"):
        return str(info["exception_message"])
    for v in info.values():
        if isinstance(v, dict) and v.get("exception_message"):
            return str(v["exception_message"])
    return "unknown error"


# ---------------------------------------------------------------------------------------------
# 3. verdicts and results


def _confirm_failures(db_path: Path, confirm: Confirm, errors: list[str]) -> list[tuple[int, bool | None]]:
    con = duckdb.connect(str(db_path), read_only=False)
    try:
        failed = con.execute(
            # A failure whose expected side prints nothing (a total the table does not print) is
            # never confirmed as the publisher's: no printed number disagrees. It stays parse_error.
            f"SELECT instance_id, document_id, pages FROM {INSTANCES_TABLE} "
            "WHERE NOT held AND n_expected > 0 ORDER BY instance_id"
        ).fetchall()
    finally:
        con.close()
    # The re-reader is expensive and answers about pages, not about rules: several failed
    # instances on the same pages of one document get one re-read.
    answers: dict[tuple[str, tuple[int, ...]], bool | None] = {}
    verdicts: list[tuple[int, bool | None]] = []
    for instance_id, document_id, pages in failed:
        key = (str(document_id), tuple(int(p) for p in pages or ()))
        if key not in answers:
            try:
                answers[key] = bool(confirm(key[0], list(key[1])))
            except Exception as exc:  # the re-reader failing must not hide the other verdicts
                log.exception("confirm(%s, %s) raised", *key)
                errors.append(f"confirm({key[0]}, {list(key[1])}) raised {type(exc).__name__}: {exc}")
                answers[key] = None  # unconfirmed -> parse_error: never publish what we could not verify
        verdicts.append((int(instance_id), answers[key]))
    return verdicts


_RESULTS_SELECT: Final = f"""
SELECT
    CAST(i.document_id AS VARCHAR) AS document_id,
    CAST(i.rule_id AS VARCHAR) AS rule_id,
    CAST(i.table_code AS VARCHAR) AS table_code,
    CAST(i.page AS INTEGER) AS page,
    CAST(i.row_label AS VARCHAR) AS row_label,
    CAST(i.subject_code AS VARCHAR) AS subject_code,
    CAST(i.column_key AS VARCHAR) AS column_key,
    CAST(i.description AS VARCHAR) AS description,
    CAST(i.expected AS DECIMAL(20, 2)) AS expected,
    CAST(i.actual AS DECIMAL(20, 2)) AS actual,
    CAST((i.expected_yuan - i.actual_yuan) * i.unit_scale AS DECIMAL(20, 2)) AS difference,
    CAST(i.n_addends AS INTEGER) AS n_addends,
    CAST(i.tolerance_yuan * i.unit_scale AS DECIMAL(20, 4)) AS tolerance,
    CAST(i.held AS BOOLEAN) AS held,
    CAST(CASE WHEN i.held THEN 'held'
              WHEN v.confirmed THEN 'publisher_inconsistency'
              ELSE 'parse_error' END AS VARCHAR) AS verdict
FROM {INSTANCES_TABLE} AS i
LEFT JOIN _gate_verdicts AS v ON v.instance_id = i.instance_id
ORDER BY i.document_id, i.rule_id, i.instance_id
"""


def _write_results(db_path: Path, verdicts: list[tuple[int, bool | None]]) -> None:
    con = duckdb.connect(str(db_path))
    try:
        con.execute("BEGIN")
        con.execute("CREATE SCHEMA IF NOT EXISTS gate")
        con.execute("CREATE OR REPLACE TEMP TABLE _gate_verdicts (instance_id BIGINT, confirmed BOOLEAN)")
        if verdicts:
            con.executemany("INSERT INTO _gate_verdicts VALUES (?, ?)", verdicts)
        con.execute(f"CREATE OR REPLACE TABLE {RESULTS_TABLE} AS {_RESULTS_SELECT}")
        con.execute("COMMIT")
    finally:
        con.close()


def _write_empty_results(db_path: Path) -> None:
    """A run that could not evaluate the rules leaves no stale verdicts behind."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute("BEGIN")
        con.execute("CREATE SCHEMA IF NOT EXISTS gate")
        con.execute(
            f"CREATE OR REPLACE TABLE {RESULTS_TABLE} (document_id VARCHAR, rule_id VARCHAR, "
            "table_code VARCHAR, page INTEGER, row_label VARCHAR, subject_code VARCHAR, column_key VARCHAR, "
            "description VARCHAR, expected DECIMAL(20,2), actual DECIMAL(20,2), difference DECIMAL(20,2), "
            "n_addends INTEGER, tolerance DECIMAL(20,4), held BOOLEAN, verdict VARCHAR)"
        )
        con.execute("COMMIT")
    finally:
        con.close()


def _summaries(
    db_path: Path,
) -> tuple[dict[str, RuleCount], dict[str, DocumentStatus], int, int, dict[str, int]]:
    con = duckdb.connect(str(db_path), read_only=False)
    try:
        counts = {rid: RuleCount(rid) for rid in RULE_IDS}
        for rid, evaluated, held, pi, pe in con.execute(
            f"""SELECT rule_id, count(*), count(*) FILTER (WHERE held),
                       count(*) FILTER (WHERE verdict = 'publisher_inconsistency'),
                       count(*) FILTER (WHERE verdict = 'parse_error')
                FROM {RESULTS_TABLE} GROUP BY rule_id"""
        ).fetchall():
            counts[rid] = RuleCount(rid, evaluated, held, evaluated - held, pi, pe)
        failed_by_sql = dict(
            con.execute(f"SELECT rule_id, count(*) FROM {INSTANCES_TABLE} WHERE NOT held GROUP BY rule_id").fetchall()
        )
        # The status is dbt's (macro report_status, rendered here from the same file): the gate
        # only needs it early, for the coverage guard, before dbt's second phase runs.
        blocking = sql_in(BLOCKING_RULE_IDS) if BLOCKING_RULE_IDS else "(NULL)"
        warning = sql_in(WARNING_RULE_IDS) if WARNING_RULE_IDS else "(NULL)"
        status_sql = report_status_sql("d.parse_status", "c.parse_errors", "c.inconsistencies", "c.warnings")
        status: dict[str, DocumentStatus] = {}
        checked = quarantined = 0
        for document_id, parse_status, document_status in con.execute(
            f"""WITH c AS (
                    SELECT document_id,
                           count(*) FILTER (WHERE verdict = 'parse_error' AND rule_id IN {blocking}) AS parse_errors,
                           count(*) FILTER (WHERE verdict = 'publisher_inconsistency' AND rule_id IN {blocking})
                               AS inconsistencies,
                           count(*) FILTER (WHERE NOT held AND rule_id IN {warning}) AS warnings
                    FROM {RESULTS_TABLE} GROUP BY document_id
                )
                SELECT d.document_id, d.parse_status, {status_sql}
                FROM raw.documents AS d LEFT JOIN c ON c.document_id = d.document_id
                ORDER BY d.document_id"""
        ).fetchall():
            status[document_id] = document_status
            # The coverage guard counts every report we tried to read (not the rejected
            # non-reports): quarantined by the parser or by a parse_error verdict alike.
            if parse_status != "rejected":
                checked += 1
                quarantined += document_status == "quarantined"
        return counts, status, checked, quarantined, failed_by_sql
    finally:
        con.close()


def report_status_sql(parse_status: str, parse_errors: str, publisher_inconsistencies: str, warnings: str) -> str:
    """dbt's `report_status` macro applied to four SQL expressions: the one status definition."""
    module = jinja2.Environment(autoescape=False).from_string(STATUS_MACRO.read_text(encoding="utf-8")).module
    return str(module.report_status(parse_status, parse_errors, publisher_inconsistencies, warnings))  # type: ignore[attr-defined]


# ---------------------------------------------------------------------------------------------
# 4. the gate


def run_gate(db_path: Path, settings: GateSettings, confirm: Confirm) -> GateOutcome:
    """Check every parsed document in the working database; see docs/checks.md.

    `confirm(document_id, pages)` is asked once per distinct (document, pages) of the failed
    instances: True = re-reading those pages gives the printed numbers we stored (the publisher's
    numbers do not add up), False = our parse is suspect. While it runs the gate holds no
    connection to `db_path`, so the callback may open the database itself (and must close it).

    The caller must hold no open DuckDB connection to `db_path` (in this process or another):
    the gate writes to it, and GE connects with a configuration DuckDB will not share.
    Never raises for bad data or a broken GE: everything ends up in the returned outcome.
    """
    started = time.perf_counter()
    db_path = Path(db_path)
    failures: list[str] = []
    confirm_errors: list[str] = []

    try:
        amounts_table = _resolve_amounts_table(db_path, settings.amounts_table)
        rules = build_rules(settings.model_copy(update={"amounts_table": amounts_table}))
        _materialize(db_path, settings, rules)
    except (duckdb.Error, LookupError) as exc:
        failures.append(f"the rules could not be evaluated: {exc}")
        try:
            _write_empty_results(db_path)
        except duckdb.Error as write_exc:
            failures.append(f"{RESULTS_TABLE} could not be written: {write_exc}")
        return GateOutcome(
            rule_counts={rid: RuleCount(rid) for rid in RULE_IDS},
            expectations=[],
            global_passed=False,
            global_failures=failures,
            elapsed_seconds=time.perf_counter() - started,
        )

    expectations: list[ExpectationOutcome] = []
    try:
        expectations = _run_ge(db_path, rules)
    except Exception as exc:  # any GE failure to run at all is a gate failure, never a pass
        log.exception("Great Expectations could not run")
        failures.append(f"Great Expectations could not run: {type(exc).__name__}: {exc}")

    try:
        verdicts = _confirm_failures(db_path, confirm, confirm_errors)
        _write_results(db_path, verdicts)
        counts, status, checked, quarantined, failed_by_sql = _summaries(db_path)
    except duckdb.Error as exc:  # e.g. another process took the file meanwhile
        failures.append(f"{RESULTS_TABLE} could not be written: {exc}")
        return GateOutcome(
            rule_counts={rid: RuleCount(rid) for rid in RULE_IDS},
            expectations=expectations,
            global_passed=False,
            global_failures=failures,
            confirm_errors=confirm_errors,
            elapsed_seconds=time.perf_counter() - started,
        )

    for e in expectations:
        if e.error is not None:
            failures.append(f"Great Expectations could not evaluate '{e.name}': {e.error}")
        elif e.kind == "structural" and not e.success:
            failures.append(f"structural expectation failed: {e.name} ({e.unexpected_count} unexpected)")
        elif e.kind == "rule" and (e.unexpected_count or 0) != failed_by_sql.get(e.name.removeprefix("rule "), 0):
            # GE and the gate's own SQL read the same table: a disagreement means one of them is
            # not reading what we think it reads.
            failures.append(
                f"{e.name}: Great Expectations counted {e.unexpected_count} failed instances, "
                f"the gate {failed_by_sql.get(e.name.removeprefix('rule '), 0)}"
            )
    if checked and Fraction(quarantined, checked) > Fraction(settings.max_quarantined_share):
        failures.append(
            f"{quarantined} of {checked} reports are quarantined "
            f"(more than the allowed share {settings.max_quarantined_share})"
        )

    return GateOutcome(
        rule_counts=counts,
        expectations=expectations,
        global_passed=not failures,
        global_failures=failures,
        document_status=status,
        checked_documents=checked,
        quarantined_documents=quarantined,
        confirm_errors=confirm_errors,
        elapsed_seconds=time.perf_counter() - started,
    )
