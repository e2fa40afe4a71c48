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

from samples.generator.data import plan_report, three_public, unit_identity
from samples.generator.layout import draw_layout
from samples.generator.tables import build_tables
from samples.model import SampleReport

__all__ = ["Generated", "generate"]


@dataclass(frozen=True)
class Generated:
    seed: int
    report: SampleReport
    variables: dict[str, str]


def generate(seed: int) -> Generated:
    data_rng = random.Random(f"data:{seed}")
    layout, variables = draw_layout(random.Random(f"layout:{seed}"))
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
