"""Geometry of a page: words grouped into lines, header cells, column anchors.

Only `extract_words` output is used (no pdfplumber table finder): the parser must stay within
about twice the cost of reading the words, and real tables are often not fully ruled anyway.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ingest.text import normalize


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True)
class Line:
    page: int
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def norm(self) -> str:
        return normalize(self.text)


def group_lines(page: int, words: list[Word], y_tolerance: float = 3.0) -> list[Line]:
    """Words whose tops lie within `y_tolerance` of the line's first word form one line."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        if lines and abs(w.top - lines[-1].words[0].top) <= y_tolerance:
            lines[-1].words.append(w)
        else:
            lines.append(Line(page, [w]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


@dataclass(slots=True)
class HeaderCell:
    """Header words stacked in one cell (a wrapped header such as 附属单/位上缴/收入)."""

    words: list[Word] = field(default_factory=list)

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


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def header_cells(lines: list[Line]) -> list[HeaderCell]:
    """Stack the header words into cells, dropping merged parent cells.

    A word under which two or more other header words are centred is a merged parent
    (本年支出 over 小计/基本支出/项目支出): it names a group, not a column. The remaining words
    are stacked when they overlap horizontally like the lines of one wrapped cell.
    """
    words = [
        w
        for line in lines
        for w in line.words
        if not w.text.isdigit() and normalize(w.text) not in {"栏次", ""}
    ]
    leaves = [w for w in words if not _is_parent(w, words)]
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
        else:
            cells.append(HeaderCell([w]))
    return sorted(cells, key=lambda c: c.xc)


def _is_parent(word: Word, words: list[Word]) -> bool:
    """True when header words below `word` form two or more side-by-side columns under it."""
    below = sorted(
        (o for o in words if o is not word and o.top > word.bottom - 1 and word.x0 <= o.xc <= word.x1),
        key=lambda o: o.x0,
    )
    columns: list[tuple[float, float]] = []
    for o in below:
        if columns and o.x0 < columns[-1][1] - 1:
            columns[-1] = (columns[-1][0], max(columns[-1][1], o.x1))
        else:
            columns.append((o.x0, o.x1))
    return len(columns) >= 2
