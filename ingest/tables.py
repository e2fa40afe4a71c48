"""Reading the tables of one document: per segment its header and columns, its lines cut into
fragments, the rows assembled, codes repaired with the report's own full codes and the catalog,
and every amount with its lineage."""

from __future__ import annotations

import re

from ingest.base import (
    READ_MONEY_UNITS,
    ParseIssue,
    code_column_cells,
    has_whole_amounts,
    is_data_line,
    looks_like_amount,
    money_unit,
    unit_values,
)
from ingest.columns import Layout, column_layout, split_header
from ingest.header_cells import header_cells
from ingest.layout import Line, Rule, VRule, Word, join_ruled_rows, one_ruled_row
from ingest.panels import READERS, RowRead, TableState, regroup
from ingest.profile import ReportProfile, TableProfile
from ingest.records import Amount, ReportTable
from ingest.rows import Fragment, PlacedAmount, assemble_rows, line_fragments
from ingest.segments import Segment
from ingest.subjects import CodeResolver
from ingest.text import parse_amount


def _first_row_label_back(
    header: list[Line], data: list[Line], rulings: list[Rule | VRule]
) -> tuple[list[Line], list[Line]]:
    """(header, data), the last header line given back to the data when it is the label of the
    first row: a tall ruled row prints its label at the top and its amounts centred lower (福州
    B06 `合计` 7 pt above `3861.25`; a name wrapped over two lines above and below the code and
    amounts of its row, `社会保障和就业支` / `208 … 44.6` / `出`), and a label line without amounts
    reads as a header line (合计 also heads columns). Only where the first data line holds codes
    and amounts alone, no word of the line above lies over one of them (a label, not column
    names: 长春 B05's wrapped header cells end in `费 | 费 | 计` over its amount columns) and both
    lie between the same two horizontal rules. Whole 元 amounts count (上海 `合计` over
    `1586198 | 875620 | 710578`)."""
    if not header or not data or any(parse_amount(w.text) is None for w in data[0].words):
        return header, data
    if any(h.x0 < d.x1 and d.x0 < h.x1 for h in header[-1].words for d in data[0].words):
        return header, data
    rules = [r for r in rulings if isinstance(r, Rule)]
    if not one_ruled_row(header[-1], data[0], rules):
        return header, data
    return header[:-1], [header[-1], *data]


def _repeats_header(line: Line, lines: set[str], words: set[str]) -> bool:
    """The line is one of the table's first header, or of its words put on lines otherwise (a
    scan's wrapped header cells grouped with the line below on one page, the line above on the
    next: `经济分类科 | 科目名称` then `经济分类科 | 经济分类科`); two words at least, a lone word
    being as likely the label of the page's first row (`合计`). A line of the code column's own
    cells alone is one too, however the first header read them (决算 seed 2435's 05: `类 | 款` on
    its first page, its `项` lost; `类 | 款 | 项` on the next was read into its first row's name)."""
    return (
        line.norm in lines
        or (len(line.words) >= 2 and all(w.text in words for w in line.words))
        or (bool(line.words) and all(code_column_cells(w.text) for w in line.words))
    )


