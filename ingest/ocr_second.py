"""A second recogniser, independent of the first: the gate's re-reader of scanned amounts, the
vote on a doubtful amount the first one's two readings leave unsettled, and the reader of a line
whose first reading the table logic could not read (`read_lines`: ingest/scan_second_lines.py).

The first recogniser (ingest/ocr.py: PP-OCRv4 models of `rapidocr-onnxruntime`) reads some
digits wrong with full confidence at every resolution (决算 seed 2029's `27.61` read `27.51` at
150 and 300 dpi): a second pass of the same model reads them the same way, so it cannot tell our
misreading from a publisher's inconsistency. This one runs another model, PP-OCRv6 small (its
detection and recognition models ship inside PyPI's `rapidocr` 3.x wheel: nothing is downloaded at
run time), trained apart from the first; measured on whole scanned pages, the two miss about as
many amounts, but not the same ones (docs/decisions.md §8). Where both read the same digits, the
digits are printed.

It reads stretches of a page (the amounts of a line) from the finer image the first recogniser's
second looks use (`ocr.finer_bands`), not the page: a failed rule needs a few lines read again.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

import cv2
import numpy as np
import pdfplumber

from ingest.ocr import BAND_MARGIN, REREAD_DPI, capped_dpi, finer_bands, padded, repair_numbers
from ingest.ocr_cache import cached
from ingest.ocr_chars import centred_in
from ingest.ocr_ends import speck_dash_dropped, specks_in_number_dropped, without_speck_marks

# The bundled models this module reads with (rapidocr 3.10's wheel, `rapidocr/models/`).
DETECTION_MODEL = "PP-OCRv6_det_small.onnx"
RECOGNITION_MODEL = "PP-OCRv6_rec_small.onnx"


@cache
def engine_name() -> str:
    """The recogniser as the recognition cache tells its results apart: package version and models."""
    return f"rapidocr {metadata.version('rapidocr')} {DETECTION_MODEL} {RECOGNITION_MODEL}"


# Detection at the image's own size (its longer side capped at 2,000 px): the default scales a
# band's short side up to 736 px, a 3,500 px wide line to 17,000 (1.2 s a line instead of 0.6 s,
# and words lost to the stretch: `五、事业收入` read `事业收入`).
_DETECTION = {"Det.limit_type": "max", "Det.limit_side_len": 2000}


@cache
def _engine() -> Any:
    import rapidocr  # (imported on first use: loading the models takes a second)

    folder = Path(rapidocr.__file__).parent / "models"
    paths = {name: folder / name for name in (DETECTION_MODEL, RECOGNITION_MODEL)}
    if missing := [name for name, path in paths.items() if not path.is_file()]:
        raise FileNotFoundError(
            f"the second recogniser's model {missing[0]} is not in {folder} (rapidocr "
            f"{metadata.version('rapidocr')}): pyproject.toml pins the rapidocr whose wheel bundles it"
        )
    return rapidocr.RapidOCR(
        params={
            "Global.use_cls": False,  # (the bands are upright: the page was straightened)
            "Global.log_level": "error",
            "Det.model_path": str(paths[DETECTION_MODEL]),
            "Rec.model_path": str(paths[RECOGNITION_MODEL]),
            **_DETECTION,
            # one thread, as the first recogniser (ocr._engine: a parser process per core)
            "EngineConfig.onnxruntime.intra_op_num_threads": 1,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        }
    )


def recognise(gray: np.ndarray) -> list[tuple[list[list[float]], str, float]]:
    """(box corners, text, score) of each text box recognition finds in a grayscale image."""

    def run() -> list[Any]:
        out = _engine()(np.stack([gray] * 3, axis=-1))
        if out.txts is None:
            return []
        found = zip(out.boxes, out.txts, out.scores, strict=True)
        return [(np.asarray(b).tolist(), str(t), float(s)) for b, t, s in found]

    # (the development cache: ingest/ocr_cache.py; the engine in the settings keeps its results
    # apart from the first recogniser's for the same pixels)
    return [(list(b), str(t), float(s)) for b, t, s in cached(gray, {"engine": engine_name(), **_DETECTION}, run)]


def reread_boxes(
    page: pdfplumber.page.Page, boxes: list[tuple[float, float, float, float]], skew: float | None = None
) -> list[list[str]]:
    """The texts this recogniser reads in each box (x0, top, x1, bottom) of a scanned page, one a
    text box it found there, left to right (two cells' amounts are two text boxes: joined, they
    would read as one number), number look-alikes repaired as in a first reading
    (`ocr.repair_numbers`). `skew`: the first read's, where known (`ocr.finer_bands`)."""
    return [[text for _, text in _texts(image)] for image in finer_bands(page, boxes, skew)]


