"""Dagster definitions: thin wiring over `ingest`, `crawler`, `orchestration.warehouse`, dbt and the gate.

Asset graph (see docs/orchestration.md):

    crawl/files (one static partition per district) ─┐
    landing/files ─► raw/{documents,report_tables,amounts,performance_*} (one dynamic partition per document)
        ─► dbt models before the gate (staging, int_amounts, dims)
        ─► gate/check_results (Great Expectations; blocking check `global_gate`)
        ─► dbt models after the gate (status, facts, marts)
        ─► published/marts (atomic swap of warehouse/marts.duckdb)

`fiscal run` executes `landing_job` then `fiscal_job` in-process: the same code path as a
scheduled or sensor-triggered run in `dagster dev`. A district's nightly schedule runs
`crawl_job` for its partition; the documents it lands are registered like landed ones, and
`new_documents_sensor` runs `fiscal_job` on them.
"""


import contextlib
import fcntl
import hashlib
import io
import os
import subprocess
import sys
import warnings
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path

import dagster as dg
import duckdb
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets
from dbt.version import __version__ as DBT_VERSION
from packaging.version import Version
from rich.console import Console
from rich.progress import track

from crawler.commands import EXIT_USAGE, crawl_command
from crawler.districts import DISTRICTS_DIR, District, DistrictError, load_district, load_districts
from expectations.catalogue import ensure_seed
from expectations.gate import GateSettings, run_gate
from expectations.registry import load_registry
from ingest import PARSER_VERSION
from orchestration.confirm import reread_confirm
from orchestration.nightly import files_to_ingest
from orchestration.parsing import DEFAULT_DOCUMENT_SECONDS, DEFAULT_WORKER_MEMORY_MB, parse_all
from orchestration.warehouse import (
    LandedFile,
    Warehouse,
    already_parsed,
    discover,
    land,
    landed_file,
    publish,
    record_run_inputs,
    store_document,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
DBT_DIR = REPO_ROOT / "dbt_project"
SAMPLES_DIR = REPO_ROOT / "warehouse" / "samples"

documents_partitions = dg.DynamicPartitionsDefinition(name="documents")


def _valid_districts(folder: Path) -> list[District]:
    """Every district of the folder; a broken file is left out with a warning, not raised: a typo
    in one district must not take `fiscal run` and the UI down with it (CI validates each file)."""
    try:
        return load_districts(folder)
    except DistrictError as first:
        warnings.warn(f"districts: {first}; that district has no partition or schedule until fixed", stacklevel=2)
        valid = []
        for path in sorted(folder.glob("*.yaml")):
            try:
                valid.append(load_district(path))
            except DistrictError:
                continue
        return valid


# One partition per district file (read when the code location loads: a new file in districts/
# needs a reload of the definitions, e.g. `dagster dev` restarted or "Reload" in the UI).
DISTRICTS: list[District] = _valid_districts(DISTRICTS_DIR)
district_partitions = dg.StaticPartitionsDefinition([d.id for d in DISTRICTS])


class FiscalConfig(dg.ConfigurableResource):
    """Where the warehouse lives, what to ingest, and the gate's thresholds."""

    warehouse_dir: str = str(REPO_ROOT / "warehouse")
    inputs: list[str] = []  # noqa: RUF012 - pydantic copies defaults
    # Where the crawl reads its district files (the partitions are those of districts/).
    districts_dir: str = str(DISTRICTS_DIR)
    max_quarantined_share: float = 0.5
    reparse: bool = False
    # Documents parsed side by side (0: one process per CPU). Parsing is CPU-bound pdfplumber
    # work; the raw tables are still written by this process alone, one document at a time.
    parse_workers: int = 0
    # Address space per parser process (MiB; 0: no cap): a file that needs more is quarantined.
    parse_worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB
    # Wall seconds one document may take to parse (0: no limit): one taking longer is quarantined.
    parse_document_seconds: float = DEFAULT_DOCUMENT_SECONDS

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(Path(self.warehouse_dir))


DBT_EXECUTABLE = str(Path(sys.executable).parent / "dbt")  # this virtualenv's dbt, PATH or not
dbt_project = DbtProject(project_dir=DBT_DIR, profiles_dir=DBT_DIR)


class FiscalDbtCli(DbtCliResource):
    """dagster-dbt's dbt resource, told dbt's version by the package this process imports.

    It otherwise learns the version by running `dbt --version`, ~3 s of CPU on every run (a run
    builds its resources anew). DBT_EXECUTABLE is this virtualenv's dbt, so the two cannot differ.
    """

    @cached_property
    def _cli_version(self) -> Version:
        return Version(DBT_VERSION)

    def _initialize_dbt_core_adapter(self, args: Sequence[str]) -> None:  # type: ignore[override]
        """No in-process dbt adapter: dagster-dbt builds one on every `cli` call (loading the
        profile and parsing every macro, ~2 s of CPU each, two calls a run) only for
        `fetch_row_counts` / `fetch_column_metadata`, which this project does not use. Without it
        dagster-dbt streams dbt's events as they come instead of after dbt exits."""
        return None


def _manifest_is_stale() -> bool:
    manifest = dbt_project.manifest_path
    sources = [p for p in DBT_DIR.rglob("*") if p.suffix in {".sql", ".yml", ".csv"} and "target" not in p.parts]
    return not manifest.exists() or max(p.stat().st_mtime for p in sources) > manifest.stat().st_mtime


def _ensure_manifest() -> None:
    """Write the generated seed; run `dbt parse` (no database) if the manifest is missing or stale.

    Several processes load these definitions at once (test workers, a CLI beside `dagster dev`):
    each checks under one exclusive lock, so one parses while the others wait and then find it
    current. Without the lock a process read the manifest while another was still writing it (a
    manifest being written is already newer than the models, so the check alone is not enough).
    """
    dbt_project.manifest_path.parent.mkdir(parents=True, exist_ok=True)
    with open(dbt_project.manifest_path.parent / ".parse.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        ensure_seed()  # dbt's seed `rules`, generated from the rules registry (not kept in git)
        if _manifest_is_stale():
            subprocess.run(
                [DBT_EXECUTABLE, "parse", "--quiet", "--project-dir", str(DBT_DIR), "--profiles-dir", str(DBT_DIR)],
                check=True,
                env={**os.environ, "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"},
            )


_ensure_manifest()


# --- landing ---------------------------------------------------------------------------------


@dg.asset(key=["landing", "files"], group_name="landing")
def landing_files(context: dg.AssetExecutionContext, fiscal: FiscalConfig) -> dg.MaterializeResult:
    """Copy the input files into the content-addressed landing folder; one partition per document."""
    wh = fiscal.warehouse
    wh.ensure()
    inputs = [Path(p) for p in fiscal.inputs] or [wh.inbox]
    landed, new = register_documents(context, wh, discover(inputs))
    return dg.MaterializeResult(metadata={"files": len(landed), "new_documents": len(new)})


def register_documents(
    context: dg.AssetExecutionContext, wh: Warehouse, files: list[Path]
) -> tuple[list[LandedFile], list[str]]:
    """Land the files (content addressed: a crawled file is landed already) and register each
    new document as a partition of `documents` (what `new_documents_sensor` watches)."""
    landing = land(files, wh)
    with duckdb.connect(str(wh.work_db)) as con:
        record_run_inputs(con, landing)
    for skipped in landing.skipped:
        context.log.warning(f"{skipped.file_name}: {skipped.reason}")
    landed = landing.landed
    keys = sorted({f.document_id for f in landed})
    new = [k for k in keys if not context.instance.has_dynamic_partition("documents", k)]
    if new:
        context.instance.add_dynamic_partitions("documents", new)
    return landed, new


# --- crawling ------------------------------------------------------------------------------------


@dg.asset(key=["crawl", "files"], group_name="crawl", partitions_def=district_partitions)
def crawl_files(context: dg.AssetExecutionContext, fiscal: FiscalConfig) -> dg.MaterializeResult:
    """Crawl one district (the crawler library: conditional GETs, records in raw.crawl_fetches),
    then register every crawled file the pipeline has not read yet as a document partition."""
    wh = fiscal.warehouse
    wh.ensure()
    district_id = context.partition_key
    out = io.StringIO()
    code, results = crawl_command(wh.root, [district_id], Path(fiscal.districts_dir), Console(file=out, width=160))
    context.log.info(out.getvalue())
    if code == EXIT_USAGE:
        raise dg.Failure(description=out.getvalue())
    # (all crawled files not read yet, of any district, also those an earlier crawl landed but did
    # not register, e.g. `fiscal crawl` run by hand: the same function `fiscal nightly` uses)
    landed, new = register_documents(context, wh, files_to_ingest(wh.work_db))
    [result] = results
    if result.status == "failed":  # (after registering: what other nights landed is still ingested)
        raise dg.Failure(description=f"district {district_id} failed: {result.reason}")
    return dg.MaterializeResult(
        metadata={
            "requests": result.requests,
            "bytes": result.bytes,
            "files_found": result.files_found,
            "files_new": len(result.landed),
            "failures": len(result.failures),
            "files_to_ingest": len(landed),
            "new_documents": len(new),
        }
    )


# --- documents → raw tables ------------------------------------------------------------------

RAW_TABLES = (
    "documents", "report_tables", "amounts", "performance_tables", "performance_indicators", "performance_funds",
    "performance_base_lines", "performance_staffing", "performance_buildings",
)


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            ["raw", t],
            # (a document comes from landing or from a crawl: every partition of either may feed it)
            deps=[landing_files, dg.AssetDep(crawl_files, partition_mapping=dg.AllPartitionMapping())],
            group_name="raw",
            partitions_def=documents_partitions,
        )
        for t in RAW_TABLES
    ],
    partitions_def=documents_partitions,
    backfill_policy=dg.BackfillPolicy.single_run(),
    can_subset=False,
)
def raw_documents(context: dg.AssetExecutionContext, fiscal: FiscalConfig):
    """Parse each document of the run's partitions and replace its rows in the raw tables."""
    wh = fiscal.warehouse
    wh.ensure()
    counts = {"parsed": 0, "quarantined": 0, "rejected": 0, "cached": 0}
    # Documents first stored by this run share one first-seen time: versions delivered together
    # are not ordered by which parser process happened to finish first.
    seen_at = datetime.now(UTC).replace(tzinfo=None)
    with duckdb.connect(str(wh.work_db)) as con:
        todo = []
        # The landed copy read is the one of the name this run delivered (not any other file of
        # the folder, such as a copy a crash left behind).
        names = dict(con.execute("SELECT document_id, min(file_name) FROM raw.run_inputs GROUP BY ALL").fetchall())
        for key in context.partition_keys:
            if not fiscal.reparse and already_parsed(con, key, PARSER_VERSION):
                counts["cached"] += 1
            elif (path := landed_file(wh, key, names.get(key))) is None:
                context.log.warning(f"document {key} is no longer in landing (removed): skipped")
            else:
                todo.append(path)
        workers = fiscal.parse_workers or os.cpu_count() or 1
        docs = parse_all(
            todo, workers, fiscal.parse_worker_memory_mb, document_seconds=fiscal.parse_document_seconds
        )
        # (each stored as soon as it is parsed: a later failure keeps what was read)
        for doc in track(docs, total=len(todo), description="parsing", disable=not sys.stderr.isatty()):
            store_document(con, doc, seen_at)
            counts[doc.status] += 1
            context.log.info(f"{doc.file_name}: {doc.status} {doc.reason or ''}")
    for t in RAW_TABLES:
        yield dg.MaterializeResult(asset_key=["raw", t], metadata=counts)


