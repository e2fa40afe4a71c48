"""The real published files of ../shared/corpus/real/ (skipped when that folder is absent).

What this pipeline promises for them today: every file gets a definite outcome with a reason,
nothing raises; each real 部门决算 and each 部门预算 of a profiled template family is read (unit and
year from the content: file names lie, see MANIFEST.tsv) and publishes with its balance rules
holding; budgets of families not profiled yet get a budget kind and a reason; performance
reports, templates, scans and non-PDF files are rejected with the reason.
"""

from __future__ import annotations

import csv
import re
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
# Budget template families the profiles read today (ingest/profiles/budget*.yaml), by file name:
# 上海, 苏州, 无锡 and 长沙 (budget.yaml), 江苏 2017–19 (budget_jiangsu.yaml: the tables-only files
# and the text+tables files but rdbgt 2017), 福建 (budget_fujian.yaml), 广州/珠海 (budget_guangdong.yaml),
# 西安 (budget_xian*.yaml), 长春 (budget_changchun.yaml).
PROFILED_BUDGET_FILES = re.compile(
    r"(shanghai|suzhou|wuxi|fuzhou|quanzhou|zhuhai)_.*\.pdf|changsha_city_(xfj|gaj)_.*_budget\.pdf"
    r"|guangzhou_city_tjj_.*\.pdf|jiangsu_prov_.*_budget_tables\.pdf|xian_city_.*_budget\.pdf|changchun_.*\.pdf"
    r"|jiangsu_prov_(gy_2017|gy_2018|jcy_2017|jcy_2018|jcy_2019|rdbgt_2018)_budget\.pdf"
)
FINALS = [r for r in ROWS if r["kind"] == "final_accounts"]
PROFILED_BUDGETS = [r for r in ROWS if r["kind"] == "budget" and PROFILED_BUDGET_FILES.fullmatch(r["file"])]
if not ROWS:
    pytestmark.append(pytest.mark.skip(reason="../shared/corpus is absent"))


@pytest.mark.parametrize("row", FINALS + PROFILED_BUDGETS, ids=lambda r: r["file"])
def test_reports_are_identified_from_content(row: dict[str, str]) -> None:
    doc = _parsed(row["file"])
    assert doc.kind == row["kind"]
    assert doc.fiscal_year == int(row["year"])
    assert doc.unit_name == row["unit_name"]
    assert doc.status == "parsed", f"{doc.reason} (page {doc.reason_page})"
    # 5: 江苏政协 2017 prints its “三公” table under a title variant not read yet (B09 missing)
    assert sum(t.status == "found" for t in doc.tables) >= 5


def test_real_reports_publish_and_balance(tmp_path: Path) -> None:
    """The real 决算 and profiled 预算 files through the whole pipeline: every balance rule holds or
    the report is flagged as the publisher's inconsistency; none is quarantined."""
    import duckdb

    from orchestration.runner import run_pipeline

    files = [CORPUS / r["file"] for r in FINALS + PROFILED_BUDGETS]
    summary = run_pipeline(files, tmp_path / "warehouse")
    assert summary.published, summary.gate_failures or summary.error
    with duckdb.connect(str(tmp_path / "warehouse" / "marts.duckdb"), read_only=True) as con:
        statuses = dict(con.execute("SELECT file_name, status FROM report_status").fetchall())
        held, failed = con.execute(
            "SELECT sum(checks_held), sum(checks_failed) FROM mart_disclosure_quality"
        ).fetchone()
        phases = dict(
            con.execute("SELECT phase, count(DISTINCT document_id) FROM reported_amounts GROUP BY 1").fetchall()
        )
    assert set(statuses) == {f.name for f in files}
    assert set(statuses.values()) <= {"published", "flagged"}, statuses
    assert held > 4500 and failed <= held // 200  # ≥ 99.5% of evaluated rules hold
    assert phases == {"final": len(FINALS), "budget": len(PROFILED_BUDGETS)}


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["kind"] != "final_accounts" and r not in PROFILED_BUDGETS], ids=lambda r: r["file"]
)
def test_other_files_get_a_definite_outcome_with_a_reason(row: dict[str, str]) -> None:
    doc = _parsed(row["file"])
    if row["text_layer"] == "no":
        assert doc.status == "rejected" and "no text layer" in doc.reason
    elif row["kind"] == "budget":
        # a budget of a family not profiled yet: recognised as a budget; parsed, or with a reason
        assert doc.kind == "budget" or doc.status == "rejected", doc.reason
        assert doc.status == "parsed" or doc.reason
    else:
        assert doc.status == "rejected" and doc.reason
        if row["kind"] == "performance":
            assert doc.kind == "performance", doc.reason
