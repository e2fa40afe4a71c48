"""Read the 绩效 tables of a document, page by page.

A page whose title (one of its first lines) names a family starts a table, and so does a title
printed below the grid of the table before on the same page (the page read in parts, parts.py); a
page without a title continues the open table when its vertical rules carry on the indicator
columns of the page before (the header is not repeated). On each page: the head's key-value cells
(项目名称), the money block (a header row of money words, then one row per line label), the
indicator blocks (each under a header row with 三级指标, ingest/performance/header.py; one row per
cell of the 三级指标 column, the merged 一级/二级 cells covering it giving its labels), and the 总分 row."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import replace
from pathlib import Path

import pdfplumber

from ingest.layout import Line, Rule, VRule, without_overprint
from ingest.performance.base_data import BaseDataReader
from ingest.performance.families import TITLE_LINES, Family, families, header_field
from ingest.performance.grid import (
    Cell,
    char_lines,
    numbers_stacked,
    outside_words,
    page_cells,
    straddling,
    text_in_band,
)
from ingest.performance.header import ALIGN as _ALIGN
from ingest.performance.header import PRIOR, Columns, header_row, header_rows
from ingest.performance.inline import InlineColumns, continued_rows_apart, read_inline_continuation, read_inline_page
from ingest.performance.parts import GridPage, page_parts
from ingest.performance.project_list import ProjectListReader
from ingest.performance.records import FundLine, Indicator, PerformanceTable
from ingest.performance.values import clean, is_blank, money_unit, number, operator, percent, split_target


def _titles(lines: Sequence[Line]) -> list[tuple[Family, str]]:
    """The families whose title ends one of the page's first lines: the first line's first,
    each line's in the families' order (a page frame may rule the title in: the words of the
    line, in a cell or not)."""
    out: list[tuple[Family, str]] = []
    for n, line in enumerate(lines):
        for family in families():
            anywhere = n < TITLE_LINES or family.title_anywhere
            if anywhere and family.titles(line.norm) and all(family is not f for f, _ in out):
                out.append((family, line.norm))
    return out


# A table's title: the line ends with 表, or 表 and a bracket (（一级项目）, （2024年度）).
_TABLE_TITLE = re.compile(r"表(?:[（(][^）)]*[)）])?$")


def _other_table(outside: Sequence[Line], cells: Sequence[Cell]) -> bool:
    """A page titled as a table no family reads (a title line above its grid): it does not
    continue the table of the page before, whatever its columns."""
    top = min((c.top for c in cells), default=float("inf"))
    return any(_TABLE_TITLE.search(line.norm) for line in outside if line.bottom <= top + 1)


def _field_values(cells: Sequence[Cell], family: Family) -> dict[str, str]:
    """Key-value cells of the head: the value is the nearest cell right of the label."""
    out: dict[str, str] = {}
    for c in cells:
        field = header_field(c.text, family.fields)
        if field is None or field in out:
            continue
        right = [d for d in cells if d.x0 >= c.x1 - 1 and d.covers_y(c.yc) and d is not c]
        if right and (value := clean(min(right, key=lambda d: d.x0).text)):
            out[field] = value
    return out


def _read_money(
    cells: Sequence[Cell], family: Family, page: int, below: float, title: str
) -> tuple[list[FundLine], list[str]]:
    """The money block's lines, and the texts that may name its money unit."""
    if family.money is None:
        return [], []
    words, anchors = family.money_words(title)
    found = header_row(cells, words, anchors) if anchors else None
    if found is None or found[1].top >= below:
        return [], []
    columns, head = found
    first_x = min(x0 for x0, _ in columns.spans.values())
    # the label column: cells ending at the first money column's left border, below the header
    labels = [c for c in cells if abs(c.x1 - first_x) <= _ALIGN and c.top >= head.bottom - 1 and c.bottom <= below + 1]
    if family.money.section:  # (收入构成 | 支出构成: the lines beside the section named)
        sections = [c for c in cells if c.x1 <= first_x + 1 and header_field(c.text, {"s": family.money.section})]
        labels = [c for c in labels if any(s.top - 1 <= c.yc <= s.bottom + 1 and s.x1 <= c.x0 + 1 for s in sections)]
    # the block ends at the first row whose cell runs across two money columns (预期目标 …)
    spans = sorted(columns.spans.values())
    ends = [
        c.top
        for c in cells
        if c.top >= head.bottom - 1 and len(spans) > 1 and c.x0 < spans[0][1] - _ALIGN and c.x1 >= spans[1][1] - 1
    ]
    end = min([*ends, below])
    unit_texts = [
        c.text
        for c in cells
        if (c.top < head.bottom and c.bottom > head.top - 1)
        or c in labels
        or (c.x1 <= first_x + 1 and c.covers_y(head.bottom + 2))
    ]
    out: list[FundLine] = []
    for label in sorted(labels, key=lambda c: c.top):
        if label.top >= end - 1:
            break
        kind = header_field(label.text, family.money.lines)
        if kind is None:
            continue
        texts = {
            f: t
            for f, span in columns.spans.items()
            if f != "other_year" and (t := text_in_band(cells, span, label.top, label.bottom)) is not None
        }
        out.append(
            FundLine(
                line=kind,  # type: ignore[arg-type]
                label=label.text,
                page=page,
                budget_initial=number(texts.get("budget_initial")),
                budget_full_year=number(texts.get("budget_full_year")),
                executed=number(texts.get("executed")),
                execution_rate_text=texts.get("execution_rate"),
                execution_rate=percent(texts.get("execution_rate")),
                weight=number(texts.get("weight")),
                score=number(texts.get("score")),
                texts=texts,
                top=label.top,
                bottom=label.bottom,
                spans={f: span for f, span in columns.spans.items() if f != "other_year"},
            )
        )
    return out, unit_texts


