"""Where the pages go: a PDF file, a printer, the print preview; the Qt application printing needs."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF
from PySide6.QtGui import (
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
)

from factdesk import __version__
from factdesk.gui.none_guard import protect_none
from factdesk.gui.printing.pages import SheetPages
from factdesk.publish.sheet import when

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PDF_RESOLUTION = 300  # dots per inch the PDF is laid out at (text stays vector)


class PrintError(Exception):
    """Printing or writing the PDF failed; ``str(error)`` is a one-line message."""


# ----------------------------------------------------------------------------- application

_APP: QGuiApplication | None = None


def ensure_app() -> QGuiApplication:
    """The running Qt application, or a new QApplication (offscreen when there is no display).

    A QApplication rather than a bare QGuiApplication, so dialogs and widgets
    created later in the same process (the window, GUI tests) still work.
    """
    global _APP
    protect_none()  # PySide6 6.12 on Python 3.11: a long sheet makes tens of thousands of void Qt calls
    app = QCoreApplication.instance()
    if app is None:
        headless = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and headless:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        app = _APP = QApplication(sys.argv[:1] or ["factdesk"])
    if not isinstance(app, QGuiApplication):
        raise PrintError("printing needs a Qt GUI application, but a console-only QCoreApplication runs")
    return app



def _describe(device: QPagedPaintDevice) -> str:
    from PySide6.QtPrintSupport import QPrinter

    if isinstance(device, QPrinter):
        if device.outputFileName():
            return device.outputFileName()
        return f"the printer {device.printerName()!r}" if device.printerName() else "the printer"
    return "the PDF file"


def _page_range(device: QPagedPaintDevice, count: int) -> range:
    from PySide6.QtPrintSupport import QPrinter

    if isinstance(device, QPrinter) and device.fromPage() > 0:
        first = device.fromPage()
        last = device.toPage() if device.toPage() > 0 else count
        return range(max(0, first - 1), min(count, last))
    return range(count)


@contextlib.contextmanager
def _painting(device: QPagedPaintDevice) -> Iterator[QPainter]:
    painter = QPainter()
    if not painter.begin(device):
        raise PrintError(f"cannot print to {_describe(device)}: it is not available or cannot be written")
    try:
        yield painter
    except BaseException:
        painter.end()
        raise
    if not painter.end():
        raise PrintError(f"printing to {_describe(device)} did not finish")


def paint_document(device: QPagedPaintDevice, html: str, title: str = "", note: str | None = None,
                   dpi: int | None = None) -> int:
    """Lay out ``html`` on ``device`` (a QPrinter or QPdfWriter) and paint its pages; returns the page count.

    ``title`` heads every page on the left, ``note`` on the right (default: "printed" and the
    date and time). A QPrinter is switched to full-page mode so the sheet's own margins apply;
    its "from page / to page" choice is honoured.
    """
    if note is None:
        note = f"printed {when(dt.datetime.now().astimezone())}"
    from PySide6.QtPrintSupport import QPrinter

    ensure_app()
    if isinstance(device, QPrinter):
        device.setFullPage(True)
        if device.printerState() == QPrinter.PrinterState.Error:
            raise PrintError(f"cannot print to {_describe(device)}: the printer reports an error")
    resolution = dpi or device.resolution()
    pages = SheetPages(html, device, resolution)
    wanted = _page_range(device, pages.page_count)
    with _painting(device) as painter:
        for n, page in enumerate(wanted):
            if n and not device.newPage():
                raise PrintError(f"printing to {_describe(device)} failed at page {page + 1}")
            pages.paint(painter, page, title, note)
    if isinstance(device, QPrinter):
        state = device.printerState()
        if state == QPrinter.PrinterState.Error:
            raise PrintError(f"printing to {_describe(device)} failed: the printer reported an error")
        if state == QPrinter.PrinterState.Aborted:
            raise PrintError(f"printing to {_describe(device)} was aborted")
    return pages.page_count


def page_size_id(page_size: str) -> QPageSize.PageSizeId:
    try:
        return PAGE_SIZES[page_size.strip().lower()]
    except KeyError:
        raise ValueError(f"unknown page size {page_size!r}: choose A4 or Letter") from None


def render_pdf(html: str, path: str | os.PathLike[str], page_size: str = "A4", title: str = "",
               note: str | None = None) -> int:
    """Write the sheet as a PDF at ``path`` (A4 or Letter); returns the number of pages.

    The file appears only when complete (written next to it, then renamed).
    Raises :class:`PrintError` when it cannot be written, ValueError for an unknown page size.
    """
    size = page_size_id(page_size)
    target = Path(path)
    if not target.parent.is_dir():
        raise PrintError(f"cannot write {target}: the folder {target.parent} does not exist")
    ensure_app()
    partial = target.with_name(f".{target.name}.part")
    writer = QPdfWriter(str(partial))
    try:
        writer.setResolution(PDF_RESOLUTION)
        writer.setPageSize(QPageSize(size))
        writer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
        writer.setTitle(title)
        writer.setCreator(f"factdesk {__version__}")
        try:
            count = paint_document(writer, html, title, note, dpi=PDF_RESOLUTION)
        except PrintError as err:
            message = str(err).replace(str(partial), str(target)).replace("the PDF file", str(target))
            raise PrintError(message) from None
        del writer
        os.replace(partial, target)
    except OSError as err:
        raise PrintError(f"cannot write {target}: {err.strerror or err}") from err
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
    return count


# ----------------------------------------------------------------------------- window: dialogs


def _printer(title: str):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title or "factdesk sheet")
    printer.setFullPage(True)
    printer.setCreator(f"factdesk {__version__}")
    return printer


def preview_dialog(parent, html: str, title: str = "", note: str | None = None):
    """A QPrintPreviewDialog showing the sheet (not yet shown). Errors while painting are
    collected in ``dialog.print_errors`` (a list of messages)."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = _printer(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(f"Print preview — {title}" if title else "Print preview")
    dialog.print_errors = []  # type: ignore[attr-defined]
    dialog._printer = printer  # type: ignore[attr-defined]  # keep it alive as long as the dialog

    def paint(target) -> None:
        try:
            paint_document(target, html, title, note)
        except PrintError as err:
            dialog.print_errors.append(str(err))  # type: ignore[attr-defined]

    dialog.paintRequested.connect(paint)
    _fit_to_width(dialog)
    return dialog


