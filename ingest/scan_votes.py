"""The vote on a doubtful scanned amount: the page's reading, the first recogniser's reading of a
finer image of its box, and the second recogniser's reading around it (ingest/ocr_second.py), with
the ink of the box where the readings differ in a character. Two models agreeing on a digit's shape
settle it (their errors there are independent); on a mark (a sign, a point, a comma) they prove
nothing alone, a speck reads as one to both: the ink, or the report's printed form, must tell.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pdfplumber

from ingest.number_forms import AMOUNT_FORM, RECOGNISED_NUMBER
from ingest.ocr import box_image, reread_box
from ingest.ocr_chars import recognition
from ingest.ocr_ends import DASH_BETWEEN_DIGITS, speck_point_dropped
from ingest.ocr_second import reread_amount
from ingest.records import Amount
from ingest.scanimage import digit_glyphs, mark_has_room, point_has_room, sign_mark, upright_glyphs
from ingest.text import dropped_character, parse_amount


def numbers_read(texts: list[str]) -> list[str]:
    """The numbers read in a recogniser's text boxes, in order."""
    return [n for t in texts for n in RECOGNISED_NUMBER.findall(t)]


def digits_of(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def decimals_of(text: str) -> int:
    return len(text.rsplit(".", 1)[1]) if "." in text else 0


def read_by_both(
    page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]
) -> tuple[str, float] | None:
    """(text, score) of the box's one amount where both models read it alike: the first from a
    finer image, in an amount's printed form; the second's boxes holding that one number (`7.`,
    a speck beside the 7 read as a point, is 7). Else None. (A lone digit wants room around it:
    the first model's detector finds nothing in a box of its glyph alone, 预算 seed 2260's `9`.)"""
    text, score = reread_box(page, skew, box)
    if not AMOUNT_FORM.fullmatch(text) or numbers_read(reread_amount(page, skew, box)) != [text]:
        return None
    return text, score


