"""The amounts read from recognised pages checked: each keeps the recogniser's confidence in its
lineage, and a report is quarantined where an amount may be misread or lost — a number no amount
was read of, a row name that is not its code's, a row read twice, an amount outside its column,
ink read as nothing, a low-confidence amount (or a decimal point a whole-元 table does not print,
where the image shows room for it between its digits: `scanimage.point_has_room`) that a finer
reading of its box does not give back, nor the second recogniser settle
(`settled_by_second_recogniser`: another model reading one of the two readings), an amount the
second recogniser alone read (a line read again: ingest/scan_second_lines.py) that the first does
not read alike from a finer image (`_read_alike`).

The recognised pages themselves are prepared in `ingest/scanned.py`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pdfplumber

from ingest.base import MisreadLine, amounts_on_a_row
from ingest.layout import Line, Rule, VRule
from ingest.number_forms import AMOUNT_FORM, TWO_DECIMALS
from ingest.ocr import box_image, reread_box, reread_in_band, unreadable_number
from ingest.ocr_chars import box_confidence, ink_before_in, recognition
from ingest.ocr_second import read_by_second, reread_amount
from ingest.records import Amount, ParsedDocument
from ingest.reread import in_column
from ingest.scan_codes import code_and_name_off, code_named, codes_off_their_parents, sibling_named
from ingest.scan_label_ink import label_with_unread_start
from ingest.scan_lost import LostInk, describe, ink_read_as_nothing
from ingest.scan_numbering import misnumbered
from ingest.scan_votes import (
    decimals_of,
    digits_apart,
    digits_of,
    marks_lost,
    numbers_read,
    point_in_a_whole_table,
    point_lost_in_a_fixed_report,
    point_room_settled,
    prints_whole,
    read_alike_again,
    same_amount,
    two_models_agree,
    usual_decimals,
    whole_among_decimals,
)
from ingest.scanimage import digit_glyphs, point_has_room, rules_across, upright_glyphs
from ingest.subjects import named_as_catalog
from ingest.text import parse_amount, unbalanced_brackets

if TYPE_CHECKING:
    from ingest.scanned import Recognised

# Lines with two amounts or more on a page none of whose amounts was read: a table's rows (fewer
# may be a sentence's figures, unless a column rule runs between two of them: `_ruled_row`).
_STRAY_ROWS = 3


def check_confidence(doc: ParsedDocument, path: Path, recognised: Recognised) -> LostInk | MisreadLine | None:
    """Each amount read from a recognised page keeps the recogniser's confidence in its lineage;
    one below `min_amount_confidence` is recognised again from a finer image of its line, and a
    report with an amount that second reading does not give back (the same text, scored at least
    `second_look_below`) is quarantined; so is one the second recogniser read (a line read again:
    ingest/scan_second_lines.py) that the first does not read alike. Returns what quarantined it
    where it may be read again: the ink read as no text (a cell `scan_recover` reads again), a
    line read so that no number or no code's name is read of it (`scan_second_lines`); else None."""
    if doc.status != "parsed" or not recognised.pages or doc.part == "text":
        # (a budget's text half states its amounts in sentences: their boxes are the lines', and
        # its balance rules and the gate's re-reader check them, as for a text layer)
        return None
    table_pages = {a.page for a in doc.amounts}
    # (a 绩效 table's pages are read into a table too, published or not: ingest/performance/scanned.py)
    performance_pages = {p for t in doc.performance for p in range(t.first_page, t.last_page + 1)}
    for number in sorted(set(recognised.pages) - table_pages - performance_pages):
        lines = recognised.pages[number].lines
        rows = [line for line in lines if len(amounts_on_a_row(line)) >= 2]
        page_rules = recognised.pages[number].rules
        if len(rows) >= _STRAY_ROWS or any(_ruled_row(line, page_rules) for line in rows):
            # (a continuation page whose repeated header recognition read otherwise than the first
            # page's is no table's: its amounts would be missing from a published report)
            doc.status, doc.reason_page = "quarantined", number
            doc.reason = f"page {number} prints rows of amounts read into no table ('{rows[0].text[:60]}')"
            # (its first line, where a repeated header is printed, is read again: `功能分类科自名称`)
            header = lines[0]
            return MisreadLine(number, header.top, header.bottom) if header not in rows else None
    for number in sorted(table_pages & set(recognised.pages)):
        if misread := misnumbered(recognised.pages[number].lines):
            line, doc.reason = misread
            doc.status, doc.reason_page = "quarantined", number
            return MisreadLine(number, line.top, line.bottom)
        for line in recognised.pages[number].lines:
            if bad := next((w.text for w in line.words if unreadable_number(w.text)), None):
                # (it was read as a label or dropped: an amount may be missing from its row)
                doc.status, doc.reason_page = "quarantined", number
                doc.reason = f"a number on a table page is not readable as one: '{bad}' ('{line.text[:60]}')"
                return MisreadLine(number, line.top, line.bottom)
    astray = codes_off_their_parents([t.amounts for t in doc.tables], set(recognised.pages))
    for amount in doc.amounts:
        if amount.page not in recognised.pages:
            continue
        if (why := _misnamed(amount)) is None and id(amount) in astray:
            why = f"code {amount.subject_code} is read under {astray[id(amount)]}, not its parent"
        if why is not None:
            doc.status, doc.reason_page = "quarantined", amount.page
            doc.reason = f"table {amount.table_code}: {why}: not read with certainty"
            line = _label_line(recognised.pages[amount.page].lines, amount)
            band = (line.top, line.bottom) if line is not None else (amount.top, amount.bottom)
            return MisreadLine(amount.page, *band)
    if twice := _read_twice([a for a in doc.amounts if a.page in recognised.pages]):
        # (a 栏次 line misread so that it counts nothing is read as a row of whole amounts: 09's
        # one row then has two, `1 | 2 | 3 …` above `0.96 | 0.96 …`)
        doc.status, doc.reason_page = "quarantined", twice.page
        doc.reason = (
            f"table {twice.table_code}: two rows read as '{twice.row_label or twice.row_key or twice.subject_code}' "
            f"with amounts under {twice.column_key}: not read with certainty"
        )
        return None
    if astray := next((a for a in doc.amounts if a.page in recognised.pages and not in_column(a)), None):
        # (its header cell named no column as read, `其他收人`-like beyond the known look-alikes:
        # the amount went to the nearest column, whose extent ends at that cell)
        doc.status, doc.reason_page = "quarantined", astray.page
        doc.reason = (
            f"table {astray.table_code}: amount {astray.amount_text} lies outside the column {astray.column_key} "
            "it was placed under (a header cell read as no column): not read with certainty"
        )
        return None
    if lost := ink_read_as_nothing(doc, recognised.pages):
        # (a printed amount detection missed, a lone `0`: the report would be published without it)
        doc.status, doc.reason_page, doc.reason = "quarantined", lost.page, describe(lost)
        return lost
    if unread := label_with_unread_start(recognised.pages, doc.amounts):
        # (a label whose enumeration recognition lost whole, every label of its column alike:
        # `一般公共预算财政拨款` printed `一、一般…`, known as read, no sequence to restore it by;
        # asked after lost ink, whose line read again may complete that sequence: 预算 seed 2525's
        # `三、城乡社区支出` lost whole under `卫生健康支出`, its `二、` lost, restored once it is read)
        amount = unread.amount
        doc.status, doc.reason_page = "quarantined", amount.page
        doc.reason = (
            f"table {amount.table_code}: row '{amount.row_label}' is printed with ink of {unread.characters:.1f} "
            f"characters before '{unread.label}' that was read as nothing: not read with certainty"
        )
        return MisreadLine(amount.page, unread.line.top, unread.line.bottom)
    floor = recognition().min_amount_confidence
    doubtful: dict[int, list[tuple[int, int]]] = {}  # page -> (table index, amount index)
    by_second: set[tuple[int, int]] = set()  # (the same) read by the second recogniser: a line read again
    roomy: set[tuple[int, int]] = set()  # (the same) whole numbers whose box may show a lost point's room
    for t, table in enumerate(doc.tables):
        for a, amount in enumerate(table.amounts):
            page = recognised.pages.get(amount.page)
            if page is None:
                continue
            amount = _within_its_cell(amount, page.rules)
            confidence = box_confidence(page.chars, amount.x0, amount.x1, amount.top, amount.bottom)
            table.amounts[a] = replace(amount, confidence=confidence)
            if read_by_second(page.chars, amount.x0, amount.x1, amount.top, amount.bottom):
                by_second.add((t, a))
            if (
                (confidence is not None and confidence < floor)
                or point_in_a_whole_table(table.amounts, a, doc.amounts)
                or point_lost_in_a_fixed_report(doc.amounts, table.amounts[a])
                or (t, a) in by_second
            ):
                doubtful.setdefault(amount.page, []).append((t, a))
            elif whole_among_decimals(table.amounts, a, doc.amounts):
                roomy.add((t, a))
                doubtful.setdefault(amount.page, []).append((t, a))
    if not doubtful:
        return None
    with pdfplumber.open(path) as pdf:
        for number, where in sorted(doubtful.items()):
            skew, image_page = recognised.pages[number].skew, pdf.pages[number - 1]
            for t, a in where:
                amount = doc.tables[t].amounts[a]
                if (t, a) in roomy:
                    if (why := point_room_settled(doc.tables[t].amounts, a, image_page, skew)) is not None:
                        doc.status, doc.reason_page, doc.reason = "quarantined", number, why
                        return None
                    continue
                # (a whole number where the report prints two decimals: the other model votes,
                # however confidently the first read it twice; judged of the report as it stands)
                lost_point = point_lost_in_a_fixed_report(doc.amounts, amount)
                box = (amount.x0, amount.top, amount.x1, amount.bottom)
                # (its glyphs are counted from the unread ink before it, where there is: ocr_ends)
                head = ink_before_in(recognised.pages[number].chars, amount.x0, amount.x1, amount.top, amount.bottom)
                counted = box if head is None else (min(head, amount.x0), *box[1:])
                text, confidence = reread_box(image_page, skew, box)
                if (t, a) in by_second:
                    whole = prints_whole(doc.tables[t].amounts, a)
                    if not _read_alike(amount, text, confidence, image_page, skew, whole):
                        doc.status, doc.reason_page = "quarantined", number
                        doc.reason = (
                            f"table {amount.table_code}: amount {amount.amount_text} on a line read again by the "
                            f"second recogniser is not read so by the first from a finer image ('{text}')"
                        )
                        return None
                    continue
                text, confidence = or_band_reading(text, confidence, image_page, skew, box, amount)
                usual = usual_decimals(doc.tables[t].amounts)
                # (a decimal point in a whole-元 table, `5195.6` of 51956, is a speck or a misread
                # however confidently read: a finer reading without it settles it, or one that
                # outvotes it below; never a reading that gives the point back)
                foreign_point = point_in_a_whole_table(doc.tables[t].amounts, a, doc.amounts)
                if foreign_point and _point_gone_again(amount, text, confidence):
                    doc.tables[t].amounts[a] = replace(
                        amount, amount=parse_amount(text), amount_text=text, confidence=confidence
                    )
                    continue
                outvoted = text and text != amount.amount_text and _outvoted(amount, text, confidence, usual)
                if outvoted and not (lost_point and decimals_of(text) != 2):
                    # (the band read as a third reading agrees with the second: `25.84` read first
                    # with doubt, `26.84` twice from the finer image; `2,239.32`, `2,239,232` twice;
                    # or, the band scoring it lower, the second recogniser reads it so too: 预算 seed
                    # 2175's `160,396.20` of a whole-元 160,396,260, the band at 0.89)
                    again = reread_in_band(image_page, skew, box)
                    settled = len(again) == 1 and again[0][0] == text
                    if settled and (
                        again[0][1] >= recognition().min_amount_confidence
                        or numbers_read(reread_amount(image_page, skew, box)) == [text]
                    ):
                        doc.tables[t].amounts[a] = replace(
                            amount, amount=parse_amount(text), amount_text=text, confidence=min(confidence, again[0][1])
                        )
                        continue
                if text and _in_another_form(amount, text, usual):
                    # (the box alone read in no form the table prints, `5,607.32` of a whole-元
                    # `5,607,332` read so first: the band, read as a third reading, settles it)
                    again = reread_in_band(image_page, skew, box)
                    if len(again) == 1 and again[0][1] >= recognition().min_amount_confidence:
                        text, confidence = again[0]
                if _point_found_again(amount, text, confidence):
                    doc.tables[t].amounts[a] = replace(
                        amount, amount=parse_amount(text), amount_text=text, confidence=confidence
                    )
                    continue
                # Confirmed when the second, independent reading gives the same text and is itself
                # no doubtful reading (a lone `0` scores 0.89 at either resolution: 北京 政务服务 p5);
                # or the same digits and value with its separators where the table prints them
                # (`2426,110` first, `2,426,110` again: a thousands comma the first reading lost).
                if same_amount(amount, text):
                    amount = replace(amount, amount_text=text)
                if foreign_point and (whole := _speck_point_gone(amount, image_page, skew)):
                    # (a speck between digits set as neighbours, read as a point at both
                    # resolutions and by the second recogniser alike: 预算 seed 2069 `40.49` of 4049)
                    doc.tables[t].amounts[a] = replace(amount, amount=parse_amount(whole), amount_text=whole)
                    continue
                if foreign_point and (whole := _whole_by_both_models(text, image_page, skew, box)):
                    # (预算 seed 2254: `19,352.0` on the page of 19,352,220, two digits lost and a comma
                    # read as a point; `19,352,220` from the finer image and by the second model)
                    doc.tables[t].amounts[a] = replace(
                        amount, amount=parse_amount(whole), amount_text=whole, confidence=confidence
                    )
                    continue
                if foreign_point:
                    doc.status, doc.reason_page = "quarantined", number
                    doc.reason = (
                        f"table {amount.table_code}: amount {amount.amount_text} read with a decimal point its "
                        f"table's other amounts do not print, and not read without it again ('{text}')"
                    )
                    return None
                if text == amount.amount_text and confidence < recognition().second_look_below:
                    # (read alike twice, both with doubt: a lone `0` scored 0.85, then 0.7, 决算
                    # seed 2012. The band, a third reading, settles it where it reads it alike
                    # with confidence)
                    confidence = _settled_by_band(text, confidence, reread_in_band(image_page, skew, box))
                first_scored = amount.confidence if amount.confidence is not None else 1.0
                if (
                    text != amount.amount_text
                    or lost_point
                    or min(confidence, first_scored) < recognition().second_look_below
                    or _more_glyphs_than_digits(text, image_page, skew, counted)
                ):
                    # (the second recogniser, another model, read around the box: where it reads
                    # what one of the two readings read, the two models agree. So too where the
                    # page's reading scored below what a second reading must: the first model's
                    # finer reading alone does not settle it, 预算 seed 2106's `13906599` of
                    # 15906599, a speck on the 5's top read `3` at 0.61, then at 0.93)
                    second = reread_amount(image_page, skew, box)
                    agreed = two_models_agree(amount, text, second, image_page, skew, usual, doc.amounts)
                    split = agreed is not None and agreed == amount.amount_text and digits_apart(agreed, text)
                    if split and _finer_again(text, image_page, skew, box):
                        # (预算 seed 2312: `2,025` on the page at 0.46 and by the second model, `2,925`
                        # from the finer image at 0.98 and from the band again: two readings each.
                        # Not a speck the finer image reads as a mark, `1,303,29.8` of 1,303,298:
                        # 预算 seeds 2303, 2306)
                        doc.status, doc.reason_page = "quarantined", number
                        doc.reason = (
                            f"table {amount.table_code}: amount {amount.amount_text} read so on the page and by the "
                            f"second recogniser, '{text}' from a finer image and from its band again: "
                            "not read with certainty"
                        )
                        return None
                    if agreed is not None and counted != box and _more_glyphs_than_digits(
                        agreed, image_page, skew, counted
                    ):
                        # (a digit's ink before the number that neither model reads: 决算 seed 2408's
                        # `1059.90` of 11,059.90, its `1` a speck on its top, read so by both)
                        doc.status, doc.reason_page = "quarantined", number
                        doc.reason = (
                            f"table {amount.table_code}: amount {amount.amount_text} is printed with a digit's ink "
                            f"before it that neither recogniser reads ('{text}', {' '.join(second) or 'nothing'}): "
                            "not read with certainty"
                        )
                        return None
                    if agreed is not None and not (lost_point and decimals_of(agreed) != 2):
                        doc.tables[t].amounts[a] = replace(
                            amount,
                            amount=parse_amount(agreed),
                            amount_text=agreed,
                            confidence=amount.confidence if agreed == amount.amount_text else confidence,
                        )
                        continue
                    doc.status, doc.reason_page = "quarantined", number
                    finer = "read so again" if text == amount.amount_text else "not read so again"
                    if lost_point:
                        doc.reason = (
                            f"table {amount.table_code}: amount {amount.amount_text} printed without the two "
                            f"decimals of every other amount of the report, {finer} from a finer image "
                            f"('{text}'), the second recogniser reading {' '.join(second) or 'nothing'}: "
                            "not read with certainty"
                        )
                        return None
                    doc.reason = (
                        f"table {amount.table_code}: amount {amount.amount_text} recognised with low confidence "
                        f"({amount.confidence:.2f}), {finer} from a finer image ('{text}') but not by the "
                        f"second recogniser ({' '.join(second) or 'nothing'})"
                    )
                    return None
                doc.tables[t].amounts[a] = replace(amount, confidence=max(amount.confidence or 0.0, confidence))
    return None


