"""Tables continued on a page without a header of their own: read with the columns of the pages
before only where the page's amounts line up with them (ingest/tables.py), never guessed."""

from __future__ import annotations

import pytest

from ingest.base import ParseIssue
from ingest.columns import _as_printed, column_extent, column_layout, split_header
from ingest.furniture import drop_page_numbers, drop_running_headers
from ingest.header_cells import HeaderCell
from ingest.layout import Line, Rule, VRule, Word, join_ruled_rows
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


def test_a_repeated_header_s_column_numbers_line_read_otherwise_closes_it() -> None:
    # 预算 seed 2086: the 栏次 line read `栏次 1 2 3` on the first page, `栏次` alone under the
    # repeated header: it closes the header, never a row's first line (`栏次行政单位离退休`)
    first, second = _pages(shift=0)
    first.insert(3, _line(1, 70, ("栏次", 150), ("1", 305), ("2", 390), ("3", 460)))
    header = _line(2, 20, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460))
    second = [header, _line(2, 30, ("栏次", 150)), *second]
    amounts = _read([first, second])
    assert {a.row_label for a in amounts if a.page == 2} == {"行政单位离退休", "合计"}


def test_a_repeated_header_s_code_cells_read_otherwise_end_it() -> None:
    # 决算 seed 2435's 05: `类 | 款` under 科目编码 on the first page (its `项` lost), `类 | 款 | 项`
    # under the repeated header; no line of the first header, it was read into the first row's
    # name (`类款项行政单位离退休`) and the report quarantined
    first, second = _pages(shift=0)
    first.insert(3, _line(1, 70, ("类", 40), ("款", 55)))
    header = _line(2, 20, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460))
    for cells in (_line(2, 30, ("类", 40), ("款", 55), ("项", 70)), _line(2, 30, ("类款项", 40))):
        amounts = _read([first, [header, cells, *second]])
        assert {a.row_label for a in amounts if a.page == 2} == {"行政单位离退休", "合计"}


def test_small_whole_numbers_above_the_header_are_no_row() -> None:
    # 预算 seed 2083: the table code 预算06表 read `裁 | 6` above the unit line: taken for a row of
    # small whole amounts it began the data, the header was empty ("header columns not recognised")
    code = _line(1, 30, ("裁", 549), ("6", 555))
    unit = _line(1, 40, ("单位：元", 523))
    head = _line(1, 50, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("人员经费", 380), ("公用经费", 460))
    row = _line(1, 70, ("301", 40), ("工资福利支出", 100), ("12,799,876", 305), ("12,799,876", 390))
    header, data, _ = split_header([code, unit, head, row])
    assert head in header and data == [row]
    # under a header, a label with small whole numbers is a row (a 万元 table's `合计 | 3 | 3`)
    total = _line(1, 70, ("合计", 100), ("3", 305), ("3", 390))
    assert split_header([head, total])[1] == [total]


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


def _ruled(pages: list[list[Line]], rows: dict[int, list[float]]) -> dict[int, list]:
    """Horizontal rules across the table (x 30–560) at the given heights, per page."""
    return {page: [Rule(y, 30, 560) for y in ys] for page, ys in rows.items()}


def test_a_last_row_alone_in_a_tall_ruled_row_keeps_its_amounts() -> None:
    """A table's last row alone on a page, its code and name at the top of a tall ruled row and
    its amounts centred lower (lines 8pt apart, two rules around them): one row, not a header
    line and an unlabelled row, and not prose ending the table."""
    first, _ = _pages(shift=0)
    second = [
        _line(2, 40, ("2080501行政单位离退休", 40)),
        _line(2, 48, ("12.00", 305), ("12.00", 390)),
    ]
    profile = load_profile("final_accounts")
    tables = read_tables(find_segments([first, second], profile), profile, _ruled([first, second], {2: [36, 62]}))
    t05 = next(t for t in tables if t.table_code == "05")
    got = {(a.page, a.subject_code, a.column_key, str(a.amount)) for a in t05.amounts}
    assert {(2, "2080501", "total", "12.00"), (2, "2080501", "basic", "12.00")} <= got


