"""Geometry of a scanned page's image: its skew, and its ruling lines.

A scanner feeds paper askew (up to a degree or so): on a landscape table page 0.8° moves the right
end of a row 12 pt (a row's height) off its left end, so rows would mix. The angle is estimated
from the image (the dark pixels' row profile is sharpest when text lines and row rules lie
horizontal) and the image is turned back before recognition: words then lie on their rows and
columns stand upright, as on a text page.

The table's ruling lines are found in the straightened image (long thin runs of dark pixels) and
returned as the `Rule`/`VRule`s a text page's edges give, so header cells and ruled rows are read
by the same code on scans.
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
# A ruling line is at least this long (points): longer than a character's stroke (a CJK
# character is about 10 pt), shorter than the narrowest cell border (a row is ~13 pt high).
MIN_RULE_LENGTH = 12.0


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
    # (a row rule the box reaches: a row of pixels dark across the whole box)
    return int(region[~region.all(axis=1)].sum()) if region.size else 0


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


def image_rules(gray: np.ndarray, scale: float) -> list[Rule | VRule]:
    """The ruling lines of a straightened page image, in points (`scale`: points per pixel)."""
    # Thin rules come out light gray (a hairline over two pixel rows once turned): ink is what
    # is darker than the paper around it, not darker than one threshold for the page.
    ink = cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 20)
    length = max(int(MIN_RULE_LENGTH / scale), 8)
    found: dict[bool, list[tuple[float, float, float]]] = {True: [], False: []}
    masks: dict[bool, np.ndarray] = {}
    for horizontal in (True, False):
        # (or a thin line darker than the paper just above and below it (left and right of it):
        # under a row of dense text the local mean is dark, and a hairline's gray is not below it)
        mask = masks[horizontal] = ((ink > 0) | _ridge(gray, horizontal)).astype(np.uint8)
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1) if horizontal else (1, length))
        # (no closing: it would bridge the strokes of neighbouring characters into rules; pieces
        # of a broken rule are joined by position instead)
        lines = cv2.morphologyEx(mask, cv2.MORPH_OPEN, kernel)
        count, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for x, y, w, h, _area in stats[1:count]:
            if horizontal and w >= length and h <= 6:
                found[True].append(((y + h / 2) * scale, x * scale, (x + w) * scale))
            elif not horizontal and h >= length and w <= 6:
                found[False].append(((x + w / 2) * scale, y * scale, (y + h) * scale))
    # (a line along the image's edge is the paper's edge or the scanner's shadow: a printed
    # table keeps a margin. Taken for a table's border, the ink beside it was judged a lost cell)
    width, height = gray.shape[1] * scale, gray.shape[0] * scale
    runs = [(at, spans) for at, spans in _runs(found[False]) if _PAPER_EDGE < at < width - _PAPER_EDGE]
    verticals = [VRule(at, spans[0][0], max(b for _, b in spans)) for at, spans in runs]
    across = [
        Rule(at, spans[0][0], max(b for _, b in spans))
        for at, spans in _runs(found[True])
        if _PAPER_EDGE < at < height - _PAPER_EDGE and not _glyph_strokes(at, spans, verticals)
    ]
    verticals = [
        part for at, spans in runs for part in _cut_at_merged_cells(at, spans, across, (ink, masks[False]), scale, runs)
    ]
    rows = _to_neighbours([_to_borders(rule, verticals) for rule in across], verticals)
    rows = _across_lost_stretches(rows, verticals)
    return [*rows, *(_to_rows(v, rows) for v in verticals)]


# Points from the image's edges within which a line is the paper's edge, no ruling line.
_PAPER_EDGE = 6.0


# A ruling line is at most this many pixels thick at the resolutions pages are read (150 dpi) and
# at least this much darker (gray levels) than the paper either side of it.
_RIDGE_REACH = 3
_RIDGE_CONTRAST = 30


def _ridge(gray: np.ndarray, horizontal: bool) -> np.ndarray:
    """Pixels darker by `_RIDGE_CONTRAST` than both pixels `_RIDGE_REACH` above and below them (left
    and right for a vertical line): the core of a thin line, however light the line is."""
    g = gray.astype(np.int16)
    axis, d = (0 if horizontal else 1), _RIDGE_REACH
    before, after = np.roll(g, d, axis=axis), np.roll(g, -d, axis=axis)
    ridge = np.minimum(before, after) - g > _RIDGE_CONTRAST
    edge = [slice(None)] * 2
    for part in (slice(0, d), slice(-d, None)):  # (np.roll wraps around: the borders are no line)
        edge[axis] = part
        ridge[tuple(edge)] = False
    return ridge


def _to_borders(rule: Rule, verticals: list[VRule]) -> Rule:
    """A row rule whose end was lost (light, specks) extended to the nearest vertical rule it
    crosses within _GAP beyond that end: a table's row rules run from border to border."""
    crossing = _crossing(rule.y, verticals)
    left = [x for x in crossing if rule.x0 - _GAP <= x < rule.x0] if not _on_border(rule.x0, crossing) else []
    right = [x for x in crossing if rule.x1 < x <= rule.x1 + _GAP] if not _on_border(rule.x1, crossing) else []
    return Rule(rule.y, min(left, default=rule.x0), max(right, default=rule.x1))


