"""Re-read printed amounts independently, to tell a publisher's inconsistency from our misread.

When a balance rule fails, the gate asks: were these numbers read right? We re-read the pages
in a different way than the parser (characters cropped from each amount's box, and a count of
all amount-like strings in the page's plain text; on a scanned page, each amount's line
recognised again from a finer image of that line alone by the second model, and each amount's
box by the first) and compare with what the parser stored.
If both agree, and every amount was placed where it is printed (its box inside the column it was
stored under, its row's code named as its label), the printed numbers really do not add up: the
publisher's inconsistency. Right digits in a wrong column (a 公务接待费 stored as 公务用车运行维护费)
would otherwise make our misreading the publisher's.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pdfplumber

from ingest.layout import without_overprint
from ingest.number_forms import AMOUNT_FORM, RECOGNISED_NUMBER
from ingest.ocr import page_skew, reread_box
from ingest.ocr_chars import recognition
from ingest.ocr_second import around, read_page, reread_boxes
from ingest.records import Amount
from ingest.scan_votes import digits_apart
from ingest.subjects import named_as_catalog
from ingest.text import normalize

# Two decimals, or one where the publisher drops a trailing zero (长春 预算表3 `1208.2`).
_AMOUNT_IN_TEXT = re.compile(
    r"(?<![\d.,])-?\d{1,3}(?:,\d{3})*\.\d{1,2}(?![\d.])|(?<![\d.,])-?\d+\.\d{1,2}(?![\d.])"
)
_WHOLE = re.compile(r"-?[\d,]+")  # an amount printed without decimals
# Two amounts the page's text joins where their cells touch (西安 2021 “三公”: `80,000.00462,000.00`,
# `654,600.00-100,000.00`): two decimals then a digit or a sign start the next one.
_GLUED_AFTER_DECIMALS = re.compile(r"(\.\d{2})(?=-?\d)")


# Any number of a page's text: where stored amounts are printed whole (西安 2020 prints 万元 as
# `50830`, `0`), the page's count includes whole numbers too (codes and 序号 among them: it is a floor).
_NUMBER_IN_TEXT = re.compile(rf"(?<![\d.,]){RECOGNISED_NUMBER.pattern}(?![\d.,])")


# How far (points) an amount's centre may lie outside its column's extent: a cell's padding.
COLUMN_TOLERANCE = 2.0


@dataclass(frozen=True, slots=True)
class StoredAmount:
    """One stored amount (raw.amounts) as the re-reader needs it: its digits and box, and where
    it was placed: its column's extent (None on a side without a bound, both None where no
    header cell placed it) and its row's code and label."""

    page: int
    amount_text: str
    x0: float
    x1: float
    top: float
    bottom: float
    column_x0: float | None = None
    column_x1: float | None = None
    subject_code: str | None = None
    printed_code: str | None = None
    row_label: str | None = None


# An amount as stored (the gate's re-reader) or as parsed (ingest/scan_amounts.py): its digits and box.
_Boxed = TypeVar("_Boxed", StoredAmount, Amount)


def amounts_confirmed(pdf_path: Path, pages: Iterable[int], stored: list[StoredAmount]) -> bool:
    """True when re-reading `pages` gives back exactly the stored amounts on those pages, each
    placed where it is printed: in its column (in_column), its row's code named as its label by
    the catalog (named) or, on a text page, printed beside it on the amount's line (the publisher's
    own pairing: 长春 prints `30208 取暖费` and `30208 物业管理费`)."""
    wanted = sorted(set(pages))
    by_page: dict[int, list[StoredAmount]] = {p: [] for p in wanted}
    for s in stored:
        if s.page in by_page:
            by_page[s.page].append(s)
    if not all(in_column(s) for amounts in by_page.values() for s in amounts):
        return False
    with pdfplumber.open(pdf_path) as pdf:
        for number in wanted:
            if not 1 <= number <= len(pdf.pages):
                return False
            page = without_overprint(pdf.pages[number - 1])
            if not page.chars:  # a scanned page: each line's amounts read again by another model
                if not all(named(s) for s in by_page[number]):
                    return False
                # (estimated once: both models read the page straightened by it, line by line and whole)
                skew = page_skew(page)
                if not _recognised(page, by_page[number], skew) or left_out(page, by_page[number], skew):
                    return False
                continue
            for s in by_page[number]:
                if normalize(_in_box(page, s).extract_text() or "") != s.amount_text:
                    return False
                if not named(s) and not _printed_beside(page, s):
                    return False
            whole = any(_WHOLE.fullmatch(s.amount_text) for s in by_page[number])
            numbers = _NUMBER_IN_TEXT if whole else _AMOUNT_IN_TEXT
            text = normalize_spaces(page.extract_text() or "")
            printed = numbers.findall(text if whole else _GLUED_AFTER_DECIMALS.sub(r"\1 ", text))
            if len(printed) < len(by_page[number]):
                return False
    return True


