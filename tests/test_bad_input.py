"""Bad input is recorded with a clear reason and never raises (real files, real pdfplumber)."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfgen import canvas

from ingest import parse_document


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
