"""Bad input and faults cost only themselves, and say what they are (issue 15; docs/reliability.md).

Real files, real pdfplumber, real DuckDB and real worker processes; the end-to-end cases (a
page bomb in a run, operator actions, a warehouse path with a quote) are in
tests/test_reliability_pipeline.py.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pdfplumber
import pytest
from dying_parser import parse_or_die, parse_or_hang
from pdf_surgery import updated
from reportlab.pdfgen import canvas
from rich.console import Console
from sample_variants import render_in_yuan

from ingest import parse_document
from ingest.base import ParseIssue, money_unit, unit_values
from ingest.filekind import sha256_file
from ingest.furniture import drop_running_headers
from ingest.parser import candidate_profiles, read_page
from ingest.tables import read_tables
from orchestration.corpus_report import FileReport, figures
from orchestration.operator import OperatorError, find_document
from orchestration.parsing import DIED, out_of_time, parse_all
from orchestration.runner import NOT_LANDED, RunSummary, fill_from_warehouse, shown_status
from orchestration.warehouse import (
    CONTRACT_TABLES,
    PUBLISHED_SCHEMA,
    RAW_DDL,
    Warehouse,
    discover,
    land,
    landed_file,
    publish,
    record_run_inputs,
)
from samples.render import load_report, render_report

FISCAL = str(Path(sys.executable).parent / "fiscal")
SAMPLE_DATA = Path(__file__).resolve().parent.parent / "samples" / "data"
LONG_NAME = "武汉市洪山区卫生健康局" * 7 + "部门决算公开.pdf"  # 83 CJK characters: 253 bytes


def _fiscal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FISCAL, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


# --- landing ------------------------------------------------------------------------------------


def test_a_name_of_255_bytes_lands(tmp_path: Path) -> None:
    assert len(LONG_NAME.removesuffix(".pdf")) == 83 and len(LONG_NAME.encode()) == 253
    source = tmp_path / "in" / LONG_NAME
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4 long name")
    wh = Warehouse(tmp_path / "wh")
    [landed] = land([source], wh).landed
    assert landed.path.name == LONG_NAME and landed.path.read_bytes() == source.read_bytes()
    assert [f.name for f in landed.path.parent.iterdir()] == [LONG_NAME]  # no temporary left


def test_a_symlink_loop_in_an_input_folder_is_walked_once(tmp_path: Path) -> None:
    inner = tmp_path / "in" / "a"
    inner.mkdir(parents=True)
    (inner / "up").symlink_to("..", target_is_directory=True)  # in/a/up -> in: a loop
    (inner / "r.pdf").write_bytes(b"%PDF-1.4")
    assert discover([tmp_path / "in"]) == [inner / "r.pdf"]


def test_a_copy_left_by_a_crash_is_never_read_as_the_document(tmp_path: Path) -> None:
    source = tmp_path / "z-report.pdf"
    source.write_bytes(b"%PDF-1.4 the whole report")
    wh = Warehouse(tmp_path / "wh")
    folder = wh.landing / sha256_file(source)
    folder.mkdir(parents=True)
    (folder / "a-report.pdf.part").write_bytes(b"%PDF-1.4 the wh")  # killed mid-copy, another name
    [landed] = land([source], wh).landed
    assert sorted(f.name for f in folder.iterdir()) == ["z-report.pdf"]  # the leftover cleaned
    # One left after landing (a crash of a later delivery) is not read either, by name or not.
    (folder / "0.pdf.part").write_bytes(b"%PDF")
    (folder / f".{os.getpid()}.part").write_bytes(b"%PDF")
    assert landed_file(wh, landed.document_id, "z-report.pdf") == landed.path
    assert landed_file(wh, landed.document_id) == landed.path
    assert landed_file(wh, "0" * 64) is None  # removed by an operator


def test_a_file_vanishing_before_landing_costs_only_itself(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("a.pdf", "b.pdf", "c.pdf"):
        (inputs / name).write_bytes(b"%PDF-1.4 " + name.encode())
    found = discover([inputs])
    (inputs / "b.pdf").unlink()  # gone between the listing and the copy (a producer moved it)
    wh = Warehouse(tmp_path / "wh")
    wh.ensure()
    landing = land(found, wh)
    assert [f.file_name for f in landing.landed] == ["a.pdf", "c.pdf"]
    [skipped] = landing.skipped
    assert skipped.file_name == "b.pdf" and skipped.reason.startswith("vanished before it could be landed")
    # recorded for the run, and shown in its summary with the reason
    with duckdb.connect(str(wh.work_db)) as con:
        record_run_inputs(con, landing)
    summary = RunSummary(published=False, warehouse=wh.root)
    fill_from_warehouse(summary, wh.work_db)
    assert ("b.pdf", NOT_LANDED, skipped.reason) in summary.statuses and summary.documents == 2


def test_a_file_still_being_written_is_not_landed_half_written(tmp_path: Path) -> None:
    growing = tmp_path / "growing.pdf"
    growing.write_bytes(b"%PDF-1.4 " + b"x" * (64 << 20))  # (hashing it takes a while: the producer writes on)
    stop = threading.Event()

    def keep_writing() -> None:
        # The producer has not finished the file yet: 64 KiB a millisecond, slower than any read
        # (a copy chasing it ends), and 64 MiB at most (the test's disk use is bounded).
        with growing.open("ab") as fh:
            for _ in range(1024):
                if stop.is_set():
                    return
                fh.write(b"y" * 65536)
                fh.flush()
                time.sleep(0.001)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        landing = land([growing], Warehouse(tmp_path / "wh"))
    finally:
        stop.set()
        writer.join()
    assert landing.landed == []
    [skipped] = landing.skipped
    assert skipped.reason.startswith("changed while it was being landed")
    assert list((tmp_path / "wh" / "landing").iterdir()) == []  # no partial copy, no empty folder


@contextlib.contextmanager
def small_disk(folder: Path, size: str) -> Iterator[Path]:
    """A real file system of `size` (tmpfs) mounted on `folder`: a disk that fills up."""
    folder.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode != 0:  # (mounting needs root, as on the CI machine)
        pytest.skip(f"cannot mount a {size} tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full."""
    filler = disk / "filler"
    with filler.open("wb") as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
                fh.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    return filler


