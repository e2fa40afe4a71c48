"""Bad input is recorded with a clear reason and never raises (real files, real pdfplumber)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from ingest import parse_document
from samples.pages import register_font


def _pdf(path: Path, text: str, **kwargs: object) -> Path:
    c = canvas.Canvas(str(path), **kwargs)
    c.drawString(72, 720, text)
    c.save()
    return path


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.pdf", b"", "empty file"),
        ("error-page.pdf", b"<!DOCTYPE html><html><body>404 Not Found</body></html>", "HTML page"),
        ("report.pdf", b"PK\x03\x04" + b"\x00" * 64, "ZIP container"),
        ("old.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "legacy Office"),
        ("truncated.pdf", b"%PDF-1.4\n1 0 obj <</Type /Catalog", "corrupt or unreadable PDF"),
        ("scan.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "a PNG image"),
        ("photo.pdf", b"\xff\xd8\xff\xe0" + b"\x00" * 64, "a JPEG image"),
    ],
)
def test_non_pdf_and_corrupt_files_are_rejected_with_reason(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    doc = parse_document(path)
    assert doc.status == "rejected"
    assert reason in (doc.reason or "")
    assert doc.document_id and len(doc.document_id) == 64
    assert doc.amounts == []


def test_encrypted_pdf_is_rejected(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "locked.pdf", "secret", encrypt="s3cret")
    doc = parse_document(path)
    assert doc.status == "rejected"
    assert "encrypted" in (doc.reason or "")


def test_pdf_without_tables_is_not_a_report(tmp_path: Path) -> None:
    path = _pdf(tmp_path / "notice.pdf", "Public notice: office hours change")
    doc = parse_document(path)
    assert doc.status == "rejected"
    assert "not a" in (doc.reason or "")


def test_blank_pdf_has_no_text_layer(tmp_path: Path) -> None:
    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(10, 10, 100, 100, fill=1)
    c.save()
    doc = parse_document(tmp_path / "scan.pdf")
    assert doc.status == "rejected"
    assert "no text layer" in (doc.reason or "")


def test_a_parser_bug_quarantines_the_document_instead_of_stopping_the_run(
    rendered_samples: dict[Path, list], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Not a mock of pdfplumber: the real PDF is read; only our own table reader is made to fail.
    import ingest.parser as parser

    def broken(*_args: object, **_kwargs: object) -> None:
        raise IndexError("list index out of range")

    monkeypatch.setattr(parser, "read_tables", broken)
    doc = parse_document(next(iter(rendered_samples)))
    assert doc.status == "quarantined"
    assert "internal parser error: IndexError" in (doc.reason or "")


def test_huge_file_is_rejected_before_reading(tmp_path: Path) -> None:
    from ingest.parser import MAX_BYTES

    path = tmp_path / "huge.pdf"
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk space used
    doc = parse_document(path)
    assert doc.status == "rejected"
    assert "too large" in (doc.reason or "")


def test_a_report_whose_tables_hold_no_amount_is_quarantined(tmp_path: Path) -> None:
    """A report where only an empty table is found (its other tables in a layout not read) must not
    publish as a unit with no facts and no rule evaluated."""
    font = register_font("cid")
    c = canvas.Canvas(str(tmp_path / "only-empty.pdf"))
    c.setFont(font, 16)
    c.drawString(72, 760, "武汉市洪山区卫生健康局")
    c.drawString(72, 730, "2024年度部门决算")
    c.showPage()
    c.setFont(font, 12)
    c.drawString(120, 760, "政府性基金预算财政拨款收入支出决算表")
    c.drawString(480, 740, "公开07表")
    c.setFont(font, 9)
    c.drawString(60, 720, "部门：武汉市洪山区卫生健康局")
    c.drawString(480, 720, "单位：万元")
    c.drawString(60, 690, "说明：本单位当年无政府性基金预算财政拨款收入支出，故本表为空表。")
    c.save()
    doc = parse_document(tmp_path / "only-empty.pdf")
    assert (doc.kind, doc.unit_name, doc.fiscal_year) == ("final_accounts", "武汉市洪山区卫生健康局", 2024)
    assert doc.status == "quarantined"
    assert doc.reason == "no table with amounts was read (found only empty tables: 07)"
    assert doc.amounts == []


@pytest.mark.parametrize(
    ("name", "part", "kind"),
    [
        ("预算.docx", "word/document.xml", "a Word document (.docx)"),
        ("预算.xlsx", "xl/workbook.xml", "an Excel workbook (.xlsx)"),
        ("预算.pdf", "word/document.xml", "a Word document (.docx)"),  # (named .pdf by its site)
    ],
)
def test_word_and_excel_files_are_named_as_such_until_they_are_read(
    tmp_path: Path, name: str, part: str, kind: str
) -> None:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as office:  # the parts an Office writer puts first
        office.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        office.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        office.writestr(part, '<?xml version="1.0"?><document/>')
    doc = parse_document(path)
    assert (doc.status, doc.reason) == ("rejected", f"{kind}: Word and Excel files are not read yet")
