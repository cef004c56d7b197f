"""Hostile queries: each gets results or one plain line (exit 2 on the command line), within
the search budget, and never holds the app: a search in progress keeps no article from
opening, and the app still opens articles and quits after one.

The subprocess timeouts below are hang guards (a query that ran for minutes before these
bounds fails instead of stalling the suite), not speed assertions."""

from __future__ import annotations

import asyncio
import itertools
import os
import string
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import Static

from index.library import Library, QueryError, SearchCancelled, SearchTooSlow, build_index
from index.search.query import (
    MAX_EDITS,
    MAX_NESTING,
    MAX_PAIRED_OPERATORS,
    MAX_QUERY_CHARS,
    MAX_QUERY_WORDS,
    MAX_SPELLINGS,
)
from tests.tui.idle import busy
from tui.app import create_app
from tui.widgets.article_list import ArticleTable
from tui.widgets.reader import Reader
from tui.widgets.search_bar import SearchBar

EXPLORER = Path(sys.executable).parent / "explorer"
HANG_GUARD = 90  # seconds; these ran from 40 s to over 10 minutes before the bounds

# Enough indexed words that start with `zqx` to pass MAX_SPELLINGS, and enough of them two
# edits from `zqxmm` (zqx + two letters; zqxm + two letters) to pass it for `zqxmm~2` too.
CROWD = ["zqx" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=2)]
CROWD += ["zqxm" + "".join(p) for p in itertools.product(string.ascii_lowercase, repeat=2)]


def _article(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.md").write_text(f"---\ntitle: Note {name}\ndate: 2021-01-01\n---\n\n{body}\n", encoding="utf-8")


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    _article(folder, "lavoro", "The union asked about lavoro and wages.")
    _article(folder, "savoro", "The cook asked about savoro and spices.")
    _article(folder, "oil", "The oil price rose as crude climbed in London.")
    _article(folder, "crowd", "A list of codes: " + " ".join(CROWD) + ".")
    index_dir = folder.parent / f"{folder.name}-ix"
    build_index(folder, index_dir)
    return index_dir


@pytest.fixture(scope="module")
def library(tiny: Path):
    with Library.open(tiny) as opened:
        yield opened


def found(library: Library, text: str) -> set[str]:
    return {hit.id for hit in library.search(text, limit=50, snippets=False).hits}


# Fuzzy words ---------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["word~3", "word~9", "electionfilmbank~9", "lavorv~12/0", "lavorv~3/1"])
def test_more_than_two_edits_is_refused_in_one_line(library: Library, text: str) -> None:
    with pytest.raises(QueryError, match=f"at most {MAX_EDITS} are allowed") as error:
        library.search(text)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("lavorv~2/0", {"lavoro", "savoro"}),  # two edits, any first letter (was: lavorv~2 AND the word 0)
        ("lavorv~/0", {"lavoro", "savoro"}),  # the distance by the word's length, any first letter
        ("lavorv~2", {"lavoro"}),  # the first letter kept
        ("lavorv~/1", {"lavoro"}),
        ("lavorv~1/", {"lavoro"}),  # a bare slash keeps the default first letter
        ("lavorv~", {"lavoro"}),
        ("lavorv~0/0", set()),  # no edits: only lavorv itself
    ],
)
def test_each_fuzzy_form_reads_as_documented(library: Library, text: str, expected: set[str]) -> None:
    assert found(library, text) == expected


def test_a_fuzzy_word_near_too_many_words_is_refused(library: Library) -> None:
    with pytest.raises(QueryError, match=f"near more than {MAX_SPELLINGS:,} words"):
        library.search("zqxmm~2")


# Wildcards -----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["*", "a*", "?*", "e*~2", "*:*", "zq?"])
def test_a_wildcard_that_fits_most_words_is_refused(library: Library, text: str) -> None:
    with pytest.raises(QueryError, match="letters before"):
        library.search(text)


@pytest.mark.parametrize("text", ["zqx*", "zqx?*", "zqx??*", "oil OR zqx*"])
def test_a_wildcard_that_fits_more_words_than_the_bound_is_refused(library: Library, text: str) -> None:
    with pytest.raises(QueryError, match=f"fits more than {MAX_SPELLINGS:,} words"):
        library.search(text)


