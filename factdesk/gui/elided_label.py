"""A label that elides its text to a fixed number of lines, so long titles never push a layout wider."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent, QTextLayout
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class ElidedLabel(QLabel):
    """Plain text on at most ``lines`` lines, the last one elided with "…"; never widens its pane."""

    def __init__(self, text: str = "", lines: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.lines = lines
        self.full = text
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._refit()

    def set_full_text(self, text: str) -> None:
        if text != self.full:
            self.full = text
            self._refit()

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._refit()

    def resizeEvent(self, e: QResizeEvent) -> None:
        super().resizeEvent(e)
        self._refit()

    def _refit(self) -> None:
        fm = self.fontMetrics()
        self.setFixedHeight(fm.lineSpacing() * self.lines + 2)
        width = max(20, self.contentsRect().width())
        text = " ".join(self.full.split())
        layout = QTextLayout(text, self.font())
        layout.beginLayout()
        out: list[str] = []
        pos = 0
        while len(out) < self.lines - 1:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            out.append(text[line.textStart(): line.textStart() + line.textLength()].rstrip())
            pos = line.textStart() + line.textLength()
        layout.endLayout()
        rest = text[pos:]
        if rest:
            out.append(fm.elidedText(rest, Qt.TextElideMode.ElideRight, width))
        super().setText("\n".join(out))
