"""Printed amounts recognition lost: ink in a table's row where no text was read.

Detection may miss a small box altogether (a lone `0` in 09's last cell, scored nothing): the row
is then read without that amount, and a report published so would be incomplete, silently. On a
recognised table page every row of a table is looked at across the table's columns: ink there
that no recognised box covers and that is no ruling line, as much as a digit leaves in a
character's width, is a printed amount lost, and the report is quarantined.

A lone `0` read as a letter (`O`, `〇`) would be dropped as a speck, its row published one amount
short and its cell then judged as text: it is read as the 0 it stands for, doubtful
(`zeros_read_as_letters`), so that its amount is taken only once a finer reading confirms it.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

import cv2
import numpy as np

from ingest.base import looks_like_amount
from ingest.layout import ROW_NUMBER, Line, Rule, VRule, Word
from ingest.ocr_repair import ROW_COUNT_LEAST, row_count, row_number_columns_of
from ingest.scanimage import rules_across

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage
    from ingest.records import Amount, ParsedDocument

# Ink pixels (150 dpi) within one character's width from which a digit is taken to be printed
# there (a `0` at 7 pt leaves some 40, a thin `1` over 20; a speck of dust at most 9, blurred a few
# more: specks lie apart, so a character's width rarely gathers this much of them).
_INK_OF_A_DIGIT = 20
# Points kept off a column's borders and a row's edges: the rules' gray fringe, not ink printed
# in the cell.
_FRINGE = 1.0
# A digit is at least this part of its line's height tall (a `0` at 7 pt: 15 of a 28-pixel row).
_DIGIT_HEIGHT = 0.35
# Above this share of ink a box is no blank paper with print on it (printed digits fill some 10%
# of their cell; uneven light left as ink half of it).
_MAX_INK_SHARE = 0.25
# The characters of a number, and the points beside a number's character boxes its own ink reaches.
_NUMBER_CHARS = "0123456789.,-"
# A blot smaller than this (pixels) is a speck; a box with more specks than `_MAX_SPECKS` is noise
# where specks touching one another make blots of a digit's size: not judged.
_SPECK = 8
_MAX_SPECKS = 10
_NUMBER_FRINGE = 1.5
# Points either side of a row rule's centre that its gray fringe reaches (a rule 1–3 pixels dark,
# a pixel row or two half dark beside it).
_RULE_FRINGE = 2.5
_RULE_INK = 3.5


@dataclass(frozen=True, slots=True)
class LostInk:
    """Where ink lies in a table's row that recognition read as no text."""

    table_code: str
    page: int
    line: str
    x0: float
    x1: float
    top: float = 0.0  # (the line's band)
    bottom: float = 0.0


def ink_read_as_nothing(doc: ParsedDocument, pages: dict[int, RecognisedPage]) -> LostInk | None:
    """The first row of a table on a recognised page with ink across its columns that no
    recognised box covers, if any (see the module's docstring); or a number read again from a
    lost cell's ink (`scan_recover`) that the tables read anew took as no amount: its ink is
    covered by its characters now, but no amount holds it."""
    by_page: dict[tuple[int, str], list[Amount]] = defaultdict(list)
    for table in doc.tables:
        for amount in table.amounts:
            if amount.page in pages:
                by_page[(amount.page, table.table_code)].append(amount)
    if (unplaced := _recovered_in_no_amount(by_page, pages)) is not None:
        return unplaced
    for (number, code), amounts in sorted(by_page.items()):
        page = pages[number]
        ink = page.ink_mask()
        if ink is None:
            continue
        row_numbers = row_number_columns(page.lines)
        left = min(a.column_x0 if a.column_x0 is not None else a.x0 for a in amounts)
        top, bottom = min(a.top for a in amounts), max(a.bottom for a in amounts)
        for line in page.lines:
            centre = (line.top + line.bottom) / 2
            if not top <= centre <= bottom and not (centre > bottom and _in_the_grid(page, line, bottom)):
                continue
            right = _table_right(page, line, max(a.x1 for a in amounts))
            if (found := _unread_ink(page, ink, line, left, right, row_numbers)) is not None:
                return LostInk(code, number, line.text[:60], *found, line.top, line.bottom)
        for above, below in itertools.pairwise(sorted(page.lines, key=lambda x: x.top)):
            # (a tall row's amounts printed lower than its label, their line lost whole: their ink
            # lies between the label's line and the next, in no line's band. 决算 seed 2019:
            # `2150703 | 机关服务` read, its `126.00 | 126.00` not at all)
            height = above.bottom - above.top
            if below.top - above.bottom < _TALL_GAP * height or not top <= above.bottom <= bottom:
                continue
            middle = (above.top + above.bottom) / 2, (below.top + below.bottom) / 2
            gap = Line(above.page, [Word("", left, left, *middle)])
            right = _table_right(page, gap, max(a.x1 for a in amounts))
            if (found := _unread_ink(page, ink, gap, left, right, row_numbers, height)) is not None:
                where = f"{BETWEEN_LINES}'{above.text[:25]}' and '{below.text[:25]}'"
                return LostInk(code, number, where, *found, *middle)
    return None


