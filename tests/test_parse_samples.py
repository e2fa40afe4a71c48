"""The parser reads 100% of the printed amounts of the project's own sample reports right.

The samples (samples/data/*.yaml) are rendered to real PDFs by reportlab and read back with the
real parser; the YAML is the ground truth. Each amount must come back with the right table,
page, subject code or row key, column and exact Decimal value.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from ingest import parse_document


def _key(table_code: str, page: int, subject_code: str | None, row_key: str | None, column_key: str,
         amount: object, row_label: str) -> tuple:
    return (table_code, page, subject_code, row_key, column_key, str(amount), row_label)


def test_every_sample_amount_is_read_right(rendered_samples: dict[Path, list]) -> None:
    assert len(rendered_samples) >= 2
    for pdf, truth in rendered_samples.items():
        doc = parse_document(pdf)
        assert doc.status == "parsed", f"{pdf.name}: {doc.reason} (page {doc.reason_page})"
        expected = Counter(
            _key(t.table_code, t.page, t.subject_code, t.row_key, t.column_key, t.amount, t.row_label)
            for t in truth
        )
        got = Counter(
            _key(a.table_code, a.page, a.subject_code, a.row_key, a.column_key, a.amount, a.row_label)
            for a in doc.amounts
        )
        missing, extra = expected - got, got - expected
        assert not missing and not extra, f"{pdf.name}: missing {list(missing)[:5]} extra {list(extra)[:5]}"


def test_identity_comes_from_the_content(rendered_samples: dict[Path, list], tmp_path: Path) -> None:
    pdf = next(p for p in rendered_samples if p.stem == "qingshan-healthcare-office-2024")
    renamed = tmp_path / "2026年某某局部门预算.pdf"  # a lying file name
    renamed.write_bytes(pdf.read_bytes())
    doc = parse_document(renamed)
    assert (doc.kind, doc.unit_name, doc.fiscal_year) == ("final_accounts", "武汉市青山区医疗保健办公室", 2024)


def test_amounts_are_decimal_and_lineage_complete(rendered_samples: dict[Path, list]) -> None:
    pdf = next(iter(rendered_samples))
    doc = parse_document(pdf)
    for a in doc.amounts:
        assert type(a.amount).__name__ == "Decimal"
        assert a.page >= 1 and a.row_no >= 1 and a.column_key
        assert (a.subject_code is None) != (a.row_key is None)


@pytest.mark.parametrize("table", ["07", "08"])
def test_empty_tables_are_empty_not_missing(rendered_samples: dict[Path, list], table: str) -> None:
    pdf = next(p for p in rendered_samples if p.stem == "qingshan-healthcare-office-2024")
    doc = parse_document(pdf)
    status = {t.table_code: t.status for t in doc.tables}
    assert status[table] == "empty"
