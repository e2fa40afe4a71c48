"""Servers that misbehave, served on 127.0.0.1: retries, Retry-After, hangs, drips, cut bodies,
size caps, HTML and bot challenges posing as PDFs, login redirects, path traversal, robots.txt,
pacing, and one district's failure next to another's success. Real HTTP, no mocks."""

from __future__ import annotations

import socket
import time
from itertools import pairwise
from pathlib import Path

from crawler_support import by_url, crawl, district, fetches, landed_files, pdf

from crawler.commands import crawl_command
from crawler.localsite import LocalSite, Resource, html

PDF_BYTES = pdf("report").body


def one_file_site(site: LocalSite, *files: tuple[str, Resource | list[Resource]]) -> str:
    """A listing → one detail page → the given files; returns the listing URL."""
    links = "".join(f'<a href="{path}">附件{i}.pdf</a>' for i, (path, _) in enumerate(files))
    site.add("/list/index.html", html('<a href="/list/202401/t20240101_1.html">2024年部门决算</a>'))
    site.add("/list/202401/t20240101_1.html", html(links, "2024年部门决算"))
    for path, resource in files:
        site.add(path, resource)
    return site.url("/list/index.html")


def test_500_then_success_is_retried_and_lands(tmp_path: Path) -> None:
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", [Resource(b"oops", status=500, validators=False), pdf("a")]))
        [result] = crawl(tmp_path, district(url))
        assert [h.status for h in site.requests_for("/f/a.pdf")] == [500, 200]
    row = by_url(tmp_path)["/f/a.pdf"]
    assert row["outcome"] == "landed" and row["attempts"] == 2 and row["http_status"] == 200
    assert result.status == "crawled" and not result.failures


def test_503_with_retry_after_is_waited_for(tmp_path: Path) -> None:
    busy = Resource(b"busy", status=503, validators=False, headers={"Retry-After": "1"})
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", [busy, pdf("a")]))
        crawl(tmp_path, district(url))  # backoff_seconds is 0.01: only Retry-After explains a 1 s pause
        first, second = site.requests_for("/f/a.pdf")
    assert second.at - first.at >= 0.95
    assert by_url(tmp_path)["/f/a.pdf"]["outcome"] == "landed"


def test_429_asking_for_too_long_a_pause_is_recorded_not_waited(tmp_path: Path) -> None:
    slow_down = Resource(b"", status=429, validators=False, headers={"Retry-After": "3600"})
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", slow_down))
        started = time.monotonic()
        crawl(tmp_path, district(url, politeness={"max_retry_after_seconds": 5}))
        assert time.monotonic() - started < 3
        assert len(site.requests_for("/f/a.pdf")) == 1
    row = by_url(tmp_path)["/f/a.pdf"]
    assert row["outcome"] == "rate_limited" and "Retry-After" in row["reason"] and row["landed_path"] is None


def test_a_hanging_server_times_out_and_the_rest_goes_on(tmp_path: Path) -> None:
    with LocalSite() as site:
        url = one_file_site(site, ("/f/hang.pdf", Resource(behaviour="hang")), ("/f/ok.pdf", pdf("ok")))
        started = time.monotonic()
        [result] = crawl(tmp_path, district(url))  # read timeout 0.4 s, one retry
        assert time.monotonic() - started < 3
        assert len(site.requests_for("/f/hang.pdf")) == 2
    rows = by_url(tmp_path)
    assert rows["/f/hang.pdf"]["outcome"] == "timeout" and rows["/f/hang.pdf"]["attempts"] == 2
    assert rows["/f/ok.pdf"]["outcome"] == "landed"
    assert result.status == "crawled" and ("timeout" in {o for _, o, _ in result.failures})


def test_a_drip_feed_is_stopped_by_the_per_file_deadline(tmp_path: Path) -> None:
    # 10 bytes every 50 ms: the socket is never silent for the 0.4 s read timeout
    with LocalSite() as site:
        url = one_file_site(site, ("/f/drip.pdf", Resource(PDF_BYTES * 3, content_type="application/pdf",
                                                           behaviour="drip")))
        started = time.monotonic()
        crawl(tmp_path, district(url, politeness={"file_deadline_seconds": 1.0}))
        elapsed = time.monotonic() - started
    row = by_url(tmp_path)["/f/drip.pdf"]
    assert row["outcome"] == "deadline_exceeded" and 0 < row["bytes"] < len(PDF_BYTES * 3)
    assert elapsed < 2.5 and landed_files(tmp_path) == []
    assert list((tmp_path / "crawl-tmp").iterdir()) == []  # the partial file is gone


