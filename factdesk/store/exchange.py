"""Exporting the log (JSON Lines or CSV) and reading an export back for a merge.

An export carries every row with its id and hashes, so whoever imports it can
check the chain before trusting a single row. JSON Lines exports start with a
header line (format, version, row count, last hash) that also catches a file
cut short. The shared log's export (version 3) carries its rows as the server
chained them, one chain per case after the global chain it may have had before
(see :mod:`factdesk.store.chain`); its header's ``head`` is then the digest of
every case chain's head (:func:`~factdesk.store.chain.log_head_of`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import sqlite3
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from factdesk import __version__
from factdesk.model import MentionSnapshot, log_state
from factdesk.store.chain import (
    Content,
    StoredRow,
    case_genesis,
    decode_snapshot,
    encode_snapshot,
    log_head_of,
    parse_time,
    walk,
    walk_cases,
)
from factdesk.store.errors import ImportRefused, StoreError
from factdesk.store.rows import CONTENT_COLUMNS, SELECT_ROW, dated_in_future
from factdesk.store.signatures import KeyFinding, check_signatures

EXPORT_FORMAT = "factdesk-verdict-log"
# 2: entries carry their editor's key and signature (version 1 exports still import, as unsigned)
EXPORT_VERSION = 2
# 3: the shared log's rows, one chain per case after the global one (factdesk before 3 cannot read it)
CASE_CHAINS_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
FORMATS = ("jsonl", "csv")
# the export's columns: the stored row's, with the case key written as "case"
FIELDS = ("id", "case", *CONTENT_COLUMNS[1:], "uid", "prev_hash", "hash")
SIGNATURE_FIELDS = ("signer_key", "signature")  # absent from exports made before signing
_TEXT_FIELDS = FIELDS[1:11]
# Characters JSON leaves raw that other readers take for the end of a line
# (str.splitlines, many editors): a JSON Lines export writes them escaped.
_LINE_BREAKERS = {"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}
# A quotation stated by hundreds of articles, with its snapshot, is a legitimately long CSV field.
_CSV_FIELD_LIMIT = 1 << 30


@dataclass(frozen=True)
class ImportReport:
    added: int
    skipped: int  # already in the log
    by_editor: dict[str, int] = field(default_factory=dict)  # verdicts added per editor
    cases: tuple[str, ...] = ()  # cases that received verdicts
    future_dated: int = 0  # added verdicts dated more than a day ahead (a wrong clock)
    unsigned: int = 0  # added verdicts that carry no signature (an export from before signing)
    findings: tuple[KeyFinding, ...] = ()  # the export's entries whose editor's key is unknown or changed

    @classmethod
    def of(cls, added: list[Content], skipped: int, findings: tuple[KeyFinding, ...] = ()) -> ImportReport:
        editors = Counter(c.editor for c in added)
        future = sum(dated_in_future(parse_time(c.created)) for c in added)
        cases = tuple(sorted({c.case for c in added}))
        unsigned = sum(not c.signed for c in added)
        return cls(len(added), skipped, dict(sorted(editors.items())), cases, future, unsigned, findings)

    def __str__(self) -> str:
        text = f"added {self.added} verdict{'s' if self.added != 1 else ''}"
        if self.added:
            editors = ", ".join(f"{name}: {n}" for name, n in self.by_editor.items())
            text += f" ({editors}) in {len(self.cases)} case{'s' if len(self.cases) != 1 else ''}"
            text += f" ({', '.join(self.cases)})"
        text = f"{text}; skipped {self.skipped} already in the log"
        if self.future_dated:
            n = self.future_dated
            text += (
                f"; warning: {n} verdict{'s are' if n != 1 else ' is'} dated in the future (a wrong clock): "
                "the log orders verdicts by arrival, so later ones still count; `log show` marks them"
            )
        if self.unsigned:
            n = self.unsigned
            text += f"; {n} verdict{'s are' if n != 1 else ' is'} unsigned (an export from before signing)"
        for finding in self.findings:
            text += f"; warning: key {finding.kind}: {finding}"
        return text


# -- export -------------------------------------------------------------------------


def record_of(row: StoredRow) -> dict[str, Any]:
    c = row.content
    return {
        "id": row.id,
        **dict(zip(_TEXT_FIELDS, c[:10], strict=True)),
        "snapshot": [
            {"file": m.file, "start": m.start, "end": m.end, "text": m.text}
            for m in decode_snapshot(c.snapshot)
        ],
        "signer_key": c.signer_key,
        "signature": c.signature,
        "uid": row.uid,
        "prev_hash": row.prev_hash,
        "hash": row.hash,
    }


def json_line(obj: Any) -> str:
    """``obj`` as one line of JSON that every line splitter reads as exactly one line."""
    text = json.dumps(obj, ensure_ascii=False)
    for raw, escaped in _LINE_BREAKERS.items():
        text = text.replace(raw, escaped)
    return text + "\n"


def write_export(
    conn: sqlite3.Connection, fp: IO[str], format: str = "jsonl", head: tuple[int, str] | None = None,
    version: int = EXPORT_VERSION,
) -> int:
    """Write every row in log order; the caller holds a read transaction.

    ``head``: (rows, head hash) for the header when the log's ``log_head`` row does not hold them
    (the shared log with case chains, ``version`` 3).
    """
    if format not in FORMATS:
        raise StoreError(f"unknown export format {format!r} (use {' or '.join(FORMATS)})")
    rows, head_hash = head or conn.execute("SELECT rows, hash FROM log_head WHERE id = 1").fetchone()
    cursor = conn.execute(f"{SELECT_ROW} ORDER BY id")
    records = (record_of(StoredRow(*r)) for r in cursor)
    if format == "jsonl":
        header = {
            "format": EXPORT_FORMAT,
            "version": version,
            "app_version": __version__,
            "exported": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "rows": rows,
            "head": head_hash,
        }
        fp.write(json_line(header))
        for record in records:
            fp.write(json_line(record))
    else:
        # CRLF line ends (RFC 4180): the writer then quotes every field holding a CR or an LF
        writer = csv.DictWriter(fp, fieldnames=FIELDS, lineterminator="\r\n")
        writer.writeheader()
        for record in records:
            writer.writerow({**record, "snapshot": json.dumps(record["snapshot"], ensure_ascii=False)})
    return rows


# -- import -------------------------------------------------------------------------


def _refuse(path: Path, why: str) -> ImportRefused:
    return ImportRefused(f"refused {path.name}: {why}; nothing was imported")


def parse_json(text: str) -> Any:
    """``json.loads`` whose every failure is a :class:`ValueError` with a short reason.

    Refuses what the log cannot store: nesting deep enough to exhaust the parser, integers
    longer than Python converts (a 5,000-digit number) and lone surrogates (not UTF-8).
    """
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(exc.msg) from exc
    except RecursionError as exc:
        raise ValueError("nested too deeply") from exc
    except ValueError as exc:  # Python's limit on the digits of an integer
        raise ValueError("a number is too long") from exc
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValueError("a lone surrogate (\\ud800-\\udfff) is not text") from exc
    except (RecursionError, ValueError) as exc:
        raise ValueError("nested too deeply") from exc
    return value


def _jsonl_records(path: Path, text: str, header: dict[str, Any]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records after the header line, which is copied into ``header``."""
    expected: dict[str, Any] | None = None
    count = 0
    # Only "\n" ends a record: JSON escapes it inside strings, not U+2028 and the like.
    for line_no, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = parse_json(line)
        except ValueError as exc:
            raise _refuse(path, f"line {line_no} is not valid JSON ({exc})") from exc
        if not isinstance(obj, dict):
            raise _refuse(path, f"line {line_no} is not a JSON object")
        if expected is None:
            if "format" not in obj:
                raise _refuse(path, "it has no factdesk export header")
            if obj.get("format") != EXPORT_FORMAT or obj.get("version") not in READABLE_VERSIONS:
                raise _refuse(path, f"unsupported export format {obj.get('format')} {obj.get('version')}")
            expected = obj
            header.update(obj)
            continue
        count += 1
        yield line_no, obj
    if expected is None:
        raise _refuse(path, "it has no factdesk export header")
    if expected.get("rows") != count:
        raise _refuse(
            path, f"it is incomplete: its header announces {expected.get('rows')} verdicts, it holds {count}"
        )


