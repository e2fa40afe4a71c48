"""Archives of reports: a zip's members read one by one; RAR and 7z recognised and named.

Sites often publish all units' 决算 of a year as one `.zip`. Landing unpacks it (orchestration/
warehouse.py): each member a report of its own; the parser names the archive itself for what it is
(`describe`). Both read the archive here, with the same limits, so what the archive's row says is
what landing did.

Decisions (docs/reliability.md, Archives):
- A ZIP is an archive unless it is a document container (Office Open XML `[Content_Types].xml`,
  OpenDocument/EPUB `mimetype`, OFD `OFD.xml`): those are files the parser reads or names.
- Member names: UTF-8 when the zip says so (flag bit 11); otherwise zipfile decodes the raw bytes
  as cp437 and most Chinese tools wrote GBK: non-ASCII names are re-encoded to their bytes and
  read as UTF-8 (some tools write it without the flag), else GB18030.
- A member lands under a safe base name only (crawler.names.sanitise_file_name: no folders, `..`,
  drive letters, control characters, at most 250 bytes); the member's full path is recorded.
- Limits (`ArchiveLimits`) are checked on the central directory first and again on the bytes as
  they are decompressed (a header may lie): an archive over any of them is refused as a whole,
  and nothing of it is landed (landing reads it through before it writes anything).
- An encrypted or damaged member is refused with the reason; the other members land.
- An archive inside an archive is refused (not unpacked): nesting is how zip bombs multiply; its
  reason says to extract it and drop its files into the inbox. Folders and files of other types
  (images, .txt) are skipped with the reason, as a folder given to `fiscal run` skips them.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from crawler.names import sanitise_file_name

# What a folder or an archive of inputs is taken for: the file types read as reports (the parser
# names anything else; a folder's and an archive's other files are skipped with the reason).
REPORT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".xls", ".xlsx", ".html", ".htm"})
ARCHIVE_SUFFIXES = frozenset({".zip", ".rar", ".7z"})

RAR_MAGIC = b"Rar!\x1a\x07"
SEVEN_ZIP_MAGIC = b"7z\xbc\xaf\x27\x1c"
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")  # (a local file header; the end record of an empty zip)
_DOCUMENT_MARKERS = frozenset({"[Content_Types].xml", "mimetype", "OFD.xml"})
_NO_READER = "not read (no {} extractor on this machine); extract it and drop its files into the inbox"
UNREAD_ARCHIVES = {RAR_MAGIC: "a RAR archive", SEVEN_ZIP_MAGIC: "a 7z archive"}
_ZIP_ENCRYPTED = 0x1
_ZIP_UTF8 = 0x800
_CHUNK = 1 << 20


@dataclass(frozen=True)
class ArchiveLimits:
    """What one archive may hold. Over any limit, the archive is refused as a whole."""

    max_members: int = 2000
    max_total_bytes: int = 2 * 1024**3  # decompressed, all members
    max_member_bytes: int = 200 * 1024**2  # the parser's own limit on one file (parser.MAX_BYTES)
    # Decompressed / compressed bytes of a member: the 63 files of the real corpus deflate 1.01-2.2x
    # (PDF, .xlsx are compressed already), a legacy .xls 7.8x; a zip bomb 1000x. Small members are
    # exempt (1 KiB of blanks is 100x).
    max_ratio: int = 100
    ratio_from_bytes: int = 1024**2


LIMITS = ArchiveLimits()


class ArchiveRefused(Exception):
    """The archive as a whole is not unpacked (a limit, or damage): the reason."""


@dataclass(frozen=True)
class Member:
    """One entry of an archive and what becomes of it."""

    index: int  # position in the archive's central directory
    member_path: str  # the entry's path in the archive, decoded
    name: str  # the safe base name it lands under
    size: int  # decompressed bytes (as declared, for a member not read)
    outcome: str  # 'land' | 'skipped' | 'refused'
    reason: str | None = None


@dataclass
class ArchiveReading:
    members: list[Member] = field(default_factory=list)
    refused: str | None = None  # why the whole archive is refused (then no member lands)

    def counts(self) -> dict[str, int]:
        out = {"land": 0, "skipped": 0, "refused": 0}
        for m in self.members:
            out[m.outcome] += 1
        return out

    def describe(self) -> str:
        """The archive's own reason in raw.documents."""
        if self.refused is not None:
            return f"a zip archive, refused: {self.refused} (none of its files was landed)"
        c = self.counts()
        text = f"a zip archive: {c['land']} member(s) landed as documents of their own"
        if c["skipped"] or c["refused"]:
            text += f", {c['skipped']} skipped, {c['refused']} refused"
        return text + " (raw.archive_members lists each and why)"


def unread_archive(head: bytes) -> str | None:
    """The reason a RAR or 7z archive is not read (None: neither)."""
    for magic, what in UNREAD_ARCHIVES.items():
        if head.startswith(magic):
            return f"{what}: " + _NO_READER.format(what.split()[1])
    return None