def test_two_rules_framing_more_than_a_row_join_nothing() -> None:
    lines = [
        _line(1, 40, ("208", 40), ("12.00", 305)),
        _line(1, 52, ("20805", 40), ("12.00", 305)),
        _line(1, 64, ("2080501", 40), ("12.00", 305)),
    ]
    joined = join_ruled_rows(lines, [Rule(36, 30, 560), Rule(80, 30, 560)])
    assert [line.text for line in joined] == ["208 12.00", "20805 12.00", "2080501 12.00"]


def test_two_lines_each_with_a_code_and_its_name_are_two_rows_whatever_the_rules() -> None:
    # 预算 seed 2050: the scan's rule between `302 | 39 | 其他交通费用` (blank) and the row below came
    # out in two pieces, neither spanning the rows: still two rows, a row printing one subject
    rules = [Rule(36, 30, 560), Rule(50, 30, 290), Rule(50, 350, 560), Rule(64, 30, 560)]
    lines = [
        _line(1, 40, ("302", 40), ("39", 70), ("其他交通费用", 100)),
        _line(1, 54, ("302", 40), ("40", 70), ("税金及附加费用", 100), ("14.62", 305)),
    ]
    joined = join_ruled_rows(lines, rules)
    assert [line.text for line in joined] == ["302 39 其他交通费用", "302 40 税金及附加费用 14.62"]
    # a name wrapped in a tall row (its second line no code of its own) is still one row with it
    wrapped = [
        _line(1, 40, ("2080505", 40), ("机关事业单位基本养老保险", 100), ("12.00", 305)),
        _line(1, 54, ("缴费支出", 100)),
    ]
    assert len(join_ruled_rows(wrapped, [Rule(36, 30, 560), Rule(64, 30, 560)])) == 1


def test_lines_with_labels_and_amounts_are_two_rows_only_where_their_amounts_share_a_column() -> None:
    """江苏 rdbgt_2018 p13: `合计 | 7,877.76` over `301 | 工资福利支出 | 5,469.17`, a rule between
    them drawn in part: two rows. 决算 seed 2159's 06 (three panels side by side): a wrapped name's
    first line and its amount a few points above the other panels' cells of the row, between the
    same rules: one row."""
    rules = [Rule(36, 30, 560), Rule(64, 30, 560)]
    stacked = [
        _line(1, 40, ("合计", 60), ("7,877.76", 305)),
        _line(1, 52, ("301", 40), ("工资福利支出", 80), ("5,469.17", 305)),
    ]
    assert len(join_ruled_rows(stacked, rules)) == 2
    panels = [_line(1, 40, ("机关事业单位基本养", 84), ("587.62", 183)),
              _line(1, 44, ("30108", 38), ("30206", 212), ("电费", 257), ("389.89", 359))]  # fmt: skip
    [row] = join_ruled_rows(panels, rules)
    assert sorted(w.text for w in row.words) == sorted(w.text for line in panels for w in line.words)


def test_the_label_of_a_tall_first_row_is_given_back_from_the_header() -> None:
    """福州 B06: `合计` at the top of a tall ruled row, its amount 7pt lower. A label line without
    amounts reads as a header line (合计 also heads columns); between the same two rules as the
    amounts-only line below it, it is that row's label."""
    page = [
        _line(1, 40, ("2024年度一般公共预算财政拨款支出决算表", 200)),
        _line(1, 50, ("单位：万元", 460)),
        _line(1, 60, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460)),
        _line(1, 80, ("合计", 100)),
        _line(1, 88, ("12.00", 305), ("12.00", 390)),
        _line(1, 110, ("208", 40), ("社会保障和就业支出", 100), ("12.00", 305), ("12.00", 390)),
    ]
    profile = load_profile("final_accounts")
    for rules, read in (([56, 76, 104, 124], True), ([56, 76, 86, 104, 124], False)):
        segments = find_segments([page], profile)
        if read:
            tables = read_tables(segments, profile, _ruled([page], {1: rules}))
            got = {(a.row_key, a.column_key) for a in next(t for t in tables if t.table_code == "05").amounts}
            assert ("total", "total") in got and ("total", "basic") in got
        else:  # a rule between them: two rows, the amounts have no label
            with pytest.raises(ParseIssue, match="no code or known label"):
                read_tables(segments, profile, _ruled([page], {1: rules}))


