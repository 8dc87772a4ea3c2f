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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLineF, QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextDocument,
)

from factdesk import __version__
from factdesk.gui.none_guard import protect_none
from factdesk.publish.sheet import BLOCK_MARK

PAGE_SIZES = {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}
PDF_RESOLUTION = 300  # dots per inch the PDF is laid out at (text stays vector)
MARGINS_MM = (16.0, 20.0, 16.0, 18.0)  # left, top (header band), right, bottom (footer band)
BODY_POINTS = 9.0
BAND_POINTS = 7.5
RULE_COLOUR = "#8a8a8a"  # table rules, unless the table's style gives a border-color
_START_OF_LONG_ROW = 0.1  # of a page: room enough to start a row that is taller than a page


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


# ----------------------------------------------------------------------------- the sheet laid out by hand: markup

# Qt lays a table out twice (once at unlimited width, to learn each column's minimum and maximum
# width), shapes its text a third time to paint it and draws four edges around every cell: for a long
# sheet that was most of the time printing took. So the sheet's own markup -- blocks of <h1>..<h6>,
# <p> and <table class="grid"> elements with inline content only (see factdesk.publish.sheet) -- is laid out
# here instead: the text of every paragraph and cell is one paragraph of a document shared by all
# texts of the same width, laid out once (each distinct text once) with its glyphs kept for
# painting; rows are stacked and paginated by this module and a table's rules drawn as lines.
# A block in other markup goes to QTextDocument whole.

_SCREEN_STYLE = re.compile(r"<style\s+media=[\"']?screen[\"']?\s*>.*?</style>", re.IGNORECASE | re.DOTALL)
_WRAPPER = re.compile(r"\s*<div\b[^>]*>(.*)</div>\s*", re.DOTALL | re.IGNORECASE)
_OPENING = re.compile(r"\s*<(h[1-6]|p|table)\b([^>]*)>")
_ROW_START = re.compile(r"\s*(?:</?(?:thead|tbody)>\s*)*<tr\b[^>]*>")
_TABLE_END = re.compile(r"\s*(?:</(?:thead|tbody)>\s*)*")
_BLOCK_TAGS = re.compile(r"</?(?:p|div|table|thead|tbody|tfoot|tr|td|th|h[1-6]|ul|ol|li|dl|dt|dd|hr|pre|"
                         r"blockquote|center)\b", re.IGNORECASE)
_NO_TEXT = re.compile(r"(?:\s|<[^>]*>)*")
_MAYBE_EMPTY = "< \t\r\n"  # first characters of a content that may show nothing
_BLANK = "<div>&nbsp;</div>"  # an empty cell's paragraph: laid out, never painted
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_DECLARATION = re.compile(r"([\w-]+)\s*:\s*([^;]+)")
_LENGTH = re.compile(r"\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(pt|px|mm|em)?\s*$", re.IGNORECASE)
_HEADING_SIZE = {"h1": "18pt", "h2": "14pt", "h3": "12pt", "h4": "10pt", "h5": "9pt", "h6": "8pt"}
_DEFAULT_MARGINS = {"h1": (13.5, 9.0), "h2": (12.0, 9.0), "h3": (10.5, 9.0)}  # points; <p> and others 9, 9


class _Unsupported(Exception):
    """Markup the hand layout does not read: QTextDocument lays it out."""


def _attributes(text: str) -> dict[str, str]:
    return {name.lower(): a or b or c for name, a, b, c in _ATTRIBUTE.findall(text)}


def _declarations(style: str) -> dict[str, str]:
    return {d[1].lower(): d[2].strip() for d in _DECLARATION.finditer(style)}


def _points(value: str | None, default: float) -> float:
    """A CSS or HTML length in points (a bare number is pixels, 1/96 inch)."""
    m = _LENGTH.match(value) if value else None
    if not m:
        return default
    return float(m[1]) * {"pt": 1.0, "px": 0.75, "mm": 72 / 25.4, "em": BODY_POINTS}[(m[2] or "px").lower()]


def _block_of(content: str, align: str = "") -> str:
    """Inline ``content`` as one paragraph of a shared document (never empty: Qt would drop it)."""
    if not content:
        return _BLANK if align not in ("center", "right", "justify") else f'<div align="{align}">&nbsp;</div>'
    if content[0] in _MAYBE_EMPTY and _NO_TEXT.fullmatch(content):
        content += "&nbsp;"
    if align in ("center", "right", "justify"):
        return f'<div align="{align}">{content}</div>'
    return f"<div>{content}</div>"


