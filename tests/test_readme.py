"""The README is tested like code: its commands, options, make targets, keys and apt line are real.

The CLI reference between the ``cli-reference`` markers is generated from the
commands' own ``--help``; after changing a command, regenerate it with

    .venv/bin/python tests/test_readme.py --update
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
if str(REPO) not in sys.path:  # when run as a script
    sys.path.insert(0, str(REPO))

from factdesk.cli import cli  # noqa: E402

START = "<!-- cli-reference:start"
END = "<!-- cli-reference:end -->"
HELP_WIDTH = 100


def readme() -> str:
    return README.read_text(encoding="utf-8")


def section(title: str) -> str:
    """The text of one ``## title`` section of the README."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", readme(), re.M | re.S)
    assert match, f"README has no '## {title}' section"
    return match.group(1)


def code_blocks(text: str, languages: tuple[str, ...] = ("sh",)) -> list[str]:
    blocks = re.finditer(r"^```(\w*)\n(.*?)^```", text, re.M | re.S)
    return [m.group(2) for m in blocks if m.group(1) in languages]


# -- the commands ------------------------------------------------------------------------------


def all_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of the CLI: ("check",), ("log",), ("log", "show"), ..."""
    out = []
    ctx = click.Context(group, info_name="factdesk")
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        out.append((*prefix, name))
        if isinstance(command, click.Group):
            out += all_commands(command, (*prefix, name))
    return out


def resolve(words: list[str]) -> tuple[tuple[str, ...], click.Command, list[str]]:
    """Split ``factdesk`` arguments into the command path, the command, and its own arguments."""
    command: click.Command = cli
    path: list[str] = []
    rest = list(words)
    while isinstance(command, click.Group) and rest and not rest[0].startswith("-") and not rest[0].isupper():
        sub = command.get_command(click.Context(command), rest[0])
        if sub is None:
            have = ", ".join(command.list_commands(click.Context(command)))
            raise AssertionError(f"README documents `factdesk {' '.join(words)}`, but there is no "
                                 f"command {rest[0]!r} (have: {have})")
        path.append(rest.pop(0))
        command = sub
    return tuple(path), command, rest


def documented_invocations() -> list[list[str]]:
    """Every ``factdesk ...`` command line of the README: shell blocks and inline code."""
    text = readme()
    joined = [block.replace("\\\n", " ") for block in code_blocks(text)]  # continuation lines
    lines = [line.split("  #", 1)[0] for block in joined for line in block.splitlines()]
    lines += re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text)
    out = []
    for line in lines:
        first = line.split(maxsplit=1)[:1]
        if first and Path(first[0]).name == "factdesk":
            out.append(shlex.split(line)[1:])
    return out


def option_names(command: click.Command) -> set[str]:
    options = [p for p in command.params if isinstance(p, click.Option)]
    return {opt for p in options for opt in (*p.opts, *p.secondary_opts)}


def test_readme_shows_factdesk_commands() -> None:
    assert len(documented_invocations()) >= 8


@pytest.mark.parametrize("words", documented_invocations(), ids=lambda w: " ".join(w[:3]) or "factdesk")
def test_documented_command_lines_are_valid(words: list[str]) -> None:
    path, command, rest = resolve(words)
    known = option_names(command) | {"-h", "--help"}
    for word in rest:
        if word.startswith("-") and word != "-":
            assert word.split("=", 1)[0] in known, f"`factdesk {' '.join(path)}` has no option {word}"
    result = CliRunner().invoke(cli, [*path, "--help"], prog_name="factdesk")
    assert result.exit_code == 0, result.output


def test_every_command_and_option_is_documented() -> None:
    text = readme()
    for path in all_commands():
        assert f"factdesk {' '.join(path)}" in text, f"`factdesk {' '.join(path)}` is not in the README"
        _, command, _ = resolve(list(path))
        for opt in sorted(option_names(command)):
            assert re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text), \
                f"option {opt} of `factdesk {' '.join(path)}` is not in the README"


def test_version_option() -> None:
    from factdesk import __version__

    result = CliRunner().invoke(cli, ["--version"], prog_name="factdesk")
    assert result.exit_code == 0
    assert result.output.strip() == f"factdesk, version {__version__}"


# -- the generated CLI reference -----------------------------------------------------------------


def cli_reference() -> str:
    """Markdown: one heading and one ``--help`` block per command."""
    runner = CliRunner()
    parts = []
    for path in [(), *all_commands()]:
        result = runner.invoke(cli, [*path, "--help"], prog_name="factdesk", terminal_width=HELP_WIDTH)
        assert result.exit_code == 0, result.output
        title = " ".join(("factdesk", *path))
        parts.append(f"#### `{title}`\n\n```text\n{result.output.rstrip()}\n```\n")
    return "\n".join(parts)


def replace_reference(text: str, reference: str) -> str:
    start = text.index(START)
    start = text.index("\n", start) + 1
    end = text.index(END)
    return text[:start] + "\n" + reference + "\n" + text[end:]


def test_cli_reference_is_current() -> None:
    text = readme()
    assert START in text and END in text, "README lost its cli-reference markers"
    assert replace_reference(text, cli_reference()) == text, \
        "the README's CLI reference is out of date: run `.venv/bin/python tests/test_readme.py --update`"


# -- the rest of the README ------------------------------------------------------------------------


def test_two_commands_for_a_fresh_machine() -> None:
    blocks = code_blocks(section("Getting started"))
    assert blocks[0].split("\n")[:2] == ["make run", "make test"]
    assert blocks[0].strip().count("\n") == 1, "a fresh machine needs exactly two commands"


def test_make_targets_exist() -> None:
    targets = set(re.findall(r"^([\w-]+):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M))
    for target in set(re.findall(r"`make (\w+)", readme())):
        assert target in targets, f"README mentions `make {target}`, the Makefile has no such target"


def test_sample_output_is_real() -> None:
    """The trimmed `factdesk check seeds` excerpt has today's shape and quotes the sample articles."""
    excerpt = next(b for b in code_blocks(readme(), ("text",)) if b.startswith("case seeds:")).splitlines()
    result = CliRunner().invoke(cli, ["check", str(REPO / "seeds")], prog_name="factdesk")
    assert result.exit_code == 0
    real = result.output.splitlines()
    assert re.match(r"case seeds: 5 articles, \d+ claims, \d+ flagged$", excerpt[0])
    assert real[0].split(",")[0] == excerpt[0].split(",")[0]
    claim_line = re.compile(r"\s+c\d+\s+(✖ conflict|≈ hedged|✔ agree|· single)\s+(number|date|quote|name)\s+"
                            r"severity \d\.\d\d  \S")
    headers = [line for line in excerpt if re.match(r"\s+c\d+ ", line)]
    assert headers and all(claim_line.match(line) for line in headers)
    assert any(claim_line.match(r) for r in real), "the check report changed shape: update the README excerpt"
    articles = {p.name: p.read_text(encoding="utf-8") for p in (REPO / "seeds").glob("*.txt")}
    for line in excerpt:
        m = re.match(r"\s+(\S+\.txt)  “(.+)”$", line)
        if m:
            assert m.group(1) in articles and m.group(2).rstrip("…") in articles[m.group(1)], line


