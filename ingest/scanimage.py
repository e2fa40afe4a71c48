"""Geometry of a scanned page's image: its skew, its ink, and the glyphs of a number's box.

A scanner feeds paper askew (up to a degree or so): on a landscape table page 0.8° moves the right
end of a row 12 pt (a row's height) off its left end, so rows would mix. The angle is estimated
from the image (the dark pixels' row profile is sharpest when text lines and row rules lie
horizontal) and the image is turned back before recognition: words then lie on their rows and
columns stand upright, as on a text page.

The table's ruling lines are found in the straightened image: ingest/scan_rules.py.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import cv2
import numpy as np

from ingest.layout import Rule, VRule

# Angles tried (degrees): scans beyond ±3° are rare for flatbed and app scans alike.
MAX_SKEW = 3.0
_COARSE_STEP = 0.2
_FINE_STEP = 0.02
# The profile is computed on an image shrunk to this width (pixels): enough for 0.02° steps
# over a page's width (a 1000 px line drifts 0.35 px per 0.02°), and fast.
_PROFILE_WIDTH = 1000


def dark_mask(gray: np.ndarray) -> np.ndarray:
    """Ink (True) and paper, by Otsu's threshold on a lightly blurred image (noise, uneven light)."""
    blurred = cv2.GaussianBlur(gray, (3, 3), 0)
    _, binary = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return binary > 0


def even_ink_mask(gray: np.ndarray) -> np.ndarray:
    """Ink (True) and paper, the light evened first: each pixel against the paper around it (the
    page's brightest level within `_PAPER_WINDOW` pixels, which no stroke of print is as wide
    as), then Otsu's threshold. One threshold for the raw page takes the paper of its darker
    side for ink where the light falls off across it (a scanner's lamp, a phone's shadow): a
    cell there is ink all over, and a printed amount's ink cannot be told in it (决算 seed 2024)."""
    paper = cv2.dilate(gray, np.ones((_PAPER_WINDOW, _PAPER_WINDOW), np.uint8))
    paper = cv2.GaussianBlur(paper, (_PAPER_WINDOW, _PAPER_WINDOW), 0).astype(np.float32)
    evened = np.clip(gray.astype(np.float32) / np.maximum(paper, 1.0) * 255.0, 0, 255).astype(np.uint8)
    return dark_mask(evened)


# Pixels (at 150 dpi) around a pixel in which the paper's level is found: wider than any stroke
# and any printed digit's counter (a rule is thin, a character some 20 pixels high).
_PAPER_WINDOW = 31


# The share of a box's width a row of dark pixels spans to be a rule, not ink (`ink_in`).
_RULE_ACROSS = 0.95


def ink_in(
    ink: np.ndarray, scale: float, box: tuple[float, float, float, float], read: list[tuple[float, float]]
) -> int:
    """Ink pixels of `dark_mask` in a box (x0, x1, top, bottom, in points; `scale`: points per
    pixel) that no text read covers (`read`: x-spans in points) and that are no rule (a column of
    pixels dark from the box's top to its bottom, a row dark across it)."""
    x0, x1, top, bottom = box
    first = max(int(x0 / scale), 0)
    region = ink[max(int(top / scale), 0) : max(int(bottom / scale), 0), first : max(int(x1 / scale), 0)]
    if region.size == 0:
        return 0
    keep = ~region.all(axis=0)
    for left, right in read:
        keep[max(int(left / scale) - first, 0) : max(int(right / scale) + 1 - first, 0)] = False
    region = region[:, keep]
    if not region.size:
        return 0
    # (a row rule the box reaches: a row of pixels dark across the box, but for one in twenty at
    # most, a pixel of paper where a scanned rule thins: 预算 seed 2462's `.90,390`, its speck's
    # box reaching the row rule under it, which a pixel short of the box's width counted as ink)
    across = region.sum(axis=1) >= _RULE_ACROSS * region.shape[1]
    return int(region[~across].sum())


