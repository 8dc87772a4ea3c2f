"""Data shown as text, never as Qt rich text.

Qt renders a label or a tooltip as HTML as soon as it *looks* like HTML
(``Qt.mightBeRichText``), so an editor name such as ``<font size=7><img src=…>``
imported from a colleague's log would be drawn, not shown. Labels that show
names, notes, titles or article text use :func:`plain_label`; tooltips use
:func:`plain_tooltip`; rich labels quote the data they hold with :func:`quoted`.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def quoted(data: str) -> str:
    """``data`` escaped for a place in rich text (``<`` ``>`` ``&`` and quotes)."""
    return html.escape(data, quote=True)


def plain_tooltip(text: str) -> str:
    """A tooltip that shows ``text`` as it is, line breaks kept, whatever markup it holds."""
    if not text:
        return ""
    return f"<p style='white-space:pre-wrap'>{quoted(text)}</p>"


def plain_label(label: QLabel) -> QLabel:
    """``label`` set to show its text as plain text; returns it."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
