"""Painting the laid-out pages: content, table rules, and the header and footer bands."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QPainter,
    QPen,
)

from factdesk import __version__
from factdesk.gui.printing.layout import PageGeometry, _Piece, _Placed


class PagePainter:
    """Paints :class:`~factdesk.gui.printing.pages.SheetPages` (which it is a base of) one page at a time."""

    geometry: PageGeometry
    page_count: int
    _pieces: list[list[_Piece]]
    _documents: dict[int, list[_Placed]]
    _band_font: QFont
    _band_bold: QFont
    _bands: dict[tuple[str, str], tuple]

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
