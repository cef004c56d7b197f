"""App timings: time to first frame on an existing index, and keystroke to results painted.

Each figure is a median over several runs; the baseline is the same search through the
library alone, measured in the same run (so the ratio is what the app adds)."""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

from textual.widgets import Static

from index.library import Library
from tui.app import DEBOUNCE, create_app


async def _first_frame(index_dir: Path) -> float:
    start = time.perf_counter()
    app = create_app(index_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        while "articles" not in str(app.query_one("#list-header", Static).render()):
            await pilot.pause(0.005)
        return time.perf_counter() - start


async def _keystroke(index_dir: Path, word: str) -> float:
    app = create_app(index_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.press("slash", *word[:-1])
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        start = time.perf_counter()
        await pilot.press(word[-1])
        while f"‘{word}’" not in str(app.query_one("#list-header", Static).render()):
            await pilot.pause(0.002)
        return time.perf_counter() - start


def app_timings(index_dir: Path, runs: int, word: str = "venezuela") -> None:
    first = statistics.median(asyncio.run(_first_frame(index_dir)) for _ in range(runs))
    keystroke = statistics.median(asyncio.run(_keystroke(index_dir, word)) for _ in range(runs))
    with Library.open(index_dir) as library:
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            library.search(word, limit=500)
            samples.append(time.perf_counter() - start)
        baseline = statistics.median(samples)
        count = library.count()
    print(
        f"app on {count} articles: first frame {first * 1000:.0f} ms; keystroke to results painted "
        f"{keystroke * 1000:.0f} ms (includes the {DEBOUNCE * 1000:.0f} ms debounce) vs library search alone "
        f"{baseline * 1000:.1f} ms"
    )
