"""The rules registry: ``expectations/rules.yaml`` read into pydantic models (unknown keys are errors).

The registry is the one place a balance rule is written. Everything else reads it: the engine
(``expectations.engine``) compiles each rule's checks to SQL, the gate runs them through Great
Expectations, Dagster makes one asset check per rule, dbt's rule catalogue (a generated seed)
and docs/checks.md's rule table are generated from it (``python -m expectations.catalogue``).

A rule is a list of *checks*, each an equation ``total = Σ sign × addend`` of printed amounts:

* ``sum``: one line of a table = Σ signed lines of that table, in one column (per report);
* ``rows``: per table row, one column = Σ signed columns of the same row;
* ``link``: one amount = Σ amounts anywhere in the report (cross-table or cross-column), once per
  report or once per 类 (``per: class``);
* ``tree``: the subject hierarchy of a table (类 = Σ 款 = Σ 项 by parent code; 合计 = Σ 类) — a
  named template with parameters;
* ``template``: a named SQL template with parameters (``narrative_total``: X5, the narrative's
  收、支总计 against a table line; ``statement_ties``: BNX and PNX, a text's statements against the
  lines of another document of its unit and year: a budget's tables file, the 决算).

Reuse without copies: ``sets`` are named key lists (an item ``inc_{funds}`` in a list stands for
``inc_general_budget, inc_gov_fund, inc_state_capital``); ``identities`` are named equations over
key stems (the 三公 identity) that a ``sum`` or ``rows`` check instantiates with a key pattern
(``keys: budget_{}``); ``for_each`` repeats a check over the values of a set or list.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import cache
from itertools import product
from pathlib import Path
from typing import Annotated, Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

REGISTRY_PATH: Final = Path(__file__).with_name("rules.yaml")
RULE_ID_PATTERN: Final = r"^[A-Z]{1,2}[0-9]*[A-Z]?$"


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Classes(_Strict):
    """The 类 rows (level-1 subjects) of a table, optionally only (or all but) some codes."""

    classes: Literal["all", "only", "except"] = "all"
    codes: tuple[str, ...] = ()


# A row item: a row key (`-key` subtracts it), '@classes' (the 类 rows), or a Classes filter.
RowItem = str | Classes


class Alternative(_Strict):
    """One alternative of a ``first_of``: its lines, and the lines whose being printed makes it
    the one that applies (``marker``, default: its own lines) in the table (any column) or in the
    check's column only."""

    lines: tuple[AddendItem, ...]
    marker: tuple[RowItem, ...] | None = None
    marker_scope: Literal["table", "column"] = "table"


class FirstOf(_Strict):
    """The first alternative whose marker the document prints stands in for the others: a
    subtotal where printed, else the lines under it."""

    first_of: tuple[Alternative | tuple[AddendItem, ...], ...] = Field(min_length=1)


AddendItem = str | Classes | FirstOf
Alternative.model_rebuild()
FirstOf.model_rebuild()


class Printed(_Strict):
    """A guard: the document prints (``absent``: does not print) an amount in ``table`` (default:
    the check's) on one of ``rows`` (any row if omitted), in one of ``columns`` (any column if
    omitted; ``$column`` is the check's column)."""

    table: str | None = None
    rows: tuple[RowItem, ...] | None = None
    columns: tuple[str, ...] | None = None
    absent: bool = False


class _Check(_Strict):
    # (expanded away by `expand`: a mapping repeats the check over the product of its value
    # lists or set names, a list of mappings over each combination it lists)
    for_each: dict[str, tuple[str, ...] | str] | tuple[dict[str, str], ...] | None = None


