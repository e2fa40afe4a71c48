"""Recognised words made into lines, put right where the row bands went wrong on a scanned page.

`ocr.ocr_page` groups words into lines by their tops (`layout.group_lines`). A page turned a
little (what straightening leaves of a scanner's skew) or a number set a little lower than the
label of its row leaves one number of a row on a line of its own, outside its row: the row is then
read one amount short, and the lone number read as a row of its own (quarantined, or worse, taken
under a neighbour's label). And the recogniser reads a speck between two characters of a label as
a point (`年初.结转`), so the label names nothing. Both are put right here, before the repairs by
vocabulary (`scanned.recognise`), only where the page itself says so; anything else stays as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ingest.layout import Line, Rule, VRule, Word
from ingest.text import parse_amount

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage

# A point the recogniser reads for a speck between two characters of a label: no printed label
# has one between two CJK characters (`年初.结转`). Not `、` (`一、一般…`'s numeral is CJK), `：`
# (`单位：元`) or `。` (a sentence's end in a text half's paragraph).
_POINT_IN_LABEL = re.compile(r"(?<=[\u4e00-\u9fff])[.．·•]+(?=[\u4e00-\u9fff])")
# A number as a lone word may print it: an amount, a 行次, a code.
_NUMBER = re.compile(r"-?[\d,]*\d(\.\d+)?")


def drop_points_in_labels(pages: Sequence[list[Line]]) -> None:
    """A point read between two CJK characters of a word goes (`年初.结转` → `年初结转`). The word
    keeps its box; its characters' boxes stay as read (a cell of text is never judged by them)."""
    for lines in pages:
        for line in lines:
            for k, w in enumerate(line.words):
                text = _POINT_IN_LABEL.sub("", w.text)
                if text != w.text:
                    line.words[k] = Word(text, w.x0, w.x1, w.top, w.bottom)


def join_lone_numbers(pages: Sequence[RecognisedPage]) -> None:
    """A line holding one number alone joins the line of amounts its band overlaps, where that
    line has nothing at the number's place (in a ruled table: nothing in the cell between the
    column rules around it) and no row rule runs between them. Only where exactly one line so
    takes it: a number whose band reaches two rows that both leave its place free stays a line
    of its own (its row then reads an amount short, and the report is quarantined: never guessed)."""
    for page in pages:
        lines = page.lines
        joined: list[Line] = []
        for line in lines:
            if not _lone_number(line):
                continue
            number = line.words[0]
            hosts = [
                other
                for other in lines
                if other is not line
                and not any(other is j for j in joined)
                and not _lone_number(other)
                and _overlap(number, other) > 0
                and _holds_amounts(other)
                and _free_at(other, number, page.rules)
                and not _row_rule_between(number, other, page.rules)
            ]
            if len(hosts) != 1:
                continue
            host = hosts[0]
            host.words = sorted([*host.words, number], key=lambda w: w.x0)
            joined.append(line)
        if joined:
            # (in place: `scanned.recognise` repairs the same lists)
            lines[:] = [x for x in lines if not any(x is j for j in joined)]


def _lone_number(line: Line) -> bool:
    return len(line.words) == 1 and _NUMBER.fullmatch(line.words[0].text) is not None


def _overlap(word: Word, line: Line) -> float:
    return min(word.bottom, line.bottom) - max(word.top, line.top)


def _holds_amounts(line: Line) -> bool:
    """A line of a row of amounts: a word of it reads as an amount (not a line of text alone, such
    as a wrapped name's second line, whose row's amounts are the line above's)."""
    return any(_NUMBER.fullmatch(w.text) and parse_amount(w.text) is not None for w in line.words)


def _free_at(line: Line, number: Word, rules: Sequence[Rule | VRule]) -> bool:
    """Nothing of the line at the number's place: in its cell where column rules cross both (the
    cell between the nearest rules either side of the number's centre), else over its width."""
    top, bottom = min(line.top, number.top), max(line.bottom, number.bottom)
    crossing = sorted(r.x for r in rules if isinstance(r, VRule) and r.top <= top + 1 and r.bottom >= bottom - 1)
    left = max((x for x in crossing if x <= number.xc), default=None)
    right = min((x for x in crossing if x >= number.xc), default=None)
    if left is None or right is None or not (left <= number.x0 + 1 and number.x1 - 1 <= right):
        # (no cell around it, or the number reaches over a rule: judged by its own width)
        return not any(w.x0 < number.x1 and w.x1 > number.x0 for w in line.words)
    return not any(left < w.xc < right or (w.x0 < number.x1 and w.x1 > number.x0) for w in line.words)


def _row_rule_between(number: Word, line: Line, rules: Sequence[Rule | VRule]) -> bool:
    """A row rule across the number's place between its centre and the line's: another row."""
    a, b = sorted(((number.top + number.bottom) / 2, (line.top + line.bottom) / 2))
    return any(isinstance(r, Rule) and a < r.y < b and r.x0 < number.x1 and r.x1 > number.x0 for r in rules)