# Points kept off a column rule's centre by a box cut at it: its ink, and the point of margin a
# box is read again with (`ocr.reread_box`).
_OFF_RULE = 1.5


def _within_its_cell(amount: Amount, rules: list[Rule | VRule]) -> Amount:
    """The amount with its box cut at a column rule crossing it, its larger part kept: no amount
    is printed over a cell's rule, and a box reaching over one is read with the rule and the next
    cell's print in it (决算 seed 2189: the second recogniser's `7二、外交支出` boxed whole, its `7`
    given 4 points of the next cell, read again `7式`). So is a box ending within `_OFF_RULE` of a
    rule, which its reading again would take in (预算 seed 2598: `2.76` boxed to 0.7 points short of
    its cell's rule, read again `2.767`)."""
    inside = [
        x
        for x in rules_across(rules, amount.top, amount.bottom, slack=1.0)
        if amount.x0 - _OFF_RULE < x < amount.x1 + _OFF_RULE
    ]
    if not inside:
        return amount
    x = inside[0]
    if x - amount.x0 >= amount.x1 - x:
        return replace(amount, x1=min(amount.x1, x - _OFF_RULE))
    return replace(amount, x0=max(amount.x0, x + _OFF_RULE))


def _more_glyphs_than_digits(
    text: str, page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]
) -> bool:
    """Whether the amount's box holds more glyphs of a digit's height than `text`, the first
    recogniser's reading of it, has digits: a digit it lost at both resolutions (预算 seed 2142:
    `6,804,213` of 16,804,213 in a box eight digits wide, its head's ink made it doubtful, the
    finer image read it alike). The second recogniser then votes."""
    return len(digit_glyphs(box_image(page, skew, box))) > sum(ch.isdigit() for ch in text)


