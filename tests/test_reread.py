"""The re-reader (ingest/reread.py) on pages whose printed content lies beyond the page's box: it
reads the characters the parser read there, and says so, instead of raising."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from reportlab.pdfgen import canvas

from ingest.reread import StoredAmount, amounts_confirmed


def test_amounts_printed_beyond_the_page_box_are_re_read(tmp_path: Path) -> None:
    # 西安 2021 民政局 prints table rows at top 760 on a 595 pt high landscape page
    path = tmp_path / "beyond.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 200))
    c.setFont("Helvetica", 10)
    c.drawString(40, 150, "12.50")  # inside the page
    c.drawString(40, -60, "19968361.41")  # below the page's box: top 250 on a 200 pt high page
    c.save()
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    stored = [StoredAmount(1, w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words]
    assert max(s.top for s in stored) > 200
    assert amounts_confirmed(path, [1], stored)
    outside = next(s for s in stored if s.top > 200)
    misread = StoredAmount(1, "19968361.47", outside.x0, outside.x1, outside.top, outside.bottom)
    assert not amounts_confirmed(path, [1], [misread])


def test_amounts_printed_whole_are_counted_among_the_pages_numbers(tmp_path: Path) -> None:
    # 西安 2020 prints 万元 without trailing zeros: `50830`, `0`; the page's count of numbers must
    # include whole ones, or no failure on such a page could ever be confirmed as the publisher's
    path = tmp_path / "whole.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 200))
    c.setFont("Helvetica", 10)
    for i, text in enumerate(["182157.13", "50830", "0", "0"]):
        c.drawString(40 + 60 * i, 150, text)
    c.save()
    with pdfplumber.open(path) as pdf:
        words = pdf.pages[0].extract_words()
    stored = [StoredAmount(1, w["text"], w["x0"], w["x1"], w["top"], w["bottom"]) for w in words]
    assert amounts_confirmed(path, [1], stored)
    # a stored amount the page does not print (a fifth, read twice) is never confirmed
    assert not amounts_confirmed(path, [1], [*stored, stored[-1]])
