"""Rows assembled from printed lines across a page break (ingest/rows.py assemble_rows): label
lines atop a page that end the last row of the page before, and where the page does not say."""

from __future__ import annotations

import pytest

from ingest.base import ParseIssue
from ingest.layout import Word
from ingest.profile import load_profile
from ingest.rows import Fragment, assemble_rows

# 陕西 部门综合预算 表1, four panels: income | 功能 | 部门经济 | 政府经济 (西安 2022 工业和信息化局)
TABLE = load_profile("budget_xian").tables["B01"]
INCOME, DEPT, GOV = 0, 2, 3
COLUMN = {INCOME: "amount", DEPT: "dept_economic", GOV: "gov_economic"}


def _line(panel: int, page: int, top: float, label: str = "", amount: str | None = None) -> tuple[int, Fragment]:
    frag = Fragment(page, top, top + 6)
    if label:
        frag.label = [Word(label, 100.0 + 200 * panel, 180.0 + 200 * panel, top, top + 6)]
    if amount is not None:
        frag.amounts = {COLUMN[panel]: Word(amount, 190.0 + 200 * panel, 230.0 + 200 * panel, top, top + 6)}
    return panel, frag


def _labels(rows: list[tuple[int, Fragment]]) -> list[str]:
    return [f.label_text for _, f in rows]


def test_a_label_cut_by_the_page_break_ends_the_row_before() -> None:
    # `11、债务利息及费用支` ends page 20, its `出` tops page 21 above the next row
    rows = assemble_rows(
        [_line(GOV, 20, 533.6, "11、债务利息及费用支", "0.00"), _line(GOV, 21, 39.2, "出"),
         _line(GOV, 21, 55.3, "12、债务还本支出", "0.00")],
        TABLE,
    )
    assert _labels(rows) == ["11、债务利息及费用支出", "12、债务还本支出"]


def test_a_label_line_atop_a_page_that_could_end_either_row_is_never_guessed() -> None:
    # `(基本建设)` ends `(5)资本性支出` (资本性支出（基本建设）) or begins the row below, both rows known
    # either way: which one the page does not say
    lines = [_line(DEPT, 20, 382.8, "2、专项业务经费支出", "1009299897.92"),
             _line(DEPT, 20, 533.6, "(5)资本性支出", "0.00"), _line(DEPT, 21, 39.2, "(基本建设)"),
             _line(DEPT, 21, 55.3, "(6)资本性支出", "732067.92")]
    with pytest.raises(ParseIssue, match="may end the row"):
        assemble_rows(lines, TABLE)


def test_a_label_line_that_could_end_either_row_ends_the_row_before_where_its_printed_line_does() -> None:
    # The same `(基本建设)` printed on one line with the `出` that ends 政府经济's row of the page
    # before: the page break cut one printed row across the panels, so it ends `(5)资本性支出`
    rows = assemble_rows(
        [_line(DEPT, 20, 382.8, "2、专项业务经费支出", "1009299897.92"),
         _line(DEPT, 20, 533.6, "(5)资本性支出", "0.00"), _line(GOV, 20, 533.6, "11、债务利息及费用支", "0.00"),
         _line(DEPT, 21, 39.2, "(基本建设)"), _line(GOV, 21, 39.2, "出"),
         _line(DEPT, 21, 55.3, "(6)资本性支出", "732067.92"), _line(GOV, 21, 55.3, "12、债务还本支出", "0.00")],
        TABLE,
    )
    assert _labels(rows) == [
        "2、专项业务经费支出", "(5)资本性支出(基本建设)", "11、债务利息及费用支出", "(6)资本性支出", "12、债务还本支出"
    ]
    # on a line of its own, or beside lines that begin the rows below, it stays unsaid
    with pytest.raises(ParseIssue, match="may end the row"):
        assemble_rows(
            [_line(DEPT, 20, 382.8, "2、专项业务经费支出", "1009299897.92"),
             _line(DEPT, 20, 533.6, "(5)资本性支出", "0.00"), _line(GOV, 20, 533.6, "11、债务利息及费用支出", "0.00"),
             _line(DEPT, 21, 39.2, "(基本建设)"), _line(GOV, 21, 39.2, "12、债务还本"),
             _line(DEPT, 21, 55.3, "(6)资本性支出", "732067.92"), _line(GOV, 21, 55.3, amount="0.00"),
             _line(GOV, 21, 61.0, "支出")],
            TABLE,
        )


def test_a_wrapped_name_atop_a_page_still_joins_the_row_below() -> None:
    # `其中：纳入财` | `政专户管理的收费` printed above and below the amount of its row, the first
    # row of the page: the row before (`3、事业收入`) names no row with it
    rows = assemble_rows(
        [_line(INCOME, 20, 414.5, "3、事业收入", "2430000.00"), _line(INCOME, 21, 38.4, "其中：纳入财"),
         _line(INCOME, 21, 46.2, amount="2265000.00"), _line(INCOME, 21, 54.0, "政专户管理的收费")],
        TABLE,
    )
    assert _labels(rows) == ["3、事业收入", "其中：纳入财政专户管理的收费"]


def test_a_label_line_far_below_the_table_is_page_furniture_not_the_last_rows_name() -> None:
    # 预算 seed 2489 (scanned): the page number `- 15 -` read `厂`, 380 points under `合计`
    rows = assemble_rows(
        [_line(INCOME, 15, 159.4, "1、一般公共预算拨款", "210000"), _line(INCOME, 15, 186.7, "合计", "210000"),
         _line(INCOME, 15, 566.4, "厂")],
        TABLE,
    )
    assert _labels(rows) == ["1、一般公共预算拨款", "合计"]
    # a name wrapped two lines under its row still joins it
    rows = assemble_rows(
        [_line(INCOME, 15, 159.4, "其中：纳入财", "210000"), _line(INCOME, 15, 166.0, "政专户管理的"),
         _line(INCOME, 15, 172.6, "收费")],
        TABLE,
    )
    assert _labels(rows) == ["其中：纳入财政专户管理的收费"]
