"""Crawls of 政府信息公开-like sites served on 127.0.0.1, one per CMS shape: what lands, what is
recorded, what a second run and a corrected re-publication do. Real HTTP, no mocks."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import duckdb
from crawler_support import by_url, crawl, district, fetches, landed_files, pdf

from crawler.localsite import LocalSite, Resource, html

ZIP = b"PK\x03\x04" + b"\0" * 60
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 60


def trs_site(site: LocalSite) -> None:
    """A TRS WCM listing: pages only through createPageHTML, detail pages YYYYMM/tYYYYMMDD_N.shtml,
    attachments in every form these sites use."""
    base = "/xxgk/czzj/"
    items = [
        '<li><a href="./202405/t20240520_101.shtml" target="_blank">区卫健局2024年部门决算公开</a></li>',
        '<li><a href="./202405/t20240521_102.shtml">区疾控中心2024年部门决算</a></li>',
        '<li><a href="./202404/t20240410_99.shtml">关于开展爱国卫生月活动的通知</a></li>',
    ]
    site.add(base + "index.html", html(
        "<a href='/'>首页</a><ul>" + "".join(items) + "</ul>"
        '<div id="page"><script>createPageHTML(3, 0, "index", "html");</script></div>', "财政预决算"))
    site.add(base + "index_1.html", html(
        '<ul><li><a href="./202403/t20240301_88.shtml">区卫健局2024年部门预算公开</a></li></ul>'
        '<script>createPageHTML(3, 1, "index", "html");</script>', "财政预决算"))
    site.add(base + "index_2.html", html(
        '<ul><li><a href="./202309/t20230905_77.shtml">区卫健局2022年度绩效自评报告</a></li></ul>'
        '<script>createPageHTML(3, 2, "index", "html");</script>', "财政预决算"))
    cjk = quote("洪山区卫健局2024年决算.pdf")
    port = site.base.rsplit(":", 1)[1]
    site.add(base + "202405/t20240520_101.shtml", html(
        f'<div class="content"><p>附件：</p>'
        f'<a href="./P020240520555.pdf">部门决算公开.pdf</a>'
        f'<a href="/attachment/{cjk}?token=ab12">洪山区卫健局2024年决算.pdf</a>'
        f'<a href="//127.0.0.1:{port}/files/unit-table.xls">表格.xls</a>'
        f'<a href="../../files/explain.docx">说明.docx</a>'
        f'<a href="./W020240520777.zip">打包下载</a>'
        f'</div><div>上一篇：<a href="../202404/t20240410_99.shtml">关于开展爱国卫生月活动的通知</a></div>',
        "区卫健局2024年部门决算公开"))
    site.add(base + "202405/t20240521_102.shtml", html(
        '<script>var sPdfUrl = "./P020240521999.pdf"; showPdf(sPdfUrl);</script>'
        '<a href="javascript:void(0)" onclick="downloadFj(\'疾控中心决算.pdf\',\'./W020240521888.pdf\')">'
        '疾控中心决算.pdf</a>', "区疾控中心2024年部门决算"))
    site.add(base + "202403/t20240301_88.shtml", html('<a href="./P020240301.pdf">预算</a>', "预算"))
    site.add(base + "202309/t20230905_77.shtml", html('<a href="./P020230905.pdf">绩效</a>', "绩效"))
    site.add(base + "202404/t20240410_99.shtml", html('<a href="./notice.pdf">通知附件</a>', "通知"))
    for path, text in [
        ("202405/P020240520555.pdf", "hongshan final"),
        ("202405/P020240521999.pdf", "cdc viewer copy"),
        ("202405/W020240521888.pdf", "cdc download"),
        ("202403/P020240301.pdf", "hongshan budget"),
        ("202309/P020230905.pdf", "hongshan performance"),
        ("202404/notice.pdf", "a notice: must not be fetched"),
    ]:
        site.add(base + path, pdf(text))
    site.add(f"/attachment/{cjk}", pdf("attachment by name"))
    site.add("/files/unit-table.xls", Resource(OLE, content_type="application/vnd.ms-excel"))
    site.add("/xxgk/files/explain.docx", Resource(ZIP + b"docx", content_type="application/octet-stream"))
    site.add(base + "202405/W020240520777.zip", Resource(ZIP, content_type="application/zip"))


def test_trs_site_every_attachment_form_lands_once(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        trs_site(site)
        [result] = crawl(wh, district(site.url("/xxgk/czzj/index.html")))
        assert result.status == "crawled", result.reason
        assert not result.failures, result.failures
        # page 2 and 3 have no <a>: only createPageHTML tells they exist
        assert site.requests_for("/xxgk/czzj/index_2.html")
        # a notice in the listing and the 上一篇 link on a detail page are not reports
        assert not site.requests_for("/xxgk/czzj/202404/t20240410_99.shtml")
        assert not site.requests_for("/xxgk/czzj/202404/notice.pdf")
    # named by Content-Disposition, else the link's text when it is a file name, else the URL's
    names = sorted(p.name for p in landed_files(wh))
    assert names == sorted([
        "部门决算公开.pdf", "洪山区卫健局2024年决算.pdf", "表格.xls", "说明.docx", "W020240520777.zip",
        "P020240521999.pdf", "疾控中心决算.pdf", "P020240301.pdf", "P020230905.pdf",
    ])
    for path in landed_files(wh):  # landing/<sha256>/<name>
        import hashlib

        assert path.parent.name == hashlib.sha256(path.read_bytes()).hexdigest()
    rows = by_url(wh)
    onclick = rows["/xxgk/czzj/202405/W020240521888.pdf"]
    assert onclick["outcome"] == "landed" and onclick["link_text"] == "疾控中心决算.pdf"
    assert onclick["detail_url"].endswith("/202405/t20240521_102.shtml")
    assert onclick["listing_url"].endswith("/xxgk/czzj/index.html")
    assert onclick["page_title"] == "区疾控中心2024年部门决算"
    assert onclick["http_status"] == 200 and onclick["etag"] and onclick["last_modified"]
    assert onclick["bytes"] == Path(onclick["landed_path"]).stat().st_size and len(onclick["sha256"]) == 64
    assert rows["/files/unit-table.xls"]["url"].startswith("http://127.0.0.1")  # protocol-relative resolved
    assert not list((wh / "crawl-tmp").iterdir())


def test_query_paginated_site_with_download_do_and_content_disposition(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        for n in (1, 2, 3):
            nxt = f'<a href="/gkml/list.jsp?page={n + 1}">下一页</a>' if n < 3 else ""
            site.add(f"/gkml/list.jsp?page={n}", html(
                f'<a href="/gkml/detail.jsp?id={n}">2024年部门预算公开（{n}）</a>{nxt}', "列表"))
        site.add("/gkml/list.jsp", site.routes["/gkml/list.jsp?page=1"])
        for n in (1, 2, 3):
            site.add(f"/gkml/detail.jsp?id={n}", html(
                f'<a href="/common/download.do?id=6f1c-{n}">下载附件</a>', f"2024年部门预算（{n}）"))
            name = quote(f"芦淞区第{n}单位2024年部门预算.pdf")
            site.add(f"/common/download.do?id=6f1c-{n}", pdf(
                f"budget {n}", content_type="application/octet-stream",
                headers={"Content-Disposition": f"attachment; filename=\"b{n}.pdf\"; filename*=UTF-8''{name}"}))
        [result] = crawl(wh, district(site.url("/gkml/list.jsp"), kinds=("budget",)))
        assert result.status == "crawled" and not result.failures, result.failures
        assert site.requests_for("/gkml/list.jsp?page=3")
    assert sorted(p.name for p in landed_files(wh)) == [f"芦淞区第{n}单位2024年部门预算.pdf" for n in (1, 2, 3)]


def test_detail_page_linking_to_per_unit_pages(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        site.add("/yjsgk/index.shtml", html('<a href="./202406/t20240601_1.shtml">2023年度部门决算公开</a>'))
        site.add("/yjsgk/202406/t20240601_1.shtml", html(
            '<p>各单位：</p><a href="./t20240601_2.shtml">岳阳楼区卫生健康局本级</a>'
            '<a href="./t20240601_3.shtml">岳阳楼区疾病预防控制中心</a>'
            '<a href="./t20240601_4.shtml">网站地图</a>', "2023年度部门决算公开"))
        for n, unit in ((2, "本级"), (3, "疾控")):
            site.add(f"/yjsgk/202406/t20240601_{n}.shtml", html(f'<a href="./P0{n}.pdf">{unit}决算.pdf</a>'))
            site.add(f"/yjsgk/202406/P0{n}.pdf", pdf(f"unit {unit}"))
        site.add("/yjsgk/202406/t20240601_4.shtml", html('<a href="./map.pdf">map.pdf</a>'))
        [result] = crawl(wh, district(site.url("/yjsgk/index.shtml")))
        assert not site.requests_for("/yjsgk/202406/t20240601_4.shtml")
    assert result.status == "crawled"
    rows = by_url(wh)
    assert rows["/yjsgk/202406/P02.pdf"]["detail_url"].endswith("t20240601_2.shtml")
    assert sorted(p.name for p in landed_files(wh)) == ["本级决算.pdf", "疾控决算.pdf"]


def test_gbk_pages_without_charset_header(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        # labelled gb2312 in <meta> only, written in GBK (硚 is not in GB2312)
        site.add("/qk/index.html", html('<a href="./202005/t20200601_1.html">硚口区卫健局2020年绩效自评</a>',
                                        "硚口区", encoding="gbk", header=False))
        site.add("/qk/index.html", Resource(
            site.routes["/qk/index.html"].body.replace(b'charset="gbk"', b'charset="gb2312"'),
            content_type="text/html"))
        # no charset anywhere
        site.add("/qk/202005/t20200601_1.html", html('<a href="./P0.pdf">硚口区绩效自评表.pdf</a>', "硚口区",
                                                      encoding="gb18030", meta=False, header=False))
        site.add("/qk/202005/P0.pdf", pdf("qiaokou"))
        [result] = crawl(wh, district(site.url("/qk/index.html")))
    assert result.status == "crawled" and not result.failures
    [row] = fetches(wh, "role = 'attachment'")
    assert row["link_text"] == "硚口区绩效自评表.pdf" and row["page_title"] == "硚口区"
    [detail] = fetches(wh, "role = 'detail'")
    assert detail["link_text"] == "硚口区卫健局2020年绩效自评"


def test_one_pdf_from_two_pages_and_both_schemes_lands_once(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        port = site.base.rsplit(":", 1)[1]
        site.add("/l/index.html", html('<a href="/l/t20240101_1.html">2024年决算A</a>'
                                       '<a href="/l/t20240101_2.html">2024年决算B</a>'))
        site.add("/l/t20240101_1.html", html(f'<a href="http://127.0.0.1:{port}/f/same.pdf">决算.pdf</a>'
                                             '<a href="/f/copy.pdf">副本.pdf</a>'))
        # the https link is the same file (no TLS here: fetching it would fail, so it must not be)
        site.add("/l/t20240101_2.html", html(f'<a href="https://127.0.0.1:{port}/f/same.pdf">决算.pdf</a>'))
        body = pdf("one report")
        site.add("/f/same.pdf", body)
        site.add("/f/copy.pdf", Resource(body.body, content_type="application/pdf"))  # same bytes, other URL
        [result] = crawl(wh, district(site.url("/l/index.html")))
        assert len(site.requests_for("/f/same.pdf")) == 1
    assert result.status == "crawled" and not result.failures, result.failures
    assert len(landed_files(wh)) == 1
    outcomes = sorted((r["url"].split(":")[0], r["outcome"]) for r in fetches(wh, "role = 'attachment'"))
    assert outcomes == [("http", "already_landed"), ("http", "landed"), ("https", "duplicate_link")]
    with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
        sources = con.execute("SELECT count(DISTINCT document_id), count(*) FROM raw.document_sources").fetchone()
    assert sources == (1, 2)  # one document, two source URLs (the https link shares the http one's key)


def test_second_run_downloads_nothing_and_a_correction_lands_beside_the_old(tmp_path: Path) -> None:
    wh = tmp_path / "wh"
    with LocalSite() as site:
        trs_site(site)
        d = district(site.url("/xxgk/czzj/index.html"))
        crawl(wh, d)
        before = {p: p.stat().st_mtime_ns for p in landed_files(wh)}
        with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
            first_seen = con.execute("SELECT document_id, first_seen FROM raw.document_sources").fetchall()
        served = len(site.hits)

        [again] = crawl(wh, d)
        second = site.hits[served:]
        assert again.landed == [] and again.status == "crawled" and not again.failures
        # every page and file was asked conditionally and answered 304: no body came back
        assert {h.status for h in second if h.path != "/robots.txt"} == {304}
        assert all("if-none-match" in h.headers for h in second if h.path != "/robots.txt")
        assert sum(r["bytes"] for r in fetches(wh, f"run_id = '{_last_run(wh)}'")) == 0
        assert {p: p.stat().st_mtime_ns for p in landed_files(wh)} == before
        with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
            assert sorted(con.execute("SELECT document_id, first_seen FROM raw.document_sources").fetchall()) \
                == sorted(first_seen)
            assert con.execute("SELECT min(runs_seen) FROM raw.document_sources").fetchone()[0] == 2

        # the publisher corrects one report: same URL, new bytes (and a new ETag)
        site.add("/xxgk/czzj/202405/P020240520555.pdf", pdf("hongshan final, corrected"))
        [third] = crawl(wh, d)
    assert [p.name for p in third.landed] == ["部门决算公开.pdf"]
    versions = [p for p in landed_files(wh) if p.name == "部门决算公开.pdf"]
    assert len(versions) == 2 and all(p.exists() for p in before)  # the old version is kept
    rows = [r for r in fetches(wh, "role = 'attachment'") if r["url"].endswith("P020240520555.pdf")]
    assert [r["outcome"] for r in rows] == ["landed", "not_modified", "landed"]
    assert rows[0]["sha256"] == rows[1]["sha256"] != rows[2]["sha256"]


def _last_run(wh: Path) -> str:
    with duckdb.connect(str(wh / "work.duckdb"), read_only=True) as con:
        return con.execute("SELECT max(run_id) FROM raw.crawl_runs").fetchone()[0]
