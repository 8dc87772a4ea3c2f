"""What goes wrong with the shared log's server, as one-line messages.

:class:`ServerUnreachable` is the one the offline-first log acts on: the server
is down, restarting, or the connection dropped during a transaction. Whatever
was being written is then kept in the local log, unsent, and sent later by its
content uid (so a write that did reach the server before the line dropped is
not stored twice). Everything else (a wrong password, a read-only role, a
missing database) is a :class:`StoreError` to show the user: retrying would not help.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import errors as pg_errors

from factdesk.store.errors import ChainBroken, DatabaseReadOnly, StoreError


class ServerUnreachable(StoreError):
    """The shared log's server cannot be reached now (down, restarting, connection lost)."""


class ServerRefused(StoreError):
    """The server answered but will not let us in: wrong password, unknown role or database."""


def redact(url: str) -> str:
    """``url`` without its password, fit for a message."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "the shared log"
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    line = text.splitlines()[0].strip()
    return line.removeprefix("FATAL:").removeprefix("ERROR:").strip()


_UNREACHABLE = (
    pg_errors.AdminShutdown,
    pg_errors.CrashShutdown,
    pg_errors.CannotConnectNow,
    pg_errors.ConnectionException,
    pg_errors.IdleInTransactionSessionTimeout,
)


def translate_connect(exc: psycopg.Error, label: str) -> StoreError:
    """A failure to open a connection to the server at ``label``."""
    detail = first_line(exc)
    low = detail.lower()
    if "password authentication failed" in low or "no password supplied" in low:
        found = re.search(r'for user "([^"]*)"', str(exc))
        user = found.group(1) if found else "this role"
        return ServerRefused(
            f"the shared verdict log {label} refused the password of {user}: "
            "check the password in the URL, $PGPASSWORD or ~/.pgpass"
        )
    if "does not exist" in low or "no pg_hba.conf entry" in low or "permission denied" in low:
        return ServerRefused(f"the shared verdict log {label} refused the connection: {detail}")
    if isinstance(exc, psycopg.ProgrammingError):  # a malformed URL
        return ServerRefused(f"{label} is not a usable PostgreSQL address: {detail}")
    return ServerUnreachable(f"cannot reach the shared verdict log {label}: {detail}")


def translate(exc: psycopg.Error, label: str, doing: str, role: str) -> StoreError:
    """A failure while ``doing`` something on an open connection."""
    detail = first_line(exc)
    if isinstance(exc, pg_errors.InsufficientPrivilege):
        return DatabaseReadOnly(
            f"the role {role} may only read the shared verdict log {label}; {doing} did not happen "
            "(ask the newsroom's administrator for the factdesk_editor role)"
        )
    if isinstance(exc, pg_errors.ReadOnlySqlTransaction):
        return DatabaseReadOnly(f"the server of {label} is read-only (a standby?); {doing} did not happen")
    if isinstance(exc, pg_errors.RaiseException):
        return ChainBroken(f"the shared verdict log {label} refused the write: {detail}")
    if isinstance(exc, (_UNREACHABLE, psycopg.OperationalError)):
        return ServerUnreachable(f"lost the connection to the shared verdict log {label} while {doing}: {detail}")
    return StoreError(f"shared verdict log {label}: {doing} failed ({detail})")
