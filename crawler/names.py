"""File names and URLs from untrusted servers: Content-Disposition, sanitising, canonical keys.

Whatever a server sends as a file name, the result is one plain path component: no separators
(`/` or `\\`), no `..`, no control characters, at most `MAX_NAME_BYTES` bytes of UTF-8 so that the
name *and* its temporary `.part` sibling fit the 255-byte limit of common file systems.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import PurePosixPath
from urllib.parse import unquote, unquote_to_bytes, urlsplit, urlunsplit

TEMP_SUFFIX = ".part"
MAX_NAME_BYTES = 255 - len(TEMP_SUFFIX)
FILE_SUFFIXES = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".zip", ".rar", ".7z", ".ofd")
_RESERVED = re.compile(r'[<>:"|?*\x00-\x1f\x7f]')


def sanitise_file_name(raw: str, fallback: str = "download") -> str:
    """One safe path component from a server-supplied name."""
    # Only the last component counts: `../../etc/x.pdf`, `..\\..\\x.pdf` and `/abs/x.pdf` → `x.pdf`.
    name = re.split(r"[/\\]", raw)[-1]
    name = "".join(
        ch for ch in unicodedata.normalize("NFC", name)
        if unicodedata.category(ch) not in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp")
    )
    name = _RESERVED.sub("_", name).strip().strip(".").strip()
    if not name or set(name) <= {"_", " "}:
        name = fallback
    return truncate_name(name)


def truncate_name(name: str, limit: int = MAX_NAME_BYTES) -> str:
    """Cut the stem (never the suffix, never inside a character) until the UTF-8 name fits."""
    if len(name.encode()) <= limit:
        return name
    path = PurePosixPath(name)
    suffix = path.suffix if 0 < len(path.suffix.encode()) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    budget = limit - len(suffix.encode())
    out = stem.encode()[:budget].decode("utf-8", errors="ignore")
    return out + suffix


def _decode_header_bytes(value: str) -> str:
    """httpx gives header values decoded as latin-1; servers put raw UTF-8 or GBK bytes there."""
    try:
        raw = value.encode("latin-1")
    except UnicodeEncodeError:
        return value
    return _decode_cn(raw) or value


def _decode_cn(raw: bytes) -> str | None:
    """Bytes of a Chinese server's name as UTF-8, else GB18030 (None: neither)."""
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _params(header: str) -> dict[str, str]:
    params: dict[str, str] = {}
    for match in re.finditer(r';\s*([\w*.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', ";" + header.split(";", 1)[-1]):
        key, value = match.group(1).lower(), match.group(2).strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        params.setdefault(key, value)
    return params


def content_disposition_name(header: str | None) -> str | None:
    """The file name of a Content-Disposition header (unsanitised), RFC 6266 / 5987 `filename*`
    first, then `filename`, percent-decoded when it was percent-encoded (common on CN servers)."""
    if not header:
        return None
    params = _params(header)
    extended = params.get("filename*")
    if extended:
        match = re.match(r"([\w-]*)'[^']*'(.*)", extended)
        if match:
            charset = match.group(1) or "utf-8"
            try:
                return unquote_to_bytes(match.group(2)).decode(charset)
            except (LookupError, UnicodeDecodeError):
                return unquote_to_bytes(match.group(2)).decode("gb18030", errors="replace")
    plain = params.get("filename")
    if not plain:
        return None
    plain = _decode_header_bytes(plain)
    if re.search(r"%[0-9A-Fa-f]{2}", plain):
        return _decode_cn(unquote_to_bytes(plain)) or plain
    return plain


def url_file_name(url: str) -> str:
    """The last path segment of a URL, percent-decoded (UTF-8, else GB18030)."""
    segment = urlsplit(url).path.rsplit("/", 1)[-1]
    raw = unquote_to_bytes(segment)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def has_file_suffix(url: str) -> bool:
    path = unquote(urlsplit(url).path).lower()
    return path.endswith(FILE_SUFFIXES)


def url_key(url: str) -> str:
    """One key for one resource whatever scheme, default port, host case or fragment:
    `http://A.gov.cn:80/x.pdf#p` and `https://a.gov.cn/x.pdf` are the same file."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    return urlunsplit(("", netloc, parts.path or "/", parts.query, "")).lstrip("/")


def host_key(url: str) -> str:
    """Politeness, robots.txt and WAF state are kept per scheme-less host:port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return host if parts.port is None else f"{host}:{parts.port}"