def two_models_agree(
    amount: Amount,
    finer: str,
    second: list[str],
    page: pdfplumber.page.Page,
    skew: float,
    usual: int | None,
    report: Sequence[Amount] = (),
) -> str | None:
    """The reading the two models agree on (`settled_by_second_recogniser`), or the finer reading
    where it is the page's with one character more that the second recogniser reads too
    (`character_lost`) and the ink of the box shows: a digit, as many glyphs of a digit's height
    as the reading has digits (a speck read as a `1` by both is no such glyph); a point, room for
    it between its digits (`scanimage.point_has_room`: a speck has none; beside a `1`, told
    by the span over the `1`: `scanimage.mark_has_room`). A thin `1` the page's resolution lost:
    `7.76` of 71.76 (决算 seed 2058). So too the second's reading where both of the first's lost
    its head alike (`_head_lost`) and the box holds as many digits' glyphs as it has digits.
    Only in the form of the table's other amounts (`usual`: their decimals; `_in_a_printed_form`
    for a point lost). In a whole-元 table
    the readings are taken as the page's where a point no amount prints stands for its comma or a
    speck (`_as_whole_read`), and the page's reading stands where the second model reads it
    alike, whatever the finer one made of it (`_whole_read_alike`). `report`: the report's amounts,
    whose printed form tells what a reading in no such form lost. Where it prints every other
    amount with two decimals (`prints_two_decimals`): a point both finer readings give at
    two decimals stands where its room is not told (a point inked into its digit: 决算 seed 2178's
    `271` of 2.71), and so does a reading at two decimals where the page's is a whole number of
    as many digits and another reading reads either (`_point_lost_on_the_page`), where the box
    holds as many digits' glyphs. Where it prints its other amounts of four whole digits or
    more with thousands commas (`prints_thousands`): a finer reading the second
    model reads alike stands where the page's is its digits without their marks
    (`_separators_lost_on_the_page`), where the box holds as many digits' glyphs and a point has
    room. Where the finer reading the second model reads alike is the page's digits with their one
    mark in another gap, the reading whose gap the ink shows the mark's room in (`_mark_told`)."""
    fixed, grouped = prints_two_decimals(report, amount), prints_thousands(report, amount)
    finer, second = _as_whole_read(amount, finer, usual), [_as_whole_read(amount, t, usual) for t in second]
    finer, second = _as_page_read(amount, finer), [_as_page_read(amount, t) for t in second]
    image = box_image(page, skew, (amount.x0, amount.top, amount.x1, amount.bottom))
    if sign_mark(image) is False:
        # (the second's `-` where the ink before the digits is a speck, no dash: as for the
        # finer reading, `ocr.reread_box`; 预算 seed 2170, `-1,029.08` of 1,029.08)
        second = [t[1:] if t.startswith("-") else t for t in second]
    if (agreed := settled_by_second_recogniser(amount.amount_text, finer, second)) is not None:
        return agreed
    if usual == 0 and _whole_read_alike(amount.amount_text, finer, second):
        return amount.amount_text
    if _digit_added(amount.amount_text, finer, second):
        # (`17` from the finer image of a lone `7`, 决算 seed 2189, a short row's rules inside
        # the box: the page's reading stands where the ink shows no digit more than it has)
        return amount.amount_text if len(upright_glyphs(image)) == len(digits_of(amount.amount_text)) else None
    if _point_in_no_trimmed_form(amount.amount_text, finer, second) and prints_trimmed(report, amount):
        # (决算 seed 2539's 02: `10` on the page, `1.0` from the finer image and by the second
        # model, a speck between its digits, in a report printing `7` and `65.3`, never `1.0`)
        return amount.amount_text if len(digit_glyphs(image)) == len(digits_of(amount.amount_text)) else None
    if (whole := _head_lost(amount.amount_text, finer, second)) is not None:
        # (the head's ink inside the box, or before it: the box is the first model's, of what it
        # read; 预算 seed 2555's `1,317.71` read `317.71`, a speck atop its `1`)
        digits = sum(ch.isdigit() for ch in whole)
        height = amount.bottom - amount.top
        wider = (amount.x0 - height, amount.top, amount.x1, amount.bottom)
        shown = digits in (len(digit_glyphs(image)), len(digit_glyphs(box_image(page, skew, wider))))
        return whole if shown and (usual is None or decimals_of(whole) == usual) else None
    if fixed and usual in (None, 2) and (point := _point_lost_on_the_page(amount.amount_text, finer, second)):
        # (决算 seed 2174's 09: `662` on the page and by the second model, `6.62` from the finer
        # image, in a report printing every other amount with two decimals)
        return point if len(digit_glyphs(image)) == len(digits_of(point)) else None
    if grouped and usual != 0 and _separators_lost_on_the_page(amount.amount_text, finer, second, fixed):
        # (决算 seed 2234: `218036` on the page, `21,803.6` from the finer image and by the second
        # model, in a report grouping its thousands: the page lost the comma and the point both)
        shown = len(digit_glyphs(image)) == len(digits_of(finer))
        return finer if shown and point_has_room(image, finer) is not False else None
    if (moved := _mark_moved(amount.amount_text, finer, second)) is not None:
        # (预算 seed 2667: `27,008` on the page, `270.08` from the finer image and by the second
        # model, a comma's tail lost and the mark placed a gap on by both)
        return _mark_told(amount, finer, moved, image, usual, report, grouped)
    lost = character_lost(amount.amount_text, finer, second)
    if lost is None or not _in_a_printed_form(finer, usual, amount, report):
        return None
    if lost == ".":
        return finer if point_has_room(image, finer) is True or (fixed and decimals_of(finer) == 2) else None
    return finer if len(digit_glyphs(image)) == sum(ch.isdigit() for ch in finer) else None


