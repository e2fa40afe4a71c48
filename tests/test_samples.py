"""The sample reports: their data balances, and their PDFs print exactly the ground truth.

Everything here runs on real files: the YAMLs in samples/data and the PDFs rendered from them,
read back with pdfplumber (the same reader the parser uses).
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from pydantic import ValidationError

from samples.render import (
    COLUMNS,
    FUNCTION_TABLES,
    TITLES,
    SampleReport,
    TruthAmount,
    load_report,
    main,
    render_all,
    render_report,
    sample_paths,
)

# An amount as printed: 32,979.59 or 32979.59 (never an integer: 行次/栏次 are not amounts).
AMOUNT_WORD = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}")

REPORTS: dict[str, SampleReport] = {p.stem: load_report(p) for p in sample_paths()}


@pytest.fixture(scope="module")
def timed_render(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[Path, list[TruthAmount]], float]:
    out = tmp_path_factory.mktemp("samples-timed")
    start = time.perf_counter()
    rendered = render_all(out)
    return rendered, time.perf_counter() - start


def by_stem(rendered: dict[Path, list[TruthAmount]]) -> dict[str, tuple[Path, list[TruthAmount]]]:
    return {pdf.stem: (pdf, truths) for pdf, truths in rendered.items()}


@dataclass(frozen=True)
class PageRead:
    """What pdfplumber reads from one page (parsed once: pages full of rules are slow to parse)."""

    words: list[dict[str, Any]]
    text: str
    width: float
    height: float
    rotation: int
    stored_portrait: bool  # the MediaBox itself, before /Rotate

    @property
    def flat(self) -> str:
        return self.text.replace(" ", "")


@pytest.fixture(scope="module")
def read(rendered_samples: dict[Path, list[TruthAmount]]) -> dict[str, list[PageRead]]:
    out: dict[str, list[PageRead]] = {}
    for pdf_path in rendered_samples:
        with pdfplumber.open(pdf_path) as pdf:
            pages = []
            for page in pdf.pages:
                x0, y0, x1, y1 = page.page_obj.mediabox
                pages.append(
                    PageRead(
                        words=page.extract_words(),
                        text=page.extract_text(),
                        width=page.width,
                        height=page.height,
                        rotation=page.rotation,
                        stored_portrait=(x1 - x0) < (y1 - y0),
                    )
                )
        out[pdf_path.stem] = pages
    return out


# --------------------------------------------------------------------------------------------
# The data: every report's tables add up as a real 部门决算 does
# --------------------------------------------------------------------------------------------


def tolerance(n_addends: int) -> Decimal:
    # Each printed amount is rounded to 0.01 from 元: a sum of n addends may be off by 0.005 (n + 1).
    return Decimal("0.005") * (n_addends + 1)


class Amounts:
    """Look-ups into one report's tables (a missing amount is a printed blank: zero)."""

    def __init__(self, report: SampleReport) -> None:
        self.report = report

    def key(self, code: str, row_key: str, col: str = "amount", side: str | None = None) -> Decimal:
        rows = [r for r in self.report.tables[code].rows if r.row_key == row_key and r.side == side]
        assert len(rows) == 1, (code, row_key, side)
        return rows[0].amounts.get(col, Decimal(0))

    def subjects(self, code: str, side: str | None = None) -> dict[str, dict[str, Decimal]]:
        return {
            r.subject_code: dict(r.amounts) for r in self.report.tables[code].rows if r.subject_code and r.side == side
        }


