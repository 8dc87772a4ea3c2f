"""A message strip at the top of the window: errors and warnings in words, never a traceback."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QToolButton, QWidget

from factdesk.gui.colors import Theme

ICONS = {"error": "⛔", "warning": "⚠", "info": "ℹ"}


class MessageBar(QFrame):
    """Shows one message with its level, an optional action button and a close button.

    A message may carry a ``key``; ``dismissed`` tells which message the user closed
    with the × button ('' for one without a key), so a hint can be remembered as read.
    """

    dismissed = Signal(str)

    def __init__(self, theme: Theme, parent: QWidget | None = None):
        super().__init__(parent)
        self.theme = theme
        self.setObjectName("messageBar")
        self.level = ""
        self.key = ""
        self.icon = QLabel()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setObjectName("messageText")
        self.action = QPushButton()
        self.action.hide()
        close = self.close_button = QToolButton()
        close.setObjectName("messageClose")
        close.setText("×")
        close.setAutoRaise(True)
        close.setToolTip("Dismiss")
        close.setAccessibleName("Dismiss the message")
        close.clicked.connect(self._dismiss)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action)
        layout.addWidget(close)
        self._callback: Callable[[], None] | None = None
        self.action.clicked.connect(self._act)
        self.hide()

    def show_message(self, level: str, text: str, action: str = "",
                     callback: Callable[[], None] | None = None, *, key: str = "", rich: bool = False) -> None:
        """Show ``text`` (plain, or HTML with ``rich``); ``key`` names it for ``dismissed``."""
        self.level = level
        self.key = key
        self._style()
        self.icon.setText(ICONS[level])
        self.text.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self.text.setText(text)
        self._callback = callback
        self.action.setText(action)
        self.action.setVisible(bool(action and callback))
        self.show()

    def clear(self) -> None:
        self.level = ""
        self.key = ""
        self.text.clear()
        self.hide()

    def set_theme(self, theme: Theme) -> None:
        self.theme = theme
        self._style()

    def _style(self) -> None:
        if not self.level:
            return
        bg, fg = self.theme.banner[self.level]
        self.setStyleSheet(f"#messageBar {{ background: {bg}; border-bottom: 1px solid {fg}; }}"
                           f"#messageBar QLabel {{ color: {fg}; }}")

    def _dismiss(self) -> None:
        key = self.key
        self.clear()
        self.dismissed.emit(key)

    @property
    def message(self) -> str:
        return self.text.text() if self.isVisible() or self.level else ""

    def _act(self) -> None:
        if self._callback is not None:
            self._callback()
