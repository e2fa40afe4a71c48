"""The quality gate on a small warehouse built by hand from two real reports.

The rows are copied from the seeds ``wuhan-qingshan-healthcare-office-2024-final-accounts.txt``
(all nine tables; 07/08/09 are empty there) and ``wuhan-hongshan-health-2024-final-accounts.txt``
(01–07 and 09; its 05 only down to 类), with the publishers' own rounding differences left in
(716.87 vs 716.88 in qingshan's 02; 33,163.28 vs 33,163.29 between hongshan's 01 and 03).
The derived columns of ``int_amounts`` are computed here the way dbt does (amount_yuan, subject
level and parent), so the test needs neither the parser nor dbt — but it runs real DuckDB and
real Great Expectations.
"""

from __future__ import annotations

import csv
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
import yaml

from expectations.performance import EMPTY_PERFORMANCE_VALUES
from expectations.rules import FINAL_RULE_IDS, RULE_IDS, GateSettings, build_rules

if TYPE_CHECKING:
    from expectations.gate import GateOutcome

QINGSHAN = "qingshan"
HONGSHAN = "hongshan"

# One line per printed row: `page  code-or-row_key  label  column=amount_text ...`; a line
# starting with `+` carries more cells of the row above. A code written `2080501~208050` is the
# repaired code and what the text layer printed.
QINGSHAN_ROWS: dict[str, str] = {
    "01": """
5 inc_general_budget 一、一般公共预算财政拨款收入 amount=728.03
5 inc_total_current 本年收入合计 amount=728.03
5 inc_grand_total 总计 amount=728.03
5 208 八、社会保障和就业支出 amount=4.88
5 210 九、卫生健康支出 amount=716.88
5 221 十九、住房保障支出 amount=6.27
5 exp_total_current 本年支出合计 amount=728.03
5 exp_grand_total 总计 amount=728.03
""",
    "02": """
6 total 合计 total=728.03 fiscal_appropriation=728.03
6 208 社会保障和就业支出 total=4.88 fiscal_appropriation=4.88
6 20805 行政事业单位养老支出 total=4.88 fiscal_appropriation=4.88
6 2080501 行政单位离退休 total=0.64 fiscal_appropriation=0.64
6 2080505 机关事业单位基本养老保险缴费支出 total=4.24 fiscal_appropriation=4.24
6 210 卫生健康支出 total=716.87 fiscal_appropriation=716.88
6 21001 卫生健康管理事务 total=51.43 fiscal_appropriation=51.44
6 2100101 行政运行 total=49.90 fiscal_appropriation=49.90
6 2100102 一般行政管理事务 total=1.54 fiscal_appropriation=1.54
6 21011 行政事业单位医疗 total=665.44 fiscal_appropriation=665.44
6 2101101 行政单位医疗 total=646.72 fiscal_appropriation=646.72
6 2101103 公务员医疗补助 total=3.29 fiscal_appropriation=3.29
7 2101199 其他行政事业单位医疗支出 total=15.43 fiscal_appropriation=15.43
7 221 住房保障支出 total=6.27 fiscal_appropriation=6.27
7 22102 住房改革支出 total=6.27 fiscal_appropriation=6.27
7 2210201 住房公积金 total=5.25 fiscal_appropriation=5.25
7 2210202 提租补贴 total=1.02 fiscal_appropriation=1.02
""",
    "03": """
8 total 合计 total=728.03 basic=61.05 project=666.98
8 208 社会保障和就业支出 total=4.88 basic=4.88
8 20805 行政事业单位养老支出 total=4.88 basic=4.88
8 2080501~208050 行政单位离退休 total=0.64 basic=0.64
8 2080505~208050 机关事业单位基本养老保险 total=4.24 basic=4.24
8 210 卫生健康支出 total=716.88 basic=49.90 project=666.98
8 21001 卫生健康管理事务 total=51.44 basic=49.90 project=1.54
8 2100101~210010 行政运行 total=49.90 basic=49.90
8 2100102~210010 一般行政管理事务 total=1.54 project=1.54
8 21011 行政事业单位医疗 total=665.44 project=665.44
8 2101101~210110 行政单位医疗 total=646.72 project=646.72
8 2101103~210110 公务员医疗补助 total=3.29 project=3.29
8 2101199~210119 其他行政事业单位医疗支出 total=15.43 project=15.43
8 221 住房保障支出 total=6.27 basic=6.27
8 22102 住房改革支出 total=6.27 basic=6.27
8 2210201~221020 住房公积金 total=5.25 basic=5.25
8 2210202~221020 提租补贴 total=1.02 basic=1.02
""",
    "04": """
9 inc_general_budget 一、一般公共预算财政拨款 amount=728.03
9 inc_total_current 本年收入合计 amount=728.03
9 inc_grand_total 总计 amount=728.03
9 208 八、社会保障和就业支出 total=4.88 general_budget=4.88
9 210 九、卫生健康支出 total=716.88 general_budget=716.88
9 221 十九、住房保障支出 total=6.27 general_budget=6.27
9 exp_total_current 本年支出合计 total=728.03 general_budget=728.03
9 exp_grand_total 总计 total=728.03 general_budget=728.03
""",
    "05": """
10 total 合计 total=728.03 basic=61.05 project=666.98
10 208 社会保障和就业支出 total=4.88 basic=4.88
10 20805 行政事业单位养老支出 total=4.88 basic=4.88
10 2080501 行政单位离退休 total=0.64 basic=0.64
10 2080505 机关事业单位基本养老保险缴费支出 total=4.24 basic=4.24
10 210 卫生健康支出 total=716.88 basic=49.90 project=666.98
10 21001 卫生健康管理事务 total=51.44 basic=49.90 project=1.54
10 2100101 行政运行 total=49.90 basic=49.90
10 2100102 一般行政管理事务 total=1.54 project=1.54
10 21011 行政事业单位医疗 total=665.44 project=665.44
10 2101101 行政单位医疗 total=646.72 project=646.72
10 2101103 公务员医疗补助 total=3.29 project=3.29
10 2101199 其他行政事业单位医疗支出 total=15.43 project=15.43
10 221 住房保障支出 total=6.27 basic=6.27
10 22102 住房改革支出 total=6.27 basic=6.27
10 2210201 住房公积金 total=5.25 basic=5.25
10 2210202 提租补贴 total=1.02 basic=1.02
""",
    "06": """
11 301 工资福利支出 amount=51.84
11 30101~30 基本工资 amount=9.06
11 30102~30 津贴补贴 amount=8.90
11 30103~30 奖金 amount=21.72
11 30108~3010 机关事业单位基本养老保险缴费 amount=4.24
11 30110~3011 职工基本医疗保险缴费 amount=2.45
11 30112~30 其他社会保障缴费 amount=0.23
11 30113~30 住房公积金 amount=5.25
11 303~30 对个人和家庭的补助 amount=4.76
11 30302~30 退休费 amount=0.64
11 30307~30 医疗费补助 amount=4.12
11 302 商品和服务支出 amount=4.45
11 30201~30 办公费 amount=1.33
11 30207~30 邮电费 amount=0.02
11 30229~30 福利费 amount=0.43
11 30239~30 其他交通费 amount=1.56
11 30299~30 其他商品和 amount=1.11
11 personnel_total 人员经费合计 amount=56.60
11 public_total 公用经费合计 amount=4.45
""",
}
QINGSHAN_PAGES = {"01": (5, 5), "02": (6, 7), "03": (8, 8), "04": (9, 9), "05": (10, 10), "06": (11, 11)}
QINGSHAN_EMPTY = {"07": (12, 12), "08": (13, 13), "09": (14, 14)}

