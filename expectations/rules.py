"""The balance rules of 部门决算 and 部门预算 reports, as SQL over dbt's ``int_amounts``.

The rules are data: ``expectations/rules.yaml`` (the registry, validated by
``expectations.registry``) says per rule its kinds, severity, tables, grain, the equations
(total = Σ signed addends, their guards) and its sort order; ``expectations.engine`` compiles each
entry to SQL (``expectations.sql``). This module is the public face: ``GateSettings``, the
contract vocabularies the structural expectations check, ``build_rules`` and the rule ids.

The tolerance is not computed per rule: it needs ``GateSettings.per_addend_half_units`` and is
applied by ``expectations.engine.instances_sql`` as
``per_addend_half_units × half_unit_yuan × (n_addends + 1)``.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Final

from pydantic import BaseModel, ConfigDict, Field

from expectations.engine import compile_rules
from expectations.registry import load_registry
from expectations.sql import AMOUNTS_TABLE_CANDIDATES, INSTANCE_COLUMNS, Rule, base_relations
from ingest.profile import table_column_keys, table_row_keys

__all__ = [
    "AMOUNTS_TABLE_CANDIDATES",
    "COLUMN_KEYS",
    "FINAL_RULE_IDS",
    "INSTANCE_COLUMNS",
    "ROW_KEYS",
    "RULE_IDS",
    "TABLE_CODES",
    "GateSettings",
    "Rule",
    "base_relations",
    "build_rules",
]

# --------------------------------------------------------------------------------------------
# Settings


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
# Vocabularies (docs/record-contract.md), from the table profiles (ingest/profiles/*.yaml), the
# one place that names rows and columns: the structural expectations check int_amounts against
# them, so a profile change cannot leave the gate checking an old vocabulary.

ROW_KEYS: Final[dict[str, tuple[str, ...]]] = table_row_keys()
COLUMN_KEYS: Final[dict[str, tuple[str, ...]]] = table_column_keys()
TABLE_CODES: Final = tuple(COLUMN_KEYS)


# --------------------------------------------------------------------------------------------
# Rules


def build_rules(settings: GateSettings | None = None) -> tuple[Rule, ...]:
    """Every rule of the registry in its sort order, reading `settings.amounts_table` (default:
    dbt's intermediate.int_amounts) and X5's narrative precision from `settings`."""
    settings = settings or GateSettings()
    table = settings.amounts_table or AMOUNTS_TABLE_CANDIDATES[0]
    rules = compile_rules(load_registry(), settings.narrative_half_unit_yuan, table)
    return tuple(replace(r, amounts_table=table) for r in rules)


#: Every rule id, in the registry's sort order.
RULE_IDS: Final = load_registry().rule_ids
#: The rules of the 决算 tables (01–09); the others check the budget tables and texts.
FINAL_RULE_IDS: Final = tuple(
    r.id for r in sorted(load_registry().rules, key=lambda r: r.order) if "final_accounts" in r.kinds
)
