"""The warehouse on disk: landing folder, working DuckDB (raw + dbt), published marts file.

    warehouse/
      landing/<sha256>/<file name>   content-addressed copies of every input file ever seen
      work.duckdb                    raw tables (schema raw), dbt models, gate results
      marts.duckdb                   the published marts: BI tools open this file read-only
      dbt_target/                    dbt's artifacts and partial-parse cache, reused by every run

Publishing writes a new marts file beside the old one and renames it over the old one
(`os.replace`, atomic on POSIX): a reader sees the old marts or the new ones, never a mix, and a
failed run leaves the last good file untouched.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from crawler import store as crawl_store
from ingest.archives import ARCHIVE_SUFFIXES, REPORT_SUFFIXES, is_zip_archive
from ingest.filekind import sha256_file
from ingest.kinds import document_kind_rows
from ingest.performance.records import BaseData
from ingest.profile import vocabulary_rows
from ingest.records import ParsedDocument
from orchestration.archive_landing import ArchiveMemberRow, record_archive_members, unpack_into_landing

# (archives too: a zip's members are landed as files of their own, a RAR or 7z is named)
SUPPORTED_SUFFIXES = REPORT_SUFFIXES | ARCHIVE_SUFFIXES

# The raw schema, idempotent: run on every open (docs/data-model.md describes the tables).
RAW_DDL = Path(__file__).with_name("raw_schema.sql").read_text(encoding="utf-8")

# dbt builds everything that is published into the schema `marts` of the working db.
PUBLISHED_SCHEMA = "marts"
CONTRACT_TABLES = ("reported_amounts", "report_status")


class WarehouseBusy(RuntimeError):
    """Another run works on the warehouse (a `fiscal run`, a daemon's run): nothing was done."""


@dataclass(frozen=True)
class Warehouse:
    root: Path

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def work_db(self) -> Path:
        return self.root / "work.duckdb"

    @property
    def marts_db(self) -> Path:
        return self.root / "marts.duckdb"

    @property
    def inbox(self) -> Path:
        return self.root / "inbox"

    @property
    def dbt_target(self) -> Path:
        return self.root / "dbt_target"

    @property
    def dagster_home(self) -> Path:
        """The Dagster instance of this warehouse (`make dev`'s DAGSTER_HOME, `fiscal run`'s runs):
        its `documents` partitions name this warehouse's documents, so it belongs to no other."""
        return self.root / "dagster_home"

    def discard_empty_work_db(self) -> None:
        """Remove a working db of zero bytes: what a start on a full disk leaves (no data in it),
        and DuckDB refuses to open it ever after."""
        if self.work_db.is_file() and self.work_db.stat().st_size == 0:
            self.work_db.unlink()

    def ensure(self) -> None:
        self.discard_empty_work_db()
        self.landing.mkdir(parents=True, exist_ok=True)
        self.inbox.mkdir(parents=True, exist_ok=True)
        with duckdb.connect(str(self.work_db)) as con:
            # Holding the working db for writing, no other process is landing or publishing:
            # what a killed one left is removed now, not at some later delivery or publication.
            self._remove_leftovers()
            con.execute(RAW_DDL)
            # The crawler's tables too: dbt reads raw.document_sources in every warehouse, also
            # in one that was never crawled (its marts then say so with no rows).
            crawl_store.ensure(con)
            # The vocabulary of the current profiles, for dbt's tests and summary-line names.
            con.execute("BEGIN TRANSACTION")
            con.execute("DELETE FROM raw.vocabulary")
            con.executemany("INSERT INTO raw.vocabulary VALUES (?, ?, ?, ?, ?, ?, ?)", vocabulary_rows())
            con.execute("DELETE FROM raw.document_kinds")
            con.executemany(
                "INSERT INTO raw.document_kinds (kind, phase, name, reader) VALUES (?, ?, ?, ?)", document_kind_rows()
            )
            con.execute("COMMIT")


    def _remove_leftovers(self) -> None:
        """Copies into landing and a marts file that a killed process left half-written."""
        for removed in remove_dead_copies(self.landing.glob(f"*/*{PART_SUFFIX}")):
            with contextlib.suppress(OSError):  # (the folder of a copy never completed)
                removed.parent.rmdir()
        new = self.marts_db.with_name(self.marts_db.name + ".new")
        for name in (new, new.with_name(new.name + ".wal")):
            name.unlink(missing_ok=True)


def _copying_process_alive(part: Path) -> bool:
    """Whether the process that names a copy in progress (`.<pid>.part`) still runs."""
    pid = part.name.removeprefix(".").removesuffix(PART_SUFFIX)
    if not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # (another user's process)
        return True
    return True


def remove_dead_copies(parts: Iterable[Path]) -> list[Path]:
    """Remove the copies in progress (`.part`) whose process is gone; the ones removed. Copies a
    crash left behind are never a document, a live process's copy is its own."""
    removed = [part for part in parts if not _copying_process_alive(part)]
    for part in removed:
        part.unlink(missing_ok=True)
    return removed


@dataclass(frozen=True)
class LandedFile:
    document_id: str
    file_name: str
    path: Path  # the landed, content-addressed copy


def discover(paths: Iterable[Path]) -> list[Path]:
    """Files under the given files/folders, sorted; unknown suffixes are still taken (and rejected
    later with a reason) when named explicitly, skipped when found while walking a folder."""
    found: list[Path] = []
    for p in paths:
        if p.is_dir():
            found.extend(
                f for f in sorted(p.rglob("*")) if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES
            )
        elif p.is_file():
            found.append(p)
        else:  # (a FIFO or device named as input: never read, it may never end)
            raise FileNotFoundError(f"input path is not a file or folder: {p}")
    return found


# A copy in progress: written under this suffix, renamed to the file's own name when complete.
PART_SUFFIX = ".part"


# Errors of the disk the warehouse is on (full, over quota, read-only), not of one input file:
# landing stops there and the command says so in one line (cli.main); any other error reading or
# copying a file costs only that file.
DISK_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS})


