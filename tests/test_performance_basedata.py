"""The 绩效评价基础数据表 (seed 003 附件1: staffing, 经费 lines by year, 楼堂馆所, 厉行节约) is read
exactly, every field, from rendered PDFs and from Word tables (samples/performance_basedata.py: the
same grid drawn both ways, with lines present or absent, blank cells, 0–6 专项, the year varied).
Parsed without the pipeline; the gate's rules P9/P10 on it are the fixtures' and test_pipeline's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from ingest import parse_document
from ingest.performance.records import PerformanceTable
from samples.performance_basedata import ROLES, TruthBaseData, base_spec, random_base_data, render_base_data
from samples.performance_office import Placed, write_docx

SEEDS = range(5)


def base_mismatches(truth: TruthBaseData, got: PerformanceTable) -> list[str]:
    out = []
    if got.status != "read" or got.base is None:
        return [f"table {got.status}: {got.reason}"]
    expect = {
        "family": "base_data", "title": truth.title, "unit_name": truth.unit_name, "printed_unit": "万元",
        "first_page": truth.page, "last_page": truth.page, "doc_kind": "self_evaluation", "scope": "整体",
    }  # fmt: skip
    out += [f"{k}: {v!r} read {getattr(got, k)!r}" for k, v in expect.items() if getattr(got, k) != v]
    base, staffing = got.base, got.base.staffing
    if staffing is None:
        out.append("no staffing read")
    else:
        authorized, actual, rate = truth.staffing
        want = (truth.page, authorized, Decimal(authorized or "0"), actual, Decimal(actual or "0"), rate,
                Decimal(rate.rstrip("%")) if rate else None, f"{truth.year}年实际在职人数")  # fmt: skip
        read = (staffing.page, staffing.authorized_text, staffing.authorized, staffing.actual_text, staffing.actual,
                staffing.control_rate_text, staffing.control_rate, staffing.actual_header)  # fmt: skip
        if want != read:
            out.append(f"staffing {want} read {read}")
    if len(base.lines) != len(truth.lines):
        return [*out, f"{len(base.lines)} lines read, {len(truth.lines)} printed"]
    years = [truth.year - 1, truth.year, truth.year]
    for n, (w, g) in enumerate(zip(truth.lines, base.lines, strict=True), start=1):
        amounts = [(role, head, year, text, None if text is None else Decimal(text))
                   for role, head, year, text in zip(ROLES, truth.headers, years, w.texts, strict=True)]  # fmt: skip
        want = (n, truth.page, w.label, w.line_key, w.level, w.parent_no, amounts)
        read = (g.line_no, g.page, g.label, g.line_key, g.level, g.parent_no,
                [(a.column, a.header, a.year, a.text, a.value) for a in g.amounts])  # fmt: skip
        if want != read:
            out.append(f"line {n}: {want} read {read}")
    if [b.texts for b in base.buildings] != ([truth.buildings] if truth.buildings else []):
        out.append(f"楼堂馆所 {truth.buildings} read {[b.texts for b in base.buildings]}")
    if base.savings_measures != truth.savings_measures:
        out.append(f"厉行节约 {truth.savings_measures!r} read {base.savings_measures!r}")
    return out


@pytest.mark.parametrize("suffix", [".pdf", ".docx"])
@pytest.mark.parametrize("seed", SEEDS)
def test_generated_base_data_tables_read_exactly(seed: int, suffix: str, tmp_path: Path) -> None:
    path = tmp_path / f"basedata-{seed}{suffix}"
    truth = render_base_data(seed, path, inconsistent=seed % 2 == 1)
    doc = parse_document(path)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert (doc.unit_name, doc.fiscal_year) == (truth.unit_name, truth.year)
    [table] = doc.performance
    assert base_mismatches(truth, table) == []


def test_the_generated_tables_vary_what_the_template_lets_vary() -> None:
    """The seeds above draw what they claim to (else the exactness proves little)."""
    drawn = [random_base_data(seed) for seed in SEEDS]
    labels = [{line.label for line in t.lines} for t in drawn]
    assert any("2、出国经费" in s for s in labels) and any("2、出国经费" not in s for s in labels)
    assert any(any(line.line_key is None for line in t.lines) for t in drawn)  # 专项 lines
    assert any(None in line.cents for t in drawn for line in t.lines)  # blank cells
    assert len({t.year for t in drawn}) > 1 and any(t.buildings for t in drawn)


def _with_label(truth: TruthBaseData, old: str, new: str, path: Path) -> Path:
    spec = base_spec(truth)
    spec.cells[:] = [Placed(c.row, c.col, new if c.text == old else c.text, c.colspan, c.rowspan) for c in spec.cells]
    write_docx([spec], path)
    return path


def test_a_line_the_template_does_not_print_quarantines_the_table(tmp_path: Path) -> None:
    """A label that is no line of the template (nor a 专项 under a group listing them: here it
    follows 公用经费's lines): which line it is, and what it adds up into, the table does not say."""
    truth = random_base_data(0)
    doc = parse_document(_with_label(truth, "政府采购金额", "其他经费", tmp_path / "unknown.docx"))
    [table] = doc.performance
    assert (doc.status, table.status) == ("quarantined", "quarantined")
    assert "其他经费" in (table.reason or "")


def test_an_amount_that_is_no_number_quarantines_the_table(tmp_path: Path) -> None:
    truth = random_base_data(0)
    text = next(t for t in truth.lines[0].texts if t is not None)
    doc = parse_document(_with_label(truth, text, text.replace(".", ",", 1) + "万", tmp_path / "bad.docx"))
    assert doc.performance[0].status == "quarantined" and "is not a number" in (doc.performance[0].reason or "")
