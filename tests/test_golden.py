"""Golden whole-table values of real 部门决算 and 部门预算 files of ../shared/corpus/.

Each ``tests/golden/<pdf stem>.yaml`` holds amounts transcribed by hand (pdftotext / pdfplumber
page reads and page images, arithmetic cross-checked; never with ``ingest``), see
tests/golden/README.md. For every golden table the multiset of
(subject_code or row_key, column_key, amount) the parser reads for that table_code must equal
the golden one exactly: a missing, extra or changed amount is a regression. That comparison runs
in tests/test_corpus.py on the corpus run's raw amounts (the corpus is parsed once, there); this
module checks the golden files themselves and that the PDFs are the transcribed ones.
The PDFs themselves are not in this repository; these tests skip when the corpus is absent.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.profile import table_column_keys

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
# A golden file's `file` is a path under ../shared/corpus/real/ (`name.pdf`) or under another
# folder of ../shared/corpus/ (`crawl-2026/r202.pdf`); its YAML is named after that path with the
# folder joined by `_` (`crawl-2026_r202.yaml`).
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def _corpus_path(file: str) -> Path:
    return CORPUS / file if "/" in file else CORPUS / "real" / file

Item = tuple[str, str, Decimal]  # (subject_code or row_key, column_key, amount)

# The contract's column keys, from the table profiles (the one place that names them).
COLUMNS: dict[str, set[str]] = {code: set(keys) for code, keys in table_column_keys().items()}
# As printed, without thousands separators: 2 decimals, whole 元 (上海 budget tables), or the one
# decimal or whole 万元 a sentence prints (北京 text halves: 51.3, 0).
AMOUNT_TEXT = re.compile(r"-?\d+(\.\d{1,2})?")


def _load() -> list[tuple[Path, dict[str, Any]]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8"))) for p in sorted(GOLDEN_DIR.glob("*.yaml"))]


GOLDEN = _load()
# A table may carry `known_gap: <reason>`: the golden values are checked by hand but the parser is known
# not to read that table yet (e.g. a regional variant of the template). It runs as a strict xfail, so the
# day the parser reads it right the XPASS fails and the marker must be removed from the YAML.
TABLE_CASES = [
    pytest.param(
        data["file"],
        code,
        id=f"{data['file']}::{code}",
        marks=[pytest.mark.xfail(reason=table["known_gap"], strict=True)] if table.get("known_gap") else [],
    )
    for _, data in GOLDEN
    for code, table in sorted(data["tables"].items())
]
FILE_CASES = [pytest.param(data["file"], id=data["file"]) for _, data in GOLDEN]


def _golden(file: str) -> dict[str, Any]:
    return next(data for _, data in GOLDEN if data["file"] == file)


def golden_items(file: str, table_code: str) -> Counter[Item]:
    return Counter(
        (str(a.get("subject_code") or a["row_key"]), a["column"], Decimal(a["amount"]))
        for a in _golden(file)["tables"][table_code]["amounts"]
    )


def _pdf(file: str) -> Path:
    path = _corpus_path(file)
    if not path.is_file():
        pytest.skip(f"{path} is absent (../shared/corpus not checked out)")
    return path


def _describe(items: Counter[Item]) -> str:
    return "\n".join(
        f"    {key} / {column} = {amount}" + (f"  (x{n})" if n > 1 else "")
        for (key, column, amount), n in sorted(items.items())
    )


def test_golden_files_are_well_formed() -> None:
    """The golden data itself: keys from the record contract, amounts as printed, no duplicates."""
    assert GOLDEN, f"no golden files in {GOLDEN_DIR}"
    for path, data in GOLDEN:
        assert path.name == data["file"].removesuffix(".pdf").replace("/", "_") + ".yaml", path
        assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"]), path
        assert data.get("checked_by"), path
        for code, table in data["tables"].items():
            assert code in COLUMNS, (path, code)
            assert table["pages"] and all(isinstance(p, int) for p in table["pages"]), (path, code)
            assert set(table) <= {"pages", "amounts", "known_gap"}, (path, code)
            seen: set[tuple[str, str]] = set()
            for a in table["amounts"]:
                where = (path.name, code, a)
                assert ("subject_code" in a) != ("row_key" in a), where
                assert set(a) <= {"subject_code", "row_key", "column", "amount"}, where
                if "subject_code" in a:
                    assert re.fullmatch(r"\d{3}(\d{2}){0,2}", a["subject_code"]), where
                assert a["column"] in COLUMNS[code], where
                assert isinstance(a["amount"], str) and AMOUNT_TEXT.fullmatch(a["amount"]), where
                key = (str(a.get("subject_code") or a["row_key"]), a["column"])
                assert key not in seen, f"duplicate cell {where}"
                seen.add(key)


@pytest.mark.corpus
@pytest.mark.parametrize("file", FILE_CASES)
def test_golden_pdf_is_the_transcribed_one(file: str) -> None:
    path = _pdf(file)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == _golden(file)["sha256"]


def golden_table_mismatch(file: str, table_code: str, got: Counter[Item]) -> str | None:
    """What the amounts read for a golden table lack or add (None: exactly the golden ones)."""
    expected = golden_items(file, table_code)
    missing, extra = expected - got, got - expected
    if not missing and not extra:
        return None
    return (
        f"{file} table {table_code}: parser read {sum(got.values())} amounts, golden has {sum(expected.values())}\n"
        f"  missing (golden, not read):\n{_describe(missing) or '    -'}\n"
        f"  extra (read, not golden):\n{_describe(extra) or '    -'}"
    )
