"""What every step of the table reader shares: the quarantine exception and the printed marks
it recognises on any line (a table's number, a note, a 单位： line, an amount)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ingest.layout import CJK, Line, Word
from ingest.subjects import either_catalog_names
from ingest.text import CODE_RE, GLUED_CODE, parse_amount

# A table's printed number on a line of its own: 公开01表, 表一, 表1-2, 附表3, 部门预算表2.
TABLE_NUMBER_HEAD = r"(部门公开|公开|部门预算)?附?表"
TABLE_NUMBER = re.compile(rf"{TABLE_NUMBER_HEAD}(0?\d+|[一二三四五六七八九十]+)([-—]\d+)?|公开0?\d+表")
# A note under a table: `注：…`, or its standard sentence whose `注：` a scan's recognition lost
# (`本表反映部门本年度…`, 决算 seed 2692: read as the last row's wrapped name). No row's name
# begins `本表`.
NOTE = re.compile(r"^(注|说明|备注)[0-9一-十]*[：:.、]|^本表反映")
# (a 单位： line printed with no name, followed by the money unit's 单位：万元, names no unit)
UNIT_RE = re.compile(r"(?:金额|编制)?(?:单位|部门)[：:]\s*(?!(?:金额|编制)?(?:单位|部门)[：:])(\S+)")
# An organisation's name ends so (…局, …委员会, …中心（本级）; a qualifier in full-width or ASCII brackets).
ORGANISATION = re.compile(
    r"(局|委员会|委|办公室|办公厅|厅|院|中心|所|站|队|馆|会|处|部|政府|办事处|学校|医院|公司)([（(][^）)]*[)）])?$"
)
# A name printed as region, space, organisation (`武汉市洪山区 X局`) is one name: the region ends so.
_REGION = re.compile(r"(省|市|区|县|州|盟|旗|镇|乡|街道)$")
_NAME_WORD = re.compile(r"[\u4e00-\u9fff（）()]+")
# The money units the warehouse reads (scaled to 元 by dbt's `to_yuan`), and the form of any other
# money unit (千元, 亿元, 百万元, 美元): such a table is quarantined, never read as 万元.
READ_MONEY_UNITS = ("万元", "元")
_OTHER_MONEY_UNIT = re.compile(r"(?:人民币)?(?:[十百千万亿]+|[十百千万亿]*美)元")


def unit_values(text: str) -> list[str]:
    """The values of the 单位：/部门： fields of a line, a name printed in two words joined."""
    values = []
    for m in UNIT_RE.finditer(text):
        value, rest = m.group(1), text[m.end() :].split()
        while rest and _REGION.search(value) and _NAME_WORD.fullmatch(rest[0]) and ORGANISATION.search(rest[0]):
            value += rest.pop(0)
        values.append(value)
    return values


def money_unit(value: str) -> str | None:
    """The money unit when a 单位： value is one, not a unit's name: 万元 or 元, or as printed for
    a unit we do not read (千元, 亿元). 长春 预算表5 wraps `单位：万` | `元` onto two lines."""
    if value in {"万", "元"} or value.startswith("万元"):
        return "元" if value == "元" else "万元"
    if m := _OTHER_MONEY_UNIT.match(value):
        return m.group(0)
    return None


class ParseIssue(Exception):
    """Our parser cannot read something with certainty: the document is quarantined."""

    def __init__(self, message: str, page: int | None = None, line: tuple[float, float] | None = None) -> None:
        super().__init__(message)
        self.page = page
        # (top, bottom) of the printed line it could not read, where one line is the cause: a
        # scanned page's line may be read again (ingest/scan_second_lines.py)
        self.line = line
        # (top, bottom) of the header lines over that line, where they may be the cause instead: a
        # line whose words do not fit the columns its page's header names (tables.read_tables)
        self.header: list[tuple[float, float]] = []


@dataclass(frozen=True, slots=True)
class MisreadLine:
    """Where a printed line of a recognised page lies that the parser could not read (a
    `ParseIssue`'s line, or the confidence check's): page, top and bottom (points). It may be read
    again by the second recogniser (ingest/scan_second_lines.py)."""

    page: int
    top: float
    bottom: float


# The code column's own header cells (`类 | 款 | 项` under 功能分类科目编码): no row is named so.
CODE_COLUMN_CELLS = "类款项"


def code_column_cells(text: str) -> bool:
    """`text` is one or more of the code column's header cells (`类`, `款项`, `类款项`)."""
    return bool(text) and all(ch in CODE_COLUMN_CELLS for ch in text)


def looks_like_amount(text: str) -> bool:
    """An amount by its form alone: decimals (728.03) or thousands separators (2,878,025 元).
    A bare integer may be a code, a 行次 or a page number; the column decides (`line_fragments`)."""
    return ("." in text or "," in text) and parse_amount(text) is not None


def amounts_on_a_row(line: Line) -> list[Word]:
    """The words of a recognised line that stand for amounts: in an amount's form (decimals,
    thousands commas), and, after a label, whole numbers of three digits or more (a whole-元
    table's row, `22102 | 住房改革支出 | 36764 | 23127`: its code comes before its label) but
    another panel's code before the name the catalog gives it (决算 seed 2318's 06, every amount
    blank: `301 | 工资福利支出 | 302 | 商品和服务支出 | 310 | 资本性支出`)."""
    labelled = False
    found = []
    for w, after in zip(line.words, [*line.words[1:], None], strict=True):
        if looks_like_amount(w.text) or (labelled and w.text.isdigit() and len(w.text) >= 3 and not _code_of(w, after)):
            found.append(w)
        labelled = labelled or CJK.match(w.text) is not None
    return found


def _code_of(word: Word, name: Word | None) -> bool:
    """`word` is a code the catalog (功能 or 经济分类) names as `name`, the word after it."""
    return name is not None and either_catalog_names(word.text, [name.text])


def is_data_line(line: Line) -> bool:
    words = [w.text for w in line.words]
    if any(looks_like_amount(t) for t in words):
        return True
    # a code first (or glued to its name: `2240699其他自然灾害防治支出 | 5 | 5`, whole amounts a bare
    # `5` that alone reads like a 栏次 number) and more after it
    first = words[0] if words else ""
    return (CODE_RE.match(first) is not None or GLUED_CODE.match(first) is not None) and len(words) > 1


def has_whole_amounts(line: Line) -> bool:
    """A row printed in whole 元 without separators (上海 `合计 | 2644871 | 2383697`): after its
    first word, a bare integer of three digits or more that is no year. 栏次 and 行次 numbers
    are shorter; a code comes first and makes the line a data line anyway (`is_data_line`)."""
    return any(
        w.text.isdigit() and len(w.text) >= 3 and not re.fullmatch(r"(19|20)\d\d", w.text)
        for w in line.words[1:]
    )


def alias_match(text: str, aliases: Iterable[str]) -> bool:
    return any((text == a) if len(a) == 1 else (a in text) for a in aliases)
