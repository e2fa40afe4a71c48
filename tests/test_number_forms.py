"""The printed number forms (ingest/number_forms.py): each matches what its name says and only that.

Forms that differ in one detail (a thousands comma required or optional, decimals any or one to
two) are kept apart on purpose: the cases below that one matches and its neighbour does not are
what a merge of the two would change.
"""

from __future__ import annotations

import re

import pytest

from ingest import number_forms as forms


def _match(form: re.Pattern[str], text: str) -> bool:
    # (anchored forms are used with `match`/`search`, the others with `fullmatch`)
    return (form.search(text) if form.pattern.startswith("^") else form.fullmatch(text)) is not None


@pytest.mark.parametrize(
    ("form", "matches", "rejects"),
    [
        ("INTEGER_PART", ["1625605", "1,625,605", "-12", "625"], ["1,6256", "12.5", "1,625,", ",625"]),
        ("NUMBER_SHAPE", ["1,625,605.35", "12.345", "-3", "0.6"], ["1,62,5", "12.", "1.2.3", "1,625.3,5"]),
        ("AMOUNT_FORM", ["1,625,605.35", "4,088.5", "-0.64", "7"], ["12.345", "1,62,5.00", "12."]),
        ("TWO_DECIMALS", ["2,371.62", "-0.64", "2547.41"], ["30217", "4,088.5", "2,37.62"]),
        ("WHOLE_OR_TWO_DECIMALS", ["30217", "2,371.62", "-0.64"], ["3021.7", "4,088.5", "2,37.62"]),
        ("GROUPED_AMOUNT", ["1,625,605", "-2,371.62", "4,088.5"], ["625", "2371.62", "2,371.625", "23,71"]),
        ("GROUPED_INTEGER", ["2,371", "-1,625,605"], ["2371", "2,371.62", "2,37"]),
        ("THOUSANDS_HEAD", ["1,625", "625", "-36"], ["1625", "1,62", "1,625."]),
        ("LAST_GROUP", ["605", "605.3", "605.35"], ["60", "6050", "605.355", ",605"]),
        ("DECIMAL_DIGITS", ["83", "00"], ["8", "834", ".83"]),
        ("UNGROUPED_TWO_DECIMALS", ["2547.41", "-0.64"], ["2,547.41", "2547.4", "2547"]),
        ("TWO_DECIMALS_AMOUNT", ["506,800.00", "800.00", "-3.50"], ["506,800.0", "1708200.00", "50,68,00.00"]),
        ("DIGITS_AND_COMMAS", ["25180591", "1,62,5", "-3,"], [",3", "25.1", "a1"]),
        ("DECIMAL_PART", [".33", ".3"], [".333", "33", "0.33"]),
        ("RECOGNISED_NUMBER", ["1,62,5", "12.345", "-3", "2,818.26"], ["12.", ",3", "-", "1.2.3"]),
        ("COMMA_READ_AS_POINT", ["3,981.874", "36.650"], ["3,981.87", "3981.874", "36.6500"]),
    ],
)
def test_each_number_form_matches_what_its_name_says(form: str, matches: list[str], rejects: list[str]) -> None:
    pattern = getattr(forms, form)
    assert [t for t in matches if not _match(pattern, t)] == []
    assert [t for t in rejects if _match(pattern, t)] == []


def test_the_amount_forms_share_one_integer_part() -> None:
    # (a number's shape and an amount's form differ only in their decimals)
    for form in (forms.NUMBER_SHAPE, forms.AMOUNT_FORM, forms.WHOLE_OR_TWO_DECIMALS):
        assert form.pattern.startswith(forms.INTEGER_PART.pattern)
    assert forms.NUMBER_SHAPE.fullmatch("1.234") and not forms.AMOUNT_FORM.fullmatch("1.234")
