"""The article list: a virtual table (100k rows cost no widgets), a header with the
count, and same-story copies folded under their story with a count, expandable."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import DataTable, Static

from tui.messages import ArticleChosen, MoreRowsWanted
from tui.printable import printable

NEAR_END = 20  # rows from the end of those loaded at which the next page is asked for


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    source: str
    date: str | None
    story: str | None = None  # same-story group id


class ArticleTable(DataTable):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("home,g", "scroll_top", "First article", show=False),
        Binding("end,G", "last_article", "Last article (loads the rest)", show=False),
        Binding("space", "toggle_story", "Expand copies", id="list.expand"),
    ]

    def _list(self) -> ArticleList | None:
        parent = self.parent
        while parent is not None and not isinstance(parent, ArticleList):
            parent = parent.parent
        return parent

    def action_toggle_story(self) -> None:
        if (articles := self._list()) is not None:
            articles.toggle_story_at_cursor()

    def action_last_article(self) -> None:
        if (articles := self._list()) is not None:
            articles.go_to_end()


class ArticleList(Vertical):
    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.rows: list[Row] = []
        self.total = 0  # rows the whole list has; `rows` holds the pages loaded so far
        self.expanded: set[str] = set()
        self._shown: list[Row] = []
        self._asked_at: int | None = None  # the offset already asked for, until it arrives
        self._to_end = False  # G was pressed: go to the last row once every row has arrived

    def compose(self) -> ComposeResult:
        yield Static("", id="list-header")
        table = ArticleTable(id="articles", cursor_type="row", zebra_stripes=True, show_header=False)
        table.add_column("Article", key="article")
        yield table

    @property
    def table(self) -> ArticleTable:
        return self.query_one(ArticleTable)

    def on_mount(self) -> None:
        self.watch(self.table, "scroll_y", self._check_near_end, init=False)

    def show(self, rows: list[Row], header: str, total: int, keep: str | None = None) -> None:
        self.rows, self.total, self._asked_at, self._to_end = rows, total, None, False
        # Literal Content, not markup: the header quotes the query, which may hold brackets.
        self.query_one("#list-header", Static).update(Content(printable(header)))
        self._render_rows(keep)

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

    def _check_near_end(self, *_: object) -> None:
        """Ask for the next page when the cursor or the scroll nears the last loaded row."""
        table = self.table
        if len(self.rows) >= self.total or self._asked_at == len(self.rows) or not self._shown:
            return
        last_visible = table.scroll_y // 2 + table.size.height // 2  # rows are two lines high
        if max(table.cursor_row or 0, last_visible) >= len(self._shown) - NEAR_END:
            self._asked_at = len(self.rows)
            self.post_message(MoreRowsWanted(len(self.rows)))

    def _render_rows(self, keep: str | None = None) -> None:
        table = self.table
        table.clear()
        counts: dict[str, int] = {}
        for row in self.rows:
            if row.story:
                counts[row.story] = counts.get(row.story, 0) + 1
        seen: set[str] = set()
        self._shown = []
        for row in self.rows:
            title = row.title
            if row.story and counts[row.story] > 1:
                if row.story in seen:
                    if row.story not in self.expanded:
                        continue
                    title = f"  ↳ {row.title}"
                else:
                    seen.add(row.story)
                    marker = "▾" if row.story in self.expanded else "▸"
                    title = f"{marker} {row.title} (+{counts[row.story] - 1} same story)"
            self._shown.append(row)
            cell = Text(printable(title), style="bold", no_wrap=True, overflow="ellipsis")
            cell.append(printable("\n" + " · ".join(p for p in [row.source, row.date or ""] if p)), style="dim")
            table.add_row(cell, key=row.id, height=2)
        if keep and any(r.id == keep for r in self._shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)

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
        self._render_rows(keep=row.id)

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
