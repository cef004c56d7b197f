"""The article list's rows and header as a reader sees them, in the real app at 80x24 and
120x40: copies under their own story's lead, rows that fit the pane (cut at a word with
"…", the copy count kept, no horizontal scrollbar), a snippet line under the title when
there is a query, and a one-line header that names the active filters."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from index.library import Library, build_index
from tests.tui.idle import settle
from tui.app import create_app
from tui.history import Filter
from tui.messages import FilterAdded
from tui.widgets.article_list import ArticleList, ArticleTable, Row, arranged

SIZES = [(80, 24), (120, 40)]

# Real-looking wire stories with the long titles news sites give them.
BODY = (
    "Finance ministers from the largest economies met in Basel on Tuesday to weigh a coordinated "
    "response to the tariff dispute that has rattled currency markets for a fortnight. Officials said "
    "the talks covered swap lines between central banks, the timing of any intervention and how to "
    "explain it to markets without feeding the panic they want to calm. Several delegations arrived "
    "with proposals of their own, and a communique was still being drafted late into the evening, "
    "according to two people who saw it. The dollar fell against the yen and the Swiss franc as "
    "traders bet that a joint statement would favour a weaker greenback over the coming months."
)
STORIES = {
    "basel-wire": (
        "Finance ministers meet in Basel to weigh a coordinated response as currency markets swing after the "
        "surprise tariff announcement",
        "Global Wire Service",
        "2023-03-14",
        BODY,
    ),
    "basel-copy-1": (
        "Ministers weigh coordinated currency response in Basel talks",
        "The Evening Courier of the Northern Provinces",
        "2023-03-15",
        BODY + " The Courier's correspondent in Basel contributed reporting.",
    ),
    "basel-copy-2": (
        "Basel talks: what a coordinated intervention would mean for your savings and your mortgage payments",
        "Daily Ledger",
        "2023-03-16",
        BODY + " Readers asked what the talks mean for household budgets; economists said little at first.",
    ),
    "port-strike": (
        "Dock workers extend strike at the country's three largest container ports as the tariff row and "
        "shipping delays deepen",
        "Harbour Gazette",
        "2023-03-10",
        "Dock workers voted to extend their strike by a week. The union said the tariff row had cut "
        "overtime and that shipping lines were diverting vessels to smaller ports along the coast.",
    ),
    "grain": (
        "Supercalifragilisticexpialidociousnessofthewholegrainharvestforecastrevisedsharplydownward",
        "Farm Weekly",
        "",
        "The grain harvest forecast was revised down after a dry spring. Exporters fear the tariff will "
        "close their largest market just as prices recover.",
    ),
    "short": ("Tariff talks", "AP", "2023-03-12", "Short talks on the tariff ended without a deal."),
}


@pytest.fixture(scope="module")
def long_titles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("long-titles")
    for name, (title, source, date, body) in STORIES.items():
        dated = f"date: {date}\n" if date else ""
        (folder / f"{name}.md").write_text(
            f'---\ntitle: "{title}"\nsource: "{source}"\n{dated}---\n\n{body}\n', encoding="utf-8"
        )
    index_dir = folder.parent / f"{folder.name}-ix"
    build_index(folder, index_dir)
    return index_dir


async def search(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


def cells(app) -> list[Text]:
    table = app.query_one(ArticleTable)
    return [table.get_row_at(i)[0] for i in range(table.row_count)]


def row_width(app) -> int:
    table = app.query_one(ArticleTable)
    return table.scrollable_content_region.width - 2 * table.cell_padding


def header(app) -> str:
    return str(app.query_one("#list-header", Static).render())


def assert_copies_under_their_lead(app) -> None:
    """Every copy row follows its story's lead or another copy of the same story."""
    articles = app.query_one(ArticleList)
    drawn = cells(app)
    assert len(drawn) == len(articles._shown)
    lead: Row | None = None
    for row, cell in zip(articles._shown, drawn, strict=True):
        if cell.plain.startswith("  ↳ "):
            assert lead is not None and row.story == lead.story, f"{row.title!r} drawn under {lead and lead.title!r}"
        else:
            lead = row


