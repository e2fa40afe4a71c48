"""A line of a scanned table the table logic cannot read, read again by the second recogniser.

The first recogniser's reading of a line may break the table logic where the print is plain: a
speck read into a 类's name (`九、工卫生健康支出`, no known 类), a cell's rule read as a `1` glued to
a label (`1总计`), a comma read as a blank (`11 844.60`: two amounts in one column), a code's digit
read as a mark (`0?`), a line read twice (`二、` beside the whole line), a title (`2021年 度支出 次算
表`: a table the report names is not found). The table logic names the line it could not read (a
`ParseIssue`'s line, or the confidence check's: `MisreadLine`; where it names none, the title lines
atop the recognised pages); that line is read again by the second recogniser (ingest/ocr_second.py,
another model) from a finer image, its characters cut into words as a first reading's are
(`ocr.box_words`), its labels repaired as a first reading's, and put in place of what the first
recogniser made of it (or, where the two readings' words lie one over the other one for one, only
the words read otherwise); the table logic then runs again (ingest/parser.py). Refused where the
words read again are not of one line, or the first reading there holds two rows (`_replaced`).

Nothing is taken on one model's word: an amount on such a line is published only where the first
recogniser, from a finer image of its box, reads it alike (`scan_amounts.check_confidence`), and
labels and codes go through the same table logic and checks (a 类 must be known, a name its code's).
Each line is read so once; a line the second recogniser reads as the first did, or a report
whose lines it cannot mend, stays quarantined for the first reason.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pdfplumber

from ingest.base import MisreadLine, ParseIssue, looks_like_amount
from ingest.layout import Line, Rule, VRule, Word
from ingest.ocr import box_words, join_text_boxes, reread_box
from ingest.ocr_chars import centred_in, recognition
from ingest.ocr_ends import without_lone_end_marks
from ingest.ocr_repair import repaired_label
from ingest.ocr_second import read_by_second, read_lines
from ingest.scan_amounts import check_confidence
from ingest.scan_codes import codes_read_with_a_point, join_clipped_last_digits, repair_last_code_digits
from ingest.scan_numbering import restore_enumeration_marks
from ingest.scanned import correct_names, restore_enumeration
from ingest.text import ENUMERATED, normalize

if TYPE_CHECKING:
    from ingest.ocr import RecognisedPage
    from ingest.records import ParsedDocument
    from ingest.scan_lost import LostInk
    from ingest.scanned import Recognised

# How many rounds of reading lines again one report may take (each a finer reading of a line, or
# of the pages' title lines, and a run of the table logic): more, and the scan is too poor to be
# read by mending it line by line.
MAX_LINES_READ_AGAIN = 8
# The lines atop a page where its table's title is printed (公开03表, the title, 单位：…).
_TITLE_LINES = 3


def read_lines_again(path: Path, recognised: Recognised, at: list[MisreadLine]) -> bool:
    """The recognised lines at each of `at` (those centred on it) replaced by the second
    recogniser's reading of their band, where it reads something else (`_replaced`); where none
    is, the text it reads in that band added as a line (`_added`); lines and bands read so before
    are not read again. Each page is rendered once. True when a page changed."""
    changed = False
    with pdfplumber.open(path) as pdf:
        for number in sorted({a.page for a in at} & set(recognised.pages)):
            page = recognised.pages[number]
            groups: list[tuple[list[Line], tuple[float, float]]] = []
            for a in (a for a in at if a.page == number):
                lines = [x for x in page.lines if a.top <= (x.top + x.bottom) / 2 <= a.bottom]
                # (where nothing was read, the band itself: a line lost whole, `单位：元` under specks)
                span = _span(lines) if lines else (a.top, a.bottom)
                key = (number, *span)
                if key in recognised.read_again or any(_by_second(page, x) for x in lines):
                    continue
                recognised.read_again.add(key)
                groups.append((lines, span))
            readings = read_lines(pdf.pages[number - 1], page.skew, [span for _, span in groups])
            for (lines, _), boxes in zip(groups, readings, strict=True):
                if lines:
                    changed = _replaced(page, lines, boxes) or changed
                else:
                    changed = _added(page, number, boxes, pdf.pages[number - 1]) or changed
    if changed:
        repaired_as_first_read([p.lines for _, p in sorted(recognised.pages.items())])
    return changed


def repaired_as_first_read(pages: Sequence[list[Line]]) -> None:
    """The repairs a first reading's lines get that lines read again need too: its codes' (a
    truncated code's clipped last digit read as a word of its own, `216999 | 9`, 预算 seed 2194,
    else made a 项 cell `09` of 21699909), and those its labels get from the labels around them
    (an enumeration whose glyphs the second recogniser read as nothing, `三、农林水支出` read
    `农林水支出`). Lines read right are left as they are."""
    codes_read_with_a_point(pages)
    join_clipped_last_digits(pages)
    repair_last_code_digits(pages)
    restore_enumeration_marks(pages)
    restore_enumeration(pages)


def _span(lines: list[Line]) -> tuple[float, float]:
    return min(x.top for x in lines), max(x.bottom for x in lines)


def _by_second(page: RecognisedPage, line: Line) -> bool:
    return any(read_by_second(page.chars, w.x0, w.x1, w.top, w.bottom) for w in line.words)


def _replaced(page: RecognisedPage, lines: list[Line], boxes: list[list[dict[str, Any]]]) -> bool:
    """`lines` of `page` replaced by one line of the second recogniser's text `boxes` (characters)
    read at their height; not where it reads the same words, its words are not of one line, the
    first reading there holds two rows, or it leaves a number of the first reading under nothing.
    Where its words lie over the first reading's one for one, only the words read otherwise are
    replaced (`_word_for_word`), the lines' shape kept."""
    if any(all(x is not y for y in page.lines) for x in lines):
        return False  # (a line another group on the page replaced already)
    borders = [r for r in page.rules if isinstance(r, VRule)]
    if (ink := page.ink_mask()) is not None:
        # (a speck at a number's end, read as a point or comma, goes as from a first reading's
        # boxes: `.371,221`, 预算 seed 2045; judged on the page's kept ink, the light evened, where
        # the first reading had its own threshold's)
        boxes = [without_lone_end_marks(b, ink, page.scale, borders, boxes) for b in boxes]
    old = [w for line in lines for w in line.words]
    # (its labels' marks repaired as a first reading's: `四·住房保障支出`, 预算 seed 2102)
    words = _numbered_as_first_read([_marks_repaired(w) for box in boxes for w in box_words(box, borders)], old)
    if not words or [w.text for w in words] == [w.text for w in old]:
        return False
    if (pairs := _word_for_word(old, words)) is not None:
        if all(first.text == second.text for first, second in pairs):
            return False  # (the words it read, read alike; the others it did not read)
        # (each word read again over one word of the first reading: only their texts change, the
        # line's structure stays, whatever its shape: a name wrapped in its row, `2080509 |
        # 机关事业单位基本养老保 / 险缴费支出`, its code read `2080505` again, 决算 seed 2054)
        return _substituted(page, lines, pairs, boxes)
    if not _one_line(words, page.rules):
        return False
    if any(_number(w.text) and not any(n.x0 < w.x1 and w.x0 < n.x1 for n in words) for w in old):
        return False  # (a number of the first reading the second has nothing over: a row it did not read)
    if any(_stacked(a, b) and a.text not in b.text and b.text not in a.text for a, b in itertools.combinations(old, 2)):
        return False  # (two words of the first reading one above the other: two rows, not a line read twice)
    page.chars[:] = [c for c in page.chars if not any(centred_in(c, w.x0, w.x1, w.top, w.bottom) for w in old)] + [
        c for b in boxes for c in b
    ]
    first = page.lines.index(lines[0])
    page.lines[:] = [line for line in page.lines if all(line is not x for x in lines)]
    new = join_text_boxes(Line(lines[0].page, sorted(words, key=lambda w: w.x0)), borders)
    page.lines.insert(first, new)
    correct_names([[new]])  # (a name a character off a known one, as a first reading's)
    return True


