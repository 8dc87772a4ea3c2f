"""`factdesk cache info | clear`: what the parse cache holds, and emptying it."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli import cli

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is the Linux convention")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), prog_name="factdesk")
    return result.exit_code, result.output


def test_info_and_clear_after_a_case_was_checked(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "factdesk" / "parses"
    code, out = run("cache", "info")
    assert code == 0
    assert f"folder:   {folder}" in out and "articles: 0" in out and "of 500.0 MB" in out
    assert run("check", str(SEEDS))[0] == 0
    code, out = run("cache", "info")
    assert "articles: 5" in out
    code, out = run("cache", "clear")
    assert code == 0
    assert out.startswith("removed 5 articles (") and str(folder) in out
    assert "articles: 0" in run("cache", "info")[1]
    assert run("check", str(SEEDS))[0] == 0  # parsed again, cached again
    assert "articles: 5" in run("cache", "info")[1]


def test_info_shows_the_limit_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setenv("FACTDESK_CACHE_MB", "64")
    assert "of 64.0 MB" in run("cache", "info")[1]


def test_clearing_an_empty_cache_says_so(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "never used"))
    code, out = run("cache", "clear")
    assert code == 0
    assert out.startswith("removed 0 articles (0.0 MB)")