# 1. Copies under their own lead ------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_expanded_copies_stay_under_their_own_lead_in_a_new_search(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        app = pilot.app
        articles, table = app.query_one(ArticleList), app.query_one(ArticleTable)
        table.move_cursor(row=next(i for i, r in enumerate(articles._shown) if r.story))
        await pilot.press("space")  # expand the seed story's copies
        await pilot.pause()
        assert any(c.plain.startswith("  ↳ ") for c in cells(app))
        await search(pilot, "venez*")
        assert any(c.plain.startswith("  ↳ ") for c in cells(app))  # still expanded: keyed by story, not row
        assert_copies_under_their_lead(app)
        await pilot.press("s")  # newest first: another order, other leads
        await settle(pilot)
        assert "newest" in header(app)
        assert_copies_under_their_lead(app)
        await pilot.press("alt+left")  # back in history to the ranked list
        await settle(pilot)
        assert_copies_under_their_lead(app)


async def test_folding_a_story_from_one_of_its_copies_leaves_the_cursor_on_its_lead(seed_index: Path) -> None:
    async with create_app(seed_index).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles, table = pilot.app.query_one(ArticleList), pilot.app.query_one(ArticleTable)
        lead = next(i for i, r in enumerate(articles._shown) if r.story)
        table.move_cursor(row=lead)
        await pilot.press("space", "down")  # open the story, go to its first copy
        copy = articles.current_row()
        assert copy is not None and copy.story == articles._shown[lead].story and copy is not articles._shown[lead]
        await pilot.press("space")  # fold it from the copy
        await pilot.pause()
        assert articles.current_row() == articles._shown[lead]


def test_a_copy_on_a_later_page_joins_its_lead_on_an_earlier_one() -> None:
    page_one = [Row("a", "Lead", "X", None, "s1"), Row("b", "Other", "Y", None)]
    page_two = [Row("c", "Third", "Z", None), Row("d", "Copy", "W", None, "s1")]
    shown = arranged(page_one + page_two, expanded={"s1"})
    assert [(s.row.id, s.is_copy) for s in shown] == [("a", False), ("d", True), ("b", False), ("c", False)]
    assert shown[0].copies == 1
    folded = arranged(page_one + page_two, expanded=set())
    assert [s.row.id for s in folded] == ["a", "b", "c"] and folded[0].marker == "▸ "


# 2. Rows fit the pane --------------------------------------------------------------------


def assert_rows_fit(app) -> None:
    width, table = row_width(app), app.query_one(ArticleTable)
    titles = {r.id: r.title for r in app.query_one(ArticleList)._shown}
    assert table.virtual_size.width <= table.scrollable_content_region.width
    assert not table.show_horizontal_scrollbar
    for row_id, cell in zip(titles, cells(app), strict=True):
        lines = cell.plain.split("\n")
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        title_line = lines[0]
        if titles[row_id] not in title_line:
            assert "…" in title_line, title_line


@pytest.mark.parametrize("size", SIZES)
async def test_rows_fit_the_list_with_an_ellipsis_and_the_copy_count(long_titles: Path, size) -> None:
    async with create_app(long_titles).run_test(size=size) as pilot:
        await settle(pilot)
        app = pilot.app
        assert_rows_fit(app)
        lines = [c.plain.split("\n")[0] for c in cells(app)]
        lead = next(line for line in lines if line.startswith("▸ "))
        assert "(+2" in lead  # the count is kept however long the title
        assert lead.split("(+2")[0].rstrip().endswith("…")
        undated = next(c.plain.split("\n")[1] for c in cells(app) if c.plain.startswith("Supercali"))
        assert undated.endswith(" · undated")  # where a date order puts it, the row says; the header may not
        cut_long_title = next(line for line in lines if line.startswith("Dock workers"))
        assert cut_long_title.endswith("…") and not cut_long_title.endswith(" …")
        # Cut at the end of a word: what is left before "…" are whole words of the title.
        words = cut_long_title.removesuffix("…").split()
        assert words == STORIES["port-strike"][0].split()[: len(words)]


