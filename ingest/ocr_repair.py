"""Recognition noise around a label, repaired before the table logic sees the words.

The recogniser returns a label's enumeration with marks it did not print (a speck read as a point
or a middle dot after `八、`: `八、·社会保障和就业支出`, `一、.一般…`), the `、` itself read as
a look-alike (`十八：自然资源海洋气象等支出`), and where no ruling line was found between two cells
a label with the next cell's number glued on (`九、卫生健康支出4`, the 行次; `合计62.23`, an
amount). The look-alike and speck characters are vocabularies (`ingest/recognition.yaml`).

Labels are rewritten here, digits only where the catalog names the code so (a misread 项 digit, a
speck point in a code): a repaired label must still be a known name or numbered line (else its row
matches nothing and the report is quarantined), and a number cut off a label keeps its own
characters' boxes and confidence. The two halves of a number detection cut apart are joined with
their own characters, the separator between them doubtful (`rejoined_numbers`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from ingest.layout import Line, VRule, Word
from ingest.ocr_ends import halves_without_their_mark
from ingest.subjects import catalog_names_agree, load_catalog
from ingest.text import parse_amount


@cache
def _marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(an enumeration with a look-alike mark or stray specks before its name; a `、` left alone
    by a dropped numeral with specks after it)."""
    from ingest.ocr import recognition  # (ocr imports this module)

    vocabulary = recognition()
    numerals = re.escape(vocabulary.enumeration_numerals)
    alike = re.escape("".join(vocabulary.enumeration_mark_lookalikes))
    specks = re.escape(vocabulary.speck_marks)
    numbered = re.compile(rf"^([{numerals}]{{1,3}})(?:、[{specks}]+|[{alike}][{specks}]*)(?=[\u4e00-\u9fff])")
    bare = re.compile(rf"^、[{specks}]+(?=[\u4e00-\u9fff])")
    return numbered, bare


def repaired_label(text: str) -> str:
    """The label with its enumeration mark as printed: `八、·社会…` → `八、社会…`, `十八：自然…` →
    `十八、自然…`, `、.一般…` → `、一般…` (the numeral is put back from its column's sequence later);
    `般公共预算` → `一般公共预算` (recognition.yaml `lost_first_stroke`), or joined to the next
    (`股公共预算`: `joined_first_characters`). Anything else as read."""
    numbered, bare = _marks()
    text = _TITLE_END_SPECKS.sub("", _without_trailing_marks(text))
    if m := numbered.match(text):
        return f"{m.group(1)}、{text[m.end():]}"
    if m := bare.match(text):
        return "、" + text[m.end() :]
    from ingest.ocr import recognition  # (ocr imports this module)

    for whole in recognition().lost_first_stroke:
        # (`般公共预` in a header cell: the thin `一` of 一般 lost at the start of a box)
        if text.startswith(whole[1:]) and whole[1:]:
            return whole[0] + text
    for read, printed in recognition().joined_first_characters.items():
        if text.startswith(read):
            return printed + text[len(read) :]
    return text


# Marks read after a table's title (`…收入支出决算表：`): a title is read only where it ends with its
# pattern (ingest/segments.py), and none prints a mark after 表 (specks: a colon is two of them).
_TITLE_END_SPECKS = re.compile(r"(?<=决算表|预算表)[：:;；。.，,、]+$")


def _without_trailing_marks(text: str) -> str:
    """A name without the marks no name ends with (`一般行政管理事务、`: a speck or the next cell's
    rule read as `、`); an enumeration alone (`十七、`, its name in the next box) is left as read."""
    from ingest.ocr import recognition  # (ocr imports this module)

    stripped = text.rstrip(recognition().trailing_marks)
    if stripped == text or not _CJK.search(stripped) or _NUMERALS_ONLY.fullmatch(stripped):
        return text
    if any(ch.isdigit() for ch in text):
        # (a sentence stating an amount, `…费5.00万元。`: its text must still spell its characters,
        # from which the box of the amount's digits is taken; a name holds no digit)
        return text
    return stripped


def _speck(text: str) -> bool:
    """A word of marks alone (`、`, `：`), or one Latin letter (`m`): a speck, no printed word."""
    from ingest.ocr import recognition  # (ocr imports this module)

    return not text.strip(recognition().lone_marks) or re.fullmatch("[A-Za-z]", text) is not None


