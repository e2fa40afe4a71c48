"""Shared fixtures: the project's own sample reports (rendered once per session) and the corpus."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")
# Pipeline runs in tests use a throwaway Dagster instance (orchestration/runner.py INSTANCE_ENV):
# nobody looks back at their run history, and the warehouse's SQLite instance costs ~10 s a run.
# tests/test_dagster_instance.py and test_crawler_cli.py's `fiscal nightly` run in the warehouse's
# instance, as users do.
os.environ.setdefault("FISCAL_DAGSTER_INSTANCE", "ephemeral")

# The test files that take longest (most pipeline runs and OCR; `pytest --durations` of a whole
# run, 2026-12-03), longest first. `make test` hands each file to one of two workers in collection
# order (--dist loadfile --no-loadscope-reorder): started first, the long files no longer finish
# alone at the end while the other worker idles. A stale list only orders less well.
LONGEST_FIRST = (
    "test_corpus.py", "test_pipeline.py", "test_kill_and_readers.py", "test_reliability.py",
    "test_reliability_pipeline.py", "test_gate.py", "test_versions.py", "test_crawler_cli.py",
    "test_text_half.py", "test_scanned_tables.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # (stable: the rest as collected)


REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real"


@pytest.fixture(scope="session")
def rendered_samples(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, list]:
    """Every bundled sample report rendered to PDF, with its ground truth amounts."""
    from samples.render import render_all

    return render_all(tmp_path_factory.mktemp("samples"))


@pytest.fixture(scope="session")
def corpus_dir() -> Path:
    if not (CORPUS / "MANIFEST.tsv").is_file():
        pytest.skip("../shared/corpus is absent")
    return CORPUS
