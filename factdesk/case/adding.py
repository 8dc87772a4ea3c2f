"""Add an article to a case folder: from a file, from text (a pipe, the clipboard), or from a URL.

Each way checks the new article first (it must have article text), then writes its
file under a name that is free in the folder, and records its outlet, URL, date and
byline in the case manifest; a page fetched from the web is also kept byte for byte
in the case's ``archive/`` folder, with its provenance in the manifest.  When
anything fails the case folder is left as it was, and the error is one line
(:class:`AddError`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from factdesk.case.fetch import FetchedPage, FetchError, fetch_page
from factdesk.case.folder import ARTICLE_FORMATS, ARTICLE_KINDS, ArticleError, article_from_bytes
from factdesk.case.manifest import ARCHIVE_FOLDER, ManifestError, Provenance, update_article
from factdesk.case.metadata import ArticleMeta
from factdesk.model import Article

MIN_WORDS = 20  # fewer words than this is not an article (a paywall, a cookie wall, a video page)
NO_MAIN_TEXT = "no main article found in the page"


class AddError(Exception):
    """The article could not be added; the case folder is unchanged."""


@dataclass(frozen=True)
class AddedArticle:
    file: str  # its name in the case folder
    article: Article
    archive: str = ""  # the archived page, relative to the case folder


def add_file(case_dir: str | os.PathLike[str], path: str | os.PathLike[str], outlet: str = "") -> AddedArticle:
    """Copy an article file into the case (under a free name), with its outlet in the manifest."""
    src = Path(path)
    fmt = ARTICLE_FORMATS.get(src.suffix.lower())
    if fmt is None:
        raise AddError(f"{src.name} is not an article file ({ARTICLE_KINDS})")
    try:
        data = src.read_bytes()
    except FileNotFoundError:
        raise AddError(f"file not found: {src}") from None
    except IsADirectoryError:
        raise AddError(f"{src} is a folder: give an article file") from None
    except OSError as err:
        raise AddError(f"cannot read {src}: {err.strerror or err}") from None
    folder = _case_folder(case_dir)
    if src.resolve().parent == folder.resolve():
        raise AddError(f"{src.name} is already in the case")
    article = _checked(src.name, data, fmt)
    name = free_name(folder, src.stem, src.suffix.lower())
    _write_new(folder, name, data, ArticleMeta(outlet=outlet.strip()) if outlet.strip() else None)
    return AddedArticle(name, article)


def add_text(case_dir: str | os.PathLike[str], text: str, *, outlet: str = "", url: str = "",
             source_format: str = "txt", name_hint: str = "") -> AddedArticle:
    """Add an article from text (plain, Markdown or HTML) -- what a pipe or the clipboard holds."""
    folder = _case_folder(case_dir)
    data = text.encode("utf-8")
    article = _checked("the text", data, source_format)
    stem = slug(outlet or name_hint or (urlsplit(url).hostname or "") or "pasted")
    suffix = {"txt": ".txt", "md": ".md", "html": ".html"}[source_format]
    name = free_name(folder, stem, suffix)
    meta = ArticleMeta(outlet=outlet.strip(), url=url.strip())
    _write_new(folder, name, data, meta if meta else None)
    return AddedArticle(name, article)


def add_from_url(case_dir: str | os.PathLike[str], url: str, outlet: str = "", *,
                 progress: Callable[[int, int | None], None] | None = None,
                 cancelled: Callable[[], bool] | None = None, **limits: float) -> AddedArticle:
    """Fetch a page, keep its bytes in the archive and add the article it holds (see :func:`add_fetched`)."""
    folder = _case_folder(case_dir)
    try:
        page = fetch_page(url, progress=progress, cancelled=cancelled, **limits)  # type: ignore[arg-type]
    except FetchError as err:
        raise AddError(str(err)) from None
    return add_fetched(folder, page, outlet)


def add_fetched(case_dir: str | os.PathLike[str], page: FetchedPage, outlet: str = "") -> AddedArticle:
    """Add a fetched page: the article's text as ``<outlet>.txt``, the page's bytes in ``archive/``."""
    folder = _case_folder(case_dir)
    try:
        article = article_from_bytes("the page", page.body, page.source_format)
    except ArticleError as err:
        raise AddError(f"{page.final_url}: {str(err).split(': ', 1)[-1]}") from None
    if NO_MAIN_TEXT in article.warnings or len(article.text.split()) < MIN_WORDS:
        raise AddError(f"{page.final_url}: no article text found in the page")
    host = (urlsplit(page.final_url).hostname or "").removeprefix("www.")
    meta = ArticleMeta(outlet=outlet.strip() or article.outlet or host, url=article.url or page.final_url,
                       title=article.title, published=article.published, byline=article.byline)
    stem = slug(meta.outlet or host)
    name = free_name(folder, stem, ".txt")
    archive = f"{ARCHIVE_FOLDER}/{free_name(folder / ARCHIVE_FOLDER, stem, '.' + page.source_format)}"
    fetched = Provenance(
        requested_url=page.requested_url, final_url=page.final_url, status=page.status,
        fetched_at=page.fetched_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), sha256=page.sha256,
        archive=archive, size=len(page.body), content_type=page.content_type, redirects=page.redirects)
    try:
        (folder / ARCHIVE_FOLDER).mkdir(exist_ok=True)
        _write_exclusive(folder / archive, page.body)
    except OSError as err:
        raise AddError(f"cannot write the archived page into {folder}: {err.strerror or err}") from None
    try:
        _write_new(folder, name, article.text.encode("utf-8"), meta, fetched)
    except AddError:
        (folder / archive).unlink(missing_ok=True)
        raise
    return AddedArticle(name, article, archive)


def slug(text: str) -> str:
    """A file-name stem from an outlet or host name: ``The Daily Example`` -> ``the-daily-example``."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    stem = re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower()[:60].strip("-")
    return stem or "article"


