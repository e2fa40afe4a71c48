"""What a listing or detail page links to, and what an HTML response really is.

Pure functions over bytes (no network): decoding (GBK/GB18030 pages often send no charset),
the links a district's settings take (detail pages, attachments, further listing pages) and the
classification of pages that are not what they claim (WAF challenges, login pages, redirect
stubs, soft 404s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.etree
import lxml.html

from crawler.districts import District, Pagination
from crawler.names import has_file_suffix

_CHARSET = re.compile(rb"""charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 lacks characters district names use (硚 of 硚口区): pages labelled gb2312 or gbk are
# really written in GBK or GB18030, and GB18030 decodes all three.
_GB_FAMILY = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "gb18030", "euc-cn", "hz-gb-2312"}
_HTML_SUFFIXES = (".html", ".htm", ".shtml", ".jhtml", ".jsp", ".php", ".aspx", ".asp", ".do", ".action", "/")
_NAV_WORDS = ("上一篇", "下一篇", "上一条", "下一条", "返回", "首页", "关闭", "打印", "上一页", "下一页")
_NEXT_WORDS = ("下一页", "下页", "后一页", "尾页", "末页", ">", ">>", "»")
# Names of budget units end like this: a per-unit link on a detail page often names only the unit.
_UNIT_END = re.compile(r"(局|委员会|委|办公室|办|中心|院|所|站|队|馆|会|本级|处|街道|政府|部)$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")

