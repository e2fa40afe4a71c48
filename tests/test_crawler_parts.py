"""The crawler's pure parts: file names from servers, URL keys, charsets, links, sniffing."""

from __future__ import annotations

from pathlib import Path

import pytest
from crawler_support import district

from crawler.crawl import sniff
from crawler.extract import classify_html, decode_html, extract_links
from crawler.fetch import retry_after_seconds
from crawler.localsite import tiny_pdf
from crawler.names import (
    MAX_NAME_BYTES,
    TEMP_SUFFIX,
    content_disposition_name,
    sanitise_file_name,
    url_file_name,
    url_key,
)

LISTING = "http://127.0.0.1:8000/xxgk/czzj/index.html"


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\Windows\\win.ini.pdf", "win.ini.pdf"),
        ("/etc/cron.d/x.pdf", "x.pdf"),
        ("C:\\temp\\决算.pdf", "决算.pdf"),
        ("..", "download"),
        ("", "download"),
        ("a\x00b\x1b[31m\r\n.pdf", "ab[31m.pdf"),
        ("报告\u202e.pdf", "报告.pdf"),  # a right-to-left override would disguise the suffix
        ('what?<>|*:".pdf', "what_______.pdf"),
    ],
)
def test_server_file_names_become_one_safe_component(raw: str, expected: str) -> None:
    assert sanitise_file_name(raw) == expected


def test_long_cjk_names_fit_255_bytes_with_the_temporary_suffix(tmp_path: Path) -> None:
    name = sanitise_file_name("武汉市硚口区卫生健康局" * 20 + ".pdf")  # 220 characters, 664 bytes
    assert name.endswith(".pdf") and name.startswith("武汉市硚口区")
    assert len(name.encode()) <= MAX_NAME_BYTES and len((name + TEMP_SUFFIX).encode()) <= 255
    (tmp_path / name).write_bytes(b"x")  # the file system takes it
    (tmp_path / (name + TEMP_SUFFIX)).write_bytes(b"x")


@pytest.mark.parametrize(
    "header, expected",
    [
        ("attachment; filename*=UTF-8''%E6%B4%AA%E5%B1%B1%E5%8C%BA%E5%86%B3%E7%AE%97.pdf", "洪山区决算.pdf"),
        ('attachment; filename="fallback.pdf"; filename*=utf-8\'\'%E5%86%B3%E7%AE%97.pdf', "决算.pdf"),
        ("attachment; filename*=GBK''%B3%F6%C6%F7.pdf", "出器.pdf"),
        ('attachment; filename="%E5%86%B3%E7%AE%97.pdf"', "决算.pdf"),
        ('attachment; filename="' + "决算.pdf".encode().decode("latin-1") + '"', "决算.pdf"),  # raw UTF-8 bytes
        ('attachment; filename="' + "硚口.pdf".encode("gbk").decode("latin-1") + '"', "硚口.pdf"),  # raw GBK
        ('attachment; filename="a \\"quoted\\" name.pdf"', 'a "quoted" name.pdf'),
        ("attachment; filename=plain.xls", "plain.xls"),
        ("inline", None),
        (None, None),
    ],
)
def test_content_disposition_names(header: str | None, expected: str | None) -> None:
    assert content_disposition_name(header) == expected


def test_url_keys_and_names() -> None:
    assert url_key("http://A.gov.cn:80/x/y.pdf#p2") == url_key("https://a.gov.cn/x/y.pdf")
    assert url_key("http://a.gov.cn/x.pdf?id=1") != url_key("http://a.gov.cn/x.pdf?id=2")
    assert url_key("http://127.0.0.1:8000/x.pdf") != url_key("http://127.0.0.1:8001/x.pdf")
    assert url_file_name("http://a/attachment/%E5%86%B3%E7%AE%97.pdf?token=1") == "决算.pdf"
    assert url_file_name("http://a/%BE%F6%CB%E3.pdf") == "决算.pdf"  # GBK-encoded in the URL


def test_retry_after_in_seconds_or_as_a_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == pytest.approx(10.0)
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


def test_files_are_told_by_their_first_bytes() -> None:
    assert sniff(tiny_pdf("x")) == "pdf"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8) == "ole"
    assert sniff(b"PK\x03\x04rest") == "zip" and sniff(b"Rar!\x1a\x07\x00") == "rar"
    assert sniff(b"<html><body>error</body></html>") is None


def test_gb_pages_decode_as_gb18030_whatever_their_label() -> None:
    text = "<html><head><meta charset='gb2312'></head><body>硚口区2024年部门决算</body></html>"
    body = text.encode("gb18030")  # 硚 is not in GB2312: a strict GB2312 decoder fails here
    assert "硚口区" in decode_html(body, "text/html; charset=gb2312")
    assert "硚口区" in decode_html(body, "text/html")  # only the <meta> says it
    bare = "<html><body>硚口区决算</body></html>".encode("gbk")
    assert "硚口区" in decode_html(bare, None)  # nothing says it: not UTF-8, so GB18030
    assert "洪山" in decode_html("<p>洪山</p>".encode(), None)


