"""Where the verdict log lives by default: a local file, or a newsroom's shared server."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "factdesk.sqlite3"
SERVER_SCHEMES = ("postgresql://", "postgres://")


def is_server_url(target: object) -> bool:
    """True for a PostgreSQL URL (``postgresql://user@host/db``), the shared log on a server."""
    return isinstance(target, str) and target.strip().lower().startswith(SERVER_SCHEMES)


def default_db_path() -> Path:
    """The local log: ``$FACTDESK_DB`` (a file), else ``$FACTDESK_HOME/factdesk.sqlite3``, else the user data folder's.

    The user data folder is platformdirs' (``~/.local/share/factdesk`` on Linux,
    ``~/Library/Application Support/factdesk`` on macOS, ``%LOCALAPPDATA%\\factdesk`` on Windows).
    When ``$FACTDESK_DB`` names a server, this is the server's offline copy.
    """
    db = os.environ.get("FACTDESK_DB", "").strip()
    if db and not is_server_url(db):
        return Path(db).expanduser()
    home = os.environ.get("FACTDESK_HOME", "").strip()
    if home:
        return Path(home).expanduser() / DB_FILENAME
    return platformdirs.user_data_path("factdesk", appauthor=False) / DB_FILENAME


def default_log_target() -> str | Path:
    """``$FACTDESK_DB`` when it is a server URL, else :func:`default_db_path`."""
    db = os.environ.get("FACTDESK_DB", "").strip()
    return db if is_server_url(db) else default_db_path()
