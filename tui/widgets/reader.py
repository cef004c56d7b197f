"""The reader: one article with its byline, the query's words highlighted (n/N step
through them), entity mentions coloured by type, a same-story banner with jumps, and
reader comments folded away at the end."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Collapsible, Static

from index.records import Article, EntitySpan, StoryMember
from tui.history import Filter
from tui.messages import ArticleChosen, FilterAdded
from tui.printable import printable
from tui.render import joined, when
from tui.widgets.link_line import LinkLine, Part

ENTITY_STYLES = {"person": "magenta", "org": "cyan", "place": "green"}
MATCH_STYLE = "bold black on yellow"
CURRENT_MATCH_STYLE = "bold white on dark_orange3"
MENTION_STYLE = "bold reverse"


@dataclass(frozen=True)
class Match:
    paragraph: int
    start: int  # within the paragraph
    end: int


def _byline(article: Article) -> list[Part]:
    """authors · source · date · url, where source and date filter the list when clicked."""
    parts: list[Part] = []
    if article.authors:
        parts += [(", ".join(article.authors), "", None), (" · ", "", None)]
    parts.append((article.source, "", partial(_filter, "source", article.source)))
    if article.date:
        parts += [(" · ", "", None), (article.date, "", partial(_filter, "date", article.date[:7]))]
    if article.url:
        parts += [(" · ", "", None), (article.url, "", None)]
    return parts


def _filter(kind: str, value: str) -> FilterAdded:
    return FilterAdded(Filter(kind, value, f"{kind}: {value}"))


class Reader(VerticalScroll):
    BINDINGS = [
        Binding("n", "next_match", "Next match", id="reader.next"),
        # show=False: the footer keeps room for "? Help" and "q Quit" at 80 columns (both in help).
        Binding("N", "previous_match", "Previous match", show=False, id="reader.previous"),
        Binding("c", "toggle_colours", "Entity colours", show=False, id="reader.colours"),
        Binding("j", "scroll_down", "Down", show=False),
        Binding("k", "scroll_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.article: Article | None = None
        self.spans: list[EntitySpan] = []
        self.matches: list[Match] = []
        self.current = -1
        self.show_entities = True
        self.mentioned: str | None = None  # entity whose mentions are emphasised
        self._body_matches: list[tuple[int, int]] = []
        self._paragraphs: list[Static] = []
        self._offsets: list[int] = []
        self._title_matches: list[tuple[int, int]] = []

    def compose(self) -> ComposeResult:
        yield Static("Choose an article from the list (↑/↓ or j/k, Enter).", id="reader-title")
        yield Static("", id="reader-dek")
        yield LinkLine(id="reader-byline")
        yield LinkLine(id="reader-banner")
        yield Vertical(id="reader-body")
        yield Collapsible(
            Static("", id="reader-comments-text"), title="Reader comments", collapsed=True, id="reader-comments"
        )

    def on_mount(self) -> None:
        self.query_one("#reader-comments").display = False

    def show(
        self,
        article: Article,
        spans: list[EntitySpan],
        matches: list[tuple[str, int, int]],
        same_story: list[StoryMember],
    ) -> None:
        self.article, self.spans, self.mentioned = article, spans, None
        self._title_matches = [(s, e) for field, s, e in matches if field == "title"]
        self._body_matches = [(s, e) for field, s, e in matches if field == "body"]
        self.query_one("#reader-title", Static).update(self._styled(article.title, "title", self._title_matches))
        self.query_one("#reader-dek", Static).update(Text(printable(article.dek), style="italic"))
        self.query_one("#reader-dek").display = bool(article.dek)
        self.query_one("#reader-byline", LinkLine).show(_byline(article), style="dim")
        self._show_banner(same_story)
        self._show_body()
        self._show_comments(article)
        self.scroll_home(animate=False)

    def _show_banner(self, same_story: list[StoryMember]) -> None:
        banner = self.query_one("#reader-banner", LinkLine)
        banner.display = bool(same_story)
        parts: list[Part] = [("Same story also published by:", "b", None), (" ", "", None)]
        for number, member in enumerate(same_story):
            if number:
                parts.append((", ", "", None))
            parts.append((member.source, "", partial(ArticleChosen, member.id)))
            if member.role == "original":
                parts.append((" (original)", "", None))
        banner.show(parts)

    def _show_body(self) -> None:
        assert self.article is not None
        body = self.query_one("#reader-body", Vertical)
        body.remove_children()
        offsets, position = [], 0
        paragraphs = self.article.paragraphs
        for paragraph in paragraphs:
            start = self.article.body.find(paragraph, position)
            offsets.append(start)
            position = start + len(paragraph)
        self.matches = [
            Match(i, s - offsets[i], e - offsets[i])
            for s, e in self._body_matches
            for i in range(len(paragraphs))
            if offsets[i] <= s < offsets[i] + len(paragraphs[i])
        ]
        self.current = -1
        self._offsets = offsets
        # Kept by reference: the old paragraphs are still being removed while these mount.
        self._paragraphs = [Static(self._paragraph_text(i), classes="paragraph") for i in range(len(paragraphs))]
        body.mount_all(self._paragraphs)

    def _paragraph_text(self, index: int) -> Text:
        assert self.article is not None
        paragraph = self.article.paragraphs[index]
        start = self._offsets[index]
        text = Text(printable(paragraph))  # one character for one: the spans' offsets still hold
        self._colour_entities(text, "body", start, len(paragraph))
        for number, match in enumerate(self.matches):
            if match.paragraph == index:
                text.stylize(CURRENT_MATCH_STYLE if number == self.current else MATCH_STYLE, match.start, match.end)
        return text

    def _colour_entities(self, text: Text, field: str, offset: int, length: int) -> None:
        for span in self.spans:
            if span.field != field or not (offset <= span.start < offset + length):
                continue
            emphasised = span.entity_id == self.mentioned
            if self.show_entities or emphasised:
                style = MENTION_STYLE if emphasised else ENTITY_STYLES.get(span.type, "")
                text.stylize(style, span.start - offset, span.end - offset)

    def _styled(self, content: str, field: str, matches: list[tuple[int, int]]) -> Text:
        text = Text(printable(content), style="bold")
        self._colour_entities(text, field, 0, len(content))
        for start, end in matches:
            text.stylize(MATCH_STYLE, start, end)
        return text

    def _show_comments(self, article: Article) -> None:
        comments = self.query_one("#reader-comments", Collapsible)
        comments.display = bool(article.comments)
        comments.collapsed = True
        comments.title = f"{len(article.comments)} reader comments"
        text = Text()
        for comment in article.comments:
            score = "" if comment.score is None else f" · {comment.score:+d}"
            text.append(printable(f"{joined(comment.author, when(comment.date))}{score}\n"), style="bold")
            text.append(printable(comment.text) + "\n\n")
        self.query_one("#reader-comments-text", Static).update(text)

    def _refresh_paragraphs(self, *indexes: int) -> None:
        for index in indexes:
            if index >= 0:
                self._paragraphs[index].update(self._paragraph_text(index))

    def _go_to_match(self, number: int) -> None:
        if not self.matches:
            self.notify("No matches of the search in this article", severity="warning")
            return
        previous = self.matches[self.current].paragraph if self.current >= 0 else -1
        self.current = number % len(self.matches)
        match = self.matches[self.current]
        self._refresh_paragraphs(*{previous, match.paragraph})
        self.scroll_to_widget(self._paragraphs[match.paragraph], animate=False, top=True)

    def action_next_match(self) -> None:
        self._go_to_match(self.current + 1)

    def action_previous_match(self) -> None:
        self._go_to_match(self.current - 1 if self.current >= 0 else -1)

    def action_toggle_colours(self) -> None:
        self.show_entities = not self.show_entities
        if self.article:
            self._refresh_paragraphs(*range(len(self.article.paragraphs)))

    def emphasise_mentions(self, entity_id: str) -> int:
        """Mark one entity's mentions and scroll to the first; returns how many there are."""
        self.mentioned = entity_id
        if not self.article:
            return 0
        self._refresh_paragraphs(*range(len(self.article.paragraphs)))
        body = [s for s in self.spans if s.entity_id == entity_id and s.field == "body"]
        if body:
            first = next(i for i, start in reversed(list(enumerate(self._offsets))) if start <= body[0].start)
            self.scroll_to_widget(self._paragraphs[first], animate=False, top=True)
        return len([s for s in self.spans if s.entity_id == entity_id])
