"""Tables of one row per project whose indicator list is written inline in one cell (广东
项目支出绩效目标表: `1、1-产出指标；11-数量指标；<三级>；实施周期指标值:X；年度指标值:Y。2、…`).

Each row with an indicator list is one table (its project): the project cell (wrapped lines
joined), the money columns as the lines of its money block, and one indicator row per item of the
list, parsed by the family's item grammar (families.yaml `inline.item`). The items must make up
the whole cell, numbered 1, 2, 3 …: a cell that does not read so is quarantined with the place
where the grammar stops, never half-read. The table may run on onto pages without its title or
header (a row that did not fit pushed over): such a page is read under the columns of the page
before (`read_inline_continuation`)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

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


@dataclass(frozen=True, slots=True)
class InlineColumns:
    """What a page of an inline table tells the pages it runs on to: its header's columns (field
    → (x0, x1)) and texts, the unit named above it and the money unit printed."""

    spans: dict[str, tuple[float, float]]
    labels: dict[str, str]
    unit_name: str | None
    printed_unit: str | None


class InlinePage(NamedTuple):
    tables: list[PerformanceTable]
    columns: InlineColumns


def read_inline_page(
    family: Family, title: str, page: int, cells: Sequence[Cell], outside: Sequence[Line]
) -> InlinePage | None:
    """The tables (one per project row) of one page of an inline family's table, and its columns;
    None when the page has not the family's header row (another family of the same title may
    read it)."""
    spec = family.inline
    assert spec is not None
    found = _columns(cells, spec)
    if found is None:
        return None
    spans, labels, header_bottom = found
    unit_name = None
    if spec.unit_line:
        for line in outside:
            if m := re.search(spec.unit_line, line.norm):
                unit_name = clean(m.group("unit"))
                break
    head = [c.text for c in cells if c.bottom <= header_bottom + 1]
    columns = InlineColumns(spans, labels, unit_name, money_unit([*(line.norm for line in outside), *head]))
    return InlinePage(_read_rows(family, title, page, cells, columns, header_bottom), columns)


def read_inline_continuation(
    family: Family, title: str, page: int, cells: Sequence[Cell], borders: Sequence[float], columns: InlineColumns
) -> list[PerformanceTable] | None:
    """The tables of an untitled page without a header that continues the inline table of the
    page before (its rows run on under the same columns: 广东's list goes on past a page break
    with no header repeated), read under that page's columns; None where the page's vertical
    rules do not carry on every one of them (another table, or no table). Its first row must
    start a project of its own (its 项目名称, its list from item 1): else it may be the rest of
    the page before's last row, and both are quarantined (`continued_rows_apart`)."""
    carried = all(any(abs(x - edge) <= _ALIGN for x in borders) for span in columns.spans.values() for edge in span)
    return _read_rows(family, title, page, cells, columns, float("-inf")) if carried else None


def continued_rows_apart(before: Sequence[PerformanceTable], after: Sequence[PerformanceTable]) -> None:
    """Where the first row of a continuation page (`after`) is no project of its own (no 项目名称,
    or a list not read from item 1), the last row of the page before (`before`) may run on into
    it, its list cut at the page break: both are quarantined (a list cut short reads as items)."""
    if not before or not after or (after[0].project is not None and after[0].indicators):
        return
    last, first = before[-1], after[0]
    reason = f"page {first.first_page}: its first row may continue the last row of page {last.last_page}"
    for table in (last, first):
        table.status, table.reason = "quarantined", reason


def _read_rows(
    family: Family, title: str, page: int, cells: Sequence[Cell], columns: InlineColumns, header_bottom: float
) -> list[PerformanceTable]:
    """One table per row below `header_bottom` with a cell in the indicators column."""
    spec = family.inline
    assert spec is not None
    spans, labels = columns.spans, columns.labels
    x0, x1 = spans["indicators"]
    rows = sorted(
        (c for c in cells if c.top >= header_bottom - 1 and c.overlap_x(x0, x1) >= 0.6 and c.x0 >= x0 - _ALIGN),
        key=lambda c: c.top,
    )
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
            unit_name=columns.unit_name,
            printed_unit=columns.printed_unit,
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
