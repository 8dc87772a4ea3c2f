"""The legend: what the highlight colours and markers in the panes and the table mean.

Short entries (the long explanation is each entry's tooltip), so the whole legend fits a 1280-pixel
window; a tool bar, so a narrower one folds what does not fit into its » button.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolBar, QWidget

from factdesk.gui.colors import Theme, status_pixmap, swatch_pixmap
from factdesk.model import Status

ENTRIES = (
    (Status.CONFLICT, "conflict", "conflict (solid underline, ✖): the articles cannot all be right"),
    (Status.HEDGED, "hedged", "hedged (wavy underline, ≈): only “over”, “about” or rounding make them agree"),
    (Status.AGREE, "agree", "agree (dashed underline, ✔): shown in the panes with View → Show agreeing mentions"),
)
HINT = "J/K next · V/D/U verdict · N note · C compare · Ctrl+Z undo · F1 keys"  # in the status bar


def _entry(*widgets: QWidget, tip: str = "") -> QWidget:
    box = QWidget()
    box.setToolTip(tip)
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
        for status, text, tip in ENTRIES:
            marker = QLabel()
            marker.setPixmap(status_pixmap(status, theme, 14))
            swatch = QLabel()
            swatch.setPixmap(swatch_pixmap(status, theme))
            self.addWidget(_entry(marker, swatch, _text(text), tip=tip))
        self.addWidget(_entry(_text("<b>bold</b> = differing words"),
                              tip="In the selected claim's mentions: the words that differ from the other articles"))
        self.addWidget(_entry(_text(f"<i style='color:{theme.ignored}'>grey italics</i> = left out"),
                              tip="Bylines, captions and boilerplate: shown, but left out of the analysis"))
        self.addWidget(_entry(_text(f"<span style='color:{theme.muted}'>dimmed pane</span> = "
                                    "does not state the claim"),
                              tip="An article that does not state the selected claim is greyed; "
                                  "View → Compare (C) hides it instead"))
