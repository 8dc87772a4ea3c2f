"""The spaCy pipeline: loaded once, real model, chunks that index the article text exactly."""

from __future__ import annotations

from factdesk.text.pipeline import MAX_CHUNK, load_pipeline, parse, split_chunks


def test_the_pipeline_is_loaded_once_per_process() -> None:
    assert load_pipeline() is load_pipeline()


def test_the_statistical_model_is_in_use() -> None:
    p = load_pipeline()
    assert p.warning is None, p.warning
    assert p.has_parser and p.has_ner
    assert "core_web_sm" in p.name


def test_small_text_is_one_chunk_covering_it() -> None:
    text = "Headline\n\nTwitter suspended over 125,000 accounts.\n"
    (chunks,) = parse([text])
    assert len(chunks) == 1
    (c,) = chunks
    assert c.base == 0
    assert c.text == c.doc.text == text


def test_chunks_index_the_text_with_emoji_and_accents() -> None:
    text = "Döpfner 😀 said “héllo” 🇫🇷.\r\n\r\nZuckerberg’s 125,000 accounts 👍🏽 were closed.\n"
    (chunks,) = parse([text])
    for c in chunks:
        assert text[c.base:c.base + len(c.text)] == c.text
        for tok in c.doc:
            assert text[c.base + tok.idx:c.base + tok.idx + len(tok.text)] == tok.text


def test_long_text_is_cut_at_paragraph_breaks() -> None:
    para = "Twitter suspended over 125,000 accounts linked to the group, the company said. " * 20
    text = "\n\n".join([para] * 40)  # ~128,000 characters
    pieces = list(split_chunks(text))
    assert len(pieces) > 1
    assert all(len(p) <= MAX_CHUNK for _, p in pieces)
    assert "".join(p for _, p in pieces) == text  # nothing lost, nothing repeated
    for base, piece in pieces[:-1]:
        assert piece.endswith("\n\n")
        assert text[base:base + len(piece)] == piece


def test_text_without_any_break_is_still_cut() -> None:
    text = "x" * (MAX_CHUNK * 2 + 10)
    pieces = list(split_chunks(text))
    assert "".join(p for _, p in pieces) == text
    assert all(len(p) <= MAX_CHUNK for _, p in pieces)


def test_skipped_ranges_are_not_parsed() -> None:
    body = "Twitter suspended over 125,000 accounts.\n\n"
    junk = "Related: Ten things you never knew about cats.\n\n"
    text = body + junk + body
    skip = [(len(body), len(body) + len(junk))]
    # short texts are one chunk: a skip that does not cover a whole chunk keeps it
    assert len(list(split_chunks(text, skip))) == 1
    assert list(split_chunks(junk, [(0, len(junk))])) == []


def test_several_texts_keep_their_order() -> None:
    texts = ["First article about Twitter.", "", "Third article about Facebook."]
    out = parse(texts)
    assert len(out) == 3
    assert out[1] == []  # nothing to parse in an empty text
    assert out[0][0].text == texts[0] and out[2][0].text == texts[2]
    assert [c.index for c in out[2]] == [2]