@pytest.mark.parametrize(
    "body, status, outcome",
    [
        ("<html><script>$_ts=window['$_ts'];</script></html>", 412, "waf_challenge"),
        ("<html><body>please wait</body></html>", 412, "waf_challenge"),
        ("<html><script>document.cookie='__tst_status=1'</script></html>", 200, "waf_challenge"),
        ("<html><head><meta http-equiv='refresh' content='0;url=/new/'></head></html>", 200, "redirect_stub"),
        ("<html><script>window.location.href='/moved.html';</script></html>", 200, "redirect_stub"),
        ("<html><title>404 页面不存在</title><body>您访问的页面不存在</body></html>", 200, "soft_404"),
        ("<html><body><form>用户登录<input type='password'></form></body></html>", 200, "login_required"),
        ("<html><title>2024年部门决算</title><body>" + "正文" * 300 + "</body></html>", 200, None),
        ("<html><title>财政预决算</title><body><a href='x'>第404单位2024年决算</a></body></html>", 200, None),
        ("<html><title>第404单位2024年决算</title><body>" + "正文" * 300 + "</body></html>", 200, None),
        ("<html><title>404 Not Found</title><body>" + "正文" * 300 + "</body></html>", 200, "soft_404"),
        ("<html><title>错误404</title><body>" + "正文" * 300 + "</body></html>", 200, "soft_404"),
        ("<html><title>提示</title><body>对不起，您访问的页面不存在</body></html>", 200, "soft_404"),
    ],
)
def test_pages_that_are_not_what_they_claim(body: str, status: int, outcome: str | None) -> None:
    verdict = classify_html(body, status)
    assert (verdict[0] if verdict else None) == outcome


def test_waf_cookie_alone_is_a_challenge() -> None:
    assert classify_html("<html><body>x</body></html>", 200, {"set-cookie": "EO_Bot_Ssid=123; path=/"})


def test_trs_pagination_with_literal_or_variable_counts() -> None:
    d = district(LISTING)
    literal = '<html><body><script>createPageHTML(3, 0, "index", "html");</script></body></html>'
    pages = extract_links(literal.encode(), None, LISTING, d, ["budget"], "listing").pages
    assert pages == [LISTING, LISTING.replace("index", "index_1"), LISTING.replace("index", "index_2")]
    variable = ("<script>var currentPage = 0;var countPage = 2//共多少页\n"
                "createPageHTML(countPage, currentPage, \"index\", \"shtml\");</script>")
    pages = extract_links(variable.encode(), None, LISTING, d, ["budget"], "listing").pages
    assert pages[-1] == "http://127.0.0.1:8000/xxgk/czzj/index_1.shtml"


def test_listing_items_are_chosen_by_title_words_kinds_and_years() -> None:
    d = district(LISTING, year_from=2020)
    body = """<ul>
      <li><a href="./202405/t20240520_1.shtml">区卫健局2024年部门决算公开</a></li>
      <li><a href="./202405/t20240521_2.shtml">区卫健局2024年部门预算公开</a></li>
      <li><a href="./201605/t20160520_3.shtml">区卫健局2015年部门决算公开</a></li>
      <li><a href="./202405/t20240522_4.shtml">关于开展春季爱国卫生运动的通知</a></li>
      <li><a href="http://elsewhere.example.com/t20240520_5.shtml">外站2024年决算</a></li>
      <li><a href="javascript:void(0)">2024年决算</a></li>
      <li><a href="./P020240520.pdf">2024年决算（附件）</a></li>
    </ul><a href="/">首页</a>"""
    links = extract_links(body.encode(), None, LISTING, d, ["final_accounts"], "listing")
    assert [x.text for x in links.details] == ["区卫健局2024年部门决算公开"]
    assert [x.url for x in links.attachments] == ["http://127.0.0.1:8000/xxgk/czzj/P020240520.pdf"]


def test_item_selector_limits_the_listing_to_its_item_area() -> None:
    body = """<div class="side"><a href="/other/t20240101_1.shtml">全市2024年预算汇总</a></div>
              <ul class="list"><li><a href="./202401/t20240102_2.shtml">区财政局2024年部门预算</a></li></ul>"""
    everything = extract_links(body.encode(), None, LISTING, district(LISTING), ["budget"], "listing")
    scoped = extract_links(body.encode(), None, LISTING, district(LISTING, patterns={"item_selector": "ul.list"}),
                           ["budget"], "listing")
    assert len(everything.details) == 2
    assert [x.text for x in scoped.details] == ["区财政局2024年部门预算"]
