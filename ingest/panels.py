"""One reader per panel kind (ingest.profile: `kind:` of a panel, default `lines`).

The table reader (ingest.tables) walks a table's assembled rows in printed order; a row whose
label is one of its panel's `rows` (or is made by its kind, such as a turned panel's rows) gets
that row key there. Every other row is read by its panel kind's reader, which says what the
row is: a subject (its code), a unit, the table's one row. A kind may also regroup its rows
before they are read (a turned table pivoted, per-year lines joined into one row per unit) and
number its lines (the lines of a transposed one-row table are one row).

    lines        subjects by code (or by name where the table has subjects); unit rows where
                 the header names units
    classes      spending by 功能 类 named by label (01/04), their 款/项 by name under them
    one_row      the table's one data row (“三公”经费), possibly printed transposed
    unit_blocks  深圳: the first unit row is the table's total, later ones are units; lines
                 printed per year joined (YearRows)
    rotated      printed turned (广东 “三公”): each printed column becomes a row
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ingest.base import ParseIssue
from ingest.codes import resolve_code, resolve_name
from ingest.layout import Word
from ingest.profile import (
    ClassesPanel,
    LinesPanel,
    OneRowPanel,
    Panel,
    RotatedPanel,
    TableProfile,
    UnitBlocksPanel,
)
from ingest.records import Amount
from ingest.rows import Fragment
from ingest.subjects import CodeResolver, class_code_for_name
from ingest.text import LINE_NUMBERING, NUMBERED

Rows = list[tuple[int, Fragment]]


@dataclass(slots=True)
class TableState:
    """What the readers share while one table's rows are read in printed order."""

    code: str
    tprof: TableProfile
    resolvers: dict[str, CodeResolver]
    by_unit: bool  # the header names units (部门名称 / 单位名称): rows are budget units
    transposed: set[int] | frozenset[int]  # panels whose header was read transposed
    lone_line: bool = False  # the table has one line with amounts
    parents: dict[int, dict[int, str]] = field(default_factory=dict)  # panel -> level length -> open code
    units: dict[int, int] = field(default_factory=dict)  # unit rows seen per unit_blocks panel
    one_row: dict[int, int] = field(default_factory=dict)  # row_no of a transposed one-row panel


@dataclass(slots=True)
class RowRead:
    """What a row is: its label as read, and a subject code and/or a row key."""

    label: str
    subject_code: str | None = None
    printed_code: str | None = None
    row_key: str | None = None


class PanelReader:
    """The reader of one panel kind (the base: no regrouping, rows numbered as printed)."""

    def regroup(self, code: str, rows: Rows, tprof: TableProfile) -> Rows:
        """The table's rows with this kind's rows regrouped (before codes are learnt)."""
        return rows

    def read(self, state: TableState, p_idx: int, panel: Panel, frag: Fragment, label: str) -> RowRead:
        """A row its panel's labelled lines do not name."""
        return subject_row(state, p_idx, frag, label)

    def row_no(
        self, state: TableState, p_idx: int, frag: Fragment, label: str, row_no: int, amounts: list[Amount]
    ) -> int:
        """The row number of a read row (`amounts`: the table's amounts read so far)."""
        return row_no


def subject_row(state: TableState, p_idx: int, frag: Fragment, label: str) -> RowRead:
    """A subject row: its code printed (cut codes recovered) or, printed by name alone, the
    catalog's code by name under the rows above. Nothing where the table has no subjects."""
    kind = state.tprof.subjects
    if frag.codes and kind:
        printed = "".join(frag.codes)
        subject = resolve_code(printed, label, kind, state.resolvers, state.parents, p_idx)
        if subject is None:
            raise ParseIssue(
                f"table {state.code}: cannot recover the code printed as {printed} ('{label}')",
                frag.page,
                (frag.top, frag.bottom),
            )
        return RowRead(label, subject, printed)
    if frag.amounts and kind:
        # A subject printed by name alone (杭州 prints no codes): the catalog's, by name
        # under the rows above; the printed name is kept, no code is printed.
        return RowRead(label, resolve_name(label, kind, state.resolvers, state.parents, p_idx))
    return RowRead(label)


def _unit_row(
    state: TableState, panel: LinesPanel | OneRowPanel | UnitBlocksPanel, frag: Fragment, label: str
) -> RowRead | None:
    """Where the header names units, a row with amounts is a budget unit (its unit code kept as
    printed_code)."""
    if state.by_unit and panel.unit_rows and frag.amounts:
        return RowRead(label, row_key=panel.unit_rows.key, printed_code="".join(frag.codes) or None)
    return None


class LinesReader(PanelReader):
    def read(self, state: TableState, p_idx: int, panel: Panel, frag: Fragment, label: str) -> RowRead:
        assert isinstance(panel, LinesPanel)
        if unit := _unit_row(state, panel, frag, label):
            return unit
        return subject_row(state, p_idx, frag, label)


class ClassesReader(PanelReader):
    def read(self, state: TableState, p_idx: int, panel: Panel, frag: Fragment, label: str) -> RowRead:
        assert isinstance(panel, ClassesPanel)
        if not frag.amounts:
            return subject_row(state, p_idx, frag, label)
        resolvers, parents = state.resolvers, state.parents
        subject_code: str | None = None
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
            raise ParseIssue(
                f"table {state.code}: spending line '{label}' is no known 类",
                frag.page,
                (frag.top, frag.bottom),
            )
        return RowRead(label, subject_code)


