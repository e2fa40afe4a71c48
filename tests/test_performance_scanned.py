"""绩效 tables read from page images (ingest/performance/scanned.py): each page read again, whole, by
the second recogniser through the same table logic, and a table published only where the two
readings agree in every field; what both read as nothing checked against the page's ink
(ingest/performance/scan_ink.py); a merged label cell kept whole by the image's rules
(ingest/scanimage.py)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber
import pytest

from ingest import parse_document
from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import PAGE_DPI, RecognisedPage, box_words
from ingest.ocr_chars import recognition
from ingest.ocr_second import read_alike_on_its_line, read_page
from ingest.performance import read_performance
from ingest.performance.grid import Cell, numbers_stacked, straddling
from ingest.performance.header import header_rows
from ingest.performance.records import FundLine, Indicator, PerformanceTable
from ingest.performance.scan_ink import (
    _strokes,
    column_rule_through_text,
    ink_read_as_nothing,
    number_cells,
    rule_through_text,
)
from ingest.performance.scan_second import _speck_point_dropped, _with_first_stroke, second_lines
from ingest.performance.scan_texts import (
    agreed_text,
    blank_after_a_number,
    label_form,
    lookalike_read,
    point_after_a_number,
    unknown_label,
)
from ingest.performance.scanned import _Comparison, _point_inserted
from ingest.scan_rules import image_rules
from ingest.scanimage import even_ink_mask
from ingest.scanned import recognise
from samples.performance import render_performance
from samples.performance_fidelity import as_recognised
from samples.performance_fidelity import mismatches as _mismatches
from samples.performance_targets import render_column_targets
from samples.scan import scan_pdf


@pytest.mark.parametrize(
    ("first", "second", "published"),
    [
        ("≥24小时", "≥24小时", "≥24小时"),
        ("224小时", "≥24小时", "≥24小时"),  # the first reads a comparison sign as a `2`
        ("24个", "≥24个", "≥24个"),  # or loses it
        ("s99.5期", "≤99.5期", "≤99.5期"),
        ("<24", "≤24", "≤24"),  # or reads another sign
        ("", "=", "="),  # a sign alone in its cell (北京's 指标性质), lost
        ("三", "=", "="),  # or read as a numeral
        ("年中追加预算经费", "年中追加预算经费。", None),  # a closing full stop: the second reads specks so too
        ("完成", "完成。", None),  # (目标表 seed 31: a speck)
        ("产出指标（30分）", "产出指标(30分)", "产出指标（30分）"),  # a label's marks' width: the first's
        ("元／户/年", "元/户/年", "元/户/年"),  # a unit's slash: the second's
        ("活产数x100%", "活产数×100%", "活产数×100%"),  # a formula's `×`: the second's (湖北 seed 65)
        ("≤1,200万条/年", "≦1,200万条/年", "≤1,200万条/年"),  # a sign's form: the first's (自评表 82)
        ("≥95%", "≧95%", "≥95%"),
        ("（30分）", "(30分／", None),  # (one width pair at a time, each as its reader has it)
        ("满意度指标（20分", "满意度指标（20分)", "满意度指标（20分）"),  # a closing bracket lost: its opening's
        ("满意度指标（30分", "满意度指标(30分)", "满意度指标（30分）"),
        ("满意度指标(30分", "满意度指标(30分）", "满意度指标(30分)"),
        ("满意度指标", "满意度指标)", None),  # (none opened)
        ("130个社区“四害密度达到C级", "130个社区“四害”密度达到C级", "130个社区“四害”密度达到C级"),  # (湖北 80)
        ("“四害”密度", "“四害”密”度", None),  # (a closing quote after its pair's: no lost one)
        ("四害密度", "四害”密度", None),  # (none opened)
        ("指标4：项目资金使用合规率", "指标4:项目资金使用合规率", "指标4：项目资金使用合规率"),
        ("04个", "<24个", None),  # a digit otherwise: neither
        ("16个", "1.6个", None),  # the second's speck point
        ("<16个", "16个", None),  # the second losing a sign the first read
        ("310月", "3-10月", None),
        ("7", "≥", None),  # a digit in a sign's place is no misreading of one
        ("疫情影响开展已调整计划", "疫情影响开展，已调整计划", None),  # a comma is not what the first loses
        ("", "1", None),  # a digit the first read nothing for
    ],
)
def test_what_two_readings_of_a_cell_publish(first: str, second: str, published: str | None) -> None:
    assert agreed_text(first, second) == published


@pytest.mark.parametrize(
    ("field", "first", "second", "published"),
    [
        ("level2", "数量指标", "数量指标。", "数量指标"),  # a speck after a label, read by the second
        ("level2", "可持续影响措标", "可持续影响指标", "可持续影响指标"),  # a character misread by the first
        ("level2", "社会效益指标", "经济效益指标", None),  # both of the forms: which is not known
        ("level2", "可持续影响措标", "可持续影响措标。", None),  # neither
        ("level2", "时效措木", "时效指标", None),  # two characters apart
        ("level3", "培训人次", "培训人次。", None),  # a free text has no forms
        # a closing bracket read by both in the other width than its opening (自评表 seed 64)
        ("level1", "满意度指标（20分)", "满意度指标（20分)", "满意度指标（20分）"),
        ("level1", "满意度指标(20分）", "满意度指标(20分）", "满意度指标(20分)"),
        # … by one, the other reading the pair in the other width: the opening's width is the first's
        ("level1", "满意度指标（50分)", "满意度指标(50分)", "满意度指标（50分）"),  # (自评表 seed 80)
        ("level3", "培训人次（人)", "培训人次（人)", None),  # (a free text: as printed)
        # … by one, the other losing it (自评表 seed 73, never seen)
        ("level1", "满意度指标（20分)", "满意度指标（20分", "满意度指标（20分）"),
        ("level1", "满意度指标（20分", "满意度指标（30分)", None),  # (another weight: not one label)
        # a speck inside a label read as a mark by both, each its own (自评表 seed 80, never seen)
        ("level2", "服务对象，满意度指标", "服务对象。满意度指标", "服务对象满意度指标"),
        ("level2", "服务，对象", "服务。对象", None),  # (no form without it)
        ("level2", "服务对象，。满意度指标", "服务对象。满意度指标", None),  # (two marks: not one speck)
    ],
)
def test_a_label_is_the_reading_of_the_templates_form(
    field: str, first: str, second: str, published: str | None
) -> None:
    assert label_form(field, first, second) == published


@pytest.mark.parametrize(
    ("read", "compared"),
    [
        (".20", "20"),
        (".1428人", "1428人"),
        ("=.100次", "=100次"),
        (".3-10月", "3-10月"),
        ("0.5", "0.5"),
        ("1.5万条", "1.5万条"),
        ("约.", "约."),
        ("指标4：.服务对象", "指标4：服务对象"),
        (".服务对象", "服务对象"),
        ("完成.", "完成."),
        ("1.服务对象", "1.服务对象"),
        ("www.gov.cn", "www.gov.cn"),
        ("2495.142.80", "2495142.80"),  # 自评表 seed 64: a number has one point, its last
        ("12.345.6", "12345.6"),
        ("1.2.3.45", "1.2.3.45"),  # (an outline's number: its groups are short)
        ("3.1.2", "3.1.2"),
        ("1.2.3项", "1.2.3项"),  # (a numbered item's text, no number)
        ("疫情影响，-部分活动延期", "疫情影响，部分活动延期"),  # (自评表 seed 86)
        ("*500元/户/年", "500元/户/年"),  # (湖北 seed 87)
        ("指标7：·工单转派准确率", "指标7：工单转派准确率"),  # (自评表 seed 30)
        ("3-10月", "3-10月"),
        ("*核心指标", "*核心指标"),
    ],
)
def test_a_point_before_a_number_s_first_digit_or_between_letters_is_a_speck(read: str, compared: str) -> None:
    assert _speck_point_dropped(Word(read, 0.0, 10.0, 0.0, 10.0)).text == compared


def test_a_merged_cell_keeps_its_rows_together_and_a_label_s_strokes_are_no_rule() -> None:
    """A 绩效 table's 一级 cell merged over three rows: the rules between those rows start at the
    cell's right border (they end on a column rule: not a lost end to extend over the merged
    cell), and the strokes of its label's two characters run together (26 px: longer than a
    rule's least length) are no rule. A rule that lost its end in the middle of a cell is still
    extended to the border."""
    page = np.full((700, 1000), 245, np.uint8)
    for x in (100, 300, 900):
        cv2.line(page, (x, 100), (x, 500), 0, 1)
    for y in (100, 260, 500):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for y in (140, 180, 220):
        cv2.line(page, (300, y), (900, y), 0, 1)  # rows right of the merged cell
    cv2.line(page, (340, 380), (900, 380), 0, 1)  # a rule whose left part was lost
    cv2.line(page, (187, 170), (213, 170), 0, 2)  # the label's strokes
    rows = {round(r.y): (round(r.x0), round(r.x1)) for r in image_rules(page, 72 / 150) if isinstance(r, Rule)}
    assert rows == {48: (48, 432), 67: (144, 432), 87: (144, 432), 106: (144, 432), 125: (48, 432),
                    183: (144, 432), 240: (48, 432)}  # fmt: skip


def test_a_column_rule_stops_at_a_merged_cell_whose_text_runs_across_its_place() -> None:
    """湖北's block label `长期目标1：` is printed across the 一级指标 column's border in a row merged
    over both columns: joined across that row, the rule cut the label into `长期目` | `标1：`, a
    level1 no template has. The rule stops there, as a text page's edges do; a rule's gap from one
    row rule to the next with no text across its place (a light stretch lost) is still joined. And
    glyph strokes found as two pieces of rule apart in one row (`管理率=按照`'s `=` and the tops
    beside it), reaching no column rule, are no row rule: it cut a wrapped label into two rows."""
    page = np.full((700, 1000), 245, np.uint8)
    for y in (100, 140, 180, 220, 260, 300, 340, 380, 420, 460, 500, 540, 600):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for x in (100, 900):
        cv2.line(page, (x, 100), (x, 600), 0, 1)
    cv2.line(page, (300, 100), (300, 260), 0, 1)  # broken by the merged row 260-300 …
    cv2.line(page, (300, 300), (300, 600), 0, 1)
    for x0 in (270, 284, 302, 316):  # … printed across: four characters, 3 px apart
        cv2.rectangle(page, (x0, 272), (x0 + 11, 288), 0, 1)
    cv2.line(page, (500, 100), (500, 420), 0, 1)  # a stretch lost, row rule to row rule
    cv2.line(page, (500, 460), (500, 600), 0, 1)
    cv2.line(page, (620, 520), (648, 520), 0, 2)  # strokes of glyphs in the row 500-540
    cv2.line(page, (700, 520), (728, 520), 0, 2)
    cv2.line(page, (466, 480), (492, 480), 0, 2)  # and either side of a column rule, reaching it neither
    cv2.line(page, (510, 480), (536, 480), 0, 2)
    rules = image_rules(page, 72 / 150)
    columns = sorted((round(r.x), round(r.top), round(r.bottom)) for r in rules if isinstance(r, VRule))
    assert columns == [(48, 48, 288), (144, 48, 125), (144, 144, 288), (240, 48, 288), (432, 48, 288)]
    rows = [round(r.y) for r in rules if isinstance(r, Rule)]
    assert sorted(rows) == [48, 67, 87, 106, 125, 144, 163, 183, 202, 221, 240, 259, 288]  # (no 230, 250)


def test_a_rule_s_short_stretch_between_two_texts_close_to_it_is_no_text_across() -> None:
    """湖北 seed 72: `社会效益指标 | 家庭发展能力`, two cells' texts close to the column rule between
    them, its stretch in that low row too short to be found as a rule: taken for text across a
    merged row, the rule was cut there, the row's two cells merged and the row lost (its 三级 cell
    read as none). A stretch printed along its place from row rule to row rule is the rule's."""
    page = np.full((300, 1000), 245, np.uint8)
    for y in (100, 140, 160, 200):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for x in (100, 900):
        cv2.line(page, (x, 100), (x, 200), 0, 1)
    cv2.line(page, (300, 100), (300, 140), 0, 1)
    cv2.line(page, (300, 143), (300, 157), 0, 1)  # (the stretch in the low row: no rule's length)
    cv2.line(page, (300, 160), (300, 200), 0, 1)
    cv2.rectangle(page, (286, 144), (297, 156), 0, 1)  # (the last character left of it …)
    cv2.rectangle(page, (302, 144), (313, 156), 0, 1)  # (… and the first right of it, 4 px apart)
    rules = image_rules(page, 72 / 150)
    columns = sorted((round(r.x), round(r.top), round(r.bottom)) for r in rules if isinstance(r, VRule))
    assert (144, 48, 96) in columns


