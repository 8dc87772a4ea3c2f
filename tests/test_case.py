"""Reading a case folder: files, encodings, formats, errors.  Real files in tmp_path, no mocks."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from factdesk.case import CaseError, article_from_text, load_case, read_article
from factdesk.model import Article, Case

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    if isinstance(content, str):
        path.write_bytes(content.encode("utf-8"))
    else:
        path.write_bytes(content)
    return path


def file_text(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


# --- errors -------------------------------------------------------------------------------------


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not found") as info:
        load_case(tmp_path / "nope")
    assert str(tmp_path / "nope") in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file_in_a_list_is_an_error(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Headline\n\nBody.\n")
    with pytest.raises(CaseError, match=r"not found: .*b\.txt"):
        load_case([tmp_path / "a.txt", tmp_path / "b.txt"])


def test_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseError) as info:
        load_case(tmp_path)
    assert str(info.value) == f"no articles (.txt, .md, .html) in {tmp_path}"


def test_folder_with_only_gold_json(tmp_path: Path) -> None:
    write(tmp_path, "gold.json", "{}")
    with pytest.raises(CaseError, match=r"no articles \(\.txt, \.md, \.html\)"):
        load_case(tmp_path)


def test_folder_with_only_unreadable_articles(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "b.txt", b"   \n")
    with pytest.raises(CaseError, match=r"no readable articles .*a\.txt: binary.*; b\.txt: empty"):
        load_case(tmp_path)


def test_empty_list(tmp_path: Path) -> None:
    with pytest.raises(CaseError):
        load_case([])


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file_is_skipped_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Readable\n\nBody.\n")
    locked = write(tmp_path, "b.txt", "Locked\n\nBody.\n")
    locked.chmod(0)
    try:
        case = load_case(tmp_path)
        assert [a.file for a in case.articles] == ["a.txt"]
        assert any("b.txt" in w and "permission denied" in w for w in case.warnings)
        (tmp_path / "a.txt").chmod(0)
        with pytest.raises(CaseError, match="permission denied"):
            load_case(tmp_path)
    finally:
        locked.chmod(0o644)
        (tmp_path / "a.txt").chmod(0o644)


# --- folders and lists --------------------------------------------------------------------------


def test_one_article(tmp_path: Path) -> None:
    path = write(tmp_path, "a1.txt", "\n  Storm hits coast  \n\nThe storm killed 12 people.\r\nMore later.\n")
    case = load_case(tmp_path)
    assert isinstance(case, Case)
    assert case.name == tmp_path.name
    assert case.path == str(tmp_path)
    assert case.warnings == ()
    (a,) = case.articles
    assert a.file == "a1.txt"
    assert a.title == "Storm hits coast"
    assert a.text == file_text(path)  # the file as-is, CRLF included
    assert a.source_format == "txt"
    assert a.encoding == "utf-8"
    assert a.date is None
    assert a.text[: a.headline_end] == "\n  Storm hits coast  "


def test_articles_sorted_by_name_with_numbers_as_numbers(tmp_path: Path) -> None:
    for name in ["b.txt", "a10.txt", "a2.txt", "A1.md"]:
        write(tmp_path, name, f"Title {name}\n\nBody.\n")
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["A1.md", "a2.txt", "a10.txt", "b.txt"]


def test_gold_hidden_and_unknown_files(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Headline\n\nBody.\n")
    write(tmp_path, "gold.json", "{}")
    write(tmp_path, ".hidden.txt", "Secret\n")
    write(tmp_path, ".DS_Store", b"\x00\x01")
    write(tmp_path, "notes.pdf", b"%PDF-1.4")
    write(tmp_path, "image.png", b"\x89PNG\r\n")
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "inner.txt", "Not part of the case\n")
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["a.txt"]
    assert len(case.warnings) == 2
    assert any("notes.pdf" in w and "not an article" in w for w in case.warnings)
    assert any("image.png" in w for w in case.warnings)
    assert not any("gold.json" in w or "hidden" in w or "DS_Store" in w for w in case.warnings)


def test_list_of_files_and_a_mix(tmp_path: Path) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    write(one, "a.txt", "A\n\nBody a.\n")
    write(one, "b.txt", "B\n\nBody b.\n")
    write(two, "c.md", "# C\n\nBody c.\n")
    write(two, "a.txt", "Another A\n\nOther body.\n")
    case = load_case([one / "b.txt", one / "a.txt"])
    assert [a.file for a in case.articles] == ["a.txt", "b.txt"]
    assert case.path == ""
    assert case.name == "one"
    mixed = load_case([str(one), two / "c.md", two / "a.txt", one / "a.txt"])
    assert [a.file for a in mixed.articles] == ["a.txt", "b.txt", "c.md", "two/a.txt"]
    assert mixed.article("two/a.txt").title == "Another A"
    assert any("two/a.txt" in w for w in mixed.warnings)


def test_single_file_path(tmp_path: Path) -> None:
    path = write(tmp_path, "story.txt", "Story\n\nBody.\n")
    case = load_case(path)
    assert [a.file for a in case.articles] == ["story.txt"]


def test_read_article_helper(tmp_path: Path) -> None:
    path = write(tmp_path, "x.txt", "Headline here\n\nBody text.\n")
    a = read_article(path)
    assert isinstance(a, Article)
    assert (a.file, a.title, a.text) == ("x.txt", "Headline here", "Headline here\n\nBody text.\n")
    with pytest.raises(CaseError, match=r"y\.txt"):
        read_article(tmp_path / "y.txt")


# --- encodings ----------------------------------------------------------------------------------


def test_binary_file_is_skipped_and_named(tmp_path: Path) -> None:
    write(tmp_path, "good.txt", "Good\n\nBody.\n")
    write(tmp_path, "photo.txt", bytes(range(256)) * 4)
    write(tmp_path, "noise.txt", bytes([1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 65]) * 100)  # no NUL bytes
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["good.txt"]
    assert any(w.startswith("skipped photo.txt") and "binary" in w for w in case.warnings)
    assert any(w.startswith("skipped noise.txt") and "binary" in w for w in case.warnings)


def test_cp1252_file_is_decoded_with_a_warning(tmp_path: Path) -> None:
    write(tmp_path, "old.txt", b"Le caf\xe9 ferm\xe9\n\n\x93Quoted\x94 \x80 5\n")  # "café" with byte 0xE9
    case = load_case(tmp_path)
    (a,) = case.articles
    assert a.text == "Le café fermé\n\n“Quoted” € 5\n"
    assert a.title == "Le café fermé"
    assert a.encoding == "cp1252"
    assert any(w.startswith("old.txt:") and "cp1252" in w for w in case.warnings)
    assert a.warnings


def test_utf8_bom_is_removed_and_offsets_index_the_text_without_it(tmp_path: Path) -> None:
    write(tmp_path, "bom.txt", "\ufeffHeadline\n\nThe figure is 125,000.\n")
    case = load_case(tmp_path)
    (a,) = case.articles
    assert a.text == "Headline\n\nThe figure is 125,000.\n"
    assert a.encoding == "utf-8-sig"
    assert a.title == "Headline"
    assert a.headline_end == len("Headline")
    assert a.text[a.text.index("125,000") :].startswith("125,000")
    assert case.warnings == ()  # informational only
    assert any("byte order mark" in w for w in a.warnings)


def test_utf16_with_bom(tmp_path: Path) -> None:
    write(tmp_path, "u16.txt", "Café headline\r\n\r\nBody.\r\n".encode("utf-16"))
    (a,) = load_case(tmp_path).articles
    assert a.text == "Café headline\r\n\r\nBody.\r\n"
    assert a.encoding == "utf-16"


def test_mixed_encodings_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "Naïve café\n\nUTF-8 body.\n")
    write(tmp_path, "b.txt", "Naïve café\n\ncp1252 body.\n".encode("cp1252"))
    write(tmp_path, "c.txt", "\ufeffNaïve café\n\nBOM body.\n")
    write(tmp_path, "d.txt", b"\x00\x00\x00binary")
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["a.txt", "b.txt", "c.txt"]
    assert [a.encoding for a in case.articles] == ["utf-8", "cp1252", "utf-8-sig"]
    assert {a.title for a in case.articles} == {"Naïve café"}
    assert [w.split(":")[0].split()[-1] for w in case.warnings] == ["b.txt", "d.txt"]


def test_empty_file_is_skipped(tmp_path: Path) -> None:
    write(tmp_path, "a.txt", "A\n\nBody.\n")
    write(tmp_path, "empty.txt", b"")
    case = load_case(tmp_path)
    assert [a.file for a in case.articles] == ["a.txt"]
    assert any("empty.txt" in w and "empty" in w for w in case.warnings)


# --- formats ------------------------------------------------------------------------------------

HTML_PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8">
<title>Storm kills 12 on the coast | The Daily Example</title>
<meta property="article:published_time" content="2016-03-03T10:12:00Z">
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li></ul></nav>
<article>
<h1>Storm kills 12 on the coast</h1>
<p>The storm killed 12 people on Thursday, officials said, and more than 2,000 homes lost power.</p>
<p>&ldquo;We have never seen anything like it,&rdquo; the mayor said at a briefing in the town hall.</p>
<p>Rescue crews worked through the night to reach villages cut off by the floods near the river.</p>
</article>
<footer><p>Copyright 2016 The Daily Example. All rights reserved.</p></footer>
</body></html>
"""


