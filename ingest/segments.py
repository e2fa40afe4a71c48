"""Finding the tables: pages cut into table segments, from a title (profile data) to the next
title, note or page end, and pages without a title that continue the open table."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.base import (
    NOTE,
    TABLE_NUMBER,
    TABLE_NUMBER_HEAD,
    alias_match,
    has_whole_amounts,
    is_data_line,
    looks_like_amount,
)
from ingest.layout import Line
from ingest.profile import ReportProfile, TableProfile
from ingest.text import (
    CODE_RE,
    GLUED_CODE,
    NUMBERED,
    TITLE_LIKE,
    is_blank_mark,
    normalize,
    one_edit_apart,
    parse_amount,
)


@dataclass(slots=True)
class Segment:
    """One table's lines on one page."""

    code: str
    page: int
    lines: list[Line]
    title: str | None


def find_segments(
    pages: list[list[Line]], profile: ReportProfile, titles: list[PageTitles] | None = None
) -> list[Segment]:
    """Cut pages into table segments: from a title to the next title, note or page end.

    A page without a title continues the last table when that table has not printed its note
    (注：…) yet and the page starts with table rows or repeats the table's header. `titles`: the
    pages' `page_titles`, when the caller reads the same pages with several profiles.
    """
    titles = titles if titles is not None else [page_titles(lines) for lines in pages]
    segments: list[Segment] = []
    open_table: str | None = None
    opening: set[str] = set()  # the open table's first lines: a repeated header continues it
    header_words: set[str] = set()  # the words of the open table's lines before its first row
    for lines, page in zip(pages, titles, strict=True):
        current: Segment | None = None
        skip = 0
        found, listed = _page_titles(page, profile)
        for i, line in enumerate(lines):
            if skip:  # the wrapped rest of a title
                skip -= 1
                continue
            code, title, taken = found[i]
            if code == "" or (code is not None and i in listed):
                # The title of a table the profile does not read: it ends the table before it.
                current, open_table, skip = None, None, taken - 1
                continue
            if code is not None:
                if current and current.lines and current.lines[-1] is lines[i - 1] and _number_read_amiss(lines, i):
                    current.lines.pop()  # (the next table's number, read amiss: not this one's)
                skip = taken - 1
                current = Segment(code, line.page, [], title)
                segments.append(current)
                # A one-row table (“三公”经费) never continues on the next page.
                one_row = all(p.kind == "one_row" for p in profile.tables[code].panels)
                open_table = None if one_row else code
                opening, header_words = set(), set()
                continue
            if current is not None and current.title is not None and len(current.lines) < 12:
                opening.add(line.norm)
                if not any(is_data_line(x) for x in current.lines) and not is_data_line(line):
                    header_words.update(normalize(w.text) for w in line.words)
            if (
                current is None
                and open_table is not None
                and not NOTE.match(line.norm)
                and _continues(
                    lines[i : i + 3], profile.tables[open_table], opening, header_words,
                    pending=not any(is_data_line(x) for x in segments[-1].lines),
                )
            ):
                current = Segment(open_table, line.page, [], None)
                segments.append(current)
            elif current is None and open_table is not None:
                # The page starts with prose or a heading: the table ended on the last page.
                open_table = None
            if current is None:
                continue
            if NOTE.match(line.norm):
                current.lines.append(line)
                current = None
                open_table = None
                continue
            if TABLE_NUMBER.fullmatch(line.norm) and any(is_data_line(x) for x in current.lines):
                # The printed number of the next table (江苏 `公开05表` on its own line above its
                # title) ends this one; right after a title it is this table's own (公开表一).
                current = None
                open_table = None
                continue
            current.lines.append(line)
    # A bare continuation of nothing is dropped; one with rows is kept, whole 元 rows without
    # separators included (上海 B04's last rows alone on a page: `三、… | 103744029 | …`).
    return [s for s in segments if s.title is not None or any(_has_amounts(line) for line in s.lines)]


# Titles printed one under the other, this many or more, are a list of the tables (目录: `4. 2026年
# 预算单位财政拨款收支预算总表` / `5. …`), not tables: a table's title is followed by its header.
LISTED_TITLES = 3
TABLE_NAME = re.compile(r"\S{0,50}表")


@dataclass(frozen=True, slots=True)
class TitleSpan:
    """A title that may start at a line: its text over `taken` lines (one, or wrapped onto the
    next one or two), whether a 单位：/部门： line follows it, and the texts of its lines below the
    first (`below`, joined from each of them to its end) when the title could be printed whole
    there instead."""

    text: str
    follows: bool
    taken: int
    below: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageTitles:
    """What deciding a page's titles needs that does not depend on the profile, worked out once
    per page however many profiles read it: per line, the spans a title starting there may take
    (shortest first), and whether the line names a table the profiles may know no title for."""

    spans: list[tuple[TitleSpan, ...]]
    table_names: list[bool]


