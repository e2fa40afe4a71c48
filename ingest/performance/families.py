"""The 绩效 table families (ingest/performance/families.yaml) as typed models."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import Field, model_validator

from ingest.data import Strict
from ingest.layout import CJK
from ingest.ocr_chars import recognition
from ingest.performance.records import FundLineKind, PerformanceDocKind, PerformanceScope
from ingest.performance.values import year_in


class MoneyBlock(Strict):
    columns: dict[str, list[str]]
    lines: dict[FundLineKind, list[str]]
    # 湖北 部门总体资金情况: the money columns are years (2019年 | 2020年), the column of the title's
    # year is this field; the others are not read
    year_column: Literal["budget_initial", "budget_full_year", "executed"] | None = None
    # a block printed in sections (收入构成 | 支出构成, each with its 合计): only the lines beside the
    # section label named here are read
    section: list[str] = Field(default_factory=list)


class InlineRows(Strict):
    """A table of one row per project whose indicator list is written inline in one cell
    (广东 项目支出绩效目标表): the header words of its columns, each money column the line of the
    project's money block it is, and the grammar of one inline item."""

    project: list[str]
    indicators: list[str]
    money_column: Literal["budget_initial", "budget_full_year", "executed"]
    lines: dict[FundLineKind, list[str]]
    item: str  # regex of one item: groups no, level1, level2, level3, target (period_target)
    unit_line: str | None = None  # regex on the lines outside the grid: group unit

    @property
    def item_re(self) -> re.Pattern[str]:
        return re.compile(self.item)


class ProjectGrid(Strict):
    """Several projects in one grid of indicator columns (重庆 表十二, 长春 预算表11): each project's
    项目名称 cell, and its money cells, merged over the project's indicator rows. Each project
    becomes a table of its own; each money column the line of its money block it is, read as
    `money_column` (a targets table is a budget: no 年初/调整 split, no execution)."""

    project: list[str]
    money_column: Literal["budget_initial", "budget_full_year", "executed"] = "budget_full_year"
    lines: dict[FundLineKind, list[str]] = Field(default_factory=dict)

    def words(self) -> dict[str, list[str]]:
        """Header words of the grid's own columns, as reader fields: `project`, `money:<line>`."""
        return {"project": self.project, **{f"money:{kind}": words for kind, words in self.lines.items()}}


class ProjectList(Strict):
    """A list of projects' money, one row per project (长沙 项目支出情况表): 序号 | 项目名称 | the money
    columns (field → header words; the fields of FundLine) | a reason column. Rows are the 合计
    row (`totals`), group rows (序号 matching `group_number`: 一, 二 …) and item rows (`item_number`:
    1, 2 …) under the group above them. Each row becomes a table of its own, its money the `total`
    line of its block (ingest/performance/project_list.py)."""

    number: list[str]
    project: list[str]
    columns: dict[
        Literal["budget_full_year", "budget_in_place", "executed", "execution_rate", "unspent", "unspent_reason"],
        list[str],
    ]
    totals: list[str]
    group_number: str  # regex (full match) of a group row's 序号
    item_number: str  # regex (full match) of an item row's 序号

    def words(self) -> dict[str, list[str]]:
        """Header words of every column, as reader fields."""
        return {"number": self.number, "project": self.project, **self.columns}


class BaseLineSpec(Strict):
    """A line of a 绩效评价基础数据表's 经费 block: its label words, the line it belongs to, whether
    the lines under it add up to it (rule P9), whether one line per 专项 follows it."""

    words: list[str]
    parent: str | None = None
    sums: bool = False
    items: bool = False


class BaseBuildings(Strict):
    title: list[str]  # the label of the 楼堂馆所 block (its header row)
    columns: dict[str, list[str]]


class BaseDataSpec(Strict):
    """A 绩效评价基础数据表 (湖南): staffing header words, the measures of the 经费 columns (each
    header a year then a measure), the template's 经费 lines, 楼堂馆所 and 厉行节约 labels
    (ingest/performance/base_data.py)."""

    staffing: dict[Literal["authorized", "actual", "control_rate"], list[str]]
    measures: dict[Literal["final", "budget"], list[str]]
    lines: dict[str, BaseLineSpec]
    buildings: BaseBuildings
    savings_measures: list[str]

    @model_validator(mode="after")
    def _parents_known(self) -> BaseDataSpec:
        for key, line in self.lines.items():
            if line.parent is not None and line.parent not in self.lines:
                raise ValueError(f"base_data line {key}: parent {line.parent} is no line")
        return self

    def summed_lines(self) -> tuple[str, ...]:
        """The lines whose lines under them add up to them."""
        return tuple(k for k, line in self.lines.items() if line.sums)


