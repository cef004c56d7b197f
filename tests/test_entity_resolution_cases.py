"""The ways entity resolution went wrong on a real news corpus, each written into a short
article (tests/fixtures/entities/) and run through the real model and the real index.

What a reader of those articles would expect: single names keep their own entity and
type, clubs, parties, cities and companies are not people, names carry no edge junk,
and a surname with one obvious full name is folded into it."""

from __future__ import annotations

import pytest

from index.library import Library, build_index
from index.records import EntitySummary
from tests.conftest import ROOT

CASES = ROOT / "tests" / "fixtures" / "entities"


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory):
    index_dir = tmp_path_factory.mktemp("entity-cases") / "ix"
    build_index(CASES, index_dir)
    with Library.open(index_dir) as lib:
        yield lib


def named(library: Library, name: str) -> EntitySummary:
    found = [e for e in library.entities() if e.name == name]
    assert len(found) == 1, f"{name}: {[(e.name, e.type) for e in library.entities()]}"
    return found[0]


def names(library: Library, kind: str | None = None) -> set[str]:
    return {e.name for e in library.entities(kind)}


@pytest.mark.parametrize(("place", "person"), [("London", "Michael London")])
def test_a_city_stays_apart_from_a_person_who_carries_its_name(library: Library, place: str, person: str) -> None:
    city, producer = named(library, place), named(library, person)
    assert city.type == "place" and city.articles == 3
    assert producer.type == "person" and producer.articles == 1


@pytest.mark.parametrize("place", ["Europe", "Ireland"])
def test_a_continent_or_country_keeps_its_own_entity(library: Library, place: str) -> None:
    assert named(library, place).type == "place"


@pytest.mark.parametrize(("name", "kind"), [("Sony", "org"), ("Lions", "org"), ("Treasury", "org")])
def test_one_word_names_keep_their_own_entity_and_type(library: Library, name: str, kind: str) -> None:
    """'Sony' is not 'Sonny', 'Lions' not 'Max Lyons', 'Treasury' not 'Lib Dem Treasury'."""
    assert named(library, name).type == kind


@pytest.mark.parametrize("name", ["Manchester United", "Team GB", "Lib Dem Treasury", "Oscars", "Lions"])
def test_clubs_departments_and_prizes_are_not_people(library: Library, name: str) -> None:
    assert name not in names(library, "person")


@pytest.mark.parametrize("word", ["Welsh", "6GB", "4GB", "GMT", "Budget", "Digital", "Oscar"])
def test_nationalities_units_and_ordinary_words_are_no_entity(library: Library, word: str) -> None:
    assert word not in names(library)


def test_a_coach_named_by_his_role_is_a_person(library: Library) -> None:
    assert named(library, "Sven-Goran Eriksson").type == "person"


def test_names_carry_no_edge_junk(library: Library) -> None:
    for entity in library.entities():
        for alias in (entity.name, *entity.aliases):
            assert alias == alias.strip(" -–—,.;:'\"()"), alias
            assert not alias.split()[-1].islower(), alias


def test_a_surname_joins_the_one_person_the_corpus_mostly_means(library: Library) -> None:
    """'Bush' alone is George W. Bush, named in three times as many articles as Laura Bush."""
    bush = named(library, "George W. Bush")
    assert bush.articles == 4 and "Bush" in bush.aliases
    assert "Bush" not in names(library)
    assert named(library, "Laura Bush").articles == 1


def test_a_lone_surname_joins_the_only_person_who_carries_it(library: Library) -> None:
    blair = named(library, "Tony Blair")
    assert blair.articles == 3 and "Blair" not in names(library)


def test_a_first_name_alone_is_the_one_person_of_the_article_who_carries_it(library: Library) -> None:
    downing = next(r for r in library.article_entities("football") if r.name == "Stewart Downing")
    assert {"Stewart", "Downing", "Stewart Downing"} <= set(downing.aliases)
    assert "Stewart" not in names(library)


def test_two_people_with_one_surname_in_an_article_stay_two(library: Library) -> None:
    people = {r.name: r for r in library.article_entities("bush-1") if r.type == "person"}
    assert set(people) == {"George W. Bush", "Laura Bush"}
    assert "Bush" in people["George W. Bush"].aliases  # the one introduced first


def test_related_reasons_quote_the_right_names(library: Library) -> None:
    """The related-article reasons name entities; a wrongly merged name would show there."""
    related = {r.id: r.reasons for r in library.related("london-transport", limit=10)}
    assert any("London" in reason and "places" in reason for reason in related["london-film"])
    assert "Michael London" not in " ".join(reason for reasons in related.values() for reason in reasons)
