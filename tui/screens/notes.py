"""An article's notes, oldest first and numbered as `explorer note ID` numbers them: Enter
rewrites one, d (twice) deletes it, a adds another, Esc closes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from index.records import Note
from tui.printable import printable
from tui.render import your_time
from tui.screens.prompt import PromptScreen
from tui.second_press import SecondPress
from tui.widgets.choices import Choices


class NotesScreen(ModalScreen[None]):
    """The changes go through `change(number, text)` (None deletes note `number`, from 1) and
    `add(text)`, which write them to your state; the list here follows at once."""

    BINDINGS = [
        Binding("escape,q", "dismiss_none", "Close", key_display="Esc"),
        Binding("a", "add", "Add a note"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(
        self,
        title: str,
        notes: list[Note],
        change: Callable[[int, str | None], None],
        add: Callable[[str], None],
    ) -> None:
        super().__init__()
        self.title_text, self.notes = title, list(notes)
        self._change, self._add = change, add
        self._deleting = SecondPress()  # of d, on a note (from 0)

    def compose(self) -> ComposeResult:
        keys = "   (Enter rewrites, d deletes, a adds, Esc closes)"
        with Vertical(id="notes"):
            title = printable(self.title_text)
            yield Static(Text.assemble(("Notes on ", "bold"), (title, "bold italic"), (keys, "dim")))
            yield Static(Text("None yet: a adds one.", style="dim"), id="notes-none")
            yield Choices(id="notes-list")
        yield Footer(show_command_palette=False)  # this screen's keys, not the list's under it

    def on_mount(self) -> None:
        self._show()

    def _show(self, at: int | None = None) -> None:
        options = self.query_one(OptionList)
        at = options.highlighted if at is None else at
        options.clear_options()
        options.add_options([Option(self._line(n, note)) for n, note in enumerate(self.notes, start=1)])
        if self.notes:
            options.highlighted = min(at or 0, len(self.notes) - 1)
        self.query_one("#notes-none").display = not self.notes

    @staticmethod
    def _line(number: int, note: Note) -> Text:
        return Text.assemble((f"{number}. ", "bold"), (your_time(note.written), "dim"), "  ", printable(note.text))

    def _highlighted(self) -> int | None:
        options = self.query_one(OptionList)
        return options.highlighted if self.notes and options.highlighted is not None else None

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = event.option_index
        hint = "Edit it (the cursor is at its end); Esc leaves it as it was."
        prompt = PromptScreen(f"Note {index + 1}", hint, self.notes[index].text, replace=False)
        self.app.push_screen(prompt, lambda text: self._rewritten(index, text))

    def _rewritten(self, index: int, text: str | None) -> None:
        if text and text != self.notes[index].text:
            self._change(index + 1, text)
            self.notes[index] = Note(text, self.notes[index].written)
            self._show(index)

    @on(OptionList.OptionHighlighted)
    def _moved(self) -> None:
        self._deleting.forget(self)

    def action_delete(self) -> None:
        index = self._highlighted()
        if index is None:
            return
        if not self._deleting.confirmed(self, index, f"Press d again to delete note {index + 1}"):
            return
        self._change(index + 1, None)
        del self.notes[index]
        self._show(index)

    def action_add(self) -> None:
        hint = "A note on this article: it shows under the byline; find it with note:WORD."
        self.app.push_screen(PromptScreen("Note", hint), self._added)

    def _added(self, text: str | None) -> None:
        if text:
            self._add(text)
            self.notes.append(Note(text, datetime.now(UTC).isoformat()))
            self._show(len(self.notes) - 1)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