# --- dbt, before and after the gate ------------------------------------------------------------


def _dbt_env(fiscal: FiscalConfig) -> None:
    os.environ["FISCAL_WORK_DB"] = str(fiscal.warehouse.work_db)
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")


def _dbt_build(context: dg.AssetExecutionContext, dbt: DbtCliResource, fiscal: FiscalConfig):
    """`dbt build`; on failure the step fails naming each failed model or test and its message."""
    _dbt_env(fiscal)
    # One target folder per warehouse, the same for every invocation: dagster-dbt's default (a new
    # folder per invocation under dbt_project/target) grew ~20 MB a run and made dbt parse the
    # whole project twice a run, without a partial-parse cache to reuse.
    invocation = dbt.cli(["build"], context=context, raise_on_error=False, target_path=fiscal.warehouse.dbt_target)
    yield from invocation.stream()
    if not invocation.is_successful():
        raise dg.Failure(description=dbt_failures(invocation.get_artifact("run_results.json")))


def dbt_failures(run_results: dict) -> str:
    """One line per failed dbt node: `test not_null_report_status_unit_key: Got 8 results ...`."""
    # unique_id: <resource type>.<package>.<name>[.<hash of a test's arguments>]
    lines = [
        f"{kind} {name}: {(r.get('message') or r['status']).strip()}"
        for r in run_results.get("results", [])
        if r.get("status") in ("error", "fail", "runtime error")
        for kind, _package, name, *_ in [r["unique_id"].split(".")]
    ]
    return "dbt build failed: " + ("; ".join(lines) if lines else "see warehouse/last_run.log")


