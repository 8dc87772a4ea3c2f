"""The log's schema as a list of small named steps, each applied once and recorded.

To change the schema, append a new step to :data:`MIGRATIONS`; never edit or
reorder a released one. A log holding a step this version does not know was
written by a newer factdesk and is refused (:class:`SchemaTooNew`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from factdesk.store.chain import GENESIS
from factdesk.store.errors import ForeignDatabase, SchemaTooNew
from factdesk.store.outbox import create_unsent

MIGRATIONS_TABLE = "factdesk_migrations"
VERDICT_STATES = ("verified", "disputed", "unresolved", "retracted")
# an editor's correction of the machine's claims is a row of the same chain (see factdesk/corrections/)
CORRECTION_STATES = ("dismiss", "merge", "split", "add")


@dataclass(frozen=True)
class Migration:
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def create_cases(db: sqlite_utils.Database) -> None:
    db.create_table("cases", {"key": str, "path": str, "first_seen": str}, pk="key", not_null=["key"])


def create_articles(db: sqlite_utils.Database) -> None:
    db.create_table(
        "articles",
        {"case_key": str, "file": str, "text_hash": str, "chars": int, "title": str, "first_seen": str},
        pk=("case_key", "file", "text_hash"),
        foreign_keys=[("case_key", "cases", "key")],
        not_null=["case_key", "file", "text_hash"],
    )


VERDICT_COLUMNS = {
    "id": int,
    "case_key": str,
    "fingerprint": str,
    "editor": str,
    "verdict": str,
    "note": str,
    "correct_value": str,
    "source": str,
    "created": str,
    "app_version": str,
    "claim_id": str,
    "snapshot": str,
    "uid": str,
    "prev_hash": str,
    "hash": str,
}


def create_verdicts(db: sqlite_utils.Database) -> None:
    db.create_table(
        "verdicts",
        VERDICT_COLUMNS,
        pk="id",
        foreign_keys=[("case_key", "cases", "key")],
        not_null=list(VERDICT_COLUMNS),
    )
    table = db.table("verdicts")
    table.create_index(["uid"], unique=True)
    table.create_index(["case_key", "fingerprint", "editor", "created", "id"])


def create_log_head(db: sqlite_utils.Database) -> None:
    """One row: how many verdicts the chain holds and the last one's hash (detects a cut tail)."""
    db.create_table("log_head", {"id": int, "rows": int, "hash": str}, pk="id", not_null=["rows", "hash"])
    db.execute("INSERT INTO log_head (id, rows, hash) VALUES (1, 0, ?)", [GENESIS])


_STATES_SQL = ", ".join(f"'{s}'" for s in (*VERDICT_STATES, *CORRECTION_STATES))

# name -> SQL; `log verify` checks that each is still there, unchanged.
TRIGGERS: dict[str, str] = {
    "verdicts_no_update": """CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
BEGIN SELECT RAISE(ABORT, 'the factdesk verdict log is append-only: record a new verdict instead'); END""",
    "verdicts_no_delete": """CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
BEGIN SELECT RAISE(ABORT, 'the factdesk verdict log is append-only: verdicts cannot be deleted'); END""",
    "verdicts_known_state": f"""CREATE TRIGGER verdicts_known_state BEFORE INSERT ON verdicts
WHEN NEW.verdict NOT IN ({_STATES_SQL})
BEGIN SELECT RAISE(ABORT, 'unknown verdict state'); END""",
    "verdicts_extend_chain": """CREATE TRIGGER verdicts_extend_chain BEFORE INSERT ON verdicts
WHEN NEW.id IS NOT (SELECT rows + 1 FROM log_head WHERE id = 1)
  OR NEW.prev_hash IS NOT (SELECT hash FROM log_head WHERE id = 1)
BEGIN SELECT RAISE(ABORT, 'a verdict must extend the end of the hash chain'); END""",
    "verdicts_advance_head": """CREATE TRIGGER verdicts_advance_head AFTER INSERT ON verdicts
BEGIN UPDATE log_head SET rows = NEW.id, hash = NEW.hash WHERE id = 1; END""",
    "log_head_follows_chain": """CREATE TRIGGER log_head_follows_chain BEFORE UPDATE ON log_head
WHEN NEW.id IS NOT OLD.id OR NEW.rows IS NOT OLD.rows + 1
  OR NEW.hash IS NOT (SELECT hash FROM verdicts WHERE id = NEW.rows)
BEGIN SELECT RAISE(ABORT, 'the head of the verdict chain only moves with a new verdict'); END""",
    "log_head_no_delete": """CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head
BEGIN SELECT RAISE(ABORT, 'the head of the verdict chain cannot be deleted'); END""",
    "log_head_single_row": """CREATE TRIGGER log_head_single_row BEFORE INSERT ON log_head
WHEN (SELECT count(*) FROM log_head) > 0
BEGIN SELECT RAISE(ABORT, 'the verdict chain has one head'); END""",
}


