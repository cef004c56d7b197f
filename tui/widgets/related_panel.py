"""The related panel: the article's own story elsewhere (other outlets' copies), then related
stories, each once, with their reasons and their other copies."""

from __future__ import annotations

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.records import RelatedArticle, StoryMember
from tui.messages import ArticleChosen
from tui.printable import printable
from tui.render import joined


def _indented(line: str) -> Padding:
    """A reason under its article, indented on every line it wraps to, not only the first."""
    return Padding(Text(line, style="italic"), (0, 0, 0, 2))


class RelatedPanel(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def on_mount(self) -> None:
        self.border_title = "Related"
        self.add_option(Option(Text("Open an article: its related stories show here.", style="dim"), disabled=True))

    def show(self, items: list[RelatedArticle], same_story: list[StoryMember] | None = None) -> None:
        copies = same_story or []
        self.clear_options()
        # Short enough for the 28 columns the panel has beside the reader.
        self.border_title = f"Related ({len(items)})" + (f" · {len(copies)} copies" if copies else "")
        for member in copies:
            prompt = Text()
            prompt.append("SAME STORY  ", style="bold yellow")
            prompt.append(printable(member.source or member.id), style="bold")
            if member.date:
                prompt.append(printable(f" · {member.date}"), style="dim")
            role = "the original" if member.role == "original" else "a copy"
            said = _indented(f"{role}, {round(member.overlap * 100)}% of text shared")
            self.add_option(Option(Group(prompt, said), id=member.id))
        for item in items:
            prompt = Text()
            prompt.append(printable(item.title), style="bold")
            prompt.append(printable(f"\n{joined(item.source, item.date)}"), style="dim")
            if item.copies:
                outlets = ", ".join(copy.source for copy in item.copies)
                copies = f"  +{len(item.copies)} {'copy' if len(item.copies) == 1 else 'copies'}: {outlets}"
                prompt.append(printable(copies))
            reasons = [_indented(printable(reason)) for reason in item.reasons]
            self.add_option(Option(Group(prompt, *reasons), id=item.id))
        if copies or items:
            self.highlighted = 0
        else:
            self.add_option(Option(Text("No related articles.", style="dim"), disabled=True))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(event.option.id))
