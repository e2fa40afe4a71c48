"""Code cells too narrow for their code: a 7-digit code wrapped onto a second line of its cell
(`201230` above `3`), or its last digit across the cell's rule so that the text layer glues the
code to its name (`2059999其他教育支出`). Each is repaired only where the catalog names the
repaired code as the row is named; anything else is left as printed (and quarantined)."""

from __future__ import annotations

from ingest.codes import (
    join_code_stacks,
    join_wrapped_code_cells,
    repair_clipped_code_cells,
    split_glued_code,
    wraps_code,
)
from ingest.columns import Anchor, Layout
from ingest.furniture import drop_page_numbers
from ingest.layout import Line, Word
from ingest.profile import load_profile
from ingest.rows import Fragment, line_fragments


def _frag(*words: Word) -> Fragment:
    f = Fragment(1, min(w.top for w in words), max(w.bottom for w in words))
    f.label = list(words)
    return f


def test_a_wrapped_code_joins_the_digits_below_it() -> None:
    # one ruled row: 201230 / 3 in the code cell, the name centred between them
    f = _frag(Word("201230", 39.0, 67.1, 203.2, 211.7), Word("机关服务", 75.4, 109.4, 208.3, 216.8),
              Word("3", 39.0, 43.7, 213.4, 221.9))
    join_wrapped_code_cells(f, "function")
    assert [w.text for w in f.label] == ["201230" + "3", "机关服务"]


def test_a_wrapped_code_the_catalog_does_not_name_so_stays_as_printed() -> None:
    # 2012303 is 机关服务, not 行政运行: no join (the row is then quarantined, never guessed)
    f = _frag(Word("201230", 39.0, 67.1, 203.2, 211.7), Word("行政运行", 75.4, 109.4, 208.3, 216.8),
              Word("3", 39.0, 43.7, 213.4, 221.9))
    join_wrapped_code_cells(f, "function")
    assert [w.text for w in f.label] == ["201230", "行政运行", "3"]
    # digits beside a code (上海 `301 | 2`), not under it, are no wrap
    f = _frag(Word("201230", 39.0, 67.1, 203.2, 211.7), Word("3", 70.0, 74.7, 203.2, 211.7),
              Word("机关服务", 75.4, 109.4, 203.2, 211.7))
    join_wrapped_code_cells(f, "function")
    assert [w.text for w in f.label] == ["201230", "3", "机关服务"]


def test_a_code_glued_to_its_name_is_split_where_the_catalog_agrees() -> None:
    f = _frag(Word("2059999其他教育支出", 39.0, 113.9, 205.5, 213.0))
    split_glued_code(f, "function")
    assert [w.text for w in f.label] == ["2059999", "其他教育支出"]
    assert f.label[0].x1 <= f.label[1].x0
    # the name wrapped onto the next line of the cell: its first part begins the catalog's name
    f = _frag(Word("2080505机关事业单位基本", 39.0, 140.0, 205.5, 213.0),
              Word("养老保险缴费支出", 68.9, 130.0, 215.0, 222.5))
    split_glued_code(f, "function")
    assert [w.text for w in f.label][:2] == ["2080505", "机关事业单位基本"]


def test_digits_glued_to_another_name_stay_one_word() -> None:
    for text in ("2059999行政运行", "2024年预算数"):  # the catalog names 2059999 otherwise; no code
        f = _frag(Word(text, 39.0, 113.9, 205.5, 213.0))
        split_glued_code(f, "function")
        assert [w.text for w in f.label] == [text]
    f = _frag(Word("2059999其他教育支出", 39.0, 113.9, 205.5, 213.0))
    split_glued_code(f, None)  # a table without subjects
    assert [w.text for w in f.label] == ["2059999其他教育支出"]


