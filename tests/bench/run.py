"""`make bench`: indexing throughput and search latency on a synthetic corpus.

Each figure is a median over several runs, printed beside a baseline measured in the
same run (a plain Whoosh query for the same words on the same index). Not part of
`make test`. Usage: python -m tests.bench.run [--articles N] [--runs K]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.qparser import QueryParser

from index import ner
from index.articles import read_article
from index.library import Library, build_index
from tests.bench.app import app_timings
from tests.conftest import SEEDS_DIR, VARIANTS_DIR
from tests.related_eval import evaluate

QUERIES = ["venezuela", "lavrov sanctions", '"another syria"', "venez*", "lavorv~", "date:2019-04", "title:russia"]


def make_corpus(root: Path, count: int, seed: int = 7) -> None:
    """Articles made of paragraphs drawn from the seeds and variants, deterministically."""
    rng = random.Random(seed)
    sources = [read_article(p) for p in [*SEEDS_DIR.glob("*.txt"), *VARIANTS_DIR.glob("*")]]
    paragraphs = [p for a in sources for p in a.paragraphs]
    titles = [a.title for a in sources]
    for n in range(count):
        body = "\n\n".join(rng.sample(paragraphs, k=rng.randint(5, 15)))
        day = f"2019-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        (root / f"a{n:06d}.md").write_text(
            f"---\ntitle: {rng.choice(titles)!r}\ndate: {day}\nsource: Outlet {n % 17}\n---\n\n{body}\n",
            encoding="utf-8",
        )


def ner_throughput(corpus: Path) -> None:
    """Words per second through NER, on one core and on both (the baseline is one core)."""
    articles = [read_article(p) for p in sorted(corpus.glob("*.md"))]
    words = sum(len(f"{a.title} {a.dek} {a.body}".split()) for a in articles)
    ner.pipeline()  # loading the model is not throughput
    rates = {}
    for processes in (1, 2):
        start = time.perf_counter()
        for _ in ner.extract(articles, parallel=processes == 2):
            pass
        rates[processes] = words / (time.perf_counter() - start)
    print(
        f"NER on {len(articles)} articles ({words:,} words): 1 core {rates[1]:,.0f} words/s, "
        f"2 cores {rates[2]:,.0f} words/s, ratio {rates[2] / rates[1]:.2f}"
    )


def timed(fn, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def related_quality(articles: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        quality = evaluate(Path(tmp), articles=articles, topics=max(4, articles // 25))
    print(
        f"related/same-story on {quality.articles} labelled articles: same-story precision "
        f"{quality.same_story_precision:.3f}, recall {quality.same_story_recall:.3f}; related precision@5 "
        f"{quality.related_precision_at_5:.3f} (coverage {quality.related_coverage:.2f}, "
        f"loners given related articles {quality.loners_with_related:.2f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    related_quality(args.articles)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, index_dir = Path(tmp) / "articles", Path(tmp) / "ix"
        corpus.mkdir()
        make_corpus(corpus, args.articles)
        start = time.perf_counter()
        build_index(corpus, index_dir)
        seconds = time.perf_counter() - start
        print(f"index {args.articles} articles: {seconds:.1f} s ({args.articles / seconds:.0f} articles/s)")
        ner_throughput(corpus)
        app_timings(index_dir, runs=max(3, args.runs // 3))
        baseline_ix = FileStorage(str(index_dir), supports_mmap=False).open_index()
        with Library.open(index_dir) as library, baseline_ix.searcher() as plain:
            print(f"{'query':<20} {'explorer ms':>12} {'baseline ms':>12} {'ratio':>6}")
            for text in QUERIES:
                ours = timed(lambda text=text: library.search(text, limit=10), args.runs)
                words = [w for w in text.strip('"').split() if w.isalpha()] or ["venezuela"]
                base = QueryParser("body", baseline_ix.schema).parse(" ".join(words))
                theirs = timed(lambda base=base: plain.search(base, limit=10), args.runs)
                print(f"{text:<20} {ours:>12.2f} {theirs:>12.2f} {ours / theirs:>6.1f}")


if __name__ == "__main__":
    main()
