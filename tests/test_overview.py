"""Timelines and entity pivots (issue 19): the periods, the counting of copies once, and the
library's answers over a real index of the shipped articles and of real Reuters stories."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.aggregate.timeline import PERIODS, UNDATED, period_for, period_of
from index.aggregate.timeline import timeline as bulk_timeline
from index.library import EntityNotFound, Library, QueryError

REUTERS = Path(__file__).resolve().parents[2] / "shared" / "eval" / "reuters-dev"


def timeline(query: str, dated: list[tuple[str | None, str]], by: str | None):
    """The timeline of (date, story) pairs, as the library hands them over: day numbers and story numbers."""
    numbers: dict[str, int] = {}
    stories = np.array([numbers.setdefault(story, len(numbers)) for _, story in dated], dtype=np.int64)
    return bulk_timeline(query, day_numbers([stamp for stamp, _ in dated]), stories, by)


def day_numbers(stamps: list[str | None]) -> np.ndarray:
    """ISO dates (or date-times, or None) as the day ordinals the timeline counts by, as the
    index's date column gives them."""
    return np.array([date.fromisoformat(s[:10]).toordinal() if s else UNDATED for s in stamps], dtype=np.int64)


def test_the_period_follows_the_span_of_the_dates() -> None:
    start = date(2019, 4, 2)
    assert period_for(start, start) == "day"
    assert period_for(start, start + timedelta(days=30)) == "day"
    assert period_for(start, start + timedelta(days=41)) == "month"
    assert period_for(start, date(2023, 4, 30)) == "month"  # 48 months
    assert period_for(start, date(2023, 5, 1)) == "year"


def test_periods_are_written_as_the_date_filter_and_iso_weeks_write_them() -> None:
    day = date(2019, 12, 30)  # a Monday in the first ISO week of 2020
    assert [period_of(day, by) for by in PERIODS] == ["2019-12-30", "2020-W01", "2019-12", "2019"]


def test_every_period_between_the_first_and_last_is_there_and_copies_count_once() -> None:
    dated = [("2019-01-15", "s1"), ("2019-01-20", "s1"), ("2019-04-02T10:00:00", "a3"), (None, "a4"), ("", "a4")]
    found = timeline("q", dated, "month")
    assert [(b.period, b.articles, b.stories) for b in found.buckets] == [
        ("2019-01", 2, 1),
        ("2019-02", 0, 0),
        ("2019-03", 0, 0),
        ("2019-04", 1, 1),
    ]
    assert found.undated is not None and (found.undated.articles, found.undated.stories) == (2, 1)
    assert timeline("q", [], None).buckets == []
    with pytest.raises(ValueError, match="fortnight is not a period"):
        timeline("q", dated, "fortnight")


@given(
    st.lists(st.tuples(st.dates(date(1990, 1, 1), date(2030, 12, 31)), st.integers(0, 5)), max_size=40),
    st.sampled_from([None, *PERIODS]),
)
def test_a_timeline_counts_each_article_once_in_order(days: list[tuple[date, int]], by: str | None) -> None:
    found = timeline("q", [(day.isoformat(), f"s{story}") for day, story in days], by)
    assert sum(b.articles for b in found.buckets) == len(days)
    assert all(b.stories <= b.articles for b in found.buckets)
    periods = [b.period for b in found.buckets]
    assert periods == sorted(set(periods))  # each period once, oldest first
    if days:
        first, last = min(d for d, _ in days), max(d for d, _ in days)
        assert periods[0] == period_of(first, found.by) and periods[-1] == period_of(last, found.by)


def _stories(library: Library, ids: list[str]) -> int:
    """Distinct stories by the same-story links the reader shows (copies fold into one)."""
    return len({min([i, *(m.id for m in library.same_story(i))]) for i in ids})


def test_the_timeline_of_a_search_counts_its_matches_and_their_stories(seed_index: Path) -> None:
    """The issue's case on the shipped articles: venezuela by month, copies counted once; the
    counts are worked out here from the search's hits and the same-story links."""
    with Library.open(seed_index) as library:
        hits = library.search("venezuela", limit=100, snippets=False).hits
        found = library.timeline("venezuela")
        by_month: dict[str, list[str]] = {}
        for hit in hits:
            by_month.setdefault(hit.date[:7], []).append(hit.id)
        assert found.by == "month"
        expected = [(month, len(ids), _stories(library, ids)) for month, ids in sorted(by_month.items())]
        assert [(b.period, b.articles, b.stories) for b in found.buckets] == expected
        assert expected == [("2019-04", 4, 2), ("2019-05", 1, 1)]  # as the issue states it
        assert sum(b.articles for b in library.timeline("").buckets) == library.count()
        with pytest.raises(QueryError):
            library.timeline('"unclosed')