def append_only_triggers(db: sqlite_utils.Database) -> None:
    for sql in TRIGGERS.values():
        db.execute(sql)


def corrections_in_the_log(db: sqlite_utils.Database) -> None:
    """Editors' corrections (dismiss, merge, split, add) join the verdicts in the one chain."""
    db.execute("DROP TRIGGER IF EXISTS verdicts_known_state")
    db.execute(TRIGGERS["verdicts_known_state"])


def add_signatures(db: sqlite_utils.Database) -> None:
    """Each entry's editor key and signature (empty on entries written before); the keys the log holds."""
    db.execute("ALTER TABLE verdicts ADD COLUMN signer_key TEXT NOT NULL DEFAULT ''")
    db.execute("ALTER TABLE verdicts ADD COLUMN signature TEXT NOT NULL DEFAULT ''")
    db.execute(EDITOR_KEYS_VIEW)


# The editors' public keys as the log records them, in the entries they signed.
EDITOR_KEYS_VIEW = """CREATE VIEW editor_keys AS
SELECT editor, signer_key AS public_key, min(id) AS first_row, count(*) AS entries
FROM verdicts WHERE signer_key != '' GROUP BY editor, signer_key"""


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0001_create_cases", create_cases),
    Migration("0002_create_articles", create_articles),
    Migration("0003_create_verdicts", create_verdicts),
    Migration("0004_create_log_head", create_log_head),
    Migration("0005_append_only_triggers", append_only_triggers),
    Migration("0006_unsent_to_server", create_unsent),
    Migration("0007_corrections_in_the_log", corrections_in_the_log),
    Migration("0008_signatures", add_signatures),
)


def applied_migrations(db: sqlite_utils.Database) -> set[str]:
    """Names of the steps already applied; refuses a foreign or newer database."""
    if not db.table(MIGRATIONS_TABLE).exists():
        if db.table_names() or db.view_names():
            raise ForeignDatabase(
                f"{db_label(db)} is an SQLite database of another program, not a factdesk verdict log; "
                "it was left untouched — choose another file with --db"
            )
        return set()
    names = {row[0] for row in db.execute(f"SELECT name FROM {MIGRATIONS_TABLE}")}
    unknown = names - {m.name for m in MIGRATIONS}
    if unknown:
        raise SchemaTooNew(
            f"{db_label(db)} was written by a newer factdesk (schema step {min(unknown)}); "
            "update factdesk to use it"
        )
    return names


def pending_migrations(db: sqlite_utils.Database) -> list[Migration]:
    applied = applied_migrations(db)
    return [m for m in MIGRATIONS if m.name not in applied]


def apply_pending(db: sqlite_utils.Database) -> list[str]:
    """Apply the missing steps; the caller holds the write transaction (``BEGIN IMMEDIATE``)."""
    todo = pending_migrations(db)
    if todo:
        db.execute(
            f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name TEXT PRIMARY KEY, applied TEXT NOT NULL)"
        )
    for migration in todo:
        migration.apply(db)
        db.execute(
            f"INSERT INTO {MIGRATIONS_TABLE} (name, applied) VALUES (?, ?)",
            [migration.name, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")],
        )
    return [m.name for m in todo]


def db_label(db: sqlite_utils.Database) -> str:
    row = db.execute("PRAGMA database_list").fetchone()
    return row[2] if row and row[2] else "the database"
