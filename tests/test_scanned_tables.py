"""Scanned tables: generated 决算 pages scanned (samples/scan.py: skew, noise, specks, uneven light,
JPEG) and read by OCR through the text pages' table logic. The ground truth is the generator's.

End to end through `parse_document`: amounts are exact, or the report is quarantined; never
misplaced. The documents are kept small (the pages of one table or two) because recognition
costs seconds per page; each is rendered and parsed once per module.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pypdfium2 as pdfium
import pytest

from ingest import parse_document
from ingest.layout import Line, Word
from ingest.ocr import _without_speck_points, _words, repair_numbers
from ingest.records import ParsedDocument
from ingest.scanimage import estimate_skew, image_rules, straighten
from ingest.scanned import _unreadable_number, correct_names, numeral, restore_enumeration
from samples.document import render_report
from samples.fidelity import amount_key
from samples.generator import generate
from samples.model import TruthAmount
from samples.scan import for_scanning, scan_pdf

SEED = 0  # a portrait 决算 whose 01 and 04 tables are one page each


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[TruthAmount]]:
    path = tmp_path_factory.mktemp("scan") / "printed.pdf"
    return path, render_report(for_scanning(generate(SEED).report), path)


def _pages_of(truths: list[TruthAmount], code: str) -> list[int]:
    return sorted({t.page for t in truths if t.table_code == code})


def _assert_never_misplaced(doc: ParsedDocument, truths: list[TruthAmount]) -> None:
    """Exact, or quarantined with nothing published: never an amount the truth does not have."""
    if doc.status != "parsed":
        assert doc.status == "quarantined", doc.reason
        return
    got, expected = Counter(amount_key(a) for a in doc.amounts), Counter(amount_key(t) for t in truths)
    assert got - expected == Counter(), f"misplaced: {list(got - expected)[:3]}"
    assert expected - got == Counter(), f"missing: {list(expected - got)[:3]}"


@pytest.fixture(scope="module")
def scanned_table(printed: tuple[Path, list[TruthAmount]]) -> tuple[ParsedDocument, list[TruthAmount]]:
    """A scan (no text layer at all) of the page printing table 01: the document is that table."""
    path, truths = printed
    pages = _pages_of(truths, "01")
    part = path.with_name("part.pdf")
    source, out = pdfium.PdfDocument(str(path)), pdfium.PdfDocument.new()
    out.import_pages(source, [p - 1 for p in pages])
    out.save(str(part))
    out.close()
    source.close()
    scan = scan_pdf(part, path.with_name("scan-01.pdf"), SEED)
    assert scan.dpi in (150, 175, 200)
    doc = parse_document(path.with_name("scan-01.pdf"))
    renumbered = [replace(t, page=pages.index(t.page) + 1) for t in truths if t.page in pages]
    return doc, renumbered


def test_a_scanned_table_is_read_exactly(scanned_table: tuple[ParsedDocument, list[TruthAmount]]) -> None:
    doc, truths = scanned_table
    assert doc.ocr
    assert doc.status == "parsed", doc.reason
    assert (doc.kind, doc.fiscal_year) == ("final_accounts", generate(SEED).report.report.fiscal_year)
    _assert_never_misplaced(doc, truths)
    # lineage: every amount keeps the recogniser's confidence, and a box around its digits
    assert all(a.confidence is not None and a.confidence > 0.5 for a in doc.amounts)
    truth_boxes = {amount_key(t): t for t in truths}
    for a in doc.amounts:
        t = truth_boxes[amount_key(a)]
        assert abs((a.x0 + a.x1) / 2 - (t.x0 + t.x1) / 2) < 6 and abs(a.top - t.top) < 6, (a, t)


def test_image_pages_inside_a_text_pdf_are_recognised(printed: tuple[Path, list[TruthAmount]]) -> None:
    path, truths = printed
    scanned = set(_pages_of(truths, "04"))
    mixed = scan_pdf(path, path.with_name("mixed.pdf"), SEED, pages=scanned)
    assert mixed.dpi
    doc = parse_document(path.with_name("mixed.pdf"))
    assert doc.ocr and doc.status == "parsed", doc.reason
    _assert_never_misplaced(doc, truths)
    assert {a.page for a in doc.amounts if a.confidence is not None} == scanned


# --- the repairs, one by one (no recognition) -------------------------------------------------


@pytest.mark.parametrize(
    ("read", "meant"),
    [
        ("1，639.0O", "1,639.00"),  # full-width comma, letter O
        ("l23.45", "123.45"),
        ("254:03", "254.03"),  # a speck above the point
        ("288.416.35", "288,416.35"),  # thousands comma read as a point
        ("〇万元", "0万元"),
        ("本年收入1,234.56万元，比上年", "本年收入1,234.56万元，比上年"),  # prose commas stay
        ("IT部门", "IT部门"),
        ("1、2、3", "1、2、3"),  # no number once replaced: left as read
    ],
)
def test_look_alikes_inside_numbers(read: str, meant: str) -> None:
    assert repair_numbers(read) == meant
    assert len(repair_numbers(read)) == len(read)  # every character keeps its box


def _chars(text: str, x0: float = 100.0, width: float = 4.0, gap_at: int | None = None, gap: float = 0.0,
           confidence: dict[int, float] | None = None) -> list[dict[str, Any]]:  # fmt: skip
    out, x = [], x0
    for i, ch in enumerate(text):
        if i == gap_at:
            x += gap
        out.append({"text": ch, "x0": x, "x1": x + width, "top": 10.0, "bottom": 18.0,
                    "confidence": (confidence or {}).get(i, 0.99)})  # fmt: skip
        x += width
    return out


def test_a_dropped_enumeration_mark_is_put_back_where_its_blank_is() -> None:
    # `三、国防支出` read without its `、`: a blank one character wide after the numeral
    assert [w.text for w in _words(_chars("三国防支出", gap_at=1, gap=8.0), [])] == ["三、国防支出"]
    # a numeral that starts the name itself (no blank) is left alone
    assert [w.text for w in _words(_chars("一般公共服务支出"), [])] == ["一般公共服务支出"]


def test_a_speck_read_as_a_point_goes_only_where_no_amount_has_it() -> None:
    code = _without_speck_points(_chars("3021.7", confidence={4: 0.59}))
    assert "".join(c["text"] for c in code) == "30217"
    assert min(c["confidence"] for c in code) == 0.59  # the doubt stays with the number
    amount = _without_speck_points(_chars("12.50", confidence={2: 0.59}))
    assert "".join(c["text"] for c in amount) == "12.50"  # two decimals: an amount, kept (and doubtful)


def _column(*labels: str, x0: float = 40.0) -> list[Line]:
    return [Line(1, [Word(text, x0, x0 + 80, 100 + 13 * i, 110 + 13 * i)]) for i, text in enumerate(labels)]


def test_enumeration_is_restored_from_the_sequence_of_its_column() -> None:
    unit_line = Line(1, [Word("单位：某局", 38, 120, 60, 70)])
    lines = [unit_line, *_column("、一般公共服务支出", "二外交支出", "三、国防支出")]
    lines.append(Line(1, [Word("公共安全支出", 56, 120, 140, 150)]))  # both lost: between 三、 and 五、
    lines.append(Line(1, [Word("五、教育支出", 40, 120, 153, 163)]))
    restore_enumeration([lines])
    assert [line.words[0].text for line in lines] == [
        "单位：某局", "一、一般公共服务支出", "二、外交支出", "三、国防支出", "四、公共安全支出", "五、教育支出",
    ]  # fmt: skip
    # the count does not fit (a label that is no numbered line between them): left as read
    lines = _column("一、甲支出", "合计", "乙支出", "三、丙支出")
    restore_enumeration([lines])
    assert [line.words[0].text for line in lines] == ["一、甲支出", "合计", "乙支出", "三、丙支出"]
    assert [numeral(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def test_a_name_one_character_off_a_known_name_takes_it() -> None:
    lines = [Line(1, [Word("国有士地收益基金安排的支出", 40, 200, 10, 20), Word("某某某某某某某", 210, 300, 10, 20)])]
    correct_names([lines])
    assert [w.text for w in lines[0].words] == ["国有土地收益基金安排的支出", "某某某某某某某"]


def test_a_number_that_reads_as_none_is_noticed() -> None:
    assert _unreadable_number("254;03") and _unreadable_number("1,2.3.4")
    assert not any(_unreadable_number(t) for t in ("1,234.56", "30217", "0.00", "-", "2021年度"))


def test_skew_is_measured_and_undone_and_rules_found() -> None:
    page = np.full((900, 1200), 255, np.uint8)
    for y in range(100, 800, 40):  # a ruled table with text-like bars in its rows
        cv2.line(page, (100, y), (1100, y), 0, 1)
        for x in range(130, 1000, 120):
            cv2.rectangle(page, (x, y + 12), (x + 60, y + 26), 0, -1)
    for x in (100, 400, 1100):
        cv2.line(page, (x, 100), (x, 780), 0, 1)
    turned = straighten(page, 0.6)  # fed askew
    angle = estimate_skew(turned)
    assert abs(angle + 0.6) < 0.1
    rules = image_rules(straighten(turned, angle), 72 / 150)
    horizontal = [r for r in rules if hasattr(r, "y") and r.x1 - r.x0 > 400]
    vertical = [r for r in rules if hasattr(r, "x") and r.bottom - r.top > 300]
    assert len(horizontal) == 18 and len(vertical) == 3
