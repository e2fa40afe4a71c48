"""The 绩效 reader (ingest/performance) reads generated 绩效 tables exactly, on every field.

The tables are rendered by samples/performance.py (项目支出绩效自评表 of the central / 西安 family,
部门整体绩效自评表 of the 宁德 family) with their traps: merged 一级/二级 labels printed on a middle
row and cut by page breaks, wrapped names, glued and spaced operators, ＝ ≧ ≦, 定性 targets,
6-decimal amounts, `--`, `1000%`. Both fonts (the embedded TrueType and the CID one) are drawn.
"""

from __future__ import annotations

import dataclasses
import itertools
from decimal import Decimal
from pathlib import Path

import pytest

from ingest import parse_document
from ingest.performance.values import percent, split_target
from samples.document import DocumentBuilder
from samples.model import load_report
from samples.pages import Style, emit
from samples.performance import (
    draw_performance,
    random_performance,
    render_performance,
)
from samples.performance_fidelity import mismatches as _mismatches
from samples.render import sample_paths

SEEDS = range(16)  # even: 1-3 项目 tables (portrait); odd: one 整体 table (landscape)


@pytest.mark.parametrize("seed", SEEDS)
def test_generated_performance_tables_read_exactly(seed: int, tmp_path: Path) -> None:
    pdf = tmp_path / f"performance-{seed}.pdf"
    truth = render_performance(seed, pdf, font="cid" if seed % 3 == 0 else "ttf")
    doc = parse_document(pdf)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert doc.unit_name == truth[0].unit_name and doc.fiscal_year is not None
    assert not doc.tables  # a 绩效 file has none of the nine standard tables
    assert _mismatches(truth, doc.performance) == []


def test_a_total_row_alone_on_the_next_page_ends_the_table_before(tmp_path: Path) -> None:
    """自评表 seed 63: 宁德's 整体 table's `总分值、评价总分(S) | | 60.47` fell alone on page 2, its
    label merged across the indicator columns: the page was taken for no part of the table (too
    few column rules carry on), its 总分 and its last page lost."""
    pdf = tmp_path / "performance-63.pdf"
    truth = render_performance(63, pdf)
    assert truth[0].last_page == 2 and truth[0].total_score is not None  # (the trap is drawn)
    doc = parse_document(pdf)
    assert _mismatches(truth, doc.performance) == []


def test_the_generated_tables_carry_the_traps() -> None:
    """The seeds above do draw what they claim to (else the exactness proves little)."""
    tables = [t for seed in SEEDS for t in random_performance(seed)]
    indicators = [i for t in tables for i in t.indicators]
    targets = {i.printed_target or "" for i in indicators}
    assert any(" " in t for t in targets) and any("＝" in t for t in targets)
    assert any(i.target_operator is None and i.target_value is None for i in indicators)  # 定性 / ranges
    printed = {p for t in tables for f in t.funds for p in f.printed}
    assert any(len(p.rpartition(".")[2]) == 6 for p in printed) and "--" in printed
    _, drawn = draw_performance(
        [t for seed in SEEDS for t in random_performance(seed) if seed % 2 == 0][:6], Style.of("ttf", 7.5)
    )
    assert any(t.last_page > t.first_page for t in drawn)  # a table continued without its header


# Tables flowing one after the other (Word exports: 湖南, 湖北, 西安 collections): each seed's tables
# as its own, then after a 整体 table (landscape); a table starting below the one before, ending
# below it, or both on one page.
FLOW_DOCUMENTS = [(6,), (12,), (18,), (34,), (1, 12)]


@pytest.mark.parametrize("seeds", FLOW_DOCUMENTS)
def test_tables_flowing_on_a_page_read_exactly(seeds: tuple[int, ...], tmp_path: Path) -> None:
    style = Style.of("cid" if len(seeds) > 1 else "ttf", 7.5)
    pages, truth = draw_performance([t for seed in seeds for t in random_performance(seed)], style, flow=True)
    assert any(a.last_page == b.first_page for a, b in itertools.pairwise(truth))  # (the layout drawn)
    pdf = tmp_path / "flowing.pdf"
    emit(pages, pdf, "绩效自评表", style.font)
    doc = parse_document(pdf)
    assert (doc.kind, doc.status) == ("performance", "parsed"), doc.reason
    assert _mismatches(truth, doc.performance) == []


def test_final_accounts_keep_their_tables_and_add_their_self_evaluations(tmp_path: Path) -> None:
    """A 部门决算 followed by 自评 attachments: its nine tables read as without them, its 绩效 facts
    besides."""
    report = load_report(next(p for p in sample_paths() if p.stem == "qingshan-healthcare-office-2024"))
    builder = DocumentBuilder(report)
    pages = builder.build()
    alone = tmp_path / "final.pdf"
    emit(pages, alone, "决算", builder.style.font)
    attachments, truth = draw_performance(random_performance(4), builder.style)
    both = tmp_path / "final-with-self-evaluations.pdf"
    emit([*pages, *attachments], both, "决算", builder.style.font)
    plain, doc = parse_document(alone), parse_document(both)
    assert doc.status == plain.status == "parsed" and doc.kind == "final_accounts"
    assert [dataclasses.astuple(a) for a in doc.amounts] == [dataclasses.astuple(a) for a in plain.amounts]
    assert plain.performance == []
    assert _mismatches(truth, doc.performance, page_offset=len(pages)) == []


