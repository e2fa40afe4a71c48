"""绩效 tables read from page images: published only where two independent recognisers read them
alike.

The 绩效 reader reads a recognised page through the same table logic as a text page (the words
and ruling lines recognition made, ingest/scanned.py). But a 绩效 row's values have neither
confidence checks nor balance rules to catch a misreading: measured on rendered 绩效 tables scanned
like `samples/scan.py` (2026-12-03), the first recogniser (PP-OCRv4) reads `≥24小时` as `224小时`,
`<24个` as `04个`, loses `≧` with every character scored ≥ 0.98, and a second pass of it reads them
otherwise but no better. So each page holding a 绩效 table is read again, whole, by the second
recogniser (PP-OCRv6, trained apart: `ocr_second.read_page`), through the same table logic, and
each table is published only where the two readings are the same table: the same rows, every
text alike (`_agreed`), except what the first recogniser is known to lose and the second reads
(ingest/recognition.yaml `second_reads`, measured on those scans, 2026-12-05):

- a comparison sign (`≥24小时`: the first reads nothing, another sign, or a `2`/`s`/`三` in its
  place): the second's reading stands;
- a full stop ending a text (`…已调整计划。`): where its ink is a ring (`scan_marks.ring_mark`);
  the second reads a speck after `完成` as one too, a solid blot, dropped where smaller than a
  full stop prints (`scan_marks.speck_mark`);
- a blank's dash in a money cell whose text is not published (an amount, a sub-line's 分值): read
  `一` or `二` by one recogniser, another dash or nothing by the other, or `二` by both, one blank
  where the ink read is flat strokes only (`scan_marks.dashes_only`; an execution rate's dash,
  published as printed, is not settled so: read nothing or a dash reading by each, it is `--`
  only where the cell's ink is two flat hyphens side by side, `scan_marks.hyphen_pair`);
- the width of a mark: as the recogniser that reads that mark's width right has it (a label's
  `（30分）`: the first's; a unit's `/`: the second's); a closing bracket ending a text that the
  first loses is its opening's (`（20分` / `(20分)`: `（20分）`); a closing quote the first loses
  inside a text after its opening is the second's (`“四害密度` / `“四害”密度`);
- a point only the second reads between two digits (`9.8.84` of 98.84): where the ink shows no
  room for a printed point there in any place it is read (`scanimage.mark_has_room`: a speck), the
  first's text stands, and the values derived from it (`_VALUES_OF`).

Any other difference is settled only by the first recogniser's own finer reading of the second's
word (`_Comparison._text`), else the table is quarantined, naming the row and field. Agreement is
no check of what both read through the same table logic, nor of a blank: a table is also held
back for ink neither read (`scan_ink.ink_read_as_nothing`; not in a column no field holds,
families.yaml `unread_columns`: a 序号's `1`), a rule found through a wrapped text
(`scan_ink.rule_through_text`), print in a rate's cell both read as none (`scan_ink.print_in`), or
a text both read that no template prints or that may be another (`scan_texts.doubtful_text`: a
一级/二级 label of no template's form, `1000无`, `130.个`, `老年入`).
The published table is the second reading, with the marks' widths settled. Both recognisers read
`≧ ≦ ＝` as `≥ ≤ =` (the operator is the same): a scanned table's targets are published so
(docs/record-contract.md). A 绩效 file none of whose tables stays read is quarantined; a 决算/预算
keeps its standard tables, its 绩效 attachment recorded as not read.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pdfplumber

from ingest.layout import CJK, Line
from ingest.ocr import box_image, finer_bands, reread_box
from ingest.ocr_chars import recognition
from ingest.ocr_second import read_alike_on_its_line
from ingest.performance.reader import unsettled
from ingest.performance.records import PRINTED_MONEY_FIELDS, FundLine, PerformanceTable
from ingest.performance.scan_ink import (
    cell_inside,
    column_rule_through_text,
    ink_read_as_nothing,
    number_cells,
    print_in,
    rate_dashed,
    rule_through_text,
)
from ingest.performance.scan_second import EQUALS, SecondReading, second_lines
from ingest.performance.scan_texts import (
    agreed_text,
    doubtful_text,
    label_form,
    mark_width_side,
)
from ingest.performance.values import is_blank, number
from ingest.records import ParsedDocument
from ingest.scan_marks import dashes_only, ring_mark, speck_mark, two_bars
from ingest.scanimage import mark_has_room, point_has_room
from ingest.scanned import Recognised

log = logging.getLogger(__name__)

PREFIX = "绩效 table read from a page image (page {page}): "
# Not compared: lineage (the second recogniser's boxes are its own), and the first reading's own
# verdict on itself (a value it misread quarantined it: every field is compared all the same)
_NOT_COMPARED = frozenset(
    {"top", "bottom", "total_top", "total_bottom", "spans", "unread_spans", "parent", "status", "reason"}
)
# The values an indicator row derives from a text (`reader`: its number, a target's operator and
# unit), published as the first reading derived them where that text is published as the first read it.
_VALUES_OF = {
    "target": ("target_operator", "target_value", "target_unit"),
    "actual": ("actual_value",),
    "weight_text": ("weight",),
    "score_text": ("score",),
}
# Values derived from texts that are compared (a target's operator and unit: from the target as
# printed, or the cells of their own, `operator_text`, `unit_text`): the second's, as its amounts
# (`s3843.67期` / `≤3843.67期` agree as texts; the first's unit, of a text it could not split, is none)
_DERIVED = frozenset({"target_operator", "target_unit"})


def _recognised_page(table: PerformanceTable, recognised: Recognised) -> int | None:
    """The table's first page read from an image (its rows lie on its pages)."""
    return next((p for p in range(table.first_page, table.last_page + 1) if p in recognised.pages), None)