def repair_labels(pages: Sequence[list[Line]]) -> None:
    """`repaired_label` on every word; a speck left after the text boxes of a cell were joined (a
    `、` or an `m` on its own below a row) is dropped, and a line left empty too."""

    for lines in pages:
        for line in lines:
            line.words = [
                w if (fixed := repaired_label(w.text)) == w.text else Word(fixed, w.x0, w.x1, w.top, w.bottom)
                for w in line.words
                if not _speck(w.text)
            ]
        lines[:] = [line for line in lines if line.words]


# A label's text ends so before a number glued to it (not a title's `表`, `第`, or a date's `年`).
_LABEL_END = re.compile(r"[\u4e00-\u9fff）)](?<![表第年月日号])$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_NUMERALS_ONLY = re.compile(r"[一二三四五六七八九十（(）)]+")
# A 行次 or 栏次 number: one or two digits.
_ROW_NUMBER = re.compile(r"\d{1,2}")


def split_label_number(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One recognised box's characters cut where a label ends and a number glued to it starts
    (`九、卫生健康支出4`, `合计62.23`): the number is a 行次 (one or two digits) or reads as an
    amount, up to specks after it. Each part keeps its characters (boxes, confidence)."""
    from ingest.ocr import recognition  # (ocr imports this module)

    specks = recognition().speck_marks
    text = "".join(c["text"] for c in run)
    for i in range(1, len(text)):
        if not (text[i].isdigit() and _CJK.search(text[:i])):
            continue
        # (a speck may stand between them, `支出↑6.00`: it goes with neither)
        label_end = len(text[:i].rstrip(specks))
        if not _LABEL_END.search(text[:label_end]):
            return [run]
        number = text[i:].rstrip(specks)
        if _ROW_NUMBER.fullmatch(number) or (re.search(r"[.,]", number) and parse_amount(number) is not None):
            return [run[:label_end], run[i:]]
        return [run]
    return [run]


def replace_phrase_lookalikes(pages: Sequence[list[Line]]) -> None:
    """Phrases the recogniser reads with a look-alike character (recognition.yaml
    `phrase_lookalikes`: `拔款` for 拨款) put right across the words of a line, letter-spaced
    titles included (`财 | 政 | 拔 | 款`). Every replacement keeps the length: words keep their text
    length and box."""
    from ingest.ocr import recognition  # (ocr imports this module)

    swaps = recognition().phrase_lookalikes
    for lines in pages:
        for line in lines:
            text = "".join(w.text for w in line.words)
            if not any(read in text for read in swaps):
                continue
            for read, printed in swaps.items():
                text = text.replace(read, printed)
            start = 0
            for k, w in enumerate(line.words):
                part = text[start : start + len(w.text)]
                if part != w.text:
                    line.words[k] = Word(part, w.x0, w.x1, w.top, w.bottom)
                start += len(w.text)


# One or two digits glued before a name (`6机关事业单位职业年金缴费支出`): the last digit of a code
# wrapped below its cell's first line, right where the name's cell starts.
_DIGITS_BEFORE_NAME = re.compile(r"\d{1,2}(?=[\u4e00-\u9fff]{2})")


def split_digits_before_name(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The box's characters with the digits glued before a name cut off as a word of their own
    (the table logic joins a wrapped code digit to the code above it, and checks the code so
    made against the catalog's name of the row)."""
    text = "".join(c["text"] for c in run)
    m = _DIGITS_BEFORE_NAME.match(text)
    return [run[: m.end()], run[m.end() :]] if m else [run]


def repair_last_code_digits(pages: Sequence[list[Line]]) -> None:
    """A code whose 项 digits were misread (`2080501 | 事业单位离退休`: the last digit, printed on
    its cell's rule, read as `1`) takes the code the catalog gives the printed name: the code read
    is not that name's (another item's, or none), and exactly one code differing from it in one of
    its last two digits is named so (the name is read exactly: catalog names are checked first).
    The report learns its own full codes from such rows (cut codes, `208050`, are recovered from
    them), so one misread would mislead every table printing the row."""
    for lines in pages:
        for line in lines:
            for k, (code, name) in enumerate(itertools.pairwise(line.words)):
                if re.fullmatch(r"\d{5}|\d{7}", code.text) and (fixed := code_named(code.text, name.text)):
                    line.words[k] = Word(fixed, code.x0, code.x1, code.top, code.bottom)


def join_clipped_last_digits(pages: Sequence[list[Line]]) -> None:
    """A 7-digit code whose last digit, printed over its cell's rule, recognition read as a word
    of its own (`213990 | 1 | 化解其他公益性乡村债务支出`) is joined where the catalog names the
    joined code as the name after it. Else both stay as read (the row matches nothing)."""
    for lines in pages:
        for line in lines:
            for k, (head, digit, name) in enumerate(_triples(line.words)):
                code = head.text + digit.text
                if not (re.fullmatch(r"\d{6}", head.text) and re.fullmatch(r"\d", digit.text)):
                    continue
                if any(catalog_names_agree(kind, code, [name.text]) for kind in _KINDS):
                    joined = Word(code, head.x0, digit.x1, min(head.top, digit.top), max(head.bottom, digit.bottom))
                    line.words[k : k + 2] = [joined]
                    break


def _triples(words: list[Word]) -> list[tuple[Word, Word, Word]]:
    return list(zip(words, words[1:], words[2:], strict=False))


# A code read with a speck as its point or comma (`302.13` for 30213): digits and one mark.
_CODE_WITH_SPECK = re.compile(r"\d+[.,]\d+")
# A code as a table prints it in its code column: 类, 款 or 项.
_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
# Codes in one column: left edges within this many points.
_CODE_COLUMN = 6.0


def codes_read_with_a_point(pages: Sequence[list[Line]]) -> None:
    """A code read with a speck between its digits as a point or comma (`302.13 | 维修（护）费`,
    the code 30213: in a 万元 table it would be taken for an amount left of the columns) is the
    code where it stands in the page's column of codes (two other codes start within
    `_CODE_COLUMN` of it) and the catalog names that code as the label right after it. A number
    anywhere else, or before another name, stays as read."""
    for lines in pages:
        starts = [w.x0 for line in lines for w in line.words if _CODE.fullmatch(w.text)]
        for line in lines:
            for k, (word, name) in enumerate(itertools.pairwise(line.words)):
                if not _CODE_WITH_SPECK.fullmatch(word.text):
                    continue
                code = re.sub(r"[.,]", "", word.text)
                in_column = sum(abs(x - word.x0) <= _CODE_COLUMN for x in starts) >= 2
                if in_column and _CODE.fullmatch(code) and any(
                    catalog_names_agree(kind, code, [name.text]) for kind in _KINDS
                ):
                    line.words[k] = Word(code, word.x0, word.x1, word.top, word.bottom)


def names_by_their_code(pages: Sequence[list[Line]]) -> None:
    """A name printed after its code and read with a look-alike character (recognition.yaml
    `label_lookalikes`: `休育场馆` for 体育场馆, too short for the one-character-off repair) takes the
    catalog's name of that code where the look-alike read back makes it that name, and only then;
    so does a name read with one character more (at its end, or doubled) where the 7-digit code
    names it so exactly without it (`2101103 | 公务员医疗补助公`, `机关事业单位基本养老保险费费支出`).
    The row's amounts are not touched."""
    from ingest.ocr import recognition  # (ocr imports this module)

    swaps = recognition().label_lookalikes
    for lines in pages:
        for line in lines:
            for k, name in enumerate(line.words):
                fixed = "".join(swaps.get(ch, ch) for ch in name.text)
                # (the code right before it, whole or printed in 类 | 款 | 项 cells: `207 | 03 | 07`)
                parts = list(itertools.takewhile(lambda w: w.text.isdigit(), reversed(line.words[max(k - 3, 0) : k])))
                code = "".join(w.text for w in reversed(parts))
                kinds = [kind for kind in _KINDS if code in load_catalog(kind)]
                shorter = {name.text[:i] + name.text[i + 1 :] for i in range(len(name.text))}
                named = [n for n in shorter if any(_named_exactly(kind, code, n) for kind in kinds)]
                if len(code) == 7 and len(named) == 1:
                    # (a character recognition added, past the name's end or doubled: `公务员医疗补助公`
                    # after 2101103, `…养老保险费费支出`: the code's catalog name exactly, one more)
                    fixed = named[0]
                elif len(code) == 7 and (head := _wrapped_head(kinds, code, name.text)) is not None:
                    fixed = head
                if fixed == name.text or len(code) not in (3, 5, 7):
                    continue
                if any(catalog_names_agree(kind, code, [fixed]) for kind in kinds) and not any(
                    catalog_names_agree(kind, code, [name.text]) for kind in kinds
                ):
                    line.words[k] = Word(fixed, name.x0, name.x1, name.top, name.bottom)


# A name's first line this long or longer is told by one character off its code's name.
_MIN_WRAPPED_HEAD = 8


def _wrapped_head(kinds: list[str], code: str, text: str) -> str | None:
    """The first line of a name wrapped over two, read with one character wrong
    (`机关事业单位基本养老保险费` | `费支出` after 2080505, 缴 read 费): the same length of the code's
    catalog name, where that differs from it in exactly that one character and no other known
    name of its catalog begins so."""
    if len(text) < _MIN_WRAPPED_HEAD or not _CJK.match(text):
        return None
    heads = {
        n[: len(text)]
        for kind in kinds
        for n in (load_catalog(kind)[code].name, *load_catalog(kind)[code].names)
        if len(n) > len(text)
    }
    near = [h for h in heads if sum(a != b for a, b in zip(h, text, strict=True)) == 1]
    if len(near) != 1 or any(text == n[: len(text)] for kind in kinds for n in _names_of(kind)):
        return None
    return near[0]


@cache
def _names_of(kind: str) -> tuple[str, ...]:
    return tuple(n for subject in load_catalog(kind).values() for n in (subject.name, *subject.names))


def restore_lost_item_cells(pages: Sequence[list[Line]]) -> None:
    """A 款 code cell recognition lost (`210 | 行政事业单位医疗`, the `11` of 210 | 11 missed in a
    tall row) is put back where the catalog has exactly one 款 under the printed 类 named as the
    row, and the table prints that 款 under that 类 on another line (`210 | 11 | 01 | 行政单位医疗`):
    the cell stands where those lines print it. Else the row stays as read (its code is then no
    code of its name: quarantined). So is one that lost a digit (`2T0 | 1 | 行政事业单位医疗`)
    where that 款 holds the digit read."""
    printed: dict[tuple[str, str], Word] = {}  # (类, 款) -> a 款 cell as printed
    for lines in pages:
        for line in lines:
            for a, b in itertools.pairwise(line.words):
                if len(a.text) == 3 and a.text.isdigit() and len(b.text) == 2 and b.text.isdigit():
                    printed.setdefault((a.text, b.text), b)
    for lines in pages:
        for line in lines:
            for k, (head, name) in enumerate(itertools.pairwise(line.words)):
                # (`210 | 1 | 行政…`: the 款 cell's other digit lost, the cell read as one digit)
                digit = name.text if re.fullmatch(r"\d", name.text) and k + 2 < len(line.words) else ""
                name = line.words[k + 2] if digit else name
                if not (len(head.text) == 3 and head.text.isdigit() and _CJK.search(name.text)):
                    continue
                if any(catalog_names_agree(kind, head.text, [name.text]) for kind in _KINDS):
                    break
                named = [code for code, names in _by_parent().get((5, head.text), []) if name.text in names]
                cell = printed.get((head.text, named[0][3:])) if len(named) == 1 and digit in named[0][3:] else None
                if cell is not None:
                    line.words[k + 1 : k + 1 + bool(digit)] = [Word(cell.text, cell.x0, cell.x1, head.top, head.bottom)]
                break
    _restore_lost_items(pages)


def _restore_lost_items(pages: Sequence[list[Line]]) -> None:
    """A 项 code cell recognition lost (`215 | 02 | 机关服务`, the `01` of 2150201 missed) is put back
    where the catalog has exactly one 项 under the printed 类 and 款 named as the row (the 款 itself
    is named otherwise), in the column where the page prints its 项 cells (`216 | 02 | 03 | …`)."""
    for lines in pages:
        items = [
            c for line in lines for a, b, c in _triples(line.words)
            if re.fullmatch(r"\d{3}", a.text) and re.fullmatch(r"\d{2}", b.text) and re.fullmatch(r"\d{2}", c.text)
        ]  # fmt: skip
        if not items:
            continue
        x0, x1 = items[0].x0, items[0].x1
        for line in lines:
            for k, (head, part, name) in enumerate(_triples(line.words)):
                if not (re.fullmatch(r"\d{3}", head.text) and re.fullmatch(r"\d{2}", part.text)):
                    continue
                if not _CJK.search(name.text) or name.x0 < x1:
                    break
                parent = head.text + part.text
                if any(catalog_names_agree(kind, parent, [name.text]) for kind in _KINDS):
                    break
                named = [code for code, names in _by_parent().get((7, parent), []) if name.text in names]
                if len(named) == 1:
                    line.words.insert(k + 2, Word(named[0][5:], x0, x1, part.top, part.bottom))
                break


def _named_exactly(kind: str, code: str, name: str) -> bool:
    subject = load_catalog(kind).get(code)
    return subject is not None and name in (subject.name, *subject.names)


def code_named(code: str, name: str) -> str | None:
    """The one catalog code named `name` that differs from `code` (not so named) in one of its
    last two digits, else None."""
    if any(code in load_catalog(kind) and catalog_names_agree(kind, code, [name]) for kind in _KINDS):
        return None
    near = [
        other
        for other, names in _by_parent().get((len(code), code[:-2]), [])
        if other != code and sum(a != b for a, b in zip(other, code, strict=True)) == 1 and name in names
    ]
    return near[0] if len(near) == 1 else None


_KINDS = ("function", "economic")


@cache
def _by_parent() -> dict[tuple[int, str], list[tuple[str, tuple[str, ...]]]]:
    """The catalogs' codes by (length, all but the last two digits), each with its names."""
    index: dict[tuple[int, str], list[tuple[str, tuple[str, ...]]]] = {}
    for kind in _KINDS:
        for code, subject in load_catalog(kind).items():
            index.setdefault((len(code), code[:-2]), []).append((code, (subject.name, *subject.names)))
    return index


# The header line numbering the columns (`栏次 | 1 | 2 | 3`), as columns.split_header knows it.
COLUMN_NUMBERS = "栏次"


# The code column's own header cells, printed on the 栏次 line of 02/03/05 (`类 | 款 | 项 | 栏次 | 1`):
# recognition misses one or another of these single characters from page to page, as it does
# the numbers, and they head no amount column.
_CODE_PARTS = ("类", "款", "项")
# 栏次 read with a speck or a neighbouring cell's character glued on (`栏次s类`).
_COLUMN_NUMBERS_NOISE = re.compile(rf"{COLUMN_NUMBERS}[A-Za-z\d类款项]+")


def drop_column_numbers(pages: Sequence[list[Line]]) -> None:
    """The numbers of a 栏次 line dropped (the word 栏次 kept), and the code column's `类 款 项`:
    they name no amount column (header cells leave the numbers out), and recognition reads them
    unevenly, one missed on one page (`栏次 栏次 2 3` under `栏次 1 栏次 2 3`) or out of line: a
    header repeated on a continuation page then no longer reads as the first page's, and its 栏次
    line would be taken for a row of whole numbers."""
    for lines in pages:
        for line in lines:
            if not any(w.text.startswith(COLUMN_NUMBERS) for w in line.words):
                continue
            kept = []
            for w in line.words:
                if _COLUMN_NUMBERS_NOISE.fullmatch(w.text):
                    w = Word(COLUMN_NUMBERS, w.x0, w.x1, w.top, w.bottom)
                if not (w.text.isdigit() or w.text in _CODE_PARTS):
                    kept.append(w)
            line.words = kept


def drop_read_twice(pages: Sequence[list[Line]]) -> None:
    """A word recognition returned twice, two boxes over one print (the last digit of a clipped
    code, `213990 | 1 | 1 | 化解…`, a cell border through it): the second goes. Two words of one
    text side by side are two prints (amounts of adjacent columns): only boxes that overlap by
    more than half the narrower one's width are one. So are a number and a part of it read again
    by a box inside its own (`179.95 | 179`, 179 within 179.95's box): the whole number stays."""
    for lines in pages:
        for line in lines:
            kept: list[Word] = []
            for w in line.words:
                prev = kept[-1] if kept else None
                overlap = min(prev.x1, w.x1) - max(prev.x0, w.x0) if prev is not None else 0.0
                if prev is None or overlap <= 0.5 * min(w.x1 - w.x0, prev.x1 - prev.x0):
                    kept.append(w)
                elif prev.text == w.text or (_part_of_number(w.text, prev.text) and overlap >= 0.8 * (w.x1 - w.x0)):
                    continue
                elif _part_of_number(prev.text, w.text) and overlap >= 0.8 * (prev.x1 - prev.x0):
                    kept[-1] = w
                else:
                    kept.append(w)
            line.words = kept


def _part_of_number(part: str, whole: str) -> bool:
    """`part` is a piece of the number `whole` (digits and separators, `179` of `179.95`)."""
    return (
        bool(re.fullmatch(r"[\d.,]*\d[\d.,]*", whole))
        and re.fullmatch(r"\d[\d.,]*", part) is not None
        and part in whole
    )


def column_numbers_read_back(pages: Sequence[tuple[list[Line], list[dict[str, Any]]]]) -> None:
    """A line of bare column numbers (a 栏次 line printed without the word: 09's `1 | 2 | … | 12`)
    with one misread takes the number the count needs where the line then counts the columns:
    a letter that is a look-alike of it (`7 | B | 9`, `column_number_lookalikes`), or a number read
    with doubt (`7 | 2 | 3`, its 7 scored 0.68: a 1). Else the line is no header line, and its
    numbers would be read as a row of whole amounts. `pages`: each page's lines and characters."""
    from ingest.columns import numbers_the_columns  # (columns imports layout, not this module)
    from ingest.ocr import box_confidence, recognition  # (ocr imports this module)

    vocabulary = recognition()
    for lines, chars in pages:
        for line in lines:
            words = line.words
            if len(words) < 3 or not all(w.text.isdigit() or _column_number_lookalike(w.text) for w in words):
                continue
            if all(w.text.isdigit() for w in words) and (filled := _lost_numbers_put_back(words)) is not None:
                line.words = filled
                continue
            odd = [i for i, w in enumerate(words) if not w.text.isdigit()]
            if not odd:
                score = {i: box_confidence(chars, w.x0, w.x1, w.top, w.bottom) for i, w in enumerate(words)}
                odd = [i for i, s in score.items() if s is not None and s < vocabulary.min_amount_confidence]
            if len(odd) != 1:
                continue
            i, word = odd[0], words[odd[0]]
            if word.text.isdigit():
                # (what the count needs there: one more than the number before, one less than the
                # number after, or 1 where a panel starts its own count)
                before, after = words[i - 1 : i] if i else [], words[i + 1 : i + 2]
                needed = {1, *(int(w.text) + 1 for w in before), *(int(w.text) - 1 for w in after)}
            else:
                needed = {int("".join(vocabulary.column_number_lookalikes.get(ch, ch) for ch in word.text))}
            for number in sorted(needed):
                read_back = [*words[:i], Word(str(number), word.x0, word.x1, word.top, word.bottom), *words[i + 1 :]]
                if number > 0 and numbers_the_columns(Line(line.page, read_back)):
                    line.words = read_back
                    break


def _lost_numbers_put_back(words: list[Word]) -> list[Word] | None:
    """The words of a line of rising column numbers with some detection lost (a thin `1` or `7`:
    `2 | 3 | 4 | 5 | 6 | 8 | 9`), those put back where the columns' even pitch leaves room for
    exactly them: each jump of k numbers spans k pitches, and at most two are lost before the
    first. None where the line is no such count (or counts the columns as read)."""
    from ingest.columns import numbers_the_columns  # (columns imports layout, not this module)

    numbers = [int(w.text) for w in words]
    centres = [(w.x0 + w.x1) / 2 for w in words]
    if numbers_the_columns(Line(0, words)) or any(b <= a for a, b in itertools.pairwise(numbers)):
        return None
    steps = [(b - a, y - x) for (a, x), (b, y) in itertools.pairwise(zip(numbers, centres, strict=True))]
    pitches = sorted(dx for k, dx in steps if k == 1)
    if len(pitches) < 2 or not 1 <= numbers[0] <= 3:
        return None
    pitch = pitches[len(pitches) // 2]
    if any(abs(dx - k * pitch) > 0.3 * pitch for k, dx in steps):
        return None
    width = min(w.x1 - w.x0 for w in words)
    wanted = [(n, centres[0] - (numbers[0] - n) * pitch) for n in range(1, numbers[0])]
    for (a, x), (b, _) in itertools.pairwise(zip(numbers, centres, strict=True)):
        wanted += [(n, x + (n - a) * pitch) for n in range(a + 1, b)]
    if not wanted or min(x for _, x in wanted) - width / 2 < 0:
        return None
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    put_back = [Word(str(n), x - width / 2, x + width / 2, top, bottom) for n, x in wanted]
    filled = sorted([*words, *put_back], key=lambda w: w.x0)
    return filled if numbers_the_columns(Line(0, filled)) else None


def _column_number_lookalike(text: str) -> bool:
    from ingest.ocr import recognition  # (ocr imports this module)

    lookalikes = recognition().column_number_lookalikes
    return all(ch.isdigit() or ch in lookalikes for ch in text)


def rejoined_numbers(boxes: list[list[dict[str, Any]]], borders: list[VRule]) -> list[list[dict[str, Any]]]:
    """Boxes holding the two halves of one number joined (detection cut `3,660.34` into `3,660.`
    and `.34`, the point in both): on one line, no rule between them, digits either side of one
    separator that ends the first, starts the second, or is the same character read in both
    (their boxes overlap). The separator is then doubtful (`repaired_confidence`), so the amount
    is read again from a finer image of its whole box and must come back the same. So are halves
    cut at a point detection lost (`472 | 83`) or at a digit read in both (`3,981.8 | 874`):
    `ocr_ends.halves_without_their_mark`."""
    boxes = [b for b in boxes if b]
    joined = True
    while joined:
        joined = False
        for i, left in enumerate(boxes):
            found = next(
                ((b, whole) for b in boxes if b is not left and (whole := _joined(left, b, borders)) is not None),
                None,
            )
            if found is None:
                continue
            right, whole = found
            boxes = [b for b in boxes if b is not left and b is not right]
            boxes.insert(i, whole)
            joined = True
            break
    return boxes


def _joined(
    left: list[dict[str, Any]], right: list[dict[str, Any]], borders: list[VRule]
) -> list[dict[str, Any]] | None:
    """The characters of one number of which `left` and `right` hold the halves, else None."""
    from ingest.ocr import _separator, recognition  # (ocr imports this module)

    if not _halves(left, right, borders):
        return halves_without_their_mark(left, right, borders)
    doubt = recognition().repaired_confidence
    shared = bool(_separator(left[-1]["text"]) and _separator(right[0]["text"]))
    rest = right[1:] if shared else right
    mark = left[-1] if _separator(left[-1]["text"]) else rest[0]
    doubtful = {**mark, "confidence": min(float(mark["confidence"]), doubt)}
    return [c if c is not mark else doubtful for c in left + rest]


def _halves(left: list[dict[str, Any]], right: list[dict[str, Any]], borders: list[VRule]) -> bool:
    from ingest.ocr import _cut, _separator  # (ocr imports this module)

    a, b = left[-1], right[0]
    height = max(a["bottom"] - a["top"], b["bottom"] - b["top"])
    if abs((a["top"] + a["bottom"]) / 2 - (b["top"] + b["bottom"]) / 2) > height / 2:
        return False
    if not (b["x0"] >= a["x0"] and b["x0"] - a["x1"] <= height / 2) or _cut([a], b, borders):
        return False
    left_text, right_text = "".join(c["text"] for c in left), "".join(c["text"] for c in right)
    marks = (bool(_separator(left_text[-1])), bool(_separator(right_text[0])))
    mark = _separator(left_text[-1]) or _separator(right_text[0])
    if marks == (True, True):
        # (one character read twice: the same mark, where both boxes have it)
        if _separator(left_text[-1]) != _separator(right_text[0]) or b["x0"] > a["x1"]:
            return False
        left_text, right_text = left_text[:-1], right_text[1:]
    elif marks == (True, False):
        left_text = left_text[:-1]
    elif marks == (False, True):
        right_text = right_text[1:]
    else:
        return False
    if mark == ",":
        # (cut at a thousands comma, `1,625,` | `605`: thousands before it, one group of three
        # after it, with its decimals if any; anything else is two numbers side by side)
        return bool(_GROUPED.fullmatch(left_text) and _LAST_GROUP.fullmatch(right_text))
    return bool(re.fullmatch(r"-?[\d,]*\d", left_text) and re.fullmatch(r"\d+", right_text))


# The two halves of a number cut at a thousands comma: digits in thousands groups, then the last
# group and its decimals.
_GROUPED = re.compile(r"-?\d{1,3}(,\d{3})*")
_LAST_GROUP = re.compile(r"\d{3}(\.\d{1,2})?")