@dataclass(eq=False)
class _Paragraph:
    block: str  # the paragraph's markup in a shared document
    margins: tuple[float, float]  # top, bottom in points
    heading: bool


@dataclass(eq=False)
class _Table:
    rows: list[list[str]]  # each cell's markup in a shared document
    header_rows: int  # the first rows, repeated at the top of each page the table continues on
    widths: list[float]  # of the columns, fractions of the table's width
    border: float  # pixels (1/96 inch), 0: no rules
    padding: float  # pixels
    background: str | None  # of the whole table
    cell_backgrounds: dict[tuple[int, int], str]  # (row, column) -> colour
    rule_colour: str


def parse_block(html: str) -> list[_Paragraph | _Table]:
    """The elements of one sheet block, in the markup the hand layout reads (else :class:`_Unsupported`).

    That is the sheet's own: lower-case ``<h1>``..``<h6>``, ``<p>`` and ``<table class="grid">``
    elements one after the other (in a ``<div>``), paragraphs and cells holding inline markup only.
    """
    wrapped = _WRAPPER.fullmatch(html)
    body = wrapped[1] if wrapped else html
    if "\u2029" in body:  # a paragraph separator in a text would split its paragraph in two
        body = body.replace("\u2029", "\u2028")
    elements: list[_Paragraph | _Table] = []
    pos, end = 0, len(body.rstrip())
    while pos < end:
        m = _OPENING.match(body, pos)
        if not m:
            raise _Unsupported("markup other than paragraphs, headings and grid tables")
        tag, attributes = m[1], _attributes(m[2])
        close = body.find(f"</{tag}>", m.end())
        if close < 0:
            raise _Unsupported(f"<{tag}> without </{tag}>")
        content, pos = body[m.end():close], close + len(tag) + 3
        if tag == "table":
            elements.append(_parse_table(attributes, content))
            continue
        if _BLOCK_TAGS.search(content):
            raise _Unsupported("block-level markup inside a paragraph")
        style = attributes.get("style", "")
        declarations = _declarations(style)
        top, bottom = _DEFAULT_MARGINS.get(tag, (9.0, 9.0))
        heading = tag[0] == "h"
        font = f"font-weight: bold; font-size: {_HEADING_SIZE[tag]}; " if heading else ""
        if font or style:
            content = f'<span style="{font}{style}">{content}</span>'
        elements.append(_Paragraph(_block_of(content, attributes.get("align", "").lower()),
                                   (_points(declarations.get("margin-top"), top),
                                    _points(declarations.get("margin-bottom"), bottom)), heading))
    return elements


