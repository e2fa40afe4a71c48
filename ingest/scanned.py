"""The pages of a document read from their images (a scan, or an image page inside a text PDF):
which pages to recognise, the recognised lines repaired where recognition is known to fail,
and the amounts read from them checked against the recogniser's confidence.

The table logic itself is the text pages' (segments → header cells → columns → rows); this module
only prepares its input and checks its output.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pdfplumber

from ingest.base import READ_MONEY_UNITS, amounts_on_a_row
from ingest.layout import Line, Rule, VRule, Word
from ingest.number_forms import AMOUNT_FORM
from ingest.ocr import (
    MAX_OCR_PAGES,
    RecognisedPage,
    box_images,
    ocr_page,
    recognition,
    unreadable_number,
)
from ingest.ocr_chars import centred_in
from ingest.ocr_ends import DASH_BETWEEN_DIGITS
from ingest.ocr_repair import (
    code_cells_read_back,
    column_numbers_read_back,
    drop_column_numbers,
    drop_read_twice,
    drop_specks_read_as_digits,
    repair_labels,
    replace_phrase_lookalikes,
    row_numbers_read_with_a_speck,
    row_numbers_short_of_a_digit,
)
from ingest.performance.families import TITLE_LINES, title_read_back
from ingest.profile import PROFILES, load_profile
from ingest.scan_codes import (
    codes_and_names_misread_together,
    codes_read_with_a_mark,
    codes_read_with_a_point,
    codes_short_of_a_digit,
    join_clipped_last_digits,
    names_by_their_code,
    repair_last_code_digits,
    restore_lost_item_cells,
    wrapped_digits_read_as_letters,
)
from ingest.scan_lines import drop_points_in_labels, headers_as_read_before, join_lone_numbers
from ingest.scan_lost import row_number_heads_put_back, zeros_read_as_letters
from ingest.scan_numbering import class_name, restore_enumeration_marks
from ingest.scan_numerals import numerals_from_strokes
from ingest.scan_wraps import wrapped_heads_by_their_code
from ingest.scanimage import mark_has_room
from ingest.subjects import catalog_names_agree, load_catalog
from ingest.text import CODE_RE, ENUMERATED, TITLE_LIKE, chinese_number, normalize, parse_amount

# A label whose enumeration numeral the recogniser dropped: `、一般公共服务支出`, `（）工资福利支出`.
_DROPPED_NUMERAL = re.compile(r"^(、|[（(][)）])(?=\S)")
# A sub-item numbered in Arabic digits (`1、一般公共预算资金` under `一、财政拨款收入`).
_SUB_ITEM = re.compile(r"\d{1,2}[、.．]")
# A total's label (`合计`, `收入总计`, `本年支出小计`): never one of an enumerated sequence.
_TOTAL_LABEL = re.compile(r"\S*(合计|总计|小计)[：:]?")
# A word starting with text (a label), not a number or a code.
_TEXT_START = re.compile(r"[、（(\u4e00-\u9fff]")
# The enumeration before a label, kept apart when a name is compared with the known ones.
_NUMBERED_PREFIX = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|、)?")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff（）()“”]+")
_MIN_NAME = 5
# Marks read between two characters of a name (the speck marks of recognition.yaml that no
# subject's or row's name prints inside it): `维修·（护）费`.
_INNER_SPECKS = re.compile(r"(?<=[\u4e00-\u9fff（）()])[.·•'`:;_~]+(?=[\u4e00-\u9fff（）()])")
# A label in the same column of labels: left edges within this many points.
_SAME_COLUMN = 6.0


@dataclass(slots=True)
class Recognised:
    """The recognised pages of a document, by page number."""

    pages: dict[int, RecognisedPage] = field(default_factory=dict)
    # (page, top, bottom) of the lines the second recogniser read again (ingest/scan_second_lines.py)
    read_again: set[tuple[int, float, float]] = field(default_factory=set)

    @property
    def chars(self) -> dict[int, list[dict[str, Any]]]:
        return {n: p.chars for n, p in self.pages.items()}

    @property
    def rules(self) -> dict[int, list[Rule | VRule]]:
        return {n: p.rules for n, p in self.pages.items()}


def pages_to_recognise(pdf: pdfplumber.PDF, pages: list[list[Line]]) -> list[int]:
    """Page numbers to read from their images: every page of a document without any text layer,
    else the pages without text that hold an image (a scanned page bound into a text PDF). None
    when there are more than MAX_OCR_PAGES (a scan that large is not recognised)."""
    if not any(pages):
        wanted = list(range(1, len(pdf.pages) + 1))
    else:
        wanted = [i + 1 for i, lines in enumerate(pages) if not lines and pdf.pages[i].images]
    return wanted if len(wanted) <= MAX_OCR_PAGES else []


def recognise(pdf: pdfplumber.PDF, numbers: list[int]) -> Recognised:
    recognised = Recognised({n: ocr_page(n, pdf.pages[n - 1]) for n in numbers})
    pages = [recognised.pages[n].lines for n in numbers]
    drop_read_twice(pages)
    drop_specks_read_as_digits(pages)
    speck_marks_between_digits(pdf, recognised)
    # (a number the row bands left on a line of its own back into its row, before the repairs
    # that read a line's words together)
    join_lone_numbers(list(recognised.pages.values()))
    # (before repair_labels drops a lone letter as a speck)
    zeros_read_as_letters(list(recognised.pages.values()))
    wrapped_digits_read_as_letters(pages)
    # (before repair_labels takes a lone letter for noise)
    column_numbers_read_back([(p.lines, p.chars) for p in recognised.pages.values()])
    row_numbers_read_with_a_speck(pages)
    row_numbers_short_of_a_digit(pages)
    repair_labels(pages)
    code_cells_read_back(pages)
    drop_column_numbers(pages)
    row_number_heads_put_back(pages)  # (once the 栏次 line's numbers are gone)
    drop_points_in_labels(pages)  # (before the look-alikes: `年未.结转` is read `年末结转`)
    replace_phrase_lookalikes(pages)
    performance_titles_read_back(pages)
    correct_names(pages)
    # (after the repairs by vocabulary: each page's header as well read as they make it)
    headers_as_read_before(recognised.pages)
    codes_read_with_a_point(pages)
    names_by_their_code(pages)
    codes_and_names_misread_together(pages)
    wrapped_heads_by_their_code(pages)
    join_clipped_last_digits(pages)
    codes_read_with_a_mark(pages)
    codes_short_of_a_digit(pages)
    repair_last_code_digits(pages)
    restore_lost_item_cells(pages)
    restore_enumeration_marks(pages)
    numerals_from_strokes(pdf, recognised)
    restore_enumeration(pages)
    restore_unit_labels(pages)
    return recognised


def speck_marks_between_digits(pdf: pdfplumber.PDF, recognised: Recognised) -> None:
    """A number no amount is for its one point (`19.748593`: three decimals or more,
    `ocr.unreadable_number`) is read without it (`19748593`), where that is an amount's form, on
    a page whose other amounts print no point (whole 元: no amount there has decimals, 预算 seed
    2108's `51.907467` among `34202913`s), or where its image shows no room for the point between
    the digits either side of it (`scanimage.mark_has_room`: a speck between digits set as
    neighbours); else it stays as read (no number: the report is quarantined). So is a comma out
    of the thousands' places whose reading without it is an amount's form (`30,0,92.52` of
    30,092.52, 预算 seed 2390), where its image shows no room for it (a comma is never taken out
    on a whole-元 page alone: a page of whole 元 prints commas). A finer image is rendered only of
    a page holding such a number. So is a number with one dash between its digits (`33-104`, 预算
    seed 2349's B03: a speck), on a whole-元 page only (a dash may be a point read otherwise, and
    no room test tells a dash's ink from a speck's)."""
    for n, page in recognised.pages.items():
        found = [
            (line, k, w, marks)
            for line in page.lines
            for k, w in enumerate(line.words)
            if (marks := _speck_marks_in_no_amount(w.text))
        ]
        if not found:
            continue
        others = [w for line in page.lines for w in amounts_on_a_row(line) if all(w is not x for *_, x, _ in found)]
        whole = len(others) >= _WHOLE_PAGE and not any("." in w.text for w in others)
        if not whole:  # (dashes alone, on a page not all whole 元: as read)
            found = [(line, k, w, [at for at in marks if w.text[at] != "-"]) for line, k, w, marks in found]
            found = [f for f in found if f[3]]
        # (the page's own amounts tell a point or a dash; a comma, or a mark elsewhere, its image)
        by_page = [[whole and w.text[at] != "," for at in marks] for _, _, w, marks in found]
        looked = [i for i, told in enumerate(by_page) if not all(told)]
        boxes = [(w.x0, w.top, w.x1, w.bottom) for _, _, w, _ in (found[i] for i in looked)]
        images = dict(zip(looked, box_images(pdf.pages[n - 1], page.skew, boxes) if looked else [], strict=True))
        for i, ((line, k, w, marks), told) in enumerate(zip(found, by_page, strict=True)):
            specks = [
                at
                for at, page_tells in zip(marks, told, strict=True)
                if page_tells or mark_has_room(images[i], w.text, at) is False
            ]
            if len(specks) == 1:
                _drop_mark(page, line, k, specks[0])


def _drop_mark(page: RecognisedPage, line: Line, k: int, at: int) -> None:
    """The line's `k`th word read without its character at `at`, and that character's box."""
    w = line.words[k]
    mark = w.text[at]
    line.words[k] = Word(w.text[:at] + w.text[at + 1 :], w.x0, w.x1, w.top, w.bottom)
    boxes = sorted(
        (c for c in page.chars if c["text"] == mark and centred_in(c, w.x0, w.x1, w.top, w.bottom)),
        key=lambda c: c["x0"],
    )
    if len(boxes) == w.text.count(mark):  # (else the characters are left as they were read)
        speck = boxes[w.text[:at].count(mark)]
        page.chars[:] = [c for c in page.chars if c is not speck]


def _speck_marks_in_no_amount(text: str) -> list[int]:
    """Where in a number in no amount's form a mark may be that it is one without: its one point
    or its one dash between two digits (`19.748593`, `33-104`), or a comma (`30,0,92.52`,
    `32,1.56`), whose reading without it is an amount's form."""
    if not unreadable_number(text):
        return []
    marks = [
        text.index(mark)
        for mark, count in ((".", text.count(".")), ("-", len(DASH_BETWEEN_DIGITS.findall(text))))
        if count == 1 and text.count(mark) == 1 and AMOUNT_FORM.fullmatch(text.replace(mark, ""))
    ]
    return marks + [i for i, ch in enumerate(text) if ch == "," and AMOUNT_FORM.fullmatch(text[:i] + text[i + 1 :])]


# Amounts a page prints, all without a point, for it to print whole 元 (not a sentence's figure or two).
_WHOLE_PAGE = 5


@cache
def catalog_names() -> frozenset[str]:
    """The catalogs' subject names and their variants, however short (`外交支出`)."""
    return frozenset(
        normalize(n)
        for kind in ("function", "economic")
        for subject in load_catalog(kind).values()
        for n in (subject.name, *subject.names)
    )


@cache
def known_names() -> frozenset[str]:
    """Every name a table prints that the parser knows: the catalogs' subject names (and their
    variants) and the profiles' literal row labels."""
    names = set(catalog_names())
    for profile_name in PROFILES:
        for table in load_profile(profile_name).tables.values():
            for panel in table.panels:
                names.update(r.label for r in panel.rows if re.fullmatch(r"[\u4e00-\u9fff（）()“”]+", r.label))
    return frozenset(n for n in names if len(n) >= _MIN_NAME)


def _differences(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b, strict=True))


