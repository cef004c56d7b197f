"""The article list: a virtual table (100k rows cost no widgets), a header with the
count, and same-story copies folded under their story's lead with a count, expandable.

Rows are drawn for the pane's width (titles cut at a word with "…", the copy count kept),
and drawn again when it changes: the table never needs a horizontal scrollbar."""

from __future__ import annotations

from dataclasses import dataclass, replace

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Static

from tui.messages import ArticleChosen, MoreRowsWanted
from tui.printable import printable
from tui.render import ListHeader, list_header, list_row

NEAR_END = 20  # rows from the end of those loaded at which the next page is asked for


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    source: str
    date: str | None
    story: str | None = None  # same-story group id
    read: bool = False
    starred: bool = False


@dataclass(frozen=True)
class Shown:
    """A row as the list draws it: a story's lead carries the count of its loaded copies."""

    row: Row
    copies: int = 0  # for a lead: the other loaded rows of its story
    expanded: bool = False  # for a lead: its copies are drawn under it
    is_copy: bool = False

    @property
    def marker(self) -> str:
        if self.is_copy:
            return "  ↳ "
        if self.copies:
            return "▾ " if self.expanded else "▸ "
        return ""


def arranged(rows: list[Row], expanded: set[str]) -> list[Shown]:
    """The rows in list order, each story's copies moved under its lead (its first row in
    the list), and left out unless the story is expanded. Copies are never drawn where they
    rank: between them and their lead sit other stories, so they would look like theirs."""
    members: dict[str, list[Row]] = {}
    for row in rows:
        if row.story:
            members.setdefault(row.story, []).append(row)
    shown: list[Shown] = []
    for row in rows:
        story = members.get(row.story or "", [row])
        if len(story) < 2:
            shown.append(Shown(row))
        elif story[0] is row:
            open_ = row.story in expanded
            shown.append(Shown(row, copies=len(story) - 1, expanded=open_))
            if open_:
                shown.extend(Shown(copy, is_copy=True) for copy in story[1:])
    return shown


class ArticleTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home,g", "scroll_top", "First article", show=False),
        Binding("end,G", "last_article", "Last article (loads the rest)", show=False),
        # One key, two actions, so the footer says which it will do (check_action offers one).
        Binding("space", "expand_story", "Expand copies", id="list.expand"),
        Binding("space", "fold_story", "Fold copies", id="list.fold"),
    ]

    def _list(self) -> ArticleList | None:
        parent = self.parent
        while parent is not None and not isinstance(parent, ArticleList):
            parent = parent.parent
        return parent

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Space is offered (not dimmed in the footer) only on a row whose story has copies."""
        if action in ("expand_story", "fold_story"):
            articles = self._list()
            row = articles.current_row() if articles is not None else None
            if row is None or not row.story:  # nothing to expand: offered, dimmed
                return None if action == "expand_story" else False
            expanded = articles is not None and row.story in articles.expanded
            return expanded == (action == "fold_story")
        return True

    def action_expand_story(self) -> None:
        self.action_toggle_story()

    def action_fold_story(self) -> None:
        self.action_toggle_story()

    def action_toggle_story(self) -> None:
        if (articles := self._list()) is not None:
            articles.toggle_story_at_cursor()

    def action_last_article(self) -> None:
        if (articles := self._list()) is not None:
            articles.go_to_end()

    def on_resize(self, event: events.Resize) -> None:
        if (articles := self._list()) is not None:
            articles.fit_to_width()


class ArticleList(Vertical):
    class SnippetsWanted(Message):
        """The rows on screen have no snippet yet: the app fetches them (they cost ten times
        the search, so never for rows nobody sees, and never before the list has painted)."""

        def __init__(self, article_ids: list[str]) -> None:
            super().__init__()
            self.article_ids = article_ids

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self.total = 0  # rows the whole list has; `rows` holds the pages loaded so far
        self.expanded: set[str] = set()  # story ids: stable across searches, unlike row indexes
        self._arrangement: list[Shown] = []
        self._shown: list[Row] = []  # the rows of _arrangement, as the table has them
        self._asked_at: int | None = None  # the offset already asked for, until it arrives
        self._to_end = False  # G was pressed: go to the last row once every row has arrived
        self._header = ListHeader(0, 0)
        self._width = 0  # the width the rows were drawn for
        self.snippets: dict[str, str] | None = None  # by article id; None: no query, no snippet line
        self._snippets_asked: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static("", id="list-header")
        yield ArticleTable(id="articles", cursor_type="row", zebra_stripes=True, show_header=False)

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        self.watch(self.table, "scroll_y", self._scrolled, init=False)

    def _scrolled(self, *_: object) -> None:
        self._check_near_end()
        self._want_snippets()

    @property
    def row_height(self) -> int:
        return 2 if self.snippets is None else 3  # title, source · date, and with a query the snippet

    def show(
        self, rows: list[Row], header: ListHeader, total: int, keep: str | None = None, snippets: bool = False
    ) -> None:
        """A new list; `snippets`: rows have a snippet line (there is a query), fetched once painted."""
        self.rows, self.total, self._asked_at, self._to_end = rows, total, None, False
        self.snippets = {} if snippets else None
        self._snippets_asked = set()
        self._header = header
        self._show_header()
        self._render_rows(keep)

    def _show_header(self) -> None:
        width = self.query_one("#list-header", Static).content_region.width
        # Literal Content, not markup: the header quotes the query, which may hold brackets.
        line = list_header(self._header, width or 80)
        self.query_one("#list-header", Static).update(Content(printable(line)))

    def fit_to_width(self) -> None:
        """Draw the rows again for a new width (the terminal or the pane was resized)."""
        self._show_header()
        if self._row_width() != self._width:
            current = self.current_row()
            self._render_rows(keep=current.id if current else None)

    def _row_width(self) -> int:
        table = self.table
        if not table.region.width:
            # Hidden (a side panel has the screen at a narrow width): drawn for the width it had;
            # it is fitted again when it shows (ArticleList.fit_to_width, called by the app).
            return self._width or 1
        # The vertical scrollbar's room is kept (scrollbar-gutter: stable), so a row's width
        # does not change as the list grows past a screenful.
        return max(table.scrollable_content_region.width - 2 * table.cell_padding, 1)

    def add_snippets(self, found: dict[str, str]) -> None:
        """Snippets for rows on screen arrived: draw those rows again, in place."""
        if self.snippets is None:
            return
        self.snippets.update(found)
        table = self.table
        for shown in self._arrangement:
            if shown.row.id in found and shown.row.id in table.rows:
                table.update_cell(shown.row.id, "article", self._cell(shown))

    def _want_snippets(self) -> None:
        if self.snippets is None or not self._shown:
            return
        table = self.table
        first = int(table.scroll_y) // self.row_height
        last = first + table.size.height // self.row_height + 1
        wanted = [r.id for r in self._shown[first : last + 1] if r.id not in self._snippets_asked]
        if wanted:
            self._snippets_asked.update(wanted)
            self.post_message(self.SnippetsWanted(wanted))

    def extend(self, rows: list[Row], offset: int) -> None:
        """Append the next page (ignored unless it starts where the loaded rows end)."""
        if offset != len(self.rows):
            return
        self.rows = self.rows + rows
        self._asked_at = None
        if not rows:  # the index shrank since the count: stop asking (G would ask for ever)
            self.total = len(self.rows)
        current, table = self.current_row(), self.table
        scrolled = table.scroll_y
        self._render_rows(keep=current.id if current else None)
        if self._to_end:
            self.go_to_end()
            return
        # Where the reader had scrolled to, not where the cursor is (a mouse wheel moves no cursor).
        self.call_after_refresh(table.scroll_to, y=scrolled, animate=False)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._check_near_end()
        self.table.refresh_bindings()  # space: offered on a story with copies only

    def _check_near_end(self, *_: object) -> None:
        """Ask for the next page when the cursor or the scroll nears the last loaded row."""
        table = self.table
        if len(self.rows) >= self.total or self._asked_at == len(self.rows) or not self._shown:
            return
        last_visible = (table.scroll_y + table.size.height) // self.row_height
        if max(table.cursor_row or 0, last_visible) >= len(self._shown) - NEAR_END:
            self._asked_at = len(self.rows)
            self.post_message(MoreRowsWanted(len(self.rows)))

    def _render_rows(self, keep: str | None = None) -> None:
        table = self.table
        table.clear(columns=True)  # and the column: it keeps the width of the widest row it ever had
        table.add_column("Article", key="article")
        self._width = self._row_width()
        self._arrangement = arranged(self.rows, self.expanded)
        self._shown = [shown.row for shown in self._arrangement]
        for shown in self._arrangement:
            table.add_row(self._cell(shown), key=shown.row.id, height=self.row_height)
        if keep and any(r.id == keep for r in self._shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self.call_after_refresh(self._want_snippets)  # after the paint: the list never waits for them
        # Rows drawn in the middle of a layout change (the narrow layout set at start-up, a side
        # panel folding away) are drawn for a width the list no longer has: fitted once laid out.
        self.call_after_refresh(self.fit_to_width)

    def _cell(self, shown: Shown) -> Text:
        row = shown.row
        snippet = None if self.snippets is None else self.snippets.get(row.id, "")
        return list_row(
            row.title, row.source, row.date, self._width, shown.marker, shown.copies, snippet, row.read, row.starred
        )

    def go_to_end(self) -> None:
        """The true last row, not the last one loaded: the rows not yet loaded are asked for in one go."""
        if len(self.rows) >= self.total:
            self._to_end = False
            self.table.move_cursor(row=len(self._shown) - 1, animate=False)
            return
        self._to_end = True
        if self._asked_at != len(self.rows):  # else the page on its way comes back here when it arrives
            self._asked_at = len(self.rows)
            self.post_message(MoreRowsWanted(len(self.rows), limit=self.total - len(self.rows)))

    def toggle_story_at_cursor(self) -> None:
        row = self.current_row()
        if row is None or not row.story:
            return
        self.expanded ^= {row.story}
        lead = next(r for r in self._shown if r.story == row.story)  # where a folded copy's place goes
        self._render_rows(keep=row.id if row.story in self.expanded else lead.id)
        self.table.refresh_bindings()  # space now folds, or expands

    def set_stories(self, stories: int) -> None:
        """How many distinct stories the list's results are, once counted."""
        self._header = replace(self._header, stories=stories)
        self._show_header()

    def set_marks(self, article_id: str, read: bool, starred: bool) -> None:
        """An article's read mark or star changed: its row is drawn again, in place, and the
        header's count of read results follows it."""
        was = next((r for r in self.rows if r.id == article_id), None)
        if was is not None and was.read != read:  # no count yet: none of the list was read
            self._header = replace(self._header, read=max(0, (self._header.read or 0) + (1 if read else -1)))
            self._show_header()
        self.rows = [replace(r, read=read, starred=starred) if r.id == article_id else r for r in self.rows]
        for index, shown in enumerate(self._arrangement):
            if shown.row.id == article_id:
                self._arrangement[index] = replace(shown, row=replace(shown.row, read=read, starred=starred))
                self._shown[index] = self._arrangement[index].row
                self.table.update_cell(article_id, "article", self._cell(self._arrangement[index]))

    def next_unread(self) -> bool:
        """Move to the next unread row after the cursor (of the rows loaded); False if none."""
        start = (self.table.cursor_row or 0) + 1
        found = next((n for n in range(start, len(self._shown)) if not self._shown[n].read), None)
        if found is None:
            return False
        self.table.move_cursor(row=found, animate=True)
        return True

    def current_row(self) -> Row | None:
        table = self.table
        if not self._shown or table.cursor_row is None or table.cursor_row >= len(self._shown):
            return None
        return self._shown[table.cursor_row]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value:
            self.post_message(ArticleChosen(event.row_key.value))
