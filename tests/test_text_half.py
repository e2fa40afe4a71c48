"""A budget's text half, from a PDF the test renders from known statements: read from its text
layer, and read by OCR from a scan of the same page (an image-only PDF made from its rendering).

No ../shared needed: the ground truth is the data the PDFs are rendered from.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from ingest import ParsedDocument, parse_document
from ingest.narrative import load_narrative
from ingest.reread import StoredAmount, amounts_confirmed
from samples.pages import register_font

# The 情况说明 of a 北京-style budget text whose tables are another file (wrapped as printed).
TEXT = [
    "北京市样例局2026年度部门预算信息公开",
    "第一部分 2026年度部门预算情况说明",
    "二、收入预算情况说明",
    "2026年度收入预算1,234.56万元，比2025年年初预",
    "算数1,000.00万元增加234.56万元。",
    "（一）本年财政拨款收入1,200.00万元",
    "1.一般公共预算拨款收入1,200.00万元。",
    "（二）本年其他资金收入0万元",
    "（三）上年结转结余34.56万元",
    "三、支出预算情况说明",
    "2026年支出预算1,234.56万元。",
    "（一）基本支出。基本支出预算800.00万元。",
    "（二）项目支出。项目支出预算434.56万元。",
    "四、财政拨款“三公”经费预算情况说明",
    "2026年财政拨款“三公”经费预算12.30万元。",
    "（一）因公出国（境）费用。2026年预算数5.00万元。",
    "（二）公务接待费。2026年预算数2.30万元。",
    "（三）公务用车购置和运行维护费。2026年预算数",
    "5.00万元，包括公务用车购置费预算0.00万元、",
    "公务用车运行维护费预算5.00万元。",
]
TRUTH = {
    "inc_grand_total": "1234.56",
    "exp_grand_total": "1234.56",
    "inc_fiscal_total": "1200.00",
    "inc_general_budget": "1200.00",
    "inc_non_fiscal": "0",
    "inc_carryover_begin": "34.56",
    "exp_basic": "800.00",
    "exp_project": "434.56",
    "tp_total": "12.30",
    "tp_outbound": "5.00",
    "tp_reception": "2.30",
    "tp_vehicle_total": "5.00",
    "tp_vehicle_purchase": "0.00",
    "tp_vehicle_operation": "5.00",
}


def _render_text(path: Path, font: str) -> Path:
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font, 13)
    for i, line in enumerate(TEXT):
        c.drawString(60, A4[1] - 70 - i * 26, line)
    c.save()
    return path


def _scan_of(pdf_path: Path, path: Path) -> Path:
    """An image-only PDF of `pdf_path`'s page (what a scanner gives: no text layer)."""
    with pdfplumber.open(pdf_path) as pdf:
        image = pdf.pages[0].to_image(resolution=200).original
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    c = canvas.Canvas(str(path), pagesize=A4)
    c.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width=A4[0], height=A4[1])
    c.save()
    with pdfplumber.open(path) as pdf:
        assert not pdf.pages[0].chars  # really no text layer
    return path


def _statements(path: Path | ParsedDocument) -> dict[str, Decimal]:
    doc = parse_document(path) if isinstance(path, Path) else path
    assert (doc.status, doc.kind, doc.part) == ("parsed", "budget", "text"), doc.reason
    assert (doc.unit_name, doc.fiscal_year) == ("北京市样例局", 2026)
    assert [t.table_code for t in doc.tables] == ["BN"]
    return {a.row_key: a.amount for a in doc.amounts if a.row_key}


def test_a_text_half_is_read_from_its_text_layer(tmp_path: Path) -> None:
    doc_path = _render_text(tmp_path / "text.pdf", register_font("cid"))
    assert _statements(doc_path) == {k: Decimal(v) for k, v in TRUTH.items()}
    assert not parse_document(doc_path).ocr


@pytest.mark.slow
def test_a_scanned_text_half_is_read_by_ocr(tmp_path: Path) -> None:
    # Embedded glyphs: rasterizing a non-embedded font needs system CJK fonts a fresh machine lacks.
    scan = _scan_of(_render_text(tmp_path / "text.pdf", register_font("ttf")), tmp_path / "scan.pdf")
    doc = parse_document(scan)  # (once: recognition is the slow part)
    assert _statements(doc) == {k: Decimal(v) for k, v in TRUTH.items()}
    assert doc.ocr
    # lineage: each amount's box holds its digits (the box is inset 1 pt left and right)
    outbound = next(a for a in doc.amounts if a.row_key == "tp_outbound")
    assert (outbound.page, outbound.amount_text) == (1, "5.00")
    assert 0 < outbound.x1 - outbound.x0 < 30 and outbound.top < outbound.bottom
    # the re-reader recognises each amount again from its box: it confirms them, and not a misread
    stored = [StoredAmount(a.page, a.amount_text, a.x0, a.x1, a.top, a.bottom) for a in doc.amounts]
    assert amounts_confirmed(scan, [1], stored)
    misread = [StoredAmount(1, "5.80", outbound.x0, outbound.x1, outbound.top, outbound.bottom)]
    assert not amounts_confirmed(scan, [1], misread)


@pytest.mark.parametrize(
    ("sentence", "key", "amount"),
    [
        ("公务用车运行维护费预算5.00万元。", "tp_vehicle_operation", "5.00"),
        # 北京 住建委 2026: the year between the item and its amount
        ("公务用车运行维护费2026年预算数25.4万元。", "tp_vehicle_operation", "25.4"),
        ("包括公务用车购置费预算37.38万元、", "tp_vehicle_purchase", "37.38"),
        ("公务用车购置费。2026年预算数0万元", "tp_vehicle_purchase", "0"),
    ],
)
def test_a_statement_is_found_in_each_wording_publishers_use(sentence: str, key: str, amount: str) -> None:
    statement = next(s for s in load_narrative("budget").statements if s.key == key)
    found = [m["amount"] for p in statement.compiled() if (m := p.search(sentence))]
    assert found[:1] == [amount]


def test_a_text_citing_the_budget_law_is_no_budget(tmp_path: Path) -> None:
    # A crawl lands a 财政局's 法治政府建设报告 among its budgets: it names 预算法 and 预算管理
    # but no 部门预算; it is no report of ours, not a budget text stating no figures
    path = tmp_path / "rule-of-law.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(register_font("cid"), 13)
    for i, line in enumerate(["长春市样例局2025年度法治政府建设报告", "一是严格落实预算法、政府采购法等法律法规，",
                              "确保财政收支、预算管理等活动依法进行。"]):
        c.drawString(60, A4[1] - 70 - i * 26, line)
    c.save()
    doc = parse_document(path)
    assert (doc.status, doc.kind) == ("rejected", "unknown"), (doc.kind, doc.reason)
    assert doc.reason is not None and doc.reason.startswith("not a 部门决算 or 部门预算 report")
