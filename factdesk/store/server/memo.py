"""The verified-prefix memo of a shared log: which of its rows' signatures a sound verify found valid.

The same idea, file, secret and folder as the local log's (:mod:`factdesk.store.memo`): after a
verify finds the shared log sound, factdesk notes its :class:`~factdesk.store.server.verify.ServerCheckpoint`
-- the end of the global chain from before the case chains, (rows, hash), and each case's head,
(rows, last id, hash) -- in an HMAC-authenticated file in the user's cache folder, filed under
the server's identity (:func:`server_identity`). The next verify still walks every chain, checks
every head, the triggers and the grants, but does not check the Ed25519 signatures of the rows
that checkpoint covers while their chains still end there with the same hash (see
:func:`~factdesk.store.server.verify.verify_server`): every hash covers the rows before it in its
chain, their keys and signatures included, back to the global chain.

A memo made for another server, database or role, not made with this user's secret, damaged or
cut short is ignored (and replaced after the next sound verify).
"""

from __future__ import annotations

from typing import Any

import psycopg

from factdesk.store import memo
from factdesk.store.chain import CaseHead
from factdesk.store.server.verify import ServerCheckpoint

KIND = "factdesk-verified-server/1"
MAX_BYTES = 8_000_000  # about 60,000 cases' heads; a bigger checkpoint is not noted (every signature is checked)


def server_identity(conn: psycopg.Connection) -> str:
    """What a shared log's memo is filed under: ``postgresql://role@host:port/database``, as connected
    (no password), and the server's ``system_identifier`` when the role may read it (a server set up
    anew at the same address is then another server). Inside a transaction: read in a savepoint."""
    info = conn.info
    host = f"[{info.host}]" if ":" in info.host else info.host
    identity = f"postgresql://{info.user}@{host}:{info.port}/{info.dbname}"
    try:
        with conn.transaction():
            row = conn.execute("SELECT system_identifier FROM pg_control_system()").fetchone()
    except psycopg.Error:  # not allowed to this role: the address alone
        row = None
    return f"{identity}#{row[0]}" if row and row[0] is not None else identity


def recall(identity: str) -> ServerCheckpoint | None:
    """The checkpoint a sound verify of the log at ``identity`` noted; None when none is trusted."""
    items = memo.recall(identity, KIND, MAX_BYTES)
    return _decoded(items[0]) if items else None


def remember(identity: str, checkpoint: ServerCheckpoint) -> None:
    """Note ``checkpoint`` (of a verify that found the log sound: every signature it covers valid)."""
    if recall(identity) == checkpoint:
        return  # noted already
    memo.note(identity, KIND, [_encoded(checkpoint)], MAX_BYTES)


def _encoded(checkpoint: ServerCheckpoint) -> dict[str, Any]:
    heads = [[case, *head] for case, head in sorted(checkpoint.heads.items()) if head.rows > 0]
    return {"anchor": list(checkpoint.anchor), "heads": heads}


def _decoded(item: object) -> ServerCheckpoint | None:
    if not isinstance(item, dict) or set(item) != {"anchor", "heads"}:
        return None
    anchor, heads = item["anchor"], item["heads"]
    if not (isinstance(anchor, list) and len(anchor) == 2 and _count(anchor[0], 0) and memo.is_hash(anchor[1])):
        return None
    if not isinstance(heads, list) or not all(map(_valid_head, heads)):
        return None
    return ServerCheckpoint((anchor[0], anchor[1]), {case: CaseHead(rows, last_id, hash)
                                                     for case, rows, last_id, hash in heads})


def _valid_head(item: object) -> bool:
    return (isinstance(item, list) and len(item) == 4 and isinstance(item[0], str)
            and _count(item[1], 1) and _count(item[2], 1) and memo.is_hash(item[3]))


def _count(value: object, least: int) -> bool:
    return type(value) is int and value >= least