HONGSHAN_ROWS: dict[str, str] = {
    "01": """
4 inc_general_budget 一、一般公共预算财政拨款收入 amount=32,979.59
4 inc_gov_fund 二、政府性基金预算财政拨款收入 amount=2,000.00
4 inc_other 八、其他收入 amount=1,000.00
4 inc_total_current 本年收入合计 amount=35,979.59
4 inc_grand_total 总计 amount=35,979.59
4 208 八、社会保障和就业支出 amount=326.31
4 210 九、卫生健康支出 amount=33,163.28
4 212 十一、城乡社区支出 amount=2,000.00
4 221 十九、住房保障支出 amount=256.25
4 exp_total_current 本年支出合计 amount=35,745.84
4 exp_carryover_end 年末结转和结余 amount=233.75
4 exp_grand_total 总计 amount=35,979.59
""",
    "02": """
5 total 合计 total=35,979.59 fiscal_appropriation=34,979.59 other=1,000.00
5 208 社会保障和就业支出 total=326.31 fiscal_appropriation=326.31
5 20805 行政事业单位养老支出 total=326.31 fiscal_appropriation=326.31
5 2080501 行政单位离退休 total=138.82 fiscal_appropriation=138.82
5 2080502 事业单位离退休 total=28.21 fiscal_appropriation=28.21
5 2080505 机关事业单位基本养老保险缴费支出 total=144.20 fiscal_appropriation=144.20
5 2080506 机关事业单位职业年金缴费支出 total=15.08 fiscal_appropriation=15.08
5 210 卫生健康支出 total=33,397.03 fiscal_appropriation=32,397.03 other=1,000.00
5 21001 卫生健康管理事务 total=1,723.02 fiscal_appropriation=1,723.02
5 2100101 行政运行 total=1,661.93 fiscal_appropriation=1,661.93
5 2100102 一般行政管理事务 total=61.09 fiscal_appropriation=61.09
5 21002 公立医院 total=3,000.00 fiscal_appropriation=3,000.00
5 2100299 其他公立医院支出 total=3,000.00 fiscal_appropriation=3,000.00
5 21004 公共卫生 total=24,328.31 fiscal_appropriation=23,328.31 other=1,000.00
5 2100408 基本公共卫生服务 total=14,687.06 fiscal_appropriation=14,687.06
5 2100409 重大公共卫生服务 total=23.00 fiscal_appropriation=23.00
5 2100410 突发公共卫生事件应急处置 total=5,529.62 fiscal_appropriation=5,529.62
5 2100499 其他公共卫生支出 total=4,088.63 fiscal_appropriation=3,088.63 other=1,000.00
5 21007 计划生育事务 total=3,565.09 fiscal_appropriation=3,565.09
5 2100717 计划生育服务 total=1,170.51 fiscal_appropriation=1,170.51
5 2100799 其他计划生育事务支出 total=2,394.58 fiscal_appropriation=2,394.58
5 21011 行政事业单位医疗 total=386.97 fiscal_appropriation=386.97
5 2101199 其他行政事业单位医疗支出 total=386.97 fiscal_appropriation=386.97
5 21099 其他卫生健康支出 total=393.64 fiscal_appropriation=393.64
5 2109999 其他卫生健康支出 total=393.64 fiscal_appropriation=393.64
5 212 城乡社区支出 total=2,000.00 fiscal_appropriation=2,000.00
5 21208 国有土地使用权出让收入安排的支出 total=213.00 fiscal_appropriation=213.00
5 2120899 其他国有土地使用权出让收入安排的支出 total=213.00 fiscal_appropriation=213.00
5 21213 城市基础设施配套费安排的支出 total=1,787.00 fiscal_appropriation=1,787.00
5 2121399 其他城市基础设施配套费安排的支出 total=1,787.00 fiscal_appropriation=1,787.00
5 221 住房保障支出 total=256.25 fiscal_appropriation=256.25
5 22102 住房改革支出 total=256.25 fiscal_appropriation=256.25
5 2210201 住房公积金 total=158.50 fiscal_appropriation=158.50
5 2210202 提租补贴 total=33.35 fiscal_appropriation=33.35
5 2210203 购房补贴 total=64.40 fiscal_appropriation=64.40
""",
    "03": """
6 total 合计 total=35,745.84 basic=2,245.68 project=33,500.17
6 208 社会保障和就业支出 total=326.31 basic=326.31
6 20805 行政事业单位养老支出 total=326.31 basic=326.31
6 2080501 行政单位离退休 total=138.82 basic=138.82
6 2080502 事业单位离退休 total=28.21 basic=28.21
6 2080505 机关事业单位基本养老保险缴费支出 total=144.20 basic=144.20
6 2080506 机关事业单位职业年金缴费支出 total=15.08 basic=15.08
6 210 卫生健康支出 total=33,163.29 basic=1,663.12 project=31,500.17
6 21001 卫生健康管理事务 total=1,723.02 basic=1,661.93 project=61.09
6 2100101 行政运行 total=1,661.93 basic=1,661.93
6 2100102 一般行政管理事务 total=61.09 project=61.09
6 21002 公立医院 total=3,000.00 project=3,000.00
6 2100299 其他公立医院支出 total=3,000.00 project=3,000.00
6 21004 公共卫生 total=24,094.57 project=24,094.57
6 2100408 基本公共卫生服务 total=14,687.06 project=14,687.06
6 2100409 重大公共卫生服务 total=23.00 project=23.00
6 2100410 突发公共卫生事件应急处置 total=5,529.62 project=5,529.62
6 2100499 其他公共卫生支出 total=3,854.89 project=3,854.89
6 21007 计划生育事务 total=3,565.09 basic=1.19 project=3,563.90
6 2100717 计划生育服务 total=1,170.51 project=1,170.51
6 2100799 其他计划生育事务支出 total=2,394.58 basic=1.19 project=2,393.39
6 21011 行政事业单位医疗 total=386.97 project=386.97
6 2101199 其他行政事业单位医疗支出 total=386.97 project=386.97
6 21099 其他卫生健康支出 total=393.64 project=393.64
6 2109999 其他卫生健康支出 total=393.64 project=393.64
6 212 城乡社区支出 total=2,000.00 project=2,000.00
6 21208 国有土地使用权出让收入安排的支出 total=213.00 project=213.00
6 2120899 其他国有土地使用权出让收入安排的支出 total=213.00 project=213.00
6 21213 城市基础设施配套费安排的支出 total=1,787.00 project=1,787.00
6 2121399 其他城市基础设施配套费安排的支出 total=1,787.00 project=1,787.00
6 221 住房保障支出 total=256.25 basic=256.25
6 22102 住房改革支出 total=256.25 basic=256.25
6 2210201 住房公积金 total=158.50 basic=158.50
6 2210202 提租补贴 total=33.35 basic=33.35
6 2210203 购房补贴 total=64.40 basic=64.40
""",
    "04": """
7 inc_general_budget 一、一般公共预算财政拨款 amount=32,979.59
7 inc_gov_fund 二、政府性基金预算财政拨款 amount=2,000.00
7 inc_total_current 本年收入合计 amount=34,979.59
7 inc_grand_total 总计 amount=34,979.59
7 208 八、社会保障和就业支出 total=326.31 general_budget=326.31
7 210 九、卫生健康支出 total=32,397.03 general_budget=32,397.03
7 212 十一、城乡社区支出 total=2,000.00 gov_fund=2,000.00
7 221 十九、住房保障支出 total=256.25 general_budget=256.25
7 exp_total_current 本年支出合计 total=34,979.59 general_budget=32,979.59 gov_fund=2,000.00
7 exp_grand_total 总计 total=34,979.59 general_budget=32,979.59 gov_fund=2,000.00
""",
    "05": """
8 total 合计 total=32,979.59 basic=2,245.68 project=30,733.91
8 208 社会保障和就业支出 total=326.31 basic=326.31
8 210 卫生健康支出 total=32,397.03 basic=1,663.12 project=30,733.91
8 221 住房保障支出 total=256.25 basic=256.25
""",
    "06": """
9 301 工资福利支出 amount=1,814.06
9 30101 基本工资 amount=290.35
9 30102 津贴补贴 amount=361.47
9 30103 奖金 amount=505.72
9 30107 绩效工资 amount=152.08
9 30108 机关事业单位基本养老保险缴费 amount=144.20
9 30109 职业年金缴费 amount=15.08
9 30110 职工基本医疗保险缴费 amount=86.94
9 30111 公务员医疗补助缴费 amount=27.79
9 30112 其他社会保障缴费 amount=21.28
9 30113 住房公积金 amount=158.50
9 30199 其他工资福利支出 amount=50.66
9 303 对个人和家庭的补助 amount=160.32
9 30301 离休费 amount=24.99
9 30302 退休费 amount=87.32
9 30304 抚恤金 amount=16.81
9 30307 医疗费补助 amount=30.02
9 30309 奖励金 amount=1.19
9 302 商品和服务支出 amount=271.29
9 30201 办公费 amount=3.58
9 30202 印刷费 amount=5.89
9 30205 水费 amount=0.57
9 30206 电费 amount=13.55
9 30207 邮电费 amount=4.53
9 30209 物业管理费 amount=60.00
9 30211 差旅费 amount=1.20
9 30213 维修（护）费 amount=4.90
9 30228 工会经费 amount=25.05
9 30229 福利费 amount=22.37
9 30231 公务用车运行维护费 amount=2.29
9 30239 其他交通费用 amount=35.35
9 30299 其他商品和服务支出 amount=92.00
9 personnel_total 人员经费合计 amount=1,974.38
9 public_total 公用经费合计 amount=271.29
""",
    "07": """
10 total 合计 income=2,000.00 expense_total=2,000.00 expense_project=2,000.00
10 212 城乡社区支出 income=2,000.00 expense_total=2,000.00 expense_project=2,000.00
10 21208 国有土地使用权出让收入安排的支出 income=213.00 expense_total=213.00 expense_project=213.00
10 2120899 其他国有土地使用权出让收入安排的支出 income=213.00 expense_total=213.00 expense_project=213.00
10 21213 城市基础设施配套费安排的支出 income=1,787.00 expense_total=1,787.00 expense_project=1,787.00
10 2121399 其他城市基础设施配套费安排的支出 income=1,787.00 expense_total=1,787.00 expense_project=1,787.00
""",
    "09": """
12 three_public “三公”经费 budget_total=2.29 budget_vehicle_total=2.29 budget_vehicle_operation=2.29
+ actual_total=2.29 actual_vehicle_total=2.29 actual_vehicle_operation=2.29
""",
}
HONGSHAN_PAGES = {
    "01": (4, 4),
    "02": (5, 5),
    "03": (6, 6),
    "04": (7, 7),
    "05": (8, 8),
    "06": (9, 9),
    "07": (10, 10),
    "09": (12, 12),
}
HONGSHAN_EMPTY = {"08": (11, 11)}


