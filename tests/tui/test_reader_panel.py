"""The reader and the entity panel as a newcomer meets them (issue 15): a reading column of
60-80 columns, a byline that never breaks at a separator, no empty banner, n/N saying which
match of how many (told apart in 256 and 16 colours), matches in the comments reachable, and
an entity panel that is never empty and filters as you type. The real app over real indexes,
at 80x24 and 120x40."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.color import ColorSystem
from rich.segment import Segment
from textual.geometry import Region
from textual.widget import Widget
from textual.widgets import Collapsible, Static

from index.library import Library, build_index
from tests.tui.test_app import open_first, search, settle
from tui.app import create_app
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import Reader

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
WITH_COPIES = "004_9da43677d73d9e47"  # a CBS story republished twice; it also has reader comments
ALONE = "000_fabef78c0f05ce39"  # no other copy of its story

URL = "https://www.example-news-outlet.com/2024/03/07/world/long-section/an-article-slug-that-goes-on-and-on-12345"
AUTHORS = ["Anna Arkadyevna Karenina", "Konstantin Dmitrievich Levin", "Stepan Arkadyevich Oblonsky"]


@pytest.fixture(scope="module")
def long_byline_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One article whose byline cannot fit on one line at any of the sizes, with a long URL."""
    root = tmp_path_factory.mktemp("byline")
    articles = root / "articles"
    articles.mkdir()
    authors = "\n".join(f"  - {name}" for name in AUTHORS)
    (articles / "long-byline.md").write_text(
        f"---\ntitle: Harbour Strike Ends in Valparaíso\nauthors:\n{authors}\n"
        f"source: The Pacific Coast Evening Chronicle and Shipping Gazette\ndate: 2024-03-07\nurl: {URL}\n---\n\n"
        "Dock workers in Valparaíso ended a nine-day strike on Friday after the port authority agreed to talks.\n",
        encoding="utf-8",
    )
    build_index(articles, root / "ix")
    return root / "ix"


def lines(widget: Widget) -> list[str]:
    """The widget's lines as the screen shows them, trailing blanks cut."""
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [strip.text.rstrip() for strip in strips]


def segments(widget: Widget) -> list[Segment]:
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return [segment for strip in strips for segment in strip if segment.text.strip()]


def shown(widget: Widget) -> str:
    return str(widget.render())


def on_screen(widget: Widget) -> bool:
    return widget.region.area > 0


async def open_article(pilot, article_id: str) -> Reader:
    pilot.app.action_open_article(article_id)
    await settle(pilot)
    reader = pilot.app.query_one(Reader)
    assert reader.article.id == article_id
    return reader


# 1. The reading column -------------------------------------------------------------------