class SumCheck(_Check):
    """``total`` line = Σ signed ``addends`` lines of ``table``, in ``column`` (or each of
    ``columns``), one instance per report and column. ``label`` names the instance's line."""

    shape: Literal["sum"] = "sum"
    table: str
    columns: tuple[str, ...] = ("amount",)
    total: str | None = None
    addends: tuple[AddendItem, ...] = ()
    identity: str | None = None
    keys: str = "{}"
    key: str | None = None  # instance key, when two checks share a total line
    label: str | None = None
    desc: str | None = None
    desc_prefix: str = ""
    guard: tuple[Printed, ...] = ()
    total_guard: tuple[Printed, ...] = ()  # limits the total line only
    only_where_total_printed: bool = False  # the addends count only where the total is printed
    only_where_addends_printed: bool = False  # no instance unless one of the addends is printed


class RowsCheck(_Check):
    """Per row of ``table``: column ``total`` = Σ signed ``addends`` columns of the same row.
    With ``first_of`` the first alternative the table prints a column of its own of applies."""

    shape: Literal["rows"] = "rows"
    table: str
    total: str | None = None
    addends: tuple[str, ...] | FirstOf = ()
    identity: str | None = None
    keys: str = "{}"
    label: str | None = None  # default: the row's printed label
    desc: str | None = None
    desc_prefix: str = ""
    row_key_prefix: str | None = None  # only subject rows and rows whose key starts with this
    guard: tuple[Printed, ...] = ()
    only_where_total_printed: bool = False
    only_where_addends_printed: bool = False


class Term(_Strict):
    table: str
    rows: tuple[RowItem, ...]
    column: str
    sign: Literal[1, -1] = 1
    guard: tuple[Printed, ...] = ()


class LinkCheck(_Check):
    """``total`` = Σ ``addends``, terms anywhere in the report; once per report, or per 类
    (``per: class``: the terms' rows are 类 rows, matched by code)."""

    shape: Literal["link"] = "link"
    key: str
    per: Literal["report", "class"] = "report"
    total: Term
    addends: tuple[Term, ...] = Field(min_length=1)
    label: str = ""
    desc: str


class TreeCheck(_Check):
    """The subject hierarchy of ``table``: a parent = Σ its children (by parent code), in each
    column (or ``columns``); with ``total_line`` also 合计 = Σ 类."""

    shape: Literal["tree"] = "tree"
    table: str
    subjects: Literal["function", "economic"]
    columns: tuple[str, ...] | None = None
    total_line: bool = False
    only_with_subjects: bool = False  # 合计 = Σ 类 only where the table lists subjects and prints 合计
    printed_parents: bool = False  # children add into a parent only where it is printed
    detail_level: int | None = None  # parents of this level only where they have children


class TemplateCheck(_Check):
    shape: Literal["template"] = "template"
    template: Literal["narrative_total", "statement_ties"]
    params: dict[str, Any]


# ---- 绩效 tables (dbt's int_performance_values): one instance per table, row or money line, never
# summed across the tables of a document (a 决算 may carry ~85 自评表)

PerformancePart = Literal["indicator", "total", "money", "base", "staffing"]
MoneyLine = Literal["total", "fiscal", "carryover", "other"]


class PerformanceSelection(_Strict):
    """The printed numbers of one 绩效 table in ``column``: its indicator rows, its 总分 row, or
    lines of its money block (all of them if ``lines`` is omitted)."""

    part: PerformancePart
    column: str | None = None  # None: any column
    lines: tuple[MoneyLine, ...] | None = None


class TableSumCheck(_Check):
    """Per 绩效 table: ``total`` = Σ ``addends`` (+ Σ ``optional``), where the total and an addend
    are printed. ``optional`` addends are counted or not, whichever the table's total agrees with
    (templates differ: 西安 prints 总分 100 with the money block's 分值 10, or 90 without it).
    ``guard``: only tables that print one of these (any column)."""

    shape: Literal["table_sum"] = "table_sum"
    key: str
    label: str
    desc: str
    total: PerformanceSelection
    addends: tuple[PerformanceSelection, ...] = Field(min_length=1)
    optional: tuple[PerformanceSelection, ...] = ()
    guard: tuple[PerformanceSelection, ...] = ()
    exact_whole: tuple[str, ...] = ()  # columns whose whole numbers are exact (points given, not rounded)
    family_flag: str | None = None  # only tables of the families that set this key (as RowRelationCheck)


