"""Bad input is recorded with a clear reason and never raises (real files, real pdfplumber)."""

from __future__ import annotations

import base64
import re
import zipfile
import zlib
from pathlib import Path

import pdfplumber
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
        ("old.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "a legacy Word .doc"),
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
def test_word_and_excel_files_are_named_as_such_when_they_cannot_be_read(
    tmp_path: Path, name: str, part: str, kind: str
) -> None:
    """Read by content, whatever their name: a container whose parts name it a Word/Excel file but
    that python-docx/openpyxl cannot open is quarantined under that name (see
    test_performance_office.py for the files that are read)."""
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as office:  # the parts an Office writer puts first
        office.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        office.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        office.writestr(part, '<?xml version="1.0"?><document/>')
    doc = parse_document(path)
    assert doc.status == "quarantined" and (doc.reason or "").startswith(f"{kind}: corrupt or unreadable")


def _with_content_damaged(data: bytes, objid: int, how: str) -> bytes:
    """`data` with the content stream `objid` Flate-compressed again and `cut` to half its bytes,
    or with one digit of an amount `altered` under the old checksum, or its `dict` unreadable;
    written in place at the same length (padded after `endstream`) so the xref stays true."""
    m = re.search(rb"(?m)^%d 0 obj\s*(<<.*?>>)\s*stream\r?\n(.*?)endstream" % objid, data, re.DOTALL)
    assert m is not None
    if how == "dict":  # its dictionary unreadable: a name's slash printed as a bracket
        at = data.index(b"/ASCII85Decode", m.start(1))
        return data[:at] + b"[" + data[at + 1 :]
    content = zlib.decompress(base64.a85decode(m.group(2).strip(), adobe=True))
    if how == "cut":
        packed = zlib.compress(content)
        packed = packed[: len(packed) // 2]
    else:  # an amount's digit (UTF-16 `\\0007`) before its point changed; the checksum is the original's
        digit = re.search(rb"\\000(\d)\\000\.", content)
        assert digit is not None
        changed = str((int(digit.group(1)) + 1) % 10).encode()
        altered = content[: digit.start(1)] + changed + content[digit.end(1) :]
        packed = zlib.compress(altered)[:-4] + zlib.adler32(content).to_bytes(4, "big")
    body = b"<< /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed) + bytes(packed) + b"\nendstream"
    assert len(body) <= m.end() - m.start(1)
    return data[: m.start(1)] + body.ljust(m.end() - m.start(1)) + data[m.end() :]


def test_a_pdf_that_silently_loses_part_of_a_page_is_quarantined(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    """pdfminer reads a content stream that stops short (or fails its checksum) as far as it goes,
    and leaves out a page it cannot find, without an error: found by mutation fuzzing
    (benchmarks/fuzz_pdfs.py), such files were `parsed` with rows missing. Damage is named, never
    read past."""
    source = next(p for p in rendered_samples if "qingshan-health-supervision" in p.name)
    data = source.read_bytes()
    with pdfplumber.open(source) as pdf:  # the page printing table 04
        page = next(p for p in pdf.pages if "公开04表" in (p.extract_text() or ""))
        objid = page.page_obj.attrs["Contents"].objid
    for how in ("cut", "altered", "dict"):
        damaged = tmp_path / f"{how}.pdf"
        damaged.write_bytes(_with_content_damaged(data, objid, how))
        with pdfplumber.open(damaged) as pdf:  # the damage is real: the page reads, but not as printed
            words = [w["text"] for w in pdf.pages[page.page_number - 1].extract_words()]
        assert words != [w["text"] for w in page.extract_words()]
        doc = parse_document(damaged)
        assert doc.status == "quarantined", how
        n = page.page_number
        assert doc.reason == f"damaged PDF: a content stream of page {n} is cut short or corrupt (text may be missing)"
    kids = re.search(rb"/Kids \[[^\]]*?(\d+) 0 R \]", data)
    assert kids is not None
    lost_page = tmp_path / "lost-page.pdf"  # the last page's reference pointed at no object (same length)
    lost_page.write_bytes(data[: kids.start(1)] + b"9" * len(kids.group(1)) + data[kids.end(1) :])
    doc = parse_document(lost_page)
    assert doc.status == "quarantined"
    assert re.fullmatch(r"damaged PDF: its page tree counts (\d+) pages, (\d+) could be read", doc.reason or "")
    assert parse_document(source).status == "parsed"  # the same file undamaged reads


def _continuation_page(source: Path) -> tuple[int, int]:
    """(page number, page object id) of the first page continuing a table: amounts, no 公开NN表."""
    with pdfplumber.open(source) as pdf:
        texts = [p.extract_text() or "" for p in pdf.pages]
        first = next(i for i, text in enumerate(texts) if "公开01表" in text)
        n = next(i for i in range(first, len(texts)) if "公开" not in texts[i] and re.search(r"\d+\.\d\d", texts[i]))
        return n + 1, pdf.pages[n].page_obj.pageid


def _with_page_object_edited(data: bytes, page_id: int, old: bytes, new: bytes) -> bytes:
    """`data` with `old` replaced by `new` (same length: the xref stays true) in one page object."""
    assert len(old) == len(new)
    page = re.search(rb"(?m)^%d 0 obj.*?endobj" % page_id, data, re.DOTALL)
    assert page is not None and old in page.group(0)
    return data[: page.start()] + page.group(0).replace(old, new) + data[page.end() :]


def test_a_continuation_page_whose_fonts_cannot_be_read_is_quarantined(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    """pdfminer draws text in a font it cannot find with a stand-in: a table's continuation page
    whose font resource points at no object read as no rows, and the report was `parsed` without
    them (48 amounts of 302; fuzzing found it as a broken reference to the fonts)."""
    source = next(p for p in rendered_samples if "hongshan-disease-control-2024" in p.name)
    number, page_id = _continuation_page(source)
    broken = tmp_path / "fonts.pdf"  # (object 0 is never an object)
    broken.write_bytes(_with_page_object_edited(source.read_bytes(), page_id, b"/Font 1 0 R", b"/Font 0 0 R"))
    doc = parse_document(broken)
    assert (doc.status, doc.reason) == (
        "quarantined", f"damaged PDF: the fonts of page {number} cannot be read (its text would be misread)"
    )


def test_a_continuation_page_turned_against_its_text_is_quarantined(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    """The parser reads upright words only: a continuation page given /Rotate 90 read as blank, and
    the report was `parsed` without its 26 amounts (fuzzing found it as a changed /Rotate)."""
    source = next(p for p in rendered_samples if "hongshan-disease-control-2024" in p.name)
    number, page_id = _continuation_page(source)
    turned = tmp_path / "turned.pdf"
    turned.write_bytes(_with_page_object_edited(source.read_bytes(), page_id, b"/Rotate 0 ", b"/Rotate 90"))
    doc = parse_document(turned)
    assert (doc.status, doc.reason) == (
        "quarantined", f"page {number} prints all its text sideways (the page turned against its text): not read"
    )
