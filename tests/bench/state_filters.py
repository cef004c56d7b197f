"""Searches of your own marks (`is:unread`, `tag:`, `is:starred`) at scale: each asked right
after a new mark, as in use (a mark changes the state's version, so the filter is worked out
again), the mark's own write included. The marks go to a state store of the bench's own,
never the user's."""

from __future__ import annotations

import os
import statistics
import tempfile
from collections.abc import Callable
from pathlib import Path

from index.library import Library
from tests.bench.run import Row, p95, samples

READ = 500  # articles marked read before measuring; each sample marks one more
GOAL_MS = 30.0


def state_rows(index_dir: Path, size: int, runs: int, query: str) -> list[Row]:
    before = os.environ.get("XDG_DATA_HOME")
    with tempfile.TemporaryDirectory(prefix="explorer-bench-state-") as home:
        os.environ["XDG_DATA_HOME"] = home
        try:
            return _rows(index_dir, size, runs, query)
        finally:
            if before is None:
                os.environ.pop("XDG_DATA_HOME", None)
            else:
                os.environ["XDG_DATA_HOME"] = before


def _rows(index_dir: Path, size: int, runs: int, query: str) -> list[Row]:
    with Library.open(index_dir) as library:
        ids = [a.id for a in library.latest(READ + runs + 1)]
        for n, article in enumerate(ids[:READ]):
            library.work.mark(article, read=True, starred=n % 10 == 0)
            if n % 5 == 0:
                library.work.tag(article, ["bench"])
        fresh = iter(ids[READ:])

        def after_a_mark(text: str) -> Callable[[], object]:
            def run() -> object:
                library.work.mark(next(fresh, ids[0]), read=True)
                return library.search(text, 10, snippets=False)

            return run

        rows = []
        cases = [
            (f"state filter: words and is:unread ({READ}+ read), right after a mark", f"{query} is:unread"),
            ("state filter: is:starred tag:bench, right after a mark", "is:starred tag:bench"),
        ]
        base = samples(lambda: library.search(query, 10, snippets=False), runs)
        for goal, text in cases:
            times = samples(after_a_mark(text), runs)
            rows.append(Row(size, goal, f"≤ {GOAL_MS:.0f} ms p95", statistics.median(times), p95(times),
                            statistics.median(base), p95(times) <= GOAL_MS))  # fmt: skip
        return rows
