"""Opening the verdict log a user names: a local SQLite file or a shared PostgreSQL server."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from factdesk.store.errors import StoreError
from factdesk.store.log import VerdictLog
from factdesk.store.paths import default_db_path, default_log_target, is_server_url

if TYPE_CHECKING:
    from factdesk.store.server import ServerLog, SharedLog


def server_module() -> ModuleType:
    """:mod:`factdesk.store.server`, or a one-line error when psycopg is not installed."""
    try:
        import factdesk.store.server as server
    except ImportError as exc:
        raise StoreError(
            f"the shared PostgreSQL log needs psycopg 3 ({exc}): pip install 'factdesk[server]'"
        ) from None
    return server


def open_log(
    target: str | Path | None = None,
    *,
    readonly: bool = False,
    timeout: float = 5.0,
    local_path: str | Path | None = None,
    connect_in_background: bool = False,
) -> VerdictLog | ServerLog | SharedLog:
    """The log at ``target`` (default: ``$FACTDESK_DB``, see :func:`default_log_target`).

    A ``postgresql://`` URL opens the shared server: read-only opens read the
    server alone; otherwise a :class:`SharedLog` writes there, falling back on
    the local log at ``local_path`` (default :func:`default_db_path`) when offline;
    ``connect_in_background``: it connects only when its owner probes (the window's background check).
    """
    where = default_log_target() if target is None else target
    if is_server_url(where):
        server = server_module()
        if readonly:
            return server.ServerLog(str(where), readonly=True)
        return server.SharedLog(str(where), local_path or default_db_path(), timeout=timeout,
                                connect_in_background=connect_in_background)
    return VerdictLog(where, timeout, readonly=readonly)
