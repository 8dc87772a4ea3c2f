from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from factdesk import __version__
from factdesk.model import Article, Case, VerdictState
from factdesk.store import InvalidVerdict, VerdictLog

from .helpers import verdict

T0 = dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


def test_record_returns_the_stored_verdict(log: VerdictLog) -> None:
    stored = log.record(
        verdict(note="checked with the ministry", correct_value="125,000", source="press office")
    )
    assert stored.id == 1
    assert stored.app_version == __version__
    assert stored.created.tzinfo is not None
    assert log.history("case-a") == [stored]


def test_times_are_stored_in_utc(log: VerdictLog) -> None:
    paris = dt.timezone(dt.timedelta(hours=2))
    stored = log.record(verdict(created=dt.datetime(2024, 5, 1, 14, 0, tzinfo=paris)))
    assert stored.created == dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.UTC)
    assert log.history("case-a")[0].created.utcoffset() == dt.timedelta(0)
    naive = log.record(verdict(fingerprint="fp-2", created=dt.datetime(2024, 5, 1, 9, 30)))
    assert naive.created == dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)


def test_recording_the_same_verdict_twice_adds_one_row(log: VerdictLog) -> None:
    v = verdict(created=at(0))
    first, again = log.record(v), log.record(v)
    assert first.id == again.id == 1
    assert log.count() == 1


def test_a_correction_is_a_new_row(log: VerdictLog) -> None:
    log.record(verdict(created=at(0)))
    log.record(verdict(state="disputed", created=at(1), note="second look"))
    assert [v.verdict for v in log.history("case-a")] == [VerdictState.VERIFIED, VerdictState.DISPUTED]
    assert log.latest("case-a")["fp-1"]["ann"].note == "second look"


def test_latest_is_per_claim_and_editor(log: VerdictLog) -> None:
    log.record(verdict("fp-1", "ann", "verified", created=at(0)))
    log.record(verdict("fp-1", "bob", "disputed", created=at(1)))
    log.record(verdict("fp-2", "ann", "unresolved", created=at(2)))
    log.record(verdict("fp-1", "ann", "disputed", created=at(3)))
    log.record(verdict("fp-9", "ann", "verified", case="case-b", created=at(4)))
    latest = log.latest("case-a")
    assert {fp: {e: v.verdict.value for e, v in eds.items()} for fp, eds in latest.items()} == {
        "fp-1": {"ann": "disputed", "bob": "disputed"},
        "fp-2": {"ann": "unresolved"},
    }
    assert log.latest("no-such-case") == {}


def test_retraction_withdraws_the_editors_verdict_only(log: VerdictLog) -> None:
    log.record(verdict("fp-1", "ann", "verified", created=at(0)))
    log.record(verdict("fp-1", "bob", "verified", created=at(1)))
    log.record(verdict("fp-1", "ann", "retracted", created=at(2)))
    assert set(log.latest("case-a")["fp-1"]) == {"bob"}
    log.record(verdict("fp-1", "bob", "retracted", created=at(3)))
    assert log.latest("case-a") == {}
    log.record(verdict("fp-1", "ann", "disputed", created=at(4)))
    assert log.latest("case-a")["fp-1"]["ann"].verdict is VerdictState.DISPUTED
    assert len(log.history("case-a", "fp-1")) == 5


def test_latest_follows_the_log_order_not_clocks(log: VerdictLog) -> None:
    log.record(verdict(state="disputed", created=at(10)))
    log.record(verdict(state="verified", created=at(5)))  # recorded later on a machine whose clock is behind
    assert log.latest("case-a")["fp-1"]["ann"].verdict is VerdictState.VERIFIED


def test_history_is_in_log_order_and_filters_by_claim(log: VerdictLog) -> None:
    log.record(verdict("fp-2", created=at(2)))
    log.record(verdict("fp-1", created=at(1)))
    log.record(verdict("fp-1", "bob", created=at(3)))
    assert [(v.fingerprint, v.editor) for v in log.history("case-a")] == [
        ("fp-2", "ann"),
        ("fp-1", "ann"),
        ("fp-1", "bob"),
    ]
    assert [v.editor for v in log.history("case-a", "fp-1")] == ["ann", "bob"]


def test_every_field_round_trips(log: VerdictLog) -> None:
    original = verdict(
        note="line one\nline two — «quoted» 🙂",
        correct_value="about 125 000",
        source="https://example.org/x?y=1",
        claim_id="c7",
        app_version="9.9.9",
        created=at(0),
    )
    stored = log.record(original)
    (read,) = log.history("case-a")
    assert read == stored
    assert (read.note, read.correct_value, read.source, read.claim_id, read.app_version) == (
        original.note,
        original.correct_value,
        original.source,
        "c7",
        "9.9.9",
    )
    assert read.snapshot == original.snapshot


@pytest.mark.parametrize(
    ("field", "value"),
    [("editor", "  "), ("fingerprint", ""), ("case", ""), ("verdict", "approved")],
)
def test_incomplete_verdicts_are_refused(log: VerdictLog, field: str, value: str) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidVerdict):
        log.record(replace(verdict(), **{field: value}))
    assert log.count() == 0


def test_record_many_is_all_or_nothing(log: VerdictLog) -> None:
    with pytest.raises(InvalidVerdict):
        log.record_many([verdict("fp-1"), verdict("fp-2", editor="")])
    assert log.count() == 0
    stored = log.record_many([verdict("fp-1"), verdict("fp-2")])
    assert [v.id for v in stored] == [1, 2]


def test_record_case_is_idempotent_and_keeps_text_versions(log: VerdictLog) -> None:
    case = Case("flood", "/cases/flood", (Article("a1.txt", "Some text."), Article("a2.txt", "Other.")))
    log.record_case(case)
    log.record_case(case)
    edited = Case("flood", "/cases/flood", (Article("a1.txt", "Some text, edited."), case.articles[1]))
    log.record_case(edited)
    hashes = log.article_hashes("flood")
    assert hashes["a2.txt"] == {case.articles[1].text_hash}
    assert hashes["a1.txt"] == {case.articles[0].text_hash, edited.articles[0].text_hash}


def test_case_keys_lists_cases_with_verdicts(log: VerdictLog) -> None:
    log.record(verdict(case="b"))
    log.record(verdict(case="a"))
    assert log.case_keys() == ["a", "b"]


def test_threads_can_share_one_log(log: VerdictLog) -> None:
    def write(editor: str) -> None:
        for i in range(50):
            log.record(verdict(f"fp-{i}", editor))

    threads = [threading.Thread(target=write, args=(name,)) for name in ("ann", "bob", "cy")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert log.count() == 150
    assert log.verify().ok


def test_reopening_keeps_everything(db_path: Path) -> None:
    with VerdictLog(db_path) as first:
        stored = first.record(verdict())
    with VerdictLog(db_path) as again:
        assert again.history("case-a") == [stored]
        assert again.verify().ok


def test_readonly_open_reads_but_does_not_create(tmp_path: Path, db_path: Path) -> None:
    from factdesk.store import DatabaseMissing, DatabaseReadOnly

    with pytest.raises(DatabaseMissing):
        VerdictLog(tmp_path / "none.sqlite3", readonly=True)
    assert not (tmp_path / "none.sqlite3").exists()
    with VerdictLog(db_path) as writer:
        writer.record(verdict())
    with VerdictLog(db_path, readonly=True) as reader:
        assert reader.count() == 1
        with pytest.raises(DatabaseReadOnly):
            reader.record(verdict("fp-2"))