def reread_amount(page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]) -> list[str]:
    """The texts this recogniser reads `around` one amount's box (x0, top, x1, bottom) of a scanned
    page first read straightened by `skew`, as `reread_boxes` reads them (ingest/scan_amounts.py:
    the vote on a doubtful amount), but those of its text boxes that lie wholly in the margin
    `around` adds: a neighbouring cell's print, cut by the margin (决算 seed 2111: `2.18 | 31`, the
    `31` of the code `30218` printed 5 points right of the amount), is no reading of the amount."""
    wide = around(box)
    image = finer_bands(page, [wide], skew)[0]
    px = image.shape[1] / (wide[2] - wide[0])  # (pixels of the image a point)
    own = ((box[0] - wide[0]) * px, (box[2] - wide[0]) * px)
    found = _texts(image)
    if not found and image.size:
        # (a lone digit is below what this recogniser's detection finds at the re-reading
        # resolution: `7` of a table printing decimals trimmed, 决算 seed 2189, read nothing at
        # 1x and `7` from 1.5x up; read again twice the size where nothing was found)
        big = cv2.resize(image, None, fx=_ENLARGED, fy=_ENLARGED, interpolation=cv2.INTER_CUBIC)
        found = [((x0 / _ENLARGED, x1 / _ENLARGED), text) for (x0, x1), text in _texts(big)]
    # (a speck between digits read as a second point or a stray comma, as in a finer reading by
    # the first recogniser: `27.66.64`, `27,66.64` of 2766.64, 预算 seed 2191)
    return [specks_in_number_dropped(text) for (x0, x1), text in found if x0 < own[1] and x1 > own[0]]


# How much larger an amount's image is read again where nothing was found in it.
_ENLARGED = 2


def _texts(image: np.ndarray) -> list[tuple[tuple[float, float], str]]:
    """((x0, x1) in the image's pixels, text) of each text box this recogniser reads in a band's
    image, left to right, its cell rules painted out and number look-alikes repaired."""
    band = padded(without_rules(image))
    margin = (band.shape[1] - image.shape[1]) // 2
    found = sorted(recognise(band), key=lambda r: min(p[0] for p in r[0]))
    return [
        ((min(p[0] for p in b) - margin, max(p[0] for p in b) - margin), speck_dash_dropped(repair_numbers(text)))
        for b, text, _ in found
    ]


# The marker a character read by this recogniser carries among a page's characters (`read_lines`):
# an amount it alone read is published only where the first recogniser reads it alike.
SECOND = "second"


def read_lines(
    page: pdfplumber.page.Page, skew: float, spans: list[tuple[float, float]]
) -> list[list[list[dict[str, Any]]]]:
    """For each line from top to bottom (`spans`: points of the first read's straightened frame),
    the characters of each text box this recogniser reads across the page at its height, in page
    coordinates, number look-alikes repaired (`ocr.repair_numbers`), each scored (`confidence`)
    and marked as this recogniser's (`recogniser`); the page rendered once. Only boxes centred on
    a line's middle half are its: the band takes in the edges of the lines above and below (a
    wrapped name's glyphs, read as `677` or `其他又山`)."""
    px = capped_dpi(page, REREAD_DPI) / 72
    bands = finer_bands(page, [(0.0, top, float(page.width), bottom) for top, bottom in spans], skew)
    return [_line_boxes(band, top, bottom, px) for band, (top, bottom) in zip(bands, spans, strict=True)]


def read_page(page: pdfplumber.page.Page, skew: float) -> list[list[dict[str, Any]]]:
    """The characters of each text box this recogniser reads on a whole scanned page, in the
    coordinates of the first read's straightened frame (`skew`), scored and marked as this
    recogniser's, number look-alikes repaired (`ocr.repair_numbers`): a reading of the page
    independent of the first one (ingest/performance/scanned.py)."""
    finer = finer_bands(page, [(0.0, 2.0, float(page.width), float(page.height) - 2.0)], skew)[0]
    px = capped_dpi(page, REREAD_DPI) / 72
    boxes = []
    for _, score, chars in _recognise_chars(finer):
        placed = [
            {"text": ch, "x0": x0 / px, "x1": x1 / px, "top": y0 / px, "bottom": y1 / px, "upright": True,
             "confidence": float(s), "recogniser": SECOND}
            for ch, s, x0, x1, y0, y1 in chars
        ]  # fmt: skip
        if placed:
            boxes.append(_repaired(placed, score))
    return boxes


def _repaired(placed: list[dict[str, Any]], score: float) -> list[dict[str, Any]]:
    """A text box's characters with number look-alikes repaired (`ocr.repair_numbers`); a repair
    that changes the length makes the box one word, as `ocr.ocr_page` does."""
    repaired = repair_numbers("".join(c["text"] for c in placed))
    if len(repaired) != len(placed):
        return [{**placed[0], "text": repaired, "x1": placed[-1]["x1"], "confidence": float(score),
                 "top": min(c["top"] for c in placed), "bottom": max(c["bottom"] for c in placed)}]  # fmt: skip
    return [{**c, "text": ch} for c, ch in zip(placed, repaired, strict=True)]