@dataclass(frozen=True)
class SkippedInput:
    """An input file that could not be landed (it vanished, changed or is unreadable), and why."""

    file_name: str
    reason: str


@dataclass
class Landing:
    landed: list[LandedFile]
    skipped: list[SkippedInput]
    # What became of each member of the zip archives landed (raw.archive_members), and their ids.
    members: list[ArchiveMemberRow] = field(default_factory=list)
    archives: list[str] = field(default_factory=list)


def land(files: Iterable[Path], wh: Warehouse) -> Landing:
    """Copy each file into landing/<sha256>/ (once: content addressed, so re-runs copy nothing).

    A file that vanishes, changes while it is copied or cannot be read is skipped with the reason;
    the others land. A zip archive lands, and so does each of its members (archive_landing.py).
    A full or read-only disk stops landing (OSError): nothing is half-written."""
    landing = Landing([], [])
    for f in files:
        try:
            landed = _land_one(f, wh)
            zipped = is_zip_archive(landed.path)
            members = unpack_into_landing(landed.path, landed.document_id, wh.landing, PART_SUFFIX) if zipped else None
        except _ChangedWhileCopied as exc:
            landing.skipped.append(SkippedInput(f.name, str(exc)))
            continue
        except OSError as exc:
            if exc.errno in DISK_ERRNOS:
                raise
            what = "vanished before it could be landed" if isinstance(exc, FileNotFoundError) else "unreadable"
            landing.skipped.append(SkippedInput(f.name, f"{what}: {exc.strerror or exc}"))
            continue
        landing.landed.append(landed)
        if members is not None:
            landing.archives.append(landed.document_id)
            landing.members.extend(members)
            landing.landed.extend(
                LandedFile(m.document_id, m.file_name, wh.landing / m.document_id / m.file_name)
                for m in members if m.document_id is not None
            )
    return landing


class _ChangedWhileCopied(Exception):
    pass


def _land_one(f: Path, wh: Warehouse) -> LandedFile:
    size = f.stat().st_size
    digest = sha256_file(f, size)
    target = wh.landing / digest / f.name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        remove_dead_copies(target.parent.glob(f"*{PART_SUFFIX}"))
        # A short temporary name: the file's own name may be 255 bytes already (83 CJK
        # characters), one with a suffix added would be refused by the file system.
        tmp = target.parent / f".{os.getpid()}{PART_SUFFIX}"
        try:
            # The copy is what gets read: exactly the bytes the name was given for, `size` of
            # them (a copy to the end of a file its producer keeps writing would never end), and
            # the file neither grown nor rewritten meanwhile.
            copied = _copy_first(f, tmp, size)
            if copied != digest or f.stat().st_size != size:
                raise _ChangedWhileCopied("changed while it was being landed (still being written?): not read")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
            if not any(target.parent.iterdir()):
                target.parent.rmdir()
    return LandedFile(digest, f.name, target)


