"""App timings in milliseconds: first frame (the list filled) on an existing index, and
keystroke to results in the list (the wait before searching included; the screen paints
them at its next refresh, a sixtieth of a second at most)."""

from __future__ import annotations

import asyncio
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
        # Watched while the key is handled: pilot.press returns only once the app is idle,
        # after the entity panel has followed the results. And watched without pilot.pause,
        # which repaints the screen each time it is called: every 2 ms that was a compositor
        # pass holding the interpreter while the search ran.
        pressed = asyncio.create_task(pilot.press(word[-1]))
        while f"‘{word}" not in str(app.query_one("#list-header", Static).render()):
            await asyncio.sleep(0.002)
        shown = (time.perf_counter() - start) * 1000
        await pressed
        return shown
