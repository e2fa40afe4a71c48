"""Scanned pages: a row label whose printed start recognition lost whole (ingest/scan_label_ink.py),
and the enumeration repairs that read a column's sequence (ingest/scan_numbering.py). The page
image is drawn here with the report font (WenQuanYi Micro Hei, installed with the samples), at
the resolution pages are recognised at; the recognised words are made by hand, as
`ocr.ocr_page` returns them. No recognition runs here."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import PAGE_DPI, RecognisedPage
from ingest.records import Amount, ParsedDocument, ReportTable
from ingest.scan_amounts import check_confidence
from ingest.scan_label_ink import label_with_unread_start
from ingest.scan_lost import LostInk
from ingest.scan_numbering import marks_split, misnumbered, restore_enumeration_marks
from ingest.scanimage import even_ink_mask
from ingest.scanned import Recognised, restore_enumeration
from samples.pages import _ttf_path

_SCALE = 72 / PAGE_DPI  # points per pixel of a recognised page's image
_SIZE = 9.0  # the table body's type size (points)
_LEFT = 40.0  # where a label's print starts in its cell (points)
_AMOUNT_X = 200.0


def _font() -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(_ttf_path()), round(_SIZE / _SCALE))


def _page(
    rows: list[tuple[str, str, float]],
    speck_after: int | None = None,
    code_cell: int | None = None,
    speck: int = 2,
    faint_rule: bool = False,
) -> RecognisedPage:
    """A page of rows, each (printed label, label as read, amount), the text read boxed from where
    its own characters are printed (a label's lost start: the rest's box). `speck_after`: a
    speck (`speck` pixels square) printed a little after that row's label. `code_cell`: that
    row's code `06` printed in a cell left of its label, the cell's rule drawn but not among the
    page's rules there (the rules found lack it); `faint_rule`: found, its ink too faint to tell
    from the mask (no barrier to a run of ink)."""
    font = _font()
    image = Image.new("L", (round(300 / _SCALE), round((100 + 16 * len(rows)) / _SCALE)), 250)
    draw = ImageDraw.Draw(image)
    lines, rules = [], [VRule(_AMOUNT_X - 10, 70.0, 100 + 16 * len(rows))]
    for n, (printed, read, amount) in enumerate(rows):
        top = 80.0 + 16 * n
        draw.text((_LEFT / _SCALE, top / _SCALE), printed, font=font, fill=20)
        draw.text((_AMOUNT_X / _SCALE, top / _SCALE), f"{amount:.2f}", font=font, fill=20)
        start = _LEFT + font.getlength(printed[: printed.index(read)]) * _SCALE
        end = _LEFT + font.getlength(printed) * _SCALE
        if n != code_cell:
            rules.append(VRule(_LEFT - 3, top - 3, top + 13))
        else:
            draw.text(((_LEFT - 14) / _SCALE, top / _SCALE), "06", font=font, fill=20)
            rule = (_LEFT - 3) / _SCALE
            if faint_rule:
                rules.append(VRule(_LEFT - 3, top - 3, top + 13))
            else:
                draw.line((rule, (top - 3) / _SCALE, rule, (top + 13) / _SCALE), fill=40, width=1)
        if n == speck_after:
            x = end / _SCALE + 6 + speck // 2
            draw.rectangle((x, (top + 4) / _SCALE, x + speck, (top + 4) / _SCALE + speck), fill=30)
        number_end = _AMOUNT_X + font.getlength(f"{amount:.2f}") * _SCALE
        # (boxed a point above and below the print, as the recogniser boxes a line of text)
        _, ink_top, _, ink_bottom = draw.textbbox((_LEFT / _SCALE, top / _SCALE), printed, font=font)
        box = (ink_top * _SCALE - 1, ink_bottom * _SCALE + 1)
        words = [Word(read, start, end, *box), Word(f"{amount:.2f}", _AMOUNT_X, number_end, *box)]
        lines.append(Line(1, words))
    ink = even_ink_mask(np.array(image))
    return RecognisedPage(lines, [], rules, 0.0, np.packbits(ink), ink.shape, _SCALE)


def _amounts(page: RecognisedPage) -> list[Amount]:
    found = []
    for line in page.lines:
        label, number = line.words
        amount = Amount("04", 1, 1, label.text, "total", Decimal(number.text), number.text, "万元")
        found.append(replace(amount, x0=number.x0, x1=number.x1, top=number.top, bottom=number.bottom))
    return found


_ROWS = [
    ("本年收入合计", "本年收入合计", 12.5),
    ("年初财政拨款结转和结余", "年初财政拨款结转和结余", 3.1),
    ("一般公共预算财政拨款", "一般公共预算财政拨款", 3.1),
    ("收入总计", "收入总计", 15.6),
]


def test_a_label_whose_enumeration_was_lost_whole_is_told_by_the_ink_before_it() -> None:
    # 决算 seeds 2070, 2089: every label of 04's income column printed `一、 一般…`, `二、 …` read
    # without its enumeration (known names as read: no sequence says what was lost)
    rows = [("一、 一般公共预算财政拨款", "一般公共预算财政拨款", 1789.35), *_ROWS]
    page = _page(rows)
    unread = label_with_unread_start({1: page}, _amounts(page))
    assert unread is not None and unread.label == "一般公共预算财政拨款" and unread.amount.amount_text == "1789.35"
    assert 1.5 < unread.characters < 3.5  # (`一、` and the blank after it)
    # read whole, the same print is accounted for: nothing unread
    page = _page([("一、 一般公共预算财政拨款", "一、 一般公共预算财政拨款", 1789.35), *_ROWS])
    assert label_with_unread_start({1: page}, _amounts(page)) is None


def test_a_label_read_whole_is_judged_by_its_width_not_where_its_box_starts() -> None:
    # 决算 seed 2072: `一、一般…` read whole, its box starting a character and a half right of its
    # ink: no print is unread (the width of the ink is the text's)
    page = _page([("一、一般公共预算财政拨款", "一、一般公共预算财政拨款", 1789.35), *_ROWS])
    first = page.lines[0].words[0]
    page.lines[0].words[0] = replace(first, x0=first.x0 + 1.5 * _SIZE)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # a speck printed after a label is no character of it (决算 seed 2076: `离休费 ·`)
    page = _page([("离休费", "离休费", 3.0), *_ROWS], speck_after=0)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # nor a blot too big for a speck, past its box (决算 seed 2061: `其他科技重大项目 ▪`)
    page = _page([("其他科技重大项目", "其他科技重大项目", 3.0), *_ROWS], speck_after=0, speck=14)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # nor one the label's box takes in (决算 seed 2035: `一般行政管理事务 ·` boxed to the blot's end):
    # the run starts where the box does, no print before it
    page = _page([("一般行政管理事务", "一般行政管理事务", 3.0), *_ROWS], speck_after=0, speck=14)
    first = page.lines[0].words[0]
    page.lines[0].words[0] = replace(first, x1=first.x1 + 2 * _SIZE)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # a cell's rule the page's rules lack is no print of the label beside it (决算 seed 2043: the
    # code `06` beyond it)
    page = _page([("工程建设管理", "工程建设管理", 3.0), *_ROWS], code_cell=0)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # nor where the rule is found (too faint to stop a run of ink) and the label's box reaches onto
    # it (决算 seed 2215: a speck right before `印刷费` boxed with it): the run stops at the rule,
    # short of the code's cell
    page = _page([("工程建设管理", "工程建设管理", 3.0), *_ROWS], code_cell=0, faint_rule=True)
    first = page.lines[0].words[0]
    page.lines[0].words[0] = replace(first, x0=_LEFT - 3.5)
    assert label_with_unread_start({1: page}, _amounts(page)) is None
    # a page too few labels measure the type's pitch on is not judged
    page = _page([("一、 一般公共预算财政拨款", "一般公共预算财政拨款", 1789.35), ("收入总计", "收入总计", 15.6)])
    assert label_with_unread_start({1: page}, _amounts(page)) is None


def test_a_page_of_a_few_labels_is_judged_at_the_document_s_pitch() -> None:
    # 预算 seed 2142, 表4: four labels, the two of the income column read without `一、`/`二、`
    # (their runs, a label each, widen the page's own pitch): the document's other pages, in the
    # same type, measure it, and the lost start is told
    printed = [("一、 一般公共预算资金", 1789.35), ("二、 政府性基金", 12.0), ("一般公共预算支出", 1801.35)]
    small = _page([(text, text.split(" ")[-1], amount) for text, amount in printed])
    other = _page(_ROWS * 3)
    amounts = [*_amounts(small), *(replace(a, page=2) for a in _amounts(other))]
    unread = label_with_unread_start({1: small, 2: other}, amounts)
    assert unread is not None and unread.label == "一般公共预算资金"
    assert label_with_unread_start({1: small}, _amounts(small)) is None  # (too few labels alone)
    # read whole, nothing is unread at the document's pitch either
    whole = _page([(text, text, amount) for text, amount in printed])
    assert label_with_unread_start({1: whole, 2: other}, [*_amounts(whole), *amounts[3:]]) is None


def _labels(*rows: tuple[float, str]) -> list[Line]:
    """One label a line, each (x0, text), 8 pt a character, 14 pt apart."""
    return [
        Line(1, [Word(text, x0, x0 + 8.0 * len(text), 100.0 + 14 * n, 110.0 + 14 * n)])
        for n, (x0, text) in enumerate(rows)
    ]


def test_a_numeral_read_as_a_word_of_its_own_is_its_label_s() -> None:
    # 决算 seed 2077: `二、政府性…` read `二` (a line of its own, inside the label's band) and
    # `政府性基金预算财政拨款收入` set right of the column; `一、` read `、`, `三、` lost whole
    lines = _labels(
        (44.0, "、一般公共预算财政拨款收入"), (56.0, "政府性基金预算财政拨款收入"),
        (55.0, "国有资本经营预算财政拨款收入"), (38.0, "四、上级补助收入"),
    )  # fmt: skip
    lines.insert(2, Line(1, [Word("二", 39.0, 47.0, 115.0, 123.0)]))
    restore_enumeration_marks([lines])
    restore_enumeration([lines])
    assert [line.text for line in lines] == [
        "一、一般公共预算财政拨款收入", "二、政府性基金预算财政拨款收入",
        "三、国有资本经营预算财政拨款收入", "四、上级补助收入",
    ]  # fmt: skip
    # 决算 seed 2246: the same, the numeral's line holding the other panel's cells too (`二 |
    # 二、外交支出 | 32`): alone in its column, it is still its label's
    lines = _labels(
        (44.0, "、一般公共预算财政拨款收入"), (56.0, "政府性基金预算财政拨款收入"),
        (38.0, "三、国有资本经营预算财政拨款收入"),
    )  # fmt: skip
    beside = [Word("二、外交支出", 300.0, 348.0, 115.0, 123.0), Word("32", 474.0, 482.0, 115.0, 123.0)]
    lines.insert(1, Line(1, [Word("二", 38.0, 46.0, 115.0, 123.0), *beside]))
    restore_enumeration_marks([lines])
    restore_enumeration([lines])
    assert [line.text for line in lines] == [
        "一、一般公共预算财政拨款收入", "二、外交支出 32", "二、政府性基金预算财政拨款收入",
        "三、国有资本经营预算财政拨款收入",
    ]  # fmt: skip
    # the same numeral before its name on the label's line
    lines = _labels((38.0, "一、一般公共预算财政拨款收入"), (38.0, "三、国有资本经营预算财政拨款收入"))
    name = Word("政府性基金预算财政拨款收入", 56.0, 160.0, 114.0, 124.0)
    lines.insert(1, Line(1, [Word("二", 39.0, 47.0, 114.0, 124.0), name]))
    restore_enumeration_marks([lines])
    assert lines[1].text == "二、政府性基金预算财政拨款收入"
    # a numeral beside no known name stays as read, so does a dash read `一` in a cell before a
    # label where no column of numbered labels starts (01's amount cell left of its 支出 column)
    lines = [Line(1, [Word("二", 39.0, 47.0, 114.0, 124.0), Word("备注说明", 56.0, 90.0, 114.0, 124.0)])]
    lines += _labels((38.0, "一、一般公共预算财政拨款收入"))
    restore_enumeration_marks([lines])
    assert lines[0].text == "二 备注说明"
    lines = [Line(1, [Word("一", 280.0, 288.0, 114.0, 124.0), Word("外交支出", 300.0, 332.0, 114.0, 124.0)])]
    lines += _labels((38.0, "一、一般公共预算财政拨款收入"))
    restore_enumeration_marks([lines])
    assert lines[0].text == "一 外交支出"
    # 决算 seed 2199 (never seen): `二外交支出` (its `、` lost), `三、` of 国防支出 below lost whole;
    # a catalog name after the numeral, however short (外交支出, four characters), takes the mark
    texts = ["一、一般公共服务支出", "二外交支出", "一般公共服务支出", "三公经费"]
    lines = _labels(*((38.0, text) for text in texts))
    restore_enumeration_marks([lines])
    assert [line.text for line in lines] == ["一、一般公共服务支出", "二、外交支出", "一般公共服务支出", "三公经费"]


def test_a_sub_item_s_mark_read_as_another_takes_the_one_its_column_prints() -> None:
    # 预算 seed 2301: B01's `2、政府性基金` read `2.政府性基金` between `1、…` and `3、…`
    texts = ["一、财政拨款收入", "1、一般公共预算资金", "2.政府性基金", "3、国有资本经营预算"]
    lines = _labels(*((38.0, text) for text in texts))
    restore_enumeration_marks([lines])
    assert [line.text for line in lines] == [texts[0], texts[1], "2、政府性基金", texts[3]]
    # 预算 seed 2492 (never seen): `3、` read `3：`, the label then joined to the row above
    texts = ["1、一般公共预算资金", "2、政府性基金", "3：国有资本经营预算"]
    lines = _labels(*((38.0, text) for text in texts))
    restore_enumeration_marks([lines])
    assert [line.text for line in lines] == [*texts[:2], "3、国有资本经营预算"]
    # a column printing points keeps them; one alone, or beside another column's marks, stays as read
    for texts, at in (
        (["1.一般公共预算资金", "2.政府性基金"], (38.0, 38.0)),
        (["2.政府性基金"], (38.0,)),
        (["1、一般公共预算资金", "2.政府性基金"], (38.0, 300.0)),
    ):
        lines = _labels(*zip(at, texts, strict=True))
        restore_enumeration_marks([lines])
        assert [line.text for line in lines] == texts
    assert marks_split(lines) is None
    # marks read two ways in the column already: no one mark to take
    texts = ["1、一般公共预算资金", "2.政府性基金", "3．国有资本经营预算"]
    lines = _labels(*((38.0, text) for text in texts))
    restore_enumeration_marks([lines])
    assert [line.text for line in lines] == texts
    # 预算 seed 2414: two sub-items, `1、` and `2.` (its `、` read a point): the first took the
    # second's point, then the second agreed with it, and the label was published `1.一般…`. Read
    # two ways as often each, the column is left as read and its point's line read again
    texts = ["1、一般公共预算资金", "2.政府性基金"]
    lines = _labels(*((38.0, text) for text in texts))
    restore_enumeration_marks([lines])
    assert [line.text for line in lines] == texts
    assert marks_split(lines) is lines[1]
    line, why = misnumbered(lines) or (None, "")
    assert line is lines[1] and "two marks" in why
    assert marks_split(_labels((38.0, "1.一般公共预算资金"), (38.0, "2.政府性基金"))) is None


def test_a_line_of_the_other_panel_s_cells_alone_does_not_end_a_run_of_labels() -> None:
    """决算 seed 2260's 01: `、一般公共预算财政拨款收入`, then the right panel's `二、外交支出` boxed 3 pt
    higher than its row and so on a line of its own, then `二、政府性…`: the run before the first
    numbered label ended at that line, so `、一般…` was never numbered (quarantined). A header line
    (no numbered label) still ends it."""
    lines = _labels((44.0, "、一般公共预算财政拨款收入"), (38.0, "二、政府性基金预算财政拨款收入"))
    lines.insert(1, Line(1, [Word("二、外交支出", 300.0, 348.0, 108.0, 116.0)]))
    restore_enumeration([lines])
    assert [line.text for line in lines] == [
        "一、一般公共预算财政拨款收入", "二、外交支出", "二、政府性基金预算财政拨款收入",
    ]  # fmt: skip
    lines = _labels((44.0, "、一般公共预算财政拨款收入"), (38.0, "二、政府性基金预算财政拨款收入"))
    lines.insert(1, Line(1, [Word("项目", 110.0, 126.0, 108.0, 116.0), Word("金额", 254.0, 270.0, 108.0, 116.0)]))
    restore_enumeration([lines])
    assert lines[0].text == "、一般公共预算财政拨款收入"


def test_a_numeral_is_not_renumbered_where_a_label_after_it_lost_its_enumeration_too() -> None:
    # 决算 seed 2054: `、一般…`, `政府性…` (lost whole), `三、国有…`, `上级补助收入` (lost whole), `五、…`:
    # 三、 is no misread 四、 (the gap before 五、 is the lost label's), and every label is numbered
    lines = _labels(
        (44.0, "、一般公共预算财政拨款收入"), (55.0, "政府性基金预算财政拨款收入"),
        (39.0, "三、国有资本经营预算财政拨款收入"), (57.0, "上级补助收入"), (38.0, "五、事业收入"),
    )  # fmt: skip
    restore_enumeration_marks([lines])
    restore_enumeration([lines])
    assert [line.text[:2] for line in lines] == ["一、", "二、", "三、", "四、", "五、"]


def test_a_tall_row_s_label_above_its_amounts_is_judged_too() -> None:
    # 预算 seed 2192 (never seen): a tall row prints its label at the top, its amounts lower, a
    # line each; `二、事业收入` read `事业收入` was published so, the amount's own line holding no
    # label to judge. The label on the line above it between the same two row rules is judged.
    rows = [("二、 事业收入", "事业收入", 658.64), *_ROWS]
    page = _page(rows)
    label, number = page.lines[0].words
    lower = replace(number, top=number.top + 6, bottom=number.bottom + 6)
    amounts = [
        replace(a, top=lower.top, bottom=lower.bottom) if a.amount_text == "658.64" else a for a in _amounts(page)
    ]
    page.lines[0:1] = [Line(1, [label]), Line(1, [lower])]
    assert label_with_unread_start({1: page}, amounts) is None  # (no row rules: two lines, no row)
    page.rules.extend([Rule(label.top - 2, 30.0, 260.0), Rule(lower.bottom + 1, 30.0, 260.0)])
    unread = label_with_unread_start({1: page}, amounts)
    assert unread is not None and unread.label == "事业收入" and unread.amount.amount_text == "658.64"


def test_a_line_with_ink_read_as_nothing_is_read_again_before_a_label_whose_start_was_lost() -> None:
    # 预算 seed 2525's B01: `二、卫生健康支出` read `卫生健康支出` above a line whose `三、城乡社区支出`
    # was lost whole; asked first, the label's line was read again alike and the report held. The
    # lost line read first gives the column's sequence back (`一、` `?` `三、` `四、`), and with it `二、`.
    rows = [r for r in _ROWS if r[0] != "一般公共预算财政拨款"]
    page = _page([("一、 一般公共预算财政拨款", "一般公共预算财政拨款", 1789.35), *rows])
    amounts = _amounts(page)
    assert label_with_unread_start({1: page}, amounts) is not None
    # (a row's amount printed, its box lost: ink in the amounts' ruled column read as no text)
    page.lines[2].words = page.lines[2].words[:1]
    page.rules.append(VRule(280.0, 70.0, 100.0 + 16 * len(rows)))
    page.chars[:] = [  # (the read amounts' characters, boxed evenly across their words)
        {"text": ch, "x0": w.x0 + k * (w.x1 - w.x0) / len(w.text), "x1": w.x0 + (k + 1) * (w.x1 - w.x0) / len(w.text),
         "top": w.top, "bottom": w.bottom, "confidence": 0.99}
        for line in page.lines for w in line.words[1:] for k, ch in enumerate(w.text)
    ]  # fmt: skip
    kept = [a for a in amounts if a.row_label != page.lines[2].text]
    doc = ParsedDocument("x", "x.pdf", "x.pdf", 1, "parsed", tables=[ReportTable("04", "found", amounts=kept)])
    found = check_confidence(doc, Path("x.pdf"), Recognised({1: page}))
    assert isinstance(found, LostInk) and found.line == page.lines[2].text, (found, doc.reason)
    assert doc.status == "quarantined" and "read as no text" in (doc.reason or "")
