"""Ruled cell borders and running row numbers (西安 family): the text layer joins letters of
neighbouring narrow cells across their vertical rule (header cells printed top to bottom, one or
three letters a line), and a 序号 column's numbers sit right before the labels (`1 | 一、部门预算`).
A word never runs across a rule; a number under the 序号 header is the row's number, not its
label or code."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from ingest.base import ParseIssue
from ingest.columns import Anchor, Layout, column_layout, row_number_span
from ingest.header_cells import HeaderCell
from ingest.layout import Line, VRule, Word, cut_at_rules, join_spaced_letters, join_split_decimals
from ingest.profile import load_profile
from ingest.rows import line_fragments
from ingest.text import parse_amount


def _chars(text: str, x0: float, step: float, tops: list[float]) -> list[dict[str, Any]]:
    return [
        {"text": ch, "x0": x0 + i * step, "x1": x0 + (i + 1) * step, "top": top, "bottom": top + 4.2}
        for i, (ch, top) in enumerate(zip(text, tops, strict=True))
    ]


def test_a_word_glued_across_a_rule_is_cut_there_each_part_at_its_own_height() -> None:
    # `置` ends the cell left of the rule (its third header line), `公务用车运` starts the next
    # cell's first line 2.6pt higher: the text layer made one word of them
    chars = _chars("置公务用车运", 497.6, 4.6, [128.2, 125.6, 125.6, 125.6, 125.6, 125.6])
    word = Word("置公务用车运", 497.6, 525.2, 125.6, 132.4)
    parts = cut_at_rules(word, chars, [VRule(503.0, 121.0, 299.0)])
    assert [(w.text, round(w.x1, 1), w.top) for w, _ in parts] == [("置", 502.2, 128.2), ("公务用车运", 525.2, 125.6)]
    # a rule that does not reach the word's height borders no cell there
    assert len(cut_at_rules(word, chars, [VRule(503.0, 140.0, 299.0)])) == 1
    # one line of text running over a rule (a 单位： line above the columns) stays one word
    flat = _chars("置公务用车运", 497.6, 4.6, [125.6] * 6)
    assert len(cut_at_rules(word, flat, [VRule(503.0, 121.0, 299.0)])) == 1


def test_two_cells_texts_at_one_height_glued_across_a_rule_are_cut_in_their_gap() -> None:
    # 西安 2022 “三公”: the last line of 因公出国（境）费用's cell, `（境）费`, and 公务接待费 in
    # the next cell, on one line 2.7pt apart with the rule between them
    chars = _chars("（境）费", 225.1, 4.4, [136.9] * 4) + _chars("公务接待费", 245.4, 4.4, [136.9] * 5)
    word = Word("（境）费公务接待费", 225.1, 267.4, 136.9, 141.1)
    parts = cut_at_rules(word, chars, [VRule(243.0, 111.8, 202.9)])
    assert [w.text for w, _ in parts] == ["（境）费", "公务接待费"]
    # an amount's decimals glued to the next cell's label, the digits 1.3pt lower than the CJK
    chars = _chars(".33", 256.9, 3.8, [140.9] * 3) + _chars("一、部门", 270.7, 7.0, [139.6] * 4)
    word = Word(".33一、部门", 256.9, 298.7, 139.6, 145.1)
    assert [w.text for w, _ in cut_at_rules(word, chars, [VRule(269.0, 105.5, 536.5)])] == [".33", "一、部门"]
    # letters that touch across the rule are one line of text running over it
    touching = _chars("（境）费公务接待费", 225.1, 4.4, [136.9] * 9)
    word = Word("（境）费公务接待费", 225.1, 264.7, 136.9, 141.1)
    assert len(cut_at_rules(word, touching, [VRule(243.0, 111.8, 202.9)])) == 1


def test_decimals_printed_a_blank_after_their_digits_are_one_amount() -> None:
    # 西安 2022 表1 `25180591 .33`: the text layer's blank cuts the amount in two words
    line = Line(24, [Word("25180591", 218.6, 254.5, 140.9, 145.4), Word(".33", 256.9, 268.4, 140.9, 145.4),
                     Word("一、部门预算", 270.7, 312.9, 139.6, 146.6)])
    join_split_decimals(line, [VRule(269.0, 105.5, 536.5)])
    assert [w.text for w in line.words] == ["25180591.33", "一、部门预算"]
    # never across a cell border
    line = Line(24, [Word("25180591", 218.6, 254.5, 140.9, 145.4), Word(".33", 256.9, 268.4, 140.9, 145.4)])
    join_split_decimals(line, [VRule(255.5, 105.5, 536.5)])
    assert [w.text for w in line.words] == ["25180591", ".33"]


def test_an_amount_across_a_rule_stays_one_amount() -> None:
    chars = _chars("2657249.50", 170.0, 2.1, [140.4] * 10)
    word = Word("2657249.50", 170.0, 191.0, 140.4, 144.6)
    assert [w.text for w, _ in cut_at_rules(word, chars, [VRule(180.0, 87.0, 299.0)])] == ["2657249.50"]


def test_evenly_spaced_letters_of_three_ruled_cells_stay_apart() -> None:
    # 公 | 公 | 会: the first letters of 公务用车购置费, 公务用车运行费 and 会议费, one a line
    letters = [Word("公", 256.5, 262.0, 214.0, 219.5), Word("公", 277.7, 283.3, 214.0, 219.5),
               Word("会", 299.1, 304.6, 215.3, 220.8)]
    line = Line(44, list(letters))
    join_spaced_letters(line, [VRule(269.5, 209.0, 555.0), VRule(291.0, 149.0, 555.0)])
    assert [w.text for w in line.words] == ["公", "公", "会"]
    # without the rules they read as one letter-spaced word (合 | 计), as before
    line = Line(44, list(letters))
    join_spaced_letters(line)
    assert [w.text for w in line.words] == ["公公会"]


def test_a_running_number_under_the_row_number_header_is_no_part_of_the_label() -> None:
    tprof = load_profile("budget_xian").tables["B05"]  # one panel, rows by code or label
    layout = Layout([Anchor(0, "total", 218.8, 245.8)], [(float("-inf"), 216.0, float("inf"))])
    line = Line(27, [Word("1", 61.3, 64.0, 190.3, 196.0), Word("合计", 74.4, 90.0, 190.3, 196.0),
                     Word("74868.34", 221.7, 245.0, 190.3, 196.0)])
    # without a 序号 header the number reads into the label (and the row is quarantined)
    [(_, frag)] = line_fragments("B05", line, layout, tprof)
    assert frag.label_text == "1合计"
    layout.row_numbers = (54.6, 72.6)  # the header's 序号 cell
    [(_, frag)] = line_fragments("B05", line, layout, tprof)
    assert (frag.label_text, frag.line_no, frag.codes) == ("合计", 1, [])
    assert parse_amount(frag.amounts["total"].text) == Decimal("74868.34")
    # a two-digit number there is no code either; alone on its line it makes no row
    line = Line(28, [Word("16", 59.0, 64.6, 175.0, 180.6)])
    assert line_fragments("B05", line, layout, tprof) == []
    # 决算 seed 2291 (scanned): amounts in a panel whose header named no column of amounts are
    # quarantined with their line, not a crash (`min()` of no column)
    bare = Layout([], [(float("-inf"), 216.0, float("inf"))])
    line = Line(29, [Word("合计", 74.4, 90.0, 190.3, 196.0), Word("74868.34", 221.7, 245.0, 190.3, 196.0)])
    with pytest.raises(ParseIssue, match="no column of amounts") as issue:
        line_fragments("B05", line, bare, tprof)
    assert issue.value.line == (190.3, 196.0)


def test_whole_amounts_of_two_cells_glued_across_their_rule_are_cut_there() -> None:
    # `1005250` | `126300`: 2.5pt apart, the rule between them
    xs = [378.1 + 3.1 * i for i in range(7)] + [402.4 + 3.1 * i for i in range(6)]
    chars = [{"text": ch, "x0": x, "x1": x + 3.1, "top": 193.3, "bottom": 198.2}
             for ch, x in zip("1005250126300", xs, strict=True)]
    word = Word("1005250126300", 378.1, 421.0, 193.3, 198.2)
    assert [w.text for w, _ in cut_at_rules(word, chars, [VRule(400.5, 87.0, 555.0)])] == ["1005250", "126300"]
    # touching digits across a rule are one number overflowing its cell
    touching = [{**c, "x0": 378.1 + 3.1 * i, "x1": 381.2 + 3.1 * i} for i, c in enumerate(chars)]
    assert len(cut_at_rules(word, touching, [VRule(400.5, 87.0, 555.0)])) == 1


def test_a_negative_whole_amount_is_an_amount_not_label() -> None:
    tprof = load_profile("budget_xian").tables["B05"]
    layout = Layout([Anchor(0, "total", 218.8, 245.8), Anchor(0, "personnel", 260.0, 290.0)],
                    [(float("-inf"), 216.0, float("inf"))])
    line = Line(27, [Word("合计", 74.4, 90.0, 190.3, 196.0), Word("-53090", 226.0, 245.0, 190.3, 196.0),
                     Word("600", 280.0, 290.0, 190.3, 196.0)])
    [(_, frag)] = line_fragments("B05", line, layout, tprof)
    assert frag.label_text == "合计"
    assert {k: w.text for k, w in frag.amounts.items()} == {"total": "-53090", "personnel": "600"}


def test_an_amount_in_the_label_zone_quarantines_the_table() -> None:
    tprof = load_profile("budget_xian").tables["B05"]
    layout = Layout([Anchor(0, "total", 218.8, 245.8)], [(float("-inf"), 216.0, float("inf"))])
    line = Line(42, [Word("合计", 74.4, 90.0, 190.3, 196.0), Word("872,031,967.20", 150.0, 200.0, 190.3, 196.0)])
    with pytest.raises(ParseIssue, match="left of the columns"):
        line_fragments("B05", line, layout, tprof)


def test_running_numbers_left_of_a_centred_row_number_header_are_the_rows_numbers() -> None:
    """西安 2021 表8 centres `序号` in a wide leftmost cell and prints `1` at the cell's left rule,
    8pt left of the header text: still the row's number, not the start of its label (`1合计`)."""
    tprof = load_profile("budget_xian").tables["B05"]
    header = [HeaderCell([Word("序号", 106.5, 126.0, 150.0, 156.0)]),
              HeaderCell([Word("合计", 219.0, 245.0, 150.0, 156.0)])]
    layout = Layout([Anchor(0, "total", 218.8, 245.8)], [(float("-inf"), 216.0, float("inf"))],
                    row_numbers=row_number_span(header))
    line = Line(55, [Word("1", 93.3, 98.7, 190.3, 196.0), Word("合计", 191.6, 210.9, 190.3, 196.0),
                     Word("74868.34", 221.7, 245.0, 190.3, 196.0)])
    [(_, frag)] = line_fragments("B06", line, layout, tprof)
    assert (frag.label_text, frag.line_no) == ("合计", 1)
    # where another header cell starts left of 序号, the column is the 序号 cell's own span
    code = HeaderCell([Word("编码", 60.0, 80.0, 150.0, 156.0)])
    assert row_number_span([code, *header]) == (106.5, 126.0)


