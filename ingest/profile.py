"""Table profiles: the layouts of the standard tables, loaded from YAML data files.

A profile says how to recognise a table (title patterns), which amount columns it has (header
aliases, left to right, grouped in panels printed side by side) and which non-subject rows it
has (row-label aliases). Regional variants and 部门预算 tables are added as data, not code.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, PrivateAttr, Tag, field_validator

from ingest.data import LineKind, data_files, read_data_file
from ingest.data import Strict as _Strict
from ingest.kinds import report_kinds
from ingest.narrative import NARRATIVE_KINDS, NarrativeProfile, load_narrative
from ingest.text import LINE_NUMBERING, normalize

# Line numbering templates put before summary lines: 一、 / （一） and also 1. / 1、 / （1）.
# Titles are matched without their quote marks: a wrapped title may print them on a line of their
# own (江苏 `…培训费支出预` / `“ | ”` / `算表`), and templates differ in printing them at all
# (“三公”经费 / 三公经费). Title patterns are written without quotes (checked on load).
_QUOTES = re.compile(r"[“”\"‘’']")
_NUMBERING = re.compile(rf"^({LINE_NUMBERING}|\d{{1,2}}[.．](?!\d)|[（(]\d{{1,3}}[)）])")


class RowKey(_Strict):
    """A line that is not a subject row: its stable key, what kind of line it is, its name."""

    key: str
    line_kind: LineKind
    name: str


class RowAlias(RowKey):
    label: str
    after: str | None = None

    def matches(self, label: str, seen: set[str]) -> bool:
        if self.after is not None and self.after not in seen:
            return False
        return re.fullmatch(self.label, _NUMBERING.sub("", label)) is not None


class Transposed(_Strict):
    rows: dict[str, str]  # row label regex -> column key prefix
    columns: dict[str, list[str]]

    def prefix(self, label: str) -> str | None:
        return next((p for pattern, p in self.rows.items() if re.fullmatch(pattern, label)), None)


class RotatedColumn(RowKey):
    header: list[str]  # aliases of the printed column that becomes this row


class Rotated(_Strict):
    """A one-row table printed turned (广东 “三公”经费 table: items as rows, funds as columns):
    each printed column becomes a row (its key, by header aliases), each printed row's label
    names the column key of its amounts."""

    items: dict[str, str]  # row label regex -> column key
    columns: list[RotatedColumn]

    def item_key(self, label: str) -> str | None:
        text = _NUMBERING.sub("", re.sub(r"^其中[：:]", "", label))
        return next((key for pattern, key in self.items.items() if re.fullmatch(pattern, text)), None)


class YearRows(_Strict):
    """Rows printed per year (深圳 “三公”经费: `2025年` | `2026年` | `增减变化金额` for each unit):
    one row per unit, the latest year's (the report's own), labelled with the unit named on the
    group's rows. An earlier year's amounts join it under `prior` + column key, the change row's
    (labelled by one of `change`) under `change_prefix` + column key, as the other templates'
    prior-year and change columns do (烟台, 西安)."""

    change: list[str] = Field(default_factory=list)  # labels of the change row
    prior: str = "prior_"
    change_prefix: str = "change_"

    def keys(self, columns: list[str]) -> list[str]:
        return [prefix + k for prefix in (self.prior, self.change_prefix) for k in columns]


class _PanelBase(_Strict):
    """What every panel kind has: its columns (header aliases, left to right) and the labelled
    lines it prints besides its subject rows. The shared steps (header → columns, lines → rows)
    read these for every kind; each kind adds the options only its reader reads."""

    name: str
    columns: dict[str, list[str]]
    side: Literal["income", "expense", "table"] = "table"  # 01/04 print an income and a spending side
    line_column: list[str] = Field(default_factory=list)
    rows: list[RowAlias] = Field(default_factory=list)
    optional: bool = False  # some layouts do not print this panel (06 in two halves)
    # Other left-to-right orders of the same columns (09 printed 预算数/决算数 per item); the
    # order whose aliases match the most header cells wins.
    alt_columns: list[dict[str, list[str]]] = Field(default_factory=list)
    # The header cannot be read cell by cell (长春: vertical one-character columns, wrapped 小计
    # cells run into each other) but every row prints every column (explicit 0.00): a row's
    # amounts are the columns in printed order, and a row with another count is not read.
    by_order: bool = False

    def row_key(self, label: str, seen: set[str]) -> str | None:
        # Rows with a satisfied `after` constraint win: 04 repeats 一般公共预算财政拨款 under the
        # carry-over line, where it means the carry-over's breakdown, not the income item.
        for alias in sorted(self.rows, key=lambda a: a.after is None):
            if alias.matches(label, seen):
                return alias.key
        return None

    def line_key(self, label: str, coded: bool, seen: set[str], lone_line: bool) -> str | None:
        """The row key of a labelled line (`coded`: the line prints a code, so it is a subject);
        `lone_line`: the line is the table's only line with amounts."""
        return None if coded else self.row_key(label, seen)

    def header_orders(self) -> list[tuple[dict[str, list[str]], Transposed | None]]:
        """The column orders the header may print (and the transposition each implies)."""
        return [(self.columns, None), *((c, None) for c in self.alt_columns)]

    def extra_column_keys(self) -> list[str]:
        """Column keys this kind makes besides those of its column orders."""
        return []

    def extra_lines(self) -> list[RowKey]:
        """Non-subject lines this kind makes besides the labelled `rows`."""
        return []


