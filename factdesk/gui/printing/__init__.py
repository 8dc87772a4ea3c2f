"""Printing the discrepancy sheet: pages, PDF, printer, print preview.

The sheet HTML (:func:`factdesk.publish.sheet.sheet_html`) is laid out on the target
device's own resolution, block by block (a block is what follows a
:data:`~factdesk.publish.sheet.BLOCK_MARK`). A block that fits on a page is never split;
a longer one starts a page and breaks between table rows, the table's head
repeated on the next page (a single row taller than a page breaks between lines
of text). Every page gets the sheet's title (with the case name) at the top and
"Page i of N" at the bottom.

The sheet's own markup is laid out by this module (see "the sheet laid out by
hand" below: Qt's table layout is what made a long sheet slow); a block in any
other HTML is laid out by ``QTextDocument``, and paginated by Qt when taller
than a page.

Window (the GUI wires File → Print preview… / Print… / Export PDF…)::

    print_preview(self, html, title)             # modal QPrintPreviewDialog
    print_document(self, html, title)            # QPrintDialog, then print; False if cancelled
    render_pdf(html, path, page_size="Letter", title=title)

Headless (CLI, tests): :func:`render_pdf` creates an offscreen
``QGuiApplication`` when there is none. Every failure is a :class:`PrintError`
whose text is a one-line message for the user.

The work is in four modules: :mod:`~factdesk.gui.printing.layout` (the sheet's markup laid
out by hand), :mod:`~factdesk.gui.printing.pages` (pagination),
:mod:`~factdesk.gui.printing.paint` (painting a page) and
:mod:`~factdesk.gui.printing.output` (PDF, printer, preview dialogs).
"""

from factdesk.gui.printing.output import (
    PAGE_SIZES,
    PDF_RESOLUTION,
    PrintError,
    ensure_app,
    page_size_id,
    paint_document,
    preview_dialog,
    print_document,
    print_preview,
    print_to,
    render_pdf,
)
from factdesk.gui.printing.pages import SheetPages

__all__ = [
    "PAGE_SIZES",
    "PDF_RESOLUTION",
    "PrintError",
    "SheetPages",
    "ensure_app",
    "page_size_id",
    "paint_document",
    "preview_dialog",
    "print_document",
    "print_preview",
    "print_to",
    "render_pdf",
]
