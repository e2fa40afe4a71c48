"""Names wrapped over two lines of their cell, their first line read one character off.

A coded row's name too long for its cell wraps (`30108 | 机关事业单位基本养老保险缴` above `费`).
The recogniser reads each line alone, and may read the first line one character off in a way
that is itself a name its code knows (`机关事业单位基本养老保险费`, 缴 read 费, a variant of
30108's name): nothing about that line alone is wrong, but joined to the line below it names
nothing (`…保险费费`), and the report is quarantined. Seen with the line below, the first line is
what the code's catalog name leaves before that second line, one character off: it is read so.
The code may be wrapped in its cell too (`208050` above `5`, beside `费支出`), or clipped by it
(`208050` alone): its names are then those of the codes it begins.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from ingest.layout import Line, Word
from ingest.subjects import codes_by_parent, either_catalog_names, load_catalog

# A first line this long or longer is told by one character off its code's name (shorter ones
# are too close to other names).
_MIN_HEAD = 8
# The second line of a name: a few characters of text alone under the first one.
_TAIL = re.compile(r"[\u4e00-\u9fff（）()]{1,6}")
# Its left edge within this many points of the first line's (both flush left in their cell).
_SAME_LEFT = 6.0
_KINDS = ("function", "economic")


def wrapped_heads_by_their_code(pages: Sequence[list[Line]]) -> None:
    """The first line of a coded name wrapped over two lines takes the characters of its code's
    catalog name that come before the second line, where it differs from them in one character
    only, the name as read together with its second line is not its code's, and exactly one
    name of that code so ends (see the module's docstring)."""
    for lines in pages:
        for line in lines:
            for k, name in enumerate(line.words):
                if len(name.text) < _MIN_HEAD or not _TAIL.fullmatch(name.text[-1]):
                    continue
                code, start = _code_before(lines, line, k)
                # (the code wrapped in its cell too, `208050` over `5`: its last digit below it)
                digit = _wrapped_digit(lines, start) if start is not None and len(code) == 6 else None
                code += digit.text if digit is not None else ""
                names = _names_of(code)
                tail = second_line(lines, line, name, digit) if names else None
                if tail is None or any(either_catalog_names(c, [name.text + tail]) for c, _ in names):
                    continue
                heads = {
                    n[: len(name.text)] for _, n in names if len(n) == len(name.text) + len(tail) and n.endswith(tail)
                }
                near = [h for h in heads if sum(a != b for a, b in zip(h, name.text, strict=True)) == 1]
                if len(near) == 1:
                    line.words[k] = Word(near[0], name.x0, name.x1, name.top, name.bottom)


def _names_of(code: str) -> list[tuple[str, str]]:
    """(code, name) of each catalog name `code` may be printed for: its own, or, a code one digit
    short of a level's (`208050`, its last digit clipped by its cell: 预算 seed 2396), those of
    the codes one digit longer that it begins."""
    if any(code in load_catalog(kind) for kind in _KINDS):
        codes = [(c, names) for c, names in codes_by_parent().get((len(code), code[:-2]), []) if c == code]
    elif len(code) in (4, 6):
        codes = [(c, names) for c, names in codes_by_parent().get((len(code) + 1, code[:-1]), []) if c.startswith(code)]
    else:
        return []
    return [(c, n) for c, names in codes if len(c) in (3, 5, 7) for n in names]


def second_line(lines: list[Line], line: Line, name: Word, code_digit: Word | None = None) -> str | None:
    """The text of the line below `name` in its cell: a word of a few characters of text, flush
    with it on the left, no code left of it on its line (but `code_digit`, the wrapped last digit
    of the name's own code), starting in the lower half of the name's box or below it by less
    than its height (a recognised box may be as tall as both lines)."""
    below = [
        w
        for other in lines
        if other is not line
        for w in other.words
        if _below(w, name)
        and _TAIL.fullmatch(w.text)
        and not any(v is not code_digit and v.x1 <= w.x0 and any(ch.isdigit() for ch in v.text) for v in other.words)
    ]
    return below[0].text if len(below) == 1 else None


def _below(word: Word, under: Word) -> bool:
    """`word` starts flush left under `under`: in the lower half of its box or below it by less
    than its height."""
    height = under.bottom - under.top
    return abs(word.x0 - under.x0) <= _SAME_LEFT and under.top + height / 2 < word.top < under.bottom + height


def _wrapped_digit(lines: list[Line], code: Word) -> Word | None:
    """The one digit alone below a code's first word, flush left with it: its last digit, wrapped."""
    digits = [w for other in lines for w in other.words if re.fullmatch(r"\d", w.text) and _below(w, code)]
    return digits[0] if len(digits) == 1 else None


def _code_before(lines: list[Line], line: Line, k: int) -> tuple[str, Word | None]:
    """The code printed before the line's `k`-th word: the digits right before it on its line,
    whole or in 类 | 款 | 项 cells (`207 | 03 | 07`); where the name begins its line, those
    beginning the line beside it that overlaps it most (a row's code centred between the two
    lines of its wrapped name: recognition makes the first a line of its own), else ''; and the code's first word."""
    name = line.words[k]
    if k == 0:
        beside = [
            (min(other.bottom, name.bottom) - max(other.top, name.top), other)
            for other in lines
            if other is not line and other.top < name.bottom and other.bottom > name.top
        ]
        if not beside:
            return "", None
        line = max(beside, key=lambda b: b[0])[1]
        k = next((i for i, w in enumerate(line.words) if w.x1 > name.x0), len(line.words))
    # (a code of three cells at most, each all digits)
    parts = list(itertools.takewhile(lambda w: w.text.isdigit(), reversed(line.words[max(k - 3, 0) : k])))
    return "".join(w.text for w in reversed(parts)), parts[-1] if parts else None
