"""Re-read a 绩效评价基础数据表's stored cells another way (the gate's question for a failed P9/P10:
were these values read right?), as ingest/performance/reread.py does for the other 绩效 tables:
with pdfplumber's own table finder (`Page.find_tables`), not our grid logic, checking placement.

- a stored 经费 value is found again in the found row whose cell says the stored label and whose box
  overlaps the stored band, under the cell of the last row above it that says the stored column
  header (`2022年决算数`): the same text, blank for blank;
- a stored staffing value is found in the row under the found row naming the staffing fields (the
  family's words, a leading year dropped), under its field's cell.

Any value not found so, and the answer is no: the failure is ours to explain. A Word/Excel file, a
page without a text layer: no."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

from ingest.performance.base_data import _without_year
from ingest.performance.families import families, header_field
from ingest.performance.reread import _blank, _under, page_rows

_SLACK = 2.5  # (pt, as reread.py)


@dataclass(frozen=True, slots=True)
class StoredBaseValue:
    """One stored value: a 经费 cell (`label` the line's, `header` its column's as printed) or a
    staffing cell (`label` None, `header` its field: authorized | actual | control_rate)."""

    page: int
    label: str | None
    header: str
    text: str | None
    top: float
    bottom: float


_Row = list[tuple[tuple[float, float, float, float], str]]


def _staffing_words() -> dict[str, list[str]]:
    return {k: v for f in families() if f.base_data for k, v in f.base_data.staffing.items()}


def _money_value(value: StoredBaseValue, rows: list[_Row]) -> str | None:
    """The text found under the stored column's header in the stored line's row; None: not found."""
    span: tuple[float, float] | None = None
    for row in rows:
        cell = next((box for box, t in row if _blank(t) == _blank(value.header)), None)
        if cell is not None:
            span = (cell[0], cell[2])
            continue
        says = any(_blank(t) == _blank(value.label) and box[1] <= value.bottom - _SLACK and box[3] >= value.top + _SLACK
                   for box, t in row)  # fmt: skip
        if says and span is not None:
            return _under(row, span)
    return None


def _staffing_value(value: StoredBaseValue, rows: list[_Row]) -> str | None:
    words = _staffing_words()
    for n, row in enumerate(rows[:-1]):
        spans = {f: (box[0], box[2]) for box, t in row if (f := header_field(_without_year(t)[0], words))}
        if len(spans) >= 2 and value.header in spans:
            return _under(rows[n + 1], spans[value.header])
    return None


def base_confirmed(pdf_path: Path, stored: Iterable[StoredBaseValue]) -> bool:
    """True when every stored value is found again, as stored, under its header."""
    values = list(stored)
    if not values:
        return True
    if pdf_path.suffix.lower() != ".pdf":
        return False  # (a Word/Excel file: no page to re-read its cells from)
    with pdfplumber.open(pdf_path) as pdf:
        for number in sorted({v.page for v in values}):
            rows = page_rows(pdf, number)
            if rows is None:
                return False
            for v in (v for v in values if v.page == number):
                found = _money_value(v, rows) if v.label is not None else _staffing_value(v, rows)
                if found is None or _blank(found) != _blank(v.text):
                    return False
    return True