def _parse_table(attributes: dict[str, str], body: str) -> _Table:
    if "grid" not in attributes.get("class", "").split():
        raise _Unsupported("a table not of the sheet's grid class")
    if "<table" in body:
        raise _Unsupported("a table in a table")
    rows: list[list[str]] = []
    backgrounds: dict[tuple[int, int], str] = {}
    widths: list[float] | None = None
    header_rows = -1 if "</thead>" in body else 0
    chunks = body.split("</tr>")
    if not _TABLE_END.fullmatch(chunks.pop()):
        raise _Unsupported("markup after the table's rows")
    for chunk in chunks:
        start = _ROW_START.match(chunk)
        if not start:
            raise _Unsupported("markup between table rows")
        if header_rows < 0 and "</thead>" in chunk[:start.end()]:
            header_rows = len(rows)
        td, th = "</td>" in chunk, "</th>" in chunk
        if td and th:
            raise _Unsupported("a table row of both <td> and <th> cells")
        cells = chunk[start.end():].split("</td>" if td else "</th>")
        if cells.pop().strip():
            raise _Unsupported("a table row of mixed or unclosed cells")
        row: list[str] = []
        row_widths: list[float] = []
        for cell in cells:
            if cell.startswith("<td>"):  # the common case: a plain cell
                content = cell[4:]
                row.append(f"<div>{content}</div>" if content and content[0] not in _MAYBE_EMPTY else
                           _block_of(content))
                continue
            open_at = cell.find("<t")
            close_at = cell.find(">", open_at)
            if open_at < 0 or close_at < 0 or cell[:open_at].strip() or cell[open_at + 2] not in "dh":
                raise _Unsupported("a table row of other markup than cells")
            content, attribute_text = cell[close_at + 1:], cell[open_at + 3:close_at]
            if cell[open_at + 2] == "h":
                content = f"<b>{content}</b>"
            if not attribute_text or attribute_text.isspace():
                row.append(_block_of(content))
                continue
            a = _attributes(attribute_text)
            if "colspan" in a or "rowspan" in a:
                raise _Unsupported("a cell spanning columns or rows")
            if a.get("bgcolor"):
                backgrounds[len(rows), len(row)] = a["bgcolor"]
            if a.get("width", "").strip().endswith("%"):
                row_widths.append(float(a["width"].strip()[:-1] or 0))
            row.append(_block_of(content, a.get("align", "").lower()))
        if not row or (rows and len(row) != len(rows[0])):
            raise _Unsupported("table rows of different lengths")
        if widths is None and len(row_widths) == len(row) and sum(row_widths) > 0:
            widths = row_widths
        rows.append(row)
    if not rows:
        raise _Unsupported("a table without rows")
    if header_rows < 0:  # the head closes after its last row
        header_rows = len(rows)
    widths = widths or [1.0] * len(rows[0])
    style = _declarations(attributes.get("style", ""))
    return _Table(rows, header_rows if header_rows < len(rows) else 0, [w / sum(widths) for w in widths],
                  border=_points(attributes.get("border"), 0) / 0.75,
                  padding=_points(attributes.get("cellpadding"), 0.75) / 0.75,
                  background=attributes.get("bgcolor"), cell_backgrounds=backgrounds,
                  rule_colour=style.get("border-color") or attributes.get("bordercolor") or RULE_COLOUR)


# ----------------------------------------------------------------------------- the sheet laid out by hand: rows


class _SharedText:
    """The texts of one width: the paragraphs of one document, laid out once, glyphs kept for painting.

    A text the sheet repeats (an article's label in every claim, "= majority", a table's head, the
    wording most articles share) is laid out once and painted wherever it appears.

    Only QTextBlock values are kept, never a QTextLayout wrapper: PySide does not learn when the
    document deletes its layouts, and a wrapper outliving them could be handed out again for a new
    object at the same address.
    """

    def __init__(self, width: float):
        self.width = width
        self.markup: list[str] = []  # each text's paragraph
        self.index: dict[str, int] = {}  # paragraph -> its place in markup
        self.blocks: list[QTextBlock | None] = []  # None: an empty cell
        self.tops: list[float] = []  # of each text in the document
        self.heights: list[float] = []  # the room each text takes
        self.doc: QTextDocument | None = None

    def lay_out(self, device: QPagedPaintDevice, font: QFont) -> None:
        doc = self.doc = QTextDocument()
        doc.documentLayout().setPaintDevice(device)  # first, so fonts are measured on the device
        doc.setDefaultFont(font)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setTextWidth(self.width)
        doc.setHtml("".join(self.markup))  # lays out the first lines; the rest waits for size()
        if doc.blockCount() != len(self.markup):
            raise _Unsupported("a text Qt reads as several paragraphs")
        blocks, layouts, block = self.blocks, [], doc.begin()
        for markup in self.markup:
            layout = block.layout()
            layout.setCacheEnabled(True)  # keep the glyphs once laid out: painting needs them again
            layouts.append(layout)
            blocks.append(block if markup is not _BLANK else None)  # nothing to paint in an empty cell
            block = block.next()
        end = doc.size().height()
        tops = self.tops = [layout.position().y() for layout in layouts]
        self.heights = [b - a for a, b in zip(tops, [*tops[1:], end], strict=True)]


@dataclass(eq=False)
class _Grid:
    """A table's rules: column edges (x from the content's left), line width (device pixels), colour."""

    edges: list[float]
    rule: float
    colour: QColor
    header: list[_Row]  # repeated at the top of each page the table continues on


class _Row:
    """A paragraph or a table row. ``texts`` are (block, dx, dy): drawn at the row's top left + (dx, dy)."""

    __slots__ = ("fills", "grid", "height", "keep", "margins", "texts")

    def __init__(self, height: float, texts: Sequence[tuple[QTextBlock | None, float, float]],
                 margins: tuple[float, float] = (0.0, 0.0), grid: _Grid | None = None, keep: bool = False,
                 fills: list[tuple[float, float, QColor]] | None = None):
        self.height = height
        self.texts = texts
        self.margins = margins  # top, bottom: a paragraph's, collapsing like CSS margins
        self.grid = grid
        self.keep = keep  # on the page of the next row (headings, a table's head, a table's introduction)
        self.fills = fills or []  # backgrounds: x0, x1, colour


