"""The Textual app: layout, keys, history, and the calls down into the library.

Widgets post messages up; the app calls the library on worker threads and sets what
widgets show. The library is opened once and its searcher reused for the session."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState, get_current_worker

from index.library import ArticleNotFound, IndexProblem, Library, QueryError, SearchCancelled, StateUnavailable
from index.records import ArticleState, ArticleSummary, MatchSpan, SearchHit, TypedQuery
from tui import messages as m
from tui import render
from tui.corrections import CorrectionActions
from tui.history import Filter, History, View
from tui.marks import MarksActions
from tui.overviews import OverviewActions
from tui.printable import printable
from tui.screens.help import HelpScreen
from tui.screens.why import WhyScreen
from tui.search_pace import SearchPace
from tui.updater import run_update
from tui.widgets.article_list import ArticleList, ArticleTable, Row
from tui.widgets.entity_sidebar import EntitySidebar
from tui.widgets.reader import Reader
from tui.widgets.related_panel import RelatedPanel
from tui.widgets.search_bar import SearchBar

FIRST_PAGE = 50  # rows fetched per search: a screenful and some; the header counts them all
PAGE = 200  # rows fetched each time the list is scrolled near its end
CATCH_UP_EVERY = 1.0  # seconds between looks at what a running update has committed
HISTORY_SAVED_EVERY = 2.0  # seconds between looks at whether the history changed, to save it
NARROW = 140  # columns below which the side panels fold away (e and r bring them back): the reader needs 60+


def _told(keys: str, description: str, display: str | None = None) -> Binding:
    """A key a widget (or Textual) already handles, written down for the help screen only."""
    return Binding(keys, "", description, key_display=display, show=False)


# What Tab, Enter and Esc do in each pane: Textual's widgets bind them, so our BINDINGS do not
# hold them, and the help screen would otherwise not say.
KEYS_HANDLED_ELSEWHERE = {
    "Everywhere": [
        _told("tab,shift+tab", "Next / previous pane (only panes on screen)", "Tab, shift+Tab"),
        _told("ctrl+p", "Command palette: every action by name", "ctrl+p"),
    ],
    "Search bar": [
        _told("enter", "Search and go to the results", "Enter"),
    ],
    "Article list": [
        _told("enter", "Open the article in the reader", "Enter"),
        _told("escape", "Clear the search and its filters", "Esc"),
    ],
    "Reader": [
        _told("enter", "Nothing here: click the byline's source or date to filter by it", "Enter"),
        _told("escape", "Back to the list", "Esc"),
    ],
    "Entities": [
        _told("enter", "Its articles in the list, and over them the entity seen whole (Esc: the list)", "Enter"),
        _told("a-z", "Type a name to filter the panel (f first when it starts with a key above)", "letters"),
        _told("backspace", "Take a letter off the panel's filter, shown or being typed", "⌫"),
        _told("escape", "Clear the panel's filter; then back to the list, the search stays", "Esc"),
        _told(
            "",
            "After a name: the articles naming it, and in brackets the stories they are when copies make "
            "them fewer; ×N: how often the open article names it",
            "5 (3), ×3",
        ),
    ],
    "Related": [
        _told("enter", "Open the related article", "Enter"),
        _told("escape", "Back to the list; the search stays", "Esc"),
    ],
}


class ExplorerApp(MarksActions, OverviewActions, CorrectionActions):
    CSS_PATH = "explorer.tcss"
    TITLE = "explorer"
    BINDINGS = [
        # The footer shows few keys, so that "? Help" and "q Quit" fit at 80 columns; the rest
        # (show=False) stay in the help screen and the command palette.
        Binding("slash", "focus_search", "Search", key_display="/", id="app.search"),
        Binding("e", "focus_entities", "Entities", id="app.entities"),
        Binding("r", "focus_related", "Related", id="app.related"),
        Binding("s", "toggle_sort", "Sort by date / relevance", show=False, id="app.sort"),
        Binding("w", "why", "Why this result", show=False, id="app.why"),  # in help and the palette
        Binding("n", "next_match", "Next match", show=False, id="app.next"),
        Binding("N", "previous_match", "Previous match", show=False, id="app.previous"),
        Binding("c", "toggle_colours", "Entity colours", show=False, id="app.colours"),
        Binding("H", "timeline", "Timeline of the list (Enter on a period filters)", show=False, id="app.timeline"),
        # Your marks: capitals (as mutt's F flags), so that the entity panel keeps its lower-case
        # letters for typing a name.
        Binding("M", "toggle_read", "Mark read / unread", show=False, id="app.read"),
        Binding("F", "toggle_star", "Star / unstar", show=False, id="app.star"),
        Binding("T", "tag", "Tag the article", show=False, id="app.tag"),
        Binding("A", "note", "Add a note", show=False, id="app.note"),
        Binding("E", "notes", "Your notes on the article: rewrite, delete, add", show=False, id="app.notes"),
        Binding("U", "next_unread", "Next unread in the list", show=False, id="app.unread"),
        Binding("S", "save_search", "Save this search", show=False, id="app.save"),
        Binding("L", "saved_searches", "Saved searches (new unread in each)", show=False, id="app.saved"),
        # Two bindings, not one "backspace,alt+left": in the search box the Input's own backspace
        # hides the first, and the footer must not offer "Back" where Backspace edits text.
        Binding("backspace", "back", "Back", key_display="⌫", id="app.back"),
        Binding("alt+left", "back", "Back", show=False, id="app.back-alt"),
        Binding("alt+right", "forward", "Forward", show=False, id="app.forward"),
        Binding("escape", "back_out", "Back out one level", key_display="Esc", show=False, id="app.escape"),
        Binding("question_mark", "help", "Help", key_display="?", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("ctrl+c", "quit", "Quit", show=False, id="app.quit_ctrl_c"),  # as in any terminal program
    ]

    def __init__(
        self,
        library: Library,
        articles_dir: Path | None = None,
        background_update: bool = False,
        debounce: float | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        # Seconds of quiet typing before a search runs (a newer keystroke cancels it): as long as
        # recent searches took, or fixed when given.
        self.pace = SearchPace()
        self.debounce = debounce
        self.searches_run = 0  # searches past their debounce (a newer keystroke cancels one before)
        self.articles_dir = articles_dir
        self.background_update = background_update
        self.history = History()
        self._saved_history: dict[str, Any] | None = None  # the history last written to your state
        self._history_lock = threading.Lock()
        self.total_articles = library.count()
        self._update_started: float | None = None  # when the running background update began its step
        self._update_phase = ""  # that step
        self._list_typed = False  # the list shows a search being typed (its last word a prefix)
        # When articles came in: the search the list was redone for, and the row the cursor was
        # on, which stays under it (a list that jumped to its top every batch lost the reader's place).
        self._redone_at: tuple[str, str | None] = ("", None)
        self._entities_asked = False
        self._panel_opened = False  # the entity panel asked for: its stories counted, overviews ready
        self._shown_typing: m.Typing | None = None  # how the list on screen was searched
        self._marked: tuple[str, int | None] = ("", None)  # the search the reader's marks are of

    def compose(self) -> ComposeResult:
        yield SearchBar(id="search")
        with Horizontal(id="main"):
            yield ArticleList(id="list")
            yield Reader(id="reader")
            with Vertical(id="side"):
                yield EntitySidebar(id="entities")
                yield RelatedPanel(id="related")
        yield Static("", id="status")
        # ctrl+p is in the help screen; the footer's room goes to "? Help" and "q Quit".
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        try:
            self.history = History.from_dict(self.library.work.last_session())  # where the last session left off
        except StateUnavailable as error:
            self.notify(f"{error}: marks and history are off this session", severity="warning", timeout=8)
        view = self.history.current
        if view.query or view.filters or view.article_id:
            self._restore(view, "")
        else:
            self.run_search(view, delay=0)  # the corpus entities load once it has painted
        # Focus now, not on the next idle (what Widget.focus does): a "/" typed while the app
        # starts must not have its focus taken back by this.
        self.screen.set_focus(self.query_one(ArticleTable))
        if self.background_update and self.articles_dir is not None:
            self.update_index()
        # Kept as you go, not only on quit: a closed terminal or a crash loses a few seconds at most.
        self._saved_history = self.history.to_dict()
        self.set_interval(HISTORY_SAVED_EVERY, self._history_changed)

    def on_unmount(self) -> None:
        self._history_changed(wait=True)

    def _history_changed(self, wait: bool = False) -> None:
        now = self.history.to_dict()
        if now != self._saved_history:
            self._saved_history = now
            if wait:
                self._save_history(now)
            else:
                self.run_worker(partial(self._save_history, now), thread=True, exit_on_error=False, group="history")

    def _save_history(self, history: dict[str, Any]) -> None:
        """The history as it was at `history`; skipped if a newer one was asked for meanwhile, so
        a slow write never puts an older history over the one saved on quit."""
        with self._history_lock, contextlib.suppress(StateUnavailable):  # unavailable: said at start
            if history is self._saved_history:
                self.library.work.save_session(history)

    def on_resize(self) -> None:
        self.screen.set_class(self.size.width < NARROW, "narrow")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Every worker runs with exit_on_error=False and fails here: the error is said in a
        notification and logged, and the app goes on (an unreadable article, a search that hit
        a bug, must not take the user's session down with a traceback)."""
        if event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        self.log.error(f"worker {event.worker.group!r} failed", error)
        what = {"search": "The search", "page": "Loading more rows", "article": "Opening the article"}
        said = printable(str(error)) or type(error).__name__
        self.notify(f"{what.get(event.worker.group, 'A background task')} failed: {said}", severity="error")

    @work(thread=True, exit_on_error=False, group="entities")
    def _load_corpus_entities(self) -> None:
        """The corpus-wide entity list is large; it fills in after the first frame. The stories
        each name is in take the arrays an entity's overview reads (seconds at 100k articles):
        laid out once the panel is asked for, and the list shown again with them."""
        waiting, total = self.library.names_pending(), self.library.count()
        rows = self.library.entities(stories=False)
        self.call_from_thread(self._show_corpus_entities, rows, total - waiting, total)
        if self._panel_opened and rows and rows[0].stories is None:
            rows = self.library.entities(stories=True)
            self.call_from_thread(self._show_corpus_entities, rows, total - waiting, total)

    def _show_corpus_entities(self, rows: list, named: int, total: int) -> None:
        sidebar = self.query_one(EntitySidebar)
        sidebar.names_so_far = (named, total) if named < total else None
        sidebar.show_corpus(rows)

    @on(m.SearchCompleted)
    def _entities_of_results(self, message: m.SearchCompleted) -> None:
        """With no article open, the entity panel shows what the list's first page names."""
        if message.offset or message.error or message.query != self.history.current.full_query():
            return  # a later page, a query to fix, or results for a query already changed
        if not message.query:
            self.query_one(EntitySidebar).show_results(None)
            return
        self._load_result_entities(message.query, [row.id for row in message.rows], message.total)

    @work(thread=True, exit_on_error=False, exclusive=True, group="result-entities")
    def _load_result_entities(self, query: str, article_ids: list[str], total: int) -> None:
        # About 1 ms for 50 results on 10k articles; a worker all the same, as the entity table
        # is read on first use.
        rows = self.library.entities_in(article_ids)
        self.call_from_thread(self._show_result_entities, query, rows, len(article_ids), total)

    def _show_result_entities(self, query: str, rows: list, counted: int, total: int) -> None:
        if query == self.history.current.full_query():
            self.query_one(EntitySidebar).show_results(rows, counted, total)

    # Searching -------------------------------------------------------------------------

    def run_search(self, view: View, delay: float | None = None, typing: bool = False) -> None:
        """Search for `view`: while typing (`typing`), its finished part, the word being typed
        also as the start of longer words."""
        self.query_one(SearchBar).set_filters(view.filters)
        self.workers.cancel_group(self, "page")  # more rows of the list this search replaces
        wait = delay if delay is not None else self.debounce if self.debounce is not None else self.pace.wait()
        self._search(view.full_query(), view.order(), wait, self._typing(view) if typing else None, view.query)

    def _typing(self, view: View) -> m.Typing | None:
        if not view.query.strip():
            return None
        typed = self.library.as_typed(view.query)
        return m.Typing(typed, " ".join(p for p in [typed.searched.rstrip(), *(f.query() for f in view.filters)] if p))

    @work(thread=True, exit_on_error=False, exclusive=True, group="search")
    def _search(self, query: str, sort: str, delay: float, typing: m.Typing | None, own: str) -> None:
        """`own`: the words the user typed, without the filters, whose clauses are counted."""
        time.sleep(delay)  # the debounce: a newer search cancels this worker while it sleeps
        if get_current_worker().is_cancelled:
            return
        self.searches_run += 1  # one worker at a time (exclusive): no other thread counts
        if self.library.reopen_if_changed():  # another process updated or rebuilt the index
            self.total_articles = self.library.count()
            self.call_from_thread(self._load_corpus_entities)
        start = time.perf_counter()
        self._post_page(query, sort, 0, FIRST_PAGE, typing, own)
        # The wait follows searches of typed words: not the newest-first list, nor a word
        # still too short to search (both cost nothing like a search of the index).
        if not get_current_worker().is_cancelled and own.strip() and (typing is None or typing.typed.searched):
            self.pace.took(time.perf_counter() - start)

    @work(thread=True, exit_on_error=False, exclusive=True, group="page")
    def _more(self, query: str, sort: str, offset: int, limit: int, typing: m.Typing | None = None) -> None:
        self._post_page(query, sort, offset, limit, typing)

    def _post_page(
        self, query: str, sort: str, offset: int, limit: int, typing: m.Typing | None = None, own: str = ""
    ) -> None:
        """Runs on a worker: the page for `query`, unless the worker is cancelled first (a
        newer keystroke, or quitting), which also stops a search part way. The first page
        comes with the count of each of the query's clauses."""
        worker = get_current_worker()
        try:
            page = self._page(query, sort, offset, limit, lambda: worker.is_cancelled, typing)
            if not offset and not page.error:
                page.clauses = self._clause_counts(own, typing, lambda: worker.is_cancelled)
        except SearchCancelled:
            return
        if not worker.is_cancelled:
            self.post_message(page)

    def _clause_counts(self, own: str, typing: m.Typing | None, cancelled: Callable[[], bool]) -> list:
        """The count of each clause the user typed (`own`; the filters' chips are not counted)."""
        typed = typing.typed if typing else None
        text, end = (typed.searched, typed.prefix_end) if typed else (own, None)
        try:
            return self.library.clause_counts(text, end, cancelled) if text.strip() else []
        except (QueryError, IndexProblem):
            return []

    def _page(
        self,
        query: str,
        sort: str,
        offset: int,
        limit: int,
        cancelled: Callable[[], bool],
        typing: m.Typing | None = None,
    ) -> m.SearchCompleted:
        """Rows `offset` to `offset + limit` of the list for `query` (the newest articles when empty);
        while typing, of its finished part (none yet: no rows, the list keeps what it shows)."""
        library = self.library
        if typing is not None and not typing.typed.searched and not offset:
            return m.SearchCompleted(query, [], 0, offset=offset, typing=typing)
        run, prefix_end = (typing.run, typing.typed.prefix_end) if typing else (query, None)
        try:
            marked = library.work.marked()
        except StateUnavailable:  # said once, at start: the list works without your marks
            marked = {}
        any_read = any(read for read, _ in marked.values())
        if not run:
            latest = library.latest(limit, offset)
            rows = [_row(a, library.story_of(a.id), marked) for a in latest]
            read = sum(read for read, _ in marked.values()) if any_read and not offset else None
            return m.SearchCompleted(query, rows, self.total_articles, offset=offset, read=read)
        try:
            result = library.search(
                run, limit=limit, snippets=False, offset=offset, sort=sort, cancelled=cancelled, prefix_end=prefix_end
            )
        except (QueryError, IndexProblem) as error:  # IndexProblem: a damaged or crafted index, met mid-search
            return m.SearchCompleted(query, [], 0, error=str(error), offset=offset, typing=typing)
        rows = [_row(h, library.story_of(h.id), marked) for h in result.hits]
        read = library.read_among(run, prefix_end) if any_read and not offset and result.total else None
        return m.SearchCompleted(
            query, rows, result.total, suggestion=result.suggestion, offset=offset, typing=typing, read=read
        )

    @on(m.SearchCompleted)
    def _search_completed(self, message: m.SearchCompleted) -> None:
        view = self.history.current
        if message.query != view.full_query():
            return  # results for a query the user has already changed
        articles = self.query_one(ArticleList)
        if message.offset:
            articles.extend(message.rows, message.offset)
            return
        typed = message.typing.typed if message.typing else None
        bar = self.query_one(SearchBar)
        bar.show_status(
            error=message.error,
            suggestion=_own_part(message.suggestion, view),
            missing=typed.missing if typed else None,
            clauses=message.clauses,
            typed_word=typed.word if typed else None,
        )
        if message.error or (typed and not typed.searched):
            return  # keep the last good results on screen while the query is being fixed or finished
        # The list's later pages are of the search that found it, even once the query on screen is
        # unfinished or wrong (the list stays meanwhile).
        self._list_typed = message.typing is not None
        self._shown_typing = message.typing or m.Typing(
            TypedQuery(message.query, message.query, None, None), message.query
        )
        self._mark_open_article()
        header, with_snippets = self._header(message, view), bool(view.query.strip())
        redone_query, row = self._redone_at
        self._redone_at = ("", None)
        keep = view.article_id or (row if redone_query == message.query else None)
        articles.show(message.rows, header, message.total, keep=keep, snippets=with_snippets)
        if not self._entities_asked:
            # Parsing a large entity table holds the interpreter for a while: not before the first frame.
            self._entities_asked = True
            self.call_after_refresh(self._load_corpus_entities)
        self._count_stories(message.query, self._shown_typing)

    @work(thread=True, exit_on_error=False, exclusive=True, group="stories")
    def _count_stories(self, query: str, shown: m.Typing | None) -> None:
        """After the list is shown: the facts it needs are read here, off the searches' way
        (again after an update changed the index); if the index changed meanwhile, the count
        waits for the next list."""
        run, prefix_end = (shown.run, shown.typed.prefix_end) if shown else (query, None)
        if not self.library.prepare_overviews():
            return
        try:
            stories = self.library.stories_among(run, prefix_end)
        except (QueryError, IndexProblem):
            return  # the list says what is wrong with the query
        self.call_from_thread(self._stories_counted, query, stories)

    def _stories_counted(self, query: str, stories: int) -> None:
        if query == self.history.current.full_query():
            self.query_one(ArticleList).set_stories(stories)

    @on(m.MoreRowsWanted)
    def _more_rows_wanted(self, message: m.MoreRowsWanted) -> None:
        view = self.history.current
        self._more(view.full_query(), view.order(), message.offset, message.limit or PAGE, self._shown_typing)

    def _header(self, message: m.SearchCompleted, view: View) -> render.ListHeader:
        # Undated articles sort after every dated one (library.latest and sort="date" alike).
        by_date = view.order() == "date"
        if not message.query:
            return render.ListHeader(self.total_articles, self.total_articles, read=message.read)
        filters = tuple(_filter_named(f) for f in view.filters)
        what = message.typing.typed.shown if message.typing else view.query.strip()
        return render.ListHeader(message.total, self.total_articles, what, filters, by_date, message.read)

    @on(ArticleList.SnippetsWanted)
    def _snippets_wanted(self, message: ArticleList.SnippetsWanted) -> None:
        self._fetch_snippets(self.history.current.full_query(), message.article_ids, self._shown_typing)

    @work(thread=True, exit_on_error=False, group="snippets")
    def _fetch_snippets(self, query: str, article_ids: list[str], shown: m.Typing | None) -> None:
        """Runs on a worker once the list has painted; a changed query drops what it finds.
        The words marked are those of the search that found the list (while typing, its
        finished part, and the word being typed as a start)."""
        run, prefix_end = (shown.run, shown.typed.prefix_end) if shown else (query, None)
        try:
            # A newer search makes these snippets useless: stop part way.
            found = self.library.snippets(
                run, article_ids, lambda: query != self.history.current.full_query(), prefix_end
            )
        except (QueryError, IndexProblem, SearchCancelled):
            return  # the rows keep an empty snippet line: the list itself is what matters
        self.call_from_thread(self._show_snippets, query, found)

    def _show_snippets(self, query: str, found: dict[str, str]) -> None:
        if query == self.history.current.full_query():
            self.query_one(ArticleList).add_snippets(found)

    @on(m.QueryChanged)
    def _query_changed(self, message: m.QueryChanged) -> None:
        view = replace(self.history.current, query=message.query)
        if message.submitted:
            self.history.push(view)
            # To the results, unless there are none to go to: a query refused stays in the box,
            # to be fixed (on the list, the next letters typed would run the list's keys).
            if view.query.strip() == "" or self.library.query_problem(view.full_query()) is None:
                self._focus_list()
        else:
            self.history.type(view)
        # Enter searches the query exactly as written; typing, its finished part as typed.
        typing = not message.submitted and message.at_end
        self.run_search(view, delay=0 if message.submitted else None, typing=typing)

    def action_add_filter(self, kind: str, value: str) -> None:
        """Filter the list by a source or a month (for the command line of actions; the reader's byline
        links post FilterAdded themselves and never carry file text in an action string)."""
        self.post_message(m.FilterAdded(Filter(kind, value, f"{kind}: {value}")))

    @on(m.FilterAdded)
    def _filter_added(self, message: m.FilterAdded) -> None:
        self._go(self.history.current.with_filter(message.filter))
        self._focus_list()

    @on(m.FilterRemoved)
    def _filter_removed(self, message: m.FilterRemoved) -> None:
        self._go(self.history.current.without_filter(message.filter))

    def _go(self, view: View) -> None:
        self.history.push(view)
        self.run_search(view, delay=0)

    # Reading ---------------------------------------------------------------------------

    def action_open_article(self, article_id: str) -> None:
        """Open an article by id."""
        self.history.push(replace(self.history.current, article_id=article_id))
        self._load_article(article_id, self.history.current.full_query(), self._shown_typing)

    @on(m.ArticleChosen)
    def _article_chosen(self, message: m.ArticleChosen) -> None:
        self.action_open_article(message.article_id)

    @work(thread=True, exit_on_error=False, exclusive=True, group="article")
    def _load_article(self, article_id: str, query: str, shown: m.Typing | None) -> None:
        """`shown`: the typing that found the list, whose word being typed is marked as a start."""
        library = self.library
        try:
            article = library.article(article_id)
        except ArticleNotFound as error:
            self.call_from_thread(self.notify, str(error), severity="error")
            return
        run, prefix_end = (shown.run, shown.typed.prefix_end) if shown else (query, None)
        self._marked = (run, prefix_end)
        matches = library.match_spans(article_id, run, prefix_end) if run else []
        self.post_message(
            m.ArticleLoaded(
                article,
                library.article_entities(article_id),
                library.entity_spans(article_id),
                matches,
                library.same_story(article_id),
                library.related(article_id),
                _state_or_none(library, article_id),
            )
        )

    def _mark_open_article(self) -> None:
        """The open article marked with the words of the search the list now shows (none once
        it is cleared): marks of an older search would send n to words no longer searched."""
        shown, article = self._shown_typing, self.query_one(Reader).article
        searched = (shown.run, shown.typed.prefix_end) if shown else ("", None)
        if article is not None and searched != self._marked:
            self._marked = searched
            self._find_marks(article.id, *searched)

    @work(thread=True, exit_on_error=False, exclusive=True, group="marks")
    def _find_marks(self, article_id: str, run: str, prefix_end: int | None) -> None:
        matches = self.library.match_spans(article_id, run, prefix_end) if run.strip() else []
        self.call_from_thread(self._show_marks, article_id, matches)

    def _show_marks(self, article_id: str, matches: list[MatchSpan]) -> None:
        reader = self.query_one(Reader)
        if reader.article is not None and reader.article.id == article_id:
            reader.searched = bool(self._marked[0].strip())
            reader.mark(matches)

    @on(m.ArticleLoaded)
    def _article_loaded(self, message: m.ArticleLoaded) -> None:
        if message.article.id != self.history.current.article_id:
            return
        reader = self.query_one(Reader)
        reader.searched = bool(self._marked[0].strip())
        reader.show(message.article, message.spans, message.matches, message.same_story)
        reader.show_state(message.state)
        if not message.state.read:
            self.count_as_read_later(message.article.id)
        self.query_one(EntitySidebar).show_article(message.entities)
        self.query_one(RelatedPanel).show(message.related, message.same_story)
        self.sub_title = printable(message.article.title)

    @on(m.MentionsRequested)
    def _mentions(self, message: m.MentionsRequested) -> None:
        reader = self.query_one(Reader)
        count = reader.emphasise_mentions(message.entity_id)
        if not count:
            self.notify("The open article does not mention this entity", severity="warning")

    # Actions ---------------------------------------------------------------------------

    def action_focus_search(self) -> None:
        # Focus now, not on the next idle (what Widget.focus does): keys typed right after
        # "/" must land in the search bar, not trigger the list's single-key bindings.
        self.screen.set_focus(self.query_one(SearchBar).input)

    def action_focus_entities(self) -> None:
        self.screen.add_class("show-side")
        self.screen.set_focus(self.query_one(EntitySidebar))
        if not self._panel_opened:  # the stories each name is in, and each one's overview (Enter)
            self._panel_opened = True
            self._load_corpus_entities()

    def action_why(self) -> None:
        """Why the search hit under the cursor matched, or why the related article under the
        cursor is related to the open one."""
        view = self.history.current
        related = self.query_one(RelatedPanel)
        if self.focused is related and related.highlighted is not None and view.article_id:
            option = related.get_option_at_index(related.highlighted)
            if option.id:
                self._why_related(view.article_id, option.id)
                return
        row = self.query_one(ArticleList).current_row()
        if row is None:
            self.notify("Move to a search result or a related article first", severity="warning")
        elif not view.full_query():
            self.notify("Search first: a result says why it matched", severity="warning")
        else:
            self._why_hit(view.full_query(), row.id, row.title)

    @work(thread=True, exit_on_error=False, exclusive=True, group="why")
    def _why_hit(self, query: str, article_id: str, title: str) -> None:
        try:
            matches = self.library.explain(query, article_id)
        except (QueryError, ArticleNotFound) as error:
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        lines = [render.word_matches([match]) for match in matches]
        self.call_from_thread(self.push_screen, WhyScreen(f"Why ‘{title}’ matches ‘{query}’", lines))

    @work(thread=True, exit_on_error=False, exclusive=True, group="why")
    def _why_related(self, article_id: str, other_id: str) -> None:
        try:
            lines = self.library.why_related(article_id, other_id)
            title = self.library.article(other_id).title
        except ArticleNotFound as error:
            self.call_from_thread(self.notify, str(error), severity="warning")
            return
        self.call_from_thread(self.push_screen, WhyScreen(f"Why ‘{title}’ is related", lines))

    def action_focus_related(self) -> None:
        self.screen.add_class("show-side")
        self.screen.set_focus(self.query_one(RelatedPanel))

    def action_toggle_sort(self) -> None:
        view = self.history.current
        if not view.query.strip():
            # No hidden mode: with no words to rank (the whole corpus, or filters alone) the list
            # is always newest first, and s changes nothing.
            self.notify("The list is newest first; s sorts a search's results by date or by relevance")
            return
        self._go(replace(view, sort="date" if view.sort == "relevance" else "relevance"))

    def action_next_match(self) -> None:
        self.query_one(Reader).action_next_match()

    def action_previous_match(self) -> None:
        self.query_one(Reader).action_previous_match()

    def action_toggle_colours(self) -> None:
        self.query_one(Reader).action_toggle_colours()

    def _focus_list(self) -> None:
        """Focus the article list; at a narrow width a side panel hides it, so the panel folds away."""
        self.screen.remove_class("show-side")
        self.screen.set_focus(self.query_one(ArticleTable))
        # Rows drawn while the panel hid the list are drawn again for the width it shows at.
        self.call_after_refresh(self.query_one(ArticleList).fit_to_width)

    def action_back_out(self) -> None:
        """Esc backs out one level: from the search box, the reader or a side panel to the list,
        keeping the search and its filters; on the list, it clears them."""
        if self.focused is not self.query_one(ArticleTable):
            self._focus_list()
            return
        self.screen.remove_class("show-side")
        self.call_after_refresh(self.query_one(ArticleList).fit_to_width)
        view = self.history.current
        if view.query or view.filters:
            self._go(View(article_id=view.article_id, sort=view.sort))
            self.query_one(SearchBar).set_query("")

    def action_back(self) -> None:
        self._restore(self.history.back(), "Nothing further back")

    def action_forward(self) -> None:
        self._restore(self.history.forward(), "Nothing further forward")

    def _restore(self, view: View | None, at_the_end: str) -> None:
        if view is None:
            self.notify(at_the_end)
            return
        self.query_one(SearchBar).set_query(view.query)
        self.run_search(view, delay=0)
        if view.article_id:
            self._load_article(view.article_id, view.full_query(), None)  # restored: searched exactly

    def action_help(self) -> None:
        self.push_screen(HelpScreen(self.binding_sections()))

    def notify(self, message: str, **options) -> None:
        """Notifications quote ids, queries and the indexer's errors (file paths): always plain, printable text."""
        super().notify(printable(message), **{**options, "markup": False})

    def binding_sections(self) -> dict[str, list[Binding]]:
        """Every key the app offers, by where it works: the help screen's content."""
        sections = {
            "Everywhere": self.BINDINGS,
            "Search bar": SearchBar.BINDINGS,
            "Article list": ArticleTable.BINDINGS,
            "Reader": Reader.BINDINGS,
            "Entities": EntitySidebar.BINDINGS,
            "Related": RelatedPanel.BINDINGS,
        }
        return {
            name: [b for b in [*bindings, *KEYS_HANDLED_ELSEWHERE[name]] if isinstance(b, Binding)]
            for name, bindings in sections.items()
        }

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        offered = {"quit"}  # and each action once, though two keys may bind it (backspace, alt+left)
        for binding in self.BINDINGS:
            if isinstance(binding, Binding) and binding.description and binding.action not in offered:
                offered.add(binding.action)
                yield SystemCommand(binding.description, f"key: {binding.key_display or binding.key}",
                                    lambda action=binding.action: self.run_action(action))  # fmt: skip

    # Background index update -----------------------------------------------------------

    @work(thread=True, exit_on_error=False, exclusive=True, group="update")
    def update_index(self) -> None:
        assert self.articles_dir is not None
        worker = get_current_worker()
        caught_up, step = time.monotonic(), ""

        def progress(done: int, total: int, phase: str) -> None:
            # An update commits as it goes (a new folder's text first, its names after): what
            # it has written is shown while it goes on, and as soon as a step begins.
            nonlocal caught_up, step
            grew = named = False
            if phase != step or time.monotonic() - caught_up >= CATCH_UP_EVERY:
                caught_up, step = time.monotonic(), phase
                # The folder changes with every lock and temporary file: the list is redone
                # only when articles came in, the entities when names did.
                count, waiting = self.library.count(), self.library.names_pending()
                if self.library.reopen_if_changed():
                    grew = self.library.count() != count
                    named = self.library.names_pending() != waiting
            self.post_message(m.IndexProgress(done, total, phase=phase, grew=grew, named=named))

        ok, summary = run_update(self.articles_dir, self.library.index_dir, progress, lambda: worker.is_cancelled)
        if ok and summary:
            self.library.refresh()  # here, off the UI thread: it reopens the searcher and side files
        self.post_message(m.IndexProgress(0, 0, summary=summary, failed=not ok))

    @on(m.IndexProgress)
    def _index_progress(self, message: m.IndexProgress) -> None:
        status = self.query_one("#status", Static)
        if message.summary is None:
            if self._update_started is None or message.phase != self._update_phase:
                self._update_started, self._update_phase = time.monotonic(), message.phase
            seconds = time.monotonic() - self._update_started
            status.update(render.update_progress(message.done, message.total, seconds, message.phase))
            if message.grew:
                self._show_what_came_in()
            elif message.named:
                self._show_names_found()
            return
        self._update_started = None
        status.update("")
        if message.failed:
            self.notify(message.summary, severity="error")
            return
        if message.summary:
            self._show_what_came_in()
            self.notify(message.summary)

    def _show_what_came_in(self) -> None:
        self.total_articles = self.library.count()
        current = self.query_one(ArticleList).current_row()
        self._redone_at = (self.history.current.full_query(), current.id if current else None)
        # The same search again, as it was asked: a word being typed still stands for the
        # words it begins.
        self.run_search(self.history.current, delay=0, typing=self._list_typed)
        self._show_names_found()

    def _show_names_found(self) -> None:
        """The entity panel as the names found so far make it; the list stays as it is."""
        self._load_corpus_entities()
        if self.history.current.article_id:  # its names may have been found meanwhile
            self._refresh_names_of(self.history.current.article_id)

    @work(thread=True, exit_on_error=False, exclusive=True, group="article-names")
    def _refresh_names_of(self, article_id: str) -> None:
        try:
            refs = self.library.article_entities(article_id)
        except ArticleNotFound:
            return  # gone in the update: the list no longer shows it either
        self.call_from_thread(self._show_names_of, article_id, refs)

    def _show_names_of(self, article_id: str, refs: list) -> None:
        if self.history.current.article_id == article_id:
            self.query_one(EntitySidebar).show_article(refs)


