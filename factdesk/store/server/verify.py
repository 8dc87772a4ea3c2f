"""`log verify` on the shared log: the hash chains, their heads, the append-only triggers and the grants.

The log holds the one global chain it may have had before it switched to one chain
per case (rows ``1..log_head.rows``, ended by ``log_head``), then each case's chain,
started from that chain's last hash and ended by the case's row of ``case_heads``
(see :mod:`factdesk.store.chain`). Both parts are walked; a broken case is named,
and the other cases are still walked.

The Ed25519 signatures are checked last, once everything else is found intact: every one of
them (``log verify``), or all but those the shared log's verified-prefix memo covers
(:mod:`factdesk.store.server.memo`: the window's background check, the sheet, sync's first walk).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from factdesk.store.chain import CaseChains, CaseHead, Content, case_genesis, log_head_of, walk, walk_cases
from factdesk.store.rows import SELECT_ROW
from factdesk.store.server.schema import HEAD_TABLES, TRIGGERS
from factdesk.store.signatures import SignatureAudit
from factdesk.store.verify import SELECT_SIGNED, VerifyReport, chain_problem, completed

# Roles other than the tables' owner holding one of these on a log table could rewrite history.
_CHANGING = ("UPDATE", "DELETE", "TRUNCATE")
_TABLES = ("verdicts", *HEAD_TABLES)
# the rows after a checkpoint: each case's rows after the last one it verified (all rows of a new case)
_AFTER_CHECKPOINT = (
    " LEFT JOIN unnest(%s::text[], %s::bigint[]) AS seen (seen_case, seen_id) ON seen_case = case_key"
    " WHERE id > coalesce(seen_id, %s)"
)


@dataclass(frozen=True)
class ServerCheckpoint:
    """What a verify of the shared log found intact: the end of the global chain and each case's head.

    Within a case ids grow along the chain and a case's writers commit one after the other, so
    the rows a later verify has to walk are, for each case, exactly those after its head here.
    """

    anchor: tuple[int, str]  # (rows, last hash) of the global chain: log_head, frozen since the switch
    heads: dict[str, CaseHead] = field(default_factory=dict)


@dataclass(frozen=True)
class Covered:
    """The rows whose signatures an earlier sound verify found valid, as far as this log still holds them."""

    global_rows: int = 0  # ids 1..global_rows: the global chain, its end unchanged
    cases: dict[str, int] = field(default_factory=dict)  # case -> the last id covered of its chain
    rows: int = 0  # how many rows that is

    def __contains__(self, row: tuple[int, str]) -> bool:
        """Whether the row (id, case) is covered."""
        return row[0] <= self.global_rows or row[0] <= self.cases.get(row[1], 0)


def covered(conn: psycopg.Connection, anchor: tuple[int, str], known: ServerCheckpoint) -> Covered:
    """What ``known`` (a memo's checkpoint) covers of the log as it is: the global chain's rows when
    its end is still ``known``'s, and each case's rows up to its head there when that row still has
    that case and hash. To be relied on only once every chain is walked intact in the same
    transaction: each row's stored hash then is its chain hash, which covers every row before it in
    its case's chain, their keys and signatures, and the global chain before them."""
    if anchor != known.anchor:
        return Covered()
    heads = {case: head for case, head in known.heads.items() if head.rows > 0}
    found = conn.execute("SELECT id, case_key, hash FROM verdicts WHERE id = ANY(%s)",
                         [[head.last_id for head in heads.values()]])
    now = {r[0]: (r[1], r[2]) for r in found}
    kept = {case: head for case, head in heads.items() if now.get(head.last_id) == (case, head.hash)}
    return Covered(anchor[0], {case: head.last_id for case, head in kept.items()},
                   anchor[0] + sum(head.rows for head in kept.values()))


def verify_server(conn: psycopg.Connection, after: ServerCheckpoint | None = None,
                  known: ServerCheckpoint | None = None) -> VerifyReport:
    """Check the log inside a repeatable-read transaction (writers may go on meanwhile).

    ``after``: a checkpoint an earlier verify of this process returned (``report.checkpoint``):
    only the rows after it are walked (each checkpoint row must still carry its hash); ``log
    verify`` walks them all. ``known``: the checkpoint of an earlier sound verify noted in the
    memo (:mod:`factdesk.store.server.memo`; not with ``after``): every row is walked all the same,
    but the signatures of the rows it still covers (:func:`covered`) are not checked again. An
    intact log's report carries the new checkpoint.
    """
    for table in _TABLES:
        if conn.execute("SELECT to_regclass(%s)", [table]).fetchone() == (None,):
            return VerifyReport(False, 0, None, f"the {table} table was removed")
    found = conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
    if found is None:
        return VerifyReport(False, 0, None, "the head of the chain was removed")
    anchor: tuple[int, str] = (found[0], found[1])
    stored = {
        r[0]: CaseHead(r[1], r[2], r[3]) for r in conn.execute("SELECT case_key, rows, last_id, hash FROM case_heads")
    }
    if after is None:
        with conn.cursor(binary=True) as cur:  # the global chain, from before the switch
            cur.execute(f"{SELECT_ROW} WHERE id <= %s ORDER BY id", [anchor[0]])  # type: ignore[arg-type]
            problem = chain_problem(walk(cur), lambda: anchor)
        if problem is not None:
            return problem
        where, params = " WHERE id > %s", [anchor[0]]
        start: dict[str, CaseHead] = {}
    else:
        problem = _checkpoint_problem(conn, anchor, after)
        if problem is not None:
            return problem
        cases = list(after.heads)
        where, params = _AFTER_CHECKPOINT, [cases, [after.heads[c].last_id for c in cases], anchor[0]]
        start = after.heads
    with conn.cursor(binary=True) as cur:
        cur.execute(f"{SELECT_ROW}{where} ORDER BY id", params)  # type: ignore[arg-type]
        chains = walk_cases(cur, anchor[1], start, after_id=anchor[0])
    rows = anchor[0] + sum(head.rows for head in chains.heads.values())
    problem = _case_problem(chains, stored, anchor[1], rows)
    if problem is None:
        problem = _protection_problem(conn, rows)
    if problem is not None:
        return problem
    report = VerifyReport(True, rows, head=log_head_of(anchor[1], chains.heads), chains=len(chains.heads),
                          checkpoint=ServerCheckpoint(anchor, chains.heads), global_rows=anchor[0])
    signed_where, signed_params = (where, params) if after is not None else ("", [])
    trusted = covered(conn, anchor, known) if known is not None and after is None else Covered()
    with SignatureAudit() as audit, conn.cursor(binary=True) as cur:  # from a checkpoint: the rows after it
        cur.execute(SELECT_SIGNED.replace(" FROM verdicts ORDER BY", f" FROM verdicts{signed_where} ORDER BY"),
                    signed_params)  # type: ignore[arg-type]
        for row in cur:
            audit.add(row[0], Content(*row[1:]), (row[0], row[1]) in trusted)
            if audit.stopped:
                break
        return completed(report, audit.result(), trusted.rows)


def _checkpoint_problem(
    conn: psycopg.Connection, anchor: tuple[int, str], after: ServerCheckpoint
) -> VerifyReport | None:
    """The global chain's end, and each case's last row, are still what the checkpoint verified."""
    if anchor != after.anchor:
        return VerifyReport(False, after.anchor[0], None, "the end of the global chain, verified before, was altered")
    ids = [head.last_id for head in after.heads.values() if head.rows]
    found = conn.execute("SELECT id, case_key, hash FROM verdicts WHERE id = ANY(%s)", [ids])
    now = {r[0]: (r[1], r[2]) for r in found}
    for case, head in sorted(after.heads.items(), key=lambda item: item[1].last_id):
        if not head.rows:
            continue
        row = now.get(head.last_id)
        if row is None or row != (case, head.hash):
            why = "was removed" if row is None else "was changed or replaced"
            return VerifyReport(
                False, head.rows, head.last_id, f"row {head.last_id} of case {case!r}, verified before, {why}"
            )
    return None


def _case_problem(chains: CaseChains, stored: dict[str, CaseHead], anchor: str, rows: int) -> VerifyReport | None:
    """The first broken row of any case, else a case whose head does not end its walked chain."""
    broken = chains.first_break()
    if broken is not None:
        return VerifyReport(False, rows, broken[0], broken[1])
    for case in sorted(stored.keys() | chains.heads.keys()):
        walked = chains.heads.get(case) or CaseHead(0, 0, case_genesis(anchor, case))
        head = stored.get(case)
        if head is None:
            return VerifyReport(False, rows, None, f"the head of the chain of case {case!r} was removed")
        if head.rows > walked.rows:
            first = f"after row {walked.last_id}" if walked.rows else "all of them"
            return VerifyReport(False, rows, None, f"the last verdicts of case {case!r} were deleted ({first})")
        if head != walked:
            return VerifyReport(False, rows, None, f"the head of the chain of case {case!r} was altered")
    return None


def _protection_problem(conn: psycopg.Connection, rows: int) -> VerifyReport | None:
    """A trigger removed or disabled, or a role that may change rows."""
    enabled = dict(
        conn.execute(
            "SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal AND tgrelid = ANY(%s::regclass[])",
            [list(_TABLES)],
        ).fetchall()
    )
    for name in TRIGGERS:
        if name not in enabled:
            return VerifyReport(False, rows, None, f"the append-only protection was removed (trigger {name})")
        if enabled[name] not in ("O", "A"):
            return VerifyReport(False, rows, None, f"the append-only protection is disabled (trigger {name})")
    grants: list[Any] = conn.execute(
        """
        SELECT DISTINCT c.relname,
               CASE a.grantee WHEN 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type
        FROM pg_class c, aclexplode(c.relacl) a
        WHERE c.relname = ANY(%s) AND c.relnamespace = 'public'::regnamespace
          AND a.grantee <> c.relowner AND a.privilege_type = ANY(%s)
        ORDER BY 1, 2, 3
        """,
        [list(_TABLES), list(_CHANGING)],
    ).fetchall()
    if grants:
        table, role, privilege = grants[0]
        why = f"the role {role or 'PUBLIC'} may {privilege} the {table} table: revoke it"
        return VerifyReport(False, rows, None, why)
    return None

