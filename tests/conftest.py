"""Shared test setup. Qt runs offscreen so the GUI tests need no display."""

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Editors' signing keys go to the user's config folder: the tests' own, never the real one
# (child processes inherit it).
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="factdesk-test-config-")

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@pytest.fixture(scope="session", autouse=True)
def _session_parse_cache(tmp_path_factory):
    """The tests never read or fill the user's parse cache: the session has its own (XDG_CACHE_HOME)."""
    before = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if before is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = before


@pytest.fixture(scope="session")
def seed_analysis():
    """The bundled seed case, analysed once per test session (the analysis is frozen: never mutate)."""
    from factdesk.analysis import analyze
    from factdesk.case import load_case

    return analyze(load_case(SEEDS))


@pytest.fixture(scope="session")
def page_server():
    """A real HTTP server on 127.0.0.1 serving news pages and awkward answers (tests/page_server.py)."""
    from page_server import serve_pages

    with serve_pages() as server:
        yield server


@pytest.fixture(scope="session")
def pg():
    """A real PostgreSQL server for the shared-log tests, started once per session (initdb, Unix socket).

    Never skipped: without the server binaries the tests fail, naming the apt package to install.
    """
    from benchmarks.pg_cluster import PgCluster, PostgresMissing

    try:
        cluster = PgCluster()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture
def shared(pg):
    """A fresh shared log: a database made by server/setup.sql, its tables created by its owner."""
    from benchmarks.pg_cluster import SharedDb
    from factdesk.store.server import ServerLog

    db = SharedDb(pg, pg.create_log())
    ServerLog(db.owner).close()
    return db
