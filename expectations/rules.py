"""The balance rules of 部门决算 and 部门预算 reports, as SQL over dbt's ``int_amounts``.

R1–R11 and X1–X5 check the nine 决算 tables (01–09), B1–B6 and BX1–BX3 the budget tables
(B01–B09, see ingest/profiles/budget.yaml), BN1–BN5 the amounts a budget's text half states
(table BN, see ingest/narratives/budget.yaml) and BNX those against its tables file.

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

The tolerance is not computed here: it needs ``GateSettings.per_addend_half_units`` and is applied
by ``expectations.gate`` as ``per_addend_half_units × half_unit_yuan × (n_addends + 1)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from ingest.profile import table_column_keys, table_row_keys

# --------------------------------------------------------------------------------------------
# Settings

# Where dbt may have built int_amounts: dbt_project.yml puts intermediate models in schema
# `intermediate`; a profile without custom schemas would put it in `main`.
AMOUNTS_TABLE_CANDIDATES: Final = ("intermediate.int_amounts", "main.int_amounts")


class GateSettings(BaseModel):
    """Knobs of the quality gate (see docs/checks.md)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    per_addend_half_units: Decimal = Field(
        default=Decimal("1"),
        gt=0,
        description=(
            "How many half-units of printed precision each rounded amount may contribute to the "
            "gap: tolerance = per_addend_half_units × half_unit × (n_addends + 1). 1 is the exact "
            "worst case of independent half-up rounding; raise it only for a publisher known to "
            "round sub-totals of sub-totals."
        ),
    )
    max_quarantined_share: Decimal = Field(
        default=Decimal("0.5"),
        ge=0,
        le=1,
        description=(
            "The global gate fails when more than this share of parsed documents gets a "
            "parse_error verdict: then the parser, not the documents, is broken."
        ),
    )
    amounts_table: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*$",
        description=(
            "schema.table of dbt's int_amounts. None: the one table named int_amounts among "
            f"{', '.join(AMOUNTS_TABLE_CANDIDATES)} (the gate refuses to guess between two)."
        ),
    )
    narrative_half_unit_yuan: Decimal = Field(
        default=Decimal("50"),
        ge=0,
        description=(
            "Rounding half-unit of raw.documents.narrative_total in 元 (X5). The narrative prints "
            "'收、支总计均为 728.03 万元': two decimals of 万元, i.e. 0.005 万元 = 50 元."
        ),
    )


# --------------------------------------------------------------------------------------------
# Vocabularies (docs/record-contract.md). Kept here because the structural expectations check
# int_amounts against them and the rules below name them.

INC_ITEMS_01: Final = (
    "inc_general_budget",
    "inc_gov_fund",
    "inc_state_capital",
    "inc_superior_subsidy",
    "inc_business",
    "inc_operating",
    "inc_affiliated",
    "inc_other",
)
# The vocabularies come from the table profiles (ingest/profiles/*.yaml), the one place that
# names rows and columns: a profile change cannot leave the gate checking an old vocabulary.
ROW_KEYS: Final[dict[str, tuple[str, ...]]] = table_row_keys()
COLUMN_KEYS: Final[dict[str, tuple[str, ...]]] = table_column_keys()
TABLE_CODES: Final = tuple(COLUMN_KEYS)

# R6: per row of a function table, the total column and its part columns.
ROW_TOTALS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    "02": ("total", COLUMN_KEYS["02"][1:]),
    "03": ("total", COLUMN_KEYS["03"][1:]),
    "05": ("total", ("basic", "project")),
    "07": ("expense_total", ("expense_basic", "expense_project")),
    "08": ("total", ("basic", "project")),
}
FUNCTION_TABLES: Final = tuple(ROW_TOTALS)
SPENDING_COLUMNS_04: Final = ("total", "general_budget", "gov_fund", "state_capital")
# R9: level-1 economic codes whose group is 人员经费; every other level-1 code is 公用经费.
PERSONNEL_CODES_06: Final = ("301", "303")
# Economic codes: 1 类 (3 digits), 2 款 (5), and 3 a publisher's local sub-item of a 款 (7 digits,
# 重庆 `3010201 规范性津补贴`). A 款 is checked against its sub-items only where it has some.
ECONOMIC_DETAIL_LEVEL: Final = 2


def _lit(value: str) -> str:
    """A SQL string literal (values here are our own constants, quoting is for safety)."""
    return "'" + value.replace("'", "''") + "'"


def _in(values: Sequence[str]) -> str:
    return "(" + ", ".join(_lit(v) for v in values) + ")"


def _list(values: Sequence[str]) -> str:
    return "[" + ", ".join(_lit(v) for v in values) + "]"


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
    # A budget's text half (its statements, table BN) and the tables file of the same unit and
    # year (B01 … B09): two files of one report. A text half may have several (a re-publication).
    "gate_companions": """
    SELECT DISTINCT t.document_id AS text_document_id, c.document_id AS tables_document_id
    FROM {amounts_table} AS t
    JOIN {amounts_table} AS c
      ON c.unit_key = t.unit_key AND c.fiscal_year = t.fiscal_year AND c.document_id <> t.document_id
    WHERE t.table_code = 'BN' AND c.table_code LIKE 'B0%'""",
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


def base_relations(amounts_table: str) -> dict[str, str]:
    """name -> SELECT of each base relation, reading int_amounts from `amounts_table`."""
    return {name: sql.replace("{amounts_table}", amounts_table) for name, sql in _BASE_RELATIONS.items()}


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
    CAST(list_sort(list_distinct(list_concat(coalesce(i.amount_pages, []),
                                             coalesce(p.table_pages, [])))) AS INTEGER[]) AS pages,
    i.expected_yuan,
    i.actual_yuan,
    i.half_unit_yuan,
    i.unit_scale
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
    "pages",
    "expected_yuan",
    "actual_yuan",
    "half_unit_yuan",
    "unit_scale",
)