def test_upright_strokes_of_characters_one_over_the_other_are_no_column_rule() -> None:
    """湖北 seed 64: `社会效益指标`'s `标` over the `指` of the next row's wrapped label, printed across
    the row rule between them: their upright strokes on one place ran together into 14.4 pt of
    column rule (longer than a rule's least length), and the border cut the `标` off into a cell of
    its own (level2 `社会效益指`, no template's label). A column rule that short running from no row
    rule to another is strokes; a one-row cell's border (row rule to row rule) stays."""
    page = np.full((300, 1000), 245, np.uint8)
    for y in (100, 140, 170, 200):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for x in (100, 300, 900):
        cv2.line(page, (x, 100), (x, 200), 0, 1)
    cv2.line(page, (600, 140), (600, 170), 0, 1)  # a one-row cell's border, 14.4 pt
    cv2.line(page, (250, 110), (250, 146), 0, 2)  # two characters' strokes across the rule at 140
    rules = image_rules(page, 72 / 150)
    columns = sorted((round(r.x), round(r.top), round(r.bottom)) for r in rules if isinstance(r, VRule))
    assert columns == [(48, 48, 96), (144, 48, 96), (288, 67, 82), (432, 48, 96)]


def test_a_merged_cell_s_label_strokes_beside_a_row_rule_are_no_part_of_it() -> None:
    """自评表 seed 71 (never seen): `社会效益指标` printed at the middle of its 二级 cell merged over two
    rows, its bottoms run together into 13 pt of rule right at the height of the rule between the
    rows beside the cell (which starts on the cell's border): joined to it, the rule was extended
    over the merged cell, cut it in two, and its first row lost its 二级 label. A short piece past
    the border the rule starts on, not reaching it, is strokes; a rule across the cell stays so."""
    page = np.full((300, 1000), 245, np.uint8)
    for y in (100, 200):
        cv2.line(page, (100, y), (900, y), 0, 1)
    for x in (100, 300, 500, 900):
        cv2.line(page, (x, 100), (x, 200), 0, 1)
    cv2.line(page, (500, 150), (900, 150), 0, 1)  # the rows beside the merged cells
    cv2.line(page, (420, 150), (450, 150), 0, 2)  # the label's strokes, 24 pt from the border
    rows = {round(r.y): (round(r.x0), round(r.x1)) for r in image_rules(page, 72 / 150) if isinstance(r, Rule)}
    assert rows == {48: (48, 432), 72: (240, 432), 96: (48, 432)}
    cv2.line(page, (300, 150), (500, 150), 0, 1)  # (a rule across the cell: the rows are two there too)
    rows = {round(r.y): (round(r.x0), round(r.x1)) for r in image_rules(page, 72 / 150) if isinstance(r, Rule)}
    assert rows == {48: (48, 432), 72: (144, 432), 96: (48, 432)}


