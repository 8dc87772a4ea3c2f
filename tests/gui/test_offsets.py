"""Python str offsets <-> Qt document positions: emoji, accents and CRLF must not shift highlights."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from factdesk.gui.offsets import Offsets, to_py, to_qt

TEXTS = [
    "Döpfner 😀 125,000",
    "plain ascii 125,000 accounts",
    "line one\r\nline two 😀😀 and\r\nDöpfner said 125,000\n",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🇩🇪 flags: Zürich 5.000",
    "",
]


def qt_text(doc: QTextDocument, start: int, end: int) -> str:
    cursor = QTextCursor(doc)
    cursor.setPosition(start)
    cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText().replace("\u2029", "\n")


def test_the_figure_after_an_emoji_is_found_where_python_says(qapp) -> None:
    text = "Döpfner 😀 125,000"
    start = text.index("125,000")
    assert start == 10
    assert to_qt(text, start) == 11  # the emoji is two UTF-16 units
    doc = QTextDocument()
    doc.setPlainText(text)
    assert qt_text(doc, to_qt(text, start), to_qt(text, start + 7)) == "125,000"
    assert qt_text(doc, to_qt(text, 0), to_qt(text, 7)) == "Döpfner"
    assert to_py(text, 11) == 10


@pytest.mark.parametrize("text", TEXTS)
def test_every_word_of_the_text_maps_onto_the_same_word_in_qt(qapp, text: str) -> None:
    doc = QTextDocument()
    doc.setPlainText(text)
    off = Offsets(text)
    assert off.qt_length() == doc.characterCount() - 1
    pos = 0
    for word in text.split():
        start = text.index(word, pos)
        end = start + len(word)
        pos = end
        assert qt_text(doc, *off.span_to_qt(start, end)) == word
        assert (off.to_py(off.to_qt(start)), off.to_py(off.to_qt(end))) == (start, end)


def test_a_position_inside_an_emoji_maps_back_to_the_emoji() -> None:
    text = "a😀b"
    assert [to_qt(text, i) for i in range(4)] == [0, 1, 3, 4]
    assert [to_py(text, p) for p in range(5)] == [0, 1, 1, 2, 3]
