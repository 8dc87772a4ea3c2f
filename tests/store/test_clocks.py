"""Issue #15, 2: the order of decisions is the log's, not a clock's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factdesk.store import VerdictLog

from .helpers import verdict

FUTURE = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
PAST = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def test_a_verdict_dated_in_the_future_does_not_hide_later_ones(log: VerdictLog) -> None:
    log.record(verdict("fp-1", "ann", "verified", created=FUTURE))
    log.record(verdict("fp-1", "ann", "disputed", note="second thoughts"))
    assert log.latest("case-a")["fp-1"]["ann"].verdict.value == "disputed"
    log.record(verdict("fp-1", "ann", "retracted"))
    assert "fp-1" not in log.latest("case-a")
    assert [v.verdict.value for v in log.history("case-a", "fp-1")] == ["verified", "disputed", "retracted"]


def test_an_old_clock_cannot_bring_back_a_withdrawn_verdict(log: VerdictLog) -> None:
    log.record(verdict("fp-1", "ann", "verified"))
    log.record(verdict("fp-1", "ann", "disputed", created=PAST))  # a machine whose clock was reset
    assert log.latest("case-a")["fp-1"]["ann"].verdict.value == "disputed"


def test_importing_future_dated_verdicts_warns_and_later_verdicts_still_count(tmp_path: Path) -> None:
    with VerdictLog(tmp_path / "colleague.sqlite3") as colleague:
        colleague.record(verdict("fp-1", "ann", "verified", created=FUTURE))
        exported = tmp_path / "colleague.jsonl"
        with open(exported, "w", encoding="utf-8", newline="") as fp:
            colleague.export(fp)
    with VerdictLog(tmp_path / "mine.sqlite3") as mine:
        report = mine.import_file(exported)
        assert report.future_dated == 1
        assert "1 verdict is dated in the future" in str(report)
        mine.record(verdict("fp-1", "ann", "disputed"))
        assert mine.latest("case-a")["fp-1"]["ann"].verdict.value == "disputed"
