"""The parse cache's folder: whole entries or none, damaged entries dropped, the size bound kept (LRU)."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from factdesk.text.parse_cache import ParseCache, default_folder

KEY_A, KEY_B, KEY_C = ("a" * 64), ("b" * 64), ("c" * 64)


def test_a_saved_value_comes_back_and_an_unknown_key_misses(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "parses")
    assert cache.load(KEY_A) is None
    assert cache.save(KEY_A, {"figures": [1, 2, 3]})
    assert cache.load(KEY_A) == {"figures": [1, 2, 3]}
    assert cache.load(KEY_B) is None
    assert cache.info().entries == 1
    assert not [p for p in (tmp_path / "parses").iterdir() if p.name.endswith(".tmp")]


def test_truncated_corrupt_and_foreign_entries_are_misses_and_are_removed(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    for key in (KEY_A, KEY_B, KEY_C):
        cache.save(key, list(range(1000)))
    whole = cache.path(KEY_A).read_bytes()
    cache.path(KEY_A).write_bytes(whole[: len(whole) // 2])  # truncated (a full disk, a copy cut short)
    damaged = bytearray(cache.path(KEY_B).read_bytes())
    damaged[-10] ^= 0xFF  # one flipped byte
    cache.path(KEY_B).write_bytes(bytes(damaged))
    cache.path(KEY_C).write_bytes(b"not a factdesk cache entry at all")
    for key in (KEY_A, KEY_B, KEY_C):
        assert cache.load(key) is None
        assert not cache.path(key).exists()
    assert cache.save(KEY_A, [1])
    assert cache.load(KEY_A) == [1]


def test_an_entry_saved_under_another_key_is_not_served(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    cache.save(KEY_A, "the mentions of article A")
    os.replace(cache.path(KEY_A), cache.path(KEY_B))  # a renamed or copied-over file
    assert cache.load(KEY_B) is None


def test_a_value_the_caller_does_not_accept_is_dropped(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    cache.save(KEY_A, {"an": "object of some other program"})
    assert cache.load(KEY_A, accept=lambda v: isinstance(v, list)) is None
    assert cache.info().entries == 0


def test_the_size_bound_evicts_the_least_recently_used(tmp_path: Path) -> None:
    big = os.urandom(100_000)
    cache = ParseCache(tmp_path, limit=250_000)
    keys = [f"{i:064x}" for i in range(3)]
    for age, key in enumerate(keys):
        cache.save(key, big)
        os.utime(cache.path(key), (time.time() - 100 + age, time.time() - 100 + age))
    assert cache.load(keys[0]) == big  # used again: now the most recent
    assert cache.trim() == 1
    assert cache.path(keys[0]).exists()
    assert not cache.path(keys[1]).exists()  # the least recently used went first
    assert cache.path(keys[2]).exists()
    assert cache.info().size <= 250_000


def test_an_unwritable_folder_means_no_cache_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a file where the folder should be"
    blocker.write_text("x")
    cache = ParseCache(blocker / "parses")
    assert cache.save(KEY_A, [1]) is False
    assert cache.load(KEY_A) is None
    assert cache.info().entries == 0
    assert cache.trim() == 0


def test_clear_removes_every_entry_and_says_what_was_there(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path)
    for key in (KEY_A, KEY_B):
        cache.save(key, "x" * 1000)
    before = cache.clear()
    assert before.entries == 2 and before.size > 2000
    assert cache.info().entries == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG_CACHE_HOME is the Linux convention")
def test_the_folder_is_in_the_user_cache_dir_from_xdg_cache_home(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_folder() == tmp_path / "xdg" / "factdesk" / "parses"


def test_the_limit_comes_from_the_environment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("FACTDESK_CACHE_MB", "2")
    assert ParseCache(tmp_path).limit == 2 * 1024 * 1024
    monkeypatch.setenv("FACTDESK_CACHE_MB", "lots")
    assert ParseCache(tmp_path).limit == 500 * 1024 * 1024
