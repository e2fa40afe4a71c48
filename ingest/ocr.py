"""Text of scanned pages, recognised from the page images (RapidOCR: PP-OCR models on ONNX Runtime).

A PDF whose pages carry no text layer (a scan, 北京 政务服务和数据管理局 2026) is read from its
images: each page is rendered by pdfplumber in grayscale, straightened (its skew estimated from
the image: `ingest/scanimage.py`), its ruling lines found, and the recogniser returns its text
lines with a box and a confidence per character. The characters become the same `Word`s and
`Line`s as a text layer gives (words cut where characters are further apart than pdfplumber's
default x tolerance), their boxes are kept in pdfplumber's own `chars` form, and the ruling
lines in the form of a text page's edges, so the rest of the parser (header cells, ruled rows,
columns), the statement reader and the re-reader work unchanged. Known misreadings (look-alikes
inside numbers, a dropped enumeration numeral) are repaired from `ingest/recognition.yaml`.
What the recogniser reads is checked by the same balance rules; the re-reader reads an amount
again from a finer image of its line alone.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np
import pdfplumber

from ingest.layout import CJK, Line, Rule, VRule, Word, group_lines, split_glued
from ingest.number_forms import GROUPED_AMOUNT, GROUPED_INTEGER, NUMBER_SHAPE, WHOLE_OR_TWO_DECIMALS
from ingest.ocr_cache import cached
from ingest.ocr_chars import cut_between, recognition, separator
from ingest.ocr_ends import (
    ink_before_number,
    rejoined_numbers,
    sign_doubtful,
    specks_in_number_dropped,
    with_lost_head,
    without_lone_end_marks,
    without_speck_point,
)
from ingest.ocr_repair import split_label_number
from ingest.scan_codes import split_digits_before_name
from ingest.scan_forms import (
    clipped_digits_back,
    point_in_groups_fixed,
    split_code_before_name,
    without_point_in_groups,
)
from ingest.scan_rules import image_rules
from ingest.scanimage import dark_mask, estimate_skew, even_ink_mask, sign_mark, straighten
from ingest.text import parse_amount

# Pixels per inch the pages are rendered at for recognition, and for re-reading an amount's line.
PAGE_DPI = 150
REREAD_DPI = 300
# Points a finer band (`_FinerImage.band`) reaches above and below the box asked for, where the
# glyphs' boxes are less exact; whoever maps the band's rows back to the page counts it in.
BAND_MARGIN = 2.0
# Pages a scanned document may have for us to recognise it (a few seconds per page).
MAX_OCR_PAGES = 60
# Pixels an image rendered for recognition may have: an A2 page at 150 dpi is 8.7 million, a
# 20000 pt square page (a 1 KB file can declare one) would be 1.7 billion (5 GB as RGB). Larger
# pages are rendered at a lower resolution instead, so memory stays bounded whatever the page says.
MAX_PAGE_PIXELS = 9_000_000
# Text boxes the recogniser scores lower than this are still returned (with their score): an
# amount dropped silently would be a blank cell; a low score is handled where amounts are read.
_TEXT_SCORE = 0.3
# A thousands comma read as a point (`288.416.35`): every point but the last, in groups of three.
_POINTS = re.compile(r"(?<![\d.,])(\d{1,3})((?:\.\d{3})+)(\.\d{1,2})(?![\d.])")
# A decimal point read as a comma: the last group after a comma has one or two digits, not three
# (amounts print two decimals, or one where the template drops a trailing zero: `4,088.5`).
_DECIMAL_COMMA = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})*|\d+)),(\d{1,2})$")
# Digits and the marks a number is printed or misread with.
_NUMBER_LIKE = re.compile(r"[-\d.,:;'·•。，．、|]+")
# A column rule read as a character at a number's end.
_RULE_READ = "|"
# An enumeration numeral as printed before a label (the `、` after it is not part of this).
_ENUMERATION = re.compile("[一二三四五六七八九十]{1,3}")
# A character of text (CJK, or the enumeration mark), as opposed to digits and separators.
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff（）]")


@dataclass(slots=True)
class RecognisedPage:
    """What recognition read of one page image: lines, characters (pdfplumber's `chars` keys plus
    `confidence`), the ruling lines, the skew (degrees) the image was straightened by, and its ink
    (`even_ink_mask`, packed to a bit a pixel; `scale`: points per pixel) for what detection lost."""

    lines: list[Line]
    chars: list[dict[str, Any]] = field(default_factory=list)
    rules: list[Rule | VRule] = field(default_factory=list)
    skew: float = 0.0
    ink: np.ndarray | None = None
    ink_shape: tuple[int, int] = (0, 0)
    scale: float = 72 / PAGE_DPI

    def ink_mask(self) -> np.ndarray | None:
        if self.ink is None:
            return None
        return np.unpackbits(self.ink, count=self.ink_shape[0] * self.ink_shape[1]).reshape(self.ink_shape) > 0


@cache
def _engine() -> Any:
    from rapidocr_onnxruntime import RapidOCR  # (imported on first use: loading takes a second)

    # One inference thread: documents are parsed a process per core (orchestration/parsing.py), so
    # onnxruntime's default of a thread per core oversubscribes the machine; its threads then spin
    # waiting for each other. Measured on the scanned 北京 budget's pages on a busy 2-core machine:
    # one thread took 0.55-0.65x the CPU time of the default, and less wall time.
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1)


def _recognise(gray: np.ndarray, word_boxes: bool) -> list[Any]:
    # No angle classifier: the page is upright once straightened, and it costs time per box.
    def run() -> list[Any]:
        result, _ = _engine()(
            np.stack([gray] * 3, axis=-1), use_cls=False, return_word_box=word_boxes, text_score=_TEXT_SCORE
        )
        return list(result or [])

    # (a development cache, off unless FISCAL_OCR_CACHE is set: ingest/ocr_cache.py)
    return cached(gray, {"word_boxes": word_boxes, "text_score": _TEXT_SCORE, "use_cls": False}, run)


def repair_numbers(text: str) -> str:
    """`text` with look-alikes inside its numbers read as the digits and separators they stand
    for (`1，639.0O` → `1,639.00`, `〇万元` → `0万元`), and thousands commas read as points put back.
    A run is changed only where it then reads as a number; the length never changes."""
    vocabulary = recognition()
    digits, separators = vocabulary.digit_lookalikes, vocabulary.separator_lookalikes
    leading, inner = vocabulary.leading_digit_lookalikes, vocabulary.inner_digit_lookalikes
    alike = re.escape("".join([*digits, *leading, *inner, *separators]))
    zeros = re.escape("".join(digits))
    # (a number written with look-alikes alone stands before its money unit: `〇万元`)
    runs = re.compile(rf"-?[\d{alike},.]*\d[\d{alike},.]*|[{zeros}]+(?=万?元)")

    def in_number(ch: str) -> bool:
        return ch.isdigit() or ch in ",." or ch in separators

    def repair(m: re.Match[str]) -> str:
        run = m.group(0)
        fixed = "".join(
            inner[ch] if ch in inner and 0 < i < len(run) - 1 and in_number(run[i - 1]) and in_number(run[i + 1])
            else leading[ch] if ch in leading and i < len(run) - 1 and in_number(run[i + 1])
            else digits.get(ch, ch)
            for i, ch in enumerate(run)
        )  # fmt: skip
        fixed = "".join(
            separators.get(ch, ch) if 0 < i < len(fixed) - 1 and fixed[i - 1].isdigit() and fixed[i + 1].isdigit()
            else ch
            for i, ch in enumerate(fixed)
        )  # fmt: skip
        fixed = _POINTS.sub(lambda p: p.group(1) + p.group(2).replace(".", ",") + p.group(3), fixed)
        # (a decimal point read as a comma, `62,07`, `4,088,5`: no thousands group has fewer digits;
        # also behind a speck read as a mark at an end, `,533,16`, 决算 seed 2688: the speck dropped
        # later, the comma had been left and the amount joined to its row's label)
        start, end = len(fixed) - len(fixed.lstrip(",.")), len(fixed.rstrip(",."))
        fixed = fixed[:start] + _DECIMAL_COMMA.sub(r"\1.\2", fixed[start:end]) + fixed[end:]
        # (a speck read as a mark at an end stays for the specks' repairs: `.12:00`, 预算 seed 2210)
        return fixed if NUMBER_SHAPE.fullmatch(fixed) or NUMBER_SHAPE.fullmatch(fixed.strip(",.")) else run

    return runs.sub(repair, text)


def unreadable_number(text: str) -> bool:
    """Digits with marks that make no number (`254:03`, `1,2.3`, `4,088,5`), or no amount as a
    table prints it (`19.748593`: a speck read as a point in 19748593, three decimals or more): a
    misread amount. So is a lone digit after a separator (`.0`: a speck read before a lone 0, or
    what detection kept of a number), which the table logic would take for a row's label, and a
    number with a letter among its digits that is no known look-alike (`3C.97`): no label or
    code prints one so (nor one ending in a letter after its decimals, `0.4D`); or a rule read as `|`
    beside digits that is not their `1` (`12,3|`)."""
    if _MARKED_DIGIT.fullmatch(text) or _LETTER_AMONG_DIGITS.fullmatch(text):
        return True
    return (
        sum(ch.isdigit() for ch in text) >= 2
        and _NUMBER_LIKE.fullmatch(text) is not None
        and not text.isdigit()
        and (parse_amount(text) is None or _TOO_MANY_DECIMALS.search(text) is not None)
    )


# A single digit after a separator or speck mark (`.0`, `,5`, `·0`): no amount as printed.
_MARKED_DIGIT = re.compile(r"-?[.,:;·•。，．]\d")


# Digits, a separator and latin letters among them, a digit at either end: `3B.97` of 38.97 (a
# project code prints letters among digits, `42010021T000000012345`, but no separator); or a
# number with decimals ending in a letter: `0.4D` of 0.40 (决算 seed 2509, then read as 福利费's
# label: published without it, its sum flagged as the publisher's), `44.0t`; or an amount's form
# with a letter in its head's place (`G.00` of 0.00, 决算 seed 2682 (never seen): read as 09's
# row label, the row then published without it; no label prints a letter before decimals).
_LETTER_AMONG_DIGITS = re.compile(
    r"(?=[^.,]*[.,])-?\d[\d.,]*[A-Za-z][\dA-Za-z.,]*\d|-?\d[\d,]*\.\d+[A-Za-z]|-?[A-Za-z]\d*(?:,\d{3})*\.\d{1,2}"
)


# A point followed by three digits or more: no amount's decimals (amounts print two at most).
_TOO_MANY_DECIMALS = re.compile(r"\.\d{3,}$")


def repaired_scores(read: str, text: str, scores: list[float]) -> list[float]:
    """The characters' scores, those a repair changed (`read` → `text`, same length) lowered to
    `repaired_confidence`: doubtful whatever the recogniser scored them, so an amount holding one
    is taken only once a second reading from a finer image gives the same text."""
    doubt = recognition().repaired_confidence
    return [min(s, doubt) if a != b else s for s, a, b in zip(scores, read, text, strict=True)]


def ocr_page(number: int, page: pdfplumber.page.Page) -> RecognisedPage:
    """The page's text lines, characters and ruling lines, from its image."""
    dpi = capped_dpi(page, PAGE_DPI)
    scale = 72 / dpi
    gray = np.array(page.to_image(resolution=dpi).original.convert("L"))
    skew = estimate_skew(gray)
    gray = straighten(gray, skew)
    rules = image_rules(gray, scale)
    borders = [r for r in rules if isinstance(r, VRule)]
    finer = _finer_image(page, skew)
    chars: list[dict[str, Any]] = []
    words: list[Word] = []
    boxes: list[list[dict[str, Any]]] = []  # the characters of each box read with a box per character
    for box, raw, score, char_boxes, char_texts, char_scores in _recognise(gray, word_boxes=True):
        read = "".join(char_texts) if len(char_texts) == len(raw) else raw
        text = repair_numbers(read)
        xs, ys = [p[0] * scale for p in box], [p[1] * scale for p in box]
        if len(char_boxes) != len(text):
            # no box per character: the text is one word with the detected box (its amounts then
            # carry the line's box as lineage, and the re-reader reads the line anyway)
            words.append(Word(text, min(xs), max(xs), min(ys), max(ys)))
            chars.append(
                {"text": text, "x0": min(xs), "x1": max(xs), "top": min(ys), "bottom": max(ys),
                 "upright": True, "confidence": float(score)}
            )  # fmt: skip
            continue
        scores = [float(s) for s in char_scores] if len(char_scores) == len(text) else [float(score)] * len(text)
        scores = repaired_scores(read, text, scores)
        line_chars = [
            {
                "text": ch,
                "x0": min(p[0] for p in char_box) * scale,
                "x1": max(p[0] for p in char_box) * scale,
                "top": min(p[1] for p in char_box) * scale,
                "bottom": max(p[1] for p in char_box) * scale,
                "upright": True,
                "confidence": confidence,
            }
            for ch, char_box, confidence in zip(text, char_boxes, scores, strict=True)
        ]
        if min(scores) < recognition().second_look_below and any(ch.isdigit() for ch in text):
            line_chars = _without_speck_points(_second_look(finer, (min(xs), min(ys), max(xs), max(ys)), line_chars))
        boxes.append(line_chars)
    # (the ink kept for what detection lost of a table's cells, `scan_lost`: the light evened)
    lost_ink = even_ink_mask(gray)
    boxes = numbers_ends_mended(boxes, gray, lost_ink, scale, borders, finer)
    for joined in rejoined_numbers(boxes, borders):  # (ocr_ends)
        # (a point before a comma, `2,1.72,461`: a speck or a comma, as the grouping says: scan_forms)
        line_chars = without_point_in_groups(joined, recognition().repaired_confidence)
        chars += line_chars
        words += box_words(line_chars, borders)
    lines = [join_text_boxes(line, borders) for line in group_lines(number, words)]
    return RecognisedPage(lines, chars, rules, skew, np.packbits(lost_ink), lost_ink.shape, scale)