def _lookalike_fixed(body: str) -> str | None:
    """The label with its look-alike characters read as the ones they stand for, where that makes
    it a known label (`一般公共预算财政拔款收入`, `台计`), else None."""
    swaps = recognition().label_lookalikes
    fixed = "".join(swaps.get(ch, ch) for ch in body)
    if fixed == body:
        return None
    if is_known_label(fixed):
        return fixed
    # (the first line of a name wrapped over two: `国有士地收益基金安排` | `的支出`)
    return fixed if len(body) >= _MIN_NAME and _begins_known(fixed) and not _begins_known(body) else None


def _begins_known(text: str) -> bool:
    return any(name.startswith(text) for name in known_names())


def correct_names(pages: list[list[Line]]) -> None:
    """A label read with one character wrong is repaired where that makes it known: its
    look-alikes (recognition.yaml `label_lookalikes`: `拔款` for 拨款), else the one known name
    it differs from by a single character (`国有士地收益基金安排的支出`; names of at least
    _MIN_NAME characters: a short one is too close to others)."""
    names = known_names()
    noise = recognition().name_end_noise
    by_length: dict[int, list[str]] = {}
    for name in names:
        by_length.setdefault(len(name), []).append(name)
    for lines in pages:
        for line in lines:
            if TITLE_LIKE.fullmatch(line.norm):
                continue  # (a title's words are no labels: 预算 seed 2593's `…财政拨款收支预算总表`, read
                # right in one box, was made the row label `财政拨款收入`, and B04 was not found)
            codes = [w.text for w in line.words if CODE_RE.fullmatch(w.text)]
            for k, w in enumerate(line.words):
                m = _NUMBERED_PREFIX.match(w.text)
                head, body = w.text[: m.end()], w.text[m.end() :]
                bare = body.rstrip(noise)
                if bare != body and _known_name(bare, codes):
                    # (a known name with a mark or letters read after it: `行政单位医疗：`, `购房补贴m`;
                    # a short one, the catalog's name of the code on its line: `30205 | 水费。`. So
                    # too where a profile knows it with the mark, `合计：` (长春 prints it, the colon
                    # optional there): two specks read so after a 决算 02's 合计, seed 2425, made it
                    # a label its table knows not)
                    line.words[k] = Word(head + bare, w.x0, w.x1, w.top, w.bottom)
                    continue
                inner = _INNER_SPECKS.sub("", body)
                if inner != body and _known_name(inner, codes):
                    # (a speck read as a mark inside a known name, one no name prints there:
                    # `30213 | 维修·（护）费`, 预算 seed 2511, read so again by the second recogniser)
                    line.words[k] = Word(head + inner, w.x0, w.x1, w.top, w.bottom)
                    continue
                if not _CJK_NAME.fullmatch(body) or is_known_label(body):
                    continue
                if (fixed := _lookalike_fixed(body)) is not None:
                    line.words[k] = Word(head + fixed, w.x0, w.x1, w.top, w.bottom)
                    continue
                if len(body) < _MIN_NAME:
                    continue
                near = [n for n in by_length.get(len(body), []) if _differences(n, body) == 1]
                if len(near) == 1:
                    line.words[k] = Word(head + near[0], w.x0, w.x1, w.top, w.bottom)


def _known_name(name: str, codes: list[str]) -> bool:
    """A name of characters alone that a catalog or profile knows, or the catalog's name of a
    code on its line (`_named_by_code`)."""
    return _CJK_NAME.fullmatch(name) is not None and (is_known_label(name) or _named_by_code(name, codes))


def _named_by_code(name: str, codes: list[str]) -> bool:
    """Whether `name` is a catalog's name of one of `codes` (the codes read on its line): a name
    too short to be known by itself (`水费`, under _MIN_NAME) is known by its code."""
    return any(catalog_names_agree(kind, code, [name]) for code in codes for kind in ("function", "economic"))


def _numeral_value(text: str) -> int | None:
    """1–99 of a Chinese numeral (一, 十, 十二, 二十三), else None."""
    return chinese_number(text, recognition().enumeration_numerals)


def numeral(value: int) -> str:
    """The Chinese numeral of 1–99."""
    digits = recognition().enumeration_numerals
    tens, ones = divmod(value, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens - 1] + "十")
    return head + (digits[ones - 1] if ones else "")


def restore_enumeration(pages: list[list[Line]]) -> None:
    """Put back the enumeration the recogniser dropped before labels. The labels of one column
    are numbered in sequence (一、 二、 …; （一） （二） …), so where a run of labels between two
    numbered ones (or before the first) is exactly as long as the numbers missing there, each
    takes its number: a label whose numeral is gone (`、一般公共服务支出`), whose `、` is gone
    (`二外交支出`) or that lost both (`政府性基金预算财政拨款收入` between 一、 and 三、). A run
    before a page's first numbered label continues the sequence of the page before, or starts it
    at 一; where it is too short for the numbers missing there, the run that ends the page before
    in the same column takes the first of them (a table broken over two pages: `、财政拨款收入`,
    `事业收入` at the foot of one page, `三、事业单位经营收入` at the head of the next). Anything
    else stays as read (it then matches no known line: the report is quarantined, never guessed)."""
    last: list[tuple[float, tuple[str, int]]] = []  # the previous page's columns: (x0, last number)
    before: list[Line] = []  # the previous page's lines
    for lines in pages:
        labels = _labels(lines)
        columns: list[tuple[float, str]] = []  # (x0, form) of the numbered columns of this page
        for _, _, w in labels:
            numbered = _numbered(w.text)
            if numbered and not any(abs(x - w.x0) <= _SAME_COLUMN and f == numbered[0] for x, f in columns):
                columns.append((w.x0, numbered[0]))
        ends: list[tuple[float, tuple[str, int]]] = []
        for x, form in columns:
            # (a header word, `栏次`, counted as a member would leave the count of a run one too many)
            members = [(i, k, w) for i, k, w in labels if _in_column(w, x)]
            start = next((v for px, (f, v) in last if f == form and abs(px - x) <= 2 * _SAME_COLUMN), 0)
            previous, pending, first = start, [], True
            # (the lines of labels numbered at another level, `（一）`, `1、…`: no label of this
            # sequence, but lines of its rows)
            sub_items = {
                i
                for i, line in enumerate(lines)
                for w in line.words
                if x - _SAME_COLUMN <= w.x0 <= x + _SAME_COLUMN + 3 * (w.bottom - w.top) and _sub_item(w, form)
            }
            for i, k, w in members:
                if i in sub_items:
                    continue
                numbered = _numbered(w.text)
                if numbered is None:
                    pending.append((i, k, w))
                    continue
                if first:
                    # (before the first numbered label: only the lines right above it, not the
                    # title, 单位： or header lines further up; a line of the rows between them,
                    # with a 行次 or an amount but no label here, is no header: `2 | 二、外交支出`
                    # where recognition put the left label a little lower, on a line of its own)
                    run = i - 1
                    while (
                        any(pi == run for pi, _, _ in pending)
                        or run in sub_items
                        or (run >= 0 and _row_numbers_only(lines[run], x))
                        or (run >= 0 and _other_panel_only(lines[run], x))
                    ):
                        run -= 1
                    pending = [c for c in pending if c[0] > run]
                    if previous and numbered[1] - 1 == len(pending):
                        previous = 0  # (a new sequence, not the page before's continued)
                    carried = _run_ending_page(before, x, form)
                    if carried and numbered[1] - previous - 1 == len(carried) + len(pending):
                        for pi, pk, pw in carried:
                            previous += 1
                            text = _renumbered(pw.text, form, previous)
                            before[pi].words[pk] = Word(text, pw.x0, pw.x1, pw.top, pw.bottom)
                pending = _sub_items_dropped(pending, sub_items, numbered[1] - previous - 1)
                if numbered[1] - previous - 1 == len(pending):
                    for offset, (pi, pk, pw) in enumerate(pending, start=1):
                        text = _renumbered(pw.text, form, previous + offset)
                        lines[pi].words[pk] = Word(text, pw.x0, pw.x1, pw.top, pw.bottom)
                previous, pending, first = numbered[1], [], False
            if not first and form == "、":
                # (after the column's last numbered label, 类 lines that lost their numbering,
                # `社会保障和就业支出` after `一、文化旅游体育与传媒支出`, up to its 合计 line)
                for pi, pk, pw in itertools.takewhile(lambda c: class_name(c[2].text), pending):
                    previous += 1
                    lines[pi].words[pk] = Word(_renumbered(pw.text, form, previous), pw.x0, pw.x1, pw.top, pw.bottom)
            ends.append((x, (form, previous)))
        last, before = ends, lines


