"""Where the verdict log lives by default."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "factdesk.sqlite3"


def default_db_path() -> Path:
    """``$FACTDESK_DB``, else ``$FACTDESK_HOME/factdesk.sqlite3``, else the user data folder's one.

    The user data folder is platformdirs' (``~/.local/share/factdesk`` on Linux,
    ``~/Library/Application Support/factdesk`` on macOS, ``%LOCALAPPDATA%\\factdesk`` on Windows).
    """
    db = os.environ.get("FACTDESK_DB", "").strip()
    if db:
        return Path(db).expanduser()
    home = os.environ.get("FACTDESK_HOME", "").strip()
    if home:
        return Path(home).expanduser() / DB_FILENAME
    return platformdirs.user_data_path("factdesk", appauthor=False) / DB_FILENAME
