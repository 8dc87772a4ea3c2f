"""The shared log's schema on PostgreSQL: small named steps, each applied once and recorded.

The same tables as the local SQLite log (``cases``, ``articles``, ``verdicts``,
``log_head``), with the chain kept by the server itself: a ``BEFORE INSERT``
trigger locks the one head row, gives the new verdict the next id and links it
to the last hash. Writers from many machines therefore queue on that row and
the chain never forks; a verdict whose content uid is already there is skipped
(sent twice, stored once). UPDATE, DELETE and TRUNCATE are refused by triggers,
and the editors' role is granted only SELECT and INSERT (see ``server/setup.sql``).

Steps are applied by the database owner (the ``factdesk_owner`` role of the
setup script) the first time it opens the log; never edit or reorder a released
step, append a new one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from factdesk.store.chain import GENESIS
from factdesk.store.schema import CORRECTION_STATES, VERDICT_STATES

MIGRATIONS_TABLE = "factdesk_migrations"
EDITOR_ROLE = "factdesk_editor"
READER_ROLE = "factdesk_reader"
# pg_advisory_xact_lock key: one schema upgrade at a time ("fdsk" in ASCII)
SCHEMA_LOCK = 0x6664736B

_STATES_SQL = ", ".join(f"'{s}'" for s in VERDICT_STATES)


@dataclass(frozen=True)
class ServerMigration:
    name: str
    sql: str


CREATE_TABLES = f"""
CREATE TABLE cases (
    key text PRIMARY KEY,
    path text NOT NULL DEFAULT '',
    first_seen text NOT NULL
);
CREATE TABLE articles (
    case_key text NOT NULL REFERENCES cases (key),
    file text NOT NULL,
    text_hash text NOT NULL,
    chars bigint,
    title text,
    first_seen text,
    PRIMARY KEY (case_key, file, text_hash)
);
CREATE TABLE verdicts (
    id bigint PRIMARY KEY,
    case_key text NOT NULL REFERENCES cases (key),
    fingerprint text NOT NULL,
    editor text NOT NULL,
    verdict text NOT NULL CHECK (verdict IN ({_STATES_SQL})),
    note text NOT NULL,
    correct_value text NOT NULL,
    source text NOT NULL,
    created text NOT NULL,
    app_version text NOT NULL,
    claim_id text NOT NULL,
    snapshot text NOT NULL,
    uid text NOT NULL UNIQUE,
    prev_hash text NOT NULL,
    hash text NOT NULL
);
CREATE INDEX verdicts_by_claim ON verdicts (case_key, fingerprint, editor, id);
CREATE TABLE log_head (
    id integer PRIMARY KEY CHECK (id = 1),
    rows bigint NOT NULL,
    hash text NOT NULL
);
INSERT INTO log_head (id, rows, hash) VALUES (1, 0, '{GENESIS}');
"""

# name -> (table, the function the trigger runs); `log verify` checks each is there and enabled.
TRIGGERS: dict[str, str] = {
    "verdicts_extend_chain": "verdicts",
    "verdicts_no_update": "verdicts",
    "verdicts_no_delete": "verdicts",
    "verdicts_no_truncate": "verdicts",
    "log_head_follows_chain": "log_head",
    "log_head_no_delete": "log_head",
    "log_head_no_truncate": "log_head",
}

CHAIN_TRIGGERS = """
CREATE FUNCTION factdesk_extend_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_rows bigint;
    head_hash text;
BEGIN
    -- every writer queues here, on the one head row, until the one before commits
    SELECT rows, hash INTO head_rows, head_hash FROM log_head WHERE id = 1 FOR UPDATE;
    IF EXISTS (SELECT 1 FROM verdicts WHERE uid = NEW.uid) THEN
        RETURN NULL;  -- already in the log (a verdict sent again): stored once
    END IF;
    NEW.id := head_rows + 1;
    NEW.prev_hash := head_hash;
    NEW.hash := encode(sha256(convert_to(head_hash || E'\\n' || NEW.id::text || E'\\n' || NEW.uid, 'UTF8')), 'hex');
    UPDATE log_head SET rows = NEW.id, hash = NEW.hash WHERE id = 1;
    RETURN NEW;
