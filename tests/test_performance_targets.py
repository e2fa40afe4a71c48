"""绩效目标表 (targets only) read exactly: the 广东 inline family, generated (samples/
performance_targets.py: wrapped project names and lists, glued operators, text targets, `；`/`，`,
实施周期 printed or not) and the real 广州 files against hand-transcribed rows (tests/golden/
performance/, skipped without the corpus)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
import yaml
from test_performance import _mismatches

from ingest import parse_document
from ingest.parser import read_page
from ingest.performance import read_performance
from ingest.performance.families import families
from ingest.performance.inline import parse_items
from samples.pages import Style
from samples.performance_targets import (
    draw_targets,
    random_column_targets,
    random_targets,
    render_column_targets,
    render_targets,
)

SEEDS = range(2)  # (both draw three pages: the title repeated atop each)
GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "performance"
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real"


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_inline_targets_read_exactly(seed: int, tmp_path: Path) -> None:
    pdf = tmp_path / f"targets-{seed}.pdf"
    truth = render_targets(seed, pdf, font="cid" if seed % 2 else "ttf")
    doc = parse_document(pdf)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert all(t.doc_kind == "targets" for t in doc.performance)
    assert _mismatches(truth, doc.performance) == []


def test_an_inline_table_runs_on_onto_a_page_without_its_title_or_header(tmp_path: Path) -> None:
    """Seed 35: a 资金使用单位's subtotal row did not fit, so page 3 starts with it and its projects
    follow, no title or header repeated. The page was read as no table's and its six projects lost
    without a record (the file parsed with the others); its rules carry on the inline columns of
    page 2, so it is read under them."""
    pdf = tmp_path / "targets-35.pdf"
    truth = render_targets(35, pdf)
    with pdfplumber.open(pdf) as opened:
        assert not opened.pages[2].extract_text().startswith("项目支出绩效目标表")
    assert sum(t.first_page == 3 for t in truth) == 6
    doc = parse_document(pdf)
    assert doc.status == "parsed", doc.reason
    assert _mismatches(truth, doc.performance) == []


def test_a_continued_page_s_first_row_no_project_of_its_own_holds_back_the_row_before_it() -> None:
    from ingest.performance.inline import continued_rows_apart
    from ingest.performance.records import PerformanceTable

    def table(page: int, project: str | None, items: int) -> PerformanceTable:
        row = PerformanceTable("project_targets_inline", "targets", "项目", "目标表", page, page, project)
        row.indicators = [object()] * items  # type: ignore[list-item]
        return row

    before, after = [table(2, "甲", 2), table(2, "乙", 3)], [table(3, "丙", 1)]
    continued_rows_apart(before, after)
    assert [t.status for t in [*before, *after]] == ["read"] * 3
    for rest in (table(3, None, 1), table(3, "丙", 0)):  # (no 项目名称; a list not read from item 1)
        before = [table(2, "甲", 2), table(2, "乙", 3)]
        continued_rows_apart(before, [rest])
        assert [t.status for t in [*before, rest]] == ["read", "quarantined", "quarantined"]
        assert rest.reason == "page 3: its first row may continue the last row of page 2"


@pytest.mark.parametrize("seed", range(2))
def test_generated_column_targets_read_exactly(seed: int, tmp_path: Path) -> None:
    """重庆-style tables (operator, value and unit in columns of their own), followed by a page of
    another table with the same columns, which no family reads, and a 表十二 grid of several
    projects (one table each)."""
    pdf = tmp_path / f"column-targets-{seed}.pdf"
    truth = render_column_targets(seed, pdf, font="cid" if seed else "ttf")
    doc = parse_document(pdf)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert _mismatches(truth, doc.performance) == []


def test_the_generated_targets_carry_the_traps() -> None:
    rows = [row for seed in SEEDS for _, rows in random_targets(seed)[1] for row in rows]
    lists = "".join(items for _, items, _ in rows)
    targets = {i.target for t, _, _ in rows for i in t.indicators}
    assert {"≥99.5%", "100%", "≤1", "完成"} <= targets and any(t and t.startswith("＝") for t in targets)
    assert "；" in lists and "，" in lists and "实施周期指标值" in lists
    assert any(len(t.project or "") > 20 for t, _, _ in rows)  # wraps in its cell
    # a title repeated atop three pages or more, which a running header would be
    assert max(len(draw_targets(seed, Style.of("ttf", 7.5))[0]) for seed in SEEDS) >= 3
    columns = [i for seed in SEEDS for t in random_column_targets(seed) for i in t.indicators]
    assert {"＝", "定性"} <= {i.printed_target for i in columns} and any(i.target_unit is None for i in columns)
    others = [t.funds[2].budget_full_year for t, _, _ in rows]
    assert any(others) and not all(others)  # 其他资金 printed or blank


def _inline_item():
    return next(f for f in families() if f.inline is not None).inline.item_re  # type: ignore[union-attr]


def test_an_inline_list_that_breaks_the_grammar_is_not_half_read() -> None:
    good = "1、1-产出指标；11-数量指标；汇聚数据量；实施周期指标值:≥10亿条；年度指标值:≥10亿条。"
    items, stop = parse_items(good + good.replace("1、", "2、", 1), _inline_item())
    assert stop is None and [i["target"] for i in items] == ["≥10亿条", "≥10亿条"]
    _, stop = parse_items(good + good.replace("1、", "3、", 1), _inline_item())  # a number skipped
    assert stop is not None
    _, stop = parse_items(good.replace("年度指标值", "年度值"), _inline_item())  # a part missing
    assert stop is not None


def _golden_cases() -> list:
    return [pytest.param(p, id=p.stem) for p in sorted(GOLDEN_DIR.glob("*.yaml"))]


def _read_pages(pdf: Path, numbers: list[int]) -> list:
    """The 绩效 tables of some pages of a PDF, read as the parser reads a 绩效 file's pages (the
    other pages left empty: the whole file takes seconds)."""
    with pdfplumber.open(pdf) as doc:
        read = {n: read_page(n, doc.pages[n - 1]) for n in numbers}
        count = len(doc.pages)
    pages = [read[n][0] if n in read else [] for n in range(1, count + 1)]
    return read_performance(pages, {n: rules for n, (_, rules) in read.items()}, pdf)


@pytest.mark.parametrize("golden", _golden_cases())
def test_real_targets_read_as_transcribed(golden: Path) -> None:
    data = yaml.safe_load(golden.read_text(encoding="utf-8"))
    pdf = CORPUS / data["file"]
    if not pdf.is_file():
        pytest.skip(f"corpus file {pdf} absent")
    tables = _read_pages(pdf, data["pages"])
    assert len(tables) == data["tables"] and [t.reason for t in tables if t.status != "read"] == []
    for want in data["rows"]:
        [table] = [t for t in tables if t.project == want["project"]]
        if "total" in want:
            assert {f.line: f.budget_full_year for f in table.funds}["total"] == Decimal(want["total"])
        for row in want["indicators"]:
            got = table.indicators[row["row_no"] - 1]
            expected = {k: Decimal(v) if k == "target_value" and v is not None else v for k, v in row.items()}
            assert {k: getattr(got, k) for k in row} == expected, f"{data['file']} {want['project']}"
