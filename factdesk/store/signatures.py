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
from factdesk.store.signing import key_id, own_public_key, signature_valid

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


def check_signatures(rows: Iterable[tuple[int, Content]]) -> SignatureCheck:
    """Check the signatures of (row id, content) in log order; stops at the first forged signature."""
    signed = unsigned = 0
    keys: dict[str, list[str]] = {}
    odd: dict[tuple[str, str, str], list[int]] = {}
    own: dict[str, str | None] = {}
    for row_id, content in rows:
        if not content.signed:
            unsigned += 1
            continue
        if not signature_valid(content):
            reason = (
                f"row {row_id}'s signature by {content.editor!r} does not match it: "
                "the entry was changed after it was signed"
            )
            return SignatureCheck(signed, unsigned, row_id, reason, _frozen(keys), _findings(odd))
        signed += 1
        editor, key = content.editor, content.signer_key
        known = keys.setdefault(editor, [])
        if not known:
            known.append(key)
        elif key != known[0]:
            if key not in known:
                known.append(key)
            odd.setdefault((editor, "changed", key), []).append(row_id)
        if editor not in own:
            own[editor] = own_public_key(editor)
        if own[editor] is not None and key != own[editor]:
            odd.setdefault((editor, "unknown", key), []).append(row_id)
    return SignatureCheck(signed, unsigned, None, "", _frozen(keys), _findings(odd))


def _frozen(keys: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {editor: tuple(k) for editor, k in sorted(keys.items())}


def _findings(odd: dict[tuple[str, str, str], list[int]]) -> tuple[KeyFinding, ...]:
    return tuple(KeyFinding(e, kind, key, tuple(rows)) for (e, kind, key), rows in sorted(odd.items()))
