"""A saved HTML page -> the article's plain text, title and date (trafilatura)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factdesk.case.dateline import parse_date

_SPACES = re.compile(r"[ \t\u00a0]+")
# libxml2 (under trafilatura) drops everything below 255 levels of elements, silently;
# a page nested deeper than this is flattened first so none of its text is lost.
MAX_NESTING = 200
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
_VOID_ELEMENTS = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source")
_END_TAG_OPTIONAL = ("p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot")
_VOID_OR_SELF_CLOSING = frozenset(
    (*_VOID_ELEMENTS, "track", "wbr", *_END_TAG_OPTIONAL, "colgroup", "rt", "rp", "html", "head", "body")
)
_KEPT_WHEN_FLATTENED = frozenset(
    ("html", "head", "body", "title", "meta", "p", "br", "li", "script", "style", "noscript", "template", "h1", "h2")
) | {"h3", "h4", "h5", "h6"}


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str  # paragraphs separated by blank lines; the headline first when the page has one
    title: str
    date: dt.date | None
    warnings: tuple[str, ...] = ()


class _Unread:
    """The page's metadata has not been read yet (None is what trafilatura finds on a page without any)."""


UNREAD = _Unread()


def read_metadata(html: str) -> object | None:
    """trafilatura's metadata of a page, None when there is none (a second of work per MB: read it once)."""
    import trafilatura

    try:
        return trafilatura.extract_metadata(html)
    except Exception:  # trafilatura raises assorted errors on odd pages; metadata is optional
        return None


def extract_html(html: str, metadata: object | None = UNREAD) -> ExtractedPage:
    """The main text of a page, without navigation, comments and footers.

    ``metadata``: the page's :func:`read_metadata`, when it was read already.
    """
    import trafilatura  # a fifth of a second to import: only cases with web pages pay for it

    warnings: list[str] = []
    depth = nesting_depth(html)
    if depth > MAX_NESTING:
        html = flatten(html)
        metadata = UNREAD  # read again from what is read
        warnings.append(f"the page nests {depth} levels deep; its layout was flattened to read all of its text")
    body = trafilatura.extract(html, include_comments=False, include_tables=True, include_images=False)
    if not body or not body.strip():
        body = trafilatura.html2txt(html) or ""
        if body.strip():
            warnings.append("no main article found in the page; using all of its text")
    title, date = _page_metadata(read_metadata(html) if metadata is UNREAD else metadata)
    paragraphs = [_SPACES.sub(" ", p).strip() for p in body.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if title and (not paragraphs or _plain(paragraphs[0]) != _plain(title)):
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs)
    return ExtractedPage(text + "\n" if text else "", title, date, tuple(warnings))


def nesting_depth(html: str) -> int:
    """How deep the page's elements nest (elements whose end tag may be left out do not count)."""
    depth = deepest = 0
    for m in _TAG.finditer(html):
        closing, name, self_closing = m.group(1), m.group(2).lower(), m.group(3)
        if name in _VOID_OR_SELF_CLOSING or self_closing:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


def flatten(html: str) -> str:
    """The page without its layout tags (div, span, section, table...): text, paragraphs and headings stay."""
    return _TAG.sub(lambda m: m.group(0) if m.group(2).lower() in _KEPT_WHEN_FLATTENED else " ", html)


def _page_metadata(meta: object | None) -> tuple[str, dt.date | None]:
    if meta is None:
        return "", None
    title = _SPACES.sub(" ", str(getattr(meta, "title", "") or "")).strip()
    raw_date = getattr(meta, "date", None)
    return title, parse_date(str(raw_date)) if raw_date else None


def _plain(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()
