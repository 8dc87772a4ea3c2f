"""Who published an article, where, when and by whom: from a web page, a header block or front matter.

A ``.txt`` or ``.md`` article may start with a header block of ``Key: value`` lines
ended by a blank line::

    Outlet: The Daily Example
    URL: https://example.com/news/1
    Published: 2024-05-03T09:30:00+02:00
    By: Jane Doe

or (Markdown) with YAML front matter holding the same keys (``outlet``/``site``,
``url``/``link``, ``published``/``date``, ``byline``/``author``, ``title``).  The block
stays in the text (offsets index the file) but is marked as ignored, so it is never
analysed nor taken for the headline.  Saved web pages give their site name, canonical
URL, date, author and title (trafilatura's metadata; the ``article:published_time``
meta tag for the time of day and the zone).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace

from factdesk.case.dateline import parse_date
from factdesk.case.html_text import UNREAD, read_metadata
from factdesk.case.textlines import Line
from factdesk.model import Article, IgnoredSpan

HEADER_BLOCK = "article metadata"
HEADER_KEYS: dict[str, str] = {
    "outlet": "outlet", "source": "outlet", "site": "outlet", "sitename": "outlet", "publisher": "outlet",
    "url": "url", "link": "url", "canonical": "url",
    "published": "published", "date": "published", "pubdate": "published", "published_at": "published",
    "by": "byline", "byline": "byline", "author": "byline", "authors": "byline",
    "title": "title", "headline": "title",
}
_HEADER_LINE = re.compile(r"^\s{0,3}([A-Za-z_][A-Za-z_ ]{0,20}?)\s*:\s*(.*?)\s*$")
_FENCES = {"---": ("---", "..."), "+++": ("+++",)}
_PUBLISHED_META = re.compile(
    r"""<meta\s[^>]{0,300}?(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|datePublished|"""
    r"""pubdate|publishdate|date)["'][^>]{0,300}?>""", re.I)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*["']([^"']{4,60})["']""", re.I)
_JSON_LD_PUBLISHED = re.compile(r""""datePublished"\s*:\s*"([^"]{4,60})\"""")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """Metadata found for one article; empty strings where nothing was found."""

    outlet: str = ""
    url: str = ""
    title: str = ""
    published: str = ""  # normalised by :func:`normalise_published`
    byline: str = ""

    def merged_over(self, other: ArticleMeta) -> ArticleMeta:
        """These values, with ``other``'s where these are empty."""
        return ArticleMeta(**{f.name: getattr(self, f.name) or getattr(other, f.name) for f in fields(self)})

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    meta: ArticleMeta
    span: IgnoredSpan | None  # the lines to leave out of the analysis (None for front matter: already ignored)


def normalise_published(raw: str) -> str:
    """A publication date or date-time as ISO 8601 (``2024-05-03`` or ``2024-05-03T09:30:00+02:00``); "" if none."""
    s = _SPACES.sub(" ", str(raw or "")).strip().strip("'\"")
    if not s:
        return ""
    iso = s[:-1] + "+00:00" if s.endswith(("Z", "z")) else s
    for candidate in (iso, iso.replace(" ", "T", 1)):
        try:
            value = dt.datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if len(s) <= 10:
            return value.date().isoformat()
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    try:
        value = email.utils.parsedate_to_datetime(s)
    except (TypeError, ValueError, IndexError):
        value = None
    if value is not None:
        return value.isoformat(timespec="minutes" if value.second == 0 else "seconds")
    day = parse_date(s)
    return day.isoformat() if day else ""


def published_date(published: str) -> dt.date | None:
    """The calendar date (as the outlet printed it, in its own zone) of a normalised publication date."""
    if len(published) < 10:
        return None
    try:
        return dt.date.fromisoformat(published[:10])
    except ValueError:
        return None


def header_block(lines: Sequence[Line], source_format: str) -> HeaderBlock:
    """The metadata at the top of a text or Markdown article (a header block or front matter)."""
    first = next((i for i, ln in enumerate(lines) if not ln.blank), None)
    if first is None:
        return HeaderBlock(ArticleMeta(), None)
    fence = lines[first].stripped
    if source_format == "md" and first == 0 and fence in _FENCES:
        closing = _FENCES[fence]
        end = next((i for i in range(1, min(len(lines), 200)) if lines[i].stripped in closing), None)
        if end is None:
            return HeaderBlock(ArticleMeta(), None)
        return HeaderBlock(_meta_from_pairs(_pairs(lines[1:end], separators=":=")), None)
    block: list[Line] = []
    for line in lines[first:first + 12]:
        if line.blank:
            break
        block.append(line)
    else:
        return HeaderBlock(ArticleMeta(), None)  # no blank line after a dozen lines: not a header block
    pairs = _pairs(block, separators=":")
    if not block or len(pairs) != len(block):
        return HeaderBlock(ArticleMeta(), None)  # every line of a header block is a known key
    meta = _meta_from_pairs(pairs)
    if not (meta.outlet or meta.url or meta.byline or meta.published):
        return HeaderBlock(ArticleMeta(), None)
    return HeaderBlock(meta, IgnoredSpan(block[0].start, block[-1].end, HEADER_BLOCK))


def page_metadata(html: str, found: object | None = UNREAD) -> ArticleMeta:
    """Site name, canonical URL, title, publication date-time and author of a saved web page.

    ``found``: the page's :func:`~factdesk.case.html_text.read_metadata`, when it was read already.
    """
    if found is UNREAD:
        found = read_metadata(html)

    def value(name: str) -> str:
        return _SPACES.sub(" ", str(getattr(found, name, "") or "")).strip() if found is not None else ""

    published = normalise_published(value("date"))
    precise = _published_time(html)
    if precise and (not published or precise.startswith(published[:10])):
        published = precise
    return ArticleMeta(outlet=value("sitename"), url=value("url"), title=value("title"),
                       published=published, byline=value("author").replace(";", ","))


def with_metadata(article: Article, meta: ArticleMeta) -> Article:
    """The article with ``meta``'s non-empty values (its ``date`` is the reader's business)."""
    if not meta:
        return article
    changes: dict[str, object] = {k: v for k, v in (("outlet", meta.outlet), ("url", meta.url),
                                                    ("byline", meta.byline), ("title", meta.title)) if v}
    if meta.published:
        changes["published"] = meta.published
    return replace(article, **changes)  # type: ignore[arg-type]


def _published_time(html: str) -> str:
    head = html[:200_000]
    for tag in _PUBLISHED_META.finditer(head):
        content = _CONTENT_ATTR.search(tag.group(0))
        if content and (value := normalise_published(content.group(1))):
            return value
    found = _JSON_LD_PUBLISHED.search(head)
    return normalise_published(found.group(1)) if found else ""


def _pairs(lines: Sequence[Line], separators: str) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        text = line.text
        if "=" in separators and ":" not in text:
            text = text.replace("=", ":", 1)
        m = _HEADER_LINE.match(text)
        if m is None:
            continue
        key = m.group(1).strip().casefold().replace(" ", "_")
        if key in HEADER_KEYS:
            out.append((HEADER_KEYS[key], _unquote(m.group(2))))
    return out


def _meta_from_pairs(pairs: list[tuple[str, str]]) -> ArticleMeta:
    values: dict[str, str] = {}
    for key, raw in pairs:
        if raw and key not in values:
            values[key] = normalise_published(raw) if key == "published" else raw[:500]
    return ArticleMeta(**values)


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    if value.startswith("[") and value.endswith("]"):  # YAML list of authors
        value = ", ".join(_unquote(v) for v in value[1:-1].split(",") if v.strip())
    return value.strip()