async def test_rows_are_drawn_again_for_a_new_width(long_titles: Path) -> None:
    async with create_app(long_titles).run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        wide = [c.plain for c in cells(pilot.app)]
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert_rows_fit(pilot.app)
        assert [c.plain for c in cells(pilot.app)] != wide
        await pilot.resize_terminal(160, 50)
        await settle(pilot)
        assert_rows_fit(pilot.app)


@pytest.mark.skipif(not Path.home().joinpath(".cache/explorer-bench/reuters-dev/ix").exists(), reason="no reuters-dev")
@pytest.mark.parametrize("size", SIZES)
async def test_real_reuters_titles_fit(size) -> None:
    index_dir = Path.home() / ".cache/explorer-bench/reuters-dev/ix"
    async with create_app(index_dir).run_test(size=size) as pilot:
        await settle(pilot)
        await search(pilot, "trade deficit")
        assert_rows_fit(pilot.app)


# 3. A snippet line under the title with a query --------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_a_snippet_line_with_the_match_emphasised_only_with_a_query(long_titles: Path, size) -> None:
    async with create_app(long_titles).run_test(size=size) as pilot:
        await settle(pilot)
        app = pilot.app
        assert all(c.plain.count("\n") == 1 for c in cells(app))  # no query: title and source · date
        await search(pilot, "basel")
        drawn = cells(app)
        assert drawn and all(c.plain.count("\n") == 2 for c in drawn)
        assert_rows_fit(app)
        snippet = drawn[0].plain.split("\n")[2]
        start = drawn[0].plain.index(snippet)
        emphasised = {
            drawn[0].plain[s.start : s.end] for s in drawn[0].spans if "bold" in str(s.style) and s.start >= start
        }
        assert "Basel" in emphasised, (snippet, drawn[0].spans)


@pytest.mark.parametrize("query", ["venez*", "kremlin OR maduro", '"Russian military"', "kremlin ANDNOT maduro"])
def test_snippets_by_id_are_the_search_s_own(seed_index: Path, query: str) -> None:
    """The list fetches snippets for the rows on screen by id, by the bulk scorer's words or
    (ANDNOT) Whoosh's: they are the ones the search itself would give."""
    with Library.open(seed_index) as library:
        hits = library.search(query, limit=5, snippets=True).hits
        assert hits
        by_id = library.snippets(query, [hit.id for hit in reversed(hits)])
        assert by_id == {hit.id: hit.snippet for hit in hits}
        assert all("<mark>" in snippet for snippet in by_id.values())


async def test_snippet_markup_in_a_file_is_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    folder.mkdir()
    (folder / "x.md").write_text(
        "---\ntitle: Markup\n---\n\nThe [bold red]harbour[/] opened; <mark>not ours</mark> \x1b[2J ends.\n",
        encoding="utf-8",
    )
    build_index(folder, tmp_path / "ix")
    async with create_app(tmp_path / "ix").run_test(size=(120, 40)) as pilot:
        await search(pilot, "harbour")
        snippet = cells(pilot.app)[0].plain.split("\n")[2]
        assert "[bold red]" in snippet and "\x1b" not in snippet


# 4. The header ---------------------------------------------------------------------------


@pytest.mark.parametrize("size", SIZES)
async def test_the_header_is_one_line_and_names_an_entity_filter(seed_index: Path, size) -> None:
    with Library.open(seed_index) as library:
        person = next(e for e in library.entities("person") if e.articles >= 2)
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        app = pilot.app
        width = app.query_one("#list-header", Static).content_region.width
        assert cell_len(header(app)) <= width and "\n" not in header(app)
        app.post_message(FilterAdded(Filter("entity", person.id, person.name)))
        await settle(pilot)
        line = header(app)
        assert cell_len(line) <= width and app.query_one("#list-header", Static).size.height == 1
        assert line.startswith(f"{person.articles} of 5")
        assert person.name in line  # the filter is named (its kind too, where there is room)
        await search(pilot, "lavrov")
        line = header(app)
        assert cell_len(line) <= width and "‘lavrov’" in line and person.name.split()[0] in line
