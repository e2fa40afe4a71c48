"""Reading the tables of one document: per segment its header and columns, its lines cut into
fragments, the rows assembled, codes repaired with the report's own full codes and the catalog,
and every amount with its lineage."""

from __future__ import annotations

import re

from ingest.base import UNIT_RE, ParseIssue, is_data_line, money_unit
from ingest.codes import resolve_code, resolve_name
from ingest.columns import Layout, column_layout, split_header
from ingest.layout import Rule, Word, header_cells, join_ruled_rows
from ingest.profile import ReportProfile, TableProfile
from ingest.records import Amount, ReportTable
from ingest.rows import Fragment, assemble_rows, line_fragments
from ingest.segments import Segment
from ingest.subjects import CodeResolver, class_code_for_name
from ingest.text import LINE_NUMBERING, NUMBERED, parse_amount


def read_tables(
    segments: list[Segment], profile: ReportProfile, rules: dict[int, list[Rule]] | None = None
) -> list[ReportTable]:
    tables: dict[str, ReportTable] = {}
    fragments: dict[str, list[tuple[int, Fragment]]] = {}
    layouts: dict[str, Layout] = {}
    by_unit: set[str] = set()  # tables whose rows are budget units (the header names them)
    first_headers: dict[str, set[str]] = {}  # the lines of each table's first header
    for seg in segments:
        tprof = profile.tables[seg.code]
        table = tables.get(seg.code)
        if table is None:
            table = ReportTable(seg.code, "empty", title=seg.title, first_page=seg.page)
            tables[seg.code] = table
        table.last_page = seg.page
        header, data, meta = split_header(seg.lines)
        # A repeated header followed by the wrapped first line of the page's first row (深圳
        # `深圳市社会保险基金管理局` / its amounts / `（本级）`): lines after the last line of the
        # table's first header that this header did not print are that row's label.
        known = first_headers.setdefault(seg.code, {line.norm for line in header})
        if seg.title is not None and seg.code in layouts:
            last = max((i for i, line in enumerate(header) if line.norm in known), default=-1)
            if 0 <= last < len(header) - 1:
                header, data = header[: last + 1], [*header[last + 1 :], *data]
        for value in (v for line in meta for v in UNIT_RE.findall(line.text)):
            if money := money_unit(value):
                table.printed_unit = money
            elif table.unit_name is None:
                table.unit_name = value
        cells = header_cells(header)
        # 部门名称 / 单位名称, also 长春's 部门（单位）名称
        if cells and any(re.search(r"(部门|单位)[)）]?名称", c.text) for c in cells):
            by_unit.add(seg.code)
        try:
            layout = column_layout(cells, tprof, data) if cells else None
        except ParseIssue as issue:
            raise ParseIssue(f"table {seg.code}: {issue}", seg.page) from None
        if layout is None or not layout.anchors:
            layout = layouts.get(seg.code)
            if seg.title is None:
                # A continuation page without repeated header: what looked like header lines
                # are the wrapped label lines of its first row.
                data = [*header, *data]
        if layout is None:
            if any(is_data_line(line) for line in data):
                raise ParseIssue(f"table {seg.code}: header columns not recognised", seg.page)
            continue
        layouts[seg.code] = layout
        data = join_ruled_rows(data, (rules or {}).get(seg.page, []))
        for line in data:
            for panel_idx, frag in line_fragments(seg.code, line, layout, tprof):
                fragments.setdefault(seg.code, []).append((panel_idx, frag))
    result = []
    rows = {code: _pivot_rotated(code, assemble_rows(frags, profile.tables[code]), profile.tables[code])
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
    for code in profile.tables:
        table = tables.get(code)
        if table is None:
            result.append(ReportTable(code, "missing"))
            continue
        table.printed_unit = table.printed_unit or "万元"
        transposed = set(layouts[code].transposed) if code in layouts else set()
        table.amounts = _rows_to_amounts(
            code, rows.get(code, []), profile.tables[code], table, resolvers, code in by_unit, transposed
        )
        table.status = "found" if table.amounts else "empty"
        result.append(table)
    return result


def _pivot_rotated(code: str, rows: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """Turn the rows of a panel printed turned (Rotated: 广东 “三公”经费 table lists the items as
    rows and the funds as columns) into the profile's shape: one row per printed column (its
    anchor key is the row key), the item named by each printed row's label as the column key.
    Every amount keeps its own page and box."""
    out: list[tuple[int, Fragment]] = []
    turned: dict[tuple[int, str], Fragment] = {}
    for p_idx, frag in rows:
        rotated = tprof.panels[p_idx].rotated
        if rotated is None:
            out.append((p_idx, frag))
            continue
        if not frag.amounts:
            continue  # a heading line without amounts
        item = rotated.item_key(frag.label_text)
        if item is None:
            raise ParseIssue(f"table {code}: row '{frag.label_text}' is none of {list(rotated.items)}", frag.page)
        for key, w in frag.amounts.items():
            target = turned.get((p_idx, key))
            if target is None:
                name = next(c.name for c in rotated.columns if c.key == key)
                target = Fragment(frag.page, frag.top, frag.bottom, row_key=key)
                target.label = [Word(name, w.x0, w.x1, w.top, w.bottom)]
                turned[(p_idx, key)] = target
                out.append((p_idx, target))
            if item in target.amounts:
                raise ParseIssue(f"table {code}: two rows read as item {item} ('{frag.label_text}')", frag.page)
            target.amounts[item] = w
    return out


def _rows_to_amounts(
    code: str,
    rows: list[tuple[int, Fragment]],
    tprof: TableProfile,
    table: ReportTable,
    resolvers: dict[str, CodeResolver],
    by_unit: bool = False,
    transposed: set[int] | frozenset[int] = frozenset(),
) -> list[Amount]:
    """Codes, row keys and amounts of the assembled rows."""
    amounts: list[Amount] = []
    # A one-row table printed transposed (a line per item or per 预算数/决算数, the line's label
    # completing the column keys) is still one row: its lines share the first line's row_no, so
    # the per-row identities (“三公” 合计 = Σ items) see all of its amounts together.
    one_row: dict[int, int] = {}
    seen: dict[int, set[str]] = {}
    parents: dict[int, dict[int, str]] = {}  # panel -> level length -> current code
    first_page_of: dict[tuple, int] = {}
    rows = _latest_year_rows(code, rows, tprof)
    units: dict[int, int] = {}  # unit rows seen per panel with `unit_total` (深圳 unit blocks)
    lone_line = sum(1 for _, f in rows if f.amounts) == 1  # see Panel.unlabelled_row
    for row_no, (p_idx, frag) in enumerate(rows, start=1):
        panel = tprof.panels[p_idx]
        label = frag.label_text
        # Some publishers repeat the 合计 line under the header of every continuation page:
        # the same line with the same amounts on a later page is a repetition, not a row.
        # (深圳 repeats code rows once per unit block: the block is part of the line's identity.)
        signature = (p_idx, units.get(p_idx), tuple(frag.codes), label,
                     tuple(sorted((k, w.text) for k, w in frag.amounts.items())))
        if frag.amounts and first_page_of.setdefault(signature, frag.page) != frag.page:
            continue
        seen_p = seen.setdefault(p_idx, set())
        subject_code: str | None = None
        printed_code: str | None = None
        row_key = frag.row_key or (panel.row_key(label, seen_p) if not frag.codes else None)
        if row_key is None and panel.unlabelled_row and not (label or frag.codes) and lone_line:
            row_key = panel.unlabelled_row
        if row_key:
            seen_p.add(row_key)
        elif by_unit and panel.unit_rows and frag.amounts:
            row_key = panel.unit_rows.key
            printed_code = "".join(frag.codes) or None
        elif panel.unit_total and panel.unit_rows and frag.amounts and not frag.codes:
            # 深圳: no 合计 line; the first unit row (the department) is the total, then its units.
            row_key = panel.unit_rows.key if p_idx in units else panel.unit_total.key
            units[p_idx] = units.get(p_idx, 0) + 1
        elif panel.single_row:
            row_key = panel.single_row.key
        elif panel.class_rows and frag.amounts:
            # 深圳 and 浙江 print, under each 类, its 款 and 项 by name only: an un-numbered name
            # under an open 类 is first read as a child of the open rows (see CodeResolver.resolve_name).
            if parents.get(p_idx) and not NUMBERED.match(label):
                subject_code = resolve_name(label, "function", resolvers, parents, p_idx)
            if subject_code is None:
                subject_code = class_code_for_name(label)
            numbered = re.search(LINE_NUMBERING, label)
            if subject_code is None and numbered and numbered.start() > 0:
                # The wrapped tail of the line before, printed atop a new page, was joined to the
                # first 类 line there (江苏: `十七、国土海洋气象等支` / page break / `出`).
                label = label[numbered.start():]
                subject_code = class_code_for_name(label)
            if subject_code is None:
                subject_code = resolve_name(label, "function", resolvers, parents, p_idx)
            else:
                resolve_name(label, "function", resolvers, parents, p_idx, subject_code)  # now open
            if subject_code is None:
                raise ParseIssue(f"table {code}: spending line '{label}' is no known 类", frag.page)
        elif frag.codes and tprof.subjects:
            printed_code = "".join(frag.codes)
            subject_code = resolve_code(printed_code, label, tprof.subjects, resolvers, parents, p_idx)
            if subject_code is None:
                raise ParseIssue(
                    f"table {code}: cannot recover the code printed as {printed_code} ('{label}')",
                    frag.page,
                )
        elif frag.amounts and tprof.subjects:
            # A subject printed by name alone (杭州 prints no codes): the catalog's, by name
            # under the rows above; the printed name is kept, no code is printed.
            subject_code = resolve_name(label, tprof.subjects, resolvers, parents, p_idx)
        if frag.amounts and subject_code is None and row_key is None:
            raise ParseIssue(f"table {code}: row '{label}' has amounts but no code or known label", frag.page)
        if panel.single_row and p_idx in transposed and frag.amounts:
            row_no = one_row.setdefault(p_idx, row_no)
            if twice := {a.column_key for a in amounts if a.row_no == row_no} & set(frag.amounts):
                raise ParseIssue(f"table {code}: line '{label}' repeats column {min(twice)}", frag.page)
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
                    printed_unit=table.printed_unit or "万元",
                    subject_code=subject_code,
                    printed_code=printed_code,
                    row_key=row_key,
                    line_no=frag.line_no,
                    x0=w.x0,
                    x1=w.x1,
                    top=w.top,
                    bottom=w.bottom,
                )
            )
    return amounts


