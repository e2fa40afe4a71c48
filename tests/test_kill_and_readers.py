"""kill -9 at every stage, and BI readers during publishes (issue 15 §2; docs/reliability.md).

**kill -9.** A clean run publishes two sample reports and a 128 MiB file that is not a report (it
takes landing ~0.1 s to copy: a window to kill in). An operator then removes the three documents
(`fiscal remove`), so the next runs have real work in every stage: land the files again, parse
them, rebuild the models, gate, publish. Five runs follow in the same warehouse, each killed with
SIGKILL (its whole process group: the parser workers and dbt die with it) in one stage:

    landing  inside `landing__files`, as soon as a copy in progress (`.part`) exists in landing
    parse    inside `raw_documents`, when the first document has been stored
    dbt      inside `dbt_before_gate`, when dbt reports its first model or seed built
    gate     as the step `gate__check_results` starts
    publish  inside `published__marts`, as soon as `marts.duckdb.new` exists on disk

Each killed run is the re-run of the kill before it: it has to get through the stage where the
previous one died. A last, uninterrupted `fiscal run` (the CLI, as an operator would re-run) then
must publish marts whose content equals the reference, table by table, and leave no `.part` in
landing, no `marts.duckdb.new` and no write-ahead log. After each kill the published marts must
be readable and the very file the clean run published (same inode and bytes); only a kill inside
publish may instead leave the new publication, complete (the rename is atomic).

The stage is observed in the process's own output, not through a hook: `fiscal run --verbose`
logs at INFO, where Dagster prints no step events, so the killed runs call what `fiscal run`
calls, `orchestration.runner.run_pipeline`, with `log_level="DEBUG"`, in their own session, and
read Dagster's `STEP_START` / `STEP_SUCCESS` lines as they come. A kill is proven by the exit
status (-9), the last step started being the stage's step and that step never finishing.
(One chain of runs, not five independent kill-and-re-run pairs: each run through dbt costs ~20 s.)

**Readers.** `publish` runs 20 times, alternating between two working databases that differ by
one document (its rows deleted from every table of schema `marts`), while three other processes
read `marts.duckdb`: a DuckDB read-only reader and a SQLAlchemy + duckdb-engine reader with
`NullPool` (the URL docs/data-model.md gives), each opening the file every ~20 ms and running two
queries on one connection, and a reader holding one read-only connection open the whole time.
Every read must be one publication or the other (never the counts of one with those of the
other) without errors; every publish completes despite the held connection, and after each a
fresh connection reads what it published. (Readers are processes, not threads: DuckDB shares one
database instance per file within a process, so a second connection in a process that holds the
file open reads the held, replaced file.)
"""

from __future__ import annotations

import hashlib
import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pytest

from orchestration.warehouse import Warehouse, publish

pytestmark = pytest.mark.slow

FISCAL = str(Path(sys.executable).parent / "fiscal")
REPORTS = ("hongshan-health-2024.pdf", "qingshan-healthcare-office-2024.pdf")
# Rejected (not a PDF). Landing copies in sorted order: this one first, so the first copy in
# progress (`.part`) the landing kill sees is this one, which takes ~0.1 s.
LARGE_FILE = "0-large-delivery-not-a-report.pdf"
RUN_TIMEOUT_SECONDS = 600

# Columns whose values legitimately differ between two publications of the same inputs:
# document_history.first_seen_at is when this warehouse first stored the document's bytes, and
# the runs after `fiscal remove` store them again, later. (Paths are equal: same warehouse.)
PER_RUN_COLUMNS = {("document_history", "first_seen_at")}

STEP_EVENT = re.compile(r" - (STEP_START|STEP_SUCCESS|STEP_FAILURE) - .*?step \"([^\"]+)\"")
MARTS_NEW = "marts.duckdb.new"


@dataclass(frozen=True)
class Stage:
    name: str
    step: str  # the Dagster step key: an asset's key joined by "__", a multi-asset's name
    # After the step has started, kill on the first output line matching this, or as soon as a
    # file matching this glob (relative to the warehouse) exists; neither: at once.
    kill_on_line: re.Pattern[str] | None = None
    kill_on_file: str | None = None


