"""Search as you type, timed: a query searched exactly (Enter) and as typed (its last word
also the start of longer words), and the per-clause counts under the search box.

Each figure is the median and 95th percentile over several runs in milliseconds; "first"
is the first search of a fresh library (no postings read yet), as the first keystroke of
a session meets it. Not part of `make test`.

    python -m tests.bench.typing [INDEX_DIR ...] [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import platformdirs

from index.library import Library
from index.search import query as q

CACHE = Path(platformdirs.user_cache_dir("explorer-bench"))
STARTS = ["con", "pre", "sta", "mar", "pro", "res", "ban", "oil", "gov", "sanc", "lavr"]
CLAUSES = ["oil price opec", "government minister sta", "market OR bank res"]


def _ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def _first(index_dir: Path, fn: Callable[[Library], object]) -> float:
    with Library.open(index_dir) as library:
        start = time.perf_counter()
        fn(library)
        return (time.perf_counter() - start) * 1000


def measure(index_dir: Path, runs: int, spellings: int) -> None:
    q.TYPED_SPELLINGS = spellings
    with Library.open(index_dir) as library:
        print(f"\n{index_dir} · {library.count():,} articles · at most {spellings:,} spellings per start")
        print(f"{'query':28} {'exact med/p95':>15} {'typed med/p95':>15} {'typed first':>12} {'hits exact/typed':>17}")
        for text in STARTS:
            exact = _ms(lambda t=text: library.search(t, limit=50, snippets=False), runs)
            typed = _ms(lambda t=text: library.search(t, limit=50, snippets=False, prefix_end=len(t)), runs)
            first = _first(index_dir, lambda lib, t=text: lib.search(t, limit=50, snippets=False, prefix_end=len(t)))
            hits = (library.search(text, limit=0).total, library.search(text, limit=0, prefix_end=len(text)).total)
            print(
                f"{text:28} {exact[0]:7.1f}/{exact[1]:<7.1f} {typed[0]:7.1f}/{typed[1]:<7.1f} {first:12.1f}"
                f" {hits[0]:>8,}/{hits[1]:<8,}"
            )
        print(f"{'clause counts':28} {'med/p95':>15} {'first':>12}")
        for text in CLAUSES:
            counts = _ms(lambda t=text: library.clause_counts(t, len(t)), runs)
            first = _first(index_dir, lambda lib, t=text: lib.clause_counts(t, len(t)))
            shown = " · ".join(f"{c.clause} {c.count}" for c in library.clause_counts(text, len(text)))
            print(f"{text:28} {counts[0]:7.1f}/{counts[1]:<7.1f} {first:12.1f}  {shown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("indexes", nargs="*", type=Path)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--spellings", type=int, nargs="*", default=[q.TYPED_SPELLINGS])
    args = parser.parse_args()
    indexes = args.indexes or [CACHE / "10000" / "ix", CACHE / "reuters-dev" / "ix"]
    for index_dir in indexes:
        for spellings in args.spellings:
            measure(index_dir, args.runs, spellings)


if __name__ == "__main__":
    main()