def test_a_full_disk_stops_landing_with_nothing_half_written(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "1m") as disk:
        big = tmp_path / "big.pdf"
        big.write_bytes(b"%PDF-1.4 " + os.urandom(2 << 20))  # 2 MiB into 1 MiB
        with pytest.raises(OSError) as raised:
            land([big], Warehouse(disk / "wh"))
        assert raised.value.errno == errno.ENOSPC
        assert [p for p in (disk / "wh").rglob("*") if p.is_file()] == []


# --- worker processes ---------------------------------------------------------------------------


def test_a_worker_death_quarantines_its_document_only(tmp_path: Path) -> None:
    files = []
    for name in ("a.pdf", "die.pdf", "b.pdf", "c.pdf"):
        files.append(tmp_path / name)
        files[-1].write_text(f"<html>{name}</html>", encoding="utf-8")
    docs = {d.file_name: d for d in parse_all(files, workers=2, parse=parse_or_die)}
    assert set(docs) == {"a.pdf", "die.pdf", "b.pdf", "c.pdf"}
    assert (docs["die.pdf"].status, docs["die.pdf"].reason) == ("quarantined", DIED)
    assert docs["die.pdf"].document_id == sha256_file(tmp_path / "die.pdf")  # recorded: not parsed again
    assert all(docs[n].status == "rejected" and "HTML" in (docs[n].reason or "") for n in ("a.pdf", "b.pdf", "c.pdf"))


def _pages_of_minutes(out: Path, pages: int) -> Path:
    """A real PDF of `pages` text pages (no tables): every page is read before it is rejected."""
    pdf = canvas.Canvas(str(out), pagesize=(595, 842))
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica", 10)
        pdf.drawString(72, 770, f"Page {page} of {pages}: minutes of a meeting, no tables here.")
        pdf.drawString(72, 750, "1,234.56  7,890.12  345.67")
        pdf.showPage()
    pdf.save()
    return out


def test_a_document_over_the_time_limit_is_stopped_and_quarantined_alone(tmp_path: Path) -> None:
    long = _pages_of_minutes(tmp_path / "minutes-2000-pages.pdf", 2000)  # ~20 s to read in full
    others = []
    for name in ("a.pdf", "b.pdf"):
        others.append(tmp_path / name)
        others[-1].write_text(f"<html>{name}</html>", encoding="utf-8")
    started = time.monotonic()
    docs = {d.file_name: d for d in parse_all([long, *others], workers=2, document_seconds=3)}
    assert time.monotonic() - started < 60  # (process start-up included)
    assert (docs[long.name].status, docs[long.name].reason) == ("quarantined", out_of_time(3))
    assert docs[long.name].document_id == sha256_file(long)  # recorded: later runs do not repeat it
    assert all(docs[n].status == "rejected" and "HTML" in (docs[n].reason or "") for n in ("a.pdf", "b.pdf"))