def _glyph_strokes(y: float, spans: list[tuple[float, float]], verticals: list[VRule]) -> bool:
    """A row rule whose pieces are each no longer than two characters and none of which meets a
    column rule is the strokes of characters run together (`时效指标`'s bottoms, 12.5 pt; the `=`
    and the tops beside it in `管理率=按照`, two pieces 50 pt apart; a wrapped 二级 label's bottoms
    and the next cell's text, two pieces either side of the column rule between them and reaching
    it neither, 自评表 seed 66): extended to the cells' borders, it would cut a label's merged cell
    in two, or a wrapped label into rows."""
    crossing = _crossing(y, verticals)
    meets = any(a - _SAME_POSITION <= x <= b + _SAME_POSITION for a, b in spans for x in crossing)
    return all(b - a < _STROKE_LENGTH for a, b in spans) and not meets


# A row rule's piece shorter than this (points; two characters of text) may be glyph strokes.
_STROKE_LENGTH = 2 * MIN_RULE_LENGTH


def _crossing(y: float, verticals: list[VRule]) -> list[float]:
    """The positions of the column rules that cross height `y`."""
    return [v.x for v in verticals if v.top - 2 <= y <= v.bottom + 2]


def _on_border(x: float, crossing: list[float]) -> bool:
    """A row rule's end at `x` lies on a column rule crossing it: the end of a rule under a row of
    the cells right of a merged one (a 绩效 table's 一级/二级 label over several rows), not an end
    lost; extended, the rule would cut the merged cell into rows and its label off the rows below."""
    return any(abs(x - at) <= _SAME_POSITION for at in crossing)


# Row rules this near (points) above and below a rule are its neighbours in one table.
_NEIGHBOURS = 40.0


def _to_neighbours(rows: list[Rule], verticals: list[VRule]) -> list[Rule]:
    """A row rule whose end was lost where the border crossing it was lost too (`30309 奖励金` |
    `30310 …`, the rule between them starting at the name column) extended to where the rules
    right above and below it both end, within _GAP: the rows of one table are ruled border to
    border. A rule without such neighbours on both sides (a header's, under a merged cell) stays."""
    out = []
    for rule in rows:
        near = [r for r in rows if r is not rule and 0 < abs(r.y - rule.y) <= _NEIGHBOURS]
        above, below = [r for r in near if r.y < rule.y], [r for r in near if r.y > rule.y]
        x0, x1 = rule.x0, rule.x1
        crossing = _crossing(rule.y, verticals)
        if above and below:
            left = max(min(r.x0 for r in above), min(r.x0 for r in below))  # (both reach this far)
            right = min(max(r.x1 for r in above), max(r.x1 for r in below))
            x0 = left if rule.x0 - _GAP <= left < rule.x0 and not _on_border(x0, crossing) else x0
            x1 = right if rule.x1 < right <= rule.x1 + _GAP and not _on_border(x1, crossing) else x1
        out.append(Rule(rule.y, x0, x1))
    return out


