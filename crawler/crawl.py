"""Crawl districts: listing pages → detail pages (→ per-unit pages) → attachments → landing.

A file lands once per content (`landing/<sha256>/<name>`, written to a temporary file and
renamed into place), whatever page or scheme it was reached by; every page and file looked at
is recorded in `raw.crawl_fetches` (crawler/store.py). One district's failure never stops the
others: `crawl` returns a result per district.
"""

from __future__ import annotations

import os
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import duckdb
import httpx

from crawler import store
from crawler.districts import District, Listing
from crawler.extract import Link, PageLinks, classify_html, decode_html, extract_links, page_title, parse_html
from crawler.fetch import Fetched, Fetcher, HostState
from crawler.names import (
    FILE_SUFFIXES,
    content_disposition_name,
    has_file_suffix,
    host_key,
    sanitise_file_name,
    url_file_name,
    url_key,
)

# Outcomes that are news about the file or page, not a failure to report.
QUIET = {"ok", "landed", "already_landed", "not_modified", "duplicate_link"}
_SUFFIX_FOR = {"pdf": ".pdf", "ole": ".doc", "zip": ".zip", "rar": ".rar", "7z": ".7z"}


def sniff(head: bytes) -> str | None:
    """What a file is from its first bytes (never from its name or Content-Type)."""
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"  # .doc / .xls / .wps
    if head.startswith(b"PK\x03\x04"):
        return "zip"  # .docx / .xlsx / .zip / .ofd
    if head.startswith(b"Rar!\x1a\x07"):
        return "rar"
    if head.startswith(b"7z\xbc\xaf\x27\x1c"):
        return "7z"
    return None


@dataclass
class DistrictResult:
    district_id: str
    status: str = "crawled"  # crawled | failed
    reason: str | None = None
    requests: int = 0
    bytes: int = 0
    files_found: int = 0
    landed: list[Path] = field(default_factory=list)
    outcomes: Counter = field(default_factory=Counter)
    failures: list[tuple[str, str, str]] = field(default_factory=list)  # url, outcome, reason
    hosts: dict[str, Counter] = field(default_factory=dict)  # host → failure outcomes


@dataclass
class _Attachment:
    link: Link
    listing: Listing
    detail_url: str | None
    page_title: str


