"""What kind of file a document is, from its bytes (never its name): a PDF, an Office file, an
archive, an image, a web page; and its content hash. Read before a file is opened as a PDF
(ingest/parser.py), and by the orchestration to key documents by content."""

from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

from ingest.archives import unread_archive


def sha256_file(path: Path, size: int | None = None) -> str:
    """The sha256 of the file's bytes (of its first `size` bytes, when given)."""
    h = hashlib.sha256()
    left = size
    with path.open("rb") as fh:
        while left != 0 and (chunk := fh.read(1 << 20 if left is None else min(1 << 20, left))):
            h.update(chunk)
            if left is not None:
                left -= len(chunk)
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
    if head.startswith(OLE_MAGIC):
        return LEGACY_OFFICE
    if (archive := unread_archive(head)) is not None:
        return archive
    for magic, image in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            return f"not a PDF: a {image} image (a scan saved alone is not read)"
    return "not a PDF: unknown content"


OLE_MAGIC = b"\xd0\xcf\x11\xe0"
LEGACY_OFFICE = "a legacy Word .doc (an OLE2 file that is no Excel workbook): not read (convert to .docx)"
LEGACY_EXCEL = "a legacy Excel workbook (.xls)"
# An encrypted .docx/.xlsx is an OLE2 container holding the encrypted package (MS-OFFCRYPTO).
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"II*\x00": "TIFF",
    b"MM\x00*": "TIFF",
}
# What a ZIP container is, by the folder its Office parts are in.
OFFICE_PARTS = {"word/": "a Word document (.docx)", "xl/": "an Excel workbook (.xlsx)", "ppt/": "a PowerPoint file"}


def office_kind(path: Path) -> str | None:
    """The Office file a ZIP container is, from the names of its parts (None: another ZIP). A
    damaged container (cut short: no central directory) is named by the local headers of the
    parts it starts with."""
    try:
        with zipfile.ZipFile(path) as container:
            names = container.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        try:
            with path.open("rb") as fh:
                head = fh.read(1 << 16)
        except OSError:
            return None
        # (a local file header: PK\3\4, 26 bytes of sizes and name/extra lengths, then the name)
        headers = re.finditer(rb"PK\x03\x04.{26}([\x20-\x7e]{1,80})", head, re.S)
        names = [m.group(1).decode("latin-1") for m in headers]
    return next((kind for folder, kind in OFFICE_PARTS.items() if any(n.startswith(folder) for n in names)), None)
