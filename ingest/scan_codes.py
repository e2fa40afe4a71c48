"""Subject codes as the recogniser reads them, put right by the catalog's name of their row.

A code column's cells are small and ruled close: recognition misreads a 项 digit printed on its
cell's rule (`2080501` for 2080505), reads a clipped last digit as a word of its own (`213990 |
1`), a speck between digits as a point (`302.13`), a code's last digit wrapped below it glued
before the name (`6机关事业单位…`), or loses a 款 or 项 cell altogether; and it misreads the name
after a code with a look-alike character or one character more. Each is repaired here only where
the catalog (功能 or 经济分类) names the code so repaired as the row's printed name, and exactly one
code or name fits: else the row stays as read (its code then names nothing: quarantined). The
row's amounts are never touched.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ingest.layout import CJK, Line, Word
from ingest.ocr_chars import recognition
from ingest.scan_wraps import second_line
from ingest.subjects import codes_by_length, codes_by_parent, either_catalog_names, load_catalog
from ingest.text import one_edit_apart

if TYPE_CHECKING:
    from ingest.records import Amount

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
    its cell's rule, read as `1`; `208 | 05 | 05 | 机关事业单位职业年金缴费支出`, the 项 cell 06 read
    05; a 类's, `240 | 卫生健康支出` of 210) takes the code the catalog gives the printed name: the
    code read is not that name's (another item's, or none), and exactly one code differing from
    it in one of its last two digits is named so (the name is read exactly: catalog names are
    checked first; a name wrapped in its cell is read with its second line, `基础设施建设和经济`
    above `发展`). The report learns its own full codes from such rows (cut codes, `208050`, are
    recovered from them), so one misread would mislead every table printing the row."""
    for lines, line, k, cells in _coded_names(pages):
        name = line.words[k]
        code = "".join(w.text for w in cells)
        fixed = code_named(code, name.text)
        if fixed is None and (tail := second_line(lines, line, name)) is not None:
            fixed = code_named(code, name.text + tail)
        last = cells[-1]
        head = len(code) - len(last.text)
        if fixed is not None and fixed[:head] == code[:head]:
            line.words[k - 1] = Word(fixed[head:], last.x0, last.x1, last.top, last.bottom)


# How a code is printed before its name: whole (项, 款 or 类), or in 类 | 款 | 项 cells.
_CODE_CELLS = {(7,), (5,), (3,), (3, 2), (3, 2, 2), (5, 2)}


def _coded_names(pages: Sequence[list[Line]]) -> Iterator[tuple[list[Line], Line, int, list[Word]]]:
    """(the page's lines, a line, k, the code's cells) for each word `line.words[k]` that is a
    name printed after a code, whole or in cells (`_CODE_CELLS`)."""
    for lines in pages:
        for line in lines:
            for k, name in enumerate(line.words):
                cells = list(itertools.takewhile(lambda w: w.text.isdigit(), reversed(line.words[max(k - 3, 0) : k])))
                cells.reverse()
                if CJK.match(name.text) and tuple(len(w.text) for w in cells) in _CODE_CELLS:
                    yield lines, line, k, cells


def join_clipped_last_digits(pages: Sequence[list[Line]]) -> None:
    """A 7-digit code whose last digit, printed over its cell's rule, recognition read as a word
    of its own (`213990 | 1 | 化解其他公益性乡村债务支出`) is joined where the catalog names the
    joined code, or the one code a last digit off it, as the name after it. Else both stay as
    read (the row matches nothing)."""
    for lines in pages:
        for line in lines:
            for k, (head, digit, name) in enumerate(_triples(line.words)):
                code = head.text + digit.text
                if not (re.fullmatch(r"\d{6}", head.text) and re.fullmatch(r"\d", digit.text)):
                    continue
                # (the clipped digit itself misread, `201370 | 1 | 机关服务` of 2013703: the one code
                # a digit off it the catalog names so, as for a 项 digit misread on its rule)
                code = code_named(code, name.text) or code
                if either_catalog_names(code, [name.text]):
                    joined = Word(code, head.x0, digit.x1, min(head.top, digit.top), max(head.bottom, digit.bottom))
                    line.words[k : k + 2] = [joined]
                    break