def confirm_recognised_performance(
    doc: ParsedDocument,
    path: Path,
    recognised: Recognised,
    read_again: Callable[[dict[int, list[Line]]], list[PerformanceTable]],
) -> None:
    """Each 绩效 table of `doc` with a row on a recognised page published as the second
    recogniser reads it where both read it alike, else quarantined (module docstring).
    `read_again`: the document's 绩效 tables read by the reader that read `doc`'s, the pages
    given (page number → lines) read as given."""
    if not recognised.pages or not doc.performance:
        return
    on_image = [t for t in doc.performance if _recognised_page(t, recognised) is not None]
    if not on_image:
        return
    numbers = {p for t in on_image for p in range(t.first_page, t.last_page + 1) if p in recognised.pages}
    held = {t.reason for t in on_image if t.status == "quarantined"}  # (the first reading's own reasons)
    with pdfplumber.open(path) as pdf:
        try:
            reading = second_lines(pdf, recognised, numbers)
            second, failure = read_again(reading.lines), None
        except Exception as exc:  # (the second recogniser failing keeps the tables back, not the file)
            log.warning("second reading of %s failed: %s", path, exc)
            reading, second = SecondReading({}, {}), []
            failure = f"not read by the second recogniser: {type(exc).__name__}: {exc}"[:200]
        _judge(doc, recognised, on_image, second, failure, _Comparison(pdf, recognised, reading))
    read = [t for t in doc.performance if t.status == "read"]
    if doc.kind != "performance":
        return  # (a 决算/预算 keeps its standard tables, whatever became of its 绩效 attachment)
    if not read and doc.part == "tables" and doc.status == "parsed":
        first = next(t for t in doc.performance if t.status == "quarantined")
        doc.status, doc.reason, doc.reason_page = "quarantined", first.reason, first.first_page
    elif read and doc.status == "quarantined" and doc.reason in held:
        # (the file was quarantined for a table the first recogniser misread, that both now read)
        doc.part, doc.status, doc.reason, doc.reason_page = "tables", "parsed", None, None
        doc.unit_name = doc.unit_name or next((t.unit_name for t in read if t.unit_name), None)


