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
label.

A number whose head the recogniser lost at every reading (`17,144` of 117,144, a thin `1`) leaves
ink beside its box: the ink the number spans is wider than what was read (`ink_wider_than_read`),
and such an amount is not taken (its report quarantined) however it is read again.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from ingest.ocr_repair import code_named
from ingest.subjects import catalog_names_agree

# An amount with thousands commas, as printed: groups of three after the first, then decimals.
_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?")
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
        if _GROUPED.fullmatch(reading)
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


# A 类, 款 or 项 code (3, 5 or 7 digits) glued before a name's first CJK character.
_CODE_BEFORE_NAME = re.compile(r"(\d{7}|\d{5}|\d{3})(?=[\u4e00-\u9fff])")


def split_code_before_name(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """A recognised box's characters cut where a code read glued to its name ends
    (`2040601机关服务` → `2040601` | `机关服务`), only where a catalog (功能 or 经济分类) names
    that code so (its name, or the first line of a wrapped one); each part keeps its characters.
    Anything else stays one word (a row matching nothing: quarantined)."""
    text = "".join(c["text"] for c in run)
    m = _CODE_BEFORE_NAME.match(text)
    if m is None:
        return [run]
    code, name = m.group(1), text[m.end() :]
    # (its 项 digits misread, `2040601` for 2040603 机关服务, the name then takes the one code the
    # catalog gives it: `ocr_repair.repair_last_code_digits`, as for a code read apart)
    if any(catalog_names_agree(kind, code, [name]) for kind in ("function", "economic")) or code_named(code, name):
        return [run[: m.end()], run[m.end() :]]
    return [run]


# How far apart (in character heights) the glyphs of one printed number lie at most: digits,
# commas and the point are a point or two apart; the next cell's text lies farther.
_GLYPH_GAP = 0.3
# A glyph is at least this tall against the number's own digits (a speck, a dash or a point less).
_GLYPH_HEIGHT = 0.6


def ink_wider_than_read(
    ink: np.ndarray,
    scale: float,
    box: tuple[float, float, float, float],
    text: str,
    beside: list[tuple[float, float]],
    rules: list[float],
) -> bool:
    """The printed number under `box` (x0, top, x1, bottom; points) spans more ink than its text
    read holds: its glyphs' ink, followed left and right of the box while the gaps between them
    are a number's own, holds a glyph wholly outside the box, as tall as its digits (`17,144` read
    of 117,144, the first `1` lost at every reading; not a speck or a point). Without the ink
    other words cover (`beside`: their x-spans), the column rules (`rules`: x; and any column
    inked above and below the box alike) and the row rules (rows inked across). `ink`: the
    page's evened ink mask, one pixel `scale` points."""
    x0, top, x1, bottom = box
    if not text or x1 <= x0:
        return False
    height = bottom - top
    reach = 2.0 * height
    lo, hi = max(int((x0 - reach) / scale), 0), min(int((x1 + reach) / scale) + 1, ink.shape[1])
    r0, r1 = max(int(top / scale), 0), min(int(bottom / scale) + 1, ink.shape[0])
    band = ink[r0:r1, lo:hi]
    if band.size == 0:
        return False
    band = band[band.mean(axis=1) < 0.8]  # (without the row rules the box reaches)
    if band.size == 0:
        return False
    # (which columns hold ink is judged on the box's middle rows: a row rule's fringe along its
    # top or bottom would join everything; how tall a blot is, on all of them)
    middle = ink[int((top + 0.25 * height) / scale) : int((bottom - 0.2 * height) / scale) + 1, lo:hi]
    if middle.size == 0:
        return False
    columns = middle.any(axis=0)
    # (a column rule runs on above and below the box; a glyph does not)
    pad = max(int(0.5 * height / scale), 1)
    above = ink[max(r0 - pad, 0) : r0, lo:hi].all(axis=0) if r0 > 0 else np.zeros(hi - lo, bool)
    below = ink[r1 : r1 + pad, lo:hi].all(axis=0) if r1 < ink.shape[0] else np.zeros(hi - lo, bool)
    columns &= ~(above & below)
    for left, right in beside:
        columns[max(int(left / scale) - lo, 0) : max(int(right / scale) + 1 - lo, 0)] = False
    for x in rules:
        columns[max(int((x - 1.0) / scale) - lo, 0) : max(int((x + 1.0) / scale) + 1 - lo, 0)] = False
    inked = [i for i in range(int(x0 / scale) - lo, min(int(x1 / scale) - lo + 1, columns.size)) if columns[i]]
    if not inked:
        return False
    own = band[:, inked[0] : inked[-1] + 1]
    gap = max(int(_GLYPH_GAP * height / scale), 1)
    left, right = inked[0], inked[-1]
    while left > 0 and columns[max(left - gap - 1, 0) : left].any():
        left = max(left - gap - 1, 0) + int(np.flatnonzero(columns[max(left - gap - 1, 0) : left])[0])
    while right < columns.size - 1 and columns[right + 1 : right + gap + 2].any():
        right = right + 1 + int(np.flatnonzero(columns[right + 1 : right + gap + 2])[-1])
    # (a glyph lost: a blot of its own, a blank column apart, wholly outside the box and as tall as
    # the number's digits, where the box's own ink reaches its other end: a box merely lying off
    # its ink, a few points right of it, leaves that end blank)
    pitch = (x1 - x0) / len(text)
    slack = int(0.5 * pitch / scale)
    own_height = _ink_height(own)
    for start, end in _blots(columns, left, right):
        outside_left = end < int(x0 / scale) - lo and inked[-1] >= int(x1 / scale) - lo - slack
        outside_right = start > int(x1 / scale) - lo and inked[0] <= int(x0 / scale) - lo + slack
        if (outside_left or outside_right) and _ink_height(band[:, start : end + 1]) >= _GLYPH_HEIGHT * own_height > 0:
            return True
    return False


def _blots(columns: np.ndarray, left: int, right: int) -> list[tuple[int, int]]:
    """Runs of inked columns from `left` to `right` (first, last), a blank column between two."""
    runs: list[tuple[int, int]] = []
    for i in range(left, right + 1):
        if not columns[i]:
            continue
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _ink_height(region: np.ndarray) -> int:
    """Rows from the first inked to the last in a region (0 where none)."""
    rows = np.flatnonzero(region.any(axis=1)) if region.size else np.array([], int)
    return int(rows[-1] - rows[0] + 1) if rows.size else 0
