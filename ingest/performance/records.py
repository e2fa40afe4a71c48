"""The records the 绩效 reader hands to the warehouse: one `PerformanceTable` per 绩效 table read
(a 项目 or 整体 自评表, a 目标表), with its indicator rows and the lines of its money block.
Every value keeps its printed text beside the number read from it, and its page."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

PerformanceDocKind = Literal["self_evaluation", "targets", "evaluation"]
PerformanceScope = Literal["整体", "项目"]
FundLineKind = Literal["total", "fiscal", "carryover", "other"]
TableReadStatus = Literal["read", "quarantined"]
# A row of a list of projects' money (长沙 项目支出情况表): the 合计 row, a group row (一, 二 …) or an
# item row (1, 2 …: under the group above it, if any). Groups and their items print the same money
# twice: only rows of one level add up.
ListRowKind = Literal["total", "group", "item"]


@dataclass(frozen=True, slots=True)
class Indicator:
    """One indicator row as printed (the merged 一级/二级 labels carried down to it)."""

    row_no: int  # 1-based within its table (continuation pages keep counting)
    page: int
    level1: str | None
    level2: str | None
    level3: str | None
    target: str | None  # as printed
    target_operator: str | None  # =, ≥, ≤, >, < (＝ ≧ ≦ normalised)
    target_value: Decimal | None
    target_unit: str | None
    actual: str | None
    actual_value: Decimal | None
    weight_text: str | None
    weight: Decimal | None  # 分值
    score_text: str | None
    score: Decimal | None  # 得分
    deviation: str | None  # 偏差原因分析及改进措施
    top: float = 0.0
    bottom: float = 0.0
    period_target: str | None = None  # 实施周期指标值 as printed (targets of a multi-year project)
    target_year: int | None = None  # the year the target is for, where its header names one (预期2021年实现值)
    prior: tuple[tuple[int | None, str | None], ...] = ()  # earlier years' values: (year, as printed)
    target_basis: str | None = None  # 绩效标准 as printed (行业标准, 历史标准)
    # the operator's own cell as printed (北京 指标性质 `≥`, `定性`), where the table prints one: what
    # `target_operator` was read from (a scanned cell read `三` is no operator, and no blank)
    operator_text: str | None = None
    unit_text: str | None = None  # the unit's own cell as printed, where the table prints one (北京 计量单位)
    # Lineage: (x0, x1) of the row's columns whose header names no field (序号, 是否核心): published
    # in no way (families.yaml `unread_columns`)
    unread_spans: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class FundLine:
    """One line of a money block (年度资金总额, 其中财政拨款, 上年结转, 其他资金), amounts as printed
    in the block's money unit."""

    line: FundLineKind
    label: str
    page: int
    budget_initial: Decimal | None  # 年初预算数
    budget_full_year: Decimal | None  # 全年预算数
    executed: Decimal | None  # 全年执行数
    execution_rate_text: str | None  # as printed: 100.00%, 88.75, 1000%
    execution_rate: Decimal | None  # in percent (88.75 for 88.75%)
    weight: Decimal | None
    score: Decimal | None
    texts: dict[str, str] = field(default_factory=dict)  # column field → text as printed
    top: float = 0.0
    bottom: float = 0.0
    budget_in_place: Decimal | None = None  # 预算到位 (the budget made available: 指标下达)
    unspent: Decimal | None = None  # 指标结余 (the budget left unspent)
    unspent_reason: str | None = None  # 超支或结余资金原因及处理 as printed
    # Lineage: each money column's (x0, x1) on the line's page, by its field (as `texts`).
    spans: dict[str, tuple[float, float]] = field(default_factory=dict)


# The money columns whose text is published as printed (`execution_rate_text`, `unspent_reason`);
# every other one is published as its number, a blank mark (`—`, `--`) as none.
PRINTED_MONEY_FIELDS = frozenset({"execution_rate", "unspent_reason"})