def codes_short_of_a_digit(pages: Sequence[list[Line]]) -> None:
    """A 7-digit code printed wrapped in its cell (six digits over the seventh) read a digit short
    on its first line (`21301` over `2` of 2130112, the `1` under a speck lost: 决算 seed 2212, read
    as the 款 21301 beside a 项's name) takes the one catalog code the name after it is the name of
    that the digits read make with one digit more on the first line and the wrapped one last. The
    wrapped digit stands under the code's start, on its line (grouped with it) or the next one.
    Else as read (the code then names another row: quarantined)."""
    for lines in pages:
        for i, line in enumerate(lines):
            for k, code in enumerate(line.words):
                name = next((w for w in line.words[k + 1 :] if CJK.match(w.text)), None)
                if not re.fullmatch(r"\d{5}", code.text) or name is None:
                    continue
                if any(_named_exactly(kind, code.text, name.text) for kind in _KINDS):
                    continue
                height = code.bottom - code.top
                below = [(line, w) for w in line.words if w.top > code.top + height / 2]
                if i + 1 < len(lines):
                    below += [(lines[i + 1], w) for w in _under_start(lines[i + 1], code)]
                digits = [(host, w) for host, w in below if _digit_under(w, code)]
                if len(digits) != 1:
                    continue
                host, digit = digits[0]
                named = [
                    other
                    for other, names in codes_by_length().get(7, [])
                    if other[6] == digit.text and name.text in names
                    and any(other[:j] + other[j + 1 : 6] == code.text for j in range(6))
                ]  # fmt: skip
                if len(set(named)) == 1:
                    host.words.remove(digit)
                    whole = Word(named[0], min(code.x0, digit.x0), code.x1, code.top, max(code.bottom, digit.bottom))
                    line.words[line.words.index(code)] = whole
                    break


def _digit_under(word: Word, code: Word) -> bool:
    """`word` is one digit whose left edge lies under the start of `code`."""
    return re.fullmatch(r"\d", word.text) is not None and abs(word.x0 - code.x0) <= _CODE_COLUMN


def _triples(words: list[Word]) -> list[tuple[Word, Word, Word]]:
    return list(zip(words, words[1:], words[2:], strict=False))


# A code, or one of its 类 | 款 | 项 cells, read with a speck between its digits as a mark (`302.13`
# for 30213, `0.7` for the 款 cell 07, `2-10` for the 类 cell 210) or right before them (`.07`, 预算
# seed 2353's B06): digits and one mark.
_CELL_WITH_SPECK = re.compile(r"\d*[.,·\-]\d+")
# A code as a table prints it in its code column: 类, 款 or 项.
_CODE = re.compile(r"\d{3}|\d{5}|\d{7}")
# A cell of a code column: a whole code, or a 款 or 项 cell of one printed in cells.
_CODE_CELL = re.compile(r"\d{2}|\d{3}|\d{5}|\d{7}")
# Codes in one column: left edges within this many points.
_CODE_COLUMN = 6.0


def codes_read_with_a_point(pages: Sequence[list[Line]]) -> None:
    """A code, or a cell of one printed in cells, read with a speck between its digits as a mark
    (`302.13 | 维修（护）费`, the code 30213: in a 万元 table it would be taken for an amount left of
    the columns; `310 | 0.7 | 信息网络…`; `2-10 | 07 | 16 | 计划生育机构`) is read without it where it
    stands in the page's column of code cells (two others start within `_CODE_COLUMN` of it) and
    the catalog names the code its row's cells so make as the label right after them, or, a 项
    code alone in its cell (the one a narrow cell clips), names the label so one code a digit off
    it in its last two (`code_named`); a 7-digit code wrapped in its cell is judged with its
    last digit from the line below (`2101.10` over `3`), a 项 code its cell cut to six digits by
    its one completion the catalog names so (`_cut_code_named`). A number anywhere else, or
    before another name, stays as read."""
    for lines in pages:
        starts = [w.x0 for line in lines for w in line.words if _CODE_CELL.fullmatch(w.text)]
        for i, line in enumerate(lines):
            for first, name in _code_runs(line.words):
                specks = [k for k in range(first, name) if _CELL_WITH_SPECK.fullmatch(line.words[k].text)]
                if len(specks) != 1:
                    continue
                word = line.words[specks[0]]
                if sum(abs(x - word.x0) <= _CODE_COLUMN for x in starts) < 2:
                    continue  # (not in the page's column of code cells)
                below = lines[i + 1] if i + 1 < len(lines) else None
                # (the run's first numbers may be the panel before's: `30108 | 3020.6 | 电费`, 决算
                # seed 2595's 06, the code of a row whose name wraps above and below it)
                for start in range(first, specks[0] + 1):
                    if digits := _code_without_speck(line.words[start:name], word, line.words[name].text, below):
                        line.words[specks[0]] = Word(digits, word.x0, word.x1, word.top, word.bottom)
                        break


