"""Page furniture: what a publisher prints on a page that is no part of its tables' content, the
page number and a running header, dropped before the tables are read."""

from __future__ import annotations

import re
from collections import Counter

from ingest.codes import wraps_code
from ingest.layout import Line, Rule, VRule
from ingest.performance.families import families as performance_families
from ingest.text import CODE_RE

# (a speck a scan reads as a point after a 第N页 line's digits, `第12页共15.页`, 预算 seed 2210: else
# the line is read as a wrapped label of the table's last row), or beside a number between dashes
# (`- 16 -` read `.16`, 决算 seed 2642: the report was held for a number not readable as one)
PAGE_NUMBER = re.compile(r"[-—－]?[.·]?\d{1,4}[.·]?[-—－]?|第\d+[.·]?页(共\d+[.·]?页)?|\d+/\d+")


def drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Without the page number (- 12 -, 第3页): page furniture, not the last row's label (nor
    the last digit of a code wrapped in its cell, printed right under the code: codes.wraps_code)."""
    while lines and _is_page_number(lines[-1]) and not any(wraps_code(x, lines[-1]) for x in lines[-3:-1]):
        lines.pop()
    while lines and _is_page_number(lines[0]):
        lines.pop(0)
    return lines


def _is_page_number(line: Line) -> bool:
    """One number (`- 12 -`, `12/20`, also spaced `1 2`) or a 第N页 line. Numbers far apart are
    amounts: a last row's whole amounts printed below its label (`11 | 11`) read `1111` once the
    spaces go."""
    if PAGE_NUMBER.fullmatch(line.norm) is None:
        return False
    digits = [w for w in line.words if any(ch.isdigit() for ch in w.text)]
    return "页" in line.norm or max(w.x1 for w in digits) - min(w.x0 for w in digits) < 30


def drop_running_headers(pages: list[list[Line]], rules: dict[int, list[Rule | VRule]]) -> list[list[Line]]:
    """Without the running header some publishers print atop every page (the unit's name and the
    report's, one line, the same on each): page furniture like page numbers, it would otherwise end
    every table at a page break.
    A table title repeated atop its pages stays (…表, and a 绩效 family's title such as
    项目支出绩效目标表（含转移支付项目）: the 绩效 reader finds its tables per page by it), and so
    does a first line inside a table's cell (`rules`: each page's, by number; a column rule runs
    through its height either side of it): a wrapped text's first line atop a continuation page,
    the same sentence there on three pages (自评表 seed 82 scanned, its rows' other cells lower)."""
    tops = {n: lines[0] for n, lines in enumerate(pages, 1) if lines and not _in_a_cell(lines[0], rules.get(n, []))}
    firsts = Counter(line.norm for line in tops.values())
    running = {
        text
        for text, n in firsts.items()
        if n >= 3
        and n >= len(pages) // 3
        and not CODE_RE.match(text)
        and not text.endswith("表")
        and not any(family.titles(text) for family in performance_families())
    }
    return [lines[1:] if n in tops and tops[n].norm in running else lines for n, lines in enumerate(pages, 1)]


def _in_a_cell(line: Line, rules: list[Rule | VRule]) -> bool:
    """Whether column rules run through the line's middle height on both sides of its words."""
    middle = (line.top + line.bottom) / 2
    across = [r.x for r in rules if isinstance(r, VRule) and r.top < middle < r.bottom]
    return any(x <= line.words[0].x0 for x in across) and any(x >= line.words[-1].x1 for x in across)
