"""`log verify`: SQLite's own integrity check, the append-only triggers, the hash chain, the signatures."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from factdesk.store.chain import GENESIS, Content, walk
from factdesk.store.rows import CONTENT_COLUMNS, SELECT_ROW
from factdesk.store.schema import TRIGGERS
from factdesk.store.signatures import KeyFinding, SignatureAudit, SignatureCheck, check_signatures
from factdesk.store.signing import key_id

SELECT_SIGNED = f"SELECT id, {', '.join(CONTENT_COLUMNS)} FROM verdicts ORDER BY id"
_SELECT_SIGNED_AFTER = f"SELECT id, {', '.join(CONTENT_COLUMNS)} FROM verdicts WHERE id > ? ORDER BY id"
WHAT_TO_DO = (
    "do not record onto it: keep the file for inspection, then go back to your last good copy "
    "(`factdesk log backup` makes one) or import a colleague's export into a new log (--db NEWFILE)"
)


@dataclass(frozen=True)
class VerifyReport:
    ok: bool
    rows: int  # verdict rows checked
    broken_id: int | None = None  # the first row that fails, when one does
    reason: str = ""
    head: str = ""  # the last hash of the chain (what a printed sheet anchors)
    signed: int = 0
    unsigned: int = 0
    findings: tuple[KeyFinding, ...] = ()  # entries whose key is unknown or changed
    keys: dict[str, tuple[str, ...]] | None = None  # editor -> the keys their entries bear
    # the shared log: its case chains, the rows of the global chain before them, and where a
    # later check may walk on from (a ServerCheckpoint); the local log is one chain (0, 0, None)
    chains: int = 0
    global_rows: int = 0
    checkpoint: Any = field(default=None, compare=False, repr=False)
    checked_signatures: int = 0  # Ed25519 signatures this verification checked
    trusted_rows: int = 0  # rows whose signatures an earlier verification found valid (unchanged since)

    def __str__(self) -> str:
        if not self.ok:
            where = f" at row {self.broken_id}" if self.broken_id is not None else ""
            return f"BROKEN{where}: {self.reason}\n{WHAT_TO_DO}"
        chains = "hash chains intact" if self.chains else "hash chain intact"
        lines = [f"ok: {self.rows} verdicts, {chains}, append-only protection in place"]
        if self.rows:
            unsigned = f", {self.unsigned} unsigned (written before signing)" if self.unsigned else ""
            earlier = ""
            if self.trusted_rows and self.chains:  # the shared log: rows of many chains, not a prefix
                earlier = (f" (those of {self.trusted_rows} of them as found by an earlier check: "
                           "their chains are unchanged)")
            elif self.trusted_rows:
                earlier = (f" (those of rows 1-{self.trusted_rows} as found by an earlier check: "
                           "their chain is unchanged)")
            lines.append(f"signatures: {self.signed} valid{unsigned}{earlier}")
            if self.chains:
                before = f", after {self.global_rows} verdicts in one chain from before" if self.global_rows else ""
                lines.append(f"chains: one per case ({self.chains} case{'s' if self.chains != 1 else ''}){before}")
            lines.append(f"head: {self.head}")
        lines += [f"warning: key {finding.kind}: {finding}" for finding in self.findings]
        for editor, keys in (self.keys or {}).items():
            lines.append(f"key of {editor!r}: {', '.join(key_id(k) for k in keys)}")
        return "\n".join(lines)

    @property
    def summary(self) -> str:
        """One line: the state of the log, for the window and the sheet."""
        if not self.ok:
            return str(self).splitlines()[0]
        text = f"{self.rows} verdicts, chain{'s' if self.chains else ''} intact"
        if self.unsigned:
            text += f", {self.unsigned} unsigned"
        if self.findings:
            text += f"; {sum(len(f.rows) for f in self.findings)} entries whose editor's key is unknown or changed"
        return text


def with_signatures(report: VerifyReport, rows: Iterable[tuple[Any, ...]], *, trusted: int = 0,
                    workers: int | None = None) -> VerifyReport:
    """An intact chain's report completed with the check of every signature (rows: id + content columns).

    ``trusted``: rows 1..trusted of this very chain were found signed correctly before (see
    :mod:`factdesk.store.memo`): their signatures are not checked again, their keys are still counted.
    """
    check = check_signatures(((row[0], Content(*row[1:])) for row in rows), trusted, workers)
    return completed(report, check, trusted)


def completed(report: VerifyReport, check: SignatureCheck, trusted: int = 0) -> VerifyReport:
    """An intact chain's report with the outcome of its signatures' check."""
    report = replace(report, signed=check.signed, unsigned=check.unsigned, findings=check.findings, keys=check.keys,
                     checked_signatures=check.checked, trusted_rows=trusted)
    if check.bad_row is not None:
        return replace(report, ok=False, broken_id=check.bad_row, reason=check.bad_reason, checkpoint=None)
    return report


def trusted_prefix(conn: sqlite3.Connection, known: Iterable[tuple[int, str]]) -> int:
    """The most rows a known (rows, hash) checkpoint covers: the longest whose last row still has that hash.

    To be relied on only once the chain walk succeeds in the same read transaction: each row's
    stored hash then is its chain hash, which covers every row before it, keys and signatures.
    """
    for count, head in sorted(known, reverse=True):
        if count > 0:
            stored = conn.execute("SELECT hash FROM verdicts WHERE id = ?", [count]).fetchone()
            if stored is not None and stored[0] == head:
                return count
    return 0


def _feeding(rows: Iterable[Sequence[Any]], audit: SignatureAudit) -> Iterator[Sequence[Any]]:
    """The chain's rows (SELECT_ROW); those up to ``audit.trusted`` are also counted as the walk takes them."""
    for row in rows:
        yield row
        if row[0] <= audit.trusted:
            audit.add(row[0], Content(*row[1:14]))