def read_tables(
    segments: list[Segment], profile: ReportProfile, rules: dict[int, list[Rule | VRule]] | None = None
) -> list[ReportTable]:
    tables: dict[str, ReportTable] = {}
    fragments: dict[str, list[tuple[int, Fragment]]] = {}
    layouts: dict[str, Layout] = {}
    by_unit: set[str] = set()  # tables whose rows are budget units (the header names them)
    first_headers: dict[str, set[str]] = {}  # the lines of each table's first header
    first_header_words: dict[str, set[str]] = {}  # the words of each table's first header
    columns: dict[str, dict[tuple[int, str], list[Word]]] = {}  # amounts printed under each column
    unit_bands: dict[str, tuple[float, float]] = {}  # (top, bottom) above each table's first header
    for seg in segments:
        tprof = profile.tables[seg.code]
        table = tables.get(seg.code)
        if table is None:
            table = ReportTable(seg.code, "empty", title=seg.title, first_page=seg.page)
            tables[seg.code] = table
        table.last_page = seg.page
        header, data, meta = split_header(seg.lines)
        if header and seg.code not in unit_bands and seg.page == table.first_page:
            # (where its money unit is printed, if anywhere: between the lines above the first
            # header and that header; a scan's line lost there is read again from that band)
            above = [line.bottom for line in meta if line.bottom <= header[0].top]
            height = header[0].bottom - header[0].top
            unit_bands[seg.code] = (max(above, default=header[0].top - 2 * height), header[0].top)
        header, data = _first_row_label_back(header, data, (rules or {}).get(seg.page, []))
        previous = layouts.get(seg.code)
        # A repeated header ends with the last line of the table's first header: the lines after
        # it that the first header did not print are rows, the wrapped first line of the page's
        # first row (深圳 `深圳市社会保险基金管理局` / its amounts / `（本级）`) or, under a header
        # repeated without its 栏次 line, rows without amounts (04: `16 | 十六、金融支出 | 48`).
        known = first_headers.setdefault(seg.code, {line.norm for line in header})
        words = first_header_words.setdefault(seg.code, {w.text for line in header for w in line.words})
        if previous is not None:
            last = max((i for i, line in enumerate(header) if _repeats_header(line, known, words)), default=-1)
            # (its 栏次 line closes the header however it was read: 预算 seed 2086 read it `栏次`
            # alone on a page, `栏次 1 2 …` on the first, and took it for the first row's label)
            closing = header[-1:] if header and "栏次" in header[-1].norm else []
            if 0 <= last < len(header) - 1 - len(closing):
                header, data = [*header[: last + 1], *closing], [*header[last + 1 : len(header) - len(closing)], *data]
        if stray := next((line for line in meta if any(looks_like_amount(w.text) for w in line.words)), None):
            # A 单位： line is read for the unit only: amounts on it would be lost.
            raise ParseIssue(f"table {seg.code}: amounts on the unit line '{stray.text[:60]}'", seg.page)
        for value in (v for line in meta for v in unit_values(line.text)):
            if (money := money_unit(value)) and money not in READ_MONEY_UNITS:
                # (read as 万元, 728.03 千元 would be published as 7,280,300 元)
                why = f"amounts in {money}, a money unit not read (only {' and '.join(READ_MONEY_UNITS)})"
                raise ParseIssue(f"table {seg.code}: {why}", seg.page)
            if money:
                table.printed_unit = money
            elif table.unit_name is None:
                table.unit_name = value
        cells = header_cells(header, (rules or {}).get(seg.page, []))
        # 部门名称 / 单位名称, also 长春's 部门（单位）名称
        if cells and any(re.search(r"(部门|单位)[)）]?名称", c.text) for c in cells):
            by_unit.add(seg.code)
        try:
            layout = column_layout(cells, tprof, data, header) if cells else None
        except ParseIssue as issue:
            if seg.title is not None or previous is None:
                raise ParseIssue(f"table {seg.code}: {issue}", seg.page) from None
            # No header: the first lines of a page continuing the table, a row that names a
            # column (04's last rows alone on a page: `国有资本经营预算财政拨款 | 31 | 63`).
            layout = None
        if (
            layout is not None
            and seg.title is None
            and previous is not None
            and not any(_repeats_header(line, known, words) for line in header)
            and _column_count(layout) < _column_count(previous)
        ):
            # A page continuing the table whose first lines are no repeated header (none of them
            # is a line of the table's first header) but the wrapped name of its first row, one
            # that reads like a header cell (`其他彩票发行销售机构业务费安 / 排的支出` matches 其他收入's
            # alias): fewer columns than the table's own are its first row, read with the table's
            # columns (and checked against them, as any page without a header).
            layout = None
        reused = False
        if layout is None or not layout.anchors:
            layout = previous
            if seg.title is None:
                # A continuation page without repeated header: what looked like header lines
                # are its first rows, or the wrapped label lines of its first row.
                data, reused = [*header, *data], True
        if layout is None:
            if any(is_data_line(line) or has_whole_amounts(line) for line in data):
                raise ParseIssue(f"table {seg.code}: header columns not recognised", seg.page)
            continue
        layouts[seg.code] = layout
        data = join_ruled_rows(data, (rules or {}).get(seg.page, []))
        try:
            read = [pf for line in data for pf in line_fragments(seg.code, line, layout, tprof)]
        except ParseIssue as issue:
            if not reused and issue.line is not None:
                # (the columns are the page's own header's: a cell of it read otherwise leaves a
                # column's amounts left of every column, 预算 seed 2526's B06 `合计` read `计`)
                issue.header = [(line.top, line.bottom) for line in header]
            raise
        seen = columns.setdefault(seg.code, {})
        # Each amount with the column the reader put it in: the key it was read under, in the panel
        # it is printed in (a total's amounts may be moved to the panel of its label: 06's 公用经费合计).
        printed = [((_panel_at(layout, w), key), w) for _, frag in read for key, w in frag.amounts.items()]
        if reused:
            check_alignment(seg, printed, seen)
        for column, w in printed:
            seen.setdefault(column, []).append(w)
        fragments.setdefault(seg.code, []).extend(read)
    result = []
    rows = {code: regroup(code, assemble_rows(frags, profile.tables[code]), profile.tables[code])
            for code, frags in fragments.items()}
    resolvers = {"function": CodeResolver("function"), "economic": CodeResolver("economic")}
    # Learn every full code printed anywhere in the report before repairing cut ones (qingshan
    # prints 208050 in 03 where 02 and 05 print 2080501 beside the same name).
    for code, table_rows in rows.items():
        kind = profile.tables[code].subjects
        if kind:
            for _, f in table_rows:
                if f.codes:
                    resolvers[kind].learn("".join(f.codes), f.label_text)
    printed_units = sorted({t.printed_unit for t in tables.values() if t.printed_unit})
    for code in profile.tables:
        table = tables.get(code)
        if table is None:
            result.append(ReportTable(code, "missing"))
            continue
        transposed = set(layouts[code].transposed) if code in layouts else set()
        unprinted = table.printed_unit is None
        if unprinted and len(printed_units) == 1:
            # A table printing no money unit is in the one unit the report's other tables print (a
            # publisher prints 单位：万元 over the first table of a page, or forgets it on one).
            table.printed_unit = printed_units[0]
        table.amounts = _rows_to_amounts(
            code, rows.get(code, []), profile.tables[code], table, resolvers, code in by_unit, transposed
        )
        if unprinted and len(printed_units) != 1 and table.amounts:
            # Which unit then is a guess, and a wrong one is a factor of 10,000: not read.
            others = f"the other tables print {' and '.join(printed_units)}" if printed_units else "no table prints one"
            raise ParseIssue(
                f"table {code}: no money unit printed, and {others}", table.first_page, unit_bands.get(code)
            )
        table.status = "found" if table.amounts else "empty"
        result.append(table)
    return result


