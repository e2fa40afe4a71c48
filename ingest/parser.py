"""Read a 部门决算 or 部门预算 PDF into a `ParsedDocument`: its standard tables, every amount with
its lineage. The table layouts are data (ingest/profiles/*.yaml, one file per report kind).

The steps, per document (the module doing each in brackets):
1. check the bytes are a readable PDF (else `rejected` with the reason) [here];
2. read the words of every page once, group them into lines [here, ingest.layout];
3. find table titles (profile data) with every profile, keep the profile whose tables the
   document prints (决算 or 预算), cut pages into table segments, follow continuation pages
   [ingest.segments];
4. per segment: header cells → column anchors (profile aliases, left to right) [ingest.columns],
   then data rows: codes, labels (wrapped lines joined), amounts assigned to the nearest column
   anchor [ingest.rows], read into amounts [ingest.tables];
5. repair cut codes with the report's own full codes and the national catalog [ingest.codes];
6. identify unit, year and kind from the content (never from the file name) [ingest.identity].
Anything we cannot read with certainty makes the document `quarantined`, with page and reason.
"""

from __future__ import annotations

import copy
import hashlib
import itertools
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from ingest.archives import ZIP_MAGIC, is_zip_archive, read_zip
from ingest.base import MisreadLine, ParseIssue
from ingest.filekind import (
    ENCRYPTED_PACKAGE,
    LEGACY_EXCEL,
    LEGACY_OFFICE,
    OFFICE_PARTS,
    OLE_MAGIC,
    office_kind,
    sha256_file,
    sniff,
)
from ingest.furniture import drop_page_numbers, drop_running_headers
from ingest.identity import identify, plausible_years, statement_unit
from ingest.integrity import damage, sideways_page
from ingest.layout import (
    Line,
    Rule,
    VRule,
    Word,
    cut_at_rules,
    group_lines,
    join_spaced_letters,
    join_split_decimals,
    join_wrapped_amounts,
    page_rules,
    split_glued,
    without_overprint,
)
from ingest.narrative import load_narrative, read_statements
from ingest.ocr import MAX_OCR_PAGES
from ingest.performance import PerformanceTable, read_performance
from ingest.performance.office import docx_tables, office_lines, read_office_tables, xls_tables, xlsx_tables
from ingest.performance.scanned import confirm_recognised_performance
from ingest.profile import PROFILES, ReportProfile, load_profile
from ingest.records import Amount, ParsedDocument, ReportTable
from ingest.scan_cross import read_by_both_models
from ingest.scan_lost import LostInk
from ingest.scan_recover import MAX_RECOVERED_CELLS, recover_lost_cell
from ingest.scan_second_lines import MAX_LINES_READ_AGAIN, read_lines_again, what_to_mend
from ingest.scanned import Recognised, pages_to_recognise, recognise
from ingest.segments import Segment, find_segments, page_titles
from ingest.tables import read_tables
from ingest.text import parse_amount


def _parser_version() -> str:
    """A fingerprint of everything that decides what the parser reads: its code, the table
    profiles and the catalogs. Documents parsed by another version are parsed again."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    patterns = ("*.py", "recognition.yaml", "profiles/*.yaml", "narratives/*.yaml", "reference/*.csv")
    patterns += ("performance/*.py", "performance/*.yaml")
    files = [package.glob(p) for p in patterns]
    for path in sorted(itertools.chain.from_iterable(files)):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"parser/{digest.hexdigest()[:12]}"


PARSER_VERSION = _parser_version()
MAX_BYTES = 200 * 1024 * 1024
MAX_PAGES = 3000


NARRATIVE_TOTAL_RE = re.compile(r"收(?:入)?[、和]?支(?:出)?总计(?:均为|各为|为|均)?([\d,]+\.\d+)万元")


def legacy_office(doc: ParsedDocument, path: Path) -> None:
    """An OLE2 file: an encrypted .docx/.xlsx or .xls is quarantined (a report we cannot open); a
    legacy .xls is read as an .xlsx is (xlrd); a .doc (any other OLE2 file) is rejected: no
    well-kept reader of Word's binary format here."""
    import xlrd

    with path.open("rb") as fh:
        data = fh.read(MAX_BYTES)
    encrypted = "an encrypted Word/Excel file (.docx/.xlsx/.xls with a password): cannot be read without it"
    if ENCRYPTED_PACKAGE in data:
        doc.status, doc.reason = "quarantined", encrypted
        return
    try:
        xlrd.open_workbook(file_contents=data, on_demand=True).release_resources()
    except Exception as exc:
        if "encrypted" in str(exc).lower():
            doc.status, doc.reason = "quarantined", encrypted
        else:
            doc.status, doc.reason = "rejected", LEGACY_OFFICE
        return
    read_office_document(doc, path, LEGACY_EXCEL)


