"""The shape of small marks on a scanned page, where what a recogniser read there is in doubt: a
full stop's ring (a speck of dust read as `。` is a solid blot), and a blank's dashes (a `--`
printed for a blank read `一` or `二`, or not at all).

Both look at the blots of ink (`scanimage.ink_blots`: darker than halfway from the image's
darkest pixel to its paper, its median) in a finer image of the mark's box
(`ingest.ocr.finer_bands`: the scan at the re-reading resolution, straightened).
"""

from __future__ import annotations

import numpy as np

from ingest.scanimage import ink_blots


def ring_mark(band: np.ndarray) -> bool | None:
    """Of a finer image of one small mark's box, no paper added (a `。` read at a text's end, its
    neighbours' strokes cut at the image's sides; the mark sits on the baseline: in the image's
    lower half, where a wrapped text's box reaches the line above): whether it is a ring, paper
    held inside its ink (a printed full stop: True), or a solid blot (a speck: False). None:
    no one mark seen apart (none, or several as large). A ring blurred shut reads False: what is
    not seen to be a full stop is not published as one."""
    if band.size == 0:
        return None
    height, width = band.shape
    marks = sorted(
        (
            (x, y, w, h, area)
            for x, y, w, h, area in ink_blots(band)
            if x > 0 and x + w < width and max(w, h) <= 0.6 * height and area >= _MARK_AREA and y + h / 2 >= height / 2
        ),
        key=lambda blot: -blot[4],
    )
    if not marks or (len(marks) > 1 and marks[1][4] * 2 > marks[0][4]):
        return None
    x, y, w, h, _ = marks[0]
    if min(w, h) < 4:
        return False  # (too small to hold paper inside: a speck)
    # A ring's middle is paper, lighter than the ink around it; a blot's is its darkest. (A `。`
    # is a few pixels across, its hole one or two and gray: no hole is seen apart as paper.)
    box = band[y : y + h, x : x + w].astype(float)
    paper, ink = float(np.median(band)), float(box.min())
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
    blots = [(w, h) for _, _, w, h, area in ink_blots(band) if area >= _MARK_AREA]
    return bool(blots) and all(w >= 2 * h and h <= _FLAT * band.shape[0] for w, h in blots)


# A dash's stroke is no taller than this share of its box's image (the box and the two points the
# band adds above and below it: some 20 px at 300 dpi for a 7.5 pt line; a stroke 2 to 4).
_FLAT = 0.25
