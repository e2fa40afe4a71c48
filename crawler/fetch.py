"""One polite, bounded HTTP GET: robots.txt, per-host pacing, retries, deadline, size cap.

`Fetcher.fetch` follows redirects itself (each hop is checked against the allowed hosts and
robots.txt, and a hop to a login page stops there), retries 429/5xx, timeouts, dropped
connections and cut bodies with exponential backoff or the server's Retry-After, and streams a
file into a temporary file while hashing it, giving up at the size cap or the per-file
wall-clock deadline (a server dripping bytes never trips a read timeout). It never interprets a
page: the caller decides what a body means (crawler.extract.classify_html).
"""

from __future__ import annotations

import email.utils
import hashlib
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import httpx
import tenacity
from protego import Protego

from crawler.districts import Politeness
from crawler.names import TEMP_SUFFIX, host_key

PRODUCT = "fiscal-warehouse-crawler"
USER_AGENT = f"{PRODUCT}/0.1 (open data of budget disclosures; obeys robots.txt)"
MAX_REDIRECTS = 5
RETRY_STATUSES = {429, 500, 502, 503, 504, 520, 521, 522, 523, 524}
SMALL_BODY = 512 * 1024  # what we keep of an error page or of HTML posing as a file
LOGIN_URL = re.compile(r"(login|logon|signin|sso|passport|/cas/|/auth/|oauth|/uc/)", re.I)


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int | None = None
    outcome: str = "ok"  # ok | not_modified | html | a failure outcome (see docs/adding-a-district.md)
    reason: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    content_disposition: str | None = None
    set_cookie: str = ""
    body: bytes | None = None  # a page, or the head of HTML served where a file was expected
    path: Path | None = None  # a downloaded file (temporary: the caller lands or deletes it)
    sha256: str | None = None
    bytes: int = 0  # body bytes received, every attempt included
    attempts: int = 0
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.outcome in ("ok", "html")

    def fail(self, outcome: str, reason: str) -> Fetched:
        self.outcome, self.reason = outcome, reason
        self.discard()
        return self

    def discard(self) -> None:
        if self.path is not None:
            self.path.unlink(missing_ok=True)
            self.path = None


class _Retry(Exception):
    """A failure worth another attempt (429/5xx, timeout, dropped connection, cut body)."""

    def __init__(self, outcome: str, reason: str, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.outcome, self.reason, self.retry_after = outcome, reason, retry_after


class _Stop(Exception):
    """A failure that another attempt would not fix (size cap, deadline, request budget)."""

    def __init__(self, outcome: str, reason: str) -> None:
        super().__init__(reason)
        self.outcome, self.reason = outcome, reason


class Budget:
    """Requests a district may still make this run (retries and robots.txt count)."""

    def __init__(self, limit: int) -> None:
        self.limit, self.used = limit, 0
        self._lock = threading.Lock()

    def take(self) -> None:
        with self._lock:
            if self.used >= self.limit:
                raise _Stop("budget_exhausted", f"max_requests ({self.limit}) reached this run")
            self.used += 1


@dataclass
class HostState:
    """Pacing and standing of one host (scheme-less host:port) for one run."""

    robots: Protego | None = None
    robots_reason: str | None = None  # set: robots.txt could not be read, so nothing is fetched
    robots_outcome: str = "robots_disallowed"  # or the connection failure that kept it from us
    robots_done: bool = False
    robots_lock: threading.Lock = field(default_factory=threading.Lock)  # one robots.txt fetch per host
    blocked: str | None = None  # a WAF challenge: no further request to this host this run
    next_at: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)
    slots: threading.Semaphore | None = None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def _looks_html(head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype", b"<html", b"<head", b"<body", b"<script", b"<meta", b"<title", b"<!--")) or (
        b"<html" in start[:1024] and not start.startswith(b"%pdf")
    )