def test_blank_paper_between_two_grids_parts_their_borders() -> None:
    """自评表 seed 66: two tables on a page, the next one's title between them. The borders of both,
    one position each, were joined across the blank paper between (no text runs across them) and
    ruled the title into a cell: the page was not parted there, and the table before lost its last
    rows. A gap no other column rule runs across is no light rule's lost stretch."""
    page = np.full((700, 1000), 245, np.uint8)
    for top, bottom in ((100, 200), (260, 400)):
        for y in range(top, bottom + 1, 50):
            cv2.line(page, (100, y), (900, y), 0, 1)
        for x in (100, 500, 900):
            cv2.line(page, (x, top), (x, bottom), 0, 1)
    cv2.line(page, (900, 300), (900, 340), 245, 1)  # (a light stretch lost within a grid: joined)
    rules = image_rules(page, 72 / 150)
    columns = sorted((round(r.x), round(r.top), round(r.bottom)) for r in rules if isinstance(r, VRule))
    assert columns == [(48, 48, 96), (48, 125, 192), (240, 48, 96), (240, 125, 192), (432, 48, 96), (432, 125, 192)]


def test_a_rule_found_through_a_wrapped_label_is_told() -> None:
    """目标表-like 二级 label `服务对象满意度指标` wrapped in its merged cell, its first line's bottom
    strokes run together into a rule joined to the row rule beside the cell (自评表 seed 7): the
    two lines, touching, lie either side of it. Two rows' labels a rule apart are no wrapped text."""
    first, second = Word("服务对象满意度指", 141.1, 201.1, 360.5, 371.0), Word("标", 166.1, 177.6, 370.1, 380.6)
    lines = [Line(1, [first]), Line(1, [second])]
    assert rule_through_text(lines, [Rule(369.0, 136.0, 806.0)]) == ("服务对象满意度指", "标")
    assert rule_through_text(lines, [Rule(390.0, 136.0, 806.0)]) is None
    apart = [Line(1, [first]), Line(1, [Word("质量指标", 150.0, 190.0, 376.0, 386.5)])]
    assert rule_through_text(apart, [Rule(373.5, 136.0, 806.0)]) is None
    # 自评表 seed 60: two one-row cells' labels, their loose boxes touching across the rule printed
    # between them: its ink runs on across the cell's padding, where the strokes of text do not
    scale = 72 / PAGE_DPI
    rules = [Rule(369.0, 136.0, 806.0), VRule(136.0, 300.0, 450.0), VRule(206.0, 300.0, 450.0)]
    for printed in (True, False):
        image = np.full((round(460 / scale), round(220 / scale)), 245, np.uint8)
        start, end = (136.0, 206.0) if printed else (141.1, 201.1)
        cv2.line(image, (round(start / scale), round(369 / scale)), (round(end / scale), round(369 / scale)), 30, 1)
        ink = even_ink_mask(image)
        page = RecognisedPage(lines, [], rules, 0.0, np.packbits(ink), ink.shape, scale)
        assert (rule_through_text(lines, rules, page) is None) is printed


def test_a_cell_partly_under_a_column_is_no_value_of_it() -> None:
    """A header cell over two columns (a scan's header rule lost: `指标权重（%)` | `是否核心` one cell):
    the body's cell under half of it holds a value of neither for certain."""
    cells = [Cell(642.0, 736.0, 56.0, 69.0, [Word("15", 684.0, 692.0, 58.0, 68.0)])]
    assert straddling(cells, (642.0, 806.0), 56.0, 69.0) is cells[0]
    assert straddling(cells, (642.0, 740.0), 56.0, 69.0) is None  # (its own column)
    assert straddling([Cell(642.0, 736.0, 56.0, 69.0)], (642.0, 806.0), 56.0, 69.0) is None  # (empty)