def _code_without_speck(cells: list[Word], word: Word, label: str, below: Line | None) -> str | None:
    """The digits of `word`, the one cell of `cells` read with a speck, where the cells so read
    make a code the catalog names `label` (see `codes_read_with_a_point`), else None."""
    code = "".join(re.sub(r"\D", "", w.text) for w in cells)
    if len(code) == 6 and len(cells) == 1 and below is not None:
        # (a 7-digit code wrapped in its cell, its last digit on the line below: `2101.10` over
        # `3`, 预算 seed 2147; the wrapped digit is joined later)
        code += _wrapped_digit(below, word)
    if not (_CODE.fullmatch(code) or _cut_code_named(code, label, len(cells))):
        return None
    if _CODE.fullmatch(code) and not either_catalog_names(code, [label]):
        # (the code alone in its cell, its clipped last digit read `1` besides: `20805.01 |
        # 事业单位离退休`, 2080502 printed `208050` in a narrow cell, 预算 seed 2123: the one code of
        # that name a digit off, as for a code glued to it)
        return code_named(code, label) if len(cells) == 1 and len(code) == 7 else None
    return re.sub(r"\D", "", word.text)


def _cut_code_named(code: str, label: str, cells: int) -> bool:
    """Whether `code`, six digits alone in its cell, is a 项 code the cell cut short (`201135` of
    2011350: the report's cut codes are recovered from its other rows) that exactly one catalog
    code completes to one named `label` (决算 seed 2155: `20.1135 | 事业运行`, a speck read as a point)."""
    return cells == 1 and cut_code_named(code, label)


def cut_code_named(code: str, label: str) -> bool:
    """Whether `code` is six digits that exactly one catalog code completes to one named `label`."""
    return _completed(code, label) is not None


def _completed(code: str, label: str) -> str | None:
    """The one catalog code of seven digits that `code`, six digits, begins and that is named
    `label`, else None."""
    if not re.fullmatch(r"\d{6}", code):
        return None
    named = [code + d for d in "0123456789" if either_catalog_names(code + d, [label])]
    return named[0] if len(named) == 1 else None


# A code of 3, 5 or 7 characters, all digits but one that is neither a digit nor a CJK character:
# a digit read as a letter or a mark.
_CODE_WITH_A_MARK = re.compile(r"(?=\d*[^\d\s\u4e00-\u9fff]\d*$)\d[^\s\u4e00-\u9fff]{2}(?:[^\s\u4e00-\u9fff]{2}){0,2}")


def code_with_a_mark(code: str, name: str) -> str | None:
    """The one catalog code named `name` that `code` reads with a digit read as a letter or a mark
    (`301G2` of 30102 津贴补贴, 决算 seed 2342: G is a look-alike of 0 and of 6, the catalog says
    which; `229601d` of 2296010, 决算 seed 2334: the last digit clipped by its cell's rule), else
    None (two or none so named: the row keeps no code, and is quarantined)."""
    if not _CODE_WITH_A_MARK.fullmatch(code):
        return None
    at = next(i for i, ch in enumerate(code) if not ch.isdigit())
    named = [whole for d in "0123456789" if either_catalog_names(whole := code[:at] + d + code[at + 1 :], [name])]
    return named[0] if len(named) == 1 else None


