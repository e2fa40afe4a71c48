"""A real HTTP server on 127.0.0.1 serving an in-memory site, for the crawler's tests and benchmark.

Each route answers with a `Resource` (or a list of them, one per successive request: a 500 then
a 200). Resources can misbehave the way real servers do: hang, drip bytes, cut the body short.
Every request is logged with its headers, so tests can assert what was (not) asked for.
Nothing here is used by the crawler itself.
"""

from __future__ import annotations

import hashlib
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Resource:
    body: bytes = b""
    status: int = 200
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # send ETag/Last-Modified and answer conditional requests with 304
    last_modified: str = "Mon, 06 Jan 2025 08:00:00 GMT"
    behaviour: str | None = None  # None | "hang" | "drip" | "truncate" | "nolength" (body ends at close)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


@dataclass
class Hit:
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0


def html(body: str, title: str = "", encoding: str = "utf-8", meta: bool = True, header: bool = True) -> Resource:
    """An HTML page; `meta`/`header` say whether the charset is declared in <meta> / Content-Type."""
    head = f'<meta charset="{encoding}">' if meta else ""
    text = f"<html><head>{head}<title>{title}</title></head><body>{body}</body></html>"
    return Resource(text.encode(encoding), content_type=f"text/html; charset={encoding}" if header else "text/html")


class LocalSite:
    def __init__(self) -> None:
        self.routes: dict[str, Resource | list[Resource]] = {}
        self.hits: list[Hit] = []
        self._counts: dict[str, int] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self.server: ThreadingHTTPServer | None = None

    # --- set-up ----------------------------------------------------------------------------

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def add(self, path: str, resource: Resource | list[Resource]) -> None:
        self.routes[path] = resource

    def requests_for(self, path: str) -> list[Hit]:
        return [h for h in self.hits if h.path == path]

    def __enter__(self) -> LocalSite:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in two writes: without TCP_NODELAY, Nagle's algorithm and
            # delayed ACKs add 40 ms to every response
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:  # quiet test output
                pass

            def do_GET(self) -> None:
                site._serve(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        assert self.server is not None
        self.server.shutdown()
        self.server.server_close()

    # --- serving ---------------------------------------------------------------------------

    def _pick(self, path: str) -> Resource | None:
        route = self.routes.get(path) or self.routes.get(urlsplit(path).path)
        if route is None:
            return None
        if isinstance(route, Resource):
            return route
        with self._lock:
            n = self._counts.get(path, 0)
            self._counts[path] = n + 1
        return route[min(n, len(route) - 1)]

    def _serve(self, req: BaseHTTPRequestHandler) -> None:
        hit = Hit(req.path, {k.lower(): v for k, v in req.headers.items()}, time.monotonic())
        with self._lock:
            self.hits.append(hit)
        res = self._pick(req.path)
        if res is None:
            res = Resource(b"<html><body>404 Not Found</body></html>", status=404, validators=False)
        if res.behaviour == "hang":
            self._stop.wait(30)  # say nothing until the client gives up (or the site stops)
            req.close_connection = True
            return
        # (If-None-Match, when sent, decides alone: RFC 9110 §13.2.2)
        inm, ims = req.headers.get("If-None-Match"), req.headers.get("If-Modified-Since")
        conditional = res.validators and res.status == 200 and (
            inm == res.etag if inm is not None else ims == res.last_modified
        )
        hit.status = 304 if conditional else res.status
        req.send_response(hit.status)
        if res.content_type and not conditional:
            req.send_header("Content-Type", res.content_type)
        if res.validators:
            req.send_header("ETag", res.etag)
            req.send_header("Last-Modified", res.last_modified)
        for key, value in res.headers.items():
            req.send_header(key, value)
        if conditional:
            req.send_header("Content-Length", "0")
            req.end_headers()
            return
        if res.behaviour == "nolength":
            req.close_connection = True
            req.send_header("Connection", "close")
        else:
            req.send_header("Content-Length", str(len(res.body)))
        req.end_headers()
        try:
            if res.behaviour == "drip":
                for i in range(0, len(res.body), 10):
                    if self._stop.wait(0.05):
                        break
                    req.wfile.write(res.body[i : i + 10])
                    req.wfile.flush()
            elif res.behaviour == "truncate":
                req.wfile.write(res.body[: len(res.body) // 2])
                req.wfile.flush()
                req.close_connection = True
                req.connection.shutdown(socket.SHUT_RDWR)
            else:
                req.wfile.write(res.body)
        except (BrokenPipeError, ConnectionResetError, OSError):
            req.close_connection = True


def tiny_pdf(text: str) -> bytes:
    """A small valid one-page PDF carrying `text` (distinct texts give distinct files)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=(200, 100), invariant=True)
    pdf.setTitle(text)  # (the base-14 font draws no CJK: the title keeps CJK texts apart)
    pdf.drawString(10, 50, text)
    pdf.save()
    return out.getvalue()
