"""Cells of a ruled table, from the page's words and ruling lines (no table finder).

A word belongs to the cell bounded by the nearest rules around its centre that actually run past
it: vertical rules crossing its height, horizontal rules crossing its x. A merged cell (an 一级
label printed once over four rows) has no rule inside it, so its words form one cell spanning the
rows; letters of a narrow cell interleaved with its neighbour's in the text layer still fall in
their own cell, since the cell is found by geometry, not by text order."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ingest.layout import Line, Rule, VRule, Word, group_lines

# Rules are drawn cell by cell: a rule's end may stop short of the cell corner by a hair.
_REACH = 1.5
# Where a character starts, for telling which cell it is in: its left edge.
_START = 0.0


@dataclass(slots=True)
class Cell:
    x0: float
    x1: float
    top: float
    bottom: float
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The cell's words in reading order (lines top to bottom), wrapped lines joined without
        spaces: CJK text wraps at any character."""
        return "".join(self.lines())

    def lines(self) -> list[str]:
        """The text of each line of the cell's words, top to bottom, spaces removed."""
        rows: list[list[Word]] = []
        for w in sorted(self.words, key=lambda w: (w.top, w.x0)):
            if rows and abs(w.top - rows[-1][0].top) <= max(2.0, 0.4 * (w.bottom - w.top)):
                rows[-1].append(w)
            else:
                rows.append([w])
        return ["".join(w.text for w in sorted(r, key=lambda w: w.x0)).replace(" ", "") for r in rows]

    @property
    def yc(self) -> float:
        return (self.top + self.bottom) / 2

    def covers_y(self, y: float) -> bool:
        return self.top - 0.5 <= y <= self.bottom + 0.5

    def overlap_x(self, x0: float, x1: float) -> float:
        """The share of [x0, x1] this cell covers."""
        return max(0.0, min(self.x1, x1) - max(self.x0, x0)) / max(x1 - x0, 1e-6)


def _bounds(w: Word, rules: Sequence[Rule | VRule]) -> tuple[float, float, float, float] | None:
    xc, yc = w.xc, (w.top + w.bottom) / 2
    lefts = [r.x for r in rules if isinstance(r, VRule) and r.x <= xc and r.top - _REACH <= yc <= r.bottom + _REACH]
    rights = [r.x for r in rules if isinstance(r, VRule) and r.x > xc and r.top - _REACH <= yc <= r.bottom + _REACH]
    tops = [r.y for r in rules if isinstance(r, Rule) and r.y <= yc and r.x0 - _REACH <= xc <= r.x1 + _REACH]
    bottoms = [r.y for r in rules if isinstance(r, Rule) and r.y > yc and r.x0 - _REACH <= xc <= r.x1 + _REACH]
    if not (lefts and rights and tops and bottoms):
        return None
    return max(lefts), min(rights), max(tops), min(bottoms)


def page_cells(lines: Sequence[Line], rules: Sequence[Rule | VRule]) -> list[Cell]:
    """The non-empty cells of the page's ruled tables, top to bottom, left to right. Words outside
    any ruled cell (titles, 单位 lines, notes) are left out."""
    cells: dict[tuple[float, float, float, float], Cell] = {}
    for line in lines:
        for w in line.words:
            box = _bounds(w, rules)
            if box is None:
                continue
            key = tuple(round(v, 1) for v in box)
            cell = cells.get(key)  # type: ignore[arg-type]
            if cell is None:
                cell = cells[key] = Cell(*box)  # type: ignore[index]
            cell.words.append(w)
    return sorted(cells.values(), key=lambda c: (round(c.top), c.x0))


def text_in_band(cells: Sequence[Cell], span: tuple[float, float], top: float, bottom: float) -> str | None:
    """The text of the words printed in column `span` between `top` and `bottom` (one ruled row):
    a value belongs to the row its words are printed in, even in a cell merged over rows."""
    words = _band_words(cells, span, top, bottom)
    return Cell(*span, top, bottom, words).text if words else None


