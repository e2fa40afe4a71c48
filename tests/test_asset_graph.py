"""Snapshot of the Dagster asset graph: a wiring change shows up as a diff of this file.

Regenerate after an intended change: UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/test_asset_graph.py

The gate's per-rule asset checks are one line of the snapshot: which they are is the rules
registry's business (test_one_asset_check_per_registry_rule), so adding a rule changes no
snapshot.
"""

from __future__ import annotations

import os
from pathlib import Path

from expectations.rules import RULE_IDS
from orchestration.definitions import defs

SNAPSHOT = Path(__file__).parent / "snapshots" / "asset_graph.txt"


def _partitions_name(partitions_def: object) -> str:
    # (the districts' keys are the files of districts/: adding one must change no snapshot)
    return getattr(partitions_def, "name", None) or "districts"


def _render() -> str:
    graph = defs.resolve_asset_graph()
    lines = []
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        parents = ", ".join(sorted(p.to_user_string() for p in node.parent_keys))
        partitioned = f" [partitioned: {_partitions_name(node.partitions_def)}]" if node.partitions_def else ""
        lines.append(f"{key.to_user_string()}{partitioned} <- {parents}")
    rule_checks = False
    for check in sorted(graph.asset_check_keys, key=lambda c: (c.asset_key.to_user_string(), c.name)):
        blocking = " (blocking)" if graph.get_check_spec(check).blocking else ""
        if check.asset_key.to_user_string() == "gate/check_results" and check.name in RULE_IDS:
            if not rule_checks:
                lines.append(f"check gate/check_results:<one per rule of expectations/rules.yaml>{blocking}")
            rule_checks = True
            continue
        lines.append(f"check {check.asset_key.to_user_string()}:{check.name}{blocking}")
    return "\n".join(lines) + "\n"


def test_asset_graph_matches_snapshot() -> None:
    rendered = _render()
    if os.environ.get("UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(rendered, encoding="utf-8")
    assert rendered == SNAPSHOT.read_text(encoding="utf-8")


def test_one_asset_check_per_registry_rule() -> None:
    graph = defs.resolve_asset_graph()
    names = [c.name for c in graph.asset_check_keys if c.asset_key.to_user_string() == "gate/check_results"]
    assert sorted(names) == sorted([*RULE_IDS, "global_gate"])
    assert not any(graph.get_check_spec(c).blocking for c in graph.asset_check_keys if c.name in RULE_IDS)


def test_gate_waits_for_int_amounts_and_blocks_publishing() -> None:
    graph = defs.resolve_asset_graph()
    keys = {k.to_user_string(): k for k in graph.get_all_asset_keys()}

    def ancestors(name: str) -> set[str]:
        seen: set[str] = set()
        todo = [keys[name]]
        while todo:
            for parent in graph.get(todo.pop()).parent_keys:
                if parent.to_user_string() not in seen:
                    seen.add(parent.to_user_string())
                    todo.append(parent)
        return seen

    assert "intermediate/int_amounts" in ancestors("gate/check_results")
    assert "gate/check_results" in ancestors("published/marts")
    assert "gate/check_results" not in ancestors("intermediate/int_amounts")


def test_schedule_and_sensors_are_defined_and_running_by_default() -> None:
    import dagster as dg

    schedule = defs.resolve_schedule_def("nightly_landing")
    assert schedule.execution_timezone == "Asia/Shanghai"
    assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
    for name, job in [("inbox_sensor", "landing_job"), ("new_documents_sensor", "fiscal_job")]:
        sensor = defs.resolve_sensor_def(name)
        assert sensor.job_name == job
        assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_one_partition_and_one_nightly_schedule_per_district_file(tmp_path: Path) -> None:
    import dagster as dg

    from crawler.districts import DISTRICTS_DIR, load_district
    from orchestration.definitions import FiscalConfig, crawl_schedule_name

    files = sorted(DISTRICTS_DIR.glob("*.yaml"))
    assert files
    job = defs.resolve_job_def("crawl_job")
    assert sorted(job.partitions_def.get_partition_keys()) == sorted(f.stem for f in files)
    assert len([s for s in defs.schedules if s.job_name == "crawl_job"]) == len(files)
    for file in files:
        district = load_district(file)
        schedule = defs.resolve_schedule_def(crawl_schedule_name(district.id))
        assert schedule.execution_timezone == district.timezone
        assert schedule.default_status == dg.DefaultScheduleStatus.RUNNING
        # a tick crawls the district's partition once its file says it is verified, and skips it
        # while not (the shipped files: their listing URLs are not checked yet)
        text = file.read_text(encoding="utf-8").replace("verified: true", "").replace("verified: false", "")
        fiscal = FiscalConfig(districts_dir=str(tmp_path))
        for verified in (True, False):
            (tmp_path / file.name).write_text(f"{text}\nverified: {str(verified).lower()}\n", encoding="utf-8")
            with dg.build_schedule_context(resources={"fiscal": fiscal}) as context:
                tick = schedule(context)
            if verified:
                assert isinstance(tick, dg.RunRequest) and tick.partition_key == district.id
            else:
                assert isinstance(tick, dg.SkipReason) and "not verified" in tick.skip_message


def test_inbox_sensor_requests_landing_once_per_change(tmp_path: Path) -> None:
    import dagster as dg

    from orchestration.definitions import FiscalConfig

    sensor = defs.resolve_sensor_def("inbox_sensor")
    fiscal = FiscalConfig(warehouse_dir=str(tmp_path))
    (tmp_path / "inbox").mkdir()
    with dg.build_sensor_context(resources={"fiscal": fiscal}) as context:
        assert isinstance(sensor(context), dg.SkipReason)
    (tmp_path / "inbox" / "report.pdf").write_bytes(b"%PDF-1.4")
    with dg.build_sensor_context(resources={"fiscal": fiscal}) as context:
        result = sensor(context)
        assert len(result.run_requests) == 1
    with dg.build_sensor_context(cursor=result.cursor, resources={"fiscal": fiscal}) as context:
        assert isinstance(sensor(context), dg.SkipReason)


def test_a_broken_district_file_costs_only_its_own_partition(tmp_path: Path) -> None:
    import shutil

    import pytest

    from crawler.districts import DISTRICTS_DIR
    from orchestration.definitions import _valid_districts

    shutil.copy(DISTRICTS_DIR / "wuhan-hongshan.yaml", tmp_path)
    (tmp_path / "typo.yaml").write_text("id: [", encoding="utf-8")
    with pytest.warns(UserWarning, match="typo.yaml"):
        assert [d.id for d in _valid_districts(tmp_path)] == ["wuhan-hongshan"]
