"""Nightly crawls through Dagster, provenance and versions, with the real parts.

Two nights against a local site (127.0.0.1): the first crawls a district's report, the second
finds a corrected re-publication at the same URL (new bytes, one amount changed), and a file
given by hand arrives in between. Each night runs the Dagster definitions as the daemon would:
the district's `crawl_job` partition, then `new_documents_sensor`'s request of `fiscal_job`.
"""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import dagster as dg
import duckdb
import pytest
import yaml
from crawler_support import FAST

from crawler.localsite import LocalSite, Resource, html
from orchestration.definitions import FiscalConfig, defs, resources
from samples.render import render_variant

DISTRICT = "wuhan-hongshan"  # a partition of the definitions (districts/), here pointed at the local site
REPORT_PATH = "/czzj/202406/P020240601.pdf"
ARCHIVE_PATH = "/czzj/202406/W020240601.zip"  # (all units' reports in one zip, as sites publish them)
MEMBER_PATH = "2024决算/医疗保健办公室.pdf"


def _correct_one_amount(data: dict) -> None:
    for row in data["tables"]["05"]["rows"]:
        if row.get("subject_code") == "2100408":
            row["amounts"] = {k: "14687.66" if v == "14687.06" else v for k, v in row["amounts"].items()}


def _district_file(folder: Path, listing: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    data = {"id": DISTRICT, "name": "测试区", "adcode": "420111", "timezone": "Asia/Shanghai",
            "listings": [{"url": listing, "kinds": ["final_accounts"]}], "politeness": FAST}
    (folder / f"{DISTRICT}.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _ingest_new_documents(instance: dg.DagsterInstance, res: dict, cursor: str | None) -> str:
    """What the daemon does next: the sensor sees new document partitions and runs fiscal_job."""
    sensor = defs.resolve_sensor_def("new_documents_sensor")
    with dg.build_sensor_context(instance=instance, cursor=cursor) as context:
        result = sensor(context)
    assert isinstance(result, dg.SensorResult), result
    [request] = result.run_requests
    run = defs.resolve_job_def("fiscal_job").execute_in_process(
        instance=instance, resources=res, tags=request.tags, raise_on_error=False,
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    assert run.success
    return result.cursor


def _night(instance: dg.DagsterInstance, res: dict) -> dg.ExecuteInProcessResult:
    crawl = defs.resolve_job_def("crawl_job").execute_in_process(
        instance=instance, resources=res, partition_key=DISTRICT,
        run_config={"loggers": {"console": {"config": {"log_level": "ERROR"}}}},
    )
    assert crawl.success
    return crawl


def _marts(wh: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(wh / "marts.duckdb"), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.mark.slow
def test_a_corrected_republication_supersedes_the_old_version_and_both_stay(tmp_path: Path) -> None:
    original = render_variant("hongshan-health-2024", tmp_path, "original")
    corrected = render_variant("hongshan-health-2024", tmp_path, "corrected", _correct_one_amount)
    by_hand = tmp_path / "by-hand.pdf"  # (not a report: rejected at once, but a document all the same)
    archive = tmp_path / "units.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as units:
        units.writestr(MEMBER_PATH, render_variant("qingshan-healthcare-office-2024", tmp_path, "member").read_bytes())
    by_hand.write_text("<html><body>404</body></html>", encoding="utf-8")
    districts, wh = tmp_path / "districts", tmp_path / "wh"
    instance = dg.DagsterInstance.ephemeral()
    with LocalSite() as site:
        site.add("/czzj/index.html", html('<a href="./202406/t20240601_1.html">2024年部门决算公开</a>'))
        links = '<a href="./P020240601.pdf">部门决算.pdf</a> <a href="./W020240601.zip">各单位决算.zip</a>'
        site.add("/czzj/202406/t20240601_1.html", html(links, "2024年部门决算"))
        site.add(REPORT_PATH, Resource(original.read_bytes(), content_type="application/pdf"))
        site.add(ARCHIVE_PATH, Resource(archive.read_bytes(), content_type="application/zip"))
        _district_file(districts, site.url("/czzj/index.html"))
        res = resources(FiscalConfig(warehouse_dir=str(wh), districts_dir=str(districts)))

        # night 1: the district's report and the zip of reports are crawled and ingested
        crawl = _night(instance, res)
        [event] = crawl.get_asset_materialization_events()
        assert event.materialization.metadata["new_documents"].value == 3  # (the report, the zip, its member)
        cursor = _ingest_new_documents(instance, res, None)

        # a file given by hand between the nights (the landing path: it has no provenance)
        landing = defs.resolve_job_def("landing_job").execute_in_process(
            instance=instance,
            resources=resources(FiscalConfig(warehouse_dir=str(wh), inputs=[str(by_hand)])),
        )
        assert landing.success

        # night 2: the same URL now serves a corrected version (new bytes: a 200, not a 304)
        site.add(REPORT_PATH, Resource(corrected.read_bytes(), content_type="application/pdf"))
        _night(instance, res)
        _ingest_new_documents(instance, res, cursor)

    status = sorted(_marts(wh, "SELECT file_name, status FROM report_status"))
    assert status == [("by-hand.pdf", "rejected"), ("医疗保健办公室.pdf", "published"), ("各单位决算.zip", "rejected"),
                      ("部门决算.pdf", "flagged"), ("部门决算.pdf", "published")]
    history = _marts(
        wh,
        "SELECT document_id, version_number, is_current_version, superseded_by, superseded_at, first_seen_at, "
        "district_ids, source_urls FROM document_history "
        "WHERE fiscal_year = 2024 AND unit_name LIKE '%洪山区卫生健康局%' ORDER BY version_number",
    )
    assert len(history) == 2, history
    old, new = history
    # the newer is current (even though it is flagged and the old one published: time, not status)
    assert new[1:4] == (2, True, None)
    assert old[1:4] == (1, False, new[0])
    assert old[4] == new[5] and old[5] < new[5]
    assert old[6] == new[6] == DISTRICT and REPORT_PATH in old[7] and REPORT_PATH in new[7]
    # both versions stay in the contract tables; the facts mark the current one
    current = dict(_marts(wh, "SELECT document_id, bool_and(is_current_version) FROM reported_amounts GROUP BY ALL"))
    assert current[old[0]] is False and current[new[0]] is True
    # provenance: one row per document × source; the file given by hand has none
    sources = _marts(
        wh, "SELECT document_id, district_id, source_url, detail_urls, first_seen <= last_seen, runs_seen "
        "FROM document_sources ORDER BY first_seen",
    )
    archive_id = hashlib.sha256(archive.read_bytes()).hexdigest()
    [(member_id,)] = _marts(wh, "SELECT document_id FROM report_status WHERE file_name = '医疗保健办公室.pdf'")
    # (the zip and its member were first seen on night 1, with the old version)
    assert sorted(s[0] for s in sources[:3]) == sorted([old[0], archive_id, member_id]) and sources[3][0] == new[0]
    assert all(s[1] == DISTRICT and "t20240601_1.html" in s[3] and s[4] for s in sources)
    assert {s[0]: s[2][s[2].index("/czzj"):] for s in sources} == {
        old[0]: REPORT_PATH, new[0]: REPORT_PATH, archive_id: ARCHIVE_PATH, member_id: ARCHIVE_PATH
    }
    # the member's provenance is its archive's, with the path inside it; its amounts are published
    in_archives = "SELECT document_id, archive_id, member_path FROM document_sources WHERE archive_id IS NOT NULL"
    assert _marts(wh, in_archives) == [(member_id, archive_id, MEMBER_PATH)]
    assert _marts(wh, f"SELECT count(*) > 0 FROM reported_amounts WHERE document_id = '{member_id}'") == [(True,)]
    [(by_hand_id,)] = _marts(wh, "SELECT document_id FROM report_status WHERE file_name = 'by-hand.pdf'")
    assert by_hand_id not in {s[0] for s in sources}
    with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM raw.documents WHERE first_seen_at IS NULL").fetchone()[0] == 0


def test_first_seen_is_set_once_and_every_warehouse_has_the_crawl_tables(tmp_path: Path) -> None:
    """Not slow: the warehouse alone. A re-parse (e.g. by a new parser version) keeps the first-seen
    time, so an old version never looks newer than its correction; a warehouse never crawled
    still has the tables dbt reads provenance from."""
    from datetime import datetime

    from ingest.records import ParsedDocument
    from orchestration.warehouse import Warehouse, store_document

    wh = Warehouse(tmp_path / "wh")
    wh.ensure()
    doc = ParsedDocument("ab" * 32, "r.pdf", "/x/r.pdf", 10, "rejected", reason="not a PDF", parser_version="1")
    with duckdb.connect(str(wh.work_db)) as con:
        assert con.execute("SELECT count(*) FROM raw.document_sources").fetchone() == (0,)
        store_document(con, doc, datetime(2026, 1, 1, 2, 0))
        doc.parser_version = "2"
        store_document(con, doc, datetime(2026, 6, 1, 2, 0))
        assert con.execute("SELECT parser_version, first_seen_at FROM raw.documents").fetchall() == [
            ("2", datetime(2026, 1, 1, 2, 0))
        ]
