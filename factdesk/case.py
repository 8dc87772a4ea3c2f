"""Read a case: a folder (or list) of article files -> :class:`factdesk.model.Case`."""

from __future__ import annotations

from pathlib import Path

from factdesk.model import Article, Case


class CaseError(Exception):
    """A case cannot be opened (missing folder, no articles...)."""


def read_article(path: str | Path) -> Article:
    p = Path(path)
    with open(p, encoding="utf-8", newline="") as f:
        text = f.read()
    title = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return Article(file=p.name, text=text, title=title)


def load_case(source: str | Path) -> Case:
    folder = Path(source)
    if not folder.is_dir():
        raise CaseError(f"case folder not found: {folder}")
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".txt")
    if not files:
        raise CaseError(f"no articles (.txt, .md, .html) in {folder}")
    return Case(name=folder.name, path=str(folder), articles=tuple(read_article(p) for p in files))