def _across_lost_stretches(rows: list[Rule], verticals: list[VRule]) -> list[Rule]:
    """Two pieces of one row rule (on one height) apart by more than _GAP joined where a stretch
    of it was lost, not cut by a merged cell: the row rules right above and below it both run
    across the gap, and the gap does not run from one column rule to another (决算 seed 2128: the
    rule under `一、一般公共预算财政拨款` lost from 52 pt to 340 pt under uneven light, the two rows
    were read as one, their labels joined)."""
    out = sorted(rows, key=lambda r: (r.y, r.x0))
    k = 0
    while k < len(out) - 1:
        left, right = out[k], out[k + 1]
        if abs(right.y - left.y) > _SAME_POSITION or right.x0 <= left.x1:
            k += 1
            continue
        y = (left.y + right.y) / 2
        crossing = _crossing(y, verticals)
        near = [r for r in out if _SAME_POSITION < abs(r.y - y) <= _NEIGHBOURS and r.x0 <= left.x1 and r.x1 >= right.x0]
        above, below = any(r.y < y for r in near), any(r.y > y for r in near)
        merged = _on_border(left.x1, crossing) and _on_border(right.x0, crossing)
        if above and below and not merged:
            out[k : k + 2] = [Rule(left.y, left.x0, max(left.x1, right.x1))]
        else:
            k += 1
    return out


def _to_rows(rule: VRule, rows: list[Rule]) -> VRule:
    """A column rule whose end was lost (a light stretch broken into pieces shorter than a rule)
    extended to the nearest row rule it crosses within _GAP beyond that end: a cell's border runs
    from rule to rule. One that ends at a row rule (a merged cell above it) stays as it is."""
    crossing = [r.y for r in rows if r.x0 - 2 <= rule.x <= r.x1 + 2]
    above = [y for y in crossing if rule.top - _GAP <= y <= rule.top + _SAME_POSITION]
    below = [y for y in crossing if rule.bottom - _SAME_POSITION <= y <= rule.bottom + _GAP]
    # (by at most half its own length: a short stroke of a title's glyph is no border to extend)
    reach = (rule.bottom - rule.top) / 2
    top, bottom = max(above, default=rule.top), min(below, default=rule.bottom)
    top = top if rule.top - top <= reach else rule.top
    return VRule(rule.x, top, bottom if bottom - rule.bottom <= reach else rule.bottom)


# Pieces of one rule (noise, light and compression break a thin line) lie on one position within
# this many points, and are joined across gaps up to the second.
_SAME_POSITION = 1.5
_GAP = 48.0


def _runs(pieces: list[tuple[float, float, float]]) -> list[tuple[float, list[tuple[float, float]]]]:
    """(position, start, end) pieces of one rule (on one position, across gaps up to _GAP): each
    rule's position and its pieces' (start, end), in order of start."""
    runs: list[tuple[float, list[tuple[float, float]]]] = []
    for at, a, b in sorted(pieces, key=lambda p: (p[1], p[0])):
        run = next((r for r in runs if abs(r[0] - at) <= _SAME_POSITION and a <= max(e for _, e in r[1]) + _GAP), None)
        if run is None:
            runs.append((at, [(a, b)]))
        else:
            run[1].append((a, b))
    return runs


