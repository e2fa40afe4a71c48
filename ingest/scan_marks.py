"""The shape of small marks on a scanned page, where what a recogniser read there is in doubt: a
full stop's ring (a speck of dust read as `。` is a solid blot), a blank's dashes (a `--`
printed for a blank read `一` or `二`, or not at all), and an equals sign's two bars (a `=` read
`一` or `-`).

All look at the blots of ink (`scanimage.ink_blots`: darker than halfway from the image's
darkest pixel to its paper, its median) in a finer image of the mark's box
(`ingest.ocr.finer_bands`: the scan at the re-reading resolution, straightened).
"""

from __future__ import annotations

import itertools

import numpy as np

from ingest.scanimage import ink_blots


def ring_mark(band: np.ndarray) -> bool | None:
    """Of a finer image of one small mark's box, no paper added (a `。` read at a text's end, its
    neighbours' strokes cut at the image's sides; the mark sits on the baseline: in the image's
    lower half, where a wrapped text's box reaches the line above): whether it is a ring, paper
    held inside its ink (a printed full stop: True), or a solid blot (a speck: False). None:
    no one mark seen apart (none, or several as large). A ring blurred shut reads False: what is
    not seen to be a full stop is not published as one."""
    if (mark := _one_mark(band)) is None:
        return None
    x, y, w, h, _ = mark
    if min(w, h) < 4:
        return False  # (too small to hold paper inside: a speck)
    # A ring holds paper: a pixel inside it lighter than ink on each of its four sides; a blot
    # darkens toward its middle, so a pixel inside it has lighter ones outward. (A `。` is a few
    # pixels across, its hole one or two, gray, and not always at the box's middle.)
    box = band[y : y + h, x : x + w].astype(float)
    paper, ink = float(np.median(band)), float(box.min())
    return _held_paper(box) / max(paper - ink, 1.0) >= _RING_HOLE


def speck_mark(band: np.ndarray) -> bool:
    """Of a finer image of one small mark's box (as `ring_mark` looks at it): whether the one mark
    seen is a speck for sure, a solid blot (its box nearly all ink) smaller than a full stop prints
    (自评表 seed 73's 6 × 6 pixels after `国家标准范围之内`, read `。` by the second recogniser; a `。`
    at 7.5 pt some 8 × 8, a ring; a scan's specks 1 to 3 of its pixels, 2 to 6 here). A ring, or a
    solid blot a full stop's size (one blurred shut), is not told so: False."""
    if (mark := _one_mark(band)) is None:
        return False
    return _speck(mark)


# A full stop's ring is this many pixels across at least in a finer image; a blot this share of
# its box inked at least is solid (a `。`'s ring, some 0.6 to 0.8; a speck, 0.85 to 1).
_STOP_SIZE = 7
_SOLID = 0.85


def _one_mark(band: np.ndarray) -> Blot | None:
    """The one mark of a small mark's box (`ring_mark`): the largest blot inside the image's sides,
    in its lower half (the baseline's), no blot half as large beside it; else None."""
    if band.size == 0:
        return None
    height, width = band.shape
    blots = [
        (x, y, w, h, area)
        for x, y, w, h, area in _arcs_joined(ink_blots(band))
        if x > 0 and x + w < width and max(w, h) <= 0.6 * height and area >= _MARK_AREA and y + h / 2 >= height / 2
    ]
    marks = sorted(blots, key=lambda blot: -blot[4])
    if not marks or (len(marks) > 1 and marks[1][4] * 2 > marks[0][4]):
        return None
    return marks[0]


def _held_paper(box: np.ndarray) -> float:
    """How much lighter than the darkest ink on each of its four sides (left, right, above and
    below it in `box`) the most enclosed pixel of `box` is: 0 where none is enclosed so."""
    inf = np.full((box.shape[0], 1), np.inf)
    left = np.minimum.accumulate(np.hstack([inf, box[:, :-1]]), axis=1)
    right = np.minimum.accumulate(np.hstack([box[:, 1:], inf])[:, ::-1], axis=1)[:, ::-1]
    inf = np.full((1, box.shape[1]), np.inf)
    above = np.minimum.accumulate(np.vstack([inf, box[:-1]]), axis=0)
    below = np.minimum.accumulate(np.vstack([box[1:], inf])[::-1], axis=0)[::-1]
    held = box - np.maximum.reduce([left, right, above, below])
    return max(float(held.max()), 0.0)