# How far an amount may lie from where its column printed amounts on the table's other pages
# (points) and still share their right edge, centre or left edge: the same cell edges.
ALIGN_TOLERANCE = 2.5
# A continuation page may be printed as a whole a few points right or left of the table's earlier
# pages (a print driver placing each sheet on its own: 西安 2020 表5, +3.5). Its amounts are then
# compared after taking off that one shift, never one of more than this (points): far less than
# the narrowest column, so no amount can line up with its neighbour's column by it.
MAX_PAGE_SHIFT = 6.0


Column = tuple[int, str]  # (panel index, column key)


def check_alignment(seg: Segment, printed: list[tuple[Column, Word]], seen: dict[Column, list[Word]]) -> None:
    """A page continuing a table without a header of its own is read with the columns of the
    table's earlier pages: only where its amounts lie where those columns printed theirs (the
    same page geometry: width, orientation, margins). An amount under a column that printed
    amounts before must share an edge with one of them (right edge, centre or left edge: a wide
    amount under a column of `0`s) or overlap, by half its width at least, their span (real
    tables print totals a few points off their column's other amounts, or centred); otherwise
    the page is not known to continue those columns and the document is quarantined. A page
    shifted as a whole (MAX_PAGE_SHIFT) continues them when every amount lines up once shifted."""
    placed = [(column, w, before) for column, w in printed if (before := seen.get(column))]
    off = [(column, w) for column, w, before in placed if not _lines_up(w, before, 0.0) and not _overlaps(w, before)]
    if not off:
        return
    (column, w) = off[0]
    # The shift is one of the gaps of an amount that does not line up unshifted: the median of
    # all amounts' smallest gaps first, else each of that amount's own gaps (amounts of many
    # widths, 55.98 | 1,346.74 in General format, share a left edge or a centre with some
    # earlier amount unshifted and pull the median to 0).
    own = sorted({g for b in seen[column] for g in _edge_gaps(w, b, 0.0) if abs(g) <= MAX_PAGE_SHIFT}, key=abs)
    for shift in (_page_shift([(w, before) for _, w, before in placed]), *own):
        if abs(shift) <= MAX_PAGE_SHIFT and all(_lines_up(x, before, shift) for _, x, before in placed):
            return
    _, key = column
    raise ParseIssue(
        f"table {seg.code}: page {seg.page} continues the table without a header, but its "
        f"amount {w.text} does not lie under column {key} of the pages before",
        seg.page,
    )


def _edge_gaps(w: Word, b: Word, shift: float) -> tuple[float, float, float]:
    """Signed gaps of right edge, centre and left edge (w taken `shift` points left)."""
    return w.x1 - shift - b.x1, w.xc - shift - b.xc, w.x0 - shift - b.x0