def test_two_numbers_one_over_the_other_are_two_rows_in_one() -> None:
    """A row rule lost between two rows (目标表 seed 23): the 指标权重 cell holds `10` over `20`,
    two rows' weights; a wrapped number (`1,234,` over `567.89`) or one number is one value."""
    stacked = [
        Cell(728.0, 806.0, 82.0, 106.0, [Word("10", 760.0, 768.0, 83.0, 93.0), Word("20", 760.0, 768.0, 95.0, 105.0)])
    ]
    assert numbers_stacked(stacked, (728.0, 806.0), 81.8, 106.3)
    wrapped = [
        Cell(
            728.0,
            806.0,
            82.0,
            106.0,
            [Word("1,234,", 740.0, 770.0, 83.0, 93.0), Word("567.89", 740.0, 770.0, 95.0, 105.0)],
        )
    ]
    assert not numbers_stacked(wrapped, (728.0, 806.0), 81.8, 106.3)
    assert not numbers_stacked(stacked[:1], (728.0, 806.0), 81.8, 94.0)


def test_a_full_stop_read_at_a_word_s_start_is_a_speck() -> None:
    def chars(text: str) -> list[dict[str, Any]]:
        return [
            {"text": ch, "x0": 10.0 * i, "x1": 10.0 * i + 9, "top": 0.0, "bottom": 10.0} for i, ch in enumerate(text)
        ]

    assert [w.text for w in box_words(chars("。年度预算执行率"), [])] == ["年度预算执行率"]
    assert [w.text for w in box_words(chars("年中追加预算经费。"), [])] == ["年中追加预算经费。"]  # (a sentence's end)
    assert [w.text for w in box_words(chars("’合计"), [])] == ["合计"]  # (a closing quote closes: 决算 seed 2121)
    assert [w.text for w in box_words(chars("“四害”密度"), [])] == ["“四害”密度"]  # (an opening one opens)


@pytest.mark.slow
def test_a_scanned_targets_table_is_published_as_both_recognisers_read_it(tmp_path: Path) -> None:
    """目标表 seed 1, page 3 scanned: the first recogniser alone loses or misreads its comparison
    signs (a table of them: `≥`, `≤`, `=` in a column of their own); read again by the second and
    confirmed by the first, the page's table is published exactly, every field, beside the text
    pages' tables."""
    printed = tmp_path / "targets-1.pdf"
    truth = render_column_targets(1, printed)
    scanned = tmp_path / "targets-1-scan-p3.pdf"
    scan_pdf(printed, scanned, seed=1, pages={3})
    doc = parse_document(scanned)
    assert (doc.kind, doc.status, doc.ocr) == ("performance", "parsed", True), doc.reason
    assert [t.status for t in doc.performance] == ["read"] * len(truth)
    assert _mismatches(truth, doc.performance) == []
    with pdfplumber.open(scanned) as pdf:  # (what the first recogniser read of the page alone)
        first = recognise(pdf, [3])
    page3 = [t for t in truth if t.first_page == 3]
    alone = read_performance([[], [], first.pages[3].lines], first.rules)
    assert _mismatches(page3, alone) != []


@pytest.mark.slow
def test_a_character_the_second_is_unsure_of_is_sure_where_it_reads_its_line_alike(tmp_path: Path) -> None:
    """目标表 seed 29 scanned: the second recogniser's page reading scores `性` of `良性运行` (page
    2) 0.57 and `淮` of `淮确率` (page 3, a `准` both recognisers misread) 0.68. Reading each one's
    line again, it reads `性` alike at 1.0 (the table stands) and `淮` at 0.53 (held back)."""
    printed = tmp_path / "targets-29.pdf"
    render_column_targets(29, printed)
    scanned = tmp_path / "targets-29-scan.pdf"
    scan_pdf(printed, scanned, seed=29)
    floor = recognition().second_reads.unsure_below
    with pdfplumber.open(scanned) as pdf:
        recognised = recognise(pdf, [2, 3])
        reading = second_lines(pdf, recognised, {2, 3})
        for n, text, sure in ((2, "性", True), (3, "淮", False)):
            unsure = [c for c in reading.chars[n] if c["text"] == text and c["confidence"] < floor]
            assert len(unsure) == 1
            page, skew = pdf.pages[n - 1], recognised.pages[n].skew
            assert read_alike_on_its_line(page, skew, unsure[0], floor) is sure


@pytest.mark.slow
def test_a_sign_both_recognisers_lost_is_found_in_the_ink(tmp_path: Path) -> None:
    """目标表 seed 3, page 3 scanned: a `=` printed alone in its 指标性质 cell, read as nothing by
    either recogniser (the two readings agree on a blank operator); its ink, two bars apart in
    the finer image where specks are round, keeps the table back."""
    printed = tmp_path / "targets-3.pdf"
    truth = render_column_targets(3, printed)
    row = next(i for t in truth if t.first_page == 3 for i in t.indicators if i.level3 == "机关食堂满意度")
    assert row.target_operator == "="
    scanned = tmp_path / "targets-3-scan-p3.pdf"
    scan_pdf(printed, scanned, seed=3, pages={3})
    doc = parse_document(scanned)
    assert doc.status == "parsed", doc.reason
    kept = [t for t in doc.performance if t.first_page == 3]
    assert [t.status for t in kept] == ["quarantined"]
    assert "read by neither recogniser" in (kept[0].reason or "")
    assert all(t.status == "read" for t in doc.performance if t.first_page != 3)


@pytest.mark.slow
def test_a_sign_alone_in_its_cell_the_second_lost_is_the_first_s_where_its_ink_is_two_bars(tmp_path: Path) -> None:
    """目标表 seed 67, page 3 scanned: a `=` alone in its 指标性质 cell, read by the first recogniser
    and lost by the second, from the finer image too. Its ink is two bars (scan_marks.two_bars):
    the second reading takes it, and the page's table is published exactly (it was held back)."""
    printed = tmp_path / "targets-67.pdf"
    truth = render_column_targets(67, printed)
    scanned = tmp_path / "targets-67-scan-p3.pdf"
    scan_pdf(printed, scanned, seed=67, pages={3})
    doc = parse_document(scanned)
    assert doc.status == "parsed", doc.reason
    assert [t.status for t in doc.performance] == ["read"] * len(truth)
    assert _mismatches(truth, doc.performance) == []


