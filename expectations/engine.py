"""The one engine: compiles every registry rule (``expectations/rules.yaml``) to SQL.

Each check shape of the registry (see ``expectations.registry``) becomes the *terms* of its
instances through the builders of ``expectations.sql``; a rule's SQL is the union of its checks'
terms followed by the shared aggregation. ``instances_sql`` adds the tolerance (half a printed
unit per rounded amount) and the verdict ``held``: the gate materializes it and runs one Great
Expectations expectation per rule over the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from expectations.performance import sql_child_sum, sql_final_tie, sql_row_relation, sql_table_sum
from expectations.registry import (
    Alternative,
    ChildSumCheck,
    Classes,
    FinalTieCheck,
    FirstOf,
    LinkCheck,
    Printed,
    Registry,
    RowItem,
    RowRelationCheck,
    RowsCheck,
    RuleSpec,
    SumCheck,
    TableSumCheck,
    TemplateCheck,
    TreeCheck,
)
from expectations.sql import (
    CLASS_ROW,
    Rule,
    sql_function_tree,
    sql_hierarchy,
    sql_in,
    sql_lit,
    sql_pair,
    sql_printed,
    sql_row_equation,
    sql_simple,
    sql_term,
    sql_union,
)

# --------------------------------------------------------------------------------------------
# Row selectors, guards and alternatives


def _row_cond(items: Sequence[RowItem], alias: str = "a") -> str:
    """SQL over `alias`: the row is one of `items` (row keys, '@classes', a Classes filter)."""
    keys = [i for i in items if isinstance(i, str) and i != "@classes"]
    conds = [f"{alias}.row_key IN {sql_in(keys)}"] if keys else []
    class_row = CLASS_ROW.replace("a.", f"{alias}.")
    for item in items:
        if item == "@classes":
            conds.append(class_row)
        elif isinstance(item, Classes):
            codes = f"left({alias}.subject_code, 3) IN {sql_in(item.codes)}"
            conds.append(
                class_row
                if item.classes == "all"
                else f"{class_row} AND {'NOT ' if item.classes == 'except' else ''}{codes}"
            )
    if not conds:
        raise ValueError(f"empty row selector: {items!r}")
    return "(" + " OR ".join(f"({c})" for c in conds) + ")"


def _printed(p: Printed, table: str, column: str | None) -> str:
    conds = [_row_cond(p.rows, "b")] if p.rows else []
    if p.columns:
        cols = [column if c == "$column" else c for c in p.columns]
        if None in cols:
            raise ValueError("$column in a guard of a check without a column")
        conds.append(f"b.column_key IN {sql_in([c for c in cols if c is not None])}")
    sql = sql_printed(p.table or table, " AND ".join(conds) or "TRUE")
    return f"NOT {sql}" if p.absent else sql


def _guards(guards: Sequence[Printed], table: str, column: str | None) -> list[str]:
    return [_printed(g, table, column) for g in guards]


def _alternatives(f: FirstOf) -> list[Alternative]:
    return [a if isinstance(a, Alternative) else Alternative(lines=a) for a in f.first_of]


def _plain_items(items: Sequence[Any]) -> list[RowItem]:
    """The row items of addend items, alternatives flattened (signs dropped)."""
    out: list[RowItem] = []
    for item in items:
        if isinstance(item, FirstOf):
            for alt in _alternatives(item):
                out += _plain_items(alt.lines)
        elif isinstance(item, str):
            out.append(item.removeprefix("-"))
        else:
            out.append(item)
    return out


def _first_of(f: FirstOf, table: str, column: str) -> str:
    alternatives = _alternatives(f)
    out = []
    for i, alt in enumerate(alternatives):
        cond = [_positive(alt.lines, table, column)]
        for prev in alternatives[:i]:
            marker = Printed(
                rows=prev.marker or tuple(_plain_items(prev.lines)),
                columns=("$column",) if prev.marker_scope == "column" else None,
                absent=True,
            )
            cond.append(_printed(marker, table, column))
        out.append("(" + " AND ".join(cond) + ")")
    return "(" + " OR ".join(out) + ")"


def _positive(items: Sequence[Any], table: str, column: str) -> str:
    plain = [i for i in items if not isinstance(i, FirstOf)]
    conds = [_row_cond(plain)] if plain else []
    conds += [_first_of(i, table, column) for i in items if isinstance(i, FirstOf)]
    return "(" + " OR ".join(conds) + ")"


# --------------------------------------------------------------------------------------------
# Check shapes


def _sum(rule_id: str, c: SumCheck) -> str:
    if c.total is None:
        raise ValueError(f"{rule_id}: a sum check needs a total")
    parts = []
    for column in c.columns:
        guard = _guards(c.guard, c.table, column)
        if c.only_where_addends_printed:
            guard.append(_printed(Printed(rows=tuple(_plain_items(c.addends))), c.table, column))
        addend_guard = list(guard)
        if c.only_where_total_printed:
            addend_guard.append(_printed(Printed(rows=(c.total,), columns=(column,)), c.table, column))
        positive = [i for i in c.addends if not (isinstance(i, str) and i.startswith("-"))]
        negative = [i.removeprefix("-") for i in c.addends if isinstance(i, str) and i.startswith("-")]
        addends = []
        for items, sign in ((positive, 1), (negative, -1)):
            if items:
                cond = _positive(items, c.table, column)
                addends.append((" AND ".join([cond, *addend_guard]), sign))
        parts.append(
            sql_simple(
                rule_id,
                c.table,
                c.total,
                addends,
                desc=c.desc_prefix + (c.desc or "").replace("{column}", column),
                label=c.label or "",
                column=column,
                guard=" AND ".join([*guard, *_guards(c.total_guard, c.table, column)]) or "TRUE",
                key=c.key,
            )
        )
    return sql_union(*parts)


def _own_columns(alternatives: Sequence[Sequence[str]], k: int) -> tuple[str, ...]:
    """The columns of alternative `k` that no other alternative has (all of them if none)."""
    others = {c for j, alt in enumerate(alternatives) if j != k for c in alt}
    return tuple(c for c in alternatives[k] if c not in others) or tuple(alternatives[k])


def _rows(rule_id: str, c: RowsCheck) -> str:
    if c.total is None:
        raise ValueError(f"{rule_id}: a rows check needs a total column")
    if isinstance(c.addends, FirstOf):
        alternatives = [tuple(_plain_items(a.lines)) for a in _alternatives(c.addends)]
    else:
        alternatives = [tuple(c.addends)]
    names = [tuple(col.removeprefix("-") for col in alt) for alt in alternatives]
    parts = []
    for i, cols in enumerate(alternatives):
        conds = _guards(c.guard, c.table, c.total)
        if c.row_key_prefix is not None:
            conds.append(f"(a.row_key IS NULL OR a.row_key LIKE {sql_lit(c.row_key_prefix + '%')})")
        if c.only_where_total_printed:
            conds.append(_printed(Printed(columns=(c.total,)), c.table, c.total))
        if c.only_where_addends_printed or len(alternatives) > 1:
            # an alternative applies where the table prints a column only it has, and none of
            # an earlier alternative's own columns (B05: 基本支出, or its 人员 | 公用 split)
            conds.append(_printed(Printed(columns=_own_columns(names, i)), c.table, c.total))
            earlier = (Printed(columns=_own_columns(names, j), absent=True) for j in range(i))
            conds += [_printed(p, c.table, c.total) for p in earlier]
        signed = [(col.removeprefix("-"), -1 if col.startswith("-") else 1) for col in cols]
        desc = c.desc if c.desc is not None and len(alternatives) == 1 else None
        parts.append(
            sql_row_equation(
                rule_id,
                c.table,
                c.total,
                signed,
                c.desc_prefix + (desc or f"{c.table} per row: {c.total} = Σ {' + '.join(names[i])}"),
                row_filter=" AND ".join(conds) or "TRUE",
                label=sql_lit(c.label) if c.label is not None else "a.row_label",
            )
        )
    return sql_union(*parts)


def _term_cond(t: Any) -> str:
    return " AND ".join([_row_cond(t.rows), *_guards(t.guard, t.table, t.column)])


def _link(rule_id: str, c: LinkCheck) -> str:
    return sql_pair(
        rule_id,
        c.key,
        (c.total.table, _term_cond(c.total), c.total.column),
        [(t.table, _term_cond(t), t.column, t.sign) for t in c.addends],
        c.desc,
        c.label,
        by_class=c.per == "class",
    )


def _tree(rule_id: str, c: TreeCheck) -> str:
    if c.total_line:
        return sql_function_tree(rule_id, c.table, c.only_with_subjects, c.printed_parents, c.detail_level)
    return sql_hierarchy(rule_id, c.table, c.columns, c.subjects, c.printed_parents, c.detail_level)


# --------------------------------------------------------------------------------------------
# Named templates


def _narrative_total(rule_id: str, params: dict[str, Any], narrative_half_unit_yuan: Decimal) -> tuple[str, str]:
    """The narrative's 收、支总计 (raw.documents.narrative_total, 万元 with two decimals) = one
    printed line; the expected side is not a table amount, so it is a CTE of its own."""
    table, row, column = params["table"], params["row"], params["column"]
    inst, label, desc = sql_lit(f"{rule_id}:narrative"), sql_lit(params["label"]), sql_lit(params["desc"])
    cte = f"""