def test_an_unlabelled_row_of_zeros_is_a_blank_template_row_and_any_other_amount_quarantines() -> None:
    """西安 2022 表9 fills the 收入 panel's unused rows with `0.00` and no label: nothing to place.
    An unlabelled row with any amount other than zero still quarantines the report."""
    first, _ = _pages(shift=0)
    profile = load_profile("final_accounts")
    zeros = [*first, _line(1, 120, ("0.00", 305), ("0.00", 390))]
    amounts = next(t for t in read_tables(find_segments([zeros], profile), profile) if t.table_code == "05").amounts
    assert len(amounts) == 4 and all(a.subject_code for a in amounts)
    money = [*first, _line(1, 120, ("0.00", 305), ("0.01", 390))]
    with pytest.raises(ParseIssue, match="no code or known label"):
        read_tables(find_segments([money], profile), profile)


def test_a_page_number_is_one_number_and_whole_amounts_apart_are_a_row() -> None:
    foot = [_line(1, 800, ("-", 290), ("12", 296), ("-", 308))]
    spaced = [_line(1, 800, ("1", 296), ("2", 302))]
    amounts = [_line(1, 780, ("11", 305), ("11", 390))]
    assert drop_page_numbers(list(foot)) == [] and drop_page_numbers(list(spaced)) == []
    speck = [_line(1, 810, (".16", 288))]  # (`- 16 -` scanned, its dashes lost and a speck read as a point)
    assert drop_page_numbers(list(speck)) == []
    assert drop_page_numbers([*amounts, *foot]) == amounts  # the last row's `11 | 11` is no page number
    words = (("第", 280), ("9", 290), ("页", 296), ("共", 305), ("18", 312), ("页", 322))
    assert drop_page_numbers([_line(1, 800, *words)]) == []
    # 预算 seed 2210 (scanned): a speck read as a point after the digits; else joined as the wrapped
    # label of the last row above it (`合计第12页共15.页`)
    assert drop_page_numbers([*amounts, _line(1, 808, ("第12页共15.页", 264))]) == amounts


@pytest.mark.parametrize("rest", ["出决算表", "财政拨款支出决算表"])
def test_a_title_wrapped_with_a_long_rest_on_the_next_line_is_found(rest: str) -> None:
    """西安 2021 wraps `…基本支出明细表` / `（按支出经济分类科目-不含上年结转）` and `…“三公”经费及` /
    `会议费、培训费支出预算表（不含上年结转）`: the title's rest is a line of up to 24 characters, not
    only the few of a wrapped end (江苏 `算表`); the joined text must match a title whole."""
    head = "2024年度一般公共预算" + "财政拨款支出决算表"[: -len(rest)]  # neither line alone is a title
    profile = load_profile("final_accounts")
    first, second = _pages(shift=0)
    page = [_line(1, 30, (head, 200)), _line(1, 40, (rest, 210)), *first[1:]]
    assert {s.code for s in find_segments([page, second], profile)} == {"05"}
    # a rest with a digit is never a title's (a data line below a heading)
    numbered = [_line(1, 30, (head, 200)), _line(1, 40, (rest + "12.00", 210)), *first[1:]]
    assert find_segments([numbered, second], profile) == []


def test_a_header_repeated_with_its_words_grouped_into_other_lines_continues() -> None:
    """A scanned header's words fall into lines otherwise from page to page (`科目编码 | 合计` over
    `科目名称 | 基本支出 | 项目支出` on the first, `科目编码` over `科目名称 | 合计 | …` on the
    next): a line made of the header's words alone repeats it, and the page continues the table."""
    first, _ = _pages(shift=0)
    first[2:3] = [
        _line(1, 58, ("科目编码", 40), ("合计", 300)),
        _line(1, 64, ("科目名称", 150), ("基本支出", 380), ("项目支出", 460)),
    ]
    second = [
        _line(2, 30, ("科目编码", 40)),
        _line(2, 36, ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460)),
        _line(2, 60, ("2080501", 40), ("行政单位离退休", 100), ("12.00", 305), ("12.00", 390)),
    ]
    got = {(a.page, a.subject_code, a.column_key) for a in _read([first, second])}
    assert {(2, "2080501", "total"), (2, "2080501", "basic")} <= got


