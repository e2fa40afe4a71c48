"""The SQL of the balance rules: shared base relations, the per-instance aggregation, and the
term builders the engine (``expectations.engine``) compiles registry checks with.

Every rule is one SQL query that yields one row per *rule instance*: one equation
``expected = Σ sign × addend`` of printed amounts (a table row, a parent subject in one column,
a cross-table pair ...). The query is built from two parts:

* the rule's *terms*: one row per printed amount taking part in an instance (``role`` is
  ``expected`` for the printed total, ``addend`` for the parts, ``sign`` ±1), each carrying the
  instance's key and descriptors;
* a shared aggregation (``_AGGREGATE``) that sums the terms per instance in DECIMAL (never float),
  derives the printed precision of each amount from ``amount_text`` and lists the pages to re-read.

Because only printed amounts become terms, an instance exists only when its total or at least one
addend is printed: a blank cell is no row, i.e. an exact zero, and an all-blank table yields no
instance at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from ingest.narrative import narrative_tables

# Where dbt may have built int_amounts: dbt_project.yml puts intermediate models in schema
# `intermediate`; a profile without custom schemas would put it in `main`.
AMOUNTS_TABLE_CANDIDATES: Final = ("intermediate.int_amounts", "main.int_amounts")


def sql_lit(value: str) -> str:
    """A SQL string literal (values here are our own constants, quoting is for safety)."""
    return "'" + value.replace("'", "''") + "'"


def sql_in(values: Sequence[str]) -> str:
    return "(" + ", ".join(sql_lit(v) for v in values) + ")"


def sql_list(values: Sequence[str]) -> str:
    return "[" + ", ".join(sql_lit(v) for v in values) + "]"


# --------------------------------------------------------------------------------------------
# Shared SQL


# The base relations every rule reads. In `Rule.sql` they are CTEs, so a rule runs on its own;
# the gate creates them once as TEMP tables of the same names and runs `Rule.sql_over_base`.
# `{amounts_table}` is replaced by the schema.table of int_amounts (a validated identifier).
#
# gate_amounts: the printed amounts of parsed documents, with the rounding half-unit of each
# amount in 元 (half of the last printed digit: '728.03' 万元 -> 0.005 万元 = 50 元, '2,000' 元 ->
# 0.5 元) and the factor that turns 元 back into the printed unit. DuckDB's DECIMAL / INTEGER is
# DOUBLE, so the unit is undone by multiplying with an exact DECIMAL reciprocal, never by dividing.
_BASE_RELATIONS: Final[dict[str, str]] = {
    "gate_amounts": """
    SELECT
        ia.document_id, ia.table_code, ia.page, ia.row_no, ia.row_label, ia.subject_code,
        ia.row_key, ia.column_key, ia.subject_level, ia.parent_code,
        CAST(ia.amount_yuan AS DECIMAL(24, 2)) AS amount_yuan,
        CAST(
            (CASE WHEN ia.printed_unit = '万元' THEN 10000 ELSE 1 END)
            * (CASE length(regexp_extract(ia.amount_text, '[.]([0-9]+)', 1))
                   WHEN 0 THEN 0.5 WHEN 1 THEN 0.05 ELSE 0.005 END)
            AS DECIMAL(20, 4)) AS half_unit_yuan,
        CASE WHEN ia.printed_unit = '万元' THEN CAST(0.0001 AS DECIMAL(10, 4))
             ELSE CAST(1 AS DECIMAL(10, 4)) END AS unit_scale
    FROM {amounts_table} AS ia
    JOIN raw.documents AS d ON d.document_id = ia.document_id
    WHERE d.parse_status = 'parsed' AND ia.amount_yuan IS NOT NULL""",
    # Depth of the subject hierarchy printed in each table: a parent level gets R7/R9 instances
    # only when the table prints the level below it somewhere (a table printed down to 款 only is
    # legal; a 款 with no 项 in a table that prints 项 elsewhere is checked, and fails).
    "gate_depth": """
    SELECT document_id, table_code, max(subject_level) AS max_level
    FROM gate_amounts WHERE subject_code IS NOT NULL
    GROUP BY ALL""",
    # A text read for its statements (a budget's text half, table BN; a narrative 绩效 report, PN)
    # and the documents of tables of the same unit and year (its budget tables file; the 决算): the
    # statement ties (BNX, PNX) take the lines they name from them. A text may have several (a
    # re-publication; a 预算 and a 决算).
    "gate_companions": """
    SELECT DISTINCT t.document_id AS text_document_id, c.document_id AS tables_document_id
    FROM {amounts_table} AS t
    JOIN {amounts_table} AS c
      ON c.unit_key = t.unit_key AND c.fiscal_year = t.fiscal_year AND c.document_id <> t.document_id
    WHERE t.table_code IN {narrative_tables} AND c.table_code NOT IN {narrative_tables}""",
    # Pages to re-read per table: the span of a found or empty table; for a missing table the
    # whole span of the report's tables, because a table we failed to find could be on any of them.
    "gate_span_pages": """
    WITH section AS (
        SELECT document_id, min(first_page) AS lo, max(last_page) AS hi
        FROM raw.report_tables
        WHERE status IN ('found', 'empty') AND first_page IS NOT NULL AND last_page IS NOT NULL
        GROUP BY ALL
    )
    SELECT document_id, table_code, CAST(unnest(range(first_page, last_page + 1)) AS INTEGER) AS page
    FROM raw.report_tables
    WHERE status IN ('found', 'empty') AND first_page IS NOT NULL AND last_page >= first_page
    UNION ALL
    SELECT rt.document_id, rt.table_code, CAST(unnest(range(s.lo, s.hi + 1)) AS INTEGER) AS page
    FROM raw.report_tables AS rt JOIN section AS s ON s.document_id = rt.document_id
    WHERE rt.status = 'missing'""",
}


# The printed lines of 决算 reports with their unit and year (a 绩效 table's money ties to them).
_BASE_RELATIONS["gate_final_lines"] = """
    SELECT a.document_id, ia.unit_key, ia.fiscal_year, a.table_code, a.row_key, a.column_key, a.amount_yuan,
           a.half_unit_yuan
    FROM gate_amounts AS a
    JOIN {amounts_table} AS ia
      ON ia.document_id = a.document_id AND ia.table_code = a.table_code AND ia.row_no = a.row_no
     AND ia.column_key = a.column_key
    JOIN raw.documents AS d ON d.document_id = a.document_id
    WHERE d.kind = 'final_accounts' AND a.row_key IS NOT NULL"""


def base_relations(amounts_table: str, performance_table: str | None = "") -> dict[str, str]:
    """name -> SELECT of each base relation, reading int_amounts from `amounts_table` and the
    printed 绩效 numbers from `performance_table` (default: int_performance_values beside
    int_amounts; None: there is none, the 绩效 rules have no instance)."""
    from expectations.performance import gate_performance_sql, performance_table_for

    narrative = sql_in(narrative_tables())
    relations = {
        name: sql.replace("{amounts_table}", amounts_table).replace("{narrative_tables}", narrative)
        for name, sql in _BASE_RELATIONS.items()
    }
    source = performance_table_for(amounts_table) if performance_table == "" else performance_table
    relations["gate_performance"] = gate_performance_sql(source)
    return relations


# Sums the terms per instance. `pages` = pages of every printed amount involved plus the pages the
# instance's tables span (so a re-reader also sees a row our parser missed entirely).
_AGGREGATE: Final = """
inst AS (
    SELECT
        document_id, inst,
        any_value(i_table_code) AS table_code,
        coalesce(min(page) FILTER (WHERE role = 'expected'), min(page) FILTER (WHERE role = 'addend'))
            AS page,
        coalesce(any_value(row_label) FILTER (WHERE role = 'expected' AND row_label <> ''),
                 any_value(i_label)) AS row_label,
        any_value(i_subject_code) AS subject_code,
        any_value(i_column_key) AS column_key,
        any_value(i_desc) AS description,
        any_value(i_tables) AS i_tables,
        CAST(coalesce(sum(amount_yuan) FILTER (WHERE role = 'expected'), 0) AS DECIMAL(38, 2))
            AS expected_yuan,
        CAST(coalesce(sum(sign * amount_yuan) FILTER (WHERE role = 'addend'), 0) AS DECIMAL(38, 2))
            AS actual_yuan,
        CAST(count(*) FILTER (WHERE role = 'addend') AS INTEGER) AS n_addends,
        CAST(count(*) FILTER (WHERE role = 'expected') AS INTEGER) AS n_expected,
        CAST(max(half_unit_yuan) AS DECIMAL(20, 4)) AS half_unit_yuan,
        coalesce(any_value(unit_scale) FILTER (WHERE role = 'expected'), max(unit_scale)) AS unit_scale,
        list(DISTINCT page) FILTER (WHERE page IS NOT NULL) AS amount_pages
    FROM terms
    GROUP BY document_id, inst
),
inst_tables AS (
    SELECT document_id, inst, unnest(i_tables) AS table_code FROM inst
),
inst_pages AS (
    SELECT i.document_id, i.inst, list(DISTINCT sp.page) AS table_pages
    FROM inst_tables AS i
    JOIN gate_span_pages AS sp ON sp.document_id = i.document_id AND sp.table_code = i.table_code
    GROUP BY ALL
)
SELECT
    i.document_id,
    {rule_id} AS rule_id,
    i.inst AS instance_key,
    i.table_code,
    CAST(i.page AS INTEGER) AS page,
    i.row_label,
    i.subject_code,
    i.column_key,
    i.description,
    CAST(i.expected_yuan * i.unit_scale AS DECIMAL(20, 2)) AS expected,
    CAST(i.actual_yuan * i.unit_scale AS DECIMAL(20, 2)) AS actual,
    i.n_addends,
    i.n_expected,
    CAST(list_sort(list_distinct(list_concat(coalesce(i.amount_pages, []),
                                             coalesce(p.table_pages, [])))) AS INTEGER[]) AS pages,
    -- (six decimals: the 绩效 rules' points and percents share these columns, UNION ALL keeps the
    -- first rule's type)
    CAST(i.expected_yuan AS DECIMAL(38, 6)) AS expected_yuan,
    CAST(i.actual_yuan AS DECIMAL(38, 6)) AS actual_yuan,
    i.half_unit_yuan,
    i.unit_scale,
    CAST(i.half_unit_yuan * (i.n_addends + 1) AS DECIMAL(30, 6)) AS slack_yuan
FROM inst AS i
LEFT JOIN inst_pages AS p ON p.document_id = i.document_id AND p.inst = i.inst"""

#: Columns every rule query yields, in order: the instance contract (plus `instance_key`, unique
#: per rule and document), then the exact 元 values and precision the tolerance comparison needs.
INSTANCE_COLUMNS: Final = (
    "document_id",
    "rule_id",
    "instance_key",
    "table_code",
    "page",
    "row_label",
    "subject_code",
    "column_key",
    "description",
    "expected",
    "actual",
    "n_addends",
    "n_expected",  # printed amounts on the expected side: none, and a failure is never the publisher's
    "pages",
    "expected_yuan",
    "actual_yuan",
    "half_unit_yuan",
    "unit_scale",
    # the tolerance before GateSettings.per_addend_half_units: half_unit_yuan × (n_addends + 1) for
    # the amounts rules, the sum of each value's half-unit for the 绩效 rules
    "slack_yuan",
)


def sql_term(
    *,
    role: str,
    where: str,
    inst: str,
    table: str,
    tables: Sequence[str],
    desc: str,
    column: str = "a.column_key",
    subject: str = "CAST(NULL AS VARCHAR)",
    label: str = "CAST(NULL AS VARCHAR)",
    sign: int = 1,
) -> str:
    """One SELECT of terms from `a` (the printed amounts). Arguments other than role/sign/where
    are SQL expressions evaluated per amount; they must agree across an instance's terms."""
    return f"""
    SELECT a.document_id, ({inst}) AS inst, {sql_lit(table)} AS i_table_code,
           ({subject}) AS i_subject_code, ({column}) AS i_column_key, ({label}) AS i_label,
           ({desc}) AS i_desc, {sql_list(tables)} AS i_tables,
           {sql_lit(role)} AS role, CAST({sign} AS INTEGER) AS sign,
           a.amount_yuan, a.half_unit_yuan, a.unit_scale, a.page, a.row_label
    FROM gate_amounts AS a WHERE {where}"""


def sql_union(*selects: str) -> str:
    return "\nUNION ALL".join(selects)


# --------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    description: str
    tables: tuple[str, ...]
    terms_sql: str  # SELECT(s) yielding the term columns, over the base relations ("" if none)
    extra_ctes: str = ""  # additional CTEs (after the base ones), e.g. X5's narrative terms
    amounts_table: str = AMOUNTS_TABLE_CANDIDATES[0]
    instances_sql: str = ""  # SELECT(s) yielding INSTANCE_COLUMNS directly (the 绩效 shapes)

    @property
    def sql(self) -> str:
        """One row per instance of this rule, columns INSTANCE_COLUMNS; runs on its own."""
        base = base_relations(self.amounts_table)
        return self._with(",\n".join(f"{name} AS ({sql}\n)" for name, sql in base.items()))

    @property
    def sql_over_base(self) -> str:
        """The same, reading the base relations as existing tables (the gate makes them once)."""
        return self._with("")

    def _with(self, base: str) -> str:
        parts = []
        if self.terms_sql:
            ctes = [c for c in (base, self.extra_ctes, f"terms AS ({self.terms_sql}\n)") if c]
            parts.append("WITH " + ",\n".join(ctes) + "," + _AGGREGATE.format(rule_id=sql_lit(self.rule_id)))
        if self.instances_sql:
            parts.append(f"{'WITH ' + base if base else ''}\nSELECT * FROM ({self.instances_sql})")
        return "\nUNION ALL\n".join(f"SELECT * FROM ({p})" for p in parts) if len(parts) > 1 else parts[0]


def sql_simple(
    rule_id: str,
    table: str,
    expected: str,
    addends: Sequence[tuple[str, int]],
    desc: str,
    label: str,
    column: str = "amount",
    guard: str = "TRUE",
    key: str | None = None,
) -> str:
    """Terms of a single-instance equation between lines of one table, in one column.

    `addends` are (SQL condition over alias a selecting the addend lines, sign) pairs; `guard`
    (over alias a) limits the expected line only. `key` names the instance (default: the
    expected line), unique within the rule, table and column."""
    where_col = f"a.table_code = {sql_lit(table)} AND a.column_key = {sql_lit(column)}"
    common = {
        # (the table is part of the instance: B1 states the same equation for B01 and B04, which
        # must hold in each, not summed over both)
        "inst": sql_lit(f"{rule_id}:{table}:{key or expected}:{column}"),
        "table": table,
        "tables": (table,),
        "desc": sql_lit(desc),
        "column": sql_lit(column),
        "label": sql_lit(label),
    }
    expected_where = f"{where_col} AND a.row_key = {sql_lit(expected)} AND {guard}"
    selects = [sql_term(role="expected", where=expected_where, **common)]
    for cond, sign in addends:
        selects.append(sql_term(role="addend", sign=sign, where=f"{where_col} AND ({cond})", **common))
    return sql_union(*selects)


def sql_row_equation(
    rule_id: str,
    table: str,
    total: str,
    parts: Sequence[tuple[str, int]],
    desc: str,
    row_filter: str = "TRUE",
    label: str = "a.row_label",
) -> str:
    """Terms of `total column = Σ sign × part columns` for every row (row_no) of a table.

    The total column is part of the instance key, so several equations on one row (09) stay
    apart."""
    base = f"a.table_code = {sql_lit(table)} AND ({row_filter})"
    common = {
        "inst": f"{sql_lit(f'{rule_id}:{table}:{total}:row:')} || CAST(a.row_no AS VARCHAR)",
        "table": table,
        "tables": (table,),
        "desc": sql_lit(desc),
        "column": sql_lit(total),
        "subject": "a.subject_code",
        "label": label,
    }
    selects = [sql_term(role="expected", where=f"{base} AND a.column_key = {sql_lit(total)}", **common)]
    for sign in (1, -1):
        cols = [c for c, s in parts if s == sign]
        if cols:
            where = f"{base} AND a.column_key IN {sql_in(cols)}"
            selects.append(sql_term(role="addend", sign=sign, where=where, **common))
    return sql_union(*selects)


def sql_hierarchy(
    rule_id: str,
    table: str,
    columns: Sequence[str] | None,
    what: str,
    printed_parents: bool = False,
    detail_level: int | None = None,
) -> str:
    """Terms of `parent = Σ children` (by parent_code) per column, and `合计 = Σ level-1` for the
    function tables. A parent gets an instance only if the table prints the level below it.
    `printed_parents`: children add up into their nearest ancestor the table prints (see
    sql_function_tree).
    `detail_level`: parents of this level are checked only where the table prints children of
    their own (the economic 款 → local 7-digit sub-items, 重庆 `30102` → `3010201`, `3010202`:
    a publisher details some 款 only, an undetailed 款 is complete as printed)."""
    col_filter = f" AND a.column_key IN {sql_in(columns)}" if columns else ""
    # A child adds into its parent; with `printed_parents`, into its nearest printed ancestor
    # (西安 2020 表8 prints 3010201 津贴补贴 under 301 without the 款 30102), or nowhere here.
    into = sql_nearest_printed_ancestor(table) if printed_parents else "a.parent_code"
    parent_printed = f" AND {into} IS NOT NULL" if printed_parents else ""
    detailed = (
        f" AND (a.subject_level <> {detail_level} OR {sql_printed(table, 'b.parent_code = a.subject_code')})"
        if detail_level is not None
        else ""
    )
    base = f"a.table_code = {sql_lit(table)}{col_filter}"
    parent_inst = f"{sql_lit(rule_id + ':' + table + ':')} || {{code}} || ':' || a.column_key"
    selects = [
        # the parent row itself (expected), if its level has children printed in this table
        sql_term(
            role="expected",
            where=(
                f"{base} AND a.subject_code IS NOT NULL AND EXISTS (SELECT 1 FROM gate_depth AS dp "
                "WHERE dp.document_id = a.document_id AND dp.table_code = a.table_code "
                f"AND dp.max_level > a.subject_level){detailed}"
            ),
            inst=parent_inst.format(code="a.subject_code"),
            table=table,
            tables=(table,),
            desc=f"'{table} ' || a.column_key || ': ' || a.subject_code || ' = Σ its {what} children'",
            subject="a.subject_code",
        ),
        # the children (addends), grouped under their parent code
        sql_term(
            role="addend",
            where=f"{base} AND a.parent_code IS NOT NULL{parent_printed}",
            inst=parent_inst.format(code=into),
            table=table,
            tables=(table,),
            desc=f"'{table} ' || a.column_key || ': ' || {into} || ' = Σ its {what} children'",
            subject=into,
        ),
    ]
    return sql_union(*selects)


def sql_function_tree(
    rule_id: str,
    table: str,
    only_with_subjects: bool = False,
    printed_parents: bool = False,
    detail_level: int | None = None,
) -> str:
    """R7/B5 for one table. `only_with_subjects`: the 合计 = Σ 类 check only where the table lists
    subjects (a budget 收入总表 may list units instead, 苏州: then there is no 类 to add up) and
    prints its 合计 line (西安 2022 表9 closes its function panel with 本年支出合计, a line of B1/B2).
    `printed_parents`: the sums run over the levels the table prints (泉州 budget tables list
    only the 项 rows, no 类/款 subtotals): a subject adds into its parent where the table prints
    that parent, else into its grandparent where printed, else directly into 合计 (a 类 always
    does). `detail_level`: as in sql_hierarchy (a 款 the table prints without any 项 is complete
    as printed)."""
    total_inst = f"{sql_lit(rule_id + ':' + table + ':total:')} || a.column_key"
    total_desc = f"'{table} ' || a.column_key || ': 合计 = Σ 类 (level-1 subjects)'"
    base = f"a.table_code = {sql_lit(table)}"
    guard = f" AND {sql_printed(table, 'b.subject_code IS NOT NULL')}" if only_with_subjects else ""
    total_line = "b.row_key = 'total'"
    total_printed = f" AND {sql_printed(table, total_line)}" if only_with_subjects else ""
    return sql_union(
        sql_hierarchy(rule_id, table, None, "function", printed_parents, detail_level),
        sql_term(
            role="expected",
            where=f"{base} AND a.row_key = 'total'{guard}",
            inst=total_inst,
            table=table,
            tables=(table,),
            desc=total_desc,
            label="'合计'",
        ),
        sql_term(
            role="addend",
            where=(
                f"{base} AND a.subject_code IS NOT NULL AND (a.subject_level = 1"
                + (f" OR {sql_nearest_printed_ancestor(table)} IS NULL)" if printed_parents else ")")
                + total_printed
            ),
            inst=total_inst,
            table=table,
            tables=(table,),
            desc=total_desc,
            label="'合计'",
        ),
    )


def sql_pair(
    rule_id: str,
    key: str,
    expected: tuple[str, str, str],
    addends: Sequence[tuple[str, str, str, int]],
    desc: str,
    label: str,
    by_class: bool,
) -> str:
    """Terms of a cross-table equation. The expected side is (table, row condition, column_key),
    each addend (table, row condition, column_key, sign); with `by_class` the instance key is the
    3-digit class code of the row (one instance per 类)."""
    tables = tuple(dict.fromkeys([expected[0], *(a[0] for a in addends)]))
    inst = f"{sql_lit(rule_id + ':' + key + ':')} || a.subject_code" if by_class else sql_lit(f"{rule_id}:{key}")
    d = f"{sql_lit(desc + ' — 类 ')} || a.subject_code" if by_class else sql_lit(desc)
    common = {
        "inst": inst,
        "table": expected[0],
        "tables": tables,
        "desc": d,
        "column": sql_lit(expected[2]),
        "subject": "a.subject_code" if by_class else "CAST(NULL AS VARCHAR)",
        "label": "CAST(NULL AS VARCHAR)" if by_class else sql_lit(label),
    }
    selects = [
        sql_term(
            role="expected",
            where=(
                f"a.table_code = {sql_lit(expected[0])} AND ({expected[1]}) "
                f"AND a.column_key = {sql_lit(expected[2])}"
            ),
            **common,
        )
    ]
    for table, cond, column, sign in addends:
        selects.append(
            sql_term(
                role="addend",
                sign=sign,
                where=f"a.table_code = {sql_lit(table)} AND ({cond}) AND a.column_key = {sql_lit(column)}",
                **common,
            )
        )
    return sql_union(*selects)


CLASS_ROW = "a.subject_code IS NOT NULL AND a.subject_level = 1"
CLASS_ROW_B = CLASS_ROW.replace("a.", "b.")  # the same over alias b, inside sql_printed()


def sql_nearest_printed_ancestor(table: str) -> str:
    """SQL: the code of the nearest ancestor of subject `a` (parent, else grandparent: codes are
    3/5/7 digits) that the document prints in `table`, else NULL."""
    grandparent = "left(a.parent_code, length(a.parent_code) - 2)"
    return (
        f"CASE WHEN {sql_printed(table, 'b.subject_code = a.parent_code')} THEN a.parent_code "
        f"WHEN length(a.parent_code) > 3 AND {sql_printed(table, f'b.subject_code = {grandparent}')} "
        f"THEN {grandparent} END"
    )


def sql_printed(table: str, cond: str) -> str:
    """SQL: the document prints an amount in `table` matching `cond` (over alias `b`)."""
    return (
        f"EXISTS (SELECT 1 FROM gate_amounts AS b WHERE b.document_id = a.document_id "
        f"AND b.table_code = {sql_lit(table)} AND ({cond}))"
    )

