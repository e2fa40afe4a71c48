"""The SQL of the 绩效 checks (registry shapes ``table_sum``, ``row_relation``, ``final_tie``,
``child_sum``).

They read the base relation ``gate_performance``: every number printed in a 绩效 table read (dbt's
``int_performance_values``: indicator rows' 分值 / 得分, the 总分 row, the money block's lines),
with the half-unit of its printed precision. Unlike the amounts rules, whose terms are summed by
``expectations.sql``'s shared aggregation, each shape here yields its instances directly (the
columns ``INSTANCE_COLUMNS``): an instance is one 绩效 table × column, one indicator row or one
money line — never a sum over the tables of a document (a 决算 may carry ~85 自评表).

Tolerance, as for the amounts (half a printed unit per value), summed over the values of the
instance into ``slack_yuan``: a ratio's tolerance is the printed percent's half-unit plus how far
the rounding of its two amounts can move it; a product's likewise. Everything is DECIMAL: the
one division (执行数 / 全年预算数) is done on exact integers (HUGEINT), rounded down to 10⁻⁶ and
that 10⁻⁶ added to the tolerance.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import duckdb

from expectations.registry import (
    ChildSumCheck,
    FinalTieCheck,
    PerformanceSelection,
    RowRelationCheck,
    TableSumCheck,
)
from expectations.sql import sql_in, sql_lit
from ingest.performance.families import Family, families

#: dbt's model of the printed 绩效 numbers, in the schema of int_amounts.
PERFORMANCE_MODEL: Final = "int_performance_values"

# int_performance_values' columns, for a database without the model (a run before dbt built it,
# a test's hand-made database): the 绩效 rules then have no instance.
EMPTY_PERFORMANCE_VALUES: Final = """(SELECT CAST(NULL AS VARCHAR) AS document_id, CAST(NULL AS VARCHAR) AS kind,
        CAST(NULL AS VARCHAR) AS unit_key, CAST(NULL AS INTEGER) AS fiscal_year, CAST(NULL AS INTEGER) AS table_no,
        CAST(NULL AS VARCHAR) AS family, CAST(NULL AS VARCHAR) AS scope, CAST(NULL AS VARCHAR) AS part,
        CAST(NULL AS VARCHAR) AS line, CAST(NULL AS INTEGER) AS row_no, CAST(NULL AS INTEGER) AS page,
        CAST(NULL AS VARCHAR) AS row_label, CAST(NULL AS VARCHAR) AS column_key,
        CAST(NULL AS DECIMAL(24, 6)) AS value, CAST(NULL AS VARCHAR) AS value_text,
        CAST(NULL AS VARCHAR) AS printed_unit, CAST(NULL AS INTEGER) AS parent_table_no,
        CAST(NULL AS INTEGER) AS parent_row_no
    WHERE false)"""

# value_yuan: amounts in 元 (as int_amounts), points and percents as printed. decimals: of the
# printed text (the 总分 row keeps no text: the digits of its value, trailing zeros dropped).
GATE_PERFORMANCE: Final = """
    SELECT
        p.document_id, p.kind, p.unit_key, p.fiscal_year, p.table_no, p.family, p.scope, p.part, p.line,
        p.row_no, p.page, p.row_label, p.column_key, p.parent_table_no, p.parent_row_no,
        CAST(p.value * (CASE WHEN p.printed_unit = '万元' THEN 10000 ELSE 1 END) AS DECIMAL(30, 6)) AS value_yuan,
        CAST(length(regexp_extract(
            coalesce(p.value_text, rtrim(rtrim(CAST(p.value AS VARCHAR), '0'), '.')), '[.]([0-9]+)', 1))
            AS INTEGER) AS decimals,
        CAST((CASE WHEN p.printed_unit = '万元' THEN 10000 ELSE 1 END)
             * (CASE length(regexp_extract(
                    coalesce(p.value_text, rtrim(rtrim(CAST(p.value AS VARCHAR), '0'), '.')), '[.]([0-9]+)', 1))
                WHEN 0 THEN 0.5 WHEN 1 THEN 0.05 WHEN 2 THEN 0.005 WHEN 3 THEN 0.0005 WHEN 4 THEN 0.00005
                WHEN 5 THEN 0.000005 ELSE 0.0000005 END)
             AS DECIMAL(24, 8)) AS half_unit,
        CASE WHEN p.printed_unit = '万元' THEN CAST(0.0001 AS DECIMAL(10, 4)) ELSE CAST(1 AS DECIMAL(10, 4)) END
            AS unit_scale
    FROM {performance_source} AS p
    JOIN raw.documents AS d ON d.document_id = p.document_id
    WHERE d.parse_status = 'parsed' AND p.value IS NOT NULL"""


def gate_performance_sql(performance_table: str | None) -> str:
    return GATE_PERFORMANCE.replace("{performance_source}", performance_table or EMPTY_PERFORMANCE_VALUES)


def performance_table_for(amounts_table: str) -> str:
    """int_performance_values lives in the schema dbt put int_amounts in."""
    return f"{amounts_table.rsplit('.', 1)[0]}.{PERFORMANCE_MODEL}"


def existing_performance_table(con: duckdb.DuckDBPyConnection, amounts_table: str) -> str | None:
    """int_performance_values beside `amounts_table`, or None where dbt has not built it (a
    database made before the model existed has no 绩效 instance rather than no gate)."""
    schema, name = performance_table_for(amounts_table).split(".")
    found = con.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database() "
        "AND table_schema = ? AND table_name = ?",
        [schema, name],
    ).fetchone()
    return f"{schema}.{name}" if found and found[0] else None


def _select(s: PerformanceSelection, alias: str = "v") -> str:
    cond = f"{alias}.part = {sql_lit(s.part)}"
    if s.column is not None:
        cond += f" AND {alias}.column_key = {sql_lit(s.column)}"
    if s.lines:
        cond += f" AND {alias}.line IN {sql_in(s.lines)}"
    return f"({cond})"


def _any(selections: Sequence[PerformanceSelection]) -> str:
    return "(" + " OR ".join(_select(s) for s in selections) + ")" if selections else "FALSE"


def _half(exact_whole: Sequence[str], alias: str = "v") -> str:
    """A value's half-unit; a whole number in an `exact_whole` column has none (a template's 分值,
    an evaluator's 得分 of 2 out of 2: points given, not a rounded result)."""
    if not exact_whole:
        return f"{alias}.half_unit"
    return (
        f"(CASE WHEN {alias}.decimals = 0 AND {alias}.column_key IN {sql_in(exact_whole)} "
        f"THEN CAST(0 AS DECIMAL(24, 8)) ELSE {alias}.half_unit END)"
    )


