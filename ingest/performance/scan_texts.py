"""What two readings of one 绩效 text publish (ingest/performance/scanned.py), and the texts
both may read alike that no template prints: the rules on texts alone, no image looked at."""

from __future__ import annotations

import re
from typing import Any

from ingest.layout import CJK
from ingest.ocr_chars import recognition
from ingest.performance.families import indicator_levels
from ingest.performance.records import PerformanceTable
from ingest.performance.values import BLANK_MARKS
from ingest.text import one_edit_apart


def doubtful_text(table: PerformanceTable) -> str | None:
    """What both readings of a table read alike that no template prints, or that may be read for
    something else, where a row holds it (the four rules below), else None."""
    return unknown_label(table) or blank_after_a_number(table) or point_after_a_number(table) or lookalike_read(table)


def unknown_label(table: PerformanceTable) -> str | None:
    """An indicator row whose 一级 or 二级 label is none the templates print (families.yaml
    `indicator_levels`), or missing, in a table read from a page image: what both readings read
    alike there is a wrapped block label cut into rows or a speck after a label, no label. So is
    a money line's label ending in a mark a speck is read as (`其中：当年财政拨款。`, both
    recognisers, 自评表 seed 80: no such label is a sentence)."""
    for line in table.funds:
        if _speck_mark(line.label[-1:]):
            return f"page {line.page} money line {line.label!r}: a speck's mark after its label"
    for level, pattern in indicator_levels().items():
        if all(getattr(row, level) is None for row in table.indicators):
            continue  # (a table printing no such column: 北京's 目标表)
        for row in table.indicators:
            if (label := getattr(row, level)) is None or not pattern.fullmatch(label):
                return f"page {row.page} row {row.row_no} ({row.level3}): {level} {label!r} is no template's label"
    return None


def blank_after_a_number(table: PerformanceTable) -> str | None:
    """An indicator row with a text read as a number followed by a blank mark (`1000无`: `元` read
    `无` by both recognisers alike, 湖北 seed 35, in a target or inside an indicator's name): no
    table prints a blank right after a number, and what the ink holds there is not known."""
    for row in table.indicators:
        for field in _TEXT_FIELDS:
            if isinstance(text := getattr(row, field), str) and _NUMBER_THEN_BLANK.search(text):
                return f"page {row.page} row {row.row_no} ({row.level3}): {field} {text!r}: a blank mark after a number"
    return None


def point_after_a_number(table: PerformanceTable) -> str | None:
    """An indicator row with a value (a target, an actual, an earlier year's) holding a point
    right after a number's digits and before an ideograph (`130.个`: a speck between a number and
    its unit, read as a point by both recognisers, 湖北 seed 64): a number's point stands between
    its digits, and what the ink holds there is not told."""
    for row in table.indicators:
        values = [("target", row.target), ("actual", row.actual), *(("prior", text) for _, text in row.prior)]
        for field, text in values:
            if isinstance(text, str) and _POINT_THEN_TEXT.search(text):
                return f"page {row.page} row {row.row_no} ({row.level3}): {field} {text!r}: a point after a number"
    return None


_POINT_THEN_TEXT = re.compile(r"\d[.．](?=[\u4e00-\u9fff])")


def lookalike_read(table: PerformanceTable) -> str | None:
    """An indicator row with a text holding a character both recognisers may read for a
    look-alike (recognition.yaml `lookalike_after`: `入` of `老年入`, a 人) after none of the
    characters it is printed after: no rule on the text tells which was printed."""
    after = recognition().second_reads.lookalike_after
    for row in table.indicators:
        for field in _TEXT_FIELDS:
            text = getattr(row, field)
            if not isinstance(text, str):
                continue
            for i, ch in enumerate(text):
                if ch in after and (i == 0 or text[i - 1] not in after[ch]):
                    return (
                        f"page {row.page} row {row.row_no} ({row.level3}): {field} {text!r}: `{ch}` may be a look-alike"
                    )
    return None


_TEXT_FIELDS = ("level3", "target", "actual", "deviation")


# A digit, then a blank mark that is a character (values.BLANK_MARKS: `无`, `一`).
_NUMBER_THEN_BLANK = re.compile(
    "\\d[" + "".join(sorted(m for m in BLANK_MARKS if len(m) == 1 and CJK.fullmatch(m))) + "]"
)