def _mark_moved(first: str, finer: str, second: list[str]) -> tuple[int, int] | None:
    """Where the page's reading `first` and the finer one, the second recogniser's one amount
    around the box, are the same digits with one mark each (a comma or a point) between two
    digits, in other gaps (`27,008` / `270.08`): the places of the page's mark and the finer
    one's. Else None. Two models reading a mark alike prove nothing of it (a comma whose tail is
    lost reads as a point to both); where it is, the ink tells (`_mark_told`)."""
    if numbers_read(second) != [finer] or digits_of(first) != digits_of(finer):
        return None
    marks = [[i for i, ch in enumerate(text) if not ch.isdigit()] for text in (first, finer)]
    if any(len(m) != 1 for m in marks) or "-" in first + finer:
        return None
    (at_first,), (at_finer,) = marks
    return None if at_first == at_finer else (at_first, at_finer)  # (one mark: its place is its gap)


def _mark_told(
    amount: Amount,
    finer: str,
    moved: tuple[int, int],
    image: np.ndarray,
    usual: int | None,
    report: Sequence[Amount],
    grouped: bool,
) -> str | None:
    """Of two readings of an amount with its mark in other gaps (`_mark_moved`), the one whose
    gap the ink shows room for a mark in where the other's shows none (`scanimage.mark_has_room`:
    a printed mark stands its digits apart by its own width), in a form the table prints (a comma
    where the report groups its thousands); else None."""
    readings = (amount.amount_text, finer)
    rooms = [mark_has_room(image, text, at) for text, at in zip(readings, moved, strict=True)]
    if set(rooms) != {True, False}:
        return None
    chosen = readings[rooms.index(True)]
    in_form = AMOUNT_FORM.fullmatch(chosen) is not None and _in_a_printed_form(chosen, usual, amount, report)
    return chosen if in_form and ("," not in chosen or grouped) else None


# Amounts of a table this many or more, besides the one judged, printed with as many decimals as
# a reading: a form the table prints, if not its usual one (a report printing decimals trimmed,
# `26.9` and `9` beside `368.33`).
_FORM_QUORUM = 2


def _in_a_printed_form(text: str, usual: int | None, amount: Amount, report: Sequence[Amount]) -> bool:
    """`text` has the decimals most amounts of its table print (`usual`), or those of at least
    `_FORM_QUORUM` of its table's other amounts (预算 seed 2299's B05: `269` on the page at 0.68,
    `26.9` from the finer image and by the second model, a table printing 26.9 five times more),
    or, in a report printing its decimals trimmed (`prints_trimmed`), decimals not ending in 0
    (决算 seed 2554's 01: `2017` on the page, `201.7` by both finer readings, the table's only
    amount with one decimal)."""
    if usual is None or decimals_of(text) == usual:
        return True
    if decimals_of(text) and not text.endswith("0") and prints_trimmed(report, amount):
        return True
    alike = [
        a
        for a in report
        if a is not amount and a.table_code == amount.table_code and decimals_of(a.amount_text) == decimals_of(text)
    ]
    return len(alike) >= _FORM_QUORUM


# A report printing this many amounts, every one with two decimals, prints them fixed: a report
# printing decimals trimmed (`7`, `65.3`) prints some otherwise long before (one in ten ends in 0).
_FIXED_QUORUM = 50


def prints_two_decimals(amounts: Sequence[Amount], amount: Amount) -> bool:
    """Whether every amount of the report but `amount` prints two decimals, at least
    `_FIXED_QUORUM` of them: one read without a point there lost it (`two_models_agree`)."""
    others = [a for a in amounts if a is not amount]
    return len(others) >= _FIXED_QUORUM and all(decimals_of(a.amount_text) == 2 for a in others)


# A report printing this many amounts with decimals, not one of them ending in 0, prints its
# decimals trimmed (`65.3`, `7`: one in ten of a fixed report's decimals ends in 0).
_TRIMMED_QUORUM = 20


def prints_trimmed(amounts: Sequence[Amount], amount: Amount) -> bool:
    """Whether the report prints its decimals trimmed, as read of all but `amount`
    (`_TRIMMED_QUORUM`): no amount of it is printed with decimals ending in 0."""
    decimal = [a.amount_text for a in amounts if a is not amount and "." in a.amount_text]
    return len(decimal) >= _TRIMMED_QUORUM and not any(t.endswith("0") for t in decimal)