def _unreadable_money(line: FundLine) -> str | None:
    """A printed amount that is neither a number nor a blank mark: the line is not read right."""
    for field, text in line.texts.items():
        if field == "execution_rate":
            if not is_blank(text) and line.execution_rate is None:
                return f"execution rate {text!r}"
        elif not is_blank(text) and number(text) is None:
            return f"{field} {text!r}"
    return None


class _TableReader:
    """Reads the pages of one table, keeping what a continuation page needs (columns, labels)."""

    def __init__(self, table: PerformanceTable, family: Family) -> None:
        self.table, self.family = table, family
        self.columns: Columns | None = None
        self.level1: str | None = None
        self.level2: str | None = None
        self.closed = False  # the 总分 row was read: nothing after it is an indicator
        grid = family.project_grid
        self.header_words = {**family.indicators, **(grid.words() if grid else {})}
        # a project grid's rows, beside table.indicators: (项目名称, money cell texts by field)
        self.grid_rows: list[tuple[str | None, dict[str, str | None]]] | None = [] if grid else None
        self.project: str | None = None
        self.period = False  # the block read holds long-term targets (family.block_labels)

    def read_page(
        self,
        page: int,
        cells: Sequence[Cell],
        borders: Sequence[float],
        outside: Sequence[Line],
        continuation: bool,
    ) -> bool:
        """Read one page into the table; False when the page holds nothing of it."""
        table, family = self.table, self.family
        heads = header_rows(cells, self.header_words, ("level3",), family.prior_values)
        header_top = heads[0][1].top if heads else float("inf")
        for field, value in _field_values([c for c in cells if c.top < header_top], family).items():
            if field == "project" and table.project is None and family.scope == "项目":
                table.project = value
            elif field == "unit" and table.unit_name is None:
                table.unit_name = value
        funds, unit_texts = _read_money(cells, family, page, header_top, table.title)
        table.funds.extend(funds)
        if funds and table.printed_unit is None:
            table.printed_unit = money_unit([*unit_texts, *(line.norm for line in outside)])
        # (columns, rows from, rows to, the levels carried from the page before), top to bottom
        blocks: list[tuple[Columns, float, float, set[str]]] = []
        carried = self.columns is not None and (self._columns_carry_on(borders) or self._total_follows(cells, borders))
        if continuation and carried:
            # the merged 一级/二级 (项目) cells cut by the page break print their label on the page before
            blocks.append((self.columns, -1.0, header_top, {"level1", "level2", "project"}))
        for n, (columns, head) in enumerate(heads):
            end = heads[n + 1][1].top if n + 1 < len(heads) else float("inf")
            blocks.append((columns, head.bottom, end, set()))
            if self.grid_rows is not None and table.printed_unit is None:  # (年度资金总额(万元), 单位：万元)
                texts = [c.text for c in cells if c.top < head.bottom - 1 and c.bottom > head.top + 1]
                table.printed_unit = money_unit([*texts, *(line.norm for line in outside)])
        if not blocks:
            return bool(funds)
        read = False
        since = -1.0  # (a block's label lies below the header of the block before)
        for columns, start, end, carry in blocks:
            if not carry and self.family.block_labels:
                self.period = self._period_block(cells, since, start)
            since, self.columns = start, columns
            if "level3" in columns.spans:
                read = True
                for driver in self._rows(cells, start, end):
                    if self._total_row(page, cells, driver):
                        break
                    self._indicator(page, cells, driver, carry)
        return read or bool(funds)

    def _period_block(self, cells: Sequence[Cell], since: float, head_bottom: float) -> bool:
        """Whether the block whose header ends at `head_bottom` holds long-term targets: the
        lowest label above it (a row `长期目标1：…`, or the cell merged down the block's left,
        `长期绩效目标`) names the long term. A block without a label quarantines the table (which
        of the two its targets are, the table does not say)."""
        words: dict[str, list[str]] = dict(self.family.block_labels)
        labels = [
            (c, kind)
            for c in cells
            if since - 1 <= c.top < head_bottom - 1 and (kind := header_field(c.text, words)) is not None
        ]
        if not labels:
            self.table.status, self.table.reason = "quarantined", "an indicator block without a 长期/年度 label"
            return False
        return max(labels, key=lambda ck: ck[0].top)[1] == "period"

    def _columns_carry_on(self, xs: Sequence[float]) -> bool:
        """The page's vertical rules run at both borders of most indicator columns (a page
        holding only the 总分 row has no 三级 column, but its value columns)."""
        spans = self.columns.spans.values() if self.columns else []
        aligned = [all(any(abs(x - b) <= _ALIGN for x in xs) for b in span) for span in spans]
        return sum(aligned) >= min(3, len(aligned))

    def _total_follows(self, cells: Sequence[Cell], borders: Sequence[float]) -> bool:
        """The page's first row is the table's 总分 row, alone below the page break, its label
        merged across the indicator columns (宁德: `总分值、评价总分(S) | | 60.47`, a value column's
        border its only one inside the table, 自评表 seed 63): the table goes on to it."""
        assert self.columns is not None
        first = [c for c in cells if c.top <= min((c.top for c in cells), default=0.0) + _ALIGN]
        if not any(header_field(c.text, {"total": self.family.totals}) for c in first):
            return False
        starts = [span[0] for field, span in self.columns.spans.items() if field in ("weight", "score")]
        return any(abs(x - start) <= _ALIGN for x in borders for start in starts)

    def _rows(self, cells: Sequence[Cell], start: float, end: float) -> list[Cell]:
        """The ruled rows between `start` and `end` (the next block's header): a cell of the 三级指标
        column, or a wider cell starting at its left (the 总分 row's label)."""
        assert self.columns is not None
        x0, x1 = self.columns.spans["level3"]
        band = [c for c in cells if start - 1 <= c.top < end - 1]
        rows = [c for c in band if c.overlap_x(x0, x1) >= 0.6 and c.x0 >= x0 - _ALIGN and c.x1 <= x1 + _ALIGN]
        # (the 总分 label starts at or left of the 三级 column, it may span up to the value columns)
        totals = [c for c in band if header_field(c.text, {"total": self.family.totals}) and c.x0 <= x0 + _ALIGN]
        return sorted([*rows, *totals], key=lambda c: c.top)

    def _total_row(self, page: int, cells: Sequence[Cell], driver: Cell) -> bool:
        if self.closed:
            return True
        if not header_field(driver.text, {"total": self.family.totals}) or self.columns is None:
            return False
        spans = self.columns.spans
        weight = text_in_band(cells, spans["weight"], driver.top, driver.bottom) if "weight" in spans else None
        score = text_in_band(cells, spans["score"], driver.top, driver.bottom) if "score" in spans else None
        merged = [
            c
            for c in cells
            if c.covers_y(driver.yc) and all(c.overlap_x(*spans[f]) >= 0.6 for f in ("weight", "score") if f in spans)
        ]
        if len(spans.keys() & {"weight", "score"}) == 2 and any(c.words for c in merged):
            # one cell over both columns (宁德 `总分值、评价总分(S) | 92.33`): which of the two it is
            # the table does not say
            weight = score = None
        self.table.total_weight, self.table.total_score = number(weight), number(score)
        self.table.total_page, self.table.total_top, self.table.total_bottom = page, driver.top, driver.bottom
        self.table.total_texts = {k: v for k, v in (("weight", weight), ("score", score)) if v is not None}
        self.closed = True
        return True

    def _indicator(self, page: int, cells: Sequence[Cell], driver: Cell, carry: set[str]) -> None:
        """One indicator row. `carry`: the levels whose label is carried from the page before
        (until the page prints one: a new 一级 also ends the carried 二级); updated in place."""
        assert self.columns is not None
        spans = self.columns.spans

        def label(field: str, last: str | None) -> str | None:
            if field not in spans:
                return None
            cell = self.columns.cell_in(cells, field, driver.yc) if self.columns else None
            text = clean(cell.text) if cell else None
            if text is not None:
                carry.difference_update({field, "level2"} if field == "level1" else {field})
                return text
            return last if field in carry else None

        level1, level2 = label("level1", self.level1), label("level2", self.level2)
        self.level1, self.level2 = level1, level2
        if self.grid_rows is not None:
            # (a new 项目名称 cell starts a project: its money cells, merged like it, are its own)
            self.project = label("project", self.project)
            money = {f: clean(c.text) if (c := self.columns.cell_in(cells, f, driver.yc)) else None
                     for f in spans if f.startswith("money:")}
            self.grid_rows.append((self.project, money))
        texts = {
            f: clean(text_in_band(cells, spans[f], driver.top, driver.bottom))
            for f in spans
            if f not in ("level1", "level2", "level3", "project") and not f.startswith("money:")
        }
        if self.table.status == "read" and (doubt := _cells_in_doubt(cells, spans, texts, driver)) is not None:
            row = len(self.table.indicators) + 1
            self.table.status, self.table.reason = "quarantined", f"page {page}: row {row} {doubt}"
        target, period_target, target_year = texts.get("target"), texts.get("period_target"), None
        if self.period:  # (a 长期 block's 指标值 is the long-term target: no year's target printed)
            target, period_target = None, target
        elif target is not None:
            target_year = self.columns.years.get("target")
        op, value, unit = split_target(target)
        if "target_operator" in spans or "target_unit" in spans:
            # (重庆, 北京: the operator and the unit printed in columns of their own beside 指标值)
            op = operator(texts.get("target_operator")) or op
            unit = texts.get("target_unit") or unit
        self.table.indicators.append(
            Indicator(
                row_no=len(self.table.indicators) + 1,
                page=page,
                level1=level1,
                level2=level2,
                level3=clean(driver.text),
                target=target,
                target_operator=op,
                target_value=value,
                target_unit=unit,
                actual=texts.get("actual"),
                actual_value=split_target(texts.get("actual"))[1],
                weight_text=texts.get("weight"),
                weight=number(texts.get("weight")),
                score_text=texts.get("score"),
                score=number(texts.get("score")),
                deviation=texts.get("deviation"),
                top=driver.top,
                bottom=driver.bottom,
                period_target=period_target,
                target_year=target_year,
                prior=tuple((self.columns.years.get(f), texts.get(f)) for f in spans if f.startswith(PRIOR)),
                target_basis=texts.get("target_basis"),
                operator_text=texts.get("target_operator"),
                unit_text=texts.get("target_unit"),
                unread_spans=self.columns.unread,
            )
        )


