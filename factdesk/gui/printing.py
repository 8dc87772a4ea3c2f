"""Printing the discrepancy sheet: pages, PDF, printer, print preview.

The sheet HTML (:func:`factdesk.sheet.sheet_html`) is laid out with
``QTextDocument`` on the target device's own resolution, one document per
sheet block, so a claim is never split across pages unless it is taller than a
page (then Qt paginates it, repeating the table header). Every page gets the
sheet's title (with the case name) at the top and "Page i of N" at the bottom.

Window (the GUI wires File → Print preview… / Print… / Export PDF…)::

    print_preview(self, html, title)             # modal QPrintPreviewDialog
    print_document(self, html, title)            # QPrintDialog, then print; False if cancelled
    render_pdf(html, path, page_size="Letter", title=title)

Headless (CLI, tests): :func:`render_pdf` creates an offscreen
``QGuiApplication`` when there is none. Every failure is a :class:`PrintError`
whose text is a one-line message for the user.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from factdesk import __version__
from factdesk.gui.none_guard import protect_none
from factdesk.sheet import BLOCK_MARK

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PDF_RESOLUTION = 300  # dots per inch the PDF is laid out at (text stays vector)
MARGINS_MM = (16.0, 20.0, 16.0, 18.0)  # left, top (header band), right, bottom (footer band)
BODY_POINTS = 9.0
BAND_POINTS = 7.5


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


# ----------------------------------------------------------------------------- page geometry


@dataclass(frozen=True)
class PageGeometry:
    """A page in device pixels: the paper, the content area, and where the header and footer go."""

    paper: QRectF
    content: QRectF
    dpi: int

    @classmethod
    def of(cls, device: QPagedPaintDevice, dpi: int) -> PageGeometry:
        layout = QPageLayout(device.pageLayout())
        paper = QRectF(layout.fullRectPixels(dpi))
        layout.setUnits(QPageLayout.Unit.Millimeter)
        minimum = layout.minimumMargins()  # the printer's unprintable edges
        sides = [max(m, getattr(minimum, side)())
                 for m, side in zip(MARGINS_MM, ("left", "top", "right", "bottom"), strict=True)]
        px = [s / 25.4 * dpi for s in sides]
        content = paper.adjusted(px[0], px[1], -px[2], -px[3])
        return cls(paper=paper, content=content, dpi=dpi)

    def mm(self, value: float) -> float:
        return value / 25.4 * self.dpi


# ----------------------------------------------------------------------------- layout


_SCREEN_STYLE = re.compile(r"<style\s+media=[\"']?screen[\"']?\s*>.*?</style>", re.IGNORECASE | re.DOTALL)


def split_blocks(html: str) -> list[str]:
    """One standalone HTML document per sheet block (the whole text when it has no block marks).

    A ``<style media="screen">`` (the sheet's browser-only style sheet) is dropped.
    """
    parts = _SCREEN_STYLE.sub("", html).split(BLOCK_MARK)
    if len(parts) == 1:
        return [html]
    head, blocks = parts[0], parts[1:]
    blocks[-1] = re.sub(r"</body>\s*</html>\s*$", "", blocks[-1], flags=re.IGNORECASE)
    return [f"{head}{b}</body></html>" for b in blocks]


@dataclass
class _Placed:
    doc: QTextDocument
    page: int
    y: float  # top on the page, relative to the content area
    offset: float  # document y shown at that top (a paginated block shows one page of itself)
    height: float


class SheetPages:
    """The sheet laid out for one paint device: ``page_count`` pages, painted one by one."""

    def __init__(self, html: str, device: QPagedPaintDevice, dpi: int):
        protect_none()
        self.geometry = PageGeometry.of(device, dpi)
        self._device = device
        self.placed: list[_Placed] = []
        self.page_count = 0
        self._lay_out(split_blocks(html))

    def _document(self, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self._device)
        doc.setDefaultFont(QFont("DejaVu Sans", BODY_POINTS))
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setTextWidth(self.geometry.content.width())
        doc.setHtml(html)
        return doc

    def _lay_out(self, blocks: list[str]) -> None:
        width, height = self.geometry.content.width(), self.geometry.content.height()
        page, y = 0, 0.0
        for html in blocks:
            doc = self._document(html)
            h = doc.size().height()
            if h <= height:
                if y > 0 and y + h > height:
                    page, y = page + 1, 0.0
                self.placed.append(_Placed(doc, page, y, 0.0, h))
                y += h
                continue
            # Taller than a page: on pages of its own, paginated by Qt.
            if y > 0:
                page, y = page + 1, 0.0
            doc.setPageSize(QSizeF(width, height))
            pages = doc.pageCount()
            for i in range(pages):
                self.placed.append(_Placed(doc, page + i, 0.0, i * height, height))
            last = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
            page, y = page + pages - 1, max(0.0, last - (pages - 1) * height)
        self.page_count = page + 1

    def paint(self, painter: QPainter, page: int, title: str, note: str = "") -> None:
        """Paint page ``page`` (0-based): content, header and footer."""
        content = self.geometry.content
        for p in self.placed:
            if p.page != page:
                continue
            painter.save()
            painter.translate(content.left(), content.top() + p.y - p.offset)
            p.doc.drawContents(painter, QRectF(0, p.offset, content.width(), p.height))
            painter.restore()
        self._paint_bands(painter, page, title, note)

    def _paint_bands(self, painter: QPainter, page: int, title: str, note: str) -> None:
        g = self.geometry
        c = g.content
        painter.save()
        painter.setPen(QPen(Qt.GlobalColor.black, max(1.0, g.mm(0.2))))
        header_y, footer_y = c.top() - g.mm(3.5), c.bottom() + g.mm(3.5)
        painter.drawLine(QPointF(c.left(), header_y + g.mm(1.2)), QPointF(c.right(), header_y + g.mm(1.2)))
        painter.drawLine(QPointF(c.left(), footer_y - g.mm(3.2)), QPointF(c.right(), footer_y - g.mm(3.2)))
        bold = QFont("DejaVu Sans", BAND_POINTS)
        bold.setBold(True)
        painter.setFont(bold)
        self._text(painter, QPointF(c.left(), header_y), title, Qt.AlignmentFlag.AlignLeft, c.width() * 0.7)
        painter.setFont(QFont("DejaVu Sans", BAND_POINTS))
        self._text(painter, QPointF(c.right(), header_y), note, Qt.AlignmentFlag.AlignRight, c.width() * 0.3)
        left, right = Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignRight
        self._text(painter, QPointF(c.left(), footer_y), f"factdesk {__version__}", left, c.width() / 2)
        painter.setFont(bold)
        self._text(painter, QPointF(c.right(), footer_y), f"Page {page + 1} of {self.page_count}", right,
                   c.width() / 2)
        painter.restore()

    @staticmethod
    def _text(painter: QPainter, baseline: QPointF, text: str, align: Qt.AlignmentFlag, width: float) -> None:
        metrics = painter.fontMetrics()
        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width))
        x = baseline.x()
        if align == Qt.AlignmentFlag.AlignRight:
            x -= metrics.horizontalAdvance(text)
        painter.drawText(QPointF(x, baseline.y()), text)


# ----------------------------------------------------------------------------- painting on a device


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
        note = f"printed {dt.datetime.now():%Y-%m-%d %H:%M}"
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
    return dialog


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