def balance_checks(report: SampleReport) -> Iterator[tuple[str, Decimal, Decimal, int]]:
    """(name, printed total, sum of its addends, number of addends) for the R and X checks."""
    a = Amounts(report)
    inc = "income"
    exp = "expense"

    # 01 (R1–R5)
    items = ["general_budget", "gov_fund", "state_capital", "superior_subsidy", "business", "operating"]
    items = [f"inc_{i}" for i in [*items, "affiliated", "other"]]
    yield "R1", a.key("01", "inc_total_current", side=inc), sum(a.key("01", k, side=inc) for k in items), 8
    classes01 = a.subjects("01", exp)
    class_sum = sum((v.get("amount", Decimal(0)) for v in classes01.values()), Decimal(0))
    yield "R2", a.key("01", "exp_total_current", side=exp), class_sum, len(classes01)
    parts = ["inc_total_current", "inc_use_non_fiscal_surplus", "inc_carryover_begin"]
    yield "R3", a.key("01", "inc_grand_total", side=inc), sum(a.key("01", k, side=inc) for k in parts), 3
    parts = ["exp_total_current", "exp_surplus_distribution", "exp_carryover_end"]
    yield "R4", a.key("01", "exp_grand_total", side=exp), sum(a.key("01", k, side=exp) for k in parts), 3
    yield "R5", a.key("01", "inc_grand_total", side=inc), a.key("01", "exp_grand_total", side=exp), 1

    # Function tables (R6, R7, R10)
    part_cols = {
        "02": ("total", COLUMNS["02"][1:]),
        "03": ("total", COLUMNS["03"][1:]),
        "05": ("total", ("basic", "project")),
        "07": ("expense_total", ("expense_basic", "expense_project")),
        "08": ("total", ("basic", "project")),
    }
    for code in FUNCTION_TABLES:
        total_col, cols = part_cols[code]
        rows = [*a.subjects(code).items(), ("合计", dict(a.report.tables[code].rows[0].amounts))]
        assert a.report.tables[code].rows[0].row_key == "total"
        for name, amounts in rows:
            z = Decimal(0)
            yield f"R6 {code} {name}", amounts.get(total_col, z), sum(amounts.get(c, z) for c in cols), len(cols)
            if code == "07":
                flow = amounts.get("carryover_begin", z) + amounts.get("income", z) - amounts.get("expense_total", z)
                yield f"R10 {name}", amounts.get("carryover_end", z), flow, 3
        subjects = a.subjects(code)
        total_row = dict(a.report.tables[code].rows[0].amounts)
        for col in COLUMNS[code]:
            for parent, amounts in [*subjects.items(), ("", total_row)]:
                # 合计 sums the 类 (3 digits); a 类 its 款 (5); a 款 its 项 (7).
                want = len(parent) + (3 if not parent else 2)
                kids = [v for c, v in subjects.items() if len(c) == want and c.startswith(parent)]
                if kids:
                    kid_sum = sum((k.get(col, Decimal(0)) for k in kids), Decimal(0))
                    yield f"R7 {code} {parent or '合计'} {col}", amounts.get(col, Decimal(0)), kid_sum, len(kids)

    # 04 (R8)
    cols04 = ("general_budget", "gov_fund", "state_capital")
    for cls, amounts in a.subjects("04", exp).items():
        z = Decimal(0)
        yield f"R8 {cls}", amounts.get("total", z), sum(amounts.get(c, z) for c in cols04), 3
    inc04 = ("inc_general_budget", "inc_gov_fund", "inc_state_capital")
    yield "R8 收入", a.key("04", "inc_total_current", side=inc), sum(a.key("04", k, side=inc) for k in inc04), 3
    begin = [f"inc_carryover_begin_{c}" for c in cols04]
    yield "R8 年初", a.key("04", "inc_carryover_begin", side=inc), sum(a.key("04", k, side=inc) for k in begin), 3
    total_in = a.key("04", "inc_total_current", side=inc) + a.key("04", "inc_carryover_begin", side=inc)
    yield "R8 收入总计", a.key("04", "inc_grand_total", side=inc), total_in, 2
    for col in ("total", *cols04):
        out = a.key("04", "exp_total_current", col, exp) + a.key("04", "exp_carryover_end", col, exp)
        yield f"R8 支出总计 {col}", a.key("04", "exp_grand_total", col, exp), out, 2
    yield "R8 总计", a.key("04", "inc_grand_total", side=inc), a.key("04", "exp_grand_total", "total", exp), 1

    # 06 (R9)
    econ = {c: v.get("amount", Decimal(0)) for c, v in a.subjects("06").items()}
    for cls in [c for c in econ if len(c) == 3]:
        kids = [v for c, v in econ.items() if len(c) == 5 and c.startswith(cls)]
        yield f"R9 {cls}", econ[cls], sum(kids, Decimal(0)), len(kids)
    personnel = a.key("06", "personnel_total")
    public = a.key("06", "public_total")
    yield "R9 人员经费", personnel, econ.get("301", Decimal(0)) + econ.get("303", Decimal(0)), 2
    yield "R9 公用经费", public, econ.get("302", Decimal(0)) + econ.get("310", Decimal(0)), 2

    # 09 (R11)
    for row in report.tables["09"].rows:
        g = row.amounts.get
        for s in ("budget", "actual"):
            z = Decimal(0)
            parts09 = [g(f"{s}_{i}", z) for i in ("outbound", "vehicle_total", "reception")]
            yield f"R11 {s}", g(f"{s}_total", z), sum(parts09, z), 3
            vehicle = g(f"{s}_vehicle_purchase", z) + g(f"{s}_vehicle_operation", z)
            yield f"R11 {s} 公务用车", g(f"{s}_vehicle_total", z), vehicle, 2

    # Across tables (X1–X5)
    z = Decimal(0)
    yield "X1", a.key("02", "total", "total"), a.key("01", "inc_total_current", side=inc), 1
    yield "X2", a.key("03", "total", "total"), a.key("01", "exp_total_current", side=exp), 1
    for cls, amounts in a.subjects("03").items():
        if len(cls) == 3:
            yield f"X2 {cls}", amounts.get("total", z), classes01.get(cls, {}).get("amount", z), 1
    for cls, amounts in a.subjects("04", exp).items():
        yield f"X3 {cls} 一般", amounts.get("general_budget", z), a.subjects("05").get(cls, {}).get("total", z), 1
        fund = a.subjects("07").get(cls, {}).get("expense_total", z)
        yield f"X3 {cls} 基金", amounts.get("gov_fund", z), fund, 1
    yield "X4", a.key("05", "total", "basic"), personnel + public, 2
    yield "X5", report.report.narrative_total, a.key("01", "inc_grand_total", side=inc), 1