def test_a_document_stuck_where_no_timer_reaches_is_stopped_from_outside(tmp_path: Path) -> None:
    files = []
    for name in ("a.pdf", "hang.pdf", "b.pdf"):
        files.append(tmp_path / name)
        files[-1].write_text(f"<html>{name}</html>", encoding="utf-8")
    started = time.monotonic()
    docs = {
        d.file_name: d
        for d in parse_all(files, workers=2, parse=parse_or_hang, document_seconds=1, stuck_grace_seconds=2)
    }
    assert time.monotonic() - started < 1 + 2 + 30  # (stopped 2 s after its limit; not read a second time)
    assert (docs["hang.pdf"].status, docs["hang.pdf"].reason) == ("quarantined", out_of_time(1))
    assert all(docs[n].status == "rejected" and "HTML" in (docs[n].reason or "") for n in ("a.pdf", "b.pdf"))


def test_javascript_and_embedded_files_are_never_run_and_the_tables_read_as_usual(tmp_path: Path) -> None:
    plain = _render(tmp_path, "hongshan-health-2024", "plain.pdf")
    payload = b"MZ not a program"
    scripted = tmp_path / "scripted.pdf"
    scripted.write_bytes(updated(
        plain.read_bytes(),
        {
            "OpenAction": "<</S /JavaScript /JS (this.exportDataObject\\({cName: 'run.exe', nLaunch: 2}\\))>>",
            "Names": "<</JavaScript <</Names [(go) {0}]>> /EmbeddedFiles <</Names [(run.exe) {1}]>>>>",
        },
        (
            b"<</S /JavaScript /JS (app.launchURL\\('http://127.0.0.1:9/'\\))>>",
            b"<</Type /Filespec /F (run.exe) /EF <</F {2}>>>>",
            b"<</Type /EmbeddedFile /Length %d>>\nstream\n" % len(payload) + payload + b"\nendstream",
        ),
    ))
    with pdfplumber.open(scripted) as pdf:  # (the update is real: a PDF reader sees both)
        assert {"OpenAction", "Names"} <= set(pdf.doc.catalog)
    read, expected = parse_document(scripted), parse_document(plain)
    assert (read.status, read.reason) == (expected.status, expected.reason) == ("parsed", None)
    assert [(a.table_code, a.column_key, a.amount) for a in read.amounts] == [
        (a.table_code, a.column_key, a.amount) for a in expected.amounts
    ]
    assert not list(tmp_path.glob("run.exe")) and not list(Path.cwd().glob("run.exe"))


def test_deeply_nested_objects_are_read_in_bounded_time(tmp_path: Path) -> None:
    plain = _render(tmp_path, "hongshan-health-2024", "plain.pdf")
    nested = tmp_path / "nested.pdf"
    depth = 100_000  # arrays within arrays in the catalog, which every reader parses on opening
    nested.write_bytes(updated(plain.read_bytes(), {"Nest": "[" * depth + "]" * depth}))
    [doc] = parse_all([nested], workers=1, document_seconds=60)
    assert doc.status == "parsed" and len(doc.amounts) == len(parse_document(plain).amounts)


# --- units and years ----------------------------------------------------------------------------


def _render(tmp_path: Path, stem: str, name: str, **changes: object) -> Path:
    report = load_report(SAMPLE_DATA / f"{stem}.yaml")
    info = report.report.model_copy(update=changes.pop("report", {}))
    tables = dict(report.tables)
    for code, unit in dict(changes.pop("units", {})).items():
        tables[code] = tables[code].model_copy(update={"unit": unit})  # (not a unit the renderer validates)
    out = tmp_path / name
    render_report(report.model_copy(update={"report": info, "tables": tables}), out)
    return out


def test_money_units_other_than_wan_and_yuan_are_named_never_defaulted() -> None:
    assert [money_unit(v) for v in ("万元", "万", "元", "千元", "亿元", "百万元", "人民币千元")] == [
        "万元", "万元", "元", "千元", "亿元", "百万元", "人民币千元",
    ]
    # (十堰市, 百色市: a name starting with a multiplier is still a name)
    assert money_unit("十堰市财政局") is None and money_unit("百色市财政局") is None


