"""The app opens an existing index and never loads the heavy machinery of indexing: no NLP
model, no indexer, no file parsers, no MinHash. Checked at run time in a fresh interpreter,
after the app has searched and opened an article (import-linter sees only static imports)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Modules only indexing needs; loading any of them costs the app seconds and memory.
INDEXING_ONLY = ("spacy", "thinc", "datasketch", "trafilatura", "index.entities.ner", "index.build.ner_pool",
                 "index.build.indexer", "index.read.readers")  # fmt: skip

DRIVE_THE_APP = """
import asyncio, sys
from pathlib import Path
from tui.app import create_app

async def main(index_dir):
    app = create_app(Path(index_dir))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("slash", *"lavrov", "enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert app.history.current.article_id, "no article was opened"
    print("\\n".join(sorted(sys.modules)))

asyncio.run(main(sys.argv[1]))
"""


def test_the_app_loads_nothing_only_indexing_needs(seed_index: Path) -> None:
    run = subprocess.run([sys.executable, "-c", DRIVE_THE_APP, str(seed_index)], capture_output=True, text=True,
                         timeout=120)  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    loaded = set(run.stdout.split())
    assert "tui.app" in loaded and "index.library" in loaded  # the probe really ran the app
    heavy = sorted(m for m in loaded if m in INDEXING_ONLY or m.split(".")[0] in INDEXING_ONLY)
    assert heavy == []
