"""An entity's type, from its votes and the evidence in its name."""

from __future__ import annotations

from collections import Counter

import pytest

from index.entities.entity_types import decide, is_nationality, name_shape


def kind(votes: dict[str, int], *forms: str) -> str | None:
    return decide(Counter(votes), Counter(forms))


@pytest.mark.parametrize(
    ("name", "shape"),
    [
        ("P. Simmons", "person"),  # initials and a surname
        ("Manchester United", "org"),
        ("Pirelli SpA", "org"),
        ("Bank of England", "org"),
        ("Czech Republic", "place"),
        ("West Bank", "place"),  # a compass word before
        ("UEFA Cup", "misc"),  # an event
        ("U.S. Embassy", None),  # U.S. is no one's initials
        ("Vladimir Putin", None),
        ("Moscow", None),
    ],
)
def test_a_name_shows_its_kind(name: str, shape: str | None) -> None:
    assert name_shape(name) == shape


@pytest.mark.parametrize("word", ["Kuwaiti", "Russians", "Japanese", "Chinese", "Welsh", "Ukrainian", "Argentine"])
def test_nationalities_are_recognised(word: str) -> None:
    assert is_nationality(word)


@pytest.mark.parametrize("word", ["Sudan", "Jordan", "Martin", "London", "Bahrain", "Sony"])
def test_names_that_only_look_like_nationalities_are_not(word: str) -> None:
    assert not is_nationality(word)


def test_a_country_the_model_calls_an_organization_is_a_place() -> None:
    assert kind({"org": 2}, "Moldova") == "place"


def test_a_city_the_model_calls_a_person_once_is_a_place() -> None:
    assert kind({"person": 1}, "Portsmouth") == "place"


def test_a_surname_that_is_also_a_city_stays_a_person_on_enough_evidence() -> None:
    assert kind({"person": 3, "place": 1}, "Houston") == "person"


def test_a_team_from_results_tables_outvotes_its_city() -> None:
    assert kind({"org": 4, "place": 1}, "Durham") == "org"


def test_the_name_shape_outweighs_a_wrong_label() -> None:
    assert kind({"person": 2}, "Manchester United") == "org"
    assert kind({"person": 1}, "S. Korea") == "place"


def test_a_nationality_is_no_entity() -> None:
    assert kind({"person": 2}, "Welsh") is None
    assert kind({"place": 1}, "Kuwaiti") is None


def test_a_definite_article_counts_against_a_person() -> None:
    assert kind({"person": 2, "the": 1, "org": 1}, "Treasury") == "org"


def test_names_mostly_tagged_as_something_else_are_dropped() -> None:
    assert kind({"misc": 3, "org": 1}, "Olympics") is None


def test_no_votes_and_no_evidence_give_no_entity() -> None:
    assert kind({}, "Something") is None