def test_a_header_cell_read_with_a_lookalike_still_names_its_column() -> None:
    """A scanned header cell read with a look-alike (`台计` for 合计, `其他收人` for 其他收入:
    recognition.yaml label_lookalikes) names its column where it names none as read; its amounts
    would otherwise go to the neighbouring column."""
    first, second = _pages(shift=0)
    first[2] = _line(1, 60, ("科目编码", 40), ("科目名称", 150), ("台计", 300), ("基本支出", 380), ("项目支出", 460))
    got = {(a.subject_code, a.column_key, str(a.amount)) for a in _read([first, second])}
    assert {("208", "total", "12.00"), ("208", "basic", "12.00")} <= got
    # 人 and 入 are confused both ways (预算 seed 2045: B06's `入员经费`, its amounts then put under
    # 公用经费): each read back where the cell then names a column, and only then
    sequence = [(0, "total", ["合计"]), (0, "personnel", ["人员经费"]), (0, "other", ["其他收入"])]
    assert [_as_printed(t, sequence) for t in ("入员经费", "其他收人", "入员", "人员经费", "大员经费")] == [
        "人员经费",
        "其他收入",
        "入员",
        "人员经费",
        "人员经费",
    ]  # fmt: skip  (预算 seed 2157: `大员经费`)
    # 决算 seed 2079: `项自支出` (目 read 自), its amounts then put under 上缴上级支出; 预算 2166: `项日支出`
    projects = [(0, "basic", ["基本支出"]), (0, "project", ["项目支出"])]
    assert [_as_printed(t, projects) for t in ("项自支出", "项日支出")] == ["项目支出", "项目支出"]
    # 预算 seed 2073: `哈计` (口 beside 合) for 合计
    assert _as_printed("哈计", [(0, "total", ["合计"]), (0, "basic", ["基本支出"])]) == "合计"
    # 预算 seed 2239: `一段公共 | 预算拨款` (般 read 段), its amounts then in no column
    funds = [(0, "total", ["合计"]), (0, "general_budget", ["一般公共预算拨款"])]
    assert _as_printed("一段公共预算拨款", funds) == "一般公共预算拨款"
    assert _as_printed("基木支出", projects) == "基本支出"  # (预算 seed 2245)
    # 决算 seed 2291: 01's `全额` (金 read 全), the panel's amounts then in no column
    assert _as_printed("全额", [(1, "amount", ["金额"])]) == "金额"
    # 决算 seed 2356: 04's `决算教` (数 read 教, a header cell's look-alike only: 教 is print in names)
    assert _as_printed("决算教", [(0, "amount", ["决算数", "金额"])]) == "决算数"
    # 预算 seed 2471: B06's `公月经费` (用 read 月), its amounts then under 人员经费
    assert _as_printed("公月经费", [(0, "personnel", ["人员经费"]), (0, "public", ["公用经费"])]) == "公用经费"
    # 决算 seed 2133: `本年收入合` over a `计` read as nothing (the cell's wrapped last line): the one
    # column name it is all but the last character of; a short start tells no name (`合` of 合计)
    incomes = [(0, "total", ["本年收入合计", "收入合计", "合计"]), (0, "fiscal", ["财政拨款收入", "财政拨款"])]
    assert [_as_printed(t, incomes) for t in ("本年收入合", "财政拨款收", "收入合", "合")] == [
        "本年收入合计", "财政拨款收", "收入合", "合",
    ]  # fmt: skip
    # 决算 seed 2103: the 支出 half's `行次` read `行：` (its 次 a colon), a one-character alias
    # matched whole only: its 行次 numbers were then read into the labels (`…传媒支出37`)
    lines = [(0, "_line", ["行次", "行"]), (0, "amount", ["金额"])]
    assert [_as_printed(t, lines) for t in ("行：", "行", "：行", "行政")] == ["行", "行", "行", "行政"]