def label_form(field: str, first: Any, second: Any) -> str | None:
    """A 一级/二级 label (families.yaml `indicator_levels`) as the reading of the templates' forms
    has it, where the other reading's is of none and differs from it by one character at most (a
    speck read after it, `数量指标。`; `可持续影响措标`): a column of a few fixed labels. None where
    it is not so: both readings of a form, or neither, or more apart."""
    pattern = indicator_levels().get(field)
    if pattern is None or not isinstance(first, str) or not isinstance(second, str):
        return None
    if (agreed := agreed_text(first, second)) is not None and pattern.fullmatch(form := closing_as_opening(agreed)):
        # (the marks' widths as their readers have them first: `满意度指标（50分)` / `满意度指标(50分)`,
        # 自评表 seed 80, is the first's opening's pair, not the second's form)
        return form
    forms = [text for text in (first, second) if pattern.fullmatch(text)]
    paired = {_bracket_paired(first), _bracket_paired(second)}
    if not forms and len(paired) == 1 and pattern.fullmatch(form := paired.pop()):
        # (a closing bracket read of another width than its opening's, `满意度指标（20分)`, by both
        # or by one where the other lost it, 自评表 seed 73: the templates print a pair of one
        # width, and the opening, read alike, is the surer mark)
        return form
    if not forms and len(unspecked := {_speck_dropped(first), _speck_dropped(second)}) == 1:
        # (a speck inside the label read as a mark by both, each its own: `服务对象，满意度指标` /
        # `服务对象。满意度指标`, 自评表 seed 80; no template's label prints one)
        form = unspecked.pop()
        return form if pattern.fullmatch(form) else None
    return forms[0] if len(forms) == 1 and _one_apart(first, second) else None


def _speck_dropped(text: str) -> str:
    """`text` without its one mark a speck may be read as (recognition.yaml `speck_marks`, `。`),
    else as it is (none, or more than one)."""
    marks = [i for i, ch in enumerate(text) if _speck_mark(ch)]
    return text[: marks[0]] + text[marks[0] + 1 :] if len(marks) == 1 else text


def _speck_mark(ch: str) -> bool:
    """Whether `ch` is a mark a speck is read as (recognition.yaml `speck_marks`, or a full stop)."""
    return len(ch) == 1 and (ch in recognition().speck_marks or ch == "。")


def _bracket_paired(text: str) -> str:
    """`text` with its last bracket, an opening, closed (`（20分` → `（20分）`), or a closing of the
    other width than its opening made its opening's (`closing_as_opening`)."""
    pairs = recognition().second_reads.closing_lost
    last = next((ch for ch in reversed(text) if ch in pairs or ch in pairs.values()), None)
    return text + pairs[last] if last in pairs else closing_as_opening(text)


def closing_as_opening(text: str) -> str:
    """`text` with a closing bracket at its end of the other width than the last opening's
    (recognition.yaml `closing_lost`: `（`/`）`, `(`/`)`) made its opening's; else as it is."""
    pairs = recognition().second_reads.closing_lost
    opening = next((ch for ch in reversed(text) if ch in pairs), None)
    if opening is None or text[-1:] not in pairs.values() or text[-1] == pairs[opening]:
        return text
    return text[:-1] + pairs[opening]


def _quote_closed(before: str, mark: str) -> bool:
    """Whether `mark` is a closing quote (recognition.yaml `quote_closing_lost`) whose opening
    is in `before`, not yet closed there."""
    opening = next((o for o, c in recognition().second_reads.quote_closing_lost.items() if c == mark), None)
    return opening is not None and before.count(opening) > before.count(mark)


def _one_apart(a: str, b: str) -> bool:
    """Whether `a` and `b` differ in one character at most: one read otherwise, or one more."""
    return a == b or one_edit_apart(a, b)


def mark_width_side(first: str, second: str) -> str | None:
    """Whose reading stands ("first" or "second") of a character the two recognisers read as the
    two widths of one mark, or as a look-alike pair (recognition.yaml `mark_widths`), else None."""
    widths = recognition().second_reads.mark_widths
    return widths.get(first + second) or widths.get(second + first)


def agreed_text(first: str, second: str) -> str | None:
    """The text published for one cell read `first` by the first recogniser and `second` by the
    second, or None where they read it otherwise (module docstring; `first` is "" for a cell the
    first read nothing in)."""
    if first == second:
        return second
    rules = recognition().second_reads
    if not first and set(second) <= set(rules.first_loses):
        return second  # (a cell of a comparison sign alone, lost by the first recogniser)
    opening = next((ch for ch in reversed(first) if ch in rules.closing_lost or ch in rules.closing_lost.values()), "")
    if opening in rules.closing_lost and second[-1:] in rules.closing_lost.values():
        return agreed_text(first + rules.closing_lost[opening], second)  # (its closing bracket lost)
    if len(first) == len(second):  # (only the width of marks differs: as the pair's reader has it)
        sides = [None if a == b else mark_width_side(a, b) for a, b in zip(first, second, strict=True)]
        if all(side is not None or a == b for side, a, b in zip(sides, first, second, strict=True)):
            return "".join(a if side == "first" else b for side, a, b in zip(sides, first, second, strict=True))
    for i, ch in enumerate(second):
        if first == second[:i] + second[i + 1 :] and _quote_closed(second[:i], ch):
            return second  # (a closing quote lost inside the text)
        if ch in rules.first_loses:
            lost = second[:i] + second[i + 1 :]
            misread = len(first) == len(second) and first[i] in rules.operator_misreads and ch in rules.operators
            if first == lost or (misread and first[:i] == second[:i] and first[i + 1 :] == second[i + 1 :]):
                return second
    return None