def codes_read_with_a_mark(pages: Sequence[list[Line]]) -> None:
    """A code read with one digit as a letter or a mark (`code_with_a_mark`), right before the name
    its row prints, takes the one catalog code so named; else it stays as read."""
    for lines in pages:
        for line in lines:
            for k, (code, name) in enumerate(itertools.pairwise(line.words)):
                if CJK.match(name.text) and (whole := code_with_a_mark(code.text, name.text)) is not None:
                    line.words[k] = Word(whole, code.x0, code.x1, code.top, code.bottom)


def _wrapped_digit(below: Line, word: Word) -> str:
    """The lone digit `below` prints right under the start of `word` (a code's wrapped last
    digit), else ""."""
    return next((w.text for w in _under_start(below, word) if re.fullmatch(r"\d", w.text)), "")


def _under_start(below: Line, word: Word) -> list[Word]:
    """The words of the line `below` starting right under the start of `word`, within a line's
    height of it. (Not `codes._continues`: a text layer's next line of a cell lies within its
    first line's span to a point; a recognised digit's box starts up to `_CODE_COLUMN` off.)"""
    height = word.bottom - word.top
    return [w for w in below.words if abs(w.x0 - word.x0) <= _CODE_COLUMN and w.top - word.bottom < height]


def wrapped_digits_read_as_letters(pages: Sequence[list[Line]]) -> None:
    """A code's last digit wrapped below it in its cell (`201379` over `9`) read as a letter that
    is a digit's look-alike (recognition.yaml `digit_lookalikes`: `の` for 9, 决算 seed 2166), or
    with a speck read as a letter or a mark beside it (`6D`, 决算 seed 2681), a word alone right
    under a 6-digit code's start: read as that digit where the catalog names the code so
    completed as the row's label (the table logic then joins it to the code). Else it stays as
    read (a lone letter goes as a speck: the code, 6 digits, names nothing)."""
    lookalikes = recognition().lone_digit_lookalikes
    for lines in pages:
        for i, line in enumerate(lines[:-1]):
            for first, name in _code_runs(line.words):
                code = line.words[first]
                if name - first != 1 or not re.fullmatch(r"\d{6}", code.text):
                    continue
                below = lines[i + 1]
                if len(below.words) != 1 or (letter := below.words[0]) not in _under_start(below, code):
                    continue
                specked = _DIGIT_WITH_SPECK.fullmatch(letter.text)
                digit = lookalikes.get(letter.text) or (re.sub(r"\D", "", letter.text) if specked else None)
                if digit is not None and either_catalog_names(code.text + digit, [line.words[name].text]):
                    below.words[0] = Word(digit, letter.x0, letter.x1, letter.top, letter.bottom)


# One digit with a speck read beside it as a latin letter or a mark (`6D`, `.6`): no CJK, one digit.
_DIGIT_WITH_SPECK = re.compile(r"\d[^\d\s\u4e00-\u9fff]|[^\d\s\u4e00-\u9fff]\d")


def _code_runs(words: list[Word]) -> list[tuple[int, int]]:
    """(first, name) for each run of up to three number words `words[first:name]` (a code, or its
    cells) right before a word that is a name (`words[name]` begins with a CJK character), one of
    them at most with a speck read as a mark: another is the panel before's amount (`2.62 |
    30,213 | 维修（护）费`, 决算 seed 2276's 06)."""
    runs = []
    for k, word in enumerate(words):
        if not CJK.match(word.text):
            continue
        first = k
        while first > 0 and k - first < 3 and _cell_read(words[first - 1].text):
            specked = any(_CELL_WITH_SPECK.fullmatch(w.text) for w in words[first:k])
            if specked and _CELL_WITH_SPECK.fullmatch(words[first - 1].text):
                break
            first -= 1
        if first < k:
            runs.append((first, k))
    return runs


def _cell_read(text: str) -> bool:
    """A code cell's digits as read: bare, or with a speck between them."""
    return text.isdigit() or _CELL_WITH_SPECK.fullmatch(text) is not None