@dbt_assets(manifest=dbt_project.manifest_path, exclude="source:gate+", name="dbt_before_gate", project=dbt_project)
def dbt_before_gate(context: dg.AssetExecutionContext, dbt: DbtCliResource, fiscal: FiscalConfig):
    yield from _dbt_build(context, dbt, fiscal)


@dbt_assets(manifest=dbt_project.manifest_path, select="source:gate+", name="dbt_after_gate", project=dbt_project)
def dbt_after_gate(context: dg.AssetExecutionContext, dbt: DbtCliResource, fiscal: FiscalConfig):
    # A test failing here is a bug (every per-document condition is decided before the gate):
    # the step fails, naming it, and published_marts does not run, so the previous marts stay live.
    yield from _dbt_build(context, dbt, fiscal)


# --- the gate ----------------------------------------------------------------------------------

# One asset check per rule of the registry (expectations/rules.yaml), in its order. A rule's check
# warns (a failed instance is a per-document finding: the report is quarantined or flagged, the
# pipeline goes on); only `global_gate` blocks publication.
RULES = tuple(sorted(load_registry().rules, key=lambda r: r.order))


@dg.asset(
    key=["gate", "check_results"],
    deps=[dbt_before_gate],  # int_amounts and everything dbt builds and tests before the gate
    group_name="gate",
    check_specs=[dg.AssetCheckSpec("global_gate", asset=["gate", "check_results"], blocking=True)]
    + [
        dg.AssetCheckSpec(rule.id, asset=["gate", "check_results"], description=f"{rule.description} ({rule.severity})")
        for rule in RULES
    ],
)
def gate_check_results(context: dg.AssetExecutionContext, fiscal: FiscalConfig):
    """Run the Great Expectations suites over int_amounts; write gate.check_results."""
    wh = fiscal.warehouse
    settings = GateSettings(max_quarantined_share=fiscal.max_quarantined_share)
    outcome = run_gate(wh.work_db, settings, reread_confirm(wh))
    yield dg.MaterializeResult(
        metadata={
            "global_passed": outcome.global_passed,
            "checked_documents": outcome.checked_documents,
            "quarantined_documents": outcome.quarantined_documents,
            "seconds": outcome.elapsed_seconds,
        }
    )
    for rule in RULES:
        stats = outcome.rule_counts.get(rule.id)
        failed = stats.failed if stats else 0
        yield dg.AssetCheckResult(
            check_name=rule.id,
            asset_key=["gate", "check_results"],
            passed=failed == 0,
            severity=dg.AssetCheckSeverity.WARN,
            metadata={
                "evaluated": stats.evaluated if stats else 0,
                "held": stats.held if stats else 0,
                "failed": failed,
                "publisher_inconsistency": stats.publisher_inconsistency if stats else 0,
                "parse_error": stats.parse_error if stats else 0,
            },
        )
    yield dg.AssetCheckResult(
        check_name="global_gate",
        asset_key=["gate", "check_results"],
        passed=outcome.global_passed,
        metadata={"failures": "\n".join(outcome.global_failures) or "none"},
    )