def _labels(lines: list[Line]) -> list[tuple[int, int, Word]]:
    """(line, word, word) of the labels of a page."""
    return [(i, k, w) for i, line in enumerate(lines) for k, w in enumerate(line.words) if _is_label(w)]


def _is_label(w: Word) -> bool:
    """A word that starts with text (a label, not a number or a code; no 单位： or 注： line)."""
    return _TEXT_START.match(w.text) is not None and not re.search("[：:]", w.text)


def _in_column(w: Word, x: float) -> bool:
    """A label of the column of numbered labels at `x`: one that lost its numbering starts up to
    three characters further right (十二、), but there only a label that may have lost it (a
    header word, `栏次`, is no row of the sequence). A total's label is none (预算 seed 2596: B03's
    `合计`, centred, at the foot of a page, took the `一、` of the next table's column)."""
    return (
        x - _SAME_COLUMN <= w.x0 <= x + _SAME_COLUMN + 3 * (w.bottom - w.top)
        and (w.x0 <= x + _SAME_COLUMN or _may_have_lost_numbering(w.text))
        and not _TOTAL_LABEL.fullmatch(w.text)
    )


def _run_ending_page(lines: list[Line], x: float, form: str) -> list[tuple[int, int, Word]]:
    """The labels of the column at `x` that end a page without a numbering of `form`, in
    reading order, up to the column's last numbered label or the first line that is none of the
    table's rows (a header): lines of sub-items (`1、…`) and of amounts alone are passed over, but
    not a row labelled in a column left of it: the labels at `x` above such rows do not end the
    page (预算 seed 2325: B03's `合计`, centred over the name column, above its rows of names,
    took the `一、` the next page's table, B04, begins its column with)."""
    run: list[tuple[int, int, Word]] = []
    for i in range(len(lines) - 1, -1, -1):
        at_x = [(i, k, w) for k, w in enumerate(lines[i].words) if _in_column(w, x)]
        if any(_sub_item(w, form) for _, _, w in at_x):
            continue
        here = [(i, k, w) for i, k, w in at_x if _is_label(w)]
        labelled_left = any(_is_label(w) and w.x0 < x - _SAME_COLUMN for w in lines[i].words)
        if not here and _row_numbers_only(lines[i], x) and not labelled_left:
            continue
        if len(here) != 1 or _numbered(here[0][2].text):
            break
        run.insert(0, here[0])
    return run


