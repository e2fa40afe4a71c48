"""A small warehouse built by hand from two real reports, for the quality gate's tests
(test_gate_rules.py: the rules alone in DuckDB; test_gate.py: the gate end to end).

The rows are copied from the seeds ``wuhan-qingshan-healthcare-office-2024-final-accounts.txt``
(all nine tables; 07/08/09 are empty there) and ``wuhan-hongshan-health-2024-final-accounts.txt``
(01–07 and 09; its 05 only down to 类), with the publishers' own rounding differences left in
(716.87 vs 716.88 in qingshan's 02; 33,163.28 vs 33,163.29 between hongshan's 01 and 03).
The derived columns of ``int_amounts`` are computed here the way dbt does (amount_yuan, subject
level and parent), so the tests need neither the parser nor dbt — but they run real DuckDB and
real Great Expectations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import duckdb

from expectations.performance import EMPTY_PERFORMANCE_VALUES
from expectations.rules import build_rules

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