_CHUNK = 1 << 20


def _copy_first(source: Path, target: Path, size: int) -> str:
    """Copy the first `size` bytes of `source` to `target`; the sha256 of what was copied."""
    digest = hashlib.sha256()
    with source.open("rb") as src, target.open("wb") as out:
        left = size
        while left and (chunk := src.read(min(_CHUNK, left))):
            digest.update(chunk)
            out.write(chunk)
            left -= len(chunk)
    return digest.hexdigest()


def landed_file(wh: Warehouse, document_id: str, file_name: str | None = None) -> Path | None:
    """The landed copy of a document: the file of that recorded name, else the first complete
    copy (identical bytes under several names are one document); never a `.part` left by a crash
    or a hidden file. None when the document is no longer in landing (removed by an operator)."""
    folder = wh.landing / document_id
    if file_name and (folder / file_name).is_file():
        return folder / file_name
    if not folder.is_dir():
        return None
    copies = sorted(
        f for f in folder.iterdir() if f.is_file() and not f.name.startswith(".") and not f.name.endswith(PART_SUFFIX)
    )
    return copies[0] if copies else None


def already_parsed(con: duckdb.DuckDBPyConnection, document_id: str, parser_version: str) -> bool:
    row = con.execute(
        "SELECT 1 FROM raw.documents WHERE document_id = ? AND parser_version = ?",
        [document_id, parser_version],
    ).fetchone()
    return row is not None


def operator_reason(reason: str) -> str:
    """The stored reason of a document an operator quarantined."""
    return f"quarantined by an operator: {reason}"


def store_document(con: duckdb.DuckDBPyConnection, doc: ParsedDocument, seen_at: datetime | None = None) -> None:
    """Replace everything stored for this document in one transaction (idempotent). `seen_at`
    (UTC, naive) is its first-seen time if the warehouse has not stored it before (default: now)."""
    held = con.execute(
        "SELECT reason FROM raw.operator_quarantines WHERE document_id = ?", [doc.document_id]
    ).fetchone()
    if held is not None:  # (parsed again, e.g. by a new parser version: the operator's decision stands)
        doc.status, doc.reason, doc.reason_page = "quarantined", operator_reason(held[0]), None
    con.execute("BEGIN TRANSACTION")
    try:
        # First seen is when the warehouse first stored these bytes, not when they were last
        # parsed: a new parser version must not make an old version look newer than its correction.
        # (A row stored before the column existed keeps NULL, "unknown, oldest", for the same reason.)
        seen = con.execute(
            "SELECT first_seen_at FROM raw.documents WHERE document_id = ?", [doc.document_id]
        ).fetchone()
        first_seen_at = seen[0] if seen else (seen_at or datetime.now(UTC).replace(tzinfo=None))
        for table in (*PERFORMANCE_TABLES, "raw.amounts", "raw.report_tables", "raw.documents"):
            con.execute(f"DELETE FROM {table} WHERE document_id = ?", [doc.document_id])
        con.execute(
            "INSERT INTO raw.documents (document_id, file_name, file_path, file_size, page_count, kind, "
            "unit_name, fiscal_year, parse_status, reason, reason_page, narrative_total, parser_version, part, ocr, "
            "first_seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                doc.document_id, doc.file_name, doc.file_path, doc.file_size, doc.page_count,
                doc.kind, doc.unit_name, doc.fiscal_year, doc.status, doc.reason, doc.reason_page,
                doc.narrative_total, doc.parser_version, doc.part, doc.ocr, first_seen_at,
            ],
        )
        if doc.tables:
            con.executemany(
                "INSERT INTO raw.report_tables VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    [doc.document_id, t.table_code, t.status, t.title, t.first_page, t.last_page,
                     t.printed_unit, t.unit_name, len(t.amounts)]
                    for t in doc.tables
                ],
            )
        amounts = doc.amounts if doc.status == "parsed" else []
        if amounts:
            con.executemany(
                f"INSERT INTO raw.amounts VALUES ({', '.join('?' * 19)})",
                [
                    [doc.document_id, a.table_code, a.page, a.row_no, a.line_no, a.row_label,
                     a.printed_code, a.subject_code, a.row_key, a.column_key, a.amount, a.amount_text,
                     a.printed_unit, a.x0, a.x1, a.top, a.bottom, a.column_x0, a.column_x1]
                    for a in amounts
                ],
            )
        store_performance(con, doc)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