def _read_alike(
    amount: Amount, text: str, confidence: float, page: pdfplumber.page.Page, skew: float, whole: bool = False
) -> bool:
    """Whether the first recogniser's finer reading `text` (scored `confidence`) of the amount's box
    gives back the amount the second recogniser read (`read_alike_again`). The band across the page
    is read instead where the box alone gives no number, or the amount's digits in no amount's form
    that nothing mends (决算 seed 2328's `3,49259` of 3,492.59, its point lost, the band reading
    `3,492.59`), or a point where its table prints whole 元 (`whole`; 预算 seed 2455's
    `53,092.22` of 53,092,223, its last comma read as a point and a digit lost): a reading in a
    form the table does not print is no reading for or against it."""
    if read_alike_again(amount, text, confidence):
        return True
    if _no_number(text) or marks_lost(amount, text) or (whole and decimals_of(text) != 0):
        found = reread_in_band(page, skew, (amount.x0, amount.top, amount.x1, amount.bottom))
        text, confidence = found[0] if len(found) == 1 else ("", 0.0)
    return read_alike_again(amount, text, confidence)


def _ruled_row(line: Line, rules: list[Rule | VRule]) -> bool:
    """A column rule crossing the line between two of its amounts: a table's row in its cells (a
    sentence's figures have no rule between them, a page's frame runs beside them)."""
    amounts = amounts_on_a_row(line)
    across = rules_across(rules, line.top, line.bottom, slack=1.0)
    return any(a.x1 <= x <= b.x0 for a, b in itertools.pairwise(amounts) for x in across)


