"""The ruling lines of a straightened scanned page's image (ingest/scanimage.py turns it
straight): long thin runs of dark pixels, returned as the `Rule`/`VRule`s a text page's edges
give, so header cells and ruled rows are read by the same code on scans. A rule's lost stretches
(light, specks, a row too short to be found as one) are joined where nothing but its own remnants
crosses them; a merged cell's text across its place cuts it.
"""

from __future__ import annotations

import itertools

import cv2
import numpy as np

from ingest.layout import Rule, VRule

# A ruling line is at least this long (points): longer than a character's stroke (a CJK
# character is about 10 pt), shorter than the narrowest cell border (a row is ~13 pt high).
MIN_RULE_LENGTH = 12.0


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
        for at, spans in ((at, _strokes_past_borders_dropped(at, s, verticals)) for at, s in _runs(found[True]))
        if _PAPER_EDGE < at < height - _PAPER_EDGE and not _glyph_strokes(at, spans, verticals)
    ]
    # (a column rule's stretch is looked for along its place in fainter ink than a rule is found
    # in: a hairline lighter in a header's cells than below them, 决算 seed 2417's 03)
    faint = (ink > 0) | _ridge(gray, False, _FAINT_CONTRAST)
    verticals = [
        part for at, spans in runs for part in _cut_at_merged_cells(at, spans, across, (ink, faint), scale, runs)
    ]
    rows = _rows(across, verticals)
    columns = [_to_rows(v, rows) for v in verticals]
    if strokes := [v for v in columns if _glyph_column(v, rows)]:
        verticals = [v for v, c in zip(verticals, columns, strict=True) if c not in strokes]
        rows = _rows(across, verticals)
        columns = [_to_rows(v, rows) for v in verticals]
    return [*rows, *columns]


def _rows(across: list[Rule], verticals: list[VRule]) -> list[Rule]:
    rows = _to_neighbours([_to_borders(rule, verticals) for rule in across], verticals)
    return _across_lost_stretches(rows, verticals)


def _glyph_column(rule: VRule, rows: list[Rule]) -> bool:
    """A column rule shorter than two characters that does not run from a row rule to a row rule
    (`_to_rows` extends one whose end was lost) is the upright strokes of characters one over the
    other (湖北 seed 64: `社会效益指标`'s `标` over the `指` of a wrapped label printed across the
    row rule below, 14.4 pt, a border cutting the label's `标` off into a cell of its own)."""
    return rule.bottom - rule.top < _STROKE_LENGTH and not _on_rows(rule.x, rule.top, rule.bottom, rows)


# Points from the image's edges within which a line is the paper's edge, no ruling line.
_PAPER_EDGE = 6.0


# A ruling line is at most this many pixels thick at the resolutions pages are read (150 dpi) and
# at least this much darker (gray levels) than the paper either side of it.
_RIDGE_REACH = 3
_RIDGE_CONTRAST = 30
# Along a column rule found, its stretches are looked for in lines this much darker (a hairline
# two pixels wide over a scan's noise, the pixels beside it half dark).
_FAINT_CONTRAST = 20


def _ridge(gray: np.ndarray, horizontal: bool, contrast: int = _RIDGE_CONTRAST) -> np.ndarray:
    """Pixels darker by `_RIDGE_CONTRAST` than both pixels `_RIDGE_REACH` above and below them (left
    and right for a vertical line): the core of a thin line, however light the line is."""
    g = gray.astype(np.int16)
    axis, d = (0 if horizontal else 1), _RIDGE_REACH
    before, after = np.roll(g, d, axis=axis), np.roll(g, -d, axis=axis)
    ridge = np.minimum(before, after) - g > contrast
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


def _strokes_past_borders_dropped(
    y: float, spans: list[tuple[float, float]], verticals: list[VRule]
) -> list[tuple[float, float]]:
    """A row rule's pieces without a short one at either end that lies past a column rule the rule's
    next piece ends on, not reaching it: the strokes of a merged cell's label joined to the rule of
    the rows beside the cell (自评表 seed 71: `社会效益指标`'s bottoms, 13 pt, 43 pt left of the rule
    starting on the cell's border: extended from there, the rule cut the merged cell in two and its
    first row lost its 二级 label). A rule running across the cell reaches the border through it."""
    crossing = _crossing(y, verticals)

    def stroke(piece: tuple[float, float], border: float, beyond: bool) -> bool:
        a, b = piece
        apart = a - border if beyond else border - b
        return b - a < _STROKE_LENGTH and _on_border(border, crossing) and apart > _SAME_POSITION

    spans = sorted(spans)
    while len(spans) > 1 and stroke(spans[0], spans[1][0], beyond=False):
        spans = spans[1:]
    while len(spans) > 1 and stroke(spans[-1], spans[-2][1], beyond=True):
        spans = spans[:-1]
    return spans


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
    their height at least, a row rule's thickness off each end: the rule printed there. So too
    beyond its ends, from row rule to row rule while each stretch is printed so (the rule's
    hairline fainter in a header's cells than below them; a merged header cell is paper there)."""
    column = round(at / scale)
    place = ink[:, max(column - 1, 0) : column + 2].any(axis=1)
    ys = sorted(r.y for r in rows if r.x0 - 2 <= at <= r.x1 + 2)

    def printed(y0: float, y1: float) -> bool:
        first, last = round((y0 + _RULE_THICKNESS) / scale), round((y1 - _RULE_THICKNESS) / scale)
        return last - first >= 2 and place[first:last].mean() >= _PRINTED_ALONG

    out = []
    for (_, end), (start, _) in itertools.pairwise(sorted(spans)):
        inside = [end, *(y for y in ys if end < y < start), start]
        out += [(y0, y1) for y0, y1 in itertools.pairwise(inside) if printed(y0, y1)]
    top, bottom = min(a for a, _ in spans), max(b for _, b in spans)
    upward = [top, *sorted((y for y in ys if y < top - _SAME_POSITION), reverse=True)]
    for y1, y0 in itertools.pairwise(upward):
        if not printed(y0, y1):
            break
        out.append((y0, y1))
    downward = [bottom, *(y for y in ys if y > bottom + _SAME_POSITION)]
    for y0, y1 in itertools.pairwise(downward):
        if not printed(y0, y1):
            break
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
