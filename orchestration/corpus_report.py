"""`fiscal corpus-report DIR`: run the pipeline over a folder and report per file.

Per file: detected kind, unit, year, tables found, balance rules evaluated / held / failed,
status (published, flagged, quarantined, rejected) and the reason. Then the two corpus figures
the fidelity targets are stated in: the share of 决算/预算 files that publish, and the share of
evaluated balance rules that hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from ingest.kinds import report_kinds
from orchestration.runner import RunSummary, run_pipeline, shown_status
from orchestration.warehouse import discover

REPORT_SQL = """
SELECT r.file_name,
       d.kind,
       d.unit_name,
       d.fiscal_year,
       d.part,
       coalesce(d.ocr, FALSE),
       (SELECT count(*) FROM raw.report_tables t WHERE t.document_id = d.document_id AND t.status = 'found'),
       (SELECT count(*) FROM raw.report_tables t WHERE t.document_id = d.document_id AND t.status = 'empty'),
       coalesce(c.evaluated, 0), coalesce(c.held, 0), coalesce(c.failed, 0),
       coalesce(s.status, CASE d.parse_status WHEN 'parsed' THEN 'unchecked' ELSE d.parse_status END),
       coalesce(s.reason, d.reason)
FROM raw.run_inputs AS r
JOIN raw.documents AS d USING (document_id)
LEFT JOIN (
    SELECT document_id, count(*) AS evaluated, count(*) FILTER (WHERE held) AS held,
           count(*) FILTER (WHERE NOT held) AS failed
    FROM {checks_table} GROUP BY document_id
) AS c USING (document_id)
LEFT JOIN {status_table} AS s USING (document_id)
ORDER BY r.file_name
"""


@dataclass(frozen=True)
class FileReport:
    folder: str  # the folder that holds the file (given on the command line, or holding a file given)
    file_name: str
    kind: str
    unit_name: str | None
    fiscal_year: int | None
    part: str | None  # tables | text (read as text: its facts are the statements of table BN or PN)
    ocr: bool  # its text was recognised from page images (a scan)
    tables_found: int
    tables_empty: int
    evaluated: int
    held: int
    failed: int
    status: str
    reason: str | None


def corpus_report(folders: Sequence[Path], warehouse: Path) -> tuple[RunSummary, list[FileReport]]:
    """One pipeline run over every folder (or file); the report of each file, tagged with its folder."""
    # Reports are judged one by one here: the coverage guard must not stop the run.
    summary = run_pipeline(list(folders), warehouse, max_quarantined_share=1.0)
    # (a file named on its own is tagged with the folder that holds it)
    folder_of = {
        f.name: (folder if folder.is_dir() else folder.parent).name
        for folder in reversed(folders)
        for f in discover([folder])
    }
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as con:
        tables = {
            f"{schema}.{name}"
            for schema, name in con.execute(
                "SELECT table_schema, table_name FROM information_schema.tables"
            ).fetchall()
        }
        # A run stopped before the gate or before phase 2 still reports what the parser saw.
        status_table = "marts.report_status" if "marts.report_status" in tables else (
            "(SELECT NULL::VARCHAR AS document_id, NULL::VARCHAR AS status, NULL::VARCHAR AS reason WHERE FALSE)"
        )
        checks_table = "gate.check_results" if "gate.check_results" in tables else (
            "(SELECT NULL::VARCHAR AS document_id, NULL::BOOLEAN AS held WHERE FALSE)"
        )
        rows = con.execute(REPORT_SQL.format(status_table=status_table, checks_table=checks_table)).fetchall()
    # (a run that did not publish published nothing, whatever each report's own status)
    return summary, [
        FileReport(folder_of.get(row[0], ""), *row[:-2], shown_status(row[-2], summary.published), row[-1])
        for row in rows
    ]


def print_report(reports: list[FileReport], console: Console) -> None:
    table = Table("file", "kind", "unit", "year", "tables", "rules (held/evaluated)", "status", "reason")
    for r in reports:
        table.add_row(
            escape(r.file_name),
            r.kind,
            escape(r.unit_name or ""),
            str(r.fiscal_year or ""),
            f"{r.tables_found}+{r.tables_empty} empty"
            + ((" (text half)" if r.kind == "budget" else " (text)") if r.part == "text" else "")
            + (" (OCR)" if r.ocr else ""),
            f"{r.held}/{r.evaluated}" + (f" ({r.failed} failed)" if r.failed else ""),
            r.status,
            escape((r.reason or "")[:80]),
        )
    console.print(table)
    folders = sorted({r.folder for r in reports})
    for folder in folders if len(folders) > 1 else []:
        console.print(f"{folder}: " + figures([r for r in reports if r.folder == folder]), markup=False)
    console.print(("all: " if len(folders) > 1 else "") + figures(reports), markup=False)


def figures(reports: list[FileReport]) -> str:
    """The two corpus figures: 决算/预算 files publishing, balance rules holding."""
    reports_of_interest = [r for r in reports if r.kind in report_kinds()]
    publishing = [r for r in reports_of_interest if r.status in {"published", "flagged"}]
    evaluated = sum(r.evaluated for r in reports)
    held = sum(r.held for r in reports)
    return (
        f"决算/预算 files publishing: {len(publishing)}/{len(reports_of_interest)}"
        + (f" ({100 * len(publishing) / len(reports_of_interest):.1f}%)" if reports_of_interest else "")
        + f"   balance rules held: {held}/{evaluated}"
        + (f" ({100 * held / evaluated:.2f}%)" if evaluated else "")
    )
