"""Amounts a report states in its text (情况说明), read as the rows of one narrative table.

Some publishers print a 部门预算's text and its tables as two files (北京 商务局 2026, 江苏
省委办公厅 2017/2019 …). The text half has none of the standard tables, but it states the
figures that matter: 收入、支出预算总计, income by fund, 基本/项目支出, the “三公”经费 items,
机关运行经费, 政府采购. Each statement becomes one `Amount` of the narrative table (`BN` for
budgets), keyed by what it states, with its page, line and the exact box of its digits, so it is
checked (the statements' own identities, and the companion tables file where we have it) and
re-read like any table amount.

The statements are data (ingest/narratives/<kind>.yaml): patterns over the text with whitespace
removed. Only the first match of a statement counts; a statement the text does not make is no row.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
from pydantic import field_validator

from ingest.data import LineKind, data_files, read_data_file
from ingest.data import Strict as _Strict
from ingest.layout import Line, without_overprint
from ingest.records import Amount
from ingest.text import normalize, parse_amount

# A printed amount inside a sentence: 13,377.11 · 27664.22 · 70 (never the digits of a year or
# ratio: the patterns put it right before 万元).
_AMOUNT = r"(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


# Points an amount's box is inset from its outer digits (more than the re-reader's 0.5 margin,
# less than half a digit's width).
_INSET = 1.0


class Statement(_Strict):
    key: str  # the row key of the narrative table
    line_kind: LineKind
    name: str
    patterns: list[str]

    @field_validator("patterns")
    @classmethod
    def _one_amount(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            if p.count("{amount}") != 1:
                raise ValueError(f"pattern {p!r} must contain {{amount}} exactly once")
            re.compile(p.replace("{amount}", _AMOUNT))
        return patterns

    def compiled(self) -> list[re.Pattern[str]]:
        return [re.compile(p.replace("{amount}", _AMOUNT)) for p in self.patterns]


class NarrativeProfile(_Strict):
    table: str  # the narrative table's code (BN)
    name: str
    statements: list[Statement]


# Every narrative file in ingest/narratives/ (budget.yaml): the report kinds whose text we read.
NARRATIVE_KINDS: tuple[str, ...] = data_files("narratives")


@cache
def load_narrative(kind: str = "budget") -> NarrativeProfile:
    return NarrativeProfile.model_validate(read_data_file("narratives", kind))


@dataclass(frozen=True, slots=True)
class _Span:
    start: int  # offset of the line's text in the joined text
    line: Line


def read_statements(
    pdf_path: Path,
    pages: list[list[Line]],
    kind: str = "budget",
    chars: dict[int, list[dict[str, Any]]] | None = None,
) -> list[Amount]:
    """The amounts the text states, one per statement found, in the profile's order. `chars`: the
    characters per page where they are not pdfplumber's (recognised from a scan)."""
    profile = load_narrative(kind)
    spans: list[_Span] = []
    parts: list[str] = []
    offset = 0
    for lines in pages:
        for line in lines:
            spans.append(_Span(offset, line))
            parts.append(line.norm)
            offset += len(line.norm)
    text = "".join(parts)
    starts = [s.start for s in spans]
    found: list[tuple[Statement, _Span, int, str]] = []  # (statement, line, offset in line, digits)
    for statement in profile.statements:
        if hit := _first_match(statement, text, spans, starts):
            found.append((statement, *hit))
    boxes = _digit_boxes(pdf_path, [(span.line, at, digits) for _, span, at, digits in found], chars or {})
    amounts = []
    for row_no, ((statement, span, _, digits), box) in enumerate(zip(found, boxes, strict=True), start=1):
        value = parse_amount(digits)
        assert value is not None  # the pattern only captures amounts
        x0, x1, top, bottom = box
        amounts.append(
            Amount(
                table_code=profile.table,
                page=span.line.page,
                row_no=row_no,
                row_label=statement.name,
                column_key="amount",
                amount=value,
                amount_text=digits,
                printed_unit="万元",
                row_key=statement.key,
                x0=x0,
                x1=x1,
                top=top,
                bottom=bottom,
            )
        )
    return amounts


def _first_match(
    statement: Statement, text: str, spans: list[_Span], starts: list[int]
) -> tuple[_Span, int, str] | None:
    """The line holding the statement's first match and the amount's offset in that line
    (`starts`: each span's start, ascending). A match whose digits are cut across two lines is
    not taken (their box would be two boxes)."""
    for pattern in statement.compiled():
        for m in pattern.finditer(text):
            begin, end = m.span("amount")
            span = spans[bisect.bisect_right(starts, begin) - 1]  # the line the digits start in
            if end <= span.start + len(span.line.norm):
                return span, begin - span.start, m.group("amount")
    return None


def _digit_boxes(
    pdf_path: Path, wanted: list[tuple[Line, int, str]], known: dict[int, list[dict[str, Any]]]
) -> list[tuple[float, float, float, float]]:
    """The box of each amount's characters, inset by `_INSET` left and right: the re-reader crops
    the box (plus its margin) and must get the amount back, and in running text the neighbouring
    characters touch the digits (`总计27664.22万`). The line's characters are taken from
    pdfplumber (left to right within the line's band); where they do not spell the line's text,
    the line's own box is kept (lineage still right to the line; the re-reader then cannot
    confirm it)."""
    boxes = []
    with pdfplumber.open(pdf_path) as pdf:
        for line, at, digits in wanted:
            page_chars = known[line.page] if line.page in known else without_overprint(pdf.pages[line.page - 1]).chars
            chars = [
                c
                for c in page_chars
                if c.get("upright", True)
                and line.top - 0.5 <= (c["top"] + c["bottom"]) / 2 <= line.bottom + 0.5
                and min(w.x0 for w in line.words) - 0.5 <= c["x0"]
                and c["x1"] <= max(w.x1 for w in line.words) + 0.5
                and c["text"].strip()
            ]
            chars.sort(key=lambda c: c["x0"])
            if normalize("".join(c["text"] for c in chars)) == line.norm:
                mine = chars[at : at + len(digits)]
                boxes.append(
                    (
                        float(min(c["x0"] for c in mine)) + _INSET,
                        float(max(c["x1"] for c in mine)) - _INSET,
                        float(min(c["top"] for c in mine)),
                        float(max(c["bottom"] for c in mine)),
                    )
                )
            else:
                boxes.append((min(w.x0 for w in line.words), max(w.x1 for w in line.words), line.top, line.bottom))
    return boxes


def statement_vocabulary(kind: str = "budget") -> tuple[str, str, list[tuple[str, LineKind, str]]]:
    """(table code, table name, [(row key, line kind, name)]) of the narrative table."""
    profile = load_narrative(kind)
    return profile.table, profile.name, [(s.key, s.line_kind, s.name) for s in profile.statements]