def test_the_pivot_on_an_entity_counts_stories_and_names_who_is_named_with_it(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        putin = next(e for e in library.entities("person") if e.name == "Vladimir Putin")
        pivot = library.entity_pivot(putin.id)
        named = library.search(f"entity:{putin.id}", limit=100, snippets=False).hits
        ids = [hit.id for hit in named]
        assert (pivot.articles, pivot.stories) == (len(ids), _stories(library, ids))
        assert pivot.stories < pivot.articles  # syndicated copies fold
        assert "Nicolas Maduro" in [c.name for c in pivot.with_]
        for other in pivot.with_:  # each count checked against the articles that name both
            both = [i for i in ids if other.id in {r.id for r in library.article_entities(i)}]
            assert (other.articles, other.stories) == (len(both), _stories(library, both))
        assert [(c.stories, c.articles) for c in pivot.with_] == sorted(
            ((c.stories, c.articles) for c in pivot.with_), reverse=True
        )
        assert sum(b.articles for b in pivot.timeline.buckets) == pivot.articles
        assert len(library.entity_pivot(putin.id, limit=2).with_) == 2
        with pytest.raises(EntityNotFound):
            library.entity_pivot("person/nobody-at-all")


def test_entity_lists_count_the_stories_their_articles_are(seed_index: Path) -> None:
    """Beside how many articles name each entity, how many stories: the corpus's list, and the
    list of what some results name (counted over those results alone)."""
    with Library.open(seed_index) as library:
        assert all(e.stories is None for e in library.entities(stories=False))  # nothing laid out yet
        everyone = library.entities()
        for entity in everyone:
            ids = [h.id for h in library.search(f"entity:{entity.id}", limit=100, snippets=False).hits]
            assert (entity.articles, entity.stories) == (len(ids), _stories(library, ids)), entity.id
        assert any(e.stories < e.articles for e in everyone)  # copies fold somewhere in the shipped five
        assert all(e.stories is not None for e in library.entities(stories=False))  # laid out now: given
        some = [h.id for h in library.search("venezuela", limit=3, snippets=False).hits]
        for entity in library.entities_in(some):
            named = [i for i in some if entity.id in {r.id for r in library.article_entities(i)}]
            assert (entity.articles, entity.stories) == (len(named), _stories(library, named)), entity.id


@pytest.mark.skipif(not REUTERS.is_dir(), reason="no reuters-dev")
def test_on_real_stories_a_timeline_and_a_pivot_add_up(tmp_path: Path) -> None:
    """Real Reuters text, not ours: every match of a search falls in one period, and an
    entity's co-mentions are never named in more stories than it is."""
    from index.library import build_index

    articles = tmp_path / "articles"
    articles.mkdir()
    for path in sorted((REUTERS / "articles").iterdir())[:300]:
        (articles / path.name).write_bytes(path.read_bytes())
    build_index(articles, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        total = library.search("oil", limit=1, snippets=False).total
        found = library.timeline("oil")
        counted = sum(b.articles for b in found.buckets) + (found.undated.articles if found.undated else 0)
        assert total > 10 and counted == total
        top = library.entities("org")[0]
        pivot = library.entity_pivot(top.id)
        assert pivot.articles == top.articles and pivot.stories <= pivot.articles
        assert pivot.with_ and all(c.stories <= pivot.stories and c.articles <= pivot.articles for c in pivot.with_)


def test_a_deleted_article_leaves_the_timeline(corpus: Path, tmp_path: Path) -> None:
    """An update that deletes an article (its document still in a segment, marked deleted):
    the timeline counts what the search finds, for words and for a filter alone."""
    from index.library import build_index

    build_index(corpus, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        gone = library.search("venezuela", limit=1, snippets=False).hits[0]
        named = library.article_entities(gone.id)[0]
    next(corpus.glob(f"{gone.id}.*")).unlink()
    build_index(corpus, tmp_path / "ix")
    with Library.open(tmp_path / "ix") as library:
        for text in ("venezuela", f"entity:{named.id}", ""):
            total = library.search(text, limit=1, snippets=False).total if text else library.count()
            assert sum(b.articles for b in library.timeline(text).buckets) == total, text


@given(
    st.lists(st.sets(st.integers(0, 11), max_size=8), min_size=1, max_size=10),  # each entity's articles
    st.dictionaries(st.integers(0, 11), st.integers(0, 3)),  # some articles' stories
    st.integers(1, 6),
)
def test_co_mentions_in_bulk_count_as_a_loop_over_articles_does(
    articles_of: list[set[int]], story: dict[int, int], limit: int
) -> None:
    from index.aggregate.pivot import CoMentions
    from index.entities.resolve import Entity

    entities = [
        Entity(f"e{n}", f"name {n % 3}", "person", [], {f"a{a}": 1 for a in sorted(arts)})
        for n, arts in enumerate(articles_of)
    ]

    def story_of(article: str) -> str:
        number = int(article[1:])
        return f"s{story[number]}" if number in story else article

    table = CoMentions(entities, story_of)
    for entity in entities:
        expected = []
        for other in entities:
            both = [a for a in entity.articles if a in other.articles]
            if other is not entity and both:
                expected.append((other.id, len(both), len({story_of(a) for a in both}), other.name))
        expected.sort(key=lambda e: (-e[2], -e[1], e[3].casefold()))
        found = table.of(entity.id, limit)
        assert [(c.articles, c.stories) for c in found] == [(a, s) for _, a, s, _ in expected[:limit]]
        assert {c.id for c in found} <= {e[0] for e in expected}
        assert table.stories(entity.id) == len({story_of(a) for a in entity.articles})
        assert table.every_entity_stories()[entity.id] == table.stories(entity.id)  # all at once, the same
