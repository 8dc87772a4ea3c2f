"""The learned linker: shipped as a small data file, reproducible from `make train`, and the general
rules it carries, each stated on sentences of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factdesk.analysis import analyze
from factdesk.case import article_from_text
from factdesk.model import Case, Claim, Kind, Status
from factdesk.text import lexicon
from factdesk.text.linker import PARAMETERS, LinkerError, load_linker, read_linker
from factdesk.text.pair_features import FEATURES

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def claims(kind: Kind, *sentences: str) -> list[Claim]:
    articles = tuple(article_from_text(f"{chr(97 + i)}.txt", f"Storm report\n\n{s}\n") for i, s in enumerate(sentences))
    return [c for c in analyze(Case("t", "", articles)).claims if c.kind is kind]


def test_the_parameters_ship_small_named_and_complete() -> None:
    assert PARAMETERS.stat().st_size < 1_000_000
    linker = load_linker()
    assert linker.name and linker.trained
    assert set(linker.kinds) == set(FEATURES)
    for kind, model in linker.kinds.items():
        assert model.features == FEATURES[kind]
        assert 0 < model.mutual <= model.threshold < 1


def test_parameters_for_other_features_are_refused_with_one_line(tmp_path: Path) -> None:
    data = json.loads(PARAMETERS.read_text(encoding="utf-8"))
    data["kinds"]["number"]["features"] = ["something", "else"]
    broken = tmp_path / "linker.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(LinkerError, match="make train"):
        read_linker(broken)
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(LinkerError, match="cannot read"):
        read_linker(broken)


def test_one_fact_stated_with_different_values_is_one_flagged_claim() -> None:
    """Three outlets, one storm: one says Category 2, two say Category 3 — the desk sees one conflict."""
    found = claims(Kind.NUMBER,
                   "The storm weakened to a Category 2 hurricane overnight, the weather service said.",
                   "The storm remained a Category 3 hurricane overnight, the weather service said.",
                   "Forecasters said the storm was still a Category 3 hurricane as it moved north.")
    flagged = [c for c in found if c.flagged]
    assert len(flagged) == 1, [c.summary for c in found]
    assert len({m.file for m in flagged[0].mentions}) == 3
    assert flagged[0].status is Status.CONFLICT


def test_yesterday_and_a_weekday_for_one_event_are_flagged_as_worded_differently() -> None:
    found = claims(Kind.DATE,
                   "The council approved the new budget yesterday after a long debate.",
                   "The council approved the new budget on Thursday after a long debate.")
    assert [c.status for c in found if len({m.file for m in c.mentions}) == 2] == [Status.HEDGED]


def test_a_slip_of_a_known_name_at_the_start_of_a_sentence_is_caught() -> None:
    found = claims(Kind.NAME,
                   "Microsoft said on Monday that the update would reach every user within a week.",
                   "Microsfot said on Monday that the update would reach every user within a week.")
    assert any(c.status is Status.CONFLICT and {m.text for m in c.mentions} == {"Microsoft", "Microsfot"}
               for c in found), [c.summary for c in found]


@pytest.mark.parametrize(("slip", "word"), [("Microsfot", "Microsoft"), ("Pfizre", "Pfizer"),
                                            ("Starbuks", "Starbucks")])
def test_a_form_english_does_not_know_beside_one_it_does_is_a_misspelling(slip: str, word: str) -> None:
    assert lexicon.misspelling(slip, word)


@pytest.mark.parametrize(("a", "b"), [("Sarah", "Sara"), ("Smith", "Smyth"), ("Austin", "Boston")])
def test_two_known_names_or_far_apart_forms_are_not_called_slips(a: str, b: str) -> None:
    assert not lexicon.misspelling(a, b)


@pytest.mark.skipif(not (SHARED / "corpus").is_dir(), reason="needs ../shared beside the repo")
def test_make_train_reproduces_the_shipped_parameters() -> None:
    """The shipped numbers are what the seeded training makes of the annotated cases, not hand edits."""
    from benchmarks.corpus import load_all
    from benchmarks.train import fit_linker

    shipped = load_linker()
    fresh = fit_linker(load_all())
    for kind, model in shipped.kinds.items():
        again = fresh.kinds[kind]
        assert (again.threshold, again.mutual, again.merge) == (model.threshold, model.mutual, model.merge), kind
        assert again.coef == pytest.approx(model.coef, abs=1e-4), kind
        assert again.about_coef == pytest.approx(model.about_coef, abs=1e-4), kind


RIVALS = ("Senator Alvarez questioned the airline's chief executive at a hearing on Tuesday about lost luggage.",
          "Senator Alvarez questioned the airline's chief executive at a hearing on Tuesday about lost luggage fees.",
          "The city library will reopen its east wing on Wednesday after the repairs, the airline said.")


def test_a_date_matched_better_in_a_third_article_knows_its_rival() -> None:
    """Two outlets state one hearing's day alike; a third outlet's date of something else matches neither as
    well as they match each other: the pair feature ``rival`` says by how much."""
    from factdesk.analysis import case_idf, extract
    from factdesk.text.matching import linking_pairs

    articles = tuple(article_from_text(f"{chr(97 + i)}.txt", f"Report\n\n{s}\n") for i, s in enumerate(RIVALS))
    found = extract(Case("t", "", articles))
    cands = found.per_kind["dates"]
    pairs, rows = linking_pairs("date", cands, case_idf(found))
    rival = FEATURES["date"].index("rival")
    by_files = {(cands[i].file, cands[j].file): row[rival] for (i, j), row in zip(pairs, rows, strict=True)}
    assert by_files[("a.txt", "b.txt")] == 0.0
    assert by_files[("a.txt", "c.txt")] > 0.2
    assert by_files[("b.txt", "c.txt")] > 0.2



WHOLE_VALUE = ("The average age of the volunteers was 9, the charity said.",
               "The volunteers' median age was 9.4 years, according to the charity.",
               "The charity counted 12 volunteers on the first morning.")


def test_a_bare_figure_meets_one_with_a_unit_and_the_same_whole_value() -> None:
    """One outlet leaves the unit unsaid ("was 9"), another states it ("9.4 years"): blocking weighs the pair,
    as it weighs two figures of one unit; a figure of another whole value is not met for its value."""
    from factdesk.analysis import case_idf, extract
    from factdesk.text.matching import linking_pairs

    articles = tuple(article_from_text(f"{chr(97 + i)}.txt", f"Report\n\n{s}\n") for i, s in enumerate(WHOLE_VALUE))
    found = extract(Case("t", "", articles))
    cands = found.per_kind["figures"]
    by_file = {c.file: c for c in cands}
    assert by_file["a.txt"].payload.unit is None and by_file["b.txt"].payload.unit == "year"
    pairs, _ = linking_pairs("number", cands, case_idf(found))
    met = {(cands[i].file, cands[j].file) for i, j in pairs}
    assert ("a.txt", "b.txt") in met
    assert ("b.txt", "c.txt") not in met


def test_number_features_do_not_depend_on_which_mention_comes_first() -> None:
    """A pair's features are the same whichever of its two mentions is taken first (file names decide that order,
    and a renamed file must not change the claims), also when only one of the two states a unit."""
    from factdesk.analysis import case_idf, extract
    from factdesk.text.pair_features import pair_features

    articles = tuple(article_from_text(f"{chr(97 + i)}.txt", f"Report\n\n{s}\n") for i, s in enumerate(WHOLE_VALUE))
    found = extract(Case("t", "", articles))
    cands = found.per_kind["figures"]
    idf = case_idf(found)
    pairs = [(i, j) for i in range(len(cands)) for j in range(len(cands)) if cands[i].article != cands[j].article]
    rows = dict(zip(pairs, pair_features("number", cands, pairs, idf), strict=True))
    for i, j in pairs:
        assert rows[(i, j)] == pytest.approx(rows[(j, i)]), (cands[i].file, cands[j].file)