class RowRelationCheck(_Check):
    """Per indicator row or money line of a 绩效 table, where every value is printed:
    ``at_most``: ``value`` ≤ ``operands[0]``; ``percent_of``: ``value`` = operands[0] / operands[1]
    × 100; ``weighted_by_percent``: ``value`` = operands[0] × min(operands[1], ``cap``) / 100.
    ``family_flag``: only tables of the families that set this key in
    ingest/performance/families.yaml."""

    shape: Literal["row_relation"] = "row_relation"
    part: Literal["indicator", "money", "staffing"]
    lines: tuple[MoneyLine, ...] | None = None
    relation: Literal["at_most", "percent_of", "weighted_by_percent"]
    value: str
    operands: tuple[str, ...] = Field(min_length=1, max_length=2)
    cap: Decimal | None = None
    family_flag: str | None = None
    exact_whole: tuple[str, ...] = ()  # columns whose whole numbers are exact (points given, not rounded)
    desc: str

    @model_validator(mode="after")
    def _arity(self) -> RowRelationCheck:
        if len(self.operands) != (1 if self.relation == "at_most" else 2):
            raise ValueError(f"{self.relation} takes {1 if self.relation == 'at_most' else 2} operands")
        return self


class FinalTieCheck(_Check):
    """A 绩效 table's money (``scope`` tables, ``line``, ``column``) = a line of the 决算 of the
    same unit and year (``table``, ``row``, ``amount_column``), once per 绩效 table × 决算."""

    shape: Literal["final_tie"] = "final_tie"
    scope: Literal["整体", "项目"]
    line: MoneyLine
    column: str
    table: str
    row: str
    amount_column: str = "amount"
    desc: str


class ChildSumCheck(_Check):
    """Per row of a list of projects' money (each row a 绩效 table of its own, linked to the row it
    adds up into: parent_table_no): its money ``line`` = Σ its children's, in each of ``columns``
    where the row and at least one child print it. ``part: base``: per 经费 line of a 绩效评价基础数据表
    that the template sums (families.yaml `base_data.lines`, `sums: true`), = Σ the lines under it
    (parent_row_no), likewise."""

    shape: Literal["child_sum"] = "child_sum"
    part: Literal["money", "base"] = "money"
    line: MoneyLine = "total"
    columns: tuple[str, ...] = Field(min_length=1)
    desc: str


Check = Annotated[
    SumCheck
    | RowsCheck
    | LinkCheck
    | TreeCheck
    | TemplateCheck
    | TableSumCheck
    | RowRelationCheck
    | FinalTieCheck
    | ChildSumCheck,
    Field(discriminator="shape"),
]


class IdentityEquation(_Strict):
    total: str
    addends: tuple[str, ...]
    desc: str
    label: str


class RuleSpec(_Strict):
    id: str = Field(pattern=RULE_ID_PATTERN)
    order: int
    # (`performance`: the 绩效 tables, in 绩效 files and in the 自评 attachments of 决算/预算 files)
    # (`budget_text`, `performance_text`: the statements of a file read as text, tables BN and PN)
    kinds: tuple[Literal["final_accounts", "budget", "budget_text", "performance", "performance_text"], ...] = Field(
        min_length=1
    )
    severity: Literal["blocking", "warning", "report"]
    tables: tuple[str, ...] = Field(min_length=1)
    grain: str
    description: str
    formula: str  # docs/checks.md's formula column (markdown)
    checks: tuple[Check, ...] = Field(min_length=1)


class Tolerance(_Strict):
    policy: Literal["half_unit_per_amount"]
    description: str


