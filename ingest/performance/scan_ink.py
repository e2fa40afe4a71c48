"""Ink in a scanned 绩效 table's row that neither recogniser read: a cell both read as blank.

Both recognisers may lose the same thin glyph: a `=` printed alone in a 指标性质 column (北京's
目标表) was read as nothing by either, and the two readings then agree on a blank target operator.
Agreement is no confirmation of a blank. So each row of a table about to be published is looked
at across the table: the page's ink (`RecognisedPage.ink_mask`, the light evened) with every box
either recogniser read masked out, and the ruling lines with their gray fringe; what is left, in
blots heavier than specks, is print no recogniser read, and the table is not published.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

import cv2
import numpy as np

from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import RecognisedPage
from ingest.ocr_chars import recognition
from ingest.performance.records import PRINTED_MONEY_FIELDS, FundLine
from ingest.scan_marks import dashes_only, hyphen_pair, marks
from ingest.scanimage import ink_blots

# Points around a recognised box its own ink reaches (the boxes are the recognisers' estimates;
# the second's share a word's box out evenly among its characters).
_BOX_FRINGE = 1.5
# Points either side of a ruling line's centre its ink and gray fringe reach.
_RULE_INK = 3.0
# A blot of at least this many pixels (150 dpi) is print, not a speck of dust or toner (at most
# 9, blurred a few more); a `=` at 7.5 pt leaves two bars of some 15 each.
_PRINT = 12
# A blot lighter than this is looked at no further; one as light as a speck (a hyphen of a `--`
# printed for a blank: some 8 pixels) is told from one in the finer image, by its shape.
_DOT = 5
# A blot this heavy (pixels) is print whatever its shape: a character, not a speck.
_GLYPH = 40


def ink_read_as_nothing(
    page: RecognisedPage,
    rows: Iterable[tuple[float, float]],
    second: Sequence[Line],
    finer: Callable[[tuple[float, float, float, float]], np.ndarray],
    blanks: Sequence[tuple[float, float, float, float]] = (),
    unread: Sequence[tuple[float, float, float, float]] = (),
) -> tuple[float, float, float] | None:
    """(x, top, bottom) of the first blot of print in the page's table rows (`rows`: each row's
    band, top to bottom) that neither the first recogniser's characters (`page.chars`) nor the
    second's words (`second`, the page's lines as it read them) cover, else None. Only between
    the table's outer column rules: the margins are the scan's, not the table's. `finer`: the
    page's finer image of a box (x0, top, x1, bottom; `ocr.finer_bands`, no paper added), where
    a blot as round as a speck is looked at again. `blanks`: cells (x0, top, x1, bottom) where a
    blank and a dash printed for one are published alike, a money cell published as a number:
    a blot there whose ink is flat strokes only (`scan_marks.dashes_only`: `—`, lost by both
    recognisers, 自评表 seed 66's sub-lines' 分值) is no print lost. `unread`: cells (x0, top, x1,
    bottom) of columns no field holds (a 序号's `1`): no ink there is print lost."""
    ink = page.ink_mask()
    if ink is None:
        return None
    scale = page.scale
    # (the first's characters of its words only: a `--` read so and dropped as specks at a word's
    # ends, 自评表 seed 45, is print read as nothing, whose characters' boxes are still there)
    words = [w for line in page.lines for w in line.words]
    boxes = [
        (float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]))
        for c in page.chars
        if any(
            w.x0 - 1 <= (c["x0"] + c["x1"]) / 2 <= w.x1 + 1
            and w.top - 1 <= (c["top"] + c["bottom"]) / 2 <= w.bottom + 1
            for w in words
        )
    ]
    boxes += [(w.x0, w.x1, w.top, w.bottom) for line in second for w in line.words]
    for top, bottom in rows:
        borders = _borders(page.rules, top, bottom)
        if len(borders) < 2:
            continue
        y0, y1 = max(int(top / scale), 0), max(int(bottom / scale), 0)
        x0, x1 = max(int(borders[0] / scale), 0), max(int(borders[-1] / scale), 0)
        region = ink[y0:y1, x0:x1].copy()
        if region.size == 0:
            continue
        for rule in page.rules:
            if isinstance(rule, VRule) and rule.top < bottom and rule.bottom > top:
                _clear(region, (x0, y0), scale, (rule.x - _RULE_INK, rule.x + _RULE_INK, top, bottom))
            elif isinstance(rule, Rule) and top - _RULE_INK < rule.y < bottom + _RULE_INK:
                _clear(region, (x0, y0), scale, (rule.x0, rule.x1, rule.y - _RULE_INK, rule.y + _RULE_INK))
        _, glyphs, whole, _ = cv2.connectedComponentsWithStats(region.astype(np.uint8), connectivity=8)
        for bx0, bx1, btop, bbottom in boxes:
            if btop < bottom and bbottom > top:
                f = _BOX_FRINGE
                _clear(region, (x0, y0), scale, (bx0 - f, bx1 + f, btop - f, bbottom + f))
        for ux0, utop, ux1, ubottom in unread:
            if utop < bottom and ubottom > top:
                _clear(region, (x0, y0), scale, (ux0, ux1, utop, ubottom))
        count, blots, stats, _ = cv2.connectedComponentsWithStats(region.astype(np.uint8), connectivity=8)
        for i in range(1, count):
            left, _, width, height, area = (int(v) for v in stats[i])
            if area < _DOT or _overhang(area, glyphs[blots == i], whole):
                continue
            up = (y0 + int(stats[i][1])) * scale
            box = ((x0 + left) * scale - 1.0, up - 1.0, (x0 + left + width) * scale + 1.0, up + height * scale + 1.0)
            # (a speck is round: a stroke of print, a bar of `-`, is long and thin; a `=` at this
            # resolution is one blot as round as a speck, its two bars apart in a finer image)
            if not ((area >= _PRINT and _stroke(width, height)) or area >= _GLYPH or _strokes(finer(box))):
                continue
            # (the blot's own breadth, a speck beside it left out, `·--`; the row's height: a dash is
            # flat in its line, `scan_marks.dashes_only`)
            breadth = (x0 + left) * scale, top, (x0 + left + width) * scale, bottom
            if any(_inside(box, cell) for cell in blanks) and dashes_only(finer(breadth)):
                continue
            return (x0 + left) * scale, top, bottom
    return None


