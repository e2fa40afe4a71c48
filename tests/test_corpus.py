"""The real published files of ../shared/corpus/real/ (skipped when that folder is absent).

What this pipeline promises for them today: every file gets a definite outcome with a reason,
nothing raises; a 部门决算 is recognised as one, with its unit and year taken from the content
(file names lie: MANIFEST.tsv notes which); budgets, performance reports, templates, scans and
non-PDF files are rejected with the reason. Reading the real 决算 layouts to publication is
tracked by issue 3 (real-world fidelity); their current status is printed in the closing notes.
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

import pytest

from ingest import ParsedDocument, parse_document

pytestmark = [pytest.mark.slow, pytest.mark.corpus]
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"


def _manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@cache
def _parsed(name: str) -> ParsedDocument:
    return parse_document(CORPUS / name)


ROWS = _manifest()
if not ROWS:
    pytestmark.append(pytest.mark.skip(reason="../shared/corpus is absent"))


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] == "final_accounts"], ids=lambda r: r["file"])
def test_final_accounts_are_identified_from_content(row: dict[str, str]) -> None:
    doc = _parsed(row["file"])
    assert doc.kind == "final_accounts"
    assert doc.fiscal_year == int(row["year"])
    assert doc.unit_name == row["unit_name"]
    assert doc.status in {"parsed", "quarantined"}
    if doc.status == "quarantined":
        assert doc.reason  # with the table and, where known, the page to look at
        assert sum(t.status != "missing" for t in doc.tables) >= 5


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] != "final_accounts"], ids=lambda r: r["file"])
def test_other_files_are_rejected_with_a_reason(row: dict[str, str]) -> None:
    doc = _parsed(row["file"])
    assert doc.status == "rejected"
    assert doc.reason
    if row["text_layer"] == "no":
        assert "no text layer" in doc.reason
    elif row["kind"] in {"budget", "performance"}:
        assert doc.kind == row["kind"], doc.reason
