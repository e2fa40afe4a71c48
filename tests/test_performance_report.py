"""A narrative 绩效 report (整体支出绩效自评报告 printed as text, seed 002's layout) is read as text: the
figures it states become table PN, every one exact (key, project, amount as printed, page, the box
of its digits). The reports are rendered by samples/performance_report.py from seeded figures and
wordings: the ground truth is the data they are rendered from.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.pdfgen import canvas

from ingest import parse_document
from ingest.narrative import load_narrative
from samples.pages import PORTRAIT, Style, emit, register_font
from samples.performance_report import BODY, layout_report, random_performance_report, render_performance_report

# Three reports between them print every wording the generator has for each statement (checked below)
# and a report running over two pages.
SEEDS = (0, 3, 19)


@pytest.mark.parametrize("seed", SEEDS)
def test_every_statement_of_a_narrative_report_is_read_exactly(seed: int, tmp_path: Path) -> None:
    report, truth = render_performance_report(seed, tmp_path / "report.pdf")
    doc = parse_document(tmp_path / "report.pdf")
    assert (doc.status, doc.kind, doc.part, doc.reason) == ("parsed", "performance", "text", None)
    assert (doc.unit_name, doc.fiscal_year) == (report.unit, report.year)
    assert [t.table_code for t in doc.tables] == ["PN"] and not doc.performance
    repeated = {s.key for s in load_narrative("performance").statements if s.repeat}
    got = sorted(
        (a.row_key, a.row_label if a.row_key in repeated else None, a.amount, a.amount_text, a.page)
        for a in doc.amounts
    )
    assert got == sorted((s.key, s.project, s.amount, s.amount_text, s.page) for s in truth)
    # lineage: the characters centred in each amount's box (inset 1 pt left and right) are its digits
    with pdfplumber.open(tmp_path / "report.pdf") as pdf:
        for a in doc.amounts:
            chars = [
                c["text"]
                for c in sorted(pdf.pages[a.page - 1].chars, key=lambda c: (round(c["top"]), c["x0"]))
                if a.x0 <= (c["x0"] + c["x1"]) / 2 <= a.x1 and a.top <= (c["top"] + c["bottom"]) / 2 <= a.bottom
            ]
            assert "".join(chars) == a.amount_text


def test_the_rendered_reports_use_every_wording_and_trap() -> None:
    texts = ["".join(p for para in random_performance_report(s).paragraphs for p in para if isinstance(p, str))
             for s in SEEDS]  # fmt: skip
    wordings = [
        ["年年初预算资金", "年度年初预算数为", "年年初预算总额"],
        ["单位一般公共预算财政拨款收入", "一般公共预算拨款收入为"],
        ["其中：项目支出", "其中：基本支出"],
        ["政府性基金项目支出", "政府性基金预算财政拨款项目支出为"],
        ["年中执行调增", "年中调整增加", "年中执行调减", "年中调整减少"],
        ["支出决算数为", "实际支出", "决算数"],
        ["结余结转", "结转结余"],
        ["全年预算数", "调整后预算数为", "收入合计"],
    ]
    for family in wordings:
        assert all(any(w in t for t in texts) for w in family), family
    style = Style.of("ttf", BODY)
    assert any(s.page == 2 for seed in SEEDS for s in layout_report(random_performance_report(seed), style)[1])


def test_a_performance_report_stating_no_figure_stays_rejected(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    c = canvas.Canvas(str(path), pagesize=PORTRAIT)
    c.setFont(register_font("cid"), 12)
    for i, line in enumerate(["2024年度株洲市芦淞区卫生健康局整体支出绩效自评报告", "一、单位基本情况",
                              "在职在编人员23名，资金使用率达100%，每人每月100元。"]):  # fmt: skip
        c.drawString(60, PORTRAIT[1] - 80 - i * 24, line)
    c.save()
    doc = parse_document(path)
    assert (doc.status, doc.kind) == ("rejected", "performance")
    assert doc.reason == "performance (绩效) report: none of its tables is of a 绩效 family read yet"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # 湖北 / 西安 wordings of the unit's figures
        ("2023年度收入合计1,234.50万元，支出合计1,200.00万元。", {"inc_total_current": "1,234.50",
                                                               "exp_total_current": "1,200.00"}),
        ("全年预算数为860万元，全年执行数为855.2万元，执行率99.44%。", {"budget_full_year": "860",
                                                                     "executed": "855.2"}),
        ("财政拨款支出500.00万元，其中基本支出为300.00万元，项目支出为200.00万元。",
         {"exp_fiscal_total": "500.00", "exp_basic": "300.00", "exp_project": "200.00"}),
        # never a year, a percentage, a count or a rate (元, 万元/人); 政府性基金's 项目支出 is its own statement
        ("2024年支出增长12.5%，人员23名，每人每月100元，公用经费3.5万元/人，政府性基金项目支出345.45万元。",
         {"exp_gov_fund_project": "345.45"}),
    ],
)  # fmt: skip
def test_a_unit_statement_is_found_in_each_wording(sentence: str, expected: dict[str, str]) -> None:
    profile = load_narrative("performance")
    found = {}
    for statement in profile.statements:
        if not statement.repeat:
            hits = [m["amount"] for p in profile.compiled(statement) if (m := p.search(sentence))]
            found.update({statement.key: hits[0]} if hits else {})
    assert found == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # seed 002: the heading line joined to the sentence starting with the same name
        ("1.计划生育专项计划生育专项年中执行调增540.17万元，支出决算数为2313.6万元，结余结转0万元。",
         [("prj_adjust_up", "计划生育专项", "540.17"), ("prj_executed", "计划生育专项", "2313.6"),
          ("prj_carryover", "计划生育专项", "0")]),
        # 长沙 评价报告: budget and 实际支出 per item, an enumeration mark before the name
        ("③留守机构补助资金预算700万元，实际支出447.27万元，预算执行率63.9%。应急资金预算280万元，实际支出70万元。",
         [("prj_budget", "留守机构补助资金", "700"), ("prj_executed", "留守机构补助资金", "447.27"),
          ("prj_budget", "应急资金", "280"), ("prj_executed", "应急资金", "70")]),
        # a name ending in a suffix twice (专项 … 经费), 调整减少, 结转结余
        ("爱国卫生运动专项经费年中调整减少7.1万元，实际支出15.4万元，结转结余3.30万元。",
         [("prj_adjust_down", "爱国卫生运动专项经费", "7.1"), ("prj_executed", "爱国卫生运动专项经费", "15.4"),
          ("prj_carryover", "爱国卫生运动专项经费", "3.30")]),
        # a unit's figures are no project's
        ("其中：人员经费支出482.07万元，公用经费72.49万元，项目支出7545.86万元。", []),
    ],
)  # fmt: skip
def test_a_project_statement_is_found_in_each_wording(text: str, expected: list[tuple[str, str, str]]) -> None:
    from ingest.layout import Line, Word
    from ingest.narrative import _repeated_matches, _Span

    lines = [Line(1, [Word(part, 0, 1, i, i + 1)]) for i, part in enumerate(text.split("计划生育专项计", 1))]
    if len(lines) == 2:  # (the heading and the sentence are two lines)
        lines[1] = Line(1, [Word("计" + lines[1].words[0].text, 0, 1, 1, 2)])
    spans, start = [], 0
    for line in lines:
        spans.append(_Span(start, line))
        start += len(line.norm)
    found = _repeated_matches(load_narrative("performance"), "".join(line.norm for line in lines), spans,
                              [s.start for s in spans])  # fmt: skip
    assert [(f.statement.key, f.project, f.digits) for f in found] == expected


def test_repeated_statements_need_a_project_pattern() -> None:
    from pydantic import ValidationError

    from ingest.narrative import NarrativeProfile

    statement = {"key": "k", "line_kind": "item", "name": "n", "repeat": True, "patterns": ["{project}{amount}万元"]}
    with pytest.raises(ValidationError, match="project"):
        NarrativeProfile.model_validate({"table": "XN", "name": "x", "statements": [statement]})
    with pytest.raises(ValidationError, match="repeated statements only"):
        NarrativeProfile.model_validate(
            {"table": "XN", "name": "x", "project": "项目", "statements": [{**statement, "repeat": False}]}
        )


def test_an_evaluation_report_stating_the_same_figures_stays_rejected(tmp_path: Path) -> None:
    # A 财政局's 绩效评价报告 (长沙 2020, 2022) states a 专项's sub-items and their uses in the same
    # words: only a cover naming a 自评报告 is read as text.
    report = random_performance_report(SEEDS[0])
    report.paragraphs[1] = ["绩效评价报告"]
    pages, _ = layout_report(report, Style.of("ttf", BODY))
    emit(pages, tmp_path / "evaluation.pdf", "绩效评价报告", Style.of("ttf", BODY).font)
    doc = parse_document(tmp_path / "evaluation.pdf")
    assert (doc.status, doc.kind, doc.tables) == ("rejected", "performance", [])
