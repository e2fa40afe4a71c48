"""The `fiscal` console command, run as a user runs it (a subprocess of the installed script)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

FISCAL = str(Path(sys.executable).parent / "fiscal")


def _fiscal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([FISCAL, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_run_with_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    done = _fiscal("run", str(tmp_path / "nowhere"), "--warehouse", str(tmp_path / "wh"), cwd=tmp_path)
    assert done.returncode == 2
    assert "no such file or folder" in done.stderr
    assert not (tmp_path / "wh" / "marts.duckdb").exists()


def test_a_warehouse_another_process_writes_is_named_busy_with_nothing_done(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    wh.mkdir()
    report = tmp_path / "r.pdf"
    report.write_bytes(b"%PDF-1.4 not read: the run must stop before landing")
    holder = subprocess.Popen(  # a SQL client (or a second run) holding work.duckdb open for writing
        [sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); print('held', flush=True);"
         " sys.stdin.read()", str(wh / "work.duckdb")],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        for args in (("run", str(report)), ("remove", "r.pdf"), ("crawl",)):
            done = _fiscal(*args, "--warehouse", str(wh), cwd=tmp_path)
            assert done.returncode == 4, (args, done.stderr)
            said = " ".join(done.stderr.split())  # (the console wraps long lines)
            assert "is in use" in said and f"PID {holder.pid}" in said
    finally:
        holder.communicate("", timeout=30)
    assert not (wh / "landing").exists() and not (wh / "marts.duckdb").exists()


def test_parse_json_shows_every_amount_with_lineage(rendered_samples: dict[Path, list], tmp_path: Path) -> None:
    pdf = next(p for p in rendered_samples if p.stem == "qingshan-healthcare-office-2024")
    done = _fiscal("parse", str(pdf), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["status"] == "parsed" and doc["fiscal_year"] == 2024
    amounts = [a for t in doc["tables"] for a in t["amounts"]]
    assert len(amounts) == len(rendered_samples[pdf])
    first = amounts[0]
    assert {"table_code", "page", "row_no", "column_key", "amount", "x0", "top"} <= set(first)
    assert isinstance(first["amount"], str)  # exact decimal text, never a float


def test_parse_of_a_non_pdf_exits_2_with_the_reason(tmp_path: Path) -> None:
    fake = tmp_path / "report.pdf"
    fake.write_text("<html><body>error</body></html>", encoding="utf-8")
    done = _fiscal("parse", str(fake), cwd=tmp_path)
    assert done.returncode == 2
    assert "HTML" in done.stderr
