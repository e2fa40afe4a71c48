"""Every amount of a scanned table read by both recognisers (the last look before a scanned
report is parsed: after the confidence check, `scan_amounts.check_confidence`, found nothing).

The first recogniser (ingest/ocr.py) reads some digits wrong with full confidence (决算 seed 2029:
`27.51` of 27.61; 2088: `14535.87` of 14635.87; 预算 2064: `63,634` of 63,631) or loses a thin `1`
(决算 2058: `7.76` of 71.76).
Such an amount used to reach the gate, whose rule then failed and whose re-reader (the second
recogniser) quarantined the report. Here the second recogniser (ingest/ocr_second.py, another
model) reads each line of a table page's amounts (`reread.unread_by_second`, as the gate's
re-reader does); an amount not among the numbers it reads there is looked at again:

- the first recogniser's reading of a finer image of its box gives it back, confidently (or the
  same digits and value with its separators placed otherwise): it stands, as read (the gate's
  rules still judge it);
- else the second recogniser reads around its box, and where the two models agree
  (`scan_amounts.two_models_agree`: it reads what one of the first's readings did, a digit
  changed, or the finer reading with a character the page's lost and the ink shows) the amount is
  read so; otherwise the report is quarantined.

Only the two models agreeing changes an amount: the first recogniser's readings alone never do.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import pdfplumber

from ingest.ocr import box_image, reread_box
from ingest.ocr_second import reread_amount
from ingest.records import Amount, ParsedDocument
from ingest.reread import unread_by_second
from ingest.scan_amounts import or_band_reading, speck_point
from ingest.scan_votes import read_alike_again, read_by_both, same_amount, two_models_agree, usual_decimals
from ingest.text import parse_amount

if TYPE_CHECKING:
    from ingest.scanned import Recognised


def read_by_both_models(doc: ParsedDocument, path: Path, recognised: Recognised) -> None:
    """Each amount of `doc` read from a recognised page that the second recogniser does not read
    on its line read again (the module's docstring): kept, read as both models agree, or the report
    quarantined (`doc.status`, `doc.reason`, `doc.reason_page`). A parsed report's tables only."""
    if doc.status != "parsed" or doc.part == "text":
        return
    pages = sorted({a.page for a in doc.amounts} & set(recognised.pages))
    if not pages:
        return
    with pdfplumber.open(path) as pdf:
        for number in pages:
            image_page, skew = pdf.pages[number - 1], recognised.pages[number].skew
            on_page = [
                (table.amounts, a, amount)
                for table in doc.tables
                for a, amount in enumerate(table.amounts)
                if amount.page == number
            ]
            unread = {id(s) for s in unread_by_second(image_page, [s for *_, s in on_page], skew)}
            for amounts, a, amount in on_page:
                if id(amount) not in unread:
                    continue
                read = _read_again(amount, amounts, image_page, skew, doc.amounts)
                if isinstance(read, str):
                    doc.status, doc.reason_page = "quarantined", number
                    doc.reason = f"table {amount.table_code}: amount {amount.amount_text} {read}"
                    return
                amounts[a] = read


def _read_again(
    amount: Amount, amounts: list[Amount], page: pdfplumber.page.Page, skew: float, report: list[Amount]
) -> Amount | str:
    """The amount as the first recogniser's finer reading gives it back, or as the two models
    agree it reads (`amounts`: its table's; `report`: the report's, whose printed form tells what
    a reading in no such form lost); else what the readings were."""
    box = (amount.x0, amount.top, amount.x1, amount.bottom)
    # (决算 seed 2259's lone `0` in 09: read alike on the page and by the second model, nothing
    # from its box's finer image)
    text, confidence = or_band_reading(*reread_box(page, skew, box), page, skew, box, amount)
    if not text:
        # (nothing from the finer image of its box nor the band: a lone digit's box, read with a
        # character's height of room either side by both models alike, 预算 seed 2260's `9`)
        height = amount.bottom - amount.top
        roomy = read_by_both(page, skew, (amount.x0 - height, amount.top, amount.x1 + height, amount.bottom))
        if roomy is not None and roomy[0] == amount.amount_text:
            return amount
    usual = usual_decimals(amounts)
    if usual == 0 and speck_point(amount.amount_text, text, lambda: box_image(page, skew, box)):
        # (a point no amount prints, in a whole-元 table: a speck, as where the page read it,
        # `scanned.speck_marks_between_digits`)
        text = amount.amount_text
    if read_alike_again(amount, text, confidence):
        # (read alike again, or its separators placed otherwise: the page's text where a speck
        # made the finer one no amount's form)
        return replace(amount, amount_text=text if same_amount(amount, text) else amount.amount_text)
    second = reread_amount(page, skew, box)
    agreed = two_models_agree(amount, text, second, page, skew, usual, report)
    if agreed is None:
        return (
            f"is not read so by the second recogniser ({' '.join(second) or 'nothing'}), and the two recognisers "
            f"do not agree on it (the first from a finer image: '{text}')"
        )
    if agreed == amount.amount_text:
        return amount
    return replace(amount, amount=parse_amount(agreed), amount_text=agreed, confidence=confidence)
