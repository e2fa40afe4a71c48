"""Recognition noise around a label, repaired before the table logic sees the words.

The recogniser returns a label's enumeration with marks it did not print (a speck read as a point
or a middle dot after `八、`: `八、·社会保障和就业支出`, `一、.一般…`), the `、` itself read as
a look-alike (`十八：自然资源海洋气象等支出`), and where no ruling line was found between two cells
a label with the next cell's number glued on (`九、卫生健康支出4`, the 行次; `合计62.23`, an
amount). The look-alike and speck characters are vocabularies (`ingest/recognition.yaml`).

Only labels are rewritten here, never a digit: a repaired label must still be a known name or
numbered line (else its row matches nothing and the report is quarantined), and a number cut off
a label keeps its own characters' boxes and confidence.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ingest.layout import Line, Word
from ingest.text import parse_amount


@cache
def _marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(an enumeration with a look-alike mark or stray specks before its name; a `、` left alone
    by a dropped numeral with specks after it)."""
    from ingest.ocr import recognition  # (ocr imports this module)

    vocabulary = recognition()
    numerals = re.escape(vocabulary.enumeration_numerals)
    alike = re.escape("".join(vocabulary.enumeration_mark_lookalikes))
    specks = re.escape(vocabulary.speck_marks)
    numbered = re.compile(rf"^([{numerals}]{{1,3}})(?:、[{specks}]+|[{alike}][{specks}]*)(?=[\u4e00-\u9fff])")
    bare = re.compile(rf"^、[{specks}]+(?=[\u4e00-\u9fff])")
    return numbered, bare


def repaired_label(text: str) -> str:
    """The label with its enumeration mark as printed: `八、·社会…` → `八、社会…`, `十八：自然…` →
    `十八、自然…`, `、.一般…` → `、一般…` (the numeral is put back from its column's sequence later);
    `般公共预算` → `一般公共预算` (recognition.yaml `lost_first_stroke`). Anything else as read."""
    numbered, bare = _marks()
    text = _without_trailing_marks(text)
    if m := numbered.match(text):
        return f"{m.group(1)}、{text[m.end():]}"
    if m := bare.match(text):
        return "、" + text[m.end() :]
    from ingest.ocr import recognition  # (ocr imports this module)

    for whole in recognition().lost_first_stroke:
        # (`般公共预` in a header cell: the thin `一` of 一般 lost at the start of a box)
        if text.startswith(whole[1:]) and whole[1:]:
            return whole[0] + text
    return text


def _without_trailing_marks(text: str) -> str:
    """A name without the marks no name ends with (`一般行政管理事务、`: a speck or the next cell's
    rule read as `、`); an enumeration alone (`十七、`, its name in the next box) is left as read."""
    from ingest.ocr import recognition  # (ocr imports this module)

    stripped = text.rstrip(recognition().trailing_marks)
    if stripped == text or not _CJK.search(stripped) or _NUMERALS_ONLY.fullmatch(stripped):
        return text
    return stripped


def repair_labels(pages: Sequence[list[Line]]) -> None:
    """`repaired_label` on every word; a word of marks alone left after the text boxes of a cell
    were joined (a `、` on its own below a row: a speck) is dropped, and a line left empty too."""
    from ingest.ocr import recognition  # (ocr imports this module)

    marks = recognition().trailing_marks + recognition().speck_marks
    for lines in pages:
        for line in lines:
            line.words = [
                w if (fixed := repaired_label(w.text)) == w.text else Word(fixed, w.x0, w.x1, w.top, w.bottom)
                for w in line.words
                if w.text.strip(marks)
            ]
        lines[:] = [line for line in lines if line.words]


# A label's text ends so before a number glued to it (not a title's `表`, `第`, or a date's `年`).
_LABEL_END = re.compile(r"[\u4e00-\u9fff）)](?<![表第年月日号])$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMERALS_ONLY = re.compile(r"[一二三四五六七八九十（(）)]+")
# A 行次 or 栏次 number: one or two digits.
_ROW_NUMBER = re.compile(r"\d{1,2}")


def split_label_number(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One recognised box's characters cut where a label ends and a number glued to it starts
    (`九、卫生健康支出4`, `合计62.23`): the number is a 行次 (one or two digits) or reads as an
    amount, up to specks after it. Each part keeps its characters (boxes, confidence)."""
    from ingest.ocr import recognition  # (ocr imports this module)

    specks = recognition().speck_marks
    text = "".join(c["text"] for c in run)
    for i in range(1, len(text)):
        if not (text[i].isdigit() and _CJK.search(text[:i]) and _LABEL_END.search(text[:i])):
            continue
        number = text[i:].rstrip(specks)
        if _ROW_NUMBER.fullmatch(number) or (re.search(r"[.,]", number) and parse_amount(number) is not None):
            return [run[:i], run[i:]]
        return [run]
    return [run]
