"""Fetching pages from a real HTTP server on 127.0.0.1: redirects, errors, limits, types."""

from __future__ import annotations

import hashlib

import pytest

from factdesk.case.fetch import FetchCancelled, FetchError, fetch_page


def test_a_news_page_is_fetched_with_its_bytes_and_provenance(page_server) -> None:
    path, body = next(iter(page_server.pages.items()))
    page = fetch_page(page_server.url(path))
    assert page.status == 200
    assert page.body == body
    assert page.final_url == page.requested_url == page_server.url(path)
    assert page.redirects == ()
    assert page.content_type == "text/html"
    assert page.sha256 == hashlib.sha256(body).hexdigest()
    assert page.fetched_at.utcoffset().total_seconds() == 0


def test_a_redirect_chain_is_followed_and_recorded(page_server) -> None:
    page = fetch_page(page_server.url("/r1"))
    first = next(iter(page_server.pages))
    assert page.final_url == page_server.url(first)
    assert page.redirects == (page_server.url("/r1"), page_server.url("/r2"))
    assert page.body == page_server.pages[first]


@pytest.mark.parametrize(("path", "kwargs", "message"), [
    ("/missing", {}, "HTTP 404"),
    ("/slow", {"timeout": 0.5}, "did not answer within 0.5 seconds"),
    ("/huge", {}, "over the 20 MB limit"),
    ("/huge-undeclared", {"max_bytes": 2 * 1024 * 1024}, "over the 2 MB limit"),
    ("/paper.pdf", {}, "is a PDF, not a web page"),
    ("/loop", {}, "redirects in a loop"),
])
def test_each_failure_is_one_clear_line(page_server, path: str, kwargs: dict, message: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetch_page(page_server.url(path), **kwargs)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_no_server_listening_is_a_clear_line() -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match=r"cannot reach 127\.0\.0\.1"):
        fetch_page(f"http://127.0.0.1:{port}/news.html", timeout=2)


@pytest.mark.parametrize("url", ["", "ftp://example.com/a", "file:///etc/passwd", "example.com/news"])
def test_only_web_addresses_are_fetched(url: str) -> None:
    with pytest.raises(FetchError, match="not a web address"):
        fetch_page(url)


def test_a_fetch_can_be_cancelled_while_the_body_arrives(page_server) -> None:
    seen: list[int] = []

    def progress(done: int, total: int | None) -> None:
        seen.append(done)

    with pytest.raises(FetchCancelled):
        fetch_page(page_server.url("/huge-undeclared"), progress=progress, cancelled=lambda: len(seen) >= 3)
    assert len(seen) == 3