def chain_problem(check: Any, read_head: Callable[[], tuple[Any, ...] | None]) -> VerifyReport | None:
    """What is wrong with a walked chain, then with the head row that should end it (None: nothing)."""
    if check.broken_id is not None:
        return VerifyReport(False, check.rows, check.broken_id, check.reason)
    head = read_head()
    if head is None:
        return VerifyReport(False, check.rows, None, "the head of the chain was removed")
    if head[0] > check.rows:
        first, last = check.rows + 1, head[0]
        which = f"row {first} was" if first == last else f"rows {first}-{last} were"
        return VerifyReport(False, check.rows, first, f"the last verdicts were deleted ({which} removed)")
    if tuple(head) != (check.rows, check.last_hash):
        return VerifyReport(False, check.rows, None, "the head of the chain was altered")
    return None


def verify_database(conn: sqlite3.Connection, known: Iterable[tuple[int, str]] = ()) -> VerifyReport:
    """Check a log inside a read transaction, so concurrent writers do not disturb it.

    ``known``: (rows, hash) checkpoints of earlier sound verifications (:mod:`factdesk.store.memo`);
    the signatures of the rows the longest one matching this chain covers are not checked again.
    """
    # integrity_check, not quick_check: only it compares every index with its table
    problems = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    if problems != ["ok"]:
        return VerifyReport(False, 0, None, f"SQLite integrity check failed: {problems[0]}")
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in ("verdicts", "log_head"):
        if table not in tables:
            return VerifyReport(False, 0, None, f"the {table} table was removed")
    trusted = trusted_prefix(conn, known)  # holds only if the walk below succeeds
    with SignatureAudit(trusted) as audit:  # the trusted rows' keys are counted as the walk reads them
        check = walk(_feeding(conn.execute(f"{SELECT_ROW} ORDER BY id"), audit))
        head_hash = check.last_hash if check.rows else GENESIS
        problem = chain_problem(check, lambda: conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone())
        if problem is not None:
            return problem
        triggers = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall())
        for name, sql in TRIGGERS.items():
            if triggers.get(name) != sql:
                state = "removed" if name not in triggers else "altered"
                return VerifyReport(
                    False, check.rows, None, f"the append-only protection was {state} (trigger {name})"
                )
        for row in conn.execute(_SELECT_SIGNED_AFTER, [trusted]):  # the rows after them: every signature
            audit.add(row[0], Content(*row[1:]))
            if audit.stopped:
                break
        return completed(VerifyReport(True, check.rows, head=head_hash), audit.result(), trusted)
