"""Small text helpers shared by the parser: normalisation and amount parsing."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from rapidfuzz.distance import Levenshtein

# A printed amount: 32,979.59 · 35979.59 · 0.64 · -12.00 · 2,878,025 (whole 元) · 128138,600 (上海
# 2026 templates whose number format separates only the last three digits, every amount alike).
AMOUNT_RE = re.compile(r"^-?(\d{1,3}(,\d{3})+|\d+,\d{3}|\d+)(\.\d+)?$")
# Printed placeholders for "no amount".
# A line that reads as a table's title: ending with 表, a short qualifier in brackets allowed after it.
TITLE_LIKE = re.compile(r"\S{0,40}表([（(]\S{1,8}[)）])?")
BLANK_MARKS = frozenset({"-", "—", "--", "——", "－", "*", "**", "/", "／"})
CODE_RE = re.compile(r"^\d{2,7}$")
# A code glued to its name: `2060101行政运行` (the code's last digit crosses the cell's right rule,
# so the text layer has no gap between the code and the name).
GLUED_CODE = re.compile(r"^(\d{3}|\d{5}|\d{7})([\u4e00-\u9fff（(“].*)$")
# The numbering templates put before a line: 一、, （一） or 1、 (长沙 B04) (the parser, the
# catalogs and the profiles all strip or test it). `1.` is left out: it reads like an amount.
LINE_NUMBERING = r"[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}、"
NUMBERED = re.compile(rf"^({LINE_NUMBERING})")
# A label numbered 一、 or （一）: the numeral, in one group per form.
ENUMERATED = re.compile(r"^(?:([一二三四五六七八九十]+)、|[（(]([一二三四五六七八九十]+)[)）])")


def chinese_number(text: str, digits: str = "一二三四五六七八九十") -> int | None:
    """1–99 of a Chinese numeral (一, 十, 十二, 二十三) written with `digits` (一 to 十), else None."""
    if not text or any(ch not in digits for ch in text):
        return None
    values = [digits.index(ch) + 1 for ch in text]
    if values == [10]:
        return 10
    if len(values) == 1:
        return values[0]
    if len(values) == 2 and values[0] == 10:
        return 10 + values[1]
    if len(values) == 2 and values[1] == 10:
        return values[0] * 10
    if len(values) == 3 and values[1] == 10:
        return values[0] * 10 + values[2]
    return None


def normalize(text: str) -> str:
    """Remove all whitespace (PDF text layers put spaces inside CJK words) and unify colons."""
    return re.sub(r"\s+", "", text).replace(":", "：")


def parse_amount(text: str) -> Decimal | None:
    """Exact Decimal of a printed amount, or None when the text is not an amount."""
    t = text.strip()
    if not AMOUNT_RE.match(t):
        return None
    try:
        return Decimal(t.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the regex already guarantees a number
        return None


def is_blank_mark(text: str) -> bool:
    return text.strip() in BLANK_MARKS


def dropped_character(whole: str, part: str) -> int | None:
    """The index of the one character of `whole` that `part` lacks (`71.76`, `7.76` → 1: a thin
    `1` recognition lost), else None."""
    if len(whole) != len(part) + 1:
        return None
    return next((k for k in range(len(whole)) if whole[:k] + whole[k + 1 :] == part), None)


def one_edit_apart(a: str, b: str) -> bool:
    """Whether `b` is `a` with one character replaced, added or dropped."""
    return Levenshtein.distance(a, b) == 1


# A list item's number closed by a bracket alone (`1）`, `一)`): a bracket with no opening.
_HALF_BRACKETED_NUMBER = re.compile(r"^[\d一二三四五六七八九十]{1,3}[)）]")


def unbalanced_brackets(text: str) -> bool:
    """Whether the text closes a round bracket it did not open or leaves one open (either width
    closes either: `（20分)`), a list item's `1）` aside: what a recogniser's lost bracket leaves
    (`维修护）费` of 维修（护）费)."""
    depth = 0
    for ch in _HALF_BRACKETED_NUMBER.sub("", text):
        depth += (ch in "（(") - (ch in "）)")
        if depth < 0:
            return True
    return depth != 0