@pytest.mark.parametrize("stem", sorted(REPORTS))
def test_every_report_balances_within_rounding(stem: str) -> None:
    checks = list(balance_checks(REPORTS[stem]))
    assert len(checks) > 60  # the checks really ran over the tables
    off = [(n, t, s) for n, t, s, k in checks if abs(t - s) > tolerance(k)]
    assert off == []


def test_the_derived_2023_report_balances_exactly() -> None:
    # Not a transcription: its totals were recomputed, so no publisher rounding is allowed there.
    off = [(n, t, s) for n, t, s, _ in balance_checks(REPORTS["hongshan-health-2023"]) if t != s]
    assert off == []


def test_transcriptions_keep_the_publishers_rounding() -> None:
    hs = Amounts(REPORTS["hongshan-health-2024"])
    assert hs.subjects("01", "expense")["210"]["amount"] == Decimal("33163.28")
    assert hs.subjects("03")["210"]["total"] == Decimal("33163.29")
    qs = Amounts(REPORTS["qingshan-healthcare-office-2024"])
    assert qs.subjects("02")["210"] == {"total": Decimal("716.87"), "fiscal_appropriation": Decimal("716.88")}
    assert qs.subjects("02")["21001"]["total"] == Decimal("51.43")
    # and the known differences are exactly those a check must tolerate
    diffs = {n: abs(t - s) for n, t, s, _ in balance_checks(REPORTS["qingshan-healthcare-office-2024"]) if t != s}
    assert diffs and max(diffs.values()) == Decimal("0.01")


def test_transcriptions_keep_the_cut_codes_and_names() -> None:
    q03 = REPORTS["qingshan-healthcare-office-2024"].tables["03"].rows
    cut = {(r.subject_code, r.printed_code) for r in q03 if r.printed_code}
    assert ("2080501", "208050") in cut and ("2101199", "210119") in cut
    q06 = {r.subject_code: r for r in REPORTS["qingshan-healthcare-office-2024"].tables["06"].rows if r.subject_code}
    assert q06["30101"].printed_code == "30" and q06["30108"].printed_code == "3010"
    assert q06["30299"].printed_label == "其他商品和" and q06["30299"].label == "其他商品和服务支出"
    assert q06["301"].printed_code is None  # printed in full


# --------------------------------------------------------------------------------------------
# The model rejects what would make the truth inexact
# --------------------------------------------------------------------------------------------


