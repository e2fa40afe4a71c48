"""Seeded generator of 部门决算 sample reports: random data crossed with random layouts.

``generate(seed)`` returns a :class:`Generated`: a ``SampleReport`` (the model render.py draws and
takes the truth from) and ``variables``, one ``name -> value`` per layout and data variable, so
results can be broken down by variable. The data and the layout are drawn from two separate random
streams of the seed, and every layout variable is drawn on its own: a variable's value never
depends on another's. The same seed gives the same report on any machine.

``python -m samples.generator SEED [SEED ...] --out DIR`` renders seeds to PDF + truth +
``.variables.json`` (and ``--yaml`` dumps the report as a samples/data-style YAML).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from samples.generator.budget import build_budget_tables, plan_budget, three_public_budget
from samples.generator.data import DEPARTMENTS, plan_report, three_public, unit_identity
from samples.generator.layout import budget_layout, draw_front_matter, draw_layout, draw_printing
from samples.generator.tables import build_tables
from samples.model import SampleReport

__all__ = ["KINDS", "Generated", "generate", "generate_budget", "generate_kind"]

KINDS = ("final", "budget")
SHANGHAI_DISTRICTS = ("普陀区", "黄浦区", "徐汇区", "静安区", "长宁区", "虹口区", "杨浦区", "闵行区", "浦东新区")


@dataclass(frozen=True)
class Generated:
    seed: int
    report: SampleReport
    variables: dict[str, str]


def generate(seed: int) -> Generated:
    data_rng = random.Random(f"data:{seed}")
    layout, variables = draw_layout(random.Random(f"layout:{seed}"))
    front, front_variables = draw_front_matter(random.Random(f"front:{seed}"))
    printing, printing_variables = draw_printing(random.Random(f"printing:{seed}"))
    layout = {**layout, **front, **printing}
    variables = {**variables, **front_variables, **printing_variables}
    plan = plan_report(data_rng)
    year = data_rng.randint(2019, 2024)
    # 09 prints no data row only where the unit had no 三公 money at all.
    plan.three_public = None if variables["t09_zeros"] == "no_row" else three_public(data_rng)
    tables = build_tables(
        plan, year, t06_all_rows=variables["t06_rows"] == "all", t09_zeros=variables["t09_zeros"],
        empty_style=int(variables["empty_note"]),
    )  # fmt: skip
    identity = unit_identity(data_rng)
    grand = tables["01"]["rows"][29]["amounts"].get("amount", "0.00")
    report = SampleReport.model_validate(
        {
            "report": {
                **identity,
                "fiscal_year": year,
                "publish_date": date(year + 1, data_rng.randint(1, 12), data_rng.randint(1, 28)),
                "narrative_total": grand,
            },
            "layout": layout,
            "tables": tables,
        }
    )
    variables = {**variables, **plan.variables}
    variables["empty_07"] = "yes" if "empty_note" in tables["07"] else "no"
    variables["empty_08"] = "yes" if "empty_note" in tables["08"] else "no"
    return Generated(seed, report, variables)


def generate_budget(seed: int) -> Generated:
    """A 部门预算 from its own seed space: the streams are named ``budget-…:<seed>``, so budget
    seed N and 决算 seed N share nothing, and adding budgets changed no 决算 seed."""
    family = "shanghai" if random.Random(f"budget-family:{seed}").random() < 0.4 else "national"
    data_rng = random.Random(f"budget-data:{seed}")
    layout, variables = budget_layout(random.Random(f"budget-layout:{seed}"))
    front, front_variables = draw_front_matter(random.Random(f"budget-front:{seed}"))
    printing, printing_variables = draw_printing(random.Random(f"budget-printing:{seed}"))
    layout = {**layout, **front, **printing}
    variables = {**variables, **front_variables, **printing_variables}
    plan = plan_budget(data_rng, family)
    year = data_rng.randint(2019, 2026)
    plan.three_public = None if variables["t09_zeros"] == "no_row" else three_public_budget(data_rng, family)
    tables = build_budget_tables(
        plan, year, all_06_rows=variables["t06_rows"] == "all", zeros=variables["t09_zeros"],
        note=int(variables["empty_note"]), total_last=variables["total_at"] == "last",
    )  # fmt: skip
    if family == "shanghai":
        name = f"上海市{data_rng.choice(SHANGHAI_DISTRICTS)}{data_rng.choice(DEPARTMENTS)}"
        identity = {"department": name, "unit_name": name}
    else:
        identity = unit_identity(data_rng)
    grand = next(r for r in tables["B01"]["rows"] if r.get("row_key") == "inc_grand_total")["amounts"]
    total = grand.get("amount", "0.00")
    narrative_total = f"{int(total) / 10000:.2f}" if family == "shanghai" else total
    report = SampleReport.model_validate(
        {
            "kind": "budget",
            "family": family,
            "report": {
                **identity,
                "fiscal_year": year,
                "publish_date": date(year, data_rng.randint(1, 3), data_rng.randint(1, 28)),
                "narrative_total": narrative_total,
            },
            "layout": layout,
            "tables": tables,
        }
    )
    variables = {"family": family, **variables, **plan.variables}
    variables["empty_07"] = "yes" if "empty_note" in tables["B07"] else "no"
    variables["empty_08"] = "yes" if "empty_note" in tables["B08"] else "no"
    return Generated(seed, report, variables)


def generate_kind(kind: str, seed: int) -> Generated:
    return generate_budget(seed) if kind == "budget" else generate(seed)