def _finer_again(finer: str, page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]) -> bool:
    """The band of the box, read as a third reading by the first model, reads the finer reading
    again, scored as a second reading must be: the page's reading the second model agrees with
    is then two readings against two."""
    again = reread_in_band(page, skew, box)
    return len(again) == 1 and again[0][0] == finer and again[0][1] >= recognition().second_look_below


def _settled_by_band(text: str, confidence: float, band: list[tuple[str, float]]) -> float:
    """The confidence of a text read alike twice with doubt, once the band's reading is had: its
    score where the band reads one box over the amount, alike."""
    return max(confidence, band[0][1]) if len(band) == 1 and band[0][0] == text else confidence


def or_band_reading(
    text: str,
    confidence: float,
    page: pdfplumber.page.Page,
    skew: float,
    box: tuple[float, float, float, float],
    of: Amount | None = None,
) -> tuple[str, float]:
    """A finer reading of an amount's box, or where it gives no number (`_no_number`: nothing
    detected in a crop that tight, a lone `0` read `可`, 预算 seed 2026), or one scored below what a
    second reading must that is in no amount's form (决算 seed 2333: `4.09100` at 0.38 of `·4.09`, a
    speck before it) or has more digits than the box's ink has glyphs (决算 seed 2337: `9,000.90` at
    0.48 of `9.00`), or, of amount `of`, its very digits in no amount's form however scored
    (`marks_lost`: 预算 seed 2637's `2014,777` of 2,014,777, a comma lost), the band across the page
    read instead: the one text found over the box, else nothing. (The band's reading is a reading
    like another: it must still agree with the second model's, `scan_votes.two_models_agree`.)"""
    garbled = confidence < recognition().second_look_below and (
        AMOUNT_FORM.fullmatch(text) is None
        or len(digits_of(text)) > len(upright_glyphs(box_image(page, skew, box)))
    )
    if not _no_number(text) and not garbled and not (of is not None and marks_lost(of, text)):
        return text, confidence
    found = reread_in_band(page, skew, box)
    return found[0] if len(found) == 1 else ("", 0.0)