@dataclass
class Row:
    document_id: str
    table_code: str
    page: int
    row_no: int
    row_label: str
    code: str | None
    printed_code: str | None
    row_key: str | None
    column_key: str
    amount_text: str


@dataclass
class Fixture:
    rows: list[Row] = field(default_factory=list)
    tables: list[tuple[str, str, str, int | None, int | None]] = field(default_factory=list)
    documents: list[tuple[str, str, Decimal | None]] = field(default_factory=list)

    def add_document(
        self,
        document_id: str,
        narrative_total: Decimal | None,
        tables: dict[str, str],
        pages: dict[str, tuple[int, int]],
        empty: dict[str, tuple[int, int]],
        missing: tuple[str, ...] = (),
        status: str = "parsed",
    ) -> None:
        self.documents.append((document_id, status, narrative_total))
        for code, block in tables.items():
            lines: list[str] = []
            for line in block.strip().splitlines():
                if line.startswith("+"):
                    lines[-1] += line[1:]
                else:
                    lines.append(line)
            for row_no, line in enumerate(lines, start=1):
                page, key, label, *cells = line.split()
                code_part, _, printed = key.partition("~")
                is_code = code_part.isdigit()
                for cell in cells:
                    column, text = cell.split("=")
                    self.rows.append(
                        Row(
                            document_id,
                            code,
                            int(page),
                            row_no,
                            label,
                            code_part if is_code else None,
                            (printed or code_part) if is_code and code not in ("01", "04") else None,
                            None if is_code else code_part,
                            column,
                            text,
                        )
                    )
            self.tables.append((document_id, code, "found", *pages[code]))
        for code, (first, last) in empty.items():
            self.tables.append((document_id, code, "empty", first, last))
        for code in missing:
            self.tables.append((document_id, code, "missing", None, None))

    def find(self, document_id: str, table_code: str, key: str, column_key: str) -> Row:
        for r in self.rows:
            if (r.document_id, r.table_code, r.column_key) == (document_id, table_code, column_key) and (
                key in (r.code, r.row_key)
            ):
                return r
        raise KeyError((document_id, table_code, key, column_key))

    def write(self, db_path: Path) -> Path:
        """Create raw.documents, raw.report_tables and intermediate.int_amounts the way dbt would."""
        con = duckdb.connect(str(db_path))
        try:
            con.execute("CREATE SCHEMA IF NOT EXISTS raw")
            con.execute("CREATE SCHEMA IF NOT EXISTS intermediate")
            con.execute(
                "CREATE OR REPLACE TABLE raw.documents (document_id VARCHAR, file_name VARCHAR, kind VARCHAR, "
                "unit_name VARCHAR, fiscal_year INTEGER, parse_status VARCHAR, reason VARCHAR, "
                "reason_page INTEGER, narrative_total DECIMAL(20,2))"
            )
            con.executemany(
                "INSERT INTO raw.documents VALUES (?, ? || '.pdf', 'final_accounts', ?, 2024, ?, NULL, NULL, ?)",
                [(d, d, d, s, n) for d, s, n in self.documents],
            )
            con.execute(
                "CREATE OR REPLACE TABLE raw.report_tables (document_id VARCHAR, table_code VARCHAR, "
                "status VARCHAR, first_page INTEGER, last_page INTEGER, printed_unit VARCHAR)"
            )
            con.executemany("INSERT INTO raw.report_tables VALUES (?, ?, ?, ?, ?, '万元')", self.tables)
            con.execute(
                "CREATE OR REPLACE TABLE _rows (document_id VARCHAR, table_code VARCHAR, page INTEGER, "
                "row_no INTEGER, row_label VARCHAR, subject_code VARCHAR, printed_code VARCHAR, "
                "row_key VARCHAR, column_key VARCHAR, amount_text VARCHAR)"
            )
            # one INSERT of literals: DuckDB's executemany costs seconds for a few hundred rows
            con.execute(
                "INSERT INTO _rows VALUES "
                + ", ".join(
                    "("
                    + ", ".join(
                        _sql_literal(v)
                        for v in (
                            r.document_id,
                            r.table_code,
                            r.page,
                            r.row_no,
                            r.row_label,
                            r.code,
                            r.printed_code,
                            r.row_key,
                            r.column_key,
                            r.amount_text,
                        )
                    )
                    + ")"
                    for r in self.rows
                )
            )
            # What dbt's int_amounts adds: exact 元 amounts, the subject hierarchy, lineage.
            con.execute(
                """
                CREATE OR REPLACE TABLE intermediate.int_amounts AS
                SELECT r.document_id, r.table_code, r.page, r.row_no, CAST(NULL AS INTEGER) AS line_no,
                       r.row_label, r.printed_code, r.subject_code, r.row_key, r.column_key,
                       CAST(replace(r.amount_text, ',', '') AS DECIMAL(20, 2)) AS amount,
                       r.amount_text, '万元' AS printed_unit, r.document_id AS unit_name,
                       r.document_id AS unit_key,
                       2024 AS fiscal_year, r.document_id || '.pdf' AS file_name,
                       CAST(CAST(replace(r.amount_text, ',', '') AS DECIMAL(20, 2)) * 10000 AS DECIMAL(24, 2))
                           AS amount_yuan,
                       CASE WHEN r.subject_code IS NULL THEN NULL
                            WHEN r.table_code = '06' THEN 'economic' ELSE 'function' END AS subject_kind,
                       CASE length(r.subject_code) WHEN 3 THEN 1 WHEN 5 THEN 2 WHEN 7 THEN 3 END
                           AS subject_level,
                       CASE length(r.subject_code) WHEN 5 THEN left(r.subject_code, 3)
                            WHEN 7 THEN left(r.subject_code, 5) END AS parent_code,
                       100.0 AS x0, 140.0 AS x1, 200.0 + r.row_no * 12 AS top,
                       208.0 + r.row_no * 12 AS bottom
                FROM _rows AS r
                """
            )
            con.execute("DROP TABLE _rows")
            # what dbt builds beside it: the printed 绩效 numbers (these reports print no 绩效 table)
            con.execute(
                "CREATE OR REPLACE TABLE intermediate.int_performance_values AS "
                f"SELECT * FROM {EMPTY_PERFORMANCE_VALUES}"
            )
        finally:
            con.close()
        return db_path


