"""A printed amount detection lost, read again from its cell.

Detection may miss a small box altogether (a lone `0` of 09, scored nothing): `scan_lost` finds
its ink and quarantines the report; so may it miss the end of a number (`267` of 267.34). The
band of the page at that line is recognised again from a finer image, where detection has more
pixels to go by. One text box found inside the ink's cell (between the column rules crossing its
line), over the ink, in an amount's printed form and read with confidence (or, scored lower, read
alike by the second recogniser, another model: a lone `0`), over no word of the
line or over one number only of which it is the whole (`267.34` over `267`), is the amount lost:
it is put into its line as a word (for that number), its characters marked doubtful, and the
table logic runs again (ingest/parser.py). Its amount is then re-read from its box alone
(`scan_amounts.check_confidence`: a doubtful amount needs a second reading that gives it back), so
a recovered amount is read twice at the finer resolution, independently, before it is taken.
Where the band's detection finds nothing there again, or no amount (a lone `7` read `N`), the
ink's own stretch of its cell is read alone by both models, and taken where they read it alike.
Anything else leaves the report quarantined.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pdfplumber

from ingest.layout import Rule, Word
from ingest.number_forms import AMOUNT_FORM
from ingest.ocr import recognition, reread_boxes_in_band
from ingest.ocr_second import reread_amount
from ingest.scan_lost import BETWEEN_LINES, RECOVERED
from ingest.scan_votes import read_by_both
from ingest.scanimage import rules_across

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage
    from ingest.scan_lost import LostInk
    from ingest.scanned import Recognised

# How many lost cells one report may have read again (each costs a finer reading of a band and
# a run of the table logic): more, and the scan is too poor to be read by patching it.
MAX_RECOVERED_CELLS = 12
# Points kept off a column rule's centre where a cell is read alone: its ink stays out.
_OFF_RULE = 1.5
# Points above a row rule's centre that its gray fringe reaches.
_RULE_FRINGE = 2.5


def recover_lost_cell(path: Path, recognised: Recognised, lost: LostInk) -> bool:
    """Put back into its line the amount whose ink `lost` found, read again from a finer image of
    its line's band (see the module's docstring). True when it was put back."""
    page = recognised.pages.get(lost.page)
    if page is None:
        return False
    centre = (lost.top + lost.bottom) / 2
    line = next((x for x in page.lines if x.top <= centre <= x.bottom and x.text[:60] == lost.line), None)
    if line is None and lost.line.startswith(BETWEEN_LINES):
        return _recover_between_lines(path, page, lost)
    if line is None:
        return False
    if (read := _amount_in_cell(path, page, lost, line.top, line.bottom)) is None:
        return False
    text, score, x0, x1 = read
    top, bottom = line.top, line.bottom
    covered = [w for w in line.words if w.x0 < x1 and w.x1 > x0]
    if covered and not (len(covered) == 1 and _part_of(covered[0].text, text)):
        return False  # (over other words: no reading of the lost ink alone)
    if covered:
        # (the rest of a number detection cut short, `267` of 267.34: the number read whole)
        x0, x1 = min(x0, covered[0].x0), max(x1, covered[0].x1)
    kept = [w for w in line.words if w not in covered]
    line.words = sorted([*kept, Word(text, x0, x1, top, bottom)], key=lambda w: w.x0)
    _doubtful_chars(page, text, score, x0, x1, top, bottom)
    return True


def _amount_in_cell(
    path: Path, page: RecognisedPage, lost: LostInk, top: float, bottom: float
) -> tuple[str, float, float, float] | None:
    """(text, score, x0, x1) of the one text box a finer reading of the band from `top` to `bottom`
    finds inside the lost ink's cell and over its ink, in an amount's printed form and scored at
    least `second_look_below`, or scored lower and read alike by the second recogniser around it
    (a lone `0` scores low at any resolution: 预算 seed 2065, 0.75). Where the band gives no such
    box (a lone `7` lost again, or read `N`: 预算 seed 2260), the cell alone read by both models
    alike (the ink's box, a character's height wider either side within the cell: the first's
    from a finer image, the one number the second's boxes hold: `7.`, a speck beside it read as a
    point, is 7), over that box. None for anything else (two boxes, another form, the models
    differing). Either way the amount is read again from its own box
    before it is taken (the module's docstring)."""
    left, right = _cell(page.rules, lost, top, bottom)
    with pdfplumber.open(path) as pdf:
        image_page = pdf.pages[lost.page - 1]
        found = reread_boxes_in_band(image_page, page.skew, (left, top, right, bottom))
        inside = [b for b in found if b[2] >= left - 1.0 and b[3] <= right + 1.0 and b[2] < lost.x1 and b[3] > lost.x0]
        if len(inside) == 1 and AMOUNT_FORM.fullmatch(inside[0][0]):
            text, score, x0, x1 = inside[0]
            if score >= recognition().second_look_below or reread_amount(
                image_page, page.skew, (x0, top, x1, bottom)
            ) == [text]:
                return text, score, x0, x1
        if len(inside) > 1:
            return None
        # (the ink and a character's height either side, within its cell: the second model reads
        # nothing of a lone digit in a cell's breadth of blank paper)
        height = bottom - top
        box = (max(left + _OFF_RULE, lost.x0 - height), top, min(right - _OFF_RULE, lost.x1 + height), bottom)
        read = read_by_both(image_page, page.skew, box)
    # (the box read, not the ink's span alone: the amount is read again from its box before it is
    # taken, and a box of a stroke's width is nothing to the second model)
    return (*read, box[0], box[2]) if read is not None else None


def _doubtful_chars(
    page: RecognisedPage, text: str, score: float, x0: float, x1: float, top: float, bottom: float
) -> None:
    """The characters of a number read again put among the page's, doubtful and marked as
    recovered (`scan_lost` then checks that an amount holds them)."""
    vocabulary = recognition()
    # (doubtful whatever its score: taken only once its box alone gives it back)
    confidence = min(score, vocabulary.repaired_confidence)
    width = (x1 - x0) / len(text)
    page.chars.extend(
        {"text": ch, "x0": x0 + i * width, "x1": x0 + (i + 1) * width, "top": top, "bottom": bottom,
         "upright": True, "confidence": confidence, RECOVERED: True}
        for i, ch in enumerate(text)
    )  # fmt: skip


def _recover_between_lines(path: Path, page: RecognisedPage, lost: LostInk) -> bool:
    """The amount whose ink `scan_lost` found between two lines (a tall row's amount printed
    lower than its label, its line lost whole) read again from a finer image of the band between
    the two lines' centres, as a lost cell's (one box inside the cell, over the ink, an amount's
    form, scored with confidence), and put into its row: the one line between the row rules
    around the ink, which must have nothing at that place. Its box is the ink's own (its
    characters' rows in the gap), so that the box alone can be read again. Without row rules
    around it, or with another line in that row or a word at that place, nothing is put back."""
    middle = (lost.top + lost.bottom) / 2
    across = [r.y for r in page.rules if isinstance(r, Rule) and r.x0 < lost.x1 and r.x1 > lost.x0]
    above = max((y for y in across if y < middle), default=None)
    below = min((y for y in across if y > middle), default=None)
    if above is None or below is None:
        return False
    rows = [x for x in page.lines if above < (x.top + x.bottom) / 2 < below]
    if len(rows) != 1:
        return False
    line = rows[0]
    if (read := _amount_in_cell(path, page, lost, lost.top, lost.bottom)) is None:
        return False
    text, score, x0, x1 = read
    if any(w.x0 < x1 and w.x1 > x0 for w in line.words):
        return False  # (its row has a word there: the ink is no lost cell of it)
    # (the row rule below and its gray fringe are no ink of the number)
    ink = _ink_rows(page, x0, x1, max(line.bottom, lost.top), min(lost.bottom, below - _RULE_FRINGE))
    if ink is None:
        return False
    top, bottom = ink
    line.words = sorted([*line.words, Word(text, x0, x1, top, bottom)], key=lambda w: w.x0)
    _doubtful_chars(page, text, score, x0, x1, top, bottom)
    return True


def _ink_rows(page: RecognisedPage, x0: float, x1: float, top: float, bottom: float) -> tuple[float, float] | None:
    """(top, bottom) in points of the rows of the page's ink between x0 and x1 from `top` to
    `bottom`, a point of margin each side; None without ink there."""
    ink = page.ink_mask()
    if ink is None:
        return None
    scale = page.scale
    first = max(int(top / scale), 0)
    region = ink[first : max(int(bottom / scale), 0), max(int(x0 / scale), 0) : max(int(x1 / scale) + 1, 0)]
    rows = np.flatnonzero(region.any(axis=1)) if region.size else np.array([], dtype=int)
    if rows.size == 0:
        return None
    return max((first + int(rows[0])) * scale - 1.0, top), min((first + int(rows[-1]) + 1) * scale + 1.0, bottom)


def _cell(rules: list, lost: LostInk, top: float, bottom: float) -> tuple[float, float]:
    """(left, right) of the cell holding the lost ink: between the column rules crossing the line
    either side of it; without a rule on a side, two characters' height from the ink."""
    height = bottom - top
    borders = rules_across(rules, top, bottom, slack=1.0)
    left = max([x for x in borders if x <= lost.x0], default=lost.x0 - 2 * height)
    right = min([x for x in borders if x >= lost.x1], default=lost.x1 + 2 * height)
    return max(left, lost.x0 - 4 * height), min(right, lost.x1 + 4 * height)


def _part_of(read: str, whole: str) -> bool:
    """`read` is what detection kept of the number `whole`: its head or its tail, shorter."""
    return len(read) < len(whole) and (whole.startswith(read) or whole.endswith(read))