def _no_number(text: str) -> bool:
    """A finer reading of an amount's box that gives no number at all (nothing, or a character
    detection made of a lone glyph cropped tight: `可` of a `0`): no reading of the amount, neither
    for nor against it; the band across the page is read instead."""
    return not any(ch.isdigit() for ch in text)


def _misnamed(amount: Amount) -> str | None:
    """Why a row read from an image is misread by its name, if it is: the code and the amounts
    were read, the name not (`组私警察` for 缉私警察; a code in no catalog a digit off one whose name
    is the row's read a character off: no local code), or a bracket the name opens or closes and
    does not close or open (预算 seed 2511's `维修护）费`: the catalog's name matched without its
    brackets, published with the `（` lost)."""
    code, label = amount.subject_code, amount.row_label
    if unbalanced_brackets(label):
        return f"row '{label}' read from the image opens or closes a bracket it does not close or open"
    if code and (
        not named_as_catalog(code, label)
        or code_named(code, label)
        or code_and_name_off(code, label)
        or sibling_named(code, label)
    ):
        return f"row '{label}' read from the image is not the name of its code {code}"
    return None


def _label_line(lines: list[Line], amount: Amount) -> Line | None:
    """The recognised line that holds an amount's row label (a word of it left of the amount),
    nearest the amount: in a tall row the label's line lies above the amounts' (`215 | 01 |
    资源探开发` above its amounts), and it is that line that is to be read again."""
    centre = (amount.top + amount.bottom) / 2
    height = amount.bottom - amount.top
    holding = [
        line
        for line in lines
        if abs((line.top + line.bottom) / 2 - centre) <= 1.5 * height
        and any(len(w.text) >= 2 and w.text in amount.row_label and w.x1 <= amount.x0 for w in line.words)
    ]
    return min(holding, key=lambda line: abs((line.top + line.bottom) / 2 - centre), default=None)