def test_columns_by_printed_order_start_at_the_first_amount_by_its_form() -> None:
    """西安 2022 表13 (27 columns by printed order): a unit row reads `西安市交通运 | 2 | 222 | 346.73 …`
    (its wrapped name first, then 序号 and the unit code): the whole number 222 is the code, not a
    28th amount; where no amount has decimals or separators, whole amounts start the columns."""
    tprof = load_profile("budget_xian_2022").tables["B09"]
    amounts = [Word(f"{i}.50", 200.0 + 20 * i, 212.0 + 20 * i, 190.3, 196.0) for i in range(27)]
    row = Line(78, [Word("西安市交通运", 60.0, 100.0, 188.0, 194.0), Word("2", 30.0, 33.0, 190.3, 196.0),
                    Word("222", 120.0, 132.0, 190.3, 196.0), *amounts])
    layout = column_layout([], tprof, [row])
    assert layout is not None
    [(_, frag)] = line_fragments("B09", row, layout, tprof)
    assert "222" in frag.label_text and len(frag.amounts) == 27  # (codes are split off the label later)
    whole = [Word(str(100 + i), 200.0 + 20 * i, 212.0 + 20 * i, 190.3, 196.0) for i in range(27)]
    layout = column_layout([], tprof, [Line(78, [Word("合计", 60.0, 80.0, 190.3, 196.0), *whole])])
    assert layout is not None and layout.panel_bounds[0][1] == 198.0