def numbers_ends_mended(
    boxes: list[list[dict[str, Any]]],
    gray: np.ndarray,
    lost_ink: np.ndarray,
    scale: float,
    borders: list[VRule],
    finer: _FinerImage,
) -> list[list[dict[str, Any]]]:
    """Each text box's number with its ends mended (`ocr_ends`): specks read as marks at its ends
    dropped, judged on the page's one threshold (`dark_mask`), against which their limits were
    measured; a head detection lost read from the band, told on the evened ink (`lost_ink`): on
    the page's one threshold a shadowed cell is ink all over, every column of it dark and so taken
    for rules (预算 seed 2400's `950` of 51,950)."""
    ink = dark_mask(gray)
    boxes = [sign_doubtful(without_speck_point(without_lone_end_marks(b, ink, scale, borders, boxes))) for b in boxes]
    return [with_lost_head(finer, b, ink_before_number(b, lost_ink, scale, borders, boxes)) for b in boxes]


class _FinerImage:
    """The page rendered at the re-reading resolution and straightened like the first image,
    once, and only when a text box needs a second look."""

    def __init__(self, page: pdfplumber.page.Page, skew: float) -> None:
        self.page, self.skew = page, skew
        self.dpi = capped_dpi(page, REREAD_DPI)
        self._image: np.ndarray | None = None

    def band(self, x0: float, top: float, x1: float, bottom: float) -> np.ndarray:
        """The image from `x0` to `x1`, two points above `top` and below `bottom` (where the
        glyphs' boxes are less exact), no paper added."""
        if self._image is None:
            self._image = straighten(
                np.array(self.page.to_image(resolution=self.dpi).original.convert("L")), self.skew
            )
            self._image.flags.writeable = False  # (shared by every look at the page: `_finer_image`)
        px = self.dpi / 72
        rows = slice(max(int((top - BAND_MARGIN) * px), 0), int((bottom + BAND_MARGIN) * px) + 1)
        return self._image[rows, max(int(x0 * px), 0) : int(x1 * px) + 1]

    def crop(self, x0: float, top: float, x1: float, bottom: float) -> np.ndarray:
        # (a point of margin left and right: more would take in a speck or the cell's rule,
        # read as a sign)
        return padded(self.band(x0 - 1.0, top, x1 + 1.0, bottom))

    def band_boxes(self, box: tuple[float, float, float, float]) -> list[tuple[str, float, float, float]]:
        """(text, confidence, x0, x1) of each text box of the band at the height of `box` over it."""
        x0, top, x1, bottom = box
        band = self.crop(0.0, top, float(self.page.width), bottom)
        px = self.dpi / 72
        rows = int((bottom + BAND_MARGIN) * px) + 1 - max(int((top - BAND_MARGIN) * px), 0)
        pad = max(rows // 2, 1)  # (the margin `crop` pads the band with)
        found = []
        for points, text, score in (r[:3] for r in _recognise(band, word_boxes=False)):
            left, right = (min(p[0] for p in points) - pad) / px, (max(p[0] for p in points) - pad) / px
            if left < x1 and right > x0:
                # (specks at its ends go, as from the words of a page: `123.62.`)
                text = point_in_groups_fixed(_without_specks(repair_numbers(str(text).replace(" ", ""))))
                found.append((text, float(score), left, right))
        return found



# The finer image last asked for: the second looks at a page come one after another (each doubtful
# amount's box, its band, the second recogniser's stretch), and rendering the page at the
# re-reading resolution and straightening it costs more than reading a box. Only one page's is
# kept (some 9 MB at 300 dpi).
_last_finer: list[_FinerImage] = []


def _finer_image(page: pdfplumber.page.Page, skew: float) -> _FinerImage:
    """The page's finer image straightened by `skew`: the one last made where it is of this very
    page object and skew, else a new one (rendered on first use)."""
    if not (_last_finer and _last_finer[0].page is page and _last_finer[0].skew == skew):
        _last_finer[:] = [_FinerImage(page, skew)]
    return _last_finer[0]

def _without_speck_points(chars: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Without a doubtful point or comma (or other speck mark) between digits where the number is
    no amount with it (`3021.7`: a speck between the digits of the code 30217; amounts print two decimals, or
    none in whole 元). The number's characters keep the speck's low confidence: an amount so
    read is re-read from a finer image, or its report quarantined."""
    floor = recognition().second_look_below
    # (a point or comma, or any speck mark: `2101-103` of the code 2101103, its `-` scored 0.62)
    specks = recognition().speck_marks
    text = "".join(c["text"] for c in chars)
    for i, c in enumerate(chars):
        if not (0 < i < len(chars) - 1 and c["text"] in specks and float(c["confidence"]) < floor):
            continue
        if not (text[i - 1].isdigit() and text[i + 1].isdigit()):
            continue
        run = re.search(r"[\d.,]*$", text[:i]).group(0) + text[i] + re.match(r"[\d.,]*", text[i + 1 :]).group(0)
        if not WHOLE_OR_TWO_DECIMALS.fullmatch(run):
            low = float(c["confidence"])
            rest = [{**d, "confidence": min(float(d["confidence"]), low)} for d in chars[:i] + chars[i + 1 :]]
            return _without_speck_points(rest)
    return chars


def _second_look(
    finer: _FinerImage, box: tuple[float, float, float, float], chars: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """A text box with a doubtful character in a number, recognised again from a finer image of
    the box alone (`confirmed_by`)."""
    again, score = _read_crop(finer.crop(*box))
    return confirmed_by(chars, again, score)


def confirmed_by(chars: list[dict[str, Any]], again: str, score: float) -> list[dict[str, Any]]:
    """The box's characters after a second reading `again` (scored `score`) from a finer image.
    The same text again: confirmed (its characters take the second, higher score). The text
    without the doubtful characters, read with confidence: they were specks (`3021.7` for the
    code `30217`, the point a speck at 0.59) and go, but a point or comma at an end (`.62`: what
    detection kept of a number whose rest it lost, 2,371.62, the crop showing only that rest;
    `_denoised` keeps such a mark). Anything else: left as first read, doubtful (an amount so
    read is re-read or quarantines its report)."""
    floor = recognition().second_look_below
    text = "".join(c["text"] for c in chars)
    if score < recognition().min_amount_confidence:
        return chars
    if again == text:
        return [{**c, "confidence": max(float(c["confidence"]), score)} for c in chars]
    kept = [c for c in chars if float(c["confidence"]) >= floor]
    dropped_ends = [c for c in (chars[0], chars[-1]) if all(c is not k for k in kept)]
    if not any(separator(c["text"]) for c in dropped_ends) and again == "".join(c["text"] for c in kept):
        return kept
    return chars


def capped_dpi(page: pdfplumber.page.Page, dpi: float) -> float:
    """`dpi`, or the lower resolution at which the page's image has `MAX_PAGE_PIXELS` pixels."""
    pixels = (float(page.width) * dpi / 72) * (float(page.height) * dpi / 72)
    return dpi if pixels <= MAX_PAGE_PIXELS else dpi * (MAX_PAGE_PIXELS / pixels) ** 0.5


def box_words(chars: list[dict[str, Any]], borders: list[VRule]) -> list[Word]:
    """The characters of one recognised text box cut into words: where a vertical rule runs
    between two characters (a cell border), or where they are further apart than a character
    is high (the next cell of an unruled table). Closer characters are one word, whatever the
    recogniser's character boxes leave between them (`一般公` | `共预算财政`). (Either recogniser's:
    the second one's reading of a line is cut the same way, `ocr_second.read_lines`.)"""
    runs: list[list[dict[str, Any]]] = []
    run: list[dict[str, Any]] = []
    for c in chars:
        if run and cut_between(run, c, borders):
            runs.append(run)
            run = []
        run.append(c)
    if run:
        runs.append(run)
    runs = clipped_digits_back(runs)  # (a 项 code's last digit across its cell's rule)
    # (a number glued after a label, `九、卫生健康支出4`, cut off with its own characters' boxes)
    # (and a code glued before its name, `2040601机关服务`, where the catalog names it so: scan_forms)
    words = [
        _word(part)
        for r in runs
        for coded in split_code_before_name(r)
        for glued in split_digits_before_name(coded)
        for part in split_label_number(glued)
    ]
    # (an amount glued to the next cell's label where no rule was found between them: cut as on
    # text pages, `648.28一、一般公共服务支出`)
    return [part for w in words if (clean := _denoised(w)) is not None for part in split_glued(clean)]


def join_text_boxes(line: Line, borders: list[VRule]) -> Line:
    """Words of text the recogniser returned as two boxes within one cell joined, as `_words`
    joins the characters of one box (`十七、` | `援助其他地区支出`, `二` | `政府性基金预算财政拨款`).
    Only text with text: a number is never joined to a neighbour it did not touch."""
    words: list[Word] = []
    for w in line.words:
        prev = words[-1] if words else None
        if prev is not None and _CJK.search(prev.text[-1]) and _CJK.search(w.text[0]):
            # (the last character of one, the first of the other: about as wide as high)
            left = {"x0": prev.x1 - (prev.bottom - prev.top), "x1": prev.x1, "text": prev.text[-1],
                    "top": prev.top, "bottom": prev.bottom}
            right = {"x0": w.x0, "x1": w.x0 + (w.bottom - w.top), "text": w.text[0], "top": w.top, "bottom": w.bottom}
            if not cut_between([left], right, borders):
                first = {**left, "x0": prev.x0, "text": prev.text}
                joined = _word([first, {**right, "x1": w.x1, "text": w.text}])
                words[-1] = joined
                continue
        words.append(w)
    return Line(line.page, words)


def _word(run: list[dict[str, Any]]) -> Word:
    """The run's text: where an enumeration numeral is followed by a blank as wide as the
    full-width `、` it printed (the recogniser dropped it: `三` | `国防支出`), the `、` is put back."""
    text = run[0]["text"]
    for prev, c in itertools.pairwise(run):
        height = c["bottom"] - c["top"]
        numeral = _ENUMERATION.fullmatch(text)
        if numeral and 0.5 * height <= c["x0"] - prev["x1"] <= 1.5 * height and not c["text"].isdigit():
            text += "、"
        text += c["text"]
    return Word(
        text,
        min(c["x0"] for c in run),
        max(c["x1"] for c in run),
        min(c["top"] for c in run),
        max(c["bottom"] for c in run),
    )


def _denoised(word: Word) -> Word | None:
    """Without specks read as punctuation: a word of dots alone is dropped, dots at either end
    of a word of text stripped (no label ends in `·`; an amount's point is inside its digits), but
    a line-end mark right after an ideograph (recognition.yaml `text_end_marks`: `下年度开展，`).
    But a separator right before or after digits stays where it may be the number's own, the
    rest of the number lost to detection (`.62` read of 2,371.62, `2,371.` of 2,371.62): a point
    before a number without one, a point after thousands without decimals, a comma either side
    (a point after a code, `21011.`, is a speck). The number then reads as none and quarantines
    its report (never 62)."""
    vocabulary = recognition()
    specks = vocabulary.speck_marks
    body = word.text.rstrip(specks)
    if (end := word.text[len(body) : len(body) + 1]) and end in vocabulary.text_end_marks and CJK.match(body[-1:]):
        body += end  # (a line of a wrapped sentence: `下年度开展，`)
    text = body.lstrip(specks).lstrip(vocabulary.speck_marks_at_start)
    if NUMBER_SHAPE.fullmatch(bare := text.strip(vocabulary.number_specks)):
        text = bare  # (`*94.88`; a `*` alone is a blank's mark, a label's quotes its own)
    if GROUPED_AMOUNT.fullmatch(ruled := text.strip(_RULE_READ)):
        # (a column rule read as `|` glued to an amount in thousands groups, `2,052,078|`, 预算
        # seed 2362's B01: no digit, a `1` there would break its groups; an ungrouped number's
        # `|` is read as the `1` it may be, `repair_numbers`, and must then read so again)
        text = ruled
    if not text:
        return None
    head = word.text[: word.text.index(text)]
    tail = word.text[word.text.index(text) + len(text) :]
    if head and text[0].isdigit() and (mark := separator(head[-1])) and (mark == "," or _point_may_lead(text)):
        text = head[-1] + text
    if tail and text[-1].isdigit() and (mark := separator(tail[0])) and (mark == "," or GROUPED_INTEGER.search(text)):
        text += tail[0]
    return word if text == word.text else Word(text, word.x0, word.x1, word.top, word.bottom)


def _point_may_lead(text: str) -> bool:
    """A point read before `text` may be its number's own, the digits before it lost: not where
    the number has a point, nor where it is in thousands groups (预算 seed 2529: two specks before
    a whole-元 `3,014,596` read `:`, a point's look-alike; `.3,014,596` is no number's end)."""
    return "." not in text and GROUPED_INTEGER.fullmatch(text) is None


def reread_box(page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]) -> tuple[str, float]:
    """(text, confidence) recognised again in `box` (x0, top, x1, bottom) of a page first read
    straightened by `skew`, from a finer image of the box alone. Specks read at its ends go, as
    from the words of a page (`167.54.`), but a `-` before it, which may be the amount's sign:
    it goes only where the image shows a speck there, no dash (`-806,680` read of `·806,680`)."""
    image = box_image(page, skew, box)
    text, score = _read_crop(image)
    # (a speck read as a second point, `25.47.41`, as from the words of a page: the value is
    # the same whether it was a speck or a thousands comma)
    text = point_in_groups_fixed(specks_in_number_dropped(_without_specks(text)))
    if text.startswith("-") and sign_mark(image) is False:
        text = text[1:]
    return text, score


def box_image(page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]) -> np.ndarray:
    """The finer image of `box` (x0, top, x1, bottom) that `reread_box` reads."""
    return box_images(page, skew, [box])[0]


