"""Downloading pages and feeds with httpx, within limits.

Only http and https; every hop of a redirect is checked and counted; a timeout on each network step and a
deadline on the whole download; a size cap on every body (on the decoded bytes, so a compressed bomb is cut
too); retries with exponential backoff for passing failures (timeouts, refused connections, 429, 5xx);
one politeness delay between two requests to the same host.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import httpx

from .. import __version__

USER_AGENT = f"jkn-extractor/{__version__} (news monitoring; polite crawler)"
SCHEMES = ("http", "https")
# Query parameters that only track the reader: dropped from the canonical form of a URL.
TRACKING_PARAMS = {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "_ga", "igshid", "yclid", "ref_src"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
RETRY_STATUSES = {408, 425, 429, 500, 502, 503, 504}


class FetchError(Exception):
    """A download that failed; the message is one line. ``permanent``: trying again later will not help."""

    def __init__(self, message: str, permanent: bool = False, status: Optional[int] = None):
        super().__init__(message)
        self.permanent = permanent
        self.status = status


@dataclass
class Limits:
    """What one download may take."""

    timeout: float = 20.0  # seconds for each network step (connect, each read)
    deadline: float = 60.0  # seconds for the whole download, body included
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    retries: int = 2  # further tries after a passing failure
    backoff: float = 2.0  # seconds before the first retry; doubled each time
    delay: float = 1.0  # seconds between two requests to the same host


@dataclass
class Response:
    """A finished download."""

    url: str  # as asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]
    content: bytes = b""
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> Optional[str]:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            key, _, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                return value.strip().strip('"\'') or None
        return None


def check_url(url: str) -> str:
    """The URL if it is absolute http(s) with a host; FetchError (permanent) otherwise."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        raise FetchError(f"{url}: not a valid URL", permanent=True) from None
    if parts.scheme.lower() not in SCHEMES:
        shown = parts.scheme or "no scheme"
        raise FetchError(f"{url}: only http and https URLs are fetched ({shown})", permanent=True)
    if not parts.hostname:
        raise FetchError(f"{url}: no host in URL", permanent=True)
    return url.strip()


def canonical_url(url: str) -> str:
    """A URL's canonical form: lower-case scheme and host, no default port, no fragment, no tracking
    parameters (``utm_*``, ``fbclid``...), ``/`` for an empty path."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or (scheme, port) in {("http", 80), ("https", 443)} else f"{host}:{port}"
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS]
    return urlunsplit((scheme, netloc, parts.path or "/", urlencode(query), ""))


class Fetcher:
    """An HTTP client that keeps to ``Limits``; one per job (it remembers when each host was last asked)."""

    def __init__(self, limits: Optional[Limits] = None, sleep: Callable[[float], None] = time.sleep,
                 log: Optional[Callable[[str], None]] = None):
        self.limits = limits or Limits()
        self.sleep = sleep
        self.log = log or (lambda message: None)
        lim = self.limits
        self.client = httpx.Client(
            follow_redirects=False, trust_env=False,
            timeout=httpx.Timeout(lim.timeout, connect=min(lim.timeout, 10.0)),
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"})
        self._last_request: dict[str, float] = {}

    def close(self) -> None:
        self.client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def get(self, url: str, headers: Optional[dict[str, str]] = None, accept: Optional[str] = None) -> Response:
        """GET with retries; a 304 is returned as is; any other non-2xx, or a broken limit, is FetchError."""
        lim = self.limits
        attempt = 0
        while True:
            try:
                return self._get_once(url, headers or {}, accept)
            except FetchError as err:
                if err.permanent or attempt >= lim.retries:
                    raise
                wait = lim.backoff * (2 ** attempt)
                retry_after = getattr(err, "retry_after", None)
                if retry_after is not None:
                    wait = max(wait, min(retry_after, 60.0))
                attempt += 1
                self.log(f"retry {attempt}/{lim.retries} in {wait:g}s: {err}")
                self.sleep(wait)

    def _get_once(self, url: str, headers: dict[str, str], accept: Optional[str]) -> Response:
        lim = self.limits
        current = check_url(url)
        redirects: list[str] = []
        request_headers = dict(headers)
        if accept:
            request_headers["Accept"] = accept
        started = time.monotonic()
        while True:
            self._polite(current)
            try:
                with self.client.stream("GET", current, headers=request_headers) as resp:
                    if resp.status_code in REDIRECT_STATUSES:
                        location = resp.headers.get("location")
                        if not location:
                            raise FetchError(f"{url}: redirect ({resp.status_code}) without a Location", True)
                        target = urljoin(current, location)
                        if len(redirects) >= lim.max_redirects:
                            raise FetchError(f"{url}: more than {lim.max_redirects} redirects", permanent=True)
                        try:
                            check_url(target)
                        except FetchError:
                            raise FetchError(f"{url}: redirected to a refused URL {target[:200]}", True) from None
                        if target in redirects or target == current:
                            raise FetchError(f"{url}: redirect loop at {target}", permanent=True)
                        redirects.append(current)
                        current = target
                        continue
                    response = Response(url=url, final_url=current, status=resp.status_code,
                                        headers={k.lower(): v for k, v in resp.headers.items()},
                                        redirects=redirects)
                    if resp.status_code == 304:
                        return response
                    if resp.status_code >= 400:
                        err = FetchError(f"{url}: HTTP {resp.status_code}",
                                         permanent=resp.status_code not in RETRY_STATUSES,
                                         status=resp.status_code)
                        err.retry_after = _retry_after(resp.headers.get("retry-after"))
                        raise err
                    if resp.status_code != 200:
                        raise FetchError(f"{url}: HTTP {resp.status_code} (expected 200)", permanent=True,
                                         status=resp.status_code)
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > lim.max_bytes:
                        raise FetchError(f"{url}: {int(declared)} bytes is larger than the {lim.max_bytes} byte"
                                         f" limit", permanent=True)
                    chunks, size = [], 0
                    for chunk in resp.iter_bytes():
                        size += len(chunk)
                        if size > lim.max_bytes:
                            raise FetchError(f"{url}: body larger than the {lim.max_bytes} byte limit",
                                             permanent=True)
                        if time.monotonic() - started > lim.deadline:
                            raise FetchError(f"{url}: download took longer than {lim.deadline:g}s")
                        chunks.append(chunk)
                    response.content = b"".join(chunks)
                    return response
            except httpx.TimeoutException:
                raise FetchError(f"{url}: timed out (no answer within {lim.timeout:g}s)") from None
            except httpx.UnsupportedProtocol:
                raise FetchError(f"{url}: only http and https URLs are fetched", permanent=True) from None
            except httpx.DecodingError:
                raise FetchError(f"{url}: body could not be decoded (bad compression)", permanent=True) from None
            except (httpx.TransportError, httpx.InvalidURL) as err:
                reason = str(err).splitlines()[0][:200] if str(err) else err.__class__.__name__
                raise FetchError(f"{url}: cannot connect ({reason})") from None

    def _polite(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self.limits.delay - time.monotonic()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = time.monotonic()


def _retry_after(value: Optional[str]) -> Optional[float]:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None
