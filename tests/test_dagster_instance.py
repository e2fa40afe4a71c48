"""`fiscal run` and the daemon share the warehouse's persistent Dagster instance (W/dagster_home):
neither works while the other does, and a killed `fiscal run` does not hold the daemon for ever.

Real parts: the installed `fiscal` script, a real DagsterInstance on the warehouse's folder (the
SQLite storage `make dev` uses), the real `new_documents_sensor` evaluated against it as the
daemon would. That a whole run is recorded there, and not repeated by the sensor, is proven on
`fiscal nightly`'s run in tests/test_crawler_cli.py (one pipeline run fewer in the suite).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import pytest

from orchestration.definitions import RUN_BY_CLI, RUN_BY_TAG, defs, fiscal_run_lock
from orchestration.runner import INSTANCE_ENV, run_pipeline, warehouse_instance
from orchestration.warehouse import WarehouseBusy

FISCAL = str(Path(sys.executable).parent / "fiscal")


@pytest.fixture(autouse=True)
def _the_warehouse_instance(monkeypatch: pytest.MonkeyPatch) -> None:
    """As users run: in the warehouse's instance (the suite's other runs use a throwaway one)."""
    monkeypatch.delenv(INSTANCE_ENV, raising=False)


def _fiscal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != INSTANCE_ENV}
    return subprocess.run([FISCAL, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _sensor(instance: dg.DagsterInstance) -> dg.SensorResult | dg.SkipReason:
    sensor = defs.resolve_sensor_def("new_documents_sensor")
    with dg.build_sensor_context(instance=instance) as context:
        return sensor(context)


def _not_a_report(folder: Path) -> Path:
    folder.mkdir()
    path = folder / "not-a-report.pdf"
    path.write_text("<html><body>404</body></html>", encoding="utf-8")
    return path


def test_a_killed_fiscal_run_releases_the_instance_and_a_daemon_run_holds_it(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    landing_job = defs.resolve_job_def("landing_job")
    with warehouse_instance(wh) as instance:
        instance.add_dynamic_partitions("documents", ["a" * 64])
        # what a `fiscal run` killed -9 leaves: its run STARTED for ever (it would hold the
        # daemon's queue of one run at a time); no process holds the lock, so it is marked failed
        killed = instance.create_run_for_job(
            landing_job, status=dg.DagsterRunStatus.STARTED, tags={RUN_BY_TAG: RUN_BY_CLI}
        )
        assert isinstance(_sensor(instance), dg.SensorResult)
        assert instance.get_run_by_id(killed.run_id).status == dg.DagsterRunStatus.FAILURE

        # a live `fiscal run` (here: this process holds its lock): the sensor waits, a second run is refused
        with fiscal_run_lock(wh / "dagster_home", 4242) as held:
            assert held
            skipped = _sensor(instance)
            assert isinstance(skipped, dg.SkipReason) and "PID 4242" in (skipped.skip_message or "")
            with pytest.raises(WarehouseBusy, match="PID 4242"):
                run_pipeline([tmp_path], wh)

        # a run the daemon started: the sensor waits for it, and `fiscal run` says which run holds it
        daemon_run = instance.create_run_for_job(landing_job, status=dg.DagsterRunStatus.STARTED)
        skipped = _sensor(instance)
        assert isinstance(skipped, dg.SkipReason) and daemon_run.run_id in (skipped.skip_message or "")
    report = _not_a_report(tmp_path / "in")
    done = _fiscal("run", str(report), "--warehouse", str(wh), cwd=tmp_path)
    said = " ".join(done.stderr.split())
    assert done.returncode == 4 and "is in use" in said and daemon_run.run_id in said, done.stderr
    assert not (wh / "landing").exists() and not (wh / "marts.duckdb").exists()