@pytest.mark.parametrize("size", [(120, 40), (140, 40), (200, 50)], ids=["120x40", "140x40", "200x50"])
async def test_the_reader_gets_60_to_80_columns_of_text(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        reader = await open_article(pilot, ALONE)
        width = reader.query(".paragraph").first().content_region.width
        assert 60 <= width <= 80, width
        assert on_screen(pilot.app.query_one(ArticleTable))  # the list stays beside it


async def test_below_140_columns_the_side_panels_fold_away_and_come_back_on_e(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not on_screen(pilot.app.query_one(EntitySidebar))
        await pilot.press("e")
        await settle(pilot)
        assert on_screen(pilot.app.query_one(EntitySidebar))


# 2. The byline ---------------------------------------------------------------------------


@SIZES
async def test_the_byline_never_breaks_at_a_separator_and_the_url_is_never_split(long_byline_index, size) -> None:
    async with create_app(long_byline_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_article(pilot, "long-byline")
        byline = [line for line in lines(pilot.app.query_one("#reader-byline")) if line.strip()]
        assert len(byline) > 1  # it had to wrap
        for line in byline:
            assert not line.strip().startswith("·") and not line.strip().endswith("·"), byline
        words = " ".join(byline).split()
        for part in [*AUTHORS, "The Pacific Coast Evening Chronicle and Shipping Gazette", "2024-03-07"]:
            assert " ".join(part.split()) in " ".join(words), (part, byline)  # every part, in full
        assert URL not in "".join(byline)
        (url,) = [line.strip() for line in lines(pilot.app.query_one("#reader-url")) if line.strip()]
        assert url == URL or (url.endswith("…") and URL.startswith(url[:-1]) and len(url) > 20), url


@SIZES
async def test_a_byline_that_fits_stays_on_one_line_with_its_separators(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_article(pilot, ALONE)
        byline = [line.strip() for line in lines(pilot.app.query_one("#reader-byline")) if line.strip()]
        assert byline == ["Eli Lake · The Moscow Times · 2019-05-13"]


# 3. The same-story banner ----------------------------------------------------------------


@SIZES
async def test_no_same_story_banner_before_an_article_is_open_or_when_it_has_no_copies(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        banner = pilot.app.query_one("#reader-banner")
        assert not on_screen(banner)
        await open_article(pilot, ALONE)
        assert not on_screen(banner)
        await open_article(pilot, WITH_COPIES)
        assert on_screen(banner) and shown(banner).startswith("Same story also published by:")


# 4. n and N say where they are -------------------------------------------------------------


def position(app) -> str:
    return shown(app.query_one("#reader-position", Static))


@SIZES
async def test_n_and_shift_n_say_which_match_of_how_many_and_when_they_wrap(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "Venezuela")
        await pilot.press("enter")
        await open_first(pilot)
        reader = pilot.app.query_one(Reader)
        total = len(reader.matches)
        assert total > 2
        assert position(pilot.app).startswith(f"{total} matches")  # before n: how many there are
        await pilot.press("n", "n")
        await pilot.pause()
        assert position(pilot.app) == f"Match 2 of {total}"
        assert on_screen(pilot.app.query_one("#reader-position"))
        await pilot.press("N", "N")
        await pilot.pause()
        assert position(pilot.app) == f"Match {total} of {total} · wrapped to the last"
        await pilot.press("n")
        await pilot.pause()
        assert position(pilot.app) == f"Match 1 of {total} · wrapped to the first"


def test_a_word_with_a_star_or_being_typed_marks_the_words_it_stands_for(seed_index: Path) -> None:
    """venez* marks Venezuela and Venezuelan; 'lavr' being typed (the list found Lavrov with it)
    marks Lavrov; the same word finished as typed, exactly, marks nothing."""
    with Library.open(seed_index) as library:
        article = library.article(ALONE)

        def marked(text: str, prefix_end: int | None = None) -> set[str]:
            spans = library.match_spans(ALONE, text, prefix_end)
            return {getattr(article, s.field)[s.start : s.end] for s in spans if s.field in ("title", "body")}

        assert {"Venezuela"} <= marked("venez*") <= {"Venezuela", "Venezuelan", "Venezuelans", "Venezuela's"}
        assert "Lavrov" in marked("lavr", prefix_end=4)
        assert marked("lavr") == set()


@SIZES
async def test_n_goes_to_the_words_a_star_stands_for_and_a_cleared_search_leaves_no_marks(seed_index, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "venez*")
        await pilot.press("enter")
        await open_first(pilot)
        reader = pilot.app.query_one(Reader)
        assert len(reader.matches) > 2
        await pilot.press("n")
        await pilot.pause()
        assert position(pilot.app) == f"Match 1 of {len(reader.matches)}"
        await search(pilot, "lavrov")  # a new search marks its own words in the open article
        assert reader.article is not None
        expected = len([s for s in pilot.app.library.match_spans(reader.article.id, "lavrov") if s.field != "title"])
        assert len(reader.matches) == expected
        await pilot.press("slash", "ctrl+u")  # the search cleared: no marks, no match line
        await pilot.press("enter")
        await settle(pilot)
        assert reader.matches == []
        assert not pilot.app.query_one("#reader-position").display


def _attributes(segment: Segment) -> tuple[bool, bool, bool]:
    style = segment.style
    return bool(style.bold), bool(style.underline), bool(style.reverse)


@pytest.mark.parametrize("colours", ["256", "standard"])
async def test_the_current_match_looks_different_in_256_and_16_colours(
    seed_index: Path, colours: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not by a shade alone (dark orange and yellow come out alike in 256 colours): the current
    match carries an attribute the others do not, which every terminal shows."""
    monkeypatch.setattr("textual.constants.COLOR_SYSTEM", colours)
    app = create_app(seed_index)
    assert app.console.color_system == ("256" if colours == "256" else "standard")
    system = ColorSystem.EIGHT_BIT if colours == "256" else ColorSystem.STANDARD
    async with app.run_test(size=(120, 40)) as pilot:
        await search(pilot, "Venezuela")
        await pilot.press("enter")
        await open_first(pilot)
        await pilot.press("n", "n")
        await settle(pilot)
        reader = pilot.app.query_one(Reader)
        words = [s for p in reader.query(".paragraph") for s in segments(p) if s.text.strip().casefold() == "venezuela"]
        looks = {(_attributes(s), s.style.render("x", color_system=system)) for s in words}
        assert len(words) > 2 and len(looks) == 2, looks  # the current one, and all the others
        current = [s for s in words if s.style.reverse]
        others = [s for s in words if not s.style.reverse]
        assert len(current) == 1 and others
        assert {_attributes(s) for s in others}.isdisjoint({_attributes(current[0])})


# 5. Matches in the comments ----------------------------------------------------------------


@SIZES
async def test_a_comments_match_is_reached_unfolded_and_highlighted(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await search(pilot, "comments:Monroe")
        await pilot.press("enter")
        await open_first(pilot)
        reader = pilot.app.query_one(Reader)
        assert reader.article.id == WITH_COPIES
        comments = pilot.app.query_one("#reader-comments", Collapsible)
        assert comments.collapsed and "3 matches" in str(comments.title)
        await pilot.press("n")
        await settle(pilot)
        assert position(pilot.app) == "Match 1 of 3 in the comments"
        assert not comments.collapsed
        first = pilot.app.query(".comment").first()
        assert first.region.overlaps(reader.region)  # scrolled to it
        marked = [s for s in segments(first) if s.text.strip() == "Monroe"]
        assert [bool(s.style.reverse) for s in marked] == [True, False]  # the current one, then the next
        await pilot.press("n", "n")
        await settle(pilot)
        assert position(pilot.app) == "Match 3 of 3 in the comments"
        second = pilot.app.query(".comment")[1]
        assert second.region.overlaps(reader.region)
        assert [bool(s.style.reverse) for s in segments(second) if s.text.strip() == "Monroe"] == [True]


def test_match_spans_say_which_comment_a_match_is_in(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        article = library.article(WITH_COPIES)
        spans = library.match_spans(WITH_COPIES, "comments:Monroe")
    found = [(s.comment, article.comments[s.comment].text[s.start : s.end]) for s in spans]
    assert found == [(0, "Monroe"), (0, "Monroe"), (1, "Monroe")]
    assert all(s.field == "comments" for s in spans)


# 6. The entity panel with no article open --------------------------------------------------


def leaves(sidebar: EntitySidebar) -> list[str]:
    return [str(leaf.label) for group in sidebar.root.children for leaf in group.children]


async def show_entities(pilot, size) -> EntitySidebar:
    if size[0] < 140:
        await pilot.press("e")  # folded away at this width until asked for
    await settle(pilot)
    return pilot.app.query_one(EntitySidebar)


@SIZES
async def test_the_entity_panel_shows_the_corpus_then_the_results_then_the_article(seed_index: Path, size) -> None:
    with Library.open(seed_index) as library:
        corpus = library.entities()
        in_results = library.entities_in([hit.id for hit in library.search("kalashnikov", limit=50).hits])
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        sidebar = await show_entities(pilot, size)
        assert str(sidebar.border_title) == "Entities: the corpus"
        assert len(leaves(sidebar)) == len(corpus) > 0
        await search(pilot, "kalashnikov")
        assert str(sidebar.border_title) == "Entities: 2 results"
        assert len(leaves(sidebar)) == len(in_results) < len(corpus)
        await pilot.press("enter")
        await open_first(pilot)
        assert str(sidebar.border_title) == "Entities: this article"


def test_entities_in_results_are_counted_over_those_results(seed_index: Path) -> None:
    with Library.open(seed_index) as library:
        ids = [hit.id for hit in library.search("kalashnikov", limit=50).hits]
        rows = library.entities_in(ids)
        per_article = {i: {ref.id: ref.count for ref in library.article_entities(i)} for i in ids}
    for row in rows:
        naming = [counts[row.id] for counts in per_article.values() if row.id in counts]
        assert (row.articles, row.mentions) == (len(naming), sum(naming)), row
    assert {row.id for row in rows} == {entity for counts in per_article.values() for entity in counts}
    assert [row.articles for row in rows] == sorted((row.articles for row in rows), reverse=True)


# 7. Type to filter -----------------------------------------------------------------------


@SIZES
async def test_typing_filters_the_entity_panel_and_esc_clears_then_backs_out(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        sidebar = await show_entities(pilot, size)
        if size[0] >= 140:
            await pilot.press("e")
        everyone = leaves(sidebar)
        await pilot.press(*"lav")
        await settle(pilot)
        assert pilot.app.focused is sidebar
        assert leaves(sidebar) and all("lav" in leaf.casefold() for leaf in leaves(sidebar))
        assert len(leaves(sidebar)) < len(everyone)
        assert "lav" in str(sidebar.border_subtitle)
        await pilot.press("escape")
        await settle(pilot)
        assert leaves(sidebar) == everyone and pilot.app.focused is sidebar  # the first Esc clears
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable)  # the second backs out, as before


@SIZES
async def test_backspace_in_the_entity_filter_takes_back_a_letter_not_a_search(seed_index: Path, size) -> None:
    """While a filter is typed or shown, Backspace edits it; only once it is gone does Backspace
    go Back."""
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "putin")
        await pilot.press("enter")
        await settle(pilot)
        sidebar = await show_entities(pilot, size)
        if size[0] >= 140:
            await pilot.press("e")
        searched = pilot.app.history.current.full_query()
        await pilot.press(*"lavx", "down")  # back to the tree, the filter kept
        await settle(pilot)
        assert (sidebar.filter, sidebar.typing) == ("lavx", False)
        await pilot.press("backspace")  # edits the filter still shown
        await settle(pilot)
        assert (sidebar.filter, sidebar.typing) == ("lav", True)
        assert "filter: lav" in str(sidebar.border_subtitle)
        assert leaves(sidebar) and all("lav" in leaf.casefold() for leaf in leaves(sidebar))
        await pilot.press("backspace", "backspace", "backspace", "backspace")
        await settle(pilot)
        assert (sidebar.filter, sidebar.typing) == ("", False)
        assert pilot.app.history.current.full_query() == searched and pilot.app.focused is sidebar
        await pilot.press("backspace")  # the filter closed: Backspace is Back again
        await settle(pilot)
        assert pilot.app.history.current.full_query() != searched


@SIZES
async def test_f_filters_by_a_name_that_starts_with_a_key_the_panel_binds(seed_index: Path, size) -> None:
    """m shows mentions and t switches the scope: f opens the filter, then every key types."""
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        await open_first(pilot)
        await pilot.press("e")
        await settle(pilot)
        sidebar = pilot.app.query_one(EntitySidebar)
        await pilot.press("t")  # still the scope key: the whole corpus
        await settle(pilot)
        assert str(sidebar.border_title) == "Entities: the corpus" and not sidebar.filter
        await pilot.press("f", *"madu")
        await settle(pilot)
        assert leaves(sidebar) and all("madu" in leaf.casefold() for leaf in leaves(sidebar))
        await pilot.press("down", "t")  # back to the tree: the filter stays, t is the scope key again
        await settle(pilot)
        assert str(sidebar.border_title) == "Entities: this article" and sidebar.filter == "madu"
        assert leaves(sidebar) and all("madu" in leaf.casefold() for leaf in leaves(sidebar))


async def test_a_large_corpus_shows_the_most_named_and_the_filter_finds_the_rest() -> None:
    """Thousands of leaves take the tree half a second to build; past 100 a group says how
    many more there are, and typing finds any of them."""
    from textual.app import App

    from index.records import EntitySummary
    from tui.widgets.entity_sidebar import SHOWN_PER_GROUP

    people = [EntitySummary(f"person/p{n}", f"Person Number {n}", "person", [], 500 - n, 500 - n) for n in range(300)]
    people.append(EntitySummary("person/ravel", "Maurice Ravel", "person", ["Ravel"], 1, 1))

    class Panel(App[None]):
        def compose(self):
            yield EntitySidebar()

    async with Panel().run_test(size=(60, 30)) as pilot:
        sidebar = pilot.app.query_one(EntitySidebar)
        sidebar.show_corpus(people)
        sidebar.focus()
        await pilot.pause()
        shown = leaves(sidebar)
        assert len(shown) == SHOWN_PER_GROUP + 1 and shown[-1].startswith(f"… {len(people) - SHOWN_PER_GROUP} more")
        assert str(sidebar.root.children[0].label) == f"People ({len(people)})"
        await pilot.press(*"ravel")
        await pilot.pause()
        assert leaves(sidebar) == ["Maurice Ravel 1"]


async def test_the_list_filtered_from_the_entity_panel_is_drawn_for_its_own_width(seed_index: Path) -> None:
    """At 80x24 the panel hides the list while the filtered list is searched: its rows are drawn
    for the width the list shows at, not cut to a few letters for the hidden one."""
    async with create_app(seed_index).run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = pilot.app.query_one(ArticleTable)
        wide = len(str(table.get_row_at(0)[0]).splitlines()[0])
        await show_entities(pilot, (80, 24))
        await pilot.press(*"maduro")
        await pilot.press("down", "enter")  # the first name under People: the list filtered by it
        await settle(pilot)
        await pilot.press("escape")  # the name seen whole, closed onto the list
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable)
        assert "Nicolas Maduro" in pilot.app.history.current.full_query() or pilot.app.history.current.filters
        titles = [str(table.get_row_at(i)[0]).splitlines()[0] for i in range(table.row_count)]
        assert titles and all(len(title) >= min(wide, 20) for title in titles)
        articles = pilot.app.query_one(ArticleList)
        assert articles._width == articles._row_width() > 20


async def test_the_search_is_marked_in_the_title_and_the_dek_too(seed_index: Path) -> None:
    from tui.widgets.reader import MATCH_STYLE

    with Library.open(seed_index) as library:
        hit = next(h for h in library.search("crisis", limit=5).hits if "crisis" in library.article(h.id).dek)
    async with create_app(seed_index).run_test(size=(140, 40)) as pilot:
        await search(pilot, "crisis")
        await pilot.press("enter")
        await settle(pilot)
        pilot.app.action_open_article(hit.id)
        await settle(pilot)
        dek = pilot.app.query_one("#reader-dek", Static)
        assert "bold" in MATCH_STYLE  # the dek is italic: only a match in it is bold
        assert [s.text for s in segments(dek) if s.style and s.style.bold] == ["crisis"]
