"""Recognised words made into lines, put right where the row bands went wrong on a scanned page.

`ocr.ocr_page` groups words into lines by their tops (`layout.group_lines`). A page turned a
little (what straightening leaves of a scanner's skew) or a number set a little lower than the
label of its row leaves one number of a row on a line of its own, outside its row: the row is then
read one amount short, and the lone number read as a row of its own (quarantined, or worse, taken
under a neighbour's label). And the recogniser reads a speck between two characters of a label as
a point (`年初.结转`), so the label names nothing. Both are put right here, before the repairs by
vocabulary (`scanned.recognise`), only where the page itself says so; anything else stays as read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from ingest.base import amounts_on_a_row, is_data_line, looks_like_amount
from ingest.layout import CJK, Line, Rule, VRule, Word
from ingest.ocr import recognition
from ingest.scanimage import rules_across
from ingest.text import parse_amount

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage

# A number as a lone word may print it: an amount, a 行次, a code.
_NUMBER = re.compile(r"-?[\d,]*\d(\.\d+)?")


def drop_points_in_labels(pages: Sequence[list[Line]]) -> None:
    """A point read between two CJK characters of a word goes (`年初.结转` → `年初结转`), or
    between one and a quotation mark or bracket (`拨款.“三公”经费`: a title then names no table;
    `维修（护·）费`, 预算 seed 2221) or an enumeration's `、` (`1、.一般公共预算资金`, 预算 seed 2255),
    or between a year and its `年` (`2019.年度支出决算表`: no number prints a point before 年),
    or between a year's digits, the word before 年 or its `年` the next word (`20.24 | 年度 |
    收入决算表`, 决算 seed 2208: the title then named no table). The word keeps its box; its
    characters' boxes stay as read (a cell of text is never judged by them). The marks:
    recognition.yaml `label_point_marks`."""
    marks = re.escape(recognition().label_point_marks)
    points = re.compile(
        rf"(?<=[\u4e00-\u9fff”）)（(、])[{marks}]+(?=[\u4e00-\u9fff“（(）)])|(?<=(?:19|20)\d\d)[{marks}]+(?=年)"
    )
    year_point = re.compile(rf"(?<![\d{marks}])(\d{{1,3}})[{marks}](\d{{1,3}})(?=年)")

    def year(m: re.Match[str]) -> str:
        digits = m.group(1) + m.group(2)
        return digits if re.fullmatch(r"(?:19|20)\d\d", digits) else m.group(0)

    for lines in pages:
        for line in lines:
            for k, w in enumerate(line.words):
                text = year_point.sub(year, points.sub("", w.text))
                if k + 1 < len(line.words) and line.words[k + 1].text.startswith("年"):
                    text = year_point.sub(year, text + "年")[:-1]  # (its 年 the next word's)
                if text != w.text:
                    line.words[k] = Word(text, w.x0, w.x1, w.top, w.bottom)


def join_lone_numbers(pages: Sequence[RecognisedPage]) -> None:
    """A line holding one number alone joins the line of amounts its band overlaps, where that
    line has nothing at the number's place (in a ruled table: nothing in the cell between the
    column rules around it) and no row rule runs between them. Only where exactly one line so
    takes it: a number whose band reaches two rows that both leave its place free stays a line
    of its own (its row then reads an amount short, and the report is quarantined: never guessed)."""
    for page in pages:
        lines = page.lines
        joined: list[Line] = []
        for line in lines:
            if not _lone_number(line):
                continue
            number = line.words[0]
            hosts = [
                other
                for other in lines
                if other is not line
                and not any(other is j for j in joined)
                and not _lone_number(other)
                and _overlap(number, other) > 0
                and _holds_amounts(other)
                and _in_its_form(number, other)
                and _free_at(other, number, page.rules)
                and not _row_rule_between(number, other, page.rules)
            ]
            if len(hosts) != 1:
                continue
            host = hosts[0]
            host.words = sorted([*host.words, number], key=lambda w: w.x0)
            joined.append(line)
        if joined:
            # (in place: `scanned.recognise` repairs the same lists)
            lines[:] = [x for x in lines if not any(x is j for j in joined)]


def _lone_number(line: Line) -> bool:
    return len(line.words) == 1 and _NUMBER.fullmatch(line.words[0].text) is not None


def _overlap(word: Word, line: Line) -> float:
    return min(word.bottom, line.bottom) - max(word.top, line.top)


def _holds_amounts(line: Line) -> bool:
    """A line of a row of amounts: a word right of its text (its label) reads as an amount. Not a
    line of text alone (a wrapped name's second line), nor a label with its code before it (a
    tall row's label line, its amounts printed lower: `221 | 住房保障支出`)."""
    text = [w.x1 for w in line.words if CJK.search(w.text)]
    after = max(text, default=float("-inf"))
    return any(w.x0 >= after and _NUMBER.fullmatch(w.text) and parse_amount(w.text) is not None for w in line.words)


def _in_its_form(number: Word, line: Line) -> bool:
    """The number printed as the line's amounts are: with a point or commas where they print
    them (a bare `5` beside `12.00`s is a column number or a 行次 out of its line, no amount)."""
    return looks_like_amount(number.text) or not any(looks_like_amount(w.text) for w in line.words)


def _free_at(line: Line, number: Word, rules: Sequence[Rule | VRule]) -> bool:
    """Nothing of the line at the number's place: in its cell where column rules cross both (the
    cell between the nearest rules either side of the number's centre), else over its width."""
    top, bottom = min(line.top, number.top), max(line.bottom, number.bottom)
    crossing = rules_across(rules, top, bottom, slack=1.0)
    left = max((x for x in crossing if x <= number.xc), default=None)
    right = min((x for x in crossing if x >= number.xc), default=None)
    if left is None or right is None or not (left <= number.x0 + 1 and number.x1 - 1 <= right):
        # (no cell around it, or the number reaches over a rule: judged by its own width)
        return not any(w.x0 < number.x1 and w.x1 > number.x0 for w in line.words)
    return not any(left < w.xc < right or (w.x0 < number.x1 and w.x1 > number.x0) for w in line.words)


def _row_rule_between(number: Word, line: Line, rules: Sequence[Rule | VRule]) -> bool:
    """A row rule across the number's place between its centre and the line's: another row."""
    a, b = sorted(((number.top + number.bottom) / 2, (line.top + line.bottom) / 2))
    return any(isinstance(r, Rule) and a < r.y < b and r.x0 < number.x1 and r.x1 > number.x0 for r in rules)


# Points a word of a continuation page's header may lie off the place of the same word on the
# page before, once the pages' offset is taken out (recognised boxes are a point or two loose).
_SAME_PLACE = 3.0
# A word read alike on both pages is the same one this far off (two header lines, 5 pt apart, print
# no one word twice in a column).
_SAME_PLACE_READ_ALIKE = 6.0
# Across, a header word's box is looser (`一般公共预算拨` boxed 393–440 on one page, 400–442 on the
# next: its centre 4.5 pt off); header cells stand some 40 pt apart, their lines 5 pt.
_SAME_CELL = 6.0
# A header word read with up to this many characters wrong (of at least twice as many) is the
# same word read worse; more, and it may be another column's name.
_MAX_MISREAD = 2


def headers_as_read_before(pages: dict[int, RecognisedPage]) -> None:
    """A continuation page's repeated header (a table continued on the next page, its header
    printed again) read worse than the page before's takes the page before's reading, word by
    word, where the two headers are one: the page starts with no table title (a `…表` word), every
    word of its header lies at the place of one word of the page before's header (the pages'
    offset taken out: continuation pages are printed a few points aside), at least half of them
    read alike, and a word read otherwise differs by a character or two (a misreading, not another
    column's name). Only words of text; a number is never taken from another page. Anything else
    stays as read (its amounts then read into no table: quarantined)."""
    for number in sorted(pages):
        if number - 1 not in pages:
            continue  # (the page before was not recognised, or is none)
        before, head = _head(pages[number - 1].lines), _head(pages[number].lines)
        old = [w for line in before for w in line.words]
        new = [w for line in head for w in line.words]
        if len(new) < 3 or not old or any(_TITLE.search(w.text) for w in new):
            continue
        offset = _offset(old, new)
        if offset is None:
            continue
        dx, dy = offset
        pairs = []
        for w in new:
            column = [o for o in old if abs(w.xc - dx - o.xc) <= _SAME_CELL]
            at = [o for o in column if abs(w.top - dy - o.top) <= _SAME_PLACE]
            if not at:
                # (a cell of a header's full height, its text centred, boxed a few points higher on
                # one page than the next: `其他收入` with the first line on 预算 seed 2230's p6, with
                # the second on p7. Read alike, it is the same word)
                at = [o for o in column if abs(w.top - dy - o.top) <= _SAME_PLACE_READ_ALIKE and o.text == w.text]
            if len(at) != 1:
                break
            pairs.append((w, at[0]))
        else:
            alike = sum(w.text == o.text for w, o in pairs)
            if 2 * alike < len(pairs):
                continue
            _lost_words_put_back(before, head, pairs, offset)  # (before the words read worse are replaced)
            taken = {w: o.text for w, o in pairs if w.text != o.text and _misread(w.text, o.text)}
            for line in head:
                line.words = [Word(taken[w], w.x0, w.x1, w.top, w.bottom) if w in taken else w for w in line.words]


def _lost_words_put_back(
    before: list[Line], head: list[Line], pairs: list[tuple[Word, Word]], offset: tuple[float, float]
) -> None:
    """A word of text of the header before that this page's reading lost whole (`行` of the right
    panel's 行次, 决算 seed 2146's 01: its row numbers then read into the labels beside them), on
    a line whose other words it read at their places: put back at its place, where no word was
    read. Words of lines this page read none of (a title, `单位：`) are not its header's."""
    dx, dy = offset
    paired = {id(o) for _, o in pairs}
    for old_line in before:
        found = [w for w, o in pairs if any(o is x for x in old_line.words)]
        host = next((line for line in head if any(w is x for w in found for x in line.words)), None)
        if host is None:
            continue
        for o in old_line.words:
            x0, x1, top, bottom = o.x0 + dx, o.x1 + dx, o.top + dy, o.bottom + dy
            if id(o) in paired or not _CJK_WORD.fullmatch(o.text):
                continue
            if any(w.x0 < x1 and x0 < w.x1 and w.top < bottom and top < w.bottom for line in head for w in line.words):
                continue
            host.words = sorted([*host.words, Word(o.text, x0, x1, top, bottom)], key=lambda w: w.x0)


# A table's title (`一般公共预算财政拨款支出决算表`): a page that prints one starts a table.
_TITLE = re.compile(r"表$|表[（(]")


def _head(lines: list[Line]) -> list[Line]:
    """The lines of a page above its first row: of amounts (two on a line or more, whole 元 ones
    included: `base.amounts_on_a_row`), or any line of data (an amount, or a code and more:
    `base.is_data_line`; 预算 seed 2204's B06 continued, its first rows `30216 | 培训费` empty);
    or down to its 栏次 line where it prints one before that (a 收支总表 whose first rows print
    one amount or none: 决算 seed 2146's 01)."""
    head = []
    for line in lines:
        if len(amounts_on_a_row(line)) >= 2 or is_data_line(line):
            return head
        head.append(line)
        if any(w.text == "栏次" for w in line.words):
            return head
    return []


def _offset(old: list[Word], new: list[Word]) -> tuple[float, float] | None:
    """(dx, dy) of the new page's header against the old one's: the shift of the words read alike
    on both (each text once on each), where at least two agree within `_SAME_PLACE`."""
    shifts = [
        (w.xc - o.xc, w.top - o.top)
        for w in new
        for o in old
        if w.text == o.text and len(w.text) >= 2
        and sum(x.text == w.text for x in new) == 1 and sum(x.text == w.text for x in old) == 1
    ]  # fmt: skip
    for dx, dy in shifts:
        agree = [s for s in shifts if abs(s[0] - dx) <= _SAME_CELL and abs(s[1] - dy) <= _SAME_PLACE]
        if len(agree) >= 2 and 2 * len(agree) > len(shifts):
            return sum(s[0] for s in agree) / len(agree), sum(s[1] for s in agree) / len(agree)
    return None


def _misread(read: str, before: str) -> bool:
    """`read` may be `before` read with a character or two wrong: text alone (no digit), of the same
    length or one character short or over, at most _MAX_MISREAD characters wrong, missing or
    over, and no more than half of them (`毅公共` of `一般公共`, 预算 seed 2456: its `一般` read as
    one character). A word too short for that (a header cell's last character on a line of its
    own, `入` read `人`) only where each character read otherwise is a look-alike of the one
    before (recognition.yaml `label_lookalikes`)."""
    if any(ch.isdigit() for ch in read + before) or not _CJK_WORD.fullmatch(before):
        return False
    if len(read) == len(before):
        wrong = [(a, b) for a, b in zip(read, before, strict=True) if a != b]
        lookalikes = recognition().label_lookalikes
        if wrong and all(lookalikes.get(a) == b for a, b in wrong):
            return True
    if abs(len(read) - len(before)) > 1 or (len(read) != len(before) and len(before) < 3):
        return False
    edits = Levenshtein.distance(read, before)
    return edits <= _MAX_MISREAD and 2 * edits <= len(before)


_CJK_WORD = re.compile(r"[\u4e00-\u9fff（）()、：]+")