class LinesPanel(_PanelBase):
    """The common kind: rows are subjects (by code, or by name where the table has subjects)
    and the labelled lines of `rows`."""

    kind: Literal["lines"] = "lines"
    # Where the header names units (部门名称 / 单位名称), rows are budget units, not subjects: each
    # gets this row key, its unit code kept as printed_code (苏州 收入总表: 024 | 苏州市审计局).
    unit_rows: RowKey | None = None
    # The row key (one of `rows`) of a table's only amount line where it has neither label nor
    # code (中央 收入总表 prints just its 合计 line, unlabelled, under the header).
    unlabelled_row: str | None = None

    def line_key(self, label: str, coded: bool, seen: set[str], lone_line: bool) -> str | None:
        key = super().line_key(label, coded, seen, lone_line)
        if key is None and self.unlabelled_row and not (label or coded) and lone_line:
            key = self.unlabelled_row
        return key

    def extra_lines(self) -> list[RowKey]:
        return [self.unit_rows] if self.unit_rows else []


class ClassesPanel(_PanelBase):
    """Rows are 功能分类 类 named by label only (01/04 spending side), with their 款/项 by name
    under them where printed (深圳, 浙江)."""

    kind: Literal["classes"]


class OneRowPanel(_PanelBase):
    """The table has one unlabelled data row (“三公”经费), this one."""

    kind: Literal["one_row"]
    row: RowKey
    # The table printed transposed (西安 09: a 预算数 row and a 决算数 row, items as columns):
    # the row label picks the prefix of the column keys. A vertical list (福建 “三公”: a line per
    # item, one 预算数 column keyed "") gets its whole column key from the line's label.
    transposed: Transposed | None = None
    unit_rows: RowKey | None = None  # as LinesPanel.unit_rows

    def header_orders(self) -> list[tuple[dict[str, list[str]], Transposed | None]]:
        orders = super().header_orders()
        return [*orders, (self.transposed.columns, self.transposed)] if self.transposed else orders

    def extra_column_keys(self) -> list[str]:
        t = self.transposed
        return [prefix + k for prefix in t.rows.values() for k in t.columns] if t else []

    def extra_lines(self) -> list[RowKey]:
        return [self.row, *([self.unit_rows] if self.unit_rows else [])]


class UnitBlocksPanel(_PanelBase):
    """深圳: no 合计 line; the first unit row (the department's name) is the table's total, with
    `unit_total`; every later unit row gets `unit_rows`. Rows without code and known label are
    units."""

    kind: Literal["unit_blocks"]
    unit_rows: RowKey
    unit_total: RowKey
    year_rows: YearRows | None = None  # rows printed per year (see YearRows)

    def extra_column_keys(self) -> list[str]:
        return self.year_rows.keys(list(self.columns)) if self.year_rows else []

    def extra_lines(self) -> list[RowKey]:
        return [self.unit_rows, self.unit_total]


