"""Re-read stored 绩效 cells another way, to tell a publisher's inconsistency from our misreading.

When a 绩效 check fails (Σ 分值 ≠ 总分, 得分 > 分值, 执行率 ≠ 执行数 / 预算数 …), the gate asks
whether the values were read right before it calls the failure the publisher's. The 绩效 reader
builds its cells from our own grid logic (ingest/performance/grid.py); this re-reader uses
pdfplumber's table finder instead (`Page.find_tables`: cells from the ruling lines, text per cell)
and checks **placement**, not only digits:

- a stored row is the found table row whose box overlaps the stored row's band (its lineage),
  and whose cell under the 三级指标 (or money-line label) header says the stored label; the 总分
  row, the row whose cell says one of the family's total labels;
- each stored value is the text of that row's cell under the header naming its field (the
  header words are the family's, `families.yaml`: the one vocabulary), blank for blank;
- headers are looked for on the table's pages in order and carried to continuation pages.

Any stored row not found so, or any value that differs, and the answer is no: the failure is
ours to explain (a parse error), never the publisher's. A page without a text layer (a scan), or
a Word/Excel file, cannot be re-read this way: no. Target and actual values enter no check and
are not compared (their text may wrap over a border differently in the two readings).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pdfplumber

from ingest.layout import without_overprint
from ingest.performance.families import Family, families, header_field
from ingest.text import normalize

# How far (pt) a found row's box may differ from the stored band, and a cell's centre stick out of
# its header's span.
_SLACK = 2.5
# A money header row names amounts (分值 / 得分 alone are the indicator block's, or a row above).
_AMOUNTS = frozenset({"budget_initial", "budget_full_year", "executed"})


@dataclass(frozen=True, slots=True)
class StoredRow:
    """One stored 绩效 row (raw.performance_indicators / raw.performance_funds) to re-read."""

    family: str
    first_page: int  # its table's: where the header to carry may be printed
    page: int
    block: Literal["indicator", "money", "total"]  # an indicator row, a money line, the 总分 row
    label: str  # 三级指标, the money line's label as printed, or 总分
    values: dict[str, str | None]  # field → text as stored
    top: float
    bottom: float
    title: str = ""  # its table's (a family whose money columns are years reads the title's year's)


@dataclass(slots=True)
class _Headers:
    """The x-spans of the header cells naming each field, per block, as last seen."""

    indicators: dict[str, tuple[float, float]] = field(default_factory=dict)
    money: dict[str, tuple[float, float]] = field(default_factory=dict)
    upper: dict[str, tuple[float, float]] = field(default_factory=dict)  # a header row above the money one


def _blank(text: str | None) -> str:
    return normalize(text or "")


def _cells(table: Any) -> list[list[tuple[tuple[float, float, float, float], str]]]:
    """The found table's rows: (box, text) of each cell that starts there (merged cells once)."""
    rows = []
    for row, texts in zip(table.rows, table.extract(), strict=True):
        rows.append([(box, text or "") for box, text in zip(row.cells, texts, strict=True) if box is not None])
    return rows


def page_rows(pdf: pdfplumber.PDF, number: int) -> list[list[tuple[tuple[float, float, float, float], str]]] | None:
    """The rows of every table pdfplumber's own finder sees on page `number` (1-based), top to
    bottom; None where there is no such page or it has no text to re-read (nothing confirmable)."""
    if not 1 <= number <= len(pdf.pages):
        return None
    page = without_overprint(pdf.pages[number - 1])
    if not page.chars:
        return None
    return sorted((row for table in page.find_tables() for row in _cells(table)), key=_row_top)


def _named(row: list[tuple[tuple[float, float, float, float], str]], words: dict[str, list[str]]) -> dict[str, tuple]:
    spans: dict[str, tuple[float, float]] = {}
    for box, text in row:
        if (name := header_field(text, words)) is not None and name not in spans:
            spans[name] = (box[0], box[2])
    return spans


def _under(row: list[tuple[tuple[float, float, float, float], str]], span: tuple[float, float]) -> str:
    """The text of the row's cell whose centre lies under `span`, or of a cell merged over several
    columns that starts at the span's left border (宁德's 总分 row: `157.48` in one cell over 得分
    and 偏差原因); '' when none: blank, or merged from the left."""
    x0, x1 = span
    return next(
        (t for box, t in row
         if x0 - _SLACK <= (box[0] + box[2]) / 2 <= x1 + _SLACK or (abs(box[0] - x0) <= _SLACK and box[2] > x1)),
        "",
    )