def test_html_page(tmp_path: Path) -> None:
    write(tmp_path, "page.html", HTML_PAGE)
    case = load_case(tmp_path)
    (a,) = case.articles
    assert a.source_format == "html"
    assert a.title == "Storm kills 12 on the coast"
    assert a.date == dt.date(2016, 3, 3)
    assert "The storm killed 12 people on Thursday" in a.text
    assert "“We have never seen anything like it,”" in a.text
    assert "<p>" not in a.text and "Home" not in a.text and "All rights reserved" not in a.text
    assert a.text.startswith("Storm kills 12 on the coast\n\n")
    assert a.text[: a.headline_end] == "Storm kills 12 on the coast"
    start = a.text.index("2,000")
    assert a.text[start : start + 5] == "2,000"  # offsets index the extracted text


def test_htm_page_in_cp1252_with_date_in_text(tmp_path: Path) -> None:
    html = (
        "<html><head><title>Caf\xe9 closes</title></head><body><article>"
        "<h1>Caf\xe9 closes</h1><p>Published March 3, 2016</p>"
        "<p>The caf\xe9 on the corner closed on Friday after 40 years, its owner said in a statement.</p>"
        "<p>Regulars said they would miss the coffee and the conversation at the long wooden bar.</p>"
        "</article></body></html>"
    )
    write(tmp_path, "old.htm", html.encode("cp1252"))
    case = load_case(tmp_path)
    (a,) = case.articles
    assert a.title == "Café closes"
    assert "The café on the corner" in a.text
    assert a.date == dt.date(2016, 3, 3)
    assert any("cp1252" in w for w in case.warnings)


