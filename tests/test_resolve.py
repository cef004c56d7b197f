"""Alias resolution rules, on mentions written by hand (no model involved)."""

from __future__ import annotations

import pytest

from index.entities.names import canonical_alias, clean_name, name_key
from index.entities.resolve import Mention, resolve, shares


def entity_named(entities, name: str):
    return next(e for e in entities if e.name == name)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Russian President Vladimir Putin", "person", "Vladimir Putin"),
        ("Secretary of State Mike Pompeo", "person", "Mike Pompeo"),
        ("Russia's", "place", "Russia"),
        ("the Kremlin", "org", "Kremlin"),
        ("Foreign Ministry", "org", "Foreign Ministry"),
        ("State Duma", "org", "State Duma"),
        ("U.S.", "place", "U.S."),
        ("he", "person", None),
        ("President", "person", None),
        ("2019", "org", None),
        ("State", "org", None),
    ],
)
def test_clean_name_strips_titles_possessives_and_junk(text: str, kind: str, expected: str | None) -> None:
    assert clean_name(text, kind) == expected


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Sergei Lavrov", "Sergey Lavrov"),
        ("Guaidó", "Guaido"),
        ("Bashar al-Assad", "Bashar Assad"),
        ("Yury Ushakov", "Yuri Ushakov"),
    ],
)
def test_spelling_variants_share_a_key(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"), [("Sergei Lavrov", "Sergei Ryabkov"), ("Sony", "Sonny"), ("Lions", "Lyons"), ("Yury", "Yuri")]
)
def test_different_names_keep_different_keys(a: str, b: str) -> None:
    """Alone, a one-word name has nothing to anchor a loose spelling match."""
    assert name_key(a) != name_key(b)


@pytest.mark.parametrize("alias", ["U.S.", "US", "United States", "America"])
def test_alias_table_names_abbreviations(alias: str) -> None:
    assert canonical_alias(alias) == "United States"


def test_the_pronoun_us_is_not_the_country() -> None:
    assert clean_name("us", "place") is None


def test_surname_folds_into_the_full_name_in_the_same_article_even_when_mislabelled() -> None:
    entities = resolve(
        {
            "a": [
                Mention("Foreign Minister Anna Kovacs", "PERSON"),
                Mention("Kovacs", "ORG"),
                Mention("Kovacs", "GPE"),
            ]
        }
    )
    person = entity_named(entities, "Anna Kovacs")
    assert person.type == "person"
    assert person.articles == {"a": 3}
    assert set(person.aliases) == {"Anna Kovacs", "Kovacs"}
    assert len(entities) == 1


def test_transliterations_and_accents_merge_across_articles() -> None:
    entities = resolve(
        {
            "a": [Mention("Sergei Lavrov", "PERSON"), Mention("Juan Guaidó", "PERSON")],
            "b": [
                Mention("Sergey Lavrov", "PERSON"),
                Mention("Sergey Lavrov", "PERSON"),
                Mention("Juan Guaido", "PERSON"),
            ],
        }
    )
    lavrov = entity_named(entities, "Sergey Lavrov")  # the commoner of two equally full forms
    assert lavrov.articles == {"a": 1, "b": 2}
    assert {"Sergei Lavrov", "Sergey Lavrov"} <= set(lavrov.aliases)
    assert len([e for e in entities if e.type == "person"]) == 2


def test_display_name_is_the_fullest_form() -> None:
    entities = resolve({"a": [Mention("Bashar Assad", "PERSON")] * 3, "b": [Mention("Bashar al-Assad", "PERSON")]})
    assert [e.name for e in entities] == ["Bashar al-Assad"]


def test_lone_surname_joins_the_only_person_with_that_surname() -> None:
    entities = resolve({"a": [Mention("Vladimir Putin", "PERSON")], "b": [Mention("Putin", "PERSON")]})
    assert [(e.name, e.type, e.articles) for e in entities] == [("Vladimir Putin", "person", {"a": 1, "b": 1})]


def test_a_lone_name_of_another_type_keeps_its_own_entity() -> None:
    """'London' the city is not the producer Michael London, however rare he is."""
    entities = resolve(
        {
            "a": [Mention("Michael London", "PERSON")],
            "b": [Mention("London", "GPE", place="city")],
            "c": [Mention("London", "GPE", place="city")],
        }
    )
    assert sorted((e.name, e.type, sorted(e.articles)) for e in entities) == [
        ("London", "place", ["b", "c"]),
        ("Michael London", "person", ["a"]),
    ]


def test_lone_surname_shared_by_two_people_stays_apart() -> None:
    entities = resolve(
        {
            "a": [Mention("Anna Kovacs", "PERSON")],
            "b": [Mention("Peter Kovacs", "PERSON")],
            "c": [Mention("Kovacs", "PERSON")],
        }
    )
    assert len(entities) == 3


def test_abbreviation_merges_with_the_full_name_across_articles() -> None:
    entities = resolve(
        {"a": [Mention("U.S.", "GPE")], "b": [Mention("United States", "GPE")], "c": [Mention("US", "GPE")]}
    )
    assert [(e.name, sorted(e.articles)) for e in entities] == [("United States", ["a", "b", "c"])]


def test_acronym_folds_into_the_organisation_it_abbreviates() -> None:
    entities = resolve({"a": [Mention("Committee for Open Media Studies", "ORG"), Mention("COMS", "ORG")]})
    assert [(e.name, e.articles) for e in entities] == [("Committee for Open Media Studies", {"a": 2})]


def test_type_is_the_majority_across_the_corpus() -> None:
    entities = resolve(
        {"a": [Mention("Gazprom", "ORG")], "b": [Mention("Gazprom", "ORG")], "c": [Mention("Gazprom", "PERSON")]}
    )
    assert [(e.name, e.type) for e in entities] == [("Gazprom", "org")]


def test_context_cue_outweighs_a_wrong_label() -> None:
    entities = resolve({"a": [Mention("Tatiana Orlova", "GPE", cue="person"), Mention("Orlova", "ORG")]})
    assert [(e.name, e.type) for e in entities] == [("Tatiana Orlova", "person")]


def test_each_mention_keeps_its_place_and_the_key_of_its_entity() -> None:
    mentions = [Mention("Moscow", "GPE", "body", 10, 16), Mention("Moscow", "GPE", "title", 0, 6)]
    entities = resolve({"a": mentions})
    places = [(s.field, s.start, s.end) for s in shares(mentions) if s.key in entities[0].keys]
    assert places == [("body", 10, 16), ("title", 0, 6)]