def is_zip_archive(path: Path) -> bool:
    """A ZIP file that is an archive of files, not a document container (see the module doc). A
    ZIP too damaged to list counts as an archive unless its first local headers name a marker."""
    try:
        with path.open("rb") as fh:
            head = fh.read(1 << 16)
    except OSError:
        return False
    if not head.startswith(ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return not any(marker.encode() in head[:4096] for marker in _DOCUMENT_MARKERS)
    return not names & _DOCUMENT_MARKERS


def member_path(info: zipfile.ZipInfo) -> str:
    """The entry's path as its author wrote it (see the module doc on encodings)."""
    name = info.orig_filename
    if not info.flag_bits & _ZIP_UTF8 and not name.isascii():
        raw = name.encode("cp437")
        try:
            name = raw.decode("utf-8")
        except UnicodeDecodeError:
            name = raw.decode("gb18030", errors="replace")
    return name.replace("\\", "/")


def read_zip(path: Path, limits: ArchiveLimits = LIMITS) -> ArchiveReading:
    """Every member's outcome, the bytes of each read through (CRC, limits) but written nowhere."""
    reading = ArchiveReading()
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            reading.members = _plan(infos, limits)
            total = 0
            for n, member in enumerate(reading.members):
                if member.outcome != "land":
                    continue
                try:
                    size, head = 0, b""
                    for chunk in _chunks(archive, infos[member.index], limits, total):
                        head = head or chunk[:16]
                        size += len(chunk)
                    total += size
                except _MemberUnreadable as exc:
                    reading.members[n] = _with(member, "refused", str(exc))
                    continue
                if (nested := _nested(archive, member, head)) is not None:
                    reading.members[n] = _with(member, "refused", nested)
    except ArchiveRefused as exc:
        reading.refused = str(exc)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        reading.refused = f"corrupt or unreadable ZIP container: {type(exc).__name__}: {exc}"[:300]
    if reading.refused is not None:
        reading.members = [_with(m, "refused", f"the archive is refused: {reading.refused}") for m in reading.members]
    return reading


def extract(path: Path, member: Member, out: BinaryIO, limits: ArchiveLimits = LIMITS) -> str:
    """Write one member (of a reading that lands it) to `out`; the sha256 of its bytes. Raises
    ArchiveRefused if the bytes no longer keep within the limits or the member is unreadable."""
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as archive:
        try:
            for chunk in _chunks(archive, archive.infolist()[member.index], limits, 0):
                digest.update(chunk)
                out.write(chunk)
        except _MemberUnreadable as exc:
            raise ArchiveRefused(str(exc)) from exc
    return digest.hexdigest()


def _plan(infos: list[zipfile.ZipInfo], limits: ArchiveLimits) -> list[Member]:
    """Outcomes from the central directory alone (the declared sizes are checked again on read)."""
    if len(infos) > limits.max_members:
        raise ArchiveRefused(f"{len(infos)} members (more than {limits.max_members})")
    declared = sum(i.file_size for i in infos)
    if declared > limits.max_total_bytes:
        raise ArchiveRefused(f"{declared} bytes decompressed (more than {limits.max_total_bytes})")
    members = []
    for n, info in enumerate(infos):
        path = member_path(info)
        name = sanitise_file_name(path, fallback=f"member-{n + 1}")
        outcome, reason = "land", None
        if info.is_dir():
            outcome, reason = "skipped", "a folder"
        elif info.flag_bits & _ZIP_ENCRYPTED:
            outcome, reason = "refused", "encrypted (a password is needed): not read"
        elif PurePosixPath(name).suffix.lower() not in REPORT_SUFFIXES | ARCHIVE_SUFFIXES:
            outcome = "skipped"
            reason = f"not a report file type ({PurePosixPath(name).suffix.lower() or 'no suffix'}): not landed"
        members.append(Member(n, path, name, info.file_size, outcome, reason))
    return members


class _MemberUnreadable(Exception):
    """This member cannot be read (damaged, an unsupported method); the others may be."""


def _chunks(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ArchiveLimits, total: int) -> Iterator[bytes]:
    """The member's bytes, the limits checked as they come (ArchiveRefused past one)."""
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limits.max_member_bytes:
                    raise ArchiveRefused(f"{member_path(info)}: over {limits.max_member_bytes} bytes decompressed")
                if size > limits.ratio_from_bytes and size > limits.max_ratio * max(info.compress_size, 1):
                    raise ArchiveRefused(
                        f"{member_path(info)}: decompresses over {limits.max_ratio} times its size (a zip bomb?)"
                    )
                if total + size > limits.max_total_bytes:
                    raise ArchiveRefused(f"over {limits.max_total_bytes} bytes decompressed in all")
                yield chunk
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError, RuntimeError) as exc:
        # (a CRC mismatch, a truncated stream, a compression method zipfile lacks)
        raise _MemberUnreadable(f"damaged or unsupported: {exc}"[:300]) from exc


def _nested(archive: zipfile.ZipFile, member: Member, head: bytes) -> str | None:
    """Why a member that is itself an archive is not unpacked (None: it is no archive)."""
    what = next((what for magic, what in UNREAD_ARCHIVES.items() if head.startswith(magic)), None)
    if what is None:
        if not head.startswith(ZIP_MAGIC):
            return None
        try:  # (read already within the limits: opening it again costs no more than that)
            with archive.open(archive.infolist()[member.index]) as stream, zipfile.ZipFile(stream) as inner:
                names = set(inner.namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            names = set()
        if names & _DOCUMENT_MARKERS:  # (a Word/Excel file: a report like any)
            return None
        what = "a zip archive"
    return f"an archive inside an archive ({what}): not unpacked (extract it and drop its files into the inbox)"


def _with(member: Member, outcome: str, reason: str) -> Member:
    return Member(member.index, member.member_path, member.name, member.size, outcome, reason)
