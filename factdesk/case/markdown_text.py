"""Markdown articles: the text stays as written; pure markup lines are marked to be ignored.

Pure markup: front matter, image lines, link-only lines, link reference
definitions, bare URLs, HTML-tag-only lines and horizontal rules.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from factdesk.case.dateline import parse_date
from factdesk.case.textlines import Line
from factdesk.model import IgnoredSpan

MARKUP = "markdown markup"
FRONT_MATTER = "front matter"
HEADING_WITHIN = 4  # the title heading is among the first non-blank lines

_FENCE = {"---": ("---", "..."), "+++": ("+++",)}
_IMAGE = r"!\[[^\]\n]{0,500}\]\([^)\n]{0,1000}\)(?:\{[^}\n]{0,200}\})?"
_LINK = r"\[[^\]\n]{1,500}\]\([^)\n]{0,1000}\)"
_PURE_MARKUP = re.compile(
    # an image, a linked image or a link, alone on its line (maybe as a list item)
    rf"^\s{{0,3}}(?:[-*+]\s+|\d{{1,3}}[.)]\s+)?(?:{_IMAGE}|\[{_IMAGE}\]\([^)\n]{{0,1000}}\)|{_LINK})\s*$"
    r"|^\s{0,3}\[[^\]\n]{1,200}\]:\s*\S+.*$"  # [ref]: http://...
    r"|^\s*<?https?://\S+>?\s*$"  # a bare URL
    r"|^\s*(?:<[^>\n]{1,300}>\s*)+$"  # <br>, <!-- comment -->, <div ...>
    r"|^\s{0,3}(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$"  # horizontal rule
)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)(?:\s+#+)?\s*$")
_SETEXT_UNDERLINE = re.compile(r"^\s{0,3}(?:=+|-+)\s*$")
_FRONT_DATE = re.compile(
    r"^\s*(?:date|published|pubdate|publish_?date|date_?published)\s*[:=]\s*['\"]?(.+?)['\"]?\s*$", re.I
)
_FRONT_TITLE = re.compile(r"^\s*title\s*[:=]\s*['\"]?(.+?)['\"]?\s*$", re.I)
_INLINE_MARKUP = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)|[*_`]+|^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+)")


@dataclass(frozen=True, slots=True)
class MarkdownInfo:
    ignored: tuple[IgnoredSpan, ...]
    title: str
    title_line: int | None  # index of the heading line the title comes from
    date: dt.date | None  # from the front matter


def analyse_markdown(lines: Sequence[Line]) -> MarkdownInfo:
    """Markup spans, title and front-matter date of a markdown text split into lines."""
    spans: list[IgnoredSpan] = []
    fm_end, fm_title, fm_date = _front_matter(lines)
    if fm_end is not None:
        spans.append(IgnoredSpan(lines[0].start, lines[fm_end].end, FRONT_MATTER))
    body_start = 0 if fm_end is None else fm_end + 1
    extend = False  # True while only blank lines follow the last markup span
    for line in lines[body_start:]:
        if len(line.text) <= 2000 and _PURE_MARKUP.match(line.text):
            if extend:
                spans[-1] = IgnoredSpan(spans[-1].start, line.end, MARKUP)
            else:
                spans.append(IgnoredSpan(line.start, line.end, MARKUP))
            extend = True
        elif not line.blank:
            extend = False
    title, title_line = _heading(lines, body_start)
    return MarkdownInfo(tuple(spans), title or fm_title, title_line, fm_date)


def strip_inline_markup(s: str) -> str:
    """ "## **Big** [storm](http://x)" -> "Big storm"."""
    return re.sub(r"\s+", " ", _INLINE_MARKUP.sub(lambda m: m.group(1) or "", s)).strip()


def _front_matter(lines: Sequence[Line]) -> tuple[int | None, str, dt.date | None]:
    if not lines or lines[0].stripped not in _FENCE:
        return None, "", None
    closers = _FENCE[lines[0].stripped]
    title, date = "", None
    for line in lines[1:200]:
        if line.stripped in closers:
            return line.index, title, date
        if m := _FRONT_DATE.match(line.text):
            date = date or parse_date(m.group(1))
        elif m := _FRONT_TITLE.match(line.text):
            title = title or m.group(1).strip()
    return None, "", None  # no closing fence: not front matter


def _heading(lines: Sequence[Line], start: int) -> tuple[str, int | None]:
    """The first heading among the first few non-blank lines (a heading further down is a section)."""
    seen = 0
    for line in lines[start:]:
        if line.blank or _PURE_MARKUP.match(line.text):
            continue
        seen += 1
        if seen > HEADING_WITHIN:
            break
        if m := _HEADING.match(line.text):
            return strip_inline_markup(m.group(1)), line.index
        nxt = line.index + 1
        if nxt < len(lines) and _SETEXT_UNDERLINE.match(lines[nxt].text):
            return strip_inline_markup(line.text), line.index
    return "", None