def _point_in_no_trimmed_form(first: str, finer: str, second: list[str]) -> bool:
    """The finer reading and the second model's are the page's whole number with a point among
    its digits, its decimals ending in 0 (`1.0` of `10`, `12.50` of `1250`): a form no report
    printing its decimals trimmed prints, so a speck read as a point by both."""
    return (
        "." not in first
        and finer.replace(".", "", 1) == first
        and re.fullmatch(r"\d+\.\d*0", finer) is not None
        and numbers_read(second) == [finer]
    )


# A report printing this many amounts of four whole digits or more, nine in ten of them or more
# read with thousands commas, groups its thousands: one read without them lost its marks (a
# comma is lost on the page now and then: 预算 seed 2232's `2302.87` of 2,302.87; a report that
# prints none is read with none, but where a speck reads as one).
_GROUPED_QUORUM = 10
_GROUPED_SHARE = 0.9


def prints_thousands(amounts: Sequence[Amount], amount: Amount) -> bool:
    """Whether the report groups the thousands of its amounts of four whole digits or more, as
    read of all but `amount` (`_GROUPED_QUORUM`, `_GROUPED_SHARE`; `two_models_agree`)."""
    large = [a for a in amounts if a is not amount and len(digits_of(a.amount_text.split(".")[0])) >= 4]
    grouped = sum("," in a.amount_text for a in large)
    return len(large) >= _GROUPED_QUORUM and grouped >= _GROUPED_SHARE * len(large)


# A table whose amounts print without decimals (whole 元) has this many at least besides the one
# judged: fewer say nothing of the table's form.
_WHOLE_TABLE_QUORUM = 3
# Of a whole-元 table's other amounts, the share read with a point too (specks as well: 预算 seed
# 2385's B06 reads `2677.82` of 267782 and `26581.1` of 265811). A table printing decimals where
# they are not zeros (`trimmed`: `12.5`, `3`) prints them on most of its amounts.
_WHOLE_TABLE_SPECKS = 0.1


def prints_whole(amounts: Sequence[Amount], index: int) -> bool:
    """Whether the table of `amounts` prints whole 元 as read of all its amounts but the one at
    `index`: none with decimals, but for one in ten at most, at least _WHOLE_TABLE_QUORUM of them
    printing none."""
    others = [*amounts[:index], *amounts[index + 1 :]]
    pointed = sum(decimals_of(a.amount_text) != 0 for a in others)
    return len(others) - pointed >= _WHOLE_TABLE_QUORUM and pointed <= _WHOLE_TABLE_SPECKS * len(others)


def point_in_a_whole_table(amounts: Sequence[Amount], index: int, report: Sequence[Amount]) -> bool:
    """The table's amount at `index` prints decimals where the table prints whole 元
    (`prints_whole`): its point is a speck or a misread, not the publisher's. Not in a report
    printing its decimals trimmed (`prints_trimmed`), whose tables of whole amounts and zeros
    print a few with decimals (决算 seed 2561's 09: `18`, `0` ×8, `11.16` twice)."""
    return (
        decimals_of(amounts[index].amount_text) != 0
        and prints_whole(amounts, index)
        and not prints_trimmed(report, amounts[index])
    )


def point_lost_in_a_fixed_report(report: Sequence[Amount], amount: Amount) -> bool:
    """The amount prints no decimals, but a digit other than 0 (`0` is no `0.00` with its point
    lost), where the report prints every other amount with two (`prints_two_decimals`): its point
    may be lost, however confidently it was read (预算 seed 2271's `61529` of 615.29, at 0.997), or
    its decimals with it (预算 seed 2321's `49` of 49.19, at 0.95). It stands only as a reading at
    two decimals that two models settle; else quarantined."""
    return (
        decimals_of(amount.amount_text) == 0
        and digits_of(amount.amount_text).strip("0") != ""
        and prints_two_decimals(report, amount)
    )