def _cut_at_merged_cells(
    at: float,
    spans: list[tuple[float, float]],
    rows: list[Rule],
    inks: tuple[np.ndarray, np.ndarray],
    scale: float,
    runs: list[tuple[float, list[tuple[float, float]]]],
) -> list[VRule]:
    """A column rule's pieces as rules, cut where a gap between them runs from one row rule to
    another and is a merged cell's, text printed across the rule's place (`长期目标1：` over the
    一级指标 column's border, 湖北's block labels: joined across it, the rule would cut the cell's
    text in two, `长期目` | `标1：`, as a text page's edges, ending there, do not), or blank paper
    between two grids, no other column rule (of `runs`) running across it either (two 绩效 tables
    on a page, the next one's title between them: the tables' borders joined across it ruled the
    title into a cell, and the page was not cut there, 自评表 seed 66). Gaps a light rule's lost
    stretch leaves are joined: nothing crosses them but the rule's own remnants, a pixel or two
    wide, and the other rules of the rows there run on. A stretch of the rule from one row rule to
    the next printed along its place but too short to be found as a rule is a piece of it (a row
    lower than `MIN_RULE_LENGTH`: 湖北 seed 72's `社会效益指标 | 家庭发展能力`, two cells' texts close
    to the border between them taken for text across, the row's cells merged and the row lost).
    `inks`: the page's ink, and the ink column rules are found in (with a faint line's core)."""
    ink, rule_ink = inks
    spans = sorted([*spans, *_short_stretches(at, spans, rows, rule_ink, scale)])
    parts = [[*spans[0]]]
    for a, b in spans[1:]:
        end = parts[-1][1]
        gap = a > end and _on_rows(at, end, a, rows)
        if gap and (_text_across(ink, at, end, a, scale) or not _ruled_across(at, end, a, runs)):
            parts.append([a, b])
        else:
            parts[-1][1] = max(end, b)
    return [VRule(at, a, b) for a, b in parts]


def _short_stretches(
    at: float, spans: list[tuple[float, float]], rows: list[Rule], ink: np.ndarray, scale: float
) -> list[tuple[float, float]]:
    """The stretches between consecutive row rules crossing `at` inside the gaps between the
    rule's pieces `spans` whose place (a pixel either side) is inked along `_PRINTED_ALONG` of
    their height at least, a row rule's thickness off each end: the rule printed there."""
    column = round(at / scale)
    place = ink[:, max(column - 1, 0) : column + 2].any(axis=1)
    ys = sorted(r.y for r in rows if r.x0 - 2 <= at <= r.x1 + 2)
    out = []
    for (_, end), (start, _) in itertools.pairwise(sorted(spans)):
        inside = [end, *(y for y in ys if end < y < start), start]
        for y0, y1 in itertools.pairwise(inside):
            first, last = round((y0 + _RULE_THICKNESS) / scale), round((y1 - _RULE_THICKNESS) / scale)
            if last - first >= 2 and place[first:last].mean() >= _PRINTED_ALONG:
                out.append((y0, y1))
    return out


# A rule's stretch is printed where its place is inked along this share of it (light, noisy); the
# points from a row rule's centre its thickness reaches.
_PRINTED_ALONG = 0.8
_RULE_THICKNESS = 1.0


def _ruled_across(x: float, top: float, bottom: float, runs: list[tuple[float, list[tuple[float, float]]]]) -> bool:
    """Whether a column rule other than the one at `x` runs across the band from `top` to
    `bottom` in one piece (a row rule's thickness short of either end at most)."""
    near = _SAME_POSITION + 1
    return any(
        abs(at - x) > _SAME_POSITION and a <= top + near and b >= bottom - near for at, spans in runs for a, b in spans
    )


def _on_rows(x: float, top: float, bottom: float, rows: list[Rule]) -> bool:
    """Whether row rules crossing `x` lie at both `top` and `bottom` (within _SAME_POSITION + a
    rule's thickness)."""
    ys = [r.y for r in rows if r.x0 - 2 <= x <= r.x1 + 2]
    near = _SAME_POSITION + 1
    return any(abs(y - top) <= near for y in ys) and any(abs(y - bottom) <= near for y in ys)


