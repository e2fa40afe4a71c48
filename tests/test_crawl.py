"""The public crawl of 2026 budget pages in ../shared/corpus/crawl-2026/ (skipped when absent).

Unlabelled (see its README): no file is named here. Every file must get a definite outcome with
a reason, and the budgets publishing are held to a floor that only rises. One pipeline run over
the folder, through `fiscal corpus-report`'s function (`fiscal corpus-report
../shared/corpus/crawl-2026` prints the same figures per file).

It parses 112 real files (~8 CPU-minutes), so it is a measurement of its own: `make test-crawl`,
not part of `make test` (which keeps CI within its time; the crawl's hand-checked files,
tests/golden/, are read by tests/test_corpus.py's run there).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from orchestration.corpus_report import FileReport, corpus_report
from orchestration.warehouse import discover

pytestmark = [pytest.mark.slow, pytest.mark.corpus, pytest.mark.crawl]
CRAWL = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "crawl-2026"
CRAWL_BUDGETS_PUBLISHING_AT_LEAST = 101
if not CRAWL.is_dir():
    pytestmark.append(pytest.mark.skip(reason="../shared/corpus/crawl-2026 is absent"))


@pytest.fixture(scope="module")
def crawl_reports(tmp_path_factory: pytest.TempPathFactory) -> list[FileReport]:
    _, reports = corpus_report([CRAWL], tmp_path_factory.mktemp("crawl") / "warehouse")
    return reports


def test_crawled_budgets_get_a_definite_outcome_and_publish(crawl_reports: list[FileReport]) -> None:
    # Every file the pipeline takes from the folder (its README and MANIFEST are not reports).
    assert len(crawl_reports) == len(discover([CRAWL]))
    for r in crawl_reports:
        assert r.status in {"published", "flagged", "quarantined", "rejected"}, r
        if r.status in {"published", "flagged"}:
            assert r.unit_name and r.fiscal_year and r.evaluated > 0, r
        else:
            assert r.reason, r
    budgets = [r for r in crawl_reports if r.kind == "budget"]
    publishing = [r for r in budgets if r.status in {"published", "flagged"}]
    assert len(publishing) >= CRAWL_BUDGETS_PUBLISHING_AT_LEAST, [
        (r.file_name, r.reason) for r in budgets if r not in publishing
    ]