def _sql_literal(value: object) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def build_fixture() -> Fixture:
    fx = Fixture()
    fx.add_document(QINGSHAN, Decimal("728.03"), QINGSHAN_ROWS, QINGSHAN_PAGES, QINGSHAN_EMPTY)
    fx.add_document(HONGSHAN, Decimal("35979.59"), HONGSHAN_ROWS, HONGSHAN_PAGES, HONGSHAN_EMPTY)
    return fx


def instances(db_path: Path) -> list[dict[str, object]]:
    """Every rule instance (rules run straight in DuckDB, without the gate)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out: list[dict[str, object]] = []
        for rule in build_rules():
            cur = con.execute(rule.sql)
            cols = [d[0] for d in cur.description]
            out.extend(dict(zip(cols, row, strict=True)) for row in cur.fetchall())
        return out
    finally:
        con.close()


class Recorder:
    """A confirm callback that answers a fixed verdict and records what it was asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.calls: list[tuple[str, list[int]]] = []

    def __call__(self, document_id: str, pages: list[int]) -> bool:
        self.calls.append((document_id, list(pages)))
        return self.answer


def check_results(db_path: Path, where: str = "TRUE") -> list[dict[str, object]]:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        cur = con.execute(f"SELECT * FROM gate.check_results WHERE {where} ORDER BY ALL")
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]
    finally:
        con.close()


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Path]:
    """A fresh working database holding both seed reports."""
    yield build_fixture().write(tmp_path / "work.duckdb")


def set_amount(db_path: Path, document_id: str, table_code: str, key: str, column_key: str, text: str) -> None:
    """Change one printed amount in int_amounts (both the text and the derived amounts)."""
    con = duckdb.connect(str(db_path))
    try:
        con.execute(
            """
            UPDATE intermediate.int_amounts
            SET amount_text = $text,
                amount = CAST(replace($text, ',', '') AS DECIMAL(20, 2)),
                amount_yuan = CAST(replace($text, ',', '') AS DECIMAL(20, 2)) * 10000
            WHERE document_id = $doc AND table_code = $table AND column_key = $col
              AND (subject_code = $key OR row_key = $key)
            """,
            {"text": text, "doc": document_id, "table": table_code, "col": column_key, "key": key},
        )
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# Rules alone (DuckDB only: fast)


def test_every_rule_has_instances_and_all_hold_on_the_seeds(db: Path) -> None:
    rows = instances(db)
    settings = GateSettings()
    by_rule = {rid: [r for r in rows if r["rule_id"] == rid] for rid in FINAL_RULE_IDS}
    assert all(by_rule[rid] for rid in FINAL_RULE_IDS), {k: len(v) for k, v in by_rule.items()}
    for r in rows:
        half = r["half_unit_yuan"]
        assert isinstance(half, Decimal)
        tol = settings.per_addend_half_units * half * (int(r["n_addends"]) + 1)  # type: ignore[call-overload]
        gap = abs(r["expected_yuan"] - r["actual_yuan"])  # type: ignore[operator]
        assert gap <= tol, r


def test_an_all_blank_table_yields_no_instance(db: Path) -> None:
    rows = instances(db)
    # qingshan's 07, 08 and 09 are empty: no R10/R11 instance, no 07 row in R6/R7
    assert not [r for r in rows if r["document_id"] == QINGSHAN and r["table_code"] in ("07", "08", "09")]
    assert not [r for r in rows if r["rule_id"] in ("R10", "R11") and r["document_id"] == QINGSHAN]


def test_instance_grain_and_values(db: Path) -> None:
    rows = instances(db)

    def one(**kw: object) -> dict[str, object]:
        hits = [r for r in rows if all(r[k] == v for k, v in kw.items())]
        assert len(hits) == 1, (kw, hits)
        return hits[0]

    # R6 on qingshan's 02 row 210: total 716.87 against the single printed part 716.88
    r = one(rule_id="R6", document_id=QINGSHAN, table_code="02", subject_code="210")
    assert (r["expected"], r["actual"], r["n_addends"], r["page"]) == (
        Decimal("716.87"),
        Decimal("716.88"),
        1,
        6,
    )
    # R7 per parent × column: 02 合计 (total column) = Σ 3 类, over two pages
    r = one(rule_id="R7", document_id=QINGSHAN, table_code="02", row_label="合计", column_key="total")
    assert (r["expected"], r["actual"], r["n_addends"], r["pages"]) == (
        Decimal("728.03"),
        Decimal("728.02"),
        3,
        [6, 7],
    )
    # R9: 301 = Σ seven printed 301xx (51.84 vs 51.85), and 公用经费合计 = 302 (310 blank)
    r = one(rule_id="R9", document_id=QINGSHAN, subject_code="301")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("51.84"), Decimal("51.85"), 7)
    r = one(rule_id="R9", document_id=QINGSHAN, row_label="公用经费合计")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("4.45"), Decimal("4.45"), 1)
    # X2 by class: hongshan 01 says 33,163.28, 03 says 33,163.29
    r = one(rule_id="X2", document_id=HONGSHAN, subject_code="210")
    assert (r["expected"], r["actual"], r["table_code"], r["page"]) == (
        Decimal("33163.28"),
        Decimal("33163.29"),
        "01",
        4,
    )
    # R10 over hongshan's 07: 0 + 2,000 − 2,000 = blank 年末
    r = one(rule_id="R10", document_id=HONGSHAN, subject_code="212")
    assert (r["expected"], r["actual"], r["n_addends"]) == (Decimal("0.00"), Decimal("0.00"), 2)
    # R11 has four instances (预算数/决算数 × 合计/公务用车小计)
    assert len([r for r in rows if r["rule_id"] == "R11"]) == 4
    # X5 compares the narrative with 01 总计
    r = one(rule_id="X5", document_id=QINGSHAN)
    assert (r["expected"], r["actual"]) == (Decimal("728.03"), Decimal("728.03"))
    # cross-table instances list the pages of both tables
    r = one(rule_id="X1", document_id=QINGSHAN)
    assert r["pages"] == [5, 6, 7]


