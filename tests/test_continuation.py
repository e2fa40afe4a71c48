"""Tables continued on a page without a header of their own: read with the columns of the pages
before only where the page's amounts line up with them (ingest/tables.py), never guessed."""

from __future__ import annotations

import pytest

from ingest.base import ParseIssue
from ingest.layout import Line, Word
from ingest.profile import load_profile
from ingest.segments import find_segments
from ingest.tables import read_tables


def _line(page: int, top: float, *cells: tuple[str, float]) -> Line:
    """A line of words, each (text, x0); a word is 5pt wide per character."""
    return Line(page, [Word(t, x0, x0 + 5 * len(t), top, top + 8) for t, x0 in cells])


def _pages(shift: float) -> list[list[Line]]:
    """05 over two pages, the second without title or header, its amounts shifted by `shift`."""
    first = [
        _line(1, 40, ("2024年度一般公共预算财政拨款支出决算表", 200)),
        _line(1, 50, ("单位：万元", 460)),
        _line(1, 60, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460)),
        _line(1, 80, ("208", 40), ("社会保障和就业支出", 100), ("12.00", 305), ("12.00", 390)),
        _line(1, 100, ("20805", 40), ("行政事业单位养老支出", 100), ("12.00", 305), ("12.00", 390)),
    ]
    second = [
        _line(2, 40, ("2080501", 40), ("行政单位离退休", 100), ("12.00", 305 + shift), ("12.00", 390 + shift)),
        _line(2, 60, ("合计", 100), ("12.00", 305 + shift), ("12.00", 390 + shift)),
    ]
    return [first, second]


def _read(pages: list[list[Line]]) -> list:
    profile = load_profile("final_accounts")
    tables = read_tables(find_segments(pages, profile), profile)
    return next(t for t in tables if t.table_code == "05").amounts


def test_a_page_without_header_continues_with_the_columns_of_the_page_before() -> None:
    amounts = _read(_pages(shift=0))
    got = {(a.page, a.subject_code or a.row_key, a.column_key) for a in amounts}
    assert (2, "2080501", "total") in got and (2, "2080501", "basic") in got
    assert (2, "total", "total") in got and (2, "total", "basic") in got


def test_a_page_whose_amounts_do_not_line_up_is_quarantined_not_guessed() -> None:
    # 25pt to the right, 基本支出's amounts would still be nearest to 基本支出 and 合计's to 合计:
    # read silently, though nothing says the page prints those columns there.
    with pytest.raises(ParseIssue, match="does not lie under"):
        _read(_pages(shift=25))


def _zero_pages(shifts: tuple[float, float]) -> list[list[Line]]:
    """05 of zeros printed as a bare `0` (5pt wide), the continuation page's two columns moved by
    `shifts` points: a `0` moved 4pt right neither shares an edge with the 0s above it nor
    overlaps them by half."""
    first, _ = _pages(shift=0)
    first[3:] = [
        _line(1, 80, ("208", 40), ("社会保障和就业支出", 100), ("0", 330), ("0", 410)),
        _line(1, 100, ("20805", 40), ("行政事业单位养老支出", 100), ("0", 330), ("0", 410)),
    ]
    a, b = shifts
    second = [
        _line(2, 40, ("2080501", 40 + a), ("行政单位离退休", 100 + a), ("0", 330 + a), ("0", 410 + b)),
        _line(2, 60, ("合计", 100 + a), ("0", 330 + a), ("0", 410 + b)),
    ]
    return [first, second]


def test_a_page_printed_a_few_points_aside_as_a_whole_continues() -> None:
    """西安 2020 表5 p34: the continuation page's text 3.5pt right of the page before's."""
    for shift in (4.0, -4.0):
        got = {(a.page, a.subject_code or a.row_key, a.column_key) for a in _read(_zero_pages((shift, shift)))}
        assert {(2, "2080501", "total"), (2, "2080501", "basic"), (2, "total", "basic")} <= got


def test_a_page_whose_columns_move_apart_or_too_far_is_quarantined() -> None:
    # One shift for the whole page, small against a column: two columns moving apart, or a page
    # moved further than MAX_PAGE_SHIFT, are not known to continue those columns.
    for shifts in ((4.0, -4.0), (7.0, 7.0)):
        with pytest.raises(ParseIssue, match="does not lie under"):
            _read(_zero_pages(shifts))


def test_a_page_starting_with_a_whole_yuan_row_whose_code_is_glued_to_its_name_continues() -> None:
    """上海's last rows alone on a page, in whole 元, the code clipped into its name
    (`2080501行政单位离退休 | 1200 | 1200`): the page continues the table, it is not prose whose
    amounts would be dropped."""
    first, _ = _pages(shift=0)
    second = [
        _line(2, 40, ("2080501行政单位离退休", 40), ("1200", 310), ("1200", 395)),
        _line(2, 60, ("合计", 100), ("1200", 310), ("1200", 395)),
    ]
    segments = find_segments([first, second], load_profile("final_accounts"))
    assert [(s.code, s.page, len(s.lines)) for s in segments][-1] == ("05", 2, 2)