def test_a_table_in_qianyuan_is_quarantined_not_read_as_wanyuan(tmp_path: Path) -> None:
    doc = parse_document(_render(tmp_path, "hongshan-health-2024", "qianyuan.pdf", units={"05": "千元"}))
    assert doc.status == "quarantined"
    assert doc.reason and "05" in doc.reason and "千元" in doc.reason
    assert doc.amounts == []


def test_a_table_printing_no_money_unit_is_in_the_unit_of_the_others_else_quarantined(tmp_path: Path) -> None:
    whole = parse_document(_render(tmp_path, "hongshan-health-2024", "whole.pdf"))
    forgot = parse_document(_render(tmp_path, "hongshan-health-2024", "forgot.pdf", units={"05": ""}))
    assert forgot.status == "parsed"
    assert {t.table_code: t.printed_unit for t in forgot.tables} == {t.table_code: t.printed_unit for t in whole.tables}
    assert [(a.table_code, a.amount, a.printed_unit) for a in forgot.amounts] == [
        (a.table_code, a.amount, a.printed_unit) for a in whole.amounts
    ]
    # the others print two units: which one 05 is in is a guess (a factor of 10,000)
    mixed = parse_document(_render(tmp_path, "hongshan-health-2024", "mixed.pdf", units={"05": "", "06": "元"}))
    assert mixed.status == "quarantined"
    assert mixed.reason == "table 05: no money unit printed, and the other tables print 万元 and 元"
    # (with the band above 05's first header, where a scan's lost unit line is read again)
    with pdfplumber.open(mixed.file_path) as pdf:
        read = [read_page(i + 1, page) for i, page in enumerate(pdf.pages)]
    rules = {i + 1: page_rules for i, (_, page_rules) in enumerate(read)}
    pages = drop_running_headers([lines for lines, _ in read], rules)
    profile, segments = candidate_profiles(pages, "".join(line.norm for page in pages[:3] for line in page))[0]
    with pytest.raises(ParseIssue) as issue:
        read_tables(segments, profile, rules)
    header = next(seg for seg in segments if seg.code == "05")
    assert issue.value.page == header.page and issue.value.line is not None
    top, bottom = issue.value.line
    first_header = next(line for line in header.lines if "项目" in line.norm or "科目" in line.norm)
    assert top < bottom == first_header.top
    none = {code: "" for code in load_report(SAMPLE_DATA / "hongshan-health-2024.yaml").tables}
    nowhere = parse_document(_render(tmp_path, "hongshan-health-2024", "nowhere.pdf", units=none))
    assert nowhere.status == "quarantined"
    assert nowhere.reason and nowhere.reason.endswith("no money unit printed, and no table prints one")


def test_tables_of_one_report_in_two_money_units_are_each_read_in_their_own(tmp_path: Path) -> None:
    whole = parse_document(_render(tmp_path, "hongshan-health-2024", "whole.pdf"))
    mixed = parse_document(render_in_yuan("hongshan-health-2024", tmp_path / "mixed.pdf", ("05", "06")))
    assert mixed.status == "parsed", mixed.reason
    assert {t.table_code: t.printed_unit for t in mixed.tables} == {
        t.table_code: "元" if t.table_code in {"05", "06"} else t.printed_unit for t in whole.tables
    }
    scale = {"万元": 10000, "元": 1}
    assert [(a.table_code, a.amount * scale[a.printed_unit]) for a in mixed.amounts] == [
        (a.table_code, a.amount * scale[a.printed_unit]) for a in whole.amounts
    ]


def test_a_unit_name_printed_with_a_space_is_one_name(tmp_path: Path) -> None:
    assert unit_values("单位：武汉市洪山区 示范局 单位：万元") == ["武汉市洪山区示范局", "万元"]
    assert unit_values("编制单位：武汉市洪山区 2024年 单位：万元") == ["武汉市洪山区", "万元"]
    doc = parse_document(
        _render(tmp_path, "hongshan-health-2024", "spaced.pdf", report={"unit_name": "武汉市洪山区 示范局"})
    )
    assert doc.status == "parsed", doc.reason
    assert doc.unit_name == "武汉市洪山区示范局"


def test_a_report_of_an_implausible_year_is_quarantined(tmp_path: Path) -> None:
    doc = parse_document(_render(tmp_path, "qingshan-healthcare-office-2024", "2099.pdf", report={"fiscal_year": 2099}))
    assert doc.fiscal_year == 2099
    assert doc.status == "quarantined" and "fiscal year 2099 is implausible" in (doc.reason or "")