def _own_part(suggestion: str | None, view: View) -> str | None:
    """A spelling suggestion for what the user typed: the library suggests for the whole query
    searched, the filters' clauses (entity:person/…) included, which belong to the chips."""
    filters = " ".join(f.query() for f in view.filters)
    if suggestion and filters and suggestion.endswith(filters):
        suggestion = suggestion[: -len(filters)].strip()
    return suggestion if suggestion and suggestion != view.query.strip() else None


def _filter_named(active: Filter) -> tuple[str, str]:
    """A filter as the list's header names it, (kind, name): an entity's kind is in its id (person/…)."""
    if active.kind == "entity":
        return active.value.split("/", 1)[0], active.label
    return active.kind, active.value


def _state_or_none(library: Library, article_id: str) -> ArticleState:
    """The article's marks; none when the marks' database cannot be opened (said at start)."""
    try:
        return library.work.state(article_id)
    except StateUnavailable:
        return ArticleState()


def _row(found: ArticleSummary | SearchHit, story: str | None, marked: dict[str, tuple[bool, bool]]) -> Row:
    read, starred = marked.get(found.id, (False, False))
    return Row(found.id, found.title, found.source, found.date, story, read, starred)


def create_app(
    index_dir: Path,
    articles_dir: Path | None = None,
    background_update: bool = False,
    debounce: float | None = None,
) -> ExplorerApp:
    """The one way the app is built, by the command line and by the tests alike."""
    return ExplorerApp(Library.open(index_dir), articles_dir, background_update, debounce)
