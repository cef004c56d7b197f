"""Related articles on real labelled news: `../shared/eval/reuters-dev/`, 2,000 Reuters stories
of 1987 with topic labels. A related item is right when it shares a topic with the article
(the README's measure); beside the product, in the same run, plain Whoosh's more_like_this
on the same index.

    python -m tests.eval.related [--index DIR] [--write]   (DIR: an index of the set, kept between runs)
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from index.build.store import open_index
from index.library import Library, build_index, has_index, is_outdated
from tests.eval.entities import REPORT, SHARED, write_block

REUTERS = SHARED / "reuters-dev"
TOP = 5


@dataclass(frozen=True)
class RelatedQuality:
    articles: int
    precision_at_5: float  # mean over articles with related items of the share sharing a topic
    coverage: float  # share of articles with at least one related item
    repeated_story: int  # lists that name one story twice, or the article's own
    over_limit: int  # lists longer than asked
    baseline_precision_at_5: float  # Whoosh's more_like_this, top 5 of the body


def labels() -> dict[str, set[str]]:
    return {stem: set(topics) for stem, topics in json.loads((REUTERS / "labels.json").read_text()).items()}


def measure(index_dir: Path) -> RelatedQuality:
    topics = labels()
    precisions, baseline, covered, repeated, over = [], [], 0, 0, 0
    with Library.open(index_dir) as library:
        ids = [row.id for row in library.articles()]
        for article_id in ids:
            items = library.related(article_id, limit=TOP)
            over += len(items) > TOP
            stories = [library.story_of(item.id) or item.id for item in items]
            own = library.story_of(article_id) or article_id
            repeated += len(set(stories)) < len(stories) or own in stories
            if items:
                covered += 1
                precisions.append(_share(topics, article_id, [item.id for item in items]))
    with open_index(index_dir).searcher() as searcher:
        for article_id in ids:
            docnum = searcher.document_number(id=article_id)
            similar = [hit["id"] for hit in searcher.more_like(docnum, "body", top=TOP)]
            if similar:
                baseline.append(_share(topics, article_id, similar))
    return RelatedQuality(
        articles=len(ids),
        precision_at_5=sum(precisions) / len(precisions) if precisions else 0.0,
        coverage=covered / len(ids) if ids else 0.0,
        repeated_story=repeated,
        over_limit=over,
        baseline_precision_at_5=sum(baseline) / len(baseline) if baseline else 0.0,
    )


def _share(topics: dict[str, set[str]], article_id: str, related: list[str]) -> float:
    mine = topics.get(article_id, set())
    return sum(bool(mine & topics.get(other, set())) for other in related) / len(related)


def indexed(index_dir: Path) -> Path:
    """An up-to-date index of the set at `index_dir` (built, or brought up to date)."""
    if not has_index(index_dir) or is_outdated(index_dir):
        build_index(REUTERS / "articles", index_dir, rebuild=has_index(index_dir))
    return index_dir


def report(quality: RelatedQuality) -> str:
    return (
        f"reuters-dev ({quality.articles:,} stories): related precision@5 {quality.precision_at_5:.3f} "
        f"(plain Whoosh more_like_this {quality.baseline_precision_at_5:.3f}), articles with related "
        f"stories {quality.coverage:.3f}, lists repeating a story {quality.repeated_story}, "
        f"lists over the limit {quality.over_limit}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.eval.related", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--index", type=Path, help="keep the set's index here between runs")
    parser.add_argument("--write", action="store_true", help=f"write the figures into {REPORT.name}")
    args = parser.parse_args(argv)
    if not (REUTERS / "labels.json").is_file():
        print(f"related eval: {REUTERS} is missing", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="explorer-eval-") as workdir:
        line = report(measure(indexed(args.index or Path(workdir) / "ix")))
    print(line)
    if args.write:
        write_block(REPORT, "related", line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
