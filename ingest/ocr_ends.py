"""A number's ends on a recognised page: what detection left there or lost.

A point or comma at a number's end may be a speck (`.11` before the 行次 11) or what detection kept
of a number whose rest it lost (`.62` of 2,371.62); a number may also have lost its head without a
mark to show it (`589` of 11,817,589). The ink of the page beside the number tells them apart, and
a lost head is read from a finer image of the number's band (`ingest/ocr.py`), doubtful. Where
detection cut one number into two boxes, the end of one and the start of the other are its halves
(`3,660.` | `.34`, `472 | 83` its point lost): they are joined with their own characters, what is
put back or read twice doubtful (`rejoined_numbers`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import numpy as np

from ingest.layout import VRule
from ingest.number_forms import (
    AMOUNT_FORM,
    COMMA_READ_AS_POINT,
    DECIMAL_DIGITS,
    GROUPED_AMOUNT,
    INTEGER_PART,
    LAST_GROUP,
    NUMBER_SHAPE,
    THOUSANDS_HEAD,
    TWO_DECIMALS_AMOUNT,
    UNGROUPED_TWO_DECIMALS,
)
from ingest.ocr_chars import INK_BEFORE, cut_between, recognition, separator
from ingest.scanimage import ink_in
from ingest.text import parse_amount

if TYPE_CHECKING:
    from ingest.ocr import _FinerImage as FinerImage

# Ink pixels beside a number's end mark from which part of the number is taken to be there (a
# digit at 150 dpi has some 40; a speck of dust at most 9, blurred a few more).
_INK_OF_A_DIGIT = 20


def without_lone_end_marks(
    chars: list[dict[str, Any]],
    ink: np.ndarray,
    scale: float,
    borders: list[VRule],
    boxes: list[list[dict[str, Any]]] | None = None,
) -> list[dict[str, Any]]:
    """Without a point or comma at a number's end that has blank paper beyond it, up to about a
    character's width or the cell's border: a speck (`.11`, the 行次 11). Where ink is there that
    no other recognised box covers (`boxes`: a label right before a 行次, `…结余 .60`) and no
    rule, the recogniser lost the rest of the number (`.62` of 2,371.62) and the mark stays
    (`_denoised`)."""
    if len(chars) < 2:
        return chars
    read = _read_beside(chars, boxes)
    first, last = chars[0], chars[-1]
    if separator(first["text"]) and chars[1]["text"].isdigit() and not (
        separator(first["text"]) == "," and _number_beside(first, chars, boxes or [], borders, after=False)
    ):
        height = first["bottom"] - first["top"]
        walls = [r.x + 1.0 for r in borders if _spans(r, first) and r.x < first["x0"]]
        start = max([first["x0"] - 1.5 * height, *walls])
        if ink_in(ink, scale, (start, first["x0"] - 0.3, first["top"], first["bottom"]), read) < _INK_OF_A_DIGIT:
            chars = chars[1:]
    if len(chars) > 1 and separator(last["text"]) and chars[-2]["text"].isdigit():
        height = last["bottom"] - last["top"]
        if separator(last["text"]) == "," and _number_beside(last, chars, boxes or [], borders, after=True):
            # (a thousands comma where detection cut the number, `1,625,` | `605` or `1,625` |
            # `,605`: the boxes are joined as one number, `rejoined_numbers`, or the
            # comma makes it none)
            return chars
        walls = [r.x - 1.0 for r in borders if _spans(r, last) and r.x > last["x1"]]
        end = min([last["x1"] + 1.5 * height, *walls])
        if ink_in(ink, scale, (last["x1"] + 0.3, end, last["top"], last["bottom"]), read) < _INK_OF_A_DIGIT:
            chars = chars[:-1]
    return chars


def _number_beside(
    mark: dict[str, Any],
    chars: list[dict[str, Any]],
    boxes: list[list[dict[str, Any]]],
    borders: list[VRule],
    after: bool,
) -> bool:
    """Another recognised box on the mark's line starts with a digit right after it (`after`), or
    ends with one right before it, within half a character's height and no rule between: the
    rest of the number the mark belongs to."""
    # (a comma's own box may be shorter than the digits': the line's characters give the height)
    height = max(c["bottom"] - c["top"] for c in chars)
    middle = (mark["top"] + mark["bottom"]) / 2
    for box in boxes:
        if not box or box is chars:
            continue
        near = box[0] if after else box[-1]
        if not near["text"].isdigit() or abs((near["top"] + near["bottom"]) / 2 - middle) > height / 2:
            continue
        if after and mark["x0"] <= near["x0"] <= mark["x1"] + height / 2 and not cut_between([mark], near, borders):
            return True
        if not after and mark["x0"] - height / 2 <= near["x1"] <= mark["x1"] and not cut_between([near], mark, borders):
            return True
    return False


def sign_doubtful(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A `-` read right before a number's digits made doubtful: the words of a page drop it as a
    speck (`ocr._denoised`), but it may be the amount's sign. The amount is then read again from
    a finer image, where a dash is told from a speck (`scanimage.sign_mark`): a printed minus
    so makes the two readings differ and the report is quarantined, never published unsigned."""
    if len(chars) < 2 or chars[0]["text"] != "-" or not chars[1]["text"].isdigit():
        return chars
    doubt = recognition().repaired_confidence
    return [{**chars[0], "confidence": min(float(chars[0]["confidence"]), doubt)}, *chars[1:]]


