"""The help screen, generated from the bindings themselves so it never drifts."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

QUERY_HELP = (
    'Query language: words (AND by default), OR, NOT, "phrases", venez*, lavorv~; '
    "in one field: title:oil, author:, source:, comments:; "
    "by date: date:2019-04, date:[2019-04-03 to 2019-04-06]; "
    "by entity (any of its names): person:lavrov, org:, place:, entity:; "
    "your marks: is:unread, is:starred, tag:NAME, note:WORD."
)


def bindings_table(sections: dict[str, list[Binding]]) -> Table:
    table = Table(show_header=False, box=None, padding=(0, 2))
    for section, bindings in sections.items():
        table.add_row(f"[b u]{section}[/]", "")
        for binding in bindings:
            if binding.description:
                keys = ", ".join(k.strip() for k in (binding.key_display or binding.key).split(","))
                table.add_row(f"[b]{keys}[/b]", binding.description)
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help", key_display="Esc")]

    def __init__(self, sections: dict[str, list[Binding]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static("[b]explorer: keys[/b]   (Esc closes)\n")
            yield Static(bindings_table(self.sections))
            yield Static(QUERY_HELP, id="help-query")
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it
