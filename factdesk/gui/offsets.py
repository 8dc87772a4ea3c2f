"""THE one place that converts Python ``str`` offsets to Qt document positions and back.

The core speaks Python ``str`` indices (code points).  A ``QTextDocument`` built
with ``setPlainText`` counts UTF-16 code units, and it turns every line break
(``\\n``, ``\\r``, ``\\r\\n``) into a single block separator.  So an emoji
(two UTF-16 units) shifts every later position by +1, and a ``\\r\\n`` (two
code points, one separator) by -1.  Accented letters are one unit either way
but break code that mixes byte and character offsets.  Everything in the GUI
that turns a span into a cursor position goes through :class:`Offsets`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

_SHIFTS = re.compile(r"[\U00010000-\U0010FFFF]|\r\n")


class Offsets:
    """Position conversion for one text.  Costs nothing for plain BMP text without CRLF."""

    __slots__ = ("_py", "_qt", "_shift", "length")

    def __init__(self, text: str):
        self.length = len(text)
        py: list[int] = []  # Python index from which the cumulative shift applies
        qt: list[int] = []  # the same point as a Qt position
        shift: list[int] = []  # cumulative shift (qt - py) from that point on
        total = 0
        for m in _SHIFTS.finditer(text):
            total += 1 if m.group() != "\r\n" else -1
            # after the astral character / after the whole CRLF pair
            point = m.end()
            py.append(point)
            qt.append(point + total)
            shift.append(total)
        self._py, self._qt, self._shift = py, qt, shift

    def to_qt(self, index: int) -> int:
        """Qt document position of Python index ``index`` (clamped to the text)."""
        index = max(0, min(index, self.length))
        i = bisect_right(self._py, index)
        return index + (self._shift[i - 1] if i else 0)

    def to_py(self, position: int) -> int:
        """Python index of Qt position ``position`` (inside a surrogate pair: that character)."""
        i = bisect_right(self._qt, position)
        index = position - (self._shift[i - 1] if i else 0)
        if i < len(self._py) and index >= self._py[i]:
            index = self._py[i] - 1  # the second half of a surrogate pair
        return max(0, min(index, self.length))

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def qt_length(self) -> int:
        return self.to_qt(self.length)


def to_qt(text: str, index: int) -> int:
    """One-off conversion (build an :class:`Offsets` once when converting many spans of one text)."""
    return Offsets(text).to_qt(index)


def to_py(text: str, position: int) -> int:
    return Offsets(text).to_py(position)