def test_a_wildcard_within_the_bound_still_finds(library: Library) -> None:
    assert found(library, "zqxmz*") == {"crowd"}


# Size and shape ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a" * 10_000, "characters"),
        ("oil " * 2_500, "characters"),
        (" ".join(["oil"] * 5_000), "characters"),
        (" OR ".join(["oil"] * 5_000), "characters"),
        ("oil " * (MAX_QUERY_WORDS + 1), "words"),
        ("(" * 10_000 + "oil" + ")" * 10_000, "characters"),
        ("(" * (MAX_NESTING + 1) + "oil" + ")" * (MAX_NESTING + 1), "parentheses"),
        ("(" * 400 + "oil" + ")" * 400, "parentheses"),
        (" ANDMAYBE ".join(["oil"] * (MAX_PAIRED_OPERATORS + 2)), "ANDMAYBE"),
        (" ANDNOT ".join(["oil"] * 40), "ANDMAYBE"),  # each read twice by Whoosh's parser: 2**39 readings
    ],
)
def test_a_query_past_a_bound_is_refused_in_one_line(library: Library, text: str, says: str) -> None:
    assert len(text) > MAX_QUERY_CHARS or says != "characters"
    with pytest.raises(QueryError, match=says) as error:
        library.search(text)
    assert "\n" not in str(error.value)


def test_a_query_at_the_bounds_is_searched(library: Library) -> None:
    nested = "(" * MAX_NESTING + "oil" + ")" * MAX_NESTING
    assert found(library, nested) == {"oil"}
    assert found(library, " ".join(["oil"] * MAX_QUERY_WORDS)) == {"oil"}
    assert found(library, " ANDMAYBE ".join(["oil"] * (MAX_PAIRED_OPERATORS + 1))) == {"oil"}


@pytest.mark.parametrize(
    "text",
    ['"oil price', "(oil", "oil)", "date:[2021-01 to", "AND OR NOT", "OR", "nosuchfield:x", "date:99999", "date:0000"],
)
def test_a_malformed_query_is_refused_in_one_line(library: Library, text: str) -> None:
    with pytest.raises(QueryError) as error:
        library.search(text)
    assert str(error.value) and "\n" not in str(error.value)


@pytest.mark.parametrize("text", ["oil\x00price", "oil\x01\x02\x1b[31m", "\x00", "oil\x7f", "\t\r\noil\x0b"])
def test_control_characters_are_searched_or_refused_never_raised(library: Library, text: str) -> None:
    try:
        library.search(text)
    except QueryError as error:
        assert "\n" not in str(error)


def test_control_characters_around_a_word_still_find_it(library: Library) -> None:
    assert found(library, "\x01oil\x00") == {"oil"}


@pytest.mark.parametrize("text", ["date:[0001 to 9999] oil", "date:[1000-01-01 to] oil", "date:[to 9999-12] oil"])
def test_dates_at_the_ends_of_the_calendar_are_a_range(library: Library, text: str) -> None:
    assert found(library, text) == {"oil"}


# The time budget -----------------------------------------------------------------------


@pytest.mark.parametrize("text", ["oil", "zqxmz*", "lavorv~", '"oil price"', "oil ANDMAYBE crude", "oil ANDNOT lavoro"])
def test_a_search_past_its_budget_is_a_query_error(library: Library, text: str) -> None:
    # Both ways a search runs (our arrays; Whoosh's own for ANDNOT) look at the clock.
    with pytest.raises(SearchTooSlow, match="took longer than 0 s"):
        library.search(text, budget=0)
    assert library.search(text).total  # with the usual budget it finds


@pytest.mark.parametrize("text", ["oil", '"oil price"', "oil ANDMAYBE crude", "oil ANDNOT lavoro"])
def test_a_search_stops_when_its_caller_gives_up(library: Library, text: str) -> None:
    with pytest.raises(SearchCancelled):
        library.search(text, cancelled=lambda: True)


