"""The parse cache: what the analysis read in one article, kept on disk so a reopen need not parse it again.

One file per entry, named by its key (a SHA-256 that :mod:`factdesk.text.reading` derives from the
article's text and everything else the mentions depend on).  An entry is written to a private
temporary file and renamed into place, so a reader -- in this process or another one opening the
same case at the same time -- sees a whole entry or none.  Each entry carries its key and a
checksum of its contents: a truncated, corrupt or foreign file is dropped and read again, never an
error.  The folder is kept under a size limit, least recently used entries out first (a hit
refreshes an entry's time).  The cache only ever saves time: when its folder cannot be written,
the analysis runs without it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAGIC = b"factdesk parse cache 1\n"
SUFFIX = ".entry"
DEFAULT_LIMIT_MB = 500
LIMIT_VARIABLE = "FACTDESK_CACHE_MB"  # the size limit in MB, instead of DEFAULT_LIMIT_MB
STALE_TEMPORARY_S = 3600  # a temporary file this old was left by a process that died while writing
_DIGEST = 32


def default_folder() -> Path:
    """``<user cache dir>/factdesk/parses``; on Linux the user cache dir is ``$XDG_CACHE_HOME`` or ``~/.cache``."""
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("factdesk", appauthor=False)) / "parses"


def default_limit() -> int:
    """The size limit in bytes: ``$FACTDESK_CACHE_MB`` megabytes when set to a number, else 500 MB."""
    try:
        mb = float(os.environ.get(LIMIT_VARIABLE, DEFAULT_LIMIT_MB))
    except ValueError:
        mb = DEFAULT_LIMIT_MB
    return int(max(mb, 0) * 1024 * 1024)


@dataclass(frozen=True)
class CacheInfo:
    folder: Path
    entries: int
    size: int  # bytes
    limit: int  # bytes

    def describe(self) -> str:
        """One line: where, how many articles, how much of the limit."""
        articles = f"{self.entries} article{'s' if self.entries != 1 else ''}"
        return f"{self.folder} ({articles}, {megabytes(self.size)} of {megabytes(self.limit)})"


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


class ParseCache:
    """A folder of cache entries, each a pickled value under a key; at most ``limit`` bytes in all."""

    def __init__(self, folder: Path | str, limit: int | None = None):
        self.folder = Path(folder)
        self.limit = default_limit() if limit is None else limit

    @classmethod
    def default(cls) -> ParseCache:
        return cls(default_folder())

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def load(self, key: str, accept: Callable[[object], bool] = lambda _value: True) -> object | None:
        """The value saved under ``key``, or None when there is none or it cannot be trusted (then it is removed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        value = _decode(data, key)
        if value is None or not accept(value):
            with contextlib.suppress(OSError):
                path.unlink()
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: the last to be evicted
        return value

    def save(self, key: str, value: object) -> bool:
        """Save ``value`` under ``key``; False when the folder cannot be written (the analysis goes on without)."""
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        data = MAGIC + key.encode("ascii") + b"\n" + hashlib.sha256(payload).digest() + payload
        tmp = self.folder / f".{key}.{os.getpid()}.{os.urandom(4).hex()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
            os.replace(tmp, self.path(key))
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink()
            return False
        return True

    def _entries(self) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(self.folder) as it:
                return [e for e in it if e.name.endswith(SUFFIX) and e.is_file(follow_symlinks=False)]
        except OSError:
            return []

    def trim(self) -> int:
        """Remove the least recently used entries until the folder is within the limit; how many were removed."""
        now = time.time()
        sized = []
        for entry in self._entries():
            with contextlib.suppress(OSError):
                st = entry.stat(follow_symlinks=False)
                sized.append((st.st_mtime, entry.name, st.st_size))
        self._remove_stale_temporaries(now)
        total = sum(size for _, _, size in sized)
        removed = 0
        for _, name, size in sorted(sized):
            if total <= self.limit:
                break
            with contextlib.suppress(FileNotFoundError):  # another process may have removed it first
                (self.folder / name).unlink()
                removed += 1
            total -= size
        return removed

    def _remove_stale_temporaries(self, now: float) -> None:
        try:
            with os.scandir(self.folder) as it:
                stale = [e.path for e in it if e.name.endswith(".tmp")
                         and now - e.stat(follow_symlinks=False).st_mtime > STALE_TEMPORARY_S]
        except OSError:
            return
        for path in stale:
            with contextlib.suppress(OSError):
                os.unlink(path)

    def info(self) -> CacheInfo:
        sizes = []
        for entry in self._entries():
            with contextlib.suppress(OSError):
                sizes.append(entry.stat(follow_symlinks=False).st_size)
        return CacheInfo(self.folder, len(sizes), sum(sizes), self.limit)

    def clear(self) -> CacheInfo:
        """Remove every entry; returns what was there."""
        before = self.info()
        for entry in self._entries():
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        self._remove_stale_temporaries(float("inf"))
        return before


def _decode(data: bytes, key: str) -> object | None:
    """The value of an entry's bytes, or None unless they are a whole entry written for ``key``."""
    head = MAGIC + key.encode("ascii") + b"\n"
    if not data.startswith(head) or len(data) < len(head) + _DIGEST:
        return None
    digest, payload = data[len(head):len(head) + _DIGEST], data[len(head) + _DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        return None
    try:
        return pickle.loads(payload)
    except Exception:  # a class renamed or removed since: not an error, a miss
        return None