# Markers of bot-management challenges seen on government sites: 瑞数 ($_ts, status 412),
# EdgeOne (EO_Bot_Ssid, __tst_status), 加速乐 (__jsl_clearance), Aliyun WAF (acw_sc__v2).
WAF_MARKERS = ("$_ts", "EO_Bot_Ssid", "__tst_status", "__jsl_clearance", "acw_sc__v2", "_waf_bd8ce2ce37")
# A page saying "not found" with status 200. The phrases are searched in the title, or in the text
# of a short page; "404" only standing alone in the title (a title may name 第404单位).
_NOT_FOUND = r"页面不存在|页面未找到|找不到(该)?页面|页面已删除|信息不存在|已被删除|已经删除|not\s*found|访问的页面"
_SOFT_404_TITLE = re.compile(
    rf"(^|[\s|:：_-]|错误)404($|[\s|:：_-]|错误|页面|error|not)|{_NOT_FOUND}", re.I
)
_SOFT_404_TEXT = re.compile(_NOT_FOUND, re.I)
_META_REFRESH = re.compile(
    r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]*content\s*=\s*["']?\s*\d*\s*;?\s*url\s*=\s*['"]?([^"'>\s]+)""",
    re.I,
)
_JS_REDIRECT = re.compile(
    r"""(?:window|top|self|document|parent)?\.?location(?:\.href)?\s*=\s*["']([^"']+)["']"""
    r"""|location\.(?:replace|assign)\(\s*["']([^"']+)["']""",
    re.I,
)
_QUOTED = re.compile(r"""["']([^"'\s<>]{1,400})["']""")
_TRS_CALL = re.compile(r"createPageHTML\s*\(([^)]*)\)")


@dataclass(frozen=True)
class Link:
    url: str
    text: str = ""


@dataclass
class PageLinks:
    title: str = ""
    details: list[Link] = field(default_factory=list)
    attachments: list[Link] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return {
            "title": self.title,
            "details": [[x.url, x.text] for x in self.details],
            "attachments": [[x.url, x.text] for x in self.attachments],
            "pages": self.pages,
        }

    @classmethod
    def from_json(cls, data: dict) -> PageLinks:
        return cls(
            title=data.get("title", ""),
            details=[Link(u, t) for u, t in data.get("details", [])],
            attachments=[Link(u, t) for u, t in data.get("attachments", [])],
            pages=list(data.get("pages", [])),
        )


def decode_html(body: bytes, content_type: str | None) -> str:
    """The text of an HTML body: the declared charset (header, then <meta>), else UTF-8 if it
    decodes, else GB18030; a GB-family label always decodes as GB18030."""
    declared = None
    if content_type:
        match = _CHARSET.search(content_type.encode("latin-1", errors="ignore"))
        declared = match.group(1).decode() if match else None
    if not declared:
        match = _CHARSET.search(body[:4096])
        declared = match.group(1).decode("ascii", errors="ignore") if match else None
    candidates = []
    if declared:
        label = declared.lower()
        candidates.append("gb18030" if label in _GB_FAMILY else label)
    candidates += ["utf-8-sig", "gb18030"]
    for encoding in candidates:
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("gb18030", errors="replace")


def parse_html(text: str) -> lxml.html.HtmlElement | None:
    # lxml refuses str input that carries an XML encoding declaration (XHTML pages).
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    if not text.strip():
        return None
    try:
        return lxml.html.document_fromstring(text)
    except (lxml.etree.ParserError, ValueError):
        return None


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _visible_text(tree: lxml.html.HtmlElement) -> str:
    """The text a reader sees: no script, style or comment content."""
    parts: list[str] = []
    for el in tree.iter():
        if isinstance(el.tag, str) and el.tag not in ("script", "style"):
            parts.append(el.text or "")
        parts.append(el.tail or "")
    return _clean(" ".join(parts))


def page_title(tree: lxml.html.HtmlElement) -> str:
    title = tree.find(".//title")
    text = _clean(title.text_content()) if title is not None else ""
    if not text:
        h1 = tree.find(".//h1")
        text = _clean(h1.text_content()) if h1 is not None else ""
    return text[:500]


def classify_html(
    text: str, status: int | None = None, headers: dict[str, str] | None = None
) -> tuple[str, str] | None:
    """(outcome, reason) when an HTML response is not a real page: a WAF/bot challenge, a login
    page, a meta/JS redirect stub, a soft 404. None for an ordinary page. Never bypassed: the
    outcome is recorded and the host left alone."""
    cookies = (headers or {}).get("set-cookie", "")
    marker = next((m for m in WAF_MARKERS if m in text or m in cookies), None)
    if status == 412 or marker:
        return "waf_challenge", f"bot challenge ({marker or 'HTTP 412'})"
    tree = parse_html(text)
    if tree is None:
        return ("soft_404", "empty page") if status == 200 else None
    visible = _visible_text(tree)
    short = len(visible) < 400
    if short and tree.xpath(".//input[@type='password']"):
        return "login_required", "login page"
    if short:
        match = _META_REFRESH.search(text) or _JS_REDIRECT.search(text)
        if match:
            target = next(g for g in match.groups() if g)
            return "redirect_stub", f"redirect stub to {target}"
    title = page_title(tree)
    if _SOFT_404_TITLE.search(title) or (len(visible) < 1000 and _SOFT_404_TEXT.search(visible)):
        return "soft_404", f"page says not found: {title or visible[:80]}"
    return None


def _words_for(district: District, kinds: list[str]) -> list[str]:
    return [w for k in kinds for w in district.title_words.get(k, [])]


def _years_ok(district: District, text: str) -> bool:
    years = [int(y) for y in _YEAR.findall(text)]
    if not years or (district.year_from is None and district.year_to is None):
        return True
    low, high = district.year_from or 0, district.year_to or 9999
    return any(low <= y <= high for y in years)


def _wanted_title(district: District, kinds: list[str], text: str) -> bool:
    if any(w in text for w in district.patterns.exclude_words):
        return False
    return any(w in text for w in _words_for(district, kinds)) and _years_ok(district, text)


def is_attachment_url(district: District, url: str) -> bool:
    return has_file_suffix(url) or any(re.search(p, url) for p in district.patterns.attachment_url)


def _is_page_url(url: str) -> bool:
    path = urlsplit(url).path.lower()
    last = path.rsplit("/", 1)[-1]
    return path.endswith(_HTML_SUFFIXES) or "." not in last


def _resolve(base: str, href: str | None) -> str | None:
    href = (href or "").strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(base, href)  # protocol-relative (//host/x) and ../ links included
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts._replace(fragment="").geturl()


def _script_attachments(district: District, base: str, text: str) -> list[Link]:
    """File URLs written in JS (`var sPdfUrl = "…pdf"`) or in handlers such as
    onclick="downloadFj('name.pdf','./W0….pdf')", which carry no href."""
    found: list[Link] = []
    strings = _QUOTED.findall(text)
    paths = [s for s in strings if "/" in s and is_attachment_url(district, s)]
    names = [s for s in strings if "/" not in s and has_file_suffix("/" + s)]
    if not paths and names:
        # downloadFj('报告.pdf','W0….pdf'): the name first, the file last
        paths, names = names[-1:], names[:-1]
    for path in paths:
        url = _resolve(base, path)
        if url:
            found.append(Link(url, names[0] if names else ""))
    return found


def _anchor_text(a: lxml.html.HtmlElement) -> str:
    return _clean(a.text_content()) or _clean(a.get("title"))


def extract_links(
    body: bytes, content_type: str | None, url: str, district: District, kinds: list[str], role: str,
    pagination: Pagination | None = None,
) -> PageLinks:
    """The links a page of role `listing` or `detail` offers under the district's settings."""
    text = decode_html(body, content_type)
    tree = parse_html(text)
    if tree is None:
        return PageLinks()
    tree.make_links_absolute(url, resolve_base_href=True, handle_failures="ignore")
    out = PageLinks(title=page_title(tree))
    scope = [tree]
    if role == "listing" and district.patterns.item_selector:
        scope = tree.cssselect(district.patterns.item_selector) or [tree]
    seen: set[str] = set()
    for root in scope:
        for a in root.iter("a", "area"):
            link_text = _anchor_text(a)
            href = _resolve(url, a.get("href"))
            if href is None:
                if a.get("onclick"):
                    for link in _script_attachments(district, url, a.get("onclick", "")):
                        if link.url not in seen:
                            seen.add(link.url)
                            out.attachments.append(Link(link.url, link.text or link_text))
                continue
            if href in seen or href.split("#")[0] == url:
                continue
            if is_attachment_url(district, href):
                if role == "detail" or _wanted_title(district, kinds, link_text):
                    seen.add(href)
                    out.attachments.append(Link(href, link_text))
                continue
            host = urlsplit(href).hostname or ""
            if not district.host_allowed(host) or not _is_page_url(href) or link_text in _NAV_WORDS:
                continue
            if _follow_as_detail(district, kinds, role, href, link_text):
                seen.add(href)
                out.details.append(Link(href, link_text))
    if role == "detail":
        for el in tree.iter("script", "iframe", "embed", "object"):
            source = el.text_content() if el.tag == "script" else ""
            for attr in ("src", "data"):
                value = el.get(attr)
                if value and el.tag != "script" and is_attachment_url(district, value):
                    source += f' "{value}"'
            for link in _script_attachments(district, url, source):
                if link.url not in seen:
                    seen.add(link.url)
                    out.attachments.append(link)
    if role == "listing":
        out.pages = listing_pages(tree, text, url, pagination or district.pagination)
    return out


def _follow_as_detail(district: District, kinds: list[str], role: str, href: str, text: str) -> bool:
    if _wanted_title(district, kinds, text):
        return True
    if role != "detail" or any(w in text for w in district.patterns.exclude_words):
        return False
    # A detail page listing its units' own pages: the link names a unit, not the kind.
    shaped = any(re.search(p, href) for p in district.patterns.detail_url)
    return shaped and bool(_UNIT_END.search(text)) and _years_ok(district, text)


def _trs_pages(text: str, url: str) -> list[str]:
    """TRS WCM listings: `createPageHTML(count, current, "index", "html")` writes the pager in JS,
    so there is no <a> to page 2; the pages are index.html, index_1.html … index_{count-1}.html."""
    match = _TRS_CALL.search(text)
    if not match:
        return []
    args = [a.strip() for a in match.group(1).split(",")]
    count = None
    for arg in args:
        if arg.isdigit():
            count = int(arg)
            break
        if re.fullmatch(r"[A-Za-z_$][\w$]*", arg):
            var = re.search(rf"\b{re.escape(arg)}\s*=\s*(\d+)", text)
            if var:
                count = int(var.group(1))
                break
    strings = [a.strip("\"' ") for a in args if a[:1] in "\"'"]
    ext_at = next((i for i, s in enumerate(strings) if s.lower() in ("html", "htm", "shtml", "jhtml")), None)
    if not count or ext_at is None or ext_at == 0:
        return []
    name, ext = strings[ext_at - 1], strings[ext_at]
    return [urljoin(url, f"{name}.{ext}")] + [urljoin(url, f"{name}_{i}.{ext}") for i in range(1, count)]


def listing_pages(tree: lxml.html.HtmlElement, text: str, url: str, pagination: Pagination) -> list[str]:
    """Further pages of a listing (may include pages already seen: the caller de-duplicates)."""
    if pagination.scheme == "none":
        return []
    if pagination.scheme in ("auto", "trs"):
        pages = _trs_pages(text, url)
        if pages or pagination.scheme == "trs":
            return pages
    base = urlsplit(url)
    pages: list[str] = []
    for a in tree.iter("a"):
        href = _resolve(url, a.get("href"))
        if not href:
            continue
        parts = urlsplit(href)
        if parts.netloc != base.netloc or (parts.path != base.path and pagination.scheme == "query"):
            continue
        query = dict(parse_qsl(parts.query))
        by_query = parts.path == base.path and query.get(pagination.param, "").isdigit()
        by_text = pagination.scheme in ("auto", "links") and _anchor_text(a) in _NEXT_WORDS
        by_name = (
            pagination.scheme in ("auto", "links")
            and parts.path.rsplit("/", 1)[0] == base.path.rsplit("/", 1)[0]
            and re.search(r"/index_\d+\.s?html?$", parts.path) is not None
        )
        if by_query or by_text or by_name:
            pages.append(href)
    return pages