def _added(
    page: RecognisedPage, number: int, boxes: list[list[dict[str, Any]]], image_page: pdfplumber.page.Page
) -> bool:
    """The second recogniser's text `boxes` (characters) read in a band where the first read
    nothing, put among the page's lines as one line, in its place top to bottom: only text (a
    number read there alone is not taken on one model's word) of one line, each word read alike
    by the first recogniser from a finer image of its box (`单位：元` where `单位：万元` was printed
    would be a factor of 10,000: not taken on one model's word either)."""
    borders = [r for r in page.rules if isinstance(r, VRule)]
    words = [_marks_repaired(w) for box in boxes for w in box_words(box, borders)]
    if not words or any(_number(w.text) for w in words) or not _one_line(words, page.rules):
        return False
    if any(normalize(reread_box(image_page, page.skew, (w.x0, w.top, w.x1, w.bottom))[0]) != normalize(w.text)
           for w in words):  # fmt: skip
        return False
    page.chars.extend(c for b in boxes for c in b)
    new = join_text_boxes(Line(number, sorted(words, key=lambda w: w.x0)), borders)
    at = next((i for i, line in enumerate(page.lines) if line.top > new.top), len(page.lines))
    page.lines.insert(at, new)
    return True


def _word_for_word(old: list[Word], new: list[Word]) -> list[tuple[Word, Word]] | None:
    """(first, second) readings of each word the second reading read, where each of its words lies
    over exactly one of the first's and that one under it alone (across, and over half the lower
    one's height), and the first's words it read nothing over are lines of a label wrapped in its
    cell (text, one above another of the first's words: `化解其他公益性乡村债务` over `支出`, 决算
    seed 2402; a word of noise beside the others is no such line); else None."""
    pairs = []
    for second in new:
        under = [w for w in old if _over(w, second)]
        if len(under) != 1 or sum(_over(under[0], x) for x in new) != 1:
            return None
        pairs.append((under[0], second))
    unread = [w for w in old if all(w is not first for first, _ in pairs)]
    if any(any(ch.isdigit() for ch in w.text) or not any(_stacked(w, x) for x in old) for w in unread):
        return None  # (digits the second reading read nothing over: a row or a number it did not read)
    return pairs