def box_images(
    page: pdfplumber.page.Page, skew: float, boxes: list[tuple[float, float, float, float]]
) -> list[np.ndarray]:
    """`box_image` of each of `boxes`, the page rendered once."""
    finer = _finer_image(page, skew)
    return [finer.crop(*box) for box in boxes]


def _without_specks(text: str) -> str:
    """A re-read number without the specks read at its ends (`.51.01`, `167.54.`, `"94.88`), but
    its sign."""
    vocabulary = recognition()
    specks = vocabulary.speck_marks + vocabulary.number_specks
    return _STROKE_AFTER_DIGITS.sub("", text.rstrip(specks).lstrip(specks.replace("-", "")))


# A flat stroke read `一` right after a number's last digit in a box read again: a piece of a rule
# or a dash beside it, no character of an amount (决算 seed 2175: a lone `0` read `0一`).
_STROKE_AFTER_DIGITS = re.compile(r"(?<=\d)一+$")


def _read_crop(image: np.ndarray) -> tuple[str, float]:
    """The text of a small image (one box), its parts in reading order, and its lowest score.
    (Detection first: recognition alone on the crop is misled by the cell's rules around it.)"""
    result = sorted(_recognise(image, word_boxes=False), key=lambda r: min(p[0] for p in r[0]))
    if not result:
        return "", 0.0
    return repair_numbers("".join(str(r[1]) for r in result).replace(" ", "")), min(float(r[2]) for r in result)