def names_by_their_code(pages: Sequence[list[Line]]) -> None:
    """A name printed after its code and read with a look-alike character (recognition.yaml
    `label_lookalikes`: `休育场馆` for 体育场馆, too short for the one-character-off repair) takes the
    catalog's name of that code where the look-alike read back makes it that name, and only then;
    so does a name read with one character more (at its end, or doubled) where the 7-digit code
    names it so exactly without it (`2101103 | 公务员医疗补助公`, `机关事业单位基本养老保险费费支出`),
    and one read with one character wrong, of four characters or more, that is a known name of
    nothing (`2070806 | 监洲监管`: `_one_character_off`). The row's amounts are not touched."""
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
                elif len(code) == 7 and (near := _one_character_off(kinds, code, name.text)) is not None:
                    fixed = near
                if fixed == name.text or len(code) not in (3, 5, 7):
                    continue
                if either_catalog_names(code, [fixed]) and not either_catalog_names(code, [name.text]):
                    line.words[k] = Word(fixed, name.x0, name.x1, name.top, name.bottom)


# A name's first line this long or longer is told by one character off its code's name; a whole
# name, this long (shorter ones are a character or two off many names).
_MIN_WRAPPED_HEAD = 8
_MIN_WHOLE_NAME = 4


def _one_character_off(kinds: list[str], code: str, text: str) -> str | None:
    """The code's catalog name read with one character wrong: whole (`监洲监管` after 2070806, 测
    read 洲), or the first line of a name wrapped over two (`机关事业单位基本养老保险费` | `费支出`
    after 2080505, 缴 read 费) — the name, or the same length of it, where that differs from the
    text in exactly that one character, only one name of the code does, and no known name of
    its catalog begins as read."""
    if len(text) < _MIN_WHOLE_NAME or not CJK.match(text):
        return None
    names = [n for kind in kinds for n in (load_catalog(kind)[code].name, *load_catalog(kind)[code].names)]
    near = {
        n[: len(text)]
        for n in names
        if (len(n) == len(text) or (len(text) >= _MIN_WRAPPED_HEAD and len(n) > len(text)))
        and sum(a != b for a, b in zip(n, text, strict=False)) == 1
    }
    if len(near) != 1 or any(n.startswith(text) for kind in kinds for n in _names_of(kind)):
        return None
    return near.pop()


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
        for i, line in enumerate(lines):
            for k, (head, name) in enumerate(itertools.pairwise(line.words)):
                # (`210 | 1 | 行政…`: the 款 cell's other digit lost, the cell read as one digit)
                digit = name.text if re.fullmatch(r"\d", name.text) and k + 2 < len(line.words) else ""
                name = line.words[k + 2] if digit else name
                if not (len(head.text) == 3 and head.text.isdigit() and CJK.search(name.text)):
                    continue
                if either_catalog_names(head.text, [name.text]):
                    break
                named = [code for code, names in codes_by_parent().get((5, head.text), []) if name.text in names]
                cell = printed.get((head.text, named[0][3:])) if len(named) == 1 and digit in named[0][3:] else None
                if cell is None and len(named) == 1 and digit in named[0][3:]:
                    cell = _cell_between_neighbours(lines, i, head.text, named[0][3:])
                if cell is not None:
                    line.words[k + 1 : k + 1 + bool(digit)] = [Word(cell.text, cell.x0, cell.x1, head.top, head.bottom)]
                break
    _restore_lost_items(pages)


def _cell_between_neighbours(lines: list[Line], i: int, head: str, part: str) -> Word | None:
    """The 款 cell `part` of the 类 `head` on `lines[i]`, where the nearest lines above and below
    printing a 款 of that 类 print ones before and after it (rows stand in their codes' order): at
    the place of the cell above."""

    def cell(line: Line) -> Word | None:
        pair = next((b for a, b in itertools.pairwise(line.words) if a.text == head), None)
        return pair if pair is not None and re.fullmatch(r"\d{2}", pair.text) else None

    above = next((c for line in reversed(lines[:i]) if (c := cell(line)) is not None), None)
    below = next((c for line in lines[i + 1 :] if (c := cell(line)) is not None), None)
    if above is None or below is None or not int(above.text) < int(part) < int(below.text):
        return None
    return Word(part, above.x0, above.x1, above.top, above.bottom)