def test_a_missing_counterpart_is_zero_only_against_zero(db: Path) -> None:
    # hongshan's 02 not found by the parser: X1 (01 本年收入合计 = 02 合计) cannot hold, and the
    # re-reader gets every page of the report's tables, since the table could be on any of them
    con = duckdb.connect(str(db))
    try:
        con.execute("DELETE FROM intermediate.int_amounts WHERE document_id = 'hongshan' AND table_code = '02'")
        con.execute(
            "UPDATE raw.report_tables SET status = 'missing', first_page = NULL, last_page = NULL "
            "WHERE document_id = 'hongshan' AND table_code = '02'"
        )
    finally:
        con.close()
    r = [r for r in instances(db) if r["rule_id"] == "X1" and r["document_id"] == HONGSHAN]
    assert len(r) == 1
    assert (r[0]["expected"], r[0]["actual"], r[0]["n_addends"]) == (Decimal("35979.59"), Decimal("0.00"), 0)
    assert r[0]["pages"] == list(range(4, 13))


def test_an_empty_counterpart_is_zero_only_against_zero(db: Path) -> None:
    # qingshan's 07 is empty ('本单位当年无政府性基金…'): against its blank 04 政府性基金 column
    # there is nothing to check at all ...
    assert not [
        r
        for r in instances(db)
        if r["document_id"] == QINGSHAN and r["rule_id"] == "X3" and r["column_key"] == "gov_fund"
    ]
    # ... but a printed 04 政府性基金 amount against it fails, with the empty table's page to re-read
    con = duckdb.connect(str(db))
    try:
        con.execute(
            "INSERT INTO intermediate.int_amounts SELECT * REPLACE ('gov_fund' AS column_key) "
            "FROM intermediate.int_amounts WHERE document_id = 'qingshan' AND table_code = '04' "
            "AND subject_code = '221' AND column_key = 'general_budget'"
        )
    finally:
        con.close()
    r = [
        r
        for r in instances(db)
        if r["document_id"] == QINGSHAN
        and r["rule_id"] == "X3"
        and r["column_key"] == "gov_fund"
        and r["subject_code"] == "221"
    ]
    assert len(r) == 1
    assert (r[0]["expected"], r[0]["actual"], r[0]["pages"]) == (Decimal("6.27"), Decimal("0.00"), [9, 12])


# A budget's text half (江苏省人大常委会办公厅 2019: what its 情况说明 states) and its tables file.
TEXT_HALF_ROWS = {
    "BN": """
9 inc_grand_total 收入预算总计 amount=18330.37
9 exp_grand_total 支出预算总计 amount=18330.37
9 inc_fiscal_total 财政拨款收入 amount=18330.37
9 inc_general_budget 一般公共预算收入 amount=18330.37
9 inc_gov_fund 政府性基金预算收入 amount=0
10 exp_basic 基本支出 amount=9312.9
10 exp_project 项目支出 amount=6459.58
11 exp_unit_reserve 单位预留机动经费 amount=2557.89
15 tp_outbound 因公出国（境）费 amount=199.25
15 tp_vehicle_total 公务用车购置及运行费 amount=183.6
16 tp_vehicle_operation 公务用车运行维护费 amount=183.6
15 tp_reception 公务接待费 amount=384.75
""",
}
TABLES_FILE_ROWS = {
    "B01": """
1 inc_general_budget 一般公共预算 amount=18330.37
1 inc_grand_total 收入合计 amount=18330.37
1 exp_basic 基本支出 amount=9312.90
1 exp_grand_total 支出合计 amount=18330.37
""",
    "B09": """
9 three_public “三公”经费 total=767.60 outbound=199.25 vehicle_total=183.60 reception=384.75
""",
}


