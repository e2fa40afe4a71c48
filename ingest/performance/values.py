"""Values of 绩效 cells: a target split into operator, number and unit; weights, scores, money
and execution rates as exact Decimals. Anything that is not one clean number stays text only
(定性 targets, ranges such as `30-60平方米`, `3-10月`, `每年≥20场`)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.text import BLANK_MARKS as STANDARD_BLANK_MARKS

# The operators as the contract spells them, from what tables print (full-width and the
# ≧/≦ forms of Japanese-era fonts).
_OPERATORS = {
    "=": "=",
    "＝": "=",
    "≥": "≥",
    "≧": "≥",
    ">=": "≥",
    "≤": "≤",
    "≦": "≤",
    "<=": "≤",
    ">": ">",
    "＞": ">",
    "<": "<",
    "＜": "<",
}
_OPERATOR = "|".join(re.escape(k) for k in sorted(_OPERATORS, key=len, reverse=True))
_NUMBER = r"-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# A unit is what follows the number, without digits (个, %, 万元, 万条/年, 小时, 元/件).
_TARGET = re.compile(rf"^({_OPERATOR})?({_NUMBER})([^\d\s=＝≥≧≤≦<>＜＞]{{0,10}})$")
_PLAIN = re.compile(rf"^{_NUMBER}$")
_PERCENT = re.compile(rf"^({_NUMBER})[%％]$")
# The standard tables' blank marks (ingest/text.py), and what 绩效 cells print or are read as for
# a blank: nothing, `无`, `－－`, and `一` (how recognition reads a dash printed for a blank, `--`
# and `—` alike; no amount is printed in Chinese numerals)
BLANK_MARKS = STANDARD_BLANK_MARKS | {"", "－－", "无", "一"}
# The warehouse keeps these numbers as DECIMAL(24, 6): a longer digit string is no weight, amount
# or target value (a code, digits of two cells run together), and is left as text.
MAX_INTEGER_DIGITS, MAX_DECIMALS = 18, 6


def _exact(digits: str) -> Decimal | None:
    whole, _, decimals = digits.replace(",", "").lstrip("-").partition(".")
    if len(whole) > MAX_INTEGER_DIGITS or len(decimals) > MAX_DECIMALS:
        return None
    return Decimal(digits.replace(",", ""))


def clean(text: str | None) -> str | None:
    """The cell's text, None when the cell is empty."""
    if text is None:
        return None
    text = text.strip()
    return text or None


def number(text: str | None) -> Decimal | None:
    """A plain printed number (12.5, 1,391.47, 9.700000), exactly; None for a blank mark or text."""
    if text is None or text.strip() in BLANK_MARKS:
        return None
    t = text.strip()
    if not _PLAIN.match(t):
        return None
    try:
        return _exact(t)
    except InvalidOperation:  # pragma: no cover - the regex guarantees a number
        return None


def is_blank(text: str | None) -> bool:
    return text is None or text.strip() in BLANK_MARKS


def percent(text: str | None) -> Decimal | None:
    """An execution rate in percent: `100.00%` → 100.00; `88.75` under a (%) header → 88.75."""
    if text is None:
        return None
    t = text.strip()
    if m := _PERCENT.match(t):
        return _exact(m.group(1))
    return number(t)


def operator(text: str | None) -> str | None:
    """An operator printed in a column of its own (指标性质 `≥`), as the contract spells it; None
    for anything else (`定性`, blank)."""
    return _OPERATORS.get(text.strip()) if text else None


def split_target(text: str | None) -> tuple[str | None, Decimal | None, str | None]:
    """(operator, value, unit) of a printed target or actual value: `≥95%` → (≥, 95, %),
    `＝100` → (=, 100, None), `16个` → (None, 16, 个), `完成` → (None, None, None)."""
    if text is None:
        return None, None, None
    m = _TARGET.match(text.strip())
    if not m:
        return None, None, None
    op, value, unit = m.groups()
    if (exact := _exact(value)) is None:
        return None, None, None
    return (_OPERATORS[op] if op else None), exact, (unit or None)


_YEAR = re.compile(r"((?:19|20)\d{2})年")


def year_in(text: str) -> int | None:
    """The year a header or title names (`2019年`, `预期2021年实现值`, `2020年区直部门…`)."""
    return int(m.group(1)) if (m := _YEAR.search(text)) else None


def money_unit(texts: list[str]) -> str | None:
    """The money unit a table's header or its 单位 line names: 万元, 元, or None (not said)."""
    for t in texts:
        if "万元" in t:
            return "万元"
    for t in texts:
        if re.search(r"[（(]元[)）]|单位[：:]元", t):
            return "元"
    return None