def _text_across(ink: np.ndarray, x: float, top: float, bottom: float, scale: float) -> bool:
    """Whether text runs across `x` between `top` and `bottom` (points): a blot through it, or two
    side by side either side of it no further apart than characters are set (`_SPACING`). A cell's
    text keeps a padding from its borders, and a rule's lost stretch leaves at most its own
    remnants, a pixel or two wide on its place."""
    spacing = _SPACING / scale
    column, first, last = round(x / scale), int(top / scale) + 2, int(bottom / scale) - 1
    left = max(column - round(2 * spacing), 0)
    window = ink[first:last, left : column + round(2 * spacing) + 1]
    if window.size == 0:
        return False
    count, _, stats, _ = cv2.connectedComponentsWithStats(window.astype(np.uint8), connectivity=8)
    centre, blots = column - left, stats[1:count]
    # (a blot's left end short of the place by two pixels or more: no remnant of the rule)
    lefts = [(x0 + w, y, y + h) for x0, y, w, h, _ in blots if x0 < centre - 2]
    rights = [(x0, y, y + h) for x0, y, w, h, _ in blots if x0 + w > centre + 2]
    return any(
        a < d and c < b and start - end <= spacing and end >= centre - spacing and start <= centre + spacing
        for end, a, b in lefts
        for start, c, d in rights
    )


# Characters of one text are set at most this far apart (points); a cell's text is padded from
# its borders by more on each side.
_SPACING = 3.0


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
    digits beside as many `1`s (its narrow stroke stands in a digit's width). True: room for a
    mark; False: none (a speck; never told beside a `1`); None: not told (the digits not seen one
    by one, no gap to compare with, or one in between). A mark inked into a digit beside it is
    told by the pair's outer edges instead."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if image.size == 0 or text[at].isdigit() or len(digits) < 3:
        return None
    blobs = _blobs(image)
    if not blobs:
        return None
    tallest = max(h for _, _, h in blobs)
    glyphs = _tall(blobs)
    if len(glyphs) != len(digits):
        return None
    pairs = list(itertools.pairwise(digits))
    gaps = [b[0] - a[1] for a, b in itertools.pairwise(glyphs)]
    ones = [(text[i] == "1") + (text[j] == "1") for i, j in pairs]
    mark = next((k for k, (i, j) in enumerate(pairs) if i < at < j), None)
    if mark is None:
        return None  # (no mark between two digits: `12.`, `.5`)
    # The gaps between neighbouring digits with as many `1`s as the mark's pair: a `1`'s narrow
    # stroke stands in a digit's width, the paper beside it wider by as much on either side
    # (`2538.12`: the gap 8|1 with the point is told against 1|2)
    like = [g for (i, j), g, n in zip(pairs, gaps, ones, strict=True) if j == i + 1 and n == ones[mark]]
    if not like:
        return None
    left, right = sum(glyphs[mark]) / 2, sum(glyphs[mark + 1]) / 2
    if any(h < 0.5 * tallest and left < x + w / 2 < right for x, w, h in blobs):
        wider = (gaps[mark] - float(np.median(like))) / tallest
    else:
        # (the mark not seen apart between the digits: inked into one of them, whose inner edge is
        # then off. The pair's outer edges are not: told against its neighbours', 预算 seed 2422's
        # `900.00` of 90000, a speck inked into the fourth digit's edge, its gap then none at all)
        spans = [b[1] - a[0] for a, b in itertools.pairwise(glyphs)]
        alike = [s for (i, j), s, n in zip(pairs, spans, ones, strict=True) if j == i + 1 and n == ones[mark]]
        wider = (spans[mark] - float(np.median(alike))) / tallest
    if wider >= _MARK_ROOM:
        return True
    # (beside a `1` no speck is told: a `1`'s stroke is not always in the middle of its advance)
    return False if wider <= _NO_ROOM and not ones[mark] else None


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