narrative AS (
    SELECT d.document_id, {inst} AS inst, {sql_lit(table)} AS i_table_code,
           CAST(NULL AS VARCHAR) AS i_subject_code, {sql_lit(column)} AS i_column_key,
           {label} AS i_label, {desc} AS i_desc, [{sql_lit(table)}] AS i_tables,
           'expected' AS role, CAST(1 AS INTEGER) AS sign,
           CAST(d.narrative_total * 10000 AS DECIMAL(24, 2)) AS amount_yuan,
           CAST('{narrative_half_unit_yuan}' AS DECIMAL(20, 4)) AS half_unit_yuan,
           CAST(0.0001 AS DECIMAL(10, 4)) AS unit_scale,
           CAST(NULL AS INTEGER) AS page, CAST(NULL AS VARCHAR) AS row_label
    FROM raw.documents AS d
    WHERE d.parse_status = 'parsed' AND d.narrative_total IS NOT NULL
)"""
    terms = sql_union(
        "\n    SELECT * FROM narrative",
        sql_term(
            role="addend",
            where=f"a.table_code = {sql_lit(table)} AND a.row_key = {sql_lit(row)} "
            f"AND a.column_key = {sql_lit(column)} AND a.document_id IN (SELECT document_id FROM narrative)",
            inst=inst,
            table=table,
            tables=(table,),
            desc=desc,
            column=sql_lit(column),
            label=label,
        ),
    )
    return terms, cte


def _statement_ties(rule_id: str, params: dict[str, Any]) -> tuple[str, str]:
    """A text half's statement (table `params['table']`) = the same line of its tables file, where
    that table prints the line once. The instance belongs to the text half; the tables file's
    amount is an addend without a page, so a failed tie re-reads the text half's statement only:
    the tables file's own rules vouch for its side."""
    text_table = params["table"]
    ties = " UNION ALL ".join(
        f"SELECT {sql_lit(t['statement'])} AS statement, {sql_lit(t['tables_table'])} AS tbl, "
        f"{sql_lit(t['row']) if t.get('row') else 'CAST(NULL AS VARCHAR)'} AS row_key, {sql_lit(t['column'])} AS col"
        for t in params["ties"]
    )
    cte = f"""
tie_lines AS (
    SELECT p.text_document_id, p.tables_document_id, m.statement, m.tbl, m.col,
           b.amount_yuan, b.half_unit_yuan, b.unit_scale, b.row_label
    FROM gate_companions AS p
    JOIN gate_amounts AS b ON b.document_id = p.tables_document_id
    JOIN ({ties}) AS m
      ON b.table_code = m.tbl AND b.column_key = m.col AND (m.row_key IS NULL OR b.row_key = m.row_key)
    QUALIFY count(*) OVER (PARTITION BY p.text_document_id, p.tables_document_id, m.statement) = 1
)"""
    common = f"""{sql_lit(rule_id + ':')} || t.statement || ':' || t.tables_document_id AS inst,
           {sql_lit(text_table)} AS i_table_code, CAST(NULL AS VARCHAR) AS i_subject_code, 'amount' AS i_column_key,
           t.statement AS i_label,
           {sql_lit(text_table + ' statement = the tables file' + "'" + 's line (')} || t.tbl || ' ' || t.col || ')'
               AS i_desc,
           [{sql_lit(text_table)}] AS i_tables"""
    terms = f"""
    SELECT a.document_id, {common}, 'expected' AS role, CAST(1 AS INTEGER) AS sign,
           a.amount_yuan, a.half_unit_yuan, a.unit_scale, a.page, a.row_label
    FROM gate_amounts AS a
    JOIN tie_lines AS t ON t.text_document_id = a.document_id AND a.table_code = {sql_lit(text_table)}
     AND a.row_key = t.statement
    UNION ALL
    SELECT t.text_document_id, {common}, 'addend' AS role, CAST(1 AS INTEGER) AS sign,
           t.amount_yuan, t.half_unit_yuan, t.unit_scale, CAST(NULL AS INTEGER) AS page, t.row_label
    FROM tie_lines AS t
    WHERE EXISTS (SELECT 1 FROM gate_amounts AS a WHERE a.document_id = t.text_document_id
                  AND a.table_code = {sql_lit(text_table)} AND a.row_key = t.statement)"""
    return terms, cte