Blot = tuple[int, int, int, int, int]  # (x, y, width, height, area) in pixels


def _arcs_joined(blots: list[Blot]) -> list[Blot]:
    """The blots with those whose boxes overlap joined into one: a ring the threshold broke into
    arcs (自评表 seed 52's `。`, two of 6 by 6 and 6 by 5 pixels, one box over the other's; two
    specks lie apart)."""
    joined = list(blots)
    while pair := next(
        ((a, b) for a, b in itertools.combinations(range(len(joined)), 2) if _overlap(joined[a], joined[b])), None
    ):
        (x, y, w, h, area), (x2, y2, w2, h2, area2) = joined[pair[0]], joined.pop(pair[1])
        left, top = min(x, x2), min(y, y2)
        joined[pair[0]] = (left, top, max(x + w, x2 + w2) - left, max(y + h, y2 + h2) - top, area + area2)
    return joined


def _overlap(a: Blot, b: Blot) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


# The least ink (pixels of the finer image) of a mark told ring or blot; how much of the way from
# the ink's darkness to the paper's a ring's hole is lighter than the ink on each side of it at
# least (a `。` at 7.5 pt scanned at 150 dpi, read in the 300 dpi image: some 0.25 to 0.6; a
# speck's most enclosed pixel, its noise: below 0.1).
_MARK_AREA = 8
_RING_HOLE = 0.2


def dashes_only(band: np.ndarray) -> bool:
    """Of a finer image of a cell's word box (no paper added): whether all its ink is flat strokes
    (a `-`, `--`, `—` printed for a blank, no taller than a quarter of the image: each blot a
    quarter wider than high at least, a blurred `--`'s hyphens 7 × 4 pixels, 自评表 seed 65; or,
    blurred rounder, 6 × 5, side by side on one height and together a flat stroke, seed 60), at
    least one. A digit or a character has an upright stroke or curve, a point is round alone;
    specks too small to tell are left out (`_MARK_AREA`), and where the rest is flat strokes, round
    solid blots smaller than a full stop (`_round_speck`: a speck under a `--`, 自评表 seed 82)."""
    blots = [blot for blot in ink_blots(band) if blot[4] >= _MARK_AREA]
    strokes = [blot for blot in blots if not _round_speck(blot)]
    return _flat_strokes(band, blots) or (strokes != blots and _flat_strokes(band, strokes))


def _speck(blot: Blot) -> bool:
    """A solid blot smaller than a full stop prints."""
    _, _, w, h, area = blot
    return max(w, h) < _STOP_SIZE and area >= _SOLID * w * h


def _round_speck(blot: Blot) -> bool:
    """A speck (`_speck`) less than half as wide again as high: a blurred hyphen as small and
    solid, 6 × 3 pixels, is a stroke; a speck 5 × 4 (自评表 seed 64) is none."""
    return _speck(blot) and 2 * blot[2] < 3 * blot[3]


def _flat_strokes(band: np.ndarray, found: list[Blot]) -> bool:
    """Whether the blots `found` in `band` are flat strokes only, at least one (`dashes_only`)."""
    blots = [(x, y, w, h) for x, y, w, h, _ in found]
    if not blots or any(h > _FLAT * band.shape[0] for _, _, _, h in blots):
        return False
    if all(_flat(w, h) for _, _, w, h in blots):
        return True
    # (the row rules a box's margin takes in, flat and as wide as the box, apart: a mark not flat
    # alone is never one, however narrow the box)
    marks = [(x, y, w, h) for x, y, w, h in blots if not (_flat(w, h) and w >= _RULE_WIDTH * band.shape[1])]
    top, bottom = min(y for _, y, _, _ in marks), max(y + h for _, y, _, h in marks)
    left, right = min(x for x, _, _, _ in marks), max(x + w for x, _, w, _ in marks)
    return len(marks) > 1 and right - left >= 2 * (bottom - top)


