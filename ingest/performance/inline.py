"""Tables of one row per project whose indicator list is written inline in one cell (广东
项目支出绩效目标表: `1、1-产出指标；11-数量指标；<三级>；实施周期指标值:X；年度指标值:Y。2、…`).

Each row with an indicator list is one table (its project): the project cell (wrapped lines
joined), the money columns as the lines of its money block, and one indicator row per item of the
list, parsed by the family's item grammar (families.yaml `inline.item`). The items must make up
the whole cell, numbered 1, 2, 3 …: a cell that does not read so is quarantined with the place
where the grammar stops, never half-read."""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.layout import Line
from ingest.performance.families import Family, InlineRows, header_field
from ingest.performance.grid import Cell
from ingest.performance.records import FundLine, Indicator, PerformanceTable
from ingest.performance.values import clean, is_blank, money_unit, number, split_target

# How far (pt) a cell may stick out of its header's column and still be the column's cell.
_ALIGN = 2.5


def _columns(
    cells: Sequence[Cell], spec: InlineRows
) -> tuple[dict[str, tuple[float, float]], dict[str, str], float] | None:
    """The header row: field → (x0, x1) of the cells naming project, indicators and the money
    lines, on the height of the topmost 绩效指标 cell; field → the header's text; its bottom."""
    words = {"project": spec.project, "indicators": spec.indicators, **spec.lines}
    named = [(c, f) for c in cells if (f := header_field(c.text, words)) is not None]
    anchors = [c for c, f in named if f == "indicators"]
    if not anchors:
        return None
    anchor = min(anchors, key=lambda c: c.top)
    row = [(c, f) for c, f in named if c.top < anchor.bottom - 1 and c.bottom > anchor.top + 1]
    spans: dict[str, tuple[float, float]] = {}
    labels: dict[str, str] = {}
    for c, f in sorted(row, key=lambda cf: cf[0].x0):
        if f not in spans:
            spans[f], labels[f] = (c.x0, c.x1), c.text
    if "project" not in spans:
        return None
    return spans, labels, max(c.bottom for c, _ in row)


def _in_row(cells: Sequence[Cell], span: tuple[float, float], row: Cell) -> str | None:
    """The text of the cell of column `span` on the row of `row` (the row's own cell)."""
    x0, x1 = span
    hits = [c for c in cells if c.covers_y(row.yc) and c.overlap_x(x0, x1) >= 0.6 and c.x0 >= x0 - _ALIGN]
    return clean(min(hits, key=lambda c: c.x1 - c.x0).text) if hits else None


def parse_items(text: str, item: re.Pattern[str]) -> tuple[list[dict[str, str]], str | None]:
    """The items of an inline indicator list, and None; or what is read so far and the text where
    the grammar stops (an item missing a part, a number out of sequence)."""
    items: list[dict[str, str]] = []
    at = 0
    while at < len(text):
        m = item.match(text, at)
        if m is None or m.end() == at:
            return items, text[at : at + 30]
        if int(m.group("no")) != len(items) + 1:
            return items, f"item {m.group('no')} after {len(items)}"
        items.append({k: v.strip() for k, v in m.groupdict().items() if v is not None})
        at = m.end()
    return items, None


def _indicator(no: int, page: int, row: Cell, item: dict[str, str]) -> Indicator:
    target = clean(item.get("target"))
    op, value, unit = split_target(target)
    return Indicator(
        row_no=no,
        page=page,
        level1=clean(item.get("level1")),
        level2=clean(item.get("level2")),
        level3=clean(item.get("level3")),
        target=target,
        target_operator=op,
        target_value=value,
        target_unit=unit,
        actual=None,
        actual_value=None,
        weight_text=None,
        weight=None,
        score_text=None,
        score=None,
        deviation=None,
        top=row.top,
        bottom=row.bottom,
        period_target=clean(item.get("period_target")),
    )


def _funds(
    cells: Sequence[Cell],
    spans: dict[str, tuple[float, float]],
    labels: dict[str, str],
    spec: InlineRows,
    page: int,
    row: Cell,
) -> list[FundLine]:
    """The row's money columns, one line each (its label the column's header)."""
    out = []
    for kind in spec.lines:
        if kind not in spans:
            continue
        text = _in_row(cells, spans[kind], row)
        amount = number(text)
        values = {"budget_initial": None, "budget_full_year": None, "executed": None, spec.money_column: amount}
        out.append(
            FundLine(
                line=kind,
                label=labels[kind],
                page=page,
                execution_rate_text=None,
                execution_rate=None,
                weight=None,
                score=None,
                texts={spec.money_column: text} if text is not None else {},
                top=row.top,
                bottom=row.bottom,
                **values,
            )
        )
    return out


def read_inline_page(
    family: Family, title: str, page: int, cells: Sequence[Cell], outside: Sequence[Line]
) -> list[PerformanceTable] | None:
    """The tables (one per project row) of one page of an inline family's table; None when the
    page has not the family's header row (another family of the same title may read it)."""
    spec = family.inline
    assert spec is not None
    found = _columns(cells, spec)
    if found is None:
        return None
    spans, labels, header_bottom = found
    x0, x1 = spans["indicators"]
    rows = sorted(
        (c for c in cells if c.top >= header_bottom - 1 and c.overlap_x(x0, x1) >= 0.6 and c.x0 >= x0 - _ALIGN),
        key=lambda c: c.top,
    )
    unit_name = None
    if spec.unit_line:
        for line in outside:
            if m := re.search(spec.unit_line, line.norm):
                unit_name = clean(m.group("unit"))
                break
    head = [c.text for c in cells if c.bottom <= header_bottom + 1]
    printed_unit = money_unit([*(line.norm for line in outside), *head])
    tables = []
    for row in rows:
        project = _in_row(cells, spans["project"], row)
        table = PerformanceTable(
            family.name,
            family.doc_kind,
            family.scope,
            title,
            page,
            page,
            project=project,
            unit_name=unit_name,
            printed_unit=printed_unit,
        )
        tables.append(table)
        items, stop = parse_items(row.text, spec.item_re)
        if project is None:
            table.status, table.reason = "quarantined", f"page {page}: an indicator list without a 项目名称 in its row"
        elif stop is not None:
            table.status, table.reason = (
                "quarantined",
                f"page {page} project {project}: the 绩效指标 cell does not read as items from {stop!r}",
            )
        else:
            table.indicators = [_indicator(n, page, row, item) for n, item in enumerate(items, start=1)]
            table.funds = _funds(cells, spans, labels, spec, page, row)
            bad = [f for f in table.funds for t in f.texts.values() if not is_blank(t) and number(t) is None]
            if bad:
                table.status = "quarantined"
                table.reason = f"page {page} project {project}: amount {bad[0].texts} is not a number"
    return tables