def test_a_header_wrapped_flush_left_is_as_wide_as_its_widest_line() -> None:
    # 西安 2020 表2 sets its wrapped headers flush left (`政府性基` / `金拨款`, `上级补助` / `收入`)
    # and its amounts flush right: a whole-元 `0` under 政府性基金 lies nearer the short last line
    # `收入` of the next column than the centre of `金拨款`
    tprof = load_profile("budget_xian_2020").tables["B02"]
    words = [("合计", 264.3, 282.9, 150.0), ("小计", 332.9, 351.5, 150.0), ("其中：专项资金", 370.7, 417.6, 150.0),
             ("政府性基", 421.5, 458.9, 136.0), ("金拨款", 421.5, 449.6, 143.0),
             ("上级补助", 463.8, 501.1, 136.0), ("收入", 463.8, 482.3, 143.0),
             ("事业收", 506.1, 534.2, 136.0), ("入", 506.1, 515.3, 143.0),
             ("事业单位", 544.8, 582.2, 136.0), ("经营收入", 544.8, 582.2, 143.0)]
    cells = [HeaderCell([Word(t, x0, x1, top, top + 6)]) for t, x0, x1, top in words[:3]]
    for upper, lower in zip(words[3::2], words[4::2], strict=True):
        cells.append(HeaderCell([Word(upper[0], upper[1], upper[2], upper[3], upper[3] + 6),
                                 Word(lower[0], lower[1], lower[2], lower[3], lower[3] + 6)]))
    assert cells[3].own_span == (421.5, 458.9)
    line = Line(30, [Word("西安市社会保险管理中心", 93.0, 196.3, 261.2, 270.2)] + [
        Word(text, x0, x1, 261.2, 270.2)
        for text, x0, x1 in [("151259.87", 273.3, 313.9), ("151259.87", 326.1, 366.7), ("30000", 395.8, 418.4),
                             ("0", 455.8, 460.4), ("0", 498.2, 502.8), ("0", 537.0, 541.6), ("0", 579.1, 583.7)]
    ])
    layout = column_layout(sorted(cells, key=lambda c: c.xc), tprof, [line])
    assert layout is not None
    [(_, frag)] = line_fragments("B02", line, layout, tprof)
    placed = {key: w.x0 for key, w in frag.amounts.items()}
    assert (placed["gov_fund"], placed["superior_subsidy"], placed["business"], placed["operating"]) == (
        455.8, 498.2, 537.0, 579.1)
    # a merged parent centred above one column stays out of that column's span
    parent = HeaderCell([Word("本年一般公共预算基本支出", 300.0, 400.0, 130.0, 136.0),
                         Word("人员经费", 330.0, 366.0, 148.0, 154.0)])
    assert parent.own_span == (330.0, 366.0)


