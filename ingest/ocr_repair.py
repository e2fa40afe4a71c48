"""Recognition noise in a page's words, repaired before the table logic sees them: around a label,
in a header's 栏次 line, and words read twice.

The recogniser returns a label's enumeration with marks it did not print (a speck read as a point
or a middle dot after `八、`: `八、·社会保障和就业支出`, `一、.一般…`), the `、` itself read as
a look-alike (`十八：自然资源海洋气象等支出`), and where no ruling line was found between two cells
a label with the next cell's number glued on (`九、卫生健康支出4`, the 行次; `合计62.23`, an
amount). The look-alike and speck characters are vocabularies (`ingest/recognition.yaml`).

Labels are rewritten here, never their digits: a repaired label must still be a known name or
numbered line (else its row matches nothing and the report is quarantined), and a number cut off
a label keeps its own characters' boxes and confidence. A 栏次 line's numbers, read unevenly from
page to page, are dropped, and a line of bare column numbers with one misread or lost is read
back only where it then counts the columns. A word returned by two overlapping boxes is kept once.
Codes are repaired by their catalog name in `ingest/scan_codes.py`, the halves of a number cut
apart joined in `ingest/ocr_ends.py`.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Sequence
from functools import cache
from typing import Any

from ingest.base import CODE_COLUMN_CELLS, code_column_cells
from ingest.columns import numbers_the_columns
from ingest.layout import CJK, ROW_NUMBER, Line, Word
from ingest.ocr_chars import box_confidence, recognition
from ingest.text import dropped_character, parse_amount


@cache
def _marks() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """(an enumeration with a look-alike mark or stray specks before its name; a `、` left alone
    by a dropped numeral with specks after it)."""
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
    text = _without_unclosed_quote(title_end_specks_dropped(_without_trailing_marks(text)))
    if m := numbered.match(text):
        return f"{m.group(1)}、{text[m.end():]}"
    if m := bare.match(text):
        return "、" + text[m.end() :]
    return with_first_stroke(text)


# The quotes a label may open, each with the one that closes it.
_CLOSING_QUOTES = {"“": "”", "‘": "’", '"': '"', "'": "'"}


@cache
def _unclosed_quote() -> re.Pattern[str]:
    """A quote opening a label's name, after its enumeration if any, four characters or more
    following it (a name this short may be a wrapped cell's first line, closed on the next)."""
    numerals = re.escape(recognition().enumeration_numerals)
    quotes = re.escape("".join(_CLOSING_QUOTES))
    return re.compile(rf"^((?:[{numerals}]{{1,3}}、|[（(][{numerals}]{{1,3}}[)）])?)([{quotes}])(?=\S{{4}})")


def _without_unclosed_quote(text: str) -> str:
    """The label without a quote opening its name that nothing after it closes: a speck (决算 seed
    2593: `十九、“住房保障支出`, read so by both recognisers). A quoted word closes its quote
    (`（三）“三公”经费`)."""
    m = _unclosed_quote().match(text)
    if m is None or _CLOSING_QUOTES[m.group(2)] in text[m.end() :] or not CJK.match(text[m.end() :]):
        return text
    return m.group(1) + text[m.end() :]


def with_first_stroke(text: str) -> str:
    """`般公共预` in a header cell as `一般公共预` (recognition.yaml `lost_first_stroke`: the thin `一`
    lost at the start of a box), or `股公共预算` as `一般公共预算` (`joined_first_characters`);
    anything else as read."""
    for whole in recognition().lost_first_stroke:
        if text.startswith(whole[1:]) and whole[1:]:
            return whole[0] + text
    for read, printed in recognition().joined_first_characters.items():
        if text.startswith(read):
            return printed + text[len(read) :]
    return text


# Marks read after a table's title (`…收入支出决算表：`, `部门整体绩效自评表，`, 自评表 seed 73): a
# title is read only where it ends with its pattern (ingest/segments.py, performance/families.py),
# and none prints a mark after 表 (specks: a colon is two of them). (A sentence's `附表：` keeps
# its colon; one ending `…见附表。` loses its full stop, as no figure is read from it. Specks read
# as an ellipsis, `…绩效自评表…`, by the second recogniser: 自评表 seed 68.)
_TITLE_END_SPECKS = re.compile(r"(?<=决算表|预算表)[：:;；。.，,、…]+$|(?<=表)[。.，,、…]+$")


def title_end_specks_dropped(text: str) -> str:
    """The text without the marks read after a table's title (`_TITLE_END_SPECKS`)."""
    return _TITLE_END_SPECKS.sub("", text)


def _without_trailing_marks(text: str) -> str:
    """A name without the marks no name ends with (`一般行政管理事务、`: a speck or the next cell's
    rule read as `、`); an enumeration alone (`十七、`, its name in the next box) is left as read."""
    stripped = text.rstrip(recognition().trailing_marks)
    if stripped == text or not CJK.search(stripped) or _NUMERALS_ONLY.fullmatch(stripped):
        return text
    if any(ch.isdigit() for ch in text):
        # (a sentence stating an amount, `…费5.00万元。`: its text must still spell its characters,
        # from which the box of the amount's digits is taken; a name holds no digit)
        return text
    return stripped


def _speck(text: str) -> bool:
    """A word of marks alone (`、`, `：`), or one Latin letter (`m`): a speck, no printed word."""
    return _marks_only(text) or _lone_letter(text)


def _marks_only(text: str) -> bool:
    return not text.strip(recognition().lone_marks)


def _lone_letter(text: str) -> bool:
    return re.fullmatch("[A-Za-z]", text) is not None


def repair_labels(pages: Sequence[list[Line]]) -> None:
    """`repaired_label` on every word, its specks dropped first (`drop_specks`)."""
    for lines in pages:
        drop_specks(lines)
        for line in lines:
            line.words = [
                w if (fixed := repaired_label(w.text)) == w.text else Word(fixed, w.x0, w.x1, w.top, w.bottom)
                for w in line.words
            ]


def drop_specks(lines: list[Line]) -> None:
    """A speck left after the text boxes of a cell were joined (a `、` or an `m` on its own below a
    row) dropped, and a line left empty so."""
    for line in lines:
        line.words = [w for w in line.words if not _speck(w.text)]
    lines[:] = [line for line in lines if line.words]


# A label's text ends so before a number glued to it (not a title's `表`, `第`, or a date's `年`).
_LABEL_END = re.compile(r"[\u4e00-\u9fff）)](?<![表第年月日号])$")
_NUMERALS_ONLY = re.compile(r"[一二三四五六七八九十（(）)]+")


def split_label_number(run: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """One recognised box's characters cut where a label ends and a number glued to it starts
    (`九、卫生健康支出4`, `合计62.23`): the number is a 行次 (one or two digits) or reads as an
    amount, up to specks after it. Each part keeps its characters (boxes, confidence)."""
    vocabulary = recognition()
    specks = vocabulary.speck_marks
    between = specks + vocabulary.number_specks
    text = "".join(c["text"] for c in run)
    for i in range(1, len(text)):
        if not (text[i].isdigit() and CJK.search(text[:i])):
            continue
        # (a speck may stand between them, `支出↑6.00`, `戒毒*94.88`: it goes with neither)
        label_end = len(text[:i].rstrip(between))
        if not _LABEL_END.search(text[:label_end]):
            return [run]
        number = text[i:].rstrip(specks)
        if ROW_NUMBER.fullmatch(number) or (re.search(r"[.,]", number) and parse_amount(number) is not None):
            return [run[:label_end], run[i:]]
        return [run]
    return [run]


def replace_phrase_lookalikes(pages: Sequence[list[Line]]) -> None:
    """Phrases the recogniser reads with a look-alike character (recognition.yaml
    `phrase_lookalikes`: `拔款` for 拨款) put right across the words of a line, letter-spaced
    titles included (`财 | 政 | 拔 | 款`). Every replacement keeps the length: words keep their text
    length and box."""
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

# The header line numbering the columns (`栏次 | 1 | 2 | 3`), as columns.split_header knows it.
COLUMN_NUMBERS = "栏次"


# (the code column's own header cells, `base.code_column_cells`, printed on the 栏次 line of
# 02/03/05, `类 | 款 | 项 | 栏次 | 1`: recognition misses one or another of these single characters
# from page to page, as it does the numbers, and they head no amount column)
# 栏次 read with a speck or a neighbouring cell's character glued on (`栏次s类`).
_COLUMN_NUMBERS_NOISE = re.compile(rf"{COLUMN_NUMBERS}[A-Za-z\d{CODE_COLUMN_CELLS}]+")


def drop_column_numbers(pages: Sequence[list[Line]]) -> None:
    """The numbers of a 栏次 line dropped (the word 栏次 kept), and the code column's `类 款 项`:
    they name no amount column (header cells leave the numbers out), and recognition reads them
    unevenly, one missed on one page (`栏次 栏次 2 3` under `栏次 1 栏次 2 3`) or out of line: a
    header repeated on a continuation page then no longer reads as the first page's, and its 栏次
    line would be taken for a row of whole numbers. The code parts are dropped too where
    recognition put them on a line of their own within the 栏次 line's height (预算 seed 2162: `款`
    a point lower than `类 | 项 | 栏次`, then read as the first row's label's start, `款科学技术支出`).
    Two or three of them may be read as one word (`款项`, 预算 seed 2230, its `类` lost)."""
    for lines in pages:
        numbering = [line for line in lines if any(w.text.startswith(COLUMN_NUMBERS) for w in line.words)]
        for line in numbering:
            kept = []
            for w in line.words:
                if _COLUMN_NUMBERS_NOISE.fullmatch(w.text):
                    w = Word(COLUMN_NUMBERS, w.x0, w.x1, w.top, w.bottom)
                if not (w.text.isdigit() or code_column_cells(w.text)):
                    kept.append(w)
            line.words = kept
        beside = {
            id(line)
            for line in lines
            if line.words
            and all(code_column_cells(w.text) for w in line.words)
            and any(n.top <= (line.top + line.bottom) / 2 <= n.bottom for n in numbering)
        }
        lines[:] = [line for line in lines if id(line) not in beside]


def code_cells_read_back(pages: Sequence[list[Line]]) -> None:
    """A line of the code column's header cells read with a look-alike among them (`类 | 款顶`,
    预算 seed 2434: a repeated header's `项` read `顶`, the line then no header's and read into the
    first row's name) takes them as printed: only where every word then is one or more of the
    cells (`base.code_column_cells`; no row is named so)."""
    swaps = recognition().label_lookalikes
    for lines in pages:
        for line in lines:
            read_back = ["".join(swaps.get(ch, ch) for ch in w.text) for w in line.words]
            if line.words and all(map(code_column_cells, read_back)):
                line.words = [Word(t, w.x0, w.x1, w.top, w.bottom) for t, w in zip(read_back, line.words, strict=True)]


def drop_read_twice(pages: Sequence[list[Line]]) -> None:
    """A word recognition returned twice, two boxes over one print (the last digit of a clipped
    code, `213990 | 1 | 1 | 化解…`, a cell border through it): the second goes. Two words of one
    text side by side are two prints (amounts of adjacent columns): only boxes that overlap by
    more than half the narrower one's width are one. So are a number and a part of it read again
    by a box inside its own (`179.95 | 179`, 179 within 179.95's box): the whole number stays.
    Boxes one over the other are two prints too, a number wrapped in its cell (`110.3` over `3`,
    a 自评表's 总分 110.33: the boxes share half the shorter one's height at most)."""
    for lines in pages:
        for line in lines:
            kept: list[Word] = []
            for w in line.words:
                prev = kept[-1] if kept else None
                if prev is None or not _one_print(prev, w):
                    kept.append(w)
                    continue
                overlap = min(prev.x1, w.x1) - max(prev.x0, w.x0)
                if prev.text == w.text or (_part_of_number(w.text, prev.text) and overlap >= 0.8 * (w.x1 - w.x0)):
                    continue
                elif _part_of_number(prev.text, w.text) and overlap >= 0.8 * (prev.x1 - prev.x0):
                    kept[-1] = w
                else:
                    kept.append(w)
            line.words = kept


def _one_print(a: Word, b: Word) -> bool:
    """Whether two boxes may be one print: they overlap by more than half the narrower one's width
    and half the shorter one's height."""
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    return across > 0.5 * min(a.width, b.width) and down > 0.5 * min(a.bottom - a.top, b.bottom - b.top)


def drop_specks_read_as_digits(pages: Sequence[list[Line]]) -> None:
    """A lone `1` boxed less than half as tall as the page's words (the median of its words of
    two characters or more) is a speck the recogniser read as the digit a speck or a stroke reads
    as, no print (决算 seed 2081: two specks under a code cell read `1`, 3.4 pt tall, became a
    second 项 cell `01`). Other digits stay: a lone `0` may be boxed as short (预算 seed 2039's
    faint `0`s of 09, 5.3 pt of 11). A line left without words goes."""
    for lines in pages:
        heights = [w.bottom - w.top for line in lines for w in line.words if len(w.text) >= 2]
        if not heights:
            continue
        floor = 0.5 * statistics.median(heights)
        for line in lines:
            line.words = [w for w in line.words if not (w.text == "1" and w.bottom - w.top < floor)]
        lines[:] = [line for line in lines if line.words]


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
    a letter that is a look-alike of it (`7 | B | 9`, `column_number_lookalikes`), a number read
    with doubt (`7 | 2 | 3`, its 7 scored 0.68: a 1), or read as a mark (`1 | ？ | 3`, 决算 seed
    2101: dropped as a speck later, the line would count nothing). Else the line is no header
    line, and its numbers would be read as a row of whole amounts. `pages`: each page's lines and
    characters."""
    vocabulary = recognition()
    for lines, chars in pages:
        for line in lines:
            _speck_in_a_column_number(line)
            words = line.words
            if len(words) < 3 or not all(
                w.text.isdigit() or _column_number_lookalike(w.text) or _speck(w.text) for w in words
            ):
                continue
            # (look-alikes read back first, where every word then reads as a number: 决算 seed 2541's
            # 09, `T | 2 | 4 | 5 | … | 12`, its 1 read `T` and its 3 lost; a lone letter no digit
            # looks like is a number misread, put back by the pitch below if at all: 决算 seed 2601's
            # 09, `2 | m | 4 | … | 12`, its 1 lost and its 3 read `m`)
            read = [
                Word(_as_column_number(w.text), w.x0, w.x1, w.top, w.bottom)
                for w in words
                if _column_number_lookalike(w.text) or not _lone_letter(w.text)
            ]
            if all(w.text.isdigit() for w in read):
                mended = _digits_lost_in_count(read)
                if mended != words and numbers_the_columns(Line(line.page, mended)):
                    line.words = mended
                    continue
                if (filled := _lost_numbers_put_back(mended)) is not None:
                    line.words = filled
                    continue
            if len(read) < len(words):
                continue  # (a lone letter the pitch puts no number for: as read)
            odd = [i for i, w in enumerate(words) if not w.text.isdigit()]
            if not odd:
                score = {i: box_confidence(chars, w.x0, w.x1, w.top, w.bottom) for i, w in enumerate(words)}
                odd = [i for i, s in score.items() if s is not None and s < vocabulary.min_amount_confidence]
            tried = [odd] if len(odd) == 1 else []
            if len(words) >= _LONG_COUNT and all(w.text.isdigit() for w in words):
                # (a number misread with full confidence, another one doubtful or not: 预算 seed 2198's
                # `2 | 3 | 4 | 5 | 5 | 7`, its 6 read 5, its 2 scored low)
                tried.append(_one_out_of_count(words))
            for candidate in tried:
                if len(candidate) == 1 and (read_back := _read_back_at(words, candidate[0], line.page)) is not None:
                    line.words = read_back
                    break


def _read_back_at(words: list[Word], i: int, page: int) -> list[Word] | None:
    """The line's words with the one at i read as the number the count needs there, where the
    line then counts the columns (`numbers_the_columns`); else None."""
    word = words[i]
    if word.text.isdigit() or _marks_only(word.text):
        # (what the count needs there: one more than the number before, one less than the
        # number after, or 1 where a panel starts its own count)
        before, after = words[i - 1 : i] if i else [], words[i + 1 : i + 2]
        needed = {1, *(int(w.text) + 1 for w in before), *(int(w.text) - 1 for w in after)}
    else:
        needed = {int(_as_column_number(word.text))}
    for number in sorted(needed):
        read_back = [*words[:i], Word(str(number), word.x0, word.x1, word.top, word.bottom), *words[i + 1 :]]
        if number > 0 and numbers_the_columns(Line(page, read_back)):
            return read_back
    return None


# A column number read with a speck beside or between its digits as a mark (`1.1` of 11, `.1`).
_NUMBER_WITH_SPECK = re.compile(r"\d*[.,·]\d+|\d+[.,·]")


def _speck_in_a_column_number(line: Line) -> None:
    """A line of bare numbers but one read with a mark beside or between its digits (`10 | 1.1 |
    12`, 决算 seed 2196: 09's 栏次 line, then read as a row of amounts over its one row; `栏次 | .1 |
    2 | 3`, 2173) takes that one's digits where the line then counts the columns
    (`numbers_the_columns`); else it stays."""
    # (the numbers after the word 栏次 where the line prints it: `类 | 款 | 项 | 栏次 | .1 | 2 | 3`)
    head = next((i + 1 for i, w in reversed(list(enumerate(line.words))) if "栏次" in w.text), 0)
    numbers = line.words[head:]
    specked = [i for i, w in enumerate(numbers) if _NUMBER_WITH_SPECK.fullmatch(w.text)]
    if len(numbers) < 3 or len(specked) != 1:
        return
    if not all(w.text.isdigit() for i, w in enumerate(numbers) if i != specked[0]):
        return
    word = numbers[specked[0]]
    digits = Word(re.sub(r"\D", "", word.text), word.x0, word.x1, word.top, word.bottom)
    read_back = [*numbers[: specked[0]], digits, *numbers[specked[0] + 1 :]]
    if numbers_the_columns(Line(line.page, read_back)):
        line.words = [*line.words[:head], *read_back]


def row_number_columns_of(words: list[Word]) -> list[list[Word]]:
    """The words grouped into columns by their left edges (within `ROW_NUMBER_ALIGN` of the
    column's leftmost), each column top to bottom: where a page's 行次 columns are looked for."""
    columns: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.x0, w.top)):
        column = next((c for c in columns if abs(c[0].x0 - w.x0) <= ROW_NUMBER_ALIGN), None)
        if column is None:
            columns.append(column := [])
        column.append(w)
    return [sorted(column, key=lambda w: w.top) for column in columns]


def row_numbers_read_with_a_speck(pages: Sequence[list[Line]]) -> None:
    """A 行次 read with a speck beside or between its digits as a mark (`5.7` of 57, 决算 seed
    2174: then an amount placed under the 小计 column beside it, and quarantined) takes its digits
    where they are the number its column of row numbers counts there. A column of row numbers:
    numbers of one or two digits whose left edges align, down the page, `_ROW_COUNT_QUORUM` of its
    whole ones (and at least `ROW_COUNT_LEAST`) the first one's count plus their place in the
    column (another misread, `55` of 56 right above it, is no obstacle). A table prints no amount
    in its 行次 column; any other reading stays."""
    for lines in pages:
        at = {
            id(w): (line, k)
            for line in lines
            for k, w in enumerate(line.words)
            if ROW_NUMBER.fullmatch(w.text) or (_NUMBER_WITH_SPECK.fullmatch(w.text) and len(w.text) <= 3)
        }
        words = [w for line in lines for w in line.words if id(w) in at]
        for column in row_number_columns_of(words):
            start, counted = row_count(column)
            if counted < ROW_COUNT_LEAST or counted < _ROW_COUNT_QUORUM * sum(w.text.isdigit() for w in column):
                continue
            for j, w in enumerate(column):
                if not w.text.isdigit() and int(re.sub(r"\D", "", w.text)) == start + j:
                    line, k = at[id(w)]
                    line.words[k] = Word(str(start + j), w.x0, w.x1, w.top, w.bottom)


def row_count(column: list[Word]) -> tuple[int, int]:
    """(the count, how many count so) of a column of row numbers (`row_number_columns_of`): the
    first one's count that most of its whole numbers give, each its value less its place in the
    column (`50 | 51 | 52 | 3 | 54`: 50, four of them); (0, 0) where it has none."""
    starts = [int(w.text) - j for j, w in enumerate(column) if w.text.isdigit()]
    if not starts:
        return 0, 0
    start = statistics.multimode(starts)[0]
    return start, starts.count(start)


def row_numbers_short_of_a_digit(pages: Sequence[list[Line]]) -> None:
    """A 行次 of one digit read where its neighbours in its column count a number of two that
    holds it (`4` of 42 between `41` and `43`; `3` of 31 at the column's head, above `32 | 33`:
    决算 seed 2232's 01, a thin stroke lost) takes that number. A column of row numbers: whole
    numbers whose left edges align, counting up by one down the page `ROW_COUNT_LEAST` times at
    least. Unrepaired, the column counts no longer, and the ink of a 行次 lost whole is taken for
    an amount's."""
    for lines in pages:
        at = {id(w): (line, k) for line in lines for k, w in enumerate(line.words) if ROW_NUMBER.fullmatch(w.text)}
        words = [w for line in lines for w in line.words if id(w) in at]
        for column in row_number_columns_of(words):
            values = [int(w.text) for w in column]
            if sum(b == a + 1 for a, b in itertools.pairwise(values)) < ROW_COUNT_LEAST:
                continue
            for j, w in enumerate(column):
                if len(w.text) != 1:
                    continue
                meant = _counted_at(values, j)
                if meant is not None and meant >= 10 and w.text in str(meant):
                    line, k = at[id(w)]
                    line.words[k] = Word(str(meant), w.x0, w.x1, w.top, w.bottom)
                    values[j] = meant


def _counted_at(values: list[int], j: int) -> int | None:
    """The number a column of row numbers counts at `j` by its neighbours: the one between the
    two around it, or at an end the one before (after) the two next to it counting by one."""
    before, after = values[j - 2 : j] if j >= 2 else values[:j], values[j + 1 : j + 3]
    if before and after and after[0] - before[-1] == 2:
        return before[-1] + 1
    if not before and len(after) == 2 and after[1] == after[0] + 1:
        return after[0] - 1
    if not after and len(before) == 2 and before[1] == before[0] + 1:
        return before[1] + 1
    return None


# Left edges of one column of 行次 within this many points of each other; of its whole numbers this
# share (and at least so many) count one by one for a specked one to be read back.
ROW_NUMBER_ALIGN = 6.0
_ROW_COUNT_QUORUM = 0.8
ROW_COUNT_LEAST = 5


# A line of this many bare numbers counting up all but one is a 栏次 line with that one misread,
# however confidently: no row of amounts counts so by chance.
_LONG_COUNT = 6


def _one_out_of_count(words: list[Word]) -> list[int]:
    """[i] where the line of bare numbers counts its columns (`numbers_the_columns`) once the
    number at i, between two that count over it, is the one between them (`1 | 2 | 3 | 4 | 5 |
    6 | 1 | 8 | … | 12`, 09's 栏次 line with its 7 read `1` at full confidence, 决算 seed 2195: read
    as 09's one row where the table prints none); else []."""
    numbers = [int(w.text) for w in words]
    found = []
    for i in range(1, len(words) - 1):
        if numbers[i + 1] - numbers[i - 1] != 2 or numbers[i] == numbers[i - 1] + 1:
            continue
        between = Word(str(numbers[i - 1] + 1), words[i].x0, words[i].x1, words[i].top, words[i].bottom)
        if numbers_the_columns(Line(0, [*words[:i], between, *words[i + 1 :]])):  # (the page: no matter)
            found.append(i)
    return found if len(found) == 1 else []


def _digits_lost_in_count(words: list[Word]) -> list[Word]:
    """The words of a line of column numbers with each number read between two that count over
    it (`10 | 1 | 12`), but one of its digits lost (`1` of 11: 决算 seed 2100), read as the number
    between them; the others as read."""
    numbers = [int(w.text) for w in words]
    mended = list(words)
    for i in range(1, len(words) - 1):
        between = str(numbers[i - 1] + 1)
        if numbers[i + 1] - numbers[i - 1] == 2 and dropped_character(between, words[i].text) is not None:
            mended[i] = Word(between, words[i].x0, words[i].x1, words[i].top, words[i].bottom)
    return mended


def _lost_numbers_put_back(words: list[Word]) -> list[Word] | None:
    """The words of a line of rising column numbers with some detection lost (a thin `1` or `7`:
    `2 | 3 | 4 | 5 | 6 | 8 | 9`), those put back where the columns' even pitch leaves room for
    exactly them: each jump of k numbers spans k pitches, and at most two are lost before the
    first. None where the line is no such count (or counts the columns as read)."""
    numbers = [int(w.text) for w in words]
    centres = [(w.x0 + w.x1) / 2 for w in words]
    if numbers_the_columns(Line(0, words)) or any(b <= a for a, b in itertools.pairwise(numbers)):
        return None
    steps = [(b - a, y - x) for (a, x), (b, y) in itertools.pairwise(zip(numbers, centres, strict=True))]
    pitches = sorted(dx for k, dx in steps if k == 1)
    # (the pitch told by two neighbours at least, or by one where three other jumps or more are
    # held to it: 预算 seed 2255's 三公 table, `2 | 3 | 5 | 7` of 1 … 8, read as a row of amounts)
    told = len(pitches) >= 2 or (len(pitches) == 1 and len(steps) >= 3)
    if not told or not 1 <= numbers[0] <= 3:
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


def _as_column_number(text: str) -> str:
    """A column number's text with its look-alikes read as the digits they stand for (a lone
    digit's, `T` for 1, and a column number's, `B` for 8)."""
    vocabulary = recognition()
    lookalikes = {**vocabulary.lone_digit_lookalikes, **vocabulary.column_number_lookalikes}
    return "".join(lookalikes.get(ch, ch) for ch in text)


def _column_number_lookalike(text: str) -> bool:
    return _as_column_number(text).isdigit()