def _cells_in_doubt(
    cells: Sequence[Cell], spans: dict[str, tuple[float, float]], texts: dict[str, str | None], driver: Cell
) -> str | None:
    """Why an indicator row's values are not told for certain, where its cells say so: a cell only
    partly under a value's column (its header cell over two columns, a rule lost in a scan's
    header) or two numbers one over the other under 分值/得分 (two rows in one, the rule between
    them lost: `10` over `20`)."""
    if f := next((f for f in texts if straddling(cells, spans[f], driver.top, driver.bottom)), None):
        return f"has a cell partly under the {f} column (its header cell spans more than one column)"
    numbers = [f for f in ("weight", "score") if f in spans]
    if f := next((f for f in numbers if numbers_stacked(cells, spans[f], driver.top, driver.bottom)), None):
        return f"holds two numbers under {f}, one over the other (two rows in one: the rule between them not found)"
    return None


def unsettled(table: PerformanceTable) -> str | None:
    """Why a table's numbers are not read right (a weight that is not a number, an amount that is
    text, a money line read twice), or None: never publish a misplaced number."""
    for ind in table.indicators:
        for name, text, value in (("weight", ind.weight_text, ind.weight), ("score", ind.score_text, ind.score)):
            if not is_blank(text) and value is None:
                return f"page {ind.page} row {ind.row_no}: {name} {text!r} is not a number"
        if len(ind.prior) > 2:  # (the contract holds 近两年: two earlier years)
            return f"page {ind.page}: {len(ind.prior)} earlier years' columns"
    kinds = [line.line for line in table.funds]
    if len(set(kinds)) < len(kinds):
        # (two blocks, or two labels of one line: which is the table's is not ours to choose)
        twice = next(k for k in kinds if kinds.count(k) > 1)
        return f"money line {twice} read twice in one table"
    for line in table.funds:
        if (bad := _unreadable_money(line)) is not None:
            return f"page {line.page} money line {line.label}: {bad} is not a number"
    base = table.base
    if not table.indicators and not table.funds and not (base and (base.lines or base.staffing)):
        return "titled 绩效 table with neither indicator rows nor a money block read"
    return None