def test_truncated_bodies_are_retried_and_never_landed(tmp_path: Path) -> None:
    cut = Resource(PDF_BYTES, content_type="application/pdf", behaviour="truncate", validators=False)
    with LocalSite() as site:
        url = one_file_site(site, ("/f/cut-once.pdf", [cut, pdf("whole")]), ("/f/always-cut.pdf", cut))
        crawl(tmp_path, district(url))
    rows = by_url(tmp_path)
    assert rows["/f/cut-once.pdf"]["outcome"] == "landed" and rows["/f/cut-once.pdf"]["attempts"] == 2
    assert rows["/f/always-cut.pdf"]["outcome"] == "truncated" and rows["/f/always-cut.pdf"]["sha256"] is None
    assert [p.read_bytes() for p in landed_files(tmp_path)] == [pdf("whole").body]
    assert list((tmp_path / "crawl-tmp").iterdir()) == []


def test_size_cap_from_content_length_and_while_streaming(tmp_path: Path) -> None:
    big = PDF_BYTES + b"%" + b"x" * 5000
    with LocalSite() as site:
        url = one_file_site(
            site,
            ("/f/declared.pdf", Resource(big, content_type="application/pdf")),
            ("/f/undeclared.pdf", Resource(big, content_type="application/pdf", behaviour="nolength")),
        )
        crawl(tmp_path, district(url, politeness={"max_file_bytes": 4000}))
    rows = by_url(tmp_path)
    assert rows["/f/declared.pdf"]["outcome"] == "too_large" and rows["/f/declared.pdf"]["bytes"] == 0
    assert rows["/f/undeclared.pdf"]["outcome"] == "too_large"
    assert 4000 < rows["/f/undeclared.pdf"]["bytes"] <= len(big)
    assert landed_files(tmp_path) == []


def test_html_and_bot_challenges_posing_as_pdf_are_recorded_not_landed(tmp_path: Path) -> None:
    error_page = Resource(b"<!DOCTYPE html><html><head><title>\xe7\xb3\xbb\xe7\xbb\x9f\xe7\xb9\x81\xe5\xbf\x99"
                          b"</title></head><body>" + b"x" * 3000 + b"</body></html>", content_type="application/pdf")
    challenge = Resource(b"<html><head><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};</script></head></html>",
                         content_type="application/pdf")
    with LocalSite() as site, LocalSite() as waf:
        url = one_file_site(site, ("/f/error.pdf", error_page),
                            (waf.url("/f/challenge.pdf"), challenge), (waf.url("/f/later.pdf"), pdf("later")))
        waf.add("/f/challenge.pdf", challenge)
        waf.add("/f/later.pdf", pdf("later"))
        [result] = crawl(tmp_path, district(url, politeness={"concurrency": 1}))
        # after the challenge the host is left alone for the rest of the run: no workaround
        assert waf.requests_for("/f/later.pdf") == []
    rows = by_url(tmp_path)
    assert rows["/f/error.pdf"]["outcome"] == "html_not_file" and "系统繁忙" in rows["/f/error.pdf"]["reason"]
    assert rows["/f/challenge.pdf"]["outcome"] == "waf_challenge" and "$_ts" in rows["/f/challenge.pdf"]["reason"]
    assert rows["/f/later.pdf"]["outcome"] == "host_blocked"
    assert landed_files(tmp_path) == []
    waf_host = waf.base.removeprefix("http://")
    assert result.hosts[waf_host]["waf_challenge"] == 1 and result.hosts[waf_host]["host_blocked"] == 1


