"""A line of text with clickable parts, whose links carry a number and never file text.

Textual runs `[@click=…]` links by parsing the action string, arguments included. Text from
a file inside that string (a source, an id) could close the argument and start an action of
its own, such as `app.screenshot` writing a file. So a link here is `follow(N)`, the message
it posts is kept in this widget, and the text around it is inserted as plain text."""

from __future__ import annotations

from collections.abc import Callable

from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from tui.printable import printable

Target = Callable[[], Message]  # builds the message a click on a link posts
Part = tuple[str, str, Target | None]  # text, style, and what a click posts (None: plain text)


class LinkLine(Static):
    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.targets: list[Target] = []

    def show(self, parts: list[Part], style: str = "") -> None:
        """Show the parts in order, each printable, the ones with a target as links; `style` for the line."""
        self.targets = []
        line = Content("")
        for text, part_style, target in parts:
            piece = Content(printable(text)).stylize(part_style)
            if target is not None:
                piece = piece.stylize(f"@click=follow({len(self.targets)})")
                self.targets.append(target)
            line += piece
        self.update(line.stylize(style))

    def action_follow(self, number: int) -> None:
        if 0 <= number < len(self.targets):
            self.post_message(self.targets[number]())