def _sub_items_dropped(
    pending: list[tuple[int, int, Word]], sub_items: set[int], missing: int
) -> list[tuple[int, int, Word]]:
    """A run of labels between two numbered ones (line, word, word) without those at its start
    that continue the sub-items' lines right above them, where the run is longer than the
    numbers `missing` there by as many: sub-items that lost their own numbering
    (`3、国有资本经营预算` read `国有资本经营预算` after `1、…` and `2、…` under 一、财政拨款收入, 预算
    seed 2134). Else the run as it is."""
    extra = len(pending) - missing
    if extra <= 0:
        return pending
    above = set(sub_items)
    for i, _, _ in pending[:extra]:
        if i - 1 not in above:
            return pending
        above.add(i)
    return pending[extra:]


def _may_have_lost_numbering(text: str) -> bool:
    """A label read without its numbering, or part of it: its `、` or `（）` left (`、一般…`), its
    numeral left (`二外交支出`), or a name the parser knows (`政府性基金预算财政拨款`)."""
    digits = recognition().enumeration_numerals
    return _DROPPED_NUMERAL.match(text) is not None or text[:1] in digits or is_known_label(text) or class_name(text)


def _sub_item(word: Word, form: str) -> bool:
    """A label numbered otherwise than `form` (`（一）…` under 一、, `1、一般公共预算资金`)."""
    numbered = _numbered(word.text)
    return _SUB_ITEM.match(word.text) is not None or (numbered is not None and numbered[0] != form)