def test_a_header_cell_recognition_lost_is_placed_by_the_line_numbering_the_columns() -> None:
    """决算 seed 2111 scanned: 09's 决算数 `合计` read as nothing; under it the line `1 | … | 12`
    numbers the twelve columns. The lost column is the 7th number's; where the numbers count
    other columns than the profile's, or an anchor lies nearer another number, none is placed."""
    tprof = load_profile("final_accounts").tables["09"]
    names = ["合计", "因公出国", "小计", "购置费", "运行维护费", "公务接待费"] * 2
    xs = [200.0 + 50 * i for i in range(12)]
    cells = [
        HeaderCell([Word(n, x, x + 5 * len(n), 60, 68)])
        for i, (n, x) in enumerate(zip(names, xs, strict=True))
        if i != 6
    ]
    numbering = Line(1, [Word(str(i + 1), x + 8, x + 12, 72, 80) for i, x in enumerate(xs)])
    data = [_line(1, 90, *((f"{i}.00", x) for i, x in enumerate(xs)))]
    layout = column_layout(cells, tprof, data, [numbering])
    assert layout is not None
    lost = next(a for a in layout.anchors if a.key == "actual_total")
    assert (lost.x0, lost.x1, lost.extent) == (508.0, 512.0, (xs[5] + 25, xs[7]))
    assert len(layout.anchors) == 12
    # 决算 seed 2165: the first number lost too (`2 | … | 12`): the others keep their columns
    layout = column_layout(cells, tprof, data, [Line(1, numbering.words[1:])])
    assert layout is not None and {a.key: a.x0 for a in layout.anchors}["actual_total"] == 508.0
    # counted again from 1 a panel (`1 … 6 | 1 … 5`), a number short: which one is lost is not known
    again = [Word(str(i % 6 + 1), w.x0, w.x1, 72, 80) for i, w in enumerate(numbering.words)]
    layout = column_layout(cells, tprof, data, [Line(1, again[:11])])
    assert layout is not None and "actual_total" not in {a.key for a in layout.anchors}
    # the numbers shifted a column right of the header cells: the anchors are not their own
    shifted = Line(1, [Word(w.text, w.x0 + 50, w.x1 + 50, 72, 80) for w in numbering.words])
    layout = column_layout(cells, tprof, data, [shifted])
    assert layout is not None and "actual_total" not in {a.key for a in layout.anchors}


def test_a_column_ends_at_the_header_cells_beside_it_not_at_print_above_the_header() -> None:
    # 预算 seed 2075: the table code `预算03表` read `表` alone at the page's right margin, above the
    # header, ended 项目支出's column at its x (790.6 pt, the cell's rule at 806.2): the amounts
    # right-aligned there lay outside it (quarantined)
    project = HeaderCell([Word("项目支出", 720.0, 764.0, 141.0, 153.0)], ruled=(691.4, 806.2))
    code = HeaderCell([Word("表", 791.0, 800.0, 65.0, 78.0)])
    assert column_extent(project, [project, code]) == (691.4, 806.2)
    # a cell printed beside it (in its band) still bounds an unruled column
    unruled = HeaderCell([Word("项目支出", 720.0, 764.0, 141.0, 153.0)])
    other = HeaderCell([Word("其他支出", 790.0, 834.0, 140.0, 152.0)])
    assert column_extent(unruled, [unruled, other, code]) == (None, 790.0)