# --- operator actions: which document a name means ------------------------------------------------


def test_an_operator_names_exactly_one_document() -> None:
    con = duckdb.connect()
    con.execute(RAW_DDL)
    for doc_id, name in (("abc1230" + "0" * 57, "report.pdf"), ("abc1231" + "0" * 57, "report.pdf"),
                         ("ffff00" + "0" * 58, "other.pdf")):
        con.execute(
            "INSERT INTO raw.documents (document_id, file_name, file_path, file_size, kind, parse_status, "
            "parser_version) VALUES (?, ?, '', 0, 'unknown', 'rejected', 'p')", [doc_id, name]
        )
    assert find_document(con, "ffff00").file_name == "other.pdf"
    assert find_document(con, "/some/folder/other.pdf").document_id.startswith("ffff00")
    assert find_document(con, "ABC1231").document_id.startswith("abc1231")
    with pytest.raises(OperatorError, match="names 2 documents"):
        find_document(con, "report.pdf")  # a corrected re-publication under the same name
    with pytest.raises(OperatorError, match="names 2 documents"):
        find_document(con, "abc123")
    with pytest.raises(OperatorError, match="no document"):
        find_document(con, "abc12")  # (shorter than 6 digits: a file name, and none is so named)
    with pytest.raises(OperatorError, match="no document"):
        find_document(con, "nothing.pdf")


# --- failures said as what they are ---------------------------------------------------------------


def test_file_names_are_text_not_markup() -> None:
    summary = RunSummary(published=False, warehouse=Path("wh"), statuses=[("报告[/i].pdf", "rejected", "bad [/b]")],
                         gate_failures=["report [/i] quarantined"])
    out = io.StringIO()
    summary.print(Console(file=out, width=200))
    assert "报告[/i].pdf" in out.getvalue() and "report [/i] quarantined" in out.getvalue()


def test_a_run_that_did_not_publish_shows_no_report_as_published() -> None:
    row = dict(folder="f", file_name="a.pdf", kind="budget", unit_name="u", fiscal_year=2024, part="tables",
               ocr=False, tables_found=9, tables_empty=0, evaluated=3, held=3, failed=0)
    published = FileReport(**row, status=shown_status("published", True), reason=None)
    blocked = FileReport(**row, status=shown_status("published", False), reason=None)
    assert "1/1 (100.0%)" in figures([published])
    assert blocked.status == "not published" and "0/1 (0.0%)" in figures([blocked])