def _plan(elements: list[_Paragraph | _Table], width: float, px: float,
          shared: dict[float, _SharedText]) -> list[tuple]:
    """Every text of a block in the shared document of its width.

    One entry per element: (element, [(shared text, [text index per row], x) per column], column
    edges, inset of the text in its cell).
    """
    plan: list[tuple] = []
    for e in elements:
        if isinstance(e, _Paragraph):
            text = shared.get(width) or shared.setdefault(width, _SharedText(width))
            plan.append((e, [(text, [_add(text, e.block)], 0.0)], None, 0.0))
            continue
        edges = [0.0]
        for w in e.widths:
            edges.append(edges[-1] + w * width)
        edges[-1] = width
        inset = e.border * px / 2 + e.padding * px
        columns = []
        for c in range(len(e.widths)):
            key = round(edges[c + 1] - edges[c] - 2 * inset, 2)
            if key <= 0:
                raise _Unsupported("a column too narrow for its padding")
            text = shared.get(key) or shared.setdefault(key, _SharedText(key))
            index, markup, places = text.index, text.markup, []
            for row in e.rows:
                cell = row[c]
                i = index.get(cell)
                if i is None:
                    i = index[cell] = len(markup)
                    markup.append(cell)
                places.append(i)
            columns.append((text, places, edges[c] + inset))
        plan.append((e, columns, edges, inset))
    return plan


def _add(text: _SharedText, markup: str) -> int:
    i = text.index.get(markup)
    if i is None:
        i = text.index[markup] = len(text.markup)
        text.markup.append(markup)
    return i


def _rows(plan: list[tuple], px: float, pt: float) -> list[_Row]:
    """A block's rows, once the shared documents are laid out."""
    rows: list[_Row] = []
    for e, columns, edges, inset in plan:
        if isinstance(e, _Paragraph):
            ((text, (i,), _),) = columns
            rows.append(_Row(text.heights[i], [(text.blocks[i], 0.0, -text.tops[i])],
                             (e.margins[0] * pt, e.margins[1] * pt), keep=e.heading))
            continue
        grid = _Grid(edges, e.border * px, QColor(e.rule_colour), [])
        table_fill = (0.0, edges[-1], QColor(e.background)) if e.background else None
        if rows and rows[-1].grid is None:
            rows[-1].keep = True  # the paragraph introducing the table stays with it
        heights, drawn = [], []
        for text, places, x in columns:
            h, blocks, tops = text.heights, text.blocks, text.tops
            heights.append([h[i] for i in places])
            drawn.append([(blocks[i], x, inset - tops[i]) for i in places])
        row_heights = list(map(max, *heights)) if len(heights) > 1 else heights[0]
        # a table broken across pages shows its head and at least two rows on either side of the break
        body = len(row_heights) - e.header_rows
        kept = e.header_rows + (1 if body > 3 else 0)
        for r, (height, texts) in enumerate(zip(row_heights, zip(*drawn, strict=True), strict=True)):
            keep = r < kept or (body > 3 and r == len(row_heights) - 2)
            row = _Row(height + 2 * inset, texts, grid=grid, keep=keep)
            if table_fill:
                row.fills.append(table_fill)
            if e.cell_backgrounds:
                row.fills.extend((edges[c], edges[c + 1], QColor(colour))
                                 for (k, c), colour in e.cell_backgrounds.items() if k == r)
            if r < e.header_rows:
                grid.header.append(row)
            rows.append(row)
    return rows


# ----------------------------------------------------------------------------- pages


@dataclass(eq=False)
class _Piece:
    """A row, or the part ``start``..``end`` of it, at ``y`` on a page (y relative to the content area)."""

    row: _Row
    y: float
    start: float
    end: float


@dataclass
class _Placed:
    """A sheet block (or the part of it) on one page."""

    page: int
    y: float  # top on the page, relative to the content area
    height: float
    doc: QTextDocument | None = None  # a block QTextDocument lays out: the part of it shown
    offset: float = 0.0  # document y shown at that top