def _scanned_self_evaluation(seed: int, folder: Path) -> tuple[list[Any], Path]:
    """A generated 自评表 document (its truth) and its scan, in `folder`."""
    printed = folder / f"self-evaluation-{seed}.pdf"
    truth = render_performance(seed, printed)
    scanned = folder / f"self-evaluation-{seed}-scan.pdf"
    scan_pdf(printed, scanned, seed=seed)
    return truth, scanned


@pytest.mark.slow
def test_a_number_the_second_reading_of_a_page_lost_is_read_again_from_its_box(tmp_path: Path) -> None:
    """自评表 seed 9 scanned (项目 table, one page): the second recogniser's reading of the whole
    page loses the lone `10` under 分值 of a row that the first reads; read again from a finer
    image of that word's box, within its cell, the second reads `10` too, and its lines hold it
    (ingest/performance/scanned.py `_lost_by_second`: before, the table was held back for it)."""
    _, scanned = _scanned_self_evaluation(9, tmp_path)
    with pdfplumber.open(scanned) as pdf:
        recognised = recognise(pdf, [1])
        page = recognised.pages[1]
        borders = [r for r in page.rules if isinstance(r, VRule)]
        alone = [w for box in read_page(pdf.pages[0], page.skew) for w in box_words(box, borders)]
        reading = second_lines(pdf, recognised, {1})
    first = read_performance([page.lines], recognised.rules)
    rows = [(i.top, i.bottom) for t in first for i in t.indicators if i.weight_text == "10"]

    def tens(words: list[Word]) -> list[tuple[float, float]]:
        middles = [(w.top + w.bottom) / 2 for w in words if w.text == "10"]
        return [r for r in rows if any(r[0] - 1 <= y <= r[1] + 1 for y in middles)]

    again = [w for line in reading.lines[1] for w in line.words]
    assert len(tens(alone)) < len(rows) and tens(again) == rows


@pytest.mark.slow
def test_a_scanned_self_evaluation_s_full_stops_are_told_from_specks_by_their_ink(tmp_path: Path) -> None:
    """自评表 seed 21 scanned (9 alike): its 偏差原因 sentences end in `。`, which the first
    recogniser loses and the second reads (as it reads a speck after a text); each `。` a ring in
    the ink, the tables are published exactly (before, none of the 自评表 scanned was)."""
    truth, scanned = _scanned_self_evaluation(21, tmp_path)
    assert any((i.deviation or "").endswith("。") for t in truth for i in t.indicators)
    doc = parse_document(scanned)
    assert doc.status == "parsed", doc.reason
    assert [t.status for t in doc.performance] == ["read"] * len(truth)
    assert _mismatches(as_recognised(truth), doc.performance) == []  # (`＝` published as `=`)


@pytest.mark.slow
def test_a_point_only_the_second_reads_where_the_ink_has_no_room_for_one_is_a_speck(tmp_path: Path) -> None:
    """自评表 seed 86 scanned (never seen): an actual value `98.84` read `9.8.84` by the second
    recogniser (a speck between `9` and `8`), and a 偏差原因 `疫情影响，部分…` read `，-部分`:
    the digits either side of the second's first point stand as neighbours do (no room for a
    printed point), so the first's reading stands, and its number with it; no 绩效 text prints a
    hyphen after a full-width comma. Both tables are published, exactly (before, both were held)."""
    assert _point_inserted("98.84", "9.8.84") == 1
    assert _point_inserted("98.84", "9.884") is None and _point_inserted("98.84", "9.8.64") is None
    assert _point_inserted("15", "1.5") == 1 and _point_inserted("完成", "完成.") is None
    truth, scanned = _scanned_self_evaluation(86, tmp_path)
    doc = parse_document(scanned)
    assert doc.status == "parsed", doc.reason
    assert [t.status for t in doc.performance] == ["read"] * len(truth) == ["read", "read"]
    assert _mismatches(as_recognised(truth), doc.performance) == []
    assert any(i.actual == "98.84" and i.actual_value == Decimal("98.84") for i in doc.performance[0].indicators)


@pytest.mark.slow
def test_a_blank_s_dash_read_otherwise_by_each_recogniser_is_one_blank(tmp_path: Path) -> None:
    """自评表 seed 36 scanned: the 分值 of the line 其中：当年财政拨款 prints a dash for a blank,
    read `二` by the first recogniser and not at all by the second; its ink is flat strokes only,
    so the first's printed text (not published: the value is None in both) is the second's. A
    line whose texts both read alike is left as it is."""
    _, scanned = _scanned_self_evaluation(36, tmp_path)
    with pdfplumber.open(scanned) as pdf:
        recognised = recognise(pdf, [1])
        reading = second_lines(pdf, recognised, {1})
        comparison = _Comparison(pdf, recognised, reading)
        first = read_performance([recognised.pages[1].lines], recognised.rules)[0].funds
        second = read_performance([reading.lines[1]], recognised.rules)[0].funds
        a, b = (next(f for f in funds if f.label == "其中：当年财政拨款") for funds in (first, second))
        assert (a.texts.get("weight"), b.texts.get("weight"), a.weight, b.weight) == ("二", None, None, None)
        assert comparison._texts_settled(a, b).texts == b.texts
        total = next(f for f in first if f.line == "total")
        assert comparison._texts_settled(total, next(f for f in second if f.line == "total")) is total


@pytest.mark.slow
def test_an_execution_rate_s_two_hyphens_one_recogniser_read_as_a_numeral_are_printed(tmp_path: Path) -> None:
    """自评表 seed 83 scanned: the execution rate of the line 财政资金小计 prints `--`, read `一`
    by the first recogniser and not at all by the second. A published text is not settled as a
    blank's dash (which dash was printed is not told), but the cell's ink is two flat hyphens
    side by side: both readings are `--`, as printed. A rate read as a number is left alone."""
    _, scanned = _scanned_self_evaluation(83, tmp_path)

    def line(table: Any, label: str = "财政资金小计") -> Any:
        return next(f for f in table.funds if f.label == label or f.line == label)

    with pdfplumber.open(scanned) as pdf:
        recognised = recognise(pdf, [1])
        reading = second_lines(pdf, recognised, {1})
        comparison = _Comparison(pdf, recognised, reading)
        first = read_performance([recognised.pages[1].lines], recognised.rules)[0]
        second = read_performance([reading.lines[1]], recognised.rules)[0]
        assert [line(t).execution_rate_text for t in (first, second)] == ["一", None]
        for table in (first, second):
            settled = comparison._rates_dashed(table)
            assert (line(settled).execution_rate_text, line(settled).texts.get("execution_rate")) == ("--", "--")
            assert line(table, "total").execution_rate_text is not None
            assert line(settled, "total") == line(table, "total")


