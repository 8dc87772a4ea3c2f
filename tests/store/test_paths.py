from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from factdesk.store import default_db_path


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FACTDESK_DB", raising=False)
    monkeypatch.delenv("FACTDESK_HOME", raising=False)


def test_default_is_the_user_data_folder() -> None:
    expected = platformdirs.user_data_path("factdesk", appauthor=False) / "factdesk.sqlite3"
    assert default_db_path() == expected


def test_factdesk_home_holds_the_log(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    assert default_db_path() == tmp_path / "factdesk.sqlite3"


def test_factdesk_db_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("FACTDESK_DB", str(tmp_path / "team.db"))
    assert default_db_path() == tmp_path / "team.db"


def test_tilde_is_expanded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FACTDESK_DB", "~/verdicts.sqlite3")
    assert default_db_path() == Path.home() / "verdicts.sqlite3"