def test_a_repeated_header_whose_lines_after_its_first_are_regrouped_continues() -> None:
    """决算 seed 2187 scanned: the repeated header's first line read as on the first page, the rest
    of its words (wrapped cells, `经济分类科` over `目`) grouped into other lines: lines made of the
    first header's words alone are header, not the wrapped label of the page's first row
    (`…科目名称决算数目公务接待费`)."""
    first, _ = _pages(shift=0)
    first[2:3] = [
        _line(1, 56, ("科目编", 40), ("合计", 300)),
        _line(1, 62, ("科目名称", 150), ("基本支出", 380)),
        _line(1, 68, ("码", 45), ("项目支出", 460)),
    ]
    second = [
        _line(2, 30, ("科目编", 40), ("合计", 300)),
        _line(2, 36, ("科目名称", 150), ("项目支出", 460)),
        _line(2, 42, ("码", 45), ("基本支出", 380)),
        _line(2, 60, ("2080501", 40), ("行政单位离退休", 100), ("12.00", 305), ("12.00", 390)),
    ]
    got = {(a.page, a.subject_code, a.row_label, a.column_key) for a in _read([first, second])}
    assert {(2, "2080501", "行政单位离退休", "total"), (2, "2080501", "行政单位离退休", "basic")} <= got


def _words(page: int, top: float, *cells: tuple[str, float, float]) -> Line:
    return Line(page, [Word(t, x0, x1, top, top + 10) for t, x0, x1 in cells])


def test_an_amount_whose_box_reaches_over_the_next_panel_s_border_stays_in_its_panel() -> None:
    """决算 seed 2189 scanned, 04: a lone `7` read again by the second recogniser, its box 4
    points wider right than its ink, centred past where the 收入 panel ends (just after its
    widest amount): it was read as the 支出 row's label (`7 二、外交支出`) and lost. A number
    starting in one panel and centred in the next one's label zone is the first panel's."""
    page = [
        _words(1, 42, ("2019年度财政拨款收入支出决算总表", 304, 536)),
        _words(1, 80, ("单位：万元", 760, 806)),
        _words(1, 98, ("收入", 163, 185), ("支出", 549, 566)),
        _words(1, 112, ("决算数", 648, 671)),
        _words(1, 121, ("项目", 112, 129), ("行次", 214, 232), ("决算数", 262, 288), ("项目", 388, 404),
               ("行次", 491, 505)),
        _words(1, 125, ("小计", 543, 557), ("一般公共预算财政", 592, 656), ("政府性基金预算财", 665, 728),
               ("国有资本经营预算", 737, 800)),
        _words(1, 134, ("拨款", 615, 631), ("政拨款", 685, 709), ("财政拨款", 754, 785)),
        _words(1, 160, ("一、一般公共预算财政拨款", 43, 134), ("1", 218, 228), ("65.30", 288, 308.6),
               ("一、一般公共服务支出", 314, 393), ("33", 495, 503), ("65.30", 537, 557), ("65.30", 636, 657)),
        _words(1, 173, ("二、政府性基金预算财政拨款", 39, 143), ("2", 219, 228), ("7", 302.9, 312.7),
               ("二、外交支出", 314, 364), ("34", 494, 504)),
    ]  # fmt: skip
    profile = load_profile("final_accounts")
    tables = read_tables(find_segments([page], profile), profile)
    got = {(a.row_key, a.column_key, a.amount_text) for t in tables if t.table_code == "04" for a in t.amounts}
    assert ("inc_gov_fund", "amount", "7") in got
    assert ("inc_general_budget", "amount", "65.30") in got


def test_lines_beginning_with_labels_numbered_in_sequence_are_two_rows() -> None:
    """决算 seed 2201's 01 (scanned): the rule between `五、事业收入` and `六、经营收入` lost, the two
    lines (and the spending side's 五、 and 六、 beside them) had been joined into one row whose label
    matched no 类. A row prints one numbered label: the next number begins the next row. A wrapped
    label's second line, or a number out of sequence, stays in the row."""
    rules = [Rule(172, 30, 560), Rule(202, 30, 560)]
    numbered = [
        _line(5, 179, ("五、事业收入", 39), ("5", 212), ("五、教育支出", 301), ("35", 474)),
        _line(5, 194, ("六、经营收入", 38), ("6", 212), ("六、科学技术支出", 319), ("36", 471), ("109.17", 530)),
    ]
    assert len(join_ruled_rows(numbered, rules)) == 2
    wrapped = [_line(5, 179, ("一、一般公共预算财政拨款", 39), ("1", 212)), _line(5, 194, ("收入", 39))]
    assert len(join_ruled_rows(wrapped, rules)) == 1
    apart = [_line(5, 179, ("五、事业收入", 39), ("5", 212)), _line(5, 194, ("七、其他收入", 38), ("7", 212))]
    assert len(join_ruled_rows(apart, rules)) == 1
    assert len(join_ruled_rows([_line(5, 179, ("（一）工资", 39)), _line(5, 194, ("（二）福利", 38))], rules)) == 2