def _minimal() -> dict:
    data = yaml.safe_load((sample_paths()[0]).read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["report"].update(extra="x"),
        lambda d: d["layout"].update(orientation_typo="landscape") if d["layout"] else d.update(layout={"x": 1}),
        lambda d: d["tables"]["02"]["rows"][1]["amounts"].update(total=326.31),  # a float
        lambda d: d["tables"]["02"]["rows"][1]["amounts"].update(total="326,31"),  # separators
        lambda d: d["tables"]["02"]["rows"][1].update(row_key="total"),  # code and key
        lambda d: d["tables"]["02"]["rows"][1]["amounts"].update(made_up="1.00"),
        lambda d: d["tables"]["02"]["rows"][1].update(subject_code=208),  # unquoted code
        lambda d: d["tables"]["02"]["rows"][2].update(printed_code="21"),  # not a cut of 20805
        lambda d: d["tables"].pop("09"),
        lambda d: d["tables"]["01"]["rows"][0].pop("side"),
    ],
)
def test_load_rejects_inexact_or_unknown_data(mutate, tmp_path: Path) -> None:
    data = _minimal()
    mutate(data)
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(ValidationError):
        load_report(path)


# --------------------------------------------------------------------------------------------
# The PDFs print exactly the truth
# --------------------------------------------------------------------------------------------


def test_every_truth_amount_is_printed_where_the_truth_says(rendered_samples, read) -> None:
    assert len(rendered_samples) == len(REPORTS) >= 6
    for pdf_path, truths in rendered_samples.items():
        assert truths, pdf_path
        pages = read[pdf_path.stem]
        assert {t.page for t in truths} <= set(range(1, len(pages) + 1))
        for number, page in enumerate(pages, start=1):
            printed = [w for w in page.words if AMOUNT_WORD.fullmatch(w["text"])]
            on_page = [t for t in truths if t.page == number]
            if number == len(pages):  # the narrative quotes amounts; no table there
                assert not on_page
                continue
            # Every amount-looking word on the page is a truth amount, and vice versa.
            where = (pdf_path.name, number)
            assert Counter(w["text"] for w in printed) == Counter(t.amount_text for t in on_page), where
            for t in on_page:
                hits = [
                    w
                    for w in printed
                    if w["text"] == t.amount_text
                    and all(abs(w[k] - getattr(t, k)) < 0.01 for k in ("x0", "x1", "top", "bottom"))
                ]
                assert len(hits) == 1, (pdf_path.name, t)
                assert hits[0]["upright"]


def test_truth_fields_are_consistent(rendered_samples) -> None:
    for pdf_path, truths in rendered_samples.items():
        report = REPORTS[pdf_path.stem]
        sep = report.layout.thousands_separator
        n_amounts = sum(len(r.amounts) for t in report.tables.values() for r in t.rows)
        assert len(truths) == n_amounts  # every amount in the data is printed once
        for t in truths:
            assert (t.subject_code is None) != (t.row_key is None), t
            assert t.amount_text.replace(",", "") == f"{t.amount:.2f}"
            assert ("," in t.amount_text) == (sep and abs(t.amount) >= 1000), t
            assert (t.line_no is not None) == (t.table_code in ("01", "04"))
            assert " " not in t.row_label
            if t.printed_code is not None:
                assert t.subject_code and t.subject_code.startswith(t.printed_code)
        assert {t.table_code for t in truths} >= {"01", "02", "03", "04", "05", "06"}


def test_truth_json_is_written_beside_each_pdf(rendered_samples) -> None:
    for pdf_path, truths in rendered_samples.items():
        data = json.loads(pdf_path.with_suffix(".truth.json").read_text(encoding="utf-8"))
        assert data == [t.to_json() for t in truths]
        assert all(isinstance(d["amount"], str) for d in data)


def test_rendering_is_deterministic_and_fast(rendered_samples, timed_render) -> None:
    again, seconds = timed_render
    assert seconds < 10
    first = {p.name: p.read_bytes() for p in rendered_samples}
    second = {p.name: p.read_bytes() for p in again}
    assert first == second
    assert by_stem(again).keys() == REPORTS.keys()
    assert [t for ts in again.values() for t in ts] == [t for ts in rendered_samples.values() for t in ts]


