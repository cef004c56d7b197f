"""Typing a search in the real app (Pilot, over the real seed index): the word being typed
matches as a start, an unfinished query keeps a list and says what it misses, each
clause is counted, and the filter chips sit on their own line under the box."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from index.library import Library
from tests.tui.idle import settle
from tests.tui.test_app import header  # without its count of stories
from tui.app import create_app
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.search_bar import Chip, SearchBar

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
EXPLORER = Path(sys.executable).parent / "explorer"


async def type_in(pilot, text: str, clear: bool = True) -> None:
    if not isinstance(pilot.app.focused, Input):
        await pilot.press("slash")
    if clear:
        pilot.app.query_one(SearchBar).input.value = ""
        await settle(pilot)
    await pilot.press(*text)
    await settle(pilot)


async def add(pilot, text: str) -> None:
    """`text` added at the cursor in one change (as pasted): keys typed one by one may each
    be searched, and the list kept is then the last of those."""
    pilot.app.query_one(SearchBar).input.insert_text_at_cursor(text)
    await settle(pilot)


def status(app) -> str:
    return str(app.query_one("#search-status", Static).render())


def listed(app) -> set[str]:
    return {row.id for row in app.query_one(ArticleList).rows}


def found(seed_index: Path, text: str, **options) -> set[str]:
    with Library.open(seed_index) as library:
        return {hit.id for hit in library.search(text, limit=100, **options).hits}


def total_in_the_cli(seed_index: Path, text: str) -> int:
    result = subprocess.run(
        [str(EXPLORER), "search", text, "--json", "--index", str(seed_index)],
        capture_output=True,
        text=True,
        timeout=120,
        env=os.environ.copy(),
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["total"]


# The word being typed ---------------------------------------------------------------


@SIZES
@pytest.mark.parametrize("start", ["lav", "lavro", "Lavr"])
async def test_typing_the_start_of_a_word_lists_the_articles_with_it(seed_index: Path, size, start: str) -> None:
    lavrov = found(seed_index, "lavrov")
    assert lavrov and not found(seed_index, start)  # the start alone is no word of the index
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, start)
        assert listed(pilot.app) == lavrov
        assert f"{len(lavrov)} of 5 · ‘{start}…’" in header(pilot.app)
        assert "Enter searches" in status(pilot.app) and isinstance(pilot.app.focused, Input)


@SIZES
async def test_enter_searches_the_typed_word_exactly(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lav")
        await pilot.press("enter")
        await settle(pilot)
        assert header(pilot.app).startswith("0 of 5 · ‘lav’")
        assert not listed(pilot.app)


@SIZES
async def test_a_finished_word_is_searched_as_written(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lav ")  # the space ends the word
        assert header(pilot.app).startswith("0 of 5 · ‘lav’")


# An unfinished query ------------------------------------------------------------------


@SIZES
@pytest.mark.parametrize(
    "tail, said",
    [
        ("title:", "title: needs a word after it"),
        ("person:", "person: needs a name after it"),
        ("date:2019-1", "date:2019-1 is not a whole date yet"),
        ("date:", "date: needs a date after it"),
        ("OR", "OR needs a word after it"),
    ],
)
async def test_an_unfinished_clause_keeps_the_list_and_says_what_it_needs(
    seed_index: Path, size, tail: str, said: str
) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "sanctions ")
        before = listed(pilot.app)
        assert before == found(seed_index, "sanctions")
        await add(pilot, tail)
        assert listed(pilot.app) == before
        assert said in status(pilot.app)
        assert "‘sanctions’" in header(pilot.app)


@SIZES
async def test_title_alone_says_it_needs_a_word(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        everything = listed(pilot.app)
        await pilot.press("slash")
        await add(pilot, "title:")
        assert "title: needs a word after it" in status(pilot.app)
        assert listed(pilot.app) == everything and "0 of" not in header(pilot.app)


@SIZES
@pytest.mark.parametrize(
    "typed, searched, said",
    [
        ('"oil pri', '"oil"', 'a quote is not closed: close it with "'),
        ("(oil", "(oil)", "a ( is not closed: close it with )"),
    ],
)
async def test_an_open_quote_or_parenthesis_searches_what_is_finished(
    seed_index: Path, size, typed: str, searched: str, said: str
) -> None:
    with Library.open(seed_index) as library:
        everything = {article.id for article in library.articles()}
    expected = found(seed_index, searched)
    assert expected and expected != everything
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, typed)
        assert listed(pilot.app) == expected  # not the whole corpus, as before
        assert said in status(pilot.app)


@SIZES
async def test_typing_a_phrase_letter_by_letter_never_loses_the_list(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lavrov ")
        lavrov = listed(pilot.app)
        phrase = '"foreign minister"'
        for end in range(1, len(phrase)):
            await type_in(pilot, phrase[end - 1], clear=False)
            assert 'a quote is not closed: close it with "' in status(pilot.app), phrase[:end]
            # What is finished is searched: lavrov, then lavrov "foreign" once the word is done.
            done = phrase[:end].rsplit(" ", 1)[0] + '"' if " " in phrase[:end] else ""
            assert listed(pilot.app) == found(seed_index, f"lavrov {done}"), phrase[:end]
            assert listed(pilot.app) and listed(pilot.app) <= lavrov
        await type_in(pilot, phrase[-1], clear=False)
        assert listed(pilot.app) == found(seed_index, f"lavrov {phrase}")
        assert "quote" not in status(pilot.app)


# Live help per clause -------------------------------------------------------------------


@SIZES
async def test_each_clause_is_counted_as_the_cli_counts_it(seed_index: Path, size) -> None:
    counts = {text: total_in_the_cli(seed_index, text) for text in ("lavrov", "sanctions", "lavrov sanctions")}
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lavrov sanctions ")
        shown = status(pilot.app)
        assert shown == (
            f"lavrov {counts['lavrov']} · sanctions {counts['sanctions']} · both {counts['lavrov sanctions']}"
        )


@SIZES
async def test_the_word_being_typed_is_counted_as_a_start(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "sanctions lavr")
        with Library.open(seed_index) as library:
            start = library.search("lavr", prefix_end=4).total
            both = library.search("sanctions lavr", prefix_end=14).total
        assert start == len(found(seed_index, "lavrov"))
        assert status(pilot.app).startswith(f"sanctions 2 · lavr… {start} · both {both}")
        assert f"{both} of 5 · ‘sanctions lavr…’" in header(pilot.app)


@SIZES
@pytest.mark.parametrize(
    "typed, said",
    [("titel:oil", "unknown field 'titel:'; did you mean title:?"), ("date:2019-13", "is not a date on the calendar")],
)
async def test_a_mistake_is_flagged_before_enter_and_the_list_stays(seed_index: Path, size, typed, said) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lavrov ")
        before = listed(pilot.app)
        await add(pilot, typed)
        assert said in status(pilot.app) and isinstance(pilot.app.focused, Input)
        assert listed(pilot.app) == before


# The filter chips -----------------------------------------------------------------------


@SIZES
async def test_filter_chips_sit_under_the_search_box_not_on_its_border(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await settle(pilot)
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("e", "down", "enter")  # filter by the article's first person
        await settle(pilot)
        await pilot.press("escape")  # the person seen whole, closed onto the list
        await settle(pilot)
        box = pilot.app.query_one("#query", Input).region
        chip = pilot.app.query_one(Chip)
        assert chip.region.area > 0 and chip.region.right <= size[0]
        assert chip.region.y >= box.bottom  # on the line under the box, not on its frame
        assert str(chip.label).startswith(chip.filter.label)
        await type_in(pilot, "lavrov sanctions ")
        # The clause counts share the chips' line.
        line = pilot.app.query_one("#search-status", Static).region
        assert line.y == pilot.app.query_one(Chip).region.y and "lavrov" in status(pilot.app)


async def test_eight_quick_keystrokes_make_one_search(seed_index: Path) -> None:
    """The debounce at work: keys typed faster than it cancel the search each one started, so
    a word typed in one go is searched once (with a debounce long enough to type it in)."""
    async with create_app(seed_index, debounce=1.0).run_test(size=(120, 40)) as pilot:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        before = pilot.app.searches_run
        await pilot.press("slash", *"sanction")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        assert pilot.app.searches_run == before + 1
        assert pilot.app.history.current.query == "sanction"
        assert listed(pilot.app) and header(pilot.app).startswith(f"{len(listed(pilot.app))} of")


@SIZES
async def test_a_query_refused_on_enter_keeps_the_box_to_fix_it(seed_index: Path, size) -> None:
    async with create_app(seed_index).run_test(size=size) as pilot:
        await type_in(pilot, "lavrov title:")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.focused, Input)  # not the list, where letters run its keys
        assert "title: needs a word after it" in status(pilot.app)
        await pilot.press(*"oil", "enter")  # fixed in place, and then to the results
        await settle(pilot)
        assert isinstance(pilot.app.focused, ArticleTable)
