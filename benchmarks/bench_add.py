"""Adding one article from a URL to an open 20-article case until its claims are on screen.

Target (issue 13): < 3 s from Add in Article → Add from URL… to the new article's claims in the
window (fetch from a server on 127.0.0.1, archive, manifest, re-reading and re-analysing the case).
The case is 20 articles of the seed story (the five seeds, each four times with its figures shifted
so they are distinct texts). Prints figures, asserts nothing: ``python -m benchmarks add``.
"""

from __future__ import annotations

import html
import os
import re
import shutil
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
ARTICLES = 20
_NUMBER = re.compile(r"\b\d{2,3}\b")


def make_case(folder: Path) -> str:
    """20 articles in ``folder``; returns the HTML page of a 21st, to be served."""
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(ARTICLES):
        src = seeds[i % len(seeds)]
        text = src.read_text(encoding="utf-8")
        if i >= len(seeds):
            text = _NUMBER.sub(lambda m, k=i: str(int(m.group()) + k), text)
        (folder / f"{i + 1:02d}-{src.name}").write_text(text, encoding="utf-8")
    body = seeds[0].read_text(encoding="utf-8")
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in body.split("\n\n") if p.strip())
    return ("<html><head><meta charset='utf-8'><meta property='og:site_name' content='Bench Times'>"
            f"<title>Bench</title></head><body><nav><a href='/'>Home</a></nav><article>{paragraphs}"
            "</article></body></html>")


def serve(page: bytes) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.end_headers()
            self.wfile.write(page)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from factdesk.gui import article_menu
    from factdesk.gui.app import make_app
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.settings import Settings
    from factdesk.gui.verdicts import VerdictBook

    tmp = Path(tempfile.mkdtemp(prefix="factdesk-bench-add-"))
    try:
        os.environ["FACTDESK_HOME"] = str(tmp)
        os.environ.setdefault("FACTDESK_EDITOR", "bench")
        case = tmp / "case"
        case.mkdir()
        server = serve(make_case(case).encode("utf-8"))
        app = make_app()
        window = MainWindow(Settings(QSettings(str(tmp / "s.ini"), QSettings.Format.IniFormat)),
                            VerdictBook(tmp / "log.sqlite3"), interactive=False)
        window.show()

        def wait_shown() -> None:
            loop = QEventLoop()
            window.analysisShown.connect(loop.quit)
            QTimer.singleShot(120_000, loop.quit)
            loop.exec()
            window.analysisShown.disconnect(loop.quit)

        started = time.perf_counter()
        window.open_sources([str(case)])
        wait_shown()
        print(f"   open the {ARTICLES}-article case (cold, model load included): {time.perf_counter() - started:.2f} s")
        dialog = article_menu.add_from_url(window)
        assert dialog is not None
        host, port = server.server_address[:2]
        dialog.url.setText(f"http://{host}:{port}/story.html")
        started = time.perf_counter()
        dialog.add_button.click()
        wait_shown()
        elapsed = time.perf_counter() - started
        new = [a for a in window.case.articles if a.outlet == "Bench Times"]
        claims = [c for c in window.analysis.claims if new and new[0].file in c.files]
        print(f"   add one article from a local URL until its claims show: {elapsed:.2f} s (target < 3 s); "
              f"{len(window.case.articles)} articles, {len(claims)} claims include it")
        window.close()
        server.shutdown()
        app.processEvents()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