def _restore_lost_items(pages: Sequence[list[Line]]) -> None:
    """A 项 code cell recognition lost (`215 | 02 | 机关服务`, the `01` of 2150201 missed) is put back
    where the catalog has exactly one 项 under the printed 类 and 款 named as the row (the 款 itself
    is named otherwise, or is the row right above, read alike), in the column where the page
    prints its 项 cells (`216 | 02 | 03 | …`)."""
    for lines in pages:
        items = [
            c for line in lines for a, b, c in _triples(line.words)
            if re.fullmatch(r"\d{3}", a.text) and re.fullmatch(r"\d{2}", b.text) and re.fullmatch(r"\d{2}", c.text)
        ]  # fmt: skip
        if not items:
            continue
        x0, x1 = items[0].x0, items[0].x1
        for i, line in enumerate(lines):
            for k, (head, part, name) in enumerate(_triples(line.words)):
                if not (re.fullmatch(r"\d{3}", head.text) and re.fullmatch(r"\d{2}", part.text)):
                    continue
                # (the 项 cell read as letters, `211 | 13 | or | 循环经济`, 01 with a speck on its 1,
                # 决算 seed 2198: a cell lost, its letters no part of the name; replaced by the cell
                # put back, else left as read)
                letters = _letters_in_cell(name, x0, x1) and k + 3 < len(line.words)
                name = line.words[k + 3] if letters else name
                if not CJK.search(name.text) or name.x0 < x1:
                    break
                parent = head.text + part.text
                # (a 款 named as its one 项, 其他交通运输支出 21499 and 2149999: the row right under
                # the 款's own row, read alike, is that 项; a table prints no row twice)
                above = [w.text for w in lines[i - 1].words[k : k + 3]] if i else []
                repeated = above == [head.text, part.text, name.text]
                if either_catalog_names(parent, [name.text]) and not repeated:
                    break
                named = [code for code, names in codes_by_parent().get((7, parent), []) if name.text in names]
                if len(named) == 1:
                    line.words[k + 2 : k + 2 + letters] = [Word(named[0][5:], x0, x1, part.top, part.bottom)]
                break


def _letters_in_cell(word: Word, x0: float, x1: float) -> bool:
    """A word of one or two Latin letters over the page's column of 项 cells (x0 to x1)."""
    return re.fullmatch(r"[A-Za-z]{1,2}", word.text) is not None and word.x0 < x1 and word.x1 > x0


def _named_exactly(kind: str, code: str, name: str) -> bool:
    subject = load_catalog(kind).get(code)
    return subject is not None and name in (subject.name, *subject.names)


def code_named(code: str, name: str) -> str | None:
    """The one catalog code named `name` that differs from `code` (not so named) in one of its
    last two digits, else None. A code no catalog has is judged by any one digit (`2160599 |
    其他涉外发展服务支出`, the 款 digit of 2160699 misread: a code of no 款 the catalog knows)."""
    if either_catalog_names(code, [name]):
        return None
    known = any(code in load_catalog(kind) for kind in _KINDS)
    candidates = codes_by_parent().get((len(code), code[:-2]), []) if known else codes_by_length().get(len(code), [])
    return _one_digit_off_named(code, name, candidates)


def _one_digit_off_named(code: str, name: str, candidates: list[tuple[str, tuple[str, ...]]]) -> str | None:
    """The one code of `candidates` (code, names) one digit off `code` that `name` names exactly."""
    near = [
        other
        for other, names in candidates
        if other != code and sum(a != b for a, b in zip(other, code, strict=True)) == 1 and name in names
    ]
    return near[0] if len(near) == 1 else None


_KINDS = ("function", "economic")


def sibling_named(code: str, name: str) -> str | None:
    """The one catalog code differing from `code` in one of its last two digits whose name (or a
    variant) is `name` exactly, where `name` is only the beginning of `code`'s own names: a wrapped
    name's first line reads so, and so does a sibling's row whose code was misread (决算 seed 2567:
    `2060601 | 社会科学研究`, 2060602's name, under `2060601 | 社会科学研究机构`, published under
    2060601). Else None."""
    own = next((load_catalog(kind)[code] for kind in _KINDS if code in load_catalog(kind)), None)
    if own is None or name in (own.name, *own.names):
        return None
    return _one_digit_off_named(code, name, codes_by_parent().get((len(code), code[:-2]), []))