def test_special_files_and_empty_folders_are_usage_errors(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    (tmp_path / "empty").mkdir()
    wh = str(tmp_path / "wh")
    for args, message in (
        (("parse", str(fifo)), "not a regular file"),  # (reading it would block forever)
        (("run", "/dev/null", "--warehouse", wh), "not a regular file or folder"),
        (("run", str(fifo), "--warehouse", wh), "not a regular file or folder"),
        (("run", str(tmp_path / "empty"), "--warehouse", wh), "no report files"),
        (("corpus-report", str(tmp_path / "empty")), "no report files"),
    ):
        done = _fiscal(*args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stderr)
        assert _said(message) in _said(done.stderr) and "Traceback" not in done.stderr, (args, done.stderr)
    assert not (tmp_path / "wh").exists()
    odd = tmp_path / "报告[" / "i].pdf"  # (the path, as printed, holds `[/i]`)
    odd.parent.mkdir()
    odd.write_text("<html>404</html>", encoding="utf-8")
    done = _fiscal("parse", str(odd), cwd=tmp_path)
    assert done.returncode == 2 and "i].pdf" in _said(done.stderr) and "Traceback" not in done.stderr, done.stderr
    done = _fiscal("run", str(odd.parent / "nowhere.pdf"), "--warehouse", wh, cwd=tmp_path)
    assert done.returncode == 2 and "报告[/nowhere.pdf" in _said(done.stderr) and "Traceback" not in done.stderr


def _said(text: str) -> str:
    """The text without its whitespace: the console wraps long lines, also inside a path."""
    return "".join(text.split())


def test_parse_document_rejects_a_fifo_without_reading_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    doc = parse_document(fifo)  # (would block forever if it read the FIFO)
    assert doc.status == "rejected" and "not a regular file" in (doc.reason or "")
    shutil.rmtree(tmp_path)


# --- BI readers -----------------------------------------------------------------------------------


def _publish_value(wh: Warehouse, value: int) -> None:
    """Publish marts whose contract tables hold one row, `value` (the real publish step)."""
    with duckdb.connect(str(wh.work_db)) as con:
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {PUBLISHED_SCHEMA}")
        for name in CONTRACT_TABLES:
            con.execute(f"CREATE OR REPLACE TABLE {PUBLISHED_SCHEMA}.{name} AS SELECT {value} AS x")
    publish(wh)


def _marts_values(wh: Warehouse) -> list[int]:
    with duckdb.connect(str(wh.marts_db), read_only=True) as con:
        return [x for (x,) in con.execute("SELECT x FROM reported_amounts ORDER BY x").fetchall()]


def test_the_published_marts_cannot_be_written_and_an_old_log_never_reaches_a_new_publication(
    tmp_path: Path,
) -> None:
    wh = Warehouse(tmp_path / "wh")
    wh.root.mkdir()
    _publish_value(wh, 1)
    assert wh.marts_db.stat().st_mode & 0o222 == 0  # read-only on disk
    if os.geteuid() != 0:
        with pytest.raises(duckdb.Error):  # a BI tool opening it read-write by mistake fails
            duckdb.connect(str(wh.marts_db))
    else:
        # root opens it anyway: its writes go to a write-ahead log next to the file, which DuckDB
        # would replay onto the next publication of the same name
        rw = duckdb.connect(str(wh.marts_db))
        rw.execute("PRAGMA disable_checkpoint_on_shutdown")
        rw.execute("INSERT INTO reported_amounts VALUES (99)")
        rw.close()
        assert wh.marts_db.with_name("marts.duckdb.wal").exists()
    _publish_value(wh, 2)
    assert _marts_values(wh) == [2]
    assert not wh.marts_db.with_name("marts.duckdb.wal").exists()


def test_a_disk_full_at_publication_leaves_the_last_marts_and_no_partial_file(tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "16m") as disk:
        wh = Warehouse(disk / "wh")
        wh.root.mkdir()
        _publish_value(wh, 1)
        before = wh.marts_db.read_bytes()
        with duckdb.connect(str(wh.work_db)) as con:  # the next publication, built in the working db
            for name in CONTRACT_TABLES:
                table = f"{PUBLISHED_SCHEMA}.{name}"
                con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT range AS x FROM range(2, 9999)")
        filler = fill(disk)
        with pytest.raises((OSError, duckdb.Error), match=r"(?i)space"):
            publish(wh)
        assert wh.marts_db.read_bytes() == before and _marts_values(wh) == [1]
        assert sorted(p.name for p in wh.root.iterdir()) == ["marts.duckdb", "work.duckdb"]
        filler.unlink()  # space again: the next publication goes through
        publish(wh)
        assert _marts_values(wh)[:2] == [2, 3]


def test_a_run_on_a_full_disk_says_so_and_exits_3(tmp_path: Path) -> None:
    report = tmp_path / "in" / "r.pdf"
    report.parent.mkdir()
    report.write_bytes(b"%PDF-1.4 a report")
    with small_disk(tmp_path / "disk", "1m") as disk:
        fill(disk)
        # twice: the first leaves what a start on a full disk leaves (an empty working db)
        for _ in range(2):
            done = _fiscal("run", str(report.parent), "--warehouse", str(disk / "wh"), cwd=tmp_path)
            assert done.returncode == 3, done.stderr
            assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
            assert not (disk / "wh" / "marts.duckdb").exists()


def test_what_a_killed_process_left_is_removed_when_the_warehouse_is_next_opened(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "wh")
    wh.ensure()
    killed = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(killed.stdout)  # (a process that has exited)
    never_landed = wh.landing / ("a" * 64) / f".{dead_pid}.part"  # a copy killed mid-way, never delivered again
    never_landed.parent.mkdir()
    never_landed.write_bytes(b"%PDF-1.4 half")
    in_progress = wh.landing / ("b" * 64) / f".{os.getpid()}.part"  # a live process copying now
    in_progress.parent.mkdir()
    in_progress.write_bytes(b"%PDF-1.4 being")
    half_published = wh.marts_db.with_name("marts.duckdb.new")  # a publication killed mid-way
    half_published.write_bytes(b"half")
    wh.ensure()
    assert not never_landed.parent.exists() and not half_published.exists()
    assert in_progress.exists()
