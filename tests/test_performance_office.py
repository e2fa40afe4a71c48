"""Word (.docx) and Excel (.xlsx) 绩效 files are read through the same families and table logic as
PDFs, from their own cell structure, exactly on every field (the comparison of test_performance).

The files are written by samples/performance_office.py with python-docx and openpyxl (no mocks):
the central/宁德 families of samples/performance.py and seed 003's Word layout (岳阳楼区 2023),
merged 一级/二级 cells over their rows, a long 项目名称 on two lines, amounts as Excel numbers in
their number formats. Files that are not 绩效 documents, legacy and damaged ones are recorded with
their reason, never raise.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from test_performance import _mismatches

from ingest import parse_document
from ingest.filekind import LEGACY_OFFICE
from ingest.performance.office import excel_text
from samples.performance import random_performance
from samples.performance_office import (
    _excel_value,
    office_specs,
    render_performance_office,
    split_table,
    write_docx,
    yueyang_performance,
)

CASES = [("central", seed) for seed in range(4)] + [("yueyang", seed) for seed in range(2)]
REAL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize(("layout", "seed"), CASES)
def test_generated_office_performance_tables_read_exactly(layout: str, seed: int, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"performance-{layout}-{seed}{suffix}"
    truth = render_performance_office(seed, path, layout)  # type: ignore[arg-type]
    doc = parse_document(path)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert doc.unit_name == truth[0].unit_name and doc.fiscal_year is not None
    assert doc.page_count == len(truth) and not doc.tables
    assert _mismatches(truth, doc.performance) == []


@pytest.mark.parametrize("seed", [1, 2])  # (a 整体 table; 项目 tables)
def test_a_title_written_in_the_first_rows_of_a_word_table_names_it(seed: int, tmp_path: Path) -> None:
    """Some publishers write the title (and 单位：万元) in the table's first rows, one cell across."""
    path = tmp_path / "titled-inside.docx"
    specs, truth = zip(*office_specs(random_performance(seed)), strict=True)
    write_docx(specs, path, titles_in_table=True)
    doc = parse_document(path)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert _mismatches(list(truth), doc.performance) == []


def test_a_word_table_split_in_two_continues_with_its_labels_carried(tmp_path: Path) -> None:
    """The second part of a table split by the publisher (no title, the same columns) continues
    it, as a PDF continuation page does: its first rows get the 一级/二级 labels printed above."""
    [(spec, truth)] = office_specs(random_performance(2)[:1])
    rows = max(c.row + c.rowspan for c in spec.cells)
    moved = 3  # (the last three indicator rows and the 总分 row)
    path = tmp_path / "split.docx"
    write_docx(split_table(spec, rows - moved - 1), path)
    truth.last_page = 2
    n = len(truth.indicators)
    truth.indicators = [dataclasses.replace(i, page=1 if k < n - moved else 2) for k, i in enumerate(truth.indicators)]
    assert truth.indicators[-moved].level1 is not None  # (carried: its cell in part 2 is blank)
    doc = parse_document(path)
    assert _mismatches([truth], doc.performance) == []


def test_the_office_samples_carry_the_traps() -> None:
    """The cases above do write what they claim to: 一级 and 二级 cells merged over several rows, a
    项目名称 on two lines of its cell, seed 003's words, amounts Excel keeps as numbers."""
    specs = [
        spec
        for layout, seed in CASES
        for spec, _ in office_specs(
            yueyang_performance(seed) if layout == "yueyang" else random_performance(seed), layout  # type: ignore[arg-type]
        )
    ]
    cells = [c for spec in specs for c in spec.cells]
    assert any(c.rowspan > 1 and c.col == 1 for c in cells) and any(c.rowspan > 1 and c.col == 2 for c in cells)
    projects = [c for spec in specs for c in spec.cells if c.row == 0 and c.col == 1 and c.colspan == 9]
    assert any("\n" in c.text for c in projects)  # (a wrapped 项目名称)
    assert {"项目支出名称", "预算单位名称", "自评得分", "年度\n指标值"} <= {c.text for c in cells}
    assert {"#,##0.00", "0.000000", "0.00%"} <= {_excel_value(c.text)[1] for c in cells}


def test_an_excel_sheet_lineage_names_the_row_of_each_indicator(tmp_path: Path) -> None:
    """page = the sheet's number, top = the sheet row the indicator is written in."""
    path = tmp_path / "performance.xlsx"
    render_performance_office(2, path)
    doc = parse_document(path)
    workbook = openpyxl.load_workbook(path)
    for table in doc.performance:
        sheet = workbook.worksheets[table.first_page - 1]
        for ind in table.indicators:
            row = [str(c.value or "") for c in sheet[int(ind.top)]]
            assert ind.level3 in row and ind.bottom == ind.top + 1