def finer_bands(
    page: pdfplumber.page.Page, boxes: list[tuple[float, float, float, float]], skew: float | None = None
) -> list[np.ndarray]:
    """The boxes (x0, top, x1, bottom: the stretch of a line holding its amounts) of a scanned page
    as grayscale images at the re-reading resolution (`_FinerImage.band`), the page rendered once
    and straightened by the first read's `skew` (the boxes' coordinates are of that frame);
    estimated again as the first read did where not given (the gate's re-reader has no first read
    at hand). The second recogniser reads them (ingest/ocr_second.py)."""
    finer = _finer_image(page, page_skew(page) if skew is None else skew)
    return [finer.band(*box) for box in boxes]


def page_skew(page: pdfplumber.page.Page) -> float:
    """The skew (degrees) the first read straightens a scanned page by (`ocr_page`), estimated
    again for a re-reader that has no first read at hand (the gate's)."""
    return estimate_skew(np.array(page.to_image(resolution=capped_dpi(page, PAGE_DPI)).original.convert("L")))


def padded(band: np.ndarray) -> np.ndarray:
    """A band with paper around it, half its height each side: detection needs a margin."""
    margin = max(band.shape[0] // 2, 1)
    return np.pad(band, ((margin, margin), (margin, margin)), constant_values=255)


def reread_in_band(
    page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]
) -> list[tuple[str, float]]:
    """(text, confidence) of every text box recognised again, from a finer image of the whole band
    of the page at the height of `box` (x0, top, x1, bottom), that overlaps `box` horizontally:
    a second reading where the box alone gives nothing (a crop too tight for detection)."""
    return _band_texts(_finer_image(page, skew), box)


def reread_boxes_in_band(
    page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]
) -> list[tuple[str, float, float, float]]:
    """`reread_in_band` with each text box's left and right edge (points): (text, confidence, x0, x1)."""
    return _finer_image(page, skew).band_boxes(box)


def _band_texts(finer: _FinerImage, box: tuple[float, float, float, float]) -> list[tuple[str, float]]:
    return [(text, score) for text, score, _, _ in finer.band_boxes(box)]
