"""Regenerate docs/screenshot.svg from the real app: `make screenshot`.

The app runs headlessly (Textual's run_test) at 140x40 (below 140 columns the side panels
fold away) over a fresh index of the shipped articles, opens the newest one and exports what
the screen shows, so the README's picture is always the app as it is."""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from index.build.corpus import shipped_articles_dir
from index.library import build_index
from tui.app import create_app
from tui.widgets.article_list import ArticleTable

SIZE = (140, 40)
TARGET = Path(__file__).resolve().parent.parent / "docs" / "screenshot.svg"


async def screenshot(index_dir: Path, articles: Path) -> str:
    app = create_app(index_dir, articles)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        app.query_one(ArticleTable).focus()
        await pilot.press("enter")  # the newest article, as a reader first sees it
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        return app.export_screenshot(title="explorer")


def main(target: Path = TARGET) -> int:
    articles = shipped_articles_dir()
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = Path(scratch) / "ix"  # never the user's own index
        build_index(articles, index_dir)
        svg = asyncio.run(screenshot(index_dir, articles))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(svg, encoding="utf-8")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
