"""The second recogniser's reading of a document's recognised 绩效 pages (ingest/performance/
scanned.py compares it with the first's): each page read whole by `ocr_second.read_page`, cut into
words at the cell borders the first reading found, with what that reading is known to get wrong
at a page's resolution put right the way the first's words are (a header's lost first stroke, a
speck read as a point, a lone mark), and the first's words it lost found again where it reads
them from a finer image."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, NamedTuple

import pdfplumber

from ingest.layout import Line, VRule, Word, group_lines
from ingest.ocr import RecognisedPage, box_words, finer_bands, join_text_boxes
from ingest.ocr_repair import drop_specks, title_end_specks_dropped, with_first_stroke
from ingest.ocr_second import around, read_page, reread_boxes
from ingest.performance.values import BLANK_MARKS
from ingest.scan_marks import two_bars
from ingest.scanned import Recognised, performance_titles_read_back


class SecondReading(NamedTuple):
    """The second recogniser's reading of a document's recognised 绩效 pages."""

    lines: dict[int, list[Line]]  # page number -> its lines, cut into words at the cell borders
    chars: dict[int, list[dict[str, Any]]]  # page number -> its characters (text, box, confidence)


def second_lines(pdf: pdfplumber.PDF, recognised: Recognised, numbers: set[int]) -> SecondReading:
    """The lines of each recognised page in `numbers` as the second recogniser reads it, cut into
    words at the cell borders the first reading found (as its own words are), and its characters."""
    out, chars = {}, {}
    for n in sorted(numbers):
        page = recognised.pages[n]
        borders = [r for r in page.rules if isinstance(r, VRule)]
        boxes = read_page(pdf.pages[n - 1], page.skew)
        chars[n] = [c for box in boxes for c in box]
        words = [_speck_point_dropped(_with_first_stroke(w)) for box in boxes for w in box_words(box, borders)]
        words += _lost_by_second(pdf.pages[n - 1], page, words)
        out[n] = [join_text_boxes(line, borders) for line in group_lines(n, words)]
        drop_specks(out[n])  # (as from the first's: a lone `"` under a header line, 湖北 seed 84)
    performance_titles_read_back(list(out.values()))  # (both misread a title's `目` as `自` alike)
    return SecondReading(out, chars)


def _lost_by_second(pdf_page: pdfplumber.page.Page, page: RecognisedPage, seconds: list[Word]) -> list[Word]:
    """The first reading's words no word of the second's lies over (a lone `10` under 分值, a `0`
    under 得分: the second's reading of a whole page loses some), each where the second recogniser,
    reading its box again from a finer image (within its cell's borders), reads the first's text
    there: then both read it; or, a `=` alone (an operator's own cell, 目标表 seed 67: the second
    loses it, from the finer image too), where its ink is two bars (`scan_marks.two_bars`). A
    blank's mark is not (`--` read `一` by the first: the second reading nothing there does not
    tell what is printed)."""
    lost = [
        w
        for line in page.lines
        for w in line.words
        if w.text.strip() not in BLANK_MARKS and not any(_over(w, other) for other in seconds)
    ]
    if not lost:
        return []
    borders = sorted(r.x for r in page.rules if isinstance(r, VRule))
    boxes = []
    for w in lost:
        x0, top, x1, bottom = around((w.x0, w.top, w.x1, w.bottom))
        left = max((x for x in borders if x <= w.x0), default=x0)
        right = min((x for x in borders if x >= w.x1), default=x1)
        boxes.append((max(x0, left), top, min(x1, right), bottom))
    texts = reread_boxes(pdf_page, boxes, page.skew)
    return [
        dataclasses.replace(w)
        for w, box, found in zip(lost, boxes, texts, strict=True)
        if found == [w.text] or (w.text == EQUALS and two_bars(finer_bands(pdf_page, [box], page.skew)[0]))
    ]


EQUALS = "="


def _with_first_stroke(word: Word) -> Word:
    """The word with the thin first stroke the recogniser loses at a box's start put back
    (`级指标` of a header's 一级指标: `ocr_repair.with_first_stroke`), and without specks read after
    a table's title (`…项目绩效自评表…`, 自评表 seed 68: its table then taken for the page
    before's), as the first's words have it (`ocr_repair.repaired_label`)."""
    text = title_end_specks_dropped(with_first_stroke(word.text))
    return word if text == word.text else dataclasses.replace(word, text=text)


def _over(word: Word, other: Word) -> bool:
    """Whether `other` lies over `word`: their boxes overlap, `other`'s middle within `word`'s height."""
    return other.x0 < word.x1 and word.x0 < other.x1 and word.top <= (other.top + other.bottom) / 2 <= word.bottom


# A point before a number's first digit, at a word's start or after a comparison sign (`.20`,
# `.1428人`, `=.100次`), or inside a text with no digit beside it and a full-width character on
# one side (`指标4：.服务对象`): the second recogniser reads a speck there as a point (from the
# finer image too), where the first reads nothing. (Not at a text's end: `完成.` may be printed.)
_HEADLESS = re.compile(
    r"(?:^|(?<=[=≥≤<>]))\.(?=\d)|(?<=[^\x00-\x7f])\.(?=[^\d])|(?<=[^\d])\.(?=[^\x00-\x7f])|^\.(?=[^\x00-\x7f])"
)
# Other specks the second reads as marks no 绩效 cell prints so: a hyphen or a middle dot after a
# full-width punctuation mark before an ideograph (`疫情影响，-部分`, 自评表 seed 86; `指标7：·工单`,
# 自评表 seed 30), a star before a number at a text's start (`*500元/户/年`, 湖北 seed 87).
_SPECK_MARKS = re.compile(r"(?<=[，。；：、])[-·•](?=[\u4e00-\u9fff])|^\*(?=\d)")


# A number with points between three or more groups of digits, one before the last of three
# digits or more (`2495.142.80`; an outline's `1.2.3` has none so long).
_POINTS = re.compile(r"(?=[\d.]*\d{3}[\d.]*\.\d+$)\d+(?:\.\d+){2,}")


def _speck_point_dropped(word: Word) -> Word:
    """A word with a point before a number's first digit (`.20`, `.1428人`, `=.100次`) or between
    letters of a text (`：.服务`) without that point: no 绩效 cell prints a number so (`0.5`,
    never `.5`), nor a point so; a number read with two points or more without all but its last
    (`2495.142.80` of 2495142.80, 自评表 seed 64: a number has one decimal point, its last, and
    groups its thousands with commas if at all); nor other speck marks (`_SPECK_MARKS`: `，-部分`,
    `*500元`). What is left is then compared with the first
    reading as any other (a `2.5` whose `2` was lost reads `5` and is not published)."""
    text = _SPECK_MARKS.sub("", _HEADLESS.sub("", word.text))
    if _POINTS.fullmatch(text):
        head, _, tail = text.rpartition(".")
        text = f"{head.replace('.', '')}.{tail}"
    return word if text == word.text else dataclasses.replace(word, text=text)
