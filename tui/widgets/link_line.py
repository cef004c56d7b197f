"""A line of text with clickable parts, whose links carry a number and never file text.

Textual runs `[@click=…]` links by parsing the action string, arguments included. Text from
a file inside that string (a source, an id) could close the argument and start an action of
its own, such as `app.screenshot` writing a file. So a link here is `follow(N)`, the message
it posts is kept in this widget, and the text around it is inserted as plain text."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
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
        self._items: list[list[Part]] = []
        self._separator = ""
        self._style = ""

    def show(self, parts: list[Part], style: str = "") -> None:
        """Show the parts in order, each printable, the ones with a target as links; `style` for the line."""
        self.show_items([parts], "", style)

    def show_items(self, items: list[list[Part]], separator: str, style: str = "") -> None:
        """Show the items in order with `separator` between them, as `show` shows parts; an item
        that does not fit on the line moves whole to the next, so no line starts or ends with a
        separator (a wrap at any space could leave a lone '·' at either end)."""
        self._items, self._separator, self._style = items, separator, style
        self._lay_out()

    def on_resize(self, event: events.Resize) -> None:
        if len(self._items) > 1:  # where the items break depends on the width
            self._lay_out()

    def _lay_out(self) -> None:
        self.targets = []
        width = self.content_region.width  # 0 before the first layout: one line, until the resize
        lines: list[Content] = []
        for item in self._items:
            piece = self._content(item)
            if lines and (not width or lines[-1].cell_length + len(self._separator) + piece.cell_length <= width):
                lines[-1] = lines[-1] + self._separator + piece
            else:
                lines.append(piece)
        self.update(Content("\n").join(lines).stylize(self._style))

    def _content(self, parts: list[Part]) -> Content:
        line = Content("")
        for text, part_style, target in parts:
            piece = Content(printable(text)).stylize(part_style)
            if target is not None:
                piece = piece.stylize(f"@click=follow({len(self.targets)})")
                self.targets.append(target)
            line += piece
        return line

    def action_follow(self, number: int) -> None:
        if 0 <= number < len(self.targets):
            self.post_message(self.targets[number]())