def parse_document(path: Path, profile: ReportProfile | None = None) -> ParsedDocument:
    """Parse one file. Never raises for bad input: returns a rejected/quarantined document.

    Without `profile`, the document's own tables decide which report kind it is."""
    if not path.is_file():
        # A FIFO or a device would never end (reading /dev/zero, a pipe nobody writes): no bytes
        # to identify, nothing read.
        return ParsedDocument(
            document_id="", file_name=path.name, file_path=str(path), file_size=0, status="rejected",
            reason="not a regular file (a folder, FIFO or device)", parser_version=PARSER_VERSION,
        )
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
        office = office_kind(path) if head.startswith(b"PK") else None
        if office in READ_OFFICE and size > MAX_BYTES:
            why = f"file too large ({size} bytes > {MAX_BYTES})"
        elif office in READ_OFFICE:
            read_office_document(doc, path, office)
            return _settled(doc)
        elif office is not None:
            why = f"{office}: not read (only Word .docx and Excel .xlsx files are)"
        elif head.startswith(ZIP_MAGIC) and is_zip_archive(path):  # (landing unpacked its members)
            why = read_zip(path).describe()
        doc.reason = why
        if head.startswith(OLE_MAGIC) and size <= MAX_BYTES:
            legacy_office(doc, path)
            return _settled(doc)
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
            if (damaged := damage(pdf)) is not None:  # (checked before the pages are read: see integrity.py)
                doc.status, doc.reason = "quarantined", damaged
                return doc
            read = [read_page(i + 1, page) for i, page in enumerate(pdf.pages)]
            if (turned := sideways_page(pdf)) is not None:
                doc.status, doc.reason = "quarantined", (
                    f"page {turned} prints all its text sideways (the page turned against its text): not read"
                )
                return doc
            text_lines = [lines for lines, _ in read]
            rules = {i + 1: page_rules for i, (_, page_rules) in enumerate(read)}
            pages = drop_running_headers(text_lines, rules)
            chars: dict[int, list[dict[str, Any]]] | None = None
            recognised = Recognised()
            if numbers := pages_to_recognise(pdf, pages):
                # Pages without text (a scan, or image pages bound into a text PDF): the text
                # recognised from their images, with the ruling lines found there.
                doc.ocr = True
                try:
                    recognised = recognise(pdf, numbers)
                except Exception as exc:  # the recogniser failing is not a corrupt PDF
                    doc.reason = f"no text layer, and OCR failed: {type(exc).__name__}: {exc}"[:300]
                    return doc
                rules.update(recognised.rules)
                pages = _with_recognised(text_lines, recognised, rules)
                chars = recognised.chars
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors: look at the cause to name encryption clearly.
        causes = [exc, exc.__cause__, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(isinstance(c, PDFPasswordIncorrect | PDFEncryptionError) for c in causes):
            doc.reason = "encrypted PDF: cannot be read without a password"
        elif isinstance(exc, MemoryError):  # (the parser process's memory cap: a report may be huge)
            doc.status, doc.reason = "quarantined", "ran out of memory reading the PDF"
        else:
            doc.reason = f"corrupt or unreadable PDF: {type(exc).__name__}: {exc}"[:300]
        return doc
    try:
        blank = copy.deepcopy(doc)
        issue = _read_content(doc, pages, rules, profile, chars)
        doubt = what_to_mend(doc, path, recognised, issue)
        cells_read = line_rounds = 0
        while doubt is not None:
            # (a printed amount detection lost, read again from its cell; a line the table logic
            # could not read, read again by the second recogniser: the tables read anew; each
            # within its own limit)
            if isinstance(doubt, LostInk):
                cells_read += 1
                mended = cells_read <= MAX_RECOVERED_CELLS and recover_lost_cell(path, recognised, doubt)
                if not mended and doubt.bottom > doubt.top:
                    # (no amount found alone in the ink: an amount read short beside it, `938328`
                    # of 93,832,308, its comma and a `0` lost; its line read by the second recogniser)
                    line_rounds += 1
                    again = [MisreadLine(doubt.page, doubt.top, doubt.bottom)]
                    mended = line_rounds <= MAX_LINES_READ_AGAIN and read_lines_again(path, recognised, again)
            else:
                line_rounds += 1
                mended = line_rounds <= MAX_LINES_READ_AGAIN and read_lines_again(path, recognised, doubt)
            if not mended:
                break
            pages = _with_recognised(text_lines, recognised, rules)
            doc = copy.deepcopy(blank)
            issue = _read_content(doc, pages, rules, profile, chars)
            doubt = what_to_mend(doc, path, recognised, issue)
        read_by_both_models(doc, path, recognised)  # (the scanned tables' amounts: ingest/scan_cross.py)
        # (the 绩效 tables read from page images: ingest/performance/scanned.py)
        def read_again(by: dict[int, list[Line]]) -> list[PerformanceTable]:
            return read_performance(_with_recognised(text_lines, recognised, rules, by), rules)

        confirm_recognised_performance(doc, path, recognised, read_again)
    except Exception as exc:  # a parser bug on one document must not stop the run
        doc.status, doc.tables = "quarantined", []
        doc.reason = f"internal parser error: {type(exc).__name__}: {exc}"[:300]
    return _settled(doc)


def _with_recognised(
    text_lines: list[list[Line]],
    recognised: Recognised,
    rules: dict[int, list[Rule | VRule]],
    instead: dict[int, list[Line]] | None = None,
) -> list[list[Line]]:
    """The document's pages with the lines recognised on its image pages (as last mended), or
    for the pages in `instead`, those lines (a page as the second recogniser reads it)."""
    lines = list(text_lines)
    for n, page in recognised.pages.items():
        lines[n - 1] = drop_page_numbers((instead or {}).get(n, page.lines))
    return drop_running_headers(lines, rules)


def _settled(doc: ParsedDocument) -> ParsedDocument:
    """A parsed document quarantined when its identity is not read or not plausible."""
    if doc.status == "parsed" and (missing := doc.identity_missing()):
        # Decided here, per document, not by a warehouse test after the gate: a report nobody can
        # attribute must not stop the publication of the others.
        doc.status, doc.reason = "quarantined", f"cannot identify the report's {missing} from its content"
    years = plausible_years()
    if doc.status == "parsed" and doc.fiscal_year not in years:
        doc.status, doc.reason = "quarantined", (
            f"fiscal year {doc.fiscal_year} is implausible (a report is of {years[0]}–{years[-1]})"
        )
    return doc


READ_OFFICE = (OFFICE_PARTS["word/"], OFFICE_PARTS["xl/"])


def read_office_document(doc: ParsedDocument, path: Path, office: str) -> None:
    """A Word or Excel file: its tables (sheets) read through the 绩效 families from their own cell
    structure (ingest/performance/office.py). Its kind is decided as a PDF's: a 绩效 table title
    (or a 绩效 cover) makes it a 绩效 document; any other is rejected with what it seems to be —
    only 绩效 tables are read from Word/Excel files. A file python-docx/openpyxl cannot open is
    quarantined (a report we may not read, not a wrong input)."""
    try:
        reader = {OFFICE_PARTS["word/"]: docx_tables, OFFICE_PARTS["xl/"]: xlsx_tables, LEGACY_EXCEL: xls_tables}
        tables = reader[office](path)
    except Exception as exc:
        doc.status = "quarantined"
        doc.reason = f"{office}: corrupt or unreadable: {type(exc).__name__}: {exc}"[:300]
        return
    doc.page_count = len(tables)
    lines = list(office_lines(tables))
    try:
        performance = read_office_tables(tables)
    except Exception as exc:  # a reader bug on one document must not stop the run
        doc.status = "quarantined"
        doc.reason = f"internal 绩效 reader error: {type(exc).__name__}: {exc}"[:300]
        return
    text = "".join(line.norm for line in lines)
    cover = "".join(line.norm for line in [line for line in lines if line.page == 1][:8])
    if performance or re.search(r"绩效(自评|评价|目标)", cover):
        doc.kind = "performance"
        _read_performance_file(doc, lines, lambda: performance)
        if doc.status == "rejected":
            doc.reason = f"{office}: {doc.reason}"
        return
    identify(doc, lines, [])
    if re.search("|".join(load_profile("final_accounts").kind_markers), text):
        doc.kind = "final_accounts"
    elif re.search("|".join(load_profile("budget").kind_markers), text) or "预算" in text:
        doc.kind = "budget"
    doc.reason = (
        f"{office} that is not a 绩效 document (no 绩效 table title found): only 绩效 tables are read "
        "from Word/Excel files"
    )


def read_page(number: int, page: pdfplumber.page.Page) -> tuple[list[Line], list[Rule | VRule]]:
    """The page's text lines and its ruling lines."""
    rules = page_rules(page.edges)
    return read_page_lines(number, without_overprint(page), [r for r in rules if isinstance(r, VRule)]), rules


def read_page_lines(number: int, page: pdfplumber.page.Page, borders: Sequence[VRule] = ()) -> list[Line]:
    """`borders`: the page's vertical rules; no word runs across one (see cut_at_rules)."""
    words = [
        part
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False, return_chars=True)
        if w.get("upright", True)
        for cut, chars in cut_at_rules(
            Word(w["text"], float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])),
            w.get("chars"),
            borders,
        )
        for part in split_glued(cut, chars)  # (chars read only for a glued amount and label)
    ]
    lines = join_wrapped_amounts(group_lines(number, words))
    for line in lines:
        join_spaced_letters(line, borders)
        join_split_decimals(line, borders)
    return drop_page_numbers(lines)


