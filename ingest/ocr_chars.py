"""What a recognised character is read for, and the small rules every reader of characters shares.

The recogniser's look-alikes and specks are a vocabulary (`ingest/recognition.yaml`, loaded here
as `recognition()`). Which separator a mark is read for (`separator`), whether two characters
stand in different words (a rule between them, or a gap: `cut_between`) and the lowest confidence
of the characters in a box (`box_confidence`) are asked where a page's words are made
(`ingest/ocr.py`), where a number's ends and halves are judged (`ingest/ocr_ends.py`) and by the
repairs of a page's words (`ingest/ocr_repair.py`, `ingest/scan_codes.py`). This module imports
none of those, so each imports it at its top (ocr imports the others: they could not import ocr).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from ingest.data import Strict
from ingest.layout import VRule

# Characters further apart than this (PDF points) start a new word (pdfplumber's x_tolerance).
WORD_GAP = 3.0


class SecondReads(Strict):
    """What the first recogniser is known to lose or misread in a 绩效 cell that the second reads
    (ingest/performance/scanned.py)."""

    operators: str
    first_loses: str
    dash_readings: frozenset[str]
    operator_misreads: str
    mark_widths: dict[str, Literal["first", "second"]]
    closing_lost: dict[str, str]
    quote_closing_lost: dict[str, str]
    equals_misreads: str
    unsure_below: float
    lookalike_after: dict[str, str]


class Recognition(Strict):
    """ingest/recognition.yaml: what the recogniser returns for what was printed."""

    digit_lookalikes: dict[str, str]
    leading_digit_lookalikes: dict[str, str]
    inner_digit_lookalikes: dict[str, str]
    separator_lookalikes: dict[str, str]
    enumeration_numerals: str
    enumeration_mark_lookalikes: str
    speck_marks: str
    speck_marks_at_start: str
    text_end_marks: str
    number_specks: str
    lost_first_stroke: list[str]
    joined_first_characters: dict[str, str]
    trailing_marks: str
    lone_marks: str
    label_point_marks: str
    phrase_lookalikes: dict[str, str]
    name_end_noise: str
    label_lookalikes: dict[str, str]
    header_lookalikes: dict[str, str]
    column_number_lookalikes: dict[str, str]
    second_look_below: float
    min_amount_confidence: float
    repaired_confidence: float
    second_reads: SecondReads

    @property
    def lone_digit_lookalikes(self) -> dict[str, str]:
        """The look-alikes of a digit read alone in its place (a code's wrapped last digit, a lone
        `0`): a number's own and those it takes only where a digit follows."""
        return {**self.digit_lookalikes, **self.leading_digit_lookalikes}


@cache
def recognition() -> Recognition:
    text = resources.files("ingest").joinpath("recognition.yaml").read_text(encoding="utf-8")
    vocabulary = Recognition.model_validate(yaml.safe_load(text))
    assert vocabulary.second_look_below <= vocabulary.repaired_confidence < vocabulary.min_amount_confidence, (
        "recognition.yaml: a repaired character must be doubtful (below min_amount_confidence)"
    )
    for key, value in vocabulary.phrase_lookalikes.items():
        assert len(key) == len(value), f"recognition.yaml: {key!r} -> {value!r} must keep the length"
    lookalikes = {
        **vocabulary.digit_lookalikes,
        **vocabulary.leading_digit_lookalikes,
        **vocabulary.inner_digit_lookalikes,
        **vocabulary.separator_lookalikes,
    }
    for key, value in lookalikes.items():
        assert len(key) == len(value) == 1, f"recognition.yaml: {key!r} -> {value!r} must keep the length"
    return vocabulary


def separator(ch: str) -> str | None:
    """The separator (`.` or `,`) a mark is, or is read for (recognition.yaml), else None."""
    ch = recognition().separator_lookalikes.get(ch, ch)
    return ch if ch in ".," else None


def cut_between(run: list[dict[str, Any]], c: dict[str, Any], borders: list[VRule]) -> bool:
    """A rule between the two characters' centres (their boxes are approximate: a glyph's box
    may reach over its cell's border), or a gap wider than a character is high."""
    left = run[-1]
    y = (c["top"] + c["bottom"]) / 2
    a, b = (left["x0"] + left["x1"]) / 2, (c["x0"] + c["x1"]) / 2
    if any(a < r.x < b and r.top - 1 <= y <= r.bottom + 1 for r in borders):
        return True
    gap = c["x0"] - left["x1"]
    return gap > WORD_GAP and gap > c["bottom"] - c["top"]


def centred_in(c: dict[str, Any], x0: float, x1: float, top: float, bottom: float) -> bool:
    """Whether a recognised character's centre lies in the box (half a point of slack)."""
    return x0 - 0.5 <= (c["x0"] + c["x1"]) / 2 <= x1 + 0.5 and top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= bottom + 0.5


# The key of a recognised number's first character where ink lies before it that neither the
# page's reading nor its band's read (ocr_ends.with_lost_head): the x, in points, where that ink
# begins. Its amount's glyphs are counted from there (scan_amounts.check_confidence).
INK_BEFORE = "ink_before_x0"


def ink_before_in(chars: list[dict[str, Any]], x0: float, x1: float, top: float, bottom: float) -> float | None:
    """Where unread ink begins before the number in the box (`INK_BEFORE` of a character centred
    in it), or None."""
    marks = [float(c[INK_BEFORE]) for c in chars if INK_BEFORE in c and centred_in(c, x0, x1, top, bottom)]
    return min(marks, default=None)


def box_confidence(chars: list[dict[str, Any]], x0: float, x1: float, top: float, bottom: float) -> float | None:
    """The lowest confidence of the recognised characters whose centre lies in the box."""
    return min(
        (float(c["confidence"]) for c in chars if "confidence" in c and centred_in(c, x0, x1, top, bottom)),
        default=None,
    )
