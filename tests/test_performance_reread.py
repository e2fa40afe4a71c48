"""The 绩效 re-reader (ingest/performance/reread.py) finds every value the 绩效 reader stored, in its
place, by pdfplumber's own table finder — and finds no misplaced one.

The stored rows are what the parser read from generated 绩效 files (their reading is exact:
tests/test_performance.py); each mutation is a misreading the re-reader must refuse: two values
swapped between columns (得分 read as 分值, 执行数 as 预算数), or a value dropped.
"""

from __future__ import annotations

import dataclasses
import itertools
from pathlib import Path

import pytest

from ingest import parse_document
from ingest.performance.records import PerformanceTable
from ingest.performance.reread import StoredRow, performance_confirmed
from samples.performance import render_performance
from samples.performance_hubei import render_hubei
from samples.scan import scan_pdf

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


def stored_rows(tables: list[PerformanceTable]) -> list[StoredRow]:
    """The rows as the warehouse keeps them (raw.performance_*, orchestration/confirm.py)."""
    rows = []
    for t in (t for t in tables if t.status == "read"):
        for i in t.indicators:
            values = {"weight": i.weight_text, "score": i.score_text}
            rows.append(StoredRow(t.family, t.first_page, i.page, "indicator", i.level3 or "", values, i.top,
                                  i.bottom, t.title))
        for f in t.funds:
            values = {k: f.texts.get(k) for k in ("budget_initial", "budget_full_year", "executed", "weight", "score")}
            values["execution_rate"] = f.execution_rate_text
            rows.append(StoredRow(t.family, t.first_page, f.page, "money", f.label, values, f.top, f.bottom, t.title))
        if t.total_page is not None and t.total_texts:
            values = {k: t.total_texts.get(k) for k in ("weight", "score")}
            rows.append(StoredRow(t.family, t.first_page, t.total_page, "total", "总分", values, t.total_top,
                                  t.total_bottom, t.title))
    return rows


def _misreadings(row: StoredRow) -> list[dict[str, str | None]]:
    values = row.values
    swapped = [
        {**values, a: values[b], b: values[a]}
        for a, b in itertools.combinations(values, 2)
        if values[a] != values[b]
    ]
    dropped = [{**values, k: None} for k, v in values.items() if v]
    return swapped + dropped


@pytest.mark.parametrize("seed", range(2))  # 0: 项目 tables (portrait); 1: 整体 (landscape, 宁德's money header)
def test_stored_values_are_found_in_place_and_misreadings_are_not(seed: int, tmp_path: Path) -> None:
    pdf = tmp_path / f"performance-{seed}.pdf"
    render_performance(seed, pdf, font="cid" if seed % 3 == 0 else "ttf")
    rows = stored_rows(parse_document(pdf).performance)
    assert rows and performance_confirmed(pdf, rows)
    # every misreading of a money line, of an indicator row and of the 总分 row: refused
    chosen = [next(r for r in rows if r.block == block) for block in ("money", "indicator", "total")]
    for row in chosen:
        at = rows.index(row)
        for values in _misreadings(row):
            misread = [*rows[:at], dataclasses.replace(row, values=values), *rows[at + 1 :]]
            assert not performance_confirmed(pdf, misread), (row.label, values)


def test_hubei_money_lines_are_found_under_the_title_years_column(tmp_path: Path) -> None:
    """湖北 整体支出绩效目标自评表 (its income 合计 printed 0.00: P6 fails and asks): the money lines
    are found under the title's year's column, not the year before, and its indicator rows under a
    header naming neither 分值 nor 得分."""
    pdf = tmp_path / "hubei-0.pdf"
    render_hubei(0, pdf)
    rows = stored_rows(parse_document(pdf).performance)
    assert any(r.block == "money" for r in rows) and performance_confirmed(pdf, [r for r in rows if r.page == 1])
    total = next(r for r in rows if r.block == "money" and r.label == "合计")
    at = rows.index(total)
    earlier = [*rows[:at], dataclasses.replace(total, title=total.title.replace("2021年", "2020年")), *rows[at + 1 :]]
    assert not performance_confirmed(pdf, earlier)  # (read under 2020年: 4,287.26 there, not 0.00)


def test_a_page_without_text_is_not_confirmed(tmp_path: Path) -> None:
    """A scan has nothing to re-read this way (and its 绩效 tables are never published)."""
    pdf, scan = tmp_path / "performance-1.pdf", tmp_path / "performance-1-scan.pdf"
    render_performance(1, pdf)
    rows = stored_rows(parse_document(pdf).performance)
    scan_pdf(pdf, scan, seed=1)
    assert performance_confirmed(pdf, rows) and not performance_confirmed(scan, rows)


def test_real_self_evaluation_rows_are_found_again() -> None:
    """宁德 部门整体绩效自评表: the 二级 label `一般性支出情况` wraps over the border into the 三级 cell
    beside it; pdfplumber gives its `况` to the 三级 cell, our grid to the 二级 one."""
    pdf = CORPUS / "ningde_city_zfb_2024_performance_selfeval.pdf"
    if not pdf.is_file():
        pytest.skip(f"corpus file {pdf} absent")
    rows = stored_rows(parse_document(pdf).performance)
    assert len(rows) == 20 and performance_confirmed(pdf, rows)
