"""Rows: each data line cut into one fragment per panel (label words, codes, amounts assigned
to the nearest column anchor, 行次), and the fragments assembled into rows (wrapped label lines
joined to the nearest row)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.base import ParseIssue, looks_like_amount
from ingest.codes import join_code_stacks, join_wrapped_code_cells, repair_clipped_code_cells, split_glued_code
from ingest.columns import Layout
from ingest.layout import Line, Word, reading_order
from ingest.profile import Panel, TableProfile
from ingest.text import CODE_RE, NUMBERED, is_blank_mark, normalize, parse_amount

# A printed ratio: -60.86% · 1009.71% (a column the profile keys *_pct; see line_fragments).
RATIO = re.compile(r"-?\d+(\.\d+)?%")


@dataclass(frozen=True, slots=True)
class PlacedAmount(Word):
    """An amount word with the x-extent of the column it was placed under (columns.column_extent;
    that of the table's header page where a continuation page prints none): lineage the
    re-reader checks the amount's box against (ingest/reread.py)."""

    column: tuple[float | None, float | None] = (None, None)


@dataclass(slots=True)
class Fragment:
    """What one printed line holds within one panel."""

    page: int
    top: float
    bottom: float
    codes: list[str] = field(default_factory=list)
    code_words: list[Word] = field(default_factory=list)  # where the codes are printed
    label: list[Word] = field(default_factory=list)
    amounts: dict[str, Word] = field(default_factory=dict)
    line_no: int | None = None
    row_key: str | None = None  # set for the rows of a panel printed turned (Rotated)
    # The page of an amount joined from another line, where it differs (YearRows: a unit's
    # prior-year line can end a page whose next page starts with its report-year line).
    amount_pages: dict[str, int] = field(default_factory=dict)

    @property
    def label_text(self) -> str:
        return normalize("".join(w.text for w in reading_order(self.label)))


def _panel_of_straddling_amount(w: Word, layout: Layout, p_idx: int) -> int:
    """The panel of a number whose centre lies in a panel's label zone but that starts in the
    panel before it: an amount of that panel's last column, its box reaching over the border
    (the panel ends where its widest amount on the page does; a scan's box of a lone `7` read
    again came out 4 points wider right, 决算 seed 2189's 04 `7` read as the label `7 二、外交支出`).
    No panel's amount stands in its own label zone."""
    start, label_end, _ = layout.panel_bounds[p_idx]
    if parse_amount(w.text) is None or not w.x0 < start <= w.xc < label_end:
        return p_idx
    return next((i for i, (s, _, e) in enumerate(layout.panel_bounds) if s < e and e == start), p_idx)


def _panel_of_straddling_text(w: Word, layout: Layout, p_idx: int) -> int:
    """The panel of a text that starts in a panel's amount zone but whose centre lies in the next
    panel's label zone: that panel's label, its box begun a point or two early (决算 seed 2507's
    01: `162.82一、一般公共服务支出` recognised as one box and cut where the amount ends, at 419,
    the 支出 panel starting at 420.3 — read into the 收入 label). No label starts among amounts;
    a text starting with digits there is an amount glued to the next label (`811003一、教育支出`,
    预算 seed 2491): it stays, to be read as the misreading it is, never the label alone."""
    _, label_end, end = layout.panel_bounds[p_idx]
    if w.text[:1].isdigit() or w.text[:1] == "-" or w.x0 + 1 < label_end or w.xc < end:
        return p_idx
    after = next((i for i, (s, _, e) in enumerate(layout.panel_bounds) if s == end < e), p_idx)
    return after if w.xc < layout.panel_bounds[after][1] else p_idx


def line_fragments(code: str, line: Line, layout: Layout, tprof: TableProfile) -> list[tuple[int, Fragment]]:
    frags = [Fragment(line.page, line.top, line.bottom) for _ in tprof.panels]
    pending: dict[int, list[Word]] = {}  # amounts per panel, assigned to columns below
    numbered: set[int] = set()  # panels whose line_no is a 序号 running number
    for w in line.words:
        # Amounts by their centre; text by its left edge (labels are left-aligned and may overflow).
        x = w.xc if parse_amount(w.text) is not None else w.x0 + 1
        # Panel ranges tile the line from -inf to +inf (a panel not printed has an empty range).
        p_idx = next(i for i, (s, _, e) in enumerate(layout.panel_bounds) if s <= x < e)
        p_idx = _panel_of_straddling_text(w, layout, _panel_of_straddling_amount(w, layout, p_idx))
        frag = frags[p_idx]
        _, label_end, _ = layout.panel_bounds[p_idx]
        text = w.text.strip()
        # A one-row table has no label column: an amount left of its header cell is still an amount.
        one_row_amount = tprof.panels[p_idx].kind == "one_row" and parse_amount(text) is not None
        if w.xc < label_end and not one_row_amount:
            if _is_row_number(text, w, layout):
                frag.line_no = int(text)
                numbered.add(p_idx)
                continue
            if looks_like_amount(text):
                # An amount in the label zone would be lost in the label (a column whose amounts
                # print left of its header cell): never guessed, quarantined.
                raise ParseIssue(
                    f"table {code}: amount {text} left of the columns ('{line.text[:60]}')",
                    line.page,
                    (line.top, line.bottom),
                )
            frag.label.append(w)  # codes are split off below, once the whole zone is known
            continue
        if is_blank_mark(text):
            continue
        if RATIO.fullmatch(text) and any(a.panel == p_idx and a.key.endswith("_pct") for a in layout.anchors):
            # A ratio (增减(%) beside 增减额, 中央 B05) is no money amount of the contract: where
            # the profile names the ratio column (a key ending _pct) its cells are not read.
            continue
        # A bare integer right of the labels is the 行次 where the panel has that column, else
        # an amount in whole 元 (上海 budget tables print 2,878,025 and 500 alike).
        # A negative whole number (西安 “三公” 增减 `-53090`) is an amount in any panel: no 行次 is negative.
        whole = (text.isdigit() and not tprof.panels[p_idx].line_column) or (text[:1] == "-" and text[1:].isdigit())
        if looks_like_amount(text) or whole or (tprof.panels[p_idx].by_order and parse_amount(text) is not None):
            pending.setdefault(p_idx, []).append(w)  # (by_order: also -20400, whole 元)
        elif text.isdigit() and _under_amount_column(w, layout, p_idx):
            # Where the header prints the 行次 column, a whole number under another column is an
            # amount printed without decimals (西安 2020: 1890 for 1,890.00).
            pending.setdefault(p_idx, []).append(w)
        elif text.isdigit():
            frag.line_no = int(text)
        else:
            frag.label.append(w)
    for p_idx, words in pending.items():
        if tprof.panels[p_idx].by_order:
            keys = list(tprof.panels[p_idx].columns)
            if len(words) != len(keys):
                raise ParseIssue(
                    f"table {code}: {len(words)} amounts on a line of {len(keys)} columns ('{line.text[:60]}')",
                    line.page,
                    (line.top, line.bottom),
                )
            frags[p_idx].amounts = dict(zip(keys, sorted(words, key=lambda w: w.x0), strict=True))
            continue
        mine = [a for a in layout.anchors if a.panel == p_idx and a.key != "_line"]
        if not mine:
            # (a panel whose header named no column of amounts, yet amounts on its line: a header
            # cell misread, or a number astray; never guessed)
            raise ParseIssue(
                f"table {code}: amount {words[0].text} in a panel with no column of amounts ('{line.text[:60]}')",
                line.page,
                (line.top, line.bottom),
            )
        nearest = [min(mine, key=lambda a: abs(a.xc - w.xc)) for w in words]
        if len({a.key for a in nearest}) < len(words):
            # Two amounts nearest to one header: amounts are right-aligned while headers are
            # centred (江苏 rdbgt_2018 03表: `合计` far left of its 15897.44: an amount belongs to
            # the last column whose header starts before the amount ends) or their cell's last
            # header line is short (西安 2022 收入总表 `0` under 其中：专项资金列入部门预/算项目: the
            # right edges decide). The first reading that gives each amount its own column wins.
            by_start = [max((a for a in mine if a.x0 <= w.x1), key=lambda a: a.x0, default=None) for w in words]
            by_right = [min(mine, key=lambda a: abs(a.x1 - w.x1)) for w in words]
            for reading in (by_start, by_right):
                if all(reading) and len({a.key for a in reading if a}) == len(words):
                    nearest = [a for a in reading if a]
                    break
            else:
                key = next(a.key for i, a in enumerate(nearest) if a in nearest[:i])
                # (the band of the amounts, not of the line: a row joined from its printed lines,
                # `223020 | 公益性设施投资支出` over `2 | 729 | 9.30`, is read again where they are
                # printed — the band of both holds two rows, which a reading again never replaces)
                raise ParseIssue(
                    f"table {code}: two amounts fall in column {key} on one line ('{line.text[:60]}')",
                    line.page,
                    (min(w.top for w in words), max(w.bottom for w in words)),
                )
        for w, anchor in zip(words, nearest, strict=True):
            frags[p_idx].amounts[anchor.key] = PlacedAmount(w.text, w.x0, w.x1, w.top, w.bottom, anchor.extent)
    # Codes are the digit-only words left of the name (类 | 款 | 项 cells, or one code cell);
    # a name wrapped above its row comes first in reading order, so go by position.
    for frag in frags:
        split_glued_code(frag, tprof.subjects)
        join_wrapped_code_cells(frag, tprof.subjects)
        repair_clipped_code_cells(frag)
        names = [w for w in frag.label if not CODE_RE.match(w.text.strip())]
        name_x0 = min((w.x0 for w in names), default=float("inf"))
        # (left of the name: its middle before the name's start, as boxes read from a page image
        # overlap by a point or two where the code cell is clipped: `2080506` to 69, `机关…` from 67)
        codes = sorted((w for w in frag.label if CODE_RE.match(w.text.strip()) and (w.x0 + w.x1) / 2 < name_x0),
                       key=lambda w: w.x0)
        if codes:
            frag.codes = [w.text.strip() for w in codes]
            frag.code_words = codes
            frag.label = [w for w in frag.label if w not in codes]
    # Transposed panels: the row label (预算数 / 决算数) completes the column keys.
    for p_idx, transposed in layout.transposed.items():
        frag = frags[p_idx]
        if frag.amounts:
            prefix = transposed.prefix(frag.label_text)
            if prefix is None:
                raise ParseIssue(
                    f"table {code}: row '{frag.label_text}' is none of {list(transposed.rows)}",
                    line.page,
                    (line.top, line.bottom),
                )
            frag.amounts = {prefix + key: w for key, w in frag.amounts.items()}
    # A total line's label may sit in a cell merged over several panels (公用经费合计 over the
    # middle and right groups of table 06): its amounts then land in a panel without label.
    for i, frag in enumerate(frags):
        if frag.amounts and not (frag.label or frag.codes):
            left = next((f for f in reversed(frags[:i]) if f.label and not f.amounts and not f.codes), None)
            if left is not None:
                left.amounts, frag.amounts = frag.amounts, {}
    # (a running number alone, its row's label printed in another panel, is no row of its own)
    return [
        (i, f) for i, f in enumerate(frags) if f.codes or f.label or f.amounts or (f.line_no and i not in numbered)
    ]


def _under_amount_column(w: Word, layout: Layout, p_idx: int) -> bool:
    """Whether `w` is nearer an amount column of its panel than the panel's 行次 column (False
    where the header printed no 行次 column: then a bare whole number is taken as the 行次)."""
    mine = [a for a in layout.anchors if a.panel == p_idx]
    if not any(a.key == "_line" for a in mine):
        return False
    return min(mine, key=lambda a: abs(a.xc - w.xc)).key != "_line"


def _is_row_number(text: str, w: Word, layout: Layout) -> bool:
    """A bare number under the header's 序号 cell: the row's running number, a column of its own
    left of the label (not its code, nor the start of its label: `1 | 一、部门预算` is no
    `1一、部门预算`, `16` no two-digit code). Up to three digits: a code is longer."""
    span = layout.row_numbers
    return span is not None and text.isdigit() and len(text) <= 3 and span[0] - 2 <= w.xc <= span[1] + 2


def _is_anchor_row(frag: Fragment, panel: Panel, seen: set[str]) -> bool:
    label = frag.label_text
    return bool(
        frag.codes
        or frag.amounts
        or frag.line_no is not None
        or NUMBERED.match(label)
        or re.match(r"\d{1,2}、\D", label)  # 西安 numbers lines 1、 2、 …, printed without amounts when empty
        or panel.row_key(label, seen)
    )


def assemble_rows(frags: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """Rows of a table in printed order, wrapped label lines joined to the nearest row of the
    same panel on the same page (a name wrapped over two lines, above and/or below its row)."""
    frags = join_code_stacks(frags, tprof.subjects)
    rows: list[tuple[int, Fragment]] = []
    loose: list[tuple[int, Fragment]] = []
    seen_keys: dict[int, set[str]] = {}
    for p_idx, frag in frags:
        panel = tprof.panels[p_idx]
        if _is_anchor_row(frag, panel, seen_keys.setdefault(p_idx, set())):
            rows.append((p_idx, frag))
            key = panel.row_key(frag.label_text, seen_keys[p_idx])
            if key:
                seen_keys[p_idx].add(key)
        else:
            loose.append((p_idx, frag))
    # Whether each loose fragment atop its page ends its panel's last row of the page before
    # (None: its label names rows either way, see _ends_row_before).
    atop: dict[int, tuple[Fragment, bool | None]] = {}
    for p_idx, frag in loose:
        same = [r for i, r in rows if i == p_idx and r.page == frag.page]
        before = _row_before_page(rows, p_idx, frag, same)
        if before is not None:
            atop[id(frag)] = (before, _ends_row_before(before, frag, tprof.panels[p_idx], seen_keys[p_idx]))
    for p_idx, frag in loose:
        same = [r for i, r in rows if i == p_idx and r.page == frag.page]
        before, ends = atop.get(id(frag), (None, False))
        if ends is None:
            # A page break cuts a row across every panel: where another panel's lines on the same
            # printed line end that panel's row of the page before, these end theirs too (西安
            # 2022 表1: `(基本建设)` of `(5)资本性支出` beside `出` of `11、债务利息及费用支`).
            ending = [other for i, other in loose if i != p_idx and atop.get(id(other), (None, False))[1] is True]
            if not any(o.page == frag.page and o.top < frag.bottom and frag.top < o.bottom for o in ending):
                raise ParseIssue(
                    f"label '{frag.label_text}' atop page {frag.page} may end the row '{before.label_text}' of "
                    "the page before or begin the row below it",
                    frag.page,
                )
            ends = True
        if before is not None and ends:
            # (below the row's own lines in reading order, though printed higher on its page)
            drop = before.bottom - min(w.top for w in frag.label) + 1
            moved = [Word(w.text, w.x0, w.x1, w.top + drop, w.bottom + drop) for w in frag.label]
            before.label = [*before.label, *moved]
            continue
        if not same or _below_the_table(frag, same):
            continue
        target = min(same, key=lambda r: min(abs(r.top - frag.bottom), abs(frag.top - r.bottom)))
        target.label = [*target.label, *frag.label]
    rows.sort(key=lambda r: (r[1].page, r[1].top, r[0]))
    return rows


# How far below its page's last row (in that page's median line heights) a label line may still be
# that row's wrapped name: a name wrapped in a tall cell runs two or three lines under its amounts.
WRAP_REACH = 6


def _below_the_table(frag: Fragment, same: list[Fragment]) -> bool:
    """A label line far below every row of its page is page furniture, not a wrapped name: a
    scan's page number read as a character (预算 seed 2489's `- 15 -` read `厂`, 380 points under
    the last row `合计`, and joined to it as `合计厂`). It holds no amount or code (those are rows)."""
    last = max(r.bottom for r in same)
    heights = sorted(r.bottom - r.top for r in [*same, frag])
    return frag.top - last > WRAP_REACH * heights[len(heights) // 2]


def _row_before_page(
    rows: list[tuple[int, Fragment]], p_idx: int, frag: Fragment, same: list[Fragment]
) -> Fragment | None:
    """The panel's last row on the page before, where `frag` is printed above every row of its
    panel on its own page: the lines there may end that row, its label cut by the page break."""
    if any(r.top < frag.bottom - 0.5 for r in same):
        return None
    earlier = [r for i, r in rows if i == p_idx and r.page == frag.page - 1]
    return max(earlier, key=lambda r: (r.page, r.top)) if earlier else None


def _ends_row_before(before: Fragment, frag: Fragment, panel: Panel, seen: set[str]) -> bool | None:
    """Whether label lines atop a page end the last labelled row of the page before (西安 2022
    表1: `11、债务利息及费用支` | page break | `出`): that row's label names no row as printed and
    names one with them. None where it names a row either way, and another with them
    (`(5)资本性支出` and `(基本建设)`: the row before may be 资本性支出 or 资本性支出（基本建设）,
    the row below too): the lines alone do not say which row they belong to, and the table is
    quarantined unless another panel's lines beside them do (assemble_rows)."""
    if before.codes or not before.label:
        return False
    joined = panel.row_key(normalize(before.label_text + frag.label_text), seen)
    if joined is None:
        return False
    alone = panel.row_key(before.label_text, seen)
    if alone is not None and alone != joined:
        return None
    return alone is None
