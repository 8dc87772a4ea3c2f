"""Hostile or unlucky case folders (#15 items 6, 8 and 9): read what can be read, say what was left out."""

from __future__ import annotations

from pathlib import Path

import pytest

from factdesk.case import load_case, read_article
from factdesk.case.folder import MAX_ARTICLES

STORY = "Officials said 12,000 people were evacuated on Monday after the river burst its banks.\n"


def test_a_link_out_of_the_case_folder_is_skipped_with_a_note(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n" * 3, encoding="utf-8")
    case = tmp_path / "case"
    case.mkdir()
    (case / "a1.txt").write_text(STORY, encoding="utf-8")
    (case / "a2.txt").symlink_to(case / "a1.txt")  # a link inside the folder is an article
    (case / "x.txt").symlink_to(secret)
    (case / "passwd.txt").symlink_to("/etc/passwd")
    loaded = load_case(case)
    assert "root:x:0:0" not in "".join(a.text for a in loaded.articles)
    assert [a.file for a in loaded.articles] == ["a1.txt"]  # a2 is the same file as a1
    assert "skipped x.txt: a link to a file outside the case folder" in loaded.warnings
    assert "skipped passwd.txt: a link to a file outside the case folder" in loaded.warnings


@pytest.mark.parametrize("charset", ["base64", "rot13", "hex", "zlib", "no-such-charset"])
def test_a_page_declaring_a_codec_that_is_no_charset_is_read(tmp_path: Path, charset: str) -> None:
    page = tmp_path / "page.html"
    body = "<p>Officials said 12,000 people were evacuated on Monday from the café district.</p>"
    page.write_bytes(f'<html><head><meta charset="{charset}"></head><body>{body}</body></html>'.encode("cp1252"))
    article = read_article(page)
    assert "12,000 people were evacuated" in article.text and "café" in article.text


def test_a_page_nested_deeper_than_the_parser_goes_keeps_all_its_text(tmp_path: Path) -> None:
    deep = "<div>" * 400 + "<p>Deep down, the mayor said 3,000 homes were flooded on Monday.</p>" + "</div>" * 400
    page = tmp_path / "deep.html"
    page.write_text(
        "<html><body><article><p>At the top, officials said 12,000 people were evacuated on Monday.</p>"
        f"{deep}<p>At the end, the river peaked at 9.3 metres on Tuesday, the agency said.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    article = read_article(page)
    for sentence in ("12,000 people", "3,000 homes", "9.3 metres"):
        assert sentence in article.text
    assert any("nests 401 levels deep" in w for w in article.warnings)


def test_a_page_of_ordinary_depth_is_not_flattened(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body>" + "<p>Officials said 12,000 people left.</p>" * 300 + "</body></html>")
    assert not any("flattened" in w for w in read_article(page).warnings)


def test_a_case_beyond_the_maximum_is_cut_with_a_warning_naming_what_was_left_out(tmp_path: Path) -> None:
    case = tmp_path / "huge"
    case.mkdir()
    for i in range(1, MAX_ARTICLES + 6):
        (case / f"a{i}.txt").write_text(STORY, encoding="utf-8")
    loaded = load_case(case)
    assert len(loaded.articles) == MAX_ARTICLES
    assert loaded.articles[-1].file == f"a{MAX_ARTICLES}.txt"
    expected = (
        f"the case has {MAX_ARTICLES + 5} articles; factdesk compares at most {MAX_ARTICLES}: "
        f"left out the last 5 by name (a{MAX_ARTICLES + 1}.txt … a{MAX_ARTICLES + 5}.txt)"
    )
    assert expected in loaded.warnings


def test_a_run_of_fifty_thousand_quotes_is_left_out_with_a_warning(tmp_path: Path) -> None:
    # spaCy's tokenizer takes time growing with the square of such a run (72 s): the line is not analysed
    (tmp_path / "a.txt").write_text('"' * 50_000 + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\n\nThe mayor said 12 people came.\n", encoding="utf-8")
    case = load_case(tmp_path)
    a = case.article("a.txt")
    assert a.is_ignored(0, 50_000)
    assert "a.txt: line 1 holds 50,000 characters without a space: it was not analysed" in case.warnings


def test_a_case_of_many_huge_files_shares_its_analysis_budget_and_names_each_cut(tmp_path: Path) -> None:
    from factdesk.case.runaway import CASE_TEXT_BUDGET

    para = "The mayor said that 1,200 people came to the meeting on Tuesday and nobody else spoke.\n\n"
    for i in range(5):
        (tmp_path / f"big{i}.txt").write_text(f"Title {i}\n\n" + para * 3_000, encoding="utf-8")
    (tmp_path / "small.txt").write_text("Title\n\n" + para, encoding="utf-8")
    case = load_case(tmp_path)
    cut = [w for w in case.warnings if "characters of text were analysed" in w]
    assert sorted(w.split(":")[0] for w in cut) == [f"big{i}.txt" for i in range(5)]
    assert not case.article("small.txt").ignored
    analysed = sum(a.chars - sum(s.end - s.start for s in a.ignored) for a in case.articles)
    assert analysed <= CASE_TEXT_BUDGET + 5 * len(para)  # each cut waits for the end of its line
