"""A folder seen for the first time: the app opens at once on an empty index and shows the
articles as the update in the background writes them, their text first, their names
after; the entity panel says how far the names have got."""

from __future__ import annotations

from pathlib import Path

import pytest

from index.library import build_index, create_index
from tests.tui.idle import settle
from tui.app import create_app
from tui.messages import IndexProgress
from tui.widgets.article_list import ArticleList
from tui.widgets.entity_sidebar import EntitySidebar

SIZE = (140, 40)


def panel_lines(app) -> list[str]:
    sidebar = app.query_one(EntitySidebar)
    return [str(node.label) for node in sidebar.root.children]


async def test_a_new_folder_opens_empty_at_once_then_fills_with_its_articles(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    create_index(corpus, index_dir)
    app = create_app(index_dir, corpus, background_update=True)
    phases: list[str] = []

    def hook(message: object) -> None:
        if isinstance(message, IndexProgress):
            phases.append(message.phase)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        # The app is up while the update runs: it hears the update's phases, reading first
        # (asserted below). Not `total_articles == 0` here: on a loaded machine five files can
        # be in before the first search of the open app reads the index.
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert len(pilot.app.query_one(ArticleList).rows) == 5
        lines = panel_lines(pilot.app)
        assert lines and not any("so far" in line for line in lines)  # every article's names are in
    assert any(p.startswith("reading") for p in phases) and any(p.startswith("finding names") for p in phases)


async def test_while_names_are_found_the_entity_panel_says_how_far_they_have_got(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"

    def stop(step: str) -> None:
        if step.startswith("finding names"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, phase=stop)  # the text is in, the names are not
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert len(pilot.app.query_one(ArticleList).rows) == 5  # searchable already
        assert panel_lines(pilot.app)[:2] == ["entities: 0 of 5", "articles so far"]


async def test_an_open_article_gets_its_names_when_the_update_finds_them(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"

    def stop(step: str) -> None:
        if step.startswith("finding names"):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        build_index(corpus, index_dir, phase=stop)
    app = create_app(index_dir, corpus, background_update=True)  # the update finishes the names
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first article, opened before its names are found
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert pilot.app.history.current.article_id
        assert pilot.app.query_one(EntitySidebar).article_refs  # shown without opening it again


async def test_ctrl_c_quits_as_in_any_terminal_program(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert not pilot.app.is_running


async def test_when_articles_come_in_the_row_under_the_cursor_stays_under_it(seed_index: Path) -> None:
    """The list is redone for each batch an update writes (every few seconds on a big
    folder): the reader's place in it stays, unless they searched for something else."""
    from tui.widgets.article_list import ArticleTable

    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        app = pilot.app
        await settle(pilot)
        articles = app.query_one(ArticleList)
        app.query_one(ArticleTable).focus()
        await pilot.press("down", "down", "down")
        await settle(pilot)
        placed = articles.current_row()
        assert placed is not None and placed.id != articles.rows[0].id
        app._show_what_came_in()  # what the app does when an update's batch lands
        await settle(pilot)
        assert articles.current_row() == placed
        await pilot.press("slash", *"venezuela", "enter")  # another search starts at its top
        await settle(pilot)
        assert articles.current_row() is not None and articles.current_row().id == articles.rows[0].id
