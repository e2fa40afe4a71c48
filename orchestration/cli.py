"""`fiscal`: the command line over the Dagster job.

    fiscal run [PATH ...] [--warehouse DIR]   ingest, check and publish (exit 0 published,
                                              1 gate blocked publication, 2 usage/input error,
                                              3 a step failed: nothing published, 4 the
                                              warehouse is in use by another process)
    fiscal parse FILE [--json]                what the parser read, for debugging
    fiscal corpus-report DIR [DIR ...]        per file: kind, unit, year, tables, rules, status
    fiscal samples [DIR]                      render the bundled sample reports
    fiscal crawl [--district ID ...]          fetch new reports of the districts into landing
    fiscal nightly [--district ID ...]        crawl, then run the pipeline on what landed
    fiscal district add ID --name … --adcode … --listing URL   scaffold districts/ID.yaml
    fiscal remove DOC                         take a document out (rows and landed copy)
    fiscal quarantine DOC --reason TEXT       hold a document back, with the operator's reason
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from decimal import Decimal
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

# No telemetry and no network at run time, whatever the user's environment says.
os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
os.environ.setdefault("DO_NOT_TRACK", "1")
os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
os.environ.setdefault("GX_ANALYTICS_ENABLED", "False")

app = typer.Typer(add_completion=False, no_args_is_help=True, help=__doc__, pretty_exceptions_enable=False)
console = Console(stderr=True)
REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_WAREHOUSE = Path("warehouse")

EXIT_USAGE = 2  # (the pipeline's exit codes: RunSummary.exit_code)
EXIT_BUSY = 4  # another process holds the warehouse's working database: nothing was done


@app.command()
def run(
    paths: Annotated[list[Path] | None, typer.Argument(help="Files or folders (default: bundled samples)")] = None,
    warehouse: Annotated[Path, typer.Option(help="Warehouse directory")] = DEFAULT_WAREHOUSE,
    max_quarantined_share: Annotated[
        float, typer.Option(help="Global gate: largest share of reports that may be quarantined")
    ] = 0.5,
    reparse: Annotated[bool, typer.Option(help="Parse again documents already parsed")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster and dbt logs")] = False,
) -> None:
    """Ingest PATHs, build the warehouse, run the gate and publish the marts."""
    if paths:
        _check_inputs(paths)  # (before Dagster is imported: a usage error answers at once)
    from orchestration.runner import run_pipeline

    warehouse = warehouse.resolve()
    _check_not_busy(warehouse)
    _dagster_home(warehouse)
    if not paths:
        from samples.render import render_all

        sample_dir = warehouse / "samples"
        render_all(sample_dir)
        paths = [sample_dir]
    summary = run_pipeline(
        [p.resolve() for p in paths], warehouse, max_quarantined_share, reparse, "INFO" if verbose else "CRITICAL"
    )
    summary.print(console)
    raise typer.Exit(summary.exit_code)


def _usage_error(message: str) -> typer.Exit:
    console.print("[red]error:[/] " + escape(message))
    return typer.Exit(EXIT_USAGE)


def _check_inputs(paths: list[Path]) -> None:
    """Every input a file or folder, and at least one report file among them (a clear usage
    error, never a traceback: a FIFO or a device would hang or fail deep in the pipeline)."""
    from orchestration.warehouse import discover

    missing = [p for p in paths if not p.exists()]
    if missing:
        raise _usage_error(f"no such file or folder: {', '.join(map(str, missing))}")
    special = [p for p in paths if not (p.is_file() or p.is_dir())]
    if special:
        raise _usage_error(f"not a regular file or folder (a FIFO or device?): {', '.join(map(str, special))}")
    if not discover(paths):
        raise _usage_error(f"no report files (.pdf, .docx, .xlsx …) in {', '.join(map(str, paths))}")


def _check_not_busy(warehouse: Path) -> None:
    """Exit at once, naming the holder, when another process has the warehouse's working
    database open for writing (a second run, `make dev`'s job, a SQL client): DuckDB takes one
    writer per file, and the run would otherwise fail in its first step with a traceback."""
    import duckdb

    from orchestration.warehouse import Warehouse

    wh = Warehouse(warehouse)
    wh.discard_empty_work_db()
    work_db = wh.work_db
    if not work_db.exists():
        return
    try:
        duckdb.connect(str(work_db)).close()
    except duckdb.IOException as exc:
        if "lock" not in str(exc).lower():
            raise
        console.print(f"[red]error:[/] the warehouse {escape(str(warehouse))} is in use: {escape(str(exc))}")
        raise typer.Exit(EXIT_BUSY) from None


def _dagster_home(warehouse: Path) -> None:
    """Runs go to the warehouse's own Dagster instance, W/dagster_home (created by the runner with
    orchestration/dagster.yaml: no telemetry), the one `make dev` and the daemon use, so they are
    in the UI's run history. DAGSTER_HOME is set to it for anything in this process that asks
    Dagster for "the" instance; one set elsewhere is not used (the instance's document partitions
    are one warehouse's documents), and said so."""
    home = str(warehouse / "dagster_home")
    if (elsewhere := os.environ.get("DAGSTER_HOME")) and Path(elsewhere).resolve() != Path(home):
        console.print(f"note: DAGSTER_HOME={escape(elsewhere)} is not used: runs go to the warehouse's {escape(home)}")
    os.environ["DAGSTER_HOME"] = home


def _jsonable(value: object) -> object:
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A disclosure file")],
    as_json: Annotated[bool, typer.Option("--json", help="Print every amount as JSON")] = False,
) -> None:
    """Show what the parser reads from FILE (no warehouse involved)."""
    from ingest import parse_document

    if not file.is_file():  # (a FIFO would block the read forever)
        raise _usage_error(f"not a regular file (a FIFO or device?): {file}")
    doc = parse_document(file)
    if as_json:
        typer.echo(json.dumps(asdict(doc), ensure_ascii=False, indent=1, default=_jsonable))
        return
    console.print(
        f"[bold]{escape(doc.file_name)}[/]  status={doc.status}  kind={doc.kind}  unit={escape(str(doc.unit_name))}  "
        f"year={doc.fiscal_year}  pages={doc.page_count}"
    )
    if doc.reason:
        console.print(f"reason: {doc.reason}" + (f" (page {doc.reason_page})" if doc.reason_page else ""), markup=False)
    table = Table("table", "status", "pages", "unit", "amounts")
    for t in doc.tables:
        pages = f"{t.first_page}–{t.last_page}" if t.first_page else ""
        table.add_row(t.table_code, t.status, pages, escape(t.printed_unit or ""), str(len(t.amounts)))
    console.print(table)
    if doc.status == "rejected":
        raise typer.Exit(EXIT_USAGE)


