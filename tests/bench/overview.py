"""Timelines and entity pivots (issue 19) at scale: each asked again and again on one open
library, as the app and scripts ask them; the first ask, which lays out the arrays they read,
is reported apart. Beside them, the plain search of the same words (a page of 10)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

from index.library import Library
from tests.bench.run import Row, p95, samples

GOAL_MS = 100.0


def overview_rows(index_dir: Path, size: int, runs: int, query: str) -> tuple[list[Row], list[str]]:
    word = query.split()[0]
    with Library.open(index_dir) as library:
        entities = library.entities()
        widest, middling = entities[0], entities[len(entities) // 100]
        matches = library.search(word, 1, snippets=False).total

        def word_timeline() -> object:
            return library.timeline(word)

        def widest_pivot() -> object:
            return library.entity_pivot(widest.id)

        firsts = []
        for label, ask in (("timeline", word_timeline), ("pivot", widest_pivot)):
            start = time.perf_counter()
            ask()
            firsts.append(f"{label} {(time.perf_counter() - start) * 1000:,.0f} ms")
        base = samples(lambda: library.search(word, 10, snippets=False), runs)
        cases = [
            (f"timeline of one word ({matches:,} matches)", word_timeline),
            ("timeline of every article", lambda: library.timeline("")),
            (f"entity pivot, the most widely named ({widest.articles:,} articles)", widest_pivot),
            (f"entity pivot, the 1st percentile ({middling.articles:,} articles)",
             lambda: library.entity_pivot(middling.id)),
        ]  # fmt: skip
        rows = []
        for goal, ask in cases:
            times = samples(ask, runs)
            rows.append(Row(size, goal, f"≤ {GOAL_MS:.0f} ms p95", statistics.median(times), p95(times),
                            statistics.median(base), p95(times) <= GOAL_MS))  # fmt: skip
    note = f"{size:,}: the first timeline and pivot after opening (laying out their arrays): " + ", ".join(firsts)
    return rows, [note]
