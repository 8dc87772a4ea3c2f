"""The legend: what the highlight colours and markers in the panes and the table mean."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from factdesk.gui.colors import Theme, status_pixmap, swatch_pixmap
from factdesk.gui.elided_label import ElidedLabel
from factdesk.model import Status

ENTRIES = (
    (Status.CONFLICT, "conflict: they cannot all be right"),
    (Status.HEDGED, "hedged: only “over”, “about” or rounding make them agree"),
    (Status.AGREE, "agree"),
)


class Legend(QWidget):
    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("legend")
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(8, 2, 8, 2)
        self.layout_.setSpacing(6)
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        for status, text in ENTRIES:
            marker = QLabel()
            marker.setPixmap(status_pixmap(status, theme, 14))
            swatch = QLabel()
            swatch.setPixmap(swatch_pixmap(status, theme))
            label = QLabel(text)
            label.setObjectName("legendText")
            for w in (marker, swatch, label):
                self.layout_.addWidget(w)
            self.layout_.addSpacing(10)
        words = QLabel("<b>bold</b> = words that differ in a quotation")
        words.setObjectName("legendText")
        dim = QLabel(f"<i style='color:{theme.ignored}'>dimmed</i> = boilerplate left out")
        dim.setObjectName("legendText")
        for w in (words, dim):
            self.layout_.addWidget(w)
            self.layout_.addSpacing(14)
        hint = ElidedLabel("J/K next/previous · V/D/U verdict · N note · Ctrl+Z undo · F1 keys")
        hint.setObjectName("legendHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.layout_.addWidget(hint, 1)
