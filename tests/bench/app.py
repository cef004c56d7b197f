"""App timings in milliseconds: first frame (the list filled) on an existing index, and
keystroke to results painted (the debounce included)."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Static

from tui.app import create_app


async def first_frame(index_dir: Path) -> float:
    start = time.perf_counter()
    app = create_app(index_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        while "articles" not in str(app.query_one("#list-header", Static).render()):
            await pilot.pause(0.005)
        return (time.perf_counter() - start) * 1000


async def keystroke(index_dir: Path, word: str) -> float:
    app = create_app(index_dir)
    async with app.run_test(size=(140, 40)) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.press("slash", *word[:-1])
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        start = time.perf_counter()
        await pilot.press(word[-1])
        while f"‘{word}" not in str(app.query_one("#list-header", Static).render()):
            await pilot.pause(0.002)
        return (time.perf_counter() - start) * 1000
