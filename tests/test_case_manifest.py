"""Article metadata: header blocks, front matter, saved pages and the case manifest (case.toml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from factdesk.case import load_case
from factdesk.case.manifest import MANIFEST_NAME, read_manifest, update_article
from factdesk.case.metadata import ArticleMeta, normalise_published

BODY = ("Officials said on Tuesday that 125,000 accounts were suspended. Yesterday the company "
        "confirmed the figure, according to a spokeswoman.\n")


def test_a_header_block_gives_outlet_url_date_and_byline_and_is_not_analysed(tmp_path: Path) -> None:
    text = ("Outlet: The Daily Example\nURL: https://example.com/news/1\nPublished: 2024-05-03T09:30:00+02:00\n"
            "By: Jane Doe\n\nAccounts suspended\n\n" + BODY)
    (tmp_path / "a1.txt").write_text(text, encoding="utf-8")
    (a,) = load_case(tmp_path).articles
    assert (a.outlet, a.url, a.published, a.byline) == (
        "The Daily Example", "https://example.com/news/1", "2024-05-03T09:30+02:00", "Jane Doe")
    assert a.title == "Accounts suspended"
    assert a.date == dt.date(2024, 5, 3)  # anchors "yesterday"
    assert a.text == text  # offsets still index the file
    assert a.is_ignored(0, 10)


def test_a_first_paragraph_that_only_looks_like_keys_is_text(tmp_path: Path) -> None:
    text = "Washington: officials said 12 people died.\n\n" + BODY
    (tmp_path / "a1.txt").write_text(text, encoding="utf-8")
    (a,) = load_case(tmp_path).articles
    assert a.outlet == "" and not a.ignored


def test_markdown_front_matter(tmp_path: Path) -> None:
    text = ("---\ntitle: \"Accounts suspended\"\nsite: Example Herald\nauthor: [Ann Lee, Bo Chen]\n"
            "date: 2024-05-02\nurl: https://herald.example/x\n---\n\n# Accounts suspended\n\n" + BODY)
    (tmp_path / "a.md").write_text(text, encoding="utf-8")
    (a,) = load_case(tmp_path).articles
    assert (a.outlet, a.byline, a.published, a.url) == ("Example Herald", "Ann Lee, Bo Chen", "2024-05-02",
                                                        "https://herald.example/x")


def test_a_saved_page_gives_its_site_name_canonical_url_time_and_author(tmp_path: Path, page_server) -> None:
    path, body = next(iter(page_server.pages.items()))
    (tmp_path / "page.html").write_bytes(body)
    (a,) = load_case(tmp_path).articles
    assert a.outlet == "The Daily Example"
    assert a.url == page_server.url(path)
    assert a.published == "2016-09-20T08:10-04:00"
    assert a.byline == "Jane Doe"
    assert a.display_name == "The Daily Example"


def test_the_manifest_names_the_outlet_and_is_never_an_article(tmp_path: Path) -> None:
    (tmp_path / "000_b791d736264f27d3.txt").write_text("Accounts suspended\n\n" + BODY, encoding="utf-8")
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "page.html").write_text("<html><body><p>archived</p></body></html>")
    update_article(tmp_path, "000_b791d736264f27d3.txt",
                   ArticleMeta(outlet="Reuters", published="2024-05-01", byline="A. Writer"))
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["000_b791d736264f27d3.txt"]
    assert case.warnings == ()
    (a,) = case.articles
    assert (a.display_name, a.published, a.byline, a.date) == ("Reuters", "2024-05-01", "A. Writer",
                                                                dt.date(2024, 5, 1))
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    assert '[articles."000_b791d736264f27d3.txt"]' in text and 'outlet = "Reuters"' in text


def test_editing_keeps_what_the_editor_wrote_by_hand(tmp_path: Path) -> None:
    (tmp_path / MANIFEST_NAME).write_text('reviewer = "Kim"\n[articles."a.txt"]\noutlet = "AP"\nnote = "wire"\n'
                                          'published = 2024-05-01T10:00:00Z\n', encoding="utf-8")
    assert read_manifest(tmp_path)["a.txt"].meta.published == "2024-05-01T10:00+00:00"
    update_article(tmp_path, "a.txt", ArticleMeta(outlet="Associated Press"))
    text = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")
    assert 'reviewer = "Kim"' in text and 'note = "wire"' in text and "Associated Press" in text
    assert "published =" not in text  # cleared in the dialog: removed


def test_a_broken_manifest_is_one_warning_and_the_case_still_opens(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Accounts suspended\n\n" + BODY, encoding="utf-8")
    (tmp_path / MANIFEST_NAME).write_text("[articles\noutlet = ", encoding="utf-8")
    case = load_case(tmp_path)
    assert len(case.articles) == 1
    assert any("case.toml is not valid TOML" in w for w in case.warnings)


def test_publication_dates_are_normalised() -> None:
    assert normalise_published("2024-05-03T07:30:00Z") == "2024-05-03T07:30+00:00"
    assert normalise_published("Fri, 03 May 2024 09:30:00 +0200") == "2024-05-03T09:30+02:00"
    assert normalise_published("3 May 2024") == "2024-05-03"
    assert normalise_published("last week") == ""