@pytest.mark.slow
def test_a_blank_s_dash_both_recognisers_read_as_a_numeral_is_a_blank(tmp_path: Path) -> None:
    """自评表 seed 68 scanned, page 2: the 分值 of the line 其中：当年财政拨款 prints a dash for a
    blank, read `二` by both recognisers (no amount prints a Chinese numeral); the second's reading
    was held back by the reader for it ("weight '二' is not a number") before the dash rules could
    settle it. Its ink is flat strokes only: the table is published, exactly as printed."""
    truth, scanned = _scanned_self_evaluation(68, tmp_path)
    with pdfplumber.open(scanned) as pdf:
        recognised = recognise(pdf, [2])
        reading = second_lines(pdf, recognised, {2})
    second = read_performance([[], reading.lines[2]], recognised.rules)[0]
    line = next(f for f in second.funds if f.label == "其中：当年财政拨款")
    assert (line.texts.get("weight"), second.status) == ("二", "quarantined")
    doc = parse_document(scanned)
    published = [t for t in doc.performance if t.first_page == 2]
    assert [t.status for t in published] == ["read"], [t.reason for t in published]
    expected = [t for t in as_recognised(truth) if t.first_page == 2]
    assert _mismatches(expected, published) == []


def test_a_scanned_table_s_labels_are_the_templates() -> None:
    """Read from an image, every indicator row carries 一级/二级 labels of the templates' forms; a
    table printing no such column (北京's 目标表) is not held to it."""

    def row(n: int, level1: str | None, level2: str | None) -> Indicator:
        return Indicator(
            n, 1, level1, level2, "培训人次", None, None, None, None, None, None, None, None, None, None, None
        )

    table = PerformanceTable("f", "self_evaluation", "项目", "t", 1, 1)
    table.indicators = [row(1, "产出指标（30分）", "数量指标"), row(2, "满意度指标", "服务对象满意度指标")]
    assert unknown_label(table) is None
    table.indicators.append(row(3, "1", None))  # (湖北's block label `长期目标1：…` cut into a row)
    assert "level1 '1'" in (unknown_label(table) or "")
    table.indicators[2] = row(3, "产出指标", "数量指标。")
    assert "level2 '数量指标。'" in (unknown_label(table) or "")
    table.indicators = [row(1, None, None), row(2, None, None)]
    assert unknown_label(table) is None
    # (a money line's label read with a speck's `。` after it by both: no label is a sentence)
    line = FundLine("fiscal", "其中：当年财政拨款", 1, None, None, None, None, None, None, None)
    table.funds = [line]
    assert unknown_label(table) is None
    table.funds = [dataclasses.replace(line, label="其中：当年财政拨款。")]
    assert "money line '其中：当年财政拨款。'" in (unknown_label(table) or "")


def test_a_text_read_with_a_blank_mark_after_a_number_is_held_back() -> None:
    """湖北 seed 35 scanned: `1000元` read `1000无` by both recognisers alike, inside an indicator's
    name; a number followed by a blank mark is printed nowhere. A blank alone, a unit, a text
    whose `无` follows no digit, are no such value."""

    def row(name: str, target: str | None, actual: str | None) -> Indicator:
        return Indicator(1, 2, "产出指标", "成本指标", name, target, None, None, None, actual, *[None] * 6)

    table = PerformanceTable("f", "self_evaluation", "项目", "t", 1, 2)
    for name, target, actual in [("补助标准", "1000元", "无"), ("无事故率", "≥95%", "一"), ("补助标准", "完成", "无")]:
        table.indicators = [row(name, target, actual)]
        assert blank_after_a_number(table) is None
    table.indicators = [row("特困计生特殊家庭1000无帮扶慰问人数", "≥20人", "20人")]
    assert "level3 '特困计生特殊家庭1000无帮扶慰问人数'" in (blank_after_a_number(table) or "")
    table.indicators = [row("补助标准", "≥3一", None)]
    assert "target '≥3一'" in (blank_after_a_number(table) or "")


def test_a_look_alike_read_outside_the_words_it_is_printed_in_is_held_back() -> None:
    """湖北 seed 67 scanned: `老年人` read `老年入` by both recognisers with full confidence. `入`
    is printed after a few characters only (收入, 投入, 纳入 …): read elsewhere, or first in a
    text, the table is held; in those words, or a `人` anywhere, it is not."""

    def row(name: str, deviation: str | None = None) -> Indicator:
        return Indicator(1, 2, "产出指标", "数量指标", name, "≥95%", *[None] * 9, deviation)

    table = PerformanceTable("f", "self_evaluation", "项目", "t", 1, 2)
    for name, deviation in [("老年人中医药健康管理率", None), ("农民人均收入", "纳入市级考核，投入增加")]:
        table.indicators = [row(name, deviation)]
        assert lookalike_read(table) is None
    for name, deviation in [("老年入中医药健康管理率", None), ("培训人次", "入户走访")]:
        table.indicators = [row(name, deviation)]
        assert "may be a look-alike" in (lookalike_read(table) or "")


def test_a_value_read_with_a_point_between_its_number_and_unit_is_held_back() -> None:
    """湖北 seed 64 scanned: `130个` (an earlier year's value) read `130.个` by both recognisers, a
    speck between the number and its unit. A number's point stands between its digits."""
    row = Indicator(1, 2, "产出指标", "数量指标", "社区外环境消杀", "130个", *[None] * 10)
    table = PerformanceTable("f", "self_evaluation", "项目", "t", 1, 2)
    for prior, target in [(((2020, "130个"),), "1.5个"), (((2020, "0.5天"),), "≥95%")]:
        table.indicators = [dataclasses.replace(row, prior=prior, target=target)]
        assert point_after_a_number(table) is None
    table.indicators = [dataclasses.replace(row, prior=((2020, "130.个"), (2021, "130个")))]
    assert "prior '130.个'" in (point_after_a_number(table) or "")
    table.indicators = [dataclasses.replace(row, actual="20.人")]
    assert "actual '20.人'" in (point_after_a_number(table) or "")