# A gap between two lines this many times a line's height or more is looked at as a row of its own.
_TALL_GAP = 0.5
# How a lost cell between two lines names where it lies (`scan_recover` reads those apart).
BETWEEN_LINES = "between "
# The key `scan_recover` marks the characters of a number it read again from a lost cell with.
RECOVERED = "recovered"


def _in_the_grid(page: RecognisedPage, line: Line, bottom: float) -> bool:
    """A line below a table's last amount read that its column rules still cross (two at least,
    running from the table's rows down across the line): a row of the table whose amounts were
    all lost (its last rows, read as labels alone), not a line after the table."""
    return len(rules_across(page.rules, min(line.top, bottom), line.bottom)) >= 2


def _recovered_in_no_amount(
    by_page: dict[tuple[int, str], list[Amount]], pages: dict[int, RecognisedPage]
) -> LostInk | None:
    """A character `scan_recover` put into a line that no amount of the page's tables holds: the
    number read again went to no cell (taken as a label's, or dropped), so its amount would be
    published missing; its ink is reported lost again (the report quarantined)."""
    for number, page in sorted(pages.items()):
        amounts = [(code, a) for (n, code), found in by_page.items() if n == number for a in found]
        for c in page.chars:
            if not c.get(RECOVERED):
                continue
            x, y = (float(c["x0"]) + float(c["x1"])) / 2, (float(c["top"]) + float(c["bottom"])) / 2
            if any(a.x0 - 1 <= x <= a.x1 + 1 and a.top - 1 <= y <= a.bottom + 1 for _, a in amounts):
                continue
            line = next((row for row in page.lines if row.top <= y <= row.bottom), None)
            code = amounts[0][0] if amounts else "?"
            where = line.text[:60] if line is not None else ""
            return LostInk(code, number, where, float(c["x0"]), float(c["x1"]), float(c["top"]), float(c["bottom"]))
    return None


def _table_right(page: RecognisedPage, line: Line, last_amount: float) -> float:
    """The right end of the table on the line: its rightmost ruling line crossing the line, else
    the page's rightmost recognised character (an unruled table's last column ends before it)."""
    crossing = rules_across(page.rules, line.top, line.bottom)
    if crossing:
        return max(max(crossing), last_amount)
    return max((float(c["x1"]) for c in page.chars), default=last_amount)


