"""The review web app: the standard library's ``http.server`` over the store, no framework.

Routes: ``GET /`` (articles with filters and counts), ``GET /article/ID`` (highlighted text, observation and
calculation tables, review forms), ``POST /article/ID/review`` (one decision), ``GET /regions`` (coverage by
region), ``GET /static/review.css|review.js``.

Safety: the server binds to 127.0.0.1 unless told otherwise, and refuses a non-loopback address without
``allow_remote``; requests must name this server in their Host header (no DNS rebinding); every state change
is a POST carrying the CSRF token of this server run, and a cross-site Origin is refused; pages are served with
a Content-Security-Policy that allows only this server's own stylesheet and script.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import secrets
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Optional
from urllib.parse import parse_qs, quote, unquote, urlsplit

from . import render
from .reviews import (Filters, ReviewError, load_review, record_decision, store_coverage, summaries,
                      article_title)

MAX_FORM_BYTES = 64 * 1024
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; "
                               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",  # "no-referrer" would make browsers send "Origin: null" with our forms
    "Cache-Control": "no-store",
}
STATIC = {"review.css": "text/css; charset=utf-8", "review.js": "text/javascript; charset=utf-8"}


class BindError(Exception):
    """An address the server will not or cannot listen on; one line for the user."""


def is_loopback(host: str) -> bool:
    """Whether every address ``host`` stands for is a loopback one (127.0.0.0/8, ::1)."""
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, None)
    except OSError:
        return False
    return bool(infos) and all(ipaddress.ip_address(info[4][0].split("%")[0]).is_loopback for info in infos)


class Response:
    def __init__(self, status: int, body: str | bytes = b"", content_type: str = "text/html; charset=utf-8",
                 headers: Optional[dict] = None):
        self.status = status
        self.body = body.encode("utf-8") if isinstance(body, str) else body
        self.headers = {"Content-Type": content_type, **SECURITY_HEADERS, **(headers or {})}


class ReviewApp:
    """Request handling, independent of the HTTP plumbing (tests call ``handle`` directly)."""

    def __init__(self, db: Path, reviewer: str, csrf_token: Optional[str] = None):
        from ..store import Store

        self.db = Path(db)
        self.reviewer = reviewer
        self.csrf_token = csrf_token or secrets.token_urlsafe(32)
        self.allowed_hosts: Optional[set[str]] = None  # None: any Host (allow_remote)
        with Store(self.db, create=False):  # fails early on a missing store; upgrades its schema
            pass

    def store(self):
        from ..store import Store

        return Store(self.db, create=False)

    # ----- dispatch -----

    def handle(self, method: str, target: str, headers: dict, body: bytes = b"") -> Response:
        host = headers.get("host", "")
        if self.allowed_hosts is not None and host.lower() not in self.allowed_hosts:
            return self.error(HTTPStatus.MISDIRECTED_REQUEST, "Wrong host",
                              f"This server answers to {sorted(self.allowed_hosts)[0]} only.")
        parts = urlsplit(target)
        path = parts.path
        try:
            if method in ("GET", "HEAD"):
                if path == "/":
                    return self.article_list(parse_qs(parts.query))
                if path == "/regions":
                    return self.regions()
                if path.startswith("/static/"):
                    return self.static(path[len("/static/"):])
                if path.startswith("/article/") and path.count("/") == 2:
                    return self.article(unquote(path[len("/article/"):]))
                if path == "/favicon.ico":
                    return Response(HTTPStatus.NO_CONTENT)
                return self.error(HTTPStatus.NOT_FOUND, "Not found", f"No page at {path}.")
            if method == "POST":
                if path.startswith("/article/") and path.endswith("/review") and path.count("/") == 3:
                    article_id = unquote(path[len("/article/"): -len("/review")])
                    return self.review(article_id, headers, body)
                return self.error(HTTPStatus.NOT_FOUND, "Not found", f"No form posts to {path}.")
            return self.error(HTTPStatus.METHOD_NOT_ALLOWED, "Method not allowed", f"{method} is not used here.",
                              headers={"Allow": "GET, HEAD, POST"})
        except Exception as err:  # a page that fails says so, the server keeps running
            print(f"extractor review: {method} {path}: {type(err).__name__}: {err}", file=sys.stderr)
            return self.error(HTTPStatus.INTERNAL_SERVER_ERROR, "Error", f"{type(err).__name__}: {err}")

    def error(self, status: int, title: str, message: str, back: Optional[str] = None,
              headers: Optional[dict] = None) -> Response:
        return Response(status, render.message_page(title, message, back, self.reviewer), headers=headers)

    # ----- pages -----

    def page(self, title: str, body: str) -> Response:
        return Response(HTTPStatus.OK, render.page(title, body, nav=render.app_nav(self.reviewer)))

    def article_list(self, query: dict) -> Response:
        filters = Filters.from_query(query)
        try:
            offset = max(0, int((query.get("offset") or ["0"])[0]))
        except ValueError:
            offset = 0
        with self.store() as store:
            items = summaries(store.conn)
        return self.page("Articles — extractor review", render.article_list(items, filters, offset=offset))

    def article(self, article_id: str) -> Response:
        with self.store() as store:
            article = store.get(article_id)
            if article is None:
                return self.error(HTTPStatus.NOT_FOUND, "No such article", f"The store holds no article {article_id!r}.",
                                  back="/")
            row = store.conn.execute("SELECT record FROM records WHERE article_id = ?", (article_id,)).fetchone()
            record = json.loads(row["record"]) if row else {}
            review = load_review(store.conn, article_id, record)
        info = {"id": article.id, "title": article_title(article.title or record.get("title"), article.text[:400]),
                "url": article.url, "source": article.source, "published": article.published}
        problem = None if row else "This article has no record yet (run extractor reprocess)."
        body = render.article_body(info, article.text, record, review, csrf=self.csrf_token, text_problem=problem)
        return self.page(f"{info['title']} — extractor review", '<p><a href="/">← all articles</a></p>' + body)

    def regions(self) -> Response:
        with self.store() as store:
            by_region = store_coverage(store.conn)
        body = render.coverage_view(by_region, link=lambda p: f"/article/{quote(p.article_id, safe='')}")
        return self.page("Coverage by region — extractor review", body)

    def static(self, name: str) -> Response:
        if name not in STATIC:
            return self.error(HTTPStatus.NOT_FOUND, "Not found", "No such file.")
        return Response(HTTPStatus.OK, render.asset(name), content_type=STATIC[name],
                        headers={"Cache-Control": "no-cache"})

    # ----- decisions -----

    def review(self, article_id: str, headers: dict, body: bytes) -> Response:
        back = f"/article/{quote(article_id, safe='')}"
        origin = headers.get("origin")
        if origin is not None:
            netloc = urlsplit(origin).netloc.lower()
            if origin == "null" or netloc != headers.get("host", "").lower():
                return self.error(HTTPStatus.FORBIDDEN, "Refused", "A form from another site cannot change reviews.",
                                  back=back)
        if headers.get("content-type", "").split(";")[0].strip().lower() != "application/x-www-form-urlencoded":
            return self.error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Refused", "Decisions are sent as a form.", back=back)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        if not hmac.compare_digest(form.get("csrf", ""), self.csrf_token):
            return self.error(HTTPStatus.FORBIDDEN, "Refused",
                              "This form is from an earlier run of the server or another site: reload the page and "
                              "decide again.", back=back)
        decision = form.get("decision", "")
        observation = None
        if form.get("observation", "") != "":
            try:
                observation = int(form["observation"])
            except ValueError:
                return self.error(HTTPStatus.BAD_REQUEST, "Not saved", "Which observation?", back=back)
        with self.store() as store:
            if store.get(article_id) is None:
                return self.error(HTTPStatus.NOT_FOUND, "No such article", f"No article {article_id!r}.", back="/")
            try:
                record_decision(store, article_id, decision, self.reviewer, observation=observation,
                                check=form.get("check"), form=form)
            except ReviewError as err:
                status = HTTPStatus.CONFLICT if "re-extracted" in str(err) else HTTPStatus.BAD_REQUEST
                return self.error(status, "Not saved", str(err), back=back)
        anchor = f"#obs-{observation}" if observation is not None else ""
        return Response(HTTPStatus.SEE_OTHER, "", headers={"Location": back + anchor})


class _Handler(BaseHTTPRequestHandler):
    server_version = "extractor-review"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def _run(self, method: str) -> None:
        body = b""
        if method == "POST":
            try:
                length = int(self.headers.get("Content-Length") or 0)
            except ValueError:
                length = -1
            if length < 0 or length > MAX_FORM_BYTES:
                self._send(Response(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "form too large"), close=True)
                return
            body = self.rfile.read(length)
        headers = {k.lower(): v for k, v in self.headers.items()}
        self._send(self.server.app.handle(method, self.path, headers, body), head=method == "HEAD")

    def _send(self, response: Response, head: bool = False, close: bool = False) -> None:
        self.send_response(response.status)
        for k, v in response.headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(response.body)))
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not head:
            self.wfile.write(response.body)

    def do_GET(self):
        self._run("GET")

    def do_HEAD(self):
        self._run("HEAD")

    def do_POST(self):
        self._run("POST")

    def do_PUT(self):
        self._run("PUT")

    def do_DELETE(self):
        self._run("DELETE")

    def log_message(self, format, *args):
        if not self.server.quiet:
            sys.stderr.write(f"extractor review: {self.address_string()} {format % args}\n")


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, app: ReviewApp, quiet: bool = False):
        host = address[0]
        self.address_family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
        super().__init__((host.strip("[]"), address[1]), _Handler)
        self.app = app
        self.quiet = quiet

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"


def make_server(db: Path, host: str = "127.0.0.1", port: int = 8765, reviewer: str = "reviewer",
                allow_remote: bool = False, quiet: bool = False) -> ReviewServer:
    """A review server bound to ``host:port`` (port 0: any free port), not yet serving."""
    if not allow_remote and not is_loopback(host):
        raise BindError(f"{host} is not a loopback address: the review app shows and changes the store without a "
                        f"login, so it listens on 127.0.0.1 unless you pass --allow-remote")
    app = ReviewApp(db, reviewer)
    try:
        server = ReviewServer((host, port), app, quiet=quiet)
    except OSError as err:
        raise BindError(f"cannot listen on {host}:{port} ({err.strerror or err})") from None
    if not allow_remote:
        bound = server.server_address[1]
        names = {host.strip("[]"), "127.0.0.1", "localhost", "::1"}
        app.allowed_hosts = {f"{n}:{bound}" for n in names} | {f"[{n}]:{bound}" for n in names if ":" in n}
    return server


def serve_in_thread(server: ReviewServer) -> threading.Thread:
    """Serve in a daemon thread (tests); stop with ``server.shutdown(); server.server_close()``."""
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    return thread
