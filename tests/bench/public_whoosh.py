"""How much slower search gets when Whoosh's private fast paths cannot be used (as after
a Whoosh release that moved them): every search kind of `make bench`, with the fast paths
on and forced off (index/search/whoosh_internals.py), on an index `make bench` already built.

    python -m tests.bench.public_whoosh [--size 10000] [--runs 7]

Each search is timed per run first after opening a fresh library (nothing kept:
the postings and columns are read, which is where the fast paths are), then again in the
same library (what typing does). Prints a Markdown table of medians.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from index.library import Library
from index.search import whoosh_internals
from tests.bench.run import CACHE

_Case = tuple[str, Callable[[Library], object]]


def _cases(index_dir: Path) -> list[_Case]:
    """The searches of `make bench`, with words drawn from the index as it draws them."""
    with Library.open(index_dir) as library:
        some = library.latest(1)[0].id
        person = next(iter(library.entities("person")))
        words = library.article(some).title.split()[:2]
        month = (library.article(some).date or "2021-01")[:7]
    query = " ".join(w.lower() for w in words)
    word = words[0].lower()
    return [
        ("keyword/AND search, top 10", lambda lib: lib.search(query, 10, snippets=False)),
        ("search with top-10 snippets", lambda lib: lib.search(query, 10)),
        ("entity filter", lambda lib: lib.search(f"entity:{person.id}", 10, snippets=False)),
        ("date filter", lambda lib: lib.search(f"date:{month}", 10, snippets=False)),
        ("fuzzy term~", lambda lib: lib.search(f"{word}~", 10, snippets=False)),
        ("3-letter prefix", lambda lib: lib.search(f"{word[:3]}*", 10, snippets=False)),
        ("first page (50), newest first", lambda lib: lib.search(query, 50, snippets=False, sort="date")),
        ("related articles", lambda lib: lib.related(some, 10)),
    ]


def _ms(fn: Callable[[Library], object], library: Library) -> float:
    start = time.perf_counter()
    fn(library)
    return (time.perf_counter() - start) * 1000


def _measure(index_dir: Path, case: _Case, runs: int) -> dict[bool, tuple[float, float]]:
    """Medians (ms) of the search first after opening and again, fast paths on (False) and
    forced off (True), the two taken in turn within each run so a busy moment hits both."""
    _, search = case
    times: dict[bool, tuple[list[float], list[float]]] = {False: ([], []), True: ([], [])}
    for _ in range(runs):
        for public in (False, True):
            whoosh_internals.set_public_only(public)
            first, again = times[public]
            with Library.open(index_dir) as library:
                first.append(_ms(search, library))
                again.append(statistics.median(_ms(search, library) for _ in range(3)))
    whoosh_internals.set_public_only(False)
    return {public: (statistics.median(first), statistics.median(again)) for public, (first, again) in times.items()}


def _check_ms(index_dir: Path, runs: int) -> float:
    """The check at open as the first library of a process runs it (later ones reuse it)."""
    times = []
    with Library.open(index_dir) as library:
        for _ in range(runs):
            whoosh_internals._checked_segments.clear()
            start = time.perf_counter()
            whoosh_internals.Reads.checked(library._searcher)
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    index_dir = CACHE / str(args.size) / "ix"
    cases = _cases(index_dir)
    print(f"{args.size:,} articles, median of {args.runs} runs (ms): fast paths on / forced off\n")
    print("| search | first after opening: on | off | ratio | again: on | off | ratio |")
    print("|---|---|---|---|---|---|---|")
    for case in cases:
        measured = _measure(index_dir, case, args.runs)
        (first_on, again_on), (first_off, again_off) = measured[False], measured[True]
        print(
            f"| {case[0]} | {first_on:.1f} | {first_off:.1f} | {first_off / first_on:.1f}× "
            f"| {again_on:.1f} | {again_off:.1f} | {again_off / again_on:.1f}× |"
        )
    print(f"\nthe check at open of fast against public reads, per searcher: {_check_ms(index_dir, args.runs):.1f} ms")


if __name__ == "__main__":
    main()
