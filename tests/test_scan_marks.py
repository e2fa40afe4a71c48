"""The shape of small marks on a scanned page (ingest/scan_marks.py), on drawn images at the
re-reading resolution: a scan's blur and gray paper, the mark as small as a 7.5 pt `。` or `--`
comes out of a 150 dpi scan read at 300 dpi."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from ingest.scan_marks import dashes_only, hyphen_pair, marks, ring_mark, speck_mark, two_bars

PAPER, INK = 225, 60


def _band(draw, size: tuple[int, int] = (44, 30), blur: bool = True) -> np.ndarray:
    """A gray band (height, width) with what `draw` puts on it, blurred like a scan."""
    image = np.full(size, PAPER, np.uint8)
    draw(image)
    return cv2.GaussianBlur(image, (3, 3), 0.8) if blur else image


def _ring(image: np.ndarray, x: int = 15, y: int = 30, radius: int = 4) -> None:
    cv2.circle(image, (x, y), radius, INK, 2)


def _speck(image: np.ndarray, x: int = 15, y: int = 30, side: int = 5) -> None:
    cv2.rectangle(image, (x - side // 2, y - side // 2), (x + side // 2, y + side // 2), INK, -1)


def _neighbour_stroke(image: np.ndarray) -> None:
    """The last strokes of the character before the mark, cut at the image's left side."""
    cv2.line(image, (0, 6), (0, 34), INK, 2)


def test_a_full_stop_is_a_ring_and_a_speck_a_blot() -> None:
    assert ring_mark(_band(_ring)) is True
    assert ring_mark(_band(lambda im: (_ring(im), _neighbour_stroke(im)))) is True
    assert ring_mark(_band(_speck)) is False
    assert ring_mark(_band(lambda im: _speck(im, side=3))) is False  # (too small to hold paper)


def test_a_solid_blot_smaller_than_a_full_stop_is_a_speck_for_sure() -> None:
    """自评表 seed 73 and 湖北 seed 73 (never seen): a speck after a text, 6 × 6 pixels solid, read
    `。` by the second recogniser: a speck for sure, the text published without it. A ring is a
    full stop; a solid blot a full stop's size may be one blurred shut: not told."""
    assert speck_mark(_band(lambda im: _speck(im, side=5), blur=False)) is True
    assert speck_mark(_band(lambda im: (_speck(im, side=5), _neighbour_stroke(im)), blur=False)) is True
    assert speck_mark(_band(_ring)) is False
    assert speck_mark(_band(lambda im: _speck(im, side=9), blur=False)) is False
    assert speck_mark(_band(lambda im: None)) is False


def test_a_ring_broken_into_arcs_or_holed_off_its_middle_is_a_ring() -> None:
    """自评表 seeds 52 and 56 scanned (never seen before): a `。` whose threshold broke it into two
    arcs, one box over the other's, read as two marks; one whose hole lies a pixel off its box's
    middle, read as a blot. A ring holds paper anywhere inside it; a blot darkens inward."""

    def arcs(image: np.ndarray) -> None:  # (two blots, their boxes overlapping)
        cv2.ellipse(image, (15, 30), (4, 4), 0, 160, 290, INK, 2)
        cv2.ellipse(image, (15, 30), (4, 4), 0, -20, 110, INK, 2)

    assert ring_mark(_band(arcs, blur=False)) is True
    # (a ring with a stroke of a neighbour's glyph joined on: the box's middle lies on its ink)
    assert ring_mark(_band(lambda im: (_ring(im, x=12), cv2.line(im, (15, 33), (27, 33), INK, 1)))) is True
    # (two specks side by side are no arcs of one ring)
    assert ring_mark(_band(lambda im: (_speck(im, x=12, side=3), _speck(im, x=19, side=3)))) in (False, None)
    # (a blot lighter at one edge, as a scan's noise leaves it, holds no paper)
    assert ring_mark(_band(lambda im: (_speck(im, side=7), cv2.line(im, (18, 28), (18, 32), INK + 40, 1)))) is False


