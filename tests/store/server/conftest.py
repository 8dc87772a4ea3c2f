"""A real PostgreSQL server for the shared-log tests, started once per session (initdb, Unix socket).

Never skipped: without the server binaries the tests fail, naming the apt package to install.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from benchmarks.pg_cluster import PgCluster, PostgresMissing
from factdesk.store.server import ServerLog


@pytest.fixture(scope="session")
def pg() -> Iterator[PgCluster]:
    try:
        cluster = PgCluster()
    except PostgresMissing as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield cluster
    finally:
        cluster.close()


@dataclass(frozen=True)
class SharedDb:
    """One fresh shared log (a database made by server/setup.sql, tables created by its owner)."""

    pg: PgCluster
    name: str

    def url(self, role: str = "ann", password: str | None = None) -> str:
        return self.pg.url(role, password, self.name)

    @property
    def owner(self) -> str:
        return self.url("factdesk_owner")

    @property
    def superuser(self) -> str:
        return self.pg.superuser_url(self.name)


@pytest.fixture
def shared(pg: PgCluster) -> SharedDb:
    db = SharedDb(pg, pg.create_log())
    ServerLog(db.owner).close()  # the owner's first open creates the tables
    return db