def cell_inside(
    rules: Sequence[Rule | VRule], span: tuple[float, float], top: float, bottom: float
) -> tuple[float, float, float, float] | None:
    """The box (x0, top, x1, bottom) of the cell of a row band whose column spans `span`, inside the
    column rules either side of the span's middle (their ink and fringe left out), or None where
    the page has no such rules."""
    middle = (span[0] + span[1]) / 2
    borders = _borders(rules, top, bottom)
    left, right = (
        max((x for x in borders if x < middle), default=None),
        min((x for x in borders if x > middle), default=None),
    )
    if left is None or right is None or right - left <= 2 * _RULE_INK:
        return None
    return left + _RULE_INK, top, right - _RULE_INK, bottom


def _borders(rules: Sequence[Rule | VRule], top: float, bottom: float) -> list[float]:
    """The x of each column rule across the row band `top`–`bottom`, left to right."""
    return sorted(r.x for r in rules if isinstance(r, VRule) and r.top < bottom and r.bottom > top)


def rate_dashed(line: FundLine, cell: np.ndarray | None) -> FundLine:
    """Money line `line` with its execution rate read as nothing or as a dash reading
    (recognition.yaml `dash_readings`: `一`, 自评表 seed 83) published `--`, as printed, where the
    ink of its cell (`cell`: its finer image inside its borders) is two hyphens
    (`scan_marks.hyphen_pair`); else as it is."""
    read = line.execution_rate_text
    if read == "--" or (read is not None and read not in recognition().second_reads.dash_readings):
        return line
    if cell is None or not hyphen_pair(cell):
        return line
    return replace(line, execution_rate_text="--", texts={**line.texts, "execution_rate": "--"})


def print_in(cell: np.ndarray | None) -> bool:
    """Whether a cell's finer image inside its borders (`cell`, or None) holds print: a blot of
    ink but the row rules the band takes in and specks (`scan_marks.marks`)."""
    return cell is not None and bool(marks(cell))


