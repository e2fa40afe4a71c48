"""Layout variables, each drawn on its own from the layout stream of a seed.

Only what real reports print (DESIGN.md §1, the seeds): every value below was seen in a published
部门决算 or is the same thing printed by another spreadsheet export. ``VARIABLES`` lists each
variable with its values and weights; ``draw_layout`` returns the ``Layout`` fields and the
``variable -> value`` record the fidelity report breaks results down by.
"""

from __future__ import annotations

import random
from typing import Any

from samples.model import BUDGET_FUNCTION_TABLES, FUNCTION_TABLES, TABLE_CODES

# variable -> ((value, weight), ...)
VARIABLES: dict[str, tuple[tuple[str, float], ...]] = {
    "font": (("cid", 1), ("ttf", 1)),  # non-embedded STSong-Light / embedded TrueType subset
    "orientation": (("portrait", 0.35), ("landscape", 0.3), ("mixed", 0.2), ("rotate90", 0.15)),
    "code_cell": (("merged", 0.3), ("split", 0.2), ("truncated", 0.15), ("wrapped", 0.2), ("clipped", 0.15)),
    "thousands": (("yes", 0.6), ("no", 0.4)),
    "header": (("merged", 0.7), ("flat", 0.3)),
    "column_numbers": (("yes", 0.7), ("no", 0.3)),  # the 栏次 line
    "table_label": (("above_right", 0.6), ("above_title", 0.2), ("none", 0.2)),  # 公开NN表
    "unit_label": (("单位：", 0.6), ("编制单位：", 0.25), ("编制部门：", 0.15)),
    "money_unit": (("unit_line", 0.6), ("own_line", 0.25), ("label_line", 0.15)),
    "total_row": (("name", 0.7), ("spanning", 0.3)),
    "split": (("natural", 0.45), ("forced", 0.55)),  # page breaks only where a page is full, or every N rows
    "repeat_header": (("yes", 0.6), ("no", 0.4)),
    "orphan_rows": (
        ("none", 0.6), ("01", 0.05), ("02", 0.07), ("03", 0.07), ("04", 0.08), ("05", 0.05), ("06", 0.04), ("07", 0.04)
    ),
    "sharing": (("none", 0.4), ("07+08", 0.2), ("08+09", 0.2), ("07+08+09", 0.2)),
    "t09_zeros": (("blank", 0.55), ("zeros", 0.3), ("no_row", 0.15)),
    "page_numbers": (("dash", 0.5), ("plain", 0.2), ("page_of", 0.15), ("none", 0.15)),
    "name_width": (("narrow", 0.25), ("normal", 0.5), ("wide", 0.25)),
    "body_size": (("7.0", 1), ("7.5", 1), ("8.0", 1), ("8.5", 1)),
    "t06_rows": (("all", 0.6), ("nonzero", 0.4)),  # 06 prints every template row, or only those with money
    "economic_header": (("经济分类科目编码", 0.6), ("经济分类科目", 0.2), ("科目编码", 0.2)),
    "empty_note": (("0", 0.5), ("1", 0.5)),  # which sentence an empty 07/08 prints
}

# Variables only a 部门预算 has (budget_layout).
BUDGET_VARIABLES: dict[str, tuple[tuple[str, float], ...]] = {
    "total_at": (("first", 0.6), ("last", 0.4)),  # the 合计 row of the subject tables B02–B08
}

# Variables of the pages before the tables (cover, 目录), drawn from a stream of their own
# (draw_front_matter), so adding them shifted no other variable of any seed.
FRONT_MATTER_VARIABLES: dict[str, tuple[tuple[str, float], ...]] = {
    "toc": (("dotted", 0.7), ("numbered", 0.3)),
}

# Variables of how the export printed numbers and placed sheets, from a stream of their own
# (draw_printing), so adding them shifted no other variable of any seed.
PRINTING_VARIABLES: dict[str, tuple[tuple[str, float], ...]] = {
    # A table's continuation pages placed a few points right or left of its first page as a whole
    # (西安 人社局 2020 表5 p34: +3.5 pt).
    "continuation_shift": (("none", 0.7), ("right", 0.15), ("left", 0.15)),
    # Amounts as a spreadsheet's General format prints them: 0, 33.2, 7 (西安 2020).
    "decimals": (("fixed", 0.8), ("trimmed", 0.2)),
    # Table titles fake-bold: each drawn 6 times 0.3pt apart (西安 2022).
    "title_bold": (("none", 0.85), ("overprint", 0.15)),
    # Rows 1.5 lines taller, names at the top of their cells, amounts centred (福州 2026 B06 合计).
    "row_height": (("normal", 0.85), ("tall_top", 0.15)),
}
CONTINUATION_SHIFT = {"none": 0.0, "right": 4.0, "left": -4.0}