def whole_among_decimals(amounts: Sequence[Amount], a: int, report: Sequence[Amount]) -> bool:
    """The amount at `a` of a table printing decimals (`amounts`) is a bare whole number of three
    digits or more, in a report not printing two decimals fixed (there `point_lost_in_a_fixed_report`
    doubts it): its point may be lost, printed faint (预算 seed 2512's `204` of 2.04, read so by the
    first model twice, in a report printing its decimals trimmed). Its box's image tells
    (`point_room`)."""
    text = amounts[a].amount_text
    return (
        text.isdigit()
        and len(text) >= 3
        and usual_decimals(amounts) not in (None, 0)
        and not prints_two_decimals(report, amounts[a])
    )


def point_room(image: np.ndarray, text: str) -> str | None:
    """The reading of a bare whole number `text` with a point put back where the image of its box
    shows a point's room between two of its digits, before its last two or its last one
    (`scanimage.point_has_room`: digits set as neighbours stand closer; a speck makes no room),
    else None. Not beside a `1`, whose stroke stands anywhere in its advance (预算 seed 2582's
    whole `8163` showed room between `1` and `6`, and was held for it)."""
    for k in (len(text) - 2, len(text) - 1):
        if k < 1 or "1" in (text[k - 1], text[k]):
            continue
        if point_has_room(image, point := f"{text[:k]}.{text[k:]}") is True:
            return point
    return None


def point_room_settled(amounts: list[Amount], a: int, page: pdfplumber.page.Page, skew: float) -> str | None:
    """A bare whole number in a table printing decimals (`whole_among_decimals`) stands as read
    where its box's image shows no point's room between its digits; where it shows one, it is read
    with that point where the second recogniser reads it so (预算 seed 2512: `204` of 2.04 by the
    first model twice, `2.04` by the second, the room of its faint point between `2` and `0`), else
    why the report is quarantined."""
    amount = amounts[a]
    box = (amount.x0, amount.top, amount.x1, amount.bottom)
    if (point := point_room(box_image(page, skew, box), amount.amount_text)) is None:
        return None
    second = reread_amount(page, skew, box)
    if numbers_read(second) == [point]:
        amounts[a] = replace(amount, amount=parse_amount(point), amount_text=point)
        return None
    return (
        f"table {amount.table_code}: amount {amount.amount_text} is printed with a point's room between its "
        f"digits ({point}) that the second recogniser does not read ({' '.join(second) or 'nothing'}): "
        "not read with certainty"
    )


def usual_decimals(amounts: Sequence[Amount]) -> int | None:
    """The decimals most amounts of a table print (2, or 0 in whole 元)."""
    counts = Counter(decimals_of(a.amount_text) for a in amounts)
    return counts.most_common(1)[0][0] if counts else None


def _point_lost_on_the_page(first: str, finer: str, second: list[str]) -> str | None:
    """The reading at two decimals of an amount whose page's reading `first` is a whole number of
    as many digits, where two of the three readings read its digits and one of them the point:
    the finer reading where the second recogniser's one amount around the box is the finer
    reading (its digits then settled by two models: `241` of 9.41, 决算 seed 2142) or the page's
    with the same digits (the point lost by both: `662` of 6.62, 决算 seed 2174); the second's
    where the finer reading is the page's (the point inked into a digit, lost by the first model
    at both resolutions: `61529` of 615.29, 预算 seed 2271); and `first` where it is that reading
    at two decimals already, the finer reading its digits alone and the second's the same (the
    amount so mended, looked at again: `scan_cross`). Else None. Taken where the report prints
    every other amount with two decimals (`two_models_agree`): a whole `first` is then in no form
    the report prints."""
    numbers = numbers_read(second)
    if decimals_of(first) == 2 and "-" not in first and finer == digits_of(first) and numbers == [first]:
        return first
    if not first.isdigit():
        return None
    if finer == first and len(numbers) == 1:
        finer, numbers = numbers[0], [first]
    if not (
        AMOUNT_FORM.fullmatch(finer) and decimals_of(finer) == 2
        and "-" not in finer and len(digits_of(finer)) == len(first)
    ):  # fmt: skip
        return None
    return finer if numbers == [finer] or (numbers == [first] and digits_of(finer) == first) else None


