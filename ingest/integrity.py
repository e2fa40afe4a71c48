"""Damage that pdfminer reads past in silence, found before a PDF's pages are read.

pdfminer is lenient: a page the page tree names but whose object cannot be read is left out, a
page whose content cannot be found is read as blank, text in a font it cannot find is drawn with
a stand-in, and a content stream whose compressed data stops short, or fails its checksum, is
decoded as far as it goes (or to nothing). The words of a page, or the page itself, are then
missing or wrong with no error, and a table can read as complete without its last rows or its
continuation page (found by mutation fuzzing, `benchmarks/fuzz_pdfs.py`: such files were `parsed`
with a table's amounts lost or changed). A document showing such damage is quarantined: we cannot
be sure we read what it prints.
"""

from __future__ import annotations

import zlib
from typing import Any

from pdfminer.ascii85 import ascii85decode, asciihexdecode
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import LIT

_FLATE = {LIT("FlateDecode"), LIT("Fl")}
_ASCII85 = {LIT("ASCII85Decode"), LIT("A85")}
_ASCIIHEX = {LIT("ASCIIHexDecode"), LIT("AHx")}


def _flate_damaged(data: bytes) -> bool:
    """The zlib data stops before its end, or its checksum does not match what it inflates to
    (bytes changed inside: pdfminer then keeps what inflates, changed bytes included)."""
    inflater = zlib.decompressobj()
    try:
        inflater.decompress(data)
    except zlib.error:
        return True
    return not inflater.eof


def stream_damaged(stream: PDFStream) -> bool:
    """A content stream whose Flate data (after ASCII85 / ASCIIHex, as reportlab and others chain
    them) stops short or fails its checksum, or whose dictionary could not be read. Other filters
    are not checked (pdfminer raises on them where broken)."""
    if "Length" not in stream.attrs:
        # Every stream's dictionary has a /Length (PDF 1.7, 7.3.8.2): without one, pdfminer could
        # not read the dictionary and takes the still encoded bytes for the content itself.
        return True
    data = stream.rawdata
    if data is None:  # (already decoded: nothing left to check)
        return False
    for name, _params in stream.get_filters():
        if name in _ASCII85:
            data = ascii85decode(data)
        elif name in _ASCIIHEX:
            data = asciihexdecode(data)
        elif name in _FLATE:
            return _flate_damaged(data)
        else:
            return False
    return False


def _fonts_readable(resources: Any) -> bool:
    """The page's font resources, where it names any, are dictionaries (pdfminer draws the text
    of a font it cannot find with a stand-in: other characters, other widths)."""
    resources = resolve1(resources)
    if resources is None:
        return True
    if not isinstance(resources, dict):
        return False
    if "Font" not in resources:
        return True
    fonts = resolve1(resources["Font"])
    return isinstance(fonts, dict) and all(isinstance(resolve1(f), dict) for f in fonts.values())


def damage(pdf: Any) -> str | None:
    """Why some of what the PDF prints would be missing from its words, or None. `pdf`: an open
    pdfplumber PDF whose pages have not been read yet."""
    tree = resolve1(pdf.doc.catalog.get("Pages"))
    if not isinstance(tree, dict):  # (pdfminer then finds pages by scanning the objects, without their resources)
        return "damaged PDF: its page tree cannot be read"
    count = resolve1(tree.get("Count"))
    if type(count) is not int:
        return f"damaged PDF: its page tree's page count is {count!r}, not a number of pages"
    if count != len(pdf.pages):
        return f"damaged PDF: its page tree counts {count} pages, {len(pdf.pages)} could be read"
    for number, page in enumerate(pdf.pages, start=1):
        if not _fonts_readable(page.page_obj.attrs.get("Resources")):
            return f"damaged PDF: the fonts of page {number} cannot be read (its text would be misread)"
        contents = page.page_obj.attrs.get("Contents")
        if contents is None:  # (a blank page prints nothing)
            continue
        resolved = resolve1(contents)
        for stream in map(resolve1, resolved if isinstance(resolved, list) else [contents]):
            if not isinstance(stream, PDFStream):
                return f"damaged PDF: the content of page {number} cannot be read (its text would be missing)"
            if stream_damaged(stream):
                return f"damaged PDF: a content stream of page {number} is cut short or corrupt (text may be missing)"
    return None


def sideways_page(pdf: Any) -> int | None:
    """The first page whose text is all sideways (no character upright: the page's /Rotate turns
    it against its text), or None. The parser reads upright words only, so such a page would read
    as blank, and a table continued there would end early with no error (found by fuzzing: a
    continuation page given /Rotate 90, the report parsed without its 26 amounts). No page of the
    corpus is so; pages with some sideways text (a stamp, a turned heading) are read as before.
    Call after the pages' words are read (pdfplumber keeps their characters)."""
    for number, page in enumerate(pdf.pages, start=1):
        chars = page.chars
        if chars and not any(c.get("upright", True) for c in chars):
            return number
    return None
