"""Your marks made in the app (issue 18): read after a few seconds open, M, F, T and A on
the open article, shown under its byline, kept after the app quits and found again by
is:, tag: and note: in the next session. The real app over a real index, with Pilot."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, OptionList, Static

from index.library import Library, build_index
from tests.tui.idle import settle
from tests.tui.test_app import header, open_first, search, shown_ids
from tui import marks as marks_module
from tui.app import create_app
from tui.screens.notes import NotesScreen
from tui.screens.prompt import PromptScreen
from tui.screens.saved import SavedSearchesScreen
from tui.widgets.article_list import ArticleList, ArticleTable
from tui.widgets.reader import Reader
from tui.widgets.search_bar import SearchBar

SIZE = (120, 40)


def state_line(app) -> str:
    part = app.query_one("#reader-state", Static)
    return str(part.render()) if part.display else ""


async def searched(pilot, words: str) -> None:
    """The app settled, the words searched and Enter pressed: the list holds their results."""
    await settle(pilot)
    await search(pilot, words)
    await pilot.press("enter")
    await settle(pilot)


async def wait_for(pilot, check, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.05)):
        if check():
            return
        await pilot.pause(0.05)
    assert check()


@pytest.fixture
def index_dir(corpus: Path, tmp_path: Path) -> Path:
    build_index(corpus, tmp_path / "ix")
    return tmp_path / "ix"


async def test_marks_made_in_the_app_last_into_the_next_session(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(marks_module, "READ_AFTER", 0.3)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        article = pilot.app.query_one(Reader).article.id
        await wait_for(pilot, lambda: "read" in state_line(pilot.app) and "unread" not in state_line(pilot.app))
        await pilot.press("M")
        await wait_for(pilot, lambda: state_line(pilot.app) == "")  # no marks left: the line goes
        await pilot.press("M", "F")
        await wait_for(pilot, lambda: "★ starred" in state_line(pilot.app) and "unread" not in state_line(pilot.app))
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"oil", "space", *'"follow up"', "enter")
        await wait_for(pilot, lambda: '#"follow up"' in state_line(pilot.app))
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"check the tanker figures", "enter")
        await wait_for(pilot, lambda: "check the tanker figures" in state_line(pilot.app))
        await pilot.press("T")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"-oil", "enter")
        await wait_for(pilot, lambda: "#oil" not in state_line(pilot.app))
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"not this one", "escape")  # Esc cancels: nothing is written
        await settle(pilot)
    with Library.open(index_dir) as library:
        state = library.work.state(article)
        assert (state.read, state.starred, state.tags) == (True, True, ("follow up",))
        assert [note.text for note in state.notes] == ["check the tanker figures"]
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, 'is:starred is:read tag:"follow up" note:tanker')
        assert shown_ids(pilot.app) == [article]
        await open_first(pilot)
        assert "★ starred" in state_line(pilot.app) and "check the tanker figures" in state_line(pilot.app)


async def test_notes_are_rewritten_deleted_and_added_in_their_list(index_dir: Path) -> None:
    """E on the open article: its notes, numbered as `explorer note` numbers them; Enter
    rewrites one, d asks and a second d deletes, a adds; the reader and your state follow."""
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        article = pilot.app.query_one(Reader).article.id
        for text in ("first thought", "second thought"):
            await pilot.press("A")
            await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
            await pilot.press(*text, "enter")
            await wait_for(pilot, lambda text=text: text in state_line(pilot.app))
        await pilot.press("E")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, NotesScreen))
        notes = pilot.app.screen
        assert [n.text for n in notes.notes] == ["first thought", "second thought"]
        await pilot.press("enter")  # the first: rewritten
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        assert pilot.app.screen.query_one(Input).value == "first thought"
        await pilot.press(*", better", "enter")  # typing adds to it: the text is not selected
        await wait_for(pilot, lambda: "first thought, better" in state_line(pilot.app))
        await pilot.press("down", "d")
        await settle(pilot)
        assert len(notes.notes) == 2  # one d only asks
        await pilot.press("up")  # moving on takes the question back, its toast with it
        await settle(pilot)
        assert not [n for n in pilot.app._notifications if "again" in n.message]
        await pilot.press("down", "d")
        await settle(pilot)
        assert len(notes.notes) == 2
        await pilot.press("d")
        await wait_for(pilot, lambda: "second thought" not in state_line(pilot.app))
        assert not [n for n in pilot.app._notifications if "again" in n.message]  # the question answered goes
        await pilot.press("a")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"third thought", "enter")
        await wait_for(pilot, lambda: "third thought" in state_line(pilot.app))
        assert [n.text for n in notes.notes] == ["first thought, better", "third thought"]
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(pilot.app.screen, NotesScreen)
    with Library.open(index_dir) as library:
        assert [n.text for n in library.work.state(article).notes] == ["first thought, better", "third thought"]


async def test_an_article_passed_over_is_not_marked_read(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(marks_module, "READ_AFTER", 2.0)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_first(pilot)
        first = pilot.app.query_one(Reader).article.id
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("down", "enter")  # the next one, before the first counted as read
        await wait_for(pilot, lambda: pilot.app.query_one(Reader).article.id != first)
        second = pilot.app.query_one(Reader).article.id
        await wait_for(pilot, lambda: "read" in state_line(pilot.app))
    with Library.open(index_dir) as library:
        assert not library.work.state(first).read
        assert {hit.id for hit in library.search("is:read", snippets=False).hits} == {second}


async def test_the_list_shows_what_is_read_and_starred(index_dir: Path) -> None:
    with Library.open(index_dir) as library:
        newest = [a.id for a in library.latest(10)]
        library.work.mark(newest[0], read=True, starred=True)
        library.work.mark(newest[1], read=True)
        rosneft = {hit.id for hit in library.search("Rosneft", snippets=False).hits}
        read_rosneft = len(rosneft & set(newest[:2]))
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        articles = pilot.app.query_one(ArticleList)
        assert header(pilot.app).startswith(f"{len(newest)} articles · 2 read")
        rows = {row.id: row for row in articles.rows}
        assert (rows[newest[0]].read, rows[newest[0]].starred) == (True, True)
        assert (rows[newest[1]].read, rows[newest[1]].starred) == (True, False)
        assert not any(rows[i].read or rows[i].starred for i in newest[2:])
        first = str(articles.table.get_cell(newest[0], "article"))
        assert first.startswith("★ ")
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("home", "U")
        assert articles._shown[0].id == newest[0]
        unread = [row.id for row in articles._shown[1:] if row.id not in newest[:2]]
        assert articles.current_row().id == unread[0]  # the read ones passed over
        await search(pilot, "Rosneft")
        assert header(pilot.app).startswith(f"{len(rosneft)} of {len(newest)} · {read_rosneft} read")
        await open_first(pilot)
        opened = pilot.app.query_one(Reader).article.id
        await pilot.press("F")
        await wait_for(pilot, lambda: {r.id: r for r in articles.rows}[opened].starred)


async def test_the_next_session_opens_where_the_last_one_left_off(index_dir: Path) -> None:
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await searched(pilot, "Rosneft")
        await open_first(pilot)
        opened = pilot.app.query_one(Reader).article.id
        listed = shown_ids(pilot.app)
        views = len(pilot.app.history.views)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: pilot.app.query_one(Reader).article is not None)
        assert pilot.app.query_one(Reader).article.id == opened
        assert pilot.app.query_one(SearchBar).input.value == "Rosneft"
        assert shown_ids(pilot.app) == listed
        assert len(pilot.app.history.views) == views
        pilot.app.action_back()  # the history came back too: back to the search without the article
        await settle(pilot)
        assert pilot.app.history.current.query == "Rosneft" and pilot.app.history.current.article_id is None


async def test_a_saved_search_counts_the_unread_articles_new_since_it_was_opened(corpus: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "ix"
    build_index(corpus, index_dir)
    with Library.open(index_dir) as library:
        matches = sorted(hit.id for hit in library.search("Rosneft", snippets=False).hits)
    held = tmp_path / "held"
    held.mkdir()
    late = next(corpus.glob(f"{matches[-1]}.*"))
    late.rename(held / late.name)  # an article that comes in after the search is saved
    build_index(corpus, index_dir)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await searched(pilot, "Rosneft")
        await pilot.press("S")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press("enter")  # the name offered: the search's words
        await settle(pilot)
    (held / late.name).rename(late)
    build_index(corpus, index_dir)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "")
        await pilot.press("escape")
        await settle(pilot)
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SavedSearchesScreen))
        options = pilot.app.screen.query_one(OptionList)
        unread = f"{len(matches)} unread, 1 new"  # none read yet; one came in after it was saved
        await wait_for(pilot, lambda: unread in str(options.get_option_at_index(0).prompt))
        await pilot.press("enter")
        await settle(pilot)
        assert pilot.app.history.current.query == "Rosneft"
        assert sorted(row.id for row in pilot.app.query_one(ArticleList).rows) == matches
    with Library.open(index_dir) as library:
        (saved,) = library.work.saved_searches()
        assert saved.name == "Rosneft" and saved.seen == frozenset(matches)  # opened: none is new now


async def test_saved_searches_are_renamed_and_deleted_in_their_list(index_dir: Path) -> None:
    """r renames the saved search under the cursor; d asks, a second d deletes; both are kept."""
    with Library.open(index_dir) as library:
        for name in ("alpha", "beta"):
            library.work.save_search(name, {"query": name, "filters": [], "article_id": None, "sort": "date"}, [])
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        pilot.app.query_one(ArticleTable).focus()
        await pilot.press("L")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SavedSearchesScreen))
        await pilot.press("r")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press("end", *"-renamed", "enter")  # after the old name, offered as it was
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SavedSearchesScreen))
        await pilot.press("down", "r")  # beta, to a name already taken: refused, nothing lost
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, PromptScreen))
        await pilot.press(*"alpha-renamed", "enter")
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, SavedSearchesScreen))
        await settle(pilot)
        assert [s.name for s in pilot.app.screen.searches] == ["alpha-renamed", "beta"]
        await pilot.press("d")
        await settle(pilot)
        assert [s.name for s in pilot.app.screen.searches] == ["alpha-renamed", "beta"]  # one d only asks
        await pilot.press("d")
        await settle(pilot)
        assert not [n for n in pilot.app._notifications if "again" in n.message]  # the question answered goes
        options = pilot.app.screen.query_one(OptionList)
        assert [s.name for s in pilot.app.screen.searches] == ["alpha-renamed"] and options.option_count == 1
    with Library.open(index_dir) as library:
        assert [s.name for s in library.work.saved_searches()] == ["alpha-renamed"]


async def test_a_mark_by_hand_updates_the_header_and_outlasts_the_timer(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """M on an article just opened: the header's read count follows at once, and the few
    seconds' timer that would mark it read does not undo an M pressed twice."""
    monkeypatch.setattr(marks_module, "READ_AFTER", 2.0)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert "read" not in header(pilot.app)  # none read yet: no count
        await open_first(pilot)
        opened = pilot.app.query_one(Reader).article.id
        await pilot.press("M")
        await wait_for(pilot, lambda: "· 1 read" in header(pilot.app))
        await pilot.press("M")
        await wait_for(pilot, lambda: "· 0 read" in header(pilot.app))
        await pilot.pause(2.5)  # past READ_AFTER: the timer was stopped by the first M
        assert "· 0 read" in header(pilot.app)
    with Library.open(index_dir) as library:
        assert not library.work.state(opened).read