def _lines_up(w: Word, before: list[Word], shift: float) -> bool:
    return any(min(map(abs, _edge_gaps(w, b, shift))) <= ALIGN_TOLERANCE for b in before)


def _overlaps(w: Word, before: list[Word]) -> bool:
    x0, x1 = min(b.x0 for b in before), max(b.x1 for b in before)
    return min(w.x1, x1) - max(w.x0, x0) >= w.width / 2


def _page_shift(placed: list[tuple[Word, list[Word]]]) -> float:
    """The median of each amount's smallest edge gap to its column's earlier amounts."""
    gaps = sorted(min((g for b in before for g in _edge_gaps(w, b, 0.0)), key=abs) for w, before in placed)
    return gaps[len(gaps) // 2] if gaps else 0.0


def _panel_at(layout: Layout, w: Word) -> int:
    return next(i for i, (start, _, end) in enumerate(layout.panel_bounds) if start <= w.xc < end)


def _rows_to_amounts(
    code: str,
    rows: list[tuple[int, Fragment]],
    tprof: TableProfile,
    table: ReportTable,
    resolvers: dict[str, CodeResolver],
    by_unit: bool = False,
    transposed: set[int] | frozenset[int] = frozenset(),
) -> list[Amount]:
    """Codes, row keys and amounts of the assembled rows: a row its panel's labelled lines name
    gets that key, every other row is read by its panel kind's reader (ingest.panels)."""
    amounts: list[Amount] = []
    state = TableState(code, tprof, resolvers, by_unit, transposed)
    seen: dict[int, set[str]] = {}
    first_page_of: dict[tuple, int] = {}
    state.lone_line = sum(1 for _, f in rows if f.amounts) == 1  # see LinesPanel.unlabelled_row
    for row_no, (p_idx, frag) in enumerate(rows, start=1):
        panel = tprof.panels[p_idx]
        reader = READERS[panel.kind]
        label = frag.label_text
        # Some publishers repeat the 合计 line under the header of every continuation page:
        # the same line with the same amounts on a later page is a repetition, not a row.
        # (深圳 repeats code rows once per unit block: the block is part of the line's identity.)
        signature = (p_idx, state.units.get(p_idx), tuple(frag.codes), label,
                     tuple(sorted((k, w.text) for k, w in frag.amounts.items())))
        if frag.amounts and first_page_of.setdefault(signature, frag.page) != frag.page:
            continue
        if not label and not frag.codes and frag.amounts and all(
            parse_amount(w.text) == 0 for w in frag.amounts.values()
        ):
            # A template row the panel leaves empty, filled with zeros (西安 2022 表9's 收入 panel:
            # `2 | | 0.00` beside the 支出 panels' rows): nothing to place, nothing lost.
            continue
        seen_p = seen.setdefault(p_idx, set())
        row_key = frag.row_key or panel.line_key(label, bool(frag.codes), seen_p, state.lone_line)
        if row_key:
            seen_p.add(row_key)
            read = RowRead(label, row_key=row_key)
        else:
            read = reader.read(state, p_idx, panel, frag, label)
        label = read.label
        if frag.amounts and read.subject_code is None and read.row_key is None:
            raise ParseIssue(
                f"table {code}: row '{label}' has amounts but no code or known label",
                frag.page,
                (frag.top, frag.bottom),
            )
        row_no = reader.row_no(state, p_idx, frag, label, row_no, amounts)
        for key, w in frag.amounts.items():
            value = parse_amount(w.text)
            assert value is not None
            amounts.append(
                Amount(
                    table_code=code,
                    page=frag.amount_pages.get(key, frag.page),
                    row_no=row_no,
                    row_label=label,
                    column_key=key,
                    amount=value,
                    amount_text=w.text,
                    # (a table printing no unit is decided on after its rows: read_tables)
                    printed_unit=table.printed_unit or "",
                    subject_code=read.subject_code,
                    printed_code=read.printed_code,
                    row_key=read.row_key,
                    line_no=frag.line_no,
                    x0=w.x0,
                    x1=w.x1,
                    top=w.top,
                    bottom=w.bottom,
                    column_x0=w.column[0] if isinstance(w, PlacedAmount) else None,
                    column_x1=w.column[1] if isinstance(w, PlacedAmount) else None,
                )
            )
    return amounts


def _column_count(layout: Layout) -> int:
    """Columns of amounts a layout anchors (the 行次 column not counted)."""
    return sum(1 for a in layout.anchors if a.key != "_line")