STAGES = (
    Stage("landing", "landing__files", kill_on_file="landing/*/*.part"),
    Stage("parse", "raw_documents", re.compile(r" - raw_documents - .+: (parsed|quarantined|rejected)\b")),
    Stage("dbt", "dbt_before_gate", re.compile(r"\b\d+ of \d+ OK (created|loaded)\b")),
    Stage("gate", "gate__check_results"),
    Stage("publish", "published__marts", kill_on_file=MARTS_NEW),
)


# --- helpers ---------------------------------------------------------------------------------


def marts_content(marts_db: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every published table: its columns (less PER_RUN_COLUMNS) and its rows, sorted."""
    content = {}
    with duckdb.connect(str(marts_db), read_only=True) as con:
        tables = [t for t, in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        for table in tables:
            columns = [
                c
                for c, in con.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                    [table],
                ).fetchall()
                if (table, c) not in PER_RUN_COLUMNS
            ]
            select = ", ".join(f'"{c}"' for c in columns)
            content[table] = (columns, con.execute(f'SELECT {select} FROM "{table}" ORDER BY ALL').fetchall())
    return content


def file_identity(path: Path) -> tuple[int, str] | None:
    """(inode, sha256) of a file: a rename over it changes the inode even for equal bytes."""
    if not path.exists():
        return None
    return path.stat().st_ino, hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(warehouse: Path) -> list[str]:
    """Half-written files: copies in landing, a new marts file, write-ahead logs."""
    found = [p for p in (warehouse / "landing").rglob("*") if p.name.endswith(".part")]
    found += [p for p in warehouse.iterdir() if p.name.startswith(MARTS_NEW) or p.name.endswith(".wal")]
    return sorted(str(p.relative_to(warehouse)) for p in found)


@dataclass
class KilledRun:
    stage: Stage
    returncode: int | None
    output: list[str]
    steps_started: list[str] = field(default_factory=list)
    steps_succeeded: list[str] = field(default_factory=list)
    steps_failed: list[str] = field(default_factory=list)
    kill_reason: str = ""
    seconds: float = 0.0
    marts_after: tuple[int, str] | None = None  # identity of marts.duckdb after the kill
    content_after: dict | None = None  # what a reader finds in it
    leftovers_after: list[str] = field(default_factory=list)  # (the re-run must clean them)

    def note(self, line: str) -> str | None:
        """Keep an output line; the step it starts, if any."""
        self.output.append(line)
        event = STEP_EVENT.search(line)
        if event is None:
            return None
        kind, step = event.groups()
        if kind == "STEP_START":
            self.steps_started.append(step)
            return step
        (self.steps_succeeded if kind == "STEP_SUCCESS" else self.steps_failed).append(step)
        return None


def run_and_kill(inputs: Path, warehouse: Path, stage: Stage) -> KilledRun:
    """Run the pipeline in its own session; SIGKILL its process group in `stage`."""
    script = (
        "import sys; from pathlib import Path; from orchestration.runner import run_pipeline; "
        "run_pipeline([Path(sys.argv[1])], Path(sys.argv[2]), log_level='DEBUG')"
    )
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "DAGSTER_HOME": str(warehouse / "dagster_home")}
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-c", script, str(inputs), str(warehouse)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
        start_new_session=True,  # (its own process group: the kill takes workers and dbt too)
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        assert proc.stdout is not None
        for text_line in proc.stdout:
            lines.put(text_line.rstrip("\n"))
        lines.put(None)

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    run = KilledRun(stage, None, [])
    in_stage = False
    ended = False
    while not run.kill_reason and time.monotonic() - started < RUN_TIMEOUT_SECONDS:
        try:
            line = lines.get(timeout=0.001)  # (1 ms: a copy or a publish takes ~0.1 s)
        except queue.Empty:
            line = ""
        if line is None:  # (it ended by itself: the test fails on its exit status)
            ended = True
            break
        if line:
            in_stage = run.note(line) == stage.step or in_stage
        if not in_stage:
            continue
        if stage.kill_on_file:
            if found := next(warehouse.glob(stage.kill_on_file), None):
                run.kill_reason = f"{found.relative_to(warehouse)} exists"
        elif stage.kill_on_line is None:
            run.kill_reason = f"STEP_START {stage.step}"
        elif line and stage.kill_on_line.search(line):
            run.kill_reason = line.strip()
    if not ended:
        os.killpg(proc.pid, signal.SIGKILL)
    run.returncode = proc.wait(timeout=60)
    reader.join(timeout=60)
    while (line := lines.get_nowait() if not lines.empty() else None) is not None:
        run.note(line)  # (what it printed up to its death)
    run.seconds = time.monotonic() - started
    run.marts_after = file_identity(warehouse / "marts.duckdb")
    run.content_after = marts_content(warehouse / "marts.duckdb") if run.marts_after else None
    run.leftovers_after = leftovers(warehouse)
    return run


def fiscal(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FISCAL, *args], capture_output=True, text=True, timeout=RUN_TIMEOUT_SECONDS)


# --- the clean reference run -------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    inputs: Path
    warehouse: Path
    content: dict[str, tuple[list[str], list[tuple]]]
    marts: tuple[int, str]  # identity of the marts file it published
    work_snapshot: Path  # work.duckdb as the clean run left it (for the readers)


@pytest.fixture(scope="module")
def reference(rendered_samples: dict[Path, list], tmp_path_factory: pytest.TempPathFactory) -> Reference:
    tmp = tmp_path_factory.mktemp("kill")
    inputs = tmp / "inputs"
    inputs.mkdir()
    by_name = {p.name: p for p in rendered_samples}
    for name in REPORTS:
        shutil.copy(by_name[name], inputs / name)
    with open(inputs / LARGE_FILE, "wb") as large:
        large.truncate(128 * 2**20)
    warehouse = tmp / "warehouse"
    clean = fiscal("run", str(inputs), "--warehouse", str(warehouse))
    assert clean.returncode == 0, clean.stderr[-3000:]
    snapshot = tmp / "work-after-clean-run.duckdb"
    shutil.copyfile(warehouse / "work.duckdb", snapshot)
    marts = file_identity(warehouse / "marts.duckdb")
    assert marts is not None
    return Reference(inputs, warehouse, marts_content(warehouse / "marts.duckdb"), marts, snapshot)


# --- kill -9 at every stage ----------------------------------------------------------------------


@dataclass(frozen=True)
class KillChain:
    killed: dict[str, KilledRun]
    final: subprocess.CompletedProcess[str]
    final_seconds: float


@pytest.fixture(scope="module")
def kill_chain(reference: Reference) -> KillChain:
    warehouse = reference.warehouse
    for name in (*REPORTS, LARGE_FILE):  # (the marts keep them until a run publishes again)
        removed = fiscal("remove", name, "--warehouse", str(warehouse))
        assert removed.returncode == 0, removed.stderr
    assert file_identity(warehouse / "marts.duckdb") == reference.marts
    killed = {stage.name: run_and_kill(reference.inputs, warehouse, stage) for stage in STAGES}
    started = time.monotonic()
    final = fiscal("run", str(reference.inputs), "--warehouse", str(warehouse))
    for run in killed.values():  # (shown with -s: what each kill met and left)
        print(f"kill in {run.stage.name}: {run.seconds:.1f} s, on {run.kill_reason!r}, left {run.leftovers_after}")
    print(f"final fiscal run: {time.monotonic() - started:.1f} s, exit {final.returncode}")
    return KillChain(killed, final, time.monotonic() - started)


@pytest.mark.parametrize("stage", STAGES, ids=[s.name for s in STAGES])
def test_a_kill_at_a_stage_leaves_the_published_marts_and_the_next_run_gets_past_it(
    stage: Stage, kill_chain: KillChain, reference: Reference
) -> None:
    run = kill_chain.killed[stage.name]
    tail = "\n".join(run.output[-15:])
    # Killed, and in that stage: the last step begun is the stage's, and it never finished.
    assert run.returncode == -signal.SIGKILL, f"not killed ({run.returncode}):\n{tail}"
    assert run.kill_reason, tail
    assert run.steps_started and run.steps_started[-1] == stage.step, run.steps_started
    assert stage.step not in run.steps_succeeded + run.steps_failed, tail
    if stage.name == "landing":  # (killed mid-copy: the half-written copy is still there)
        assert any(p.endswith(".part") for p in run.leftovers_after), run.leftovers_after
    # Readers still find the clean run's publication, the very file; a kill inside publish may
    # instead leave the new publication if the rename had happened: complete, never a mix.
    assert run.content_after is not None, "marts.duckdb is gone"
    if run.marts_after != reference.marts:
        assert stage.name == "publish", f"the marts changed after a kill in {stage.name}"
        assert run.content_after == reference.content
    else:
        assert run.content_after == reference.content
    # The run after this one got through this stage (each killed run is the re-run of the
    # previous kill; the last kill is re-run by the final `fiscal run`).
    following = STAGES[STAGES.index(stage) + 1 :]
    if following:
        assert stage.step in kill_chain.killed[following[0].name].steps_succeeded
    else:
        assert kill_chain.final.returncode == 0, kill_chain.final.stderr[-3000:]


def test_the_run_after_the_kills_publishes_what_a_clean_run_published(
    kill_chain: KillChain, reference: Reference
) -> None:
    assert kill_chain.final.returncode == 0, kill_chain.final.stderr[-3000:]
    after = marts_content(reference.warehouse / "marts.duckdb")
    assert sorted(after) == sorted(reference.content)
    differing = [table for table in reference.content if after[table] != reference.content[table]]
    assert not differing, f"tables whose content differs from the clean run's: {differing}"
    assert len(reference.content["reported_amounts"][1]) > 0  # (a comparison of something)
    assert leftovers(reference.warehouse) == []


# --- readers during publishes ----------------------------------------------------------------------

# A BI reader in its own process. `poll`: open the file every ~20 ms (DuckDB read-only, or
# SQLAlchemy + duckdb-engine with NullPool and the URL of docs/data-model.md), run both queries on
# that one connection, note the pair; `hold`: one connection kept open until told to stop, then
# it reads again, and so does a new connection of the same process.
READER = r"""
import json, sys, time
from pathlib import Path

kind, marts, stop = sys.argv[1], sys.argv[2], Path(sys.argv[3])
QUERIES = ("SELECT count(*) FROM reported_amounts", "SELECT count(*) FROM report_status")
if kind == "sqlalchemy":
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    engine = create_engine(f"duckdb:///{marts}?access_mode=read_only", poolclass=NullPool)

    def read():
        with engine.connect() as con:
            return [con.execute(text(q)).scalar_one() for q in QUERIES]
else:
    import duckdb

    def read():
        with duckdb.connect(marts, read_only=True) as con:
            return [con.execute(q).fetchone()[0] for q in QUERIES]

if kind == "hold":
    held = duckdb.connect(marts, read_only=True)
    first = [held.execute(q).fetchone()[0] for q in QUERIES]
    print(json.dumps({"ready": first}), flush=True)
    while not stop.exists():
        time.sleep(0.05)
    again = [held.execute(q).fetchone()[0] for q in QUERIES]
    with duckdb.connect(marts, read_only=True) as new:
        beside = [new.execute(q).fetchone()[0] for q in QUERIES]
    print(json.dumps({"held": first, "again": again, "new_connection_beside": beside}), flush=True)
    sys.exit(0)

pairs, errors, ready = {}, [], False
while not stop.exists():
    try:
        pair = json.dumps(read())
        pairs[pair] = pairs.get(pair, 0) + 1
    except Exception as exc:
        errors.append(f"{type(exc).__name__}: {exc}")
    if not ready:
        print(json.dumps({"ready": True}), flush=True)
        ready = True
    time.sleep(0.02)
print(json.dumps({"reads": sum(pairs.values()) + len(errors), "pairs": pairs, "errors": errors}), flush=True)
"""


def _drop_one_document(work_db: Path) -> str:
    """Delete the rows of the document with most facts from every table of schema marts."""
    with duckdb.connect(str(work_db)) as con:
        [(document_id,)] = con.execute(
            "SELECT document_id FROM marts.reported_amounts GROUP BY ALL ORDER BY count(*) DESC, 1 LIMIT 1"
        ).fetchall()
        tables = con.execute(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t "
            "USING (table_schema, table_name) WHERE table_schema = 'marts' AND column_name = 'document_id' "
            "AND table_type = 'BASE TABLE'"
        ).fetchall()
        for (table,) in tables:
            con.execute(f'DELETE FROM marts."{table}" WHERE document_id = ?', [document_id])
    return document_id


PAIR_TABLES = ("reported_amounts", "report_status")  # (the tables READER counts)


def _expected_pair(work_db: Path) -> list[int]:
    with duckdb.connect(str(work_db), read_only=True) as con:
        return [con.execute(f"SELECT count(*) FROM marts.{t}").fetchone()[0] for t in PAIR_TABLES]


def _published_pair(marts_db: Path) -> list[int]:
    with duckdb.connect(str(marts_db), read_only=True) as con:
        return [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in PAIR_TABLES]


def test_readers_during_20_publishes_see_one_publication_or_the_other_and_never_block_it(
    reference: Reference, tmp_path: Path
) -> None:
    wh = Warehouse(tmp_path / "warehouse")
    wh.root.mkdir()
    states = {"both": tmp_path / "work-both.duckdb", "one": tmp_path / "work-one.duckdb"}
    shutil.copyfile(reference.work_snapshot, states["both"])
    shutil.copyfile(reference.work_snapshot, states["one"])
    _drop_one_document(states["one"])
    expected = {name: _expected_pair(path) for name, path in states.items()}
    # Both counts differ, so a read mixing the two publications is seen as neither.
    assert all(a != b for a, b in zip(expected["both"], expected["one"], strict=True)), expected
    shutil.copyfile(states["both"], wh.work_db)
    publish(wh)

    stop = tmp_path / "stop"
    readers = {
        kind: subprocess.Popen(
            [sys.executable, "-c", READER, kind, str(wh.marts_db), str(stop)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for kind in ("hold", "duckdb", "sqlalchemy")
    }
    try:
        for kind, proc in readers.items():
            assert proc.stdout is not None
            first = json.loads(proc.stdout.readline() or "{}")
            assert "ready" in first, f"{kind} reader: {proc.stderr.read() if proc.stderr else ''}"
        publish_seconds = []
        with ThreadPoolExecutor(1) as executor:
            for n in range(20):
                state = "both" if n % 2 == 0 else "one"  # (the last, "one", differs from the held)
                shutil.copyfile(states[state], wh.work_db)
                started = time.monotonic()
                # (bounded: a publish blocked by the held reader fails here instead of hanging)
                executor.submit(publish, wh).result(timeout=120)
                publish_seconds.append(time.monotonic() - started)
                assert _published_pair(wh.marts_db) == expected[state], f"publish {n + 1}"
                time.sleep(0.05)  # (let the readers open a few of each publication)
        # The holder kept the file it opened through every swap (it is now deleted).
        hold_fds = [os.readlink(fd) for fd in Path(f"/proc/{readers['hold'].pid}/fd").iterdir()]
        assert any(target.endswith("marts.duckdb (deleted)") for target in hold_fds), hold_fds
    finally:
        stop.touch()
        results = {kind: proc.communicate(timeout=60) for kind, proc in readers.items()}
    reports = {kind: json.loads(out.strip().splitlines()[-1]) for kind, (out, _err) in results.items()}
    assert _published_pair(wh.marts_db) == expected["one"]
    # The held connection still reads the file it opened, undisturbed. So does a new connection
    # in that process: DuckDB keeps one database instance per file per process, and while one
    # connection is open the others join it (docs/data-model.md: BI readers must close them all).
    assert reports["hold"] == {
        "held": expected["both"], "again": expected["both"], "new_connection_beside": expected["both"]
    }, results["hold"]
    for kind in ("duckdb", "sqlalchemy"):
        report = reports[kind]
        seen = {tuple(json.loads(pair)): count for pair, count in report["pairs"].items()}
        print(f"{kind} reader: {report['reads']} reads, {len(report['errors'])} errors, pairs {seen}")
        assert report["errors"] == [], report["errors"][:3]
        assert set(seen) <= {tuple(p) for p in expected.values()}, f"{kind} saw a mix: {seen}"
        assert len(seen) == 2, f"{kind} did not see both publications: {seen}"  # (not vacuous)
    print(f"20 publishes: max {max(publish_seconds):.2f} s, total {sum(publish_seconds):.1f} s")