class OneRowReader(PanelReader):
    def read(self, state: TableState, p_idx: int, panel: Panel, frag: Fragment, label: str) -> RowRead:
        assert isinstance(panel, OneRowPanel)
        return _unit_row(state, panel, frag, label) or RowRead(label, row_key=panel.row.key)

    def row_no(
        self, state: TableState, p_idx: int, frag: Fragment, label: str, row_no: int, amounts: list[Amount]
    ) -> int:
        # A one-row table printed transposed (a line per item or per 预算数/决算数, the line's label
        # completing the column keys) is still one row: its lines share the first line's row_no, so
        # the per-row identities (“三公” 合计 = Σ items) see all of its amounts together.
        if p_idx in state.transposed and frag.amounts:
            row_no = state.one_row.setdefault(p_idx, row_no)
            if twice := {a.column_key for a in amounts if a.row_no == row_no} & set(frag.amounts):
                raise ParseIssue(
                    f"table {state.code}: line '{label}' repeats column {min(twice)}",
                    frag.page,
                    (frag.top, frag.bottom),
                )
        return row_no


class UnitBlocksReader(PanelReader):
    def regroup(self, code: str, rows: Rows, tprof: TableProfile) -> Rows:
        return latest_year_rows(code, rows, tprof)

    def read(self, state: TableState, p_idx: int, panel: Panel, frag: Fragment, label: str) -> RowRead:
        assert isinstance(panel, UnitBlocksPanel)
        if unit := _unit_row(state, panel, frag, label):
            return unit
        if frag.amounts and not frag.codes:
            # 深圳: no 合计 line; the first unit row (the department) is the total, then its units.
            key = panel.unit_rows.key if p_idx in state.units else panel.unit_total.key
            state.units[p_idx] = state.units.get(p_idx, 0) + 1
            return RowRead(label, row_key=key)
        return subject_row(state, p_idx, frag, label)


class RotatedReader(PanelReader):
    def regroup(self, code: str, rows: Rows, tprof: TableProfile) -> Rows:
        return pivot_rotated(code, rows, tprof)


READERS: dict[str, PanelReader] = {
    "lines": LinesReader(),
    "classes": ClassesReader(),
    "one_row": OneRowReader(),
    "unit_blocks": UnitBlocksReader(),
    "rotated": RotatedReader(),
}


def regroup(code: str, rows: Rows, tprof: TableProfile) -> Rows:
    """The table's rows regrouped by the readers of its panels' kinds."""
    for kind in dict.fromkeys(p.kind for p in tprof.panels):
        rows = READERS[kind].regroup(code, rows, tprof)
    return rows


def pivot_rotated(code: str, rows: Rows, tprof: TableProfile) -> Rows:
    """Turn the rows of a panel printed turned (Rotated: 广东 “三公”经费 table lists the items as
    rows and the funds as columns) into the profile's shape: one row per printed column (its
    anchor key is the row key), the item named by each printed row's label as the column key.
    Every amount keeps its own page and box."""
    out: Rows = []
    turned: dict[tuple[int, str], Fragment] = {}
    for p_idx, frag in rows:
        panel = tprof.panels[p_idx]
        if not isinstance(panel, RotatedPanel):
            out.append((p_idx, frag))
            continue
        rotated = panel.rotated
        if not frag.amounts:
            continue  # a heading line without amounts
        item = rotated.item_key(frag.label_text)
        if item is None:
            raise ParseIssue(
                f"table {code}: row '{frag.label_text}' is none of {list(rotated.items)}",
                frag.page,
                (frag.top, frag.bottom),
            )
        for key, w in frag.amounts.items():
            target = turned.get((p_idx, key))
            if target is None:
                name = next(c.name for c in rotated.columns if c.key == key)
                target = Fragment(frag.page, frag.top, frag.bottom, row_key=key)
                target.label = [Word(name, w.x0, w.x1, w.top, w.bottom)]
                turned[(p_idx, key)] = target
                out.append((p_idx, target))
            if item in target.amounts:
                raise ParseIssue(
                    f"table {code}: two rows read as item {item} ('{frag.label_text}')",
                    frag.page,
                    (frag.top, frag.bottom),
                )
            # (its column key names the printed row, not a header cell: no column span to check)
            target.amounts[item] = Word(w.text, w.x0, w.x1, w.top, w.bottom)
    return out


def latest_year_rows(code: str, rows: Rows, tprof: TableProfile) -> Rows:
    """The rows of panels printed per year (YearRows: 深圳 “三公” `2025年` | `2026年` | `增减变化金额`
    per unit) as one row per unit: the latest year's line, labelled with the unit named on its
    group's lines (the name is printed on the first year's line, wrapped names around it), with
    the earlier year's amounts and the change line's joined under prefixed keys. A group ends at
    its change line or where the years start again."""
    out: Rows = []
    group: dict[int, list[Fragment]] = {}
    current: dict[int, Fragment] = {}  # per panel, the group's latest-year line, once seen
    latest: dict[int, int] = {}  # per panel, the latest year its rows name
    for p_idx, frag in rows:
        for y in re.findall(r"(20\d{2})年", frag.label_text):
            latest[p_idx] = max(latest.get(p_idx, 0), int(y))
    for p_idx, frag in rows:
        panel = tprof.panels[p_idx]
        spec = panel.year_rows if isinstance(panel, UnitBlocksPanel) else None
        if spec is None:
            out.append((p_idx, frag))
            continue
        label = frag.label_text
        year = re.search(r"(20\d{2})年", label)
        mine = group.setdefault(p_idx, [])
        if any(re.fullmatch(s, label) for s in spec.change):
            if frag.amounts and p_idx not in current:
                raise ParseIssue(
                    f"table {code}: change line '{label}' without its year's line",
                    frag.page,
                    (frag.top, frag.bottom),
                )
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
            raise ParseIssue(f"table {code}: row '{label}' has amounts but no year", frag.page, (frag.top, frag.bottom))
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
