"""Many signatures are checked by helper processes, with the very outcome of checking them here."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from factdesk.store import signature_pool
from factdesk.store.chain import Content, format_time
from factdesk.store.signatures import check_signatures
from factdesk.store.signing import sign_all

ROWS = 2_600
T0 = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def contents(rows: int = ROWS) -> list[tuple[int, Content]]:
    unsigned = [
        Content("case-a", f"fp-{i}", ("ann", "bob")[i % 2], "verified", f"note {i}", "", "",
                format_time(T0 + dt.timedelta(seconds=i)), "0.1", f"c{i}", "[]")
        for i in range(rows)
    ]
    signed = sign_all(unsigned)
    signed[7] = unsigned[7]  # an entry from before signing
    return list(enumerate(signed, start=1))


def forge(rows: list[tuple[int, Content]], row_id: int) -> list[tuple[int, Content]]:
    changed = list(rows)
    changed[row_id - 1] = (row_id, rows[row_id - 1][1]._replace(note="forged"))
    return changed


@pytest.mark.parametrize("forged", [None, 5, 2_345])
def test_helpers_find_what_checking_here_finds(forged: int | None) -> None:
    rows = contents() if forged is None else forge(contents(), forged)
    here = check_signatures(rows, workers=1)
    with signature_pool.SignatureChecker(workers=2, parallel_from=2_000) as checker:
        for row_id, content in rows:
            checker.add(row_id, content, content.signed)
        batches = list(checker.ready()) + list(checker.finish())
        assert checker.helpers_used
    assert [row for batch in batches for row in batch.rows] == rows  # every row, in log order
    assert {row for batch in batches for row in (batch.bad or ())} == ({forged} if forged else set())
    shared = check_signatures(rows, workers=2)
    # the same outcome (helpers may have checked a few batches more before the forgery was counted)
    assert replace(shared, checked=0) == replace(here, checked=0)
    assert here.bad_row == forged and here.unsigned == (0 if forged == 5 else 1)  # row 8 is unsigned
    if forged is None:
        assert here.checked == ROWS - 1 and here.signed == ROWS - 1


def test_few_signatures_are_checked_here() -> None:
    rows = contents(300)
    with signature_pool.SignatureChecker(workers=2, parallel_from=2_000) as checker:
        for row_id, content in rows:
            checker.add(row_id, content, content.signed)
        list(checker.finish())
        assert not checker.helpers_used and checker.checked == 299


def test_when_no_helper_can_start_everything_is_checked_here(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_processes() -> None:
        raise OSError("no processes in this sandbox")

    monkeypatch.setattr(signature_pool, "process_context", no_processes)
    rows = forge(contents(), 2_222)
    with signature_pool.SignatureChecker(workers=2, parallel_from=2_000) as checker:
        for row_id, content in rows:
            checker.add(row_id, content, content.signed)
        assert {row for batch in checker.finish() for row in (batch.bad or ())} == {2_222}
        assert not checker.helpers_used
    check = check_signatures(rows, workers=2)
    assert check.bad_row == 2_222 and check == check_signatures(rows, workers=1)  # both checked here


def test_trusted_rows_are_counted_but_not_checked() -> None:
    rows = forge(contents(), 100)  # a forged row inside the trusted prefix is, by definition, not looked at
    check = check_signatures(rows, trusted=2_000, workers=1)
    assert check.bad_row is None and check.checked == ROWS - 2_000 and check.signed == ROWS - 1