def test_lines_whose_row_numbers_run_in_sequence_in_one_column_are_two_rows() -> None:
    """决算 seed 2230's 04 (scanned): the rule between `本年收入合计 | 27` and `年初财政拨款结转和结余 |
    28` lost, the lower line (no amount of its own) had been joined to the upper one as a wrapped
    label, `本年收入合计年初财政拨款结转和结余`, a row of no known label. Two numbers of one column,
    the lower the next, are two cells of a 行次 column: two rows. Numbers out of sequence, or in
    two columns, say nothing."""
    rules = [Rule(330, 30, 700), Rule(380, 30, 700)]
    upper = _line(10, 340, ("本年收入合计", 37), ("27", 217), ("12711.32", 279), ("本年支出合计", 314), ("59", 494))
    lower = _line(10, 366, ("年初财政拨款结转和结余", 39), ("28", 218), ("年末财政拨款结转和结余", 314), ("60", 494))
    assert len(join_ruled_rows([upper, lower], rules)) == 2
    apart = _line(10, 366, ("年初财政拨款结转和结余", 39), ("29", 218))
    assert len(join_ruled_rows([upper, apart], rules)) == 1
    elsewhere = _line(10, 366, ("年初财政拨款结转和结余", 39), ("28", 400))
    assert len(join_ruled_rows([upper, elsewhere], rules)) == 1


def test_the_next_table_s_number_read_without_its_digits_ends_the_table_before() -> None:
    # 预算 seed 2525 (scanned): `表8` above B08's title read `表`, 38 points under B07's last row;
    # joined to that row as its wrapped name (`其他国有土地收益基金支出表`), it named no subject.
    first, _ = _pages(shift=0)
    tail = [_line(1, 140, ("表", 40)), _line(1, 154, ("2024年度财政拨款“三公”经费支出决算表", 200))]
    segments = find_segments([first + tail], load_profile("final_accounts"))
    t05 = next(s for s in segments if s.code == "05")
    assert [line.text for line in t05.lines][-1] == "20805 行政事业单位养老支出 12.00 12.00"
    # 预算 seed 2544: `表8` read `都`
    tail[0] = _line(1, 140, ("都", 40))
    t05 = next(s for s in find_segments([first + tail], load_profile("final_accounts")) if s.code == "05")
    assert [line.text for line in t05.lines][-1] == "20805 行政事业单位养老支出 12.00 12.00"
    # a line of its own that is no table's number stays the table's (a name wrapped below its row)
    tail[0] = _line(1, 108, ("支出", 100))
    t05 = next(s for s in find_segments([first + tail], load_profile("final_accounts")) if s.code == "05")
    assert [line.text for line in t05.lines][-1] == "支出"


def test_a_line_that_does_not_fit_its_page_s_header_names_the_header_lines_too() -> None:
    # 预算 seed 2526 (scanned): B06's `合计` header cell read `计`, every 合计 amount left of the
    # columns; the row's line read again alike, the report was held. The header lines are named
    # with it, to be read again (the second recogniser reads `合计`).
    first, _ = _pages(shift=0)
    first[2] = _line(1, 60, ("科目编码", 40), ("科目名称", 150), ("计", 305), ("基本支出", 380), ("项目支出", 460))
    with pytest.raises(ParseIssue, match="left of the columns") as caught:
        _read([first])
    assert caught.value.line == (80, 88) and caught.value.header == [(60, 68)]
    # a continuation page read with the columns of the page before has no header of its own to name
    second = [_line(2, 40, ("2080501", 40), ("行政单位离退休", 100), ("12.00", 200), ("12.00", 390))]
    with pytest.raises(ParseIssue, match="left of the columns") as caught:
        _read([_pages(shift=0)[0], second])
    assert caught.value.line == (40, 48) and caught.value.header == []


