"""The real published files of ../shared/corpus/real/ (skipped when that folder is absent).

What this pipeline promises for them today: every file gets a definite outcome with a reason,
nothing raises; each real 部门决算 and each 部门预算 (by its template family, or as a text half
whose tables are another file) is read (unit and year from the content: file names lie, see
MANIFEST.tsv) and publishes with its balance rules holding (a scan is read from its page images);
a 绩效 file whose tables are of a family the 绩效 reader knows (ingest/performance/families.yaml)
publishes its indicator rows; the other performance reports, templates and non-PDF files are
rejected with the reason.

All of it is checked on one run of the real pipeline (Dagster, dbt, the gate) over the whole
folder and the hand-checked files of `crawl-2026` (tests/golden/), through `fiscal corpus-report`'s
function, the one the fidelity figures come from: each file is parsed once. The unlabelled rest of
`crawl-2026` is held to its floor by tests/test_crawl.py (`make test-crawl`).
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import duckdb
import pytest
from test_golden import GOLDEN, TABLE_CASES, golden_table_mismatch

from expectations.registry import load_registry
from orchestration.corpus_report import FileReport, corpus_report

pytestmark = [pytest.mark.slow, pytest.mark.corpus]
CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "real"
# The files of the public crawl a golden file transcribes (the rest: tests/test_crawl.py).
GOLDEN_CRAWLED = sorted(CORPUS.parent / data["file"] for _, data in GOLDEN if "/" in data["file"])


def _manifest() -> list[dict[str, str]]:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        return []
    with (CORPUS / "MANIFEST.tsv").open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


ROWS = _manifest()
# Every 部门预算 in the corpus is read: by its template family (ingest/profiles/budget*.yaml) or, for
# a text whose tables are published as another PDF, as a text half (ingest/narratives/budget.yaml);
# the scanned one (北京 政务服务和数据管理局, a text half too) from its page images.
TEXT_HALVES = re.compile(
    r"beijing_city_(swj_2026_budget|zsj_2026_budget_scanned)\.pdf"
    r"|jiangsu_prov_(swbgt_2017|swbgt_2019|zxbgt_2019|rdbgt_2019)_budget\.pdf"
)
FINALS = [r for r in ROWS if r["kind"] == "final_accounts"]
# The 绩效 files printing a table of a family read (宁德's 部门整体绩效自评表); the others (长沙's
# 2022 评价报告, a scan printing no table of a family) are not read yet: rejected.
PERFORMANCE_READ = {
    "ningde_city_zfb_2024_performance_selfeval.pdf",
    # 长沙's 2020 评价报告 (doc_kind evaluation): its 项目支出情况表, one row per project
    "changsha_city_gzw_2020_performance_eval.pdf",
    # 绩效目标表 (doc_kind targets): 广东's inline indicator lists and the 部门整体 申报表
    "guangzhou_city_zsj_2026_performance_targets_dept.pdf",
    "guangzhou_city_zsj_2026_performance_targets_projects.pdf",
}
# The 绩效 rules a real file breaks as printed: 长沙 2020's 合计 预算到位 13,237.00 over groups summing to
# 13,027.00 (P8), and its group 三's 执行率 84.69% where 2,614.12 / 3,087.00 is 84.68% (P4).
PERFORMANCE_WARNINGS = {"changsha_city_gzw_2020_performance_eval.pdf": {"P4", "P8"}}
PROFILED_BUDGETS = [r for r in ROWS if r["kind"] == "budget"]
if not ROWS:
    pytestmark.append(pytest.mark.skip(reason="../shared/corpus is absent"))


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, FileReport], list[FileReport]]:
    """The warehouse of one pipeline run over the whole corpus folder and the golden crawled
    files, the report per file of the corpus folder, and every file's report."""
    warehouse = tmp_path_factory.mktemp("corpus") / "warehouse"
    _, reports = corpus_report([CORPUS, *(p for p in GOLDEN_CRAWLED if p.is_file())], warehouse)
    return warehouse, {r.file_name: r for r in reports if r.folder == CORPUS.name}, reports


@pytest.mark.parametrize("row", FINALS + PROFILED_BUDGETS, ids=lambda r: r["file"])
def test_reports_are_identified_from_content(row: dict[str, str], corpus_run) -> None:
    report = corpus_run[1][row["file"]]
    assert report.kind == row["kind"]
    assert report.fiscal_year == int(row["year"])
    assert report.unit_name == row["unit_name"]
    assert report.status in {"published", "flagged"}, report.reason
    # a scan is read from its page images; a file with a text layer on every page never is (one
    # with pages lacking it, `partial`, is where those pages are images)
    if row["text_layer"] != "partial":
        assert report.ocr == (row["text_layer"] == "no")
    if TEXT_HALVES.fullmatch(row["file"]):
        # its one table is the narrative BN, with balance rules evaluated on its statements
        assert (report.part, report.tables_found) == ("text", 1) and report.evaluated >= 5
    else:
        assert report.part == "tables"
        # 5: 江苏政协 2017 prints its “三公” table under a title variant not read yet (B09 missing)
        assert report.tables_found >= 5


