"""Crawl a local 政府信息公开-like site with N listing items: requests, bytes, wall time.

    .venv/bin/python -m benchmarks.crawl_local [--items 1000] [--per-page 20] [--concurrency 4]

The site (crawler/localsite.py, real HTTP on 127.0.0.1) is a TRS listing paginated by
createPageHTML, one detail page per item and one distinct small PDF per detail page. The crawl
runs twice into a temporary warehouse: the first run downloads everything, the second must
download nothing (every page and file answers 304). Politeness delay is 0: this measures the
crawler, not the pacing a real site gets (1 s per request by default).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from crawler.crawl import CrawlRun
from crawler.districts import District
from crawler.localsite import LocalSite, Resource, html, tiny_pdf


def build_site(site: LocalSite, items: int, per_page: int) -> str:
    pages = (items + per_page - 1) // per_page
    for page in range(pages):
        rows = "".join(
            f'<li><a href="./2024{(i % 12) + 1:02d}/t2024{(i % 12) + 1:02d}01_{i}.shtml">'
            f"第{i}单位2024年部门决算公开</a><span>2024-06-01</span></li>"
            for i in range(page * per_page, min(items, (page + 1) * per_page))
        )
        name = "index.html" if page == 0 else f"index_{page}.html"
        site.add(f"/xxgk/czzj/{name}", html(
            f'<div class="nav"><a href="/">首页</a></div><ul class="list">{rows}</ul>'
            f'<script>createPageHTML({pages}, {page}, "index", "html");</script>', "财政预决算"))
    for i in range(items):
        month = f"2024{(i % 12) + 1:02d}"
        site.add(f"/xxgk/czzj/{month}/t{month}01_{i}.shtml", html(
            f'<h1>第{i}单位2024年部门决算公开</h1><p>附件：</p><a href="./P0{month}{i:06d}.pdf">第{i}单位决算.pdf</a>',
            f"第{i}单位2024年部门决算公开"))
        site.add(f"/xxgk/czzj/{month}/P0{month}{i:06d}.pdf",
                 Resource(tiny_pdf(f"unit {i} final accounts 2024"), content_type="application/pdf"))
    return site.url("/xxgk/czzj/index.html")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=20)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    with LocalSite() as site, tempfile.TemporaryDirectory() as tmp:
        listing = build_site(site, args.items, args.per_page)
        district = District.model_validate({
            "id": "bench", "name": "基准区", "adcode": "420111",
            "listings": [{"url": listing, "kinds": ["final_accounts"]}],
            "politeness": {"delay_seconds": 0, "concurrency": args.concurrency, "max_requests": 100_000},
        })
        print(f"site: {args.items} listing items on {(args.items + args.per_page - 1) // args.per_page} pages, "
              f"concurrency {args.concurrency}")
        for label in ("first run", "second run"):
            served = len(site.hits)
            started = time.perf_counter()
            [result] = CrawlRun(Path(tmp) / "warehouse").crawl([district])
            wall = time.perf_counter() - started
            hits = site.hits[served:]
            statuses = {s: sum(1 for h in hits if h.status == s) for s in sorted({h.status for h in hits})}
            print(f"{label}: {result.requests} requests ({statuses}), {result.bytes:,} body bytes, "
                  f"{len(result.landed)} files landed, {result.outcomes.get('not_modified', 0)} not modified, "
                  f"{len(result.failures)} failures, {wall:.2f} s wall ({result.requests / wall:.0f} requests/s)")


if __name__ == "__main__":
    main()
