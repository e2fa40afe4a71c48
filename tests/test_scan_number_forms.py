"""Amounts on scanned pages read in forms the recogniser garbles (recognised characters built by
hand, no recognition): each form is put right only where the number then has an amount's printed
form, its changed characters doubtful (read again from a finer image), else left to quarantine."""

from __future__ import annotations

from typing import Any

import numpy as np
from scan_support import recognised_chars as _chars
from scan_support import text_of as _text

from ingest.layout import VRule
from ingest.ocr import box_words, recognition
from ingest.ocr_ends import digits_after_specks, rejoined_numbers, speck_dash_dropped, without_lone_end_marks
from ingest.scan_codes import code_named
from ingest.scan_forms import point_in_groups_fixed, split_code_before_name, without_point_in_groups


def _read(*boxes: list[dict[str, Any]], borders: list[VRule] | None = None) -> list[str]:
    """The boxes' texts after the end marks are judged and halves of one number joined (as
    `ocr.ocr_page` does), on blank paper."""
    paper = np.zeros((120, 400), bool)
    kept = [without_lone_end_marks(b, paper, 1.0, borders or [], list(boxes)) for b in boxes]
    return [_text(b) for b in rejoined_numbers(kept, borders or [])]


def test_a_number_cut_at_a_thousands_comma_is_joined_with_the_comma_doubtful() -> None:
    # 预算 seed 2030: `1,625,605` detected as `1,625,` | `605`, the comma's box reaching over the 6
    left = _chars("1,625,", 200.0)
    right = _chars("605", left[-1]["x1"] - 1.0)
    assert _read(left, right) == ["1,625,605"]
    joined = rejoined_numbers([left, right], [])[0]
    assert min(c["confidence"] for c in joined) < recognition().min_amount_confidence  # read again
    # with its decimals, and the comma read in the second box instead
    assert _read(_chars("1,625,", 200.0), _chars("605.12", 224.5)) == ["1,625,605.12"]
    assert _read(_chars("1,625", 200.0), _chars(",605", 220.5)) == ["1,625,605"]


def test_halves_not_in_a_thousands_form_are_left_apart() -> None:
    # a group of two or four after the comma, or no thousands before it: two numbers or a misread
    assert _read(_chars("1,625,", 200.0), _chars("60", 224.5)) == ["1,625,", "60"]
    assert _read(_chars("1,625,", 200.0), _chars("6051", 224.5)) == ["1,625,", "6051"]
    assert _read(_chars("1625,", 200.0), _chars("605", 220.5)) == ["1625,", "605"]
    # across a cell's rule, or far apart (the next cell's amount): the comma is a lone speck
    assert _read(_chars("1,625,", 200.0), _chars("605", 224.5), borders=[VRule(224.2, 60.0, 100.0)]) == [
        "1,625",
        "605",
    ]
    assert _read(_chars("1,625,", 200.0), _chars("605", 240.0)) == ["1,625", "605"]


def test_a_comma_read_as_a_point_in_a_box_cut_after_it_is_the_comma_once_joined() -> None:
    # 预算 seed 2030: `36,650` detected as `36,6` | `650`, the 6 read in both boxes; `36,6` alone
    # reads as `36.6` (a decimal comma), so the joined `36.650` is the comma it stands for
    left = _chars("36.6", 200.0)
    right = _chars("650", left[-1]["x0"] + 0.3)
    joined = rejoined_numbers([left, right], [])
    assert [_text(b) for b in joined] == ["36,650"]
    assert min(c["confidence"] for c in joined[0]) < recognition().min_amount_confidence


def test_a_point_before_a_comma_is_a_speck_or_the_comma_as_the_grouping_says() -> None:
    # 预算 seed 2032: `2,172,461` read `2,1.72,461` at both resolutions (a speck in the 172 group)
    assert point_in_groups_fixed("2,1.72,461") == "2,172,461"
    assert point_in_groups_fixed("12,3.45,678") == "12,345,678"
    assert point_in_groups_fixed("1.625,605") == "1,625,605"  # the comma read as a point
    assert point_in_groups_fixed("2,1.72,461.50") == "2,172,461.50"
    # a decimal point after the last comma is the amount's own; other forms stay (no number)
    for text in ("2,172,461.50", "1,625.605", "2,1.7,461", "1.6.25,605", "12.34,56", "2.172.461", "30217"):
        assert point_in_groups_fixed(text) == text
    # a box's characters: the speck goes, every character doubtful (read again)
    box = without_point_in_groups(_chars("2,1.72,461", 300.0), recognition().repaired_confidence)
    assert _text(box) == "2,172,461"
    assert max(c["confidence"] for c in box) < recognition().min_amount_confidence
    box = without_point_in_groups(_chars("1.625,605", 300.0), recognition().repaired_confidence)
    assert _text(box) == "1,625,605" and box[1]["x0"] == 304.0  # (the comma keeps the point's box)