# --- publish -----------------------------------------------------------------------------------


@dg.asset(key=["published", "marts"], deps=[dbt_after_gate], group_name="publish")
def published_marts(context: dg.AssetExecutionContext, fiscal: FiscalConfig) -> dg.MaterializeResult:
    """Swap in a new warehouse/marts.duckdb (atomic rename); the old file stays on any failure."""
    tables = publish(fiscal.warehouse)
    return dg.MaterializeResult(metadata={"path": str(fiscal.warehouse.marts_db), "tables": tables})


# --- jobs, schedule, sensor ------------------------------------------------------------------

landing_job = dg.define_asset_job("landing_job", selection=[landing_files])
crawl_job = dg.define_asset_job("crawl_job", selection=[crawl_files], partitions_def=district_partitions)
fiscal_job = dg.define_asset_job(
    "fiscal_job",
    selection=dg.AssetSelection.all() - dg.AssetSelection.assets(landing_files, crawl_files),
    partitions_def=documents_partitions,
)

# Unattended means on by default: schedules and sensors start RUNNING with the daemon (pause one
# in the UI, or `dagster schedule stop` / `dagster sensor stop`; the UI's setting then persists
# in the instance under DAGSTER_HOME).
RUNNING = dg.DefaultScheduleStatus.RUNNING
SENSOR_RUNNING = dg.DefaultSensorStatus.RUNNING

