"""Generated 决算 reports (samples/generator) are read exactly, whatever their layout.

A fixed list of seeds, kept here so a failure reproduces (``python -m samples.generator SEED --out
DIR`` renders one). Every printed amount must come back with the right table, page, subject code
or row key, column, amount and label — the comparison of test_parse_samples.py, never weakened.
Seeds the parser cannot read yet are strict xfails naming the variable and the parse failure:
when the reader is fixed the test flips to XPASS (a failure), and the seed moves to READ_EXACTLY.
Run ``make fidelity`` for the same over hundreds of seeds, broken down per layout variable.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from test_samples import balance_checks, tolerance  # the sample reports' own balance rules

from ingest import parse_document
from samples.document import render_report
from samples.fidelity import INCONSISTENT_BY, INCONSISTENT_ROW, amount_key, compare, make_inconsistent
from samples.generator import generate, generate_kind
from samples.generator.layout import FRONT_MATTER_VARIABLES, PRINTING_VARIABLES, VARIABLES

# Seeds read exactly today, chosen so that together with NOT_YET they cover every value of every
# layout variable (test_the_fixed_seeds_cover_every_variable_value).
READ_EXACTLY: list[int] = [
    5, 10, 11, 14, 21, 24, 27, 29, 31, 37, 38, 47, 52, 58, 92, 105, 122, 127, 129, 135,
    137, 151, 155, 157, 169, 196,
    5004,  # decimals=trimmed: 01's 1890 (1,890.00) under an amount column, not its 行次
    15,  # row_height=tall_top, decimals=trimmed: a page's last row `11 | 11` below its name, no page number
    36,  # row_height=tall_top: 02's last row alone on a page, `2210203购房补贴` atop its amounts
    419,  # decimals=trimmed: 05's last row alone under a repeated header, `2240699其他… | 5 | 5`
    372,  # code_cell=wrapped, name_width=narrow: 03's last row alone, code and name wrapped together
    474,  # continuation_shift=right, decimals=trimmed: 03's next page 4pt right, amounts of many widths
    639,  # sharing=07+08+09, header=flat: 07's header unruled right of 本年收入, `本年支出合` / `计`
]

# seed -> the variable that breaks it and the parser's failure, today.
NOT_YET: dict[int, str] = {}

AMOUNT_WORD = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)\.\d{2}")


def _seeds() -> list:
    strict = [pytest.param(s, marks=pytest.mark.xfail(strict=True, reason=r)) for s, r in NOT_YET.items()]
    return [*READ_EXACTLY, *strict]


@pytest.mark.parametrize("seed", _seeds())
def test_generated_report_reads_exactly(seed: int, tmp_path: Path) -> None:
    generated = generate(seed)
    pdf = tmp_path / f"gen-{seed:05d}.pdf"
    truths = render_report(generated.report, pdf)
    doc = parse_document(pdf)
    assert doc.status == "parsed", f"seed {seed}: {doc.reason} (page {doc.reason_page})"
    expected = Counter(amount_key(t) for t in truths)
    got = Counter(amount_key(a) for a in doc.amounts)
    missing, extra = expected - got, got - expected
    assert not missing and not extra, f"seed {seed}: {compare(truths, doc)[3]}; missing {list(missing)[:3]}"


def test_generation_is_reproducible() -> None:
    for seed in (0, 1, 12345):
        a, b = generate(seed), generate(seed)
        assert a.report == b.report and a.variables == b.variables
    assert generate(0).report != generate(1).report


def test_every_variable_is_recorded_with_a_known_value() -> None:
    for seed in range(30):
        variables = generate(seed).variables
        for name, options in {**VARIABLES, **FRONT_MATTER_VARIABLES, **PRINTING_VARIABLES}.items():
            assert variables[name] in {v for v, _ in options}, (seed, name)


@pytest.mark.parametrize("seed", range(0, 60))
def test_generated_reports_balance_as_a_publisher_prints_them(seed: int) -> None:
    report = generate(seed).report
    checks = list(balance_checks(report))
    assert len(checks) > 40
    off = [(n, t, s) for n, t, s, k in checks if abs(t - s) > tolerance(k)]
    assert off == [], seed
    # the identities hold in 元: printed totals of one figure agree exactly across tables
    grand = [r for r in report.tables["01"].rows if r.row_key in ("inc_grand_total", "exp_grand_total")]
    assert grand[0].amounts == grand[1].amounts
    assert report.report.narrative_total == grand[0].amounts.get("amount", Decimal(0))


def test_the_fixed_seeds_cover_every_variable_value() -> None:
    seen: set[tuple[str, str]] = set()
    for seed in [*READ_EXACTLY, *NOT_YET]:
        seen.update(generate(seed).variables.items())
    variables = {**VARIABLES, **FRONT_MATTER_VARIABLES, **PRINTING_VARIABLES}
    wanted = {(name, value) for name, options in variables.items() for value, _ in options}
    assert wanted - seen == set()


@pytest.mark.parametrize("seed", [0, 3, 24, 39])  # ttf + cid fonts, wrapped, clipped, rotated pages
def test_the_truth_is_where_the_pdf_prints_it(seed: int, tmp_path: Path) -> None:
    generated = generate(seed)
    pdf_path = tmp_path / "gen.pdf"
    truths = render_report(generated.report, pdf_path)
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            words = [w for w in page.extract_words() if AMOUNT_WORD.fullmatch(w["text"])]
            on_page = [t for t in truths if t.page == number]
            if number == len(pdf.pages):  # the narrative quotes the total; no table there
                assert not on_page
                continue
            assert Counter(w["text"] for w in words) == Counter(t.amount_text for t in on_page), (seed, number)
            for t in on_page:
                hits = [
                    w
                    for w in words
                    if w["text"] == t.amount_text
                    and all(abs(w[k] - getattr(t, k)) < 0.01 for k in ("x0", "x1", "top", "bottom"))
                ]
                assert len(hits) == 1, (seed, t)


@pytest.mark.parametrize("kind", ["final", "budget"])
def test_an_inconsistent_report_prints_one_amount_off_its_total(kind: str) -> None:
    # `samples.fidelity --inconsistent`: a real publisher inconsistency the pipeline must flag
    report = generate_kind(kind, 3).report
    before = report.model_copy(deep=True)
    make_inconsistent(report)
    changed = [
        (code, r.row_key, key, r.amounts[key] - b.amounts[key])
        for code in report.tables
        for r, b in zip(report.tables[code].rows, before.tables[code].rows, strict=True)
        for key in r.amounts
        if r.amounts[key] != b.amounts[key]
    ]
    assert [(row, delta) for _, row, _, delta in changed] == [(INCONSISTENT_ROW, INCONSISTENT_BY)]
    if kind == "final":  # (the sample reports' own balance rules see it: the income total is off)
        assert any(abs(t - s) > tolerance(k) for _, t, s, k in balance_checks(report))