def test_strokes_are_told_from_specks_in_the_finer_image() -> None:
    """At 150 dpi a `=` (or a `--`'s hyphen) is a blot as round and light as a speck; at 300 dpi its
    bars are long and thin, a speck still round. A rule across the box is neither."""
    paper = np.full((40, 40), 250, np.uint8)
    equals = paper.copy()
    equals[14:18, 12:26] = 20
    equals[22:26, 12:26] = 20
    speck = paper.copy()
    cv2.circle(speck, (20, 20), 3, 20, -1)
    rule = paper.copy()
    rule[0:3, :] = 20
    assert _strokes(equals) and not _strokes(speck) and not _strokes(rule)


def test_a_column_rule_found_between_two_touching_words_cuts_a_label() -> None:
    """湖北 seed 41: the strokes of `质量指标` over `可持续影响指` made a short column rule inside the
    二级 cell; the label was cut there (`可持续影响` | `指`), the piece beyond read into no column, and
    both readings agreed on `可持续影响` (a template's form): the table is held back. Two cells'
    texts, each with its padding, are not touching."""
    rule = VRule(167.8, 461.0, 477.6)
    cut = [Line(1, [Word("可持续影响", 132.5, 169.9, 471.8, 480.0), Word("指", 170.4, 178.1, 471.8, 480.0)])]
    assert column_rule_through_text(cut, [rule]) == ("可持续影响", "指")
    cells = [Line(1, [Word("质量指标", 140.6, 164.0, 461.8, 473.3), Word("社区外环境", 171.5, 206.0, 462.2, 473.3)])]
    assert column_rule_through_text(cells, [rule]) is None
    assert column_rule_through_text(cut, [VRule(181.4, 232.6, 780.7)]) is None  # (no rule between them)


