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
# tests/test_dagster_instance.py runs in the warehouse's instance, as users do.
os.environ.setdefault("FISCAL_DAGSTER_INSTANCE", "ephemeral")

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
