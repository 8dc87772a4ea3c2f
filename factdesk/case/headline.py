"""Title and headline area of an article: the first line, and a short subtitle under it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from factdesk.case.sentences import sentence_count
from factdesk.case.textlines import Line
from factdesk.model import IgnoredSpan

MAX_TITLE = 200  # characters kept in Article.title
MAX_HEADLINE = 200  # a longer first line is a lede paragraph, not a headline
MAX_SUBTITLE = 160
MAX_HEADLINE_WORDS = 20  # headlines are short; a longer line is a lede sentence
MAX_PROSE_WORDS = 2  # headlinese drops articles and auxiliaries; a line with more of them is prose
_PROSE_WORDS = frozenset({"a", "an", "the", "is", "are", "was", "were", "has", "have", "had", "been"})
# a full stop ends a sentence; a colon, semicolon or comma leads into the next paragraph
_SENTENCE_END = re.compile(r"[.:;,]['\"’”)\]]*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
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

    The first content line is a headline when it looks like one (see :func:`looks_like_headline`)
    or when it is a markdown heading.  The next content line extends the area when it is a
    short subtitle of the same shape, under ``MAX_SUBTITLE`` characters.
    """
    if not content:
        return 0
    first = content[0]
    if not (first_is_heading or looks_like_headline(first.stripped, MAX_HEADLINE)):
        return 0
    end = first.end
    if len(content) > 1 and looks_like_headline(content[1].stripped, MAX_SUBTITLE):
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


def looks_like_headline(s: str, max_len: int = MAX_HEADLINE) -> bool:
    """A headline (or subtitle) is short, one sentence at most, and written in headlinese.

    So a line is not a headline when it is ``max_len`` characters or more, or has more than
    ``MAX_HEADLINE_WORDS`` words; when it ends with a full stop, or with a colon, semicolon
    or comma that leads into the next paragraph; when it holds several sentences; or when
    it reads as a prose sentence, with more than ``MAX_PROSE_WORDS`` articles and auxiliary
    verbs ("The ... of the ... has died"), which headlines leave out ("... dies").
    """
    if not 0 < len(s) < max_len or _SENTENCE_END.search(s) or sentence_count(s) > 1:
        return False
    words = _WORD.findall(s)
    prose_words = sum(1 for w in words if w.lower() in _PROSE_WORDS)
    return len(words) <= MAX_HEADLINE_WORDS and prose_words <= MAX_PROSE_WORDS
