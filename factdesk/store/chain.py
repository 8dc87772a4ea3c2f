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

The local log is one chain, ids 1, 2, 3... The shared log on PostgreSQL keeps one
chain per case (so that writers on different cases never queue on one another),
after the one global chain it may have held before it switched: a case chain's
rows link to the case's row before them, its first row to
``sha256(anchor + "\\ncase\\n" + case)`` (:func:`case_genesis`), where ``anchor`` is the
last hash of the global chain at the switch (:data:`GENESIS` for a log that never had
one). Ids still grow along each case's chain but skip the other cases' rows (and a few
numbers), so the end of a case chain is checked against its head, :class:`CaseHead`.

(sha256 is over the UTF-8 bytes; hashes are lowercase hex.)

Changing any field, renumbering, reordering or removing rows breaks the chain.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from factdesk.model import MentionSnapshot

FORMAT = "factdesk-verdict/1"
FORMAT_SIGNED = "factdesk-verdict-signed/1"
GENESIS = "0" * 64
HEADS_FORMAT = "factdesk-case-heads/1"
MAX_BREAKS_NAMED = 5  # broken cases named in one reason; the rest are counted
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


class CaseHead(NamedTuple):
    """Where one case's chain ends: its rows, the id of its last row, that row's hash."""

    rows: int
    last_id: int
    hash: str


def case_genesis(anchor: str, case: str) -> str:
    """The ``prev_hash`` of a case chain's first row: the global chain's last hash at the switch, and the case."""
    return hashlib.sha256(f"{anchor}\ncase\n{case}".encode()).hexdigest()


def log_head_of(anchor: str, heads: Mapping[str, CaseHead]) -> str:
    """One hash for a whole log: the global chain's last hash while it has no case chains, else
    the digest of that anchor and every case chain's head (what `log verify` prints as ``head``)."""
    if not heads:
        return anchor
    text = json.dumps([HEADS_FORMAT, anchor, sorted([key, *head] for key, head in heads.items())],
                      ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class CaseChains:
    """The outcome of walking case chains: each case's head, and the first break of each broken case."""

    heads: dict[str, CaseHead]
    breaks: dict[str, tuple[int, str]]  # case -> (first row that fails, why)
    rows: int  # rows walked

    def first_break(self) -> tuple[int, str] | None:
        """(row, reason) of the lowest broken row, the reason naming the other broken cases too."""
        if not self.breaks:
            return None
        ordered = sorted(self.breaks.items(), key=lambda item: item[1][0])
        row_id, reason = ordered[0][1]
        others = [f"case {case!r} at row {row}" for case, (row, _) in ordered[1:MAX_BREAKS_NAMED]]
        if len(ordered) > MAX_BREAKS_NAMED:
            others.append(f"{len(ordered) - MAX_BREAKS_NAMED} more cases")
        return row_id, reason + (f"; also broken: {', '.join(others)}" if others else "")


def walk_cases(
    rows: Iterable[Sequence[Any]], anchor: str, start: Mapping[str, CaseHead] | None = None, after_id: int = 0
) -> CaseChains:
    """Walk rows (shaped as for :func:`walk`, in id order) as one chain per case from ``anchor``.

    ``start``: the heads of case chains walked before (their rows are not given again); every
    row's id is above ``after_id`` (the end of the global chain). A broken case is walked no
    further; the others are.
    """
    heads: dict[str, CaseHead] = dict(start or {})
    breaks: dict[str, tuple[int, str]] = {}
    count = 0
    for row in rows:
        row_id, case = row[0], row[1]
        if case in breaks:
            continue
        count += 1
        head = heads.get(case)
        if head is None:
            head = CaseHead(0, after_id, case_genesis(anchor, case))
        if row_id <= head.last_id:
            breaks[case] = (row_id, f"row {row_id} of case {case!r} appears out of order or twice")
            continue
        if row[15] != head.hash:
            where = (f"row {head.last_id} was changed or replaced, or a verdict after it was deleted"
                     if head.rows else "it is not the case's first row")
            breaks[case] = (row_id, f"row {row_id} of case {case!r} no longer follows the case's chain: {where}")
            continue
        uid = content_uid(canonical_of(row[1:14]))
        if row_hash(head.hash, row_id, uid) != row[16]:
            why = "does not match its hash: it was changed after it was written"
            breaks[case] = (row_id, f"row {row_id} of case {case!r} {why}")
            continue
        if uid != row[14]:
            why = "has a forged identifier: it was changed after it was written"
            breaks[case] = (row_id, f"row {row_id} of case {case!r} {why}")
            continue
        heads[case] = CaseHead(head.rows + 1, row_id, row[16])
    return CaseChains(heads, breaks, count)


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