def test_cli_renders_every_sample(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.pdf")) == sorted(REPORTS)
    assert "reports in" in capsys.readouterr().out


# --------------------------------------------------------------------------------------------
# The traps are really in the PDFs
# --------------------------------------------------------------------------------------------


def test_the_samples_exercise_every_trap() -> None:
    layouts = [r.layout for r in REPORTS.values()]
    assert any(x.orientation == "landscape" and not x.rotate_table_pages for x in layouts)
    assert any(x.rotate_table_pages for x in layouts)
    assert {x.code_style for x in layouts} == {"full", "split", "truncated"}
    assert {x.thousands_separator for x in layouts} == {True, False}
    assert {x.repeat_header for x in layouts if x.max_rows_per_page} == {True, False}
    assert any(x.tables_sharing_a_page for x in layouts)
    assert any(x.wrap_labels_longer_than for x in layouts)
    empties = [t for r in REPORTS.values() for c in ("07", "08") if (t := r.tables[c]).empty_note]
    assert any("本单位当年无" in t.empty_note for t in empties if t.empty_note)
    assert all(not any(row.amounts for row in t.rows) for t in empties)
    # a second year for the same unit
    years: dict[str, set[int]] = {}
    for r in REPORTS.values():
        years.setdefault(r.report.unit_name, set()).add(r.report.fiscal_year)
    assert any(len(y) > 1 for y in years.values())
    # distinct reports: no two samples share unit and year
    assert len({(r.report.unit_name, r.report.fiscal_year) for r in REPORTS.values()}) == len(REPORTS)


def _pages_of(truths: list[TruthAmount], code: str) -> list[int]:
    return sorted({t.page for t in truths if t.table_code == code})


def test_page_orientation(rendered_samples, read) -> None:
    for pdf_path, truths in rendered_samples.items():
        layout = REPORTS[pdf_path.stem].layout
        pages = read[pdf_path.stem]
        for number in {t.page for t in truths}:
            page = pages[number - 1]
            if layout.orientation == "portrait":
                assert page.rotation == 0 and page.width < page.height
            elif layout.rotate_table_pages:
                # stored portrait, displayed (and read by pdfplumber) landscape
                assert page.rotation == 90 and page.stored_portrait and page.width > page.height
            else:
                assert page.rotation == 0 and not page.stored_portrait and page.width > page.height
        assert pages[0].width < pages[0].height  # the cover stays portrait


def test_continuation_pages_carry_no_title_and_header_as_configured(rendered_samples, read) -> None:
    split_seen = {True: 0, False: 0}
    for pdf_path, truths in rendered_samples.items():
        report = REPORTS[pdf_path.stem]
        year = report.report.fiscal_year
        pages = read[pdf_path.stem]
        for code in TITLES:
            numbers = _pages_of(truths, code)
            if len(numbers) < 2:
                continue
            first = pages[numbers[0] - 1].flat
            assert f"{year}年度{TITLES[code]}" in first and f"公开{code}表" in first
            for number in numbers[1:]:
                text = pages[number - 1].flat
                assert f"{year}年度{TITLES[code]}" not in text and f"公开{code}表" not in text
                assert f"单位：{report.report.unit_name}" not in text
                if code != "06":  # 06 prints no 栏次 row
                    assert ("栏次" in text) == report.layout.repeat_header
            split_seen[report.layout.repeat_header] += 1
    assert split_seen[True] >= 3 and split_seen[False] >= 2  # 02/03/05 and 02/03 are forced over pages


def test_forced_split_spreads_a_table_over_three_pages(rendered_samples) -> None:
    stems = by_stem(rendered_samples)
    _, truths = stems["hongshan-disease-control-2024"]
    assert len(_pages_of(truths, "02")) == 3
    _, truths = stems["hongshan-maternal-child-2024"]
    assert len(_pages_of(truths, "02")) == 2


def _row_words(page: PageRead, truth: TruthAmount) -> list[str]:
    """Words printed on the same line as an amount, left of it."""
    return [
        w["text"]
        for w in page.words
        if abs(w["top"] - truth.top) < 1.0 and w["x1"] <= truth.x0 and not AMOUNT_WORD.fullmatch(w["text"])
    ]


def test_code_styles_as_printed(rendered_samples, read) -> None:
    checked: Counter[str] = Counter()
    for pdf_path, truths in rendered_samples.items():
        layout = REPORTS[pdf_path.stem].layout
        for t in truths:
            if t.table_code not in FUNCTION_TABLES or t.subject_code is None or len(t.subject_code) != 7:
                continue
            words = _row_words(read[pdf_path.stem][t.page - 1], t)
            code = t.subject_code
            if layout.code_style == "split":
                # 类 | 款 | 项 cells: 210 | 01 | 01
                assert words[:3] == [code[:3], code[3:5], code[5:]], (pdf_path.name, t, words)
                assert t.printed_code == code
                checked["split"] += 1
            elif t.printed_code != code:
                assert t.printed_code is not None and len(t.printed_code) == 6
                assert t.printed_code in words and code not in words
                checked["cut"] += 1
            else:
                assert code in words
                checked["full"] += 1
    assert checked["split"] > 20 and checked["cut"] > 20 and checked["full"] > 20


def test_wrapped_names_straddle_their_amounts(rendered_samples, read) -> None:
    stem = "hongshan-maternal-child-2024"
    _, truths = by_stem(rendered_samples)[stem]
    limit = REPORTS[stem].layout.wrap_labels_longer_than
    assert limit
    # names wrapped over exactly two lines (a third line would put the second beside the amount)
    wrapped = [t for t in truths if t.table_code == "02" and limit < len(t.row_label) <= 2 * limit]
    assert len(wrapped) > 5
    for t in wrapped:
        words = read[stem][t.page - 1].words
        head = [w for w in words if w["text"].startswith(t.row_label[:limit]) and w["x1"] < t.x0]
        tail = [w for w in words if w["text"] == t.row_label[limit:] and w["x1"] < t.x0]
        # the name's first line sits above the amount, its second line below it
        assert any(w["bottom"] < t.bottom and abs(w["top"] - t.top) < 12 for w in head), t
        assert any(w["top"] > t.top and abs(w["top"] - t.top) < 12 for w in tail), t


def test_tables_sharing_a_page(rendered_samples, read) -> None:
    for pdf_path in rendered_samples:
        report = REPORTS[pdf_path.stem]
        year = report.report.fiscal_year
        for group in report.layout.tables_sharing_a_page:
            titles = [f"{year}年度{TITLES[c]}" for c in group]
            hosting = [p for p in read[pdf_path.stem] if all(t in p.flat for t in titles)]
            assert len(hosting) == 1, (pdf_path.name, group)


def test_empty_tables_print_their_sentence_and_no_amounts(rendered_samples, read) -> None:
    for pdf_path, truths in rendered_samples.items():
        report = REPORTS[pdf_path.stem]
        text = "".join(p.flat for p in read[pdf_path.stem])
        for code, table in report.tables.items():
            if table.empty_note:
                assert table.empty_note.replace(" ", "") in text
            if not any(r.amounts for r in table.rows):
                assert not [t for t in truths if t.table_code == code]


def test_narrative_states_the_total_without_separators(rendered_samples, read) -> None:
    for pdf_path in rendered_samples:
        info = REPORTS[pdf_path.stem].report
        pages = read[pdf_path.stem]
        last, first_table_page = pages[-1].text, pages[4].text
        assert "一、收入支出决算总体情况说明" in last
        assert f"{info.fiscal_year} 年度收、支总计均为 {info.narrative_total:.2f} 万元。" in last
        assert f"单位：{info.unit_name}" in first_table_page and "单位：万元" in first_table_page
        assert "2. 本套报表金额单位转换时可能存在尾数误差。" in first_table_page


def test_render_report_returns_truth_for_one_file(tmp_path: Path) -> None:
    report = REPORTS["qingshan-healthcare-office-2024"]
    truths = render_report(report, tmp_path / "one.pdf")
    assert (tmp_path / "one.pdf").read_bytes().startswith(b"%PDF")
    by_key = {(t.table_code, t.subject_code, t.row_key, t.column_key): t for t in truths}
    assert by_key[("02", "210", None, "total")].amount == Decimal("716.87")
    assert by_key[("03", "2080505", None, "total")].printed_code == "208050"
    assert by_key[("03", "2080505", None, "total")].row_label == "机关事业单位基本养老保险"
    assert by_key[("06", "30299", None, "amount")].row_label == "其他商品和"
    assert by_key[("06", None, "public_total", "amount")].amount == Decimal("4.45")
    assert not [t for t in truths if t.table_code in ("07", "08", "09")]