def page_titles(lines: list[Line]) -> PageTitles:
    """A long title may wrap onto one or two lines (江苏: `…培训费支出预` / `“ | ”` / `算表`;
    `…培训费` / `支出预算表`; 西安 2021: `…“三公”经费及` / `会议费、培训费支出预算表（不含上年结转）`)."""
    norms = [line.norm for line in lines]
    spans: list[tuple[TitleSpan, ...]] = []
    for i, line in enumerate(lines):
        text, found = line.text, []
        for n in range(1, 4):
            if n > 1:
                rest = i + n - 1
                # (after a table number line `表1` the name is a line of its own, never its rest)
                longest = 6 if TABLE_NUMBER.fullmatch(norms[i]) else WRAPPED_TITLE_REST
                if rest >= len(lines) or len(norms[rest]) > longest or re.search(r"\d", norms[rest]):
                    break
                text += lines[rest].text
            follows = i + n < len(lines) and SUBTITLE.search(norms[i + n]) is not None
            below = (
                tuple("".join(x.text for x in lines[i + k : i + n]) for k in range(1, n))
                if n > 1 and not TABLE_NUMBER.fullmatch(norms[i])
                else ()
            )
            found.append(TitleSpan(text, follows, n, below))
        spans.append(tuple(found))
    table_names = [
        TABLE_NAME.fullmatch(norm) is not None and not is_data_line(line)
        for line, norm in zip(lines, norms, strict=True)
    ]
    return PageTitles(spans, table_names)


def _page_titles(
    page: PageTitles, profile: ReportProfile
) -> tuple[dict[int, tuple[str | None, str, int]], set[int]]:
    """`_title_at` of each line of a page that does not continue a wrapped title, and the indexes
    of the titles in a run of at least `LISTED_TITLES`, each on the line right after the one
    before (wrapped titles count as one)."""
    titles: dict[int, tuple[str | None, str, int]] = {}
    listed: set[int] = set()
    run: list[int] = []
    i = 0
    while i < len(page.spans):
        titles[i] = code, _, taken = _title_at(page.spans[i], profile)
        # (a table name the profiles know no title for, 财政拨款项目支出预算表, continues a run too)
        if code is None and not page.table_names[i]:
            run = []
            i += 1
            continue
        run.append(i)
        if len(run) >= LISTED_TITLES:
            listed.update(run)
        i += taken
    return titles, listed


# A table's printed number as a scan may read it: the number lost or misread (`表`, `表B`, `附表`).
_NUMBER_READ_AMISS = re.compile(rf"{TABLE_NUMBER_HEAD}\S{{0,2}}")


def _number_read_amiss(lines: list[Line], i: int) -> bool:
    """The line right above the title at `lines[i]` reads as that table's printed number with its
    digits lost or misread (预算 seed 2525: `表8` read `表`, 38 points under B07's last row), or, set
    apart from the line above it and nearer the title, as a character or two and no digit (预算 seed
    2544: `表8` read `都`): the next table's, never the wrapped end of the last name of the table
    before (a name never ends in 表; a name's wrapped end hugs its row). No line with a digit but
    the number's: an amount alone on its line is a tall row's."""
    line = lines[i - 1]
    if len(line.words) != 1:
        return False
    text = line.norm
    if _NUMBER_READ_AMISS.fullmatch(text):
        return True
    if i < 2 or len(text) > 2 or re.search(r"\d", text):
        return False
    above, title = lines[i - 2], lines[i]
    height = line.bottom - line.top
    return line.top - above.bottom > 2 * height and title.top - line.bottom < line.top - above.bottom


def _has_amounts(line: Line) -> bool:
    return is_data_line(line) or has_whole_amounts(line) or _whole_amounts_alone(line)


def _whole_amounts_alone(line: Line) -> bool:
    """A line of bare whole 元 amounts only, one of three digits or more that is no year: a tall
    row's amounts centred below its label (上海 B01's last rows alone on a page under a repeated
    header: `四、其他收入` / `10061860`). Page numbers are gone by now (furniture.drop_page_numbers)."""
    return all(w.text.isdigit() for w in line.words) and any(
        len(w.text) >= 3 and not re.fullmatch(r"(19|20)\d\d", w.text) for w in line.words
    )


