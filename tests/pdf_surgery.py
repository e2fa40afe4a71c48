"""Real PDFs changed the way a PDF writer changes them: an incremental update appended to the file
(new objects, a new catalog, a new cross-reference section pointing back to the old one). Used by
the reliability tests to add JavaScript, embedded files or pathological objects to a real report.
"""

from __future__ import annotations

import io

from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFObjRef
from pdfminer.psparser import PSLiteral


def pdf_source(value: object) -> str:
    """PDF source text of a value pdfminer read (the kinds a catalog holds)."""
    if isinstance(value, PDFObjRef):
        return f"{value.objid} 0 R"
    if isinstance(value, PSLiteral):
        return "/" + str(value.name)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, bytes):
        return "<" + value.hex() + ">"
    if isinstance(value, list):
        return "[" + " ".join(pdf_source(v) for v in value) + "]"
    if isinstance(value, dict):
        return "<<" + " ".join(f"/{k} {pdf_source(v)}" for k, v in value.items()) + ">>"
    raise TypeError(f"no PDF source for {type(value).__name__}")


def updated(pdf: bytes, catalog_entries: dict[str, str], objects: tuple[bytes, ...] = ()) -> bytes:
    """`pdf` with an incremental update: `objects` appended as new objects (numbered from the
    trailer's /Size on; `{0}`, `{1}` … in an object or a catalog entry stand for the numbers of
    the new objects), and a catalog of the old one's entries plus `catalog_entries` (PDF source)."""
    document = PDFDocument(PDFParser(io.BytesIO(pdf)))
    trailer = document.xrefs[-1].get_trailer()
    size = int(trailer["Size"])
    numbers = [size + i for i in range(len(objects) + 1)]  # the new objects, then the new catalog
    refs = [f"{n} 0 R" for n in numbers]
    catalog = {k: pdf_source(v) for k, v in document.catalog.items()}
    catalog.update(catalog_entries)
    bodies = [*objects, ("<<" + " ".join(f"/{k} {v}" for k, v in catalog.items()) + ">>").encode()]
    for i, ref in enumerate(refs):
        bodies = [body.replace(b"{%d}" % i, ref.encode()) for body in bodies]
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = []
    for number, body in zip(numbers, bodies, strict=True):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 1\n0000000000 65535 f \n")
    for number, offset in zip(numbers, offsets, strict=True):
        out.write(b"%d 1\n%010d 00000 n \n" % (number, offset))
    previous = pdf.rsplit(b"startxref", 1)[1].split()[0].decode()
    out.write(
        f"trailer\n<</Size {numbers[-1] + 1} /Root {refs[-1]} /Prev {previous}>>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return out.getvalue()
