"""Run the Dagster jobs in-process for `fiscal run`, and summarise the outcome."""

from __future__ import annotations

import contextlib
import fcntl
import io
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

import dagster as dg
import duckdb
from dagster._core.instance.ref import InstanceRef
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from orchestration.definitions import (
    RUN_BY_CLI,
    RUN_BY_TAG,
    STARTED_RUN_STATUSES,
    FiscalConfig,
    defs,
    fail_abandoned_runs,
    fiscal_run_lock,
    partition_range_tags,
    resources,
    run_lock_holder,
)
from orchestration.warehouse import Warehouse, WarehouseBusy

# Exit codes of the commands that run the pipeline (fiscal run, corpus-report, nightly).
EXIT_PUBLISHED, EXIT_GATE_BLOCKED, EXIT_FAILED = 0, 1, 3  # (2: a usage error, before any run)
# How the run summary shows an input file that could not be landed (no document: it has no content).
NOT_LANDED = "not landed"
# The instance settings `make dev` copies into its DAGSTER_HOME (no telemetry, one run at a time).
INSTANCE_CONFIG = Path(__file__).with_name("dagster.yaml")
NO_COMPUTE_LOGS = {"module": "dagster._core.storage.noop_compute_log_manager", "class": "NoOpComputeLogManager"}


# FISCAL_DAGSTER_INSTANCE=ephemeral: runs go to a throwaway in-memory instance instead (recorded
# nowhere). For runs nobody looks back at, the test suite's: the warehouse's SQLite instance
# stores every event (~1,000 a run, a dbt test each) and cost ~10 s a sample run.
INSTANCE_ENV = "FISCAL_DAGSTER_INSTANCE"
INSTANCE_KINDS = ("warehouse", "ephemeral")