SUBTITLE = re.compile(r"(单位|部门)(名称)?[：:]")
# The longest wrapped rest of a title: a few characters (江苏 `算表`), or a whole qualifier wrapped
# below the name (西安 2021 `…一般公共预算支出明细表` / `（按支出功能分类科目-不含上年结转）`). The joined
# text must still match a title pattern whole, and a rest with a digit is never a title's.
WRAPPED_TITLE_REST = 24


def _title_at(spans: tuple[TitleSpan, ...], profile: ReportProfile) -> tuple[str | None, str, int]:
    """(table code, title text, lines taken) of a title starting at the line of `spans`: code
    None when the line is no title, "" for the title of a table the profile does not read."""
    for span in spans:
        code = profile.title_code(span.text, span.follows)
        if code is not None:
            if any(profile.title_code(text, span.follows) == code for text in span.below):
                # The title is printed whole on the lines below: this line is the wrapped end of
                # a row (江苏 rdbgt_2017 p9 `13,649.07 | 支出合计 | 13,649.07` / `计` / `收入预算总表`).
                return None, spans[0].text, 1
            return code, span.text, span.taken
    return None, spans[0].text, 1


def _continues(
    lines: list[Line], tprof: TableProfile, opening: set[str], header_words: set[str], pending: bool = False
) -> bool:
    """Whether a page's first lines carry on the open table: a row (amounts, a code, a numbered
    or known summary label) or a repeat of the table's header, possibly after the wrapped label
    lines of that row. A header repeats when a line is one of its lines, or when every word of a
    line is a word of its header (the lines of a scanned header group their words otherwise from
    page to page, `科目编 | 合计` over `科目名称 | 基本支出` on one, `科目编` over
    `科目名称 | 合计 | 基本支出` on the next). Prose or a heading (…说明) ends it. `pending`: the
    table has printed no row yet, so the rest of its header (a line with one of its column names)
    continues it too (江苏 gy_2018: title and `收入 | 支出` at a page's foot, `项目名称 | 金额` atop the next)."""
    every_key = {a.key for p in tprof.panels for a in p.rows}
    columns = [aliases for p in tprof.panels for aliases in p.columns.values()]
    for k, line in enumerate(lines):
        below = lines[k + 1].words if k + 1 < len(lines) else []
        if (
            len(below) > 1
            and CODE_RE.match(below[0].text)
            and all(parse_amount(w.text) is not None or is_blank_mark(w.text) for w in below[1:])
            and any(looks_like_amount(w.text) or len(w.text) > 7 for w in below[1:])
            and not re.search(r"\d|说明", line.norm)
        ):
            # A long name wrapped around its row: the line below has a code (whole, or split 类 |
            # 款 | 项: `229 | 60 | 11`) and amounts but no name (中央 B03 atop p8:
            # `机关事业单位基本养老保险缴费支` / `2080505 | 657.51 | …` / `出`).
            return True
        if TITLE_LIKE.fullmatch(line.norm) and not is_data_line(line):
            return False  # the title of a table the profile does not read (江苏 收入预算总表)
        repeated = line.norm in opening or _repeats_header_words(line, header_words)
        if _has_amounts(line) or repeated:
            # (whole 元 rows too: 上海's last rows alone on a page, `2210203购房补贴 | 591336`)
            return True
        if pending and any(alias_match(normalize(w.text), aliases) for w in line.words for aliases in columns):
            return True
        first = normalize(line.words[0].text)
        # (a code glued to its name, `2210203购房补贴`, atop a page whose amounts sit lower in the row)
        if CODE_RE.match(first) or GLUED_CODE.match(first) or any(p.row_key(first, every_key) for p in tprof.panels):
            return True
        if NUMBERED.match(first) and not re.search(r"说明|情况", line.norm):
            return True
        if len(line.norm) > 12 or re.search(r"\d|说明", line.norm):
            return False  # not a wrapped label fragment: the page is no continuation
    return False


# A header word read one character amiss on a page (`科自名称`, `一般公共预算尊`) is still the
# header's where it is this long: shorter words differ from other words by one character too.
_NEAR_HEADER_WORD = 4


def _repeats_header_words(line: Line, header_words: set[str]) -> bool:
    """Whether `line` is made of the open table's header words: each one of them, or one read a
    character amiss (预算 seed 2574: a continuation page's `一般公共预算尊 | 政府性基金预 | …` under
    the first page's `一般公共预算 | |政府性基金预 | …`), most of them read alike."""
    words = [normalize(w.text) for w in line.words]
    amiss = [w for w in words if w not in header_words]
    return (
        len(words) > 2 * len(amiss)
        and all(len(w) >= _NEAR_HEADER_WORD and any(one_edit_apart(h, w) for h in header_words) for w in amiss)
    )