def test_real_reports_publish_and_balance(corpus_run) -> None:
    """The real 决算 and profiled 预算 files through the whole pipeline: every balance rule holds or
    the report is flagged as the publisher's inconsistency; none is quarantined; their facts are
    in the published marts."""
    warehouse, reports, every = corpus_run
    publishing = [r for r in every if r.status in {"published", "flagged"}]
    assert {r["file"] for r in FINALS + PROFILED_BUDGETS} <= {r.file_name for r in publishing}
    # ≥ 99.5% of the evaluated blocking rules hold (the 绩效 warnings count the publishers' slips:
    # 西安's 自评表 print 1000% for 100% and weights summing to 96)
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as con:
        held, failed = con.execute(
            "SELECT count(*) FILTER (WHERE held), count(*) FILTER (WHERE NOT held) FROM gate.check_results "
            "WHERE list_contains($1, rule_id) AND document_id IN "
            "(SELECT document_id FROM raw.run_inputs WHERE list_contains($2, file_name))",
            [[r.id for r in load_registry().rules if r.severity == "blocking"], list(reports)],
        ).fetchone()
    assert held > 4500 and failed <= held // 200
    with duckdb.connect(str(warehouse / "marts.duckdb"), read_only=True) as con:
        phases = dict(
            con.execute("SELECT phase, count(DISTINCT document_id) FROM reported_amounts GROUP BY 1").fetchall()
        )
        mart_held, mart_failed = con.execute(
            "SELECT sum(checks_held), sum(checks_failed) FROM mart_disclosure_quality"
        ).fetchone()
    assert (mart_held, mart_failed) == (sum(r.held for r in every), sum(r.failed for r in every))
    assert phases == {
        "final": sum(r.kind == "final_accounts" for r in publishing),
        "budget": sum(r.kind == "budget" for r in publishing),
    }


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["kind"] != "final_accounts" and r not in PROFILED_BUDGETS], ids=lambda r: r["file"]
)
def test_other_files_get_a_definite_outcome_with_a_reason(row: dict[str, str], corpus_run) -> None:
    report = corpus_run[1][row["file"]]
    assert report.ocr == (row["text_layer"] == "no")  # a scanned 绩效 report is recognised as one
    if row["kind"] == "performance":
        assert report.kind == "performance", report.reason
    if row["file"] in PERFORMANCE_READ:
        # (宁德 prints 财政资金小计 0.00 under a total of 9209.55: the 绩效 rules flag it, warnings only)
        assert report.status in {"published", "flagged"}, report.reason
        assert report.status == "published" or report.reason.startswith("warnings:"), report.reason
        assert (report.unit_name, report.fiscal_year) == (row["unit_name"], int(row["year"]))
        if row["file"] in PERFORMANCE_WARNINGS:  # (each failure re-read: the publisher's, as printed)
            rules = set(re.findall(r"\bP\d+\b", report.reason))
            assert (rules, "parse error" in report.reason) == (PERFORMANCE_WARNINGS[row["file"]], False), report.reason
        return
    assert report.status == "rejected" and report.reason


@pytest.mark.parametrize(("file", "table_code"), TABLE_CASES)
def test_the_corpus_run_reads_each_golden_table(file: str, table_code: str, corpus_run) -> None:
    """The hand-transcribed tables of tests/golden/ (see test_golden.py), against what this run's
    parser stored for them (raw.amounts): the corpus is parsed once, here."""
    sha = next(data["sha256"] for _, data in GOLDEN if data["file"] == file)
    with duckdb.connect(str(corpus_run[0] / "work.duckdb"), read_only=True) as con:
        status = con.execute("SELECT parse_status FROM raw.documents WHERE document_id = ?", [sha]).fetchall()
        got = Counter(
            (str(key), column, amount)
            for key, column, amount in con.execute(
                "SELECT coalesce(subject_code, row_key), column_key, amount FROM raw.amounts "
                "WHERE document_id = ? AND table_code = ?",
                [sha, table_code],
            ).fetchall()
        )
    assert status == [("parsed",)], f"{file}: {status}"
    mismatch = golden_table_mismatch(file, table_code, got)
    assert mismatch is None, mismatch
