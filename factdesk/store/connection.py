"""Opening the log's SQLite file safely, and write transactions.

A file that is not an SQLite database is never handed to SQLite (which would
happily write over an empty-looking file): the header is checked first, and an
existing file is opened in ``rw`` mode so SQLite never creates or truncates it.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager, suppress
from pathlib import Path

import sqlite_utils

from factdesk.store.errors import DatabaseCorrupt, DatabaseMissing, DatabaseReadOnly, StoreError, translate
from factdesk.store.schema import apply_pending

SQLITE_HEADER = b"SQLite format 3\x00"


def check_file(path: Path) -> bool:
    """True when ``path`` exists and holds an SQLite database (or is empty); raise if it is something else."""
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError as exc:
        raise StoreError(f"cannot open the verdict log {path}: {exc.strerror or exc}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise StoreError(
            f"{path} is a folder; the verdict log must be a file — choose another path with --db"
        )
    if not stat.S_ISREG(info.st_mode):  # a FIFO would block the open below for ever
        raise StoreError(
            f"{path} is not a plain file (a pipe or a device); the verdict log must be a file — "
            "choose another path with --db"
        )
    if info.st_size == 0:
        # factdesk creates a log complete (see create_log_file): an empty one was cut short
        raise DatabaseCorrupt(
            f"the verdict log {path} is empty (0 bytes) — cut short by a full disk or a bad copy?; "
            "it was left untouched — restore it from a backup, or remove it to start a new log"
        )
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseReadOnly(f"cannot read the verdict log {path}: permission denied") from exc
    except OSError as exc:
        raise StoreError(f"cannot read the verdict log {path}: {exc.strerror or exc}") from exc
    if header and header != SQLITE_HEADER:
        raise DatabaseCorrupt(
            f"{path} is not a factdesk verdict log (not an SQLite database); it was left untouched — "
            "move it away or choose another file with --db"
        )
    return True


def prepare_new(path: Path) -> None:
    """Make sure the folder of a new log exists and can be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except PermissionError as exc:
        raise DatabaseReadOnly(f"cannot create the folder {path.parent} for the verdict log") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
    if not os.access(path.parent, os.W_OK):
        raise DatabaseReadOnly(f"cannot create the verdict log in {path.parent}: the folder is read-only")


def _check_writable(path: Path) -> None:
    if not os.access(path, os.W_OK):
        raise DatabaseReadOnly(f"the verdict log {path} is read-only; verdicts cannot be recorded")
    if not os.access(path.parent, os.W_OK):
        raise DatabaseReadOnly(
            f"the folder of the verdict log {path} is read-only; "
            "SQLite needs to create journal files next to the log"
        )


def _open(path: Path, mode: str, timeout: float) -> sqlite3.Connection:
    uri = f"{path.absolute().as_uri()}?mode={mode}"
    return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None, check_same_thread=False)


def connect(path: Path, timeout: float, readonly: bool = False) -> sqlite3.Connection:
    """Open (or create) the database with foreign keys and a busy timeout, changing nothing in it.

    The connection is in autocommit mode: callers group writes with :func:`immediate`.
    """
    exists = check_file(path)
    if readonly:
        if not exists:
            raise DatabaseMissing(f"no verdict log at {path} yet")
        mode = "ro"
    elif exists:
        _check_writable(path)
        mode = "rw"
    else:
        prepare_new(path)
        mode = "rwc"
    try:
        conn = _open(path, mode, timeout)
        if readonly and not os.access(path.parent, os.W_OK):
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                # A WAL log in a read-only folder: SQLite cannot create its shared-memory
                # file, but nobody can be writing there either.
                conn.close()
                conn = _open(path, "ro&immutable=1", timeout)
    except sqlite3.Error as exc:
        raise translate(exc, path, "opening the log") from exc
    try:
        # Fails fast with SQLITE_NOTADB on a damaged header, before anything is written.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path, "opening the log") from exc
    return conn


def create_log_file(path: Path) -> None:
    """Create a new, complete log at ``path`` if nothing is there, in one step.

    The schema is written into a temporary file beside ``path`` that is then linked
    into place (never over a file another process created meanwhile), so a log file
    is never seen half made and a 0-byte file at the path always means damage.
    """
    if os.path.lexists(path):
        return
    prepare_new(path)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".new", dir=path.parent)
    except OSError as exc:
        raise StoreError(f"cannot create the verdict log {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    tmp = Path(name)
    try:
        with closing(sqlite3.connect(tmp, isolation_level=None)) as conn:
            conn.execute("BEGIN IMMEDIATE")
            apply_pending(sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False))
            conn.execute("COMMIT")
        os.chmod(tmp, user_file_mode())
        with suppress(FileExistsError):  # another process made it first: use theirs
            os.link(tmp, path)
    except sqlite3.Error as exc:
        raise translate(exc, path, "creating the log") from exc
    except OSError as exc:
        raise StoreError(f"cannot create the verdict log {path}: {exc.strerror or exc}") from exc
    finally:
        with suppress(OSError):
            tmp.unlink()


def user_file_mode() -> int:
    """The mode a new file gets from the user's umask (what ``open()`` would give it)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def prepare_for_writing(conn: sqlite3.Connection, path: Path) -> None:
    """WAL journal and FULL sync: a verdict acknowledged is on disk.

    Called once the file is known to be a verdict log (or a new one): switching
    to WAL rewrites the file header.
    """
    try:
        if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
    except sqlite3.Error as exc:
        raise translate(exc, path, "opening the log") from exc


@contextmanager
def immediate(conn: sqlite3.Connection, path: Path, doing: str) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` ... ``COMMIT``: one writer at a time, so the chain stays linear.

    Rolls back on any error; SQLite errors become :class:`StoreError` subclasses.
    """
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise translate(exc, path, doing) from exc
    try:
        yield
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            with suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise translate(exc, path, doing) from exc
        raise