def number_cells(line: FundLine) -> list[tuple[float, float, float, float]]:
    """The boxes (x0, top, x1, bottom) of a money line's cells where a blank's dash lost is no value
    lost (none either way): across its money columns, from the first to the last, but those
    published as printed (`PRINTED_MONEY_FIELDS`: an execution rate's, but where it is published
    `--`: a flat stroke there is of that `--`). A column no field
    reads (宁德's 年中调整金额②) is published in no way."""
    if not line.spans:
        return []
    printed = sorted(
        span for name, span in line.spans.items() if name in PRINTED_MONEY_FIELDS and line.texts.get(name) != "--"
    )
    left, right = min(a for a, _ in line.spans.values()), max(b for _, b in line.spans.values())
    out = []
    for a, b in [*printed, (right, right)]:
        if a > left:
            out.append((left, line.top, a, line.bottom))
        left = max(left, b)
    return out


# Of a glyph's ink, the part a recognised box leaves out that is its box's estimate falling short, at
# most (`97.74%` boxed to its `%`'s middle by both recognisers: the rest of the `%` stood out).
_OVERHANG = 1 / 3


def _overhang(area: int, glyphs: np.ndarray, whole: np.ndarray) -> bool:
    """Whether a blot left outside the recognised boxes (`area` pixels; `glyphs`: the labels its
    pixels have among the row's blots before the boxes were cleared, `whole` those blots' stats) is
    the edge of a glyph a box holds: one glyph, whose ink mostly lies in the boxes."""
    labels = np.unique(glyphs)
    return len(labels) == 1 and area <= _OVERHANG * int(whole[labels[0]][4])


def _inside(box: tuple[float, float, float, float], cell: tuple[float, float, float, float]) -> bool:
    """Whether the middle of `box` lies in `cell` (both x0, top, x1, bottom)."""
    x, y = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    return cell[0] <= x <= cell[2] and cell[1] <= y <= cell[3]


def _clear(region: np.ndarray, origin: tuple[int, int], scale: float, box: tuple[float, float, float, float]) -> None:
    """The box (x0, x1, top, bottom; points) no ink in `region` (pixels from `origin`)."""
    x0, y0 = origin
    left, right, up, down = box
    rows = slice(max(int(up / scale) - y0, 0), max(int(down / scale) + 1 - y0, 0))
    region[rows, max(int(left / scale) - x0, 0) : max(int(right / scale) + 1 - x0, 0)] = False


def _stroke(width: int, height: int) -> bool:
    """A blot at least twice as long as it is thick: a stroke, not a speck."""
    return max(width, height) >= 2 * min(width, height)


# In the finer image (300 dpi): a stroke of print this heavy (pixels) at least; a blot as wide as
# most of the box is the row rule above or below the cell, taken in by the box's margin.
_FINER_STROKE = 20
_RULE_SHARE = 0.8


def _strokes(image: np.ndarray) -> bool:
    """Whether a finer image of a blot's box holds a stroke of print (a bar of `=`: 13 × 4 pixels
    at 300 dpi, where a speck is a round 6 × 6)."""
    return any(
        area >= _FINER_STROKE and _stroke(w, h) and w < _RULE_SHARE * image.shape[1]
        for _, _, w, h, area in ink_blots(image)
    )


# Two lines of one wrapped text stand this close (points between one's bottom and the next one's
# top, boxes as recognised); a row rule between two cells' texts has each cell's padding on
# either side of it.
_WRAPPED_GAP = 1.0
# A rule this far (share of its height) above a line's box bottom runs through its text.
_INSIDE = 0.15


