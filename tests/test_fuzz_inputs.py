"""Hypothesis over arbitrary bytes (#15 Tests): `log import` and reading a case never raise a traceback,
and a refused import writes nothing. Bounded sizes and examples keep the suite fast."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factdesk.case import CaseError, article_from_bytes
from factdesk.store import StoreError, VerdictLog

HEADER = json.dumps({"format": "factdesk-verdict-log", "version": 1, "rows": 1, "head": "0" * 64}).encode()
# bytes alone, or bytes after a valid header (the parser's deeper paths)
EXPORT_BYTES = st.one_of(
    st.binary(max_size=2000),
    st.builds(lambda tail: HEADER + b"\n" + tail, st.binary(max_size=2000)),
    st.builds(lambda text: HEADER + b"\n" + text.encode("utf-8", "surrogatepass"), st.text(max_size=500)),
)
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@FUZZ
@given(data=EXPORT_BYTES)
def test_log_import_of_arbitrary_bytes_refuses_in_one_line_and_writes_nothing(tmp_path: Path, data: bytes) -> None:
    db = tmp_path / "log.sqlite3"
    if not db.exists():
        with VerdictLog(db) as log:
            log.record_many([])
    before = digest(db)
    export = tmp_path / "colleague.jsonl"
    export.write_bytes(data)
    try:
        with VerdictLog(db) as log:
            report = log.import_file(export)
    except StoreError as refused:
        assert "\n" not in str(refused)
        assert digest(db) == before
    else:
        assert report.added == 0  # no arbitrary bytes carry a valid chain


@FUZZ
@given(data=st.binary(max_size=3000), fmt=st.sampled_from(["txt", "md", "html"]))
def test_reading_arbitrary_article_bytes_is_an_article_or_one_line(data: bytes, fmt: str) -> None:
    try:
        article = article_from_bytes("fuzz." + fmt, data, fmt)
    except CaseError as refused:
        assert "\n" not in str(refused)
    else:
        assert article.text.strip()


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=1500), fmt=st.sampled_from(["txt", "html"]))
def test_check_of_a_case_with_an_arbitrary_article_is_json_or_one_line(tmp_path: Path, data: bytes, fmt: str) -> None:
    from click.testing import CliRunner

    from factdesk.cli import cli

    case = tmp_path / "case"
    case.mkdir(exist_ok=True)
    for old in case.iterdir():
        old.unlink()
    (case / "a1.txt").write_text("Officials said 12,000 people were evacuated on Monday.\n", encoding="utf-8")
    (case / f"fuzz.{fmt}").write_bytes(data)
    result = CliRunner().invoke(cli, ["check", str(case), "--format", "json"], catch_exceptions=False)
    assert "Traceback" not in result.output
    if result.exit_code == 0:
        assert json.loads(result.stdout)["articles"]
    else:
        assert len(result.output.strip().splitlines()) == 1