def _login_stub_and_soft_404_pages(site: LocalSite) -> None:
    """Detail pages 2–4: a login redirect, a meta-refresh stub and a soft 404."""
    site.add("/list/202401/t20240101_2.html", Resource(b"", status=302, validators=False,
                                                       headers={"Location": "/sso/login?from=/x"}))
    site.add("/list/202401/t20240101_3.html", html(
        "<meta http-equiv='refresh' content='0;url=http://new.example.gov.cn/'>"))
    site.add("/list/202401/t20240101_4.html", html("<h1>404</h1><p>您访问的页面不存在或已被删除</p>",
                                                   "页面不存在"))


def test_a_waf_412_on_a_detail_page_closes_the_host(tmp_path: Path) -> None:
    with LocalSite() as site:
        site.add("/list/index.html", html("".join(
            f'<a href="/list/202401/t20240101_{n}.html">2024年部门决算{n}</a>' for n in range(1, 5))))
        site.add("/list/202401/t20240101_1.html", Resource(
            b"<html><script>var a;</script></html>", status=412, validators=False,
            headers={"Set-Cookie": "EO_Bot_Ssid=1234; path=/"}))
        _login_stub_and_soft_404_pages(site)
        [result] = crawl(tmp_path, district(site.url("/list/index.html")))
        assert site.requests_for("/sso/login?from=/x") == []
    rows = by_url(tmp_path, role="detail")
    # a 412 challenge closes the host for the run (concurrency 1: pages go in listing order)
    assert [rows[f"/list/202401/t20240101_{n}.html"]["outcome"] for n in range(1, 5)] == [
        "waf_challenge", "host_blocked", "host_blocked", "host_blocked"]
    assert rows["/list/202401/t20240101_1.html"]["http_status"] == 412
    assert "EO_Bot_Ssid" in rows["/list/202401/t20240101_1.html"]["reason"]
    assert len(site.hits) == 3  # robots.txt, the listing, the challenged page: nothing after
    assert result.status == "crawled"


def test_login_redirect_stub_and_soft_404_without_a_waf(tmp_path: Path) -> None:
    with LocalSite() as site:
        site.add("/list/index.html", html("".join(
            f'<a href="/list/202401/t20240101_{n}.html">2024年部门决算{n}</a>' for n in range(2, 5))))
        _login_stub_and_soft_404_pages(site)
        crawl(tmp_path, district(site.url("/list/index.html")))
    rows = by_url(tmp_path, role="detail")
    assert [rows[f"/list/202401/t20240101_{n}.html"]["outcome"] for n in (2, 3, 4)] == [
        "login_required", "redirect_stub", "soft_404"]
    assert "new.example.gov.cn" in rows["/list/202401/t20240101_3.html"]["reason"]


def test_path_traversal_and_long_names_from_the_server_stay_in_landing(tmp_path: Path) -> None:
    long_name = "武汉市洪山区卫生健康局" * 20 + ".pdf"
    with LocalSite() as site:
        url = one_file_site(
            site,
            ("/dl.do?id=1", pdf("one", headers={"Content-Disposition": 'attachment; filename="../../../evil.pdf"'})),
            ("/dl.do?id=2", pdf("two", headers={"Content-Disposition": "attachment; filename*=UTF-8''"
                                                 "..%5C..%5Cwin%00dows.pdf"})),
            ("/dl.do?id=3", pdf("three", headers={"Content-Disposition": 'attachment; filename="/etc/cron.pdf"'})),
            ("/dl.do?id=4", pdf("four", headers={
                "Content-Disposition": "attachment; filename*=UTF-8''" + "".join(
                    f"%{b:02X}" for b in long_name.encode())})),
        )
        crawl(tmp_path, district(url, patterns={"attachment_url": [r"dl\.do"]}))
    landed = landed_files(tmp_path)
    assert sorted(p.name for p in landed if len(p.name) < 30) == ["cron.pdf", "evil.pdf", "windows.pdf"]
    assert all(p.parent.parent == tmp_path / "landing" for p in landed)
    [long] = [p for p in landed if len(p.name) >= 30]
    assert long.name.endswith(".pdf") and len((long.name + ".part").encode()) <= 255
    assert not (tmp_path.parent / "evil.pdf").exists() and not Path("/etc/cron.pdf").exists()