def _instance_select(rule_id: str, from_sql: str) -> str:
    """The instance columns from a relation `i` with: document_id, inst, table_no, page, row_label,
    column_key, description, expected_yuan, actual_yuan, n_addends, n_expected, pages,
    half_unit_yuan, unit_scale, slack_yuan."""
    return f"""
SELECT
    i.document_id,
    {sql_lit(rule_id)} AS rule_id,
    i.inst AS instance_key,
    '绩效' || CAST(i.table_no AS VARCHAR) AS table_code,  -- the document's n-th 绩效 table
    CAST(i.page AS INTEGER) AS page,
    CAST(i.row_label AS VARCHAR) AS row_label,
    CAST(NULL AS VARCHAR) AS subject_code,
    i.column_key,
    i.description,
    CAST(i.expected_yuan * i.unit_scale AS DECIMAL(20, 2)) AS expected,
    CAST(i.actual_yuan * i.unit_scale AS DECIMAL(20, 2)) AS actual,
    CAST(i.n_addends AS INTEGER) AS n_addends,
    CAST(i.n_expected AS INTEGER) AS n_expected,
    CAST(i.pages AS INTEGER[]) AS pages,
    CAST(i.expected_yuan AS DECIMAL(38, 6)) AS expected_yuan,
    CAST(i.actual_yuan AS DECIMAL(38, 6)) AS actual_yuan,
    CAST(i.half_unit_yuan AS DECIMAL(20, 4)) AS half_unit_yuan,
    CAST(i.unit_scale AS DECIMAL(10, 4)) AS unit_scale,
    CAST(i.slack_yuan AS DECIMAL(30, 6)) AS slack_yuan
FROM ({from_sql}) AS i"""


