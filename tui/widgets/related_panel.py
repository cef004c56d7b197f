"""The related panel: same-story copies and related articles, each with its reasons."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from index.records import RelatedArticle
from tui.messages import ArticleChosen


class RelatedPanel(OptionList):
    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show(self, items: list[RelatedArticle]) -> None:
        self.clear_options()
        copies = sum(item.relation == "same-story" for item in items)
        self.border_title = f"Related ({len(items) - copies}) · same story ({copies})"
        for item in items:
            prompt = Text()
            tag = "SAME STORY  " if item.relation == "same-story" else ""
            prompt.append(tag, style="bold yellow")
            prompt.append(item.title, style="bold")
            prompt.append(f"\n{item.source} · {item.date or ''}", style="dim")
            for reason in item.reasons:
                prompt.append(f"\n  {reason}", style="italic")
            self.add_option(Option(prompt, id=item.id))
        if items:
            self.highlighted = 0
        else:
            self.add_option(Option(Text("No related articles.", style="dim"), disabled=True))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id:
            self.post_message(ArticleChosen(event.option.id))
