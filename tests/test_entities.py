"""Entities from the real NER model: quality against the gold list, search, listings."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.entities.entity_table import read_table
from index.library import Library
from tests.conftest import load_gold
from tests.entity_eval import TYPES, score

GOLD = load_gold("entities.json")


@pytest.fixture(scope="module")
def library(seed_index: Path):
    with Library.open(seed_index) as lib:
        yield lib


@pytest.fixture(scope="module")
def quality(seed_index: Path):
    return score(read_table(seed_index), GOLD)


def test_entities_meet_precision_and_recall_goals_on_the_seeds(quality) -> None:
    assert quality.precision() >= 0.95, quality.extras
    assert quality.recall() >= 0.95, quality.misses


@pytest.mark.parametrize("kind", TYPES)
def test_each_type_is_found_reliably(quality, kind: str) -> None:
    assert quality.precision(kind) >= 0.95, quality.extras
    assert quality.recall(kind) >= 0.95, quality.misses


def _ids_naming(gold_name: str) -> set[str]:
    return {article for article, kinds in GOLD.items() for kind in TYPES for g in kinds[kind] if g["name"] == gold_name}


def test_every_alias_finds_the_same_articles(library) -> None:
    expected = _ids_naming("Sergei Lavrov")
    for query in ("person:lavrov", 'person:"Sergei Lavrov"', 'entity:"Sergey Lavrov"', "person:Lavrov"):
        assert {h.id for h in library.search(query, limit=50).hits} == expected, query


def test_abbreviation_finds_the_full_name(library) -> None:
    expected = _ids_naming("United States")
    assert {h.id for h in library.search("place:us", limit=50).hits} == expected
    assert {h.id for h in library.search('place:"United States"', limit=50).hits} == expected


def test_type_prefix_filters_by_type(library) -> None:
    assert library.search("person:venezuela").total == 0
    assert library.search("place:venezuela").total == len(_ids_naming("Venezuela"))


def test_entity_filter_combines_with_words(library) -> None:
    with_rosneft = _ids_naming("Rosneft")
    hits = {h.id for h in library.search("person:lavrov org:rosneft", limit=50).hits}
    assert hits == _ids_naming("Sergei Lavrov") & with_rosneft


def test_unknown_entity_matches_nothing(library) -> None:
    assert library.search("person:nobodyatall").total == 0


def test_article_entities_are_counted_and_typed(library) -> None:
    article_id = next(iter(GOLD))
    refs = library.article_entities(article_id)
    assert refs == sorted(refs, key=lambda r: (-r.count, r.name))
    assert {r.type for r in refs} <= set(TYPES)
    assert all(r.count >= 1 for r in refs)


def test_spans_point_at_the_entity_text(library) -> None:
    article_id = next(iter(GOLD))
    article = library.article(article_id)
    names = {e.id: e for e in library.entities()}
    for span in library.entity_spans(article_id):
        text = {"title": article.title, "dek": article.dek, "body": article.body}[span.field][span.start : span.end]
        assert text, span
        assert any(word.strip(".,'’s") in text for alias in names[span.entity_id].aliases for word in alias.split())


def test_corpus_listing_counts_articles_and_mentions(library) -> None:
    rows = library.entities("person")
    assert rows and all(r.type == "person" for r in rows)
    assert all(r.mentions >= r.articles >= 1 for r in rows)
    assert [r.articles for r in rows] == sorted((r.articles for r in rows), reverse=True)
