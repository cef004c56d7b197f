"""A list longer than a page loads on: the first page paints at once, and scrolling or
moving near its end fetches the next, until every match is in the list."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from index.library import Library, build_index
from tests.tui.idle import settle
from tui.app import FIRST_PAGE, create_app
from tui.widgets.article_list import ArticleList, ArticleTable

COUNT = 2 * FIRST_PAGE + 30


@pytest.fixture(scope="module")
def long_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long")
    for n in range(COUNT):
        (folder / f"note-{n:03d}.md").write_text(
            f"---\ntitle: Harbour note {n}\ndate: 2022-{1 + n % 12:02d}-{1 + n % 28:02d}\n---\n\n"
            f"The harbour master logged vessel number {n} arriving at dawn with cargo.\n",
            encoding="utf-8",
        )
    index_dir = folder.parent / f"{folder.name}-ix"
    build_index(folder, index_dir)
    return index_dir


def loaded(app) -> list[str]:
    return [row.id for row in app.query_one(ArticleList).rows]


async def test_moving_to_the_end_loads_every_page(long_index: Path) -> None:
    app = create_app(long_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(loaded(app)) == FIRST_PAGE
        assert f"{COUNT} articles" in str(app.query_one("#list-header", Static).render())
        app.query_one(ArticleTable).focus()
        for _ in range(6):
            await pilot.press("end")
            await settle(pilot)
        with Library.open(long_index) as library:
            assert loaded(app) == [a.id for a in library.latest(COUNT)]  # in order, none twice


async def test_scrolling_with_the_mouse_loads_the_next_page(long_index: Path) -> None:
    app = create_app(long_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"harbour")
        await settle(pilot)
        assert len(loaded(app)) == FIRST_PAGE
        table = app.query_one(ArticleTable)
        table.scroll_end(animate=False)
        await settle(pilot)
        assert len(loaded(app)) > FIRST_PAGE
        assert table.cursor_row == 0  # scrolling moved the view, not the cursor
        assert f"{COUNT} of {COUNT} · ‘harbour…’" in str(app.query_one("#list-header", Static).render())


@pytest.mark.parametrize("typed", ['"', "titel:"], ids=["unfinished", "wrong"])
async def test_a_list_kept_while_the_query_is_unfinished_or_wrong_still_loads_on(long_index: Path, typed: str) -> None:
    app = create_app(long_index)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        app.query_one("#query").value = typed  # nothing finished yet, or a mistake: the list stays
        await settle(pilot)
        assert len(loaded(app)) == FIRST_PAGE
        app.query_one(ArticleTable).focus()
        for _ in range(6):
            await pilot.press("end")
            await settle(pilot)
        with Library.open(long_index) as library:
            assert loaded(app) == [a.id for a in library.latest(COUNT)]