def _read_beside(chars: list[dict[str, Any]], boxes: list[list[dict[str, Any]]] | None) -> list[tuple[float, float]]:
    """The x-spans of the other recognised boxes on the characters' line."""
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    return [
        (min(c["x0"] for c in b), max(c["x1"] for c in b))
        for b in boxes or []
        if b and b is not chars and min(c["top"] for c in b) < bottom and max(c["bottom"] for c in b) > top
    ]


def ink_before_number(
    chars: list[dict[str, Any]], ink: np.ndarray, scale: float, borders: list[VRule], boxes: list[list[dict[str, Any]]]
) -> float | None:
    """Where the ink begins (x, points) that lies right before a number's (digits and
    separators) first digit, up to half a character's height or the cell's border, that no other
    recognised box covers and no rule: part of the number detection lost without a mark to show it
    (`589` read of 11,817,589). None where there is none."""
    if not chars or not chars[0]["text"].isdigit() or not NUMBER_SHAPE.fullmatch("".join(c["text"] for c in chars)):
        return None
    first = chars[0]
    height = first["bottom"] - first["top"]
    walls = [r.x + 1.0 for r in borders if _spans(r, first) and r.x < first["x0"]]
    # (where the lost character would be: a digit or comma at the number's own spacing, half a
    # character's height; farther off lie the cell's border and the label's ink)
    start = max([first["x0"] - 0.5 * height, *walls])
    box = (start, first["x0"] - 0.3, first["top"], first["bottom"])
    return start if ink_in(ink, scale, box, _read_beside(chars, boxes)) >= _INK_OF_A_DIGIT else None