# Crawls at 01:00 in the district's own time zone; ingestion follows through new_documents_sensor.
CRAWL_CRON = "0 1 * * *"


def crawl_schedule_name(district_id: str) -> str:
    """Dagster names allow letters, digits and _: `wuhan-hongshan` → `nightly_crawl_wuhan_hongshan`."""
    return "nightly_crawl_" + "".join(c if c.isalnum() else "_" for c in district_id)


def district_schedule(district: District) -> dg.ScheduleDefinition:
    """The nightly crawl of one district, in its time zone. Running by default; each tick reads the
    district's file again and skips a district that is disabled or not verified (what `fiscal
    crawl` skips unless named), so setting `verified: true` needs no reload of the definitions."""

    @dg.schedule(
        name=crawl_schedule_name(district.id),
        job=crawl_job,
        cron_schedule=CRAWL_CRON,
        execution_timezone=district.timezone,
        default_status=RUNNING,
        description=f"crawl {district.id} ({district.name}) every night at 01:00 {district.timezone}",
    )
    def _schedule(context: dg.ScheduleEvaluationContext, fiscal: FiscalConfig) -> dg.RunRequest | dg.SkipReason:
        path = Path(fiscal.districts_dir) / f"{district.id}.yaml"
        try:
            current = load_district(path)
        except (OSError, DistrictError) as exc:
            return dg.SkipReason(f"{path}: {exc}")
        if not (current.enabled and current.verified):
            state = "disabled" if not current.enabled else "not verified (verified: false)"
            return dg.SkipReason(f"{district.id} is {state}: crawled only when materialized by hand")
        return dg.RunRequest(partition_key=district.id)

    return _schedule


crawl_schedules = [district_schedule(d) for d in DISTRICTS]


@dg.schedule(job=landing_job, cron_schedule="0 2 * * *", execution_timezone="Asia/Shanghai", default_status=RUNNING)
def nightly_landing(context: dg.ScheduleEvaluationContext) -> dg.RunRequest:
    """Every night: take what arrived in warehouse/inbox into landing (the sensor does the rest)."""
    return dg.RunRequest(run_key=None)


@dg.sensor(job=landing_job, minimum_interval_seconds=60, default_status=SENSOR_RUNNING)
def inbox_sensor(context: dg.SensorEvaluationContext, fiscal: FiscalConfig) -> dg.SensorResult | dg.SkipReason:
    """Files dropped into warehouse/inbox/ (by hand or by a crawler) start a landing run."""
    inbox = fiscal.warehouse.inbox
    if not inbox.is_dir():
        return dg.SkipReason(f"{inbox} does not exist")
    # Name, size and modification time of every file: any new or changed file changes the cursor.
    state = sorted(f"{f.relative_to(inbox)}:{f.stat().st_size}:{f.stat().st_mtime_ns}" for f in discover([inbox]))
    cursor = hashlib.sha256("\n".join(state).encode()).hexdigest()
    if not state or cursor == context.cursor:
        return dg.SkipReason("no new files in the inbox")
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=cursor)], cursor=cursor)


# --- one instance for the daemon and `fiscal run` (warehouse/dagster_home) ---------------------

# `fiscal run` executes its jobs in-process in the warehouse's instance, so they are in the UI's
# run history. Its runs carry this tag; while it works it holds RUN_LOCK (an flock in the
# instance's folder: released by the kernel however the process ends, so a lock is never stale).
RUN_BY_TAG, RUN_BY_CLI = "fiscal/run_by", "fiscal run"
RUN_LOCK = "fiscal-run.lock"
# A run in these states has been started and not finished (QUEUED/NOT_STARTED: not started yet).
STARTED_RUN_STATUSES = [dg.DagsterRunStatus.STARTING, dg.DagsterRunStatus.STARTED, dg.DagsterRunStatus.CANCELING]
UNFINISHED_RUN_STATUSES = [dg.DagsterRunStatus.QUEUED, dg.DagsterRunStatus.NOT_STARTED, *STARTED_RUN_STATUSES]


