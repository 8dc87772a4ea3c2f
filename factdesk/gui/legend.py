"""The legend: what the highlight colours and markers in the panes and the table mean.

A tool bar, so a narrow window folds the entries that do not fit into its »
button instead of growing wider than the screen.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QToolBar, QWidget

from factdesk.gui.colors import Theme, status_pixmap, swatch_pixmap
from factdesk.model import Status

ENTRIES = (
    (Status.CONFLICT, "conflict: they cannot all be right"),
    (Status.HEDGED, "hedged: only “over”, “about” or rounding make them agree"),
    (Status.AGREE, "agree"),
)
HINT = "J/K next · V/D/U verdict · N note · Ctrl+Z undo · F1 keys"


def _entry(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 14, 0)
    layout.setSpacing(5)
    for w in widgets:
        layout.addWidget(w)
    return box


def _text(text: str, name: str = "legendText") -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


class Legend(QToolBar):
    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__("Legend", parent)
        self.setObjectName("legend")
        self.setMovable(False)
        self.setFloatable(False)
        self.setIconSize(QSize(14, 14))
        self.set_theme(theme)

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self.clear()
        for status, text in ENTRIES:
            marker = QLabel()
            marker.setPixmap(status_pixmap(status, theme, 14))
            swatch = QLabel()
            swatch.setPixmap(swatch_pixmap(status, theme))
            self.addWidget(_entry(marker, swatch, _text(text)))
        self.addWidget(_entry(_text("<b>bold</b> = words that differ in a quotation")))
        self.addWidget(_entry(_text(f"<i style='color:{theme.ignored}'>dimmed</i> = boilerplate left out")))
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)
        hint = _text(HINT, "legendHint")
        hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.addWidget(hint)