def with_lost_head(
    finer: FinerImage, chars: list[dict[str, Any]], ink_before: float | None = None
) -> list[dict[str, Any]]:
    """A number whose head detection lost (`.62`, ink left of its point: 2,371.62; or `589`, ink
    left of its digits from `ink_before`, `ink_before_number`: 11,817,589) read whole from a finer
    image of its band: the one text there over the box that reads as an amount and ends with the
    box's text, its right edge where the box's is. The characters found so are doubtful
    (`repaired_confidence`, spread over the band's box): the amount is read again from a finer
    image of its whole box and must come back the same, or its report is quarantined. A number
    with ink before it that the band does not read longer stays doubtful all the same, its first
    character keeping where that ink begins (`INK_BEFORE`): the glyphs of its box are counted
    from there (a `1` with a speck on its top, read by neither reading: 决算 seed 2408's `1059.90`
    of 11,059.90, `scan_amounts.check_confidence`)."""
    lost_point = len(chars) >= 2 and separator(chars[0]["text"]) and chars[1]["text"].isdigit()
    if (digits := _after_speck_marks(finer, chars)) is not None:
        return digits
    if not (lost_point or ink_before is not None):
        return chars
    doubt = recognition().repaired_confidence
    unsure = chars
    if ink_before is not None:
        unsure = [{**c, "confidence": min(float(c["confidence"]), doubt)} for c in chars]
        unsure[0][INK_BEFORE] = ink_before
    text = "".join(c["text"] for c in chars)
    box = (chars[0]["x0"], min(c["top"] for c in chars), chars[-1]["x1"], max(c["bottom"] for c in chars))
    found = [f for f in finer.band_boxes(box) if f[1] >= recognition().min_amount_confidence]
    if len(found) != 1:
        return unsure
    whole, _, left, right = found[0]
    head = whole[: len(whole) - len(text)]
    height = box[3] - box[1]
    if not (whole.endswith(text) and head and parse_amount(whole) is not None and abs(right - box[2]) <= height):
        return unsure
    step = (box[0] - left) / len(head)
    added = [
        {**chars[0], "text": ch, "x0": left + i * step, "x1": left + (i + 1) * step, "confidence": doubt}
        for i, ch in enumerate(head)
    ]
    return [*added, {**chars[0], "confidence": min(float(chars[0]["confidence"]), doubt)}, *chars[1:]]