def in_column(s: StoredAmount | Amount) -> bool:
    """The amount's centre lies within the extent of the column it was stored under
    (COLUMN_TOLERANCE allowed); one no header cell placed is not judged. The same on a scanned
    page: the boxes are the recogniser's (the scan reader asks it of every amount it read)."""
    centre = (s.x0 + s.x1) / 2
    if s.column_x0 is not None and centre < s.column_x0 - COLUMN_TOLERANCE:
        return False
    return s.column_x1 is None or centre <= s.column_x1 + COLUMN_TOLERANCE


def named(s: StoredAmount) -> bool:
    """A row whose code was printed beside a label is named so by the catalog, where the catalog
    has the code (the parser's own matching, subjects.named_as_catalog). A row printed by name
    alone is not judged: its code came from its name."""
    if s.printed_code and s.subject_code and s.row_label:
        return named_as_catalog(s.subject_code, s.row_label)
    return True


def _printed_beside(page: pdfplumber.page.Page, s: StoredAmount) -> bool:
    """The page prints the row's code followed by its label on the amount's line, left of it:
    the code and label stored together are the publisher's pairing, not a label we joined to
    another row's code (a wrapped label is not on one line: not confirmed so)."""
    line = page.filter(
        lambda o: o.get("object_type") == "char" and o["x1"] <= s.x0 and o["top"] < s.bottom and o["bottom"] > s.top
    )
    printed = normalize("".join(c["text"] for c in sorted(line.chars, key=lambda c: c["x0"])))
    return normalize(f"{s.printed_code}{s.row_label}") in printed


def _in_box(page: pdfplumber.page.Page, s: StoredAmount) -> pdfplumber.page.Page:
    """The page's characters overlapping the amount's box (grown by 0.5 pt), as a crop keeps them.
    Filtered rather than cropped: some publishers draw their tables beyond the page's box (西安
    2021 民政局 prints rows at top 760 on a 595 pt high page: pdfplumber reads them, a crop there
    raises)."""
    x0, top, x1, bottom = max(s.x0 - 0.5, 0), max(s.top - 0.5, 0), s.x1 + 0.5, s.bottom + 0.5
    return page.filter(
        lambda o: o.get("object_type") == "char"
        and o["x0"] < x1
        and o["x1"] > x0
        and o["top"] < bottom
        and o["bottom"] > top
    )


def _recognised(page: pdfplumber.page.Page, stored: list[StoredAmount], skew: float) -> bool:
    """Every amount of a scanned page is among the numbers the second recogniser reads in its
    line, and none is read otherwise by the first from a finer image (`read_otherwise`)."""
    if unconfirmed_lines(page, stored, skew):
        return False
    return not any(read_otherwise(page, skew, s) for s in stored)


def left_out(page: pdfplumber.page.Page, stored: list[StoredAmount], skew: float | None = None) -> bool:
    """Whether the second recogniser, reading a scanned table page whole, reads more amounts with
    decimals in the columns the parser placed amounts under than are stored on the page: one it
    left out of every row (决算 seed 2509's 06: `0.4D` read as 福利费's label, the table published
    without its 0.40, R9's failure by 0.40 confirmed as the publisher's — each amount stored was
    read right). A ceiling, judged only on a page whose stored amounts all print decimals and were
    placed under header cells (a text's statements state percentages and years beside their
    amounts); a number the parser skips on purpose there (a template row of zeros) leaves a
    failure on the page ours to explain, never the publisher's."""
    if not stored or any(_WHOLE.fullmatch(s.amount_text) or s.column_x0 is s.column_x1 is None for s in stored):
        return False
    columns = _amount_columns(stored)
    skew = page_skew(page) if skew is None else skew
    texts = [
        "".join(c["text"] for c in box)
        for box in read_page(page, skew)
        if box and any(x0 <= (box[0]["x0"] + box[-1]["x1"]) / 2 <= x1 for x0, x1 in columns)
    ]
    printed = sum(n for text, n in _numbers(texts).items() if "." in text and AMOUNT_FORM.fullmatch(text))
    return printed > len(stored)


