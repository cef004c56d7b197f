"""The search bar: the query, its active filters as chips, and a line for errors and
"did you mean" suggestions."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Button, Input, Static

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
        with Horizontal(id="search-row"):
            yield Input(placeholder='Search: words, "phrases", person:lavrov, date:2019-04 …  (? for help)', id="query")
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

    def show_status(self, *, error: str | None = None, suggestion: str | None = None) -> None:
        self.suggestion = suggestion
        self.refresh_bindings()
        status = self.query_one("#search-status", Static)
        status.set_class(bool(error), "error")
        # The error quotes the query and the suggestion is a word of the index: both go in as
        # template variables, which Content inserts as plain text, never as markup.
        if error:
            status.update(Content.from_markup("⚠ $error", error=printable(error)))
        elif suggestion:
            status.update(
                Content.from_markup(
                    "Did you mean [b]$suggestion[/b]?  Press ctrl+y to search for it.", suggestion=printable(suggestion)
                )
            )
        else:
            status.update("")

    @on(Input.Changed, "#query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(QueryChanged(event.value))

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