def _unread_ink(
    page: RecognisedPage,
    ink: np.ndarray,
    line: Line,
    left: float,
    right: float,
    row_numbers: list[tuple[float, float]],
    height: float | None = None,
) -> tuple[float, float] | None:
    """(x0, x1) of a character's width of the line's band between `left` and `right` holding the
    ink of a digit where no text was recognised, else None. A ruled table is looked at cell by
    cell (between the ruling lines crossing the line): a cell none of whose recognised characters
    lies in it, or only a number's, beside them. A cell of text is not judged (a character's box
    is the recogniser's estimate, off by up to a character or two in a long box); nor, in an
    unruled table, anything within a character's height of a recognised box, nor the page's
    columns of row numbers (`row_numbers`, `row_number_columns`)."""
    top, bottom = _band(page, line, left, right)
    # (a character's height, what a digit's ink is measured by: its tallest word's, not the line's
    # span — a tall row's amount read back below its label (`scan_recover`) makes its line twice a
    # character's height, and a digit's ink then too short to count: 决算 seed 2365's 22102, its
    # second amount published missing)
    height = height or max(w.bottom - w.top for w in line.words)
    on_line = _kept([c for c in page.chars if float(c["top"]) < line.bottom and float(c["bottom"]) > line.top], page)
    borders = rules_across(page.rules, top, bottom)
    fragments = _column_rules(page, top, bottom) + row_numbers
    if len(borders) < 2:
        read = [(float(c["x0"]) - height, float(c["x1"]) + height) for c in on_line] + fragments
        return _glyph(ink, page.scale, (left, right, top, bottom), read, height)
    for a, b in itertools.pairwise(borders):
        if b <= left or a >= right + _FRINGE:
            continue
        inside = [c for c in on_line if a < (float(c["x0"]) + float(c["x1"])) / 2 < b]
        if any(c["text"] not in _NUMBER_CHARS for c in inside):
            continue  # (text: its boxes are too rough to tell its ink from a lost amount's)
        # (a number's characters are boxed closely: ink beside them is what detection lost of it,
        # `267` read of 267.34)
        read = [(float(c["x0"]) - _NUMBER_FRINGE, float(c["x1"]) + _NUMBER_FRINGE) for c in inside]
        if inside:
            # (the boxes of a number's characters may lie a few points right of its ink: its head
            # lost is judged elsewhere, `ocr_ends.ink_before_number`)
            read.append((float(inside[0]["x0"]) - height, float(inside[0]["x0"])))
        read += fragments
        if (
            found := _glyph(ink, page.scale, (a + 2 * _FRINGE, b - 2 * _FRINGE, top, bottom), read, height)
        ) is not None:
            return found
    return None


# A column of row numbers (行次): whole numbers of one or two digits, their left edges aligned
# (`ocr_repair.row_number_columns_of`), increasing down the page and stepping by one at least
# `_ROW_NUMBER_STEPS` times.
_ROW_NUMBER_STEPS = 3


def row_number_columns(lines: list[Line]) -> list[tuple[float, float]]:
    """(x0, x1) of each column of row numbers on the page (行次 `1 | 2 | 3 …` down a 收支总表): ink
    there that recognition lost is a row's number (`40` between `39` and `41`), no amount — a
    table prints none in its 行次 column. A column counts where its numbers increase down the page,
    by one at least `_ROW_NUMBER_STEPS` times, or where `ROW_COUNT_LEAST` of them count by their
    place in it however many others were misread (`ocr_repair.row_count`: 决算 seed 2426's 04,
    `50 | 51 | 52 | 3 | 54 | 5 | 56 …`, two-digit numbers read one digit short, and `63` lost
    whole taken for an amount's ink); its span is its numbers' boxes'."""
    return [(min(w.x0 for w in c) - _FRINGE, max(w.x1 for w in c) + _FRINGE) for c in _row_number_columns(lines)]


def _row_number_columns(lines: list[Line]) -> list[list[Word]]:
    """The words of each column of row numbers on the page, top to bottom (`row_number_columns`)."""
    numbers = [w for line in lines for w in line.words if ROW_NUMBER.fullmatch(w.text)]
    columns = []
    for column in row_number_columns_of(numbers):
        steps = list(itertools.pairwise(int(w.text) for w in column))
        counting = all(b > a for a, b in steps) and sum(b == a + 1 for a, b in steps) >= _ROW_NUMBER_STEPS
        if counting or row_count(column)[1] >= ROW_COUNT_LEAST:
            columns.append(column)
    return columns