@dataclass(slots=True)
class PerformanceTable:
    family: str  # the template family (ingest/performance/families.yaml)
    doc_kind: PerformanceDocKind
    scope: PerformanceScope
    title: str
    first_page: int
    last_page: int
    project: str | None = None  # 项目名称 as printed, wrapped lines joined; None for 整体
    unit_name: str | None = None  # 部门（单位）名称 / 主管部门 as printed
    printed_unit: str | None = None  # money unit of the money block: 万元 or 元
    status: TableReadStatus = "read"
    reason: str | None = None
    total_weight: Decimal | None = None  # the 总分 row: Σ 分值 as printed
    total_score: Decimal | None = None
    # The 总分 row's lineage (page, band) and its values as printed (weight / score → text): what
    # the 绩效 re-reader finds again before a failed Σ 分值 = 总分 is called the publisher's.
    total_page: int | None = None
    total_top: float = 0.0
    total_bottom: float = 0.0
    total_texts: dict[str, str] = field(default_factory=dict)
    indicators: list[Indicator] = field(default_factory=list)
    funds: list[FundLine] = field(default_factory=list)
    # A row of a list of projects' money (each row its own table): its level, and the table of the
    # row it adds up into (an item's group; a group's, or a flat list's item's, the 合计 row)
    row_kind: ListRowKind | None = None
    parent: PerformanceTable | None = field(default=None, repr=False, compare=False)
    base: BaseData | None = None  # a 绩效评价基础数据表's staffing, 经费 lines, 楼堂馆所 (base_data.py)

    @property
    def parent_project(self) -> str | None:
        """The group row's name for an item row under a group; None for any other row."""
        if self.row_kind == "item" and self.parent is not None and self.parent.row_kind == "group":
            return self.parent.project
        return None


# --- 绩效评价基础数据表 (湖南: staffing, 经费 by year, 楼堂馆所) -----------------------------------
# A 经费 column: its measure and the year its header names, as a role against the table's year
# (2022年决算数 in a 2023 table: prior_final).
BaseColumn = Literal["prior_final", "prior_budget", "budget", "final"]


@dataclass(frozen=True, slots=True)
class BaseAmount:
    """One 经费 cell: its column, the column's header and year as printed, the text as printed
    (None: blank) and its number in the table's money unit (None: blank)."""

    column: BaseColumn
    header: str
    year: int | None
    text: str | None
    value: Decimal | None


@dataclass(frozen=True, slots=True)
class BaseLine:
    """One 经费 line as printed: its label, the line of the template it is (families.yaml
    `base_data.lines`; None for one 专项 under a group listing them), its level and the line it
    belongs to (line_no of its parent, 1-based within the table), and its amounts by column."""

    line_no: int
    page: int
    label: str
    line_key: str | None
    level: int
    parent_no: int | None
    amounts: tuple[BaseAmount, ...]
    top: float = 0.0
    bottom: float = 0.0


@dataclass(frozen=True, slots=True)
class Staffing:
    """财政供养人员情况: 编制数, 实际在职人数, 控制率, each as printed and as a number."""

    page: int
    authorized_text: str | None
    authorized: Decimal | None
    actual_text: str | None
    actual: Decimal | None
    control_rate_text: str | None
    control_rate: Decimal | None  # in percent (81.40 for 81.40%)
    actual_header: str | None = None  # as printed (2023年实际在职人数)
    top: float = 0.0
    bottom: float = 0.0


@dataclass(frozen=True, slots=True)
class BuildingRow:
    """One printed row of 楼堂馆所控制情况: field → text as printed (批复规模 … 投资概算控制率)."""

    row_no: int
    page: int
    texts: dict[str, str]
    top: float = 0.0
    bottom: float = 0.0


@dataclass(slots=True)
class BaseData:
    """What a 绩效评价基础数据表 prints beside its unit name."""

    staffing: Staffing | None = None
    lines: list[BaseLine] = field(default_factory=list)
    buildings: list[BuildingRow] = field(default_factory=list)
    savings_measures: str | None = None  # 厉行节约保障措施 as printed
