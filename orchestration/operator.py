"""What an operator can do to one document of the warehouse (`fiscal remove`, `fiscal quarantine`).

A document is named by its id (the sha256 of its bytes, or a prefix of at least
`MIN_ID_PREFIX` hex digits) or by its file name; the name must match exactly one document. Both
actions change the working database only: the published marts change at the next run, which
republishes without the document (a quarantined one is listed in `report_status` with the
operator's reason; a removed one is gone, unless its file is delivered again).
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from orchestration.warehouse import PERFORMANCE_TABLES, RAW_DDL, Warehouse, operator_reason

MIN_ID_PREFIX = 6
_HEX = re.compile(r"[0-9a-f]+")
# Everything stored per document, children first.
_DOCUMENT_TABLES = (
    *PERFORMANCE_TABLES,
    "raw.amounts",
    "raw.report_tables",
    "raw.run_inputs",
    "raw.document_names",
    "raw.operator_quarantines",
    "raw.documents",
)


class OperatorError(Exception):
    """The action cannot be done as asked (no such document, an ambiguous name, no warehouse)."""


@dataclass(frozen=True)
class Document:
    document_id: str
    file_name: str


def _connect(wh: Warehouse) -> duckdb.DuckDBPyConnection:
    if not wh.work_db.is_file():
        raise OperatorError(f"no warehouse at {wh.root} (no work.duckdb)")
    try:
        con = duckdb.connect(str(wh.work_db))
    except duckdb.IOException as exc:  # another process (a run) holds the file
        raise OperatorError(f"the warehouse is in use (a run in progress?): {exc}") from None
    con.execute(RAW_DDL)  # (idempotent: a warehouse created before operator actions existed)
    return con


def find_document(con: duckdb.DuckDBPyConnection, ref: str) -> Document:
    """The one document `ref` names: an id or id prefix, or a file name (as delivered)."""
    name = Path(ref).name
    prefix = ref.lower() if len(ref) >= MIN_ID_PREFIX and _HEX.fullmatch(ref.lower()) else None
    rows = con.execute(
        """SELECT document_id, min(file_name) FROM (
               SELECT document_id, file_name FROM raw.documents
               UNION ALL SELECT document_id, file_name FROM raw.run_inputs)
           WHERE file_name = ? OR (? IS NOT NULL AND starts_with(document_id, ?))
           GROUP BY document_id ORDER BY document_id""",
        [name, prefix, prefix],
    ).fetchall()
    if not rows:
        raise OperatorError(f"no document with id or file name {ref!r}")
    if len(rows) > 1:
        listed = "; ".join(f"{d} {f}" for d, f in rows)
        raise OperatorError(f"{ref!r} names {len(rows)} documents, give the id: {listed}")
    return Document(*rows[0])


def remove(wh: Warehouse, ref: str) -> Document:
    """Delete everything stored for the document and its landed copy."""
    con = _connect(wh)
    try:
        doc = find_document(con, ref)
        con.execute("BEGIN TRANSACTION")
        for table in _DOCUMENT_TABLES:
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc.document_id])
        con.execute("COMMIT")
    finally:
        con.close()
    # (after the rows: a crash in between leaves a landed copy without rows, which the next run
    # of the same file reads again, never rows without their file)
    shutil.rmtree(wh.landing / doc.document_id, ignore_errors=True)
    return doc


def quarantine(wh: Warehouse, ref: str, reason: str) -> Document:
    """Hold the document back with the operator's reason, now and whenever it is parsed again."""
    if not reason.strip():
        raise OperatorError("a reason is required")
    con = _connect(wh)
    try:
        doc = find_document(con, ref)
        con.execute("BEGIN TRANSACTION")
        con.execute(
            "INSERT OR REPLACE INTO raw.operator_quarantines VALUES (?, ?, now())", [doc.document_id, reason.strip()]
        )
        con.execute(
            "UPDATE raw.documents SET parse_status = 'quarantined', reason = ?, reason_page = NULL "
            "WHERE document_id = ?",
            [operator_reason(reason.strip()), doc.document_id],
        )
        # (as for any quarantined document: no amounts are kept)
        con.execute("DELETE FROM raw.amounts WHERE document_id = ?", [doc.document_id])
        con.execute("COMMIT")
    finally:
        con.close()
    return doc
