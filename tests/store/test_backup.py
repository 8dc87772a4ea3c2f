"""`log backup` (issue #15, 3): a verified copy, never written over a link, device or folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from factdesk.store import StoreError, VerdictLog

from .helpers import verdict


def test_backup_is_a_verified_copy_with_the_users_file_mode(log: VerdictLog, tmp_path: Path) -> None:
    log.record(verdict(note="kept"))
    dest = tmp_path / "copy.sqlite3"
    report = log.backup(dest)
    assert report.ok and report.rows == 1
    umask = os.umask(0)
    os.umask(umask)
    assert dest.stat().st_mode & 0o777 == 0o666 & ~umask
    with VerdictLog(dest, readonly=True) as copy:
        assert copy.latest("case-a")["fp-1"]["ann"].note == "kept"


@pytest.mark.parametrize("kind", ["symlink", "device", "folder", "missing folder", "exists"])
def test_backup_refuses_a_hostile_destination(log: VerdictLog, tmp_path: Path, kind: str) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious", encoding="utf-8")
    dest = {
        "symlink": tmp_path / "link.sqlite3",
        "device": Path(os.devnull),
        "folder": tmp_path,
        "missing folder": tmp_path / "nope" / "copy.sqlite3",
        "exists": victim,
    }[kind]
    if kind == "symlink":
        dest.symlink_to(victim)
    with pytest.raises(StoreError) as caught:
        log.backup(dest, replace=kind != "exists")
    assert "\n" not in str(caught.value)
    assert victim.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []
