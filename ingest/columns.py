"""Header and columns: a segment's lines split into header, data and meta lines; the header's
cells matched to the profile's columns (aliases, left to right) as column anchors, and the
panels' horizontal extents."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from ingest.base import (
    NOTE,
    TABLE_NUMBER,
    UNIT_RE,
    ParseIssue,
    alias_match,
    has_whole_amounts,
    is_data_line,
    looks_like_amount,
)
from ingest.header_cells import HeaderCell
from ingest.layout import Line
from ingest.ocr_chars import recognition
from ingest.profile import TableProfile, Transposed
from ingest.text import NUMBERED, normalize, parse_amount


@dataclass(slots=True)
class Anchor:
    panel: int
    key: str  # column key, or "_line" for the 行次 column
    x0: float
    x1: float

    # Where the column's amounts lie (column_extent): None on a side without a bound.
    extent: tuple[float | None, float | None] = (None, None)

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


def column_extent(cell: HeaderCell, cells: list[HeaderCell]) -> tuple[float | None, float | None]:
    """The x-extent of a column: between the vertical rules of its header cell where the header is
    ruled; and never past the header cells printed left and right of it (in its band) (an unruled cell's
    borders lie somewhere between its text and theirs). Amounts are placed by nearest header
    (rows.py); this is what the re-reader checks that placement against (ingest/reread.py)."""
    x0, x1 = cell.own_span
    # (beside it: a cell whose print shares its band; not a word above the header, `表` of a
    # table code the recogniser read alone at the page's right margin, 预算 seed 2075)
    beside = [c for c in cells if c is not cell and _band(c)[0] < _band(cell)[1] and _band(cell)[0] < _band(c)[1]]
    left = max((c.x1 for c in beside if c.x1 <= x0 + 1), default=None)
    right = min((c.x0 for c in beside if c.x0 >= x1 - 1), default=None)
    if cell.ruled is not None:
        left = cell.ruled[0] if left is None else max(left, cell.ruled[0])
        right = cell.ruled[1] if right is None else min(right, cell.ruled[1])
    return left, right


def _band(cell: HeaderCell) -> tuple[float, float]:
    return min(w.top for w in cell.words), max(w.bottom for w in cell.words)


@dataclass(slots=True)
class Layout:
    """Column anchors and panel boundaries, reusable on a continuation page without header."""

    anchors: list[Anchor]
    panel_bounds: list[tuple[float, float, float]]  # (panel start, label zone end, panel end)
    transposed: dict[int, Transposed] = field(default_factory=dict)  # panels printed transposed
    # The x-span of a 序号 header cell: the rows' running numbers printed left of their labels
    # (西安 `1 | 一、部门预算`), read as the row's number, never as its label or code (see rows.py).
    row_numbers: tuple[float, float] | None = None


# The header of a column of running row numbers (no code, no 栏次/行次 of the columns).
ROW_NUMBER_HEADER = "序号"
# A header cell naming the subject columns (科目编码, 科目名称, 部门预算支出经济科目) heads the
# labels, never amounts, whatever column alias it contains (珠海 B06's one column `预算`).
SUBJECT_HEADER = "科目"


def row_number_span(cells: list[HeaderCell]) -> tuple[float, float] | None:
    """The x-span of the 序号 column: its header cell's, open to the left where it is the table's
    leftmost header cell (西安 2021 表8 centres `序号` in a wide cell and prints the numbers at the
    cell's left rule, 8 pt left of the header text: nothing but the numbers is printed there)."""
    cell = next((c for c in cells if c.text == ROW_NUMBER_HEADER), None)
    if cell is None:
        return None
    return (float("-inf") if all(c.x0 >= cell.x0 for c in cells) else cell.x0, cell.x1)


def split_header(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(header lines, data lines, meta lines such as 单位： and 公开01表)."""
    meta: list[Line] = []
    header: list[Line] = []
    data: list[Line] = []
    for i, line in enumerate(lines):
        text = line.norm
        if NOTE.match(text):
            break
        if data:
            data.append(line)
            continue
        if UNIT_RE.search(line.text) or TABLE_NUMBER.fullmatch(text):
            meta.append(line)
            continue
        if "栏次" in text or (header and numbers_the_columns(line)):
            # The 栏次 line numbers the columns: it closes the header, data follows.
            header.append(line)
            return header, _until_note(lines[i + 1 :]), meta
        if header and all(w.text.isdigit() for w in line.words):
            # Whole numbers under the header that number nothing are a row of whole amounts
            # without label: the one row of a “三公” table printed without 栏次 line in a
            # spreadsheet's General format (`25 | 0 | 25 | 0 | 25 | 0`).
            data.append(line)
            continue
        first = normalize(line.words[0].text)
        # A header cell may read like a row label (合计 heads the total column of 05), so
        # only amounts (also whole 元: 上海's total row `合计 | 2644871` atop its rows, and a label
        # followed by whole numbers that are not the 栏次 numbering), codes and numbered 01/04
        # labels start the data.
        # (small whole numbers only under a header line: above it they are the title block's, a
        # table code read `裁 | 6` for 预算06表, 预算 seed 2083)
        small = bool(header) and _small_whole_amounts(line)
        if is_data_line(line) or has_whole_amounts(line) or small or NUMBERED.match(first):
            data.append(line)
            continue
        header.append(line)
    return header, data, meta


def _small_whole_amounts(line: Line) -> bool:
    """A label followed only by whole numbers shorter than `has_whole_amounts` asks for, that
    neither number the columns nor read as years: a row of small whole amounts (a 万元 table's
    total row `合计 | 3 | 3`). Read as a header line, its label would name the total column and
    every amount below would shift one column (the `3` of 合计 read as 基本支出's)."""
    numbers = line.words[1:]
    if not numbers or not all(w.text.isdigit() for w in numbers) or line.words[0].text.isdigit():
        return False
    values = [int(w.text) for w in numbers]
    counting = values[0] == 1 and all(b in (a + 1, 1) for a, b in itertools.pairwise(values))
    return not counting and not all(re.fullmatch(r"(19|20)\d\d", w.text) for w in numbers)


def numbers_the_columns(line: Line) -> bool:
    """A line of bare whole numbers counting the columns: each one more than the one before it,
    or 1 again where a panel starts its own count (`1 | 2 | 3`, `1 | 2 | 1 | 2 | 3`)."""
    if not line.words or not all(w.text.isdigit() for w in line.words):
        return False
    numbers = [int(w.text) for w in line.words]
    return all(b in (a + 1, 1) for a, b in itertools.pairwise(numbers))


def _until_note(lines: list[Line]) -> list[Line]:
    out = []
    for line in lines:
        if NOTE.match(line.norm):
            break
        out.append(line)
    return out


def column_layout(
    cells: list[HeaderCell], tprof: TableProfile, data: list[Line], header: list[Line] | None = None
) -> Layout | None:
    """Assign header cells to columns left to right (see the profile file's header comment).
    `header`: the header lines, merged parent cells included (`2025年预算数` over the columns
    of that year); else the cells' text."""
    if len(tprof.panels) == 1 and tprof.panels[0].by_order:
        # Columns by printed order (Panel.by_order): the labels end where the amounts start, the
        # amounts by their form (decimals, separators). Where none has that form, whole 元 amounts
        # like 551800 count, unless first on their line (a unit code); never where some have it:
        # a unit code after a wrapped name and the 序号 (西安 2022 表13 `西安市交通运 | 2 | 222 |
        # 346.73 …`) is no amount.
        words = [(i, w) for line in data for i, w in enumerate(line.words)]
        xs = [w.x0 for _, w in words if looks_like_amount(w.text)] or [
            w.x0 for i, w in words if i > 0 and parse_amount(w.text) is not None
        ]
        if not xs:
            return None
        anchors = [Anchor(0, key, 0.0, 0.0) for key in tprof.panels[0].columns]
        return Layout(anchors, [(float("-inf"), min(xs) - 2, float("inf"))], row_numbers=row_number_span(cells))
    best: list[Anchor] = []
    best_transposed: dict[int, Transposed] = {}
    choices = [p.header_orders() for p in tprof.panels]
    # An alternative order with a prior year's columns (keys prior_…: 烟台 “三公” 2025年预算数 |
    # 2026年预算数, 中央 2025年执行数 beside the 2026 budget) applies only where the header names
    # two years: elsewhere its repeated aliases would out-match a one-year header's own order. (A
    # family whose own order has them, 西安 上年 | 当年 | 增减, prints them every year.)
    texts = [line.norm for line in header] if header is not None else [c.text for c in cells]
    two_years = len({y for t in texts for y in re.findall(r"(20\d{2})年", t)}) >= 2
    for orders in itertools.product(*choices):
        if not two_years and any(
            k.startswith("prior_")
            for panel, (columns, _) in zip(tprof.panels, orders, strict=True)
            if columns is not panel.columns
            for k in columns
        ):
            continue
        sequence: list[tuple[int, str, list[str]]] = []
        for p_idx, (panel, (columns, _)) in enumerate(zip(tprof.panels, orders, strict=True)):
            if panel.line_column:
                sequence.append((p_idx, "_line", panel.line_column))
            sequence.extend((p_idx, key, aliases) for key, aliases in columns.items())
        found: list[Anchor] = []
        pointer = 0
        for cell in cells:
            if SUBJECT_HEADER in cell.text:
                continue
            text = _as_printed(cell.text, sequence)
            for i in range(pointer, len(sequence)):
                p_idx, key, aliases = sequence[i]
                if alias_match(text, aliases):
                    found.append(Anchor(p_idx, key, *cell.own_span, column_extent(cell, cells)))
                    pointer = i + 1
                    break
        found += _out_of_order(cells, found, sequence)
        found += _lost_by_column_numbers(found, sequence, header or [])
        if len(found) > len(best):
            best = found
            best_transposed = {i: t for i, (_, t) in enumerate(orders) if t is not None}
    anchors = best
    if not any(a.key != "_line" for a in anchors):
        return None
    present = sorted({a.panel for a in anchors})
    for p_idx, panel in enumerate(tprof.panels):
        if p_idx not in present and not panel.optional:
            raise ParseIssue(f"header of panel '{panel.name}' not recognised")
    # A panel the table does not print (06 printed in two halves) gets an empty range.
    bounds: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * len(tprof.panels)
    start = float("-inf")
    numbers = [w for line in data for w in line.words if looks_like_amount(w.text)]
    for i, p_idx in enumerate(present):
        mine = [a for a in anchors if a.panel == p_idx]
        label_end = min(a.x0 for a in mine) - 2
        # An amount under the first column's header cell is that column's, even where it starts
        # left of the cell's text (江苏 jcy_2019 07表: `金额` printed right of its amounts).
        first = min(mine, key=lambda a: a.x0)
        under = [w.x0 for w in numbers if w.x0 > start and w.x0 < first.x0 < w.x1]
        label_end = min([label_end, *(x - 1 for x in under)])
        end = float("inf")
        if i + 1 < len(present):
            following = [a for a in anchors if a.panel == present[i + 1]]
            # Amounts are right-aligned in their cells: the panel ends just after the widest
            # amount of its last column (the next panel's labels start at the cell border).
            last = max(mine, key=lambda a: a.x1)
            nxt = min(following, key=lambda a: a.x0)
            ours = [w.x1 for w in numbers if w.xc > start and abs(w.xc - last.xc) < abs(w.xc - nxt.xc)]
            later = [c.x0 for c in cells if c.x0 > last.x1]
            # (amounts are placed by their centre, so the end may lie a point inside the widest
            # one: a label glued to it, `0.00结转下年`, starts right at its estimated x1)
            end = max(ours) - 1 if ours else (last.x1 + min(later, default=nxt.x0)) / 2
            if not ours:
                # No amount in our last column on this page (江苏 01: blank 功能 lines): the
                # next panel's left-aligned labels may start before that midpoint.
                starts = [w.x0 for line in data for w in line.words
                          if last.x1 < w.x0 < end and parse_amount(w.text) is None]
                end = min([end, *starts])
        bounds[p_idx] = (start, label_end, end)
        start = end
    return Layout(anchors, bounds, best_transposed, row_number_span(cells))


def _as_printed(text: str, sequence: list[tuple[int, str, list[str]]]) -> str:
    """A header cell's text, or, where it names no column as read, without the marks read at its
    ends (recognition.yaml `lone_marks`: `行：`, its `次` read as a colon) and with the characters
    the recogniser confuses read back (`label_lookalikes`: `其他收人` for 其他收入; `header_lookalikes`:
    `决算教` for 决算数) where it then names one, or the one column name it is all but the last
    character of. Else an amount under
    the cell would go to a neighbouring column (or a 行次 join its row's label)."""
    vocabulary = recognition()
    stripped = text.strip(vocabulary.lone_marks)
    swaps = {**vocabulary.label_lookalikes, **vocabulary.header_lookalikes}
    swapped = "".join(swaps.get(ch, ch) for ch in stripped)
    for fixed in (text, stripped, swapped):
        if any(alias_match(fixed, aliases) for _, _, aliases in sequence):
            return fixed
    # (a cell's last character lost where its text wraps onto a line of its own, `本年收入合` over
    # a `计` read as nothing: the one column name it begins, a name long enough to tell)
    names = {a for _, _, aliases in sequence for a in aliases}
    whole = {a for a in names if len(a) > _TOLD_BY_START and a[:-1] in (stripped, swapped)}
    return whole.pop() if len(whole) == 1 else text


# A header cell's text this long (characters) that a column's name begins, all but its last
# character, names that column (`本年收入合` of 本年收入合计; not `合` of 合计).
_TOLD_BY_START = 5


def _out_of_order(
    cells: list[HeaderCell], found: list[Anchor], sequence: list[tuple[int, str, list[str]]]
) -> list[Anchor]:
    """Anchors for the cells the in-order pass left out whose text names a column of the same
    panel that is still unused: templates print the same sources in different orders (重庆
    B02 puts 事业收入 before 上级补助收入). The panel is that of the nearest anchor on the left."""
    taken = {(a.panel, a.key) for a in found}
    spans = {(a.x0, a.x1) for a in found}
    extra: list[Anchor] = []
    for cell in cells:
        if cell.own_span in spans or SUBJECT_HEADER in cell.text:
            continue
        left = [a for a in found if a.x1 <= cell.x0]
        if not left:
            continue
        panel = max(left, key=lambda a: a.x1).panel
        text = _as_printed(cell.text, sequence)
        for p_idx, key, aliases in sequence:
            if p_idx == panel and (p_idx, key) not in taken and alias_match(text, aliases):
                extra.append(Anchor(p_idx, key, *cell.own_span, column_extent(cell, cells)))
                taken.add((p_idx, key))
                break
    return extra


def _lost_by_column_numbers(
    found: list[Anchor], sequence: list[tuple[int, str, list[str]]], header: list[Line]
) -> list[Anchor]:
    """Anchors for the columns whose header cell was lost (recognition read nothing there, or lost
    the wrapped last line that names it: 09's 决算数 `合计`, 决算 seed 2111; `公务用车运行维护` over a
    lost `费`, 2165), placed by the line numbering the columns under the header (`1 | 2 | … | 12`):
    the n-th number is the n-th column's where the numbers rise one by one (a number lost, `2 | …
    | 12`, leaves the others their columns) or, where they start again at 1 for each panel, where
    they number as many columns as the panels print. Only where every anchor found whose number
    was read lies nearest that number, and a lost column's number lies between its neighbours'
    anchors: else its amounts go to a neighbour's column and the table's rules quarantine it."""
    numbering = header[-1] if header else None
    if numbering is None or not numbers_the_columns(numbering):
        return []
    columns = [(p_idx, key) for p_idx, key, _ in sequence if key != "_line"]
    values = [int(w.text) for w in numbering.words]
    if all(b > a for a, b in itertools.pairwise(values)):
        ordinals = [v - 1 for v in values]
    elif len(values) == len(columns):
        ordinals = list(range(len(values)))
    else:
        return []
    if not found or len(found) >= len(columns) or not 0 <= min(ordinals) <= max(ordinals) < len(columns):
        return []
    number_at = dict(zip(ordinals, numbering.words, strict=True))
    index = {column: i for i, column in enumerate(columns)}
    checked = 0
    for anchor in found:
        i = index.get((anchor.panel, anchor.key))
        if i is None:
            return []
        if i in number_at:
            if min(number_at, key=lambda j: abs((number_at[j].x0 + number_at[j].x1) / 2 - anchor.xc)) != i:
                return []
            checked += 1
    if checked < 2:
        return []
    by_column = {index[(a.panel, a.key)]: a for a in found}
    lost: list[Anchor] = []
    for i, (p_idx, key) in enumerate(columns):
        if i in by_column or i not in number_at:
            continue
        left = max((a.x1 for j, a in by_column.items() if j < i), default=None)
        right = min((a.x0 for j, a in by_column.items() if j > i), default=None)
        word = number_at[i]
        if (left is not None and word.x0 < left) or (right is not None and word.x1 > right):
            return []
        lost.append(Anchor(p_idx, key, word.x0, word.x1, (left, right)))
    return lost