def read_performance(
    pages: Sequence[Sequence[Line]],
    rules: dict[int, list[Rule | VRule]],
    path: Path | None = None,
    unclaimed: list[int] | None = None,
) -> list[PerformanceTable]:
    """The 绩效 tables of a document (`pages[i]` are the lines of page i + 1). With `path` (the
    PDF), the words of the 绩效 pages are read again with their characters, cut at cell borders
    (grid.char_lines); without it, the lines' words are taken as they are. `unclaimed`: the
    pages of a ruled table no table read claims are added to it (`read_grid_pages`)."""
    with ExitStack() as stack:
        pdf: list[pdfplumber.PDF] = []

        def cell_lines(page: int, lines: Sequence[Line]) -> Sequence[Line]:
            if path is None:
                return lines
            if not pdf:
                pdf.append(stack.enter_context(pdfplumber.open(path)))
            text_page = without_overprint(pdf[0].pages[page - 1])
            words = text_page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True)
            return char_lines(page, [w for w in words if w.get("upright", True)], rules.get(page) or [])

        def grid_page(page: int, lines: Sequence[Line]) -> GridPage:
            page_rules = rules.get(page) or []
            borders = [r.x for r in page_rules if isinstance(r, VRule)] if lines else []
            return GridPage(
                page,
                lines,
                borders,
                lambda: page_cells(cell_lines(page, lines), page_rules),
                lambda: outside_words(lines, page_rules),
                page_rules,
            )

        return read_grid_pages((grid_page(n, lines) for n, lines in enumerate(pages, start=1)), unclaimed)


