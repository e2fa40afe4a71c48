"""A row label's printed start that recognition lost whole, told by the ink before it.

The recogniser may drop a label's enumeration whole (`一、 一般公共预算财政拨款` read
`一般公共预算财政拨款`) where every label of its column lost it alike, so no sequence
(`scanned.restore_enumeration`) says what is missing; the label then matches a known row and would
be published without what is printed before it. Its character boxes alone do not tell: they
start up to a character and a half right of their ink where a label was read whole. The ink does:
a label's characters are set at one pitch, so the run of ink that holds a label (blank gaps within
it narrower than a character) is as wide as the text read of it; ink reaching characters further
left than the text read there accounts for, and a character or more left of the label's box, is
print that was not read.

The pitch is the page's own (labels of the page read into runs of ink alone, their width per
character, the median; a page of a few labels takes the document's, measured so on all its
recognised pages), so type size and the scan's resolution need no constant. Only the start
is judged: the run is followed no further than a quarter of the box's height past the label's box
(a blot after a label is none of it), and a speck the box takes in at the label's end leaves the
run's start where the box has it.
"""

from __future__ import annotations

import re
import statistics
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ingest.layout import CJK, Line, Rule, Word, one_ruled_row
from ingest.records import Amount
from ingest.scanimage import ink_run, rules_across
from ingest.text import parse_amount

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage

# Characters of print before a label that its text read does not account for: `一、` lost is
# about two (and a space set after it, more); a label read whole measures within half a
# character of none.
LOST_CHARACTERS = 1.3
# A word that begins as a row label does: a name, or its enumeration (`、` left of a lost numeral).
_LABEL_START = re.compile(rf"[、（(]|{CJK.pattern}")
# Labels a page needs, read into runs of ink alone, for its pitch to be measured; with fewer than
# `_OWN_PITCH`, the document's labels on all its recognised pages measure it.
_PITCH_SAMPLES = 3
_OWN_PITCH = 8
# Blank gaps a run of a label's ink is followed across (in the label's box heights, some 1.4
# characters): as wide as the blank after `、` and a space.
_GAP = 1.0
# A speck at a run's end is no character: ink narrower than this (box heights) set apart from the
# rest by a blank at least as wide.
_SPECK = 0.2
# How far past its box (in box heights) a label's run of ink is followed.
_PAST_BOX = 0.25
# Ink before a label: at least this much of a character's width inked (a speck is less).
_INKED = 0.6


def text_width(text: str) -> float:
    """A text's width in characters of the label's type: a CJK character or full-width mark one,
    a digit or Latin letter about half of one."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _run(page: RecognisedPage, ink: np.ndarray, word: Word) -> list[tuple[float, float]]:
    """The spans of the run of ink holding `word`, within its cell's rules and no further right
    than a little past its box (a label read whole ends where its box does or before: ink beyond
    is a speck's or a mark's, 决算 seed 2061 `其他科技重大项目 ·`), without a speck at either end."""
    height = word.bottom - word.top
    rules = rules_across(page.rules, word.top, word.bottom, 1.0)
    # (a rule up to a point inside the box bounds it too: a box taking in a speck before the label
    # may reach onto its cell's rule, 决算 seed 2215's `·印刷费`, and the run then ran on through
    # the rule into the code's cell)
    left = max([x for x in rules if x < word.x0 + 1.0] or [word.x0 - 6 * height]) + 1.5
    right = min([x for x in rules if x > word.x1 + 1.0] or [word.x1 + height]) - 1.5
    box = (word.x0, word.x1, word.top, word.bottom)
    spans = ink_run(ink, page.scale, box, (left, right), _GAP * height, stop=word.x1 + _PAST_BOX * height)
    while len(spans) > 1 and _speck(spans[-1], spans[-2], height):
        spans.pop()
    while len(spans) > 1 and _speck(spans[0], spans[1], height):
        spans.pop(0)
    return spans


def _speck(end: tuple[float, float], neighbour: tuple[float, float], height: float) -> bool:
    blank = max(neighbour[0] - end[1], end[0] - neighbour[1])
    return end[1] - end[0] < _SPECK * height <= blank


def pitch_samples(page: RecognisedPage, ink: np.ndarray, labels: list[tuple[Line, Word]]) -> list[float]:
    """Points per character of each of the page's labels read into a run of ink (`page.ink_mask()`,
    unpacked once by the caller) that holds it and nothing else read (labels of four characters
    or more): the page's pitch is their median."""
    pitches = []
    for line, word in labels:
        if text_width(word.text) < 4 or not (spans := _run(page, ink, word)):
            continue
        if [w for w in line.words if w.x1 > spans[0][0] and w.x0 < spans[-1][1]] == [word]:
            pitches.append((spans[-1][1] - spans[0][0]) / text_width(word.text))
    return pitches


