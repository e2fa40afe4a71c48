"""Zip archives of reports: landed member by member, safely; RAR and 7z named. Real zipfile, real
landing, real DuckDB, the parser on the landed members."""

from __future__ import annotations

import hashlib
import io
import struct
import zipfile
import zlib
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pytest

from crawler import store
from ingest.archives import ArchiveLimits, is_zip_archive, read_zip
from ingest.parser import parse_document
from orchestration.warehouse import Warehouse, discover, land, record_run_inputs

FAKE_PDF = b"%PDF-1.4\n% not a report, only its first bytes\n"


class _GbkNamed(zipfile.ZipInfo):
    """An entry whose name is written in GBK without the UTF-8 flag, as Chinese zip tools do
    (zipfile itself writes non-ASCII names in UTF-8 with the flag set)."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


def _zipcrypto_zip(path: Path, entries: list[tuple[str, bytes, bytes | None]]) -> Path:
    """A zip of stored entries, those with a password encrypted with PKWARE's traditional
    ZipCrypto (APPNOTE 6.1), which zipfile can read but not write."""
    table = []
    for n in range(256):  # (the CRC-32 table: ZipCrypto steps the register byte by byte)
        for _ in range(8):
            n = (n >> 1) ^ 0xEDB88320 if n & 1 else n >> 1
        table.append(n)

    def crc_step(crc: int, b: int) -> int:
        return (crc >> 8) ^ table[(crc ^ b) & 0xFF]

    def encrypt(password: bytes, data: bytes) -> bytes:
        keys = [0x12345678, 0x23456789, 0x34567890]

        def update(b: int) -> None:
            keys[0] = crc_step(keys[0], b)
            keys[1] = ((keys[1] + (keys[0] & 0xFF)) * 134775813 + 1) & 0xFFFFFFFF
            keys[2] = crc_step(keys[2], keys[1] >> 24)

        for b in password:
            update(b)
        out = bytearray()
        for b in data:
            t = (keys[2] | 2) & 0xFFFF
            out.append(b ^ (((t * (t ^ 1)) >> 8) & 0xFF))
            update(b)
        return bytes(out)

    body, central = bytearray(), bytearray()
    for name, plain, password in entries:
        crc, raw_name, flags = zlib.crc32(plain), name.encode(), 0x1 if password else 0
        data = encrypt(password, b"\x07" * 11 + bytes([crc >> 24]) + plain) if password else plain
        offset = len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, flags, 0, 0, 33, crc, len(data), len(plain),
                            len(raw_name), 0) + raw_name + data
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, 0, 0, 33, crc, len(data), len(plain),
                               len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(entries), len(entries), len(central), len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def _landing_files(wh: Warehouse) -> set[Path]:
    return {p for p in wh.landing.rglob("*") if p.is_file()}


def _members(wh: Warehouse) -> list[tuple]:
    with duckdb.connect(str(wh.work_db), read_only=True) as con:
        return con.execute(
            "SELECT member_path, file_name, document_id, outcome, reason FROM raw.archive_members ORDER BY member_no"
        ).fetchall()


def test_zip_of_reports_lands_each_member_safely_then_each_is_parsed(tmp_path: Path, rendered_samples) -> None:
    first, second = sorted(rendered_samples, key=lambda p: p.stat().st_size)[:2]
    source = tmp_path / "src"
    source.mkdir()
    archive = _zip(source / "2024年部门决算.zip", [
        (_GbkNamed("2024决算/医疗保健办公室.pdf"), first.read_bytes()),
        ("../evil.pdf", second.read_bytes()),
        ("2024决算/", b""),
        ("说明.txt", "各单位决算".encode()),
    ])
    assert is_zip_archive(archive) and discover([source]) == [archive]  # (an archive in a folder is taken)
    wh = Warehouse(tmp_path / "wh")
    wh.ensure()

    landing = land([archive], wh)
    with duckdb.connect(str(wh.work_db)) as con:
        record_run_inputs(con, landing)

    by_name = {f.file_name: f for f in landing.landed}
    assert set(by_name) == {archive.name, "医疗保健办公室.pdf", "evil.pdf"}
    # Content addressed as any input: the member's id is the sha256 of the report's own bytes.
    assert by_name["医疗保健办公室.pdf"].document_id == hashlib.sha256(first.read_bytes()).hexdigest()
    assert by_name["evil.pdf"].document_id == hashlib.sha256(second.read_bytes()).hexdigest()
    # Nothing written anywhere but landing (the `../` entry too), nothing left half-written.
    written = {p for p in tmp_path.rglob("*") if p.is_file()} - {archive}
    assert all(p.parent == wh.root for p in written - _landing_files(wh))
    assert all(p.parent.parent == wh.landing and p.parent.name == hashlib.sha256(p.read_bytes()).hexdigest()
               for p in _landing_files(wh))
    assert not [p for p in _landing_files(wh) if p.name.startswith(".")]
    assert [(path, outcome) for path, _, _, outcome, _ in _members(wh)] == [
        ("2024决算/医疗保健办公室.pdf", "landed"), ("../evil.pdf", "landed"),
        ("2024决算/", "skipped"), ("说明.txt", "skipped"),
    ]
    assert "not a report file type (.txt)" in _members(wh)[3][4]

    for name in ("医疗保健办公室.pdf", "evil.pdf"):
        doc = parse_document(by_name[name].path)
        assert doc.status == "parsed" and doc.amounts, (name, doc.reason)
    own = parse_document(by_name[archive.name].path)
    assert own.status == "rejected" and own.reason.startswith("a zip archive: 2 member(s) landed")
    assert "2 skipped" in own.reason

    # Landing the same archive again (tomorrow's inbox): the same files, the same rows, once.
    before = (_landing_files(wh), _members(wh))
    again = land([archive], wh)
    with duckdb.connect(str(wh.work_db)) as con:
        record_run_inputs(con, again)
    assert (_landing_files(wh), _members(wh)) == before
    assert sorted(f.document_id for f in again.landed) == sorted(f.document_id for f in landing.landed)


def test_a_zip_bomb_an_encrypted_and_a_damaged_zip_cost_only_themselves(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.zip", [("a.pdf", FAKE_PDF), ("report.pdf", FAKE_PDF + b"\0" * (8 << 20))])
    locked = _zipcrypto_zip(
        tmp_path / "locked.zip", [("secret.pdf", FAKE_PDF + b"1", b"pw"), ("open.pdf", FAKE_PDF + b"2", None)]
    )
    with zipfile.ZipFile(locked) as check:  # (a true ZipCrypto file: the password opens it)
        assert check.read("secret.pdf", pwd=b"pw") == FAKE_PDF + b"1"
    damaged = tmp_path / "cut.zip"
    damaged.write_bytes(_zip(tmp_path / "whole.zip", [("x.pdf", FAKE_PDF * 50)]).read_bytes()[:60])
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(FAKE_PDF + b"3")
    wh = Warehouse(tmp_path / "wh")
    wh.ensure()

    landing = land([bomb, locked, damaged, plain], wh)
    with duckdb.connect(str(wh.work_db)) as con:
        record_run_inputs(con, landing)

    landed = {f.file_name for f in landing.landed}
    # The bomb lands nothing of itself (not even its harmless first member); the open member of the
    # encrypted zip and the file beside them land.
    assert landed == {"bomb.zip", "locked.zip", "cut.zip", "open.pdf", "plain.pdf"}
    assert not any(p.name == "a.pdf" for p in _landing_files(wh))
    rows = {path: (outcome, reason) for path, _, _, outcome, reason in _members(wh)}
    assert rows["secret.pdf"][0] == "refused" and "encrypted" in rows["secret.pdf"][1]
    assert rows["open.pdf"] == ("landed", None)
    assert rows["report.pdf"][0] == rows["a.pdf"][0] == "refused" and "zip bomb" in rows["a.pdf"][1]

    reasons = {f.file_name: parse_document(f.path) for f in landing.landed if f.file_name.endswith(".zip")}
    assert all(doc.status == "rejected" for doc in reasons.values())
    assert "decompresses over 100 times its size" in reasons["bomb.zip"].reason
    assert reasons["locked.zip"].reason.startswith("a zip archive: 1 member(s) landed") and "1 refused" in (
        reasons["locked.zip"].reason
    )
    assert "corrupt or unreadable ZIP container" in reasons["cut.zip"].reason


def test_limits_nested_archives_and_document_containers(tmp_path: Path) -> None:
    many = _zip(tmp_path / "many.zip", [(f"{n}.pdf", FAKE_PDF) for n in range(3)])
    assert read_zip(many, ArchiveLimits(max_members=2)).refused == "3 members (more than 2)"
    limit = 2 * len(FAKE_PDF) + 1
    assert read_zip(many, ArchiveLimits(max_total_bytes=limit)).refused == (
        f"{3 * len(FAKE_PDF)} bytes decompressed (more than {limit})"
    )

    docx = io.BytesIO()
    with zipfile.ZipFile(docx, "w") as office:
        office.writestr("[Content_Types].xml", "<Types/>")
        office.writestr("word/document.xml", "<document/>")
    inner = _zip(tmp_path / "inner.zip", [("x.pdf", FAKE_PDF)]).read_bytes()
    outer = _zip(tmp_path / "outer.zip", [("绩效.docx", docx.getvalue()), ("units.zip", inner),
                                          ("old.rar", b"Rar!\x1a\x07\x01\x00" + b"\0" * 32)])
    outcome = {m.member_path: (m.outcome, m.reason) for m in read_zip(outer).members}
    assert outcome["绩效.docx"] == ("land", None)  # (a Word file is a zip too: it is no archive)
    assert outcome["units.zip"][0] == "refused" and "an archive inside an archive" in outcome["units.zip"][1]
    assert outcome["old.rar"][0] == "refused" and "RAR" in outcome["old.rar"][1]
    (tmp_path / "x.docx").write_bytes(docx.getvalue())
    assert not is_zip_archive(tmp_path / "x.docx") and is_zip_archive(tmp_path / "inner.zip")


@pytest.mark.parametrize(
    ("magic", "what"), [(b"Rar!\x1a\x07\x00", "a RAR archive"), (b"Rar!\x1a\x07\x01\x00", "a RAR archive"),
                        (b"7z\xbc\xaf\x27\x1c\x00\x04", "a 7z archive")],
)
def test_rar_and_7z_archives_are_named_with_what_to_do(tmp_path: Path, magic: bytes, what: str) -> None:
    path = tmp_path / "reports.bin"
    path.write_bytes(magic + b"\0" * 64)
    doc = parse_document(path)
    assert doc.status == "rejected" and doc.reason.startswith(f"{what}: not read")
    assert "extract it and drop its files into the inbox" in doc.reason


def test_a_member_has_its_archives_sources(tmp_path: Path) -> None:
    """raw.document_sources gives a member the crawl rows of the archive it came in."""
    archive = _zip(tmp_path / "W0202405.zip", [("a/单位一.pdf", FAKE_PDF + b"1"), ("单位二.pdf", FAKE_PDF + b"2")])
    archive_id = hashlib.sha256(archive.read_bytes()).hexdigest()
    wh = Warehouse(tmp_path / "wh")
    wh.ensure()
    with duckdb.connect(str(wh.work_db)) as con:
        seen = [datetime(2025, 5, d, 2, tzinfo=UTC) for d in (1, 2)]
        store.write_fetches(con, [
            store.FetchRecord(
                f"run{n}", "wuhan-hongshan", "attachment", "http://x.gov.cn/W0202405.zip", "x.gov.cn/W0202405.zip",
                "http://x.gov.cn/list.html", "http://x.gov.cn/t1.html", "http://x.gov.cn/W0202405.zip", None,
                "打包下载", "2024年决算", "final_accounts", 200 if n == 0 else 304, None, None, "application/zip",
                at, archive.stat().st_size if n == 0 else 0, archive_id, archive.name, str(archive),
                "landed" if n == 0 else "not_modified", None, 1,
            )
            for n, at in enumerate(seen)
        ])
        record_run_inputs(con, land([archive], wh))
        rows = con.execute(
            "SELECT m.member_path, s.district_id, s.attachment_url, s.detail_urls, s.first_seen, s.last_seen, "
            "s.runs_seen, s.archive_id, s.member_path, s.file_name FROM raw.archive_members m "
            "JOIN raw.document_sources s USING (document_id) ORDER BY m.member_no"
        ).fetchall()
        archive_row = con.execute(
            "SELECT member_path, archive_id FROM raw.document_sources WHERE document_id = ?", [archive_id]
        ).fetchall()
    assert [(r[0], r[8], r[9]) for r in rows] == [("a/单位一.pdf", "a/单位一.pdf", "单位一.pdf"),
                                                  ("单位二.pdf", "单位二.pdf", "单位二.pdf")]
    for row in rows:
        assert row[1:4] == ("wuhan-hongshan", "http://x.gov.cn/W0202405.zip", ["http://x.gov.cn/t1.html"])
        assert (row[4], row[5], row[6], row[7]) == (seen[0], seen[1], 2, archive_id)
    assert archive_row == [(None, None)]  # (the archive itself: fetched from the URL as it is)