def _over(a: Word, b: Word) -> bool:
    height = min(a.bottom - a.top, b.bottom - b.top)
    return a.x0 < b.x1 and b.x0 < a.x1 and min(a.bottom, b.bottom) - max(a.top, b.top) >= height / 2


def _substituted(
    page: RecognisedPage, lines: list[Line], pairs: list[tuple[Word, Word]], boxes: list[list[dict[str, Any]]]
) -> bool:
    """The words of `lines` read otherwise the second time replaced by their second reading, and
    their characters by its; the lines' other words as they were. True (some word differs: the
    caller's check)."""
    changed = [(first, second) for first, second in pairs if first.text != second.text]
    chars = [c for b in boxes for c in b]
    for first, second in changed:
        page.chars[:] = [c for c in page.chars if not centred_in(c, first.x0, first.x1, first.top, first.bottom)]
        page.chars.extend(c for c in chars if centred_in(c, second.x0, second.x1, second.top, second.bottom))
        line = next(x for x in lines if any(w is first for w in x.words))
        line.words[next(k for k, w in enumerate(line.words) if w is first)] = second
    correct_names([lines])  # (a name a character off a known one, as a first reading's)
    return True


def _marks_repaired(word: Word) -> Word:
    return word if (text := repaired_label(word.text)) == word.text else replace(word, text=text)


