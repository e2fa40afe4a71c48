"""The forms of a printed number, one named pattern each, for every reader of numbers to share.

An amount prints its integer part as plain digits (`1625605`) or in thousands groups (`1,625,605`:
one to three digits, then groups of three after commas), a `-` before it where negative, then at
most a decimal point and its decimals (two, or one where a template drops a trailing zero). What
is read is taken for a number only in one of these forms; the readers ask different questions of
it (is it a whole amount, the left or right half of one cut apart, an integer part alone), so forms
that differ in one detail (a comma required or optional, decimals any or one to two) are separate
patterns here, each named for what it matches: never merged, since their matches differ.

Patterns are compiled; `fullmatch` them unless their comment says they carry their own anchors.
"""

from __future__ import annotations

import re

# An integer part: thousands groups (at least one comma) or plain digits, a sign allowed.
INTEGER_PART = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)")
# A number's shape: an integer part, then one point and any number of decimals (whether so many
# decimals are an amount is judged where it is read: no amount prints three).
NUMBER_SHAPE = re.compile(INTEGER_PART.pattern + r"(\.\d+)?")
# An amount as printed: an integer part, then one or two decimals if any.
AMOUNT_FORM = re.compile(INTEGER_PART.pattern + r"(\.\d{1,2})?")
# An amount as a 万元 table prints it: an integer part, then exactly two decimals.
TWO_DECIMALS = re.compile(INTEGER_PART.pattern + r"\.\d\d")
# An amount as most tables print it: an integer part, then exactly two decimals if any (not one).
WHOLE_OR_TWO_DECIMALS = re.compile(INTEGER_PART.pattern + r"(\.\d\d)?")
# An amount with thousands commas (at least one): groups of three after the first, then one or
# two decimals if any.
GROUPED_AMOUNT = re.compile(r"-?\d{1,3}(,\d{3})+(\.\d{1,2})?")
# An integer in thousands groups (at least one comma) and nothing after it: anchored, for `search`.
GROUPED_INTEGER = re.compile(r"^-?\d{1,3}(,\d{3})+$")
# Digits in thousands groups where a comma is optional (`1,625`, or `625` alone): what stands before
# a thousands comma.
THOUSANDS_HEAD = re.compile(r"-?\d{1,3}(,\d{3})*")
# The last thousands group, then one or two decimals if any: what stands after the last comma.
LAST_GROUP = re.compile(r"\d{3}(\.\d{1,2})?")
# Two decimal digits alone (an amount's decimals, its point not read).
DECIMAL_DIGITS = re.compile(r"\d\d")
# An amount without thousands commas and with two decimals (`2547.41`).
UNGROUPED_TWO_DECIMALS = re.compile(r"-?\d+\.\d\d")
# An amount in thousands form (one to three digits, then comma groups if any) with two decimals:
# its pattern's text is composed into a run of amounts glued to each other, where the two decimals
# tell where each ends.
TWO_DECIMALS_AMOUNT = re.compile(r"-?\d{1,3}(?:,\d{3})*\.\d{2}")
# Digits and commas however grouped, a sign allowed (a text layer's integer part before a blank and
# its decimals): anchored.
DIGITS_AND_COMMAS = re.compile(r"^-?\d[\d,]*$")
# A number as recognition reads it, in any form (commas however grouped, any decimals): what the
# re-readers find in a recogniser's text (`findall`), a stored amount then among them or not.
RECOGNISED_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
# A decimal point and one or two decimals alone (the decimals printed a blank after their integer
# part): anchored.
DECIMAL_PART = re.compile(r"^\.\d{1,2}$")

# A form no printed amount has, read for one: a thousands comma read as a point, thousands (grouped,
# or one to three digits) then three digits after a point (no amount prints three decimals:
# `3,981.874` of 3,981,874; `36.650` of 36,650, the comma of `36,6` | `650` read as the point).
COMMA_READ_AS_POINT = re.compile(r"-?\d{1,3}(,\d{3})*\.\d{3}")