def test_a_code_glued_to_its_name_is_cut_where_the_catalog_names_it() -> None:
    # 预算 seed 2034: `2040601机关服务` read as one box, no gap between the code's cell and the name's
    # its last digit misread too (2040603 机关服务, the `3` read `1` scored 0.56): the name's one code
    # a digit off is what `scan_codes.repair_last_code_digits` puts back once the words are apart
    parts = split_code_before_name(_chars("2040601机关服务", 37.0))
    assert [_text(p) for p in parts] == ["2040601", "机关服务"]
    assert code_named("2040601", "机关服务") == "2040603"
    assert [_text(p) for p in split_code_before_name(_chars("2040603机关服务", 37.0))] == ["2040603", "机关服务"]
    assert [_text(p) for p in split_code_before_name(_chars("30101基本工资", 37.0))] == ["30101", "基本工资"]
    # a name's first line (wrapped) still names it
    assert [_text(p) for p in split_code_before_name(_chars("2080505机关事业单位基本养老", 37.0))] == [
        "2080505",
        "机关事业单位基本养老",
    ]
    # 决算 seed 2276: a 项 code its cell cut to six digits (2210203's `3` on the cell's rule, lost),
    # glued to the name: the one code completing it that names it so
    assert [_text(p) for p in split_code_before_name(_chars("221020购房补贴", 37.0))] == ["221020", "购房补贴"]
    # 决算 seed 2342: a digit read as a letter (`301G2` of 30102), the code so named once put right
    assert [_text(p) for p in split_code_before_name(_chars("301G2津贴补贴", 37.0))] == ["301G2", "津贴补贴"]
    # not where the catalog names the code otherwise, or not at all (a misread digit), nor a year
    misread = ("2080501机关服务", "2040655行政运行", "2026年部门预算", "9999999机关服务", "221020行政运行")
    for text in (*misread, "301G2基本工资"):
        assert [_text(p) for p in split_code_before_name(_chars(text, 37.0))] == [text]


def test_specks_read_as_points_before_a_number_go_where_the_band_reads_its_digits_alone() -> None:
    # 决算 seed 2025: a lone `0` read `..0` (the points scored 0.43 and 0.67), kept as `.0` (a head
    # lost, as `.62` of 2,371.62 would be) and the report quarantined; the band read `0` (0.86)
    chars = _with_scores(_chars("..0", 334.6), 0.43, 0.67, 0.94)
    right = chars[-1]["x1"]
    digits = digits_after_specks(chars, [("0", 0.86, right - 6.0, right)])
    assert digits is not None and _text(digits) == "0"
    assert digits[0]["confidence"] <= recognition().repaired_confidence  # (read again from its box)
    # the band reads a longer number there (a head lost), or another, or none, or two: as read
    for band in ([("10.0", 0.95, right - 20.0, right)], [("8", 0.95, right - 6.0, right)], [],
                 [("3", 0.95, right - 30.0, right - 24.0), ("0", 0.9, right - 6.0, right)]):  # fmt: skip
        assert digits_after_specks(chars, band) is None, band
    # a point scored as a point is no speck (`.62` with its point sure: the lost head's case)
    sure = _with_scores(_chars(".62", 334.6), 0.97, 0.99, 0.99)
    assert digits_after_specks(sure, [("62", 0.95, sure[-1]["x1"] - 10.0, sure[-1]["x1"])]) is None


def _with_scores(chars: list[dict[str, Any]], *scores: float) -> list[dict[str, Any]]:
    return [{**c, "confidence": score} for c, score in zip(chars, scores, strict=True)]


def test_a_dash_read_between_two_digits_of_a_number_read_again_is_a_speck() -> None:
    # 决算 seed 2108: `163.1-1` of 163.11 from the finer image and by the second recogniser
    assert speck_dash_dropped("163.1-1") == "163.11"
    assert speck_dash_dropped("-1,2-34.50") == "-1,234.50"  # (the sign before its digits stays)
    assert speck_dash_dropped("12.00-3.00") == "12.00-3.00"  # (two cells' numbers glued)
    assert speck_dash_dropped("1-2-3") == "1-2-3"
    assert speck_dash_dropped("-163.11") == "-163.11"


def test_a_code_s_last_digit_across_its_cell_s_rule_goes_back_to_the_code() -> None:
    # 预算 seed 2479 (code cell clipped): the second recogniser read `2230102“三供一业”移交补助支` as
    # one box, cut at the code cell's rule through its last digit: `223010` | `2“三供…`, no row's
    # code nor name. The digit goes back to the code where the catalog names 2230102 so
    box = _chars("2230102“三供一业”移交补助支", 37.0)
    rule = [VRule(61.0, 70.0, 90.0)]  # (between the sixth digit, 57–61, and the seventh, 61–65)
    assert [w.text for w in box_words(box, rule)] == ["2230102", "“三供一业”移交补助支"]
    # not where the catalog names the completed code otherwise (2230101 is 厂办大集体改革支出)
    box = _chars("2230101“三供一业”移交补助支", 37.0)
    assert [w.text for w in box_words(box, rule)] == ["223010", "1“三供一业”移交补助支"]
