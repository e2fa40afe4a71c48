"""The real published files of ../shared/corpus/real/ (skipped when that folder is absent).

What this pipeline promises for them today: every file gets a definite outcome with a reason,
nothing raises; each real 部门决算 is read (unit and year from the content: file names lie, see
MANIFEST.tsv) and publishes with its balance rules holding; budgets, performance reports,
templates, scans and non-PDF files are rejected with the reason (budget tables: issue 3).
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
    assert doc.status == "parsed", f"{doc.reason} (page {doc.reason_page})"
    assert sum(t.status == "found" for t in doc.tables) >= 7


def test_real_final_accounts_publish_and_balance(tmp_path: Path) -> None:
    """The real 决算 files through the whole pipeline: every balance rule holds or the report is
    flagged as the publisher's inconsistency; none is quarantined."""
    import duckdb

    from orchestration.runner import run_pipeline

    finals = [CORPUS / r["file"] for r in ROWS if r["kind"] == "final_accounts"]
    summary = run_pipeline(finals, tmp_path / "warehouse")
    assert summary.published, summary.gate_failures or summary.error
    with duckdb.connect(str(tmp_path / "warehouse" / "marts.duckdb"), read_only=True) as con:
        statuses = dict(con.execute("SELECT file_name, status FROM report_status").fetchall())
        held, failed = con.execute(
            "SELECT sum(checks_held), sum(checks_failed) FROM mart_disclosure_quality"
        ).fetchone()
    assert set(statuses) == {f.name for f in finals}
    assert set(statuses.values()) <= {"published", "flagged"}, statuses
    assert held > 1000 and failed <= held // 200  # ≥ 99.5% of evaluated rules hold


@pytest.mark.parametrize("row", [r for r in ROWS if r["kind"] != "final_accounts"], ids=lambda r: r["file"])
def test_other_files_are_rejected_with_a_reason(row: dict[str, str]) -> None:
    doc = _parsed(row["file"])
    assert doc.status == "rejected"
    assert doc.reason
    if row["text_layer"] == "no":
        assert "no text layer" in doc.reason
    elif row["kind"] in {"budget", "performance"}:
        assert doc.kind == row["kind"], doc.reason