NAME_WIDTH = {"narrow": 0.55, "normal": 1.0, "wide": 1.6}


def _choice(rng: random.Random, options: tuple[tuple[str, float], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights)[0]


def draw_layout(rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    v = {name: _choice(rng, options) for name, options in VARIABLES.items()}
    # Secondary draws (which tables, how many rows) come after every variable, so adding a
    # value to one variable never shifts another's draw.
    lay: dict[str, Any] = {
        "font": v["font"],
        "body_size": float(v["body_size"]),
        "thousands_separator": v["thousands"] == "yes",
        "header_style": v["header"],
        "column_numbers": v["column_numbers"] == "yes",
        "table_label": v["table_label"],
        "unit_label": v["unit_label"],
        "money_unit": v["money_unit"],
        "total_row": v["total_row"],
        "repeat_header": v["repeat_header"] == "yes",
        "page_numbers": v["page_numbers"],
        "name_width": NAME_WIDTH[v["name_width"]],
        "economic_code_header": v["economic_header"],
    }
    code_style = {"merged": "full"}.get(v["code_cell"], v["code_cell"])
    lay["code_style"] = code_style
    truncate = sorted(rng.sample(FUNCTION_TABLES, rng.randint(1, len(FUNCTION_TABLES))))
    if code_style == "truncated":
        lay["truncate_tables"] = truncate
    orientation = v["orientation"]
    per_table = {code: rng.choice(("portrait", "landscape")) for code in TABLE_CODES}
    lay["orientation"] = "portrait" if orientation == "portrait" else "landscape"
    lay["rotate_table_pages"] = orientation == "rotate90"
    groups = [] if v["sharing"] == "none" else [v["sharing"].split("+")]
    if orientation == "mixed":
        for group in groups:  # tables sharing a page share its orientation
            for code in group[1:]:
                per_table[code] = per_table[group[0]]
        lay["table_orientation"] = {c: o for c, o in per_table.items() if o == "portrait"}
    lay["tables_sharing_a_page"] = groups
    max_rows = rng.choice((10, 12, 15, 20, 25, 30))
    split_some = rng.random() < 0.5
    split_tables = sorted(rng.sample(("01", "02", "03", "04", "05", "06", "07"), rng.randint(1, 4)))
    if v["split"] == "forced":
        lay["max_rows_per_page"] = max_rows
        lay["split_tables"] = split_tables if split_some else None
    orphan_count = rng.randint(1, 3)
    if v["orphan_rows"] != "none":
        lay["orphan_tables"] = [v["orphan_rows"]]
        lay["orphan_rows"] = orphan_count
    return lay, v


def draw_front_matter(rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    v = {name: _choice(rng, options) for name, options in FRONT_MATTER_VARIABLES.items()}
    return {"toc_style": v["toc"]}, v


def draw_printing(rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    v = {name: _choice(rng, options) for name, options in PRINTING_VARIABLES.items()}
    shift = CONTINUATION_SHIFT[v["continuation_shift"]]
    strokes = 6 if v["title_bold"] == "overprint" else 1
    return {
        "continuation_shift": shift,
        "trim_decimals": v["decimals"] == "trimmed",
        "title_strokes": strokes,
        "tall_rows": v["row_height"] == "tall_top",
    }, v


def budget_layout(rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
    """The same variables, drawn the same way, for a 部门预算: table 0N of a 决算 layout is B0N of
    the budget (B02/B03/B05/B07/B08 are its subject tables, B01/B04 two-sided, B06 economic)."""
    lay, v = draw_layout(rng)
    # Budget-only variables, drawn after the shared ones: 合计 first (most) or last (上海, 中央).
    for name, options in BUDGET_VARIABLES.items():
        v[name] = _choice(rng, options)

    def b(code: str) -> str:
        return f"B{code}"

    for name in ("truncate_tables", "orphan_tables"):
        if name in lay:
            lay[name] = [b(c) for c in lay[name]]
    if lay.get("split_tables"):
        lay["split_tables"] = [b(c) for c in lay["split_tables"]]
    lay["tables_sharing_a_page"] = [[b(c) for c in g] for g in lay["tables_sharing_a_page"]]
    if "table_orientation" in lay:
        lay["table_orientation"] = {b(c): o for c, o in lay["table_orientation"].items()}
    lay["wrap_tables"] = [*BUDGET_FUNCTION_TABLES, "B06"]
    return lay, v
