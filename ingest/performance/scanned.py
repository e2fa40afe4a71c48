"""绩效 tables read from page images are not published: recognition is not verified for them yet.

The 绩效 reader reads a recognised page through the same table logic as a text page (the words
and ruling lines recognition made, ingest/scanned.py), and finds the tables. But what recognition
misreads in a 绩效 table would be published as printed, and nothing checks it: the standard
tables' amounts have their confidence checks and balance rules (ingest/scanned.py
`check_confidence`, the gate's re-reader), a 绩效 row's values have neither. Measured on rendered
绩效 tables scanned like `samples/scan.py` (`samples.performance` seeds 1, 2, 4, 5, 2026-12-03):
`≥24小时` read `224小时` (a target of 224), `<24个` read `04个`, a `--` placeholder read `一`,
merged 二级 labels lost, and `≧24个` read `24个` with every character scored ≥ 0.98 (the operator
lost with full confidence; a finer image of its line reads it `224个`). Confidence does not
single out these misreadings, and a second pass of the same recogniser reads them otherwise but
no better.

So every 绩效 table with a row on a recognised page is quarantined, with that reason. A 绩效 file
none of whose tables stays read is quarantined; a 决算/预算 keeps its standard tables, its 绩效
attachment recorded as not read. To lift this, each value needs an independent confirmation (not
a second pass of the same recogniser).
"""

from __future__ import annotations

from ingest.performance.records import PerformanceTable
from ingest.records import ParsedDocument
from ingest.scanned import Recognised

REASON = (
    "绩效 table read from a page image (page {page}): recognition of its cells (operators ≥/≧, "
    "placeholders --, merged labels) is not verified, so it is not published"
)


def _recognised_page(table: PerformanceTable, recognised: Recognised) -> int | None:
    """The table's first page read from an image (its rows lie on its pages)."""
    return next((p for p in range(table.first_page, table.last_page + 1) if p in recognised.pages), None)


def quarantine_recognised_performance(doc: ParsedDocument, recognised: Recognised) -> None:
    """Quarantine each 绩效 table of `doc` read from a recognised page (module docstring)."""
    if not recognised.pages or not doc.performance:
        return
    retold: dict[str | None, str] = {}  # a table's reason before → after
    for table in doc.performance:
        # (a table the reader already quarantined takes this reason too: what it found wrong was
        # read from the image, 长期目标1 recognised `标1`, and the image is what keeps it back)
        if (page := _recognised_page(table, recognised)) is not None:
            if table.status == "quarantined":
                retold.setdefault(table.reason, REASON.format(page=page))
            table.status, table.reason = "quarantined", REASON.format(page=page)
    if doc.status == "quarantined" and doc.reason in retold:  # (the file quarantined for that table)
        doc.reason = retold[doc.reason]
    read = any(t.status == "read" for t in doc.performance)
    if doc.kind == "performance" and doc.part == "tables" and doc.status == "parsed" and not read:
        first = next(t for t in doc.performance if t.status == "quarantined")
        doc.status, doc.reason, doc.reason_page = "quarantined", first.reason, first.first_page