# The pages of each 绩效 table (a re-reader looks at all of them).
_TABLE_PAGES: Final = """
    SELECT document_id, table_no, list_sort(list(DISTINCT page)) AS pages
    FROM gate_performance GROUP BY ALL"""


def sql_table_sum(rule_id: str, c: TableSumCheck) -> str:
    exact = c.exact_whole
    total, addends, optional = _select(c.total), _any(c.addends), _any(c.optional)
    guard = f"bool_or({_any(c.guard)}) AND " if c.guard else ""
    inner = f"""
    WITH s AS (
        SELECT v.document_id, v.table_no,
               sum(v.value_yuan) FILTER (WHERE {total}) AS expected_yuan,
               count(*) FILTER (WHERE {total}) AS n_expected,
               max({_half(exact)}) FILTER (WHERE {total}) AS half_expected,
               min(v.page) FILTER (WHERE {total}) AS total_page,
               any_value(v.row_label) FILTER (WHERE {total}) AS total_label,
               coalesce(sum(v.value_yuan) FILTER (WHERE {addends}), 0) AS required,
               count(*) FILTER (WHERE {addends}) AS n_required,
               coalesce(sum({_half(exact)}) FILTER (WHERE {addends}), 0) AS half_required,
               min(v.page) FILTER (WHERE {addends}) AS addend_page,
               coalesce(sum(v.value_yuan) FILTER (WHERE {optional}), 0) AS optional,
               count(*) FILTER (WHERE {optional}) AS n_optional,
               coalesce(sum({_half(exact)}) FILTER (WHERE {optional}), 0) AS half_optional,
               max(v.half_unit) FILTER (WHERE {total} OR {addends} OR {optional}) AS coarsest,
               any_value(v.unit_scale) FILTER (WHERE {total}) AS unit_scale
        FROM gate_performance AS v
        WHERE TRUE{_families_cond(c.family_flag)}
        GROUP BY v.document_id, v.table_no
        HAVING {guard}count(*) FILTER (WHERE {total}) > 0 AND count(*) FILTER (WHERE {addends}) > 0
    ),
    chosen AS (
        -- (the optional addends count where the total agrees better with them)
        SELECT *, n_optional > 0 AND abs(expected_yuan - required - optional) <= abs(expected_yuan - required)
                  AS with_optional
        FROM s
    )
    SELECT c.document_id, {sql_lit(f"{rule_id}:")} || CAST(c.table_no AS VARCHAR) || {sql_lit(":" + c.key)} AS inst,
           c.table_no, coalesce(c.total_page, c.addend_page) AS page, coalesce(c.total_label, {sql_lit(c.label)})
           AS row_label, {sql_lit(c.total.column)} AS column_key, {sql_lit(c.desc)} AS description,
           c.expected_yuan,
           c.required + CASE WHEN c.with_optional THEN c.optional ELSE 0 END AS actual_yuan,
           c.n_required + CASE WHEN c.with_optional THEN c.n_optional ELSE 0 END AS n_addends,
           c.n_expected, p.pages, c.coarsest AS half_unit_yuan, c.unit_scale,
           c.half_expected + c.half_required + CASE WHEN c.with_optional THEN c.half_optional ELSE 0 END
               AS slack_yuan
    FROM chosen AS c
    JOIN ({_TABLE_PAGES}) AS p ON p.document_id = c.document_id AND p.table_no = c.table_no"""
    return _instance_select(rule_id, inner)


def flagged_families(flag: str) -> tuple[str, ...]:
    """The families of ingest/performance/families.yaml that set the boolean key `flag`."""
    if flag not in Family.model_fields:
        raise ValueError(f"families.yaml has no key {flag!r}")
    return tuple(f.name for f in families() if getattr(f, flag) is True)


def _rate_quotient(numerator: str, denominator: str) -> str:
    """numerator / denominator × 100 (both DECIMAL with ≤ 6 decimals), rounded down to 10⁻⁶, exactly."""
    n, d = f"CAST({numerator} * 1000000 AS HUGEINT)", f"CAST({denominator} * 1000000 AS HUGEINT)"
    return f"(CAST(({n} * 100000000) // {d} AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6)))"


