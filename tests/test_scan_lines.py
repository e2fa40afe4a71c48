"""Scanned pages: words made into lines where the row bands went wrong (ingest/scan_lines.py), and
the repairs of recognised lines that go with them. No recognition runs here: lines are made by
hand, as `ocr.ocr_page` returns them."""

from __future__ import annotations

from ingest.layout import Line, Rule, VRule, Word, group_lines
from ingest.ocr import RecognisedPage
from ingest.ocr_repair import replace_phrase_lookalikes
from ingest.scan_lines import drop_points_in_labels, join_lone_numbers
from ingest.scanned import correct_names


def _row(top: float, *words: tuple[str, float]) -> list[Word]:
    """Words of one row at `top` (10 pt tall), each `(text, x0)`, 5 pt a character."""
    return [Word(text, x0, x0 + 5 * len(text), top, top + 10) for text, x0 in words]


def _page(words: list[Word], rules: list[Rule | VRule] | None = None) -> RecognisedPage:
    return RecognisedPage(group_lines(1, words), rules=rules or [])


def _texts(page: RecognisedPage) -> list[str]:
    return [line.text for line in page.lines]


def test_a_number_left_on_a_line_of_its_own_joins_the_row_its_band_overlaps_where_its_place_is_free() -> None:
    # (the page turned a little: the last amount of a row 6 pt lower than its row's words, beyond
    # the 3 pt of one line and less than half a line over it; two rows 20 pt apart)
    words = [
        *_row(100, ("工资福利支出", 20), ("12.00", 150), ("3.00", 200)),
        *_row(120, ("商品和服务支出", 20), ("5.00", 150), ("1.00", 200)),
    ]
    lone = Word("9.00", 250, 270, 106, 116)
    page = _page([*words, lone])
    assert len(page.lines) == 3  # (what the row bands make of it)
    join_lone_numbers([page])
    assert _texts(page) == ["工资福利支出 12.00 3.00 9.00", "商品和服务支出 5.00 1.00"]


def test_a_lone_number_whose_place_is_taken_or_that_reaches_two_rows_stays_on_its_own_line() -> None:
    # the row's cell there already holds an amount: not its row
    page = _page([*_row(100, ("工资福利支出", 20), ("12.00", 150), ("3.00", 200)), Word("9.00", 202, 222, 106, 116)])
    join_lone_numbers([page])
    assert len(page.lines) == 2
    # its band reaches two rows with a free cell there both: which one is not known
    words = [
        *_row(100, ("工资福利支出", 20), ("12.00", 150)),
        *_row(112, ("商品和服务支出", 20), ("5.00", 150)),
        Word("9.00", 250, 270, 106, 116),
    ]
    page = _page(words)
    lines = len(page.lines)
    join_lone_numbers([page])
    assert len(page.lines) == lines and "9.00" in _texts(page)
    # a line of text alone (a wrapped name's second line) holds no row's amounts
    page = _page([*_row(100, ("的支出", 20)), Word("9.00", 250, 270, 106, 116)])
    join_lone_numbers([page])
    assert len(page.lines) == 2


def test_a_lone_number_joins_no_row_across_a_row_rule_or_into_a_ruled_cell_already_filled() -> None:
    words = [*_row(100, ("工资福利支出", 20), ("12.00", 150)), Word("9.00", 250, 270, 106, 116)]
    # (a row rule at 109 pt runs between the row and the number: the number is the next row's)
    page = _page(list(words), [Rule(109.0, 10.0, 300.0)])
    join_lone_numbers([page])
    assert len(page.lines) == 2
    # (column rules at 140, 240 and 290: the number's cell is 240–290, the row's words are elsewhere)
    borders: list[Rule | VRule] = [VRule(x, 90.0, 130.0) for x in (10.0, 140.0, 240.0, 290.0)]
    page = _page(list(words), borders)
    join_lone_numbers([page])
    assert _texts(page) == ["工资福利支出 12.00 9.00"]
    # (the row has a word in that cell, beside the number's place: the cell is taken)
    page = _page([*words, Word("1.00", 280, 288, 100, 110)], borders)
    lines = len(page.lines)
    join_lone_numbers([page])
    assert len(page.lines) == lines


def test_a_point_between_two_characters_of_a_label_goes_before_the_look_alikes() -> None:
    lines = [
        Line(1, _row(100, ("年初.结转和结余", 20), ("1.20", 150))),
        Line(1, _row(120, ("年未·结转和结余", 20), ("单位:元", 150))),
        Line(1, _row(140, ("一、一般公共服务支出", 20), ("支出。主要", 150))),
    ]
    drop_points_in_labels([lines])
    replace_phrase_lookalikes([lines])
    assert [line.text for line in lines] == [
        "年初结转和结余 1.20",  # (the amount's point stays: between digits)
        "年末结转和结余 单位:元",  # (`：` and `、` are printed between characters; `。` ends a sentence)
        "一、一般公共服务支出 支出。主要",
    ]


def test_the_end_of_year_carry_over_read_with_a_look_alike_is_put_right() -> None:
    # (one word, or the phrase across two words of a line: letter-spaced)
    lines = [Line(1, _row(100, ("年夫结转和结余", 20))), Line(1, _row(120, ("年", 20), ("夫结转", 26)))]
    replace_phrase_lookalikes([lines])
    correct_names([lines])
    assert [line.text for line in lines] == ["年末结转和结余", "年 末结转"]
