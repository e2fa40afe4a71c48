"""The pages the 绩效 table logic reads, and a page's parts where tables flow on it.

Word exports (湖南, 湖北, 西安 项目支出绩效自评表 collections) flow their tables: a short table ends
mid-page and the next table's title and grid start right below it. Such a page is cut into parts
at each table title printed between ruled grids (a line outside the ruled cells, with rules above
and below it): the part above the first title holds the end of the table before, each part below
a title one table, read as a page of its own. A title beside a ruled grid (a vertical rule runs
past its line) does not say which rows are its table's: the part is read, its table and the one
before quarantined."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ingest.layout import Line, Rule, VRule
from ingest.performance.grid import Cell, outside_words


@dataclass(slots=True)
class GridPage:
    """One page as the table logic reads it: a PDF page (or a part of one), or one Word table /
    Excel sheet (ingest/performance/office.py, whose grid positions stand in for the geometry)."""

    number: int  # lineage `page`: the PDF page; the Word table's ordinal; the Excel sheet's number
    lines: Sequence[Line]  # the page's lines: a title is looked for among the first ones
    borders: Sequence[float]  # x of the vertical rules (empty: no ruled table on the page)
    cells: Callable[[], list[Cell]]  # the non-empty cells (computed only for a page that is read)
    outside: Callable[[], list[Line]]  # lines outside the cells (the title, 单位：万元)
    rules: Sequence[Rule | VRule] = ()  # a PDF page's ruling lines: where a title mid-page cuts it
    doubt: str | None = None  # why the rows of this part cannot be told apart from a grid beside


def _cached(compute: Callable[[], list]) -> Callable[[], list]:
    memo: list[list] = []

    def get() -> list:
        if not memo:
            memo.append(compute())
        return memo[0]

    return get


def page_parts(page: GridPage, is_title: Callable[[str], bool]) -> list[GridPage]:
    """The page cut at each table title (`is_title` of the words of a line outside the ruled
    cells) printed below a ruled grid and above another; the page itself when none is."""
    if not page.rules or not any(is_title(line.norm) for line in page.lines):
        return [page]
    rows = [r.y for r in page.rules if isinstance(r, Rule)]
    columns = [r for r in page.rules if isinstance(r, VRule)]
    cuts: list[tuple[float, bool]] = []  # (the title's top, a vertical rule runs past it)
    for line in page.lines:
        if not is_title(line.norm):
            continue
        free = outside_words([line], page.rules)
        if not free or not is_title(free[0].norm):
            continue  # (a title ruled into a page frame's cell: the page's own title, as before)
        top, bottom = free[0].top, free[0].bottom
        if any(y < top for y in rows) and any(y > bottom for y in rows):
            beside = any(v.top < (top + bottom) / 2 < v.bottom for v in columns)
            cuts.append((top, beside))
    if not cuts:
        return [page]
    cells, outside = _cached(page.cells), _cached(page.outside)
    edges = [(float("-inf"), False), *sorted(cuts)]
    out = []
    for n, (y0, beside) in enumerate(edges):
        y1, beside_next = edges[n + 1] if n + 1 < len(edges) else (float("inf"), False)

        def within(y: float, y0: float = y0, y1: float = y1) -> bool:
            return y0 <= y < y1

        out.append(
            GridPage(
                page.number,
                [line for line in page.lines if within(line.top)],
                [v.x for v in columns if v.bottom > y0 and v.top < y1],
                lambda within=within: [c for c in cells() if within(c.yc)],  # type: ignore[misc]
                lambda within=within: [line for line in outside() if within(line.top)],  # type: ignore[misc]
                doubt="a 绩效 title printed beside a ruled grid" if beside or beside_next else None,
            )
        )
    return out