def test_a_repeated_header_with_words_read_a_character_amiss_continues() -> None:
    """预算 seed 2574: a continuation page's repeated header read `一般公共预算尊 | 政府性基金预 |
    国有资本经营 | …` under the first page's `一般公共预算 | |政府性基金预 | 国有资本经营 | …`: its rows
    were read into no table and the report held. A header word read one character amiss (replaced,
    added or dropped) is still the header's where most of the line is read alike; a short one is not."""
    heads = ["一般公共预算", "|政府性基金预", "国有资本经营", "财政专户管理", "事业单位经营"]
    first, _ = _pages(shift=0)
    first[2:3] = [
        _line(1, 56, *((h, 300 + 60 * k) for k, h in enumerate(heads))),
        _line(1, 62, ("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460)),
    ]
    rows = [_line(2, 60, ("2080501", 40), ("行政单位离退休", 100), ("12.00", 305), ("12.00", 390))]

    def continued(*read: tuple[str, float]) -> bool:
        return any(a.page == 2 for a in _read([first, [_line(2, 30, *read), *rows]]))

    def funds(*read: str) -> tuple[tuple[str, float], ...]:
        return tuple((h, 300 + 60 * k) for k, h in enumerate(read))

    assert continued(*funds("一般公共预算尊", "政府性基金预", *heads[2:]))
    # most of the line read alike: three words of five amiss is no repeated header
    assert not continued(*funds("一般公共预算尊", "政府性基金预", "国有资木经营", *heads[3:]))
    # a word shorter than four characters is no header word read amiss (`合汁`)
    names = [("科目编码", 40), ("科目名称", 150), ("合计", 300), ("基本支出", 380), ("项目支出", 460)]
    assert continued(*names)
    assert not continued(*names[:2], ("合汁", 300), *names[3:])


def test_a_running_header_is_atop_the_page_outside_every_cell() -> None:
    """The same first line atop three pages is a running header (苏州市审计局2026年度部门预算公开),
    dropped; a wrapped sentence's first line atop three continuation pages, inside its cell (column
    rules run through its height either side of it; 自评表 seed 82 scanned: the row's other cells
    lower), is a table's text and stays."""
    header = "苏州市审计局2026年度部门预算公开"
    sentence = "疫情影响，部"
    pages = [[_line(n, 40, (header, 410)), _line(n, 60, ("其他资金", 100), ("12.00", 305))] for n in (1, 2, 3)]
    assert [len(lines) for lines in drop_running_headers(pages, {})] == [1, 1, 1]
    cells = {n: [VRule(500, 30, 700), VRule(560, 30, 700)] for n in (1, 2, 3)}
    boxed = [[_line(n, 40, (sentence, 510)), _line(n, 60, ("其他资金", 100), ("12.00", 305))] for n in (1, 2, 3)]
    assert drop_running_headers(boxed, cells) == boxed
    assert [len(lines) for lines in drop_running_headers(boxed, {})] == [1, 1, 1]  # (no rules: a header)
    # (a rule on one side only, or not through the line's height: no cell)
    apart = {n: [VRule(500, 30, 700), VRule(560, 50, 700)] for n in (1, 2, 3)}
    assert [len(lines) for lines in drop_running_headers(boxed, apart)] == [1, 1, 1]


def test_a_note_whose_mark_recognition_lost_ends_the_table() -> None:
    # 决算 seed 2692 (never seen): `注：本表反映…` under the last row, its `注：` lost by the
    # recogniser; read as a wrapped line of the last row's name (`购房补贴本表反映…`), the row then
    # named by no code. The note's standard sentence is a note; no row's name begins `本表`.
    first, second = _pages(shift=0)
    second[1:] = [_line(2, 60, ("2080502", 40), ("事业单位离退休", 100), ("0.00", 305), ("0.00", 390))]
    second.append(_line(2, 80, ("本表反映部门本年度一般公共预算财政拨款支出情况。", 60)))
    amounts = _read([first, second])
    assert {a.row_label for a in amounts if a.page == 2} == {"行政单位离退休", "事业单位离退休"}