def _ceil_quotient(numerator: str, denominator: str) -> str:
    """numerator / denominator (both > 0), rounded up to 10⁻⁶, exactly."""
    n, d = f"CAST(ceil({numerator} * 1000000000000) AS HUGEINT)", f"CAST(floor({denominator} * 1000000) AS HUGEINT)"
    return f"(CAST(({n} + {d} - 1) // {d} AS DECIMAL(38, 0)) * CAST(0.000001 AS DECIMAL(7, 6)))"


def _families_cond(flag: str | None) -> str:
    """SQL (over alias v, after a WHERE): only tables of the families setting `flag`, if given."""
    if flag is None:
        return ""
    names = flagged_families(flag)
    return f" AND v.family IN {sql_in(names)}" if names else " AND FALSE"


def sql_row_relation(rule_id: str, c: RowRelationCheck) -> str:
    fields = (c.value, *c.operands)
    lines = f" AND v.line IN {sql_in(c.lines)}" if c.lines else ""
    families_cond = _families_cond(c.family_flag)
    pivot = ",\n               ".join(
        f"max(v.value_yuan) FILTER (WHERE v.column_key = {sql_lit(f)}) AS v{k}, "
        f"max({_half(c.exact_whole)}) FILTER (WHERE v.column_key = {sql_lit(f)}) AS h{k}"
        for k, f in enumerate(fields)
    )
    scale = f"any_value(v.unit_scale) FILTER (WHERE v.column_key = {sql_lit(c.value)}) AS unit_scale"
    row_key = "CAST(v.row_no AS VARCHAR)" if c.part == "indicator" else "v.line"
    printed = " AND ".join(f"r.v{k} IS NOT NULL" for k in range(len(fields)))
    if c.relation == "at_most":
        actual, slack, where = "least(r.v0, r.v1)", "r.h0 + r.h1", printed
    elif c.relation == "percent_of":
        # the rate the two amounts give, and how far their rounding (h1, h2) can move it
        quotient = _rate_quotient("r.v1", "r.v2")
        spread = _ceil_quotient(f"(100 * r.h1 + {quotient} * r.h2)", "(r.v2 - r.h2)")
        actual = quotient
        slack = f"r.h0 + {spread} + CAST(0.000001 AS DECIMAL(7, 6))"
        where = f"{printed} AND r.v2 > r.h2 AND r.v1 >= 0"
    else:
        rate = f"least(r.v2, {c.cap})" if c.cap is not None else "r.v2"
        actual = f"(r.v1 * {rate} * CAST(0.01 AS DECIMAL(3, 2)))"
        slack = f"(r.h0 + (r.h1 * {rate} + r.v1 * r.h2 + r.h1 * r.h2) * CAST(0.01 AS DECIMAL(3, 2)))"
        where = printed
    inner = f"""
    WITH r AS (
        SELECT v.document_id, v.table_no, {row_key} AS row_key, min(v.page) AS page,
               any_value(v.row_label) AS row_label, {scale},
               {pivot}
        FROM gate_performance AS v
        WHERE v.part = {sql_lit(c.part)}{lines}{families_cond}
        GROUP BY ALL
    )
    SELECT r.document_id, {sql_lit(f"{rule_id}:")} || CAST(r.table_no AS VARCHAR) || ':' || r.row_key AS inst,
           r.table_no, r.page, r.row_label, {sql_lit(c.value)} AS column_key, {sql_lit(c.desc)} AS description,
           r.v0 AS expected_yuan, {actual} AS actual_yuan, {len(c.operands)} AS n_addends, 1 AS n_expected,
           p.pages, greatest(r.h0, r.h1) AS half_unit_yuan, r.unit_scale,
           {slack} AS slack_yuan
    FROM r
    JOIN ({_TABLE_PAGES}) AS p ON p.document_id = r.document_id AND p.table_no = r.table_no
    WHERE {where}"""
    return _instance_select(rule_id, inner)


