"""Names: what the parse finds, and how two spellings relate (same, variant, partial, other)."""

from __future__ import annotations

import pytest

from factdesk.text import names
from factdesk.text.names import Name, find_names, name_relation
from factdesk.text.pipeline import parse


def found(sentence: str) -> list[Name]:
    (chunks,) = parse([sentence])
    return [n for c in chunks for n in find_names(c.doc, c.base)]


def name_in(sentence: str, text: str) -> Name:
    """The name spelled ``text`` that the analysis finds in ``sentence``."""
    hits = [n for n in found(sentence) if n.text == text]
    assert hits, (text, [n.text for n in found(sentence)])
    return hits[0]


def relation(a: tuple[str, str], b: tuple[str, str]) -> str:
    """Relation of two names found in real sentences, the same both ways round."""
    na, nb = name_in(*a), name_in(*b)
    forward, backward = name_relation(na, nb), name_relation(nb, na)
    assert forward == backward, (forward, backward)
    return forward


# --- finding names ----------------------------------------------------------------------------------


def test_people_organisations_and_places_are_found() -> None:
    texts = [n.text for n in found("Mathias Döpfner, chief executive of Axel Springer, spoke in Berlin.")]
    assert texts == ["Mathias Döpfner", "Axel Springer", "Berlin"]


def test_name_offsets_index_the_text() -> None:
    sentence = "Officials in London said Kim Jong-nam was killed in Malaysia on Monday."
    for n in found(sentence):
        assert sentence[n.start:n.end] == n.text


def test_title_is_left_out_of_the_name() -> None:
    assert name_in("Mayor Michael Bloomberg spoke on Monday.", "Michael Bloomberg").label == "PERSON"


def test_possessive_is_trimmed() -> None:
    assert "Jack Dorsey" in [n.text for n in found("He attacked Jack Dorsey's company on Monday.")]


def test_possessive_owner_is_not_part_of_the_name() -> None:
    texts = [n.text for n in found("A video threatens Facebook’s Mark Zuckerberg and Twitter’s Jack Dorsey.")]
    assert "Jack Dorsey" in texts
    assert not any("’s " in t for t in texts)


def test_hashtag_is_a_name() -> None:
    tags = [n for n in found("The video ends with #Sons_Caliphate_Army in white letters.") if n.label == "HASHTAG"]
    assert [t.text for t in tags] == ["#Sons_Caliphate_Army"]
    assert tags[0].key == "sons caliphate army"


def test_weekday_alone_is_not_a_name() -> None:
    assert [n.text for n in found("On Monday the police arrived.")] == []


# --- relations ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    pytest.param(("Mathias Dopfner spoke on Monday.", "Mathias Dopfner"),
                 ("Mathias Döpfner spoke on Monday.", "Mathias Döpfner"), id="accent dropped"),
    pytest.param(("Officials said Kim Jong-nam was killed.", "Kim Jong-nam"),
                 ("Officials said Kim Jong Nam was killed.", "Kim Jong Nam"), id="hyphen dropped"),
    pytest.param(("Shoppers queued outside K.T. Marlow on Friday.", "K.T. Marlow"),
                 ("Shoppers queued outside KTMarlow on Friday.", "KTMarlow"), id="initials run together"),
    pytest.param(("Inspector Nick Verhoeven led the raid on Monday.", "Nick Verhoeven"),
                 ("Inspector Nicholas Verhoeven led the raid on Monday.", "Nicholas Verhoeven"), id="short first name"),
])
def test_one_name_written_two_ways_is_a_variant(a: tuple[str, str], b: tuple[str, str]) -> None:
    assert relation(a, b) == names.VARIANT


def test_relatives_sharing_a_surname_are_other_people() -> None:
    assert relation(("Inspector Nick Verhoeven led the raid on Monday.", "Nick Verhoeven"),
                    ("His sister Lena Verhoeven led the raid on Monday.", "Lena Verhoeven")) == names.OTHER


def test_middle_initial_is_not_a_variant() -> None:
    r = relation(("Michael R. Bloomberg spoke on Monday.", "Michael R. Bloomberg"),
                 ("Michael Bloomberg spoke on Monday.", "Michael Bloomberg"))
    assert r in (names.SAME, names.PARTIAL)


def test_brothers_sharing_names_are_other_people() -> None:
    assert relation(("Officials said Kim Jong-nam was killed.", "Kim Jong-nam"),
                    ("Officials said Kim Jong-un ordered the killing.", "Kim Jong-un")) == names.OTHER


def test_country_and_its_people_are_other() -> None:
    sentence = "Russia denied it, and Russian officials said nothing."
    assert relation((sentence, "Russia"), (sentence, "Russian")) == names.OTHER