def test_the_mark_is_the_one_on_the_baseline_and_none_is_not_told() -> None:
    # (a wrapped text's box reaches the line above: a stroke there is no mark of this line)
    above = _band(lambda im: (_ring(im), cv2.line(im, (12, 4), (12, 12), INK, 3)))
    assert ring_mark(above) is True
    assert ring_mark(_band(lambda im: None)) is None
    two = _band(lambda im: (_ring(im, x=8), _speck(im, x=22, side=7)))
    assert ring_mark(two) is None


@pytest.mark.parametrize(
    "draw",
    [
        lambda im: cv2.line(im, (10, 20), (18, 20), INK, 2),  # -
        lambda im: (cv2.line(im, (4, 20), (12, 20), INK, 2), cv2.line(im, (16, 20), (24, 20), INK, 2)),  # --
        lambda im: cv2.line(im, (3, 20), (27, 20), INK, 2),  # — (一)
        # (a `--` blurred: hyphens 7 × 4, 自评表 seed 65; 6 × 5, side by side, seed 60)
        lambda im: (cv2.rectangle(im, (4, 19), (10, 22), INK, -1), cv2.rectangle(im, (14, 19), (20, 22), INK, -1)),
        lambda im: (cv2.rectangle(im, (4, 19), (9, 23), INK, -1), cv2.rectangle(im, (14, 19), (19, 23), INK, -1)),
        # (a speck under a `--`, solid and smaller than a full stop, 自评表 seed 82)
        lambda im: (
            cv2.rectangle(im, (4, 19), (10, 22), INK, -1),
            cv2.rectangle(im, (14, 19), (20, 22), INK, -1),
            _speck(im, 17, 32, 4),
        ),
    ],
)
def test_a_blank_s_dashes_are_flat_strokes_only(draw) -> None:
    assert dashes_only(_band(draw)) is True