PERFORMANCE_TABLES = (
    "raw.performance_funds",
    "raw.performance_indicators",
    "raw.performance_base_lines",
    "raw.performance_staffing",
    "raw.performance_buildings",
    "raw.performance_tables",
)


def _prior_pairs(prior: tuple[tuple[int | None, str | None], ...]) -> list[int | str | None]:
    """An indicator's earlier years' values as the columns prior_year_1, prior_value_1, prior_year_2,
    prior_value_2 (the reader quarantines a table printing more than two)."""
    pairs = [*prior, (None, None), (None, None)][:2]
    return [v for pair in pairs for v in pair]


def store_performance(con: duckdb.DuckDBPyConnection, doc: ParsedDocument) -> None:
    """The document's 绩效 tables (inside store_document's transaction): every table found, with
    its status; the rows of those read, when the document is parsed (never a misplaced number)."""
    if not doc.performance:
        return
    numbers = {id(t): n for n, t in enumerate(doc.performance, start=1)}  # (a list row's parent, by table_no)
    con.executemany(
        f"INSERT INTO raw.performance_tables VALUES ({', '.join('?' * 25)})",
        [
            [doc.document_id, n, t.family, t.doc_kind, t.scope, t.title, t.first_page, t.last_page, t.project,
             t.unit_name, t.printed_unit, t.status, t.reason, t.total_weight, t.total_score, len(t.indicators),
             len(t.funds), t.total_texts.get("weight"), t.total_texts.get("score"), t.total_page,
             t.total_top if t.total_page else None, t.total_bottom if t.total_page else None, t.row_kind,
             numbers.get(id(t.parent)), t.base.savings_measures if t.base else None]
            for n, t in enumerate(doc.performance, start=1)
        ],
    )
    read = [(n, t) for n, t in enumerate(doc.performance, start=1) if t.status == "read" and doc.status == "parsed"]
    indicators = [
        [doc.document_id, n, i.row_no, i.page, i.level1, i.level2, i.level3, i.target, i.target_operator,
         i.target_value, i.target_unit, i.actual, i.actual_value, i.weight_text, i.weight, i.score_text, i.score,
         i.deviation, i.top, i.bottom, i.period_target, i.target_year, *_prior_pairs(i.prior), i.target_basis]
        for n, t in read
        for i in t.indicators
    ]
    if indicators:
        con.executemany(f"INSERT INTO raw.performance_indicators VALUES ({', '.join('?' * 27)})", indicators)
    funds = [
        [doc.document_id, n, f.line, f.label, f.page, f.budget_initial, f.texts.get("budget_initial"),
         f.budget_full_year, f.texts.get("budget_full_year"), f.executed, f.texts.get("executed"),
         f.execution_rate_text, f.execution_rate, f.weight, f.score, f.top, f.bottom, f.texts.get("weight"),
         f.texts.get("score"), f.budget_in_place, f.texts.get("budget_in_place"), f.unspent,
         f.texts.get("unspent"), f.unspent_reason]
        for n, t in read
        for f in t.funds
    ]
    if funds:
        con.executemany(f"INSERT INTO raw.performance_funds VALUES ({', '.join('?' * 24)})", funds)
    _store_base_data(con, doc.document_id, [(n, t.base) for n, t in read if t.base is not None])


_BUILDING_FIELDS = (
    "approved_scale", "actual_scale", "scale_control_rate", "budget_investment", "actual_investment",
    "investment_control_rate",
)  # fmt: skip


