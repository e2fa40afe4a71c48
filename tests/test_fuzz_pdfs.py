"""PDF mutation fuzzing in CI (issue 15 §2): a fixed-seed campaign of `benchmarks.fuzz_pdfs` over a
real sample report, mutated in its bytes and its objects, through the real `parse_document` (real
pdfplumber) in a child process with a time limit per document. Run as the command an operator
runs (`python -m benchmarks.fuzz_pdfs`), its per-input results read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STATUSES = {"parsed", "quarantined", "rejected"}


def _fuzz(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "benchmarks.fuzz_pdfs", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env=env)


def _smallest_sample(rendered: dict[Path, list], folder: Path) -> Path:
    folder.mkdir()
    source = min(rendered, key=lambda p: p.stat().st_size)
    shutil.copy(source, folder / source.name)
    return folder


@pytest.mark.slow
def test_mutated_samples_never_crash_the_parser_and_every_one_is_recorded(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    inputs = 30
    results = tmp_path / "results.jsonl"
    # Pages 5-9 of the smallest sample: tables 01-05 (their titles, headers, rows, codes), a third
    # of the pages, so a third of the time per mutant.
    run = _fuzz("--inputs", str(inputs), "--seed", "15", "--time-limit", "60", "--pages", "5-9", "--samples",
                str(_smallest_sample(rendered_samples, tmp_path / "src")), "--out", str(tmp_path / "crashes"),
                "--results", str(results))
    outcomes = [json.loads(line) for line in results.read_text(encoding="utf-8").splitlines()]
    crashes = [o for o in outcomes if o["outcome"] not in STATUSES]
    assert not crashes, run.stdout
    assert run.returncode == 0, run.stdout + run.stderr
    assert sorted(o["index"] for o in outcomes) == list(range(inputs))  # every input has its record
    for o in outcomes:
        assert o["record_problem"] is None, o
        if o["outcome"] != "parsed":
            assert (o["reason"] or "").strip(), o
    # The mutations reach the parser: not every mutant is read the same way.
    assert len({o["outcome"] for o in outcomes}) >= 2
    assert "inputs tried" in run.stdout and "data lost" in run.stdout
    assert not (tmp_path / "crashes").exists() or not any((tmp_path / "crashes").iterdir())


VICTIM = '''
import os, signal, time
from ingest import ParsedDocument

def parse(path):
    """Fails the parser's promise on purpose, by mutant: raises, hangs, dies; else a record."""
    if path.name.endswith("00000.pdf"):
        raise RuntimeError("escaped on purpose")
    if path.name.endswith("00001.pdf"):
        time.sleep(60)
    if path.name.endswith("00002.pdf"):
        os.kill(os.getpid(), signal.SIGKILL)
    return ParsedDocument(document_id="not its sha", file_name=path.name, file_path=str(path), file_size=0,
                          status="rejected", reason="")
'''


@pytest.mark.slow
def test_the_fuzzer_reports_each_kind_of_crash_and_keeps_the_mutant(
    tmp_path: Path, rendered_samples: dict[Path, list]
) -> None:
    """The harness itself can fail: a parse function that raises, hangs, dies or returns a record
    without reason under the wrong id is counted as each crash and as data lost, exit 1."""
    (tmp_path / "victim").mkdir()
    (tmp_path / "victim" / "fuzz_victim.py").write_text(VICTIM, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path / "victim"), os.environ.get("PYTHONPATH", "")])}
    results, out = tmp_path / "results.jsonl", tmp_path / "crashes"
    run = _fuzz("--inputs", "4", "--seed", "3", "--time-limit", "3", "--samples",
                str(_smallest_sample(rendered_samples, tmp_path / "src")), "--out", str(out), "--results",
                str(results), "--parser", "fuzz_victim:parse", env=env)
    assert run.returncode == 1, run.stdout + run.stderr
    outcomes = {o["index"]: o for o in map(json.loads, results.read_text(encoding="utf-8").splitlines())}
    assert [outcomes[i]["outcome"] for i in range(4)] == ["exception", "timeout", "dead", "rejected"]
    assert "escaped on purpose" in outcomes[0]["reason"] and "RuntimeError" in outcomes[0]["detail"]
    assert all(outcomes[i]["record_problem"] for i in range(4))  # the fourth: no reason, wrong id
    kept = sorted(p.name for p in out.glob("*.pdf"))
    assert len(kept) == 4 and all((out / name).with_suffix(".json").is_file() for name in kept)
