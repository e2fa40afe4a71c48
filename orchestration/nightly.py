"""`fiscal nightly`: crawl the districts, then run the pipeline on what the crawler landed.

The crawler lands files straight into the content-addressed landing folder; the pipeline is then
given every crawled file whose document it has not read yet (`raw.crawl_fetches` against
`raw.documents`), so a night whose pipeline failed is caught up the next night. A night with
nothing new downloads nothing (conditional GETs) and starts no pipeline run.

Exit codes: 2 usage/config error; 3 a pipeline step failed; 1 a district failed as a whole or the
gate blocked publication; 0 otherwise.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from rich.console import Console

from crawler import store
from crawler.commands import EXIT_USAGE, crawl_command
from orchestration.warehouse import SUPPORTED_SUFFIXES


def files_to_ingest(work_db: Path) -> list[Path]:
    if not work_db.exists():
        return []
    with duckdb.connect(str(work_db)) as con:
        store.ensure(con)
        files = store.uningested_files(con)
    # (a zip's members are landed and read; a RAR or 7z is named for what it is)
    return [f for f in files if f.suffix.lower() in SUPPORTED_SUFFIXES]


def nightly(
    warehouse: Path, ids: list[str] | None, districts_dir: Path, max_quarantined_share: float,
    log_level: str, console: Console,
) -> int:
    code, _results = crawl_command(warehouse, ids, districts_dir, console)
    if code == EXIT_USAGE:
        return code
    todo = files_to_ingest(warehouse / "work.duckdb")
    if not todo:
        console.print("nothing new to ingest: no pipeline run")
        return code
    console.print(f"ingesting {len(todo)} crawled file(s)")
    from orchestration.runner import run_pipeline  # (loads Dagster and dbt: only when there is work)

    summary = run_pipeline(todo, warehouse, max_quarantined_share, False, log_level)
    summary.print(console)
    return summary.exit_code if not summary.published else code
