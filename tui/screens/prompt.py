"""A one-line question over the app: the tags or the note for the open article."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from tui.printable import printable


class PromptScreen(ModalScreen[str | None]):
    """Enter gives the text typed (stripped), Escape gives None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="Esc")]

    def __init__(self, question: str, hint: str, value: str = "", *, replace: bool = True) -> None:
        """`value` is offered selected, so that typing replaces it (a name); with `replace`
        false the cursor waits at its end, so that typing adds to it (a note's text)."""
        super().__init__()
        self.question, self.hint, self.value, self.replace = question, hint, value, replace

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt"):
            yield Static(Text.assemble((printable(self.question), "bold"), ("   (Enter saves, Esc cancels)", "dim")))
            yield Input(self.value, id="prompt-input", select_on_focus=self.replace)
            yield Static(Text(printable(self.hint), style="dim"))
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
