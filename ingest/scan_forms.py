"""Number forms on recognised pages that no printed amount has, told apart from the amount they
stand for only where the form leaves a single reading.

An amount prints thousands commas in groups of three, then at most one decimal point and its
decimals. The recogniser reads a speck between digits as a point, or a thousands comma as one
(`2,1.72,461` of 2,172,461; `1.625,605` of 1,625,605): a point that a comma follows is no decimal
point, and the grouping around it tells whether it stands in a group (a speck: dropped) or
between two (a comma misread: the comma). What is so changed is doubtful: the amount is read again
from a finer image and must come back the same (`scan_amounts.check_confidence`), else its report
is quarantined. Anything the form does not settle stays as read (no number: quarantined).

A subject code read glued to its name (`2040601机关服务`, no gap left between their cells) is cut
where the catalog names the code so, or names so one code a digit off in its last two (the code
is then taken from the name, as for one read apart): else the row has no code and its name is no
label. A 项 code's last digit printed across its cell's rule goes back to the code where the box
was cut there (`clipped_digits_back`).
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from ingest.number_forms import GROUPED_AMOUNT
from ingest.scan_codes import code_named, code_with_a_mark, cut_code_named
from ingest.subjects import either_catalog_names

# A number's characters with a point somewhere before a comma (digits, commas and points only).
_POINT_BEFORE_COMMA = re.compile(r"-?\d[\d,]*\.\d[\d,.]*,\d[\d,.]*")


def point_in_groups_fixed(text: str) -> str:
    """`text` with the one point that stands before a comma read as what the grouping makes it:
    dropped where the point stands inside a group (`2,1.72,461` → `2,172,461`, a speck), a comma
    where it stands between two groups (`1.625,605` → `1,625,605`, the comma read as a point).
    Both give the same value; only a text with exactly one such point, and one reading of it in
    thousands form, is changed. Else `text` as it is."""
    if not _POINT_BEFORE_COMMA.fullmatch(text):
        return text
    last_comma = text.rindex(",")
    points = [i for i, ch in enumerate(text[:last_comma]) if ch == "."]
    if len(points) != 1:
        return text
    at = points[0]
    readings = {
        reading
        for reading in (text[:at] + text[at + 1 :], text[:at] + "," + text[at + 1 :])
        if GROUPED_AMOUNT.fullmatch(reading)
    }
    return readings.pop() if len(readings) == 1 else text


def without_point_in_groups(chars: list[dict[str, Any]], doubt: float) -> list[dict[str, Any]]:
    """The characters of a recognised box with `point_in_groups_fixed` applied: the point dropped
    or read as the comma, every character then at most `doubt` (read again, or quarantined)."""
    text = "".join(c["text"] for c in chars)
    fixed = point_in_groups_fixed(text)
    if fixed == text:
        return chars
    at = next(i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b)
    if len(fixed) == len(text):
        chars = [{**c, "text": ","} if i == at else c for i, c in enumerate(chars)]
    else:
        chars = [c for i, c in enumerate(chars) if i != at]
    return [{**c, "confidence": min(float(c["confidence"]), doubt)} for c in chars]


# A 类, 款 or 项 code (3, 5 or 7 digits; 6, a 项 code its cell cut) glued before a name's first CJK
# character.
_CODE_BEFORE_NAME = re.compile(r"(\d{5,7}|\d{3})(?=[\u4e00-\u9fff])")
# (or one with a digit read as a letter or a mark: `301G2津贴补贴`)
_MARKED_CODE_BEFORE_NAME = re.compile(r"([^\s\u4e00-\u9fff]{3,7})(?=[\u4e00-\u9fff])")


def split_code_before_name(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A recognised box's characters cut where a code read glued to its name ends
    (`2040601机关服务` → `2040601` | `机关服务`), only where a catalog (功能 or 经济分类) names
    that code so (its name, or the first line of a wrapped one), or a 项 code its cell cut to six
    digits completes to one so named (`221020购房补贴` of 2210203, its last digit on the cell's rule
    lost: 决算 seed 2276); each part keeps its characters. Anything else stays one word (a row
    matching nothing: quarantined)."""
    text = "".join(c["text"] for c in run)
    m = _CODE_BEFORE_NAME.match(text) or _MARKED_CODE_BEFORE_NAME.match(text)
    if m is None:
        return [run]
    code, name = m.group(1), text[m.end() :]
    # (its 项 digits misread, `2040601` for 2040603 机关服务, the name then takes the one code the
    # catalog gives it: `scan_codes.repair_last_code_digits`, as for a code read apart; a digit
    # read as a letter, `301G2津贴补贴`, is put right by `scan_codes.codes_read_with_a_mark`)
    named = either_catalog_names(code, [name])
    if named or code_named(code, name) or cut_code_named(code, name) or code_with_a_mark(code, name):
        return [run[: m.end()], run[m.end() :]]
    return [run]


# A 项 code cut to six digits at its cell's rule, and the part after the rule beginning with one
# digit (its last) before the name.
_SIX_DIGITS = re.compile(r"\d{6}")
_DIGIT_BEFORE_NAME = re.compile(r"\d(?=\D)")


def clipped_digits_back(runs: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """A recognised box's runs cut at a cell's rule with a 项 code's last digit after it, printed
    across the rule (`223010` | `2“三供一业”移交补助支`, 预算 seed 2479, a line the second
    recogniser read again, the name then no row's): the digit joins the code where the catalog
    names the seven-digit code as the rest names the row (its first line where it wraps); each
    keeps its characters. Anything else stays as cut."""
    out = [list(r) for r in runs]
    for a, b in itertools.pairwise(out):
        code, rest = "".join(c["text"] for c in a), "".join(c["text"] for c in b)
        if (
            _SIX_DIGITS.fullmatch(code)
            and _DIGIT_BEFORE_NAME.match(rest)
            and either_catalog_names(code + rest[0], [rest[1:]])
        ):
            a.append(b.pop(0))
    return [r for r in out if r]
