"""Read a case: a folder (or a list of files and folders) of articles -> :class:`factdesk.model.Case`.

Each ``.txt``, ``.md``/``.markdown`` and ``.html``/``.htm`` file is one article.
``gold.json``, the case manifest ``case.toml``, sub-folders (the ``archive/`` of fetched
pages among them), hidden files and a few system files are skipped silently; other
files are skipped with a note in ``Case.warnings``, as are binary, empty,
undecodable or unreadable files.  Articles are sorted by file name (numbers in
names compare as numbers: a2 before a10).

Offsets index ``Article.text``: for ``.txt`` and ``.md`` that is the file as
read with ``open(p, encoding="utf-8", newline="")`` (minus a UTF-8 byte order
mark, which is removed); for HTML it is the text extracted from the page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from factdesk.case.boilerplate import find_boilerplate, merge_spans
from factdesk.case.dateline import find_publication_date
from factdesk.case.decoding import INFORMATIONAL_NOTES, NotTextError, declared_html_charset, decode_article_bytes
from factdesk.case.headline import content_lines, headline_end, make_title
from factdesk.case.html_text import extract_html, read_metadata
from factdesk.case.manifest import MANIFEST_NAME, ManifestError, read_manifest
from factdesk.case.markdown_text import analyse_markdown, strip_inline_markup
from factdesk.case.metadata import ArticleMeta, header_block, page_metadata, published_date, with_metadata
from factdesk.case.runaway import (
    head_end,
    left_out_from,
    reading_limits,
    runaway_spans,
    text_size,
    within_case_budget,
)
from factdesk.case.textlines import split_lines
from factdesk.model import Article, Case

ARTICLE_FORMATS: dict[str, str] = {
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
}
# The most articles one case compares. The aligner (factdesk/text/align.py) ignores a blocking
# key shared by more than 400 mentions, so a fact every article states twice must stay under it.
MAX_ARTICLES = 200
SILENTLY_SKIPPED = frozenset({"gold.json", MANIFEST_NAME, "thumbs.db", "desktop.ini"})
ARTICLE_KINDS = ".txt, .md, .html"

PathLike = str | os.PathLike[str]


class CaseError(Exception):
    """A case cannot be opened: missing folder or file, no articles, nothing readable."""


class ArticleError(CaseError):
    """One file cannot be read as an article (binary, undecodable, unreadable, empty)."""


def load_case(source: PathLike | Iterable[PathLike]) -> Case:
    """Read a case folder, one article file, or a list of files and folders."""
    sources = [Path(source)] if isinstance(source, str | os.PathLike) else [Path(s) for s in source]
    if not sources:
        raise CaseError("no files or folders given")
    warnings: list[str] = []
    files: list[Path] = []
    kinds = [_path_kind(src) for src in sources]
    for src, kind in zip(sources, kinds, strict=True):
        if kind == "folder":
            files.extend(_folder_articles(src, warnings))
        elif kind == "file":
            if _is_article_file(src, warnings, explicit=True):
                files.append(src)
        elif kind == "other":
            warnings.append(f"ignored {src.name}: not a regular file")
        else:
            raise CaseError(f"{'case folder' if not src.suffix else 'file'} not found: {src}")
    folder = sources[0] if kinds == ["folder"] else None
    where = str(folder) if folder else ", ".join(str(s) for s in sources)
    if not files:
        raise CaseError(f"no articles ({ARTICLE_KINDS}) in {where}")
    files = _within_the_maximum(files, warnings)
    texts: list[tuple[Path, ArticleText | ArticleError]] = []
    for path, name in _unique_names(files, warnings):
        try:
            texts.append((path, read_article_text(path, name=name)))
        except ArticleError as err:
            texts.append((path, err))
    # in a case over its budget, a long article's junk, headline and date are looked for in its head only
    limits = iter(reading_limits([text_size(t.text) for _, t in texts if isinstance(t, ArticleText)]))
    articles: list[Article] = []
    unreadable: list[str] = []  # "a.txt: permission denied"
    manifests: dict[Path, dict[str, ArticleMeta]] = {}
    for path, text in texts:
        if isinstance(text, ArticleError):
            warnings.append(f"skipped {text}")
            unreadable.append(str(text))
            continue
        article = _with_manifest(article_from_article_text(text, read_up_to=next(limits)), path, manifests,
                                 warnings)
        articles.append(article)
        warnings.extend(f"{article.file}: {w}" for w in article.warnings if w not in INFORMATIONAL_NOTES)
    if not articles:
        raise CaseError(f"no readable articles in {where} ({'; '.join(unreadable)})")
    articles.sort(key=lambda a: natural_key(a.file))
    articles, over_budget = within_case_budget(articles)
    warnings.extend(over_budget)
    return Case(
        name=_case_name(folder, files),
        path=str(folder) if folder else "",
        articles=tuple(articles),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class ArticleText:
    """An article file's text as decoded (a page's as extracted), before its junk, headline and date are found."""

    name: str
    text: str  # what offsets index
    source_format: str  # txt, md or html
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()  # the decoding's, then the page extraction's
    title: str = ""  # a page's title
    date: dt.date | None = None  # a page's date
    meta: ArticleMeta = field(default_factory=ArticleMeta)  # a page's metadata


def read_article(path: PathLike, *, name: str | None = None) -> Article:
    """Read one article file.  Raises :class:`ArticleError` (a :class:`CaseError`) naming the file."""
    return article_from_article_text(read_article_text(path, name=name))


def read_article_text(path: PathLike, *, name: str | None = None) -> ArticleText:
    """Read and decode one article file (:class:`ArticleError` naming the file when it cannot be)."""
    p = Path(path)
    name = name or p.name
    fmt = ARTICLE_FORMATS.get(p.suffix.lower(), "txt")
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ArticleError(f"{name}: file not found") from None
    except PermissionError:
        raise ArticleError(f"{name}: permission denied") from None
    except IsADirectoryError:
        raise ArticleError(f"{name}: is a folder") from None
    except OSError as err:
        raise ArticleError(f"{name}: cannot read ({err.strerror or err})") from None
    return article_text_from_bytes(name, data, fmt)


def article_from_bytes(name: str, data: bytes, source_format: str = "txt") -> Article:
    """Decode and analyse one article's bytes (``source_format``: txt, md or html)."""
    return article_from_article_text(article_text_from_bytes(name, data, source_format))