class Family(Strict):
    name: str
    title: str
    doc_kind: PerformanceDocKind
    scope: PerformanceScope
    fields: dict[str, list[str]] = Field(default_factory=dict)
    indicators: dict[str, list[str]] = Field(default_factory=dict)
    money: MoneyBlock | None = None
    totals: list[str] = Field(default_factory=list)
    inline: InlineRows | None = None  # (the whole table is read by ingest/performance/inline.py)
    project_grid: ProjectGrid | None = None  # (one table read, then split by project: reader.py)
    # the template scores its money block as 分值 × 执行率 (at most 分值): the gate checks it (P5)
    money_score_by_rate: bool = False
    # every line the template prints under its money total is read (P6 adds them up): false where
    # a printed line has no line kind of the contract (广州 财政专户拨款), so the read lines cannot sum
    money_lines_all_read: bool = True
    # header words of a group whose leaves are earlier years' values (湖北 近两年指标值: 2019年 | 2020年)
    prior_values: list[str] = Field(default_factory=list)
    # a table of several indicator blocks, each under its own header and label: a `period` block's
    # 指标值 is a long-term target (period_target), a `year` block's the year's target
    block_labels: dict[Literal["period", "year"], list[str]] = Field(default_factory=dict)
    project_list: ProjectList | None = None  # (one table per printed row: project_list.py)
    # the title may be any line of the page, not only one of its first (a table printed inside a
    # report's text, under the paragraph introducing it); the title regex must then match the line whole
    title_anywhere: bool = False
    base_data: BaseDataSpec | None = None  # (a 绩效评价基础数据表: ingest/performance/base_data.py)

    def money_words(self, title: str) -> tuple[dict[str, list[str]], tuple[str, ...]]:
        """The money block's header words and the fields that anchor its header row. Columns named
        by year (湖北 2019年 | 2020年): the column of the title's year is `year_column`, the other
        years' (`other_year`) only bound the labels."""
        if self.project_list is not None:
            amounts = {f: w for f, w in self.project_list.columns.items() if f != "unspent_reason"}
            return amounts, ("budget_full_year", "executed")
        if self.money is None:
            return {}, ()
        if self.money.year_column is None:
            return self.money.columns, ("budget_full_year", "executed")
        year = year_in(title)
        if year is None:
            return {}, ()
        others = [f"{y}年" for y in range(year - 5, year + 3) if y != year]
        return {self.money.year_column: [f"{year}年"], "other_year": others}, (self.money.year_column,)

    @property
    def title_ideographs(self) -> frozenset[str]:
        """The ideographs of the family's title pattern."""
        return frozenset(CJK.findall(self.title))

    def titles(self, text: str) -> bool:
        """Whether a title line names the family: the title words end it (a year in brackets
        may follow), a sentence that mentions such a table goes on after them."""
        return re.search(f"(?:{self.title})(?:[（(][^）)]*年度?[)）])?$", text) is not None


# How many of a page's first lines a family's title is looked for in (the reader's, the office
# reader's, the recognised pages' title repairs).
TITLE_LINES = 6
_TABLE = "表"


def title_read_back(text: str) -> str | None:
    """A recognised title line that names no family as read, with the one character put right
    that makes it name one, else None: named as read, or no single character makes it one, or
    more than one does. The character: an ideograph of the families' titles in place of one read
    (`…一般性项自绩效目标表（一级项目）`: `目` read `自` by both recognisers, 目标表 seed 72, never seen:
    the page was read as no table's and its three tables lost without a word), or the closing
    bracket the first recogniser loses at a text's end (recognition.yaml `closing_lost`:
    `…绩效目标表（一级项目`, 目标表 seed 74: the page taken for the table before it continued).
    A family whose title may be any line (a table inside text) is not looked for so: its title
    is a whole line of a page's text, any of them."""
    if _TABLE not in text or any(family.titles(text) for family in families()):
        return None  # (every family's title names its 表: a line without one is no title of theirs)
    pairs = recognition().second_reads.closing_lost
    opening = next((ch for ch in reversed(text) if ch in pairs or ch in pairs.values()), None)
    closed = [text + pairs[opening]] if opening in pairs else []
    found = {
        fixed
        for family in families()
        if not family.title_anywhere
        for fixed in [
            *closed,
            *(
                text[:i] + printed + text[i + 1 :]
                for i, read in enumerate(text)
                if CJK.fullmatch(read)
                for printed in family.title_ideographs
                if printed != read
            ),
        ]
        if family.titles(fixed)
    }
    return found.pop() if len(found) == 1 else None


# Marks a scan's speck is read as before a word.
_LEADING_SPECKS = "：:·.,，、…"


def header_field(text: str, words: dict[str, list[str]]) -> str | None:
    """The field a header cell names: the field with the longest of its words the text starts
    with (`分值` and `指标分值` are both words of `weight`; `得分` is `score`). Marks before the
    text are no part of it: no header word starts with one (a speck read `：` before `三级指标` by
    the second recogniser, 自评表 seed 73: its indicator header was not found, its rows not read)."""
    text = re.sub(r"\s+", "", text).lstrip(_LEADING_SPECKS).removeprefix("其中：").removeprefix("其中:")
    best: tuple[int, str] | None = None
    for field, aliases in words.items():
        for alias in aliases:
            if text.startswith(alias) and (best is None or len(alias) > best[0]):
                best = (len(alias), field)
    return best[1] if best else None


@cache
def _families_yaml() -> dict[str, Any]:
    """families.yaml, read once."""
    text = resources.files("ingest.performance").joinpath("families.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@cache
def indicator_levels() -> dict[str, re.Pattern[str]]:
    """The forms of the 一级 / 二级 labels the templates print (families.yaml `indicator_levels`)."""
    return {level: re.compile(pattern) for level, pattern in _families_yaml()["indicator_levels"].items()}


@cache
def unread_columns() -> tuple[str, ...]:
    """The header words of columns no field holds (families.yaml `unread_columns`)."""
    return tuple(_families_yaml()["unread_columns"])


@cache
def families() -> tuple[Family, ...]:
    data = _families_yaml()
    return tuple(Family.model_validate({"name": name, **spec}) for name, spec in data["families"].items())
