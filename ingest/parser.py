"""Read a 部门决算 or 部门预算 PDF into a `ParsedDocument`: its standard tables, every amount with
its lineage. The table layouts are data (ingest/profiles/*.yaml, one file per report kind).

The steps, per document:
1. check the bytes are a readable PDF (else `rejected` with the reason);
2. read the words of every page once, group them into lines;
3. find table titles (profile data) with every profile, keep the profile whose tables the
   document prints (决算 or 预算), cut pages into table segments, follow continuation pages;
4. per segment: header cells → column anchors (profile aliases, left to right), then data rows:
   codes, labels (wrapped lines joined), amounts assigned to the nearest column anchor;
5. repair cut codes with the report's own full codes and the national catalog;
6. identify unit, year and kind from the content (never from the file name).
Anything we cannot read with certainty makes the document `quarantined`, with page and reason.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ingest.layout import (
    HeaderCell,
    Line,
    Rule,
    Word,
    group_lines,
    header_cells,
    horizontal_rules,
    join_ruled_rows,
    join_spaced_letters,
    join_wrapped_amounts,
    reading_order,
    split_glued,
)
from ingest.narrative import load_narrative, read_statements
from ingest.ocr import MAX_OCR_PAGES, ocr_page
from ingest.profile import PROFILES, Panel, ReportProfile, TableProfile, Transposed, load_profile
from ingest.records import Amount, ParsedDocument, ReportTable
from ingest.subjects import CodeResolver, class_code_for_name
from ingest.text import CODE_RE, LINE_NUMBERING, NUMBERED, is_blank_mark, normalize, parse_amount


def _parser_version() -> str:
    """A fingerprint of everything that decides what the parser reads: its code, the table
    profiles and the catalogs. Documents parsed by another version are parsed again."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    files = [package.glob(p) for p in ("*.py", "profiles/*.yaml", "narratives/*.yaml", "reference/*.csv")]
    for path in sorted(itertools.chain.from_iterable(files)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"parser/{digest.hexdigest()[:12]}"


PARSER_VERSION = _parser_version()
MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 3000
# A table's printed number on a line of its own: 公开01表, 表一, 表1-2, 附表3, 部门预算表2.
TABLE_NUMBER = re.compile(r"(部门公开|公开|部门预算)?附?表(0?\d+|[一二三四五六七八九十]+)([-—]\d+)?|公开0?\d+表")
NOTE = re.compile(r"^(注|说明|备注)[0-9一-十]*[：:.、]")
# (a 单位： line printed with no name, followed by the money unit's 单位：万元, names no unit)
UNIT_RE = re.compile(r"(?:金额|编制)?(?:单位|部门)[：:]\s*(?!(?:金额|编制)?(?:单位|部门)[：:])(\S+)")
YEAR_RE = re.compile(r"(20\d{2})\s*年度?")
ORGANISATION = re.compile(
    r"(局|委员会|委|办公室|办公厅|厅|院|中心|所|站|队|馆|会|处|部|政府|办事处|学校|医院|公司)(（[^）]*）)?$"
)
PAGE_NUMBER = re.compile(r"[-—－]?\d{1,4}[-—－]?|第\d+页(共\d+页)?|\d+/\d+")
NARRATIVE_TOTAL_RE = re.compile(r"收(?:入)?[、和]?支(?:出)?总计(?:均为|各为|为|均)?([\d,]+\.\d+)万元")
# A printed ratio: -60.86% · 1009.71% (a column the profile keys *_pct; see _fragments).
RATIO = re.compile(r"-?\d+(\.\d+)?%")


def _money_unit(value: str) -> str | None:
    """万元 or 元 when a 单位： value is the money unit, not a unit's name. 长春 预算表5 wraps
    `单位：万` | `元` onto two lines."""
    if value in {"万", "元"} or value.startswith("万元"):
        return "元" if value == "元" else "万元"
    return None


class ParseIssue(Exception):
    """Our parser cannot read something with certainty: the document is quarantined."""

    def __init__(self, message: str, page: int | None = None) -> None:
        super().__init__(message)
        self.page = page


@dataclass(slots=True)
class Anchor:
    panel: int
    key: str  # column key, or "_line" for the 行次 column
    x0: float
    x1: float

    @property
    def xc(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Fragment:
    """What one printed line holds within one panel."""

    page: int
    top: float
    bottom: float
    codes: list[str] = field(default_factory=list)
    label: list[Word] = field(default_factory=list)
    amounts: dict[str, Word] = field(default_factory=dict)
    line_no: int | None = None
    row_key: str | None = None  # set for the rows of a panel printed turned (Rotated)
    # The page of an amount joined from another line, where it differs (YearRows: a unit's
    # prior-year line can end a page whose next page starts with its report-year line).
    amount_pages: dict[str, int] = field(default_factory=dict)

    @property
    def label_text(self) -> str:
        return normalize("".join(w.text for w in reading_order(self.label)))


@dataclass(slots=True)
class Segment:
    """One table's lines on one page."""

    code: str
    page: int
    lines: list[Line]
    title: str | None


@dataclass(slots=True)
class Layout:
    """Column anchors and panel boundaries, reusable on a continuation page without header."""

    anchors: list[Anchor]
    panel_bounds: list[tuple[float, float, float]]  # (panel start, label zone end, panel end)
    transposed: dict[int, Transposed] = field(default_factory=dict)  # panels printed transposed


# --------------------------------------------------------------------------------------------
# entry point


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def sniff(head: bytes) -> str | None:
    """Why these bytes are not a PDF, or None when they look like one."""
    if not head.strip():
        return "empty file"
    if head.lstrip().startswith(b"%PDF"):
        return None
    low = head[:512].lower()
    if b"<html" in low or b"<!doctype" in low:
        return "not a PDF: an HTML page saved with a .pdf name"
    if head.startswith(b"PK"):
        return "not a PDF: a ZIP container (Word/Excel .docx/.xlsx?)"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "not a PDF: a legacy Office file (.doc/.xls)"
    return "not a PDF: unknown content"


def parse_document(path: Path, profile: ReportProfile | None = None) -> ParsedDocument:
    """Parse one file. Never raises for bad input: returns a rejected/quarantined document.

    Without `profile`, the document's own tables decide which report kind it is."""
    size = path.stat().st_size
    doc = ParsedDocument(
        document_id=sha256_file(path),
        file_name=path.name,
        file_path=str(path),
        file_size=size,
        status="rejected",
        parser_version=PARSER_VERSION,
    )
    with path.open("rb") as fh:
        head = fh.read(1024)
    if (why := sniff(head)) is not None:
        doc.reason = why
        return doc
    if size > MAX_BYTES:
        doc.reason = f"file too large ({size} bytes > {MAX_BYTES})"
        return doc
    try:
        with pdfplumber.open(path) as pdf:
            doc.page_count = len(pdf.pages)
            if doc.page_count > MAX_PAGES:
                doc.reason = f"too many pages ({doc.page_count} > {MAX_PAGES})"
                return doc
            read = [read_page(i + 1, page) for i, page in enumerate(pdf.pages)]
            pages = drop_running_headers([lines for lines, _ in read])
            rules = {i + 1: page_rules for i, (_, page_rules) in enumerate(read)}
            chars: dict[int, list[dict[str, Any]]] | None = None
            if not any(pages) and doc.page_count <= MAX_OCR_PAGES:
                # No text layer at all (a scan): the text recognised from the page images.
                doc.ocr = True
                try:
                    recognised = [ocr_page(i + 1, page) for i, page in enumerate(pdf.pages)]
                except Exception as exc:  # the recogniser failing is not a corrupt PDF
                    doc.reason = f"no text layer, and OCR failed: {type(exc).__name__}: {exc}"[:300]
                    return doc
                pages = drop_running_headers([drop_page_numbers(lines) for lines, _ in recognised])
                chars = {i + 1: page_chars for i, (_, page_chars) in enumerate(recognised)}
                rules = {}
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look at the cause to name encryption clearly.
        causes = [exc, exc.__cause__, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            doc.reason = "encrypted PDF: cannot be read without a password"
        else:
            doc.reason = f"corrupt or unreadable PDF: {type(exc).__name__}: {exc}"[:300]
        return doc
    try:
        _read_content(doc, pages, rules, profile, chars)
    except Exception as exc:  # a parser bug on one document must not stop the run
        doc.status, doc.tables = "quarantined", []
        doc.reason = f"internal parser error: {type(exc).__name__}: {exc}"[:300]
    if doc.status == "parsed" and (missing := doc.identity_missing()):
        # Decided here, per document, not by a warehouse test after the gate: a report nobody can
        # attribute must not stop the publication of the others.
        doc.status, doc.reason = "quarantined", f"cannot identify the report's {missing} from its content"
    return doc


def read_page(number: int, page: pdfplumber.page.Page) -> tuple[list[Line], list[Rule]]:
    """The page's text lines and its horizontal ruling lines."""
    return read_page_lines(number, page), horizontal_rules(page.edges)


def read_page_lines(number: int, page: pdfplumber.page.Page) -> list[Line]:
    words = [
        part
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True)
        if w.get("upright", True)
        for part in split_glued(
            Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])),
            w.get("chars"),  # (read only for a glued amount and label)
        )
    ]
    lines = join_wrapped_amounts(group_lines(number, words))
    for line in lines:
        join_spaced_letters(line)
    return drop_page_numbers(lines)


def drop_page_numbers(lines: list[Line]) -> list[Line]:
    """Without the page number (- 12 -, 第3页): page furniture, not the last row's label."""
    while lines and PAGE_NUMBER.fullmatch(lines[-1].norm):
        lines.pop()
    while lines and PAGE_NUMBER.fullmatch(lines[0].norm):
        lines.pop(0)
    return lines


def drop_running_headers(pages: list[list[Line]]) -> list[list[Line]]:
    """Without the running header some publishers print atop every page (苏州市审计局2026年度部门预算
    公开): page furniture like page numbers, it would otherwise end every table at a page break."""
    firsts = Counter(lines[0].norm for lines in pages if lines)
    running = {
        text
        for text, n in firsts.items()
        if n >= 3 and n >= len(pages) // 3 and not CODE_RE.match(text) and not text.endswith("表")
    }
    return [lines[1:] if lines and lines[0].norm in running else lines for lines in pages]


# --------------------------------------------------------------------------------------------
# document level


def candidate_profiles(pages: list[list[Line]], front: str) -> list[tuple[ReportProfile, list[Segment]]]:
    """The profiles to read the document with, best first, each with the document cut into its
    segments.

    The kind is that of the profile finding the most distinct titled tables (决算 and 预算 titles
    differ: …决算表 vs …预算表 / 部门收支总表); on a tie, the one whose kind markers (部门决算,
    部门预算 …) the front pages carry. Every template family of that kind (budget.yaml,
    budget_jiangsu.yaml …) that finds a titled table is a candidate, most tables first: the
    reader tries them in turn and keeps the first that reads the document."""
    scored = []
    for name in PROFILES:
        profile = load_profile(name)
        segments = find_segments(pages, profile)
        titled = len({s.code for s in segments if s.title is not None})
        marked = any(m in front for m in profile.kind_markers)
        scored.append(((titled, marked), profile, segments))
    _, best, _ = max(scored, key=lambda c: c[0])
    same_kind = (c for c in scored if c[1].kind == best.kind and (c[0][0] > 0 or c[1] is best))
    ranked = sorted(same_kind, key=lambda c: c[0], reverse=True)
    return [(profile, segments) for _, profile, segments in ranked]


def _read_content(
    doc: ParsedDocument,
    pages: list[list[Line]],
    rules: dict[int, list[Rule]],
    profile: ReportProfile | None,
    chars: dict[int, list[dict[str, Any]]] | None = None,
) -> None:
    """`chars`: the recognised characters per page of a scanned document (else pdfplumber's)."""
    all_lines = [line for page in pages for line in page]
    if not all_lines:
        doc.reason = (
            "no text layer (scanned document?), and no text recognised in its page images"
            if doc.ocr
            else f"no text layer (scanned document?) and too many pages to recognise (> {MAX_OCR_PAGES})"
        )
        return
    front = "".join(line.norm for page in pages[:3] for line in page)
    candidates = candidate_profiles(pages, front) if profile is None else [(profile, find_segments(pages, profile))]
    profile, segments = candidates[0]
    if not segments:
        cover = "".join(line.norm for line in pages[0][:8]) if pages[0] else front[:200]
        if re.search(r"绩效(自评|评价|目标)", cover):
            doc.kind = "performance"
            doc.reason = "performance (绩效) report: not ingested yet"
        elif re.search("|".join(load_profile("budget").kind_markers), front) or (
            "预算" in front and "决算" not in front
        ):
            doc.kind = "budget"
            _identify(doc, all_lines, [])
            _read_text_half(doc, pages, chars)
            return
        else:
            doc.reason = "not a 部门决算 or 部门预算 report: none of the standard tables was found"
        _identify(doc, all_lines, [])
        return
    doc.kind = profile.kind
    _identify(doc, all_lines, segments)
    if doc.unit_name and re.search(r"X{2}|×{2}|某某", doc.unit_name):
        doc.reason = f"a blank template (unit '{doc.unit_name}'), not a report"
        return
    doc.part = "tables"
    norms = [line.norm for line in all_lines]
    full_text = "".join(norms)
    if m := NARRATIVE_TOTAL_RE.search(full_text):
        doc.narrative_total = parse_amount(m.group(1))
    issues: list[ParseIssue] = []
    for candidate, candidate_segments in candidates:
        try:
            doc.tables = _read_all_tables(candidate_segments, candidate, rules, norms)
            doc.status = "parsed"
            doc.reason = doc.reason_page = None
            return
        except ParseIssue as issue:
            issues.append(issue)
    issue = issues[0]  # the first family's reason: profile files are ordered, the general one first
    doc.status = "quarantined"
    doc.reason = str(issue)
    doc.reason_page = issue.page
    # Keep where each table was found (without amounts): the quality mart shows it.
    first = {}
    for seg in segments:
        first.setdefault(seg.code, seg)
    doc.tables = [
        ReportTable(code, "found", first[code].title, first[code].page, first[code].page)
        if code in first
        else ReportTable(code, "missing")
        for code in profile.tables
    ]


# The unit named by the text's 收支 summary (江苏省政协办公厅本年收入预算合计 …), for a text half
# whose cover names none.
_STATEMENT_UNIT = re.compile(
    r"[。：]([\u4e00-\u9fff（）()]{2,30}?)(?:20\d{2}年度?|本年)收入[、和]?(?:支出)?预算(?:总计|合计)"
)


def _read_text_half(
    doc: ParsedDocument, pages: list[list[Line]], chars: dict[int, list[dict[str, Any]]] | None
) -> None:
    """A 部门预算's text without its tables (published as another file): the amounts its text
    states are its facts, as the narrative table (ingest/narratives/budget.yaml)."""
    if doc.unit_name is None:
        text = "".join(line.norm for lines in pages for line in lines)
        names = (m.group(1) for m in _STATEMENT_UNIT.finditer(text))
        doc.unit_name = next((n for n in names if ORGANISATION.search(n)), None)
    statements = read_statements(Path(doc.file_path), pages, doc.kind, chars)
    if not statements:
        doc.reason = "部门预算 text without the budget tables and stating none of the budget figures"
        return
    narrative = load_narrative(doc.kind)
    doc.part, doc.status, doc.reason = "text", "parsed", None
    pages_read = [a.page for a in statements]
    first, last = min(pages_read), max(pages_read)
    doc.tables = [ReportTable(narrative.table, "found", narrative.name, first, last, "万元", None, statements)]


def _read_all_tables(
    segments: list[Segment], profile: ReportProfile, rules: dict[int, list[Rule]], norms: list[str]
) -> list[ReportTable]:
    tables = read_tables(segments, profile, rules)
    for table in tables:
        # A table the document never names (its 目录 does not list it) was left out by the
        # publisher: recorded as missing. One it names but we did not find is our failure.
        if table.status == "missing" and profile.tables[table.table_code].named_in(norms):
            raise ParseIssue(f"table {table.table_code} is named in the document but was not found")
    return tables


# Covers naming the reporting unit, tried in order: 部门/单位 budget or accounts (福州经济技术开发区
# 生态环境局 / 单位预算; 陕西 西安市医疗保障局2022年部门综合预算), else a 预算公开 title without 部门
# (2018年度江苏省高级人民法院预算公开). A name starts with a character (not the cover's stray `.`).
_COVER_UNIT = (
    re.compile(r"(?:20\d{2}年度?)?([\u4e00-\u9fff].{1,39}?)(?:20\d{2})?年?度?(?:部门|单位)(?:综合)?(?:决算|预算)"),
    re.compile(r"20\d{2}年度?([\u4e00-\u9fff].{1,39}?)(?:决算|预算)公开"),
)


def _cover_unit(front: str) -> str | None:
    """The unit a report's first pages name, if it reads like an organisation (…局, …委员会,
    …中心（本级）)."""
    for pattern in _COVER_UNIT:
        if m := pattern.search(front):
            name = m.group(1).rsplit("名称", 1)[-1]  # 部门（单位）名称宁德市… forms
            if ORGANISATION.search(name) and "表" not in name:
                return name
    return None


def _identify(doc: ParsedDocument, lines: list[Line], segments: list[Segment]) -> None:
    """Unit and fiscal year from the content: the tables' 单位： lines and titles, else the cover."""
    units: Counter[str] = Counter()
    years: Counter[int] = Counter()
    for seg in segments:
        for line in seg.lines[:6]:
            for value in UNIT_RE.findall(line.text):
                if _money_unit(value) is None:
                    units[value] += 1
        if seg.title and (m := YEAR_RE.search(seg.title)):
            years[int(m.group(1))] += 1
    front = "".join(line.norm for line in lines if line.page <= 2)
    # Covers print the year before or after the title (上海市普陀区财政局 / 年度部门决算 / 2024).
    if not years and (m := YEAR_RE.search(front) or re.search(r"(20\d{2})", front)):
        years[int(m.group(1))] += 1
    cover = _cover_unit(front)
    doc.unit_name = units.most_common(1)[0][0] if units else cover
    if cover and doc.unit_name and re.fullmatch(re.escape(doc.unit_name) + r"[（(](本级|汇总)[)）]", cover):
        # The tables name the organisation, the cover which of its reports this is (长春市信访局 /
        # 长春市信访局（本级）): the 本级 and 汇总 reports of one department are different units.
        doc.unit_name = cover
    if not years:
        # Tables-only files (江苏 公开表) print the year only in a later title (2018年政府采购预算表):
        # the year most often written as 20xx年 anywhere in the document.
        years.update(int(y) for line in lines for y in re.findall(r"(20\d{2})\s*年", line.text))
    doc.fiscal_year = years.most_common(1)[0][0] if years else None


# --------------------------------------------------------------------------------------------
# finding the tables


def find_segments(pages: list[list[Line]], profile: ReportProfile) -> list[Segment]:
    """Cut pages into table segments: from a title to the next title, note or page end.

    A page without a title continues the last table when that table has not printed its note
    (注：…) yet and the page starts with table rows or repeats the table's header.
    """
    segments: list[Segment] = []
    open_table: str | None = None
    opening: set[str] = set()  # the open table's first lines: a repeated header continues it
    for lines in pages:
        current: Segment | None = None
        skip = 0
        for i, line in enumerate(lines):
            if skip:  # the wrapped rest of a title
                skip -= 1
                continue
            code, title, taken = _title_at(lines, i, profile)
            if code == "":
                # The title of a table the profile does not read: it ends the table before it.
                current, open_table, skip = None, None, taken - 1
                continue
            if code is not None:
                skip = taken - 1
                current = Segment(code, line.page, [], title)
                segments.append(current)
                # A one-row table (“三公”经费) never continues on the next page.
                one_row = all(p.single_row for p in profile.tables[code].panels)
                open_table = None if one_row else code
                opening = set()
                continue
            if current is not None and current.title is not None and len(current.lines) < 12:
                opening.add(line.norm)
            if (
                current is None
                and open_table is not None
                and not NOTE.match(line.norm)
                and _continues(
                    lines[i : i + 3], profile.tables[open_table], opening,
                    pending=not any(_is_data_line(x) for x in segments[-1].lines),
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
            if TABLE_NUMBER.fullmatch(line.norm) and any(_is_data_line(x) for x in current.lines):
                # The printed number of the next table (江苏 `公开05表` on its own line above its
                # title) ends this one; right after a title it is this table's own (公开表一).
                current = None
                open_table = None
                continue
            current.lines.append(line)
    # A title without rows and a bare continuation of nothing are dropped by the reader.
    return [s for s in segments if s.title is not None or any(_is_data_line(line) for line in s.lines)]


SUBTITLE = re.compile(r"(单位|部门)(名称)?[：:]")


def _title_at(lines: list[Line], i: int, profile: ReportProfile) -> tuple[str | None, str, int]:
    """(table code, title text, lines taken) of a title starting at lines[i]: code None when the
    line is no title, "" for the title of a table the profile does not read. A long title may
    wrap onto one or two short lines (江苏: `…培训费支出预` / `“ | ”` / `算表`; `…培训费` / `支出预算表`)."""
    text = lines[i].text
    for n in range(1, 4):
        if n > 1:
            rest = lines[i + n - 1] if i + n - 1 < len(lines) else None
            if rest is None or len(rest.norm) > 6 or re.search(r"\d", rest.norm):
                break
            text += rest.text
        after = lines[i + n] if i + n < len(lines) else None
        follows = after is not None and SUBTITLE.search(after.norm) is not None
        code = _title_code(text, follows, profile)
        if code is not None:
            if n > 1 and not TABLE_NUMBER.fullmatch(lines[i].norm) and any(
                _title_code("".join(x.text for x in lines[i + k : i + n]), follows, profile) == code
                for k in range(1, n)
            ):
                # The title is printed whole on the lines below: this line is the wrapped end of
                # a row (江苏 rdbgt_2017 p9 `13,649.07 | 支出合计 | 13,649.07` / `计` / `收入预算总表`).
                return None, lines[i].text, 1
            return code, text, n
    return None, text, 1


def _title_code(text: str, follows: bool, profile: ReportProfile) -> str | None:
    """The table code of a title text, "" for a table the profile does not read, else None."""
    code = profile.table_for_title(text, follows)
    if code is None and profile.is_other_title(text, follows):
        code = ""
    return code


def _continues(lines: list[Line], tprof: TableProfile, opening: set[str], pending: bool = False) -> bool:
    """Whether a page's first lines carry on the open table: a row (amounts, a code, a numbered
    or known summary label) or a repeat of the table's header, possibly after the wrapped label
    lines of that row. Prose or a heading (…说明) ends it. `pending`: the table has printed no
    row yet, so the rest of its header (a line with one of its column names) continues it too
    (江苏 gy_2018: title and `收入 | 支出` at a page's foot, `项目名称 | 金额` atop the next)."""
    every_key = {a.key for p in tprof.panels for a in p.rows}
    columns = [aliases for p in tprof.panels for aliases in p.columns.values()]
    for k, line in enumerate(lines):
        below = lines[k + 1].words if k + 1 < len(lines) else []
        if (
            len(below) > 1
            and CODE_RE.match(below[0].text)
            and all(_looks_like_amount(w.text) for w in below[1:])
            and not re.search(r"\d|说明", line.norm)
        ):
            # A long name wrapped around its row: the line below has a code and amounts but no
            # name (中央 B03 atop p8: `机关事业单位基本养老保险缴费支` / `2080505 | 657.51 | …` / `出`).
            return True
        if re.fullmatch(r"\S{0,40}表([（(]\S{1,8}[)）])?", line.norm) and not _is_data_line(line):
            return False  # the title of a table the profile does not read (江苏 收入预算总表)
        if _is_data_line(line) or line.norm in opening:
            return True
        if pending and any(_alias_match(normalize(w.text), aliases) for w in line.words for aliases in columns):
            return True
        first = normalize(line.words[0].text)
        if CODE_RE.match(first) or any(p.row_key(first, every_key) for p in tprof.panels):
            return True
        if NUMBERED.match(first) and not re.search(r"说明|情况", line.norm):
            return True
        if len(line.norm) > 12 or re.search(r"\d|说明", line.norm):
            return False  # not a wrapped label fragment: the page is no continuation
    return False


def _looks_like_amount(text: str) -> bool:
    """An amount by its form alone: decimals (728.03) or thousands separators (2,878,025 元).
    A bare integer may be a code, a 行次 or a page number; the column decides (`_fragments`)."""
    return ("." in text or "," in text) and parse_amount(text) is not None


def _is_data_line(line: Line) -> bool:
    words = [w.text for w in line.words]
    if any(_looks_like_amount(t) for t in words):
        return True
    return bool(words) and CODE_RE.match(words[0]) is not None and len(words) > 1


# --------------------------------------------------------------------------------------------
# reading one table


def read_tables(
    segments: list[Segment], profile: ReportProfile, rules: dict[int, list[Rule]] | None = None
) -> list[ReportTable]:
    tables: dict[str, ReportTable] = {}
    fragments: dict[str, list[tuple[int, Fragment]]] = {}
    layouts: dict[str, Layout] = {}
    by_unit: set[str] = set()  # tables whose rows are budget units (the header names them)
    first_headers: dict[str, set[str]] = {}  # the lines of each table's first header
    for seg in segments:
        tprof = profile.tables[seg.code]
        table = tables.get(seg.code)
        if table is None:
            table = ReportTable(seg.code, "empty", title=seg.title, first_page=seg.page)
            tables[seg.code] = table
        table.last_page = seg.page
        header, data, meta = _split_header(seg.lines)
        # A repeated header followed by the wrapped first line of the page's first row (深圳
        # `深圳市社会保险基金管理局` / its amounts / `（本级）`): lines after the last line of the
        # table's first header that this header did not print are that row's label.
        known = first_headers.setdefault(seg.code, {line.norm for line in header})
        if seg.title is not None and seg.code in layouts:
            last = max((i for i, line in enumerate(header) if line.norm in known), default=-1)
            if 0 <= last < len(header) - 1:
                header, data = header[: last + 1], [*header[last + 1 :], *data]
        for value in (v for line in meta for v in UNIT_RE.findall(line.text)):
            if money := _money_unit(value):
                table.printed_unit = money
            elif table.unit_name is None:
                table.unit_name = value
        cells = header_cells(header)
        # 部门名称 / 单位名称, also 长春's 部门（单位）名称
        if cells and any(re.search(r"(部门|单位)[)）]?名称", c.text) for c in cells):
            by_unit.add(seg.code)
        try:
            layout = _layout(cells, tprof, data) if cells else None
        except ParseIssue as issue:
            raise ParseIssue(f"table {seg.code}: {issue}", seg.page) from None
        if layout is None or not layout.anchors:
            layout = layouts.get(seg.code)
            if seg.title is None:
                # A continuation page without repeated header: what looked like header lines
                # are the wrapped label lines of its first row.
                data = [*header, *data]
        if layout is None:
            if any(_is_data_line(line) for line in data):
                raise ParseIssue(f"table {seg.code}: header columns not recognised", seg.page)
            continue
        layouts[seg.code] = layout
        data = join_ruled_rows(data, (rules or {}).get(seg.page, []))
        for line in data:
            for panel_idx, frag in _fragments(seg.code, line, layout, tprof):
                fragments.setdefault(seg.code, []).append((panel_idx, frag))
    result = []
    rows = {code: _pivot_rotated(code, _assemble_rows(frags, profile.tables[code]), profile.tables[code])
            for code, frags in fragments.items()}
    resolvers = {"function": CodeResolver("function"), "economic": CodeResolver("economic")}
    # Learn every full code printed anywhere in the report before repairing cut ones (qingshan
    # prints 208050 in 03 where 02 and 05 print 2080501 beside the same name).
    for code, table_rows in rows.items():
        kind = profile.tables[code].subjects
        if kind:
            for _, f in table_rows:
                if f.codes:
                    resolvers[kind].learn("".join(f.codes), f.label_text)
    for code in profile.tables:
        table = tables.get(code)
        if table is None:
            result.append(ReportTable(code, "missing"))
            continue
        table.printed_unit = table.printed_unit or "万元"
        transposed = set(layouts[code].transposed) if code in layouts else set()
        table.amounts = _rows_to_amounts(
            code, rows.get(code, []), profile.tables[code], table, resolvers, code in by_unit, transposed
        )
        table.status = "found" if table.amounts else "empty"
        result.append(table)
    return result


def _split_header(lines: list[Line]) -> tuple[list[Line], list[Line], list[Line]]:
    """(header lines, data lines, meta lines such as 单位： and 公开01表)."""
    meta: list[Line] = []
    header: list[Line] = []
    data: list[Line] = []
    for i, line in enumerate(lines):
        text = line.norm
        if NOTE.match(text):
            break
        if data:
            data.append(line)
            continue
        if UNIT_RE.search(line.text) or TABLE_NUMBER.fullmatch(text):
            meta.append(line)
            continue
        if "栏次" in text or (header and all(w.text.isdigit() for w in line.words)):
            # The 栏次 line numbers the columns: it closes the header, data follows.
            header.append(line)
            return header, _until_note(lines[i + 1 :]), meta
        first = normalize(line.words[0].text)
        # A header cell may read like a row label (合计 heads the total column of 05), so
        # only amounts, codes and numbered 01/04 labels start the data.
        if _is_data_line(line) or NUMBERED.match(first):
            data.append(line)
            continue
        header.append(line)
    return header, data, meta


def _until_note(lines: list[Line]) -> list[Line]:
    out = []
    for line in lines:
        if NOTE.match(line.norm):
            break
        out.append(line)
    return out


def _alias_match(text: str, aliases: Iterable[str]) -> bool:
    return any((text == a) if len(a) == 1 else (a in text) for a in aliases)


def _layout(cells: list[HeaderCell], tprof: TableProfile, data: list[Line]) -> Layout | None:
    """Assign header cells to columns left to right (see the profile file's header comment)."""
    if len(tprof.panels) == 1 and tprof.panels[0].by_order:
        # Columns by printed order (Panel.by_order): the labels end where the amounts start.
        # (whole 元 amounts like 551800 count too, unless first on their line: a unit code)
        xs = [
            w.x0
            for line in data
            for i, w in enumerate(line.words)
            if _looks_like_amount(w.text) or (i > 0 and parse_amount(w.text) is not None)
        ]
        if not xs:
            return None
        anchors = [Anchor(0, key, 0.0, 0.0) for key in tprof.panels[0].columns]
        return Layout(anchors, [(float("-inf"), min(xs) - 2, float("inf"))])
    best: list[Anchor] = []
    best_transposed: dict[int, Transposed] = {}
    choices = [
        [(p.columns, None), *((c, None) for c in p.alt_columns)]
        + ([(p.transposed.columns, p.transposed)] if p.transposed else [])
        # a turned panel's printed columns are its rows: anchors keyed by row key (see _pivot_rotated)
        if not p.rotated
        else [({c.key: c.header for c in p.rotated.columns}, None)]
        for p in tprof.panels
    ]
    # An alternative order with a prior year's columns (keys prior_…: 烟台 “三公” 2025年预算数 |
    # 2026年预算数, 中央 2025年执行数 beside the 2026 budget) applies only where the header names
    # two years: elsewhere its repeated aliases would out-match a one-year header's own order. (A
    # family whose own order has them, 西安 上年 | 当年 | 增减, prints them every year.)
    two_years = len({y for c in cells for y in re.findall(r"(20\d{2})年", c.text)}) >= 2
    for orders in itertools.product(*choices):
        if not two_years and any(
            k.startswith("prior_")
            for panel, (columns, _) in zip(tprof.panels, orders, strict=True)
            if columns is not panel.columns
            for k in columns
        ):
            continue
        sequence: list[tuple[int, str, list[str]]] = []
        for p_idx, (panel, (columns, _)) in enumerate(zip(tprof.panels, orders, strict=True)):
            if panel.line_column:
                sequence.append((p_idx, "_line", panel.line_column))
            sequence.extend((p_idx, key, aliases) for key, aliases in columns.items())
        found: list[Anchor] = []
        pointer = 0
        for cell in cells:
            for i in range(pointer, len(sequence)):
                p_idx, key, aliases = sequence[i]
                if _alias_match(cell.text, aliases):
                    found.append(Anchor(p_idx, key, *cell.own_span))
                    pointer = i + 1
                    break
        found += _out_of_order(cells, found, sequence)
        if len(found) > len(best):
            best = found
            best_transposed = {i: t for i, (_, t) in enumerate(orders) if t is not None}
    anchors = best
    if not any(a.key != "_line" for a in anchors):
        return None
    present = sorted({a.panel for a in anchors})
    for p_idx, panel in enumerate(tprof.panels):
        if p_idx not in present and not panel.optional:
            raise ParseIssue(f"header of panel '{panel.name}' not recognised")
    # A panel the table does not print (06 printed in two halves) gets an empty range.
    bounds: list[tuple[float, float, float]] = [(0.0, 0.0, 0.0)] * len(tprof.panels)
    start = float("-inf")
    numbers = [w for line in data for w in line.words if _looks_like_amount(w.text)]
    for i, p_idx in enumerate(present):
        mine = [a for a in anchors if a.panel == p_idx]
        label_end = min(a.x0 for a in mine) - 2
        # An amount under the first column's header cell is that column's, even where it starts
        # left of the cell's text (江苏 jcy_2019 07表: `金额` printed right of its amounts).
        first = min(mine, key=lambda a: a.x0)
        under = [w.x0 for w in numbers if w.x0 > start and w.x0 < first.x0 < w.x1]
        label_end = min([label_end, *(x - 1 for x in under)])
        end = float("inf")
        if i + 1 < len(present):
            following = [a for a in anchors if a.panel == present[i + 1]]
            # Amounts are right-aligned in their cells: the panel ends just after the widest
            # amount of its last column (the next panel's labels start at the cell border).
            last = max(mine, key=lambda a: a.x1)
            nxt = min(following, key=lambda a: a.x0)
            ours = [w.x1 for w in numbers if w.xc > start and abs(w.xc - last.xc) < abs(w.xc - nxt.xc)]
            later = [c.x0 for c in cells if c.x0 > last.x1]
            # (amounts are placed by their centre, so the end may lie a point inside the widest
            # one: a label glued to it, `0.00结转下年`, starts right at its estimated x1)
            end = max(ours) - 1 if ours else (last.x1 + min(later, default=nxt.x0)) / 2
            if not ours:
                # No amount in our last column on this page (江苏 01: blank 功能 lines): the
                # next panel's left-aligned labels may start before that midpoint.
                starts = [w.x0 for line in data for w in line.words
                          if last.x1 < w.x0 < end and parse_amount(w.text) is None]
                end = min([end, *starts])
        bounds[p_idx] = (start, label_end, end)
        start = end
    return Layout(anchors, bounds, best_transposed)


def _out_of_order(
    cells: list[HeaderCell], found: list[Anchor], sequence: list[tuple[int, str, list[str]]]
) -> list[Anchor]:
    """Anchors for the cells the in-order pass left out whose text names a column of the same
    panel that is still unused: templates print the same sources in different orders (重庆
    B02 puts 事业收入 before 上级补助收入). The panel is that of the nearest anchor on the left."""
    taken = {(a.panel, a.key) for a in found}
    spans = {(a.x0, a.x1) for a in found}
    extra: list[Anchor] = []
    for cell in cells:
        if cell.own_span in spans:
            continue
        left = [a for a in found if a.x1 <= cell.x0]
        if not left:
            continue
        panel = max(left, key=lambda a: a.x1).panel
        for p_idx, key, aliases in sequence:
            if p_idx == panel and (p_idx, key) not in taken and _alias_match(cell.text, aliases):
                extra.append(Anchor(p_idx, key, *cell.own_span))
                taken.add((p_idx, key))
                break
    return extra


def _fragments(code: str, line: Line, layout: Layout, tprof: TableProfile) -> list[tuple[int, Fragment]]:
    frags = [Fragment(line.page, line.top, line.bottom) for _ in tprof.panels]
    pending: dict[int, list[Word]] = {}  # amounts per panel, assigned to columns below
    for w in line.words:
        # Amounts by their centre; text by its left edge (labels are left-aligned and may overflow).
        x = w.xc if parse_amount(w.text) is not None else w.x0 + 1
        # Panel ranges tile the line from -inf to +inf (a panel not printed has an empty range).
        p_idx = next(i for i, (s, _, e) in enumerate(layout.panel_bounds) if s <= x < e)
        frag = frags[p_idx]
        _, label_end, _ = layout.panel_bounds[p_idx]
        text = w.text.strip()
        # A one-row table has no label column: an amount left of its header cell is still an amount.
        one_row_amount = tprof.panels[p_idx].single_row is not None and parse_amount(text) is not None
        if w.xc < label_end and not one_row_amount:
            frag.label.append(w)  # codes are split off below, once the whole zone is known
            continue
        if is_blank_mark(text):
            continue
        if RATIO.fullmatch(text) and any(a.panel == p_idx and a.key.endswith("_pct") for a in layout.anchors):
            # A ratio (增减(%) beside 增减额, 中央 B05) is no money amount of the contract: where
            # the profile names the ratio column (a key ending _pct) its cells are not read.
            continue
        # A bare integer right of the labels is the 行次 where the panel has that column, else
        # an amount in whole 元 (上海 budget tables print 2,878,025 and 500 alike).
        whole = text.isdigit() and not tprof.panels[p_idx].line_column
        if _looks_like_amount(text) or whole or (tprof.panels[p_idx].by_order and parse_amount(text) is not None):
            pending.setdefault(p_idx, []).append(w)  # (by_order: also -20400, whole 元)
        elif text.isdigit():
            frag.line_no = int(text)
        else:
            frag.label.append(w)
    for p_idx, words in pending.items():
        if tprof.panels[p_idx].by_order:
            keys = list(tprof.panels[p_idx].columns)
            if len(words) != len(keys):
                raise ParseIssue(
                    f"table {code}: {len(words)} amounts on a line of {len(keys)} columns ('{line.text[:60]}')",
                    line.page,
                )
            frags[p_idx].amounts = dict(zip(keys, sorted(words, key=lambda w: w.x0), strict=True))
            continue
        mine = [a for a in layout.anchors if a.panel == p_idx and a.key != "_line"]
        nearest = [min(mine, key=lambda a: abs(a.xc - w.xc)) for w in words]
        if len({a.key for a in nearest}) < len(words):
            # Two amounts nearest to one header: amounts are right-aligned while headers are
            # centred (江苏 rdbgt_2018 03表: `合计` far left of its 15897.44: an amount belongs to
            # the last column whose header starts before the amount ends) or their cell's last
            # header line is short (西安 2022 收入总表 `0` under 其中：专项资金列入部门预/算项目: the
            # right edges decide). The first reading that gives each amount its own column wins.
            by_start = [max((a for a in mine if a.x0 <= w.x1), key=lambda a: a.x0, default=None) for w in words]
            by_right = [min(mine, key=lambda a: abs(a.x1 - w.x1)) for w in words]
            for reading in (by_start, by_right):
                if all(reading) and len({a.key for a in reading if a}) == len(words):
                    nearest = [a for a in reading if a]
                    break
            else:
                key = next(a.key for i, a in enumerate(nearest) if a in nearest[:i])
                raise ParseIssue(
                    f"table {code}: two amounts fall in column {key} on one line ('{line.text[:60]}')", line.page
                )
        for w, anchor in zip(words, nearest, strict=True):
            frags[p_idx].amounts[anchor.key] = w
    # Codes are the digit-only words left of the name (类 | 款 | 项 cells, or one code cell);
    # a name wrapped above its row comes first in reading order, so go by position.
    for frag in frags:
        _repair_clipped_code_cells(frag)
        names = [w for w in frag.label if not CODE_RE.match(w.text.strip())]
        name_x0 = min((w.x0 for w in names), default=float("inf"))
        codes = sorted((w for w in frag.label if CODE_RE.match(w.text.strip()) and w.x1 <= name_x0 + 1),
                       key=lambda w: w.x0)
        if codes:
            frag.codes = [w.text.strip() for w in codes]
            frag.label = [w for w in frag.label if w not in codes]
    # Transposed panels: the row label (预算数 / 决算数) completes the column keys.
    for p_idx, transposed in layout.transposed.items():
        frag = frags[p_idx]
        if frag.amounts:
            prefix = transposed.prefix(frag.label_text)
            if prefix is None:
                raise ParseIssue(f"table {code}: row '{frag.label_text}' is none of {list(transposed.rows)}", line.page)
            frag.amounts = {prefix + key: w for key, w in frag.amounts.items()}
    # A total line's label may sit in a cell merged over several panels (公用经费合计 over the
    # middle and right groups of table 06): its amounts then land in a panel without label.
    for i, frag in enumerate(frags):
        if frag.amounts and not (frag.label or frag.codes):
            left = next((f for f in reversed(frags[:i]) if f.label and not f.amounts and not f.codes), None)
            if left is not None:
                left.amounts, frag.amounts = frag.amounts, {}
    return [(i, f) for i, f in enumerate(frags) if f.codes or f.label or f.amounts or f.line_no]


def _repair_clipped_code_cells(frag: Fragment) -> None:
    """上海 budget tables print some code cells clipped to one digit: `301 | 2 | 津贴补贴` for
    301 02, `7 | 11 | 02` for 210 11 02. A lone digit right after a code cell is that cell's
    2-digit code (0-padded); one before every code cell is a clipped 类, dropped (the code is
    then repaired from its parent and the catalog)."""
    words = sorted(frag.label, key=lambda w: w.x0)
    fixed: list[Word] = []
    for i, w in enumerate(words):
        text = w.text.strip()
        if len(text) == 1 and text.isdigit():
            before = [v for v in words[:i] if CODE_RE.match(v.text.strip())]
            after = [v for v in words[i + 1 :] if CODE_RE.match(v.text.strip())]
            if before and before[-1] is words[i - 1]:
                w = Word("0" + text, w.x0, w.x1, w.top, w.bottom)
            elif after and not before:
                continue
        fixed.append(w)
    if len(fixed) != len(words) or any(a is not b for a, b in zip(fixed, words, strict=False)):
        frag.label = fixed


def _is_anchor_row(frag: Fragment, panel: Panel, seen: set[str]) -> bool:
    label = frag.label_text
    return bool(
        frag.codes
        or frag.amounts
        or frag.line_no is not None
        or NUMBERED.match(label)
        or re.match(r"\d{1,2}、\D", label)  # 西安 numbers lines 1、 2、 …, printed without amounts when empty
        or panel.row_key(label, seen)
    )


def _assemble_rows(frags: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """Rows of a table in printed order, wrapped label lines joined to the nearest row of the
    same panel on the same page (a name wrapped over two lines, above and/or below its row)."""
    rows: list[tuple[int, Fragment]] = []
    loose: list[tuple[int, Fragment]] = []
    seen_keys: dict[int, set[str]] = {}
    for p_idx, frag in frags:
        panel = tprof.panels[p_idx]
        if _is_anchor_row(frag, panel, seen_keys.setdefault(p_idx, set())):
            rows.append((p_idx, frag))
            key = panel.row_key(frag.label_text, seen_keys[p_idx])
            if key:
                seen_keys[p_idx].add(key)
        else:
            loose.append((p_idx, frag))
    for p_idx, frag in loose:
        same = [r for i, r in rows if i == p_idx and r.page == frag.page]
        if not same:
            continue
        target = min(same, key=lambda r: min(abs(r.top - frag.bottom), abs(frag.top - r.bottom)))
        target.label = [*target.label, *frag.label]
    rows.sort(key=lambda r: (r[1].page, r[1].top, r[0]))
    return rows


def _pivot_rotated(code: str, rows: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """Turn the rows of a panel printed turned (Rotated: 广东 “三公”经费 table lists the items as
    rows and the funds as columns) into the profile's shape: one row per printed column (its
    anchor key is the row key), the item named by each printed row's label as the column key.
    Every amount keeps its own page and box."""
    out: list[tuple[int, Fragment]] = []
    turned: dict[tuple[int, str], Fragment] = {}
    for p_idx, frag in rows:
        rotated = tprof.panels[p_idx].rotated
        if rotated is None:
            out.append((p_idx, frag))
            continue
        if not frag.amounts:
            continue  # a heading line without amounts
        item = rotated.item_key(frag.label_text)
        if item is None:
            raise ParseIssue(f"table {code}: row '{frag.label_text}' is none of {list(rotated.items)}", frag.page)
        for key, w in frag.amounts.items():
            target = turned.get((p_idx, key))
            if target is None:
                name = next(c.name for c in rotated.columns if c.key == key)
                target = Fragment(frag.page, frag.top, frag.bottom, row_key=key)
                target.label = [Word(name, w.x0, w.x1, w.top, w.bottom)]
                turned[(p_idx, key)] = target
                out.append((p_idx, target))
            if item in target.amounts:
                raise ParseIssue(f"table {code}: two rows read as item {item} ('{frag.label_text}')", frag.page)
            target.amounts[item] = w
    return out


def _rows_to_amounts(
    code: str,
    rows: list[tuple[int, Fragment]],
    tprof: TableProfile,
    table: ReportTable,
    resolvers: dict[str, CodeResolver],
    by_unit: bool = False,
    transposed: set[int] | frozenset[int] = frozenset(),
) -> list[Amount]:
    """Codes, row keys and amounts of the assembled rows."""
    amounts: list[Amount] = []
    # A one-row table printed transposed (a line per item or per 预算数/决算数, the line's label
    # completing the column keys) is still one row: its lines share the first line's row_no, so
    # the per-row identities (“三公” 合计 = Σ items) see all of its amounts together.
    one_row: dict[int, int] = {}
    seen: dict[int, set[str]] = {}
    parents: dict[int, dict[int, str]] = {}  # panel -> level length -> current code
    first_page_of: dict[tuple, int] = {}
    rows = _latest_year_rows(code, rows, tprof)
    units: dict[int, int] = {}  # unit rows seen per panel with `unit_total` (深圳 unit blocks)
    lone_line = sum(1 for _, f in rows if f.amounts) == 1  # see Panel.unlabelled_row
    for row_no, (p_idx, frag) in enumerate(rows, start=1):
        panel = tprof.panels[p_idx]
        label = frag.label_text
        # Some publishers repeat the 合计 line under the header of every continuation page:
        # the same line with the same amounts on a later page is a repetition, not a row.
        # (深圳 repeats code rows once per unit block: the block is part of the line's identity.)
        signature = (p_idx, units.get(p_idx), tuple(frag.codes), label,
                     tuple(sorted((k, w.text) for k, w in frag.amounts.items())))
        if frag.amounts and first_page_of.setdefault(signature, frag.page) != frag.page:
            continue
        seen_p = seen.setdefault(p_idx, set())
        subject_code: str | None = None
        printed_code: str | None = None
        row_key = frag.row_key or (panel.row_key(label, seen_p) if not frag.codes else None)
        if row_key is None and panel.unlabelled_row and not (label or frag.codes) and lone_line:
            row_key = panel.unlabelled_row
        if row_key:
            seen_p.add(row_key)
        elif by_unit and panel.unit_rows and frag.amounts:
            row_key = panel.unit_rows.key
            printed_code = "".join(frag.codes) or None
        elif panel.unit_total and panel.unit_rows and frag.amounts and not frag.codes:
            # 深圳: no 合计 line; the first unit row (the department) is the total, then its units.
            row_key = panel.unit_rows.key if p_idx in units else panel.unit_total.key
            units[p_idx] = units.get(p_idx, 0) + 1
        elif panel.single_row:
            row_key = panel.single_row.key
        elif panel.class_rows and frag.amounts:
            # 深圳 and 浙江 print, under each 类, its 款 and 项 by name only: an un-numbered name
            # under an open 类 is first read as a child of the open rows (see CodeResolver.resolve_name).
            if parents.get(p_idx) and not NUMBERED.match(label):
                subject_code = _resolve_name(label, "function", resolvers, parents, p_idx)
            if subject_code is None:
                subject_code = class_code_for_name(label)
            numbered = re.search(LINE_NUMBERING, label)
            if subject_code is None and numbered and numbered.start() > 0:
                # The wrapped tail of the line before, printed atop a new page, was joined to the
                # first 类 line there (江苏: `十七、国土海洋气象等支` / page break / `出`).
                label = label[numbered.start():]
                subject_code = class_code_for_name(label)
            if subject_code is None:
                subject_code = _resolve_name(label, "function", resolvers, parents, p_idx)
            else:
                _resolve_name(label, "function", resolvers, parents, p_idx, subject_code)  # now open
            if subject_code is None:
                raise ParseIssue(f"table {code}: spending line '{label}' is no known 类", frag.page)
        elif frag.codes and tprof.subjects:
            printed_code = "".join(frag.codes)
            subject_code = _resolve_code(printed_code, label, tprof.subjects, resolvers, parents, p_idx)
            if subject_code is None:
                raise ParseIssue(
                    f"table {code}: cannot recover the code printed as {printed_code} ('{label}')",
                    frag.page,
                )
        elif frag.amounts and tprof.subjects:
            # A subject printed by name alone (杭州 prints no codes): the catalog's, by name
            # under the rows above; the printed name is kept, no code is printed.
            subject_code = _resolve_name(label, tprof.subjects, resolvers, parents, p_idx)
        if frag.amounts and subject_code is None and row_key is None:
            raise ParseIssue(f"table {code}: row '{label}' has amounts but no code or known label", frag.page)
        if panel.single_row and p_idx in transposed and frag.amounts:
            row_no = one_row.setdefault(p_idx, row_no)
            if twice := {a.column_key for a in amounts if a.row_no == row_no} & set(frag.amounts):
                raise ParseIssue(f"table {code}: line '{label}' repeats column {min(twice)}", frag.page)
        for key, w in frag.amounts.items():
            value = parse_amount(w.text)
            assert value is not None
            amounts.append(
                Amount(
                    table_code=code,
                    page=frag.amount_pages.get(key, frag.page),
                    row_no=row_no,
                    row_label=label,
                    column_key=key,
                    amount=value,
                    amount_text=w.text,
                    printed_unit=table.printed_unit or "万元",
                    subject_code=subject_code,
                    printed_code=printed_code,
                    row_key=row_key,
                    line_no=frag.line_no,
                    x0=w.x0,
                    x1=w.x1,
                    top=w.top,
                    bottom=w.bottom,
                )
            )
    return amounts


def _latest_year_rows(code: str, rows: list[tuple[int, Fragment]], tprof: TableProfile) -> list[tuple[int, Fragment]]:
    """The rows of panels printed per year (YearRows: 深圳 “三公” `2025年` | `2026年` | `增减变化金额`
    per unit) as one row per unit: the latest year's line, labelled with the unit named on its
    group's lines (the name is printed on the first year's line, wrapped names around it), with
    the earlier year's amounts and the change line's joined under prefixed keys. A group ends at
    its change line or where the years start again."""
    out: list[tuple[int, Fragment]] = []
    group: dict[int, list[Fragment]] = {}
    current: dict[int, Fragment] = {}  # per panel, the group's latest-year line, once seen
    latest: dict[int, int] = {}  # per panel, the latest year its rows name
    for p_idx, frag in rows:
        for y in re.findall(r"(20\d{2})年", frag.label_text):
            latest[p_idx] = max(latest.get(p_idx, 0), int(y))
    for p_idx, frag in rows:
        spec = tprof.panels[p_idx].year_rows
        if spec is None:
            out.append((p_idx, frag))
            continue
        label = frag.label_text
        year = re.search(r"(20\d{2})年", label)
        mine = group.setdefault(p_idx, [])
        if any(re.fullmatch(s, label) for s in spec.change):
            if frag.amounts and p_idx not in current:
                raise ParseIssue(f"table {code}: change line '{label}' without its year's line", frag.page)
            if frag.amounts:
                _join_amounts(current[p_idx], frag, spec.change_prefix)
            mine.clear()
            current.pop(p_idx, None)
            continue
        if year and mine and any(int(y) >= int(year.group(1)) for f in mine
                                 for y in re.findall(r"(20\d{2})年", f.label_text)):
            mine.clear()  # the years start again: a new unit
            current.pop(p_idx, None)
        mine.append(frag)
        if year is None and frag.amounts:
            raise ParseIssue(f"table {code}: row '{label}' has amounts but no year", frag.page)
        if year is not None and int(year.group(1)) == latest.get(p_idx):
            name = "".join(re.sub(r"20\d{2}年", "", f.label_text) for f in mine)
            first = frag.label[0] if frag.label else next(iter(frag.amounts.values()))
            frag.label = [Word(name or label, first.x0, first.x1, first.top, first.bottom)]
            for earlier in mine[:-1]:
                if earlier.amounts:
                    _join_amounts(frag, earlier, spec.prior)
            current[p_idx] = frag
            out.append((p_idx, frag))
    return out


def _join_amounts(row: Fragment, other: Fragment, prefix: str) -> None:
    """`other`'s amounts into `row`, under `prefix` + their column key, each keeping its page."""
    for key, word in other.amounts.items():
        row.amounts[prefix + key] = word
        if other.page != row.page:
            row.amount_pages[prefix + key] = other.page


def _resolve_code(
    printed: str,
    label: str,
    kind: str,
    resolvers: dict[str, CodeResolver],
    parents: dict[int, dict[int, str]],
    panel: int,
) -> str | None:
    resolver = resolvers[kind]
    current = parents.setdefault(panel, {})
    lengths = resolver.lengths
    # The parent of a cut code: the deepest current code shorter than the code it stands for.
    parent = None
    for n in sorted(current, reverse=True):
        if 0 < n < len(printed) + 1 and n in lengths and n < max(lengths):
            parent = current[n]
            break
    previous = current.get(-1)  # the last code resolved in this panel: row order breaks ties
    open_codes = tuple(current[n] for n in sorted(current, reverse=True) if n > 0)
    full = resolver.resolve(printed, label, parent, after=previous, open_codes=open_codes)
    if full is not None:
        current[len(full)] = full
        for n in [n for n in current if n > len(full)]:
            del current[n]
        current[-1] = full
        resolver.learn(full, label)
    return full


def _resolve_name(
    label: str,
    kind: str,
    resolvers: dict[str, CodeResolver],
    parents: dict[int, dict[int, str]],
    panel: int,
    known: str | None = None,
) -> str | None:
    """Code of a row printed by name only (or `known`, already found), kept as the panel's open
    row like `_resolve_code` does, so that the rows below resolve under it."""
    current = parents.setdefault(panel, {})
    open_codes = tuple(current[n] for n in sorted(current, reverse=True) if n > 0)
    full = known or resolvers[kind].resolve_name(label, open_codes, after=current.get(-1))
    if full is not None:
        current[len(full)] = full
        for n in [n for n in current if n > len(full)]:
            del current[n]
        current[-1] = full
    return full