def article_text_from_bytes(name: str, data: bytes, source_format: str = "txt") -> ArticleText:
    """Decode one article's bytes (and extract a page's text); :class:`ArticleError` when there is none."""
    charset = declared_html_charset(data) if source_format == "html" else None
    try:
        decoded = decode_article_bytes(data, declared_charset=charset)
    except NotTextError as err:
        raise ArticleError(f"{name}: {err}") from None
    if not decoded.text.strip():
        raise ArticleError(f"{name}: empty file")
    text = article_text(name, decoded.text, source_format)
    if source_format == "html" and not text.text.strip():
        raise ArticleError(f"{name}: no article text found in the page")
    return replace(text, encoding=decoded.encoding, warnings=decoded.warnings + text.warnings)


def article_text(name: str, text: str, source_format: str = "txt") -> ArticleText:
    """Decoded text as an :class:`ArticleText`; for ``html`` the text is a page's HTML, and its text is extracted."""
    if source_format != "html":
        return ArticleText(name, text, source_format)
    found = read_metadata(text)  # the outlet's, the title's and the date's: read once
    meta = page_metadata(text, found)
    page = extract_html(text, found)
    return ArticleText(name, page.text, source_format, warnings=page.warnings, title=page.title, date=page.date,
                       meta=meta)


def article_from_text(name: str, text: str, source_format: str = "txt") -> Article:
    """Build an article from decoded text: junk spans, title, headline area and date.

    For ``html`` the text is a page's HTML and the article text is what is extracted from it.
    """
    return article_from_article_text(article_text(name, text, source_format))


def article_from_article_text(source: ArticleText, *, read_up_to: int | None = None) -> Article:
    """The article: its text with the junk spans, title, headline area and date found in it.

    With ``read_up_to`` they are looked for in the head of the text holding that many characters
    outside runaway runs (to a line's end); the rest is left out as over the case's budget.
    """
    text, fmt, title, date, warnings = source.text, source.source_format, source.title, source.date, source.warnings
    head = head_end(text, read_up_to) if read_up_to is not None else None
    lines = split_lines(text if head is None else text[:head])
    ignored = find_boilerplate(text, lines)
    runaway, runaway_notes = runaway_spans(text if head is None else text[:head], lines)
    if runaway:
        ignored = merge_spans(runaway, ignored)
        warnings = (*warnings, *runaway_notes)
    meta = source.meta
    if fmt != "html":
        header = header_block(lines, fmt)
        meta = header.meta
        if header.span is not None:
            ignored = merge_spans((header.span,), ignored)
    heading_line = None
    if fmt == "md":
        md = analyse_markdown(lines)
        ignored = merge_spans(md.ignored, ignored)
        title, heading_line, date = md.title, md.title_line, md.date
    content = content_lines(lines, ignored)
    first_is_heading = bool(content) and heading_line is not None and content[0].index == heading_line
    if not title:
        first = content[0] if content else next((ln for ln in lines if not ln.blank), None)
        title = first.stripped if first else ""
        if fmt == "md":
            title = strip_inline_markup(title)
    if head is not None:
        ignored = left_out_from(ignored, head, len(text))
    article = Article(
        file=source.name,
        text=text,
        title=make_title(title),
        date=find_publication_date(text) or date or published_date(meta.published),
        source_format=fmt,
        encoding=source.encoding,
        ignored=ignored,
        headline_end=headline_end(content, first_is_heading=first_is_heading),
        warnings=warnings,
    )
    return with_metadata(article, replace(meta, title=""))  # the headline stays the one found in the text


