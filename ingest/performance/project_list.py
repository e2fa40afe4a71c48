"""Read a list of projects' money, one row per project (长沙 项目支出情况表, family
`project_execution_list`): 序号 | 项目名称 | 预算批复 | 预算到位 | 实际执行 | 执行率 | 指标结余 | 原因.

The rows are of three levels: the 合计 row, group rows (序号 一, 二 …) and item rows (1, 2 …) under
the group above them. A group prints the sum of its items, so the rows are never one money block:
each row becomes a table of its own (its project, its money the `total` line), with its level
(`row_kind`) and the table of the row it adds up into (`parent`: an item's group, a group's the
合计 row; an item of a list without groups, the 合计 row). The table may run over several pages,
its header repeated on each or not (a page without a title continues it when its rules carry on
the columns). A row whose 序号 is neither a group's nor an item's, or whose amounts are not
numbers, quarantines the whole list: which rows add up into which, it does not say."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.layout import Line
from ingest.performance.families import Family, ProjectList, header_field
from ingest.performance.grid import Cell, text_in_band
from ingest.performance.header import ALIGN, Columns, header_row
from ingest.performance.records import FundLine, ListRowKind, PerformanceTable
from ingest.performance.values import clean, is_blank, money_unit, number, percent

_AMOUNTS = ("budget_full_year", "budget_in_place", "executed", "unspent")


@dataclass(slots=True)
class ProjectListReader:
    """Reads the pages of one 项目支出情况表; `tables()` gives one table per row read."""

    family: Family
    title: str
    table: PerformanceTable  # the list as a whole: where it stands among the document's tables, its pages
    columns: Columns | None = None
    printed_unit: str | None = None
    rows: list[PerformanceTable] = field(default_factory=list)
    problem: str | None = None  # why the list is quarantined

    @property
    def spec(self) -> ProjectList:
        assert self.family.project_list is not None
        return self.family.project_list

    def read_page(
        self, page: int, cells: Sequence[Cell], borders: Sequence[float], outside: Sequence[Line], continuation: bool
    ) -> bool:
        """Read one page's rows; False when the page holds none of the list."""
        found = header_row(cells, self.spec.words(), ("project",))
        if found is not None and {"budget_full_year", "executed"} <= found[0].spans.keys():
            self.columns, start = found[0], found[1].bottom
            if self.printed_unit is None:
                head = [c.text for c in cells if c.top < found[1].bottom - 1]
                above = [line.norm for line in outside if line.bottom <= found[1].top + 1]
                self.printed_unit = money_unit([*head, *above])
        elif continuation and self.columns is not None and self._columns_carry_on(borders):
            start = -1.0
        else:
            return False
        read = False
        for driver in self._drivers(cells, start):
            self._row(page, cells, driver)
            read = True
        return read

    def _columns_carry_on(self, xs: Sequence[float]) -> bool:
        spans = self.columns.spans.values() if self.columns else []
        aligned = [all(any(abs(x - b) <= ALIGN for x in xs) for b in span) for span in spans]
        return bool(aligned) and sum(aligned) >= len(aligned) - 1

    def _drivers(self, cells: Sequence[Cell], start: float) -> list[Cell]:
        """The cells of the 项目名称 column below the header, or a wider cell over 序号 and
        项目名称 (a 合计 label merged across both)."""
        assert self.columns is not None
        x0, x1 = self.columns.spans["project"]
        left = self.columns.spans.get("number", (x0, x1))[0]
        return sorted(
            (c for c in cells
             if c.top >= start - 1 and c.overlap_x(x0, x1) >= 0.6 and c.x0 >= left - ALIGN and c.x1 <= x1 + ALIGN),
            key=lambda c: c.top,
        )  # fmt: skip

    def _row(self, page: int, cells: Sequence[Cell], driver: Cell) -> None:
        assert self.columns is not None
        spans = self.columns.spans
        name = clean(driver.text)
        band = (driver.top, driver.bottom)
        texts = {f: t for f, span in spans.items() if f != "project" and (t := clean(text_in_band(cells, span, *band)))}
        printed_no = texts.pop("number", None)
        if name is not None and printed_no is not None and name.startswith(printed_no):
            printed_no = None  # (one cell over 序号 and 项目名称: the name itself)
        kind = self._kind(name, printed_no)
        if kind is None:
            self.problem = self.problem or f"page {page}: a row numbered {printed_no!r} ({name}) of no level"
            return
        reason = texts.pop("unspent_reason", None)
        values = {f: number(texts.get(f)) for f in _AMOUNTS}
        for f in _AMOUNTS:
            if not is_blank(texts.get(f)) and values[f] is None:
                self.problem = self.problem or f"page {page} row {name}: {f} {texts[f]!r} is not a number"
        rate = percent(texts.get("execution_rate"))
        if not is_blank(texts.get("execution_rate")) and rate is None:
            self.problem = self.problem or f"page {page} row {name}: execution rate {texts['execution_rate']!r}"
        line = FundLine(
            "total", name or "", page, budget_initial=None, budget_full_year=values["budget_full_year"],
            executed=values["executed"], execution_rate_text=texts.get("execution_rate"), execution_rate=rate,
            weight=None, score=None, texts=texts, top=driver.top, bottom=driver.bottom,
            budget_in_place=values["budget_in_place"], unspent=values["unspent"], unspent_reason=reason,
        )  # fmt: skip
        table = PerformanceTable(
            self.family.name, self.family.doc_kind, self.family.scope, self.title, page, page,
            project=None if kind == "total" else name, printed_unit=self.printed_unit, row_kind=kind,
        )  # fmt: skip
        table.funds.append(line)
        self.rows.append(table)

    def _kind(self, name: str | None, printed_no: str | None) -> ListRowKind | None:
        if name is not None and printed_no is None and header_field(name, {"total": self.spec.totals}):
            return "total"
        if name is None or printed_no is None:
            return None
        if re.fullmatch(self.spec.group_number, printed_no):
            return "group"
        if re.fullmatch(self.spec.item_number, printed_no):
            return "item"
        return None

    def tables(self) -> list[PerformanceTable]:
        """One table per row, each linked to the row it adds up into; all quarantined when one row
        is not read right."""
        total = next((t for t in self.rows if t.row_kind == "total"), None)
        group: PerformanceTable | None = None
        for table in self.rows:
            if table.row_kind == "group":
                group, table.parent = table, total
            elif table.row_kind == "item":
                table.parent = group or total
        if sum(t.row_kind == "total" for t in self.rows) > 1:
            self.problem = self.problem or "two 合计 rows in one list"
        if self.problem is not None:
            if not self.rows:
                self.rows.append(PerformanceTable(self.family.name, self.family.doc_kind, self.family.scope,
                                                  self.title, self.table.first_page, self.table.last_page))
            for table in self.rows:
                table.status, table.reason = "quarantined", self.problem
        return self.rows
