"""The real app, driven headlessly with Textual's Pilot over a real index of the seeds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from index.library import Library
from tests.conftest import SEEDS_DIR
from tests.reading import read_article
from tests.tui.idle import settle
from tui.app import NARROW, create_app
from tui.messages import SearchCompleted
from tui.screens.help import HelpScreen
from tui.screens.overview import PivotScreen
from tui.screens.why import WhyScreen
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.search_bar import Chip, SearchBar

SIZE = (140, 40)


@pytest.fixture(scope="module")
def records():
    return {a.id: a for a in (read_article(p) for p in sorted(SEEDS_DIR.glob("*.txt")))}


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    pilot.app.query_one(SearchBar).input.value = ""
    await pilot.press(*text)
    await settle(pilot)


def full_header(app) -> str:
    return str(app.query_one("#list-header", Static).render())


def header(app) -> str:
    """The list's header without its count of stories (tested on its own, in test_overviews):
    whether there is room for it changes the rest of the line with the width."""
    return re.sub(r" \(\d[\d,]* (story|stories)\)", "", full_header(app))


def shown_ids(app) -> list[str]:
    return [row.id for row in app.query_one(ArticleList)._shown]


def status(app) -> str:
    return str(app.query_one("#search-status", Static).render())


async def open_first(pilot) -> None:
    pilot.app.query_one(ArticleTable).focus()
    await pilot.press("enter")
    await settle(pilot)


async def test_app_opens_on_the_whole_corpus_newest_first(seed_index: Path, records) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert header(pilot.app).startswith(f"{len(records)} articles · newest first")
        rows = pilot.app.query_one(ArticleList).rows
        assert [r.date for r in rows] == sorted((r.date for r in rows), reverse=True)


async def test_typing_searches_as_you_type(seed_index: Path, records) -> None:
    expected = {a.id for a in records.values() if "Kalashnikov" in a.body}
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "kalashnikov")
        # As typed, the word is also read as the start of longer words (Enter searches it exactly).
        assert header(pilot.app).startswith(f"{len(expected)} of {len(records)} · ‘kalashnikov…’")
        assert {r.id for r in pilot.app.query_one(ArticleList).rows} == expected
        assert isinstance(pilot.app.focused, Input)  # typing never leaves the search bar


async def test_enter_moves_focus_to_the_results(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "lavrov")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable)


async def test_results_for_a_stale_query_are_dropped(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "lavrov")
        before = (header(pilot.app), shown_ids(pilot.app))
        pilot.app.post_message(SearchCompleted("an older query", [], 0))
        await settle(pilot)
        assert (header(pilot.app), shown_ids(pilot.app)) == before


async def test_query_errors_show_inline_and_keep_the_last_results(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "lavrov")
        before = shown_ids(pilot.app)
        await pilot.press(*' "unclosed')
        await settle(pilot)
        assert "quote is not closed" in status(pilot.app)
        assert shown_ids(pilot.app) == before


async def test_did_you_mean_is_one_key_away(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "Venezeula")
        assert "Did you mean Venezuela?" in status(pilot.app)
        await pilot.press("ctrl+y")
        await settle(pilot)
        assert pilot.app.query_one(SearchBar).input.value == "Venezuela"
        assert header(pilot.app).startswith("5 of 5 · ")


async def test_enter_opens_the_article_in_the_reader(seed_index: Path, records) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        reader = pilot.app.query_one(Reader)
        opened = records[shown_ids(pilot.app)[0]]
        assert reader.article.id == opened.id
        byline = str(pilot.app.query_one("#reader-byline", Static).render())
        assert opened.source in byline and (opened.date or "") in byline
        assert len(pilot.app.query(".paragraph")) == len(opened.paragraphs)


async def test_reader_comments_start_collapsed(seed_index: Path, records) -> None:
    commented = next(a for a in records.values() if a.comments)
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.action_open_article(commented.id)
        await settle(pilot)
        comments = pilot.app.query_one("#reader-comments")
        assert comments.display and comments.collapsed
        assert comments.title == f"{len(commented.comments)} reader comments"


async def test_n_and_shift_n_step_through_matches(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "Venezuela")
        await pilot.press("enter")
        await open_first(pilot)
        reader = pilot.app.query_one(Reader)
        assert len(reader.matches) > 2
        await pilot.press("n")
        await pilot.press("n")
        assert reader.current == 1
        await pilot.press("N")
        assert reader.current == 0
        await pilot.press("N")
        assert reader.current == len(reader.matches) - 1  # wraps around


async def test_entity_enter_filters_the_list_shows_the_entity_whole_and_escape_clears(seed_index: Path) -> None:
    """Enter on a name: the list holds its articles, and over it the entity seen whole (issue
    19); the first Esc closes that onto the list, the second clears the filter."""
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e")
        sidebar = pilot.app.query_one(EntitySidebar)
        assert pilot.app.focused is sidebar
        await pilot.press("down")  # the first entity under People
        entity_id = sidebar.cursor_node.data
        await pilot.press("enter")
        await settle(pilot)
        with Library.open(seed_index) as library:
            expected = {h.id for h in library.search(f"entity:{entity_id}", limit=50).hits}
        assert {r.id for r in pilot.app.query_one(ArticleList).rows} == expected
        assert [chip.filter.value for chip in pilot.app.query(Chip)] == [entity_id]
        # A filter alone ranks nothing: newest first, and the header says so.
        assert "newest first" in header(pilot.app)
        dates = [r.date for r in pilot.app.query_one(ArticleList).rows if r.date]
        assert dates == sorted(dates, reverse=True)
        assert isinstance(pilot.app.screen, PivotScreen) and pilot.app.screen.pivot.id == entity_id
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable) and pilot.app.query(Chip)
        await pilot.press("escape")
        await settle(pilot)
        assert not pilot.app.query(Chip)
        assert header(pilot.app).endswith(("newest first", "newest first, undated last"))


async def test_clicking_a_chip_removes_its_filter(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e", "down", "enter")
        await settle(pilot)
        await pilot.press("escape")  # the entity seen whole, closed onto the list
        await settle(pilot)
        await pilot.click(Chip)
        await settle(pilot)
        assert not pilot.app.query(Chip)


async def test_m_shows_an_entity_mentions_in_the_reader(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e", "down", "m")
        await settle(pilot)
        sidebar = pilot.app.query_one(EntitySidebar)
        assert pilot.app.query_one(Reader).mentioned == sidebar.cursor_node.data


async def test_related_jump_and_back_and_forward(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        first = pilot.app.query_one(Reader).article.id
        await pilot.press("r")
        assert isinstance(pilot.app.focused, RelatedPanel)
        target = pilot.app.query_one(RelatedPanel).get_option_at_index(0).id
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.query_one(Reader).article.id == target != first
        await pilot.press("backspace")
        await settle(pilot)
        assert pilot.app.query_one(Reader).article.id == first
        await pilot.press("alt+right")
        await settle(pilot)
        assert pilot.app.query_one(Reader).article.id == target


async def test_back_steps_through_each_search_and_typing_refines_one_step(seed_index: Path) -> None:
    """Each search is a step Back returns to; its keystrokes are not steps of their own."""
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        for word in ("lavrov", "maduro", "syria"):
            await search(pilot, word)
            await pilot.press("enter")
            await settle(pilot)
        searched = []
        for _ in range(3):
            await pilot.press("backspace")
            await settle(pilot)
            searched.append(pilot.app.history.current.query)
        assert searched == ["maduro", "lavrov", ""]
        assert pilot.app.query_one(SearchBar).input.value == ""
        await pilot.press("alt+right")
        await settle(pilot)
        assert pilot.app.query_one(SearchBar).input.value == "lavrov"


async def test_same_story_copies_fold_under_their_story_and_expand(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        grouped = [r.id for r in library.articles() if library.story_of(r.id)]
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = pilot.app.query_one(ArticleList)
        folded = len(shown_ids(pilot.app))
        assert folded == len(articles.rows) - (len(grouped) - 1)
        table = pilot.app.query_one(ArticleTable)
        lone = next(i for i, r in enumerate(articles._shown) if not r.story)
        table.move_cursor(row=lone)
        await pilot.pause()
        assert table.check_action("expand_story", ()) is None  # offered dimmed: nothing to expand
        assert table.check_action("fold_story", ()) is False
        head = next(i for i, r in enumerate(articles._shown) if r.story)
        table.move_cursor(row=head)
        await pilot.pause()
        assert table.check_action("expand_story", ()) is True
        await pilot.press("space")
        assert len(shown_ids(pilot.app)) == len(articles.rows)
        await pilot.pause()
        # Expanded: the footer offers to fold them, and space does.
        assert table.check_action("fold_story", ()) is True and table.check_action("expand_story", ()) is False
        await pilot.press("space")
        assert len(shown_ids(pilot.app)) == folded


async def test_s_sorts_by_date(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await search(pilot, "Venezuela")
        await pilot.press("enter", "s")
        await settle(pilot)
        assert header(pilot.app).endswith("newest first")
        dates = [r.date for r in pilot.app.query_one(ArticleList).rows]
        assert dates == sorted(dates, reverse=True)


async def test_same_story_banner_links_jump(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        copy = next(r.id for r in library.articles() if library.same_story(r.id))
        original = library.same_story(copy)[0].id
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.action_open_article(copy)
        await settle(pilot)
        banner = str(pilot.app.query_one("#reader-banner", Static).render())
        assert banner.startswith("Same story also published by:")
        await pilot.app.run_action(f"open_article('{original}')")
        await settle(pilot)
        assert pilot.app.query_one(Reader).article.id == original


async def test_help_screen_lists_every_binding(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(pilot.app.screen, HelpScreen)
        for bindings in pilot.app.binding_sections().values():
            for binding in bindings:
                assert binding.description
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, HelpScreen)


async def test_command_palette_offers_the_app_actions(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        titles = {command.title for command in pilot.app.get_system_commands(pilot.app.screen)}
        assert {"Search", "Entities", "Related", "Sort by date / relevance", "Back", "Help"} <= titles


async def test_narrow_terminal_folds_the_side_panel_until_asked(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert pilot.app.size.width < NARROW
        assert not pilot.app.query_one("#side").display or pilot.app.query_one("#side").region.width == 0
        await pilot.press("e")
        await pilot.pause()
        assert pilot.app.query_one("#side").region.width > 0


async def test_mouse_click_on_a_row_opens_it(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.click(ArticleTable, offset=(5, 2))
        await pilot.click(ArticleTable, offset=(5, 2))
        await settle(pilot)
        assert pilot.app.query_one(Reader).article is not None


async def test_background_update_brings_in_new_articles(corpus: Path, tmp_path: Path) -> None:
    from index.library import build_index

    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    (corpus / "new.md").write_text(
        "---\ntitle: Harbour Strike Ends in Valparaíso\ndate: 2024-02-02\nsource: Port News\n---\n\n"
        "Dock workers in Valparaíso ended a nine-day strike on Friday after the port authority agreed to talks.\n",
        encoding="utf-8",
    )
    app = create_app(index_dir, corpus, background_update=True)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert "new" in {r.id for r in pilot.app.query_one(ArticleList).rows}
        assert header(pilot.app).startswith("6 articles")


async def test_an_exact_copy_of_a_file_brings_no_warning_at_launch(corpus: Path, tmp_path: Path) -> None:
    from index.library import build_index

    first = sorted(corpus.glob("*.txt"))[0]
    (corpus / "copy-of-first.txt").write_bytes(first.read_bytes())  # one article at two paths
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    app = create_app(index_dir, corpus, background_update=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert [str(toast.render()) for toast in pilot.app.screen.query("Toast")] == []
        assert header(pilot.app).startswith("5 articles")


async def test_byline_source_and_date_become_removable_filters(seed_index: Path, records) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        article = pilot.app.query_one(Reader).article
        await pilot.app.run_action(f"add_filter('source', '{article.source}')")
        await settle(pilot)
        assert {r.id for r in pilot.app.query_one(ArticleList).rows} == {
            a.id for a in records.values() if a.source == article.source
        }
        await pilot.app.run_action(f"add_filter('date', '{article.date[:7]}')")
        await settle(pilot)
        assert {r.id for r in pilot.app.query_one(ArticleList).rows} == {
            a.id for a in records.values() if a.source == article.source and a.date[:7] == article.date[:7]
        }
        assert len(pilot.app.query(Chip)) == 2
        await pilot.press("backspace")
        await settle(pilot)
        assert len(pilot.app.query(Chip)) == 1


def why_lines(app) -> str:
    screen = app.screen
    assert isinstance(screen, WhyScreen), type(screen)
    return " ".join(str(widget.render()) for widget in screen.query(Static))


async def test_w_says_why_a_search_result_matched(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "lavrov sanctions")
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("w")
        await settle(pilot)
        said = why_lines(pilot.app)
        assert "‘lavrov’ as typed in the body" in said and "%" in said
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, WhyScreen)


async def test_w_on_a_related_article_says_everything_it_shares(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert pilot.app.query_one(RelatedPanel).option_count
        await pilot.press("w")
        await settle(pilot)
        said = why_lines(pilot.app)
        assert "similarity" in said and ("shares" in said or "common terms" in said)


async def test_w_with_nothing_to_explain_says_what_to_do(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, WhyScreen)


def test_a_suggestion_is_for_the_words_typed_never_the_filters_clauses() -> None:
    from tui.app import _own_part
    from tui.history import Filter, View

    frolov = Filter("entity", "person/vladimir-frolov", "Vladimir Frolov")
    view = View(query="sanctoins", filters=(frolov,))
    assert _own_part("sanctions entity:person/vladimir-frolov", view) == "sanctions"
    assert _own_part("sanctoins entity:person/vladimir-frolov", view) is None  # nothing to correct
    assert _own_part("sanctions", View(query="sanctoins")) == "sanctions"
    assert _own_part(None, view) is None