class Registry(_Strict):
    tolerance: Tolerance
    sets: dict[str, tuple[str, ...]] = {}
    identities: dict[str, tuple[IdentityEquation, ...]] = {}
    rules: tuple[RuleSpec, ...]

    @model_validator(mode="after")
    def _unique(self) -> Registry:
        ids = [r.id for r in self.rules]
        orders = [r.order for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate rule ids: {sorted(i for i in ids if ids.count(i) > 1)}")
        if len(set(orders)) != len(orders):
            raise ValueError("two rules share a sort order")
        return self

    @property
    def rule_ids(self) -> tuple[str, ...]:
        return tuple(r.id for r in sorted(self.rules, key=lambda r: r.order))


# ---------------------------------------------------------------------------------------------
# Expansion of sets, for_each and identities (on the raw YAML, before validation)

_PLACEHOLDER: Final = re.compile(r"\{([a-z_][a-z0-9_]*)\}")


def _substitute(obj: Any, values: dict[str, str]) -> Any:
    if isinstance(obj, str):
        return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), obj)
    if isinstance(obj, list):
        return [_substitute(v, values) for v in obj]
    if isinstance(obj, dict):
        return {k: _substitute(v, values) for k, v in obj.items()}
    return obj


def _expand_lists(obj: Any, sets: dict[str, list[str]]) -> Any:
    """In lists, an item naming a set (`inc_{funds}`) becomes one item per value of the set."""
    if isinstance(obj, list):
        out: list[Any] = []
        for item in obj:
            names = [n for n in _PLACEHOLDER.findall(item) if n in sets] if isinstance(item, str) else []
            if names:
                for combo in product(*(sets[n] for n in names)):
                    out.append(_substitute(item, dict(zip(names, combo, strict=True))))
            else:
                out.append(_expand_lists(item, sets))
        return out
    if isinstance(obj, dict):
        return {k: _expand_lists(v, sets) for k, v in obj.items()}
    return obj


def _expand_check(raw: dict[str, Any], sets: dict[str, list[str]], identities: dict[str, Any]) -> list[dict[str, Any]]:
    raw = dict(raw)
    loops = raw.pop("for_each", None) or {}
    if isinstance(loops, list):
        combos = [{k: str(v) for k, v in combo.items()} for combo in loops]
    else:
        names = list(loops)
        domains = [sets[v] if isinstance(v, str) else list(v) for v in loops.values()]
        combos = [dict(zip(names, combo, strict=True)) for combo in product(*domains)]
    out: list[dict[str, Any]] = []
    for values in combos or [{}]:
        check = _expand_lists(_substitute(raw, values), sets)
        identity = check.pop("identity", None)
        if identity is None:
            check.pop("keys", None)
            out.append(check)
            continue
        pattern = check.pop("keys", "{}")
        prefix = check.pop("desc_prefix", "")
        for eq in identities[identity]:
            key = pattern.replace("{}", eq["total"])
            inst = {
                **check,
                "total": key,
                "addends": [pattern.replace("{}", a) for a in eq["addends"]],
                "desc": prefix + eq["desc"],
            }
            if check.get("shape", "sum") == "sum":
                inst.setdefault("label", eq["label"])
            out.append(inst)
    return out


def expand(raw: dict[str, Any]) -> dict[str, Any]:
    """The registry with sets, for_each and identities written out: every check plain."""
    sets = {k: list(v) for k, v in (raw.get("sets") or {}).items()}
    identities = raw.get("identities") or {}
    unknown = {c.get("identity") for r in raw.get("rules", []) for c in r.get("checks", [])} - {None, *identities}
    if unknown:
        raise ValueError(f"unknown identities: {sorted(unknown)}")
    rules = []
    for rule in raw.get("rules", []):
        checks = [c for check in rule.get("checks", []) for c in _expand_check(check, sets, identities)]
        rules.append({**rule, "checks": checks})
    return {**raw, "rules": rules}


def parse_registry(text: str) -> Registry:
    return Registry.model_validate(expand(yaml.safe_load(text)))


@cache
def load_registry(path: Path = REGISTRY_PATH) -> Registry:
    """The registry (validated; a typo in a key is an error, not a silently ignored field)."""
    return parse_registry(path.read_text(encoding="utf-8"))
