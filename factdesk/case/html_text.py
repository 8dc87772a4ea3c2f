"""A saved HTML page -> the article's plain text, title and date (trafilatura)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from factdesk.case.dateline import parse_date

_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    text: str  # paragraphs separated by blank lines; the headline first when the page has one
    title: str
    date: dt.date | None
    warnings: tuple[str, ...] = ()


def extract_html(html: str) -> ExtractedPage:
    """The main text of a page, without navigation, comments and footers."""
    import trafilatura  # a fifth of a second to import: only cases with web pages pay for it

    warnings: list[str] = []
    body = trafilatura.extract(html, include_comments=False, include_tables=True, include_images=False)
    if not body or not body.strip():
        body = trafilatura.html2txt(html) or ""
        if body.strip():
            warnings.append("no main article found in the page; using all of its text")
    title, date = _page_metadata(html)
    paragraphs = [_SPACES.sub(" ", p).strip() for p in body.splitlines()]
    paragraphs = [p for p in paragraphs if p]
    if title and (not paragraphs or _plain(paragraphs[0]) != _plain(title)):
        paragraphs.insert(0, title)
    text = "\n\n".join(paragraphs)
    return ExtractedPage(text + "\n" if text else "", title, date, tuple(warnings))


def _page_metadata(html: str) -> tuple[str, dt.date | None]:
    import trafilatura

    try:
        meta = trafilatura.extract_metadata(html)
    except Exception:  # trafilatura raises assorted errors on odd pages; metadata is optional
        return "", None
    if meta is None:
        return "", None
    title = _SPACES.sub(" ", str(getattr(meta, "title", "") or "")).strip()
    raw_date = getattr(meta, "date", None)
    return title, parse_date(str(raw_date)) if raw_date else None


def _plain(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()