def _after_speck_marks(finer: FinerImage, chars: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The digits of a number read after specks taken for points (`..0`, each point scored below
    `second_look_below`: 决算 seed 2025's lone `0`, a report quarantined for `.0`), where the band's
    finer reading finds one text there, right-aligned with the box: the digits alone, nothing left
    of them (a head detection lost, `2,371.62` read `.62`, reads longer there). The digits are
    then doubtful (`repaired_confidence`): the amount is read again from a finer image of its box
    and must come back the same. None where that is not so (the marks stay as read)."""
    if _digits_after_doubtful_marks(chars) is None:
        return None  # (before the band is read: a finer image rendered for nothing)
    top, bottom = min(c["top"] for c in chars), max(c["bottom"] for c in chars)
    # (the band's texts over the box and up to two characters left of it: a head read apart there)
    left = chars[0]["x0"] - 2 * (bottom - top)
    return digits_after_specks(chars, finer.band_boxes((left, top, chars[-1]["x1"], bottom)))


def digits_after_specks(
    chars: list[dict[str, Any]], band: list[tuple[str, float, float, float]]
) -> list[dict[str, Any]] | None:
    """`_after_speck_marks` given the band's texts (text, confidence, x0, x1) over the number's box
    and two characters left of it."""
    vocabulary = recognition()
    if (digits := _digits_after_doubtful_marks(chars)) is None or len(band) != 1:
        return None
    text = "".join(c["text"] for c in digits)
    height = max(c["bottom"] for c in chars) - min(c["top"] for c in chars)
    found, score, _, right = band[0]
    if found != text or score < vocabulary.second_look_below or abs(right - chars[-1]["x1"]) > height:
        return None
    return [{**c, "confidence": min(float(c["confidence"]), vocabulary.repaired_confidence)} for c in digits]


def _digits_after_doubtful_marks(chars: list[dict[str, Any]]) -> list[dict[str, Any]] | None:
    """The digits after one or more separator marks each scored below `second_look_below`
    (`..0`), or None where the characters are not so."""
    k = next((i for i, c in enumerate(chars) if not separator(c["text"])), len(chars))
    doubt = recognition().second_look_below
    if k == 0 or any(float(c["confidence"]) >= doubt for c in chars[:k]):
        return None
    digits = chars[k:]
    return digits if digits and all(c["text"].isdigit() for c in digits) else None


def _spans(rule: VRule, char: dict[str, Any]) -> bool:
    return rule.top - 1 <= (char["top"] + char["bottom"]) / 2 <= rule.bottom + 1


def rejoined_numbers(boxes: list[list[dict[str, Any]]], borders: list[VRule]) -> list[list[dict[str, Any]]]:
    """Boxes holding the two halves of one number joined (detection cut `3,660.34` into `3,660.`
    and `.34`, the point in both): on one line, no rule between them, digits either side of one
    separator that ends the first, starts the second, or is the same character read in both
    (their boxes overlap). The separator is then doubtful (`repaired_confidence`), so the amount
    is read again from a finer image of its whole box and must come back the same. So are halves
    cut at a point detection lost (`472 | 83`) or at a digit read in both (`3,981.8 | 874`):
    `halves_without_their_mark`."""
    boxes = [b for b in boxes if b]
    joined = True
    while joined:
        joined = False
        for i, left in enumerate(boxes):
            found = next(
                ((b, whole) for b in boxes if b is not left and (whole := _joined(left, b, borders)) is not None),
                None,
            )
            if found is None:
                continue
            right, whole = found
            boxes = [b for b in boxes if b is not left and b is not right]
            boxes.insert(i, whole)
            joined = True
            break
    return boxes


def _joined(
    left: list[dict[str, Any]], right: list[dict[str, Any]], borders: list[VRule]
) -> list[dict[str, Any]] | None:
    """The characters of one number of which `left` and `right` hold the halves, else None."""
    if not _halves(left, right, borders):
        return halves_without_their_mark(left, right, borders)
    doubt = recognition().repaired_confidence
    shared = bool(separator(left[-1]["text"]) and separator(right[0]["text"]))
    rest = right[1:] if shared else right
    mark = left[-1] if separator(left[-1]["text"]) else rest[0]
    doubtful = {**mark, "confidence": min(float(mark["confidence"]), doubt)}
    return [c if c is not mark else doubtful for c in left + rest]


def _halves(left: list[dict[str, Any]], right: list[dict[str, Any]], borders: list[VRule]) -> bool:
    a, b = left[-1], right[0]
    height = max(a["bottom"] - a["top"], b["bottom"] - b["top"])
    if abs((a["top"] + a["bottom"]) / 2 - (b["top"] + b["bottom"]) / 2) > height / 2:
        return False
    if not (b["x0"] >= a["x0"] and b["x0"] - a["x1"] <= height / 2) or cut_between([a], b, borders):
        return False
    left_text, right_text = "".join(c["text"] for c in left), "".join(c["text"] for c in right)
    marks = (bool(separator(left_text[-1])), bool(separator(right_text[0])))
    mark = separator(left_text[-1]) or separator(right_text[0])
    if marks == (True, True):
        # (one character read twice: the same mark, where both boxes have it)
        if separator(left_text[-1]) != separator(right_text[0]) or b["x0"] > a["x1"]:
            return False
        left_text, right_text = left_text[:-1], right_text[1:]
    elif marks == (True, False):
        left_text = left_text[:-1]
    elif marks == (False, True):
        right_text = right_text[1:]
    else:
        return False
    if mark == ",":
        # (cut at a thousands comma, `1,625,` | `605`: thousands before it, one group of three
        # after it, with its decimals if any; anything else is two numbers side by side)
        return bool(THOUSANDS_HEAD.fullmatch(left_text) and LAST_GROUP.fullmatch(right_text))
    return bool(re.fullmatch(r"-?[\d,]*\d", left_text) and re.fullmatch(r"\d+", right_text))


# How far apart (in character heights) the halves of a number cut at its lost point may lie: a
# point's width and the glyphs' margins (`472 | 83`: 0.35, `181 | 83`: 0.61), less than a code's
# cells are apart (`221 | 02`: 1.0).
_LOST_POINT_GAP = 0.65


def halves_without_their_mark(
    left: list[dict[str, Any]], right: list[dict[str, Any]], borders: list[VRule]
) -> list[dict[str, Any]] | None:
    """The characters of one number that detection cut into the boxes `left` and `right` (on one
    line, no rule between them) without a separator read at the cut, else None:

    - its point lost (`472 | 83` of 472.83): the left reads as the integer part, the right as two
      decimals, as close as a point's width allows (`_LOST_POINT_GAP`); the point is put back;
    - a digit read in both boxes, their boxes overlapping over it (`3,981.8 | 874` of 3,981,874):
      read once; a point then followed by three digits after grouped thousands is the comma it
      stands for (`3,981.874`).

    What is put back or changed is doubtful (`repaired_confidence`): the amount is read again
    from a finer image of its whole box and must come back the same, else its report is
    quarantined (two amounts of adjacent cells so joined never read back as one)."""
    a, b = left[-1], right[0]
    height = max(a["bottom"] - a["top"], b["bottom"] - b["top"])
    if abs((a["top"] + a["bottom"]) / 2 - (b["top"] + b["bottom"]) / 2) > height / 2 or cut_between([a], b, borders):
        return None
    if b["x0"] < a["x0"] or (b["x0"] + b["x1"]) / 2 < (a["x0"] + a["x1"]) / 2 - 0.5:
        return None
    doubt = recognition().repaired_confidence
    left_text, right_text = "".join(c["text"] for c in left), "".join(c["text"] for c in right)
    overlap = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    once = left_text + right_text[1:]
    # (the digit's two boxes overlapping over half the narrower; or at all where the number read
    # once is an amount's form and grouped, `3,045 | 5,638` of 3,045,638, 预算 seed 2335: each box
    # got a part of the 5's glyph)
    read_in_both = overlap > 0.5 * min(a["x1"] - a["x0"], b["x1"] - b["x0"]) or (
        overlap > 0 and GROUPED_AMOUNT.fullmatch(once) is not None
    )
    if (
        a["text"] == b["text"]
        and a["text"].isdigit()
        and read_in_both
        and re.fullmatch(r"-?[\d,.]*\d", left_text)
        and re.fullmatch(r"\d[\d,.]*", right_text)
    ):
        whole = [*left, *right[1:]]
        text = "".join(c["text"] for c in whole)
        if COMMA_READ_AS_POINT.fullmatch(text):
            point = text.rindex(".")
            whole[point] = {**whole[point], "text": ",", "confidence": min(float(whole[point]["confidence"]), doubt)}
        if parse_amount("".join(c["text"] for c in whole)) is None:
            return None
        return [{**c, "confidence": min(float(c["confidence"]), doubt)} if c is b or c is a else c for c in whole]
    gap = b["x0"] - a["x1"]
    # (two halves of a number split where its point was lost: the left's integer part, thousands
    # commas allowed, no point, then the two decimals)
    if (
        INTEGER_PART.fullmatch(left_text)
        and DECIMAL_DIGITS.fullmatch(right_text)
        and 0 < gap <= _LOST_POINT_GAP * height
    ):
        point = {**a, "text": ".", "x0": a["x1"], "x1": b["x0"], "confidence": doubt}
        return [*left, point, *right]
    return None


# A number read with a second point (`25.47.41` of 2547.41, `1,123.3.1` of 1,123.31): digits, its
# thousands commas and points.
_TWO_POINTS = re.compile(r"-?\d[\d,]*(\.\d+){2,}")
# A number read with its point twice, side by side (`14377..15`).
_DOUBLED_POINT = re.compile(r"-?\d[\d,]*\.\.\d+")
# An amount with two decimals, its integer part in thousands groups or ungrouped.
_TWO_DECIMALS = re.compile(rf"{UNGROUPED_TWO_DECIMALS.pattern}|{TWO_DECIMALS_AMOUNT.pattern}")


def without_speck_point(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A number read with more points than one (`25.47.41` of 2547.41, a speck between its digits
    read as a point, scored high) without the one point whose removal, and only its, leaves an
    amount with two decimals (`speck_point_dropped`: a speck or a thousands comma read as a
    point, its value the same). Its characters are doubtful then (`repaired_confidence`): the
    amount is read again from a finer image and must come back so, else its report is
    quarantined. Any other number stays as read (then no number: quarantined)."""
    return _one_dropped(chars, speck_point_dropped("".join(c["text"] for c in chars)))


def without_speck_marks(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A number read with one speck between its digits read as a mark no amount prints there
    (`specks_in_number_dropped`: a dash, a second point, a comma no group of three follows) without
    that character, the rest doubtful (`repaired_confidence`): a line read again so (决算 seed
    2402's `32,1.56` of 321.56, read so by both recognisers) has its amounts read alike from a
    finer image by the other recogniser, else the report is quarantined. Else as read."""
    return _one_dropped(chars, specks_in_number_dropped("".join(c["text"] for c in chars)))


def _one_dropped(chars: list[dict[str, Any]], fixed: str) -> list[dict[str, Any]]:
    """The characters without the one `fixed` (their text, one character shorter) lacks, the rest
    doubtful (`repaired_confidence`); as they are where `fixed` is no such reading."""
    text = "".join(c["text"] for c in chars)
    if len(fixed) != len(text) - 1:
        return chars
    at = next((i for i, (a, b) in enumerate(zip(text, fixed, strict=False)) if a != b), len(fixed))
    doubt = recognition().repaired_confidence
    return [{**c, "confidence": min(float(c["confidence"]), doubt)} for i, c in enumerate(chars) if i != at]


def speck_point_dropped(text: str) -> str:
    """`text` without the one point of several whose removal leaves an amount with two decimals
    (`25.47.41` → `2547.41`; `1,123.3.1` → `1,123.31`, 决算 seed 2146, its commas in their groups;
    `14377..15` → `14377.15`), else as it is."""
    if _DOUBLED_POINT.fullmatch(text) and _TWO_DECIMALS.fullmatch(doubled := text.replace("..", ".", 1)):
        return doubled  # (a speck read as a point right beside it: `14377..15`, 预算 seed 2226)
    if not _TWO_POINTS.fullmatch(text):
        return text
    fits = [i for i, ch in enumerate(text) if ch == "." and _TWO_DECIMALS.fullmatch(text[:i] + text[i + 1 :])]
    return text[: fits[0]] + text[fits[0] + 1 :] if len(fits) == 1 else text


# One comma among digits, before a point: no thousands comma where the digits after it are no
# group of three (`27,66.64`).
_COMMA_OUT_OF_GROUP = re.compile(r"-?\d+,\d+\.\d\d")


def speck_comma_dropped(text: str) -> str:
    """`text` without its one comma where no thousands comma stands there (the digits after it
    no group of three) and the rest is an amount with two decimals (`27,66.64` → `2766.64`: a
    speck between digits read as a comma, 预算 seed 2191; a comma changes no value), else as it
    is."""
    if not _COMMA_OUT_OF_GROUP.fullmatch(text) or GROUPED_AMOUNT.fullmatch(text):
        return text
    return text.replace(",", "")


def specks_in_number_dropped(text: str) -> str:
    """A number read again without the specks between its digits that it reads as marks no
    amount prints there, each only where the rest makes an amount's form: a `-`
    (`speck_dash_dropped`), a second point (`speck_point_dropped`), a comma no group of three
    follows (`speck_comma_dropped`). Both recognisers' readings of a box are mended so."""
    return speck_comma_dropped(speck_point_dropped(speck_dash_dropped(text)))


# A `-` between two digits: no amount prints one there (a minus stands before its digits).
DASH_BETWEEN_DIGITS = re.compile(r"(?<=\d)-(?=\d)")


def speck_dash_dropped(text: str) -> str:
    """A number read again without the one `-` between two of its digits (a speck there, read so
    by both recognisers: `163.1-1` of 163.11, 决算 seed 2108) where the rest is an amount's form;
    else as read (two cells' numbers glued, `12.00-3.00`, stay)."""
    found = DASH_BETWEEN_DIGITS.findall(text)
    if len(found) != 1:
        return text
    fixed = DASH_BETWEEN_DIGITS.sub("", text)
    return fixed if AMOUNT_FORM.fullmatch(fixed) else text
