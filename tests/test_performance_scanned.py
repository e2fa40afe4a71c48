"""绩效 tables read from page images (ingest/performance/scanned.py): each page read again, whole, by
the second recogniser through the same table logic, and a table published only where the two
readings agree in every field; what both read as nothing checked against the page's ink
(ingest/performance/scan_ink.py); a merged label cell kept whole by the image's rules
(ingest/scanimage.py)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pdfplumber
import pytest
from test_performance import _mismatches

from ingest import parse_document
from ingest.layout import Rule
from ingest.performance import read_performance
from ingest.performance.scanned import agreed_text
from ingest.scanimage import image_rules
from ingest.scanned import recognise
from samples.performance_targets import render_column_targets
from samples.scan import scan_pdf


@pytest.mark.parametrize(
    ("first", "second", "published"),
    [
        ("≥24小时", "≥24小时", "≥24小时"),
        ("224小时", "≥24小时", "≥24小时"),  # the first reads a comparison sign as a `2`
        ("24个", "≥24个", "≥24个"),  # or loses it
        ("s99.5期", "≤99.5期", "≤99.5期"),
        ("<24", "≤24", "≤24"),  # or reads another sign
        ("", "=", "="),  # a sign alone in its cell (北京's 指标性质), lost
        ("年中追加预算经费", "年中追加预算经费。", "年中追加预算经费。"),  # a closing full stop, lost
        ("产出指标（30分）", "产出指标(30分)", "产出指标（30分）"),  # marks' width: the first's
        ("指标4：项目资金使用合规率", "指标4:项目资金使用合规率", "指标4：项目资金使用合规率"),
        ("04个", "<24个", None),  # a digit otherwise: neither
        ("16个", "1.6个", None),  # the second's speck point
        ("<16个", "16个", None),  # the second losing a sign the first read
        ("310月", "3-10月", None),
        ("7", "≥", None),  # a digit in a sign's place is no misreading of one
        ("疫情影响开展已调整计划", "疫情影响开展，已调整计划", None),  # a comma is not what the first loses
        ("", "1", None),  # a digit the first read nothing for
    ],
)
def test_what_two_readings_of_a_cell_publish(first: str, second: str, published: str | None) -> None:
    assert agreed_text(first, second) == published


def test_a_merged_cell_keeps_its_rows_together_and_a_label_s_strokes_are_no_rule() -> None:
    """A 绩效 table's 一级 cell merged over three rows: the rules between those rows start at the
    cell's right border (they end on a column rule: not a lost end to extend over the merged
    cell), and the strokes of its label's two characters run together (26 px: longer than a
    rule's least length) are no rule. A rule that lost its end in the middle of a cell is still
    extended to the border."""
    page = np.full((700, 1000), 245, np.uint8)
    for x in (100, 300, 900):
        cv2.line(page, (x, 100), (x, 500), 0, 1)
    for y in (100, 260, 500):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for y in (140, 180, 220):
        cv2.line(page, (300, y), (900, y), 0, 1)  # rows right of the merged cell
    cv2.line(page, (340, 380), (900, 380), 0, 1)  # a rule whose left part was lost
    cv2.line(page, (187, 170), (213, 170), 0, 2)  # the label's strokes
    rows = {round(r.y): (round(r.x0), round(r.x1)) for r in image_rules(page, 72 / 150) if isinstance(r, Rule)}
    assert rows == {48: (48, 432), 67: (144, 432), 87: (144, 432), 106: (144, 432), 125: (48, 432),
                    183: (144, 432), 240: (48, 432)}  # fmt: skip


@pytest.mark.slow
def test_a_scanned_targets_table_is_published_as_both_recognisers_read_it(tmp_path: Path) -> None:
    """目标表 seed 1, page 3 scanned: the first recogniser alone loses or misreads its comparison
    signs (a table of them: `≥`, `≤`, `=` in a column of their own); read again by the second and
    confirmed by the first, the page's table is published exactly, every field, beside the text
    pages' tables."""
    printed = tmp_path / "targets-1.pdf"
    truth = render_column_targets(1, printed)
    scanned = tmp_path / "targets-1-scan-p3.pdf"
    scan_pdf(printed, scanned, seed=1, pages={3})
    doc = parse_document(scanned)
    assert (doc.kind, doc.status, doc.ocr) == ("performance", "parsed", True), doc.reason
    assert [t.status for t in doc.performance] == ["read"] * len(truth)
    assert _mismatches(truth, doc.performance) == []
    with pdfplumber.open(scanned) as pdf:  # (what the first recogniser read of the page alone)
        first = recognise(pdf, [3])
    page3 = [t for t in truth if t.first_page == 3]
    alone = read_performance([[], [], first.pages[3].lines], first.rules)
    assert _mismatches(page3, alone) != []


@pytest.mark.slow
def test_a_sign_both_recognisers_lost_is_found_in_the_ink(tmp_path: Path) -> None:
    """目标表 seed 3, page 3 scanned: a `=` printed alone in its 指标性质 cell, read as nothing by
    either recogniser (the two readings agree on a blank operator); its ink, two bars apart in
    the finer image where specks are round, keeps the table back."""
    printed = tmp_path / "targets-3.pdf"
    truth = render_column_targets(3, printed)
    row = next(i for t in truth if t.first_page == 3 for i in t.indicators if i.level3 == "机关食堂满意度")
    assert row.target_operator == "="
    scanned = tmp_path / "targets-3-scan-p3.pdf"
    scan_pdf(printed, scanned, seed=3, pages={3})
    doc = parse_document(scanned)
    assert doc.status == "parsed", doc.reason
    kept = [t for t in doc.performance if t.first_page == 3]
    assert [t.status for t in kept] == ["quarantined"]
    assert "read by neither recogniser" in (kept[0].reason or "")
    assert all(t.status == "read" for t in doc.performance if t.first_page != 3)
