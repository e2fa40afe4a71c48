"""The 项目支出情况表 of a 财政项目支出绩效评价报告 (长沙's layout, family project_execution_list) read
exactly: generated reports (samples/performance_evaluation.py: 0–4 groups, a flat list, wrapped
names and reasons, the table inside the text and over a page break with or without its header
repeated, `-` for no 指标结余, 预算到位 short of 预算批复, the 合计's 预算到位 slip), and the real 长沙
file against its hand-transcribed rows (tests/golden/performance/lists/)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
import yaml

from ingest import parse_document
from ingest.parser import read_page
from ingest.performance import read_performance
from ingest.performance.records import PerformanceTable
from ingest.performance.reread import StoredRow, performance_confirmed
from ingest.performance.values import number, percent
from samples.pages import Style
from samples.performance_evaluation import FAMILY, TruthListRow, draw_list, render_list

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "real"
GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "performance" / "lists"
SEEDS = range(8)  # seed % 5 groups (0: a flat list); odd seeds: the header not repeated after a break


def _got(table: PerformanceTable) -> tuple:
    [line] = table.funds
    return (table.family, table.doc_kind, table.scope, table.status, table.row_kind, table.project,
            table.parent_project, line.line, line.page, line.budget_full_year, line.budget_in_place, line.executed,
            line.execution_rate_text, line.execution_rate, line.unspent, line.unspent_reason)  # fmt: skip


def _want(row: TruthListRow) -> tuple:
    return (FAMILY, "evaluation", "项目", "read", row.row_kind, row.project, row.parent_project, "total", row.page,
            row.budget_full_year, row.budget_in_place, row.executed, row.execution_rate_text, row.execution_rate,
            row.unspent, row.unspent_reason)  # fmt: skip


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_project_lists_read_exactly(seed: int, tmp_path: Path) -> None:
    pdf = tmp_path / f"list-{seed}.pdf"
    truth = render_list(seed, pdf, font="cid" if seed % 2 else "ttf")
    doc = parse_document(pdf)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert (doc.unit_name, doc.fiscal_year) == (truth.unit_name, truth.year)
    assert [_got(t) for t in doc.performance] == [_want(r) for r in truth.rows]
    assert all(t.printed_unit == "万元" for t in doc.performance)
    # each row adds up into the row above it in the hierarchy: items into their group, the rest into 合计
    [total] = [t for t in doc.performance if t.row_kind == "total"]
    for table, row in zip(doc.performance, truth.rows, strict=True):
        parent = table.parent
        if row.row_kind == "total":
            assert parent is None
        elif row.parent_project is not None:
            assert parent is not None and (parent.row_kind, parent.project) == ("group", row.parent_project)
        else:
            assert parent is total


def test_a_row_of_no_known_level_quarantines_the_list(tmp_path: Path) -> None:
    """A row numbered `（1）` (neither a group's 一 nor an item's 1): which row it adds up into the
    list does not say, so no row of it is published (the file quarantined, with the row named)."""
    pdf = tmp_path / "list-sub.pdf"
    render_list(2, pdf, sub_level=True)
    doc = parse_document(pdf)
    assert doc.status == "quarantined" and "（1）" in (doc.reason or ""), doc.reason
    assert doc.performance and {t.status for t in doc.performance} == {"quarantined"}


def test_the_generated_lists_carry_the_traps() -> None:
    drawn = [draw_list(seed, Style.of("ttf", 7.5)) for seed in SEEDS]
    rows = [r for _, t in drawn for r in t.rows]
    assert {sum(r.row_kind == "group" for r in t.rows) for _, t in drawn} >= {0, 1, 2, 3, 4}
    assert any(len(r.project or "") > 20 for r in rows)  # (wrapped over several lines of its cell)
    assert any(r.unspent is None for r in rows) and any(r.unspent_reason for r in rows)
    assert any(r.budget_in_place < r.budget_full_year and r.row_kind == "item" for r in rows)
    # over a page break, with the header repeated (even seeds) and without it (odd seeds)
    split = [seed for seed, (_, t) in zip(SEEDS, drawn, strict=True) if len({r.page for r in t.rows}) > 1]
    assert {s % 2 for s in split} == {0, 1}
    # the 合计's 预算到位 printed as its 预算批复 where the rows below do not add up to it (P8 flags it)
    tops = [(t.rows[0], [r for r in t.rows[1:] if r.parent_project is None]) for _, t in drawn]
    assert any(total.budget_in_place != sum(r.budget_in_place for r in top) for total, top in tops)


def _golden_cases() -> list:
    return [pytest.param(p, id=p.stem) for p in sorted(GOLDEN_DIR.glob("*.yaml"))]


@pytest.mark.parametrize("golden", _golden_cases())
def test_real_project_lists_read_as_transcribed(golden: Path) -> None:
    data = yaml.safe_load(golden.read_text(encoding="utf-8"))
    pdf = CORPUS / data["file"]
    if not pdf.is_file():
        pytest.skip(f"corpus file {pdf} absent")
    with pdfplumber.open(pdf) as doc:
        read = {n: read_page(n, doc.pages[n - 1]) for n in data["pages"]}
        count = len(doc.pages)
    pages = [read[n][0] if n in read else [] for n in range(1, count + 1)]
    tables = read_performance(pages, {n: rules for n, (_, rules) in read.items()}, pdf)
    want = []
    for row in data["rows"]:
        budget, in_place, executed, rate, unspent = row["amounts"]
        want.append((FAMILY, "evaluation", "项目", "read", row["kind"], row["project"], row["parent"], "total",
                     row["page"], number(budget), number(in_place), number(executed), rate, percent(rate),
                     number(unspent), row.get("reason")))  # fmt: skip
    assert [_got(t) for t in tables] == want
    assert {t.printed_unit for t in tables} == {data["unit"]}
    # the publisher's slip, read as printed: the groups' 预算到位 sum to 13,027.00 under a 合计 of 13,237.00
    groups = sum((t.funds[0].budget_in_place for t in tables if t.row_kind == "group"), Decimal(0))
    assert (groups, tables[0].funds[0].budget_in_place) == (Decimal("13027.00"), Decimal("13237.00"))
    # ... and found again by the re-reader: P8's failure on it (and P4's on 三) is the publisher's
    assert performance_confirmed(pdf, _stored(tables))


def _stored(tables: list[PerformanceTable]) -> list[StoredRow]:
    """The list rows as the gate's re-reader gets them from raw.performance_funds (orchestration/confirm.py)."""
    fields = ("budget_full_year", "budget_in_place", "executed", "execution_rate", "unspent")
    return [
        StoredRow(t.family, t.first_page, f.page, "money", f.label, {k: f.texts.get(k) for k in fields},
                  f.top, f.bottom, t.title)
        for t in tables
        for f in t.funds
    ]


def test_the_rereader_finds_a_list_again_and_no_misread_value(tmp_path: Path) -> None:
    """A failed P4/P8 on a list is the publisher's only when pdfplumber's own table finder finds every
    row again, each value under its header (ingest/performance/reread.py): it does on a generated list
    over a page break; a value stored other than printed (a misreading) is not found again."""
    pdf = tmp_path / "list-2.pdf"
    truth = render_list(2, pdf)
    assert len({r.page for r in truth.rows}) > 1
    stored = _stored(parse_document(pdf).performance)
    assert performance_confirmed(pdf, stored)
    slip = stored[0]
    misread = replace(slip, values={**slip.values, "budget_in_place": "1.00"})
    assert not performance_confirmed(pdf, [misread, *stored[1:]])