def numbers_stacked(cells: Sequence[Cell], span: tuple[float, float], top: float, bottom: float) -> bool:
    """Whether the column `span` holds, between `top` and `bottom`, lines of words that are each a
    number of their own (`10` over `20`): two rows' values in one cell, the rule between the rows
    lost (a scan), not one value wrapped (`1,234,` over `567.89` is one number)."""
    lines = Cell(*span, top, bottom, _band_words(cells, span, top, bottom)).lines()
    return len(lines) > 1 and all(_NUMBER.fullmatch(line) for line in lines)


def _band_words(cells: Sequence[Cell], span: tuple[float, float], top: float, bottom: float) -> list[Word]:
    """The words of the cells under most of column `span` printed between `top` and `bottom`."""
    return [w for c in cells if c.overlap_x(*span) >= 0.6 for w in c.words if _in_band(w, top, bottom)]


def _in_band(word: Word, top: float, bottom: float) -> bool:
    """Whether `word` is printed in the band from `top` to `bottom` (its middle, half a point loose)."""
    return top - 0.5 <= (word.top + word.bottom) / 2 <= bottom + 0.5


_NUMBER = re.compile(r"\d+(\.\d+)?%?")


def straddling(cells: Sequence[Cell], span: tuple[float, float], top: float, bottom: float) -> Cell | None:
    """A cell holding words in the band from `top` to `bottom` that covers part of column `span`
    but not most of it (a quarter to 60%): its header cell spans more than one column below it
    (a column rule lost in a scan's header row, `指标权重（%)` | `是否核心` read as one cell), so
    which column its words are in the header does not tell."""
    return next(
        (
            c
            for c in cells
            if 0.25 <= c.overlap_x(*span) < 0.6
            and any(_in_band(w, top, bottom) for w in c.words)
        ),
        None,
    )


def outside_words(lines: Sequence[Line], rules: Sequence[Rule | VRule]) -> list[Line]:
    """The lines printed outside the ruled cells (the title, 单位：万元): the words of each line
    not in a cell."""
    out = []
    for line in lines:
        free = [w for w in line.words if _bounds(w, rules) is None]
        if free:
            out.append(Line(line.page, free))
    return out


def _cut(a: Mapping[str, Any], b: Mapping[str, Any], borders: Sequence[VRule]) -> bool:
    """A rule runs between where two characters of one word start. A character belongs to the
    cell it starts in: text too wide for its cell runs over the border (宁德 `…情况` whose `况`
    starts 0.2 pt left of the rule and ends 6 pt right of it), the next cell's text starts after it."""
    left, right = float(a["x0"]) + _START, float(b["x0"]) + _START
    y = (float(b["top"]) + float(b["bottom"])) / 2
    return any(left < r.x <= right and r.top - _REACH <= y <= r.bottom + _REACH for r in borders)


def char_lines(number: int, words: Sequence[Mapping[str, Any]], rules: Sequence[Rule | VRule]) -> list[Line]:
    """The page's lines from pdfplumber's words with their characters, each word cut where a
    vertical rule runs between two of its characters: the text layer glues the labels of
    neighbouring cells printed on one baseline (宁德 `一般性支出情况一般性支出情况“三公”经费…`, a
    merged 一级 and 二级 label and the 三级 of the middle row), whatever the glyphs' widths."""
    borders = [r for r in rules if isinstance(r, VRule)]
    out: list[Word] = []
    for w in words:
        chars = w.get("chars") or []
        if len(chars) != len(w["text"]) or len(chars) < 2:
            out.append(Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])))
            continue
        start = 0
        for i in [*(i for i in range(1, len(chars)) if _cut(chars[i - 1], chars[i], borders)), len(chars)]:
            own = chars[start:i]
            out.append(
                Word(
                    w["text"][start:i],
                    min(float(c["x0"]) for c in own),
                    max(float(c["x1"]) for c in own),
                    min(float(c["top"]) for c in own),
                    max(float(c["bottom"]) for c in own),
                )
            )
            start = i
    return group_lines(number, out)