def warehouse_instance(warehouse: Path) -> dg.DagsterInstance:
    """The persistent Dagster instance of the warehouse (`W/dagster_home`, the one `make dev` and
    the daemon use), created with orchestration/dagster.yaml if absent. Not $DAGSTER_HOME: the
    instance's `documents` partitions are this warehouse's documents (see docs/orchestration.md).
    An ephemeral one where INSTANCE_ENV says so."""
    kind = os.environ.get(INSTANCE_ENV) or INSTANCE_KINDS[0]
    if kind not in INSTANCE_KINDS:
        raise ValueError(f"{INSTANCE_ENV}={kind!r}: expected one of {', '.join(INSTANCE_KINDS)}")
    home = Warehouse(warehouse).dagster_home
    home.mkdir(parents=True, exist_ok=True)
    if kind == "ephemeral":
        return dg.DagsterInstance.ephemeral()
    config = home / "dagster.yaml"
    # One process at a time creates it: two creating the SQLite storage at once failed ("no such
    # table: event_logs" in the second).
    with open(home / ".create.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not config.exists():  # (never half a file: written aside, then renamed)
            part = home / ".dagster.yaml.part"
            try:
                part.write_text(INSTANCE_CONFIG.read_text(encoding="utf-8"), encoding="utf-8")
                part.replace(config)
            finally:
                part.unlink(missing_ok=True)
        # No capture of the steps' stdout/stderr into the instance: it cost 4 processes (tail,
        # watch_orphans) per step, ~80 s a sample run; `fiscal run` keeps its console output in
        # last_run.log, and its runs' event logs are in the instance as the daemon's are.
        ref = InstanceRef.from_dir(str(home), overrides={"compute_logs": NO_COMPUTE_LOGS})
        return dg.DagsterInstance.from_ref(ref)


@dataclass
class RunSummary:
    published: bool
    warehouse: Path
    documents: int = 0
    facts: int = 0
    checks_held: int = 0
    checks_failed: int = 0
    statuses: list[tuple[str, str, str]] = field(default_factory=list)  # file, status, reason
    gate_failures: list[str] = field(default_factory=list)
    error: str | None = None
    step_seconds: dict[str, float] = field(default_factory=dict)  # Dagster step -> wall seconds

    @property
    def exit_code(self) -> int:
        """0 published; 1 the gate blocked publication; 3 a step failed before publishing."""
        if self.published:
            return EXIT_PUBLISHED
        return EXIT_GATE_BLOCKED if self.gate_failures else EXIT_FAILED

    def print(self, console: Console) -> None:
        table = Table("file", "status", "reason", title="reports of this run")
        for file_name, status, reason in self.statuses:
            colour = {"published": "green", "flagged": "yellow"}.get(status, "red")
            # (names and reasons are data, not rich markup: `[/i]` in a file name is text)
            table.add_row(escape(file_name), f"[{colour}]{status}[/]", escape(reason or ""))
        console.print(table)
        console.print(
            f"documents: {self.documents}   facts published: {self.facts}   "
            f"checks held: {self.checks_held}   checks failed: {self.checks_failed}   "
            f"quarantined: {sum(1 for s in self.statuses if s[1] == 'quarantined')}   "
            f"rejected: {sum(1 for s in self.statuses if s[1] == 'rejected')}"
        )
        if self.published:
            console.print(f"[green]published[/] marts: {self.warehouse / 'marts.duckdb'}")
        elif self.gate_failures:
            console.print("[red]gate blocked publication[/]; the previous marts (if any) stay live.")
            for failure in self.gate_failures:
                console.print(f"  - {failure}", markup=False)
        else:
            console.print("[red]the run failed before publishing[/]; the previous marts (if any) stay live.")
            console.print(f"  - {self.error or 'see warehouse/last_run.log'}", markup=False)


def run_pipeline(
    paths: list[Path],
    warehouse: Path,
    max_quarantined_share: float = 0.5,
    reparse: bool = False,
    log_level: str = "CRITICAL",
) -> RunSummary:
    fiscal = FiscalConfig(
        warehouse_dir=str(warehouse),
        inputs=[str(p) for p in paths],
        max_quarantined_share=max_quarantined_share,
        reparse=reparse,
    )
    warehouse.mkdir(parents=True, exist_ok=True)
    home = Warehouse(warehouse).dagster_home
    with warehouse_instance(warehouse) as instance, fiscal_run_lock(home, os.getpid()) as held:
        if not held:
            raise WarehouseBusy(f"another `fiscal run` (PID {run_lock_holder(home)}) is running on it")
        fail_abandoned_runs(instance)  # (ours, killed: no `fiscal run` is alive but this one)
        if started := instance.get_run_records(filters=dg.RunsFilter(statuses=STARTED_RUN_STATUSES), limit=1):
            run = started[0].dagster_run
            raise WarehouseBusy(f"Dagster run {run.run_id} ({run.job_name}, started by the daemon) is in progress")
        return _run_jobs(instance, fiscal, log_level)


def _run_jobs(instance: dg.DagsterInstance, fiscal: FiscalConfig, log_level: str) -> RunSummary:
    """landing_job, then fiscal_job over every registered document; the outcome read back."""
    warehouse = Path(fiscal.warehouse_dir)
    res = resources(fiscal)
    tags = {RUN_BY_TAG: RUN_BY_CLI}
    # Dagster's console log carries dbt's own output at INFO and a failed step's stack trace at
    # ERROR: the summary is what users read (it names the failure), --verbose shows the log.
    run_config = {"loggers": {"console": {"config": {"log_level": log_level}}}}
    # dagster-dbt re-emits every dbt event on stdout: keep it in warehouse/last_run.log instead
    # (shown as well with --verbose).
    captured = io.StringIO()
    with contextlib.redirect_stdout(sys.stdout if log_level in {"DEBUG", "INFO"} else captured):
        landing = defs.resolve_job_def("landing_job").execute_in_process(
            run_config=run_config, instance=instance, resources=res, tags=tags, raise_on_error=False
        )
        keys = instance.get_dynamic_partitions("documents") if landing.success else []
        result = None
        if keys:
            result = defs.resolve_job_def("fiscal_job").execute_in_process(
                run_config=run_config,
                instance=instance,
                resources=res,
                tags={**tags, **partition_range_tags(keys)},
                raise_on_error=False,
            )
    (warehouse / "last_run.log").write_text(captured.getvalue(), encoding="utf-8")
    summary = RunSummary(published=result is not None and result.success, warehouse=warehouse)
    for run in (landing, result) if result is not None else (landing,):
        summary.step_seconds.update(_step_seconds(instance, run.run_id))
    if not landing.success:  # (a full or read-only disk: nothing of this run was recorded)
        summary.error = _step_failure(landing)
        return summary
    if result is None:  # (every input vanished or was unreadable before it could be landed)
        summary.error = "no input file could be landed"
        fill_from_warehouse(summary, warehouse / "work.duckdb")
        return summary
    for event in result.all_events:
        if event.event_type_value == "ASSET_CHECK_EVALUATION":
            data = event.event_specific_data
            evaluation = getattr(data, "check_name", None)
            if evaluation == "global_gate" and not data.passed:
                text = data.metadata.get("failures")
                summary.gate_failures.extend(str(text.value).splitlines() if text else [])
    summary.error = _step_failure(result)
    fill_from_warehouse(summary, warehouse / "work.duckdb")
    summary.statuses = [(f, shown_status(s, summary.published), r) for f, s, r in summary.statuses]
    return summary


def _step_failure(result: dg.ExecuteInProcessResult) -> str | None:
    """What the first failed step of a run says: a dg.Failure's description (e.g. the dbt tests
    that failed), else the exception that caused it (not Dagster's wrapper around it)."""
    for event in result.all_events:
        if event.event_type_value == "STEP_FAILURE":
            error = event.step_failure_data.error
            while error is not None and error.cause is not None:
                error = error.cause
            text = getattr(event.step_failure_data.user_failure_data, "description", None) or (
                error.message.strip() if error else event.message
            )
            return f"step {event.step_key} failed: {text}"[:2000]
    return None


def shown_status(status: str, published: bool) -> str:
    """A report's status as a run shows it: one that would publish did not when the run did not."""
    return "not published" if not published and status in {"published", "flagged"} else status


def _step_seconds(instance: dg.DagsterInstance, run_id: str) -> dict[str, float]:
    """Wall seconds per Dagster step, from the run's event log."""
    started: dict[str, float] = {}
    seconds: dict[str, float] = {}
    for record in instance.all_logs(run_id):
        event = record.dagster_event
        if event is None or not record.step_key:
            continue
        if event.event_type_value == "STEP_START":
            started[record.step_key] = record.timestamp
        elif event.event_type_value in ("STEP_SUCCESS", "STEP_FAILURE") and record.step_key in started:
            seconds[record.step_key] = record.timestamp - started[record.step_key]
    return seconds


def fill_from_warehouse(summary: RunSummary, work_db: Path) -> None:
    with duckdb.connect(str(work_db), read_only=True) as con:
        has = {
            r[0]
            for r in con.execute(
                "SELECT table_schema || '.' || table_name FROM information_schema.tables"
            ).fetchall()
        }
        summary.documents = con.execute("SELECT count(*) FROM raw.run_inputs").fetchone()[0]
        if "marts.report_status" in has:
            summary.statuses = con.execute(
                "SELECT r.file_name, s.status, s.reason FROM raw.run_inputs r "
                "JOIN marts.report_status s USING (document_id) ORDER BY r.file_name"
            ).fetchall()
        else:
            summary.statuses = con.execute(
                "SELECT r.file_name, d.parse_status, d.reason FROM raw.run_inputs r "
                "JOIN raw.documents d USING (document_id) ORDER BY r.file_name"
            ).fetchall()
        summary.statuses += [
            (file_name, NOT_LANDED, reason)
            for file_name, reason in con.execute(
                "SELECT file_name, reason FROM raw.run_skipped_inputs ORDER BY file_name"
            ).fetchall()
        ]
        if "marts.reported_amounts" in has and summary.published:
            summary.facts = con.execute(
                "SELECT count(*) FROM marts.reported_amounts WHERE document_id IN "
                "(SELECT document_id FROM raw.run_inputs)"
            ).fetchone()[0]
        if "gate.check_results" in has:
            summary.checks_held, summary.checks_failed = con.execute(
                "SELECT count(*) FILTER (WHERE held), count(*) FILTER (WHERE NOT held) FROM gate.check_results "
                "WHERE document_id IN (SELECT document_id FROM raw.run_inputs)"
            ).fetchone()