class RotatedPanel(_PanelBase):
    """Printed turned: rows are the items (see Rotated)."""

    kind: Literal["rotated"]
    rotated: Rotated

    def header_orders(self) -> list[tuple[dict[str, list[str]], Transposed | None]]:
        # a turned panel's printed columns are its rows: anchors keyed by row key (see ingest.panels)
        return [({c.key: c.header for c in self.rotated.columns}, None)]

    def extra_column_keys(self) -> list[str]:
        return list(self.rotated.items.values())

    def extra_lines(self) -> list[RowKey]:
        return [RowKey(key=c.key, line_kind=c.line_kind, name=c.name) for c in self.rotated.columns]


def _panel_kind(value: object) -> str:
    if isinstance(value, dict):
        return str(value.get("kind", "lines"))
    return str(getattr(value, "kind", "lines"))


# A panel is one of the kinds, named by its `kind:` (default `lines`): it can carry only the
# options its kind's reader reads (see ingest.panels).
Panel = Annotated[
    Annotated[LinesPanel, Tag("lines")]
    | Annotated[ClassesPanel, Tag("classes")]
    | Annotated[OneRowPanel, Tag("one_row")]
    | Annotated[UnitBlocksPanel, Tag("unit_blocks")]
    | Annotated[RotatedPanel, Tag("rotated")],
    Discriminator(_panel_kind),
]


class TableProfile(_Strict):
    name: str  # canonical title, e.g. 收入支出决算总表
    title: list[str]
    panels: list[Panel]
    subjects: Literal["function", "economic"] | None = None

    @field_validator("title")
    @classmethod
    def _compiles(cls, patterns: list[str]) -> list[str]:
        for p in patterns:
            re.compile(p)
            if _QUOTES.search(p):
                raise ValueError(f"title pattern {p!r}: titles are matched without quote marks, write it without them")
        return patterns

    def matches_title(self, text: str) -> bool:
        return any(re.search(p, text) for p in self.title)

    def named_in(self, lines: list[str]) -> bool:
        """Whether one of the (normalised) lines names this table, as a 目录 entry does
        (`一、收入支出决算总表……5`)."""
        for line in lines:
            text = re.sub(r"[.…·\-—]*\d*$", "", _NUMBERING.sub("", _QUOTES.sub("", line)))
            if any(re.search(p, text) for p in self.title):
                return True
        return False

    @property
    def column_keys(self) -> tuple[str, ...]:
        """Column keys in printed order, without repeats (01/06 panels share `amount`)."""
        keys = [k for p in self.panels for cols in (p.columns, *p.alt_columns) for k in cols]
        keys += [k for p in self.panels for k in p.extra_column_keys()]
        return tuple(dict.fromkeys(keys))

    @property
    def row_keys(self) -> tuple[str, ...]:
        """Keys of the rows that are no subject, in profile order, without repeats."""
        keys = [a.key for p in self.panels for a in p.rows]
        keys += [row.key for p in self.panels for row in p.extra_lines()]
        return tuple(dict.fromkeys(keys))

    def row_key_lines(self) -> list[tuple[str, RowKey]]:
        """(side, row key) of every non-subject line, without repeats."""
        lines = {}
        for p in self.panels:
            for row in [*p.rows, *p.extra_lines()]:
                lines.setdefault(row.key, (p.side, row))
        return list(lines.values())


# Lines remembered per profile (a long run reads many documents: the memory stays bounded).
_TITLE_CACHE_SIZE = 50_000