# A 行次 column's header cell as recognised: whole, or a character a line (`行` over `次`).
_ROW_NUMBER_HEADS = ("行次", "行", "次")


def row_number_heads_put_back(pages: list[list[Line]]) -> None:
    """A column of row numbers (`row_number_columns`) with nothing read above it up to its table's
    header, on a page whose header prints another 行次 cell (a 收支总表's two halves), gets its
    header cell back: a word `行次` over the column's span on the line of that other cell
    (决算 seed 2472's 04: the 支出 half's `行 | 次` lost to detection, its numbers then read into
    the labels, `一、一般公共服务支出33`). Anything else stays as read."""
    for lines in pages:
        for column in _row_number_columns(lines):
            x0, x1, top = min(w.x0 for w in column), max(w.x1 for w in column), column[0].top
            heads = [x for x in lines if x.bottom <= top and any(w.text in _ROW_NUMBER_HEADS for w in x.words)]
            if not heads:
                continue
            head = min(heads, key=lambda line: line.top)
            above = [w for line in lines if head.top <= line.top and line.bottom <= top for w in line.words]
            if any(w.x0 < x1 + _FRINGE and w.x1 > x0 - _FRINGE for w in above):
                continue
            head.words = sorted([*head.words, Word("行次", x0, x1, head.top, head.bottom)], key=lambda w: w.x0)


def _kept(chars: list[dict], page: RecognisedPage) -> list[dict]:
    """The characters a word of the page's lines still holds: not those of a word the repairs
    dropped as noise (a lone letter, 预算 seed 2033's `m` read of a lone `3`), which would shield
    their cell as a cell of text while its amount goes missing."""
    if not chars:
        return chars
    low, high = min(float(c["top"]) for c in chars), max(float(c["bottom"]) for c in chars)
    words = [w for x in page.lines if x.top < high and x.bottom > low for w in x.words]
    return [
        c
        for c in chars
        if any(
            w.x0 - 1 <= (float(c["x0"]) + float(c["x1"])) / 2 <= w.x1 + 1
            and w.top - 1 <= (float(c["top"]) + float(c["bottom"])) / 2 <= w.bottom + 1
            for w in words
        )
    ]


def _band(page: RecognisedPage, line: Line, left: float, right: float) -> tuple[float, float]:
    """(top, bottom) of the line's band between `left` and `right` without the row rules above
    and below it and their gray fringe, a pixel row or two that is not dark across: no ink of the
    cell."""
    top, bottom = line.top + _FRINGE, line.bottom - _FRINGE
    centre = (line.top + line.bottom) / 2
    for rule in page.rules:
        if (
            isinstance(rule, Rule)
            and rule.x0 < right
            and rule.x1 > left
            and abs(rule.y - centre) < line.bottom - centre + 3
        ):
            if rule.y < centre:
                top = max(top, rule.y + _RULE_FRINGE)
            else:
                bottom = min(bottom, rule.y - _RULE_FRINGE)
    return top, bottom


def _column_rules(page: RecognisedPage, top: float, bottom: float) -> list[tuple[float, float]]:
    """(x0, x1) of the ink and fringe of each column rule, whole or a piece of it, within the band
    from `top` to `bottom`: no ink of a cell (a rule's position is its centre as found, its ink up
    to a point or two either side)."""
    return [
        (r.x - _RULE_INK, r.x + _RULE_INK)
        for r in page.rules
        if isinstance(r, VRule) and r.top < bottom and r.bottom > top
    ]