def unread_before(page: RecognisedPage, ink: np.ndarray, line: Line, word: Word, pitch: float) -> float:
    """Characters of ink before `word` (a label of `line`) that no text read accounts for: the
    run holding it reaches further left than its text (and the words read before it in the run,
    a code printed in the label's cell) would, set at `pitch` back from the run's right end; 0
    where that ink is a speck's (less than `_INKED` of a character inked), or where the run does
    not reach a character left of the box (ink a speck adds at the label's end, inside its box,
    决算 seed 2035 `一般行政管理事务 ·`, leaves the start where the box has it)."""
    if not (spans := _run(page, ink, word)):
        return 0.0
    start, end = spans[0][0], spans[-1][1]
    if start > word.x0 - pitch:
        return 0.0
    before = [w for w in line.words if w.x1 > start and w.x0 < word.x0]
    # (a blank between two words read apart: half a character)
    chars = sum(text_width(w.text) for w in [*before, word]) + 0.5 * len(before)
    text_start = end - chars * pitch
    inked = sum(min(b, text_start) - a for a, b in spans if a < text_start)
    return (text_start - start) / pitch if inked >= _INKED * pitch else 0.0


@dataclass(frozen=True, slots=True)
class UnreadStart:
    """An amount whose row label has `characters` of print before it that were not read."""

    amount: Amount
    line: Line
    label: str
    characters: float


def label_with_unread_start(pages: dict[int, RecognisedPage], amounts: list[Amount]) -> UnreadStart | None:
    """The first amount (of `amounts`, on the recognised `pages`) whose row label, read on the
    amount's own line, has ink before it that its text does not account for (`LOST_CHARACTERS`
    or more; pages whose pitch cannot be measured, on themselves or across the document, are not
    judged)."""
    by_page: dict[int, list[Amount]] = {}
    for amount in amounts:
        if amount.page in pages:
            by_page.setdefault(amount.page, []).append(amount)
    looked: dict[int, tuple[np.ndarray, list[Line], list[float]]] = {}  # page -> ink, rows, pitches
    for number in sorted(by_page):
        page = pages[number]
        if (ink := page.ink_mask()) is None:
            continue
        rows = [line for line in page.lines if any(_number(w.text) for w in line.words)]
        labels = [(line, w) for line in rows for w in line.words if _LABEL_START.match(w.text)]
        looked[number] = ink, rows, pitch_samples(page, ink, labels)
    # (a page of a few labels has too few for its own pitch, and where half of them lost their
    # enumerations alike their runs widen it: the document's type, its labels on every recognised
    # page, is measured instead; 预算 seed 2142's 表4, four labels, two of them `一、`/`二、` lost,
    # its page measured at 8.3 points a character for the document's 7.4, published
    # `一般公共预算资金` without its `一、`)
    everywhere = [p for _, _, pitches in looked.values() for p in pitches]
    for number, (ink, rows, pitches) in looked.items():
        page, on_page = pages[number], by_page[number]
        samples = pitches if len(pitches) >= _OWN_PITCH else everywhere
        if len(samples) < _PITCH_SAMPLES:
            continue
        pitch = statistics.median(samples)
        judged: set[tuple[int, int]] = set()
        for amount in on_page:
            if (found := _label_of(rows, amount) or _label_above(page, rows, amount)) is None:
                continue
            line, word = found
            if (key := (id(line), id(word))) in judged:
                continue
            judged.add(key)
            if (unread := unread_before(page, ink, line, word, pitch)) >= LOST_CHARACTERS:
                return UnreadStart(amount, line, word.text, unread)
    return None


def _number(text: str) -> bool:
    return text.isdigit() or parse_amount(text) is not None


def _label_above(page: RecognisedPage, rows: list[Line], amount: Amount) -> tuple[Line, Word] | None:
    """Where the amount's own line holds no label (a tall row prints its label at the top, its
    amounts lower: 预算 seed 2192's `二、事业收入` read `事业收入`, published so), the label left of
    it on the line above that lies between the same two row rules (`layout.one_ruled_row`)."""
    centre = (amount.top + amount.bottom) / 2
    if (own := next((line for line in rows if line.top <= centre <= line.bottom), None)) is None:
        return None
    # (the line right above: lines overlap where a tall row's label and amounts are set close)
    if (line := max((x for x in page.lines if x.top < own.top), key=lambda x: x.top, default=None)) is None:
        return None
    labels = [w for w in line.words if w.x1 <= amount.x0 + 1 and _LABEL_START.match(w.text)]
    rules = [r for r in page.rules if isinstance(r, Rule)]
    return (line, labels[-1]) if labels and one_ruled_row(line, own, rules) else None


def _label_of(lines: list[Line], amount: Amount) -> tuple[Line, Word] | None:
    """The line an amount was read on (its box among the line's words) and the label left of it
    there: the nearest word that begins as a label does."""
    centre = (amount.top + amount.bottom) / 2
    for line in lines:
        if line.top <= centre <= line.bottom and any(amount.x0 <= (w.x0 + w.x1) / 2 <= amount.x1 for w in line.words):
            labels = [w for w in line.words if w.x1 <= amount.x0 + 1 and _LABEL_START.match(w.text)]
            return (line, labels[-1]) if labels else None
    return None