_Words = dict[str, list[str]]


def _family_words(family: Family, title: str) -> tuple[_Words, _Words, _Words]:
    """The header words of the indicator block (all its fields: a header row names 三级指标 and
    another field, 湖北's names neither 分值 nor 得分), of the money block, and the labels of the
    总分 row."""
    return dict(family.indicators), dict(family.money_words(title)[0]), {"total": list(family.totals)}


def performance_confirmed(pdf_path: Path, stored: Iterable[StoredRow]) -> bool:
    """True when every stored row is found again, each value under its field's header."""
    rows = sorted(stored, key=lambda r: (r.page, r.top))
    if not rows:
        return True
    if pdf_path.suffix.lower() != ".pdf":
        return False  # (a Word/Excel 绩效 file: no page to re-read its cells from)
    by_family = {f.name: f for f in families()}
    if any(r.family not in by_family for r in rows):
        return False
    wanted = {r.page for r in rows}
    first = min(r.first_page for r in rows)
    headers: dict[tuple[str, str], _Headers] = {key: _Headers() for key in {(r.family, r.title) for r in rows}}
    words = {key: _family_words(by_family[key[0]], key[1]) for key in headers}
    with pdfplumber.open(pdf_path) as pdf:
        for number in range(first, max(wanted) + 1):
            found = page_rows(pdf, number)
            if found is None:
                return False
            pending = [r for r in rows if r.page == number]
            for row in found:
                # (headers as printed above the row: a page may end one table and start another)
                for name, seen in headers.items():
                    indicator_words, money_words, _ = words[name]
                    money = _named(row, money_words)
                    if "level3" in (spans := _named(row, indicator_words)) and len(spans) >= 2:
                        seen.indicators, seen.upper = spans, {}
                    elif money.keys() & _AMOUNTS:
                        # (a header over two rows: 分值/得分 merged down beside 预算安排 | 拨付情况)
                        seen.money, seen.upper = {**seen.upper, **money}, {}
                    elif money:
                        seen.upper = money
                pending = [
                    r for r in pending
                    if not _found_again(r, row, headers[(r.family, r.title)], words[(r.family, r.title)][2])
                ]
            if pending:
                return False
    return True


def _same_label(found: str, stored: str) -> bool:
    """The label found is the stored one, but for characters another cell's wrapped text spills
    into it (宁德: `况` of a 二级 label `一般性支出情况` printed over the border): pdfplumber gives
    a character to the cell its centre is in, our grid to the cell it starts in."""
    a, b = _blank(found), _blank(stored)
    return bool(b) and (a == b or (b in a and len(a) - len(b) <= 2))


def _row_top(row: list[tuple[tuple[float, float, float, float], str]]) -> float:
    return min(box[1] for box, _ in row)


def _found_again(stored: StoredRow, row: list, headers: _Headers, totals: dict[str, list[str]]) -> bool:
    """The stored row is this found row: its label cell (under 三级指标; for a money line, the
    cell that says the label; for the 总分 row, a cell saying one of `totals`) overlaps the stored
    band, and every value is under its field's header (the 总分's under the indicator block's)."""
    spans = headers.money if stored.block == "money" else headers.indicators
    if stored.block != "money" and "level3" not in spans:
        return False
    if stored.block == "money":
        cell = next((box for box, t in row if _blank(t) == _blank(stored.label)), None)
    elif stored.block == "total":
        cell = next((box for box, t in row if header_field(t, totals) is not None), None)
    else:
        x0, x1 = spans["level3"]
        found = next(((box, t) for box, t in row if x0 - _SLACK <= (box[0] + box[2]) / 2 <= x1 + _SLACK), None)
        cell = found[0] if found is not None and _same_label(found[1], stored.label) else None
    if cell is None:
        return False
    box = cell
    if box[1] > stored.bottom - _SLACK or box[3] < stored.top + _SLACK:
        return False  # (the same label in another row)
    return all(
        name in spans and _blank(_under(row, spans[name])) == _blank(text)
        for name, text in stored.values.items()
        if text is not None or name in spans
    )