def _is_title(text: str) -> bool:
    """A line that titles a table (a family's or another's): where a page's tables part."""
    return _TABLE_TITLE.search(text) is not None or any(family.titles(text) for family in families())


def read_grid_pages(pages: Iterable[GridPage], unclaimed: list[int] | None = None) -> list[PerformanceTable]:
    """The 绩效 tables of a document's pages, in order: a titled page (or part of a page, below a
    title printed under the table before: parts.py) starts a table, an untitled one may continue
    the open table (its borders carry on the indicator columns). `unclaimed`: where given, the
    number of each page holding a ruled table (`_unclaimed`) that is titled as no table and that no
    table read goes on to is added to it: its rows are no table's (in a 绩效 file, lost unless
    told: parser)."""
    tables: list[PerformanceTable] = []
    doubts: dict[int, str] = {}  # id(table) → why its rows cannot be told from a grid beside them
    grids: dict[int, _TableReader] = {}  # id(table) → the reader of a project grid
    lists: dict[int, ProjectListReader | BaseDataReader] = {}  # id(table) → a list's or a 基础数据表's reader
    reader: _TableReader | ProjectListReader | BaseDataReader | None = None
    # the inline table the page before read (its family, title, columns and tables): an untitled
    # page whose rules carry on its columns continues it
    inline_open: tuple[Family, str, InlineColumns, list[PerformanceTable]] | None = None
    for page in (part for whole in pages for part in (page_parts(whole, _is_title) if whole.borders else [whole])):
        if page.doubt is not None and reader is not None:
            doubts[id(reader.table)] = page.doubt
        if not page.borders:
            reader = inline_open = None
            continue
        titles = _titles(page.lines)
        if not titles and reader is None and inline_open is None:
            _unclaimed(page, unclaimed)
            continue
        cells = page.cells()
        # An inline family takes a page whose header row it finds (one table per row); a page it
        # does not take goes to the next family its title names. An untitled page may go on with
        # the inline table of the page before, under its columns.
        inline = [(f, t) for f, t in titles if f.inline is not None]
        read = next(
            ((f, t, r) for f, t in inline if (r := read_inline_page(f, t, page.number, cells, page.outside()))), None
        )
        if read is not None:
            family, title, found = read
            tables.extend(found.tables)
            reader, inline_open = None, (family, title, found.columns, found.tables)
            continue
        if not titles and inline_open is not None:
            family, title, columns, before = inline_open
            more = read_inline_continuation(family, title, page.number, cells, page.borders, columns)
            inline_open = None if more is None else (family, title, columns, more)
            if more is not None:
                continued_rows_apart(before, more)
                tables.extend(more)
                continue
            if reader is None:
                _unclaimed(page, unclaimed)
                continue
        inline_open = None
        titled = next(((f, t) for f, t in titles if f.inline is None), None)
        if titled is None and _other_table(page.outside(), cells):
            reader = None  # (重庆 表十二 after 表十一: same columns, another table)
            continue
        if titled is None and titles:
            reader = None  # (titled as an inline family's table it is not: nothing read)
            continue
        if titled is not None:
            family, title = titled
            table = PerformanceTable(family.name, family.doc_kind, family.scope, title, page.number, page.number)
            tables.append(table)
            if family.project_list is not None:
                reader = lists[id(table)] = ProjectListReader(family, title, table)
            elif family.base_data is not None:
                reader = lists[id(table)] = BaseDataReader(family, title, table)
            else:
                reader = _TableReader(table, family)
                if reader.grid_rows is not None:
                    grids[id(table)] = reader
        assert reader is not None
        if page.doubt is not None:
            doubts[id(reader.table)] = page.doubt
        if reader.read_page(page.number, cells, page.borders, page.outside(), continuation=titled is None):
            reader.table.last_page = page.number
        elif titled is None:
            reader = None  # (a titled page holding only the table's head: its indicators may follow)
            _unclaimed(page, unclaimed)
    parted = [(t, doubts.get(id(table))) for table in tables for t in _split(table, grids, lists)]
    for table, doubt in parted:
        if table.status == "read" and (why := unsettled(table)) is not None:
            table.status, table.reason = "quarantined", why  # (a reason the reading gave stands)
        if doubt is not None:
            table.status, table.reason = "quarantined", f"page {table.first_page}: {doubt}"
    return [table for table, _ in parted]