def _row_numbers_only(line: Line, x: float) -> bool:
    """A line with a number (a 行次, an amount) and nothing from the column of labels at `x`: its
    words lie right of it, or left of it (the amounts of the income side of a two-sided table:
    预算 seed 2128's `2,093,814` under 财政拨款收入, left of the expenditure labels)."""
    return any(w.text.isdigit() or parse_amount(w.text) is not None for w in line.words) and all(
        not (x - _SAME_COLUMN <= w.x0 <= x + 4 * (w.bottom - w.top)) for w in line.words if not w.text.isdigit()
    )


def _other_panel_only(line: Line, x: float) -> bool:
    """A line holding another column's numbered label and nothing of the column at `x`: that
    panel's cells set a few points off this panel's row (`二、外交支出` on a line of its own above
    `二、政府性基金…`, 决算 seed 2260's 01), no header line."""
    return any(_numbered(w.text) for w in line.words) and not any(_in_column(w, x) for w in line.words)


def _numbered(text: str) -> tuple[str, int] | None:
    """(form, value) of a label's enumeration: ('、', 3) for 三、, ('（）', 2) for （二）."""
    m = ENUMERATED.match(text)
    if not m:
        return None
    value = _numeral_value(m.group(1) or m.group(2))
    return None if value is None else ("、" if m.group(1) else "（）", value)


