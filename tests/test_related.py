"""Related articles: the blend, the floor, and reasons in words."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from index import related as rel
from index.library import Library
from tests.related_eval import evaluate


def evidence(**overrides) -> rel.Evidence:
    values = {"common_terms": [], "text": 0.0, "shared": [], "entities": 0.0, "days_apart": None} | overrides
    return rel.Evidence(**values)


def test_rarity_is_zero_for_an_entity_every_article_names() -> None:
    assert rel.rarity(10, 10) < rel.rarity(2, 10)
    assert rel.rarity(10, 10) == pytest.approx(0.0, abs=0.1)


def test_shared_words_alone_are_not_enough() -> None:
    weak = evidence(common_terms=["said", "week", "people"], text=0.08, days_apart=0)
    assert not weak.is_related


def test_a_rare_shared_entity_and_similar_text_are_enough() -> None:
    strong = evidence(common_terms=["sanctions", "rosneft"], text=0.2, shared=[("Rosneft", "org", 2.0)], entities=0.3)
    assert strong.is_related


def test_similar_text_alone_is_enough_when_strong() -> None:
    assert evidence(common_terms=["sanctions", "rosneft", "oil"], text=0.3).is_related


def test_reasons_are_said_in_words() -> None:
    shared = [("Sergei Lavrov", "person", 2.0), ("Syria", "place", 1.0), ("Nicolas Maduro", "person", 0.5)]
    reasons = rel.describe(evidence(common_terms=["sanctions", "Rosneft"], shared=shared, days_apart=2))
    assert reasons == [
        "shares 3 people and places: Sergei Lavrov, Syria, Nicolas Maduro",
        "common terms: sanctions, Rosneft",
        "published 2 days apart",
    ]


def test_one_shared_entity_is_singular() -> None:
    assert rel.describe(evidence(shared=[("Rosneft", "org", 1.0)])) == ["shares 1 organization: Rosneft"]


def test_same_story_reasons_name_the_outlet_and_the_share() -> None:
    assert (
        rel.same_story_reason("CBS News", 0.97, original=True)
        == "same story as CBS News (the original), 97% of text shared"
    )
    assert rel.same_story_reason("RSN", 1.0, original=False) == "same story, also published by RSN, 100% of text shared"


@pytest.fixture(scope="module")
def seeds(seed_index: Path):
    with Library.open(seed_index) as library:
        yield library


def test_same_story_copies_are_listed_apart_and_first(seeds) -> None:
    for row in seeds.articles():
        items = seeds.related(row.id)
        relations = [item.relation for item in items]
        assert relations == sorted(relations, key=lambda r: r != "same-story")
        copies = {m.id for m in seeds.same_story(row.id)}
        assert {i.id for i in items if i.relation == "same-story"} == copies
        assert row.id not in {i.id for i in items}
        for item in items:
            assert item.reasons, item


def test_every_related_item_is_explained(seeds) -> None:
    for row in seeds.articles():
        for item in seeds.related(row.id):
            if item.relation == "related":
                assert any(r.startswith(("shares ", "common terms: ")) for r in item.reasons)
                assert item.score >= rel.FLOOR


def test_related_ranking_on_a_labelled_corpus() -> None:
    """Planted copies and known topics: see tests/related_eval.py (and make bench for a larger run)."""
    with tempfile.TemporaryDirectory() as tmp:
        quality = evaluate(Path(tmp), articles=150, topics=10)
    assert quality.same_story_precision >= 0.9
    assert quality.same_story_recall >= 0.9
    assert quality.related_precision_at_5 >= 0.8
    assert quality.related_coverage >= 0.9
    assert quality.loners_with_related <= 0.4


def test_key_terms_equal_whooshs_own_twice_over(seed_index: Path) -> None:
    """Remembering collection frequencies must not change Whoosh's key terms, asked again."""
    from index.key_terms import TermVectors
    from index.store import open_index

    with open_index(seed_index).searcher() as searcher:
        vectors = TermVectors(searcher)
        for docnum in list(searcher.document_numbers()) * 2:
            assert vectors.key_terms(docnum, 60) == searcher.key_terms([docnum], "body", numterms=60)