class DistrictCrawl:
    """One district's crawl within a run (state shared with the run: client, hosts, landing)."""

    def __init__(self, run: CrawlRun, district: District, con: duckdb.DuckDBPyConnection) -> None:
        self.run, self.d, self.con = run, district, con
        self.fetcher = Fetcher(run.client, district.politeness, district.host_allowed, run.hosts, run.sleep)
        self.fingerprint = district.fingerprint()
        self.prior = store.prior_files(con, district.id)
        self.cache = store.cached_pages(con, district.id, self.fingerprint)
        self.records: list[store.FetchRecord] = []
        self.pages: list[tuple] = []
        self.result = DistrictResult(district.id)
        self._lock = threading.Lock()

    # --- records ---------------------------------------------------------------------------

    def _record(self, got: Fetched, role: str, listing: Listing, **extra: object) -> store.FetchRecord:
        rec = store.FetchRecord(
            run_id=self.run.run_id, district_id=self.d.id, role=role, url=got.url, url_key=url_key(got.url),
            listing_url=listing.url, detail_url=None, attachment_url=got.url if role == "attachment" else None,
            final_url=got.final_url, link_text=None, page_title=None, kinds=",".join(listing.kinds),
            http_status=got.status, etag=got.etag, last_modified=got.last_modified,
            content_type=got.content_type, fetched_at=got.fetched_at, bytes=got.bytes, sha256=None,
            file_name=None, landed_path=None, outcome=got.outcome, reason=got.reason, attempts=got.attempts,
        )
        for key, value in extra.items():
            setattr(rec, key, value)
        with self._lock:
            self.records.append(rec)
            self.result.outcomes[rec.outcome] += 1
            if rec.outcome not in QUIET:
                self.result.failures.append((rec.url, rec.outcome, rec.reason or ""))
                host = host_key(rec.final_url or rec.url)
                self.result.hosts.setdefault(host, Counter())[rec.outcome] += 1
        return rec

    def _judge_html(self, got: Fetched, url: str, role: str) -> tuple[str, str] | None:
        """A challenge, login page, stub or soft 404 instead of content; a WAF closes the host.
        An error status keeps its http_error unless the body is a challenge or a login page."""
        text = decode_html(got.body or b"", got.content_type)
        verdict = classify_html(text, got.status, {"set-cookie": got.set_cookie})
        if got.status != 200 and verdict and verdict[0] not in ("waf_challenge", "login_required"):
            verdict = None
        if verdict and verdict[0] == "waf_challenge":
            self.fetcher.block(got.final_url or url, f"{verdict[1]} at {got.final_url or url}")
        if verdict is None and role == "attachment" and got.outcome == "html":
            tree = parse_html(text)
            title = page_title(tree) if tree is not None else ""
            verdict = ("html_not_file", f"an HTML page where a file was linked: {title[:120] or 'untitled'}")
        return verdict

    # --- pages -----------------------------------------------------------------------------

    def page(self, url: str, role: str, listing: Listing, link_text: str = "") -> PageLinks | None:
        cached = self.cache.get(url_key(url))
        validators = {"etag": cached.etag, "last_modified": cached.last_modified} if cached else None
        got = self.fetcher.fetch(url, validators=validators)
        links: PageLinks | None = None
        if got.outcome == "not_modified" and cached:
            links = PageLinks.from_json(cached.links)
        elif got.outcome == "ok" or (got.outcome == "http_error" and got.body):
            verdict = self._judge_html(got, url, role)
            if verdict:
                got.outcome, got.reason = verdict
            elif got.outcome == "ok":
                pagination = self.d.pagination_for(listing)
                links = extract_links(got.body or b"", got.content_type, got.final_url, self.d,
                                      list(listing.kinds), role, pagination)
                if got.etag or got.last_modified:
                    with self._lock:
                        self.pages.append((url_key(url), url, role, got.etag, got.last_modified,
                                           got.fetched_at, links.to_json()))
        self._record(got, role, listing, link_text=link_text or None,
                     page_title=links.title if links else None)
        return links

    # --- files -----------------------------------------------------------------------------

    def download(self, item: _Attachment) -> store.FetchRecord:
        url = item.link.url
        prior = self.prior.get(url_key(url))
        usable = prior if prior and Path(prior.landed_path).is_file() else None
        validators = {"etag": usable.etag, "last_modified": usable.last_modified} if usable else None
        got = self.fetcher.fetch(url, validators=validators, file_dir=self.run.tmp_dir)
        extra: dict[str, object] = {"detail_url": item.detail_url, "link_text": item.link.text or None,
                                    "page_title": item.page_title or None}
        try:
            if got.outcome == "not_modified" and usable:
                extra.update(sha256=usable.sha256, file_name=usable.file_name, landed_path=usable.landed_path)
            elif got.outcome == "not_modified":
                got.outcome, got.reason = "http_error", "304 to an unconditional request"
            elif got.outcome in ("html", "http_error") and got.body is not None:
                verdict = self._judge_html(got, url, "attachment")
                if verdict:
                    got.outcome, got.reason = verdict
            elif got.outcome == "ok" and got.path is not None:
                with got.path.open("rb") as fh:
                    kind = sniff(fh.read(1024))
                if kind is None:
                    got.outcome, got.reason = "unrecognised_content", "not a PDF, Office, zip or rar file"
                else:
                    name = self._file_name(got, item, kind)
                    path, new = self.run.land(got.path, got.sha256 or "", name)
                    got.path = None
                    got.outcome = "landed" if new else "already_landed"
                    extra.update(sha256=got.sha256, file_name=path.name, landed_path=str(path))
                    if new:
                        with self._lock:
                            self.result.landed.append(path)
        finally:
            got.discard()
        return self._record(got, "attachment", item.listing, **extra)

    @staticmethod
    def _file_name(got: Fetched, item: _Attachment, kind: str) -> str:
        candidates = [content_disposition_name(got.content_disposition), item.link.text, url_file_name(got.final_url),
                      url_file_name(got.url)]
        chosen = next((c for c in candidates if c and has_file_suffix("/" + c)), None)
        if chosen is None:
            stem = item.link.text or url_file_name(got.url) or "download"
            chosen = stem + _SUFFIX_FOR[kind]
        name = sanitise_file_name(chosen)
        if not name.lower().endswith(FILE_SUFFIXES):
            name = sanitise_file_name(name + _SUFFIX_FOR[kind])
        return name

    # --- the district ----------------------------------------------------------------------

    def crawl(self) -> DistrictResult:
        details: dict[str, tuple[Link, Listing]] = {}
        attachments: list[_Attachment] = []
        reachable = 0
        for listing in self.d.listings:
            limit = self.d.pagination_for(listing).max_pages
            queue, seen = [listing.url], set()
            while queue and len(seen) < limit:
                page_url = queue.pop(0)
                if url_key(page_url) in seen:
                    continue
                seen.add(url_key(page_url))
                links = self.page(page_url, "listing", listing)
                if links is None:
                    continue
                reachable += page_url == listing.url
                queue += [p for p in links.pages if url_key(p) not in seen]
                for link in links.details:
                    details.setdefault(url_key(link.url), (link, listing))
                attachments += [_Attachment(a, listing, None, links.title) for a in links.attachments]
        if not reachable:
            first = next((f for f in self.result.failures), ("", "unreachable", ""))
            self.result.status = "failed"
            self.result.reason = f"no listing page could be read: {first[1]} {first[2]}".strip()
        attachments += self._walk_details(details)
        self._download_all(attachments)
        return self.result

    def _walk_details(self, found: dict[str, tuple[Link, Listing]]) -> list[_Attachment]:
        """Detail pages level by level; a detail page may link its units' own pages."""
        seen = set(found)
        level = list(found.values())
        out: list[_Attachment] = []
        with ThreadPoolExecutor(self.d.politeness.concurrency) as pool:
            for _depth in range(self.d.max_depth):
                pages = list(pool.map(lambda item: self.page(item[0].url, "detail", item[1], item[0].text), level))
                following: list[tuple[Link, Listing]] = []
                for (link, listing), links in zip(level, pages, strict=True):
                    if links is None:
                        continue
                    out += [_Attachment(a, listing, link.url, links.title or link.text) for a in links.attachments]
                    for child in links.details:
                        if url_key(child.url) not in seen:
                            seen.add(url_key(child.url))
                            following.append((child, listing))
                level = following
                if not level:
                    break
        return out

    def _download_all(self, attachments: list[_Attachment]) -> None:
        # One download per file whatever page or scheme linked it: the listing's scheme wins.
        groups: dict[str, list[_Attachment]] = {}
        for item in attachments:
            groups.setdefault(url_key(item.link.url), []).append(item)
        chosen: list[_Attachment] = []
        for items in groups.values():
            scheme = urlsplit(items[0].listing.url).scheme
            chosen.append(next((i for i in items if urlsplit(i.link.url).scheme == scheme), items[0]))
        self.result.files_found = len(groups)
        with ThreadPoolExecutor(self.d.politeness.concurrency) as pool:
            done = dict(zip([id(c) for c in chosen], pool.map(self.download, chosen), strict=True))
        chosen_by_key = {url_key(c.link.url): c for c in chosen}
        for key, items in groups.items():
            first = chosen_by_key[key]
            rec = done[id(first)]
            for other in items:
                if other is first:
                    continue
                self._record(
                    Fetched(url=other.link.url, final_url=other.link.url, outcome="duplicate_link",
                            reason=f"same file as {first.link.url}" + (f" (linked from {first.detail_url})"
                                                                       if first.detail_url else "")),
                    "attachment", other.listing, detail_url=other.detail_url, link_text=other.link.text or None,
                    page_title=other.page_title or None, sha256=rec.sha256, file_name=rec.file_name,
                    landed_path=rec.landed_path,
                )


