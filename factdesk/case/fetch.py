"""Fetch one web page for a case: redirects followed and recorded, timeouts, a size limit, a type check.

:func:`fetch_page` returns the raw bytes with how they were obtained; every problem
(no network, an HTTP error, a timeout, a body over the limit, a PDF or another type
that is not a web page, a cancel) is a :class:`FetchError` with one clear line.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import urllib3
from urllib3.exceptions import HTTPError, NewConnectionError, ProtocolError, TimeoutError

from factdesk import __version__

MAX_BYTES = 20 * 1024 * 1024
TIMEOUT_SECONDS = 20.0  # connecting, and each wait for more of the response
TOTAL_SECONDS = 90.0  # the whole fetch, however slowly the server drips
MAX_REDIRECTS = 10
CHUNK = 64 * 1024
USER_AGENT = f"factdesk/{__version__} (fact-checking desk; archives the page it reads)"
PAGE_TYPES = {"text/html": "html", "application/xhtml+xml": "html", "text/plain": "txt", "text/markdown": "md"}
_TYPE_NAMES = {"application/pdf": "a PDF", "application/json": "JSON data", "application/octet-stream": "binary data"}

Progress = Callable[[int, int | None], None]  # bytes read so far, total when the server says


class FetchError(Exception):
    """The page could not be fetched: one line for the user."""


class FetchCancelled(FetchError):
    """The user cancelled the fetch."""


@dataclass(frozen=True)
class FetchedPage:
    requested_url: str
    final_url: str
    redirects: tuple[str, ...]  # every URL visited before final_url, in order
    status: int
    content_type: str  # the media type, without parameters
    body: bytes
    fetched_at: dt.datetime  # UTC, when the response arrived

    @property
    def source_format(self) -> str:
        return PAGE_TYPES.get(self.content_type, "html")

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.body).hexdigest()


def check_url(url: str) -> str:
    """The URL, stripped, if it is an http(s) address; else :class:`FetchError`."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise FetchError(f"not a web address: {url or '(empty)'} (give an http:// or https:// URL)")
    return url


def fetch_page(url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_BYTES,
               total_seconds: float = TOTAL_SECONDS, progress: Progress | None = None,
               cancelled: Callable[[], bool] | None = None) -> FetchedPage:
    """GET ``url`` following redirects; the page's bytes and where they came from."""
    requested = check_url(url)
    deadline = time.monotonic() + total_seconds
    visited: list[str] = []
    current = requested
    with urllib3.PoolManager(timeout=urllib3.Timeout(connect=timeout, read=timeout), retries=False,
                             headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml,"
                                      "text/plain;q=0.8,*/*;q=0.1"}) as http:
        while True:
            _stop_if(cancelled)
            response = _request(http, current, timeout)
            try:
                if response.status in (301, 302, 303, 307, 308):
                    target = response.headers.get("Location")
                    if not target:
                        raise FetchError(f"{current} redirects (HTTP {response.status}) without saying where")
                    visited.append(current)
                    if len(visited) > MAX_REDIRECTS:
                        raise FetchError(f"more than {MAX_REDIRECTS} redirects from {requested}")
                    current = check_url(urljoin(current, target))
                    if current in visited:
                        raise FetchError(f"{requested} redirects in a loop")
                    continue
                if response.status >= 400:
                    raise FetchError(f"{current}: the server answered HTTP {response.status} "
                                     f"{response.reason or ''}".rstrip())
                content_type = _media_type(response.headers.get("Content-Type", ""))
                _check_type(current, content_type)
                body = _read_body(response, current, max_bytes, deadline, progress, cancelled)
                return FetchedPage(requested, current, tuple(visited), response.status,
                                   content_type or "text/html", body, dt.datetime.now(dt.UTC))
            finally:
                response.release_conn()


def _request(http: urllib3.PoolManager, url: str, timeout: float) -> urllib3.BaseHTTPResponse:
    host = urlsplit(url).hostname
    try:
        return http.request("GET", url, redirect=False, preload_content=False, decode_content=True)
    except NewConnectionError as err:  # before TimeoutError: urllib3 makes it a kind of one
        reason = str(err).rsplit(":", 1)[-1].strip()
        raise FetchError(f"cannot reach {host}: {reason or 'no network'}") from None
    except TimeoutError:
        raise FetchError(f"{host} did not answer within {timeout:g} seconds") from None
    except (ProtocolError, HTTPError, OSError) as err:
        raise FetchError(f"cannot fetch {url}: {_reason(err)}") from None


def _read_body(response: urllib3.BaseHTTPResponse, url: str, max_bytes: int, deadline: float,
               progress: Progress | None, cancelled: Callable[[], bool] | None) -> bytes:
    declared = response.headers.get("Content-Length")
    total = int(declared) if declared and declared.isdigit() else None
    if total is not None and total > max_bytes:
        raise FetchError(f"{url} is {_size(total)}, over the {_size(max_bytes)} limit for one article")
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            _stop_if(cancelled)
            if time.monotonic() > deadline:
                raise FetchError(f"{url} took too long to send (stopped after {_size(size)})")
            chunk = response.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"{url} is over the {_size(max_bytes)} limit for one article")
            chunks.append(chunk)
            if progress is not None:
                progress(size, total)
    except TimeoutError:
        raise FetchError(f"{urlsplit(url).hostname} stopped sending the page (timed out)") from None
    except (ProtocolError, HTTPError, OSError) as err:
        raise FetchError(f"the connection to {urlsplit(url).hostname} broke: {_reason(err)}") from None
    return b"".join(chunks)


def _check_type(url: str, content_type: str) -> None:
    if not content_type or content_type in PAGE_TYPES:
        return
    what = _TYPE_NAMES.get(content_type) or (
        f"an image ({content_type})" if content_type.startswith("image/") else f"of type {content_type}")
    hint = "; save the article's text and add it as a file" if content_type == "application/pdf" else ""
    raise FetchError(f"{url} is {what}, not a web page{hint}")


def _media_type(header: str) -> str:
    return header.split(";", 1)[0].strip().lower()


def _stop_if(cancelled: Callable[[], bool] | None) -> None:
    if cancelled is not None and cancelled():
        raise FetchCancelled("cancelled")


def _reason(err: BaseException) -> str:
    text = str(getattr(err, "reason", None) or err)
    return text.rsplit(": ", 1)[-1] if len(text) > 120 else text


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"
