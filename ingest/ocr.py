"""Text of scanned pages, recognised from the page images (RapidOCR: PP-OCR models on ONNX Runtime).

A PDF whose pages carry no text layer (a scan, 北京 政务服务和数据管理局 2026) is read from its
images: each page is rendered by pdfplumber, and the recogniser returns its text lines with a box
per character. The characters become the same `Word`s and `Line`s as a text layer gives (words cut
where characters are further apart than pdfplumber's default x tolerance), and their boxes are
kept in pdfplumber's own `chars` form, so the rest of the parser, the statement reader and the
re-reader work unchanged. What the recogniser reads is checked by the same balance rules; the
re-reader reads each failing amount again from a finer image of its box alone.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import numpy as np
import pdfplumber

from ingest.layout import Line, Word, group_lines

# Pixels per inch the pages are rendered at for recognition, and for re-reading an amount's line.
PAGE_DPI = 150
REREAD_DPI = 300
# Pages a scanned document may have for us to recognise it (a few seconds per page).
MAX_OCR_PAGES = 60
# Pixels an image rendered for recognition may have: an A2 page at 150 dpi is 8.7 million, a
# 20000 pt square page (a 1 KB file can declare one) would be 1.7 billion (5 GB as RGB). Larger
# pages are rendered at a lower resolution instead, so memory stays bounded whatever the page says.
MAX_PAGE_PIXELS = 9_000_000
# Characters further apart than this (PDF points) start a new word (pdfplumber's x_tolerance).
_WORD_GAP = 3.0
# Look-alikes the recogniser returns inside numbers: 〇 for 0 (`〇万元`), a full-width comma
# between digits (`101，673.03`). (Each keeps the text's length: characters keep their boxes.)
_ZERO = re.compile(r"〇(?=[\d.,万元])|(?<=[\d.,])〇")
_COMMA = re.compile(r"(?<=\d)，(?=\d{3})")
# A thousands comma read as a point (`288.416.35`): every point but the last, in groups of three.
_POINTS = re.compile(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(\.\d{1,2})(?![\d.])")


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR  # (imported on first use: loading takes a second)

    return RapidOCR()


def _clean(text: str) -> str:
    text = _COMMA.sub(",", _ZERO.sub("0", text))
    return _POINTS.sub(lambda m: m.group(1) + m.group(2).replace(".", ",") + m.group(3), text)


def ocr_page(number: int, page: pdfplumber.page.Page) -> tuple[list[Line], list[dict[str, Any]]]:
    """The page's text lines and its characters (pdfplumber's `chars` keys), from its image."""
    dpi = capped_dpi(page, PAGE_DPI)
    scale = 72 / dpi
    image = np.array(page.to_image(resolution=dpi).original.convert("RGB"))
    result, _ = _engine()(image, return_word_box=True)
    chars: list[dict[str, Any]] = []
    words: list[Word] = []
    for box, text, _score, char_boxes, char_texts, _char_scores in result or []:
        text = _clean("".join(char_texts)) if len(char_texts) == len(text) else _clean(text)
        if len(char_boxes) != len(text):
            # no box per character: the text is one word with the detected box (its amounts then
            # carry the line's box as lineage, and the re-reader reads the line anyway)
            xs, ys = [p[0] * scale for p in box], [p[1] * scale for p in box]
            words.append(Word(text, min(xs), max(xs), min(ys), max(ys)))
            continue
        line_chars = [
            {
                "text": ch,
                "x0": min(p[0] for p in char_box) * scale,
                "x1": max(p[0] for p in char_box) * scale,
                "top": min(p[1] for p in char_box) * scale,
                "bottom": max(p[1] for p in char_box) * scale,
                "upright": True,
            }
            for ch, char_box in zip(text, char_boxes, strict=True)
        ]
        chars += line_chars
        words += _words(line_chars)
    return group_lines(number, words), chars


def capped_dpi(page: pdfplumber.page.Page, dpi: float) -> float:
    """`dpi`, or the lower resolution at which the page's image has `MAX_PAGE_PIXELS` pixels."""
    pixels = (float(page.width) * dpi / 72) * (float(page.height) * dpi / 72)
    return dpi if pixels <= MAX_PAGE_PIXELS else dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5


def _words(chars: list[dict[str, Any]]) -> list[Word]:
    words: list[Word] = []
    run: list[dict[str, Any]] = []
    for c in chars:
        if run and c["x0"] - run[-1]["x1"] > _WORD_GAP:
            words.append(_word(run))
            run = []
        run.append(c)
    if run:
        words.append(_word(run))
    return words


def _word(run: list[dict[str, Any]]) -> Word:
    return Word(
        "".join(c["text"] for c in run),
        min(c["x0"] for c in run),
        max(c["x1"] for c in run),
        min(c["top"] for c in run),
        max(c["bottom"] for c in run),
    )


def reread_line(page: pdfplumber.page.Page, top: float, bottom: float) -> str:
    """The text recognised in the band of a scanned page from `top` to `bottom` (an amount's
    line), from a finer image of that band alone: a second, independent read (its own
    resolution, crop and detection), robust to the approximate character boxes of the first."""
    band = page.crop((0, max(top - 2.0, 0), page.width, min(bottom + 2.0, page.height)))
    # (pdfplumber renders the whole page, then crops: the cap is the whole page's)
    image = np.array(band.to_image(resolution=capped_dpi(page, REREAD_DPI)).original.convert("RGB"))
    margin = image.shape[0] // 2
    image = np.pad(image, ((margin, margin), (0, 0), (0, 0)), constant_values=255)
    result, _ = _engine()(image)
    return _clean("".join(str(r[1]) for r in result or []))