@pytest.mark.parametrize(
    ("printed", "expected"),
    [
        ("≥95%", ("≥", Decimal(95), "%")),
        ("＝100", ("=", Decimal(100), None)),
        ("≦3天", ("≤", Decimal(3), "天")),
        ("≧1,200个", ("≥", Decimal(1200), "个")),
        (">3万条/年", (">", Decimal(3), "万条/年")),
        ("16个", (None, Decimal(16), "个")),
        ("完成", (None, None, None)),
        ("30-60平方米", (None, None, None)),
        ("每年≥20场", (None, None, None)),
        ("2022010100001234567890", (None, None, None)),  # a code, not a value the warehouse can hold
    ],
)
def test_targets_split_into_operator_value_and_unit(printed: str, expected: tuple) -> None:
    assert split_target(printed) == expected


def test_execution_rates_are_read_in_percent() -> None:
    assert percent("100.00%") == Decimal("100.00") and percent("88.75") == Decimal("88.75")
    assert percent("1000%") == Decimal(1000) and percent("--") is None


def _ruled_page(rows: list[list[str]], widths: list[float]) -> tuple[list, list]:
    """A titled page whose table is `rows` of cells, every cell ruled (words and rules only)."""
    from ingest.layout import Line, Rule, VRule, Word

    xs = [40.0]
    for w in widths:
        xs.append(xs[-1] + w)
    top, h = 100.0, 20.0
    lines = [Line(1, [Word("某某项目绩效自评表", 200, 300, 60, 70)])]
    rules: list = [Rule(top + i * h, xs[0], xs[-1]) for i in range(len(rows) + 1)]
    rules += [VRule(x, top, top + len(rows) * h) for x in xs]
    for i, row in enumerate(rows):
        y = top + i * h + 6
        words = [Word(t, xs[j] + 2, xs[j] + 2 + 7 * len(t), y, y + 8) for j, t in enumerate(row) if t]
        lines.append(Line(1, words))
    return lines, rules


def test_a_weight_that_is_no_number_quarantines_its_table() -> None:
    from ingest.performance import read_performance

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    good = ["产出指标", "数量指标", "培训人次", "≥100人", "120人", "10", "10"]
    bad = ["产出指标", "质量指标", "合格率", "≥95%", "96%", "十分", "10"]
    widths = [60, 60, 110, 60, 60, 40, 40]
    lines, rules = _ruled_page([header, good], widths)
    [table] = read_performance([lines], {1: rules})
    assert table.status == "read" and [(i.level3, i.weight) for i in table.indicators] == [("培训人次", Decimal(10))]
    lines, rules = _ruled_page([header, good, bad], widths)
    [table] = read_performance([lines], {1: rules})
    assert table.status == "quarantined" and "十分" in (table.reason or "")


