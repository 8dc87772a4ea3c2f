"""Issue #15, 1: whatever a log holds, its export imports back into an identical log."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.store import VerdictLog

from .helpers import verdict

# Any Unicode text SQLite can hold: everything but lone surrogates (which are not text).
any_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
editor_names = any_text.filter(lambda s: s.strip() != "")
LINE_BREAKERS = "\u2028\u2029\x85\r\n\x0b\x0c\x1c\x1d\x1e"


def rows_of(log: VerdictLog) -> list[tuple]:
    return log._conn.execute("SELECT * FROM verdicts ORDER BY id").fetchall()


def round_trip(notes: list[tuple[str, str, str]], format: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        with VerdictLog(tmp / "ann.sqlite3") as source, VerdictLog(tmp / "copy.sqlite3") as copy:
            for i, (editor, note, wording) in enumerate(notes):
                source.record(verdict(f"fp-{i}", editor, "disputed", note=note, correct_value=wording))
            exported = tmp / f"x.{format}"
            with open(exported, "w", encoding="utf-8", newline="") as fp:
                source.export(fp, format)
            report = copy.import_file(exported)
            assert report.added == len(notes)
            assert rows_of(copy) == rows_of(source)
            assert copy.verify().ok


def test_line_separators_in_a_note_survive_both_formats(tmp_path: Path) -> None:
    notes = [("ann", f"a{c}b", f"“{c}”") for c in LINE_BREAKERS]
    round_trip(notes, "jsonl")
    round_trip(notes, "csv")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(editor_names, any_text, any_text), min_size=1, max_size=4), st.sampled_from(["jsonl", "csv"]))
def test_export_then_import_gives_the_identical_log(notes: list[tuple[str, str, str]], format: str) -> None:
    round_trip(notes, format)


def test_a_note_with_undecodable_bytes_is_refused_in_one_line(log: VerdictLog) -> None:
    import pytest

    from factdesk.store import InvalidVerdict

    with pytest.raises(InvalidVerdict, match="note is not valid text"):
        log.record(verdict(note="caf\udce9"))  # b"caf\xe9" read from a Latin-1 shell
    assert log.count() == 0
