"""The verdict log: who decided what, when, and on which wording.

An append-only, hash-chained SQLite log (through sqlite-utils) shared by the
window, the sheet and the CLI. Never imports Qt.

    with VerdictLog() as log:
        log.record_case(case)
        log.record(Verdict(case_key(case), claim.fingerprint, "ann", VerdictState.VERIFIED,
                           snapshot=snapshot(claim), claim_id=claim.id))
        current = log.latest(case_key(case))  # fingerprint -> editor -> Verdict

``open_log("postgresql://ann@db/factdesk")`` opens a newsroom's shared log on
PostgreSQL instead (:mod:`factdesk.store.server`, the ``server`` extra), with the
local log as its offline copy.
"""

from factdesk.store.claims import case_key, is_stale, snapshot
from factdesk.store.errors import (
    ChainBroken,
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseMissing,
    DatabaseReadOnly,
    ForeignDatabase,
    ImportRefused,
    InvalidVerdict,
    SchemaTooNew,
    StoreError,
)
from factdesk.store.exchange import ImportReport
from factdesk.store.log import VerdictLog
from factdesk.store.paths import default_db_path, default_log_target, is_server_url
from factdesk.store.rows import dated_in_future
from factdesk.store.targets import open_log
from factdesk.store.verify import VerifyReport

__all__ = [
    "ChainBroken",
    "DatabaseCorrupt",
    "DatabaseLocked",
    "DatabaseMissing",
    "DatabaseReadOnly",
    "ForeignDatabase",
    "ImportRefused",
    "ImportReport",
    "InvalidVerdict",
    "SchemaTooNew",
    "StoreError",
    "VerdictLog",
    "VerifyReport",
    "case_key",
    "dated_in_future",
    "default_db_path",
    "default_log_target",
    "is_server_url",
    "is_stale",
    "open_log",
    "snapshot",
]