def test_paths_and_overrides_match_the_code() -> None:
    from factdesk.store import paths

    text = section("Where your data lives")
    assert paths.DB_FILENAME in text
    assert "~/.local/share/factdesk/" in text
    source = Path(paths.__file__).read_text(encoding="utf-8")
    for name in ("FACTDESK_DB", "FACTDESK_HOME"):
        assert name in text and name in source
    assert "--db" in text and "factdesk log export" in text


def test_article_formats_match_the_reader() -> None:
    from factdesk.case import ARTICLE_FORMATS

    text = section("Adding articles")
    for ext in ARTICLE_FORMATS:
        assert f"`{ext}`" in text, f"README does not say that {ext} files are read"


def test_apt_line_covers_what_ci_installs_for_qt() -> None:
    apt = next(line for block in code_blocks(section("Troubleshooting")) for line in block.splitlines()
               if line.startswith("sudo apt-get install libgl1"))
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    install = re.search(r"apt-get install (.*?)>/dev/null", ci, re.S)
    assert install, ".ci/run no longer installs Qt's libraries with apt-get"
    ci_packages = {w for w in install.group(1).replace("\\", " ").split() if w.startswith(("lib", "fonts-"))}
    assert ci_packages <= set(apt.split()), f"missing from the README: {ci_packages - set(apt.split())}"
    for xcb in ("libxcb-cursor0", "libxkbcommon-x11-0", "libx11-xcb1"):  # the window needs these on X11
        assert xcb in apt.split()


def test_images_are_the_agreed_paths() -> None:
    images = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", readme())
    assert "docs/screenshot.png" in images
    assert "docs/sheet-page1.png" in images


def test_internal_links_resolve() -> None:
    text = readme()
    headings = re.findall(r"^#+ (.+)$", text, re.M)
    anchors = {re.sub(r"[^\w\- ]", "", h).strip().lower().replace(" ", "-") for h in headings}
    for target in re.findall(r"\]\(#([^)]+)\)", text):
        assert target in anchors, f"README links to #{target}, which is no heading"
    for target in re.findall(r"\]\(((?!https?:|#)[^)]+)\)", text):
        if not target.startswith("docs/"):  # docs/ images are produced by the GUI and sheet work
            assert (REPO / target).exists(), f"README links to {target}, which does not exist"


# -- the keyboard table is the window's keymap ------------------------------------------------------


def documented_keys() -> set[str]:
    rows = [line for line in section("Keyboard shortcuts").splitlines() if line.startswith("| `")]
    return {key for row in rows for key in re.findall(r"`([^`]+)`", row.split("|")[1])}


def test_keyboard_table_matches_the_window(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("PySide6")
    from PySide6.QtCore import QSettings
    from PySide6.QtGui import QAction, QKeySequence

    from factdesk.gui.app import make_app
    from factdesk.gui.main_window import MainWindow
    from factdesk.gui.settings import Settings

    monkeypatch.setenv("FACTDESK_HOME", str(tmp_path))
    monkeypatch.setenv("FACTDESK_EDITOR", "readme")
    make_app()
    window = MainWindow(Settings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)),
                        interactive=False)
    qtbot.addWidget(window)
    real = {
        seq.toString(QKeySequence.SequenceFormat.PortableText)
        for action in window.findChildren(QAction)
        for seq in action.shortcuts()
    }
    documented = documented_keys()
    assert real - documented == set(), f"shortcuts missing from the README's table: {real - documented}"
    assert documented - real == set(), f"the README lists shortcuts the window lacks: {documented - real}"


def main(argv: list[str]) -> int:
    if argv != ["--update"]:
        print(__doc__)
        return 2
    text = readme()
    new = replace_reference(text, cli_reference())
    if new != text:
        README.write_text(new, encoding="utf-8")
        print("README.md: CLI reference updated")
    else:
        print("README.md: CLI reference already current")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