# A code and its name both misread in one row are put right only by a name this long: one
# character off a name that long, and the code one digit off that name's code, is no chance.
_MIN_NAME_WITH_CODE_OFF = 8


def code_and_name_off(code: str, name: str) -> list[tuple[str, str]]:
    """The catalog codes one digit off `code`, a code no catalog has, whose catalog name (or a
    variant) is `name` read with one character wrong or one more character (`2080509 |
    机关事业单位基本养老保险费费支出`: 2080505, 缴 read 费), each with that name. Empty where the
    catalog has `code`, or names nothing near."""
    if not code.isdigit() or any(code in load_catalog(kind) for kind in _KINDS):
        return []
    near = []
    for other, names in codes_by_length().get(len(code), []):
        if sum(a != b for a, b in zip(other, code, strict=True)) != 1:
            continue
        fits = [n for n in names if _one_edit(n, name)]
        if fits:
            near.append((other, fits[0]))
    return near


def _one_edit(catalog_name: str, read: str) -> bool:
    """`read` is `catalog_name` with one character replaced, or with one character added."""
    return len(read) >= len(catalog_name) and one_edit_apart(catalog_name, read)


def codes_and_names_misread_together(pages: Sequence[list[Line]]) -> None:
    """A row whose code (one digit) and name (one character) recognition both misread, so that
    neither names the other and the code is in no catalog (`2080509 | 机关事业单位基本养老保险费费支出`
    for 2080505 | 机关事业单位基本养老保险缴费支出), takes the one catalog code and name that fit
    both, where the name is long enough to tell (`_MIN_NAME_WITH_CODE_OFF`; a name wrapped in its
    cell is read with its second line, the character misread in its first). Else the row stays
    as read: a code in no catalog read so near a catalog row is quarantined
    (scan_amounts.check_confidence), never taken for a local code."""
    for lines, line, k, cells in _coded_names(pages):
        name = line.words[k]
        code = "".join(w.text for w in cells)
        near = code_and_name_off(code, name.text)
        if not near and (tail := second_line(lines, line, name)) is not None:
            # (the first line of a name wrapped in its cell, the character misread in it)
            near = [
                (c, n[: len(name.text)])
                for c, n in code_and_name_off(code, name.text + tail)
                if len(n) == len(name.text) + len(tail) and n.endswith(tail)
            ]
        if len(near) != 1 or len(near[0][1]) < _MIN_NAME_WITH_CODE_OFF:
            continue
        fixed, fixed_name = near[0]
        start = k - len(cells)
        for i, cell in enumerate(cells):
            offset = sum(len(c.text) for c in cells[:i])
            digits = fixed[offset : offset + len(cell.text)]
            line.words[start + i] = Word(digits, cell.x0, cell.x1, cell.top, cell.bottom)
        line.words[k] = Word(fixed_name, name.x0, name.x1, name.top, name.bottom)


def codes_off_their_parents(tables: Sequence[Sequence[Amount]], pages: set[int]) -> dict[int, str]:
    """The amounts (by `id`) on recognised `pages` whose function code (`2…`) is not under the 款
    or 类 row printed last above it in its table, with that row's code, where the table prints
    such rows: a digit misread into another parent's code the catalog has too (决算 seed 2433's 02:
    `2160501 | 行政运行` right under `21606 | 涉外发展服务支出`, its 6 read 5, every 款's first 项
    named 行政运行). Rows in their table's order; a 类 starts its 款 anew, a 款 its 项."""
    astray: dict[int, str] = {}
    for amounts in tables:
        last: dict[int, str] = {}  # code length -> the code of that length printed last above
        for amount in sorted(amounts, key=lambda a: a.row_no):
            code = amount.subject_code or ""
            if not (code.isdigit() and code.startswith("2") and len(code) in (3, 5, 7)):
                continue
            parent = last.get(len(code) - 2)
            if parent is not None and not code.startswith(parent) and amount.page in pages:
                astray[id(amount)] = parent
            last = {n: c for n, c in last.items() if n < len(code)} | {len(code): code}
    return astray