class ReportProfile(_Strict):
    kind: str  # one of ingest/kinds.yaml's kinds that have a phase
    kind_markers: list[str]
    label: str  # regex of the printed table number, e.g. 公开01表
    tables: dict[str, TableProfile]
    # Titles of tables the template prints but the profile does not read (江苏 收入预算总表 by
    # source, 政府采购预算表): where several tables share a page, such a title ends the table
    # printed before it.
    other_titles: list[str] = Field(default_factory=list)
    # What each line read as a title gave (title_code): every line of every page is asked of
    # every profile while the document's kind is chosen, most of them many times.
    _title_codes: dict[tuple[str, bool], str | None] = PrivateAttr(default_factory=dict)
    # The tables by title length, and one pattern searching every title (built on first use).
    _titles: tuple[list[tuple[str, TableProfile]], re.Pattern[str]] | None = PrivateAttr(default=None)

    @field_validator("kind")
    @classmethod
    def _kind_is_read(cls, kind: str) -> str:
        if kind not in report_kinds():
            raise ValueError(f"kind {kind!r} is not a kind with a phase in ingest/kinds.yaml: {report_kinds()}")
        return kind

    def _title_text(self, line: str, table_follows: bool) -> str | None:
        text = normalize(line)
        text = re.sub(self.label, "", text)
        text = re.split(r"(金额)?单位[：:]", text)[0]
        text = re.sub(r"[（(](功能|经济)科目[)）]$", "", text)  # 江苏: …支出预算表（功能科目）
        text = _QUOTES.sub("", text)
        if len(text) > 60:
            return None  # a sentence, not a title
        if re.match(r"^[一二三四五六七八九十]+、", text):
            # A table of contents lists the titles numbered (一、收支预算总表); some templates
            # number the titles of the tables themselves too (江苏 一、2017年度…收支预算总表): a
            # numbered title counts only where the table's 单位：/部门： line follows it, which
            # never follows a contents entry (the next entry does).
            if not table_follows:
                return None
            text = re.sub(r"^[一二三四五六七八九十]+、", "", text)
        return text

    def title_code(self, line: str, table_follows: bool = False) -> str | None:
        """The code of the table `line` is the title of, "" for a table the profile does not read
        (other_titles), None when the line is no title (remembered per line)."""
        key = (line, table_follows)
        if key not in self._title_codes:
            if len(self._title_codes) >= _TITLE_CACHE_SIZE:
                self._title_codes.clear()
            self._title_codes[key] = self._title_code(self._title_text(line, table_follows))
        return self._title_codes[key]

    def _title_code(self, text: str | None) -> str | None:
        if self._titles is None:
            # Longest title first: 财政拨款收入支出决算总表 must not be read as 收入支出决算总表.
            by_length = sorted(self.tables.items(), key=lambda kv: -max(len(t) for t in kv[1].title))
            every = [p for _, table in by_length for p in table.title] + self.other_titles
            # (one search of every pattern at once first: most lines are no title at all)
            self._titles = (by_length, re.compile("|".join(f"(?:{p})" for p in every)))
        by_length, any_title = self._titles
        if text is None or not any_title.search(text):
            return None
        code = next((code for code, table in by_length if table.matches_title(text)), None)
        if code is None and any(re.search(p, text) for p in self.other_titles):
            return ""
        return code

    def printed_table_number(self, line: str) -> str | None:
        m = re.search(self.label, normalize(line))
        return m.group(1).zfill(2) if m else None


# Every profile file in ingest/profiles/ (final_accounts.yaml, …).
PROFILES: tuple[str, ...] = data_files("profiles")


@cache
def load_profile(name: str = "final_accounts") -> ReportProfile:
    """The profile of ingest/profiles/<name>.yaml (`extends:` resolved), once every profile of
    its kind has been checked to define each line the same way (see `row_conflicts`)."""
    profile = _validated(name)
    _check_rows(profile.kind)
    return profile


@cache
def _validated(name: str) -> ReportProfile:
    return ReportProfile.model_validate(profile_data(name))


@cache
def _check_rows(kind: str) -> None:
    profiles = [(name, _validated(name)) for name in PROFILES]
    if conflicts := row_conflicts([(n, p) for n, p in profiles if p.kind == kind]):
        raise ValueError("conflicting row definitions:\n" + "\n".join(conflicts))


def row_conflicts(profiles: list[tuple[str, ReportProfile]]) -> list[str]:
    """The row keys defined differently within one kind: a key names one line per table code,
    with one side, line kind and name, in whichever family file and panel defines it (the
    vocabulary of raw.vocabulary has one entry per kind, table and key)."""
    first: dict[tuple[str, str, str], tuple[tuple[str, str, str], str]] = {}
    conflicts = []
    for name, profile in profiles:
        for code, table in profile.tables.items():
            for panel in table.panels:
                for row in [*panel.rows, *panel.extra_lines()]:
                    meaning = (panel.side, row.line_kind, row.name)
                    where = f"{name}.yaml {code} panel {panel.name}"
                    seen, at = first.setdefault((profile.kind, code, row.key), (meaning, where))
                    if seen != meaning:
                        conflicts.append(f"{profile.kind} {code} row {row.key}: {meaning} in {where}, {seen} in {at}")
    return conflicts