def _renumbered(text: str, form: str, value: int) -> str:
    """The label with its enumeration `value` put back in `form`."""
    number = numeral(value)
    mark = f"{number}、" if form == "、" else f"（{number}）"
    if form == "、" and text.startswith("、"):
        return number + text
    if form == "（）" and _DROPPED_NUMERAL.match(text) and text[0] in "（(":
        return mark + text[2:]
    rest = text[len(number) :]
    if form == "、" and text.startswith(number) and not (is_known_label(text) and not is_known_label(rest)):
        # (`二外交支出`: the numeral read, its `、` not; but `一般公共预算财政拨款收入` lost both)
        return mark + rest
    return mark + text


@cache
def _row_labels() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(r.label)
        for name in PROFILES
        for table in load_profile(name).tables.values()
        for panel in table.panels
        for r in panel.rows
    )


def is_known_label(text: str) -> bool:
    """A catalog name or a label a profile names (its row-label patterns)."""
    return text in known_names() or any(p.fullmatch(text) for p in _row_labels())


def performance_titles_read_back(pages: list[list[Line]]) -> None:
    """A title line among a page's first (families.TITLE_LINES) that names a 绩效 family once one
    character is put right (families.title_read_back) read so: else the page is taken for no
    table's, and its table is lost without a word. The characters are put right in the words they
    lie in (a letter-spaced title is several words), a closing bracket put back after the last."""
    for lines in pages:
        for line in lines[:TITLE_LINES]:
            if (fixed := title_read_back("".join(w.text for w in line.words))) is None:
                continue
            start = 0
            for k, w in enumerate(line.words):
                last = k == len(line.words) - 1  # (a closing bracket put back: after the last word's text)
                if (part := fixed[start:] if last else fixed[start : start + len(w.text)]) != w.text:
                    line.words[k] = Word(part, w.x0, w.x1, w.top, w.bottom)
                start += len(w.text)


def restore_unit_labels(pages: list[list[Line]]) -> None:
    """A money unit read alone on its line (`元`, `万元`: the `单位：` before it lost, 预算 seed
    2026) is the unit line it was printed as: `单位：元`. Read bare, the table over which it is
    printed would have no money unit (quarantined where the report's tables print two). Not where
    the line before ends with a number: a sentence wrapped before its amount's unit (`…服务预算
    54,033.95` / `万元`, a text half's 政府采购 statement) goes on as printed."""
    for lines in pages:
        for before, line in zip([None, *lines], lines, strict=False):
            if len(line.words) != 1 or (w := line.words[0]).text not in READ_MONEY_UNITS:
                continue
            if before is not None and before.words and before.words[-1].text[-1:].isdigit():
                continue
            line.words[0] = Word(f"单位：{w.text}", w.x0, w.x1, w.top, w.bottom)
