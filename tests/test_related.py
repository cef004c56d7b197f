"""Related articles: ranked by text, one item per story, reasons in words."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest

from index.library import Library
from index.stories import related as rel
from tests.related_eval import evaluate


def evidence(**overrides) -> rel.Evidence:
    values = {"common_terms": [], "text": 0.0, "shared": [], "entities": 0.0, "days_apart": None} | overrides
    return rel.Evidence(**values)


def test_rarity_is_zero_for_an_entity_every_article_names() -> None:
    assert rel.rarity(10, 10) < rel.rarity(2, 10)
    assert rel.rarity(10, 10) == pytest.approx(0.0, abs=0.1)


def test_ranking_follows_how_alike_the_texts_are() -> None:
    """Shared entities and dates explain an item; on real labelled news they did not rank better."""
    alike = evidence(common_terms=["sanctions", "rosneft"], text=0.3)
    entities = evidence(common_terms=["said"], text=0.1, shared=[("Rosneft", "org", 2.0)], entities=0.9, days_apart=0)
    assert alike.score > entities.score


def test_nothing_in_common_is_not_related() -> None:
    assert not evidence(text=0.0, days_apart=0).is_related
    assert evidence(common_terms=["sanctions"], text=0.01).is_related


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


@pytest.fixture(scope="module")
def seeds(seed_index: Path):
    with Library.open(seed_index) as library:
        yield library


def test_related_lists_never_hold_the_articles_own_story(seeds) -> None:
    for row in seeds.articles():
        own = {m.id for m in seeds.same_story(row.id)} | {row.id}
        items = seeds.related(row.id)
        assert items, row.id  # every article gets related stories
        assert not own & {i.id for i in items}
        assert not own & {c.id for i in items for c in i.copies}


def test_each_story_is_listed_once_with_its_other_copies(seeds) -> None:
    for row in seeds.articles():
        items = seeds.related(row.id)
        stories = [seeds.story_of(i.id) or i.id for i in items]
        assert len(stories) == len(set(stories))
        for item in items:
            story = seeds.story_of(item.id)
            expected = {m.id for m in seeds.same_story(item.id)} if story else set()
            assert {c.id for c in item.copies} == expected


@pytest.mark.parametrize("limit", [1, 2])
def test_the_limit_is_kept_exactly(seeds, limit: int) -> None:
    for row in seeds.articles():
        assert len(seeds.related(row.id, limit=limit)) == limit


def test_the_frolov_piece_relates_the_lake_piece_first_and_the_cbs_story_once(seeds) -> None:
    """On the shipped corpus: 001 (Frolov) and 000 (Lake) discuss the same turn; 002-004 are one
    CBS story that 001 used to list three times."""
    ids = {row.id[:3]: row.id for row in seeds.articles()}
    items = seeds.related(ids["001"], limit=5)
    assert ids["000"] in [i.id for i in items[:2]]
    cbs = [i for i in items if i.id[:3] in {"002", "003", "004"}]
    assert len(cbs) == 1 and len(cbs[0].copies) == 2


def test_every_related_item_is_explained(seeds) -> None:
    for row in seeds.articles():
        for item in seeds.related(row.id):
            assert item.relation == "related"
            assert any(r.startswith(("shares ", "common terms: ")) for r in item.reasons), item


def test_related_ranking_on_a_labelled_corpus() -> None:
    """Planted copies and known topics: see tests/related_eval.py (and make bench for a larger run)."""
    with tempfile.TemporaryDirectory() as tmp:
        quality = evaluate(Path(tmp), articles=150, topics=10)
    assert quality.same_story_precision >= 0.9
    assert quality.same_story_recall >= 0.9
    assert quality.related_precision_at_5 >= 0.9
    assert quality.related_coverage == 1.0


def test_related_stories_are_ranked_by_the_cosine_of_their_texts(seeds, seed_index: Path) -> None:
    """On a corpus smaller than the candidate pool, the ranking is exact: every other story,
    by the tf-idf cosine of the bodies, computed here the plain way."""
    from index.build.store import open_index
    from index.stories.key_terms import TermVectors, cosine

    with open_index(seed_index).searcher() as searcher:
        vectors = TermVectors(searcher)
        for row in seeds.articles():
            mine = vectors.vector(searcher.document_number(id=row.id))
            for item in seeds.related(row.id):
                theirs = vectors.vector(searcher.document_number(id=item.id))
                assert item.score == pytest.approx(cosine(mine, theirs)[0], abs=1e-4)
            scores = [item.score for item in seeds.related(row.id)]
            assert scores == sorted(scores, reverse=True)