def _numbered_as_first_read(words: list[Word], old: list[Word]) -> list[Word]:
    """Labels the second recogniser read without the enumeration the first read before them, over
    the same place and beginning alike (`三、农林水支出` read `农林水支出`: it drops an enumeration's
    glyphs where the first does not), with that enumeration; where it read the numeral as a word
    of its own over the first's label (`三` | `灾害防治…`, its `、` lost), that word is the same
    enumeration, once (joined, the line read `三三、灾害防治…`: 预算 seed 2129), where it stands right
    before the label (`_ENUMERATION_REACH`). Other words as read."""
    out, absorbed = list(words), set()
    for k, word in enumerate(words):
        for first in old:
            m = ENUMERATED.match(first.text)
            if ENUMERATED.match(word.text) or not m or not (first.x0 < word.x1 and word.x0 < first.x1):
                continue
            if word.text[:2] != first.text[m.end() : m.end() + 2]:
                continue
            numeral = m.group(1) or m.group(2)
            # (the numeral's word right before the label, within an enumeration's reach: the
            # first's label may start right of it, its enumeration put back by sequence without
            # moving its box, `二、政府性基金` from 55.7 pt, the second's `二、` at 41.5–51.1 pt,
            # 预算 seed 2205)
            reach = min(first.x0, word.x0 - _ENUMERATION_REACH * (word.bottom - word.top))
            alone = [j for j, w in enumerate(words) if j != k and _numeral_only(w.text) == numeral
                     and reach < w.x1 and w.x1 <= word.x0 + 1]  # fmt: skip
            absorbed.update(alone)
            x0 = min([first.x0, word.x0, *(words[j].x0 for j in alone)])
            out[k] = Word(first.text[: m.end()] + word.text, x0, word.x1, word.top, word.bottom)
            break
    return [w for j, w in enumerate(out) if j not in absorbed]


# How far left of a label its enumeration may stand, in the label's heights (`十二、` and a space).
_ENUMERATION_REACH = 3.5


def _numeral_only(text: str) -> str:
    """The numeral of a word that is an enumeration alone (`三`, `三、`, `（三）`), else ""."""
    body = text.strip("、（）()")
    return body if body and all(ch in recognition().enumeration_numerals for ch in body) else ""


def _one_line(words: list[Word], rules: Sequence[Rule | VRule] = ()) -> bool:
    """Whether the words are of one printed line: each pair overlaps by a quarter of the lower
    one's height (a tall row sets its amounts lower than its label: `住房公积金` 741.8–753.8 pt
    beside `234.37` 748.3–761.0), and no row rule spanning both runs between their middles. A first reading that merged
    two rows into a line is read again as the two rows' words (B06: `30299 其他商品和服务支出` set
    low in its row, 合计's amounts high in the next: their boxes overlap, the rule between them)."""
    rows = [r for r in rules if isinstance(r, Rule)]
    for a, b in itertools.combinations(words, 2):
        if min(a.bottom, b.bottom) - max(a.top, b.top) < min(a.bottom - a.top, b.bottom - b.top) / 4:
            return False
        x0, x1 = min(a.x0, b.x0), max(a.x1, b.x1)
        low, high = sorted(((a.top + a.bottom) / 2, (b.top + b.bottom) / 2))
        if any(r.x0 <= x0 + 2 and r.x1 >= x1 - 2 and low < r.y < high for r in rows):
            return False
    return True


def _stacked(a: Word, b: Word) -> bool:
    """One word above the other: overlapping across, their middles half the lower one's height apart."""
    height = min(a.bottom - a.top, b.bottom - b.top)
    return a.x0 < b.x1 and b.x0 < a.x1 and abs((a.top + a.bottom) - (b.top + b.bottom)) / 2 >= height / 2


def _number(text: str) -> bool:
    """An amount's form, or a whole number of three digits or more (not a stray `1`: a rule)."""
    return looks_like_amount(text) or (text.isdigit() and len(text) >= 3)


def what_to_mend(
    doc: ParsedDocument, path: Path, recognised: Recognised, issue: ParseIssue | None
) -> LostInk | list[MisreadLine] | None:
    """What of a scanned report's reading may be mended: the line the table logic could not read
    (`issue`'s, on a recognised page), or where it names none (a table the report names was not
    found: its title misread, `2021年 度支出 次算 表`) the title lines atop the recognised pages;
    else what the confidence check quarantined it for (a cell whose ink was read as nothing, a
    line: `scan_amounts.check_confidence`)."""
    if issue is None:
        found = check_confidence(doc, path, recognised)
        return [found] if isinstance(found, MisreadLine) else found
    if issue.line is not None:
        bands = [issue.line, *issue.header]
        return [MisreadLine(issue.page, *band) for band in bands] if issue.page in recognised.pages else None
    return [
        MisreadLine(n, line.top, line.bottom)
        for n, page in sorted(recognised.pages.items())
        for line in page.lines[:_TITLE_LINES]
        if "表" in line.norm and not any(looks_like_amount(w.text) for w in line.words) and not _by_second(page, line)
    ] or None