def test_a_money_line_read_twice_quarantines_its_table() -> None:
    """(the raw table's grain is one row per line of a table's money block)"""
    from ingest.performance import read_performance

    header = ["", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"]
    total = ["年度资金总额", "100", "100", "90", "10", "90.00%", "9"]
    lines, rules = _ruled_page([header, total], [80, 60, 60, 60, 30, 40, 30])
    [table] = read_performance([lines], {1: rules})
    assert table.status == "read" and [(f.line, f.executed, f.execution_rate) for f in table.funds] == [
        ("total", Decimal(90), Decimal("90.00"))
    ]
    lines, rules = _ruled_page([header, total, ["合计", "100", "100", "90", "", "", ""]], [80, 60, 60, 60, 30, 40, 30])
    [table] = read_performance([lines], {1: rules})
    assert table.status == "quarantined" and "total" in (table.reason or "")


def _two_grids(second_title: str) -> tuple[list, list]:
    """A titled page: one table's grid (100 to 140), `second_title` at 180, another grid from 220."""
    from ingest.layout import Line, Rule, Word

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    first = ["产出指标", "数量指标", "培训人次", "≥100人", "120人", "10", "10"]
    second = ["效益指标", "社会效益指标", "群众满意率", "≥95%", "96%", "5", "5"]
    widths = [60, 60, 110, 60, 60, 40, 40]
    lines, rules = _ruled_page([header, first], widths)
    below, below_rules = _ruled_page([header, second], widths)
    shift = 120.0
    lines += [Line(1, [Word(second_title, 200, 300, 180, 190)])]
    lines += [Line(1, [dataclasses.replace(w, top=w.top + shift, bottom=w.bottom + shift) for w in line.words])
              for line in below[1:]]  # fmt: skip
    rules += [dataclasses.replace(r, y=r.y + shift) if isinstance(r, Rule) else
              dataclasses.replace(r, top=r.top + shift, bottom=r.bottom + shift) for r in below_rules]  # fmt: skip
    return lines, rules


def test_a_title_between_two_grids_parts_the_page_and_one_beside_a_grid_quarantines() -> None:
    """A title printed below one table's grid starts a table of its own there, the rows above it
    the table before's (another table's title ends the one before: its rows are not read into
    it); a title a vertical rule runs past (beside a grid) does not say whose rows are whose: both
    tables are quarantined, no row published in the wrong one."""
    from ingest.layout import Rule, VRule
    from ingest.performance import read_performance

    lines, rules = _two_grids("另一项目绩效自评表")
    tables = read_performance([lines], {1: rules})
    assert [(t.status, [i.level3 for i in t.indicators]) for t in tables] == [
        ("read", ["培训人次"]),
        ("read", ["群众满意率"]),
    ]
    other, other_rules = _two_grids("人员情况表")
    tables = read_performance([other], {1: other_rules})
    assert [(t.status, [i.level3 for i in t.indicators]) for t in tables] == [("read", ["培训人次"])]
    aside = [*rules, VRule(10.0, 100.0, 260.0), VRule(30.0, 100.0, 260.0), Rule(100.0, 10, 30), Rule(260.0, 10, 30)]
    tables = read_performance([lines], {1: aside})
    assert tables and all(t.status == "quarantined" and "beside" in (t.reason or "") for t in tables)


def test_the_fidelity_count_calls_a_drawn_table_no_table_read_or_held_covers_lost_not_held() -> None:
    # (目标表 seed 72 scanned: a misread title left a page of three tables unread, the file parsed
    # with its other tables; the count called the file held, hiding tables lost without a record)
    from types import SimpleNamespace

    from ingest.performance.records import PerformanceTable
    from samples.performance import TruthTable
    from samples.performance_fidelity import Result, _paired

    def drawn(page: int, project: str) -> TruthTable:
        return TruthTable("targets_columns", "项目", "目标表", project, "某局", "万元", [], [], page, page)

    def read(first: int, last: int, project: str, reason: str | None = None) -> PerformanceTable:
        status = "read" if reason is None else "quarantined"
        return PerformanceTable("targets_columns", "targets", "项目", "目标表", first, last, project, status=status,
                                reason=reason)  # fmt: skip

    truth = [drawn(1, "甲"), drawn(2, "乙"), drawn(3, "丙"), drawn(5, "丁")]
    got = [read(1, 1, "甲"), read(2, 3, "乙", "last_page: 3 / 2"), read(4, 4, "戊")]
    result = Result("targets_columns", 0)
    pairs = _paired(truth, SimpleNamespace(performance=got), result)
    assert [g for _, g in pairs] == [got[0], got[1], None, None]
    assert [h.split(": ")[1] for h in result.held] == ["page 3's read within the table of pages 2–3 (乙)"]
    assert [w.split(": ", 1)[1] for w in result.wrong] == [
        "the table drawn on page 5 (丁) lost unrecorded",
        "a table published on page 4 (戊) never drawn",
    ]


def test_a_ruled_table_no_table_read_claims_is_told() -> None:
    """A page holding a ruled table that no title names and that continues no table read (its
    columns are not the open table's) is no table's: its rows would be lost without a word. Its
    number is told (`unclaimed`: the parser quarantines such a 绩效 file); a page titled as a
    table no family reads is not (it is known for another table), nor a frame round a text."""
    from ingest.layout import Line, Word
    from ingest.performance import read_performance

    header = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分"]
    first, first_rules = _ruled_page([header, ["产出指标", "数量指标", "培训人次", "≥100人", "120人", "10", "10"]],
                                     [60, 60, 110, 60, 60, 40, 40])  # fmt: skip
    other, other_rules = _ruled_page([["名称", "数量"], ["甲", "1"], ["乙", "2"]], [200, 200])

    def second_page(title: str | None) -> list[Line]:
        lines = [Line(2, line.words) for line in other[1:]]
        return [Line(2, [Word(title, 200, 300, 60, 70)]), *lines] if title else lines

    for title, told in ((None, [2]), ("人员情况表", [])):
        unclaimed: list[int] = []
        tables = read_performance([first, second_page(title)], {1: first_rules, 2: other_rules}, None, unclaimed)
        assert [(t.status, t.first_page, t.last_page) for t in tables] == [("read", 1, 1)]
        assert unclaimed == told
    frame, frame_rules = _ruled_page([["本报告由某某单位编制"]], [400])
    unclaimed = []
    read_performance([first, [Line(2, line.words) for line in frame[1:]]], {1: first_rules, 2: frame_rules}, None,
                     unclaimed)  # fmt: skip
    assert unclaimed == []