def free_name(folder: Path, stem: str, suffix: str) -> str:
    """``stem + suffix``, or ``stem-2 + suffix``... whichever no file in ``folder`` has (case-insensitively)."""
    try:
        taken = {p.name.casefold() for p in folder.iterdir()}
    except OSError:
        taken = set()
    n = 1
    while True:
        name = f"{stem}{'' if n == 1 else f'-{n}'}{suffix}"
        if name.casefold() not in taken:
            return name
        n += 1


def _case_folder(case_dir: str | os.PathLike[str]) -> Path:
    folder = Path(case_dir)
    if not folder.is_dir():
        raise AddError(f"case folder not found: {folder}")
    return folder


def _checked(what: str, data: bytes, source_format: str) -> Article:
    try:
        article = article_from_bytes(what, data, source_format)
    except ArticleError as err:
        raise AddError(str(err)) from None
    if len(article.text.split()) < 3:
        raise AddError(f"{what}: no article text")
    return article


def _write_new(folder: Path, name: str, data: bytes, meta: ArticleMeta | None,
               fetched: Provenance | None = None) -> None:
    """Write a new article file and its manifest entry, or neither."""
    path = folder / name
    try:
        _write_exclusive(path, data)
    except FileExistsError:
        raise AddError(f"{name} appeared in the case meanwhile; try again") from None
    except OSError as err:
        raise AddError(f"cannot write {path}: {err.strerror or err}") from None
    if meta is None and fetched is None:
        return
    try:
        update_article(folder, name, meta, fetched)
    except ManifestError as err:
        path.unlink(missing_ok=True)
        raise AddError(f"{err}; the article was not added") from None


def _write_exclusive(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all, never over an existing file."""
    fd, tmp = tempfile.mkstemp(prefix=".adding-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        try:
            os.link(tmp, path)  # fails if the name was taken meanwhile
        except FileExistsError:
            raise
        except OSError:  # a file system without hard links
            with open(path, "xb") as out:
                out.write(data)
    finally:
        Path(tmp).unlink(missing_ok=True)
