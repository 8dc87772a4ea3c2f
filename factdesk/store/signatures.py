"""Checking the editors' signatures over a whole log (``log verify``, imports, the sheet).

Each signed entry carries its editor's public key; the first key an editor's
entries bear in the log is the key the log records for that editor. Checked:

- a signature that does not match its entry means the entry was changed after it
  was signed: the log is tampered with;
- an entry signed with another key than the one the log recorded for its editor:
  its key *changed* (a new computer, or someone writing under that name);
- an entry under the name of an editor whose key is on this computer, signed with
  a key that is not that one: its key is *unknown* here (not written from here);
- an unsigned entry (written before signing, or imported from an old export).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from factdesk.store.chain import Content
from factdesk.store.signature_pool import SignatureChecker
from factdesk.store.signing import key_id, own_public_key

MAX_LISTED = 5  # rows named per finding; the rest are counted


@dataclass(frozen=True)
class KeyFinding:
    """Entries of one editor whose key is unknown or changed."""

    editor: str
    kind: str  # "changed" or "unknown"
    key: str  # hex
    rows: tuple[int, ...]

    def __str__(self) -> str:
        listed = ", ".join(map(str, self.rows[:MAX_LISTED]))
        more = f" and {len(self.rows) - MAX_LISTED} more" if len(self.rows) > MAX_LISTED else ""
        what = "row" if len(self.rows) == 1 else "rows"
        if self.kind == "changed":
            why = f"signed with another key ({key_id(self.key)}) than the one the log first recorded for them"
        else:
            why = f"signed with a key ({key_id(self.key)}) that is not this computer's key for {self.editor!r}"
        return f"{self.editor!r}: {what} {listed}{more} {why}"


@dataclass(frozen=True)
class SignatureCheck:
    signed: int = 0
    unsigned: int = 0
    bad_row: int | None = None  # the first entry whose signature does not match
    bad_reason: str = ""
    keys: dict[str, tuple[str, ...]] = field(default_factory=dict)  # editor -> keys, first first
    findings: tuple[KeyFinding, ...] = ()
    checked: int = 0  # Ed25519 signatures actually checked (rows up to ``trusted`` are not)


class _Tally:
    """The editors' keys, the counts and the first bad signature, row by row in log order."""

    def __init__(self) -> None:
        self.signed = self.unsigned = 0
        self.keys: dict[str, list[str]] = {}
        self.odd: dict[tuple[str, str, str], list[int]] = {}
        self.own: dict[str, str | None] = {}
        self.bad_row: int | None = None
        self.bad_reason = ""

    def take(self, rows: Iterable[tuple[int, Content]], bad: frozenset[int]) -> bool:
        """Count ``rows``; False at the first whose id is in ``bad`` (the rows after it are not counted)."""
        for row_id, content in rows:
            if not content.signed:
                self.unsigned += 1
                continue
            if row_id in bad:
                self.bad_row = row_id
                self.bad_reason = (
                    f"row {row_id}'s signature by {content.editor!r} does not match it: "
                    "the entry was changed after it was signed"
                )
                return False
            self.signed += 1
            editor, key = content.editor, content.signer_key
            known = self.keys.setdefault(editor, [])
            if not known:
                known.append(key)
            elif key != known[0]:
                if key not in known:
                    known.append(key)
                self.odd.setdefault((editor, "changed", key), []).append(row_id)
            if editor not in self.own:
                self.own[editor] = own_public_key(editor)
            if self.own[editor] is not None and key != self.own[editor]:
                self.odd.setdefault((editor, "unknown", key), []).append(row_id)
        return True

    def result(self, checked: int) -> SignatureCheck:
        return SignatureCheck(self.signed, self.unsigned, self.bad_row, self.bad_reason, _frozen(self.keys),
                              _findings(self.odd), checked)


class SignatureAudit:
    """:func:`check_signatures` fed row by row: :meth:`add` each row in log order, then :meth:`result`.

    Rows may be added while they are read for something else (the chain walk reads the rows whose
    signatures are trusted); many signatures are checked by helper processes meanwhile.
    """

    def __init__(self, trusted: int = 0, workers: int | None = None):
        self.trusted = trusted
        self.stopped = False  # a forged signature was found: the rows after it do not count
        self._tally = _Tally()
        self._checker = SignatureChecker(workers)

    def add(self, row_id: int, content: Content, trusted: bool | None = None) -> None:
        """The next row in log order; ``trusted``: its signature was found valid by an earlier
        verification of the very same chain (default: whether it is one of rows 1..``self.trusted``)."""
        if self.stopped:
            return
        if trusted is None:
            trusted = row_id <= self.trusted
        self._checker.add(row_id, content, content.signed and not trusted)
        for batch in self._checker.ready():
            if not self._tally.take(batch.rows, batch.bad or frozenset()):
                self.stopped = True
                return

    def result(self) -> SignatureCheck:
        """The check of every row added (waits for the helpers); stops them."""
        if not self.stopped:
            for batch in self._checker.finish():
                if not self._tally.take(batch.rows, batch.bad or frozenset()):
                    break
            self.stopped = True
        self.close()
        return self._tally.result(self._checker.checked)

    def close(self) -> None:
        """Stop the helpers, if any (work still queued for them is dropped)."""
        self._checker.close()

    def __enter__(self) -> SignatureAudit:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_signatures(rows: Iterable[tuple[int, Content]], trusted: int = 0,
                     workers: int | None = None) -> SignatureCheck:
    """Check the signatures of (row id, content) in log order; stops at the first forged signature.

    ``trusted``: the signatures of rows 1..trusted are known to be valid (an earlier verification of
    the very same rows, see :mod:`factdesk.store.memo`): they are not checked again, but their keys are
    counted as any other's. Many signatures are checked on every core (:mod:`factdesk.store.signature_pool`;
    ``workers`` processes, default one per core).
    """
    with SignatureAudit(trusted, workers) as audit:
        for row_id, content in rows:
            audit.add(row_id, content)
            if audit.stopped:
                break
        return audit.result()


def _frozen(keys: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {editor: tuple(k) for editor, k in sorted(keys.items())}


def _findings(odd: dict[tuple[str, str, str], list[int]]) -> tuple[KeyFinding, ...]:
    return tuple(KeyFinding(e, kind, key, tuple(rows)) for (e, kind, key), rows in sorted(odd.items()))
