"""Your saved searches, each with how many of its matches are unread and how many of those it
did not match when last opened: Enter opens one, r renames it, d (twice) deletes it, Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from index.records import SavedSearch
from tui.printable import printable
from tui.screens.prompt import PromptScreen
from tui.second_press import SecondPress
from tui.widgets.choices import Choices

COUNTING = "counting…"


class SavedSearchesScreen(ModalScreen[str | None]):
    """Dismissed with the chosen search's name, or None. Deleting and renaming go through the
    callables given, which write them to your state."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", key_display="Esc"),
        Binding("r", "rename", "Rename"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(
        self,
        searches: list[SavedSearch],
        forget: Callable[[str], None],
        rename: Callable[[str, str], None],
    ) -> None:
        super().__init__()
        self.searches = searches
        self._forget, self._rename = forget, rename
        self._counts: dict[str, str] = {}
        self._deleting = SecondPress()  # of d, on a search's name

    def compose(self) -> ComposeResult:
        keys = "   (Enter opens, r renames, d deletes, Esc closes)"
        with Vertical(id="saved"):
            yield Static(Text.assemble(("Saved searches", "bold"), (keys, "dim")))
            yield Static(Text("None yet: S saves the search on screen under a name.", style="dim"), id="saved-none")
            yield Choices(id="saved-list")
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        options = self.query_one(OptionList)
        at = options.highlighted
        options.clear_options()
        options.add_options([Option(self._line(s), id=s.name) for s in self.searches])
        if self.searches:
            options.highlighted = min(at or 0, len(self.searches) - 1)
        self.query_one("#saved-none").display = not self.searches

    def _line(self, search: SavedSearch) -> Text:
        query = search.view.get("query") or ""
        filters = " ".join(f"{f.get('kind')}:{f.get('label')}" for f in search.view.get("filters", []))
        counts = self._counts.get(search.name, COUNTING)
        return Text.assemble(
            (printable(search.name), "bold"), "  ", (printable(f"{query} {filters}".strip()), "dim"), f"  · {counts}"
        )

    def show_count(self, name: str, unread: int, new: int) -> None:
        """How many matches are unread, and how many of those are new since it was last opened."""
        self._counts[name] = f"{unread:,} unread" + (f", {new:,} new" if new else "")
        search = next((s for s in self.searches if s.name == name), None)
        if search is not None:
            self.query_one(OptionList).replace_option_prompt(name, self._line(search))

    def _highlighted_name(self) -> str | None:
        options = self.query_one(OptionList)
        if options.highlighted is None or not self.searches:
            return None
        return options.get_option_at_index(options.highlighted).id

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self._deleting.forget(self)

    def action_delete(self) -> None:
        name = self._highlighted_name()
        if name is None:
            return
        if not self._deleting.confirmed(self, name, f"Press d again to delete ‘{printable(name)}’"):
            return
        self._forget(name)
        self.searches = [s for s in self.searches if s.name != name]
        self._show()
        self.notify(f"Deleted ‘{printable(name)}’", timeout=2)

    def action_rename(self) -> None:
        name = self._highlighted_name()
        if name is not None:
            prompt = PromptScreen("Rename this search", "A new name, not one already taken.", name)
            self.app.push_screen(prompt, lambda new: self._renamed(name, new))

    def _renamed(self, name: str, new: str | None) -> None:
        if not new or new == name:
            return
        if any(s.name == new for s in self.searches):  # never lose a search to a rename
            self.notify(f"‘{printable(new)}’ is taken: choose another name, or delete that one first (d)", timeout=4)
            return
        self._rename(name, new)
        kept = [replace(s, name=new) if s.name == name else s for s in self.searches]
        self.searches = sorted(kept, key=lambda s: s.name.casefold())
        if name in self._counts:
            self._counts[new] = self._counts.pop(name)
        self._show()
        self.query_one(OptionList).highlighted = next(n for n, s in enumerate(self.searches) if s.name == new)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
