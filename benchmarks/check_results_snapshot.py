"""Regression harness: dump every check result and every report status of a warehouse as TSV.

    .venv/bin/python -m benchmarks.check_results_snapshot WAREHOUSE_DIR OUT_PREFIX

writes OUT_PREFIX.check_results.tsv (gate.check_results: every column, one row per rule
instance) and OUT_PREFIX.report_status.tsv (the published report_status, plus the counts of
int_document_status), both sorted on every column, so two runs of the pipeline (before and
after a change of the gate) compare with `diff`. Amounts are DECIMAL and printed as DuckDB
prints them: exact, never through a float.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

import duckdb

CHECK_COLUMNS = (
    "document_id",
    "rule_id",
    "table_code",
    "page",
    "row_label",
    "subject_code",
    "column_key",
    "description",
    "expected",
    "actual",
    "difference",
    "n_addends",
    "tolerance",
    "held",
    "verdict",
)
STATUS_COLUMNS = (
    "document_id",
    "file_name",
    "kind",
    "part",
    "parse_status",
    "status",
    "reason",
    "failed_checks",
    "checks_evaluated",
    "checks_held",
    "checks_failed",
    "parse_errors",
    "publisher_inconsistencies",
    "failed_rule_ids",
    "look_at_page",
)


def _dump(con: duckdb.DuckDBPyConnection, sql: str, columns: tuple[str, ...], out: Path) -> int:
    rows = con.execute(sql).fetchall()
    text_rows = sorted(tuple("" if v is None else str(v) for v in row) for row in rows)
    with out.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter="\t", lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(text_rows)
    return len(text_rows)


def snapshot(warehouse: Path, prefix: str) -> dict[str, int]:
    con = duckdb.connect(str(warehouse / "work.duckdb"), read_only=True)
    try:
        checks = _dump(
            con,
            f"SELECT {', '.join(CHECK_COLUMNS)} FROM gate.check_results",
            CHECK_COLUMNS,
            Path(f"{prefix}.check_results.tsv"),
        )
        status = _dump(
            con,
            f"SELECT {', '.join(STATUS_COLUMNS)} FROM intermediate.int_document_status",
            STATUS_COLUMNS,
            Path(f"{prefix}.report_status.tsv"),
        )
    finally:
        con.close()
    return {"check_results": checks, "report_status": status}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("warehouse", type=Path, help="warehouse folder (holding work.duckdb)")
    parser.add_argument("prefix", help="output path prefix, e.g. /tmp/base-real")
    args = parser.parse_args(argv)
    for name, n in snapshot(args.warehouse, args.prefix).items():
        print(f"{args.prefix}.{name}.tsv: {n} rows")


if __name__ == "__main__":
    main()
