"""Entity and date filters are cached sets of documents: they must stay exact when the
index has several segments and deleted (updated) documents, and when asked again."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import Library, build_index

# Every test here runs with Whoosh's private fast paths on, then forced off.
pytestmark = pytest.mark.usefixtures("whoosh_reads")


def _ids(library: Library, text: str) -> set[str]:
    return {hit.id for hit in library.search(text, limit=1000, snippets=False).hits}


def _expected_for_entity(library: Library, entity_id: str) -> set[str]:
    return {a.id for a in library.articles() if entity_id in {e.id for e in library.article_entities(a.id)}}


def _edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n\nA late correction was added.\n", encoding="utf-8")


def test_filters_are_exact_across_segments_and_updates(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    # Updating two articles writes a new segment and deletes their old documents.
    for path in sorted(corpus.glob("*.txt"))[:2]:
        _edit(path)
    report = build_index(corpus, index_dir)
    assert len(report.updated) == 2
    with Library.open(index_dir) as library:
        everyone = library.entities()
        assert everyone
        for entity in everyone[:8]:
            expected = _expected_for_entity(library, entity.id)
            assert _ids(library, f"entity:{entity.id}") == expected
            assert _ids(library, f"entity:{entity.id}") == expected  # again, from the cache
            hits = library.search(f"entity:{entity.id}", limit=1000, snippets=False)
            assert hits.total == len(expected) == len(hits.hits)  # no deleted copy counted twice
        months = {a.date[:7] for a in library.articles() if a.date}
        for month in months:
            expected = {a.id for a in library.articles() if a.date and a.date.startswith(month)}
            assert _ids(library, f"date:{month}") == expected
            assert _ids(library, f"date:{month}") == expected


def test_filters_combine_with_words_and_negation(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        everything = {a.id for a in library.articles()}
        lavrov = _ids(library, "person:lavrov")
        assert lavrov and lavrov != everything
        assert _ids(library, "NOT person:lavrov") == everything - lavrov
        assert _ids(library, "person:lavrov venezuela") == lavrov & _ids(library, "venezuela")
        assert _ids(library, "person:lavrov OR person:maduro") == lavrov | _ids(library, "person:maduro")
        assert _ids(library, "person:nobodyever") == set()
        assert _ids(library, "NOT person:nobodyever") == everything


def test_state_filters_stay_exact_as_marks_come_and_go_across_segments(corpus: Path, tmp_path: Path) -> None:
    """A mark adds one text to the read set and the filter is worked out from the last answer
    and that text; unmarking, or another filter between, works it out whole. Each answer is the
    one a fresh library gives, on an index with two segments and deleted documents."""
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    for path in sorted(corpus.glob("*.txt"))[:2]:
        _edit(path)
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        ids = sorted(a.id for a in library.articles())
        steps = [(ids[0], True), (ids[3], True), (ids[1], True), (ids[3], False), (ids[4], True), (ids[0], False)]
        for article, read in steps:
            library.work.mark(article, read=read, starred=not read)
            for query in ("is:read", "is:unread", "is:starred", "is:read OR is:starred"):
                with Library.open(index_dir) as fresh:
                    assert _ids(library, query) == _ids(fresh, query), (article, read, query)