class Fetcher:
    """HTTP for one district's crawl; `hosts` may be shared across districts of one run so that
    robots.txt is read once and a host that challenged us is left alone for the rest of the run."""

    def __init__(
        self,
        client: httpx.Client,
        settings: Politeness,
        allowed: Callable[[str], bool],
        hosts: dict[str, HostState] | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.client, self.settings, self.allowed = client, settings, allowed
        self.hosts = hosts if hosts is not None else {}
        self.budget = Budget(settings.max_requests)
        self.sleep = sleep
        self._hosts_lock = threading.Lock()
        self.bytes_received = 0

    # --- hosts -----------------------------------------------------------------------------

    def host(self, url: str) -> HostState:
        key = host_key(url)
        with self._hosts_lock:
            state = self.hosts.setdefault(key, HostState())
            if state.slots is None:
                state.slots = threading.Semaphore(self.settings.concurrency)
            return state

    def block(self, url: str, reason: str) -> None:
        """Leave the host alone for the rest of the run (a challenge is never worked around)."""
        self.host(url).blocked = reason

    def _delay(self, state: HostState) -> float:
        crawl_delay = state.robots.crawl_delay(PRODUCT) if state.robots is not None else None
        return max(self.settings.delay_seconds, float(crawl_delay or 0))

    def _pace(self, state: HostState) -> None:
        with state.lock:
            now = time.monotonic()
            start = max(now, state.next_at)
            state.next_at = start + self._delay(state)
        if start > now:
            self.sleep(start - now)

    def _robots_allow(self, url: str) -> tuple[str, str] | None:
        """None when robots.txt lets us fetch url, else (outcome, reason)."""
        state = self.host(url)
        with state.robots_lock:  # (other threads wait until the rules are known)
            if not state.robots_done:
                self._read_robots(url, state)
                state.robots_done = True
        if state.robots_reason:
            return state.robots_outcome, state.robots_reason
        if state.robots is not None and not state.robots.can_fetch(url, PRODUCT):
            return "robots_disallowed", "disallowed by robots.txt"
        return None

    def _read_robots(self, url: str, state: HostState) -> None:
        parts = urlsplit(url)
        got = self.fetch(f"{parts.scheme}://{parts.netloc}/robots.txt", robots=False)
        if got.status is not None and 200 <= got.status < 300 and got.body is not None:
            state.robots = Protego.parse(got.body.decode("utf-8", errors="replace"))
            with state.lock:  # the Crawl-delay holds from the robots.txt request on
                state.next_at = max(state.next_at, time.monotonic() + self._delay(state))
        elif got.status is not None and 400 <= got.status < 500 and got.status != 429:
            state.robots = None  # no robots.txt: everything is allowed (RFC 9309 §2.3.1.3)
        else:
            # an unreachable robots.txt means complete disallow (RFC 9309 §2.3.1.4)
            state.robots_reason = f"robots.txt unreachable ({got.reason or got.status})"
            if got.status is None:  # the host itself is unreachable: say so, not "disallowed"
                state.robots_outcome = got.outcome

    # --- one URL ---------------------------------------------------------------------------

    def fetch(
        self,
        url: str,
        *,
        validators: dict[str, str | None] | None = None,
        file_dir: Path | None = None,
        robots: bool = True,
    ) -> Fetched:
        """GET url (following redirects). With file_dir, the body streams into a temporary file
        there (unless it turns out to be HTML, which is kept in `body`)."""
        deadline = time.monotonic() + self.settings.file_deadline_seconds
        result = Fetched(url=url, final_url=url)
        current = url
        for _hop in range(MAX_REDIRECTS + 1):
            host = urlsplit(current).hostname or ""
            if not self.allowed(host):
                return result.fail("offsite_redirect" if current != url else "host_not_allowed",
                                   f"{host} is not an allowed host")
            state = self.host(current)
            if state.blocked:
                return result.fail("host_blocked", state.blocked)
            if robots:
                refusal = self._robots_allow(current)
                if refusal:
                    return result.fail(*refusal)
            try:
                location = self._with_retries(current, result, deadline, validators, file_dir)
            except (_Retry, _Stop) as exc:
                return result.fail(exc.outcome, exc.reason)
            if location is None:
                return result
            target = urljoin(current, location)
            if LOGIN_URL.search(urlsplit(target).path + "?" + urlsplit(target).query):
                return result.fail("login_required", f"redirected to a login page: {target}")
            current = result.final_url = target
            validators = None  # validators belong to the URL they were sent for
        return result.fail("too_many_redirects", f"more than {MAX_REDIRECTS} redirects")

    def _with_retries(
        self, url: str, result: Fetched, deadline: float,
        validators: dict[str, str | None] | None, file_dir: Path | None,
    ) -> str | None:
        settings = self.settings

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, _Retry) and exc.retry_after is not None:
                return exc.retry_after
            return settings.backoff_seconds * 2 ** (state.attempt_number - 1)

        def stop(state: tenacity.RetryCallState) -> bool:
            # no further attempt once the retries are spent or the pause would pass the deadline
            upcoming = state.upcoming_sleep or 0.0
            return state.attempt_number > settings.retries or time.monotonic() + upcoming >= deadline

        retrying = tenacity.Retrying(
            retry=tenacity.retry_if_exception_type(_Retry), wait=wait, stop=stop, sleep=self.sleep, reraise=True
        )
        return retrying(self._attempt, url, result, deadline, validators, file_dir)

    def _attempt(
        self, url: str, result: Fetched, deadline: float,
        validators: dict[str, str | None] | None, file_dir: Path | None,
    ) -> str | None:
        """One exchange. Returns a redirect target or None; raises _Retry or _Stop."""
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise _Stop("deadline_exceeded", f"no answer within {self.settings.file_deadline_seconds:g} s")
        self.budget.take()
        state = self.host(url)
        headers = {"User-Agent": USER_AGENT}
        if validators and validators.get("etag"):
            headers["If-None-Match"] = str(validators["etag"])
        if validators and validators.get("last_modified"):
            headers["If-Modified-Since"] = str(validators["last_modified"])
        timeout = httpx.Timeout(
            connect=min(self.settings.connect_timeout_seconds, remaining),
            read=min(self.settings.read_timeout_seconds, remaining),
            write=min(self.settings.read_timeout_seconds, remaining),
            pool=None,
        )
        assert state.slots is not None
        with state.slots:
            self._pace(state)
            result.attempts += 1
            result.fetched_at = datetime.now(UTC)
            result.discard()
            result.body = None
            try:
                with self.client.stream("GET", url, headers=headers, timeout=timeout) as response:
                    return self._read(response, result, deadline, file_dir)
            except httpx.TimeoutException as exc:
                raise _Retry("timeout", f"timed out ({type(exc).__name__})") from exc
            except httpx.RemoteProtocolError as exc:
                raise _Retry("truncated", f"connection closed mid-response: {exc}") from exc
            except httpx.TransportError as exc:
                raise _Retry("connection_error", f"{type(exc).__name__}: {exc}") from exc

    def _read(self, response: httpx.Response, result: Fetched, deadline: float, file_dir: Path | None) -> str | None:
        status = result.status = response.status_code
        h = response.headers
        result.etag, result.last_modified = h.get("etag"), h.get("last-modified")
        result.content_type, result.content_disposition = h.get("content-type"), h.get("content-disposition")
        result.set_cookie = "; ".join(h.get_list("set-cookie"))
        if status in RETRY_STATUSES:
            wait = retry_after_seconds(h.get("retry-after"))
            outcome = "rate_limited" if status == 429 else "http_error"
            if wait is not None and wait > self.settings.max_retry_after_seconds:
                raise _Stop(outcome, f"HTTP {status}, Retry-After {wait:g} s is beyond the limit")
            raise _Retry(outcome, f"HTTP {status}", wait)
        if 300 <= status < 400 and status != 304:
            location = h.get("location")
            if not location:
                raise _Stop("http_error", f"HTTP {status} without Location")
            return location
        if status == 304:
            result.outcome = "not_modified"
            return None
        if status != 200:
            # keep a little of the body: a 403/412 page tells a WAF challenge from a plain refusal
            result.body = self._small_body(response, result, deadline)
            result.outcome, result.reason = "http_error", f"HTTP {status}"
            return None
        self._stream(response, result, deadline, file_dir)
        result.outcome = "html" if file_dir is not None and result.path is None else "ok"
        return None

    def _small_body(self, response: httpx.Response, result: Fetched, deadline: float) -> bytes:
        body = bytearray()
        for chunk in response.iter_bytes():
            body += chunk
            result.bytes += len(chunk)
            self._count(len(chunk))
            if len(body) >= SMALL_BODY or time.monotonic() > deadline:
                break
        return bytes(body[:SMALL_BODY])

    def _count(self, size: int) -> None:
        with self._hosts_lock:
            self.bytes_received += size

    def _stream(self, response: httpx.Response, result: Fetched, deadline: float, file_dir: Path | None) -> None:
        cap = self.settings.max_file_bytes
        declared = response.headers.get("content-length", "")
        expected = int(declared) if declared.isdigit() else None
        if expected is not None and expected > cap and response.headers.get("content-encoding") is None:
            raise _Stop("too_large", f"Content-Length {expected} exceeds max_file_bytes {cap}")
        head = bytearray()
        digest = hashlib.sha256()
        sink = None
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                result.bytes += len(chunk)
                self._count(len(chunk))
                if size > cap:
                    raise _Stop("too_large", f"body exceeds max_file_bytes {cap}")
                if time.monotonic() > deadline:
                    raise _Stop("deadline_exceeded",
                                f"file not complete within {self.settings.file_deadline_seconds:g} s "
                                f"({size} bytes received)")
                if file_dir is None or (sink is None and len(head) < 1024):
                    head += chunk
                    if file_dir is None or len(head) < 1024:
                        continue
                if sink is None:
                    if _looks_html(bytes(head)):
                        # HTML where a file was expected: keep it (to say what it is), stop here
                        result.body = bytes(head[:SMALL_BODY])
                        return
                    fd, tmp = tempfile.mkstemp(dir=file_dir, prefix="dl-", suffix=TEMP_SUFFIX)
                    sink = os.fdopen(fd, "wb")
                    result.path = Path(tmp)
                    sink.write(head)
                    digest.update(head)
                    continue
                sink.write(chunk)
                digest.update(chunk)
            if expected is not None and response.num_bytes_downloaded < expected:
                raise _Retry("truncated", f"body cut short: {response.num_bytes_downloaded} of {expected} bytes")
            if file_dir is None:
                result.body = bytes(head)
            elif sink is None:  # a whole body shorter than the sniffing window
                if _looks_html(bytes(head)):
                    result.body = bytes(head)
                    return
                fd, tmp = tempfile.mkstemp(dir=file_dir, prefix="dl-", suffix=TEMP_SUFFIX)
                with os.fdopen(fd, "wb") as small:
                    small.write(head)
                result.path = Path(tmp)
                digest.update(head)
            result.sha256 = digest.hexdigest()
        except BaseException:
            if sink is not None:
                sink.close()
            result.discard()
            raise
        finally:
            if sink is not None and not sink.closed:
                sink.close()
