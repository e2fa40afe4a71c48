"""A label's enumeration both recognisers lost whole, read from its strokes (ingest/scan_numerals.py),
on a page image drawn as a 150 dpi scan: 一 二 三 are flat strokes stacked, the `、` a small mark at
their lower right; anything else is no numeral read so."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pdfplumber
from PIL import Image

from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import PAGE_DPI, RecognisedPage
from ingest.scan_numerals import StrokeNumeral, _counting, numerals_from_strokes
from ingest.scanned import Recognised

PX = PAGE_DPI / 72  # pixels of the drawn page a point
RULE_X, LABEL_X = 36.0, 56.0  # the cell's left rule, the label's box start (points)
HEIGHT = 11.0  # the label's box height (points)
_ONE_BOX_X = LABEL_X + 6  # a label's box beginning with 一 inked left of it


def _numeral(
    image: np.ndarray,
    top: float,
    strokes: int,
    mark: bool = True,
    cross: bool = False,
    label_ink: bool = False,
    label_one: bool = False,
) -> None:
    """Draw `strokes` flat strokes (一 二 三) in the 10 points right of the rule, and the `、`;
    `label_ink`: the label's first stroke too, left of its box (a box starts right of its ink);
    `label_one`: the label begins with 一, inked from a point left of LABEL_X (its box then starts
    at `_ONE_BOX_X`)."""
    x0, x1 = int((RULE_X + 6) * PX), int((RULE_X + 13) * PX)
    ys = {1: [0.5], 2: [0.3, 0.7], 3: [0.2, 0.5, 0.8], 20: [0.3], 30: [0.5, 0.8]}[strokes]  # (20, 30: one lost)
    for share in ys:
        y = int((top + share * HEIGHT) * PX)
        cv2.line(image, (x0, y), (x1, y), 30, 1)
    if cross:  # (十: an upright stroke through the flat one)
        xm = (x0 + x1) // 2
        cv2.line(image, (xm, int(top * PX) + 2), (xm, int((top + HEIGHT) * PX) - 2), 30, 1)
    if label_ink:
        xl = int((LABEL_X - 2) * PX)
        cv2.line(image, (xl, int((top + 0.2 * HEIGHT) * PX)), (xl, int((top + 0.5 * HEIGHT) * PX)), 30, 1)
    if label_one:
        y = int((top + 0.5 * HEIGHT) * PX)
        cv2.line(image, (int((LABEL_X - 1) * PX), y), (int((LABEL_X + 8) * PX), y), 30, 1)
    if mark:
        cx, cy = int((RULE_X + 15.5) * PX), int((top + 0.85 * HEIGHT) * PX)
        cv2.line(image, (cx - 1, cy - 1), (cx + 1, cy + 1), 30, 2)


def _page(tmp_path: Path, rows: list[tuple[int, dict]]) -> tuple[pdfplumber.PDF, Recognised]:
    """A page of labels (`政府性基金` …), one a row 20 points apart from the top, each with an
    amount, their numerals drawn as `rows` says (strokes, and _numeral's keywords); the column's
    rule drawn and known."""
    image = np.full((int(300 * PX), int(300 * PX)), 250, np.uint8)
    cv2.line(image, (int(RULE_X * PX), 0), (int(RULE_X * PX), image.shape[0]), 30, 1)
    lines = []
    for i, (strokes, options) in enumerate(rows):
        top = 40.0 + 20 * i
        if strokes:
            _numeral(image, top, strokes, **options)
        words = [
            Word("政府性基金", _ONE_BOX_X if options.get("label_one") else LABEL_X, LABEL_X + 40, top, top + HEIGHT),
            Word("2739651", 180, 214, top, top + HEIGHT),
        ]
        lines.append(Line(1, words))
    path = tmp_path / "page.pdf"
    Image.fromarray(image).save(path, "PDF", resolution=PAGE_DPI)
    page = RecognisedPage(lines, [], [VRule(RULE_X, 0.0, 300.0)], 0.0)
    return pdfplumber.open(path), Recognised({1: page})


def _labels(recognised: Recognised) -> list[str]:
    return [line.words[0].text for line in recognised.pages[1].lines]


def test_lost_numerals_of_flat_strokes_are_read_where_the_column_counts_up(tmp_path: Path) -> None:
    """预算 seed 2162's 表4: `一、` and `二、` of the 收入 column lost by both recognisers; 决算 seed
    2142's 04, `二、` with its label's first stroke inked left of the label's box."""
    pdf, recognised = _page(tmp_path, [(1, {}), (2, {"label_ink": True}), (3, {})])
    with pdf:
        numerals_from_strokes(pdf, recognised)
    assert _labels(recognised) == ["一、政府性基金", "二、政府性基金", "三、政府性基金"]
    assert recognised.pages[1].lines[0].words[0].x0 < RULE_X + 7
    # 预算 seed 2269's 表4: `一、一般公共预算资金`, the label's own 一 inked left of its box, flat
    # right of the `、` (not a stroke of the numeral); alone in its column
    pdf, recognised = _page(tmp_path, [(1, {"label_one": True})])
    with pdf:
        numerals_from_strokes(pdf, recognised)
    assert _labels(recognised) == ["一、政府性基金"]


def test_stacked_strokes_whose_mark_was_not_found_apart_are_read_between_numbered_neighbours(tmp_path: Path) -> None:
    """决算 seed 2256's 04: the `、` after 二 inked into its lower stroke; 一 and 三 read from
    strokes around it, so none was read (they skipped a number). Stacked strokes alone stand for
    their numeral between two labels numbered otherwise; not first or last in their column."""
    pdf, recognised = _page(tmp_path, [(1, {}), (2, {"mark": False}), (3, {})])
    with pdf:
        numerals_from_strokes(pdf, recognised)
    assert _labels(recognised) == ["一、政府性基金", "二、政府性基金", "三、政府性基金"]
    pdf, recognised = _page(tmp_path, [(1, {}), (2, {"mark": False})])
    with pdf:
        numerals_from_strokes(pdf, recognised)
    assert _labels(recognised) == ["一、政府性基金", "政府性基金"]  # (last in its column: 一 alone taken)


def test_no_numeral_is_read_from_other_ink_or_a_column_that_does_not_count_up(tmp_path: Path) -> None:
    for rows in (
        [(1, {"mark": False})],  # (a stroke without its `、`: a dash)
        [(1, {"cross": True})],  # (十)
        [(2, {}), (1, {})],  # (二 over 一: no count)
        [(0, {})],  # (nothing printed)
        [(20, {})],  # (二 with its lower stroke lost: one stroke off the line's middle)
        [(30, {})],  # (三 with its upper stroke lost: two strokes as close as 三's)
    ):
        pdf, recognised = _page(tmp_path, rows)
        with pdf:
            numerals_from_strokes(pdf, recognised)
        assert all(label == "政府性基金" for label in _labels(recognised)), rows


def test_pieces_of_a_tight_row_s_rules_are_no_numeral(tmp_path: Path) -> None:
    """决算 seed 2485's 05: `合计` in a row whose label box reaches both its row rules, each broken
    into pieces by the scan: read `二、合计` from two pieces stacked and a short one at their lower
    right, and published so. Ink along a row rule the page found is the rule's."""
    top = 40.0
    image = np.full((int(300 * PX), int(300 * PX)), 250, np.uint8)
    cv2.line(image, (int(RULE_X * PX), 0), (int(RULE_X * PX), image.shape[0]), 30, 1)
    # (the pieces as measured there: the upper rule broken once, the lower twice, a short piece
    # between its gaps taken for the `、`)
    pieces = {top + 0.3: [(1.5, 10.5), (17.1, 264.0)], top + HEIGHT - 0.3: [(1.5, 7.0), (8.5, 10.5), (12.0, 264.0)]}
    for y, spans in pieces.items():
        for a, b in spans:
            cv2.line(image, (int((RULE_X + a) * PX), int(y * PX)), (int((RULE_X + b) * PX), int(y * PX)), 30, 1)
    path = tmp_path / "page.pdf"
    Image.fromarray(image).save(path, "PDF", resolution=PAGE_DPI)

    def read(rules: list) -> str:
        words = [Word("合计", LABEL_X, LABEL_X + 16, top, top + HEIGHT), Word("2266.82", 180, 214, top, top + HEIGHT)]
        page = RecognisedPage([Line(1, words)], [], [VRule(RULE_X, 0.0, 300.0), *rules], 0.0)
        recognised = Recognised({1: page})
        with pdfplumber.open(path) as pdf:
            numerals_from_strokes(pdf, recognised)
        return _labels(recognised)[0]

    assert read([Rule(top + 0.3, 0.0, 300.0), Rule(top + HEIGHT - 0.3, 0.0, 300.0)]) == "合计"
    assert read([]) == "二、合计"  # (the rules unknown: the pieces read as 二's strokes, as before)


def test_numerals_read_from_strokes_count_on_with_those_read_as_text() -> None:
    def line(text: str, top: float, x0: float = 56.0) -> Line:
        return Line(1, [Word(text, x0, x0 + 40, top, top + 11)])

    lines = [line("一、一般公共服务支出", 40, 42.0), line("外交支出", 60), line("三、国防支出", 80, 42.0)]
    assert _counting(lines, [(lines[1], 0, StrokeNumeral(2, 42.5))])
    assert not _counting(lines, [(lines[1], 0, StrokeNumeral(3, 42.5))])
    # (a numbered column elsewhere on the page is another column)
    other = [*lines, line("五、教育支出", 60, 220.0)]
    assert _counting(other, [(other[1], 0, StrokeNumeral(2, 42.5))])
    # 决算 seed 2210's 04: 一、 and 三、 read from strokes around a label whose numeral alone was lost
    # (`、政府性基金…`, numbered from its neighbours next): it counts as the number between them
    lost = [line("一般公共预算财政拨款", 40), line("、政府性基金预算财政拨款", 60, 45.0)]
    lost.append(line("国有资本经营预算财政拨款", 80))
    assert _counting(lost, [(lost[0], 0, StrokeNumeral(1, 40.0)), (lost[2], 0, StrokeNumeral(3, 40.0))])
    assert not _counting(lost, [(lost[0], 0, StrokeNumeral(1, 40.0)), (lost[2], 0, StrokeNumeral(4, 40.0))])
    assert not _counting(lost[1:], [(lost[2], 0, StrokeNumeral(2, 40.0))])  # (no number before it to count from)
