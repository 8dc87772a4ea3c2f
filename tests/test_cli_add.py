"""`factdesk add`: from a URL (a real server on 127.0.0.1), a file and standard input; failures change nothing."""

from __future__ import annotations

import hashlib
import io
import shutil
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.case import load_case
from factdesk.cli import cli

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


@pytest.fixture
def case_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    folder.mkdir()
    for name in sorted(p.name for p in SEEDS.glob("*.txt"))[:2]:
        shutil.copy(SEEDS / name, folder / name)
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def run(*args: str, stdin: bytes | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), input=io.BytesIO(stdin) if stdin is not None else None,
                              prog_name="factdesk")


def test_add_from_a_url_archives_the_page_and_records_provenance(case_dir: Path, page_server) -> None:
    first = next(iter(page_server.pages))
    result = run("add", str(case_dir), "--url", page_server.url("/r1"))
    assert result.exit_code == 0, result.output
    assert "added the-daily-example.txt (The Daily Example)" in result.output
    assert "archive/the-daily-example.html" in result.output
    archived = (case_dir / "archive" / "the-daily-example.html").read_bytes()
    assert archived == page_server.pages[first]
    entry = tomllib.loads((case_dir / "case.toml").read_text(encoding="utf-8"))["articles"]["the-daily-example.txt"]
    assert entry["outlet"] == "The Daily Example"
    assert entry["url"] == page_server.url(first)
    assert entry["published"] == "2016-09-20T08:10-04:00"
    fetched = entry["fetched"]
    assert fetched["requested_url"] == page_server.url("/r1")
    assert fetched["final_url"] == page_server.url(first)
    assert fetched["redirects"] == [page_server.url("/r1"), page_server.url("/r2")]
    assert fetched["status"] == 200
    assert fetched["fetched_at"].endswith("Z")
    assert fetched["sha256"] == hashlib.sha256(archived).hexdigest()
    case = load_case(case_dir)
    assert len(case.articles) == 3  # the archive is never a second article
    added = case.article("the-daily-example.txt")
    assert added.display_name == "The Daily Example" and added.byline == "Jane Doe"
    assert "polio" in added.text


def test_add_from_a_url_with_an_outlet_name(case_dir: Path, page_server) -> None:
    first = next(iter(page_server.pages))
    result = run("add", str(case_dir), "--url", page_server.url(first), "--outlet", "Le Monde")
    assert result.exit_code == 0, result.output
    assert load_case(case_dir).article("le-monde.txt").outlet == "Le Monde"


@pytest.mark.parametrize(("path", "message"), [
    ("/missing", "HTTP 404"),
    ("/slow", "did not answer within 0.5 seconds"),
    ("/huge", "over the 20 MB limit"),
    ("/paper.pdf", "is a PDF, not a web page"),
    ("/no-article", "no article text found in the page"),
])
def test_each_failed_fetch_is_one_line_and_the_case_is_unchanged(case_dir: Path, page_server, path: str,
                                                                 message: str) -> None:
    before = snapshot(case_dir)
    result = run("add", str(case_dir), "--url", page_server.url(path), "--timeout", "0.5")
    assert result.exit_code == 1
    assert message in result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert snapshot(case_dir) == before


def test_add_a_file_keeps_its_name_unless_taken(case_dir: Path, tmp_path: Path) -> None:
    src = tmp_path / "a1.txt"
    src.write_text("Outlet: Morning Courier\n\nFloods close roads\n\nFloods closed 40 roads on Monday, "
                   "officials said, and 300 people left their homes.\n", encoding="utf-8")
    taken = sorted(p.name for p in case_dir.iterdir())[0]
    src = src.rename(tmp_path / taken)
    result = run("add", str(case_dir), "--file", str(src))
    assert result.exit_code == 0, result.output
    stem, suffix = taken.rsplit(".", 1)
    added = load_case(case_dir).article(f"{stem}-2.{suffix}")
    assert added.outlet == "Morning Courier"


def test_add_from_standard_input(case_dir: Path) -> None:
    text = "Floods close roads\n\nFloods closed 40 roads on Monday, officials said, and 300 people left.\n"
    result = run("add", str(case_dir), "--stdin", "--outlet", "Radio Example", stdin=text.encode())
    assert result.exit_code == 0, result.output
    added = load_case(case_dir).article("radio-example.txt")
    assert (added.text, added.outlet) == (text, "Radio Example")


@pytest.mark.parametrize(("args", "stdin", "message"), [
    (["--stdin"], b"", "empty"),
    (["--stdin"], b"\xff\xfe\x00garbage\xff", "not UTF-8"),
    (["--file", "missing.txt"], None, "file not found"),
    (["--url", "www.example.com"], None, "not a web address"),
    ([], None, "give exactly one of --url, --file or --stdin"),
])
def test_bad_input_is_one_line_and_adds_nothing(case_dir: Path, args: list[str], stdin: bytes | None,
                                                message: str) -> None:
    before = snapshot(case_dir)
    result = run("add", str(case_dir), *args, stdin=stdin)
    assert result.exit_code in (1, 2)
    assert message in result.output and "Traceback" not in result.output
    assert snapshot(case_dir) == before