def sql_final_tie(rule_id: str, c: FinalTieCheck) -> str:
    """A 绩效 table's money line = the line of the 决算 (int_amounts) of the same unit and year."""
    inner = f"""
    SELECT v.document_id,
           {sql_lit(f"{rule_id}:")} || CAST(v.table_no AS VARCHAR) || ':' || a.document_id AS inst,
           v.table_no, v.page, v.row_label, {sql_lit(c.column)} AS column_key,
           {sql_lit(c.desc)} || ' (' || a.document_id[:12] || ')' AS description,
           v.value_yuan AS expected_yuan, a.amount_yuan AS actual_yuan, 1 AS n_addends, 1 AS n_expected,
           [v.page] AS pages, greatest(v.half_unit, a.half_unit_yuan) AS half_unit_yuan, v.unit_scale,
           v.half_unit + a.half_unit_yuan AS slack_yuan
    FROM gate_performance AS v
    JOIN gate_final_lines AS a
      ON a.unit_key = v.unit_key AND a.fiscal_year = v.fiscal_year AND a.table_code = {sql_lit(c.table)}
     AND a.row_key = {sql_lit(c.row)} AND a.column_key = {sql_lit(c.amount_column)}
    WHERE v.part = 'money' AND v.scope = {sql_lit(c.scope)} AND v.line = {sql_lit(c.line)}
      AND v.column_key = {sql_lit(c.column)}"""
    return _instance_select(rule_id, inner)


def summed_base_lines() -> tuple[str, ...]:
    """The 经费 lines of a 绩效评价基础数据表 that the lines under them add up to (families.yaml)."""
    return tuple(sorted({k for f in families() if f.base_data for k in f.base_data.summed_lines()}))


def sql_child_sum(rule_id: str, c: ChildSumCheck) -> str:
    """A list row's money line = Σ that of the rows adding up into it (parent_table_no), per column,
    where the row and one of its children print the column: one instance per row × column. For
    `part: base`, a 基础数据表's summed 经费 line = Σ the lines under it (parent_row_no)."""
    columns = sql_in(c.columns)
    if c.part == "base":
        summed = summed_base_lines()
        kids_key = "v.table_no, v.parent_row_no"
        kids_where = f"v.part = 'base' AND v.column_key IN {columns} AND v.parent_row_no IS NOT NULL"
        row_in_inst = "CAST(p.row_no AS VARCHAR) || ':' || "
        join_row = " AND k.parent_row_no = p.row_no"
        parents = "p.part = 'base' AND " + (f"p.line IN {sql_in(summed)}" if summed else "FALSE")
    else:
        line = sql_lit(c.line)
        kids_key = "v.parent_table_no AS table_no"
        kids_where = (
            f"v.part = 'money' AND v.line = {line} AND v.column_key IN {columns} AND v.parent_table_no IS NOT NULL"
        )
        row_in_inst = join_row = ""
        parents = f"p.part = 'money' AND p.line = {line}"
    inner = f"""
    WITH kids AS (
        SELECT v.document_id, {kids_key}, v.column_key,
               sum(v.value_yuan) AS actual_yuan, count(*) AS n_addends, sum(v.half_unit) AS half_kids,
               max(v.half_unit) AS coarsest, list(DISTINCT v.page) AS kid_pages
        FROM gate_performance AS v
        WHERE {kids_where}
        GROUP BY ALL
    )
    SELECT p.document_id,
           {sql_lit(f"{rule_id}:")} || CAST(p.table_no AS VARCHAR) || ':' || {row_in_inst}p.column_key AS inst,
           p.table_no, p.page, p.row_label, p.column_key, {sql_lit(c.desc)} || ' (' || p.column_key || ')'
           AS description, p.value_yuan AS expected_yuan, k.actual_yuan, k.n_addends, 1 AS n_expected,
           list_sort(list_distinct(list_append(k.kid_pages, p.page))) AS pages,
           greatest(p.half_unit, k.coarsest) AS half_unit_yuan, p.unit_scale,
           p.half_unit + k.half_kids AS slack_yuan
    FROM gate_performance AS p
    JOIN kids AS k ON k.document_id = p.document_id AND k.table_no = p.table_no{join_row}
     AND k.column_key = p.column_key
    WHERE {parents}"""
    return _instance_select(rule_id, inner)
