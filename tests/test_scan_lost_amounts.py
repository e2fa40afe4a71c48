"""Scanned pages: what recognition lost or split, seen on the generated scans of seeds 2010–2019
(决算 and 预算), settled from the page's own evidence or quarantined. No recognition runs here:
lines, characters and page images are made by hand, as recognition returns them."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np

from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import PAGE_DPI, RecognisedPage
from ingest.records import Amount, ParsedDocument, ReportTable
from ingest.scanned import Recognised, check_confidence

_SCALE = 72 / PAGE_DPI  # points per pixel of a recognised page's image


def _px(points: float) -> int:
    return int(points / _SCALE)


def _row_page(mark: str | None) -> RecognisedPage:
    """A page of one ruled row of 09 (top 102, bottom 112 pt) with two cells, 100–150 and
    150–200 pt: the first holds `0.96`, read; the second `mark`: a `0` detection lost, a speck,
    or nothing."""
    image = np.full((_px(200), _px(300)), 250, np.uint8)
    for y in (98.0, 116.0):
        image[_px(y) : _px(y) + 2, _px(100) : _px(200)] = 30
    for x in (100.0, 150.0, 200.0):
        image[_px(98) : _px(116), _px(x) : _px(x) + 2] = 30
    cv2.putText(image, "0.96", (_px(110), _px(111)), cv2.FONT_HERSHEY_SIMPLEX, 0.45, 20, 1)
    if mark == "0":
        cv2.putText(image, "0", (_px(170), _px(111)), cv2.FONT_HERSHEY_SIMPLEX, 0.45, 20, 1)
    elif mark == "speck":
        image[_px(105) : _px(105) + 3, _px(170) : _px(170) + 3] = 40
    ink = image < 128
    read = [{"text": ch, "x0": 110.0 + 4 * i, "x1": 114.0 + 4 * i, "top": 102.0, "bottom": 112.0,
             "confidence": 0.99} for i, ch in enumerate("0.96")]  # fmt: skip
    rules = [Rule(98.5, 100.0, 200.0), Rule(116.5, 100.0, 200.0)] + [
        VRule(x + 0.5, 98.0, 116.0) for x in (100, 150, 200)
    ]
    line = Line(1, [Word("0.96", 110.0, 126.0, 102.0, 112.0)])
    return RecognisedPage([line], read, rules, 0.0, np.packbits(ink), ink.shape, _SCALE)


def _doc() -> ParsedDocument:
    amount = Amount("09", 1, 1, "", "budget_total", Decimal("0.96"), "0.96", "万元", row_key="three_public")
    amount = replace(amount, x0=110.0, x1=126.0, top=102.0, bottom=112.0, column_x0=100.5, column_x1=150.5)
    return ParsedDocument("x", "x.pdf", "x.pdf", 1, "parsed", tables=[ReportTable("09", "found", amounts=[amount])])


def test_a_printed_amount_detection_lost_quarantines_its_report() -> None:
    # 决算 seeds 2010 and 2012: 09's last `0` not detected at all, the report published without it
    doc = _doc()
    check_confidence(doc, Path("x.pdf"), Recognised({1: _row_page("0")}))
    assert doc.status == "quarantined" and "read as no text" in (doc.reason or ""), doc.reason
    # a blank cell, or a speck in it, is no amount
    for mark in (None, "speck"):
        doc = _doc()
        check_confidence(doc, Path("x.pdf"), Recognised({1: _row_page(mark)}))
        assert doc.status == "parsed", (mark, doc.reason)