def _glyph(
    ink: np.ndarray,
    scale: float,
    box: tuple[float, float, float, float],
    read: list[tuple[float, float]],
    height: float,
) -> tuple[float, float] | None:
    """(x0, x1) of a blot of ink in the box (x0, x1, top, bottom; points) outside the x-spans
    `read` as tall as a digit of a line `height` high and as heavy, else None. A speck is smaller
    (5 pixels high at most), a dash or a rule's fringe flat; a box where uneven light left ink
    all over is not judged."""
    x0, x1, top, bottom = box
    first = max(int(x0 / scale), 0)
    region = ink[max(int(top / scale), 0) : max(int(bottom / scale), 0), first : max(int(x1 / scale), 0)].copy()
    if region.size == 0:
        return None
    for left, right in read:
        region[:, max(int(left / scale) - first, 0) : max(int(right / scale) + 1 - first, 0)] = False
    count, _, stats, _ = cv2.connectedComponentsWithStats(region.astype(np.uint8), connectivity=8)
    if region.mean() > _MAX_INK_SHARE and any(int(stats[i][2]) > 2 * height / scale for i in range(1, count)):
        # (a cell darkened all over, uneven light taken for ink, tells nothing; but digits alone
        # fill a band cut tight by its row rules as much: 决算 seed 2011's `275.13`, 32%, was
        # published missing when any cell that dark went unjudged)
        return None
    if sum(int(stats[i][4]) < _SPECK for i in range(1, count)) > _MAX_SPECKS:
        return None  # (a cell strewn with specks, noise that joins into blots of a digit's size)
    for i in range(1, count):
        left, _, width, tall, area = (int(v) for v in stats[i])
        digit_like = _DIGIT_HEIGHT * height / scale <= tall and width <= 2 * height / scale
        if digit_like and area >= _INK_OF_A_DIGIT:
            return x0 + left * scale, x0 + (left + width) * scale
    return None


def zeros_read_as_letters(pages: list[RecognisedPage]) -> None:
    """A word of one letter that is a look-alike of 0 (recognition.yaml `digit_lookalikes`: `O`,
    `〇`, `o` …) on a line of amounts, over a blot of ink as tall and heavy as a digit, is a printed
    0 read as a letter (决算 seed 2028's 09 row, `0` read `O`): it is read as `0`, its character's
    confidence lowered to `repaired_confidence`, so that its amount is re-read from a finer image
    and taken only if read so again (scan_amounts.check_confidence). Dropped as a speck instead
    (ocr_repair.repair_labels), its row would be published one amount short."""
    from ingest.ocr_chars import recognition  # (kept lazy: ocr imports this module)

    vocabulary = recognition()
    zeros = {ch for ch, digit in vocabulary.lone_digit_lookalikes.items() if digit == "0"}
    for page in pages:
        ink = page.ink_mask()
        if ink is None:
            continue
        for line in page.lines:
            if not any(looks_like_amount(w.text) or w.text.isdigit() for w in line.words):
                continue
            for k, w in enumerate(line.words):
                if w.text not in zeros:
                    continue
                top, bottom = _band(page, line, w.x0, w.x1)
                box = (w.x0 - _FRINGE, w.x1 + _FRINGE, top, bottom)
                if _glyph(ink, page.scale, box, _column_rules(page, top, bottom), line.bottom - line.top) is None:
                    continue  # (no digit's ink there: a speck read as a letter, dropped as one)
                line.words[k] = Word("0", w.x0, w.x1, w.top, w.bottom)
                for c in page.chars:
                    if (
                        c["text"] == w.text
                        and w.x0 <= (c["x0"] + c["x1"]) / 2 <= w.x1
                        and w.top <= (c["top"] + c["bottom"]) / 2 <= w.bottom
                    ):
                        c["text"] = "0"
                        c["confidence"] = min(float(c["confidence"]), vocabulary.repaired_confidence)


def describe(lost: LostInk) -> str:
    return (
        f"table {lost.table_code}: ink at x {lost.x0:.0f}–{lost.x1:.0f} of the row '{lost.line}' was read as no "
        "text (a printed amount recognition lost): not read with certainty"
    )
