"""The shape of small marks on a scanned page, where what a recogniser read there is in doubt: a
full stop's ring (a speck of dust read as `。` is a solid blot), and a blank's dashes (a `--`
printed for a blank read `一` or `二`, or not at all).

Both look at a finer image of the mark's box (`ingest.ocr.finer_bands`: the scan at the
re-reading resolution, straightened), ink being what is darker than halfway from the image's
darkest pixel to its paper (its median), as `scanimage.ink_blots` has it.
"""

from __future__ import annotations

import cv2
import numpy as np


def _components(band: np.ndarray) -> tuple[float, int, np.ndarray]:
    """(paper, count, stats) of the blots of ink in `band` (cv2 connected-component stats: x, y,
    width, height, area per row, the first the paper's)."""
    paper = float(np.median(band))
    count, _, stats, _ = cv2.connectedComponentsWithStats(
        (band < (float(band.min()) + paper) / 2).astype(np.uint8), connectivity=8
    )
    return paper, count, stats


def ring_mark(band: np.ndarray) -> bool | None:
    """Of a finer image of one small mark's box, no paper added (a `。` read at a text's end, its
    neighbours' strokes cut at the image's sides; the mark sits on the baseline: in the image's
    lower half, where a wrapped text's box reaches the line above): whether it is a ring, paper held inside
    its ink (a printed full stop: True), or a solid blot (a speck of dust or toner: False). None:
    no one mark seen apart (none, or several as large). A ring blurred shut reads False: what is
    not seen to be a full stop is not published as one."""
    if band.size == 0:
        return None
    paper, count, stats = _components(band)
    height, width = band.shape
    marks = [
        k
        for k in range(1, count)
        if stats[k, cv2.CC_STAT_LEFT] > 0
        and stats[k, cv2.CC_STAT_LEFT] + stats[k, cv2.CC_STAT_WIDTH] < width
        and max(stats[k, cv2.CC_STAT_WIDTH], stats[k, cv2.CC_STAT_HEIGHT]) <= 0.6 * height
        and stats[k, cv2.CC_STAT_AREA] >= _MARK_AREA
        and stats[k, cv2.CC_STAT_TOP] + stats[k, cv2.CC_STAT_HEIGHT] / 2 >= height / 2
    ]
    if not marks:
        return None
    marks.sort(key=lambda k: -stats[k, cv2.CC_STAT_AREA])
    if len(marks) > 1 and stats[marks[1], cv2.CC_STAT_AREA] * 2 > stats[marks[0], cv2.CC_STAT_AREA]:
        return None
    x, y, w, h = (int(v) for v in stats[marks[0], :4])
    if min(w, h) < 4:
        return False  # (too small to hold paper inside: a speck)
    # A ring's middle is paper, lighter than the ink around it; a blot's is its darkest. (A `。`
    # is a few pixels across, its hole one or two and gray: no hole is seen apart as paper.)
    box = band[y : y + h, x : x + w].astype(float)
    ink = float(box.min())
    middle = float(box[(h - 1) // 2 : h // 2 + 1, (w - 1) // 2 : w // 2 + 1].mean())
    return (middle - ink) / max(paper - ink, 1.0) >= _RING_MIDDLE


# The least ink (pixels of the finer image) of a mark told ring or blot; how far from the ink's
# darkness to the paper's a ring's middle is at least (a `。` at 7.5 pt scanned at 150 dpi, read
# in the 300 dpi image: some 0.5; a speck's middle is its darkest, 0 to 0.2).
_MARK_AREA = 8
_RING_MIDDLE = 0.35


def dashes_only(band: np.ndarray) -> bool:
    """Of a finer image of a cell's word box (no paper added): whether all its ink is flat strokes
    (a `-`, `--`, `—` printed for a blank: each blot at least twice as wide as high, and no taller
    than a quarter of the image), at least one. A digit or a character has an upright stroke or
    curve; specks too small to tell are left out (`_MARK_AREA`)."""
    if band.size == 0:
        return False
    _, count, stats = _components(band)
    height = band.shape[0]
    blots = [stats[k] for k in range(1, count) if stats[k, cv2.CC_STAT_AREA] >= _MARK_AREA]
    return bool(blots) and all(
        b[cv2.CC_STAT_WIDTH] >= 2 * b[cv2.CC_STAT_HEIGHT] and b[cv2.CC_STAT_HEIGHT] <= _FLAT * height for b in blots
    )


# A dash's stroke is no taller than this share of its box's image (the box and the two points the
# band adds above and below it: some 20 px at 300 dpi for a 7.5 pt line; a stroke 2 to 4).
_FLAT = 0.25
