"""Split a text into lines that keep their offsets.

Only ``\\n``, ``\\r\\n`` and ``\\r`` end a line (unlike ``str.splitlines``), so
offsets match a file read with ``newline=""``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")


@dataclass(frozen=True, slots=True)
class Line:
    index: int  # 0-based line number
    start: int  # offset of the first character
    end: int  # offset just after the last character, line break excluded
    text: str  # the line without its line break

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def iter_lines(text: str) -> Iterator[Line]:
    """Every line of ``text`` with its offsets (a final line break adds no empty line)."""
    pos = 0
    index = 0
    size = len(text)
    while pos < size:
        m = _LINE.match(text, pos)
        assert m is not None  # the pattern matches the empty string
        body = m.group().rstrip("\r\n")
        yield Line(index, pos, pos + len(body), body)
        index += 1
        pos = m.end()


def split_lines(text: str) -> list[Line]:
    return list(iter_lines(text))