def test_a_text_half_balances_and_ties_to_its_tables_file(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("text", None, TEXT_HALF_ROWS, {"BN": (9, 16)}, {})
    fx.add_document("tables", None, TABLES_FILE_ROWS, {"B01": (1, 1), "B09": (9, 9)}, {})
    fx.add_document("other", None, {"B01": "1 inc_grand_total 收入合计 amount=1.00"}, {"B01": (1, 1)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    with duckdb.connect(str(db)) as con:  # text and tables of one unit-year; `other` is another unit
        con.execute("UPDATE intermediate.int_amounts SET unit_key = 'u' WHERE document_id IN ('text', 'tables')")
    rows = [r for r in instances(db) if r["document_id"] == "text"]
    by_rule = {r["rule_id"] for r in rows}
    assert {"BN1", "BN2", "BN3", "BN4", "BNX"} <= by_rule and "BN5" not in by_rule  # no 政府采购 stated
    assert all(r["expected"] == r["actual"] for r in rows)  # the statements' own sums are exact here
    ties = {r["row_label"]: r for r in rows if r["rule_id"] == "BNX"}
    # one tie per statement the tables file prints once; none with `other`
    assert set(ties) == {"收入预算总计", "支出预算总计", "一般公共预算收入", "基本支出", "因公出国（境）费",
                         "公务用车购置及运行费", "公务接待费"}
    assert all(r["expected"] == r["actual"] and r["n_addends"] == 1 for r in ties.values())
    assert ties["基本支出"]["pages"] == list(range(9, 17))  # the text half's pages only: its statement is re-read
    set_amount(db, "tables", "B01", "exp_basic", "amount", "9312.00")
    failed = next(r for r in instances(db) if r["rule_id"] == "BNX" and r["row_label"] == "基本支出")
    assert (failed["expected"], failed["actual"], failed["page"]) == (Decimal("9312.90"), Decimal("9312.00"), 10)


# 西安 2022 表1 (r210 of the crawl): 上年实户资金余额 beside 上年结转 on the income side, and its
# mirror 未安排支出的实户资金 beside 结转下年 on the spending side, both in the 总计.
XIAN_ACCOUNT_FUNDS_ROWS = {
    "B01": """
21 inc_general_budget 1、一般公共预算拨款 amount=1056072667.43
21 inc_total_current 本年收入合计 amount=1056072667.43
21 inc_account_balance_begin 上年实户资金余额 amount=3392047.63
21 inc_carryover_begin 上年结转 amount=0.00
22 inc_grand_total 收入总计 amount=1059464715.06
21 208 1、社会保障和就业支出 amount=1055907667.43
21 exp_total_current 本年支出合计 amount=1055907667.43
21 exp_carryover_end 结转下年 amount=165000.00
21 exp_unallocated_account_funds 未安排支出的实户资金 amount=3392047.63
22 exp_grand_total 支出总计 amount=1059464715.06
""",
}


def test_unallocated_account_funds_are_part_of_the_spending_total(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("xian", None, XIAN_ACCOUNT_FUNDS_ROWS, {"B01": (21, 22)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    totals = {r["row_label"]: r for r in instances(db) if r["rule_id"] in ("B1", "B2")}
    for label in ("收入总计", "支出总计"):
        assert totals[label]["expected"] == totals[label]["actual"] == Decimal("1059464715.06"), totals[label]


# What seed 002 (株洲 芦淞区 卫生健康局 2024 整体支出绩效自评报告) states, as read (table PN), and
# the 决算 lines of the same unit-year (invented: the seed's 决算 is not in the corpus).
PERFORMANCE_TEXT_ROWS = {
    "PN": """
2 budget_initial 年初预算 amount=9778.39
2 inc_general_budget 一般公共预算财政拨款收入 amount=8100.43
2 exp_general_budget 一般公共预算财政拨款支出 amount=8100.43
2 exp_basic 基本支出 amount=554.56
2 exp_project 项目支出 amount=7545.86
2 personnel_total 人员经费 amount=482.07
2 public_total 公用经费 amount=72.49
2 exp_gov_fund_project 政府性基金项目支出 amount=345.45
3 prj_executed 计划生育专项 amount=2313.6
3 prj_executed 医疗卫生专项 amount=3709.14
""",
}
FINAL_ACCOUNTS_ROWS = {
    "05": "5 total 合计 total=8100.43 basic=554.56 project=7545.87",
    "06": "6 personnel_total 人员经费合计 amount=482.07\n6 public_total 公用经费合计 amount=72.49",
    "B01": "1 exp_basic 基本支出 amount=1.00",  # (a 预算 line of the same unit-year: no tie of PN's)
}


def test_a_performance_report_text_balances_and_ties_to_the_final_accounts(tmp_path: Path) -> None:
    fx = Fixture()
    fx.add_document("report", None, PERFORMANCE_TEXT_ROWS, {"PN": (2, 3)}, {})
    fx.add_document("accounts", None, FINAL_ACCOUNTS_ROWS, {"05": (5, 5), "06": (6, 6), "B01": (1, 1)}, {})
    db = fx.write(tmp_path / "work.duckdb")
    with duckdb.connect(str(db)) as con:
        con.execute("UPDATE intermediate.int_amounts SET unit_key = 'u'")
    rows = []
    with duckdb.connect(str(db), read_only=True) as con:  # (the rules a PN text could take part in)
        for rule in (r for r in build_rules() if r.rule_id in {"PN1", "PN2", "PNX", "BNX", "BN3"}):
            cur = con.execute(rule.sql)
            names = [d[0] for d in cur.description]
            rows += [r for r in (dict(zip(names, row, strict=True)) for row in cur.fetchall())
                     if r["document_id"] == "report"]  # fmt: skip
    # 项目 7545.86 + 基本 554.56 = 8100.42 against 8100.43 printed: the publisher's rounding, tolerated
    [pn1] = [r for r in rows if r["rule_id"] == "PN1"]
    assert (pn1["expected"], pn1["actual"]) == (Decimal("8100.43"), Decimal("8100.42"))
    assert abs(pn1["expected_yuan"] - pn1["actual_yuan"]) <= pn1["slack_yuan"]
    [pn2] = [r for r in rows if r["rule_id"] == "PN2"]
    assert pn2["expected"] == pn2["actual"] == Decimal("554.56")
    ties = {r["row_label"]: (r["expected"], r["actual"]) for r in rows if r["rule_id"] == "PNX"}
    assert ties == {
        "一般公共预算财政拨款支出": (Decimal("8100.43"), Decimal("8100.43")),
        "基本支出": (Decimal("554.56"), Decimal("554.56")),
        "项目支出": (Decimal("7545.86"), Decimal("7545.87")),
        "人员经费": (Decimal("482.07"), Decimal("482.07")),
        "公用经费": (Decimal("72.49"), Decimal("72.49")),
    }
    assert not {r["rule_id"] for r in rows} & {"BNX", "BN1", "BN3"}


def test_dbt_accepts_exactly_the_rules_the_gate_evaluates() -> None:
    """stg_check_results' rule ids must be those of the seed `rules`, which is generated from the
    gate's registry: a rule added on one side only would fail every run at dbt's test, or let an
    unknown rule id through."""
    dbt = Path(__file__).resolve().parents[1] / "dbt_project"
    model = next(m for m in yaml.safe_load((dbt / "models" / "staging" / "_staging.yml").read_text(encoding="utf-8"))
                 ["models"] if m["name"] == "stg_check_results")
    column = next(c for c in model["columns"] if c["name"] == "rule_id")
    related = next(t["relationships"]["arguments"] for t in column["data_tests"]
                   if isinstance(t, dict) and "relationships" in t)
    assert related == {"to": "ref('rules')", "field": "rule_id"}
    from expectations.catalogue import SEED_PATH, ensure_seed

    assert SEED_PATH.parent == dbt / "seeds"
    ensure_seed()
    with SEED_PATH.open(encoding="utf-8") as f:
        assert [row["rule_id"] for row in csv.DictReader(f)] == list(RULE_IDS)


def test_money_is_never_float(db: Path) -> None:
    con = duckdb.connect(str(db), read_only=True)
    try:
        for rule in build_rules():
            types = {row[0]: row[1] for row in con.execute(f"DESCRIBE {rule.sql}").fetchall()}
            for col in ("expected", "actual", "expected_yuan", "actual_yuan", "half_unit_yuan"):
                assert types[col].startswith("DECIMAL"), (rule.rule_id, col, types[col])
    finally:
        con.close()


# ---------------------------------------------------------------------------------------------
# The gate end to end (DuckDB + Great Expectations: slow)


def gate(db_path: Path, answer: bool = True, **settings: object) -> tuple[GateOutcome, Recorder]:
    # imported here: Great Expectations takes seconds to import, the DuckDB-only tests skip it
    from expectations.gate import run_gate

    rec = Recorder(answer)
    outcome = run_gate(db_path, GateSettings(**settings), rec)  # type: ignore[arg-type]
    return outcome, rec


@pytest.mark.slow
def test_gate_passes_on_the_seeds(db: Path) -> None:
    started = time.perf_counter()
    outcome, rec = gate(db)
    elapsed = time.perf_counter() - started
    assert outcome.global_passed, outcome.global_failures
    assert rec.calls == []
    assert all(c.failed == 0 for c in outcome.rule_counts.values())
    # the seeds are 决算 reports: every 决算 rule has instances (the budget rules have none)
    assert all(outcome.rule_counts[rid].evaluated > 0 for rid in FINAL_RULE_IDS)
    assert outcome.expectations and all(e.success for e in outcome.expectations), outcome.expectations
    assert outcome.document_status == {QINGSHAN: "published", HONGSHAN: "published"}
    results = check_results(db)
    assert len(results) == sum(c.evaluated for c in outcome.rule_counts.values())
    assert {r["verdict"] for r in results} == {"held"}
    print(f"run_gate on the fixture: {elapsed:.2f} s for {len(results)} instances")


@pytest.mark.slow
def test_check_results_columns_are_exact(db: Path) -> None:
    gate(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        cols = con.execute("DESCRIBE gate.check_results").fetchall()
    finally:
        con.close()
    assert [(c[0], c[1]) for c in cols] == [
        ("document_id", "VARCHAR"),
        ("rule_id", "VARCHAR"),
        ("table_code", "VARCHAR"),
        ("page", "INTEGER"),
        ("row_label", "VARCHAR"),
        ("subject_code", "VARCHAR"),
        ("column_key", "VARCHAR"),
        ("description", "VARCHAR"),
        ("expected", "DECIMAL(20,2)"),
        ("actual", "DECIMAL(20,2)"),
        ("difference", "DECIMAL(20,2)"),
        ("n_addends", "INTEGER"),
        ("tolerance", "DECIMAL(20,4)"),
        ("held", "BOOLEAN"),
        ("verdict", "VARCHAR"),
    ]


@pytest.mark.slow
def test_an_altered_amount_fails_the_right_rule_on_the_right_page_and_row(db: Path) -> None:
    # 05 row 2101101 行政单位医疗, project column: 646.72 -> 646.27 (two digits swapped)
    set_amount(db, QINGSHAN, "05", "2101101", "project", "646.27")
    outcome, rec = gate(db, answer=False)
    failed = check_results(db, "NOT held")
    assert {(r["rule_id"], r["table_code"], r["page"], r["subject_code"], r["column_key"]) for r in failed} == {
        ("R6", "05", 10, "2101101", "total"),  # 646.72 = 646.27 on its own row
        ("R7", "05", 10, "21011", "project"),  # 款 21011 = Σ its 项 in the project column
    }
    row = next(r for r in failed if r["rule_id"] == "R6")
    assert (row["row_label"], row["expected"], row["actual"], row["difference"]) == (
        "行政单位医疗",
        Decimal("646.72"),
        Decimal("646.27"),
        Decimal("0.45"),
    )
    assert {r["verdict"] for r in failed} == {"parse_error"}
    assert outcome.rule_counts["R6"].failed == 1 and outcome.rule_counts["R7"].failed == 1
    assert outcome.document_status[QINGSHAN] == "quarantined"
    assert outcome.document_status[HONGSHAN] == "published"
    # GE saw the same failures as the SQL
    ge = {e.name: e for e in outcome.expectations}
    assert not ge["rule R6"].success and ge["rule R6"].unexpected_count == 1
    assert ge["rule R1"].success
    # 1 of 2 parsed documents quarantined: not above the default share of 0.5
    assert outcome.global_passed, outcome.global_failures
    # both failures are on the same page of the same document: one re-read answers both
    assert rec.calls == [(QINGSHAN, [10])]


@pytest.mark.parametrize(
    ("printed", "holds"),
    [("0.64", True), ("0.65", True), ("0.63", True), ("0.69", False), ("0.59", False)],
)
def test_tolerance_is_half_a_unit_per_rounded_amount(db: Path, printed: str, holds: bool) -> None:
    # 20805 = 2080501 + 2080505 = 0.64 + 4.24 = 4.88 in qingshan's 05 basic column: two addends,
    # tolerance 0.005 × 3 = 0.015 万元. A 0.01 gap is the publisher's rounding; 0.05 is not.
    set_amount(db, QINGSHAN, "05", "2080501", "basic", printed)
    rows = [
        r
        for r in instances(db)
        if r["rule_id"] == "R7"
        and r["document_id"] == QINGSHAN
        and r["table_code"] == "05"
        and r["subject_code"] == "20805"
        and r["column_key"] == "basic"
    ]
    assert len(rows) == 1 and rows[0]["n_addends"] == 2
    gap = abs(rows[0]["expected_yuan"] - rows[0]["actual_yuan"])  # type: ignore[operator]
    assert (gap <= Decimal("150")) is holds  # 0.015 万元 in 元


@pytest.mark.slow
def test_rounding_gap_of_one_cent_holds_and_five_cents_fails_in_the_gate(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.65")
    gate(db)
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert row["held"] and row["tolerance"] == Decimal("0.0150") and row["difference"] == Decimal("-0.01")
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.69")
    gate(db)
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert not row["held"] and row["difference"] == Decimal("-0.05")


def add_performance_table(db_path: Path) -> None:
    """qingshan's 决算 carries a 自评表 (page 20) that prints 1000% for 100% (as 西安 does): the
    printed 绩效 numbers dbt's int_performance_values would hold."""
    with duckdb.connect(str(db_path)) as con:
        con.executemany(
            "INSERT INTO intermediate.int_performance_values (document_id, kind, unit_key, fiscal_year, table_no, "
            "family, scope, part, line, row_no, page, row_label, column_key, value, value_text, printed_unit) "
            "VALUES (?, 'final_accounts', ?, 2024, 1, 'project_self_evaluation', '项目', ?, ?, ?, 20, ?, ?, ?, ?, ?)",
            [
                [QINGSHAN, QINGSHAN, "money", "total", None, "年度资金总额", column, Decimal(text.rstrip("%")), text,
                 "万元" if column != "execution_rate" else None]
                for column, text in (("budget_full_year", "400"), ("executed", "400"), ("execution_rate", "1000%"))
            ]
            + [
                [QINGSHAN, QINGSHAN, "indicator", None, n, f"指标{n}", column, Decimal(10), "10", None]
                for n in (1, 2)
                for column in ("weight", "score")
            ],
        )  # fmt: skip


@pytest.mark.slow
@pytest.mark.parametrize(
    ("answer", "verdict", "status"),
    [
        (True, "publisher_inconsistency", "flagged"),
        (False, "parse_error", "quarantined"),
    ],
)
def test_confirm_decides_the_verdict(db: Path, answer: bool, verdict: str, status: str) -> None:
    # hongshan's 09 决算数 合计 2.29 -> 2.92
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")
    # qingshan's 自评表 fails a 绩效 rule: a warning flags its report whatever the verdict, with
    # the 绩效 table, page and row, and never quarantines it
    add_performance_table(db)
    outcome, rec = gate(db, answer=answer)
    failed = check_results(db, "NOT held")
    assert sorted((r["rule_id"], r["table_code"], r["column_key"], r["page"], r["verdict"]) for r in failed) == [
        ("P4", "绩效1", "execution_rate", 20, verdict),
        ("R11", "09", "actual_total", 12, verdict),
    ]
    assert [r["row_label"] for r in failed if r["rule_id"] == "P4"] == ["年度资金总额"]
    assert sorted(rec.calls) == [(HONGSHAN, [12]), (QINGSHAN, [20])]
    assert outcome.document_status == {HONGSHAN: status, QINGSHAN: "flagged"}
    assert outcome.rule_counts["R11"].failed == 1 and outcome.rule_counts["P3"].held == 2
    assert getattr(outcome.rule_counts["R11"], verdict) == 1


@pytest.mark.slow
def test_the_tolerance_multiplier_is_a_setting(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2080501", "basic", "0.69")  # 0.05 gap, two addends
    outcome, _ = gate(db, per_addend_half_units=Decimal("4"))  # 4 × 0.005 × 3 = 0.06
    assert outcome.rule_counts["R7"].failed == 0
    row = check_results(
        db,
        f"document_id = '{QINGSHAN}' AND rule_id = 'R7' AND table_code = '05' "
        "AND subject_code = '20805' AND column_key = 'basic'",
    )[0]
    assert row["held"] and row["tolerance"] == Decimal("0.0600")
    with pytest.raises(ValueError):
        GateSettings(per_addend_half_units=Decimal("0"))


@pytest.mark.slow
def test_a_failing_re_reader_means_parse_error(db: Path) -> None:
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")

    def broken(document_id: str, pages: list[int]) -> bool:
        raise OSError("PDF not found")

    from expectations.gate import run_gate

    outcome = run_gate(db, GateSettings(), broken)
    assert [r["verdict"] for r in check_results(db, "NOT held")] == ["parse_error"]
    assert outcome.document_status[HONGSHAN] == "quarantined"
    assert outcome.confirm_errors and "PDF not found" in outcome.confirm_errors[0]


@pytest.mark.slow
def test_too_many_parse_errors_fail_the_global_gate(db: Path) -> None:
    set_amount(db, QINGSHAN, "05", "2101101", "project", "646.27")
    set_amount(db, HONGSHAN, "09", "three_public", "actual_total", "2.92")
    outcome, _ = gate(db, answer=False, max_quarantined_share=Decimal("0.5"))
    assert not outcome.global_passed
    assert any("quarantined" in f for f in outcome.global_failures), outcome.global_failures
    # publisher inconsistencies alone never fail the global gate
    outcome, _ = gate(db, answer=True)
    assert outcome.global_passed, outcome.global_failures


@pytest.mark.slow
def test_structural_expectations_fail_the_global_gate(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        # a duplicated amount (same document, table, row, column) and an unknown column key
        con.execute(
            "INSERT INTO intermediate.int_amounts SELECT * FROM intermediate.int_amounts "
            "WHERE document_id = 'qingshan' AND table_code = '09' OR (table_code = '05' AND row_no = 2 "
            "AND column_key = 'basic' AND document_id = 'qingshan')"
        )
        con.execute(
            "UPDATE intermediate.int_amounts SET column_key = 'bogus' "
            "WHERE document_id = 'hongshan' AND table_code = '03' AND row_no = 1 AND column_key = 'project'"
        )
        con.execute(
            "UPDATE intermediate.int_amounts SET page = NULL "
            "WHERE document_id = 'hongshan' AND table_code = '06' AND row_no = 1"
        )
    finally:
        con.close()
    outcome, _ = gate(db)
    assert not outcome.global_passed
    failed = {e.name for e in outcome.expectations if not e.success}
    assert {
        "int_amounts unique (document_id, table_code, row_no, column_key)",
        "int_amounts column_key in vocabulary",
        "int_amounts (table_code, column_key) in the table's vocabulary",
        "int_amounts page not null",
    } <= failed, failed


@pytest.mark.slow
def test_gate_fails_when_the_rules_cannot_run(tmp_path: Path) -> None:
    db_path = tmp_path / "nothing.duckdb"
    duckdb.connect(str(db_path)).close()
    outcome, _ = gate(db_path)
    assert not outcome.global_passed
    assert outcome.global_failures[0].startswith("the rules could not be evaluated")
    assert check_results(db_path) == []  # no stale verdicts survive a run that could not check


@pytest.mark.slow
def test_gate_fails_when_great_expectations_cannot_run(db: Path) -> None:
    # A connection the caller forgot open: DuckDB lets the gate's own connections share it, but
    # refuses GE's, whose configuration differs. The gate must fail, not pass on an empty result.
    held = duckdb.connect(str(db))
    try:
        outcome, _ = gate(db)
    finally:
        held.close()
    assert not outcome.global_passed
    assert any(f.startswith("Great Expectations could not run") for f in outcome.global_failures)
    # the SQL verdicts were still written, for the quality mart
    assert len(check_results(db)) == sum(c.evaluated for c in outcome.rule_counts.values()) > 0


@pytest.mark.slow
def test_int_amounts_is_found_in_main_too_but_never_guessed_between_two(db: Path) -> None:
    con = duckdb.connect(str(db))
    try:
        con.execute("CREATE TABLE main.int_amounts AS SELECT * FROM intermediate.int_amounts")
    finally:
        con.close()
    outcome, _ = gate(db)
    assert not outcome.global_passed
    assert "set GateSettings.amounts_table" in outcome.global_failures[0]
    outcome, _ = gate(db, amounts_table="main.int_amounts")
    assert outcome.global_passed, outcome.global_failures
    con = duckdb.connect(str(db))
    try:
        con.execute("DROP TABLE intermediate.int_amounts")
    finally:
        con.close()
    outcome, _ = gate(db)
    assert outcome.global_passed, outcome.global_failures


# ---------------------------------------------------------------------------------------------
# The dialect fix


@pytest.mark.slow
def test_ge_reads_rows_through_the_gate_dialect_and_not_through_the_stock_one(db: Path) -> None:
    import os

    os.environ["GX_ANALYTICS_ENABLED"] = "False"
    import great_expectations as gx

    from expectations.dialect import connection_string

    query = "SELECT * FROM {batch} WHERE table_code = '09'"

    def run(url: str) -> tuple[bool, object]:
        ctx = gx.get_context(mode="ephemeral")
        ds = ctx.data_sources.add_sql(name="w", connection_string=url)
        asset = ds.add_query_asset(name="a", query="SELECT * FROM intermediate.int_amounts")
        batch = asset.add_batch_definition_whole_table("all").get_batch()
        res = batch.validate(gx.expectations.UnexpectedRowsExpectation(unexpected_rows_query=query))
        ds.get_engine().dispose()
        return bool(res.exception_info.get("raised_exception")), res.result.get("observed_value")

    # the stock duckdb-engine dialect loses the result on the pool's ROLLBACK
    raised, observed = run(f"duckdb:///{db}")
    assert observed is None
    # through ours, GE counts hongshan's six 09 amounts
    raised, observed = run(connection_string(db))
    assert (raised, observed) == (False, 6)


def test_sqlalchemy_keeps_a_result_after_the_connection_is_returned(db: Path) -> None:
    import sqlalchemy as sa

    from expectations.dialect import connection_string

    for url, expected in ((f"duckdb:///{db}", []), (connection_string(db), [(6,)])):
        engine = sa.create_engine(url)
        with engine.connect() as conn:
            result = conn.execute(sa.text("SELECT count(*) FROM intermediate.int_amounts WHERE table_code = '09'"))
        assert result.fetchall() == expected, url
        engine.dispose()


@pytest.mark.slow
def test_a_failure_with_nothing_printed_on_the_expected_side_is_never_the_publishers(db: Path) -> None:
    # hongshan's 09 决算数 合计 gone (as a table that does not print the line): R11's parts still
    # add up to something, but no printed number disagrees with them. However sure the re-reader
    # is of the parts' digits, that failure is ours to explain: parse_error, never a flag.
    with duckdb.connect(str(db)) as con:
        con.execute(
            "DELETE FROM intermediate.int_amounts WHERE document_id = $doc AND table_code = '09' "
            "AND row_key = 'three_public' AND column_key = 'actual_total'",
            {"doc": HONGSHAN},
        )
    outcome, _ = gate(db, answer=True)
    failed = check_results(db, "NOT held AND rule_id = 'R11'")
    assert [(r["column_key"], r["expected"], r["verdict"]) for r in failed] == [
        ("actual_total", Decimal("0.00"), "parse_error")
    ]
    assert outcome.document_status[HONGSHAN] == "quarantined"
