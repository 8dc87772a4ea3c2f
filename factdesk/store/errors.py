"""What can go wrong with the verdict log, as one-line messages for the user.

Every public call of :mod:`factdesk.store` raises a :class:`StoreError` (or a
subclass) instead of a raw :mod:`sqlite3` exception, so the window can show the
message and keep the verdict pending, and the CLI can print it and exit 1.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

# Primary SQLite result codes (https://www.sqlite.org/rescode.html).
_SQLITE_PERM = 3
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_CORRUPT = 11
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14
_SQLITE_CONSTRAINT = 19
_SQLITE_NOTADB = 26


class StoreError(Exception):
    """The verdict log cannot do what was asked; ``str(error)`` is a one-line message."""


class DatabaseLocked(StoreError):
    """Another program held the log's write lock longer than the timeout. Nothing was written."""


class DatabaseCorrupt(StoreError):
    """The file at the log's path is not a usable verdict log. It is never modified."""


class ForeignDatabase(DatabaseCorrupt):
    """An SQLite database of some other program sits at the log's path. It is never modified."""


class SchemaTooNew(StoreError):
    """The log was written by a newer factdesk with schema steps this version does not know."""


class DatabaseReadOnly(StoreError):
    """The log (or its folder) cannot be written."""


class DatabaseMissing(StoreError):
    """A read-only open found no log at the path."""


class ChainBroken(StoreError):
    """The hash chain or the append-only rule was violated."""


class ImportRefused(StoreError):
    """An exported log cannot be merged; nothing was imported."""


class InvalidVerdict(StoreError, ValueError):
    """A verdict lacks a case, fingerprint or editor, or has an unknown state."""


def _folder_writable(path: Path) -> bool:
    return os.access(path.parent, os.W_OK)


def translate(exc: sqlite3.Error, path: Path, doing: str) -> StoreError:
    """Turn a :mod:`sqlite3` exception met while ``doing`` something into a :class:`StoreError`."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    detail = str(exc) or type(exc).__name__
    if code in (_SQLITE_BUSY, _SQLITE_LOCKED):
        return DatabaseLocked(
            f"the verdict log {path} is locked by another program; {doing} did not happen — try again"
        )
    if code in (_SQLITE_CORRUPT, _SQLITE_NOTADB):
        return DatabaseCorrupt(
            f"the verdict log {path} is damaged ({detail}); it was left untouched — "
            "restore it from a backup or choose another file with --db"
        )
    if code in (_SQLITE_READONLY, _SQLITE_PERM):
        return DatabaseReadOnly(f"the verdict log {path} is read-only; {doing} is not possible ({detail})")
    if code == _SQLITE_CANTOPEN:
        if not _folder_writable(path):
            return DatabaseReadOnly(
                f"cannot open the verdict log {path}: its folder is read-only "
                "(SQLite needs to create journal files next to it)"
            )
        return StoreError(f"cannot open the verdict log {path} ({detail})")
    if code == _SQLITE_FULL:
        return StoreError(f"the disk holding the verdict log {path} is full; {doing} did not happen")
    if code == _SQLITE_IOERR:
        return StoreError(f"input/output error on the verdict log {path}; {doing} did not happen ({detail})")
    if code == _SQLITE_CONSTRAINT:
        return ChainBroken(f"the verdict log {path} refused the write: {detail}")
    return StoreError(f"verdict log {path}: {doing} failed ({detail})")