def hyphen_pair(band: np.ndarray) -> bool:
    """Of a finer image of a cell inside its borders (no paper added): whether its ink is a `--`
    (自评表 seeds 67 and 71: an execution rate's, read as nothing by both recognisers): flat strokes
    only (`dashes_only`), two flat ones of about one width side by side on one height, apart, in
    the middle half of the band's height (a flat speck nearer a rule is no stroke of it; a round
    speck beside them, 自评表 seed 69, none either). A `—` is one stroke; a `--` blurred into one
    is not told from it: False."""
    if not dashes_only(band) or len(found := marks(band)) != 2:
        return False
    (xa, ya, wa, ha), (xb, yb, wb, hb) = found
    level = abs((2 * ya + ha) - (2 * yb + hb)) <= 2 * max(ha, hb)
    return xa + wa < xb and max(wa, wb) <= 2 * min(wa, wb) and level and _flat(wa, ha) and _flat(wb, hb)


def marks(band: np.ndarray) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) in pixels of each blot of print in a finer image of a cell inside its
    borders (no paper added), left to right: in the middle half of the band's height (a flat
    speck nearer a rule is none), heavier than a speck too small to tell (`_MARK_AREA`), but the
    row rules the band takes in (flat, nearly as wide as it) and round specks (`_round_speck`)."""
    height, width = band.shape
    return sorted(
        (x, y, w, h)
        for x, y, w, h, area in ink_blots(band)
        if area >= _MARK_AREA
        and w < _RULE_WIDTH * width
        and height <= 4 * y + 2 * h <= 3 * height
        and not _round_speck((x, y, w, h, area))
    )


def _flat(width: int, height: int) -> bool:
    """A blot a quarter wider than high at least: a dash's stroke, however blurred."""
    return 4 * width >= 5 * height


# A blot this share of a box's breadth wide is a row rule the box's margin took in.
_RULE_WIDTH = 0.9
# A dash's stroke is no taller than this share of its box's image (the box and the two points the
# band adds above and below it: some 20 px at 300 dpi for a 7.5 pt line; a stroke 2 to 4).
_FLAT = 0.25


def two_bars(band: np.ndarray) -> bool:
    """Of a finer image of one character's box read `=` by a recogniser (no paper added; its
    neighbours' strokes cut at the image's sides, the line's height: a row rule or the next line's
    strokes at its top or bottom): whether its ink shows an equals sign's two bars, two flat
    strokes of about one width one right above the other, apart (湖北 seed 65's `=`: 14 × 3 and
    13 × 3 pixels, 7 apart, read `一` by the other recogniser). A `一` or `-` is one bar; a `=`
    whose bars blurred into one is not told from it: False."""
    width = band.shape[1] if band.size else 0
    bars = [
        (x, y, w, h)
        for x, y, w, h, area in ink_blots(band)
        if area >= _MARK_AREA and w >= _BAR * h and x > 0 and x + w < width and w < _RULE_WIDTH * width
    ]
    return any(
        abs(a[2] - b[2]) <= _BAR_WIDTHS * max(a[2], b[2])
        and min(a[0] + a[2], b[0] + b[2]) - max(a[0], b[0]) >= _BAR_OVERLAP * min(a[2], b[2])
        and a[1] + a[3] < b[1] <= a[1] + max(a[2], b[2])
        for a, b in itertools.permutations(bars, 2)
    )


# A bar of `=`: this many times as wide as thick at least (14 × 3 at the re-reading resolution).
_BAR = 2.5
# The two bars of one `=`: widths within this share of the wider (二's upper stroke is some three
# quarters of its lower), overlapping across this share of the narrower, the lower one starting
# below the upper's bottom, no further down than a bar's width.
_BAR_WIDTHS = 0.2
_BAR_OVERLAP = 0.6
