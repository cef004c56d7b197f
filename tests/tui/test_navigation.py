"""Moving around the app without surprises: Esc backs out one level, "/" focuses the search box,
focus never rests on a hidden pane, the footer always offers help and quit, and the help screen
lists every key. Each behaviour at 80x24 (side panels replace the list) and at 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from textual.widget import Widget
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from index.library import Library
from tests.tui.test_app import header, open_first, search, settle
from tests.tui.test_paging import COUNT, long_index  # noqa: F401  (a fixture)
from tui.app import create_app
from tui.screens.help import QUERY_HELP, bindings_table
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.search_bar import SearchBar

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


def on_screen(widget: Widget) -> bool:
    """Shown, not folded away: a widget under a display:none container has no area."""
    return widget.region.area > 0


def query_text(app) -> str:
    return app.query_one(SearchBar).input.value


def footer(app) -> dict[str, FooterKey]:
    return {key.description: key for key in app.query(FooterKey)}


@SIZES
async def test_esc_in_the_search_box_leaves_it_and_a_second_esc_clears(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "lavrov")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable) and on_screen(pilot.app.focused)
        # The list stays as typed: `lavrov…`, the word also as the start of longer words.
        assert query_text(pilot.app) == "lavrov" and "‘lavrov…’" in header(pilot.app)
        await pilot.press("escape")
        await settle(pilot)
        assert query_text(pilot.app) == "" and "match" not in header(pilot.app)


@SIZES
@pytest.mark.parametrize("key, panel", [("e", EntitySidebar), ("r", RelatedPanel)])
async def test_esc_from_a_side_panel_goes_back_to_the_list_keeping_the_search(
    seed_index: Path, size, key: str, panel: type[Widget]
) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "lavrov")
        await pilot.press("enter")
        await open_first(pilot)
        before = header(pilot.app)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(pilot.app.focused, panel)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable) and on_screen(pilot.app.focused)
        assert query_text(pilot.app) == "lavrov" and header(pilot.app) == before


@SIZES
async def test_esc_from_a_filter_chosen_in_the_sidebar_keeps_the_filter(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e", "down", "enter")  # filter by the first entity, seen whole over the list
        await settle(pilot)
        await pilot.press("escape")  # closed onto the list
        await settle(pilot)
        filtered = header(pilot.app)
        assert " of 5 · " in filtered  # a filtered list: "n of 5 · person: …"
        await pilot.press("e", "escape")
        await settle(pilot)
        assert header(pilot.app) == filtered


@SIZES
async def test_slash_focuses_the_search_box_from_any_pane_without_typing_a_slash(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "lavrov")
        await pilot.press("enter")
        await open_first(pilot)
        for key in ["e", "r", None]:
            if key:
                await pilot.press(key)
            else:
                pilot.app.query_one("#reader").focus()
            await pilot.pause()
            await pilot.press("slash")
            assert isinstance(pilot.app.focused, Input) and query_text(pilot.app) == "lavrov"
            await pilot.press("escape")


@SIZES
async def test_submitting_a_search_from_a_side_panel_lands_on_a_visible_list(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e", "slash", *"lavrov", "enter")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable) and on_screen(pilot.app.focused)


@SIZES
async def test_tab_reaches_only_panes_on_screen(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_first(pilot)
        for setup in ["escape", "e"]:  # the list showing, then (at 80x24) the side panel instead
            await pilot.press(setup)
            await settle(pilot)
            for _ in range(8):
                await pilot.press("tab")
                await pilot.pause()
                assert on_screen(pilot.app.focused), pilot.app.focused


@SIZES
async def test_s_with_no_search_leaves_no_hidden_mode(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("s")
        await settle(pilot)
        await search(pilot, "lavrov")
        # Relevance, a search's usual order, may go unsaid at 80 columns (the stories take its room).
        assert pilot.app.history.current.order() == "relevance" and "newest" not in header(pilot.app)


@SIZES
async def test_date_sort_says_undated_articles_come_last(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "lavrov")
        await pilot.press("enter", "s")
        await settle(pilot)
        # The header says "undated last" where the pane has room; undated rows say "undated" (test_list_rows).
        assert header(pilot.app).rsplit(" · ", 1)[-1].startswith("newest")


@SIZES
async def test_G_goes_to_the_true_last_article(long_index: Path, size) -> None:  # noqa: F811
    async with create_app(long_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("G")
        await settle(pilot)
        with Library.open(long_index) as library:
            last = library.latest(1, COUNT - 1)[0].id
        assert len(pilot.app.query_one(ArticleList).rows) == COUNT
        assert pilot.app.query_one(ArticleList).current_row().id == last


@SIZES
async def test_footer_always_offers_help_and_quit_in_full(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_first(pilot)
        for pane in ["#articles", "#reader", "e", "r"]:
            if pane.startswith("#"):
                pilot.app.screen.remove_class("show-side")
                pilot.app.query_one(pane).focus()
            else:
                await pilot.press(pane)
            await pilot.pause()
            keys = footer(pilot.app)
            for wanted in ["Help", "Quit"]:
                assert wanted in keys, (pane, list(keys))
                assert keys[wanted].region.right <= size[0], (pane, wanted)


@SIZES
async def test_a_screen_over_the_list_shows_its_own_keys_in_the_footer(seed_index: Path, size) -> None:
    """The timeline, an entity seen whole, the notes, a prompt and the help each say what their
    keys do; the main screen's keys (Back, Quit…) under them do not show through."""
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        opened = [("H", "TimelineScreen", "Close"), ("E", "NotesScreen", "Add a note"), ("A", "PromptScreen", "Cancel")]
        opened += [("question_mark", "HelpScreen", "Close help"), ("e p", "PivotScreen", "Its articles in the list")]
        for keys, screen, wanted in opened:
            if keys != "H":
                await open_first(pilot)
            await pilot.press(*keys.split())
            await settle(pilot)
            assert type(pilot.app.screen).__name__ == screen
            shown = {key.description: key for key in pilot.app.screen.query(FooterKey)}
            assert wanted in shown and "Back" not in shown and "Quit" not in shown, (screen, list(shown))
            assert shown[wanted].region.right <= size[0] and shown[wanted].region.y == size[1] - 1
            await pilot.press("escape")
            await settle(pilot)


@SIZES
async def test_search_box_footer_offers_only_keys_that_work_there(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "lavrov")
        assert "Use suggestion" not in footer(pilot.app)  # nothing to suggest
        assert "Back" not in footer(pilot.app)  # Backspace edits the query here
        assert "To the list (search kept)" in footer(pilot.app)  # q and ? are text here: Esc is the way out
        pilot.app.query_one(SearchBar).input.value = ""
        await pilot.press(*"Venezeula")
        await settle(pilot)
        assert "Use suggestion" in footer(pilot.app)


def test_help_lists_tab_enter_alt_left_and_ctrl_p_without_stray_spaces(seed_index: Path) -> None:
    app = create_app(seed_index)
    console = Console(width=160, record=True)
    console.print(bindings_table(app.binding_sections()))
    text = console.export_text()
    for key in ["Tab", "Enter", "alt+left", "ctrl+p", "Esc"]:
        assert key in text
    for what in ["Open the article in the reader", "the entity seen whole", "Open the related article"]:
        assert what in text
    assert " ," not in text + QUERY_HELP
