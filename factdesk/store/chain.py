"""The canonical content of a verdict row and the hash chain over rows.

A row's content is the list ``[FORMAT, case, fingerprint, editor, verdict, note,
correct_value, source, created, app_version, claim_id, snapshot]`` serialised as
compact JSON (UTF-8, no ASCII escaping, ``created`` as ISO 8601 UTC with
microseconds, ``snapshot`` as the compact JSON of ``[[file, start, end, text], ...]``).

An entry signed by its editor (:mod:`factdesk.store.signing`) has two more fields,
``signer_key`` (the editor's Ed25519 public key, hex) and ``signature`` (hex, over
the unsigned text above); its content is then ``[FORMAT_SIGNED, ...the eleven
fields..., signer_key, signature]``. So the signature is part of what is hashed,
stored and exchanged by every backend. Unsigned entries (written before signing)
keep their original content and hashes.

- ``uid  = sha256(content)`` identifies a verdict across logs (imports skip known uids);
- ``hash = sha256(prev_hash + "\\n" + str(id) + "\\n" + uid)`` chains row ``id`` and
  its content to the row before it; the first row's ``prev_hash`` is :data:`GENESIS`.

(sha256 is over the UTF-8 bytes; hashes are lowercase hex.)

Changing any field, renumbering, reordering or removing rows breaks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from factdesk.model import MentionSnapshot

FORMAT = "factdesk-verdict/1"
FORMAT_SIGNED = "factdesk-verdict-signed/1"
GENESIS = "0" * 64
_json_string = json.encoder.encode_basestring  # a JSON string literal, non-ASCII kept as is
_FORMAT_JSON = _json_string(FORMAT)
_FORMAT_SIGNED_JSON = _json_string(FORMAT_SIGNED)
SIGNED_FIELDS = 11  # the fields a signature covers (all but signer_key and signature)


class Content(NamedTuple):
    """The hashed fields of one verdict row, exactly as stored, in column order.

    A named tuple rather than a dataclass: ``log verify`` builds one per row and
    has to walk 100,000 rows in well under two seconds.
    """

    case: str  # stored as ``case_key``
    fingerprint: str
    editor: str
    verdict: str
    note: str
    correct_value: str
    source: str
    created: str  # see format_time()
    app_version: str
    claim_id: str
    snapshot: str  # see encode_snapshot()
    signer_key: str = ""  # the editor's Ed25519 public key (hex); "" for an unsigned entry
    signature: str = ""  # hex, over signing_text(); "" for an unsigned entry

    def canonical(self) -> str:
        return canonical_of(self)

    def signing_text(self) -> str:
        """What the editor's signature covers: the unsigned canonical content."""
        return canonical_of(self[:SIGNED_FIELDS])

    @property
    def signed(self) -> bool:
        return bool(self.signer_key or self.signature)


class StoredRow(NamedTuple):
    """A row as the chain sees it, flat, in the order ``rows.SELECT_ROW`` reads it.

    :func:`walk` also takes plain tuples of that shape straight from SQLite.
    """

    id: int
    case: str
    fingerprint: str
    editor: str
    verdict: str
    note: str
    correct_value: str
    source: str
    created: str
    app_version: str
    claim_id: str
    snapshot: str
    signer_key: str
    signature: str
    uid: str
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, row_id: int, content: Content, uid: str, prev_hash: str, hash: str) -> StoredRow:
        return cls(row_id, *content, uid, prev_hash, hash)

    @property
    def content(self) -> Content:
        return Content(*self[1:14])


@dataclass(frozen=True, slots=True)
class ChainCheck:
    """The outcome of walking a chain: rows read, last hash, and the first break if any."""

    rows: int
    last_hash: str
    broken_id: int | None = None
    reason: str = ""


def walk(rows: Iterable[Sequence[Any]], after: tuple[int, str] = (0, GENESIS)) -> ChainCheck:
    """Check ids run 1, 2, 3..., each row links to the one before, and each hash matches its content.

    ``rows`` are :class:`StoredRow` or plain tuples of that shape, in id order.
    ``after`` = (rows already checked, their last hash): walk on from there.
    """
    count, prev_hash = after
    expected = count + 1
    for row in rows:
        row_id = row[0]
        if row_id != expected:
            if row_id > expected:
                missing = (
                    f"row {expected} is" if row_id == expected + 1 else f"rows {expected}-{row_id - 1} are"
                )
                reason = f"{missing} missing: verdicts were deleted"
            else:
                reason = f"row {row_id} appears out of order or twice"
            return ChainCheck(count, prev_hash, row_id, reason)
        if row[15] != prev_hash:
            where = f"row {row_id - 1} was changed or replaced" if row_id > 1 else "it is not the first row"
            return ChainCheck(count, prev_hash, row_id, f"row {row_id} no longer follows the chain: {where}")
        uid = content_uid(canonical_of(row[1:14]))
        if row_hash(prev_hash, row_id, uid) != row[16]:
            why = "does not match its hash: it was changed after it was written"
            return ChainCheck(count, prev_hash, row_id, f"row {row_id} {why}")
        if uid != row[14]:
            why = "has a forged identifier: it was changed after it was written"
            return ChainCheck(count, prev_hash, row_id, f"row {row_id} {why}")
        prev_hash, expected, count = row[16], expected + 1, count + 1
    return ChainCheck(count, prev_hash)


def canonical_of(values: Sequence[str]) -> str:
    """The canonical text of content fields (see :meth:`Content.canonical`).

    Eleven fields, or thirteen of which the last two (key, signature) are empty: the
    unsigned form; thirteen with a key or signature: the signed form.
    """
    # == json.dumps([FORMAT, *values], ensure_ascii=False, separators=(",", ":")) as every
    # value is a str, at a fraction of the cost (verify walks every row).
    if len(values) > SIGNED_FIELDS and (values[SIGNED_FIELDS] or values[SIGNED_FIELDS + 1]):
        return f"[{_FORMAT_SIGNED_JSON},{','.join(map(_json_string, values))}]"
    return f"[{_FORMAT_JSON},{','.join(map(_json_string, values[:SIGNED_FIELDS]))}]"


def content_uid(canonical: str) -> str:
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def row_hash(prev_hash: str, row_id: int, uid: str) -> str:
    return hashlib.sha256(f"{prev_hash}\n{row_id}\n{uid}".encode()).hexdigest()


def to_utc(moment: dt.datetime) -> dt.datetime:
    """An aware UTC datetime; naive datetimes are taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def format_time(moment: dt.datetime) -> str:
    return to_utc(moment).isoformat(timespec="microseconds")


def parse_time(text: str) -> dt.datetime:
    """Inverse of :func:`format_time`; ``ValueError`` unless ``text`` is in exactly that form."""
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None or format_time(moment) != text:
        raise ValueError(f"not a factdesk UTC time: {text!r}")
    return moment


def encode_snapshot(mentions: Iterable[MentionSnapshot]) -> str:
    return json.dumps(
        [[m.file, m.start, m.end, m.text] for m in mentions], ensure_ascii=False, separators=(",", ":")
    )


def decode_snapshot(text: str) -> tuple[MentionSnapshot, ...]:
    return tuple(MentionSnapshot(file, start, end, body) for file, start, end, body in json.loads(text))