def candidate_profiles(pages: list[list[Line]], front: str) -> list[tuple[ReportProfile, list[Segment]]]:
    """The profiles to read the document with, best first, each with the document cut into its
    segments.

    The kind is that of the profile finding the most distinct titled tables (决算 and 预算 titles
    differ: …决算表 vs …预算表 / 部门收支总表); on a tie, the one whose kind markers (部门决算,
    部门预算 …) the front pages carry. Every template family of that kind (budget.yaml,
    budget_jiangsu.yaml …) that finds a titled table is a candidate, most tables first: the
    reader tries them in turn and keeps the first that reads the document."""
    scored = []
    titles = [page_titles(lines) for lines in pages]
    for name in PROFILES:
        profile = load_profile(name)
        segments = find_segments(pages, profile, titles)
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
    rules: dict[int, list[Rule | VRule]],
    profile: ReportProfile | None,
    chars: dict[int, list[dict[str, Any]]] | None = None,
) -> ParseIssue | None:
    """`chars`: the recognised characters per page of a scanned document (else pdfplumber's).
    Returns what quarantined the report's tables, where the table logic could not read them."""
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
            path = Path(doc.file_path) if not doc.ocr else None
            statements = (
                (lambda: read_statements(Path(doc.file_path), pages, "performance", chars))
                if load_narrative("performance").marks(cover)
                else None
            )
            unclaimed: list[int] = []
            _read_performance_file(
                doc, all_lines, lambda: read_performance(pages, rules, path, unclaimed), statements, unclaimed
            )
            return
        elif re.search("|".join(load_profile("budget").kind_markers), front):
            # (a kind marker, not any 预算: a department's 法治政府建设报告 cites the 预算法)
            doc.kind = "budget"
            identify(doc, all_lines, [])
            _read_text_half(doc, pages, chars)
            return
        else:
            doc.reason = "not a 部门决算 or 部门预算 report: none of the standard tables was found"
        identify(doc, all_lines, [])
        return
    doc.kind = profile.kind
    identify(doc, all_lines, segments)
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
            doc.performance = _read_attachments(doc, pages, rules, chars)
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
    return issue


