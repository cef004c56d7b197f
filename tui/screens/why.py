"""Why a result is there: the words a search hit matched and their share of its score, or
everything a related article shares with the open one."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.printable import printable


class WhyScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,w", "dismiss", "Close", key_display="Esc")]

    def __init__(self, heading: str, lines: list[str]) -> None:
        super().__init__()
        self.heading = heading
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="why"):
            yield Static(Text.assemble((printable(self.heading), "bold"), ("   (Esc closes)", "dim")))
            for line in self.lines or ["nothing to say"]:
                yield Static(Text(printable(f"• {line}")))
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it