def _line_boxes(band: np.ndarray, top: float, bottom: float, px: float) -> list[list[dict[str, Any]]]:
    margin = max(band.shape[0] // 2, 1)  # (what `padded` adds each side)
    band_top = max(int((top - BAND_MARGIN) * px), 0) / px  # (`_FinerImage.band`'s first row)
    quarter = (bottom - top) / 4
    boxes = []
    for _, score, chars in _recognise_chars(padded(without_rules(band))):
        placed = [
            {"text": ch, "x0": (x0 - margin) / px, "x1": (x1 - margin) / px, "top": band_top + (y0 - margin) / px,
             "bottom": band_top + (y1 - margin) / px, "upright": True, "confidence": float(s), "recogniser": SECOND}
            for ch, s, x0, x1, y0, y1 in chars
        ]  # fmt: skip
        if not placed:
            continue
        middle = (min(c["top"] for c in placed) + max(c["bottom"] for c in placed)) / 2
        if not top + quarter <= middle <= bottom - quarter:
            continue
        # (a speck read as a mark between a number's digits, `32,1.56` of 321.56: dropped, doubtful,
        # as both recognisers' readings of a box are mended, `ocr_ends.without_speck_marks`)
        boxes.append(without_speck_marks(_repaired(placed, score)))
    return sorted(boxes, key=lambda b: b[0]["x0"])


def read_alike_on_its_line(page: pdfplumber.page.Page, skew: float, char: dict[str, Any], floor: float) -> bool:
    """Whether this recogniser, reading the line of one of its page reading's characters again
    (`read_lines`: the band of its height across the page, rules painted out), reads the same
    character there, the one nearest its middle, scored `floor` or above (a `划` scored 0.67 in
    the page reading, 1.0 on its line; a `淮` misread for `准`, 0.68 and then 0.53)."""
    middle = (char["x0"] + char["x1"]) / 2
    again = [c for box in read_lines(page, skew, [(char["top"] - 1, char["bottom"] + 1)])[0] for c in box]
    nearest = min(again, key=lambda c: abs((c["x0"] + c["x1"]) / 2 - middle), default=None)
    return (
        nearest is not None
        and nearest["text"] == char["text"]
        and abs((nearest["x0"] + nearest["x1"]) / 2 - middle) <= (char["x1"] - char["x0"]) / 2
        and nearest["confidence"] >= floor
    )


def read_by_second(chars: list[dict[str, Any]], x0: float, x1: float, top: float, bottom: float) -> bool:
    """Whether this recogniser read a character centred in the box among a page's `chars` (an
    amount on a line `read_lines` read again: the first recogniser must read it alike)."""
    return any(c.get("recogniser") == SECOND and centred_in(c, x0, x1, top, bottom) for c in chars)


def _recognise_chars(gray: np.ndarray) -> list[tuple[str, float, list[tuple[str, float, float, float, float, float]]]]:
    """(text, score, characters) of each text box in a grayscale image, each character as (text,
    score, x0, x1, top, bottom) in pixels; a word the recogniser boxes whole (letters) shares its
    box out evenly among its characters."""

    def run() -> list[Any]:
        out = _engine()(np.stack([gray] * 3, axis=-1), return_word_box=True, return_single_char_box=True)
        if out.txts is None:
            return []
        found = []
        for text, score, words in zip(out.txts, out.scores, out.word_results, strict=True):
            chars = []
            for word, word_score, corners in words:
                xs, ys = [float(p[0]) for p in corners], [float(p[1]) for p in corners]
                step = (max(xs) - min(xs)) / max(len(word), 1)
                for i, ch in enumerate(word):
                    left = min(xs) + i * step
                    chars.append((ch, float(word_score), left, left + step, min(ys), max(ys)))
            found.append((str(text), float(score), chars))
        return found

    settings = {"engine": engine_name(), "characters": True, **_DETECTION}
    return [(str(t), float(s), [tuple(c) for c in chars]) for t, s, chars in cached(gray, settings, run)]


def around(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """`box` (x0, top, x1, bottom: amounts of one line) a line's height wider at each side: the
    first recogniser's boxes are approximate, and a digit cut off would make another number."""
    x0, top, x1, bottom = box
    pad = bottom - top
    return x0 - pad, top, x1 + pad, bottom


# A ruling line is dark in nearly every pixel of its column (or row) across the stretch; a digit's
# stroke, even a `1`'s, spans its glyph's height only, short of the line's margins.
_RULE_DARK = 160
_RULE_SHARE = 0.9


def without_rules(band: np.ndarray) -> np.ndarray:
    """The band with the cell rules crossing it painted out: a column's rule at a stretch's end is
    read as a digit glued to the amount (`1,002.74|` read `1,002.741`)."""
    if band.size == 0:
        return band
    dark = band < _RULE_DARK
    out = band.copy()
    out[:, dark.mean(axis=0) >= _RULE_SHARE] = 255
    out[dark.mean(axis=1) >= _RULE_SHARE, :] = 255
    return out