@contextlib.contextmanager
def fiscal_run_lock(home: Path, holder_pid: int | None = None) -> Iterator[bool]:
    """Take RUN_LOCK in the instance folder `home` without waiting: yields True while held, False
    if a live `fiscal run` has it (its PID is in the file). `holder_pid` is written for others to
    name (the sensor, which only looks, writes nothing)."""
    path = home / RUN_LOCK
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            if holder_pid is not None:
                lock.truncate(0)
                lock.write(str(holder_pid))
                lock.flush()
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def run_lock_holder(home: Path) -> str:
    """The PID the running `fiscal run` wrote into RUN_LOCK ('?' if none yet)."""
    path = home / RUN_LOCK
    return (path.read_text(encoding="utf-8").strip() if path.exists() else "") or "?"


def fail_abandoned_runs(instance: dg.DagsterInstance) -> list[str]:
    """Mark failed the runs of a `fiscal run` that ended without finishing them (killed, power
    lost). Call holding RUN_LOCK: then no `fiscal run` is alive, so none of its runs still runs.
    Left STARTED, such a run would hold the daemon's run queue (one run at a time) for ever."""
    records = instance.get_run_records(
        filters=dg.RunsFilter(statuses=[dg.DagsterRunStatus.NOT_STARTED, *STARTED_RUN_STATUSES],
                              tags={RUN_BY_TAG: RUN_BY_CLI})
    )
    for record in records:
        instance.report_run_failed(record.dagster_run, "the `fiscal run` process that ran it ended before it did")
    return [r.dagster_run.run_id for r in records]


def documents_not_processed(instance: dg.DagsterInstance) -> list[str]:
    """Registered documents that no run has read yet (no materialization of raw/documents for
    the partition, by the daemon's runs or by `fiscal run`'s: both are in the one instance)."""
    read = instance.get_materialized_partitions(dg.AssetKey(["raw", "documents"]))
    return [k for k in instance.get_dynamic_partitions("documents") if k not in read]


@dg.sensor(job=fiscal_job, minimum_interval_seconds=300, default_status=SENSOR_RUNNING)
def new_documents_sensor(context: dg.SensorEvaluationContext) -> dg.SensorResult | dg.SkipReason:
    """When documents are registered that no run has read, run the pipeline over all documents;
    never beside another run of the instance (one writer of work.duckdb), nor again for
    documents a `fiscal run` registered and read itself."""
    instance = context.instance
    home = Path(instance.root_directory)
    with fiscal_run_lock(home) as free:
        if not free:
            return dg.SkipReason(f"a `fiscal run` (PID {run_lock_holder(home)}) is working on the warehouse")
        if failed := fail_abandoned_runs(instance):
            context.log.warning(f"marked failed the runs of a `fiscal run` that ended before them: {failed}")
    if busy := instance.get_run_records(filters=dg.RunsFilter(statuses=UNFINISHED_RUN_STATUSES), limit=1):
        run = busy[0].dagster_run
        return dg.SkipReason(f"run {run.run_id} of {run.job_name} is {run.status.value}: waiting for it")
    todo = documents_not_processed(instance)
    if not todo:
        return dg.SkipReason("no documents not yet processed")
    keys = instance.get_dynamic_partitions("documents")
    # (the same set of documents is requested once: a run of it that failed is re-executed from
    # the UI, or caught up by the run the next new document starts)
    run_key = hashlib.sha256("\n".join(todo).encode()).hexdigest()
    return dg.SensorResult(
        run_requests=[dg.RunRequest(run_key=run_key, tags=partition_range_tags(keys))], cursor=run_key
    )


def partition_range_tags(keys: list[str]) -> dict[str, str]:
    """Tags that make one run cover all documents (single-run backfill over the partition range)."""
    if not keys:
        raise ValueError("no documents: a run needs at least one landed file")
    return {
        "dagster/asset_partition_range_start": keys[0],
        "dagster/asset_partition_range_end": keys[-1],
    }


def resources(fiscal: FiscalConfig | None = None) -> dict[str, object]:
    return {
        "fiscal": fiscal or FiscalConfig(),
        "dbt": FiscalDbtCli(project_dir=dbt_project, profiles_dir=str(DBT_DIR), dbt_executable=DBT_EXECUTABLE),
    }


defs = dg.Definitions(
    assets=[
        landing_files, crawl_files, raw_documents, dbt_before_gate, gate_check_results, dbt_after_gate,
        published_marts,
    ],
    jobs=[landing_job, crawl_job, fiscal_job],
    schedules=[nightly_landing, *crawl_schedules],
    sensors=[inbox_sensor, new_documents_sensor],
    resources=resources(),
)
