"""`log backup`: a consistent copy of the log through SQLite's online backup API.

Copying ``factdesk.sqlite3`` with a file manager misses the verdicts still in
its ``-wal`` file (after a crash, or while the window is open). The online
backup reads the log as one consistent snapshot, whoever is writing, and the
copy is a single self-contained file (rollback journal, no ``-wal``), checked
(integrity and hash chain) before it replaces anything at the destination.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Callable, Iterable
from contextlib import closing, suppress
from pathlib import Path
from typing import IO

from factdesk.store.connection import user_file_mode
from factdesk.store.errors import StoreError
from factdesk.store.verify import VerifyReport, verify_database


def check_destination(dest: Path, replace: bool, what: str = "backup") -> None:
    """Refuse a destination that is a folder, a device, a FIFO or a link, or that exists without ``replace``."""
    try:
        info = dest.lstat()
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise StoreError(f"cannot write the {what} to {dest}: {exc.strerror or exc}") from exc
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise StoreError(f"{dest} is a symbolic link; the {what} is written only to a plain file")
        if stat.S_ISDIR(info.st_mode):
            raise StoreError(f"{dest} is a folder; give the {what} a file name")
        if not stat.S_ISREG(info.st_mode):
            raise StoreError(f"{dest} is not a plain file (a device or a pipe); the {what} was not written")
        if not replace:
            raise StoreError(f"{dest} already exists; use --force to replace it")
    folder = dest.parent
    if not folder.is_dir():
        raise StoreError(f"cannot write the {what}: the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise StoreError(f"cannot write the {what}: the folder {folder} is read-only")


def write_atomically_prepared(tmp: Path, dest: Path) -> None:
    """Give ``tmp`` the user's normal file mode, flush it to disk, and rename it over ``dest``."""
    os.chmod(tmp, user_file_mode())
    with open(tmp, "rb") as f:
        os.fsync(f.fileno())
    os.replace(tmp, dest)


def backup_database(conn: sqlite3.Connection, dest: Path, replace: bool = False,
                    known: Iterable[tuple[int, str]] = ()) -> VerifyReport:
    """Copy the open log behind ``conn`` to ``dest``; returns the check of the copy.

    ``known``: checkpoints of earlier sound verifications of the log (see :func:`verify_database`).

    The copy is written next to ``dest`` under a temporary name and renamed over
    it only once it verifies; a copy that does not verify is removed and
    reported (it would say the log itself is damaged).
    """
    dest = dest.expanduser()
    check_destination(dest, replace)
    fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as target:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            target.execute("BEGIN")
            report = verify_database(target, known)
            target.execute("COMMIT")
        if not report.ok:
            raise StoreError(f"the log itself is damaged ({report}); no backup was written — keep the log file")
        write_atomically_prepared(tmp, dest)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write the backup to {dest}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"cannot write the backup to {dest}: {exc.strerror or exc}") from exc
    finally:
        with suppress(OSError):
            tmp.unlink()
    return report


def write_file_atomically(dest: Path, write: Callable[[IO[str]], int], replace: bool, what: str) -> int:
    """Write text to ``dest`` through ``write`` as :func:`backup_database` writes a copy.

    Never over a link, device, FIFO or folder; into a temporary file beside ``dest``
    renamed over it once complete, with the user's normal file mode. Returns what
    ``write`` returns. A failure leaves ``dest`` as it was.
    """
    dest = dest.expanduser()
    check_destination(dest, replace, what)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".part", dir=dest.parent)
    except OSError as exc:
        raise StoreError(f"cannot write the {what} to {dest}: {exc.strerror or exc}") from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fp:
            result = write(fp)
        write_atomically_prepared(tmp, dest)
    except OSError as exc:
        raise StoreError(f"cannot write the {what} to {dest}: {exc.strerror or exc}") from exc
    finally:
        with suppress(OSError):
            tmp.unlink()
    return result
