"""The newsroom's shared verdict log on PostgreSQL (``pip install 'factdesk[server]'``).

:class:`ServerLog` is the server's log itself; :class:`SharedLog` is what the
window and ``factdesk verdict`` use: the server, with the local SQLite log as
its offline copy (see :mod:`factdesk.store.server.shared`). Needs psycopg 3.
"""

from factdesk.store.server.errors import ServerRefused, ServerUnreachable, redact
from factdesk.store.server.log import ServerLog
from factdesk.store.server.shared import LogStatus, SharedLog, SyncReport

__all__ = ["LogStatus", "ServerLog", "ServerRefused", "ServerUnreachable", "SharedLog", "SyncReport", "redact"]
