"""The 绩效评价基础数据表 (seed 003 附件1: staffing, 经费 lines by year, 楼堂馆所, 厉行节约) is read
exactly, every field, from rendered PDFs, Word tables and Excel sheets (samples/performance_basedata.py: the
same grid drawn each way, with lines present or absent, blank cells, 0–6 专项, the year varied).
Parsed without the pipeline; the gate's rules P9/P10 on it are the fixtures' and test_pipeline's."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from ingest import parse_document
from ingest.performance.base_reread import StoredBaseValue, base_confirmed
from ingest.performance.records import PerformanceTable
from samples.performance_basedata import ROLES, TruthBaseData, base_spec, random_base_data, render_base_data
from samples.performance_office import OfficeTableSpec, Placed, write_docx

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


@pytest.mark.parametrize("suffix", [".pdf", ".docx", ".xlsx"])
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


SEEDS_DIR = Path(__file__).resolve().parents[2] / "shared" / "seeds"
SEED = SEEDS_DIR / "yueyang-yueyanglou-health-2023-performance-tables.txt"


def _seed_rows() -> list[list[str]]:
    """Seed 003's 附件1 as its Word export prints it: one cell per line (a tab before it), a blank
    line between rows; up to the 说明 below the table."""
    text = SEED.read_text(encoding="utf-8")
    body = text[text.index("\t预算单位名称") : text.index("说明：")]
    rows = []
    for block in body.split("\n\n"):
        cells = [c.strip().replace("\n", "") for c in ("\n" + block).split("\n\t")[1:]]
        if cells:
            rows.append(cells)
    return rows


@pytest.mark.skipif(not SEED.exists(), reason="seed 003 not available")
def test_seed_003_base_data_table_as_a_word_table_reads_every_cell(tmp_path: Path) -> None:
    """Seed 003's own table (岳阳楼区 2023, its numbers and labels as printed) written as the Word
    table it was exported from: every 经费 line with its three amounts (blanks None), 18 区级 专项
    and the 上级转移支付's one under their groups, the staffing row, 项目支出's 2385.39 as printed."""
    rows = _seed_rows()
    spans = {2: [(0, 1), (1, 6)], 4: [(0, 1), (1, 2), (3, 2), (5, 2)], 7: [(c, 1) for c in range(7)]}
    cells = [
        Placed(r, col, text, span)
        for r, row in enumerate(rows)
        for (col, span), text in zip(spans[len(row)], row, strict=True)
    ]
    path = tmp_path / "seed003.docx"
    write_docx([OfficeTableSpec(["附件1", "2023年度预算单位整体支出绩效评价基础数据表"], 7, cells)], path)
    doc = parse_document(path)
    assert (doc.status, doc.unit_name, doc.fiscal_year) == ("parsed", "岳阳市岳阳楼区卫生健康局", 2023), doc.reason
    [table] = doc.performance
    assert table.base is not None and table.status == "read"
    staffing = table.base.staffing
    assert staffing is not None
    assert (staffing.authorized, staffing.actual, staffing.control_rate_text) == (43, 35, "81.40%")
    printed = rows[rows.index(["经费控制情况(万元)", "2022年决算数", "2023年预算数", "2023年决算数"]) + 1 :]
    printed = printed[: next(n for n, r in enumerate(printed) if len(r) != 4)]
    got = [(line.label, *(a.text for a in line.amounts)) for line in table.base.lines]
    assert got == [(label, *(t or None for t in texts)) for label, *texts in printed]
    by_label = {line.label: line for line in table.base.lines}
    project = by_label["项目支出："]
    assert [a.column for a in project.amounts] == ["prior_final", "budget", "final"]
    assert project.amounts[0].value == Decimal("2385.39")
    special = by_label["3、区级专项资金(一个专项一行)"]
    assert sum(line.parent_no == special.line_no and line.line_key is None for line in table.base.lines) == 18
    assert by_label["基本公卫经费"].parent_no == by_label["4、上级转移支付(一个专项一行）"].line_no
    assert by_label["其中：公车购置"].parent_no == by_label["1、公务用车购置和维护经费"].line_no
    assert by_label["水费、电费、差旅费"].parent_no == by_label["公用经费"].line_no
    assert table.base.buildings == [] and table.base.savings_measures is None


def _stored(table: PerformanceTable) -> list[StoredBaseValue]:
    """What the warehouse stores of the table, as the gate's re-reader gets it (orchestration/confirm.py)."""
    assert table.base is not None and table.base.staffing is not None
    s = table.base.staffing
    values = [StoredBaseValue(line.page, line.label, a.header, a.text, line.top, line.bottom)
              for line in table.base.lines for a in line.amounts]  # fmt: skip
    fields = (("authorized", s.authorized_text), ("actual", s.actual_text), ("control_rate", s.control_rate_text))
    return values + [StoredBaseValue(s.page, None, f, text, s.top, s.bottom) for f, text in fields]


def test_the_re_reader_finds_every_stored_value_again_and_only_as_stored(tmp_path: Path) -> None:
    """A failed P9/P10 is the publisher's only when pdfplumber's own table finder finds each stored
    value again under its header, in its line's row: a value stored under another column, in
    another line, or changed is not; a Word file has no page to re-read."""
    pdf = tmp_path / "basedata.pdf"
    render_base_data(1, pdf, inconsistent=True)
    [table] = parse_document(pdf).performance
    stored = _stored(table)
    assert base_confirmed(pdf, stored)
    amount = next(v for v in stored if v.label is not None and v.text is not None)
    other = next(v for v in stored if v.label == amount.label and v.header != amount.header)
    for wrong in (
        replace(amount, text=str(Decimal(amount.text or "0") + 1)),  # (digits misread)
        replace(amount, header=other.header),  # (placed under another column)
        replace(amount, label=next(v.label for v in stored if v.label not in (None, amount.label))),  # (another line)
        replace(next(v for v in stored if v.header == "control_rate"), text="99.99%"),
    ):
        assert not base_confirmed(pdf, [wrong]), wrong
    docx = tmp_path / "basedata.docx"
    render_base_data(1, docx, inconsistent=True)
    assert not base_confirmed(docx, _stored(parse_document(docx).performance[0]))