def _separators_lost_on_the_page(first: str, finer: str, second: list[str], two_decimals: bool = False) -> bool:
    """Whether the page's reading `first` is the finer reading's digits without their marks, the
    finer reading an amount with thousands commas, and the second recogniser's one amount around
    the box the finer reading: two models on its digits and marks, where the page read neither
    comma nor point (`218036` of 21,803.6, 决算 seed 2234; `39888` of 3,988.8, 预算 seed 2232).
    Taken where the report groups every other amount's thousands (`two_models_agree`): `first`
    is then in no form the report prints. A speck read as a mark by both models makes one mark,
    not a comma and the digits grouped in threes behind it. Where the report prints every other
    amount with two decimals (`two_decimals`), the finer reading must too: one at another is in
    no form the report prints either (its marks misplaced, however alike two models read them)."""
    return (
        first.isdigit() and "," in finer and "-" not in finer and AMOUNT_FORM.fullmatch(finer) is not None
        and digits_of(finer) == first and numbers_read(second) == [finer]
        and (not two_decimals or decimals_of(finer) == 2)
    )  # fmt: skip


def _digit_added(first: str, finer: str, second: list[str]) -> bool:
    """Whether the finer reading is the page's reading `first` with one digit more, and the second
    recogniser's one amount around the box is `first`: two models against one reading's digit
    (taken where the box's ink holds no glyph more: `two_models_agree`)."""
    numbers = numbers_read(second)
    k = dropped_character(finer, first)
    return numbers == [first] and AMOUNT_FORM.fullmatch(first) is not None and k is not None and finer[k].isdigit()


def _head_lost(first: str, finer: str, second: list[str]) -> str | None:
    """The second recogniser's one amount around the box where the first read it alike on the page
    and from the finer image but for its head: digits (and the comma after them) before the rest,
    `6,804,213` of `16,804,213` (预算 seed 2142, a thin `1` the first model lost at both
    resolutions). Else None. (Taken where the box's ink holds as many digits: `two_models_agree`.)"""
    numbers = numbers_read(second)
    if first != finer or len(numbers) != 1 or AMOUNT_FORM.fullmatch(numbers[0]) is None:
        return None
    whole = numbers[0]
    head = whole[: len(whole) - len(first)]
    return whole if head and whole.endswith(first) and re.fullmatch(r"\d+,?", head) else None


def _whole_read_alike(first: str, finer: str, second: list[str]) -> bool:
    """Whether the page's reading `first` of an amount of a whole-元 table is the one number the
    second recogniser reads around it, with neither a point nor a sign in it, nor a sign in the
    finer reading: two models then read its digits alike, and its commas change no value, whatever
    the finer reading made of them (`16,537.34` of `16,537,324`, a digit lost and a comma read as
    the point no amount of the table prints, 预算 seed 2120). A sign is a mark both may read in a
    speck, or lose (决算 2116: `6` on the page and by the second model, `-6` from the finer image):
    not settled so. So too where the second's one text box holds the very digits with marks
    between them in no amount's form (`5.52-1,611` of 5,521,611, a comma read as a point and a
    speck as a dash, 预算 seed 2261): its digits are read alike, its marks are noise."""
    numbers = numbers_read(second)
    # (a point the finer reading finds among the same digits is a point both others lost: `4049`
    # read on the page and by the second model of `40.49`, a table printing decimals trimmed)
    lost_point = "." in finer and digits_of(finer) == digits_of(first)
    noisy = (
        len(second) == 1 and _MARKS_BETWEEN_DIGITS.fullmatch(second[0]) is not None
        and AMOUNT_FORM.fullmatch(second[0]) is None and digits_of(second[0]) == digits_of(first)
    )  # fmt: skip
    return (
        (numbers == [first] or noisy) and AMOUNT_FORM.fullmatch(first) is not None
        and not set(first) & set("-.") and "-" not in finer and not lost_point
    )  # fmt: skip