def profile_data(name: str, _seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The data of a profile file with what it `extends:` resolved: a profile may name another
    one it builds on and give only what differs. Its keys replace the other's; its `tables`
    replace the other's tables of the same code (a table whole), in the other's order, and add
    new ones after them. Chains are followed (a cycle is an error)."""
    raw = read_data_file("profiles", name)
    if not isinstance(raw, dict):
        raise ValueError(f"profile {name}: not a mapping")
    parent = raw.pop("extends", None)
    if parent is None:
        return raw
    if parent == name or parent in _seen:
        raise ValueError(f"profile {name}: `extends: {parent}` is a cycle ({' → '.join((*_seen, name, parent))})")
    if parent not in PROFILES:
        raise ValueError(f"profile {name}: `extends: {parent}` names no file in ingest/profiles/")
    base = profile_data(parent, (*_seen, name))
    merged = {**base, **{k: v for k, v in raw.items() if k != "tables"}}
    merged["tables"] = {**base.get("tables", {}), **raw.get("tables", {})}
    return merged


def _merged(keys: str) -> dict[str, tuple[str, ...]]:
    merged: dict[str, dict[str, None]] = {}
    for name in PROFILES:
        for code, table in load_profile(name).tables.items():
            merged.setdefault(code, {}).update(dict.fromkeys(getattr(table, keys)))
    for _, narrative in _narratives():  # the statements of a text half: one column, a row per statement
        merged[narrative.table] = dict.fromkeys(
            ("amount",) if keys == "column_keys" else (s.key for s in narrative.statements)
        )
    return {code: tuple(k) for code, k in merged.items()}


def _narratives() -> list[tuple[str, NarrativeProfile]]:
    """(report kind, narrative table) of every ingest/narratives/<kind>.yaml."""
    return [(kind, load_narrative(kind)) for kind in NARRATIVE_KINDS]


def table_column_keys() -> dict[str, tuple[str, ...]]:
    """Column keys per table code over every profile file (template families of one kind share
    table codes and add columns), in first-seen order."""
    return _merged("column_keys")


def table_row_keys() -> dict[str, tuple[str, ...]]:
    """Non-subject row keys per table code over every profile file."""
    return _merged("row_keys")


def vocabulary_rows() -> list[tuple[str, str, str, str, str | None, str | None, str | None]]:
    """The contract's vocabulary from every profile, as rows for raw.vocabulary:
    (kind, table_code, key_type 'table'|'column'|'row', key, side, line_kind, name).

    A 'table' row names the table itself: key = what its subject codes classify ('function',
    'economic' or 'none'), side = 'text' for a narrative table (BN, PN: what a file read as text
    states), name = its canonical title."""
    rows: dict[tuple[str, str, str, str], tuple[str, str, str, str, str | None, str | None, str | None]] = {}
    for name in PROFILES:
        profile = load_profile(name)
        for code, table in profile.tables.items():
            # 01/04-like tables list spending by 功能 类 (class rows): their codes are function codes
            subjects = table.subjects or ("function" if any(p.kind == "classes" for p in table.panels) else "none")
            new = [(profile.kind, code, "table", subjects, None, None, table.name)]
            new += [(profile.kind, code, "column", key, None, None, None) for key in table.column_keys]
            new += [(profile.kind, code, "row", r.key, side, r.line_kind, r.name) for side, r in table.row_key_lines()]
            # A key shared by several family files of one kind is one vocabulary entry (the
            # first file's, budget.yaml before budget_jiangsu.yaml): its meaning is the same.
            for row in new:
                rows.setdefault(row[:3] + ((row[3],) if row[2] != "table" else ("",)), row)
    for kind, narrative in _narratives():
        t = narrative.table
        # (side `text`: the table of a file read as text, its statements; the profiles' tables have none)
        rows[(kind, t, "table", "")] = (kind, t, "table", "none", "text", None, narrative.name)
        rows[(kind, t, "column", "amount")] = (kind, t, "column", "amount", None, None, None)
        for s in narrative.statements:
            # (side `project`: a statement made once per project, its row label the project's name)
            side = "project" if s.repeat else "table"
            rows[(kind, t, "row", s.key)] = (kind, t, "row", s.key, side, s.line_kind, s.name)
    return list(rows.values())

