"""Pagination: :class:`SheetPages` lays the sheet out for one paint device and places it on pages.

A block that fits in the room left on a page goes there. One that does not starts a new page when
the current one is already mostly full; otherwise it starts where it is, rather than leaving much of
the page blank, and continues on the next page under its "(continued)" head. It breaks between
table rows, the table's head repeated on the next page (a row taller than a page breaks between
lines of text). Painting the pages is :class:`~factdesk.gui.printing.paint.PagePainter`'s.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QSizeF
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QTextDocument,
)

from factdesk.gui.none_guard import protect_none
from factdesk.gui.printing.layout import (
    _SCREEN_STYLE,
    BODY_POINTS,
    PageGeometry,
    _Grid,
    _Paragraph,
    _Piece,
    _Placed,
    _plan,
    _Row,
    _rows,
    _SharedText,
    _Table,
    _Unsupported,
    parse_block,
)
from factdesk.gui.printing.paint import PagePainter
from factdesk.publish.sheet import BLOCK_MARK

BAND_POINTS = 7.5
_START_OF_LONG_ROW = 0.1  # of a page: room enough to start a row that is taller than a page
ROOM_WORTH_USING = 0.35  # of a page: a block that does not fit starts on this page if this much is free


class SheetPages(PagePainter):
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
        heads = [r for r in rows if r.continued]
        rows = [r for r in rows if not r.continued]
        if not rows:
            return
        total, margin = 0.0, rows[0].margins[0]
        for row in rows:
            total += max(margin, row.margins[0]) + row.height if total else row.height
            margin = row.margins[1]
        gap = max(self._margin, rows[0].margins[0])
        room = height - self._y - gap
        if self._y > 0 and total > room and room < height * ROOM_WORTH_USING:
            self._new_page()  # the page is mostly full: the block starts on the next one
        start_page, start_y = self._page, self._y + (gap if self._y > 0 else 0.0)
        grid: _Grid | None = None
        for n, row in enumerate(rows):
            gap = max(self._margin, row.margins[0]) if self._y > 0 else 0.0
            need = self._kept_height(rows, n, height)
            if self._y > 0 and self._y + gap + need > height:
                self._new_page()
                gap = 0.0
                if n > 0:
                    self._put_heads(heads)
                if row.grid is not None and row.grid is grid and row not in row.grid.header:
                    for head in row.grid.header:  # the table goes on: its head again
                        self._put(_Piece(head, self._y, 0.0, head.height))
            self._y += gap
            start = 0.0
            while row.height - start > height - self._y and self._y + 1 < height:
                end = self._cut(row, start, start + height - self._y)
                self._put(_Piece(row, self._y, start, end))
                self._new_page()
                self._put_heads(heads)
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

    def _put_heads(self, heads: list[_Row]) -> None:
        """The block's "(continued)" head at the top of a page it continues on."""
        for head in heads:
            self._put(_Piece(head, self._y, 0.0, head.height))
            self._y += head.margins[1]

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