def _fit_to_width(dialog) -> None:  # type: ignore[no-untyped-def]
    """The preview opens maximised, a page as wide as the window: readable without zooming."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction
    from PySide6.QtPrintSupport import QPrintPreviewWidget

    dialog.setWindowState(dialog.windowState() | Qt.WindowState.WindowMaximized)
    widget = dialog.findChild(QPrintPreviewWidget)
    if widget is not None:
        widget.setZoomMode(QPrintPreviewWidget.ZoomMode.FitToWidth)
    for action in dialog.findChildren(QAction):
        if action.text().replace("&", "").lower() in ("fit width", "fit to width"):
            action.setChecked(True)


def print_preview(parent, html: str, title: str = "", note: str | None = None) -> bool:
    """Show the modal print preview; True when the user printed from it.

    Raises :class:`PrintError` when painting a page (or printing from the preview) failed.
    """
    from PySide6.QtWidgets import QDialog

    dialog = preview_dialog(parent, html, title, note)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    if dialog.print_errors:  # type: ignore[attr-defined]
        raise PrintError(dialog.print_errors[-1])  # type: ignore[attr-defined]
    return accepted


def print_document(parent, html: str, title: str = "", note: str | None = None) -> bool:
    """Ask for a printer (QPrintDialog) and print the sheet; False when the user cancels.

    Raises :class:`PrintError` with a one-line message when the printer fails.
    """
    from PySide6.QtPrintSupport import QPrintDialog
    from PySide6.QtWidgets import QDialog

    printer = _printer(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("Print the discrepancy sheet")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    print_to(printer, html, title, note)
    return True


def print_to(printer, html: str, title: str = "", note: str | None = None) -> int:
    """Print the sheet on a configured QPrinter without asking; returns the page count."""
    return paint_document(printer, html, title, note)