def _store_base_data(con: duckdb.DuckDBPyConnection, document_id: str, tables: list[tuple[int, BaseData]]) -> None:
    """A 绩效评价基础数据表's rows: each 经费 line × column (blank cells too: NULL, never 0), the
    staffing row, the 楼堂馆所 rows."""
    lines = [
        [document_id, n, line.line_no, a.column, line.page, line.label, line.line_key, line.level, line.parent_no,
         a.header, a.year, a.text, a.value, line.top, line.bottom]
        for n, base in tables
        for line in base.lines
        for a in line.amounts
    ]  # fmt: skip
    if lines:
        con.executemany(f"INSERT INTO raw.performance_base_lines VALUES ({', '.join('?' * 15)})", lines)
    staffing = [
        [document_id, n, s.page, s.authorized_text, s.authorized, s.actual_header, s.actual_text, s.actual,
         s.control_rate_text, s.control_rate, s.top, s.bottom]
        for n, base in tables
        if (s := base.staffing) is not None
    ]  # fmt: skip
    if staffing:
        con.executemany(f"INSERT INTO raw.performance_staffing VALUES ({', '.join('?' * 12)})", staffing)
    buildings = [
        [document_id, n, b.row_no, b.page, *(b.texts.get(f) for f in _BUILDING_FIELDS), b.top, b.bottom]
        for n, base in tables
        for b in base.buildings
    ]
    if buildings:
        con.executemany(f"INSERT INTO raw.performance_buildings VALUES ({', '.join('?' * 12)})", buildings)


def record_run_inputs(con: duckdb.DuckDBPyConnection, landing: Landing) -> None:
    """The files of this run: those landed (by document) and those skipped (with why)."""
    con.execute("BEGIN TRANSACTION")
    con.execute("DELETE FROM raw.run_inputs")
    con.execute("DELETE FROM raw.run_skipped_inputs")
    if landing.landed:
        names = [[f.document_id, f.file_name] for f in landing.landed]
        con.executemany("INSERT INTO raw.run_inputs VALUES (?, ?)", names)
        now = datetime.now(UTC).replace(tzinfo=None)
        con.executemany("INSERT OR IGNORE INTO raw.document_names VALUES (?, ?, ?)", [[*n, now] for n in names])
    if landing.skipped:
        con.executemany(
            "INSERT INTO raw.run_skipped_inputs VALUES (?, ?)", [[s.file_name, s.reason] for s in landing.skipped]
        )
    record_archive_members(con, landing.archives, landing.members)
    con.execute("COMMIT")


def sql_literal(value: str) -> str:
    """A SQL string literal of `value` (quotes doubled)."""
    return "'" + value.replace("'", "''") + "'"


def sql_identifier(name: str) -> str:
    """A quoted SQL identifier of `name` (double quotes doubled)."""
    return '"' + name.replace('"', '""') + '"'


def publish(wh: Warehouse) -> list[str]:
    """Copy the published tables from the working db into a new marts file, then swap it in."""
    tmp = wh.marts_db.with_name(wh.marts_db.name + ".new")
    tmp.unlink(missing_ok=True)
    with duckdb.connect(str(wh.work_db), read_only=True) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name",
                [PUBLISHED_SCHEMA],
            ).fetchall()
        ]
    missing = [n for n in CONTRACT_TABLES if n not in names]
    if missing:
        raise RuntimeError(f"cannot publish: models {missing} were not built")
    try:
        with duckdb.connect(str(tmp)) as out:
            # (ATTACH takes no parameters: the path is quoted as a literal, names as identifiers,
            # so a folder such as `o'brien wh` publishes)
            out.execute(f"ATTACH {sql_literal(str(wh.work_db))} AS work (READ_ONLY)")
            for name in names:
                out.execute(
                    f"CREATE TABLE main.{sql_identifier(name)} AS "
                    f"SELECT * FROM work.{sql_identifier(PUBLISHED_SCHEMA)}.{sql_identifier(name)}"
                )
            out.execute("DETACH work")
            out.execute("CHECKPOINT")
    except BaseException:
        # (a full disk, a kill signal turned into an exception: no half-written file stays behind)
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)
        raise
    # Read-only on disk: a BI tool opening it read-write by mistake fails at once (for any user but
    # root) instead of writing a write-ahead log next to it, which DuckDB would replay onto the
    # next publication under the same name (tested: rows of the old file appear in the new one).
    tmp.chmod(0o444)
    wal = wh.marts_db.with_name(wh.marts_db.name + ".wal")
    wal.unlink(missing_ok=True)  # (a log left by such an opener belongs to the file replaced now)
    os.replace(tmp, wh.marts_db)
    wal.unlink(missing_ok=True)
    return names