# --------------------------------------------------------------------------------------------
# Rules


def compile_rule(spec: RuleSpec, narrative_half_unit_yuan: Decimal, amounts_table: str) -> Rule:
    """One rule's SQL from its registry entry."""
    terms: list[str] = []
    ctes: list[str] = []
    direct: list[str] = []  # the 绩效 shapes yield their instances themselves
    for check in spec.checks:
        if isinstance(check, TableSumCheck):
            direct.append(sql_table_sum(spec.id, check))
        elif isinstance(check, RowRelationCheck):
            direct.append(sql_row_relation(spec.id, check))
        elif isinstance(check, FinalTieCheck):
            direct.append(sql_final_tie(spec.id, check))
        elif isinstance(check, ChildSumCheck):
            direct.append(sql_child_sum(spec.id, check))
        elif isinstance(check, SumCheck):
            terms.append(_sum(spec.id, check))
        elif isinstance(check, RowsCheck):
            terms.append(_rows(spec.id, check))
        elif isinstance(check, LinkCheck):
            terms.append(_link(spec.id, check))
        elif isinstance(check, TreeCheck):
            terms.append(_tree(spec.id, check))
        elif isinstance(check, TemplateCheck):
            if check.template == "narrative_total":
                t, cte = _narrative_total(spec.id, check.params, narrative_half_unit_yuan)
            else:
                t, cte = _statement_ties(spec.id, check.params)
            terms.append(t)
            ctes.append(cte)
    return Rule(
        spec.id,
        spec.description,
        spec.tables,
        sql_union(*terms),
        extra_ctes=",\n".join(ctes),
        amounts_table=amounts_table,
        instances_sql="\nUNION ALL\n".join(direct),
    )