def _latest_year_rows(code: str, rows: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """The rows of panels printed per year (YearRows: 深圳 “三公” `2025年` | `2026年` | `增减变化金额`
    per unit) as one row per unit: the latest year's line, labelled with the unit named on its
    group's lines (the name is printed on the first year's line, wrapped names around it), with
    the earlier year's amounts and the change line's joined under prefixed keys. A group ends at
    its change line or where the years start again."""
    out: list[tuple[int, Fragment]] = []
    group: dict[int, list[Fragment]] = {}
    current: dict[int, Fragment] = {}  # per panel, the group's latest-year line, once seen
    latest: dict[int, int] = {}  # per panel, the latest year its rows name
    for p_idx, frag in rows:
        for y in re.findall(r"(20\d{2})年", frag.label_text):
            latest[p_idx] = max(latest.get(p_idx, 0), int(y))
    for p_idx, frag in rows:
        spec = tprof.panels[p_idx].year_rows
        if spec is None:
            out.append((p_idx, frag))
            continue
        label = frag.label_text
        year = re.search(r"(20\d{2})年", label)
        mine = group.setdefault(p_idx, [])
        if any(re.fullmatch(s, label) for s in spec.change):
            if frag.amounts and p_idx not in current:
                raise ParseIssue(f"table {code}: change line '{label}' without its year's line", frag.page)
            if frag.amounts:
                _join_amounts(current[p_idx], frag, spec.change_prefix)
            mine.clear()
            current.pop(p_idx, None)
            continue
        if year and mine and any(int(y) >= int(year.group(1)) for f in mine
                                 for y in re.findall(r"(20\d{2})年", f.label_text)):
            mine.clear()  # the years start again: a new unit
            current.pop(p_idx, None)
        mine.append(frag)
        if year is None and frag.amounts:
            raise ParseIssue(f"table {code}: row '{label}' has amounts but no year", frag.page)
        if year is not None and int(year.group(1)) == latest.get(p_idx):
            name = "".join(re.sub(r"20\d{2}年", "", f.label_text) for f in mine)
            first = frag.label[0] if frag.label else next(iter(frag.amounts.values()))
            frag.label = [Word(name or label, first.x0, first.x1, first.top, first.bottom)]
            for earlier in mine[:-1]:
                if earlier.amounts:
                    _join_amounts(frag, earlier, spec.prior)
            current[p_idx] = frag
            out.append((p_idx, frag))
    return out


def _join_amounts(row: Fragment, other: Fragment, prefix: str) -> None:
    """`other`'s amounts into `row`, under `prefix` + their column key, each keeping its page."""
    for key, word in other.amounts.items():
        row.amounts[prefix + key] = word
        if other.page != row.page:
            row.amount_pages[prefix + key] = other.page