def _term(
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
    SELECT a.document_id, ({inst}) AS inst, {_lit(table)} AS i_table_code,
           ({subject}) AS i_subject_code, ({column}) AS i_column_key, ({label}) AS i_label,
           ({desc}) AS i_desc, {_list(tables)} AS i_tables,
           {_lit(role)} AS role, CAST({sign} AS INTEGER) AS sign,
           a.amount_yuan, a.half_unit_yuan, a.unit_scale, a.page, a.row_label
    FROM gate_amounts AS a WHERE {where}"""


def _union(*selects: str) -> str:
    return "\nUNION ALL".join(selects)


# --------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True, slots=True)
class Rule:
    rule_id: str
    description: str
    tables: tuple[str, ...]
    terms_sql: str  # SELECT(s) yielding the term columns, over the base relations
    extra_ctes: str = ""  # additional CTEs (after the base ones), e.g. X5's narrative terms
    amounts_table: str = AMOUNTS_TABLE_CANDIDATES[0]

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
        ctes = [c for c in (base, self.extra_ctes, f"terms AS ({self.terms_sql}\n)") if c]
        return "WITH " + ",\n".join(ctes) + "," + _AGGREGATE.format(rule_id=_lit(self.rule_id))


def _simple(
    rule_id: str,
    table: str,
    expected: str,
    addends: Sequence[tuple[str, int]] | str,
    desc: str,
    label: str,
    column: str = "amount",
    guard: str = "TRUE",
) -> str:
    """Terms of a single-instance equation between row keys of one table and one column.

    `addends` is either (row_key, sign) pairs or a raw SQL condition selecting the addends;
    `guard` (over alias a) limits the expected line as well."""
    where_col = f"a.table_code = {_lit(table)} AND a.column_key = {_lit(column)}"
    common = {
        # (the table is part of the instance: B1 states the same equation for B01 and B04, which
        # must hold in each, not summed over both)
        "inst": _lit(f"{rule_id}:{table}:{expected}:{column}"),
        "table": table,
        "tables": (table,),
        "desc": _lit(desc),
        "column": _lit(column),
        "label": _lit(label),
    }
    selects = [_term(role="expected", where=f"{where_col} AND a.row_key = {_lit(expected)} AND {guard}", **common)]
    if isinstance(addends, str):
        selects.append(_term(role="addend", where=f"{where_col} AND ({addends})", **common))
    else:
        for sign in (1, -1):
            keys = [k for k, s in addends if s == sign]
            if keys:
                selects.append(
                    _term(role="addend", sign=sign, where=f"{where_col} AND a.row_key IN {_in(keys)}", **common)
                )
    return _union(*selects)


def _row_equation(
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
    base = f"a.table_code = {_lit(table)} AND ({row_filter})"
    common = {
        "inst": f"{_lit(f'{rule_id}:{table}:{total}:row:')} || CAST(a.row_no AS VARCHAR)",
        "table": table,
        "tables": (table,),
        "desc": _lit(desc),
        "column": _lit(total),
        "subject": "a.subject_code",
        "label": label,
    }
    selects = [_term(role="expected", where=f"{base} AND a.column_key = {_lit(total)}", **common)]
    for sign in (1, -1):
        cols = [c for c, s in parts if s == sign]
        if cols:
            selects.append(_term(role="addend", sign=sign, where=f"{base} AND a.column_key IN {_in(cols)}", **common))
    return _union(*selects)


def _hierarchy(
    rule_id: str,
    table: str,
    columns: Sequence[str] | None,
    what: str,
    printed_parents: bool = False,
    detail_level: int | None = None,
) -> str:
    """Terms of `parent = Σ children` (by parent_code) per column, and `合计 = Σ level-1` for the
    function tables. A parent gets an instance only if the table prints the level below it.
    `printed_parents`: children add up only into a parent the table prints (see _function_tree).
    `detail_level`: parents of this level are checked only where the table prints children of
    their own (the economic 款 → local 7-digit sub-items, 重庆 `30102` → `3010201`, `3010202`:
    a publisher details some 款 only, an undetailed 款 is complete as printed)."""
    col_filter = f" AND a.column_key IN {_in(columns)}" if columns else ""
    parent_printed = f" AND {_printed(table, 'b.subject_code = a.parent_code')}" if printed_parents else ""
    detailed = (
        f" AND (a.subject_level <> {detail_level} OR {_printed(table, 'b.parent_code = a.subject_code')})"
        if detail_level is not None
        else ""
    )
    base = f"a.table_code = {_lit(table)}{col_filter}"
    parent_inst = f"{_lit(rule_id + ':' + table + ':')} || {{code}} || ':' || a.column_key"
    selects = [
        # the parent row itself (expected), if its level has children printed in this table
        _term(
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
        _term(
            role="addend",
            where=f"{base} AND a.parent_code IS NOT NULL{parent_printed}",
            inst=parent_inst.format(code="a.parent_code"),
            table=table,
            tables=(table,),
            desc=f"'{table} ' || a.column_key || ': ' || a.parent_code || ' = Σ its {what} children'",
            subject="a.parent_code",
        ),
    ]
    return _union(*selects)


def _function_tree(rule_id: str, table: str, only_with_subjects: bool = False, printed_parents: bool = False) -> str:
    """R7/B5 for one table. `only_with_subjects`: the 合计 = Σ 类 check only where the table lists
    subjects (a budget 收入总表 may list units instead, 苏州: then there is no 类 to add up).
    `printed_parents`: the sums run over the levels the table prints (泉州 budget tables list
    only the 项 rows, no 类/款 subtotals): a subject adds into its parent where the table prints
    that parent, else directly into 合计 (a 类 always does)."""
    total_inst = f"{_lit(rule_id + ':' + table + ':total:')} || a.column_key"
    total_desc = f"'{table} ' || a.column_key || ': 合计 = Σ 类 (level-1 subjects)'"
    base = f"a.table_code = {_lit(table)}"
    guard = f" AND {_printed(table, 'b.subject_code IS NOT NULL')}" if only_with_subjects else ""
    return _union(
        _hierarchy(rule_id, table, None, "function", printed_parents),
        _term(
            role="expected",
            where=f"{base} AND a.row_key = 'total'{guard}",
            inst=total_inst,
            table=table,
            tables=(table,),
            desc=total_desc,
            label="'合计'",
        ),
        _term(
            role="addend",
            where=(
                f"{base} AND a.subject_code IS NOT NULL AND (a.subject_level = 1"
                + (f" OR NOT {_printed(table, 'b.subject_code = a.parent_code')})" if printed_parents else ")")
            ),
            inst=total_inst,
            table=table,
            tables=(table,),
            desc=total_desc,
            label="'合计'",
        ),
    )


def _pair(
    rule_id: str,
    key: str,
    expected: tuple[str, str, str],
    addends: Sequence[tuple[str, str, str]],
    desc: str,
    label: str,
    by_class: bool,
) -> str:
    """Terms of a cross-table equation. Each side is (table, row condition, column_key); with
    `by_class` the instance key is the 3-digit class code of the row (one instance per 类)."""
    tables = tuple(dict.fromkeys([expected[0], *(t for t, _, _ in addends)]))
    inst = f"{_lit(rule_id + ':' + key + ':')} || a.subject_code" if by_class else _lit(f"{rule_id}:{key}")
    d = f"{_lit(desc + ' — 类 ')} || a.subject_code" if by_class else _lit(desc)
    common = {
        "inst": inst,
        "table": expected[0],
        "tables": tables,
        "desc": d,
        "column": _lit(expected[2]),
        "subject": "a.subject_code" if by_class else "CAST(NULL AS VARCHAR)",
        "label": "CAST(NULL AS VARCHAR)" if by_class else _lit(label),
    }
    selects = [
        _term(
            role="expected",
            where=f"a.table_code = {_lit(expected[0])} AND ({expected[1]}) AND a.column_key = {_lit(expected[2])}",
            **common,
        )
    ]
    for table, cond, column in addends:
        selects.append(
            _term(
                role="addend",
                where=f"a.table_code = {_lit(table)} AND ({cond}) AND a.column_key = {_lit(column)}",
                **common,
            )
        )
    return _union(*selects)


_CLASS_ROW = "a.subject_code IS NOT NULL AND a.subject_level = 1"
_CLASS_ROW_B = _CLASS_ROW.replace("a.", "b.")  # the same over alias b, inside _printed()


def _r8() -> str:
    parts: list[str] = [
        # per spending row (each 类 and the summary lines): 小计 = 一般公共预算 + 政府性基金 + 国有资本经营
        _row_equation(
            "R8",
            "04",
            "total",
            [(c, 1) for c in SPENDING_COLUMNS_04[1:]],
            "04 per spending row: 小计 = 一般公共预算 + 政府性基金 + 国有资本经营",
            row_filter=f"a.column_key IN {_in(SPENDING_COLUMNS_04)}",
        ),
        _simple(
            "R8",
            "04",
            "inc_total_current",
            [("inc_general_budget", 1), ("inc_gov_fund", 1), ("inc_state_capital", 1)],
            "04 本年收入合计 = 一般公共预算 + 政府性基金 + 国有资本经营财政拨款",
            "本年收入合计",
        ),
        _simple(
            "R8",
            "04",
            "inc_carryover_begin",
            [
                ("inc_carryover_begin_general_budget", 1),
                ("inc_carryover_begin_gov_fund", 1),
                ("inc_carryover_begin_state_capital", 1),
            ],
            "04 年初财政拨款结转和结余 = Σ its three fund lines",
            "年初财政拨款结转和结余",
        ),
        _simple(
            "R8",
            "04",
            "inc_grand_total",
            [("inc_total_current", 1), ("inc_carryover_begin", 1)],
            "04 收入总计 = 本年收入合计 + 年初财政拨款结转和结余",
            "总计",
        ),
        _pair(
            "R8",
            "inc_eq_exp",
            ("04", "a.row_key = 'inc_grand_total'", "amount"),
            [("04", "a.row_key = 'exp_grand_total'", "total")],
            "04 收入总计 = 支出总计 (小计)",
            "总计",
            by_class=False,
        ),
    ]
    for col in SPENDING_COLUMNS_04:
        parts.append(
            _simple(
                "R8",
                "04",
                "exp_total_current",
                _CLASS_ROW,
                f"04 {col}: 本年支出合计 = Σ 类",
                "本年支出合计",
                column=col,
            )
        )
        parts.append(
            _simple(
                "R8",
                "04",
                "exp_grand_total",
                [("exp_total_current", 1), ("exp_carryover_end", 1)],
                f"04 {col}: 支出总计 = 本年支出合计 + 年末财政拨款结转和结余",
                "总计",
                column=col,
            )
        )
    return _union(*parts)


def _r9() -> str:
    def group(key: str, label: str, cond: str) -> str:
        inst = _lit(f"R9:06:{key}")
        common = {
            "inst": inst,
            "table": "06",
            "tables": ("06",),
            "desc": _lit(f"06 {label} = Σ its level-1 economic subjects"),
            "column": "'amount'",
            "label": _lit(label),
        }
        return _union(
            _term(role="expected", where=f"a.table_code = '06' AND a.row_key = {_lit(key)}", **common),
            _term(
                role="addend",
                where=f"a.table_code = '06' AND a.subject_level = 1 AND a.subject_code IS NOT NULL AND {cond}",
                **common,
            ),
        )

    personnel = _in(PERSONNEL_CODES_06)
    return _union(
        _hierarchy("R9", "06", ("amount",), "economic", detail_level=ECONOMIC_DETAIL_LEVEL),
        group("personnel_total", "人员经费合计", f"left(a.subject_code, 3) IN {personnel}"),
        group("public_total", "公用经费合计", f"left(a.subject_code, 3) NOT IN {personnel}"),
    )


def _r11() -> str:
    parts = []
    for side, name in (("budget", "预算数"), ("actual", "决算数")):
        parts.append(
            _row_equation(
                "R11",
                "09",
                f"{side}_total",
                [(f"{side}_outbound", 1), (f"{side}_vehicle_total", 1), (f"{side}_reception", 1)],
                f"09 {name}: 合计 = 因公出国(境) + 公务用车购置及运行维护 + 公务接待",
                label="'“三公”经费'",
            )
        )
        parts.append(
            _row_equation(
                "R11",
                "09",
                f"{side}_vehicle_total",
                [(f"{side}_vehicle_purchase", 1), (f"{side}_vehicle_operation", 1)],
                f"09 {name}: 公务用车小计 = 购置费 + 运行维护费",
                label="'“三公”经费'",
            )
        )
    return _union(*parts)


# X5's expected side is not a printed table amount but the narrative's 收、支总计 (万元, two
# decimals): one term per document whose narrative carries it.
_X5_CTES: Final = """
narrative AS (
    SELECT d.document_id, 'X5:narrative' AS inst, '01' AS i_table_code,
           CAST(NULL AS VARCHAR) AS i_subject_code, 'amount' AS i_column_key,
           '总计' AS i_label, '01 总计 = the narrative''s 收、支总计' AS i_desc, ['01'] AS i_tables,
           'expected' AS role, CAST(1 AS INTEGER) AS sign,
           CAST(d.narrative_total * 10000 AS DECIMAL(24, 2)) AS amount_yuan,
           CAST({half_unit} AS DECIMAL(20, 4)) AS half_unit_yuan,
           CAST(0.0001 AS DECIMAL(10, 4)) AS unit_scale,
           CAST(NULL AS INTEGER) AS page, CAST(NULL AS VARCHAR) AS row_label
    FROM raw.documents AS d
    WHERE d.parse_status = 'parsed' AND d.narrative_total IS NOT NULL
)"""


def build_rules(settings: GateSettings | None = None) -> tuple[Rule, ...]:
    """All rules, R1–R11 then X1–X5, reading `settings.amounts_table` (default: dbt's
    intermediate.int_amounts) and X5's narrative precision from `settings`."""
    settings = settings or GateSettings()
    table = settings.amounts_table or AMOUNTS_TABLE_CANDIDATES[0]
    return tuple(replace(r, amounts_table=table) for r in _rules(settings))


def _rules(settings: GateSettings) -> tuple[Rule, ...]:
    r6 = _union(
        *(
            _row_equation("R6", t, total, [(p, 1) for p in parts], f"{t} per row: {total} = Σ {' + '.join(parts)}")
            for t, (total, parts) in ROW_TOTALS.items()
        )
    )
    r7 = _union(*(_function_tree("R7", t) for t in FUNCTION_TABLES))
    r10 = _row_equation(
        "R10",
        "07",
        "carryover_end",
        [("carryover_begin", 1), ("income", 1), ("expense_total", -1)],
        "07 per row: 年末结转和结余 = 年初结转和结余 + 本年收入 − 本年支出",
    )
    x5_terms = _union(
        "\n    SELECT * FROM narrative",
        _term(
            role="addend",
            where="a.table_code = '01' AND a.row_key = 'inc_grand_total' AND a.column_key = 'amount' "
            "AND a.document_id IN (SELECT document_id FROM narrative)",
            inst="'X5:narrative'",
            table="01",
            tables=("01",),
            desc="'01 总计 = the narrative''s 收、支总计'",
            column="'amount'",
            label="'总计'",
        ),
    )
    return (
        Rule(
            "R1",
            "01 本年收入合计 = Σ income items 一…八",
            ("01",),
            _simple(
                "R1",
                "01",
                "inc_total_current",
                [(k, 1) for k in INC_ITEMS_01],
                "01 本年收入合计 = Σ income items 一…八",
                "本年收入合计",
            ),
        ),
        Rule(
            "R2",
            "01 本年支出合计 = Σ the 26 功能 类",
            ("01",),
            _simple("R2", "01", "exp_total_current", _CLASS_ROW, "01 本年支出合计 = Σ 类", "本年支出合计"),
        ),
        Rule(
            "R3",
            "01 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
            ("01",),
            _simple(
                "R3",
                "01",
                "inc_grand_total",
                [("inc_total_current", 1), ("inc_use_non_fiscal_surplus", 1), ("inc_carryover_begin", 1)],
                "01 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余",
                "总计",
            ),
        ),
        Rule(
            "R4",
            "01 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
            ("01",),
            _simple(
                "R4",
                "01",
                "exp_grand_total",
                [("exp_total_current", 1), ("exp_surplus_distribution", 1), ("exp_carryover_end", 1)],
                "01 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余",
                "总计",
            ),
        ),
        Rule(
            "R5",
            "01 收入总计 = 支出总计",
            ("01",),
            _simple("R5", "01", "inc_grand_total", [("exp_grand_total", 1)], "01 收入总计 = 支出总计", "总计"),
        ),
        Rule("R6", "02/03/05/07/08 per row: the total column = Σ its part columns", FUNCTION_TABLES, r6),
        Rule("R7", "02/03/05/07/08 per column: 类 = Σ 款, 款 = Σ 项, 合计 = Σ 类", FUNCTION_TABLES, r7),
        Rule("R8", "04: per 类 小计 = Σ funds; 收入/支出 totals and carry-overs balance", ("04",), _r8()),
        Rule(
            "R9",
            "06: level-1 economic subject = Σ its level-2; 人员经费合计 = 301 + 303; "
            "公用经费合计 = Σ the other level-1 subjects",
            ("06",),
            _r9(),
        ),
        Rule("R10", "07 per row: 年初结转和结余 + 本年收入 − 本年支出 = 年末结转和结余", ("07",), r10),
        Rule(
            "R11",
            "09 合计 = 出国 + 公务用车小计 + 接待; 公务用车小计 = 购置 + 运行维护 (预算数 and 决算数)",
            ("09",),
            _r11(),
        ),
        Rule(
            "X1",
            "02 合计 = 01 本年收入合计",
            ("01", "02"),
            _pair(
                "X1",
                "total",
                ("01", "a.row_key = 'inc_total_current'", "amount"),
                [("02", "a.row_key = 'total'", "total")],
                "01 本年收入合计 = 02 合计",
                "本年收入合计",
                by_class=False,
            ),
        ),
        Rule(
            "X2",
            "03 合计 = 01 本年支出合计, and 03 by 类 = 01 by 类",
            ("01", "03"),
            _union(
                _pair(
                    "X2",
                    "total",
                    ("01", "a.row_key = 'exp_total_current'", "amount"),
                    [("03", "a.row_key = 'total'", "total")],
                    "01 本年支出合计 = 03 合计",
                    "本年支出合计",
                    by_class=False,
                ),
                _pair(
                    "X2",
                    "class",
                    ("01", _CLASS_ROW, "amount"),
                    [("03", _CLASS_ROW, "total")],
                    "01 类 = 03 类 本年支出合计",
                    "",
                    by_class=True,
                ),
            ),
        ),
        Rule(
            "X3",
            "04 一般公共预算 by 类 = 05 by 类; 04 政府性基金 by 类 = 07 by 类",
            ("04", "05", "07"),
            _union(
                _pair(
                    "X3",
                    "gb",
                    ("04", _CLASS_ROW, "general_budget"),
                    [("05", _CLASS_ROW, "total")],
                    "04 一般公共预算 = 05 小计",
                    "",
                    by_class=True,
                ),
                _pair(
                    "X3",
                    "gf",
                    ("04", _CLASS_ROW, "gov_fund"),
                    [("07", _CLASS_ROW, "expense_total")],
                    "04 政府性基金 = 07 本年支出",
                    "",
                    by_class=True,
                ),
                _pair(
                    "X3",
                    "gb_total",
                    ("04", "a.row_key = 'exp_total_current'", "general_budget"),
                    [("05", "a.row_key = 'total'", "total")],
                    "04 本年支出合计 一般公共预算 = 05 合计",
                    "本年支出合计",
                    by_class=False,
                ),
                _pair(
                    "X3",
                    "gf_total",
                    ("04", "a.row_key = 'exp_total_current'", "gov_fund"),
                    [("07", "a.row_key = 'total'", "expense_total")],
                    "04 本年支出合计 政府性基金 = 07 合计",
                    "本年支出合计",
                    by_class=False,
                ),
            ),
        ),
        Rule(
            "X4",
            "06 人员经费合计 + 公用经费合计 = 05 合计 基本支出",
            ("05", "06"),
            _pair(
                "X4",
                "basic",
                ("05", "a.row_key = 'total'", "basic"),
                [("06", "a.row_key = 'personnel_total'", "amount"), ("06", "a.row_key = 'public_total'", "amount")],
                "05 合计 基本支出 = 06 人员经费合计 + 公用经费合计",
                "合计",
                by_class=False,
            ),
        ),
        Rule(
            "X5",
            "the narrative's 收、支总计 = 01 总计",
            ("01",),
            x5_terms,
            extra_ctes=_X5_CTES.format(half_unit=f"'{settings.narrative_half_unit_yuan}'"),
        ),
        *_budget_rules(),
        *_narrative_rules(),
    )


# --------------------------------------------------------------------------------------------
# Budget (部门预算) rules. Templates differ in which summary lines they print (上海 prints a
# 财政拨款收入 subtotal over its three funds and no 本年收入合计; 江苏 the reverse), so a line
# that sums others is checked only where it is printed, and a total sums the subtotal where the
# document prints it, else the lines under it.

# Income lines directly under 本年收入合计; the three funds stand in for 财政拨款收入 where the
# document does not print that subtotal.
_B_FUNDS: Final = ("inc_general_budget", "inc_gov_fund", "inc_state_capital")
_B_OTHER_INCOME: Final = (
    "inc_fiscal_special",
    "inc_superior_subsidy",
    "inc_business",
    "inc_operating",
    "inc_affiliated",
    "inc_other",
)
# The income lines under 深圳's 单位资金 subtotal (inc_unit_funds, never summed into 本年收入合计).
_B_UNIT_FUNDS: Final = ("inc_business", "inc_operating", "inc_superior_subsidy", "inc_affiliated", "inc_other")
# Spending-side columns of B01 (上海 单位预算 split 合计 into 基本支出 (人员 | 公用) and 项目支出)
# and B04 (by fund), per table.
_B_SPENDING_COLUMNS: Final = {"B01": ("amount",), "B04": ("total", "general_budget", "gov_fund", "state_capital")}
# B02's sources: the three funds add up to 财政拨款 where it is printed beside them (烟台), so a
# row adds up either over 财政拨款 or over the funds, never both. An "of which" column (其中：经费
# 拨款) is part of its neighbour, not a source of its own.
_B02_FUNDS: Final = ("general_budget", "gov_fund", "state_capital")
_B02_OTHER_SOURCES: Final = tuple(
    k
    for k in COLUMN_KEYS["B02"]
    if k not in {"total", "current_subtotal", "carryover_subtotal", "fiscal_appropriation", *_B02_FUNDS}
    and not k.startswith("of_which_")
)
# B03's parts: an `of_which_…` column (西安 其中：专项资金) is part of the column before it.
_B03_PARTS: Final = tuple(
    k
    for k in COLUMN_KEYS["B03"]
    if k not in {"total", "current_subtotal", "carryover_subtotal"}
    # 深圳 B03 adds 政府采购 columns (procurement_…): procurement within 支出总计, not parts of it
    and not k.startswith(("of_which_", "procurement_"))
)
# Per-row identities of the budget tables: (table, total column, [alternative part lists]). The
# first part list whose columns the table prints anywhere in the document is used (B05 prints
# 基本支出 or its 人员经费 | 公用经费 split), so a column pair is never counted twice.
_B_ROW_TOTALS: Final[tuple[tuple[str, str, tuple[tuple[str, ...], ...]], ...]] = (
    ("B01", "amount", (("basic", "project"), ("personnel", "public", "project"))),
    # 苏州/无锡 print 小计 of 本年收入 and of 上年结转结余; elsewhere the sources add up to 合计
    (
        "B02",
        "total",
        (
            ("current_subtotal", "carryover_subtotal"),
            ("fiscal_appropriation", *_B02_OTHER_SOURCES),
            (*_B02_FUNDS, *_B02_OTHER_SOURCES),
        ),
    ),
    ("B02", "fiscal_appropriation", (_B02_FUNDS,)),
    (
        "B02",
        "current_subtotal",
        (tuple(k for k in (*_B02_FUNDS, *_B02_OTHER_SOURCES) if not k.startswith("carryover_")),),
    ),
    ("B02", "carryover_subtotal", (tuple(k for k in _B02_OTHER_SOURCES if k.startswith("carryover_")),)),
    # 长春 prints 小计 of 当年预算 and of 上年结转结余 (like 苏州/无锡 B02)
    ("B03", "total", (("current_subtotal", "carryover_subtotal"), _B03_PARTS)),
    ("B03", "current_subtotal", (tuple(k for k in _B03_PARTS if not k.startswith("carryover_")),)),
    ("B03", "carryover_subtotal", (tuple(k for k in _B03_PARTS if k[:10] == "carryover_" and k[10:] != "end"),)),
    ("B04", "total", (("general_budget", "gov_fund", "state_capital"),)),
    ("B05", "total", (("basic", "project"), ("personnel", "public", "project"))),
    ("B05", "basic", (("personnel", "public"),)),
    ("B06", "total", (("personnel", "public"),)),
    ("B07", "total", (("basic", "project"),)),
    ("B08", "total", (("basic", "project"),)),
)
B_FUNCTION_TABLES: Final = ("B02", "B03", "B05", "B07", "B08")
_B_THREE_PUBLIC_ITEMS: Final = (
    "total",
    "outbound",
    "reception",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
)
_B_FUND_COLUMNS: Final = ("general_budget", "gov_fund", "state_capital")
# Change columns printed beside the report year's budget (中央 B05: 比2025年执行数 增减额, also
# after 扣除中央基建投资): (table, change column, budget column, prior-year column), change =
# budget − prior year per row.
_B_ROW_CHANGES: Final = (
    ("B05", "change", "total", "prior_actual"),
    ("B05", "change_excl_capital", "excl_capital", "prior_actual_excl_capital"),
    # 深圳 B09: per item and fund, the 增减变化金额 line = the report year's − the prior year's
    *(
        ("B09", f"change_{item}_{fund}", f"{item}_{fund}", f"prior_{item}_{fund}")
        for item in _B_THREE_PUBLIC_ITEMS
        for fund in _B_FUND_COLUMNS
    ),
)


def _printed(table: str, cond: str) -> str:
    """SQL: the document prints an amount in `table` matching `cond` (over alias `b`)."""
    return (
        f"EXISTS (SELECT 1 FROM gate_amounts AS b WHERE b.document_id = a.document_id "
        f"AND b.table_code = {_lit(table)} AND ({cond}))"
    )


def _b_sum(
    rule_id: str, table: str, expected: str, addends: str, desc: str, label: str, column: str, guard: str = "TRUE"
) -> str:
    """`expected` line = the lines `addends` selects, checked only where `expected` is printed
    (and where `guard`, over alias a, holds)."""
    printed = _printed(table, f"b.row_key = {_lit(expected)} AND b.column_key = {_lit(column)}")
    addends = f"({addends}) AND {printed} AND {guard}"
    # the expected line too: without the guard there is no instance at all
    return _simple(rule_id, table, expected, addends, desc, label, column=column, guard=guard)


def _b_income() -> str:
    parts = []
    for t in ("B01", "B04"):
        fiscal_printed = _printed(t, "b.row_key = 'inc_fiscal_total'")
        items = (
            f"(a.row_key = 'inc_fiscal_total' OR (a.row_key IN {_in(_B_FUNDS)} AND NOT {fiscal_printed}) "
            f"OR a.row_key IN {_in(_B_OTHER_INCOME)})"
        )
        current_or_items = (
            "(a.row_key = 'inc_total_current' OR ("
            + items
            + " AND NOT "
            + _printed(t, "b.row_key = 'inc_total_current'")
            + "))"
        )
        parts += [
            _b_sum(
                "B1",
                t,
                "inc_fiscal_total",
                f"a.row_key IN {_in(_B_FUNDS)}",
                f"{t} 财政拨款收入 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
                "财政拨款收入",
                "amount",
                # only where the fund lines are printed (广东 B01 prints 预算拨款 alone)
                guard=_printed(t, f"b.row_key IN {_in(_B_FUNDS)}"),
            ),
            _b_sum("B1", t, "inc_total_current", items, f"{t} 本年收入合计 = Σ income lines", "本年收入合计", "amount"),
            # 深圳: 三、单位资金 is printed over 1.事业收入 … 5.其他收入 (which 本年收入合计 adds)
            _b_sum(
                "B1",
                t,
                "inc_unit_funds",
                f"a.row_key IN {_in(_B_UNIT_FUNDS)}",
                f"{t} 单位资金 = 事业收入 + 经营收入 + 上级补助 + 附属单位上缴 + 其他收入",
                "单位资金",
                "amount",
            ),
            _b_sum(
                "B1",
                t,
                "inc_grand_total",
                f"{current_or_items} OR a.row_key IN ('inc_use_non_fiscal_surplus', 'inc_carryover_begin')",
                f"{t} 收入总计 = 本年收入 + 用事业基金弥补收支差额 + 上年结转",
                "收入总计",
                "amount",
            ),
        ]
    return _union(*parts)


# 江苏 also lists spending by use (基本支出, 项目支出, 单位预留机动经费): beside the 类 in B01, instead
# of them in B04; 长沙 list B01's spending by use only (基本, 项目, 事业单位经营 …).
_B_USE_LINES: Final = ("exp_basic", "exp_project", "exp_unit_reserve", "exp_operating")
# 对附属单位补助支出 and 上缴上级支出 are part of 本年支出合计 beside the 类 (广东) or beside the
# uses (长沙).
_B_NON_CLASS_SPENDING: Final = ("exp_subsidy_affiliates", "exp_remit_superior")
_B_CLASS_OR_SPENDING: Final = f"({_CLASS_ROW} OR a.row_key IN {_in(_B_NON_CLASS_SPENDING)})"


def _b_spending() -> str:
    parts = []
    for t, columns in _B_SPENDING_COLUMNS.items():
        classes_printed = _printed(t, _CLASS_ROW_B)
        # (in the column checked: 西安 prints 事业单位经营支出 in a 部门经济分类 panel of its own)
        uses = f"b.row_key IN {_in(_B_USE_LINES)} AND b.column_key = {_lit(columns[0])}"
        spending_by_use = _in((*_B_USE_LINES, *_B_NON_CLASS_SPENDING))
        current_printed_0 = _printed(t, "b.row_key = 'exp_total_current' AND b.column_key = " + _lit(columns[0]))
        parts.append(
            _pair(
                "B2",
                f"{t}:use",
                (t, f"a.row_key = 'exp_total_current' AND {_printed(t, uses)}", columns[0]),
                [(t, f"a.row_key IN {spending_by_use} AND {current_printed_0}", columns[0])],
                f"{t} 本年支出合计 = Σ spending by use (基本支出 + 项目支出 + …)",
                "本年支出合计",
                by_class=False,
            )
        )
        for col in columns:
            current_printed = _printed(t, "b.row_key = 'exp_total_current' AND b.column_key = " + _lit(col))
            current_or_classes = (
                f"(a.row_key = 'exp_total_current' OR ({_B_CLASS_OR_SPENDING} AND NOT {current_printed}) OR "
                f"(a.row_key IN {_in(_B_USE_LINES)} AND NOT {classes_printed} AND NOT {current_printed}))"
            )
            parts += [
                _b_sum(
                    "B2",
                    t,
                    "exp_total_current",
                    _B_CLASS_OR_SPENDING,
                    f"{t} {col}: 本年支出合计 = Σ 类",
                    "本年支出合计",
                    col,
                    guard=classes_printed,
                ),
                _b_sum(
                    "B2",
                    t,
                    "exp_grand_total",
                    f"{current_or_classes} OR a.row_key IN ('exp_surplus_distribution', 'exp_carryover_end')",
                    f"{t} {col}: 支出总计 = 本年支出 + 结余分配 + 结转下年",
                    "支出总计",
                    col,
                ),
            ]
    return _union(*parts)


def _own_columns(alternatives: tuple[tuple[str, ...], ...], k: int) -> tuple[str, ...]:
    """The columns of alternative `k` that no other alternative has (all of them if none)."""
    others = {c for j, alt in enumerate(alternatives) if j != k for c in alt}
    return tuple(c for c in alternatives[k] if c not in others) or alternatives[k]


def _b_row_totals() -> str:
    parts = []
    for t, total, alternatives in _B_ROW_TOTALS:
        for i, cols in enumerate(alternatives):
            # An alternative applies where the table prints one of the columns only it has
            # (basic vs personnel/public) and none of an earlier alternative's own columns.
            # … and only where the table prints the total column at all
            applies = [
                _printed(t, f"b.column_key = {_lit(total)}"),
                _printed(t, f"b.column_key IN {_in(_own_columns(alternatives, i))}"),
            ]
            applies += [f"NOT {_printed(t, f'b.column_key IN {_in(_own_columns(alternatives, j))}')}" for j in range(i)]
            # 01-like tables: the equation is about the spending side (class rows, exp_ lines)
            side = "(a.row_key IS NULL OR a.row_key LIKE 'exp%')" if t in _B_SPENDING_COLUMNS else "TRUE"
            parts.append(
                _row_equation(
                    "B4",
                    t,
                    total,
                    [(c, 1) for c in cols],
                    f"{t} per row: {total} = Σ {' + '.join(cols)}",
                    row_filter=f"a.column_key IN {_in((total, *cols))} AND {side} AND " + " AND ".join(applies),
                )
            )
    for t, change, budget, prior in _B_ROW_CHANGES:
        parts.append(
            _row_equation(
                "B4",
                t,
                change,
                [(budget, 1), (prior, -1)],
                f"{t} per row: {change} = {budget} − {prior}",
                row_filter=_printed(t, f"b.column_key = {_lit(change)}"),
            )
        )
    return _union(*parts)


def _b_trees() -> str:
    economic = _union(
        _hierarchy("B5", "B06", None, "economic", detail_level=ECONOMIC_DETAIL_LEVEL),
        *(
            _b_sum("B5", "B06", "total", f"{_CLASS_ROW}", f"B06 {col}: 合计 = Σ 类 (level-1 subjects)", "合计", col)
            for col in COLUMN_KEYS["B06"]
        ),
    )
    trees = (_function_tree("B5", t, only_with_subjects=True, printed_parents=True) for t in B_FUNCTION_TABLES)
    return _union(*trees, economic)


def _b_three_public() -> str:
    # 烟台 print the prior year's budget beside the report year's (prior_ keys): the same
    # identities hold within that panel.
    prior = (
        _row_equation(
            "B6",
            "B09",
            f"prior_{total}",
            [(f"prior_{c}", 1) for c in parts],
            f"B09 prior year: {desc}",
            label="'“三公”经费'",
        )
        for total, parts, desc in (
            ("total", ("outbound", "vehicle_total", "reception"), "合计 = 出国 + 公务用车 + 接待"),
            ("vehicle_total", ("vehicle_purchase", "vehicle_operation"), "公务用车小计 = 购置费 + 运行费"),
        )
    )
    return _union(
        *prior,
        _row_equation(
            "B6",
            "B09",
            "total",
            [("outbound", 1), ("vehicle_total", 1), ("reception", 1)],
            "B09 合计 = 因公出国(境) + 公务用车购置及运行 + 公务接待",
            label="'“三公”经费'",
        ),
        _row_equation(
            "B6",
            "B09",
            "grand_total",
            [("total", 1), ("meeting", 1), ("training", 1)],
            "B09 合计 = “三公”经费 + 会议费 + 培训费",
            row_filter=_printed("B09", "b.column_key = 'grand_total'"),
            label="'“三公”经费'",
        ),
        _row_equation(
            "B6",
            "B09",
            "vehicle_total",
            [("vehicle_purchase", 1), ("vehicle_operation", 1)],
            "B09 公务用车小计 = 购置费 + 运行费",
            label="'“三公”经费'",
        ),
        # 深圳 prints every item by fund (total_general_budget …, no all-fund column), for the
        # report year and the prior year (prior_…): the same equations within each fund and year
        *(
            equation
            for fund in _B_FUND_COLUMNS
            for year, what in (("", ""), ("prior_", "prior year "))
            for equation in (
                _row_equation(
                    "B6",
                    "B09",
                    f"{year}total_{fund}",
                    [(f"{year}outbound_{fund}", 1), (f"{year}vehicle_total_{fund}", 1), (f"{year}reception_{fund}", 1)],
                    f"B09 {what}{fund}: 合计 = 因公出国(境) + 公务用车购置及运行 + 公务接待",
                ),
                _row_equation(
                    "B6",
                    "B09",
                    f"{year}vehicle_total_{fund}",
                    [(f"{year}vehicle_purchase_{fund}", 1), (f"{year}vehicle_operation_{fund}", 1)],
                    f"B09 {what}{fund}: 公务用车小计 = 购置费 + 运行费",
                ),
            )
        ),
    )


def _budget_rules() -> tuple[Rule, ...]:
    def both_totals(t: str, income: str, spending: str) -> str:
        # only where both totals are printed (上海 审计局 2026 leaves 收入总计 blank)
        inc = "a.row_key = 'inc_grand_total'"
        exp = f"a.row_key = 'exp_grand_total' AND a.column_key = {_lit(spending)}"
        return _pair(
            "B3",
            t,
            (t, f"{inc} AND {_printed(t, exp.replace('a.', 'b.'))}", "amount"),
            [(t, f"a.row_key = 'exp_grand_total' AND {_printed(t, inc.replace('a.', 'b.'))}", spending)],
            f"{t} 收入总计 = 支出总计",
            income,
            by_class=False,
        )

    def per_class(rule: str, key: str, left: tuple[str, str], right: tuple[str, str], desc: str) -> str:
        # only where both tables print 类 lines in these columns: a table left empty (or a
        # 财政拨款收支总表 printing one 预算数 column, 苏州) is not a disagreement
        def classes_in(table: str, column: str) -> str:
            return _printed(table, f"{_CLASS_ROW_B} AND b.column_key = {_lit(column)}")

        return _pair(
            rule,
            key,
            (left[0], f"{_CLASS_ROW} AND {classes_in(*right)}", left[1]),
            [(right[0], f"{_CLASS_ROW} AND {classes_in(*left)}", right[1])],
            desc,
            "",
            by_class=True,
        )

    return (
        Rule(
            "B1", "B01/B04 income: 财政拨款收入, 本年收入合计 and 收入总计 = Σ their lines", ("B01", "B04"), _b_income()
        ),
        Rule(
            "B2", "B01/B04 spending: 本年支出合计 = Σ 类; 支出总计 = 本年支出 + 结转下年", ("B01", "B04"), _b_spending()
        ),
        Rule(
            "B3",
            "B01/B04 收入总计 = 支出总计",
            ("B01", "B04"),
            _union(both_totals("B01", "收入总计", "amount"), both_totals("B04", "收入总计", "total")),
        ),
        Rule(
            "B4",
            "budget tables per row: the total column = Σ its part columns",
            tuple(dict.fromkeys(t for t, _, _ in _B_ROW_TOTALS)),
            _b_row_totals(),
        ),
        Rule(
            "B5",
            "B02/B03/B05/B07/B08/B06 per column: 类 = Σ 款 = Σ 项, 合计 = Σ 类",
            (*B_FUNCTION_TABLES, "B06"),
            _b_trees(),
        ),
        Rule("B6", "B09 合计 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行", ("B09",), _b_three_public()),
        Rule(
            "BX1",
            "B01 spending by 类 = B03 合计 by 类",
            ("B01", "B03"),
            per_class("BX1", "class", ("B01", "amount"), ("B03", "total"), "B01 类 = B03 类 合计"),
        ),
        Rule(
            "BX2",
            "B04 一般公共预算 by 类 = B05 by 类; B04 政府性基金 by 类 = B07 by 类",
            ("B04", "B05", "B07"),
            _union(
                per_class("BX2", "gb", ("B04", "general_budget"), ("B05", "total"), "B04 一般公共预算 = B05 合计"),
                per_class("BX2", "gf", ("B04", "gov_fund"), ("B07", "total"), "B04 政府性基金 = B07 合计"),
            ),
        ),
        Rule(
            "BX3",
            "B05 合计 基本支出 = B06 合计",
            ("B05", "B06"),
            _pair(
                "BX3",
                "basic",
                ("B05", "a.row_key = 'total' AND " + _printed("B06", "b.row_key = 'total'"), "basic"),
                [
                    (
                        "B06",
                        "a.row_key = 'total' AND " + _printed("B05", "b.row_key = 'total' AND b.column_key = 'basic'"),
                        "total",
                    )
                ],
                "B05 合计 基本支出 = B06 合计",
                "合计",
                by_class=False,
            ),
        ),
    )


# --------------------------------------------------------------------------------------------
# The narrative table BN: what a budget's text half states (ingest/narratives/budget.yaml). Its
# statements obey the same identities as the tables they summarise; each equation is checked only
# where the text states its total and at least one of its parts.

_BN_INCOME_OTHER: Final = ("inc_fiscal_special", "inc_other")


def _bn_sum(rule_id: str, expected: str, parts: Sequence[str], desc: str, label: str, addends: str = "") -> str:
    """`expected` = Σ `parts` (or the lines `addends` selects, among `parts`), where the text
    states `expected` and at least one of `parts`."""
    stated = _printed("BN", f"b.row_key IN {_in(parts)}")
    addends = addends or f"a.row_key IN {_in(parts)}"
    return _b_sum(rule_id, "BN", expected, addends, desc, label, "amount", guard=stated)


def _bn_stated(key: str) -> str:
    return _printed("BN", f"b.row_key = {_lit(key)}")


def _narrative_rules() -> tuple[Rule, ...]:
    income = (
        f"a.row_key = 'inc_fiscal_total' OR (a.row_key IN {_in(_B_FUNDS)} AND NOT {_bn_stated('inc_fiscal_total')}) "
        f"OR a.row_key = 'inc_non_fiscal' "
        f"OR (a.row_key IN {_in(_BN_INCOME_OTHER)} AND NOT {_bn_stated('inc_non_fiscal')}) "
        "OR a.row_key = 'inc_carryover_begin'"
    )
    income_parts = ("inc_fiscal_total", *_B_FUNDS, "inc_non_fiscal", *_BN_INCOME_OTHER, "inc_carryover_begin")
    return (
        Rule(
            "BN1",
            "budget text: 收入总计 = 支出总计",
            ("BN",),
            _bn_sum("BN1", "inc_grand_total", ("exp_grand_total",), "BN 收入总计 = 支出总计", "收入总计"),
        ),
        Rule(
            "BN2",
            "budget text: 收入总计 = 财政拨款 + 其他资金 + 上年结转; 财政拨款 = Σ funds",
            ("BN",),
            _union(
                _bn_sum(
                    "BN2",
                    "inc_grand_total",
                    income_parts,
                    "BN 收入总计 = 财政拨款 + 财政专户 + 其他资金 + 上年结转",
                    "收入总计",
                    addends=income,
                ),
                _bn_sum(
                    "BN2",
                    "inc_fiscal_total",
                    _B_FUNDS,
                    "BN 财政拨款 = 一般公共预算 + 政府性基金 + 国有资本经营预算",
                    "财政拨款收入",
                ),
            ),
        ),
        Rule(
            "BN3",
            "budget text: 支出总计 = 基本支出 + 项目支出 + 单位预留机动经费 + 结转下年",
            ("BN",),
            _bn_sum(
                "BN3",
                "exp_grand_total",
                ("exp_basic", "exp_project", "exp_unit_reserve", "exp_carryover_end"),
                "BN 支出总计 = 基本 + 项目 + 预留机动 + 结转下年",
                "支出总计",
            ),
        ),
        Rule(
            "BN4",
            "budget text: “三公”经费 = 出国 + 公务用车 + 接待; 公务用车 = 购置 + 运行",
            ("BN",),
            _union(
                _bn_sum(
                    "BN4",
                    "tp_total",
                    ("tp_outbound", "tp_vehicle_total", "tp_reception"),
                    "BN “三公”经费 = 因公出国(境) + 公务用车购置及运行 + 公务接待",
                    "“三公”经费",
                ),
                _bn_sum(
                    "BN4",
                    "tp_vehicle_total",
                    ("tp_vehicle_purchase", "tp_vehicle_operation"),
                    "BN 公务用车 = 购置费 + 运行维护费",
                    "公务用车购置及运行费",
                ),
            ),
        ),
        Rule(
            "BN5",
            "budget text: 政府采购预算总额 = 货物 + 工程 + 服务",
            ("BN",),
            _bn_sum(
                "BN5",
                "procurement_total",
                ("procurement_goods", "procurement_works", "procurement_services"),
                "BN 政府采购 = 货物 + 工程 + 服务",
                "政府采购预算总额",
            ),
        ),
        Rule(
            "BNX",
            "budget text half: each statement = the same line of its tables file (B01 totals and uses, B09)",
            ("BN",),
            _bn_ties(),
            extra_ctes=_bn_tie_ctes(),
        ),
    )


# BNX: a text half's statement = the same line of its tables file. (statement, table, row key,
# column) — only lines printed once in that table (the 三公 table of a department with unit rows
# prints several).
_BN_TIES: Final = (
    ("inc_grand_total", "B01", "inc_grand_total", "amount"),
    ("exp_grand_total", "B01", "exp_grand_total", "amount"),
    ("inc_fiscal_total", "B01", "inc_fiscal_total", "amount"),
    ("inc_general_budget", "B01", "inc_general_budget", "amount"),
    ("inc_fiscal_special", "B01", "inc_fiscal_special", "amount"),
    ("exp_basic", "B01", "exp_basic", "amount"),
    ("exp_project", "B01", "exp_project", "amount"),
    ("exp_unit_reserve", "B01", "exp_unit_reserve", "amount"),
    *((f"tp_{c}", "B09", None, c) for c in ("total", "outbound", "vehicle_total", "vehicle_operation", "reception")),
    ("meeting", "B09", None, "meeting"),
    ("training", "B09", None, "training"),
)


def _bn_tie_ctes() -> str:
    """bn_tie_lines: per text half, tables file and tie of _BN_TIES, the tables file's line,
    where that table prints it once."""
    ties = " UNION ALL ".join(
        f"SELECT {_lit(k)} AS statement, {_lit(t)} AS tbl, {_lit(r) if r else 'CAST(NULL AS VARCHAR)'} AS row_key, "
        f"{_lit(c)} AS col"
        for k, t, r, c in _BN_TIES
    )
    return f"""
bn_tie_lines AS (
    SELECT p.text_document_id, p.tables_document_id, m.statement, m.tbl, m.col,
           b.amount_yuan, b.half_unit_yuan, b.unit_scale, b.row_label
    FROM gate_companions AS p
    JOIN gate_amounts AS b ON b.document_id = p.tables_document_id
    JOIN ({ties}) AS m
      ON b.table_code = m.tbl AND b.column_key = m.col AND (m.row_key IS NULL OR b.row_key = m.row_key)
    QUALIFY count(*) OVER (PARTITION BY p.text_document_id, p.tables_document_id, m.statement) = 1
)"""


def _bn_ties() -> str:
    """Terms of BNX: the text half's statement = the tables file's line. The instance belongs to
    the text half; the tables file's amount is an addend without a page, so a failed tie re-reads
    the text half's statement only: the tables file's own rules vouch for its side."""
    common = """'BNX:' || t.statement || ':' || t.tables_document_id AS inst, 'BN' AS i_table_code,
           CAST(NULL AS VARCHAR) AS i_subject_code, 'amount' AS i_column_key,
           t.statement AS i_label, 'BN statement = the tables file''s line (' || t.tbl || ' ' || t.col || ')' AS i_desc,
           ['BN'] AS i_tables"""
    return f"""
    SELECT a.document_id, {common}, 'expected' AS role, CAST(1 AS INTEGER) AS sign,
           a.amount_yuan, a.half_unit_yuan, a.unit_scale, a.page, a.row_label
    FROM gate_amounts AS a
    JOIN bn_tie_lines AS t ON t.text_document_id = a.document_id AND a.table_code = 'BN' AND a.row_key = t.statement
    UNION ALL
    SELECT t.text_document_id, {common}, 'addend' AS role, CAST(1 AS INTEGER) AS sign,
           t.amount_yuan, t.half_unit_yuan, t.unit_scale, CAST(NULL AS INTEGER) AS page, t.row_label
    FROM bn_tie_lines AS t
    WHERE EXISTS (SELECT 1 FROM gate_amounts AS a WHERE a.document_id = t.text_document_id
                  AND a.table_code = 'BN' AND a.row_key = t.statement)"""

_DEFAULT_RULES: Final = build_rules()
RULE_IDS: Final = tuple(r.rule_id for r in _DEFAULT_RULES)
#: The rules of the 决算 tables (01–09); the others check the budget tables (B01–B09).
FINAL_RULE_IDS: Final = tuple(r.rule_id for r in _DEFAULT_RULES if not r.tables[0].startswith("B"))