@pytest.mark.parametrize(
    ("value", "number_format", "shown"),
    [
        (1292.35, "#,##0.00", "1,292.35"),
        (9.7, "0.000000", "9.700000"),
        (0.9774, "0.00%", "97.74%"),
        (10.0, "0%", "1000%"),
        (0.1 + 0.2, "General", "0.30000000000000004"),  # (shown as Excel keeps it, not rounded away)
        (120, "0.00", "120.00"),
        ("≥95%", "General", "≥95%"),
    ],
)
def test_excel_numbers_are_read_as_their_format_shows_them(value: object, number_format: str, shown: str) -> None:
    assert excel_text(value, number_format) == shown


def _docx_bytes(tmp_path: Path) -> bytes:
    path = tmp_path / "good.docx"
    render_performance_office(0, path)
    return path.read_bytes()


def test_a_damaged_word_file_is_quarantined_with_its_reason(tmp_path: Path) -> None:
    data = _docx_bytes(tmp_path)
    cut = tmp_path / "cut.docx"
    cut.write_bytes(data[: len(data) // 2])  # (no central directory: named by its parts' headers)
    doc = parse_document(cut)
    assert doc.status == "quarantined" and doc.reason and doc.reason.startswith("a Word document (.docx): corrupt")
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(io.BytesIO(data)) as good, zipfile.ZipFile(broken, "w") as bad:
        for item in good.infolist():
            text = good.read(item)
            bad.writestr(item, b"<w:document" if item.filename == "word/document.xml" else text)
    doc = parse_document(broken)
    assert doc.status == "quarantined" and "a Word document (.docx): corrupt or unreadable" in (doc.reason or "")


def test_formulas_saved_without_their_values_quarantine_their_table(tmp_path: Path) -> None:
    """A workbook written by a script holds formulas without computed values: read as blanks, a
    总分 or a weight would go missing in silence. The table is quarantined, naming the cells."""
    path = tmp_path / "formulas.xlsx"
    render_performance_office(2, path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    [weight] = [c for row in sheet.iter_rows() for c in row if c.value == "分值"][-1:]
    below = sheet.cell(weight.row + 1, weight.column)
    below.value = "=5+5"
    workbook.save(path)
    doc = parse_document(path)
    first = doc.performance[0]
    assert first.status == "quarantined" and below.coordinate in (first.reason or "")
    assert all(t.status == "read" for t in doc.performance[1:])


def test_an_excel_workbook_that_is_no_performance_document_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "budget.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["2026年部门预算收支总表"])
    sheet.append(["项目", "预算数", "项目", "预算数"])
    sheet.append(["一般公共预算拨款收入", 1292.35, "一般公共服务支出", 1292.35])
    workbook.save(path)
    doc = parse_document(path)
    assert (doc.status, doc.kind) == ("rejected", "budget")
    assert doc.reason == (
        "an Excel workbook (.xlsx) that is not a 绩效 document (no 绩效 table title found): only 绩效 tables "
        "are read from Word/Excel files"
    )
    assert doc.performance == [] and doc.amounts == []


def test_real_office_files_that_are_no_performance_documents_are_rejected() -> None:
    checklist = REAL / "shanghai_putuo_sfj_2026_budget_checklist.xlsx"
    legacy = REAL / "shanghai_putuo_template_2026_budget_unit_template.xls"
    if not checklist.is_file() or not legacy.is_file():
        pytest.skip("../shared/corpus is absent")
    doc = parse_document(checklist)
    assert doc.status == "rejected" and "not a 绩效 document" in (doc.reason or "")
    doc = parse_document(legacy)  # (read with xlrd: its 16 sheets, none a 绩效 table)
    assert (doc.status, doc.kind, doc.page_count) == ("rejected", "budget", 16)
    assert (doc.reason or "").startswith("a legacy Excel workbook (.xls) that is not a 绩效 document")


def test_a_legacy_word_file_is_rejected_with_its_reason(tmp_path: Path) -> None:
    """An OLE2 file that xlrd finds no workbook in (a Word .doc): not read, with what to do."""
    path = tmp_path / "绩效自评表.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    doc = parse_document(path)
    assert (doc.status, doc.reason) == ("rejected", LEGACY_OFFICE)


def test_an_encrypted_office_file_is_quarantined(tmp_path: Path) -> None:
    """An encrypted .docx/.xlsx is an OLE2 container holding an `EncryptedPackage` stream."""
    path = tmp_path / "locked.xlsx"
    name = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + name + b"\x00" * 64)
    doc = parse_document(path)
    assert doc.status == "quarantined" and "encrypted" in (doc.reason or "")