END $$;

CREATE FUNCTION factdesk_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the factdesk verdict log is append-only: % on % is refused (record a new verdict instead)',
        TG_OP, TG_TABLE_NAME;
END $$;

CREATE FUNCTION factdesk_head_follows_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 OR NEW.id <> OLD.id OR NEW.rows <> OLD.rows + 1 THEN
        RAISE EXCEPTION 'the head of the verdict chain only moves with a new verdict';
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER verdicts_extend_chain BEFORE INSERT ON verdicts
    FOR EACH ROW EXECUTE FUNCTION factdesk_extend_chain();
CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
    FOR EACH ROW EXECUTE FUNCTION factdesk_refuse_change();
CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
    FOR EACH ROW EXECUTE FUNCTION factdesk_refuse_change();
CREATE TRIGGER verdicts_no_truncate BEFORE TRUNCATE ON verdicts
    FOR EACH STATEMENT EXECUTE FUNCTION factdesk_refuse_change();
CREATE TRIGGER log_head_follows_chain BEFORE UPDATE ON log_head
    FOR EACH ROW EXECUTE FUNCTION factdesk_head_follows_chain();
CREATE TRIGGER log_head_no_delete BEFORE DELETE ON log_head
    FOR EACH ROW EXECUTE FUNCTION factdesk_refuse_change();
CREATE TRIGGER log_head_no_truncate BEFORE TRUNCATE ON log_head
    FOR EACH STATEMENT EXECUTE FUNCTION factdesk_refuse_change();
"""

# Editors may read and append, readers only read; nobody but the owner may change a row.
GRANTS = f"""
REVOKE ALL ON cases, articles, verdicts, log_head, {MIGRATIONS_TABLE} FROM PUBLIC;
REVOKE ALL ON FUNCTION factdesk_extend_chain() FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        GRANT SELECT ON cases, articles, verdicts, log_head, {MIGRATIONS_TABLE} TO {READER_ROLE};
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{EDITOR_ROLE}') THEN
        GRANT SELECT ON cases, articles, verdicts, log_head, {MIGRATIONS_TABLE} TO {EDITOR_ROLE};
        GRANT INSERT ON cases, articles, verdicts TO {EDITOR_ROLE};
        GRANT EXECUTE ON FUNCTION factdesk_extend_chain() TO {EDITOR_ROLE};
    END IF;
END $$;
"""

# Each entry's editor key and signature (empty on entries written before), part of its content.
SIGNATURES = f"""
ALTER TABLE verdicts ADD COLUMN signer_key text NOT NULL DEFAULT '';
ALTER TABLE verdicts ADD COLUMN signature text NOT NULL DEFAULT '';
CREATE VIEW editor_keys AS
SELECT editor, signer_key AS public_key, min(id) AS first_row, count(*) AS entries
FROM verdicts WHERE signer_key <> '' GROUP BY editor, signer_key;
REVOKE ALL ON editor_keys FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        GRANT SELECT ON editor_keys TO {READER_ROLE};
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{EDITOR_ROLE}') THEN
        GRANT SELECT ON editor_keys TO {EDITOR_ROLE};
    END IF;
END $$;
"""

# Editors' corrections (dismiss, merge, split, add) join the verdicts in the one chain, as on the local log.
_ALL_STATES_SQL = ", ".join(f"'{s}'" for s in (*VERDICT_STATES, *CORRECTION_STATES))
CORRECTIONS = f"""
ALTER TABLE verdicts DROP CONSTRAINT verdicts_verdict_check;
ALTER TABLE verdicts ADD CONSTRAINT verdicts_verdict_check CHECK (verdict IN ({_ALL_STATES_SQL}));
"""

MIGRATIONS: tuple[ServerMigration, ...] = (
    ServerMigration("0001_create_tables", CREATE_TABLES),
    ServerMigration("0002_chain_triggers", CHAIN_TRIGGERS),
    ServerMigration("0003_grants", GRANTS),
    ServerMigration("0004_signatures", SIGNATURES),
    ServerMigration("0005_corrections_in_the_log", CORRECTIONS),
)

CREATE_MIGRATIONS_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name text PRIMARY KEY, applied text NOT NULL)"
)


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
