"""Who reports for which year: the unit and the fiscal year read from the content (the tables'
单位： lines and titles, else the cover), never from the file name."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from ingest.base import ORGANISATION, money_unit, unit_values
from ingest.layout import Line
from ingest.records import ParsedDocument
from ingest.segments import Segment

YEAR_RE = re.compile(r"(20\d{2})\s*年度?")
# The years a report can be of: departments publish their 部门预算 and 决算 since 2010, and a
# budget at the earliest in the year before the one it plans. A year outside (a 2099 would become
# the latest year of every mart) is a misread or a bogus file: quarantined.
FIRST_FISCAL_YEAR = 2010


def plausible_years() -> range:
    return range(FIRST_FISCAL_YEAR, date.today().year + 2)


# Covers naming the reporting unit, tried in order: a 绩效 评价报告's 评价项目单位; 部门/单位 budget or accounts (XX区
# 生态环境局 / 单位预算; 陕西 XX市医疗保障局2022年部门综合预算; 北京 XX市信访办公室部门 2026 年度
# 部门预算), else a 预算公开 title without 部门 (2018年度XX省高级人民法院预算公开). A name starts with
# a character (not the cover's stray `.`).
_COVER_UNIT = (
    # a 绩效 评价报告's cover names the unit evaluated (长沙: 评价项目单位：XX委员会 / 项目主管部门：…);
    # its title names the evaluating 财政 (长沙市财政项目支出绩效评价报告), not the unit
    re.compile(r"(?:评价项目单位|被评价单位)[：:]([\u4e00-\u9fff（）()]{2,40}?)(?=项目主管部门|评价项目|报告日期|$)"),
    re.compile(
        r"(?:20\d{2}年度?)?([\u4e00-\u9fff].{1,39}?)(?:部门)?(?:20\d{2})?年?度?(?:部门|单位)(?:综合)?(?:决算|预算)"
    ),
    re.compile(r"20\d{2}年度?([\u4e00-\u9fff].{1,39}?)(?:决算|预算)公开"),
    # a 绩效 report's title (2024年度XX区卫生健康局整体支出绩效自评报告, XX局2023年度部门整体支出绩效评价报告)
    re.compile(
        r"(?:20\d{2}年度?)?([\u4e00-\u9fff].{1,39}?)(?:20\d{2}年度?)?(?:部门)?(?:整体支出|项目支出|整体)?绩效(?:自评|评价)报告"
    ),
)
# Where neither the tables nor the cover name the unit (a budget's text half), its text does, in
# the first of these sentences found: the 收支 summary (XX省政协办公厅本年收入预算合计 …), the
# attachment line (附件：XX市人民政府办公厅 2026 年度部门预算报表), the count of its units or offices
# (XX市教育委员会包括 61 个所属预算单位; XX市人民政府办公厅有 28 个内设机构).
_STATEMENT_UNIT = (
    re.compile(r"[。：]([\u4e00-\u9fff（）()]{2,30}?)(?:20\d{2}年度?|本年)收入[、和]?(?:支出)?预算(?:总计|合计)"),
    re.compile(r"附件[：:]([\u4e00-\u9fff（）()]{2,30}?)(?:部门)?20\d{2}年度?部门(?:预算|决算)"),
    re.compile(r"(?:^|[。：；])([\u4e00-\u9fff（）()]{2,30}?)(?:共有|包括|有|下属|所属)\d+个(?:所属|下属)?(?:预算单位|内设机构)"),
)


def _cover_unit(front: str) -> str | None:
    """The unit a report's first pages name, if it reads like an organisation (…局, …委员会,
    …中心（本级）)."""
    for pattern in _COVER_UNIT:
        if m := pattern.search(front):
            name = m.group(1).rsplit("名称", 1)[-1]  # 部门（单位）名称宁德市… forms
            if ORGANISATION.search(name) and "表" not in name:
                return name
    return None


def statement_unit(text: str) -> str | None:
    """The unit a report's text names in one of the sentences of `_STATEMENT_UNIT`."""
    for pattern in _STATEMENT_UNIT:
        names = (m.group(1) for m in pattern.finditer(text))
        if name := next((n for n in names if ORGANISATION.search(n)), None):
            return name
    return None


def identify(doc: ParsedDocument, lines: list[Line], segments: list[Segment]) -> None:
    """Unit and fiscal year from the content: the tables' 单位： lines and titles, else the cover."""
    units: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for seg in segments:
        for line in seg.lines[:6]:
            for value in unit_values(line.text):
                if money_unit(value) is None:
                    units[value] += 1
        if seg.title and (m := YEAR_RE.search(seg.title)):
            years[int(m.group(1))] += 1
    front = "".join(line.norm for line in lines if line.page <= 2)
    # Covers print the year before or after the title (XX区财政局 / 年度部门决算 / 2024).
    if not years and (m := YEAR_RE.search(front) or re.search(r"(20\d{2})", front)):
        years[int(m.group(1))] += 1
    cover = _cover_unit(front)
    doc.unit_name = units.most_common(1)[0][0] if units else cover
    if cover and doc.unit_name and re.fullmatch(re.escape(doc.unit_name) + r"[（(](本级|汇总)[)）]", cover):
        # The tables name the organisation, the cover which of its reports this is (长春市信访局 /
        # 长春市信访局（本级）): the 本级 and 汇总 reports of one department are different units.
        doc.unit_name = cover
    if not years:
        # Tables-only files (江苏 公开表) print the year only in a later title (2018年政府采购预算表):
        # the year most often written as 20xx年 anywhere in the document.
        years.update(int(y) for line in lines for y in re.findall(r"(20\d{2})\s*年", line.text))
    doc.fiscal_year = years.most_common(1)[0][0] if years else None
