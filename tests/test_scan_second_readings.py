"""Scanned pages: misreadings the fidelity scans showed (generated 决算/预算 scans, seeds 2000–2009),
settled from the page's own evidence or quarantined. No recognition runs here: lines, characters
and images are made by hand, as recognition returns them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from ingest.columns import numbers_the_columns
from ingest.layout import Line, Word
from ingest.ocr import RecognisedPage
from ingest.ocr_repair import column_numbers_read_back
from ingest.records import Amount, ParsedDocument, ReportTable
from ingest.scanimage import sign_mark
from ingest.scanned import Recognised, _in_another_form, _outvoted, check_confidence


def _numbers(*texts: str, low: int | None = None) -> tuple[Line, list[dict[str, Any]]]:
    """A line of bare numbers 64 pt apart (09's 栏次 line) and its characters, the `low`-th read
    with a score of 0.68."""
    words = [Word(text, 60.0 + 64 * i, 68.0 + 64 * i, 514.0, 522.0) for i, text in enumerate(texts)]
    chars = [
        {"text": w.text, "x0": w.x0, "x1": w.x1, "top": w.top, "bottom": w.bottom,
         "confidence": 0.68 if i == low else 0.99}
        for i, w in enumerate(words)
    ]  # fmt: skip
    return Line(1, words), chars


def _read_back(*texts: str, low: int | None = None) -> str:
    line, chars = _numbers(*texts, low=low)
    column_numbers_read_back([([line], chars)])
    return line.text


def test_a_column_number_misread_is_read_back_where_the_line_then_counts_the_columns() -> None:
    # 决算 seed 2009: `8` read as `B`, the line then counted nothing and its 11 numbers were
    # published as 09's one row (above the real one); seed 2008: `1` read as `7` (scored 0.68)
    counted = " ".join(str(n) for n in range(1, 13))
    assert _read_back(*["1", "2", "3", "4", "5", "6", "7", "B", "9", "10", "11", "12"]) == counted
    assert _read_back(*["7", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"], low=0) == counted
    assert numbers_the_columns(Line(1, [Word(t, 0, 1, 0, 1) for t in counted.split()]))
    # a number read with confidence is left as read, and so is what counts nothing once read back
    assert _read_back("7", "2", "3", "4") == "7 2 3 4"
    assert _read_back("25", "B", "25", "0") == "25 B 25 0"
    assert _read_back("25", "0", "25", "0", low=1) == "25 0 25 0"  # a row of whole amounts (General format)
    assert _read_back("1", "2", "B", "B") == "1 2 B B"


def _amount(text: str, column: str, top: float = 524.0, unit: str = "万元") -> Amount:
    amount = Amount("09", 1, 1, "", column, Decimal(text.replace(",", "")), text, unit, row_key="three_public")
    return replace(amount, x0=80.0, x1=96.0, top=top, bottom=top + 8)


def test_a_row_read_twice_in_a_table_quarantines() -> None:
    """The 栏次 line read as a row of 09 (`1 | 2 | 3`) over its one row (`0.96 | 0.96`): the table
    holds its row twice, one of them misread; never published."""
    twice = [_amount("1", "budget_total", top=514.0), _amount("0.96", "budget_total")]
    doc = ParsedDocument("x", "x.pdf", "x.pdf", 1, "parsed", tables=[ReportTable("09", "found", amounts=twice)])
    check_confidence(doc, Path("x.pdf"), Recognised({1: RecognisedPage([])}))
    assert doc.status == "quarantined" and "two rows" in (doc.reason or ""), doc.reason
    once = [_amount("0.96", "budget_total"), _amount("0.96", "budget_vehicle_total")]
    doc = ParsedDocument("x", "x.pdf", "x.pdf", 1, "parsed", tables=[ReportTable("09", "found", amounts=once)])
    check_confidence(doc, Path("x.pdf"), Recognised({1: RecognisedPage([])}))
    assert doc.status == "parsed", doc.reason


def test_a_finer_reading_of_a_digit_the_first_lost_may_be_settled_in_the_tables_form() -> None:
    # 预算 seeds 2006 and 2009: `2,239,232` read `2,239.32` first (a digit lost, its comma read
    # as a point), twice `2,239,232` from the finer image; in a whole-元 table
    first = _amount("2,239.32", "total", unit="元")
    assert _outvoted(first, "2,239,232", 0.95, usual_decimals=0)
    assert not _outvoted(first, "2,239,232", 0.95, usual_decimals=2)  # not the table's form
    assert not _outvoted(first, "2,239,232", 0.85, usual_decimals=0)  # not read with confidence
    assert not _outvoted(first, "22,239,232", 0.95, usual_decimals=0)  # two digits more
    assert not _outvoted(first, "2,23,9232", 0.95, usual_decimals=0)  # no amount's form
    # the other way round: the box alone read in no form the table prints (budget seed 2000)
    whole = _amount("5,607,332", "total", unit="元")
    assert _in_another_form(whole, "5,607.32", 0)
    assert not _in_another_form(whole, "5,607,382", 0)
    assert not _in_another_form(first, "2,239,232", 0)  # the first reading is the stranger


def _number_image(mark: str | None) -> np.ndarray:
    """A number's box at 300 dpi, row rules above and below, with a mark left of its digits."""
    image = np.full((60, 200), 250, np.uint8)
    image[4:7, :] = image[53:56, :] = 40
    cv2.putText(image, "806,680", (40, 42), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 20, 3)
    if mark == "speck":
        image[28:34, 26:32] = 60  # a 3-pixel speck at 150 dpi, doubled
    elif mark == "dash":
        image[29:33, 18:34] = 20
    return image


def test_a_speck_read_as_a_minus_is_told_from_a_dash() -> None:
    # 预算 seed 2000: `806,680` printed, a speck before it; the finer image read `-806,680`
    assert sign_mark(_number_image("speck")) is False
    assert sign_mark(_number_image("dash")) is True
    assert sign_mark(_number_image(None)) is None