def _with_manifest(article: Article, path: Path, manifests: dict[Path, dict[str, ArticleMeta]],
                   warnings: list[str]) -> Article:
    """The article with what the case manifest beside its file says (the manifest wins over the file)."""
    folder = path.parent
    if folder not in manifests:
        try:
            manifests[folder] = {name: e.meta for name, e in read_manifest(folder).items()}
        except ManifestError as err:
            warnings.append(f"{err}; the articles' outlets and dates come from their files")
            manifests[folder] = {}
    meta = manifests[folder].get(path.name)
    if not meta:
        return article
    article = with_metadata(article, meta)
    anchor = find_publication_date(article.text)  # a dateline anchors relative dates before the publication date
    return replace(article, date=anchor or published_date(article.published) or article.date)


def natural_key(name: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that compares the numbers inside names as numbers (a2 < a10)."""
    return tuple(
        (0, int(part)) if part.isdigit() else (1, part.casefold()) for part in _DIGITS.split(name) if part
    )


_DIGITS = re.compile(r"(\d+)")


def _path_kind(path: Path) -> str | None:
    """What the path is: folder, file (a regular one), other (a pipe, a device...) or None if missing."""
    try:
        st = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return None
    except PermissionError:
        raise CaseError(f"cannot open {path}: permission denied") from None
    except OSError as err:
        raise CaseError(f"cannot open {path}: {err.strerror or err}") from None
    if stat.S_ISDIR(st.st_mode):
        return "folder"
    return "file" if stat.S_ISREG(st.st_mode) else "other"


def _within_the_maximum(files: list[Path], warnings: list[str]) -> list[Path]:
    """The first :data:`MAX_ARTICLES` files (in name order), with a warning naming the rest."""
    if len(files) <= MAX_ARTICLES:
        return files
    ordered = sorted(files, key=lambda p: natural_key(p.name))
    kept, cut = ordered[:MAX_ARTICLES], ordered[MAX_ARTICLES:]
    warnings.append(
        f"the case has {len(files)} articles; factdesk compares at most {MAX_ARTICLES}: "
        f"left out the last {len(cut)} by name ({cut[0].name} … {cut[-1].name})"
    )
    return kept


def _folder_articles(folder: Path, warnings: list[str]) -> list[Path]:
    try:
        entries = sorted(folder.iterdir(), key=lambda p: natural_key(p.name))
        inside = folder.resolve()
    except PermissionError:
        raise CaseError(f"cannot open case folder {folder}: permission denied") from None
    except OSError as err:
        raise CaseError(f"cannot open case folder {folder}: {err.strerror or err}") from None
    return [
        p for p in entries if _is_article_file(p, warnings, explicit=False) and _stays_inside(p, inside, warnings)
    ]


def _stays_inside(path: Path, folder: Path, warnings: list[str]) -> bool:
    """False, with a note, for a link that leads out of the case folder (``ln -s /etc/passwd x.txt``)."""
    if not path.is_symlink():
        return True
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):  # a looping link (a broken one is no file: skipped before)
        warnings.append(f"skipped {path.name}: a link that leads nowhere")
        return False
    if target.is_relative_to(folder):
        return True
    warnings.append(f"skipped {path.name}: a link to a file outside the case folder")
    return False


def _is_article_file(path: Path, warnings: list[str], *, explicit: bool) -> bool:
    name = path.name
    if name.startswith(".") or name.casefold() in SILENTLY_SKIPPED or name.endswith("~"):
        return False
    if not explicit and not path.is_file():
        return False  # sub-folders, sockets...
    if path.suffix.lower() in ARTICLE_FORMATS:
        return True
    warnings.append(f"ignored {name}: not an article file ({ARTICLE_KINDS})")
    return False


def _unique_names(files: list[Path], warnings: list[str]) -> list[tuple[Path, str]]:
    """Each file with the name that identifies its article; a clash keeps the parent folder in the name."""
    out: list[tuple[Path, str]] = []
    seen_paths: set[Path] = set()
    names: set[str] = set()
    for path in files:
        resolved = path.resolve()
        if resolved in seen_paths:
            continue
        seen_paths.add(resolved)
        name = path.name
        if name in names:
            name = f"{path.parent.name}/{path.name}"
            warnings.append(f"two articles are named {path.name}; the one in {path.parent} is called {name}")
        names.add(name)
        out.append((path, name))
    return out


def _case_name(folder: Path | None, files: list[Path]) -> str:
    if folder is not None:
        return folder.resolve().name or str(folder)
    parents = {p.resolve().parent for p in files}
    if len(parents) == 1:
        return parents.pop().name
    return f"{len(files)} files"
