"""A throwaway PostgreSQL server for the shared-log tests and benchmark: initdb into a temp folder, torn down after.

    with PgCluster() as pg:            # Unix socket only (tcp=True: also 127.0.0.1, a free port)
        url = pg.create_log("t1")      # server/setup.sql for a database, then its owner's URL
        ...

Needs the server binaries of Debian's ``postgresql`` package
(``/usr/lib/postgresql/*/bin/initdb``, ``pg_ctl``). As root they run as the
``postgres`` user (``runuser``), which then owns the temp folder.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
SETUP_SQL = REPO / "server" / "setup.sql"
SUPERUSER, SUPERUSER_PASSWORD = "postgres", "super-secret"
# login roles made once per cluster: (name, password, group role of server/setup.sql)
LOGINS = {
    "factdesk_owner": ("owner-pw", None),
    "ann": ("ann-pw", "factdesk_editor"),
    "bob": ("bob-pw", "factdesk_editor"),
    "desk": ("desk-pw", "factdesk_reader"),
}


class PostgresMissing(RuntimeError):
    """The PostgreSQL server binaries are not installed."""


def server_bin() -> Path:
    """The newest installed PostgreSQL server's bin folder."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresMissing(
        "the PostgreSQL server binaries (initdb, pg_ctl) are not installed: "
        "apt-get install postgresql (the Debian package), then run the tests again"
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgCluster:
    def __init__(self, *, tcp: bool = False, fast: bool = True):
        self.bin = server_bin()
        self.as_root = os.geteuid() == 0
        self.root = Path(tempfile.mkdtemp(prefix="fdpg-", dir="/tmp"))  # short: a socket path is < 108 bytes
        self.data = self.root / "data"
        self.port = free_port() if tcp else 5432
        self.tcp = tcp
        self.fast = fast  # fsync off: the tests check logic, not the disk
        self._databases = 0
        pwfile = self.root / "pw"
        pwfile.write_text(SUPERUSER_PASSWORD + "\n")
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")
            shutil.chown(pwfile, "postgres", "postgres")
        self._run(
            "initdb", "-D", str(self.data), "-U", SUPERUSER, "--pwfile", str(pwfile), "-E", "UTF8",
            "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--no-sync",
        )
        self.start()
        self._make_logins()

    # -- processes -------------------------------------------------------------------

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        cmd = [str(self.bin / tool), *args]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd="/")
        if check and done.returncode:
            raise RuntimeError(f"{tool} failed: {done.stderr.strip() or done.stdout.strip()}")
        return done

    def start(self) -> None:
        listen = "127.0.0.1" if self.tcp else ""
        options = f"-k {self.root} -p {self.port} -c listen_addresses='{listen}' -c max_connections=60"
        if self.fast:
            options += " -c fsync=off -c full_page_writes=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "server.log"), "-w", "-o", options, "start")

    def stop(self, mode: str = "fast") -> None:
        """``fast``: a clean shutdown (clients are disconnected); ``immediate``: like a crash."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def close(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> PgCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- addresses -------------------------------------------------------------------

    def url(self, user: str, password: str | None = None, db: str = "postgres") -> str:
        secret = LOGINS.get(user, ("", None))[0] if password is None else password
        auth = f"{quote(user)}:{quote(secret)}" if secret else quote(user)
        if self.tcp:
            return f"postgresql://{auth}@127.0.0.1:{self.port}/{db}"
        return f"postgresql://{auth}@/{db}?host={quote(str(self.root))}&port={self.port}"

    def superuser_url(self, db: str = "postgres") -> str:
        return self.url(SUPERUSER, SUPERUSER_PASSWORD, db)

    def psql(self, *args: str, db: str = "postgres") -> str:
        done = subprocess.run(
            [str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At", self.superuser_url(db), *args],
            capture_output=True, text=True, check=False,
        )
        if done.returncode:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}")
        return done.stdout

    def _make_logins(self) -> None:
        self.psql("-f", str(SETUP_SQL), "-v", "db=factdesk")  # the roles exist from now on
        for name, (password, group) in LOGINS.items():
            member = f" IN ROLE {group}" if group else ""
            exists = self.psql("-c", f"SELECT 1 FROM pg_roles WHERE rolname = '{name}'").strip()
            verb = "ALTER" if exists else "CREATE"
            self.psql("-c", f"{verb} ROLE {name} LOGIN PASSWORD '{password}'{member if not exists else ''}")

    def create_log(self, db: str | None = None) -> str:
        """A new database set up by ``server/setup.sql``; returns its name."""
        if db is None:
            self._databases += 1
            db = f"log{self._databases}"
        self.psql("-f", str(SETUP_SQL), "-v", f"db={db}")
        return db


@dataclass(frozen=True)
class SharedDb:
    """One shared log in a :class:`PgCluster`: a database made by server/setup.sql."""

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