def estimate_skew(gray: np.ndarray) -> float:
    """The angle (degrees, counter-clockwise as `rotate` takes it) that makes the page's lines
    horizontal: the one maximising the variance of the dark pixels' row profile. Where one
    threshold for the page takes more of it for ink than any print covers, the light falls off
    across it (a scanner's lamp): the paper of its darker side is no ink, and the light is evened
    first (a one-table 预算 page, 46% of it dark, was turned the wrong way: 预算 seed 2120)."""
    dark = dark_mask(gray)
    mask = (even_ink_mask(gray) if dark.mean() > _MOST_INK else dark).astype(np.uint8)
    h, w = mask.shape
    if w > _PROFILE_WIDTH:
        factor = _PROFILE_WIDTH / w
        mask = cv2.resize(mask, (_PROFILE_WIDTH, max(int(h * factor), 1)), interpolation=cv2.INTER_AREA)
    if not mask.any():
        return 0.0

    def sharpness(angle: float) -> float:
        profile = _rotate(mask, angle, 0).sum(axis=1, dtype=np.float64)
        return float(np.square(np.diff(profile)).sum())

    coarse = np.arange(-MAX_SKEW, MAX_SKEW + 1e-9, _COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - _COARSE_STEP, best + _COARSE_STEP + 1e-9, _FINE_STEP)
    return round(float(max(fine, key=sharpness)), 3)


# The most of a page print covers (a dense table page at 150 dpi: some 10%).
_MOST_INK = 0.25


def straighten(gray: np.ndarray, angle: float) -> np.ndarray:
    """The image turned by `angle` about its centre, the uncovered corners paper-white."""
    return gray if abs(angle) < 1e-6 else _rotate(gray, angle, 255)


def _rotate(image: np.ndarray, angle: float, fill: int) -> np.ndarray:
    h, w = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def sign_mark(image: np.ndarray) -> bool | None:
    """Of an image of a number's box (dark ink on paper): whether the small mark left of its
    digits, that a recogniser may read as a minus, is one. True: a dash (at least twice as wide as
    high); False: a speck of dust or toner (about as wide as high: no minus sign is); None: no
    such mark, or one of neither shape. Rules crossing the box (as wide as it) are no marks."""
    if image.size == 0:
        return None
    height, width = image.shape
    blobs = [
        (x, w, h) for x, _, w, h, area in ink_blots(image) if area >= 2 and w < 0.6 * width and h < 0.8 * height
    ]
    if not blobs:
        return None
    digit_height = max(h for _, _, h in blobs)
    first_digit = min(x for x, _, h in blobs if h >= 0.6 * digit_height)
    marks = [(x, w, h) for x, w, h in blobs if x + w <= first_digit and h < 0.5 * digit_height]
    if not marks:
        return None
    _, w, h = max(marks)  # (the mark nearest the digits: the one read as their sign)
    if w >= 2 * h:
        return True
    if w < 1.5 * h:
        return False
    return None


def point_has_room(image: np.ndarray, text: str) -> bool | None:
    """Of an image of a number's box and its reading `text` with one point (`40.49`): whether the
    digits either side of the point stand apart by the point's own width (`mark_has_room`)."""
    return mark_has_room(image, text, text.index(".")) if text.count(".") == 1 else None