def _read_attachments(
    doc: ParsedDocument,
    pages: list[list[Line]],
    rules: dict[int, list[Rule | VRule]],
    chars: dict[int, list[dict[str, Any]]] | None,
) -> list[PerformanceTable]:
    """The 绩效 tables a 决算/预算 carries as attachments (自评表 after its tables). Its standard
    tables are read already: a failure of the 绩效 reader leaves them be, and is recorded as an
    unread 绩效 table with the reason."""
    try:
        return read_performance(pages, rules, Path(doc.file_path) if chars is None else None)
    except Exception as exc:
        reason = f"internal 绩效 reader error: {type(exc).__name__}: {exc}"[:300]
        return [PerformanceTable("unknown", "self_evaluation", "项目", "", 1, 1, status="quarantined", reason=reason)]


def _read_performance_file(
    doc: ParsedDocument,
    all_lines: list[Line],
    read: Callable[[], list[PerformanceTable]],
    read_text: Callable[[], list[Amount]] | None = None,
    unclaimed: Sequence[int] = (),
) -> None:
    """A 绩效 file (PDF, Word or Excel): parsed when one of its 绩效 tables is read
    (ingest/performance), its unit and year from its content as for any report (else from the
    tables' 部门（单位）名称 / 主管部门). A PDF without a 绩效 table read (none found, none of a
    family read yet) whose cover names a 自评报告 and whose text states the 绩效 figures
    (`read_text`: seed 002, its unit's figures stated) is read as text: its statements are its
    facts, table PN (ingest/narratives/performance.yaml).
    Tables win: a file printing both is read for its tables (a table quarantined keeps the file
    quarantined: the text would not stand in for a table we failed to read). A file with a ruled
    table on a page no table read claims (`unclaimed`, filled by `read`: untitled, continuing
    nothing) is quarantined: its rows would be lost without a word (目标表 seed 35, printed: a page
    a list ran on to without its header, before it was read so)."""
    identify(doc, all_lines, [])
    doc.performance = read()
    read = [t for t in doc.performance if t.status == "read"]
    if not read:
        quarantined = [t for t in doc.performance if t.status == "quarantined"]
        if quarantined:
            doc.status, doc.reason, doc.reason_page = "quarantined", quarantined[0].reason, quarantined[0].first_page
        elif _states_unit_figures(statements := read_text() if read_text is not None else []):
            _statements_table(doc, statements)
        else:
            doc.reason = "performance (绩效) report: none of its tables is of a 绩效 family read yet"
        return
    if doc.unit_name is None:
        doc.unit_name = next((t.unit_name for t in read if t.unit_name), None)
    doc.part, doc.status, doc.reason = "tables", "parsed", None
    if unclaimed:
        doc.status, doc.reason_page = "quarantined", unclaimed[0]
        doc.reason = f"page {unclaimed[0]}: a ruled table no 绩效 table read claims (no title, continuing none)"


