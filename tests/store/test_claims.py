from __future__ import annotations

from factdesk.model import Case, Claim, Kind, Mention, Status
from factdesk.store import case_key, is_stale, snapshot

from .helpers import verdict


def claim(*mentions: tuple[str, int, str]) -> Claim:
    return Claim(
        id="c1",
        kind=Kind.NUMBER,
        status=Status.CONFLICT,
        severity=0.8,
        summary="",
        mentions=tuple(Mention(f, s, s + len(t), t, Kind.NUMBER) for f, s, t in mentions),
        fingerprint="fp-1",
    )


ORIGINAL = claim(("a1.txt", 100, "125,000"), ("a2.txt", 40, "over 125,000"))


def made_on(c: Claim):
    return verdict(snapshot=snapshot(c))


def test_snapshot_keeps_file_span_and_text() -> None:
    assert [(m.file, m.start, m.end, m.text) for m in snapshot(ORIGINAL)] == [
        ("a1.txt", 100, 107, "125,000"),
        ("a2.txt", 40, 52, "over 125,000"),
    ]


def test_unchanged_claim_is_current() -> None:
    assert not is_stale(made_on(ORIGINAL), ORIGINAL)


def test_offsets_shifted_by_an_edit_elsewhere_are_not_stale() -> None:
    shifted = claim(("a1.txt", 180, "125,000"), ("a2.txt", 12, "over 125,000"))
    assert not is_stale(made_on(ORIGINAL), shifted)


def test_rewrapped_wording_is_not_stale() -> None:
    v = made_on(claim(("a1.txt", 0, "more than\n125,000")))
    assert not is_stale(v, claim(("a1.txt", 3, "more than 125,000")))


def test_changed_wording_is_stale() -> None:
    assert is_stale(made_on(ORIGINAL), claim(("a1.txt", 100, "125,000"), ("a2.txt", 40, "about 125,000")))


def test_an_article_that_no_longer_states_it_is_stale() -> None:
    assert is_stale(made_on(ORIGINAL), claim(("a1.txt", 100, "125,000")))


def test_a_new_article_stating_it_is_stale() -> None:
    grown = claim(("a1.txt", 100, "125,000"), ("a2.txt", 40, "over 125,000"), ("a3.txt", 5, "125,000"))
    assert is_stale(made_on(ORIGINAL), grown)


def test_a_verdict_without_snapshot_cannot_be_stale() -> None:
    assert not is_stale(verdict(snapshot=()), ORIGINAL)


def test_case_key_is_the_folder_name() -> None:
    assert case_key(Case("flood-2024", "/home/ann/cases/flood-2024", ())) == "flood-2024"
    assert case_key(Case("", "/home/ann/cases/fire", ())) == "fire"
