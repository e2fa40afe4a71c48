"""A row label's enumeration that recognition lost whole, read from its strokes.

Both recognisers may drop a label's `一、` or `二、` whole, and every label of its column alike
(预算 表4's `一般公共预算资金` over `政府性基金`, 预算 seeds 2140, 2142, 2162): no sequence says what
was printed (`scanned.restore_enumeration` needs one label of the column read numbered), and the
label is quarantined for the print before it nobody read (`scan_label_ink`). The numerals 一, 二
and 三 are one, two and three flat strokes stacked; the `、` after them a small mark at their
lower right. Where the ink between a label and its cell's left rule (or three characters left of
it, in an unruled table) is exactly that, and nothing was read there, the label takes the
numeral. Then the numerals so read in a column of the page, with those read as text, must count
up one by one from top to bottom, or none is taken on that page. Any other glyph (四 and on, 十,
a digit, a bracket) is not read so: the label stays as read, and is quarantined. Stacked strokes
whose `、` is not found apart (merged with the last stroke in the scan's ink: 决算 seed 2256's 二)
are taken only between two labels numbered otherwise, one below and one above them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

import pdfplumber

from ingest.layout import CJK, Line, Rule, VRule, Word
from ingest.ocr import BAND_MARGIN, finer_bands
from ingest.scanimage import ink_blots, rules_across

if TYPE_CHECKING:
    from ingest.scanned import Recognised

# The numerals that are flat strokes only (一 二 三): as many as this.
_MOST_STROKES = 3
# How far left of a label its lost numeral is looked for, in the label's heights (`一、` and a
# space: some two and a half characters).
_REACH = 3.0
# A stroke of a numeral: at least this many times as wide as thick, and this share of the label's
# box height wide (the box is a line's height; a 7.5 pt 一 in an 11.5 pt box: some 0.35).
_FLAT = 3.0
_STROKE_WIDTH = 0.25
# The strokes of 一 二 三 are centred on the line: their mean within this share of the band's
# height of its middle (measured 0.45–0.49 of it; one stroke of 二 lost leaves 0.3 or 0.64);
# 二's two strokes lie this far apart at least (measured 0.34–0.36; 三's neighbours 0.19).
_CENTRED = 0.1
_APART = 0.25
# The `、`: no wider or higher than this share of the label's height.
_MARK = 0.4
# Ink centred this near (share of its height) the band's top or bottom is a row rule's.
_EDGE = 0.12
# Ink centred this near (points) a row rule found on the page is the rule's.
_ON_RULE = 1.0
# Ink smaller than this (pixels of the finer image) is a speck, left out.
_SPECK_AREA = 8
# Two labels in one column: left edges within this many points (their numerals lost or read).
_SAME_COLUMN = 8.0


class StrokeNumeral(NamedTuple):
    """A numeral read from the strokes before a label: its value, its ink's left edge (points),
    and whether its `、` was found apart from its strokes."""

    value: int
    x0: float
    marked: bool = True


def numerals_from_strokes(pdf: pdfplumber.PDF, recognised: Recognised) -> None:
    """Each label of a row of amounts on the recognised pages whose lost enumeration the ink
    before it shows as `一、`, `二、` or `三、` (module docstring) read with it, where the page's
    columns of labels then count up one by one."""
    from ingest.scanned import _numbered, numeral  # (it imports this)

    for number, page in recognised.pages.items():
        image_page, found = pdf.pages[number - 1], []
        for line in page.lines:
            if not any(re.fullmatch(r"[\d,.]+", w.text) for w in line.words):
                continue  # (a row's label: its amounts on its line)
            for k, word in enumerate(line.words):
                if not CJK.match(word.text) or _numbered(word.text):
                    continue
                if (read := _numeral(image_page, page.skew, page.rules, line, word)) is not None:
                    found.append((line, k, read))
        # (those whose `、` was not found apart left out where they do not stand between
        # numbered neighbours: the others may count up without them)
        taken = next((c for c in (found, [f for f in found if f[2].marked]) if c and _counting(page.lines, c)), [])
        for line, k, read in taken:
            word = line.words[k]
            line.words[k] = Word(f"{numeral(read.value)}、{word.text}", read.x0, word.x1, word.top, word.bottom)


def _numeral(
    image_page: pdfplumber.page.Page, skew: float, rules: Sequence[Rule | VRule], line: Line, word: Word
) -> StrokeNumeral | None:
    """The numeral the ink before `word` is, else None."""
    height = word.bottom - word.top
    left = max([x for x in rules_across(rules, word.top, word.bottom, 1.0) if x < word.x0 - 1.0], default=None)
    x0 = max(word.x0 - _REACH * height, left + 1.5 if left is not None else float("-inf"))
    if any(w is not word and w.x1 > x0 and w.x0 < word.x0 for w in line.words):
        return None  # (something was read there: a code, a row number)
    x1 = word.x0 - 0.5
    if x1 - x0 < height:
        return None
    image = finer_bands(image_page, [(x0, word.top, x1, word.bottom)], skew)[0]
    if image.size == 0:
        return None
    px = image.shape[1] / (x1 - x0)
    tall = height * px
    # (the row rules above and below the label, which its box reaches, left out: ink along the
    # band's edges, across all of it, or along a row rule found on the page — a rule the scan
    # broke into pieces inside a tight row's box: 决算 seed 2485's 05, its `合计` read `二、合计`
    # from two pieces of its rules and a speck)
    high, wide = image.shape
    on_rules = [
        (r.y - (word.top - BAND_MARGIN)) * px for r in rules if isinstance(r, Rule) and r.x0 <= x0 and x1 <= r.x1
    ]
    blots = [
        (x, y, w, h, area)
        for x, y, w, h, area in ink_blots(image)
        if area >= _SPECK_AREA
        and _EDGE * high <= y + h / 2 <= (1 - _EDGE) * high
        and w < 0.9 * wide
        and not any(abs(y + h / 2 - at) <= _ON_RULE * px for at in on_rules)
    ]
    strokes = sorted((b for b in blots if b[2] >= _FLAT * b[3] and b[2] >= _STROKE_WIDTH * tall), key=lambda b: b[1])
    # (a label beginning with 一 inks it left of its box: a flat stroke right of a small mark that
    # has strokes left of it is the label's, `一、一般公共预算资金`)
    small = sorted((b for b in blots if b[2] <= _MARK * tall and b[3] <= _MARK * tall), key=lambda b: b[0])
    if mark := next((m for m in small if any(b[0] + b[2] <= m[0] + 1 for b in strokes)), None):
        strokes = [b for b in strokes if b[0] < mark[0]]
    if not 1 <= len(strokes) <= _MOST_STROKES:
        return None
    for (ax, _, aw, _, _), (bx, _, bw, _, _) in itertools.pairwise(strokes):
        if min(ax + aw, bx + bw) - max(ax, bx) < 0.5 * min(aw, bw):
            return None  # (strokes not stacked: no numeral)
    right = max(x + w for x, _, w, _, _ in strokes)
    centres = [y + h / 2 for _, y, _, h, _ in strokes]
    middle = sum(centres) / len(centres)
    two_close = len(centres) == 2 and centres[1] - centres[0] < _APART * high
    if abs(middle - high / 2) > _CENTRED * high or two_close:
        # (一 二 三 stand centred on the line, 二's strokes wide apart: one stroke of 二 or 三 lost
        # leaves the rest off the middle, or as close as 三's, and would be read a numeral short)
        return None
    # (the `、`: small, at the numeral's lower right)
    marks = [
        (x, y, w, h, area)
        for x, y, w, h, area in blots
        if w <= _MARK * tall and h <= _MARK * tall and x + w / 2 >= right - 0.2 * tall and y + h / 2 >= middle
    ]
    ink_x0 = x0 + min(b[0] for b in strokes) / px
    if not marks and len(strokes) > 1 and len(blots) == len(strokes):
        # (the `、` merged with the last stroke: nothing but the strokes, taken between numbered
        # neighbours only)
        return StrokeNumeral(len(strokes), ink_x0, marked=False)
    if len(marks) != 1:
        return None
    # (anything else is the label's own first strokes, right of the `、`: a character's box starts
    # up to a character right of its ink)
    end = marks[0][0] + marks[0][2]
    if any(b not in strokes and b not in marks and b[0] < end - 1 for b in blots):
        return None
    return StrokeNumeral(len(strokes), ink_x0)


def _counting(lines: list[Line], found: list[tuple[Line, int, StrokeNumeral]]) -> bool:
    """Whether each column the numerals read from strokes stand in (their left edges within
    `_SAME_COLUMN`), with the labels read numbered there, counts up one by one top to bottom. A
    label whose numeral alone was lost (`、政府性基金…`, its `、` read: `scanned.restore_enumeration`
    numbers it from its neighbours) counts as the number between them (决算 seed 2210's 04: 一、
    and 三、 from strokes around it). A numeral whose `、` was not found apart stands between two
    labels numbered otherwise."""
    from ingest.scanned import _DROPPED_NUMERAL, _numbered  # (it imports this)

    read = {(id(line), k): numeral for line, k, numeral in found}
    # (x0 of the numeral, top, value, numbered for certain) of every label numbered, read or from
    # strokes; value None for one whose numeral alone was lost
    numerals: list[tuple[float, float, int | None, bool]] = []
    for line in lines:
        for k, w in enumerate(line.words):
            if (key := (id(line), k)) in read:
                numerals.append((read[key].x0, w.top, read[key].value, read[key].marked))
            elif (numbered := _numbered(w.text)) is not None and numbered[0] == "、":
                numerals.append((w.x0, w.top, numbered[1], True))
            elif w.text.startswith("、") and _DROPPED_NUMERAL.match(w.text):
                numerals.append((w.x0, w.top, None, True))
    for numeral in read.values():
        column = sorted((n for n in numerals if abs(n[0] - numeral.x0) <= _SAME_COLUMN), key=lambda n: n[1])
        values: list[int] = []
        for i, (_, _, value, certain) in enumerate(column):
            if value is None and not values:
                return False  # (the column's first label: no number before it to count from)
            if not certain and not (0 < i < len(column) - 1 and column[i - 1][3] and column[i + 1][3]):
                return False  # (no numbered label above it and below it)
            values.append(values[-1] + 1 if value is None else value)
        if any(b != a + 1 for a, b in itertools.pairwise(values)):
            return False
    return True
