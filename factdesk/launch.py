"""Start the desktop window: ``launch_window(case_dir)`` and ``python -m factdesk.launch [CASE_DIR]``.

No Qt import at module level, so the CLI stays light.  Without a display
(Linux with neither ``DISPLAY`` nor ``WAYLAND_DISPLAY`` and no
``QT_QPA_PLATFORM``) the window cannot open: the check report is printed and
the discrepancy sheet written to ``sheet.pdf`` instead.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SCREENSHOT_TIMEOUT_MS = 300_000
SCREENSHOT_SIZE = (1600, 1000)


def has_display() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    return any(os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def launch_window(case_dir: str | None, *, screenshot: str | None = None, select: str | None = None,
                  size: tuple[int, int] | None = None) -> int:
    """Open the window on ``case_dir`` (None: the last case, else the bundled sample); returns the exit code.

    With ``screenshot``: wait for the analysis, select ``select`` (default: the
    first conflict), save the window (``size`` pixels, default the screen) as a PNG at that path and exit.
    """
    if not has_display():
        if screenshot:
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
        else:
            return headless_report(case_dir)
    from factdesk import qt_probe

    missing = qt_probe.problem()  # before QApplication: Qt would abort the process instead
    if missing:
        print(missing, file=sys.stderr)
        return 2
    from factdesk.gui.app import make_app
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.settings import Settings

    app = make_app()
    if screenshot:
        return _screenshot(app, case_dir, screenshot, select, size)
    settings = Settings()
    window = MainWindow(settings)
    window.show()
    sources = [case_dir] if case_dir else settings.last_case() or _bundled()
    from PySide6.QtCore import QTimer

    if sources:  # started before the first paint: a case read from the parse cache is ready soon after it
        window.open_sources(list(sources))
    else:
        window.articles.show_placeholder("No case open.\nUse File → Open folder… or drop a folder of "
                                         "articles (.txt, .md, .html) on this window.")
    if not settings.editor:
        QTimer.singleShot(300, window.ensure_editor)
    return app.exec()


def _bundled() -> list[str] | None:
    from factdesk.resources import sample_case_dir

    sample = sample_case_dir()
    return [str(sample)] if sample is not None else None


def _screenshot(app, case_dir: str | None, path: str, select: str | None,  # type: ignore[no-untyped-def]
                size: tuple[int, int] | None = None) -> int:
    """Open the case in a fresh window (default layout, temporary settings), shoot it, exit."""
    import tempfile

    from PySide6.QtCore import QSettings, QTimer

    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.settings import Settings

    tmp = tempfile.TemporaryDirectory(prefix="factdesk-shot-")
    settings = Settings(QSettings(str(Path(tmp.name) / "settings.ini"), QSettings.Format.IniFormat))
    settings.editor = os.environ.get("FACTDESK_EDITOR", "") or "editor"
    window = MainWindow(settings, interactive=False)
    screen = app.primaryScreen()
    if size is not None:
        window.resize(*size)
    elif app.platformName() == "offscreen" or screen is None:
        window.resize(*SCREENSHOT_SIZE)  # no real screen: the README's size
    else:
        window.setGeometry(screen.availableGeometry())  # e.g. Xvfb -screen 0 1600x1000x24
    window.show()
    result = {"code": 1}

    def shoot() -> None:
        if window.grab_to(path):
            print(f"wrote {path}")
            result["code"] = 0
        else:
            print(f"factdesk: could not write the screenshot {path}", file=sys.stderr)
        app.quit()

    def shown() -> None:
        if select and not window.select_claim(select):
            print(f"factdesk: no claim {select!r} in this case; showing the first flagged claim",
                  file=sys.stderr)
        elif not select and window.analysis is not None:
            first = next((c for c in window.analysis.claims if c.status.value == "conflict"), None)
            if first is not None:
                window.select_claim(first.id)
        window.claims.table.setFocus()
        QTimer.singleShot(500, shoot)

    def failed(message: str) -> None:
        print(f"factdesk: {message}", file=sys.stderr)
        QTimer.singleShot(300, shoot)

    def timeout() -> None:
        print("factdesk: the analysis did not finish in time; the screenshot shows the window as it is",
              file=sys.stderr)
        shoot()

    window.analysisShown.connect(shown)
    window.runner.failed.connect(failed)
    sources = [case_dir] if case_dir else _bundled()
    if sources:
        QTimer.singleShot(0, lambda: window.open_sources(list(sources)))
    else:
        QTimer.singleShot(300, shoot)
    QTimer.singleShot(SCREENSHOT_TIMEOUT_MS, timeout)
    app.exec()
    window.close()
    tmp.cleanup()
    return result["code"]


def headless_report(case_dir: str | None) -> int:
    """No display: print the check report and write the discrepancy sheet to sheet.pdf."""
    from factdesk.analysis import analyze
    from factdesk.case import CaseError, load_case
    from factdesk.publish.report import to_text

    print("No display found: printing the check report and writing the sheet to sheet.pdf instead")
    bundled = _bundled()
    source = case_dir or (bundled[0] if bundled else None)
    if source is None:
        print("factdesk: no case given and no bundled sample case found", file=sys.stderr)
        return 2
    try:
        analysis = analyze(load_case(source))
    except CaseError as exc:
        print(f"factdesk: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(to_text(analysis))
    try:
        from factdesk.gui.printing import render_pdf
        from factdesk.publish.sheet import sheet_html
        from factdesk.publish.sheet_data import read_verdicts
    except ImportError as exc:
        print(f"factdesk: sheet.pdf not written: the sheet is not available in this build ({exc})",
              file=sys.stderr)
        return 1
    try:
        verdicts = read_verdicts(analysis.case)
    except Exception as exc:  # a damaged or locked log: the sheet without verdicts, said clearly
        print(f"factdesk: the sheet shows no verdicts: {exc}", file=sys.stderr)
        verdicts = {}
    try:
        pages = render_pdf(sheet_html(analysis, verdicts), "sheet.pdf",
                           title=f"Discrepancy sheet — {analysis.case.name}")
    except Exception as exc:
        print(f"factdesk: sheet.pdf not written: {exc}", file=sys.stderr)
        return 1
    print(f"wrote sheet.pdf ({pages} page{'s' if pages != 1 else ''})")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    return launch_window(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())
