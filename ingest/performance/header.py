"""The header rows of a 绩效 table's blocks: which column each field is printed in.

A header row is anchored on a cell naming an anchor field (三级指标 for indicators); the named cells
overlapping the anchor's height are its columns. A header may be printed on two or three rows: a
group cell over leaf cells (湖北 `指标值` over `近两年指标值` | `预期2021年实现值`, `近两年指标值` over
`2019年` | `2020年`) names no column of its own, its leaves do. A table may print several blocks,
each under its own header row (湖北 长期目标1, 长期目标2, 年度指标1 …): every header row is found."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.performance.families import header_field, unread_columns
from ingest.performance.grid import Cell
from ingest.performance.values import year_in

# How far (pt) a column border may move between a page and its continuation, and how far a cell
# may stick out of its column and still be the column's cell.
ALIGN = 2.5
PRIOR = "prior:"  # field prefix of an earlier year's column: prior:1, prior:2 (left to right)


@dataclass(slots=True)
class Columns:
    """Header cells of a block: field → (x0, x1); the year a column's header names, by field."""

    spans: dict[str, tuple[float, float]]
    years: dict[str, int | None] = field(default_factory=dict)
    # (x0, x1) of the header cells naming a column no field holds (families.yaml `unread_columns`)
    unread: tuple[tuple[float, float], ...] = ()

    def cell_in(self, cells: Sequence[Cell], field: str, y: float) -> Cell | None:
        x0, x1 = self.spans[field]
        hits = [c for c in cells if c.covers_y(y) and c.overlap_x(x0, x1) >= 0.6]
        return min(hits, key=lambda c: c.x1 - c.x0) if hits else None


def _under(cell: Cell, band: Sequence[Cell]) -> list[Cell]:
    """The header cells printed below `cell` within its width (its leaves, when it is a group)."""
    return [
        d
        for d in band
        if d is not cell and d.top >= cell.bottom - 1 and d.x0 >= cell.x0 - ALIGN and d.x1 <= cell.x1 + ALIGN
    ]


def _header_at(
    anchor: Cell, cells: Sequence[Cell], named: Sequence[tuple[Cell, str]], prior_words: list[str]
) -> tuple[Columns, Cell]:
    band = [c for c in cells if c.top >= anchor.top - 1 and c.bottom <= anchor.bottom + 1]
    spans: dict[str, tuple[float, float]] = {}
    years: dict[str, int | None] = {}
    used = [anchor]
    for c, f in sorted(named, key=lambda cf: cf[0].x0):
        if c.top < anchor.bottom - 1 and c.bottom > anchor.top + 1 and f not in spans and not _under(c, band):
            spans[f], years[f] = (c.x0, c.x1), year_in(c.text)
            used.append(c)
    for group in (c for c in band if prior_words and header_field(c.text, {"prior": prior_words})):
        leaves = sorted(_under(group, band), key=lambda d: d.x0)
        for n, leaf in enumerate(leaves, start=1):
            spans[f"{PRIOR}{n}"], years[f"{PRIOR}{n}"] = (leaf.x0, leaf.x1), year_in(leaf.text)
        used.extend(leaves)
    unread = tuple((c.x0, c.x1) for c in band if header_field(c.text, {"unread": list(unread_columns())}))
    return Columns(spans, years, unread), Cell(anchor.x0, anchor.x1, anchor.top, max(c.bottom for c in used))


def header_rows(
    cells: Sequence[Cell],
    words: dict[str, list[str]],
    anchor_fields: tuple[str, ...],
    prior_words: list[str] | None = None,
) -> list[tuple[Columns, Cell]]:
    """Every header row naming `words`' fields, top to bottom: one per anchor cell (a cell naming
    one of `anchor_fields`) beside another named cell (a value that happens to start with a header
    word is no header), anchors of one row taken once. Each with its columns and its extent."""
    named = [(c, f) for c in cells if (f := header_field(c.text, words)) is not None]
    out: list[tuple[Columns, Cell]] = []
    for anchor in sorted((c for c, f in named if f in anchor_fields), key=lambda c: c.top):
        if out and anchor.top < out[-1][1].bottom - 1:
            continue
        found = _header_at(anchor, cells, named, prior_words or [])
        if len(found[0].spans) >= 2 or not out:
            out.append(found)
    return out


def header_row(
    cells: Sequence[Cell], words: dict[str, list[str]], anchor_fields: tuple[str, ...]
) -> tuple[Columns, Cell] | None:
    """The first header row naming `words`' fields (see header_rows)."""
    rows = header_rows(cells, words, anchor_fields)
    return rows[0] if rows else None