def _csv_records(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    csv.field_size_limit(max(csv.field_size_limit(), _CSV_FIELD_LIMIT))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [f for f in FIELDS if f not in (reader.fieldnames or ()) and f not in SIGNATURE_FIELDS]
    if missing:
        raise _refuse(path, f"it is not a factdesk export (no column {missing[0]})")
    for record in reader:
        try:
            record["snapshot"] = parse_json(record["snapshot"] or "")
            record["id"] = int(record["id"] or "")
        except ValueError as exc:
            raise _refuse(path, f"line {reader.line_num} has a malformed id or snapshot") from exc
        yield reader.line_num, record


def _stored_row(record: dict[str, Any]) -> StoredRow:
    """A chain row from an exported record; ``ValueError`` when a field is missing or malformed."""
    texts = [record.get(name) for name in _TEXT_FIELDS]
    hashes = [record.get(name) for name in ("uid", "prev_hash", "hash")]
    signature = [record.get(name) or "" for name in SIGNATURE_FIELDS]  # "" in an export from before signing
    if not all(isinstance(t, str) for t in (*texts, *hashes, *signature)) or type(record.get("id")) is not int:
        raise ValueError("a field is missing or has the wrong type")
    mentions = record.get("snapshot")
    if not isinstance(mentions, list) or not all(isinstance(m, dict) for m in mentions):
        raise ValueError("the snapshot is malformed")
    snapshot = tuple(MentionSnapshot(m["file"], m["start"], m["end"], m["text"]) for m in mentions)
    if not all(isinstance(m.file, str) and isinstance(m.text, str) for m in snapshot) or not all(
        type(m.start) is int and type(m.end) is int for m in snapshot
    ):
        raise ValueError("the snapshot is malformed")
    content = Content(*texts, encode_snapshot(snapshot), *signature)
    return StoredRow.of(record["id"], content, *hashes)


def _check_values(content: Content) -> None:
    try:
        log_state(content.verdict)
    except ValueError:
        raise ValueError(f"unknown verdict {content.verdict!r}") from None
    if not (content.case and content.fingerprint and content.editor):
        raise ValueError("a case, fingerprint or editor is empty")
    parse_time(content.created)


def _walk_export(path: Path, rows: list[StoredRow]) -> str:
    """Check the chain of an export's rows: one chain, or (the shared log's) one per case after it.

    The first row that does not continue the global chain but starts its case's chain from the
    global chain's last hash marks the switch; every row after it belongs to a case chain. Returns
    the log's head (:func:`log_head_of`); :class:`ImportRefused` when a chain is broken.
    """
    check = walk(rows)
    if check.broken_id is None:
        return check.last_hash
    first = rows[check.rows]
    if first.prev_hash != case_genesis(check.last_hash, first.case):
        raise _refuse(path, f"its hash chain is broken — {check.reason}")
    chains = walk_cases(rows[check.rows :], check.last_hash, after_id=check.rows)
    broken = chains.first_break()
    if broken is not None:
        raise _refuse(path, f"its hash chain is broken — {broken[1]}")
    return log_head_of(check.last_hash, chains.heads)


def read_export(path: Path) -> tuple[list[Content], tuple[KeyFinding, ...]]:
    """The verdicts of an export after checking its whole chain and every signature, with the export's
    entries whose editor's key is unknown or changed; :class:`ImportRefused` otherwise."""
    try:
        # newline="": a CR inside a quoted CSV field is part of a note, not a line ending to translate
        with open(path, encoding="utf-8-sig", newline="") as fp:
            text = fp.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ImportRefused(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from exc
    header: dict[str, Any] = {}
    is_jsonl = text.lstrip().startswith("{")
    records = _jsonl_records(path, text, header) if is_jsonl else _csv_records(path, text)
    rows: list[StoredRow] = []
    for line_no, record in records:
        try:
            row = _stored_row(record)
            _check_values(row.content)
        except (ValueError, KeyError, TypeError) as exc:
            raise _refuse(path, f"line {line_no} is malformed ({exc})") from exc
        rows.append(row)
    head = _walk_export(path, rows)
    if header and header.get("head") != head:
        raise _refuse(path, "its header does not match its last verdict")
    signatures = check_signatures((row.id, row.content) for row in rows)
    if signatures.bad_row is not None:
        raise _refuse(path, signatures.bad_reason)
    return [row.content for row in rows], signatures.findings