def _judge(
    doc: ParsedDocument,
    recognised: Recognised,
    on_image: list[PerformanceTable],
    second: list[PerformanceTable],
    failure: str | None,
    comparison: _Comparison,
) -> None:
    """Each table of `on_image` replaced in `doc.performance` by the second reading's of it where
    the two agree, else quarantined with what they read otherwise (or `failure`)."""
    seconds = _by_first_page(second)
    instead: dict[int, PerformanceTable] = {}  # id of a table no longer published → the one that is
    for first_page, tables in _by_first_page(on_image).items():
        others = seconds.get(first_page, [])
        counts = f"the two recognisers find {len(tables)} / {len(others)} tables starting on page {first_page}"
        for table, other in zip(tables, others if len(others) == len(tables) else [None] * len(tables), strict=True):
            verdict = failure or (comparison.confirmed(table, other) if other is not None else counts)
            if isinstance(verdict, str):
                page = _recognised_page(table, recognised)
                table.status, table.reason = "quarantined", (PREFIX.format(page=page) + verdict)[:400]
                if other is not None:
                    instead[id(other)] = table
            else:
                doc.performance[doc.performance.index(table)] = instead[id(table)] = verdict
                instead[id(other)] = verdict
    for table in doc.performance:  # (a list row's parent row: the one published)
        if table.parent is not None:
            table.parent = instead.get(id(table.parent), table.parent)


def _by_first_page(tables: list[PerformanceTable]) -> dict[int, list[PerformanceTable]]:
    out: dict[int, list[PerformanceTable]] = {}
    for table in tables:
        out.setdefault(table.first_page, []).append(table)
    return out


