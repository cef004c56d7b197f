"""Your marks in the app: read (by hand, or after a few seconds open), stars, tags, notes,
the next unread row, and saved searches. A base of the app, so its actions and bindings
are the app's own; what they write goes through the library's state (index.state)."""

from __future__ import annotations

import shlex
import threading
from dataclasses import asdict, replace
from functools import partial

from textual import work
from textual.app import App
from textual.timer import Timer

from index.library import Library, QueryError, StateUnavailable
from index.records import ArticleState
from tui.history import History, View
from tui.screens.notes import NotesScreen
from tui.screens.prompt import PromptScreen
from tui.screens.saved import SavedSearchesScreen
from tui.widgets.article_list import ArticleList
from tui.widgets.reader import Reader
from tui.widgets.search_bar import SearchBar

READ_AFTER = 3.0  # seconds an article stays open before it counts as read


class MarksActions(App[None]):
    library: Library
    history: History

    def _go(self, view: View) -> None:
        raise NotImplementedError  # the app's: push a view and search it

    _read_timer: Timer | None = None
    # The writes run in threads, one at a time: a toggle reads the mark
    # the one before it wrote (F then M then M must leave the article as it was).
    _state_lock = threading.Lock()

    def count_as_read_later(self, article_id: str) -> None:
        """Read once it has stayed open a few seconds: not every article passed over."""
        self._cancel_read_later()
        self._read_timer = self.set_timer(READ_AFTER, partial(self._read_if_still_open, article_id))

    def _cancel_read_later(self) -> None:
        if self._read_timer is not None:
            self._read_timer.stop()
            self._read_timer = None

    def _open_article_id(self) -> str | None:
        """The article marks apply to: the open one, else the list's current row."""
        article = self.query_one(Reader).article
        if article is not None:
            return article.id
        row = self.query_one(ArticleList).current_row()
        return row.id if row else None

    def _read_if_still_open(self, article_id: str) -> None:
        article = self.query_one(Reader).article
        if article is not None and article.id == article_id:
            self._change_state(article_id, "read", True, quiet=True)

    def action_next_unread(self) -> None:
        if not self.query_one(ArticleList).next_unread():
            self.notify("No unread article below this one in the list", timeout=2)

    def action_toggle_read(self) -> None:
        if (article_id := self._open_article_id()) is not None:
            self._cancel_read_later()  # your M decides: the timer must not mark it read again after
            self._change_state(article_id, "read", None)

    def action_toggle_star(self) -> None:
        if (article_id := self._open_article_id()) is not None:
            self._change_state(article_id, "starred", None)

    def action_tag(self) -> None:
        hint = "Tags between spaces (quote one with spaces); -tag takes one off. Find them with tag:NAME."
        self._ask("tags", "Tags", hint)

    def action_note(self) -> None:
        self._ask("note", "Note", "A note on this article: it shows under the byline; find it with note:WORD.")

    def action_notes(self) -> None:
        """The notes of the article marks apply to, to rewrite or delete (a note written by
        mistake was there for good), or to add to."""
        if (article_id := self._open_article_id()) is None:
            return
        try:
            notes = list(self.library.work.state(article_id).notes)
        except StateUnavailable as error:
            self.notify(str(error), severity="error")
            return
        article = self.query_one(Reader).article
        row = self.query_one(ArticleList).current_row()
        title = article.title if article is not None else row.title if row is not None else article_id

        def change(number: int, text: str | None) -> None:
            self._change_state(article_id, "note-change", (number, text))

        self.push_screen(NotesScreen(title, notes, change, partial(self._change_state, article_id, "note")))

    def _ask(self, what: str, question: str, hint: str) -> None:
        """Ask for the tags or the note of the article marks apply to, then write the answer."""
        if (article_id := self._open_article_id()) is not None:
            self.push_screen(PromptScreen(question, hint), partial(self._answered, article_id, what))

    def _answered(self, article_id: str, what: str, answer: str | None) -> None:
        if answer:
            self._change_state(article_id, what, answer)

    def action_save_search(self) -> None:
        view = self.history.current
        if not view.full_query():
            self.notify("Search first: the whole list needs no saving", timeout=3)
            return
        hint = "A name for this search (its words and filters). L lists your saved searches."
        self.push_screen(
            PromptScreen("Save this search as", hint, view.query.strip()), partial(self._save_search, view)
        )

    @work(thread=True, exit_on_error=False, group="state")
    def _save_search(self, view: View, name: str | None) -> None:
        if not name:
            return
        matches = self.library.match_ids(view.full_query())
        self.library.work.save_search(name, asdict(replace(view, article_id=None)), matches)
        self.call_from_thread(self.notify, f"Saved ‘{name}’: {len(matches):,} articles now", timeout=3)

    def action_saved_searches(self) -> None:
        work_ = self.library.work
        screen = SavedSearchesScreen(work_.saved_searches(), work_.forget_search, work_.rename_search)
        self.push_screen(screen, self._open_saved)
        self._count_unread(screen)

    @work(thread=True, exit_on_error=False, exclusive=True, group="saved")
    def _count_unread(self, screen: SavedSearchesScreen) -> None:
        for search in list(screen.searches):
            query = View.from_dict(search.view).full_query()
            try:
                unread = self.library.match_ids(f"({query}) AND is:unread")
            except QueryError:
                continue
            self.call_from_thread(screen.show_count, search.name, len(unread), len(set(unread) - search.seen))

    def _open_saved(self, name: str | None) -> None:
        search = next((s for s in self.library.work.saved_searches() if s.name == name), None)
        if search is None:
            return
        view = View.from_dict(search.view)
        self.query_one(SearchBar).set_query(view.query)
        self._go(view)
        self._saw(search.name, view.full_query())

    @work(thread=True, exit_on_error=False, group="state")
    def _saw(self, name: str, query: str) -> None:
        self.library.work.saw_search(name, self.library.match_ids(query))

    @work(thread=True, exit_on_error=False, group="state")
    def _change_state(self, article_id: str, what: str, value: object, quiet: bool = False) -> None:
        """One change of your marks, written at once (another window sees it at its next search)."""
        with self._state_lock:
            self._write_state(article_id, what, value, quiet)

    def _write_state(self, article_id: str, what: str, value: object, quiet: bool) -> None:
        try:
            work_ = self.library.work
        except StateUnavailable as error:
            if not quiet:
                self.call_from_thread(self.notify, str(error), severity="error")
            return
        if what in ("read", "starred"):
            now = work_.state(article_id)
            flipped = not (now.read if what == "read" else now.starred) if value is None else bool(value)
            state = work_.mark(article_id, **{what: flipped})
            said = {("read", True): "Marked read", ("read", False): "Marked unread",
                    ("starred", True): "Starred", ("starred", False): "Star taken off"}[what, flipped]  # fmt: skip
        elif what == "tags":
            words = shlex.split(str(value)) if str(value).count('"') % 2 == 0 else str(value).split()
            added = [w for w in words if not w.startswith("-")]
            removed = [w[1:] for w in words if w.startswith("-") and len(w) > 1]
            work_.tag(article_id, added)
            state = work_.tag(article_id, removed, remove=True)
            said = "Tags saved"
        elif what == "note-change" and isinstance(value, tuple):
            number, text = value
            changed = work_.change_note(article_id, number, text)
            if changed is None:  # another window deleted it meanwhile
                self.call_from_thread(self.notify, f"Note {number} is no longer there", severity="warning")
                return
            state, said = changed, "Note deleted" if text is None else "Note rewritten"
        else:
            state = work_.note(article_id, str(value))
            said = "Note saved"
        self.call_from_thread(self._state_changed, article_id, state, "" if quiet else said)

    def _state_changed(self, article_id: str, state: ArticleState, said: str) -> None:
        self.query_one(ArticleList).set_marks(article_id, state.read, state.starred)
        reader = self.query_one(Reader)
        if reader.article is not None and reader.article.id == article_id:
            reader.show_state(state)
        if said:
            self.notify(said, timeout=2)