def test_a_dash_both_lost_in_a_money_cell_published_as_a_number_is_no_print_lost() -> None:
    """自评表 seed 66: the `—` printed for a sub-line's 分值, read as nothing by both recognisers. In a
    cell published as a number a blank and its dash are one (none): no print lost there. A digit
    lost there is; a dash lost in a cell published as printed (an execution rate) is too."""
    scale = 72 / PAGE_DPI
    image = np.full((round(40 / scale), round(120 / scale)), 245, np.uint8)
    cv2.rectangle(image, (round(50 / scale), round(20 / scale)), (round(58 / scale), round(21 / scale)), 40, -1)
    rules = [VRule(10.0, 5.0, 35.0), VRule(110.0, 5.0, 35.0)]

    def page(image: np.ndarray) -> RecognisedPage:
        ink = even_ink_mask(image)
        return RecognisedPage([], [], rules, 0.0, np.packbits(ink), ink.shape, scale)

    def finer(box: tuple[float, float, float, float], image: np.ndarray = image) -> np.ndarray:
        x0, top, x1, bottom = box
        return cv2.resize(image[round(top / scale) : round(bottom / scale), round(x0 / scale) : round(x1 / scale)],
                          None, fx=2, fy=2)  # fmt: skip

    cell = [(10.0, 14.0, 110.0, 27.0)]
    assert ink_read_as_nothing(page(image), [(14.0, 27.0)], [], finer, cell) is None
    assert ink_read_as_nothing(page(image), [(14.0, 27.0)], [], finer) is not None  # (no such cell)
    digit = np.full_like(image, 245)
    cv2.putText(digit, "4", (round(50 / scale), round(24 / scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 30, 1)
    assert ink_read_as_nothing(page(digit), [(14.0, 27.0)], [], partial(finer, image=digit), cell) is not None


def test_the_edge_of_a_glyph_a_recognised_box_falls_short_of_is_no_print_lost() -> None:
    """自评表 seed 60: `97.74%` boxed by both recognisers to the middle of its `%`, the rest of the
    `%` stood out of the boxes as print read by neither. A blot that is mostly a boxed glyph's is
    its edge; a glyph beside the box, apart, is still print lost."""
    scale = 72 / PAGE_DPI
    image = np.full((round(40 / scale), round(120 / scale)), 245, np.uint8)
    cv2.putText(image, "0%", (round(40 / scale), round(25 / scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 30, 1)
    ink = even_ink_mask(image)
    columns = np.flatnonzero(ink.any(axis=0))
    right = columns.max() * scale  # (the `%`'s right end)
    rules = [VRule(10.0, 5.0, 35.0), VRule(110.0, 5.0, 35.0)]
    chars = [{"text": "0%", "x0": 40.0, "x1": right - 3.0, "top": 14.0, "bottom": 27.0}]
    page = RecognisedPage([Line(1, [Word("0%", 40.0, right - 3.0, 14.0, 27.0)])], chars, rules, 0.0,
                          np.packbits(ink), ink.shape, scale)  # fmt: skip

    def finer(box: tuple[float, float, float, float]) -> np.ndarray:
        x0, top, x1, bottom = box
        return cv2.resize(image[round(top / scale) : round(bottom / scale), round(x0 / scale) : round(x1 / scale)],
                          None, fx=2, fy=2)  # fmt: skip

    assert ink_read_as_nothing(page, [(14.0, 27.0)], [], finer) is None
    cv2.putText(image, "4", (round(right / scale) + 8, round(25 / scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 30, 1)
    ink = even_ink_mask(image)
    page = dataclasses.replace(page, ink=np.packbits(ink))
    found = ink_read_as_nothing(page, [(14.0, 27.0)], [], finer)
    assert found is not None and found[0] > right


def test_a_money_line_s_cells_published_as_numbers_run_across_its_columns_but_the_printed_ones() -> None:
    # 宁德's 整体 table (自评表 seed 65): a `--` under 年中调整金额②, a column no field reads, lost by both
    spans = {"budget_initial": (150.0, 240.0), "executed": (361.0, 433.0), "execution_rate": (433.0, 528.0),
             "weight": (740.0, 773.0), "score": (773.0, 806.0)}  # fmt: skip
    line = FundLine("fiscal", "财政资金小计", 1, None, None, None, None, None, None, None, top=120.0, bottom=132.0)
    cells = number_cells(dataclasses.replace(line, spans=spans))
    assert cells == [(150.0, 120.0, 433.0, 132.0), (528.0, 120.0, 806.0, 132.0)]  # (not the rate's)
    assert number_cells(line) == []
    # (a rate published `--`, read so or its two hyphens seen in the ink: a flat stroke there is of it)
    dashed = dataclasses.replace(line, spans=spans, execution_rate_text="--", texts={"execution_rate": "--"})
    assert number_cells(dashed) == [(150.0, 120.0, 806.0, 132.0)]


def test_the_second_reading_takes_back_a_header_s_lost_first_stroke() -> None:
    # 自评表 seed 65: the second recogniser read 一级指标 as `级指标`, and found no 一级 column
    word = _with_first_stroke(Word("级指标", 91.0, 115.0, 183.0, 194.0))
    assert word.text == "一级指标" and _with_first_stroke(Word("二级指标", 0, 1, 0, 1)).text == "二级指标"
    # 自评表 seed 68: the second read the next table's title `…项目绩效自评表…` (specks after it), and
    # took that table for the page before's: the marks after a title go, as from the first's words
    title = _with_first_stroke(Word("2023年事业单位离休人员和保健对象医疗费项目绩效自评表…", 153.0, 454.0, 17.0, 29.0))
    assert title.text == "2023年事业单位离休人员和保健对象医疗费项目绩效自评表"


def test_print_read_as_a_word_the_repairs_dropped_is_print_read_as_nothing() -> None:
    """自评表 seed 45: the `--` of an execution rate read `--` by the first recogniser, then dropped
    as specks at a word's ends, and as nothing by the second: its characters' boxes are no reading
    of it (the rate was published as no text). A character of a word kept covers its ink."""
    scale = 72 / PAGE_DPI
    image = np.full((round(40 / scale), round(120 / scale)), 245, np.uint8)
    for x in (50, 53):  # (two bars of a `--`, 2 points long, a point thick)
        cv2.rectangle(image, (round(x / scale), round(20 / scale)), (round((x + 2) / scale), round(21 / scale)), 40, -1)
    ink = even_ink_mask(image)
    chars = [{"text": "-", "x0": 49.5, "x1": 52.5, "top": 16.0, "bottom": 24.0},
             {"text": "-", "x0": 52.5, "x1": 55.5, "top": 16.0, "bottom": 24.0}]  # fmt: skip
    rules = [VRule(10.0, 5.0, 35.0), VRule(110.0, 5.0, 35.0)]

    def page(lines: list[Line]) -> RecognisedPage:
        return RecognisedPage(lines, chars, rules, 0.0, np.packbits(ink), ink.shape, scale)

    def finer(box: tuple[float, float, float, float]) -> np.ndarray:
        x0, top, x1, bottom = box
        return cv2.resize(image[round(top / scale) : round(bottom / scale), round(x0 / scale) : round(x1 / scale)],
                          None, fx=2, fy=2)  # fmt: skip

    found = ink_read_as_nothing(page([]), [(14.0, 27.0)], [], finer)
    assert found is not None and 48 < found[0] < 56
    kept = [Line(1, [Word("--", 49.5, 55.5, 16.0, 24.0)])]
    assert ink_read_as_nothing(page(kept), [(14.0, 27.0)], [], finer) is None


def test_a_speck_read_as_a_mark_before_a_header_word_still_names_its_column() -> None:
    """自评表 seed 73 (never seen): the second recogniser read a speck before `三级指标` as `：`, the
    header named no 三级 column, and the table was read without its indicator rows (湖北 seed 67: one
    before a repeated header's `指标名称` read `…`, the header then read as an indicator row). No
    header word starts with a mark: the header is found, and names the same columns."""
    cells = [Cell(10.0 + 60 * k, 70.0 + 60 * k, 40.0, 52.0, [Word(t, 12.0 + 60 * k, 50.0 + 60 * k, 41.0, 51.0)])
             for k, t in enumerate(("一级指标", "：三级指标", "…年度指标值"))]  # fmt: skip
    words = {"level1": ["一级指标"], "level3": ["三级指标"], "target": ["年度指标值"]}
    ((columns, _),) = header_rows(cells, words, ("level3",))
    assert set(columns.spans) == {"level1", "level3", "target"}


def test_print_in_a_column_no_field_holds_is_no_print_lost() -> None:
    """目标表 seeds 61, 64, 67, 71 (scanned): a 序号's lone `1` lost by both recognisers held each
    table back as print read as nothing; seeds 60, 63, 71: the second's doubt on a 是否核心's `否`.
    Neither column is published: header cells read as one (families.yaml `unread_columns`) mark
    their spans, and print there is no value lost. A header misread names no column: its column
    is looked at as any other."""

    def header(*texts: str) -> list[Cell]:
        return [Cell(10.0 + 50 * k, 60.0 + 50 * k, 40.0, 52.0, [Word(t, 12.0 + 50 * k, 40.0 + 50 * k, 41.0, 51.0)])
                for k, t in enumerate(texts)]  # fmt: skip

    words = {"level3": ["指标名称"], "target": ["指标值"]}
    ((columns, _),) = header_rows(header("序号", "指标名称", "指标值", "是否核心"), words, ("level3",))
    assert columns.spans == {"level3": (60.0, 110.0), "target": (110.0, 160.0)}
    assert columns.unread == ((10.0, 60.0), (160.0, 210.0))
    ((misread, _),) = header_rows(header("序亏", "指标名称", "指标值"), words, ("level3",))
    assert misread.unread == ()

    scale = 72 / PAGE_DPI
    image = np.full((round(40 / scale), round(120 / scale)), 245, np.uint8)
    cv2.putText(image, "4", (round(20 / scale), round(24 / scale)), cv2.FONT_HERSHEY_SIMPLEX, 0.5, 30, 1)
    rules = [VRule(10.0, 5.0, 35.0), VRule(40.0, 5.0, 35.0), VRule(110.0, 5.0, 35.0)]
    ink = even_ink_mask(image)
    page = RecognisedPage([], [], rules, 0.0, np.packbits(ink), ink.shape, scale)

    def finer(box: tuple[float, float, float, float]) -> np.ndarray:
        x0, top, x1, bottom = box
        return cv2.resize(image[round(top / scale) : round(bottom / scale), round(x0 / scale) : round(x1 / scale)],
                          None, fx=2, fy=2)  # fmt: skip

    assert ink_read_as_nothing(page, [(14.0, 27.0)], [], finer) is not None
    assert ink_read_as_nothing(page, [(14.0, 27.0)], [], finer, unread=[(10.0, 14.0, 40.0, 27.0)]) is None
    assert ink_read_as_nothing(page, [(14.0, 27.0)], [], finer, unread=[(40.0, 14.0, 110.0, 27.0)]) is not None