def test_a_subject_header_naming_a_column_alias_heads_no_amounts() -> None:
    # 珠海 B06 prints one amount column `预算` right of the subject header 部门预算支出经济科目,
    # which contains that column's alias: the column is the `预算` cell's, so the amounts' extent
    # (their lineage, checked by the re-reader) is where they are printed
    tprof = load_profile("budget_guangdong").tables["B06"]
    cells = [HeaderCell([Word("部门预算支出经济科目", 181.1, 281.2, 120.0, 128.0)]),
             HeaderCell([Word("预算", 598.8, 618.8, 120.0, 128.0)])]
    line = Line(40, [Word("[30101]基本工资", 100.0, 160.0, 140.0, 148.0), Word("1,234.56", 590.0, 620.0, 140.0, 148.0)])
    layout = column_layout(cells, tprof, [line])
    assert layout is not None
    assert [(a.key, a.x0, a.x1) for a in layout.anchors] == [("total", 598.8, 618.8)]


def _layout_01() -> Layout:
    # 决算 seed 2507's 01 (scanned) as its header placed the columns
    anchors = [Anchor(0, "_line", 296.0, 305.0), Anchor(0, "amount", 363.0, 379.0),
               Anchor(1, "_line", 681.0, 690.0), Anchor(1, "amount", 749.0, 764.0)]
    return Layout(anchors, [(float("-inf"), 293.68, 420.344), (420.344, 678.64, float("inf"))])


