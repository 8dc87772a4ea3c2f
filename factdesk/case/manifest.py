"""The case manifest: ``case.toml`` in the case folder, one table per article.

It keeps what the files themselves do not say (or say wrongly): the outlet, URL,
headline, publication date and byline an editor set, and for an article fetched
from the web its provenance (requested and final URL, redirects, HTTP status,
fetch time in UTC, SHA-256 and place of the archived bytes)::

    [articles."reuters.html"]
    outlet = "Reuters"
    url = "https://www.reuters.com/..."
    published = "2024-05-03T09:30:00+00:00"

    [articles."reuters.html".fetched]
    requested_url = "https://reut.rs/abc"
    final_url = "https://www.reuters.com/..."
    status = 200
    fetched_at = "2024-05-04T10:12:00Z"
    sha256 = "…"
    archive = "archive/reuters.html"

The file is plain TOML, so a case folder stays self-contained and readable; keys
factdesk does not know are kept when it writes the file back.  Neither the manifest
nor the archive folder is ever read as an article (see :mod:`factdesk.case.folder`).
"""

from __future__ import annotations

import os
import tempfile
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from factdesk.case.metadata import ArticleMeta, normalise_published

MANIFEST_NAME = "case.toml"
ARCHIVE_FOLDER = "archive"
META_KEYS = tuple(f.name for f in fields(ArticleMeta))
_HEADER = "# factdesk case manifest: who published each article, where and when (edit freely; TOML)\n\n"


class ManifestError(Exception):
    """The manifest cannot be read or written (one line, naming the file)."""


@dataclass(frozen=True)
class Provenance:
    """How an article fetched from the web was fetched."""

    requested_url: str
    final_url: str
    status: int
    fetched_at: str  # ISO 8601 in UTC, ending in Z
    sha256: str  # of the archived bytes
    archive: str  # path of the archived bytes, relative to the case folder
    size: int = 0
    content_type: str = ""
    redirects: tuple[str, ...] = ()  # every URL visited before the final one, in order

    def as_toml(self) -> dict[str, Any]:
        out = {f.name: getattr(self, f.name) for f in fields(self)}
        out["redirects"] = list(self.redirects)
        return out

    @classmethod
    def from_toml(cls, raw: Mapping[str, Any]) -> Provenance | None:
        try:
            return cls(requested_url=str(raw["requested_url"]), final_url=str(raw.get("final_url", "")),
                       status=int(raw.get("status", 0)), fetched_at=str(raw.get("fetched_at", "")),
                       sha256=str(raw.get("sha256", "")), archive=str(raw.get("archive", "")),
                       size=int(raw.get("size", 0)), content_type=str(raw.get("content_type", "")),
                       redirects=tuple(str(u) for u in raw.get("redirects", ())))
        except (KeyError, TypeError, ValueError):
            return None


@dataclass(frozen=True)
class ManifestEntry:
    meta: ArticleMeta
    fetched: Provenance | None = None


def manifest_path(folder: str | os.PathLike[str]) -> Path:
    return Path(folder) / MANIFEST_NAME


def read_raw(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """The manifest as TOML data ({} when there is none).  Raises :class:`ManifestError`."""
    path = manifest_path(folder)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise ManifestError(f"cannot read {MANIFEST_NAME}: {err.strerror or err}") from None
    try:
        raw = tomllib.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestError(f"{MANIFEST_NAME} is not UTF-8 text") from None
    except tomllib.TOMLDecodeError as err:
        raise ManifestError(f"{MANIFEST_NAME} is not valid TOML ({err})") from None
    if not isinstance(raw.get("articles", {}), dict):
        raise ManifestError(f"{MANIFEST_NAME}: [articles] must be a table")
    return raw


def read_manifest(folder: str | os.PathLike[str]) -> dict[str, ManifestEntry]:
    """Each article's entry, by file name.  Raises :class:`ManifestError`."""
    out: dict[str, ManifestEntry] = {}
    for name, raw in read_raw(folder).get("articles", {}).items():
        if isinstance(raw, dict):
            out[str(name)] = entry_from_toml(raw)
    return out


def entry_from_toml(raw: Mapping[str, Any]) -> ManifestEntry:
    values = {k: " ".join(str(raw[k]).split()) for k in META_KEYS if isinstance(raw.get(k), str | int | float)}
    if "published" in values:
        values["published"] = normalise_published(values["published"]) or ""
    if hasattr(raw.get("published"), "isoformat"):  # a TOML date or date-time, unquoted
        values["published"] = normalise_published(raw["published"].isoformat())
    fetched = raw.get("fetched")
    return ManifestEntry(ArticleMeta(**values), Provenance.from_toml(fetched) if isinstance(fetched, dict) else None)


def update_article(folder: str | os.PathLike[str], file: str, meta: ArticleMeta | None = None,
                   fetched: Provenance | None = None) -> None:
    """Set ``file``'s metadata (all five fields: an empty one is removed) and/or provenance, keeping the rest."""
    raw = read_raw(folder)
    articles = raw.setdefault("articles", {})
    entry = articles.setdefault(file, {})
    if meta is not None:
        for key in META_KEYS:
            value = getattr(meta, key)
            if value:
                entry[key] = value
            else:
                entry.pop(key, None)
    if fetched is not None:
        entry["fetched"] = fetched.as_toml()
    if not entry:
        del articles[file]
    write_raw(folder, raw)


def remove_article(folder: str | os.PathLike[str], file: str) -> None:
    raw = read_raw(folder)
    if raw.get("articles", {}).pop(file, None) is not None:
        write_raw(folder, raw)


def write_raw(folder: str | os.PathLike[str], raw: dict[str, Any]) -> None:
    """Write the manifest atomically (a reader sees the old or the new file, never half of one)."""
    import tomli_w

    path = manifest_path(folder)
    text = _HEADER + tomli_w.dumps(raw)
    try:
        fd, tmp = tempfile.mkstemp(prefix=".case-", suffix=".toml.tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as err:
        raise ManifestError(f"cannot write {path}: {err.strerror or err}") from None
