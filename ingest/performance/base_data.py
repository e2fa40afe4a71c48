"""Read a 绩效评价基础数据表 (family `base_data`, 湖南 岳阳楼区 seed 003 附件1): the unit, 财政供养人员
情况 (编制数 | 实际在职人数 | 控制率 over a row of values), 经费控制情况 (a header row of year columns,
`2022年决算数 | 2023年预算数 | 2023年决算数`, over one row per 经费 line), 楼堂馆所控制情况 (six
columns over rows of values) and 厉行节约保障措施 (text), from the cells of its grid (a PDF page or
a Word table / Excel sheet: ingest/performance/office.py).

A 经费 line is the line of the template its label names (`base_data.lines` of families.yaml, after
its number `1、` and `其中：`), under the line the template puts it (its `parent`, where that line is
printed in the table); below a group listing its 专项 one per line (`items`), every label that is
neither numbered nor a top-level line is one 专项 of the group. Each amount keeps its text; a blank
cell is no amount (None, never zero). A column's role comes from its header: the measure (决算数,
预算数) and the year against the table's (its title's): 2022年决算数 of a 2023 table is
`prior_final`. A label of no line, an amount that is no number, an amount printed beside no label,
two columns of one role: the table is quarantined (never a misplaced number)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ingest.layout import Line
from ingest.performance.families import BaseDataSpec, Family, header_field
from ingest.performance.grid import Cell, text_in_band
from ingest.performance.header import ALIGN
from ingest.performance.records import (
    BaseAmount,
    BaseColumn,
    BaseData,
    BaseLine,
    BuildingRow,
    PerformanceTable,
    Staffing,
)
from ingest.performance.values import clean, is_blank, money_unit, number, percent, year_in

# A header's year before its words: 2022年决算数, 2022年度预算数, 上年决算数, 本年预算数
_YEAR_HEAD = re.compile(r"^(?:(?P<year>(?:19|20)\d{2})年度?|(?P<rel>上年度?|本年度?|当年度?))")
_NUMBERED = re.compile(r"^\d+[、.．]")


def _without_year(text: str) -> tuple[str, int | None, int | None]:
    """(the header's words, the year it names, the year offset 上年 -1 / 本年 0 it names)."""
    t = re.sub(r"\s+", "", text)
    m = _YEAR_HEAD.match(t)
    if m is None:
        return t, None, None
    if m.group("year"):
        return t[m.end() :], int(m.group("year")), None
    return t[m.end() :], None, -1 if m.group("rel").startswith("上") else 0


@dataclass(frozen=True, slots=True)
class _Column:
    role: BaseColumn
    header: str
    year: int | None
    span: tuple[float, float]


def _right_of(cells: Sequence[Cell], label: Cell) -> str | None:
    """The text of the nearest cell right of `label` on its row (a key-value cell)."""
    right = [d for d in cells if d.x0 >= label.x1 - 1 and d.covers_y(label.yc) and d is not label]
    return clean(min(right, key=lambda d: d.x0).text) if right else None


@dataclass(slots=True)
class BaseDataReader:
    """Reads the pages of one 基础数据表 into `table.base`; `tables()` gives the table."""

    family: Family
    title: str
    table: PerformanceTable
    columns: list[_Column] | None = None
    problem: str | None = None
    group: BaseLine | None = None  # the group whose 专项 follow one per line
    last: dict[str, BaseLine] = field(default_factory=dict)  # line key → the latest line printed of it

    def __post_init__(self) -> None:
        self.table.base = BaseData()

    @property
    def spec(self) -> BaseDataSpec:
        assert self.family.base_data is not None
        return self.family.base_data

    @property
    def base(self) -> BaseData:
        assert self.table.base is not None
        return self.table.base

    def _quarantine(self, why: str) -> None:
        self.problem = self.problem or why

    def read_page(
        self, page: int, cells: Sequence[Cell], borders: Sequence[float], outside: Sequence[Line], continuation: bool
    ) -> bool:
        """Read one page of the table; False when the page holds none of it."""
        for c in cells:
            if self.table.unit_name is None and header_field(c.text, self.family.fields):
                self.table.unit_name = _right_of(cells, c)
        head = self._money_header(page, cells, outside)
        if head is None and not (continuation and self.columns is not None and self._carries_on(borders)):
            read = self._staffing(page, cells, float("inf"))
            return self._tail(page, cells, -1.0) or read
        start = head if head is not None else -1.0
        read = head is not None and self._staffing(page, cells, head)
        tail, lines = self._lines(page, cells, start)
        return self._tail(page, cells, tail) or read or lines

    def _carries_on(self, xs: Sequence[float]) -> bool:
        spans = [c.span for c in self.columns or []]
        return bool(spans) and all(any(abs(x - b) <= ALIGN for x in xs) for span in spans for b in span)

    def _money_header(self, page: int, cells: Sequence[Cell], outside: Sequence[Line]) -> float | None:
        """The 经费 header row (two or more cells naming a measure, the topmost such row): its
        columns are set; returns its bottom."""
        named = []
        for c in cells:
            words, year, offset = _without_year(c.text)
            if (measure := header_field(words, dict(self.spec.measures))) is not None:
                named.append((c, measure, year, offset))
        # (the topmost row of two or more: a lone cell starting with a measure word is no header)
        rows = [sorted((n for n in named if n[0].top < c.bottom - 1 and n[0].bottom > c.top + 1), key=lambda n: n[0].x0)
                for c, *_ in sorted(named, key=lambda n: n[0].top)]  # fmt: skip
        row = next((r for r in rows if len(r) >= 2), None)
        if row is None:
            return None
        first = row[0][0]
        table_year = year_in(self.title) or max((y for _, _, y, _ in row if y is not None), default=None)
        columns: list[_Column] = []
        for c, measure, year, offset in row:
            if year is None and table_year is not None:
                year = table_year + (offset or 0)
            prior = year is not None and table_year is not None and year < table_year
            role: BaseColumn = f"prior_{measure}" if prior else measure  # type: ignore[assignment]
            if any(col.role == role for col in columns):
                self._quarantine(f"page {page}: two 经费 columns of one year and measure ({c.text})")
            columns.append(_Column(role, re.sub(r"\s+", "", c.text), year, (c.x0, c.x1)))
        self.columns = columns
        if self.table.printed_unit is None:  # (经费控制情况(万元) beside the header, or a 单位 line)
            texts = [c.text for c in cells if c.covers_y(first.yc)]
            self.table.printed_unit = money_unit([*texts, *(line.norm for line in outside)])
        return max(c.bottom for c, *_ in row)

    def _staffing(self, page: int, cells: Sequence[Cell], below: float) -> bool:
        """财政供养人员情况: the header cells naming staffing fields, the values in the row under them."""
        named = [(c, f) for c in cells if c.bottom <= below + 1
                 and (f := header_field(_without_year(c.text)[0], dict(self.spec.staffing))) is not None]  # fmt: skip
        if len({f for _, f in named}) < 2 or self.base.staffing is not None:
            return False
        head_bottom = max(c.bottom for c, _ in named)
        spans = {f: (c.x0, c.x1) for c, f in named}
        values = [
            c for c in cells if abs(c.top - head_bottom) <= 1 and any(c.overlap_x(*s) >= 0.6 for s in spans.values())
        ]
        bottom = min((c.bottom for c in values), default=head_bottom)
        texts = {f: clean(text_in_band(cells, s, head_bottom, bottom)) if values else None for f, s in spans.items()}
        for f in ("authorized", "actual"):
            if not is_blank(texts.get(f)) and number(texts.get(f)) is None:
                self._quarantine(f"page {page}: staffing {f} {texts[f]!r} is not a number")
        rate = texts.get("control_rate")
        if not is_blank(rate) and percent(rate) is None:
            self._quarantine(f"page {page}: 控制率 {rate!r} is not a percent")
        actual_head = next((c.text for c, f in named if f == "actual"), None)
        self.base.staffing = Staffing(
            page, texts.get("authorized"), number(texts.get("authorized")), texts.get("actual"),
            number(texts.get("actual")), rate, percent(rate), actual_head, head_bottom, bottom,
        )  # fmt: skip
        return True

    def _end(self, cells: Sequence[Cell], start: float) -> float:
        """Where the 经费 lines end: the 楼堂馆所 or 厉行节约 row, or a cell across two columns."""
        assert self.columns is not None
        spans = sorted(c.span for c in self.columns)
        stops = {"stop": [*self.spec.buildings.title, *self.spec.savings_measures]}
        ends = [c.top for c in cells if c.top >= start - 1 and header_field(c.text, stops)]
        ends += [c.top for c in cells if c.top >= start - 1 and len(spans) > 1
                 and c.x0 < spans[0][1] - ALIGN and c.x1 > spans[1][0] + ALIGN]  # fmt: skip
        return min(ends, default=float("inf"))

    def _lines(self, page: int, cells: Sequence[Cell], start: float) -> tuple[float, bool]:
        """The 经费 lines between `start` (the header's bottom) and the block's end: where what
        follows them starts, and whether any line was read."""
        assert self.columns is not None
        end = self._end(cells, start)
        first_x = min(c.span[0] for c in self.columns)
        band = [c for c in cells if c.top >= start - 1 and c.top < end - 1]
        labels = sorted((c for c in band if abs(c.x1 - first_x) <= ALIGN), key=lambda c: c.top)
        for label in labels:
            self._line(page, cells, label)
        for c in band:  # (an amount beside no label would go missing in silence)
            if any(c.overlap_x(*col.span) >= 0.6 for col in self.columns) and not any(
                lb.top - 1 <= c.yc <= lb.bottom + 1 for lb in labels
            ):
                self._quarantine(f"page {page}: {c.text!r} printed beside no 经费 line")
        if end < float("inf"):
            return end, bool(labels)
        return (labels[-1].bottom if labels else start), bool(labels)

    def _line(self, page: int, cells: Sequence[Cell], label: Cell) -> None:
        assert self.columns is not None
        text = re.sub(r"\s+", "", label.text)
        body = text.removeprefix("其中：").removeprefix("其中:")
        numbered = _NUMBERED.match(body) is not None
        body = _NUMBERED.sub("", body).rstrip("：:")
        words = {k: line.words for k, line in self.spec.lines.items()}
        key = header_field(body, words)
        top_level = key is not None and self.spec.lines[key].parent is None
        amounts = []
        for col in self.columns:
            printed = clean(text_in_band(cells, col.span, label.top, label.bottom))
            value = number(printed)
            if not is_blank(printed) and value is None:
                self._quarantine(f"page {page} 经费 line {text}: {col.header} {printed!r} is not a number")
            amounts.append(BaseAmount(col.role, col.header, col.year, printed, value))
        line_no = len(self.base.lines) + 1
        if self.group is not None and not numbered and not top_level:
            parent: BaseLine | None = self.group
            key, level = None, self.group.level + 1
        elif key is None:
            self._quarantine(f"page {page}: 经费 line {text!r} is no line of the template")
            return
        else:
            spec = self.spec.lines[key]
            parent = self.last.get(spec.parent) if spec.parent else None
            level = parent.level + 1 if parent else self._depth(key)
        line = BaseLine(line_no, page, text, key, level, parent.line_no if parent else None, tuple(amounts),
                        label.top, label.bottom)  # fmt: skip
        self.base.lines.append(line)
        if key is not None:
            self.last[key] = line
            self.group = line if self.spec.lines[key].items else None

    def _depth(self, key: str) -> int:
        depth, parent = 1, self.spec.lines[key].parent
        while parent is not None:
            depth, parent = depth + 1, self.spec.lines[parent].parent
        return depth

    def _tail(self, page: int, cells: Sequence[Cell], start: float) -> bool:
        """楼堂馆所 rows and 厉行节约保障措施 below `start`; whether any was found."""
        found = False
        stop = float("inf")
        for c in cells:
            if c.top >= start - 1 and header_field(c.text, {"s": self.spec.savings_measures}):
                self.base.savings_measures, stop, found = _right_of(cells, c), c.top, True
        words = self.spec.buildings.columns
        named = [(c, f) for c in cells if start - 1 <= c.top < stop and (f := header_field(c.text, words))]
        if len(named) < 2:
            return found
        head_bottom = max(c.bottom for c, _ in named)
        spans = {f: (c.x0, c.x1) for c, f in named}
        rows = sorted(
            {
                (round(c.top, 1), round(c.bottom, 1))
                for c in cells
                if head_bottom - 1 <= c.top < stop - 1 and any(c.overlap_x(*s) >= 0.6 for s in spans.values())
            }
        )
        for top, bottom in rows:  # fmt: skip
            texts = {f: t for f, s in spans.items() if (t := clean(text_in_band(cells, s, top, bottom)))}
            if texts:
                self.base.buildings.append(BuildingRow(len(self.base.buildings) + 1, page, texts, top, bottom))
        return True

    def tables(self) -> list[PerformanceTable]:
        if self.problem is not None:
            self.table.status, self.table.reason = "quarantined", self.problem
        return [self.table]


def rescaled(base: BaseData, scale: float) -> BaseData:
    """The table's rows with `top` / `bottom` divided by `scale` (a Word table's row numbers)."""
    staffing = base.staffing
    if staffing is not None:
        staffing = replace(staffing, top=staffing.top / scale, bottom=staffing.bottom / scale)
    return BaseData(
        staffing,
        [replace(line, top=line.top / scale, bottom=line.bottom / scale) for line in base.lines],
        [replace(row, top=row.top / scale, bottom=row.bottom / scale) for row in base.buildings],
        base.savings_measures,
    )