def test_markdown_file(tmp_path: Path) -> None:
    md = (
        "---\n"
        "layout: post\n"
        "date: 2016-03-03\n"
        "---\n"
        "# Storm **kills** 12\n"
        "\n"
        "![A flooded street](img/street.jpg)\n"
        "\n"
        "The storm killed [12 people](http://example.com/x) on Thursday.\n"
        "\n"
        "[Read the full report](http://example.com/report)\n"
        "<https://example.com/more>\n"
        "\n"
        "More than 2,000 homes lost power.\n"
    )
    path = write(tmp_path, "story.md", md)
    (a,) = load_case(tmp_path).articles
    assert a.source_format == "md"
    assert a.text == file_text(path)  # markdown kept as written
    assert a.title == "Storm kills 12"
    assert a.date == dt.date(2016, 3, 3)
    assert a.text[: a.headline_end].endswith("# Storm **kills** 12")
    ignored = [a.text[s.start : s.end] for s in a.ignored]
    assert ignored[0] == "---\nlayout: post\ndate: 2016-03-03\n---"
    assert "![A flooded street](img/street.jpg)" in ignored
    assert "[Read the full report](http://example.com/report)\n<https://example.com/more>" in ignored
    assert not a.is_ignored(a.text.index("12 people"), a.text.index("12 people") + 9)
    assert not a.is_ignored(a.text.index("2,000"), a.text.index("2,000") + 5)


