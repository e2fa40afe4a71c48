"""Helpers of the crawler tests: districts with test-sized timeouts, a crawl, the records."""

from __future__ import annotations

from pathlib import Path

import duckdb

from crawler.crawl import CrawlRun, DistrictResult
from crawler.districts import District
from crawler.localsite import Resource, tiny_pdf

# Real servers get seconds; the local ones answer in microseconds, so the tests stay fast.
FAST = {
    "delay_seconds": 0,
    "retries": 1,
    "backoff_seconds": 0.01,
    "connect_timeout_seconds": 1,
    "read_timeout_seconds": 0.4,
    "file_deadline_seconds": 3,
}


def district(listing_url: str | list[str], *, id: str = "test-district", kinds: tuple[str, ...] = (
        "final_accounts", "budget", "performance"), politeness: dict | None = None, **extra: object) -> District:
    urls = [listing_url] if isinstance(listing_url, str) else listing_url
    return District.model_validate({
        "id": id, "name": "测试区", "adcode": "420111",
        "listings": [{"url": u, "kinds": list(kinds)} for u in urls],
        "politeness": {**FAST, **(politeness or {})},
        **extra,
    })


def crawl(warehouse: Path, *districts: District) -> list[DistrictResult]:
    return CrawlRun(warehouse).crawl(districts)


def fetches(warehouse: Path, where: str = "TRUE") -> list[dict]:
    with duckdb.connect(str(warehouse / "work.duckdb"), read_only=True) as con:
        cur = con.execute(f"SELECT * FROM raw.crawl_fetches WHERE {where} ORDER BY fetched_at, url")
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def by_url(warehouse: Path, role: str = "attachment") -> dict[str, dict]:
    """The last record per URL path (ports differ between runs of a test; paths do not)."""
    from urllib.parse import urlsplit

    out: dict[str, dict] = {}
    for row in fetches(warehouse, f"role = '{role}'"):
        parts = urlsplit(row["url"])
        out[parts.path + ("?" + parts.query if parts.query else "")] = row
    return out


def landed_files(warehouse: Path) -> list[Path]:
    landing = warehouse / "landing"
    return sorted(p for p in landing.rglob("*") if p.is_file()) if landing.exists() else []


def pdf(text: str, **kwargs: object) -> Resource:
    return Resource(tiny_pdf(text), **{"content_type": "application/pdf", **kwargs})
