"""A real HTTP server on 127.0.0.1 for the tests that fetch articles (never the internet).

It serves news pages made from the corpus articles (``../shared/corpus`` when present, the
repo's seed case otherwise) laid out as outlets publish them -- navigation, meta tags, the
article, related links, a footer -- plus the awkward answers: a redirect chain, a 404, a
slow answer, a slow drip, an oversized body, a PDF and a page with no article in it.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "acute-flaccid-myelitis-cases-rise-2016"
SEEDS = ROOT / "seeds"
SLOW_SECONDS = 3.0


def source_articles() -> list[Path]:
    folder = CORPUS if CORPUS.is_dir() else SEEDS
    return sorted(folder.glob("*.txt"))


def news_page(text: str, outlet: str, published: str, author: str, url: str) -> str:
    """An article's text as an outlet's web page."""
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    headline = paragraphs[0] if len(paragraphs[0]) < 150 else f"{outlet} report"
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs[1:] if p != headline)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(headline)} | {html.escape(outlet)}</title>
<meta property="og:site_name" content="{html.escape(outlet)}">
<meta property="og:title" content="{html.escape(headline)}">
<link rel="canonical" href="{html.escape(url)}">
<meta name="author" content="{html.escape(author)}">
<meta property="article:published_time" content="{published}">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/health">Health</a> <a href="/sport">Sport</a></nav>
<header><a href="/">{html.escape(outlet)}</a></header>
<main><article>
<h1>{html.escape(headline)}</h1>
<p class="byline">By {html.escape(author)}</p>
{body}
</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Ten things about the weather</a></li>
<li><a href="/b">The week in pictures</a></li></ul></aside></main>
<footer>© {html.escape(outlet)}. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>
"""


@dataclass
class PageServer:
    server: ThreadingHTTPServer
    pages: dict[str, bytes]  # path -> HTML

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass

    def handle(self) -> None:
        # a client that gave up (the timeout tests) closes the socket: the late answer has nowhere to go,
        # and a traceback from this thread would land in whatever output the test is capturing
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def do_GET(self) -> None:
        path = self.path
        pages = self.server.pages  # type: ignore[attr-defined]
        if path in pages:
            self._send(200, "text/html; charset=utf-8", pages[path])
        elif path == "/r1":
            self._redirect(302, "/r2")
        elif path == "/r2":
            self._redirect(301, self.server.first_page_url)  # type: ignore[attr-defined]
        elif path == "/loop":
            self._redirect(302, "/loop")
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
            self._send(200, "text/html", b"<html><body><p>too late</p></body></html>")
        elif path == "/huge":  # says 50 MB up front
            self._stream(50 * 1024 * 1024, declare=True)
        elif path == "/huge-undeclared":  # says nothing, then keeps sending
            self._stream(50 * 1024 * 1024, declare=False)
        elif path == "/drip":  # a slow server: a little every tenth of a second, for a minute
            self._stream(600 * 8192, declare=False, pause=0.1, chunk=8192)
        elif path == "/paper.pdf":
            self._send(200, "application/pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
        elif path == "/no-article":
            self._send(200, "text/html", b"<html><head><title>Home</title></head><body><nav><a href='/a'>News</a>"
                       b" <a href='/b'>Sport</a></nav><footer>Cookies</footer></body></html>")
        else:
            self._send(404, "text/html", b"<html><body><h1>Not found</h1></body></html>")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _redirect(self, status: int, location: str) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _stream(self, size: int, declare: bool, pause: float = 0.0, chunk: int = 65_537) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if declare:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
        self.end_headers()
        data = b"<p>" + b"x" * (chunk - 7) + b"</p>"
        try:
            sent = 0
            while sent < size:
                self.wfile.write(data)
                self.wfile.flush()
                sent += len(data)
                if pause:
                    time.sleep(pause)
        except OSError:
            pass  # the client hung up: what it should do


OUTLETS = ("The Daily Example", "Example Herald", "Morning Courier", "Evening Standard Example",
           "Northern Times")
AUTHORS = ("Jane Doe", "Omar Haddad", "Lena Fischer", "Tom Baker", "Ana Silva")


@contextmanager
def serve_pages() -> Iterator[PageServer]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    host, port = server.server_address[:2]
    pages: dict[str, bytes] = {}
    for i, path in enumerate(source_articles()):
        outlet = OUTLETS[i % len(OUTLETS)]
        url = f"http://{host}:{port}/news/{path.stem}.html"
        page = news_page(path.read_text(encoding="utf-8"), outlet, f"2016-09-2{i}T08:1{i}:00-04:00",
                         AUTHORS[i % len(AUTHORS)], url)
        pages[f"/news/{path.stem}.html"] = page.encode("utf-8")
    server.pages = pages  # type: ignore[attr-defined]
    server.first_page_url = next(iter(pages))  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield PageServer(server, pages)
    finally:
        server.shutdown()
        server.server_close()
