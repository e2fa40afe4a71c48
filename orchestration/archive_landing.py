"""Landing the members of a zip archive: each one a landed file of its own.

The archive was landed like any file (`landing/<sha256>/<name>.zip`); its members are read through
first (ingest.archives.read_zip: limits, damage, encryption), so an archive refused as a whole
lands nothing of itself; then each member to land is decompressed into a temporary file beside
the archive and renamed to `landing/<its sha256>/<its safe base name>`, content addressed as any
input (a member landed before, from this archive or another, is not copied again). What became of
every member is a row of `raw.archive_members` (written by warehouse.record_run_inputs).
"""

from __future__ import annotations

import os
from dataclasses import astuple, dataclass
from pathlib import Path

import duckdb

from ingest.archives import ArchiveRefused, Member, extract, read_zip


@dataclass(frozen=True)
class ArchiveMemberRow:
    """A row of raw.archive_members."""

    archive_id: str
    member_no: int  # 1-based position in the archive (two entries may share a path)
    member_path: str
    document_id: str | None  # the member's sha256, when landed
    file_name: str  # the safe base name it is (or would be) landed under
    size: int
    outcome: str  # landed | skipped | refused
    reason: str | None


def unpack_into_landing(archive: Path, archive_id: str, landing: Path, part_suffix: str) -> list[ArchiveMemberRow]:
    """Land the members of a zip archive already landed at `archive`; a row per member. A member
    is written under the name of a copy in progress (`.<pid><part_suffix>`, beside the archive):
    one a crash leaves is removed as any other."""
    tmp = landing / archive_id / f".{os.getpid()}{part_suffix}"
    reading = read_zip(archive)
    rows = []
    for member in reading.members:
        row = ArchiveMemberRow(
            archive_id, member.index + 1, member.member_path, None, member.name, member.size,
            member.outcome, member.reason,
        )
        if member.outcome == "land":
            row = _land_member(archive, member, row, tmp, landing)
        rows.append(row)
    return rows


def _land_member(archive: Path, member: Member, row: ArchiveMemberRow, tmp: Path, landing: Path) -> ArchiveMemberRow:
    try:
        with tmp.open("wb") as out:
            digest = extract(archive, member, out)
        target = landing / digest / member.name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        return ArchiveMemberRow(
            row.archive_id, row.member_no, row.member_path, digest, member.name, row.size, "landed", None
        )
    except ArchiveRefused as exc:  # (read through once already: only if the bytes changed since)
        return ArchiveMemberRow(
            row.archive_id, row.member_no, row.member_path, None, member.name, row.size, "refused", str(exc)
        )
    finally:
        tmp.unlink(missing_ok=True)


def record_archive_members(
    con: duckdb.DuckDBPyConnection, archive_ids: list[str], rows: list[ArchiveMemberRow]
) -> None:
    """Replace the rows of these archives (inside the caller's transaction): an archive landed
    again is recorded once."""
    if archive_ids:
        con.execute("DELETE FROM raw.archive_members WHERE list_contains(?, archive_id)", [archive_ids])
    if rows:
        con.executemany("INSERT INTO raw.archive_members VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [astuple(r) for r in rows])