def _read_text_half(
    doc: ParsedDocument, pages: list[list[Line]], chars: dict[int, list[dict[str, Any]]] | None
) -> None:
    """A 部门预算's text without its tables (published as another file): the amounts its text
    states are its facts, as the narrative table (ingest/narratives/budget.yaml)."""
    if doc.unit_name is None:  # (a text half whose cover names no unit: its text does)
        doc.unit_name = statement_unit("".join(line.norm for lines in pages for line in lines))
    statements = read_statements(Path(doc.file_path), pages, doc.kind, chars)
    if not statements:
        doc.reason = "部门预算 text without the budget tables and stating none of the budget figures"
        return
    _statements_table(doc, statements)


def _states_unit_figures(statements: list[Amount]) -> bool:
    """A narrative 绩效 report states its unit's (or its one project's) money: 年初预算, 收入, 支出 …
    A text stating figures per project only (an evaluation's list of sub-items, 长沙 财政 评价报告
    2020) is not of that family: it stays rejected."""
    once = {s.key for s in load_narrative("performance").statements if not s.repeat}
    return any(a.row_key in once for a in statements)


def _statements_table(doc: ParsedDocument, statements: list[Amount]) -> None:
    """The document read as text: the statements its text makes are its one table (BN, PN)."""
    narrative = load_narrative(doc.kind)
    doc.part, doc.status, doc.reason = "text", "parsed", None
    pages_read = [a.page for a in statements]
    first, last = min(pages_read), max(pages_read)
    doc.tables = [ReportTable(narrative.table, "found", narrative.name, first, last, "万元", None, statements)]


def _read_all_tables(
    segments: list[Segment], profile: ReportProfile, rules: dict[int, list[Rule | VRule]], norms: list[str]
) -> list[ReportTable]:
    tables = read_tables(segments, profile, rules)
    for table in tables:
        # A table the document never names (its 目录 does not list it) was left out by the
        # publisher: recorded as missing. One it names but we did not find is our failure.
        if table.status == "missing" and profile.tables[table.table_code].named_in(norms):
            raise ParseIssue(f"table {table.table_code} is named in the document but was not found")
    if not any(table.amounts for table in tables):
        # A report whose tables hold no amount at all was not read, whatever was found: publishing
        # it would show a unit with no facts and no rule evaluated.
        found = [t.table_code for t in tables if t.status != "missing"]
        raise ParseIssue(
            "no table with amounts was read"
            + (f" (found only empty tables: {', '.join(found)})" if found else "")
        )
    return tables