def _read_twice(amounts: list[Amount]) -> Amount | None:
    """The second amount of a table read under the same row (code, key, label) and column as
    another, if any: a table prints each of its rows once (a row read twice is a line misread)."""
    seen: set[tuple[str, str | None, str | None, str, str]] = set()
    for a in amounts:
        key = (a.table_code, a.subject_code, a.row_key, a.row_label, a.column_key)
        if key in seen:
            return a
        seen.add(key)
    return None


def _point_found_again(amount: Amount, text: str, confidence: float) -> bool:
    """The finer image shows the decimal point the first reading lost (`4802` read, `48.02`
    printed): the same digits, now in the form every amount of a 万元 table has (two decimals),
    read with full confidence. Anything else is no confirmation."""
    return (
        amount.printed_unit == "万元"
        and confidence >= recognition().min_amount_confidence
        and TWO_DECIMALS.fullmatch(text) is not None
        and amount.amount_text.isdigit()
        and text.replace(",", "").replace(".", "") == amount.amount_text
    )


def _point_gone_again(amount: Amount, text: str, confidence: float) -> bool:
    """The finer image reads the amount's very digits without the point, in a whole amount's form
    (thousands commas or none), with full confidence (`51956` of `5195.6`)."""
    return (
        confidence >= recognition().min_amount_confidence
        and AMOUNT_FORM.fullmatch(text) is not None
        and decimals_of(text) == 0
        and digits_of(text) == digits_of(amount.amount_text)
    )


