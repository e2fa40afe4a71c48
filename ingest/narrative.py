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

A narrative 绩效 report (整体支出绩效自评报告, `performance.yaml`, table `PN`) also states figures
once per project (`计划生育专项年中执行调增540.17万元，支出决算数为2313.6万元，结余结转0万元`): a
statement with `repeat: true` counts every match, each one row whose `row_label` is the project as
printed (`{project}` in its patterns, the profile's `project` pattern). A project's name starts a
line or a sentence; where two matches share the digits (a heading line `计划生育专项` joined to the
sentence starting with the same name), the shorter name is the project.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pdfplumber
from pydantic import field_validator, model_validator

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


# Where a project's name may start: a line's start or a sentence's (offsets into the joined text),
# or right after the enumeration mark there (③, 1., 2、, （1）, 一、).
_SENTENCE_END = re.compile(r"[。；！？;!?]")
_ENUMERATION = re.compile(
    r"[\u2460-\u2473]|\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、"
)


class Statement(_Strict):
    key: str  # the row key of the narrative table
    line_kind: LineKind
    name: str
    patterns: list[str]
    # Made once per project (every match a row, `{project}` in each pattern), not once per report.
    repeat: bool = False

    @field_validator("patterns")
    @classmethod
    def _one_amount(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            if p.count("{amount}") != 1:
                raise ValueError(f"pattern {p!r} must contain {{amount}} exactly once")
            if p.count("{project}") > 1:
                raise ValueError(f"pattern {p!r} must contain {{project}} at most once")
        return patterns

    def compiled(self, project: str | None = None) -> list[re.Pattern[str]]:
        """The patterns as regular expressions (`project`: the profile's pattern of a project's name)."""
        if self.repeat and project is None:
            raise ValueError(f"statement {self.key}: a repeated statement needs its profile's project pattern")
        named = f"(?P<project>{project})"
        return [re.compile(p.replace("{amount}", _AMOUNT).replace("{project}", named)) for p in self.patterns]

    @model_validator(mode="after")
    def _project_when_repeated(self) -> Statement:
        for p in self.patterns:
            if ("{project}" in p) != self.repeat:
                raise ValueError(f"statement {self.key}: {{project}} is in the patterns of repeated statements only")
        return self


class NarrativeProfile(_Strict):
    table: str  # the narrative table's code (BN, PN)
    name: str
    # What a project's name is (the `{project}` of repeated statements), where the profile has any.
    project: str | None = None
    # Words a document's cover carries when its text is of this family (自评报告: a self-evaluation,
    # not a 财政 evaluation of a 专项's sub-items); none: any text of the kind.
    cover_markers: tuple[str, ...] = ()
    statements: list[Statement]

    def marks(self, cover: str) -> bool:
        """Whether a cover (its text, whitespace removed) names a text of this family."""
        return not self.cover_markers or any(m in cover for m in self.cover_markers)

    @model_validator(mode="after")
    def _patterns_compile(self) -> NarrativeProfile:
        if any(s.repeat for s in self.statements) and self.project is None:
            raise ValueError(f"narrative {self.table}: repeated statements need the profile's `project` pattern")
        for s in self.statements:
            self.compiled(s)
        return self

    def compiled(self, statement: Statement) -> list[re.Pattern[str]]:
        return statement.compiled(self.project)


# Every narrative file in ingest/narratives/ (budget.yaml, performance.yaml): the report kinds
# whose text we read.
NARRATIVE_KINDS: tuple[str, ...] = data_files("narratives")


@cache
def load_narrative(kind: str = "budget") -> NarrativeProfile:
    return NarrativeProfile.model_validate(read_data_file("narratives", kind))


def narrative_tables() -> tuple[str, ...]:
    """The codes of the narrative tables (BN, PN): a text's statements, one table per kind."""
    return tuple(load_narrative(kind).table for kind in NARRATIVE_KINDS)


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
    """The amounts the text states: one per statement found, in the profile's order, then one per
    match of the repeated statements, in the text's order. `chars`: the characters per page where
    they are not pdfplumber's (recognised from a scan)."""
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
    found: list[_Found] = []
    for statement in profile.statements:
        if not statement.repeat and (hit := _first_match(profile.compiled(statement), text, spans, starts)):
            found.append(_Found(statement, *hit))
    found += _repeated_matches(profile, text, spans, starts)
    boxes = _digit_boxes(pdf_path, [(f.span.line, f.at, f.digits) for f in found], chars or {})
    amounts = []
    for row_no, (f, box) in enumerate(zip(found, boxes, strict=True), start=1):
        value = parse_amount(f.digits)
        assert value is not None  # the pattern only captures amounts
        x0, x1, top, bottom = box
        amounts.append(
            Amount(
                table_code=profile.table,
                page=f.span.line.page,
                row_no=row_no,
                row_label=f.project or f.statement.name,
                column_key="amount",
                amount=value,
                amount_text=f.digits,
                printed_unit="万元",
                row_key=f.statement.key,
                x0=x0,
                x1=x1,
                top=top,
                bottom=bottom,
            )
        )
    return amounts


@dataclass(frozen=True, slots=True)
class _Found:
    statement: Statement
    span: _Span  # the line the digits are on
    at: int  # the digits' offset in that line
    digits: str
    project: str | None = None  # the project's name as printed (repeated statements)


def _digits_line(begin: int, end: int, spans: list[_Span], starts: list[int]) -> tuple[_Span, int] | None:
    """The line holding the digits at [begin, end) of the joined text and their offset in it; None
    where they are cut across two lines (their box would be two boxes)."""
    span = spans[bisect.bisect_right(starts, begin) - 1]  # the line the digits start in
    if end <= span.start + len(span.line.norm):
        return span, begin - span.start
    return None


def _first_match(
    patterns: list[re.Pattern[str]], text: str, spans: list[_Span], starts: list[int]
) -> tuple[_Span, int, str] | None:
    """The line holding the statement's first match and the amount's offset in that line
    (`starts`: each span's start, ascending)."""
    for pattern in patterns:
        for m in pattern.finditer(text):
            if hit := _digits_line(*m.span("amount"), spans, starts):
                return *hit, m.group("amount")
    return None


def _repeated_matches(profile: NarrativeProfile, text: str, spans: list[_Span], starts: list[int]) -> list[_Found]:
    """Every match of the repeated statements whose project starts a line or a sentence (after its
    enumeration mark, if any), in the text's order; of matches sharing their digits, the one with
    the shortest project name."""
    repeated = [s for s in profile.statements if s.repeat]
    if not repeated:
        return []
    # (`starts` holds every line's start; a sentence starts after its predecessor's end mark)
    starts_of = {*starts, *(m.end() for m in _SENTENCE_END.finditer(text))}
    anchors = sorted(starts_of | {m.end() for a in starts_of if (m := _ENUMERATION.match(text, a))})
    by_digits: dict[int, tuple[int, _Found]] = {}  # digits' offset -> (project's offset, match)
    for statement in repeated:
        for pattern in profile.compiled(statement):
            for anchor in anchors:
                m = pattern.match(text, anchor)
                if m is None or (hit := _digits_line(*m.span("amount"), spans, starts)) is None:
                    continue
                begin = m.start("amount")
                if begin not in by_digits or by_digits[begin][0] < anchor:
                    by_digits[begin] = (anchor, _Found(statement, *hit, m.group("amount"), m.group("project")))
    return [found for _, (_, found) in sorted(by_digits.items())]


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
