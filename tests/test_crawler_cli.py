"""`fiscal crawl` and `fiscal nightly` as a user runs them (the installed script) against a local site."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml
from crawler_support import FAST, landed_files, pdf

from crawler.localsite import LocalSite, Resource, html
from orchestration.definitions import RUN_BY_CLI, RUN_BY_TAG, defs
from orchestration.runner import INSTANCE_ENV

FISCAL = str(Path(sys.executable).parent / "fiscal")


def _fiscal(*args: str, cwd: Path, in_warehouse_instance: bool = False) -> subprocess.CompletedProcess[str]:
    """The installed script; `in_warehouse_instance`: as users run it, recording its runs in the
    warehouse's persistent Dagster instance (the suite's other runs use a throwaway one)."""
    env = {k: v for k, v in os.environ.items() if not (in_warehouse_instance and k == INSTANCE_ENV)}
    return subprocess.run([FISCAL, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=900)


def _district_file(folder: Path, district_id: str, listing: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"id": district_id, "name": "测试区", "adcode": "420111", "timezone": "Asia/Shanghai",
            "listings": [{"url": listing, "kinds": ["final_accounts"]}], "politeness": FAST}
    (folder / f"{district_id}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _site(site: LocalSite, report: Resource) -> str:
    site.add("/czzj/index.html", html('<a href="./202406/t20240601_1.html">2024年部门决算公开</a>'))
    site.add("/czzj/202406/t20240601_1.html", html('<a href="./P020240601.pdf">部门决算.pdf</a>', "2024年部门决算"))
    site.add("/czzj/202406/P020240601.pdf", report)
    return site.url("/czzj/index.html")


def test_crawl_lands_and_records_then_exits_0_and_1_when_a_district_fails(tmp_path: Path) -> None:
    districts, wh = tmp_path / "districts", tmp_path / "wh"
    with LocalSite() as site:
        _district_file(districts, "local-ok", _site(site, pdf("report")))
        done = _fiscal("crawl", "--districts-dir", str(districts), "--warehouse", str(wh), cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert "landed 1 new file" in done.stderr
        _district_file(districts, "local-dead", "http://127.0.0.1:9/czzj/index.html")  # discard port: refused
        done = _fiscal("crawl", "--districts-dir", str(districts), "--warehouse", str(wh), cwd=tmp_path)
    assert done.returncode == 1
    assert "local-dead failed" in done.stderr and "landed 0 new file" in done.stderr
    assert len(landed_files(wh)) == 1
    with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
        runs = con.execute("SELECT district_id, status FROM raw.crawl_runs ORDER BY started_at, district_id").fetchall()
    assert runs == [("local-ok", "crawled"), ("local-dead", "failed"), ("local-ok", "crawled")]


def test_nightly_with_nothing_new_starts_no_pipeline_run(tmp_path: Path) -> None:
    districts, wh = tmp_path / "districts", tmp_path / "wh"
    with LocalSite() as site:
        site.add("/czzj/index.html", html("<p>暂无信息</p>"))
        _district_file(districts, "local-empty", site.url("/czzj/index.html"))
        done = _fiscal("nightly", "--districts-dir", str(districts), "--warehouse", str(wh), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "nothing new to ingest" in done.stderr
    assert not (wh / "marts.duckdb").exists()


def _sensor(instance: dg.DagsterInstance) -> dg.SensorResult | dg.SkipReason:
    sensor = defs.resolve_sensor_def("new_documents_sensor")
    with dg.build_sensor_context(instance=instance) as context:
        return sensor(context)


@pytest.mark.slow
def test_nightly_ingests_what_it_crawled_and_a_second_night_changes_nothing(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    """Also the persistent instance (issue 14 §3), on the same run: `fiscal nightly` records its
    runs in the warehouse's Dagster instance (W/dagster_home, the one `make dev` and the daemon
    use), and the daemon's sensor, evaluated against it, does not run them again."""
    report = next(p for p in rendered_samples if p.stem == "qingshan-healthcare-office-2024")
    districts, wh = tmp_path / "districts", tmp_path / "wh"
    with LocalSite() as site:
        _district_file(districts, "local-night", _site(site, Resource(report.read_bytes(),
                                                                      content_type="application/pdf")))
        nightly = ("nightly", "--districts-dir", str(districts), "--warehouse", str(wh))
        first = _fiscal(*nightly, cwd=tmp_path, in_warehouse_instance=True)
        assert first.returncode == 0, first.stderr + first.stdout
        assert "ingesting 1 crawled file" in first.stderr
        marts = (wh / "marts.duckdb").stat().st_mtime_ns
        second = _fiscal(*nightly, cwd=tmp_path, in_warehouse_instance=True)
    assert second.returncode == 0, second.stderr
    assert "nothing new to ingest" in second.stderr
    assert (wh / "marts.duckdb").stat().st_mtime_ns == marts
    with duckdb.connect(str(wh / "marts.duckdb"), read_only=True) as con:
        assert con.execute("SELECT status FROM report_status").fetchall() == [("published",)]

    with dg.DagsterInstance.from_config(str(wh / "dagster_home")) as instance:
        runs = instance.get_runs(filters=dg.RunsFilter(tags={RUN_BY_TAG: RUN_BY_CLI}))
        assert sorted(r.job_name for r in runs) == ["fiscal_job", "landing_job"]  # the second night: none
        assert {r.status for r in runs} == {dg.DagsterRunStatus.SUCCESS}
        document = hashlib.sha256(report.read_bytes()).hexdigest()
        assert instance.get_dynamic_partitions("documents") == [document]
        # the daemon's sensor sees the document registered and read by `fiscal nightly`: nothing to do
        skipped = _sensor(instance)
        assert isinstance(skipped, dg.SkipReason), skipped
        # a document registered (by landing or a crawl) and not read yet: one run over all documents
        unread = "f" * 64
        instance.add_dynamic_partitions("documents", [unread])
        result = _sensor(instance)
        assert isinstance(result, dg.SensorResult), result
        [request] = result.run_requests
        assert request.tags["dagster/asset_partition_range_start"] == min(document, unread)
        assert request.tags["dagster/asset_partition_range_end"] == max(document, unread)