def mark_has_room(image: np.ndarray, text: str, at: int) -> bool | None:
    """Of an image of a number's box and its reading `text`: whether the digits either side of
    the mark at `text[at]` (a point or a comma) stand apart by the mark's own width. A printed
    point or comma is a character: the paper between the digits around it is wider than between
    neighbouring digits by about a third of a digit's height; a speck of dust read as a mark lies
    between digits set as neighbours. The mark's gap is compared with those between neighbouring
    digits beside as many `1`s (its narrow stroke stands in a digit's width); beside one `1`, the
    span over the `1` where it can be (`_wider_over_a_one`). True: room for a mark; False: none (a
    speck); None: not told (the digits not seen one by one, no gap to compare with, or one in
    between). A mark inked into a digit beside it is told by the pair's outer edges instead; so is
    one between two digits inked into one blot (`_joined_pair`: split at its middle)."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if image.size == 0 or text[at].isdigit() or len(digits) < 3:
        return None
    blobs = _blobs(image)
    if not blobs:
        return None
    tallest = max(h for _, _, h in blobs)
    glyphs = _tall(blobs)
    pairs = list(itertools.pairwise(digits))
    ones = [(text[i] == "1") + (text[j] == "1") for i, j in pairs]
    mark = next((k for k, (i, j) in enumerate(pairs) if i < at < j), None)
    if mark is None:
        return None  # (no mark between two digits: `12.`, `.5`)
    joined = _joined_pair(glyphs, [text[i] for i in digits]) if len(glyphs) == len(digits) - 1 else None
    if joined is not None:
        # (two digits inked into one blot, by a speck between them or blur: split at its middle,
        # its inner edges then made up, told by the pair's outer edges; 预算 seed 2667's `27,008`,
        # a speck joining its `00`. Not beside a `1`, told by spans over it)
        x0, x1 = glyphs[joined]
        glyphs[joined : joined + 1] = [(x0, (x0 + x1) // 2), ((x0 + x1) // 2, x1)]
        if ones[mark]:
            return None
    if len(glyphs) != len(digits):
        return None
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(glyphs)]
    spans = [b[1] - a[0] for a, b in itertools.pairwise(glyphs)]
    # (what the made-up edges measure: the joined pair's gap, and the spans from or to its middle)
    made_up_gaps, made_up_spans = ({joined}, {joined - 1, joined + 1}) if joined is not None else (set(), set())
    # The gaps between neighbouring digits with as many `1`s as the mark's pair: a `1`'s narrow
    # stroke stands in a digit's width, the paper beside it wider by as much on either side
    # (`2538.12`: the gap 8|1 with the point is told against 1|2)
    neighbours = [k for k, ((i, j), n) in enumerate(zip(pairs, ones, strict=True)) if j == i + 1 and n == ones[mark]]
    like = [gaps[k] for k in neighbours if k not in made_up_gaps]
    if not like:
        return None
    left, right = sum(glyphs[mark]) / 2, sum(glyphs[mark + 1]) / 2
    if mark != joined and any(h < 0.5 * tallest and left < x + w / 2 < right for x, w, h in blobs):
        wider = (gaps[mark] - float(np.median(like))) / tallest
    else:
        # (the mark not seen apart between the digits: inked into one of them, whose inner edge is
        # then off. The pair's outer edges are not: told against its neighbours', 预算 seed 2422's
        # `900.00` of 90000, a speck inked into the fourth digit's edge, its gap then none at all)
        alike = [spans[k] for k in neighbours if k not in made_up_spans]
        if mark in made_up_spans or not alike:
            return None
        wider = (spans[mark] - float(np.median(alike))) / tallest
    if ones[mark] == 1 and (over := _wider_over_a_one(text, digits, glyphs, mark, tallest)) is not None:
        # (beside a `1` the gap tells no speck, and may take one after it for a point: its stroke
        # is not always in the middle of its advance. The span over it, from the digit before it
        # to the one after, tells both: 预算 seed 2579's `24423.18` of a whole-元 2442318, a speck
        # between `3` and `1`)
        wider = over
    elif ones[mark]:
        return True if wider >= _MARK_ROOM else None
    if wider >= _MARK_ROOM:
        return True
    return False if wider <= _NO_ROOM else None


# A blot this many times as wide as the widest other glyph of a number's digits, and at most
# `_JOINED_MOST` times, is two digits inked into one (digits print at one advance, a `1`'s glyph
# narrower; a digit and a comma inked together some 1.4 times a digit's width).
_JOINED_LEAST, _JOINED_MOST = 1.8, 2.6


def _joined_pair(glyphs: list[tuple[int, int]], digits: list[str]) -> int | None:
    """The index of the one glyph among `glyphs` (one fewer than `digits`) as wide as two digits
    inked into one, between `_JOINED_LEAST` and `_JOINED_MOST` times the widest other, neither of
    its digits a `1`; else None."""
    widths = [x1 - x0 for x0, x1 in glyphs]
    if len(widths) < 3:
        return None
    others = [max(widths[:k] + widths[k + 1 :]) for k in range(len(widths))]
    wide = [k for k, (w, other) in enumerate(zip(widths, others, strict=True)) if w >= _JOINED_LEAST * other]
    if len(wide) != 1 or widths[wide[0]] > _JOINED_MOST * others[wide[0]] or "1" in digits[wide[0] : wide[0] + 2]:
        return None
    return wide[0]


def _wider_over_a_one(
    text: str, digits: list[int], glyphs: list[tuple[int, int]], mark: int, tallest: int
) -> float | None:
    """How much wider, in digit heights, the span of the three glyphs around a mark beside one
    `1` (the `1`, its neighbour across the mark and its neighbour on its other side; neither of
    those a `1`) is than the median span of three neighbouring digits with no mark between them
    and no `1` at either end (digits print at one advance: a `1`'s place inside it does not move
    the span's ends). None where no such spans are printed."""
    first = mark - 1 if text[digits[mark]] == "1" else mark

    def ends_not_one(j: int) -> bool:
        return j >= 0 and j + 2 < len(glyphs) and "1" not in (text[digits[j]], text[digits[j + 2]])

    alike = [
        glyphs[j + 2][1] - glyphs[j][0]
        for j in range(len(glyphs) - 2)
        if j != first and digits[j + 2] == digits[j] + 2 and ends_not_one(j)
    ]
    if not ends_not_one(first) or not alike:
        return None
    return (glyphs[first + 2][1] - glyphs[first][0] - float(np.median(alike))) / tallest


def digit_glyphs(image: np.ndarray) -> list[tuple[int, int]]:
    """(x0, x1) pixel spans of the glyphs of a digit's height in an image of a number's box, left
    to right: the blobs of ink at least 0.6 as tall as the tallest (a point, a comma or a speck is
    none of them; two digits inked into one are one)."""
    return _tall(_blobs(image))


def upright_glyphs(image: np.ndarray) -> list[tuple[int, int]]:
    """`digit_glyphs` however thin: a `1` printed as a hairline counts (no glyph more than a
    reading has digits may be taken for a speck; a rule inside the box counts too: no more)."""
    return _tall([(x, w, h) for x, _, w, h, area in ink_blots(image) if area >= 2 and w <= 4 * h])


def _tall(blobs: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    tallest = max((h for _, _, h in blobs), default=0)
    return sorted((x, x + w) for x, w, h in blobs if h >= 0.6 * tallest)


def _blobs(image: np.ndarray) -> list[tuple[int, int, int]]:
    """(x, width, height) of each blob of ink in an image of a number's box (no rules crossing it:
    thin lines, flat or upright, are left out, and so is the corner where two meet, ink along
    two edges of its extent only: 决算 seed 2174's `6.62` under a row rule, beside a column rule,
    whose corner stood taller than its digits and left them none of a digit's height)."""
    return [
        (x, w, h)
        for x, _, w, h, area in ink_blots(image)
        if area >= 2 and 0.2 * h <= w <= 4 * h and area >= _GLYPH_FILL * w * h
    ]


# The least share of its extent a digit's ink fills (a `7` at 150 dpi some 0.3; two crossing
# rules' corner, 2–3 pixels thick along its edges, under 0.1).
_GLYPH_FILL = 0.15


def ink_blots(image: np.ndarray) -> list[tuple[int, int, int, int, int]]:
    """(x, y, width, height, area) in pixels of each blot of ink in a finer image of a small box
    (dark ink on paper): ink is what is darker than halfway from the box's darkest pixel to its
    paper (its median), whatever the light there."""
    if image.size == 0:
        return []
    threshold = (float(image.min()) + float(np.median(image))) / 2
    count, _, stats, _ = cv2.connectedComponentsWithStats((image < threshold).astype(np.uint8), connectivity=8)
    return [(int(x), int(y), int(w), int(h), int(a)) for x, y, w, h, a in stats[1:count]]


# How much wider (in digit heights) the paper between the digits around a point or comma is than between
# neighbouring digits: a printed mark's (its advance, some 0.3), and the most a speck's may be
# (digits set as neighbours, their edges a pixel or two off).
_MARK_ROOM = 0.18
_NO_ROOM = 0.08


def rules_across(rules: Sequence[Rule | VRule], top: float, bottom: float, slack: float = 0.0) -> list[float]:
    """x of the column rules running across the band from `top` to `bottom` (short of either end
    by `slack` points at most: a recognised line's box is a point loose), left to right."""
    return sorted(r.x for r in rules if isinstance(r, VRule) and r.top <= top + slack and r.bottom >= bottom - slack)


def ink_run(
    ink: np.ndarray,
    scale: float,
    box: tuple[float, float, float, float],
    bounds: tuple[float, float],
    gap: float,
    stop: float | None = None,
) -> list[tuple[float, float]]:
    """The spans of ink (x, in points, left to right) of the run that reaches into a word's `box`
    (x0, x1, top, bottom, in points): followed left and right across blank gaps narrower than `gap`
    points, no further than `bounds` (the cell's rules; a row rule is told across them) nor right
    of `stop`, nor across a rule the page's rules lack (a
    pixel column dark through most of the box's height and beyond it, which no character's stroke
    is). Ink is counted in the middle of the box's height (a neighbouring row's print the box
    reaches is not), two dark pixels a column (a lone one is noise), no pixel row dark across most
    of the width (a row rule). Empty without ink in `box`."""
    x0, x1, top, bottom = box
    first = max(int(bounds[0] / scale), 0)
    last = max(int(bounds[1] / scale), first)
    height = bottom - top
    middle = ink[max(int((top + 0.2 * height) / scale), 0) : max(int((bottom - 0.2 * height) / scale), 0), first:last]
    middle = middle[middle.mean(axis=1) < 0.7] if middle.size else middle
    if middle.size == 0:
        return []
    tall = ink[max(int((top - _BEYOND) / scale), 0) : max(int((bottom + _BEYOND) / scale), 0), first:last]
    dark = tall.mean(axis=0)
    barriers = np.flatnonzero(np.maximum(dark, np.maximum(np.roll(dark, 1), np.roll(dark, -1))) >= _RULE_DARK)
    columns = np.flatnonzero((middle.sum(axis=0) >= 2) & ~np.isin(np.arange(middle.shape[1]), barriers))
    if stop is not None:
        columns = columns[columns < int(stop / scale) - first]
    inside = columns[(columns >= int(x0 / scale) - first) & (columns <= int(x1 / scale) - first)]
    if not inside.size:
        return []
    kept, most = {int(inside[0])}, max(int(gap / scale), 1)
    for side in (-1, 1):
        end = int(inside[0])
        for c in reversed(columns[columns < end]) if side < 0 else columns[columns > end]:
            between = barriers[(barriers > min(c, end)) & (barriers < max(c, end))]
            if abs(int(c) - end) > most or between.size:
                break
            end = int(c)
            kept.add(end)
    spans: list[tuple[float, float]] = []
    for c in sorted(kept):
        if spans and (first + c) * scale <= spans[-1][1] + scale / 2:
            spans[-1] = (spans[-1][0], (first + c + 1) * scale)
        else:
            spans.append(((first + c) * scale, (first + c + 1) * scale))
    return spans


# A rule the page's rules lack: a pixel column (or its neighbour, a rule a little askew) dark
# through this share of a word's box and `_BEYOND` points above and below it.
_RULE_DARK = 0.8
_BEYOND = 2.0