class _Comparison:
    """The two readings of one document's recognised 绩效 pages compared, field by field; where
    they differ, the first recogniser reads the second's word again from a finer image of its box
    (`ocr.reread_box`: its own reading, not the second's), and agrees or not (`310月` / `3-10月`;
    a lone `1` in a cell the first recogniser's page reading lost)."""

    def __init__(self, pdf: pdfplumber.PDF, recognised: Recognised, reading: SecondReading) -> None:
        self.pdf, self.recognised, self.lines, self.chars = pdf, recognised, reading.lines, reading.chars

    def confirmed(self, first: PerformanceTable, second: PerformanceTable) -> PerformanceTable | str:
        """The second reading as published (its marks' width as the first read them), or what the
        two readings read otherwise. The first reading may have been quarantined for a value
        it misread (`2495,142.67`): every field is compared all the same."""
        second = self._blanks_settled(second)
        if second.status != "read":
            return f"the second recogniser's reading is not read: {second.reason}"
        first, second = self._rates_dashed(first), self._rates_dashed(second)
        if len(first.funds) == len(second.funds):
            funds = [self._texts_settled(a, b) for a, b in zip(first.funds, second.funds, strict=True)]
            first = dataclasses.replace(first, funds=funds)
        agreed, differences = self._agreed(first, second, "the table", second)
        if differences:
            return f"the two recognisers read it otherwise: {differences[0]}"
        assert isinstance(agreed, PerformanceTable)
        return (
            doubtful_text(agreed) or self._unsure(agreed) or self._rate_lost(agreed) or self._lost_ink(agreed) or agreed
        )

    def _rates_dashed(self, table: PerformanceTable) -> PerformanceTable:
        """One reading of the table, its money lines' execution rates as `scan_ink.rate_dashed`."""
        funds = [rate_dashed(line, self._rate_cell(line)) for line in table.funds]
        return table if funds == table.funds else dataclasses.replace(table, funds=funds)

    def _rate_lost(self, table: PerformanceTable) -> str | None:
        """A money line whose execution rate both read as nothing where its cell holds print (a
        `--` not told as one: 自评表 seed 69's, a speck beside it, was published as none)."""
        lost = next((f for f in table.funds if f.execution_rate_text is None and print_in(self._rate_cell(f))), None)
        return None if lost is None else f"page {lost.page} {lost.label}: print in its rate's cell read as none"

    def _rate_cell(self, line: FundLine) -> np.ndarray | None:
        """The finer image of a money line's execution rate cell inside its borders, or None."""
        page, span = self.recognised.pages.get(line.page), line.spans.get("execution_rate")
        cell = cell_inside(page.rules, span, line.top, line.bottom) if page and span else None
        return finer_bands(self.pdf.pages[line.page - 1], [cell], page.skew)[0] if page and cell else None

    def _unsure(self, table: PerformanceTable) -> str | None:
        """Where a row of the table holds a character of text the second recogniser scored below
        `unsure_below` (recognition.yaml): both recognisers can misread a character alike
        (`准确率` read `淮确率` by both, the second scoring its `淮` 0.69), and a free text has no
        rule to catch it; what the second is unsure of is not published, whatever the first read,
        but where it reads it alike and sure reading its line again (`read_alike_on_its_line`).
        (Digits and marks are compared otherwise: comparison signs, points with room, specks.)
        Not in a column no field holds (`Indicator.unread_spans`: a 是否核心's `否`)."""
        floor = recognition().second_reads.unsure_below
        for row in [*table.indicators, *table.funds]:
            unread = getattr(row, "unread_spans", ())
            for c in self.chars.get(row.page, []):
                if c["confidence"] >= floor or not CJK.fullmatch(c["text"]) or not _in_row(row, c["top"], c["bottom"]):
                    continue
                page, skew = self.pdf.pages[row.page - 1], self.recognised.pages[row.page].skew
                if not any(a <= (c["x0"] + c["x1"]) / 2 <= b for a, b in unread) and not read_alike_on_its_line(
                    page, skew, c, floor
                ):
                    where = _row(row, f"page {row.page}")
                    return f"{where}: `{c['text']}` read by the second recogniser at {c['confidence']:.2f}"
        return None

    def _lost_ink(self, table: PerformanceTable) -> str | None:
        """Where print lies in the table's rows that neither recogniser read (ingest/performance/
        scan_ink.py: a `=` alone in its cell, lost by both, would be published as a blank)."""
        for n in range(table.first_page, table.last_page + 1):
            if (page := self.recognised.pages.get(n)) is None:
                continue
            rows = [(r.top, r.bottom) for r in [*table.indicators, *table.funds] if r.page == n]
            blanks = [box for f in table.funds if f.page == n for box in number_cells(f)]
            unread = [(a, r.top, b, r.bottom) for r in table.indicators if r.page == n for a, b in r.unread_spans]
            if (cut := rule_through_text(self.lines.get(n, []), page.rules, page)) is not None:
                return f"a row rule found through the text `{cut[0]}` / `{cut[1]}` (page {n}): a merged cell cut"
            if (cut := column_rule_through_text(_in_rows(self.lines.get(n, []), rows), page.rules)) is not None:
                return f"a column rule found through the text `{cut[0]}` | `{cut[1]}` (page {n}): a label cut"
            finer = partial(_finer, self.pdf.pages[n - 1], page.skew)
            if (found := ink_read_as_nothing(page, rows, self.lines.get(n, []), finer, blanks, unread)) is not None:
                x, top, bottom = found
                return f"ink at x {x:.0f} of the row at {top:.0f}–{bottom:.0f} (page {n}) read by neither recogniser"
        return None

    def _agreed(self, first: Any, second: Any, where: str, row: Any) -> tuple[Any, list[str]]:
        """The value published for one field read by both (the second's, a text as `_text` has
        it), and where the two read it otherwise (`page 2 row 3 (培训人次) target: `224小时` /
        `≥24小时``). Amounts and other values derived from a text are the second's: their texts
        are compared. `row`: the row the field is of (its page and band), or the table for a field of
        its own (its pages)."""
        if isinstance(second, str) and (first is None or isinstance(first, str)):
            text = self._text(first, second, row)
            return (second, [f"{where}: {first!r} / {second!r}"]) if text is None else (text, [])
        if isinstance(second, Decimal | float):
            return second, []
        if dataclasses.is_dataclass(second) and type(first) is type(second):
            changes, differences, firsts = {}, [], set()
            inner = second if hasattr(second, "page") and hasattr(second, "top") else row
            for f in dataclasses.fields(second):
                if f.name in firsts:  # (of a text published as the first read it: its value so too)
                    changes[f.name] = getattr(first, f.name)
                    continue
                if f.name in _NOT_COMPARED or f.name in _DERIVED:
                    continue
                old = getattr(second, f.name)
                value, wrong = self._agreed(getattr(first, f.name), old, f"{_row(second, where)} {f.name}", inner)
                if (label := label_form(f.name, getattr(first, f.name), old)) is not None:
                    value, wrong = label, []
                differences += wrong
                if value is not old:
                    changes[f.name] = value
                if value != old and value == getattr(first, f.name):
                    firsts.update(_VALUES_OF.get(f.name, ()))
            return (dataclasses.replace(second, **changes) if changes else second), differences
        if isinstance(second, list | tuple) and isinstance(first, list | tuple):
            if len(first) != len(second):
                return second, [f"{where}: {len(first)} / {len(second)} rows"]
            pairs = [self._agreed(a, b, where, row) for a, b in zip(first, second, strict=True)]
            values = [v for v, _ in pairs]
            changed = any(v is not b for v, b in zip(values, second, strict=True))
            return (type(second)(values) if changed else second), [d for _, wrong in pairs for d in wrong]
        if isinstance(second, dict) and isinstance(first, dict):
            pairs = {k: self._agreed(first.get(k), second.get(k), f"{where} {k}", row) for k in {*first, *second}}
            values = {k: v for k, (v, _) in pairs.items() if v is not None}
            changed = any(values.get(k) is not second.get(k) for k in pairs)
            return (values if changed else second), [d for _, wrong in pairs.values() for d in wrong]
        return second, ([] if first == second else [f"{where}: {first!r} / {second!r}"])

    def _text(self, first: str | None, second: str, row: Any) -> str | None:
        """The text published for a cell the second recogniser read `second`, or None: where the
        first's reading does not agree (`agreed_text`), its finer reading of the second's word."""
        if (text := agreed_text(first or "", second)) is not None:
            return text
        if row is None:
            return None
        if (text := self._equals_settled(first or "", second, row)) is not None:
            return text
        # (a text of several words is not told; one printed twice in the row, a target its
        # actual repeats, is read again in each place: which is the field's is not known here)
        if second.endswith(_FULL_STOP) and (unstopped := agreed_text(first or "", second[:-1])) is not None:
            # (the `。` in the text's last word: a text wrapped in its cell is read in several)
            ends = self._places(row, lambda text: text.endswith(_FULL_STOP) and second.endswith(text))
            printed = {self._full_stop_printed(n, box) for n, box in ends}
            return None if len(printed) != 1 else {True: second, False: unstopped, None: None}[printed.pop()]
        places = self._places(row, lambda text: text == second)
        if not places:
            return None
        # (a point the first's page reading has not: a speck both may read as one from a finer
        # image, `1.5` of 15; it stands only where the ink shows room for it, as for amounts)
        looks = [(self.pdf.pages[n - 1], self.recognised.pages[n].skew, box) for n, box in places]
        # (a point only the second reads where the ink shows no room for one in any place: a
        # speck, the first's reading stands; `9.8.84` of 98.84, 自评表 seed 86. Room, or not told:
        # not settled so)
        at = _point_inserted(first or "", second)
        if at is not None and all(mark_has_room(box_image(*look), second, at) is False for look in looks):
            return first
        room = (point_has_room(box_image(*look), second) is True for look in looks)
        if second.count(".") > (first or "").count(".") and not all(room):
            return None
        # (nothing from a crop that tight, a short word's box, `>0` of 自评表 seed 73, which the
        # first's page reading lost: read with a character's height of room either side)
        again = [reread_box(pg, skew, box)[0] or reread_box(pg, skew, _roomy(box))[0] for pg, skew, box in looks]
        return second if all(agreed_text(text, second) is not None for text in again) else None

    def _equals_settled(self, first: str, second: str, row: Any) -> str | None:
        """Of two readings of a row's text alike but where one reads `=` and the other a look-alike
        of it (recognition.yaml `equals_misreads`: a `=` whose two bars it took for one), the one
        with the `=`, where the ink of every `=` its recogniser read in the row's band is two bars
        (`scan_marks.two_bars`); else None (one bar, or bars blurred into one: not told)."""
        rules = recognition().second_reads
        if len(first) != len(second) or first == second or not hasattr(row, "page"):
            return None
        # (a mark read in its two widths besides, or a look-alike pair, takes the side its pair
        # names: `x` / `×` in the same formula, 湖北 seed 65)
        sides = [mark_width_side(a, b) for a, b in zip(first, second, strict=True)]
        pairs = [(a, b) for a, b, side in zip(first, second, sides, strict=True) if a != b and side is None]
        if pairs and all(b == EQUALS and a in rules.equals_misreads for a, b in pairs):
            equals, chars = "second", self.chars.get(row.page, [])
        elif (
            pairs
            and all(a == EQUALS and b in rules.equals_misreads for a, b in pairs)
            and (page := self.recognised.pages.get(row.page))
        ):
            equals, chars = "first", page.chars
        else:
            return None
        text = "".join(a if (side or equals) == "first" else b for a, b, side in zip(first, second, sides, strict=True))
        boxes = [
            (c["x0"] - _MARK_MARGIN, c["top"], c["x1"] + _MARK_MARGIN, c["bottom"])
            for c in chars
            if c["text"] == EQUALS and _in_row(row, c["top"], c["bottom"])
        ]
        if len(boxes) < len(pairs) or row.page not in self.recognised.pages:
            return None
        bands = finer_bands(self.pdf.pages[row.page - 1], boxes, self.recognised.pages[row.page].skew)
        return text if all(two_bars(band) for band in bands) else None

    def _texts_settled(self, first: FundLine, second: FundLine) -> FundLine:
        """The first reading's money line with the printed texts of its cells (not published: the
        amounts are) as the second's where the two read one amount (`2178.58` / `2,178.58`, a
        comma lost), or a blank's dash otherwise (`一` / nothing, `二` / `--`: recognition.yaml
        `dash_readings`) and the cell's ink is flat strokes only."""
        dashes = recognition().second_reads.dash_readings | {""}
        texts = dict(first.texts)
        for field in {*first.texts, *second.texts}:
            a, b = first.texts.get(field) or "", second.texts.get(field) or ""
            if a == b:
                continue
            # (the dash's ink where a reading has a word: the first's, else the second's)
            if (number(a) is not None and number(a) == number(b)) or (
                {a, b} <= dashes and self._dashes_printed(first, a or b, by_first=bool(a))
            ):
                texts.pop(field, None)
                texts.update({field: b} if b else {})
        return first if texts == first.texts else dataclasses.replace(first, texts=texts)

    def _blanks_settled(self, table: PerformanceTable) -> PerformanceTable:
        """The second's reading of a table held back by the reader for a money cell's text alone
        (`reader.unsettled`: weight `二`, 自评表 seed 68) read again with each such text a dash
        reading (recognition.yaml `dash_readings`: no amount prints a Chinese numeral) as `--` where
        the cell's ink is flat strokes only, and read if nothing else then holds it back; else as it
        is. Not a published text (an execution rate's: which dash was printed is not told)."""
        if table.status == "read" or table.reason != unsettled(table):
            return table  # (read, or held back for what the reading found: a doubt, a merged cell)
        funds = [self._dash_blanks(line) for line in table.funds]
        settled = dataclasses.replace(table, funds=funds, status="read", reason=None)
        return settled if funds != table.funds and unsettled(settled) is None else table

    def _dash_blanks(self, line: FundLine) -> FundLine:
        """Money line `line` of the second's reading with each text of an unpublished cell that is
        a dash reading but no blank mark (`二`, `口`) as `--` where its ink is flat strokes only."""
        dashes, texts = recognition().second_reads.dash_readings, dict(line.texts)
        for field, text in line.texts.items():
            if text in dashes and not is_blank(text) and field not in PRINTED_MONEY_FIELDS:
                texts[field] = "--" if self._dashes_printed(line, text, by_first=False) else text
        return line if texts == line.texts else dataclasses.replace(line, texts=texts)

    def _dashes_printed(self, line: FundLine, read: str, by_first: bool) -> bool:
        """Whether each word read `read` in the band of money line `line` (by the first recogniser,
        or the second) is flat strokes only (`scan_marks.dashes_only`), and there is one."""
        if (page := self.recognised.pages.get(line.page)) is None:
            return False
        boxes = [
            (w.x0 - _MARK_MARGIN, w.top, w.x1 + _MARK_MARGIN, w.bottom)
            for row in (page.lines if by_first else self.lines.get(line.page, []))
            for w in row.words
            if w.text == read and _in_row(line, w.top, w.bottom)
        ]
        bands = finer_bands(self.pdf.pages[line.page - 1], boxes, page.skew) if boxes else []
        return bool(bands) and all(dashes_only(band) for band in bands)

    def _places(self, row: Any, match: Callable[[str], bool]) -> list[tuple[int, tuple[float, float, float, float]]]:
        """(page number, box) of each of the second's words in the band of `row` (`_bands`) whose
        text `match`es."""
        return [
            (n, (w.x0, w.top, w.x1, w.bottom))
            for n, band in _bands(row)
            if n in self.recognised.pages
            for line in self.lines.get(n, [])
            for w in line.words
            if match(w.text) and (band is None or _in_row(band, w.top, w.bottom))
        ]

    def _full_stop_printed(self, n: int, box: tuple[float, float, float, float]) -> bool | None:
        """Whether the `。` the second recogniser read last in the word of `box` on page `n` is
        printed: a ring (`scan_marks.ring_mark`: True), or a speck (`scan_marks.speck_mark`: False;
        the first loses a text's last `。`, the second reads a speck after `完成` as one); else None."""
        x0, top, x1, bottom = box
        stops = [
            c
            for c in self.chars.get(n, [])
            if c["text"] == _FULL_STOP
            and x0 <= (c["x0"] + c["x1"]) / 2 <= x1
            and top <= (c["top"] + c["bottom"]) / 2 <= bottom
        ]
        if not stops:
            return None
        stop = max(stops, key=lambda c: c["x1"])
        page = self.pdf.pages[n - 1]
        mark = (stop["x0"] - _MARK_MARGIN, stop["top"], stop["x1"] + _MARK_MARGIN, stop["bottom"])
        band = finer_bands(page, [mark], self.recognised.pages[n].skew)[0]
        return True if ring_mark(band) is True else False if speck_mark(band) else None