@app.command("corpus-report")
def corpus_report_command(
    folders: Annotated[
        list[Path], typer.Argument(exists=True, file_okay=False, help="Folders of disclosure files")
    ],
    warehouse: Annotated[
        Path | None, typer.Option(help="Warehouse directory (default: a temporary one)")
    ] = None,
) -> None:
    """Run the pipeline over FOLDERS (one run) and print, per file: kind, unit, year, tables,
    rules, status; then the figures per folder. Exits like `fiscal run`."""
    import tempfile

    _check_inputs(folders)  # (before importing the pipeline: a usage error answers at once)
    from orchestration.corpus_report import corpus_report, print_report

    with tempfile.TemporaryDirectory() as tmp:
        target = (warehouse or Path(tmp) / "warehouse").resolve()
        _dagster_home(target)
        summary, reports = corpus_report([f.resolve() for f in folders], target)
        # Piped output (a log, CI) gets the full width instead of rich's 80 columns.
        out = Console(width=None if sys.stdout.isatty() else 200)
        print_report(reports, out)
        if not summary.published:
            out.print("[red]the run did not reach publication:[/]")
            for failure in [*summary.gate_failures, summary.error or ""]:
                out.print(f"  {failure}", markup=False)
            raise typer.Exit(summary.exit_code)


@app.command()
def remove(
    document: Annotated[str, typer.Argument(help="Document id (or a prefix of it) or file name")],
    warehouse: Annotated[Path, typer.Option(help="Warehouse directory")] = DEFAULT_WAREHOUSE,
) -> None:
    """Take DOCUMENT out of the warehouse (its rows and landed copy); the next run publishes
    without it. A file delivered again is ingested again."""
    from orchestration.operator import OperatorError
    from orchestration.operator import remove as remove_document
    from orchestration.warehouse import Warehouse

    _check_not_busy(warehouse.resolve())
    try:
        doc = remove_document(Warehouse(warehouse.resolve()), document)
    except OperatorError as exc:
        raise _usage_error(str(exc)) from None
    console.print(f"removed {doc.document_id} {escape(doc.file_name)}; the next run publishes without it")


@app.command()
def quarantine(
    document: Annotated[str, typer.Argument(help="Document id (or a prefix of it) or file name")],
    reason: Annotated[str, typer.Option(help="Why (shown in report_status)")],
    warehouse: Annotated[Path, typer.Option(help="Warehouse directory")] = DEFAULT_WAREHOUSE,
) -> None:
    """Quarantine DOCUMENT with the operator's REASON (also when parsed again); the next run
    publishes without it and lists it in report_status with the reason."""
    from orchestration.operator import OperatorError
    from orchestration.operator import quarantine as quarantine_document
    from orchestration.warehouse import Warehouse

    _check_not_busy(warehouse.resolve())
    try:
        doc = quarantine_document(Warehouse(warehouse.resolve()), document, reason)
    except OperatorError as exc:
        raise _usage_error(str(exc)) from None
    console.print(f"quarantined {doc.document_id} {escape(doc.file_name)}; the next run publishes without it")


