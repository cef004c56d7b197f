"""Evaluate same-story detection and related-article ranking on a labelled synthetic corpus."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from index.library import Library, build_index
from tests.synthetic import generate

TOP = 5


@dataclass(frozen=True)
class Quality:
    articles: int
    same_story_precision: float
    same_story_recall: float
    related_precision_at_5: float
    related_coverage: float  # share of articles (with topic-mates) that get at least one related article
    loners_with_related: float  # share of articles on a topic of their own that still get "related" ones


def evaluate(root: Path, articles: int, topics: int) -> Quality:
    corpus_dir, index_dir = root / "articles", root / "ix"
    corpus_dir.mkdir(parents=True)
    truth = generate(corpus_dir, articles, topics)
    build_index(corpus_dir, index_dir)
    with Library.open(index_dir) as library:
        found = {frozenset((a, m.id)) for a in truth.topics for m in library.same_story(a)}
        planted = {frozenset(pair) for story in truth.stories for pair in combinations(sorted(story), 2)}
        precisions, covered, noisy = [], 0, 0
        for article_id, topic in truth.topics.items():
            related = library.related(article_id, limit=TOP)
            if article_id in truth.loners:
                noisy += bool(related)
            elif related:
                covered += 1
                precisions.append(sum(truth.topics[r.id] == topic for r in related) / len(related))
    return Quality(
        articles=len(truth.topics),
        same_story_precision=len(found & planted) / len(found) if found else 1.0,
        same_story_recall=len(found & planted) / len(planted) if planted else 1.0,
        related_precision_at_5=sum(precisions) / len(precisions) if precisions else 0.0,
        related_coverage=covered / (len(truth.topics) - len(truth.loners)),
        loners_with_related=noisy / len(truth.loners) if truth.loners else 0.0,
    )