def test_markdown_without_heading_uses_first_line(tmp_path: Path) -> None:
    write(tmp_path, "plain.md", "Storm *hits* coast\n\nBody text here.\n")
    (a,) = load_case(tmp_path).articles
    assert a.title == "Storm hits coast"


# --- headline area ------------------------------------------------------------------------------

LEDE_BODY = "Rescue crews worked through the night to reach villages cut off by the floods.\n"


@pytest.mark.parametrize(
    "first_line",
    [
        "Storm hits coast as thousands flee",
        "Why the river rose so fast",
        "Sen. Ortiz calls for U.S. inquiry into flood agency",
        "Is the old dam still safe?",
        "'We lost everything': Farmers count the cost of the floods",
    ],
)
def test_a_short_headlinese_first_line_is_the_headline(first_line: str) -> None:
    a = article_from_text("a.txt", f"{first_line}\n\n{LEDE_BODY}")
    assert a.text[: a.headline_end] == first_line


@pytest.mark.parametrize(
    "first_line",
    [
        # a lede sentence without its full stop: articles and auxiliaries, not headlinese ("ferry leaves")
        "The last ferry of the season has left the harbour with a full load",
        # a long sentence (a headline is short), here a question put to the readers
        "Friends, nobody can say what the weather will do in the valley next winter, "
        "but we can all look at what it did last year, right?",
        # a lead-in: a colon, semicolon or comma runs into the next paragraph
        "Our reporter sent this account from the flooded town on Friday:",
        # a paragraph of several sentences
        "The river rose overnight! Crews worked until dawn to save the bridge",
    ],
)
def test_a_lede_paragraph_is_not_a_headline(first_line: str) -> None:
    a = article_from_text("a.txt", f"{first_line}\n\n{LEDE_BODY}")
    assert a.headline_end == 0


def test_a_standfirst_sentence_under_the_headline_is_not_a_subtitle() -> None:
    standfirst = "The mayor has asked the residents of the old town to leave their homes"
    a = article_from_text("a.txt", f"Storm hits coast\n{standfirst}\n\n{LEDE_BODY}")
    assert a.text[: a.headline_end] == "Storm hits coast"
    subtitled = article_from_text("b.txt", f"Storm hits coast\nMayor orders old town evacuated\n\n{LEDE_BODY}")
    assert subtitled.text[: subtitled.headline_end] == "Storm hits coast\nMayor orders old town evacuated"


# --- size ---------------------------------------------------------------------------------------


def test_five_megabyte_article_loads_quickly(tmp_path: Path) -> None:
    paragraph = (
        "The storm killed 12 people on Thursday, officials said, and more than 2,000 homes lost power "
        "across the region (Photo by someone) while crews worked through the night. Facebook and Twitter "
        "users shared pictures of flooded streets; click here was not a thing anyone said.\n\n"
    )
    junk = "Share this\nFacebook\nRelated\nA short headline\nAnother short headline\n\n"
    body = (paragraph * 40 + junk) * 200
    body = body + "x" * (5_000_000 - len(body))  # and one huge line without a break
    write(tmp_path, "huge.txt", "Huge headline\n\n" + body)
    spaces = " " * 2_000_000 + "(" * 500_000 + "\t" * 500_000 + "—" * 500_000
    write(tmp_path, "spaces.txt", "Headline\n" + spaces + "\n" + ("a " * 1_000_000))
    started = time.perf_counter()
    case = load_case(tmp_path)
    elapsed = time.perf_counter() - started
    assert [a.chars > 4_000_000 for a in case.articles] == [True, True]
    assert elapsed < 10, f"took {elapsed:.1f}s"
    huge = case.article("huge.txt")
    assert huge.ignored and all(s.reason for s in huge.ignored)


def test_seed_case_loads(tmp_path: Path) -> None:
    case = load_case(SEEDS)
    assert len(case.articles) == 5
    assert case.warnings == ()
    for a in case.articles:
        assert a.text == file_text(SEEDS / a.file)
        assert a.title and len(a.title) <= 200
        assert 0 < a.headline_end < 200