def test_british_and_american_spelling_of_an_organisation_is_a_variant() -> None:
    assert relation(("The Simon Wiesenthal Center condemned the video.", "Simon Wiesenthal Center"),
                    ("The Simon Wiesenthal Centre condemned the video.", "Simon Wiesenthal Centre")) == names.VARIANT


def test_dateline_capitals_are_the_same_spelling() -> None:
    sentence = "LONDON — The mayor of London spoke on Monday."
    assert relation((sentence, "LONDON"), (sentence, "London")) == names.SAME


def test_surname_alone_is_partial() -> None:
    sentence = "Mark Zuckerberg and Jack Dorsey were threatened, Zuckerberg said."
    assert relation((sentence, "Mark Zuckerberg"), (sentence, "Zuckerberg")) == names.PARTIAL


def test_identical_names_are_the_same() -> None:
    a = ("Mark Zuckerberg spoke on Monday.", "Mark Zuckerberg")
    assert relation(a, a) == names.SAME


def test_different_people_are_other() -> None:
    assert relation(("Mark Zuckerberg spoke on Monday.", "Mark Zuckerberg"),
                    ("Jack Dorsey spoke on Monday.", "Jack Dorsey")) == names.OTHER


def test_one_letter_misspelt_surname_is_a_variant() -> None:
    a = Name(0, 13, "Amadou Sanogo", "PERSON", names.fold("Amadou Sanogo"))
    b = Name(0, 13, "Amadou Sanago", "PERSON", names.fold("Amadou Sanago"))
    assert name_relation(a, b) == names.VARIANT


# --- spellings a desk must catch ------------------------------------------------------------------


def test_one_person_in_two_transliterations_is_a_variant() -> None:
    assert relation(("The court heard Youssef Hassanein speak for an hour.", "Youssef Hassanein"),
                    ("The court heard Yousef Hassanien speak for an hour.", "Yousef Hassanien")) == names.VARIANT


def test_two_people_sharing_a_first_name_are_not_variants() -> None:
    assert relation(("Officers later spoke to Maria Lopez at the scene.", "Maria Lopez"),
                    ("Officers later spoke to Maria Schultz at the scene.", "Maria Schultz")) == names.OTHER


def test_an_institution_named_in_the_other_order_is_a_variant() -> None:
    assert relation(("Researchers at the University of Leeds ran the trial.", "University of Leeds"),
                    ("Researchers at Leeds University ran the trial.", "Leeds University")) == names.VARIANT


def test_a_capitalised_word_english_does_not_know_opens_a_sentence_as_a_name() -> None:
    assert "Microsfot" in [n.text for n in found("Microsfot said the update was delayed.")]
    assert "Meanwhile" not in [n.text for n in found("Meanwhile the update was delayed.")]


def test_a_place_carries_its_locative_preposition() -> None:
    sentence = "The van overturned near Springfield, and the driver lived in Shelbyville."
    near, in_ = name_in(sentence, "Springfield"), name_in(sentence, "Shelbyville")
    assert (near.qualifier, sentence[near.qualifier_start:near.end]) == ("near", "near Springfield")
    assert (in_.qualifier, sentence[in_.qualifier_start:in_.end]) == ("in", "in Shelbyville")


def test_a_person_carries_no_locative_preposition() -> None:
    sentence = "The award went to Maria Schultz in a ceremony on Friday."
    assert name_in(sentence, "Maria Schultz").qualifier == ""


def test_a_one_letter_word_left_off_is_no_spelling_variant() -> None:
    a = Name(0, 14, "Nokia Lumia Q", "PRODUCT", names.fold("Nokia Lumia Q"))
    b = Name(0, 11, "Nokia Lumia", "PRODUCT", names.fold("Nokia Lumia"))
    assert name_relation(a, b) == names.SAME
    c = Name(0, 17, "Michael R Bloomberg", "PERSON", names.fold("Michael R Bloomberg"))
    d = Name(0, 17, "Michael Bloomberg", "PERSON", names.fold("Michael Bloomberg"))
    assert name_relation(c, d) == names.SAME


def test_two_organisations_listed_with_and_are_two_names() -> None:
    texts = [n.text for n in found("She sat on the boards of the Harwell Foundation and Lakeside General Hospital.")]
    assert "Harwell Foundation and Lakeside General Hospital" not in texts
    assert "Lakeside General Hospital" in texts


def test_an_organisation_whose_name_holds_and_stays_one_name() -> None:
    texts = [n.text for n in found("The Institute for Maritime and Coastal Studies said so on Monday.")]
    assert "Institute for Maritime and Coastal Studies" in texts
