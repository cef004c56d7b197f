"""The search bar: the query, and under it a line with the active filters as chips and
what the query needs to know while it is typed: an error, what an unfinished query
still needs, a "did you mean", or how many articles each of its clauses matches."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

from index.records import ClauseCount
from tui.history import Filter
from tui.messages import FilterRemoved, QueryChanged
from tui.printable import printable


class Chip(Button):
    """An active filter; pressing it removes the filter."""

    def __init__(self, chip_filter: Filter) -> None:
        # Literal Content: a label is a source or an entity name, file text that is not markup.
        super().__init__(Content(printable(f"{chip_filter.label} ✕")), classes="chip", compact=True)
        self.filter = chip_filter


class SearchBar(Vertical):
    BINDINGS = [
        Binding("ctrl+y", "accept_suggestion", "Use suggestion", id="search.suggestion"),
        # The app's Esc, offered here by name: in the box q and ? are text, so the footer says the way out.
        Binding("escape", "app.back_out", "To the list (search kept)", key_display="Esc", id="search.leave"),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.suggestion: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(placeholder='Search: words, "phrases", person:lavrov, date:2019-04 …  (? for help)', id="query")
        # The chips sit on the line under the box, where they read as part of the search (beside
        # the box, one line high, they sat on its border).
        with Horizontal(id="search-line"):
            yield Horizontal(id="chips")
            yield Static("", id="search-status")

    @property
    def input(self) -> Input:
        return self.query_one("#query", Input)

    def set_query(self, text: str) -> None:
        """Show `text` without announcing it as a new query (used when going back)."""
        with self.input.prevent(Input.Changed):
            self.input.value = text

    def set_filters(self, filters: tuple[Filter, ...]) -> None:
        chips = self.query_one("#chips", Horizontal)
        chips.remove_children()
        chips.mount_all(Chip(f) for f in filters)
        chips.display = bool(filters)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """ctrl+y is offered (footer, help) only while there is a suggestion to use."""
        if action == "accept_suggestion":
            return bool(self.suggestion)
        return True

    def show_status(
        self,
        *,
        error: str | None = None,
        suggestion: str | None = None,
        missing: str | None = None,
        clauses: list[ClauseCount] | None = None,
        typed_word: str | None = None,
    ) -> None:
        """One line, the first that applies: an error; what an unfinished query still needs;
        a "did you mean"; the count of each clause; the word being typed read as a start."""
        self.suggestion = suggestion if not (error or missing) else None
        self.refresh_bindings()
        status = self.query_one("#search-status", Static)
        status.set_class(bool(error), "error")
        status.set_class(bool(missing) and not error, "missing")
        # The error quotes the query and the suggestion is a word of the index: both go in as
        # template variables, which Content inserts as plain text, never as markup.
        if error:
            status.update(Content.from_markup("⚠ $error", error=printable(error)))
        elif missing:
            status.update(Content.from_markup("… $missing", missing=printable(missing)))
        elif self.suggestion:
            status.update(
                Content.from_markup(
                    "Did you mean [b]$suggestion[/b]?  Press ctrl+y to search for it.", suggestion=printable(suggestion)
                )
            )
        else:
            status.update(_counts_and_word(clauses or [], typed_word))

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(QueryChanged(event.value, at_end=self.input.cursor_position >= len(event.value)))

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(QueryChanged(event.value, submitted=True))

    @on(Button.Pressed, ".chip")
    def _chip_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        assert isinstance(event.button, Chip)
        self.post_message(FilterRemoved(event.button.filter))

    def action_accept_suggestion(self) -> None:
        if self.suggestion:
            self.input.value = self.suggestion  # posts Input.Changed, which searches


def _counts_and_word(clauses: list[ClauseCount], typed_word: str | None) -> Content:
    """`lavrov 4 · sanc… 2 · both 1`, and what Enter does when the last word is read as a start."""
    parts = [
        Content.from_markup("$clause [b]$count[/b]", clause=printable(c.clause), count=f"{c.count:,}") for c in clauses
    ]
    if typed_word:
        word = printable(typed_word)
        if clauses:
            parts.append(Content("Enter: exact words"))
        else:
            parts.append(Content.from_markup("$word… as you type; Enter searches $word exactly", word=word))
    return Content(" · ").join(parts)
