"""`log verify` on the shared log: the hash chain, its head, the append-only triggers and the grants."""

from __future__ import annotations

import psycopg

from factdesk.store.chain import GENESIS, walk
from factdesk.store.rows import SELECT_ROW
from factdesk.store.server.schema import TRIGGERS
from factdesk.store.verify import SELECT_SIGNED, VerifyReport, chain_problem, with_signatures

# Roles other than the tables' owner holding one of these on a log table could rewrite history.
_CHANGING = ("UPDATE", "DELETE", "TRUNCATE")


def verify_server(conn: psycopg.Connection, after: tuple[int, str] = (0, GENESIS)) -> VerifyReport:
    """Check the log inside a repeatable-read transaction (writers may go on meanwhile).

    ``after`` = (rows, last hash) of a checkpoint verified before: only the rows after it are
    walked (the checkpoint row must still carry that hash); ``log verify`` always walks them all.
    """
    for table in ("verdicts", "log_head"):
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone() == (None,):
            return VerifyReport(False, 0, None, f"the {table} table was removed")
    start, start_hash = after
    if start:
        row = conn.execute("SELECT hash FROM verdicts WHERE id = %s", [start]).fetchone()
        if row is None or row[0] != start_hash:
            why = "was removed" if row is None else "was changed or replaced"
            return VerifyReport(False, start, start, f"row {start}, verified before, {why}")
    with conn.cursor(binary=True) as cur:
        cur.execute(f"{SELECT_ROW} WHERE id > %s ORDER BY id", [start])  # type: ignore[arg-type]
        check = walk(cur, after)
    problem = chain_problem(check, lambda: conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone())
    if problem is not None:
        return problem
    enabled = dict(
        conn.execute(
            "SELECT tgname, tgenabled FROM pg_trigger "
            "WHERE NOT tgisinternal AND tgrelid IN ('verdicts'::regclass, 'log_head'::regclass)"
        ).fetchall()
    )
    for name in TRIGGERS:
        if name not in enabled:
            return VerifyReport(False, check.rows, None, f"the append-only protection was removed (trigger {name})")
        if enabled[name] not in ("O", "A"):
            return VerifyReport(False, check.rows, None, f"the append-only protection is disabled (trigger {name})")
    grants = conn.execute(
        """
        SELECT DISTINCT c.relname,
               CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relname IN ('verdicts', 'log_head') AND c.relnamespace = 'public'::regnamespace
          AND a.grantee <> c.relowner AND a.privilege_type = ANY(%s)
        ORDER BY 1, 2, 3
        """,
        [list(_CHANGING)],
    ).fetchall()
    if grants:
        table, role, privilege = grants[0]
        role = role or "PUBLIC"
        return VerifyReport(
            False, check.rows, None, f"the role {role} may {privilege} the {table} table: revoke it"
        )
    with conn.cursor(binary=True) as cur:  # from a checkpoint: the signatures of the rows after it
        cur.execute(SELECT_SIGNED.replace(" ORDER BY", " WHERE id > %s ORDER BY"), [start])  # type: ignore[arg-type]
        return with_signatures(VerifyReport(True, check.rows, head=check.last_hash), cur)