@app.command()
def samples(out_dir: Annotated[Path, typer.Argument()] = Path("warehouse/samples")) -> None:
    """Render the bundled sample reports (PDF + ground truth JSON) into OUT_DIR."""
    from samples.render import render_all

    rendered = render_all(out_dir)
    console.print(f"rendered {len(rendered)} sample reports into {out_dir}")


# --- districts and the crawler (crawler/, orchestration/nightly.py) ---------------------------

DISTRICTS_OPTION = typer.Option("--districts-dir", help="Folder of district files")
district_app = typer.Typer(no_args_is_help=True, help="District files: districts/<id>.yaml")
app.add_typer(district_app, name="district")


@app.command()
def crawl(
    district: Annotated[list[str] | None, typer.Option(help="A district id (repeatable; default: all)")] = None,
    warehouse: Annotated[Path, typer.Option(help="Warehouse directory")] = DEFAULT_WAREHOUSE,
    districts_dir: Annotated[Path, DISTRICTS_OPTION] = REPO_ROOT / "districts",
) -> None:
    """Crawl the enabled, verified districts (or those named) into the warehouse landing.
    Exit 0 all crawled (per-file failures recorded), 1 a district failed, 2 usage/config error."""
    from crawler.commands import crawl_command

    _check_not_busy(warehouse.resolve())
    code, _ = crawl_command(warehouse, district, districts_dir, console)
    raise typer.Exit(code)


@app.command()
def nightly(
    district: Annotated[list[str] | None, typer.Option(help="A district id (repeatable; default: all)")] = None,
    warehouse: Annotated[Path, typer.Option(help="Warehouse directory")] = DEFAULT_WAREHOUSE,
    districts_dir: Annotated[Path, DISTRICTS_OPTION] = REPO_ROOT / "districts",
    max_quarantined_share: Annotated[float, typer.Option(help="Global gate threshold")] = 0.5,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Dagster and dbt logs")] = False,
) -> None:
    """`fiscal crawl`, then `fiscal run` on the crawled files not ingested yet (none: no run)."""
    from orchestration.nightly import nightly as nightly_run

    warehouse = warehouse.resolve()
    _check_not_busy(warehouse)
    _dagster_home(warehouse)
    code = nightly_run(warehouse, district, districts_dir, max_quarantined_share,
                       "INFO" if verbose else "CRITICAL", console)
    raise typer.Exit(code)


@district_app.command("add")
def district_add(
    district_id: Annotated[str, typer.Argument(help="e.g. wuhan-hongshan (lower case, digits, -)")],
    name: Annotated[str, typer.Option(help="e.g. 武汉市洪山区")],
    adcode: Annotated[str, typer.Option(help="行政区划代码, 6 digits")],
    listing: Annotated[str, typer.Option(help="URL of the disclosure listing page")],
    kind: Annotated[list[str] | None, typer.Option(help="final_accounts | budget | performance (repeatable)")] = None,
    districts_dir: Annotated[Path, DISTRICTS_OPTION] = REPO_ROOT / "districts",
) -> None:
    """Write districts/DISTRICT_ID.yaml (verified: false) from the minimal contract."""
    from crawler.commands import add_command
    from ingest.kinds import listed_kinds

    kinds = kind or list(listed_kinds())
    raise typer.Exit(add_command(district_id, name, adcode, listing, kinds, districts_dir, console=console))


def main() -> None:
    """The `fiscal` console script. A disk that is full, over quota or read-only fails whatever
    command touches it: said in one line (exit 3, like a failed step: nothing published, the last
    marts stay), never a traceback."""
    try:
        app()
    except OSError as exc:
        from orchestration.warehouse import DISK_ERRNOS

        if exc.errno not in DISK_ERRNOS:
            raise
        where = f": {exc.filename}" if exc.filename else ""
        console.print(f"[red]error:[/] {escape((exc.strerror or str(exc)) + where)}")
        console.print("nothing was published; the previous marts (if any) stay live.")
        sys.exit(3)
    except Exception as exc:
        from orchestration.warehouse import WarehouseBusy

        if not isinstance(exc, WarehouseBusy):
            raise
        # (what _check_not_busy says for a held work.duckdb, for another `fiscal run` or a
        # daemon's run in the warehouse's instance: exit 4, nothing done)
        console.print(f"[red]error:[/] the warehouse is in use: {escape(str(exc))}; nothing was done")
        sys.exit(EXIT_BUSY)


if __name__ == "__main__":  # pragma: no cover
    main()
