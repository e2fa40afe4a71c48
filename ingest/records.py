"""The record contract between the extraction library and the warehouse.

`parse_document` turns one input file into one `ParsedDocument`. It never raises for bad
input: a file that cannot be read is returned with ``status`` ``rejected`` (not a report we
ingest) or ``quarantined`` (a report our parser could not read right) and a reason.
See docs/record-contract.md for the raw tables these records are written to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from ingest.performance.records import PerformanceTable

DocumentKind = Literal["final_accounts", "budget", "performance", "unknown"]
ParseStatus = Literal["parsed", "quarantined", "rejected"]
TableStatus = Literal["found", "empty", "missing"]
# What of a report a file holds: its standard tables (with or without the text), or only its
# text (情况说明), the tables being published as another file (北京, 江苏 budgets).
DocumentPart = Literal["tables", "text"]


@dataclass(frozen=True, slots=True)
class Amount:
    """One amount printed in a table cell, with its lineage."""

    table_code: str
    page: int  # 1-based
    row_no: int  # 1-based data-row ordinal within the table
    row_label: str
    column_key: str
    amount: Decimal
    amount_text: str
    printed_unit: str  # '万元' | '元'
    subject_code: str | None = None
    printed_code: str | None = None
    row_key: str | None = None
    line_no: int | None = None
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    # The x-span of the header cell of the column the amount was placed under (the header page's,
    # on a continuation page without one); None where no header cell placed it (columns by printed
    # order, a table printed turned, a text's statements). Checked by the re-reader (ingest/reread.py).
    column_x0: float | None = None
    column_x1: float | None = None
    # The recogniser's confidence (0–1) in the amount, where it was read from a page image (a
    # scan); None from a text layer. Lineage only: not a column of raw.amounts.
    confidence: float | None = None


@dataclass(slots=True)
class ReportTable:
    table_code: str
    status: TableStatus
    title: str | None = None
    first_page: int | None = None
    last_page: int | None = None
    printed_unit: str | None = None
    unit_name: str | None = None
    amounts: list[Amount] = field(default_factory=list)


@dataclass(slots=True)
class ParsedDocument:
    document_id: str  # sha256 of the bytes
    file_name: str
    file_path: str
    file_size: int
    status: ParseStatus
    kind: DocumentKind = "unknown"
    page_count: int | None = None
    unit_name: str | None = None
    fiscal_year: int | None = None
    reason: str | None = None
    reason_page: int | None = None
    narrative_total: Decimal | None = None
    part: DocumentPart | None = None  # None until the content is read (rejected files)
    ocr: bool = False  # the text was recognised from page images (a scan), not read from a text layer
    parser_version: str = ""
    tables: list[ReportTable] = field(default_factory=list)
    # The 绩效 tables: of a 绩效 file, or the 自评 attachments of a 决算/预算 (ingest/performance)
    performance: list[PerformanceTable] = field(default_factory=list)

    def identity_missing(self) -> str | None:
        """What of the report's identity was not read: a published report belongs to a unit
        (a name left after blanks and the 本级 mark are removed) and a fiscal year."""
        name = re.sub(r"[\s\u3000]+", "", self.unit_name or "")
        if not re.sub(r"[（(]?本级[)）]?$", "", name):
            return "unit"
        if self.fiscal_year is None:
            return "fiscal year"
        return None

    @property
    def amounts(self) -> list[Amount]:
        return [a for t in self.tables for a in t.amounts]
