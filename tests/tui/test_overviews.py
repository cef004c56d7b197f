"""The overviews in the app (issue 19): H shows the list's matches over time and Enter on a
period filters the list to it; p (or Enter, which also lists its articles) on an entity shows
who is named with it and when, Enter on
one of them pivots to it (a step in the history), a lists its articles. The real app over a
real index, with Pilot, at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import OptionList

from index.library import Library
from tests.tui.test_app import full_header, header, search, settle
from tui.app import create_app
from tui.messages import PivotRequested
from tui.screens.overview import PivotScreen, TimelineScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.search_bar import Chip

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def wait_for_screen(pilot, kind: type) -> None:
    for _ in range(100):
        if isinstance(pilot.app.screen, kind):
            await settle(pilot)
            return
        await pilot.pause(0.05)
    assert isinstance(pilot.app.screen, kind)


def listed(app) -> set[str]:
    return {row.id for row in app.query_one(ArticleList).rows}


@SIZES
async def test_the_timeline_of_the_list_filters_to_the_period_chosen(seed_index: Path, size) -> None:
    with Library.open(seed_index) as library:
        found = library.timeline("venezuela")
        busiest = max(found.buckets, key=lambda b: b.articles)
        expected = {hit.id for hit in library.search(f"venezuela date:{busiest.period}", limit=50).hits}
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "venezuela")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("H")
        await wait_for_screen(pilot, TimelineScreen)
        bars = pilot.app.screen.query_one(OptionList)
        assert bars.option_count == len(found.buckets)
        shown = str(bars.get_option_at_index(bars.highlighted).prompt)
        assert busiest.period in shown and f"{busiest.articles} articles · {busiest.stories} stories" in shown
        await pilot.press("enter")  # the tallest bar, where the cursor starts
        await settle(pilot)
        assert not isinstance(pilot.app.screen, TimelineScreen)
        assert [chip.filter.query() for chip in pilot.app.query(Chip)] == [f"date:{busiest.period}"]
        assert listed(pilot.app) == expected
        assert header(pilot.app).startswith(f"{len(expected)} of ")
        pilot.app.action_back()  # the period was a step in the history
        await settle(pilot)
        assert not list(pilot.app.query(Chip)) and pilot.app.history.current.query == "venezuela"


@SIZES
async def test_an_entity_pivots_to_the_names_beside_it_and_lists_its_articles(seed_index: Path, size) -> None:
    with Library.open(seed_index) as library:
        putin = next(e for e in library.entities("person") if e.name == "Vladimir Putin")
        pivot = library.entity_pivot(putin.id)
        maduro = next(c for c in pivot.with_ if c.name == "Nicolas Maduro")
        maduro_articles = {h.id for h in library.search(f"entity:{maduro.id}", limit=50).hits}
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        sidebar = pilot.app.query_one(EntitySidebar)
        await pilot.press("t")  # the whole corpus's entities
        await settle(pilot)
        line = next(
            n for n in range(sidebar.last_line + 1) if (node := sidebar.get_node_at_line(n)) and node.data == putin.id
        )
        sidebar.cursor_line = line
        await pilot.press("p")
        await wait_for_screen(pilot, PivotScreen)
        assert pilot.app.screen.pivot.id == putin.id
        names = pilot.app.screen.query_one(OptionList)
        assert any("Nicolas Maduro" in str(names.get_option_at_index(n).prompt) for n in range(names.option_count))
        await pilot.press("j", "j", "k")  # j and k move as the arrows do, as in every other list
        assert names.highlighted == 1
        names.highlighted = next(n for n, c in enumerate(pivot.with_) if c.id == maduro.id)
        await pilot.press("enter")  # pivot: Maduro's overview, his articles listed behind it
        await wait_for_screen(pilot, PivotScreen)
        for _ in range(50):
            if pilot.app.screen.pivot.id == maduro.id:
                break
            await pilot.pause(0.05)
        assert pilot.app.screen.pivot.id == maduro.id
        await pilot.press("a")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, PivotScreen)
        assert [chip.filter.value for chip in pilot.app.query(Chip)] == [maduro.id]
        assert listed(pilot.app) == maduro_articles


async def test_enter_on_a_name_shows_it_whole_only_while_the_list_still_holds_it(seed_index: Path) -> None:
    """Its overview is read in a worker: one that comes in after the reader has moved on (the
    filter gone, another screen up) is not put over what they went to."""
    with Library.open(seed_index) as library:
        person = library.entities("person")[0]
        pivot = library.entity_pivot(person.id)
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        pilot.app._show_pivot(pivot, followed=True)  # no filter on the list: too late, dropped
        await settle(pilot)
        assert not isinstance(pilot.app.screen, PivotScreen)
        pilot.app._show_pivot(pivot)  # asked with p: shown whatever the list holds
        await wait_for_screen(pilot, PivotScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        sidebar = pilot.app.query_one(EntitySidebar)
        sidebar.cursor_line = next(
            n for n in range(sidebar.last_line + 1) if getattr(sidebar.get_node_at_line(n), "data", None)
        )
        await pilot.press("enter")
        await wait_for_screen(pilot, PivotScreen)
        assert [chip.filter.value for chip in pilot.app.query(Chip)] == [pilot.app.screen.pivot.id]


@SIZES
async def test_the_entity_panel_says_how_many_stories_a_name_is_in(seed_index: Path, size) -> None:
    """Once the panel is asked for, each name of the corpus's list that copies name more than
    once reads "articles (stories)"; a name whose articles are all distinct stories, just the
    articles."""
    with Library.open(seed_index) as library:
        everyone = library.entities()
    folded = [e for e in everyone if e.stories < e.articles][:3]
    plain = [e for e in everyone if e.stories == e.articles][:3]
    assert folded and plain
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("e")
        sidebar = pilot.app.query_one(EntitySidebar)
        if str(sidebar.border_title) != "Entities: the corpus":
            await pilot.press("t")
        for _ in range(100):
            if sidebar.corpus and sidebar.corpus[0].stories is not None:
                break
            await pilot.pause(0.05)
        await settle(pilot)
        labels = {
            node.data: str(node.label) for n in range(sidebar.last_line + 1) if (node := sidebar.get_node_at_line(n))
        }
        for entity in folded:
            assert labels[entity.id].endswith(f" {entity.articles} ({entity.stories})"), labels[entity.id]
        for entity in plain:
            assert labels[entity.id].endswith(f" {entity.articles}"), labels[entity.id]


def _stories(library: Library, ids: set[str]) -> int:
    """Distinct stories by the same-story links the reader shows: copies fold into one."""
    return len({min([i, *(m.id for m in library.same_story(i))]) for i in ids})


@SIZES
async def test_the_list_says_how_many_stories_its_articles_are(seed_index: Path, size) -> None:
    """Counted once the list is shown, and said after the count when copies make them fewer
    and there is room; at any width the line stays one line."""
    with Library.open(seed_index) as library:
        every = {a.id for a in library.articles()}
        lavrov = {h.id for h in library.search("lavrov", limit=50, snippets=False).hits}
        wanted = [(len(every), _stories(library, every)), (len(lavrov), _stories(library, lavrov))]
    assert all(stories < articles for articles, stories in wanted)  # the shipped copies fold
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        width = pilot.app.query_one("#list-header").content_region.width
        lines = [full_header(pilot.app)]
        await search(pilot, "lavrov")
        await pilot.press("enter")
        await settle(pilot)
        lines.append(full_header(pilot.app))
    (articles, stories), (found, found_stories) = wanted
    assert all(len(line) <= width for line in lines)
    if size[0] >= 120:  # at 80 columns the list is too narrow for it beside the query and the order
        assert lines[0].startswith(f"{articles} articles ({stories} stories) · newest first")
        assert lines[1].startswith(f"{found} of {articles} ({found_stories} stories) · ‘lavrov’")


def test_the_count_of_stories_gives_way_first_when_the_header_is_narrow() -> None:
    from tui.render import ListHeader, list_header

    shown = ListHeader(4, 5, "lavrov", (), False, read=1, stories=2)
    full, bare = "4 of 5 (2 stories) · 1 read · ‘lavrov’ · by relevance", "4 of 5 (2 stories) · 1 read · ‘lavrov’"
    assert list_header(shown, len(full)) == full
    assert list_header(shown, len(bare)) == bare  # relevance, a search's usual order, goes unsaid first
    assert list_header(shown, len(bare) - 1) == "4 of 5 · 1 read · ‘lavrov’"  # then the stories
    by_date = ListHeader(4, 5, "lavrov", (), True, stories=2)
    with_date = "4 of 5 (2 stories) · ‘lavrov’ · newest first"
    assert list_header(by_date, len(with_date)) == with_date
    assert list_header(by_date, len(with_date) - 1) == "4 of 5 · ‘lavrov’ · newest first"  # a date order stays
    assert list_header(ListHeader(4, 5, "lavrov", (), False, stories=4), 60) == "4 of 5 · ‘lavrov’ · by relevance"
    assert list_header(ListHeader(5, 5, stories=1), 60) == "5 articles (1 story) · newest first, undated last"


@SIZES
async def test_names_beside_an_entity_use_the_width_there_is_and_never_wrap(seed_index: Path, size) -> None:
    """Cut at 28 cells at 80 columns; a wider screen shows a long name whole."""
    from dataclasses import replace

    from index.records import CoMention

    long_name = "International Coffee Organization Council"  # 41 letters
    with Library.open(seed_index) as library:
        some = library.entities("person")[0]
        pivot = library.entity_pivot(some.id)
    pivot = replace(pivot, with_=[CoMention("org/ico", long_name, "org", 12, 9), *pivot.with_])
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.push_screen(PivotScreen(pivot))
        await wait_for_screen(pilot, PivotScreen)
        names = pilot.app.screen.query_one(OptionList)
        lines = [names.get_option_at_index(n).prompt.plain for n in range(names.option_count)]
        assert all(len(line) <= names.scrollable_content_region.width for line in lines), lines
        assert (long_name in lines[0]) == (size[0] >= 120)
        assert lines[0].startswith(long_name[:27])


@SIZES
async def test_an_overview_over_a_search_says_how_many_of_its_articles_the_list_will_keep(
    seed_index: Path, size
) -> None:
    """The overview counts the corpus's articles; over a search, it also says how many of them
    the search keeps, which is what `a` lists. Over the whole corpus it says nothing more."""
    with Library.open(seed_index) as library:
        hits = [hit.id for hit in library.search("kalashnikov", limit=50).hits]
        named = next(e for e in library.entities_in(hits) if e.articles < library.entity_pivot(e.id).articles)
        kept = {hit.id for hit in library.search(f"kalashnikov entity:{named.id}", limit=50).hits}
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "kalashnikov")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e")
        sidebar = pilot.app.query_one(EntitySidebar)
        await settle(pilot)
        sidebar.cursor_line = next(
            n for n in range(sidebar.last_line + 1) if (node := sidebar.get_node_at_line(n)) and node.data == named.id
        )
        await pilot.press("p")
        await wait_for_screen(pilot, PivotScreen)
        assert pilot.app.screen.listed == len(kept) < pilot.app.screen.pivot.articles
        await pilot.press("a")
        await settle(pilot)
        assert listed(pilot.app) == kept
        pilot.app.action_back()
        pilot.app.action_back()
        await settle(pilot)
        assert not pilot.app.history.current.full_query()
        pilot.app.post_message(PivotRequested(named.id))
        await wait_for_screen(pilot, PivotScreen)
        assert pilot.app.screen.listed is None