class SheetPages:
    """The sheet laid out for one paint device: ``page_count`` pages, painted one by one.

    ``placed`` lists every block on every page it appears on; ``hand_laid`` how many blocks this
    module laid out (the rest, in markup it does not read, were laid out by QTextDocument).
    """

    def __init__(self, html: str, device: QPagedPaintDevice, dpi: int):
        protect_none()
        self.geometry = PageGeometry.of(device, dpi)
        self.dpi = dpi
        self._device = device
        self._font = QFont("DejaVu Sans", BODY_POINTS)
        # Whole device pixels for every advance: vector text anyway, and a third less PDF to compress.
        self._font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
        self.placed: list[_Placed] = []
        self._shared: dict[float, _SharedText] = {}  # the hand-laid texts, by width
        self._pieces: list[list[_Piece]] = [[]]  # the hand-laid rows of each page
        self._documents: dict[int, list[_Placed]] = {}  # the QTextDocument-laid blocks of each page
        self._band_font = QFont("DejaVu Sans", BAND_POINTS)
        self._band_bold = QFont(self._band_font)
        self._band_bold.setBold(True)
        self._bands: dict[tuple[str, str], tuple] = {}  # header and footer, measured
        self.page_count = 0
        self.hand_laid = 0
        self._lay_out(html)

    # -- layout

    def _lay_out(self, html: str) -> None:
        parts = _SCREEN_STYLE.sub("", html).split(BLOCK_MARK)
        if len(parts) == 1:
            blocks: list[str] = [html]
        else:
            blocks = parts[1:]
            blocks[-1] = re.sub(r"</body>\s*</html>\s*$", "", blocks[-1], flags=re.IGNORECASE)
        head = parts[0] if len(parts) > 1 else ""

        def standalone(block: str) -> str:
            return f"{head}{block}</body></html>" if head else block

        parsed: list[list[_Paragraph | _Table] | str] = []
        for block in blocks:
            try:
                parsed.append(parse_block(block))
            except _Unsupported:
                parsed.append(standalone(block))
        shared = self._shared  # kept: the rows paint the layouts of its documents
        try:
            width, px = self.geometry.content.width(), self.dpi / 96
            plans = [_plan(p, width, px, shared) if isinstance(p, list) else p for p in parsed]
            for text in shared.values():
                text.lay_out(self._device, self._font)
        except _Unsupported:  # a text Qt splits in two: QTextDocument lays out the whole sheet
            shared.clear()
            plans = [standalone(b) for b in blocks]
        px, pt = self.dpi / 96, self.dpi / 72
        self.hand_laid = sum(isinstance(p, list) for p in plans)
        self._paginate([_rows(p, px, pt) if isinstance(p, list) else self._document(p) for p in plans])

    def _document(self, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.documentLayout().setPaintDevice(self._device)
        doc.setDefaultFont(self._font)
        doc.setDocumentMargin(0)
        doc.setUndoRedoEnabled(False)
        doc.setTextWidth(self.geometry.content.width())
        doc.setHtml(html)
        return doc

    # -- pagination

    def _new_page(self) -> None:
        self._pieces.append([])
        self._page += 1
        self._y = 0.0
        self._margin = 0.0

    def _paginate(self, blocks: list[list[_Row] | QTextDocument]) -> None:
        self._page, self._y, self._margin = 0, 0.0, 0.0
        height = self.geometry.content.height()
        for block in blocks:
            if isinstance(block, QTextDocument):
                self._place_document(block, height)
            elif block:
                self._place_rows(block, height)
        self.page_count = self._page + 1
        del self._page, self._y, self._margin
        for p in self.placed:
            if p.doc is not None:
                self._documents.setdefault(p.page, []).append(p)

    def _place_document(self, doc: QTextDocument, height: float) -> None:
        h = doc.size().height()
        if h <= height:
            if self._y > 0 and self._y + h > height:
                self._new_page()
            self.placed.append(_Placed(self._page, self._y, h, doc))
            self._y += h
            self._margin = 0.0
            return
        # Taller than a page: on pages of its own, paginated by Qt.
        if self._y > 0:
            self._new_page()
        doc.setPageSize(QSizeF(self.geometry.content.width(), height))
        pages = doc.pageCount()
        for i in range(pages):
            if i:
                self._new_page()
            self.placed.append(_Placed(self._page, 0.0, height, doc, i * height))
        last = doc.documentLayout().blockBoundingRect(doc.lastBlock()).bottom()
        self._y, self._margin = max(0.0, last - (pages - 1) * height), 0.0

    def _place_rows(self, rows: list[_Row], height: float) -> None:
        total, margin = 0.0, rows[0].margins[0]
        for row in rows:
            total += max(margin, row.margins[0]) + row.height if total else row.height
            margin = row.margins[1]
        gap = max(self._margin, rows[0].margins[0])
        if self._y > 0 and (self._y + gap + total > height or total > height):
            self._new_page()  # a block that fits on a page is never split; a longer one starts a page
        start_page, start_y = self._page, self._y + (gap if self._y > 0 else 0.0)
        grid: _Grid | None = None
        for n, row in enumerate(rows):
            gap = max(self._margin, row.margins[0]) if self._y > 0 else 0.0
            need = self._kept_height(rows, n, height)
            if self._y > 0 and self._y + gap + need > height:
                self._new_page()
                gap = 0.0
                if row.grid is not None and row.grid is grid and row not in row.grid.header:
                    for head in row.grid.header:  # the table goes on: its head again
                        self._put(_Piece(head, self._y, 0.0, head.height))
            self._y += gap
            start = 0.0
            while row.height - start > height - self._y and self._y + 1 < height:
                end = self._cut(row, start, start + height - self._y)
                self._put(_Piece(row, self._y, start, end))
                self._new_page()
                start = end
                if row.grid is not None and row not in row.grid.header:
                    for head in row.grid.header:
                        self._put(_Piece(head, self._y, 0.0, head.height))
            self._put(_Piece(row, self._y, start, row.height))
            self._margin = row.margins[1]
            grid = row.grid
        # one entry per page the block is on
        for page in range(start_page, self._page + 1):
            top = start_y if page == start_page else 0.0
            bottom = self._y if page == self._page else max(p.y + p.end - p.start for p in self._pieces[page])
            self.placed.append(_Placed(page, top, bottom - top))

    def _put(self, piece: _Piece) -> None:
        self._pieces[self._page].append(piece)
        self._y = piece.y + piece.end - piece.start

    @staticmethod
    def _kept_height(rows: list[_Row], n: int, page: float) -> float:
        """The room row ``n`` needs on its page: itself and the rows it keeps with (a row taller than a
        page is broken anyway: the start of it will do). No more than a page: what cannot stay together
        need not."""
        start_of = page * _START_OF_LONG_ROW
        need, last = min(rows[n].height, start_of) if rows[n].height > page else rows[n].height, rows[n]
        for row in rows[n + 1:]:
            if not last.keep or need > page:
                break
            need += max(last.margins[1], row.margins[0]) + (start_of if row.height > page else row.height)
            last = row
        return need if need <= page else min(rows[n].height, page)

    @staticmethod
    def _cut(row: _Row, start: float, limit: float) -> float:
        """Where to end the part of ``row`` from ``start`` that fits above ``limit``: between text lines."""
        lines = []
        for block, _, dy in row.texts:
            if block is None:
                continue
            layout = block.layout()
            top = dy + layout.position().y()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                lines.append((top + line.y(), top + line.y() + line.height()))
        for cut in sorted({b for _, b in lines if start < b <= limit} | {limit}, reverse=True):
            if not any(a < cut < b for a, b in lines):
                return cut
        return limit  # a line taller than the room left: cut through it

    # -- painting

    def paint(self, painter: QPainter, page: int, title: str, note: str = "") -> None:
        """Paint page ``page`` (0-based): content, header and footer."""
        content = self.geometry.content
        for p in self._documents.get(page, ()):
            painter.save()
            painter.translate(content.left(), content.top() + p.y - p.offset)
            p.doc.drawContents(painter, QRectF(0, p.offset, content.width(), p.height))
            painter.restore()
        if page < len(self._pieces) and self._pieces[page]:
            self._paint_pieces(painter, self._pieces[page])
        self._paint_bands(painter, page, title, note)

    def _paint_pieces(self, painter: QPainter, pieces: list[_Piece]) -> None:
        left, top = self.geometry.content.left(), self.geometry.content.top()
        painter.save()
        painter.setPen(QPen(Qt.GlobalColor.black))
        for piece in pieces:
            row, y = piece.row, top + piece.y - piece.start
            if piece.start > 0 or piece.end < row.height:
                self._paint_part(painter, piece, left, y)
                continue
            for x0, x1, colour in row.fills:
                painter.fillRect(QRectF(left + x0, y, x1 - x0, row.height), colour)
            for block, dx, dy in row.texts:
                if block is not None:
                    block.layout().draw(painter, QPointF(left + dx, y + dy))
        self._paint_rules(painter, pieces)
        painter.restore()

    def _paint_part(self, painter: QPainter, piece: _Piece, left: float, y: float) -> None:
        """Part of a row taller than a page: its lines of text from ``piece.start`` to ``piece.end``.

        Line by line rather than clipped, so the lines painted on the other page are not in this
        page's text too (where a PDF viewer's search or copy would find them).
        """
        row = piece.row
        painter.save()
        painter.setClipRect(QRectF(left, y + piece.start, self.geometry.content.width(),
                                   piece.end - piece.start))  # for a line cut through (see _cut)
        for x0, x1, colour in row.fills:
            painter.fillRect(QRectF(left + x0, y + piece.start, x1 - x0, piece.end - piece.start), colour)
        for block, dx, dy in row.texts:
            if block is None:
                continue
            layout = block.layout()
            at = QPointF(left + dx, y + dy) + layout.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                line_top = dy + layout.position().y() + line.y()
                if line_top + line.height() > piece.start + 0.5 and line_top < piece.end - 0.5:
                    line.draw(painter, at)
        painter.restore()

    def _paint_rules(self, painter: QPainter, pieces: list[_Piece]) -> None:
        """The grid of every table on the page: a rule above and below each row, the column edges."""
        left, top = self.geometry.content.left(), self.geometry.content.top()
        n = 0
        while n < len(pieces):
            grid = pieces[n].row.grid
            if grid is None or not grid.rule:
                n += 1
                continue
            first, right, lines = n, left + grid.edges[-1], []
            while n < len(pieces) and pieces[n].row.grid is grid:
                y = top + pieces[n].y
                lines.append(QLineF(left, y, right, y))
                n += 1
            last = pieces[n - 1]
            y0, y1 = top + pieces[first].y, top + last.y + last.end - last.start
            lines.append(QLineF(left, y1, right, y1))
            lines.extend(QLineF(left + x, y0, left + x, y1) for x in grid.edges)
            painter.setPen(QPen(grid.colour, grid.rule))
            painter.drawLines(lines)

    def _paint_bands(self, painter: QPainter, page: int, title: str, note: str) -> None:
        """The page's header (title left, note right) and footer (version left, page number right)."""
        bands = self._bands.get((title, note))
        if bands is None:  # the same on every page but the number: measured once
            bands = self._bands[title, note] = self._measure_bands(painter, title, note)
        pen, lines, texts, number_at = bands
        painter.save()
        painter.setPen(pen)
        painter.drawLines(lines)
        for font, at, text in texts:
            painter.setFont(font)
            painter.drawText(at, text)
        number = f"Page {page + 1} of {self.page_count}"
        painter.setFont(self._band_bold)
        painter.drawText(QPointF(number_at.x() - painter.fontMetrics().horizontalAdvance(number), number_at.y()),
                         number)
        painter.restore()

    def _measure_bands(self, painter: QPainter, title: str, note: str) -> tuple:
        g = self.geometry
        c = g.content
        header_y, footer_y = c.top() - g.mm(3.5), c.bottom() + g.mm(3.5)
        lines = [QLineF(c.left(), header_y + g.mm(1.2), c.right(), header_y + g.mm(1.2)),
                 QLineF(c.left(), footer_y - g.mm(3.2), c.right(), footer_y - g.mm(3.2))]
        texts = []
        for font, text, x, y, right, width in (
            (self._band_bold, title, c.left(), header_y, False, c.width() * 0.7),
            (self._band_font, note, c.right(), header_y, True, c.width() * 0.3),
            (self._band_font, f"factdesk {__version__}", c.left(), footer_y, False, c.width() / 2),
        ):
            painter.save()
            painter.setFont(font)
            metrics = painter.fontMetrics()
            text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            painter.restore()
            texts.append((font, QPointF(x - metrics.horizontalAdvance(text) if right else x, y), text))
        return QPen(Qt.GlobalColor.black, max(1.0, g.mm(0.2))), lines, texts, QPointF(c.right(), footer_y)


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
