"""Title and headline area of an article: the first line, and a short subtitle under it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdesk.case.textlines import Line
from factdesk.model import IgnoredSpan

MAX_TITLE = 200  # characters kept in Article.title
MAX_HEADLINE = 200  # a longer first line is a lede paragraph, not a headline
MAX_SUBTITLE = 160
_SENTENCE_END = re.compile(r"\.['\"’”)\]]*$")
_SPACES = re.compile(r"\s+")


def content_lines(lines: Sequence[Line], ignored: Sequence[IgnoredSpan]) -> list[Line]:
    """The non-blank lines that no ignored span touches, in order."""
    out: list[Line] = []
    spans = sorted(ignored, key=lambda s: s.start)
    k = 0
    for line in lines:
        if line.blank:
            continue
        while k < len(spans) and spans[k].end <= line.start:
            k += 1
        if k < len(spans) and spans[k].start < max(line.end, line.start + 1):
            continue
        out.append(line)
    return out


def headline_end(content: Sequence[Line], *, first_is_heading: bool = False) -> int:
    """Offset where the headline (and a short subtitle under it) ends; 0 when there is no headline.

    The first content line is a headline when it is short and does not end with a full stop
    (or when it is a markdown heading).  The next content line extends the area when it is a
    short subtitle: under ``MAX_SUBTITLE`` characters, no final full stop.
    """
    if not content:
        return 0
    first = content[0]
    if not (first_is_heading or _looks_like_headline(first.stripped, MAX_HEADLINE)):
        return 0
    end = first.end
    if len(content) > 1 and _looks_like_headline(content[1].stripped, MAX_SUBTITLE):
        end = content[1].end
    return end


def make_title(text: str) -> str:
    """One line, spaces collapsed, at most ``MAX_TITLE`` characters (cut at a word, with "…")."""
    s = _SPACES.sub(" ", text).strip()
    if len(s) <= MAX_TITLE:
        return s
    cut = s[: MAX_TITLE - 1]
    if " " in cut[MAX_TITLE // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


def _looks_like_headline(s: str, max_len: int) -> bool:
    return 0 < len(s) < max_len and not _SENTENCE_END.search(s)
