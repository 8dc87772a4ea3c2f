from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.store import VerdictLog


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "log.sqlite3"


@pytest.fixture
def log(db_path: Path):
    with VerdictLog(db_path) as opened:
        yield opened