def test_two_amounts_in_one_column_name_the_band_they_are_printed_in_not_their_rows() -> None:
    # 决算 seed 2502's 03: `729.30` read as `729` and `9.30`, on the line under its row's code and
    # name that the row joins: the band read again is the amounts' (the row's holds two lines,
    # which a reading again never replaces)
    tprof = load_profile("final_accounts").tables["01"]
    line = Line(10, [Word("事业收入", 39.0, 80.0, 187.2, 195.0), Word("729", 390.6, 402.2, 200.6, 209.8),
                     Word("9.30", 401.2, 412.2, 200.6, 209.8)])
    with pytest.raises(ParseIssue, match="two amounts fall in column amount") as issue:
        line_fragments("01", line, _layout_01(), tprof)
    assert issue.value.line == (200.6, 209.8)


def test_a_label_whose_box_begins_a_point_before_its_panel_is_that_panels() -> None:
    # 决算 seed 2507's 01 (scanned): `162.82一、一般公共服务支出` recognised as one box and cut where
    # the amount ends, at 419, the 支出 panel starting at 420.3: the label starts among the 收入
    # panel's amounts, its centre in the 支出 panel's label zone
    tprof = load_profile("final_accounts").tables["01"]
    layout = _layout_01()
    words = [Word("一、一般公共预算财政拨款收入", 39.0, 135.0, 133.4, 141.0), Word("1", 297.0, 305.0, 133.4, 141.0),
             Word("162.82", 397.0, 419.0, 133.4, 141.0), Word("一、一般公共服务支出", 419.0, 492.0, 133.4, 141.0),
             Word("31", 683.0, 690.0, 133.4, 141.0)]
    line = Line(5, words)
    frags = line_fragments("01", line, layout, tprof)
    assert [p for p, _ in frags] == [0, 1]
    (_, income), (_, expense) = frags
    assert income.label_text == "一、一般公共预算财政拨款收入" and income.amounts["amount"].text == "162.82"
    assert expense.label_text == "一、一般公共服务支出" and expense.line_no == 31
    # an amount glued to that label (预算 seed 2491: `811003一、教育支出`) is no label: it stays, to
    # be read as the misreading it is, never the label alone with the amount lost
    glued = Word("811003一、教育支出", 397.0, 482.0, 133.4, 141.0)
    assert [p for p, _ in line_fragments("01", Line(5, [*words[:2], glued]), layout, tprof)] == [0]
    # text whose centre stays in the 收入 panel is not moved
    short = Word("注", 405.0, 415.0, 133.4, 141.0)
    assert [p for p, _ in line_fragments("01", Line(5, [*words[:2], short]), layout, tprof)] == [0]
