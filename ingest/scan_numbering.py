"""Enumerations of a recognised page's labels that recognition cut short, put back before
`scanned.restore_enumeration` numbers the labels of each column in sequence: a numeral whose `、`
was lost (`一文化旅游体育与传媒支出`), a sub-item's number read as a word of its own
(`3 | 国有资本经营预算`) or lost with its mark (`一般公共预算资金` above `2、政府性基金`), or whose mark
was read as another (`2.政府性基金` between `1、…` and `3、…`).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from functools import cache

from ingest.layout import Line, Word
from ingest.subjects import load_catalog

# A sub-item numbered in Arabic digits before its name (`2、政府性基金`): not an amount (`11.27`).
# (its `、` may be read as a point, or as a colon: `3：国有资本经营预算`, 预算 seed 2492)
_LABELLED_ITEM = re.compile(r"\d{1,2}[、.．：:](?=[\u4e00-\u9fff])")


def restore_enumeration_marks(pages: list[list[Line]]) -> None:
    """A label whose enumeration lost its `、` (`一文化旅游体育与传媒支出`, `四住房保障支出`) takes it
    back where the name after the numeral is a known one and the label as read is none: it is then
    a numbered label of its column (`restore_enumeration` numbers the labels around it), whether
    its column prints other numbered labels or not. So does a sub-item's number read as a word of
    its own (`3 | 国有资本经营预算`) where other sub-items of its column are read numbered (`2、…`)."""
    from ingest.scanned import (  # (it imports this)
        _CJK_NAME,
        _SAME_COLUMN,
        _numeral_value,
        catalog_names,
        is_known_label,
    )

    for lines in pages:
        _join_lone_numerals(lines)
        _marks_as_their_column_prints(lines)
        items = [w.x0 for line in lines for w in line.words if _LABELLED_ITEM.match(w.text)]
        for line in lines:
            for k, (number, name) in enumerate(itertools.pairwise(line.words)):
                height = number.bottom - number.top
                if (
                    re.fullmatch(r"\d{1,2}", number.text)
                    and _CJK_NAME.fullmatch(name.text)
                    and 0 <= name.x0 - number.x1 <= 2 * height
                    and any(abs(x - number.x0) <= _SAME_COLUMN for x in items)
                ):
                    item = Word(f"{number.text}、{name.text}", number.x0, name.x1, number.top, name.bottom)
                    line.words[k : k + 2] = [item]
                    break
            for k, w in enumerate(line.words):
                if not _CJK_NAME.fullmatch(w.text) or is_known_label(w.text):
                    continue
                # (a name after the numeral known, or a catalog name however short: `二外交支出`,
                # 决算 seed 2199, its 三、 below lost whole, so no sequence numbered it)
                heads = [
                    n
                    for n in range(1, 4)
                    if _numeral_value(w.text[:n]) and (is_known_label(w.text[n:]) or w.text[n:] in catalog_names())
                ]
                if len(heads) == 1:
                    n = heads[0]
                    line.words[k] = Word(f"{w.text[:n]}、{w.text[n:]}", w.x0, w.x1, w.top, w.bottom)
        _restore_lost_sub_item_numbers(lines)
        _renumber_misread_numerals(lines)


def _marks_as_their_column_prints(lines: list[Line]) -> None:
    """A sub-item's mark after its Arabic number read as another (`2.政府性基金` of 2、政府性基金,
    预算 seed 2301: the `、` a point) takes the mark most of the other numbered sub-items of its
    column are read with, where more of the column's items are read with that mark than with its
    own. Judged on the marks as read (预算 seed 2414's two items, `1、` then `2.`: the first took the
    second's point, and the second then agreed with it); a column read with two marks as many
    times each is left as read (`marks_split` quarantines it)."""
    items = _labelled_items(lines)
    for line, k, m in items:
        word = line.words[k]
        marks = Counter(mark for other, j, mark in _in_its_column(items, word) if other.words[j] is not word)
        own = m.group()[-1]
        mark, count = marks.most_common(1)[0] if marks else (own, 0)
        if mark != own and count > marks[own] + 1 and list(marks.values()).count(count) == 1:
            text = f"{m.group()[:-1]}{mark}{word.text[m.end() :]}"
            line.words[k] = Word(text, word.x0, word.x1, word.top, word.bottom)


def _labelled_items(lines: list[Line]) -> list[tuple[Line, int, re.Match[str]]]:
    """(line, word index, match) of each sub-item numbered in Arabic digits among the lines."""
    return [(line, k, m) for line in lines for k, w in enumerate(line.words) if (m := _LABELLED_ITEM.match(w.text))]


def _in_its_column(items: list[tuple[Line, int, re.Match[str]]], word: Word) -> list[tuple[Line, int, str]]:
    """(line, word index, mark) of each item of `items` in the column of `word`, itself too."""
    from ingest.scanned import _SAME_COLUMN  # (it imports this)

    return [(line, j, n.group()[-1]) for line, j, n in items if abs(line.words[j].x0 - word.x0) <= _SAME_COLUMN]


def marks_split(lines: list[Line]) -> Line | None:
    """The line of a numbered sub-item whose column's items are read with two marks or more, none
    of them read more often than another (预算 seed 2414: `1、一般公共预算资金` above `2.政府性基金`,
    the `、` read as a point once): which is printed, the reading does not tell. The line of the
    first item read with a point (the mark `、` is read as; else the first of them) is returned,
    to be read again; None where each column agrees or a mark prevails."""
    items = _labelled_items(lines)
    for line, k, _ in items:
        column = _in_its_column(items, line.words[k])
        counts = Counter(mark for _, _, mark in column).most_common()
        if len(counts) >= 2 and counts[0][1] == counts[1][1]:
            return next((x for x, _, mark in column if mark in ".．"), column[0][0])
    return None


def _join_lone_numerals(lines: list[Line]) -> None:
    """A Chinese numeral read as a word of its own (`二`, `三、`), on a line of its own or before a
    name on its line, where the name right after it is a known label without enumeration: the
    label's numeral (`二 | 政府性基金预算财政拨款收入` is `二、政府性…`), where it stands in a column
    of numbered labels (not a dash read `一` in the amount cell before a label). Row bands can put
    the short numeral on a line of its own (or of other panels' cells): it joins the one line
    whose band holds it and whose label starts right after it."""
    from ingest.scanned import _CJK_NAME, _SAME_COLUMN, _numbered, _numeral_value, is_known_label  # (it imports this)

    def named_after(numeral: Word, words: list[Word]) -> int | None:
        height = numeral.bottom - numeral.top
        for k, w in enumerate(words):
            if 0 <= w.x0 - numeral.x1 <= 2 * height:
                known = _CJK_NAME.fullmatch(w.text) and is_known_label(w.text) and not _numbered(w.text)
                return k if known else None
        return None

    numbered = [
        w.x0 for line in lines for w in line.words if _numbered(w.text) and not _numeral_value(w.text.rstrip("、"))
    ]

    def lone_numeral(w: Word) -> bool:
        in_column = any(abs(x - w.x0) <= _SAME_COLUMN for x in numbered)
        return in_column and _numeral_value(w.text.rstrip("、")) is not None

    for line in lines:
        for k, (number, name) in enumerate(itertools.pairwise(line.words)):
            if lone_numeral(number) and named_after(number, [name]) == 0:
                line.words[k : k + 2] = [_numbered_label(number, name)]
                break
    # (alone in its column: on a line of its own, or beside another panel's cells only, `二 |
    # 二、外交支出 | 32` above `政府性基金预算财政拨款收入 | 2`, 决算 seed 2246's 01)
    alone = [
        (line, number)
        for line in lines
        for k, number in enumerate(line.words)
        if lone_numeral(number) and named_after(number, line.words[k + 1 :]) is None
    ]
    for line, number in alone:
        middle = (number.top + number.bottom) / 2
        hosts = [
            (other, k)
            for other in lines
            if other is not line
            and other.top <= middle <= other.bottom
            and (k := named_after(number, other.words)) is not None
        ]
        if len(hosts) == 1:
            host, k = hosts[0]
            host.words[k] = _numbered_label(number, host.words[k])
            line.words = [w for w in line.words if w is not number]
            # (in place, by identity: `scanned.recognise` repairs the same lists)
            lines[:] = [x for x in lines if x.words]


def _numbered_label(number: Word, name: Word) -> Word:
    text = f"{number.text.rstrip('、')}、{name.text}"
    return Word(text, number.x0, name.x1, min(number.top, name.top), max(number.bottom, name.bottom))


def _renumber_misread_numerals(lines: list[Line]) -> None:
    """A numeral misread as its neighbour's: two labels of a column numbered alike (`一、`,
    `三、政府性…` printed 二、, `三、…`) where renumbering one of the two by one makes the labels
    around them a sequence and renumbering the other does not (`一、 二、 三、`, not `一、 三、 四、`;
    `二、 二、 三、` is `一、 二、 三、`). Where both or neither would, both stay
    as read (then no sequence: the report is quarantined, never guessed). So is a numeral misread
    as the one before, right under a label that lost its numeral or its whole enumeration
    (`、一般…` or `一般…`, then `一、政府性…` printed 二、, then `三、…`): it takes the number the gap
    after it leaves."""
    from ingest.scanned import _SAME_COLUMN, _numbered, numeral  # (it imports this module)

    columns: list[list[tuple[int, int, Word, int]]] = []
    for i, line in enumerate(lines):
        for k, w in enumerate(line.words):
            if (n := _numbered(w.text)) is None or n[0] != "、":
                continue
            column = next((c for c in columns if abs(c[0][2].x0 - w.x0) <= _SAME_COLUMN), None)
            if column is None:
                columns.append(column := [])
            column.append((i, k, w, n[1]))
    for column in columns:
        values = [v for _, _, _, v in column]
        for j in range(len(values) - 1):
            if values[j] != values[j + 1]:
                continue
            fits = [
                (at, value)
                for at, value in ((j, values[j] - 1), (j + 1, values[j] + 1))
                if value >= 1 and _in_sequence([*values[:at], value, *values[at + 1 :]], j)
            ]
            if len(fits) == 1:
                at, value = fits[0]
                i, k, w, read = column[at]
                text = numeral(value) + w.text[len(numeral(read)) :]
                lines[i].words[k] = Word(text, w.x0, w.x1, w.top, w.bottom)
                column[at], values[at] = (i, k, lines[i].words[k], value), value
        for j, (i, k, w, value) in enumerate(column[:-1]):
            # (read as the one before, `一、政府性…` printed 二、, then `三、…`, right under a label
            # whose numeral was lost, `、一般公共预算拨款收入` printed 一、: 预算 seed 2021; not where
            # a label between it and the next lost its enumeration too, and so leaves the gap:
            # `二、政府性…` | `国有资本…` | `四、…`)
            before = values[j - 1] if j > 0 else value - 1
            i_next, _, w_next, _ = column[j + 1]
            if (
                values[j + 1] == value + 2
                and before == value - 1
                and _numeral_lost_above(lines, i, w)
                and not _numeral_lost_above(lines, i_next, w_next)
            ):
                text = numeral(value + 1) + w.text[len(numeral(value)) :]
                lines[i].words[k] = Word(text, w.x0, w.x1, w.top, w.bottom)


def _in_sequence(values: list[int], j: int) -> bool:
    """The numbers around the pair at `j`, `j + 1` count up by one: the pair and at least one more
    label of the column on the page (a page's first two alone may continue the page before's)."""
    window = values[max(j - 1, 0) : j + 3]
    return len(window) >= 3 and all(b == a + 1 for a, b in itertools.pairwise(window))


def _numeral_lost_above(lines: list[Line], i: int, label: Word) -> bool:
    """The label of the column right above `label` (line `i`) lost its numeral (`、一般…`), or its
    whole enumeration: a name the parser knows, set right of the column where the numeral was
    (`一般公共预算资金` printed 一、, 预算 seed 2066)."""
    from ingest.scanned import _DROPPED_NUMERAL, _SAME_COLUMN, is_known_label  # (it imports this module)

    height = label.bottom - label.top
    for line in reversed(lines[:i]):
        # (a name that lost `一、` starts up to two characters right of the column)
        above = [w for w in line.words if label.x0 - _SAME_COLUMN <= w.x0 <= label.x0 + _SAME_COLUMN + 2 * height]
        if above:
            w = above[0]
            lost_whole = w.x0 > label.x0 + _SAME_COLUMN and (is_known_label(w.text) or class_name(w.text))
            return _DROPPED_NUMERAL.match(w.text) is not None or lost_whole
    return False


def _restore_lost_sub_item_numbers(lines: list[Line]) -> None:
    """A sub-item that lost its number and its mark (`一般公共预算资金` above `2、政府性基金`, the
    `1、` gone): the label on the line right above sub-item k of a column, unnumbered, a known
    label (a table's row, not a heading of the text: `2、…` paragraphs follow those) and starting
    where the number would stand (up to three characters right of the column's numbers), takes
    k-1 where the column prints no sub-item k-1."""
    from ingest.scanned import _SAME_COLUMN, _numbered, is_known_label  # (it imports this)

    found = [(i, w) for i, line in enumerate(lines) for w in line.words if _LABELLED_ITEM.match(w.text)]
    for i, item in found:
        value = int(re.match(r"\d+", item.text).group(0))
        height = item.bottom - item.top
        if value < 2 or any(
            abs(w.x0 - item.x0) <= _SAME_COLUMN and w.text.startswith(f"{value - 1}") for _, w in found
        ):
            continue
        above = next(
            (
                (j, k, w)
                for j in range(i - 1, -1, -1)
                for k, w in enumerate(lines[j].words)
                if item.x0 - _SAME_COLUMN <= w.x0 <= item.x0 + 3 * height
            ),
            None,
        )
        if above is None:
            continue
        j, k, w = above
        if is_known_label(w.text) and not _numbered(w.text) and w.x0 >= item.x0 + 0.5 * height:
            lines[j].words[k] = Word(f"{value - 1}、{w.text}", w.x0, w.x1, w.top, w.bottom)


@cache
def _class_names() -> frozenset[str]:
    return frozenset(n for code, s in load_catalog("function").items() if len(code) == 3 for n in (s.name, *s.names))


def class_name(text: str) -> bool:
    """A 类 of the function catalog by name, read without its enumeration (or with its `、` alone)."""
    return text.lstrip("、") in _class_names()


def numeral_repeated(lines: list[Line]) -> tuple[Line, str, str] | None:
    """(line, label before, label) of the first label numbered as the label right before it in
    its column (`一、卫生健康支出` then `一、资源勘探工业信息等支出`: a `二` whose stroke recognition
    lost, 预算 seed 2115), else None. A column's labels are numbered in sequence; one numbered as
    its neighbour above is misread (a sequence started anew follows a total line, a label of the
    column between them)."""
    from ingest.scanned import _SAME_COLUMN, _TEXT_START, _numbered  # (it imports this)

    columns: list[tuple[float, Word | None]] = []  # (x0, the column's last label if numbered)
    for line in lines:
        for word in line.words:
            if not _TEXT_START.match(word.text) or re.search("[：:]", word.text):
                continue
            numbered = _numbered(word.text)
            at = next((i for i, (x, _) in enumerate(columns) if abs(x - word.x0) <= _SAME_COLUMN), None)
            before = columns[at][1] if at is not None else None
            if numbered and before is not None and _numbered(before.text) == numbered:
                return line, before.text, word.text
            entry = (word.x0, word if numbered else None)
            if at is None:
                columns.append(entry)
            else:
                columns[at] = entry
    return None


def misnumbered(lines: list[Line]) -> tuple[Line, str] | None:
    """(line, why) of a label the numbering of its column shows misread (`numeral_repeated`,
    `marks_split`), to be read again, else None."""
    if repeated := numeral_repeated(lines):
        # (a numeral misread, `二` read `一`: a known 类's name after it, nothing else catches it)
        line, before, label = repeated
        return line, f"'{label}' is numbered as the label before it in its column ('{before}'): a numeral misread"
    if (split := marks_split(lines)) is not None:
        return split, (
            f"the numbered sub-items of the column of '{split.text[:30]}' are read with two marks as often "
            "each: which is printed is not read with certainty"
        )
    return None
