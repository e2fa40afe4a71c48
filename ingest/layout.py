"""Geometry of a page: words grouped into lines, header cells, column anchors.

Only `extract_words` output is used (no pdfplumber table finder): the parser must stay within
about twice the cost of reading the words, and real tables are often not fully ruled anyway.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise, takewhile
from typing import Any

from ingest.number_forms import DECIMAL_PART, DIGITS_AND_COMMAS, TWO_DECIMALS_AMOUNT
from ingest.text import AMOUNT_RE, ENUMERATED, chinese_number, normalize


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@dataclass(slots=True)
class Line:
    page: int
    words: list[Word]

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def norm(self) -> str:
        return normalize(self.text)


# An amount glued to the label of the next cell ("91,016,775.35一、一般公共服务支出"): the text
# layer has no space where the cell border is.
# A CJK character: a name's, as opposed to a code's digits or an amount's.
CJK = re.compile(r"[\u4e00-\u9fff]")
_GLUED = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))([\u3000-\u303f\u4e00-\u9fff（(].*)$")
# A list item's number and a year glued together (`4.2021年财政拨款收支预算总表`, a 目录 entry
# whose space recognition lost): a date, no amount (no amount prints four decimals).
_NUMBERED_YEAR = re.compile(r"^\d{1,2}\.(?:19|20)\d\d年")


# Amounts glued to each other (西安 “三公” 表: `506,800.001,708,200.00`): with thousands
# separators and two decimals each, the cut points are unambiguous.
_GLUED_AMOUNTS = re.compile(rf"(?:{TWO_DECIMALS_AMOUNT.pattern}){{2,}}")

# A subject code printed in brackets and glued to its name ("[2010501]行政运行", 广东 tables):
# one cell holding both, with no space between them.
_BRACKETED_CODE = re.compile(r"^[\[【](\d{3,7})[\]】]([\u4e00-\u9fff（(“].*)$")


def without_overprint(page: Any) -> Any:
    """The pdfplumber page without characters drawn again over themselves: publishers fake bold
    by printing each character several times a fraction of a point apart (西安 2022 表1–13, whose
    text layer reads `表表表表表表111111`). Every reader of a page's text takes it from here.
    pdfplumber's de-duplication costs more than reading the page's words, so it runs only on a
    page where some character is printed again within 1pt of itself on the same line."""
    keyed = sorted((c["text"], round(c["top"]), c["x0"]) for c in page.chars)
    if any(a[:2] == b[:2] and b[2] - a[2] <= 1 for a, b in pairwise(keyed)):
        return page.dedupe_chars(tolerance=1)
    return page


def split_glued(word: Word, chars: Sequence[Mapping[str, Any]] | None = None) -> list[Word]:
    """The word, or the amount and the label it is glued to, split where the digits end.

    `chars`: pdfplumber's characters of the word (x0, x1), where the text layer gives them: the amount then
    ends and the label starts exactly where printed (中央 B01: `16,474.82一、一般公共服务支出`,
    the label 1.8pt right of the amount, at the next panel's border). Without them the split
    position is estimated from the characters (a digit is about half as wide as a CJK
    character): amounts are placed by their centre, which this keeps within the cell."""
    if m := _BRACKETED_CODE.match(word.text):
        # the code as a word of its own left of the name, as in tables printing a code column
        code, rest = m.groups()
        weight = (len(code) + 2) * 0.5
        x = word.x0 + word.width * weight / (weight + len(rest))
        return [Word(code, word.x0, x, word.top, word.bottom), Word(rest, x, word.x1, word.top, word.bottom)]
    if _GLUED_AMOUNTS.fullmatch(word.text) and "," in word.text:
        parts = TWO_DECIMALS_AMOUNT.findall(word.text)
        step = word.width / len(word.text)  # digits, commas and points: about equally wide
        out, x = [], word.x0
        for part in parts:
            out.append(Word(part, x, x + step * len(part), word.top, word.bottom))
            x += step * len(part)
        return out
    m = _GLUED.match(word.text)
    if not m or _NUMBERED_YEAR.match(word.text):
        return [word]
    amount, rest = m.groups()
    if chars is not None and len(chars) == len(word.text):
        end, start = float(chars[len(amount) - 1]["x1"]), float(chars[len(amount)]["x0"])
        return [Word(amount, word.x0, end, word.top, word.bottom), Word(rest, start, word.x1, word.top, word.bottom)]
    weight = len(amount) * 0.5
    x = word.x0 + word.width * weight / (weight + len(rest))
    return [Word(amount, word.x0, x, word.top, word.bottom), Word(rest, x, word.x1, word.top, word.bottom)]


def _crosses_rule(left: float, right: float, y: float, borders: Sequence[VRule]) -> bool:
    """A vertical rule (a cell border) runs between x `left` and `right` at height `y`."""
    return any(left < r.x < right and r.top - 1 <= y <= r.bottom + 1 for r in borders)


def cut_at_rules(
    word: Word, chars: Sequence[Mapping[str, Any]] | None, borders: Sequence[VRule]
) -> list[tuple[Word, Sequence[Mapping[str, Any]] | None]]:
    """The word cut between two CJK characters where a vertical rule runs between them, each part
    with its own characters and its own top (the text layer glues the interleaved lines of two
    narrow header cells that touch: 西安 “三公” `置` | `公务用车运`, the last line of one cell and
    the first of the next, 2.6 pt apart in height; and the whole 元 amounts of two cells, see
    _cut_between). A number overflowing its cell is still one number."""
    if not borders or chars is None or len(chars) != len(word.text) or len(chars) < 2:
        return [(word, chars)]
    cuts = [i for i in range(1, len(chars)) if _cut_between(word.text, chars, i, borders)]
    if not cuts:
        return [(word, chars)]
    parts: list[tuple[Word, Sequence[Mapping[str, Any]] | None]] = []
    for start, end in zip([0, *cuts], [*cuts, len(chars)], strict=True):
        own = chars[start:end]
        box = Word(
            word.text[start:end],
            min(float(c["x0"]) for c in own),
            max(float(c["x1"]) for c in own),
            min(float(c["top"]) for c in own),
            max(float(c["bottom"]) for c in own),
        )
        parts.append((box, own))
    return parts


def _cut_between(text: str, chars: Sequence[Mapping[str, Any]], i: int, borders: Sequence[VRule]) -> bool:
    """Whether a rule separates characters i-1 and i: between two CJK characters of two lines, a
    rule between their centres; else, on one line or between two digits, a rule in a real gap
    between them. One line of text may run over a rule (a 单位： line above the table's columns),
    and a number's touching digits overflow their cell's border (one amount): neither is cut. Two
    cells' texts at one height stand apart, the rule in the gap (西安 2022 “三公” `（境）费` |
    `公务接待费`, 2.7 pt; an amount's `.33` | `一、部门预算`; whole 元 `1005250` | `126300`)."""
    a, b = chars[i - 1], chars[i]
    y = (float(b["top"]) + float(b["bottom"])) / 2
    # (digits may sit lower than the CJK beside them, in another font: 1.3 pt in 西安 2022 表1)
    overlap = min(float(a["bottom"]), float(b["bottom"])) - max(float(a["top"]), float(b["top"]))
    heights = min(float(a["bottom"]) - float(a["top"]), float(b["bottom"]) - float(b["top"]))
    one_line = overlap >= 0.6 * heights
    if not one_line and ord(text[i - 1]) >= 0x2E80 and ord(text[i]) >= 0x2E80:
        return _crosses_rule((float(a["x0"]) + float(a["x1"])) / 2, (float(b["x0"]) + float(b["x1"])) / 2, y, borders)
    if one_line or (text[i - 1].isdigit() and (text[i].isdigit() or text[i] == "-")):
        return float(b["x0"]) - float(a["x1"]) >= 1.0 and _crosses_rule(float(a["x1"]), float(b["x0"]), y, borders)
    return False


def _cjk_text(word: Word) -> bool:
    """Chinese text (punctuation such as `：` included), no digits."""
    return not any(ch.isdigit() for ch in word.text) and all(ord(ch) >= 0x2E80 for ch in word.text)


def join_spaced_letters(line: Line, borders: Sequence[VRule] = ()) -> None:
    """Join letter-spaced words (`合 | 计`, `收 | 入 | 总 | 计`: one CJK character per word,
    spread to fill a cell) into one word, so that labels and header aliases read as printed;
    and CJK words that touch (`预算` | `拨`: pdfplumber cuts the words of lines that interleave,
    such as the lines of wrapped headers in narrow columns, `共|预|算` above `拨|款`).

    The letters of one word are evenly spaced: a run ends at a gap unlike its own, the
    border of the next cell (`共预算` | `基金预` in two narrow columns, 11 pt apart). Nor does a
    run cross a vertical rule of `borders` (the page's cell borders): letters of neighbouring
    narrow cells printed one per line (西安 “三公” `公 | 公 | 会`, the columns 公务用车购置费,
    …运行费 and 会议费 written top to bottom) may be as evenly spaced as one word's."""
    merged: list[Word] = []
    previous_single = False
    gap: float | None = None  # the spacing of the run being joined
    for w in line.words:
        single = len(w.text) == 1 and "\u4e00" <= w.text <= "\u9fff"
        height = w.bottom - w.top
        prev = merged[-1] if merged else None
        step = w.x0 - prev.x1 if prev is not None else 0.0
        even = gap is None or abs(step - gap) <= max(1.0, 0.25 * height)
        spaced = single and previous_single and step <= 3 * height and even
        touching = (
            prev is not None and abs(step) <= 1 and abs(w.top - prev.top) <= 1 and _cjk_text(w) and _cjk_text(prev)
        )
        bordered = prev is not None and _crosses_rule(prev.xc, w.xc, (w.top + w.bottom) / 2, borders)
        if prev is not None and (spaced or touching) and not bordered:
            merged[-1] = Word(prev.text + w.text, prev.x0, w.x1, min(prev.top, w.top), max(prev.bottom, w.bottom))
            gap = step if gap is None else gap
            single = previous_single and single
        else:
            merged.append(w)
            gap = None
        previous_single = single
    line.words = merged


def group_lines(page: int, words: list[Word], y_tolerance: float = 3.0) -> list[Line]:
    """Words whose tops lie within `y_tolerance` of the line's first word form one line."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (round(w.top, 1), w.x0)):
        if lines and abs(w.top - lines[-1].words[0].top) <= y_tolerance:
            lines[-1].words.append(w)
        else:
            lines.append(Line(page, [w]))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return _merge_offset_baselines(lines)


def _is_numeric(word: Word) -> bool:
    return any(ch.isdigit() for ch in word.text) and all(ch in "0123456789,.-" for ch in word.text)


def _merge_offset_baselines(lines: list[Line]) -> list[Line]:
    """Join a line of numbers to the line of Chinese text it shares a row with.

    Numbers set in another font can sit a few points off the baseline of the CJK text beside
    them (普陀 2024 决算: about 5 pt), more than the y tolerance. Such a pair overlaps vertically
    by half its height or more, while the lines of a wrapped name above or below a row overlap
    it much less.
    """
    merged: list[Line] = []
    for line in lines:
        prev = merged[-1] if merged else None
        if prev is not None:
            numeric = [all(_is_numeric(w) for w in x.words) for x in (prev, line)]
            overlap = min(prev.bottom, line.bottom) - max(prev.top, line.top)
            height = min(prev.bottom - prev.top, line.bottom - line.top) or 1.0
            if numeric[0] != numeric[1] and overlap / height >= 0.5:
                prev.words = sorted([*prev.words, *line.words], key=lambda w: w.x0)
                continue
        merged.append(line)
    return merged


def join_split_decimals(line: Line, borders: Sequence[VRule] = ()) -> None:
    """Join an amount's decimals back to it where the text layer prints a blank before the point
    (西安 2022 表1 `25180591 .33`): `.33` alone is no amount, and the digits before it would read
    as whole 元. Only within one cell (no rule in the gap) and a blank apart."""
    merged: list[Word] = []
    for w in line.words:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and DIGITS_AND_COMMAS.match(prev.text)
            and DECIMAL_PART.match(w.text)
            and 0 <= w.x0 - prev.x1 <= 0.8 * (w.bottom - w.top)
            and not _crosses_rule(prev.x1, w.x0, (w.top + w.bottom) / 2, borders)
        ):
            merged[-1] = Word(prev.text + w.text, prev.x0, w.x1, min(prev.top, w.top), max(prev.bottom, w.bottom))
        else:
            merged.append(w)
    line.words = merged


# The upper part of an amount wrapped inside its cell (长春 `1682.7` over `6`): fewer than two
# decimals printed, the rest on the next visual line.
_WRAPPED_HEAD = re.compile(r"^\d+\.\d?$")


def join_wrapped_amounts(lines: list[Line]) -> list[Line]:
    """Join the digits an amount wrapped onto the next visual line back to it.

    Narrow cells (长春 预算表5) wrap `1682.76` as `1682.7` with `6` centred below it. A line made
    only of 1–2 digit words, each right below (within a line height) an amount printed with
    fewer than two decimals, is that wrap: every word completes its amount to two decimals and
    the line goes (the joined word's box covers both parts, so a re-read of the box reads it
    whole). Anything else (a 栏次 line, a row of whole numbers) is left as it is."""
    out: list[Line] = []
    for line in lines:
        heads = [w for prev in out[-3:] for w in prev.words if _WRAPPED_HEAD.match(w.text)]
        joins: list[tuple[Word, Word]] = []
        for w in line.words:
            if not (w.text.isdigit() and len(w.text) <= 2):
                break
            head = next(
                (h for h in heads
                 if h.x0 - 1 <= w.xc <= h.x1 + 1 and 0 <= w.top - h.bottom < (h.bottom - h.top)
                 and len(h.text.split(".")[1]) + len(w.text) == 2),
                None,
            )
            if head is None or any(h is head for h, _ in joins):
                break
            joins.append((head, w))
        if not joins or len(joins) != len(line.words):
            out.append(line)
            continue
        for head, w in joins:
            for prev in out[-3:]:
                prev.words = [
                    Word(head.text + w.text, min(head.x0, w.x0), max(head.x1, w.x1), head.top, w.bottom)
                    if v is head else v
                    for v in prev.words
                ]
    return out


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal ruling line of the page (a table border between rows)."""

    y: float
    x0: float
    x1: float


def _joined_edges(edges: list[dict], orientation: str) -> list[tuple[float, float, float]]:
    """Edges of one orientation (lines and rectangle sides) as (position, start, end), joined
    along each position into continuous runs: a border drawn cell by cell becomes one rule."""
    pos, start, end = ("top", "x0", "x1") if orientation == "h" else ("x0", "top", "bottom")
    segments = sorted(
        (round(float(e[pos]) * 2) / 2, float(e[start]), float(e[end]))
        for e in edges
        if e.get("orientation") == orientation and float(e[end]) - float(e[start]) > 2
    )
    runs: list[tuple[float, float, float]] = []
    for at, a, b in segments:
        if runs and abs(runs[-1][0] - at) <= 0.5 and a <= runs[-1][2] + 3:
            runs[-1] = (runs[-1][0], runs[-1][1], max(runs[-1][2], b))
        else:
            runs.append((at, a, b))
    return runs


def horizontal_rules(edges: list[dict]) -> list[Rule]:
    """Horizontal rules across the table (row borders), longer than a stray tick."""
    return [Rule(y, x0, x1) for y, x0, x1 in _joined_edges(edges, "h") if x1 - x0 > 8]


@dataclass(frozen=True, slots=True)
class VRule:
    """A vertical ruling line of the page (a cell border between columns)."""

    x: float
    top: float
    bottom: float


def vertical_rules(edges: list[dict]) -> list[VRule]:
    """Vertical rules (cell borders between columns)."""
    return [VRule(x, top, bottom) for x, top, bottom in _joined_edges(edges, "v")]


def page_rules(edges: list[dict]) -> list[Rule | VRule]:
    """The page's ruling lines: horizontal (row borders) and vertical (column borders)."""
    return [*horizontal_rules(edges), *vertical_rules(edges)]


def join_ruled_rows(lines: list[Line], rulings: list[Rule | VRule]) -> list[Line]:
    """Join lines that lie between the same two ruling lines: one table row.

    In a ruled table everything between two horizontal rules is one row, whatever the baselines
    say: a name wrapped over two lines, numbers in another font a few points off the Chinese
    text, codes centred in their cells. Lines outside the ruled area stay as they are.
    """
    rules = [r for r in rulings if isinstance(r, Rule)]
    if len(lines) < 2 or len(rules) < 2:
        return lines
    if len(rules) == 2:
        # Two rules around more than two lines frame a whole table, not one row; around two they
        # are the one row a table's last page may hold alone (its code and name at the top of a
        # tall row, its amounts centred lower).
        low, high = sorted(r.y for r in rules)
        if sum(low < (x.top + x.bottom) / 2 < high for x in lines) > 2:
            return lines
    # New Line objects: the page's lines are read again by the next template family when this
    # one fails, so they must not be changed here.
    joined: list[Line] = [Line(lines[0].page, list(lines[0].words))]
    for line in lines[1:]:
        prev = joined[-1]
        # Two lines that each carry a label and an amount are two rows, even where the rule
        # between them is drawn only in part (江苏 rdbgt_2018 p13) — where their amounts stand in
        # one column: in different columns they are two panels' cells of one row set a few points
        # apart (决算 seed 2159's 06, a wrapped name's first line above the other panels' cells).
        amounts = [[w for w in x.words if "." in w.text and AMOUNT_RE.match(w.text)] for x in (prev, line)]
        two_rows = all(any(re.search(r"[^\d,.\-]", w.text) for w in x.words) for x in (prev, line)) and any(
            a.x0 < b.x1 and b.x0 < a.x1 for a in amounts[0] for b in amounts[1]
        )
        # (so are two lines each beginning with a code and its name: a row prints one subject.
        # A scan's row rule may come out in pieces, none spanning the row: `302 | 39 | 其他交通费用`,
        # blank, above `302 | 40 | 税金及附加费用 | 14.62`, 预算 seed 2050)
        two_rows = two_rows or (_coded_name(prev) and _coded_name(line))
        # (and so are two lines each beginning with a label numbered in sequence, `五、事业收入`
        # above `六、经营收入`: 决算 seed 2201's 01, the scan's rule between them lost)
        two_rows = two_rows or _numbered_in_sequence(prev, line)
        # (and two lines whose 行次 in one column run in sequence, `本年收入合计 | 27 | …` above
        # `年初财政拨款结转和结余 | 28`: 决算 seed 2230's 04, the rule between them lost)
        two_rows = two_rows or _row_numbers_in_sequence(prev, line)
        if not two_rows and one_ruled_row(prev, line, rules):
            prev.words = [*prev.words, *line.words]
        else:
            joined.append(Line(line.page, list(line.words)))
    for line in joined:
        line.words = reading_order(line.words)
    return joined


def _coded_name(line: Line) -> bool:
    """The line begins with a subject code, whole or in 类 | 款 | 项 cells, and a name after it."""
    words = [w.text.strip() for w in line.words]
    cells = len(list(takewhile(str.isdigit, words)))
    return len("".join(words[:cells])) in (3, 5, 7) and CJK.match("".join(words[cells:])) is not None


def _numbered_in_sequence(upper: Line, lower: Line) -> bool:
    """Both lines begin with a label numbered alike (一、 or （一）) in one column, the lower one's
    the next number. (`upper` may be lines joined already, a tall row's: its first line's label
    counts. Labels in two columns are two panels' cells of one row, set a few points apart.)"""
    first = [w for w in upper.words if abs(w.top - upper.words[0].top) <= 2] if upper.words else []
    heads = [min(words, key=lambda w: w.x0) for words in (first, lower.words) if words]
    if len(heads) != 2 or abs(heads[0].x0 - heads[1].x0) > heads[1].bottom - heads[1].top:
        return False
    found = [ENUMERATED.match(w.text) for w in heads]
    if not all(found):
        return False
    a, b = found
    if (a.group(1) is None) != (b.group(1) is None):
        return False
    numbers = [chinese_number(m.group(1) or m.group(2)) for m in (a, b)]
    return None not in numbers and numbers[1] == numbers[0] + 1


def _row_numbers_in_sequence(upper: Line, lower: Line) -> bool:
    """A short whole number of the lower line stands in the column of one of the upper line's,
    the next number: two cells of one column (a 行次 column's), so two rows."""
    numbers = [[w for w in x.words if ROW_NUMBER.fullmatch(w.text)] for x in (upper, lower)]
    return any(
        int(b.text) == int(a.text) + 1 and a.x0 < b.x1 and b.x0 < a.x1 for a in numbers[0] for b in numbers[1]
    )


# A 行次 or 栏次 number: one or two digits (a code is longer).
ROW_NUMBER = re.compile(r"\d{1,2}")


def one_ruled_row(upper: Line, lower: Line, rules: Sequence[Rule]) -> bool:
    """`upper` and `lower` lie between the same two horizontal rules spanning both, with none
    between them: one table row (a tall row's label at its top, its amounts centred below)."""
    if upper.page != lower.page:
        return False
    x0 = min(w.x0 for w in (*upper.words, *lower.words))
    x1 = max(w.x1 for w in (*upper.words, *lower.words))
    a, b = (upper.top + upper.bottom) / 2, (lower.top + lower.bottom) / 2
    spanning = [r for r in rules if r.x0 <= x0 + 2 and r.x1 >= x1 - 2]
    inside = any(r.y < a for r in spanning) and any(r.y > b for r in spanning)
    return inside and not any(a < r.y < b for r in spanning)


def reading_order(words: list[Word]) -> list[Word]:
    """Words sorted as read: visual lines top to bottom, each left to right."""
    ordered: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.top):
        if ordered and abs(w.top - ordered[-1][0].top) <= 2:
            ordered[-1].append(w)
        else:
            ordered.append([w])
    return [w for group in ordered for w in sorted(group, key=lambda w: w.x0)]
