from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factdesk.model import MentionSnapshot
from factdesk.store.chain import (
    GENESIS,
    Content,
    StoredRow,
    content_uid,
    decode_snapshot,
    encode_snapshot,
    format_time,
    parse_time,
    row_hash,
    walk,
)

CONTENT = Content(
    case="flood",
    fingerprint="number|125000|a1.txt,a2.txt",
    editor="ann",
    verdict="verified",
    note="élan",
    correct_value="",
    source="",
    created="2024-05-01T12:00:00.000000+00:00",
    app_version="0.1.0",
    claim_id="c1",
    snapshot=encode_snapshot([MentionSnapshot("a1.txt", 1, 8, "125,000")]),
)


def sealed(row_id: int, content: Content, prev: str) -> StoredRow:
    uid = content_uid(content.canonical())
    return StoredRow.of(row_id, content, uid, prev, row_hash(prev, row_id, uid))


def chain(n: int) -> list[StoredRow]:
    rows, prev = [], GENESIS
    for i in range(1, n + 1):
        rows.append(sealed(i, CONTENT._replace(note=f"note {i}"), prev))
        prev = rows[-1].hash
    return rows


def test_canonical_form_is_fixed() -> None:
    # The stored hashes depend on this exact text: changing it breaks every existing log.
    assert CONTENT.canonical() == (
        '["factdesk-verdict/1","flood","number|125000|a1.txt,a2.txt","ann","verified","élan","","",'
        '"2024-05-01T12:00:00.000000+00:00","0.1.0","c1","[[\\"a1.txt\\",1,8,\\"125,000\\"]]"]'
    )
    uid = content_uid(CONTENT.canonical())
    assert uid == hashlib.sha256(CONTENT.canonical().encode("utf-8")).hexdigest()
    assert row_hash(GENESIS, 1, uid) == hashlib.sha256(f"{GENESIS}\n1\n{uid}".encode()).hexdigest()


def test_time_format_round_trips_and_is_strict() -> None:
    moment = dt.datetime(2024, 5, 1, 12, 0, 0, 5, tzinfo=dt.UTC)
    assert parse_time(format_time(moment)) == moment
    with pytest.raises(ValueError):
        parse_time("2024-05-01T12:00:00+00:00")
    with pytest.raises(ValueError):
        parse_time("2024-05-01T14:00:00.000000+02:00")


def test_snapshot_round_trips() -> None:
    mentions = (MentionSnapshot("a.txt", 0, 3, "«1»"), MentionSnapshot("b.txt", 5, 9, 'say "x"'))
    assert decode_snapshot(encode_snapshot(mentions)) == mentions


def test_an_intact_chain_walks() -> None:
    check = walk(chain(5))
    assert (check.rows, check.broken_id, check.last_hash) == (5, None, chain(5)[-1].hash)


def test_an_edited_row_is_found() -> None:
    rows = chain(5)
    rows[2] = rows[2]._replace(verdict="disputed")
    check = walk(rows)
    assert check.broken_id == 3
    assert "does not match its hash" in check.reason


def test_a_rehashed_row_breaks_the_next_link() -> None:
    rows = chain(5)
    rows[2] = sealed(3, rows[2].content._replace(verdict="disputed"), rows[2].prev_hash)
    check = walk(rows)
    assert check.broken_id == 4
    assert "row 3 was changed" in check.reason


def test_a_removed_row_is_found() -> None:
    rows = chain(5)
    del rows[1]
    assert walk(rows).broken_id == 3
    assert "row 2 is missing" in walk(rows).reason


def test_reordered_rows_are_found() -> None:
    rows = chain(3)
    rows[1], rows[2] = rows[2], rows[1]
    assert walk(rows).broken_id == 3


def test_a_forged_uid_is_found() -> None:
    rows = chain(2)
    rows[1] = rows[1]._replace(uid="0" * 64)
    assert "identifier" in walk(rows).reason


def test_plain_tuples_walk_like_rows() -> None:
    assert walk(tuple(r) for r in chain(3)) == walk(chain(3))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.text(), min_size=11, max_size=11))
def test_canonical_form_is_compact_json(fields: list[str]) -> None:
    content = Content(*fields)
    assert content.canonical() == json.dumps(
        ["factdesk-verdict/1", *fields], ensure_ascii=False, separators=(",", ":")
    )
    assert json.loads(content.canonical())[1:] == fields
