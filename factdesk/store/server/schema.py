"""The shared log's schema on PostgreSQL: small named steps, each applied once and recorded.

The same tables as the local SQLite log (``cases``, ``articles``, ``verdicts``,
``log_head``), with the chain kept by the server itself. Since step 0006 it keeps
one chain per case: a ``BEFORE INSERT`` trigger locks the case's row of
``case_heads``, takes the next id from a sequence and links the new verdict to the
case's last hash. Writers of one case (on one machine or many) queue on that row,
so its chain never forks; writers of other cases never wait for them. Ids are taken
after the lock, so within a case id order is chain order. Before 0006 the trigger
locked the one ``log_head`` row instead (one chain for the whole log): a log upgraded
keeps those rows in that chain, ``log_head`` frozen at its end, and every case chain
starts from that last hash (see :mod:`factdesk.store.chain`). A verdict whose content
uid is already there is skipped (sent twice, stored once). UPDATE, DELETE and TRUNCATE
are refused by triggers, and the editors' role is granted only SELECT and INSERT
(see ``server/setup.sql``).

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
    "case_heads_start_at_genesis": "case_heads",
    "case_heads_follow_chain": "case_heads",
    "case_heads_no_delete": "case_heads",
    "case_heads_no_truncate": "case_heads",
}
HEAD_TABLES = ("log_head", "case_heads")

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

# One chain per case (issue 17): ten writers no longer queue on one head row through each other's commits.
CASE_CHAINS = f"""
-- no writer may move the global head while it becomes the anchor of the case chains
LOCK TABLE verdicts, log_head IN EXCLUSIVE MODE;
CREATE TABLE case_heads (
    case_key text PRIMARY KEY,
    rows bigint NOT NULL,
    last_id bigint NOT NULL,
    hash text NOT NULL
);
CREATE SEQUENCE verdict_ids AS bigint;
SELECT setval('verdict_ids', rows + 1, false) FROM log_head WHERE id = 1;

CREATE OR REPLACE FUNCTION factdesk_extend_chain() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    head_rows bigint;
    head_hash text;
BEGIN
    -- the writers of this case queue here, on its head row; other cases' writers go on
    SELECT rows, hash INTO head_rows, head_hash FROM case_heads WHERE case_key = NEW.case_key FOR UPDATE;
    IF NOT FOUND THEN  -- the case's first verdict: its chain starts from the global chain's last hash
        INSERT INTO case_heads (case_key, rows, last_id, hash)
        SELECT NEW.case_key, 0, 0, encode(sha256(convert_to(hash || E'\\ncase\\n' || NEW.case_key, 'UTF8')), 'hex')
        FROM log_head WHERE id = 1
        ON CONFLICT (case_key) DO NOTHING;
        SELECT rows, hash INTO head_rows, head_hash FROM case_heads WHERE case_key = NEW.case_key FOR UPDATE;
    END IF;
    IF EXISTS (SELECT 1 FROM verdicts WHERE uid = NEW.uid) THEN
        RETURN NULL;  -- already in the log (a verdict sent again): stored once
    END IF;
    NEW.id := nextval('verdict_ids');  -- after the lock: within a case, id order is chain order
    NEW.prev_hash := head_hash;
    NEW.hash := encode(sha256(convert_to(head_hash || E'\\n' || NEW.id::text || E'\\n' || NEW.uid, 'UTF8')), 'hex');
    UPDATE case_heads SET rows = head_rows + 1, last_id = NEW.id, hash = NEW.hash WHERE case_key = NEW.case_key;
    RETURN NEW;
END $$;

CREATE FUNCTION factdesk_case_head_starts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 OR NEW.rows <> 0 OR NEW.last_id <> 0 OR NEW.hash IS DISTINCT FROM (
        SELECT encode(sha256(convert_to(hash || E'\\ncase\\n' || NEW.case_key, 'UTF8')), 'hex')
        FROM log_head WHERE id = 1
    ) THEN
        RAISE EXCEPTION 'a case''s chain only starts with its first verdict';
    END IF;
    RETURN NEW;
END $$;

CREATE FUNCTION factdesk_case_head_follows_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF pg_trigger_depth() < 2 OR NEW.case_key <> OLD.case_key OR NEW.rows <> OLD.rows + 1
       OR NEW.last_id <= OLD.last_id THEN
        RAISE EXCEPTION 'the head of a case''s chain only moves with a new verdict of that case';
    END IF;
    RETURN NEW;
END $$;

-- the global chain ends here: its head stays as it is, the anchor of every case's chain
CREATE OR REPLACE FUNCTION factdesk_head_follows_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the global chain ended when the log switched to one chain per case: its head does not move';
END $$;

CREATE TRIGGER case_heads_start_at_genesis BEFORE INSERT ON case_heads
    FOR EACH ROW EXECUTE FUNCTION factdesk_case_head_starts();
CREATE TRIGGER case_heads_follow_chain BEFORE UPDATE ON case_heads
    FOR EACH ROW EXECUTE FUNCTION factdesk_case_head_follows_chain();
CREATE TRIGGER case_heads_no_delete BEFORE DELETE ON case_heads
    FOR EACH ROW EXECUTE FUNCTION factdesk_refuse_change();
CREATE TRIGGER case_heads_no_truncate BEFORE TRUNCATE ON case_heads
    FOR EACH STATEMENT EXECUTE FUNCTION factdesk_refuse_change();

REVOKE ALL ON case_heads FROM PUBLIC;
REVOKE ALL ON SEQUENCE verdict_ids FROM PUBLIC;
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{READER_ROLE}') THEN
        GRANT SELECT ON case_heads TO {READER_ROLE};
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{EDITOR_ROLE}') THEN
        GRANT SELECT ON case_heads TO {EDITOR_ROLE};
    END IF;
END $$;
"""

MIGRATIONS: tuple[ServerMigration, ...] = (
    ServerMigration("0001_create_tables", CREATE_TABLES),
    ServerMigration("0002_chain_triggers", CHAIN_TRIGGERS),
    ServerMigration("0003_grants", GRANTS),
    ServerMigration("0004_signatures", SIGNATURES),
    ServerMigration("0005_corrections_in_the_log", CORRECTIONS),
    ServerMigration("0006_chain_per_case", CASE_CHAINS),
)

CREATE_MIGRATIONS_TABLE = (
    f"CREATE TABLE IF NOT EXISTS {MIGRATIONS_TABLE} (name text PRIMARY KEY, applied text NOT NULL)"
)


def now_text() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