# Digits with a mark between each run of them, none before or after: one number's digits as a
# model read them with specks (`5.52-1,611`).
_MARKS_BETWEEN_DIGITS = re.compile(r"\d+(?:[.,\-]\d+)+")


def _as_whole_read(amount: Amount, text: str, usual: int | None) -> str:
    """A reading of an amount of a whole-元 table (`usual` 0) with a point no amount of the table
    prints, where the page's reading has a comma there or nothing, the digits alike, as the page
    read it: the comma's tail lost (`33.028` of `33,028`, 预算 seed 2132 by both models) or a speck
    read as a point (`27,303,96.1` of `27,303,961`, 预算 2120 by both, as `scan_cross` has it),
    in no amount's printed form. Else as read."""
    if usual != 0 or text.count(".") != 1 or AMOUNT_FORM.fullmatch(text):
        return text  # (`40.49` is an amount's form: a table printing decimals trimmed prints it)
    return amount.amount_text if amount.amount_text in (text.replace(".", ","), text.replace(".", "")) else text


def _as_page_read(amount: Amount, text: str) -> str:
    """A reading that is the page's but for letters, each in the place of a digit of the page's
    reading that it is a known look-alike of (recognition.yaml, wherever in a number it may stand):
    the page's reading, the glyph read alike by the finer one (预算 seed 2534: a `0` touching its
    cell's rule read `268.8Q` by both models, `268.80` on the page). Else as read."""
    page = amount.amount_text
    if len(text) != len(page) or text == page:
        return text
    vocabulary = recognition()
    lookalikes = {**vocabulary.lone_digit_lookalikes, **vocabulary.inner_digit_lookalikes}
    alike = all(a == b or (b.isdigit() and lookalikes.get(a) == b) for a, b in zip(text, page, strict=True))
    return page if alike else text


def character_lost(first: str, finer: str, second: list[str]) -> str | None:
    """The character (a digit, or the point where `first` has none) the page's reading `first`
    lacks that the finer reading has and the second recogniser reads too, its one amount there
    `finer` exactly: `7.76`, `71.76`, `['71.76']` → `1`. Else None."""
    numbers = numbers_read(second)
    if numbers != [finer] or AMOUNT_FORM.fullmatch(finer) is None or (k := dropped_character(finer, first)) is None:
        return None
    return finer[k] if finer[k].isdigit() or (finer[k] == "." and "." not in first) else None


def settled_by_second_recogniser(first: str, finer: str, second: list[str]) -> str | None:
    """The reading of a doubtful amount two models agree on, where the first recogniser's two
    readings (`first` from the page, `finer` from a finer image of its box) left it unsettled:
    the one amount the second recogniser reads around the box (`second`: its text boxes there),
    when it is `first` or `finer`, in an amount's form. Only where the two readings differ in
    digits alone, or not at all (a low score): a speck is ink either model may read as a sign, a
    point or a comma (预算 seed 2023: `-4574312` of 4574312 by both, the speck touching its `4`),
    so marks two models read alike are no more certain than one; a digit's shape is where their
    errors are independent (决算 seed 2010: a `0` read `8` on the page, `0` from the finer image).
    Where the first's two readings are alike, the second's of their digits with the point read as
    a comma before the decimals (`2057,92`, `_point_read_as_comma`) reads them too."""
    numbers = numbers_read(second)
    alike = first == finer or (parse_amount(first) is not None and parse_amount(first) == parse_amount(finer))
    if alike and first in numbers and AMOUNT_FORM.fullmatch(first):
        # (the first's two readings alike, or of one value with a comma more or less: no choice
        # between them, so a neighbour's number read around the box too leaves no doubt which is
        # the amount's: `2,186.70. 2`, 决算 seed 2105; `2636,442` of `2,636,442`, 预算 2134)
        return first
    if alike and AMOUNT_FORM.fullmatch(first) and len(numbers) == 1 and _point_read_as_comma(numbers[0]) == first:
        # (决算 seed 2344: `2057.92` on the page and from the finer image, `2057,92.` by the second
        # model: its digits, the point where a comma before two decimals can be no thousands')
        return first
    if len(numbers) != 1 or AMOUNT_FORM.fullmatch(numbers[0]) is None:
        return None
    if alike and parse_amount(numbers[0]) == parse_amount(first) and digits_of(numbers[0]) == digits_of(first):
        # (the first's two readings alike, the second's of the same digits and value with its
        # thousands grouped: 预算 seed 2416's `2096.28` of 2,096.28, the page's comma lost twice.
        # A comma in an amount's form changes no value; the first model is the one losing them)
        return numbers[0]
    if not finer or _marks(first) != _marks(finer):
        return None
    return numbers[0] if numbers[0] in (first, finer) else None