def _point_inserted(first: str, second: str) -> int | None:
    """The place in `second` of a point between two digits that `first` reads without, all else
    alike (`98.84` / `9.8.84`: 1), else None."""
    at = next((i for i, (a, b) in enumerate(zip(first, second, strict=False)) if a != b), len(first))
    if second[:at] + second[at + 1 :] != first or second[at : at + 1] != ".":
        return None
    return at if 0 < at < len(second) - 1 and second[at - 1].isdigit() and second[at + 1].isdigit() else None


def _roomy(box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box with a character's height (its own) of room either side."""
    x0, top, x1, bottom = box
    return x0 - (bottom - top), top, x1 + (bottom - top), bottom


_FULL_STOP = "。"
# Points either side of a small mark's box (a `。`, a blank's dash) looked at for its shape (the
# recognisers' boxes are their estimates; more would take in the next character's strokes).
_MARK_MARGIN = 0.5


def _bands(where: Any) -> list[tuple[int, Any]]:
    """The pages a field's text lies on, each with the row band it lies in (None: anywhere on the
    page): a row's band on its page, or a table's pages for a field of the table's own (its
    project, printed above its rows)."""
    if isinstance(where, PerformanceTable):
        return [(n, None) for n in range(where.first_page, where.last_page + 1)]
    return [(where.page, where)]


def _in_rows(lines: list[Line], rows: list[tuple[float, float]]) -> list[Line]:
    """The lines of `lines` that lie in one of the `rows` bands (top, bottom), as `_in_row`."""
    return [line for line in lines if any(_in_band(band, line.top, line.bottom) for band in rows)]


def _in_row(row: Any, top: float, bottom: float) -> bool:
    """Whether a box from `top` to `bottom` lies in the band of `row` (an indicator row or money
    line: its middle, a point loose)."""
    return _in_band((row.top, row.bottom), top, bottom)


def _in_band(band: tuple[float, float], top: float, bottom: float) -> bool:
    return band[0] - 1 <= (top + bottom) / 2 <= band[1] + 1


def _finer(page: pdfplumber.page.Page, skew: float, box: tuple[float, float, float, float]) -> Any:
    return finer_bands(page, [box], skew)[0]


def _row(value: Any, where: str) -> str:
    """Where a row of the table is, for a reason: `page 2 row 3 (培训人次)`, `page 1 其中：财政拨款`."""
    if (row := getattr(value, "row_no", None)) is not None:
        return f"page {value.page} row {row} ({getattr(value, 'level3', None) or getattr(value, 'label', '')})"
    if isinstance(label := getattr(value, "label", None), str):
        return f"page {value.page} {label}"
    return where
