"""Assembling a report: cover, 目录, 概况, the tables over as many pages as they need, narrative.

- Pages: 1 cover, 2 目录 (lists the nine titles with page numbers), 3 概况, 4 第二部分 divider,
  then the tables (each starts a page unless ``tables_sharing_a_page``), last the narrative
  (``<year> 年度收、支总计均为 <total> 万元。``, never with separators). Footers print the page
  number (``- n -`` unless the layout says otherwise).
- A table's first page: title ``<year> 年度<title>`` centred, ``公开NN表``, the unit line
  (``单位：<unit_name>``) and ``单位：万元`` where the layout puts them, then the ruled header, the
  rows, and the ``注：…`` lines (and ``empty_note``). Continuation pages carry no title, no 公开
  label and no 单位 line; the header only when ``repeat_header``.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from samples import budget
from samples.drawer import TableDrawer
from samples.grids import build_grid
from samples.model import NOTES, TITLES, SampleReport, TableCode, TruthAmount
from samples.pages import LANDSCAPE, MARGIN_BOTTOM, MARGIN_TOP, MARGIN_X, PORTRAIT, Page, Style, emit

TITLE_BLOCK_H = 58.0
NOTE_SIZE = 8.0
NOTE_LINE_H = 11.0


class DocumentBuilder:
    def __init__(self, report: SampleReport) -> None:
        self.report = report
        self.layout = report.layout
        self.style = Style.of(self.layout.font, self.layout.body_size)
        self.pages: list[Page] = []
        self.table_first_page: dict[TableCode, int] = {}
        self.family = report.family  # None for a 决算; a budget family (samples/budget.py)
        self.phase = "预算" if report.kind == "budget" else "决算"

    # -- pages ----------------------------------------------------------------------------
    def new_text_page(self) -> Page:
        page = Page(*PORTRAIT)
        self.pages.append(page)
        return page

    def new_table_page(self, code: TableCode) -> Page:
        if self.layout.orientation_of(code) == "portrait":
            page = Page(*PORTRAIT)
        else:
            page = Page(*LANDSCAPE, rotated=self.layout.rotate_table_pages)
        self.pages.append(page)
        return page

    @property
    def year(self) -> int:
        return self.report.report.fiscal_year

    # -- tables ---------------------------------------------------------------------------
    def notes_height(self, code: TableCode, width: float) -> float:
        lines = self._note_lines(code, width)
        return 6 + len(lines) * NOTE_LINE_H

    def _note_lines(self, code: TableCode, width: float) -> list[str]:
        texts = list(NOTES[code]) if self.family is None else []
        if note := self.report.tables[code].empty_note:
            texts.append(note)
        lines: list[str] = []
        for t in texts:
            lines += self.style.wrap(t, width, NOTE_SIZE)
        return lines

    def place_tables(self) -> None:
        shares_with_previous = {g[i] for g in self.layout.tables_sharing_a_page for i in range(1, len(g))}
        page: Page | None = None
        y = 0.0
        for code in self.report.table_codes:
            if code in self.layout.omit_tables:
                continue
            if code not in shares_with_previous:
                page = None
            page, y = self.place_table(code, page, y)

    def place_table(self, code: TableCode, page: Page | None, y: float) -> tuple[Page, float]:
        lay = self.layout
        table = self.report.tables[code]
        grid = build_grid(code, table, lay, self.style, self.family)
        landscape = lay.orientation_of(code) == "landscape"
        width = LANDSCAPE[0] if landscape else PORTRAIT[0]
        drawer = TableDrawer(grid, width, self.style, lay.tall_rows)
        usable_w = width - 2 * MARGIN_X
        first_row_h = drawer.row_height(grid.body[0]) if grid.body else 0.0
        if page is not None and page.width != width:
            page = None  # a table printed in the other orientation starts its own page
        if page is not None:
            y += 18  # gap below the previous table
            need = self._title_block_height() + drawer.header_height + first_row_h
            if y + need > page.height - MARGIN_BOTTOM:
                page = None
        if page is None:
            page = self.new_table_page(code)
            y = MARGIN_TOP
        self.table_first_page[code] = len(self.pages)
        y = self._title_block(page, code, y)
        y = drawer.draw_header(page, y)
        limit = lay.max_rows_per_page
        if lay.split_tables is not None and code not in lay.split_tables:
            limit = None
        orphans_from = len(grid.body) - lay.orphan_rows if code in lay.orphan_tables else None
        on_page = 0
        for i, cells in enumerate(grid.body):
            bottom = page.height - MARGIN_BOTTOM
            full = limit is not None and on_page >= limit
            orphan = i == orphans_from and on_page > 0  # the table's last rows alone on a page
            if full or orphan or y + drawer.row_height(cells) > bottom:
                # Continuation pages carry no title; the header only if the layout repeats it.
                page = self.new_table_page(code)
                page.shift_x = lay.continuation_shift
                y = MARGIN_TOP
                if lay.repeat_header:
                    y = drawer.draw_header(page, y)
                on_page = 0
            y = drawer.draw_row(page, cells, y)
            on_page += 1
        if y + self.notes_height(code, usable_w) > page.height - MARGIN_BOTTOM:
            page = self.new_table_page(code)
            y = MARGIN_TOP
        y += 6
        for line in self._note_lines(code, usable_w):
            y += NOTE_LINE_H
            page.text(MARGIN_X, y, line, NOTE_SIZE)
        return page, y

    def _title_block_height(self) -> float:
        lay = self.layout
        extra = 12.0 if lay.money_unit == "own_line" else 0.0
        return TITLE_BLOCK_H + extra + (14.0 if lay.table_label == "above_title" else 0.0)

    def _title_block(self, page: Page, code: TableCode, y: float) -> float:
        lay = self.layout
        bold = lay.title_strokes  # (the unit and money lines are never overprinted)
        right = page.width - MARGIN_X
        label = f"公开{code}表" if self.family is None else budget.label(code)
        if lay.table_label == "above_title":
            page.text(MARGIN_X, y + 12, label, 9, strokes=bold)  # on its own line above the title (江苏)
            y += 14
        page.text(page.width / 2, y + 16, self._title(code), 14, "center", strokes=bold)
        unit = f"{lay.unit_label}{self.report.report.unit_name}"
        # (a unit set to "" prints no money unit: the reliability tests' table that forgot it)
        money = f"单位：{self.report.tables[code].unit}" if self.report.tables[code].unit else ""
        if lay.money_unit == "label_line":
            # 单位：<name> and 公开NN表 on one line, 单位：万元 under 公开NN表 (洪山 08)
            page.text(MARGIN_X, y + 34, unit, 9)
            if lay.table_label == "above_right":
                page.text(right, y + 34, label, 9, "right", strokes=bold)
            page.text(right, y + 50, money, 9, "right")
            return y + TITLE_BLOCK_H
        if lay.table_label == "above_right":
            page.text(right, y + 34, label, 9, "right", strokes=bold)
        page.text(MARGIN_X, y + 50, unit, 9)
        if lay.money_unit == "own_line":
            page.text(right, y + 62, money, 9, "right")
            return y + TITLE_BLOCK_H + 12
        page.text(right, y + 50, money, 9, "right")
        return y + TITLE_BLOCK_H

    def _title(self, code: TableCode) -> str:
        if self.family is None:
            return f"{self.year} 年度{TITLES[code]}"
        return budget.title(self.family, code, self.year)

    # -- text pages -----------------------------------------------------------------------
    def paragraph(self, page: Page, y: float, text: str, size: float = 10.5, indent: bool = True) -> float:
        width = page.width - 2 * MARGIN_X
        lead = 2 * size if indent else 0.0
        wrap = self.style.wrap
        first = wrap(text, width - lead, size)[0] if text else ""
        lines = [first, *(wrap(text[len(first) :], width, size) if text[len(first) :] else [])]
        for i, line in enumerate(lines):
            y += size * 1.8
            page.text(MARGIN_X + (lead if i == 0 else 0), y, line, size)
        return y

    def cover(self, page: Page) -> None:
        info = self.report.report
        y = 260.0
        for line in self.style.wrap(f"{self.year} 年度{info.unit_name}", page.width - 2 * MARGIN_X, 22):
            page.text(page.width / 2, y, line, 22, "center")
            y += 34
        page.text(page.width / 2, y, f"部门{self.phase}公开", 22, "center")
        if info.publish_date:
            d = info.publish_date
            page.text(page.width / 2, 620, f"{d.year} 年 {d.month} 月 {d.day} 日", 14, "center")

    def toc(self, page: Page, narrative_page: int) -> None:
        unit = self.report.report.unit_name
        page.text(page.width / 2, MARGIN_TOP + 30, "目 录", 16, "center")
        entries: list[tuple[str, int | None, bool]] = [
            (f"第一部分 {unit}概况", 3, False),
            ("一、部门主要职责", None, True),
            ("二、机构设置情况", None, True),
            (f"第二部分 {unit} {self.year} 年度部门{self.phase}表", 4, False),
        ]
        numerals = "一二三四五六七八九"
        # An omitted table stays in the 目录 (without page): the report names what it lacks.
        codes = self.report.table_codes
        if self.layout.toc_style == "numbered":
            titles = []
            for c in codes:
                titles.append(self._toc_title(c))
                if self.family is not None and (extra := budget.EXTRA_TOC_TITLES[self.family].get(c)):
                    titles.append(extra)
            prefix = "" if self.family is None else budget.TOC_ENTRY_PREFIX[self.family]
            entries += [(f"{i + 1}. {self.year}年{prefix}{t}", None, True) for i, t in enumerate(titles)]
        else:
            entries += [
                (f"{numerals[i]}、{self._toc_title(c)}", self.table_first_page.get(c), True)
                for i, c in enumerate(codes)
            ]
        entries.append((f"第三部分 {unit} {self.year} 年度部门{self.phase}情况说明", narrative_page, False))
        entries.append((f"一、收入支出{self.phase}总体情况说明", narrative_page, True))
        y = MARGIN_TOP + 60
        width = self.style.width
        for text, number, sub in entries:
            x = MARGIN_X + (21 if sub else 0)
            page.text(x, y, text, 10.5)
            if number is not None:
                page.text(page.width - MARGIN_X, y, str(number), 10.5, "right")
                dots_x0 = x + width(text, 10.5) + 4
                dots_x1 = page.width - MARGIN_X - 14
                n_dots = max(0, int((dots_x1 - dots_x0) / width(".", 10.5)))
                page.text(dots_x0, y, "." * n_dots, 10.5)
            y += 20

    def _toc_title(self, code: TableCode) -> str:
        return TITLES[code] if self.family is None else budget.toc_title(self.family, code)

    def overview(self, page: Page) -> None:
        info = self.report.report
        page.text(page.width / 2, MARGIN_TOP + 30, f"第一部分 {info.unit_name}概况", 16, "center")
        y = self.paragraph(page, MARGIN_TOP + 50, "一、部门主要职责", 12, indent=False)
        y = self.paragraph(page, y, info.duties)
        y = self.paragraph(page, y + 6, "二、机构设置情况", 12, indent=False)
        self.paragraph(page, y, info.organization or f"部门{self.phase}单位为{info.unit_name}。")

    def part_two(self, page: Page) -> None:
        unit = self.report.report.unit_name
        page.text(page.width / 2, 300, f"第二部分 {unit}", 18, "center")
        page.text(page.width / 2, 340, f"{self.year} 年度部门{self.phase}表", 18, "center")

    def narrative(self, page: Page) -> None:
        info = self.report.report
        page.text(page.width / 2, MARGIN_TOP + 30, f"第三部分 {info.unit_name}", 16, "center")
        page.text(page.width / 2, MARGIN_TOP + 54, f"{self.year} 年度部门{self.phase}情况说明", 16, "center")
        y = self.paragraph(page, MARGIN_TOP + 70, f"一、收入支出{self.phase}总体情况说明", 12, indent=False)
        # The narrative prints the total without thousands separators, whatever the tables do.
        if self.family is None:
            y = self.paragraph(page, y, f"{self.year} 年度收、支总计均为 {info.narrative_total:.2f} 万元。")
        else:
            total = f"{info.narrative_total:.2f}"
            y = self.paragraph(page, y, f"{self.year} 年度收入预算总计 {total} 万元，支出预算总计相同。")
        for text in info.narrative:
            y = self.paragraph(page, y, text)

    def _page_number(self, page: Page, number: int, count: int) -> None:
        style = self.layout.page_numbers
        if style == "none":
            return
        text = {"dash": f"- {number} -", "plain": str(number), "page_of": f"第 {number} 页 共 {count} 页"}[style]
        page.text(page.width / 2, page.height - 24, text, 9, "center")

    def build(self) -> list[Page]:
        cover, toc, overview, part_two = (self.new_text_page() for _ in range(4))
        self.place_tables()
        narrative = self.new_text_page()
        self.cover(cover)
        self.toc(toc, len(self.pages))
        self.overview(overview)
        self.part_two(part_two)
        self.narrative(narrative)
        for number, page in enumerate(self.pages, start=1):
            if number > 1:  # page numbers, as printed in the reports' footers
                self._page_number(page, number, len(self.pages))
            shift = page.shift_x
            page.truths = [dataclasses.replace(t, page=number, x0=t.x0 + shift, x1=t.x1 + shift) for t in page.truths]
        return self.pages


def render_report(report: SampleReport, out_pdf: Path) -> list[TruthAmount]:
    """Write the report's PDF and return one TruthAmount per printed amount, in drawing order."""
    builder = DocumentBuilder(report)
    pages = builder.build()
    info = report.report
    emit(pages, Path(out_pdf), f"{info.fiscal_year} 年度{info.unit_name}部门{builder.phase}公开", builder.style.font)
    return [t for page in pages for t in page.truths]