class CrawlRun:
    """One `fiscal crawl`: a run id, one HTTP client, host states shared by its districts."""

    def __init__(self, warehouse: Path, client: httpx.Client | None = None,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.root = warehouse
        self.landing = warehouse / "landing"
        self.work_db = warehouse / "work.duckdb"
        # (temporary downloads beside landing: same file system, so the rename is atomic)
        self.tmp_dir = warehouse / "crawl-tmp"
        # (microseconds: run ids sort in time order, also for two runs within one second)
        self.run_id = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ-") + secrets.token_hex(3)
        self.client = client or httpx.Client(follow_redirects=False, http2=False)
        self._own_client = client is None
        self.hosts: dict[str, HostState] = {}
        self.sleep = sleep or time.sleep
        self._land_lock = threading.Lock()

    def land(self, tmp: Path, sha256: str, name: str) -> tuple[Path, bool]:
        """Rename tmp to landing/<sha256>/<name>; if that content is already landed (under any
        name), keep the existing file. Returns (path, newly landed)."""
        folder = self.landing / sha256
        with self._land_lock:
            existing = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.endswith(".part")) \
                if folder.is_dir() else []
            if existing:
                tmp.unlink(missing_ok=True)
                return existing[0], False
            folder.mkdir(parents=True, exist_ok=True)
            target = folder / name
            if target.resolve().parent != folder.resolve():  # belt and braces: names are sanitised
                raise ValueError(f"refusing to land outside {folder}: {name!r}")
            os.replace(tmp, target)
            return target, True

    def crawl(self, districts: Iterable[District]) -> list[DistrictResult]:
        self.landing.mkdir(parents=True, exist_ok=True)
        self.tmp_dir.mkdir(parents=True, exist_ok=True)
        for leftover in self.tmp_dir.glob("dl-*.part"):  # from a run that was killed
            leftover.unlink(missing_ok=True)
        results = []
        try:
            with store.connect(self.work_db) as con:
                for district in districts:
                    results.append(self._one(district, con))
        finally:
            if self._own_client:
                self.client.close()
        return results

    def _one(self, district: District, con: duckdb.DuckDBPyConnection) -> DistrictResult:
        started = datetime.now(UTC)
        job = None
        try:
            job = DistrictCrawl(self, district, con)
            result = job.crawl()
        except Exception as exc:  # one district's bug or outage never stops the others
            result = job.result if job else DistrictResult(district.id)
            result.status, result.reason = "failed", f"{type(exc).__name__}: {exc}"
        if job:
            result.requests, result.bytes = job.fetcher.budget.used, job.fetcher.bytes_received
            try:
                con.execute("BEGIN TRANSACTION")
                store.write_fetches(con, job.records)
                store.write_pages(con, district.id, job.fingerprint, job.pages)
                store.write_run(con, [self.run_id, district.id, started, datetime.now(UTC), result.status,
                                      result.reason, result.requests, result.bytes, result.files_found,
                                      len(result.landed), len(result.failures)])
                con.execute("COMMIT")
            except duckdb.Error as exc:
                # (the files landed stay; without their records the next run fetches them again)
                con.execute("ROLLBACK")
                result.status, result.reason = "failed", f"could not record the crawl: {exc}"
        return result