async def test_the_history_is_saved_while_the_app_runs(index_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Not only on quit: a terminal closed, or a crash, loses a few seconds of history at most."""
    from tui import app as app_module

    monkeypatch.setattr(app_module, "HISTORY_SAVED_EVERY", 0.1)
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await searched(pilot, "Rosneft")
        await open_first(pilot)
        opened = pilot.app.query_one(Reader).article.id

        def saved() -> dict | None:
            with Library.open(index_dir) as library:
                return library.work.last_session()

        await wait_for(pilot, lambda: (saved() or {}).get("views", [{}])[-1].get("article_id") == opened)
        assert saved()["views"][-1]["query"] == "Rosneft"


async def test_the_app_works_without_the_marks_database(index_dir: Path, tmp_path: Path, monkeypatch) -> None:
    """A data dir that cannot hold the database (here a file): one warning, and the app
    searches and opens articles; a mark says why it was not kept."""
    (tmp_path / "not-a-dir").write_text("", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "not-a-dir"))
    async with create_app(index_dir).run_test(size=SIZE) as pilot:
        await settle(pilot)
        await search(pilot, "Rosneft")
        assert shown_ids(pilot.app)
        await open_first(pilot)
        assert pilot.app.query_one(Reader).article is not None
        await pilot.press("F")
        await settle(pilot)
        said = [n.message for n in pilot.app._notifications]
        assert any("cannot open your marks" in message for message in said)
