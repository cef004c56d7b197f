"""Your saved searches, each with how many unread articles it matches that it did not match
when last opened: Enter opens one, Esc closes."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from index.records import SavedSearch
from tui.printable import printable

COUNTING = "counting…"


class SavedSearchesScreen(ModalScreen[str | None]):
    """Dismissed with the chosen search's name, or None."""

    BINDINGS = [Binding("escape,q", "dismiss_none", "Close")]

    def __init__(self, searches: list[SavedSearch]) -> None:
        super().__init__()
        self.searches = searches

    def compose(self) -> ComposeResult:
        with Vertical(id="saved"):
            yield Static(Text.assemble(("Saved searches", "bold"), ("   (Enter opens, Esc closes)", "dim")))
            if not self.searches:
                yield Static(Text("None yet: S saves the search on screen under a name.", style="dim"))
            yield OptionList(*(Option(self._line(s, COUNTING), id=s.name) for s in self.searches), id="saved-list")

    @staticmethod
    def _line(search: SavedSearch, new: str) -> Text:
        query = search.view.get("query") or ""
        filters = " ".join(f"{f.get('kind')}:{f.get('label')}" for f in search.view.get("filters", []))
        return Text.assemble(
            (printable(search.name), "bold"), "  ", (printable(f"{query} {filters}".strip()), "dim"), f"  · {new}"
        )

    def show_count(self, name: str, new: int) -> None:
        """The count of new unread matches, once worked out."""
        search = next((s for s in self.searches if s.name == name), None)
        if search is not None:
            options = self.query_one(OptionList)
            options.replace_option_prompt(name, self._line(search, f"{new:,} new unread"))

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
