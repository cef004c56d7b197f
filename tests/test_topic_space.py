"""The topic space related articles are found in: fitted at index time, kept up to date by
updates, and read by the library (a real index of a generated corpus with known topics)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from index.build.store import open_index
from index.library import Library, build_index
from index.stories import topic_space
from tests.synthetic import generate

ARTICLES = 300  # above topic_space.MIN_ARTICLES
TOPICS = 12


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, int]]:
    root = tmp_path_factory.mktemp("topics")
    articles, index_dir = root / "articles", root / "ix"
    articles.mkdir()
    truth = generate(articles, ARTICLES, topics=TOPICS)
    build_index(articles, index_dir)
    return articles, index_dir, truth.topics


def positions(index_dir: Path) -> topic_space.Positions:
    found = topic_space.load_positions(index_dir, open_index(index_dir).latest_generation())
    assert found is not None
    return found


def test_indexing_places_every_article_in_the_space(corpus) -> None:
    _, index_dir, topics = corpus
    space = positions(index_dir)
    assert sorted(space.ids) == sorted(topics)
    assert space.vectors.shape == (len(topics), topic_space.DIMENSIONS)
    assert np.allclose(np.linalg.norm(space.vectors, axis=1), 1.0, atol=1e-4)


def test_nearest_articles_share_the_topic(corpus) -> None:
    _, index_dir, topics = corpus
    space = positions(index_dir)
    hits = [topics[other] == topics[article] for article in topics for other, _ in space.nearest(article, 5, set())]
    assert sum(hits) / len(hits) >= 0.9


def test_nearest_leaves_out_what_it_is_told_to_and_the_article_itself(corpus) -> None:
    _, index_dir, topics = corpus
    space = positions(index_dir)
    article = next(iter(topics))
    first = [other for other, _ in space.nearest(article, 3, set())]
    assert article not in first
    again = [other for other, _ in space.nearest(article, 3, {article, first[0]})]
    assert first[0] not in again and len(again) == 3
    similarities = [similarity for _, similarity in space.nearest(article, 10, set())]
    assert similarities == sorted(similarities, reverse=True)


def test_related_articles_come_from_the_space(corpus) -> None:
    _, index_dir, topics = corpus
    space = positions(index_dir)
    with Library.open(index_dir) as library:
        article = next(iter(topics))
        items = library.related(article, limit=5)
        nearest = dict(space.nearest(article, 20, {article}))
        assert items and all(item.score == pytest.approx(nearest[item.id], abs=1e-4) for item in items)


def test_an_update_projects_new_articles_and_drops_deleted_ones(tmp_path: Path) -> None:
    copy, copy_index = tmp_path / "articles", tmp_path / "ix"
    copy.mkdir()
    generate(copy, ARTICLES, topics=TOPICS)
    build_index(copy, copy_index)  # built here: an index follows its folder by path
    before = positions(copy_index)
    gone, donor = sorted(copy.glob("*.md"))[:2]
    gone.unlink()
    (copy / "newcomer.md").write_text(donor.read_text(encoding="utf-8").replace("title:", "title: Again,"), "utf-8")
    build_index(copy, copy_index)
    after = positions(copy_index)
    assert gone.stem not in after.ids and "newcomer" in after.ids
    assert len(after.ids) == len(before.ids)
    # projected, not fitted again: the others keep their places
    kept = [article for article in before.ids if article != gone.stem][:20]
    rows_before = [before.ids.index(a) for a in kept]
    rows_after = [after.ids.index(a) for a in kept]
    assert np.allclose(before.vectors[rows_before], after.vectors[rows_after])
    # a copy of an article lands where the article is
    donor_row, newcomer_row = after.ids.index(donor.stem), after.ids.index("newcomer")
    assert float(after.vectors[donor_row] @ after.vectors[newcomer_row]) > 0.9


def test_a_small_corpus_has_no_space(seed_index: Path) -> None:
    assert not (seed_index / topic_space.TOPICS).exists()


def test_a_body_with_no_known_word_sits_at_the_origin(corpus) -> None:
    _, index_dir, _ = corpus
    with open_index(index_dir).searcher() as searcher:
        model = topic_space._fit(searcher)
    assert not model.project([("zzzunknownword", 3)]).any()
    assert np.linalg.norm(model.project([(next(iter(model.terms)), 2)])) == pytest.approx(1.0, abs=1e-5)


def test_the_space_is_fitted_again_once_many_articles_came_in_since() -> None:
    model = topic_space.Model({}, np.zeros(0, np.float32), np.zeros((0, 4), np.float32), fitted_on=1000)
    space = topic_space.Positions([], np.zeros((0, 4), np.float32))
    assert not topic_space._due((model, space, 100), written=10, total=1100)
    assert topic_space._due((model, space, 240), written=20, total=1200)  # a quarter projected since
    assert topic_space._due((model, space, 0), written=10, total=5000)  # fitted on too few of today's


def test_articles_too_alike_for_topics_index_and_relate_without_a_space(tmp_path: Path) -> None:
    """Hundreds of one-line notes share no telling word: no space is fitted (its solver would
    fail on an empty matrix), the index is built, and related articles come from shared words."""
    articles, index_dir = tmp_path / "notes", tmp_path / "ix"
    articles.mkdir()
    for n in range(topic_space.MIN_ARTICLES + 10):
        (articles / f"note-{n:03}.md").write_text(f"# Note {n}\n\nNote number {n}.\n", encoding="utf-8")
    report = build_index(articles, index_dir)
    assert not report.skipped
    assert topic_space.load_positions(index_dir, open_index(index_dir).latest_generation()) is None
    with Library.open(index_dir) as library:
        assert library.count() == topic_space.MIN_ARTICLES + 10
        library.related("note-000", limit=5)  # answers from the tf-idf fallback, no error