def rule_through_text(
    lines: Sequence[Line], rules: Sequence[Rule | VRule], page: RecognisedPage | None = None
) -> tuple[str, str] | None:
    """Two words of one wrapped text (`服务对象满意度指` over `标`: one above the other, touching,
    centred alike) with a row rule found between them, else None. The strokes at the bottom of
    a line of text, run together, can make a rule the image's rules take for a row's (and join to
    the row rule beside them): the merged cell is then cut through its label, whose halves go to
    two rows, as both recognisers read it alike. With the `page` (its ink), a rule printed there
    is told: its ink runs on across the cell's padding either side of the text, where strokes of
    text do not reach (two one-row cells' labels in two lines each, `产出指标 | (10分)` over
    `效益指标 | (10分)`, their loose boxes touching across the rule between them: 自评表 seed 60)."""
    words = sorted((w for line in lines for w in line.words), key=lambda w: w.top)
    rows = [r for r in rules if isinstance(r, Rule)]
    verticals = [r for r in rules if isinstance(r, VRule)]
    for i, upper in enumerate(words):
        for lower in words[i + 1 :]:
            if lower.top > upper.bottom + _WRAPPED_GAP:
                break
            height = upper.bottom - upper.top
            if lower.top <= (upper.top + upper.bottom) / 2 or abs(lower.xc - upper.xc) > 1.5 * height:
                continue
            if lower.x0 < upper.x0 - height or lower.x1 > upper.x1 + height:
                continue  # (a wrapped text's next line lies within the first one's width)
            # (inside the upper line's box, through its bottom strokes: two rows' texts lie on
            # either side of the rule between them, however loose their boxes)
            inside = (upper.top + upper.bottom) / 2, upper.bottom - _INSIDE * height
            through = [r for r in rows if inside[0] < r.y < inside[1] and r.x0 < lower.x0 and r.x1 > lower.x1]
            if any(page is None or not _printed_across(page, verticals, r.y, (upper, lower)) for r in through):
                return upper.text, lower.text
    return None


# A row rule printed across a cell darkens this share of its padding's pixel columns at least (a
# light rule broken by noise a little); the padding judged is this wide (points) at least.
_RULED_SHARE = 0.8
_MIN_PADDING = 1.5
# Points either side of a column rule's centre its own ink reaches (its gray fringe aside).
_RULE_EDGE = 1.5


def _printed_across(page: RecognisedPage, verticals: Sequence[VRule], y: float, words: Sequence[Word]) -> bool:
    """Whether ink runs along height `y` across the padding between the words' cell's column rules
    and the words (each side wide enough to judge, `_MIN_PADDING`): a rule printed there, not the
    strokes of the words' characters run together."""
    ink = page.ink_mask()
    crossing = [v.x for v in verticals if v.top <= y <= v.bottom]
    x0, x1 = min(w.x0 for w in words), max(w.x1 for w in words)
    left = max((x for x in crossing if x <= x0), default=None)
    right = min((x for x in crossing if x >= x1), default=None)
    if ink is None or left is None or right is None:
        return False
    scale, row = page.scale, round(y / page.scale)
    band = ink[max(row - 2, 0) : row + 3].any(axis=0)
    sides = [(left + _RULE_EDGE, x0 - 0.5), (x1 + 0.5, right - _RULE_EDGE)]
    spans = [band[round(a / scale) : round(b / scale)] for a, b in sides if b - a >= _MIN_PADDING]
    return bool(spans) and all(span.size and span.mean() >= _RULED_SHARE for span in spans)


# Two words of one line this close (in their height) are one run of text, not two cells' (a cell's
# text keeps a padding from its border on either side: two or three points each).
_TOUCHING = 0.25


def column_rule_through_text(lines: Sequence[Line], rules: Sequence[Rule | VRule]) -> tuple[str, str] | None:
    """Two words of one line, touching (`_TOUCHING`), with a column rule found between them, else
    None: the strokes of characters stacked in two rows of text (`质量指标` over `可持续影响指`,
    湖北 seed 41) can make a short column rule that cuts a label in two (`可持续影响` | `指`),
    the piece beyond it then in a cell of no column, read as nothing by either reading."""
    verticals = [r for r in rules if isinstance(r, VRule)]
    for line in lines:
        for a, b in itertools.pairwise(sorted(line.words, key=lambda w: w.x0)):
            height = min(a.bottom - a.top, b.bottom - b.top)
            if b.x0 - a.x1 > _TOUCHING * height:
                continue
            top, bottom = max(a.top, b.top), min(a.bottom, b.bottom)
            between = ((a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2)
            if any(between[0] < r.x < between[1] and r.top < bottom and r.bottom > top for r in verticals):
                return a.text, b.text
    return None
