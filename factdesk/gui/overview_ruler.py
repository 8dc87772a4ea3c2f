"""The overview ruler beside an article's scroll bar: where in the whole article its flagged mentions are.

One mark per mention, at the height of its place in the article, coloured *and* shaped by the
claim's status (conflict a full-width bar, hedged a triangle, agree a short tick); the marks of the
selected claim are outlined, and the part of the article in view is shaded. Clicking a mark selects
its claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QHelpEvent, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QToolTip, QWidget

from factdesk.gui.colors import Theme
from factdesk.gui.plain_text import plain_tooltip
from factdesk.model import Status

RULER_WIDTH = 12
PAD = 4  # pixels above the first and below the last possible mark
HIT = 5  # pixels: how close a click must be to a mark


@dataclass(frozen=True)
class RulerMark:
    fraction: float  # 0 = the article's first character, 1 = its end
    status: Status
    claim_id: str
    tip: str = ""


class OverviewRuler(QWidget):
    claimClicked = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("overviewRuler")
        self.setFixedWidth(RULER_WIDTH)
        self.setMouseTracking(True)
        self.marks: list[RulerMark] = []
        self.current = ""
        self.visible_part = (0.0, 1.0)  # the fraction of the article in view

    def sizeHint(self) -> QSize:
        return QSize(RULER_WIDTH, 100)

    def set_marks(self, marks: list[RulerMark], theme: Theme | None = None) -> None:
        if theme is not None:
            self.theme = theme
        # conflicts painted last, on top
        order = {Status.SINGLE: 0, Status.AGREE: 1, Status.HEDGED: 2, Status.CONFLICT: 3}
        self.marks = sorted(marks, key=lambda m: order[m.status])
        self.update()

    def set_current(self, claim_id: str) -> None:
        if claim_id != self.current:
            self.current = claim_id
            self.update()

    def set_visible_part(self, top: float, bottom: float) -> None:
        if (top, bottom) != self.visible_part:
            self.visible_part = (top, bottom)
            self.update()

    def y_of(self, fraction: float) -> float:
        return PAD + fraction * max(1, self.height() - 2 * PAD)

    def mark_at(self, y: float) -> RulerMark | None:
        """The mark nearest to ``y`` within a few pixels; among close ones, another claim than the selected
        one (a click goes somewhere), then the most urgent."""
        near = [(abs(self.y_of(m.fraction) - y), m) for m in self.marks]
        near = [(d, m) for d, m in near if d <= HIT]
        if not near:
            return None
        rank = {Status.CONFLICT: 0, Status.HEDGED: 1, Status.AGREE: 2, Status.SINGLE: 3}
        return min(near, key=lambda dm: (dm[1].claim_id == self.current, round(dm[0] / 2), rank[dm[1].status]))[1]

    # -- painting

    def paintEvent(self, e: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        base = self.palette().color(QPalette.ColorRole.Window)
        p.fillRect(self.rect(), base.darker(104) if not self.theme.dark else base.lighter(115))
        top, bottom = self.visible_part
        shade = QColor(self.palette().color(QPalette.ColorRole.WindowText))
        shade.setAlpha(28)
        p.fillRect(QRectF(0, self.y_of(top), self.width(), max(3.0, self.y_of(bottom) - self.y_of(top))), shade)
        current = []
        for m in self.marks:
            if m.claim_id == self.current:
                current.append(m)
            else:
                self._paint_mark(p, m, False)
        for m in current:
            self._paint_mark(p, m, True)
        p.end()

    def _paint_mark(self, p: QPainter, m: RulerMark, selected: bool) -> None:
        color = QColor(self.theme.style(m.status).marker)
        y, w = self.y_of(m.fraction), float(self.width())
        outline = QPen(QColor(self.palette().color(QPalette.ColorRole.WindowText)), 1.4) if selected \
            else Qt.PenStyle.NoPen
        p.setPen(outline)
        p.setBrush(color)
        if m.status is Status.CONFLICT:  # a bar across the ruler
            p.drawRect(QRectF(1, y - 2, w - 2, 4 if not selected else 5))
        elif m.status is Status.HEDGED:  # a triangle pointing left, at the text
            path = QPainterPath(QPointF(2, y))
            path.lineTo(w - 2, y - 3.5)
            path.lineTo(w - 2, y + 3.5)
            path.closeSubpath()
            p.drawPath(path)
        else:  # agree or single: a short tick at the right
            p.drawRect(QRectF(w / 2, y - 1, w / 2 - 1, 2 if not selected else 3))

    # -- the mouse

    def mousePressEvent(self, e: QMouseEvent) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            mark = self.mark_at(e.position().y())
            if mark is not None:
                self.claimClicked.emit(mark.claim_id)
                return
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        over = self.mark_at(e.position().y()) is not None
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)
        super().mouseMoveEvent(e)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            mark = self.mark_at(e.pos().y())
            if mark is not None:
                QToolTip.showText(e.globalPos(), plain_tooltip(mark.tip or mark.claim_id), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)