def _amount_columns(stored: list[StoredAmount]) -> list[tuple[float, float]]:
    """The x-spans of the columns the stored amounts were placed under (a side without a bound
    ends where the column's amounts do), `COLUMN_TOLERANCE` wider: what is read in a 行次 column
    (`60` read `6.0`, a speck taken for a point) or a label is no amount left out."""
    spans: dict[tuple[float | None, float | None], list[StoredAmount]] = {}
    for s in stored:
        spans.setdefault((s.column_x0, s.column_x1), []).append(s)
    return [
        ((x0 if x0 is not None else min(s.x0 for s in amounts)) - COLUMN_TOLERANCE,
         (x1 if x1 is not None else max(s.x1 for s in amounts)) + COLUMN_TOLERANCE)
        for (x0, x1), amounts in spans.items()
    ]  # fmt: skip


def read_otherwise(page: pdfplumber.page.Page, skew: float, s: StoredAmount) -> bool:
    """The first recogniser reads the amount's box, from a finer image, as another amount apart
    from it in digits alone (`scan_votes.digits_apart`), scored as a second reading must be: the
    second model reading it as stored is then one model against the other (预算 seed 2312: `2,025`
    stored, read so by the second model, `2,925` from the finer image: flagged as the publisher's
    B4). A box read as nothing, as no amount, or with its marks read otherwise (a comma read `0`:
    `540033.95` of 北京's scanned `54,033.95`) says nothing against it."""
    text, score = reread_box(page, skew, (s.x0, s.top, s.x1, s.bottom))
    return score >= recognition().second_look_below and digits_apart(s.amount_text, text)


def unconfirmed_lines(
    page: pdfplumber.page.Page, stored: list[StoredAmount], skew: float | None = None
) -> list[list[StoredAmount]]:
    """The lines of a scanned page's stored amounts (`amount_lines`) with an amount that is not
    among the numbers the second recogniser reads there (`unread_by_second`)."""
    unread = {id(s) for s in unread_by_second(page, stored, skew)}
    return [line for line in amount_lines(stored) if any(id(s) in unread for s in line)]


def unread_by_second(page: pdfplumber.page.Page, stored: list[_Boxed], skew: float | None = None) -> list[_Boxed]:
    """The amounts of a scanned page that are not among the numbers the second recogniser
    (ingest/ocr_second.py) reads in their line: the stretch of the line holding them
    (`amount_lines`), read once for all of them (two equal amounts of a line are two numbers; one
    found once, both are unread). `skew`: the first read's, where known."""
    lines = amount_lines(stored)
    texts = reread_boxes(page, [_stretch(line) for line in lines], skew)
    unread: list[_Boxed] = []
    for line, found in zip(lines, texts, strict=True):
        missing = Counter(s.amount_text for s in line) - _numbers(found)
        unread += [s for s in line if missing[s.amount_text]]
    return unread


def _numbers(texts: list[str]) -> Counter[str]:
    """The numbers of the second recogniser's text boxes, each box's apart. A box is read without
    the blanks it puts inside (`2, 426.10`: one amount), unless a number it then holds is in no
    amount's form: then between them (`4,950.85 7`, a unit's character read as a digit after the
    amount). Never both: a blank read inside an amount (`1 17,144`) would give back a number the
    first recogniser lost the head of (`17,144`); nor the digits after a mark (`.265`, `_NUMBER_READ`)."""
    found: Counter[str] = Counter()
    for text in texts:
        numbers = _NUMBER_READ.findall(normalize(text))
        if not all(AMOUNT_FORM.fullmatch(n) for n in numbers):
            numbers = [n for part in text.split() for n in _NUMBER_READ.findall(normalize(part))]
        found.update(numbers)
    return found


# A number as recognition reads it, not the tail of one after a point or comma: `.265` gives back
# no `265` (决算 seed 2535's 09 `2.65`, a speck before it: the first model read `265`, the second
# `.265`, and R11's failure was confirmed as the publisher's).
_NUMBER_READ = re.compile(rf"(?<![\d.,]){RECOGNISED_NUMBER.pattern}")


def amount_lines(stored: list[_Boxed]) -> list[list[_Boxed]]:
    """The amounts grouped by the line they are printed on: a line takes each amount whose middle
    lies within the height of the line's first amount (top to bottom)."""
    lines: list[list[_Boxed]] = []
    for s in sorted(stored, key=lambda s: (s.top, s.x0)):
        if lines and lines[-1][0].top <= (s.top + s.bottom) / 2 <= lines[-1][0].bottom:
            lines[-1].append(s)
        else:
            lines.append([s])
    return lines


def _stretch(line: list[_Boxed]) -> tuple[float, float, float, float]:
    """The stretch of a line the second recogniser reads: `around` its amounts' boxes."""
    top, bottom = min(s.top for s in line), max(s.bottom for s in line)
    return around((min(s.x0 for s in line), top, max(s.x1 for s in line), bottom))


def normalize_spaces(text: str) -> str:
    return re.sub(r"[ \t]+", " ", text)
