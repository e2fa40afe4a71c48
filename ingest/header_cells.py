"""A table header's cells: header words stacked in one cell (a wrapped header such as
附属单/位上缴/收入), cut at the cell borders the page's rules draw, each cell's extent between
its borders where it has them. Read by the column matching (ingest/columns.py)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.layout import Line, Rule, VRule, Word
from ingest.text import normalize


@dataclass(slots=True)
class HeaderCell:
    """Header words stacked in one cell (a wrapped header such as 附属单/位上缴/收入)."""

    words: list[Word] = field(default_factory=list)
    # The x-extent of the ruled cell around the cell's own label (header_cells), None unruled.
    ruled: tuple[float, float] | None = None

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return normalize("".join(w.text for w in sorted(self.words, key=lambda w: (w.top, w.x0))))

    @property
    def own_span(self) -> tuple[float, float]:
        """x-extent of the cell's bottom line: the column's own label. A merged parent stacked
        above it (本年一般公共预算基本支出 over 人员经费) is wider and off-centre. The lines above that
        start where the bottom line starts are the same label wrapped flush left (西安 2020 表2
        `政府性基` / `金拨款`, `事业收` / `入`): the label is as wide as its widest line, or its
        centre would lie a column to the left."""
        bottom = max(w.top for w in self.words)
        own = [w for w in self.words if bottom - w.top < 3]
        x0, x1 = min(w.x0 for w in own), max(w.x1 for w in own)
        flush = [w.x1 for w in self.words if abs(w.x0 - x0) <= 1]
        return x0, max([x1, *flush])


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def header_cells(lines: list[Line], rulings: list[Rule | VRule] | None = None) -> list[HeaderCell]:
    """Stack the header words into cells, dropping merged parent cells.

    A word under which two or more other header words stand side by side within its cell is
    a merged parent (本年支出 over 小计/基本支出/项目支出): it names a group, not a column. The
    remaining words are stacked when they overlap horizontally like the lines of one wrapped
    cell. `rulings`: the page's ruling lines; where vertical rules border a word, they are its
    cell's extent (see _is_parent).
    """
    words = [
        w
        for line in lines
        for w in line.words
        if not w.text.isdigit() and normalize(w.text) not in {"栏次", ""}
    ]
    borders = [r for r in rulings or [] if isinstance(r, VRule)]
    words = [part for w in words for part in split_at_borders(w, borders)]
    leaves = [w for w in words if not _is_parent(w, words, _own_cell(w, words, borders))]
    cells: list[HeaderCell] = []
    for w in sorted(leaves, key=lambda w: (w.top, w.x0)):
        for cell in cells:
            last = cell.words[-1]
            ov = _overlap(w.x0, w.x1, last.x0, last.x1)
            narrow = min(w.width, last.width) or 1.0
            gap = w.top - last.bottom
            if ov / narrow >= 0.6 and w.top > last.top and gap < 1.5 * (last.bottom - last.top):
                cell.words.append(w)
                break
            if w.top > last.top and _staggered(w, last):
                cell.words.append(w)
                break
        else:
            cells.append(HeaderCell([w]))
    for cell in cells:
        x0, x1 = cell.own_span
        last = max(cell.words, key=lambda w: w.top)
        own = Word(cell.text, x0, x1, last.top, last.bottom)
        cell.ruled = _own_cell(own, [w for c in cells if c is not cell for w in c.words], borders)
    return sorted(cells, key=lambda c: c.xc)


def _own_cell(word: Word, words: Sequence[Word], borders: list[VRule]) -> tuple[float, float] | None:
    """The ruled extent of `word`'s cell; None where another header word of its line lies within
    it (the rules between their columns are not printed: no cell of its own)."""
    extent = _cell_extent(word, borders)
    if extent is None:
        return None
    beside = any(o is not word and abs(o.top - word.top) <= 2 and extent[0] < o.xc < extent[1] for o in words)
    return None if beside else extent


def split_at_borders(word: Word, borders: list[VRule]) -> list[Word]:
    """The word cut where a vertical rule crosses it: the text layer joins the lines of two
    narrow cells that nearly touch (广州 `政府性基金` | `国有资本经` read as one word)."""
    y = (word.top + word.bottom) / 2
    cuts = sorted(r.x for r in borders if r.top <= y <= r.bottom and word.x0 + 2 < r.x < word.x1 - 2)
    if not cuts or len(word.text) < 2:
        return [word]
    weights = [1.0 if ord(ch) > 0x2E80 else 0.5 for ch in word.text]  # a CJK glyph is about twice a digit
    unit = word.width / sum(weights)
    edges = [word.x0]
    for wt in weights:
        edges.append(edges[-1] + wt * unit)
    parts: list[Word] = []
    start = 0
    for x in cuts:
        end = min(range(start + 1, len(word.text)), key=lambda i: abs(edges[i] - x), default=None)
        if end is None or abs(edges[end] - x) > 0.6 * unit:
            continue  # (a double rule: the second line is no second cut)
        parts.append(Word(word.text[start:end], edges[start], edges[end], word.top, word.bottom))
        start = end
    parts.append(Word(word.text[start:], edges[start], word.x1, word.top, word.bottom))
    return parts


def _cell_extent(word: Word, borders: list[VRule]) -> tuple[float, float] | None:
    """The x-extent of the ruled cell holding `word`: the nearest vertical rules left and right
    of it at its height, or None where the header is not ruled there."""
    y = (word.top + word.bottom) / 2
    crossing = [r.x for r in borders if r.top - 1 <= y <= r.bottom + 1]
    left = [x for x in crossing if x <= word.x0 + 1]
    right = [x for x in crossing if x >= word.x1 - 1]
    if not left or not right:
        return None
    return max(left), min(right)


def _staggered(w: Word, last: Word) -> bool:
    """`w` continues the wrapped cell of `last` in a header printed with double line spacing,
    each line set up to one glyph further left (江苏 rdbgt_2017 “三公” table: `小` / `计`,
    `因公` / `出国` / `（境）费`, `会议` / `费`, `公务用车购` / `置费`): the next line, starting
    left of `last` by at most a glyph and reaching it, or mostly under it."""
    height = last.bottom - last.top
    if not 0 <= w.top - last.bottom < 2 * height:
        return False
    shift = last.x0 - w.x0
    under = _overlap(w.x0, w.x1, last.x0, last.x1) >= 0.6 * (min(w.width, last.width) or 1.0)
    return under or (0 < shift <= height + 1 and w.x1 >= last.x0 - 1)


def _is_parent(word: Word, words: list[Word], extent: tuple[float, float] | None = None) -> bool:
    """True when header words below `word` form two or more side-by-side columns under it.

    Under it: within its ruled cell's `extent` where the header is ruled (a merged cell's text
    may be centred in a cell far wider than itself, 上海 基本支出 over 人员经费 | 公用经费, or
    left-aligned in a narrow one whose neighbour's wrapped lines start just right of it, 西安
    用事业基/金弥补收/支差额 beside 上年结/转); else around its text."""
    if extent is not None:
        lo, hi = extent
    else:
        # A merged cell's text is centred over the cell, and its children's texts over theirs:
        # a child's centre may lie a little outside the parent's text (长沙 本级财政拨款 over
        # 金额 | 其中:经费拨款), so the parent's span is widened by a quarter of its width on
        # each side.
        pad = (word.x1 - word.x0) / 4
        lo, hi = word.x0 - pad, word.x1 + pad
    below = sorted(
        (o for o in words if o is not word and o.top > word.bottom - 1 and lo <= o.xc <= hi),
        key=lambda o: o.x0,
    )
    columns: list[tuple[float, float]] = []
    for o in below:
        if columns and o.x0 < columns[-1][1] - 1:
            columns[-1] = (columns[-1][0], max(columns[-1][1], o.x1))
        else:
            columns.append((o.x0, o.x1))
    return len(columns) >= 2