def test_a_search_in_progress_keeps_no_article_from_opening(library: Library) -> None:
    # The search below waits, part way, until the article has been read: the reading must
    # not wait for the search.
    searching, article_read = threading.Event(), threading.Event()

    def still_wanted() -> bool:
        searching.set()
        article_read.wait(HANG_GUARD)
        return False

    search = threading.Thread(target=lambda: library.search("oil", cancelled=still_wanted), daemon=True)
    search.start()
    assert searching.wait(HANG_GUARD)
    titles: list[str] = []
    reading = threading.Thread(target=lambda: titles.append(library.article("oil").title), daemon=True)
    reading.start()
    reading.join(HANG_GUARD)
    read_while_searching = list(titles)
    article_read.set()
    search.join(HANG_GUARD)
    assert read_while_searching == ["Note oil"]


# The command line ----------------------------------------------------------------------


def explorer(index_dir: Path, text: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(EXPLORER), "search", "--index", str(index_dir), "--", text],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
        env=os.environ.copy(),
    )


@pytest.mark.parametrize(
    "text",
    [
        "word~9",
        "electionfilmbank~9",
        "a" * 10_000,
        " ".join(["oil"] * 5_000),
        "*",
        "a*",
        "?*",
        "e*~2",
        "zqx*",
        "(" * 10_000 + "oil" + ")" * 10_000,
        '"oil price',
        "(oil",
        "AND OR NOT",
        "nosuchfield:x",
        "date:99999",
        " ANDMAYBE ".join(["oil"] * 50),
    ],
    ids=lambda text: text[:20],
)
def test_cli_refuses_a_hostile_query_with_exit_2_and_one_line(tiny: Path, text: str) -> None:
    result = explorer(tiny, text)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("explorer: error: ")
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize("text", ["lavorv~2/0", "oil\x01\x1b[31m", "date:[0001 to 9999] oil", "zqxmz*"])
def test_cli_searches_an_odd_but_fair_query(tiny: Path, text: str) -> None:
    result = explorer(tiny, text)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


# The app -------------------------------------------------------------------------------


OPEN_TRIES = 100  # of 0.1 s: an article that is not open after 10 s never opened


def _list_header(app) -> str:
    return str(app.query_one("#list-header", Static).render())


async def test_after_a_hostile_query_the_app_still_opens_an_article_and_quits(seed_index: Path) -> None:
    async def drive() -> None:
        async with create_app(seed_index).run_test(size=(140, 40)) as pilot:
            app = pilot.app
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            table = app.query_one(ArticleTable)
            await pilot.press("slash")
            await pilot.press(*"oil")  # typed: each keystroke a search
            # The list shows what oil finds before the hostile part is typed. "o" and "oi" find
            # nothing in the seeds, and which of the keystrokes' searches lands last depends on
            # their timing against the debounce: had it been one of those, the list kept for the
            # refused queries below would have had no row for Enter to open (1 run in 10 or so).
            for _ in range(OPEN_TRIES):
                if "oil" in _list_header(app) and table.row_count and not busy(app):
                    break
                await pilot.pause(0.1)
            assert "oil" in _list_header(app) and table.row_count, f"no list for oil: {_list_header(app)}"
            await pilot.press(*"~9")  # oil~ lists what oil does; oil~9 is refused
            app.query_one(SearchBar).input.value = "a" * 10_000  # pasted
            await pilot.pause(0.3)
            await app.workers.wait_for_complete()
            assert "characters" in str(app.query_one("#search-status").render())
            table.focus()
            for _ in range(OPEN_TRIES):  # as a user does: Enter once the list shows its rows
                if table.row_count and not busy(app):
                    break
                await pilot.pause(0.1)
            assert table.row_count, "the refused queries left the list with no row to open"
            await pilot.press("enter")
            for _ in range(OPEN_TRIES):  # a loaded machine (CI) may take more than a pause to open it
                await pilot.pause(0.1)
                await app.workers.wait_for_complete()
                if app.query_one(Reader).article is not None:
                    break
            assert app.query_one(Reader).article is not None
            await pilot.press("q")
        assert app.return_code == 0

    await asyncio.wait_for(drive(), HANG_GUARD)