def test_robots_disallow_and_crawl_delay_are_obeyed(tmp_path: Path) -> None:
    with LocalSite() as site:
        site.add("/robots.txt", Resource(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.3\n",
                                         content_type="text/plain"))
        url = one_file_site(site, ("/f/a.pdf", pdf("a")), ("/private/b.pdf", pdf("b")))
        crawl(tmp_path, district(url))
        assert site.requests_for("/private/b.pdf") == []
        starts = [h.at for h in site.hits]
    rows = by_url(tmp_path)
    assert rows["/private/b.pdf"]["outcome"] == "robots_disallowed"
    assert rows["/f/a.pdf"]["outcome"] == "landed"
    gaps = [b - a for a, b in pairwise(starts)]
    assert len(gaps) >= 3 and min(gaps) >= 0.28  # robots, listing, detail, file: 0.3 s apart


def test_unreachable_robots_txt_means_nothing_is_fetched(tmp_path: Path) -> None:
    with LocalSite() as site:
        site.add("/robots.txt", Resource(b"", status=500, validators=False))
        url = one_file_site(site, ("/f/a.pdf", pdf("a")))
        [result] = crawl(tmp_path, district(url))
        assert {h.path for h in site.hits} == {"/robots.txt"}
    assert result.status == "failed" and "robots.txt unreachable" in result.reason


def test_politeness_delay_spaces_requests_to_a_host(tmp_path: Path) -> None:
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", pdf("a")), ("/f/b.pdf", pdf("b")))
        crawl(tmp_path, district(url, politeness={"delay_seconds": 0.2, "concurrency": 2}))
        starts = sorted(h.at for h in site.hits)
    assert len(starts) == 5 and min(b - a for a, b in pairwise(starts)) >= 0.18


def test_one_districts_failure_never_stops_the_others(tmp_path: Path) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    dead_port = closed.getsockname()[1]
    closed.close()  # nothing listens there: connection refused
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", pdf("a")))
        dead = district(f"http://127.0.0.1:{dead_port}/list/index.html", id="dead-district")
        alive = district(url, id="alive-district")
        districts = tmp_path / "districts"
        districts.mkdir()
        for d in (dead, alive):
            import yaml

            (districts / f"{d.id}.yaml").write_text(yaml.safe_dump(d.model_dump(), allow_unicode=True),
                                                    encoding="utf-8")
        from io import StringIO

        from rich.console import Console

        out = StringIO()
        code, results = crawl_command(tmp_path / "wh", None, districts, Console(file=out, width=200))
    assert code == 1
    assert [(r.district_id, r.status) for r in results] == [("alive-district", "crawled"), ("dead-district", "failed")]
    assert "dead-district failed" in out.getvalue() and "connection_error" in out.getvalue()
    assert len(landed_files(tmp_path / "wh")) == 1
    # the dead district's listing is on record with why it failed
    [dead_row] = fetches(tmp_path / "wh", "district_id = 'dead-district'")
    assert dead_row["role"] == "listing" and dead_row["outcome"] == "connection_error"
    assert "robots.txt unreachable" in dead_row["reason"]


def test_a_page_shared_by_two_listings_and_a_missing_file(tmp_path: Path) -> None:
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", pdf("a")), ("/f/gone.pdf", Resource(
            b"<html><title>404 Not Found</title></html>", status=404, validators=False)))
        # one page listed under two kinds: read twice in a run, cached once
        d = district([url, url])
        [first] = crawl(tmp_path, d)
        [second] = crawl(tmp_path, d)
    assert first.status == second.status == "crawled"
    rows = by_url(tmp_path)
    assert rows["/f/gone.pdf"]["outcome"] == "http_error" and rows["/f/gone.pdf"]["http_status"] == 404
    assert rows["/f/a.pdf"]["outcome"] == "not_modified"


def test_max_requests_per_run_stops_a_district_politely(tmp_path: Path) -> None:
    with LocalSite() as site:
        url = one_file_site(site, ("/f/a.pdf", pdf("a")), ("/f/b.pdf", pdf("b")))
        [result] = crawl(tmp_path, district(url, politeness={"max_requests": 3}))  # robots, listing, detail
        assert len(site.hits) == 3
    assert result.status == "crawled" and result.requests == 3
    assert {r["outcome"] for r in by_url(tmp_path).values()} == {"budget_exhausted"}
