"""The analysis remembers what it has read: a reopen parses nothing, a changed article alone is parsed again,
and the claims are the same with the cache, without it, in one process or two at once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from factdesk.analysis import Cancelled, analyze, extract
from factdesk.case import load_case
from factdesk.publish.report import to_json
from factdesk.text.parse_cache import ParseCache
from factdesk.text.reading import ArticleToRead, Identity, read_articles, source_digest

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


def factdesk_exe() -> str:
    here = Path(sys.executable).parent / "factdesk"
    return str(here) if here.exists() else "factdesk"


def as_json(case_or_dir, cache) -> str:  # type: ignore[no-untyped-def]
    case = load_case(case_or_dir) if isinstance(case_or_dir, str | Path) else case_or_dir
    return json.dumps(to_json(analyze(case, cache=cache)), ensure_ascii=False, indent=1)


@pytest.fixture(scope="module")
def uncached_seed_json() -> str:
    return as_json(SEEDS, cache=False)


def test_a_reopen_parses_nothing_and_shows_the_same_claims(tmp_path: Path, uncached_seed_json: str) -> None:
    cache = ParseCache(tmp_path)
    case = load_case(SEEDS)
    assert extract(case, cache=cache).parsed == len(case.articles)  # first open: every article parsed
    assert cache.info().entries == len(case.articles)
    assert extract(case, cache=cache).parsed == 0  # reopen: none
    assert as_json(case, cache) == uncached_seed_json


def test_a_changed_and_an_added_article_are_the_only_ones_parsed(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(SEEDS, folder)
    cache = ParseCache(tmp_path / "cache")
    extract(load_case(folder), cache=cache)
    changed = folder / SEED_FILES[1]
    changed.write_text(changed.read_text(encoding="utf-8") + "\nUpdate: the company said 140,000 accounts.\n",
                       encoding="utf-8")
    (folder / "zz_latest.txt").write_text((SEEDS / SEED_FILES[0]).read_text(encoding="utf-8")
                                          .replace("125,000", "130,000"), encoding="utf-8")
    case = load_case(folder)
    assert extract(case, cache=cache).parsed == 2
    assert as_json(case, cache) == as_json(case, cache=False)


def test_an_article_cached_in_one_case_serves_another_case_under_its_own_name(tmp_path: Path) -> None:
    cache = ParseCache(tmp_path / "cache")
    extract(load_case(SEEDS), cache=cache)
    folder = tmp_path / "renamed"
    folder.mkdir()
    for n, name in enumerate(reversed(SEED_FILES[:3])):  # other names, other positions
        shutil.copy(SEEDS / name, folder / f"outlet{n}.txt")
    case = load_case(folder)
    assert extract(case, cache=cache).parsed == 0
    cached = as_json(case, cache)
    assert cached == as_json(case, cache=False)
    assert {m["file"] for c in json.loads(cached)["claims"] for m in c["mentions"]} <= {a.file for a in case.articles}


def test_another_model_or_another_analysis_version_misses_the_cache(tmp_path: Path) -> None:
    case = load_case(SEEDS)
    articles = [ArticleToRead(a.text, tuple((s.start, s.end) for s in a.ignored), a.headline_end, a.date)
                for a in case.articles[:2]]
    cache = ParseCache(tmp_path)
    installed = Identity.installed()

    def parsed(identity: Identity) -> int:
        return read_articles(articles, cache, lambda _f, _w: None, identity=identity).parsed

    assert parsed(installed) == 2
    assert parsed(installed) == 0
    assert parsed(Identity(installed.model, installed.libraries, "another analysis")) == 2
    assert parsed(Identity(installed.model, "spacy 3.9.0, wordfreq 3.1.1", installed.analysis)) == 2
    newer = installed.model.rsplit(" ", 1)[0] + " 9.9.9"  # the same model, another version
    assert parsed(Identity(newer, installed.libraries, installed.analysis)) == 2
    assert parsed(installed) == 0  # what was parsed is stored under the model really loaded


def test_the_analysis_version_follows_every_change_to_the_code(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "reader_pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "figures.py").write_text("HEDGES = ['over']\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    before = source_digest("reader_pkg")
    (package / "figures.py").write_text("HEDGES = ['over', 'about']\n")
    assert source_digest("reader_pkg") != before
    (package / "dates.py").write_text("")  # a new module counts too
    assert len({before, source_digest("reader_pkg")}) == 2


def test_the_extraction_uses_no_code_outside_the_versioned_package() -> None:
    """analysis_version() digests factdesk.text: what extracts mentions must live there."""
    probe = ("import sys, factdesk.text.reading; "
             "print(' '.join(m for m in sys.modules if m.startswith('factdesk')))")
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    assert "factdesk.text.mentions" in loaded
    assert [m for m in loaded if m != "factdesk" and not m.startswith("factdesk.text")] == []


def test_a_corrupt_entry_is_parsed_again_without_an_error(tmp_path: Path, uncached_seed_json: str) -> None:
    cache = ParseCache(tmp_path)
    case = load_case(SEEDS)
    extract(case, cache=cache)
    entry = next(tmp_path.glob("*.entry"))
    entry.write_bytes(entry.read_bytes()[:200])  # cut short
    assert extract(case, cache=cache).parsed == 1
    assert extract(case, cache=cache).parsed == 0  # rebuilt
    assert as_json(case, cache) == uncached_seed_json


def test_the_size_bound_holds_while_analysing(tmp_path: Path, uncached_seed_json: str) -> None:
    probe = ParseCache(tmp_path / "probe")
    extract(load_case(SEEDS), cache=probe)
    entry_size = max(p.stat().st_size for p in (tmp_path / "probe").glob("*.entry"))
    cache = ParseCache(tmp_path / "small", limit=2 * entry_size)
    assert as_json(SEEDS, cache) == uncached_seed_json
    info = cache.info()
    assert info.size <= 2 * entry_size
    assert 1 <= info.entries < len(SEED_FILES)  # the oldest went out


def test_two_processes_opening_the_same_case_at_once(tmp_path: Path, uncached_seed_json: str) -> None:
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "xdg"))
    command = [factdesk_exe(), "check", str(SEEDS), "--format", "json"]
    both = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [p.communicate(timeout=300) for p in both]
    assert [p.returncode for p in both] == [0, 0], [err for _, err in outputs]
    assert outputs[0][0] == outputs[1][0]
    folder = tmp_path / "xdg" / "factdesk" / "parses"
    assert len(list(folder.glob("*.entry"))) == len(SEED_FILES)
    assert not list(folder.glob("*.tmp"))
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert again.stdout == outputs[0][0]
    assert json.loads(again.stdout)["claims"] == json.loads(uncached_seed_json)["claims"]


def _many_articles(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        text = (SEEDS / SEED_FILES[i % len(SEED_FILES)]).read_text(encoding="utf-8")
        (folder / f"{i:02d}.txt").write_text(text + f"\nCorrection {i}: the figure was {1000 + i} people.\n",
                                             encoding="utf-8")
    return folder


def test_a_big_uncached_case_read_on_two_cores_gives_the_same_claims(tmp_path: Path, monkeypatch) -> None:
    case = load_case(_many_articles(tmp_path / "case", 12))
    monkeypatch.setenv("FACTDESK_WORKERS", "1")
    alone = as_json(case, cache=False)
    monkeypatch.setenv("FACTDESK_WORKERS", "2")
    seen: list[float] = []
    both = json.dumps(to_json(analyze(case, cache=False, progress=lambda f, _w: seen.append(f))),
                      ensure_ascii=False, indent=1)
    assert both == alone
    assert seen == sorted(seen) and seen[-1] == 1.0


def test_cancelling_a_reading_on_two_cores_stops_its_helpers(tmp_path: Path, monkeypatch) -> None:
    import multiprocessing

    case = load_case(_many_articles(tmp_path / "case", 14))
    monkeypatch.setenv("FACTDESK_WORKERS", "2")
    reports: list[str] = []
    with pytest.raises(Cancelled):
        analyze(case, cache=ParseCache(tmp_path / "cache"), progress=lambda _f, what: reports.append(what),
                cancelled=lambda: reports.count("reading the articles") >= 2)
    assert multiprocessing.active_children() == []
    assert ParseCache(tmp_path / "cache").info().entries < len(case.articles)
