"""Phrases and ANDMAYBE on an index already built, ours beside Whoosh's own search of the
same parsed query, the two taking turns so that a busy machine slows both alike. Reads the
index only (make bench re-indexes and rebuilds its corpus; this does neither), so it can
time the bench's cached indexes or a real corpus's.

    python -m tests.bench.phrases ~/.cache/explorer-bench/10000/ix [--runs 15] [QUERY ...]

Without queries: the bench's phrase and ANDMAYBE (two words of the newest article's title),
a phrase of the index's two commonest words (not stop words), its three-word extension and `~4`, and the
same words in ANDMAYBE, alone and beside a phrase.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from whoosh.analysis import STOP_WORDS
from whoosh.filedb.filestore import FileStorage

from index.library import Library
from index.search.query import build_parser
from tests.bench.run import p95


def _default_queries(library: Library, index_dir: Path) -> list[str]:
    newest = library.latest(1)[0].id
    first, second = (w.lower() for w in library.article(newest).title.split()[:2])
    with FileStorage(str(index_dir), supports_mmap=False).open_index().searcher() as searcher:
        reader = searcher.reader()
        # The words as written (the body's are stems): the spelling field keeps them so.
        words = [(info.doc_frequency(), t.decode()) for t, info in reader.iter_field("spelling") if t.isalpha()]
    ranked = [word for _, word in sorted(words, reverse=True) if len(word) > 3 and word not in STOP_WORDS]
    common, other, third = ranked[:3]
    return [
        f'"{first} {second}"',
        f"{first} ANDMAYBE {second}",
        f'"{common} {other}"',
        f'"{common} {other} {third}"',
        f'"{common} {other}"~4',
        f"{common} ANDMAYBE {other}",
        f'{third} ANDMAYBE "{common} {other}"',
    ]


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("index", type=Path)
    options.add_argument("queries", nargs="*")
    options.add_argument("--runs", type=int, default=15)
    args = options.parse_args()
    plain = FileStorage(str(args.index), supports_mmap=False).open_index().searcher()
    language = build_parser(plain.schema)
    with Library.open(args.index) as library:
        queries = args.queries or _default_queries(library, args.index)
        print(f"{'query':40} {'matches':>8} {'first':>7} {'median':>7} {'p95':>7} {'Whoosh':>8} {'p95':>7}  (ms)")
        for text in queries:
            parsed = language.parse(text)
            ours, theirs = [], []
            for _ in range(args.runs + 1):  # the first of ours reads the words' postings and positions
                start = time.perf_counter()
                found = library.search(text, 10, snippets=False).total
                ours.append((time.perf_counter() - start) * 1000)
                start = time.perf_counter()
                len(plain.search(parsed, limit=10))
                theirs.append((time.perf_counter() - start) * 1000)
            first, ours, theirs = ours[0], ours[1:], theirs[1:]
            print(
                f"{text[:40]:40} {found:8,} {first:7.1f} {statistics.median(ours):7.1f} {p95(ours):7.1f} "
                f"{statistics.median(theirs):8.1f} {p95(theirs):7.1f}"
            )


if __name__ == "__main__":
    main()