def _unclaimed(page: GridPage, unclaimed: list[int] | None) -> None:
    """`page` added to `unclaimed` where it holds a table (`_A_TABLE` cells at least: not a frame
    ruled round a cover's text) titled as no table (`_other_table`: a table no family reads)."""
    if unclaimed is None or len(cells := page.cells()) < _A_TABLE or _other_table(page.outside(), cells):
        return
    if page.number not in unclaimed:
        unclaimed.append(page.number)


# The fewest non-empty cells a ruled table has (two rows of two): fewer are a frame or a box of text.
_A_TABLE = 4


def _split(
    table: PerformanceTable, grids: dict[int, _TableReader], lists: dict[int, ProjectListReader | BaseDataReader]
) -> list[PerformanceTable]:
    """The tables one table read stands for: a project grid's one per project, a list's one per
    row (none where no row was read), a 基础数据表 itself (quarantined where a line is not read
    right), any other itself."""
    if id(table) in grids:
        return _by_project(grids[id(table)])
    if id(table) in lists:
        return lists[id(table)].tables()
    return [table]


def _by_project(reader: _TableReader) -> list[PerformanceTable]:
    """A project grid's table, one per project (in the order printed): its indicator rows,
    renumbered, and its money cells as the lines of its money block. Rows without a 项目名称 (none
    printed above them) stay in a table of their own, quarantined."""
    grid, whole = reader.family.project_grid, reader.table
    assert grid is not None and reader.grid_rows is not None
    rows: dict[str | None, list[tuple[Indicator, dict[str, str | None]]]] = {}
    for indicator, (project, money) in zip(whole.indicators, reader.grid_rows, strict=True):
        rows.setdefault(project, []).append((indicator, money))
    spans = reader.columns.spans if reader.columns else {}
    out = []
    for project, items in rows.items():
        pages = [ind.page for ind, _ in items]
        table = PerformanceTable(
            whole.family, whole.doc_kind, whole.scope, whole.title, min(pages), max(pages),
            project=project, unit_name=whole.unit_name, printed_unit=whole.printed_unit,
        )
        table.indicators = [replace(ind, row_no=n) for n, (ind, _) in enumerate(items, start=1)]
        first = items[0][0]
        for kind, words in grid.lines.items():
            if f"money:{kind}" not in spans:
                continue
            texts = {m[f"money:{kind}"] for _, m in items} - {None}
            if len(texts) > 1:
                table.status, table.reason = "quarantined", f"project {project}: {kind} printed as {sorted(texts)}"
            text = min(texts, default=None)
            values = dict.fromkeys(("budget_initial", "budget_full_year", "executed"))
            values[grid.money_column] = number(text)
            line = FundLine(kind, words[0], first.page, execution_rate_text=None, execution_rate=None, weight=None,
                            score=None, texts={grid.money_column: text} if text else {}, top=first.top,
                            bottom=first.bottom, **values)  # fmt: skip
            table.funds.append(line)
        if project is None:
            table.status, table.reason = "quarantined", f"page {first.page}: indicator rows without a 项目名称"
        if whole.status == "quarantined":  # (a row of the grid not told for certain: no project of it stands)
            table.status, table.reason = whole.status, whole.reason
        out.append(table)
    return out