def _speck_point_gone(amount: Amount, page: pdfplumber.page.Page, skew: float) -> str | None:
    """The amount without its point, in a whole amount's form, where the image shows no room for
    the point between the digits either side of it (`scanimage.point_has_room`: a speck); else None."""
    whole = amount.amount_text.replace(".", "")
    if AMOUNT_FORM.fullmatch(whole) is None:
        return None
    image = box_image(page, skew, (amount.x0, amount.top, amount.x1, amount.bottom))
    return whole if point_has_room(image, amount.amount_text) is False else None


def speck_point(whole: str, text: str, image: Callable[[], np.ndarray]) -> bool:
    """A reading `text` of a whole amount `whole` is it with a speck read as a point: the point in
    no amount's form (预算 seed 2108's `51.907467` by both recognisers), or in one with no room
    for it between its digits (`image`, the box's, asked only then: 预算 seed 2385's `2677.82` of
    267782, the speck read so from the finer image and by the second recogniser)."""
    if text.replace(".", "", 1) != whole or text == whole:
        return False
    return AMOUNT_FORM.fullmatch(text) is None or point_has_room(image(), text) is False


def _whole_by_both_models(
    finer: str, page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]
) -> str | None:
    """The finer reading of an amount a whole-元 table prints with a point, where it is a whole
    amount's form, the second recogniser's one amount around the box is it too (two models on
    its digits), and the box holds a glyph of a digit's height for each of its digits. Where the
    finer reading keeps the point, so the band's, the first model's third (预算 seed 2347's B01:
    `163,537.35` of 163,537,325 on the page and from the finer image, a digit lost and a comma
    read as a point; `163,537,325` from the band and by the second model, nine glyphs)."""
    reading = finer
    if "." in finer and len(band := reread_in_band(page, skew, box)) == 1:
        reading = band[0][0]
    # (the second model is asked only of a whole amount's form: its reading must be that one)
    if AMOUNT_FORM.fullmatch(reading) is None or "." in reading:
        return None
    if numbers_read(reread_amount(page, skew, box)) != [reading]:
        return None
    return reading if len(digit_glyphs(box_image(page, skew, box))) == len(digits_of(reading)) else None


def _outvoted(amount: Amount, text: str, confidence: float, usual_decimals: int | None = None) -> bool:
    """The finer image reads a doubtful amount confidently with one digit else: changed (`25.84`
    first, `26.84` again), or lost by the first reading, its comma then read as a point
    (`2,239.32` first, `2,239,232` again). A third reading may settle it (two finer readings
    alike). A reading in another form (decimals) only in the form of the table's other amounts
    (`usual_decimals`: whole 元 print none)."""
    digits, first = digits_of(text), digits_of(amount.amount_text)
    return (
        confidence >= recognition().min_amount_confidence
        and parse_amount(text) is not None
        and AMOUNT_FORM.fullmatch(text) is not None
        and (decimals_of(text) == decimals_of(amount.amount_text) or decimals_of(text) == usual_decimals)
        and (
            (len(digits) == len(first) and sum(x != y for x, y in zip(digits, first, strict=True)) == 1)
            or any(digits[:i] + digits[i + 1 :] == first for i in range(len(digits)) if len(digits) == len(first) + 1)
        )
    )




def _in_another_form(amount: Amount, text: str, usual: int | None) -> bool:
    """The finer reading `text` is in a form (decimals) the table does not print, the first
    reading in the table's own (`5,607.32` read again of a whole-元 `5,607,332`)."""
    return decimals_of(text) != usual == decimals_of(amount.amount_text)
