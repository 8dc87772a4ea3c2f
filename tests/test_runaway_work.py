"""Hostile cases (#15 item 7): the work stays linear and bounded, counted rather than timed.

Each test measures work (lines looked at, characters scanned, pairs weighed) on an input and on one
twice as big, and checks what was left out is named in a warning.
"""

from __future__ import annotations

import re

import pytest

from factdesk.text import context


class _CountingPattern:
    """Stands in for a compiled pattern and counts the characters its ``finditer`` is given to scan."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern, self.scanned = pattern, 0

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):  # type: ignore[no-untyped-def]
        end = len(text) if endpos is None else min(endpos, len(text))
        self.scanned += max(0, end - pos)
        return self.pattern.finditer(text, pos, end)


def test_a_mentions_sentence_is_looked_for_in_a_window_not_the_whole_text(monkeypatch: pytest.MonkeyPatch) -> None:
    counting = _CountingPattern(context._END)
    monkeypatch.setattr(context, "_END", counting)
    results, scanned = [], []
    for words in (20_000, 40_000):  # one endless sentence: no end to find
        text = "the mayor said 1,200 people came " + "and more " * words
        start = text.index("1,200")
        counting.scanned = 0
        results.append(context.mention_context(text, start, start + 5))
        scanned.append(counting.scanned)
    assert results[0] == results[1]
    assert scanned[0] == scanned[1] <= 2 * context.REACH + 10
