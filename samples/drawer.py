"""Drawing one table grid: column widths, header, rows, and the truth of every amount drawn.

Every cell is ruled on all four sides; header cells merge over rows/columns. Amounts are
right-aligned in their cell and vertically centred in the row, so next to a name wrapped over two
lines the amount sits between the name's two lines. An amount column is never narrower than its
widest amount (a spreadsheet prints ##### otherwise, so publishers widen the column).
"""

from __future__ import annotations

from collections.abc import Sequence

from samples.grids import Cell, Grid
from samples.model import TruthAmount
from samples.pages import CELL_INSET, CELL_PAD, MARGIN_X, Page, Style


def _box(page: Page, x0: float, x1: float, top: float, bottom: float) -> None:
    # Every cell is ruled on all four sides, as in the publishers' Excel exports.
    page.line(x0, top, x1, top)
    page.line(x0, bottom, x1, bottom)
    page.line(x0, top, x0, bottom)
    page.line(x1, top, x1, bottom)


class TableDrawer:
    """Lays one grid out in a page width, drawing its header and its rows on request."""

    def __init__(self, grid: Grid, page_w: float, style: Style, tall_rows: bool = False) -> None:
        self.grid = grid
        self.style = style
        self.tall_rows = tall_rows  # see Layout.tall_rows
        self.xs = [MARGIN_X]
        for w in self._column_widths(page_w - 2 * MARGIN_X):
            self.xs.append(self.xs[-1] + w)
        self.n_cols = len(grid.weights)
        self.header_rows = 1 + max(c.row + c.rowspan - 1 for c in grid.header)
        self.header_heights = self._header_heights()
        self.header_height = sum(self.header_heights)

    def _column_widths(self, usable: float) -> list[float]:
        weights = self.grid.weights
        need: dict[tuple[int, int], float] = {}  # (first column, span) -> width its text needs
        for cells in self.grid.body:
            for c in cells:
                if c.amount is not None or c.keep:
                    w = self.style.width(c.lines[0], self.style.body) + 2 * CELL_INSET + 1.0
                    need[c.col, c.span] = max(need.get((c.col, c.span), 0.0), w)
        fixed = dict(self.grid.fixed)
        while True:
            free = [i for i in range(len(weights)) if i not in fixed]
            total = sum(weights[i] for i in free)
            rest = usable - sum(fixed.values())
            widths = {i: rest * weights[i] / total for i in free}
            widths.update(fixed)
            short = [
                (col, span, w)
                for (col, span), w in need.items()
                if sum(widths[i] for i in range(col, col + span)) < w and any(i in free for i in range(col, col + span))
            ]
            if not short:
                break
            for col, span, w in short:
                cols = range(col, col + span)
                fixed.update({i: w * weights[i] / sum(weights[j] for j in cols) for i in cols})
        return [widths[i] for i in range(len(weights))]

    def _span_width(self, col: int, span: int) -> float:
        return self.xs[col + span] - self.xs[col]

    def _header_heights(self) -> list[float]:
        st = self.style
        heights = [st.line_h + 2 * CELL_PAD] * self.header_rows
        for cell in sorted(self.grid.header, key=lambda c: c.rowspan):
            lines = st.wrap(cell.text, self._span_width(cell.col, cell.colspan) - 2 * CELL_INSET, st.body)
            need = len(lines) * st.line_h + 2 * CELL_PAD
            rows = range(cell.row, cell.row + cell.rowspan)
            have = sum(heights[r] for r in rows)
            if need > have:
                heights[rows[-1]] += need - have
        return heights

    def cell_lines(self, cell: Cell, width: float) -> tuple[tuple[str, ...], float]:
        """The lines a cell prints and their font size (wrapped, or shrunk for 01/04 labels)."""
        st = self.style
        inner = width - 2 * CELL_INSET
        if cell.amount is not None:
            if st.width(cell.lines[0], st.body) > inner:
                raise ValueError(f"amount {cell.lines[0]} does not fit its column ({inner:.1f} pt)")
            return cell.lines, st.body
        if cell.clip:
            return cell.lines, st.body
        if cell.shrink:
            text = cell.lines[0]
            size = st.body
            while size > 5.0 and st.width(text, size) > inner:
                size -= 0.25
            return cell.lines, size
        out: list[str] = []
        for line in cell.lines:
            out += st.wrap(line, inner, st.body)
        return tuple(out), st.body

    def row_height(self, cells: Sequence[Cell]) -> float:
        n = max((len(self.cell_lines(c, self._span_width(c.col, c.span))[0]) for c in cells), default=1)
        return (max(n, 1) + (1.5 if self.tall_rows else 0.0)) * self.style.line_h + 2 * CELL_PAD

    def _draw_lines_in_box(
        self,
        page: Page,
        lines: Sequence[str],
        size: float,
        box: tuple[float, float, float, float],
        align: str,
        clip: bool = False,
        at_top: bool = False,
    ) -> list[float]:
        """Draw lines vertically centred in a box (x0, x1, top, height), or from its top padding
        down (`at_top`); return their baselines."""
        x0, x1, top, height = box
        line_h = self.style.line_h
        block = len(lines) * line_h
        baselines = []
        for i, text in enumerate(lines):
            # Centre each glyph box (baseline - (1 + descent) * size .. baseline - descent * size).
            first = CELL_PAD if at_top else (height - block) / 2
            centre = top + first + (i + 0.5) * line_h
            baseline = centre + (0.5 + self.style.descent()) * size
            x = {"left": x0 + CELL_INSET, "right": x1 - CELL_INSET, "center": (x0 + x1) / 2}[align]
            page.text(x, baseline, text, size, align, (x0, top, x1, top + height) if clip else None)
            baselines.append(baseline)
        return baselines

    def draw_header(self, page: Page, top: float) -> float:
        st = self.style
        tops = [top]
        for h in self.header_heights:
            tops.append(tops[-1] + h)
        for cell in self.grid.header:
            x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.colspan]
            y0, y1 = tops[cell.row], tops[cell.row + cell.rowspan]
            _box(page, x0, x1, y0, y1)
            lines = st.wrap(cell.text, x1 - x0 - 2 * CELL_INSET, st.body) if cell.text else []
            self._draw_lines_in_box(page, lines, st.body, (x0, x1, y0, y1 - y0), "center")
        return tops[-1]

    def draw_row(self, page: Page, cells: Sequence[Cell], top: float) -> float:
        height = self.row_height(cells)
        covered: set[int] = set()
        for cell in cells:
            covered.update(range(cell.col, cell.col + cell.span))
        # Columns no cell covers are still ruled: a blank cell is part of the grid.
        blanks = [Cell(c) for c in range(self.n_cols) if c not in covered]
        for cell in [*cells, *blanks]:
            x0, x1 = self.xs[cell.col], self.xs[cell.col + cell.span]
            _box(page, x0, x1, top, top + height)
            lines, size = self.cell_lines(cell, x1 - x0)
            at_top = self.tall_rows and cell.amount is None
            baselines = self._draw_lines_in_box(page, lines, size, (x0, x1, top, height), cell.align, cell.clip, at_top)
            if cell.amount is not None:
                row_id, key, value = cell.amount
                text = lines[0]
                descent = self.style.descent()
                page.truths.append(
                    TruthAmount(
                        table_code=self.grid.code,
                        page=0,  # set when the pages are numbered
                        row_label=row_id.row_label.replace(" ", ""),
                        subject_code=row_id.subject_code,
                        printed_code=row_id.printed_code,
                        row_key=row_id.row_key,
                        column_key=key,
                        amount=value,
                        amount_text=text,
                        line_no=row_id.line_no,
                        x0=round(x1 - CELL_INSET - self.style.width(text, size), 3),
                        x1=round(x1 - CELL_INSET, 3),
                        top=round(baselines[0] - (1 + descent) * size, 3),
                        bottom=round(baselines[0] - descent * size, 3),
                    )
                )
        return top + height