def test_a_wrapped_code_on_unruled_lines_joins_the_row_between_its_parts() -> None:
    # the last row alone on a page, no ruling lines: 221020 / 购房补贴 and amounts / 3
    head = Fragment(1, 42.5, 50.0, codes=["221020"], code_words=[Word("221020", 39.0, 59.8, 42.5, 50.0)])
    row = _frag(Word("购房补贴", 67.5, 97.5, 47.0, 54.5))
    row.amounts = {"total": Word("707,130", 475.9, 498.4, 47.0, 54.5)}
    tail = _frag(Word("3", 39.0, 42.5, 51.5, 59.0))
    assert join_code_stacks([(0, head), (0, row), (0, tail)], "function") == [(0, row)]
    assert row.codes == ["2210203"]
    # not the catalog's name for 2210203: left as printed
    row = _frag(Word("住房公积金", 67.5, 97.5, 47.0, 54.5))
    row.amounts = {"total": Word("707,130", 475.9, 498.4, 47.0, 54.5)}
    assert len(join_code_stacks([(0, head), (0, row), (0, tail)], "function")) == 3


def test_the_last_digit_of_a_wrapped_code_is_no_page_number() -> None:
    code = Line(8, [Word("221020", 39.0, 59.8, 42.5, 50.0)])
    digit = Line(8, [Word("3", 39.0, 42.5, 51.5, 59.0)])
    assert wraps_code(code, digit)
    assert not wraps_code(code, Line(8, [Word("3", 418.9, 423.0, 564.7, 573.7)]))  # a page number
    assert not wraps_code(Line(8, [Word("2210203", 39.0, 62.0, 42.5, 50.0)]), digit)  # a complete code
    lines = drop_page_numbers([code, digit, Line(8, [Word("8", 418.9, 423.0, 564.7, 573.7)])])
    assert [x.text for x in lines] == ["221020", "3"]


def test_a_lone_digit_after_a_code_is_its_clipped_cell_unless_the_code_already_names_the_row() -> None:
    """上海's `301 | 2 | 津贴补贴`: the 款 cell clipped to one digit (30102). 预算 seed 2172 scanned:
    `30308 | 3 | 助学金`, a stroke read `3` after the code the catalog names 助学金: no cell,
    dropped (padded, it made the code 3030803)."""
    clipped = _frag(Word("301", 39.0, 52.0, 200.0, 209.0), Word("2", 56.0, 60.0, 200.0, 209.0),
                    Word("津贴补贴", 75.0, 109.0, 200.0, 209.0))  # fmt: skip
    repair_clipped_code_cells(clipped)
    assert [w.text for w in clipped.label] == ["301", "02", "津贴补贴"]
    read = _frag(Word("30308", 39.0, 60.0, 200.0, 209.0), Word("3", 62.0, 66.0, 200.0, 209.0),
                 Word("助学金", 144.0, 165.0, 200.0, 209.0))  # fmt: skip
    repair_clipped_code_cells(read)
    assert [w.text for w in read.label] == ["30308", "助学金"]


def test_a_code_whose_box_runs_a_point_into_its_names_is_still_the_rows_code() -> None:
    # 决算 seed 2455 (scanned, code cell clipped): `2080506` read to x 69, its name from x 67; the
    # code was read into the label (`2080506机关…`) and the row quarantined for want of a code
    tprof = load_profile("final_accounts").tables["02"]
    layout = Layout([Anchor(0, "total", 240.0, 287.0)], [(float("-inf"), 200.0, float("inf"))])
    name = "机关事业单位职业年金缴费支出"
    line = Line(6, [Word("2080506", 38.0, 69.0, 203.0, 210.0), Word(name, 67.0, 173.0, 203.0, 210.0),
                    Word("473.40", 280.0, 301.0, 203.0, 210.0)])
    [(_, frag)] = line_fragments("02", line, layout, tprof)
    assert (frag.codes, frag.label_text) == (["2080506"], name)
    # a number whose middle lies past the name's start is no code left of it
    line = Line(6, [Word("机关事业单位", 38.0, 90.0, 203.0, 210.0), Word("2080506", 60.0, 92.0, 211.0, 218.0),
                    Word("473.40", 280.0, 301.0, 203.0, 210.0)])
    [(_, frag)] = line_fragments("02", line, layout, tprof)
    assert frag.codes == []