def compile_rules(registry: Registry, narrative_half_unit_yuan: Decimal, amounts_table: str) -> tuple[Rule, ...]:
    """Every rule of the registry, in its sort order."""
    specs = sorted(registry.rules, key=lambda r: r.order)
    return tuple(compile_rule(s, narrative_half_unit_yuan, amounts_table) for s in specs)


def instances_sql(rules: Sequence[Rule], per_addend_half_units: Decimal) -> str:
    """Every instance of `rules` with its tolerance and verdict, over the base relations.

    The tolerance is in 元 (points, percents for the 绩效 rules): `per_addend_half_units` × the
    instance's slack — for the amounts rules the coarsest printed half-unit of the instance, once
    per rounded addend plus once for the rounded total; for the 绩效 rules each value's half-unit
    (expectations.performance). `per_addend_half_units` is passed as a string so it stays an
    exact DECIMAL."""
    union = "\nUNION ALL\n".join(f"SELECT * FROM ({r.sql_over_base})" for r in rules)
    mult = f"CAST('{per_addend_half_units:f}' AS DECIMAL(18, 6))"
    return f"""
    SELECT
        CAST(row_number() OVER (ORDER BY document_id, rule_id, instance_key) AS BIGINT) AS instance_id,
        u.*,
        CAST({mult} * u.slack_yuan AS DECIMAL(30, 6)) AS tolerance_yuan,
        abs(u.expected_yuan - u.actual_yuan) <= CAST({mult} * u.slack_yuan AS DECIMAL(30, 6)) AS held
    FROM ({union}) AS u
    """