def _point_read_as_comma(number: str) -> str:
    """A number read with a comma before its last one or two digits (`2057,92`): no thousands
    comma stands there, the decimal point read as one; else the number as read."""
    return re.sub(r",(\d{1,2})$", r".\1", number)


def digits_apart(first: str, other: str) -> bool:
    """Two readings of one amount's form that differ in digits alone (`2,025`, `2,925`): where a
    digit's shape was read otherwise, not a speck read as a mark (`1,303,298`, `1,303,29.8`)."""
    return first != other and AMOUNT_FORM.fullmatch(other) is not None and _marks(first) == _marks(other)


def _marks(text: str) -> str:
    """A number's form without its digits (`-d,ddd.dd`): its sign, separators and point. A letter
    stands where a digit's shape was misread (`A.63` of 4.63): a digit's place, no mark."""
    return re.sub(r"[\dA-Za-z]", "d", text)


def marks_lost(amount: Amount, text: str) -> bool:
    """A finer reading of the amount's very digits in no amount's form (`3,49259` of 3,492.59, its
    point lost; `2014,777` of 2,014,777): no reading for or against it, the band's is read."""
    return digits_of(text) == digits_of(amount.amount_text) and AMOUNT_FORM.fullmatch(text) is None


def read_alike_again(amount: Amount, text: str, confidence: float) -> bool:
    """Whether a finer reading `text` (scored `confidence`) gives the amount back with confidence:
    the same text, or the same digits and value with its separators placed otherwise or thousands
    commas lost (`_commas_lost`), once specks between its digits read as marks no amount prints
    there are gone: a `-`, then a second point (`4.27-1.93` of 4,271.93, its comma read as a
    point, 决算 seed 2182). The value must be the
    amount's: two cells' numbers glued (`12.00-3.00`) are never that."""
    mended = speck_point_dropped(DASH_BETWEEN_DIGITS.sub("", text))
    return confidence >= recognition().second_look_below and any(
        t == amount.amount_text or same_amount(amount, t) or _commas_lost(amount.amount_text, t) for t in (text, mended)
    )


def _commas_lost(printed: str, text: str) -> bool:
    """Whether `text` is `printed` with one or more of its thousands commas lost, all else alike
    (`2739,864` of 2,739,864, 预算 seed 2699: a mark lost changes no value)."""
    if len(text) >= len(printed):
        return False
    i = 0
    for ch in printed:
        if i < len(text) and text[i] == ch:
            i += 1
        elif ch != ",":
            return False
    return i == len(text)


def same_amount(amount: Amount, text: str) -> bool:
    """A finer reading `text` of the amount's very digits and value, in an amount's printed form,
    its separators placed otherwise (`2,426,110` of `2426,110`)."""
    return (
        text != amount.amount_text
        and AMOUNT_FORM.fullmatch(text) is not None
        and digits_of(text) == digits_of(amount.amount_text)
        and parse_amount(text) == amount.amount
    )