@pytest.mark.parametrize(
    "draw",
    [
        lambda im: cv2.putText(im, "2", (8, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.6, INK, 2),
        lambda im: cv2.putText(im, "0", (8, 28), cv2.FONT_HERSHEY_SIMPLEX, 0.6, INK, 2),
        # (`二`'s two bars are flat, but a `2` under a dash is not a blank)
        lambda im: (cv2.line(im, (3, 8), (27, 8), INK, 2), cv2.putText(im, "2", (8, 36), 0, 0.6, INK, 2)),
        lambda im: None,  # (no ink: nothing to call a dash)
        lambda im: cv2.rectangle(im, (12, 19), (16, 23), INK, -1),  # (a point: round)
        lambda im: (cv2.rectangle(im, (4, 19), (8, 23), INK, -1), cv2.rectangle(im, (8, 6), (12, 10), INK, -1)),  # :
    ],
)
def test_a_digit_or_nothing_is_no_blank_s_dash(draw) -> None:
    assert dashes_only(_band(draw)) is False


def test_a_cell_s_two_hyphens_side_by_side_are_a_double_dash() -> None:
    """自评表 seeds 67 and 71: an execution rate printed `--`, read as nothing by both recognisers:
    the cell's ink, two flat strokes of one width on one height, apart, is published `--`. A flat
    speck near the cell's rule is no stroke of it; one stroke (`—`, or a `--` blurred into one),
    a round point beside a hyphen, strokes of unlike widths or heights, a digit: not told."""
    size = (70, 120)
    pair = lambda im: (_bar(im, 50, 34, 6), _bar(im, 60, 34, 6))  # noqa: E731
    assert hyphen_pair(_band(pair, size)) is True
    assert hyphen_pair(_band(lambda im: (pair(im), _bar(im, 90, 12, 5, 3)), size)) is True  # (a speck up high)
    # (a round speck beside them, in the band's middle half, 自评表 seed 69; a hyphen 6 × 3 is no speck)
    assert hyphen_pair(_band(lambda im: (pair(im), _speck(im, 80, 26, 4)), size)) is True
    assert hyphen_pair(_band(lambda im: (_bar(im, 50, 34, 6), _bar(im, 60, 34, 5, 2)), size)) is True
    for draw in (
        lambda im: _bar(im, 50, 34, 16),  # —
        lambda im: (_bar(im, 50, 34, 6), cv2.rectangle(im, (62, 33), (66, 37), INK, -1)),  # -.
        lambda im: (_bar(im, 40, 34, 4), _bar(im, 50, 34, 14)),  # unlike widths
        lambda im: (_bar(im, 50, 26, 6), _bar(im, 60, 42, 6)),  # unlike heights
        lambda im: cv2.putText(im, "2", (50, 45), cv2.FONT_HERSHEY_SIMPLEX, 0.6, INK, 2),
        lambda im: None,
    ):
        assert hyphen_pair(_band(draw, size)) is False


def test_print_in_a_cell_is_its_ink_but_rules_and_specks() -> None:
    """A cell's print (`marks`: an execution rate's cell both recognisers read as nothing is held
    back where it holds some, 自评表 seed 69): a `—`, a `--`, a digit; not the row rules its band
    takes in, a round speck, or a flat one near a rule."""
    size = (70, 120)

    def rules(im: np.ndarray) -> None:
        _bar(im, 0, 8, 120), _bar(im, 0, 60, 120)

    for draw, found in (
        (lambda im: (rules(im), _bar(im, 50, 34, 16)), 1),
        (lambda im: (rules(im), _bar(im, 50, 34, 6), _bar(im, 60, 34, 6)), 2),
        (lambda im: (rules(im), cv2.putText(im, "7", (50, 45), cv2.FONT_HERSHEY_SIMPLEX, 0.6, INK, 2)), 1),
        (lambda im: (rules(im), _speck(im, 80, 30, 4), _bar(im, 90, 14, 5, 3)), 0),
        (lambda im: (rules(im), _bar(im, 60, 33, 5, 4)), 0),  # (a speck 5 × 4, 自评表 seed 64)
        (rules, 0),
    ):
        assert len(marks(_band(draw, size))) == found


def test_a_round_mark_filling_a_narrow_box_is_no_dash() -> None:
    # (a box as narrow as its one blot: the blot is no row rule the margin took in, and no dash)
    band = np.full((40, 6), PAPER, np.uint8)
    band[18:23, 0:6] = INK
    assert dashes_only(band) is False


def _bar(image: np.ndarray, x: int, y: int, width: int, height: int = 3) -> None:
    cv2.rectangle(image, (x, y), (x + width - 1, y + height - 1), INK, -1)


@pytest.mark.parametrize(
    ("bars", "equals"),
    [
        ([(5, 23, 14), (5, 30, 13)], True),  # (湖北 seed 65's `=`, read `一` by the first recogniser)
        ([(5, 25, 14, 4)], False),  # (`一` or `-`: one bar, or a `=` blurred into one)
        ([(7, 21, 10), (5, 33, 14)], False),  # (二: a shorter upper stroke, wider apart)
        ([(0, 23, 14), (0, 30, 13)], False),  # (strokes cut at the box's side: a neighbour's)
        ([(5, 23, 14), (5, 45, 14)], False),  # (two bars a line apart: no one sign)
    ],
)
def test_an_equals_sign_is_two_bars_of_one_width_one_above_the_other(bars: list[tuple[int, ...]], equals: bool) -> None:
    band = _band(lambda image: [_bar(image, *bar) for bar in bars], size=(58, 24), blur=False)
    cv2.line(band, (0, 1), (23, 1), INK, 1)  # (the row rule above the line, across the box)
    _neighbour_stroke(band)
    assert two_bars(band) is equals
